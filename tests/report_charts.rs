//! The report's chart DATA (not only pixels) for the default scenario: a golden listing of every bar chart's
//! categories, values and value labels (tests/data/report_chart_data.txt, the library's own output, reviewed
//! against the invariants below; regenerate with `SATFIBER_BLESS=1 cargo test --test report_charts`), and
//! invariants recomputed here from the comparison: carried = min(demand, deliverable capacity) when every
//! demand is reachable, carried + shortfall = the demand, availability drawn as −log10(1 − A), the hybrid's
//! degraded-service bar, every bar labelled, names whole.

use satfiber::plot::compare::{HBarChart, ValueAxis};
use satfiber::scenario::report::{charts, AnyChart};
use satfiber::scenario::{compare, Comparison, Scenario, DEFAULT_SCENARIO_TOML};
use std::path::Path;

/// Arithmetic agreement between the chart and the recomputation, Gb/s or nines.
const TOL: f64 = 1e-9;

fn comparison() -> Comparison {
    let s = Scenario::parse(
        DEFAULT_SCENARIO_TOML,
        "configs/caspian.toml",
        Path::new(env!("CARGO_MANIFEST_DIR")).join("configs").as_path(),
    )
    .unwrap();
    compare(&s).unwrap()
}

fn hbar<'a>(all: &'a [(String, AnyChart)], stem: &str) -> &'a HBarChart {
    match all.iter().find(|(s, _)| s == stem).map(|c| &c.1) {
        Some(AnyChart::HBar(c)) => c,
        _ => panic!("chart {stem} is not a horizontal bar chart"),
    }
}

fn listing(all: &[(String, AnyChart)]) -> String {
    let mut out = String::from(
        "# satfiber::scenario::report::charts on configs/caspian.toml (the library's own output; invariants in\n\
         # tests/report_charts.rs). Regenerate: SATFIBER_BLESS=1 cargo test --test report_charts\n",
    );
    for (stem, chart) in all {
        let AnyChart::HBar(c) = chart else { continue };
        out.push_str(&format!("[{stem}] {} | x: {} | axis {:?} | stacked {}\n", c.title, c.x_label, c.axis, c.stacked));
        for (label, value) in &c.references {
            out.push_str(&format!("  reference {label}: {value:.6}\n"));
        }
        for s in &c.series {
            out.push_str(&format!("  series {:?}\n", s.label));
            for (i, name) in c.categories.iter().enumerate() {
                out.push_str(&format!("    {name}: {:.6} | {}\n", s.values[i], s.value_labels[i]));
            }
        }
    }
    out
}

#[test]
fn chart_data_matches_golden_and_tells_the_truth() {
    let c = comparison();
    let all = charts(&c);
    let text = listing(&all);
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/report_chart_data.txt");
    if std::env::var_os("SATFIBER_BLESS").is_some() {
        std::fs::write(&golden, &text).unwrap();
    }
    assert_eq!(text, std::fs::read_to_string(&golden).unwrap(), "chart data differs from {}", golden.display());

    let demand = c.total_demand_gbps;
    let carried_chart = hbar(&all, "capacity_vs_demand");
    assert!(carried_chart.stacked && carried_chart.axis == ValueAxis::Linear);
    assert_eq!(carried_chart.references[0].1, demand);
    for (i, o) in c.options.iter().enumerate() {
        assert_eq!(carried_chart.categories[i], o.name, "option names are whole");
        let carried = carried_chart.series[0].values[i];
        let shortfall = carried_chart.series[1].values[i];
        assert!((carried + shortfall - demand).abs() < TOL, "{}: carried + shortfall = demand", o.name);
        if o.demands.iter().all(|d| d.reachable) {
            let expected = demand.min(o.capacity_gbps.value);
            assert!(
                (carried - expected).abs() < TOL,
                "{}: carried {carried} ≠ min(demand, capacity) {expected}",
                o.name
            );
        }
        // Per demand: never more than asked, never more than its share.
        for d in &o.demands {
            assert!(d.carried_gbps <= d.rate_gbps + TOL && d.carried_gbps >= 0.0, "{} {}", o.name, d.demand);
        }
        assert!(!carried_chart.series[1].value_labels[i].is_empty(), "{}: carried bar unlabelled", o.name);
    }
    // The satellites carry a few Gb/s, not the 70 Gb/s the old "served" bar showed.
    let geo = c.options.iter().position(|o| o.kind == "geo").unwrap();
    assert!(carried_chart.series[0].values[geo] < 10.0);

    let avail = hbar(&all, "availability");
    assert_eq!(avail.axis, ValueAxis::Nines);
    for (i, o) in c.options.iter().enumerate() {
        let a = o.availability_percent.value;
        assert!((avail.series[0].values[i] - a).abs() < TOL);
        let bar = avail.bars().into_iter().find(|b| b.0 == i && b.1 == 0).unwrap();
        let nines = -(1.0 - a / 100.0).log10();
        assert!((bar.3 - nines).abs() < 1e-9 && bar.2 == 0.0, "{}: bar {bar:?}, nines {nines}", o.name);
        assert!(avail.series[0].value_labels[i].contains("min/yr"), "downtime in the label");
    }
    let hybrid = c.options.iter().position(|o| o.kind == "hybrid").unwrap();
    let degraded = c.options[hybrid].degraded_service.as_ref().expect("the hybrid's backup is partial");
    assert_eq!(avail.series[1].values[hybrid], degraded.availability_percent);
    assert!(degraded.availability_percent > c.options[hybrid].availability_percent.value);
    assert!(avail.series[1].value_labels[hybrid].contains("Gb/s"));

    for stem in ["capacity", "latency", "cost_per_gbps"] {
        let chart = hbar(&all, stem);
        for s in &chart.series {
            for (i, v) in s.values.iter().enumerate() {
                assert!(!v.is_finite() || !s.value_labels[i].is_empty(), "{stem}: bar {i} unlabelled");
            }
        }
    }
    // The SVG carries the labels as text.
    let svg = all.iter().find(|(s, _)| s == "capacity_vs_demand").unwrap().1.svg().unwrap();
    assert!(svg.contains(&carried_chart.series[1].value_labels[geo]), "value label missing from the SVG");
    assert!(svg.contains("Cable + Turksat 5B backup"), "long option name missing or cut");
}
