//! Ground-station catalog: configs/stations.toml (embedded in the binary as the default) or a user file, and
//! ad-hoc stations given as `NAME:LAT,LON[,ALT_M]`.

use crate::frames::{Geodetic, GroundStation};
use serde::Deserialize;
use std::path::Path;
use thiserror::Error;

/// The bundled station catalog (configs/stations.toml).
pub const DEFAULT_STATIONS_TOML: &str = include_str!("../configs/stations.toml");

/// Errors loading or looking up stations.
#[derive(Debug, Error)]
pub enum StationError {
    #[error("cannot read station file {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: station {name:?}: {field} = {} is out of range; expected {expected}", crate::validate::fmt_value(*.value))]
    Range { file: String, name: String, field: &'static str, value: f64, expected: &'static str },
    #[error("{file}:{second_line}: station name {name:?} is also used at {file}:{first_line}; expected unique station names (case-insensitive)")]
    Duplicate { file: String, name: String, first_line: usize, second_line: usize },
    #[error("unknown station {name:?}; known stations: {known}; or give NAME:LAT,LON[,ALT_M]")]
    Unknown { name: String, known: String },
    #[error("invalid station {text:?}: {problem}; expected NAME:LAT_DEG,LON_DEG[,ALT_M] with latitude in [-90, 90] and longitude in [-180, 360)")]
    BadInline { text: String, problem: String },
}

/// One station record of stations.toml.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StationRecord {
    pub name: String,
    #[serde(default)]
    pub country: String,
    pub latitude_deg: f64,
    pub longitude_deg: f64,
    #[serde(default)]
    pub altitude_m: f64,
    /// `[azimuth_deg, min_elevation_deg]` points, interpolated linearly in azimuth.
    #[serde(default)]
    pub horizon_mask: Vec<[f64; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StationFile {
    #[serde(default)]
    station: Vec<StationRecord>,
}

/// A station with its geometry and optional horizon mask.
#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    pub record: StationRecord,
    pub ground: GroundStation,
}

impl Station {
    /// Minimum elevation (degrees) at an azimuth: the larger of `global_mask_deg` and the horizon mask
    /// interpolated linearly in azimuth (wrapping at 360°).
    pub fn mask_elevation_deg(&self, azimuth_deg: f64, global_mask_deg: f64) -> f64 {
        let mask = &self.record.horizon_mask;
        if mask.is_empty() {
            return global_mask_deg;
        }
        let mut points: Vec<[f64; 2]> = mask.iter().map(|p| [p[0].rem_euclid(360.0), p[1]]).collect();
        points.sort_by(|a, b| a[0].total_cmp(&b[0]));
        let az = azimuth_deg.rem_euclid(360.0);
        let n = points.len();
        let local = if n == 1 {
            points[0][1]
        } else {
            let upper = points.iter().position(|p| p[0] >= az).unwrap_or(n);
            let (first, last) = (points[0], points[n - 1]);
            // Neighbours around `az`, unwrapped across 0°/360° so that a[0] ≤ az ≤ b[0].
            let (a, b) = if upper == 0 {
                ([last[0] - 360.0, last[1]], first)
            } else if upper == n {
                (last, [first[0] + 360.0, first[1]])
            } else {
                (points[upper - 1], points[upper])
            };
            if (b[0] - a[0]).abs() < 1e-12 {
                a[1].max(b[1])
            } else {
                a[1] + (b[1] - a[1]) * (az - a[0]) / (b[0] - a[0])
            }
        };
        local.max(global_mask_deg)
    }
}

/// A station catalog.
#[derive(Debug, Clone)]
pub struct StationCatalog {
    pub file: String,
    pub stations: Vec<Station>,
}

impl StationCatalog {
    /// The bundled catalog.
    pub fn bundled() -> Self {
        Self::parse(DEFAULT_STATIONS_TOML, "configs/stations.toml").expect("bundled stations.toml is valid")
    }

    /// Loads a catalog file.
    pub fn load(path: &Path) -> Result<Self, StationError> {
        let file = path.display().to_string();
        let text = crate::input::read_to_string_capped(path, crate::input::MAX_CONFIG_BYTES)
            .map_err(|source| StationError::Io { file: file.clone(), source })?;
        Self::parse(&text, &file)
    }

    /// Parses catalog text and validates every station.
    pub fn parse(text: &str, file: &str) -> Result<Self, StationError> {
        let parsed: StationFile =
            toml::from_str(text).map_err(|e| StationError::Parse { file: file.to_string(), message: e.to_string() })?;
        if let Some(d) = crate::validate::find_duplicate_names(text, "station", "name", |n| n.trim().to_lowercase()) {
            return Err(StationError::Duplicate {
                file: file.to_string(),
                name: d.name,
                first_line: d.first_line,
                second_line: d.second_line,
            });
        }
        let mut stations = Vec::new();
        for record in parsed.station {
            let range = |field, value, expected| StationError::Range {
                file: file.to_string(),
                name: record.name.clone(),
                field,
                value,
                expected,
            };
            if !(-90.0..=90.0).contains(&record.latitude_deg) {
                return Err(range("latitude_deg", record.latitude_deg, "-90 to 90"));
            }
            if !(-180.0..360.0).contains(&record.longitude_deg) {
                return Err(range("longitude_deg", record.longitude_deg, "-180 to 360"));
            }
            if !(-500.0..=9000.0).contains(&record.altitude_m) {
                return Err(range("altitude_m", record.altitude_m, "-500 to 9000 m"));
            }
            for point in &record.horizon_mask {
                if !(-5.0..=90.0).contains(&point[1]) || !point[0].is_finite() {
                    return Err(range(
                        "horizon_mask",
                        point[1],
                        "[azimuth_deg, elevation_deg] with elevation in [-5, 90]",
                    ));
                }
            }
            stations.push(Station { ground: ground_of(&record), record });
        }
        Ok(StationCatalog { file: file.to_string(), stations })
    }

    /// Finds a station by name (case-insensitive), or builds one from `NAME:LAT,LON[,ALT_M]`.
    pub fn resolve(&self, text: &str) -> Result<Station, StationError> {
        if let Some(station) = self.stations.iter().find(|s| s.record.name.eq_ignore_ascii_case(text.trim())) {
            return Ok(station.clone());
        }
        if text.contains(':') {
            return parse_inline_station(text);
        }
        Err(StationError::Unknown {
            name: text.to_string(),
            known: if self.stations.is_empty() {
                format!("(none: {} holds no [[station]] tables)", self.file)
            } else {
                self.stations.iter().map(|s| s.record.name.as_str()).collect::<Vec<_>>().join(", ")
            },
        })
    }
}

fn ground_of(record: &StationRecord) -> GroundStation {
    let longitude_deg = if record.longitude_deg > 180.0 { record.longitude_deg - 360.0 } else { record.longitude_deg };
    GroundStation::new(
        record.name.clone(),
        Geodetic { latitude_deg: record.latitude_deg, longitude_deg, altitude_km: record.altitude_m / 1000.0 },
    )
}

/// Parses `NAME:LAT_DEG,LON_DEG[,ALT_M]`.
pub fn parse_inline_station(text: &str) -> Result<Station, StationError> {
    let bad = |problem: &str| StationError::BadInline { text: text.to_string(), problem: problem.to_string() };
    let (name, coordinates) = text.split_once(':').ok_or_else(|| bad("no ':'"))?;
    if name.trim().is_empty() {
        return Err(bad("empty name"));
    }
    let numbers: Vec<&str> = coordinates.split(',').map(str::trim).collect();
    if numbers.len() < 2 || numbers.len() > 3 {
        return Err(bad("need 2 or 3 comma-separated numbers"));
    }
    let parse = |s: &str, what: &str| -> Result<f64, StationError> {
        s.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| bad(&format!("{what} {s:?} is not a number")))
    };
    let latitude_deg = parse(numbers[0], "latitude")?;
    let longitude_deg = parse(numbers[1], "longitude")?;
    let altitude_m = if numbers.len() == 3 { parse(numbers[2], "altitude")? } else { 0.0 };
    if !(-90.0..=90.0).contains(&latitude_deg) {
        return Err(bad("latitude out of range"));
    }
    if !(-180.0..360.0).contains(&longitude_deg) {
        return Err(bad("longitude out of range"));
    }
    if !(-500.0..=9000.0).contains(&altitude_m) {
        return Err(bad("altitude outside -500 to 9000 m"));
    }
    let record = StationRecord {
        name: name.trim().to_string(),
        country: String::new(),
        latitude_deg,
        longitude_deg,
        altitude_m,
        horizon_mask: Vec::new(),
    };
    Ok(Station { ground: ground_of(&record), record })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_has_the_region() {
        let catalog = StationCatalog::bundled();
        for name in [
            "Baku",
            "Sumgait",
            "Aktau",
            "Almaty",
            "Astana",
            "Ankara",
            "Istanbul",
            "Tashkent",
            "Bishkek",
            "Ashgabat",
            "Turkmenbashi",
        ] {
            assert!(catalog.resolve(name).is_ok(), "{name}");
        }
        assert!(catalog.resolve("Atlantis").is_err());
        let inline = catalog.resolve("Site:41.0,69.5,450").unwrap();
        assert_eq!(inline.record.altitude_m, 450.0);
        assert!(catalog.resolve("Site:91,0").is_err());
    }

    #[test]
    fn duplicate_names_are_refused_naming_both_lines() {
        let text = "[[station]]\nname = \"Baku\"\nlatitude_deg = 40.4\nlongitude_deg = 49.9\n\n\
                    [[station]]\nname = \"BAKU\"\nlatitude_deg = 40.5\nlongitude_deg = 49.8\n";
        let err = StationCatalog::parse(text, "s.toml").unwrap_err().to_string();
        assert!(err.contains("s.toml:7:") && err.contains("s.toml:2") && err.contains("\"BAKU\""), "{err}");
    }

    #[test]
    fn empty_catalog_says_none_and_big_values_print_short() {
        let empty = StationCatalog::parse("", "empty.toml").unwrap();
        let err = empty.resolve("Baku").unwrap_err().to_string();
        assert!(err.contains("known stations: (none"), "{err}");
        let text = "[[station]]\nname = \"X\"\nlatitude_deg = 1e308\nlongitude_deg = 0\n";
        let err = StationCatalog::parse(text, "s.toml").unwrap_err().to_string();
        assert!(err.contains("1e308") && err.len() < 200, "{err}");
    }

    #[test]
    fn mask_interpolates_and_wraps() {
        let mut station = parse_inline_station("S:40,50").unwrap();
        station.record.horizon_mask = vec![[350.0, 10.0], [10.0, 20.0], [180.0, 5.0]];
        assert!((station.mask_elevation_deg(0.0, 0.0) - 15.0).abs() < 1e-9);
        assert!((station.mask_elevation_deg(95.0, 0.0) - 12.5).abs() < 1e-9);
        assert_eq!(station.mask_elevation_deg(95.0, 30.0), 30.0);
    }
}
