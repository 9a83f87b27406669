//! Figures of merit per cell and their area-weighted regional summary.
//!
//! ## Time model
//!
//! The interval [t₀, t_end] is sampled at the time grid's points t₀ < t₁ < … < t_{N−1} = t_end. The state at
//! sample i (number of satellites in view, covered when ≥ 1) holds until sample i + 1 (sample-and-hold), so
//! sample i carries the weight wᵢ = tᵢ₊₁ − tᵢ and the final sample only closes the interval (weight 0).
//! T = t_end − t₀.
//!
//! ## Definitions (after STK's Coverage figures of merit)
//!
//! * **percent covered**: 100 · Σ wᵢ [nᵢ ≥ 1] / T.
//! * **N-fold coverage**: nᵢ = satellites in view at sample i; *min* and *max* over all samples, *mean* the
//!   time-weighted mean Σ wᵢ nᵢ / T.
//! * **gap**: a maximal run of uncovered time; its length is the summed weights of its samples. A gap touching
//!   the interval's start or end is cut there (only the part inside [t₀, t_end] counts).
//! * **max gap**, **mean gap** (Σ g / number of gaps; 0 with no gaps), **gap count**.
//! * **time-average gap**: Σ g² / T, the expected length of the gap in progress at a random instant
//!   (counting 0 when covered).
//! * **mean response time**: Σ g² / (2T), the expected wait from a random instant until coverage begins
//!   (0 when covered; coverage after t_end is not known, so gaps cut at t_end count as ending there).
//! * **visible steps** / **visible pairs**: samples with nᵢ ≥ 1, and Σ nᵢ over all samples (unweighted; used to
//!   check the engine against brute force).

use serde::Serialize;
use std::ops::Range;

/// Running per-cell state, updated in time order with one call per sample ([`CellState::update`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellState {
    pub visible_steps: u32,
    pub visible_pairs: u64,
    pub min_in_view: u32,
    pub max_in_view: u32,
    pub weighted_in_view_s: f64,
    pub covered_s: f64,
    pub open_gap_s: f64,
    pub gap_count: u32,
    pub gap_sum_s: f64,
    pub gap_max_s: f64,
    pub gap_sq_sum_s2: f64,
}

impl Default for CellState {
    fn default() -> Self {
        CellState {
            visible_steps: 0,
            visible_pairs: 0,
            min_in_view: u32::MAX,
            max_in_view: 0,
            weighted_in_view_s: 0.0,
            covered_s: 0.0,
            open_gap_s: 0.0,
            gap_count: 0,
            gap_sum_s: 0.0,
            gap_max_s: 0.0,
            gap_sq_sum_s2: 0.0,
        }
    }
}

impl CellState {
    /// Adds sample with `in_view` satellites holding for `weight_s` seconds.
    #[inline]
    pub fn update(&mut self, in_view: u32, weight_s: f64) {
        self.visible_pairs += u64::from(in_view);
        self.min_in_view = self.min_in_view.min(in_view);
        self.max_in_view = self.max_in_view.max(in_view);
        self.weighted_in_view_s += f64::from(in_view) * weight_s;
        let covered = in_view > 0;
        self.visible_steps += u32::from(covered);
        self.covered_s += if covered { weight_s } else { 0.0 };
        self.open_gap_s += if covered { 0.0 } else { weight_s };
        if covered {
            self.close_gap();
        }
    }

    #[inline]
    fn close_gap(&mut self) {
        if self.open_gap_s > 0.0 {
            let g = self.open_gap_s;
            self.gap_count += 1;
            self.gap_sum_s += g;
            self.gap_max_s = self.gap_max_s.max(g);
            self.gap_sq_sum_s2 += g * g;
            self.open_gap_s = 0.0;
        }
    }

    /// Closes the gap in progress at the interval's end and turns the state into figures of merit.
    pub fn finish(mut self, latitude_deg: f64, longitude_deg: f64, span_s: f64) -> CellMetrics {
        self.close_gap();
        let t = span_s;
        CellMetrics {
            latitude_deg,
            longitude_deg,
            percent_covered: 100.0 * self.covered_s / t,
            min_in_view: if self.min_in_view == u32::MAX { 0 } else { self.min_in_view },
            mean_in_view: self.weighted_in_view_s / t,
            max_in_view: self.max_in_view,
            gap_count: self.gap_count,
            max_gap_s: self.gap_max_s,
            mean_gap_s: if self.gap_count > 0 { self.gap_sum_s / f64::from(self.gap_count) } else { 0.0 },
            time_average_gap_s: self.gap_sq_sum_s2 / t,
            mean_response_time_s: self.gap_sq_sum_s2 / (2.0 * t),
            visible_steps: self.visible_steps,
            visible_pairs: self.visible_pairs,
        }
    }
}

/// The running state of many cells as separate arrays (structure of arrays), advanced a chunk of samples at a
/// time so that the per-sample update vectorises over cells while a block of cells' state stays in L1 cache.
///
/// Results are bit-identical to [`CellState::update`] called per cell and sample. Two representations:
/// * *whole seconds* (every weight a whole number of seconds and the interval at most [`MAX_EXACT_SPAN_S`]):
///   the time sums are kept as integers. [`CellState::update`]'s f64 sums are then sums of integers below
///   2⁵³ (gap² sums ≤ T² < 2⁵²), which f64 adds exactly in any order, so the integers convert to the same
///   values. Integer lanes are cheaper and twice as wide.
/// * *f64*: the same f64 operations as [`CellState::update`] in the same order (any weights).
#[derive(Debug, Clone, Default)]
pub struct CellStates {
    visible_steps: Vec<u32>,
    visible_pairs: Vec<u64>,
    min_in_view: Vec<u32>,
    max_in_view: Vec<u32>,
    gap_count: Vec<u32>,
    /// f64 representation (empty in whole-seconds mode).
    weighted_in_view_s: Vec<f64>,
    covered_s: Vec<f64>,
    open_gap_s: Vec<f64>,
    gap_sum_s: Vec<f64>,
    gap_max_s: Vec<f64>,
    gap_sq_sum_s2: Vec<f64>,
    /// Whole-seconds representation (empty in f64 mode).
    whole: Option<WholeSeconds>,
    /// Shard mode ([`CellStates::for_shard`]): the gap before a cell's first covered sample is kept apart.
    leading: Option<LeadingGaps>,
}

/// The leading gap of each cell of a shard: the uncovered time before its first covered sample, which may
/// continue a gap of the previous shard and so is not counted as a gap of its own (see [`super::shard`]).
#[derive(Debug, Clone, Default)]
struct LeadingGaps {
    /// 1 while no sample of the cell has been covered yet, else 0.
    open: Vec<u32>,
    /// The leading gap, seconds (set when the first covered sample arrives).
    gap_s: Vec<u32>,
}

/// A shard's integer state of one cell ([`CellStates::into_shard_cells`]); merged exactly in
/// [`super::shard`]. Times in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardCell {
    pub visible_steps: u32,
    pub visible_pairs: u64,
    /// u32::MAX when no sample was seen.
    pub min_in_view: u32,
    pub max_in_view: u32,
    pub weighted_in_view_s: u64,
    pub covered_s: u32,
    /// Gaps that start and end inside the shard (not the leading or trailing one).
    pub gap_count: u32,
    pub gap_sum_s: u32,
    pub gap_max_s: u32,
    pub gap_sq_sum_s2: u64,
    /// Uncovered time before the first covered sample (0 when `visible_steps` is 0: then every second is in
    /// `trailing_gap_s`).
    pub leading_gap_s: u32,
    /// The gap still open at the shard's end (the whole shard when it was never covered).
    pub trailing_gap_s: u32,
}

/// Integer time sums of [`CellStates`], seconds.
#[derive(Debug, Clone, Default)]
struct WholeSeconds {
    /// Sum of the weights so far (bounds every other sum here), seconds.
    elapsed: u64,
    weighted_in_view: Vec<u64>,
    covered: Vec<u32>,
    open_gap: Vec<u32>,
    gap_sum: Vec<u32>,
    gap_max: Vec<u32>,
    gap_sq_sum: Vec<u64>,
}

/// Longest interval for the whole-seconds representation, seconds (2²⁶ s ≈ 777 days: gap² sums stay
/// below 2⁵², exact in f64).
pub const MAX_EXACT_SPAN_S: f64 = (1u64 << 26) as f64;

/// Longest run of samples summed in u32 (counts below [`MAX_WHOLE_IN_VIEW`]: sums below 2³²).
const RUN_SAMPLES: usize = 64;
/// Cells whose whole-seconds state is held in registers together (one AVX2 register per field).
const LANES: usize = 8;
/// Largest in-view count the whole-seconds representation accepts.
pub const MAX_WHOLE_IN_VIEW: u32 = 1 << 26;

/// Cells advanced together through a chunk of samples (their state: 256 × 68 bytes, within L1).
const STATE_BLOCK: usize = 256;

impl CellStates {
    /// `n` cells, nothing seen yet, in the f64 representation.
    pub fn new(n: usize) -> Self {
        CellStates {
            visible_steps: vec![0; n],
            visible_pairs: vec![0; n],
            min_in_view: vec![u32::MAX; n],
            max_in_view: vec![0; n],
            gap_count: vec![0; n],
            weighted_in_view_s: vec![0.0; n],
            covered_s: vec![0.0; n],
            open_gap_s: vec![0.0; n],
            gap_sum_s: vec![0.0; n],
            gap_max_s: vec![0.0; n],
            gap_sq_sum_s2: vec![0.0; n],
            whole: None,
            leading: None,
        }
    }

    /// `n` cells for a run with the given sample weights and in-view counts of at most `max_in_view`
    /// (e.g. the number of satellites; [`CellStates::update_chunk`] must not be given larger counts): the
    /// whole-seconds representation when every weight is a whole number of seconds, they sum to at most
    /// [`MAX_EXACT_SPAN_S`] and `max_in_view` < [`MAX_WHOLE_IN_VIEW`], else f64.
    pub fn for_weights(n: usize, weights_s: &[f64], max_in_view: usize) -> Self {
        if !Self::whole_seconds(weights_s, max_in_view) {
            return Self::new(n);
        }
        CellStates {
            visible_steps: vec![0; n],
            visible_pairs: vec![0; n],
            min_in_view: vec![u32::MAX; n],
            max_in_view: vec![0; n],
            gap_count: vec![0; n],
            whole: Some(WholeSeconds {
                elapsed: 0,
                weighted_in_view: vec![0; n],
                covered: vec![0; n],
                open_gap: vec![0; n],
                gap_sum: vec![0; n],
                gap_max: vec![0; n],
                gap_sq_sum: vec![0; n],
            }),
            ..Default::default()
        }
    }

    /// True when a run with these sample weights (the whole run's) and in-view counts of at most
    /// `max_in_view` uses the whole-seconds representation.
    pub fn whole_seconds(weights_s: &[f64], max_in_view: usize) -> bool {
        weights_s.iter().all(|w| *w >= 0.0 && w.fract() == 0.0)
            && weights_s.iter().sum::<f64>() <= MAX_EXACT_SPAN_S
            && max_in_view < MAX_WHOLE_IN_VIEW as usize
    }

    /// `n` cells of a shard of a run whose sample weights are `run_weights_s` (all of them, not only the
    /// shard's), keeping each cell's leading gap apart; `None` unless the run is in the whole-seconds
    /// representation ([`CellStates::whole_seconds`]), the only one that merges exactly.
    pub fn for_shard(n: usize, run_weights_s: &[f64], max_in_view: usize) -> Option<Self> {
        if !Self::whole_seconds(run_weights_s, max_in_view) {
            return None;
        }
        let mut states = Self::for_weights(n, run_weights_s, max_in_view);
        states.leading = Some(LeadingGaps { open: vec![1; n], gap_s: vec![0; n] });
        Some(states)
    }

    /// The shard state of every cell, in order; `None` when not made by [`CellStates::for_shard`] (or it left
    /// the whole-seconds representation, which a shard's weights cannot make it do).
    pub fn into_shard_cells(self) -> Option<Vec<ShardCell>> {
        let (whole, leading) = (self.whole?, self.leading?);
        Some(
            (0..self.visible_steps.len())
                .map(|k| ShardCell {
                    visible_steps: self.visible_steps[k],
                    visible_pairs: self.visible_pairs[k],
                    min_in_view: self.min_in_view[k],
                    max_in_view: self.max_in_view[k],
                    weighted_in_view_s: whole.weighted_in_view[k],
                    covered_s: whole.covered[k],
                    gap_count: self.gap_count[k],
                    gap_sum_s: whole.gap_sum[k],
                    gap_max_s: whole.gap_max[k],
                    gap_sq_sum_s2: whole.gap_sq_sum[k],
                    leading_gap_s: leading.gap_s[k],
                    trailing_gap_s: whole.open_gap[k],
                })
                .collect(),
        )
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.visible_steps.len()
    }

    /// True with no cells.
    pub fn is_empty(&self) -> bool {
        self.visible_steps.is_empty()
    }

    /// Switches to the f64 representation (exact: the integers are below 2⁵³).
    fn switch_to_f64(&mut self) {
        // The leading gaps exist only in the whole-seconds representation.
        self.leading = None;
        if let Some(w) = self.whole.take() {
            self.weighted_in_view_s = w.weighted_in_view.iter().map(|&v| v as f64).collect();
            self.covered_s = w.covered.iter().map(|&v| f64::from(v)).collect();
            self.open_gap_s = w.open_gap.iter().map(|&v| f64::from(v)).collect();
            self.gap_sum_s = w.gap_sum.iter().map(|&v| f64::from(v)).collect();
            self.gap_max_s = w.gap_max.iter().map(|&v| f64::from(v)).collect();
            self.gap_sq_sum_s2 = w.gap_sq_sum.iter().map(|&v| v as f64).collect();
        }
    }

    /// Adds `weights_s.len()` samples in time order: `in_view[s * n + k]` satellites in view of cell k at
    /// sample s, which holds for `weights_s[s]` seconds (n = [`CellStates::len`]). Counts must not exceed
    /// the `max_in_view` given to [`CellStates::for_weights`].
    ///
    /// # Panics
    /// When `in_view` is shorter than `weights_s.len() * n`.
    pub fn update_chunk(&mut self, in_view: &[u32], weights_s: &[f64]) {
        assert!(in_view.len() >= weights_s.len() * self.len(), "in_view holds fewer than samples × cells counts");
        if let Some(whole) = self.whole.as_mut() {
            let fits = |w: &f64| *w >= 0.0 && w.fract() == 0.0 && *w <= MAX_EXACT_SPAN_S;
            let chunk_s = weights_s.iter().sum::<f64>();
            if weights_s.iter().all(fits) && whole.elapsed as f64 + chunk_s <= MAX_EXACT_SPAN_S {
                whole.elapsed += chunk_s as u64;
                let weights: Vec<u32> = weights_s.iter().map(|&w| w as u32).collect();
                #[cfg(target_arch = "x86_64")]
                if std::is_x86_feature_detected!("avx2") {
                    // SAFETY: the running CPU supports AVX2 (checked just above).
                    unsafe { self.update_whole_avx2(in_view, &weights) };
                    return;
                }
                self.update_whole_portable(in_view, &weights);
                return;
            }
            self.switch_to_f64();
        }
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the running CPU supports AVX2 (checked just above).
            unsafe { self.update_f64_avx2(in_view, weights_s) };
            return;
        }
        self.update_f64_portable(in_view, weights_s);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn update_whole_avx2(&mut self, in_view: &[u32], weights_s: &[u32]) {
        self.update_whole_portable(in_view, weights_s);
    }

    #[inline(always)]
    fn update_whole_portable(&mut self, in_view: &[u32], weights_s: &[u32]) {
        let n = self.len();
        // Runs of samples with one weight (at most RUN_SAMPLES, so the u32 count sums cannot overflow):
        // Σ n·w = w Σ n per run.
        let mut s0 = 0;
        while s0 < weights_s.len() {
            let w = weights_s[s0];
            let mut s1 = s0 + 1;
            while s1 < weights_s.len() && s1 - s0 < RUN_SAMPLES && weights_s[s1] == w {
                s1 += 1;
            }
            let mut k0 = 0;
            let lead = self.leading.is_some();
            while k0 + LANES <= n {
                if lead {
                    self.update_whole_lanes::<LANES, true>(k0, in_view, s0..s1, w);
                } else {
                    self.update_whole_lanes::<LANES, false>(k0, in_view, s0..s1, w);
                }
                k0 += LANES;
            }
            while k0 < n {
                if lead {
                    self.update_whole_lanes::<1, true>(k0, in_view, s0..s1, w);
                } else {
                    self.update_whole_lanes::<1, false>(k0, in_view, s0..s1, w);
                }
                k0 += 1;
            }
            s0 = s1;
        }
    }

    /// Cells `k0..k0 + L` through samples `samples` of weight `w`, their state held in registers. With
    /// `LEAD` (shard mode) the gap closed by a cell's first covered sample is stored as its leading gap
    /// instead of being counted.
    #[inline(always)]
    fn update_whole_lanes<const L: usize, const LEAD: bool>(
        &mut self,
        k0: usize,
        in_view: &[u32],
        samples: Range<usize>,
        w: u32,
    ) {
        let n = self.len();
        let Some(whole) = self.whole.as_mut() else { return };
        let r = k0..k0 + L;
        let load = |v: &[u32]| -> [u32; L] { v[r.clone()].try_into().expect("L lanes") };
        let (mut lead_open, mut lead_gap) = match (&self.leading, LEAD) {
            (Some(leading), true) => (load(&leading.open), load(&leading.gap_s)),
            _ => ([0u32; L], [0u32; L]),
        };
        let mut steps = load(&self.visible_steps);
        let mut min = load(&self.min_in_view);
        let mut max = load(&self.max_in_view);
        let mut gap_count = load(&self.gap_count);
        let mut covered = load(&whole.covered);
        let mut open = load(&whole.open_gap);
        let mut gap_sum = load(&whole.gap_sum);
        let mut gap_max = load(&whole.gap_max);
        let mut sum = [0u32; L];
        for s in samples {
            let c: &[u32; L] = in_view[s * n + k0..s * n + k0 + L].try_into().expect("L lanes");
            let mut closed = [0u32; L];
            let mut any_closed = 0;
            for j in 0..L {
                let cj = c[j];
                sum[j] += cj;
                min[j] = min[j].min(cj);
                max[j] = max[j].max(cj);
                let is_covered = cj > 0;
                steps[j] += u32::from(is_covered);
                covered[j] += if is_covered { w } else { 0 };
                // The gap this sample closes (0 when none).
                let gap = open[j];
                let mut g = if is_covered { gap } else { 0 };
                if LEAD {
                    // The first covered sample ends the leading gap, which is kept apart.
                    let first = is_covered && lead_open[j] != 0;
                    lead_gap[j] = if first { gap } else { lead_gap[j] };
                    g = if first { 0 } else { g };
                    lead_open[j] = if is_covered { 0 } else { lead_open[j] };
                }
                closed[j] = g;
                any_closed |= g;
                gap_count[j] += u32::from(g > 0);
                gap_sum[j] += g;
                gap_max[j] = gap_max[j].max(g);
                open[j] = if is_covered { 0 } else { gap + w };
            }
            if any_closed > 0 {
                for (sq, g) in whole.gap_sq_sum[r.clone()].iter_mut().zip(closed) {
                    *sq += u64::from(g) * u64::from(g);
                }
            }
        }
        self.visible_steps[r.clone()].copy_from_slice(&steps);
        self.min_in_view[r.clone()].copy_from_slice(&min);
        self.max_in_view[r.clone()].copy_from_slice(&max);
        self.gap_count[r.clone()].copy_from_slice(&gap_count);
        whole.covered[r.clone()].copy_from_slice(&covered);
        whole.open_gap[r.clone()].copy_from_slice(&open);
        whole.gap_sum[r.clone()].copy_from_slice(&gap_sum);
        whole.gap_max[r.clone()].copy_from_slice(&gap_max);
        if let (Some(leading), true) = (self.leading.as_mut(), LEAD) {
            leading.open[r.clone()].copy_from_slice(&lead_open);
            leading.gap_s[r.clone()].copy_from_slice(&lead_gap);
        }
        for (j, k) in r.enumerate() {
            self.visible_pairs[k] += u64::from(sum[j]);
            whole.weighted_in_view[k] += u64::from(sum[j]) * u64::from(w);
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn update_f64_avx2(&mut self, in_view: &[u32], weights_s: &[f64]) {
        self.update_f64_portable(in_view, weights_s);
    }

    #[inline(always)]
    fn update_f64_portable(&mut self, in_view: &[u32], weights_s: &[f64]) {
        let n = self.len();
        for k0 in (0..n).step_by(STATE_BLOCK) {
            let k1 = (k0 + STATE_BLOCK).min(n);
            let len = k1 - k0;
            let steps = &mut self.visible_steps[k0..k1];
            let pairs = &mut self.visible_pairs[k0..k1];
            let min = &mut self.min_in_view[k0..k1];
            let max = &mut self.max_in_view[k0..k1];
            let weighted = &mut self.weighted_in_view_s[k0..k1];
            let covered = &mut self.covered_s[k0..k1];
            let open = &mut self.open_gap_s[k0..k1];
            let gap_count = &mut self.gap_count[k0..k1];
            let gap_sum = &mut self.gap_sum_s[k0..k1];
            let gap_max = &mut self.gap_max_s[k0..k1];
            let gap_sq_sum = &mut self.gap_sq_sum_s2[k0..k1];
            for (s, &w) in weights_s.iter().enumerate() {
                let c = &in_view[s * n + k0..s * n + k1];
                for k in 0..len {
                    let ck = c[k];
                    pairs[k] += u64::from(ck);
                    min[k] = min[k].min(ck);
                    max[k] = max[k].max(ck);
                    steps[k] += u32::from(ck > 0);
                    gap_count[k] += u32::from(ck > 0 && open[k] > 0.0);
                }
                // As CellState::update: a sample that is covered closes the open gap (if any).
                for k in 0..len {
                    let ck = c[k];
                    weighted[k] += f64::from(ck) * w;
                    let is_covered = ck > 0;
                    covered[k] += if is_covered { w } else { 0.0 };
                    let gap = open[k];
                    let close = is_covered && gap > 0.0;
                    gap_sum[k] += if close { gap } else { 0.0 };
                    gap_max[k] = if close { gap_max[k].max(gap) } else { gap_max[k] };
                    gap_sq_sum[k] += if close { gap * gap } else { 0.0 };
                    open[k] = if is_covered { 0.0 } else { gap + w };
                }
            }
        }
    }

    /// The per-cell states, in order.
    pub fn into_states(mut self) -> Vec<CellState> {
        self.switch_to_f64();
        (0..self.len())
            .map(|k| CellState {
                visible_steps: self.visible_steps[k],
                visible_pairs: self.visible_pairs[k],
                min_in_view: self.min_in_view[k],
                max_in_view: self.max_in_view[k],
                weighted_in_view_s: self.weighted_in_view_s[k],
                covered_s: self.covered_s[k],
                open_gap_s: self.open_gap_s[k],
                gap_count: self.gap_count[k],
                gap_sum_s: self.gap_sum_s[k],
                gap_max_s: self.gap_max_s[k],
                gap_sq_sum_s2: self.gap_sq_sum_s2[k],
            })
            .collect()
    }
}

/// Figures of merit of one cell (or site); definitions in the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CellMetrics {
    pub latitude_deg: f64,
    pub longitude_deg: f64,
    pub percent_covered: f64,
    pub min_in_view: u32,
    pub mean_in_view: f64,
    pub max_in_view: u32,
    pub gap_count: u32,
    pub max_gap_s: f64,
    pub mean_gap_s: f64,
    pub time_average_gap_s: f64,
    pub mean_response_time_s: f64,
    pub visible_steps: u32,
    pub visible_pairs: u64,
}

/// A figure of merit to map or summarise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Metric {
    PercentCovered,
    MinInView,
    MeanInView,
    MaxInView,
    MaxGap,
    MeanGap,
    TimeAverageGap,
    MeanResponseTime,
}

impl Metric {
    /// Every metric, in output order.
    pub const ALL: [Metric; 8] = [
        Metric::PercentCovered,
        Metric::MinInView,
        Metric::MeanInView,
        Metric::MaxInView,
        Metric::MaxGap,
        Metric::MeanGap,
        Metric::TimeAverageGap,
        Metric::MeanResponseTime,
    ];

    /// Column name (unit in the name).
    pub fn column(self) -> &'static str {
        match self {
            Metric::PercentCovered => "percent_covered",
            Metric::MinInView => "min_in_view",
            Metric::MeanInView => "mean_in_view",
            Metric::MaxInView => "max_in_view",
            Metric::MaxGap => "max_gap_s",
            Metric::MeanGap => "mean_gap_s",
            Metric::TimeAverageGap => "time_average_gap_s",
            Metric::MeanResponseTime => "mean_response_time_s",
        }
    }

    /// Human label with unit, for colour bars.
    pub fn label(self) -> &'static str {
        match self {
            Metric::PercentCovered => "time covered (%)",
            Metric::MinInView => "minimum satellites in view",
            Metric::MeanInView => "mean satellites in view",
            Metric::MaxInView => "maximum satellites in view",
            Metric::MaxGap => "maximum gap (min)",
            Metric::MeanGap => "mean gap (min)",
            Metric::TimeAverageGap => "time-average gap (min)",
            Metric::MeanResponseTime => "mean response time (min)",
        }
    }

    /// The value in the unit of [`Metric::label`] (gaps in minutes).
    pub fn plot_value(self, m: &CellMetrics) -> f64 {
        let v = self.value(m);
        match self {
            Metric::MaxGap | Metric::MeanGap | Metric::TimeAverageGap | Metric::MeanResponseTime => v / 60.0,
            _ => v,
        }
    }

    /// The value in the unit of [`Metric::column`].
    pub fn value(self, m: &CellMetrics) -> f64 {
        match self {
            Metric::PercentCovered => m.percent_covered,
            Metric::MinInView => f64::from(m.min_in_view),
            Metric::MeanInView => m.mean_in_view,
            Metric::MaxInView => f64::from(m.max_in_view),
            Metric::MaxGap => m.max_gap_s,
            Metric::MeanGap => m.mean_gap_s,
            Metric::TimeAverageGap => m.time_average_gap_s,
            Metric::MeanResponseTime => m.mean_response_time_s,
        }
    }
}

/// Regional summary of one metric: the cos(latitude) area-weighted mean over cells, and the worst and best
/// cells.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricSummary {
    pub metric: Metric,
    pub area_weighted_mean: f64,
    pub min: f64,
    pub max: f64,
}

/// Area-weighted regional summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub cells: usize,
    /// Percent of the region's area (cos-latitude weighted) covered 100 % of the time.
    pub percent_area_always_covered: f64,
    /// Percent of the region's area never covered.
    pub percent_area_never_covered: f64,
    pub metrics: Vec<MetricSummary>,
}

impl Summary {
    /// Summarises cells, each weighted by cos(latitude of its centre) (equal-angle cells' area ∝ cos φ).
    /// Sums run in cell order, so the result does not depend on threads.
    pub fn area_weighted(cells: &[CellMetrics]) -> Summary {
        let weights: Vec<f64> = cells.iter().map(|c| c.latitude_deg.to_radians().cos().max(0.0)).collect();
        let total: f64 = weights.iter().sum();
        let total = if total > 0.0 { total } else { 1.0 };
        let share = |pred: &dyn Fn(&CellMetrics) -> bool| {
            100.0 * cells.iter().zip(&weights).filter(|(c, _)| pred(c)).map(|(_, w)| *w).sum::<f64>() / total
        };
        let metrics = Metric::ALL
            .iter()
            .map(|&metric| {
                let mut sum = 0.0;
                let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
                for (c, w) in cells.iter().zip(&weights) {
                    let v = metric.value(c);
                    sum += v * w;
                    min = min.min(v);
                    max = max.max(v);
                }
                MetricSummary { metric, area_weighted_mean: sum / total, min, max }
            })
            .collect();
        Summary {
            cells: cells.len(),
            percent_area_always_covered: share(&|c| c.gap_count == 0 && c.percent_covered > 0.0),
            percent_area_never_covered: share(&|c| c.visible_steps == 0),
            metrics,
        }
    }

    /// The summary of one metric.
    pub fn get(&self, metric: Metric) -> Option<&MetricSummary> {
        self.metrics.iter().find(|m| m.metric == metric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_cut_at_edges_and_stk_means() {
        // Samples every 60 s over 600 s (11 samples, last has weight 0):
        // uncovered 0–120, covered 120–300, uncovered 300–480, covered 480–540, uncovered 540–600.
        let pattern = [0, 0, 2, 1, 1, 0, 0, 0, 1, 0, 0];
        let mut s = CellState::default();
        for (i, n) in pattern.iter().enumerate() {
            s.update(*n, if i < 10 { 60.0 } else { 0.0 });
        }
        let m = s.finish(40.0, 50.0, 600.0);
        assert_eq!(m.gap_count, 3);
        assert_eq!(m.max_gap_s, 180.0);
        assert_eq!(m.mean_gap_s, (120.0 + 180.0 + 60.0) / 3.0);
        assert_eq!(m.percent_covered, 40.0);
        assert_eq!(m.time_average_gap_s, (120.0f64.powi(2) + 180.0f64.powi(2) + 60.0f64.powi(2)) / 600.0);
        assert_eq!(m.mean_response_time_s, m.time_average_gap_s / 2.0);
        assert_eq!((m.min_in_view, m.max_in_view, m.visible_steps, m.visible_pairs), (0, 2, 4, 5));
        assert_eq!(m.mean_in_view, 5.0 * 60.0 / 600.0);
    }

    #[test]
    fn chunked_states_match_single_cell_updates_bit_for_bit() {
        // Irregular weights (not integers, so any reordering of the sums would show) and counts from a
        // simple LCG; 300 cells span a full state block plus a partial one.
        let (cells, samples) = (300, 70);
        let mut seed = 12345u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        let counts: Vec<u32> = (0..cells * samples).map(|_| next() % 7 / 3).collect();
        let weights: Vec<f64> =
            (0..samples).map(|s| if s + 1 == samples { 0.0 } else { 0.1 + s as f64 / 7.0 }).collect();
        let mut chunked = CellStates::new(cells);
        for (chunk_counts, chunk_weights) in counts.chunks(cells * 32).zip(weights.chunks(32)) {
            chunked.update_chunk(chunk_counts, chunk_weights);
        }
        let mut gaps = 0;
        for (k, state) in chunked.into_states().into_iter().enumerate() {
            let mut single = CellState::default();
            for (s, &w) in weights.iter().enumerate() {
                single.update(counts[s * cells + k], w);
            }
            assert_eq!(state, single, "cell {k}");
            gaps += single.gap_count;
        }
        assert!(gaps > 1000, "{gaps}");
    }
}
