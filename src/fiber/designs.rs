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
            Ok(DesignComparison {
                name: name.clone(),
                architecture: design.architecture,
                band: design.channel_plan.band.clone(),
                nli_model: design.nli_model,
                report,
            })
        })
        .collect()
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
