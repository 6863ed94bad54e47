//! The validation side of the command line: `rules`, `explain`, findings
//! printed as diagnostics by `check`, colour handling, and configuration
//! mistakes in `checks:` and `expect:`.

mod common;

use common::*;
use std::path::Path;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn seed_corpus(dir: &Path) {
    copy_tree(
        &corpus().join("liaocheng-daily"),
        &dir.join("corpus/liaocheng-daily"),
    );
}

#[test]
fn rules_lists_every_registered_rule() {
    let out = ocrgate(&["rules"], &repo());
    assert_eq!(out.status.code(), Some(0));
    let listing = text(&out.stdout);
    for rule in ocrgate::validate::registry::RULES {
        let line = listing
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.id))
            .unwrap_or_else(|| panic!("{} missing from `ocrgate rules`", rule.id));
        assert!(
            line.contains(rule.severity.as_str()) && line.contains(rule.summary),
            "{line}"
        );
    }
}

#[test]
fn explain_shows_the_doc_and_what_the_bad_example_reports() {
    let out = ocrgate(&["explain", "number.split"], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc = text(&out.stdout);
    assert!(doc.starts_with("number.split (warning): a number or its unit broken by a stray space"));
    // The diagnostic of the bad example, with a caret under `200万 元`.
    assert!(
        doc.contains("warning[number.split]: `200万 元` is one number split by a space"),
        "{doc}"
    );
    assert!(doc.contains("= help: write `200万元`"), "{doc}");
    assert!(doc.contains("Good: this page is not"));

    let out = ocrgate(&["explain", "number.splt"], &repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `number.split`?"));
}

#[test]
fn rules_markdown_is_the_committed_docs_file() {
    let out = ocrgate(&["rules", "--markdown"], &repo());
    let committed = std::fs::read_to_string(repo().join("docs/rules.md")).unwrap();
    assert!(
        text(&out.stdout) == committed,
        "docs/rules.md is out of date: run `cargo run -- rules --markdown > docs/rules.md`"
    );
}

#[test]
fn check_prints_findings_as_diagnostics_without_colour_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    seed_corpus(dir.path());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ocrgate"))
        .args(["check", "corpus"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(!stdout.contains('\u{1b}'), "no escape codes in a pipe");
    // A located diagnostic with the source line and a caret under `政`
    // (display width: 13 CJK characters and one ASCII quote before it).
    let want = "warning[para.broken]: paragraph breaks mid-word at `…求让我们对政`";
    let at = stdout.find(want).unwrap_or_else(|| panic!("{stdout}"));
    let block: Vec<&str> = stdout[at..].lines().take(6).collect();
    assert_eq!(
        block[1],
        "  --> corpus/liaocheng-daily/2022-07-05/p01.txt:31:14"
    );
    assert!(
        block[3].starts_with("31 | \"曾晓黎主席的要求让我们对政 162名"),
        "{}",
        block[3]
    );
    assert_eq!(block[4], format!("   | {}^^", " ".repeat(1 + 12 * 2)));
    // Errors only: warnings are not printed.
    let out = ocrgate(&["check", "corpus", "--findings", "error"], dir.path());
    assert!(!text(&out.stdout).contains("warning["));
}

#[test]
fn colour_is_forced_only_without_no_color() {
    let dir = tempfile::tempdir().unwrap();
    seed_corpus(dir.path());
    let run = |envs: &[(&str, &str)]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ocrgate"));
        cmd.args(["check", "corpus", "--snapshots", "snaps"])
            .current_dir(dir.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        text(&cmd.output().unwrap().stdout)
    };
    assert!(run(&[("CLICOLOR_FORCE", "1")]).contains("\u{1b}["));
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'));
    let out = ocrgate(
        &[
            "check",
            "corpus",
            "--snapshots",
            "snaps",
            "--color",
            "always",
        ],
        dir.path(),
    );
    // NO_COLOR is set by the helper; an explicit --color always still wins.
    assert!(text(&out.stdout).contains("\u{1b}["));
}

#[test]
fn check_settings_change_severity_and_switch_rules_off() {
    let dir = tempfile::tempdir().unwrap();
    seed_corpus(dir.path());
    std::fs::write(
        dir.path().join("corpus/ocrgate.yaml"),
        "checks:\n  space.cjk: off\n  para: info\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("corpus/liaocheng-daily/publication.yaml"),
        "name: 聊城日报\nchecks:\n  para.broken: error\n",
    )
    .unwrap();
    let outcome =
        ocrgate::check_issue_dir(&dir.path().join("corpus"), "liaocheng-daily/2022-07-05").unwrap();
    let findings = outcome.result.unwrap().findings;
    assert!(!findings.iter().any(|f| f.rule == "space.cjk"));
    let sev = |rule: &str| {
        findings
            .iter()
            .find(|f| f.rule == rule)
            .map(|f| f.severity.as_str())
    };
    assert_eq!(
        sev("para.truncated"),
        Some("info"),
        "family setting from ocrgate.yaml"
    );
    assert_eq!(
        sev("para.broken"),
        Some("error"),
        "publication overrides the corpus"
    );
}

#[test]
fn issue_expectations_override_the_publication() {
    let dir = tempfile::tempdir().unwrap();
    seed_corpus(dir.path());
    let issue = dir.path().join("corpus/liaocheng-daily/2022-07-05");
    std::fs::write(
        issue.join("issue.yaml"),
        "expect:\n  articles_per_page: [12, 30]\n",
    )
    .unwrap();
    let outcome =
        ocrgate::check_issue_dir(&dir.path().join("corpus"), "liaocheng-daily/2022-07-05").unwrap();
    let findings = outcome.result.unwrap().findings;
    let f = findings
        .iter()
        .find(|f| f.rule == "page.article-count")
        .expect("8 headed articles < 12");
    assert!(
        f.message
            .contains("has 8 headed articles; expected 12 to 30"),
        "{}",
        f.message
    );
    // The publication's required fields still apply.
    assert!(findings.iter().any(|f| f.rule == "field.missing"));
}

/// A look-alike misread is reported with its suggestion; the same letters
/// on the publication's vocabulary are the paper's own word and are not.
#[test]
fn suspect_characters_respect_the_vocabulary() {
    let page = "我市培育乡村电商人才\n\n本报讯（记者 曹天伟）市里举办了农村电商塔训班，学员们表示收获很大。\n";
    let run = |publication: &str| {
        let dir = tempfile::tempdir().unwrap();
        let issue = dir.path().join("corpus/p/2022-07-05");
        std::fs::create_dir_all(&issue).unwrap();
        std::fs::write(issue.join("p01.txt"), page).unwrap();
        std::fs::write(dir.path().join("corpus/p/publication.yaml"), publication).unwrap();
        let out = ocrgate(
            &["check", "corpus", "--update", "no", "--format", "json"],
            dir.path(),
        );
        assert!(out.status.code().unwrap() < 2, "{}", text(&out.stderr));
        let run: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        run["issues"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "char.suspect")
            .map(|f| f["suggestion"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let plain = "name: 测试\nlanguage: zh-Hans\n";
    assert_eq!(run(plain), ["check the image; if it shows `培`, write it"]);
    let own = format!("{plain}expect:\n  vocabulary: [塔训班]\n");
    assert!(run(&own).is_empty());
}

#[test]
fn mistakes_in_checks_and_expect_are_located_and_exit_2() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "checks:\n  para.brokn: off\n",
            "publication.yaml:2:",
            "did you mean `para.broken`",
        ),
        (
            "checks:\n  date.dateline-stale:\n    max_dayz: 3\n",
            "publication.yaml:3:",
            "max_days",
        ),
        (
            "checks:\n  space.cjk: loud\n",
            "publication.yaml:2:",
            "not a level",
        ),
        (
            "expect:\n  required: [headline, author]\n",
            "publication.yaml",
            "unknown field `author`",
        ),
        (
            "expect:\n  name_pattern: '(unclosed'\n",
            "publication.yaml:2:",
            "does not compile",
        ),
        (
            "expect:\n  articles_per_page: [5, 1]\n",
            "publication.yaml",
            "min above max",
        ),
        ("expect:\n  roster: 孙克锋\n", "publication.yaml:2:", ""),
    ];
    for (yaml, location, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        seed_corpus(dir.path());
        std::fs::write(
            dir.path().join("corpus/liaocheng-daily/publication.yaml"),
            yaml,
        )
        .unwrap();
        let out = ocrgate(&["check", "corpus"], dir.path());
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{yaml}: {err}");
        assert!(
            err.contains(location) && err.contains(message),
            "{yaml}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}
