//! One interruption behaviour for every command: Ctrl-C (SIGINT) removes every output still in progress and
//! ends the process with exit code 130 and `interrupted: nothing written` on stderr.
//!
//! Outputs in progress are the temporary files of [`crate::output::OutputFile`] and the staging folders of
//! `compare --out`; each registers itself here while it is being written ([`register`]) and leaves when it is
//! committed or dropped. Committing takes the same lock as the interruption, so an output is either complete
//! and in place, or absent: never half-written. After an interruption, no new output can be started or
//! committed ([`is_interrupted`]).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Exit code of an interrupted run (128 + SIGINT), as shells report it.
pub const EXIT_CODE: i32 = 130;
/// The one message an interrupted run prints on stderr.
pub const MESSAGE: &str = "interrupted: nothing written";

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);
static PENDING: Mutex<Vec<(u64, Pending)>> = Mutex::new(Vec::new());

#[derive(Debug, Clone)]
enum Pending {
    File(PathBuf),
    Folder(PathBuf),
}

/// A registered output in progress; dropping it deregisters the path (it does not delete it).
#[derive(Debug)]
pub struct Registration {
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut pending = lock();
        pending.retain(|(id, _)| *id != self.id);
    }
}

fn lock() -> MutexGuard<'static, Vec<(u64, Pending)>> {
    // A panic while holding the lock leaves a plain list behind: still usable.
    PENDING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Registers a temporary file (`folder = false`) or staging folder (`folder = true`) to remove on interruption.
/// Returns `None` once the process is interrupted: the caller must not start the output.
pub fn register(path: PathBuf, folder: bool) -> Option<Registration> {
    let mut pending = lock();
    if INTERRUPTED.load(Ordering::SeqCst) {
        return None;
    }
    let id = NEXT_ID.fetch_add(1, Ordering::SeqCst);
    pending.push((id, if folder { Pending::Folder(path) } else { Pending::File(path) }));
    Some(Registration { id })
}

/// Runs `commit` (a rename into place) unless the process is interrupted, holding the lock the interruption
/// takes, so an interruption sees the output either complete or still pending. `None` when interrupted.
pub fn commit_with<T>(commit: impl FnOnce() -> T) -> Option<T> {
    let _pending = lock();
    if INTERRUPTED.load(Ordering::SeqCst) {
        return None;
    }
    Some(commit())
}

/// True once an interruption happened (long loops may poll this to stop early).
pub fn is_interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Marks the process interrupted and removes every registered output in progress. Called by the signal
/// handler; tests call it directly.
pub fn interrupt() {
    let pending = lock();
    INTERRUPTED.store(true, Ordering::SeqCst);
    for (_, item) in pending.iter() {
        match item {
            Pending::File(path) => {
                let _ = std::fs::remove_file(path);
            }
            Pending::Folder(path) => {
                let _ = std::fs::remove_dir_all(path);
            }
        }
    }
}

/// Installs the Ctrl-C (SIGINT, and SIGTERM with the platform's handler) behaviour for the whole process:
/// [`interrupt`], then [`MESSAGE`] on stderr and exit [`EXIT_CODE`]. Call once, first thing in `main`.
pub fn install() -> Result<(), String> {
    ctrlc::set_handler(|| {
        interrupt();
        eprintln!("{MESSAGE}");
        std::process::exit(EXIT_CODE);
    })
    .map_err(|e| format!("installing the Ctrl-C handler: {e}"))
}
