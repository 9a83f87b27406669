#!/usr/bin/env python3
"""ITU-Rpy reference values and timing for satfiber's link module (issue 5).

Pinned tools (venv outside the repo):
    python3 -m venv /work/venv-link && /work/venv-link/bin/pip install itur==0.4.0 numpy==2.4.6 scipy==1.17.1 \
        astropy==8.0.2 pyproj==3.7.2

Modes:
  --ref  OUT.csv   rain and scintillation attenuation (P.618, identical method in ITU-Rpy 0.4.0 and master:
                   P.837-7, P.838-3, P.839-4, P.453 Nwet maps) for the bundled stations x {12, 20, 30 GHz} x
                   {0.01, 0.1, 1 %}, elevation to Azerspace-1 (46 E) from itur.utils.elevation_angle (an input
                   column: satfiber's test evaluates at that elevation), 1.2 m, eta 0.65, tau 45. ITU-Rpy 0.4.0's gas (P.676-12)
                   and cloud (P.840-8) are older revisions than satfiber's (P.676-13, P.840-9) and are written for
                   information only.
  --bench          time ITU-Rpy's atmospheric_attenuation_slant_path on the same work as the Rust bench
                   (21 840 cells of the 0.25 deg OTS grid, 4 percentages), vectorised over the grid, warm caches.

The ITU-Rpy data folder shipped in the itur 0.4.0 wheel is used (no download).
"""
import csv
import sys
import time

import numpy as np
import itur
import itur.models.itu618 as itu618



def ref(out_path, stations_toml):
    import tomllib
    with open(stations_toml, "rb") as f:
        stations = tomllib.load(f)["station"]
    rows = []
    for st in stations:
        lat, lon = float(st["latitude_deg"]), float(st["longitude_deg"])
        el = float(np.asarray(itur.utils.elevation_angle(35786.0, 0.0, 46.0, lat, lon)))
        rows.append((st["name"], lat, lon, el))
    with open(out_path, "w", newline="") as f:
        f.write(f"# ITU-Rpy {itur.__version__} (numpy {np.__version__}) via scripts/itur_reference.py --ref; "
                "rain/scint: P.618 rain and scintillation; gas/cloud: ITU-Rpy 0.4.0 revisions (information only)\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["station", "lat_deg", "lon_deg", "elevation_deg", "f_ghz", "p_percent", "rain_db", "scint_db",
                    "gas_db_itur040", "cloud_db_itur040", "total_db_itur040"])
        for name, lat, lon, el in rows:
            for fghz in (12.0, 20.0, 30.0):
                for p in (0.01, 0.1, 1.0):
                    ag, ac, ar, as_, at = itur.atmospheric_attenuation_slant_path(
                        lat, lon, fghz, el, p, 1.2, eta=0.65, tau=45, return_contributions=True)
                    w.writerow([name, lat, lon, f"{el:.10f}", fghz, p, f"{ar.value:.10f}", f"{as_.value:.10f}",
                                f"{ag.value:.10f}", f"{ac.value:.10f}", f"{at.value:.10f}"])


def bench():
    lon = np.arange(25.0 + 0.125, 90.0, 0.25)
    lat = np.arange(35.0 + 0.125, 56.0, 0.25)
    assert len(lon) * len(lat) == 21840
    lon_g, lat_g = np.meshgrid(lon, lat)
    el = itur.utils.elevation_angle(35786.0, 0.0, 46.0, lat_g, lon_g)
    el = np.asarray(el)
    lat_f, lon_f, el_f = lat_g.ravel(), lon_g.ravel(), el.ravel()

    def work():
        tot = 0.0
        for p in (0.01, 0.1, 0.5, 1.0):
            a = itur.atmospheric_attenuation_slant_path(lat_f, lon_f, 12.0, el_f, p, 1.2, eta=0.65, tau=45)
            tot += float(np.sum(a.value))
        return tot

    t0 = time.perf_counter()
    work()
    first = time.perf_counter() - t0
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    print(f"ITU-Rpy {itur.__version__}: 21840 cells x 4 p: first call {first:.2f} s, warm median "
          f"{sorted(times)[1]:.2f} s (min {min(times):.2f} s)")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--bench":
        bench()
    elif len(sys.argv) == 4 and sys.argv[1] == "--ref":
        ref(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: itur_reference.py --bench | --ref OUT.csv configs/stations.toml")
