//! The partial-state file format (documented in [`super`]): streamed writing with a CRC-32 kept on the way,
//! and bounds-checked reading.

use super::{Part, RunParameters, ShardError, ShardKind, ShardSpec, CELL_BYTES, FORMAT_VERSION, MAGIC};
use crate::coverage::ShardCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// A writer that keeps the CRC-32 of what passes through.
struct Checksummed<W: Write> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `part` in the partial-state format (module docs), streaming, checksum last.
pub fn write_part<W: Write>(part: &Part, out: W) -> std::io::Result<()> {
    let mut w = Checksummed { inner: out, crc: crc32fast::Hasher::new() };
    w.write_all(&MAGIC)?;
    w.write_all(&FORMAT_VERSION.to_le_bytes())?;
    let params = serde_json::to_string(&part.parameters.0).map_err(std::io::Error::other)?;
    write_bytes(&mut w, params.as_bytes())?;
    w.write_all(&[part.spec.kind.code()])?;
    w.write_all(&(part.spec.index as u32).to_le_bytes())?;
    w.write_all(&(part.spec.count as u32).to_le_bytes())?;
    w.write_all(&(part.samples.start as u64).to_le_bytes())?;
    w.write_all(&(part.samples.end as u64).to_le_bytes())?;
    w.write_all(&(part.rows.start as u32).to_le_bytes())?;
    w.write_all(&(part.rows.end as u32).to_le_bytes())?;
    w.write_all(&(part.cells.len() as u64).to_le_bytes())?;
    let mut record = [0u8; CELL_BYTES];
    for c in &part.cells {
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            record[at..at + bytes.len()].copy_from_slice(bytes);
            at += bytes.len();
        };
        put(&c.visible_steps.to_le_bytes());
        put(&c.visible_pairs.to_le_bytes());
        put(&c.min_in_view.to_le_bytes());
        put(&c.max_in_view.to_le_bytes());
        put(&c.weighted_in_view_s.to_le_bytes());
        put(&c.covered_s.to_le_bytes());
        put(&c.gap_count.to_le_bytes());
        put(&c.gap_sum_s.to_le_bytes());
        put(&c.gap_max_s.to_le_bytes());
        put(&c.gap_sq_sum_s2.to_le_bytes());
        put(&c.leading_gap_s.to_le_bytes());
        put(&c.trailing_gap_s.to_le_bytes());
        w.write_all(&record)?;
    }
    w.write_all(&(part.propagation_failures.len() as u32).to_le_bytes())?;
    for (name, (failed, first)) in &part.propagation_failures {
        write_bytes(&mut w, name.as_bytes())?;
        w.write_all(&(*failed as u64).to_le_bytes())?;
        write_bytes(&mut w, first.as_bytes())?;
    }
    let crc = w.crc.clone().finalize();
    w.inner.write_all(&crc.to_le_bytes())?;
    w.inner.flush()
}

fn write_bytes<W: Write>(w: &mut W, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u32).to_le_bytes())?;
    w.write_all(bytes)
}

/// A bounds-checked little-endian reader over a file's bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize, what: &str) -> Result<&[u8], String> {
        if self.bytes.len() - self.at < n {
            return Err(format!(
                "truncated: {what} at byte {} needs {n} byte(s), {} left",
                self.at,
                self.bytes.len() - self.at
            ));
        }
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }
    fn u8(&mut self, what: &str) -> Result<u8, String> {
        Ok(self.take(1, what)?[0])
    }
    fn u32(&mut self, what: &str) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4, what)?.try_into().map_err(|_| what.to_string())?))
    }
    fn u64(&mut self, what: &str) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.take(8, what)?.try_into().map_err(|_| what.to_string())?))
    }
    fn text(&mut self, what: &str) -> Result<String, String> {
        let n = self.u32(what)? as usize;
        let bytes = self.take(n, what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| format!("{what} is not UTF-8"))
    }
}

/// Reads a partial-state file: magic, format version and checksum checked, then every field bounds-checked.
/// With `cells = false` the cell records are checked for length but not kept.
pub fn read_part(path: &Path, cells: bool) -> Result<Part, ShardError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ShardError::Io { file: file.clone(), source })?;
    parse_part(&bytes, cells).map_err(|problem| ShardError::BadPart { file, problem })
}

fn parse_part(bytes: &[u8], keep_cells: bool) -> Result<Part, String> {
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        return Err("not a satfiber coverage part file (its first bytes are not \"SFCOVPRT\"); expected a file \
                    written by `satfiber coverage ... --shard K/N -o FILE`"
            .to_string());
    }
    let mut r = Reader { bytes, at: MAGIC.len() };
    let version = r.u32("format version")?;
    if version != FORMAT_VERSION {
        return Err(format!(
            "partial-state format version {version}, but this satfiber reads version {FORMAT_VERSION}: \
             recompute the shard with this satfiber"
        ));
    }
    if bytes.len() < r.at + 4 {
        return Err(format!("truncated: {} bytes, too short for a part file", bytes.len()));
    }
    let body = &bytes[..bytes.len() - 4];
    let stored = u32::from_le_bytes(bytes[bytes.len() - 4..].try_into().map_err(|_| "checksum".to_string())?);
    let computed = crc32fast::hash(body);
    if stored != computed {
        return Err(format!(
            "checksum mismatch (stored CRC-32 {stored:08x}, computed {computed:08x}): the file is corrupted or \
             truncated; recompute this shard"
        ));
    }
    let mut r = Reader { bytes: body, at: r.at };
    let params_text = r.text("parameters")?;
    let params: BTreeMap<String, String> =
        serde_json::from_str(&params_text).map_err(|e| format!("parameters are not a JSON object of strings: {e}"))?;
    let parameters = RunParameters(params);
    let kind = match r.u8("shard kind")? {
        0 => ShardKind::Time,
        1 => ShardKind::Cells,
        k => return Err(format!("shard kind {k} is unknown; expected 0 (time) or 1 (cells)")),
    };
    let index = r.u32("shard index")? as usize;
    let count = r.u32("shard count")? as usize;
    let spec = ShardSpec::new(index, count, kind).map_err(|e| e.to_string())?;
    let samples = r.u64("sample range")? as usize..r.u64("sample range")? as usize;
    let rows = r.u32("row range")? as usize..r.u32("row range")? as usize;
    let n = r.u64("cell count")? as usize;
    let columns: usize = parameters.number("grid_columns")?;
    if rows.start >= rows.end || n != (rows.end - rows.start).saturating_mul(columns) {
        return Err(format!("{n} cells for rows {}..{} of {columns} columns: inconsistent", rows.start, rows.end));
    }
    let mut cells = Vec::with_capacity(if keep_cells { n } else { 0 });
    if !keep_cells {
        r.take(n.saturating_mul(CELL_BYTES), "cell records")?;
    } else {
        for _ in 0..n {
            let record = r.take(CELL_BYTES, "cell record")?;
            let mut c = Reader { bytes: record, at: 0 };
            cells.push(ShardCell {
                visible_steps: c.u32("cell")?,
                visible_pairs: c.u64("cell")?,
                min_in_view: c.u32("cell")?,
                max_in_view: c.u32("cell")?,
                weighted_in_view_s: c.u64("cell")?,
                covered_s: c.u32("cell")?,
                gap_count: c.u32("cell")?,
                gap_sum_s: c.u32("cell")?,
                gap_max_s: c.u32("cell")?,
                gap_sq_sum_s2: c.u64("cell")?,
                leading_gap_s: c.u32("cell")?,
                trailing_gap_s: c.u32("cell")?,
            });
        }
    }
    let mut propagation_failures = BTreeMap::new();
    for _ in 0..r.u32("failure count")? {
        let name = r.text("failure name")?;
        let failed = r.u64("failed steps")? as usize;
        let first = r.text("failure message")?;
        propagation_failures.insert(name, (failed, first));
    }
    if r.at != body.len() {
        return Err(format!("{} unexpected byte(s) after the last field", body.len() - r.at));
    }
    Ok(Part { parameters, spec, samples, rows, cells, propagation_failures })
}
