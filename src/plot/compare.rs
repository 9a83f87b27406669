//! Charts for the compare subcommand: bar charts of one metric per option, optionally with a horizontal
//! reference line (the total demand), and grouped bars (capacity against demand).

use super::{palette, Chart};

/// Bars of one or more series per category (grouped), with an optional horizontal reference line.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub y_label: String,
    /// Category labels (x axis), one per bar group.
    pub categories: Vec<String>,
    /// Series: label and one value per category (non-finite values draw no bar).
    pub series: Vec<(String, Vec<f64>)>,
    /// A horizontal line: label and value.
    pub reference: Option<(String, f64)>,
    /// Logarithmic y axis (values ≤ 0 draw no bar).
    pub log_y: bool,
}

impl BarChart {
    fn y_range(&self) -> (f64, f64) {
        let values = self
            .series
            .iter()
            .flat_map(|s| s.1.iter().copied())
            .chain(self.reference.iter().map(|r| r.1))
            .filter(|v| v.is_finite() && (!self.log_y || *v > 0.0));
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            return if self.log_y { (0.1, 10.0) } else { (0.0, 1.0) };
        }
        if self.log_y {
            let lo_exp = lo.log10().floor();
            // One spare decade on top keeps the legend clear of the bars.
            let hi_exp = hi.log10().ceil().max(lo_exp + 1.0) + 1.0;
            (10f64.powf(lo_exp), 10f64.powf(hi_exp))
        } else {
            (0.0f64.min(lo), if hi > 0.0 { hi * 1.3 } else { 1.0 })
        }
    }
}

fn short_label(label: &str) -> String {
    if label.chars().count() > 22 {
        let cut: String = label.chars().take(21).collect();
        format!("{cut}…")
    } else {
        label.to_string()
    }
}

impl Chart for BarChart {
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String> {
        use plotters::prelude::*;
        let n = self.categories.len().max(1);
        let (y0, y1) = self.y_range();
        let groups = self.series.len().max(1) as f64;
        let width = 0.8 / groups;
        let categories = self.categories.clone();
        let x_fmt = move |x: &f64| -> String {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < categories.len() {
                short_label(&categories[i as usize])
            } else {
                String::new()
            }
        };
        macro_rules! body {
            ($chart:ident, $base:expr) => {{
                $chart
                    .configure_mesh()
                    .disable_x_mesh()
                    .x_labels(n)
                    .x_label_formatter(&x_fmt)
                    .y_desc(&self.y_label)
                    .label_style(("sans-serif", 13))
                    .axis_desc_style(("sans-serif", 15))
                    .light_line_style(RGBColor(235, 235, 235))
                    .draw()
                    .map_err(|e| e.to_string())?;
                for (si, (label, values)) in self.series.iter().enumerate() {
                    let colour = palette(si);
                    let bars: Vec<_> = values
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| v.is_finite() && (!self.log_y || **v > 0.0))
                        .map(|(ci, v)| {
                            let left = ci as f64 - 0.4 + si as f64 * width;
                            Rectangle::new([(left, $base), (left + width * 0.95, *v)], colour.filled())
                        })
                        .collect();
                    let drawn = $chart.draw_series(bars).map_err(|e| e.to_string())?;
                    if self.series.len() > 1 {
                        drawn
                            .label(label.clone())
                            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
                    }
                }
                if let Some((label, value)) = &self.reference {
                    let v = *value;
                    $chart
                        .draw_series(LineSeries::new(vec![(-0.5, v), (n as f64 - 0.5, v)], BLACK.stroke_width(2)))
                        .map_err(|e| e.to_string())?
                        .label(label.clone())
                        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(2)));
                }
                if self.series.len() > 1 || self.reference.is_some() {
                    $chart
                        .configure_series_labels()
                        .position(SeriesLabelPosition::UpperRight)
                        .background_style(WHITE.mix(0.85))
                        .border_style(BLACK)
                        .label_font(("sans-serif", 13))
                        .draw()
                        .map_err(|e| e.to_string())?;
                }
            }};
        }
        let x_range = -0.5..(n as f64 - 0.5);
        if self.log_y {
            let mut chart = ChartBuilder::on(area)
                .caption(&self.title, ("sans-serif", 20))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(75)
                .build_cartesian_2d(x_range, (y0..y1).log_scale())
                .map_err(|e| e.to_string())?;
            body!(chart, y0);
        } else {
            let mut chart = ChartBuilder::on(area)
                .caption(&self.title, ("sans-serif", 20))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(75)
                .build_cartesian_2d(x_range, y0..y1)
                .map_err(|e| e.to_string())?;
            body!(chart, 0.0);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_chart_renders_labels_and_is_deterministic() {
        let chart = BarChart {
            title: "capacity".into(),
            y_label: "capacity (Gb/s)".into(),
            categories: vec!["cable".into(), "geo".into()],
            series: vec![("capacity".into(), vec![1000.0, 0.36]), ("demand".into(), vec![70.0, 70.0])],
            reference: Some(("total demand".into(), 70.0)),
            log_y: true,
        };
        let a = crate::plot::chart_svg(640, 400, &chart).unwrap();
        assert_eq!(a, crate::plot::chart_svg(640, 400, &chart).unwrap());
        assert!(a.contains("capacity (Gb/s)") && a.contains("cable") && a.contains("total demand"));
        let png = crate::plot::render_png(640, 400, |area| chart.draw(area)).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }
}
