//! Satellite link budget: ITU-R propagation, antennas, DVB-S2/S2X capacity (issue 5).
//!
//! * [`itu`]: propagation losses by ITU-R P.618-14 / P.676-13 / P.840-9 / P.837-7 / P.838-3 / P.839-4 through
//!   the crate `itu-rs`, free-space loss, sky noise; where the ITU-R maps come from.
//! * [`antenna`]: parabolic gain, beamwidth, pointing loss, noise temperature, G/T.
//! * [`modcod`]: DVB-S2 / S2X MODCOD table.
//! * [`satellites`]: the GEO fleet (configs/satellites.toml) and nominal-slot geometry.
//! * [`budget`]: [`LinkRequest`] → [`evaluate`] → [`LinkReport`] (every line item, per-p results, ACM).
//! * [`map`]: the budget over a latitude/longitude grid.
//! * [`leo`]: LEO forward-link capacity per site over time (configs/constellations.toml).
//!
//! ```no_run
//! use satfiber::link::{evaluate, Band, LinkRequest, SatelliteCatalog};
//! use satfiber::frames::Geodetic;
//! let fleet = SatelliteCatalog::bundled();
//! let baku = Geodetic { latitude_deg: 40.4093, longitude_deg: 49.8671, altitude_km: 0.0 };
//! let request = LinkRequest::new(fleet.resolve("Azerspace-1")?, Band::Ku, "Baku", baku)?;
//! let report = evaluate(&request)?;
//! println!("{:.1} Mbit/s at 99.9 %", report.at_percent(0.1).unwrap().throughput_carrier_mbps);
//! # Ok::<(), satfiber::link::LinkError>(())
//! ```

pub mod antenna;
pub mod budget;
pub mod itu;
pub mod leo;
pub mod map;
pub mod modcod;
pub mod satellites;

pub use budget::{
    availability_at_modcod, evaluate, Availability, AvailabilityBound, BudgetLine, Carrier, LinkModel, LinkReport,
    LinkRequest, PercentResult, Terminal, Uplink, DEFAULT_PERCENTAGES,
};
pub use itu::{Attenuation, SlantPath};
pub use modcod::{Modcod, ModcodTable};
pub use satellites::{
    nominal_geometry, tle_geometry, Band, Geometry, GeometrySource, Payload, SatelliteCatalog, SatelliteConfig,
};

/// Errors of the link module. Each names what is wrong and what is expected.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("satellite below the horizon: {what} has elevation {elevation_deg:.2}° (must be > 0°)")]
    BelowHorizon { what: String, elevation_deg: f64 },
    #[error("time percentage {p_percent} % is outside the ITU-R P.618 range 0.001–5 % of an average year")]
    PercentOutOfRange { p_percent: f64 },
    #[error("frequency {frequency_ghz} GHz is outside the propagation models' validity 1–55 GHz")]
    FrequencyOutOfRange { frequency_ghz: f64 },
    #[error(
        "site {latitude_deg:.3}°N {longitude_deg:.3}°E is outside the bundled ITU-R map crop (lat 28–62°N, lon \
         18–102°E); point at full ITU-R maps (ITU-Rpy itur/data layout) with --itur-data DIR or the environment \
         variable SATFIBER_ITUR_DATA=DIR"
    )]
    OutsideMapCrop { latitude_deg: f64, longitude_deg: f64 },
    #[error("ITU-R map data: {0}")]
    ItuData(String),
    #[error("ITU-R model: {0}")]
    Itu(String),
    #[error("unknown satellite {name:?}; known: {}", known.join(", "))]
    UnknownSatellite { name: String, known: Vec<String> },
    #[error("unknown band {band:?}{}; expected one of: {}", if satellite.is_empty() { String::new() } else { format!(" for {satellite}") }, if available.is_empty() { "c, ku, ka".to_string() } else { available.join(", ") })]
    UnknownBand { satellite: String, band: String, available: Vec<String> },
    #[error(
        "unknown MODCOD {0:?} (expected a name from configs/dvbs2_modcods.csv, e.g. \"QPSK 3/4\", \"16APSK 2/3\")"
    )]
    UnknownModcod(String),
    #[error("{file}:{line}: {message}")]
    Config { file: String, line: usize, message: String },
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

impl LinkError {
    /// `true` for errors caused by the caller's input (CLI exit code 2), `false` for data/model failures.
    pub fn is_input_error(&self) -> bool {
        !matches!(self, LinkError::ItuData(_) | LinkError::Itu(_))
    }
}
