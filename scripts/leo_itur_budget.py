#!/usr/bin/env python3
"""Independent LEO forward-link budgets (user downlink, feeder uplink) with ITU-Rpy for satfiber's link::leo.

The paper's own tables (del Portillo et al., Acta Astronautica 159 (2019) 123-135) could not be read in the
stored corpus, so the budget arithmetic is checked against this independent computation instead.

Pinned tools (venv outside the repo): the PyPI dependencies of ITU-Rpy, and ITU-Rpy's git master 6d7f35c
(P.618-14, P.676-13, P.840-9: the revisions satfiber's itu-rs 1.2.1 implements; release 0.4.0 on PyPI is
P.618-13 and combines gas and cloud at another percentage, 0.2-0.3 dB apart at 0.01 %) run from source with the
ITU-R maps of ../shared/data/itur-data (the same maps, ITU-Rpy layout):
    python3 -m venv /work/venvs/h8 && /work/venvs/h8/bin/pip install itur==0.4.0 numpy==2.4.6 scipy==1.17.1 \
        astropy==8.0.2 pyproj==3.7.2
    git clone https://github.com/inigodelportillo/ITU-Rpy && git -C ITU-Rpy checkout 6d7f35c
    mkdir -p /work/venvs/h8-itur-master && cp -r ITU-Rpy/itur /work/venvs/h8-itur-master/ \
        && rm -rf /work/venvs/h8-itur-master/itur/data && ln -s ../shared/data/itur-data /work/venvs/h8-itur-master/itur/data

Run from the repository root:
    PYTHONPATH=/work/venvs/h8-itur-master /work/venvs/h8/bin/python scripts/leo_itur_budget.py \
        configs/constellations.toml > tests/data/leo_itur_budget.csv

Per payload of the catalog, site (WGS84), elevation and p: slant range on a sphere of 6378.137 km, free-space
loss 20 log10(4 pi d f / c), ITU-Rpy atmospheric_attenuation_slant_path for rain and scintillation at p and for
gas and cloud at max(5 %, p), combined by P.618-14 section 2.5, A = A_G + sqrt((A_R + A_C)^2 + A_S^2), then in plain Python: user C/N0 = EIRP density + 10 log10(B) - FSPL - A - L_other
+ G/T_clear - 10 log10(T_rain / T_clear) + 228.6, T_rain = T_clear + (275 - T_ant)(1 - 10^(-A/10)); feeder
C/N0 = EIRP_gw - FSPL - A + G/T_sat + 228.6; Es/N0 = C/N0 - 10 log10(B / (1 + rolloff) * 1e6).
"""
import csv
import math
import sys
import tomllib

import numpy as np
import itur

BOLTZMANN_DBW = 10 * math.log10(1.380649e-23)
C_M_S = 299_792_458.0
R_KM = 6378.137
T_MR = 275.0
SITES = [("Baku", 40.4093, 49.8671), ("Aktau", 43.6511, 51.1975), ("Almaty", 43.2389, 76.8897),
         ("Tashkent", 41.2995, 69.2401)]
ALTITUDES_KM = {"OneWeb Ku": 1200.0, "Starlink Ku": 550.0}
ELEVATIONS = [25.0, 40.0, 60.0, 85.0]
PERCENTS = [0.01, 0.1, 1.0]


def slant_km(h, el):
    e = math.radians(el)
    return math.sqrt((R_KM + h) ** 2 - (R_KM * math.cos(e)) ** 2) - R_KM * math.sin(e)


def fspl_db(d_km, f_ghz):
    return 20 * math.log10(4 * math.pi * d_km * 1e3 * f_ghz * 1e9 / C_M_S)


def main(path):
    with open(path, "rb") as f:
        payloads = tomllib.load(f)["payload"]
    out = csv.writer(sys.stdout, lineterminator="\n")
    print(f"# ITU-Rpy git master 6d7f35c (module {itur.__file__}, numpy {np.__version__}) via "
          f"scripts/leo_itur_budget.py {path}; attenuation: rain/scint at p, gas/cloud at max(5 %, p), P.618-14 section 2.5 combination")
    out.writerow(["payload", "link", "site", "lat_deg", "lon_deg", "elevation_deg", "range_km", "p_percent",
                  "fspl_db", "rain_db", "scint_db", "gas_db", "cloud_db", "total_db", "cn0_dbhz", "esn0_db"])
    for pl in payloads:
        name = pl["name"]
        h = ALTITUDES_KM[name]
        u, fd = pl["user"], pl["feeder"]
        for site, lat, lon in SITES:
            for el in ELEVATIONS:
                d = slant_km(h, el)
                for p in PERCENTS:
                    for link in ("user", "feeder"):
                        if link == "user":
                            f, dish, eta = u["downlink_ghz"], u["terminal_aperture_m"], u["terminal_efficiency"]
                        else:
                            f, dish, eta = fd["uplink_ghz"], fd["gateway_dish_m"], 0.65
                        _, _, ar, as_, _ = itur.atmospheric_attenuation_slant_path(
                            lat, lon, f, el, p, dish, eta=eta, tau=u["tau_deg"], return_contributions=True)
                        # P.618-14 section 2.5: gas and cloud at max(5 %, p) (ITU-Rpy's combined call uses 1 %).
                        ag, ac, _, _, _ = itur.atmospheric_attenuation_slant_path(
                            lat, lon, f, el, max(5.0, p), dish, eta=eta, tau=u["tau_deg"], return_contributions=True)
                        a = float(ag.value) + math.sqrt((float(ar.value) + float(ac.value)) ** 2 + float(as_.value) ** 2)
                        loss = fspl_db(d, f)
                        if link == "user":
                            t_clear = u["terminal_system_noise_k"]
                            t_rain = t_clear + (T_MR - u["terminal_antenna_noise_k"]) * (1 - 10 ** (-a / 10))
                            gt = u["terminal_g_over_t_dbk"] - 10 * math.log10(t_rain / t_clear)
                            eirp = u["eirp_density_dbw_per_mhz"] + 10 * math.log10(u["channel_mhz"])
                            cn0 = eirp - loss - a - u["other_losses_db"] + gt - BOLTZMANN_DBW
                            rs = u["channel_mhz"] / (1 + u["rolloff"])
                        else:
                            cn0 = fd["gateway_eirp_dbw"] - loss - a + fd["satellite_g_over_t_dbk"] - BOLTZMANN_DBW
                            rs = fd["channel_mhz"] / (1 + fd["rolloff"])
                        esn0 = cn0 - 10 * math.log10(rs * 1e6)
                        out.writerow([name, link, site, lat, lon, el, f"{d:.6f}", p, f"{loss:.6f}",
                                      f"{float(ar.value):.6f}", f"{float(as_.value):.6f}", f"{float(ag.value):.6f}",
                                      f"{float(ac.value):.6f}", f"{a:.6f}", f"{cn0:.6f}", f"{esn0:.6f}"])


if __name__ == "__main__":
    main(sys.argv[1])
