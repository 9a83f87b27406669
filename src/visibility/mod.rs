//! Visibility windows: roots of elevation − mask (issue 3).
//!
//! [`find_windows`] is the entry point: satellites × stations over an interval → [`Window`]s with AOS,
//! culmination, LOS, maximum elevation and azimuths. See [`windows`] for the bracketing rule.

pub mod events;
pub mod windows;

pub use events::{perigee_period_s, perigee_rate_rad_s, track_step_s, Track};
pub use windows::{
    elevation_series, find_windows, find_windows_reporting, windows_of_satellite, Window, WindowOptions, FINE_STEP_S,
};

use crate::orbit::PropagationError;

/// Errors of the window search.
#[derive(Debug, thiserror::Error)]
pub enum VisibilityError {
    #[error("minimum elevation {value_deg}° is outside [-5°, 90°]")]
    BadMask { value_deg: f64 },
    #[error("UT1 − UTC {value_s} s is outside [-1, 1] s")]
    BadDut1 { value_s: f64 },
    #[error("time range: end {end} is before start {start}")]
    EndBeforeStart { start: String, end: String },
    #[error(transparent)]
    Propagation(#[from] PropagationError),
}
