//! Snapshots: one file per issue in insta's format, so that both
//! `ocrgate` and `cargo insta` can read them.
//!
//! ```text
//! ---
//! source: ocrgate check
//! expression: liaocheng-daily/2022-07-05
//! input_file: corpus/liaocheng-daily/2022-07-05
//! ---
//! <the issue result as YAML>
//! ```
//!
//! `<root>/<publication>/<issue>.snap` is accepted; `.snap.new` beside it is
//! pending. Every write goes to a temporary file in the same folder and is
//! renamed into place, so an interrupted run never leaves half a snapshot.

pub mod cluster;
pub mod diff;
pub mod editorial;
pub mod file;
pub mod lock;
pub mod review;
pub mod stamp;
pub mod yaml;

use crate::error::{Error, Result};
use crate::result::IssueResult;
use std::path::{Path, PathBuf};

/// Where an issue's snapshot lives.
#[derive(Debug, Clone)]
pub struct SnapshotPath {
    pub accepted: PathBuf,
    pub pending: PathBuf,
}

impl SnapshotPath {
    pub fn new(root: &Path, issue_id: &str) -> SnapshotPath {
        let accepted = root.join(format!("{issue_id}.snap"));
        let pending = root.join(format!("{issue_id}.snap.new"));
        SnapshotPath { accepted, pending }
    }
}

/// The YAML body of a snapshot: one paragraph per line (block scalars
/// would fold long lines and make diffs of OCR changes harder to read).
pub fn body(result: &IssueResult) -> String {
    // Plain structs of strings and numbers always serialise.
    yaml::to_string(result).expect("issue result serialises to YAML")
}

/// A whole snapshot file.
pub fn render(issue_id: &str, input_file: &str, body: &str) -> String {
    format!(
        "---\nsource: ocrgate check\nexpression: {issue_id}\ninput_file: {input_file}\n---\n{body}"
    )
}

/// The body of a snapshot file (everything after the header), if it has
/// the insta header shape.
pub fn parse_body(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest
        .find("\n---\n")
        .map(|i| i + 5)
        .or_else(|| rest.find("\r\n---\r\n").map(|i| i + 7))?;
    Some(&rest[end..])
}

/// How a fresh result compares with the accepted snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Written straight over the accepted snapshot (`--update always`).
    Updated,
    /// Same as accepted; any stale pending file was removed.
    Unchanged,
    /// No accepted snapshot yet; written as pending.
    New,
    /// Differs from the accepted one; written as pending.
    Changed,
}

/// Writes `contents` to `path` atomically: temp file in the same folder,
/// fsync, rename.
pub fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    write_atomic_bytes(path, contents.as_bytes(), true)
}

/// Writes `contents` to `path` through a temporary file in the same folder
/// and a rename, so readers see the old file or the new one, whole. With
/// `durable`, the data is synced before the rename (snapshots, baselines);
/// without, a crash may lose the new file but never tears it (the cache,
/// whose entries carry their own checksum).
pub fn write_atomic_bytes(path: &Path, contents: &[u8], durable: bool) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        if durable {
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// What `check` may write, as insta's `INSTA_UPDATE`: `new` writes a
/// pending `.snap.new`, `always` overwrites the accepted snapshot, `no`
/// writes nothing; `auto` is `no` on CI and `new` elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UpdateMode {
    #[default]
    Auto,
    New,
    Always,
    No,
}

impl UpdateMode {
    /// `auto` resolved: `no` when `CI` is set to anything but empty,
    /// `false` or `0`.
    pub fn resolve(self) -> UpdateMode {
        match self {
            UpdateMode::Auto if is_ci() => UpdateMode::No,
            UpdateMode::Auto => UpdateMode::New,
            m => m,
        }
    }
}

/// Whether we run on CI, as insta decides it.
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// [`compare_and_store`] for a body given as bytes: the common case, an
/// unchanged snapshot, is decided on bytes without decoding either side
/// (at archive scale, UTF-8 validation of both texts was most of a
/// cached re-check). Anything else goes the text way.
pub fn compare_and_store_bytes(
    path: &SnapshotPath,
    issue_id: &str,
    input_file: impl FnOnce() -> String,
    body: &[u8],
    mode: UpdateMode,
) -> Result<Status> {
    if let Ok(Some(bytes)) = file::read_bytes(&path.accepted) {
        let same = parse_body_bytes(&bytes).is_some_and(|old| {
            !old.contains(&b'\r') && old.trim_ascii_end() == body.trim_ascii_end()
        });
        if same {
            return keep_unchanged(path, mode);
        }
    }
    let body = std::str::from_utf8(body).map_err(|e| {
        Error::Usage(format!(
            "{issue_id}: snapshot body is not UTF-8 ({e}); this is a bug"
        ))
    })?;
    compare_and_store(path, issue_id, &input_file(), body, mode)
}

/// What the result cache stores instead of a body: a 128-bit hash of the
/// body as compared (trailing whitespace aside). It tells whether the
/// accepted snapshot still holds what the cached result rendered, so a
/// re-check hashes every accepted snapshot: xxh3 does that several times
/// faster than blake3, and an accidental collision of 128 bits is not a
/// concern (the cache key, which is, stays blake3).
pub fn body_hash(body: &[u8]) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(body.trim_ascii_end()).to_le_bytes()
}

/// Whether the accepted snapshot holds the body with this [`body_hash`]:
/// a cached issue is settled without its body when it does (the common
/// case), and parsed again to produce the body when it does not.
pub fn accepted_has_body(path: &SnapshotPath, hash: &[u8; 16]) -> bool {
    let Ok(Some(bytes)) = file::read_bytes(&path.accepted) else {
        return false;
    };
    // A checkout converts every line end or none, so the first line tells;
    // a stray CR further down only makes the hashes differ, and the issue
    // is then parsed again and compared the text way.
    let start = &bytes[..bytes.len().min(8)];
    if !start.contains(&b'\r') {
        return parse_body_bytes(&bytes).is_some_and(|old| body_hash(old) == *hash);
    }
    // A checkout with CRLF line ends (git's autocrlf): compared as the text
    // way compares it, so such a snapshot settles from the cache too.
    std::str::from_utf8(&bytes)
        .ok()
        .and_then(parse_body)
        .is_some_and(|old| body_hash(normalise(old).as_bytes()) == *hash)
}

/// The store for an issue whose snapshot is unchanged: a pending file left
/// from an earlier run is stale and goes (unless nothing may be written).
pub fn keep_unchanged(path: &SnapshotPath, mode: UpdateMode) -> Result<Status> {
    // Removed without asking first whether it is there (one call, not two),
    // and not looked for at all when nothing may be written.
    if mode != UpdateMode::No {
        match std::fs::remove_file(&path.pending) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io(&path.pending, e));
            }
            _ => {}
        }
    }
    Ok(Status::Unchanged)
}

/// [`parse_body`] on bytes (LF line ends only; others take the text way).
fn parse_body_bytes(bytes: &[u8]) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(b"---\n")?;
    let end = rest.windows(5).position(|w| w == b"\n---\n")? + 5;
    Some(&rest[end..])
}

/// Compares `body` with the accepted snapshot; writes a pending file when
/// they differ (or none is accepted), removes a stale one when they agree.
/// What it writes follows `mode` (already resolved).
pub fn compare_and_store(
    path: &SnapshotPath,
    issue_id: &str,
    input_file: &str,
    body: &str,
    mode: UpdateMode,
) -> Result<Status> {
    let accepted = file::read_text(&path.accepted)?;
    let same = accepted
        .as_deref()
        .and_then(parse_body)
        .is_some_and(|old| same_body(old, body));
    // A file with conflict markers never equals a body, so the scan for
    // them is only paid when something changed.
    if let (false, Some(text)) = (same, &accepted) {
        review::check_conflict_markers(&path.accepted, text)?;
    }
    if same {
        if path.pending.exists() && mode != UpdateMode::No {
            std::fs::remove_file(&path.pending).map_err(|e| Error::io(&path.pending, e))?;
        }
        return Ok(Status::Unchanged);
    }
    match mode {
        UpdateMode::No => {}
        UpdateMode::Always => {
            write_atomic(&path.accepted, &render(issue_id, input_file, body))?;
            if path.pending.exists() {
                std::fs::remove_file(&path.pending).map_err(|e| Error::io(&path.pending, e))?;
            }
            return Ok(Status::Updated);
        }
        UpdateMode::New | UpdateMode::Auto => {
            write_atomic(&path.pending, &render(issue_id, input_file, body))?;
        }
    }
    Ok(if accepted.is_some() {
        Status::Changed
    } else {
        Status::New
    })
}

/// Line ends and trailing blank lines do not count as changes (as in insta).
fn normalise(s: &str) -> String {
    s.replace("\r\n", "\n").trim_end().to_string()
}

/// `normalise(a) == normalise(b)` without copying either in the common
/// case (no CR: files written by ocrgate on any platform).
fn same_body(a: &str, b: &str) -> bool {
    if a.contains('\r') || b.contains('\r') {
        normalise(a) == normalise(b)
    } else {
        a.trim_end() == b.trim_end()
    }
}

/// The snapshot files (accepted and pending) under `root` that `keep`
/// accepts, sorted: the store is walked without holding every file of an
/// archive at once.
pub fn files_matching(root: &Path, mut keep: impl FnMut(&Path) -> bool) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let p = entry.path();
            let ft = entry.file_type().map_err(|e| Error::io(&p, e))?;
            let name = p.to_string_lossy();
            if ft.is_dir() {
                stack.push(p);
            } else if (name.ends_with(".snap") || name.ends_with(".snap.new")) && keep(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The issue id a snapshot file under `root` belongs to.
pub fn snapshot_issue(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.strip_suffix(".new").unwrap_or(&s);
    s.strip_suffix(".snap").unwrap_or(s).to_string()
}

/// Rejects pending snapshots: deletes them, leaving the accepted ones as
/// they are. Returns the issue ids rejected.
pub fn reject(root: &Path, issues: &[String]) -> Result<Vec<String>> {
    let mut done = Vec::new();
    for pending in pending_files(root)? {
        let id = issue_id_of(root, &pending);
        if !issues.is_empty() && !issues.iter().any(|i| i.trim_end_matches('/') == id) {
            continue;
        }
        std::fs::remove_file(&pending).map_err(|e| Error::io(&pending, e))?;
        done.push(id);
    }
    Ok(done)
}

/// Whether git ignores `path`: `None` outside a repository or without git.
pub fn git_ignores(path: &Path) -> Option<bool> {
    // Absolute: git reads a relative path from the folder it runs in.
    let path = path.canonicalize().ok()?;
    let dir = path.parent()?;
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["check-ignore", "-q", "--"])
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    match status.code() {
        Some(0) => Some(true),
        Some(1) => Some(false),
        _ => None,
    }
}

/// All pending snapshot files under `root`, sorted.
pub fn pending_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !root.exists() {
        return Ok(out);
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let p = entry.path();
            let ft = entry.file_type().map_err(|e| Error::io(&p, e))?;
            if ft.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".snap.new") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The issue id of a pending file under `root`.
pub fn issue_id_of(root: &Path, pending: &Path) -> String {
    let rel = pending.strip_prefix(root).unwrap_or(pending);
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_suffix(".snap.new").unwrap_or(&s).to_string()
}

/// What `accept` did: the issues accepted, and the pending files it
/// refused, each with its reason.
#[derive(Debug, Default)]
pub struct Accepted {
    pub done: Vec<String>,
    /// The issue of each refused pending file, and why.
    pub refused: Vec<(String, Error)>,
}

/// Accepts pending snapshots: all of them, or those of the named issues.
/// A pending file that is not a whole snapshot (random bytes, cut short,
/// merge-conflict markers: see [`file::validate`]) is refused and the
/// accepted snapshot kept; accepting it would make every later check fail.
pub fn accept(root: &Path, issues: &[String]) -> Result<Accepted> {
    let mut out = Accepted::default();
    for pending in pending_files(root)? {
        let id = issue_id_of(root, &pending);
        if !issues.is_empty() && !issues.iter().any(|i| i.trim_end_matches('/') == id) {
            continue;
        }
        if let Err(e) = file::validate(&pending) {
            out.refused.push((id, e));
            continue;
        }
        let accepted = pending.with_extension("");
        // rename is atomic on one file system: the old accepted snapshot is
        // replaced whole or not at all.
        std::fs::rename(&pending, &accepted).map_err(|e| Error::io(&accepted, e))?;
        out.done.push(id);
    }
    Ok(out)
}

/// Checks an issue id given on the command line: `PUBLICATION/FOLDER`,
/// two plain names. Anything else (`../../x`, an absolute path, an option
/// mistaken for an id) is a usage error, never a path to look at.
pub fn issue_id_arg(id: &str) -> Result<String> {
    let id = id.trim_end_matches('/');
    let parts: Vec<&str> = id.split('/').collect();
    let plain = |p: &&str| {
        !p.is_empty() && *p != "." && *p != ".." && !p.contains('\\') && !p.starts_with('-')
    };
    if parts.len() == 2 && parts.iter().all(plain) {
        Ok(id.to_string())
    } else {
        Err(Error::Usage(format!(
            "`{}` is not an issue: issues are named PUBLICATION/FOLDER as `ocrgate check` prints them (e.g. liaocheng-daily/2022-07-05)",
            crate::escape::visible(id)
        )))
    }
}

/// The pooled CER recorded in the accepted snapshot, if it has one: to show
/// how a changed OCR moved the error rate.
pub fn accepted_cer(path: &SnapshotPath) -> Option<crate::metrics::Rate> {
    #[derive(serde::Deserialize)]
    struct Body {
        accuracy: Option<Accuracy>,
    }
    #[derive(serde::Deserialize)]
    struct Accuracy {
        cer_pooled: crate::metrics::Rate,
    }
    let text = file::read_text(&path.accepted).ok()??;
    let body: Body =
        crate::parse::rules::parse_yaml_data(&path.accepted, parse_body(&text)?).ok()?;
    Some(body.accuracy?.cer_pooled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip() {
        let text = render("pub/2022-01-01", "corpus/pub/2022-01-01", "a: 1\n");
        assert_eq!(parse_body(&text), Some("a: 1\n"));
        assert_eq!(parse_body("no header"), None);
    }

    /// A real snapshot body (of a rule's example), with `date` set so that
    /// two bodies differ.
    fn real_body(date: &str) -> String {
        let rule = crate::validate::registry::RULES.first().unwrap();
        let mut r = crate::ruledocs::examples::analyse(&rule.bad).expect("example runs");
        r.date = date.to_string();
        body(&r)
    }

    #[test]
    fn pending_written_then_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let sp = SnapshotPath::new(dir.path(), "pub/2022-01-01");
        let (one, two) = (real_body("2022-01-01"), real_body("2022-01-02"));
        assert_eq!(
            compare_and_store(&sp, "pub/2022-01-01", "x", &one, UpdateMode::New).unwrap(),
            Status::New
        );
        assert!(sp.pending.exists() && !sp.accepted.exists());
        let accepted = accept(dir.path(), &[]).unwrap();
        assert_eq!(accepted.done, vec!["pub/2022-01-01".to_string()]);
        assert!(accepted.refused.is_empty());
        assert!(sp.accepted.exists() && !sp.pending.exists());
        assert_eq!(
            compare_and_store(&sp, "pub/2022-01-01", "x", &one, UpdateMode::New).unwrap(),
            Status::Unchanged
        );
        assert_eq!(
            compare_and_store(&sp, "pub/2022-01-01", "x", &two, UpdateMode::New).unwrap(),
            Status::Changed
        );
        // The accepted snapshot is untouched by a change.
        assert!(std::fs::read_to_string(&sp.accepted)
            .unwrap()
            .ends_with(&one));
        assert_eq!(
            compare_and_store(&sp, "pub/2022-01-01", "x", &one, UpdateMode::New).unwrap(),
            Status::Unchanged
        );
        assert!(!sp.pending.exists());
    }

    /// `accept` refuses a pending file that is not a whole snapshot and
    /// keeps the accepted one: random bytes, a file cut short (at a byte
    /// and at a line end), conflict markers, a body that is not a result.
    #[test]
    fn accept_refuses_a_damaged_pending_file() {
        let dir = tempfile::tempdir().unwrap();
        let sp = SnapshotPath::new(dir.path(), "pub/2022-01-01");
        let good = render("pub/2022-01-01", "x", &real_body("2022-01-01"));
        let pending = render("pub/2022-01-01", "x", &real_body("2022-01-02"));
        std::fs::create_dir_all(sp.accepted.parent().unwrap()).unwrap();
        let line_cut = pending.len() - pending.lines().last().unwrap().len() - 1;
        let last_list_item = pending.rfind("\n- ").expect("a list in the body") + 1;
        let damaged: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "random bytes",
                vec![0xff, 0x00, 0x9c, 0x12, 0xee],
                "not UTF-8",
            ),
            (
                "cut mid-way",
                pending.as_bytes()[..pending.len() / 2].to_vec(),
                "",
            ),
            (
                "cut at a line end",
                pending.as_bytes()[..line_cut].to_vec(),
                "",
            ),
            (
                "last list item gone",
                pending.as_bytes()[..last_list_item].to_vec(),
                "",
            ),
            (
                "conflict markers",
                format!("{pending}<<<<<<< HEAD\na: 1\n=======\n>>>>>>> x\n").into_bytes(),
                "merge-conflict",
            ),
            (
                "not a result",
                render("pub/2022-01-01", "x", "a: 1\n").into_bytes(),
                "",
            ),
            ("no header", b"summary: {}\n".to_vec(), "no insta header"),
        ];
        for (what, bytes, says) in damaged {
            std::fs::write(&sp.accepted, &good).unwrap();
            std::fs::write(&sp.pending, &bytes).unwrap();
            let out = accept(dir.path(), &[]).unwrap();
            assert!(out.done.is_empty(), "{what}: accepted");
            let err = out
                .refused
                .first()
                .map(|(_, e)| e.to_string())
                .unwrap_or_default();
            assert!(
                err.contains(".snap.new") && err.contains(says),
                "{what}: {err}"
            );
            assert_eq!(
                std::fs::read_to_string(&sp.accepted).unwrap(),
                good,
                "{what}"
            );
        }
        // The whole file is accepted.
        std::fs::write(&sp.pending, &pending).unwrap();
        assert_eq!(accept(dir.path(), &[]).unwrap().done.len(), 1);
    }

    #[test]
    fn issue_ids_on_the_command_line_are_two_plain_names() {
        assert_eq!(issue_id_arg("pub/2022-01-01/").unwrap(), "pub/2022-01-01");
        for bad in [
            "../../../x",
            "/etc/passwd",
            "pub",
            "pub/../x",
            "pub/-x",
            "a/b/c",
            "pub/.",
        ] {
            let err = issue_id_arg(bad).unwrap_err().to_string();
            assert!(err.contains("is not an issue"), "{bad}: {err}");
        }
    }

    #[test]
    fn update_modes_write_what_they_say() {
        let dir = tempfile::tempdir().unwrap();
        let sp = SnapshotPath::new(dir.path(), "pub/2022-01-01");
        // `no`: nothing written, the mismatch still reported.
        assert_eq!(
            compare_and_store(&sp, "pub/2022-01-01", "x", "a: 1\n", UpdateMode::No).unwrap(),
            Status::New
        );
        assert!(!sp.pending.exists() && !sp.accepted.exists());
        // `always`: straight over the accepted snapshot.
        assert_eq!(
            compare_and_store(&sp, "pub/2022-01-01", "x", "a: 1\n", UpdateMode::Always).unwrap(),
            Status::Updated
        );
        assert!(sp.accepted.exists() && !sp.pending.exists());
        assert_eq!(
            compare_and_store(&sp, "pub/2022-01-01", "x", "a: 1\n", UpdateMode::No).unwrap(),
            Status::Unchanged
        );
    }

    #[test]
    fn conflict_markers_are_an_error_not_content() {
        let dir = tempfile::tempdir().unwrap();
        let sp = SnapshotPath::new(dir.path(), "pub/2022-01-01");
        std::fs::create_dir_all(sp.accepted.parent().unwrap()).unwrap();
        let text = format!(
            "{}<<<<<<< HEAD\na: 2\n=======\na: 3\n>>>>>>> branch\n",
            render("pub/2022-01-01", "x", "a: 1\n")
        );
        std::fs::write(&sp.accepted, text).unwrap();
        let err = compare_and_store(&sp, "pub/2022-01-01", "x", "a: 1\n", UpdateMode::New)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("merge-conflict markers") && err.contains(":7:1"),
            "{err}"
        );
        assert!(!sp.pending.exists());
    }
}
