//! `satfiber fiber --designs FILE`: the Caspian comparison (golden), the chart, and bad input (exit code 2 with
//! the offending field named).

use std::process::Command;

fn satfiber(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_satfiber")).args(args).output().expect("run satfiber");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

const DESIGNS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/configs/fiber/caspian_designs.toml");

/// Exact output. Regenerate after an intended change with
/// `cargo run -- fiber --designs configs/fiber/caspian_designs.toml > tests/data/fiber_designs_caspian.txt`.
#[test]
fn golden_caspian_designs_and_chart() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("designs.svg");
    let (code, stdout, stderr) = satfiber(&["fiber", "--designs", DESIGNS, "--plot", svg.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, include_str!("data/fiber_designs_caspian.txt"));
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.contains("<svg") && chart.contains("capex"), "chart");
    // C+L doubles the capacity per pair and halves the pairs for 400 Tb/s.
    let row = |name: &str| stdout.lines().find(|l| l.starts_with(name)).unwrap().to_string();
    let pairs = |line: &str| line.split_whitespace().rev().nth(4).unwrap().parse::<u32>().unwrap();
    assert_eq!(pairs(&row("C repeatered, GN")), 2 * pairs(&row("C+L repeatered, SRS")));
}

fn bad(design_toml: &str, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.toml");
    std::fs::write(&file, design_toml).unwrap();
    let (code, _, stderr) = satfiber(&["fiber", "--designs", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{design_toml}: {stderr}");
    for e in expect {
        assert!(stderr.contains(e), "{design_toml}: expected {e:?} in {stderr}");
    }
}

/// Raman pumps and ROPA: each mistake named, exit code 2.
#[test]
fn bad_raman_and_ropa_designs_exit_2() {
    let unrepeatered = "route = 'sumgait-aktau'\n[[design]]\nname = 'u'\nfiber = 'PSCF-150'\n\
                        amplifier = 'preamp-NF5.5'\narchitecture = 'unrepeatered'\n";
    let with = |extra: &str| format!("{unrepeatered}{extra}\n");
    // A pump wavelength outside the Raman model (beyond the gain table's 42 THz from the lowest C+L channel).
    bad(
        &with(
            "channel_plan = { band = 'C+L' }\nraman_pumps = [{ wavelength_nm = 1300.0, power_mw = 500.0, direction = 'counter' }]",
        ),
        &["raman_pumps[0]", "Raman gain table"],
    );
    // A pump inside the signal band.
    bad(
        &with("raman_pumps = [{ frequency_thz = 195.0, power_mw = 500.0, direction = 'counter' }]"),
        &["raman_pumps[0].frequency_thz", "above the highest channel"],
    );
    bad(
        &with("raman_pumps = [{ wavelength_nm = 1455.0, power_mw = 9000.0, direction = 'counter' }]"),
        &["raman_pumps[0].power_mw"],
    );
    bad(
        &with("raman_pumps = [{ wavelength_nm = 1455.0, power_mw = 500.0, direction = 'sideways' }]"),
        &["direction", "design \"u\""],
    );
    // A ROPA without a pump in its band, and one the pump does not reach with enough power.
    bad(&with("raman_pumps = [{ wavelength_nm = 1425.0, power_mw = 500.0, direction = 'counter' }]\nropa = { distance_from_receiver_km = 100.0 }"), &["raman_pumps", "ROPA's pump band"]);
    bad(&with("raman_pumps = [{ wavelength_nm = 1480.0, power_mw = 20.0, direction = 'counter' }]\nropa = { distance_from_receiver_km = 150.0 }"), &["ropa", "distance_from_receiver_km", "pump_threshold_mw"]);
    bad(&with("raman_pumps = [{ wavelength_nm = 1480.0, power_mw = 1000.0, direction = 'counter' }]\nropa = { distance_from_receiver_km = 500.0 }"), &["distance_from_receiver_km", "inside the span"]);
    bad(
        "route = 'sumgait-aktau'\n[[design]]\nname = 'r'\nropa = { distance_from_receiver_km = 90.0 }\n",
        &["ropa", "unrepeatered"],
    );
    bad(&with("fiber_temperature_k = 20.0"), &["fiber_temperature_k"]);
    bad("route = 'sumgait-aktau'\n[[design]]\nname = 'r'\nbooster = 'booster-27dBm'\n", &["booster", "unrepeatered"]);
    bad(&with("booster = 'no-such-booster'"), &["no-such-booster", "known amplifiers"]);
}

#[test]
fn bad_designs_exit_2_naming_the_field() {
    bad("route = 'sumgait-aktau'\n[[design]]\nname = 'a'\nmax_span = 80\n", &["max_span", "design \"a\""]);
    bad("route = 'sumgait-aktau'\n[[design]]\nname = 'a'\n[[design]]\nname = 'a'\n", &["unique"]);
    bad("route = 'sumgait-aktau'\n", &["[[design]]"]);
    bad("[[design]]\nname = 'a'\n", &["no route"]);
    // Band overlap.
    bad(
        "route = 'sumgait-aktau'\n[[design]]\nname = 'a'\nchannel_plan = { band = 'custom', bands_thz = [[186.0, 192.0], [191.0, 196.0]] }\n",
        &["bands_thz", "overlap"],
    );
    // A gain beyond the amplifier: 200 km spans.
    bad("route = 'sumgait-aktau'\n[[design]]\nname = 'a'\nmax_span_km = 200\n", &["gain_max_db", "design \"a\""]);
    // Unknown NLI model.
    bad("route = 'sumgait-aktau'\n[[design]]\nname = 'a'\nnli_model = 'ssfm'\n", &["ssfm", "ggn_isrs", "design \"a\""]);
}

#[test]
fn bad_band_amplifiers_exit_2_naming_the_field() {
    let design = |extra: &str| {
        format!("route = 'sumgait-aktau'\n[[design]]\nname = 'cl'\nchannel_plan = {{ band = 'C+L' }}\n{extra}\n")
    };
    let both = "band_amplifiers = [{ amplifier = 'repeater-C-NF4.5' }, { amplifier = 'repeater-L-NF5' }]";
    bad(
        &design("band_amplifiers = [{ amplifier = 'repeater-C-NF4.5' }, { amplifier = 'repeater-C-NF4.5' }]"),
        &["design \"cl\"", "design.band_amplifiers[1]", "overlaps band_amplifiers[0]"],
    );
    bad(&design("band_amplifiers = [{ amplifier = 'repeater-C-NF4.5' }]"), &["band_amplifiers", "186.1375 THz"]);
    bad(
        &design("band_amplifiers = [{ amplifier = 'repeater-NF4.5' }, { amplifier = 'repeater-L-NF5' }]"),
        &["design.band_amplifiers[0]", "no band_thz"],
    );
    bad(
        &design(
            "band_amplifiers = [{ amplifier = 'repeater-C-NF4.5' }, { amplifier = 'repeater-L-NF5', tilt_db = 11 }]",
        ),
        &["design.band_amplifiers[1]", "tilt_db = 11", "[-10, 10] dB"],
    );
    bad(
        &design(&format!("max_span_km = 200\ngain_mode = 'equalized'\n{both}")),
        &["design.band_amplifiers[0]", "gain_max_db = 25", "191.3375 THz", "needs 31.19 dB"],
    );
    bad(
        &design(&format!("repeaters = 1\ngain_mode = 'power'\n{both}")),
        &["design.band_amplifiers[0]", "gain_max_db = 25", "31.19 dB ± |tilt_db|/2"],
    );
    bad(&design(&format!("launch_power_dbm = 1.5\n{both}")), &["launch_power_dbm", "0.94 dBm", "\"repeater-L-NF5\""]);
    bad(&design("band_amplifiers = [{ amplifier = 'repeater-C-NF4.5', gain_db = 3 }]"), &["gain_db", "design \"cl\""]);
}

#[test]
fn loss_table_must_cover_the_channels() {
    let dir = tempfile::tempdir().unwrap();
    let eq = dir.path().join("eq.toml");
    std::fs::write(
        &eq,
        "[[fiber]]\nname = 'short-table'\nloss_db_per_km = 0.17\nloss_table = [[191.0, 0.17], [194.0, 0.17]]\n\
         dispersion_ps_per_nm_km = 20.0\neffective_area_um2 = 125.0\n",
    )
    .unwrap();
    let (code, _, stderr) =
        satfiber(&["fiber", "--route", "sumgait-aktau", "--equipment", eq.to_str().unwrap(), "--fiber", "short-table"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("loss_table"), "{stderr}");
    std::fs::write(&eq, "[[fiber]]\nname = 'x'\nloss_db_per_km = 0.17\nloss_table = [[194.0, 0.17], [191.0, 0.17]]\ndispersion_ps_per_nm_km = 20.0\neffective_area_um2 = 125.0\n").unwrap();
    let (code, _, stderr) = satfiber(&["fiber", "--route", "sumgait-aktau", "--equipment", eq.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("loss_table[1] frequency_thz"), "{stderr}");
}
