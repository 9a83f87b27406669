//! Sharded coverage runs: one run split into shards computed anywhere (cluster array tasks), each writing a
//! partial-state file, and the exact merge of those files into the single run's result.
//!
//! ## Shards
//!
//! * **time**: contiguous runs of whole chunks of [`CHUNK_STEPS`] samples (shard k of N gets chunks
//!   ⌊kC/N⌋ to ⌊(k+1)C/N⌋ of the run's C chunks). Whole chunks, because a propagator keeps its state from
//!   one sample to the next within a chunk (deep-space resonance integration): a shard starting mid-chunk
//!   could propagate a sample to different bits than the single run.
//! * **cells**: blocks of whole grid rows (rows ⌊kR/N⌋ to ⌊(k+1)R/N⌋ of the R rows), every sample.
//!
//! ## State and exact merge
//!
//! A shard keeps, per cell, the whole-seconds integer state of [`super::metrics`] (counts, in-view sums,
//! min/max, gap count/sum/max/sum of squares) with two gaps kept apart: the *leading* gap (uncovered time
//! before the shard's first covered sample, which may continue the previous shard's last gap) and the
//! *trailing* gap (still open at the shard's end). Adjacent pieces combine associatively
//! ([`ShardCell::then`]): the earlier piece's trailing gap and the later one's leading gap are one gap.
//! Every sum is an integer below 2⁵³, so the merged state converts to the same f64 values as the single
//! run's and every output is byte-identical. Runs not in the whole-seconds representation (fractional
//! weights, intervals over 2²⁶ s) are refused ([`ShardError::NotWholeSeconds`]).
//!
//! ## Partial-state file (format version 1, little-endian)
//!
//! ```text
//! magic "SFCOVPRT" (8 bytes) | format version u32
//! parameters: u32 length + JSON object of strings (run parameters, see RunParameters::new)
//! shard: kind u8 (0 time, 1 cells) | index u32 | count u32 | samples start, end u64 | rows start, end u32
//! cells: u64 count, then per cell 12 fields (u32 visible_steps, u64 visible_pairs, u32 min, u32 max,
//!        u64 weighted_in_view_s, u32 covered_s, u32 gap_count, u32 gap_sum_s, u32 gap_max_s,
//!        u64 gap_sq_sum_s2, u32 leading_gap_s, u32 trailing_gap_s; 60 bytes)
//! propagation failures: u32 count, then per satellite: u32 + UTF-8 name, u64 failed steps, u32 + UTF-8 error
//! checksum: CRC-32 (IEEE 802.3, the crc32fast crate) of every preceding byte, u32
//! ```

use super::engine::{
    compute_shard, sample_count, sample_weights_s, CoverageOptions, CoverageResult, Monitor, CHUNK_STEPS,
};
use super::grid::{Grid, Region};
use super::metrics::{CellMetrics, CellState, CellStates, ShardCell, Summary};
use super::CoverageError;
use crate::frames::EarthOrientation;
use crate::orbit::Satellite;
use crate::time::{Instant, TimeGrid};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;
use thiserror::Error;

mod file;
pub use file::{read_part, write_part};

/// First bytes of a partial-state file.
pub const MAGIC: [u8; 8] = *b"SFCOVPRT";
/// The partial-state file format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Bytes per cell record.
const CELL_BYTES: usize = 60;

/// How a run is split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardKind {
    /// Contiguous whole chunks of time steps.
    Time,
    /// Blocks of whole grid rows.
    Cells,
}

impl ShardKind {
    /// The name used on the command line and in files.
    pub fn name(self) -> &'static str {
        match self {
            ShardKind::Time => "time",
            ShardKind::Cells => "cells",
        }
    }

    fn code(self) -> u8 {
        match self {
            ShardKind::Time => 0,
            ShardKind::Cells => 1,
        }
    }
}

/// Shard `index` (0-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    pub index: usize,
    pub count: usize,
    pub kind: ShardKind,
}

/// Errors of sharded runs and merges.
#[derive(Debug, Error)]
pub enum ShardError {
    #[error("shard count 0: expected at least 1 shard")]
    ZeroCount,
    #[error("shard {index}/{count}: the index must be below the count (shards are numbered 0 to {last})", last = count - 1)]
    BadIndex { index: usize, count: usize },
    #[error(
        "shard {index}/{count} by time would have zero steps: the run's {samples} steps make {chunks} chunk(s) of \
         {CHUNK_STEPS} steps and time shards are whole chunks; use at most {chunks} shard(s), or --shard-by cells"
    )]
    ZeroSteps { index: usize, count: usize, samples: usize, chunks: usize },
    #[error(
        "shard {index}/{count} by cells would have no grid rows: the grid has {rows} row(s); use at most {rows} \
         shard(s), or --shard-by time"
    )]
    ZeroRows { index: usize, count: usize, rows: usize },
    #[error(
        "sharded runs need whole-second sample weights (start, end and step on whole seconds) over at most 2^26 s \
         (777 days) to merge exactly; this run (step {step_s} s, {span_s} s long) is not"
    )]
    NotWholeSeconds { step_s: f64, span_s: f64 },
    #[error("{file}: {problem}")]
    BadPart { file: String, problem: String },
    #[error("{first} and {second} are not parts of one run: {key} is {first_value:?} in the first, {second_value:?} in the second")]
    Mismatch { first: String, second: String, key: String, first_value: String, second_value: String },
    #[error("missing shard(s) {missing} of {count} (by {kind}): the parts given are shards {given}")]
    Missing { missing: String, count: usize, kind: &'static str, given: String },
    #[error("shard {index}/{count} is given twice: {first} and {second}")]
    Repeated { index: usize, count: usize, first: String, second: String },
    #[error("no part files given: expected the N files written by `satfiber coverage ... --shard K/N`")]
    NoParts,
    #[error("{file}: {source}")]
    Io { file: String, source: std::io::Error },
    #[error(transparent)]
    Coverage(#[from] CoverageError),
}

impl ShardSpec {
    /// A validated spec (count ≥ 1, index < count).
    pub fn new(index: usize, count: usize, kind: ShardKind) -> Result<Self, ShardError> {
        if count == 0 {
            return Err(ShardError::ZeroCount);
        }
        if index >= count {
            return Err(ShardError::BadIndex { index, count });
        }
        Ok(ShardSpec { index, count, kind })
    }

    /// The samples and grid rows this shard computes, for a run of `samples` samples over `rows` rows; an
    /// error when the shard would be empty.
    pub fn ranges(&self, samples: usize, rows: usize) -> Result<(Range<usize>, Range<usize>), ShardError> {
        let (k, n) = (self.index, self.count);
        match self.kind {
            ShardKind::Time => {
                let chunks = samples.div_ceil(CHUNK_STEPS);
                if n > chunks {
                    return Err(ShardError::ZeroSteps { index: k, count: n, samples, chunks });
                }
                let (c0, c1) = (k * chunks / n, (k + 1) * chunks / n);
                Ok((c0 * CHUNK_STEPS..(c1 * CHUNK_STEPS).min(samples), 0..rows))
            }
            ShardKind::Cells => {
                if n > rows {
                    return Err(ShardError::ZeroRows { index: k, count: n, rows });
                }
                Ok((0..samples, k * rows / n..(k + 1) * rows / n))
            }
        }
    }
}

impl ShardCell {
    /// The state of no samples: `EMPTY.then(x) == x`.
    pub const EMPTY: ShardCell = ShardCell {
        visible_steps: 0,
        visible_pairs: 0,
        min_in_view: u32::MAX,
        max_in_view: 0,
        weighted_in_view_s: 0,
        covered_s: 0,
        gap_count: 0,
        gap_sum_s: 0,
        gap_max_s: 0,
        gap_sq_sum_s2: 0,
        leading_gap_s: 0,
        trailing_gap_s: 0,
    };

    /// This piece of time followed directly by `later` (associative). The trailing gap of this piece and the
    /// leading gap of `later` are one gap. Sums saturate (only a forged file could reach the limits).
    pub fn then(&self, later: &ShardCell) -> ShardCell {
        let (a, b) = (self, later);
        let mut r = ShardCell {
            visible_steps: a.visible_steps.saturating_add(b.visible_steps),
            visible_pairs: a.visible_pairs.saturating_add(b.visible_pairs),
            min_in_view: a.min_in_view.min(b.min_in_view),
            max_in_view: a.max_in_view.max(b.max_in_view),
            weighted_in_view_s: a.weighted_in_view_s.saturating_add(b.weighted_in_view_s),
            covered_s: a.covered_s.saturating_add(b.covered_s),
            gap_count: a.gap_count.saturating_add(b.gap_count),
            gap_sum_s: a.gap_sum_s.saturating_add(b.gap_sum_s),
            gap_max_s: a.gap_max_s.max(b.gap_max_s),
            gap_sq_sum_s2: a.gap_sq_sum_s2.saturating_add(b.gap_sq_sum_s2),
            leading_gap_s: 0,
            trailing_gap_s: 0,
        };
        match (a.visible_steps > 0, b.visible_steps > 0) {
            (false, false) => r.trailing_gap_s = a.trailing_gap_s.saturating_add(b.trailing_gap_s),
            (false, true) => {
                r.leading_gap_s = a.trailing_gap_s.saturating_add(b.leading_gap_s);
                r.trailing_gap_s = b.trailing_gap_s;
            }
            (true, false) => {
                r.leading_gap_s = a.leading_gap_s;
                r.trailing_gap_s = a.trailing_gap_s.saturating_add(b.trailing_gap_s);
            }
            (true, true) => {
                r.leading_gap_s = a.leading_gap_s;
                r.add_gap(a.trailing_gap_s.saturating_add(b.leading_gap_s));
                r.trailing_gap_s = b.trailing_gap_s;
            }
        }
        r
    }

    fn add_gap(&mut self, g: u32) {
        if g > 0 {
            self.gap_count = self.gap_count.saturating_add(1);
            self.gap_sum_s = self.gap_sum_s.saturating_add(g);
            self.gap_max_s = self.gap_max_s.max(g);
            self.gap_sq_sum_s2 = self.gap_sq_sum_s2.saturating_add(u64::from(g) * u64::from(g));
        }
    }

    /// The running state of a whole run made of this piece: the leading gap counted as a gap (cut at the
    /// interval's start), the trailing one left open for [`CellState::finish`] to close, as the single run
    /// does. The integers convert to f64 exactly.
    pub fn into_state(self) -> CellState {
        let mut s = self;
        if s.visible_steps > 0 {
            let lead = s.leading_gap_s;
            s.add_gap(lead);
        }
        CellState {
            visible_steps: s.visible_steps,
            visible_pairs: s.visible_pairs,
            min_in_view: s.min_in_view,
            max_in_view: s.max_in_view,
            weighted_in_view_s: s.weighted_in_view_s as f64,
            covered_s: f64::from(s.covered_s),
            open_gap_s: f64::from(s.trailing_gap_s),
            gap_count: s.gap_count,
            gap_sum_s: f64::from(s.gap_sum_s),
            gap_max_s: f64::from(s.gap_max_s),
            gap_sq_sum_s2: s.gap_sq_sum_s2 as f64,
        }
    }
}

/// The parameters that define a run, as text (floats in Rust's shortest round-trip form, instants in
/// RFC 3339 with nanoseconds), so that parts of one run can be recognised and the run rebuilt exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunParameters(pub BTreeMap<String, String>);

impl RunParameters {
    /// The parameters of a sharded run; `label` names the satellites on charts.
    pub fn new(
        grid: &Grid,
        time: &TimeGrid,
        options: &CoverageOptions,
        satellites: &[Satellite],
        label: &str,
        kind: ShardKind,
        count: usize,
    ) -> Self {
        let f = |v: f64| format!("{v:?}");
        let t = |v: &Instant| v.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
        let r = &grid.region;
        let entries = [
            ("satfiber_version", env!("CARGO_PKG_VERSION").to_string()),
            ("region_name", r.name.clone()),
            ("region_lon_min_deg", f(r.lon_min)),
            ("region_lat_min_deg", f(r.lat_min)),
            ("region_lon_max_deg", f(r.lon_max)),
            ("region_lat_max_deg", f(r.lat_max)),
            ("grid_deg", f(grid.step_deg)),
            ("grid_rows", grid.n_lat.to_string()),
            ("grid_columns", grid.n_lon.to_string()),
            ("start_utc", t(&time.start)),
            ("end_utc", t(&time.end)),
            ("time_step_s", f(time.step_s)),
            ("steps", sample_count(time).to_string()),
            ("min_elevation_deg", f(options.min_elevation_deg)),
            ("dut1_s", f(options.eop.dut1_s)),
            ("satellites", satellites.len().to_string()),
            ("satellites_fingerprint", format!("{:016x}", satellites_fingerprint(satellites))),
            ("satellites_label", label.to_string()),
            ("shard_by", kind.name().to_string()),
            ("shard_count", count.to_string()),
        ];
        RunParameters(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    fn get(&self, key: &str) -> Result<&str, String> {
        self.0.get(key).map(String::as_str).ok_or_else(|| format!("parameter {key} is missing"))
    }

    fn number<T: std::str::FromStr>(&self, key: &str) -> Result<T, String> {
        let text = self.get(key)?;
        text.parse().map_err(|_| format!("parameter {key} = {text:?} is not a number"))
    }

    fn instant(&self, key: &str) -> Result<Instant, String> {
        let text = self.get(key)?;
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|_| format!("parameter {key} = {text:?} is not an RFC 3339 instant"))
    }
}

/// FNV-1a (64-bit) over each satellite's name, catalog number, designator, epoch and elements (not the file
/// it came from, so shards may read the catalog from different paths).
fn satellites_fingerprint(satellites: &[Satellite]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for s in satellites {
        let set = &s.set;
        let text = format!(
            "{}|{}|{}|{:?}|{:?};",
            set.name, set.norad_id, set.international_designator, set.epoch, set.elements
        );
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// One shard computed: what its partial-state file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub parameters: RunParameters,
    pub spec: ShardSpec,
    pub samples: Range<usize>,
    pub rows: Range<usize>,
    /// The cells of `rows`, row-major (empty when read with `cells = false`).
    pub cells: Vec<ShardCell>,
    /// name → (failed steps, first error).
    pub propagation_failures: BTreeMap<String, (usize, String)>,
}

/// Computes one shard of a run. `label` names the satellites on the merged run's charts.
pub fn compute_part(
    grid: &Grid,
    satellites: &[Satellite],
    time: &TimeGrid,
    options: &CoverageOptions,
    spec: ShardSpec,
    label: &str,
    monitor: &dyn Monitor,
) -> Result<Part, ShardError> {
    let weights = sample_weights_s(time);
    if !CellStates::whole_seconds(&weights, satellites.len()) {
        return Err(ShardError::NotWholeSeconds { step_s: time.step_s, span_s: time.span_s() });
    }
    let (samples, rows) = spec.ranges(weights.len(), grid.n_lat)?;
    let result = compute_shard(grid, satellites, time, options, monitor, rows.clone(), samples.clone())?
        .ok_or(ShardError::NotWholeSeconds { step_s: time.step_s, span_s: time.span_s() })?;
    Ok(Part {
        parameters: RunParameters::new(grid, time, options, satellites, label, spec.kind, spec.count),
        spec,
        samples,
        rows,
        cells: result.cells,
        propagation_failures: result.propagation_failures,
    })
}

/// A merged run: everything the single run's outputs need.
#[derive(Debug, Clone)]
pub struct MergedRun {
    pub grid: Grid,
    pub time: TimeGrid,
    pub options: CoverageOptions,
    /// The satellites' label for charts.
    pub satellites_label: String,
    pub result: CoverageResult,
}

/// Merges the partial-state files of one run. Checks first, before reading any cell: every file is a valid
/// part (magic, version, checksum), all have the same run parameters (the first difference is named), and
/// each shard 0..N−1 is given exactly once. Then folds the cells in shard order.
pub fn merge_parts(paths: &[PathBuf]) -> Result<MergedRun, ShardError> {
    if paths.is_empty() {
        return Err(ShardError::NoParts);
    }
    let name = |p: &PathBuf| p.display().to_string();
    // Pass 1: headers (each file read and checksummed; cells dropped, so memory is one file at a time).
    let mut headers = Vec::with_capacity(paths.len());
    for path in paths {
        headers.push(read_part(path, false)?);
    }
    let first = &headers[0];
    for (path, part) in paths.iter().zip(&headers).skip(1) {
        let keys: std::collections::BTreeSet<&String> =
            first.parameters.0.keys().chain(part.parameters.0.keys()).collect();
        for key in keys {
            let (a, b) = (first.parameters.0.get(key), part.parameters.0.get(key));
            if a != b {
                return Err(ShardError::Mismatch {
                    first: name(&paths[0]),
                    second: name(path),
                    key: key.clone(),
                    first_value: a.cloned().unwrap_or_else(|| "(absent)".into()),
                    second_value: b.cloned().unwrap_or_else(|| "(absent)".into()),
                });
            }
        }
    }
    let (count, kind) = (first.spec.count, first.spec.kind);
    let mut order: Vec<Option<usize>> = vec![None; count];
    for (i, part) in headers.iter().enumerate() {
        if part.spec.count != count || part.spec.kind != kind {
            return Err(ShardError::BadPart {
                file: name(&paths[i]),
                problem: format!(
                    "shard {}/{} by {} disagrees with its parameters (by {kind:?}, {count} shards)",
                    part.spec.index,
                    part.spec.count,
                    part.spec.kind.name()
                ),
            });
        }
        match order[part.spec.index] {
            Some(j) => {
                return Err(ShardError::Repeated {
                    index: part.spec.index,
                    count,
                    first: name(&paths[j]),
                    second: name(&paths[i]),
                })
            }
            None => order[part.spec.index] = Some(i),
        }
    }
    let missing: Vec<String> =
        order.iter().enumerate().filter(|(_, o)| o.is_none()).map(|(k, _)| k.to_string()).collect();
    if !missing.is_empty() {
        let mut given: Vec<usize> = headers.iter().map(|p| p.spec.index).collect();
        given.sort_unstable();
        return Err(ShardError::Missing {
            missing: missing.join(", "),
            count,
            kind: kind.name(),
            given: given.iter().map(|k| k.to_string()).collect::<Vec<_>>().join(", "),
        });
    }
    // Rebuild the run from its parameters.
    let bad = |problem: String| ShardError::BadPart { file: name(&paths[0]), problem };
    let run_parameters = first.parameters.clone();
    let p = &run_parameters;
    let region = Region::from_bbox(
        p.get("region_name").map_err(bad)?,
        p.number("region_lon_min_deg").map_err(bad)?,
        p.number("region_lat_min_deg").map_err(bad)?,
        p.number("region_lon_max_deg").map_err(bad)?,
        p.number("region_lat_max_deg").map_err(bad)?,
    )?;
    let grid = Grid::new(&region, p.number("grid_deg").map_err(bad)?)?;
    let time = TimeGrid::new(
        p.instant("start_utc").map_err(bad)?,
        p.instant("end_utc").map_err(bad)?,
        p.number("time_step_s").map_err(bad)?,
    )
    .map_err(|e| bad(e.to_string()))?;
    let options = CoverageOptions {
        min_elevation_deg: p.number("min_elevation_deg").map_err(bad)?,
        eop: EarthOrientation { dut1_s: p.number("dut1_s").map_err(bad)? },
    };
    let satellites: usize = p.number("satellites").map_err(bad)?;
    let samples = sample_count(&time);
    if grid.n_lat != p.number::<usize>("grid_rows").map_err(bad)?
        || grid.n_lon != p.number::<usize>("grid_columns").map_err(bad)?
        || samples != p.number::<usize>("steps").map_err(bad)?
    {
        return Err(bad("the grid or time steps rebuilt from the parameters differ from the ones recorded".into()));
    }
    for (k, i) in order.iter().enumerate() {
        let i = i.unwrap_or_default();
        let expected = ShardSpec::new(k, count, kind)?.ranges(samples, grid.n_lat)?;
        if (headers[i].samples.clone(), headers[i].rows.clone()) != expected {
            return Err(ShardError::BadPart {
                file: name(&paths[i]),
                problem: format!(
                    "shard {k}/{count} covers samples {:?} and rows {:?}, expected {:?} and {:?}",
                    headers[i].samples, headers[i].rows, expected.0, expected.1
                ),
            });
        }
    }
    drop(headers);
    // Pass 2: fold the cells in shard order.
    let n_lon = grid.n_lon;
    let mut merged = vec![ShardCell::EMPTY; grid.len()];
    let mut failures: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for i in order.iter().map(|i| i.unwrap_or_default()) {
        let part = read_part(&paths[i], true)?;
        if part.parameters != run_parameters {
            return Err(ShardError::BadPart { file: name(&paths[i]), problem: "changed while merging".into() });
        }
        let offset = part.rows.start * n_lon;
        for (acc, c) in merged[offset..offset + part.cells.len()].iter_mut().zip(&part.cells) {
            *acc = acc.then(c);
        }
        // Time shards propagate disjoint steps (sum them); cell shards all propagate every step (take one).
        if kind == ShardKind::Time || part.spec.index == 0 {
            for (sat, (failed, first_error)) in part.propagation_failures {
                let entry = failures.entry(sat).or_insert((0, first_error));
                entry.0 += failed;
            }
        }
    }
    let span_s = time.span_s();
    let cells: Vec<CellMetrics> = merged
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let (lat, lon) = grid.cell_center_deg(i);
            c.into_state().finish(lat, lon, span_s)
        })
        .collect();
    let summary = Summary::area_weighted(&cells);
    let result = CoverageResult { cells, summary, steps: samples, satellites, span_s, propagation_failures: failures };
    let satellites_label = p.get("satellites_label").map_err(bad)?.to_string();
    Ok(MergedRun { grid, time, options, satellites_label, result })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random counts split at random sample boundaries: the pieces' fold equals one run's state, bit for bit.
    #[test]
    fn pieces_fold_to_the_single_run_state() {
        let (cells, samples) = (37, 200);
        let mut seed = 987654321u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        // Runs of coverage and gaps of varied lengths.
        let counts: Vec<u32> = (0..cells * samples).map(|_| if next() % 5 < 2 { next() % 4 } else { 0 }).collect();
        let weights: Vec<f64> =
            (0..samples).map(|s| if s + 1 == samples { 0.0 } else { (30 + s % 7) as f64 }).collect();
        let mut single = CellStates::for_weights(cells, &weights, 10);
        single.update_chunk(&counts, &weights);
        let single = single.into_states();
        for cuts in [vec![0, 200], vec![0, 1, 200], vec![0, 64, 128, 199, 200], vec![0, 3, 50, 51, 52, 140, 200]] {
            let mut merged = vec![ShardCell::EMPTY; cells];
            for piece in cuts.windows(2) {
                let mut states = CellStates::for_shard(cells, &weights, 10).unwrap();
                let (a, b) = (piece[0], piece[1]);
                states.update_chunk(&counts[a * cells..b * cells], &weights[a..b]);
                for (m, c) in merged.iter_mut().zip(states.into_shard_cells().unwrap()) {
                    *m = m.then(&c);
                }
            }
            for (k, (m, s)) in merged.into_iter().zip(&single).enumerate() {
                assert_eq!(
                    m.into_state().finish(1.0, 2.0, 6000.0),
                    s.finish(1.0, 2.0, 6000.0),
                    "cell {k} cuts {cuts:?}"
                );
            }
        }
    }

    #[test]
    fn shard_ranges_partition_and_refuse_empty_shards() {
        for n in 1..=7 {
            let mut next = 0;
            for k in 0..n {
                let (s, r) = ShardSpec::new(k, n, ShardKind::Time).unwrap().ranges(1000, 9).unwrap();
                assert_eq!((s.start, r), (next, 0..9));
                assert_eq!(s.start % CHUNK_STEPS, 0);
                assert!(s.end > s.start);
                next = s.end;
            }
            assert_eq!(next, 1000);
            let mut next = 0;
            for k in 0..n {
                let (s, r) = ShardSpec::new(k, n, ShardKind::Cells).unwrap().ranges(1000, 9).unwrap();
                assert_eq!((s, r.start), (0..1000, next));
                next = r.end;
            }
            assert_eq!(next, 9);
        }
        assert!(matches!(ShardSpec::new(3, 3, ShardKind::Time), Err(ShardError::BadIndex { .. })));
        assert!(matches!(ShardSpec::new(0, 0, ShardKind::Time), Err(ShardError::ZeroCount)));
        let err = ShardSpec::new(1, 2, ShardKind::Time).unwrap().ranges(64, 9).unwrap_err();
        assert!(err.to_string().contains("zero steps"), "{err}");
        assert!(matches!(
            ShardSpec::new(0, 10, ShardKind::Cells).unwrap().ranges(64, 9),
            Err(ShardError::ZeroRows { .. })
        ));
    }
}
