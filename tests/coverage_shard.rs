//! Sharded coverage runs through the built binary: `coverage --shard K/N --shard-by time|cells` then
//! `coverage merge` must give byte-identical outputs to the single run (table, CSV, JSON, GeoJSON, Parquet,
//! SVG map), and bad parts, shards and flags must fail with exit code 2 and write nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn satfiber(args: &[&str]) -> Output {
    satfiber_env(args, &[])
}

fn satfiber_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_satfiber"));
    command.args(args);
    for name in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "JOB_COMPLETION_INDEX"] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command.output().expect("runs satfiber")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// Azerbaijan at 0.5° (8 rows × 12 columns) × 50 Walker satellites × 12 h at 60 s (721 steps, 12 chunks).
const RUN: [&str; 11] = [
    "coverage",
    "--region",
    "Azerbaijan",
    "--walker",
    "50/5/1:550:53",
    "--start",
    "2026-09-07",
    "--duration",
    "12h",
    "--grid-deg",
    "0.5",
];

/// Every output of the single run, or of the merge of `parts`: (format or "plot", bytes).
fn outputs(dir: &Path, base: &[&str], parts: Option<&[PathBuf]>) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for format in ["table", "csv", "json", "geojson", "parquet"] {
        let file = dir.join(format!("out.{format}"));
        let plot = dir.join("map.svg");
        let mut args: Vec<String> = match parts {
            None => base.iter().map(|s| s.to_string()).collect(),
            Some(parts) => {
                let mut a = vec!["coverage".to_string(), "merge".to_string()];
                a.extend(parts.iter().map(|p| p.display().to_string()));
                a
            }
        };
        args.extend(["--format".into(), format.into(), "-o".into(), file.display().to_string()]);
        if format == "geojson" {
            args.extend(["--plot".into(), plot.display().to_string(), "--metric".into(), "max-gap".into()]);
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = satfiber(&refs);
        assert!(run.status.success(), "{args:?}: {}", text(&run.stderr));
        assert_eq!(text(&run.stderr), "", "{args:?}");
        out.push((format.to_string(), std::fs::read(&file).unwrap()));
        if format == "geojson" {
            out.push(("plot".to_string(), std::fs::read(&plot).unwrap()));
        }
    }
    out
}

/// Runs every shard of `count` by `kind` into `dir`, returning the part files (in reverse order, to show the
/// merge does not depend on it).
fn shards(dir: &Path, base: &[&str], count: usize, kind: &str) -> Vec<PathBuf> {
    let mut parts = Vec::new();
    for k in 0..count {
        let path = dir.join(format!("part-{kind}-{k}-of-{count}.cov"));
        let shard = format!("{k}/{count}");
        let mut args: Vec<&str> = base.to_vec();
        let p = path.display().to_string();
        args.extend(["--shard", &shard, "--shard-by", kind, "-o", &p]);
        let run = satfiber(&args);
        assert!(run.status.success(), "{args:?}: {}", text(&run.stderr));
        assert!(run.stdout.is_empty());
        parts.push(path);
    }
    parts.reverse();
    parts
}

fn assert_same(single: &[(String, Vec<u8>)], merged: &[(String, Vec<u8>)], what: &str) {
    assert_eq!(single.len(), merged.len());
    for ((name, a), (_, b)) in single.iter().zip(merged) {
        assert!(a == b, "{what}: {name} output differs from the single run ({} vs {} bytes)", a.len(), b.len());
    }
}

#[test]
fn merged_shards_are_byte_identical_to_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let single = outputs(dir.path(), &RUN, None);
    // The run has gaps to join across time-shard boundaries.
    let csv = text(&single[1].1);
    assert!(csv.lines().skip(1).any(|l| l.split(',').nth(6).map(|g| g != "0").unwrap_or(false)), "no gaps");
    for kind in ["time", "cells"] {
        for count in [1, 2, 3, 7] {
            let parts = shards(dir.path(), &RUN, count, kind);
            let merged = outputs(dir.path(), &RUN, Some(&parts));
            assert_same(&single, &merged, &format!("{count} shards by {kind}"));
        }
    }
}

/// The bundled catalog (GEO satellites on the deep-space path, whose propagator carries state between
/// samples) over the OTS region: time shards still merge to the single run's bytes.
#[test]
fn merged_time_shards_with_deep_space_satellites() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["coverage", "--region", "OTS", "--start", "2026-09-07", "--duration", "9h", "--grid-deg", "2"];
    let single = outputs(dir.path(), &base, None);
    let parts = shards(dir.path(), &base, 3, "time");
    assert_same(&single, &outputs(dir.path(), &base, Some(&parts)), "bundled catalog, 3 time shards");
}

/// Environment variables for a run.
type Env = Vec<(&'static str, &'static str)>;

#[test]
fn shard_index_from_slurm_and_kubernetes_environments() {
    let dir = tempfile::tempdir().unwrap();
    let explicit = shards(dir.path(), &RUN, 3, "time");
    // explicit is in reverse order: shard 1 is in the middle.
    let want = std::fs::read(&explicit[1]).unwrap();
    let path = dir.path().join("env.cov");
    let p = path.display().to_string();
    let cases: [(&str, Env); 3] = [
        ("env", vec![("SLURM_ARRAY_TASK_ID", "6"), ("SLURM_ARRAY_TASK_MIN", "5"), ("SLURM_ARRAY_TASK_COUNT", "3")]),
        ("auto/3", vec![("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "3")]),
        ("auto/3", vec![("JOB_COMPLETION_INDEX", "1")]),
    ];
    for (shard, env) in cases {
        let _ = std::fs::remove_file(&path);
        let mut args = RUN.to_vec();
        args.extend(["--shard", shard, "-o", &p]);
        let run = satfiber_env(&args, &env);
        assert!(run.status.success(), "{shard} {env:?}: {}", text(&run.stderr));
        assert_eq!(std::fs::read(&path).unwrap(), want, "{shard} {env:?}");
    }
    // No environment, or one that disagrees with N: exit 2, nothing written.
    let _ = std::fs::remove_file(&path);
    let bad: [(&str, Env, &str); 4] = [
        ("env", vec![], "SLURM_ARRAY_TASK_ID is not set"),
        ("auto/3", vec![], "JOB_COMPLETION_INDEX"),
        ("auto/4", vec![("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "3")], "SLURM_ARRAY_TASK_COUNT=3"),
        ("auto/3", vec![("JOB_COMPLETION_INDEX", "x")], "not a whole number"),
    ];
    for (shard, env, message) in bad {
        let mut args = RUN.to_vec();
        args.extend(["--shard", shard, "-o", &p]);
        let run = satfiber_env(&args, &env);
        assert_eq!(run.status.code(), Some(2), "{shard} {env:?}");
        assert!(text(&run.stderr).contains(message), "{shard} {env:?}: {}", text(&run.stderr));
        assert!(!path.exists());
    }
}

/// Files in `dir` other than the given ones.
fn others(dir: &Path, known: &[PathBuf]) -> Vec<PathBuf> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| !known.contains(p)).collect()
}

fn expect_input_error(args: &[&str], message: &str) {
    let run = satfiber(args);
    assert_eq!(run.status.code(), Some(2), "{args:?}: {}", text(&run.stderr));
    assert!(text(&run.stderr).contains(message), "{args:?}: expected {message:?} in {}", text(&run.stderr));
    assert!(run.stdout.is_empty(), "{args:?}");
}

#[test]
fn bad_shards_and_parts_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let parts = shards(dir.path(), &RUN, 2, "time");
    let (p1, p0) = (parts[0].clone(), parts[1].clone());
    let out = dir.path().join("merged.csv");
    let o = out.display().to_string();
    let s = |p: &PathBuf| p.display().to_string();
    let merge = |files: &[String], message: &str| {
        let mut args = vec!["coverage", "merge", "--format", "csv", "-o", &o];
        args.extend(files.iter().map(String::as_str));
        expect_input_error(&args, message);
        assert!(!out.exists());
    };
    // A missing shard, a repeated one, none.
    merge(&[s(&p0)], "missing shard(s) 1 of 2");
    merge(&[s(&p0), s(&p1), s(&p0)], "shard 0/2 is given twice");
    expect_input_error(&["coverage", "merge"], "PARTS");
    // Parts of another run (other elevation mask), and of another split.
    let other = dir.path().join("other.cov");
    let mut args = RUN.to_vec();
    let other_s = s(&other);
    args.extend(["--min-elevation-deg", "25", "--shard", "1/2", "-o", &other_s]);
    assert!(satfiber(&args).status.success());
    merge(&[s(&p0), s(&other)], "min_elevation_deg is \"10.0\" in the first, \"25.0\" in the second");
    let cells = shards(dir.path(), &RUN, 2, "cells");
    merge(&[s(&p0), s(&cells[0])], "shard_by is \"time\" in the first, \"cells\" in the second");
    // Corrupted: one flipped byte in the cells, truncated, not a part file, a future format version.
    let bytes = std::fs::read(&p1).unwrap();
    let write = |name: &str, data: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, data).unwrap();
        s(&path)
    };
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x10;
    merge(&[s(&p0), write("flipped.cov", &flipped)], "checksum mismatch");
    merge(&[s(&p0), write("short.cov", &bytes[..bytes.len() - 100])], "checksum mismatch");
    merge(&[s(&p0), write("empty.cov", b"")], "not a satfiber coverage part file");
    merge(&[s(&p0), write("text.cov", b"latitude_deg,longitude_deg\n")], "not a satfiber coverage part file");
    let mut future = bytes.clone();
    future[8] = 9;
    merge(&[s(&p0), write("future.cov", &future)], "format version 9");
    merge(&[s(&p0), s(&dir.path().join("absent.cov"))], "absent.cov");

    // Bad shard flags: K ≥ N, N = 0, a shard of zero steps or rows, malformed, no -o, --shard-by alone.
    let known: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    let target = dir.path().join("new.cov");
    let t = s(&target);
    for (flags, message) in [
        (vec!["--shard", "2/2", "-o", &t], "index must be below the count"),
        (vec!["--shard", "0/0", "-o", &t], "at least 1 shard"),
        (vec!["--shard", "0/13", "-o", &t], "zero steps"),
        (vec!["--shard", "0/9", "--shard-by", "cells", "-o", &t], "no grid rows"),
        (vec!["--shard", "a/2", "-o", &t], "not a whole number"),
        (vec!["--shard", "1", "-o", &t], "expected K/N"),
        (vec!["--shard", "0/2"], "give -o FILE"),
        (vec!["--shard-by", "cells"], "--shard-by needs --shard"),
        (vec!["--shard", "0/2", "--time-step", "1.5s", "-o", &t], "whole-second"),
        (vec!["--shard", "0/2", "--format", "csv", "-o", &t], "--format"),
    ] {
        let mut args = RUN.to_vec();
        args.extend(flags.iter().copied());
        expect_input_error(&args, message);
        assert!(others(dir.path(), &known).is_empty(), "{flags:?} wrote {:?}", others(dir.path(), &known));
    }
}
