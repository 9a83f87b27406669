//! `satfiber link` / `satfiber link-map`: golden output, crop = full maps, bad input → exit code 2.

use std::process::Command;

fn satfiber(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_satfiber"))
        .args(args)
        .env_remove("SATFIBER_ITUR_DATA")
        .env_remove("ITU_RS_DATA_DIR")
        .output()
        .expect("runs the binary")
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Golden output (tests/data/link_cli_azerspace1_baku.txt, produced by this binary; the numbers in it are checked
/// independently by tests/link_budget.rs and tests/link_itu_validation.rs). Regenerate after an intended change
/// with: satfiber link --sat Azerspace-1 --band ku --station Baku > tests/data/link_cli_azerspace1_baku.txt
#[test]
fn link_table_golden() {
    let o = satfiber(&["link", "--sat", "Azerspace-1", "--band", "ku", "--station", "Baku"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = include_str!("data/link_cli_azerspace1_baku.txt");
    assert_eq!(String::from_utf8_lossy(&o.stdout), expected);
}

#[test]
fn link_json_and_plot() {
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("acm.svg");
    let o = satfiber(&[
        "link",
        "--sat",
        "Turksat 5B",
        "--station",
        "Astana",
        "--format",
        "json",
        "--plot",
        plot.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["satellite"], "Turksat 5B");
    assert_eq!(v["band"], "ka");
    assert_eq!(v["results"].as_array().unwrap().len(), 4);
    assert!(v["geometry"]["slant_range_km"].as_f64().unwrap() > 35_786.0);
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("availability"));
}

/// The committed crop agrees with the full ITU-R maps for a site inside it: every number of the JSON report within
/// TOL_CROP relative (absolute below 1; the interpolation offsets are computed from the cropped axes, so the last
/// bits of the interpolated map values differ).
const TOL_CROP: f64 = 1e-4;

fn max_numeric_difference(a: &serde_json::Value, b: &serde_json::Value) -> f64 {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() / x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len());
            x.iter().zip(y).map(|(p, q)| max_numeric_difference(p, q)).fold(0.0, f64::max)
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.len(), y.len());
            x.iter().map(|(k, v)| max_numeric_difference(v, &y[k])).fold(0.0, f64::max)
        }
        _ => {
            assert_eq!(a, b);
            0.0
        }
    }
}

#[test]
fn crop_equals_full_maps() {
    let Some(full) = satfiber::testdata::shared_data("itur-data") else { return };
    let args = [
        "link",
        "--sat",
        "KazSat-3",
        "--station",
        "Almaty",
        "--format",
        "json",
        "--percent",
        "0.001",
        "--percent",
        "0.3",
        "--percent",
        "5",
    ];
    let crop = satfiber(&args);
    assert!(crop.status.success(), "{}", stderr(&crop));
    let mut with_full: Vec<&str> = args.to_vec();
    let full = full.to_str().unwrap().to_string();
    with_full.extend(["--itur-data", &full]);
    let full_out = satfiber(&with_full);
    assert!(full_out.status.success(), "{}", stderr(&full_out));
    let a: serde_json::Value = serde_json::from_slice(&crop.stdout).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&full_out.stdout).unwrap();
    let d = max_numeric_difference(&a, &b);
    println!("crop vs full maps: max relative difference {d:.2e}");
    assert!(d <= TOL_CROP, "crop differs from full maps by {d}");
}

#[test]
fn link_map_csv() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("map.png");
    let o = satfiber(&[
        "link-map",
        "--sat",
        "KazSat-3",
        "--bbox",
        "50,40,60,45",
        "--grid-deg",
        "2.5",
        "--format",
        "csv",
        "--plot",
        png.to_str().unwrap(),
        "--quantity",
        "margin",
        "--grid",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 2 * 4, "{text}");
    assert!(lines[0].starts_with("lat_deg,lon_deg,elevation_deg,a_total_db_p0.01,"));
    assert!(lines[1].starts_with("41.250,51.250,"));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    // Without --grid (or -o) the map is the output: one line names it, the grid is not dumped.
    let svg = dir.path().join("map.svg");
    let o = satfiber(&[
        "link-map",
        "--sat",
        "KazSat-3",
        "--bbox",
        "48,38,60,45",
        "--grid-deg",
        "2.5",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("map: ") && text.contains("--grid"), "{text}");
    // Baku (49.87°E, 40.41°N) is inside the box: link maps mark the stations as coverage maps do.
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.contains("Baku"), "no station on the link map");
}

fn assert_input_error(args: &[&str], needle: &str) {
    let o = satfiber(args);
    assert_eq!(o.status.code(), Some(2), "args {args:?}: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(needle), "args {args:?}: stderr {err:?} lacks {needle:?}");
}

#[test]
fn bad_input_exits_2() {
    // Satellite below the horizon (KazSat-2 at 86.5°E from 60°N 5°E).
    assert_input_error(&["link", "--sat", "KazSat-2", "--station", "X:60,5"], "below the horizon");
    assert_input_error(&["link", "--sat", "KazSat-3", "--station", "Baku", "--percent", "7"], "[0.001, 5] %");
    assert_input_error(&["link", "--sat", "KazSat-3", "--station", "Baku", "--frequency-ghz", "70"], "[1, 55] GHz");
    assert_input_error(&["link", "--sat", "Starlink-1", "--station", "Baku"], "unknown satellite");
    assert_input_error(&["link", "--sat", "KazSat-3", "--band", "ka", "--station", "Baku"], "expected one of: ku");
    assert_input_error(&["link", "--sat", "Azerspace-1", "--station", "Baku"], "choose one with --band");
    assert_input_error(&["link", "--sat", "Turksat 5A", "--station", "Riyadh:24.71,46.68"], "--itur-data");
    assert_input_error(&["link", "--sat", "KazSat-3", "--station", "Baku", "--modcod", "QPSK 9/99"], "unknown MODCOD");
    assert_input_error(&["link-map", "--sat", "KazSat-3", "--bbox", "60,40,50"], "--bbox");
    assert_input_error(&["link-map", "--sat", "KazSat-3", "--grid-deg", "0"], "--grid-deg");
}

#[test]
fn tle_geometry_is_reported() {
    let o = satfiber(&[
        "link",
        "--sat",
        "Turksat 4A",
        "--band",
        "ku",
        "--station",
        "Ankara",
        "--geometry",
        "tle",
        "--at",
        "2026-09-07T12:00:00Z",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let desc = v["geometry"]["source"]["Given"]["description"].as_str().unwrap();
    assert!(desc.contains("SGP4") && desc.contains("TURKSAT 4A"), "{desc}");
    assert_input_error(
        &["link", "--sat", "Turksat 4A", "--band", "ku", "--station", "Ankara", "--at", "2026-09-07T12:00:00Z"],
        "--geometry tle",
    );
}
