//! `satfiber network`: RTT between ground endpoints over a LEO constellation's ISL network (or bent pipe through
//! gateways), per time step, with per-pair statistics.

use super::common::{CatalogArgs, StationFileArgs, TimeArgs};
use super::input_error;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use satfiber::frames::EarthOrientation;
use satfiber::network::{
    fibre_rtt_ms, pair_statistics, path_label, GroundNode, InferOptions, IslOptions, IslPattern, LinkOptions, Network,
    NetworkError, PairStatistics, PlaneLayout, Simulation, FIBRE_GROUP_INDEX,
};
use satfiber::orbit::Satellite;
use satfiber::output::{Cell, OutputFile, Table};
use satfiber::plot::network::{RttChart, RttSeries};
use satfiber::time::{format_instant_s, seconds_between, Instant};
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;

/// ISL pattern flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IslArg {
    /// Two intra-plane and two cross-plane neighbours per satellite.
    PlusGrid,
    /// No ISLs: bent pipe, through --gateway relays.
    None,
}

/// Output format of `satfiber network`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkFormat {
    /// Per-pair statistics as an aligned table.
    Table,
    /// One row per step and pair: time_utc, from, to, reachable, rtt_ms, one_way_ms, hops, path.
    Csv,
    /// Parameters, topology, per-pair statistics and the per-step series.
    Json,
}

#[derive(Debug, Args)]
pub struct NetworkArgs {
    #[command(flatten)]
    pub catalog: CatalogArgs,
    /// Generated Walker-delta constellation T/P/F:ALTITUDE_KM:INCLINATION_DEG (e.g. 1584/72/39:550:53), epoch at
    /// --start, instead of a catalog.
    #[arg(long, value_name = "T/P/F:ALT:INC", conflicts_with_all = ["tle", "satellites"])]
    pub walker: Option<String>,
    /// Sending endpoint: station name or NAME:LAT,LON[,ALT_M] (repeatable; the n-th --from pairs with the n-th --to).
    #[arg(long = "from", value_name = "STATION", required = true, allow_hyphen_values = true)]
    pub from: Vec<String>,
    /// Receiving endpoint (repeatable, one per --from).
    #[arg(long = "to", value_name = "STATION", required = true, allow_hyphen_values = true)]
    pub to: Vec<String>,
    #[command(flatten)]
    pub stations: StationFileArgs,
    /// Inter-satellite links.
    #[arg(long, value_enum, default_value_t = IslArg::PlusGrid)]
    pub isl: IslArg,
    /// +Grid cross-plane slot shift: (p, j) links to (p + 1, j + shift); 0 ≤ shift < satellites per plane.
    #[arg(long, value_name = "SLOTS", default_value_t = 0, allow_negative_numbers = true)]
    pub isl_shift: i64,
    /// No ISLs across the seam between the last and the first plane (near-polar shells never have them).
    #[arg(long)]
    pub no_seam: bool,
    /// Explicit plane layout PLANES/PER_PLANE (satellites in catalog order plane by plane) instead of inferring
    /// planes from the elements.
    #[arg(long, value_name = "P/S")]
    pub planes: Option<String>,
    /// RAAN gap that separates two planes when inferring them, degrees.
    #[arg(long, value_name = "DEG", default_value_t = 2.0, allow_negative_numbers = true)]
    pub plane_gap_deg: f64,
    /// ISLs whose straight line passes below this altitude do not exist, km.
    #[arg(long, value_name = "KM", default_value_t = 80.0, allow_negative_numbers = true)]
    pub grazing_altitude_km: f64,
    /// Maximum ISL length, km (no limit beyond grazing when absent).
    #[arg(long, value_name = "KM", allow_negative_numbers = true)]
    pub max_isl_km: Option<f64>,
    /// Elevation mask of ground-satellite links, degrees.
    #[arg(long, value_name = "DEG", default_value_t = 25.0, allow_negative_numbers = true)]
    pub min_elevation_deg: f64,
    /// Maximum ground-satellite slant range, km (no limit beyond the mask when absent).
    #[arg(long, value_name = "KM", allow_negative_numbers = true)]
    pub max_gsl_km: Option<f64>,
    /// Gateway (ground relay) station: name or NAME:LAT,LON[,ALT_M] (repeatable).
    #[arg(long = "gateway", value_name = "STATION", allow_hyphen_values = true)]
    pub gateways: Vec<String>,
    #[command(flatten)]
    pub time: TimeArgs,
    /// UT1 − UTC in seconds; 0 when absent.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.0, allow_negative_numbers = true)]
    pub dut1_s: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = NetworkFormat::Table)]
    pub format: NetworkFormat,
    /// Write to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// RTT over time per pair with the great-circle fibre RTT as reference (SVG or PNG by extension).
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
}

/// Parses `PLANES/PER_PLANE`.
fn parse_planes(text: &str) -> Result<PlaneLayout> {
    let bad = || input_error(anyhow::anyhow!("--planes {text:?}: expected PLANES/PER_PLANE, e.g. 72/22"));
    let (p, s) = text.split_once('/').ok_or_else(bad)?;
    let planes: usize = p.trim().parse().map_err(|_| bad())?;
    let per_plane: usize = s.trim().parse().map_err(|_| bad())?;
    if planes == 0 || per_plane == 0 {
        return Err(bad());
    }
    Ok(PlaneLayout::Explicit { planes, per_plane })
}

fn node_input(error: NetworkError) -> anyhow::Error {
    match error {
        NetworkError::Propagation(_) => anyhow::Error::new(error),
        other => input_error(other),
    }
}

struct Resolved {
    network: Network,
    endpoints: Vec<GroundNode>,
    pairs: Vec<(usize, usize)>,
    times: Vec<Instant>,
    source: String,
}

fn resolve(args: &NetworkArgs) -> Result<Resolved> {
    let grid = args.time.grid()?;
    let start = grid.start;
    if args.from.len() != args.to.len() {
        return Err(input_error(anyhow::anyhow!(
            "{} --from but {} --to: give one --to per --from (the n-th --from pairs with the n-th --to)",
            args.from.len(),
            args.to.len()
        )));
    }
    if !(args.dut1_s.abs() <= 1.0) {
        return Err(input_error(anyhow::anyhow!("--dut1-s {} is outside [-1, 1] s", args.dut1_s)));
    }
    if let Some(path) = &args.plot {
        satfiber::plot::ChartFormat::from_path(path).map_err(input_error)?;
    }
    let layout = match &args.planes {
        Some(text) => parse_planes(text)?,
        None => {
            if !(args.plane_gap_deg > 0.0 && args.plane_gap_deg < 180.0) {
                return Err(input_error(anyhow::anyhow!(
                    "--plane-gap-deg {}: expected a positive angle below 180",
                    args.plane_gap_deg
                )));
            }
            PlaneLayout::Infer(InferOptions { raan_gap_deg: args.plane_gap_deg, ..InferOptions::default() })
        }
    };
    // Endpoints: each distinct name once, in order of appearance.
    let mut names: Vec<String> = Vec::new();
    let mut pairs = Vec::new();
    for (a, b) in args.from.iter().zip(&args.to) {
        let mut index = |n: &String| match names.iter().position(|m| m == n) {
            Some(i) => i,
            None => {
                names.push(n.clone());
                names.len() - 1
            }
        };
        let (ia, ib) = (index(a), index(b));
        pairs.push((ia, ib));
    }
    let stations = args.stations.resolve(&names)?;
    let endpoints: Vec<GroundNode> = stations.iter().map(GroundNode::from_station).collect();
    for &(a, b) in &pairs {
        let (ga, gb) = (&endpoints[a].site.ground, &endpoints[b].site.ground);
        if a == b || (ga.position_km - gb.position_km).norm() < 1e-6 {
            return Err(input_error(NetworkError::IdenticalEndpoints { from: names[a].clone(), to: names[b].clone() }))
                .context("--from/--to");
        }
    }
    let gateways: Vec<GroundNode> =
        args.stations.resolve(&args.gateways)?.iter().map(GroundNode::from_station).collect();
    let (satellites, source): (Vec<Satellite>, String) = match &args.walker {
        Some(text) => (
            super::coverage::parse_walker(text)?
                .element_sets(&start)
                .map_err(input_error)?
                .into_iter()
                .map(|s| Satellite::new(s).map_err(input_error))
                .collect::<Result<_>>()?,
            format!("Walker {text}"),
        ),
        None => (
            args.catalog.satellites(Some(&start))?,
            args.catalog.tle.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "tle/ots.tle".into()),
        ),
    };
    let isl = IslOptions {
        pattern: match args.isl {
            IslArg::PlusGrid => IslPattern::PlusGrid,
            IslArg::None => IslPattern::None,
        },
        shift: args.isl_shift,
        seam: !args.no_seam,
    };
    let links = LinkOptions {
        grazing_altitude_km: args.grazing_altitude_km,
        max_isl_km: args.max_isl_km,
        min_elevation_deg: args.min_elevation_deg,
        max_gsl_km: args.max_gsl_km,
    };
    let network = Network::new(satellites, &layout, &isl, links, gateways, EarthOrientation { dut1_s: args.dut1_s })
        .map_err(node_input)
        .context("network model")?;
    Ok(Resolved { network, endpoints, pairs, times: grid.instants(), source })
}

fn opt(v: Option<f64>, decimals: usize) -> Cell {
    v.map(|v| Cell::num(v, decimals)).unwrap_or(Cell::Empty)
}

fn statistics_table(r: &Resolved, stats: &[PairStatistics]) -> Table {
    let mut table = Table::new([
        "from",
        "to",
        "steps",
        "reachable_percent",
        "min_rtt_ms",
        "mean_rtt_ms",
        "p50_rtt_ms",
        "p95_rtt_ms",
        "p99_rtt_ms",
        "max_rtt_ms",
        "mean_hops",
        "path_changes_per_hour",
        "fibre_rtt_ms",
    ]);
    for (&(a, b), s) in r.pairs.iter().zip(stats) {
        let fibre = fibre_rtt_ms(&r.endpoints[a].site.ground.location, &r.endpoints[b].site.ground.location);
        table.push(vec![
            Cell::text(r.endpoints[a].name()),
            Cell::text(r.endpoints[b].name()),
            Cell::Integer(s.steps as i64),
            Cell::num(100.0 * s.fraction_reachable, 2),
            opt(s.min_rtt_ms, 3),
            opt(s.mean_rtt_ms, 3),
            opt(s.p50_rtt_ms, 3),
            opt(s.p95_rtt_ms, 3),
            opt(s.p99_rtt_ms, 3),
            opt(s.max_rtt_ms, 3),
            opt(s.mean_hops, 2),
            Cell::num(s.path_changes_per_hour, 1),
            Cell::num(fibre, 3),
        ]);
    }
    table
}

fn write_csv(out: &mut impl Write, r: &Resolved, sim: &Simulation) -> std::io::Result<()> {
    writeln!(out, "time_utc,from,to,reachable,rtt_ms,one_way_ms,hops,path")?;
    for (k, t) in r.times.iter().enumerate() {
        let time = format_instant_s(t);
        for (p, &(a, b)) in r.pairs.iter().enumerate() {
            let (from, to) = (r.endpoints[a].name(), r.endpoints[b].name());
            match &sim.routes[p][k] {
                Some(route) => writeln!(
                    out,
                    "{time},{from},{to},1,{:.6},{:.6},{},{}",
                    route.rtt_ms(),
                    route.one_way_ms,
                    route.hops,
                    path_label(&r.network, route)
                )?,
                None => writeln!(out, "{time},{from},{to},0,,,,")?,
            }
        }
    }
    Ok(())
}

fn json_output(r: &Resolved, sim: &Simulation, stats: &[PairStatistics], args: &NetworkArgs) -> Value {
    let topology = &r.network.topology;
    let shells: Vec<Value> = topology
        .shells
        .iter()
        .map(|s| {
            json!({
                "inclination_deg": (s.inclination_deg * 1e4).round() / 1e4,
                "altitude_km": (s.altitude_km * 1e3).round() / 1e3,
                "planes": s.planes.len(),
                "satellites": s.planes.iter().map(Vec::len).sum::<usize>(),
                "near_polar": s.near_polar,
                "seam_linked": s.seam_linked,
            })
        })
        .collect();
    let pairs: Vec<Value> = r
        .pairs
        .iter()
        .enumerate()
        .map(|(p, &(a, b))| {
            let series: Vec<Value> = r
                .times
                .iter()
                .zip(&sim.routes[p])
                .map(|(t, route)| match route {
                    Some(route) => json!({
                        "time_utc": format_instant_s(t),
                        "rtt_ms": (route.rtt_ms() * 1e6).round() / 1e6,
                        "one_way_ms": (route.one_way_ms * 1e6).round() / 1e6,
                        "hops": route.hops,
                        "path": path_label(&r.network, route),
                    }),
                    None => json!({ "time_utc": format_instant_s(t), "rtt_ms": null }),
                })
                .collect();
            json!({
                "from": r.endpoints[a].name(),
                "to": r.endpoints[b].name(),
                "fibre_rtt_ms": fibre_rtt_ms(&r.endpoints[a].site.ground.location, &r.endpoints[b].site.ground.location),
                "statistics": stats[p],
                "series": series,
            })
        })
        .collect();
    json!({
        "constellation": r.source,
        "satellites": r.network.satellites.len(),
        "isl": match args.isl { IslArg::PlusGrid => "plus-grid", IslArg::None => "none" },
        "isl_shift": args.isl_shift,
        "isls": topology.isls.len(),
        "shells": shells,
        "unassigned_satellites": topology.unassigned.len(),
        "grazing_altitude_km": args.grazing_altitude_km,
        "max_isl_km": args.max_isl_km,
        "min_elevation_deg": args.min_elevation_deg,
        "max_gsl_km": args.max_gsl_km,
        "gateways": r.network.gateways.iter().map(|g| g.name().to_string()).collect::<Vec<_>>(),
        "start": format_instant_s(&r.times[0]),
        "end": format_instant_s(&r.times[r.times.len() - 1]),
        "steps": r.times.len(),
        "failed_states": sim.failed_states,
        "pairs": pairs,
    })
}

pub fn run(args: NetworkArgs) -> Result<()> {
    let resolved = resolve(&args)?;
    for note in &resolved.network.topology.notes {
        eprintln!("note: {note}");
    }
    let sim = resolved.network.simulate(&resolved.endpoints, &resolved.pairs, &resolved.times).map_err(node_input)?;
    if sim.failed_states > 0 {
        eprintln!("warning: {} satellite-steps left out: propagation failed (decay or divergence)", sim.failed_states);
    }
    let stats: Vec<PairStatistics> = sim.routes.iter().map(|r| pair_statistics(r, &resolved.times)).collect();
    if let Some(path) = &args.plot {
        let start = resolved.times[0];
        let series = resolved
            .pairs
            .iter()
            .enumerate()
            .map(|(p, &(a, b))| RttSeries {
                label: format!("{} – {}", resolved.endpoints[a].name(), resolved.endpoints[b].name()),
                points: resolved
                    .times
                    .iter()
                    .zip(&sim.routes[p])
                    .map(|(t, r)| (seconds_between(&start, t) / 3600.0, r.as_ref().map(|r| r.rtt_ms())))
                    .collect(),
                fibre_rtt_ms: fibre_rtt_ms(
                    &resolved.endpoints[a].site.ground.location,
                    &resolved.endpoints[b].site.ground.location,
                ),
            })
            .collect();
        let chart = RttChart {
            title: format!("RTT over {} ({} satellites)", resolved.source, resolved.network.satellites.len()),
            x_label: format!("time since {} (h)", format_instant_s(&start)),
            fibre_label: format!("great-circle fibre, n = {FIBRE_GROUP_INDEX}"),
            series,
        };
        satfiber::plot::write_chart(path, 1000, 560, &chart).with_context(|| format!("--plot {}", path.display()))?;
    }
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        match args.format {
            NetworkFormat::Table => out.write_all(statistics_table(&resolved, &stats).to_text().as_bytes()),
            NetworkFormat::Csv => {
                let mut buffered = std::io::BufWriter::new(out);
                write_csv(&mut buffered, &resolved, &sim)?;
                buffered.flush()
            }
            NetworkFormat::Json => {
                let text = serde_json::to_string_pretty(&json_output(&resolved, &sim, &stats, &args))
                    .map_err(std::io::Error::other)?;
                writeln!(out, "{text}")
            }
        }
    };
    match &args.output {
        Some(path) => {
            let mut file = OutputFile::create(path).with_context(|| format!("writing {}", path.display()))?;
            write(&mut file).with_context(|| format!("writing {}", path.display()))?;
            file.commit().with_context(|| format!("writing {}", path.display()))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            write(&mut lock)?;
            lock.flush()?;
        }
    }
    Ok(())
}
