//! `satfiber compare` (issue 7): the comparison table on the terminal, and with `--out DIR` the full report
//! (CSV, JSON, charts as SVG and PNG, HTML) written atomically into DIR. DIR must be absent, empty or a
//! previous report (see `satfiber::scenario::report::check_report_folder`); `--force` replaces another folder.

use super::common::Format;
use super::input_error;
use anyhow::{Context, Result};
use clap::Args;
use satfiber::scenario::report::{check_report_folder, render_files, summary_table, write_report_with, ReportTarget};
use satfiber::scenario::sweep::{run_sweep, SweepError, SweepSpec};
use satfiber::scenario::{compare, Scenario};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario file (TOML), e.g. configs/caspian.toml.
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Write the report (comparison.csv/json, basis.csv, demands.csv, charts, report.html) into the folder DIR,
    /// which must be absent, empty or a previous report (it is replaced whole once the new report is
    /// complete). Never the working folder, an ancestor of it, or the scenario's folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// With --out: replace DIR even when it holds files that are not a previous report (they are deleted).
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Rerun the comparison with one scenario value swept: FIELD=START:END:STEP, FIELD as scenario.KEY or
    /// TABLE.NAME.KEY (e.g. option.Trans-Caspian cable.design.fiber_pairs=1:8:1).
    #[arg(long, value_name = "FIELD=START:END:STEP")]
    pub sweep: Option<String>,
    /// Format of the table printed on the terminal.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: CompareArgs) -> Result<()> {
    let spec = args.sweep.as_deref().map(SweepSpec::parse).transpose().map_err(input_error)?;
    let file = args.scenario.display().to_string();
    let text = satfiber::input::read_to_string_capped(&args.scenario, satfiber::input::MAX_CONFIG_BYTES)
        .with_context(|| format!("reading scenario {file}"))
        .map_err(input_error)?;
    let base = args.scenario.parent().unwrap_or(Path::new(".")).to_path_buf();
    let scenario = Scenario::parse(&text, &file, &base).map_err(input_error)?;
    // Before any work: refuse a LEO analysis whose state would not fit the memory budget (exit 2).
    for option in &scenario.options {
        if let satfiber::scenario::config::OptionModel::Leo(l) = &option.model {
            let (bytes, satellites, steps) = satfiber::scenario::compare::leo_state_bytes(&scenario, l);
            if !(bytes <= satfiber::scenario::compare::LEO_STATE_BUDGET_BYTES as f64) {
                return Err(input_error(satfiber::scenario::CompareError::TooLarge {
                    option: option.name.clone(),
                    satellites,
                    steps,
                    needed_gib: bytes / 1_073_741_824.0,
                    limit_bytes: satfiber::scenario::compare::LEO_STATE_BUDGET_BYTES,
                }))
                .with_context(|| format!("scenario {file}"));
            }
        }
    }
    let target = ReportTarget { force: args.force, protected: vec![base.clone()] };
    if let Some(dir) = &args.out {
        // Before any work: refuse a folder the report must not replace (checked again before writing).
        check_report_folder(dir, &target).context("--out").map_err(input_error)?;
    }
    let comparison = compare(&scenario)?;
    let sweep = match &spec {
        Some(spec) => Some(run_sweep(&text, &file, &base, spec).map_err(|e| match e {
            SweepError::Compare { .. } => anyhow::Error::new(e),
            _ => input_error(e),
        })?),
        None => None,
    };
    let table = summary_table(&comparison);
    let rendered = match args.format {
        Format::Table => table.to_text(),
        Format::Csv => table.to_csv(),
        Format::Json => table.to_json(),
    };
    if let Some(dir) = &args.out {
        let files = render_files(&scenario, &comparison, sweep.as_ref())?;
        write_report_with(dir, &files, &target).map_err(|e| match e {
            satfiber::scenario::report::ReportError::Refused { .. } => {
                input_error(anyhow::Error::new(e).context("--out"))
            }
            e => anyhow::Error::new(e),
        })?;
    }
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(rendered.as_bytes())?;
    if let Some(dir) = &args.out {
        writeln!(lock, "report: {}", dir.join("report.html").display())?;
    }
    lock.flush()?;
    Ok(())
}
