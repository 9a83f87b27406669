//! Shared input checks used by every parser and flag: a number must be finite and inside a physical range
//! (stated in the message with its unit), values are echoed in their shortest form (`1e308`, not 309 digits),
//! and names in a catalog file must be unique (a duplicate names both lines).

use std::fmt;
use thiserror::Error;

/// A number outside its physical range, or not finite (NaN, ±inf).
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{}: expected a finite number in {}", fmt_value(*.value), .range)]
pub struct RangeError {
    pub value: f64,
    pub range: Range,
}

/// A closed physical range `[lo, hi]` with its unit (`""` for a ratio).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    pub lo: f64,
    pub hi: f64,
    pub unit: &'static str,
}

impl Range {
    /// The range `[lo, hi]` in `unit`.
    pub const fn new(lo: f64, hi: f64, unit: &'static str) -> Range {
        Range { lo, hi, unit }
    }

    /// True when `value` is finite and inside the range (NaN is never inside).
    pub fn contains(&self, value: f64) -> bool {
        value.is_finite() && value >= self.lo && value <= self.hi
    }

    /// `value` when inside the range, else the error naming the range.
    pub fn check(&self, value: f64) -> Result<f64, RangeError> {
        if self.contains(value) {
            Ok(value)
        } else {
            Err(RangeError { value, range: *self })
        }
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {}]", fmt_value(self.lo), fmt_value(self.hi))?;
        if !self.unit.is_empty() {
            write!(f, " {}", self.unit)?;
        }
        Ok(())
    }
}

/// Checks `value` against `[lo, hi]` in `unit` (shorthand for [`Range::check`]).
pub fn check_range(value: f64, lo: f64, hi: f64, unit: &'static str) -> Result<f64, RangeError> {
    Range::new(lo, hi, unit).check(value)
}

/// A value as a person reads it: shortest round-trip form, in exponent notation when very large or very small
/// (`1e308`, `1e-300`, `-3`, `0.25`, `NaN`, `inf`).
pub fn fmt_value(value: f64) -> String {
    let magnitude = value.abs();
    if value.is_finite() && value != 0.0 && !(1e-4..1e6).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// Two entries of one table with the same name, with the 1-based lines of both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub name: String,
    pub first_line: usize,
    pub second_line: usize,
}

/// 1-based line of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The first pair of `[[table]]` entries whose `key` (a string) is equal under `normalise`, with the lines
/// where the two names are written. Entries without the key, or a file that does not parse, give `None`
/// (the full parser reports those).
pub fn find_duplicate_names(
    text: &str,
    table: &str,
    key: &str,
    normalise: impl Fn(&str) -> String,
) -> Option<Duplicate> {
    let names = spanned_names(text, table, key)?;
    first_duplicate(text, &names, &normalise)
}

/// Within each `[[outer]]` entry, the first pair of its `[[outer.inner]]` entries whose `key` is equal under
/// `normalise`; returns the outer entry's `outer_key` value too (e.g. the satellite whose band is repeated).
pub fn find_duplicate_nested(
    text: &str,
    outer: &str,
    outer_key: &str,
    inner: &str,
    key: &str,
    normalise: impl Fn(&str) -> String,
) -> Option<(String, Duplicate)> {
    let value: toml::Table = toml::from_str(text).ok()?;
    let entries = value.get(outer)?.as_array()?;
    for entry in entries {
        let table = entry.as_table()?;
        let owner = table.get(outer_key).and_then(|v| v.as_str()).unwrap_or("").to_string();
        let Some(items) = table.get(inner).and_then(|v| v.as_array()) else { continue };
        let names: Vec<String> = items
            .iter()
            .filter_map(|i| i.as_table().and_then(|t| t.get(key)).and_then(|v| v.as_str()).map(str::to_string))
            .collect();
        for (j, name) in names.iter().enumerate() {
            if names[..j].iter().any(|n| normalise(n) == normalise(name)) {
                // Plain values carry no spans: locate the entries by scanning the owner's text.
                let lines = nested_lines(text, outer, outer_key, &owner, inner, key, &normalise, name);
                let (first_line, second_line) = match lines.as_slice() {
                    [a, b, ..] => (*a, *b),
                    _ => (0, 0),
                };
                return Some((owner, Duplicate { name: name.clone(), first_line, second_line }));
            }
        }
    }
    None
}

/// `(name, byte offset)` of `key` in each `[[table]]` entry, in file order.
fn spanned_names(text: &str, table: &str, key: &str) -> Option<Vec<(String, usize)>> {
    use serde::de::DeserializeSeed;
    let entries = TableSeed { table }.deserialize(toml::Deserializer::new(text)).ok()?;
    Some(
        entries
            .iter()
            .filter_map(|entry| entry.get(key))
            .filter_map(|v| v.get_ref().as_str().map(|name| (name.to_string(), v.span().start)))
            .collect(),
    )
}

type SpannedEntry = std::collections::BTreeMap<String, toml::Spanned<toml::Value>>;

/// Deserialises only the `[[table]]` array of a document, each entry's values with their spans.
struct TableSeed<'a> {
    table: &'a str,
}

impl<'de> serde::de::DeserializeSeed<'de> for TableSeed<'_> {
    type Value = Vec<SpannedEntry>;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TableSeed<'_> {
    type Value = Vec<SpannedEntry>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a TOML document with [[{}]] tables", self.table)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == self.table {
                out = map.next_value()?;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(out)
    }
}

fn first_duplicate(text: &str, names: &[(String, usize)], normalise: &impl Fn(&str) -> String) -> Option<Duplicate> {
    for (j, (name, offset)) in names.iter().enumerate() {
        if let Some((_, first)) = names[..j].iter().find(|(n, _)| normalise(n) == normalise(name)) {
            return Some(Duplicate {
                name: name.clone(),
                first_line: line_of_offset(text, *first),
                second_line: line_of_offset(text, *offset),
            });
        }
    }
    None
}

/// Lines of `key = "name"` inside the `[[outer.inner]]` entries of the `[[outer]]` entry whose `outer_key`
/// is `owner` (a line scan: TOML arrays of tables are written one header per entry).
#[allow(clippy::too_many_arguments)]
fn nested_lines(
    text: &str,
    outer: &str,
    outer_key: &str,
    owner: &str,
    inner: &str,
    key: &str,
    normalise: &impl Fn(&str) -> String,
    name: &str,
) -> Vec<usize> {
    let outer_header = format!("[[{outer}]]");
    let inner_header = format!("[[{outer}.{inner}]]");
    let mut in_owner = false;
    let mut in_inner = false;
    let mut lines = Vec::new();
    let value_of = |line: &str, k: &str| -> Option<String> {
        let (lhs, rhs) = line.split_once('=')?;
        if lhs.trim() != k {
            return None;
        }
        toml::from_str::<toml::Table>(&format!("v = {}", rhs.trim()))
            .ok()
            .and_then(|t| t.get("v").and_then(|v| v.as_str()).map(str::to_string))
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with("[[") || (line.starts_with('[') && !line.starts_with("[[")) {
            let header = line.split('#').next().unwrap_or("").trim().replace(' ', "");
            if header == outer_header {
                in_owner = false;
            }
            in_inner = header == inner_header;
            continue;
        }
        if !in_inner {
            if let Some(v) = value_of(line, outer_key) {
                in_owner = v == owner;
            }
        } else if in_owner {
            if let Some(v) = value_of(line, key) {
                if normalise(&v) == normalise(name) {
                    lines.push(i + 1);
                }
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_rejects_non_finite_and_outside() {
        let r = Range::new(-50.0, 100.0, "dBW");
        assert_eq!(r.check(-3.0), Ok(-3.0));
        assert!(r.check(f64::NAN).is_err());
        assert!(r.check(f64::INFINITY).is_err());
        assert!(r.check(100.5).is_err());
        let text = r.check(f64::NAN).unwrap_err().to_string();
        assert_eq!(text, "NaN: expected a finite number in [-50, 100] dBW");
        assert_eq!(
            check_range(1e308, 0.0, 1e12, "USD").unwrap_err().to_string(),
            "1e308: expected a finite number in [0, 1e12] USD"
        );
    }

    #[test]
    fn values_print_short() {
        assert_eq!(fmt_value(1e308), "1e308");
        assert_eq!(fmt_value(1e-300), "1e-300");
        assert_eq!(fmt_value(-3.0), "-3");
        assert_eq!(fmt_value(0.25), "0.25");
        assert_eq!(fmt_value(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn duplicates_name_both_lines() {
        let text = "[[station]]\nname = \"Baku\"\n\n[[station]]\nname = \"Aktau\"\n[[station]]\nname = \"baku\"\n";
        let d = find_duplicate_names(text, "station", "name", |s| s.to_lowercase()).unwrap();
        assert_eq!((d.name.as_str(), d.first_line, d.second_line), ("baku", 2, 7));
        assert!(find_duplicate_names("[[station]]\nname = \"A\"\n", "station", "name", str::to_string).is_none());
    }

    #[test]
    fn nested_duplicates_name_the_owner() {
        let text = "[[satellite]]\nname = \"S1\"\n[[satellite.band]]\nband = \"ku\"\n[[satellite]]\nname = \"S2\"\n\
                    [[satellite.band]]\nband = \"ku\"\n[[satellite.band]]\nband = \"c\"\n[[satellite.band]]\nband = \"ku\"\n";
        let (owner, d) =
            find_duplicate_nested(text, "satellite", "name", "band", "band", |s| s.to_lowercase()).unwrap();
        assert_eq!(owner, "S2");
        assert_eq!((d.first_line, d.second_line), (8, 12));
    }
}
