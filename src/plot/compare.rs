//! Charts for the compare subcommand: bar charts of one metric per option, optionally with a horizontal
//! reference line (the total demand), and grouped bars (capacity against demand); [`HBarChart`]: horizontal
//! bars with the option names on the left (never clipped), value labels on every bar, stacked or grouped
//! series, and a linear, logarithmic or availability-"nines" value axis.

use super::style::{self, nines, nines_label};
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

/// Value axis of an [`HBarChart`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueAxis {
    /// Linear from 0.
    Linear,
    /// Logarithmic (values ≤ 0 draw no bar).
    Log,
    /// Availability in percent, drawn as nines (−log10 of the unavailability) and labelled 90 %, 99 %, 99.9 % …
    Nines,
}

/// One series of horizontal bars: one value per category (non-finite: no bar) and its value labels.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSeries {
    pub label: String,
    pub values: Vec<f64>,
    /// Text drawn at the end of each bar (empty: none).
    pub value_labels: Vec<String>,
    /// Palette index of the series colour.
    pub colour: usize,
}

/// Horizontal bars: categories down the left, value along x. Stacked series add up along the bar (each
/// starts where the previous ended); otherwise series are grouped.
#[derive(Debug, Clone, PartialEq)]
pub struct HBarChart {
    pub title: String,
    /// Value-axis title with its unit.
    pub x_label: String,
    pub categories: Vec<String>,
    pub series: Vec<BarSeries>,
    pub stacked: bool,
    pub axis: ValueAxis,
    /// Vertical reference lines: label and value (in the axis' own unit: percent for [`ValueAxis::Nines`]).
    pub references: Vec<(String, f64)>,
}

impl HBarChart {
    /// The drawn x coordinate of a value (nines for availability, the value otherwise).
    fn x_of(&self, v: f64) -> f64 {
        match self.axis {
            ValueAxis::Nines => nines(v),
            _ => v,
        }
    }

    /// Bar extents (category, series, x0, x1) in drawn coordinates, in drawing order.
    pub fn bars(&self) -> Vec<(usize, usize, f64, f64)> {
        let mut out = Vec::new();
        let base = match self.axis {
            ValueAxis::Log => f64::NAN,
            _ => 0.0,
        };
        for ci in 0..self.categories.len() {
            let mut start = base;
            for (si, s) in self.series.iter().enumerate() {
                let v = s.values.get(ci).copied().unwrap_or(f64::NAN);
                if !v.is_finite() || (self.axis == ValueAxis::Log && v <= 0.0) {
                    continue;
                }
                let x1 = self.x_of(v);
                if self.stacked && self.axis == ValueAxis::Linear {
                    let s0 = if start.is_nan() { 0.0 } else { start };
                    out.push((ci, si, s0, s0 + x1));
                    start = s0 + x1;
                } else {
                    out.push((ci, si, base, x1));
                }
            }
        }
        out
    }

    /// The drawn x range for a chart `width_px` wide: from the lowest bar start to past the largest end, with
    /// room on the right for the longest value label.
    pub fn x_range(&self, width_px: u32) -> (f64, f64) {
        let bars = self.bars();
        let refs = self.references.iter().map(|r| self.x_of(r.1));
        let ends: Vec<f64> = bars.iter().map(|b| b.3).chain(refs).filter(|v| v.is_finite()).collect();
        let hi = ends.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let label_chars =
            self.series.iter().flat_map(|s| s.value_labels.iter()).map(|l| l.chars().count()).max().unwrap_or(0);
        let plot_px = f64::from(width_px.saturating_sub(self.name_width_px().min(width_px / 2) + 40).max(100));
        let label_px = label_chars as f64 * f64::from(style::VALUE_PX) * 0.62 + 12.0;
        let room = (label_px / plot_px).min(0.6);
        match self.axis {
            ValueAxis::Log => {
                let lo = ends.iter().copied().fold(f64::INFINITY, f64::min);
                if !lo.is_finite() {
                    return (0.1, 10.0);
                }
                let lo_exp = lo.log10().floor();
                let span = (hi.log10() - lo_exp).max(0.5);
                (10f64.powf(lo_exp), 10f64.powf(lo_exp + span / (1.0 - room)))
            }
            ValueAxis::Nines => {
                let top = if hi.is_finite() { hi / (1.0 - room) } else { 3.0 };
                (0.0, top.ceil().max(3.0))
            }
            ValueAxis::Linear => (0.0, if hi.is_finite() && hi > 0.0 { hi / (1.0 - room) } else { 1.0 }),
        }
    }

    /// Pixels the category names need on the left (DejaVu Sans at the label size averages ~0.6 em).
    fn name_width_px(&self) -> u32 {
        let chars = self.categories.iter().map(|c| c.chars().count()).max().unwrap_or(1) as u32;
        chars * style::LABEL_PX * 62 / 100 + 16
    }
}

impl Chart for HBarChart {
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String> {
        use plotters::prelude::*;
        let n = self.categories.len().max(1);
        let (w, _) = area.dim_in_pixel();
        let (x0, x1) = self.x_range(w);
        let name_w = self.name_width_px().min(w / 2);
        let legend: Vec<&BarSeries> = self.series.iter().filter(|s| !s.label.is_empty()).collect();
        let legend_rows =
            if legend.len() > 1 || !self.references.is_empty() { legend.len() + self.references.len() } else { 0 };
        let categories = self.categories.clone();
        let y_fmt = move |y: &f64| -> String {
            let i = y.round();
            if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < categories.len() {
                categories[categories.len() - 1 - i as usize].clone()
            } else {
                String::new()
            }
        };
        let groups = if self.stacked { 1.0 } else { self.series.len().max(1) as f64 };
        let thickness = 0.7 / groups;
        let y_of = |ci: usize, si: usize| -> (f64, f64) {
            let centre = (n - 1 - ci) as f64;
            let slot = if self.stacked { 0.0 } else { si as f64 };
            let top = centre + 0.35 - slot * thickness;
            (top, top - thickness * 0.92)
        };
        let axis = self.axis;
        // Nines ticks are labelled up to one past the best bar; the axis beyond is room for value labels.
        let last_nines = self.bars().iter().map(|b| b.3).fold(2.0, f64::max).ceil() + 1.0;
        let x_fmt = move |x: &f64| -> String {
            match axis {
                ValueAxis::Nines if *x <= last_nines => nines_label(*x),
                ValueAxis::Nines => String::new(),
                ValueAxis::Log => style::readable(*x),
                ValueAxis::Linear => style::readable(*x),
            }
        };
        let label_font =
            ("sans-serif", style::VALUE_PX).into_font().color(&BLACK).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            ));
        macro_rules! body {
            ($chart:ident, $lo:expr) => {{
                let mut mesh = $chart.configure_mesh();
                mesh.disable_y_mesh()
                    .y_labels(n)
                    .y_label_formatter(&y_fmt)
                    .x_label_formatter(&x_fmt)
                    .x_desc(&self.x_label)
                    .label_style(("sans-serif", style::LABEL_PX))
                    .axis_desc_style(("sans-serif", style::AXIS_TITLE_PX))
                    .light_line_style(style::GRID);
                if axis == ValueAxis::Nines {
                    // Whole nines only: minor lines between 99 % and 99.9 % would read as linear steps.
                    mesh.x_labels(((x1 - x0).round() as usize + 1).max(2)).light_line_style(TRANSPARENT);
                }
                mesh.draw().map_err(|e| e.to_string())?;
                for (ci, si, b0, b1) in self.bars() {
                    let s = &self.series[si];
                    let (top, bottom) = y_of(ci, si);
                    let left = if b0.is_nan() { $lo } else { b0 };
                    $chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(left, top), (b1, bottom)],
                            palette(s.colour).filled(),
                        )))
                        .map_err(|e| e.to_string())?;
                }
                // Value labels after all bars, so no bar covers one.
                for (ci, si, _, b1) in self.bars() {
                    let s = &self.series[si];
                    let text = s.value_labels.get(ci).cloned().unwrap_or_default();
                    if text.is_empty() {
                        continue;
                    }
                    let (top, bottom) = y_of(ci, si);
                    let end = if self.stacked {
                        self.bars().iter().filter(|b| b.0 == ci).map(|b| b.3).fold(b1, f64::max)
                    } else {
                        b1
                    };
                    if self.stacked && end > b1 && si + 1 < self.series.len() {
                        // A stacked segment's label goes after the whole bar; only the last one is shown there.
                        continue;
                    }
                    $chart
                        .draw_series(std::iter::once(
                            EmptyElement::at((end, (top + bottom) / 2.0)) + Text::new(text, (5, 0), label_font.clone()),
                        ))
                        .map_err(|e| e.to_string())?;
                }
                for (_, value) in &self.references {
                    let x = self.x_of(*value);
                    $chart
                        .draw_series(DashedLineSeries::new(
                            vec![(x, -0.5), (x, n as f64 - 0.5)],
                            6,
                            4,
                            BLACK.stroke_width(2),
                        ))
                        .map_err(|e| e.to_string())?;
                }
            }};
        }
        // The legend goes under the plot, in its own band, never over the bars.
        let legend_h = if legend_rows > 0 { 12 + 20 * legend_rows as u32 } else { 0 };
        let (_, h) = area.dim_in_pixel();
        let (plot_area, legend_area) = area.split_vertically(h - legend_h);
        macro_rules! builder {
            ($a:expr) => {
                ChartBuilder::on($a)
                    .caption(&self.title, ("sans-serif", style::TITLE_PX))
                    .margin(12)
                    .margin_right(20)
                    .x_label_area_size(45)
                    .y_label_area_size(name_w)
            };
        }
        let y_range = -0.5..(n as f64 - 0.5);
        let entries: Vec<(String, plotters::style::RGBColor, bool)> = legend
            .iter()
            .map(|s| (s.label.clone(), palette(s.colour), false))
            .chain(self.references.iter().map(|r| (r.0.clone(), BLACK, true)))
            .collect();
        if self.axis == ValueAxis::Log {
            let mut chart =
                builder!(&plot_area).build_cartesian_2d((x0..x1).log_scale(), y_range).map_err(|e| e.to_string())?;
            body!(chart, x0);
        } else {
            let mut chart = builder!(&plot_area).build_cartesian_2d(x0..x1, y_range).map_err(|e| e.to_string())?;
            body!(chart, 0.0);
        }
        if legend_rows > 0 {
            draw_legend_row(&legend_area, &entries, name_w as i32)?;
        }
        Ok(())
    }
}

/// Legend entries (swatch and label) stacked in `area`, starting `left` px from its left edge.
fn draw_legend_row<DB: plotters::backend::DrawingBackend>(
    area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    entries: &[(String, plotters::style::RGBColor, bool)],
    left: i32,
) -> Result<(), String> {
    use plotters::prelude::*;
    let font = ("sans-serif", style::LABEL_PX).into_font();
    for (i, (label, colour, line)) in entries.iter().enumerate() {
        let y = 6 + i as i32 * 20;
        if *line {
            for k in 0..2 {
                let x = left + k * 10;
                area.draw(&PathElement::new(vec![(x, y + 7), (x + 6, y + 7)], colour.stroke_width(2)))
                    .map_err(|e| e.to_string())?;
            }
        } else {
            area.draw(&Rectangle::new([(left, y + 2), (left + 16, y + 12)], colour.filled()))
                .map_err(|e| e.to_string())?;
        }
        area.draw(&Text::new(label.clone(), (left + 22, y), font.clone())).map_err(|e| e.to_string())?;
    }
    Ok(())
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
