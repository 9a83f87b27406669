#!/usr/bin/env python3
"""Independent numpy brute-force coverage reference for satfiber's coverage engine.

Pinned versions: Python 3.11, numpy==2.1.3, sgp4==2.24 (python-sgp4, Vallado's SGP4, WGS-72).

    python3 -m venv /work/venv-cov && /work/venv-cov/bin/pip install numpy==2.1.3 sgp4==2.24
    /work/venv-cov/bin/python scripts/coverage_numpy.py tests/data/walker_50_5_1_550_53.tle \
        > tests/data/coverage_numpy_walker.csv
    /work/venv-cov/bin/python scripts/coverage_numpy.py tests/data/walker_50_5_1_550_53.tle --bench

Geometry, written here from the definitions and not from satfiber's code: SGP4 TEME positions (python-sgp4
`SatrecArray.sgp4`), rotated to Earth-fixed by GMST IAU-1982 of UT1 = UTC; cell centres on the WGS-84
ellipsoid (height 0); a satellite is in view when its elevation above the ellipsoid-normal horizon is at least
the mask. Every (cell, satellite, step) is evaluated (no culling). Time model as satfiber documents: samples
at start + k*step through the end; sample k holds until k+1 (the last has weight 0); gaps cut at the edges.
"""
import argparse
import sys
import time

import numpy as np
import sgp4
from sgp4.api import SatrecArray, Satrec, jday

WGS84_A_KM = 6378.137
WGS84_F = 1.0 / 298.257223563
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)


def read_tles(path):
    lines = [l.rstrip("\n") for l in open(path) if l.strip()]
    sats = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            sats.append(Satrec.twoline2rv(lines[i], lines[i + 1]))
            i += 2
        else:
            i += 1
    return sats


def gmst_1982(jd_whole, jd_fraction):
    """GMST (rad), IAU 1982 (Vallado's gstime), from a UT1 Julian date split in two parts."""
    t = (jd_whole - 2451545.0 + jd_fraction) / 36525.0
    g = 67310.54841 + (8640184.812866 + (0.093104 + (-6.2e-6) * t) * t) * t
    return np.mod(np.mod(jd_whole, 1.0) + jd_fraction + g / 86400.0, 1.0) * 2.0 * np.pi


def cell_geometry(lon_min, lat_min, lon_max, lat_max, step_deg):
    n_lon = int(np.ceil((lon_max - lon_min) / step_deg - 1e-9))
    n_lat = int(np.ceil((lat_max - lat_min) / step_deg - 1e-9))
    lat = lat_min + (np.arange(n_lat) + 0.5) * step_deg
    lon = lon_min + (np.arange(n_lon) + 0.5) * step_deg
    lat, lon = np.meshgrid(lat, lon, indexing="ij")
    lat, lon = lat.ravel(), lon.ravel()
    phi, lam = np.radians(lat), np.radians(lon)
    n = WGS84_A_KM / np.sqrt(1.0 - WGS84_E2 * np.sin(phi) ** 2)
    pos = np.stack([n * np.cos(phi) * np.cos(lam), n * np.cos(phi) * np.sin(lam), n * (1 - WGS84_E2) * np.sin(phi)], 1)
    up = np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], 1)
    return lat, lon, pos, up


def ecef_positions(sats, start, steps, step_s):
    jd0, fr0 = jday(*start)
    seconds = np.arange(steps) * step_s
    jd = np.full(steps, jd0)
    fr = fr0 + seconds / 86400.0
    err, r, _ = SatrecArray(sats).sgp4(jd, fr)  # r: (sats, steps, 3) TEME km
    if np.any(err):
        raise SystemExit(f"propagation errors: {np.unique(err)}")
    theta = gmst_1982(jd, fr)
    c, s = np.cos(theta), np.sin(theta)
    x = c[None, :] * r[..., 0] + s[None, :] * r[..., 1]
    y = -s[None, :] * r[..., 0] + c[None, :] * r[..., 1]
    return np.stack([x, y, r[..., 2]], -1)  # (sats, steps, 3)


def counts_in_view(pos, up, ecef, min_elevation_deg):
    """Satellites in view per (step, cell), vectorised over cells and satellites, one step at a time."""
    sin_min = np.sin(np.radians(min_elevation_deg))
    steps = ecef.shape[1]
    out = np.zeros((steps, pos.shape[0]), dtype=np.int32)
    for k in range(steps):
        d = ecef[:, k, None, :] - pos[None, :, :]  # (sats, cells, 3)
        dot = np.einsum("scj,cj->sc", d, up)
        out[k] = np.count_nonzero(dot >= sin_min * np.sqrt(np.einsum("scj,scj->sc", d, d)), axis=0)
    return out


def metrics(counts, step_s):
    steps = counts.shape[0]
    w = np.full(steps, step_s)
    w[-1] = 0.0
    span = step_s * (steps - 1)
    covered = counts > 0
    pct = 100.0 * (covered * w[:, None]).sum(0) / span
    max_gap = np.zeros(counts.shape[1])
    for c in range(counts.shape[1]):
        run = 0.0
        for k in range(steps):
            if covered[k, c]:
                max_gap[c] = max(max_gap[c], run)
                run = 0.0
            else:
                run += w[k]
        max_gap[c] = max(max_gap[c], run)
    return covered.sum(0), counts.sum(0), pct, max_gap


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tle")
    p.add_argument("--bench", action="store_true", help="time the issue's 0.25 deg x 1440-step problem")
    a = p.parse_args()
    sats = read_tles(a.tle)
    start = (2026, 9, 7, 0, 0, 0)
    if a.bench:
        lat, lon, pos, up = cell_geometry(25, 35, 90, 56, 0.25)
        t0 = time.perf_counter()
        ecef = ecef_positions(sats, start, 1440, 60.0)
        counts = counts_in_view(pos, up, ecef, 10.0)
        t1 = time.perf_counter()
        print(f"numpy brute force: {len(lat)} cells x {len(sats)} sats x 1440 steps: {t1 - t0:.2f} s; "
              f"visible pairs {int(counts.sum())}", file=sys.stderr)
        return
    # Reference case: OTS box at 1 deg, 6 h at 60 s (361 samples), 10 deg mask.
    step_deg, steps, step_s, mask = 1.0, 361, 60.0, 10.0
    lat, lon, pos, up = cell_geometry(25, 35, 90, 56, step_deg)
    ecef = ecef_positions(sats, start, steps, step_s)
    counts = counts_in_view(pos, up, ecef, mask)
    vis_steps, pairs, pct, max_gap = metrics(counts, step_s)
    print(f"# generated by scripts/coverage_numpy.py with Python {sys.version.split()[0]}, numpy {np.__version__}, "
          f"sgp4 {sgp4.__version__}")
    print(f"# satellites: {a.tle} ({len(sats)}); region lon 25..90 lat 35..56, grid {step_deg} deg; start "
          f"2026-09-07T00:00:00Z, {steps} samples every {step_s:.0f} s; min elevation {mask} deg")
    print("latitude_deg,longitude_deg,visible_steps,visible_pairs,percent_covered,max_gap_s")
    for i in range(len(lat)):
        print(f"{lat[i]:.4f},{lon[i]:.4f},{vis_steps[i]},{pairs[i]},{pct[i]:.6f},{max_gap[i]:.1f}")


if __name__ == "__main__":
    main()
