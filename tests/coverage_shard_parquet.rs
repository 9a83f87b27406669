//! `coverage --format parquet` read by readers other than satfiber's: pyarrow and GeoPandas
//! (scripts/check_geoparquet.py, pinned versions installed by .ci/python.sh) check the GeoParquet metadata, the
//! cell polygons and every value against the same run's CSV.
//!
//! The Python is `$SATFIBER_PYTHON` (exported by `. .ci/python.sh`), else the venv that script makes by
//! default. Without it the test skips with the reason, unless CI=true, where it fails with it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn python() -> Result<PathBuf, String> {
    let candidate = match std::env::var_os("SATFIBER_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => match std::env::var_os("HOME") {
            Some(home) => Path::new(&home).join(".cache/satfiber/venv-readers/bin/python"),
            None => return Err("neither SATFIBER_PYTHON nor HOME is set".into()),
        },
    };
    let probe = Command::new(&candidate).args(["-c", "import pyarrow, geopandas"]).output();
    match probe {
        Ok(out) if out.status.success() => Ok(candidate),
        Ok(out) => Err(format!(
            "{} cannot import pyarrow and geopandas ({}); run `. .ci/python.sh`",
            candidate.display(),
            String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("")
        )),
        Err(e) => Err(format!("{} cannot run ({e}); run `. .ci/python.sh`", candidate.display())),
    }
}

#[test]
fn geoparquet_cells_read_by_pyarrow_and_geopandas() {
    let python = match python() {
        Ok(p) => p,
        Err(reason) if std::env::var("CI").map(|v| v == "true" || v == "1").unwrap_or(false) => {
            panic!("CI=true and no Python Parquet reader: {reason}")
        }
        Err(reason) => {
            eprintln!("skipping: {reason}");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let run = |format: &str, file: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_satfiber"))
            .args(["coverage", "--region", "Azerbaijan", "--walker", "50/5/1:550:53", "--start", "2026-09-07"])
            .args(["--duration", "6h", "--grid-deg", "0.5", "--format", format, "-o"])
            .arg(file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let (parquet, csv) = (dir.path().join("cells.parquet"), dir.path().join("cells.csv"));
    run("parquet", &parquet);
    run("csv", &csv);
    assert_eq!(&std::fs::read(&parquet).unwrap()[..4], b"PAR1");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/check_geoparquet.py");
    let out = Command::new(&python).arg(&script).arg(&parquet).arg(&csv).arg("0.5").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.starts_with("ok: 96 cells, 13 columns + geometry"), "{stdout}");
    eprintln!("{}", stdout.trim());
}
