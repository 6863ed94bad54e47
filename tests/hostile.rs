//! Corpora and stores that someone else controls: links out of the
//! corpus, names that are not UTF-8, control characters in names and page
//! text, ids that are paths, damaged accepted snapshots. Each case fails
//! on the code before the fix it guards.

mod common;

use common::*;

const ISSUE: &str = "liaocheng-daily/2022-07-05";
const OTHER: &str = "liaocheng-daily-retypeset/2022-07-05";

fn text(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The issue line of the terminal report for `id`.
fn issue_line<'a>(out: &'a str, id: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no line for {id}:\n{out}"))
}

#[cfg(unix)]
#[test]
fn a_page_linked_out_of_the_corpus_is_refused_unless_allowed() {
    let dir = project();
    let d = dir.path();
    let secret = d.join("outside.txt");
    std::fs::write(&secret, "SECRET-OUTSIDE 机密\n\n正文一段，不属于语料。\n").unwrap();
    let page = d.join("corpus").join(ISSUE).join("p01.txt");
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&secret, &page).unwrap();
    let o = ocrgate(&["check", "corpus", "--update", "no", "--no-cache"], d);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(
        err.contains("p01.txt: this is a link to") && err.contains("outside the corpus folder"),
        "{err}"
    );
    assert!(!out.contains("SECRET") && !err.contains("SECRET-OUTSIDE 机密"));
    assert!(
        issue_line(&out, OTHER).contains("snapshot unchanged"),
        "{out}"
    );
    // A link that stays inside the corpus is read.
    let inside = d.join("corpus/liaocheng-daily/seed-copy.txt");
    std::fs::rename(&secret, &inside).unwrap();
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&inside, &page).unwrap();
    let o = ocrgate(&["check", "corpus", "--update", "no", "--no-cache"], d);
    let (out, err) = text(&o);
    assert_ne!(o.status.code(), Some(2), "{out}{err}");
    // Outside again, allowed by the corpus.
    std::fs::rename(&inside, &secret).unwrap();
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&secret, &page).unwrap();
    std::fs::write(d.join("corpus/ocrgate.yaml"), "allow_links_outside: true\n").unwrap();
    let o = ocrgate(&["check", "corpus", "--update", "no", "--no-cache"], d);
    let (out, err) = text(&o);
    assert_ne!(o.status.code(), Some(2), "{out}{err}");
    assert!(
        issue_line(&out, ISSUE).contains("snapshot CHANGED"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn an_issue_folder_linked_out_of_the_corpus_is_refused() {
    let dir = project();
    let d = dir.path();
    let outside = d.join("elsewhere/2022-07-09");
    copy_tree(&d.join("corpus").join(ISSUE), &outside);
    std::os::unix::fs::symlink(&outside, d.join("corpus/liaocheng-daily/2022-07-09")).unwrap();
    let o = ocrgate(&["check", "corpus", "--update", "no", "--no-cache"], d);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(
        err.contains("liaocheng-daily/2022-07-09: this is a link to"),
        "{err}"
    );
    assert!(
        issue_line(&out, ISSUE).contains("snapshot unchanged"),
        "{out}"
    );
}

/// Two folders whose names differ only in bytes that are not UTF-8 were
/// one snapshot (`a\xff` and `a\xfe` both read as `a�`); now each is an
/// input error naming its folder, and the other issues are checked.
#[cfg(target_os = "linux")]
#[test]
fn folder_names_that_are_not_utf8_are_input_errors_each() {
    use std::os::unix::ffi::OsStrExt;
    let dir = project();
    let d = dir.path();
    let publication = d.join("corpus/liaocheng-daily");
    for byte in [0xffu8, 0xfe] {
        let bytes = [b'2', b'0', b'2', b'2', b'-', byte];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        copy_tree(&publication.join("2022-07-05"), &publication.join(name));
    }
    let o = ocrgate(
        &["check", "corpus", "--update", "no", "--format", "json"],
        d,
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"liaocheng-daily/2022-\\xfe") && ids.contains(&"liaocheng-daily/2022-\\xff"),
        "{ids:?}"
    );
    let o = ocrgate(&["check", "corpus", "--update", "no"], d);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    for name in ["2022-\\xff", "2022-\\xfe"] {
        assert!(
            err.contains(&format!(
                "liaocheng-daily/{name}: the name of this folder is not valid UTF-8"
            )),
            "{err}"
        );
    }
    assert!(
        issue_line(&out, OTHER).contains("snapshot unchanged"),
        "{out}"
    );
    assert!(!d
        .join("snapshots/liaocheng-daily/2022-\u{fffd}.snap.new")
        .exists());
}

/// Escape sequences and newlines in a folder name and in page text are
/// shown, never sent: no ESC byte reaches the terminal, the Markdown table
/// keeps one row per issue, and no line of the GitHub output starts a
/// workflow command of the corpus's making.
#[cfg(unix)]
#[test]
fn control_characters_never_reach_the_terminal_or_markdown() {
    let dir = project();
    let d = dir.path();
    let publication = d.join("corpus/liaocheng-daily");
    let folder = "2022-07-06\u{1b}]0;pwned\u{7}\n::warning::forged";
    let issue = publication.join(folder);
    copy_tree(&publication.join("2022-07-05"), &issue);
    std::fs::write(issue.join("issue.yaml"), "date: 2022-07-06\n").unwrap();
    let page = issue.join("p01.txt");
    let text_with_escape = std::fs::read_to_string(&page).unwrap().replacen(
        "本报讯",
        "本报讯\u{1b}[2J\u{1b}]0;title\u{7}",
        1,
    );
    assert!(text_with_escape.contains('\u{1b}'));
    std::fs::write(&page, text_with_escape).unwrap();
    for format in ["text", "markdown", "github"] {
        let o = ocrgate(
            &[
                "check",
                "corpus",
                "--update",
                "no",
                "--no-cache",
                "--format",
                format,
                "--findings",
                "info",
            ],
            d,
        );
        let (out, err) = text(&o);
        assert!(o.status.code() == Some(1), "{format}: {out}{err}");
        for (what, s) in [("stdout", &out), ("stderr", &err)] {
            assert!(
                !s.contains('\u{1b}') && !s.contains('\u{7}'),
                "{format} {what}: {s}"
            );
            assert!(
                !s.lines().any(|l| l.starts_with("::warning::forged")),
                "{format} {what}: {s}"
            );
        }
        let shown = match format {
            // GitHub's own encoding of the newline.
            "github" => "\\u{1b}]0;pwned\\u{7}",
            _ => "\\u{1b}]0;pwned\\u{7}\\n::warning::forged",
        };
        assert!(out.contains(shown), "{format}: {out}");
        if format == "markdown" {
            let rows: Vec<&str> = out.lines().filter(|l| l.contains("2022-07-06")).collect();
            assert_eq!(rows.len(), 1, "{out}");
            assert!(
                rows[0].starts_with("| ") && rows[0].ends_with(" |"),
                "{out}"
            );
        }
        if format == "text" {
            assert!(out.contains("\\u{1b}[2J"), "{out}");
        }
    }
}

#[test]
fn accept_reject_and_show_take_issue_ids_not_paths() {
    let dir = project();
    let d = dir.path();
    // A snapshot-like file outside the store that the id would reach.
    std::fs::write(d.join("x.snap"), "---\n").unwrap();
    for command in ["accept", "reject", "show"] {
        let o = ocrgate(&[command, "../../../x"], d);
        let (out, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{command}: {out}{err}");
        assert!(
            err.contains("`../../../x` is not an issue"),
            "{command}: {err}"
        );
        let o = ocrgate(&[command, "../x"], d);
        assert_eq!(o.status.code(), Some(2), "{command}");
    }
}

/// A damaged pending file is refused by `accept`, which keeps the good
/// accepted snapshot and exits 2; before, it replaced the snapshot and
/// every later check failed.
#[test]
fn accept_refuses_a_damaged_pending_file_and_keeps_the_snapshot() {
    let dir = project();
    let d = dir.path();
    let accepted = d.join("snapshots").join(format!("{ISSUE}.snap"));
    let good = std::fs::read(&accepted).unwrap();
    let pending = d.join("snapshots").join(format!("{ISSUE}.snap.new"));
    std::fs::write(&pending, &good[..good.len() * 2 / 3]).unwrap();
    let o = ocrgate(&["accept", "--all"], d);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(err.contains(".snap.new"), "{err}");
    assert_eq!(std::fs::read(&accepted).unwrap(), good);
    let o = ocrgate(&["check", "corpus", "--update", "no"], d);
    assert_ne!(o.status.code(), Some(2), "{}", text(&o).1);
}

/// One accepted snapshot that is not UTF-8 is an input error of its issue,
/// at the byte, and the other issues are checked; before, it ended the run.
#[test]
fn a_non_utf8_accepted_snapshot_is_an_error_of_its_issue_only() {
    let dir = project();
    let d = dir.path();
    let accepted = d.join("snapshots").join(format!("{ISSUE}.snap"));
    let mut bytes = std::fs::read(&accepted).unwrap();
    // Into the body (the header is not compared): line 8.
    let mut at = 0;
    for _ in 0..7 {
        at += bytes[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
    }
    bytes.splice(at..at, [0xff, 0xfe]);
    std::fs::write(&accepted, bytes).unwrap();
    let o = ocrgate(&["check", "corpus", "--update", "no", "--no-cache"], d);
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(
        err.contains(&format!("{ISSUE}.snap:8:1: the snapshot file is not UTF-8")),
        "{err}"
    );
    assert!(
        issue_line(&out, OTHER).contains("snapshot unchanged"),
        "{out}"
    );
}
