//! Coverage engine: regional grids, constellation visibility, figures of merit (issue 4).
//!
//! * [`grid`]: [`Region`] boxes, the bundled [`RegionCatalog`] (configs/regions.toml) and [`Grid`]s of cells.
//! * [`metrics`]: per-cell figures of merit (percent covered, N-fold, gaps, response time; STK definitions,
//!   documented there) and the cos(latitude) area-weighted [`Summary`].
//! * [`engine`]: [`compute`] (fast, culled, parallel, streaming over time), [`brute_force_counts`] (every
//!   cell × satellite × step, the reference the fast path must match exactly) and [`coverage_at_points`]
//!   (cheap per-site coverage, e.g. Baku, Aktau).
//! * [`shard`]: one run split by time or by grid rows into partial-state files, and their exact merge
//!   (byte-identical outputs to the single run).
//!
//! Geometry: a satellite is in view of a cell when its geometric elevation above the cell centre's ellipsoid
//! horizon (WGS-84 normal, height 0) is at least the mask; satellite positions are SGP4 TEME rotated to
//! Earth-fixed by GMST 1982 (see [`crate::frames`]). No refraction, no terrain.

pub mod engine;
pub mod grid;
pub mod metrics;
pub mod shard;

pub use engine::{
    brute_force_counts, compute, compute_shard, compute_with_monitor, coverage_at_points, CoverageOptions,
    CoverageResult, Monitor, NoMonitor, ShardResult,
};
pub use grid::{Grid, Region, RegionCatalog};
pub use metrics::{CellMetrics, Metric, MetricSummary, ShardCell, Summary};
pub use shard::{merge_parts, MergedRun, ShardError, ShardKind, ShardSpec};

use thiserror::Error;

/// Errors from regions, grids and coverage runs.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum CoverageError {
    #[error("region {region}: {problem}; expected {expected}")]
    BadRegion { region: String, problem: String, expected: String },
    #[error("{file}: {problem}")]
    RegionFile { file: String, problem: String },
    #[error("unknown region {name:?} (regions in {file}: {known}); or give --bbox LON_MIN,LAT_MIN,LON_MAX,LAT_MAX")]
    UnknownRegion { name: String, file: String, known: String },
    #[error("grid step {step_deg} deg {problem}")]
    BadGridStep { step_deg: f64, problem: String },
    #[error("grid step {step_deg} deg gives {cells:.0} cells needing {:.1} GiB, more than the {:.1} GiB limit; use a coarser --grid-deg or a smaller region", needed_bytes / 1073741824.0, *limit_bytes as f64 / 1073741824.0)]
    GridTooLarge { step_deg: f64, cells: f64, needed_bytes: f64, limit_bytes: u64 },
    #[error("no satellites to evaluate (the catalog or selection is empty)")]
    NoSatellites,
    #[error("minimum elevation {} deg is outside [-5, 90] deg (the range every command uses)", crate::validate::fmt_value(*min_elevation_deg))]
    BadElevation { min_elevation_deg: f64 },
    #[error("the interval from {start} to {end} is empty: coverage needs an end after the start")]
    EmptyInterval { start: String, end: String },
    #[error("cancelled")]
    Cancelled,
}
