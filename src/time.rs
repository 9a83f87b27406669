//! UTC instants, durations and time grids.
//!
//! Every instant in satfiber is UTC (`chrono::DateTime<Utc>`). SGP4 is driven with UTC minutes since the
//! element-set epoch; Earth rotation uses UT1 = UTC + dUT1 (dUT1 = 0 unless the user gives `--dut1-s`).
//! Leap seconds are not modelled inside an interval (chrono has none); a grid that crosses one is off by
//! at most 1 s after it.
//!
//! Supported instants: [`MIN_YEAR`]-01-01 to [`MAX_YEAR`]-12-31 (the space age; TLE epochs are 1957–2056,
//! and the Sun formula is good to ~0.01° in 1950–2050). Parsing, `start + duration` and grids reject anything
//! outside with a clear error rather than clamp: nanosecond counts saturate ~292 years from their origin.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use thiserror::Error;

/// A UTC instant.
pub type Instant = DateTime<Utc>;

/// Julian date of the Unix epoch (1970-01-01T00:00:00 UTC).
pub const UNIX_EPOCH_JD: f64 = 2_440_587.5;
/// Seconds in a day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// First supported year (January 1st, 00:00 UTC).
pub const MIN_YEAR: i32 = 1957;
/// Last supported year (up to December 31st, 23:59:59.999 UTC).
pub const MAX_YEAR: i32 = 2100;
/// Largest duration accepted, seconds (the supported range's length, ~144 years).
pub const MAX_DURATION_S: f64 = 145.0 * 365.25 * SECONDS_PER_DAY;

/// The first supported instant.
pub fn min_instant() -> Instant {
    Utc.with_ymd_and_hms(MIN_YEAR, 1, 1, 0, 0, 0).single().unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The first instant after the supported range.
pub fn max_instant_exclusive() -> Instant {
    Utc.with_ymd_and_hms(MAX_YEAR + 1, 1, 1, 0, 0, 0).single().unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Checks that `t` lies in the supported range ([`MIN_YEAR`]..=[`MAX_YEAR`]).
pub fn check_in_range(t: &Instant) -> Result<(), TimeError> {
    if *t < min_instant() || *t >= max_instant_exclusive() {
        return Err(TimeError::OutOfRange { time: t.format("%Y-%m-%dT%H:%M:%SZ").to_string() });
    }
    Ok(())
}

/// `t` + `seconds`, checked: an error (never a clamped time) when the duration is not finite or the result
/// leaves the supported range.
pub fn checked_add_seconds(t: &Instant, seconds: f64) -> Result<Instant, TimeError> {
    if !seconds.is_finite() || seconds.abs() > MAX_DURATION_S {
        return Err(TimeError::DurationTooLong { seconds });
    }
    let sum = add_seconds(t, seconds);
    check_in_range(&sum)?;
    Ok(sum)
}

/// Errors from parsing times, durations and grids.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum TimeError {
    #[error("invalid time {text:?}: expected ISO-8601 UTC such as 2026-09-07T12:00:00Z or 2026-09-07")]
    BadInstant { text: String },
    #[error("invalid duration {text:?}: expected a number with a unit s, m, h or d (e.g. 60s, 5m, 1.5h, 2d)")]
    BadDuration { text: String },
    #[error("time {time} is outside the supported range 1957-01-01 to 2100-12-31 UTC")]
    OutOfRange { time: String },
    #[error("duration {seconds} s is longer than the supported range allows (at most 145 years, 4.58e9 s)")]
    DurationTooLong { seconds: f64 },
    #[error("time step must be positive, got {step_s} s")]
    NonPositiveStep { step_s: f64 },
    #[error("end time {end} is before start time {start}")]
    EndBeforeStart { start: Instant, end: Instant },
    #[error("time grid from {start} to {end} with step {step_s} s has {count} points, more than the limit of {limit}")]
    TooManySteps { start: Instant, end: Instant, step_s: f64, count: u64, limit: u64 },
}

/// Parses an ISO-8601 UTC instant: `2026-09-07T12:00:00Z`, `2026-09-07T12:00:00.5+00:00`,
/// `2026-09-07 12:00:00`, `2026-09-07T12:00` or a bare date `2026-09-07` (midnight UTC).
pub fn parse_instant(text: &str) -> Result<Instant, TimeError> {
    let t = parse_instant_unchecked(text)?;
    check_in_range(&t).map_err(|_| TimeError::OutOfRange { time: text.trim().to_string() })?;
    Ok(t)
}

fn parse_instant_unchecked(text: &str) -> Result<Instant, TimeError> {
    let trimmed = text.trim();
    let bad = || TimeError::BadInstant { text: text.to_string() };
    if let Ok(t) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(t.with_timezone(&Utc));
    }
    let without_z = trimmed.strip_suffix('Z').unwrap_or(trimmed);
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(without_z, format) {
            return Ok(Utc.from_utc_datetime(&naive));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(without_z, "%Y-%m-%d") {
        return Ok(Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).ok_or_else(bad)?));
    }
    Err(bad())
}

/// Parses a duration such as `60s`, `5m`, `1.5h`, `2d`, `90` (seconds) or ISO-8601 `PT5M` into seconds.
pub fn parse_duration_s(text: &str) -> Result<f64, TimeError> {
    let trimmed = text.trim();
    let bad = || TimeError::BadDuration { text: text.to_string() };
    if trimmed.is_empty() {
        return Err(bad());
    }
    if let Some(iso) = trimmed.strip_prefix("PT").or_else(|| trimmed.strip_prefix("pt")) {
        // ISO-8601 time-part durations: PT1H30M, PT90S.
        let mut total_s = 0.0;
        let mut number = String::new();
        for c in iso.chars() {
            match c.to_ascii_uppercase() {
                'H' | 'M' | 'S' => {
                    let value: f64 = number.parse().map_err(|_| bad())?;
                    total_s += value
                        * match c.to_ascii_uppercase() {
                            'H' => 3600.0,
                            'M' => 60.0,
                            _ => 1.0,
                        };
                    number.clear();
                }
                d if d.is_ascii_digit() || d == '.' => number.push(d),
                _ => return Err(bad()),
            }
        }
        if !number.is_empty() || !total_s.is_finite() {
            return Err(bad());
        }
        if total_s > MAX_DURATION_S {
            return Err(TimeError::DurationTooLong { seconds: total_s });
        }
        return Ok(total_s);
    }
    let split = trimmed.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let value: f64 = number.trim().parse().map_err(|_| bad())?;
    let scale = match unit.trim() {
        "" | "s" | "sec" => 1.0,
        "ms" => 1e-3,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "d" => SECONDS_PER_DAY,
        _ => return Err(bad()),
    };
    let seconds = value * scale;
    if !seconds.is_finite() {
        return Err(bad());
    }
    if seconds.abs() > MAX_DURATION_S {
        return Err(TimeError::DurationTooLong { seconds });
    }
    Ok(seconds)
}

/// Julian date (UTC scale) of an instant, as a whole part and a fraction for precision.
pub fn julian_date_split(t: &Instant) -> (f64, f64) {
    let seconds = t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) * 1e-9;
    let days = seconds / SECONDS_PER_DAY;
    let whole = days.floor();
    (UNIX_EPOCH_JD + whole, days - whole)
}

/// Julian date (UTC scale) of an instant.
pub fn julian_date(t: &Instant) -> f64 {
    let (whole, fraction) = julian_date_split(t);
    whole + fraction
}

/// Seconds from `a` to `b` (positive when `b` is later), with sub-nanosecond precision lost only above ~100 years.
pub fn seconds_between(a: &Instant, b: &Instant) -> f64 {
    let d = *b - *a;
    d.num_seconds() as f64 + f64::from(d.subsec_nanos()) * 1e-9
}

/// The instant `seconds` after `t` (rounded to the nearest nanosecond).
pub fn add_seconds(t: &Instant, seconds: f64) -> Instant {
    *t + chrono::Duration::nanoseconds((seconds * 1e9).round() as i64)
}

/// Formats an instant as ISO-8601 UTC with millisecond precision (`2026-09-07T12:00:00.000Z`).
pub fn format_instant(t: &Instant) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Formats an instant as ISO-8601 UTC to the second (`2026-09-07T12:00:00Z`).
pub fn format_instant_s(t: &Instant) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A regular grid of instants from `start` to `end` inclusive (the last point is `end` itself when the step
/// does not divide the interval).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeGrid {
    pub start: Instant,
    pub end: Instant,
    pub step_s: f64,
}

impl TimeGrid {
    /// Largest number of points a grid may hold (about 1.3 years at 1 s).
    pub const MAX_POINTS: u64 = 40_000_000;

    /// Validates and builds a grid: end ≥ start, step > 0, and not more than [`Self::MAX_POINTS`] points.
    pub fn new(start: Instant, end: Instant, step_s: f64) -> Result<Self, TimeError> {
        if !(step_s > 0.0) || !step_s.is_finite() {
            return Err(TimeError::NonPositiveStep { step_s });
        }
        if end < start {
            return Err(TimeError::EndBeforeStart { start, end });
        }
        check_in_range(&start)?;
        check_in_range(&end)?;
        let grid = TimeGrid { start, end, step_s };
        let count = grid.span_s() / step_s + 2.0;
        if count > Self::MAX_POINTS as f64 {
            return Err(TimeError::TooManySteps { start, end, step_s, count: count as u64, limit: Self::MAX_POINTS });
        }
        Ok(grid)
    }

    /// Length of the interval in seconds.
    pub fn span_s(&self) -> f64 {
        seconds_between(&self.start, &self.end)
    }

    /// Offsets in seconds from `start` of every grid point, the last one being the interval's end.
    pub fn offsets_s(&self) -> Vec<f64> {
        let span_s = self.span_s();
        let whole_steps = (span_s / self.step_s + 1e-9).floor() as usize;
        let mut offsets: Vec<f64> = (0..=whole_steps).map(|i| i as f64 * self.step_s).collect();
        if let Some(&last) = offsets.last() {
            if span_s - last > 1e-6 {
                offsets.push(span_s);
            }
        }
        offsets
    }

    /// The grid's instants.
    pub fn instants(&self) -> Vec<Instant> {
        self.offsets_s().into_iter().map(|s| add_seconds(&self.start, s)).collect()
    }

    /// Number of grid points.
    pub fn len(&self) -> usize {
        self.offsets_s().len()
    }

    /// A grid always holds at least its start.
    pub fn is_empty(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_instants_and_durations() {
        let t = parse_instant("2026-09-07T12:00:00Z").unwrap();
        assert_eq!(format_instant(&t), "2026-09-07T12:00:00.000Z");
        assert_eq!(parse_instant("2026-09-07").unwrap(), parse_instant("2026-09-07T00:00").unwrap());
        assert!(parse_instant("2026-13-07").is_err());
        assert_eq!(parse_duration_s("5m").unwrap(), 300.0);
        assert_eq!(parse_duration_s("PT1H30M").unwrap(), 5400.0);
        assert_eq!(parse_duration_s("90").unwrap(), 90.0);
        assert!(parse_duration_s("5 parsecs").is_err());
        assert!(parse_duration_s("").is_err());
    }

    #[test]
    fn julian_date_of_j2000() {
        let t = parse_instant("2000-01-01T12:00:00Z").unwrap();
        assert_eq!(julian_date(&t), 2_451_545.0);
    }

    #[test]
    fn grid_includes_end() {
        let start = parse_instant("2026-01-01T00:00:00Z").unwrap();
        let grid = TimeGrid::new(start, add_seconds(&start, 150.0), 60.0).unwrap();
        assert_eq!(grid.offsets_s(), vec![0.0, 60.0, 120.0, 150.0]);
        assert!(TimeGrid::new(start, start, 0.0).is_err());
        assert!(TimeGrid::new(add_seconds(&start, 1.0), start, 1.0).is_err());
    }

    #[test]
    fn instants_outside_the_supported_range_are_rejected() {
        assert!(parse_instant("1957-01-01T00:00:00Z").is_ok());
        assert!(parse_instant("2100-12-31T23:59:59Z").is_ok());
        for text in ["1956-12-31T23:59:59Z", "2101-01-01", "0001-01-01", "9999-12-31T23:59:59Z"] {
            assert!(matches!(parse_instant(text), Err(TimeError::OutOfRange { .. })), "{text}");
        }
        let start = parse_instant("2026-09-07").unwrap();
        // 400 years: refused, never clamped to ~2318.
        assert!(matches!(parse_duration_s("146000d"), Err(TimeError::DurationTooLong { .. })));
        assert!(matches!(checked_add_seconds(&start, 80.0 * 365.25 * 86_400.0), Err(TimeError::OutOfRange { .. })));
        assert!(checked_add_seconds(&start, f64::NAN).is_err());
        assert_eq!(checked_add_seconds(&start, 60.0).unwrap(), add_seconds(&start, 60.0));
        let far = add_seconds(&start, 100.0 * 365.25 * 86_400.0);
        assert!(matches!(TimeGrid::new(start, far, 60.0), Err(TimeError::OutOfRange { .. })));
    }
}
