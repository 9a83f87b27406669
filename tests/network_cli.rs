//! `satfiber network` run as the built binary: golden table, CSV columns, JSON, plot and output file, and bad
//! input rejected with exit code 2 and a message naming the flag and the problem.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_satfiber")).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

/// Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it (review the diff before committing).
fn golden(name: &str, actual: &[u8]) {
    let path = data(name);
    if std::env::var("UPDATE_GOLDEN").map(|v| v == "1").unwrap_or(false) {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(expected == actual, "{name} differs from the golden file (UPDATE_GOLDEN=1 to regenerate)");
}

const BASE: &[&str] = &[
    "network",
    "--walker",
    "1584/72/39:550:53",
    "--from",
    "Baku",
    "--to",
    "Aktau",
    "--from",
    "Istanbul",
    "--to",
    "Almaty",
    "--start",
    "2026-09-07T00:00:00Z",
    "--duration",
    "30m",
    "--step",
    "30s",
];

#[test]
fn golden_table_csv_json_and_plot() {
    let (code, stdout, stderr) = run(BASE);
    assert_eq!(code, 0, "{stderr}");
    golden("network_cli_walker.txt", stdout.as_bytes());

    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("rtt.csv");
    let plot_path = dir.path().join("rtt.svg");
    let mut args = BASE.to_vec();
    let (csv_s, plot_s) = (csv_path.to_str().unwrap(), plot_path.to_str().unwrap());
    args.extend(["--format", "csv", "-o", csv_s, "--plot", plot_s]);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("time_utc,from,to,reachable,rtt_ms,one_way_ms,hops,path"));
    // 61 steps × 2 pairs.
    assert_eq!(lines.clone().count(), 122);
    let first: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&first[..4], &["2026-09-07T00:00:00Z", "Baku", "Aktau", "1"]);
    let rtt: f64 = first[4].parse().unwrap();
    let one_way: f64 = first[5].parse().unwrap();
    assert!((rtt - 2.0 * one_way).abs() < 2e-6);
    // Path: NORAD ids of the Walker generator (90000 + index) joined by '>'.
    assert!(first[7].split('>').all(|id| id.parse::<u64>().map(|n| n >= 90_000).unwrap_or(false)), "{}", first[7]);
    let svg = std::fs::read(&plot_path).unwrap();
    assert!(String::from_utf8_lossy(&svg).contains("great-circle fibre, n = 1.468"));
    // Same bytes again.
    let plot2 = dir.path().join("again.svg");
    let mut args = BASE.to_vec();
    args.extend(["--plot", plot2.to_str().unwrap()]);
    assert_eq!(run(&args).0, 0);
    assert_eq!(std::fs::read(&plot2).unwrap(), svg);

    let mut args = BASE.to_vec();
    args.extend(["--format", "json"]);
    let (code, stdout, _) = run(&args);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["satellites"], 1584);
    assert_eq!(v["isls"], 2 * 1584);
    assert_eq!(v["shells"][0]["planes"], 72);
    assert_eq!(v["pairs"][1]["series"].as_array().unwrap().len(), 61);
    assert!(v["pairs"][0]["statistics"]["p95_rtt_ms"].as_f64().unwrap() > 0.0);
}

#[test]
fn bent_pipe_with_gateways_runs() {
    let mut args = BASE.to_vec();
    args.extend(["--isl", "none", "--gateway", "Trabzon:41.0,39.72", "--gateway", "Ashgabat", "--gateway", "Tashkent"]);
    args.extend(["--format", "csv"]);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.lines().skip(1).any(|l| l.contains("GW:")), "no route via a gateway");
}

fn expect_input_error(extra: &[&str], base: &[&str], needle: &str) {
    let mut args = base.to_vec();
    args.extend(extra);
    let (code, _, stderr) = run(&args);
    assert_eq!(code, 2, "{extra:?}: {stderr}");
    assert!(stderr.contains(needle), "{extra:?}: expected {needle:?} in {stderr}");
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    // Planes cannot be inferred: the bundled GEO/EO catalog has no plane structure.
    let catalog: &[&str] =
        &["network", "--from", "Baku", "--to", "Aktau", "--start", "2026-09-07T00:00:00Z", "--duration", "1m"];
    expect_input_error(&[], catalog, "orbital planes cannot be inferred");
    expect_input_error(&["--planes", "7/3"], catalog, "plane layout 7/3 needs 21 satellites");
    expect_input_error(&["--planes", "x"], catalog, "--planes \"x\": expected PLANES/PER_PLANE");
    expect_input_error(&["--isl-shift", "22"], BASE, "ISL shift 22 is out of range: expected 0 to 21");
    expect_input_error(&["--isl-shift", "-1"], BASE, "ISL shift -1 is out of range");
    expect_input_error(&["--from", "Baku", "--to", "Baku"], BASE, "are the same place");
    expect_input_error(&["--from", "X:40.4,49.9", "--to", "Y:40.4,49.9"], BASE, "are the same place");
    expect_input_error(
        &["--grazing-altitude-km", "600"],
        BASE,
        "grazing altitude 600 km is not below the lowest shell",
    );
    expect_input_error(&["--grazing-altitude-km", "-1"], BASE, "grazing altitude (km) = -1");
    expect_input_error(&["--step", "0s"], BASE, "--step");
    expect_input_error(&["--from", "Baku"], BASE, "3 --from but 2 --to");
    expect_input_error(&["--min-elevation-deg", "95"], BASE, "minimum elevation (deg) = 95");
    expect_input_error(&["--max-gsl-km", "-5"], BASE, "maximum GSL slant range (km) = -5");
    expect_input_error(&["--max-isl-km", "0"], BASE, "maximum ISL length (km) = 0");
    expect_input_error(&["--plane-gap-deg", "0"], BASE, "--plane-gap-deg 0");
    expect_input_error(&["--gateway", "Atlantis"], BASE, "unknown station \"Atlantis\"");
    expect_input_error(&["--plot", "x.gif"], BASE, "unsupported extension");
    expect_input_error(&["--dut1-s", "2"], BASE, "--dut1-s 2");
}
