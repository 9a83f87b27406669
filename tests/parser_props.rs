//! Property tests for every parser (proptest with a corpus of mutated real inputs; cargo-fuzz would need a
//! nightly toolchain, which cannot be installed here: rustup fetches no toolchains on these machines).
//!
//! * arbitrary bytes and strings never panic, whatever format the content sniffs as;
//! * valid TLEs with random column edits never panic, and every reported problem has a column in 1..=69;
//! * every accepted element set is physical (finite fields, mean motion 0.05–17 rev/day, perigee above the
//!   surface), and a formatted set parses exactly when it is;
//! * `format_tle` → parse round-trips random valid elements to the precision of the TLE columns;
//! * the bundled scenario, fiber design, station, satellite, region, route and equipment files with random
//!   value edits (NaN, ±inf, 1e308, 1e-300, negatives), deleted and doubled lines: no panic, and either a value
//!   with finite fields or an error that names the file (and its line where the format has lines).

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
        (5_000_000u64..=1_700_000_000, 0u64..100_000),
    )
        .prop_map(|((norad_id, class, designator, (year, day, second, nanos)), first, angles, last)| {
            let (ndot, (ddot_m, ddot_e), (bstar_m, bstar_e), ephemeris_type, element_set_number) = first;
            let (inclination, raan, ecc, argp, mean_anomaly) = angles;
            let (mean_motion, revolution_number) = last;
            // Keep the perigee above the surface: e < 1 - R / a (WGS-72), in the format's 1e-7 steps.
            let n_rad_s = mean_motion as f64 * 1e-8 * std::f64::consts::TAU / 86_400.0;
            let a_km = (satfiber::orbit::tle::WGS72_MU_KM3_S2 / (n_rad_s * n_rad_s)).cbrt();
            let ecc_max = ((1.0 - satfiber::orbit::tle::WGS72_RADIUS_KM / a_km) * 1e7).floor().max(0.0) as u32;
            let ecc = if ecc_max == 0 { 0 } else { ecc % ecc_max };
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

/// Elements over the whole range the TLE columns can carry, physical or not.
fn any_formattable_elements() -> impl Strategy<Value = sgp4::Elements> {
    (elements(), 1u64..=9_999_999_999, 0u32..10_000_000).prop_map(|(mut e, mean_motion, ecc)| {
        e.mean_motion = mean_motion as f64 * 1e-8;
        e.eccentricity = f64::from(ecc) * 1e-7;
        e
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// A formatted element set parses exactly when it is physical; refusals name line, column and field.
    #[test]
    fn formatted_sets_parse_exactly_when_physical(e in any_formattable_elements()) {
        let Some(text) = format_tle(&e, "PROP") else { return Ok(()) };
        let parsed = Catalog::parse_str(&text, "phys", ParseOptions { verify_checksum: true, strict: true });
        let reparsed = Catalog::parse_str_unvalidated(&text, "phys", ParseOptions { verify_checksum: true, strict: true })
            .map_err(|err| TestCaseError::fail(format!("{err}\n{text}")))?;
        let physical = satfiber::orbit::tle::check_physical(&reparsed.sets[0].elements);
        match (&parsed, &physical) {
            (Ok(catalog), Ok(())) => {
                let e = &catalog.sets[0].elements;
                prop_assert!(e.mean_motion.is_finite() && e.eccentricity < 1.0);
                prop_assert!(catalog.sets[0].perigee_altitude_km() >= 0.0, "{text}");
            }
            (Err(err), Err((key, _, _))) => {
                let message = err.to_string();
                prop_assert!(message.starts_with("phys:"), "{message}");
                prop_assert!(!key.is_empty());
            }
            _ => prop_assert!(false, "parse {:?} but physical check {:?}\n{}", parsed.is_ok(), physical, text),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration files: the bundled ones, mutated.

/// Values a hostile user writes in place of a number.
const EXTREMES: [&str; 12] =
    ["nan", "inf", "-inf", "+inf", "1e308", "-1e308", "1e-300", "0", "-1", "-0.0", "999999999999", "\"text\""];

/// One edit of a TOML text: replace the n-th number, delete or double the n-th line, or insert a character.
#[derive(Debug, Clone)]
enum Edit {
    Number(usize, usize),
    DeleteLine(usize),
    DoubleLine(usize),
    Insert(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => (any::<usize>(), 0..EXTREMES.len()).prop_map(|(n, k)| Edit::Number(n, k)),
        1 => any::<usize>().prop_map(Edit::DeleteLine),
        1 => any::<usize>().prop_map(Edit::DoubleLine),
        1 => (any::<usize>(), prop::sample::select(vec!['=', '[', ']', '"', '\n', '#', ',', '{', '.', '0'])).prop_map(|(n, c)| Edit::Insert(n, c)),
    ]
}

/// Byte ranges of the numeric literals after `=` (and inside inline tables and arrays).
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut in_comment = false;
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                in_comment = false;
                in_string = false;
            }
            b'#' if !in_string => in_comment = true,
            b'"' if !in_comment => in_string = !in_string,
            _ => {}
        }
        let starts_number = !in_comment
            && !in_string
            && (b.is_ascii_digit() || b == b'-' || b == b'+')
            && i > 0
            && matches!(bytes[i - 1], b' ' | b'=' | b'[' | b',');
        if starts_number {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'-' | b'+' | b'_'))
            {
                i += 1;
            }
            spans.push((start, i));
            continue;
        }
        i += 1;
    }
    spans
}

fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_string();
    for e in edits {
        match e {
            Edit::Number(n, k) => {
                let spans = number_spans(&text);
                if !spans.is_empty() {
                    let (a, b) = spans[n % spans.len()];
                    text.replace_range(a..b, EXTREMES[*k]);
                }
            }
            Edit::DeleteLine(n) | Edit::DoubleLine(n) => {
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.is_empty() {
                    continue;
                }
                let i = n % lines.len();
                if matches!(e, Edit::DeleteLine(_)) {
                    lines.remove(i);
                } else {
                    lines.insert(i, lines[i]);
                }
                text = lines.iter().map(|l| format!("{l}\n")).collect();
            }
            Edit::Insert(n, c) => {
                let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
                if !boundaries.is_empty() {
                    text.insert(boundaries[n % boundaries.len()], *c);
                }
            }
        }
    }
    text
}

fn all_finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_station_catalogs_are_finite_or_located(edits in prop::collection::vec(edit(), 1..4)) {
        let text = apply_edits(satfiber::stations::DEFAULT_STATIONS_TOML, &edits);
        match satfiber::stations::StationCatalog::parse(&text, "st.toml") {
            Ok(catalog) => {
                for s in &catalog.stations {
                    let r = &s.record;
                    prop_assert!(all_finite(&[r.latitude_deg, r.longitude_deg, r.altitude_m]), "{r:?}");
                    prop_assert!(r.horizon_mask.iter().all(|p| all_finite(p)), "{r:?}");
                }
                let mut names: Vec<String> = catalog.stations.iter().map(|s| s.record.name.to_lowercase()).collect();
                names.sort();
                let before = names.len();
                names.dedup();
                prop_assert_eq!(before, names.len(), "duplicate station names accepted");
            }
            Err(e) => prop_assert!(e.to_string().contains("st.toml"), "{e}"),
        }
    }

    #[test]
    fn mutated_satellite_catalogs_are_finite_or_located(edits in prop::collection::vec(edit(), 1..4)) {
        let text = apply_edits(satfiber::link::satellites::DEFAULT_SATELLITES_TOML, &edits);
        match satfiber::link::SatelliteCatalog::parse(&text, "sat.toml") {
            Ok(catalog) => {
                for s in &catalog.satellites {
                    prop_assert!(s.slot_lon_deg.is_finite());
                    let mut bands: Vec<_> = s.bands.iter().map(|b| b.band).collect();
                    bands.sort();
                    let before = bands.len();
                    bands.dedup();
                    prop_assert_eq!(before, bands.len(), "duplicate bands accepted for {}", s.name);
                    for b in &s.bands {
                        prop_assert!(all_finite(&[b.downlink_ghz, b.uplink_ghz, b.transponder_bw_mhz, b.eirp_dbw, b.g_over_t_dbk]), "{b:?}");
                    }
                }
            }
            Err(e) => prop_assert!(e.to_string().contains("sat.toml"), "{e}"),
        }
    }

    #[test]
    fn mutated_region_route_and_equipment_files_are_finite_or_located(
        edits in prop::collection::vec(edit(), 1..4),
        which in 0usize..5,
    ) {
        use satfiber::fiber::equipment::{DEFAULT_AMPLIFIERS_TOML, DEFAULT_FIBERS_TOML, DEFAULT_TRANSCEIVERS_TOML};
        let source = [
            satfiber::coverage::grid::BUNDLED_REGIONS_TOML,
            satfiber::fiber::route::DEFAULT_ROUTES_TOML,
            DEFAULT_FIBERS_TOML,
            DEFAULT_AMPLIFIERS_TOML,
            DEFAULT_TRANSCEIVERS_TOML,
        ][which];
        let text = apply_edits(source, &edits);
        match which {
            0 => match satfiber::coverage::RegionCatalog::parse(&text, "r.toml") {
                Ok(c) => {
                    for r in &c.regions {
                        prop_assert!(all_finite(&[r.lon_min, r.lat_min, r.lon_max, r.lat_max]), "{r:?}");
                    }
                }
                Err(e) => prop_assert!(e.to_string().contains("r.toml"), "{e}"),
            },
            1 => match satfiber::fiber::RouteCatalog::parse_str(&text, "routes.toml") {
                Ok(c) => {
                    for r in &c.routes {
                        prop_assert!(all_finite(&[r.geodesic_length_km, r.cable_length_km]), "{r:?}");
                    }
                }
                Err(e) => prop_assert!(e.to_string().contains("routes.toml"), "{e}"),
            },
            _ => {
                let mut equipment = satfiber::fiber::Equipment::default();
                match equipment.add_str(&text, "eq.toml") {
                    Ok(()) => {
                        for f in &equipment.fibers {
                            prop_assert!(all_finite(&[f.loss_db_per_km, f.dispersion_ps_per_nm_km, f.effective_area_um2, f.n2_m2_per_w, f.group_index]), "{f:?}");
                        }
                        for a in &equipment.amplifiers {
                            prop_assert!(all_finite(&[a.noise_figure_db, a.gain_max_db, a.output_power_max_dbm]), "{a:?}");
                        }
                        for t in &equipment.transceivers {
                            prop_assert!(t.tx_osnr_db_01nm.is_finite());
                            for m in &t.mode {
                                prop_assert!(all_finite(&[m.baud_rate_gbd, m.bit_rate_gbps, m.required_osnr_db_01nm, m.min_spacing_ghz]), "{m:?}");
                            }
                        }
                    }
                    Err(e) => prop_assert!(e.to_string().contains("eq.toml"), "{e}"),
                }
            }
        }
    }
}

/// The design table of the example fiber config, mutated, then evaluated on its route: no panic, and either an
/// error or a report whose physical figures are finite (the cost per Gb/s may be infinite only with no capacity).
fn check_design(text: &str) -> Result<(), TestCaseError> {
    let Ok(doc) = toml::from_str::<toml::Table>(text) else { return Ok(()) };
    let Some(design) = doc.get("design").cloned() else { return Ok(()) };
    let Ok(design) = design.try_into::<satfiber::fiber::SystemDesign>() else { return Ok(()) };
    let route = satfiber::fiber::RouteCatalog::bundled().route("sumgait-aktau").unwrap().clone();
    if let Ok(r) = satfiber::fiber::evaluate(&route, &design, &satfiber::fiber::Equipment::bundled()) {
        let figures = [
            r.total_loss_db,
            r.launch_power_dbm,
            r.min_gsnr_db,
            r.mean_gsnr_db,
            r.capacity_per_pair_gbps,
            r.total_capacity_gbps,
            r.one_way_latency_ms,
            r.availability,
            r.annual_downtime_hours,
            r.capex_usd,
            r.opex_usd_per_year,
        ];
        prop_assert!(all_finite(&figures), "{figures:?}\n{text}");
        prop_assert!(r.cost_per_gbps_year_usd.is_finite() || r.total_capacity_gbps == 0.0, "{text}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fiber_designs_are_finite_or_refused(edits in prop::collection::vec(edit(), 1..3)) {
        let source = include_str!("../configs/fiber/sumgait_aktau_400tbps.toml");
        check_design(&apply_edits(source, &edits))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// The default scenario with random edits: no panic; an error names the file and a line in the file; an
    /// accepted scenario holds finite values.
    #[test]
    fn mutated_scenarios_are_finite_or_located(edits in prop::collection::vec(edit(), 1..3)) {
        use satfiber::scenario::config::{OptionModel, Scenario, DEFAULT_SCENARIO_TOML};
        let text = apply_edits(DEFAULT_SCENARIO_TOML, &edits);
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
        match Scenario::parse(&text, "sc.toml", &base) {
            Ok(s) => {
                prop_assert!(s.amortisation_years.is_finite());
                for r in &s.routes {
                    prop_assert!(all_finite(&[r.length_km, r.fault_rate_per_1000km_year, r.repair_days, r.capex_usd_per_km]), "{r:?}");
                }
                for d in &s.demands {
                    prop_assert!(d.rate_gbps.is_finite() && d.rate_gbps > 0.0);
                }
                for o in &s.options {
                    prop_assert!(all_finite(&[o.fixed.capex_usd, o.fixed.opex_usd_per_year]));
                    match &o.model {
                        OptionModel::Geo(g) => prop_assert!(all_finite(&[g.dish_m, g.terminal_capex_usd, g.terminal_opex_usd_per_year, g.lease_usd_per_mhz_month, g.processing_latency_ms])),
                        OptionModel::Leo(l) => prop_assert!(all_finite(&[l.terminal_capex_usd, l.terminal_rate_gbps, l.service_usd_per_terminal_month, l.analysis_hours, l.step_s])),
                        _ => {}
                    }
                }
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with("sc.toml"), "{message}");
                if let satfiber::scenario::config::ScenarioError::Invalid { line, .. }
                | satfiber::scenario::config::ScenarioError::Parse { line, .. } = e
                {
                    prop_assert!(line >= 1 && line <= text.lines().count() + 1, "{message}");
                }
            }
        }
    }
}
