#!/usr/bin/env python3
"""GNPy reference for satfiber's distributed Raman amplification (issue 14): one span of GNPy's RamanFiber with
co- and/or counter-propagating pumps, inter-channel SRS on, spontaneous Raman noise (GNPy's "ASE" of a Raman
fiber) and NLI by ggn_spectrally_separated.

Pinned environment (a venv outside the repo), `pip freeze` of /work/venvs/gnpy:
    contourpy==1.3.3 cycler==0.12.1 et_xmlfile==2.0.0 fonttools==4.68.0 gnpy==3.0.1 kiwisolver==1.5.1
    matplotlib==3.11.2 networkx==3.6.1 numpy==2.4.6 oopt-gnpy-libyang==0.0.14 openpyxl==3.1.5 packaging==26.4
    pandas==2.3.3 pbr==7.1.3 pillow==13.0.0 pyparsing==3.3.3 python-dateutil==4.0.0 pytz==2026.6 scipy==1.17.1
    tabulate==0.10.0 tzdata==2026.6 xlrd==2.0.2 xlsxwriter==3.3.1        (python 3.11.7)
Run from the repository root; with case names it runs only those (at most two processes at a time on 2 cores):
    /work/venvs/gnpy/bin/python scripts/gnpy_raman_reference.py                    # every case, one after another
    /work/venvs/gnpy/bin/python scripts/gnpy_raman_reference.py counter-100km co-80km
    /work/venvs/gnpy/bin/python scripts/gnpy_raman_reference.py --step-check       # SRS solver step convergence

Reads tests/data/gnpy_raman_cases.toml (shared with the Rust test). Writes (committed), per case <name>:
    tests/data/gnpy_raman_<name>.csv         per channel at the fiber output: signal, ASE, NLI, OSNR, SNR_NLI, GSNR
    tests/data/gnpy_raman_pumps_<name>.csv   per pump: launch power and power at the far end of its travel
    tests/data/gnpy_raman_onoff_<name>.csv   per channel: on-off Raman gain (signal out with / without the pumps)
    tests/data/gnpy_raman_timing.csv         GNPy wall time per case and the co/counter iteration count

How GNPy is driven: a gnpy.core.elements.RamanFiber built directly (con_in = con_out = att_in = 0, flat loss,
operational = {temperature, raman_pumps: [{power, frequency, propagation_direction: coprop|counterprop}]}),
SimParams raman_params = {flag: true, method: numerical, result_spatial_resolution: 1 km,
solver_spatial_resolution: 10 m} and nli_params = {ggn_spectrally_separated, computed_channels from the TOML,
dispersion_tolerance 1, phase_shift_tolerance 0.02: see NLI_*_TOLERANCE}, a spectral information from
create_arbitrary_spectral_information (roll-off 0.15, tx_osnr 40 dB; the transmitter noise is NOT in any output:
ASE, NLI and signal are taken from si.ase / si.nli / si.signal, which carry no tx noise), then fiber(si).
The "pumps removed" run is a plain gnpy Fiber with the same parameters and sim params (SRS on, NLI on).

Solver step: GNPy's numerical Raman solver is explicit (first-order) Euler on the solver grid, and every case with
a counter pump goes through RamanSolver.iterative_algorithm (the signals themselves are co-propagating), which
stops when the relative change of all powers between two sweeps is <= 1e-6 or the relative error of the
co-propagating derivative is <= 1e-3, or after 1000 sweeps; this script fails if a case reaches 1000 sweeps. All
cases converge (6-53 sweeps, see gnpy_raman_timing.csv and the pumps CSVs). `--step-check` re-solves the SRS with
the pumps on at 40, 20, 10 and 5 m: every halving halves the change (first order), e.g. 20 -> 10 m moves the
signal output by <= 0.014 dB and the residual pump powers by <= 0.28 %, 10 -> 5 m by <= 0.007 dB and <= 0.14 %,
so the 50 m first suggested would be ~0.07 dB / ~1.4 % off the step -> 0 limit and 10 m (used here) is
~0.014 dB / ~0.3 % off it. (A 10 m step costs ~70 s of SRS solve for the 131-frequency C+L case.)

The SRS profiles GNPy computes inside fiber(si) are captured by wrapping
RamanSolver.calculate_stimulated_raman_scattering (no second solve); the residual pump powers are read from them:
a co pump at z = L, a counter pump at z = 0.
"""
import argparse
import csv
import fcntl
import logging
import re
import sys
import time
import tomllib
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import numpy as np
from gnpy.core.elements import Fiber, RamanFiber
from gnpy.core.info import create_arbitrary_spectral_information
from gnpy.core.parameters import SimParams
from gnpy.core.science_utils import RamanSolver
from gnpy.core.utils import db2lin, lin2db

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CASES_FILE = DATA / "gnpy_raman_cases.toml"
TIMING_FILE = DATA / "gnpy_raman_timing.csv"
ROLL_OFF = 0.15
TX_OSNR_DB = 40.0
RESULT_RESOLUTION_M = 1e3
SOLVER_STEP_M = 10.0
STEP_CHECK_M = (40.0, 20.0, 10.0, 5.0)
DIRECTION = {"co": "coprop", "counter": "counterprop"}


def load_cases():
    with open(CASES_FILE, "rb") as f:
        cases = tomllib.load(f)["case"]
    for case in cases:
        dirs = [p["direction"] for p in case["pump"]]
        assert all(d in DIRECTION for d in dirs), case["name"]
        # GNPy pairs operational pump i with profile row nch + i, and the rows are co pumps then counter pumps.
        assert dirs == sorted(dirs, key=lambda d: d != "co"), f"{case['name']}: list co pumps first"
    return cases


# GNPy's default NLI tolerances (dispersion 4, phase shift 0.1) set its f1/f2 grid from the fiber loss alone; a
# counter-pumped span's link function |∫ l(z) e^{iΔβz} dz|² also oscillates with period 2π/L in Δβ (the signal is
# strong again at the span end), which that grid aliases: on counter-100km channel 20 the default gives NLI
# -34.97 dBm, (1, 0.02) gives -35.561 dBm and (0.25, 0.005) -35.561 dBm (converged). So the finer pair is used.
NLI_DISPERSION_TOLERANCE = 1
NLI_PHASE_SHIFT_TOLERANCE = 0.02


def sim_params(case, step=SOLVER_STEP_M):
    return {"raman_params": {"flag": True, "method": "numerical", "result_spatial_resolution": RESULT_RESOLUTION_M,
                             "solver_spatial_resolution": step},
            "nli_params": {"method": "ggn_spectrally_separated", "dispersion_tolerance": NLI_DISPERSION_TOLERANCE,
                           "phase_shift_tolerance": NLI_PHASE_SHIFT_TOLERANCE,
                           "computed_channels": list(case["computed_channels"])}}


def fiber_params(case):
    return {"length": case["length_km"], "length_units": "km", "loss_coef": case["loss_db_per_km"],
            "con_in": 0, "con_out": 0, "att_in": 0, "pmd_coef": 1.265e-15,
            "dispersion": case["dispersion_ps_per_nm_km"] * 1e-6,                # ps/(nm km) -> s/m^2
            "dispersion_slope": case["dispersion_slope_ps_per_nm2_km"] * 1e3,    # ps/(nm^2 km) -> s/m^3
            "effective_area": case["effective_area_um2"] * 1e-12}


def raman_fiber(case):
    assert case["n2_m2_per_w"] == 2.6e-20, "GNPy 3.0.1 hard-codes n2 = 2.6e-20 m^2/W"
    operational = {"temperature": case["temperature_k"],
                   "raman_pumps": [{"power": p["power_mw"] * 1e-3, "frequency": p["frequency_thz"] * 1e12,
                                    "propagation_direction": DIRECTION[p["direction"]]} for p in case["pump"]]}
    return RamanFiber(uid=f"raman_{case['name']}", type_variety="SSMF-slope", params=fiber_params(case),
                      operational=operational)


def plain_fiber(case):
    return Fiber(uid=f"fiber_{case['name']}", type_variety="SSMF-slope", params=fiber_params(case))


def frequencies(case):
    return (case["first_channel_thz"] * 1e12 + case["spacing_ghz"] * 1e9 * np.arange(case["channels"]))


def spectral_information(case):
    return create_arbitrary_spectral_information(
        frequencies(case), pch=db2lin(case["launch_dbm_per_channel"]) * 1e-3, baud_rate=case["baud_rate_gbd"] * 1e9,
        tx_osnr=TX_OSNR_DB, roll_off=ROLL_OFF, slot_width=case["spacing_ghz"] * 1e9)


class Capture(logging.Handler):
    """Collects GNPy's debug lines of the co/counter iteration ("Iteration: n  Accuracy: x")."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.iterations = []

    def emit(self, record):
        m = re.search(r"Iteration: (\d+)\s+Accuracy: (\S+)", record.getMessage())
        if m:
            self.iterations.append((int(m.group(1)), float(m.group(2))))


_SRS = RamanSolver.calculate_stimulated_raman_scattering
_CAPTURED = {}


def _srs_capturing(spectral_info, fiber):
    t0 = time.perf_counter()
    srs = _SRS(spectral_info, fiber)
    _CAPTURED["srs"], _CAPTURED["srs_seconds"] = srs, time.perf_counter() - t0
    return srs


RamanSolver.calculate_stimulated_raman_scattering = staticmethod(_srs_capturing)


def propagate(fiber, case):
    """fiber(si) with the case's sim params; returns (si at the output, SRS object, SRS seconds, total seconds,
    iterations list)."""
    SimParams.set_params(sim_params(case))
    capture = Capture()
    logger = logging.getLogger("gnpy.core.science_utils")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(capture)
    logger.propagate = False
    try:
        si = spectral_information(case)
        _CAPTURED.clear()
        t0 = time.perf_counter()
        fiber.ref_pch_in_dbm = case["launch_dbm_per_channel"]  # Fiber.__call__ reports pch_out_db against it
        si = fiber(si)
        elapsed = time.perf_counter() - t0
    finally:
        logger.removeHandler(capture)
    return si, _CAPTURED["srs"], _CAPTURED["srs_seconds"], elapsed, capture.iterations


def stop_reason(iterations):
    if not iterations:
        return 0, "", "no counter-propagating frequencies: one co-propagating solve"
    n, acc = iterations[-1]
    if n >= 1000:
        return n, acc, "1000 sweeps (NOT converged)"
    return n, acc, "accuracy < 1e-3" if acc <= 1e-3 else "residue < 1e-6"


def header(case, what):
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    pumps = ", ".join(f"{p['direction']} {p['frequency_thz']} THz {p['power_mw']} mW" for p in case["pump"])
    return [
        f"# Source: GNPy {version('gnpy')} (pip gnpy==3.0.1, python {sys.version.split()[0]}), "
        f"gnpy.core.elements.RamanFiber.propagate; generated {now} by scripts/gnpy_raman_reference.py",
        f"# Case {case['name']} from tests/data/gnpy_raman_cases.toml: {case['length_km']} km, "
        f"{case['loss_db_per_km']} dB/km, {case['channels']} x {case['baud_rate_gbd']} GBd on "
        f"{case['spacing_ghz']} GHz "
        f"from {case['first_channel_thz']} THz at {case['launch_dbm_per_channel']} dBm/ch; pumps: {pumps}",
        f"# SRS on (numerical, {SOLVER_STEP_M:.0f} m step, {RESULT_RESOLUTION_M / 1e3:.0f} km result grid), NLI "
        f"ggn_spectrally_separated, {case['temperature_k']} K. {what}",
    ]


def write_csv(path, head, columns, rows):
    with open(path, "w", newline="") as f:
        f.write("\n".join(head) + "\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)


def run_case(case):
    name = case["name"]
    nch = case["channels"]
    freqs = frequencies(case)
    computed = set(case["computed_channels"])

    fiber = raman_fiber(case)
    si, srs, srs_s, on_s, iterations = propagate(fiber, case)
    n_iter, accuracy, reason = stop_reason(iterations)
    if n_iter >= 1000:
        raise RuntimeError(f"{name}: GNPy's co/counter iteration did not converge in 1000 sweeps")
    off, srs_off, _, off_s, _ = propagate(plain_fiber(case), case)

    signal, ase, nli = si.signal, si.ase, si.nli
    gsnr = lin2db(signal / (ase + nli))
    rows = [[ch, f"{freqs[i] * 1e-12:.4f}", f"{lin2db(signal[i] * 1e3):.6f}", f"{lin2db(ase[i] * 1e3):.6f}",
             f"{lin2db(nli[i] * 1e3):.6f}", f"{lin2db(signal[i] / ase[i]):.6f}", f"{lin2db(signal[i] / nli[i]):.6f}",
             f"{gsnr[i]:.6f}", int(ch in computed)]
            for i, ch in enumerate(range(1, nch + 1))]
    write_csv(DATA / f"gnpy_raman_{name}.csv",
              header(case, "Values at the fiber output (dBm; SNRs in dB in the 64 GHz signal bandwidth).") + [
                  "# ase_out is GNPy's spontaneous Raman noise of the pumps (no EDFA, no transmitter noise); "
                  "gsnr = signal / (ase + nli) at the fiber output, no tx noise.",
                  "# NLI is GNPy-computed only for computed = 1 rows; GNPy interpolates the others linearly in "
                  "frequency.",
              ],
              ["channel", "frequency_thz", "signal_out_dbm", "ase_out_dbm", "nli_out_dbm", "osnr_ase_db",
               "snr_nli_db", "gsnr_db", "computed"], rows)

    # Pump rows of GNPy's profile: co pumps then counter pumps (the TOML lists them in that order).
    pump_rows = []
    for k, p in enumerate(case["pump"]):
        profile = srs.power_profile[nch + k]
        assert np.isclose(srs.frequency[nch + k], p["frequency_thz"] * 1e12)
        far = profile[-1] if p["direction"] == "co" else profile[0]
        pump_rows.append([k + 1, f"{p['frequency_thz']:.4f}", p["direction"], f"{p['power_mw']:.6f}",
                          "%.6f" % (case["length_km"] if p["direction"] == "co" else 0.0), f"{far * 1e3:.9f}"])
    write_csv(DATA / f"gnpy_raman_pumps_{name}.csv",
              header(case, "Pump power at the far end of its travel (co: z = L; counter: z = 0), mW.") + [
                  f"# co/counter iteration: {n_iter} sweeps, stop: {reason}"
                  + (f" (last accuracy {accuracy:.3e})" if n_iter else ""),
              ],
              ["pump", "frequency_thz", "direction", "launch_mw", "far_end_z_km", "far_end_mw"], pump_rows)

    onoff = lin2db(signal / off.signal)
    onoff_srs = lin2db(srs.loss_profile[:nch, -1] / srs_off.loss_profile[:nch, -1])
    write_csv(DATA / f"gnpy_raman_onoff_{name}.csv",
              header(case, "On-off Raman gain = signal_out (pumps on) - signal_out (pumps removed, same SRS and "
                           "NLI settings), dB.") + [
                  "# signal_out is GNPy's si.signal (includes the NLI power transfer); the pure SRS-profile ratio "
                  f"differs from it by at most {np.max(np.abs(onoff - onoff_srs)):.2e} dB.",
              ],
              ["channel", "frequency_thz", "onoff_gain_db"],
              [[i + 1, f"{freqs[i] * 1e-12:.4f}", f"{onoff[i]:.6f}"] for i in range(nch)])

    far = ", ".join(f"{r[1]} THz {r[2]}: {float(r[5]):.3f} mW" for r in pump_rows)
    snr_nli = [lin2db(signal / nli)[i - 1] for i in computed]
    print(f"{name}: {on_s:.1f} s pumped (SRS {srs_s:.1f} s, {n_iter} sweeps, {reason}), {off_s:.1f} s pumps removed; "
          f"on-off {onoff.min():.2f}..{onoff.max():.2f} dB; signal out {lin2db(signal.min() * 1e3):.2f}.."
          f"{lin2db(signal.max() * 1e3):.2f} dBm; OSNR_ASE {lin2db(signal / ase).min():.2f}.."
          f"{lin2db(signal / ase).max():.2f} dB; SNR_NLI(computed) "
          f"{min(snr_nli):.2f}..{max(snr_nli):.2f}"
          f" dB; GSNR {gsnr.min():.2f}..{gsnr.max():.2f} dB; pumps at far end: {far}", flush=True)
    return [name, f"{on_s:.3f}", f"{srs_s:.3f}", f"{off_s:.3f}", n_iter, reason]


def update_timing(rows):
    """Merge this process's rows into the timing file (cases may run in parallel processes)."""
    columns = ["case", "seconds_pumped", "seconds_srs_solve", "seconds_pumps_removed", "iteration_sweeps", "stop"]
    TIMING_FILE.touch()
    with open(TIMING_FILE, "r+", newline="") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        old = [r for r in csv.reader(line for line in f if not line.startswith("#")) if r and r[0] != "case"]
        order = [c["name"] for c in load_cases()]
        merged = {r[0]: r for r in old}
        merged.update({r[0]: r for r in rows})
        f.seek(0)
        f.truncate()
        f.write(f"# Source: GNPy {version('gnpy')} (pip gnpy==3.0.1); wall time of RamanFiber(si) (pumped, including "
                "NLI of the computed channels) and Fiber(si) (pumps removed), seconds,\n"
                "# on a shared 2-core machine, by scripts/gnpy_raman_reference.py; iteration_sweeps = GNPy's "
                "co/counter iterative_algorithm sweeps (0: co-propagating only).\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(sorted(merged.values(), key=lambda r: order.index(r[0]) if r[0] in order else len(order)))


def step_check(cases):
    """Signal output and residual pump powers at the solver steps STEP_CHECK_M (SRS only, pumps on)."""
    for case in cases:
        nch = case["channels"]
        out = {}
        for step in STEP_CHECK_M:
            SimParams.set_params(sim_params(case, step))
            t0 = time.perf_counter()
            srs = _SRS(spectral_information(case), raman_fiber(case))
            far = np.array([srs.power_profile[nch + k, -1 if p["direction"] == "co" else 0]
                            for k, p in enumerate(case["pump"])])
            out[step] = (lin2db(srs.power_profile[:nch, -1]), far, time.perf_counter() - t0)
        for a, b in zip(STEP_CHECK_M, STEP_CHECK_M[1:]):
            ds = np.max(np.abs(out[a][0] - out[b][0]))
            dp = np.max(np.abs(out[a][1] / out[b][1] - 1))
            print(f"{case['name']}: step {a:.0f} m vs {b:.0f} m: max |d signal_out| {ds:.4f} dB, "
                  f"max |d pump far end| {100 * dp:.2f} % ({out[b][2]:.1f} s at {b:.0f} m)", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--step-check", action="store_true", help="SRS solver step convergence only")
    args = parser.parse_args()
    cases = load_cases()
    unknown = set(args.cases) - {c["name"] for c in cases}
    if unknown:
        sys.exit(f"unknown case(s): {sorted(unknown)}")
    cases = [c for c in cases if not args.cases or c["name"] in args.cases]
    if args.step_check:
        step_check(cases)
        return
    update_timing([run_case(case) for case in cases])


if __name__ == "__main__":
    main()
