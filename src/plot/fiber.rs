//! Charts for the fiber subcommand: GSNR per channel, GSNR vs launch power, capacity vs route length.

use super::{data_range, Chart, LineChart, Series};
use crate::fiber::{FiberReport, LaunchSweepPoint, LengthSweepPoint};

/// GSNR, ASE OSNR and NLI SNR per channel (dB in the symbol-rate bandwidth) against frequency (THz).
pub fn gsnr_chart(report: &FiberReport) -> LineChart {
    let pick = |f: fn(&crate::fiber::ChannelReport) -> f64| -> Vec<(f64, f64)> {
        report.channels.iter().map(|c| (c.frequency_thz, f(c))).collect()
    };
    LineChart {
        title: format!(
            "{}: {} × {:.1} km, {} ch at {:.2} dBm",
            report.route,
            report.spans.len(),
            report.spans.first().map(|s| s.length_km).unwrap_or(0.0),
            report.channel_count,
            report.launch_power_dbm
        ),
        x_label: "frequency (THz)".into(),
        y_label: "SNR in symbol-rate bandwidth (dB)".into(),
        series: vec![
            Series { label: "GSNR (with Tx OSNR)".into(), points: pick(|c| c.gsnr_db) },
            Series { label: "OSNR ASE".into(), points: pick(|c| c.osnr_ase_db) },
            Series { label: "SNR NLI".into(), points: pick(|c| c.snr_nli_db) },
        ],
        x_range: None,
        y_range: None,
        markers: false,
    }
}

/// Worst and mean GSNR (dB) against launch power per channel (dBm).
pub fn launch_chart(route: &str, points: &[LaunchSweepPoint]) -> LineChart {
    LineChart {
        title: format!("{route}: GSNR vs launch power"),
        x_label: "launch power per channel (dBm)".into(),
        y_label: "GSNR (dB)".into(),
        series: vec![
            Series {
                label: "worst channel".into(),
                points: points.iter().map(|p| (p.launch_power_dbm, p.min_gsnr_db)).collect(),
            },
            Series {
                label: "mean".into(),
                points: points.iter().map(|p| (p.launch_power_dbm, p.mean_gsnr_db)).collect(),
            },
        ],
        x_range: None,
        y_range: None,
        markers: true,
    }
}

/// Capacity per fiber pair (Tb/s), transceiver modes and the Shannon bound, against cable length (km).
pub fn length_chart(title: &str, points: &[LengthSweepPoint]) -> LineChart {
    LineChart {
        title: title.to_string(),
        x_label: "cable length (km)".into(),
        y_label: "capacity per fiber pair (Tb/s)".into(),
        series: vec![
            Series {
                label: "transceiver modes".into(),
                points: points.iter().map(|p| (p.cable_length_km, p.capacity_per_pair_gbps / 1e3)).collect(),
            },
            Series {
                label: "Shannon bound".into(),
                points: points.iter().map(|p| (p.cable_length_km, p.shannon_capacity_per_pair_gbps / 1e3)).collect(),
            },
        ],
        x_range: None,
        y_range: None,
        markers: true,
    }
}

/// A [`LineChart`] with vertical and horizontal marker lines and their labels (drawn dashed, labelled in
/// the legend).
#[derive(Debug, Clone, PartialEq)]
pub struct MarkedChart {
    pub chart: LineChart,
    /// Horizontal lines: label and y.
    pub h_lines: Vec<(String, f64)>,
    /// Vertical lines: label and x.
    pub v_lines: Vec<(String, f64)>,
}

impl Chart for MarkedChart {
    fn draw<DB: plotters::backend::DrawingBackend>(
        &self,
        area: &plotters::drawing::DrawingArea<DB, plotters::coord::Shift>,
    ) -> Result<(), String> {
        // The lines become series of their own (two points each), so axes, legend and style stay the
        // LineChart's; the ranges are widened to include the lines.
        let xs =
            self.chart.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).chain(self.v_lines.iter().map(|v| v.1));
        let x_range = self.chart.x_range.unwrap_or_else(|| data_range(xs, 0.0));
        let ys =
            self.chart.series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).chain(self.h_lines.iter().map(|h| h.1));
        let y_range = self.chart.y_range.unwrap_or_else(|| data_range(ys, 0.08));
        let mut combined = self.chart.clone();
        combined.x_range = Some(x_range);
        combined.y_range = Some(y_range);
        for (label, y) in &self.h_lines {
            combined.series.push(Series { label: label.clone(), points: vec![(x_range.0, *y), (x_range.1, *y)] });
        }
        for (label, x) in &self.v_lines {
            combined.series.push(Series { label: label.clone(), points: vec![(*x, y_range.0), (*x, y_range.1)] });
        }
        combined.draw(area)
    }
}

/// [`launch_chart`] with the chosen mode's required GSNR plus the system margin as a line and the launch power
/// used marked.
pub fn launch_chart_marked(
    report: &FiberReport,
    points: &[LaunchSweepPoint],
    required_gsnr_db: Option<(String, f64)>,
    margin_db: f64,
) -> MarkedChart {
    let mut h_lines = Vec::new();
    if let Some((mode, required)) = required_gsnr_db {
        h_lines.push((format!("{mode}: required {required:.2} dB + {margin_db} dB margin"), required + margin_db));
    }
    MarkedChart {
        chart: launch_chart(&report.route, points),
        h_lines,
        v_lines: vec![(format!("launch power used {:.2} dBm", report.launch_power_dbm), report.launch_power_dbm)],
    }
}

/// [`length_chart`] with the route's own cable length marked.
pub fn length_chart_marked(title: &str, points: &[LengthSweepPoint], route: &str, route_length_km: f64) -> MarkedChart {
    MarkedChart {
        chart: length_chart(title, points),
        h_lines: Vec::new(),
        v_lines: vec![(format!("{route}: {route_length_km:.0} km"), route_length_km)],
    }
}
