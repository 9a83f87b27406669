//! Rendering a comparison: the summary table (text, CSV, JSON), the basis (provenance) table, the per-demand
//! table, the charts, and writing the whole report into a folder atomically (a temporary sibling folder,
//! renamed into place at the end, so an error or Ctrl-C never leaves a partial report).

use super::compare::{Comparison, OptionResult};
use super::config::Scenario;
use super::sweep::SweepResult;
use crate::output::{Cell, Table};
use crate::plot::compare::{BarChart, BarSeries, HBarChart, ValueAxis};
use crate::plot::style::{availability_text, readable, thousands};
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
        "carried_gbps",
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
            opt_num(o.carried_gbps.value, 2),
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
    let mut rows = vec![
        ("capacity_gbps", o.capacity_gbps.value, o.capacity_gbps.basis.as_str()),
        ("carried_gbps", o.carried_gbps.value, &o.carried_gbps.basis),
        ("latency_one_way_ms", o.latency_one_way_ms.value, &o.latency_one_way_ms.basis),
        ("rtt_ms", o.rtt_ms.value, &o.rtt_ms.basis),
        ("availability_percent", o.availability_percent.value, &o.availability_percent.basis),
        ("downtime_min_per_year", o.downtime_min_per_year.value, &o.downtime_min_per_year.basis),
        ("capex_usd", o.capex_usd.value, &o.capex_usd.basis),
        ("opex_usd_per_year", o.opex_usd_per_year.value, &o.opex_usd_per_year.basis),
        ("annual_cost_usd", o.annual_cost_usd.value, &o.annual_cost_usd.basis),
        ("cost_per_gbps_year_usd", o.cost_per_gbps_year_usd.value, &o.cost_per_gbps_year_usd.basis),
        ("demand_met", if o.demand_met { 1.0 } else { 0.0 }, &o.demand_basis),
    ];
    if let Some(d) = &o.degraded_service {
        rows.push(("degraded_rate_gbps", d.rate_gbps, &d.basis));
        rows.push(("degraded_availability_percent", d.availability_percent, &d.basis));
    }
    rows
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
    let mut t = Table::new([
        "option",
        "demand",
        "rate_gbps",
        "reachable",
        "carried_gbps",
        "shortfall_gbps",
        "latency_ms",
        "availability_pct",
        "path",
    ]);
    for o in &c.options {
        for d in &o.demands {
            t.push(vec![
                Cell::text(&o.name),
                Cell::text(&d.demand),
                Cell::num(d.rate_gbps, 2),
                Cell::Flag(d.reachable),
                Cell::num(d.carried_gbps, 4),
                Cell::num(d.rate_gbps - d.carried_gbps, 4),
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
        if let Some(f) = &r.fiber {
            t.push(vec![
                Cell::text("route (submarine)"),
                Cell::text(&r.name),
                Cell::text(format!(
                    "{} – {}, {:.1} km cable ({:.1} km geodesic through {} waypoints; {}); capacity, latency, \
                     availability and cost from the fiber design of each cable option (see option inputs)",
                    s.sites[r.ends[0]].name,
                    s.sites[r.ends[1]].name,
                    f.cable_length_km,
                    f.geodesic_length_km,
                    f.record.waypoints.len(),
                    r.length_basis
                )),
            ]);
            continue;
        }
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
    HBar(HBarChart),
    Line(LineChart),
}

impl AnyChart {
    pub fn svg(&self) -> Result<String, String> {
        match self {
            AnyChart::Bar(c) => chart_svg(CHART_WIDTH, CHART_HEIGHT, c),
            AnyChart::HBar(c) => chart_svg(CHART_WIDTH, hbar_height(c), c),
            AnyChart::Line(c) => chart_svg(CHART_WIDTH, CHART_HEIGHT, c),
        }
    }

    pub fn png(&self) -> Result<Vec<u8>, String> {
        match self {
            AnyChart::Bar(c) => crate::plot::render_png(CHART_WIDTH, CHART_HEIGHT, |a| c.draw(a)),
            AnyChart::HBar(c) => crate::plot::render_png(CHART_WIDTH, hbar_height(c), |a| c.draw(a)),
            AnyChart::Line(c) => crate::plot::render_png(CHART_WIDTH, CHART_HEIGHT, |a| c.draw(a)),
        }
    }
}

/// Height (px) of a horizontal bar chart: a band per category and series, room for title, axis and legend.
pub fn hbar_height(c: &HBarChart) -> u32 {
    let rows = c.categories.len() as u32;
    let per = if c.stacked { 1 } else { c.series.len().max(1) as u32 };
    let legend = if c.series.len() > 1 || !c.references.is_empty() {
        12 + 20 * (c.series.len() + c.references.len()) as u32
    } else {
        0
    };
    (110 + rows * (18 + 22 * per) + legend).max(220)
}

/// The comparison charts: deliverable capacity, demand carried against the shortfall, round-trip time,
/// availability in nines (with the hybrids' degraded-service level), cost per Gb/s-year. Every bar has a
/// value label; option names run down the left side, whole.
pub fn charts(c: &Comparison) -> Vec<(String, AnyChart)> {
    let names: Vec<String> = c.options.iter().map(|o| o.name.clone()).collect();
    let one = |title: &str, x: &str, values: Vec<f64>, labels: Vec<String>, axis: ValueAxis| HBarChart {
        title: title.into(),
        x_label: x.into(),
        categories: names.clone(),
        series: vec![BarSeries { label: String::new(), values, value_labels: labels, colour: 0 }],
        stacked: false,
        axis,
        references: Vec::new(),
    };
    let capacity_values: Vec<f64> = c.options.iter().map(|o| o.capacity_gbps.value).collect();
    let mut capacity = one(
        "Deliverable capacity for this demand pattern",
        "capacity (Gb/s, log scale)",
        capacity_values.clone(),
        capacity_values.iter().map(|v| format!("{} Gb/s", readable(*v))).collect(),
        ValueAxis::Log,
    );
    capacity.references = vec![(format!("total demand {} Gb/s", readable(c.total_demand_gbps)), c.total_demand_gbps)];
    let carried: Vec<f64> = c.options.iter().map(|o| o.carried_gbps.value).collect();
    let shortfall: Vec<f64> = carried.iter().map(|v| (c.total_demand_gbps - v).max(0.0)).collect();
    let demand_vs = HBarChart {
        title: "Demand carried and shortfall".into(),
        x_label: "Gb/s".into(),
        categories: names.clone(),
        series: vec![
            BarSeries {
                label: "carried (min of demand and deliverable share)".into(),
                values: carried.clone(),
                value_labels: vec![String::new(); carried.len()],
                colour: 2,
            },
            BarSeries {
                label: "shortfall".into(),
                values: shortfall.clone(),
                value_labels: carried
                    .iter()
                    .zip(&shortfall)
                    .map(|(k, s)| {
                        if *s > 1e-9 {
                            format!("{} carried, short {}", readable(*k), readable(*s))
                        } else {
                            format!("{} carried (all)", readable(*k))
                        }
                    })
                    .collect(),
                colour: 1,
            },
        ],
        stacked: true,
        axis: ValueAxis::Linear,
        references: vec![(format!("total demand {} Gb/s", readable(c.total_demand_gbps)), c.total_demand_gbps)],
    };
    let rtt: Vec<f64> = c.options.iter().map(|o| o.rtt_ms.value).collect();
    let full: Vec<f64> = c.options.iter().map(|o| o.availability_percent.value).collect();
    let degraded: Vec<f64> =
        c.options.iter().map(|o| o.degraded_service.as_ref().map_or(f64::NAN, |d| d.availability_percent)).collect();
    let mut avail_series = vec![BarSeries {
        label: "full rate".into(),
        values: full.clone(),
        value_labels: c
            .options
            .iter()
            .map(|o| {
                format!(
                    "{} ({} min/yr down)",
                    availability_text(o.availability_percent.value),
                    thousands(o.downtime_min_per_year.value, 0)
                )
            })
            .collect(),
        colour: 0,
    }];
    if degraded.iter().any(|v| v.is_finite()) {
        avail_series.push(BarSeries {
            label: "degraded service (backup rate)".into(),
            values: degraded.clone(),
            value_labels: c
                .options
                .iter()
                .map(|o| {
                    o.degraded_service.as_ref().map_or(String::new(), |d| {
                        format!("{} for ≥ {} Gb/s", availability_text(d.availability_percent), readable(d.rate_gbps))
                    })
                })
                .collect(),
            colour: 4,
        });
    }
    let availability = HBarChart {
        title: "Availability of the worst demand".into(),
        x_label: "availability (% of the year, nines scale)".into(),
        categories: names.clone(),
        series: avail_series,
        stacked: false,
        axis: ValueAxis::Nines,
        references: Vec::new(),
    };
    let cost: Vec<f64> = c.options.iter().map(|o| o.cost_per_gbps_year_usd.value).collect();
    let cheapest = cost.iter().copied().filter(|v| v.is_finite() && *v > 0.0).fold(f64::INFINITY, f64::min);
    vec![
        ("capacity".into(), AnyChart::HBar(capacity)),
        ("capacity_vs_demand".into(), AnyChart::HBar(demand_vs)),
        (
            "latency".into(),
            AnyChart::HBar(one(
                "Round-trip time of the worst demand",
                "RTT (ms)",
                rtt.clone(),
                rtt.iter().map(|v| format!("{} ms", readable(*v))).collect(),
                ValueAxis::Linear,
            )),
        ),
        ("availability".into(), AnyChart::HBar(availability)),
        (
            "cost_per_gbps".into(),
            AnyChart::HBar(one(
                "Annual cost per Gb/s of deliverable capacity",
                "USD per Gb/s per year (log scale)",
                cost.clone(),
                cost.iter()
                    .map(|v| {
                        if v.is_finite() && *v <= cheapest {
                            format!("{} USD (cheapest)", thousands(*v, 0))
                        } else if v.is_finite() {
                            format!("{} USD (×{} cheapest)", thousands(*v, 0), readable(v / cheapest))
                        } else {
                            String::new()
                        }
                    })
                    .collect(),
                ValueAxis::Log,
            )),
        ),
    ]
}

/// A sweep field's meaning and unit for axis titles: the last path segment with its unit suffix spelled out
/// ("options.cable.design.fiber_pairs" → "fiber pairs"; "…launch_power_dbm" → "launch power (dBm)").
pub fn field_title(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    const UNITS: [(&str, &str); 16] = [
        ("_usd_per_mhz_month", "USD per MHz per month"),
        ("_usd_per_km", "USD/km"),
        ("_per_1000km_year", "per 1000 km per year"),
        ("_usd_per_year", "USD/yr"),
        ("_usd", "USD"),
        ("_gbps", "Gb/s"),
        ("_tbps", "Tb/s"),
        ("_dbm", "dBm"),
        ("_db", "dB"),
        ("_km", "km"),
        ("_m", "m"),
        ("_ms", "ms"),
        ("_deg", "deg"),
        ("_days", "days"),
        ("_percent", "%"),
        ("_hours", "h"),
    ];
    for (suffix, unit) in UNITS {
        if let Some(stem) = last.strip_suffix(suffix) {
            return format!("{} ({unit})", stem.replace('_', " "));
        }
    }
    last.replace('_', " ")
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
                    title: format!("{label} against {}", field_title(&s.field)),
                    x_label: field_title(&s.field),
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
