//! The review workflow end to end, in a temporary copy of the corpus and
//! its snapshots: a real reading-order regression (tesseract psm 6 on three
//! columns) is caught and named, CI writes nothing, reject leaves the
//! accepted snapshot byte for byte, accept settles it, a recognition
//! regression (degraded scans) clusters its repeated edits, and the
//! interactive review runs on a pseudo-terminal.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

const ISSUE: &str = "liaocheng-daily-retypeset/2022-07-05";

fn use_run(dir: &Path, variant: &str) {
    let issue = dir.join("corpus").join(ISSUE);
    for p in ["p01", "p02"] {
        std::fs::copy(
            data(&format!("liaocheng-ocr-runs/ocr/{variant}_{p}.xml")),
            issue.join(format!("{p}.alto.xml")),
        )
        .unwrap();
    }
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn snap(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let base = dir.join("snapshots").join(ISSUE);
    (base.with_extension("snap"), base.with_extension("snap.new"))
}

#[test]
fn regression_is_caught_named_rejected_and_accepted() {
    let dir = project();
    let d = dir.path();
    // 1. Everything accepted: check passes.
    ocrgate(&["accept", "--all"], d);
    assert_eq!(ocrgate(&["check", "corpus"], d).status.code(), Some(0));
    let (accepted, pending) = snap(d);
    let before = std::fs::read(&accepted).unwrap();

    // 2. A reading-order regression: fails, writes a pending snapshot, and
    //    the review names the damaged articles.
    use_run(d, "three_clean300_psm6");
    let o = ocrgate(&["check", "corpus", "--findings", "none"], d);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(pending.exists());
    let shown = out(&ocrgate(&["show", ISSUE], d));
    let first = shown.lines().next().unwrap();
    assert!(
        first.contains("missing") && first.contains("CER 0.0208 → 0.8349"),
        "{first}"
    );
    // An article the accepted snapshot had is named by its headline.
    let missing = shown
        .lines()
        .find(|l| l.starts_with("── article ") && l.contains(" missing · "))
        .unwrap_or_else(|| panic!("no missing article named: {shown}"));
    let head = missing
        .split(" missing · ")
        .nth(1)
        .unwrap()
        .trim_end_matches(" ──");
    let accepted_text = String::from_utf8_lossy(&before);
    assert!(
        accepted_text.contains(&format!("headline: {head}")),
        "{missing} names no accepted headline"
    );
    // An article whose head was lost is labelled in words, never `null`.
    assert!(
        shown.contains("── article 1 added · (untitled) ──"),
        "{shown}"
    );
    assert!(!shown.contains("· null"), "{shown}");
    let listed = out(&ocrgate(&["pending"], d));
    assert!(listed.starts_with(&format!("{ISSUE}: ")), "{listed}");
    let json: serde_json::Value =
        serde_json::from_slice(&ocrgate(&["pending", "--json"], d).stdout).unwrap();
    assert_eq!(json[0]["issue"], ISSUE);
    assert!(json[0]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["kind"] == "missing"));

    // 3. On CI the same run writes nothing and still fails.
    std::fs::remove_file(&pending).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ocrgate"))
        .args(["check", "corpus", "--findings", "none"])
        .current_dir(d)
        .env("CI", "true")
        .env_remove("OCRGATE_UPDATE")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("not written"), "{}", out(&o));
    assert!(!pending.exists());
    // CI=false is not CI.
    let o = Command::new(env!("CARGO_BIN_EXE_ocrgate"))
        .args(["check", "corpus", "--findings", "none"])
        .current_dir(d)
        .env("CI", "false")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(pending.exists());

    // 4. Reject: pending gone, accepted byte for byte; twice is fine.
    assert_eq!(ocrgate(&["reject", ISSUE], d).status.code(), Some(0));
    assert!(!pending.exists());
    assert_eq!(std::fs::read(&accepted).unwrap(), before);
    assert_eq!(ocrgate(&["reject", ISSUE], d).status.code(), Some(0));
    assert_eq!(
        ocrgate(&["reject", "no/such-issue"], d).status.code(),
        Some(2)
    );
    // Accept: the next check passes.
    ocrgate(&["check", "corpus", "--findings", "none"], d);
    assert_eq!(ocrgate(&["accept", ISSUE], d).status.code(), Some(0));
    assert_eq!(ocrgate(&["accept", ISSUE], d).status.code(), Some(0));
    assert_eq!(ocrgate(&["check", "corpus"], d).status.code(), Some(0));
}

#[test]
fn recognition_regression_clusters_repeated_edits() {
    let dir = project();
    let d = dir.path();
    use_run(d, "three_degraded150_psm3");
    assert_eq!(
        ocrgate(&["check", "corpus", "--findings", "none"], d)
            .status
            .code(),
        Some(1)
    );
    let listing = out(&ocrgate(&["clusters"], d));
    // Repeated edits are one line each, with their counts: the clean run's
    // 塔 (for 培) and 备 (for 孟) are read right from the degraded scans.
    let line = listing
        .lines()
        .find(|l| l.contains("塔 → 培"))
        .unwrap_or_else(|| panic!("{listing}"));
    assert!(line.contains("2 times in 1 issue"), "{line}");
    let json: serde_json::Value =
        serde_json::from_slice(&ocrgate(&["clusters", "--json"], d).stdout).unwrap();
    let c = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["old"] == "塔" && c["new"] == "培")
        .unwrap();
    let id = c["id"].as_u64().unwrap().to_string();
    // Accepting the cluster applies exactly those edits to the accepted snapshot.
    let (accepted, pending) = snap(d);
    let before = std::fs::read_to_string(&accepted).unwrap();
    assert!(before.contains("在塔训班上"));
    let o = ocrgate(&["clusters", "--accept", &id], d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let after = std::fs::read_to_string(&accepted).unwrap();
    assert!(after.contains("在培训班上") && !after.contains("在塔训班上"));
    assert!(pending.exists(), "the other changes are still pending");
    assert_eq!(before.lines().count(), after.lines().count());
    // Rejecting another cluster takes it out of the pending snapshot.
    let json: serde_json::Value =
        serde_json::from_slice(&ocrgate(&["clusters", "--json"], d).stdout).unwrap();
    let c = json
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["old"] == "广" && c["new"] == "厂")
        .unwrap();
    let id = c["id"].as_u64().unwrap().to_string();
    let count = c["count"].as_u64().unwrap() as usize;
    let pend_before = std::fs::read_to_string(&pending).unwrap();
    ocrgate(&["clusters", "--reject", &id], d);
    let pend_after = std::fs::read_to_string(&pending).unwrap();
    // Exactly the clustered occurrences went back (an occurrence on a line
    // that changed beyond recognition is not part of the cluster).
    assert_eq!(
        pend_after.matches("污水处理厂").count() + count,
        pend_before.matches("污水处理厂").count()
    );
    assert_eq!(
        pend_after.matches("污水处理广").count(),
        pend_before.matches("污水处理广").count() + count
    );
}

/// Runs `ocrgate review` on a pseudo-terminal (util-linux `script`),
/// typing `keys` one at a time.
fn review_on_pty(d: &Path, keys: &[&str]) -> String {
    review_on_pty_of(d, "", keys)
}

/// [`review_on_pty`] of the pending snapshots `selection` names.
fn review_on_pty_of(d: &Path, selection: &str, keys: &[&str]) -> String {
    use std::io::Write;
    let bin = env!("CARGO_BIN_EXE_ocrgate");
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!("{bin} review --corpus corpus {selection}"),
            "/dev/null",
        ])
        .current_dir(d)
        .env("TERM", "xterm")
        .env_remove("CI")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs");
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    for k in keys {
        stdin.write_all(k.as_bytes()).unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    let o = child.wait_with_output().unwrap();
    let raw = String::from_utf8_lossy(&o.stdout).into_owned();
    let ansi = regex::Regex::new(r"\x1b\[[0-9;?]*[a-zA-Z]").unwrap();
    ansi.replace_all(&raw, "").replace('\r', "")
}

#[test]
fn interactive_review_accepts_rejects_and_skips() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to make a pseudo-terminal");
        return;
    }
    let dir = project();
    let d = dir.path();
    // Two pending issues: both issues' pages changed.
    use_run(d, "three_degraded150_psm3");
    let seed = d.join("corpus/liaocheng-daily/2022-07-05/p01.txt");
    let text = std::fs::read_to_string(&seed)
        .unwrap()
        .replace("人园企业", "入园企业");
    std::fs::write(&seed, text).unwrap();
    ocrgate(&["check", "corpus", "--findings", "none"], d);
    let (accepted, pending) = snap(d);
    let seed_snap = d.join("snapshots/liaocheng-daily/2022-07-05");
    let seed_before = std::fs::read(seed_snap.with_extension("snap")).unwrap();

    // A selection reviews only what it names; `show` takes one too.
    let screen = review_on_pty_of(d, "'liaocheng-daily-retypeset/*'", &["s"]);
    assert!(
        screen.contains("Reviewing [1/1] liaocheng-daily-retypeset/2022-07-05"),
        "{screen}"
    );
    assert!(
        screen.contains("review done: 0 accepted, 0 rejected, 1 skipped"),
        "{screen}"
    );
    let shown = String::from_utf8_lossy(&ocrgate(&["show", "liaocheng-daily-retypeset"], d).stdout)
        .into_owned();
    assert!(
        shown.starts_with("liaocheng-daily-retypeset/2022-07-05: "),
        "{shown}"
    );
    assert!(!shown.contains("liaocheng-daily/2022-07-05: "), "{shown}");

    // Skip the first (toggling the diff off and on, and turning to its
    // second page: its estimated CER moved with its findings), reject the
    // second.
    let retypeset_before = std::fs::read(&accepted).unwrap();
    let screen = review_on_pty(d, &["d", "d", " ", "s", " ", "r"]);
    assert!(
        screen.contains("Reviewing [1/2] liaocheng-daily/2022-07-05"),
        "{screen}"
    );
    assert!(
        screen.contains("[-人-]{+入+}园企业") || screen.contains("园企业"),
        "{screen}"
    );
    assert!(
        screen.contains("[a] accept  [r] reject  [s] skip"),
        "{screen}"
    );
    assert!(
        screen.contains("Reviewing [2/2] liaocheng-daily-retypeset/2022-07-05"),
        "{screen}"
    );
    assert!(
        screen.contains("review done: 0 accepted, 1 rejected, 1 skipped"),
        "{screen}"
    );
    // The second issue's diff is longer than a screen: shown a page at a
    // time, its name on every page's prompt; space turned the page.
    let pages: Vec<usize> = regex::Regex::new(
        r"── liaocheng-daily-retypeset/2022-07-05 · lines (\d+)–\d+ of \d+ · \[space\] next page",
    )
    .unwrap()
    .captures_iter(&screen)
    .map(|c| c[1].parse().unwrap())
    .collect();
    assert_eq!(pages.len(), 2, "{screen}");
    assert!(pages[0] == 1 && pages[1] > 1, "{pages:?}");
    assert!(
        screen.contains("── liaocheng-daily/2022-07-05 · lines 1–"),
        "{screen}"
    );
    assert!(!pending.exists());
    assert_eq!(std::fs::read(&accepted).unwrap(), retypeset_before);
    assert!(seed_snap.with_extension("snap.new").exists());

    // Accept what is left.
    let screen = review_on_pty(d, &["a"]);
    assert!(
        screen.contains("review done: 1 accepted, 0 rejected, 0 skipped"),
        "{screen}"
    );
    assert!(!seed_snap.with_extension("snap.new").exists());
    assert_ne!(
        std::fs::read(seed_snap.with_extension("snap")).unwrap(),
        seed_before
    );

    // Without a terminal, review says what to use instead.
    let o = ocrgate(&["review", "--corpus", "corpus"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs a terminal"));
}

#[test]
fn unreferenced_snapshots_are_reported_rejected_or_deleted() {
    let dir = project();
    let d = dir.path();
    std::fs::remove_dir_all(d.join("corpus/liaocheng-daily-retypeset")).unwrap();
    let (accepted, _) = snap(d);
    let o = ocrgate(&["check", "corpus", "--findings", "none"], d);
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).contains("unreferenced snapshot:"), "{}", out(&o));
    let o = ocrgate(
        &[
            "check",
            "corpus",
            "--findings",
            "none",
            "--unreferenced",
            "reject",
        ],
        d,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(accepted.exists());
    // A shard does not know the whole corpus: it neither reports nor
    // deletes what looks orphaned from where it stands.
    let o = ocrgate(
        &[
            "check",
            "corpus",
            "--findings",
            "none",
            "--shard",
            "1/1",
            "--unreferenced",
            "delete",
        ],
        d,
    );
    assert!(!out(&o).contains("unreferenced snapshot:"), "{}", out(&o));
    assert!(accepted.exists());
    ocrgate(
        &[
            "check",
            "corpus",
            "--findings",
            "none",
            "--unreferenced",
            "delete",
        ],
        d,
    );
    assert!(!accepted.exists());
    assert_eq!(ocrgate(&["check", "corpus"], d).status.code(), Some(0));
}

#[test]
fn a_second_writer_is_told_who_holds_the_store() {
    let dir = project();
    let d = dir.path();
    // The store's lock, held by this test as a running ocrgate holds it.
    let path = d.join("snapshots/.ocrgate.lock");
    std::fs::write(&path, format!("{}\n", std::process::id())).unwrap();
    let lock = std::fs::File::open(&path).unwrap();
    lock.lock().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ocrgate"))
        .args(["check", "corpus", "--no-wait"])
        .current_dir(d)
        .env_remove("CI")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "ocrgate (process {}) is writing snapshots",
            std::process::id()
        )),
        "{err}"
    );
    // Read-only runs need no lock.
    let o = Command::new(env!("CARGO_BIN_EXE_ocrgate"))
        .args(["check", "corpus", "--update", "no", "--no-wait"])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    // Without --no-wait a writer waits, says so after a second, and runs
    // when the lock is released.
    let waiter = Command::new(env!("CARGO_BIN_EXE_ocrgate"))
        .args(["accept", "--all"])
        .current_dir(d)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1800));
    drop(lock);
    let o = waiter.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("waiting for ocrgate (process"), "{err}");
}

/// Writers started together all finish, one after another: none fails
/// because another holds (or just released) the store. Before the lock was
/// an advisory lock, 10 of 15 such pairs failed with "No such file".
#[test]
fn concurrent_writers_wait_for_each_other() {
    let dir = project();
    let d = dir.path();
    for round in 0..5 {
        let commands: [&[&str]; 4] = [
            &["check", "corpus"],
            &["accept", "--all"],
            &["reject", "--all"],
            &["check", "corpus"],
        ];
        let children: Vec<_> = commands
            .iter()
            .map(|args| {
                Command::new(env!("CARGO_BIN_EXE_ocrgate"))
                    .args(*args)
                    .current_dir(d)
                    .env_remove("CI")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (args, child) in commands.iter().zip(children) {
            let o = child.wait_with_output().unwrap();
            assert_ne!(
                o.status.code(),
                Some(2),
                "round {round}: {args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
}
