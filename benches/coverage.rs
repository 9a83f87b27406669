//! Coverage engine benches: the reference problem (0.25° grid over the OTS region, 21,840 cells ×
//! 50 Walker satellites at 550 km, 53° × 1440 one-minute steps) with the fast engine, and a smaller problem
//! with both the fast engine and the brute force for the speed-up ratio.
use criterion::{criterion_group, criterion_main, Criterion};
use satfiber::coverage::{brute_force_counts, compute, CoverageOptions, Grid, RegionCatalog};
use satfiber::orbit::walker::WalkerDelta;
use satfiber::orbit::Satellite;
use satfiber::time::{add_seconds, parse_instant, TimeGrid};

fn setup(step_deg: f64, steps: usize) -> (Grid, Vec<Satellite>, TimeGrid) {
    let epoch = parse_instant("2026-09-07T00:00:00Z").unwrap();
    let sats = WalkerDelta::new(50, 5, 1, 550.0, 53.0)
        .element_sets(&epoch)
        .unwrap()
        .into_iter()
        .map(|s| Satellite::new(s).unwrap())
        .collect();
    let grid = Grid::new(RegionCatalog::bundled().get("OTS").unwrap(), step_deg).unwrap();
    // `steps` samples one minute apart (the interval is steps − 1 minutes long).
    let time = TimeGrid::new(epoch, add_seconds(&epoch, 60.0 * (steps - 1) as f64), 60.0).unwrap();
    (grid, sats, time)
}

fn coverage(c: &mut Criterion) {
    let options = CoverageOptions::default();
    let (grid, sats, time) = setup(0.25, 1440);
    let mut group = c.benchmark_group("coverage");
    group.sample_size(10);
    group.bench_function("ots_0.25deg_50sats_1440steps_fast", |b| {
        b.iter(|| compute(&grid, &sats, &time, &options).unwrap())
    });
    let (grid, sats, time) = setup(1.0, 120);
    group.bench_function("ots_1deg_50sats_120steps_fast", |b| {
        b.iter(|| compute(&grid, &sats, &time, &options).unwrap())
    });
    group.bench_function("ots_1deg_50sats_120steps_brute_force", |b| {
        b.iter(|| brute_force_counts(&grid, &sats, &time, &options).unwrap())
    });
    group.finish();
}

criterion_group!(benches, coverage);
criterion_main!(benches);
