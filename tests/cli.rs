//! The real binary on throw-away corpora: exit codes, error messages,
//! encodings, determinism across thread counts.

mod common;

use common::*;
use std::path::Path;

/// A corpus with the seed issue, plus whatever `extra` adds.
fn seed_corpus(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    copy_tree(
        &common::corpus().join("liaocheng-daily"),
        &corpus.join("liaocheng-daily"),
    );
    corpus
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn gb18030_page_parses_like_the_utf8_one() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(tmp.path());
    let page = corpus.join("liaocheng-daily/2022-07-05/p01.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gb).is_err(),
        "the copy really is not UTF-8"
    );
    std::fs::write(&page, &gb).unwrap();

    let from_gb = ocrgate::check_issue_dir(&corpus, "liaocheng-daily/2022-07-05").unwrap();
    let from_utf8 =
        ocrgate::check_issue_dir(&common::corpus(), "liaocheng-daily/2022-07-05").unwrap();
    let (a, b) = (from_gb.result.unwrap(), from_utf8.result.unwrap());
    assert_eq!(a.pages[0].encoding, "GB18030");
    assert_eq!(b.pages[0].encoding, "UTF-8");
    let yaml = |r: &ocrgate::result::IssueResult| serde_saphyr::to_string(&r.articles).unwrap();
    assert_eq!(yaml(&a), yaml(&b));
}

#[test]
fn utf16_and_crlf_pages_parse_like_the_utf8_one() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(tmp.path());
    let page = corpus.join("liaocheng-daily/2022-07-05/p01.txt");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace('\n', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&page, bytes).unwrap();
    let got = ocrgate::check_issue_dir(&corpus, "liaocheng-daily/2022-07-05")
        .unwrap()
        .result
        .unwrap();
    let want = ocrgate::check_issue_dir(&common::corpus(), "liaocheng-daily/2022-07-05")
        .unwrap()
        .result
        .unwrap();
    assert_eq!(got.pages[0].encoding, "UTF-16LE");
    assert_eq!(
        serde_saphyr::to_string(&got.articles).unwrap(),
        serde_saphyr::to_string(&want.articles).unwrap()
    );
}

#[test]
fn random_bytes_page_is_an_input_error_and_other_issues_are_still_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(tmp.path());
    let bad_dir = corpus.join("liaocheng-daily/2022-07-06");
    std::fs::create_dir_all(&bad_dir).unwrap();
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let noise: Vec<u8> = (0..20_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 56) as u8
        })
        .collect();
    std::fs::write(bad_dir.join("p01.txt"), noise).unwrap();

    let out = ocrgate(&["check", "corpus", "--snapshots", "snaps"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(err.contains("liaocheng-daily/2022-07-06/p01.txt"), "{err}");
    assert!(err.contains("cannot read this page as text"), "{err}");
    assert!(err.contains("help:"), "{err}");
    let out_text = stdout(&out);
    assert!(
        out_text.contains("liaocheng-daily/2022-07-05") && out_text.contains("9 articles"),
        "{out_text}"
    );
    assert!(out_text.contains("1 input error"), "{out_text}");
    // The good issue was snapshotted, the broken one was not.
    assert!(tmp
        .path()
        .join("snaps/liaocheng-daily/2022-07-05.snap.new")
        .exists());
    assert!(!tmp
        .path()
        .join("snaps/liaocheng-daily/2022-07-06.snap.new")
        .exists());
}

#[test]
fn pending_then_accept_then_clean() {
    let tmp = tempfile::tempdir().unwrap();
    seed_corpus(tmp.path());
    let out = ocrgate(&["check"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "new snapshot pending: {}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("NEW snapshot pending"));
    let snap = tmp
        .path()
        .join("snapshots/liaocheng-daily/2022-07-05.snap.new");
    let text = std::fs::read_to_string(&snap).unwrap();
    assert!(text.starts_with("---\nsource: ocrgate check\nexpression: liaocheng-daily/2022-07-05\ninput_file: corpus/liaocheng-daily/2022-07-05\n---\n"), "{text}");
    assert!(
        !text.contains(tmp.path().to_str().unwrap()),
        "no absolute paths in snapshots"
    );

    let out = ocrgate(&["accept", "liaocheng-daily/2022-07-05"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!snap.exists());
    let out = ocrgate(&["check"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("snapshot unchanged"));

    // A changed page makes the snapshot pending again and keeps the accepted one.
    let page = tmp.path().join("corpus/liaocheng-daily/2022-07-05/p01.txt");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("孙克锋", "孙克峰");
    std::fs::write(&page, text).unwrap();
    let out = ocrgate(&["check"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("snapshot CHANGED"));
    let accepted =
        std::fs::read_to_string(tmp.path().join("snapshots/liaocheng-daily/2022-07-05.snap"))
            .unwrap();
    assert!(accepted.contains("孙克锋") && !accepted.contains("孙克峰"));
    let out = ocrgate(&["accept", "no-such/2000-01-01"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_is_identical_at_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&common::corpus(), &tmp.path().join("corpus"));
    let mut snaps = Vec::new();
    for jobs in ["1", "2", "4"] {
        let dir = format!("snaps{jobs}");
        let out = ocrgate(&["check", "--jobs", jobs, "--snapshots", &dir], tmp.path());
        assert_eq!(out.status.code(), Some(1));
        let mut files = Vec::new();
        for id in [
            "liaocheng-daily/2022-07-05",
            "liaocheng-daily-retypeset/2022-07-05",
        ] {
            files
                .push(std::fs::read(tmp.path().join(&dir).join(format!("{id}.snap.new"))).unwrap());
        }
        snaps.push((stdout(&out), files));
    }
    assert_eq!(snaps[0], snaps[1]);
    assert_eq!(snaps[0], snaps[2]);
}

#[test]
fn rule_file_errors_name_file_line_column_and_exit_2() {
    let cases = [
        (
            "name: x\nrules:\n  dateline:\n    markers:\n      - '本报讯('\n",
            ":5:9",
            "does not compile",
        ),
        ("name: x\nname: y\n", ":2:1", "duplicate"),
        ("name: x\nrulez: {}\n", ":2:1", "unknown field"),
        (
            "name: x\nrules:\n  headline:\n    max_chars: lots\n",
            ":4:16",
            "",
        ),
        (
            "name: x\nprofile: klingon-newspaper\n",
            "",
            "unknown profile `klingon-newspaper`",
        ),
        ("name: [x\n", ":1:", ""),
    ];
    for (yaml, position, message) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let corpus = seed_corpus(tmp.path());
        std::fs::write(corpus.join("liaocheng-daily/publication.yaml"), yaml).unwrap();
        let out = ocrgate(&["check"], tmp.path());
        assert_eq!(out.status.code(), Some(2), "{yaml}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("liaocheng-daily/publication.yaml{position}")),
            "{yaml}\n{err}"
        );
        assert!(err.contains(message), "{yaml}\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn issue_folder_that_is_not_a_date_is_reported_not_fatal() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(tmp.path());
    std::fs::create_dir_all(corpus.join("liaocheng-daily/latest")).unwrap();
    std::fs::write(corpus.join("liaocheng-daily/latest/p01.txt"), "标题").unwrap();
    let out = ocrgate(&["check"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`latest` is not named after a date"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("9 articles"));
}

/// A wrong path must not turn a gate green by checking nothing: a
/// publication or issue folder, or a folder without issues, is a usage
/// error that says which folder to pass, and nothing is written.
#[test]
fn a_path_in_a_corpus_checks_that_part_and_the_corpus_is_found_from_below() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(tmp.path());
    copy_tree(
        &common::corpus().join("liaocheng-daily-retypeset"),
        &corpus.join("liaocheng-daily-retypeset"),
    );
    std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
    let checked = |o: &std::process::Output| {
        let text = stdout(o);
        let ids: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with("liaocheng-daily"))
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect();
        ids
    };
    let one = vec!["liaocheng-daily/2022-07-05".to_string()];
    // A publication's folder, an issue's folder, a glob over ids (bare or
    // through the corpus's path): that part, and the snapshots of the
    // project, never a store inside the corpus.
    for path in [
        "corpus/liaocheng-daily",
        "corpus/liaocheng-daily/2022-07-05",
        "liaocheng-daily/*",
        "corpus/liaocheng-daily/2022-*",
    ] {
        let out = ocrgate(&["check", path, "--update", "no"], tmp.path());
        assert_eq!(checked(&out), one, "{path}: {}", stderr(&out));
    }
    // `--corpus` is the same as the positional path, for every command.
    let out = ocrgate(
        &["check", "--corpus", "corpus", "--update", "no"],
        tmp.path(),
    );
    assert_eq!(checked(&out).len(), 2, "{}", stderr(&out));
    // From inside the corpus, with no path: found by walking up.
    let issue_dir = corpus.join("liaocheng-daily/2022-07-05");
    let out = ocrgate(&["check", "--update", "new"], &issue_dir);
    assert_eq!(checked(&out), one, "{}", stderr(&out));
    assert!(tmp
        .path()
        .join("snapshots/liaocheng-daily/2022-07-05.snap.new")
        .is_file());
    let out = ocrgate(&["check", "--update", "no"], &tmp.path().join("empty"));
    assert_eq!(checked(&out).len(), 2, "{}", stderr(&out));
    // accept and reject take the same selections, over what is pending.
    let out = ocrgate(&["accept", "liaocheng-daily/*"], &issue_dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "accepted liaocheng-daily/2022-07-05\n");
    // Again: settled already, as for an id; and never taken for `--all`.
    ocrgate(&["check", "--update", "new"], tmp.path());
    let out = ocrgate(&["accept", "liaocheng-daily/*"], tmp.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "liaocheng-daily/*: nothing pending\n");
    assert!(tmp
        .path()
        .join("snapshots/liaocheng-daily-retypeset/2022-07-05.snap.new")
        .is_file());
    let out = ocrgate(&["reject", "nope/*"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("matches no pending snapshot"),
        "{}",
        stderr(&out)
    );
    // What names nothing, or not a corpus, says so (exit 2, nothing written).
    for (path, says) in [
        ("nope/*", "names no issue of the corpus corpus"),
        ("empty", "no issues found"),
        ("missing", "no such corpus folder"),
    ] {
        let out = ocrgate(&["check", path, "--update", "new"], tmp.path());
        assert_eq!(out.status.code(), Some(2), "{path}: {}", stdout(&out));
        assert!(stderr(&out).contains(says), "{path}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{path}: {}", stdout(&out));
    }
    // The whole corpus only: the hint from a publication folder names `..`.
    let out = ocrgate(&["baseline", "write", "."], &corpus.join("liaocheng-daily"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("names part of it; pass the corpus folder: .."),
        "{}",
        stderr(&out)
    );
    let nowhere = tempfile::tempdir().unwrap();
    let out = ocrgate(&["check"], nowhere.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no corpus here"), "{}", stderr(&out));
    for dir in ["corpus/snapshots", "corpus/liaocheng-daily/snapshots"] {
        assert!(!tmp.path().join(dir).exists(), "{dir}");
    }
}

/// Where nothing may be written, a new issue and a changed one say which
/// they are.
#[test]
fn new_and_changed_snapshots_are_told_apart_when_not_written() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(tmp.path());
    let line = |o: &std::process::Output| {
        stdout(o)
            .lines()
            .find(|l| l.starts_with("liaocheng-daily/2022-07-05"))
            .unwrap_or_default()
            .to_string()
    };
    let o = ocrgate(
        &["check", "--findings", "none", "--update", "no"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        line(&o).ends_with("NEW snapshot, not written (--update no, or CI)"),
        "{}",
        line(&o)
    );
    ocrgate(
        &["check", "--findings", "none", "--update", "always"],
        tmp.path(),
    );
    let page = corpus.join("liaocheng-daily/2022-07-05/p01.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("履新", "履心", 1)).unwrap();
    let o = ocrgate(
        &["check", "--findings", "none", "--update", "no"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        line(&o).ends_with("snapshot CHANGED, not written (--update no, or CI)"),
        "{}",
        line(&o)
    );
}

#[test]
fn publication_rules_override_the_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(tmp.path());
    // A paper whose headlines are never longer than 12 characters: the
    // 18-character headline is no longer taken as one.
    std::fs::write(
        corpus.join("liaocheng-daily/publication.yaml"),
        "name: 聊城日报\nrules:\n  headline:\n    max_chars: 12\n",
    )
    .unwrap();
    let r = ocrgate::check_issue_dir(&corpus, "liaocheng-daily/2022-07-05")
        .unwrap()
        .result
        .unwrap();
    let heads: Vec<String> = r
        .articles
        .iter()
        .filter_map(|a| a.headline.clone())
        .collect();
    assert!(
        !heads.contains(&"我市上半年新增农民专业合作社1298户".to_string()),
        "{heads:?}"
    );
    assert!(
        heads.contains(&"我市全力提升本质安全水平".to_string()),
        "{heads:?}"
    );
}

/// The terminal report is streamed issue by issue unless another format is
/// written too; both ways print the same lines.
#[test]
fn the_streamed_terminal_report_equals_the_collected_one() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = seed_corpus(tmp.path());
    let dir = corpus.parent().unwrap();
    let args = ["check", "corpus", "--findings", "info", "--update", "no"];
    let streamed = ocrgate(&args, dir);
    let junit = tmp.path().join("junit.xml");
    let mut with_output = args.to_vec();
    let out = format!("junit={}", junit.display());
    with_output.extend(["--output", &out]);
    let collected = ocrgate(&with_output, dir);
    assert_eq!(streamed.status.code(), collected.status.code());
    let text = String::from_utf8_lossy(&streamed.stdout);
    assert!(text.contains("warning["), "{text}");
    assert_eq!(text, String::from_utf8_lossy(&collected.stdout));
    assert!(junit.is_file());
}

/// Completion scripts come from the command definition itself: every
/// shell's script names the subcommands and their flags, and the bash one
/// is valid bash. The man page lists the subcommands.
#[test]
fn completions_and_man_page_are_generated_from_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = ocrgate(&["completions", shell], dir.path());
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(o.stdout).unwrap();
        for word in ["check", "accept", "review", "no-wait", "changed-since"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
        if shell == "bash" {
            let path = dir.path().join("ocrgate.bash");
            std::fs::write(&path, &script).unwrap();
            let syntax = std::process::Command::new("bash")
                .arg("-n")
                .arg(&path)
                .output()
                .unwrap();
            assert!(
                syntax.status.success(),
                "{}",
                String::from_utf8_lossy(&syntax.stderr)
            );
        }
    }
    let o = ocrgate(&["completions", "tcsh"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let o = ocrgate(&["man"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let page = String::from_utf8(o.stdout).unwrap();
    assert!(
        page.starts_with(".ie") && page.contains(".TH ocrgate 1"),
        "{page}"
    );
    for word in ["check", "accept", "completions"] {
        assert!(
            page.contains(&format!("ocrgate\\-{word}")),
            "man: no {word}"
        );
    }
}

/// Messages a newcomer meets: a folder given as the baseline, `show` of an
/// issue with nothing pending, inverted thresholds, counts of one, and
/// changed snapshots on a run that writes nothing.
#[test]
fn messages_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    seed_corpus(d);
    // --baseline names a file.
    let o = ocrgate(&["check", "corpus", "--baseline", "corpus"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("corpus is a folder; --baseline (and `baseline:` in ocrgate.yaml) name the baseline file"),
        "{}",
        stderr(&o)
    );
    // The text report is not a file format: refused before the run, with
    // what to do instead, and nothing (no empty file) written.
    let o = ocrgate(&["check", "corpus", "--output", "text=out.txt"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("redirect it (`ocrgate check > out.txt`"),
        "{}",
        stderr(&o)
    );
    assert!(!d.join("out.txt").exists());
    // One issue, one page: singular; nothing written with --update no.
    let o = ocrgate(&["check", "corpus", "--update", "no"], d);
    let out = stdout(&o);
    assert!(
        out.contains("1 issue checked, 1 new or changed snapshot (not written), 0 input errors"),
        "{out}"
    );
    assert!(out.contains("   1 page  "), "{out}");
    // Written: pending.
    let o = ocrgate(&["check", "corpus"], d);
    assert!(stdout(&o).contains("1 issue checked, 1 pending snapshot, 0 input errors"));
    // `show` of an issue with nothing pending names what is pending.
    let o = ocrgate(&["show", "liaocheng-daily/2022-07-09"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nothing is pending for liaocheng-daily/2022-07-09; pending: liaocheng-daily/2022-07-05"),
        "{}",
        stderr(&o)
    );
    // warn above fail is refused where it is written.
    std::fs::write(
        d.join("corpus/ocrgate.yaml"),
        "thresholds:\n  cer:\n    warn: 0.5\n    fail: 0.1\n",
    )
    .unwrap();
    let o = ocrgate(&["check", "corpus", "--update", "no"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("ocrgate.yaml:3:5: warn (0.5) is above fail (0.1)"),
        "{}",
        stderr(&o)
    );
}

/// `init` writes a corpus configuration and a publication that the first
/// `check` reads, keeps an existing `.gitignore` and adds its lines once,
/// and never overwrites.
#[test]
fn init_starts_a_project_that_checks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(".gitignore"), "/target").unwrap();
    let args = [
        "init",
        ".",
        "--publication",
        "liaocheng-daily",
        "--name",
        "聊城日报: 市委机关报",
        "--language",
        "zh-Hans",
    ];
    let o = ocrgate(&args, d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let publication =
        std::fs::read_to_string(d.join("corpus/liaocheng-daily/publication.yaml")).unwrap();
    assert!(
        publication.contains("profile: zh-newspaper"),
        "{publication}"
    );
    let gitignore = std::fs::read_to_string(d.join(".gitignore")).unwrap();
    assert!(gitignore.starts_with("/target\n"), "{gitignore}");
    for line in ocrgate::init::GITIGNORE_LINES {
        assert_eq!(
            gitignore.lines().filter(|l| *l == line).count(),
            1,
            "{gitignore}"
        );
    }
    // The first issue checks with the written configuration; the display
    // name with a colon reads back as written.
    let issue = d.join("corpus/liaocheng-daily/2022-07-05");
    std::fs::create_dir_all(&issue).unwrap();
    std::fs::copy(
        common::corpus().join("liaocheng-daily/2022-07-05/p01.txt"),
        issue.join("p01.txt"),
    )
    .unwrap();
    let o = ocrgate(
        &["check", "corpus", "--format", "json", "--update", "no"],
        d,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["issues"][0]["articles"], 9);
    assert!(o
        .stdout
        .windows("聊城日报: 市委机关报".len())
        .any(|w| w == "聊城日报: 市委机关报".as_bytes()));
    // Never overwrites; a publication id that is a path is refused.
    let o = ocrgate(&args, d);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ocrgate.yaml exists; init does not overwrite"));
    let other = tempfile::tempdir().unwrap();
    let o = ocrgate(&["init", ".", "--publication", "../x"], other.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot be a publication folder"));
}

/// By default a run prints the findings of the issues that fail the gate
/// and one line for the rest; `--findings LEVEL` shows every issue's.
#[test]
fn default_output_shows_the_findings_of_failing_issues_only() {
    let dir = project();
    let d = dir.path();
    let diagnostics = |o: &std::process::Output| -> Vec<String> {
        stdout(o)
            .lines()
            .filter(|l| l.trim_start().starts_with("--> "))
            .map(|l| l.trim_start()[4..].split(':').next().unwrap().to_string())
            .collect()
    };
    // Everything passes: no diagnostics, and a line that says what was left out.
    let o = ocrgate(&["check", "--update", "no"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(diagnostics(&o).is_empty(), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(
            "of passing issues not shown (errors and warnings; --findings warning shows them)"
        ),
        "{}",
        stdout(&o)
    );
    let all = diagnostics(&ocrgate(
        &["check", "--update", "no", "--findings", "warning"],
        d,
    ));
    assert!(
        all.iter().any(|p| p.contains("liaocheng-daily/")),
        "{all:?}"
    );
    assert!(
        all.iter().any(|p| p.contains("liaocheng-daily-retypeset/")),
        "{all:?}"
    );
    // One issue's text changes: its snapshot fails, and only its findings show.
    let page = d.join("corpus/liaocheng-daily/2022-07-05/p01.txt");
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push_str("\n新增一段文字,用来改变快照。\n");
    std::fs::write(&page, text).unwrap();
    let o = ocrgate(&["check", "--update", "no"], d);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let shown = diagnostics(&o);
    assert!(!shown.is_empty(), "{}", stdout(&o));
    assert!(
        shown
            .iter()
            .all(|p| p.contains("corpus/liaocheng-daily/2022-07-05/")),
        "{shown:?}"
    );
}
