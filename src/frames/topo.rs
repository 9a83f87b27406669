//! Topocentric look angles from a ground station and Doppler shift.

use super::{EcefState, Geodetic, SPEED_OF_LIGHT_KM_S};
use nalgebra::{Matrix3, Vector3};

/// A named site on the WGS-84 ellipsoid, with its Earth-fixed position and local east-north-up axes precomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct GroundStation {
    pub name: String,
    pub location: Geodetic,
    /// Earth-fixed position, km.
    pub position_km: Vector3<f64>,
    /// Rows are the local east, north and up unit vectors in the Earth-fixed frame.
    pub enu_rotation: Matrix3<f64>,
}

/// Azimuth (degrees from north, clockwise, [0, 360)), elevation (degrees above the local horizontal of the
/// ellipsoid normal), range (km) and range-rate (km/s, positive when receding). Geometric, no refraction.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LookAngles {
    pub azimuth_deg: f64,
    pub elevation_deg: f64,
    pub range_km: f64,
    pub range_rate_km_s: f64,
}

impl GroundStation {
    /// A station at a geodetic location.
    pub fn new(name: impl Into<String>, location: Geodetic) -> Self {
        let (sin_lat, cos_lat) = location.latitude_deg.to_radians().sin_cos();
        let (sin_lon, cos_lon) = location.longitude_deg.to_radians().sin_cos();
        let enu_rotation = Matrix3::new(
            -sin_lon,
            cos_lon,
            0.0,
            -sin_lat * cos_lon,
            -sin_lat * sin_lon,
            cos_lat,
            cos_lat * cos_lon,
            cos_lat * sin_lon,
            sin_lat,
        );
        GroundStation { name: name.into(), position_km: location.to_ecef_km(), location, enu_rotation }
    }

    /// Look angles to a satellite's Earth-fixed state.
    pub fn look_angles(&self, satellite: &EcefState) -> LookAngles {
        let relative_km = satellite.position_km - self.position_km;
        let enu = self.enu_rotation * relative_km;
        let range_km = relative_km.norm();
        let azimuth_deg = enu.x.atan2(enu.y).to_degrees().rem_euclid(360.0);
        let elevation_deg = (enu.z / range_km).clamp(-1.0, 1.0).asin().to_degrees();
        let range_rate_km_s = relative_km.dot(&satellite.velocity_km_s) / range_km;
        LookAngles { azimuth_deg, elevation_deg, range_km, range_rate_km_s }
    }

    /// Sine of the elevation of an Earth-fixed position (cheap: no trigonometry).
    pub fn sin_elevation(&self, satellite_position_km: &Vector3<f64>) -> f64 {
        let relative_km = satellite_position_km - self.position_km;
        let up = self.enu_rotation.row(2).transpose();
        up.dot(&relative_km) / relative_km.norm()
    }
}

/// Doppler shift (Hz) of a carrier at `frequency_hz` for a given range-rate (km/s): −f·ṙ/c, first order
/// (the relativistic term is below 1e-10 f for orbital speeds).
pub fn doppler_shift_hz(frequency_hz: f64, range_rate_km_s: f64) -> f64 {
    -frequency_hz * range_rate_km_s / SPEED_OF_LIGHT_KM_S
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zenith_and_horizon() {
        let station =
            GroundStation::new("Baku", Geodetic { latitude_deg: 40.4, longitude_deg: 49.9, altitude_km: 0.0 });
        let overhead = Geodetic { latitude_deg: 40.4, longitude_deg: 49.9, altitude_km: 500.0 };
        let look =
            station.look_angles(&EcefState { position_km: overhead.to_ecef_km(), velocity_km_s: Vector3::zeros() });
        assert!((look.elevation_deg - 90.0).abs() < 1e-6);
        assert!((look.range_km - 500.0).abs() < 1e-6);
        let north = Geodetic { latitude_deg: 41.4, longitude_deg: 49.9, altitude_km: 0.0 };
        let look = station.look_angles(&EcefState { position_km: north.to_ecef_km(), velocity_km_s: Vector3::zeros() });
        assert!(look.azimuth_deg < 1e-6 || look.azimuth_deg > 359.999);
        assert!(look.elevation_deg < 0.0);
    }
}
