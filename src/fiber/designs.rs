//! Several designs of one route side by side: a designs file lists `[[design]]` tables, each a `name` plus
//! any [`SystemDesign`] fields; every design is evaluated with [`evaluate`] and its capacity, fiber pairs for a
//! target and cost (the existing cost model) are collected for a comparison table and a capacity-vs-cost chart.

use super::system::{evaluate, Architecture, FiberReport, NliModel, SystemDesign};
use super::{Equipment, FiberError, Route};
use serde::Serialize;

/// A parsed designs file.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignsFile {
    /// Route name, if the file names one.
    pub route: Option<String>,
    /// Explicit cable length (km), if given instead.
    pub length_km: Option<f64>,
    pub designs: Vec<(String, SystemDesign)>,
}

/// Parses a designs TOML: optional `route` / `length_km`, then `[[design]]` tables with a unique `name`.
pub fn parse_designs(text: &str, file: &str) -> Result<DesignsFile, FiberError> {
    let parse = |message: String| FiberError::Parse { file: file.to_string(), message };
    let mut value: toml::Table = toml::from_str(text).map_err(|e| parse(e.to_string()))?;
    let route = match value.remove("route") {
        Some(toml::Value::String(s)) => Some(s),
        Some(other) => return Err(FiberError::invalid(file, "route", other, "a route name (string)")),
        None => None,
    };
    let length_km = match value.remove("length_km") {
        Some(toml::Value::Float(x)) => Some(x),
        Some(toml::Value::Integer(x)) => Some(x as f64),
        Some(other) => return Err(FiberError::invalid(file, "length_km", other, "a length in km")),
        None => None,
    };
    let tables = match value.remove("design") {
        Some(toml::Value::Array(a)) => a,
        _ => return Err(FiberError::invalid(file, "design", "missing", "one or more [[design]] tables")),
    };
    if let Some(key) = value.keys().next() {
        return Err(parse(format!("unknown top-level key {key:?}; expected route, length_km, [[design]]")));
    }
    let mut designs: Vec<(String, SystemDesign)> = Vec::new();
    for (k, table) in tables.into_iter().enumerate() {
        let toml::Value::Table(mut table) = table else {
            return Err(FiberError::invalid(file, format!("design[{k}]"), "not a table", "a [[design]] table"));
        };
        let name = match table.remove("name") {
            Some(toml::Value::String(s)) if !s.trim().is_empty() => s,
            _ => return Err(FiberError::invalid(file, format!("design[{k}].name"), "missing", "a non-empty name")),
        };
        if designs.iter().any(|(n, _)| *n == name) {
            return Err(FiberError::invalid(file, format!("design[{k}].name"), &name, "unique design names"));
        }
        let design: SystemDesign = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| parse(format!("design {name:?}: {}", e.message())))?;
        designs.push((name, design));
    }
    Ok(DesignsFile { route, length_km, designs })
}

/// One row of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DesignComparison {
    pub name: String,
    pub architecture: Architecture,
    pub band: String,
    pub nli_model: NliModel,
    /// How the line is amplified: `EDFA`, `EDFA + Raman … mW`, `Raman … mW`, `Raman … mW + ROPA`,
    /// `booster + preamp` or `preamp only`.
    pub amplification: String,
    /// Unrepeatered designs: the longest cable (km) over which the lowest transceiver mode still closes with the
    /// design's margin (bisection to 1 km); `None` for repeatered designs (spans are re-planned with length) or
    /// when no length closes.
    pub reach_km: Option<f64>,
    pub report: FiberReport,
}

/// Evaluates every design on the route; an error names the design.
pub fn compare_designs(
    route: &Route,
    designs: &[(String, SystemDesign)],
    equipment: &Equipment,
) -> Result<Vec<DesignComparison>, FiberError> {
    designs
        .iter()
        .map(|(name, design)| {
            let report = evaluate(route, design, equipment)
                .map_err(|e| FiberError::Parse { file: format!("design {name:?}"), message: e.to_string() })?;
            let reach_km = match design.architecture {
                Architecture::Unrepeatered => {
                    unrepeatered_reach_km(design, report.launch_power_dbm, equipment).map_err(|e| {
                        FiberError::Parse { file: format!("design {name:?} reach"), message: e.to_string() }
                    })?
                }
                Architecture::Repeatered => None,
            };
            Ok(DesignComparison {
                name: name.clone(),
                architecture: design.architecture,
                band: design.channel_plan.band.clone(),
                nli_model: design.nli_model,
                amplification: amplification(design),
                reach_km,
                report,
            })
        })
        .collect()
}

/// A short label of the amplification scheme.
fn amplification(design: &SystemDesign) -> String {
    let pump_mw: f64 = design.raman_pumps.iter().map(|p| p.power_mw).sum();
    let raman = format!("Raman {pump_mw:.0} mW");
    match (design.architecture, design.raman_pumps.is_empty(), design.ropa.is_some()) {
        (_, _, true) => format!("{raman} + ROPA"),
        (Architecture::Repeatered, true, false) => "EDFA".to_string(),
        (Architecture::Repeatered, false, false) => format!("EDFA + {raman}"),
        (Architecture::Unrepeatered, true, false) if design.booster.is_some() => "booster + preamp".to_string(),
        (Architecture::Unrepeatered, true, false) => "preamp only".to_string(),
        (Architecture::Unrepeatered, false, false) => raman,
    }
}

/// Longest unrepeatered cable (km) on which the design's worst channel still closes a mode at the launch power
/// it uses on the route, by bisection on [shortest, 1000] km to 1 km (capacity falls monotonically with length
/// for one span). `None` if even the shortest length fails.
fn unrepeatered_reach_km(
    design: &SystemDesign,
    launch_power_dbm: f64,
    equipment: &Equipment,
) -> Result<Option<f64>, FiberError> {
    let design = SystemDesign {
        fiber_pairs: Some(1),
        target_capacity_tbps: None,
        launch_power_dbm: Some(launch_power_dbm),
        ..design.clone()
    };
    let closes = |km: f64| -> Result<bool, FiberError> {
        let route = Route::from_length("reach", km)?;
        Ok(evaluate(&route, &design, equipment)?.capacity_per_pair_gbps > 0.0)
    };
    let shortest = design.ropa.as_ref().map_or(20.0, |r| r.distance_from_receiver_km + 5.0);
    let longest = 1000.0;
    if !closes(shortest)? {
        return Ok(None);
    }
    if closes(longest)? {
        return Ok(Some(longest));
    }
    let (mut good, mut bad) = (shortest, longest);
    while bad - good > 1.0 {
        let mid = (good + bad) / 2.0;
        if closes(mid)? {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Ok(Some(good.floor()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let f = parse_designs(
            "route = 'sumgait-aktau'\n[[design]]\nname = 'a'\nmax_span_km = 80\n[[design]]\nname = 'b'\n",
            "d.toml",
        )
        .unwrap();
        assert_eq!(f.designs.len(), 2);
        assert_eq!(f.designs[0].1.max_span_km, 80.0);
        let dup = parse_designs("[[design]]\nname = 'a'\n[[design]]\nname = 'a'\n", "d.toml").unwrap_err();
        assert!(dup.to_string().contains("unique"), "{dup}");
        let unknown = parse_designs("[[design]]\nname = 'a'\nmax_span = 80\n", "d.toml").unwrap_err();
        assert!(unknown.to_string().contains("max_span") && unknown.to_string().contains("d.toml"), "{unknown}");
        assert!(parse_designs("route = 'x'\n", "d.toml").unwrap_err().to_string().contains("design"));
    }
}
