//! `satfiber windows`, `eclipse`, `sun-outage` run as the built binary: exact golden output, byte-identical
//! plots, and bad input rejected with exit code 2 and a clear message.

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

const WINDOWS: &[&str] = &[
    "windows",
    "--sat",
    "AZERSPACE 1",
    "--sat",
    "ISS (ZARYA)",
    "--sat",
    "GOKTURK 2",
    "--station",
    "Baku",
    "--station",
    "Aktau",
    "--start",
    "2026-09-07T00:00:00Z",
    "--end",
    "2026-09-07T12:00:00Z",
];

#[test]
fn windows_golden_csv_and_json() {
    let mut args = WINDOWS.to_vec();
    args.extend(["--format", "csv"]);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    golden("windows_cli.csv", stdout.as_bytes());
    assert!(stdout.starts_with("satellite,norad_id,station,aos_utc,culmination_utc,los_utc,max_elevation_deg"));
    let mut args = WINDOWS.to_vec();
    args.extend(["--format", "json"]);
    let (code, stdout, _) = run(&args);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(value.as_array().map(|a| a.len() > 5).unwrap_or(false), "{stdout}");
}

#[test]
fn eclipse_and_sun_outage_golden() {
    let (code, stdout, stderr) = run(&[
        "eclipse",
        "--sat",
        "AZERSPACE 1",
        "--sat",
        "ISS (ZARYA)",
        "--start",
        "2026-09-07T00:00:00Z",
        "--duration",
        "12h",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    golden("eclipse_cli.csv", stdout.as_bytes());
    let (code, stdout, stderr) = run(&[
        "sun-outage",
        "--sat",
        "AZERSPACE 1",
        "--station",
        "Baku",
        "--frequency-ghz",
        "12",
        "--dish-m",
        "2.4",
        "--start",
        "2026-10-06T00:00:00Z",
        "--duration",
        "6d",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    golden("sun_outage_cli.csv", stdout.as_bytes());
    assert!(stdout.lines().count() >= 4, "{stdout}");
}

#[test]
fn plots_are_byte_identical_and_golden() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for i in 0..2 {
        let path = dir.path().join(format!("elevation{i}.svg"));
        let mut args = WINDOWS.to_vec();
        args.extend(["--step", "120s", "--plot", path.to_str().unwrap(), "--output"]);
        let table = dir.path().join(format!("windows{i}.txt"));
        args.push(table.to_str().unwrap());
        let (code, _, stderr) = run(&args);
        assert_eq!(code, 0, "{stderr}");
        bytes.push(std::fs::read(&path).unwrap());
    }
    assert_eq!(bytes[0], bytes[1]);
    let svg = String::from_utf8(bytes[0].clone()).unwrap();
    assert!(svg.contains("elevation (deg)") && svg.contains("time (UTC)") && svg.contains("mask 10°"));
    golden("windows_elevation.svg", &bytes[0]);
    let png = dir.path().join("eclipse.png");
    let (code, _, stderr) = run(&[
        "eclipse",
        "--sat",
        "AZERSPACE 1",
        "--start",
        "2026-09-01T00:00:00Z",
        "--duration",
        "30d",
        "--plot",
        png.to_str().unwrap(),
        "--output",
        dir.path().join("eclipse.txt").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let png_bytes = std::fs::read(&png).unwrap();
    assert_eq!(&png_bytes[1..4], b"PNG");
    golden("eclipse_season.png", &png_bytes);
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let cases: &[(&[&str], &str)] = &[
        (&["windows", "--station", "Atlantis", "--start", "2026-09-07T00:00:00Z"], "unknown station \"Atlantis\""),
        (&["windows", "--sat", "NOSUCHSAT", "--station", "Baku", "--start", "2026-09-07T00:00:00Z"], "no satellite"),
        (&["windows", "--station", "Baku", "--min-elevation-deg", "95"], "--min-elevation-deg 95 is outside [-5, 90]"),
        (&["windows", "--station", "Baku", "--min-elevation-deg", "-6"], "outside [-5, 90]"),
        (
            &["windows", "--station", "Baku", "--start", "2026-09-08T00:00:00Z", "--end", "2026-09-07T00:00:00Z"],
            "before",
        ),
        (&["windows", "--station", "Baku:91,10", "--start", "2026-09-07T00:00:00Z"], "invalid station"),
        (&["windows", "--station", "Baku", "--dut1-s", "3"], "--dut1-s 3 is outside"),
        (
            &["sun-outage", "--sat", "AZERSPACE 1", "--station", "Baku", "--frequency-ghz", "-12", "--dish-m", "2.4"],
            "frequency must be between 0.1 and 1000 GHz",
        ),
        (
            &["sun-outage", "--sat", "AZERSPACE 1", "--station", "Baku", "--frequency-ghz", "12", "--dish-m", "1e6"],
            "dish diameter must be between 0.05 and 100 m",
        ),
        (&["sun-outage", "--sat", "AZERSPACE 1", "--station", "Baku", "--beamwidth-deg", "0"], "beamwidth must be"),
        (&["sun-outage", "--sat", "AZERSPACE 1", "--station", "Baku"], "give either --frequency-ghz"),
        (
            &["eclipse", "--sat", "AZERSPACE 1", "--start", "2026-09-08T00:00:00Z", "--end", "2026-09-07T00:00:00Z"],
            "before",
        ),
    ];
    for (args, message) in cases {
        let (code, _, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: expected {message:?} in {stderr:?}");
    }
}
