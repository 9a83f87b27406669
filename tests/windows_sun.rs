//! Sun outages and eclipses against an independent computation with Skyfield positions and the JPL DE421 Sun
//! (tests/data/skyfield_sun.csv, written by scripts/skyfield_sun.py); GEO eclipse-season properties.

use satfiber::frames::EarthOrientation;
use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use satfiber::stations::StationCatalog;
use satfiber::sun::{eclipse_season, find_eclipses, find_sun_outages, Beam, DEFAULT_BEAMWIDTH_COEFFICIENT};
use satfiber::time::{add_seconds, parse_instant, seconds_between, Instant};

/// Sun-outage edge and peak agreement with the reference, seconds (the bound).
const TOL_OUTAGE_S: f64 = 30.0;
/// Minimum-separation agreement, degrees (low-precision Sun ≈ 0.01°).
const TOL_SEPARATION_DEG: f64 = 0.02;
/// Eclipse entry/exit agreement, seconds: 0.01° of Sun error moves a GEO penumbra edge by ~2.4 s.
const TOL_ECLIPSE_S: f64 = 5.0;
/// dUT1 during 2026-09/10 from Skyfield's built-in IERS table (≈ 0.078 s; tests/data/skyfield_events.csv).
const DUT1_S: f64 = 0.078;

struct Row {
    kind: String,
    satellite: String,
    station: String,
    ghz: f64,
    dish: f64,
    event: String,
    time: Instant,
    value: Option<f64>,
}

fn reference() -> Vec<Row> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/skyfield_sun.csv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            Row {
                kind: f[0].into(),
                satellite: f[1].into(),
                station: f[2].into(),
                ghz: f[3].parse().unwrap_or(0.0),
                dish: f[4].parse().unwrap_or(0.0),
                event: f[5].into(),
                time: parse_instant(f[6]).unwrap(),
                value: f[7].parse().ok(),
            }
        })
        .collect()
}

fn satellite(name: &str) -> Satellite {
    let catalog = Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default()).unwrap();
    Satellite::new(catalog.sets.into_iter().find(|s| s.name == name).unwrap()).unwrap()
}

#[test]
fn sun_outages_match_reference() {
    let rows = reference();
    let mut cases: Vec<(String, String, f64, f64)> = Vec::new();
    for r in rows.iter().filter(|r| r.kind == "outage") {
        let key = (r.satellite.clone(), r.station.clone(), r.ghz, r.dish);
        if !cases.contains(&key) {
            cases.push(key);
        }
    }
    assert_eq!(cases.len(), 3);
    let (start, end) = (parse_instant("2026-09-28T00:00:00Z").unwrap(), parse_instant("2026-10-18T00:00:00Z").unwrap());
    let mut worst_s: f64 = 0.0;
    let mut worst_sep: f64 = 0.0;
    for (sat_name, station_name, ghz, dish) in cases {
        let sat = satellite(&sat_name);
        let station = StationCatalog::bundled().resolve(&station_name).unwrap();
        let beam = Beam::Dish { frequency_ghz: ghz, diameter_m: dish, coefficient: DEFAULT_BEAMWIDTH_COEFFICIENT };
        let ours =
            find_sun_outages(&sat, &station.ground, &start, &end, &beam, &EarthOrientation { dut1_s: DUT1_S }).unwrap();
        let theirs: Vec<&Row> = rows
            .iter()
            .filter(|r| r.kind == "outage" && r.satellite == sat_name && r.station == station_name)
            .collect();
        assert_eq!(
            ours.len() * 3,
            theirs.len(),
            "{sat_name} from {station_name}: {} outages vs {}",
            ours.len(),
            theirs.len() / 3
        );
        for (o, r) in ours.iter().zip(theirs.chunks(3)) {
            for (t, reference) in [(o.start, &r[0]), (o.peak, &r[1]), (o.end, &r[2])] {
                let d = seconds_between(&reference.time, &t).abs();
                worst_s = worst_s.max(d);
                assert!(
                    d <= TOL_OUTAGE_S,
                    "{sat_name}/{station_name} {}: {t} vs {}: {d:.1} s",
                    reference.event,
                    reference.time
                );
            }
            let d_sep = (o.min_separation_deg - r[1].value.unwrap()).abs();
            worst_sep = worst_sep.max(d_sep);
            assert!(
                d_sep <= TOL_SEPARATION_DEG,
                "{sat_name}/{station_name}: separation {} vs {:?}",
                o.min_separation_deg,
                r[1].value
            );
        }
    }
    eprintln!("sun outages: worst edge/peak {worst_s:.2} s, worst min separation {worst_sep:.4} deg");
}

#[test]
fn eclipses_match_reference() {
    let rows = reference();
    let mut worst: f64 = 0.0;
    for (name, start, days) in
        [("AZERSPACE 1", "2026-09-10T00:00:00Z", 6.0), ("ISS (ZARYA)", "2026-09-07T00:00:00Z", 1.0)]
    {
        let sat = satellite(name);
        let start = parse_instant(start).unwrap();
        let end = add_seconds(&start, days * 86_400.0);
        let eclipses = find_eclipses(&sat, &start, &end).unwrap();
        let mut ours: Vec<(&str, Instant)> = Vec::new();
        for e in &eclipses {
            if !e.clipped_start {
                ours.push(("penumbra_entry", e.penumbra_start));
                if let Some(t) = e.umbra_start {
                    ours.push(("umbra_entry", t));
                }
            }
            if !e.clipped_end {
                ours.push(("penumbra_exit", e.penumbra_end));
                if let Some(t) = e.umbra_end {
                    ours.push(("umbra_exit", t));
                }
            }
            if e.clipped_start && !e.clipped_end {
                // Umbra exit of an eclipse already under way at the start.
                if let (Some(_), Some(t)) = (e.umbra_start, e.umbra_end) {
                    if t > start && !ours.contains(&("umbra_exit", t)) {
                        ours.push(("umbra_exit", t));
                    }
                }
            }
        }
        let theirs: Vec<&Row> = rows.iter().filter(|r| r.kind == "eclipse" && r.satellite == name).collect();
        for kind in ["penumbra_entry", "penumbra_exit", "umbra_entry", "umbra_exit"] {
            let a: Vec<Instant> = ours.iter().filter(|o| o.0 == kind).map(|o| o.1).collect();
            let mut b: Vec<Instant> = theirs.iter().filter(|r| r.event == kind).map(|r| r.time).collect();
            b.sort();
            let mut a = a;
            a.sort();
            assert_eq!(a.len(), b.len(), "{name} {kind}: {a:?} vs {b:?}");
            for (x, y) in a.iter().zip(&b) {
                let d = seconds_between(y, x).abs();
                worst = worst.max(d);
                assert!(d <= TOL_ECLIPSE_S, "{name} {kind}: {x} vs {y}: {d:.2} s");
            }
        }
    }
    eprintln!("eclipses: worst entry/exit {worst:.2} s");
}

#[test]
fn geo_spring_eclipse_season() {
    // GEO eclipse seasons last ~44-46 days centred on the equinox, with the longest eclipse ~70-72 min
    // (penumbra included) at the equinox (e.g. Wertz, Spacecraft Attitude Determination and Control, §3.3).
    let sat = satellite("AZERSPACE 1");
    let start = parse_instant("2026-02-01T00:00:00Z").unwrap();
    let end = parse_instant("2026-05-01T00:00:00Z").unwrap();
    let eclipses = find_eclipses(&sat, &start, &end).unwrap();
    let season = eclipse_season(&eclipses).unwrap();
    assert!((43..=47).contains(&season.eclipses), "{season:?}");
    assert!(("2026-02-23".."2026-03-01").contains(&season.first_day.as_str()), "{season:?}");
    assert!(("2026-04-09".."2026-04-15").contains(&season.last_day.as_str()), "{season:?}");
    assert!((69.0 * 60.0..=73.0 * 60.0).contains(&season.longest_penumbra_s), "{season:?}");
    let equinox = parse_instant("2026-03-20T14:46:00Z").unwrap();
    assert!(seconds_between(&equinox, &season.longest_start).abs() < 3.0 * 86_400.0, "{season:?}");
    // Umbra is always inside penumbra.
    for e in &eclipses {
        if let (Some(a), Some(b)) = (e.umbra_start, e.umbra_end) {
            assert!(e.penumbra_start <= a && a < b && b <= e.penumbra_end);
        }
    }
}
