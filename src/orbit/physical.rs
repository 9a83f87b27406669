//! Physical checks of mean elements, shared by the TLE and OMM parsers: an element set is accepted only when it
//! describes an Earth orbit SGP4 can propagate (finite fields, mean motion and eccentricity in SGP4's domain,
//! perigee above the surface, epoch in the years element sets exist for).

use super::tle::{WGS72_MU_KM3_S2, WGS72_RADIUS_KM};
use chrono::Datelike;

/// Mean motions SGP4 is used for here, revolutions per day: from 0.05 (a 20-day period, beyond the Moon's
/// distance) to 17 (a circular orbit at about 10 km altitude; anything faster is inside the Earth).
pub const MEAN_MOTION_RANGE_REV_PER_DAY: (f64, f64) = (0.05, 17.0);
/// Element-set epochs accepted, UTC years (the first satellite flew in 1957; SGP4's time scales and our
/// instants are not meant for dates past 2100).
pub const EPOCH_YEAR_RANGE: (i32, i32) = (1957, 2100);
/// Largest |B*|, |ṅ/2| and |n̈/6| accepted: the TLE fields hold at most 0.99999e9; real values are far below 1.
pub const MAX_DRAG_TERM_ABS: f64 = 1e9;

/// Why an element set cannot describe a real orbit: `(OMM keyword, problem, expected)`.
pub type PhysicalProblem = (&'static str, String, String);

/// Checks that elements describe an orbit SGP4 can propagate: every field finite, mean motion within
/// [`MEAN_MOTION_RANGE_REV_PER_DAY`], 0 ≤ e < 1, inclination 0–180°, perigee above the Earth's surface
/// (WGS-72 equatorial radius), epoch within [`EPOCH_YEAR_RANGE`]. Used by the TLE and OMM parsers alike.
pub fn check_physical(elements: &sgp4::Elements) -> Result<(), PhysicalProblem> {
    let fields: [(&'static str, f64); 9] = [
        ("MEAN_MOTION", elements.mean_motion),
        ("ECCENTRICITY", elements.eccentricity),
        ("INCLINATION", elements.inclination),
        ("RA_OF_ASC_NODE", elements.right_ascension),
        ("ARG_OF_PERICENTER", elements.argument_of_perigee),
        ("MEAN_ANOMALY", elements.mean_anomaly),
        ("BSTAR", elements.drag_term),
        ("MEAN_MOTION_DOT", elements.mean_motion_dot),
        ("MEAN_MOTION_DDOT", elements.mean_motion_ddot),
    ];
    for (key, value) in fields {
        if !value.is_finite() {
            return Err((key, format!("{value} is not finite"), "a finite number".into()));
        }
    }
    for (key, value) in &fields[3..6] {
        if !(-360.0..=360.0).contains(value) {
            return Err((key, crate::validate::fmt_value(*value), "an angle in [-360, 360] degrees".into()));
        }
    }
    for (key, value) in &fields[6..] {
        if value.abs() >= MAX_DRAG_TERM_ABS {
            return Err((key, crate::validate::fmt_value(*value), "|value| < 1e9 (what the TLE field holds)".into()));
        }
    }
    let (n_lo, n_hi) = MEAN_MOTION_RANGE_REV_PER_DAY;
    if !(n_lo..=n_hi).contains(&elements.mean_motion) {
        return Err((
            "MEAN_MOTION",
            format!(
                "{} rev/day is outside SGP4's Earth-orbit domain",
                crate::validate::fmt_value(elements.mean_motion)
            ),
            format!("{n_lo} to {n_hi} revolutions per day"),
        ));
    }
    if !(0.0..1.0).contains(&elements.eccentricity) {
        return Err(("ECCENTRICITY", crate::validate::fmt_value(elements.eccentricity), "0 <= e < 1".into()));
    }
    if !(0.0..=180.0).contains(&elements.inclination) {
        return Err(("INCLINATION", crate::validate::fmt_value(elements.inclination), "0 to 180 degrees".into()));
    }
    let n_rad_s = elements.mean_motion * 2.0 * std::f64::consts::PI / 86_400.0;
    let a_km = (WGS72_MU_KM3_S2 / (n_rad_s * n_rad_s)).cbrt();
    let perigee_km = a_km * (1.0 - elements.eccentricity) - WGS72_RADIUS_KM;
    if perigee_km < 0.0 {
        return Err((
            "ECCENTRICITY",
            format!(
                "perigee {perigee_km:.1} km is below the Earth's surface (e = {}, mean motion {} rev/day)",
                elements.eccentricity, elements.mean_motion
            ),
            "elements with perigee altitude >= 0 km (a = n^(-2/3) mu^(1/3), perigee a(1 - e) - 6378.135 km)".into(),
        ));
    }
    let (y_lo, y_hi) = EPOCH_YEAR_RANGE;
    let year = elements.datetime.year();
    if !(y_lo..=y_hi).contains(&year) {
        return Err(("EPOCH", format!("year {year}"), format!("an epoch in {y_lo} to {y_hi}")));
    }
    Ok(())
}

/// The TLE field name of an OMM keyword (for messages about TLE records).
pub(super) fn tle_field_name(key: &str) -> &'static str {
    match key {
        "MEAN_MOTION" => "mean motion",
        "ECCENTRICITY" => "eccentricity",
        "INCLINATION" => "inclination",
        "RA_OF_ASC_NODE" => "right ascension of ascending node",
        "ARG_OF_PERICENTER" => "argument of perigee",
        "MEAN_ANOMALY" => "mean anomaly",
        "BSTAR" => "B* drag term",
        "MEAN_MOTION_DOT" => "mean motion derivative",
        "MEAN_MOTION_DDOT" => "mean motion second derivative",
        _ => "epoch",
    }
}

/// 1-based first column and TLE line (1 or 2) of the field behind an OMM keyword.
pub(super) fn tle_field_column(key: &str) -> (u8, usize) {
    match key {
        "MEAN_MOTION" => (2, 53),
        "ECCENTRICITY" => (2, 27),
        "INCLINATION" => (2, 9),
        "RA_OF_ASC_NODE" => (2, 18),
        "ARG_OF_PERICENTER" => (2, 35),
        "MEAN_ANOMALY" => (2, 44),
        "BSTAR" => (1, 54),
        "MEAN_MOTION_DOT" => (1, 34),
        "MEAN_MOTION_DDOT" => (1, 45),
        _ => (1, 19),
    }
}
