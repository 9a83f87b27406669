//! `satfiber coverage` and `satfiber constellation walker` (issue 4).

use super::common::CatalogArgs;
use super::input_error;
use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
mod geoparquet;
mod output;

use satfiber::coverage::shard::{compute_part, write_part};
use satfiber::coverage::{
    compute_with_monitor, merge_parts, CoverageError, CoverageOptions, CoverageResult, Grid, Metric, Monitor, Region,
    RegionCatalog, ShardError, ShardKind, ShardSpec,
};
use satfiber::frames::EarthOrientation;
use satfiber::orbit::walker::WalkerDelta;
use satfiber::orbit::Satellite;
use satfiber::output::{write_atomic, Cell, OutputFile, Table};
use satfiber::plot::coverage::CoverageMap;
use satfiber::stations::StationCatalog;
use satfiber::time::{add_seconds, format_instant_s, parse_duration_s, parse_instant, TimeGrid};
use serde_json::json;
use std::collections::BTreeMap;
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
    /// One row per cell as GeoParquet (Parquet with GeoParquet 1.0.0 metadata, cell polygons as WKB).
    Parquet,
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
    /// Start, ISO-8601 UTC; default now (to the minute), as elsewhere. A sharded run (`--shard`) needs it
    /// given, so that every shard covers the same interval.
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
    #[arg(long, value_enum, default_value_t = CoverageFormat::Table, conflicts_with = "shard")]
    pub format: CoverageFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Heatmap of --metric over the region (SVG or PNG by extension).
    #[arg(long, value_name = "FILE", conflicts_with = "shard")]
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
    /// Compute one shard of the run and write its partial-state file to -o, for `coverage merge`: K/N (K from
    /// 0), auto/N (K from SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN or Kubernetes' JOB_COMPLETION_INDEX) or
    /// env (K and N from a Slurm array job's variables).
    #[arg(long, value_name = "K/N|auto/N|env")]
    pub shard: Option<String>,
    /// How --shard splits the run: time (contiguous whole chunks of 64 steps) or cells (blocks of grid rows).
    #[arg(long, value_enum, value_name = "KIND")]
    pub shard_by: Option<ShardByArg>,
}

/// `satfiber coverage`: a run (flags directly) or `coverage merge`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CoverageCli {
    #[command(subcommand)]
    pub command: Option<CoverageCommand>,
    #[command(flatten)]
    pub args: CoverageArgs,
}

#[derive(Debug, Subcommand)]
pub enum CoverageCommand {
    /// Merge the partial-state files of a sharded run (`coverage ... --shard K/N`) into the single run's
    /// outputs (byte-identical).
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The partial-state files, one per shard, in any order.
    #[arg(required = true, value_name = "PARTS")]
    pub parts: Vec<PathBuf>,
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
}

/// How a sharded run is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShardByArg {
    /// Contiguous whole chunks of 64 time steps.
    Time,
    /// Blocks of whole grid rows.
    Cells,
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
pub(super) fn parse_walker(text: &str) -> Result<WalkerDelta> {
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

/// Runs `satfiber coverage` (a run, a shard, or `coverage merge`).
pub fn run_cli(cli: CoverageCli) -> Result<()> {
    match cli.command {
        Some(CoverageCommand::Merge(args)) => run_merge(args),
        None => run(cli.args),
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
    let start = match (&args.start, &args.shard) {
        (Some(text), _) => parse_instant(text).context("--start").map_err(input_error)?,
        (None, Some(_)) => {
            return Err(input_error(anyhow::anyhow!(
                "--shard needs an explicit --start: every shard of one run must cover the same interval"
            )))
        }
        (None, None) => super::common::now_to_the_minute(),
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
    let shard = match &args.shard {
        Some(text) => {
            let (index, count) = resolve_shard(text, |name| std::env::var(name).ok()).map_err(input_error)?;
            let kind = match args.shard_by.unwrap_or(ShardByArg::Time) {
                ShardByArg::Time => ShardKind::Time,
                ShardByArg::Cells => ShardKind::Cells,
            };
            let spec = ShardSpec::new(index, count, kind).context("--shard").map_err(input_error)?;
            if args.output.is_none() {
                return Err(input_error(anyhow::anyhow!(
                    "--shard writes a binary partial-state file: give -o FILE (then `satfiber coverage merge FILES...`)"
                )));
            }
            Some(spec)
        }
        None if args.shard_by.is_some() => {
            return Err(input_error(anyhow::anyhow!("--shard-by needs --shard K/N (or auto/N, env)")));
        }
        None => None,
    };
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
    let label = satellite_label(&args);
    if let Some(spec) = shard {
        // Check the shard is not empty and the run merges exactly before any work.
        let weights = satfiber::coverage::engine::sample_weights_s(&time);
        spec.ranges(weights.len(), grid.n_lat).context("--shard").map_err(input_error)?;
        if !satfiber::coverage::metrics::CellStates::whole_seconds(&weights, satellites.len()) {
            return Err(input_error(ShardError::NotWholeSeconds { step_s: time.step_s, span_s: time.span_s() }));
        }
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
    if let (Some(spec), Some(path)) = (shard, &args.output) {
        let part = compute_part(&grid, &satellites, &time, &options, spec, &label, &monitor);
        monitor.bar.finish_and_clear();
        let part = match part {
            Err(ShardError::Coverage(CoverageError::Cancelled)) => {
                anyhow::bail!("interrupted (Ctrl-C): no output written")
            }
            Err(e) => return Err(input_error(e)),
            Ok(p) => p,
        };
        warn_failures(&part.propagation_failures, (part.samples.end - part.samples.start) as u64);
        let mut file = OutputFile::create(path).with_context(|| format!("writing {}", path.display()))?;
        write_part(&part, &mut file).with_context(|| format!("writing {}", path.display()))?;
        return file.commit().with_context(|| format!("writing {}", path.display()));
    }
    let result = compute_with_monitor(&grid, &satellites, &time, &options, &monitor);
    monitor.bar.finish_and_clear();
    let result = match result {
        Err(CoverageError::Cancelled) => anyhow::bail!("interrupted (Ctrl-C): no output written"),
        Err(e) => return Err(input_error(e)),
        Ok(r) => r,
    };
    warn_failures(&result.propagation_failures, steps);
    let spec = OutputSpec {
        format: args.format,
        output: args.output.clone(),
        plot: args.plot.clone(),
        metric: args.metric,
        no_stations: args.no_stations,
        label,
    };
    write_outputs(&spec, &grid, &time, &options, &result)
}

fn warn_failures(failures: &BTreeMap<String, (usize, String)>, steps: u64) {
    for (name, (failed, first)) in failures {
        eprintln!("warning: {name}: propagation failed at {failed} of {steps} steps, counted as not in view ({first})");
    }
}

/// Parses --shard: `K/N`, `auto/N` or `env`, the environment read through `var`.
fn resolve_shard(text: &str, var: impl Fn(&str) -> Option<String>) -> Result<(usize, usize)> {
    let number = |value: &str, what: &str| -> Result<usize> {
        value.trim().parse::<usize>().map_err(|_| {
            anyhow::anyhow!("--shard {text:?}: {what} {value:?} is not a whole number; expected K/N, auto/N or env")
        })
    };
    let env_number = |name: &str| -> Result<Option<usize>> {
        match var(name) {
            None => Ok(None),
            Some(v) => v.trim().parse::<usize>().map(Some).map_err(|_| {
                anyhow::anyhow!("--shard {text:?}: environment variable {name}={v:?} is not a whole number")
            }),
        }
    };
    // The Slurm array index relative to the array's first index.
    let slurm_index = || -> Result<Option<usize>> {
        let Some(id) = env_number("SLURM_ARRAY_TASK_ID")? else { return Ok(None) };
        let min = env_number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        id.checked_sub(min).map(Some).ok_or_else(|| {
            anyhow::anyhow!("--shard {text:?}: SLURM_ARRAY_TASK_ID {id} is below SLURM_ARRAY_TASK_MIN {min}")
        })
    };
    if text.trim() == "env" {
        let index = slurm_index()?.ok_or_else(|| {
            anyhow::anyhow!(
                "--shard env: SLURM_ARRAY_TASK_ID is not set (not a Slurm array task); use --shard K/N, or auto/N \
                 with Kubernetes' JOB_COMPLETION_INDEX"
            )
        })?;
        let count = env_number("SLURM_ARRAY_TASK_COUNT")?
            .ok_or_else(|| anyhow::anyhow!("--shard env: SLURM_ARRAY_TASK_COUNT is not set; use --shard auto/N"))?;
        return Ok((index, count));
    }
    let Some((k, n)) = text.split_once('/') else {
        anyhow::bail!("--shard {text:?}: expected K/N (e.g. 0/4), auto/N or env");
    };
    let count = number(n, "shard count N")?;
    if k.trim() != "auto" {
        return Ok((number(k, "shard index K")?, count));
    }
    if let Some(index) = slurm_index()? {
        if let Some(slurm_count) = env_number("SLURM_ARRAY_TASK_COUNT")? {
            if slurm_count != count {
                anyhow::bail!(
                    "--shard {text:?}: the Slurm array has SLURM_ARRAY_TASK_COUNT={slurm_count} tasks, not {count}"
                );
            }
        }
        return Ok((index, count));
    }
    if let Some(index) = env_number("JOB_COMPLETION_INDEX")? {
        return Ok((index, count));
    }
    anyhow::bail!(
        "--shard {text:?}: neither SLURM_ARRAY_TASK_ID (Slurm array job) nor JOB_COMPLETION_INDEX (Kubernetes \
         Indexed Job) is set; use --shard K/N"
    )
}

fn run_merge(args: MergeArgs) -> Result<()> {
    if let Some(path) = &args.plot {
        satfiber::plot::ChartFormat::from_path(path).map_err(input_error)?;
    }
    let merged = merge_parts(&args.parts).map_err(input_error)?;
    warn_failures(&merged.result.propagation_failures, merged.result.steps as u64);
    let spec = OutputSpec {
        format: args.format,
        output: args.output,
        plot: args.plot,
        metric: args.metric,
        no_stations: args.no_stations,
        label: merged.satellites_label.clone(),
    };
    write_outputs(&spec, &merged.grid, &merged.time, &merged.options, &merged.result)
}

/// What to write after a run or a merge.
struct OutputSpec {
    format: CoverageFormat,
    output: Option<PathBuf>,
    plot: Option<PathBuf>,
    metric: MetricArg,
    no_stations: bool,
    /// The satellites' label on the chart.
    label: String,
}

fn write_outputs(
    spec: &OutputSpec,
    grid: &Grid,
    time: &TimeGrid,
    options: &CoverageOptions,
    result: &CoverageResult,
) -> Result<()> {
    // Chart first, then data: both atomic, so an interrupted or failed run leaves neither half-written.
    if let Some(path) = &spec.plot {
        let stations = if spec.no_stations { Vec::new() } else { StationCatalog::bundled().stations };
        let mut map = CoverageMap::new(grid, result, spec.metric.into(), &stations, &spec.label);
        let span_h = satfiber::time::seconds_between(&time.start, &time.end) / 3600.0;
        map.title = format!(
            "{} — from {}, {} h, mask {}°",
            map.title,
            format_instant_s(&time.start),
            satfiber::validate::fmt_value(span_h),
            satfiber::validate::fmt_value(options.min_elevation_deg)
        );
        satfiber::plot::write_chart(path, 1100, 560, &map)?;
    }
    match &spec.output {
        Some(path) => {
            let mut file = OutputFile::create(path).with_context(|| format!("writing {}", path.display()))?;
            write_data(spec.format, &mut file, grid, time, options, result)
                .with_context(|| format!("writing {}", path.display()))?;
            file.commit().with_context(|| format!("writing {}", path.display()))
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout());
            write_data(spec.format, &mut out, grid, time, options, result)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Writes the data output in `format`, cells streamed as they are formatted.
fn write_data(
    format: CoverageFormat,
    out: &mut (impl Write + Send),
    grid: &Grid,
    time: &TimeGrid,
    options: &CoverageOptions,
    result: &CoverageResult,
) -> Result<()> {
    match format {
        CoverageFormat::Table => out.write_all(summary_table(result).to_text().as_bytes())?,
        CoverageFormat::Csv => output::write_csv(out, result)?,
        CoverageFormat::Json => {
            let region = &grid.region;
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
                "summary": summary_table(result).to_json_value(),
                "cells": output::PLACEHOLDER,
            });
            output::write_json(out, &value, result, None)?
        }
        CoverageFormat::Geojson => {
            let value = json!({"type": "FeatureCollection", "features": output::PLACEHOLDER});
            output::write_json(out, &value, result, Some(grid))?
        }
        CoverageFormat::Parquet => geoparquet::write_parquet(&mut *out, grid, result)?,
    }
    Ok(())
}

fn satellite_label(args: &CoverageArgs) -> String {
    match (&args.walker, &args.catalog.tle) {
        (Some(w), _) => format!("Walker {w}"),
        (None, Some(path)) => path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
        (None, None) => "tle/ots.tle".to_string(),
    }
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
