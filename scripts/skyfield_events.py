#!/usr/bin/env python3
"""Reference rise / culminate / set events from Skyfield's EarthSatellite.find_events for satfiber's tests.

Pinned versions (install in a venv outside the repository):
    python3 -m venv /work/venv-vis && /work/venv-vis/bin/pip install skyfield==1.49 numpy==1.26.4 de421==2008.1
    (skyfield 1.49 pulls sgp4 2.27 and jplephem; de421 is only needed by skyfield_sun.py)

Usage:
    skyfield_events.py generate-tle OUT.tle          # writes the generated test satellites
    skyfield_events.py events OUT.csv                # writes tests/data/skyfield_events.csv
    skyfield_events.py bench STARLINK.tle            # times find_events for 100 satellites x 8 stations x 1 day

Frames: Skyfield propagates SGP4 in TEME, rotates to ITRS with GMST 1982 of UT1 (its built-in IERS table
gives dUT1; recorded per event), and measures geometric altitude (no refraction) above the WGS-84 horizon of
`wgs84.latlon`. satfiber uses the same chain with EarthOrientation { dut1_s }.
"""
import sys
import time
import tomllib

from sgp4.api import Satrec, WGS72
from sgp4.exporter import export_tle
from skyfield.api import EarthSatellite, load, wgs84

SCRIPT = "scripts/skyfield_events.py"
MIN_ELEVATION_DEG = 10.0
SCAN_STEP_S = 10.0
STATIONS = ["Baku", "Aktau", "Ankara", "Almaty", "Tashkent"]
BENCH_STATIONS = STATIONS + ["Bishkek", "Ashgabat", "Astana"]

# Case: (label, TLE file as the Rust test reads it, NORAD ids, start, end)
CASES = [
    ("ots", "tle/ots.tle", None, "2026-09-07T00:00:00Z", "2026-09-08T00:00:00Z"),
    ("starlink", "shared:tle/starlink_2026-05-30.tle", "first:12", "2026-05-31T00:00:00Z", "2026-06-01T00:00:00Z"),
    ("oneweb", "shared:tle/oneweb_2026-05-30.tle", "first:6", "2026-05-31T00:00:00Z", "2026-06-01T00:00:00Z"),
    ("generated", "tests/data/generated_sats.tle", None, "2026-09-07T00:00:00Z", "2026-09-09T00:00:00Z"),
]


def read_tles(path):
    lines = [l.rstrip() for l in open(path) if l.strip() and not l.startswith("#")]
    sats = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            name, l1, l2 = f"SAT {lines[i][2:7]}", lines[i], lines[i + 1]
            i += 2
        else:
            name, l1, l2 = lines[i].strip(), lines[i + 1], lines[i + 2]
            i += 3
        sats.append((name, l1, l2))
    return sats


def stations(root, names=STATIONS):
    with open(f"{root}/configs/stations.toml", "rb") as f:
        table = {s["name"]: s for s in tomllib.load(f)["station"]}
    return [(n, table[n]) for n in names]


def generated_satellites():
    """Circular and eccentric orbits at several heights and inclinations (epoch 2026-09-06 12:00 UTC)."""
    # (name, norad, inclination deg, raan deg, ecc, argp deg, mean anomaly deg, mean motion rev/day)
    specs = [
        ("GEN LEO350 I51", 90001, 51.6, 10.0, 0.0005, 0.0, 0.0, 15.55),
        ("GEN LEO550 I53", 90002, 53.0, 80.0, 0.0001, 0.0, 90.0, 15.06),
        ("GEN LEO800 SSO", 90003, 98.6, 150.0, 0.0010, 0.0, 180.0, 14.28),
        ("GEN LEO1200 I88", 90004, 87.9, 220.0, 0.0002, 0.0, 270.0, 13.16),
        ("GEN LEO1500 I30", 90005, 30.0, 300.0, 0.0010, 45.0, 10.0, 12.30),
        ("GEN LEO500 I42", 90006, 42.0, 200.0, 0.0020, 90.0, 200.0, 15.20),
        ("GEN ELLIPTIC E02", 90007, 63.4, 40.0, 0.2000, 270.0, 0.0, 11.00),
        ("GEN MOLNIYA", 90008, 63.4, 120.0, 0.7000, 270.0, 90.0, 2.006),
        ("GEN MEO O3B", 90009, 0.05, 0.0, 0.0002, 0.0, 60.0, 5.00),
        ("GEN GEO 45E", 90010, 0.05, 80.0, 0.0002, 0.0, 0.0, 1.0027),
    ]
    epoch_jd = 2461290.0  # 2026-09-06 12:00 UTC
    out = []
    for name, norad, inc, raan, ecc, argp, ma, mm in specs:
        sat = Satrec()
        deg = 3.141592653589793 / 180.0
        sat.sgp4init(WGS72, "i", norad, epoch_jd - 2433281.5, 1e-5, 0.0, 0.0, ecc, argp * deg, inc * deg,
                     ma * deg, mm * 2 * 3.141592653589793 / 1440.0, raan * deg)
        l1, l2 = export_tle(sat)
        out.append((name, l1, l2))
    return out


def iso(t):
    return t.utc_datetime().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def scan(ts, sat, topos, t0, t1):
    """Rise/set times from Skyfield's own altitude: sampled every SCAN_STEP_S, sign changes of
    altitude - MIN_ELEVATION_DEG bisected (vectorised) to 1 ms. Returns [(tt_jd, rising)]."""
    import numpy as np
    def g(tt):
        return (sat - topos).at(ts.tt_jd(tt)).altaz()[0].degrees - MIN_ELEVATION_DEG
    n = int(round((t1.tt - t0.tt) * 86400.0 / SCAN_STEP_S))
    grid = t0.tt + np.arange(n + 1) * (SCAN_STEP_S / 86400.0)
    values = g(grid)
    idx = np.nonzero((values[:-1] < 0) != (values[1:] < 0))[0]
    if len(idx) == 0:
        return []
    a, b, fa = grid[idx], grid[idx + 1], values[idx]
    rising = values[idx + 1] >= 0
    while np.max(b - a) * 86400.0 > 1e-3:
        m = 0.5 * (a + b)
        fm = g(m)
        same = (fm < 0) == (fa < 0)
        a = np.where(same, m, a)
        fa = np.where(same, fm, fa)
        b = np.where(same, b, m)
    return list(zip(0.5 * (a + b), rising))


def first_n(sats, spec):
    if spec is None:
        return sats
    n = int(spec.split(":")[1])
    return sats[:n]


def resolve(path, root, shared):
    if path.startswith("shared:"):
        return f"{shared}/{path[len('shared:'):]}"
    return f"{root}/{path}"


def main():
    root = "."
    shared = "../shared/data" if len(sys.argv) < 4 else sys.argv[3]
    ts = load.timescale(builtin=True)
    if sys.argv[1] == "generate-tle":
        with open(sys.argv[2], "w") as f:
            f.write(f"# Generated test satellites, written by {SCRIPT} generate-tle (sgp4 2.27 exporter).\n")
            for name, l1, l2 in generated_satellites():
                f.write(f"{name}\n{l1}\n{l2}\n")
        return
    if sys.argv[1] == "bench":
        sats = read_tles(sys.argv[2])[:100]
        sites = stations(root, BENCH_STATIONS)
        t0 = ts.utc(2026, 5, 31)
        t1 = ts.utc(2026, 6, 1)
        start = time.perf_counter()
        total = 0
        for name, l1, l2 in sats:
            s = EarthSatellite(l1, l2, name, ts)
            for _, st in sites:
                topos = wgs84.latlon(st["latitude_deg"], st["longitude_deg"], elevation_m=st["altitude_m"])
                t, e = s.find_events(topos, t0, t1, altitude_degrees=MIN_ELEVATION_DEG)
                total += len(t)
        elapsed = time.perf_counter() - start
        print(f"skyfield find_events: {len(sats)} satellites x {len(sites)} stations x 1 day: "
              f"{elapsed:.3f} s, {total} events")
        return
    out = open(sys.argv[2], "w")
    out.write(f"# Reference satellite events from Skyfield 1.49 EarthSatellite.find_events (sgp4 2.27), "
              f"altitude_degrees={MIN_ELEVATION_DEG}, wgs84.latlon topos, geometric (no refraction).\n")
    out.write(f"# Written by {SCRIPT} events; rise/set from Skyfield's altitude scanned every 10 s and bisected to 1 ms; find_events_utc is find_events' own time for that event, 'missed' when find_events has none, 'scan-missed' rows come from find_events alone; dut1_s is Skyfield's built-in UT1-UTC at the event.\n")
    out.write("case,tle,norad_id,station,event,time_utc,dut1_s,altitude_deg,start,end,find_events_utc\n")
    for label, path, spec, start_text, end_text in CASES:
        sats = first_n(read_tles(resolve(path, root, shared)), spec)
        t0 = ts.from_datetime(__import__("datetime").datetime.fromisoformat(start_text.replace("Z", "+00:00")))
        t1 = ts.from_datetime(__import__("datetime").datetime.fromisoformat(end_text.replace("Z", "+00:00")))
        for name, l1, l2 in sats:
            s = EarthSatellite(l1, l2, name, ts)
            for st_name, st in stations(root):
                topos = wgs84.latlon(st["latitude_deg"], st["longitude_deg"], elevation_m=st["altitude_m"])
                times, events = s.find_events(topos, t0, t1, altitude_degrees=MIN_ELEVATION_DEG)
                raw_edges = [(t.tt, e) for t, e in zip(times, events) if e != 1]
                rows = []
                for tt, rising in scan(ts, s, topos, t0, t1):
                    near = [r for r in raw_edges if (r[1] == 0) == rising and abs(r[0] - tt) * 86400.0 < 120.0]
                    raw = iso(ts.tt_jd(near[0][0])) if near else "missed"
                    rows.append((tt, "rise" if rising else "set", raw))
                for tt, e in raw_edges:
                    if not any(abs(r[0] - tt) * 86400.0 < 120.0 and r[1] == ("rise" if e == 0 else "set") for r in rows):
                        rows.append((tt, "rise" if e == 0 else "set", "scan-missed"))
                for t, e in zip(times, events):
                    if e == 1:
                        rows.append((t.tt, "culminate", iso(t)))
                rows.sort()
                for tt, kind, raw in rows:
                    t = ts.tt_jd(tt)
                    alt = (s - topos).at(t).altaz()[0].degrees
                    out.write(f"{label},{path},{s.model.satnum},{st_name},{kind},{iso(t)},{float(t.dut1):.6f},"
                              f"{alt:.6f},{start_text},{end_text},{raw}\n")
    out.close()


if __name__ == "__main__":
    main()
