//! Overhead of sharding: the reference problem (0.25° OTS grid, 21,840 cells × Walker 50 at 550 km,
//! 53° × 1440 one-minute steps) as one `compute` against 4 shards (by time, by cells) each computed and
//! written to a partial-state file, then merged; and the merge alone.
use criterion::{criterion_group, criterion_main, Criterion};
use satfiber::coverage::shard::{compute_part, write_part};
use satfiber::coverage::{compute, merge_parts, CoverageOptions, Grid, NoMonitor, RegionCatalog, ShardKind, ShardSpec};
use satfiber::orbit::walker::WalkerDelta;
use satfiber::orbit::Satellite;
use satfiber::time::{add_seconds, parse_instant, TimeGrid};
use std::path::{Path, PathBuf};

const SHARDS: usize = 4;

fn setup() -> (Grid, Vec<Satellite>, TimeGrid) {
    let epoch = parse_instant("2026-09-07T00:00:00Z").unwrap();
    let sats = WalkerDelta::new(50, 5, 1, 550.0, 53.0)
        .element_sets(&epoch)
        .unwrap()
        .into_iter()
        .map(|s| Satellite::new(s).unwrap())
        .collect();
    let grid = Grid::new(RegionCatalog::bundled().get("OTS").unwrap(), 0.25).unwrap();
    let time = TimeGrid::new(epoch, add_seconds(&epoch, 60.0 * 1439.0), 60.0).unwrap();
    (grid, sats, time)
}

/// Every shard computed and written into `dir`: the part files.
fn shards(dir: &Path, grid: &Grid, sats: &[Satellite], time: &TimeGrid, kind: ShardKind) -> Vec<PathBuf> {
    let options = CoverageOptions::default();
    (0..SHARDS)
        .map(|k| {
            let spec = ShardSpec::new(k, SHARDS, kind).unwrap();
            let part = compute_part(grid, sats, time, &options, spec, "walker", &NoMonitor).unwrap();
            let path = dir.join(format!("part-{}-{k}.cov", kind.name()));
            let file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
            write_part(&part, file).unwrap();
            path
        })
        .collect()
}

fn coverage_shard(c: &mut Criterion) {
    let (grid, sats, time) = setup();
    let options = CoverageOptions::default();
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("coverage_shard");
    group.sample_size(10);
    group.bench_function("ots_0.25deg_50sats_1440steps_single", |b| {
        b.iter(|| compute(&grid, &sats, &time, &options).unwrap())
    });
    for kind in [ShardKind::Time, ShardKind::Cells] {
        group.bench_function(format!("ots_0.25deg_50sats_1440steps_4_{}_shards_and_merge", kind.name()), |b| {
            b.iter(|| merge_parts(&shards(dir.path(), &grid, &sats, &time, kind)).unwrap())
        });
        let parts = shards(dir.path(), &grid, &sats, &time, kind);
        group.bench_function(format!("ots_0.25deg_merge_4_{}_parts", kind.name()), |b| {
            b.iter(|| merge_parts(&parts).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, coverage_shard);
criterion_main!(benches);
