//! The network model against a brute-force networkx shortest path on an independently rebuilt graph
//! (tests/data/networkx_paths.csv from scripts/networkx_paths.py: python-sgp4 positions, GMST 1982, WGS-84
//! stations, networkx.dijkstra_path): identical reachability and path at every step, same delay.

use satfiber::frames::{EarthOrientation, Geodetic};
use satfiber::network::{GroundNode, Hop, IslOptions, IslPattern, LinkOptions, Network, PlaneLayout};
use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use satfiber::time::{add_seconds, parse_instant};
use std::path::Path;

/// Delay agreement, ms (python-sgp4 and our SGP4 agree to ~1e-6 km: ~3e-9 ms per link).
const TOL_ONE_WAY_MS: f64 = 1e-6;

const STATIONS: [(&str, f64, f64); 9] = [
    ("Baku", 40.4093, 49.8671),
    ("Aktau", 43.6500, 51.1700),
    ("Istanbul", 41.0082, 28.9784),
    ("Almaty", 43.2220, 76.8512),
    ("Tashkent", 41.2995, 69.2401),
    ("Ankara", 39.9334, 32.8597),
    ("Trabzon", 41.0027, 39.7168),
    ("Ashgabat", 37.9601, 58.3261),
    ("Bishkek", 42.8746, 74.5698),
];
const PAIRS: [(&str, &str); 3] = [("Baku", "Aktau"), ("Istanbul", "Almaty"), ("Ankara", "Tashkent")];
const GATEWAYS: [&str; 3] = ["Trabzon", "Ashgabat", "Bishkek"];

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn node(name: &str) -> GroundNode {
    let &(_, lat, lon) = STATIONS.iter().find(|s| s.0 == name).unwrap();
    GroundNode::at(name, Geodetic { latitude_deg: lat, longitude_deg: lon, altitude_km: 0.0 })
}

fn check_case(case: &str, pattern: IslPattern, gateways: Vec<GroundNode>) {
    let catalog = Catalog::parse_str(&read("hypatia_kuiper630.tle"), "kuiper", ParseOptions::default()).unwrap();
    let satellites: Vec<Satellite> = catalog.sets.into_iter().map(|s| Satellite::new(s).unwrap()).collect();
    let links = LinkOptions { grazing_altitude_km: 80.0, max_isl_km: None, min_elevation_deg: 25.0, max_gsl_km: None };
    let network = Network::new(
        satellites,
        &PlaneLayout::Explicit { planes: 34, per_plane: 34 },
        &IslOptions { pattern, shift: 0, seam: true },
        links,
        gateways,
        EarthOrientation::default(),
    )
    .unwrap();
    let csv = read("networkx_paths.csv");
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("case,"))
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[0] == case)
        .collect();
    let epoch = parse_instant("2000-01-01T00:00:00Z").unwrap();
    let mut steps: Vec<f64> = rows.iter().map(|f| f[1].parse::<f64>().unwrap()).collect();
    steps.dedup();
    let times: Vec<_> = steps.iter().map(|&s| add_seconds(&epoch, s)).collect();
    let endpoints: Vec<GroundNode> = STATIONS[..6].iter().map(|s| node(s.0)).collect();
    let index = |n: &str| STATIONS.iter().position(|s| s.0 == n).unwrap();
    let pairs: Vec<(usize, usize)> = PAIRS.iter().map(|p| (index(p.0), index(p.1))).collect();
    let sim = network.simulate(&endpoints, &pairs, &times).unwrap();
    let mut reachable = 0;
    for f in &rows {
        let k = steps.iter().position(|&s| s == f[1].parse::<f64>().unwrap()).unwrap();
        let p = PAIRS.iter().position(|p| p.0 == f[2] && p.1 == f[3]).unwrap();
        let ours = &sim.routes[p][k];
        assert_eq!(ours.is_some(), f[4] == "1", "{case} t = {} s {}–{}: reachability", f[1], f[2], f[3]);
        let Some(route) = ours else { continue };
        reachable += 1;
        let path: Vec<String> = route
            .path
            .iter()
            .map(|h| match h {
                Hop::Satellite(s) => s.to_string(),
                Hop::Gateway(g) => format!("G{g}"),
            })
            .collect();
        assert_eq!(path.join("-"), f[7], "{case} t = {} s {}–{}: path", f[1], f[2], f[3]);
        assert_eq!(route.hops.to_string(), f[6]);
        let reference_ms: f64 = f[5].parse().unwrap();
        assert!(
            (route.one_way_ms - reference_ms).abs() < TOL_ONE_WAY_MS,
            "{case} t = {} s: {} vs networkx {reference_ms} ms",
            f[1],
            route.one_way_ms
        );
    }
    assert_eq!(rows.len(), 3 * times.len());
    assert!(reachable > rows.len() / 2, "{case}: only {reachable} reachable steps");
}

#[test]
fn plus_grid_paths_equal_networkx_at_every_step() {
    check_case("isl", IslPattern::PlusGrid, vec![]);
}

#[test]
fn bent_pipe_paths_through_gateways_equal_networkx_at_every_step() {
    check_case("bent", IslPattern::None, GATEWAYS.iter().map(|g| node(g)).collect());
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let catalog = Catalog::parse_str(&read("hypatia_kuiper630.tle"), "kuiper", ParseOptions::default()).unwrap();
    let satellites: Vec<Satellite> = catalog.sets.into_iter().map(|s| Satellite::new(s).unwrap()).collect();
    let network = Network::new(
        satellites,
        &PlaneLayout::Explicit { planes: 34, per_plane: 34 },
        &IslOptions::default(),
        LinkOptions::default(),
        vec![node("Trabzon")],
        EarthOrientation::default(),
    )
    .unwrap();
    let epoch = parse_instant("2000-01-01T00:00:00Z").unwrap();
    // 200 steps: several parallel chunks.
    let times: Vec<_> = (0..200).map(|k| add_seconds(&epoch, 7.0 * f64::from(k))).collect();
    let endpoints: Vec<GroundNode> = STATIONS[..6].iter().map(|s| node(s.0)).collect();
    let pairs = [(0, 1), (2, 3), (5, 4)];
    let default = network.simulate(&endpoints, &pairs, &times).unwrap();
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let single = one.install(|| network.simulate(&endpoints, &pairs, &times).unwrap());
    assert_eq!(default, single);
    assert!(default.routes.iter().flatten().filter(|r| r.is_some()).count() > 300);
}
