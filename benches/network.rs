//! LEO network routing: a Starlink-class shell (Walker 1584/72/39 at 550 km, 53°, +Grid ISLs) × 10 ground pairs
//! × 1 day at 1 s steps (86,400 steps; `NETWORK_BENCH_HOURS` shortens it), and the per-step routing alone (graph +
//! 10 routes on precomputed positions) for the ratio against networkx on the same graph
//! (`scripts/networkx_paths.py bench`, which times graph build + 10 dijkstra_path per step).

use criterion::{criterion_group, criterion_main, Criterion};
use satfiber::frames::{EarthOrientation, Geodetic};
use satfiber::network::graph::{shortest_route, Adjacency, Workspace};
use satfiber::network::{GroundNode, InferOptions, IslOptions, LinkOptions, Network, PlaneLayout};
use satfiber::orbit::walker::WalkerDelta;
use satfiber::orbit::Satellite;
use satfiber::time::{add_seconds, parse_instant};
use std::time::Duration;

const STATIONS: [(&str, f64, f64); 9] = [
    ("Baku", 40.4093, 49.8671),
    ("Aktau", 43.6500, 51.1700),
    ("Istanbul", 41.0082, 28.9784),
    ("Almaty", 43.2220, 76.8512),
    ("Tashkent", 41.2995, 69.2401),
    ("Ankara", 39.9334, 32.8597),
    ("Ashgabat", 37.9601, 58.3261),
    ("Astana", 51.1694, 71.4491),
    ("Bishkek", 42.8746, 74.5698),
];
/// The same ten pairs as `scripts/networkx_paths.py` BENCH_PAIRS.
const PAIRS: [(&str, &str); 10] = [
    ("Baku", "Aktau"),
    ("Istanbul", "Almaty"),
    ("Ankara", "Tashkent"),
    ("Baku", "Istanbul"),
    ("Aktau", "Tashkent"),
    ("Almaty", "Ashgabat"),
    ("Astana", "Ankara"),
    ("Bishkek", "Baku"),
    ("Tashkent", "Istanbul"),
    ("Ashgabat", "Astana"),
];

fn setup() -> (Network, Vec<GroundNode>, Vec<(usize, usize)>) {
    let epoch = parse_instant("2026-09-07T00:00:00Z").unwrap();
    let satellites: Vec<Satellite> = WalkerDelta::new(1584, 72, 39, 550.0, 53.0)
        .element_sets(&epoch)
        .unwrap()
        .into_iter()
        .map(|s| Satellite::new(s).unwrap())
        .collect();
    let network = Network::new(
        satellites,
        &PlaneLayout::Infer(InferOptions::default()),
        &IslOptions::default(),
        LinkOptions::default(),
        vec![],
        EarthOrientation::default(),
    )
    .unwrap();
    let endpoints: Vec<GroundNode> = STATIONS
        .iter()
        .map(|&(n, lat, lon)| GroundNode::at(n, Geodetic { latitude_deg: lat, longitude_deg: lon, altitude_km: 0.0 }))
        .collect();
    let index = |n: &str| STATIONS.iter().position(|s| s.0 == n).unwrap();
    let pairs = PAIRS.iter().map(|p| (index(p.0), index(p.1))).collect();
    (network, endpoints, pairs)
}

fn network(c: &mut Criterion) {
    let (network, endpoints, pairs) = setup();
    let epoch = parse_instant("2026-09-07T00:00:00Z").unwrap();
    let hours: f64 = std::env::var("NETWORK_BENCH_HOURS").ok().and_then(|v| v.parse().ok()).unwrap_or(24.0);
    let steps = (hours * 3600.0) as usize;
    let times: Vec<_> = (0..steps).map(|k| add_seconds(&epoch, k as f64)).collect();
    let mut group = c.benchmark_group("network");
    group.sample_size(10).warm_up_time(Duration::from_millis(1)).measurement_time(Duration::from_secs(1));
    group.bench_function(format!("walker1584_x_10_pairs_{hours}h_1s"), |b| {
        b.iter(|| network.simulate(&endpoints, &pairs, &times).unwrap())
    });

    // Routing alone on precomputed positions: graph edges + visibility + 10 routes per step.
    let positions: Vec<_> = times.iter().take(100).map(|t| network.positions_at(t)).collect();
    let adjacency = Adjacency::new(network.satellites.len(), &network.topology.isls);
    let mut work = Workspace::default();
    group.sample_size(20).measurement_time(Duration::from_secs(3));
    group.bench_function("routing_per_100_steps_graph_and_10_pairs", |b| {
        b.iter(|| {
            let mut hops = 0u32;
            for p in &positions {
                let graph = network.step_graph(p);
                let visible: Vec<_> = endpoints.iter().map(|e| e.visible(p, &network.links)).collect();
                for &(a, z) in &pairs {
                    if let Some(r) = shortest_route(&adjacency, &graph, &visible[a], &visible[z], &mut work) {
                        hops += r.hops;
                    }
                }
            }
            hops
        })
    });
    group.finish();
}

criterion_group!(benches, network);
criterion_main!(benches);
