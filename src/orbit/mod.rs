//! Orbits: element-set catalogs ([`tle`], [`omm`]), SGP4/SDP4 propagation ([`propagate`]) and generated
//! constellations ([`walker`]).

pub mod omm;
mod physical;
pub mod propagate;
mod sdp4_fast;
pub mod select;
mod sgp4_fast;
pub mod tle;
pub mod walker;

pub use propagate::{PropagationError, Propagator, Satellite};
pub use tle::{Catalog, CatalogError, ElementSet, OrbitClass, ParseOptions, RecordError};
