//! WGS-84 geodetic coordinates.

use nalgebra::Vector3;

/// WGS-84 equatorial radius, km.
pub const WGS84_A_KM: f64 = 6_378.137;
/// WGS-84 flattening.
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;
/// WGS-84 first eccentricity squared.
pub const WGS84_E2: f64 = WGS84_F * (2.0 - WGS84_F);

/// Latitude and longitude in degrees (geodetic, WGS-84; longitude east-positive in (−180, 180]) and height
/// above the ellipsoid in km.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Geodetic {
    pub latitude_deg: f64,
    pub longitude_deg: f64,
    pub altitude_km: f64,
}

impl Geodetic {
    /// Earth-fixed position (km) of this point.
    pub fn to_ecef_km(&self) -> Vector3<f64> {
        let (sin_lat, cos_lat) = self.latitude_deg.to_radians().sin_cos();
        let (sin_lon, cos_lon) = self.longitude_deg.to_radians().sin_cos();
        let n = WGS84_A_KM / (1.0 - WGS84_E2 * sin_lat * sin_lat).sqrt();
        Vector3::new(
            (n + self.altitude_km) * cos_lat * cos_lon,
            (n + self.altitude_km) * cos_lat * sin_lon,
            (n * (1.0 - WGS84_E2) + self.altitude_km) * sin_lat,
        )
    }

    /// Geodetic coordinates of an Earth-fixed position (km). Iterates to 1e-12 rad (sub-micrometre); exact at
    /// the poles and the centre.
    pub fn from_ecef_km(position_km: &Vector3<f64>) -> Geodetic {
        let (x, y, z) = (position_km.x, position_km.y, position_km.z);
        let p = x.hypot(y);
        let longitude_deg = y.atan2(x).to_degrees();
        if p < 1e-9 {
            let b = WGS84_A_KM * (1.0 - WGS84_F);
            let latitude_deg = if z >= 0.0 { 90.0 } else { -90.0 };
            return Geodetic { latitude_deg, longitude_deg: 0.0, altitude_km: z.abs() - b };
        }
        let mut latitude = z.atan2(p * (1.0 - WGS84_E2));
        for _ in 0..10 {
            let sin_lat = latitude.sin();
            let n = WGS84_A_KM / (1.0 - WGS84_E2 * sin_lat * sin_lat).sqrt();
            let altitude_km = p / latitude.cos() - n;
            let next = z.atan2(p * (1.0 - WGS84_E2 * n / (n + altitude_km)));
            let converged = (next - latitude).abs() < 1e-12;
            latitude = next;
            if converged {
                break;
            }
        }
        // Recompute height in a form that stays accurate near the poles.
        let (sin_lat, cos_lat) = latitude.sin_cos();
        let n = WGS84_A_KM / (1.0 - WGS84_E2 * sin_lat * sin_lat).sqrt();
        let altitude_km = if cos_lat.abs() > 0.1 { p / cos_lat - n } else { z / sin_lat - n * (1.0 - WGS84_E2) };
        Geodetic { latitude_deg: latitude.to_degrees(), longitude_deg, altitude_km }
    }
}

/// Great-circle central angle between two points on a sphere, radians (haversine).
pub fn central_angle_rad(a: &Geodetic, b: &Geodetic) -> f64 {
    let (lat1, lat2) = (a.latitude_deg.to_radians(), b.latitude_deg.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.longitude_deg - a.longitude_deg).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_many_points() {
        for lat in [-89.9, -45.0, 0.0, 12.3, 40.4, 89.99] {
            for lon in [-179.0, 0.0, 49.8, 179.5] {
                for alt in [-0.5, 0.0, 0.8, 550.0, 35_786.0] {
                    let g = Geodetic { latitude_deg: lat, longitude_deg: lon, altitude_km: alt };
                    let back = Geodetic::from_ecef_km(&g.to_ecef_km());
                    assert!((back.latitude_deg - lat).abs() < 1e-9, "{lat} {lon} {alt}: {back:?}");
                    assert!((back.longitude_deg - lon).abs() < 1e-9);
                    assert!((back.altitude_km - alt).abs() < 1e-8);
                }
            }
        }
    }
}
