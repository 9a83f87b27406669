//! Visibility windows against Skyfield's `find_events` (tests/data/skyfield_events.csv, written by
//! scripts/skyfield_events.py): every Skyfield rise, set and culmination matched within 1 s, no extra or
//! missing passes.

use satfiber::frames::EarthOrientation;
use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use satfiber::stations::StationCatalog;
use satfiber::time::{parse_instant, seconds_between, Instant};
use satfiber::visibility::{find_windows, Window, WindowOptions};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Event-time agreement required with Skyfield, seconds.
const TOL_EVENT_S: f64 = 1.0;
/// Culmination-time agreement, seconds, unless the maximum is so flat (Molniya apogee) that both elevations
/// agree within `TOL_FLAT_MAX_DEG`: then the time of the maximum is ill-conditioned and not compared.
const TOL_CULMINATION_S: f64 = 1.0;
/// Maximum-elevation agreement, degrees.
const TOL_MAX_EL_DEG: f64 = 0.01;
/// Elevation error allowed for the interpolated track (≈ 12 m Hermite error at ≥ 700 km range), degrees.
const TOL_INTERPOLATION_DEG: f64 = 1e-3;
/// A maximum this flat (degrees) leaves its time undetermined.
const TOL_FLAT_MAX_DEG: f64 = 1e-4;

struct Event {
    norad: u64,
    station: String,
    kind: String,
    time: Instant,
    dut1_s: f64,
    altitude_deg: f64,
}

fn reference() -> Vec<(String, String, Vec<Event>, String, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/skyfield_events.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut cases: Vec<(String, String, Vec<Event>, String, String)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let event = Event {
            norad: f[2].parse().unwrap(),
            station: f[3].to_string(),
            kind: f[4].to_string(),
            time: parse_instant(f[5]).unwrap(),
            dut1_s: f[6].parse().unwrap(),
            altitude_deg: f[7].parse().unwrap(),
        };
        match cases.last_mut() {
            Some(case) if case.0 == f[0] => case.2.push(event),
            _ => cases.push((f[0].to_string(), f[1].to_string(), vec![event], f[8].to_string(), f[9].to_string())),
        }
    }
    cases
}

fn satellites(tle: &str, label: &str) -> Option<Vec<Satellite>> {
    let (path, first) = if let Some(relative) = tle.strip_prefix("shared:") {
        let n = if label == "starlink" { 12 } else { 6 };
        (satfiber::testdata::shared_data(relative)?, n)
    } else {
        (PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(tle), usize::MAX)
    };
    let catalog = Catalog::load(&path, ParseOptions::default()).unwrap();
    assert!(catalog.skipped.is_empty(), "{:?}", catalog.skipped);
    Some(catalog.sets.into_iter().take(first).map(|s| Satellite::new(s).unwrap()).collect())
}

#[test]
fn windows_match_skyfield_find_events() {
    let station_names = ["Baku", "Aktau", "Ankara", "Almaty", "Tashkent"];
    let catalog = StationCatalog::bundled();
    let stations: Vec<_> = station_names.iter().map(|n| catalog.resolve(n).unwrap()).collect();
    let mut worst_edge_s: f64 = 0.0;
    let mut worst_culmination_s: f64 = 0.0;
    let mut worst_max_el_deg: f64 = 0.0;
    let mut compared_cases = 0;
    let mut passes = 0;
    let mut shortest_pass_s = f64::INFINITY;
    for (label, tle, events, start, end) in reference() {
        let Some(sats) = satellites(&tle, &label) else { continue };
        compared_cases += 1;
        let dut1_s = events.iter().map(|e| e.dut1_s).sum::<f64>() / events.len() as f64;
        let options = WindowOptions { min_elevation_deg: 10.0, eop: EarthOrientation { dut1_s } };
        let (start, end) = (parse_instant(&start).unwrap(), parse_instant(&end).unwrap());
        let windows = find_windows(&sats, &stations, &start, &end, &options).unwrap();
        let mut ours: BTreeMap<(u64, String), Vec<&Window>> = BTreeMap::new();
        for w in &windows {
            ours.entry((w.norad_id, w.station.clone())).or_default().push(w);
        }
        let mut theirs: BTreeMap<(u64, String), Vec<&Event>> = BTreeMap::new();
        for e in &events {
            theirs.entry((e.norad, e.station.clone())).or_default().push(e);
        }
        for sat in &sats {
            for station in station_names {
                let key = (sat.norad_id(), station.to_string());
                let ws = ours.get(&key).cloned().unwrap_or_default();
                let es = theirs.get(&key).map(|v| v.as_slice()).unwrap_or(&[]);
                let what = format!("{label}: {} from {station}", sat.name());
                let rises: Vec<Instant> = es.iter().filter(|e| e.kind == "rise").map(|e| e.time).collect();
                let sets: Vec<Instant> = es.iter().filter(|e| e.kind == "set").map(|e| e.time).collect();
                let aos: Vec<Instant> = ws.iter().filter(|w| !w.clipped_start).map(|w| w.aos).collect();
                let los: Vec<Instant> = ws.iter().filter(|w| !w.clipped_end).map(|w| w.los).collect();
                assert_eq!(aos.len(), rises.len(), "{what}: AOS {aos:?} vs Skyfield rises {rises:?}");
                assert_eq!(los.len(), sets.len(), "{what}: LOS {los:?} vs Skyfield sets {sets:?}");
                for (a, b) in aos.iter().zip(&rises).chain(los.iter().zip(&sets)) {
                    let d = seconds_between(b, a).abs();
                    worst_edge_s = worst_edge_s.max(d);
                    assert!(d <= TOL_EVENT_S, "{what}: event {a} vs Skyfield {b}: {d:.3} s");
                }
                for w in &ws {
                    passes += 1;
                    if !w.clipped_start && !w.clipped_end {
                        shortest_pass_s = shortest_pass_s.min(w.duration_s);
                        let culminations: Vec<&&Event> =
                            es.iter().filter(|e| e.kind == "culminate" && e.time >= w.aos && e.time <= w.los).collect();
                        // Several culminations in one pass: ours is the highest.
                        if let Some(c) = culminations.iter().max_by(|a, b| a.altitude_deg.total_cmp(&b.altitude_deg)) {
                            let d = seconds_between(&c.time, &w.culmination).abs();
                            let d_el = (c.altitude_deg - w.max_elevation_deg).abs();
                            worst_max_el_deg = worst_max_el_deg.max(d_el);
                            // Skyfield's maximum is located to ~0.5 s, so ours may only be higher.
                            assert!(
                                d_el <= TOL_MAX_EL_DEG && w.max_elevation_deg >= c.altitude_deg - TOL_INTERPOLATION_DEG,
                                "{what}: max elevation {} vs {}",
                                w.max_elevation_deg,
                                c.altitude_deg
                            );
                            if d_el > TOL_FLAT_MAX_DEG || d <= TOL_CULMINATION_S {
                                worst_culmination_s = worst_culmination_s.max(d);
                                assert!(
                                    d <= TOL_CULMINATION_S,
                                    "{what}: culmination {} vs {}: {d:.3} s",
                                    w.culmination,
                                    c.time
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    eprintln!(
        "compared {compared_cases} cases, {passes} passes (shortest {shortest_pass_s:.1} s): worst AOS/LOS {worst_edge_s:.3} s, worst culmination {worst_culmination_s:.3} s, worst max elevation {worst_max_el_deg:.5} deg"
    );
    assert!(compared_cases >= 2);
}
