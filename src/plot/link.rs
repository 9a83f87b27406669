//! Charts for the link subcommands: availability–throughput curve and a lat/lon heat map (margin or throughput).

use super::coverage::{colour_scale, country_outlines_in};
use super::style::{self, nines, nines_label};
use super::{data_range, draw_legend, legend_width_px, palette, Chart};
use crate::link::LinkReport;

/// ACM throughput against availability on a "nines" axis (x = −log10(1 − A), labelled 99 %, 99.9 % …), drawn
/// as steps with the MODCOD named on each step and the requested design points marked.
#[derive(Debug, Clone, PartialEq)]
pub struct AcmChart {
    pub title: String,
    pub series_label: String,
    /// (availability %, carrier Mbit/s, MODCOD or "down"), from the least to the most available.
    pub points: Vec<(f64, f64, String)>,
    /// Design points: (availability %, Mbit/s, label).
    pub design: Vec<(f64, f64, String)>,
}

/// The report's ACM curve as an [`AcmChart`], with its requested percentages as design points.
pub fn availability_chart(report: &LinkReport) -> AcmChart {
    let label = |m: &Option<String>| m.clone().unwrap_or_else(|| "down".into());
    let mut points: Vec<(f64, f64, String)> = report
        .acm_curve
        .iter()
        .map(|r| (r.availability_percent, r.throughput_carrier_mbps, label(&r.modcod)))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    AcmChart {
        title: format!("{} {} to {}: ACM throughput vs availability", report.satellite, report.band, report.site_name),
        series_label: format!("ACM, Rs {:.2} Msym/s", report.symbol_rate_msps),
        points,
        design: report
            .results
            .iter()
            .map(|r| {
                (
                    r.availability_percent,
                    r.throughput_carrier_mbps,
                    format!(
                        "design {} %: {}, {:.1} Mbit/s",
                        100.0 - r.p_percent,
                        label(&r.modcod),
                        r.throughput_carrier_mbps
                    ),
                )
            })
            .collect(),
    }
}

impl Chart for AcmChart {
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String> {
        use plotters::prelude::*;
        let xs: Vec<f64> = self.points.iter().chain(&self.design).map(|p| nines(p.0)).collect();
        let x_lo = xs.iter().copied().fold(f64::INFINITY, f64::min).floor().max(0.0);
        let x_hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max).ceil().max(x_lo + 1.0);
        let (x_lo, x_hi) = if x_lo.is_finite() { (x_lo, x_hi) } else { (1.0, 5.0) };
        let y_hi = self.points.iter().map(|p| p.1).fold(1.0, f64::max) * 1.15;
        // Design points are named in the legend (beside the plot), never over the curve.
        let mut entries = vec![(self.series_label.clone(), palette(0))];
        entries.extend(self.design.iter().map(|d| (format!("◆ {}", d.2), BLACK)));
        let labels: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        let (w, _) = area.dim_in_pixel();
        let (main, legend) = area.split_horizontally(w - legend_width_px(&labels).min(w * 2 / 5));
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, ("sans-serif", style::TITLE_PX - 2))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(65)
            .build_cartesian_2d(x_lo..x_hi, 0.0..y_hi)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("availability (% of an average year, nines scale)")
            .y_desc("carrier throughput (Mbit/s)")
            .x_labels((x_hi - x_lo) as usize + 1)
            .x_label_formatter(&|x| nines_label(*x))
            .label_style(("sans-serif", style::LABEL_PX))
            .axis_desc_style(("sans-serif", style::AXIS_TITLE_PX))
            .light_line_style(TRANSPARENT)
            .bold_line_style(style::GRID)
            .draw()
            .map_err(|e| e.to_string())?;
        // Steps: each MODCOD holds from its availability up to the next (more available) point.
        let mut steps = Vec::new();
        for (i, p) in self.points.iter().enumerate() {
            let x = nines(p.0);
            if let Some(prev) = i.checked_sub(1).map(|j| &self.points[j]) {
                steps.push((x, prev.1));
            }
            steps.push((x, p.1));
        }
        chart.draw_series(LineSeries::new(steps, palette(0).stroke_width(2))).map_err(|e| e.to_string())?;
        let font = ("sans-serif", style::VALUE_PX - 1).into_font();
        let mut last_x = f64::NEG_INFINITY;
        let mut last_name = String::new();
        for p in &self.points {
            let x = nines(p.0);
            if p.2 != last_name && x - last_x > (x_hi - x_lo) / 14.0 {
                chart
                    .draw_series(std::iter::once(
                        EmptyElement::at((x, p.1)) + Text::new(p.2.clone(), (3, -16), font.clone()),
                    ))
                    .map_err(|e| e.to_string())?;
                last_x = x;
            }
            last_name = p.2.clone();
        }
        for d in &self.design {
            let at = (nines(d.0), d.1);
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at(at) + Polygon::new(vec![(0, -7), (7, 0), (0, 7), (-7, 0)], BLACK.filled()),
                ))
                .map_err(|e| e.to_string())?;
        }
        draw_legend(&legend, &entries)
    }
}

/// A heat map of one value per grid cell (NaN = no value, drawn grey), with country outlines and the coverage
/// maps' colour scale.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    pub title: String,
    /// Colour-bar label with unit.
    pub value_label: String,
    /// (lon_min, lat_min, lon_max, lat_max), degrees.
    pub bbox: (f64, f64, f64, f64),
    pub step_deg: f64,
    /// Cell centres (lon, lat) and values.
    pub cells: Vec<(f64, f64, f64)>,
    /// Station markers inside the box: (name, latitude, longitude), degrees.
    pub stations: Vec<(String, f64, f64)>,
}

impl Chart for HeatMap {
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String> {
        use plotters::prelude::*;
        let (lo, hi) = data_range(self.cells.iter().map(|c| c.2), 0.0);
        let (w, _h) = area.dim_in_pixel();
        let (main, bar) = area.split_horizontally(w.saturating_sub(110));
        let (x0, y0, x1, y1) = self.bbox;
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc("longitude (deg E)")
            .y_desc("latitude (deg N)")
            .label_style(("sans-serif", 13))
            .axis_desc_style(("sans-serif", 15))
            .disable_mesh()
            .draw()
            .map_err(|e| e.to_string())?;
        let half = self.step_deg / 2.0;
        chart
            .draw_series(self.cells.iter().map(|&(lon, lat, v)| {
                let colour = if v.is_finite() { colour_scale((v - lo) / (hi - lo)) } else { RGBColor(200, 200, 200) };
                Rectangle::new([(lon - half, lat - half), (lon + half, lat + half)], colour.filled())
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
        super::coverage::draw_station_labels(area, &pixels, &names)?;
        let finite: Vec<f64> = self.cells.iter().map(|c| c.2).filter(|v| v.is_finite()).collect();
        if finite.first().is_some_and(|v0| finite.iter().all(|v| (v - v0).abs() < 1e-12)) {
            let (x, y) = chart.backend_coord(&(x0, y1));
            let base = area.get_base_pixel();
            area.draw(&Text::new(
                format!("uniform field: {} everywhere", style::readable(finite[0])),
                (x - base.0 + 8, y - base.1 + 8),
                ("sans-serif", 14).into_font().color(&WHITE),
            ))
            .map_err(|e| e.to_string())?;
        }
        // Colour bar.
        let mut cb = ChartBuilder::on(&bar)
            .margin_top(50)
            .margin_bottom(52)
            .margin_right(50)
            .y_label_area_size(0)
            .right_y_label_area_size(45)
            .build_cartesian_2d(0.0..1.0, lo..hi)
            .map_err(|e| e.to_string())?;
        cb.configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_desc(&self.value_label)
            .label_style(("sans-serif", 12))
            .axis_desc_style(("sans-serif", 13))
            .draw()
            .map_err(|e| e.to_string())?;
        let n = 100;
        cb.draw_series((0..n).map(|i| {
            let a = lo + (hi - lo) * i as f64 / n as f64;
            let b = lo + (hi - lo) * (i + 1) as f64 / n as f64;
            Rectangle::new([(0.0, a), (1.0, b)], colour_scale((i as f64 + 0.5) / n as f64).filled())
        }))
        .map_err(|e| e.to_string())?;
        Ok(())
    }
}
