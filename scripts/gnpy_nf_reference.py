#!/usr/bin/env python3
"""GNPy reference for satfiber's variable-gain EDFA noise-figure model: NF against gain for GNPy's example
std_low_gain, std_medium_gain and std_high_gain amplifiers (gnpy/example-data/eqpt_config.json), read from a
real gnpy Edfa element after propagating a 64-channel C-band comb at each gain target.

    /work/venvs/h3/bin/pip install gnpy==3.0.1
    /work/venvs/h3/bin/python scripts/gnpy_nf_reference.py       # writes tests/data/gnpy_nf_variable_gain.csv
"""
import csv
import json
import sys
from importlib.metadata import version
from pathlib import Path

import gnpy
from gnpy.core.elements import Edfa
from gnpy.core.info import create_input_spectral_information
from gnpy.tools.json_io import load_equipment

ROOT = Path(__file__).resolve().parent.parent
VARIETIES = ["std_low_gain", "std_medium_gain", "std_high_gain"]


def main():
    eqpt_path = Path(gnpy.__file__).parent / "example-data" / "eqpt_config.json"
    equipment = load_equipment(eqpt_path)
    raw = {e["type_variety"]: e for e in json.loads(eqpt_path.read_text())["Edfa"]}
    rows = []
    for variety in VARIETIES:
        params = equipment["Edfa"][variety]
        for tenth in range(0, 400, 5):
            gain = tenth / 10
            if gain < params.gain_min - 5 or gain > params.gain_flatmax:
                continue
            amp = Edfa(uid="a", type_variety=variety, params=params.__dict__,
                       operational={"gain_target": gain, "tilt_target": 0, "out_voa": 0, "in_voa": 0})
            si = create_input_spectral_information(f_min=191.35e12, f_max=196.1e12, roll_off=0.15, baud_rate=32e9,
                                                   spacing=75e9, tx_osnr=40, tx_power=1e-7)  # -22 dBm total: never saturated
            amp(si)
            rows.append([variety, params.gain_min, params.gain_flatmax, raw[variety]["nf_min"], raw[variety]["nf_max"], f"{gain:.1f}",
                         f"{float(amp.nf[0]):.6f}"])
    with open(ROOT / "tests" / "data" / "gnpy_nf_variable_gain.csv", "w", newline="") as f:
        f.write(f"# GNPy {version('gnpy')} (pip gnpy==3.0.1), python {sys.version.split()[0]}: Edfa.nf of the example "
                "eqpt_config.json variable-gain amplifiers at each gain_target (dB); scripts/gnpy_nf_reference.py\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["type_variety", "gain_min_db", "gain_max_db", "nf_min_db", "nf_max_db", "gain_db", "nf_db"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
