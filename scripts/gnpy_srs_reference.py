#!/usr/bin/env python3
"""GNPy reference for satfiber's SRS / generalised-GN fiber model: C+L and high-power C-band links with
inter-channel stimulated Raman scattering (raman_params.flag = true) and NLI by ggn_spectrally_separated.

Pinned environment (a venv outside the repo):
    python3 -m venv /work/venvs/h3
    /work/venvs/h3/bin/pip install gnpy==3.0.1      # pulls numpy, scipy, networkx ...
Run from the repository root, one process per case (they are slow; run them in parallel):
    for c in CL-2x80km-SSMF-slope CL-2x60km-SSMF-lossf C-2x100km-SSMF-slope-hp; do
        /work/venvs/h3/bin/python scripts/gnpy_srs_reference.py $c & done; wait

Writes (committed):
    configs/equipment/raman_gain_silica.csv    GNPy's default Raman gain profile of silica (SSMF), exported
    scripts/gnpy/srs_eqpt_config.json          the equipment library fed to GNPy
    scripts/gnpy/srs_sim_params_<case>.json    simulation parameters (SRS on, ggn_spectrally_separated)
    scripts/gnpy/srs_topology_<case>.json      one linear topology per case
    tests/data/gnpy_srs_gsnr_<case>.csv        per channel: power at the receiver, ASE OSNR, NLI SNR, GSNR
    tests/data/gnpy_srs_timing_<case>.csv      GNPy wall time per case (on a loaded 2-core machine)

GNPy's ggn_spectrally_separated is a numerical double integral per channel pair (minutes per span for 128
channels), so NLI is computed for the channels in COMPUTED (GNPy interpolates the others); only those rows are
written. Amplifiers: fixed NF 5 dB, gain = span loss at 1550 nm (flat gain: the SRS tilt accumulates), no ripple.
"""
import csv
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np
from gnpy.core.elements import Edfa, Fiber
from gnpy.core.info import create_arbitrary_spectral_information
from gnpy.core.parameters import SimParams, DEFAULT_RAMAN_COEFFICIENT
from gnpy.core.utils import db2lin, lin2db
from gnpy.tools.json_io import load_equipment, load_json, load_network

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "scripts" / "gnpy"
BAUD_HZ = 64e9
SPACING_HZ = 75e9
ROLL_OFF = 0.15
TX_OSNR_DB = 40.0
NF_DB = 5.0
C_BAND = (191.3e12, 196.1e12)
L_BAND = (186.1e12, 190.9e12)
# Frequency-dependent loss of the "SSMF-lossf" case (THz, dB/km): higher in the L band edge and the C band edge.
LOSS_TABLE = [(186.0, 0.205), (189.0, 0.195), (193.0, 0.19), (196.2, 0.196)]


def grid(band):
    n = int(round((band[1] - band[0]) / SPACING_HZ))
    return band[0] + SPACING_HZ * (np.arange(n) + 0.5)


# name, bands, spans, span km, fiber, loss (scalar dB/km or "table"), launch dBm/ch, computed channels (1-based)
CL = np.concatenate([grid(L_BAND), grid(C_BAND)])
C = grid(C_BAND)
CL_COMPUTED = [1, 32, 64, 65, 96, 128]
C_COMPUTED = [1, 32, 64]
CASES = [
    ("CL-2x80km-SSMF-slope", CL, 2, 80.0, "SSMF-slope", 0.2, [1.0], CL_COMPUTED),
    ("CL-2x60km-SSMF-lossf", CL, 2, 60.0, "SSMF-slope", "table", [2.0], CL_COMPUTED),
    ("C-2x100km-SSMF-slope-hp", C, 2, 100.0, "SSMF-slope", 0.2, [6.0], C_COMPUTED),
]

EQPT = {
    "Edfa": [{
        "type_variety": "fixed_nf5_cl", "type_def": "fixed_gain", "gain_flatmax": 30, "gain_min": 0, "p_max": 40,
        "nf0": NF_DB, "allowed_for_design": False, "f_min": 186.0e12, "f_max": 196.2e12,
    }],
    "Fiber": [{"type_variety": "SSMF-slope", "dispersion": 1.67e-05, "effective_area": 80e-12,
               "pmd_coef": 1.265e-15}],
    "RamanFiber": [],
    "Span": [{
        "power_mode": True, "delta_power_range_db": [0, 0, 0.5], "max_fiber_lineic_loss_for_raman": 0.25,
        "target_extended_gain": 2.5, "max_length": 150, "length_units": "km", "max_loss": 28, "padding": 10,
        "EOL": 0, "con_in": 0, "con_out": 0,
    }],
    "Roadm": [{
        "target_pch_out_db": -20, "add_drop_osnr": 100, "pmd": 0, "pdl": 0,
        "restrictions": {"preamp_variety_list": [], "booster_variety_list": []},
    }],
    "SI": [{
        "f_min": 186.1375e12, "f_max": 196.0625e12, "baud_rate": BAUD_HZ, "spacing": SPACING_HZ, "power_dbm": 0,
        "power_range_db": [0, 0, 1], "tx_power_dbm": 0, "roll_off": ROLL_OFF, "tx_osnr": TX_OSNR_DB,
        "sys_margins": 0,
    }],
    "Transceiver": [{
        "type_variety": "ref64", "frequency": {"min": 186.0e12, "max": 196.2e12},
        "mode": [{"format": "64GBd", "baud_rate": BAUD_HZ, "OSNR": 10, "bit_rate": 200e9, "roll_off": ROLL_OFF,
                  "tx_osnr": TX_OSNR_DB, "min_spacing": SPACING_HZ, "cost": 1}],
    }],
}


def sim_params(computed):
    return {"raman_params": {"flag": True, "method": "perturbative", "order": 2,
                             "result_spatial_resolution": 10e3, "solver_spatial_resolution": 10e3},
            "nli_params": {"method": "ggn_spectrally_separated", "dispersion_tolerance": 4,
                           "phase_shift_tolerance": 0.1, "computed_channels": computed}}


def fiber_loss(loss):
    if loss == "table":
        return {"value": [v for _, v in LOSS_TABLE], "frequency": [f * 1e12 for f, _ in LOSS_TABLE]}
    return loss


def loss_at_1550(loss):
    if loss == "table":
        f = 299792458.0 / 1550e-9 * 1e-12
        return float(np.interp(f, [f for f, _ in LOSS_TABLE], [v for _, v in LOSS_TABLE]))
    return loss


def topology(name, spans, span_km, fiber_variety, loss):
    elements = [{"uid": "trx_a", "type": "Transceiver"}]
    connections = []
    prev = "trx_a"
    for i in range(1, spans + 1):
        fiber, amp = f"fiber_{i}", f"amp_{i}"
        elements.append({"uid": fiber, "type": "Fiber", "type_variety": fiber_variety,
                         "params": {"length": span_km, "length_units": "km", "loss_coef": fiber_loss(loss),
                                    "con_in": 0, "con_out": 0, "dispersion_slope": 58.0}})
        elements.append({"uid": amp, "type": "Edfa", "type_variety": "fixed_nf5_cl",
                         "operational": {"gain_target": round(span_km * loss_at_1550(loss), 9), "tilt_target": 0,
                                         "out_voa": 0, "in_voa": 0, "delta_p": None}})
        connections += [{"from_node": prev, "to_node": fiber}, {"from_node": fiber, "to_node": amp}]
        prev = amp
    elements.append({"uid": "trx_b", "type": "Transceiver"})
    connections.append({"from_node": prev, "to_node": "trx_b"})
    return {"network_name": name, "elements": elements, "connections": connections}


def path_of(network):
    by_uid = {n.uid: n for n in network.nodes()}
    node = by_uid["trx_a"]
    path = [node]
    while node.uid != "trx_b":
        (node,) = list(network.successors(node))
        path.append(node)
    return path


def export_raman_table():
    off = DEFAULT_RAMAN_COEFFICIENT["frequency_offset"]
    gr = DEFAULT_RAMAN_COEFFICIENT["gamma_raman"]
    with open(ROOT / "configs" / "equipment" / "raman_gain_silica.csv", "w", newline="") as f:
        f.write(f"# Raman gain of silica (SSMF) as g0 x effective-area overlap (m/W) against pump-Stokes offset, at the\n"
                f"# pump reference frequency {DEFAULT_RAMAN_COEFFICIENT['reference_frequency']!r} Hz (1454 nm). Exported from\n"
                f"# GNPy {version('gnpy')} gnpy.core.parameters.DEFAULT_RAMAN_COEFFICIENT (BSD-3-Clause; D'Amico et al., JLT 40,\n"
                "# 3499 (2022), sec. III.D) by scripts/gnpy_srs_reference.py. Gain scales with pump frequency / reference.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["offset_thz", "gamma_raman_m_per_w"])
        for o, g in zip(off, gr):
            w.writerow([f"{o * 1e-12:.4f}", repr(float(g))])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    export_raman_table()
    eqpt_file = OUT / "srs_eqpt_config.json"
    eqpt_file.write_text(json.dumps(EQPT, indent=2) + "\n")
    equipment = load_equipment(eqpt_file)
    only = sys.argv[1:]
    rows, timing = [], []
    for name, freqs, spans, span_km, fiber_variety, loss, launches, computed in CASES:
        if only and name not in only:
            continue
        sim_file = OUT / f"srs_sim_params_{name}.json"
        sim_file.write_text(json.dumps(sim_params(computed), indent=2) + "\n")
        SimParams.set_params(load_json(sim_file))
        topo_file = OUT / f"srs_topology_{name}.json"
        topo_file.write_text(json.dumps(topology(name, spans, span_km, fiber_variety, loss), indent=2) + "\n")
        network = load_network(topo_file, equipment)
        path = path_of(network)
        for launch in launches:
            t0 = time.perf_counter()
            si = create_arbitrary_spectral_information(freqs, pch=db2lin(launch) * 1e-3, baud_rate=BAUD_HZ,
                                                       tx_osnr=TX_OSNR_DB, roll_off=ROLL_OFF, slot_width=SPACING_HZ)
            for el in path[1:-1]:
                assert isinstance(el, (Fiber, Edfa))
                if isinstance(el, Fiber):
                    el.ref_pch_in_dbm = launch
                si = el(si)
            elapsed = time.perf_counter() - t0
            timing.append((name, launch, elapsed))
            tx = db2lin(TX_OSNR_DB) * 12.5e9 / BAUD_HZ
            signal, ase, nli = si.signal, si.ase, si.nli
            gsnr = lin2db(1 / (ase / signal + nli / signal + 1 / tx))
            for ch in computed:
                i = ch - 1
                rows.append([name, spans, span_km, loss if loss != "table" else "table", launch, ch,
                             f"{freqs[i] * 1e-12:.4f}", f"{lin2db(signal[i] * 1e3):.6f}",
                             f"{lin2db(signal[i] / ase[i]):.6f}", f"{lin2db(signal[i] / nli[i]):.6f}",
                             f"{gsnr[i]:.6f}"])
            print(f"{name} {launch:+.0f} dBm: GSNR {gsnr[computed[0]-1]:.3f}..{gsnr[computed[-1]-1]:.3f} dB "
                  f"({elapsed:.1f} s)", flush=True)

    header = [
        f"# GNPy {version('gnpy')} (pip gnpy==3.0.1), python {sys.version.split()[0]}; generated by "
        "scripts/gnpy_srs_reference.py from scripts/gnpy/srs_*.json (SRS on, ggn_spectrally_separated).",
        "# 64 GBd on 75 GHz, roll-off 0.15; power at the receiver (dBm); SNRs in the signal bandwidth (dB); gsnr_db "
        "includes tx OSNR 40 dB/0.1nm.",
    ]
    suffix = "" if not only else "_" + "_".join(only)
    with open(ROOT / "tests" / "data" / f"gnpy_srs_gsnr{suffix}.csv", "w", newline="") as f:
        f.write("\n".join(header) + "\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "spans", "span_km", "loss_db_per_km", "launch_dbm", "channel", "frequency_thz",
                    "power_dbm", "osnr_ase_db", "snr_nli_db", "gsnr_db"])
        w.writerows(rows)
    with open(ROOT / "tests" / "data" / f"gnpy_srs_timing{suffix}.csv", "w", newline="") as f:
        f.write(header[0] + "\n# wall time of one GNPy propagation (all elements), seconds\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "launch_dbm", "seconds"])
        w.writerows([[n, l, f"{s:.3f}"] for n, l, s in timing])


if __name__ == "__main__":
    main()
