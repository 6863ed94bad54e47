//! The CI gate tells the truth and shows why (issue 21): a changed-only
//! run sees every change that can alter a verdict, `merge` refuses a
//! missing shard, a CI log and every CI output carry the diff, the change
//! summary and the reason, annotations say what failed, a findings-only
//! gate exists, generated files stay out of commits; and the CI and batch
//! examples run as their scheduler would run them.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

const SEED: &str = "corpus/liaocheng-daily/2022-07-05/p01.txt";
const SEED_ID: &str = "liaocheng-daily/2022-07-05";

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// Runs ocrgate as a CI system would: `CI=true`.
fn on_ci(args: &[&str], d: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ocrgate"))
        .args(args)
        .current_dir(d)
        .env("CI", "true")
        .env("NO_COLOR", "1")
        .env_remove("OCRGATE_JOBS")
        .env_remove("OCRGATE_UPDATE")
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap()
}

/// The bundled corpus in a git repository, as a team has it: snapshots
/// confirmed by a full local check, a baseline, the ignore lines.
fn repository() -> tempfile::TempDir {
    let dir = project();
    let d = dir.path();
    assert_eq!(ocrgate(&["check", "corpus"], d).status.code(), Some(0));
    assert_eq!(
        ocrgate(&["baseline", "write", "corpus"], d).status.code(),
        Some(0)
    );
    std::fs::write(
        d.join(".gitignore"),
        ocrgate::init::GITIGNORE_LINES.join("\n") + "\n",
    )
    .unwrap();
    git(d, &["init", "-q"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "corpus"]);
    dir
}

/// The ids a CI `--changed-since` run checked, and its exit code and log.
fn changed_run(d: &Path, extra: &[&str]) -> (Vec<String>, Option<i32>, String) {
    let mut args = vec!["check", "corpus", "--changed-since", "HEAD"];
    args.extend(extra);
    let o = on_ci(&args, d);
    let json = on_ci(&[args.as_slice(), &["--format", "json"]].concat(), d);
    assert_ne!(json.status.code(), Some(2), "{}", err(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let ids = v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    (ids, o.status.code(), text(&o))
}

#[test]
fn changed_since_sees_snapshots_baselines_deletions_and_a_new_tool() {
    let dir = repository();
    let d = dir.path();
    assert_eq!(changed_run(d, &[]).0, Vec::<String>::new());

    // An edited snapshot: before, 0 issues were checked and the gate passed.
    let snap = d.join(format!("snapshots/{SEED_ID}.snap"));
    let accepted = read(&snap);
    std::fs::write(&snap, accepted.replacen("headline: ", "headline: X", 1)).unwrap();
    let (ids, code, log) = changed_run(d, &[]);
    assert_eq!((ids, code), (vec![SEED_ID.to_string()], Some(1)), "{log}");
    assert_eq!(
        on_ci(&["check", "corpus"], d).status.code(),
        Some(1),
        "a full check agrees"
    );
    git(d, &["checkout", "-q", "--", "."]);

    // The baseline's entry of one issue: that issue, and only with --baseline.
    let base = d.join("ocrgate-baseline.yaml");
    let b: ocrgate::gate::Baseline = serde_saphyr::from_str(&read(&base)).unwrap();
    let mut fewer = b.clone();
    fewer.issues.remove(SEED_ID);
    fewer.write(&base).unwrap();
    let (ids, code, log) = changed_run(d, &["--baseline"]);
    assert_eq!((ids, code), (vec![SEED_ID.to_string()], Some(1)), "{log}");
    assert!(log.contains("new"), "{log}");
    assert!(changed_run(d, &[]).0.is_empty());
    git(d, &["checkout", "-q", "--", "."]);

    // A deleted publication whose snapshots stay: an orphan, a failure on CI.
    git(d, &["rm", "-rq", "corpus/liaocheng-daily"]);
    let (ids, code, log) = changed_run(d, &[]);
    assert!(ids.is_empty());
    assert_eq!(code, Some(1), "{log}");
    assert!(
        log.contains("unreferenced snapshot: ")
            && log.contains(&format!("{SEED_ID}.snap"))
            && log.contains("verdict: failed (1 unreferenced snapshot(s))"),
        "{log}"
    );
    git(d, &["reset", "-q", "--hard"]);

    // Another tool (here: another stamp) may compute every issue anew.
    let stamp = d.join("snapshots/.ocrgate-tool");
    std::fs::write(&stamp, "ocrgate 0.0.1 rules 0123456789abcdef\n").unwrap();
    let (ids, code, log) = changed_run(d, &[]);
    assert_eq!((ids.len(), code), (2, Some(0)), "{log}");
    assert!(
        log.contains("note: rules changed: the snapshots were last confirmed by `ocrgate 0.0.1 rules 0123456789abcdef`")
            && log.contains("checking every issue"),
        "{log}"
    );
    // No stamp at all: the same, and the note says how to get one.
    std::fs::remove_file(&stamp).unwrap();
    let (ids, _, log) = changed_run(d, &[]);
    assert_eq!(ids.len(), 2);
    assert!(log.contains("note: rules unknown:"), "{log}");
    // A full local check that leaves nothing pending writes it again.
    assert_eq!(ocrgate(&["check", "corpus"], d).status.code(), Some(0));
    assert_eq!(git(d, &["status", "--porcelain"]), "");
}

/// Shard results of one run over `d`, written as `name-K.json`.
fn shards(d: &Path, n: u32, name: &str, target: &str) -> Vec<String> {
    (1..=n)
        .map(|k| {
            let file = format!("{name}-{k}.json");
            let shard = format!("{k}/{n}");
            let output = format!("json={file}");
            let o = on_ci(
                &["check", target, "--shard", &shard, "--output", &output],
                d,
            );
            assert_ne!(o.status.code(), Some(2), "{}", err(&o));
            file
        })
        .collect()
}

#[test]
fn merge_refuses_a_missing_shard_a_repeated_one_and_another_run() {
    let dir = project();
    let d = dir.path();
    // The seed fails the gate (a changed snapshot).
    let page = d.join(SEED);
    std::fs::write(&page, read(&page).replace("陈广强", "陈广弓")).unwrap();
    let files = shards(d, 3, "s", "corpus");
    let holder = files
        .iter()
        .position(|f| read(&d.join(f)).contains(&format!("\"id\": \"{SEED_ID}\"")))
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&read(&d.join(&files[holder]))).unwrap();
    assert_eq!(json["shard"]["index"], holder + 1);
    assert_eq!(json["shard"]["count"], 3);
    assert_eq!(json["scope"]["selection"], "every issue");
    assert_eq!(json["scope"]["shard_rule"], "blake3(issue id) mod 3");
    assert_eq!(json["scope"]["corpus_issues"], 2);
    assert!(json["scope"]["corpus"].as_str().unwrap().len() == 16);
    assert!(json["scope"]["tool"]
        .as_str()
        .unwrap()
        .starts_with("ocrgate "));

    // Without the failing shard: before, `verdict: passed`.
    let rest: Vec<&str> = files
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != holder)
        .map(|(_, f)| f.as_str())
        .collect();
    let o = ocrgate(&[&["merge"][..], &rest].concat(), d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        err(&o).contains(&format!("shard {}/3 is missing", holder + 1)),
        "{}",
        err(&o)
    );
    // Every shard once: the whole run's verdict.
    let all: Vec<&str> = files.iter().map(String::as_str).collect();
    let o = ocrgate(&[&["merge"][..], &all, &["--format", "text"]].concat(), d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains(
            "verdict: failed (liaocheng-daily/2022-07-05: snapshot changed: 1 article changed)"
        ),
        "{}",
        text(&o)
    );
    // One twice.
    let o = ocrgate(&["merge", &files[0], &files[1], &files[2], &files[0]], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("is given twice"), "{}", err(&o));
    // A shard of another corpus (an issue added in between).
    let other = d.join("corpus/liaocheng-daily/2022-07-06");
    copy_tree(&d.join("corpus/liaocheng-daily/2022-07-05"), &other);
    let late = shards(d, 3, "late", "corpus");
    std::fs::remove_dir_all(&other).unwrap();
    let o = ocrgate(&["merge", &files[0], &files[1], &late[2]], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("corpus listing"), "{}", err(&o));
    // Another selection, another shard count.
    let part = shards(d, 3, "part", "corpus/liaocheng-daily");
    let o = ocrgate(&["merge", &files[0], &files[1], &part[2]], d);
    assert!(err(&o).contains("selection"), "{}", err(&o));
    let two = shards(d, 2, "two", "corpus");
    let o = ocrgate(&["merge", &files[0], &files[1], &two[1]], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("shard rule"), "{}", err(&o));
}

#[test]
fn sixteen_shards_in_parallel_merge_to_exactly_the_unsharded_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A generated corpus: the seed issue under 48 dates, a few damaged.
    let seed = read(&repo().join(SEED));
    for day in 0..48 {
        let folder = d.join(format!(
            "corpus/paper-{}/2022-{:02}-{:02}",
            day % 3,
            1 + day / 28,
            1 + day % 28
        ));
        std::fs::create_dir_all(&folder).unwrap();
        let page = if day % 5 == 0 {
            seed.replace("6月30日 早上7时", "6月31日 早上7时")
        } else {
            seed.clone()
        };
        std::fs::write(folder.join("p01.txt"), page).unwrap();
    }
    let whole = ocrgate(
        &["check", "corpus", "--update", "no", "--format", "json"],
        d,
    );
    assert_eq!(whole.status.code(), Some(1));
    let children: Vec<std::process::Child> = (1..=16)
        .map(|k| {
            Command::new(env!("CARGO_BIN_EXE_ocrgate"))
                .args(["check", "corpus", "--update", "no", "--jobs", "1"])
                .arg("--shard")
                .arg(format!("{k}/16"))
                .arg("--output")
                .arg(format!("json=shard-{k}.json"))
                .current_dir(d)
                .env_remove("CI")
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert_ne!(c.wait().unwrap().code(), Some(2));
    }
    let files: Vec<String> = (1..=16).map(|k| format!("shard-{k}.json")).collect();
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let merged = ocrgate(&[&["merge"][..], &names, &["--format", "json"]].concat(), d);
    assert_eq!(merged.status.code(), Some(1));
    assert_eq!(text(&merged), text(&whole));
}

#[test]
fn a_ci_log_and_every_ci_output_show_what_changed_and_why() {
    let dir = project();
    let d = dir.path();
    let page = d.join(SEED);
    std::fs::write(&page, read(&page).replace("陈广强", "陈广弓")).unwrap();
    // The log: the change summary under the issue, its diff, the reason.
    let o = on_ci(&["check", "corpus", "--diff"], d);
    assert_eq!(o.status.code(), Some(1));
    let log = text(&o);
    assert!(log.contains("changes: 1 article changed"), "{log}");
    assert!(
        log.contains("── liaocheng-daily/2022-07-05: 1 article changed ──"),
        "{log}"
    );
    assert!(log.contains("陈广[-强-]{+弓+}说"), "{log}");
    assert!(
        log.contains(
            "verdict: failed (liaocheng-daily/2022-07-05: snapshot changed: 1 article changed)"
        ),
        "{log}"
    );
    // Capped per issue, saying how much was cut and how to see it all.
    let o = on_ci(&["check", "corpus", "--diff", "--diff-lines", "3"], d);
    let log = text(&o);
    assert!(
        log.contains(
            "more diff lines of liaocheng-daily/2022-07-05 not shown (--diff-lines 0 shows all"
        ),
        "{log}"
    );
    // Nothing was written.
    assert!(ocrgate::snapshot::pending_files(&d.join("snapshots"))
        .unwrap()
        .is_empty());

    let o = on_ci(
        &[
            "check",
            "corpus",
            "--format",
            "json",
            "--output",
            "junit=junit.xml",
            "--output",
            "markdown=summary.md",
            "--output",
            "github=annotations.txt",
        ],
        d,
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let seed = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == SEED_ID)
        .unwrap();
    assert_eq!(seed["change"], "1 article changed");
    assert!(seed["diff"]
        .as_str()
        .unwrap()
        .contains("陈广[-强-]{+弓+}说"));
    assert_eq!(
        json["verdict"]["reasons"][0],
        "liaocheng-daily/2022-07-05: snapshot changed: 1 article changed"
    );
    let junit = read(&d.join("junit.xml"));
    assert!(
        junit.contains("<failure message=\"snapshot changed: 1 article changed\"")
            && junit.contains("<system-out>liaocheng-daily/2022-07-05: 1 article changed")
            && junit.contains("陈广[-强-]{+弓+}说"),
        "{junit}"
    );
    let md = read(&d.join("summary.md"));
    assert!(
        md.contains("| `liaocheng-daily/2022-07-05` | snapshot changed: 1 article changed |")
            && md.contains(
                "<details><summary>liaocheng-daily/2022-07-05 — 1 article changed</summary>"
            )
            && md.contains("陈广[-强-]{+弓+}说"),
        "{md}"
    );
    let gh = read(&d.join("annotations.txt"));
    assert!(
        gh.starts_with("::error file=corpus/liaocheng-daily/2022-07-05/p01.txt,line=")
            && gh.contains("title=snapshot changed liaocheng-daily/2022-07-05::the snapshot changed: 1 article changed")
            && gh.lines().last().unwrap().starts_with("::error title=ocrgate: gate failed::"),
        "{gh}"
    );
    // Thresholds give their figure and limit as the reason.
    std::fs::write(
        d.join("corpus/ocrgate.yaml"),
        "thresholds:\n  warnings_per_1k_chars: { fail: 2 }\n",
    )
    .unwrap();
    let o = on_ci(&["check", "corpus", "--format", "json"], d);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let reasons = json["verdict"]["reasons"].to_string();
    assert!(
        reasons.contains("warnings_per_1k_chars 4.") && reasons.contains(" > 2"),
        "{reasons}"
    );
}

#[test]
fn a_findings_only_gate_passes_without_snapshots_and_fails_on_new_findings() {
    let dir = project();
    let d = dir.path();
    std::fs::remove_dir_all(d.join("snapshots")).unwrap();
    assert_eq!(
        ocrgate(&["baseline", "write", "corpus"], d).status.code(),
        Some(0)
    );
    // Before: no way to pass without accepted snapshots.
    let o = on_ci(&["check", "corpus", "--baseline"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("snapshot new"));
    // The flag, and the setting.
    let o = on_ci(&["check", "corpus", "--baseline", "--findings-only"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("snapshots are not part of this gate (findings-only)"));
    std::fs::write(d.join("corpus/ocrgate.yaml"), "gate:\n  snapshots: false\n").unwrap();
    assert_eq!(
        on_ci(&["check", "corpus", "--baseline"], d).status.code(),
        Some(0)
    );
    // Locally too, and nothing is written.
    assert_eq!(
        ocrgate(&["check", "corpus", "--baseline"], d).status.code(),
        Some(0)
    );
    assert!(!d.join("snapshots").exists());
    // A new finding still fails it.
    let page = d.join(SEED);
    std::fs::write(
        &page,
        read(&page).replace("6月30日 早上7时", "6月31日 早上7时"),
    )
    .unwrap();
    let o = on_ci(&["check", "corpus", "--baseline"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("1 new finding"), "{}", text(&o));
    // A typo in the setting is a located error.
    std::fs::write(d.join("corpus/ocrgate.yaml"), "gate:\n  snapshot: false\n").unwrap();
    let o = on_ci(&["check", "corpus"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("ocrgate.yaml:2:"), "{}", err(&o));
}

#[test]
fn generated_files_stay_out_of_commits() {
    let dir = project();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let page = d.join(SEED);
    std::fs::write(&page, read(&page).replace("陈广强", "陈广弓")).unwrap();
    let o = ocrgate(&["check", "corpus"], d);
    assert_eq!(o.status.code(), Some(1));
    // The cache ignores itself, as cargo's target/ does.
    assert_eq!(
        read(&d.join(".ocrgate-cache/.gitignore")).lines().last(),
        Some("*")
    );
    assert!(d.join(".ocrgate-cache/CACHEDIR.TAG").is_file());
    let status = git(d, &["status", "--porcelain", "--untracked-files=all"]);
    assert!(!status.contains(".ocrgate-cache"), "{status}");
    // The pending snapshot and the lock are not ignored yet: the run says how.
    assert!(status.contains(".snap.new"), "{status}");
    assert!(
        text(&o).contains(
            "hint: git would commit ocrgate's working files here; add these lines to .gitignore"
        ) && text(&o).contains("*.snap.new"),
        "{}",
        text(&o)
    );
    std::fs::write(
        d.join(".gitignore"),
        ocrgate::init::GITIGNORE_LINES.join("\n") + "\n",
    )
    .unwrap();
    let o = ocrgate(&["check", "corpus"], d);
    assert!(!text(&o).contains("hint: git would commit"), "{}", text(&o));
    let status = git(d, &["status", "--porcelain", "--untracked-files=all"]);
    assert!(
        !status.contains(".snap.new") && !status.contains(".ocrgate.lock"),
        "{status}"
    );
}

// ---------------------------------------------------------------------
// The examples, run as their scheduler runs them.

/// A project that fails the gate on one new finding, with a baseline.
fn failing_project() -> tempfile::TempDir {
    let dir = project();
    let d = dir.path();
    assert_eq!(
        ocrgate(&["baseline", "write", "corpus"], d).status.code(),
        Some(0)
    );
    let page = d.join(SEED);
    std::fs::write(
        &page,
        read(&page).replace("6月30日 早上7时", "6月31日 早上7时"),
    )
    .unwrap();
    dir
}

/// Runs a shell snippet of an example in `d` with ocrgate on PATH and the
/// scheduler's variables; returns its exit code and output.
fn sh(shell: &str, script: &str, d: &Path, vars: &[(&str, String)]) -> (Option<i32>, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_ocrgate")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut c = Command::new(shell);
    c.arg("-c")
        .arg(script)
        .current_dir(d)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("OCRGATE_JOBS");
    for (k, v) in vars {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    (o.status.code(), format!("{}{}", text(&o), err(&o)))
}

fn yaml(path: &str) -> serde_json::Value {
    serde_saphyr::from_str(&read(&repo().join(path))).unwrap()
}

/// The verdict of the merge step, from its JSON or text output.
fn assert_failed_on_the_new_finding(code: Option<i32>, out: &str) {
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("1 new finding"), "{out}");
}

#[test]
fn the_github_actions_example_runs_as_github_runs_it() {
    let dir = failing_project();
    let d = dir.path();
    let wf = yaml("examples/github-actions.yml");
    // `${{ … }}` expressions as GitHub fills them on a push.
    let fill = |s: &str, shard: &str| {
        let s = s
            .replace("${{ matrix.shard }}", shard)
            .replace("${{ github.event_name }}", "push")
            .replace("${{ github.base_ref }}", "main");
        assert!(
            !s.contains("${{"),
            "an expression the test does not know: {s}"
        );
        s
    };
    let ci = [
        ("CI", "true".to_string()),
        ("GITHUB_ACTIONS", "true".to_string()),
    ];
    let matrix = wf["jobs"]["shard"]["strategy"]["matrix"]["shard"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(matrix.len(), 4);
    let runs = |job: &str| -> Vec<String> {
        wf["jobs"][job]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["run"].as_str())
            .filter(|r| r.contains("ocrgate ") && !r.contains("cargo install"))
            .map(str::to_string)
            .collect()
    };
    for k in &matrix {
        for run in runs("shard") {
            let (code, out) = sh("bash", &fill(&run, &k.to_string()), d, &ci);
            assert_eq!(code, Some(0), "{out}");
        }
    }
    let summary = d.join("step-summary.md");
    let mut vars = ci.to_vec();
    vars.push(("GITHUB_STEP_SUMMARY", summary.display().to_string()));
    let merge = runs("gate");
    assert_eq!(merge.len(), 1);
    let (code, out) = sh("bash", &fill(&merge[0], ""), d, &vars);
    assert_failed_on_the_new_finding(code, &out);
    assert!(
        out.contains("::error file=corpus/liaocheng-daily/2022-07-05/p01.txt,line=119"),
        "{out}"
    );
    assert!(read(&summary).contains("## ocrgate: ❌ failed"));
    for f in ["ocrgate.sarif", "ocrgate.xml", "ocrgate.json"] {
        assert!(d.join(f).is_file(), "{f}");
    }
}

#[test]
fn the_gitlab_example_runs_as_gitlab_runs_it() {
    let dir = failing_project();
    let d = dir.path();
    let ci = yaml("examples/gitlab-ci.yml");
    let total = ci["ocrgate-shard"]["parallel"].as_u64().unwrap();
    let scripts = |job: &str| -> Vec<String> {
        ci[job]["script"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str())
            .filter(|r| r.contains("ocrgate ") && !r.contains("cargo install"))
            .map(str::to_string)
            .collect()
    };
    for k in 1..=total {
        for script in scripts("ocrgate-shard") {
            let vars = [
                ("CI", "true".to_string()),
                ("GITLAB_CI", "true".to_string()),
                ("CI_NODE_INDEX", k.to_string()),
                ("CI_NODE_TOTAL", total.to_string()),
            ];
            let (code, out) = sh("bash", &script, d, &vars);
            assert_eq!(code, Some(0), "{out}");
        }
    }
    let merge = scripts("ocrgate-gate");
    assert_eq!(merge.len(), 1);
    let (code, out) = sh("bash", &merge[0], d, &[("CI", "true".to_string())]);
    assert_failed_on_the_new_finding(code, &out);
    assert!(d.join("ocrgate.xml").is_file());
}

#[test]
fn the_slurm_example_runs_as_an_array_job() {
    let dir = failing_project();
    let d = dir.path();
    let check = read(&repo().join("examples/slurm/check-array.sbatch"));
    let range = check
        .lines()
        .find_map(|l| l.strip_prefix("#SBATCH --array="))
        .unwrap();
    let (first, last) = range.split_once('-').unwrap();
    let (first, last): (u32, u32) = (first.parse().unwrap(), last.parse().unwrap());
    let count = last - first + 1;
    for k in first..=last {
        let vars = [
            ("SLURM_ARRAY_TASK_ID", k.to_string()),
            ("SLURM_ARRAY_TASK_COUNT", count.to_string()),
            ("SLURM_CPUS_PER_TASK", "1".to_string()),
        ];
        let (code, out) = sh("bash", &check, d, &vars);
        assert_eq!(code, Some(0), "task {k}: {out}");
    }
    let merge = read(&repo().join("examples/slurm/merge.sbatch"));
    let (code, out) = sh("bash", &merge, d, &[]);
    assert_failed_on_the_new_finding(code, &out);
    assert!(d.join("results/ocrgate.xml").is_file());
    // A task that never ran is a missing shard, not a pass.
    std::fs::remove_file(d.join("results/shard-3.json")).unwrap();
    let (code, out) = sh("bash", &merge, d, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains(&format!("shard 3/{count} is missing")),
        "{out}"
    );
}

#[test]
fn the_kubernetes_example_runs_as_an_indexed_job() {
    let dir = failing_project();
    let d = dir.path();
    let docs: Vec<serde_json::Value> =
        serde_saphyr::from_multiple(&read(&repo().join("examples/kubernetes-indexed-job.yaml")))
            .unwrap();
    let [check, merge] = docs.as_slice() else {
        panic!("two Jobs: check and merge");
    };
    assert_eq!(check["spec"]["completionMode"], "Indexed");
    let completions = check["spec"]["completions"].as_u64().unwrap();
    let script = |job: &serde_json::Value| -> String {
        let c = &job["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["command"], serde_json::json!(["sh", "-c"]));
        c["args"][0].as_str().unwrap().to_string()
    };
    let check_script = script(check);
    for index in 0..completions {
        let vars = [("JOB_COMPLETION_INDEX", index.to_string())];
        let (code, out) = sh("sh", &check_script, d, &vars);
        assert_eq!(code, Some(0), "index {index}: {out}");
    }
    let (code, out) = sh("sh", &script(merge), d, &[]);
    assert_failed_on_the_new_finding(code, &out);
    assert!(d.join("results/ocrgate.json").is_file());
}
