//! criterion benches for `satfiber compare` on the default scenario: the comparison alone, the full report
//! rendering (tables, 5 charts as SVG + PNG, HTML), and a 5-value sweep.
use criterion::{criterion_group, criterion_main, Criterion};
use satfiber::scenario::report::render_files;
use satfiber::scenario::sweep::{run_sweep, SweepSpec};
use satfiber::scenario::{compare, Scenario, DEFAULT_SCENARIO_TOML};
use std::path::Path;

fn scenario() -> Scenario {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
    Scenario::parse(DEFAULT_SCENARIO_TOML, "configs/caspian.toml", &base).expect("default scenario is valid")
}

fn benches(c: &mut Criterion) {
    let s = scenario();
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    group.bench_function("parse_default_scenario", |b| b.iter(scenario));
    group.bench_function("compare_default_scenario", |b| b.iter(|| compare(&s).unwrap()));
    let comparison = compare(&s).unwrap();
    group.bench_function("render_report_default_scenario", |b| b.iter(|| render_files(&s, &comparison, None).unwrap()));
    let spec = SweepSpec::parse("option.Trans-Caspian cable.design.availability.mttr_days=10:50:10").unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
    group.bench_function("sweep_5_values_default_scenario", |b| {
        b.iter(|| run_sweep(DEFAULT_SCENARIO_TOML, "configs/caspian.toml", &base, &spec).unwrap())
    });
    group.finish();
}

criterion_group!(compare_benches, benches);
criterion_main!(compare_benches);
