//! Coverage heatmap: one figure of merit per grid cell over the region, country outlines (Natural Earth
//! 1:50m, data/outlines/ots_countries.json), ground-station markers and a colour bar with units.

use super::Chart;
use crate::coverage::{CoverageResult, Grid, Metric};
use crate::stations::Station;
use plotters::style::RGBColor;
use serde::Deserialize;

/// The bundled outline file (see data/outlines/README.md).
pub const OUTLINES_JSON: &str = include_str!("../../data/outlines/ots_countries.json");

#[derive(Deserialize)]
struct OutlineFile {
    countries: Vec<Country>,
}

#[derive(Deserialize)]
struct Country {
    #[allow(dead_code)]
    name: String,
    rings: Vec<Vec<[f64; 2]>>,
}

/// Country outlines as polylines of (longitude, latitude) degrees.
pub fn country_outlines() -> Vec<Vec<(f64, f64)>> {
    parsed_outlines().clone()
}

/// The bundled outlines, parsed once per process.
fn parsed_outlines() -> &'static Vec<Vec<(f64, f64)>> {
    static OUTLINES: std::sync::OnceLock<Vec<Vec<(f64, f64)>>> = std::sync::OnceLock::new();
    OUTLINES.get_or_init(|| {
        let file: OutlineFile = serde_json::from_str(OUTLINES_JSON).expect("bundled outline file is valid");
        file.countries
            .into_iter()
            .flat_map(|c| c.rings)
            .map(|r| r.into_iter().map(|p| (p[0], p[1])).collect())
            .collect()
    })
}

/// Country outlines cut to a (lon_min, lat_min, lon_max, lat_max) box: each polyline is split where it leaves the
/// box, so no line is drawn outside the map (plotters does not clip paths to the plotting area).
pub fn country_outlines_in(bbox: (f64, f64, f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let (lon0, lat0, lon1, lat1) = bbox;
    let inside = |p: &(f64, f64)| p.0 >= lon0 && p.0 <= lon1 && p.1 >= lat0 && p.1 <= lat1;
    let mut pieces = Vec::new();
    for line in parsed_outlines() {
        let mut current: Vec<(f64, f64)> = Vec::new();
        for &point in line {
            if inside(&point) {
                current.push(point);
            } else if current.len() > 1 {
                pieces.push(std::mem::take(&mut current));
            } else {
                current.clear();
            }
        }
        if current.len() > 1 {
            pieces.push(current);
        }
    }
    pieces
}

/// A heatmap of one metric over a coverage grid.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageMap {
    pub title: String,
    pub metric_label: String,
    /// Region box (lon_min, lat_min, lon_max, lat_max), degrees.
    pub bbox: (f64, f64, f64, f64),
    pub step_deg: f64,
    /// (latitude, longitude, value) per cell centre.
    pub cells: Vec<(f64, f64, f64)>,
    /// Colour-scale range.
    pub range: (f64, f64),
    /// Station markers: (name, latitude, longitude).
    pub stations: Vec<(String, f64, f64)>,
}

impl CoverageMap {
    /// Builds the map of `metric` from a coverage result; stations outside the region are left out.
    pub fn new(grid: &Grid, result: &CoverageResult, metric: Metric, stations: &[Station], satellites: &str) -> Self {
        let cells: Vec<(f64, f64, f64)> =
            result.cells.iter().map(|c| (c.latitude_deg, c.longitude_deg, metric.plot_value(c))).collect();
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for c in &cells {
            lo = lo.min(c.2);
            hi = hi.max(c.2);
        }
        let range = match metric {
            Metric::PercentCovered => (0.0, 100.0),
            _ if hi > lo => (lo.min(0.0), hi),
            _ => (lo - 0.5, hi + 0.5),
        };
        let r = &grid.region;
        let bbox = (
            r.lon_min,
            r.lat_min,
            r.lon_min + grid.n_lon as f64 * grid.step_deg,
            r.lat_min + grid.n_lat as f64 * grid.step_deg,
        );
        let stations = stations
            .iter()
            .filter(|s| r.contains(s.record.latitude_deg, s.record.longitude_deg))
            .map(|s| (s.record.name.clone(), s.record.latitude_deg, s.record.longitude_deg))
            .collect();
        CoverageMap {
            title: format!(
                "{} — {}, {} satellites, {} steps",
                metric.label(),
                satellites,
                result.satellites,
                result.steps
            ),
            metric_label: metric.label().to_string(),
            bbox,
            step_deg: grid.step_deg,
            cells,
            range,
            stations,
        }
    }
}

/// Station markers and names at backend pixel positions: a red dot ringed white, the name in black with a
/// white halo, placed beside the dot where it overlaps no other name ([`super::map::place_labels`]).
pub fn draw_station_labels<DB: plotters::backend::DrawingBackend>(
    area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    pixels: &[(i32, i32)],
    names: &[String],
) -> Result<(), String> {
    use plotters::prelude::*;
    let base = area.get_base_pixel();
    let local: Vec<(f64, f64)> = pixels.iter().map(|p| (f64::from(p.0 - base.0), f64::from(p.1 - base.1))).collect();
    let size = 12.0;
    let sizes: Vec<(f64, f64)> =
        names.iter().map(|n| (n.chars().count() as f64 * size * 0.62 + 2.0, size + 2.0)).collect();
    let (w, _) = area.dim_in_pixel();
    let placed = super::map::place_labels(&local, &sizes, f64::from(w));
    for &(x, y) in &local {
        let at = (x as i32, y as i32);
        area.draw(&Circle::new(at, 5, WHITE.filled())).map_err(|e| e.to_string())?;
        area.draw(&Circle::new(at, 4, RED.filled())).map_err(|e| e.to_string())?;
    }
    let halo = ("sans-serif", size as u32).into_font().color(&WHITE);
    let ink = ("sans-serif", size as u32).into_font().color(&BLACK);
    for (name, (x, y)) in names.iter().zip(placed) {
        let (x, y) = (x as i32, y as i32);
        for (dx, dy) in
            [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1), (2, 0), (-2, 0), (0, 2), (0, -2)]
        {
            area.draw(&Text::new(name.clone(), (x + dx, y + dy), halo.clone())).map_err(|e| e.to_string())?;
        }
        area.draw(&Text::new(name.clone(), (x, y), ink.clone())).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Viridis-like colour scale, t in [0, 1].
pub fn colour_scale(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 6] = [
        (68.0, 1.0, 84.0),
        (65.0, 68.0, 135.0),
        (42.0, 120.0, 142.0),
        (34.0, 168.0, 132.0),
        (122.0, 209.0, 81.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let x = t * (STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(STOPS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

impl Chart for CoverageMap {
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String> {
        use plotters::prelude::*;
        let (width, _) = area.dim_in_pixel();
        let (map_area, bar_area) = area.split_horizontally(width.saturating_sub(110));
        let (lon0, lat0, lon1, lat1) = self.bbox;
        let mut chart = ChartBuilder::on(&map_area)
            .caption(&self.title, ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(lon0..lon1, lat0..lat1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("longitude (°E)")
            .y_desc("latitude (°N)")
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 14))
            .draw()
            .map_err(|e| e.to_string())?;
        let (lo, hi) = self.range;
        let span = if hi > lo { hi - lo } else { 1.0 };
        let half = self.step_deg / 2.0;
        chart
            .draw_series(self.cells.iter().map(|&(lat, lon, v)| {
                Rectangle::new(
                    [(lon - half, lat - half), (lon + half, lat + half)],
                    colour_scale((v - lo) / span).filled(),
                )
            }))
            .map_err(|e| e.to_string())?;
        for line in country_outlines_in(self.bbox) {
            chart
                .draw_series(std::iter::once(PathElement::new(line, BLACK.stroke_width(1))))
                .map_err(|e| e.to_string())?;
        }
        let pixels: Vec<(i32, i32)> =
            self.stations.iter().map(|(_, lat, lon)| chart.backend_coord(&(*lon, *lat))).collect();
        let names: Vec<String> = self.stations.iter().map(|s| s.0.clone()).collect();
        draw_station_labels(area, &pixels, &names)?;
        if hi - lo < 1e-12 || self.cells.iter().all(|c| (c.2 - self.cells[0].2).abs() < 1e-12) {
            let v = self.cells.first().map_or(f64::NAN, |c| c.2);
            let (x, y) = chart.backend_coord(&(lon0, lat1));
            let base = area.get_base_pixel();
            area.draw(&Text::new(
                format!("uniform field: {} everywhere", super::style::readable(v)),
                (x - base.0 + 8, y - base.1 + 8),
                ("sans-serif", 14).into_font().color(&WHITE),
            ))
            .map_err(|e| e.to_string())?;
        }
        // Colour bar with the metric's unit.
        let mut bar = ChartBuilder::on(&bar_area)
            .margin_top(40)
            .margin_bottom(50)
            .margin_right(10)
            .y_label_area_size(55)
            .build_cartesian_2d(0.0..1.0, lo..lo + span)
            .map_err(|e| e.to_string())?;
        bar.configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_desc(&self.metric_label)
            .label_style(("sans-serif", 12))
            .axis_desc_style(("sans-serif", 13))
            .draw()
            .map_err(|e| e.to_string())?;
        let slices = 100;
        bar.draw_series((0..slices).map(|k| {
            let a = lo + span * k as f64 / slices as f64;
            let b = lo + span * (k + 1) as f64 / slices as f64;
            Rectangle::new([(0.0, a), (1.0, b)], colour_scale((k as f64 + 0.5) / slices as f64).filled())
        }))
        .map_err(|e| e.to_string())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_cover_the_region_and_scale_is_monotone_in_brightness() {
        let lines = country_outlines();
        assert!(lines.len() > 20);
        assert!(lines.iter().flatten().any(|&(lon, lat)| (lon - 49.9).abs() < 1.0 && (lat - 40.4).abs() < 1.0));
        let brightness = |c: RGBColor| u32::from(c.0) + u32::from(c.1) + u32::from(c.2);
        assert!(brightness(colour_scale(0.0)) < brightness(colour_scale(0.5)));
        assert!(brightness(colour_scale(0.5)) < brightness(colour_scale(1.0)));
    }

    #[test]
    fn outlines_cut_to_a_box_stay_inside_it() {
        let bbox = (45.0, 38.0, 55.0, 45.0);
        let pieces = country_outlines_in(bbox);
        assert!(!pieces.is_empty());
        for piece in &pieces {
            assert!(piece.len() > 1);
            for &(lon, lat) in piece {
                assert!((45.0..=55.0).contains(&lon) && (38.0..=45.0).contains(&lat), "{lon} {lat}");
            }
        }
        let all: usize = country_outlines().iter().map(Vec::len).sum();
        let kept: usize = pieces.iter().map(Vec::len).sum();
        assert!(kept < all);
    }
}
