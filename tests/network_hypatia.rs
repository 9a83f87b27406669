//! The network model against Hypatia's satgenpy (tests/data/hypatia_kuiper630_*, scripts/hypatia_rtt.py):
//! Kuiper-630 34×34 with +Grid ISLs (shift 0), Hypatia's maximum GSL and ISL lengths, three city pairs, 301
//! one-second steps. Hypatia propagates its TLEs with pyephem; we use SGP4 on the same TLEs.

use satfiber::frames::{EarthOrientation, Geodetic};
use satfiber::network::{GroundNode, Hop, InferOptions, IslOptions, LinkOptions, Network, PlaneLayout};
use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use satfiber::time::{add_seconds, parse_instant};
use std::collections::BTreeSet;
use std::path::Path;

/// RTT agreement required away from path switches, ms.
const TOL_RTT_MS: f64 = 0.1;

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Max GSL and ISL lengths from the CSV header, km.
fn limits_km(csv: &str) -> (f64, f64) {
    let line = csv.lines().find(|l| l.contains("max_gsl_length_m")).expect("limits in header");
    let value = |key: &str| -> f64 {
        let rest = &line[line.find(key).unwrap() + key.len()..];
        rest.trim().split([',', ' ']).next().unwrap().parse::<f64>().unwrap() / 1e3
    };
    (value("max_gsl_length_m"), value("max_isl_length_m"))
}

struct Row {
    t_s: f64,
    pair: usize,
    reachable: bool,
    rtt_ms: f64,
    hops: u32,
    path: Vec<u32>,
}

const STATIONS: [(&str, f64, f64); 6] = [
    ("Baku", 40.4093, 49.8671),
    ("Aktau", 43.6500, 51.1700),
    ("Istanbul", 41.0082, 28.9784),
    ("Almaty", 43.2220, 76.8512),
    ("Tashkent", 41.2995, 69.2401),
    ("Ankara", 39.9334, 32.8597),
];
const PAIRS: [(&str, &str); 3] = [("Baku", "Aktau"), ("Istanbul", "Almaty"), ("Ankara", "Tashkent")];

fn rows(csv: &str) -> Vec<Row> {
    csv.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("t_s"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let pair = PAIRS.iter().position(|p| p.0 == f[1] && p.1 == f[2]).unwrap();
            let reachable = f[3] == "1";
            Row {
                t_s: f[0].parse().unwrap(),
                pair,
                reachable,
                rtt_ms: if reachable { f[4].parse().unwrap() } else { f64::NAN },
                hops: if reachable { f[6].parse().unwrap() } else { 0 },
                path: if reachable { f[7].split('-').map(|s| s.parse().unwrap()).collect() } else { vec![] },
            }
        })
        .collect()
}

fn network() -> (Network, f64, f64) {
    let csv = data("hypatia_kuiper630_rtt.csv");
    let (max_gsl_km, max_isl_km) = limits_km(&csv);
    let catalog = Catalog::parse_str(
        &data("hypatia_kuiper630.tle"),
        "hypatia_kuiper630.tle",
        ParseOptions { verify_checksum: true, strict: true },
    )
    .unwrap();
    assert_eq!(catalog.sets.len(), 34 * 34);
    let satellites: Vec<Satellite> = catalog.sets.into_iter().map(|s| Satellite::new(s).unwrap()).collect();
    let links = LinkOptions {
        grazing_altitude_km: 80.0,
        max_isl_km: Some(max_isl_km),
        min_elevation_deg: 0.0,
        max_gsl_km: Some(max_gsl_km),
    };
    let network = Network::new(
        satellites,
        &PlaneLayout::Infer(InferOptions::default()),
        &IslOptions::default(),
        links,
        vec![],
        EarthOrientation::default(),
    )
    .unwrap();
    (network, max_gsl_km, max_isl_km)
}

#[test]
fn inferred_plus_grid_equals_hypatia_isls() {
    let (network, _, _) = network();
    let hypatia: BTreeSet<(u32, u32)> = data("hypatia_kuiper630_isls.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let mut it = l.split_whitespace().map(|v| v.parse::<u32>().unwrap());
            (it.next().unwrap(), it.next().unwrap())
        })
        .collect();
    let ours: BTreeSet<(u32, u32)> = network.topology.isls.iter().copied().collect();
    assert_eq!(network.topology.shells.len(), 1);
    assert_eq!(network.topology.shells[0].planes.len(), 34);
    assert_eq!(ours.len(), 2 * 34 * 34);
    assert_eq!(ours, hypatia);
}

#[test]
fn rtt_series_matches_hypatia_away_from_path_switches() {
    let (network, _, _) = network();
    let reference = rows(&data("hypatia_kuiper630_rtt.csv"));
    let epoch = parse_instant("2000-01-01T00:00:00Z").unwrap();
    let steps: Vec<f64> = reference.iter().filter(|r| r.pair == 0).map(|r| r.t_s).collect();
    let times: Vec<_> = steps.iter().map(|&s| add_seconds(&epoch, s)).collect();
    let endpoints: Vec<GroundNode> = STATIONS
        .iter()
        .map(|&(name, lat, lon)| {
            GroundNode::at(name, Geodetic { latitude_deg: lat, longitude_deg: lon, altitude_km: 0.0 })
        })
        .collect();
    let index = |name: &str| STATIONS.iter().position(|s| s.0 == name).unwrap();
    let pairs: Vec<(usize, usize)> = PAIRS.iter().map(|p| (index(p.0), index(p.1))).collect();
    let sim = network.simulate(&endpoints, &pairs, &times).unwrap();
    assert_eq!(sim.failed_states, 0);

    let (mut compared, mut same_path, mut max_diff, mut max_same_path_diff) = (0, 0, 0.0f64, 0.0f64);
    for (p, _) in PAIRS.iter().enumerate() {
        let ref_rows: Vec<&Row> = reference.iter().filter(|r| r.pair == p).collect();
        assert_eq!(ref_rows.len(), times.len());
        for (k, r) in ref_rows.iter().enumerate() {
            let ours = &sim.routes[p][k];
            assert_eq!(ours.is_some(), r.reachable, "pair {p} at t = {} s: reachability", r.t_s);
            let Some(route) = ours else { continue };
            let stable =
                k > 0 && k + 1 < ref_rows.len() && ref_rows[k - 1].path == r.path && ref_rows[k + 1].path == r.path;
            if !stable {
                continue;
            }
            compared += 1;
            let diff = (route.rtt_ms() - r.rtt_ms).abs();
            max_diff = max_diff.max(diff);
            assert!(
                diff < TOL_RTT_MS,
                "pair {p} at t = {} s: RTT {} vs Hypatia {} ms",
                r.t_s,
                route.rtt_ms(),
                r.rtt_ms
            );
            let path: Vec<u32> =
                route.path.iter().map(|h| if let Hop::Satellite(s) = h { *s } else { u32::MAX }).collect();
            if path == r.path {
                same_path += 1;
                assert_eq!(route.hops, r.hops);
                max_same_path_diff = max_same_path_diff.max(diff);
            }
        }
    }
    eprintln!(
        "Hypatia: {compared} stable steps compared, {same_path} with the identical path; max |ΔRTT| {max_diff:.4} ms, on identical paths {max_same_path_diff:.4} ms"
    );
    assert!(compared > 700, "{compared} steps compared");
    assert!(same_path * 100 >= compared * 95, "{same_path} of {compared} with the same path");
}
