//! `satfiber tle check`: validate and summarise a catalog.

use super::common::OutputArgs;
use super::input_error;
use anyhow::Result;
use clap::{Args, Subcommand};
use satfiber::frames::{teme_to_ecef, EarthOrientation, Geodetic};
use satfiber::orbit::{Catalog, OrbitClass, ParseOptions, Satellite};
use satfiber::output::{Cell, Table};
use satfiber::time::{format_instant_s, parse_instant};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum TleCommand {
    /// Validate a TLE/OMM file and summarise each satellite. The summary of the valid sets is always written
    /// (to stdout or -o); bad records are listed on stderr (the first 20, then a count) and make the exit
    /// code 2, like a linter.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// TLE or OMM file; the bundled tle/ots.tle when absent.
    pub file: Option<PathBuf>,
    /// Do not verify TLE checksums.
    #[arg(long)]
    pub no_checksum: bool,
    /// Stop at the first bad record.
    #[arg(long)]
    pub strict: bool,
    /// Time at which ages are computed (ISO-8601 UTC); default now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(command: TleCommand) -> Result<()> {
    match command {
        TleCommand::Check(args) => check(args),
    }
}

fn check(args: CheckArgs) -> Result<()> {
    let options = ParseOptions { verify_checksum: !args.no_checksum, strict: args.strict };
    let at = match &args.at {
        Some(text) => parse_instant(text).map_err(input_error)?,
        None => chrono::Utc::now(),
    };
    let catalog = match &args.file {
        Some(path) => Catalog::load(path, options),
        None => Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", options),
    }
    .map_err(input_error)?;
    let mut table = Table::new([
        "name",
        "norad_id",
        "epoch",
        "age_days",
        "class",
        "period_min",
        "perigee_km",
        "apogee_km",
        "inclination_deg",
        "eccentricity",
        "geo_longitude_deg",
    ]);
    let mut failures = Vec::new();
    for set in &catalog.sets {
        let geo_longitude = if set.orbit_class() == OrbitClass::Geo {
            match Satellite::new(set.clone()).and_then(|s| s.propagate_minutes(0.0)) {
                Ok(state) => {
                    let ecef = teme_to_ecef(&state, &set.epoch, &EarthOrientation::default());
                    Cell::num(Geodetic::from_ecef_km(&ecef.position_km).longitude_deg, 2)
                }
                Err(e) => {
                    failures.push(e.to_string());
                    Cell::Empty
                }
            }
        } else {
            Cell::Empty
        };
        table.push(vec![
            Cell::text(&set.name),
            Cell::Integer(set.norad_id as i64),
            Cell::text(format_instant_s(&set.epoch)),
            Cell::num(set.age_days(&at), 2),
            Cell::text(set.orbit_class().to_string()),
            Cell::num(set.period_min(), 2),
            Cell::num(set.perigee_altitude_km(), 1),
            Cell::num(set.apogee_altitude_km(), 1),
            Cell::num(set.elements.inclination, 4),
            Cell::num(set.elements.eccentricity, 7),
            geo_longitude,
        ]);
    }
    args.output.emit(&args.output.render(&table))?;
    let source = args.file.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "tle/ots.tle".into());
    eprintln!("{source}: {} element sets valid, {} skipped", catalog.sets.len(), catalog.skipped.len());
    let problems: Vec<String> = catalog.skipped.iter().map(|p| p.to_string()).chain(failures.iter().cloned()).collect();
    super::common::print_capped("  ", &problems);
    if !catalog.skipped.is_empty() || !failures.is_empty() {
        return Err(input_error(anyhow::anyhow!("{source}: {} bad records", catalog.skipped.len() + failures.len())));
    }
    Ok(())
}
