//! Rendering a comparison: the summary table (text, CSV, JSON), the basis (provenance) table, the per-demand
//! table, the charts, and writing the whole report into a folder atomically (a temporary sibling folder,
//! renamed into place at the end, so an error or Ctrl-C never leaves a partial report).

use super::compare::{Comparison, OptionResult};
use super::config::Scenario;
use super::sweep::SweepResult;
use crate::output::{Cell, Table};
use crate::plot::compare::BarChart;
use crate::plot::{chart_svg, Chart, LineChart, Series};
use thiserror::Error;

/// Chart size in pixels.
pub const CHART_WIDTH: u32 = 800;
pub const CHART_HEIGHT: u32 = 450;

/// Errors writing a report.
#[derive(Debug, Error)]
pub enum ReportError {
    #[error("report folder {dir}: {message}")]
    Io { dir: String, message: String },
    #[error("chart {name}: {message}")]
    Chart { name: String, message: String },
    #[error("interrupted; no report written to {dir}")]
    Interrupted { dir: String },
    /// The folder is not one a report may go into (it holds other files, or it is the working folder, an
    /// ancestor of it, or the scenario's own folder).
    #[error("report folder {dir}: {reason}")]
    Refused { dir: String, reason: String },
}

fn opt_num(v: f64, decimals: usize) -> Cell {
    if v.is_finite() {
        Cell::num(v, decimals)
    } else {
        Cell::Empty
    }
}

/// The summary table: one row per option.
pub fn summary_table(c: &Comparison) -> Table {
    let mut t = Table::new([
        "option",
        "kind",
        "capacity_gbps",
        "demand_met",
        "latency_ms",
        "rtt_ms",
        "availability_pct",
        "downtime_min_yr",
        "capex_musd",
        "opex_musd_yr",
        "usd_per_gbps_yr",
    ]);
    for o in &c.options {
        t.push(vec![
            Cell::text(&o.name),
            Cell::text(&o.kind),
            opt_num(o.capacity_gbps.value, 2),
            Cell::Flag(o.demand_met),
            opt_num(o.latency_one_way_ms.value, 2),
            opt_num(o.rtt_ms.value, 2),
            opt_num(o.availability_percent.value, 4),
            opt_num(o.downtime_min_per_year.value, 1),
            opt_num(o.capex_usd.value / 1e6, 2),
            opt_num(o.opex_usd_per_year.value / 1e6, 3),
            opt_num(o.cost_per_gbps_year_usd.value, 0),
        ]);
    }
    t
}

/// Metrics of an option with their names, values and bases.
pub fn metric_rows(o: &OptionResult) -> Vec<(&'static str, f64, &str)> {
    vec![
        ("capacity_gbps", o.capacity_gbps.value, &o.capacity_gbps.basis),
        ("latency_one_way_ms", o.latency_one_way_ms.value, &o.latency_one_way_ms.basis),
        ("rtt_ms", o.rtt_ms.value, &o.rtt_ms.basis),
        ("availability_percent", o.availability_percent.value, &o.availability_percent.basis),
        ("downtime_min_per_year", o.downtime_min_per_year.value, &o.downtime_min_per_year.basis),
        ("capex_usd", o.capex_usd.value, &o.capex_usd.basis),
        ("opex_usd_per_year", o.opex_usd_per_year.value, &o.opex_usd_per_year.basis),
        ("annual_cost_usd", o.annual_cost_usd.value, &o.annual_cost_usd.basis),
        ("cost_per_gbps_year_usd", o.cost_per_gbps_year_usd.value, &o.cost_per_gbps_year_usd.basis),
        ("demand_met", if o.demand_met { 1.0 } else { 0.0 }, &o.demand_basis),
    ]
}

/// The basis table: every metric of every option with the model and inputs behind it.
pub fn basis_table(c: &Comparison) -> Table {
    let mut t = Table::new(["option", "metric", "value", "basis"]);
    for o in &c.options {
        for (name, value, basis) in metric_rows(o) {
            t.push(vec![Cell::text(&o.name), Cell::text(name), opt_num(value, 4), Cell::text(basis)]);
        }
    }
    t
}

/// Per-demand results of every option.
pub fn demands_table(c: &Comparison) -> Table {
    let mut t = Table::new(["option", "demand", "rate_gbps", "served", "latency_ms", "availability_pct", "path"]);
    for o in &c.options {
        for d in &o.demands {
            t.push(vec![
                Cell::text(&o.name),
                Cell::text(&d.demand),
                Cell::num(d.rate_gbps, 2),
                Cell::Flag(d.served),
                opt_num(d.latency_one_way_ms, 2),
                opt_num(d.availability_percent, 4),
                Cell::text(&d.path),
            ]);
        }
    }
    t
}

/// LEO coverage windows of every LEO (or LEO-backed) option.
pub fn coverage_table(c: &Comparison) -> Table {
    let mut t = Table::new(["option", "point", "covered_pct", "windows", "max_gap_min"]);
    for o in &c.options {
        for w in &o.coverage {
            t.push(vec![
                Cell::text(&o.name),
                Cell::text(&w.point),
                Cell::num(w.covered_percent, 2),
                Cell::Integer(w.windows as i64),
                Cell::num(w.max_gap_min, 1),
            ]);
        }
    }
    t
}

/// The scenario's inputs (assumptions) as a table: sites, routes, demands.
pub fn assumptions_table(s: &Scenario) -> Table {
    let mut t = Table::new(["item", "name", "values"]);
    t.push(vec![
        Cell::text("scenario"),
        Cell::text(&s.name),
        Cell::text(format!(
            "epoch {}, amortisation {} years, catalog {}",
            crate::time::format_instant_s(&s.epoch),
            s.amortisation_years,
            s.tle_file
        )),
    ]);
    for site in &s.sites {
        let g = &site.ground.location;
        t.push(vec![
            Cell::text("site"),
            Cell::text(&site.name),
            Cell::text(format!("{:.4}°N {:.4}°E {:.0} m", g.latitude_deg, g.longitude_deg, g.altitude_km * 1000.0)),
        ]);
    }
    for r in &s.routes {
        t.push(vec![
            Cell::text(format!("route ({})", r.kind.as_str())),
            Cell::text(&r.name),
            Cell::text(format!(
                "{} – {}, {:.1} km ({}), {}faults {}/1000 km/yr, repair {} d, capex {} USD/km",
                s.sites[r.ends[0]].name,
                s.sites[r.ends[1]].name,
                r.length_km,
                r.length_basis,
                r.capacity_gbps.map(|c| format!("{c} Gb/s, ")).unwrap_or_default(),
                r.fault_rate_per_1000km_year,
                r.repair_days,
                r.capex_usd_per_km
            )),
        ]);
    }
    for d in &s.demands {
        let to = match &d.to {
            super::config::Target::Site(i) => s.sites[*i].name.clone(),
            super::config::Target::Area { site, radius_km } => {
                format!("area {radius_km} km around {}", s.sites[*site].name)
            }
        };
        t.push(vec![
            Cell::text("demand"),
            Cell::text(&d.name),
            Cell::text(format!("{} → {to}: {} Gb/s", s.sites[d.from].name, d.rate_gbps)),
        ]);
    }
    t
}

/// Model versions and component provenance shown in the report.
pub fn model_versions() -> Vec<(&'static str, String)> {
    vec![
        ("satfiber", env!("CARGO_PKG_VERSION").to_string()),
        ("orbit", "SGP4 (sgp4 crate 2.x), WGS-72 constants, IAU sidereal time".into()),
        ("frames", "TEME → ECEF by GMST 1982 (UT1 = UTC), WGS-84 geodetic sites".into()),
        (
            "link",
            "GEO: link::evaluate per terminal site (configs/satellites.toml payload, ITU-R P.618-14/P.676-13/P.840-9 \
             via itu-rs, ACM DVB-S2/S2X at p), SGP4 geometry; availability 100 − 2p % over two sites"
                .into(),
        ),
        (
            "fiber",
            "submarine routes: fiber::evaluate (spans, GN-model GSNR, transceiver mode, capacity per pair × pairs, \
             latency, availability 1/(1 + faults × MTTR), capex/opex); terrestrial routes: scenario inputs"
                .into(),
        ),
        ("walker", "orbit::walker::WalkerDelta element sets (Kozai mean motion for the altitude), SGP4".into()),
        ("coverage (adapter)", "sampled visibility above the minimum elevation on a fixed time grid".into()),
        ("cost", "straight-line amortisation over the scenario's years, no discounting".into()),
    ]
}

/// Every chart of the report: file stem, title and the chart.
pub enum AnyChart {
    Bar(BarChart),
    Line(LineChart),
}

impl AnyChart {
    pub fn svg(&self) -> Result<String, String> {
        match self {
            AnyChart::Bar(c) => chart_svg(CHART_WIDTH, CHART_HEIGHT, c),
            AnyChart::Line(c) => chart_svg(CHART_WIDTH, CHART_HEIGHT, c),
        }
    }

    pub fn png(&self) -> Result<Vec<u8>, String> {
        match self {
            AnyChart::Bar(c) => crate::plot::render_png(CHART_WIDTH, CHART_HEIGHT, |a| c.draw(a)),
            AnyChart::Line(c) => crate::plot::render_png(CHART_WIDTH, CHART_HEIGHT, |a| c.draw(a)),
        }
    }
}

/// The comparison charts: capacity, capacity against demand, latency, availability, cost per Gb/s.
pub fn charts(c: &Comparison) -> Vec<(String, AnyChart)> {
    let names: Vec<String> = c.options.iter().map(|o| o.name.clone()).collect();
    let bar = |title: &str, y: &str, values: Vec<f64>, log_y: bool| BarChart {
        title: title.into(),
        y_label: y.into(),
        categories: names.clone(),
        series: vec![(y.into(), values)],
        reference: None,
        log_y,
    };
    let mut capacity =
        bar("Deliverable capacity", "capacity (Gb/s)", c.options.iter().map(|o| o.capacity_gbps.value).collect(), true);
    capacity.reference = Some(("total demand".into(), c.total_demand_gbps));
    let demand_vs = BarChart {
        title: "Capacity against demand".into(),
        y_label: "Gb/s".into(),
        categories: names.clone(),
        series: vec![
            ("deliverable capacity".into(), c.options.iter().map(|o| o.capacity_gbps.value).collect()),
            (
                "served demand".into(),
                c.options
                    .iter()
                    .map(|o| o.demands.iter().filter(|d| d.served).map(|d| d.rate_gbps).sum::<f64>())
                    .collect(),
            ),
        ],
        reference: Some(("total demand".into(), c.total_demand_gbps)),
        log_y: true,
    };
    vec![
        ("capacity".into(), AnyChart::Bar(capacity)),
        ("capacity_vs_demand".into(), AnyChart::Bar(demand_vs)),
        (
            "latency".into(),
            AnyChart::Bar(bar(
                "Round-trip time (worst demand)",
                "RTT (ms)",
                c.options.iter().map(|o| o.rtt_ms.value).collect(),
                false,
            )),
        ),
        (
            "availability".into(),
            AnyChart::Bar(bar(
                "Expected downtime (worst demand)",
                "downtime (min/yr)",
                c.options.iter().map(|o| o.downtime_min_per_year.value).collect(),
                true,
            )),
        ),
        (
            "cost_per_gbps".into(),
            AnyChart::Bar(bar(
                "Annual cost per Gb/s of deliverable capacity",
                "USD per Gb/s per year",
                c.options.iter().map(|o| o.cost_per_gbps_year_usd.value).collect(),
                true,
            )),
        ),
    ]
}

/// Charts of a sweep: one per metric, one line per option.
pub fn sweep_charts(s: &SweepResult) -> Vec<(String, AnyChart)> {
    type Metric = (&'static str, &'static str, fn(&OptionResult) -> f64);
    let metrics: [Metric; 4] = [
        ("capacity", "capacity (Gb/s)", |o| o.capacity_gbps.value),
        ("rtt", "RTT (ms)", |o| o.rtt_ms.value),
        ("downtime", "downtime (min/yr)", |o| o.downtime_min_per_year.value),
        ("cost_per_gbps", "USD per Gb/s per year", |o| o.cost_per_gbps_year_usd.value),
    ];
    metrics
        .iter()
        .map(|(stem, label, f)| {
            let series = s
                .option_names
                .iter()
                .map(|name| Series {
                    label: name.clone(),
                    points: s
                        .points
                        .iter()
                        .filter_map(|(x, c)| {
                            c.options.iter().find(|o| &o.name == name).map(|o| (*x, f(o))).filter(|p| p.1.is_finite())
                        })
                        .collect(),
                })
                .collect();
            (
                format!("sweep_{stem}"),
                AnyChart::Line(LineChart {
                    title: format!("{label} against {}", s.field),
                    x_label: s.field.clone(),
                    y_label: (*label).into(),
                    series,
                    x_range: None,
                    y_range: None,
                    markers: true,
                }),
            )
        })
        .collect()
}

/// The sweep as a table: one row per value and option.
pub fn sweep_table(s: &SweepResult) -> Table {
    let mut t = Table::new([
        "value",
        "option",
        "capacity_gbps",
        "demand_met",
        "rtt_ms",
        "availability_pct",
        "downtime_min_yr",
        "usd_per_gbps_yr",
    ]);
    for (x, c) in &s.points {
        for o in &c.options {
            t.push(vec![
                Cell::num(*x, 6),
                Cell::text(&o.name),
                opt_num(o.capacity_gbps.value, 3),
                Cell::Flag(o.demand_met),
                opt_num(o.rtt_ms.value, 3),
                opt_num(o.availability_percent.value, 5),
                opt_num(o.downtime_min_per_year.value, 2),
                opt_num(o.cost_per_gbps_year_usd.value, 1),
            ]);
        }
    }
    t
}

/// The files of a report, in memory: relative name and bytes (sorted by name).
pub fn render_files(
    scenario: &Scenario,
    c: &Comparison,
    sweep: Option<&SweepResult>,
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("comparison.txt".into(), summary_table(c).to_text().into_bytes()),
        ("comparison.csv".into(), summary_table(c).to_csv().into_bytes()),
        ("basis.csv".into(), basis_table(c).to_csv().into_bytes()),
        ("demands.csv".into(), demands_table(c).to_csv().into_bytes()),
    ];
    if !coverage_table(c).rows.is_empty() {
        files.push(("coverage.csv".into(), coverage_table(c).to_csv().into_bytes()));
    }
    let mut json = serde_json::to_string_pretty(c)
        .map_err(|e| ReportError::Io { dir: String::new(), message: format!("serialising JSON: {e}") })?;
    json.push('\n');
    files.push(("comparison.json".into(), json.into_bytes()));
    let mut all_charts = charts(c);
    if let Some(s) = sweep {
        files.push(("sweep.csv".into(), sweep_table(s).to_csv().into_bytes()));
        all_charts.extend(sweep_charts(s));
    }
    type Rendered = (String, String, Vec<u8>);
    let rendered: Vec<Result<Rendered, ReportError>> = {
        use rayon::prelude::*;
        all_charts
            .par_iter()
            .map(|(stem, chart)| {
                let err = |message: String| ReportError::Chart { name: stem.clone(), message };
                Ok((stem.clone(), chart.svg().map_err(err)?, chart.png().map_err(err)?))
            })
            .collect()
    };
    let mut svgs = Vec::new();
    for r in rendered {
        let (stem, svg, png) = r?;
        files.push((format!("{stem}.svg"), svg.clone().into_bytes()));
        files.push((format!("{stem}.png"), png));
        svgs.push((stem, svg));
    }
    let html = super::html::report_html(scenario, c, sweep, &svgs);
    files.push(("report.html".into(), html.into_bytes()));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

pub use super::folder::{
    check_report_folder, interrupt, write_report, write_report_with, FolderState, ReportTarget, REPORT_MARKER,
};
