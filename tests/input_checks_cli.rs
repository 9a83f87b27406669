//! Bad input as a hostile user writes it (issue 11, defects 5, 6, 9, 10, 11): every instance runs the binary and
//! expects exit code 2 with a message naming the flag or file:line, the range or the cause, and never a panic,
//! NaN or inf in what is printed.

use satfiber::orbit::tle::tle_checksum;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn satfiber(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_satfiber"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run satfiber");
    let run = Run {
        code: output.status.code().expect("exit code (not killed by a signal)"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    };
    assert!(!run.stderr.contains("panicked"), "panic for {args:?}: {}", run.stderr);
    run
}

/// Runs and expects exit 2 with every `needles` substring on stderr.
fn bad(args: &[&str], needles: &[&str]) {
    let run = satfiber(args);
    assert_eq!(run.code, 2, "{args:?}: exit {} (expected 2)\nstdout: {}\nstderr: {}", run.code, run.stdout, run.stderr);
    for needle in needles {
        assert!(run.stderr.contains(needle), "{args:?}: expected {needle:?} in:\n{}", run.stderr);
    }
}

/// Fails if a printed result holds NaN or inf (as a number: words such as "information" are fine).
fn assert_no_non_finite(text: &str) {
    for word in text.split(|c: char| c.is_whitespace() || c == ',' || c == '"' || c == '/') {
        let w = word.trim_matches(|c: char| c == ':' || c == ';').to_ascii_lowercase();
        assert!(!matches!(w.as_str(), "nan" | "inf" | "-inf" | "+inf" | "infinity" | "-nan"), "{w:?} in:\n{text}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

const LINK: [&str; 7] = ["link", "--sat", "Azerspace-1", "--band", "ku", "--station", "Baku"];

fn link_with(extra: &[&str]) -> Vec<String> {
    LINK.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

// ------------------------------------------------------------------------------------------------ defect 5, 6

#[test]
fn link_flags_refuse_non_finite_and_out_of_range_values_naming_the_range() {
    for (flag, value, range) in [
        ("--eirp-dbw", "NaN", "[-50, 100] dBW"),
        ("--implementation-margin-db", "NaN", "[0, 20] dB"),
        ("--uplink-cn-db", "NaN", "[-10, 60] dB"),
        ("--c-over-i-db", "NaN", "[-10, 80] dB"),
        ("--c-over-im-db", "inf", "[-10, 80] dB"),
        ("--obo-db", "inf", "[0, 30] dB"),
        ("--lnb-noise-k", "inf", "[0, 3000] K"),
        ("--dish-m", "1e6", "[0.1, 40] m"),
        ("--frequency-ghz", "-1", "[1, 55] GHz"),
        ("--percent", "NaN", "[0.001, 5] %"),
        ("--rolloff", "2", "[0, 1]"),
    ] {
        let v = link_with(&[flag, value]);
        bad(&args(&v), &[flag, "expected a finite number in", range]);
    }
    let v = link_with(&["--gateway", "Baku", "--gateway-eirp-dbw", "NaN"]);
    bad(&args(&v), &["--gateway-eirp-dbw", "[-20, 100] dBW"]);
    bad(
        &["link-map", "--sat", "KazSat-3", "--bbox", "50,40,60,45", "--grid-deg", "1e-300"],
        &["--grid-deg", "1e-300: expected a finite number in [0.01, 10] deg"],
    );
    bad(&["link-map", "--sat", "KazSat-3", "--eirp-dbw", "inf"], &["--eirp-dbw", "[-50, 100] dBW"]);
    bad(&["propagate", "--sat", "25544", "--max-age-days", "inf"], &["--max-age-days", "[0.001, 36525] days"]);
}

#[test]
fn link_accepts_negative_values_where_they_mean_something() {
    let v = link_with(&["--eirp-dbw", "-3", "--format", "csv"]);
    let run = satfiber(&args(&v));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("unexpected argument"), "{}", run.stderr);
    assert_no_non_finite(&run.stdout);
    // A negative value outside the range reaches the range check instead of reading as a flag.
    let v = link_with(&["--obo-db", "-3"]);
    bad(&args(&v), &["--obo-db", "-3: expected a finite number in [0, 30] dB"]);
    let v = link_with(&["--uplink-cn-db", "-5", "--c-over-i-db", "-2", "--format", "json"]);
    let run = satfiber(&args(&v));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_no_non_finite(&run.stdout);
    let run = satfiber(&[
        "link-map",
        "--sat",
        "KazSat-3",
        "--bbox",
        "50,40,52,42",
        "--grid-deg",
        "1",
        "--eirp-dbw",
        "-3",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_no_non_finite(&run.stdout);
}

#[test]
fn fiber_values_are_range_checked_and_no_result_is_non_finite() {
    let dir = tempfile::tempdir().unwrap();
    let equipment = write(
        dir.path(),
        "eq.toml",
        "[[fiber]]\nname = \"G.652.D\"\nloss_db_per_km = 1e-300\ndispersion_ps_per_nm_km = 17\neffective_area_um2 = 80\n",
    );
    bad(
        &["fiber", "--route", "sumgait-aktau", "--equipment", p(&equipment), "--fiber", "G.652.D"],
        &["eq.toml", "loss_db_per_km = 1e-300", "[0.05, 5] dB/km"],
    );
    bad(&["fiber", "--route", "sumgait-aktau", "--launch-dbm", "NaN"], &["--launch-dbm", "[-30, 30] dBm"]);
    bad(&["fiber", "--length-km", "-5"], &["--length-km", "-5: expected a finite number in [0.1, 20000] km"]);
    bad(&["fiber", "--route", "sumgait-aktau", "--max-span-km", "inf"], &["--max-span-km", "[1, 500] km"]);
    // Unrepeatered: no mode closes, so there is no cost per Gb/s: n/a with the reason, never inf.
    for format in ["table", "csv", "json"] {
        let run = satfiber(&["fiber", "--route", "sumgait-aktau", "--unrepeatered", "--format", format]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_no_non_finite(&run.stdout);
        if format != "csv" {
            assert!(run.stdout.contains("no transceiver mode closes"), "{format}: {}", run.stdout);
        }
    }
}

#[test]
fn scenario_values_are_bounded_and_echoed_short() {
    let dir = tempfile::tempdir().unwrap();
    let text = satfiber::scenario::config::DEFAULT_SCENARIO_TOML;
    let line = text.lines().position(|l| l.starts_with("terminal_capex_usd")).unwrap() + 1;
    let changed: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { "terminal_capex_usd = 1e308\n".to_string() } else { format!("{l}\n") })
        .collect();
    let path = write(dir.path(), "huge.toml", &changed);
    let out = dir.path().join("out");
    let run = satfiber(&["compare", p(&path), "--out", p(&out)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let located = format!("huge.toml:{line}:22: `option.terminal_capex_usd`: 1e308 is out of range");
    assert!(run.stderr.contains(&located), "{}", run.stderr);
    assert!(run.stderr.contains("[0, 1e12] USD"), "{}", run.stderr);
    assert!(run.stderr.len() < 400, "no 309-digit echo: {}", run.stderr);
}

// ------------------------------------------------------------------------------------------------ defect 9

/// The ISS element set of tle/ots.tle with columns `first..` of line `line_no` (1 or 2) replaced, checksum fixed.
fn iss_with(line_no: usize, first: usize, replacement: &str) -> String {
    let mut lines = [
        "ISS (ZARYA)".to_string(),
        "1 25544U 98067A   26249.46623009  .00004151  00000+0  83451-4 0  9998".to_string(),
        "2 25544  51.6308 257.8166 0005026 113.2307 246.9211 15.49006161584353".to_string(),
    ];
    let line = &mut lines[line_no];
    line.replace_range(first - 1..first - 1 + replacement.len(), replacement);
    let sum = tle_checksum(line);
    line.replace_range(68..69, &sum.to_string());
    lines.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn tle_check_refuses_impossible_element_sets_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, needles) in [
        ("bstar.tle", iss_with(1, 54, " 1+99999"), vec!["bstar.tle:2:54: B* drag term", "exponent 99999", "-9 to +9"]),
        ("nddot.tle", iss_with(1, 45, " 1+99999"), vec!["nddot.tle:2:45: mean motion second derivative"]),
        (
            "ecc.tle",
            iss_with(2, 27, "9999999"),
            vec!["ecc.tle:3:27: eccentricity: perigee", "below the Earth's surface"],
        ),
        (
            "fast.tle",
            iss_with(2, 53, "99.99999999"),
            vec!["fast.tle:3:53: mean motion", "outside SGP4's Earth-orbit domain", "0.05 to 17 revolutions per day"],
        ),
        ("slow.tle", iss_with(2, 53, " 0.00000001"), vec!["slow.tle:3:53: mean motion", "1e-8 rev/day"]),
    ] {
        let path = write(dir.path(), name, &text);
        bad(&["tle", "check", p(&path)], &needles);
        // Among good sets the bad one is reported and skipped; the check still fails.
        let mixed = format!("{text}{}", iss_with(1, 54, " 83451-4"));
        let path = write(dir.path(), name, &mixed);
        let mut all = needles.clone();
        all.push("1 element sets valid, 1 skipped");
        bad(&["tle", "check", p(&path)], &all);
    }
}

#[test]
fn omm_impossible_values_are_refused_naming_the_keyword() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"[{"OBJECT_NAME": "ISS (ZARYA)", "OBJECT_ID": "1998-067A", "EPOCH": "2026-09-06T11:11:22.279776",
        "MEAN_MOTION": 15.49006161, "ECCENTRICITY": 0.0005026, "INCLINATION": 51.6308, "RA_OF_ASC_NODE": 257.8166,
        "ARG_OF_PERICENTER": 113.2307, "MEAN_ANOMALY": 246.9211, "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U",
        "NORAD_CAT_ID": 25544, "ELEMENT_SET_NO": 999, "REV_AT_EPOCH": 58435, "BSTAR": 8.3451e-05,
        "MEAN_MOTION_DOT": 4.151e-05, "MEAN_MOTION_DDOT": 0}]"#;
    let path = write(dir.path(), "good.json", good);
    assert_eq!(satfiber(&["tle", "check", p(&path)]).code, 0);
    for (from, to, keyword) in [
        ("\"MEAN_ANOMALY\": 246.9211", "\"MEAN_ANOMALY\": \"NaN\"", "MEAN_ANOMALY"),
        ("\"RA_OF_ASC_NODE\": 257.8166", "\"RA_OF_ASC_NODE\": \"inf\"", "RA_OF_ASC_NODE"),
        ("\"MEAN_MOTION\": 15.49006161", "\"MEAN_MOTION\": 1e-300", "MEAN_MOTION"),
        ("2026-09-06T11:11:22.279776", "+99999-09-06T11:11:22.279776", "EPOCH"),
        ("\"INCLINATION\": 51.6308", "\"INCLINATION\": \"high\"", "INCLINATION"),
    ] {
        let path = write(dir.path(), "bad.json", &good.replace(from, to));
        let run = satfiber(&["tle", "check", p(&path)]);
        assert_eq!(run.code, 2, "{to}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("bad.json:1: {keyword}:")), "{to}: {}", run.stderr);
        assert!(!run.stderr.contains("record:"), "{to}: {}", run.stderr);
    }
}

// ------------------------------------------------------------------------------------------------ defect 10

#[test]
fn errors_name_the_real_cause_and_place() {
    let dir = tempfile::tempdir().unwrap();
    // Scenario epoch 2060 with a Walker option: the TLE epoch range is the cause.
    let text =
        satfiber::scenario::config::DEFAULT_SCENARIO_TOML.replace("2026-09-07T00:00:00Z", "2060-09-07T00:00:00Z");
    let path = write(dir.path(), "late.toml", &text);
    let out = dir.path().join("out");
    bad(&["compare", p(&path), "--out", p(&out)], &["`option.walker`", "scenario.epoch (year 2060", "1957 to 2056"]);
    // fiber --config semantic errors name the file and line.
    let config = write(dir.path(), "design.toml", "route = \"sumgait-aktau\"\n\n[design]\nsystem_margin_db = 50\n");
    bad(&["fiber", "--config", p(&config)], &["design.toml:4: design: system_margin_db = 50"]);
    let config = write(dir.path(), "fiber.toml", "route = \"sumgait-aktau\"\n[design]\n\nfiber = \"G.999\"\n");
    bad(&["fiber", "--config", p(&config)], &["fiber.toml:4: unknown fiber type \"G.999\""]);
    let config = write(dir.path(), "len.toml", "# a comment\nlength_km = 1e308\n");
    bad(&["fiber", "--config", p(&config)], &["len.toml:2: length_km = 1e308: expected a finite number in"]);
    // --sweep errors cite the line of the user's file.
    let text = satfiber::scenario::config::DEFAULT_SCENARIO_TOML;
    let start = text.find("name = \"Azerspace-2 Ku\"").expect("the GEO option of the default scenario");
    let offset = start + text[start..].find("dish_m").unwrap();
    let line = text[..offset].matches('\n').count() + 1;
    let path = write(dir.path(), "caspian.toml", text);
    let out = dir.path().join("sweep");
    bad(
        &["compare", p(&path), "--out", p(&out), "--sweep", "option.Azerspace-2 Ku.dish_m=50:50:1"],
        &[&format!("caspian.toml (with option.Azerspace-2 Ku.dish_m = 50):{line}:10: `option.dish_m`")],
    );
    // An empty station catalog says so.
    let empty = write(dir.path(), "empty.toml", "");
    bad(
        &["link", "--sat", "Azerspace-1", "--band", "ku", "--station", "Baku", "--stations-file", p(&empty)],
        &["known stations: (none"],
    );
    // fiber --plot with an unknown extension is bad input, as for coverage.
    let plot = dir.path().join("p.txt");
    bad(&["fiber", "--route", "sumgait-aktau", "--plot", p(&plot)], &["unsupported extension"]);
    assert!(!plot.exists());
}

// ------------------------------------------------------------------------------------------------ defect 11

#[test]
fn duplicates_are_refused_naming_both_places() {
    let dir = tempfile::tempdir().unwrap();
    let stations = write(
        dir.path(),
        "stations.toml",
        "[[station]]\nname = \"Baku\"\nlatitude_deg = 40.4\nlongitude_deg = 49.9\n\n\
         [[station]]\nname = \"baku\"\nlatitude_deg = 41\nlongitude_deg = 50\n",
    );
    bad(
        &["link", "--sat", "Azerspace-1", "--band", "ku", "--station", "Baku", "--stations-file", p(&stations)],
        &["stations.toml:7: station name \"baku\" is also used at", "stations.toml:2"],
    );
    let fleet = satfiber::link::satellites::DEFAULT_SATELLITES_TOML;
    let first_band = fleet.find("[[satellite.band]]").unwrap();
    let end = first_band + fleet[first_band + 1..].find("\n[[").unwrap() + 1;
    let band = &fleet[first_band..end];
    let doubled = format!("{}{band}\n{}", &fleet[..end], &fleet[end..]);
    let path = write(dir.path(), "fleet.toml", &doubled);
    bad(
        &["link", "--sat", "Azerspace-1", "--band", "c", "--station", "Baku", "--satellites-file", p(&path)],
        &["fleet.toml:32: satellite \"Azerspace-1\": band \"c\" is also defined at", "fleet.toml:22;"],
    );
    let regions = write(
        dir.path(),
        "regions.toml",
        "[[region]]\nname = \"A\"\nlon_min = 40\nlat_min = 40\nlon_max = 41\nlat_max = 41\n\
         [[region]]\nname = \"a\"\nlon_min = 40\nlat_min = 40\nlon_max = 41\nlat_max = 41\n",
    );
    let run = satfiber(&[
        "coverage",
        "--tle",
        "tle/ots.tle",
        "--regions-file",
        p(&regions),
        "--region",
        "A",
        "--start",
        "2026-09-07T00:00:00Z",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("line 8: region \"a\" is also defined at") && run.stderr.contains("regions.toml:2"),
        "{}",
        run.stderr
    );
    // Fiber route catalogs.
    let route =
        "[[route]]\nname = \"r1\"\nlanding_a = \"A\"\nlanding_b = \"B\"\nwaypoints = [[40.0, 50.0], [41.0, 51.0]]\n";
    let routes = write(dir.path(), "routes.toml", &format!("{route}\n{}", route.replace("r1", "R1")));
    bad(
        &["fiber", "--routes-file", p(&routes), "--route", "r1"],
        &["routes.toml:8: route.name = \"R1\" (also at", "routes.toml:2)"],
    );
    // Scenario tables: both lines named.
    let text = satfiber::scenario::config::DEFAULT_SCENARIO_TOML;
    let second = text.find("name = \"Sumgait\"").unwrap();
    let first_line = text[..text.find("name = \"Baku\"").unwrap()].matches('\n').count() + 1;
    let changed = format!("{}name = \"BAKU\"{}", &text[..second], &text[second + "name = \"Sumgait\"".len()..]);
    let path = write(dir.path(), "twice.toml", &changed);
    let out = dir.path().join("out");
    bad(
        &["compare", p(&path), "--out", p(&out)],
        &["`site.name`: duplicate name \"BAKU\"", &format!("(first at {}:{first_line})", p(&path))],
    );
}
