#!/usr/bin/env python3
"""GNPy 3.0.1 wall time of the "full C+L design with SRS", for the speed ratio quoted in the README.

Pinned environment (a venv outside the repo), `pip freeze` of /work/venvs/gnpy:
    contourpy==1.3.3 cycler==0.12.1 et_xmlfile==2.0.0 fonttools==4.68.0 gnpy==3.0.1 kiwisolver==1.5.1
    matplotlib==3.11.2 networkx==3.6.1 numpy==2.4.6 oopt-gnpy-libyang==0.0.14 openpyxl==3.1.5 packaging==26.4
    pandas==2.3.3 pbr==7.1.3 pillow==13.0.0 pyparsing==3.3.3 python-dateutil==4.0.0 pytz==2026.6 scipy==1.17.1
    tabulate==0.10.0 tzdata==2026.6 xlrd==2.0.2 xlsxwriter==3.3.1        (python 3.11.7)
Run from the repository root (one process; it is single-threaded):
    /work/venvs/gnpy/bin/python scripts/gnpy_speed_reference.py            # both methods
    /work/venvs/gnpy/bin/python scripts/gnpy_speed_reference.py approx     # or: separated

The link: 128 channels, 64 GBd on 75 GHz, roll-off 0.15 (the CL grid of scripts/gnpy_srs_reference.py: 64 L-band
channels from 186.1375 THz and 64 C-band channels from 191.3375 THz), 0 dBm/ch, 20 spans x 80 km SSMF (0.2 dB/km,
16.7 ps/nm/km, slope 0.058 ps/nm^2/km, 80 um^2), each followed by a fixed-gain EDFA (NF 5 dB, gain = span loss
16 dB, no tilt control, so the SRS tilt accumulates over the 20 spans), i.e. the design of benches/fiber.rs
srs_design (fiber_srs_ggn_cl_128ch_20spans). The equipment library and the topology are the SRS script's
(imported from it, written to a temporary directory). Raman flag on: perturbative, order 2, 10 km result and
solver resolution (as the SRS script).
NLI, timed separately:
    approx     ggn_approx over all 128 channels: best of 3 runs if one run is under a minute, else one run
    separated  ggn_spectrally_separated with 3 computed channels (1, 64, 128): one run; if the first span
               (fiber + EDFA) takes more than 2 minutes only that span is timed, and the JSON line says so
The time covers creating the spectral information and propagating it through all elements (transceivers
excluded); wall and process CPU seconds are both printed (the shared machine is usually loaded). Prints one JSON
line per method; nothing is written to the repository (timings are for the README).
"""
import json
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np
from gnpy.core.elements import Edfa, Fiber
from gnpy.core.info import create_arbitrary_spectral_information
from gnpy.core.parameters import SimParams
from gnpy.core.utils import db2lin, lin2db
from gnpy.tools.json_io import load_equipment, load_network

sys.dont_write_bytecode = True  # no scripts/__pycache__ in the checkout
sys.path.insert(0, str(Path(__file__).resolve().parent))
import gnpy_srs_reference as srs_ref  # noqa: E402  (EQPT, topology(), path_of(), CL grid)

SPANS = 20
SPAN_KM = 80.0
LAUNCH_DBM = 0.0
SEPARATED_COMPUTED = [1, 64, 128]
ONE_SPAN_LIMIT_S = 120.0


def sim_params(method):
    nli = {"method": method, "dispersion_tolerance": 4, "phase_shift_tolerance": 0.1}
    if method == "ggn_spectrally_separated":
        nli["computed_channels"] = SEPARATED_COMPUTED
    return {"raman_params": {"flag": True, "method": "perturbative", "order": 2,
                             "result_spatial_resolution": 10e3, "solver_spatial_resolution": 10e3},
            "nli_params": nli}


def build_path(tmp):
    eqpt_file = Path(tmp) / "eqpt.json"
    eqpt_file.write_text(json.dumps(srs_ref.EQPT))
    topo_file = Path(tmp) / "topology.json"
    topo_file.write_text(json.dumps(srs_ref.topology("CL-20x80km", SPANS, SPAN_KM, "SSMF-slope", 0.2)))
    network = load_network(topo_file, load_equipment(eqpt_file))
    return srs_ref.path_of(network)[1:-1]


def propagate(path, span_limit_s=None):
    """Returns (wall seconds, CPU seconds, spans propagated, per-span wall seconds, spectral information)."""
    t0, c0 = time.perf_counter(), time.process_time()
    si = create_arbitrary_spectral_information(srs_ref.CL, pch=db2lin(LAUNCH_DBM) * 1e-3, baud_rate=srs_ref.BAUD_HZ,
                                               tx_osnr=srs_ref.TX_OSNR_DB, roll_off=srs_ref.ROLL_OFF,
                                               slot_width=srs_ref.SPACING_HZ)
    spans, per_span, t_span = 0, [], t0
    for el in path:
        assert isinstance(el, (Fiber, Edfa))
        if isinstance(el, Fiber):
            el.ref_pch_in_dbm = LAUNCH_DBM
        si = el(si)
        if isinstance(el, Edfa):
            spans += 1
            now = time.perf_counter()
            per_span.append(now - t_span)
            t_span = now
            if span_limit_s is not None and spans == 1 and per_span[0] > span_limit_s:
                break
    return time.perf_counter() - t0, time.process_time() - c0, spans, per_span, si


def summary(si, computed):
    signal, ase, nli = si.signal, si.ase, si.nli
    gsnr = lin2db(signal / (ase + nli))  # no tx noise
    idx = np.array(computed) - 1
    ok = np.isfinite(gsnr)
    out_dbm = lin2db(signal * 1e3)
    return {"gsnr_db_computed": {int(i + 1): round(float(gsnr[i]), 3) for i in idx},
            "gsnr_db_min_max_finite": [round(float(gsnr[ok].min()), 3), round(float(gsnr[ok].max()), 3)],
            "channels_without_finite_gsnr": int((~ok).sum()),
            "signal_out_dbm_min_max": [round(float(np.nanmin(out_dbm)), 3), round(float(np.nanmax(out_dbm)), 3)]}


def main():
    which = sys.argv[1:] or ["approx", "separated"]
    with tempfile.TemporaryDirectory() as tmp:
        path = build_path(tmp)
        for name in which:
            method = {"approx": "ggn_approx", "separated": "ggn_spectrally_separated"}[name]
            SimParams.set_params(sim_params(method))
            line = {"gnpy": version("gnpy"), "nli_method": method, "channels": len(srs_ref.CL), "spans": SPANS,
                    "span_km": SPAN_KM, "raman": "perturbative order 2, 10 km"}
            if name == "approx":
                runs, cpu = [], []
                while True:
                    seconds, cpu_seconds, spans, per_span, si = propagate(path)
                    runs.append(round(seconds, 3))
                    cpu.append(round(cpu_seconds, 3))
                    if seconds >= 60 or len(runs) == 3:
                        break
                line.update(computed_channels="all 128", runs_seconds=runs, best_seconds=min(runs),
                            runs_cpu_seconds=cpu,
                            per_span_seconds_first_run=[round(s, 3) for s in per_span],
                            **summary(si, [1, 64, 65, 128]))
            else:
                seconds, cpu_seconds, spans, per_span, si = propagate(path, ONE_SPAN_LIMIT_S)
                line.update(computed_channels=SEPARATED_COMPUTED, seconds=round(seconds, 3),
                            cpu_seconds=round(cpu_seconds, 3), spans_timed=spans,
                            per_span_seconds=[round(s, 3) for s in per_span])
                if spans < SPANS:
                    line.update(note=f"first span took {per_span[0]:.1f} s > {ONE_SPAN_LIMIT_S:.0f} s: only 1 span "
                                     f"timed; 20 spans would take about {SPANS * per_span[0]:.0f} s")
                else:
                    line.update(**summary(si, SEPARATED_COMPUTED))
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
