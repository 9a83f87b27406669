//! The network graph at one time step and its shortest propagation-delay routes.
//!
//! Nodes are the satellites (indices into the catalog selection) and the gateways (ground relays). Edges:
//!
//! * **ISL** (from the [`super::Topology`]): present while the straight line between the two satellites stays
//!   at least `grazing_altitude_km` above a spherical Earth of radius [`EARTH_RADIUS_KM`] and, when given, is
//!   no longer than `max_isl_km`; weight = its length.
//! * **GSL** (ground–satellite): present while the satellite is at or above the elevation mask seen from the
//!   ground node (geometric elevation over the WGS-84 ellipsoid normal; the station's horizon mask where it has
//!   one) and, when given, within `max_gsl_km` slant range; weight = the slant range.
//!
//! A route from endpoint A to endpoint B is A → uplink satellite → (ISLs, gateway relays) → downlink satellite → B,
//! minimising the total length over every choice of uplink and downlink satellite (multi-source Dijkstra from all
//! satellites A sees, stopping once no unsettled node can beat the best completed route). Endpoints never relay.
//! Delay = length / c (vacuum; no processing or queueing). Ties between equal-length routes go to the route
//! found first, which is deterministic (heap ordered by length, then node index).
//!
//! Dijkstra is our own (binary heap over a reusable CSR adjacency) rather than petgraph's: the graph's edge set
//! changes every step, petgraph's `dijkstra` returns no predecessors and has no multi-source start or early
//! exit, and rebuilding a petgraph graph per step would cost more than the search itself.

use crate::frames::{Geodetic, GroundStation, SPEED_OF_LIGHT_KM_S};
use crate::stations::{Station, StationRecord};
use nalgebra::Vector3;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Radius of the sphere the grazing altitude is measured from, km (WGS-84 equatorial radius).
pub const EARTH_RADIUS_KM: f64 = 6_378.137;

/// Link existence rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkOptions {
    /// An ISL's straight line must stay this far above the Earth, km (80 km: the upper mesosphere).
    pub grazing_altitude_km: f64,
    /// Maximum ISL length, km (`None`: no limit beyond grazing).
    pub max_isl_km: Option<f64>,
    /// Elevation mask for GSLs, degrees.
    pub min_elevation_deg: f64,
    /// Maximum GSL slant range, km (`None`: no limit beyond the mask).
    pub max_gsl_km: Option<f64>,
}

impl Default for LinkOptions {
    fn default() -> Self {
        LinkOptions { grazing_altitude_km: 80.0, max_isl_km: None, min_elevation_deg: 25.0, max_gsl_km: None }
    }
}

/// A ground node (endpoint or gateway): a station, with its horizon mask if it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct GroundNode {
    pub site: Station,
}

impl GroundNode {
    /// A node from a station of the catalog (keeps its horizon mask).
    pub fn from_station(station: &Station) -> Self {
        GroundNode { site: station.clone() }
    }

    /// A node at a geodetic location without a horizon mask.
    pub fn at(name: &str, location: Geodetic) -> Self {
        let record = StationRecord {
            name: name.to_string(),
            country: String::new(),
            latitude_deg: location.latitude_deg,
            longitude_deg: location.longitude_deg,
            altitude_m: location.altitude_km * 1e3,
            horizon_mask: Vec::new(),
        };
        GroundNode { site: Station { record, ground: GroundStation::new(name, location) } }
    }

    /// The node's name.
    pub fn name(&self) -> &str {
        &self.site.record.name
    }

    /// Satellites this node sees at the step: (satellite index, slant range km), in index order.
    pub fn visible(&self, positions_km: &[Vector3<f64>], links: &LinkOptions) -> Vec<(u32, f64)> {
        let mut out = Vec::new();
        let ground = &self.site.ground;
        let sin_min = links.min_elevation_deg.to_radians().sin();
        let up = ground.enu_rotation.row(2).transpose();
        let max_range_sq = links.max_gsl_km.map(|r| r * r).unwrap_or(f64::INFINITY);
        let masked = !self.site.record.horizon_mask.is_empty();
        for (i, p) in positions_km.iter().enumerate() {
            let rel = p - ground.position_km;
            let along_up = up.dot(&rel);
            if along_up < 0.0 && sin_min >= 0.0 {
                continue;
            }
            let range_sq = rel.norm_squared();
            // NaN positions (failed propagation) fail these comparisons and are skipped.
            if !(range_sq <= max_range_sq) {
                continue;
            }
            let range_km = range_sq.sqrt();
            if !(along_up >= sin_min * range_km) {
                continue;
            }
            if masked {
                let enu = ground.enu_rotation * rel;
                let azimuth_deg = enu.x.atan2(enu.y).to_degrees().rem_euclid(360.0);
                let elevation_deg = (enu.z / range_km).clamp(-1.0, 1.0).asin().to_degrees();
                if elevation_deg < self.site.mask_elevation_deg(azimuth_deg, links.min_elevation_deg) {
                    continue;
                }
            }
            out.push((i as u32, range_km));
        }
        out
    }
}

/// Whether the segment a–b stays at least `grazing_km` above the sphere of radius [`EARTH_RADIUS_KM`].
pub fn clears_earth(a: &Vector3<f64>, b: &Vector3<f64>, grazing_km: f64) -> bool {
    let d = b - a;
    let dd = d.norm_squared();
    let t = if dd > 0.0 { (-a.dot(&d) / dd).clamp(0.0, 1.0) } else { 0.0 };
    let closest = a + d * t;
    closest.norm() >= EARTH_RADIUS_KM + grazing_km
}

/// One hop of a route (after the uplink).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Hop {
    /// A satellite, by index in the catalog selection.
    Satellite(u32),
    /// A gateway, by index in the gateway list.
    Gateway(u32),
}

/// A route at one step.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Route {
    /// Total path length, km.
    pub length_km: f64,
    /// One-way propagation delay, ms.
    pub one_way_ms: f64,
    /// Links traversed (uplink, ISLs and gateway links, downlink).
    pub hops: u32,
    /// Satellites and gateways in order from the sending to the receiving endpoint.
    pub path: Vec<Hop>,
}

impl Route {
    /// Round-trip time over the same path at the same instant, ms.
    pub fn rtt_ms(&self) -> f64 {
        2.0 * self.one_way_ms
    }
}

/// The static adjacency of the ISL topology (CSR): per satellite, (neighbour, ISL index).
#[derive(Debug, Clone)]
pub struct Adjacency {
    offsets: Vec<u32>,
    neighbours: Vec<(u32, u32)>,
}

impl Adjacency {
    /// CSR of `isls` over `satellites` nodes.
    pub fn new(satellites: usize, isls: &[(u32, u32)]) -> Self {
        let mut degree = vec![0u32; satellites + 1];
        for &(a, b) in isls {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        let mut offsets = vec![0u32; satellites + 1];
        for i in 0..satellites {
            offsets[i + 1] = offsets[i] + degree[i];
        }
        let mut fill = offsets.clone();
        let mut neighbours = vec![(0u32, 0u32); isls.len() * 2];
        for (e, &(a, b)) in isls.iter().enumerate() {
            neighbours[fill[a as usize] as usize] = (b, e as u32);
            fill[a as usize] += 1;
            neighbours[fill[b as usize] as usize] = (a, e as u32);
            fill[b as usize] += 1;
        }
        Adjacency { offsets, neighbours }
    }

    fn of(&self, node: usize) -> &[(u32, u32)] {
        &self.neighbours[self.offsets[node] as usize..self.offsets[node + 1] as usize]
    }
}

/// The graph's edge weights at one step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepGraph {
    /// Per ISL of the topology: length in km, or infinity when the link does not exist at this step.
    pub isl_km: Vec<f64>,
    /// Per gateway: the satellites it sees, (satellite, slant range km).
    pub gateway_links: Vec<Vec<(u32, f64)>>,
    /// Per satellite: the gateways that see it (CSR over `gateway_by_sat`).
    sat_gateway_offsets: Vec<u32>,
    gateway_by_sat: Vec<(u32, f64)>,
}

impl StepGraph {
    /// Edge weights from the satellites' Earth-fixed positions.
    pub fn new(
        positions_km: &[Vector3<f64>],
        isls: &[(u32, u32)],
        gateways: &[GroundNode],
        links: &LinkOptions,
    ) -> StepGraph {
        let max_isl = links.max_isl_km.unwrap_or(f64::INFINITY);
        let isl_km = isls
            .iter()
            .map(|&(a, b)| {
                let (pa, pb) = (&positions_km[a as usize], &positions_km[b as usize]);
                let length_km = (pb - pa).norm();
                if length_km <= max_isl && clears_earth(pa, pb, links.grazing_altitude_km) {
                    length_km
                } else {
                    f64::INFINITY
                }
            })
            .collect();
        let gateway_links: Vec<Vec<(u32, f64)>> = gateways.iter().map(|g| g.visible(positions_km, links)).collect();
        let n = positions_km.len();
        let mut sat_gateway_offsets = vec![0u32; n + 1];
        for list in &gateway_links {
            for &(s, _) in list {
                sat_gateway_offsets[s as usize + 1] += 1;
            }
        }
        for i in 0..n {
            sat_gateway_offsets[i + 1] += sat_gateway_offsets[i];
        }
        let mut fill = sat_gateway_offsets.clone();
        let mut gateway_by_sat = vec![(0u32, 0.0); sat_gateway_offsets[n] as usize];
        for (g, list) in gateway_links.iter().enumerate() {
            for &(s, r) in list {
                gateway_by_sat[fill[s as usize] as usize] = (g as u32, r);
                fill[s as usize] += 1;
            }
        }
        StepGraph { isl_km, gateway_links, sat_gateway_offsets, gateway_by_sat }
    }

    fn gateways_of(&self, sat: usize) -> &[(u32, f64)] {
        &self.gateway_by_sat[self.sat_gateway_offsets[sat] as usize..self.sat_gateway_offsets[sat + 1] as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Item {
    km: f64,
    node: u32,
}

impl Eq for Item {}

impl Ord for Item {
    fn cmp(&self, other: &Self) -> Ordering {
        // Min-heap on length, then on node index.
        other.km.total_cmp(&self.km).then_with(|| other.node.cmp(&self.node))
    }
}

impl PartialOrd for Item {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

const NONE: u32 = u32::MAX;

/// Reusable Dijkstra buffers (one per thread).
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    dist: Vec<f64>,
    pred: Vec<u32>,
    down: Vec<f64>,
    heap: BinaryHeap<Item>,
}

/// The shortest route from an endpoint seeing `uplinks` to one seeing `downlinks` (both as from
/// [`GroundNode::visible`]), or `None` when there is none.
pub fn shortest_route(
    adjacency: &Adjacency,
    graph: &StepGraph,
    uplinks: &[(u32, f64)],
    downlinks: &[(u32, f64)],
    work: &mut Workspace,
) -> Option<Route> {
    if uplinks.is_empty() || downlinks.is_empty() {
        return None;
    }
    let sats = adjacency.offsets.len() - 1;
    let nodes = sats + graph.gateway_links.len();
    work.dist.clear();
    work.dist.resize(nodes, f64::INFINITY);
    work.pred.clear();
    work.pred.resize(nodes, NONE);
    work.down.clear();
    work.down.resize(sats, f64::INFINITY);
    work.heap.clear();
    let mut min_down = f64::INFINITY;
    for &(s, r) in downlinks {
        work.down[s as usize] = r;
        min_down = min_down.min(r);
    }
    for &(s, r) in uplinks {
        if r < work.dist[s as usize] {
            work.dist[s as usize] = r;
            work.heap.push(Item { km: r, node: s });
        }
    }
    let (mut best, mut best_sat) = (f64::INFINITY, NONE);
    while let Some(Item { km, node }) = work.heap.pop() {
        let u = node as usize;
        if km > work.dist[u] {
            continue;
        }
        if km + min_down >= best {
            break;
        }
        if u < sats {
            let total = km + work.down[u];
            if total < best {
                best = total;
                best_sat = node;
            }
            for &(v, e) in adjacency.of(u) {
                let w = graph.isl_km[e as usize];
                let candidate = km + w;
                if candidate < work.dist[v as usize] {
                    work.dist[v as usize] = candidate;
                    work.pred[v as usize] = node;
                    work.heap.push(Item { km: candidate, node: v });
                }
            }
            for &(g, r) in graph.gateways_of(u) {
                let v = sats + g as usize;
                let candidate = km + r;
                if candidate < work.dist[v] {
                    work.dist[v] = candidate;
                    work.pred[v] = node;
                    work.heap.push(Item { km: candidate, node: v as u32 });
                }
            }
        } else {
            for &(s, r) in &graph.gateway_links[u - sats] {
                let candidate = km + r;
                if candidate < work.dist[s as usize] {
                    work.dist[s as usize] = candidate;
                    work.pred[s as usize] = node;
                    work.heap.push(Item { km: candidate, node: s });
                }
            }
        }
    }
    if best_sat == NONE {
        return None;
    }
    let mut path = Vec::new();
    let mut cur = best_sat;
    while cur != NONE {
        let c = cur as usize;
        path.push(if c < sats { Hop::Satellite(cur) } else { Hop::Gateway((c - sats) as u32) });
        cur = work.pred[c];
    }
    path.reverse();
    Some(Route { length_km: best, one_way_ms: best / SPEED_OF_LIGHT_KM_S * 1e3, hops: path.len() as u32 + 1, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grazing_line_through_the_earth_is_blocked() {
        let r = EARTH_RADIUS_KM + 550.0;
        let a = Vector3::new(r, 0.0, 0.0);
        assert!(!clears_earth(&a, &Vector3::new(-r, 0.0, 0.0), 80.0));
        assert!(clears_earth(&a, &Vector3::new(r * 0.9, r * 0.3, 0.0), 80.0));
        // Tangent height of the chord between two points at angle 2θ is r·cos θ − R.
        let theta = ((EARTH_RADIUS_KM + 80.0) / r).acos();
        let b = |t: f64| Vector3::new(r * (2.0 * t).cos(), r * (2.0 * t).sin(), 0.0);
        assert!(clears_earth(&a, &b(theta * 0.999), 80.0));
        assert!(!clears_earth(&a, &b(theta * 1.001), 80.0));
    }

    #[test]
    fn dijkstra_picks_the_cheapest_uplink_not_the_nearest() {
        // Chain 0 - 1 - 2; A sees 0 (near) and 1 (far); B sees 2. Via 1 directly is shorter overall.
        let adjacency = Adjacency::new(3, &[(0, 1), (1, 2)]);
        let graph = StepGraph {
            isl_km: vec![1000.0, 1000.0],
            gateway_links: vec![],
            sat_gateway_offsets: vec![0; 4],
            gateway_by_sat: vec![],
        };
        let mut work = Workspace::default();
        let route = shortest_route(&adjacency, &graph, &[(0, 600.0), (1, 900.0)], &[(2, 700.0)], &mut work).unwrap();
        assert_eq!(route.path, vec![Hop::Satellite(1), Hop::Satellite(2)]);
        assert!((route.length_km - 2600.0).abs() < 1e-9);
        assert_eq!(route.hops, 3);
        // Link 1-2 gone: unreachable.
        let cut = StepGraph { isl_km: vec![1000.0, f64::INFINITY], ..graph };
        assert!(shortest_route(&adjacency, &cut, &[(0, 600.0)], &[(2, 700.0)], &mut work).is_none());
    }
}
