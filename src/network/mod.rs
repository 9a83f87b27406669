//! Constellation networks: orbital planes and `+Grid` inter-satellite links ([`topology`]), the per-step graph
//! with ground–satellite links and shortest propagation-delay routes ([`graph`]), and RTT series and statistics
//! over time ([`rtt`]).
//!
//! Model summary: satellites propagate with SGP4 (TEME) and rotate to Earth-fixed by GMST 1982; ISLs exist while
//! their straight line clears a grazing altitude (default 80 km) and, optionally, a maximum length; GSLs while
//! the satellite is above the elevation mask and, optionally, within a maximum slant range; the route at each
//! step is the shortest-length path (light in vacuum) from one endpoint to the other over uplink + ISLs /
//! gateway relays + downlink. Delays are propagation only (no processing, queueing or serialisation).

pub mod graph;
pub mod rtt;
pub mod topology;

pub use graph::{GroundNode, Hop, LinkOptions, Route};
pub use rtt::{fibre_rtt_ms, pair_statistics, path_label, PairStatistics, Simulation, FIBRE_GROUP_INDEX};
pub use topology::{InferOptions, IslOptions, IslPattern, PlaneLayout, Topology, TopologyError};

use crate::frames::EarthOrientation;
use crate::orbit::{PropagationError, Satellite};
use thiserror::Error;

/// Errors of the network model.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum NetworkError {
    #[error(transparent)]
    Topology(#[from] TopologyError),
    #[error("no satellites selected")]
    NoSatellites,
    #[error("grazing altitude {grazing_altitude_km} km is not below the lowest shell ({shell_altitude_km:.1} km): no ISL could exist")]
    GrazingAboveShell { grazing_altitude_km: f64, shell_altitude_km: f64 },
    #[error("endpoints {from:?} and {to:?} are the same place: a pair needs two different endpoints")]
    IdenticalEndpoints { from: String, to: String },
    #[error("{field} = {value}: expected {expected}")]
    Invalid { field: &'static str, value: String, expected: String },
    #[error(transparent)]
    Propagation(#[from] Box<PropagationError>),
}

/// A constellation network ready to simulate.
#[derive(Debug, Clone)]
pub struct Network {
    pub satellites: Vec<Satellite>,
    pub topology: Topology,
    pub links: LinkOptions,
    /// Ground relays (bent pipe); endpoints never relay.
    pub gateways: Vec<GroundNode>,
    pub eop: EarthOrientation,
}

impl Network {
    /// Builds the topology and checks every option's range.
    pub fn new(
        satellites: Vec<Satellite>,
        layout: &PlaneLayout,
        isl: &IslOptions,
        links: LinkOptions,
        gateways: Vec<GroundNode>,
        eop: EarthOrientation,
    ) -> Result<Network, NetworkError> {
        if satellites.is_empty() {
            return Err(NetworkError::NoSatellites);
        }
        let invalid = |field: &'static str, value: f64, expected: &str| NetworkError::Invalid {
            field,
            value: value.to_string(),
            expected: expected.to_string(),
        };
        if !(links.grazing_altitude_km >= 0.0 && links.grazing_altitude_km < 100_000.0) {
            return Err(invalid("grazing altitude (km)", links.grazing_altitude_km, "0 km or more, below the shell"));
        }
        if !(links.min_elevation_deg >= 0.0 && links.min_elevation_deg < 90.0) {
            return Err(invalid("minimum elevation (deg)", links.min_elevation_deg, "0 to below 90 degrees"));
        }
        if let Some(v) = links.max_isl_km {
            if !(v > 0.0 && v.is_finite()) {
                return Err(invalid("maximum ISL length (km)", v, "a positive length"));
            }
        }
        if let Some(v) = links.max_gsl_km {
            if !(v > 0.0 && v.is_finite()) {
                return Err(invalid("maximum GSL slant range (km)", v, "a positive length"));
            }
        }
        if !(eop.dut1_s.abs() <= 1.0) {
            return Err(invalid("UT1 − UTC (s)", eop.dut1_s, "-1 to 1 s"));
        }
        let topology = Topology::build(&satellites, layout, isl)?;
        if isl.pattern == IslPattern::PlusGrid {
            if let Some(lowest) = topology.shells.iter().map(|s| s.min_altitude_km).min_by(f64::total_cmp) {
                if links.grazing_altitude_km >= lowest {
                    return Err(NetworkError::GrazingAboveShell {
                        grazing_altitude_km: links.grazing_altitude_km,
                        shell_altitude_km: lowest,
                    });
                }
            }
        }
        Ok(Network { satellites, topology, links, gateways, eop })
    }
}

/// How a [`demand_statistics`] network routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum RoutingMode {
    /// +Grid ISLs over planes inferred from the elements.
    PlusGrid,
    /// No inferable planes: bent pipe (uplink and downlink through one satellite).
    BentPipe,
}

impl RoutingMode {
    /// Short description for basis strings.
    pub fn label(&self) -> &'static str {
        match self {
            RoutingMode::PlusGrid => "+Grid ISLs (planes inferred from the elements, shift 0, seam)",
            RoutingMode::BentPipe => "bent pipe (no inferable planes: one satellite seen from both ends)",
        }
    }
}

/// Per-pair RTT statistics for a scenario: +Grid ISLs over inferred planes (falling back to a bent pipe when no
/// planes can be inferred), GSLs above `min_elevation_deg`, 80 km grazing, no length limits, no gateways, over
/// `times`. `pairs` are (from, to) ground stations. The entry point the scenario comparison uses.
pub fn demand_statistics(
    satellites: &[Satellite],
    pairs: &[(crate::frames::GroundStation, crate::frames::GroundStation)],
    min_elevation_deg: f64,
    times: &[crate::time::Instant],
) -> Result<(Vec<PairStatistics>, RoutingMode), NetworkError> {
    let links = LinkOptions { min_elevation_deg, ..LinkOptions::default() };
    let layout = PlaneLayout::Infer(InferOptions::default());
    let eop = EarthOrientation::default();
    let (network, mode) = match Network::new(satellites.to_vec(), &layout, &IslOptions::default(), links, vec![], eop) {
        Ok(n) => (n, RoutingMode::PlusGrid),
        Err(NetworkError::Topology(TopologyError::PlanesNotInferred { .. })) => {
            let none = IslOptions { pattern: IslPattern::None, ..IslOptions::default() };
            (Network::new(satellites.to_vec(), &layout, &none, links, vec![], eop)?, RoutingMode::BentPipe)
        }
        Err(e) => return Err(e),
    };
    let mut endpoints = Vec::with_capacity(pairs.len() * 2);
    let mut index = Vec::with_capacity(pairs.len());
    for (a, b) in pairs {
        endpoints.push(GroundNode::at(&a.name, a.location));
        endpoints.push(GroundNode::at(&b.name, b.location));
        index.push((endpoints.len() - 2, endpoints.len() - 1));
    }
    let sim = network.simulate(&endpoints, &index, times)?;
    Ok((sim.routes.iter().map(|r| pair_statistics(r, times)).collect(), mode))
}
