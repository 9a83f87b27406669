//! Output helpers shared by every subcommand: tables rendered as aligned text, CSV or JSON, and atomic file
//! writes (temporary file in the same folder, then rename, so a crash never leaves a half-written file).

use serde_json::{Map, Number, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Text of a value that does not exist (a non-finite number): tables and CSV print it, JSON carries it as a
/// string, so NaN or inf never reaches a reader as if it were a result.
pub const NOT_AVAILABLE: &str = "n/a";

/// One table cell: text, or a number printed with a fixed number of decimals. A non-finite number renders as
/// [`NOT_AVAILABLE`] ("n/a"), never as NaN or inf.
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

    /// A value that does not exist, with the reason: `n/a (no mode closes)`.
    pub fn na(reason: impl std::fmt::Display) -> Cell {
        Cell::Text(format!("{NOT_AVAILABLE} ({reason})"))
    }

    /// A number, or `n/a (reason)` when it is not finite.
    pub fn num_or_na(value: f64, decimals: usize, reason: impl std::fmt::Display) -> Cell {
        if value.is_finite() {
            Cell::Number(value, decimals)
        } else {
            Cell::na(reason)
        }
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
                    NOT_AVAILABLE.to_string()
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
            Cell::Number(v, _) if !v.is_finite() => Value::String(NOT_AVAILABLE.to_string()),
            Cell::Number(v, _) => {
                let rounded: f64 = self.render().parse().unwrap_or(*v);
                Number::from_f64(rounded).map(Value::Number).unwrap_or_else(|| Value::String(NOT_AVAILABLE.into()))
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

/// Writes `bytes` to `path` through an [`OutputFile`]: a regular file (or an absent path) is replaced
/// atomically; a device, FIFO or symbolic link is written in place or through the link and never replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OutputFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// An output file written as it is produced (bounded memory) and made visible only by [`OutputFile::commit`].
///
/// - A regular file or an absent path: bytes go to a temporary file in the same folder, which `commit` flushes,
///   syncs and renames over the target. Dropping it without `commit` (an error, Ctrl-C) removes the temporary
///   file and leaves the target as it was.
/// - A device (`/dev/null`, `/dev/stdout`), FIFO or socket: written in place, never renamed over.
/// - A symbolic link: followed; its target gets the rules above and the link itself stays.
/// - A folder: refused.
pub struct OutputFile {
    writer: std::io::BufWriter<std::fs::File>,
    /// `Some((temporary, target))` on the atomic path; `None` when writing in place.
    rename: Option<(PathBuf, PathBuf)>,
    committed: bool,
    /// The temporary file's entry in the interruption registry ([`crate::interrupt`]).
    _registration: Option<crate::interrupt::Registration>,
}

impl OutputFile {
    /// Opens `path` for writing by the rules in the type's doc.
    pub fn create(path: &Path) -> std::io::Result<OutputFile> {
        let target = resolve_links(path)?;
        match std::fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is a folder, not a file", path.display()),
            )),
            Ok(meta) if !meta.is_file() => {
                if crate::interrupt::is_interrupted() {
                    return Err(interrupted());
                }
                let file = std::fs::OpenOptions::new().write(true).open(&target)?;
                Ok(OutputFile {
                    writer: std::io::BufWriter::new(file),
                    rename: None,
                    committed: false,
                    _registration: None,
                })
            }
            _ => {
                let directory = match target.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                let temporary = unique_temporary(&directory, &name)?;
                // Registered before it exists, so an interruption can never miss it.
                let registration = crate::interrupt::register(temporary.clone(), false).ok_or_else(interrupted)?;
                let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary)?;
                Ok(OutputFile {
                    writer: std::io::BufWriter::new(file),
                    rename: Some((temporary, target)),
                    committed: false,
                    _registration: Some(registration),
                })
            }
        }
    }

    /// Flushes and makes the output visible (the rename, on the atomic path).
    pub fn commit(mut self) -> std::io::Result<()> {
        self.writer.flush()?;
        if let Some((temporary, target)) = &self.rename {
            self.writer.get_ref().sync_all()?;
            crate::interrupt::commit_with(|| std::fs::rename(temporary, target)).ok_or_else(interrupted)??;
        }
        self.committed = true;
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if !self.committed {
            if let Some((temporary, _)) = &self.rename {
                let _ = std::fs::remove_file(temporary);
            }
        }
    }
}

fn interrupted() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, crate::interrupt::MESSAGE)
}

/// Follows symbolic links (a dangling one resolves to where it points, relative to the link's folder).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let pointee = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if pointee.is_relative() => parent.join(pointee),
                    _ => pointee,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!("{}: too many levels of symbolic links", path.display())))
}

/// A fresh hidden temporary name beside the target (`.NAME.PID.N.tmp`).
fn unique_temporary(directory: &Path, name: &str) -> std::io::Result<PathBuf> {
    for n in 0..1000 {
        let candidate = directory.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        if std::fs::symlink_metadata(&candidate).is_err() {
            return Ok(candidate);
        }
    }
    Err(std::io::Error::other(format!("no free temporary name for {name} in {}", directory.display())))
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
    fn non_finite_numbers_render_as_not_available() {
        let mut t = Table::new(["quantity", "value"]);
        t.push(vec![Cell::text("first"), Cell::num(f64::NAN, 2)]);
        t.push(vec![Cell::text("second"), Cell::num(f64::INFINITY, 2)]);
        t.push(vec![Cell::text("reason"), Cell::num_or_na(f64::NEG_INFINITY, 2, "no capacity")]);
        t.push(vec![Cell::text("ok"), Cell::num_or_na(1.5, 2, "unused")]);
        for text in [t.to_text(), t.to_csv(), t.to_json()] {
            let lower = text.to_lowercase();
            assert!(!lower.contains("nan") && !lower.contains("inf"), "{text}");
            assert!(text.contains("n/a (no capacity)") && text.contains("1.5"), "{text}");
        }
        assert!(t.to_json().contains("\"value\": \"n/a\""));
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

    #[cfg(unix)]
    #[test]
    fn symlink_is_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.csv");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn fifo_is_written_in_place_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !matches!(status, Ok(s) if s.success()) {
            panic!("mkfifo is needed for this test");
        }
        let reader_path = fifo.clone();
        let reader = std::thread::spawn(move || std::fs::read(reader_path).unwrap());
        write_atomic(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn dropped_output_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, b"before").unwrap();
        let mut file = OutputFile::create(&path).unwrap();
        file.write_all(b"half").unwrap();
        drop(file);
        assert_eq!(std::fs::read(&path).unwrap(), b"before");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(dir.path(), b"x").is_err());
        assert!(dir.path().is_dir());
    }
}
