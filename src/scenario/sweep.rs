//! Parameter sweeps: `FIELD=START:END:STEP` reruns the comparison with one scenario value changed.
//!
//! FIELD names a key of the scenario file: `scenario.KEY`, or `TABLE.NAME.KEY` for an entry of `[[site]]`,
//! `[[route]]`, `[[demand]]` or `[[option]]` by its `name` (e.g. `route.Aktau-Almaty.repair_days`,
//! `option.Trans-Caspian cable.fibre_pairs`, `option.LEO Walker 648.walker.altitude_km`).

use super::compare::{compare, CompareError, Comparison};
use super::config::{Scenario, ScenarioError};
use std::path::Path;
use thiserror::Error;

/// Most values one sweep may take.
pub const MAX_SWEEP_POINTS: usize = 200;

/// Errors in a sweep specification or while running it.
#[derive(Debug, Error)]
pub enum SweepError {
    #[error("--sweep {spec:?}: {problem}; expected {expected}")]
    Spec { spec: String, problem: String, expected: String },
    #[error("--sweep {field} = {}: {source}", crate::validate::fmt_value(*.value))]
    Scenario {
        field: String,
        value: f64,
        #[source]
        source: Box<ScenarioError>,
    },
    #[error("--sweep {field} = {}: {source}", crate::validate::fmt_value(*.value))]
    Compare {
        field: String,
        value: f64,
        #[source]
        source: Box<CompareError>,
    },
}

/// A parsed `FIELD=START:END:STEP`.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepSpec {
    pub field: String,
    pub values: Vec<f64>,
}

impl SweepSpec {
    /// Parses `FIELD=START:END:STEP` (END ≥ START, STEP > 0, at most [`MAX_SWEEP_POINTS`] values).
    pub fn parse(spec: &str) -> Result<SweepSpec, SweepError> {
        let bad = |problem: &str| SweepError::Spec {
            spec: spec.to_string(),
            problem: problem.to_string(),
            expected: "FIELD=START:END:STEP, e.g. option.Trans-Caspian cable.design.fiber_pairs=1:8:1".into(),
        };
        let (field, range) = spec.split_once('=').ok_or_else(|| bad("no '='"))?;
        let field = field.trim();
        if field.is_empty() {
            return Err(bad("empty FIELD"));
        }
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        if parts.len() != 3 {
            return Err(bad("need three ':'-separated numbers"));
        }
        let mut n = [0.0; 3];
        for (slot, text) in n.iter_mut().zip(&parts) {
            *slot = text
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad(&format!("{text:?} is not a number")))?;
        }
        let [start, end, step] = n;
        if !(step > 0.0) {
            return Err(bad("STEP must be > 0"));
        }
        if end < start {
            return Err(bad("END is below START"));
        }
        let count = ((end - start) / step + 1e-9).floor() as usize + 1;
        if count > MAX_SWEEP_POINTS {
            return Err(bad(&format!("{count} values, more than {MAX_SWEEP_POINTS}")));
        }
        let values = (0..count).map(|i| start + i as f64 * step).collect();
        Ok(SweepSpec { field: field.to_string(), values })
    }
}

/// The comparisons of a sweep, one per value in order.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepResult {
    pub field: String,
    pub option_names: Vec<String>,
    pub points: Vec<(f64, Comparison)>,
}

/// Sets FIELD to `value` in the scenario text and returns the new text. The edit is made in place
/// (`toml_edit`): every other line keeps its text and its line number, so an error in the changed scenario
/// cites the line and column of the user's file (a key that was absent is added at the end of its table).
pub fn apply(text: &str, spec_field: &str, value: f64) -> Result<String, SweepError> {
    use toml_edit::{DocumentMut, Item, TableLike, Value};
    let bad = |problem: String, expected: &str| SweepError::Spec {
        spec: spec_field.to_string(),
        problem,
        expected: expected.to_string(),
    };
    let mut doc: DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| bad(e.message().trim().to_string(), "a valid scenario"))?;
    let (table, rest) =
        spec_field.split_once('.').ok_or_else(|| bad("no '.'".into(), "scenario.KEY or TABLE.NAME.KEY"))?;
    let (target, key_path): (&mut dyn TableLike, Vec<String>) = match table {
        "scenario" => (
            doc.get_mut("scenario")
                .and_then(|v| v.as_table_like_mut())
                .ok_or_else(|| bad("no [scenario] table".into(), "a scenario file"))?,
            rest.split('.').map(String::from).collect(),
        ),
        "site" | "route" | "demand" | "option" => {
            let entries = doc
                .get_mut(table)
                .and_then(|v| v.as_array_of_tables_mut())
                .ok_or_else(|| bad(format!("no [[{table}]] entries"), "an existing table"))?;
            let mut found = None;
            for entry in entries.iter_mut() {
                let name = entry.get("name").and_then(|n| n.as_str()).unwrap_or("").to_string();
                if let Some(key) = rest.strip_prefix(&format!("{name}.")) {
                    let keys = key.split('.').map(String::from).collect();
                    found = Some((entry as &mut dyn TableLike, keys));
                    break;
                }
            }
            found.ok_or_else(|| {
                bad(
                    format!("no [[{table}]] entry whose name starts {rest:?}"),
                    &format!("{table}.NAME.KEY with NAME a [[{table}]] name"),
                )
            })?
        }
        other => {
            return Err(bad(format!("unknown table {other:?}"), "scenario, site, route, demand or option"));
        }
    };
    let (last, parents) = key_path.split_last().ok_or_else(|| bad("no KEY".into(), "a key name"))?;
    let mut at = target;
    for p in parents {
        at = at
            .get_mut(p.as_str())
            .and_then(|v| v.as_table_like_mut())
            .ok_or_else(|| bad(format!("{p:?} is not a table here"), "an existing table such as walker or design"))?;
    }
    let new_value: Value = match at.get(last.as_str()).map(Item::as_value) {
        None | Some(Some(Value::Float(_))) => Value::from(value),
        Some(Some(Value::Integer(_))) => {
            if value.fract() != 0.0 {
                return Err(bad(format!("{last} is an integer and {value} is not"), "integer START and STEP"));
            }
            Value::from(value as i64)
        }
        Some(Some(other)) => {
            return Err(bad(format!("{last} holds a {}, not a number", other.type_name()), "a numeric key"));
        }
        Some(None) => return Err(bad(format!("{last} is a table, not a number"), "a numeric key")),
    };
    match at.get_mut(last.as_str()).and_then(Item::as_value_mut) {
        Some(old) => {
            // Keep the spacing and any comment around the old value.
            let decor = old.decor().clone();
            *old = new_value;
            *old.decor_mut() = decor;
        }
        None => {
            at.insert(last, Item::Value(new_value));
        }
    }
    Ok(doc.to_string())
}

/// Runs the comparison for every value of the sweep (values in order; each run is itself parallel).
pub fn run_sweep(text: &str, file: &str, base: &Path, spec: &SweepSpec) -> Result<SweepResult, SweepError> {
    let mut points = Vec::with_capacity(spec.values.len());
    let mut option_names = Vec::new();
    for &value in &spec.values {
        let changed = apply(text, &spec.field, value)?;
        let label = format!("{file} (with {} = {})", spec.field, crate::validate::fmt_value(value));
        let scenario = Scenario::parse(&changed, &label, base).map_err(|source| SweepError::Scenario {
            field: spec.field.clone(),
            value,
            source: Box::new(source),
        })?;
        let comparison = compare(&scenario).map_err(|source| SweepError::Compare {
            field: spec.field.clone(),
            value,
            source: Box::new(source),
        })?;
        if option_names.is_empty() {
            option_names = comparison.options.iter().map(|o| o.name.clone()).collect();
        }
        points.push((value, comparison));
    }
    Ok(SweepResult { field: spec.field.clone(), option_names, points })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ranges_and_rejects_bad_ones() {
        let s = SweepSpec::parse("route.A-B.repair_days=1:2:0.5").unwrap();
        assert_eq!(s.field, "route.A-B.repair_days");
        assert_eq!(s.values, vec![1.0, 1.5, 2.0]);
        for bad in ["x", "=1:2:1", "a.b=1:2", "a.b=1:2:0", "a.b=2:1:1", "a.b=1:x:1", "a.b=0:1000:1"] {
            assert!(SweepSpec::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn apply_sets_nested_keys_and_keeps_integers() {
        let text = "[scenario]\nname = \"s\"\n[[option]]\nname = \"cable x\"\nkind = \"cable\"\n[option.design]\nfiber_pairs = 4\n";
        let out = apply(text, "option.cable x.design.fiber_pairs", 6.0).unwrap();
        let doc: toml::Table = out.parse().unwrap();
        assert_eq!(doc["option"][0]["design"]["fiber_pairs"].as_integer(), Some(6));
        assert!(apply(text, "option.cable x.design.fiber_pairs", 6.5).is_err());
        assert!(apply(text, "option.nothing.kind", 1.0).is_err());
        assert!(apply(text, "option.cable x.kind", 1.0).is_err(), "a string key is not numeric");
        let out = apply(text, "scenario.amortisation_years", 12.0).unwrap();
        assert_eq!(out.parse::<toml::Table>().unwrap()["scenario"]["amortisation_years"].as_float(), Some(12.0));
    }

    #[test]
    fn apply_keeps_every_other_line_in_place() {
        let text = "[scenario]\nname = \"s\"   # the name\n\n[[option]]\nname = \"leo\"\nkind = \"leo\"\n\
                    walker = { planes = 18, altitude_km = 1200.0 }  # comment\nstep_s = 60.0 # s\n";
        let out = apply(text, "option.leo.walker.altitude_km", 550.0).unwrap();
        let (before, after): (Vec<&str>, Vec<&str>) = (text.lines().collect(), out.lines().collect());
        assert_eq!(before.len(), after.len(), "{out}");
        for (i, (a, b)) in before.iter().zip(&after).enumerate() {
            if i == 6 {
                assert_eq!(*b, "walker = { planes = 18, altitude_km = 550.0 }  # comment");
            } else {
                assert_eq!(a, b, "line {}", i + 1);
            }
        }
        let out = apply(text, "option.leo.step_s", 30.0).unwrap();
        assert_eq!(out.lines().nth(7), Some("step_s = 30.0 # s"));
    }
}
