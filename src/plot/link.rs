//! Charts for the link subcommands: availability–throughput curve and a lat/lon heat map (margin or throughput).

use super::coverage::{colour_scale, country_outlines_in};
use super::{data_range, Chart, LineChart, Series};
use crate::link::LinkReport;

/// Availability (x, %) against carrier throughput (y, Mbit/s) from the report's ACM curve.
pub fn availability_chart(report: &LinkReport) -> LineChart {
    let points: Vec<(f64, f64)> =
        report.acm_curve.iter().rev().map(|r| (r.availability_percent, r.throughput_carrier_mbps)).collect();
    LineChart {
        title: format!("{} {} to {}: ACM throughput vs availability", report.satellite, report.band, report.site_name),
        x_label: "availability (% of an average year)".into(),
        y_label: "carrier throughput (Mbit/s)".into(),
        series: vec![Series { label: format!("Rs {:.2} Msym/s", report.symbol_rate_msps), points }],
        x_range: None,
        y_range: None,
        markers: true,
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
