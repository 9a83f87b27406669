//! criterion benches for the fiber model: full designs (NLI matrix, launch optimum, span-by-span propagation,
//! modes, capacity, cost) on C-band plans of 64 and 96 channels with 4 to 20 spans, and the GNPy comparison case.
use criterion::{criterion_group, criterion_main, Criterion};
use satfiber::fiber::{evaluate, ChannelPlan, Equipment, NliModel, Route, RouteCatalog, SystemDesign};
use std::hint::black_box;

fn designs(c: &mut Criterion) {
    let equipment = Equipment::bundled();
    let routes = RouteCatalog::bundled();
    let sumgait = routes.route("sumgait-aktau").unwrap().clone();
    let default = SystemDesign::default();
    c.bench_function("fiber_design_sumgait_aktau_64ch_4spans", |b| {
        b.iter(|| evaluate(black_box(&sumgait), black_box(&default), &equipment).unwrap())
    });

    // 96 channels of 32 GBd on 50 GHz over 20 spans of 100 km.
    let long = Route::from_length("2000 km", 2000.0).unwrap();
    let design96 = SystemDesign {
        fiber: "G.652.D".into(),
        amplifier: "EDFA-NF5".into(),
        transceiver: "Voyager".into(),
        span_margin_db: 0.0,
        channel_plan: ChannelPlan {
            baud_rate_gbd: Some(32.0),
            spacing_ghz: Some(50.0),
            roll_off: Some(0.15),
            ..Default::default()
        },
        ..SystemDesign::default()
    };
    let report = evaluate(&long, &design96, &equipment).unwrap();
    assert_eq!((report.channel_count, report.spans.len()), (96, 20));
    c.bench_function("fiber_design_96ch_20spans", |b| {
        b.iter(|| evaluate(black_box(&long), black_box(&design96), &equipment).unwrap())
    });

    // The GNPy reference case 10 × 100 km, 64 × 64 GBd, fixed launch 0 dBm (GNPy: tests/data/gnpy_timing.csv).
    let mut gnpy_equipment = Equipment::default();
    gnpy_equipment
        .add_str(include_str!("../tests/data/gnpy_equipment.toml"), "tests/data/gnpy_equipment.toml")
        .unwrap();
    let route = Route::from_length("1000 km", 1000.0).unwrap();
    let design = SystemDesign {
        fiber: "SSMF-slope".into(),
        amplifier: "fixed_nf5".into(),
        transceiver: "ref64".into(),
        repeaters: Some(9),
        span_margin_db: 0.0,
        launch_power_dbm: Some(0.0),
        channel_plan: ChannelPlan {
            baud_rate_gbd: Some(64.0),
            spacing_ghz: Some(75.0),
            roll_off: Some(0.15),
            ..Default::default()
        },
        ..SystemDesign::default()
    };
    c.bench_function("fiber_gnpy_case_10x100km_64ch_fixed_launch", |b| {
        b.iter(|| evaluate(black_box(&route), black_box(&design), &gnpy_equipment).unwrap())
    });
}

/// Full C+L design with inter-channel SRS and the generalised ISRS GN model: 128 × 64 GBd on 75 GHz over 20 spans
/// of 80 km, flat-gain amplifiers, fixed launch (GNPy: tests/data/gnpy_srs_timing_*.csv, per span and computed
/// channel).
fn srs_design(c: &mut Criterion) {
    let mut equipment = Equipment::default();
    equipment.add_str(include_str!("../tests/data/gnpy_equipment.toml"), "tests/data/gnpy_equipment.toml").unwrap();
    let route = Route::from_length("1600 km", 1600.0).unwrap();
    let design = SystemDesign {
        fiber: "SSMF-slope".into(),
        amplifier: "fixed_nf5".into(),
        transceiver: "ref64".into(),
        repeaters: Some(19),
        span_margin_db: 0.0,
        launch_power_dbm: Some(0.0),
        nli_model: NliModel::GgnIsrs,
        channel_plan: ChannelPlan {
            band: "C+L".into(),
            baud_rate_gbd: Some(64.0),
            spacing_ghz: Some(75.0),
            roll_off: Some(0.15),
            ..Default::default()
        },
        ..SystemDesign::default()
    };
    let report = evaluate(&route, &design, &equipment).unwrap();
    assert_eq!((report.channel_count, report.spans.len()), (128, 20));
    c.bench_function("fiber_srs_ggn_cl_128ch_20spans", |b| {
        b.iter(|| evaluate(black_box(&route), black_box(&design), &equipment).unwrap())
    });
    // The same line with ideal gain equalisation (what a designed C+L system does): every span restores the launch.
    let equalized = SystemDesign { gain_mode: satfiber::fiber::GainMode::Equalized, ..design.clone() };
    c.bench_function("fiber_srs_ggn_cl_128ch_20spans_equalized", |b| {
        b.iter(|| evaluate(black_box(&route), black_box(&equalized), &equipment).unwrap())
    });
    let gn = SystemDesign { nli_model: NliModel::Gn, ..design };
    c.bench_function("fiber_gn_cl_128ch_20spans", |b| {
        b.iter(|| evaluate(black_box(&route), black_box(&gn), &equipment).unwrap())
    });
}

/// The Caspian unrepeatered designs with distributed Raman and with Raman + ROPA (configs/fiber/caspian_designs.toml):
/// 64 channels over 377 km, launch-power search on the pumped line (co/counter iteration, ROPA gain iteration, NLI
/// of the exact profile).
fn raman_designs(c: &mut Criterion) {
    let text = include_str!("../configs/fiber/caspian_designs.toml");
    let file = satfiber::fiber::parse_designs(text, "caspian_designs.toml").unwrap();
    let equipment = Equipment::bundled();
    let routes = RouteCatalog::bundled();
    let route = routes.route("sumgait-aktau").unwrap().clone();
    let mut group = c.benchmark_group("fiber_unrepeatered");
    group.sample_size(10);
    for (name, bench) in [
        ("C unrepeatered, counter Raman", "counter_raman_64ch_377km"),
        ("C unrepeatered, Raman + ROPA", "raman_ropa_64ch_377km"),
    ] {
        let design = file.designs.iter().find(|(n, _)| n == name).unwrap().1.clone();
        group
            .bench_function(bench, |b| b.iter(|| evaluate(black_box(&route), black_box(&design), &equipment).unwrap()));
    }
    group.finish();
}

criterion_group!(benches, designs, srs_design, raman_designs);
criterion_main!(benches);
