//! Cable routes: landing points and waypoints on WGS84, geodesic length (Vincenty inverse), slack factor or an
//! explicit cable length. The bundled catalog is configs/fiber/routes.toml (embedded in the binary).

use super::FiberError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Longest cable accepted (km): beyond the longest system ever laid (SEA-ME-WE 3, ≈ 39,000 km).
pub const MAX_CABLE_LENGTH_KM: f64 = 50_000.0;

/// The bundled route catalog (configs/fiber/routes.toml).
pub const DEFAULT_ROUTES_TOML: &str = include_str!("../../configs/fiber/routes.toml");

/// WGS84 semi-major axis (m).
pub const WGS84_A_M: f64 = 6_378_137.0;
/// WGS84 flattening.
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;
/// Default cable slack: cable length over route (geodesic) length. Submarine cables are laid with a few per cent
/// of slack to follow the seabed and allow repairs.
pub const DEFAULT_SLACK_FACTOR: f64 = 1.05;

/// Geodesic distance (m) between two points on the WGS84 ellipsoid by Vincenty's inverse formula (1975), which
/// agrees with Karney's exact geodesics to well under a millimetre for distances below a few thousand km.
/// Returns `None` when the iteration does not converge (nearly antipodal points).
pub fn geodesic_length_m(lat1_deg: f64, lon1_deg: f64, lat2_deg: f64, lon2_deg: f64) -> Option<f64> {
    let a = WGS84_A_M;
    let f = WGS84_F;
    let b = a * (1.0 - f);
    let l = (lon2_deg - lon1_deg).to_radians();
    let u1 = ((1.0 - f) * lat1_deg.to_radians().tan()).atan();
    let u2 = ((1.0 - f) * lat2_deg.to_radians().tan()).atan();
    let (sin_u1, cos_u1) = u1.sin_cos();
    let (sin_u2, cos_u2) = u2.sin_cos();
    let mut lambda = l;
    for _ in 0..200 {
        let (sin_lambda, cos_lambda) = lambda.sin_cos();
        let sin_sigma =
            ((cos_u2 * sin_lambda).powi(2) + (cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lambda).powi(2)).sqrt();
        if sin_sigma == 0.0 {
            return Some(0.0);
        }
        let cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lambda;
        let sigma = sin_sigma.atan2(cos_sigma);
        let sin_alpha = cos_u1 * cos_u2 * sin_lambda / sin_sigma;
        let cos2_alpha = 1.0 - sin_alpha * sin_alpha;
        let cos_2sigma_m = if cos2_alpha != 0.0 { cos_sigma - 2.0 * sin_u1 * sin_u2 / cos2_alpha } else { 0.0 };
        let c = f / 16.0 * cos2_alpha * (4.0 + f * (4.0 - 3.0 * cos2_alpha));
        let previous = lambda;
        lambda = l
            + (1.0 - c)
                * f
                * sin_alpha
                * (sigma + c * sin_sigma * (cos_2sigma_m + c * cos_sigma * (-1.0 + 2.0 * cos_2sigma_m.powi(2))));
        if (lambda - previous).abs() < 1e-13 {
            let u_sq = cos2_alpha * (a * a - b * b) / (b * b);
            let big_a = 1.0 + u_sq / 16384.0 * (4096.0 + u_sq * (-768.0 + u_sq * (320.0 - 175.0 * u_sq)));
            let big_b = u_sq / 1024.0 * (256.0 + u_sq * (-128.0 + u_sq * (74.0 - 47.0 * u_sq)));
            let delta_sigma = big_b
                * sin_sigma
                * (cos_2sigma_m
                    + big_b / 4.0
                        * (cos_sigma * (-1.0 + 2.0 * cos_2sigma_m.powi(2))
                            - big_b / 6.0
                                * cos_2sigma_m
                                * (-3.0 + 4.0 * sin_sigma.powi(2))
                                * (-3.0 + 4.0 * cos_2sigma_m.powi(2))));
            return Some(b * big_a * (sigma - delta_sigma));
        }
    }
    None
}

/// One route record of routes.toml.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RouteRecord {
    /// Lookup name (case-insensitive), e.g. `sumgait-aktau`.
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub landing_a: String,
    #[serde(default)]
    pub landing_b: String,
    /// `[latitude_deg, longitude_deg]` points from landing A to landing B (WGS84); at least two unless
    /// `length_km` is given.
    #[serde(default)]
    pub waypoints: Vec<[f64; 2]>,
    /// Cable length over geodesic route length; [`DEFAULT_SLACK_FACTOR`] when absent.
    #[serde(default)]
    pub slack_factor: Option<f64>,
    /// Explicit cable length (km); overrides waypoints × slack.
    #[serde(default)]
    pub length_km: Option<f64>,
    /// Status and sources (free text).
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub source: String,
}

/// A validated route with its lengths.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Route {
    pub record: RouteRecord,
    /// Sum of WGS84 geodesics between the waypoints (km); 0 when there are no waypoints.
    pub geodesic_length_km: f64,
    /// Cable length used by the design (km).
    pub cable_length_km: f64,
}

impl Route {
    /// Validates a record (`context` names the file for messages) and computes its lengths.
    pub fn new(record: RouteRecord, context: &str) -> Result<Route, FiberError> {
        let ctx = format!("{context}: route {:?}", record.name);
        if record.name.trim().is_empty() {
            return Err(FiberError::invalid(context, "name", "\"\"", "a non-empty route name"));
        }
        for (i, [lat, lon]) in record.waypoints.iter().enumerate() {
            if !(lat.abs() <= 90.0) {
                return Err(FiberError::invalid(&ctx, format!("waypoints[{i}] latitude_deg"), lat, "[-90, 90]"));
            }
            if !(*lon >= -180.0 && *lon <= 360.0) {
                return Err(FiberError::invalid(&ctx, format!("waypoints[{i}] longitude_deg"), lon, "[-180, 360]"));
            }
        }
        let mut geodesic_m = 0.0;
        for (i, pair) in record.waypoints.windows(2).enumerate() {
            geodesic_m += geodesic_length_m(pair[0][0], pair[0][1], pair[1][0], pair[1][1])
                .ok_or(FiberError::Geodesic { from: i, to: i + 1 })?;
        }
        let geodesic_length_km = geodesic_m / 1000.0;
        if let Some(slack) = record.slack_factor {
            if !(1.0..=2.0).contains(&slack) {
                return Err(FiberError::invalid(&ctx, "slack_factor", slack, "a ratio in [1, 2] (cable over route)"));
            }
        }
        let cable_length_km = match record.length_km {
            Some(length) => {
                if !(length > 0.0 && length <= MAX_CABLE_LENGTH_KM) {
                    return Err(FiberError::invalid(
                        &ctx,
                        "length_km",
                        length,
                        format!("a length in (0, {MAX_CABLE_LENGTH_KM}] km"),
                    ));
                }
                length
            }
            None => {
                if record.waypoints.len() < 2 {
                    return Err(FiberError::invalid(
                        &ctx,
                        "waypoints",
                        format!("{} points", record.waypoints.len()),
                        "at least two [lat_deg, lon_deg] points, or length_km",
                    ));
                }
                if !(geodesic_length_km > 0.0) {
                    return Err(FiberError::invalid(
                        &ctx,
                        "waypoints",
                        "a zero-length route",
                        "distinct landing points",
                    ));
                }
                geodesic_length_km * record.slack_factor.unwrap_or(DEFAULT_SLACK_FACTOR)
            }
        };
        Ok(Route { record, geodesic_length_km, cable_length_km })
    }

    /// A route of a given cable length with no geometry (for sweeps and scenarios).
    pub fn from_length(name: &str, length_km: f64) -> Result<Route, FiberError> {
        let record = RouteRecord {
            name: name.to_string(),
            description: String::new(),
            landing_a: String::new(),
            landing_b: String::new(),
            waypoints: Vec::new(),
            slack_factor: None,
            length_km: Some(length_km),
            status: String::new(),
            source: String::new(),
        };
        Route::new(record, "route")
    }

    /// The route name.
    pub fn name(&self) -> &str {
        &self.record.name
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteFile {
    #[serde(default)]
    route: Vec<RouteRecord>,
}

/// A set of named routes.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteCatalog {
    pub routes: Vec<Route>,
}

impl RouteCatalog {
    /// The bundled catalog (configs/fiber/routes.toml).
    pub fn bundled() -> RouteCatalog {
        RouteCatalog::parse_str(DEFAULT_ROUTES_TOML, "configs/fiber/routes.toml")
            .expect("bundled configs/fiber/routes.toml is valid (checked by tests)")
    }

    /// Loads a routes TOML file (`[[route]]` tables).
    pub fn load(path: &Path) -> Result<RouteCatalog, FiberError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| FiberError::Io { file: file.clone(), source })?;
        RouteCatalog::parse_str(&text, &file)
    }

    /// Parses routes TOML text; `file` names it in messages.
    pub fn parse_str(text: &str, file: &str) -> Result<RouteCatalog, FiberError> {
        let parsed: RouteFile =
            toml::from_str(text).map_err(|e| FiberError::Parse { file: file.to_string(), message: e.to_string() })?;
        if let Some(d) = crate::validate::find_duplicate_names(text, "route", "name", |n| n.trim().to_lowercase()) {
            return Err(FiberError::invalid(
                format!("{file}:{}", d.second_line),
                "route.name",
                format!("{:?} (also at {file}:{})", d.name, d.first_line),
                "unique route names (case-insensitive)",
            ));
        }
        let mut routes = Vec::with_capacity(parsed.route.len());
        for record in parsed.route {
            if routes.iter().any(|r: &Route| r.record.name.eq_ignore_ascii_case(&record.name)) {
                return Err(FiberError::invalid(file, "route.name", &record.name, "unique route names"));
            }
            routes.push(Route::new(record, file)?);
        }
        Ok(RouteCatalog { routes })
    }

    /// Looks a route up by name (case-insensitive).
    pub fn route(&self, name: &str) -> Result<&Route, FiberError> {
        self.routes.iter().find(|r| r.record.name.eq_ignore_ascii_case(name)).ok_or_else(|| FiberError::UnknownRoute {
            name: name.to_string(),
            known: self.routes.iter().map(|r| r.record.name.as_str()).collect::<Vec<_>>().join(", "),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vincenty (1975) test line (Flinders Peak → Buninyong), on GRS80 whose flattening differs from WGS84's by
    /// 1e-10 relative: 54 972.271 m.
    #[test]
    fn vincenty_flinders_peak_buninyong() {
        let dms = |d: f64, m: f64, s: f64| d.signum() * (d.abs() + m / 60.0 + s / 3600.0);
        let s = geodesic_length_m(
            dms(-37.0, 57.0, 3.72030),
            dms(144.0, 25.0, 29.52440),
            dms(-37.0, 39.0, 10.15610),
            dms(143.0, 55.0, 35.38390),
        )
        .unwrap();
        assert!((s - 54_972.271).abs() < 0.002, "{s}");
    }

    #[test]
    fn zero_and_equator() {
        assert_eq!(geodesic_length_m(40.0, 50.0, 40.0, 50.0), Some(0.0));
        // Along the equator the geodesic is the equatorial arc a·Δλ.
        let s = geodesic_length_m(0.0, 0.0, 0.0, 1.0).unwrap();
        assert!((s - WGS84_A_M * 1f64.to_radians()).abs() < 1e-6, "{s}");
    }

    #[test]
    fn bundled_routes_have_reported_lengths() {
        let catalog = RouteCatalog::bundled();
        for (name, reported_km) in [("sumgait-aktau", 380.0), ("siyazan-turkmenbashi", 300.0), ("kuryk-buzovna", 330.0)]
        {
            let route = catalog.route(name).unwrap();
            assert!((route.cable_length_km - reported_km).abs() / reported_km < 0.06, "{name}: {route:?}");
        }
        assert!(matches!(catalog.route("nowhere"), Err(FiberError::UnknownRoute { .. })));
    }

    #[test]
    fn rejects_bad_lengths() {
        assert!(Route::from_length("x", 0.0).is_err());
        assert!(Route::from_length("x", -5.0).is_err());
        assert!(Route::from_length("x", f64::NAN).is_err());
        let err = RouteCatalog::parse_str("[[route]]\nname = \"a\"\nwaypoints = [[40.0, 50.0]]\n", "f.toml");
        assert!(err.unwrap_err().to_string().contains("waypoints"));
        let err = RouteCatalog::parse_str("[[route]]\nname = \"a\"\nlength_km = -3\n", "f.toml");
        assert!(err.unwrap_err().to_string().contains("length_km"));
    }
}
