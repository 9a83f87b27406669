//! Capacity against cost for several fiber designs of one route (`satfiber fiber --designs FILE --plot`):
//! one marker per design at (capex in MUS$, total capacity in Tb/s), on the shared chart API of this module.

use super::{LineChart, Series};
use crate::fiber::DesignComparison;

/// Total capacity (Tb/s, all fiber pairs) against capex (MUS$), one series per design.
pub fn designs_chart(route: &str, rows: &[DesignComparison]) -> LineChart {
    LineChart {
        title: format!("{route}: capacity vs cost of the designs"),
        x_label: "capex (MUS$)".into(),
        y_label: "total capacity (Tb/s)".into(),
        series: rows
            .iter()
            .map(|r| Series {
                label: format!("{} ({} pairs)", r.name, r.report.fiber_pairs),
                points: vec![(r.report.capex_usd / 1e6, r.report.total_capacity_gbps / 1e3)],
            })
            .collect(),
        x_range: None,
        y_range: None,
        markers: true,
    }
}
