//! Routes over time and their statistics.
//!
//! Steps are independent (each step's graph is recomputed from that step's positions), so they run in
//! parallel over chunks of consecutive steps (rayon) and are collected in order: results are identical for
//! any thread count. Positions come from [`crate::orbit::Satellite::propagate_grid`] per chunk (SGP4, TEME)
//! rotated to Earth-fixed by GMST 1982 of UT1 = UTC + dUT1. A satellite whose propagation fails (decay,
//! divergence) is absent from the graph from that time on within the chunk; the count is reported.

use super::graph::{shortest_route, Adjacency, GroundNode, Hop, Route, StepGraph, Workspace};
use super::{Network, NetworkError};
use crate::frames::teme::{gmst_at, teme_to_ecef_with_gmst};
use crate::frames::TemeState;
use crate::time::{seconds_between, Instant};
use nalgebra::Vector3;
use rayon::prelude::*;

/// Steps per parallel chunk (propagation runs over a chunk's times at once).
const CHUNK_STEPS: usize = 64;

/// Routes of every pair at every step.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// `routes[pair][step]`: the route, or `None` when unreachable.
    pub routes: Vec<Vec<Option<Route>>>,
    /// Satellite-steps left out because propagation failed.
    pub failed_states: usize,
}

/// Earth-fixed positions (km) of every satellite at each of `times`; NaN where propagation failed.
fn positions(network: &Network, times: &[Instant]) -> (Vec<Vec<Vector3<f64>>>, usize) {
    let n = network.satellites.len();
    let gmst: Vec<(f64, f64)> = times.iter().map(|t| gmst_at(t, &network.eop)).collect();
    let mut out = vec![Vec::with_capacity(n); times.len()];
    let mut failed = 0;
    let mut states = vec![TemeState::default(); times.len()];
    let nan = Vector3::new(f64::NAN, f64::NAN, f64::NAN);
    for s in &network.satellites {
        let minutes: Vec<f64> = times.iter().map(|t| s.minutes_since_epoch(t)).collect();
        let ok = match s.propagate_grid(&minutes, &mut states) {
            Ok(()) => times.len(),
            // States before the first failure are written; find where it failed.
            Err(_) => minutes.iter().position(|&m| s.propagate_minutes(m).is_err()).unwrap_or(times.len()),
        };
        failed += times.len() - ok;
        for (k, slot) in out.iter_mut().enumerate() {
            if k < ok {
                slot.push(teme_to_ecef_with_gmst(&states[k], gmst[k].0, gmst[k].1).position_km);
            } else {
                slot.push(nan);
            }
        }
    }
    (out, failed)
}

impl Network {
    /// Earth-fixed satellite positions (km) at one instant (NaN where propagation fails).
    pub fn positions_at(&self, t: &Instant) -> Vec<Vector3<f64>> {
        positions(self, std::slice::from_ref(t)).0.pop().unwrap_or_default()
    }

    /// The graph's edge weights at one instant.
    pub fn step_graph(&self, positions_km: &[Vector3<f64>]) -> StepGraph {
        StepGraph::new(positions_km, &self.topology.isls, &self.gateways, &self.links)
    }

    /// Routes between `pairs` of `endpoints` (indices) at each of `times`.
    pub fn simulate(
        &self,
        endpoints: &[GroundNode],
        pairs: &[(usize, usize)],
        times: &[Instant],
    ) -> Result<Simulation, NetworkError> {
        for &(a, b) in pairs {
            if a >= endpoints.len() || b >= endpoints.len() {
                return Err(NetworkError::Invalid {
                    field: "pair",
                    value: format!("({a}, {b})"),
                    expected: format!("endpoint indices below {}", endpoints.len()),
                });
            }
            let (ga, gb) = (&endpoints[a].site.ground, &endpoints[b].site.ground);
            if a == b || (ga.position_km - gb.position_km).norm() < 1e-6 {
                return Err(NetworkError::IdenticalEndpoints {
                    from: endpoints[a].name().to_string(),
                    to: endpoints[b].name().to_string(),
                });
            }
        }
        let adjacency = Adjacency::new(self.satellites.len(), &self.topology.isls);
        let chunks: Vec<(Vec<Vec<Option<Route>>>, usize)> = times
            .par_chunks(CHUNK_STEPS)
            .map(|chunk| {
                let (positions, failed) = positions(self, chunk);
                let mut work = Workspace::default();
                let per_step: Vec<Vec<Option<Route>>> = positions
                    .iter()
                    .map(|p| {
                        let graph = self.step_graph(p);
                        let visible: Vec<Vec<(u32, f64)>> =
                            endpoints.iter().map(|e| e.visible(p, &self.links)).collect();
                        pairs
                            .iter()
                            .map(|&(a, b)| shortest_route(&adjacency, &graph, &visible[a], &visible[b], &mut work))
                            .collect()
                    })
                    .collect();
                (per_step, failed)
            })
            .collect();
        let mut routes: Vec<Vec<Option<Route>>> = vec![Vec::with_capacity(times.len()); pairs.len()];
        let mut failed_states = 0;
        for (steps, failed) in chunks {
            failed_states += failed;
            for step in steps {
                for (pair, route) in step.into_iter().enumerate() {
                    routes[pair].push(route);
                }
            }
        }
        Ok(Simulation { routes, failed_states })
    }
}

/// RTT statistics of one pair over the steps.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PairStatistics {
    /// Steps simulated.
    pub steps: usize,
    /// Steps with a route.
    pub reachable_steps: usize,
    /// reachable_steps / steps.
    pub fraction_reachable: f64,
    /// RTT statistics over reachable steps, ms (`None` when never reachable). Percentiles interpolate linearly
    /// between order statistics (numpy's default).
    pub min_rtt_ms: Option<f64>,
    pub mean_rtt_ms: Option<f64>,
    pub p50_rtt_ms: Option<f64>,
    pub p95_rtt_ms: Option<f64>,
    pub p99_rtt_ms: Option<f64>,
    pub max_rtt_ms: Option<f64>,
    /// Mean one-way delay over reachable steps, ms.
    pub mean_one_way_ms: Option<f64>,
    /// Mean hop count over reachable steps.
    pub mean_hops: Option<f64>,
    /// Changes of route (a different satellite/gateway sequence, or reachable ↔ unreachable) between
    /// consecutive steps.
    pub path_changes: usize,
    /// path_changes per hour of the simulated interval (first to last step); 0 for a single step.
    pub path_changes_per_hour: f64,
}

/// Percentile `q` (0–100) of sorted values, linear interpolation.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let pos = q / 100.0 * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Statistics of one pair's routes at `times` (same length).
pub fn pair_statistics(routes: &[Option<Route>], times: &[Instant]) -> PairStatistics {
    let mut rtt: Vec<f64> = routes.iter().flatten().map(Route::rtt_ms).collect();
    let reachable = rtt.len();
    // Sum in step order (deterministic), then sort for percentiles.
    let mean = (reachable > 0).then(|| rtt.iter().sum::<f64>() / reachable as f64);
    let mean_one_way_ms =
        (reachable > 0).then(|| routes.iter().flatten().map(|r| r.one_way_ms).sum::<f64>() / reachable as f64);
    let mean_hops =
        (reachable > 0).then(|| routes.iter().flatten().map(|r| f64::from(r.hops)).sum::<f64>() / reachable as f64);
    rtt.sort_by(f64::total_cmp);
    let stat = |q: f64| (reachable > 0).then(|| percentile(&rtt, q));
    let same = |a: &Option<Route>, b: &Option<Route>| -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(x), Some(y)) => x.path == y.path,
            _ => false,
        }
    };
    let path_changes = routes.windows(2).filter(|w| !same(&w[0], &w[1])).count();
    let span_h = match (times.first(), times.last()) {
        (Some(a), Some(b)) => seconds_between(a, b) / 3600.0,
        _ => 0.0,
    };
    PairStatistics {
        steps: routes.len(),
        reachable_steps: reachable,
        fraction_reachable: if routes.is_empty() { 0.0 } else { reachable as f64 / routes.len() as f64 },
        min_rtt_ms: rtt.first().copied(),
        mean_rtt_ms: mean,
        p50_rtt_ms: stat(50.0),
        p95_rtt_ms: stat(95.0),
        p99_rtt_ms: stat(99.0),
        max_rtt_ms: rtt.last().copied(),
        mean_one_way_ms,
        mean_hops,
        path_changes,
        path_changes_per_hour: if span_h > 0.0 { path_changes as f64 / span_h } else { 0.0 },
    }
}

/// Group index of standard single-mode fibre used for the reference line.
pub const FIBRE_GROUP_INDEX: f64 = 1.468;

/// Round-trip time (ms) over a fibre laid on the great circle between two points (mean Earth radius
/// 6371.0088 km, group index [`FIBRE_GROUP_INDEX`]): the lower bound a terrestrial/submarine path can reach.
pub fn fibre_rtt_ms(a: &crate::frames::Geodetic, b: &crate::frames::Geodetic) -> f64 {
    let distance_km = crate::frames::geodetic::central_angle_rad(a, b) * crate::scenario::config::EARTH_MEAN_RADIUS_KM;
    2.0 * distance_km * FIBRE_GROUP_INDEX / crate::frames::SPEED_OF_LIGHT_KM_S * 1e3
}

/// A route's path as text: satellites by NORAD id, gateways as `GW:name`, joined by `>`.
pub fn path_label(network: &Network, route: &Route) -> String {
    route
        .path
        .iter()
        .map(|hop| match *hop {
            Hop::Satellite(i) => network.satellites[i as usize].norad_id().to_string(),
            Hop::Gateway(g) => format!("GW:{}", network.gateways[g as usize].name()),
        })
        .collect::<Vec<_>>()
        .join(">")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&v, 50.0), 2.5);
        assert!((percentile(&v, 95.0) - 3.85).abs() < 1e-12);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
    }
}
