//! `satfiber link` and `satfiber link-map` (issue 5).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use satfiber::link::map::{evaluate_grid, BBox, OTS_REGION};
use satfiber::link::{self, Band, LinkError, LinkReport, LinkRequest, SatelliteCatalog, Uplink};
use satfiber::output::{Cell, Table};
use satfiber::plot::link::{availability_chart, HeatMap};
use satfiber::plot::write_chart;

use super::common::{ranged, Format, OutputArgs, StationFileArgs};
use super::input_error;

/// Satellite, band, terminal, carrier and interference: shared by `link` and `link-map`.
#[derive(Debug, Clone, Args)]
pub struct LinkParams {
    /// Satellite name from configs/satellites.toml (e.g. Azerspace-1, "Turksat 5B", KazSat-3).
    #[arg(long = "sat", value_name = "NAME")]
    pub satellite: String,
    /// Band: c, ku or ka (default: the satellite's only band, if it has one).
    #[arg(long, value_name = "BAND")]
    pub band: Option<String>,
    /// Fleet file instead of the bundled configs/satellites.toml.
    #[arg(long, value_name = "FILE")]
    pub satellites_file: Option<PathBuf>,
    /// Downlink frequency, GHz (default: the band centre from the fleet file).
    #[arg(long, value_name = "GHZ", allow_negative_numbers = true, value_parser = ranged(link::itu::MIN_FREQUENCY_GHZ, link::itu::MAX_FREQUENCY_GHZ, "GHz"))]
    pub frequency_ghz: Option<f64>,
    /// Carrier EIRP toward the site, dBW (default: transponder EIRP − back-off − power share).
    #[arg(long, value_name = "DBW", allow_negative_numbers = true, value_parser = ranged(-50.0, 100.0, "dBW"))]
    pub eirp_dbw: Option<f64>,
    /// Receive dish diameter, m.
    #[arg(long, value_name = "M", default_value_t = 1.2, allow_negative_numbers = true, value_parser = ranged(0.1, 40.0, "m"))]
    pub dish_m: f64,
    /// Antenna aperture efficiency.
    #[arg(long, value_name = "ETA", default_value_t = 0.65, allow_negative_numbers = true, value_parser = ranged(0.01, 1.0, ""))]
    pub efficiency: f64,
    /// LNB noise temperature, K.
    #[arg(long, value_name = "K", default_value_t = 75.0, allow_negative_numbers = true, value_parser = ranged(0.0, 3000.0, "K"))]
    pub lnb_noise_k: f64,
    /// Clear-sky antenna noise temperature, K.
    #[arg(long, value_name = "K", default_value_t = 35.0, allow_negative_numbers = true, value_parser = ranged(0.0, 3000.0, "K"))]
    pub antenna_noise_k: f64,
    /// Pointing error, degrees (loss 12 (err/θ3dB)²).
    #[arg(long, value_name = "DEG", default_value_t = 0.1, allow_negative_numbers = true, value_parser = ranged(0.0, 10.0, "deg"))]
    pub pointing_error_deg: f64,
    /// Fixed pointing loss, dB (overrides --pointing-error-deg).
    #[arg(long, value_name = "DB", allow_negative_numbers = true, value_parser = ranged(0.0, 30.0, "dB"))]
    pub pointing_loss_db: Option<f64>,
    /// Other fixed losses (polarisation, radome), dB.
    #[arg(long, value_name = "DB", default_value_t = 0.2, allow_negative_numbers = true, value_parser = ranged(0.0, 30.0, "dB"))]
    pub other_losses_db: f64,
    /// Polarisation tilt, degrees (0 horizontal, 90 vertical, 45 circular).
    #[arg(long, value_name = "DEG", default_value_t = 45.0, allow_negative_numbers = true, value_parser = ranged(0.0, 90.0, "deg"))]
    pub tau_deg: f64,
    /// Symbol rate, Msym/s (default: one carrier filling the transponder, BW / (1 + roll-off)).
    #[arg(long, value_name = "MSPS", allow_negative_numbers = true, value_parser = ranged(0.001, 2000.0, "Msym/s"))]
    pub symbol_rate_msps: Option<f64>,
    /// Roll-off factor.
    #[arg(long, value_name = "ALPHA", default_value_t = 0.05, allow_negative_numbers = true, value_parser = ranged(0.0, 1.0, ""))]
    pub rolloff: f64,
    /// Pilots off (higher spectral efficiency, no pilot blocks).
    #[arg(long)]
    pub no_pilots: bool,
    /// Implementation margin added to the ideal MODCOD Es/N0, dB.
    #[arg(long, value_name = "DB", default_value_t = 1.0, allow_negative_numbers = true, value_parser = ranged(0.0, 20.0, "dB"))]
    pub implementation_margin_db: f64,
    /// Transponder output back-off, dB.
    #[arg(long, value_name = "DB", default_value_t = 1.0, allow_negative_numbers = true, value_parser = ranged(0.0, 30.0, "dB"))]
    pub obo_db: f64,
    /// Uplink C/N in the symbol-rate bandwidth, dB (held by uplink power control).
    #[arg(long, value_name = "DB", default_value_t = 20.0, allow_negative_numbers = true, value_parser = ranged(-10.0, 60.0, "dB"))]
    pub uplink_cn_db: f64,
    /// Downlink only: no uplink term in the composite.
    #[arg(long, conflicts_with_all = ["uplink_cn_db", "gateway"])]
    pub no_uplink: bool,
    /// Gateway station (name or NAME:LAT,LON[,ALT_M]) uplinking the carrier; its rain fade at the same p.
    #[arg(long, value_name = "STATION", requires = "gateway_eirp_dbw")]
    pub gateway: Option<String>,
    /// Gateway uplink EIRP per carrier, dBW.
    #[arg(long, value_name = "DBW", allow_negative_numbers = true, value_parser = ranged(-20.0, 100.0, "dBW"))]
    pub gateway_eirp_dbw: Option<f64>,
    /// Gateway dish diameter, m.
    #[arg(long, value_name = "M", default_value_t = 7.3, allow_negative_numbers = true, value_parser = ranged(0.3, 40.0, "m"))]
    pub gateway_dish_m: f64,
    /// Aggregate C/I (adjacent satellite, cross-polar, adjacent channel), dB.
    #[arg(long, value_name = "DB", allow_negative_numbers = true, value_parser = ranged(-10.0, 80.0, "dB"))]
    pub c_over_i_db: Option<f64>,
    /// C/IM (intermodulation), dB.
    #[arg(long, value_name = "DB", allow_negative_numbers = true, value_parser = ranged(-10.0, 80.0, "dB"))]
    pub c_over_im_db: Option<f64>,
    /// Full ITU-R maps folder (ITU-Rpy itur/data layout) instead of the bundled regional crop.
    #[arg(long, value_name = "DIR")]
    pub itur_data: Option<PathBuf>,
    #[command(flatten)]
    pub stations: StationFileArgs,
}

impl LinkParams {
    /// Builds the request for `site` (after choosing the ITU-R maps).
    fn request(&self, site_name: &str, site: satfiber::frames::Geodetic) -> Result<LinkRequest> {
        if let Some(dir) = &self.itur_data {
            link::itu::set_data_dir(dir).map_err(input_error)?;
        }
        let fleet = match &self.satellites_file {
            Some(path) => SatelliteCatalog::load(path).map_err(input_error)?,
            None => SatelliteCatalog::bundled(),
        };
        let sat = fleet.resolve(&self.satellite).map_err(input_error)?;
        let band = match &self.band {
            Some(b) => b.parse::<Band>().map_err(|_| {
                input_error(LinkError::UnknownBand {
                    satellite: sat.name.clone(),
                    band: b.clone(),
                    available: sat.bands.iter().map(|p| p.band.name().to_string()).collect(),
                })
            })?,
            None if sat.bands.len() == 1 => sat.bands[0].band,
            None => {
                return Err(input_error(anyhow::anyhow!(
                    "{} has several bands ({}): choose one with --band",
                    sat.name,
                    sat.bands.iter().map(|p| p.band.name()).collect::<Vec<_>>().join(", ")
                )))
            }
        };
        let mut req = LinkRequest::new(sat, band, site_name, site).map_err(input_error)?;
        req.frequency_ghz = self.frequency_ghz;
        req.eirp_dbw = self.eirp_dbw;
        req.terminal.dish_m = self.dish_m;
        req.terminal.efficiency = self.efficiency;
        req.terminal.lnb_noise_k = self.lnb_noise_k;
        req.terminal.clear_sky_antenna_k = self.antenna_noise_k;
        req.terminal.pointing_error_deg = self.pointing_error_deg;
        req.terminal.pointing_loss_db = self.pointing_loss_db;
        req.terminal.other_losses_db = self.other_losses_db;
        req.terminal.tau_deg = self.tau_deg;
        req.carrier.symbol_rate_msps = self.symbol_rate_msps;
        req.carrier.rolloff = self.rolloff;
        req.carrier.pilots = !self.no_pilots;
        req.carrier.implementation_margin_db = self.implementation_margin_db;
        req.carrier.output_backoff_db = self.obo_db;
        req.c_over_i_db = self.c_over_i_db;
        req.c_over_im_db = self.c_over_im_db;
        req.uplink = if self.no_uplink {
            Uplink::None
        } else if let Some(gw) = &self.gateway {
            let station = self.stations.resolve(std::slice::from_ref(gw))?.remove(0);
            Uplink::Gateway {
                name: station.record.name.clone(),
                site: station.ground.location,
                eirp_dbw: self.gateway_eirp_dbw.unwrap_or(f64::NAN),
                dish_m: self.gateway_dish_m,
            }
        } else {
            Uplink::CarrierToNoise { cn_db: self.uplink_cn_db }
        };
        Ok(req)
    }
}

fn percentages(values: &[f64]) -> Vec<f64> {
    if values.is_empty() {
        link::DEFAULT_PERCENTAGES.to_vec()
    } else {
        values.to_vec()
    }
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    #[command(flatten)]
    pub params: LinkParams,
    /// Receive station: a name from configs/stations.toml or NAME:LAT,LON[,ALT_M].
    #[arg(long, value_name = "STATION")]
    pub station: String,
    /// Exceedance percentages of an average year (repeatable; default 0.01, 0.1, 0.5, 1).
    #[arg(long = "percent", value_name = "P", allow_negative_numbers = true, value_parser = ranged(link::itu::MIN_PERCENT, link::itu::MAX_PERCENT, "%"))]
    pub percent: Vec<f64>,
    /// Fixed MODCOD for the annual-availability line (default: the ACM choice at the first percentage).
    #[arg(long, value_name = "NAME")]
    pub modcod: Option<String>,
    /// Availability–throughput (ACM) curve, .svg or .png.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Geometry: ideal GEO at the nominal slot, or SGP4 from the bundled TLE (tle/ots.tle) at --at.
    #[arg(long, value_enum, default_value_t = GeometryChoice::Slot)]
    pub geometry: GeometryChoice,
    /// Instant for --geometry tle, ISO-8601 UTC (default: now).
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Where elevation and slant range come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GeometryChoice {
    /// Ideal geostationary satellite at the nominal slot longitude.
    Slot,
    /// SGP4 propagation of the bundled element set at --at.
    Tle,
}

fn report_tables(report: &LinkReport) -> (Table, Table) {
    let mut budget = Table::new(["item", "value", "unit", "note"]);
    for l in &report.lines {
        budget.push(vec![Cell::text(&l.item), Cell::num(l.value, 2), Cell::text(&l.unit), Cell::text(&l.note)]);
    }
    let mut avail = Table::new([
        "p_percent",
        "availability_percent",
        "a_gas_db",
        "a_cloud_db",
        "a_rain_db",
        "a_scint_db",
        "a_total_db",
        "t_sys_k",
        "g_over_t_dbk",
        "cn0_dbhz",
        "esn0_down_db",
        "esn0_total_db",
        "modcod",
        "margin_db",
        "carrier_mbps",
        "transponder_mbps",
    ]);
    for r in &report.results {
        let a = &r.attenuation;
        avail.push(vec![
            Cell::num(r.p_percent, 3),
            Cell::num(r.availability_percent, 3),
            Cell::num(a.gas_db, 2),
            Cell::num(a.cloud_db, 2),
            Cell::num(a.rain_db, 2),
            Cell::num(a.scintillation_db, 2),
            Cell::num(a.total_db, 2),
            Cell::num(r.system_noise_k, 1),
            Cell::num(r.g_over_t_dbk, 2),
            Cell::num(r.cn0_down_dbhz, 2),
            Cell::num(r.esn0_down_db, 2),
            Cell::num(r.esn0_total_db, 2),
            match &r.modcod {
                Some(m) => Cell::text(m),
                None => Cell::text("none (link down)"),
            },
            Cell::num(r.margin_db, 2),
            Cell::num(r.throughput_carrier_mbps, 1),
            Cell::num(r.throughput_transponder_mbps, 1),
        ]);
    }
    (budget, avail)
}

pub fn run(args: LinkArgs) -> Result<()> {
    let station = args.params.stations.resolve(std::slice::from_ref(&args.station))?.remove(0);
    let mut req = args.params.request(&station.record.name, station.ground.location)?;
    req.percentages = percentages(&args.percent);
    req.fixed_modcod = args.modcod.clone();
    if args.geometry == GeometryChoice::Tle {
        let t = match &args.at {
            Some(text) => satfiber::time::parse_instant(text).context("--at").map_err(input_error)?,
            None => chrono::Utc::now(),
        };
        req.geometry = Some(link::tle_geometry(&req.site, &req.satellite, &t).map_err(input_error)?);
        // The same element-set age warning as every other command that propagates a TLE.
        let catalog =
            satfiber::orbit::Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", Default::default())
                .map_err(input_error)?;
        if let Some(set) = catalog.sets.iter().find(|s| s.name == req.satellite.tle_name) {
            if let Some(warning) = set.age_warning(&t, &t, super::common::DEFAULT_MAX_AGE_DAYS) {
                eprintln!("warning: {warning}");
            }
        }
    } else if args.at.is_some() {
        return Err(input_error(anyhow::anyhow!("--at is only used with --geometry tle")));
    }
    let report = link::evaluate(&req).map_err(|e| if e.is_input_error() { input_error(e) } else { e.into() })?;
    if let Some(path) = &args.plot {
        write_chart(path, 900, 560, &availability_chart(&report)).map_err(input_error)?;
    }
    let (budget, avail) = report_tables(&report);
    let text = match args.output.format {
        Format::Json => serde_json::to_string_pretty(&report).context("serialising the report")? + "\n",
        Format::Csv => avail.to_csv(),
        Format::Table => {
            let mut s = format!(
                "Link budget: {} {} band -> {} ({:.4}N {:.4}E){}\n\n",
                report.satellite,
                report.band,
                report.site_name,
                report.site.latitude_deg,
                report.site.longitude_deg,
                if report.assumed_payload { "  [satellite EIRP/G/T are planning ASSUMPTIONS]" } else { "" }
            );
            s += &budget.to_text();
            s += "\nPer exceedance percentage (ITU-R P.618-14; availability = 100 - p):\n";
            s += &avail.to_text();
            s += &format!(
                "\nACM average over the year (lower bound): {:.1} Mbit/s per carrier, {:.1} Mbit/s per transponder \
                 ({} carrier(s) of {:.2} Msym/s), {:.1} Mbit/s for all {} transponders\n",
                report.acm_average_carrier_mbps,
                report.acm_average_transponder_mbps,
                report.carriers_per_transponder,
                report.symbol_rate_msps,
                report.acm_average_transponder_mbps * report.transponders as f64,
                report.transponders
            );
            if let Some(f) = &report.fixed_modcod {
                let avail = match f.bound {
                    link::AvailabilityBound::Exact => format!("{:.4} %", f.availability_percent),
                    link::AvailabilityBound::AtLeast => ">= 99.999 %".to_string(),
                    link::AvailabilityBound::Below => "< 95 %".to_string(),
                };
                s += &format!(
                    "Fixed MODCOD {} (needs Es/N0 {:.2} dB): annual availability {avail}, {:.1} Mbit/s per carrier\n",
                    f.modcod, f.required_esn0_db, f.throughput_carrier_mbps
                );
            }
            s
        }
    };
    args.output.emit(&text)
}

/// What the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MapQuantity {
    /// Carrier throughput with the best MODCOD (Mbit/s).
    Throughput,
    /// Es/N0 margin over the best MODCOD's requirement (dB).
    Margin,
    /// Total atmospheric attenuation (dB).
    Attenuation,
}

#[derive(Debug, Args)]
pub struct LinkMapArgs {
    #[command(flatten)]
    pub params: LinkParams,
    /// Region LON_MIN,LAT_MIN,LON_MAX,LAT_MAX in degrees (default: the OTS region 25,35,90,56).
    #[arg(long, value_name = "BOX", allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// Grid step, degrees (cell centres).
    #[arg(long, value_name = "DEG", default_value_t = 0.5, allow_negative_numbers = true, value_parser = ranged(0.01, 10.0, "deg"))]
    pub grid_deg: f64,
    /// Exceedance percentages (repeatable; default 0.01, 0.1, 0.5, 1).
    #[arg(long = "percent", value_name = "P", allow_negative_numbers = true, value_parser = ranged(link::itu::MIN_PERCENT, link::itu::MAX_PERCENT, "%"))]
    pub percent: Vec<f64>,
    /// Map image (.svg or .png).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Quantity drawn on the map.
    #[arg(long, value_enum, default_value_t = MapQuantity::Throughput)]
    pub quantity: MapQuantity,
    /// With --plot and no -o: also print the grid table on standard output.
    #[arg(long = "grid")]
    pub grid_to_stdout: bool,
    /// Percentage drawn on the map (must be one of --percent; default the second, else the first).
    #[arg(long, value_name = "P", allow_negative_numbers = true, value_parser = ranged(link::itu::MIN_PERCENT, link::itu::MAX_PERCENT, "%"))]
    pub plot_percent: Option<f64>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run_map(args: LinkMapArgs) -> Result<()> {
    let bbox = match &args.bbox {
        Some(text) => BBox::parse(text).map_err(input_error)?,
        None => OTS_REGION,
    };
    let ps = percentages(&args.percent);
    let centre = satfiber::frames::Geodetic {
        latitude_deg: 0.5 * (bbox.lat_min_deg + bbox.lat_max_deg),
        longitude_deg: 0.5 * (bbox.lon_min_deg + bbox.lon_max_deg),
        altitude_km: 0.0,
    };
    let req = args.params.request("grid", centre)?;
    let map = evaluate_grid(&req, &bbox, args.grid_deg, &ps).map_err(|e| {
        if e.is_input_error() {
            input_error(e)
        } else {
            e.into()
        }
    })?;
    if let Some(path) = &args.plot {
        let plot_p = args.plot_percent.unwrap_or(if ps.len() > 1 { ps[1] } else { ps[0] });
        let k = ps.iter().position(|&p| p == plot_p).ok_or_else(|| {
            input_error(anyhow::anyhow!("--plot-percent {plot_p} is not one of the --percent values {ps:?}"))
        })?;
        let (label, unit) = match args.quantity {
            MapQuantity::Throughput => ("carrier throughput", "Mbit/s"),
            MapQuantity::Margin => ("Es/N0 margin", "dB"),
            MapQuantity::Attenuation => ("total attenuation", "dB"),
        };
        let cells = map
            .cells
            .iter()
            .map(|c| {
                let v = c.results.get(k).map_or(f64::NAN, |r| match args.quantity {
                    MapQuantity::Throughput => r.throughput_carrier_mbps,
                    MapQuantity::Margin => r.margin_db,
                    MapQuantity::Attenuation => r.attenuation.total_db,
                });
                (c.site.longitude_deg, c.site.latitude_deg, v)
            })
            .collect();
        let chart = HeatMap {
            title: format!(
                "{} {}: {label} at {} % ({} m dish)",
                req.satellite.name,
                req.band,
                100.0 - plot_p,
                args.params.dish_m
            ),
            value_label: format!("{label} ({unit})"),
            bbox: (bbox.lon_min_deg, bbox.lat_min_deg, bbox.lon_max_deg, bbox.lat_max_deg),
            step_deg: args.grid_deg,
            cells,
            stations: satfiber::stations::StationCatalog::bundled()
                .stations
                .iter()
                .filter(|s| {
                    let (lat, lon) = (s.record.latitude_deg, s.record.longitude_deg);
                    (bbox.lat_min_deg..=bbox.lat_max_deg).contains(&lat)
                        && (bbox.lon_min_deg..=bbox.lon_max_deg).contains(&lon)
                })
                .map(|s| (s.record.name.clone(), s.record.latitude_deg, s.record.longitude_deg))
                .collect(),
        };
        write_chart(path, 1000, 520, &chart).map_err(input_error)?;
        // The chart is what was asked for: the grid goes to standard output only when asked (-o or --format).
        if args.output.output.is_none() && !args.grid_to_stdout {
            println!(
                "map: {} ({} cells); the grid table with -o FILE, or on standard output with --grid",
                path.display(),
                map.cells.len()
            );
            return Ok(());
        }
    }
    let mut cols = vec!["lat_deg".to_string(), "lon_deg".to_string(), "elevation_deg".to_string()];
    for p in &ps {
        for q in ["a_total_db", "esn0_total_db", "margin_db", "carrier_mbps", "modcod"] {
            cols.push(format!("{q}_p{p}"));
        }
    }
    let mut table = Table::new(cols);
    for c in &map.cells {
        let mut row =
            vec![Cell::num(c.site.latitude_deg, 3), Cell::num(c.site.longitude_deg, 3), Cell::num(c.elevation_deg, 2)];
        for k in 0..ps.len() {
            match c.results.get(k) {
                Some(r) => {
                    row.push(Cell::num(r.attenuation.total_db, 3));
                    row.push(Cell::num(r.esn0_total_db, 2));
                    row.push(Cell::num(r.margin_db, 2));
                    row.push(Cell::num(r.throughput_carrier_mbps, 2));
                    row.push(r.modcod.as_ref().map_or(Cell::Empty, Cell::text));
                }
                None => row.extend((0..5).map(|_| Cell::Empty)),
            }
        }
        table.push(row);
    }
    args.output.emit(&args.output.render(&table))
}
