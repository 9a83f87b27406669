//! `satfiber fiber` (issue 6): design a submarine fiber system on a route and print spans, OSNR/NLI/GSNR, mode,
//! capacity, latency, availability and cost.

use super::common::{ranged, Format, OutputArgs};
use super::input_error;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use satfiber::fiber::{
    capacity_vs_length, combined_availability, compare_designs, evaluate, launch_sweep, parse_designs, Architecture,
    Equipment, FiberReport, Route, RouteCatalog, SystemDesign,
};
use satfiber::output::{Cell, Table};

use serde::Deserialize;
use std::path::PathBuf;

/// Which chart `--plot` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlotKind {
    /// GSNR, ASE OSNR and NLI SNR per channel.
    Gsnr,
    /// Worst and mean GSNR against launch power (−4…+8 dBm).
    Launch,
    /// Capacity per pair and the Shannon bound against cable length (50…1500 km).
    Length,
}

#[derive(Debug, Args)]
pub struct FiberArgs {
    /// Route name from the route catalog (e.g. sumgait-aktau, siyazan-turkmenbashi, kuryk-buzovna).
    #[arg(long, value_name = "NAME", conflicts_with = "length_km")]
    pub route: Option<String>,
    /// A route of this cable length instead of a named one (km).
    #[arg(long, value_name = "KM", allow_negative_numbers = true, value_parser = ranged(0.1, 20000.0, "km"))]
    pub length_km: Option<f64>,
    /// Route catalog TOML (`[[route]]` tables); the bundled configs/fiber/routes.toml when absent.
    #[arg(long, value_name = "FILE")]
    pub routes_file: Option<PathBuf>,
    /// Design TOML: optional `route = "NAME"` or `length_km = X`, and a `[design]` table (SystemDesign fields).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra equipment TOML (`[[fiber]]`, `[[amplifier]]`, `[[transceiver]]`) added to the bundled catalog
    /// (repeatable; same names replace).
    #[arg(long, value_name = "FILE")]
    pub equipment: Vec<PathBuf>,
    /// Fiber type name (see --list-equipment) [default: G.654.E-ULL, or the --config design's].
    #[arg(long, value_name = "NAME")]
    pub fiber: Option<String>,
    /// Amplifier name (see --list-equipment) [default: repeater-NF4.5, or the --config design's].
    #[arg(long, value_name = "NAME")]
    pub amplifier: Option<String>,
    /// Transceiver name (see --list-equipment) [default: OpenZR+, or the --config design's].
    #[arg(long, value_name = "NAME")]
    pub transceiver: Option<String>,
    /// One span, terminal amplifiers only (reports the loss budget and what would close it).
    #[arg(long)]
    pub unrepeatered: bool,
    /// Longest span (km); spans = ceil(length / max span) [default: 100, or the --config design's].
    #[arg(long, value_name = "KM", allow_negative_numbers = true, value_parser = ranged(1.0, 500.0, "km"))]
    pub max_span_km: Option<f64>,
    /// Number of in-line repeaters (overrides --max-span-km).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub repeaters: Option<usize>,
    /// Launch power per channel (dBm) [default: the optimum of the worst-channel GSNR].
    #[arg(long, value_name = "DBM", allow_negative_numbers = true, value_parser = ranged(-30.0, 30.0, "dBm"))]
    pub launch_dbm: Option<f64>,
    /// Number of fiber pairs [default: 1, or the pairs --target-tbps needs].
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub fiber_pairs: Option<u32>,
    /// Capacity target to size the fiber pairs (Tb/s).
    #[arg(long, value_name = "TBPS", allow_negative_numbers = true, value_parser = ranged(0.001, 10000.0, "Tb/s"))]
    pub target_tbps: Option<f64>,
    /// GSNR margin a mode must keep (dB) [default: 2, or the --config design's].
    #[arg(long, value_name = "DB", allow_negative_numbers = true, value_parser = ranged(0.0, 20.0, "dB"))]
    pub margin_db: Option<f64>,
    /// A second, diverse route with the same design: prints the combined availability of the two (independent
    /// failures).
    #[arg(long, value_name = "NAME")]
    pub diverse_route: Option<String>,
    /// Also print the per-channel table.
    #[arg(long)]
    pub channels: bool,
    /// List the routes of the catalog and exit.
    #[arg(long)]
    pub list_routes: bool,
    /// List the equipment (fibers, amplifiers, transceivers and their modes) of the bundled catalog plus any
    /// --equipment files, and exit.
    #[arg(long)]
    pub list_equipment: bool,
    /// Write a chart (SVG or PNG by extension).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Which chart --plot draws.
    #[arg(long, value_enum, default_value_t = PlotKind::Gsnr)]
    pub plot_kind: PlotKind,
    /// Compare several designs of one route: a TOML with optional `route`/`length_km` and `[[design]]` tables
    /// (`name` plus design fields); prints one row per design; with --plot, a capacity-vs-cost chart.
    #[arg(long, value_name = "FILE")]
    pub designs: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Why the cost per Gb/s per year does not exist when it is not finite.
const COST_NA_REASON: &str = "no capacity: no transceiver mode closes on this design";

/// The second route of `--diverse-route`.
#[derive(Debug, serde::Serialize)]
struct Diverse {
    route: String,
    availability: f64,
    combined_availability: f64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FiberConfigFile {
    route: Option<String>,
    length_km: Option<f64>,
    #[serde(default)]
    design: SystemDesign,
}

pub fn run(args: FiberArgs) -> Result<()> {
    let routes = match &args.routes_file {
        Some(path) => RouteCatalog::load(path).map_err(input_error)?,
        None => RouteCatalog::bundled(),
    };
    if args.list_routes {
        return args.output.emit(&args.output.render(&routes_table(&routes)));
    }
    let (config, config_text) = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))
                .map_err(input_error)?;
            let config = toml::from_str::<FiberConfigFile>(&text)
                .map_err(|e| input_error(anyhow::anyhow!("{}: {e}", path.display())))?;
            if let Some(km) = config.length_km {
                satfiber::validate::check_range(km, 0.1, 20000.0, "km").map_err(|e| {
                    let line = config_key_line(&text, "", "length_km").unwrap_or(1);
                    input_error(anyhow::anyhow!("{}:{line}: length_km = {e}", path.display()))
                })?;
            }
            (config, text)
        }
        None => (FiberConfigFile::default(), String::new()),
    };
    let mut equipment = Equipment::bundled();
    for path in &args.equipment {
        equipment.add_file(path).map_err(input_error)?;
    }

    if args.list_equipment {
        return args.output.emit(&args.output.render(&equipment_table(&equipment)));
    }
    if let Some(path) = &args.designs {
        return run_designs(&args, path, &routes, &equipment);
    }
    let route = match (&args.route, args.length_km, &config.route, config.length_km) {
        (Some(name), _, _, _) => routes.route(name).map_err(input_error)?.clone(),
        (None, Some(km), _, _) => Route::from_length(&format!("{km} km"), km).map_err(input_error)?,
        (None, None, Some(name), _) => routes.route(name).map_err(input_error)?.clone(),
        (None, None, None, Some(km)) => Route::from_length(&format!("{km} km"), km).map_err(input_error)?,
        (None, None, None, None) => {
            return Err(input_error(anyhow::anyhow!(
                "no route: give --route NAME (see --list-routes), --length-km KM, or route/length_km in --config"
            )))
        }
    };

    let mut design = config.design;
    if let Some(v) = &args.fiber {
        design.fiber = v.clone();
    }
    if let Some(v) = &args.amplifier {
        design.amplifier = v.clone();
    }
    if let Some(v) = &args.transceiver {
        design.transceiver = v.clone();
    }
    if args.unrepeatered {
        design.architecture = Architecture::Unrepeatered;
        if args.amplifier.is_none() && design.amplifier == SystemDesign::default().amplifier {
            design.amplifier = "preamp-NF5.5".to_string();
        }
    }
    if let Some(v) = args.max_span_km {
        design.max_span_km = v;
    }
    if args.repeaters.is_some() {
        design.repeaters = args.repeaters;
    }
    if args.launch_dbm.is_some() {
        design.launch_power_dbm = args.launch_dbm;
    }
    if args.fiber_pairs.is_some() {
        design.fiber_pairs = args.fiber_pairs;
    }
    if args.target_tbps.is_some() {
        design.target_capacity_tbps = args.target_tbps;
    }
    if let Some(v) = args.margin_db {
        design.system_margin_db = v;
    }

    if let Some(path) = &args.plot {
        satfiber::plot::ChartFormat::from_path(path).map_err(input_error)?;
    }
    let report = evaluate(&route, &design, &equipment).map_err(|e| locate_design_error(e, &args, &config_text))?;
    let diverse = match &args.diverse_route {
        Some(name) => {
            let other = routes.route(name).map_err(input_error)?;
            let other_report = evaluate(other, &design, &equipment).map_err(input_error)?;
            Some(Diverse {
                route: other_report.route.clone(),
                availability: other_report.availability,
                combined_availability: combined_availability(report.availability, other_report.availability),
            })
        }
        None => None,
    };

    if let Some(path) = &args.plot {
        match args.plot_kind {
            PlotKind::Gsnr => satfiber::plot::write_chart(path, 900, 560, &satfiber::plot::fiber::gsnr_chart(&report))?,
            PlotKind::Launch => {
                let powers: Vec<f64> = (0..=48).map(|i| -4.0 + 0.25 * i as f64).collect();
                let points = launch_sweep(&route, &design, &equipment, &powers).map_err(input_error)?;
                // The chosen mode's required GSNR (+ the design margin) and the launch power used, marked.
                let required = report.mode.as_ref().and_then(|m| {
                    let t = equipment.transceiver(&report.transceiver).ok()?;
                    t.mode.iter().find(|x| &x.name == m).map(|x| (m.clone(), x.required_snr_db()))
                });
                let chart =
                    satfiber::plot::fiber::launch_chart_marked(&report, &points, required, design.system_margin_db);
                satfiber::plot::write_chart(path, 900, 560, &chart)?
            }
            PlotKind::Length => {
                let lengths: Vec<f64> = (1..=30).map(|i| 50.0 * i as f64).collect();
                let points = capacity_vs_length(&design, &equipment, &lengths).map_err(input_error)?;
                let title =
                    format!("{} / {} / {}: capacity vs length", report.fiber, report.amplifier, report.transceiver);
                let chart =
                    satfiber::plot::fiber::length_chart_marked(&title, &points, &report.route, report.cable_length_km);
                satfiber::plot::write_chart(path, 900, 560, &chart)?
            }
        }
    }

    let text = match args.output.format {
        Format::Json => {
            let mut value = serde_json::to_value(&report)?;
            // serde_json writes a non-finite number as null: say why next to it.
            if let Some(map) = value.as_object_mut() {
                if !report.cost_per_gbps_year_usd.is_finite() {
                    map.insert("cost_per_gbps_year_usd".into(), serde_json::Value::Null);
                    map.insert("cost_per_gbps_year_usd_reason".into(), COST_NA_REASON.into());
                }
            }
            if let (Some(d), Some(map)) = (&diverse, value.as_object_mut()) {
                map.insert("diverse_route".into(), serde_json::to_value(d)?);
            }
            serde_json::to_string_pretty(&value)? + "\n"
        }
        Format::Csv => {
            let mut out = args.output.render(&summary_table(&report));
            out.push('\n');
            out.push_str(&args.output.render(&channel_table(&report)));
            out
        }
        Format::Table => {
            let mut summary = summary_table(&report);
            if let Some(d) = &diverse {
                summary.push(vec![
                    Cell::text(format!("availability of {}", d.route)),
                    Cell::num(d.availability * 100.0, 4),
                    Cell::text("%"),
                ]);
                summary.push(vec![
                    Cell::text("availability with diverse route"),
                    Cell::num(d.combined_availability * 100.0, 6),
                    Cell::text("%"),
                ]);
                summary.push(vec![
                    Cell::text("downtime with diverse route"),
                    Cell::num((1.0 - d.combined_availability) * satfiber::fiber::system::HOURS_PER_YEAR * 60.0, 1),
                    Cell::text("min/yr"),
                ]);
            }
            let mut out = args.output.render(&summary);
            out.push('\n');
            out.push_str(&args.output.render(&span_table(&report)));
            if args.channels {
                out.push('\n');
                out.push_str(&args.output.render(&channel_table(&report)));
            }
            for note in &report.notes {
                out.push_str(&format!("note: {note}\n"));
            }
            out
        }
    };
    args.output.emit(&text)
}

/// Names the `--config` file and line of a design value the model rejects (`design.cost.capex_usd_per_km`), or
/// says that the value came from a flag or a default.
fn locate_design_error(error: satfiber::fiber::FiberError, args: &FiberArgs, config_text: &str) -> anyhow::Error {
    use satfiber::fiber::FiberError;
    let key = match &error {
        FiberError::Invalid { context, field, .. } => Some((context.as_str(), field.as_str())),
        FiberError::UnknownFiber { .. } if args.fiber.is_none() => Some(("design", "fiber")),
        FiberError::UnknownAmplifier { .. } if args.amplifier.is_none() => Some(("design", "amplifier")),
        FiberError::UnknownTransceiver { .. } if args.transceiver.is_none() => Some(("design", "transceiver")),
        _ => None,
    };
    if let (Some((table, field)), Some(path)) = (key, &args.config) {
        if let Some(line) = config_key_line(config_text, table, field) {
            return input_error(anyhow::anyhow!("{}:{line}: {error}", path.display()));
        }
    }
    input_error(error)
}

/// 1-based line of `key = ...` inside the TOML table `[table]` (`""` for the top level) of a config text:
/// a line scan, enough for the flat tables a design file holds.
fn config_key_line(text: &str, table: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if let Some(header) = line.strip_prefix('[') {
            current = header.trim_start_matches('[').trim_end_matches(']').trim().replace(' ', "");
            continue;
        }
        if let Some((lhs, _)) = line.split_once('=') {
            let lhs = lhs.trim().trim_matches('"');
            let full = if current.is_empty() { lhs.to_string() } else { format!("{current}.{lhs}") };
            let wanted = if table.is_empty() { key.to_string() } else { format!("{table}.{key}") };
            if full == wanted {
                return Some(i + 1);
            }
        }
    }
    None
}

/// `--designs FILE`: evaluate every design on the route and print the comparison.
fn run_designs(args: &FiberArgs, path: &std::path::Path, routes: &RouteCatalog, equipment: &Equipment) -> Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {}", path.display()))
        .map_err(input_error)?;
    let file = parse_designs(&text, &path.display().to_string()).map_err(input_error)?;
    let route = match (&args.route, args.length_km, &file.route, file.length_km) {
        (Some(name), _, _, _) => routes.route(name).map_err(input_error)?.clone(),
        (None, Some(km), _, _) => Route::from_length(&format!("{km} km"), km).map_err(input_error)?,
        (None, None, Some(name), _) => routes.route(name).map_err(input_error)?.clone(),
        (None, None, None, Some(km)) => Route::from_length(&format!("{km} km"), km).map_err(input_error)?,
        (None, None, None, None) => {
            return Err(input_error(anyhow::anyhow!(
                "no route: give --route NAME, --length-km KM, or route/length_km in {}",
                path.display()
            )))
        }
    };
    let rows = compare_designs(&route, &file.designs, equipment).map_err(input_error)?;
    if let Some(plot) = &args.plot {
        satfiber::plot::write_chart(
            plot,
            900,
            560,
            &satfiber::plot::fiber_designs::designs_chart(route.name(), &rows),
        )?;
    }
    let text = match args.output.format {
        Format::Json => serde_json::to_string_pretty(&rows)? + "\n",
        _ => {
            let mut out = args.output.render(&designs_table(&rows));
            if args.output.format == Format::Table {
                for r in &rows {
                    for note in &r.report.notes {
                        out.push_str(&format!("note [{}]: {note}\n", r.name));
                    }
                }
            }
            out
        }
    };
    args.output.emit(&text)
}

fn designs_table(rows: &[satfiber::fiber::DesignComparison]) -> Table {
    let mut table = Table::new([
        "design",
        "architecture",
        "band",
        "nli_model",
        "amplification",
        "spans",
        "channels",
        "launch_dbm",
        "min_gsnr_db",
        "tbps_per_pair",
        "pairs",
        "total_tbps",
        "capex_musd",
        "usd_per_gbps_year",
        "reach_km",
    ]);
    for r in rows {
        let p = &r.report;
        table.push(vec![
            Cell::text(&r.name),
            Cell::text(match r.architecture {
                Architecture::Repeatered => "repeatered",
                Architecture::Unrepeatered => "unrepeatered",
            }),
            Cell::text(&r.band),
            // Raman pumps bring SRS and the exact-profile generalised GN model with them.
            Cell::text(match (r.nli_model, r.amplification.contains("Raman")) {
                (_, true) => "ggn_pumped",
                (satfiber::fiber::NliModel::Gn, false) => "gn",
                (satfiber::fiber::NliModel::GgnIsrs, false) => "ggn_isrs",
            }),
            Cell::text(&r.amplification),
            Cell::Integer(p.spans.len() as i64),
            Cell::Integer(p.channel_count as i64),
            Cell::num(p.launch_power_dbm, 2),
            Cell::num(p.min_gsnr_db, 2),
            Cell::num(p.capacity_per_pair_gbps / 1e3, 2),
            Cell::Integer(p.fiber_pairs as i64),
            Cell::num(p.total_capacity_gbps / 1e3, 1),
            Cell::num(p.capex_usd / 1e6, 2),
            Cell::num_or_na(p.cost_per_gbps_year_usd, 2, "no capacity"),
            match (r.architecture, r.reach_km) {
                (Architecture::Repeatered, _) => Cell::text("-"),
                (_, Some(km)) => Cell::num(km, 0),
                (_, None) => Cell::text("none"),
            },
        ]);
    }
    table
}

/// One row per fiber, amplifier and transceiver mode, with the figures a design uses.
fn equipment_table(equipment: &Equipment) -> Table {
    let mut table = Table::new(["kind", "name", "figures", "source"]);
    for f in &equipment.fibers {
        table.push(vec![
            Cell::text("fiber"),
            Cell::text(&f.name),
            Cell::text(format!(
                "{} dB/km, D {} ps/(nm·km), Aeff {} µm², n_g {}",
                f.loss_db_per_km, f.dispersion_ps_per_nm_km, f.effective_area_um2, f.group_index
            )),
            Cell::text(&f.source),
        ]);
    }
    for a in &equipment.amplifiers {
        let nf = match (a.gain_min_db, a.nf_min_db, a.nf_max_db) {
            (Some(g), Some(lo), Some(hi)) => format!("NF {lo}–{hi} dB (variable gain from {g} dB)"),
            _ => format!("NF {} dB", a.noise_figure_db),
        };
        table.push(vec![
            Cell::text("amplifier"),
            Cell::text(&a.name),
            Cell::text(format!("gain ≤ {} dB, {nf}, output ≤ {} dBm", a.gain_max_db, a.output_power_max_dbm)),
            Cell::text(&a.source),
        ]);
    }
    for t in &equipment.transceivers {
        for m in &t.mode {
            table.push(vec![
                Cell::text("transceiver"),
                Cell::text(format!("{} / {}", t.name, m.name)),
                Cell::text(format!(
                    "{} Gb/s, {} GBd, required OSNR {} dB/0.1 nm, spacing ≥ {} GHz, Tx OSNR {} dB",
                    m.bit_rate_gbps, m.baud_rate_gbd, m.required_osnr_db_01nm, m.min_spacing_ghz, t.tx_osnr_db_01nm
                )),
                Cell::text(&t.source),
            ]);
        }
    }
    table
}

fn routes_table(routes: &RouteCatalog) -> Table {
    let mut table = Table::new(["route", "landing_a", "landing_b", "geodesic_km", "cable_km"]);
    for r in &routes.routes {
        table.push(vec![
            Cell::text(&r.record.name),
            Cell::text(&r.record.landing_a),
            Cell::text(&r.record.landing_b),
            Cell::num(r.geodesic_length_km, 1),
            Cell::num(r.cable_length_km, 1),
        ]);
    }
    table
}

fn summary_table(r: &FiberReport) -> Table {
    let mut table = Table::new(["quantity", "value", "unit"]);
    let mut row = |name: &str, value: Cell, unit: &str| table.push(vec![Cell::text(name), value, Cell::text(unit)]);
    row("route", Cell::text(&r.route), "");
    row("geodesic length", Cell::num(r.geodesic_length_km, 1), "km");
    row("cable length", Cell::num(r.cable_length_km, 1), "km");
    row(
        "architecture",
        Cell::text(match r.architecture {
            Architecture::Repeatered => "repeatered",
            Architecture::Unrepeatered => "unrepeatered",
        }),
        "",
    );
    row("fiber / amplifier", Cell::text(format!("{} / {}", r.fiber, r.amplifier)), "");
    row("transceiver", Cell::text(&r.transceiver), "");
    row("repeaters", Cell::Integer(r.repeaters as i64), "");
    row("total loss", Cell::num(r.total_loss_db, 2), "dB");
    row(
        "channels",
        Cell::text(format!("{} × {:.4} GBd on {:.1} GHz", r.channel_count, r.baud_rate_gbd, r.spacing_ghz)),
        "",
    );
    row("launch power", Cell::num(r.launch_power_dbm, 2), "dBm/ch");
    row("analytic optimum (centre ch)", Cell::num(r.optimum_launch_power_dbm, 2), "dBm/ch");
    row(
        "GSNR worst / mean",
        if r.min_gsnr_db.is_finite() && r.mean_gsnr_db.is_finite() {
            Cell::text(format!("{:.2} / {:.2}", r.min_gsnr_db, r.mean_gsnr_db))
        } else {
            Cell::na("the GN model gave no finite GSNR for this design")
        },
        "dB",
    );
    row("mode (worst channel)", Cell::text(r.mode.clone().unwrap_or_else(|| "none closes".into())), "");
    row("capacity per pair", Cell::num(r.capacity_per_pair_gbps / 1e3, 2), "Tb/s");
    match r.fiber_pairs_for_target {
        Some(p) => row("fiber pairs for target", Cell::Integer(p as i64), ""),
        None => row("fiber pairs for target", Cell::Empty, ""),
    }
    row("fiber pairs", Cell::Integer(r.fiber_pairs as i64), "");
    row("total capacity", Cell::num(r.total_capacity_gbps / 1e3, 2), "Tb/s");
    row("Shannon bound (total)", Cell::num(r.shannon_capacity_gbps / 1e3, 2), "Tb/s");
    row("one-way latency", Cell::num(r.one_way_latency_ms, 3), "ms");
    row("faults per year", Cell::num(r.faults_per_year, 3), "1/yr");
    row("availability", Cell::num(r.availability * 100.0, 4), "%");
    row("annual downtime", Cell::num(r.annual_downtime_hours, 1), "h/yr");
    row("capex", Cell::num(r.capex_usd / 1e6, 2), "MUS$");
    row("opex", Cell::num(r.opex_usd_per_year / 1e6, 2), "MUS$/yr");
    row("cost per Gb/s per year", Cell::num_or_na(r.cost_per_gbps_year_usd, 2, COST_NA_REASON), "US$");
    table
}

fn span_table(r: &FiberReport) -> Table {
    let mut table = Table::new(["span", "length_km", "loss_db", "gain_db", "ase_dbm_centre", "nli_dbm_centre"]);
    for s in &r.spans {
        table.push(vec![
            Cell::Integer(s.index as i64),
            Cell::num(s.length_km, 2),
            Cell::num(s.loss_db, 2),
            Cell::num(s.amplifier_gain_db, 2),
            Cell::num(s.ase_dbm, 2),
            Cell::num(s.nli_dbm, 2),
        ]);
    }
    table
}

fn channel_table(r: &FiberReport) -> Table {
    let mut table = Table::new([
        "channel",
        "frequency_thz",
        "osnr_ase_db",
        "snr_nli_db",
        "gsnr_db",
        "mode",
        "rate_gbps",
        "margin_db",
    ]);
    for c in &r.channels {
        table.push(vec![
            Cell::Integer(c.index as i64),
            Cell::num(c.frequency_thz, 4),
            Cell::num(c.osnr_ase_db, 2),
            Cell::num(c.snr_nli_db, 2),
            Cell::num(c.gsnr_db, 2),
            c.mode.as_ref().map(Cell::text).unwrap_or(Cell::Empty),
            Cell::num(c.bit_rate_gbps, 0),
            c.margin_db.map(|m| Cell::num(m, 2)).unwrap_or(Cell::Empty),
        ]);
    }
    table
}
