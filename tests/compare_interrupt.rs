//! An interrupt (Ctrl-C) during report writing leaves no report and no staging folder. In its own test binary
//! because the interrupt flag is process-wide.

use satfiber::scenario::report::{interrupt, write_report, ReportError};

#[test]
fn interrupted_report_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // A previous report stays as it was.
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("comparison.csv"), "old").unwrap();
    std::fs::write(
        out.join(satfiber::scenario::report::REPORT_MARKER),
        "satfiber report: files written by `satfiber compare --out`\ncomparison.csv\n",
    )
    .unwrap();
    interrupt();
    let files = vec![("comparison.csv".to_string(), b"new".to_vec()), ("report.html".to_string(), b"x".to_vec())];
    let err = write_report(&out, &files).unwrap_err();
    assert!(matches!(err, ReportError::Interrupted { .. }), "{err}");
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    assert_eq!(names, vec!["out".to_string()], "staging folder left behind");
    assert_eq!(std::fs::read_to_string(out.join("comparison.csv")).unwrap(), "old");
    assert!(!out.join("report.html").exists());
}
