//! Element-set catalogs: 2-line and 3-line TLE files and CelesTrak OMM (JSON, CSV, XML).
//!
//! Parsing is ours (not `sgp4::Elements::from_tle`) so that every problem names the file, line, column and
//! field, Alpha-5 catalog numbers work, the checksum can be switched off, and one bad element set among
//! thousands is reported and skipped instead of failing the whole file. The result is an
//! [`sgp4::Elements`] per satellite, which [`crate::orbit::Satellite`] turns into a propagator.

use crate::time::Instant;
use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use std::fmt;
use std::path::Path;
use thiserror::Error;

/// Where an element set came from: the file and the 1-based line of its first TLE line (or its OMM record
/// number for OMM files).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecordSource {
    pub file: String,
    /// 1-based line of TLE line 1, or of the start of the OMM record where the format has lines.
    pub line: usize,
}

/// One satellite's mean elements with where they came from.
#[derive(Debug, Clone)]
pub struct ElementSet {
    /// Satellite name: the TLE name line, the OMM OBJECT_NAME, or `NORAD <id>` when there is none.
    pub name: String,
    /// NORAD catalog number (Alpha-5 decoded: `A0001` = 100001).
    pub norad_id: u64,
    /// International designator such as `2013-006B` (empty when the file leaves it blank).
    pub international_designator: String,
    /// Epoch of the elements, UTC.
    pub epoch: Instant,
    /// The elements as the sgp4 crate takes them (degrees, revolutions per day).
    pub elements: sgp4::Elements,
    pub source: RecordSource,
}

/// Standard gravitational parameter of WGS-72, the constants SGP4 uses, km³/s².
pub const WGS72_MU_KM3_S2: f64 = 398_600.8;
/// Equatorial radius of WGS-72, km.
pub const WGS72_RADIUS_KM: f64 = 6_378.135;

pub use super::physical::{
    check_physical, PhysicalProblem, EPOCH_YEAR_RANGE, MAX_DRAG_TERM_ABS, MEAN_MOTION_RANGE_REV_PER_DAY,
};
use super::physical::{tle_field_column, tle_field_name};

/// Coarse orbit class from period and eccentricity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum OrbitClass {
    /// Low Earth orbit: period < 128 min.
    Leo,
    /// Medium Earth orbit: 128 min ≤ period < 1300 min, low eccentricity.
    Meo,
    /// Geosynchronous: period within 1300–1500 min and eccentricity < 0.1 (includes inclined GSO).
    Geo,
    /// Highly elliptical: eccentricity ≥ 0.25 with period ≥ 128 min (Molniya, GTO).
    Heo,
}

impl fmt::Display for OrbitClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OrbitClass::Leo => "LEO",
            OrbitClass::Meo => "MEO",
            OrbitClass::Geo => "GEO",
            OrbitClass::Heo => "HEO",
        })
    }
}

impl ElementSet {
    /// Mean motion, revolutions per day.
    pub fn mean_motion_rev_per_day(&self) -> f64 {
        self.elements.mean_motion
    }

    /// Orbital period, minutes (from the Kozai mean motion).
    pub fn period_min(&self) -> f64 {
        1440.0 / self.elements.mean_motion
    }

    /// Semi-major axis from the mean motion with WGS-72 μ, km.
    pub fn semi_major_axis_km(&self) -> f64 {
        let n_rad_s = self.elements.mean_motion * 2.0 * std::f64::consts::PI / 86_400.0;
        (WGS72_MU_KM3_S2 / (n_rad_s * n_rad_s)).cbrt()
    }

    /// Perigee altitude above the WGS-72 equatorial radius, km.
    pub fn perigee_altitude_km(&self) -> f64 {
        self.semi_major_axis_km() * (1.0 - self.elements.eccentricity) - WGS72_RADIUS_KM
    }

    /// Apogee altitude above the WGS-72 equatorial radius, km.
    pub fn apogee_altitude_km(&self) -> f64 {
        self.semi_major_axis_km() * (1.0 + self.elements.eccentricity) - WGS72_RADIUS_KM
    }

    /// Orbit class (see [`OrbitClass`] for the thresholds).
    pub fn orbit_class(&self) -> OrbitClass {
        let period_min = self.period_min();
        let e = self.elements.eccentricity;
        if period_min < 128.0 {
            OrbitClass::Leo
        } else if e >= 0.25 {
            OrbitClass::Heo
        } else if (1300.0..1500.0).contains(&period_min) && e < 0.1 {
            OrbitClass::Geo
        } else {
            OrbitClass::Meo
        }
    }

    /// True when SGP4 takes its deep-space (SDP4) branch: period ≥ 225 min.
    pub fn is_deep_space(&self) -> bool {
        self.period_min() >= 225.0
    }

    /// Age of the elements at `t`, days (negative when `t` is before the epoch).
    pub fn age_days(&self, t: &Instant) -> f64 {
        crate::time::seconds_between(&self.epoch, t) / 86_400.0
    }

    /// The age warning for use between `start` and `end` (the same instant for a single time): `None` when
    /// the epoch is within `max_age_days` of both ends, else one line naming the set, its epoch and how far
    /// the farthest requested time is from it.
    pub fn age_warning(&self, start: &Instant, end: &Instant, max_age_days: f64) -> Option<String> {
        let (a, b) = (self.age_days(start), self.age_days(end));
        let (worst, when) = if a.abs() >= b.abs() { (a, start) } else { (b, end) };
        if !(worst.abs() > max_age_days) {
            return None;
        }
        let side = if worst >= 0.0 { "before" } else { "after" };
        Some(format!(
            "{} (NORAD {}): element-set epoch {} is {:.1} days {side} the requested time {} (more than \
             --max-age-days {}); TLE accuracy decays with age",
            self.name,
            self.norad_id,
            crate::time::format_instant_s(&self.epoch),
            worst.abs(),
            crate::time::format_instant_s(when),
            max_age_days
        ))
    }
}

/// What went wrong in one record, with where.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{file}:{line}{column}: {field}: {problem}; expected {expected}", column = match .column { Some(c) => format!(":{c}"), None => String::new() })]
pub struct RecordError {
    pub file: String,
    /// 1-based line (or OMM record number for formats without lines).
    pub line: usize,
    /// 1-based column, where the problem sits in a fixed-width field.
    pub column: Option<usize>,
    /// The TLE field or OMM keyword.
    pub field: String,
    /// What is wrong, with the offending text.
    pub problem: String,
    /// What was expected.
    pub expected: String,
}

/// Errors loading a catalog.
#[derive(Debug, Error)]
pub enum CatalogError {
    /// The file cannot be read (missing, a directory, no permission); the I/O error is in the message.
    #[error("cannot read {file}: {error}")]
    Io { file: String, error: std::io::Error },
    #[error(
        "{file}:{line}:{column}: not UTF-8 text (invalid byte 0x{byte:02x} at byte offset {offset}); expected a TLE \
         or OMM text file"
    )]
    NotUtf8 { file: String, line: usize, column: usize, offset: usize, byte: u8 },
    #[error("{file}: holds no element sets; expected 2-line or 3-line TLEs, or OMM JSON/CSV/XML")]
    Empty { file: String },
    #[error("{}", format_record_errors(.0))]
    Records(Vec<RecordError>),
}

fn format_record_errors(errors: &[RecordError]) -> String {
    let mut text = errors.iter().take(20).map(|e| e.to_string()).collect::<Vec<_>>().join("\n");
    if errors.len() > 20 {
        text.push_str(&format!("\n... and {} more problems", errors.len() - 20));
    }
    text
}

/// How to treat problems while loading.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// Verify the TLE mod-10 checksum of each line.
    pub verify_checksum: bool,
    /// Make any bad record fatal instead of reporting and skipping it.
    pub strict: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { verify_checksum: true, strict: false }
    }
}

/// A parsed catalog: the good element sets in file order and the records that were skipped.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub sets: Vec<ElementSet>,
    pub skipped: Vec<RecordError>,
}

impl Catalog {
    /// Loads a TLE or OMM file; the format is recognised from its content.
    pub fn load(path: &Path, options: ParseOptions) -> Result<Catalog, CatalogError> {
        let file = path.display().to_string();
        let bytes = crate::input::read_capped(path, crate::input::MAX_CATALOG_BYTES)
            .map_err(|error| CatalogError::Io { file: file.clone(), error })?;
        Self::parse_bytes(&bytes, &file, options)
    }

    /// Parses catalog bytes; `file` names the source in errors.
    pub fn parse_bytes(bytes: &[u8], file: &str, options: ParseOptions) -> Result<Catalog, CatalogError> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let offset = e.valid_up_to();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = bytes[..offset].iter().rposition(|&b| b == b'\n').map(|p| p + 1).unwrap_or(0);
                let column = offset - line_start + 1;
                return Err(CatalogError::NotUtf8 {
                    file: file.to_string(),
                    line,
                    column,
                    offset,
                    byte: bytes[offset],
                });
            }
        };
        Self::parse_str(text, file, options)
    }

    /// Parses catalog text; `file` names the source in errors.
    pub fn parse_str(text: &str, file: &str, options: ParseOptions) -> Result<Catalog, CatalogError> {
        Self::parse_str_checked(text, file, options, true)
    }

    /// As [`Catalog::parse_str`] but TLE records are not held to [`check_physical`] (format checks only): for
    /// tests of SGP4's own error codes on impossible orbits (the Vallado verification set). OMM records are
    /// always checked.
    pub fn parse_str_unvalidated(text: &str, file: &str, options: ParseOptions) -> Result<Catalog, CatalogError> {
        Self::parse_str_checked(text, file, options, false)
    }

    fn parse_str_checked(
        text: &str,
        file: &str,
        options: ParseOptions,
        physical: bool,
    ) -> Result<Catalog, CatalogError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.trim_start().chars().next();
        let catalog = match first {
            None => return Err(CatalogError::Empty { file: file.to_string() }),
            Some('[') | Some('{') => super::omm::parse_json(text, file)?,
            Some('<') => super::omm::parse_xml(text, file)?,
            _ if super::omm::looks_like_csv(text) => super::omm::parse_csv(text, file)?,
            _ => parse_tle_lines(text, file, options, physical),
        };
        if options.strict && !catalog.skipped.is_empty() {
            return Err(CatalogError::Records(catalog.skipped));
        }
        if catalog.sets.is_empty() {
            if catalog.skipped.is_empty() {
                return Err(CatalogError::Empty { file: file.to_string() });
            }
            return Err(CatalogError::Records(catalog.skipped));
        }
        Ok(catalog)
    }
}

/// Parses 2-line and 3-line TLE text (names optional, `0 NAME` accepted, `#` comment lines and blank lines
/// ignored). Characters after column 69 are ignored (the Vallado file carries start/stop/step there).
pub fn parse_tle_text(text: &str, file: &str, options: ParseOptions) -> Catalog {
    parse_tle_lines(text, file, options, true)
}

fn parse_tle_lines(text: &str, file: &str, options: ParseOptions, physical: bool) -> Catalog {
    let mut catalog = Catalog::default();
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches(['\r', ' ', '\t'])))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    let mut pending_name: Option<(usize, &str)> = None;
    let mut i = 0;
    while i < lines.len() {
        let (line_no, line) = lines[i];
        if is_tle_line(line, '1') {
            let next = lines.get(i + 1).copied();
            match next {
                Some((line2_no, line2)) if is_tle_line(line2, '2') => {
                    let name = pending_name.take().map(|(_, n)| clean_name(n));
                    match parse_tle_pair(name, line, line_no, line2, line2_no, file, options, physical) {
                        Ok(set) => catalog.sets.push(set),
                        Err(e) => catalog.skipped.push(e),
                    }
                    i += 2;
                }
                _ => {
                    catalog.skipped.push(RecordError {
                        file: file.to_string(),
                        line: next.map(|(n, _)| n).unwrap_or(line_no),
                        column: Some(1),
                        field: "line number".into(),
                        problem: match next {
                            Some((_, l)) => format!("line 1 is followed by {:?}", truncate(l)),
                            None => "line 1 is the last line of the file".into(),
                        },
                        expected: "TLE line 2 (starting \"2 \") right after line 1".into(),
                    });
                    pending_name = None;
                    i += 1;
                }
            }
        } else if is_tle_line(line, '2') {
            catalog.skipped.push(RecordError {
                file: file.to_string(),
                line: line_no,
                column: Some(1),
                field: "line number".into(),
                problem: "TLE line 2 without a preceding line 1".into(),
                expected: "line 1 (starting \"1 \") before line 2".into(),
            });
            pending_name = None;
            i += 1;
        } else {
            if let Some((name_line, name)) = pending_name {
                // Two name-like lines in a row: the first was not a name.
                catalog.skipped.push(RecordError {
                    file: file.to_string(),
                    line: name_line,
                    column: Some(1),
                    field: "line".into(),
                    problem: format!("{:?} is not followed by a TLE", truncate(name)),
                    expected: "a name line followed by TLE lines 1 and 2".into(),
                });
            }
            pending_name = Some((line_no, line));
            i += 1;
        }
    }
    if let Some((name_line, name)) = pending_name {
        catalog.skipped.push(RecordError {
            file: file.to_string(),
            line: name_line,
            column: Some(1),
            field: "line".into(),
            problem: format!("{:?} is not followed by a TLE", truncate(name)),
            expected: "a name line followed by TLE lines 1 and 2".into(),
        });
    }
    catalog
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

fn clean_name(line: &str) -> String {
    let name = line.strip_prefix("0 ").unwrap_or(line);
    name.trim().to_string()
}

/// A line looks like TLE line `n` when it starts with `n` followed by a space (or is exactly `n`).
fn is_tle_line(line: &str, n: char) -> bool {
    let mut chars = line.chars();
    chars.next() == Some(n) && matches!(chars.next(), Some(' ') | None)
}

/// The mod-10 checksum of columns 1–68: digits count their value, '-' counts 1.
pub fn tle_checksum(line: &str) -> u32 {
    line.bytes()
        .take(68)
        .map(|b| match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'-' => 1,
            _ => 0,
        })
        .sum::<u32>()
        % 10
}

/// Parser for one fixed-width line with error context.
struct Columns<'a> {
    line: &'a str,
    line_no: usize,
    file: &'a str,
}

impl<'a> Columns<'a> {
    fn err(&self, column: usize, field: &str, problem: String, expected: &str) -> RecordError {
        RecordError {
            file: self.file.to_string(),
            line: self.line_no,
            column: Some(column),
            field: field.to_string(),
            problem,
            expected: expected.to_string(),
        }
    }

    /// Text of 1-based inclusive columns `first..=last`.
    fn text(&self, first: usize, last: usize) -> &'a str {
        self.line.get(first - 1..last).unwrap_or("")
    }

    fn float(&self, first: usize, last: usize, field: &str, expected: &str) -> Result<f64, RecordError> {
        let raw = self.text(first, last);
        let trimmed = raw.trim();
        let value: f64 =
            trimmed.parse().map_err(|_| self.err(first, field, format!("{raw:?} is not a number"), expected))?;
        if !value.is_finite() {
            return Err(self.err(first, field, format!("{raw:?} is not finite"), expected));
        }
        Ok(value)
    }

    /// Integer field; blank counts as `blank_value` when given.
    fn integer(&self, first: usize, last: usize, field: &str, blank: Option<u64>) -> Result<u64, RecordError> {
        let raw = self.text(first, last);
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            if let Some(value) = blank {
                return Ok(value);
            }
        }
        trimmed.parse().map_err(|_| self.err(first, field, format!("{raw:?} is not a whole number"), "digits"))
    }

    /// Decimal with an assumed leading point (eccentricity `0001445` = 0.0001445).
    fn assumed_decimal(&self, first: usize, last: usize, field: &str) -> Result<f64, RecordError> {
        let raw = self.text(first, last);
        let trimmed = raw.trim();
        if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.err(
                first,
                field,
                format!("{raw:?} is not digits"),
                "digits with an assumed leading decimal point, e.g. 0001445",
            ));
        }
        Ok(format!("0.{trimmed}").parse().expect("digits parse"))
    }

    /// Exponent notation with assumed decimal, `" 12345-4"` = 0.12345e-4; blank or all zeros = 0.
    fn exponential(&self, first: usize, last: usize, field: &str) -> Result<f64, RecordError> {
        let raw = self.text(first, last);
        let trimmed = raw.trim();
        let expected = "a signed mantissa and exponent with an assumed decimal point, e.g. 28098-4";
        if trimmed.is_empty() {
            return Ok(0.0);
        }
        let (sign, rest) = match trimmed.as_bytes()[0] {
            b'-' => (-1.0, &trimmed[1..]),
            b'+' => (1.0, &trimmed[1..]),
            _ => (1.0, trimmed),
        };
        let rest = rest.trim_start_matches('.');
        let split = rest.rfind(['-', '+']);
        let (mantissa, exponent) = match split {
            Some(p) if p > 0 => (&rest[..p], &rest[p..]),
            _ => (rest, "+0"),
        };
        if mantissa.is_empty() || !mantissa.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.err(first, field, format!("{raw:?} has a bad mantissa"), expected));
        }
        let exponent: i32 =
            exponent.parse().map_err(|_| self.err(first, field, format!("{raw:?} has a bad exponent"), expected))?;
        if !(-9..=9).contains(&exponent) {
            return Err(self.err(
                first,
                field,
                format!("{raw:?} has exponent {exponent}"),
                "a one-digit exponent, -9 to +9 (the TLE field's single digit)",
            ));
        }
        let mantissa: f64 = format!("0.{mantissa}").parse().expect("digits parse");
        Ok(sign * mantissa * 10f64.powi(exponent))
    }
}

/// Decodes a 5-character catalog number, Alpha-5 included (`A0001` = 100001; I and O are not used).
pub fn parse_alpha5(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 5 {
        return None;
    }
    let bytes = raw.as_bytes();
    let (head, tail) = match bytes[0] {
        b'0'..=b'9' => (u64::from(bytes[0] - b'0'), &raw[1..]),
        b'A'..=b'H' => (u64::from(bytes[0] - b'A') + 10, &raw[1..]),
        b'J'..=b'N' => (u64::from(bytes[0] - b'J') + 18, &raw[1..]),
        b'P'..=b'Z' => (u64::from(bytes[0] - b'P') + 23, &raw[1..]),
        _ => return None,
    };
    if !tail.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let tail_value: u64 = if tail.is_empty() { 0 } else { tail.parse().ok()? };
    Some(head * 10u64.pow(tail.len() as u32) + tail_value)
}

/// Encodes a catalog number in 5 characters, Alpha-5 above 99999 (up to 339999).
pub fn format_alpha5(norad_id: u64) -> Option<String> {
    if norad_id < 100_000 {
        return Some(format!("{norad_id:05}"));
    }
    if norad_id > 339_999 {
        return None;
    }
    let head = norad_id / 10_000;
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let letter = LETTERS[(head - 10) as usize] as char;
    Some(format!("{letter}{:04}", norad_id % 10_000))
}

/// UTC instant of a TLE epoch: two-digit year (57–99 → 19xx) and fractional day of year (1.0 = Jan 1 00:00).
pub fn tle_epoch(two_digit_year: u64, day_of_year: f64) -> Option<Instant> {
    let year = if two_digit_year < 57 { 2000 + two_digit_year } else { 1900 + two_digit_year } as i32;
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(0, 0, 0)?;
    let days_in_year = if NaiveDate::from_ymd_opt(year, 12, 31)?.ordinal() == 366 { 366.0 } else { 365.0 };
    if !(1.0..days_in_year + 1.0).contains(&day_of_year) {
        return None;
    }
    let nanos = ((day_of_year - 1.0) * 86_400e9).round() as i64;
    Some(Utc.from_utc_datetime(&(jan1 + Duration::nanoseconds(nanos))))
}

#[allow(clippy::too_many_arguments)]
fn parse_tle_pair(
    name: Option<String>,
    line1: &str,
    line1_no: usize,
    line2: &str,
    line2_no: usize,
    file: &str,
    options: ParseOptions,
    physical: bool,
) -> Result<ElementSet, RecordError> {
    let c1 = Columns { line: line1, line_no: line1_no, file };
    let c2 = Columns { line: line2, line_no: line2_no, file };
    for (c, n) in [(&c1, 1), (&c2, 2)] {
        // Columns 1-69 must be ASCII; anything after column 69 is ignored.
        if let Some(position) = c.line.chars().take(69).position(|ch| !ch.is_ascii()) {
            return Err(c.err(position + 1, "line", "non-ASCII character".into(), "ASCII TLE text"));
        }
        if c.line.len() < 69 {
            return Err(c.err(
                c.line.len() + 1,
                "line",
                format!("line {n} is truncated: {} characters", c.line.len()),
                "69 characters",
            ));
        }
        if options.verify_checksum {
            let expected = tle_checksum(c.line);
            let found = c.line.as_bytes()[68];
            if !found.is_ascii_digit() || u32::from(found - b'0') != expected {
                return Err(c.err(
                    69,
                    "checksum",
                    format!("found {:?}, computed {expected}", found as char),
                    "the mod-10 sum of columns 1-68 (use --no-checksum to skip this check)",
                ));
            }
        }
    }
    let id_expected = "a catalog number: 5 digits or Alpha-5 (letter + 4 digits)";
    let norad_id = parse_alpha5(c1.text(3, 7)).ok_or_else(|| {
        c1.err(3, "catalog number", format!("{:?} is not a catalog number", c1.text(3, 7)), id_expected)
    })?;
    let norad_id_2 = parse_alpha5(c2.text(3, 7)).ok_or_else(|| {
        c2.err(3, "catalog number", format!("{:?} is not a catalog number", c2.text(3, 7)), id_expected)
    })?;
    if norad_id != norad_id_2 {
        return Err(c2.err(
            3,
            "catalog number",
            format!("line 2 has {norad_id_2} but line 1 has {norad_id}"),
            "the same catalog number on both lines",
        ));
    }
    let classification = match c1.text(8, 8) {
        "U" | " " | "" => sgp4::Classification::Unclassified,
        "C" => sgp4::Classification::Classified,
        "S" => sgp4::Classification::Secret,
        other => return Err(c1.err(8, "classification", format!("{other:?}"), "U, C or S")),
    };
    let designator_raw = c1.text(10, 17).trim();
    let international_designator = if designator_raw.len() >= 5 {
        let yy: u32 = designator_raw[0..2].parse().map_err(|_| {
            c1.err(10, "international designator", format!("{designator_raw:?}"), "YYNNNPPP, e.g. 13006B")
        })?;
        let year = if yy < 57 { 2000 + yy } else { 1900 + yy };
        format!("{year}-{}", &designator_raw[2..])
    } else {
        designator_raw.to_string()
    };
    let year = c1.integer(19, 20, "epoch year", None)?;
    let day = c1.float(21, 32, "epoch day", "a day of year with fraction, e.g. 249.97740029")?;
    let epoch = tle_epoch(year, day).ok_or_else(|| {
        c1.err(21, "epoch day", format!("{day} is not a day of year 20{year:02}"), "1.0 up to 366.99999999")
    })?;
    let mean_motion_dot = c1.float(34, 43, "mean motion derivative", "a signed decimal, e.g. -.00000084")?;
    let mean_motion_ddot = c1.exponential(45, 52, "mean motion second derivative")?;
    let drag_term = c1.exponential(54, 61, "B* drag term")?;
    let ephemeris_type = c1.integer(63, 63, "ephemeris type", Some(0))? as u8;
    let element_set_number = c1.integer(65, 68, "element set number", Some(0))?;

    let inclination = c2.float(9, 16, "inclination", "degrees, e.g. 51.6461")?;
    if !(0.0..=180.0).contains(&inclination) {
        return Err(c2.err(9, "inclination", format!("{inclination}"), "0 to 180 degrees"));
    }
    let right_ascension = c2.float(18, 25, "right ascension of ascending node", "degrees")?;
    let eccentricity = c2.assumed_decimal(27, 33, "eccentricity")?;
    let argument_of_perigee = c2.float(35, 42, "argument of perigee", "degrees")?;
    let mean_anomaly = c2.float(44, 51, "mean anomaly", "degrees")?;
    let mean_motion = c2.float(53, 63, "mean motion", "revolutions per day, e.g. 15.49507896")?;
    if mean_motion <= 0.0 {
        return Err(c2.err(53, "mean motion", format!("{mean_motion}"), "a positive number of revolutions per day"));
    }
    let revolution_number = c2.integer(64, 68, "revolution number", Some(0))?;

    let name = name.unwrap_or_else(|| format!("NORAD {norad_id}"));
    let elements = sgp4::Elements {
        object_name: Some(name.clone()),
        international_designator: if international_designator.is_empty() {
            None
        } else {
            Some(international_designator.clone())
        },
        norad_id,
        classification,
        datetime: epoch.naive_utc(),
        mean_motion_dot,
        mean_motion_ddot,
        drag_term,
        element_set_number,
        inclination,
        right_ascension,
        eccentricity,
        argument_of_perigee,
        mean_anomaly,
        mean_motion,
        revolution_number,
        ephemeris_type,
    };
    if let Err((key, problem, expected)) = if physical { check_physical(&elements) } else { Ok(()) } {
        let (line, column) = tle_field_column(key);
        let c = if line == 1 { &c1 } else { &c2 };
        return Err(c.err(column, tle_field_name(key), problem, &expected));
    }
    Ok(ElementSet {
        name,
        norad_id,
        international_designator,
        epoch,
        elements,
        source: RecordSource { file: file.to_string(), line: line1_no },
    })
}

/// Formats elements as a 3-line TLE (name, line 1, line 2) with correct checksums.
///
/// Values are rounded to the TLE's fixed columns (epoch to 1e-8 day, angles to 1e-4 degree, eccentricity to
/// 1e-7, mean motion to 1e-8 rev/day, the exponential fields to 5 significant digits; exponential values below
/// 1e-10 become 0). Returns `None` when a value does not fit its columns: catalog number above 339999 (Alpha-5),
/// epoch outside 1957–2056, |ṅ/2| ≥ 1, eccentricity that rounds to 1 or above, inclination outside 0–180°,
/// mean motion outside (0, 100) rev/day, an exponential field ≥ 1e9, or a non-finite value.
pub fn format_tle(elements: &sgp4::Elements, name: &str) -> Option<String> {
    let id = format_alpha5(elements.norad_id)?;
    let finite = [
        elements.mean_motion_dot,
        elements.mean_motion_ddot,
        elements.drag_term,
        elements.inclination,
        elements.right_ascension,
        elements.eccentricity,
        elements.argument_of_perigee,
        elements.mean_anomaly,
        elements.mean_motion,
    ]
    .iter()
    .all(|v| v.is_finite());
    let ecc_digits = (elements.eccentricity * 1e7).round();
    let fits = finite
        && elements.mean_motion_dot.abs() < 0.999_999_995
        && (0.0..1e7).contains(&ecc_digits)
        && (0.0..=180.0).contains(&elements.inclination)
        && elements.mean_motion > 0.0
        && elements.mean_motion < 99.999_999_995;
    if !fits {
        return None;
    }
    let designator = elements
        .international_designator
        .as_deref()
        .map(|d| {
            let compact = d.replace('-', "");
            if compact.len() >= 4 {
                compact[2..].to_string()
            } else {
                compact
            }
        })
        .unwrap_or_default();
    if designator.len() > 8 {
        return None;
    }
    // Round the epoch to the 1e-8 day the format carries, then split it into year and day of year, so that a
    // time a few microseconds before midnight of 31 December does not print as day 366/367.
    let dt = elements.datetime;
    let year_start = NaiveDate::from_ymd_opt(dt.year(), 1, 1)?.and_hms_opt(0, 0, 0)?;
    // Epoch in units of 1e-8 day (864 µs) since the start of its year, rounded to nearest.
    let day_units = ((dt - year_start).num_nanoseconds()? + 432_000).div_euclid(864_000);
    let dt = year_start + Duration::nanoseconds(day_units * 864_000);
    if !(1957..=2056).contains(&dt.year()) {
        return None;
    }
    let year_start = NaiveDate::from_ymd_opt(dt.year(), 1, 1)?.and_hms_opt(0, 0, 0)?;
    let day_units = (dt - year_start).num_nanoseconds()?.div_euclid(864_000);
    let day_text = format!("{:03}.{:08}", day_units / 100_000_000 + 1, day_units % 100_000_000);
    let classification = match elements.classification {
        sgp4::Classification::Unclassified => 'U',
        sgp4::Classification::Classified => 'C',
        sgp4::Classification::Secret => 'S',
    };
    let ndot = format!("{:.8}", elements.mean_motion_dot);
    let ndot = if let Some(rest) = ndot.strip_prefix("-0") {
        format!("-{rest}")
    } else {
        format!(" {}", ndot.trim_start_matches('0'))
    };
    let line1 = format!(
        "1 {id}{classification} {designator:<8} {:02}{day_text} {ndot:>10} {} {} {} {:>4}",
        dt.year() % 100,
        format_exponential(elements.mean_motion_ddot)?,
        format_exponential(elements.drag_term)?,
        elements.ephemeris_type % 10,
        elements.element_set_number % 10_000,
    );
    let ecc = format!("{:07}", ecc_digits as u64);
    let angle = |degrees: f64| {
        let text = format!("{:8.4}", degrees.rem_euclid(360.0));
        // 359.99996 rounds to 360.0000: print the equivalent 0.
        if text == "360.0000" {
            "  0.0000".to_string()
        } else {
            text
        }
    };
    let line2 = format!(
        "2 {id} {:8.4} {} {ecc} {} {} {:11.8}{:5}",
        elements.inclination,
        angle(elements.right_ascension),
        angle(elements.argument_of_perigee),
        angle(elements.mean_anomaly),
        elements.mean_motion,
        elements.revolution_number % 100_000,
    );
    debug_assert_eq!((line1.len(), line2.len()), (68, 68), "{line1}\n{line2}");
    let line1 = format!("{line1}{}", tle_checksum(&line1));
    let line2 = format!("{line2}{}", tle_checksum(&line2));
    Some(format!("{name}\n{line1}\n{line2}\n"))
}

/// TLE exponential field: ` 12345-4` style (sign, 5-digit mantissa, signed exponent); values below 1e-10 print
/// as zero, values from 1e9 up do not fit (`None`).
fn format_exponential(value: f64) -> Option<String> {
    if value.abs() < 1e-10 {
        return Some(" 00000+0".to_string());
    }
    let sign = if value < 0.0 { '-' } else { ' ' };
    let magnitude = value.abs();
    let mut exponent = magnitude.log10().floor() as i32 + 1;
    let mut mantissa = (magnitude / 10f64.powi(exponent) * 1e5).round() as u64;
    if mantissa >= 100_000 {
        mantissa /= 10;
        exponent += 1;
    }
    if exponent > 9 {
        return None;
    }
    if exponent < -9 {
        return Some(" 00000+0".to_string());
    }
    let exp_sign = if exponent < 0 { '-' } else { '+' };
    Some(format!("{sign}{mantissa:05}{exp_sign}{}", exponent.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const AZERSPACE: &str = "AZERSPACE 1\n1 39079U 13006B   26249.97740029  .00000000  00000+0  00000+0 0  9997\n2 39079   0.0207 148.3330 0001445  36.5273 199.0631  1.00270783 49629\n";

    #[test]
    fn parses_three_line_tle() {
        let catalog = Catalog::parse_str(AZERSPACE, "t.tle", ParseOptions::default()).unwrap();
        assert_eq!(catalog.sets.len(), 1);
        let set = &catalog.sets[0];
        assert_eq!(set.name, "AZERSPACE 1");
        assert_eq!(set.norad_id, 39079);
        assert_eq!(set.international_designator, "2013-006B");
        assert_eq!(set.orbit_class(), OrbitClass::Geo);
        assert!((set.elements.eccentricity - 0.0001445).abs() < 1e-12);
    }

    #[test]
    fn alpha5_round_trip() {
        assert_eq!(parse_alpha5("A0001"), Some(100_001));
        assert_eq!(parse_alpha5("Z9999"), Some(339_999));
        assert_eq!(parse_alpha5("25544"), Some(25_544));
        assert_eq!(parse_alpha5("I0001"), None);
        for id in [5, 25_544, 99_999, 100_000, 182_345, 339_999] {
            assert_eq!(parse_alpha5(&format_alpha5(id).unwrap()), Some(id));
        }
    }

    #[test]
    fn format_round_trip() {
        let catalog = Catalog::parse_str(AZERSPACE, "t.tle", ParseOptions::default()).unwrap();
        let text = format_tle(&catalog.sets[0].elements, "AZERSPACE 1").unwrap();
        let again = Catalog::parse_str(&text, "again", ParseOptions::default()).unwrap();
        let (a, b) = (&catalog.sets[0].elements, &again.sets[0].elements);
        assert_eq!(a.norad_id, b.norad_id);
        assert!((a.mean_motion - b.mean_motion).abs() < 1e-8);
        assert!((a.eccentricity - b.eccentricity).abs() < 1e-9);
        assert!((catalog.sets[0].epoch - again.sets[0].epoch).num_milliseconds().abs() <= 1);
    }

    #[test]
    fn bad_checksum_names_column_69() {
        let bad = AZERSPACE.replace("0  9997", "0  9998");
        let err = Catalog::parse_str(&bad, "t.tle", ParseOptions::default()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("t.tle:2:69: checksum"), "{text}");
        let ok = Catalog::parse_str(&bad, "t.tle", ParseOptions { verify_checksum: false, strict: true });
        assert!(ok.is_ok());
    }
}
