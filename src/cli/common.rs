//! Flag groups shared by subcommands, and their resolution into validated values.

use super::input_error;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use satfiber::orbit::{select::select, Catalog, ElementSet, ParseOptions, Satellite};
use satfiber::output::{OutputFile, Table};
use satfiber::stations::{Station, StationCatalog};
use satfiber::time::{parse_duration_s, parse_instant, Instant, TimeGrid};
use std::io::Write;
use std::path::PathBuf;

/// Most problems listed one per line on stderr; the rest are counted in one last line.
pub const MAX_LISTED_PROBLEMS: usize = 20;

/// Prints up to [`MAX_LISTED_PROBLEMS`] items on stderr, each after `prefix`, then "... and K more".
pub fn print_capped<T: std::fmt::Display>(prefix: &str, items: &[T]) {
    for item in items.iter().take(MAX_LISTED_PROBLEMS) {
        eprintln!("{prefix}{item}");
    }
    if items.len() > MAX_LISTED_PROBLEMS {
        eprintln!("{prefix}... and {} more", items.len() - MAX_LISTED_PROBLEMS);
    }
}

/// Element-set age beyond which a warning is printed, days (`--max-age-days`).
pub const DEFAULT_MAX_AGE_DAYS: f64 = 14.0;

/// Which satellites: a catalog file and selectors.
#[derive(Debug, Clone, Args)]
pub struct CatalogArgs {
    /// TLE (2- or 3-line) or OMM (JSON, CSV, XML) file; the bundled tle/ots.tle when absent.
    #[arg(long, value_name = "FILE")]
    pub tle: Option<PathBuf>,
    /// Satellites by NORAD id, exact name or pattern with * and ? (repeatable; all when absent).
    #[arg(long = "sat", value_name = "SELECTOR")]
    pub satellites: Vec<String>,
    /// Do not verify TLE checksums.
    #[arg(long)]
    pub no_checksum: bool,
    /// Make any bad element set fatal instead of reporting and skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Warn when an element set's epoch is more than this many days from the requested time.
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_MAX_AGE_DAYS, allow_negative_numbers = true, value_parser = ranged(0.001, 36_525.0, "days"))]
    pub max_age_days: f64,
}

impl CatalogArgs {
    /// Loads the catalog, reporting skipped records on stderr.
    pub fn load_catalog(&self) -> Result<(Catalog, String)> {
        let options = ParseOptions { verify_checksum: !self.no_checksum, strict: self.strict };
        let (catalog, name) = match &self.tle {
            Some(path) => (Catalog::load(path, options).map_err(input_error)?, path.display().to_string()),
            None => (
                Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", options).map_err(input_error)?,
                "tle/ots.tle".to_string(),
            ),
        };
        print_capped("warning: skipped: ", &catalog.skipped);
        Ok((catalog, name))
    }

    /// Loads the catalog and returns the selected element sets.
    pub fn selected_sets(&self) -> Result<Vec<ElementSet>> {
        if !(self.max_age_days > 0.0 && self.max_age_days <= 36_500.0) {
            return Err(input_error(anyhow::anyhow!(
                "--max-age-days must be positive and at most 36500 days, got {}",
                self.max_age_days
            )));
        }
        let (catalog, name) = self.load_catalog()?;
        let chosen = select(&catalog.sets, &self.satellites, &name).map_err(input_error)?;
        Ok(chosen.into_iter().cloned().collect())
    }

    /// Selected satellites, initialised for propagation, with age warnings relative to `at`.
    pub fn satellites(&self, at: Option<&Instant>) -> Result<Vec<Satellite>> {
        match at {
            Some(t) => self.satellites_over(t, t),
            None => self.init(self.selected_sets()?),
        }
    }

    /// Selected satellites for use between `start` and `end`, with one age warning per element set whose
    /// epoch is more than `--max-age-days` from either end.
    pub fn satellites_over(&self, start: &Instant, end: &Instant) -> Result<Vec<Satellite>> {
        let sets = self.selected_sets()?;
        for set in &sets {
            if let Some(warning) = set.age_warning(start, end, self.max_age_days) {
                eprintln!("warning: {warning}");
            }
        }
        self.init(sets)
    }

    /// Initialises SGP4 for each set; one that cannot start is reported and skipped (fatal with --strict).
    fn init(&self, sets: Vec<ElementSet>) -> Result<Vec<Satellite>> {
        let mut satellites = Vec::with_capacity(sets.len());
        for set in sets {
            match Satellite::new(set) {
                Ok(satellite) => satellites.push(satellite),
                Err(e) if self.strict => return Err(input_error(e)),
                Err(e) => eprintln!("warning: skipped: {e}"),
            }
        }
        Ok(satellites)
    }

    /// The one policy for a satellite whose propagation fails during a run (decay, divergence): with
    /// `--strict` the run stops with the error, otherwise the satellite is reported on stderr and skipped.
    pub fn skip_or_fail(&self, error: anyhow::Error) -> Result<()> {
        if self.strict {
            return Err(error);
        }
        eprintln!("warning: skipped: {error:#} (use --strict to make this fatal)");
        Ok(())
    }
}

/// The current UTC time rounded down to the minute: the default `--start` of every command.
pub fn now_to_the_minute() -> Instant {
    let now = chrono::Utc::now();
    satfiber::time::add_seconds(&now, -(now.timestamp() % 60) as f64 - now.timestamp_subsec_nanos() as f64 * 1e-9)
}

/// A time interval and step.
#[derive(Debug, Clone, Args)]
pub struct TimeArgs {
    /// Start, ISO-8601 UTC (e.g. 2026-09-07T00:00:00Z); default now.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// End, ISO-8601 UTC; default start + --duration.
    #[arg(long, value_name = "TIME")]
    pub end: Option<String>,
    /// Length of the interval when --end is absent (e.g. 90m, 1d).
    #[arg(long, value_name = "DURATION", default_value = "1d")]
    pub duration: String,
    /// Time step (e.g. 60s, 5m).
    #[arg(long, value_name = "DURATION", default_value = "60s")]
    pub step: String,
}

impl TimeArgs {
    /// Resolves into a validated grid.
    pub fn grid(&self) -> Result<TimeGrid> {
        let (start, end) = self.interval()?;
        let step_s = parse_duration_s(&self.step).context("--step").map_err(input_error)?;
        TimeGrid::new(start, end, step_s).with_context(|| format!("--step {}", self.step)).map_err(input_error)
    }

    /// Resolves start and end, checking end ≥ start.
    pub fn interval(&self) -> Result<(Instant, Instant)> {
        let start = match &self.start {
            Some(text) => parse_instant(text).context("--start").map_err(input_error)?,
            None => now_to_the_minute(),
        };
        let end = match &self.end {
            Some(text) => parse_instant(text).context("--end").map_err(input_error)?,
            None => {
                let duration_s = parse_duration_s(&self.duration).context("--duration").map_err(input_error)?;
                satfiber::time::checked_add_seconds(&start, duration_s)
                    .with_context(|| format!("--start + --duration {}", self.duration))
                    .map_err(input_error)?
            }
        };
        if end < start {
            let error = anyhow::Error::new(satfiber::time::TimeError::EndBeforeStart { start, end });
            return Err(input_error(error.context("--end is before --start")));
        }
        Ok((start, end))
    }
}

/// Where stations come from.
#[derive(Debug, Clone, Args)]
pub struct StationFileArgs {
    /// Station catalog TOML; the bundled configs/stations.toml when absent.
    #[arg(long, value_name = "FILE")]
    pub stations_file: Option<PathBuf>,
}

impl StationFileArgs {
    /// The station catalog.
    pub fn catalog(&self) -> Result<StationCatalog> {
        match &self.stations_file {
            Some(path) => StationCatalog::load(path).map_err(input_error),
            None => Ok(StationCatalog::bundled()),
        }
    }

    /// Resolves station names (or NAME:LAT,LON[,ALT_M]).
    pub fn resolve(&self, names: &[String]) -> Result<Vec<Station>> {
        let catalog = self.catalog()?;
        names.iter().map(|n| catalog.resolve(n).map_err(input_error)).collect()
    }
}

/// Tabular output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// Output format and destination.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    /// Renders a table in the chosen format.
    pub fn render(&self, table: &Table) -> String {
        match self.format {
            Format::Table => table.to_text(),
            Format::Csv => table.to_csv(),
            Format::Json => table.to_json(),
        }
    }

    /// Writes text to the output file (atomically) or standard output.
    pub fn emit(&self, text: &str) -> Result<()> {
        match &self.output {
            Some(path) => {
                // Opening is about the user's path (missing folder, a folder, no permission): exit 2; a failure
                // while writing (disk full) is a run failure: exit 1.
                let mut file = OutputFile::create(path)
                    .with_context(|| format!("--output {}: cannot write there", path.display()))
                    .map_err(input_error)?;
                file.write_all(text.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
                file.commit().with_context(|| format!("writing {}", path.display()))
            }
            None => {
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                lock.write_all(text.as_bytes())?;
                lock.flush()?;
                Ok(())
            }
        }
    }
}

/// A clap value parser for a finite number in `[lo, hi]` (unit in the message):
/// `--eirp-dbw NaN` → "NaN: expected a finite number in [-50, 100] dBW", exit 2. Use it with
/// `allow_negative_numbers = true` so that `-3` reaches the check instead of reading as a flag.
pub fn ranged(lo: f64, hi: f64, unit: &'static str) -> impl Fn(&str) -> Result<f64, String> + Clone + Send + Sync {
    move |text: &str| {
        let range = satfiber::validate::Range::new(lo, hi, unit);
        let value: f64 = text
            .trim()
            .parse()
            .map_err(|_| format!("{text:?} is not a number; expected a finite number in {range}"))?;
        range.check(value).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::ranged;

    #[test]
    fn ranged_accepts_inside_and_names_the_range() {
        let p = ranged(-50.0, 100.0, "dBW");
        assert_eq!(p("-3"), Ok(-3.0));
        assert_eq!(p(" 100 "), Ok(100.0));
        assert_eq!(p("NaN").unwrap_err(), "NaN: expected a finite number in [-50, 100] dBW");
        assert_eq!(p("inf").unwrap_err(), "inf: expected a finite number in [-50, 100] dBW");
        assert!(p("1e6").unwrap_err().contains("1e6: expected"));
        assert!(p("abc").unwrap_err().contains("\"abc\" is not a number"));
    }
}
