//! A sharded coverage run on a real Slurm cluster: deploy/slurm/coverage.sbatch submits an array job (one
//! `coverage --shard env` per task) and a dependent merge job; the merged CSV must equal the single run's.
//!
//! Needs a running cluster (`.ci/slurm.sh` starts a single-node one: slurm-wlm + munge). Without one the test
//! skips with the reason, unless CI=true, where it fails with it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUN: &str = "--region Azerbaijan --walker 50/5/1:550:53 --start 2026-09-07 --duration 12h --grid-deg 0.5";
const SHARDS: usize = 4;

fn ci() -> bool {
    std::env::var("CI").map(|v| v == "true" || v == "1").unwrap_or(false)
}

/// `None` when a Slurm controller answers, else why not.
fn slurm_unavailable() -> Option<String> {
    match Command::new("scontrol").arg("ping").output() {
        Err(e) => Some(format!("scontrol cannot run ({e}): Slurm is not installed")),
        Ok(out) if !String::from_utf8_lossy(&out.stdout).contains("is UP") => Some(format!(
            "scontrol ping: no controller is up ({}{}); start one with .ci/slurm.sh",
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Ok(_) => None,
    }
}

fn logs(dir: &Path) -> String {
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().map(|e| e == "out").unwrap_or(false) {
            text.push_str(&format!("--- {}\n{}", path.display(), std::fs::read_to_string(&path).unwrap_or_default()));
        }
    }
    text
}

#[test]
fn slurm_array_job_and_merge_equal_the_single_run() {
    if let Some(reason) = slurm_unavailable() {
        if ci() {
            panic!("CI=true and no Slurm cluster: {reason}");
        }
        eprintln!("skipping: {reason}");
        return;
    }
    let exe = env!("CARGO_BIN_EXE_satfiber");
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("single.csv");
    let status = Command::new(exe)
        .arg("coverage")
        .args(RUN.split(' '))
        .args(["--format", "csv", "-o"])
        .arg(&single)
        .status()
        .unwrap();
    assert!(status.success());

    let parts = dir.path().join("parts");
    let merged = dir.path().join("merged.csv");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/slurm/coverage.sbatch");
    let submit = Command::new("bash")
        .arg(&script)
        .arg(SHARDS.to_string())
        .current_dir(dir.path())
        .env("SATFIBER", exe)
        .env("PARTS_DIR", &parts)
        .env("COVERAGE_ARGS", RUN)
        .env("MERGE_ARGS", format!("--format csv -o {}", merged.display()))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&submit.stdout).to_string();
    assert!(submit.status.success(), "submission failed: {stdout}{}", String::from_utf8_lossy(&submit.stderr));
    let jobs: Vec<&str> = stdout.split_whitespace().collect();
    assert_eq!(jobs.len(), 2, "expected the array and merge job ids, got {stdout:?}");

    // Wait for both jobs to leave the queue (a few seconds on an idle node).
    let started = Instant::now();
    loop {
        let queue = Command::new("squeue").args(["-h", "-o", "%i %T %r", "-j", &jobs.join(",")]).output().unwrap();
        let text = String::from_utf8_lossy(&queue.stdout).to_string();
        if text.trim().is_empty() {
            break;
        }
        if text.contains("DependencyNeverSatisfied") || started.elapsed() > Duration::from_secs(600) {
            let _ = Command::new("scancel").args(&jobs).status();
            panic!("jobs did not finish: {text}\n{}", logs(dir.path()));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    for k in 0..SHARDS {
        assert!(parts.join(format!("part-{k}.cov")).exists(), "part {k} missing\n{}", logs(dir.path()));
    }
    assert!(merged.exists(), "the merge job wrote nothing\n{}", logs(dir.path()));
    let (a, b) = (std::fs::read(&single).unwrap(), std::fs::read(&merged).unwrap());
    assert!(a == b, "merged CSV differs from the single run\n{}", logs(dir.path()));
    // The merge job (squeue shows "(Dependency)" until the array is done) ran after every task.
    eprintln!("slurm: array job {} ({SHARDS} tasks) and merge job {} in {:.1?}", jobs[0], jobs[1], started.elapsed());
}
