//! Regions (longitude/latitude boxes) and regular grids of cells over them.

use super::CoverageError;
use crate::frames::Geodetic;
use serde::Deserialize;
use std::path::Path;

/// The bundled region catalog (configs/regions.toml).
pub const BUNDLED_REGIONS_TOML: &str = include_str!("../../configs/regions.toml");

/// Largest memory the per-cell state of a grid may take, bytes (2 GiB).
pub const MAX_GRID_BYTES: u64 = 2 << 30;

/// A longitude/latitude box, WGS-84 geodetic degrees, longitude east-positive in [−180, 180].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub lon_min: f64,
    pub lat_min: f64,
    pub lon_max: f64,
    pub lat_max: f64,
}

impl Region {
    /// A box from its corners, validated ([`Region::validate`]).
    pub fn from_bbox(
        name: &str,
        lon_min: f64,
        lat_min: f64,
        lon_max: f64,
        lat_max: f64,
    ) -> Result<Self, CoverageError> {
        let region = Region { name: name.to_string(), description: String::new(), lon_min, lat_min, lon_max, lat_max };
        region.validate()?;
        Ok(region)
    }

    /// Parses `LON_MIN,LAT_MIN,LON_MAX,LAT_MAX` (degrees).
    pub fn parse_bbox(text: &str) -> Result<Self, CoverageError> {
        let bad = |problem: &str| CoverageError::BadRegion {
            region: text.to_string(),
            problem: problem.to_string(),
            expected: "LON_MIN,LAT_MIN,LON_MAX,LAT_MAX in degrees, e.g. 25,35,90,56".to_string(),
        };
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        if parts.len() != 4 {
            return Err(bad(&format!("{} numbers given", parts.len())));
        }
        let mut values = [0.0; 4];
        for (v, p) in values.iter_mut().zip(&parts) {
            *v = p.parse::<f64>().map_err(|_| bad(&format!("{p:?} is not a number")))?;
        }
        Region::from_bbox("bbox", values[0], values[1], values[2], values[3])
    }

    /// Checks the box: finite, longitudes in [−180, 180], latitudes in [−90, 90], min < max on both axes.
    pub fn validate(&self) -> Result<(), CoverageError> {
        let bad = |problem: String| CoverageError::BadRegion {
            region: self.name.clone(),
            problem,
            expected: "lon_min < lon_max within [-180, 180] and lat_min < lat_max within [-90, 90]".to_string(),
        };
        let all = [self.lon_min, self.lat_min, self.lon_max, self.lat_max];
        if all.iter().any(|v| !v.is_finite()) {
            return Err(bad(format!("non-finite bound in {all:?}")));
        }
        if self.lon_min < -180.0 || self.lon_max > 180.0 || self.lat_min < -90.0 || self.lat_max > 90.0 {
            return Err(bad(format!(
                "bounds lon {}..{} lat {}..{} leave the globe",
                self.lon_min, self.lon_max, self.lat_min, self.lat_max
            )));
        }
        if !(self.lon_min < self.lon_max) {
            return Err(bad(format!("longitude range {}..{} is empty or inverted", self.lon_min, self.lon_max)));
        }
        if !(self.lat_min < self.lat_max) {
            return Err(bad(format!("latitude range {}..{} is empty or inverted", self.lat_min, self.lat_max)));
        }
        Ok(())
    }

    /// True when the point lies inside the box (edges included).
    pub fn contains(&self, latitude_deg: f64, longitude_deg: f64) -> bool {
        (self.lat_min..=self.lat_max).contains(&latitude_deg) && (self.lon_min..=self.lon_max).contains(&longitude_deg)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionFile {
    region: Vec<Region>,
}

/// Named regions.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionCatalog {
    pub file: String,
    pub regions: Vec<Region>,
}

impl RegionCatalog {
    /// The bundled catalog: the OTS region and each member state's box.
    pub fn bundled() -> Self {
        Self::parse(BUNDLED_REGIONS_TOML, "configs/regions.toml").expect("bundled regions.toml is valid")
    }

    /// Loads a catalog from a TOML file of `[[region]]` tables.
    pub fn load(path: &Path) -> Result<Self, CoverageError> {
        let file = path.display().to_string();
        let text = crate::input::read_to_string_capped(path, crate::input::MAX_CONFIG_BYTES)
            .map_err(|e| CoverageError::RegionFile { file: file.clone(), problem: e.to_string() })?;
        Self::parse(&text, &file)
    }

    /// Parses a catalog; every region is validated.
    pub fn parse(text: &str, file: &str) -> Result<Self, CoverageError> {
        let parsed: RegionFile = toml::from_str(text)
            .map_err(|e| CoverageError::RegionFile { file: file.to_string(), problem: e.to_string() })?;
        if let Some(d) = crate::validate::find_duplicate_names(text, "region", "name", normalise) {
            return Err(CoverageError::RegionFile {
                file: file.to_string(),
                problem: format!(
                    "line {}: region {:?} is also defined at {file}:{} (names compared ignoring case and ü/u); \
                     expected unique region names",
                    d.second_line, d.name, d.first_line
                ),
            });
        }
        for region in &parsed.region {
            region
                .validate()
                .map_err(|e| CoverageError::RegionFile { file: file.to_string(), problem: e.to_string() })?;
        }
        Ok(RegionCatalog { file: file.to_string(), regions: parsed.region })
    }

    /// A region by name (case-insensitive; `Türkiye` and `Turkey` also find `Turkiye`).
    pub fn get(&self, name: &str) -> Result<&Region, CoverageError> {
        let wanted = normalise(name);
        self.regions.iter().find(|r| normalise(&r.name) == wanted).ok_or_else(|| CoverageError::UnknownRegion {
            name: name.to_string(),
            file: self.file.clone(),
            known: self.regions.iter().map(|r| r.name.clone()).collect::<Vec<_>>().join(", "),
        })
    }
}

fn normalise(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace('ü', "u");
    if lower == "turkey" {
        "turkiye".to_string()
    } else {
        lower
    }
}

/// Per-cell geometry the engine needs: Earth-fixed position of the cell centre (on the ellipsoid, km) and
/// its local up unit vector (ellipsoid normal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellGeometry {
    pub position_km: [f64; 3],
    pub up: [f64; 3],
}

/// Bytes of engine state per cell (geometry, count, running metrics), used for the memory check.
pub const BYTES_PER_CELL: u64 = 160;

/// A regular grid over a region: `n_lat` rows × `n_lon` columns of square cells `step_deg` wide, starting at
/// the region's south-west corner; cells are indexed row-major from the south-west (`row * n_lon + col`) and
/// evaluated at their centres on the ellipsoid (height 0). When the step does not divide the box, the last
/// row/column overhangs the box's north/east edge by less than one step (its centre at most half a step
/// outside). Refused: a step that would put a row centre beyond the pole (with a step that fits), and a step
/// more than twice the box's size on either axis (every centre outside the box).
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub region: Region,
    pub step_deg: f64,
    pub n_lat: usize,
    pub n_lon: usize,
    pub cells: Vec<CellGeometry>,
}

impl Grid {
    /// Builds a grid, checking the step (> 0, ≤ the box) and the memory it would need (≤ [`MAX_GRID_BYTES`]).
    pub fn new(region: &Region, step_deg: f64) -> Result<Self, CoverageError> {
        region.validate()?;
        if !(step_deg > 0.0) || !step_deg.is_finite() {
            return Err(CoverageError::BadGridStep {
                step_deg,
                problem: "must be a positive number of degrees".into(),
            });
        }
        let n_lon_f = ((region.lon_max - region.lon_min) / step_deg - 1e-9).ceil().max(1.0);
        let n_lat_f = ((region.lat_max - region.lat_min) / step_deg - 1e-9).ceil().max(1.0);
        let cells_f = n_lon_f * n_lat_f;
        let bytes = cells_f * BYTES_PER_CELL as f64;
        if bytes > MAX_GRID_BYTES as f64 {
            return Err(CoverageError::GridTooLarge {
                step_deg,
                cells: cells_f,
                needed_bytes: bytes,
                limit_bytes: MAX_GRID_BYTES,
            });
        }
        let (lat_span, lon_span) = (region.lat_max - region.lat_min, region.lon_max - region.lon_min);
        let last_row_lat = region.lat_min + (n_lat_f - 0.5) * step_deg;
        if last_row_lat > 90.0 {
            return Err(CoverageError::BadGridStep {
                step_deg,
                problem: format!(
                    "the last row's centre would lie at latitude {last_row_lat:.6}°, beyond the pole; use a step \
                     that divides the {lat_span}° latitude span, e.g. {}",
                    lat_span / n_lat_f
                ),
            });
        }
        for (axis, span) in [("latitude", lat_span), ("longitude", lon_span)] {
            if 0.5 * step_deg > span {
                return Err(CoverageError::BadGridStep {
                    step_deg,
                    problem: format!(
                        "the box is {span}° wide in {axis}, less than half a step: the cell centres would lie \
                         outside it; use a step of at most {span}"
                    ),
                });
            }
        }
        let (n_lat, n_lon) = (n_lat_f as usize, n_lon_f as usize);
        let mut cells = Vec::with_capacity(n_lat * n_lon);
        for row in 0..n_lat {
            let lat = region.lat_min + (row as f64 + 0.5) * step_deg;
            for col in 0..n_lon {
                let lon = region.lon_min + (col as f64 + 0.5) * step_deg;
                let g = Geodetic { latitude_deg: lat, longitude_deg: lon, altitude_km: 0.0 };
                let p = g.to_ecef_km();
                let (sl, cl) = lat.to_radians().sin_cos();
                let (so, co) = lon.to_radians().sin_cos();
                cells.push(CellGeometry { position_km: [p.x, p.y, p.z], up: [cl * co, cl * so, sl] });
            }
        }
        Ok(Grid { region: region.clone(), step_deg, n_lat, n_lon, cells })
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// A grid always has at least one cell.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Latitude of row `row`'s centres, degrees.
    pub fn row_latitude_deg(&self, row: usize) -> f64 {
        self.region.lat_min + (row as f64 + 0.5) * self.step_deg
    }

    /// Longitude of column `col`'s centres, degrees.
    pub fn col_longitude_deg(&self, col: usize) -> f64 {
        self.region.lon_min + (col as f64 + 0.5) * self.step_deg
    }

    /// Centre (latitude, longitude) of cell `index`, degrees.
    pub fn cell_center_deg(&self, index: usize) -> (f64, f64) {
        (self.row_latitude_deg(index / self.n_lon), self.col_longitude_deg(index % self.n_lon))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ots_grid_has_21840_cells() {
        let catalog = RegionCatalog::bundled();
        let ots = catalog.get("ots").unwrap();
        let grid = Grid::new(ots, 0.25).unwrap();
        assert_eq!((grid.n_lat, grid.n_lon, grid.len()), (84, 260, 21_840));
        assert_eq!(grid.cell_center_deg(0), (35.125, 25.125));
        for name in ["Azerbaijan", "Kazakhstan", "Türkiye", "Turkey", "Uzbekistan", "Kyrgyzstan", "Turkmenistan"] {
            assert!(catalog.get(name).is_ok(), "{name}");
        }
        assert!(catalog.get("Atlantis").unwrap_err().to_string().contains("Kazakhstan"));
    }

    #[test]
    fn rejects_bad_regions_and_steps() {
        assert!(Region::parse_bbox("90,35,25,56").is_err());
        assert!(Region::parse_bbox("25,35,25,56").is_err());
        assert!(Region::parse_bbox("25,35,90").is_err());
        assert!(Region::parse_bbox("25,x,90,56").is_err());
        let r = Region::parse_bbox("25,35,90,56").unwrap();
        assert!(Grid::new(&r, 0.0).is_err());
        assert!(Grid::new(&r, -1.0).is_err());
        let err = Grid::new(&r, 0.0001).unwrap_err().to_string();
        assert!(err.contains("GiB"), "{err}");
    }

    #[test]
    fn cells_stay_in_the_box_and_below_the_poles() {
        // 30° of latitude in 7° rows: the fifth row's centre would be at 91.5°.
        let polar = Region::parse_bbox("-180,60,180,90").unwrap();
        let err = Grid::new(&polar, 7.0).unwrap_err().to_string();
        assert!(err.contains("91.5") && err.contains("beyond the pole") && err.contains("e.g. 6"), "{err}");
        let grid = Grid::new(&polar, 6.0).unwrap();
        assert!((0..grid.n_lat).all(|r| grid.row_latitude_deg(r) <= 90.0));
        // A box smaller than the step: its one cell's centre (1°, 1°) would be outside it.
        let tiny = Region::parse_bbox("0,0,1e-9,1e-9").unwrap();
        assert!(Grid::new(&tiny, 2.0).is_err());
        let tiny_wide = Region::parse_bbox("0,0,10,1e-9").unwrap();
        assert!(Grid::new(&tiny_wide, 2.0).unwrap_err().to_string().contains("in latitude"));
        let narrow = Region::parse_bbox("0,0,1e-9,10").unwrap();
        assert!(Grid::new(&narrow, 2.0).unwrap_err().to_string().contains("in longitude"));
        // Centres stay within half a step of the box for the bundled regions at the usual steps.
        for region in &RegionCatalog::bundled().regions {
            for step in [0.1, 0.25, 0.5, 1.5] {
                let grid = Grid::new(region, step).unwrap();
                for i in 0..grid.len() {
                    let (lat, lon) = grid.cell_center_deg(i);
                    assert!(lat <= region.lat_max + step / 2.0 && lon <= region.lon_max + step / 2.0);
                    assert!(lat >= region.lat_min && lon >= region.lon_min && lat <= 90.0);
                }
            }
        }
    }
}
