//! Hardening regressions (issue 11): report folders never replace what the user did not ask to replace;
//! `-o` to a FIFO, a symbolic link or a device is written in place; the worst inputs run under a 2 GiB
//! address-space limit exit 2 with a message (never an allocation abort, 134); times outside 1957–2100 are
//! refused; Ctrl-C gives exit 130, "interrupted: nothing written" and no files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_satfiber"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().args(args).current_dir(dir).output().expect("runs the binary")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    names.sort();
    names
}

/// Address-space limit of the worst-case runs, KiB (2 GiB).
const MEMORY_LIMIT_KIB: u64 = 2 * 1024 * 1024;

/// Runs the binary with its address space limited (`ulimit -v` in a shell that then execs it).
fn run_limited(dir: &Path, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_satfiber"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs the binary under sh")
}

// ---------------------------------------------------------------------------------------------------------
// compare --out

#[test]
fn report_folder_with_user_files_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine");
    std::fs::create_dir_all(out.join("photos")).unwrap();
    std::fs::write(out.join("thesis.tex"), "years of work").unwrap();
    let scenario = repo("configs/caspian.toml");
    let o = run_in(dir.path(), &["compare", scenario.to_str().unwrap(), "--out", "mine"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("thesis.tex") && err.contains("photos") && err.contains("--force"), "{err}");
    assert!(o.stdout.is_empty(), "no table before the refusal");
    assert_eq!(std::fs::read_to_string(out.join("thesis.tex")).unwrap(), "years of work");
    assert_eq!(names(dir.path()), vec!["mine".to_string()]);
}

#[test]
fn report_never_replaces_the_working_folder_its_ancestors_root_or_the_scenario_folder() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::write(work.join("notes.txt"), "keep").unwrap();
    let scenario = repo("configs/caspian.toml");
    let scenario = scenario.to_str().unwrap();
    let configs = repo("configs");
    let work_abs = work.to_str().unwrap().to_string();
    for out in [".", "..", "/", work_abs.as_str(), configs.to_str().unwrap(), "../work/."] {
        for force in [false, true] {
            let mut args = vec!["compare", scenario, "--out", out];
            if force {
                args.push("--force");
            }
            let o = run_in(&work, &args);
            assert_eq!(o.status.code(), Some(2), "--out {out} (force {force}): {}", stderr(&o));
            assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
        }
    }
    assert_eq!(std::fs::read_to_string(work.join("notes.txt")).unwrap(), "keep");
    assert!(repo("configs/caspian.toml").exists() && repo("configs/equipment").is_dir());
}

#[test]
fn previous_report_is_replaced_other_folders_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = repo("configs/caspian.toml");
    let scenario = scenario.to_str().unwrap();
    let out = dir.path().join("out");
    let o = run_in(dir.path(), &["compare", scenario, "--out", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join(".satfiber-report").is_file() && out.join("report.html").is_file());
    // A previous report: replaced.
    let o = run_in(dir.path(), &["compare", scenario, "--out", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A file added to the report folder makes it the user's: refused, then replaced only with --force.
    std::fs::write(out.join("my-notes.md"), "mine").unwrap();
    let o = run_in(dir.path(), &["compare", scenario, "--out", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("my-notes.md"), "{}", stderr(&o));
    assert!(out.join("my-notes.md").exists());
    let o = run_in(dir.path(), &["compare", scenario, "--out", "out", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("my-notes.md").exists() && out.join("report.html").is_file());
    assert_eq!(names(dir.path()), vec!["out".to_string()], "no staging or old folder left");
}

// ---------------------------------------------------------------------------------------------------------
// -o to special files

const PROPAGATE: [&str; 9] =
    ["propagate", "--sat", "25544", "--start", "2026-09-07", "--duration", "10m", "--format", "csv"];

#[cfg(unix)]
#[test]
fn output_to_a_fifo_reaches_the_reader_and_the_fifo_stays() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read(reader_path).unwrap());
    let mut args = PROPAGATE.to_vec();
    args.extend(["-o", "pipe"]);
    let o = run_in(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = reader.join().unwrap();
    assert!(String::from_utf8(bytes).unwrap().starts_with("time_utc,name,norad_id,"), "the reader got the table");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names(dir.path()), vec!["pipe".to_string()]);
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_writes_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/table.csv"), "old").unwrap();
    std::os::unix::fs::symlink("data/table.csv", dir.path().join("link.csv")).unwrap();
    let mut args = PROPAGATE.to_vec();
    args.extend(["-o", "link.csv"]);
    let o = run_in(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(dir.path().join("link.csv")).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(dir.path().join("data/table.csv")).unwrap().starts_with("time_utc,name,norad_id,"));
    assert_eq!(names(&dir.path().join("data")), vec!["table.csv".to_string()]);
}

#[cfg(unix)]
#[test]
fn output_to_a_character_device_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("null");
    // The null device's numbers (1, 3), made in the temp folder: never the machine's /dev/null.
    let made = Command::new("mknod").arg(&device).args(["c", "1", "3"]).stderr(Stdio::null()).status();
    if !matches!(made, Ok(s) if s.success()) || std::fs::OpenOptions::new().write(true).open(&device).is_err() {
        eprintln!("skipping: mknod of a character device is not permitted here (needs root and a dev-capable mount)");
        return;
    }
    let mut args = PROPAGATE.to_vec();
    args.extend(["-o", "null"]);
    let o = run_in(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&device).unwrap().file_type().is_char_device(), "still a device");
    assert_eq!(names(dir.path()), vec!["null".to_string()]);
}

// ---------------------------------------------------------------------------------------------------------
// Worst cases under a memory limit, and the supported time range

#[cfg(unix)]
#[test]
fn worst_inputs_under_a_memory_limit_exit_2_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    // A LEO option of 100,000 satellites × 240 h at 1 s steps, every value in its documented range.
    let scenario = std::fs::read_to_string(repo("configs/caspian.toml")).unwrap();
    let huge = scenario
        .replace(
            "walker = { planes = 18, satellites_per_plane = 36,",
            "walker = { planes = 1000, satellites_per_plane = 100,",
        )
        .replace("analysis_hours = 6.0\nstep_s = 60.0", "analysis_hours = 240.0\nstep_s = 1.0");
    assert_ne!(huge, scenario, "the scenario edit applied");
    std::fs::write(dir.path().join("huge.toml"), huge).unwrap();
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        (
            vec!["sun-outage", "--sat", "TURKSAT 4A", "--station", "Ankara", "--beamwidth-deg", "1"]
                .into_iter()
                .chain(["--start", "2026-09-07T00:00:00Z", "--duration", "36500d"])
                .collect(),
            &["--start + --duration", "outside the supported range 1957-01-01 to 2100-12-31"],
        ),
        (
            vec!["windows", "--sat", "25544", "--station", "Baku", "--start", "0001-01-01", "--end", "9999-12-31"],
            &["--start", "0001-01-01", "outside the supported range"],
        ),
        (
            vec!["eclipse", "--sat", "25544", "--start", "0001-01-01", "--end", "9999-12-31"],
            &["--start", "outside the supported range"],
        ),
        (
            vec!["link-map", "--sat", "KazSat-3", "--bbox", "50,40,60,45", "--grid-deg", "1e-300"],
            &["--grid-deg", "1e-300", "[0.01, 10] deg"],
        ),
        (vec!["compare", "huge.toml"], &["GiB", "100000 satellites x 864001 steps", "option.step_s"]),
        (
            vec![
                "propagate",
                "--sat",
                "AZERSPACE 1",
                "--start",
                "2026-09-07",
                "--end",
                "2426-09-07",
                "--step",
                "36500d",
            ],
            &["--end", "2426-09-07", "outside the supported range"],
        ),
        (
            vec!["propagate", "--sat", "25544", "--start", "2026-09-07", "--duration", "400d", "--step", "1s"],
            &["34560001 rows", "GiB", "--step"],
        ),
        (vec!["coverage", "--bbox=-180,60,180,90", "--grid-deg", "7", "--start", "2026-09-07"], &["beyond the pole"]),
        (vec!["coverage", "--bbox", "0,0,1e-9,1e-9", "--grid-deg", "2", "--start", "2026-09-07"], &["outside it"]),
    ];
    for (args, needles) in cases {
        let o = run_limited(dir.path(), &args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        for needle in needles {
            assert!(err.contains(needle), "{args:?}: {needle:?} not in {err}");
        }
        assert!(o.stdout.is_empty(), "{args:?} printed a result");
    }
}

#[test]
fn tle_age_is_checked_for_link_geometry() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["link", "--sat", "Turksat 4A", "--band", "ku", "--station", "Ankara", "--geometry", "tle", "--at"];
    let mut args = base.to_vec();
    args.push("2027-09-07T12:00:00Z");
    let o = run_in(dir.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("TURKSAT 4A") && stderr(&o).contains("days before the requested time 2027-09-07T12:00:00Z"),
        "{}",
        stderr(&o)
    );
    let mut args = base.to_vec();
    args.push("9999-12-31T23:59:59Z");
    let o = run_in(dir.path(), &args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--at") && stderr(&o).contains("outside the supported range"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------------------
// Ctrl-C

/// Sends SIGINT after `wait_ms` and returns the output; `None` when the run ended before the signal.
#[cfg(unix)]
fn interrupt_after(dir: &Path, args: &[&str], wait_ms: u64) -> Option<Output> {
    let child = bin().args(args).current_dir(dir).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(wait_ms));
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    if !sent.success() || out.status.code() == Some(0) {
        return None;
    }
    Some(out)
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_130_with_one_message_and_no_files() {
    // Long runs: 69 years of GEO sun outages, 40 years of ISS windows, each to a file (seconds of work even on
    // the fast deep-space path; the signal is tried early first).
    let runs: [&[&str]; 2] = [
        &["sun-outage", "--sat", "AZERSPACE 1", "--station", "Baku", "--beamwidth-deg", "1", "--start", "2030-01-01"],
        &["windows", "--sat", "25544", "--station", "Baku", "--station", "Ankara", "--start", "2030-01-01"],
    ];
    let tails: [&[&str]; 2] = [&["--duration", "25200d", "-o", "out.csv"], &["--duration", "14600d", "-o", "out.csv"]];
    for (run, tail) in runs.iter().zip(tails) {
        let dir = tempfile::tempdir().unwrap();
        let args: Vec<&str> = run.iter().chain(tail).copied().collect();
        let out = [300, 1000, 3000].iter().find_map(|&ms| interrupt_after(dir.path(), &args, ms));
        let out = out.expect("the run was still going when interrupted");
        assert_eq!(out.status.code(), Some(130), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("interrupted: nothing written"), "{}", stderr(&out));
        assert!(names(dir.path()).is_empty(), "{args:?} left {:?}", names(dir.path()));
    }
}

// ---------------------------------------------------------------------------------------------------------
// Bad element sets and input sizes

const ISS_TLE: &str = "ISS (ZARYA)\n1 25544U 98067A   26249.46623009  .00004151  00000+0  83451-4 0  9998\n2 25544  51.6308 257.8166 0005026 113.2307 246.9211 15.49006161584353\n";
/// The ISS elements with a B* of 0.5: SGP4 has it below the surface within a day.
const DECAYING_TLE: &str = "DECAYING\n1 99999U 98067A   26249.46623009  .00004151  00000+0  50000-0 0  9998\n2 99999  51.6308 257.8166 0005026 113.2307 246.9211 15.49006161584353\n";

#[test]
fn a_decayed_set_is_reported_and_skipped_and_fatal_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("two.tle"), format!("{ISS_TLE}{DECAYING_TLE}")).unwrap();
    let base = ["--tle", "two.tle", "--no-checksum", "--start", "2026-09-07", "--duration", "3d", "--format", "csv"];
    for command in [
        &["windows", "--station", "Baku"][..],
        &["eclipse"],
        &["sun-outage", "--station", "Baku", "--beamwidth-deg", "1"],
    ] {
        let args: Vec<&str> = command.iter().chain(&base).copied().collect();
        let o = run_in(dir.path(), &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("warning: skipped: DECAYING (NORAD 99999)") && err.contains("--strict"),
            "{args:?}: {err}"
        );
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        if command[0] != "sun-outage" {
            assert!(out.contains("ISS (ZARYA)"), "{args:?}: the other satellite's results are kept: {out}");
        }
        let mut strict = args.clone();
        strict.push("--strict");
        let o = run_in(dir.path(), &strict);
        assert_eq!(o.status.code(), Some(1), "{strict:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("decayed") && o.stdout.is_empty(), "{}", stderr(&o));
    }
}

#[test]
fn tle_check_lists_twenty_problems_then_a_count_and_still_writes_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = ISS_TLE.to_string();
    for k in 0..30 {
        // Line 2 with a bad inclination field: one bad record each.
        text.push_str(&format!("BAD {k}\n1 {:05}U 98067A   26249.46623009  .00004151  00000+0  83451-4 0  9998\n2 {:05} 5x.6308 257.8166 0005026 113.2307 246.9211 15.49006161584353\n", 50000 + k, 50000 + k));
    }
    std::fs::write(dir.path().join("many.tle"), text).unwrap();
    let o =
        run_in(dir.path(), &["tle", "check", "many.tle", "--no-checksum", "--at", "2026-09-07", "-o", "summary.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    let listed = err.lines().filter(|l| l.starts_with("  ") && !l.contains("... and")).count();
    assert_eq!(listed, 20, "{err}");
    assert!(err.contains("  ... and 10 more") && err.contains("30 bad records"), "{err}");
    let summary = std::fs::read_to_string(dir.path().join("summary.txt")).unwrap();
    assert!(summary.contains("ISS (ZARYA)"), "the valid sets' summary is written: {summary}");
}

#[cfg(unix)]
#[test]
fn endless_inputs_are_capped_fast() {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let o = run_limited(dir.path(), &["windows", "--tle", "/dev/zero", "--station", "Baku", "--start", "2026-09-07"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("256 MiB"), "{}", stderr(&o));
    let o = run_limited(dir.path(), &["compare", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("16 MiB"), "{}", stderr(&o));
    let o = run_limited(dir.path(), &["windows", "--stations-file", "/dev/zero", "--station", "Baku"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("16 MiB"), "{}", stderr(&o));
    assert!(started.elapsed().as_secs() < 60, "took {:?}", started.elapsed());
}
