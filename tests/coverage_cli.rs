//! `satfiber coverage` and `satfiber constellation walker` run as the built binary.
//!
//! tests/data/coverage_cli_azerbaijan_summary.txt is the binary's own output (a regression golden); the numbers
//! behind it are checked against brute force (coverage_engine.rs) and numpy (coverage_numpy.rs).

use std::path::Path;
use std::process::{Command, Output};

fn satfiber(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_satfiber")).args(args).output().expect("runs satfiber")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

const AZ: [&str; 11] = [
    "coverage",
    "--region",
    "Azerbaijan",
    "--walker",
    "50/5/1:550:53",
    "--start",
    "2026-09-07",
    "--duration",
    "6h",
    "--grid-deg",
    "1",
];

#[test]
fn summary_table_is_exact() {
    let out = satfiber(&AZ);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let golden =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/coverage_cli_azerbaijan_summary.txt"))
            .unwrap();
    assert_eq!(text(&out.stdout), golden);
    // No progress bar when stderr is not a terminal.
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn csv_json_geojson_and_plot_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let run = |format: &str, file: &str, extra: &[&str]| {
        let mut args: Vec<&str> = AZ.to_vec();
        let p = path(file);
        let owned: Vec<String> = vec!["--format".into(), format.into(), "--output".into(), p];
        args.extend(owned.iter().map(String::as_str));
        args.extend_from_slice(extra);
        let out = satfiber(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty());
    };
    run("csv", "cells.csv", &[]);
    run("json", "cells.json", &[]);
    let svg = path("map.svg");
    run("geojson", "cells.geojson", &["--plot", &svg, "--metric", "max-gap"]);
    // Azerbaijan box 44.7–50.7 × 38.2–42.0 at 1°: 6 columns × 4 rows.
    let csv = std::fs::read_to_string(path("cells.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 24);
    assert!(lines[0].starts_with("latitude_deg,longitude_deg,percent_covered,min_in_view,mean_in_view"));
    assert!(lines[1].starts_with("38.7000,45.2000,"), "{}", lines[1]);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path("cells.json")).unwrap()).unwrap();
    assert_eq!(json["cells"].as_array().unwrap().len(), 24);
    assert_eq!(json["steps"], 361);
    assert_eq!(json["summary"][0]["figure_of_merit"], "percent_covered");
    let geo: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path("cells.geojson")).unwrap()).unwrap();
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 24);
    let ring = features[0]["geometry"]["coordinates"][0].as_array().unwrap();
    assert_eq!(ring.len(), 5);
    assert_eq!(ring[0], ring[4]);
    assert_eq!(ring[0], serde_json::json!([44.7, 38.2]));
    assert_eq!(features[0]["properties"]["latitude_deg"], 38.7);
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(svg.contains("maximum gap (min)") && svg.contains("Baku"));
    // Only the outputs: no temporary files left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 4);
}

#[test]
fn walker_tles_are_valid_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.tle");
    let f = file.display().to_string();
    let out = satfiber(&[
        "constellation",
        "walker",
        "--total",
        "6",
        "--planes",
        "3",
        "--phasing",
        "1",
        "--altitude-km",
        "550",
        "--inclination-deg",
        "53",
        "--epoch",
        "2026-09-07T00:00:00Z",
        "-o",
        &f,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let tle = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        tle.lines().take(3).collect::<Vec<_>>(),
        [
            "WALKER-P01-S01",
            "1 90000U          26250.00000000  .00000000  00000+0  00000+0 0  9992",
            "2 90000  53.0000   0.0000 0000000   0.0000   0.0000 15.05581646    00",
        ]
    );
    // The rest of the tool reads it, checksums verified.
    let out = satfiber(&["tle", "check", &f, "--at", "2026-09-07"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let out =
        satfiber(&["coverage", "--tle", &f, "--bbox", "45,38,51,42", "--start", "2026-09-07", "--duration", "1h"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn bad_input_exits_2_with_clear_messages() {
    let cases: [(&[&str], &str); 7] = [
        (&["--bbox", "90,35,25,56"], "longitude range 90..25 is empty or inverted"),
        (&["--bbox", "25,56,90,56"], "latitude range 56..56 is empty or inverted"),
        (&["--grid-deg", "0"], "must be a positive number of degrees"),
        (&["--grid-deg", "-1"], "must be a positive number of degrees"),
        (&["--grid-deg", "0.0001"], "GiB, more than the 2.0 GiB limit"),
        (&["--region", "Atlantis"], "unknown region \"Atlantis\""),
        (&["--min-elevation-deg", "95"], "minimum elevation 95 deg is outside"),
    ];
    for (extra, message) in cases {
        let mut args = vec!["coverage", "--start", "2026-09-07", "--duration", "1h"];
        if !extra.contains(&"--bbox") && !extra.contains(&"--region") {
            args.extend(["--walker", "4/2/1:550:53"]);
        }
        args.extend_from_slice(extra);
        let out = satfiber(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(message), "{extra:?}: {}", text(&out.stderr));
    }
    // Zero satellites after filtering.
    let out = satfiber(&["coverage", "--sat", "NO SUCH SAT", "--start", "2026-09-07", "--duration", "1h"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = satfiber(&["coverage", "--walker", "50/7/1:550:53", "--start", "2026-09-07"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("a positive divisor of total 50"), "{}", text(&out.stderr));
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cells.csv");
    // A long run: 0.1° over the OTS box for 30 days. If the signal lands before the handler is installed
    // (a loaded machine), the process dies by the signal: retry later in the run.
    let mut interrupted = None;
    for wait_ms in [1500, 4000, 8000] {
        let child = Command::new(env!("CARGO_BIN_EXE_satfiber"))
            .args(["coverage", "--walker", "50/5/1:550:53", "--start", "2026-09-07", "--duration", "30d"])
            .args(["--grid-deg", "0.1", "--format", "csv", "--output"])
            .arg(&file)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
        assert!(status.success());
        let out = child.wait_with_output().unwrap();
        assert!(!Path::new(&file).exists());
        if out.status.code().is_some() {
            interrupted = Some(out);
            break;
        }
    }
    let out = interrupted.expect("the run handled Ctrl-C");
    // The one interruption behaviour of every command (src/interrupt.rs).
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("interrupted: nothing written"), "{}", text(&out.stderr));
    assert!(!Path::new(&file).exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
