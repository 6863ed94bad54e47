//! The result cache: an unchanged issue comes from the cache and gives
//! exactly what a fresh check gives; a changed input, changed rules or a
//! damaged entry is never trusted.

mod common;

use ocrgate::{run_check, CacheMode, CheckOptions, CheckReport};
use std::path::{Path, PathBuf};

struct Fixture {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    cache: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    common::copy_tree(&common::corpus(), &corpus);
    let cache = dir.path().join("cache");
    // Accept snapshots once, without the cache.
    let first = run(
        &corpus,
        CacheMode::Off,
        ocrgate::snapshot::UpdateMode::Always,
    );
    assert_eq!(first.input_errors(), 0);
    Fixture {
        _dir: dir,
        corpus,
        cache,
    }
}

fn run(corpus: &Path, cache: CacheMode, update: ocrgate::snapshot::UpdateMode) -> CheckReport {
    run_check(
        corpus,
        &CheckOptions {
            jobs: 2,
            update,
            cache,
            ..Default::default()
        },
    )
    .unwrap()
}

fn check(f: &Fixture) -> CheckReport {
    run(
        &f.corpus,
        CacheMode::At(f.cache.clone()),
        ocrgate::snapshot::UpdateMode::No,
    )
}

fn cached(r: &CheckReport) -> Vec<(String, bool)> {
    r.issues
        .iter()
        .map(|i| (i.outcome.id.clone(), i.outcome.cached))
        .collect()
}

/// Everything a check reports, as the machine-readable formats see it.
fn outputs(r: &CheckReport) -> Vec<String> {
    let run = ocrgate::report::RunResult::from_check(r, Default::default(), None);
    [
        ocrgate::report::Format::Sarif,
        ocrgate::report::Format::Junit,
        ocrgate::report::Format::Markdown,
        ocrgate::report::Format::Github,
    ]
    .into_iter()
    .map(|f| ocrgate::report::render(&run, f))
    .collect()
}

const ISSUES: [&str; 2] = [
    "liaocheng-daily-retypeset/2022-07-05",
    "liaocheng-daily/2022-07-05",
];

#[test]
fn a_second_run_comes_from_the_cache_and_reports_the_same() {
    let f = fixture();
    let fresh = check(&f);
    assert!(
        cached(&fresh).iter().all(|(_, c)| !c),
        "{:?}",
        cached(&fresh)
    );
    let again = check(&f);
    assert!(
        cached(&again).iter().all(|(_, c)| *c),
        "{:?}",
        cached(&again)
    );
    assert_eq!(outputs(&fresh), outputs(&again));
    for (a, b) in fresh.issues.iter().zip(&again.issues) {
        let (a, b) = (
            a.outcome.result.as_ref().unwrap(),
            b.outcome.result.as_ref().unwrap(),
        );
        assert_eq!(a.findings, b.findings);
        // The diagnostics print the source line: it must survive the cache.
        let sources = |r: &ocrgate::result::IssueResult| {
            r.findings
                .iter()
                .map(|f| f.source.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(sources(a), sources(b));
        assert!(sources(b).iter().any(Option::is_some));
        assert_eq!(a.summary, b.summary);
        // The article heads the HTML report shows come back too (only the
        // terminal check asks to leave them out).
        assert_eq!(a.cards, b.cards);
        assert!(!b.cards.is_empty());
        assert_eq!(
            serde_json::to_value(&a.accuracy).unwrap(),
            serde_json::to_value(&b.accuracy).unwrap()
        );
    }
    assert!(again
        .issues
        .iter()
        .all(|i| i.snapshot == Some(ocrgate::snapshot::Status::Unchanged)));
}

/// The first issue came from the cache; the second was parsed again and its
/// snapshot is pending as changed.
fn assert_second_issue_parsed_again_and_changed(r: &CheckReport) {
    assert_eq!(
        cached(r),
        vec![
            (ISSUES[0].to_string(), true),
            (ISSUES[1].to_string(), false)
        ]
    );
    assert_eq!(
        r.issues[1].snapshot,
        Some(ocrgate::snapshot::Status::Changed)
    );
}

#[test]
fn a_changed_page_is_parsed_again_and_its_change_seen() {
    let f = fixture();
    check(&f);
    let page = f.corpus.join("liaocheng-daily/2022-07-05/p01.txt");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("聊城", "聊域", 1)).unwrap();
    let r = check(&f);
    assert_second_issue_parsed_again_and_changed(&r);
    // A ground-truth file is an input too.
    let gt = f
        .corpus
        .join("liaocheng-daily-retypeset/2022-07-05/p01.gt.txt");
    let mut bytes = std::fs::read(&gt).unwrap();
    bytes.extend_from_slice("补".as_bytes());
    std::fs::write(&gt, bytes).unwrap();
    assert!(!check(&f).issues[0].outcome.cached);
}

#[test]
fn a_cached_issue_whose_accepted_snapshot_changed_is_parsed_again_for_its_diff() {
    let f = fixture();
    check(&f);
    // The cache holds only the hash of each body: when the accepted
    // snapshot no longer has that body (edited, accepted from elsewhere,
    // checked out), the issue is parsed again to show what differs.
    let snap = f
        .corpus
        .parent()
        .unwrap()
        .join("snapshots")
        .join(format!("{}.snap", ISSUES[1]));
    let accepted = std::fs::read_to_string(&snap).unwrap();
    assert!(accepted.contains("聊城"));
    std::fs::write(&snap, accepted.replacen("聊城", "聊域", 1)).unwrap();
    let r = check(&f);
    assert_second_issue_parsed_again_and_changed(&r);
    let pending = r.issues[1].pending_body().expect("the body to diff");
    assert!(accepted.ends_with(pending.trim_end()) || accepted.contains(pending.trim_end()));
    // Put back, the issue is settled from the cache again; so it is with
    // CRLF line ends (a checkout with git's autocrlf).
    for text in [accepted.clone(), accepted.replace('\n', "\r\n")] {
        std::fs::write(&snap, &text).unwrap();
        let r = check(&f);
        assert!(cached(&r).iter().all(|(_, c)| *c), "{:?}", cached(&r));
        assert!(r
            .issues
            .iter()
            .all(|i| i.snapshot == Some(ocrgate::snapshot::Status::Unchanged)));
    }
}

#[test]
fn changed_rules_invalidate_every_entry_of_the_publication() {
    let f = fixture();
    check(&f);
    let conf = f.corpus.join("liaocheng-daily/publication.yaml");
    let mut yaml = std::fs::read_to_string(&conf).unwrap();
    yaml.push_str("\nchecks:\n  space.cjk: off\n");
    std::fs::write(&conf, yaml).unwrap();
    let r = check(&f);
    assert_eq!(
        cached(&r),
        vec![
            (ISSUES[0].to_string(), true),
            (ISSUES[1].to_string(), false)
        ]
    );
    let findings = &r.issues[1].outcome.result.as_ref().unwrap().findings;
    assert!(findings.iter().all(|x| x.rule != "space.cjk"));
    // Corpus-wide configuration: every issue.
    std::fs::write(
        f.corpus.join("ocrgate.yaml"),
        "checks:\n  char.invalid: warning\n",
    )
    .unwrap();
    assert!(check(&f).issues.iter().all(|i| !i.outcome.cached));
}

#[test]
fn a_damaged_entry_is_ignored_and_rebuilt() {
    let f = fixture();
    let fresh = check(&f);
    let entry = ocrgate::cache::entry_file(&f.cache, ISSUES[1]);
    let whole = std::fs::read(&entry).unwrap();
    let damages: Vec<Vec<u8>> = vec![
        Vec::new(),
        whole[..whole.len() / 2].to_vec(),
        b"not a cache entry".to_vec(),
        {
            let mut b = whole.clone();
            let k = b.len() - 10;
            b[k] ^= 0x01;
            b
        },
    ];
    for (n, damaged) in damages.into_iter().enumerate() {
        std::fs::write(&entry, damaged).unwrap();
        let r = check(&f);
        assert!(!r.issues[1].outcome.cached, "damage {n} was trusted");
        assert_eq!(outputs(&r), outputs(&fresh), "damage {n}");
        assert_eq!(
            std::fs::read(&entry).unwrap(),
            whole,
            "damage {n}: entry rebuilt"
        );
    }
}

#[test]
fn no_cache_neither_reads_nor_writes() {
    let f = fixture();
    let r = run(&f.corpus, CacheMode::Off, ocrgate::snapshot::UpdateMode::No);
    assert!(r.issues.iter().all(|i| !i.outcome.cached));
    assert!(!f.cache.exists());
    // The CLI flag, and the default folder beside the snapshots.
    let project = f.corpus.parent().unwrap();
    let o = common::ocrgate(
        &["check", "corpus", "--no-cache", "--update", "no"],
        project,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!project.join(".ocrgate-cache").exists());
    let o = common::ocrgate(&["check", "corpus", "--update", "no"], project);
    assert_eq!(o.status.code(), Some(0));
    let entry = ocrgate::cache::entry_file(
        &project.join(".ocrgate-cache"),
        "liaocheng-daily/2022-07-05",
    );
    assert!(entry.is_file(), "{}", entry.display());
}

/// An entry replaced by a link, a FIFO or a device is a miss: never a write
/// through the link into its target, never a hang, never an endless read.
/// The entry is then rewritten as a regular file in its place.
#[cfg(unix)]
#[test]
fn an_entry_that_is_not_a_regular_file_is_never_followed() {
    let f = fixture();
    let fresh = check(&f);
    let entry = ocrgate::cache::entry_file(&f.cache, ISSUES[1]);
    let whole = std::fs::read(&entry).unwrap();
    let outside = f.corpus.parent().unwrap().join("precious.txt");
    let plant = |kind: &str| {
        std::fs::remove_file(&entry).unwrap();
        match kind {
            "link" => {
                std::fs::write(&outside, b"the owner's data").unwrap();
                std::os::unix::fs::symlink(&outside, &entry).unwrap();
            }
            "dev-zero" => std::os::unix::fs::symlink("/dev/zero", &entry).unwrap(),
            "fifo" => assert!(std::process::Command::new("mkfifo")
                .arg(&entry)
                .status()
                .unwrap()
                .success()),
            _ => unreachable!(),
        }
    };
    for kind in ["link", "dev-zero", "fifo"] {
        plant(kind);
        // A FIFO would hang a read without O_NONBLOCK: run it in a thread
        // and give up (failing) rather than hang the suite.
        let corpus = f.corpus.clone();
        let cache = f.cache.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(run(
                &corpus,
                CacheMode::At(cache),
                ocrgate::snapshot::UpdateMode::No,
            ));
        });
        let r = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("{kind}: the check hung"));
        assert!(!r.issues[1].outcome.cached, "{kind} was trusted");
        assert_eq!(outputs(&r), outputs(&fresh), "{kind}");
        let meta = std::fs::symlink_metadata(&entry).unwrap();
        assert!(meta.is_file(), "{kind}: entry is a regular file again");
        assert_eq!(std::fs::read(&entry).unwrap(), whole, "{kind}");
    }
    assert_eq!(std::fs::read(&outside).unwrap(), b"the owner's data");
}

/// A bucket folder of the cache replaced by a link to somewhere else is
/// neither read nor written through.
#[cfg(unix)]
#[test]
fn a_cache_folder_replaced_by_a_link_is_not_written_through() {
    let f = fixture();
    check(&f);
    let entry = ocrgate::cache::entry_file(&f.cache, ISSUES[1]);
    let bucket = entry.parent().unwrap().parent().unwrap().to_path_buf();
    assert!(bucket.starts_with(&f.cache) && bucket != f.cache);
    let elsewhere = f.corpus.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::remove_dir_all(&bucket).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &bucket).unwrap();
    let r = check(&f);
    assert!(!r.issues[1].outcome.cached);
    assert_eq!(r.input_errors(), 0);
    assert_eq!(
        std::fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing written through the link"
    );
}

/// A page over the size limit is keyed by its size, not read whole into
/// the hash: the check refuses it and the key still changes with it.
#[test]
fn a_page_over_the_limit_is_refused_and_not_hashed_whole() {
    let f = fixture();
    let page = f.corpus.join("liaocheng-daily/2022-07-05/p01.txt");
    // Sparse: 65 MB on paper, nothing on disk.
    let file = std::fs::OpenOptions::new().write(true).open(&page).unwrap();
    file.set_len(ocrgate::source::MAX_PAGE_BYTES + 1_000_000)
        .unwrap();
    drop(file);
    let r = check(&f);
    let errors: Vec<String> = r
        .issues
        .iter()
        .flat_map(|i| i.outcome.errors.iter().map(|e| e.to_string()))
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("p01.txt") && e.contains("over 64 MB is not read")),
        "{errors:?}"
    );
    let corpus = ocrgate::corpus::Corpus::discover(&f.corpus).unwrap();
    let cache = ocrgate::cache::Cache::new(f.cache.clone(), &corpus);
    let issue = corpus
        .load(corpus.issues.iter().find(|i| i.id == ISSUES[1]).unwrap())
        .unwrap();
    let (before, bytes) = cache.key(&issue);
    assert_eq!(bytes, 0, "the page over the limit was not read");
    let file = std::fs::OpenOptions::new().write(true).open(&page).unwrap();
    file.set_len(ocrgate::source::MAX_PAGE_BYTES + 2_000_000)
        .unwrap();
    drop(file);
    assert_ne!(cache.key(&issue).0, before);
}
