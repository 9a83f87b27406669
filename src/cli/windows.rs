//! `satfiber windows`, `eclipse`, `sun-outage` (issue 3).

use super::common::{CatalogArgs, OutputArgs, StationFileArgs, TimeArgs};
use super::input_error;
use anyhow::{Context, Result};
use clap::Args;
use satfiber::frames::EarthOrientation;
use satfiber::output::{Cell, Table};
use satfiber::plot::windows::eclipse_chart;
use satfiber::plot::write_chart;
use satfiber::sun::{self, Beam, SunError, DEFAULT_BEAMWIDTH_COEFFICIENT};
use satfiber::time::{format_instant, seconds_between};
use satfiber::visibility::{self, VisibilityError, WindowOptions};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct WindowsArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Ground station: a name from the station file or NAME:LAT,LON[,ALT_M] (repeatable, at least one).
    #[arg(long = "station", value_name = "STATION", required = true)]
    pub stations: Vec<String>,
    #[command(flatten)]
    pub station_file: StationFileArgs,
    #[command(flatten)]
    pub time: TimeArgs,
    /// Minimum elevation, degrees, in [-5, 90]; station horizon masks raise it where higher.
    #[arg(long, value_name = "DEG", default_value_t = 10.0, allow_negative_numbers = true)]
    pub min_elevation_deg: f64,
    /// UT1 − UTC in seconds (IERS Bulletin A); 0 when absent.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0, allow_negative_numbers = true)]
    pub dut1_s: f64,
    /// Draw elevation over time per satellite/station (sampled every --step) to FILE (.svg or .png).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct EclipseArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    #[command(flatten)]
    pub time: TimeArgs,
    /// Print one season-summary row per satellite (first/last day, longest eclipse) instead of every eclipse.
    #[arg(long)]
    pub summary: bool,
    /// Draw eclipse duration per day to FILE (.svg or .png).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct SunOutageArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Ground station: a name from the station file or NAME:LAT,LON[,ALT_M] (repeatable, at least one).
    #[arg(long = "station", value_name = "STATION", required = true)]
    pub stations: Vec<String>,
    #[command(flatten)]
    pub station_file: StationFileArgs,
    #[command(flatten)]
    pub time: TimeArgs,
    /// Carrier frequency, GHz (with --dish-m).
    #[arg(
        long,
        value_name = "GHZ",
        requires = "dish_m",
        conflicts_with = "beamwidth_deg",
        allow_negative_numbers = true
    )]
    pub frequency_ghz: Option<f64>,
    /// Antenna diameter, m (with --frequency-ghz).
    #[arg(long, value_name = "M", requires = "frequency_ghz", allow_negative_numbers = true)]
    pub dish_m: Option<f64>,
    /// 3 dB beamwidth, degrees (instead of --frequency-ghz and --dish-m).
    #[arg(long, value_name = "DEG", allow_negative_numbers = true)]
    pub beamwidth_deg: Option<f64>,
    /// Beamwidth coefficient k in beamwidth ≈ k·λ/D degrees.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_BEAMWIDTH_COEFFICIENT)]
    pub beamwidth_coefficient: f64,
    /// UT1 − UTC in seconds; 0 when absent.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0, allow_negative_numbers = true)]
    pub dut1_s: f64,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn visibility_error(e: VisibilityError) -> anyhow::Error {
    match e {
        VisibilityError::Propagation(_) => anyhow::Error::new(e),
        _ => input_error(e),
    }
}

fn sun_error(e: SunError) -> anyhow::Error {
    match e {
        SunError::Propagation(_) => anyhow::Error::new(e),
        _ => input_error(e),
    }
}

fn check_dut1(dut1_s: f64) -> Result<EarthOrientation> {
    if !(dut1_s.abs() <= 1.0) {
        return Err(input_error(anyhow::anyhow!("--dut1-s {dut1_s} is outside [-1, 1] s")));
    }
    Ok(EarthOrientation { dut1_s })
}

fn flags(clipped_start: bool, clipped_end: bool) -> Cell {
    Cell::text(match (clipped_start, clipped_end) {
        (false, false) => "",
        (true, false) => "start",
        (false, true) => "end",
        (true, true) => "both",
    })
}

pub fn run_windows(args: WindowsArgs) -> Result<()> {
    if !(-5.0..=90.0).contains(&args.min_elevation_deg) {
        return Err(input_error(anyhow::anyhow!(
            "--min-elevation-deg {} is outside [-5, 90] degrees",
            satfiber::validate::fmt_value(args.min_elevation_deg)
        )));
    }
    let eop = check_dut1(args.dut1_s)?;
    let stations = args.station_file.resolve(&args.stations)?;
    let (start, end) = args.time.interval()?;
    let satellites = args.catalog.satellites_over(&start, &end)?;
    let options = WindowOptions { min_elevation_deg: args.min_elevation_deg, eop };
    let (windows, failures) =
        visibility::find_windows_reporting(&satellites, &stations, &start, &end, &options).map_err(visibility_error)?;
    for failure in failures {
        args.catalog.skip_or_fail(visibility_error(failure))?;
    }
    let mut table = Table::new([
        "satellite",
        "norad_id",
        "station",
        "aos_utc",
        "culmination_utc",
        "los_utc",
        "max_elevation_deg",
        "duration_s",
        "aos_azimuth_deg",
        "los_azimuth_deg",
        "clipped",
    ]);
    for w in &windows {
        table.push(vec![
            Cell::text(&w.satellite),
            Cell::Integer(w.norad_id as i64),
            Cell::text(&w.station),
            Cell::text(format_instant(&w.aos)),
            Cell::text(format_instant(&w.culmination)),
            Cell::text(format_instant(&w.los)),
            Cell::num(w.max_elevation_deg, 3),
            Cell::num(w.duration_s, 1),
            Cell::num(w.aos_azimuth_deg, 2),
            Cell::num(w.los_azimuth_deg, 2),
            flags(w.clipped_start, w.clipped_end),
        ]);
    }
    if let Some(path) = &args.plot {
        let step_s = satfiber::time::parse_duration_s(&args.time.step).context("--step").map_err(input_error)?;
        let step_s = step_s.max(seconds_between(&start, &end) / 20_000.0);
        let mut series = Vec::new();
        for sat in &satellites {
            for station in &stations {
                let points =
                    visibility::elevation_series(sat, station, &start, &end, step_s, &eop).map_err(visibility_error)?;
                series.push((format!("{} / {}", sat.name(), station.record.name), points));
            }
        }
        // Each window's AOS / culmination / LOS at the root-finder's times and values.
        let mut keys = Vec::new();
        for sat in &satellites {
            for station in &stations {
                keys.push((sat.name().to_string(), station.record.name.clone()));
            }
        }
        let events = windows
            .iter()
            .filter(|w| !w.clipped_start && !w.clipped_end)
            .filter_map(|w| {
                let series = keys.iter().position(|k| k.0 == w.satellite && k.1 == w.station)?;
                let at = |t: &satfiber::time::Instant| seconds_between(&start, t);
                Some(satfiber::plot::windows::WindowEvents {
                    series,
                    aos: (at(&w.aos), args.min_elevation_deg),
                    culmination: (at(&w.culmination), w.max_elevation_deg),
                    los: (at(&w.los), args.min_elevation_deg),
                })
            })
            .collect();
        let chart = satfiber::plot::windows::elevation_chart_with_events(
            "Elevation",
            &format_instant(&start),
            &series,
            args.min_elevation_deg,
            events,
        );
        write_chart(path, 1000, 600, &chart).map_err(input_error)?;
    }
    args.output.emit(&args.output.render(&table))
}

pub fn run_eclipse(args: EclipseArgs) -> Result<()> {
    let (start, end) = args.time.interval()?;
    let satellites = args.catalog.satellites_over(&start, &end)?;
    let mut all = Vec::new();
    let mut kept = Vec::new();
    for sat in satellites {
        match sun::find_eclipses(&sat, &start, &end) {
            Ok(eclipses) => {
                all.push(eclipses);
                kept.push(sat);
            }
            Err(e @ SunError::Propagation(_)) => args.catalog.skip_or_fail(sun_error(e))?,
            Err(e) => return Err(sun_error(e)),
        }
    }
    let satellites = kept;
    let table = if args.summary {
        let mut table = Table::new([
            "satellite",
            "norad_id",
            "eclipses",
            "first_day",
            "last_day",
            "longest_penumbra_min",
            "longest_umbra_min",
            "longest_start_utc",
        ]);
        for (sat, eclipses) in satellites.iter().zip(&all) {
            match sun::eclipse_season(eclipses) {
                Some(s) => table.push(vec![
                    Cell::text(sat.name()),
                    Cell::Integer(sat.norad_id() as i64),
                    Cell::Integer(s.eclipses as i64),
                    Cell::text(s.first_day),
                    Cell::text(s.last_day),
                    Cell::num(s.longest_penumbra_s / 60.0, 2),
                    Cell::num(s.longest_umbra_s / 60.0, 2),
                    Cell::text(format_instant(&s.longest_start)),
                ]),
                None => table.push(vec![
                    Cell::text(sat.name()),
                    Cell::Integer(sat.norad_id() as i64),
                    Cell::Integer(0),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::num(0.0, 2),
                    Cell::num(0.0, 2),
                    Cell::Empty,
                ]),
            }
        }
        table
    } else {
        let mut table = Table::new([
            "satellite",
            "norad_id",
            "penumbra_start_utc",
            "umbra_start_utc",
            "umbra_end_utc",
            "penumbra_end_utc",
            "penumbra_min",
            "umbra_min",
            "clipped",
        ]);
        for e in all.iter().flatten() {
            let opt = |t: &Option<satfiber::time::Instant>| t.as_ref().map(|t| Cell::text(format_instant(t)));
            table.push(vec![
                Cell::text(&e.satellite),
                Cell::Integer(e.norad_id as i64),
                Cell::text(format_instant(&e.penumbra_start)),
                opt(&e.umbra_start).unwrap_or(Cell::Empty),
                opt(&e.umbra_end).unwrap_or(Cell::Empty),
                Cell::text(format_instant(&e.penumbra_end)),
                Cell::num(e.penumbra_duration_s / 60.0, 2),
                Cell::num(e.umbra_duration_s / 60.0, 2),
                flags(e.clipped_start, e.clipped_end),
            ]);
        }
        table
    };
    if let Some(path) = &args.plot {
        let series: Vec<(String, Vec<(f64, f64)>)> = satellites
            .iter()
            .zip(&all)
            .map(|(sat, eclipses)| {
                let points = eclipses
                    .iter()
                    .map(|e| (seconds_between(&start, &e.penumbra_start) / 86_400.0, e.penumbra_duration_s / 60.0))
                    .collect();
                (sat.name().to_string(), points)
            })
            .collect();
        let chart = eclipse_chart("Eclipse duration", &format_instant(&start), &series);
        write_chart(path, 1000, 600, &chart).map_err(input_error)?;
    }
    args.output.emit(&args.output.render(&table))
}

pub fn run_sun_outage(args: SunOutageArgs) -> Result<()> {
    let eop = check_dut1(args.dut1_s)?;
    let beam = match (args.frequency_ghz, args.dish_m, args.beamwidth_deg) {
        (Some(frequency_ghz), Some(diameter_m), None) => {
            Beam::Dish { frequency_ghz, diameter_m, coefficient: args.beamwidth_coefficient }
        }
        (None, None, Some(beamwidth_deg)) => Beam::Beamwidth { beamwidth_deg },
        _ => {
            return Err(input_error(anyhow::anyhow!("give either --frequency-ghz F --dish-m D, or --beamwidth-deg B")))
        }
    };
    beam.beamwidth_deg().map_err(sun_error)?;
    let stations = args.station_file.resolve(&args.stations)?;
    let (start, end) = args.time.interval()?;
    let satellites = args.catalog.satellites_over(&start, &end)?;
    let mut table = Table::new([
        "satellite",
        "norad_id",
        "station",
        "date",
        "start_utc",
        "peak_utc",
        "end_utc",
        "duration_s",
        "min_separation_deg",
        "threshold_deg",
        "clipped",
    ]);
    for sat in &satellites {
        for station in &stations {
            let outages = match sun::find_sun_outages(sat, &station.ground, &start, &end, &beam, &eop) {
                Ok(outages) => outages,
                Err(e @ SunError::Propagation(_)) => {
                    args.catalog.skip_or_fail(sun_error(e))?;
                    break;
                }
                Err(e) => return Err(sun_error(e)),
            };
            for o in outages {
                table.push(vec![
                    Cell::text(&o.satellite),
                    Cell::Integer(o.norad_id as i64),
                    Cell::text(&o.station),
                    Cell::text(o.peak.format("%Y-%m-%d").to_string()),
                    Cell::text(format_instant(&o.start)),
                    Cell::text(format_instant(&o.peak)),
                    Cell::text(format_instant(&o.end)),
                    Cell::num(o.duration_s, 1),
                    Cell::num(o.min_separation_deg, 4),
                    Cell::num(o.threshold_deg, 4),
                    flags(o.clipped_start, o.clipped_end),
                ]);
            }
        }
    }
    args.output.emit(&args.output.render(&table))
}
