#!/usr/bin/env python3
"""Speed of python-sgp4's vectorised SatrecArray, the target for benches/propagate.rs.

Pinned versions (venv outside the repo):
    python3 -m venv /work/venv-found
    /work/venv-found/bin/pip install sgp4==2.24 numpy==2.2.6
    OMP_NUM_THREADS=1 /work/venv-found/bin/python scripts/python_sgp4_speed.py [SHARED_DATA_DIR]

Workload (same as the Rust bench): 1000 satellites = 900 LEO (the first 900 of starlink_2026-05-30.tle) and
100 GEO (the first 100 of geo_2026-05-30.tle), each at 1440 times one minute apart starting at 2026-05-30 00:00
UTC, WGS-72. One thread (SatrecArray.sgp4 runs the C++ SGP4 in a single loop). Prints the best of 5 runs, as
wall-clock and as thread-CPU-time throughput (the second is the fair one on a shared machine; the Rust bench
prints the same figure for its one-thread runs).
"""
import os
import sys
import time

import numpy as np
import sgp4
from sgp4.api import WGS72, Satrec, SatrecArray, accelerated, jday


def read_tles(path, count):
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8") if l.strip()]
    pairs = []
    for i, line in enumerate(lines):
        if line.startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            pairs.append((line, lines[i + 1]))
    return pairs[:count]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/data")
    leo = read_tles(os.path.join(root, "tle/starlink_2026-05-30.tle"), 900)
    geo = read_tles(os.path.join(root, "tle/geo_2026-05-30.tle"), 100)
    print(f"python {sys.version.split()[0]}, sgp4 {sgp4.__version__} (accelerated={accelerated}), numpy {np.__version__}")
    jd0, fr0 = jday(2026, 5, 30, 0, 0, 0.0)
    minutes = np.arange(1440, dtype=float)
    jd = np.full(1440, jd0)
    fr = fr0 + minutes / 1440.0
    for label, pairs in [("LEO", leo), ("GEO", geo), ("90/10 mix", leo + geo)]:
        sats = SatrecArray([Satrec.twoline2rv(l1, l2, WGS72) for l1, l2 in pairs])
        best = best_cpu = float("inf")
        for _ in range(5):
            start, start_cpu = time.perf_counter(), time.thread_time()
            e, r, v = sats.sgp4(jd, fr)
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.thread_time() - start_cpu)
        n = len(pairs) * len(minutes)
        # Wall time suffers when the machine is shared; thread CPU time much less so.
        print(f"{label:10s} {len(pairs):5d} sats x {len(minutes)} times: {best*1e3:8.1f} ms wall, "
              f"{n / best:.3e} propagations/s wall, {n / best_cpu:.3e} per CPU-second "
              f"(errors: {int((e != 0).sum())})")


if __name__ == "__main__":
    main()
