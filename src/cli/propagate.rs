//! `satfiber propagate`: ephemeris in TEME, Earth-fixed, geodetic or look-angle form.

use super::common::{CatalogArgs, Format, OutputArgs, StationFileArgs, TimeArgs};
use super::input_error;
use anyhow::Result;
use clap::{Args, ValueEnum};
use satfiber::frames::{doppler_shift_hz, teme_to_ecef, EarthOrientation, Geodetic};
use satfiber::output::{Cell, Table};
use satfiber::time::format_instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Frame {
    /// True Equator Mean Equinox (SGP4 output), km and km/s.
    Teme,
    /// Earth-fixed (TEME rotated by GMST 1982 of UT1), km and km/s.
    Ecef,
    /// WGS-84 latitude, longitude (deg) and altitude (km).
    Geodetic,
    /// Azimuth, elevation, range and range-rate from --station.
    Look,
}

#[derive(Debug, Args)]
pub struct PropagateArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    #[command(flatten)]
    pub time: TimeArgs,
    /// Output frame.
    #[arg(long, value_enum, default_value_t = Frame::Geodetic)]
    pub frame: Frame,
    /// Ground station for --frame look: a name from the station file or NAME:LAT,LON[,ALT_M].
    #[arg(long, value_name = "STATION")]
    pub station: Option<String>,
    #[command(flatten)]
    pub stations: StationFileArgs,
    /// UT1 − UTC in seconds (IERS Bulletin A); 0 when absent.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0, allow_negative_numbers = true)]
    pub dut1_s: f64,
    /// Carrier frequency for the Doppler column of --frame look, GHz.
    #[arg(long, value_name = "GHZ")]
    pub frequency_ghz: Option<f64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Memory budget of the ephemeris table, bytes (1 GiB). Bytes per row measured on a one-day, 1 s ISS run
/// (peak resident memory less the process's start): table ~770, CSV ~380, JSON ~1,430; rounded up.
const MAX_TABLE_BYTES: f64 = 1_073_741_824.0;

pub fn run(args: PropagateArgs) -> Result<()> {
    if !(args.dut1_s.abs() <= 1.0) {
        return Err(input_error(anyhow::anyhow!("--dut1-s {} is outside [-1, 1] s", args.dut1_s)));
    }
    if let Some(f) = args.frequency_ghz {
        if !(f > 0.0 && f <= 1000.0) {
            return Err(input_error(anyhow::anyhow!("--frequency-ghz {f} is outside (0, 1000] GHz")));
        }
    }
    let station = match (&args.station, args.frame) {
        (Some(name), _) => Some(args.stations.resolve(std::slice::from_ref(name))?.remove(0)),
        (None, Frame::Look) => {
            return Err(input_error(anyhow::anyhow!("--frame look needs --station NAME or NAME:LAT,LON[,ALT_M]")))
        }
        (None, _) => None,
    };
    let grid = args.time.grid()?;
    let satellites = args.catalog.satellites_over(&grid.start, &grid.end)?;
    let eop = EarthOrientation { dut1_s: args.dut1_s };
    let columns: Vec<&str> = match args.frame {
        Frame::Teme | Frame::Ecef => {
            vec!["time_utc", "name", "norad_id", "x_km", "y_km", "z_km", "vx_km_s", "vy_km_s", "vz_km_s"]
        }
        Frame::Geodetic => vec!["time_utc", "name", "norad_id", "latitude_deg", "longitude_deg", "altitude_km"],
        Frame::Look => {
            let mut c = vec![
                "time_utc",
                "name",
                "norad_id",
                "station",
                "azimuth_deg",
                "elevation_deg",
                "range_km",
                "range_rate_km_s",
            ];
            if args.frequency_ghz.is_some() {
                c.push("doppler_hz");
            }
            c
        }
    };
    // The table is built whole before it is written: refuse up front what would not fit the budget.
    let rows = grid.len() as f64 * satellites.len() as f64;
    let (bytes_per_row, format) = match args.output.format {
        Format::Json => (1_500.0, "JSON"),
        Format::Table => (800.0, "a table"),
        Format::Csv => (400.0, "CSV"),
    };
    if rows * bytes_per_row > MAX_TABLE_BYTES {
        return Err(input_error(anyhow::anyhow!(
            "{rows:.0} rows ({} times x {} satellites) would take about {:.1} GiB as {format}, more than the {:.0} GiB \
             budget; use a larger --step, a shorter interval (--end/--duration) or fewer --sat",
            grid.len(),
            satellites.len(),
            rows * bytes_per_row / 1_073_741_824.0,
            MAX_TABLE_BYTES / 1_073_741_824.0
        )));
    }
    let mut table = Table::new(columns);
    let instants = grid.instants();
    for satellite in &satellites {
        let mut propagator = satellite.propagator();
        for t in &instants {
            let teme = propagator.at(t)?;
            let mut row = vec![
                Cell::text(format_instant(t)),
                Cell::text(satellite.name()),
                Cell::Integer(satellite.norad_id() as i64),
            ];
            let vector_cells = |p: &nalgebra::Vector3<f64>, v: &nalgebra::Vector3<f64>| {
                vec![
                    Cell::num(p.x, 6),
                    Cell::num(p.y, 6),
                    Cell::num(p.z, 6),
                    Cell::num(v.x, 9),
                    Cell::num(v.y, 9),
                    Cell::num(v.z, 9),
                ]
            };
            match args.frame {
                Frame::Teme => row.extend(vector_cells(&teme.position_km, &teme.velocity_km_s)),
                Frame::Ecef => {
                    let ecef = teme_to_ecef(&teme, t, &eop);
                    row.extend(vector_cells(&ecef.position_km, &ecef.velocity_km_s));
                }
                Frame::Geodetic => {
                    let g = Geodetic::from_ecef_km(&teme_to_ecef(&teme, t, &eop).position_km);
                    row.extend([
                        Cell::num(g.latitude_deg, 6),
                        Cell::num(g.longitude_deg, 6),
                        Cell::num(g.altitude_km, 6),
                    ]);
                }
                Frame::Look => {
                    let station = station.as_ref().expect("checked above");
                    let look = station.ground.look_angles(&teme_to_ecef(&teme, t, &eop));
                    row.extend([
                        Cell::text(&station.record.name),
                        Cell::num(look.azimuth_deg, 6),
                        Cell::num(look.elevation_deg, 6),
                        Cell::num(look.range_km, 6),
                        Cell::num(look.range_rate_km_s, 9),
                    ]);
                    if let Some(f) = args.frequency_ghz {
                        row.push(Cell::num(doppler_shift_hz(f * 1e9, look.range_rate_km_s), 3));
                    }
                }
            }
            table.push(row);
        }
    }
    args.output.emit(&args.output.render(&table))
}
