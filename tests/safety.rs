//! Crash safety and determinism.
//!
//! `ocrgate accept` and `ocrgate baseline write` are killed (SIGKILL) at
//! random moments, 100 times each: every snapshot and the baseline must be
//! the old or the new version, whole, and the next run must recover (stale
//! temporary files and locks cleaned up). The outputs of the bundled corpus
//! must be byte-identical across thread counts, runs and the order in which
//! files were created.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ocrgate"));
    c.env_remove("CI")
        .env_remove("OCRGATE_UPDATE")
        .env("NO_COLOR", "1");
    c
}

/// Runs ocrgate with `args` in `dir` and kills it after `micros`; whether
/// it was still running then (killed mid-run, not after it finished).
fn kill_after(args: &[&str], dir: &Path, micros: u64) -> bool {
    let mut child = bin()
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_micros(micros));
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();
    running
}

/// The snapshot folder as it was before `accept`: the accepted snapshots
/// and every pending one, as given.
fn restore_snapshots(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    std::fs::remove_dir_all(dir.join("snapshots")).unwrap();
    for (k, v) in files {
        let p = dir.join("snapshots").join(k);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, v).unwrap();
    }
}

/// All files under `dir` with their bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// A corpus of many issues (the seed under many dates), all pending.
fn many_issues(dir: &Path, n: usize) {
    let seed = std::fs::read(corpus().join("liaocheng-daily/2022-07-05/p01.txt")).unwrap();
    for k in 0..n {
        let d = dir.join(format!("corpus/paper/2022-06-{:02}", k + 1));
        std::fs::create_dir_all(&d).unwrap();
        let mut page = seed.clone();
        page.extend(format!("\n第{k}版\n").as_bytes());
        std::fs::write(d.join("p01.txt"), page).unwrap();
    }
}

/// A small deterministic generator for kill times (no clock in the test's logic).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[cfg(unix)]
#[test]
fn killed_accept_and_baseline_write_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    many_issues(d, 12);
    // Old versions: accepted snapshots of a first state.
    assert_eq!(
        bin()
            .args(["check", "corpus", "--findings", "none"])
            .current_dir(d)
            .output()
            .unwrap()
            .status
            .code(),
        Some(1)
    );
    bin()
        .args(["accept", "--all"])
        .current_dir(d)
        .output()
        .unwrap();
    let old = files(&d.join("snapshots"));
    bin()
        .args(["baseline", "write", "corpus"])
        .current_dir(d)
        .output()
        .unwrap();
    let old_baseline = std::fs::read(d.join("ocrgate-baseline.yaml")).unwrap();
    // New versions: every page changed, all pending.
    for k in 0..12 {
        let p = d.join(format!("corpus/paper/2022-06-{:02}/p01.txt", k + 1));
        let mut t = std::fs::read_to_string(&p).unwrap();
        t.push_str("\n补充一段新的文字,6月31日。\n");
        std::fs::write(&p, t).unwrap();
    }
    bin()
        .args(["check", "corpus", "--findings", "none"])
        .current_dir(d)
        .output()
        .unwrap();
    let pending = files(&d.join("snapshots"));
    let new: BTreeMap<String, Vec<u8>> = pending
        .iter()
        .filter(|(k, _)| k.ends_with(".snap.new"))
        .map(|(k, v)| (k.trim_end_matches(".new").to_string(), v.clone()))
        .collect();
    assert_eq!(new.len(), 12);

    // How long an accept takes here: kills are spread over that span (not
    // a timing assertion, only where to aim).
    let span = {
        restore_snapshots(d, &pending);
        let t = std::time::Instant::now();
        bin()
            .args(["accept", "--all"])
            .current_dir(d)
            .output()
            .unwrap();
        t.elapsed().as_micros() as u64
    };
    let mut rng = Lcg(7);
    let mut killed = 0;
    let mut partial = 0;
    for trial in 0..100 {
        // Restore: the old accepted snapshots and all pending ones.
        restore_snapshots(d, &pending);
        let delay = span / 3 + rng.next(span);
        killed += usize::from(kill_after(&["accept", "--all"], d, delay));
        // Every accepted snapshot is the old or the new one, whole.
        let now = files(&d.join("snapshots"));
        let done = now
            .iter()
            .filter(|(k, v)| k.ends_with(".snap") && new.get(*k) == Some(v))
            .count();
        if done > 0 && done < 12 {
            partial += 1;
        }
        for (k, v) in now {
            if k.ends_with(".snap") {
                assert!(
                    old.get(&k) == Some(&v) || new.get(&k) == Some(&v),
                    "trial {trial}: {k} is torn"
                );
            } else if k.ends_with(".snap.new") {
                assert_eq!(pending.get(&k), Some(&v), "trial {trial}: {k} changed");
            }
        }
        // Killed with the lock held: the next run takes it over.
        let o = bin()
            .args(["accept", "--all"])
            .current_dir(d)
            .env("OCRGATE_LOCK_TIMEOUT", "5")
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "trial {trial}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            files(&d.join("snapshots"))
                .into_iter()
                .filter(|(k, _)| k.ends_with(".snap"))
                .collect::<BTreeMap<_, _>>(),
            new
        );
        // The lock file stays; no one holds it once the runs are over.
        let lock = std::fs::File::open(d.join("snapshots/.ocrgate.lock")).unwrap();
        assert!(lock.try_lock().is_ok());
    }
    println!("accept: {killed} of 100 runs killed, {partial} of them with some snapshots accepted and some not");

    // baseline write, killed 100 times: the file is the old or the new one.
    let mut killed = 0;
    let t = std::time::Instant::now();
    let new_baseline = {
        bin()
            .args(["baseline", "write", "corpus", "--baseline", "b-new.yaml"])
            .current_dir(d)
            .output()
            .unwrap();
        std::fs::read(d.join("b-new.yaml")).unwrap()
    };
    let span = t.elapsed().as_micros() as u64;
    let mut replaced = 0;
    assert_ne!(new_baseline, old_baseline);
    for trial in 0..100 {
        std::fs::write(d.join("ocrgate-baseline.yaml"), &old_baseline).unwrap();
        let delay = span / 2 + rng.next(span);
        killed += usize::from(kill_after(&["baseline", "write", "corpus"], d, delay));
        let now = std::fs::read(d.join("ocrgate-baseline.yaml")).unwrap();
        assert!(
            now == old_baseline || now == new_baseline,
            "trial {trial}: the baseline is torn"
        );
        replaced += usize::from(now == new_baseline);
    }
    println!("baseline write: {killed} of 100 runs killed before finishing; {replaced} left the new file, the rest the old");
    // Temporary files of killed writers are removed by the next writer.
    bin()
        .args(["check", "corpus", "--findings", "none"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(!files(d)
        .keys()
        .any(|k| k.contains("/.") && k.ends_with(".tmp") && k.starts_with("snapshots")));
}

fn outputs(dir: &Path, jobs: &str) -> BTreeMap<String, Vec<u8>> {
    let snaps = format!("snaps-{jobs}");
    let run = |args: &[&str]| {
        let o = bin().args(args).current_dir(dir).output().unwrap();
        assert_ne!(
            o.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        o.stdout
    };
    let mut out = BTreeMap::new();
    run(&[
        "check",
        "corpus",
        "--jobs",
        jobs,
        "--snapshots",
        &snaps,
        "--findings",
        "none",
    ]);
    for (k, v) in files(&dir.join(&snaps)) {
        out.insert(format!("snapshot {k}"), v);
    }
    for f in ["json", "sarif", "junit", "markdown", "github"] {
        out.insert(
            f.to_string(),
            run(&[
                "check",
                "corpus",
                "--jobs",
                jobs,
                "--snapshots",
                &snaps,
                "--update",
                "no",
                "--format",
                f,
            ]),
        );
    }
    let html = format!("report-{jobs}.html");
    run(&[
        "report",
        "corpus",
        "--jobs",
        jobs,
        "--snapshots",
        &snaps,
        "--html",
        &html,
    ]);
    out.insert("html".into(), std::fs::read(dir.join(&html)).unwrap());
    out
}

#[test]
fn outputs_are_identical_across_threads_runs_and_file_order() {
    let a = tempfile::tempdir().unwrap();
    copy_tree(&corpus(), &a.path().join("corpus"));
    // The same corpus written in reverse order: another directory order.
    let b = tempfile::tempdir().unwrap();
    let mut all: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    let mut stack = vec![corpus()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                all.push((
                    e.path().strip_prefix(corpus()).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                ));
            }
        }
    }
    all.sort();
    for (rel, bytes) in all.iter().rev() {
        let p = b.path().join("corpus").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let base = outputs(a.path(), "1");
    assert!(base.len() > 7);
    for (dir, jobs) in [
        (a.path(), "2"),
        (a.path(), "8"),
        (b.path(), "1"),
        (b.path(), "8"),
    ] {
        let other = outputs(dir, jobs);
        for (k, v) in &base {
            let w = other
                .get(k)
                .unwrap_or_else(|| panic!("{k} missing with --jobs {jobs}"));
            // Snapshot folders and report names carry the run's name; the
            // content is compared.
            assert!(
                v == w,
                "{k} differs with --jobs {jobs} in {}",
                dir.display()
            );
        }
    }
}
