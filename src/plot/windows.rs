//! Charts for the windows subcommands: elevation over time per satellite/station (with the mask drawn as a
//! dashed-free flat series), and eclipse duration per day over a season. Both are [`LineChart`]s, so they
//! render through [`super::write_chart`] as SVG or PNG, byte-identical run to run.

use super::{LineChart, Series};

/// Elevation (deg) over time (hours from `start_label`) for each labelled series of (seconds, degrees), with
/// the global mask as a flat line.
pub fn elevation_chart(
    title: &str,
    start_label: &str,
    series: &[(String, Vec<(f64, f64)>)],
    mask_deg: f64,
) -> LineChart {
    let mut out: Vec<Series> = series
        .iter()
        .map(|(label, points)| Series {
            label: label.clone(),
            points: points.iter().map(|&(s, el)| (s / 3600.0, el)).collect(),
        })
        .collect();
    let end_h = series.iter().flat_map(|(_, p)| p.iter().map(|q| q.0 / 3600.0)).fold(0.0, f64::max);
    out.push(Series { label: format!("mask {mask_deg} deg"), points: vec![(0.0, mask_deg), (end_h, mask_deg)] });
    LineChart {
        title: title.to_string(),
        x_label: format!("time since {start_label} (h)"),
        y_label: "elevation (deg)".to_string(),
        series: out,
        x_range: Some((0.0, end_h.max(1e-6))),
        y_range: Some((-90.0, 90.0)),
        markers: false,
    }
}

/// Eclipse duration (minutes) per day (days from `start_label`) for each satellite: (label, [(day, minutes)]).
pub fn eclipse_chart(title: &str, start_label: &str, series: &[(String, Vec<(f64, f64)>)]) -> LineChart {
    LineChart {
        title: title.to_string(),
        x_label: format!("days since {start_label}"),
        y_label: "eclipse duration, penumbra (min)".to_string(),
        series: series.iter().map(|(label, points)| Series { label: label.clone(), points: points.clone() }).collect(),
        x_range: None,
        y_range: None,
        markers: true,
    }
}
