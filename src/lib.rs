//! ocrgate — the data-quality and regression test harness for OCR'd
//! newspaper corpora.
//!
//! ```text
//! corpus dir ──discover──▶ IssueRef{id} ──load──▶ Issue{pages}   (corpus)
//!   ──read──▶ Page{lines, boxes, confidences}  (source::{text, alto})
//!   ──normalise──▶ Paragraph{text, offset map back to raw line/column}  (text::normalize)
//!   ──segment with rules──▶ Article{kicker, headline, subtitle, byline, dateline, paragraphs}  (parse)
//!   ──▶ IssueResult  (result)  ──serialise──▶ snapshot text  (snapshot)
//!   ──compare with accepted──▶ unchanged | pending .snap.new
//! ```
//!
//! Each arrow is a pure function of its inputs plus the rules: no clocks, no
//! absolute paths, no thread-count effects. Issues are independent and run in
//! parallel (rayon); results are ordered by issue id before anything is
//! printed or written.

pub mod bench;
pub mod cache;
pub mod check;
pub mod corpus;
pub mod error;
pub mod escape;
pub mod eval;
pub mod fsio;
pub mod gate;
pub mod init;
pub mod locate;
pub mod location;
pub mod metrics;
pub mod parse;
pub mod report;
pub mod result;
pub mod review;
pub mod ruledocs;
pub mod select;
pub mod snapshot;
pub mod source;
pub mod structure;
pub mod text;
pub mod validate;
pub mod values;

use check::IssueOutcome;
use corpus::Corpus;
use error::{Error, Result};
use snapshot::{SnapshotPath, Status};
use std::path::{Path, PathBuf};

/// One issue's line in the run report.
#[derive(Debug)]
pub struct IssueReport {
    pub outcome: IssueOutcome,
    /// `None` when the issue could not be checked (see `outcome.errors`).
    pub snapshot: Option<Status>,
    /// The pooled CER of the accepted snapshot, when the snapshot changed.
    pub previous_cer: Option<metrics::Rate>,
    /// Baseline and thresholds, for an issue that could be checked.
    pub gate: Option<IssueGate>,
    /// The issue folder, as reached from the corpus path given (for messages).
    pub dir: PathBuf,
    /// What a new or changed snapshot changes against the accepted one
    /// (its bodies, for diffs; its one-line summary).
    pub change: Option<Box<snapshot::review::Review>>,
}

impl IssueReport {
    /// The snapshot body, when it differs from the accepted one.
    pub fn pending_body(&self) -> Option<&str> {
        self.change.as_deref().map(|c| c.pending_body.as_str())
    }
}

/// The gate's view of one issue.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct IssueGate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<gate::BaselineDiff>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<gate::ThresholdResult>,
}

/// The outcome of `ocrgate check`.
#[derive(Debug)]
pub struct CheckReport {
    /// The issues the caller kept (all of them with [`run_check`]).
    pub issues: Vec<IssueReport>,
    /// Sums over every issue checked, kept or not.
    pub totals: RunTotals,
    pub snapshot_root: PathBuf,
    /// Snapshot files of issues that are not in the corpus.
    pub unreferenced: Vec<PathBuf>,
    /// Whether unreferenced snapshots fail the run.
    pub reject_unreferenced: bool,
    /// Whether results keep their articles (`CheckOptions::full_results`).
    pub full_results: bool,
    /// Whether snapshots are left out of the verdict (findings-only gate).
    pub findings_only: bool,
    /// What the run could write (`CheckOptions::update` resolved).
    pub mode: snapshot::UpdateMode,
    /// Which issues the run checked, of what corpus, by what tool.
    pub scope: select::Scope,
    /// What the run wants said about what it checked (e.g. why a
    /// `--changed-since` run checks every issue).
    pub notes: Vec<String>,
}

/// Running sums of a check, so a caller that streams issues (and keeps
/// none) still has the figures of the whole run.
#[derive(Debug, Clone, Default)]
pub struct RunTotals {
    pub issues: usize,
    pub input_errors: usize,
    pub pending: usize,
    /// The accuracy of every measured page (a few numbers each).
    pub measures: Vec<metrics::Measure>,
    /// Structure accuracy summed over the issues with an expected structure.
    pub structure: structure::StructureTotals,
}

impl RunTotals {
    fn add(&mut self, r: &IssueReport) {
        self.issues += 1;
        self.input_errors += r.outcome.errors.len();
        self.pending += usize::from(matches!(r.snapshot, Some(Status::New | Status::Changed)));
        if let Some(result) = &r.outcome.result {
            self.measures
                .extend(result.pages.iter().filter_map(|p| p.accuracy.clone()));
            if let Some(s) = &result.structure {
                self.structure.add(s);
            }
        }
    }
}

/// What a streaming caller knows before the first issue arrives.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// Issues to be checked.
    pub issues: usize,
    /// The longest issue id, in characters (to align columns).
    pub id_width: usize,
    /// The snapshot folder of the run.
    pub snapshot_root: PathBuf,
    /// What the run may write (`CheckOptions::update` resolved).
    pub mode: snapshot::UpdateMode,
    /// Snapshots are not part of the verdict.
    pub findings_only: bool,
}

impl CheckReport {
    pub fn input_errors(&self) -> usize {
        self.totals.input_errors
    }
    pub fn pending(&self) -> usize {
        self.totals.pending
    }
    /// CER and WER over every measured page of the corpus: pooled and mean
    /// of pages. `None` when no page has ground truth.
    pub fn accuracy(&self) -> Option<metrics::Aggregate> {
        let pages: Vec<&metrics::Measure> = self.totals.measures.iter().collect();
        (!pages.is_empty()).then(|| metrics::Aggregate::of(pages))
    }

    /// Exit code: 2 input errors, 1 pending changes (or rejected
    /// unreferenced snapshots), 0 clear.
    pub fn exit_code(&self) -> i32 {
        if self.input_errors() > 0 {
            2
        } else if (self.pending() > 0 && !self.findings_only)
            || (self.reject_unreferenced && !self.unreferenced.is_empty())
        {
            1
        } else {
            0
        }
    }
}

/// Options of a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// What may be written (insta's update modes).
    pub update: snapshot::UpdateMode,
    /// What to do with snapshots of issues no longer in the corpus.
    pub unreferenced: Unreferenced,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Snapshot folder; default from the corpus configuration.
    pub snapshots: Option<PathBuf>,
    /// Gate on a baseline: `Some(None)` the configured file, `Some(Some(p))` that file.
    pub baseline: Option<Option<PathBuf>>,
    /// Also fail on baseline entries that are gone (so the file shrinks).
    pub strict_baseline: bool,
    /// Check only the issues changed since this git revision.
    pub changed_since: Option<String>,
    /// Leave snapshots out of the verdict (also `gate: {snapshots: false}`
    /// in ocrgate.yaml): the gate is the baseline and the thresholds.
    pub findings_only: bool,
    /// Check only this shard of the issues.
    pub shard: Option<select::Shard>,
    /// Check only the issues a path or glob on the command line names.
    pub only: Option<select::IssueFilter>,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
    /// The result cache.
    pub cache: CacheMode,
    /// Keep each issue's articles in the report (JSON results, the HTML
    /// report). Without, results are dropped to their digest as they
    /// arrive, so memory does not grow with the articles of the corpus,
    /// and cached results can be used.
    pub full_results: bool,
    /// Leave the article heads (`IssueResult::cards`, which only the HTML
    /// report shows) out of results read from the cache: decoding them was
    /// a share of a re-check.
    pub without_cards: bool,
}

/// The issue folder relative to the (canonical) project folder, the
/// snapshot root's parent, with `/` separators: never an absolute path.
fn input_file(project: Option<&Path>, issue_dir: &Path, issue_id: &str) -> String {
    let rel = match (project, issue_dir.canonicalize()) {
        (Some(p), Ok(d)) => d
            .strip_prefix(p)
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/")),
        _ => None,
    };
    rel.unwrap_or_else(|| issue_id.to_string())
}

/// Where results are cached between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CacheMode {
    /// `.ocrgate-cache/` beside the snapshot folder (or `OCRGATE_CACHE_DIR`).
    #[default]
    Default,
    /// This folder.
    At(PathBuf),
    /// No cache: every issue is read and parsed (`--no-cache`).
    Off,
}

/// An issue's outcome and its snapshot body: from the cache when its
/// inputs, the rules and the tool are unchanged (and the caller does not
/// need the articles), else from a check, which then refreshes the cache.
fn analyse_cached(
    issue: &corpus::Issue,
    publication: &corpus::Publication,
    cache: Option<&cache::Cache>,
    snapshot: &SnapshotPath,
    opts: &CheckOptions,
) -> (IssueOutcome, Analysed) {
    let fresh = |outcome: check::IssueOutcome| {
        let body = outcome
            .result
            .as_ref()
            .map(|r| snapshot::body(r).into_bytes());
        (outcome, body)
    };
    let checkable = issue.invalid.is_none() && issue.date.is_ok() && !issue.pages.is_empty();
    let Some(cache) = cache.filter(|_| checkable) else {
        let (outcome, body) = fresh(check::check_issue(issue, publication));
        return (outcome, Analysed::Body(body));
    };
    let (key, bytes) = cache.key(issue);
    if !opts.full_results {
        // A hit whose body is the accepted one settles the issue; any other
        // (new or changed snapshot) is parsed again below for its body.
        if let Some(hit) = cache
            .get(&issue.id, &key, !opts.without_cards)
            .filter(|hit| snapshot::accepted_has_body(snapshot, &hit.body_hash))
        {
            let outcome = IssueOutcome {
                id: issue.id.clone(),
                result: Some(hit.digest),
                errors: Vec::new(),
                bytes,
                cached: true,
            };
            return (outcome, Analysed::AsAccepted);
        }
    }
    let (outcome, body) = fresh(check::check_issue(issue, publication));
    if let (Some(r), Some(b)) = (&outcome.result, &body) {
        cache.put(&issue.id, &key, b, r);
    }
    (outcome, Analysed::Body(body))
}

/// What [`analyse_cached`] knows of an issue's snapshot body.
enum Analysed {
    /// The body (`None` when the issue has no result).
    Body(Option<Vec<u8>>),
    /// From the cache, and the same as the accepted snapshot's.
    AsAccepted,
}

/// Snapshots whose issue is not in the corpus (removed or renamed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unreferenced {
    /// Fail on CI (a removed issue must take its snapshot with it),
    /// report elsewhere; ignore in a findings-only gate.
    #[default]
    Auto,
    /// Report them.
    Warn,
    /// Report them and fail (exit 1).
    Reject,
    /// Delete them.
    Delete,
    /// Say nothing.
    Ignore,
}

impl Unreferenced {
    /// `Auto` made concrete for this run.
    pub fn resolve(self, findings_only: bool) -> Unreferenced {
        match self {
            Unreferenced::Auto if findings_only => Unreferenced::Ignore,
            Unreferenced::Auto if snapshot::is_ci() => Unreferenced::Reject,
            Unreferenced::Auto => Unreferenced::Warn,
            other => other,
        }
    }
}

/// Checks a corpus and stores snapshots, keeping every issue's report.
pub fn run_check(corpus_dir: &Path, opts: &CheckOptions) -> Result<CheckReport> {
    run_check_with(corpus_dir, opts, |report, _| Some(report))
}

/// Checks a corpus and stores snapshots, handing each issue's report to
/// `on_issue` in issue order as soon as its round is done. What `on_issue`
/// returns is kept in [`CheckReport::issues`]: a caller that prints and
/// returns `None` (or a slimmed report) checks any number of issues in
/// memory that does not grow with them.
pub fn run_check_with(
    corpus_dir: &Path,
    opts: &CheckOptions,
    mut on_issue: impl FnMut(IssueReport, &RunInfo) -> Option<IssueReport>,
) -> Result<CheckReport> {
    run_check_prepared(corpus_dir, opts, |_, _| (), |r, (), info| on_issue(r, info))
}

/// [`run_check_with`], where `prepare` runs on the worker threads right
/// after each issue is checked (rendering its terminal lines, say, and
/// dropping what it no longer needs, freed by the thread that allocated it)
/// and its output is handed to `on_issue` with the report: what the caller
/// does in issue order then stays small, and the run scales with the
/// threads.
pub fn run_check_prepared<T: Send>(
    corpus_dir: &Path,
    opts: &CheckOptions,
    prepare: impl Fn(&mut IssueReport, &RunInfo) -> T + Sync,
    mut on_issue: impl FnMut(IssueReport, T, &RunInfo) -> Option<IssueReport>,
) -> Result<CheckReport> {
    let workers = check::pool(opts.jobs)?;
    let corpus = Corpus::discover(corpus_dir)?;
    let snapshot_root = corpus.snapshot_root(opts.snapshots.as_deref());
    let findings_only = opts.findings_only || corpus.config.gate.snapshots == Some(false);
    // A findings-only gate has no snapshot review: nothing is written
    // unless asked for by name.
    let mode = match opts.update {
        snapshot::UpdateMode::Auto if findings_only => snapshot::UpdateMode::No,
        m => m.resolve(),
    };
    // One writer per store; a read-only run needs no lock.
    let _lock = match mode {
        snapshot::UpdateMode::No => None,
        _ => Some(snapshot::lock::StoreLock::acquire(
            &snapshot_root,
            crate::snapshot::lock::wait_time(),
        )?),
    };
    // Canonicalised once per run, not once per issue.
    let project = snapshot_root.parent().and_then(|p| p.canonicalize().ok());
    let baseline_path = opts
        .baseline
        .as_ref()
        .map(|p| corpus.baseline_path(p.as_deref()));
    let changed = match &opts.changed_since {
        Some(rev) => Some(select::changed_since(
            &select::Watched {
                corpus: &corpus,
                snapshot_root: &snapshot_root,
                baseline: baseline_path.as_deref(),
            },
            rev,
        )?),
        None => None,
    };
    let mut notes = Vec::new();
    if let Some(why) = changed.as_ref().and_then(|c| c.everything.clone()) {
        notes.push(why);
    }
    let scope = select::Scope::of(&corpus, changed.as_ref(), opts.shard, opts.only.as_ref());
    let issues: Vec<&corpus::IssueRef> = select::select(
        &corpus,
        changed.as_ref().map(|c| &c.issues),
        opts.shard,
        opts.only.as_ref(),
    );
    if let Some(only) = opts
        .only
        .as_ref()
        // Only when nothing was selected (a shard or --changed-since may
        // leave none of a good selection) is the corpus asked again.
        .filter(|o| issues.is_empty() && !corpus.issues.iter().any(|i| o.matches(&i.id)))
    {
        return Err(Error::Usage(format!(
            "`{}` names no issue of the corpus {} (issues are named PUBLICATION/FOLDER, as `ocrgate check` prints them)",
            escape::visible(&only.text),
            corpus_dir.display()
        )));
    }
    let baseline = match &baseline_path {
        Some(path) => Some(gate::Baseline::read(path)?),
        None => None,
    };
    let cache = match &opts.cache {
        CacheMode::Off => None,
        CacheMode::Default => Some(cache::Cache::new(
            corpus.cache_dir(None, &snapshot_root),
            &corpus,
        )),
        CacheMode::At(dir) => Some(cache::Cache::new(dir.clone(), &corpus)),
    };
    // Everything for one issue runs on a worker; only the order is kept
    // here, and each result is slimmed as it arrives (see `full_results`).
    let info = RunInfo {
        issues: issues.len(),
        id_width: issues
            .iter()
            .map(|i| i.id.chars().count())
            .max()
            .unwrap_or(0),
        snapshot_root: snapshot_root.clone(),
        mode,
        findings_only,
    };
    let work = |issue: &&corpus::IssueRef| -> Result<(IssueReport, T)> {
        let publication = &corpus.publications[issue.publication];
        let issue = match corpus.load(issue) {
            Ok(loaded) => loaded,
            Err(e) => {
                let mut report = IssueReport {
                    outcome: IssueOutcome::unloadable(issue, e),
                    snapshot: None,
                    previous_cer: None,
                    gate: None,
                    dir: publication.dir.join(issue.folder()),
                    change: None,
                };
                let prepared = prepare(&mut report, &info);
                return Ok((report, prepared));
            }
        };
        let issue = &issue;
        let path = SnapshotPath::new(&snapshot_root, &issue.id);
        let (mut outcome, analysed) =
            analyse_cached(issue, publication, cache.as_ref(), &path, opts);
        let stored = match (&outcome.result, &analysed) {
            (Some(_), Analysed::AsAccepted) => Some(snapshot::keep_unchanged(&path, mode)),
            (Some(_), Analysed::Body(Some(body))) => {
                // The input path is for the snapshot header: only worked
                // out (a `realpath`) when a snapshot is written.
                let input = || input_file(project.as_deref(), &issue.dir, &issue.id);
                Some(snapshot::compare_and_store_bytes(
                    &path, &issue.id, input, body, mode,
                ))
            }
            _ => None,
        };
        let snapshot = match stored {
            Some(Ok(status)) => Some(status),
            Some(Err(e @ Error::Input(_))) => {
                outcome.errors.push(e);
                None
            }
            Some(Err(e)) => return Err(e),
            None => None,
        };
        let body = match analysed {
            Analysed::Body(body) => body,
            Analysed::AsAccepted => None,
        };
        let previous_cer = match snapshot {
            Some(Status::Changed) => {
                snapshot::accepted_cer(&SnapshotPath::new(&snapshot_root, &issue.id))
            }
            _ => None,
        };
        let gate = outcome.result.as_ref().map(|r| {
            // Unchanged snapshot: the accepted CER is the current one.
            let before = previous_cer.or_else(|| r.accuracy.as_ref().map(|a| a.total.cer_pooled));
            IssueGate {
                baseline: baseline
                    .as_ref()
                    .map(|b| gate::BaselineDiff::compare(&issue.id, &r.findings, b)),
                thresholds: gate::evaluate(&publication.thresholds, r, before),
            }
        });
        if !opts.full_results {
            if let Some(r) = &mut outcome.result {
                r.articles = Vec::new();
            }
        }
        let change = body
            .filter(|_| matches!(snapshot, Some(Status::New | Status::Changed)))
            .and_then(|b| String::from_utf8(b).ok())
            .map(|pending| {
                Box::new(match snapshot {
                    Some(Status::Changed) => snapshot::review::review_bodies(
                        &issue.id,
                        snapshot::review::accepted_body(&path).ok().flatten(),
                        pending,
                    ),
                    _ => snapshot::review::Review::new_snapshot(&issue.id, pending),
                })
            });
        let mut report = IssueReport {
            outcome,
            snapshot,
            previous_cer,
            gate,
            dir: issue.dir.clone(),
            change,
        };
        let prepared = prepare(&mut report, &info);
        Ok((report, prepared))
    };
    // Only a run over the whole corpus knows which snapshots are orphans;
    // a shard, a selection or a `--changed-since` run does not walk the
    // store at all.
    let whole = changed.is_none() && opts.shard.is_none() && opts.only.is_none();
    let unreferenced_mode = opts.unreferenced.resolve(findings_only);
    let find_orphans = whole && unreferenced_mode != Unreferenced::Ignore;
    // The index is sorted by id: no second set of every id is built.
    let known = |id: &str| {
        corpus
            .issues
            .binary_search_by(|i| i.id.as_str().cmp(id))
            .is_ok()
    };
    let orphans = || {
        snapshot::files_matching(&snapshot_root, |f| {
            !known(&snapshot::snapshot_issue(&snapshot_root, f))
        })
    };
    let mut reports = Vec::new();
    let mut totals = RunTotals::default();
    // The store is walked on a thread of its own while the workers check:
    // the run writes snapshots of known issues only, so it cannot change
    // which files are orphans.
    let mut unreferenced = std::thread::scope(|scope| -> Result<Vec<PathBuf>> {
        let walk = find_orphans.then(|| scope.spawn(orphans));
        check::for_each_ordered(&issues, &workers, opts.progress, work, |(r, prepared)| {
            totals.add(&r);
            reports.extend(on_issue(r, prepared, &info));
            Ok(())
        })?;
        match walk {
            Some(walk) => walk
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => Ok(Vec::new()),
        }
    })?;
    // A `--changed-since` run knows the orphans its changes made: the
    // snapshots of issues deleted or renamed since the revision.
    if let Some(c) = &changed {
        if unreferenced_mode != Unreferenced::Ignore {
            unreferenced.extend(c.orphans.iter().cloned());
        }
    }
    if unreferenced_mode == Unreferenced::Delete && mode != snapshot::UpdateMode::No {
        for f in &unreferenced {
            std::fs::remove_file(f).map_err(|e| Error::io(f, e))?;
        }
    }
    // A whole run that wrote and found every snapshot as accepted proves
    // that the store agrees with this tool: record it for `--changed-since`.
    if whole
        && !findings_only
        && mode != snapshot::UpdateMode::No
        && totals.pending == 0
        && totals.input_errors == 0
        && !issues.is_empty()
    {
        snapshot::stamp::write(&snapshot_root)?;
    }
    Ok(CheckReport {
        issues: reports,
        totals,
        snapshot_root,
        unreferenced,
        reject_unreferenced: unreferenced_mode == Unreferenced::Reject,
        full_results: opts.full_results,
        findings_only,
        mode,
        scope,
        notes,
    })
}

/// Reads and parses one issue folder without touching snapshots (for
/// tests and embedding).
pub fn check_issue_dir(corpus_dir: &Path, issue_id: &str) -> Result<IssueOutcome> {
    let corpus = Corpus::discover(corpus_dir)?;
    let issue = corpus
        .issues
        .iter()
        .find(|i| i.id == issue_id)
        .ok_or_else(|| {
            Error::Usage(format!("no issue `{issue_id}` in {}", corpus_dir.display()))
        })?;
    Ok(check::check_issue(
        &corpus.load(issue)?,
        &corpus.publications[issue.publication],
    ))
}
