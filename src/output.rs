//! Output helpers shared by every subcommand: tables rendered as aligned text, CSV or JSON, and atomic file
//! writes (temporary file in the same folder, then rename, so a crash never leaves a half-written file).

use serde_json::{Map, Number, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One table cell: text, or a number printed with a fixed number of decimals.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Value and decimals.
    Number(f64, usize),
    /// An integer.
    Integer(i64),
    /// A boolean (printed `yes`/`no` in tables, true/false in JSON).
    Flag(bool),
    /// Missing value (empty in text and CSV, null in JSON).
    Empty,
}

impl Cell {
    /// A number rounded to `decimals` places.
    pub fn num(value: f64, decimals: usize) -> Cell {
        Cell::Number(value, decimals)
    }

    /// A text cell.
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    fn render(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(v, d) => {
                if v.is_finite() {
                    let s = format!("{v:.d$}", d = *d);
                    // Avoid "-0.000".
                    if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                        s.trim_start_matches('-').to_string()
                    } else {
                        s
                    }
                } else {
                    format!("{v}")
                }
            }
            Cell::Integer(i) => i.to_string(),
            Cell::Flag(b) => if *b { "yes" } else { "no" }.to_string(),
            Cell::Empty => String::new(),
        }
    }

    fn is_numeric(&self) -> bool {
        matches!(self, Cell::Number(..) | Cell::Integer(_))
    }

    fn to_json(&self) -> Value {
        match self {
            Cell::Text(t) => Value::String(t.clone()),
            Cell::Number(v, _) => {
                let rounded: f64 = self.render().parse().unwrap_or(*v);
                Number::from_f64(rounded).map(Value::Number).unwrap_or(Value::Null)
            }
            Cell::Integer(i) => Value::from(*i),
            Cell::Flag(b) => Value::Bool(*b),
            Cell::Empty => Value::Null,
        }
    }
}

/// A table with named columns (units in the names: `elevation_deg`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = S>) -> Self {
        Table { columns: columns.into_iter().map(Into::into).collect(), rows: Vec::new() }
    }

    /// Appends a row (must have one cell per column).
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Aligned text: numbers right-aligned, text left-aligned, two spaces between columns.
    pub fn to_text(&self) -> String {
        let rendered: Vec<Vec<String>> = self.rows.iter().map(|r| r.iter().map(Cell::render).collect()).collect();
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
        for row in &rendered {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let numeric: Vec<bool> =
            (0..self.columns.len()).map(|i| self.rows.first().map(|r| r[i].is_numeric()).unwrap_or(false)).collect();
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let pad = widths[i].saturating_sub(c.chars().count());
                    if numeric[i] {
                        format!("{}{c}", " ".repeat(pad))
                    } else {
                        format!("{c}{}", " ".repeat(pad))
                    }
                })
                .collect();
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(&self.columns, &mut out);
        for row in &rendered {
            line(row, &mut out);
        }
        out
    }

    /// CSV with a header row (RFC 4180 quoting).
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&self.columns).expect("in-memory CSV");
        for row in &self.rows {
            writer.write_record(row.iter().map(Cell::render)).expect("in-memory CSV");
        }
        String::from_utf8(writer.into_inner().expect("in-memory CSV")).expect("CSV is UTF-8")
    }

    /// Rows as JSON objects keyed by column name.
    pub fn to_json_value(&self) -> Value {
        Value::Array(
            self.rows
                .iter()
                .map(|row| {
                    let map: Map<String, Value> =
                        self.columns.iter().cloned().zip(row.iter().map(Cell::to_json)).collect();
                    Value::Object(map)
                })
                .collect(),
        )
    }

    /// Pretty JSON array, newline-terminated.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.to_json_value()).expect("JSON values serialise");
        text.push('\n');
        text
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, flushed and synced, then renamed over.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let directory = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
    let temporary = directory.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_three_ways() {
        let mut t = Table::new(["name", "elevation_deg"]);
        t.push(vec![Cell::text("AZERSPACE 1"), Cell::num(38.12345, 3)]);
        t.push(vec![Cell::text("a,b"), Cell::num(-0.0001, 3)]);
        assert_eq!(t.to_text(), "name         elevation_deg\nAZERSPACE 1         38.123\na,b                  0.000\n");
        assert_eq!(t.to_csv(), "name,elevation_deg\nAZERSPACE 1,38.123\n\"a,b\",0.000\n");
        assert!(t.to_json().contains("\"elevation_deg\": 38.123"));
    }

    #[test]
    fn atomic_write_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
