//! TEME → Earth-fixed → WGS-84 geodetic and topocentric look angles against Skyfield.
//!
//! Reference: `tests/data/skyfield_frames.csv`, written by `scripts/skyfield_frames.py` (skyfield 1.49,
//! sgp4 2.24, numpy 2.2.6; see its header): 7 satellites of tle/ots.tle (LEO and GEO) × 9 UTC times × 4 stations
//! (Baku, Almaty, Svalbard, Cape Town). Each row carries Skyfield's own UT1 − UTC (`dut1_s`), which is given to
//! our [`EarthOrientation`] so both sides rotate the Earth by the same UT1.

use satfiber::frames::{teme_to_ecef, EarthOrientation, Geodetic, GroundStation};
use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use satfiber::time::parse_instant;
use std::collections::HashMap;

/// TEME position agreement between the sgp4 crate and python-sgp4, km (1 m).
const TOL_TEME_KM: f64 = 1e-3;
/// Earth-fixed position agreement, km (1 m).
const TOL_ECEF_KM: f64 = 1e-3;
/// Earth-fixed velocity agreement, km/s (1 mm/s).
const TOL_ECEF_VELOCITY_KM_S: f64 = 1e-6;
/// Geodetic point agreement, as a distance between the two points, km (1 m).
const TOL_GEODETIC_KM: f64 = 1e-3;
/// Latitude, longitude, azimuth and elevation agreement, degrees.
const TOL_ANGLE_DEG: f64 = 1e-4;
/// Range agreement, km (1 m).
const TOL_RANGE_KM: f64 = 1e-3;
/// Range-rate agreement, km/s (1 mm/s).
const TOL_RANGE_RATE_KM_S: f64 = 1e-6;

fn angle_diff_deg(a: f64, b: f64) -> f64 {
    (a - b + 540.0).rem_euclid(360.0) - 180.0
}

#[derive(Default)]
struct Worst {
    values: HashMap<&'static str, f64>,
}

impl Worst {
    fn check(&mut self, what: &'static str, diff: f64, tolerance: f64, row: usize) {
        let diff = diff.abs();
        let entry = self.values.entry(what).or_insert(0.0);
        *entry = entry.max(diff);
        assert!(diff <= tolerance, "row {row}: {what} differs by {diff:e} (tolerance {tolerance:e})");
    }
}

#[test]
fn frames_agree_with_skyfield() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/skyfield_frames.csv");
    let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    let catalog = Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default()).unwrap();
    let mut worst = Worst::default();
    let mut rows = 0;
    let mut classes = std::collections::BTreeSet::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.unwrap();
        let text = |name: &str| record.get(column(name)).unwrap().to_string();
        let num = |name: &str| -> f64 { text(name).parse().unwrap() };
        let vector = |prefix: &str, suffix: &str| {
            nalgebra::Vector3::new(
                num(&format!("{prefix}x{suffix}")),
                num(&format!("{prefix}y{suffix}")),
                num(&format!("{prefix}z{suffix}")),
            )
        };
        let name = text("name");
        let set = catalog.sets.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("{name}")).clone();
        classes.insert(set.orbit_class().to_string());
        let satellite = Satellite::new(set).unwrap();
        let t = parse_instant(&text("time_utc")).unwrap();
        let eop = EarthOrientation { dut1_s: num("dut1_s") };

        let teme = satellite.propagate(&t).unwrap();
        worst.check("TEME position km", (teme.position_km - vector("teme_", "_km")).norm(), TOL_TEME_KM, row);

        let ecef = teme_to_ecef(&teme, &t, &eop);
        worst.check("ECEF position km", (ecef.position_km - vector("ecef_", "_km")).norm(), TOL_ECEF_KM, row);
        let dv = (ecef.velocity_km_s - vector("ecef_v", "_km_s")).norm();
        worst.check("ECEF velocity km/s", dv, TOL_ECEF_VELOCITY_KM_S, row);

        let geodetic = Geodetic::from_ecef_km(&ecef.position_km);
        let reference = Geodetic {
            latitude_deg: num("latitude_deg"),
            longitude_deg: num("longitude_deg"),
            altitude_km: num("altitude_km"),
        };
        worst.check("latitude deg", geodetic.latitude_deg - reference.latitude_deg, TOL_ANGLE_DEG, row);
        let dlon = angle_diff_deg(geodetic.longitude_deg, reference.longitude_deg);
        worst.check("longitude deg", dlon, TOL_ANGLE_DEG, row);
        let dpoint = (geodetic.to_ecef_km() - reference.to_ecef_km()).norm();
        worst.check("geodetic point km", dpoint, TOL_GEODETIC_KM, row);
        worst.check("altitude km", geodetic.altitude_km - reference.altitude_km, TOL_GEODETIC_KM, row);

        let station = GroundStation::new(
            text("station"),
            Geodetic {
                latitude_deg: num("station_lat_deg"),
                longitude_deg: num("station_lon_deg"),
                altitude_km: num("station_alt_m") / 1000.0,
            },
        );
        let look = station.look_angles(&ecef);
        let daz = angle_diff_deg(look.azimuth_deg, num("azimuth_deg"));
        worst.check("azimuth deg", daz, TOL_ANGLE_DEG, row);
        worst.check("elevation deg", look.elevation_deg - num("elevation_deg"), TOL_ANGLE_DEG, row);
        worst.check("range km", look.range_km - num("range_km"), TOL_RANGE_KM, row);
        let drr = look.range_rate_km_s - num("range_rate_km_s");
        worst.check("range rate km/s", drr, TOL_RANGE_RATE_KM_S, row);
        rows += 1;
    }
    let mut summary: Vec<_> = worst.values.into_iter().collect();
    summary.sort_by(|a, b| a.0.cmp(b.0));
    println!("Skyfield frames: {rows} rows; worst differences: {summary:?}");
    assert_eq!(rows, 252);
    assert!(classes.contains("LEO") && classes.contains("GEO"), "{classes:?}");
}
