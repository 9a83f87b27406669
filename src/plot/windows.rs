//! Charts for the windows subcommands: elevation over UTC clock time per satellite/station, clipped at the
//! mask − 5°, with the mask line and each window's AOS / culmination / LOS drawn at their event times and
//! values (from the root-finder, not the sampled peak), legend outside the plot, a title with stations, dates
//! and mask; and eclipse duration per day over a season ([`LineChart`]). Both render through
//! [`super::write_chart`] as SVG or PNG, byte-identical run to run.

use super::style;
use super::{draw_legend, legend_width_px, palette, Chart, LineChart, Series};

/// One window's events for the chart: series index, and (seconds since start, elevation deg) at AOS,
/// culmination and LOS.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowEvents {
    pub series: usize,
    pub aos: (f64, f64),
    pub culmination: (f64, f64),
    pub los: (f64, f64),
}

/// Elevation against UTC time.
#[derive(Debug, Clone, PartialEq)]
pub struct ElevationChart {
    pub title: String,
    /// Start of the x axis (UTC).
    pub start: Option<crate::time::Instant>,
    /// Label and (seconds since start, elevation deg) samples.
    pub series: Vec<(String, Vec<(f64, f64)>)>,
    pub mask_deg: f64,
    pub end_s: f64,
    pub events: Vec<WindowEvents>,
}

/// Elevation (deg) over UTC time for each labelled series of (seconds since `start_label`, degrees), with the
/// mask; `title` is extended with the stations, the interval and the mask.
pub fn elevation_chart(
    title: &str,
    start_label: &str,
    series: &[(String, Vec<(f64, f64)>)],
    mask_deg: f64,
) -> ElevationChart {
    elevation_chart_with_events(title, start_label, series, mask_deg, Vec::new())
}

/// [`elevation_chart`] with the windows' AOS / culmination / LOS marked.
pub fn elevation_chart_with_events(
    title: &str,
    start_label: &str,
    series: &[(String, Vec<(f64, f64)>)],
    mask_deg: f64,
    events: Vec<WindowEvents>,
) -> ElevationChart {
    let start = crate::time::parse_instant(start_label).ok();
    let end_s = series.iter().flat_map(|(_, p)| p.iter().map(|q| q.0)).fold(0.0, f64::max);
    let mut stations: Vec<&str> = series.iter().filter_map(|(l, _)| l.rsplit(" / ").next()).collect();
    stations.sort_unstable();
    stations.dedup();
    let end_label = start.map(|s| crate::time::format_instant_s(&crate::time::add_seconds(&s, end_s)));
    ElevationChart {
        title: format!(
            "{title} at {}: {} to {}, mask {mask_deg}°",
            stations.join(", "),
            start.map(|s| crate::time::format_instant_s(&s)).unwrap_or_else(|| start_label.to_string()),
            end_label.unwrap_or_default()
        ),
        start,
        series: series.to_vec(),
        mask_deg,
        end_s,
        events,
    }
}

/// Splits samples into runs at or above `floor`, with the crossing points interpolated, so no line is drawn
/// below the plot (plotters does not clip lines to the plotting area).
pub fn clip_below(points: &[(f64, f64)], floor: f64) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        if let Some(&q) = i.checked_sub(1).and_then(|j| points.get(j)) {
            if (q.1 < floor) != (p.1 < floor) {
                let f = (floor - q.1) / (p.1 - q.1);
                current.push((q.0 + f * (p.0 - q.0), floor));
            }
        }
        if p.1 >= floor {
            current.push(p);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

impl Chart for ElevationChart {
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String> {
        use plotters::prelude::*;
        let floor = (self.mask_deg - 5.0).max(-90.0);
        let top = self
            .series
            .iter()
            .flat_map(|s| s.1.iter().map(|p| p.1))
            .chain(self.events.iter().map(|e| e.culmination.1))
            .fold(self.mask_deg + 10.0, f64::max);
        let y_max = ((top + 5.0) / 10.0).ceil() * 10.0;
        let y_max = y_max.min(90.0).max(floor + 10.0);
        let end_h = (self.end_s / 3600.0).max(1e-6);
        let mut labels: Vec<String> = self.series.iter().map(|s| s.0.clone()).collect();
        labels.push(format!("mask {}°", self.mask_deg));
        let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
        let (w, _) = area.dim_in_pixel();
        let legend_w = legend_width_px(&label_refs).min(w * 2 / 5);
        let (main, legend) = area.split_horizontally(w - legend_w);
        let start = self.start;
        let multi_day = end_h > 24.0;
        let x_fmt = move |h: &f64| -> String {
            match start {
                Some(s) => {
                    let t = crate::time::add_seconds(&s, h * 3600.0);
                    if multi_day {
                        t.format("%m-%d %H:%M").to_string()
                    } else {
                        t.format("%H:%M").to_string()
                    }
                }
                None => format!("{h:.1} h"),
            }
        };
        let mut chart = ChartBuilder::on(&main)
            .caption(&self.title, ("sans-serif", style::TITLE_PX - 3))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(55)
            .build_cartesian_2d(0.0..end_h, floor..y_max)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc(if start.is_some() { "time (UTC)" } else { "time since start (h)" })
            .y_desc("elevation (deg)")
            .x_label_formatter(&x_fmt)
            .x_labels(8)
            .label_style(("sans-serif", style::LABEL_PX))
            .axis_desc_style(("sans-serif", style::AXIS_TITLE_PX))
            .light_line_style(style::GRID)
            .draw()
            .map_err(|e| e.to_string())?;
        let mut entries = Vec::new();
        for (i, (label, points)) in self.series.iter().enumerate() {
            let colour = palette(i);
            let hours: Vec<(f64, f64)> = points.iter().map(|&(s, el)| (s / 3600.0, el)).collect();
            for run in clip_below(&hours, floor) {
                chart.draw_series(LineSeries::new(run, colour.stroke_width(2))).map_err(|e| e.to_string())?;
            }
            entries.push((label.clone(), colour));
        }
        let mask = plotters::style::RGBColor(90, 90, 90);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, self.mask_deg), (end_h, self.mask_deg)],
                6,
                4,
                mask.stroke_width(1),
            ))
            .map_err(|e| e.to_string())?;
        entries.push((format!("mask {}°", self.mask_deg), mask));
        let font = ("sans-serif", style::VALUE_PX).into_font();
        for e in &self.events {
            let colour = palette(e.series);
            let h = |p: (f64, f64)| (p.0 / 3600.0, p.1);
            chart
                .draw_series([
                    TriangleMarker::new(h(e.aos), 5, colour.filled()),
                    TriangleMarker::new(h(e.los), 5, colour.filled()),
                ])
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at(h(e.culmination))
                        + Circle::new((0, 0), 4, colour.filled())
                        + Text::new(format!("{:.1}°", e.culmination.1), (-12, -18), font.clone()),
                ))
                .map_err(|e| e.to_string())?;
        }
        draw_legend(&legend, &entries)
    }
}

/// Eclipse duration (minutes) per day (days from `start_label`) for each satellite: (label, [(day, minutes)]).
pub fn eclipse_chart(title: &str, start_label: &str, series: &[(String, Vec<(f64, f64)>)]) -> LineChart {
    LineChart {
        title: format!("{title} from {start_label}"),
        x_label: format!("days since {start_label}"),
        y_label: "eclipse duration, penumbra (min)".to_string(),
        series: series.iter().map(|(label, points)| Series { label: label.clone(), points: points.clone() }).collect(),
        x_range: None,
        y_range: None,
        markers: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_below_interpolates_the_crossings() {
        let runs = clip_below(&[(0.0, -10.0), (1.0, 10.0), (2.0, 20.0), (3.0, -20.0)], 0.0);
        assert_eq!(runs, vec![vec![(0.5, 0.0), (1.0, 10.0), (2.0, 20.0), (2.5, 0.0)]]);
        assert!(clip_below(&[(0.0, -1.0), (1.0, -2.0)], 0.0).is_empty());
    }

    #[test]
    fn elevation_chart_titles_and_clock_axis() {
        let series = vec![("SAT / Baku".to_string(), vec![(0.0, -30.0), (3600.0, 40.0), (7200.0, -30.0)])];
        let events =
            vec![WindowEvents { series: 0, aos: (1500.0, 10.0), culmination: (3600.0, 41.2), los: (5700.0, 10.0) }];
        let chart = elevation_chart_with_events("Elevation", "2026-09-07T00:00:00Z", &series, 10.0, events);
        assert!(chart.title.contains("Baku") && chart.title.contains("2026-09-07") && chart.title.contains("mask 10°"));
        let svg = crate::plot::chart_svg(900, 500, &chart).unwrap();
        assert!(
            svg.contains("01:00") && svg.contains("time (UTC)") && svg.contains("41.2°"),
            "clock ticks, event labels"
        );
    }
}
