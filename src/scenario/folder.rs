//! Writing a report folder without destroying anything the user did not ask to replace.
//!
//! A report goes into a folder only when that folder is absent, empty, or a previous satfiber report: a
//! folder holding the marker file [`REPORT_MARKER`] (written by every report, listing the report's files) and
//! nothing but the files the marker lists. Any other folder is refused with the names of (some of) the
//! files that would be lost, unless [`ReportTarget::force`] is set. Never, even with `force`: the root, the
//! working folder or any of its ancestors, and the folders in [`ReportTarget::protected`] (the scenario's
//! own folder) or their ancestors. Symbolic links are followed: the link's target gets the report.
//!
//! The files go into a temporary sibling folder first, which replaces the target only once complete (the
//! previous report is moved aside, then removed); an error or Ctrl-C leaves the target as it was.

use super::report::ReportError;
use std::path::{Path, PathBuf};

/// Name of the marker file every report writes; its first line is [`MARKER_HEADER`], then one report file
/// name per line.
pub const REPORT_MARKER: &str = ".satfiber-report";
const MARKER_HEADER: &str = "satfiber report: files written by `satfiber compare --out`";
/// How many of a refused folder's files the error names.
const NAMED_FILES: usize = 5;

/// Where a report may go and what it may replace.
#[derive(Debug, Clone, Default)]
pub struct ReportTarget {
    /// Replace a folder that holds files other than a previous report (the user said so).
    pub force: bool,
    /// Folders that must never be replaced, nor any of their ancestors (the scenario's own folder).
    pub protected: Vec<PathBuf>,
}

/// What the target folder holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderState {
    Absent,
    Empty,
    /// A previous report (marker present, no other files).
    PreviousReport,
    /// Other files, replaced because [`ReportTarget::force`] was given.
    Forced {
        entries: usize,
    },
}

/// `path` made absolute with its symbolic links resolved, also when its last parts do not exist yet.
fn resolved(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut existing = absolute.clone();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(canonical) => {
                let mut out = canonical;
                for part in rest.iter().rev() {
                    if part == ".." {
                        out.pop();
                    } else if part != "." {
                        out.push(part);
                    }
                }
                return Ok(out);
            }
            Err(_) => match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => return Ok(absolute),
            },
        }
    }
}

fn names_of(entries: &[String]) -> String {
    let shown: Vec<&str> = entries.iter().take(NAMED_FILES).map(String::as_str).collect();
    let more = entries.len().saturating_sub(NAMED_FILES);
    let mut text = shown.join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// Checks that a report may go into `dir` (see the module doc) and returns the folder it resolves to and
/// what it holds. Call before any work, and again just before writing (write_report does).
pub fn check_report_folder(dir: &Path, target: &ReportTarget) -> Result<(PathBuf, FolderState), ReportError> {
    let dir_name = dir.display().to_string();
    let refuse = |reason: String| ReportError::Refused { dir: dir_name.clone(), reason };
    if dir.as_os_str().is_empty() {
        return Err(refuse("empty folder name".into()));
    }
    let io = |e: std::io::Error| refuse(format!("resolving the path: {e}"));
    let resolved_dir = resolved(dir).map_err(io)?;
    if resolved_dir.parent().is_none() || resolved_dir.file_name().is_none() {
        return Err(refuse(
            "the root folder is never replaced by a report; name a new folder such as out/report".into(),
        ));
    }
    let cwd = std::env::current_dir().and_then(|c| c.canonicalize()).map_err(io)?;
    if cwd.starts_with(&resolved_dir) {
        return Err(refuse(format!(
            "it is the working folder or one of its ancestors ({}); a report replaces its folder whole, so name a \
             new folder such as out/report",
            resolved_dir.display()
        )));
    }
    for protected in &target.protected {
        let protected = resolved(protected).map_err(io)?;
        if protected.starts_with(&resolved_dir) {
            return Err(refuse(format!(
                "it holds the scenario's folder {}; name a new folder such as out/report",
                protected.display()
            )));
        }
    }
    let meta = match std::fs::metadata(&resolved_dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((resolved_dir, FolderState::Absent)),
        Err(e) => return Err(refuse(format!("reading it: {e}"))),
        Ok(meta) => meta,
    };
    if !meta.is_dir() {
        return Err(refuse("exists and is not a folder".into()));
    }
    let mut entries: Vec<String> = std::fs::read_dir(&resolved_dir)
        .map_err(|e| refuse(format!("listing it: {e}")))?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().to_string()))
        .collect::<Result<_, _>>()
        .map_err(|e| refuse(format!("listing it: {e}")))?;
    entries.sort();
    if entries.is_empty() {
        return Ok((resolved_dir, FolderState::Empty));
    }
    let listed: Option<Vec<String>> = std::fs::read_to_string(resolved_dir.join(REPORT_MARKER)).ok().and_then(|text| {
        let mut lines = text.lines();
        (lines.next() == Some(MARKER_HEADER)).then(|| lines.map(str::to_string).collect())
    });
    let foreign: Vec<String> = match &listed {
        Some(files) => entries.iter().filter(|e| *e != REPORT_MARKER && !files.contains(e)).cloned().collect(),
        None => entries.clone(),
    };
    if foreign.is_empty() {
        return Ok((resolved_dir, FolderState::PreviousReport));
    }
    if target.force {
        return Ok((resolved_dir, FolderState::Forced { entries: foreign.len() }));
    }
    let what = if listed.is_some() {
        "is a previous report with other files added"
    } else {
        "is not empty and not a previous satfiber report (no .satfiber-report marker)"
    };
    Err(refuse(format!(
        "{what}; writing the report would delete {}: {}. Choose a new or empty folder, or pass --force to replace it",
        if foreign.len() == 1 { "1 entry".to_string() } else { format!("{} entries", foreign.len()) },
        names_of(&foreign)
    )))
}

/// Marks the process as interrupted (as Ctrl-C does, see [`crate::interrupt`]): removes any staging folder of
/// a report in progress, and makes [`write_report`] fail instead of committing.
pub fn interrupt() {
    crate::interrupt::interrupt();
}

/// [`write_report_with`] with the default target: no `force`, nothing protected beyond the working folder.
pub fn write_report(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), ReportError> {
    write_report_with(dir, files, &ReportTarget::default()).map(|_| ())
}

/// Writes the files (plus the marker) into `dir` atomically after [`check_report_folder`]: everything goes
/// into a temporary sibling folder first, which replaces `dir` only once complete.
pub fn write_report_with(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    target: &ReportTarget,
) -> Result<FolderState, ReportError> {
    let (resolved_dir, state) = check_report_folder(dir, target)?;
    let dir_name = dir.display().to_string();
    let io = |message: String| ReportError::Io { dir: dir_name.clone(), message };
    let interrupted = || ReportError::Interrupted { dir: dir_name.clone() };
    for (name, _) in files {
        if name == REPORT_MARKER || name.contains(['/', '\\']) || name.is_empty() || name == "." || name == ".." {
            return Err(io(format!("bad report file name {name:?}")));
        }
    }
    let (parent, base) = match (resolved_dir.parent(), resolved_dir.file_name()) {
        (Some(p), Some(b)) => (p.to_path_buf(), b.to_string_lossy().to_string()),
        _ => return Err(io("not a folder name".into())),
    };
    std::fs::create_dir_all(&parent).map_err(|e| io(format!("creating parent {}: {e}", parent.display())))?;
    let staging = parent.join(format!(".{base}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let _registration = crate::interrupt::register(staging.clone(), true).ok_or_else(interrupted)?;
    std::fs::create_dir(&staging).map_err(|e| io(format!("creating {}: {e}", staging.display())))?;
    let cleanup = |e: ReportError| {
        let _ = std::fs::remove_dir_all(&staging);
        e
    };
    let mut marker = format!("{MARKER_HEADER}\n");
    for (name, bytes) in files {
        if crate::interrupt::is_interrupted() {
            return Err(cleanup(interrupted()));
        }
        // A fresh private folder: plain writes; the folder as a whole is what is made visible atomically.
        std::fs::write(staging.join(name), bytes).map_err(|e| cleanup(io(format!("writing {name}: {e}"))))?;
        marker.push_str(name);
        marker.push('\n');
    }
    std::fs::write(staging.join(REPORT_MARKER), marker)
        .map_err(|e| cleanup(io(format!("writing {REPORT_MARKER}: {e}"))))?;
    // Re-check just before replacing: the folder may have changed while the report was computed.
    check_report_folder(dir, target).map_err(cleanup)?;
    let old = parent.join(format!(".{base}.old-{}", std::process::id()));
    // An interruption right after the commit removes the superseded previous report too.
    let _old_registration = crate::interrupt::register(old.clone(), true).ok_or_else(|| cleanup(interrupted()))?;
    let committed = crate::interrupt::commit_with(|| -> Result<(), ReportError> {
        let had_previous = resolved_dir.exists();
        if had_previous {
            std::fs::rename(&resolved_dir, &old).map_err(|e| io(format!("moving the previous report aside: {e}")))?;
        }
        if let Err(e) = std::fs::rename(&staging, &resolved_dir) {
            if had_previous {
                let _ = std::fs::rename(&old, &resolved_dir);
            }
            return Err(io(format!("renaming {} into place: {e}", staging.display())));
        }
        Ok(())
    });
    match committed {
        None => Err(cleanup(interrupted())),
        Some(Err(e)) => Err(cleanup(e)),
        Some(Ok(())) => {
            let _ = std::fs::remove_dir_all(&old);
            Ok(state)
        }
    }
}
