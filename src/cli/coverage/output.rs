//! Cell outputs of `satfiber coverage` streamed as they are formatted: one cell's text at a time goes to the
//! writer (an [`satfiber::output::OutputFile`], still atomic, or standard output), never the whole document.
//! The bytes are those of formatting the whole table or JSON value at once (tests check it).

use satfiber::coverage::{CellMetrics, CoverageResult, Grid};
use satfiber::output::{Cell, Table};
use serde_json::{json, Value};
use std::io::Write;

/// Per-cell columns, units in the names.
pub const CELL_COLUMNS: [&str; 13] = [
    "latitude_deg",
    "longitude_deg",
    "percent_covered",
    "min_in_view",
    "mean_in_view",
    "max_in_view",
    "gap_count",
    "max_gap_s",
    "mean_gap_s",
    "time_average_gap_s",
    "mean_response_time_s",
    "visible_steps",
    "visible_pairs",
];

/// Stands for the streamed cell array in a JSON document ([`write_json`]).
pub const PLACEHOLDER: &str = "\u{1}satfiber-cells\u{1}";

/// One cell's row, in [`CELL_COLUMNS`] order, with its printed decimals.
pub fn cell_row(c: &CellMetrics) -> Vec<Cell> {
    vec![
        Cell::num(c.latitude_deg, 4),
        Cell::num(c.longitude_deg, 4),
        Cell::num(c.percent_covered, 3),
        Cell::Integer(i64::from(c.min_in_view)),
        Cell::num(c.mean_in_view, 4),
        Cell::Integer(i64::from(c.max_in_view)),
        Cell::Integer(i64::from(c.gap_count)),
        Cell::num(c.max_gap_s, 1),
        Cell::num(c.mean_gap_s, 1),
        Cell::num(c.time_average_gap_s, 2),
        Cell::num(c.mean_response_time_s, 2),
        Cell::Integer(i64::from(c.visible_steps)),
        Cell::Integer(c.visible_pairs as i64),
    ]
}

/// The whole cell table (the non-streamed form; kept for tests and small outputs).
#[cfg(test)]
pub fn cell_table(result: &CoverageResult) -> Table {
    let mut table = Table::new(CELL_COLUMNS);
    for c in &result.cells {
        table.push(cell_row(c));
    }
    table
}

/// A cell as CSV and text print it (as `satfiber::output::Table` renders: fixed decimals, no "-0").
fn render(cell: &Cell) -> String {
    match cell {
        Cell::Number(v, d) => {
            let s = format!("{v:.d$}", d = *d);
            if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                s.trim_start_matches('-').to_string()
            } else {
                s
            }
        }
        Cell::Integer(i) => i.to_string(),
        Cell::Text(t) => t.clone(),
        Cell::Flag(b) => if *b { "yes" } else { "no" }.to_string(),
        Cell::Empty => String::new(),
    }
}

/// CSV with a header row, one cell per line (numbers only: no quoting needed).
pub fn write_csv(out: &mut impl Write, result: &CoverageResult) -> std::io::Result<()> {
    out.write_all(CELL_COLUMNS.join(",").as_bytes())?;
    out.write_all(b"\n")?;
    let mut line = String::new();
    for c in &result.cells {
        line.clear();
        for (i, cell) in cell_row(c).iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(&render(cell));
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// A cell's JSON object (keys the column names, numbers rounded as printed).
fn cell_json(table: &mut Table, c: &CellMetrics) -> Value {
    table.rows.clear();
    table.push(cell_row(c));
    match table.to_json_value() {
        Value::Array(mut rows) => rows.pop().unwrap_or(Value::Null),
        other => other,
    }
}

/// A GeoJSON feature: the cell's polygon (corners rounded to 1e-6°) with its figures of merit.
fn cell_feature(table: &mut Table, grid: &Grid, c: &CellMetrics) -> Value {
    let half = grid.step_deg / 2.0;
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let (w, e) = (round(c.longitude_deg - half), round(c.longitude_deg + half));
    let (s, n) = (round(c.latitude_deg - half), round(c.latitude_deg + half));
    json!({
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]},
        "properties": cell_json(table, c),
    })
}

/// Pretty JSON of `document` (newline-terminated) with its [`PLACEHOLDER`] string replaced by the array of
/// cells (objects, or GeoJSON features when `grid` is given), each formatted and written in turn.
pub fn write_json(
    out: &mut impl Write,
    document: &Value,
    result: &CoverageResult,
    grid: Option<&Grid>,
) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(document).map_err(std::io::Error::other)?;
    let marker = serde_json::to_string(PLACEHOLDER).map_err(std::io::Error::other)?;
    let Some(at) = text.find(&marker) else {
        return Err(std::io::Error::other("JSON document without the cells placeholder"));
    };
    let (head, tail) = (&text[..at], &text[at + marker.len()..]);
    // The placeholder's line indentation; the array's elements go one level (two spaces) deeper.
    let line_start = head.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let indent: String = head[line_start..].chars().take_while(|c| *c == ' ').collect();
    let inner = format!("{indent}  ");
    out.write_all(head.as_bytes())?;
    if result.cells.is_empty() {
        out.write_all(b"[]")?;
    } else {
        out.write_all(b"[\n")?;
        let mut table = Table::new(CELL_COLUMNS);
        let mut chunk = String::new();
        for (i, c) in result.cells.iter().enumerate() {
            let value = match grid {
                Some(grid) => cell_feature(&mut table, grid, c),
                None => cell_json(&mut table, c),
            };
            let pretty = serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?;
            chunk.clear();
            if i > 0 {
                chunk.push_str(",\n");
            }
            for (j, line) in pretty.lines().enumerate() {
                if j > 0 {
                    chunk.push('\n');
                }
                chunk.push_str(&inner);
                chunk.push_str(line);
            }
            out.write_all(chunk.as_bytes())?;
        }
        out.write_all(b"\n")?;
        out.write_all(indent.as_bytes())?;
        out.write_all(b"]")?;
    }
    out.write_all(tail.as_bytes())?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use satfiber::coverage::{compute, CoverageOptions, Region};
    use satfiber::orbit::walker::WalkerDelta;
    use satfiber::orbit::Satellite;
    use satfiber::time::{add_seconds, parse_instant, TimeGrid};

    fn pretty(value: &Value) -> String {
        let mut text = serde_json::to_string_pretty(value).unwrap();
        text.push('\n');
        text
    }

    /// The streamed CSV, JSON and GeoJSON equal the whole-document formatting byte for byte.
    #[test]
    fn streamed_outputs_equal_whole_documents() {
        let epoch = parse_instant("2026-09-07T00:00:00Z").unwrap();
        let sats: Vec<Satellite> = WalkerDelta::new(20, 4, 1, 550.0, 53.0)
            .element_sets(&epoch)
            .unwrap()
            .into_iter()
            .map(|s| Satellite::new(s).unwrap())
            .collect();
        let grid = Grid::new(&Region::parse_bbox("44.7,38.2,50.7,42").unwrap(), 0.5).unwrap();
        let time = TimeGrid::new(epoch, add_seconds(&epoch, 7200.0), 60.0).unwrap();
        let result = compute(&grid, &sats, &time, &CoverageOptions::default()).unwrap();
        assert!(result.cells.iter().any(|c| c.gap_count > 0 && c.visible_steps > 0));

        let mut csv = Vec::new();
        write_csv(&mut csv, &result).unwrap();
        assert_eq!(String::from_utf8(csv).unwrap(), cell_table(&result).to_csv());

        let whole = json!({"a": 1, "cells": cell_table(&result).to_json_value(), "z": [1, 2]});
        let mut streamed = Vec::new();
        write_json(&mut streamed, &json!({"a": 1, "cells": PLACEHOLDER, "z": [1, 2]}), &result, None).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), pretty(&whole));

        let mut table = Table::new(CELL_COLUMNS);
        let features: Vec<Value> = result.cells.iter().map(|c| cell_feature(&mut table, &grid, c)).collect();
        let whole = json!({"type": "FeatureCollection", "features": features});
        let mut streamed = Vec::new();
        let document = json!({"type": "FeatureCollection", "features": PLACEHOLDER});
        write_json(&mut streamed, &document, &result, Some(&grid)).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), pretty(&whole));
    }
}
