//! Golden and bad-input tests of `satfiber fiber` (runs the built binary).

use std::process::Command;

fn satfiber(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_satfiber")).args(args).output().expect("run satfiber");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// Exact output for the main route. Regenerate after an intended change with
/// `cargo run -- fiber --route sumgait-aktau --target-tbps 400 > tests/data/fiber_cli_sumgait_aktau.txt`
/// and review the diff.
#[test]
fn golden_sumgait_aktau() {
    let (code, stdout, stderr) = satfiber(&["fiber", "--route", "sumgait-aktau", "--target-tbps", "400"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, include_str!("data/fiber_cli_sumgait_aktau.txt"));
}

/// The example config spells out the defaults, so it must give the same design as the flags.
#[test]
fn example_config_gives_the_golden_design() {
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/configs/fiber/sumgait_aktau_400tbps.toml");
    let (code, stdout, stderr) = satfiber(&["fiber", "--config", config]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, include_str!("data/fiber_cli_sumgait_aktau.txt"));
}

#[test]
fn json_is_consistent() {
    let (code, stdout, stderr) =
        satfiber(&["fiber", "--route", "kuryk-buzovna", "--fiber-pairs", "4", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let per_pair = v["capacity_per_pair_gbps"].as_f64().unwrap();
    assert_eq!(v["fiber_pairs"].as_u64(), Some(4));
    assert!((v["total_capacity_gbps"].as_f64().unwrap() - 4.0 * per_pair).abs() < 1e-6);
    assert_eq!(v["channels"].as_array().unwrap().len(), v["channel_count"].as_u64().unwrap() as usize);
    let sum: f64 = v["channels"].as_array().unwrap().iter().map(|c| c["bit_rate_gbps"].as_f64().unwrap()).sum();
    assert!((sum - per_pair).abs() < 1e-6);
    for key in ["one_way_latency_ms", "availability", "annual_downtime_hours", "capex_usd", "cost_per_gbps_year_usd"] {
        assert!(v[key].as_f64().unwrap() > 0.0, "{key}");
    }
}

#[test]
fn plots_are_written() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["gsnr", "launch", "length"] {
        let path = dir.path().join(format!("{kind}.svg"));
        let (code, _, stderr) = satfiber(&[
            "fiber",
            "--route",
            "siyazan-turkmenbashi",
            "--plot",
            path.to_str().unwrap(),
            "--plot-kind",
            kind,
        ]);
        assert_eq!(code, 0, "{kind}: {stderr}");
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("</svg>"), "{kind}");
    }
}

/// Each bad input exits with code 2 and a message naming the field and what is expected.
#[test]
fn bad_input_exits_2_with_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let overlap = dir.path().join("overlap.toml");
    std::fs::write(
        &overlap,
        "route = \"sumgait-aktau\"\n[design.channel_plan]\nbaud_rate_gbd = 70.0\nspacing_ghz = 75.0\n",
    )
    .unwrap();
    let too_many = dir.path().join("too_many.toml");
    std::fs::write(&too_many, "length_km = 200\n[design.channel_plan]\nchannels = 100\n").unwrap();
    let outside = dir.path().join("outside.toml");
    std::fs::write(
        &outside,
        "length_km = 200\n[design.channel_plan]\nband = \"custom\"\nbands_thz = [[195.0, 199.0]]\n",
    )
    .unwrap();
    let unknown_field = dir.path().join("unknown.toml");
    std::fs::write(&unknown_field, "length_km = 200\n[design]\nfibre = \"G.652.D\"\n").unwrap();
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        (vec!["--route", "nowhere"], &["unknown route", "sumgait-aktau"]),
        (vec!["--length-km", "-5"], &["--length-km", "[0.1, 20000] km"]),
        (vec!["--length-km", "0"], &["--length-km", "[0.1, 20000] km"]),
        (vec!["--route", "kuryk-buzovna", "--max-span-km", "200"], &["can bridge", "gain_max_db"]),
        (vec!["--route", "kuryk-buzovna", "--fiber", "G.999"], &["unknown fiber type", "G.652.D"]),
        (vec!["--route", "kuryk-buzovna", "--transceiver", "ZZZ"], &["unknown transceiver", "OpenZR+"]),
        (vec!["--route", "kuryk-buzovna", "--amplifier", "nope"], &["unknown amplifier"]),
        (vec!["--route", "kuryk-buzovna", "--max-span-km", "-1"], &["--max-span-km", "[1, 500] km"]),
        (vec!["--config", overlap.to_str().unwrap()], &["spacing_ghz", "overlap"]),
        (vec!["--config", too_many.to_str().unwrap()], &["channels", "1..=64"]),
        (vec!["--config", outside.to_str().unwrap()], &["bands_thz", "amplified range"]),
        (vec!["--config", unknown_field.to_str().unwrap()], &["unknown field", "fibre"]),
        (vec!["--route", "sumgait-aktau", "--launch-dbm", "10"], &["launch_power_dbm", "at most"]),
        (vec![], &["no route"]),
    ];
    for (args, needles) in cases {
        let mut full = vec!["fiber"];
        full.extend(&args);
        let (code, stdout, stderr) = satfiber(&full);
        assert_eq!(code, 2, "{args:?}: stdout {stdout} stderr {stderr}");
        for needle in needles {
            assert!(stderr.contains(needle), "{args:?}: {needle:?} not in {stderr}");
        }
    }
}

#[test]
fn list_routes() {
    let (code, stdout, _) = satfiber(&["fiber", "--list-routes", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("route,landing_a,landing_b,geodesic_km,cable_km\n"));
    assert_eq!(stdout.lines().count(), 4);
}

#[test]
fn diverse_routes_combine_availability() {
    let (code, stdout, stderr) =
        satfiber(&["fiber", "--route", "sumgait-aktau", "--diverse-route", "kuryk-buzovna", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let a = v["availability"].as_f64().unwrap();
    let b = v["diverse_route"]["availability"].as_f64().unwrap();
    let both = v["diverse_route"]["combined_availability"].as_f64().unwrap();
    assert!((both - (1.0 - (1.0 - a) * (1.0 - b))).abs() < 1e-15);
    assert!(both > a && both > b);
    let (code, _, stderr) = satfiber(&["fiber", "--route", "sumgait-aktau", "--diverse-route", "x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown route"));
}
