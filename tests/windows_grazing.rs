//! Short grazing passes: raising the mask to just below a pass's maximum elevation leaves a window of a few
//! seconds, which must still be found (the bracketing rule's grazing search), with the same maximum; raising
//! it just above leaves none. Also: horizon masks, clipped windows and GEO.

use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use satfiber::stations::StationCatalog;
use satfiber::time::{parse_instant, seconds_between};
use satfiber::visibility::{find_windows, WindowOptions};

/// Maximum elevation agreement between the full and the grazing window, degrees: the two searches start their
/// interpolation grids at different times, and the track interpolates to ≲ 5 m (≈ 3e-4° at ≥ 1000 km).
const TOL_MAX_EL_DEG: f64 = 5e-4;

fn satellites() -> Vec<Satellite> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/generated_sats.tle");
    let mut sets = Catalog::load(&path, ParseOptions::default()).unwrap().sets;
    let bundled = Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default()).unwrap();
    sets.extend(bundled.sets.into_iter().filter(|s| s.name.starts_with("ISS") || s.name == "GOKTURK 2"));
    sets.into_iter().map(|s| Satellite::new(s).unwrap()).collect()
}

#[test]
fn grazing_passes_are_found() {
    let sats = satellites();
    let station = StationCatalog::bundled().resolve("Baku").unwrap();
    let start = parse_instant("2026-09-07T00:00:00Z").unwrap();
    let end = parse_instant("2026-09-08T00:00:00Z").unwrap();
    let mut checked = 0;
    let mut shortest_s = f64::INFINITY;
    for sat in sats.iter().filter(|s| s.set.elements.mean_motion > 11.0) {
        let one = std::slice::from_ref(sat);
        let stations = std::slice::from_ref(&station);
        let passes = find_windows(one, stations, &start, &end, &WindowOptions::default()).unwrap();
        for pass in passes.iter().filter(|p| !p.clipped_start && !p.clipped_end && p.max_elevation_deg < 89.0) {
            for delta_deg in [0.002, 0.02, 0.2] {
                let options =
                    WindowOptions { min_elevation_deg: pass.max_elevation_deg - delta_deg, ..Default::default() };
                let found = find_windows(one, stations, &pass.aos, &pass.los, &options).unwrap();
                assert_eq!(
                    found.len(),
                    1,
                    "{} pass at {}: mask max−{delta_deg}° gives {found:?}",
                    sat.name(),
                    pass.culmination
                );
                let w = &found[0];
                assert!(
                    (w.max_elevation_deg - pass.max_elevation_deg).abs() < TOL_MAX_EL_DEG,
                    "{} pass at {}: {w:?} vs {pass:?}",
                    sat.name(),
                    pass.culmination
                );
                assert!(w.aos < pass.culmination && pass.culmination < w.los);
                shortest_s = shortest_s.min(w.duration_s);
                checked += 1;
            }
            let options = WindowOptions { min_elevation_deg: pass.max_elevation_deg + 0.002, ..Default::default() };
            assert!(find_windows(one, stations, &pass.aos, &pass.los, &options).unwrap().is_empty());
        }
    }
    eprintln!("{checked} grazing windows found, shortest {shortest_s:.2} s");
    assert!(checked > 30 && shortest_s < 5.0, "{checked} {shortest_s}");
}

#[test]
fn geo_window_spans_the_interval_and_is_clipped() {
    let catalog = Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default()).unwrap();
    let sat = Satellite::new(catalog.sets.into_iter().find(|s| s.name == "AZERSPACE 1").unwrap()).unwrap();
    let station = StationCatalog::bundled().resolve("Baku").unwrap();
    let start = parse_instant("2026-09-07T00:00:00Z").unwrap();
    let end = parse_instant("2026-09-09T00:00:00Z").unwrap();
    let w = find_windows(&[sat], &[station], &start, &end, &WindowOptions::default()).unwrap();
    assert_eq!(w.len(), 1);
    assert!(w[0].clipped_start && w[0].clipped_end);
    assert_eq!((w[0].aos, w[0].los), (start, end));
    assert!((w[0].duration_s - 172_800.0).abs() < 1e-6);
    assert!((w[0].aos_azimuth_deg - w[0].los_azimuth_deg).abs() < 1.0);
}

#[test]
fn horizon_mask_shortens_windows() {
    // A mask of 30° towards the north-west half of the sky only: windows there start later / end earlier.
    let text = r#"
[[station]]
name = "Flat"
latitude_deg = 40.4093
longitude_deg = 49.8671
altitude_m = 0.0

[[station]]
name = "Hills"
latitude_deg = 40.4093
longitude_deg = 49.8671
altitude_m = 0.0
horizon_mask = [[0.0, 30.0], [179.0, 30.0], [181.0, 0.0], [359.0, 0.0]]
"#;
    let stations = StationCatalog::parse(text, "inline").unwrap().stations;
    // Interpolation across 359° → 360°/0°: halfway between 0° and 30°.
    assert!((stations[1].mask_elevation_deg(359.5, -5.0) - 15.0).abs() < 1e-9);
    assert!((stations[1].mask_elevation_deg(180.0, -5.0) - 15.0).abs() < 1e-9);
    let sats = satellites();
    let start = parse_instant("2026-09-07T00:00:00Z").unwrap();
    let end = parse_instant("2026-09-08T00:00:00Z").unwrap();
    let windows = find_windows(&sats, &stations, &start, &end, &WindowOptions::default()).unwrap();
    let flat: f64 = windows.iter().filter(|w| w.station == "Flat").map(|w| w.duration_s).sum();
    let hills: f64 = windows.iter().filter(|w| w.station == "Hills").map(|w| w.duration_s).sum();
    assert!(hills < flat * 0.9, "{hills} vs {flat}");
    for w in windows.iter().filter(|w| w.station == "Hills") {
        // Every edge sits on the effective mask: at AOS/LOS elevation equals max(10°, mask(azimuth)).
        for (t, az, clipped) in [(w.aos, w.aos_azimuth_deg, w.clipped_start), (w.los, w.los_azimuth_deg, w.clipped_end)]
        {
            if clipped {
                continue;
            }
            let sat = sats.iter().find(|s| s.norad_id() == w.norad_id).unwrap();
            let ecef = satfiber::frames::teme_to_ecef(
                &sat.propagate(&t).unwrap(),
                &t,
                &satfiber::frames::EarthOrientation::default(),
            );
            let look = stations[1].ground.look_angles(&ecef);
            let mask = stations[1].mask_elevation_deg(az, 10.0);
            assert!(
                (look.elevation_deg - mask).abs() < 0.01,
                "{} at {t}: el {} mask {mask} {w:?}",
                w.satellite,
                look.elevation_deg
            );
        }
        assert!(seconds_between(&w.aos, &w.los) > 0.0);
    }
}
