//! The GEO fleet (configs/satellites.toml) and Earth–satellite geometry from the nominal slot.

use serde::{Deserialize, Serialize};

use super::LinkError;
use crate::frames::{EcefState, Geodetic, GroundStation};

/// The bundled fleet file.
pub const DEFAULT_SATELLITES_TOML: &str = include_str!("../../configs/satellites.toml");

/// Geostationary orbit radius, km.
pub const GEO_RADIUS_KM: f64 = 42_164.17;

/// Frequency band of a payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    C,
    Ku,
    Ka,
}

impl Band {
    pub fn name(&self) -> &'static str {
        match self {
            Band::C => "c",
            Band::Ku => "ku",
            Band::Ka => "ka",
        }
    }
}

impl std::str::FromStr for Band {
    type Err = LinkError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "c" => Ok(Band::C),
            "ku" => Ok(Band::Ku),
            "ka" => Ok(Band::Ka),
            _ => Err(LinkError::UnknownBand { satellite: String::new(), band: s.to_string(), available: vec![] }),
        }
    }
}

impl std::fmt::Display for Band {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Band::C => "C",
            Band::Ku => "Ku",
            Band::Ka => "Ka",
        })
    }
}

/// One band's payload on a satellite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    pub band: Band,
    /// Downlink centre frequency used for the budget, GHz.
    pub downlink_ghz: f64,
    /// Uplink centre frequency, GHz.
    pub uplink_ghz: f64,
    pub transponders: u32,
    pub transponder_bw_mhz: f64,
    /// Saturated transponder EIRP in the coverage beam over the region, dBW.
    pub eirp_dbw: f64,
    /// Satellite receive G/T, dB/K.
    pub g_over_t_dbk: f64,
    /// `true` when EIRP / G/T / counts are planning assumptions, not published figures.
    pub assumed: bool,
    #[serde(default)]
    pub note: String,
}

/// A GEO satellite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SatelliteConfig {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Name of the element set in the bundled TLE catalog (tle/ots.tle).
    pub tle_name: String,
    /// Nominal GEO slot longitude, deg E.
    pub slot_lon_deg: f64,
    pub source: String,
    #[serde(rename = "band")]
    pub bands: Vec<Payload>,
}

impl SatelliteConfig {
    /// The payload in `band`, or an error listing the bands this satellite has.
    pub fn payload(&self, band: Band) -> Result<&Payload, LinkError> {
        self.bands.iter().find(|p| p.band == band).ok_or_else(|| LinkError::UnknownBand {
            satellite: self.name.clone(),
            band: band.name().to_string(),
            available: self.bands.iter().map(|p| p.band.name().to_string()).collect(),
        })
    }

    fn matches(&self, text: &str) -> bool {
        let norm = |s: &str| s.to_lowercase().replace(['-', ' ', '_'], "").replace('ü', "u");
        let t = norm(text);
        norm(&self.name) == t || norm(&self.tle_name) == t || self.aliases.iter().any(|a| norm(a) == t)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SatelliteFile {
    satellite: Vec<SatelliteConfig>,
}

/// A set of satellites.
#[derive(Debug, Clone, PartialEq)]
pub struct SatelliteCatalog {
    pub file: String,
    pub satellites: Vec<SatelliteConfig>,
}

impl SatelliteCatalog {
    /// configs/satellites.toml, compiled in.
    pub fn bundled() -> SatelliteCatalog {
        SatelliteCatalog::parse(DEFAULT_SATELLITES_TOML, "configs/satellites.toml").expect("bundled fleet parses")
    }

    /// Reads a fleet file.
    pub fn load(path: &std::path::Path) -> Result<SatelliteCatalog, LinkError> {
        let text = crate::input::read_to_string_capped(path, crate::input::MAX_CONFIG_BYTES).map_err(|e| {
            LinkError::Config { file: path.display().to_string(), line: 0, message: format!("cannot read: {e}") }
        })?;
        SatelliteCatalog::parse(&text, &path.display().to_string())
    }

    /// Parses and validates a fleet file.
    pub fn parse(text: &str, file: &str) -> Result<SatelliteCatalog, LinkError> {
        let parsed: SatelliteFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1)).unwrap_or(0);
            LinkError::Config { file: file.to_string(), line, message: e.message().to_string() }
        })?;
        let normalise = |n: &str| n.trim().to_lowercase();
        if let Some(d) = crate::validate::find_duplicate_names(text, "satellite", "name", normalise) {
            return Err(LinkError::Config {
                file: file.to_string(),
                line: d.second_line,
                message: format!(
                    "satellite {:?} is also defined at {file}:{}; expected unique satellite names",
                    d.name, d.first_line
                ),
            });
        }
        if let Some((owner, d)) =
            crate::validate::find_duplicate_nested(text, "satellite", "name", "band", "band", normalise)
        {
            return Err(LinkError::Config {
                file: file.to_string(),
                line: d.second_line,
                message: format!(
                    "satellite {owner:?}: band {:?} is also defined at {file}:{}; expected each band once per satellite",
                    d.name, d.first_line
                ),
            });
        }
        use crate::validate::{fmt_value, Range};
        const SLOT_LON_DEG: Range = Range::new(-180.0, 360.0, "deg E");
        const FREQUENCY_GHZ: Range = Range::new(1.0, 100.0, "GHz");
        const TRANSPONDER_BW_MHZ: Range = Range::new(0.1, 3000.0, "MHz");
        const EIRP_DBW: Range = Range::new(-20.0, 100.0, "dBW");
        const G_OVER_T_DBK: Range = Range::new(-40.0, 40.0, "dB/K");
        for s in &parsed.satellite {
            let bad =
                |m: String| LinkError::Config { file: file.to_string(), line: 0, message: format!("{}: {m}", s.name) };
            if !SLOT_LON_DEG.contains(s.slot_lon_deg) {
                return Err(bad(format!("slot_lon_deg {} is not in {SLOT_LON_DEG}", fmt_value(s.slot_lon_deg))));
            }
            for p in &s.bands {
                for (field, value, range) in [
                    ("downlink_ghz", p.downlink_ghz, FREQUENCY_GHZ),
                    ("uplink_ghz", p.uplink_ghz, FREQUENCY_GHZ),
                    ("transponder_bw_mhz", p.transponder_bw_mhz, TRANSPONDER_BW_MHZ),
                    ("eirp_dbw", p.eirp_dbw, EIRP_DBW),
                    ("g_over_t_dbk", p.g_over_t_dbk, G_OVER_T_DBK),
                ] {
                    if !range.contains(value) {
                        return Err(bad(format!(
                            "band {}: {field} = {}; expected a finite number in {range}",
                            p.band.name(),
                            fmt_value(value)
                        )));
                    }
                }
                if !(1..=1000).contains(&p.transponders) {
                    return Err(bad(format!(
                        "band {}: transponders = {}; expected 1 to 1000",
                        p.band.name(),
                        p.transponders
                    )));
                }
            }
        }
        Ok(SatelliteCatalog { file: file.to_string(), satellites: parsed.satellite })
    }

    /// Finds a satellite by name, alias or TLE name (case, spaces, dashes and ü/u ignored).
    pub fn resolve(&self, name: &str) -> Result<&SatelliteConfig, LinkError> {
        self.satellites.iter().find(|s| s.matches(name)).ok_or_else(|| LinkError::UnknownSatellite {
            name: name.to_string(),
            known: self.satellites.iter().map(|s| s.name.clone()).collect(),
        })
    }
}

/// Where the geometry comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum GeometrySource {
    /// Ideal GEO at the nominal slot (equator, r = 42 164.17 km).
    NominalSlot { slot_lon_deg: f64 },
    /// Given by the caller (e.g. from SGP4 + frames at an instant).
    Given { description: String },
}

/// Elevation, azimuth and slant range from a site to a satellite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Geometry {
    pub elevation_deg: f64,
    pub azimuth_deg: f64,
    pub slant_range_km: f64,
    pub source: GeometrySource,
}

impl Geometry {
    /// One-way propagation delay site → satellite, ms.
    pub fn one_way_delay_ms(&self) -> f64 {
        self.slant_range_km / crate::frames::SPEED_OF_LIGHT_KM_S * 1e3
    }
}

/// Look angles from `site` (WGS84) to an ideal GEO satellite at `slot_lon_deg` (ECEF, equatorial, r = 42 164.17 km).
/// The elevation may be ≤ 0 (below the horizon): the budget rejects it.
pub fn nominal_geometry(site: &Geodetic, slot_lon_deg: f64) -> Geometry {
    let lon = slot_lon_deg.to_radians();
    let sat = EcefState {
        position_km: nalgebra::Vector3::new(GEO_RADIUS_KM * lon.cos(), GEO_RADIUS_KM * lon.sin(), 0.0),
        velocity_km_s: nalgebra::Vector3::zeros(),
    };
    let gs = GroundStation::new("site", *site);
    let look = gs.look_angles(&sat);
    Geometry {
        elevation_deg: look.elevation_deg,
        azimuth_deg: look.azimuth_deg,
        slant_range_km: look.range_km,
        source: GeometrySource::NominalSlot { slot_lon_deg },
    }
}

/// Look angles from `site` to the satellite's element set `tle_name` in the bundled catalog (tle/ots.tle) at
/// instant `t`: SGP4 (orbit module) → TEME → ECEF (GMST 1982, UT1 = UTC) → topocentric (frames module).
/// A GEO satellite's station-keeping box (±0.05–0.1°) and inclination move the geometry by a few 0.01°.
pub fn tle_geometry(
    site: &Geodetic,
    satellite: &SatelliteConfig,
    t: &crate::time::Instant,
) -> Result<Geometry, LinkError> {
    use crate::frames::{teme_to_ecef, EarthOrientation};
    use crate::orbit::{Catalog, ParseOptions, Satellite};
    let catalog = Catalog::parse_str(crate::DEFAULT_CATALOG_TLE, "tle/ots.tle", ParseOptions::default())
        .map_err(|e| LinkError::InvalidInput(format!("bundled TLE catalog: {e}")))?;
    let set = catalog.sets.iter().find(|s| s.name == satellite.tle_name).ok_or_else(|| {
        LinkError::InvalidInput(format!(
            "{}: no element set named {:?} in tle/ots.tle (use the nominal slot geometry)",
            satellite.name, satellite.tle_name
        ))
    })?;
    let epoch = crate::time::format_instant_s(&set.epoch);
    let sat = Satellite::new(set.clone()).map_err(|e| LinkError::InvalidInput(e.to_string()))?;
    let teme = sat.propagate(t).map_err(|e| LinkError::InvalidInput(e.to_string()))?;
    let ecef = teme_to_ecef(&teme, t, &EarthOrientation::default());
    let look = GroundStation::new("site", *site).look_angles(&ecef);
    Ok(Geometry {
        elevation_deg: look.elevation_deg,
        azimuth_deg: look.azimuth_deg,
        slant_range_km: look.range_km,
        source: GeometrySource::Given {
            description: format!(
                "SGP4 from tle/ots.tle {:?} (epoch {epoch}) at {}",
                satellite.tle_name,
                crate::time::format_instant_s(t)
            ),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fleet_resolves() {
        let c = SatelliteCatalog::bundled();
        assert_eq!(c.satellites.len(), 9);
        assert_eq!(c.resolve("türksat 5b").unwrap().slot_lon_deg, 42.0);
        assert_eq!(c.resolve("AZERSPACE 2 (IS-38)").unwrap().name, "Azerspace-2");
        assert!(c.resolve("Starlink").is_err());
        assert!(c.resolve("KazSat-3").unwrap().payload(Band::Ka).is_err());
    }

    #[test]
    fn duplicate_bands_and_satellites_name_both_lines() {
        let band_ku = "[[satellite.band]]\nband = \"ku\"\ndownlink_ghz = 12.0\nuplink_ghz = 14.25\ntransponders = 12\n\
                       transponder_bw_mhz = 36.0\neirp_dbw = 48.0\ng_over_t_dbk = 2.0\nassumed = true\n";
        let sat = |name: &str| {
            format!("[[satellite]]\nname = \"{name}\"\ntle_name = \"X\"\nslot_lon_deg = 46.0\nsource = \"s\"\n")
        };
        let one = format!("{}{band_ku}", sat("A"));
        assert!(SatelliteCatalog::parse(&one, "f.toml").is_ok());
        let twice_band = format!("{}{band_ku}{band_ku}", sat("A"));
        let err = SatelliteCatalog::parse(&twice_band, "f.toml").unwrap_err().to_string();
        assert!(err.starts_with("f.toml:16:") && err.contains("also defined at f.toml:7"), "{err}");
        let twice_sat = format!("{one}{}{band_ku}", sat("a"));
        let err = SatelliteCatalog::parse(&twice_sat, "f.toml").unwrap_err().to_string();
        assert!(err.starts_with("f.toml:16:") && err.contains("also defined at f.toml:2"), "{err}");
        let huge = one.replace("eirp_dbw = 48.0", "eirp_dbw = 1e308");
        let err = SatelliteCatalog::parse(&huge, "f.toml").unwrap_err().to_string();
        assert!(err.contains("eirp_dbw = 1e308") && err.contains("[-20, 100] dBW"), "{err}");
    }

    /// The bundled TLE puts each satellite within ~0.5° of its nominal slot (GEO station keeping + TLE epoch).
    #[test]
    fn tle_geometry_is_close_to_the_slot() {
        let baku = Geodetic { latitude_deg: 40.4093, longitude_deg: 49.8671, altitude_km: 0.0 };
        let t = crate::time::parse_instant("2026-09-07T12:00:00Z").unwrap();
        for s in &SatelliteCatalog::bundled().satellites {
            let g = tle_geometry(&baku, s, &t).unwrap();
            let n = nominal_geometry(&baku, s.slot_lon_deg);
            assert!(
                (g.elevation_deg - n.elevation_deg).abs() < 1.0,
                "{}: {} vs {}",
                s.name,
                g.elevation_deg,
                n.elevation_deg
            );
            assert!((g.slant_range_km - n.slant_range_km).abs() < 500.0, "{}", s.name);
        }
    }

    /// link_budget.md §3: Baku → 46°E slant range 37 539 km (spherical formula; WGS84 differs by a few km).
    #[test]
    fn baku_to_46e_range() {
        let baku = Geodetic { latitude_deg: 40.4093, longitude_deg: 49.8671, altitude_km: 0.0 };
        let g = nominal_geometry(&baku, 46.0);
        assert!((g.slant_range_km - 37_539.0).abs() < 20.0, "{}", g.slant_range_km);
        assert!(g.elevation_deg > 40.0 && g.elevation_deg < 45.0);
    }
}
