//! Visibility windows: 100 Starlink satellites × 8 stations × 1 day (the workload), against Skyfield's
//! find_events on the same work (scripts/skyfield_events.py bench).

use criterion::{criterion_group, criterion_main, Criterion};
use satfiber::frames::EarthOrientation;
use satfiber::orbit::{Catalog, ParseOptions, Satellite};
use satfiber::stations::StationCatalog;
use satfiber::time::parse_instant;
use satfiber::visibility::{find_windows, WindowOptions};

const STATIONS: [&str; 8] = ["Baku", "Aktau", "Ankara", "Almaty", "Tashkent", "Bishkek", "Ashgabat", "Astana"];

fn windows(c: &mut Criterion) {
    let Some(path) = satfiber::testdata::shared_data("tle/starlink_2026-05-30.tle") else { return };
    let catalog = Catalog::load(&path, ParseOptions::default()).expect("starlink file parses");
    let satellites: Vec<Satellite> =
        catalog.sets.into_iter().take(100).map(|s| Satellite::new(s).expect("valid elements")).collect();
    let station_catalog = StationCatalog::bundled();
    let stations: Vec<_> = STATIONS.iter().map(|n| station_catalog.resolve(n).expect("bundled station")).collect();
    let start = parse_instant("2026-05-31T00:00:00Z").unwrap();
    let end = parse_instant("2026-06-01T00:00:00Z").unwrap();
    let options = WindowOptions { min_elevation_deg: 10.0, eop: EarthOrientation::default() };
    let count = find_windows(&satellites, &stations, &start, &end, &options).unwrap().len();
    eprintln!("{count} windows");
    let mut group = c.benchmark_group("windows");
    group.sample_size(20);
    group.bench_function("starlink100_x_8_stations_1day", |b| {
        b.iter(|| find_windows(&satellites, &stations, &start, &end, &options).unwrap())
    });
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    group.bench_function("starlink100_x_8_stations_1day_1thread", |b| {
        b.iter(|| pool.install(|| find_windows(&satellites, &stations, &start, &end, &options).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, windows);
criterion_main!(benches);
