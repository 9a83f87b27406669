//! The one chart style every satfiber chart shares: font sizes, palette, margins, number formatting for value
//! labels and tables, the "nines" availability scale, and text drawn with correct glyph placement on bitmaps.
//!
//! Bitmap text: plotters 0.3.7's ab_glyph path (`style/font/ab_glyph.rs`, `FontDataInternal::draw`) puts each
//! glyph's outline at the integer-truncated pen position *without* the glyph's left side bearing
//! (`px_bounds().min.x`), and rounds every glyph to a whole pixel; letters with a small bearing ("T", "2") are
//! then followed by a visible gap ("T rans-Caspian", "2 026"). [`TextFixBackend`] wraps any backend and draws
//! text itself with ab_glyph: pen position in f32 with kerning, each glyph outlined at its sub-pixel position
//! and placed at its true bounds, the same vertical convention as plotters (baseline at size / 2 below the
//! layout box top) so layouts do not move. SVG text is laid out by the viewer and is unaffected.

use plotters::style::RGBColor;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
    FontTransform,
};

/// Title font size (px).
pub const TITLE_PX: u32 = 20;
/// Axis-title font size (px).
pub const AXIS_TITLE_PX: u32 = 15;
/// Tick-label and legend font size (px).
pub const LABEL_PX: u32 = 13;
/// Value labels on bars and points (px).
pub const VALUE_PX: u32 = 12;
/// Light grid lines.
pub const GRID: RGBColor = RGBColor(232, 232, 232);
/// Verdict colours: meets, partly, fails.
pub const GOOD: RGBColor = RGBColor(0, 140, 90);
pub const WARN: RGBColor = RGBColor(200, 120, 0);
pub const BAD: RGBColor = RGBColor(190, 40, 40);

/// Okabe–Ito colours followed by their darker shades: 15 colours, none repeated (black is kept for reference
/// lines). Index past the end cycles, but charts with more series than colours also vary the dash/marker.
pub const PALETTE: [(u8, u8, u8); 15] = [
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
    (120, 120, 120),
    (0, 70, 110),
    (140, 60, 0),
    (0, 100, 72),
    (140, 70, 110),
    (150, 100, 0),
    (40, 120, 160),
    (170, 150, 20),
    (60, 60, 60),
];

/// Series colour `index` of [`PALETTE`].
pub fn colour(index: usize) -> RGBColor {
    let (r, g, b) = PALETTE[index % PALETTE.len()];
    RGBColor(r, g, b)
}

/// `v` with `decimals` decimals and thousands separators (","), "−" never printed for a rounded zero; empty
/// for non-finite values (never "NaN" or "inf").
pub fn thousands(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let zero = s.chars().all(|c| c == '0' || c == '.');
    let sign = if v < 0.0 && !zero { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A readable number: 3 significant digits below 100, whole numbers with separators above.
pub fn readable(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        ((-a.log10()).floor() as usize + 3).min(6)
    };
    thousands(v, decimals)
}

/// Availability (percent) as "nines": −log10(1 − A/100); 99.9 % → 3. Capped at 9 for A = 100 %.
pub fn nines(availability_percent: f64) -> f64 {
    let u = 1.0 - availability_percent / 100.0;
    if u <= 1e-9 {
        9.0
    } else {
        -u.log10()
    }
}

/// The availability (percent) text of a whole number of nines: 1 → "90 %", 3 → "99.9 %".
pub fn nines_label(n: f64) -> String {
    let k = n.round() as i32;
    if (n - k as f64).abs() > 1e-6 || k < 0 {
        return String::new();
    }
    match k {
        0 => "0 %".into(),
        1 => "90 %".into(),
        k => format!("99.{} %", "9".repeat((k - 2) as usize)).replace("99. %", "99 %"),
    }
}

/// Availability with as many decimals as its whole nines (at least 2): 98.894 → "98.89 %", 99.99812 →
/// "99.9981 %".
pub fn availability_text(availability_percent: f64) -> String {
    if !availability_percent.is_finite() {
        return String::new();
    }
    let n = nines(availability_percent).floor().clamp(2.0, 7.0) as usize;
    format!("{} %", thousands(availability_percent, n))
}

/// A backend wrapper that draws text with correct glyph advances (see the module docs); everything else is
/// passed through.
pub struct TextFixBackend<B: DrawingBackend> {
    pub inner: B,
}

fn font_bytes(style: FontStyle) -> &'static [u8] {
    match style {
        FontStyle::Bold => dejavu::sans::bold(),
        _ => dejavu::sans::regular(),
    }
}

/// Glyph coverage of `text` at `size_px`: (x, y, alpha) relative to the layout box's top-left corner, and the
/// layout box width and height (the same box plotters' ab_glyph layout reports).
pub fn layout_text(text: &str, size_px: f64, style: FontStyle) -> (Vec<(i32, i32, f32)>, i32, i32) {
    use ab_glyph::{Font, FontRef, ScaleFont};
    let Ok(font) = FontRef::try_from_slice(font_bytes(style)) else {
        return (Vec::new(), 0, 0);
    };
    let scaled = font.as_scaled(size_px as f32);
    let mut pen = 0f32;
    let mut prev: Option<ab_glyph::GlyphId> = None;
    let mut pixels = Vec::new();
    let baseline = size_px as f32 / 2.0;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(size_px as f32, ab_glyph::point(pen, baseline));
        if let Some(outline) = scaled.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|x, y, a| {
                pixels.push((b.min.x as i32 + x as i32, b.min.y as i32 + y as i32, a));
            });
        }
        pen += scaled.h_advance(id);
        prev = Some(id);
    }
    (pixels, pen as i32, (size_px / 1.24) as i32)
}

impl<B: DrawingBackend> DrawingBackend for TextFixBackend<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (iw, ih): (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, (iw, ih), src)
    }
    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let (_, w, h) = layout_text(text, style.size(), style.style());
        Ok((w.max(0) as u32, h.max(0) as u32))
    }
    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let (pixels, width, height) = layout_text(text, style.size(), style.style());
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let trans: FontTransform = style.transform();
        let (w, h) = self.get_size();
        for (x, y, a) in pixels {
            let (x, y) = trans.transform(x + dx, y + dy);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 && a > 0.0 {
                let c = BackendColor { alpha: colour.alpha * f64::from(a.min(1.0)), rgb: colour.rgb };
                self.inner.draw_pixel((x, y), c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns with ink of `text` drawn at 22 px on a bitmap, through the text fix or plotters' own path.
    fn ink_columns(text: &str, fixed: bool) -> Vec<bool> {
        use plotters::prelude::*;
        crate::plot::register_fonts();
        let (w, h) = (400u32, 40u32);
        let mut rgb = vec![255u8; (w * h * 3) as usize];
        {
            let font = ("sans-serif", 22).into_font().color(&BLACK);
            if fixed {
                let inner = BitMapBackend::with_buffer(&mut rgb, (w, h));
                let root = TextFixBackend { inner }.into_drawing_area();
                root.draw(&Text::new(text.to_string(), (10, 8), font)).unwrap();
                root.present().unwrap();
            } else {
                let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
                root.draw(&Text::new(text.to_string(), (10, 8), font)).unwrap();
                root.present().unwrap();
            }
        }
        (0..w as usize).map(|x| (0..h as usize).any(|y| rgb[(y * w as usize + x) * 3] < 128)).collect()
    }

    /// Runs of inked columns: (start, end exclusive).
    fn ink_runs(columns: &[bool]) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut start = None;
        for (x, c) in columns.iter().enumerate() {
            match (start, *c) {
                (None, true) => start = Some(x),
                (Some(s0), false) => {
                    runs.push((s0, x));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s0) = start {
            runs.push((s0, columns.len()));
        }
        runs
    }

    #[test]
    fn png_text_keeps_glyph_spacing() {
        // plotters' own bitmap text drops each glyph's left side bearing and truncates every pen position, so
        // glyphs touch or drift apart ("2 026-09-07 T00", "100000. 0"); with the fix each glyph stands alone at
        // 22 px and the gaps either side of a centred '.' are equal (the SVG reading).
        let date = "2026-09-07T00";
        let fixed = ink_runs(&ink_columns(date, true)).len();
        let old = ink_runs(&ink_columns(date, false)).len();
        assert_eq!(fixed, date.chars().count(), "every glyph of {date} stands alone with the fix");
        assert!(old < fixed, "plotters' own path merges glyphs ({old} runs): the test would not see the old bug");
        let gaps_around_dot = |fixed: bool| {
            let runs = ink_runs(&ink_columns("100000.0", fixed));
            let dot = runs.len() - 2;
            (runs[dot].0 - runs[dot - 1].1, runs[dot + 1].0 - runs[dot].1)
        };
        let (before, after) = gaps_around_dot(true);
        assert!(before.abs_diff(after) <= 1, "gaps around '.': {before} and {after} px with the fix");
        let (before, after) = gaps_around_dot(false);
        assert!(before.abs_diff(after) >= 2, "plotters' own path: {before} and {after} px");
        // The inked width matches the font's advances (estimate_text_size) within 3 px.
        let cols = ink_columns("Trans-Caspian", true);
        let ink = cols.iter().rposition(|c| *c).unwrap() - cols.iter().position(|c| *c).unwrap() + 1;
        let (_, advance, _) = layout_text("Trans-Caspian", 22.0, FontStyle::Normal);
        assert!((ink as i32 - advance).abs() <= 3, "ink {ink} px against advances {advance} px");
    }

    #[test]
    fn thousands_and_readable_format_for_people() {
        assert_eq!(thousands(1234567.891, 2), "1,234,567.89");
        assert_eq!(thousands(-0.0001, 2), "0.00");
        assert_eq!(thousands(-1234.0, 0), "-1,234");
        assert_eq!(thousands(f64::NAN, 2), "");
        assert_eq!(readable(70.0), "70.0");
        assert_eq!(readable(0.7234), "0.723");
        assert_eq!(readable(123456.0), "123,456");
    }

    #[test]
    fn nines_scale_round_trips_its_labels() {
        assert!((nines(99.9) - 3.0).abs() < 1e-9);
        assert!((nines(90.0) - 1.0).abs() < 1e-12);
        assert_eq!(nines_label(1.0), "90 %");
        assert_eq!(nines_label(2.0), "99 %");
        assert_eq!(nines_label(5.0), "99.999 %");
        assert_eq!(nines_label(2.5), "");
        assert_eq!(availability_text(99.8), "99.80 %");
        assert_eq!(availability_text(99.99812), "99.9981 %");
    }
}
