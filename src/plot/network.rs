//! RTT over time per endpoint pair (`satfiber network --plot`), with each pair's great-circle fibre RTT as a
//! flat reference line in the pair's colour. Unreachable steps leave gaps in the line.

use super::{palette, Chart};

/// One pair's series.
#[derive(Debug, Clone, PartialEq)]
pub struct RttSeries {
    pub label: String,
    /// (hours since start, RTT ms or `None` when unreachable), in time order.
    pub points: Vec<(f64, Option<f64>)>,
    /// Great-circle fibre RTT for the reference line, ms.
    pub fibre_rtt_ms: f64,
}

/// The chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RttChart {
    pub title: String,
    /// e.g. "time since 2026-09-07T00:00:00Z (h)".
    pub x_label: String,
    /// Label of the fibre reference lines, e.g. "great-circle fibre, n = 1.468".
    pub fibre_label: String,
    pub series: Vec<RttSeries>,
}

/// Runs of consecutive reachable points.
fn segments(points: &[(f64, Option<f64>)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for &(x, y) in points {
        match y {
            Some(y) if y.is_finite() => current.push((x, y)),
            _ => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

impl Chart for RttChart {
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String> {
        use plotters::prelude::*;
        let x_max = self.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).fold(0.0, f64::max).max(1e-6);
        let ys = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|p| p.1).chain(std::iter::once(s.fibre_rtt_ms)))
            .filter(|v| v.is_finite());
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in ys {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        let pad = ((hi - lo) * 0.05).max(0.5);
        let y_range = ((lo - pad).max(0.0), hi + pad);
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, ("sans-serif", 22))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(65)
            .build_cartesian_2d(0.0..x_max, y_range.0..y_range.1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc("round-trip time (ms)")
            .label_style(("sans-serif", 14))
            .axis_desc_style(("sans-serif", 16))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, series) in self.series.iter().enumerate() {
            let colour = palette(i);
            for (k, segment) in segments(&series.points).into_iter().enumerate() {
                let drawn =
                    chart.draw_series(LineSeries::new(segment, colour.stroke_width(2))).map_err(|e| e.to_string())?;
                if k == 0 {
                    drawn
                        .label(series.label.clone())
                        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2)));
                }
            }
            let fibre = series.fibre_rtt_ms;
            let drawn = chart
                .draw_series(LineSeries::new(vec![(0.0, fibre), (x_max, fibre)], colour.mix(0.6).stroke_width(1)))
                .map_err(|e| e.to_string())?;
            drawn
                .label(format!("{}: {} {:.2} ms", series.label, self.fibre_label, fibre))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.mix(0.6).stroke_width(1)));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_split_the_line_and_output_is_deterministic() {
        let points = vec![(0.0, Some(20.0)), (0.1, None), (0.2, Some(21.0)), (0.3, Some(22.0))];
        assert_eq!(segments(&points), vec![vec![(0.0, 20.0)], vec![(0.2, 21.0), (0.3, 22.0)]]);
        let chart = RttChart {
            title: "t".into(),
            x_label: "time (h)".into(),
            fibre_label: "fibre".into(),
            series: vec![RttSeries { label: "A–B".into(), points, fibre_rtt_ms: 15.0 }],
        };
        let a = super::super::chart_svg(500, 300, &chart).unwrap();
        assert_eq!(a, super::super::chart_svg(500, 300, &chart).unwrap());
        assert!(a.contains("round-trip time (ms)"));
    }
}
