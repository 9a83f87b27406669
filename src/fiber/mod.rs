//! Submarine fiber: route, spans, amplifiers, GN-model NLI, transceivers, capacity, cost (issue 6).
//!
//! The pipeline is one way:
//!
//! ```text
//! Route (waypoints, WGS84 geodesic × slack, or explicit length)
//!   └─► spans (equal, ≤ max span or a repeater count) ─► span loss, EDFA gain = span loss (or per band: [`bands`])
//!        └─► per channel: ASE (h·ν·NF·G·Rs per amplifier) + NLI (closed-form incoherent GN, Poggiolini eq. 120)
//!             └─► GSNR (with transmitter OSNR) ─► best transceiver mode with margin ─► capacity per pair, pairs
//!                  └─► latency, availability (faults per 1000 km·year, MTTR), capex/opex, cost per Gb/s·year
//! ```
//!
//! Units are in the names; powers are per channel at the fiber input unless stated. GSNR is in the signal
//! bandwidth (the symbol rate) unless the name says `_01nm` (12.5 GHz reference bandwidth).
//!
//! ```
//! use satfiber::fiber::{evaluate, Equipment, RouteCatalog, SystemDesign};
//! let routes = RouteCatalog::bundled();
//! let route = routes.route("sumgait-aktau")?;
//! let report = evaluate(route, &SystemDesign::default(), &Equipment::bundled())?;
//! assert!(report.cable_length_km > 350.0 && report.cable_length_km < 420.0);
//! assert!(report.capacity_per_pair_gbps > 10_000.0);
//! # Ok::<(), satfiber::fiber::FiberError>(())
//! ```

pub mod bands;
pub mod designs;
pub mod economics;
pub mod elements;
pub mod equipment;
pub mod ggn;
pub mod gn;
pub mod line;
pub mod pumped;
pub mod raman;
pub mod ropa;
pub mod route;
pub mod srs;
pub mod sweeps;
pub mod system;

pub use bands::{BandAmplifierSpec, BandPlan};
pub use designs::{compare_designs, parse_designs, DesignComparison, DesignsFile};
pub use equipment::{Amplifier, Equipment, FiberType, Transceiver, TransceiverMode};
pub use gn::{Carrier, ChannelPlan, FiberPhysics};
pub use route::{geodesic_length_m, Route, RouteCatalog, RouteRecord};
pub use system::{
    capacity_vs_length, combined_availability, evaluate, launch_sweep, Architecture, AvailabilityParams, ChannelReport,
    CostParams, FiberReport, GainMode, LaunchSweepPoint, LengthSweepPoint, NliModel, SpanReport, SystemDesign,
};

use thiserror::Error;

/// Errors of the fiber model: bad configuration files, unknown names, impossible designs.
#[derive(Debug, Error)]
pub enum FiberError {
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{context}: {field} = {value} is invalid; expected {expected}")]
    Invalid { context: String, field: String, value: String, expected: String },
    #[error("unknown route {name:?}; known routes: {known}")]
    UnknownRoute { name: String, known: String },
    #[error("unknown fiber type {name:?}; known fiber types: {known}")]
    UnknownFiber { name: String, known: String },
    #[error("unknown amplifier {name:?}; known amplifiers: {known}")]
    UnknownAmplifier { name: String, known: String },
    #[error("unknown transceiver {name:?}; known transceivers: {known}")]
    UnknownTransceiver { name: String, known: String },
    #[error(
        "span {index} is {length_km:.1} km with {loss_db:.2} dB loss, more than amplifier {amplifier:?} can bridge \
         (gain_max_db = {gain_max_db}; the largest in the catalog is {catalog_max}); shorten max_span_km, add \
         repeaters, or use a lower-loss fiber"
    )]
    SpanTooLong {
        index: usize,
        length_km: f64,
        loss_db: f64,
        amplifier: String,
        gain_max_db: f64,
        /// The amplifier with the largest gain in the catalog, as `name (gain_max_db dB)`.
        catalog_max: String,
    },
    #[error("geodesic between waypoints {from} and {to} did not converge (nearly antipodal points)")]
    Geodesic { from: usize, to: usize },
}

/// A number echoed in a message in its shortest form (`1e308`, not 309 digits); other text unchanged.
fn short_number(text: String) -> String {
    match text.parse::<f64>() {
        Ok(v) if text.len() > 12 => crate::validate::fmt_value(v),
        _ => text,
    }
}

impl FiberError {
    pub(crate) fn invalid(
        context: impl Into<String>,
        field: impl Into<String>,
        value: impl std::fmt::Display,
        expected: impl Into<String>,
    ) -> Self {
        FiberError::Invalid {
            context: context.into(),
            field: field.into(),
            value: short_number(value.to_string()),
            expected: expected.into(),
        }
    }
}
