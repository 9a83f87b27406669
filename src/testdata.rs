//! Locating the shared reference data (`../shared/data` beside the checkout) for tests and benches.
//!
//! When the folder is absent (a fresh clone elsewhere) tests skip with a printed reason; when the environment
//! variable `CI` is `true` they must not skip, so a missing folder is a failure there.

use std::path::PathBuf;

/// The shared data folder: `$SATFIBER_SHARED_DATA` if set, else `<crate>/../shared/data`.
pub fn shared_data_root() -> PathBuf {
    match std::env::var_os("SATFIBER_SHARED_DATA") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
    }
}

/// Path of `relative` inside the shared data folder, or `None` (with the reason printed) when it is absent.
///
/// # Panics
/// When the path is absent and `CI=true`: CI must run every reference test.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let path = shared_data_root().join(relative);
    if path.exists() {
        return Some(path);
    }
    let ci = std::env::var("CI").map(|v| v == "true" || v == "1").unwrap_or(false);
    if ci {
        panic!(
            "reference data {} is missing and CI=true: the shared data folder must be present in CI",
            path.display()
        );
    }
    eprintln!(
        "skipping: reference data {} is not present (set SATFIBER_SHARED_DATA or place ../shared/data)",
        path.display()
    );
    None
}
