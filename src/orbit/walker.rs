//! Walker-delta constellations as element sets and TLE text.
//!
//! A Walker-delta pattern `i: T/P/F` puts `T` satellites in `P` circular orbit planes of equal inclination
//! `i`, spread evenly in right ascension (360°/P apart), `S = T/P` satellites per plane spread evenly in mean
//! anomaly (360°/S apart), and satellite `s` of plane `p` advanced by `p·F·360°/T` (the phasing `F`,
//! 0 ≤ F < P).
//!
//! ## Altitude → mean motion
//!
//! The TLE mean motion is SGP4's *Kozai* mean motion; SGP4 first converts it to the *Brouwer* mean motion
//! n″ = n_K / (1 + δ₀) (δ₀ from J₂, inclination, eccentricity) and uses a″ = (k_e / n″)^(2/3) as the mean
//! semi-major axis. Here the requested altitude `h` means that Brouwer mean semi-major axis minus the WGS-72
//! equatorial radius: a″ = R + h. We compute n″ = k_e·a″^(−3/2) and invert SGP4's Kozai→Brouwer step by a
//! fixed-point iteration n_K ← n″(1 + δ₀(n_K)) (converges to 1e-15 in a few steps since δ₀ ~ 1e-4). The
//! orbit-averaged radius of the propagated orbit then equals R + h to within the J₂ short-period mean offset
//! (about 0.3 km at 53°, up to ~11 km at 0° inclination).

use super::tle::{format_tle, Catalog, CatalogError, ElementSet, ParseOptions};
use crate::time::Instant;
use thiserror::Error;

/// Years a generated TLE epoch can carry: the format's two-digit year maps 57–99 to 1957–1999 and 00–56 to
/// 2000–2056.
pub const TLE_EPOCH_YEARS: (i32, i32) = (1957, 2056);

/// WGS-72 constants SGP4 uses (sgp4 crate `WGS72`).
const WGS72_AE_KM: f64 = 6_378.135;
const WGS72_KE: f64 = 0.074_366_916_133_173_41;
const WGS72_J2: f64 = 0.001_082_616;

/// A bad constellation definition.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum WalkerError {
    #[error("Walker constellation: {field} = {value}: {expected}")]
    Invalid { field: &'static str, value: String, expected: String },
}

/// A Walker-delta constellation `inclination: total/planes/phasing` at one altitude.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkerDelta {
    /// Total number of satellites T.
    pub total: u32,
    /// Number of orbit planes P (divides T).
    pub planes: u32,
    /// Relative phasing F, 0 ≤ F < P.
    pub phasing: u32,
    /// Mean altitude above the WGS-72 equatorial radius, km (see the module docs).
    pub altitude_km: f64,
    /// Inclination, degrees (0–180).
    pub inclination_deg: f64,
    /// Right ascension of the first plane's ascending node, degrees.
    pub raan_offset_deg: f64,
    /// NORAD catalog number of the first satellite (numbered plane by plane).
    pub first_norad_id: u64,
    /// Name prefix: satellites are called `{prefix}-P{plane:02}-S{slot:02}` (1-based).
    pub name_prefix: String,
}

impl WalkerDelta {
    /// A constellation with default RAAN offset 0, first NORAD id 90000 and prefix `WALKER`.
    pub fn new(total: u32, planes: u32, phasing: u32, altitude_km: f64, inclination_deg: f64) -> Self {
        WalkerDelta {
            total,
            planes,
            phasing,
            altitude_km,
            inclination_deg,
            raan_offset_deg: 0.0,
            first_norad_id: 90_000,
            name_prefix: "WALKER".to_string(),
        }
    }

    /// Checks the pattern: T ≥ 1, P ≥ 1 dividing T, F < P, altitude 150–40,000 km, inclination 0–180°,
    /// NORAD ids within the Alpha-5 range.
    pub fn validate(&self) -> Result<(), WalkerError> {
        let bad = |field: &'static str, value: String, expected: &str| {
            Err(WalkerError::Invalid { field, value, expected: expected.to_string() })
        };
        if self.total == 0 || self.total > 100_000 {
            return bad("total", self.total.to_string(), "1 to 100000 satellites");
        }
        if self.planes == 0 || !self.total.is_multiple_of(self.planes) {
            return bad("planes", self.planes.to_string(), &format!("a positive divisor of total {}", self.total));
        }
        if self.phasing >= self.planes {
            return bad("phasing", self.phasing.to_string(), &format!("0 to planes − 1 = {}", self.planes - 1));
        }
        if !(self.altitude_km >= 150.0 && self.altitude_km <= 40_000.0) {
            return bad("altitude_km", self.altitude_km.to_string(), "150 to 40000 km");
        }
        if !(self.inclination_deg >= 0.0 && self.inclination_deg <= 180.0) {
            return bad("inclination_deg", self.inclination_deg.to_string(), "0 to 180 degrees");
        }
        if !self.raan_offset_deg.is_finite() {
            return bad("raan_offset_deg", self.raan_offset_deg.to_string(), "a finite angle in degrees");
        }
        if self.first_norad_id == 0 || self.first_norad_id + u64::from(self.total) - 1 > 339_999 {
            return bad(
                "first_norad_id",
                self.first_norad_id.to_string(),
                "ids 1 to 339999 (Alpha-5) for all satellites",
            );
        }
        Ok(())
    }

    /// The TLE (Kozai) mean motion, revolutions per day, giving the requested mean altitude (module docs).
    pub fn kozai_mean_motion_rev_per_day(&self) -> f64 {
        kozai_mean_motion_for_altitude(self.altitude_km, self.inclination_deg, 0.0) * 1440.0 / std::f64::consts::TAU
    }

    /// The constellation as 3-line TLE text (checksums computed), plane by plane.
    pub fn to_tle_text(&self, epoch: &Instant) -> Result<String, WalkerError> {
        self.validate()?;
        let year = chrono::Datelike::year(epoch);
        if !(TLE_EPOCH_YEARS.0..=TLE_EPOCH_YEARS.1).contains(&year) {
            return Err(WalkerError::Invalid {
                field: "epoch",
                value: crate::time::format_instant_s(epoch),
                expected: format!(
                    "an epoch in {} to {} (the TLE epoch's two-digit year)",
                    TLE_EPOCH_YEARS.0, TLE_EPOCH_YEARS.1
                ),
            });
        }
        let per_plane = self.total / self.planes;
        let mean_motion = self.kozai_mean_motion_rev_per_day();
        let mut text = String::new();
        for plane in 0..self.planes {
            let raan_deg = self.raan_offset_deg + 360.0 * f64::from(plane) / f64::from(self.planes);
            for slot in 0..per_plane {
                let mean_anomaly_deg = 360.0 * f64::from(slot) / f64::from(per_plane)
                    + 360.0 * f64::from(plane * self.phasing) / f64::from(self.total);
                let index = u64::from(plane * per_plane + slot);
                let name = format!("{}-P{:02}-S{:02}", self.name_prefix, plane + 1, slot + 1);
                let elements = sgp4::Elements {
                    object_name: Some(name.clone()),
                    international_designator: None,
                    norad_id: self.first_norad_id + index,
                    classification: sgp4::Classification::Unclassified,
                    datetime: epoch.naive_utc(),
                    mean_motion_dot: 0.0,
                    mean_motion_ddot: 0.0,
                    drag_term: 0.0,
                    element_set_number: 999,
                    inclination: self.inclination_deg,
                    right_ascension: raan_deg.rem_euclid(360.0),
                    eccentricity: 0.0,
                    argument_of_perigee: 0.0,
                    mean_anomaly: mean_anomaly_deg.rem_euclid(360.0),
                    mean_motion,
                    revolution_number: 0,
                    ephemeris_type: 0,
                };
                let tle = format_tle(&elements, &name).ok_or_else(|| WalkerError::Invalid {
                    field: "first_norad_id",
                    value: self.first_norad_id.to_string(),
                    expected: "ids that fit the TLE Alpha-5 field".into(),
                })?;
                text.push_str(&tle);
            }
        }
        Ok(text)
    }

    /// The constellation's element sets, parsed back from [`Self::to_tle_text`] so that they are exactly what
    /// any reader of the TLE file gets (TLE rounding included).
    pub fn element_sets(&self, epoch: &Instant) -> Result<Vec<ElementSet>, WalkerError> {
        let text = self.to_tle_text(epoch)?;
        let catalog = Catalog::parse_str(&text, "walker", ParseOptions { verify_checksum: true, strict: true })
            .map_err(|e: CatalogError| WalkerError::Invalid {
                field: "elements",
                value: e.to_string(),
                expected: "TLE fields within range".into(),
            })?;
        Ok(catalog.sets)
    }
}

/// Kozai mean motion (rad/min) whose SGP4 Brouwer mean semi-major axis is WGS-72 R + `altitude_km`.
pub fn kozai_mean_motion_for_altitude(altitude_km: f64, inclination_deg: f64, eccentricity: f64) -> f64 {
    let a_er = (WGS72_AE_KM + altitude_km) / WGS72_AE_KM;
    let brouwer = WGS72_KE * a_er.powf(-1.5);
    let cos_i = inclination_deg.to_radians().cos();
    let p0 = 0.75 * WGS72_J2 * (3.0 * cos_i * cos_i - 1.0) / (1.0 - eccentricity * eccentricity).powf(1.5);
    let mut kozai = brouwer;
    for _ in 0..50 {
        let a1 = (WGS72_KE / kozai).powf(2.0 / 3.0);
        let d1 = p0 / (a1 * a1);
        let d0 = p0 / (a1 * (1.0 - d1 * d1 - d1 * (1.0 / 3.0 + 134.0 * d1 * d1 / 81.0))).powi(2);
        let next = brouwer * (1.0 + d0);
        let done = (next - kozai).abs() <= 1e-16 * kozai;
        kozai = next;
        if done {
            break;
        }
    }
    kozai
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orbit::Satellite;
    use crate::time::parse_instant;

    #[test]
    fn brouwer_semi_major_axis_is_requested() {
        for (h, i) in [(550.0, 53.0), (1200.0, 87.9), (500.0, 0.0), (35_786.0, 0.1)] {
            let n = kozai_mean_motion_for_altitude(h, i, 0.0);
            let orbit = sgp4::Orbit::from_kozai_elements(&sgp4::WGS72, i.to_radians(), 0.0, 0.0, 0.0, 0.0, n).unwrap();
            let a_km = (sgp4::WGS72.ke / orbit.mean_motion).powf(2.0 / 3.0) * sgp4::WGS72.ae;
            assert!((a_km - WGS72_AE_KM - h).abs() < 1e-6, "{h} {i}: {a_km}");
        }
    }

    #[test]
    fn tles_parse_with_checksums_and_mean_altitude() {
        let epoch = parse_instant("2026-09-07T00:00:00Z").unwrap();
        let walker = WalkerDelta::new(50, 5, 1, 550.0, 53.0);
        let text = walker.to_tle_text(&epoch).unwrap();
        let catalog = Catalog::parse_str(&text, "w.tle", ParseOptions { verify_checksum: true, strict: true }).unwrap();
        assert_eq!(catalog.sets.len(), 50);
        assert_eq!(catalog.sets[0].name, "WALKER-P01-S01");
        assert_eq!(catalog.sets[49].norad_id, 90_049);
        assert!((catalog.sets[11].elements.right_ascension - 72.0).abs() < 1e-9);
        // Plane 2, slot 2: 36° + 1·1·360/50 = 43.2°.
        assert!((catalog.sets[11].elements.mean_anomaly - 43.2).abs() < 1e-9);
        // Orbit-averaged radius over one period ≈ R + h (J2 short-period mean offset ~0.3 km at 53°).
        let sat = Satellite::new(catalog.sets[0].clone()).unwrap();
        let period_min = 1440.0 / catalog.sets[0].elements.mean_motion;
        let n = 2000;
        let mean_r: f64 = (0..n)
            .map(|k| sat.propagate_minutes(period_min * k as f64 / n as f64).unwrap().position_km.norm())
            .sum::<f64>()
            / n as f64;
        assert!((mean_r - WGS72_AE_KM - 550.0).abs() < 1.0, "mean radius {mean_r}");
    }

    #[test]
    fn rejects_bad_patterns() {
        assert!(WalkerDelta::new(50, 7, 1, 550.0, 53.0).validate().is_err());
        assert!(WalkerDelta::new(50, 5, 5, 550.0, 53.0).validate().is_err());
        assert!(WalkerDelta::new(0, 1, 0, 550.0, 53.0).validate().is_err());
        assert!(WalkerDelta::new(10, 1, 0, 50.0, 53.0).validate().is_err());
        assert!(WalkerDelta::new(10, 1, 0, 550.0, 190.0).validate().is_err());
    }
}
