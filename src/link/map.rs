//! The link budget over a latitude/longitude grid (`satfiber link-map`): one [`LinkModel`] per cell centre,
//! evaluated in parallel (rayon, collected in grid order: deterministic).

use rayon::prelude::*;
use serde::Serialize;

use super::budget::{LinkModel, LinkRequest, PercentResult};
use super::itu;
use super::LinkError;
use crate::frames::Geodetic;

/// A latitude/longitude box, degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BBox {
    pub lon_min_deg: f64,
    pub lat_min_deg: f64,
    pub lon_max_deg: f64,
    pub lat_max_deg: f64,
}

/// The Organization of Turkic States region used by default: lon 25–90°E, lat 35–56°N.
pub const OTS_REGION: BBox = BBox { lon_min_deg: 25.0, lat_min_deg: 35.0, lon_max_deg: 90.0, lat_max_deg: 56.0 };

impl BBox {
    /// Parses `LON_MIN,LAT_MIN,LON_MAX,LAT_MAX` (degrees).
    pub fn parse(text: &str) -> Result<BBox, LinkError> {
        let bad = |m: &str| {
            LinkError::InvalidInput(format!(
                "--bbox {text:?}: {m}; expected LON_MIN,LAT_MIN,LON_MAX,LAT_MAX in degrees"
            ))
        };
        let v: Vec<f64> = text
            .split(',')
            .map(|s| s.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
            .collect::<Option<Vec<f64>>>()
            .ok_or_else(|| bad("not 4 numbers"))?;
        if v.len() != 4 {
            return Err(bad("not 4 numbers"));
        }
        let b = BBox { lon_min_deg: v[0], lat_min_deg: v[1], lon_max_deg: v[2], lat_max_deg: v[3] };
        if !(b.lon_min_deg < b.lon_max_deg && b.lat_min_deg < b.lat_max_deg) {
            return Err(bad("minimum must be below maximum"));
        }
        if !(-90.0..=90.0).contains(&b.lat_min_deg) || !(-90.0..=90.0).contains(&b.lat_max_deg) {
            return Err(bad("latitude outside [-90, 90]"));
        }
        Ok(b)
    }

    /// Cell centres for a square grid of `step_deg`: rows by latitude (south to north), columns by longitude.
    pub fn cells(&self, step_deg: f64) -> Result<(usize, usize, Vec<Geodetic>), LinkError> {
        if !(step_deg > 0.0 && step_deg.is_finite()) {
            return Err(LinkError::InvalidInput(format!("--grid-deg {step_deg} must be > 0")));
        }
        // Counted in f64 before any conversion: a tiny step must not overflow past the limit.
        let n_lat_f = ((self.lat_max_deg - self.lat_min_deg) / step_deg - 1e-9).ceil().max(1.0);
        let n_lon_f = ((self.lon_max_deg - self.lon_min_deg) / step_deg - 1e-9).ceil().max(1.0);
        if !(n_lat_f * n_lon_f <= 4_000_000.0) {
            return Err(LinkError::InvalidInput(format!(
                "--grid-deg {step_deg}: a grid of {n_lat_f:.3e} x {n_lon_f:.3e} cells is too large (limit 4 000 000 \
                 cells); use a larger --grid-deg or a smaller --bbox"
            )));
        }
        let (n_lat, n_lon) = (n_lat_f as usize, n_lon_f as usize);
        let mut cells = Vec::with_capacity(n_lat * n_lon);
        for i in 0..n_lat {
            for j in 0..n_lon {
                cells.push(Geodetic {
                    latitude_deg: self.lat_min_deg + (i as f64 + 0.5) * step_deg,
                    longitude_deg: self.lon_min_deg + (j as f64 + 0.5) * step_deg,
                    altitude_km: 0.0,
                });
            }
        }
        Ok((n_lat, n_lon, cells))
    }
}

/// One grid cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapCell {
    pub site: Geodetic,
    pub elevation_deg: f64,
    pub slant_range_km: f64,
    /// Per requested percentage; empty when the satellite is below the horizon.
    pub results: Vec<PercentResult>,
}

/// The evaluated grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkMap {
    pub bbox: BBox,
    pub step_deg: f64,
    pub n_lat: usize,
    pub n_lon: usize,
    pub percentages: Vec<f64>,
    /// Row-major, south to north, west to east.
    pub cells: Vec<MapCell>,
}

/// Evaluates `template` (its site is replaced by each cell centre) over `bbox` at `percentages`. Cells where the
/// satellite is below the horizon are kept with no results; any other error aborts with that error.
pub fn evaluate_grid(
    template: &LinkRequest,
    bbox: &BBox,
    step_deg: f64,
    percentages: &[f64],
) -> Result<LinkMap, LinkError> {
    for &p in percentages {
        itu::check_percent(p)?;
    }
    let (n_lat, n_lon, sites) = bbox.cells(step_deg)?;
    // Check the corners against the maps first: one clear error instead of thousands.
    for site in [sites[0], sites[sites.len() - 1]] {
        itu::check_site(&site)?;
    }
    let cells: Vec<Result<MapCell, LinkError>> = sites
        .par_iter()
        .map(|site| {
            let mut req = template.clone();
            req.site = *site;
            req.geometry = None;
            req.percentages = percentages.to_vec();
            match LinkModel::new_lean(&req) {
                Ok(model) => Ok(MapCell {
                    site: *site,
                    elevation_deg: model.geometry.elevation_deg,
                    slant_range_km: model.geometry.slant_range_km,
                    results: model.at_percents(percentages)?,
                }),
                Err(LinkError::BelowHorizon { elevation_deg, .. }) => {
                    let g = super::nominal_geometry(site, req.satellite.slot_lon_deg);
                    Ok(MapCell { site: *site, elevation_deg, slant_range_km: g.slant_range_km, results: vec![] })
                }
                Err(e) => Err(e),
            }
        })
        .collect();
    let cells = cells.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(LinkMap { bbox: *bbox, step_deg, n_lat, n_lon, percentages: percentages.to_vec(), cells })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ots_grid_at_quarter_degree_has_21840_cells() {
        let (n_lat, n_lon, cells) = OTS_REGION.cells(0.25).unwrap();
        assert_eq!((n_lat, n_lon, cells.len()), (84, 260, 21_840));
        assert!((cells[0].latitude_deg - 35.125).abs() < 1e-12 && (cells[0].longitude_deg - 25.125).abs() < 1e-12);
        assert!(BBox::parse("25,35,90").is_err());
        assert!(BBox::parse("90,35,25,56").is_err());
    }
}
