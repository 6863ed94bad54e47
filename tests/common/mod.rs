//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus() -> PathBuf {
    repo().join("corpus")
}

/// A file or folder of the test data in the repository (`tests/data/`):
/// the tesseract runs of the bundled page and small public samples, each
/// source with its SOURCE.md. The suite needs nothing outside the clone.
pub fn data(rel: &str) -> PathBuf {
    let p = repo().join("tests").join("data").join(rel);
    assert!(p.exists(), "{} is missing from tests/data", p.display());
    p
}

/// Copies a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A project in a temporary folder: the bundled corpus and its accepted
/// snapshots, as a clone has them.
pub fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&corpus(), &dir.path().join("corpus"));
    copy_tree(&repo().join("snapshots"), &dir.path().join("snapshots"));
    dir
}

/// Runs the real binary.
pub fn ocrgate(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ocrgate"))
        .args(args)
        .current_dir(cwd)
        .env_remove("OCRGATE_JOBS")
        // Tests say themselves when they mean CI; the suite itself may run on CI.
        .env_remove("CI")
        .env_remove("OCRGATE_UPDATE")
        .env("NO_COLOR", "1")
        .output()
        .expect("runs the ocrgate binary")
}

/// Runs the real binary and fails the test, with its stderr, unless it
/// exits 0.
pub fn ocrgate_ok(args: &[&str], cwd: &Path) -> std::process::Output {
    let o = ocrgate(args, cwd);
    assert_eq!(
        o.status.code(),
        Some(0),
        "ocrgate {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Runs git in `d` with a fixed author; fails the test if git fails;
/// returns what it printed.
pub fn git(d: &Path, args: &[&str]) -> String {
    let o = std::process::Command::new("git")
        .args(args)
        .current_dir(d)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Character similarity in 0..=1 (1 - normalised Levenshtein distance).
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let d = rapidfuzz::distance::levenshtein::distance(a.iter().copied(), b.iter().copied());
    1.0 - d as f64 / a.len().max(b.len()).max(1) as f64
}

/// Folds what differs between the seed's ASCII punctuation and OCR output
/// of the same page without being an OCR error: quote shape and width,
/// punctuation width, and whitespace.
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '“' | '”' | '„' => '"',
            '‘' | '’' => '\'',
            '：' => ':',
            '，' => ',',
            '（' => '(',
            '）' => ')',
            '！' => '!',
            '？' => '?',
            '；' => ';',
            c => c,
        })
        .collect()
}

/// Checks the issue `id` (`publication/folder`) of a throw-away corpus made
/// of `pages` (file name, text) and, if given, the publication's
/// `publication.yaml`.
pub fn check_issue(
    id: &str,
    publication_yaml: Option<&str>,
    pages: &[(&str, &str)],
) -> ocrgate::result::IssueResult {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join(id);
    std::fs::create_dir_all(&issue).unwrap();
    for (name, text) in pages {
        std::fs::write(issue.join(name), text).unwrap();
    }
    if let Some(config) = publication_yaml {
        let publication = id.split('/').next().unwrap();
        std::fs::write(
            dir.path().join(publication).join("publication.yaml"),
            config,
        )
        .unwrap();
    }
    ocrgate::check_issue_dir(dir.path(), id)
        .unwrap()
        .result
        .unwrap()
}
