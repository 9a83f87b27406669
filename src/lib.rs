//! # satfiber
//!
//! A planner for satellite and submarine-fiber capacity across the Turkic states region (Azerbaijan,
//! Kazakhstan, Türkiye, Uzbekistan, Kyrgyzstan, Turkmenistan): where and when each satellite is usable, how
//! much each link carries, and how a satellite option compares with the Trans-Caspian cable.
//!
//! ## Pipeline (one way)
//!
//! ```text
//! tle/*.tle, OMM ──► orbit (sgp4) ──► frames ──► visibility / coverage ──► link budget ──┐
//!                    TemeState        EcefState, Geodetic, LookAngles                    ├─► scenario ─► report
//! configs/*.toml ──► scenario config ──► fiber (GN model, spans, capacity, availability) ┘
//! ```
//!
//! ## Conventions
//!
//! * **Time**: every instant is UTC ([`time::Instant`]). SGP4 runs on UTC minutes since epoch; Earth rotation
//!   uses GMST 1982 of UT1 = UTC + dUT1 (dUT1 = 0 unless given; up to ~0.4 km at the equator).
//! * **Frames** are in the types: [`frames::TemeState`], [`frames::EcefState`], [`frames::Geodetic`],
//!   [`frames::LookAngles`].
//! * **Units** are in the names: `range_km`, `elevation_deg`, `loss_db`, `rate_gbps`.
//!
//! ## Example
//!
//! ```
//! use satfiber::frames::{teme_to_ecef, EarthOrientation, Geodetic};
//! use satfiber::orbit::{Catalog, ParseOptions, Satellite};
//! use satfiber::stations::StationCatalog;
//!
//! let catalog = Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default())?;
//! let azerspace = catalog.sets.iter().find(|s| s.name == "AZERSPACE 2 (IS-38)").unwrap().clone();
//! let satellite = Satellite::new(azerspace)?;
//! let t = satfiber::time::parse_instant("2026-09-07T12:00:00Z")?;
//! let ecef = teme_to_ecef(&satellite.propagate(&t)?, &t, &EarthOrientation::default());
//! let sub_point = Geodetic::from_ecef_km(&ecef.position_km);
//! assert!((sub_point.longitude_deg - 45.1).abs() < 0.2);
//! let baku = StationCatalog::bundled().resolve("Baku")?;
//! let look = baku.ground.look_angles(&ecef);
//! assert!(look.elevation_deg > 40.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// `!(x > 0.0)` is used on purpose: it also rejects NaN.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod coverage;
pub mod fiber;
pub mod frames;
pub mod input;
pub mod interrupt;
pub mod link;
pub mod network;
pub mod orbit;
pub mod output;
pub mod plot;
pub mod scenario;
pub mod stations;
pub mod sun;
pub mod testdata;
pub mod time;
pub mod units;
pub mod validate;
pub mod visibility;

/// The bundled catalog (tle/ots.tle): the region's GEO and Earth-observation satellites and the ISS.
pub const DEFAULT_CATALOG_TLE: &str = include_str!("../tle/ots.tle");
