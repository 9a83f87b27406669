//! Charts with plotters: SVG or PNG chosen by the file extension, text drawn with the embedded DejaVu Sans
//! (no system font libraries), so output is byte-identical run to run.

use std::path::Path;
use std::sync::Once;
use thiserror::Error;

/// Chart output format, from the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Svg,
    Png,
}

/// Errors drawing a chart.
#[derive(Debug, Error)]
pub enum PlotError {
    #[error("plot file {file}: unsupported extension; expected .svg or .png")]
    Extension { file: String },
    #[error("drawing {file} failed: {message}")]
    Draw { file: String, message: String },
    #[error("writing {file} failed: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

impl ChartFormat {
    /// Format from a path's extension (`.svg` or `.png`, case-insensitive).
    pub fn from_path(path: &Path) -> Result<Self, PlotError> {
        match path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref() {
            Some("svg") => Ok(ChartFormat::Svg),
            Some("png") => Ok(ChartFormat::Png),
            _ => Err(PlotError::Extension { file: path.display().to_string() }),
        }
    }
}

static FONT: Once = Once::new();

/// Registers DejaVu Sans as "sans-serif" with plotters (once per process).
pub fn register_fonts() {
    FONT.call_once(|| {
        // register_font's error type has no Debug; a failure here means the embedded font is corrupt.
        if plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, dejavu::sans::regular())
            .is_err()
        {
            panic!("embedded DejaVu Sans failed to load");
        }
        if plotters::style::register_font("sans-serif", plotters::style::FontStyle::Bold, dejavu::sans::bold()).is_err()
        {
            panic!("embedded DejaVu Sans Bold failed to load");
        }
    });
}

/// A chart that can draw itself on any plotters backend (SVG or bitmap).
pub trait Chart {
    /// Draws onto `area` (already filled white). Errors are plotters' messages.
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String>;
}

/// Renders a chart to SVG or PNG by `path`'s extension and writes it atomically.
pub fn write_chart(path: &Path, width: u32, height: u32, chart: &impl Chart) -> Result<(), PlotError> {
    let file = path.display().to_string();
    let bytes = match ChartFormat::from_path(path)? {
        ChartFormat::Svg => render_svg(width, height, |area| chart.draw(area)).map(String::into_bytes),
        ChartFormat::Png => render_png(width, height, |area| chart.draw(area)),
    }
    .map_err(|message| PlotError::Draw { file: file.clone(), message })?;
    crate::output::write_atomic(path, &bytes).map_err(|source| PlotError::Io { file, source })
}

/// Renders a chart to an SVG string (for embedding in HTML reports).
pub fn chart_svg(width: u32, height: u32, chart: &impl Chart) -> Result<String, String> {
    render_svg(width, height, |area| chart.draw(area))
}

/// Draws an SVG chart into a string.
pub fn render_svg<F>(width: u32, height: u32, draw: F) -> Result<String, String>
where
    F: FnOnce(
        &plotters::drawing::DrawingArea<plotters::backend::SVGBackend, plotters::coord::Shift>,
    ) -> Result<(), String>,
{
    use plotters::prelude::*;
    register_fonts();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// The bitmap backend charts draw on: plotters' bitmap with text drawn by [`style::TextFixBackend`].
pub type PngBackend<'a> = style::TextFixBackend<plotters::backend::BitMapBackend<'a>>;

/// Draws a PNG chart into bytes (text placed glyph by glyph as the SVG viewer would: see [`style`]).
pub fn render_png<F>(width: u32, height: u32, draw: F) -> Result<Vec<u8>, String>
where
    F: FnOnce(&plotters::drawing::DrawingArea<PngBackend<'_>, plotters::coord::Shift>) -> Result<(), String>,
{
    use plotters::prelude::*;
    register_fonts();
    let mut rgb = vec![0u8; (width * height * 3) as usize];
    {
        let inner = BitMapBackend::with_buffer(&mut rgb, (width, height));
        let root = style::TextFixBackend { inner }.into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root)?;
        root.present().map_err(|e| e.to_string())?;
    }
    encode_png(width, height, &rgb)
}

/// Encodes an RGB buffer as PNG.
pub fn encode_png(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(rgb, width, height, image::ColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

pub mod compare;
pub mod coverage;
pub mod fiber;
pub mod fiber_designs;
pub mod link;
pub mod map;
pub mod network;
pub mod style;
pub mod windows;

/// One line of an XY chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// A line chart with labelled axes (put units in the labels: "elevation (deg)").
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    /// Fixed axis ranges; computed from the data (with 5 % padding on y) when `None`.
    pub x_range: Option<(f64, f64)>,
    pub y_range: Option<(f64, f64)>,
    /// Draw a marker at every point as well as the line.
    pub markers: bool,
}

/// The shared palette ([`style::PALETTE`]: Okabe–Ito and darker shades, 15 colours before any repeats).
pub fn palette(index: usize) -> plotters::style::RGBColor {
    style::colour(index)
}

fn data_range(values: impl Iterator<Item = f64>, pad_fraction: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if (hi - lo).abs() < 1e-12 {
        return (lo - 1.0, hi + 1.0);
    }
    let pad = (hi - lo) * pad_fraction;
    (lo - pad, hi + pad)
}

/// Width (px) a legend panel needs for `labels` at the label font (DejaVu Sans averages ~0.6 em per glyph).
pub fn legend_width_px(labels: &[&str]) -> u32 {
    let chars = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32;
    chars * style::LABEL_PX * 62 / 100 + 40
}

/// Draws a legend (colour swatch line, optional marker, label) down `area`, from its top.
pub fn draw_legend<DB: plotters::backend::DrawingBackend>(
    area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    entries: &[(String, plotters::style::RGBColor)],
) -> Result<(), String> {
    use plotters::prelude::*;
    let font = ("sans-serif", style::LABEL_PX).into_font();
    for (i, (label, colour)) in entries.iter().enumerate() {
        let y = 50 + i as i32 * 20;
        area.draw(&PathElement::new(vec![(6, y), (26, y)], colour.stroke_width(3))).map_err(|e| e.to_string())?;
        area.draw(&Circle::new((16, y), 4, colour.filled())).map_err(|e| e.to_string())?;
        area.draw(&Text::new(label.clone(), (32, y - 7), font.clone())).map_err(|e| e.to_string())?;
    }
    Ok(())
}

impl Chart for LineChart {
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String> {
        use plotters::prelude::*;
        let x_range = self
            .x_range
            .unwrap_or_else(|| data_range(self.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)), 0.0));
        let y_range = self
            .y_range
            .unwrap_or_else(|| data_range(self.series.iter().flat_map(|s| s.points.iter().map(|p| p.1)), 0.05));
        let labels: Vec<&str> = self.series.iter().filter(|s| !s.label.is_empty()).map(|s| s.label.as_str()).collect();
        let (w, _) = area.dim_in_pixel();
        let legend_w = if labels.is_empty() { 0 } else { legend_width_px(&labels).min(w * 2 / 5) };
        let (main, legend) = area.split_horizontally(w - legend_w);
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, ("sans-serif", style::TITLE_PX))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(65)
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .label_style(("sans-serif", style::LABEL_PX))
            .axis_desc_style(("sans-serif", style::AXIS_TITLE_PX))
            .light_line_style(style::GRID)
            .draw()
            .map_err(|e| e.to_string())?;
        let n = self.series.len();
        let mut entries = Vec::new();
        for (i, series) in self.series.iter().enumerate() {
            let colour = palette(i);
            // Earlier series are drawn wider, so a later line on top of one leaves it visible at both edges.
            let width = 2 + (n - 1 - i).min(2) as u32;
            chart
                .draw_series(LineSeries::new(series.points.iter().copied(), colour.stroke_width(width)))
                .map_err(|e| e.to_string())?;
            if self.markers {
                draw_markers(&mut chart, i, &series.points, colour)?;
            }
            if !series.label.is_empty() {
                entries.push((series.label.clone(), colour));
            }
        }
        if !entries.is_empty() {
            draw_legend(&legend, &entries)?;
        }
        Ok(())
    }
}

/// Draws series `index`'s marker shape at every point.
pub fn draw_markers<DB: plotters::backend::DrawingBackend>(
    chart: &mut plotters::chart::ChartContext<
        '_,
        DB,
        plotters::coord::cartesian::Cartesian2d<
            plotters::coord::types::RangedCoordf64,
            plotters::coord::types::RangedCoordf64,
        >,
    >,
    index: usize,
    points: &[(f64, f64)],
    colour: plotters::style::RGBColor,
) -> Result<(), String> {
    use plotters::prelude::*;
    let style = colour.filled();
    let pts = points.iter().copied();
    let r = match index % 5 {
        0 => chart.draw_series(pts.map(|p| Circle::new(p, 4, style))).map(|_| ()),
        1 => {
            chart.draw_series(pts.map(|p| EmptyElement::at(p) + Rectangle::new([(-4, -4), (4, 4)], style))).map(|_| ())
        }
        2 => chart.draw_series(pts.map(|p| TriangleMarker::new(p, 5, style))).map(|_| ()),
        3 => chart
            .draw_series(pts.map(|p| EmptyElement::at(p) + Polygon::new(vec![(0, -5), (5, 0), (0, 5), (-5, 0)], style)))
            .map(|_| ()),
        _ => chart.draw_series(pts.map(|p| Cross::new(p, 4, colour.stroke_width(2)))).map(|_| ()),
    };
    r.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_chart_is_deterministic_in_both_formats() {
        let chart = LineChart {
            title: "test".into(),
            x_label: "time (h)".into(),
            y_label: "elevation (deg)".into(),
            series: vec![Series { label: "a".into(), points: vec![(0.0, 1.0), (1.0, 3.0), (2.0, 2.0)] }],
            x_range: None,
            y_range: None,
            markers: true,
        };
        let a = chart_svg(400, 300, &chart).unwrap();
        let b = chart_svg(400, 300, &chart).unwrap();
        assert_eq!(a, b);
        assert!(a.contains("elevation (deg)"));
        let png = render_png(400, 300, |area| chart.draw(area)).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        assert_eq!(png, render_png(400, 300, |area| chart.draw(area)).unwrap());
    }
}
