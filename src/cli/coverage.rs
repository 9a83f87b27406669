//! `satfiber coverage` and `satfiber constellation walker` (issue 4).

use super::common::CatalogArgs;
use super::input_error;
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use satfiber::coverage::{
    compute_with_monitor, CoverageError, CoverageOptions, CoverageResult, Grid, Metric, Monitor, Region, RegionCatalog,
};
use satfiber::frames::EarthOrientation;
use satfiber::orbit::walker::WalkerDelta;
use satfiber::orbit::Satellite;
use satfiber::output::{write_atomic, Cell, Table};
use satfiber::plot::coverage::CoverageMap;
use satfiber::stations::StationCatalog;
use satfiber::time::{add_seconds, format_instant_s, parse_duration_s, parse_instant, TimeGrid};
use serde_json::{json, Value};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Output format of `satfiber coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    /// Regional summary as an aligned table.
    Table,
    /// One row per cell.
    Csv,
    /// Run parameters, summary and cells.
    Json,
    /// A FeatureCollection with one polygon per cell, figures of merit as properties.
    Geojson,
}

/// Figure of merit to map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricArg {
    PercentCovered,
    MinInView,
    MeanInView,
    MaxInView,
    MaxGap,
    MeanGap,
    TimeAverageGap,
    MeanResponseTime,
}

impl From<MetricArg> for Metric {
    fn from(m: MetricArg) -> Metric {
        match m {
            MetricArg::PercentCovered => Metric::PercentCovered,
            MetricArg::MinInView => Metric::MinInView,
            MetricArg::MeanInView => Metric::MeanInView,
            MetricArg::MaxInView => Metric::MaxInView,
            MetricArg::MaxGap => Metric::MaxGap,
            MetricArg::MeanGap => Metric::MeanGap,
            MetricArg::TimeAverageGap => Metric::TimeAverageGap,
            MetricArg::MeanResponseTime => Metric::MeanResponseTime,
        }
    }
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Named region from configs/regions.toml (OTS, Azerbaijan, Kazakhstan, Turkiye, Uzbekistan, Kyrgyzstan,
    /// Turkmenistan).
    #[arg(long, value_name = "NAME", conflicts_with = "bbox")]
    pub region: Option<String>,
    /// Region as a box LON_MIN,LAT_MIN,LON_MAX,LAT_MAX (degrees).
    #[arg(long, value_name = "BOX", allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// Region catalog TOML instead of the bundled configs/regions.toml.
    #[arg(long, value_name = "FILE")]
    pub regions_file: Option<PathBuf>,
    /// Grid cell size, degrees.
    #[arg(long, value_name = "DEG", default_value_t = 0.5, allow_negative_numbers = true)]
    pub grid_deg: f64,
    /// Start, ISO-8601 UTC; default now (to the minute), as elsewhere.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// End, ISO-8601 UTC; default start + --duration.
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,
    /// Length of the interval when --end is absent (e.g. 90m, 1d).
    #[arg(long, value_name = "DURATION", default_value = "1d")]
    pub duration: String,
    /// Time step (e.g. 60s, 1m). `--time-step` is the old spelling, still accepted.
    #[arg(long = "step", alias = "time-step", value_name = "DURATION", default_value = "60s")]
    pub time_step: String,
    /// Elevation mask, degrees.
    #[arg(long, value_name = "DEG", default_value_t = 10.0, allow_negative_numbers = true)]
    pub min_elevation_deg: f64,
    /// Generated Walker-delta constellation T/P/F:ALTITUDE_KM:INCLINATION_DEG (e.g. 50/5/1:550:53), epoch at
    /// --start, instead of a catalog.
    #[arg(long, value_name = "T/P/F:ALT:INC", conflicts_with_all = ["tle", "satellites"])]
    pub walker: Option<String>,
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// UT1 − UTC in seconds; 0 when absent.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0, allow_negative_numbers = true)]
    pub dut1_s: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Table)]
    pub format: CoverageFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Heatmap of --metric over the region (SVG or PNG by extension).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Figure of merit for --plot.
    #[arg(long, value_enum, default_value_t = MetricArg::PercentCovered)]
    pub metric: MetricArg,
    /// Do not mark the bundled ground stations on the map.
    #[arg(long)]
    pub no_stations: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConstellationCommand {
    /// Walker-delta constellation as TLEs.
    Walker(WalkerArgs),
}

#[derive(Debug, Args)]
pub struct WalkerArgs {
    /// Total number of satellites T.
    #[arg(long)]
    pub total: u32,
    /// Number of orbit planes P (divides T).
    #[arg(long)]
    pub planes: u32,
    /// Relative phasing F (0 ≤ F < P).
    #[arg(long, default_value_t = 0)]
    pub phasing: u32,
    /// Mean altitude (Brouwer mean semi-major axis − 6378.135 km), km.
    #[arg(long, value_name = "KM", allow_negative_numbers = true)]
    pub altitude_km: f64,
    /// Inclination, degrees.
    #[arg(long, value_name = "DEG", allow_negative_numbers = true)]
    pub inclination_deg: f64,
    /// Element epoch, ISO-8601 UTC.
    #[arg(long, value_name = "TIME")]
    pub epoch: String,
    /// Right ascension of the first plane, degrees.
    #[arg(long, value_name = "DEG", default_value_t = 0.0, allow_negative_numbers = true)]
    pub raan_offset_deg: f64,
    /// NORAD number of the first satellite.
    #[arg(long, default_value_t = 90_000)]
    pub first_norad_id: u64,
    /// Name prefix (names are PREFIX-Ppp-Sss).
    #[arg(long, default_value = "WALKER")]
    pub name_prefix: String,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Parses `T/P/F:ALT_KM:INC_DEG`.
fn parse_walker(text: &str) -> Result<WalkerDelta> {
    let bad = || {
        input_error(anyhow::anyhow!(
            "--walker {text:?}: expected T/P/F:ALTITUDE_KM:INCLINATION_DEG, e.g. 50/5/1:550:53"
        ))
    };
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() != 3 {
        return Err(bad());
    }
    let tpf: Vec<u32> =
        parts[0].split('/').map(|p| p.trim().parse::<u32>()).collect::<Result<_, _>>().map_err(|_| bad())?;
    if tpf.len() != 3 {
        return Err(bad());
    }
    let altitude_km: f64 = parts[1].trim().parse().map_err(|_| bad())?;
    let inclination_deg: f64 = parts[2].trim().parse().map_err(|_| bad())?;
    let walker = WalkerDelta::new(tpf[0], tpf[1], tpf[2], altitude_km, inclination_deg);
    walker.validate().map_err(input_error)?;
    Ok(walker)
}

struct CliMonitor {
    bar: ProgressBar,
    stop: Arc<AtomicBool>,
}

impl Monitor for CliMonitor {
    fn advance(&self, steps: u64) {
        self.bar.inc(steps);
    }
    fn cancelled(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

pub fn run(args: CoverageArgs) -> Result<()> {
    // Ctrl-C sets a flag the engine polls between chunks; outputs are only written (atomically) after a
    // complete run, so an interrupted run leaves no files.
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // Only the first handler in a process can be installed; later calls fail harmlessly.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    // Resolve every input before any work.
    let region = match (&args.bbox, &args.region) {
        (Some(text), _) => Region::parse_bbox(text).context("--bbox").map_err(input_error)?,
        (None, name) => {
            let catalog = match &args.regions_file {
                Some(path) => RegionCatalog::load(path).map_err(input_error)?,
                None => RegionCatalog::bundled(),
            };
            catalog.get(name.as_deref().unwrap_or("OTS")).map_err(input_error)?.clone()
        }
    };
    let grid = Grid::new(&region, args.grid_deg).context("--grid-deg").map_err(input_error)?;
    let start = match &args.start {
        Some(text) => parse_instant(text).context("--start").map_err(input_error)?,
        None => super::common::now_to_the_minute(),
    };
    let end = match &args.end {
        Some(text) => parse_instant(text).context("--end").map_err(input_error)?,
        None => add_seconds(&start, parse_duration_s(&args.duration).context("--duration").map_err(input_error)?),
    };
    let step_s = parse_duration_s(&args.time_step).context("--step").map_err(input_error)?;
    let time = TimeGrid::new(start, end, step_s).map_err(input_error)?;
    if !(args.dut1_s.abs() <= 1.0) {
        return Err(input_error(anyhow::anyhow!("--dut1-s {} is outside [-1, 1] s", args.dut1_s)));
    }
    let options =
        CoverageOptions { min_elevation_deg: args.min_elevation_deg, eop: EarthOrientation { dut1_s: args.dut1_s } };
    if let Some(path) = &args.plot {
        satfiber::plot::ChartFormat::from_path(path).map_err(input_error)?;
    }
    let satellites: Vec<Satellite> = match &args.walker {
        Some(text) => parse_walker(text)?
            .element_sets(&start)
            .map_err(input_error)?
            .into_iter()
            .map(|s| Satellite::new(s).map_err(input_error))
            .collect::<Result<_>>()?,
        None => args.catalog.satellites(Some(&start))?,
    };
    if satellites.is_empty() {
        return Err(input_error(CoverageError::NoSatellites));
    }

    let steps = time.len() as u64;
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(steps), ProgressDrawTarget::hidden())
    } else {
        let bar = ProgressBar::new(steps);
        bar.set_style(
            ProgressStyle::with_template("coverage {bar:40} {pos}/{len} steps  {elapsed} (eta {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    };
    let monitor = CliMonitor { bar, stop };
    let result = compute_with_monitor(&grid, &satellites, &time, &options, &monitor);
    monitor.bar.finish_and_clear();
    let result = match result {
        Err(CoverageError::Cancelled) => anyhow::bail!("interrupted (Ctrl-C): no output written"),
        Err(e) => return Err(input_error(e)),
        Ok(r) => r,
    };
    for (name, (failed, first)) in &result.propagation_failures {
        eprintln!("warning: {name}: propagation failed at {failed} of {steps} steps, counted as not in view ({first})");
    }

    let text = match args.format {
        CoverageFormat::Table => summary_table(&result).to_text(),
        CoverageFormat::Csv => cell_table(&result).to_csv(),
        CoverageFormat::Json => {
            let value = json!({
                "region": {"name": region.name, "lon_min": region.lon_min, "lat_min": region.lat_min,
                           "lon_max": region.lon_max, "lat_max": region.lat_max},
                "grid_deg": grid.step_deg,
                "rows": grid.n_lat,
                "columns": grid.n_lon,
                "start_utc": format_instant_s(&time.start),
                "end_utc": format_instant_s(&time.end),
                "time_step_s": time.step_s,
                "steps": result.steps,
                "min_elevation_deg": options.min_elevation_deg,
                "satellites": result.satellites,
                "summary": summary_table(&result).to_json_value(),
                "cells": cell_table(&result).to_json_value(),
            });
            pretty(&value)
        }
        CoverageFormat::Geojson => pretty(&geojson(&grid, &result)),
    };
    // Chart first, then data: both atomic, so an interrupted or failed run leaves neither half-written.
    if let Some(path) = &args.plot {
        let stations = if args.no_stations { Vec::new() } else { StationCatalog::bundled().stations };
        let map = CoverageMap::new(&grid, &result, args.metric.into(), &stations, &satellite_label(&args));
        satfiber::plot::write_chart(path, 1100, 560, &map)?;
    }
    match &args.output {
        Some(path) => write_atomic(path, text.as_bytes()).with_context(|| format!("writing {}", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

fn satellite_label(args: &CoverageArgs) -> String {
    match (&args.walker, &args.catalog.tle) {
        (Some(w), _) => format!("Walker {w}"),
        (None, Some(path)) => path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
        (None, None) => "tle/ots.tle".to_string(),
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values serialise");
    text.push('\n');
    text
}

fn summary_table(result: &CoverageResult) -> Table {
    let mut table = Table::new(["figure_of_merit", "area_weighted_mean", "min", "max"]);
    for m in &result.summary.metrics {
        let decimals = match m.metric {
            Metric::PercentCovered | Metric::MeanInView => 3,
            Metric::MinInView | Metric::MaxInView => 3,
            _ => 1,
        };
        table.push(vec![
            Cell::text(m.metric.column()),
            Cell::num(m.area_weighted_mean, decimals),
            Cell::num(m.min, decimals),
            Cell::num(m.max, decimals),
        ]);
    }
    let s = &result.summary;
    table.push(vec![
        Cell::text("percent_area_always_covered"),
        Cell::num(s.percent_area_always_covered, 3),
        Cell::Empty,
        Cell::Empty,
    ]);
    table.push(vec![
        Cell::text("percent_area_never_covered"),
        Cell::num(s.percent_area_never_covered, 3),
        Cell::Empty,
        Cell::Empty,
    ]);
    table
}

/// Per-cell columns, units in the names.
const CELL_COLUMNS: [&str; 13] = [
    "latitude_deg",
    "longitude_deg",
    "percent_covered",
    "min_in_view",
    "mean_in_view",
    "max_in_view",
    "gap_count",
    "max_gap_s",
    "mean_gap_s",
    "time_average_gap_s",
    "mean_response_time_s",
    "visible_steps",
    "visible_pairs",
];

fn cell_table(result: &CoverageResult) -> Table {
    let mut table = Table::new(CELL_COLUMNS);
    for c in &result.cells {
        table.push(vec![
            Cell::num(c.latitude_deg, 4),
            Cell::num(c.longitude_deg, 4),
            Cell::num(c.percent_covered, 3),
            Cell::Integer(i64::from(c.min_in_view)),
            Cell::num(c.mean_in_view, 4),
            Cell::Integer(i64::from(c.max_in_view)),
            Cell::Integer(i64::from(c.gap_count)),
            Cell::num(c.max_gap_s, 1),
            Cell::num(c.mean_gap_s, 1),
            Cell::num(c.time_average_gap_s, 2),
            Cell::num(c.mean_response_time_s, 2),
            Cell::Integer(i64::from(c.visible_steps)),
            Cell::Integer(c.visible_pairs as i64),
        ]);
    }
    table
}

fn geojson(grid: &Grid, result: &CoverageResult) -> Value {
    let properties = cell_table(result).to_json_value();
    let half = grid.step_deg / 2.0;
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let features: Vec<Value> = match properties {
        Value::Array(rows) => rows
            .into_iter()
            .zip(&result.cells)
            .map(|(props, c)| {
                let (w, e) = (round(c.longitude_deg - half), round(c.longitude_deg + half));
                let (s, n) = (round(c.latitude_deg - half), round(c.latitude_deg + half));
                json!({
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]},
                    "properties": props,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    json!({"type": "FeatureCollection", "features": features})
}

pub fn run_constellation(command: ConstellationCommand) -> Result<()> {
    match command {
        ConstellationCommand::Walker(args) => {
            let epoch = parse_instant(&args.epoch).context("--epoch").map_err(input_error)?;
            let walker = WalkerDelta {
                total: args.total,
                planes: args.planes,
                phasing: args.phasing,
                altitude_km: args.altitude_km,
                inclination_deg: args.inclination_deg,
                raan_offset_deg: args.raan_offset_deg,
                first_norad_id: args.first_norad_id,
                name_prefix: args.name_prefix.clone(),
            };
            let text = walker.to_tle_text(&epoch).map_err(input_error)?;
            match &args.output {
                Some(path) => {
                    write_atomic(path, text.as_bytes()).with_context(|| format!("writing {}", path.display()))
                }
                None => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(text.as_bytes())?;
                    out.flush()?;
                    Ok(())
                }
            }
        }
    }
}
