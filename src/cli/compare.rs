//! `satfiber compare` (issue 7): the comparison table on the terminal, and with `--out DIR` the full report
//! (CSV, JSON, charts as SVG and PNG, HTML) written atomically into DIR.

use super::common::Format;
use super::input_error;
use anyhow::{Context, Result};
use clap::Args;
use satfiber::scenario::report::{render_files, summary_table, write_report};
use satfiber::scenario::sweep::{run_sweep, SweepError, SweepSpec};
use satfiber::scenario::{compare, Scenario};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario file (TOML), e.g. configs/caspian.toml.
    #[arg(value_name = "SCENARIO")]
    pub scenario: PathBuf,
    /// Write the report (comparison.csv/json, basis.csv, demands.csv, charts, report.html) into DIR; an
    /// existing DIR is replaced whole once the new report is complete.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
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
    let text = std::fs::read_to_string(&args.scenario)
        .with_context(|| format!("reading scenario {file}"))
        .map_err(input_error)?;
    let base = args.scenario.parent().unwrap_or(Path::new(".")).to_path_buf();
    let scenario = Scenario::parse(&text, &file, &base).map_err(input_error)?;
    if args.out.is_some() {
        // Ctrl-C: remove the staging folder of a report in progress; DIR keeps its previous content.
        let _ = ctrlc::set_handler(|| {
            satfiber::scenario::report::interrupt();
            std::process::exit(130);
        });
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
        write_report(dir, &files)?;
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
