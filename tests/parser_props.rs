//! Property tests for the TLE and OMM parsers (proptest; cargo-fuzz would need a nightly toolchain, which this
//! project does not use).
//!
//! * arbitrary bytes and strings never panic, whatever format the content sniffs as;
//! * valid TLEs with random column edits never panic, and every reported problem has a column in 1..=69;
//! * `format_tle` → parse round-trips random valid elements to the precision of the TLE columns.

use proptest::prelude::*;
use satfiber::orbit::tle::format_tle;
use satfiber::orbit::{Catalog, CatalogError, ParseOptions, RecordError};

const CASES: u32 = 3000;

fn options() -> impl Strategy<Value = ParseOptions> {
    (any::<bool>(), any::<bool>()).prop_map(|(verify_checksum, strict)| ParseOptions { verify_checksum, strict })
}

fn bundled_sets() -> Vec<[&'static str; 3]> {
    let lines: Vec<&str> = satfiber::DEFAULT_CATALOG_TLE.lines().collect();
    lines.chunks(3).map(|c| [c[0], c[1], c[2]]).collect()
}

/// Every record problem of a parse result.
fn problems(result: &Result<Catalog, CatalogError>) -> Vec<RecordError> {
    match result {
        Ok(catalog) => catalog.skipped.clone(),
        Err(CatalogError::Records(errors)) => errors.clone(),
        Err(_) => Vec::new(),
    }
}

/// A replacement character for a column edit: mostly the characters TLEs are made of, sometimes anything.
fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => prop::sample::select(b"0123456789 .-+ABCDEFUZ".iter().map(|&b| b as char).collect::<Vec<_>>()),
        1 => prop::sample::select(vec!['\t', '\n', '\r', '#', 'e', 'E', ',', '\u{0}', '\u{7f}']),
        1 => any::<char>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), options in options()) {
        let _ = Catalog::parse_bytes(&bytes, "fuzz", options);
    }

    #[test]
    fn arbitrary_text_never_panics(
        prefix in prop::sample::select(vec!["", "1 ", "2 ", "[", "{", "<", "NAME\n1 ", "OBJECT_NAME,EPOCH,MEAN_MOTION\n"]),
        body in "\\PC{0,400}",
        options in options(),
    ) {
        let text = format!("{prefix}{body}");
        let _ = Catalog::parse_str(&text, "fuzz", options);
    }

    #[test]
    fn tle_shaped_text_never_panics(
        lines in prop::collection::vec("[12] [0-9A-Z .+-]{0,75}", 0..8),
        options in options(),
    ) {
        let text = lines.join("\n");
        let result = Catalog::parse_str(&text, "fuzz", options);
        for problem in problems(&result) {
            prop_assert!(problem.column.is_none_or(|c| (1..=69).contains(&c)), "{problem}");
        }
    }

    #[test]
    fn omm_shaped_text_never_panics(
        values in prop::collection::vec("[-+0-9.eE:TZ]{0,14}", 17),
        json in any::<bool>(),
    ) {
        let keys = [
            "OBJECT_NAME", "OBJECT_ID", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
            "ARG_OF_PERICENTER", "MEAN_ANOMALY", "EPHEMERIS_TYPE", "CLASSIFICATION_TYPE", "NORAD_CAT_ID",
            "ELEMENT_SET_NO", "REV_AT_EPOCH", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT",
        ];
        let text = if json {
            let fields: Vec<String> = keys.iter().zip(&values).map(|(k, v)| format!("\"{k}\": \"{v}\"")).collect();
            format!("[{{{}}}]", fields.join(", "))
        } else {
            format!("{}\n{}\n", keys.join(","), values.join(","))
        };
        let _ = Catalog::parse_str(&text, "fuzz", ParseOptions::default());
        let xml_fields: String = keys.iter().zip(&values).map(|(k, v)| format!("<{k}>{v}</{k}>")).collect();
        let _ = Catalog::parse_str(&format!("<ndm><omm>{xml_fields}</omm></ndm>"), "fuzz", ParseOptions::default());
    }

    /// Random column edits of a valid 3-line TLE: no panic; every problem lies in columns 1..=69.
    #[test]
    fn mutated_tles_report_columns_in_range(
        set_index in 0usize..20,
        edits in prop::collection::vec((1usize..3, 0usize..69, edit_char()), 1..4),
        options in options(),
    ) {
        let sets = bundled_sets();
        let set = sets[set_index % sets.len()];
        let mut lines: Vec<Vec<char>> = set.iter().map(|l| l.chars().collect()).collect();
        for (line, column, ch) in &edits {
            lines[*line][*column] = *ch;
        }
        let text: String = lines.iter().map(|l| l.iter().collect::<String>() + "\n").collect();
        let result = Catalog::parse_str(&text, "mutated", options);
        let problems = problems(&result);
        for problem in &problems {
            let column = problem.column;
            prop_assert!(column.is_some_and(|c| (1..=69).contains(&c)), "{problem}\n{text}");
            prop_assert!(problem.line >= 1 && problem.line <= 3 + edits.len(), "{problem}");
        }
        if let Ok(catalog) = &result {
            prop_assert!(catalog.sets.len() <= 1);
        } else {
            prop_assert!(!problems.is_empty(), "{result:?}");
        }
    }
}

/// Random valid elements, each within what the TLE columns can carry.
fn elements() -> impl Strategy<Value = sgp4::Elements> {
    let epoch = (1957i32..=2056, 0u32..366, 0u32..86_400, 0u32..1_000_000_000);
    let exponential = (-99_999i64..=99_999, -9i32..=3);
    let designator = prop::option::of((0u32..100, 1u32..1000, "[A-HJ-NP-Z]{1,3}"));
    (
        (0u64..=339_999, 0usize..3, designator, epoch),
        (-99_999_999i64..=99_999_999, exponential.clone(), exponential, 0u8..10, 0u64..10_000),
        (0u32..=1_800_000, 0u32..3_600_000, 0u32..10_000_000, 0u32..3_600_000, 0u32..3_600_000),
        (1u64..=9_999_999_999, 0u64..100_000),
    )
        .prop_map(|((norad_id, class, designator, (year, day, second, nanos)), first, angles, last)| {
            let (ndot, (ddot_m, ddot_e), (bstar_m, bstar_e), ephemeris_type, element_set_number) = first;
            let (inclination, raan, ecc, argp, mean_anomaly) = angles;
            let (mean_motion, revolution_number) = last;
            let days_in_year =
                if chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap().ordinal0() == 365 { 366 } else { 365 };
            let date = chrono::NaiveDate::from_yo_opt(year, day % days_in_year + 1).unwrap();
            let datetime = date.and_hms_nano_opt(second / 3600, second / 60 % 60, second % 60, nanos).unwrap();
            sgp4::Elements {
                object_name: Some("PROP".into()),
                international_designator: designator.map(|(y, n, piece)| {
                    let full_year = if y < 57 { 2000 + y } else { 1900 + y };
                    format!("{full_year}-{n:03}{piece}")
                }),
                norad_id,
                classification: match class {
                    0 => sgp4::Classification::Unclassified,
                    1 => sgp4::Classification::Classified,
                    _ => sgp4::Classification::Secret,
                },
                datetime,
                mean_motion_dot: ndot as f64 * 1e-8,
                mean_motion_ddot: ddot_m as f64 * 1e-5 * 10f64.powi(ddot_e),
                drag_term: bstar_m as f64 * 1e-5 * 10f64.powi(bstar_e),
                element_set_number,
                inclination: f64::from(inclination) * 1e-4,
                right_ascension: f64::from(raan) * 1e-4,
                eccentricity: f64::from(ecc) * 1e-7,
                argument_of_perigee: f64::from(argp) * 1e-4,
                mean_anomaly: f64::from(mean_anomaly) * 1e-4,
                mean_motion: mean_motion as f64 * 1e-8,
                revolution_number,
                ephemeris_type,
            }
        })
}

use chrono::Datelike;

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn format_then_parse_round_trips(e in elements()) {
        let text = format_tle(&e, "PROP").expect("valid elements format");
        let catalog = Catalog::parse_str(&text, "round", ParseOptions { verify_checksum: true, strict: true })
            .map_err(|err| TestCaseError::fail(format!("{err}\n{text}")))?;
        prop_assert_eq!(catalog.sets.len(), 1);
        let set = &catalog.sets[0];
        let back = &set.elements;
        prop_assert_eq!(set.name.as_str(), "PROP");
        prop_assert_eq!(back.norad_id, e.norad_id);
        prop_assert_eq!(back.classification.clone(), e.classification.clone());
        prop_assert_eq!(&back.international_designator, &e.international_designator);
        // Epoch to the 1e-8 day (0.864 ms) of the format: at most half of that off.
        let epoch_error_ms = (back.datetime - e.datetime).num_microseconds().unwrap().abs() as f64 / 1000.0;
        prop_assert!(epoch_error_ms <= 0.433, "epoch off by {} ms\n{}", epoch_error_ms, text);
        let close = |a: f64, b: f64, tol: f64| (a - b).abs() <= tol;
        prop_assert!(close(back.mean_motion_dot, e.mean_motion_dot, 1e-12), "{text}");
        for (a, b) in [(back.mean_motion_ddot, e.mean_motion_ddot), (back.drag_term, e.drag_term)] {
            prop_assert!(close(a, b, 1e-10 + 1e-9 * b.abs()), "{a} vs {b}\n{text}");
        }
        prop_assert_eq!(back.ephemeris_type, e.ephemeris_type);
        prop_assert_eq!(back.element_set_number, e.element_set_number);
        prop_assert!(close(back.inclination, e.inclination, 1e-9), "{text}");
        prop_assert!(close(back.eccentricity, e.eccentricity, 1e-12), "{text}");
        for (a, b) in [
            (back.right_ascension, e.right_ascension),
            (back.argument_of_perigee, e.argument_of_perigee),
            (back.mean_anomaly, e.mean_anomaly),
        ] {
            prop_assert!(close(a, b, 1e-9), "{a} vs {b}\n{text}");
        }
        prop_assert!(close(back.mean_motion, e.mean_motion, 1e-12), "{text}");
        prop_assert_eq!(back.revolution_number, e.revolution_number);
        // Formatting what was parsed gives the same text again.
        prop_assert_eq!(format_tle(back, "PROP").unwrap(), text);
    }
}

#[test]
fn format_rejects_values_that_do_not_fit() {
    let catalog = Catalog::parse_str(satfiber::DEFAULT_CATALOG_TLE, "ots", ParseOptions::default()).unwrap();
    let good = catalog.sets[0].elements.clone();
    let mut cases = Vec::new();
    let mut e = good.clone();
    e.norad_id = 340_000;
    cases.push(e);
    let mut e = good.clone();
    e.eccentricity = 0.999_999_96;
    cases.push(e);
    let mut e = good.clone();
    e.mean_motion_dot = 1.5;
    cases.push(e);
    let mut e = good.clone();
    e.mean_motion = 120.0;
    cases.push(e);
    let mut e = good.clone();
    e.drag_term = f64::NAN;
    cases.push(e);
    let mut e = good.clone();
    e.drag_term = 2e12;
    cases.push(e);
    for e in cases {
        assert!(format_tle(&e, "X").is_none(), "{e:?}");
    }
    assert!(format_tle(&good, "X").is_some());
}
