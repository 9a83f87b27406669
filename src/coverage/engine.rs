//! The coverage engine: visibility of every grid cell from every satellite at every time step, reduced to
//! figures of merit while streaming over time.
//!
//! ## Fast path ([`compute`])
//!
//! Time is processed in chunks of [`CHUNK_STEPS`] steps (memory: the grid plus satellites × chunk, never
//! the whole interval). For each chunk, satellites are propagated in parallel and rotated to Earth-fixed.
//! For each (step, satellite) the *visibility cap* is computed: the sub-satellite point (geocentric) and the
//! Earth central angle λ = acos(R cos ε / r) − ε for the elevation mask ε, with R = 6356 km (below the
//! WGS-84 polar radius, which enlarges the cap) plus a [`CAP_MARGIN_DEG`] margin that covers the ellipsoid's
//! normal and geodetic-versus-geocentric latitude (≤ 0.2° each). Only the grid rows whose centres lie within
//! the cap's latitude band, and in each row only the longitude span inside the cap, are tested with the exact
//! elevation predicate ([`is_visible`]); the cap only ever removes cells that cannot pass it, so counts are
//! identical to [`brute_force_counts`], which tests every (cell, satellite, step).
//!
//! Parallelism: the grid is split in bands of whole rows; each rayon task owns its band's cells and runs the
//! chunk's steps in time order, so every cell's state sees the same sequence of updates whatever the number
//! of threads: results are bit-identical run to run.
//!
//! A satellite whose propagation fails (decay, divergence) at a step counts as not in view at that step; the
//! failures are listed in [`CoverageResult::propagation_failures`].

use super::grid::{CellGeometry, Grid};
use super::metrics::{CellMetrics, CellState, CellStates, Summary};
use super::CoverageError;
use crate::frames::teme::{gmst_at, rotation_teme_to_ecef};
use crate::frames::{EarthOrientation, Geodetic};
use crate::orbit::Satellite;
use crate::time::{format_instant, TimeGrid};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Time steps per streamed chunk.
pub const CHUNK_STEPS: usize = 64;
/// Extra angular radius added to each satellite's visibility cap, degrees.
pub const CAP_MARGIN_DEG: f64 = 0.5;
/// Sphere radius used for the cap (smaller than any WGS-84 radius, so the cap is conservative), km.
const CAP_EARTH_RADIUS_KM: f64 = 6_356.0;
/// Sphere radius for the inner cap (larger than any WGS-84 radius, so the inner cap is conservative), km.
const INNER_CAP_EARTH_RADIUS_KM: f64 = 6_379.0;
/// Angle taken off the inner cap's radius, degrees (covers the ellipsoid normal and geodetic latitude).
pub const INNER_CAP_MARGIN_DEG: f64 = 0.5;

/// Options of a coverage run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverageOptions {
    /// Elevation mask, degrees (−10 to < 90).
    pub min_elevation_deg: f64,
    /// Earth orientation (UT1 − UTC) for TEME → Earth-fixed.
    pub eop: EarthOrientation,
}

impl Default for CoverageOptions {
    fn default() -> Self {
        CoverageOptions { min_elevation_deg: 10.0, eop: EarthOrientation::default() }
    }
}

/// Progress reporting and cancellation for long runs (the CLI's progress bar and Ctrl-C).
pub trait Monitor: Sync {
    /// Called after each chunk with the number of time steps just finished.
    fn advance(&self, _steps: u64) {}
    /// Polled before each chunk; `true` stops the run with [`CoverageError::Cancelled`].
    fn cancelled(&self) -> bool {
        false
    }
}

/// A monitor that reports nothing and never cancels.
pub struct NoMonitor;
impl Monitor for NoMonitor {}

/// The result of a coverage run.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageResult {
    /// Per-cell figures of merit, in grid order (row-major from the south-west).
    pub cells: Vec<CellMetrics>,
    /// cos(latitude) area-weighted summary.
    pub summary: Summary,
    /// Number of time samples.
    pub steps: usize,
    /// Number of satellites evaluated.
    pub satellites: usize,
    /// Interval length, seconds.
    pub span_s: f64,
    /// Satellites whose propagation failed at some step: name → (failed steps, first error).
    pub propagation_failures: BTreeMap<String, (usize, String)>,
}

/// The exact visibility predicate shared by every path: the satellite's elevation above the cell's
/// ellipsoid horizon is at least the mask, i.e. (s − p)·û ≥ sin ε · |s − p|. NaN positions are never visible.
#[inline(always)]
pub fn is_visible(cell: &CellGeometry, sat_km: &[f64; 3], sin_min_elevation: f64) -> bool {
    let dx = sat_km[0] - cell.position_km[0];
    let dy = sat_km[1] - cell.position_km[1];
    let dz = sat_km[2] - cell.position_km[2];
    let dot = dx * cell.up[0] + dy * cell.up[1] + dz * cell.up[2];
    dot >= sin_min_elevation * (dx * dx + dy * dy + dz * dz).sqrt()
}

/// Bound on [`fast_acos`]'s error, degrees (the approximation's 6.7e-5 rad is 0.0039°), applied outward to
/// the outer cap and inward to the inner cap so both stay conservative.
const FAST_ACOS_BOUND_DEG: f64 = 0.01;

/// arccos (radians) to within 6.7e-5 rad (Abramowitz & Stegun 4.4.45), for |x| ≤ 1.
#[inline(always)]
fn fast_acos(x: f64) -> f64 {
    let a = x.abs().min(1.0);
    let r = (1.0 - a).sqrt() * (1.570_728_8 + a * (-0.212_114_4 + a * (0.074_261_0 + a * -0.018_729_3)));
    if x >= 0.0 {
        r
    } else {
        std::f64::consts::PI - r
    }
}

/// floor for the moderate magnitudes of column indices (|x| < 2⁶², not NaN).
#[inline(always)]
fn fast_floor(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// ceil for the moderate magnitudes of column indices.
#[inline(always)]
fn fast_ceil(x: f64) -> f64 {
    -fast_floor(-x)
}

/// A satellite's Earth-fixed position at one step and its visibility caps over the grid: the outer cap
/// contains every cell that can see it; every cell inside the inner cap (when present) certainly sees it.
#[derive(Debug, Clone, Copy)]
struct Cap {
    position_km: [f64; 3],
    lon_deg: f64,
    sin_lat: f64,
    cos_lat: f64,
    cos_radius: f64,
    radius_deg: f64,
    /// Inner cap radius, degrees (≤ 0: none).
    inner_deg: f64,
    cos_inner: f64,
    /// Inclusive row range; `row_lo > row_hi` when the cap misses the grid.
    row_lo: usize,
    row_hi: usize,
}

/// Up to three inclusive column ranges (a longitude interval and its ±360° copies), sorted.
type ColRanges = ([(usize, usize); 3], usize);

impl Cap {
    fn none() -> Cap {
        Cap {
            position_km: [f64::NAN; 3],
            lon_deg: 0.0,
            sin_lat: 0.0,
            cos_lat: 1.0,
            cos_radius: 1.0,
            radius_deg: 0.0,
            inner_deg: 0.0,
            cos_inner: 1.0,
            row_lo: 1,
            row_hi: 0,
        }
    }

    fn new(p: [f64; 3], grid: &Grid, min_elevation_rad: f64) -> Cap {
        let r = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt();
        if !r.is_finite() || r <= 0.0 {
            return Cap::none();
        }
        let lat = (p[2] / r).asin();
        let lon_deg = p[1].atan2(p[0]).to_degrees();
        let central_angle_deg = |earth_radius_km: f64| {
            let arg = (earth_radius_km * min_elevation_rad.cos() / r).clamp(-1.0, 1.0);
            (arg.acos() - min_elevation_rad).max(0.0).to_degrees()
        };
        let radius_deg = (central_angle_deg(CAP_EARTH_RADIUS_KM) + CAP_MARGIN_DEG).min(180.0);
        let inner_deg = if min_elevation_rad >= 0.0 {
            central_angle_deg(INNER_CAP_EARTH_RADIUS_KM) - INNER_CAP_MARGIN_DEG
        } else {
            0.0
        };
        let lat_deg = lat.to_degrees();
        let step = grid.step_deg;
        let lo = ((lat_deg - radius_deg - grid.region.lat_min) / step - 0.5).ceil().max(0.0);
        let hi = ((lat_deg + radius_deg - grid.region.lat_min) / step - 0.5).floor();
        let (row_lo, row_hi) = if hi < 0.0 || lo > (grid.n_lat - 1) as f64 {
            (1, 0)
        } else {
            (lo as usize, (hi as usize).min(grid.n_lat - 1))
        };
        Cap {
            position_km: p,
            lon_deg,
            sin_lat: lat.sin(),
            cos_lat: lat.cos(),
            cos_radius: radius_deg.to_radians().cos(),
            radius_deg,
            inner_deg,
            cos_inner: inner_deg.to_radians().cos(),
            row_lo,
            row_hi,
        }
    }

    /// Half-width in longitude (degrees, 180 = whole row) of a cap of radius `radius_deg` on the row with
    /// latitude sine/cosine `sin_phi`/`cos_phi`; `None` when the row misses it.
    #[inline]
    fn half_width_deg(
        &self,
        radius_deg: f64,
        cos_radius: f64,
        sin_phi: f64,
        cos_phi: f64,
        widen_deg: f64,
    ) -> Option<f64> {
        let denominator = cos_phi * self.cos_lat;
        if radius_deg >= 180.0 || denominator <= 1e-12 {
            return if radius_deg >= 180.0 || sin_phi * self.sin_lat >= cos_radius { Some(180.0) } else { None };
        }
        let c = (cos_radius - sin_phi * self.sin_lat) / denominator;
        if c > 1.0 {
            None
        } else if c <= -1.0 {
            Some(180.0)
        } else {
            Some((fast_acos(c).to_degrees() + widen_deg).clamp(0.0, 180.0))
        }
    }

    /// Columns whose centres lie within `half_width_deg` of the sub-satellite longitude.
    #[inline]
    fn col_ranges(&self, grid: &Grid, inv_step: f64, half_width_deg: f64) -> ColRanges {
        let mut out = ([(0, 0); 3], 0);
        let n_lon = grid.n_lon;
        if half_width_deg >= 180.0 {
            out.0[0] = (0, n_lon - 1);
            out.1 = 1;
            return out;
        }
        let west = grid.region.lon_min;
        let east = west + n_lon as f64 * grid.step_deg;
        for shift in [-360.0, 0.0, 360.0] {
            let a = self.lon_deg - half_width_deg + shift;
            let b = self.lon_deg + half_width_deg + shift;
            if b < west || a > east {
                continue;
            }
            let lo = fast_ceil((a - west) * inv_step - 0.5).max(0.0);
            let hi = fast_floor((b - west) * inv_step - 0.5);
            if hi < lo || hi < 0.0 || lo > (n_lon - 1) as f64 {
                continue;
            }
            out.0[out.1] = (lo as usize, (hi as usize).min(n_lon - 1));
            out.1 += 1;
        }
        out
    }

    /// For the row at `lat_deg`: calls `f(lo, hi, false)` for column ranges that need the exact predicate and
    /// `f(lo, hi, true)` for ranges inside the inner cap (certainly visible).
    #[inline]
    fn row(&self, grid: &Grid, inv_step: f64, (sin_phi, cos_phi): (f64, f64), mut f: impl FnMut(usize, usize, bool)) {
        let Some(outer_half) =
            self.half_width_deg(self.radius_deg, self.cos_radius, sin_phi, cos_phi, FAST_ACOS_BOUND_DEG)
        else {
            return;
        };
        let (outer, n_outer) = self.col_ranges(grid, inv_step, outer_half);
        let (inner, n_inner) = if self.inner_deg > 0.0 {
            match self.half_width_deg(self.inner_deg, self.cos_inner, sin_phi, cos_phi, -FAST_ACOS_BOUND_DEG) {
                Some(h) => self.col_ranges(grid, inv_step, h),
                None => ([(0, 0); 3], 0),
            }
        } else {
            ([(0, 0); 3], 0)
        };
        for &(o0, o1) in &outer[..n_outer] {
            let mut next = o0;
            for &(i0, i1) in &inner[..n_inner] {
                if i1 < o0 || i0 > o1 {
                    continue;
                }
                let (i0, i1) = (i0.max(o0), i1.min(o1));
                if i0 > next {
                    f(next, i0 - 1, false);
                }
                f(i0, i1, true);
                next = i1 + 1;
            }
            if next <= o1 {
                f(next, o1, false);
            }
        }
    }
}

fn check_inputs(satellites: &[Satellite], time: &TimeGrid, options: &CoverageOptions) -> Result<(), CoverageError> {
    if satellites.is_empty() {
        return Err(CoverageError::NoSatellites);
    }
    if !(options.min_elevation_deg >= -10.0 && options.min_elevation_deg < 90.0) {
        return Err(CoverageError::BadElevation { min_elevation_deg: options.min_elevation_deg });
    }
    if !(time.span_s() > 0.0) {
        return Err(CoverageError::EmptyInterval {
            start: format_instant(&time.start),
            end: format_instant(&time.end),
        });
    }
    Ok(())
}

/// Sample weights (sample-and-hold: wᵢ = tᵢ₊₁ − tᵢ, last 0) and offsets.
fn weights(time: &TimeGrid) -> (Vec<f64>, Vec<f64>) {
    let offsets = time.offsets_s();
    let mut w: Vec<f64> = offsets.windows(2).map(|p| p[1] - p[0]).collect();
    w.push(0.0);
    (offsets, w)
}

/// Earth-fixed positions of every satellite at the given offsets from `time.start`: `[step][satellite]`.
/// Failed propagations give NaN and are recorded in `failures`.
fn positions(
    satellites: &[Satellite],
    time: &TimeGrid,
    offsets_s: &[f64],
    options: &CoverageOptions,
    failures: &mut BTreeMap<String, (usize, String)>,
) -> Vec<Vec<[f64; 3]>> {
    let instants: Vec<_> = offsets_s.iter().map(|s| crate::time::add_seconds(&time.start, *s)).collect();
    let rotations: Vec<_> = instants.iter().map(|t| rotation_teme_to_ecef(gmst_at(t, &options.eop).0)).collect();
    let per_sat: Vec<(Vec<[f64; 3]>, usize, Option<String>)> = satellites
        .par_iter()
        .map(|sat| {
            let mut propagator = sat.propagator();
            let mut failed = 0;
            let mut first = None;
            let out = instants
                .iter()
                .zip(&rotations)
                .map(|(t, rot)| match propagator.at(t) {
                    Ok(teme) => {
                        let p = rot * teme.position_km;
                        [p.x, p.y, p.z]
                    }
                    Err(e) => {
                        failed += 1;
                        first.get_or_insert_with(|| e.to_string());
                        [f64::NAN; 3]
                    }
                })
                .collect();
            (out, failed, first)
        })
        .collect();
    for (sat, (_, failed, first)) in satellites.iter().zip(&per_sat) {
        if let Some(first) = first {
            let entry = failures.entry(sat.name().to_string()).or_insert((0, first.clone()));
            entry.0 += failed;
        }
    }
    (0..offsets_s.len()).map(|k| per_sat.iter().map(|(p, _, _)| p[k]).collect()).collect()
}

/// Coverage of every grid cell ([`compute_with_monitor`] without progress or cancellation).
pub fn compute(
    grid: &Grid,
    satellites: &[Satellite],
    time: &TimeGrid,
    options: &CoverageOptions,
) -> Result<CoverageResult, CoverageError> {
    compute_with_monitor(grid, satellites, time, options, &NoMonitor)
}

/// Coverage of every grid cell: the fast culled, parallel, streaming engine (module docs).
pub fn compute_with_monitor(
    grid: &Grid,
    satellites: &[Satellite],
    time: &TimeGrid,
    options: &CoverageOptions,
    monitor: &dyn Monitor,
) -> Result<CoverageResult, CoverageError> {
    check_inputs(satellites, time, options)?;
    let (offsets, w) = weights(time);
    let span_s = time.span_s();
    let min_el = options.min_elevation_deg.to_radians();
    let sin_min = min_el.sin();
    let n_lon = grid.n_lon;
    let threads = rayon::current_num_threads().max(1);
    let rows_per_band = (grid.n_lat / (4 * threads)).clamp(1, 16);
    let band_cells = rows_per_band * n_lon;
    let inv_step = 1.0 / grid.step_deg;
    let row_trig: Vec<(f64, f64)> = (0..grid.n_lat).map(|r| grid.row_latitude_deg(r).to_radians().sin_cos()).collect();
    let mut bands: Vec<CellStates> = (0..grid.len().div_ceil(band_cells))
        .map(|b| CellStates::new(band_cells.min(grid.len() - b * band_cells)))
        .collect();
    let mut failures = BTreeMap::new();

    for chunk_start in (0..offsets.len()).step_by(CHUNK_STEPS) {
        if monitor.cancelled() {
            return Err(CoverageError::Cancelled);
        }
        let chunk_end = (chunk_start + CHUNK_STEPS).min(offsets.len());
        let pos = positions(satellites, time, &offsets[chunk_start..chunk_end], options, &mut failures);
        let caps: Vec<Vec<Cap>> = pos
            .par_iter()
            .map(|step| step.iter().map(|p| Cap::new(*p, grid, min_el)).filter(|c| c.row_lo <= c.row_hi).collect())
            .collect();
        let weights_chunk = &w[chunk_start..chunk_end];
        bands.par_iter_mut().enumerate().for_each(|(band, band_states)| {
            let row0 = band * rows_per_band;
            let band_len = band_cells.min(grid.len() - band * band_cells);
            let row_end = row0 + band_len / n_lon;
            let mut counts = vec![0u32; band_len];
            for (step_caps, &weight) in caps.iter().zip(weights_chunk) {
                counts.iter_mut().for_each(|c| *c = 0);
                for cap in step_caps {
                    let lo = cap.row_lo.max(row0);
                    let hi = cap.row_hi.min(row_end - 1);
                    if lo > hi {
                        continue;
                    }
                    for (row, &trig) in row_trig.iter().enumerate().take(hi + 1).skip(lo) {
                        let base = row * n_lon;
                        let local = (row - row0) * n_lon;
                        cap.row(grid, inv_step, trig, |c0, c1, certain| {
                            let out = &mut counts[local + c0..=local + c1];
                            if certain {
                                out.iter_mut().for_each(|c| *c += 1);
                            } else {
                                let cells = &grid.cells[base + c0..=base + c1];
                                for (cell, count) in cells.iter().zip(out.iter_mut()) {
                                    *count += u32::from(is_visible(cell, &cap.position_km, sin_min));
                                }
                            }
                        });
                    }
                }
                band_states.update(&counts, weight);
            }
        });
        monitor.advance((chunk_end - chunk_start) as u64);
    }

    let cells: Vec<CellMetrics> = bands
        .into_iter()
        .flat_map(CellStates::into_states)
        .enumerate()
        .map(|(i, s)| {
            let (lat, lon) = grid.cell_center_deg(i);
            s.finish(lat, lon, span_s)
        })
        .collect();
    let summary = Summary::area_weighted(&cells);
    Ok(CoverageResult {
        cells,
        summary,
        steps: offsets.len(),
        satellites: satellites.len(),
        span_s,
        propagation_failures: failures,
    })
}

/// Reference evaluation of every (cell, satellite, step) with no culling, serial: per cell, the number of
/// samples with at least one satellite in view and the total satellite-samples in view. Same geometry and
/// predicate as [`compute`], which must match it exactly.
pub fn brute_force_counts(
    grid: &Grid,
    satellites: &[Satellite],
    time: &TimeGrid,
    options: &CoverageOptions,
) -> Result<Vec<(u32, u64)>, CoverageError> {
    check_inputs(satellites, time, options)?;
    let (offsets, _) = weights(time);
    let sin_min = options.min_elevation_deg.to_radians().sin();
    let mut out = vec![(0u32, 0u64); grid.len()];
    let mut failures = BTreeMap::new();
    for chunk in offsets.chunks(CHUNK_STEPS) {
        for step in positions(satellites, time, chunk, options, &mut failures) {
            for (cell, acc) in grid.cells.iter().zip(out.iter_mut()) {
                let n = step.iter().filter(|p| is_visible(cell, p, sin_min)).count() as u64;
                acc.0 += u32::from(n > 0);
                acc.1 += n;
            }
        }
    }
    Ok(out)
}

/// Coverage figures of merit at a few sites (e.g. Baku, Aktau), every satellite tested at every step with
/// the same predicate and definitions as [`compute`]. Cost: sites × satellites × steps predicate calls.
pub fn coverage_at_points(
    points: &[Geodetic],
    satellites: &[Satellite],
    time: &TimeGrid,
    options: &CoverageOptions,
) -> Result<Vec<CellMetrics>, CoverageError> {
    check_inputs(satellites, time, options)?;
    let (offsets, w) = weights(time);
    let sin_min = options.min_elevation_deg.to_radians().sin();
    let geometry: Vec<CellGeometry> = points
        .iter()
        .map(|g| {
            let p = g.to_ecef_km();
            let (sl, cl) = g.latitude_deg.to_radians().sin_cos();
            let (so, co) = g.longitude_deg.to_radians().sin_cos();
            CellGeometry { position_km: [p.x, p.y, p.z], up: [cl * co, cl * so, sl] }
        })
        .collect();
    let mut states = vec![CellState::default(); points.len()];
    let mut failures = BTreeMap::new();
    for (chunk_index, chunk) in offsets.chunks(CHUNK_STEPS).enumerate() {
        let pos = positions(satellites, time, chunk, options, &mut failures);
        for (k, step) in pos.iter().enumerate() {
            let weight = w[chunk_index * CHUNK_STEPS + k];
            for (cell, state) in geometry.iter().zip(states.iter_mut()) {
                let n = step.iter().filter(|p| is_visible(cell, p, sin_min)).count() as u32;
                state.update(n, weight);
            }
        }
    }
    let span_s = time.span_s();
    Ok(states.into_iter().zip(points).map(|(s, g)| s.finish(g.latitude_deg, g.longitude_deg, span_s)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_math_within_bounds() {
        let mut worst: f64 = 0.0;
        for k in -100_000..=100_000 {
            let x = k as f64 / 100_000.0;
            worst = worst.max((fast_acos(x) - x.acos()).abs());
        }
        assert!(worst < 6.8e-5 && worst.to_degrees() < FAST_ACOS_BOUND_DEG, "{worst}");
        for x in [-3.5, -3.0, -0.2, 0.0, 0.2, 2.0, 7.9] {
            assert_eq!((fast_floor(x), fast_ceil(x)), (f64::floor(x), f64::ceil(x)), "{x}");
        }
    }
}
