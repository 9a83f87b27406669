#!/usr/bin/env python3
"""GNPy reference for satfiber's per-band amplifiers (src/fiber/bands.rs): a C+L link of two spans with
inter-channel SRS, each span followed by GNPy's `Multiband_amplifier` (gnpy.core.elements) holding one C-band
and one L-band `Edfa`, in power mode with a gain tilt on the L amplifier.

Pinned environment (a venv outside the repo):
    python3 -m venv /work/venvs/gnpy
    /work/venvs/gnpy/bin/pip install gnpy==3.0.1      # pulls numpy, scipy, networkx ...
Run from the repository root (about 30 s on 2 cores: 6 computed channels; rerunning reproduces the CSV byte for byte):
    /work/venvs/gnpy/bin/python scripts/gnpy_bands_reference.py

Writes (committed):
    scripts/gnpy/bands_eqpt_config.json        the equipment library fed to GNPy
    scripts/gnpy/bands_sim_params.json         simulation parameters (SRS on, ggn_spectrally_separated)
    scripts/gnpy/bands_topology_<case>.json    the linear topology
    tests/data/gnpy_bands_<case>.csv           per computed channel: power at the receiver, ASE OSNR, NLI SNR, GSNR

How the amplifiers are set (what tests/fiber_bands_gnpy.rs mirrors):
* Power mode, "the band's mean output power per channel equals the launch power": each band Edfa gets a
  gain_target above what the span needs and p_max = launch + 10*log10(channels in its band); GNPy then clamps
  the effective gain to p_max - (total input power of the band, signal + ASE + NLI) (Edfa.interpol_params), i.e.
  total band output / total band input = that gain, the band's output held at N x launch.
* Tilt: GNPy's Edfa._gain_profile shapes the gain with the amplifier's dynamic gain tilt (dgt) scaled so its
  linear fit has the slope -tilt_target / (f_max - f_min) over frequency (positive tilt_target = more gain at the
  long-wavelength end), then moves the whole profile along the dgt so that the total output / total input power
  equals the effective gain. satfiber's model is a linear tilt, so the Edfas here carry a linear dgt
  [DGT_OFFSET, DGT_OFFSET + 1] over [f_min, f_max]: the scaled dgt is then exactly linear, and the large offset
  makes the mean-gain correction a flat shift (it changes the tilt by well under 0.01 dB across the band).
* Fixed noise figure per band (type_def fixed_gain, nf0), no ripple.
"""
import csv
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np
from gnpy.core.elements import Fiber, Multiband_amplifier
from gnpy.core.info import create_arbitrary_spectral_information
from gnpy.core.parameters import SimParams
from gnpy.core.utils import db2lin, lin2db
from gnpy.tools.json_io import load_equipment, load_json, load_network

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gnpy_srs_reference as srs_ref  # noqa: E402  (EQPT entries shared with this reference)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "scripts" / "gnpy"
BAUD_HZ = 64e9
SPACING_HZ = 75e9
ROLL_OFF = 0.15
TX_OSNR_DB = 40.0
C_BAND = (191.3e12, 196.1e12)
L_BAND = (186.1e12, 190.9e12)
# Amplifier bands (Hz): the channel bands widened by 50 GHz each side (GNPy keeps a channel in an amplifier's band
# when its whole slot is inside; the margin keeps the edge slots clear of rounding).
C_AMP = (191.25e12, 196.15e12)
L_AMP = (186.05e12, 190.95e12)
NF_C_DB = 4.5
NF_L_DB = 5.0
TILT_C_DB = 0.0
TILT_L_DB = -1.5
DGT_OFFSET = 100.0
LAUNCH_DBM = 1.0
SPANS = 2
SPAN_KM = 70.0
LOSS_DB_PER_KM = 0.2
CASE = "CL-2x70km-power-tiltL"


def grid(band):
    n = int(round((band[1] - band[0]) / SPACING_HZ))
    return band[0] + SPACING_HZ * (np.arange(n) + 0.5)


FREQS = np.concatenate([grid(L_BAND), grid(C_BAND)])
N_L = len(grid(L_BAND))
N_C = len(grid(C_BAND))
COMPUTED = [1, 32, 64, 65, 96, 128]


def edfa(variety, band, nf, n_channels):
    return {"type_variety": variety, "type_def": "fixed_gain", "gain_flatmax": 30, "gain_min": 0,
            "p_max": LAUNCH_DBM + 10 * np.log10(n_channels), "nf0": nf, "allowed_for_design": False,
            "f_min": band[0], "f_max": band[1]}


EQPT = {
    "Edfa": [
        edfa("c_nf45", C_AMP, NF_C_DB, N_C),
        edfa("l_nf5", L_AMP, NF_L_DB, N_L),
        {"type_variety": "cl_amp", "type_def": "multi_band", "amplifiers": ["l_nf5", "c_nf45"],
         "allowed_for_design": False},
    ],
    # Fiber, span, ROADM, spectrum and transceiver entries are the SRS reference's (same link family).
    **{k: v for k, v in srs_ref.EQPT.items() if k != "Edfa"},
}


def sim_params(method):
    return {"raman_params": {"flag": True, "method": "perturbative", "order": 2,
                             "result_spatial_resolution": 10e3, "solver_spatial_resolution": 10e3},
            "nli_params": {"method": method, "dispersion_tolerance": 4,
                           "phase_shift_tolerance": 0.1, "computed_channels": COMPUTED}}


def topology():
    elements = [{"uid": "trx_a", "type": "Transceiver"}]
    connections = []
    prev = "trx_a"
    for i in range(1, SPANS + 1):
        fiber, amp = f"fiber_{i}", f"amp_{i}"
        elements.append({"uid": fiber, "type": "Fiber", "type_variety": "SSMF-slope",
                         "params": {"length": SPAN_KM, "length_units": "km", "loss_coef": LOSS_DB_PER_KM,
                                    "con_in": 0, "con_out": 0, "dispersion_slope": 58.0}})
        elements.append({"uid": amp, "type": "Multiband_amplifier", "type_variety": "cl_amp", "amplifiers": [
            {"type_variety": "l_nf5", "operational": {"gain_target": 30, "tilt_target": TILT_L_DB, "out_voa": 0,
                                                      "in_voa": 0, "delta_p": None}},
            {"type_variety": "c_nf45", "operational": {"gain_target": 30, "tilt_target": TILT_C_DB, "out_voa": 0,
                                                       "in_voa": 0, "delta_p": None}},
        ]})
        connections += [{"from_node": prev, "to_node": fiber}, {"from_node": fiber, "to_node": amp}]
        prev = amp
    elements.append({"uid": "trx_b", "type": "Transceiver"})
    connections.append({"from_node": prev, "to_node": "trx_b"})
    return {"network_name": CASE, "elements": elements, "connections": connections}


def path_of(network):
    by_uid = {n.uid: n for n in network.nodes()}
    node = by_uid["trx_a"]
    path = [node]
    while node.uid != "trx_b":
        (node,) = list(network.successors(node))
        path.append(node)
    return path


def main():
    method = sys.argv[1] if len(sys.argv) > 1 else "ggn_spectrally_separated"
    OUT.mkdir(parents=True, exist_ok=True)
    eqpt_file = OUT / "bands_eqpt_config.json"
    eqpt_file.write_text(json.dumps(EQPT, indent=2) + "\n")
    equipment = load_equipment(eqpt_file)
    sim_file = OUT / "bands_sim_params.json"
    sim_file.write_text(json.dumps(sim_params(method), indent=2) + "\n")
    SimParams.set_params(load_json(sim_file))
    topo_file = OUT / f"bands_topology_{CASE}.json"
    topo_file.write_text(json.dumps(topology(), indent=2) + "\n")
    network = load_network(topo_file, equipment)
    path = path_of(network)
    t0 = time.perf_counter()
    si = create_arbitrary_spectral_information(FREQS, pch=db2lin(LAUNCH_DBM) * 1e-3, baud_rate=BAUD_HZ,
                                               tx_osnr=TX_OSNR_DB, roll_off=ROLL_OFF, slot_width=SPACING_HZ)
    for el in path[1:-1]:
        assert isinstance(el, (Fiber, Multiband_amplifier)), el
        if isinstance(el, Fiber):
            el.ref_pch_in_dbm = LAUNCH_DBM
        else:
            for amp in el.amplifiers.values():
                # A linear dynamic gain tilt (see the module docstring); GNPy's loader fills in its default
                # C-band dgt table, replaced here.
                amp.params.dgt = [DGT_OFFSET, DGT_OFFSET + 1.0]
        si = el(si)
        if isinstance(el, Multiband_amplifier):
            for name, amp in el.amplifiers.items():
                print(f"{el.uid} {name}: effective gain {amp.effective_gain:.4f} dB, gain "
                      f"{amp.gprofile.min():.4f}..{amp.gprofile.max():.4f} dB", flush=True)
    elapsed = time.perf_counter() - t0
    print(f"GNPy propagation {elapsed:.1f} s", flush=True)
    tx = db2lin(TX_OSNR_DB) * 12.5e9 / BAUD_HZ
    signal, ase, nli = si.signal, si.ase, si.nli
    gsnr = lin2db(1 / (ase / signal + nli / signal + 1 / tx))
    rows = []
    for ch in COMPUTED:
        i = ch - 1
        rows.append([CASE, SPANS, SPAN_KM, LOSS_DB_PER_KM, LAUNCH_DBM, ch, f"{FREQS[i] * 1e-12:.4f}",
                     f"{lin2db(signal[i] * 1e3):.6f}", f"{lin2db(signal[i] / ase[i]):.6f}",
                     f"{lin2db(signal[i] / nli[i]):.6f}", f"{gsnr[i]:.6f}"])
        print(",".join(str(x) for x in rows[-1]), flush=True)
    header = [
        f"# GNPy {version('gnpy')} (pip gnpy==3.0.1), python {sys.version.split()[0]}; generated by "
        f"scripts/gnpy_bands_reference.py from scripts/gnpy/bands_*.json (SRS on, {method}; Multiband_amplifier "
        f"with C and L Edfa, power mode by p_max, L tilt_target {TILT_L_DB} dB).",
        f"# 64 GBd on 75 GHz, roll-off 0.15, launch {LAUNCH_DBM} dBm/ch; NF C {NF_C_DB} dB, L {NF_L_DB} dB; power at "
        "the receiver (dBm); SNRs in the signal bandwidth (dB); gsnr_db includes tx OSNR 40 dB/0.1nm.",
    ]
    suffix = "" if method == "ggn_spectrally_separated" else f"_{method}"
    with open(ROOT / "tests" / "data" / f"gnpy_bands_{CASE}{suffix}.csv", "w", newline="") as f:
        f.write("\n".join(header) + "\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "spans", "span_km", "loss_db_per_km", "launch_dbm", "channel", "frequency_thz",
                    "power_dbm", "osnr_ase_db", "snr_nli_db", "gsnr_db"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
