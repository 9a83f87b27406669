#!/usr/bin/env python3
"""GNPy reference for satfiber's fiber model: GSNR per channel for fixed-NF, gain = span loss, GN-model links.

Pinned environment (make your own venv outside the repo):
    python3 -m venv /work/venv-fiber
    /work/venv-fiber/bin/pip install gnpy==3.0.1      # pulls numpy 2.4.6, scipy 1.17.1, networkx ...
Run from the repository root:
    /work/venv-fiber/bin/python scripts/gnpy_reference.py

Writes (committed):
    scripts/gnpy/eqpt_config.json         the exact equipment library fed to GNPy
    scripts/gnpy/sim_params.json          simulation parameters (GN model analytic, no Raman/SRS)
    scripts/gnpy/topology_<case>.json     one linear topology per case (Transceiver, Fiber/Edfa × N, Transceiver)
    tests/data/gnpy_gsnr.csv              per-channel ASE OSNR, NLI SNR and GSNR (with transmitter OSNR)
    tests/data/gnpy_timing.csv            GNPy wall time per case (for the speed comparison)

Physics settings (the Rust test uses the same): fiber "SSMF-slope" = 0.2 dB/km, D = 16.7 ps/(nm km) with a
slope of 0.058 ps/(nm^2 km) at 1550 nm, Aeff = 80 um^2 (GNPy's gamma = 2 pi n2 / (lambda Aeff) with its
frequency-scaled Aeff), no connector losses; amplifiers fixed NF 5 dB, gain = span loss, no ripple/tilt,
p_max high enough never to saturate; 64 channels of 64 GBd on a 75 GHz grid from 191.3375 THz (the C band
191.3-196.1 THz filled from its lower edge), roll-off 0.15, tx OSNR 40 dB in 0.1 nm; launch power per channel
-2..+4 dBm at the first span input; NLI by gn_model_analytic (arXiv:1209.0394 eq. 120).
"""
import csv
import json
import sys
import time
from pathlib import Path

from importlib.metadata import version

from gnpy.core.elements import Edfa, Fiber, Transceiver
from gnpy.core.info import create_input_spectral_information
from gnpy.core.parameters import SimParams
from gnpy.core.utils import db2lin
from gnpy.tools.json_io import load_equipment, load_json, load_network

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "scripts" / "gnpy"
# (spans, span length km, fiber): the four required cases with the sloped fiber, plus one with GNPy's plain
# SSMF (no slope: constant beta2, Aeff 83 um^2) to check the other dispersion branch.
CASES = [(1, 80.0, "SSMF-slope"), (4, 95.0, "SSMF-slope"), (5, 76.0, "SSMF-slope"), (10, 100.0, "SSMF-slope"),
         (4, 95.0, "SSMF")]
SLOPE_S_PER_M3 = {"SSMF-slope": 58.0, "SSMF": None}  # 58 s/m^3 = 0.058 ps/(nm^2 km)
LAUNCH_DBM = [-2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0]
F_FIRST_HZ = 191.3375e12
SPACING_HZ = 75e9
NCH = 64
BAUD_HZ = 64e9
ROLL_OFF = 0.15
TX_OSNR_DB = 40.0
NF_DB = 5.0
LOSS_DB_KM = 0.2

EQPT = {
    "Edfa": [{
        "type_variety": "fixed_nf5",
        "type_def": "fixed_gain",
        "gain_flatmax": 30,
        "gain_min": 0,
        "p_max": 40,
        "nf0": NF_DB,
        "allowed_for_design": False,
    }],
    "Fiber": [{
        "type_variety": "SSMF-slope",
        "dispersion": 1.67e-05,
        "effective_area": 80e-12,
        "pmd_coef": 1.265e-15,
    }, {
        "type_variety": "SSMF",
        "dispersion": 1.67e-05,
        "effective_area": 83e-12,
        "pmd_coef": 1.265e-15,
    }],
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
        "f_min": F_FIRST_HZ, "f_max": F_FIRST_HZ + SPACING_HZ * (NCH - 1), "baud_rate": BAUD_HZ,
        "spacing": SPACING_HZ, "power_dbm": 0, "power_range_db": [0, 0, 1], "tx_power_dbm": 0,
        "roll_off": ROLL_OFF, "tx_osnr": TX_OSNR_DB, "sys_margins": 0,
    }],
    "Transceiver": [{
        "type_variety": "ref64",
        "frequency": {"min": 191.3e12, "max": 196.1e12},
        "mode": [{"format": "64GBd", "baud_rate": BAUD_HZ, "OSNR": 10, "bit_rate": 200e9, "roll_off": ROLL_OFF,
                  "tx_osnr": TX_OSNR_DB, "min_spacing": SPACING_HZ, "cost": 1}],
    }],
}
SIM_PARAMS = {"raman_params": {"flag": False}, "nli_params": {"method": "gn_model_analytic"}}


def topology(spans, span_km, fiber_variety):
    elements = [{"uid": "trx_a", "type": "Transceiver"}]
    connections = []
    prev = "trx_a"
    for i in range(1, spans + 1):
        fiber = f"fiber_{i}"
        amp = f"amp_{i}"
        elements.append({"uid": fiber, "type": "Fiber", "type_variety": fiber_variety,
                         "params": {"length": span_km, "length_units": "km", "loss_coef": LOSS_DB_KM,
                                    "con_in": 0, "con_out": 0}})
        if SLOPE_S_PER_M3[fiber_variety] is not None:
            # The equipment YANG model has no dispersion_slope; GNPy takes it from the topology's fiber params.
            elements[-1]["params"]["dispersion_slope"] = SLOPE_S_PER_M3[fiber_variety]
        elements.append({"uid": amp, "type": "Edfa", "type_variety": "fixed_nf5",
                         "operational": {"gain_target": round(span_km * LOSS_DB_KM, 9), "tilt_target": 0,
                                         "out_voa": 0, "in_voa": 0, "delta_p": None}})
        connections += [{"from_node": prev, "to_node": fiber}, {"from_node": fiber, "to_node": amp}]
        prev = amp
    elements.append({"uid": "trx_b", "type": "Transceiver"})
    connections.append({"from_node": prev, "to_node": "trx_b"})
    return {"network_name": f"{spans}x{span_km:g}km-{fiber_variety}", "elements": elements, "connections": connections}


def path_of(network):
    by_uid = {n.uid: n for n in network.nodes()}
    node = by_uid["trx_a"]
    path = [node]
    while node.uid != "trx_b":
        (node,) = list(network.successors(node))
        path.append(node)
    return path


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    eqpt_file = OUT / "eqpt_config.json"
    eqpt_file.write_text(json.dumps(EQPT, indent=2) + "\n")
    sim_file = OUT / "sim_params.json"
    sim_file.write_text(json.dumps(SIM_PARAMS, indent=2) + "\n")
    equipment = load_equipment(eqpt_file)
    SimParams.set_params(load_json(sim_file))

    rows, timing = [], []
    for spans, span_km, fiber_variety in CASES:
        name = f"{spans}x{span_km:g}km-{fiber_variety}"
        topo_file = OUT / f"topology_{name}.json"
        topo_file.write_text(json.dumps(topology(spans, span_km, fiber_variety), indent=2) + "\n")
        network = load_network(topo_file, equipment)
        path = path_of(network)
        for launch in LAUNCH_DBM:
            t0 = time.perf_counter()
            si = create_input_spectral_information(
                f_min=F_FIRST_HZ, f_max=F_FIRST_HZ + SPACING_HZ * (NCH - 1), roll_off=ROLL_OFF, baud_rate=BAUD_HZ,
                spacing=SPACING_HZ, tx_osnr=TX_OSNR_DB, tx_power=db2lin(launch) * 1e-3)
            assert si.number_of_channels == NCH
            for el in path[1:-1]:
                assert isinstance(el, (Fiber, Edfa))
                if isinstance(el, Fiber):
                    # Set by GNPy's network design (not run here: gains are given); only used for reporting.
                    el.ref_pch_in_dbm = launch
                    assert el.params.dispersion_slope == SLOPE_S_PER_M3[fiber_variety] and el.params.con_in == 0 and el.params.con_out == 0
                si = el(si)
            rx = path[-1]
            assert isinstance(rx, Transceiver)
            rx._calc_snr(si)
            rx.update_snr(TX_OSNR_DB)  # GNPy adds the transmitter OSNR at the receiving transceiver
            elapsed = time.perf_counter() - t0
            timing.append((name, launch, elapsed))
            for ch in range(NCH):
                rows.append([name, spans, span_km, fiber_variety, launch, ch + 1, f"{si.frequency[ch] * 1e-12:.4f}",
                             f"{rx.raw_osnr_ase[ch]:.6f}", f"{rx.raw_osnr_nli[ch]:.6f}", f"{rx.snr[ch]:.6f}"])
            print(f"{name} {launch:+.0f} dBm: GSNR centre {rx.snr[NCH // 2]:.3f} dB ({elapsed * 1e3:.1f} ms)")

    header = [
        f"# GNPy {version('gnpy')} (pip gnpy==3.0.1), python {sys.version.split()[0]}; generated by "
        "scripts/gnpy_reference.py from scripts/gnpy/*.json.",
        "# GSNR in the signal bandwidth (64 GBd), dB; gsnr_db includes tx OSNR 40 dB/0.1nm (GNPy update_snr).",
    ]
    with open(ROOT / "tests" / "data" / "gnpy_gsnr.csv", "w", newline="") as f:
        f.write("\n".join(header) + "\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "spans", "span_km", "fiber", "launch_dbm", "channel", "frequency_thz", "osnr_ase_db",
                    "snr_nli_db", "gsnr_db"])
        w.writerows(rows)
    with open(ROOT / "tests" / "data" / "gnpy_timing.csv", "w", newline="") as f:
        f.write(header[0] + "\n# wall time of one GNPy propagation (create spectrum + all elements), seconds\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["case", "launch_dbm", "seconds"])
        w.writerows([[n, l, f"{s:.6f}"] for n, l, s in timing])


if __name__ == "__main__":
    main()
