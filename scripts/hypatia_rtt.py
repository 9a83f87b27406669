#!/usr/bin/env python3
"""RTT time series over a +Grid LEO shell from Hypatia's satgenpy (the reference for tests/network_hypatia.rs).

Hypatia (snkas/hypatia, MIT licence) is not on PyPI. Obtain it and run this script from outside our repository;
none of its code is copied here, its functions are imported from the checkout:

    git clone https://github.com/snkas/hypatia /work/refs/hypatia      # commit 0ac531c used here
    python3 -m venv /work/venvs/h5
    /work/venvs/h5/bin/pip install ephem==4.1.6 networkx==3.4.2 sgp4==2.24 numpy==2.1.3 astropy==6.1.7 geopy==2.4.1 exputil==1.9.2
    HYPATIA_SATGENPY=/work/refs/hypatia/satgenpy /work/venvs/h5/bin/python scripts/hypatia_rtt.py tests/data

What it runs, all satgenpy code:
  * `generate_tles_from_scratch_manual`: Kuiper-630 as in Hypatia's paper (34 planes x 34 satellites,
    51.9 deg, 14.80 rev/day, eccentricity 1e-7, odd planes shifted by half a slot, epoch 2000-01-01);
  * `generate_plus_grid_isls` with isl_shift 0 (seam included: planes wrap around);
  * the paper's limits: max GSL length sqrt(cone^2 + h^2) with cone = h / tan(30 deg), h = 630 km;
    max ISL length 2 sqrt((R + h)^2 - (R + 80 km)^2), R = 6378.135 km;
  * `read_tles` (pyephem satellites) and `construct_graph_with_distances` (pyephem ranges) per time step, then
    networkx Dijkstra between the two ground nodes (only the pair's two ground stations in the graph, so no
    ground relays), as Hypatia's post-analysis does.

Outputs (each with a provenance header):
  hypatia_kuiper630.tle          the generated TLEs as a plain 3-line file (Hypatia's header line dropped)
  hypatia_kuiper630_isls.txt     the +Grid ISL list (satellite index pairs)
  hypatia_kuiper630_rtt.csv      t_s,from,to,reachable,rtt_ms,one_way_ms,hops,path (path = satellite ids '-')
"""

import math
import os
import sys
import tempfile
import types

SATGENPY = os.environ.get("HYPATIA_SATGENPY", "/work/refs/hypatia/satgenpy")
# Import satgen's subpackages without running satgen/__init__.py (which pulls in plotting dependencies).
for package in ["satgen", "satgen.post_analysis"]:
    module = types.ModuleType(package)
    module.__path__ = [os.path.join(SATGENPY, *package.split("."))]
    sys.modules[package] = module
import satgen.tles as tles  # noqa: E402
import satgen.isls as isls  # noqa: E402
from satgen.post_analysis.graph_tools import construct_graph_with_distances  # noqa: E402
import ephem  # noqa: E402
import networkx as nx  # noqa: E402

EARTH_RADIUS_M = 6378135.0
ALTITUDE_M = 630000.0
PLANES, PER_PLANE = 34, 34
INCLINATION_DEG = 51.9
MEAN_MOTION_REV_PER_DAY = 14.80
ECCENTRICITY = 0.0000001
CONE_RADIUS_M = ALTITUDE_M / math.tan(math.radians(30.0))
MAX_GSL_LENGTH_M = math.sqrt(CONE_RADIUS_M**2 + ALTITUDE_M**2)
MAX_ISL_LENGTH_M = 2.0 * math.sqrt((EARTH_RADIUS_M + ALTITUDE_M) ** 2 - (EARTH_RADIUS_M + 80000.0) ** 2)
C_M_S = 299792458.0
STEP_S = 1
DURATION_S = 300

# City pairs (name, latitude, longitude, elevation m).
STATIONS = [
    ("Baku", 40.4093, 49.8671, 0.0),
    ("Aktau", 43.6500, 51.1700, 0.0),
    ("Istanbul", 41.0082, 28.9784, 0.0),
    ("Almaty", 43.2220, 76.8512, 0.0),
    ("Tashkent", 41.2995, 69.2401, 0.0),
    ("Ankara", 39.9334, 32.8597, 0.0),
]
PAIRS = [("Baku", "Aktau"), ("Istanbul", "Almaty"), ("Ankara", "Tashkent")]

VERSIONS = "ephem %s, networkx %s, sgp4 2.24, astropy 6.1.7, geopy 2.4.1, exputil 1.9.2; Hypatia satgenpy commit 0ac531c" % (
    ephem.__version__,
    nx.__version__,
)


def header(out, what):
    out.write("# %s\n" % what)
    out.write("# source: Hypatia satgenpy (github.com/snkas/hypatia), %s\n" % VERSIONS)
    out.write("# command: HYPATIA_SATGENPY=/work/refs/hypatia/satgenpy python scripts/hypatia_rtt.py tests/data\n")
    out.write(
        "# shell: Kuiper-630 34x34, %.1f deg, %.2f rev/day, ecc 1e-7, epoch 2000-01-01T00:00:00Z, isl_shift 0;"
        " max_gsl_length_m %.4f, max_isl_length_m %.4f\n" % (INCLINATION_DEG, MEAN_MOTION_REV_PER_DAY,
                                                            MAX_GSL_LENGTH_M, MAX_ISL_LENGTH_M)
    )


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/data"
    with tempfile.TemporaryDirectory() as tmp:
        tle_path = os.path.join(tmp, "tles.txt")
        tles.generate_tles_from_scratch_manual(
            tle_path, "Kuiper-630", PLANES, PER_PLANE, True, INCLINATION_DEG, ECCENTRICITY, 0.0,
            MEAN_MOTION_REV_PER_DAY,
        )
        list_isls = isls.generate_plus_grid_isls(os.path.join(tmp, "isls.txt"), PLANES, PER_PLANE, isl_shift=0)
        constellation = tles.read_tles(tle_path)
        with open(tle_path) as f:
            tle_lines = f.read().splitlines()[1:]
    with open(os.path.join(out_dir, "hypatia_kuiper630.tle"), "w") as out:
        for line in tle_lines:
            out.write(line + "\n")
    with open(os.path.join(out_dir, "hypatia_kuiper630_isls.txt"), "w") as out:
        header(out, "+Grid ISLs (satellite index pairs) from satgen.isls.generate_plus_grid_isls")
        for a, b in list_isls:
            out.write("%d %d\n" % (a, b))

    satellites = constellation["satellites"]
    epoch = constellation["epoch"]
    n = len(satellites)
    ground = []
    for gid, (name, lat, lon, ele) in enumerate(STATIONS):
        ground.append({"gid": gid, "name": name, "latitude_degrees_str": repr(lat),
                       "longitude_degrees_str": repr(lon), "elevation_m_float": ele})
    index = {g["name"]: g["gid"] for g in ground}
    rows = []
    for t_s in range(0, DURATION_S + 1, STEP_S):
        graph = construct_graph_with_distances(epoch, t_s * 1_000_000_000, satellites, ground, list_isls,
                                               MAX_GSL_LENGTH_M, MAX_ISL_LENGTH_M)
        for a, b in PAIRS:
            src, dst = n + index[a], n + index[b]
            # Only this pair's ground stations: no other ground node may relay.
            others = [n + g["gid"] for g in ground if n + g["gid"] not in (src, dst)]
            view = nx.restricted_view(graph, others, [])
            try:
                path = nx.dijkstra_path(view, src, dst, weight="weight")
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                rows.append((t_s, a, b, 0, "", "", "", ""))
                continue
            length_m = sum(view[path[i]][path[i + 1]]["weight"] for i in range(len(path) - 1))
            sats = "-".join(str(p) for p in path[1:-1])
            rows.append((t_s, a, b, 1, "%.6f" % (2e3 * length_m / C_M_S), "%.6f" % (1e3 * length_m / C_M_S),
                         len(path) - 1, sats))
        print("t = %d s" % t_s, file=sys.stderr)
    with open(os.path.join(out_dir, "hypatia_kuiper630_rtt.csv"), "w") as out:
        header(out, "shortest propagation-delay paths (pyephem ranges, networkx Dijkstra), %d s steps" % STEP_S)
        out.write("t_s,from,to,reachable,rtt_ms,one_way_ms,hops,path\n")
        for row in rows:
            out.write(",".join(str(v) for v in row) + "\n")


if __name__ == "__main__":
    main()
