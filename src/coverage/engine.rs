//! The coverage engine: visibility of every grid cell from every satellite at every time step, reduced to
//! figures of merit while streaming over time.
//!
//! ## Fast path ([`compute`])
//!
//! Time is processed in chunks of [`CHUNK_STEPS`] steps (memory: the grid plus satellites × chunk, never
//! the whole interval). For each chunk, satellites are propagated in parallel and rotated to Earth-fixed
//! (GMST once per step). For each (step, satellite) the *visibility cap* is computed: the sub-satellite point
//! (geocentric) and the Earth central angle λ = acos(R cos ε / r) − ε for the elevation mask ε, with
//! R = 6356 km (below the WGS-84 polar radius, which enlarges the cap) plus a [`CAP_MARGIN_DEG`] margin that
//! covers the ellipsoid's normal and geodetic-versus-geocentric latitude (≤ 0.2° each). Caps whose widest
//! longitude extent misses the grid are dropped; otherwise only the grid rows within the cap's latitude band,
//! and in each row only the columns inside the cap, can see the satellite.
//!
//! Within a row the visible cells are then found *exactly* with a few evaluations of the elevation predicate
//! ([`is_visible`]) instead of one per cell: for a row of cells at one geodetic latitude φ the predicate's
//! margin f = (s − p)·û − sin ε |s − p| depends on the cell's longitude only through x = cos(Δλ) (Δλ = cell
//! minus sub-satellite longitude), and for ε ≥ 0 it strictly increases with x (df/dx ≥ ρ cos φ > 0, ρ the
//! satellite's distance from the polar axis). So on each side of the sub-satellite longitude the visible
//! cells form one run next to it. A closed-form root of f on the row's analytic geometry predicts where the
//! run ends; the predicate is evaluated at the predicted boundary and the search walks outward or inward
//! until the predicate changes, which pins the boundary exactly whatever the prediction's error. The walk
//! relies on the *computed* predicate being monotone too: neighbouring cells' f differ by at least
//! ρ cos φ (1 − cos Δλ_step), which must exceed [`MIN_SEPARATION_KM`] (10⁴ × the predicate's rounding
//! error); rows where it does not (cells next to a pole, a satellite over a pole), negative masks, and
//! whole-row caps on grids wider than 180° (where longitudes wrap) evaluate every cell inside the cap
//! instead. Counts are identical to [`brute_force_counts`], which evaluates every (cell, satellite, step).
//!
//! Parallelism: the grid is split in bands of whole rows; each rayon task owns its band's cells, fills the
//! band's in-view counts for [`COUNT_STEPS`] steps of the chunk at a time, then advances every cell's running figures of merit
//! through the chunk in time order, so every cell's state sees the same sequence of updates whatever the
//! number of threads: results are bit-identical run to run. On x86-64 CPUs with AVX2 the band work runs in a
//! copy compiled for AVX2 (same IEEE operations, no fused multiply-add, so the same results).
//!
//! A satellite whose propagation fails (decay, divergence) at a step counts as not in view at that step; the
//! failures are listed in [`CoverageResult::propagation_failures`].
//!
//! [`compute_shard`] runs the same loop over a block of rows and a chunk-aligned range of samples, keeping the
//! exact integer state that [`super::shard`] merges into the single run's result.

use super::grid::{CellGeometry, Grid};
use super::metrics::{CellMetrics, CellState, CellStates, ShardCell, Summary};
use super::CoverageError;
use crate::frames::teme::{gmst_at, rotation_teme_to_ecef};
use crate::frames::{EarthOrientation, Geodetic};
use crate::orbit::Satellite;
use crate::time::{format_instant, TimeGrid};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;

/// Time steps per streamed chunk.
pub const CHUNK_STEPS: usize = 64;
/// Time steps whose in-view counts a band holds at once (a band's count buffer: COUNT_STEPS × rows × columns
/// × 4 bytes, 66 kB for the OTS 0.25° grid).
pub const COUNT_STEPS: usize = 16;
/// Grid rows per parallel band.
const ROWS_PER_BAND: usize = 4;
/// Extra angular radius added to each satellite's visibility cap, degrees.
pub const CAP_MARGIN_DEG: f64 = 0.5;
/// Sphere radius used for the cap (smaller than any WGS-84 radius, so the cap is conservative), km.
const CAP_EARTH_RADIUS_KM: f64 = 6_356.0;
/// Smallest difference of the predicate margin f between neighbouring cells of a row (km) for which the
/// row is searched instead of evaluated cell by cell: 10⁴ × a bound on f's rounding error (≤ 1e-10 km for
/// Earth-scale coordinates in f64), so the computed predicate is monotone along the row like the exact one.
pub const MIN_SEPARATION_KM: f64 = 1e-6;

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
/// the cap so it stays conservative.
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

/// Constants of one grid row (cells at one geodetic latitude) for the analytic boundary prediction.
#[derive(Debug, Clone, Copy)]
struct RowGeometry {
    sin_phi: f64,
    cos_phi: f64,
    /// Distance of the cell centres from the polar axis, km.
    radius_km: f64,
    /// Height of the cell centres above the equatorial plane, km.
    z_km: f64,
    /// p·û (the same for every cell of the row), km.
    p_dot_up_km: f64,
    /// |p|², km².
    p2_km2: f64,
}

impl RowGeometry {
    /// From the row's first cell (every cell of a row shares these up to rounding).
    fn new(cell: &CellGeometry) -> Self {
        let radius_km = cell.position_km[0].hypot(cell.position_km[1]);
        let z_km = cell.position_km[2];
        let cos_phi = cell.up[0].hypot(cell.up[1]);
        let sin_phi = cell.up[2];
        RowGeometry {
            sin_phi,
            cos_phi,
            radius_km,
            z_km,
            p_dot_up_km: radius_km * cos_phi + z_km * sin_phi,
            p2_km2: radius_km * radius_km + z_km * z_km,
        }
    }
}

/// A satellite's Earth-fixed position at one step and its visibility cap over the grid: the cap contains
/// every cell that can see it.
#[derive(Debug, Clone, Copy)]
struct Cap {
    position_km: [f64; 3],
    lon_deg: f64,
    sin_lat: f64,
    cos_lat: f64,
    cos_radius: f64,
    radius_deg: f64,
    /// Distance from the polar axis, km.
    rho_km: f64,
    /// |s|², km².
    s2_km2: f64,
    /// The copy of the sub-satellite longitude (degrees) that every grid column lies within 180° of; NaN when
    /// there is none (grids wider than 180° and satellites far outside them).
    centre_deg: f64,
    /// Inclusive row range (never empty).
    row_lo: usize,
    row_hi: usize,
}

/// Up to three inclusive column ranges (a longitude interval around the sub-satellite longitude and its ±360°
/// copies), each with the longitude of the satellite copy it is centred on, sorted.
type ColRanges = ([(usize, usize, f64); 3], usize);

impl Cap {
    /// The cap, or `None` when it misses the grid (or the position is not finite).
    fn new(p: [f64; 3], grid: &Grid, min_elevation_rad: f64, cos_min_elevation: f64) -> Option<Cap> {
        let r = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt();
        if !r.is_finite() || r <= 0.0 {
            return None;
        }
        let lat_deg = (p[2] / r).asin().to_degrees();
        let arg = (CAP_EARTH_RADIUS_KM * cos_min_elevation / r).clamp(-1.0, 1.0);
        let central_angle_deg = (arg.acos() - min_elevation_rad).max(0.0).to_degrees();
        let radius_deg = (central_angle_deg + CAP_MARGIN_DEG).min(180.0);
        let step = grid.step_deg;
        let lo = ((lat_deg - radius_deg - grid.region.lat_min) / step - 0.5).ceil().max(0.0);
        let hi = ((lat_deg + radius_deg - grid.region.lat_min) / step - 0.5).floor();
        if hi < 0.0 || lo > (grid.n_lat - 1) as f64 || hi < lo {
            return None;
        }
        let rho_km = (p[0] * p[0] + p[1] * p[1]).sqrt();
        let (sin_lat, cos_lat) = (p[2] / r, rho_km / r);
        let cos_radius = radius_deg.to_radians().cos();
        let lon_deg = p[1].atan2(p[0]).to_degrees();
        // The widest longitude half-extent of a cap not reaching a pole is asin(sin radius / cos lat); the
        // per-row half-widths below never exceed it (plus the fast-acos allowance).
        if lat_deg.abs() + radius_deg < 89.0 {
            let sin_radius = (1.0 - cos_radius * cos_radius).max(0.0).sqrt();
            let extent_deg = (sin_radius / cos_lat).min(1.0).asin().to_degrees() + 2.0 * FAST_ACOS_BOUND_DEG;
            let west = grid.region.lon_min;
            let east = west + grid.n_lon as f64 * grid.step_deg;
            let misses = |shift: f64| lon_deg + shift + extent_deg < west || lon_deg + shift - extent_deg > east;
            if misses(-360.0) && misses(0.0) && misses(360.0) {
                return None;
            }
        }
        // The copy of the sub-satellite longitude nearest the grid's middle, if every column lies within 180°
        // of it (column centres lie within width/2 of the middle).
        let width = grid.n_lon as f64 * grid.step_deg;
        let middle = grid.region.lon_min + 0.5 * width;
        let nearest = lon_deg + 360.0 * ((middle - lon_deg) / 360.0).round();
        let centre_deg = if (middle - nearest).abs() + 0.5 * width < 179.999 { nearest } else { f64::NAN };
        Some(Cap {
            position_km: p,
            lon_deg,
            sin_lat,
            cos_lat,
            cos_radius,
            radius_deg,
            rho_km,
            s2_km2: r * r,
            centre_deg,
            row_lo: lo as usize,
            row_hi: (hi as usize).min(grid.n_lat - 1),
        })
    }

    /// Half-width in longitude (degrees, 180 = whole row) of the cap on the row with latitude sine/cosine
    /// `sin_phi`/`cos_phi`, widened by the fast-acos allowance; `None` when the row misses it.
    #[inline(always)]
    fn half_width_deg(&self, sin_phi: f64, cos_phi: f64) -> Option<f64> {
        let denominator = cos_phi * self.cos_lat;
        if self.radius_deg >= 180.0 || denominator <= 1e-12 {
            return if self.radius_deg >= 180.0 || sin_phi * self.sin_lat >= self.cos_radius {
                Some(180.0)
            } else {
                None
            };
        }
        let c = (self.cos_radius - sin_phi * self.sin_lat) / denominator;
        if c > 1.0 {
            None
        } else if c <= -1.0 {
            Some(180.0)
        } else {
            Some((fast_acos(c).to_degrees() + FAST_ACOS_BOUND_DEG).clamp(0.0, 180.0))
        }
    }

    /// Columns whose centres lie within `half_width_deg` (< 180) of the sub-satellite longitude.
    #[inline(always)]
    fn col_ranges(&self, grid: &Grid, inv_step: f64, half_width_deg: f64) -> ColRanges {
        let mut out = ([(0, 0, 0.0); 3], 0);
        let n_lon = grid.n_lon;
        let west = grid.region.lon_min;
        let east = west + n_lon as f64 * grid.step_deg;
        for shift in [-360.0, 0.0, 360.0] {
            let centre = self.lon_deg + shift;
            let a = centre - half_width_deg;
            let b = centre + half_width_deg;
            if b < west || a > east {
                continue;
            }
            let lo = fast_ceil((a - west) * inv_step - 0.5).max(0.0);
            let hi = fast_floor((b - west) * inv_step - 0.5);
            if hi < lo || hi < 0.0 || lo > (n_lon - 1) as f64 {
                continue;
            }
            out.0[out.1] = (lo as usize, (hi as usize).min(n_lon - 1), centre);
            out.1 += 1;
        }
        out
    }

    /// Predicted half-width (degrees) of the visible span on a row: the root of f(x) = A x + B − k √(C − D x)
    /// (x = cos Δλ, k = sin ε ≥ 0) for the row's analytic geometry. Only the search's starting point.
    #[inline(always)]
    fn predicted_half_width_deg(&self, row: &RowGeometry, sin_min: f64) -> f64 {
        let a = self.rho_km * row.cos_phi;
        let b = self.position_km[2] * row.sin_phi - row.p_dot_up_km;
        let c = self.s2_km2 + row.p2_km2 - 2.0 * self.position_km[2] * row.z_km;
        let d = 2.0 * row.radius_km * self.rho_km;
        let k2 = sin_min * sin_min;
        // Squared: A² x² + (2AB + k²D) x + B² − k²C = 0; f's root is the larger one (there A x + B ≥ 0 and
        // the parabola rises).
        let qa = a * a;
        let qb = 2.0 * a * b + k2 * d;
        let qc = b * b - k2 * c;
        let disc = qb * qb - 4.0 * qa * qc;
        let x = if disc >= 0.0 && qa > 0.0 { (-qb + disc.sqrt()) / (2.0 * qa) } else { 1.0 };
        fast_acos(x.clamp(-1.0, 1.0)).to_degrees()
    }
}

/// Grid-wide constants of the fast path.
struct RowSearch<'a> {
    grid: &'a Grid,
    rows: Vec<RowGeometry>,
    inv_step: f64,
    sin_min: f64,
    /// 1 − cos(grid step): the smallest difference of cos Δλ between two cells on one side of a satellite.
    min_dx: f64,
}

impl RowSearch<'_> {
    /// Calls `add(lo, hi)` for runs of columns of `row` that see `cap` (exactly the cells where
    /// [`is_visible`] holds; runs may be single cells); `half` is the predicted half-width of the run
    /// ([`Cap::predicted_half_width_deg`]).
    #[inline(always)]
    fn row_spans(&self, cap: &Cap, row: usize, half: f64, mut add: impl FnMut(usize, usize)) {
        let geometry = &self.rows[row];
        let n_lon = self.grid.n_lon;
        let cells = &self.grid.cells[row * n_lon..(row + 1) * n_lon];
        let sin_min = self.sin_min;
        let vis = |c: usize| is_visible(&cells[c], &cap.position_km, sin_min);
        let monotone = sin_min >= 0.0 && cap.rho_km * geometry.cos_phi * self.min_dx > MIN_SEPARATION_KM;
        if monotone && !cap.centre_deg.is_nan() {
            // Every column lies within 180° of the satellite copy at `centre_deg`: the whole row is one range
            // (cells beyond the cap are excluded by the search itself).
            self.search(0, n_lon - 1, cap.centre_deg, half, &vis, &mut add);
            return;
        }
        let Some(outer) = cap.half_width_deg(geometry.sin_phi, geometry.cos_phi) else { return };
        let mut every_cell = |lo: usize, hi: usize| {
            for c in lo..=hi {
                if vis(c) {
                    add(c, c);
                }
            }
        };
        if outer >= 180.0 {
            every_cell(0, n_lon - 1);
            return;
        }
        let (ranges, n) = cap.col_ranges(self.grid, self.inv_step, outer);
        if !monotone {
            for &(lo, hi, _) in &ranges[..n] {
                every_cell(lo, hi);
            }
            return;
        }
        for &(lo, hi, centre) in &ranges[..n] {
            self.search(lo, hi, centre, half, &vis, &mut add);
        }
    }

    /// The visible cells among columns `lo..=hi`, all within 180° of longitude `centre` (a copy of the
    /// sub-satellite longitude) on a row where the predicate is monotone in |Δλ|: on each side of `centre`
    /// a run next to it. `half` is the predicted half-width, degrees.
    #[inline(always)]
    fn search(
        &self,
        lo: usize,
        hi: usize,
        centre: f64,
        half: f64,
        vis: &impl Fn(usize) -> bool,
        add: &mut impl FnMut(usize, usize),
    ) {
        let west = self.grid.region.lon_min;
        let inv_step = self.inv_step;
        // Last column whose centre is at or west of `centre` (may be < lo).
        let m = fast_floor((centre - west) * inv_step - 0.5);
        // West piece [lo, b]: cos Δλ grows with the column, so the visible cells are a suffix [v, b].
        if m >= lo as f64 {
            let b = (m as usize).min(hi);
            let predicted = fast_ceil((centre - half - west) * inv_step - 0.5);
            let mut v = predicted.clamp(lo as f64, (b + 1) as f64) as usize;
            if v > b || vis(v) {
                while v > lo && vis(v - 1) {
                    v -= 1;
                }
            } else {
                v += 1;
                while v <= b && !vis(v) {
                    v += 1;
                }
            }
            if v <= b {
                add(v, b);
            }
        }
        // East piece [a, hi]: the visible cells are a prefix [a, u].
        let a = if m + 1.0 > lo as f64 { (m + 1.0) as usize } else { lo };
        if a <= hi {
            let predicted = fast_floor((centre + half - west) * inv_step - 0.5);
            // u = last visible column, a − 1 when none.
            let mut u = predicted.clamp(a as f64 - 1.0, hi as f64) as isize;
            let (a, hi) = (a as isize, hi as isize);
            if u < a || vis(u as usize) {
                while u < hi && vis((u + 1) as usize) {
                    u += 1;
                }
            } else {
                u -= 1;
                while u >= a && !vis(u as usize) {
                    u -= 1;
                }
            }
            if u >= a {
                add(a as usize, u as usize);
            }
        }
    }

    /// In-view counts of the band of `rows` rows from `row0` for every step of a chunk:
    /// `counts[step * band_cells + cell]`.
    fn count_chunk(&self, caps: &[Vec<Cap>], row0: usize, rows: usize, counts: &mut [u32]) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the running CPU supports AVX2 (checked just above).
            unsafe { self.count_chunk_avx2(caps, row0, rows, counts) };
            return;
        }
        self.count_chunk_portable(caps, row0, rows, counts);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn count_chunk_avx2(&self, caps: &[Vec<Cap>], row0: usize, rows: usize, counts: &mut [u32]) {
        self.count_chunk_portable(caps, row0, rows, counts);
    }

    #[inline(always)]
    fn count_chunk_portable(&self, caps: &[Vec<Cap>], row0: usize, rows: usize, counts: &mut [u32]) {
        let n_lon = self.grid.n_lon;
        let band_cells = rows * n_lon;
        let row_end = row0 + rows;
        for (step_caps, counts) in caps.iter().zip(counts.chunks_exact_mut(band_cells)) {
            counts.fill(0);
            for cap in step_caps {
                let (lo, hi) = (cap.row_lo.max(row0), cap.row_hi.min(row_end - 1));
                if lo > hi {
                    continue;
                }
                // The predictions first, branch-free, so that the rows' dependency chains overlap.
                let mut halves = [0.0; ROWS_PER_BAND];
                for (half, geometry) in halves.iter_mut().zip(&self.rows[lo..=hi]) {
                    *half = cap.predicted_half_width_deg(geometry, self.sin_min);
                }
                for (row, &half) in (lo..=hi).zip(&halves) {
                    let local = &mut counts[(row - row0) * n_lon..(row - row0 + 1) * n_lon];
                    self.row_spans(cap, row, half, |c0, c1| local[c0..=c1].iter_mut().for_each(|c| *c += 1));
                }
            }
        }
    }
}

/// One band of whole grid rows: its cells' running figures of merit and the chunk's count buffer.
struct Band {
    row0: usize,
    rows: usize,
    states: CellStates,
    counts: Vec<u32>,
}

fn check_inputs(satellites: &[Satellite], time: &TimeGrid, options: &CoverageOptions) -> Result<(), CoverageError> {
    if satellites.is_empty() {
        return Err(CoverageError::NoSatellites);
    }
    if !(options.min_elevation_deg >= -5.0 && options.min_elevation_deg <= 90.0) {
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
    let make_states = |cells: usize| CellStates::for_weights(cells, &w, satellites.len());
    let (bands, failures) = run_bands(
        grid,
        satellites,
        time,
        options,
        monitor,
        (&offsets, &w),
        0..grid.n_lat,
        0..offsets.len(),
        &make_states,
    )?;
    let cells: Vec<CellMetrics> = bands
        .into_iter()
        .flat_map(|band| band.states.into_states())
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

/// Number of time samples of a run over `time` (the grid's points).
pub fn sample_count(time: &TimeGrid) -> usize {
    time.offsets_s().len()
}

/// Sample weights of a run (sample-and-hold: wᵢ = tᵢ₊₁ − tᵢ, the last 0), seconds.
pub fn sample_weights_s(time: &TimeGrid) -> Vec<f64> {
    weights(time).1
}

/// Satellites whose propagation failed: name → (failed steps, first error).
type Failures = BTreeMap<String, (usize, String)>;

/// One shard's integer per-cell state ([`compute_shard`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ShardResult {
    /// The cells of rows `rows`, row-major.
    pub cells: Vec<ShardCell>,
    /// Satellites whose propagation failed at some of the shard's steps: name → (failed steps, first error).
    pub propagation_failures: BTreeMap<String, (usize, String)>,
}

/// One shard of a run: the cells of grid rows `rows` through samples `samples` of the run's time grid, the
/// state kept in the exact integer form that [`super::shard`] merges. `samples.start` must be a multiple
/// of [`CHUNK_STEPS`] (so each sample is propagated in the same chunk as in the single run, and gets the
/// same bits). `Ok(None)` when the run is not in the whole-seconds representation
/// ([`CellStates::whole_seconds`]), which alone merges exactly.
///
/// # Panics
/// When `samples` or `rows` is empty, out of range, or `samples.start` is not chunk-aligned (the ranges
/// come from [`super::shard::ShardSpec::ranges`], which never gives such).
pub fn compute_shard(
    grid: &Grid,
    satellites: &[Satellite],
    time: &TimeGrid,
    options: &CoverageOptions,
    monitor: &dyn Monitor,
    rows: Range<usize>,
    samples: Range<usize>,
) -> Result<Option<ShardResult>, CoverageError> {
    check_inputs(satellites, time, options)?;
    let (offsets, w) = weights(time);
    assert!(
        samples.start.is_multiple_of(CHUNK_STEPS) && samples.start < samples.end && samples.end <= offsets.len(),
        "shard samples {samples:?} of {}",
        offsets.len()
    );
    assert!(rows.start < rows.end && rows.end <= grid.n_lat, "shard rows {rows:?} of {}", grid.n_lat);
    if !CellStates::whole_seconds(&w, satellites.len()) {
        return Ok(None);
    }
    let make_states =
        |cells: usize| CellStates::for_shard(cells, &w, satellites.len()).unwrap_or_else(|| CellStates::new(cells));
    let (bands, failures) =
        run_bands(grid, satellites, time, options, monitor, (&offsets, &w), rows, samples, &make_states)?;
    let mut cells = Vec::new();
    for band in bands {
        match band.states.into_shard_cells() {
            Some(c) => cells.extend(c),
            None => return Ok(None),
        }
    }
    Ok(Some(ShardResult { cells, propagation_failures: failures }))
}

/// The engine's loop over chunks of `samples` (starting at a multiple of [`CHUNK_STEPS`]) for the bands of
/// rows `rows`, with states from `make_states(cells)`.
#[allow(clippy::too_many_arguments)]
fn run_bands(
    grid: &Grid,
    satellites: &[Satellite],
    time: &TimeGrid,
    options: &CoverageOptions,
    monitor: &dyn Monitor,
    (offsets, w): (&[f64], &[f64]),
    rows: Range<usize>,
    samples: Range<usize>,
    make_states: &dyn Fn(usize) -> CellStates,
) -> Result<(Vec<Band>, Failures), CoverageError> {
    let min_el = options.min_elevation_deg.to_radians();
    let (sin_min, cos_min) = min_el.sin_cos();
    let n_lon = grid.n_lon;
    let rows_per_band = ROWS_PER_BAND.min(grid.n_lat);
    debug_assert!(rows_per_band <= ROWS_PER_BAND);
    let search = RowSearch {
        grid,
        rows: (0..grid.n_lat).map(|r| RowGeometry::new(&grid.cells[r * n_lon])).collect(),
        inv_step: 1.0 / grid.step_deg,
        sin_min,
        min_dx: 1.0 - grid.step_deg.to_radians().cos(),
    };
    let count_steps = COUNT_STEPS.min(offsets.len());
    let row_end = rows.end;
    let mut bands: Vec<Band> = rows
        .step_by(rows_per_band)
        .map(|row0| {
            let rows = rows_per_band.min(row_end - row0);
            Band { row0, rows, states: make_states(rows * n_lon), counts: vec![0; count_steps * rows * n_lon] }
        })
        .collect();
    let mut failures = BTreeMap::new();

    let sample_end = samples.end;
    for chunk_start in samples.step_by(CHUNK_STEPS) {
        if monitor.cancelled() {
            return Err(CoverageError::Cancelled);
        }
        let chunk_end = (chunk_start + CHUNK_STEPS).min(sample_end);
        let pos = positions(satellites, time, &offsets[chunk_start..chunk_end], options, &mut failures);
        let caps: Vec<Vec<Cap>> = pos
            .par_iter()
            .map(|step| step.iter().filter_map(|p| Cap::new(*p, grid, min_el, cos_min)).collect())
            .collect();
        let weights_chunk = &w[chunk_start..chunk_end];
        bands.par_iter_mut().for_each(|band| {
            for (caps, weights) in caps.chunks(COUNT_STEPS).zip(weights_chunk.chunks(COUNT_STEPS)) {
                let counts = &mut band.counts[..weights.len() * band.rows * n_lon];
                search.count_chunk(caps, band.row0, band.rows, counts);
                band.states.update_chunk(counts, weights);
            }
        });
        monitor.advance((chunk_end - chunk_start) as u64);
    }
    Ok((bands, failures))
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
