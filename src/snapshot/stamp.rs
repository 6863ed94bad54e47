//! Which ocrgate made the accepted snapshots: `snapshots/.ocrgate-tool`.
//!
//! `check --changed-since REV` checks only the issues whose files changed.
//! That is only sound while the tool computes what it computed when the
//! snapshots were accepted: a new version, or a parser or rule change built
//! into the binary, can change every issue without a single corpus file
//! changing. The store therefore records the identity of the tool that last
//! checked all of it and found every snapshot as accepted; a
//! `--changed-since` run by any other tool checks every issue and says why.
//!
//! The identity is the version and a hash of the sources, rule profiles and
//! lock file (`OCRGATE_RULES_ID`, see `build.rs`), nothing about the
//! machine: the same source gives the same stamp in a debug or a release
//! build, on any machine.

use crate::error::Result;
use std::path::{Path, PathBuf};

/// The stamp file in a snapshot store.
pub const FILE: &str = ".ocrgate-tool";

/// This tool's identity, as written in the stamp.
pub fn current() -> String {
    format!(
        "ocrgate {} rules {}",
        env!("CARGO_PKG_VERSION"),
        &env!("OCRGATE_RULES_ID")[..16]
    )
}

pub fn path(root: &Path) -> PathBuf {
    root.join(FILE)
}

/// The identity recorded in the store, if any.
pub fn read(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path(root)).ok()?;
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
}

/// Records this tool as the one the accepted snapshots agree with
/// (atomically; unchanged files are not rewritten, so a repository's
/// working tree stays clean).
pub fn write(root: &Path) -> Result<()> {
    let id = current();
    if read(root).as_deref() == Some(id.as_str()) {
        return Ok(());
    }
    let text = format!(
        "# The ocrgate that last checked every issue and found each snapshot as accepted.\n\
         # `check --changed-since` trusts unchanged issues only while it is the same tool.\n\
         # Commit this file with the snapshots.\n{id}\n"
    );
    std::fs::create_dir_all(root).map_err(|e| crate::error::Error::io(root, e))?;
    super::write_atomic(&path(root), &text)
}

/// Why a `--changed-since` run cannot trust unchanged issues, if it cannot.
pub fn distrust(root: &Path) -> Option<String> {
    match read(root) {
        Some(id) if id == current() => None,
        Some(id) => Some(format!(
            "rules changed: the snapshots were last confirmed by `{id}`, this is `{}`; checking every issue",
            current()
        )),
        None => Some(format!(
            "rules unknown: {} does not say which ocrgate confirmed the snapshots; checking every issue (a full local `ocrgate check` that leaves nothing pending writes it; commit it)",
            path(root).display()
        )),
    }
}
