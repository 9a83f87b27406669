//! The comparison: per option, deliverable capacity, latency, availability, LEO coverage windows, costs, and
//! whether the demands are met. Every number carries a `basis` string naming the model and inputs behind it.
//!
//! Component models used (see the report's "model versions" table):
//! * geometry: `orbit` (SGP4, WGS-72) → `frames` (TEME→ECEF by GMST 1982) → look angles from WGS-84 sites;
//! * GEO capacity and rain availability: `link::evaluate` per terminal site (payload from
//!   configs/satellites.toml, geometry from SGP4 at the epoch, ACM MODCOD closing at the attenuation exceeded
//!   p % of the year); leased transponders × the worst site's throughput per transponder; unavailability adds
//!   over the two independent sites (2 p %);
//! * cable: shortest route path; submarine routes from `fiber::evaluate` with the option's design (GSNR-based
//!   capacity per pair × pairs, latency, availability 1/(1 + λT), capex, opex); terrestrial routes from the
//!   scenario (n_g · L / c, 1/(1 + λT) with λ from the cut rate per 1000 km, lit capacity, USD per km);
//! * LEO: constellation from a TLE/OMM file or `orbit::walker`; sampled visibility (≥ min elevation) of every
//!   satellite from every site on a time grid; coverage windows are runs of covered samples (resolution: the
//!   step).

use super::config::{Constellation, OptionModel, Scenario, Target, WalkerSpec};
use crate::frames::teme::teme_to_ecef_with_gmst;
use crate::frames::{teme_to_ecef, EarthOrientation, Geodetic, GroundStation};
use crate::orbit::walker::WalkerDelta;
use crate::orbit::{PropagationError, Satellite};
use crate::time::add_seconds;
use nalgebra::Vector3;
use rayon::prelude::*;
use thiserror::Error;

/// Speed of light in vacuum, km/s.
pub const C_KM_S: f64 = 299_792.458;
/// Minutes in a year of 365.25 days.
pub const MINUTES_PER_YEAR: f64 = 525_960.0;
/// Days per year used for fault and repair arithmetic.
pub const DAYS_PER_YEAR: f64 = 365.25;

/// Errors computing a comparison (the scenario itself was valid).
#[derive(Debug, Error)]
pub enum CompareError {
    #[error("option {option:?}: propagating {satellite}: {source}")]
    Propagation {
        option: String,
        satellite: String,
        #[source]
        source: Box<PropagationError>,
    },
    #[error("option {option:?}: {message}")]
    Walker { option: String, message: String },
    #[error("option {option:?}: link budget: {message}")]
    Link { option: String, message: String },
    #[error("option {option:?}: network model: {message}")]
    Network { option: String, message: String },
    #[error("option {option:?}: the LEO analysis would hold {needed_gib:.1} GiB of satellite states ({satellites} satellites x {steps} steps), more than the {limit_gib:.0} GiB budget; raise option.step_s or lower option.analysis_hours (or use fewer satellites)", limit_gib = *limit_bytes as f64 / 1_073_741_824.0)]
    TooLarge { option: String, satellites: usize, steps: usize, needed_gib: f64, limit_bytes: u64 },
}

/// Memory budget of one LEO option's analysis state, bytes (4 GiB): see [`leo_state_bytes`].
pub const LEO_STATE_BUDGET_BYTES: u64 = 4 << 30;

/// Bytes the LEO analysis of `l` holds at once, and its satellite and step counts: per time step the
/// Earth-fixed position of every satellite (24 B) and the best sight of every demand point (16 B), plus two
/// vector headers (48 B). Counted in f64 so no input overflows it.
pub fn leo_state_bytes(scenario: &Scenario, l: &super::config::LeoSpec) -> (f64, usize, usize) {
    let satellites = match &l.constellation {
        Constellation::Catalog { sets, .. } => sets.len() as f64,
        Constellation::Walker(w) => f64::from(w.planes) * f64::from(w.satellites_per_plane),
    };
    let mut names: Vec<String> = Vec::new();
    for d in &scenario.demands {
        let from = scenario.sites[d.from].ground.name.clone();
        for name in std::iter::once(from).chain(target_points(scenario, &d.to).into_iter().map(|g| g.name)) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    let steps = (l.analysis_hours * 3600.0 / l.step_s).floor() + 1.0;
    let bytes = steps * (satellites * 24.0 + names.len() as f64 * 16.0 + 48.0);
    (bytes, satellites as usize, steps as usize)
}

/// A number and where it comes from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Metric {
    pub value: f64,
    /// The model and inputs that produced the value.
    pub basis: String,
}

impl Metric {
    fn new(value: f64, basis: impl Into<String>) -> Self {
        Metric { value, basis: basis.into() }
    }
}

/// How one demand fares in one option.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DemandResult {
    pub demand: String,
    pub rate_gbps: f64,
    /// False when the option has no path for the demand (it is then carried at 0 Gb/s).
    pub reachable: bool,
    /// Gb/s actually carried: min(rate, this demand's share of the deliverable capacity) =
    /// rate × min(1, capacity / Σ reachable rates) when reachable, else 0 (set by the option's finish step).
    pub carried_gbps: f64,
    /// Path description (route names, or site → satellite → site).
    pub path: String,
    /// One-way latency, ms (NaN when not served).
    pub latency_one_way_ms: f64,
    /// Availability, percent of the year (NaN when not served).
    pub availability_percent: f64,
}

/// LEO coverage windows at one point (a site or an area point).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CoverageWindows {
    pub point: String,
    /// Fraction of samples with at least one satellite above the minimum elevation, percent.
    pub covered_percent: f64,
    /// Number of covered windows (runs of covered samples) in the analysis interval.
    pub windows: usize,
    /// Longest gap without coverage, minutes.
    pub max_gap_min: f64,
}

/// The results for one option.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OptionResult {
    pub name: String,
    pub kind: String,
    /// Deliverable capacity for this demand pattern: the largest uniform scaling λ of the demands that fits
    /// every resource (route, satellite lease, site terminals), times the total served demand, Gb/s.
    pub capacity_gbps: Metric,
    /// Worst one-way latency over the demands, ms.
    pub latency_one_way_ms: Metric,
    /// Round-trip time of the worst demand, ms (twice the one-way latency).
    pub rtt_ms: Metric,
    /// Availability of the worst demand, percent of the year.
    pub availability_percent: Metric,
    /// Expected downtime of the worst demand, minutes per year.
    pub downtime_min_per_year: Metric,
    pub capex_usd: Metric,
    pub opex_usd_per_year: Metric,
    /// capex / amortisation years + opex, USD per year.
    pub annual_cost_usd: Metric,
    /// Annual cost per Gb/s of deliverable capacity, USD per Gb/s per year (NaN when nothing is deliverable).
    pub cost_per_gbps_year_usd: Metric,
    /// Σ carried Gb/s over the demands (each min(rate, its share of the deliverable capacity)), Gb/s.
    pub carried_gbps: Metric,
    /// Hybrids whose backup cannot carry the whole demand: the reduced rate kept up when the primary fails
    /// and the availability of at least that rate (`availability_percent` is then the full-rate figure).
    pub degraded_service: Option<DegradedService>,
    /// All demands have a path and fit (λ ≥ 1).
    pub demand_met: bool,
    pub demand_basis: String,
    pub demands: Vec<DemandResult>,
    /// LEO options only.
    pub coverage: Vec<CoverageWindows>,
}

/// A reduced service level and how often at least that much is up.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DegradedService {
    /// Gb/s kept up when the primary is down.
    pub rate_gbps: f64,
    /// Availability of at least `rate_gbps`, percent of the year.
    pub availability_percent: f64,
    pub basis: String,
}

/// Sets each demand's carried rate from the deliverable capacity: rate × min(1, capacity / Σ reachable rates)
/// (demands scale uniformly, as the capacity's λ does); returns the total carried, Gb/s.
pub fn fill_carried(demands: &mut [DemandResult], capacity_gbps: f64) -> f64 {
    let reachable: f64 = demands.iter().filter(|d| d.reachable).map(|d| d.rate_gbps).sum();
    let share =
        if reachable > 0.0 && capacity_gbps.is_finite() { (capacity_gbps / reachable).clamp(0.0, 1.0) } else { 0.0 };
    let mut total = 0.0;
    for d in demands.iter_mut() {
        d.carried_gbps = if d.reachable { d.rate_gbps * share } else { 0.0 };
        total += d.carried_gbps;
    }
    total
}

/// Satellite (or constellation) epochs used, for the report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EpochNote {
    pub option: String,
    pub source: String,
    pub epoch: String,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comparison {
    pub scenario: String,
    pub file: String,
    pub epoch: String,
    pub total_demand_gbps: f64,
    pub options: Vec<OptionResult>,
    pub epochs: Vec<EpochNote>,
}

/// Runs every option of the scenario.
pub fn compare(scenario: &Scenario) -> Result<Comparison, CompareError> {
    let base: Vec<Result<Option<OptionResult>, CompareError>> = scenario
        .options
        .par_iter()
        .map(|o| match &o.model {
            OptionModel::Hybrid { .. } => Ok(None),
            _ => evaluate_single(scenario, o).map(Some),
        })
        .collect();
    let mut results: Vec<Option<OptionResult>> = Vec::with_capacity(base.len());
    for r in base {
        results.push(r?);
    }
    for (i, o) in scenario.options.iter().enumerate() {
        if let OptionModel::Hybrid { primary, backup } = o.model {
            let (p, b) = (results[primary].clone(), results[backup].clone());
            if let (Some(p), Some(b)) = (p, b) {
                results[i] = Some(hybrid(scenario, &o.name, &o.fixed, &p, &b));
            }
        }
    }
    let mut epochs = Vec::new();
    for o in &scenario.options {
        match &o.model {
            OptionModel::Geo(g) => epochs.push(EpochNote {
                option: o.name.clone(),
                source: format!("{} (NORAD {}) from {}", g.satellite.name, g.satellite.norad_id, scenario.tle_file),
                epoch: crate::time::format_instant_s(&g.satellite.epoch),
            }),
            OptionModel::Leo(l) => match &l.constellation {
                Constellation::Catalog { file, sets } => {
                    let first = sets.iter().map(|s| s.epoch).min();
                    let last = sets.iter().map(|s| s.epoch).max();
                    if let (Some(a), Some(b)) = (first, last) {
                        epochs.push(EpochNote {
                            option: o.name.clone(),
                            source: format!("{} element sets from {file}", sets.len()),
                            epoch: format!(
                                "{} to {}",
                                crate::time::format_instant_s(&a),
                                crate::time::format_instant_s(&b)
                            ),
                        });
                    }
                }
                Constellation::Walker(w) => epochs.push(EpochNote {
                    option: o.name.clone(),
                    source: format!("Walker {}", walker_label(w)),
                    epoch: format!(
                        "{} (generated at the scenario epoch)",
                        crate::time::format_instant_s(&scenario.epoch)
                    ),
                }),
            },
            _ => {}
        }
    }
    Ok(Comparison {
        scenario: scenario.name.clone(),
        file: scenario.file.clone(),
        epoch: crate::time::format_instant_s(&scenario.epoch),
        total_demand_gbps: scenario.demands.iter().map(|d| d.rate_gbps).sum(),
        options: results.into_iter().flatten().collect(),
        epochs,
    })
}

/// `i:T/P/F` label of a Walker constellation, with its altitude.
pub fn walker_label(w: &WalkerSpec) -> String {
    format!(
        "{}°:{}/{}/{} at {} km",
        w.inclination_deg,
        w.planes * w.satellites_per_plane,
        w.planes,
        w.phasing,
        w.altitude_km
    )
}

fn fmt_usd(v: f64) -> String {
    if v.abs() >= 1e6 {
        format!("{:.2} MUSD", v / 1e6)
    } else {
        format!("{:.0} USD", v)
    }
}

struct Partial {
    capacity: Metric,
    demands: Vec<DemandResult>,
    capex_usd: f64,
    capex_basis: String,
    opex_usd_per_year: f64,
    opex_basis: String,
    lambda: f64,
    lambda_basis: String,
    coverage: Vec<CoverageWindows>,
    latency_basis: String,
    availability_basis: String,
}

fn evaluate_single(scenario: &Scenario, o: &super::config::OptionSpec) -> Result<OptionResult, CompareError> {
    let partial = match &o.model {
        OptionModel::Cable(c) => cable(scenario, c),
        OptionModel::Geo(g) => geo(scenario, &o.name, g)?,
        OptionModel::Leo(l) => leo(scenario, &o.name, l)?,
        OptionModel::Hybrid { .. } => unreachable!("hybrids are evaluated after their parts"),
    };
    Ok(finish(scenario, &o.name, o.model.kind(), &o.fixed, partial))
}

fn finish(scenario: &Scenario, name: &str, kind: &str, fixed: &super::config::FixedCosts, p: Partial) -> OptionResult {
    let served: Vec<&DemandResult> = p.demands.iter().filter(|d| d.reachable).collect();
    let worst_latency = served.iter().map(|d| d.latency_one_way_ms).fold(f64::NAN, f64::max);
    let worst_latency_demand =
        served.iter().find(|d| d.latency_one_way_ms == worst_latency).map(|d| d.demand.clone()).unwrap_or_default();
    let worst_avail = served.iter().map(|d| d.availability_percent).fold(f64::NAN, f64::min);
    let worst_avail_demand =
        served.iter().find(|d| d.availability_percent == worst_avail).map(|d| d.demand.clone()).unwrap_or_default();
    let capex = p.capex_usd + fixed.capex_usd;
    let opex = p.opex_usd_per_year + fixed.opex_usd_per_year;
    let fixed_note = if fixed.capex_usd > 0.0 || fixed.opex_usd_per_year > 0.0 {
        format!("; fixed {} capex, {}/yr opex", fmt_usd(fixed.capex_usd), fmt_usd(fixed.opex_usd_per_year))
    } else {
        String::new()
    };
    let annual = capex / scenario.amortisation_years + opex;
    let unserved: Vec<&str> = p.demands.iter().filter(|d| !d.reachable).map(|d| d.demand.as_str()).collect();
    let demand_met = unserved.is_empty() && p.lambda >= 1.0 - 1e-12;
    let demand_basis = if !unserved.is_empty() {
        format!("no path for {}; {}", unserved.join(", "), p.lambda_basis)
    } else {
        p.lambda_basis.clone()
    };
    let cap = p.capacity.value;
    let mut demands = p.demands;
    let carried = fill_carried(&mut demands, cap);
    OptionResult {
        name: name.to_string(),
        kind: kind.to_string(),
        latency_one_way_ms: Metric::new(
            worst_latency,
            format!("worst demand {worst_latency_demand}: {}", p.latency_basis),
        ),
        rtt_ms: Metric::new(2.0 * worst_latency, "2 × one-way latency (symmetric path)"),
        availability_percent: Metric::new(
            worst_avail,
            format!("worst demand {worst_avail_demand}: {}", p.availability_basis),
        ),
        downtime_min_per_year: Metric::new(
            (100.0 - worst_avail) / 100.0 * MINUTES_PER_YEAR,
            "(1 − availability) × 525,960 min/yr",
        ),
        capacity_gbps: p.capacity,
        capex_usd: Metric::new(capex, format!("{}{fixed_note}", p.capex_basis)),
        opex_usd_per_year: Metric::new(opex, format!("{}{fixed_note}", p.opex_basis)),
        annual_cost_usd: Metric::new(
            annual,
            format!("capex / {} years + opex (straight-line, no discounting)", scenario.amortisation_years),
        ),
        cost_per_gbps_year_usd: Metric::new(
            if cap > 0.0 { annual / cap } else { f64::NAN },
            "annual cost / deliverable capacity",
        ),
        carried_gbps: Metric::new(
            carried,
            "Σ demands of min(rate, rate × deliverable capacity / Σ reachable rates); unreachable demands carry 0",
        ),
        degraded_service: None,
        demand_met,
        demand_basis,
        demands,
        coverage: p.coverage,
    }
}

/// Uniform demand scaling λ = min over resources of capacity / load, with the bottleneck named.
fn bottleneck(resources: &[(String, f64, f64)]) -> (f64, String) {
    let mut best = (f64::INFINITY, String::from("no loaded resource"));
    for (name, capacity, load) in resources {
        if *load > 0.0 {
            let l = capacity / load;
            if l < best.0 {
                best = (l, format!("bottleneck {name}: {capacity:.3} Gb/s for {load:.3} Gb/s of demand, λ = {l:.3}"));
            }
        }
    }
    best
}

fn total_served(demands: &[DemandResult]) -> f64 {
    demands.iter().filter(|d| d.reachable).map(|d| d.rate_gbps).sum()
}

// ---------------------------------------------------------------------------------------------------------------
// Cable.

/// Shortest path (by length) over the option's routes: route indices in order, or None.
pub(super) fn shortest_path(scenario: &Scenario, routes: &[usize], from: usize, to: usize) -> Option<Vec<usize>> {
    let n = scenario.sites.len();
    let mut dist = vec![f64::INFINITY; n];
    let mut prev: Vec<Option<(usize, usize)>> = vec![None; n];
    let mut done = vec![false; n];
    dist[from] = 0.0;
    loop {
        let u = (0..n).filter(|&i| !done[i] && dist[i].is_finite()).min_by(|&a, &b| dist[a].total_cmp(&dist[b]))?;
        if u == to {
            break;
        }
        done[u] = true;
        for &r in routes {
            let route = &scenario.routes[r];
            let v = if route.ends[0] == u {
                route.ends[1]
            } else if route.ends[1] == u {
                route.ends[0]
            } else {
                continue;
            };
            let d = dist[u] + route.length_km;
            if d < dist[v] {
                dist[v] = d;
                prev[v] = Some((u, r));
            }
        }
    }
    let mut path = Vec::new();
    let mut at = to;
    while let Some((p, r)) = prev[at] {
        path.push(r);
        at = p;
    }
    path.reverse();
    Some(path)
}

/// Steady-state unavailability of one route: λT / (1 + λT), λ faults per year, T repair time in years.
pub fn route_unavailability(fault_rate_per_1000km_year: f64, length_km: f64, repair_days: f64) -> f64 {
    let lt = fault_rate_per_1000km_year * length_km / 1000.0 * repair_days / DAYS_PER_YEAR;
    lt / (1.0 + lt)
}

/// One route's figures inside a cable option: from `fiber::evaluate` for submarine routes, from the
/// scenario's terrestrial inputs otherwise.
struct RouteFigures {
    capacity_gbps: f64,
    latency_ms: f64,
    availability: f64,
    capex_usd: f64,
    opex_usd_per_year: f64,
}

fn route_figures(scenario: &Scenario, c: &super::config::CableSpec, r: usize) -> RouteFigures {
    let route = &scenario.routes[r];
    match c.submarine.iter().find(|(i, _)| *i == r) {
        Some((_, report)) => RouteFigures {
            capacity_gbps: report.total_capacity_gbps,
            latency_ms: report.one_way_latency_ms,
            availability: report.availability,
            capex_usd: report.capex_usd,
            opex_usd_per_year: report.opex_usd_per_year,
        },
        None => {
            let capex_usd = route.length_km * route.capex_usd_per_km;
            RouteFigures {
                capacity_gbps: route.capacity_gbps.unwrap_or(0.0),
                latency_ms: route.length_km * c.group_index / C_KM_S * 1000.0,
                availability: 1.0
                    - route_unavailability(route.fault_rate_per_1000km_year, route.length_km, route.repair_days),
                capex_usd,
                opex_usd_per_year: capex_usd * c.opex_fraction_per_year,
            }
        }
    }
}

fn cable(scenario: &Scenario, c: &super::config::CableSpec) -> Partial {
    // Working routes, then the 1+1 protection routes (scenario::cable).
    let option_routes: Vec<usize> = c.routes.iter().chain(&c.protection).copied().collect();
    let figures: Vec<Option<RouteFigures>> =
        (0..scenario.routes.len()).map(|r| option_routes.contains(&r).then(|| route_figures(scenario, c, r))).collect();
    let fig = |r: usize| figures[r].as_ref().expect("route of the option");
    let mut load = vec![0.0; scenario.routes.len()];
    let mut demands = Vec::new();
    for d in &scenario.demands {
        match shortest_path(scenario, &c.routes, d.from, d.to.site()) {
            Some(path) => {
                let latency: f64 =
                    path.iter().map(|&r| fig(r).latency_ms).sum::<f64>() + path.len() as f64 * c.equipment_latency_ms;
                let avail: f64 = path.iter().map(|&r| fig(r).availability).product();
                for &r in &path {
                    load[r] += d.rate_gbps;
                }
                demands.push(DemandResult {
                    demand: d.name.clone(),
                    rate_gbps: d.rate_gbps,
                    reachable: true,
                    carried_gbps: 0.0,
                    path: path.iter().map(|&r| scenario.routes[r].name.as_str()).collect::<Vec<_>>().join(" + "),
                    latency_one_way_ms: latency,
                    availability_percent: avail * 100.0,
                });
            }
            None => demands.push(DemandResult {
                demand: d.name.clone(),
                rate_gbps: d.rate_gbps,
                reachable: false,
                carried_gbps: 0.0,
                path: "no path".into(),
                latency_one_way_ms: f64::NAN,
                availability_percent: f64::NAN,
            }),
        }
    }
    let protection_note = super::cable::protect(
        scenario,
        &c.routes,
        &c.protection,
        c.equipment_latency_ms,
        &mut demands,
        &mut load,
        &|r| (fig(r).latency_ms, fig(r).availability),
    );
    let resources: Vec<(String, f64, f64)> = option_routes
        .iter()
        .map(|&r| (format!("route {}", scenario.routes[r].name), fig(r).capacity_gbps, load[r]))
        .collect();
    let (lambda, lambda_basis) = bottleneck(&resources);
    let served = total_served(&demands);
    let capacity_value = if lambda.is_finite() { lambda * served } else { 0.0 };
    let capex: f64 = option_routes.iter().map(|&r| fig(r).capex_usd).sum();
    let opex: f64 = option_routes.iter().map(|&r| fig(r).opex_usd_per_year).sum();
    let fiber_notes: Vec<String> = c
        .submarine
        .iter()
        .map(|(r, rep)| {
            format!(
                "{}: fiber::evaluate {:.1} km {:?} {} / {} / {}, {} repeaters, min GSNR {:.2} dB, mode {}, {:.0} Gb/s per pair × {} pairs",
                scenario.routes[*r].name,
                rep.cable_length_km,
                rep.architecture,
                rep.fiber,
                rep.amplifier,
                rep.transceiver,
                rep.repeaters,
                rep.min_gsnr_db,
                rep.mode.as_deref().unwrap_or("none closes"),
                rep.capacity_per_pair_gbps,
                rep.fiber_pairs
            )
        })
        .collect();
    let per_route = |what: &dyn Fn(&RouteFigures) -> String| -> String {
        option_routes
            .iter()
            .map(|&r| format!("{} {}", scenario.routes[r].name, what(fig(r))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Partial {
        capacity: Metric::new(
            capacity_value,
            format!("λ × served demand; {}; {lambda_basis}", fiber_notes.join("; ")),
        ),
        demands,
        capex_usd: capex,
        capex_basis: format!(
            "Σ routes (submarine: fiber model cable, installation, repeaters, landing stations; terrestrial: length × USD/km): {}",
            per_route(&|f| format!("{:.2} MUSD", f.capex_usd / 1e6))
        ),
        opex_usd_per_year: opex,
        opex_basis: format!(
            "Σ routes (submarine: fiber model O&M fraction + expected repairs; terrestrial: {} × capex): {}",
            c.opex_fraction_per_year,
            per_route(&|f| format!("{:.3} MUSD/yr", f.opex_usd_per_year / 1e6))
        ),
        lambda,
        lambda_basis,
        coverage: Vec::new(),
        latency_basis: format!(
            "Σ route latencies (submarine: fiber model, cable length × group index / c; terrestrial: length × {} / c) + {} ms equipment per route",
            c.group_index, c.equipment_latency_ms
        ),
        availability_basis: format!(
            "Π over path routes (in series) of 1/(1 + λT): submarine from the fiber model's faults and MTTR, terrestrial from the scenario; {}{}",
            per_route(&|f| format!("{:.4} %", f.availability * 100.0)),
            if protection_note.is_empty() { "; unprotected" } else { protection_note.as_str() }
        ),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Satellites: shared geometry.

/// The point `distance_km` from `origin` along `bearing_deg` on a sphere of the mean Earth radius.
pub fn destination(origin: &Geodetic, bearing_deg: f64, distance_km: f64) -> Geodetic {
    let d = distance_km / super::config::EARTH_MEAN_RADIUS_KM;
    let (lat1, lon1, brg) =
        (origin.latitude_deg.to_radians(), origin.longitude_deg.to_radians(), bearing_deg.to_radians());
    let lat2 = (lat1.sin() * d.cos() + lat1.cos() * d.sin() * brg.cos()).asin();
    let lon2 = lon1 + (brg.sin() * d.sin() * lat1.cos()).atan2(d.cos() - lat1.sin() * lat2.sin());
    let mut lon_deg = lon2.to_degrees();
    if lon_deg > 180.0 {
        lon_deg -= 360.0;
    } else if lon_deg < -180.0 {
        lon_deg += 360.0;
    }
    Geodetic { latitude_deg: lat2.to_degrees(), longitude_deg: lon_deg, altitude_km: origin.altitude_km }
}

/// Ground points a satellite option must cover for a target: the site, or the hub and four points (N, E, S, W)
/// on the area's radius.
fn target_points(scenario: &Scenario, target: &Target) -> Vec<GroundStation> {
    match target {
        Target::Site(s) => vec![scenario.sites[*s].ground.clone()],
        Target::Area { site, radius_km } => {
            let hub = &scenario.sites[*site];
            let mut points = vec![hub.ground.clone()];
            if *radius_km > 0.0 {
                for (label, bearing) in [("N", 0.0), ("E", 90.0), ("S", 180.0), ("W", 270.0)] {
                    points.push(GroundStation::new(
                        format!("{} area {label} {radius_km} km", hub.name),
                        destination(&hub.ground.location, bearing, *radius_km),
                    ));
                }
            }
            points
        }
    }
}

fn target_label(scenario: &Scenario, target: &Target) -> String {
    match target {
        Target::Site(s) => scenario.sites[*s].name.clone(),
        Target::Area { site, radius_km } => format!("{} area ({radius_km} km)", scenario.sites[*site].name),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// GEO.

fn geo(scenario: &Scenario, option: &str, g: &super::config::GeoSpec) -> Result<Partial, CompareError> {
    let satellite = Satellite::new(g.satellite.clone()).map_err(|source| CompareError::Propagation {
        option: option.to_string(),
        satellite: g.satellite.name.clone(),
        source: Box::new(source),
    })?;
    let teme = satellite.propagate(&scenario.epoch).map_err(|source| CompareError::Propagation {
        option: option.to_string(),
        satellite: g.satellite.name.clone(),
        source: Box::new(source),
    })?;
    let ecef = teme_to_ecef(&teme, &scenario.epoch, &EarthOrientation::default());
    let sub = Geodetic::from_ecef_km(&ecef.position_km);
    let payload = g
        .link_satellite
        .payload(g.band)
        .map_err(|e| CompareError::Link { option: option.to_string(), message: e.to_string() })?;
    let p = g.rain_exceedance_percent;
    // Each direction of each demand: uplink from the sending site + downlink to the receiving site through the
    // transparent transponder (scenario::geo), geometry from SGP4 at the epoch; ACM MODCOD at the design p.
    let end_of = |site: usize| {
        let s = &scenario.sites[site];
        let look = s.ground.look_angles(&ecef);
        super::geo::GeoEnd {
            name: s.name.clone(),
            location: s.ground.location,
            elevation_deg: look.elevation_deg,
            azimuth_deg: look.azimuth_deg,
            range_km: look.range_km,
        }
    };
    let terminal = super::geo::GeoTerminal { dish_m: g.dish_m, uplink_hpa_w: g.uplink_hpa_w };
    let link_err = |e: crate::link::LinkError| CompareError::Link {
        option: option.to_string(),
        message: format!("{}: {e}", g.link_satellite.name),
    };
    let mut directions: Vec<(usize, usize, super::geo::Direction, Option<crate::link::Modcod>)> = Vec::new();
    let mut direction_closes = |a: usize, b: usize| -> Result<bool, CompareError> {
        if let Some(d) = directions.iter().find(|d| d.0 == a && d.1 == b) {
            return Ok(d.3.is_some());
        }
        let dir = super::geo::Direction::new(&g.link_satellite, g.band, terminal, &end_of(a), &end_of(b))
            .map_err(link_err)?;
        let modcod = dir.acm_modcod(p).map_err(link_err)?;
        let closes = modcod.is_some();
        directions.push((a, b, dir, modcod));
        Ok(closes)
    };
    let mut demands = Vec::new();
    let mut terminals: Vec<usize> = Vec::new();
    let mut worst_elevation = f64::INFINITY;
    for d in &scenario.demands {
        let from = &scenario.sites[d.from].ground;
        let look_from = from.look_angles(&ecef);
        let points = target_points(scenario, &d.to);
        let looks: Vec<_> = points.iter().map(|p| p.look_angles(&ecef)).collect();
        let min_el = looks.iter().map(|l| l.elevation_deg).fold(look_from.elevation_deg, f64::min);
        let visible = min_el >= g.min_elevation_deg;
        let closes = visible && direction_closes(d.from, d.to.site())? && direction_closes(d.to.site(), d.from)?;
        let latency = (look_from.range_km + looks[0].range_km) / C_KM_S * 1000.0 + g.processing_latency_ms;
        if closes {
            worst_elevation = worst_elevation.min(min_el);
            for s in [d.from, d.to.site()] {
                if !terminals.contains(&s) {
                    terminals.push(s);
                }
            }
        }
        demands.push(DemandResult {
            demand: d.name.clone(),
            rate_gbps: d.rate_gbps,
            reachable: closes,
            carried_gbps: 0.0,
            path: if closes {
                format!(
                    "{} ({:.0} km, el {:.1}°) → {} → {} ({:.0} km, el {:.1}°)",
                    scenario.sites[d.from].name,
                    look_from.range_km,
                    look_from.elevation_deg,
                    g.satellite.name,
                    target_label(scenario, &d.to),
                    looks[0].range_km,
                    looks[0].elevation_deg
                )
            } else if !visible {
                format!("no path: elevation {min_el:.1}° below the {}° minimum", g.min_elevation_deg)
            } else {
                format!("no path: no MODCOD closes at p = {p} % (uplink + downlink composite)")
            },
            latency_one_way_ms: if closes { latency } else { f64::NAN },
            availability_percent: f64::NAN,
        });
    }
    terminals.sort_unstable();
    // The leased pool runs every carrier at one MODCOD: the least efficient ACM choice over the served
    // directions (conservative); its availability per demand from the rain statistics at both ends.
    let served_dirs: Vec<&(usize, usize, super::geo::Direction, Option<crate::link::Modcod>)> = directions
        .iter()
        .filter(|d| {
            scenario.demands.iter().zip(&demands).any(|(dm, r)| {
                r.reachable && ((dm.from, dm.to.site()) == (d.0, d.1) || (dm.to.site(), dm.from) == (d.0, d.1))
            })
        })
        .collect();
    let pool = served_dirs
        .iter()
        .filter_map(|d| d.3.as_ref())
        .min_by(|a, b| a.spectral_eff(true).total_cmp(&b.spectral_eff(true)))
        .cloned();
    let mut notes: Vec<String> = served_dirs
        .iter()
        .map(|d| {
            format!(
                "{}→{}: C/N up {:.2} dB clear ({:.1} dBW, {} GHz), Es/N0 composite {:.2} dB at p, ACM {}",
                d.2.from,
                d.2.to,
                d.2.cn_up_clear_db,
                d.2.uplink_eirp_dbw,
                d.2.uplink_ghz,
                d.2.esn0_at_percent(p).unwrap_or(f64::NAN),
                d.3.as_ref().map(|m| m.label()).unwrap_or_else(|| "none".into())
            )
        })
        .collect();
    let mut availability_notes = Vec::new();
    if let Some(m) = &pool {
        let dirs: Vec<&super::geo::Direction> = served_dirs.iter().map(|d| &d.2).collect();
        for (dm, r) in scenario.demands.iter().zip(demands.iter_mut()) {
            if !r.reachable {
                continue;
            }
            let mine: Vec<&super::geo::Direction> = dirs
                .iter()
                .copied()
                .filter(|d| {
                    let names = [&scenario.sites[dm.from].name, &scenario.sites[dm.to.site()].name];
                    names.contains(&&d.from) && names.contains(&&d.to)
                })
                .collect();
            let (pa, _, na) =
                super::geo::site_outage_percent(&scenario.sites[dm.from].name, &mine, m).map_err(link_err)?;
            let (pb, _, nb) =
                super::geo::site_outage_percent(&scenario.sites[dm.to.site()].name, &mine, m).map_err(link_err)?;
            r.availability_percent = 100.0 - (pa + pb);
            availability_notes.push(format!("{}: {na}, {nb}", dm.name));
        }
    }
    let per_transponder_mbps = match (&pool, served_dirs.first()) {
        (Some(m), Some(d)) => d.2.transponder_mbps(m),
        _ => 0.0,
    };
    if let Some(m) = &pool {
        notes.push(format!("pool MODCOD {} → {per_transponder_mbps:.1} Mbit/s per transponder", m.label()));
    }
    let capacity = if terminals.is_empty() { 0.0 } else { f64::from(g.transponders) * per_transponder_mbps / 1000.0 };
    let served = total_served(&demands);
    let (lambda, lambda_basis) = bottleneck(&[(format!("{} lease", g.satellite.name), capacity, served)]);
    let n_term = terminals.len() as f64;
    let leased_mhz = f64::from(g.transponders) * payload.transponder_bw_mhz;
    let lease = g.lease_usd_per_mhz_month * leased_mhz * 12.0;
    Ok(Partial {
        capacity: Metric::new(
            capacity,
            format!(
                "{} × {} {} transponders ({} MHz, EIRP {} dBW, G/T {} dB/K{}) × throughput per transponder at the pool MODCOD (the least efficient ACM choice over the served directions); scenario::geo composite uplink + downlink (ITU-R P.618 at p = {p} % at both ends, {} m dishes, {} W HPA per carrier, {} dB feed loss [assumed]): {}",
                g.transponders,
                g.link_satellite.name,
                g.band,
                payload.transponder_bw_mhz,
                payload.eirp_dbw,
                payload.g_over_t_dbk,
                if payload.assumed { " [assumed]" } else { "" },
                g.dish_m,
                g.uplink_hpa_w,
                super::geo::FEED_LOSS_DB,
                notes.join("; ")
            ),
        ),
        demands,
        capex_usd: n_term * g.terminal_capex_usd,
        capex_basis: format!("{n_term} site terminals × {}", fmt_usd(g.terminal_capex_usd)),
        opex_usd_per_year: lease + n_term * g.terminal_opex_usd_per_year,
        opex_basis: format!(
            "lease {} USD/MHz/month × {leased_mhz} MHz × 12 + {n_term} terminals × {}/yr",
            g.lease_usd_per_mhz_month,
            fmt_usd(g.terminal_opex_usd_per_year)
        ),
        lambda,
        lambda_basis,
        coverage: Vec::new(),
        latency_basis: format!(
            "(slant range up + slant range down) / c + {} ms processing; {} at {:.2}°E (SGP4 at {}), lowest elevation {:.1}°",
            g.processing_latency_ms,
            g.satellite.name,
            sub.longitude_deg,
            crate::time::format_instant_s(&scenario.epoch),
            worst_elevation
        ),
        availability_basis: format!(
            "100 − (p*_A + p*_B): p*_X = exceedance (ITU-R P.618 inverted) at which the leased MODCOD {} stops closing when site X is in rain (its uplink or downlink, the other end at A(5 %)); sites independent (scenario::geo); {}",
            pool.as_ref().map(|m| m.label()).unwrap_or_else(|| "none".into()),
            availability_notes.join("; ")
        ),
    })
}

// ---------------------------------------------------------------------------------------------------------------
// LEO.

/// The orbit module's Walker-delta generator for a scenario's Walker spec (validated at parse time).
pub fn walker_delta(w: &WalkerSpec) -> WalkerDelta {
    WalkerDelta::new(w.planes * w.satellites_per_plane, w.planes, w.phasing, w.altitude_km, w.inclination_deg)
}

/// Best visible satellite at one point and time: range (km) and satellite index.
type Sight = Option<(f64, usize)>;

/// One time step: best sight per point, the ECEF positions of all satellites, and (with a payload) every
/// visible satellite's geometry per point.
type Sample = (Vec<Sight>, Vec<Vector3<f64>>, Vec<Vec<crate::link::leo::LinkGeometry>>);

fn leo(scenario: &Scenario, option: &str, l: &super::config::LeoSpec) -> Result<Partial, CompareError> {
    let (bytes, n_satellites, n_steps) = leo_state_bytes(scenario, l);
    if !(bytes <= LEO_STATE_BUDGET_BYTES as f64) {
        return Err(CompareError::TooLarge {
            option: option.to_string(),
            satellites: n_satellites,
            steps: n_steps,
            needed_gib: bytes / 1_073_741_824.0,
            limit_bytes: LEO_STATE_BUDGET_BYTES,
        });
    }
    let sets = match &l.constellation {
        Constellation::Catalog { sets, .. } => sets.clone(),
        Constellation::Walker(w) => walker_delta(w)
            .element_sets(&scenario.epoch)
            .map_err(|e| CompareError::Walker { option: option.to_string(), message: e.to_string() })?,
    };
    let mut satellites = Vec::with_capacity(sets.len());
    for set in sets {
        let name = set.name.clone();
        satellites.push(Satellite::new(set).map_err(|source| CompareError::Propagation {
            option: option.to_string(),
            satellite: name,
            source: Box::new(source),
        })?);
    }
    // Points: every demand's from-site and target points, deduplicated by name.
    let mut points: Vec<GroundStation> = Vec::new();
    let index_of = |g: GroundStation, points: &mut Vec<GroundStation>| -> usize {
        if let Some(i) = points.iter().position(|p| p.name == g.name) {
            i
        } else {
            points.push(g);
            points.len() - 1
        }
    };
    let mut demand_points: Vec<(usize, Vec<usize>)> = Vec::new();
    for d in &scenario.demands {
        let from = index_of(scenario.sites[d.from].ground.clone(), &mut points);
        let targets: Vec<usize> =
            target_points(scenario, &d.to).into_iter().map(|g| index_of(g, &mut points)).collect();
        demand_points.push((from, targets));
    }
    let steps = (l.analysis_hours * 3600.0 / l.step_s).floor() as usize + 1;
    let sin_min = l.min_elevation_deg.to_radians().sin();
    let eop = EarthOrientation::default();
    // Per time step: positions of all satellites (ECEF), then the best visible satellite per point.
    let samples: Vec<Result<Sample, CompareError>> = (0..steps)
        .into_par_iter()
        .map(|k| {
            let t = add_seconds(&scenario.epoch, k as f64 * l.step_s);
            let mut positions = Vec::with_capacity(satellites.len());
            let (gmst_rad, gmst_rate_rad_s) = crate::frames::teme::gmst_at(&t, &eop);
            for s in &satellites {
                let teme = s.propagate(&t).map_err(|source| CompareError::Propagation {
                    option: option.to_string(),
                    satellite: s.name().to_string(),
                    source: Box::new(source),
                })?;
                positions.push(teme_to_ecef_with_gmst(&teme, gmst_rad, gmst_rate_rad_s).position_km);
            }
            let sights = points
                .iter()
                .map(|p| {
                    let mut best: Sight = None;
                    for (i, pos) in positions.iter().enumerate() {
                        let rel = pos - p.position_km;
                        let range = rel.norm();
                        let up = p.enu_rotation.row(2).transpose();
                        let sin_el = rel.dot(&up) / range;
                        if sin_el >= sin_min && best.map(|b| range < b.0).unwrap_or(true) {
                            best = Some((range, i));
                        }
                    }
                    best
                })
                .collect();
            let geometry = match l.payload {
                Some(_) => super::leo::visible_geometry(&points, &positions, sin_min),
                None => Vec::new(),
            };
            Ok((sights, positions, geometry))
        })
        .collect();
    let mut sights: Vec<Vec<Sight>> = Vec::with_capacity(steps);
    let mut positions: Vec<Vec<Vector3<f64>>> = Vec::with_capacity(steps);
    let mut geometry: Vec<Vec<Vec<crate::link::leo::LinkGeometry>>> = Vec::with_capacity(steps);
    for s in samples {
        let (a, b, c) = s?;
        sights.push(a);
        positions.push(b);
        geometry.push(c);
    }
    // Coverage windows per point.
    let coverage: Vec<CoverageWindows> = points
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let covered: Vec<bool> = sights.iter().map(|s| s[pi].is_some()).collect();
            coverage_windows(&p.name, &covered, l.step_s)
        })
        .collect();
    // Demands: RTT and reachability from the network model (shortest uplink + ISL + downlink path per step).
    let rain = 100.0 - 2.0 * l.rain_exceedance_percent;
    let times: Vec<_> = (0..steps).map(|k| add_seconds(&scenario.epoch, k as f64 * l.step_s)).collect();
    let pairs: Vec<(GroundStation, GroundStation)> =
        demand_points.iter().map(|(from, targets)| (points[*from].clone(), points[targets[0]].clone())).collect();
    let (stats, mode) = crate::network::demand_statistics(&satellites, &pairs, l.min_elevation_deg, &times)
        .map_err(|e| CompareError::Network { option: option.to_string(), message: e.to_string() })?;
    let mut demands = Vec::new();
    let mut max_latency_note = String::new();
    let fractions: Vec<f64> = stats.iter().map(|st| st.fraction_reachable).collect();
    for (d, st) in scenario.demands.iter().zip(&stats) {
        let served = st.reachable_steps > 0;
        let (mean_rtt, p95_rtt) = (st.mean_rtt_ms.unwrap_or(f64::NAN), st.p95_rtt_ms.unwrap_or(f64::NAN));
        if served {
            max_latency_note.push_str(&format!(
                "{} RTT mean {mean_rtt:.2} / p95 {p95_rtt:.2} / max {:.2} ms; ",
                d.name,
                st.max_rtt_ms.unwrap_or(f64::NAN)
            ));
        }
        demands.push(DemandResult {
            demand: d.name.clone(),
            rate_gbps: d.rate_gbps,
            reachable: served,
            carried_gbps: 0.0,
            path: if served {
                format!(
                    "{} → uplink satellite → {} → downlink satellite → {}: RTT mean {mean_rtt:.2} ms, p95 {p95_rtt:.2} ms, reachable {:.2} % of samples",
                    scenario.sites[d.from].name,
                    match mode {
                        crate::network::RoutingMode::PlusGrid => "+Grid ISLs",
                        crate::network::RoutingMode::BentPipe => "bent pipe",
                    },
                    target_label(scenario, &d.to),
                    st.fraction_reachable * 100.0
                )
            } else {
                "no path: never a route between the two ends".into()
            },
            latency_one_way_ms: st.mean_one_way_ms.map(|v| v + l.processing_latency_ms).unwrap_or(f64::NAN),
            availability_percent: if served { st.fraction_reachable * rain } else { f64::NAN },
        });
    }
    // Capacity: terminals per site.
    let mut sites_used: Vec<usize> = Vec::new();
    let mut load = vec![0.0; scenario.sites.len()];
    for (d, r) in scenario.demands.iter().zip(&demands) {
        if r.reachable {
            for s in [d.from, d.to.site()] {
                load[s] += d.rate_gbps;
                if !sites_used.contains(&s) {
                    sites_used.push(s);
                }
            }
        }
    }
    sites_used.sort_unstable();
    // With a payload: capacity, terminals and rain availability from the link budgets (scenario::leo).
    let link = match &l.payload {
        Some(payload) => {
            let point_of = |s: usize| points.iter().position(|p| p.name == scenario.sites[s].name).unwrap_or(0);
            let c = super::leo::sites_capacity(
                scenario,
                payload,
                l.rain_exceedance_percent,
                l.terminals_per_site,
                &geometry,
                &sites_used,
                &point_of,
                &load,
            )
            .map_err(|e| CompareError::Link { option: option.to_string(), message: e.to_string() })?;
            for ((d, r), fraction) in scenario.demands.iter().zip(demands.iter_mut()).zip(&fractions) {
                if r.reachable {
                    let (pa, pb) = (c.rain_outage_percent(d.from), c.rain_outage_percent(d.to.site()));
                    r.availability_percent = fraction * (100.0 - pa) * (100.0 - pb) / 100.0;
                }
            }
            Some(c)
        }
        None => None,
    };
    let terminals_given = f64::from(l.terminals_per_site.unwrap_or(0));
    let per_site = terminals_given * l.terminal_rate_gbps;
    let resources: Vec<(String, f64, f64)> = match &link {
        Some(c) => c.resources.clone(),
        None => sites_used
            .iter()
            .map(|&s| (format!("terminals at {}", scenario.sites[s].name), per_site, load[s]))
            .collect(),
    };
    let (lambda, lambda_basis) = bottleneck(&resources);
    let served = total_served(&demands);
    let capacity_value = if lambda.is_finite() { lambda * served } else { 0.0 };
    let terminals = match &link {
        Some(c) => c.terminals,
        None => sites_used.len() as f64 * terminals_given,
    };
    let source = match &l.constellation {
        Constellation::Catalog { file, sets } => format!("{} satellites from {file}", sets.len()),
        Constellation::Walker(w) => format!("Walker {} (orbit::walker generator, SGP4)", walker_label(w)),
    };
    Ok(Partial {
        capacity: Metric::new(
            capacity_value,
            match &link {
                Some(c) => format!("λ × served demand; {}; {lambda_basis}", c.basis),
                None => format!(
                    "λ × served demand; {terminals_given} terminals per site × {} Gb/s per terminal (assumed in scenario); {lambda_basis}",
                    l.terminal_rate_gbps
                ),
            },
        ),
        demands,
        capex_usd: terminals * l.terminal_capex_usd,
        capex_basis: format!("{terminals} terminals × {}", fmt_usd(l.terminal_capex_usd)),
        opex_usd_per_year: terminals * l.service_usd_per_terminal_month * 12.0,
        opex_basis: format!("{terminals} terminals × {} USD/month × 12", l.service_usd_per_terminal_month),
        lambda,
        lambda_basis,
        coverage,
        latency_basis: format!(
            "network model (satfiber::network): mean over reachable samples of the shortest uplink + ISL + downlink path / c, {}, 80 km grazing, + {} ms processing; {source}; {} h from the epoch at {} s steps, min elevation {}°; {}",
            mode.label(),
            l.processing_latency_ms,
            l.analysis_hours,
            l.step_s,
            l.min_elevation_deg,
            max_latency_note.trim_end_matches("; ")
        ),
        availability_basis: match &link {
            Some(_) => "fraction of samples with a network route between the ends × (1 − p_A)(1 − p_B), p_X the rain outage of site X from the link model (most robust MODCOD at the lowest elevation served, ITU-R P.618 inverted)".to_string(),
            None => format!(
                "fraction of samples with a network route between the ends × (100 − 2 × {} %) rain exceedance per site",
                l.rain_exceedance_percent
            ),
        },
    })
}

/// Coverage windows from a sampled covered/not-covered series at a fixed step.
pub fn coverage_windows(point: &str, covered: &[bool], step_s: f64) -> CoverageWindows {
    let n = covered.len().max(1);
    let count = covered.iter().filter(|&&c| c).count();
    let mut windows = 0;
    let mut gap = 0usize;
    let mut max_gap = 0usize;
    let mut previous = false;
    for &c in covered {
        if c && !previous {
            windows += 1;
        }
        if c {
            gap = 0;
        } else {
            gap += 1;
            max_gap = max_gap.max(gap);
        }
        previous = c;
    }
    CoverageWindows {
        point: point.to_string(),
        covered_percent: count as f64 / n as f64 * 100.0,
        windows,
        max_gap_min: max_gap as f64 * step_s / 60.0,
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Hybrid.

fn hybrid(
    scenario: &Scenario,
    name: &str,
    fixed: &super::config::FixedCosts,
    p: &OptionResult,
    b: &OptionResult,
) -> OptionResult {
    let total = scenario.demands.iter().map(|d| d.rate_gbps).sum::<f64>();
    let backup_full = b.demand_met;
    let demands: Vec<DemandResult> = p
        .demands
        .iter()
        .map(|pd| {
            let bd = b.demands.iter().find(|x| x.demand == pd.demand);
            let mut r = pd.clone();
            if let Some(bd) = bd {
                if pd.reachable && bd.reachable && backup_full {
                    let u = (1.0 - pd.availability_percent / 100.0) * (1.0 - bd.availability_percent / 100.0);
                    r.availability_percent = 100.0 * (1.0 - u);
                    r.path = format!("{} (backup: {})", pd.path, bd.path);
                } else if !pd.reachable && bd.reachable {
                    r = bd.clone();
                }
            }
            r
        })
        .collect();
    let partial = Partial {
        capacity: Metric::new(
            p.capacity_gbps.value,
            format!(
                "primary {} carries the traffic ({}); backup {} delivers {:.3} Gb/s of {:.3} Gb/s demand when the cable is down",
                p.name, p.capacity_gbps.basis, b.name, b.capacity_gbps.value.min(total), total
            ),
        ),
        demands,
        capex_usd: p.capex_usd.value + b.capex_usd.value,
        capex_basis: format!("{} + {}", p.name, b.name),
        opex_usd_per_year: p.opex_usd_per_year.value + b.opex_usd_per_year.value,
        opex_basis: format!("{} + {}", p.name, b.name),
        lambda: if p.demand_met { 1.0 } else { 0.0 },
        lambda_basis: format!("primary: {}", p.demand_basis),
        coverage: b.coverage.clone(),
        latency_basis: format!("primary path ({}); backup {} adds {:.1} ms one-way when in use", p.name, b.name, b.latency_one_way_ms.value),
        availability_basis: if backup_full {
            format!(
                "1 − U_cable × U_backup (independent failures; backup {} carries the full demand)",
                b.name
            )
        } else {
            let u_p = 1.0 - p.availability_percent.value / 100.0;
            let u_b = 1.0 - b.availability_percent.value / 100.0;
            format!(
                "cable alone at full rate: backup {} cannot carry the full demand (λ < 1); at least {:.3} Gb/s stays up {:.5} % of the year (1 − U_cable × U_backup, independent failures)",
                b.name,
                b.capacity_gbps.value.min(total),
                100.0 * (1.0 - u_p * u_b)
            )
        },
    };
    // Fixed costs of the parts are already in their capex/opex; add the hybrid's own.
    let mut result = finish(scenario, name, "hybrid", fixed, partial);
    if !backup_full {
        let u_p = 1.0 - p.availability_percent.value / 100.0;
        let u_b = 1.0 - b.availability_percent.value / 100.0;
        result.degraded_service = Some(DegradedService {
            rate_gbps: b.capacity_gbps.value.min(total),
            availability_percent: 100.0 * (1.0 - u_p * u_b),
            basis: format!(
                "backup {} carries {:.3} Gb/s while {} is down; 1 − U_primary × U_backup (independent failures)",
                b.name,
                b.capacity_gbps.value.min(total),
                p.name
            ),
        });
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_windows_count_runs_and_gaps() {
        let w = coverage_windows("p", &[false, true, true, false, false, false, true, false], 60.0);
        assert_eq!(w.windows, 2);
        assert_eq!(w.max_gap_min, 3.0);
        assert_eq!(w.covered_percent, 37.5);
        let all = coverage_windows("p", &[true; 4], 30.0);
        assert_eq!((all.windows, all.max_gap_min, all.covered_percent), (1, 0.0, 100.0));
    }

    #[test]
    fn route_unavailability_is_lambda_t_over_one_plus_lambda_t() {
        // 0.3 faults per 1000 km·yr over 1000 km, 36.525 days: λT = 0.03.
        let u = route_unavailability(0.3, 1000.0, 36.525);
        assert!((u - 0.03 / 1.03).abs() < 1e-15);
        assert_eq!(route_unavailability(0.0, 500.0, 30.0), 0.0);
    }

    #[test]
    fn destination_moves_along_a_great_circle() {
        let origin = Geodetic { latitude_deg: 41.3, longitude_deg: 69.24, altitude_km: 0.0 };
        let north = destination(&origin, 0.0, 100.0);
        let dlat = 100.0 / super::super::config::EARTH_MEAN_RADIUS_KM * 180.0 / std::f64::consts::PI;
        assert!((north.latitude_deg - origin.latitude_deg - dlat).abs() < 1e-9);
        assert!((north.longitude_deg - origin.longitude_deg).abs() < 1e-9);
        let east = destination(&origin, 90.0, 100.0);
        let back =
            crate::frames::geodetic::central_angle_rad(&origin, &east) * super::super::config::EARTH_MEAN_RADIUS_KM;
        assert!((back - 100.0).abs() < 1e-6);
    }

    #[test]
    fn bottleneck_names_the_tightest_resource() {
        let (l, basis) = bottleneck(&[("a".into(), 100.0, 10.0), ("b".into(), 50.0, 25.0), ("c".into(), 1.0, 0.0)]);
        assert_eq!(l, 2.0);
        assert!(basis.contains("bottleneck b"));
    }
}
