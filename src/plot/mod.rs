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

/// Draws a PNG chart into bytes.
pub fn render_png<F>(width: u32, height: u32, draw: F) -> Result<Vec<u8>, String>
where
    F: FnOnce(
        &plotters::drawing::DrawingArea<plotters::backend::BitMapBackend, plotters::coord::Shift>,
    ) -> Result<(), String>,
{
    use plotters::prelude::*;
    register_fonts();
    let mut rgb = vec![0u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
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
