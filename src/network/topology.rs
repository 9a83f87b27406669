//! Orbital planes and `+Grid` inter-satellite links.
//!
//! ## Planes from the elements
//!
//! Every satellite is propagated (SGP4) to one reference time: the common epoch when all element sets share one
//! (generated constellations), else the latest epoch of the catalog. From the TEME state, the orbit normal
//! h = r × v gives the inclination and right ascension of the ascending node (RAAN), and the argument of
//! latitude u is the angle from the ascending node to r in the direction of motion. The mean altitude comes
//! from the TLE (Kozai) mean motion, a = (μ/n²)^(1/3) − R (WGS-72).
//!
//! * **Shells**: satellites sorted by inclination are split where consecutive inclinations differ by more than
//!   [`InferOptions::inclination_gap_deg`]; each group sorted by altitude is split where consecutive altitudes
//!   differ by more than [`InferOptions::altitude_gap_km`].
//! * **Planes**: within a shell, RAANs sorted around the circle are split at every gap larger than
//!   [`InferOptions::raan_gap_deg`]. A shell whose RAANs form no gap at all (one ring round the whole circle)
//!   has no inferable planes; its satellites stay without ISLs, and when no shell at all has planes, inference
//!   fails ([`TopologyError::PlanesNotInferred`]). Planes with fewer than [`InferOptions::min_plane_size`]
//!   satellites (stragglers, orbit-raising satellites) are left without ISLs too.
//! * **Slots**: within a plane, satellites are ordered by u; slot 0 is the first one at or after
//!   u = −¼ slot (so that osculating noise around u = 0 does not move it to the end of the ring).
//!
//! Planes of a shell are numbered by increasing RAAN, starting after the largest RAAN gap.
//!
//! ## +Grid
//!
//! As Hypatia's `generate_plus_grid_isls`: satellite (p, j) links to (p, j + 1) in its plane and to
//! (p + 1, j + shift) in the next plane (indices modulo the plane sizes). When the two planes differ in size the
//! cross-plane neighbour is the satellite of plane p + 1 nearest in u to u(p, j) + shift · 360°/S(p+1). The last
//! plane links to the first (the seam) when `seam` is set, except in near-polar shells (inclination within
//! [`NEAR_POLAR_DEG`] of 90°), whose first and last planes counter-rotate. Whether a link exists at a given time
//! (grazing altitude, maximum length) is decided per step in [`super::graph`].

use crate::frames::TemeState;
use crate::orbit::tle::WGS72_RADIUS_KM;
use crate::orbit::{PropagationError, Satellite};
use crate::time::Instant;
use thiserror::Error;

/// WGS-72 μ as SGP4 uses it, km³/s².
const MU_KM3_S2: f64 = 398_600.8;
/// Shells with an inclination within this many degrees of 90° are near-polar: no cross-seam ISLs.
pub const NEAR_POLAR_DEG: f64 = 10.0;
/// Shells with fewer satellites than this are summarised in one note rather than one note each.
const SMALL_SHELL: usize = 10;

/// Errors building a topology.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum TopologyError {
    /// No shell has separable orbital planes.
    #[error("orbital planes cannot be inferred: {reason}; give the layout explicitly (--planes PLANES/PER_PLANE, satellites in catalog order plane by plane)")]
    PlanesNotInferred { reason: String },
    /// An explicit layout that does not match the catalog.
    #[error("plane layout {planes}/{per_plane} needs {} satellites, the catalog selection has {satellites}", planes * per_plane)]
    LayoutMismatch { planes: usize, per_plane: usize, satellites: usize },
    /// The ISL slot shift is outside 0 ≤ shift < satellites per plane.
    #[error("ISL shift {shift} is out of range: expected 0 to {} (satellites per plane − 1, smallest plane has {per_plane})", per_plane.saturating_sub(1))]
    ShiftOutOfRange { shift: i64, per_plane: usize },
    /// An inference parameter out of range.
    #[error("{field} = {value}: expected {expected}")]
    Invalid { field: &'static str, value: f64, expected: &'static str },
    /// Propagating to the reference time failed.
    #[error("propagating to the plane-inference reference time: {0}")]
    Propagation(#[from] Box<PropagationError>),
}

/// Inter-satellite link pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IslPattern {
    /// Two intra-plane and two cross-plane neighbours.
    PlusGrid,
    /// No ISLs (bent pipe through gateways).
    None,
}

/// How satellites are arranged in planes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlaneLayout {
    /// Infer shells, planes and slots from the elements (module docs).
    Infer(InferOptions),
    /// `planes` planes of `per_plane` satellites, in catalog order plane by plane and slot by slot (the order of
    /// the Walker generator and of Hypatia's TLE files).
    Explicit { planes: usize, per_plane: usize },
}

/// Tolerances of plane inference (module docs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InferOptions {
    pub inclination_gap_deg: f64,
    pub altitude_gap_km: f64,
    pub raan_gap_deg: f64,
    pub min_plane_size: usize,
}

impl Default for InferOptions {
    fn default() -> Self {
        InferOptions { inclination_gap_deg: 0.5, altitude_gap_km: 5.0, raan_gap_deg: 2.0, min_plane_size: 3 }
    }
}

/// ISL options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IslOptions {
    pub pattern: IslPattern,
    /// Cross-plane slot shift, 0 ≤ shift < satellites per plane.
    pub shift: i64,
    /// Link the last plane of a shell to the first (never in near-polar shells).
    pub seam: bool,
}

impl Default for IslOptions {
    fn default() -> Self {
        IslOptions { pattern: IslPattern::PlusGrid, shift: 0, seam: true }
    }
}

/// One shell: its planes (satellite indices in slot order), mean inclination and altitude.
#[derive(Debug, Clone, PartialEq)]
pub struct Shell {
    pub inclination_deg: f64,
    /// Mean altitude above the WGS-72 radius from the mean motion, km.
    pub altitude_km: f64,
    /// Lowest satellite altitude of the shell, km.
    pub min_altitude_km: f64,
    pub planes: Vec<Vec<usize>>,
    pub near_polar: bool,
    /// Whether the last plane links to the first.
    pub seam_linked: bool,
}

/// Planes and ISLs of a constellation.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    pub satellites: usize,
    pub shells: Vec<Shell>,
    /// ISLs as satellite index pairs (a < b), sorted, without duplicates.
    pub isls: Vec<(u32, u32)>,
    /// Satellites in no plane (no ISLs): stragglers, shells without planes.
    pub unassigned: Vec<usize>,
    /// Human-readable notes on the inference (shells skipped and why).
    pub notes: Vec<String>,
}

/// Orbit geometry of one satellite at the reference time.
#[derive(Debug, Clone, Copy)]
struct Geometry {
    inclination_deg: f64,
    raan_deg: f64,
    arg_latitude_deg: f64,
    altitude_km: f64,
}

fn geometry(state: &TemeState, mean_motion_rev_per_day: f64) -> Geometry {
    let r = state.position_km;
    let h = r.cross(&state.velocity_km_s);
    let inclination_deg = (h.z / h.norm()).clamp(-1.0, 1.0).acos().to_degrees();
    let raan = h.x.atan2(-h.y);
    let node = nalgebra::Vector3::new(raan.cos(), raan.sin(), 0.0);
    let in_plane = h.normalize().cross(&node);
    let arg_latitude_deg = r.dot(&in_plane).atan2(r.dot(&node)).to_degrees().rem_euclid(360.0);
    let n_rad_s = mean_motion_rev_per_day * std::f64::consts::TAU / 86_400.0;
    let altitude_km = (MU_KM3_S2 / (n_rad_s * n_rad_s)).cbrt() - WGS72_RADIUS_KM;
    Geometry { inclination_deg, raan_deg: raan.to_degrees().rem_euclid(360.0), arg_latitude_deg, altitude_km }
}

/// Splits sorted `values` (with their indices) at gaps larger than `gap`.
fn split_sorted(mut items: Vec<(f64, usize)>, gap: f64) -> Vec<Vec<usize>> {
    items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut last = f64::NEG_INFINITY;
    for (v, i) in items {
        if groups.is_empty() || v - last > gap {
            groups.push(Vec::new());
        }
        if let Some(g) = groups.last_mut() {
            g.push(i);
        }
        last = v;
    }
    groups
}

/// Splits satellites by RAAN around the circle at gaps larger than `gap_deg`; `None` when there is no gap.
///
/// Planes are numbered by increasing RAAN. When one gap between planes is clearly the largest (more than 1.5×
/// the median, as in a star pattern spread over 180°) numbering starts after it; otherwise (planes evenly
/// round the circle) plane 0 is the first at or after RAAN = −¼ plane spacing, so that osculating noise around
/// 0° does not move it to the end.
fn split_circular(members: &[usize], geo: &[Geometry], gap_deg: f64) -> Option<Vec<Vec<usize>>> {
    let mut items: Vec<(f64, usize)> = members.iter().map(|&i| (geo[i].raan_deg, i)).collect();
    items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let n = items.len();
    let cyclic_gap = |k: usize| (items[(k + 1) % n].0 - items[k].0).rem_euclid(360.0);
    // Cut after any gap above the tolerance (the largest), then split at every such gap.
    let (mut cut, mut largest) = (0usize, -1.0);
    for k in 0..n {
        let g = if n == 1 { 360.0 } else { cyclic_gap(k) };
        if g > largest {
            largest = g;
            cut = (k + 1) % n;
        }
    }
    if largest <= gap_deg {
        return None;
    }
    let mut planes: Vec<Vec<usize>> = Vec::new();
    for k in 0..n {
        let idx = (cut + k) % n;
        if k == 0 || cyclic_gap((idx + n - 1) % n) > gap_deg {
            planes.push(Vec::new());
        }
        if let Some(p) = planes.last_mut() {
            p.push(items[idx].1);
        }
    }
    // Gaps between consecutive planes (first RAAN of the next minus last RAAN of this one), cyclic.
    let count = planes.len();
    let first_raan = |p: &Vec<usize>| geo[p[0]].raan_deg;
    let last_raan = |p: &Vec<usize>| geo[p[p.len() - 1]].raan_deg;
    let gaps: Vec<f64> =
        (0..count).map(|p| (first_raan(&planes[(p + 1) % count]) - last_raan(&planes[p])).rem_euclid(360.0)).collect();
    let mut sorted = gaps.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[count / 2];
    let start = if count > 1 && largest > 1.5 * median {
        // The plane after the largest gap is already first.
        0
    } else {
        let quarter = 90.0 / count as f64;
        (0..count)
            .min_by(|&a, &b| {
                let ra = (first_raan(&planes[a]) + quarter).rem_euclid(360.0);
                let rb = (first_raan(&planes[b]) + quarter).rem_euclid(360.0);
                ra.total_cmp(&rb).then(a.cmp(&b))
            })
            .unwrap_or(0)
    };
    planes.rotate_left(start);
    Some(planes)
}

/// Orders a plane's satellites by argument of latitude, slot 0 first at or after u = −¼ slot.
fn order_slots(plane: &mut [usize], geo: &[Geometry]) {
    let quarter = 90.0 / plane.len() as f64;
    plane.sort_by(|&a, &b| {
        let ua = (geo[a].arg_latitude_deg + quarter).rem_euclid(360.0);
        let ub = (geo[b].arg_latitude_deg + quarter).rem_euclid(360.0);
        ua.total_cmp(&ub).then(a.cmp(&b))
    });
}

/// The reference time of plane inference: the common epoch, else the latest epoch.
pub fn reference_time(satellites: &[Satellite]) -> Option<Instant> {
    satellites.iter().map(|s| s.set.epoch).max()
}

impl Topology {
    /// Builds planes (inferred or explicit) and the ISLs of `isl`.
    pub fn build(satellites: &[Satellite], layout: &PlaneLayout, isl: &IslOptions) -> Result<Topology, TopologyError> {
        let n = satellites.len();
        let mut geo = Vec::with_capacity(n);
        if let Some(t_ref) = reference_time(satellites) {
            for s in satellites {
                let state = s.propagate(&t_ref).map_err(Box::new)?;
                geo.push(geometry(&state, s.set.elements.mean_motion));
            }
        }
        let mut notes = Vec::new();
        let mut groups: Vec<Vec<Vec<usize>>> = Vec::new();
        let mut unassigned = Vec::new();
        match *layout {
            PlaneLayout::Explicit { planes, per_plane } => {
                if planes == 0 || per_plane == 0 || planes * per_plane != n {
                    return Err(TopologyError::LayoutMismatch { planes, per_plane, satellites: n });
                }
                groups.push((0..planes).map(|p| (p * per_plane..(p + 1) * per_plane).collect()).collect());
            }
            PlaneLayout::Infer(options) => {
                let mut small = 0usize;
                for (field, value) in [
                    ("inclination gap (deg)", options.inclination_gap_deg),
                    ("altitude gap (km)", options.altitude_gap_km),
                    ("RAAN gap (deg)", options.raan_gap_deg),
                ] {
                    if !(value > 0.0 && value < 180.0) {
                        return Err(TopologyError::Invalid {
                            field,
                            value,
                            expected: "a positive tolerance below 180",
                        });
                    }
                }
                let by_inclination = split_sorted(
                    geo.iter().enumerate().map(|(i, g)| (g.inclination_deg, i)).collect(),
                    options.inclination_gap_deg,
                );
                for group in by_inclination {
                    let shells =
                        split_sorted(group.iter().map(|&i| (geo[i].altitude_km, i)).collect(), options.altitude_gap_km);
                    for shell in shells {
                        let label = shell_label(&shell, &geo);
                        match split_circular(&shell, &geo, options.raan_gap_deg) {
                            None if shell.len() < SMALL_SHELL => {
                                small += shell.len();
                                unassigned.extend(shell);
                            }
                            None => {
                                notes.push(format!(
                                    "{label}: RAANs form no gap above {}°: no planes, no ISLs",
                                    options.raan_gap_deg
                                ));
                                unassigned.extend(shell);
                            }
                            Some(planes) => {
                                let (keep, drop): (Vec<_>, Vec<_>) =
                                    planes.into_iter().partition(|p| p.len() >= options.min_plane_size);
                                let dropped: usize = drop.iter().map(Vec::len).sum();
                                if dropped > 0 && shell.len() < SMALL_SHELL {
                                    small += dropped;
                                } else if dropped > 0 {
                                    notes.push(format!(
                                        "{label}: {dropped} satellites in planes of fewer than {} have no ISLs",
                                        options.min_plane_size
                                    ));
                                }
                                unassigned.extend(drop.into_iter().flatten());
                                if keep.is_empty() {
                                    continue;
                                }
                                let mut keep = keep;
                                for plane in &mut keep {
                                    order_slots(plane, &geo);
                                }
                                groups.push(keep);
                            }
                        }
                    }
                }
                if small > 0 {
                    notes.push(format!(
                        "{small} satellites in shells of fewer than {SMALL_SHELL} (stragglers, orbit raising) have no ISLs"
                    ));
                }
                if groups.is_empty() && isl.pattern == IslPattern::PlusGrid {
                    return Err(TopologyError::PlanesNotInferred {
                        reason: if notes.is_empty() { "no satellites".to_string() } else { notes.join("; ") },
                    });
                }
            }
        }
        unassigned.sort_unstable();
        let mut shells: Vec<Shell> = groups
            .into_iter()
            .map(|planes| {
                let members: Vec<usize> = planes.iter().flatten().copied().collect();
                let count = members.len().max(1) as f64;
                let inclination_deg = members.iter().map(|&i| geo[i].inclination_deg).sum::<f64>() / count;
                let altitude_km = members.iter().map(|&i| geo[i].altitude_km).sum::<f64>() / count;
                let min_altitude_km = members.iter().map(|&i| geo[i].altitude_km).fold(f64::INFINITY, f64::min);
                let near_polar = (inclination_deg - 90.0).abs() < NEAR_POLAR_DEG;
                Shell { inclination_deg, altitude_km, min_altitude_km, planes, near_polar, seam_linked: false }
            })
            .collect();
        let mut isls = Vec::new();
        if isl.pattern == IslPattern::PlusGrid {
            let smallest = shells.iter().flat_map(|s| s.planes.iter().map(Vec::len)).min().unwrap_or(0);
            if isl.shift < 0 || isl.shift as usize >= smallest.max(1) {
                return Err(TopologyError::ShiftOutOfRange { shift: isl.shift, per_plane: smallest });
            }
            for shell in &mut shells {
                shell.seam_linked = isl.seam && !shell.near_polar && shell.planes.len() > 2;
                plus_grid(shell, &geo, isl.shift as usize, &mut isls);
            }
        }
        isls.sort_unstable();
        isls.dedup();
        Ok(Topology { satellites: n, shells, isls, unassigned, notes })
    }
}

fn shell_label(members: &[usize], geo: &[Geometry]) -> String {
    let count = members.len().max(1) as f64;
    let inc = members.iter().map(|&i| geo[i].inclination_deg).sum::<f64>() / count;
    let alt = members.iter().map(|&i| geo[i].altitude_km).sum::<f64>() / count;
    format!("shell of {} satellites at {inc:.1}°, {alt:.0} km", members.len())
}

fn push_link(a: usize, b: usize, out: &mut Vec<(u32, u32)>) {
    if a != b {
        out.push((a.min(b) as u32, a.max(b) as u32));
    }
}

fn plus_grid(shell: &Shell, geo: &[Geometry], shift: usize, out: &mut Vec<(u32, u32)>) {
    let planes = &shell.planes;
    let count = planes.len();
    for (p, plane) in planes.iter().enumerate() {
        let size = plane.len();
        for j in 0..size {
            if size > 1 {
                push_link(plane[j], plane[(j + 1) % size], out);
            }
        }
        let last = p + 1 == count;
        if count < 2 || (last && !shell.seam_linked) {
            continue;
        }
        let next = &planes[(p + 1) % count];
        for j in 0..size {
            let target = if next.len() == size {
                next[(j + shift) % size]
            } else {
                let want = geo[plane[j]].arg_latitude_deg + shift as f64 * 360.0 / next.len() as f64;
                let mut best = (f64::INFINITY, next[0]);
                for &k in next {
                    let d = (geo[k].arg_latitude_deg - want + 180.0).rem_euclid(360.0) - 180.0;
                    if d.abs() < best.0 {
                        best = (d.abs(), k);
                    }
                }
                best.1
            };
            push_link(plane[j], target, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orbit::walker::WalkerDelta;

    fn walker(total: u32, planes: u32, phasing: u32, inc: f64) -> Vec<Satellite> {
        let epoch = crate::time::parse_instant("2026-09-07T00:00:00Z").unwrap();
        WalkerDelta::new(total, planes, phasing, 550.0, inc)
            .element_sets(&epoch)
            .unwrap()
            .into_iter()
            .map(|s| Satellite::new(s).unwrap())
            .collect()
    }

    #[test]
    fn inferred_walker_equals_explicit_layout() {
        let sats = walker(120, 10, 0, 53.0);
        let inferred =
            Topology::build(&sats, &PlaneLayout::Infer(InferOptions::default()), &IslOptions::default()).unwrap();
        let explicit =
            Topology::build(&sats, &PlaneLayout::Explicit { planes: 10, per_plane: 12 }, &IslOptions::default())
                .unwrap();
        assert_eq!(inferred.shells.len(), 1);
        assert_eq!(inferred.shells[0].planes, explicit.shells[0].planes);
        assert_eq!(inferred.isls, explicit.isls);
        assert_eq!(inferred.isls.len(), 240);
        assert!(inferred.unassigned.is_empty());
    }

    #[test]
    fn near_polar_shell_has_no_seam_and_shift_is_checked() {
        let sats = walker(60, 6, 0, 88.0);
        let t = Topology::build(&sats, &PlaneLayout::Infer(InferOptions::default()), &IslOptions::default()).unwrap();
        assert!(t.shells[0].near_polar);
        // 6 planes × 10 intra + 5 cross-plane gaps × 10.
        assert_eq!(t.isls.len(), 60 + 50);
        let bad = IslOptions { shift: 10, ..IslOptions::default() };
        assert!(matches!(
            Topology::build(&sats, &PlaneLayout::Infer(InferOptions::default()), &bad),
            Err(TopologyError::ShiftOutOfRange { shift: 10, per_plane: 10 })
        ));
    }

    #[test]
    fn one_plane_ring_cannot_be_split() {
        // 36 planes 10° apart at a 20° tolerance: one ring round the circle.
        let sats = walker(108, 36, 0, 53.0);
        let options = InferOptions { raan_gap_deg: 20.0, ..InferOptions::default() };
        let err = Topology::build(&sats, &PlaneLayout::Infer(options), &IslOptions::default()).unwrap_err();
        assert!(matches!(err, TopologyError::PlanesNotInferred { .. }), "{err}");
    }
}
