#!/usr/bin/env python3
"""Reference GEO sun outages and satellite eclipses computed independently with Skyfield positions.

Pinned versions (venv outside the repository):
    python3 -m venv /work/venv-vis && /work/venv-vis/bin/pip install skyfield==1.49 numpy==1.26.4 de421==2008.1 jplephem==2.24

Usage: skyfield_sun.py OUT.csv   (run from the repository root; writes tests/data/skyfield_sun.csv)

Sun outages: separation between the astrometric topocentric Sun (JPL DE421 from the de421 package read with
jplephem's Ephemeris, light time applied, GCRS axes) and the geometric topocentric satellite (SGP4 through Skyfield, wgs84.latlon station), sampled
every 5 s and bisected to 1 ms where separation - (beamwidth/2 + Sun apparent radius) changes sign; beamwidth =
70 * lambda / D degrees; Sun radius 695700 km. Eclipses: conical penumbra/umbra margins from Skyfield's
geocentric satellite (GCRS) and Sun positions, same sampling; Earth radius 6378.137 km.
"""
import sys

import de421
import numpy as np
from jplephem.ephem import Ephemeris
from skyfield.api import EarthSatellite, load, wgs84

SCRIPT = "scripts/skyfield_sun.py"
SUN_RADIUS_KM = 695700.0
EARTH_RADIUS_KM = 6378.137
C = 299792458.0
STEP_S = 5.0

# (satellite name in tle/ots.tle, station, latitude, longitude, altitude m, GHz, dish m, start, days)
OUTAGES = [
    ("AZERSPACE 1", "Baku", 40.4093, 49.8671, -28.0, 12.0, 2.4, (2026, 9, 28), 20),
    ("TURKSAT 4A", "Ankara", None, None, None, 11.7, 1.2, (2026, 9, 28), 20),
    ("KAZSAT-3", "Astana", None, None, None, 4.0, 3.7, (2026, 9, 28), 20),
]
# (satellite, start, days)
ECLIPSES = [("AZERSPACE 1", (2026, 9, 10), 6), ("ISS (ZARYA)", (2026, 9, 7), 1)]


def read_tles(path):
    lines = [l.rstrip() for l in open(path) if l.strip() and not l.startswith("#")]
    return {lines[i].strip(): (lines[i + 1], lines[i + 2]) for i in range(0, len(lines), 3)}


def station(name):
    import tomllib
    with open("configs/stations.toml", "rb") as f:
        s = {x["name"]: x for x in tomllib.load(f)["station"]}[name]
    return s["latitude_deg"], s["longitude_deg"], s["altitude_m"]


def roots(ts, f, t0, days):
    n = int(days * 86400 / STEP_S)
    grid = t0.tt + np.arange(n + 1) * STEP_S / 86400.0
    v = f(grid)
    idx = np.nonzero((v[:-1] <= 0) != (v[1:] <= 0))[0]
    if len(idx) == 0:
        return [], grid, v
    a, b, fa = grid[idx], grid[idx + 1], v[idx]
    entering = v[idx + 1] <= 0
    while np.max(b - a) * 86400 > 1e-3:
        m = 0.5 * (a + b)
        fm = f(m)
        same = (fm <= 0) == (fa <= 0)
        a, fa, b = np.where(same, m, a), np.where(same, fm, fa), np.where(same, b, m)
    return list(zip(0.5 * (a + b), entering)), grid, v


def main():
    ts = load.timescale(builtin=True)
    eph = Ephemeris(de421)

    def sun_geocentric_km(t):
        """Astrometric geocentric Sun (km, ICRF/GCRS axes) at Skyfield times t (light time iterated)."""
        tdb = t.tdb
        earth = eph.position("earthmoon", tdb) - eph.position("moon", tdb) / (1.0 + eph.EMRAT)
        lt = 0.0
        for _ in range(3):
            r = eph.position("sun", tdb - lt) - earth
            lt = np.linalg.norm(r, axis=0) / C * 1000.0 / 86400.0
        return r
    tles = read_tles("tle/ots.tle")
    out = open(sys.argv[1], "w")
    out.write("# Reference sun outages and eclipses from Skyfield 1.49 positions (DE421 Sun via de421 2008.1 and "
              "jplephem 2.24), "
              f"written by {SCRIPT}; see its docstring for the method.\n")
    out.write("kind,satellite,station,frequency_ghz,dish_m,event,time_utc,value_deg\n")
    for name, st, lat, lon, alt, ghz, dish, day, days in OUTAGES:
        if lat is None:
            lat, lon, alt = station(st)
        l1, l2 = tles[name]
        sat = EarthSatellite(l1, l2, name, ts)
        topos = wgs84.latlon(lat, lon, elevation_m=alt)
        half_beam = 70.0 * (C / (ghz * 1e9)) / dish / 2.0

        def sep(tt):
            t = ts.tt_jd(tt)
            site = topos.at(t).position.km
            to_sun = sun_geocentric_km(t) - site
            to_sat = (sat - topos).at(t).position.km
            d_sun = np.linalg.norm(to_sun, axis=0)
            cos_sep = np.sum(to_sun * to_sat, axis=0) / (d_sun * np.linalg.norm(to_sat, axis=0))
            radius = np.degrees(np.arcsin(SUN_RADIUS_KM / d_sun))
            return np.degrees(np.arccos(np.clip(cos_sep, -1, 1))), radius

        f = lambda tt: (lambda s_r: s_r[0] - (half_beam + s_r[1]))(sep(tt))
        t0 = ts.utc(*day)
        found, grid, v = roots(ts, f, t0, days)
        for i in range(0, len(found) - 1):
            (ta, ea), (tb, eb) = found[i], found[i + 1]
            if not ea or eb:
                continue
            # Peak: minimum separation on a 0.1 s grid between the edges.
            fine = np.arange(ta, tb, 0.1 / 86400.0)
            s, _ = sep(fine)
            k = int(np.argmin(s))
            for event, tt, value in (("start", ta, None), ("peak", fine[k], s[k]), ("end", tb, None)):
                text = ts.tt_jd(tt).utc_datetime().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                val = "" if value is None else f"{value:.6f}"
                out.write(f"outage,{name},{st},{ghz},{dish},{event},{text},{val}\n")
    for name, day, days in ECLIPSES:
        l1, l2 = tles[name]
        sat = EarthSatellite(l1, l2, name, ts)

        def margins(tt):
            t = ts.tt_jd(tt)
            r = sat.at(t).position.km
            s = sun_geocentric_km(t)
            to_sun = s - r
            d_sun = np.linalg.norm(to_sun, axis=0)
            d_earth = np.linalg.norm(r, axis=0)
            sep = np.arccos(np.sum(to_sun * -r, axis=0) / (d_sun * d_earth))
            a_s = np.arcsin(SUN_RADIUS_KM / d_sun)
            a_e = np.arcsin(EARTH_RADIUS_KM / d_earth)
            return np.degrees(sep - (a_e + a_s)), np.degrees(sep - (a_e - a_s))

        t0 = ts.utc(*day)
        for kind, which in (("penumbra", 0), ("umbra", 1)):
            found, _, _ = roots(ts, lambda tt: margins(tt)[which], t0, days)
            for tt, entering in found:
                text = ts.tt_jd(tt).utc_datetime().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                event = f"{kind}_{'entry' if entering else 'exit'}"
                out.write(f"eclipse,{name},,,,{event},{text},\n")
    out.close()


if __name__ == "__main__":
    main()
