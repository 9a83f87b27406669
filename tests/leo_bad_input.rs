//! Bad input for the satellite-option keys (LEO `payload` / `constellations`, GEO `uplink_hpa_w`, cable
//! `protection_routes`) and for the constellation catalog: `satfiber compare` exits 2 naming file:line:column
//! and the key.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Runs `satfiber compare` on `scenario` (with optional extra files beside it): (exit code, stderr).
fn run(scenario: &str, extra: &[(&str, String)]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, scenario).unwrap();
    for (name, text) in extra {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_satfiber"))
        .arg("compare")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(!dir.path().join("out").exists(), "no report folder on bad input");
    (output.status.code().unwrap(), String::from_utf8_lossy(&output.stderr).to_string())
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("needle present") + 1
}

#[test]
fn bad_satellite_option_keys_exit_2_with_file_line_column_and_key() {
    let base = std::fs::read_to_string(repo("configs/caspian.toml")).unwrap();
    let cases: Vec<(String, &str, &str, &str)> = vec![
        (
            base.replacen("payload = \"OneWeb Ku\"", "payload = \"Iridium\"", 1),
            "payload = \"Iridium\"",
            "option.payload",
            "unknown constellation payload",
        ),
        (
            base.replacen("payload = \"OneWeb Ku\"", "payload = \"OneWeb Ku\"\nterminal_rate_gbps = 0.2", 1),
            "terminal_rate_gbps = 0.2",
            "option.terminal_rate_gbps",
            "contradictory",
        ),
        (
            base.replacen("uplink_hpa_w = 50.0", "uplink_hpa_w = 0.0", 1),
            "uplink_hpa_w = 0.0",
            "option.uplink_hpa_w",
            "out of range",
        ),
        (
            base.replacen(
                "protection_routes = [\"Baku-Buzovna\"",
                "protection_routes = [\"Sumgait-Aktau\", \"Baku-Buzovna\"",
                1,
            ),
            "protection_routes = [",
            "option.protection_routes",
            "not diverse",
        ),
        (
            base.replacen("protection_routes = [\"Baku-Buzovna\"", "protection_routes = [\"Baku-Kuryk\"", 1),
            "protection_routes = [",
            "option.protection_routes",
            "unknown route",
        ),
        (
            base.replacen("payload = \"OneWeb Ku\"", "constellations = \"c.toml\"", 1),
            "constellations = \"c.toml\"",
            "option.constellations",
            "given without payload",
        ),
        (base.replacen("step_s = 60.0", "step_s = 0.0", 1), "step_s = 0.0", "option.step_s", "out of range"),
    ];
    for (text, needle, key, problem) in cases {
        assert_ne!(text, base, "case {key}: replacement did not apply");
        let (code, stderr) = run(&text, &[]);
        assert_eq!(code, 2, "case {key}: stderr {stderr}");
        let line = line_of(&text, needle);
        assert!(stderr.contains(&format!("bad.toml:{line}:")), "case {key}: no line {line}: {stderr}");
        assert!(stderr.contains(key) && stderr.contains(problem), "case {key}: {stderr}");
    }
}

#[test]
fn bad_constellation_catalog_names_its_own_file_line_column() {
    let base = std::fs::read_to_string(repo("configs/caspian.toml")).unwrap();
    let scenario = base.replacen("payload = \"OneWeb Ku\"", "payload = \"OneWeb Ku\"\nconstellations = \"c.toml\"", 1);
    let catalog = std::fs::read_to_string(repo("configs/constellations.toml")).unwrap();
    for (from, to, key) in [
        ("channel_mhz = 250.0", "channel_mhz = -250.0", "payload.user.channel_mhz"),
        ("gateway_eirp_dbw = 60.0", "gateway_eirp_dbw = 160.0", "payload.feeder.gateway_eirp_dbw"),
        ("max_satellites_per_site = 2", "max_satellites_per_site = 0", "payload.max_satellites_per_site"),
        ("tau_deg = 45.0", "tau_deg = \"circular\"", "invalid type"),
    ] {
        let bad = catalog.replacen(from, to, 1);
        assert_ne!(bad, catalog);
        let (code, stderr) = run(&scenario, &[("c.toml", bad.clone())]);
        assert_eq!(code, 2, "{key}: {stderr}");
        let line = line_of(&bad, to);
        assert!(stderr.contains(&format!("c.toml:{line}:")), "{key}: no c.toml:{line}: in {stderr}");
        assert!(stderr.contains(key), "{key}: {stderr}");
        let scenario_line = line_of(&scenario, "constellations = ");
        assert!(stderr.contains(&format!("bad.toml:{scenario_line}:")), "{key}: {stderr}");
    }
}
