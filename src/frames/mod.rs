//! Reference frames. A position's frame is in its type:
//!
//! * [`TemeState`]: True Equator Mean Equinox, the output frame of SGP4 (quasi-inertial, of date).
//! * [`EcefState`]: Earth-fixed (pseudo-Earth-fixed, PEF): TEME rotated by GMST 1982 of UT1. Polar motion
//!   (< ~15 m) is neglected, so this is ITRF to about that level.
//! * [`Geodetic`]: WGS-84 latitude, longitude (degrees) and height above the ellipsoid (km).
//! * [`LookAngles`]: topocentric azimuth (from north, clockwise), elevation, range and range-rate seen from
//!   a [`GroundStation`] on the WGS-84 ellipsoid. Geometric: no refraction, no light time.

pub mod geodetic;
pub mod teme;
pub mod topo;

pub use geodetic::Geodetic;
pub use teme::{gmst_1982_rad, teme_to_ecef, EarthOrientation};
pub use topo::{doppler_shift_hz, GroundStation, LookAngles};

use nalgebra::Vector3;

/// Position (km) and velocity (km/s) in TEME, the frame SGP4 produces.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TemeState {
    pub position_km: Vector3<f64>,
    pub velocity_km_s: Vector3<f64>,
}

/// Position (km) and velocity (km/s, relative to the rotating Earth) in the Earth-fixed frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EcefState {
    pub position_km: Vector3<f64>,
    pub velocity_km_s: Vector3<f64>,
}

/// Speed of light in vacuum, km/s.
pub const SPEED_OF_LIGHT_KM_S: f64 = 299_792.458;
