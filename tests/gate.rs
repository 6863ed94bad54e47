//! The CI gate: adopt a corpus with a baseline, fail on one new defect in
//! every output format, pass again when it is gone; shards merged equal the
//! whole run; SARIF and JUnit validate against their schemas; GitHub
//! annotations are capped; `--changed-since` picks exactly the touched
//! issues.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

const SEED: &str = "corpus/liaocheng-daily/2022-07-05/p01.txt";

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn adopt_then_regress_then_recover() {
    let dir = project();
    let d = dir.path();
    let o = ocrgate(&["baseline", "write", "corpus"], d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout(&o).starts_with("wrote corpus/../ocrgate-baseline.yaml (2 issues, "),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        ocrgate(&["check", "corpus", "--baseline"], d).status.code(),
        Some(0)
    );

    // One new defect: an impossible date in the seed.
    let page = d.join(SEED);
    let original = read(&page);
    assert!(original.contains("6月30日 早上7时"));
    std::fs::write(
        &page,
        original.replace("6月30日 早上7时", "6月31日 早上7时"),
    )
    .unwrap();
    let out = d.join("out");
    let o = ocrgate(
        &[
            "check",
            "corpus",
            "--baseline",
            "--format",
            "json",
            "--output",
            "junit=out/junit.xml",
            "--output",
            "sarif=out/result.sarif",
            "--output",
            "github=out/github.txt",
            "--output",
            "markdown=out/summary.md",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["schema"], "ocrgate-result/1");
    assert_eq!(json["verdict"]["exit_code"], 1);
    assert_eq!(json["totals"]["new_findings"], 1);
    let seed = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "liaocheng-daily/2022-07-05")
        .unwrap();
    let new = &seed["gate"]["baseline"]["new"];
    assert_eq!(new.as_array().unwrap().len(), 1);
    assert_eq!(new[0]["rule"], "date.invalid");
    // Every format names that one finding.
    let junit = read(&out.join("junit.xml"));
    assert!(
        junit.contains("date.invalid") && junit.contains("1 new finding"),
        "{junit}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&read(&out.join("result.sarif"))).unwrap();
    let new_results: Vec<&serde_json::Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["baselineState"] == "new")
        .collect();
    assert_eq!(new_results.len(), 1);
    assert_eq!(new_results[0]["ruleId"], "date.invalid");
    // Annotated: the new finding at its line, the snapshot change at its
    // article, the finding the change adds, and the verdict.
    let github = read(&out.join("github.txt"));
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), 4, "{github}");
    assert!(
        lines[0].starts_with("::error file=corpus/liaocheng-daily/2022-07-05/p01.txt,line=119,")
            && lines[0].contains("date.invalid"),
        "{github}"
    );
    assert!(
        lines[1].starts_with("::error file=corpus/liaocheng-daily/2022-07-05/p01.txt,line=117,")
            && lines[1].contains("1 article changed, findings +1 −0"),
        "{github}"
    );
    assert!(lines[3].starts_with("::error title=ocrgate: gate failed::liaocheng-daily/2022-07-05: snapshot changed: 1 article changed, findings +1 −0, 1 new finding"), "{github}");
    let md = read(&out.join("summary.md"));
    assert!(
        md.contains("❌ failed") && md.contains("date.invalid") && md.contains("1 new finding"),
        "{md}"
    );

    // Gone again: passes.
    std::fs::write(&page, &original).unwrap();
    let o = ocrgate(&["check", "corpus", "--baseline"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn fixed_findings_pass_and_strict_baseline_fails_on_stale_entries() {
    let dir = project();
    let d = dir.path();
    ocrgate(
        &[
            "baseline",
            "write",
            "corpus",
            "--baseline",
            "gate/baseline.yaml",
        ],
        d,
    );
    // Fix a look-alike: one baseline entry goes away.
    let page = d.join(SEED);
    std::fs::write(&page, read(&page).replace("人园企业", "入园企业")).unwrap();
    ocrgate(&["check", "corpus", "--update", "always"], d);
    let o = ocrgate(&["check", "corpus", "--baseline", "gate/baseline.yaml"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("baseline: 0 new, 0 grown, 1 fixed (1 gone)"),
        "{}",
        stdout(&o)
    );
    let o = ocrgate(
        &[
            "check",
            "corpus",
            "--baseline",
            "gate/baseline.yaml",
            "--strict-baseline",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    // Rewriting the baseline shrinks it.
    ocrgate(
        &[
            "baseline",
            "write",
            "corpus",
            "--baseline",
            "gate/baseline.yaml",
        ],
        d,
    );
    assert_eq!(
        ocrgate(
            &[
                "check",
                "corpus",
                "--baseline",
                "gate/baseline.yaml",
                "--strict-baseline"
            ],
            d
        )
        .status
        .code(),
        Some(0)
    );
}

#[test]
fn thresholds_warn_and_fail() {
    let dir = project();
    let d = dir.path();
    std::fs::write(
        d.join("corpus/ocrgate.yaml"),
        "thresholds:\n  warnings_per_1k_chars: { warn: 1, fail: 100 }\n  cer: { warn: 0.01, fail: 0.5 }\n",
    )
    .unwrap();
    let o = ocrgate(&["check", "corpus"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("threshold warn: liaocheng-daily-retypeset/2022-07-05 cer = 0.0208 (warn 0.01, fail 0.5)"), "{}", stdout(&o));
    // A publication tightens one threshold.
    std::fs::write(
        d.join("corpus/liaocheng-daily/publication.yaml"),
        "name: 聊城日报\nthresholds:\n  warnings_per_1k_chars: { fail: 2 }\n",
    )
    .unwrap();
    let o = ocrgate(&["check", "corpus", "--format", "json"], d);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let reasons = json["verdict"]["reasons"].to_string();
    assert!(
        reasons.contains("liaocheng-daily/2022-07-05: ")
            && reasons.contains("warnings_per_1k_chars 4.")
            && reasons.contains(" > 2"),
        "{reasons}"
    );
    // A typo is a located configuration error.
    std::fs::write(
        d.join("corpus/ocrgate.yaml"),
        "thresholds:\n  cer: { wran: 1 }\n",
    )
    .unwrap();
    let o = ocrgate(&["check", "corpus"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ocrgate.yaml:2:"));
}

#[test]
fn shards_merged_equal_the_whole_run() {
    let dir = project();
    let d = dir.path();
    let whole = ocrgate(
        &["check", "corpus", "--update", "no", "--format", "json"],
        d,
    );
    for k in ["1/2", "2/2"] {
        let name = format!("shard{}.json", &k[..1]);
        let o = ocrgate(
            &[
                "check",
                "corpus",
                "--update",
                "no",
                "--shard",
                k,
                "--output",
                &format!("json={name}"),
                "--format",
                "markdown",
            ],
            d,
        );
        assert_ne!(o.status.code(), Some(2));
    }
    let a: serde_json::Value = serde_json::from_str(&read(&d.join("shard1.json"))).unwrap();
    let b: serde_json::Value = serde_json::from_str(&read(&d.join("shard2.json"))).unwrap();
    assert_eq!(
        a["issues"].as_array().unwrap().len() + b["issues"].as_array().unwrap().len(),
        2,
        "each issue in exactly one shard"
    );
    let merged = ocrgate(
        &["merge", "shard1.json", "shard2.json", "--format", "json"],
        d,
    );
    assert_eq!(merged.status.code(), whole.status.code());
    assert_eq!(stdout(&merged), stdout(&whole));
    // Overlapping shards are refused.
    let o = ocrgate(&["merge", "shard1.json", "shard1.json"], d);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sarif_validates_against_the_sarif_schema() {
    let dir = project();
    let d = dir.path();
    let o = ocrgate(
        &["check", "corpus", "--update", "no", "--format", "sarif"],
        d,
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The OASIS schema's pattern for `run.language` is not a valid regex (a
    // stray `]`); the validator checks patterns, so that one pattern is
    // repaired in memory. We never write `language`.
    let text = read(&repo().join("tests/schemas/sarif-schema-2.1.0.json")).replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(doc["runs"][0]["results"].as_array().unwrap().len() > 20);
    assert_eq!(
        doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        ocrgate::validate::registry::RULES.len()
    );
    // Columns are UTF-16 code units: BMP CJK is one unit per character, so
    // the seed's columns equal the character columns.
    let r = &doc["runs"][0]["results"][0];
    assert!(
        r["locations"][0]["physicalLocation"]["region"]["startColumn"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert!(r["partialFingerprints"]["ocrgate/v1"].is_string());
}

#[test]
fn junit_validates_against_the_xsd() {
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("skipped: xmllint (libxml2-utils) is not installed; .ci/run installs it");
        return;
    }
    let dir = project();
    let d = dir.path();
    // A failing run, so failures and messages are in the file too.
    let page = d.join(SEED);
    std::fs::write(
        &page,
        read(&page).replace("6月30日 早上7时", "6月31日 早上7时"),
    )
    .unwrap();
    ocrgate(
        &[
            "check",
            "corpus",
            "--update",
            "no",
            "--output",
            "junit=junit.xml",
        ],
        d,
    );
    let xml = read(&d.join("junit.xml"));
    assert!(xml.contains("<failure"), "{xml}");
    let o = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(repo().join("tests/schemas/junit.xsd"))
        .arg(d.join("junit.xml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn github_annotations_are_capped_and_summarised() {
    let dir = project();
    let d = dir.path();
    let summary = d.join("step-summary.md");
    let github = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_ocrgate"))
            .args(["check", "corpus", "--update", "no", "--format", "github"])
            .args(args)
            .current_dir(d)
            .env_remove("CI")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        (o.status.code(), stdout(&o))
    };
    // A passing run annotates nothing: the warnings of unchanged issues
    // are not what a pull request has to fix.
    let (code, text) = github(&[]);
    assert_eq!((code, text.as_str()), (Some(0), ""), "{text}");
    assert!(read(&summary).starts_with("## ocrgate: ✅ passed"));
    // Against an empty baseline every finding is new: 10 of them are
    // annotated at their lines, the rest counted, the verdict last.
    std::fs::write(d.join("empty-baseline.yaml"), "version: 1\nissues: {}\n").unwrap();
    let (code, text) = github(&["--baseline", "empty-baseline.yaml"]);
    assert_eq!(code, Some(1));
    let errors: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("::error file="))
        .collect();
    assert_eq!(errors.len(), 10, "{text}");
    assert!(errors
        .iter()
        .all(|l| l.contains(",line=") && l.contains("against the baseline")));
    let lines: Vec<&str> = text.lines().collect();
    let notice = lines[lines.len() - 2];
    assert!(
        notice.starts_with("::notice title=ocrgate::")
            && notice.contains("more error(s) and 0 more warning(s) not annotated"),
        "{notice}"
    );
    assert!(lines[lines.len() - 1].starts_with("::error title=ocrgate: gate failed::"));
}

fn checked(d: &Path, rev: &str) -> Vec<String> {
    let o = ocrgate(
        &[
            "check",
            "corpus",
            "--update",
            "no",
            "--changed-since",
            rev,
            "--format",
            "json",
        ],
        d,
    );
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn changed_since_checks_exactly_the_touched_issues() {
    let dir = project();
    let d = dir.path();
    // A full local check confirms the snapshots with this tool
    // (`snapshots/.ocrgate-tool`), as a team does before committing.
    assert_eq!(ocrgate(&["check", "corpus"], d).status.code(), Some(0));
    assert!(d.join("snapshots/.ocrgate-tool").is_file());
    git(d, &["init", "-q"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "corpus"]);
    // Nothing changed.
    assert!(checked(d, "HEAD").is_empty());
    // One page of one issue.
    let page = d.join(SEED);
    std::fs::write(&page, read(&page) + "\n").unwrap();
    git(d, &["commit", "-q", "-am", "touch the seed"]);
    assert_eq!(checked(d, "HEAD~1"), vec!["liaocheng-daily/2022-07-05"]);
    // A publication's configuration: all its issues.
    let conf = d.join("corpus/liaocheng-daily-retypeset/publication.yaml");
    std::fs::write(&conf, read(&conf) + "\n").unwrap();
    git(d, &["commit", "-q", "-am", "touch a publication"]);
    assert_eq!(
        checked(d, "HEAD~1"),
        vec!["liaocheng-daily-retypeset/2022-07-05"]
    );
    assert_eq!(checked(d, "HEAD~2").len(), 2);
    // The corpus-wide configuration: everything; an untracked new file counts.
    std::fs::write(d.join("corpus/ocrgate.yaml"), "checks: {}\n").unwrap();
    assert_eq!(checked(d, "HEAD").len(), 2);
    // A revision git does not know is a usage error.
    let o = ocrgate(&["check", "corpus", "--changed-since", "no-such-rev"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a commit"));
    // An option in place of a revision is refused, and git never runs with
    // it: before, git wrote the named file and the gate passed, 0 issues.
    for rev in ["--output=injected.txt", "-p"] {
        let o = ocrgate(&["check", "corpus", &format!("--changed-since={rev}")], d);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{rev}: {err}");
        assert!(err.contains("is not a git revision"), "{rev}: {err}");
    }
    assert!(!d.join("injected.txt").exists() && !d.join("corpus/injected.txt").exists());
    // A page under a Chinese name (git quotes such names unless asked
    // not to) is still found.
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "config"]);
    let dir_zh = d.join("corpus/liaocheng-daily/2022-07-05");
    std::fs::write(dir_zh.join("说明.txt"), "备注\n").unwrap();
    assert_eq!(checked(d, "HEAD"), vec!["liaocheng-daily/2022-07-05"]);
}

#[test]
fn the_verdict_line_names_five_failures_and_counts_the_rest() {
    // Seven issues with new snapshots: the terminal says which five, how
    // many more, and the JSON result lists all seven.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let issue = corpus().join("liaocheng-daily/2022-07-05");
    for day in 1..=7 {
        copy_tree(
            &issue,
            &d.join(format!("corpus/liaocheng-daily/2022-07-0{day}")),
        );
    }
    std::fs::copy(
        corpus().join("liaocheng-daily/publication.yaml"),
        d.join("corpus/liaocheng-daily/publication.yaml"),
    )
    .unwrap();
    let o = ocrgate(
        &["check", "corpus", "--update", "no", "--findings", "none"],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    let verdict = stdout(&o)
        .lines()
        .find(|l| l.starts_with("verdict: "))
        .unwrap()
        .to_string();
    assert!(
        verdict.starts_with("verdict: failed (liaocheng-daily/2022-07-01: snapshot new; ")
            && verdict.contains("liaocheng-daily/2022-07-05: snapshot new; and 2 more)"),
        "{verdict}"
    );
    assert!(!verdict.contains("2022-07-06"), "{verdict}");
    assert!(!verdict.contains("2022-07-07"), "{verdict}");
    let o = ocrgate(
        &["check", "corpus", "--update", "no", "--format", "json"],
        d,
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["verdict"]["reasons"].as_array().unwrap().len(), 7);
}
