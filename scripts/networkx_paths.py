#!/usr/bin/env python3
"""Brute-force shortest paths with networkx on an independently rebuilt network graph (reference for
tests/network_networkx.rs), and the networkx timing baseline for benches/network.rs.

Nothing here comes from satfiber: positions are python-sgp4 (WGS-72) on the TLEs, rotated TEME -> Earth-fixed by
GMST 1982 (polar motion neglected, UT1 = UTC), stations on the WGS-84 ellipsoid; the graph is rebuilt from the
model's rules as documented in src/network/graph.rs (ISL: +Grid (p, j)-(p, j+1), (p, j)-(p+1, j+shift) with the
seam, present while the chord clears 80 km above a 6378.137 km sphere; GSL: elevation >= mask; gateways relay,
endpoints do not) and searched with networkx.dijkstra_path.

    python3 -m venv /work/venvs/h5
    /work/venvs/h5/bin/pip install networkx==3.4.2 sgp4==2.24 numpy==2.1.3
    /work/venvs/h5/bin/python scripts/networkx_paths.py paths tests/data/networkx_paths.csv
    /work/venvs/h5/bin/python scripts/networkx_paths.py bench WALKER_1584.tle      # timing only, prints

The `paths` mode writes two cases on tests/data/hypatia_kuiper630.tle (34 x 34 planes, 2000-01-01):
  isl     +Grid shift 0 with seam, mask 25 deg, no length limits, 181 steps of 20 s;
  bent    no ISLs, gateways Trabzon, Ashgabat, Bishkek, mask 25 deg, 181 steps of 20 s.
"""

import math
import sys
import time

import networkx as nx
import numpy as np
import sgp4
from sgp4.api import WGS72, Satrec, jday

C_KM_S = 299792.458
EARTH_SPHERE_KM = 6378.137
WGS84_A = 6378.137
WGS84_F = 1.0 / 298.257223563
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)

STATIONS = {
    "Baku": (40.4093, 49.8671),
    "Aktau": (43.6500, 51.1700),
    "Istanbul": (41.0082, 28.9784),
    "Almaty": (43.2220, 76.8512),
    "Tashkent": (41.2995, 69.2401),
    "Ankara": (39.9334, 32.8597),
    "Ashgabat": (37.9601, 58.3261),
    "Astana": (51.1694, 71.4491),
    "Bishkek": (42.8746, 74.5698),
    "Trabzon": (41.0027, 39.7168),
}
PAIRS = [("Baku", "Aktau"), ("Istanbul", "Almaty"), ("Ankara", "Tashkent")]
GATEWAYS = ["Trabzon", "Ashgabat", "Bishkek"]
# The bench's ten pairs (benches/network.rs uses the same).
BENCH_PAIRS = [("Baku", "Aktau"), ("Istanbul", "Almaty"), ("Ankara", "Tashkent"), ("Baku", "Istanbul"),
               ("Aktau", "Tashkent"), ("Almaty", "Ashgabat"), ("Astana", "Ankara"), ("Bishkek", "Baku"),
               ("Tashkent", "Istanbul"), ("Ashgabat", "Astana")]


def read_tles(path):
    lines = [l.rstrip("\n") for l in open(path) if l.strip() and not l.startswith("#")]
    sats = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            sats.append(Satrec.twoline2rv(lines[i], lines[i + 1], WGS72))
            i += 2
        else:
            i += 1
    return sats


def gmst_1982(jd_whole, jd_frac):
    t = (jd_whole - 2451545.0 + jd_frac) / 36525.0
    g = 67310.54841 + (8640184.812866 + (0.093104 + (-6.2e-6) * t) * t) * t
    return (((jd_whole % 1.0) + jd_frac + g / 86400.0) % 1.0) * 2.0 * math.pi


def station_ecef(lat, lon, alt_km=0.0):
    la, lo = math.radians(lat), math.radians(lon)
    n = WGS84_A / math.sqrt(1.0 - WGS84_E2 * math.sin(la) ** 2)
    pos = np.array([(n + alt_km) * math.cos(la) * math.cos(lo), (n + alt_km) * math.cos(la) * math.sin(lo),
                    (n * (1.0 - WGS84_E2) + alt_km) * math.sin(la)])
    up = np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])
    return pos, up


def positions(sats, jd, fr):
    theta = gmst_1982(jd, fr)
    c, s = math.cos(theta), math.sin(theta)
    out = np.empty((len(sats), 3))
    for i, sat in enumerate(sats):
        e, r, _ = sat.sgp4(jd, fr)
        if e != 0:
            out[i] = np.nan
            continue
        out[i] = (c * r[0] + s * r[1], -s * r[0] + c * r[1], r[2])
    return out


def plus_grid(planes, per_plane, shift):
    isls = set()
    for p in range(planes):
        for j in range(per_plane):
            a = p * per_plane + j
            b = p * per_plane + (j + 1) % per_plane
            c = ((p + 1) % planes) * per_plane + (j + shift) % per_plane
            isls.add((min(a, b), max(a, b)))
            isls.add((min(a, c), max(a, c)))
    return sorted(isls)


def clears(a, b, grazing_km):
    d = b - a
    dd = d.dot(d)
    t = min(max(-a.dot(d) / dd, 0.0), 1.0) if dd > 0 else 0.0
    return np.linalg.norm(a + d * t) >= EARTH_SPHERE_KM + grazing_km


def visible(pos, station, mask_deg):
    spos, up = station
    rel = pos - spos
    rng = np.linalg.norm(rel, axis=1)
    ok = (rel @ up) >= math.sin(math.radians(mask_deg)) * rng
    return [(int(i), float(rng[i])) for i in np.nonzero(ok)[0]]


def base_graph(pos, isls, gateways, mask_deg):
    g = nx.Graph()
    for a, b in isls:
        if clears(pos[a], pos[b], 80.0):
            g.add_edge(a, b, weight=float(np.linalg.norm(pos[b] - pos[a])))
    for k, gw in enumerate(gateways):
        for s, r in visible(pos, gw, mask_deg):
            g.add_edge("G%d" % k, s, weight=r)
    return g


def route(g, pos, a, b, mask_deg):
    g = g.copy()
    for name, st in (("A", a), ("B", b)):
        for s, r in visible(pos, st, mask_deg):
            g.add_edge(name, s, weight=r)
    try:
        path = nx.dijkstra_path(g, "A", "B", weight="weight")
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    length = sum(g[path[i]][path[i + 1]]["weight"] for i in range(len(path) - 1))
    return length, path[1:-1]


def paths(out_path):
    tle = "tests/data/hypatia_kuiper630.tle"
    sats = read_tles(tle)
    isls = plus_grid(34, 34, 0)
    stations = {n: station_ecef(*ll) for n, ll in STATIONS.items()}
    cases = [("isl", isls, []), ("bent", [], [stations[n] for n in GATEWAYS])]
    with open(out_path, "w") as out:
        out.write("# brute-force shortest paths: networkx %s dijkstra_path on graphs rebuilt from python-sgp4 %s"
                  " (WGS-72) positions, GMST 1982, WGS-84 stations\n" % (nx.__version__, sgp4.__version__))
        out.write("# command: python scripts/networkx_paths.py paths tests/data/networkx_paths.csv\n")
        out.write("# constellation: %s; start 2000-01-01T00:00:00Z, 181 steps of 20 s; mask 25 deg; grazing 80 km;"
                  " cases: isl = +Grid 34/34 shift 0 with seam, bent = no ISLs, gateways %s\n" % (tle, " ".join(GATEWAYS)))
        out.write("case,t_s,from,to,reachable,one_way_ms,hops,path\n")
        for t_s in range(0, 3601, 20):
            jd, fr = jday(2000, 1, 1, 0, 0, 0)
            fr += t_s / 86400.0
            pos = positions(sats, jd, fr)
            for case, case_isls, gateways in cases:
                g = base_graph(pos, case_isls, gateways, 25.0)
                for a, b in PAIRS:
                    r = route(g, pos, stations[a], stations[b], 25.0)
                    if r is None:
                        out.write("%s,%d,%s,%s,0,,,\n" % (case, t_s, a, b))
                        continue
                    length, hops = r
                    path = "-".join(str(h) for h in hops)
                    out.write("%s,%d,%s,%s,1,%.9f,%d,%s\n" % (case, t_s, a, b, length / C_KM_S * 1e3,
                                                              len(hops) + 1, path))


def bench(tle, planes=72, per_plane=22, steps=20):
    """networkx time per step (graph build from positions + 10 pairs) on the 1,584-satellite shell."""
    sats = read_tles(tle)
    isls = plus_grid(planes, per_plane, 0)
    pairs = BENCH_PAIRS
    stations = {n: station_ecef(*ll) for n, ll in STATIONS.items()}
    jd, fr0 = jday(2026, 9, 7, 0, 0, 0)
    pos_list = [positions(sats, jd, fr0 + k / 86400.0) for k in range(steps)]
    ia = np.array([a for a, _ in isls])
    ib = np.array([b for _, b in isls])
    t0 = time.perf_counter()
    for pos in pos_list:
        # Vectorised edge weights and grazing test, one graph per step; endpoints added and removed per pair.
        d = pos[ib] - pos[ia]
        dd = np.einsum("ij,ij->i", d, d)
        t = np.clip(-np.einsum("ij,ij->i", pos[ia], d) / dd, 0.0, 1.0)
        closest = np.linalg.norm(pos[ia] + d * t[:, None], axis=1)
        ok = closest >= EARTH_SPHERE_KM + 80.0
        lengths = np.sqrt(dd)
        g = nx.Graph()
        g.add_weighted_edges_from((int(a), int(b), float(w)) for a, b, w, k in zip(ia, ib, lengths, ok) if k)
        for a, b in pairs:
            for name, st in (("A", stations[a]), ("B", stations[b])):
                for s, r in visible(pos, st, 25.0):
                    g.add_edge(name, s, weight=r)
            try:
                nx.dijkstra_path(g, "A", "B", weight="weight")
            except nx.NetworkXNoPath:
                pass
            g.remove_nodes_from(["A", "B"])
    per_step = (time.perf_counter() - t0) / steps
    print("networkx %s: %.1f ms per step (graph + 10 pairs, positions excluded); x 86400 steps = %.0f s"
          % (nx.__version__, per_step * 1e3, per_step * 86400))


if __name__ == "__main__":
    if sys.argv[1] == "paths":
        paths(sys.argv[2])
    else:
        bench(sys.argv[2])
