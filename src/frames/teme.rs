//! TEME → Earth-fixed by Greenwich Mean Sidereal Time (IAU 1982), as Vallado's `teme2ecef` and Skyfield's
//! `TEME_to_ITRF` do (polar motion neglected).
//!
//! UT1 = UTC + dUT1. With dUT1 unknown (0), |UT1 − UTC| < 0.9 s turns the Earth by up to ~0.4 km at the
//! equator: give `--dut1-s` from IERS Bulletin A when that matters.

use super::{EcefState, TemeState};
use crate::time::{julian_date_split, Instant};
use nalgebra::{Matrix3, Vector3};
use std::f64::consts::TAU;

/// Seconds in a day.
const DAY_S: f64 = 86_400.0;
/// Julian date of J2000.0.
const J2000_JD: f64 = 2_451_545.0;

/// Earth orientation parameters the rotation needs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EarthOrientation {
    /// UT1 − UTC, seconds (|dUT1| < 0.9 s by IERS rules).
    pub dut1_s: f64,
}

/// GMST (IAU 1982) in radians and its rate in radians per second, from a UT1 Julian date split in a whole
/// and a fractional part (the split keeps precision).
pub fn gmst_1982_rad(jd_ut1_whole: f64, jd_ut1_fraction: f64) -> (f64, f64) {
    let t = (jd_ut1_whole - J2000_JD + jd_ut1_fraction) / 36_525.0;
    let g = 67_310.548_41 + (8_640_184.812_866 + (0.093_104 + (-6.2e-6) * t) * t) * t;
    let dg = 8_640_184.812_866 + (0.093_104 * 2.0 + (-6.2e-6 * 3.0) * t) * t;
    let theta = ((jd_ut1_whole % 1.0) + jd_ut1_fraction + g / DAY_S).rem_euclid(1.0) * TAU;
    let theta_dot_rad_per_day = (1.0 + dg / (DAY_S * 36_525.0)) * TAU;
    (theta, theta_dot_rad_per_day / DAY_S)
}

/// GMST and its rate at a UTC instant with the given Earth orientation.
pub fn gmst_at(t: &Instant, eop: &EarthOrientation) -> (f64, f64) {
    let (whole, fraction) = julian_date_split(t);
    gmst_1982_rad(whole, fraction + eop.dut1_s / DAY_S)
}

/// Rotation about z by −θ: TEME → Earth-fixed.
pub fn rotation_teme_to_ecef(gmst_rad: f64) -> Matrix3<f64> {
    let (s, c) = gmst_rad.sin_cos();
    Matrix3::new(c, s, 0.0, -s, c, 0.0, 0.0, 0.0, 1.0)
}

/// TEME state → Earth-fixed state at UTC instant `t`. Velocity is relative to the rotating Earth
/// (v_ecef = R·v_teme − ω × r_ecef).
pub fn teme_to_ecef(state: &TemeState, t: &Instant, eop: &EarthOrientation) -> EcefState {
    let (theta, theta_dot) = gmst_at(t, eop);
    teme_to_ecef_with_gmst(state, theta, theta_dot)
}

/// TEME → Earth-fixed with a precomputed GMST (rad) and rate (rad/s), for loops over many satellites.
pub fn teme_to_ecef_with_gmst(state: &TemeState, gmst_rad: f64, gmst_rate_rad_s: f64) -> EcefState {
    let rotation = rotation_teme_to_ecef(gmst_rad);
    let position_km = rotation * state.position_km;
    let omega = Vector3::new(0.0, 0.0, gmst_rate_rad_s);
    let velocity_km_s = rotation * state.velocity_km_s - omega.cross(&position_km);
    EcefState { position_km, velocity_km_s }
}

/// Earth-fixed → TEME (the inverse of [`teme_to_ecef`]).
pub fn ecef_to_teme(state: &EcefState, t: &Instant, eop: &EarthOrientation) -> TemeState {
    let (theta, theta_dot) = gmst_at(t, eop);
    let rotation = rotation_teme_to_ecef(theta).transpose();
    let omega = Vector3::new(0.0, 0.0, theta_dot);
    let inertial_velocity = state.velocity_km_s + omega.cross(&state.position_km);
    TemeState { position_km: rotation * state.position_km, velocity_km_s: rotation * inertial_velocity }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmst_matches_vallado_example() {
        // Vallado, Fundamentals of Astrodynamics, Example 3-5: 1992-08-20 12:14 UT1 → GMST 152.578787886°.
        let t = crate::time::parse_instant("1992-08-20T12:14:00Z").unwrap();
        let (theta, _) = gmst_at(&t, &EarthOrientation::default());
        assert!((theta.to_degrees() - 152.578_787_886).abs() < 1e-6, "{}", theta.to_degrees());
    }

    #[test]
    fn round_trip() {
        let t = crate::time::parse_instant("2026-09-07T03:00:00Z").unwrap();
        let s =
            TemeState { position_km: Vector3::new(7000.0, -1200.0, 300.0), velocity_km_s: Vector3::new(0.1, 7.3, 1.0) };
        let eop = EarthOrientation { dut1_s: 0.1 };
        let back = ecef_to_teme(&teme_to_ecef(&s, &t, &eop), &t, &eop);
        assert!((back.position_km - s.position_km).norm() < 1e-9);
        assert!((back.velocity_km_s - s.velocity_km_s).norm() < 1e-12);
    }
}
