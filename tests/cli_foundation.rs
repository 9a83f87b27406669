//! The foundation's command line run as a user runs it: `satfiber tle check` and `satfiber propagate`.
//!
//! Golden tests check exact output on fixed times; bad-input tests check that every malformed file or flag
//! gives a clear message naming file, line, column and field, exit code 2, and never a panic.

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

/// The ISS element set of tle/ots.tle.
const ISS: &str = "ISS (ZARYA)
1 25544U 98067A   26249.46623009  .00004151  00000+0  83451-4 0  9998
2 25544  51.6308 257.8166 0005026 113.2307 246.9211 15.49006161584353
";

/// The first three satellites of the bundled catalog (two GEO, one LEO) as a file.
fn bundled_head(lines: usize) -> String {
    satfiber::DEFAULT_CATALOG_TLE.lines().take(lines).map(|l| format!("{l}\n")).collect()
}

/// Replaces columns `first..=last` (1-based) of 1-based line `line_no` and fixes that line's checksum.
fn edit(text: &str, line_no: usize, first: usize, replacement: &str, fix_checksum: bool) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let line = &mut lines[line_no - 1];
    line.replace_range(first - 1..first - 1 + replacement.len(), replacement);
    if fix_checksum && line.len() >= 69 {
        let sum = tle_checksum(line);
        line.replace_range(68..69, &sum.to_string());
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn tle_check_golden() {
    let run = satfiber(&["tle", "check", "--at", "2026-09-07T00:00:00Z"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = "\
name                      norad_id  epoch                 age_days  class  period_min  perigee_km  apogee_km  inclination_deg  eccentricity  geo_longitude_deg
AZERSPACE 1                  39079  2026-09-06T23:27:27Z      0.02  GEO       1436.11     35780.8    35793.0           0.0207     0.0001445              45.99
AZERSPACE 2 (IS-38)          43632  2026-09-07T05:39:38Z     -0.24  GEO       1436.13     35781.3    35793.3           0.0231     0.0001423              45.10
SPOT 7                       40053  2026-09-06T04:51:27Z      0.80  LEO         98.56       689.0      690.8          98.0555     0.0001331
TURKSAT 3A                   33056  2026-09-06T19:16:06Z      0.20  GEO       1436.13     35768.1    35806.5           0.0317     0.0004553              42.01
TURKSAT 4A                   39522  2026-09-07T02:22:37Z     -0.10  GEO       1436.10     35771.3    35802.1           0.0681     0.0003644              42.02
TURKSAT 4B                   40984  2026-09-07T00:42:17Z     -0.03  GEO       1436.11     35777.8    35795.8           0.0262     0.0002132              49.98
TURKSAT 5A                   47306  2026-09-07T07:00:38Z     -0.29  GEO       1436.12     35786.4    35787.7           0.0133     0.0000163              30.93
TURKSAT 5B                   50212  2026-09-07T02:22:37Z     -0.10  GEO       1436.14     35779.6    35795.3           0.0745     0.0001858              42.01
TURKSAT 6A                   60233  2026-09-06T19:16:06Z      0.20  GEO       1436.15     35769.9    35805.6           0.0446     0.0004233              42.05
KAZSAT-2                     37749  2026-09-07T02:35:21Z     -0.11  GEO       1436.13     35779.3    35795.4           0.0145     0.0001903              86.49
KAZSAT-3                     39728  2026-09-07T00:44:47Z     -0.03  GEO       1436.10     35784.9    35788.4           0.0160     0.0000415              58.51
TURKMENALEM52E/MONACOSAT     40617  2026-09-07T04:08:12Z     -0.17  GEO       1436.16     35776.2    35799.7           0.0157     0.0002790              51.99
GOKTURK 1A                   41875  2026-09-06T04:00:57Z      0.83  LEO         98.44       683.2      685.4          98.1547     0.0001570
GOKTURK 2                    39030  2026-09-06T04:23:56Z      0.82  LEO         97.59       641.7      644.8          97.6800     0.0002197
IMECE                        56178  2026-09-10T22:57:27Z     -3.96  LEO         98.23       668.4      680.0          98.1119     0.0008254
RASAT                        37791  2026-09-06T05:07:54Z      0.79  LEO         98.08       653.1      680.4          98.0557     0.0019349
KAZEOSAT 1                   39731  2026-09-06T04:52:43Z      0.80  LEO         99.86       750.7      752.7          98.3142     0.0001389
KAZEOSAT 2                   40010  2026-09-06T04:40:40Z      0.81  LEO         96.93       604.8      618.9          97.5379     0.0010035
KAZSTSAT                     43783  2026-09-06T00:25:01Z      0.98  LEO         96.00       558.3      575.5          97.4215     0.0012339
ISS (ZARYA)                  25544  2026-09-06T11:11:22Z      0.53  LEO         92.96       416.2      423.1          51.6308     0.0005026
";
    assert_eq!(run.stdout, expected);
    assert_eq!(run.stderr, "tle/ots.tle: 20 element sets valid, 0 skipped\n");
    // The GEO longitudes are the published slots (tle/README.md): Azerspace-1 46.0E, Azerspace-2 45.1E,
    // Turksat 4A 42.0E, 4B 50.0E, 5A 31.0E, KazSat-2 86.5E, KazSat-3 58.5E.
}

#[test]
fn propagate_geodetic_golden() {
    let run = satfiber(&[
        "propagate",
        "--sat",
        "25544",
        "--sat",
        "AZERSPACE 1",
        "--start",
        "2026-09-07T00:00:00Z",
        "--duration",
        "20m",
        "--step",
        "10m",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\
time_utc                  name         norad_id  latitude_deg  longitude_deg   altitude_km
2026-09-07T00:00:00.000Z  AZERSPACE 1     39079     -0.039272      45.990175  35791.790574
2026-09-07T00:10:00.000Z  AZERSPACE 1     39079     -0.039955      45.989533  35791.661519
2026-09-07T00:20:00.000Z  AZERSPACE 1     39079     -0.040562      45.988907  35791.522324
2026-09-07T00:00:00.000Z  ISS (ZARYA)     25544     50.972725      12.848433    422.211103
2026-09-07T00:10:00.000Z  ISS (ZARYA)     25544     32.142233      56.897313    418.345303
2026-09-07T00:20:00.000Z  ISS (ZARYA)     25544      2.917241      81.705632    418.365945
"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn propagate_look_angles_with_doppler_golden() {
    let run = satfiber(&[
        "propagate",
        "--sat",
        "AZERSPACE 1",
        "--frame",
        "look",
        "--station",
        "Baku",
        "--frequency-ghz",
        "12",
        "--dut1-s",
        "0.2",
        "--start",
        "2026-09-07T00:00:00Z",
        "--duration",
        "1h",
        "--step",
        "30m",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = "\
time_utc,name,norad_id,station,azimuth_deg,elevation_deg,range_km,range_rate_km_s,doppler_hz
2026-09-07T00:00:00.000Z,AZERSPACE 1,39079,Baku,185.969216,43.084267,37548.256980,-0.000103088,4.126
2026-09-07T00:30:00.000Z,AZERSPACE 1,39079,Baku,185.971872,43.082007,37548.001050,-0.000184167,7.372
2026-09-07T01:00:00.000Z,AZERSPACE 1,39079,Baku,185.974362,43.080524,37547.602033,-0.000262188,10.495
";
    assert_eq!(run.stdout, expected);
    // Doppler is −f·ṙ/c for every row: check the printed columns against each other.
    for line in run.stdout.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let range_rate_km_s: f64 = fields[7].parse().unwrap();
        let doppler_hz: f64 = fields[8].parse().unwrap();
        let expected_hz = -12e9 * range_rate_km_s / 299_792.458;
        assert!((doppler_hz - expected_hz).abs() < 0.01, "{line}");
    }
}

#[test]
fn dut1_turns_the_earth() {
    // With UT1 later by dUT1, the Earth has turned further east, so the sub-satellite longitude is smaller by
    // ω_E·dUT1 (ω_E = 360°/sidereal day of 86164.0905 s); latitude and altitude do not change.
    let longitude = |dut1: &str| -> Vec<f64> {
        let run = satfiber(&[
            "propagate",
            "--sat",
            "ISS*",
            "--start",
            "2026-09-07T00:00:00Z",
            "--duration",
            "30m",
            "--step",
            "15m",
            "--format",
            "csv",
            "--dut1-s",
            dut1,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout.lines().skip(1).map(|l| l.split(',').nth(4).unwrap().parse().unwrap()).collect()
    };
    let (zero, shifted) = (longitude("0"), longitude("0.5"));
    assert_eq!(zero.len(), 3);
    let expected_shift_deg = -0.5 * 360.0 / 86_164.090_5;
    for (a, b) in zero.iter().zip(&shifted) {
        assert!((b - a - expected_shift_deg).abs() < 2e-6, "{a} -> {b}");
    }
    let run = satfiber(&["propagate", "--dut1-s", "1.5", "--start", "2026-09-07T00:00:00Z", "--duration", "0s"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--dut1-s 1.5 is outside [-1, 1] s"), "{}", run.stderr);
}

#[test]
fn teme_frame_and_json_output() {
    let run = satfiber(&[
        "propagate",
        "--sat",
        "ISS (ZARYA)",
        "--frame",
        "teme",
        "--start",
        "2026-09-07T00:00:00Z",
        "--duration",
        "0s",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let row = &value[0];
    // Same instant as the first ISS row of tests/data/skyfield_frames.csv (python-sgp4 TEME position).
    assert!((row["x_km"].as_f64().unwrap() - 4289.510031551).abs() < 1e-6);
    assert!((row["y_km"].as_f64().unwrap() + 79.705080351).abs() < 1e-6);
    assert!((row["z_km"].as_f64().unwrap() - 5259.627675766).abs() < 1e-6);
    assert_eq!(row["norad_id"], 25544);
}

#[test]
fn tle_age_warning() {
    let args = ["propagate", "--sat", "25544", "--start", "2026-10-07T00:00:00Z", "--duration", "0s"];
    let run = satfiber(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "warning: ISS (ZARYA) (NORAD 25544): element-set epoch 2026-09-06T11:11:22Z is 30.5 days before the \
         requested time 2026-10-07T00:00:00Z (more than --max-age-days 14); TLE accuracy decays with age\n"
    );
    let mut quiet = args.to_vec();
    quiet.extend(["--max-age-days", "31"]);
    assert_eq!(satfiber(&quiet).stderr, "");
}

#[test]
fn alpha5_catalog_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let text = ISS.replace("25544", "A2544").replace("ISS (ZARYA)", "ALPHA FIVE");
    let text = edit(&edit(&text, 2, 3, "A2544", true), 3, 3, "A2544", true);
    let path = write(dir.path(), "alpha5.tle", text.as_bytes());
    let run = satfiber(&["tle", "check", p(&path), "--at", "2026-09-07T00:00:00Z", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\nALPHA FIVE,102544,2026-09-06T11:11:22Z,"), "{}", run.stdout);
    for selector in ["102544", "A2544"] {
        let run = satfiber(&[
            "propagate",
            "--tle",
            p(&path),
            "--sat",
            selector,
            "--start",
            "2026-09-07T00:00:00Z",
            "--duration",
            "0s",
            "--format",
            "csv",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(",ALPHA FIVE,102544,50.97"), "{}", run.stdout);
    }
}

#[test]
fn omm_xml_and_csv_propagate_like_the_tle() {
    // The ISS element set above written as CelesTrak OMM XML and CSV: the same ephemeris comes out.
    let dir = tempfile::tempdir().unwrap();
    let epoch = "2026-09-06T11:11:22.279776";
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ndm><omm id="CCSDS_OMM_VERS" version="2.0"><header><CREATION_DATE/><ORIGINATOR/></header><body><segment>
<metadata><OBJECT_NAME>ISS (ZARYA)</OBJECT_NAME><OBJECT_ID>1998-067A</OBJECT_ID><CENTER_NAME>EARTH</CENTER_NAME>
<REF_FRAME>TEME</REF_FRAME><TIME_SYSTEM>UTC</TIME_SYSTEM><MEAN_ELEMENT_THEORY>SGP4</MEAN_ELEMENT_THEORY></metadata>
<data><meanElements><EPOCH>{epoch}</EPOCH><MEAN_MOTION>15.49006161</MEAN_MOTION><ECCENTRICITY>.0005026</ECCENTRICITY>
<INCLINATION>51.6308</INCLINATION><RA_OF_ASC_NODE>257.8166</RA_OF_ASC_NODE><ARG_OF_PERICENTER>113.2307</ARG_OF_PERICENTER>
<MEAN_ANOMALY>246.9211</MEAN_ANOMALY></meanElements><tleParameters><EPHEMERIS_TYPE>0</EPHEMERIS_TYPE>
<CLASSIFICATION_TYPE>U</CLASSIFICATION_TYPE><NORAD_CAT_ID>25544</NORAD_CAT_ID><ELEMENT_SET_NO>999</ELEMENT_SET_NO>
<REV_AT_EPOCH>58435</REV_AT_EPOCH><BSTAR>.000083451</BSTAR><MEAN_MOTION_DOT>.00004151</MEAN_MOTION_DOT>
<MEAN_MOTION_DDOT>0</MEAN_MOTION_DDOT></tleParameters></data></segment></body></omm></ndm>
"#
    );
    let csv = format!(
        "OBJECT_NAME,OBJECT_ID,EPOCH,MEAN_MOTION,ECCENTRICITY,INCLINATION,RA_OF_ASC_NODE,ARG_OF_PERICENTER,\
         MEAN_ANOMALY,EPHEMERIS_TYPE,CLASSIFICATION_TYPE,NORAD_CAT_ID,ELEMENT_SET_NO,REV_AT_EPOCH,BSTAR,\
         MEAN_MOTION_DOT,MEAN_MOTION_DDOT\nISS (ZARYA),1998-067A,{epoch},15.49006161,.0005026,51.6308,257.8166,\
         113.2307,246.9211,0,U,25544,999,58435,.000083451,.00004151,0\n"
    );
    let tle = write(dir.path(), "iss.tle", ISS.as_bytes());
    let xml = write(dir.path(), "iss.xml", xml.as_bytes());
    let csv = write(dir.path(), "iss.csv", csv.as_bytes());
    let ephemeris = |path: &Path| {
        let run = satfiber(&[
            "propagate",
            "--tle",
            p(path),
            "--frame",
            "teme",
            "--start",
            "2026-09-07T00:00:00Z",
            "--duration",
            "3h",
            "--step",
            "1h",
            "--format",
            "csv",
        ]);
        assert_eq!(run.code, 0, "{}: {}", path.display(), run.stderr);
        run.stdout
    };
    let reference = ephemeris(&tle);
    assert_eq!(reference.lines().count(), 5);
    assert_eq!(ephemeris(&xml), reference);
    assert_eq!(ephemeris(&csv), reference);
}

#[test]
fn one_bad_set_is_skipped_with_a_warning_and_fatal_when_strict() {
    let dir = tempfile::tempdir().unwrap();
    // Third satellite (SPOT 7, lines 7-9): a letter in the inclination, checksum fixed so only the field is bad.
    let text = edit(&bundled_head(12), 9, 11, "X", true);
    let path = write(dir.path(), "one_bad.tle", text.as_bytes());
    let location = format!("{}:9:9: inclination: \" 9X.0555\" is not a number", p(&path));
    let args =
        ["propagate", "--tle", p(&path), "--start", "2026-09-07T00:00:00Z", "--duration", "0s", "--format", "csv"];
    let run = satfiber(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 4, "three good satellites: {}", run.stdout);
    assert!(run.stderr.starts_with(&format!("warning: skipped: {location}")), "{}", run.stderr);
    let mut strict = args.to_vec();
    strict.push("--strict");
    let run = satfiber(&strict);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.starts_with(&format!("error: {location}")), "{}", run.stderr);
    // `tle check` reports the skipped set and exits 2.
    let run = satfiber(&["tle", "check", p(&path), "--at", "2026-09-07T00:00:00Z"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("3 element sets valid, 1 skipped"), "{}", run.stderr);
    assert!(run.stderr.contains(&location), "{}", run.stderr);
}

/// Each bad input: file contents, and the text the error must contain (`{}` = the file's path).
#[test]
fn bad_files_give_located_errors_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = bundled_head(3);
    let lines: Vec<&str> = good.lines().collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            format!("{}\n{}\n{}\n", lines[0], lines[1], &lines[2][..50]).into_bytes(),
            "{}:3:51: line: line 2 is truncated: 50 characters; expected 69 characters",
        ),
        (
            "checksum",
            edit(&good, 2, 69, "8", false).into_bytes(),
            "{}:2:69: checksum: found '8', computed 7; expected the mod-10 sum of columns 1-68 (use --no-checksum to \
             skip this check)",
        ),
        (
            "letter_in_eccentricity",
            edit(&good, 3, 30, "O", true).into_bytes(),
            "{}:3:27: eccentricity: \"000O445\" is not digits",
        ),
        (
            "letter_in_mean_motion",
            edit(&good, 3, 55, "l", true).into_bytes(),
            "{}:3:53: mean motion: \" 1l00270783\" is not a number",
        ),
        (
            "letter_in_bstar",
            edit(&good, 2, 55, "O", true).into_bytes(),
            "{}:2:54: B* drag term: \" O0000+0\" has a bad mantissa",
        ),
        (
            "line_2_before_line_1",
            format!("{}\n{}\n{}\n", lines[0], lines[2], lines[1]).into_bytes(),
            "{}:2:1: line number: TLE line 2 without a preceding line 1; expected line 1 (starting \"1 \") before \
             line 2",
        ),
        (
            "mismatched_numbers",
            edit(&good, 3, 3, "39078", true).into_bytes(),
            "{}:3:3: catalog number: line 2 has 39078 but line 1 has 39079; expected the same catalog number on both \
             lines",
        ),
        ("empty", Vec::new(), "{}: holds no element sets; expected 2-line or 3-line TLEs, or OMM JSON/CSV/XML"),
        ("blank", b"\n  \n\t\n".to_vec(), "{}: holds no element sets"),
        (
            "binary_garbage",
            vec![0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xa0, 0x12, 0x0a, 0x00],
            "{}:1:11: not UTF-8 text (invalid byte 0xa0 at byte offset 10)",
        ),
        (
            "control_characters",
            b"\x00\x01\x02\x03garbage\n".to_vec(),
            "{}:1:1: line: \"\\0\\u{1}\\u{2}\\u{3}garbage\" is not followed by a TLE",
        ),
        (
            "latin1_name",
            [b"T\xdcRKSAT 4A\n".as_slice(), lines[1].as_bytes(), b"\n", lines[2].as_bytes(), b"\n"].concat(),
            "{}:1:2: not UTF-8 text (invalid byte 0xdc at byte offset 1); expected a TLE or OMM text file",
        ),
        (
            "name_without_tle",
            format!("{good}DANGLING NAME\n").into_bytes(),
            "{}:4:1: line: \"DANGLING NAME\" is not followed by a TLE",
        ),
        (
            "json_missing_keyword",
            br#"[{"OBJECT_NAME": "X", "EPOCH": "2026-09-07T00:00:00", "MEAN_MOTION": 15.5}]"#.to_vec(),
            "{}:1: ECCENTRICITY: missing; expected every OMM mean-element keyword",
        ),
        ("json_syntax", b"[{\"OBJECT_NAME\": \"X\",\n  oops}]".to_vec(), "{}:2"),
    ];
    for (name, bytes, expected) in cases {
        let path = write(dir.path(), &format!("{name}.tle"), &bytes);
        let expected = expected.replace("{}", p(&path));
        let mut runs = vec![vec!["tle", "check", p(&path)]];
        // A stray name beside a good set is skipped with a warning by propagate (tested above); the rest are fatal.
        if name != "name_without_tle" {
            runs.push(vec!["propagate", "--tle", p(&path), "--start", "2026-09-07T00:00:00Z", "--duration", "0s"]);
        }
        for args in runs {
            let run = satfiber(&args);
            assert_eq!(run.code, 2, "{name}: {args:?}: {}", run.stderr);
            assert!(run.stderr.contains(&expected), "{name}: expected {expected:?} in:\n{}", run.stderr);
        }
    }
}

#[test]
fn missing_file_and_bad_flags_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.tle");
    let run = satfiber(&["tle", "check", p(&missing)]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, format!("error: cannot read {}: No such file or directory (os error 2)\n", p(&missing)));

    let base = ["propagate", "--sat", "25544", "--start", "2026-09-07T00:00:00Z"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--end", "2026-09-06T00:00:00Z"], "error: --end is before --start\n  caused by: end time"),
        (
            vec!["--duration", "1h", "--step", "0s"],
            "error: --step 0s\n  caused by: time step must be positive, got 0 s",
        ),
        (
            vec!["--duration", "1h", "--step=-5m"],
            "error: --step -5m\n  caused by: time step must be positive, got -300 s",
        ),
        (vec!["--duration", "1h", "--step", "fast"], "invalid duration \"fast\""),
        (vec!["--duration", "soon"], "invalid duration \"soon\""),
        (vec!["--end", "2026-13-01"], "invalid time \"2026-13-01\""),
        (vec!["--sat", "NO SUCH SAT"], "no satellite in tle/ots.tle matches \"NO SUCH SAT\""),
        (vec!["--frame", "look"], "--frame look needs --station"),
        (vec!["--frame", "look", "--station", "Atlantis"], "Atlantis"),
        (vec!["--frequency-ghz", "0"], "--frequency-ghz 0 is outside (0, 1000] GHz"),
        (vec!["--max-age-days", "0"], "0: expected a finite number in [0.001, 36525] days"),
    ];
    for (extra, expected) in cases {
        let mut args = base.to_vec();
        args.extend(&extra);
        let run = satfiber(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: expected {expected:?} in:\n{}", run.stderr);
    }
    let run = satfiber(&["propagate", "--start", "yesterday"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid time \"yesterday\""), "{}", run.stderr);
}

#[test]
fn decay_is_a_runtime_error_naming_satellite_and_time() {
    // Vallado's case 28872 (MINOTAUR R/B) has its perigee 49 km below the surface at epoch: refused as input.
    let dir = tempfile::tempdir().unwrap();
    let text = "MINOTAUR R/B\n\
                1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534\n\
                2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708\n";
    let path = write(dir.path(), "below.tle", text.as_bytes());
    let run = satfiber(&["propagate", "--tle", p(&path), "--start", "2005-11-29T00:30:00Z", "--strict"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("below.tle:3:27: eccentricity: perigee -48.6 km is below the Earth's surface"),
        "{}",
        run.stderr
    );
    // The same object on a circular 190 km orbit with B* 0.1: above the surface at epoch, decays 121 min later.
    let text = "MINOTAUR R/B\n\
                1 28872U 05037B   05333.02012661  .25992681  00000-0  99999-1 0  1534\n\
                2 28872  96.4736 157.9986 0010000 244.0492 110.6523 16.30000000 10701\n";
    let path = write(dir.path(), "decay.tle", text.as_bytes());
    let run = satfiber(&[
        "propagate",
        "--tle",
        p(&path),
        "--start",
        "2005-11-29T00:30:00Z",
        "--duration",
        "3h",
        "--step",
        "10m",
        "--format",
        "csv",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: MINOTAUR R/B (NORAD 28872) at 2005-11-29T02:30:00.000Z (121.018 min from epoch): decayed"
        ),
        "{}",
        run.stderr
    );
}
