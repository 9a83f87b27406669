//! Golden and behaviour tests of `satfiber compare` on the default scenario: exact terminal table, the report
//! folder's files, a well-formed HTML report that references every chart, bad input with exit code 2 and no
//! report folder left behind.
//!
//! The golden table tests/data/compare_caspian.txt is the binary's own output, reviewed against the hand
//! calculations in tests/compare_hand.rs; regenerate it with `SATFIBER_BLESS=1 cargo test --test compare_cli`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_satfiber"))
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn default_scenario_table_matches_golden_and_report_is_complete() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = bin().arg("compare").arg(repo("configs/caspian.toml")).arg("--out").arg(&out).output().unwrap();
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let table: String = stdout.lines().filter(|l| !l.starts_with("report: ")).map(|l| format!("{l}\n")).collect();
    let golden_path = repo("tests/data/compare_caspian.txt");
    if std::env::var_os("SATFIBER_BLESS").is_some() {
        std::fs::write(&golden_path, &table).unwrap();
    }
    let golden = std::fs::read_to_string(&golden_path).unwrap();
    assert_eq!(table, golden, "terminal table differs from {}", golden_path.display());
    // The README's chart is this run's chart, byte for byte (charts are deterministic).
    let chart_path = repo("tests/data/compare_capacity_vs_demand.svg");
    let chart = std::fs::read(out.join("capacity_vs_demand.svg")).unwrap();
    if std::env::var_os("SATFIBER_BLESS").is_some() {
        std::fs::write(&chart_path, &chart).unwrap();
    }
    assert!(chart == std::fs::read(&chart_path).unwrap(), "chart differs from {}", chart_path.display());

    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    for needed in [
        "basis.csv",
        "comparison.csv",
        "comparison.json",
        "comparison.txt",
        "coverage.csv",
        "demands.csv",
        "report.html",
    ] {
        assert!(names.iter().any(|n| n == needed), "{needed} missing from {names:?}");
    }
    let charts: Vec<&str> = names.iter().filter_map(|n| n.strip_suffix(".svg")).collect();
    for stem in ["capacity", "capacity_vs_demand", "latency", "availability", "cost_per_gbps"] {
        assert!(charts.contains(&stem), "chart {stem} missing");
        let png = std::fs::read(out.join(format!("{stem}.png"))).unwrap();
        assert_eq!(&png[1..4], b"PNG");
    }
    // No staging folder left next to the report.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n != "out")
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");

    // JSON parses and carries a basis per metric.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("comparison.json")).unwrap()).unwrap();
    let options = json["options"].as_array().unwrap();
    assert_eq!(options.len(), 5);
    for o in options {
        for metric in ["capacity_gbps", "latency_one_way_ms", "availability_percent", "cost_per_gbps_year_usd"] {
            assert!(!o[metric]["basis"].as_str().unwrap().is_empty(), "{metric} of {} has no basis", o["name"]);
        }
    }

    // The HTML report is well-formed XML and embeds/links every chart.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let ids = check_well_formed(&html);
    for stem in &charts {
        assert!(ids.contains(&format!("chart-{stem}")), "report.html does not embed chart {stem}");
        assert!(html.contains(&format!("href=\"{stem}.png\"")), "report.html does not link {stem}.png");
    }
    for section in ["summary-table", "basis-table", "assumptions-table", "models-table", "epochs-table"] {
        assert!(ids.contains(&section.to_string()), "report.html lacks {section}");
    }
    assert!(html.contains("AZERSPACE 2 (IS-38) (NORAD 43632)"), "TLE epoch of Azerspace-2 missing");
    // The decision document: verdicts first, a contents list, the map, the inputs with their [assumed] flags.
    for id in ["toc", "decision", "scenario-map", "inputs", "demands-table", "inputs-trans-caspian-cable"] {
        assert!(ids.contains(&id.to_string()), "report.html lacks #{id}");
    }
    assert!(html.find("id=\"decision\"").unwrap() < html.find("id=\"summary-table\"").unwrap(), "decision first");
    assert!(html.contains("<meta name=\"viewport\""), "viewport meta");
    assert!(html.contains("@media print"), "print stylesheet");
    assert!(html.contains("4 <span class=\"assumed\">[assumed]</span>"), "fiber_pairs = 4 flagged [assumed]");
    assert!(html.contains("SHORT</span><strong>Azerspace-2 Ku"), "GEO option verdict");
    assert!(html.contains("2,800"), "thousands separators in the readable table");
    assert!(
        !html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"),
        "self-contained"
    );
    // Per demand: reachable and carried, full precision in the CSV and JSON.
    let demands = std::fs::read_to_string(out.join("demands.csv")).unwrap();
    assert!(demands.starts_with("option,demand,rate_gbps,reachable,carried_gbps,shortfall_gbps,"), "{demands}");
    for o in options {
        let total: f64 = o["demands"].as_array().unwrap().iter().map(|d| d["carried_gbps"].as_f64().unwrap()).sum();
        assert!((total - o["carried_gbps"]["value"].as_f64().unwrap()).abs() < 1e-9, "{}", o["name"]);
        assert!(o["demands"][0]["reachable"].is_boolean());
    }
}

/// Parses the whole document with quick-xml, checking every start tag has its matching end tag; returns the
/// element ids.
fn check_well_formed(html: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(html);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut ids = Vec::new();
    let mut collect_id = |e: &quick_xml::events::BytesStart| {
        for a in e.attributes() {
            let a = a.expect("well-formed attribute");
            if a.key.as_ref() == b"id" {
                ids.push(String::from_utf8(a.value.to_vec()).unwrap());
            }
        }
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                collect_id(&e);
                stack.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
            }
            Ok(Event::Empty(e)) => collect_id(&e),
            Ok(Event::End(e)) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "mismatched </{name}>");
            }
            Ok(Event::Text(t)) => {
                t.unescape().expect("text with valid entities");
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("report.html is not well-formed at byte {}: {e}", reader.buffer_position()),
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    assert!(ids.len() > 5);
    ids
}

fn run_bad(scenario_text: &str) -> (i32, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, scenario_text).unwrap();
    let out = dir.path().join("out");
    let output = bin().arg("compare").arg(&file).arg("--out").arg(&out).output().unwrap();
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count() > 1;
    (output.status.code().unwrap(), String::from_utf8_lossy(&output.stderr).to_string(), leftovers)
}

fn default_text() -> String {
    std::fs::read_to_string(repo("configs/caspian.toml")).unwrap()
}

/// Line number (1-based) of the first line containing `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle present") + 1
}

#[test]
fn bad_scenarios_fail_with_key_and_line_and_leave_no_report() {
    let base = default_text();
    let cases: Vec<(String, &str, &str)> = vec![
        (
            base.replace("satellite = \"Turksat 5B\"", "satellite = \"Turksat 9Z\""),
            "satellite = \"Turksat 9Z\"",
            "option.satellite",
        ),
        (
            base.replace(
                "routes = [\"Baku-Sumgait\", \"Sumgait-Aktau\"",
                "routes = [\"Baku-Sumgait\", \"Sumgait-Atyrau\"",
            ),
            "Sumgait-Atyrau",
            "option.routes",
        ),
        (base.replace("to = \"Aktau\"", "to = \"Atyrau\""), "to = \"Atyrau\"", "demand.to"),
        (base.replace("rate_gbps = 40.0", "rate_gbps = -40.0"), "rate_gbps = -40.0", "demand.rate_gbps"),
        (
            base.replace("equipment_latency_ms = 0.05", "equipment_latency_ms = 0.05\nsatellite = \"TURKSAT 5B\""),
            "equipment_latency_ms = 0.05",
            "option.satellite",
        ),
        (
            base.replace("primary = \"Trans-Caspian cable\"", "primary = \"Azerspace-2 Ku\""),
            "primary = \"Azerspace-2 Ku\"",
            "option.primary",
        ),
        (
            base.replace(
                "routes = [\"Baku-Sumgait\", \"Sumgait-Aktau\", \"Aktau-Almaty\", \"Aktau-Tashkent\"]",
                "routes = [\"Baku-Sumgait\", \"Sumgait-Aktau\", \"Aktau-Almaty\"]",
            ),
            "routes = [\"Baku-Sumgait\", \"Sumgait-Aktau\", \"Aktau-Almaty\"]",
            "option.routes",
        ),
        (
            base.replace("min_elevation_deg = 25.0", "min_elevation_degrees = 25.0"),
            "min_elevation_degrees",
            "unknown field",
        ),
    ];
    for (text, needle, key) in cases {
        assert_ne!(text, base, "case {key}: replacement did not apply");
        let (code, stderr, leftovers) = run_bad(&text);
        assert_eq!(code, 2, "case {key}: exit code, stderr: {stderr}");
        let mut line = line_of(&text, needle);
        if key == "option.satellite" && needle.starts_with("equipment") {
            line += 1; // the contradictory key sits on the next line
        }
        assert!(stderr.contains(&format!("bad.toml:{line}:")), "case {key}: no line {line} in: {stderr}");
        assert!(stderr.contains(key), "case {key}: key not named in: {stderr}");
        assert!(!leftovers, "case {key}: files left in the output folder's parent");
    }
}

#[test]
fn bad_sweep_is_an_input_error() {
    let output = bin()
        .args(["compare", repo("configs/caspian.toml").to_str().unwrap(), "--sweep", "route.Nowhere.repair_days=1:2:1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("route.Nowhere.repair_days"));
}

#[test]
fn sweep_adds_its_table_and_charts_to_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let output = bin()
        .arg("compare")
        .arg(repo("configs/caspian.toml"))
        .args(["--out", out.to_str().unwrap(), "--sweep", "option.Trans-Caspian cable.design.fiber_pairs=2:6:2"])
        .output()
        .unwrap();
    assert!(output.status.success(), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3 * 5, "{csv}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let ids = check_well_formed(&html);
    for stem in ["sweep_capacity", "sweep_rtt", "sweep_downtime", "sweep_cost_per_gbps"] {
        assert!(out.join(format!("{stem}.png")).exists());
        assert!(ids.contains(&format!("chart-{stem}")));
    }
}
