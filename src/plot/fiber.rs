//! Charts for the fiber subcommand: GSNR per channel, GSNR vs launch power, capacity vs route length.

use super::{LineChart, Series};
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
