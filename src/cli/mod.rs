//! The commands, one module each (its arguments and its `run`, as cargo's
//! `src/bin/cargo/commands/` and ruff's `commands/` are laid out), and what
//! they share: where the corpus and the snapshot store are, output that
//! survives a closed pipe, the terminal report's lines, `--output` files.

use clap::Subcommand;
use ocrgate::error::Error;
use ocrgate::escape::visible;
use ocrgate::snapshot::Status;
use ocrgate::validate::{diagnostic, registry, Severity};
use std::io::Write;
use std::path::PathBuf;

/// `print!` that does not panic when the reader of a pipe has gone
/// (`ocrgate check --format sarif | head`): output is dropped, the exit
/// code stays the verdict's.
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

macro_rules! outln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

pub mod accept;
pub mod baseline;
pub mod bench;
pub mod check;
pub mod clusters;
pub mod completions;
pub mod eval;
pub mod explain;
pub mod init;
pub mod man;
pub mod merge;
pub mod pending;
pub mod profile;
pub mod reject;
pub mod report;
pub mod review;
pub mod rules;
pub mod show;

/// The `--output FORMAT=PATH` arguments, checked before a run starts (a
/// long run must not end in a usage error). The terminal report is not a
/// file format: it is refused with what to do instead, never written empty.
fn parse_outputs(outputs: &[String]) -> Result<Vec<(ocrgate::report::Format, PathBuf)>, Error> {
    use clap::ValueEnum;
    outputs
        .iter()
        .map(|o| {
            let (name, path) = o.split_once('=').ok_or_else(|| {
                Error::Usage(format!(
                    "--output {o}: write FORMAT=PATH, e.g. junit=report.xml"
                ))
            })?;
            let format = ocrgate::report::Format::from_str(name, true).map_err(|_| {
                Error::Usage(format!(
                    "--output {o}: unknown format `{name}` (json, junit, sarif, github, markdown)"
                ))
            })?;
            if format == ocrgate::report::Format::Text {
                return Err(Error::Usage(format!(
                    "--output {o}: the text report is what the terminal shows; redirect it \
                     (`ocrgate check > {path}`, or `| tee {path}`), or write a file format \
                     (json, junit, sarif, github, markdown)"
                )));
            }
            if path.is_empty() {
                return Err(Error::Usage(format!(
                    "--output {o}: say where to write, e.g. {name}=report.{name}"
                )));
            }
            Ok((format, PathBuf::from(path)))
        })
        .collect()
}

/// Writes each `FORMAT=PATH` of `--output`; with GitHub output also the
/// Markdown summary to `$GITHUB_STEP_SUMMARY` when it is set.
fn write_outputs(
    run: &ocrgate::report::RunResult,
    outputs: &[String],
    stdout_format: ocrgate::report::Format,
) -> Result<(), Error> {
    for (format, path) in parse_outputs(outputs)? {
        let path = path.as_path();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        ocrgate::snapshot::write_atomic(path, &ocrgate::report::render(run, format))?;
    }
    let github = stdout_format == ocrgate::report::Format::Github
        || outputs.iter().any(|o| o.starts_with("github="));
    if github {
        if let Ok(summary) = std::env::var("GITHUB_STEP_SUMMARY") {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&summary)
                .map_err(|e| Error::io(&summary, e))?;
            f.write_all(ocrgate::report::markdown::render(run).as_bytes())
                .map_err(|e| Error::io(&summary, e))?;
        }
    }
    Ok(())
}

/// Where the snapshot store is.
#[derive(clap::Args)]
struct Store {
    /// The corpus folder, to find the snapshot folder (default: found from the
    /// working folder, as cargo finds Cargo.toml).
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// The snapshot folder, if not the corpus's.
    #[arg(long)]
    snapshots: Option<PathBuf>,
}

impl Store {
    fn root(&self) -> Result<PathBuf, Error> {
        Ok(match &self.snapshots {
            Some(s) => s.clone(),
            None => {
                let corpus =
                    ocrgate::locate::corpus_root(self.corpus.as_deref(), "the snapshot store")?;
                ocrgate::corpus::Corpus::discover(&corpus)?.snapshot_root(None)
            }
        })
    }
}

/// What a command checks: the corpus, or part of it. One shape for every
/// command that checks: a positional PATH (the corpus, a publication or
/// issue folder in it, or a glob over issue ids) or `--corpus DIR`; with
/// neither, the corpus is found from the working folder.
#[derive(clap::Args)]
struct Target {
    /// The corpus, or part of it: a publication or issue folder in it, or a glob over
    /// issue ids ('liaocheng-daily/2022-*'). Default: found from the working folder
    /// (the nearest folder up that holds ocrgate.yaml or corpus/).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// The corpus folder (the same as PATH; for scripts that name it the same way for every command).
    #[arg(long, value_name = "DIR", conflicts_with = "path")]
    corpus: Option<PathBuf>,
}

impl Target {
    fn locate(&self) -> Result<ocrgate::locate::Located, Error> {
        ocrgate::locate::locate(self.path.as_deref().or(self.corpus.as_deref()))
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Update {
    Auto,
    New,
    Always,
    No,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum UnreferencedArg {
    /// Reject on CI, warn elsewhere (ignore in a findings-only gate).
    Auto,
    Warn,
    Reject,
    Delete,
    Ignore,
}

/// An issue's snapshot diff for the log, at most `max_lines` long (0:
/// all), with a line saying what was cut and how to see the rest.
fn issue_diff(issue: &ocrgate::IssueReport, max_lines: usize, color: bool) -> Option<String> {
    let change = issue.change.as_deref()?;
    let style = ocrgate::snapshot::diff::Style2 {
        color,
        fold_trivial: false,
        context: 2,
    };
    let (mut text, cut) = change.render_capped(style, max_lines);
    let mut out = format!("── {} ──\n", change.summary());
    if cut > 0 {
        text.push_str(&format!(
            "… {cut} more diff lines of {} not shown (--diff-lines 0 shows all; locally, `ocrgate show {}`)\n",
            visible(&change.issue),
            visible(&change.issue)
        ));
    }
    out.push_str(&text);
    Some(out)
}

fn diff_style(fold_trivial: bool) -> ocrgate::snapshot::diff::Style2 {
    ocrgate::snapshot::diff::Style2 {
        color: anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never,
        fold_trivial,
        context: 2,
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TextEquivLevel {
    Region,
    Line,
}

/// Which findings `check` prints.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
enum Show {
    Error,
    Warning,
    Info,
    None,
}

impl Show {
    /// What one issue shows: the level asked for, or by default the
    /// warnings of an issue that fails the gate and nothing of one that
    /// passes.
    fn for_issue(asked: Option<Show>, issue: &ocrgate::IssueReport, findings_only: bool) -> Show {
        match asked {
            Some(level) => level,
            None if fails(issue, findings_only) => Show::Warning,
            None => Show::None,
        }
    }

    fn includes(self, s: Severity) -> bool {
        match self {
            Show::None => false,
            Show::Error => s == Severity::Error,
            Show::Warning => s != Severity::Info,
            Show::Info => true,
        }
    }
}

/// Where results are cached between runs.
#[derive(clap::Args, Debug)]
struct CacheArgs {
    /// Read and parse every issue; neither read nor write the result cache.
    #[arg(long)]
    no_cache: bool,
    /// The result cache folder (default: `.ocrgate-cache` beside the snapshot folder).
    #[arg(
        long,
        value_name = "DIR",
        env = "OCRGATE_CACHE_DIR",
        conflicts_with = "no_cache"
    )]
    cache_dir: Option<std::path::PathBuf>,
}

impl CacheArgs {
    fn mode(&self) -> ocrgate::CacheMode {
        match (&self.cache_dir, self.no_cache) {
            (_, true) => ocrgate::CacheMode::Off,
            (Some(d), false) => ocrgate::CacheMode::At(d.clone()),
            (None, false) => ocrgate::CacheMode::Default,
        }
    }
}

/// Standard output through a buffer (a corpus can print hundreds of
/// thousands of diagnostic lines; stdout alone writes each line with its
/// own system call), with colours as `anstream::stdout()` decides.
/// Without colours the text goes straight to the buffer: what is printed
/// then carries no styles (see `stdout_color`), so nothing needs stripping.
fn buffered_stdout() -> Box<dyn Write> {
    let choice = anstream::AutoStream::choice(&std::io::stdout());
    let raw: Box<dyn Write> = Box::new(std::io::BufWriter::with_capacity(
        1 << 16,
        std::io::stdout().lock(),
    ));
    if choice == anstream::ColorChoice::Never {
        raw
    } else {
        Box::new(anstream::AutoStream::new(raw, choice))
    }
}

/// Whether standard output shows colours (a terminal, no `NO_COLOR`).
fn stdout_color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// The gate's part of the terminal report.
fn print_gate(run: &ocrgate::report::RunResult) {
    let mut out = buffered_stdout();
    let t = &run.totals;
    if run.settings.baseline {
        let _ = writeln!(
            out,
            "baseline: {} new, {} grown, {} fixed ({} gone)",
            t.new_findings, t.grown_findings, t.fixed_findings, t.stale_baseline_entries
        );
        for i in &run.issues {
            if let Some(b) = i.gate.as_ref().and_then(|g| g.baseline.as_ref()) {
                for f in b.new.iter().chain(&b.grown) {
                    let _ = writeln!(
                        out,
                        "  {} {}:{} {} ×{} (baseline ×{}) {}",
                        visible(&i.id),
                        visible(f.page.as_deref().unwrap_or("")),
                        f.line.unwrap_or(0),
                        f.rule,
                        f.count,
                        f.baseline,
                        visible(f.message.as_deref().unwrap_or(""))
                    );
                }
            }
        }
    }
    for i in &run.issues {
        for th in i
            .gate
            .iter()
            .flat_map(|g| &g.thresholds)
            .filter(|t| t.level != "ok")
        {
            let _ = writeln!(
                out,
                "threshold {}: {} {} = {} (warn {}, fail {})",
                th.level,
                visible(&i.id),
                th.name,
                th.value,
                th.warn.map_or("-".into(), |w| w.to_string()),
                th.fail.map_or("-".into(), |w| w.to_string())
            );
        }
    }
    let _ = writeln!(
        out,
        "verdict: {}",
        match run.verdict.exit_code {
            0 => "passed".to_string(),
            1 => format!("failed ({})", reasons_line(&run.verdict.reasons)),
            _ => "input errors".to_string(),
        }
    );
}

/// Why the gate failed, in one line: the first few reasons and a count of
/// the rest (a re-OCR of an archive can fail thousands of issues; the
/// report formats and `ocrgate pending` list them all).
fn reasons_line(reasons: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut line = visible(&reasons[..reasons.len().min(SHOWN)].join("; ")).into_owned();
    if reasons.len() > SHOWN {
        line.push_str(&format!("; and {} more", reasons.len() - SHOWN));
    }
    line
}

/// `1 issue`, `2 issues`, `0 issues`.
fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// `s` or, for one, a space: keeps the columns of the issue lines.
fn s_or_space(n: usize) -> &'static str {
    if n == 1 {
        " "
    } else {
        "s"
    }
}

/// Issue ids from the command line, checked (see `snapshot::issue_id_arg`).
/// Whether a command-line name stands for several issues: a publication
/// (no `/`) or a glob.
fn is_selection(arg: &str) -> bool {
    let arg = arg.trim_end_matches('/');
    arg.contains(['*', '?', '[', '{']) || !arg.contains('/')
}

/// The issues named on the command line: ids (`liaocheng-daily/2022-07-05`),
/// or a publication (`liaocheng-daily`) or a glob (`'liaocheng-daily/2022-*'`)
/// that stands for every pending snapshot it matches.
fn issue_ids(root: &std::path::Path, named: &[String]) -> Result<Vec<String>, Error> {
    let mut ids = Vec::new();
    let mut pending: Option<Vec<String>> = None;
    for arg in named {
        let trimmed = arg.trim_end_matches('/');
        if !is_selection(trimmed) {
            ids.push(ocrgate::snapshot::issue_id_arg(arg)?);
            continue;
        }
        let filter = ocrgate::select::IssueFilter::new(trimmed)?;
        let pending = match &mut pending {
            Some(p) => p,
            None => pending.insert(
                ocrgate::snapshot::pending_files(root)?
                    .iter()
                    .map(|p| ocrgate::snapshot::issue_id_of(root, p))
                    .collect(),
            ),
        };
        let matched: Vec<&String> = pending.iter().filter(|id| filter.matches(id)).collect();
        if matched.is_empty() {
            // Settled already (accept and reject are idempotent, as they
            // are for an id): its issues have accepted snapshots.
            let settled = ocrgate::snapshot::files_matching(root, |p| {
                p.to_string_lossy().ends_with(".snap")
                    && filter.matches(&ocrgate::snapshot::snapshot_issue(root, p))
            })?;
            if settled.is_empty() {
                return Err(Error::Usage(format!(
                    "`{}` matches no pending snapshot (`ocrgate pending` lists them)",
                    visible(arg)
                )));
            }
            outln!("{}: nothing pending", visible(arg));
        }
        ids.extend(matched.into_iter().cloned());
    }
    ids.dedup();
    Ok(ids)
}

/// The pending issues that the names on the command line stand for
/// ([`issue_ids`]); `None` when there were names and every one was settled
/// already, so the command has nothing to do (an empty list would mean
/// every pending snapshot).
fn named_issues(root: &std::path::Path, named: &[String]) -> Result<Option<Vec<String>>, Error> {
    let ids = issue_ids(root, named)?;
    Ok((named.is_empty() || !ids.is_empty()).then_some(ids))
}

/// What `accept` and `reject` settle: the snapshot folder, held locked
/// while the caller writes, and the issues named (empty: every pending
/// one); `None` when names were given and nothing they name is pending.
/// `verb` names the command in the usage error.
fn settle_target(
    issues: &[String],
    all: bool,
    store: &Store,
    verb: &str,
) -> Result<Option<(PathBuf, ocrgate::snapshot::lock::StoreLock, Vec<String>)>, Error> {
    if issues.is_empty() && !all {
        return Err(Error::Usage(format!(
            "name the issues to {verb}, or pass --all"
        )));
    }
    let root = store.root()?;
    let lock =
        ocrgate::snapshot::lock::StoreLock::acquire(&root, ocrgate::snapshot::lock::wait_time())?;
    Ok(named_issues(&root, issues)?.map(|ids| (root, lock, ids)))
}

/// Reports named issues that had nothing pending: already settled when an
/// accepted snapshot exists (accept and reject are idempotent), unknown
/// otherwise. Returns whether any was unknown.
fn unsettled(root: &std::path::Path, named: &[String], done: &[String]) -> bool {
    let mut unknown = false;
    for id in named.iter().map(|i| i.trim_end_matches('/')) {
        if done.iter().any(|d| d == id) {
            continue;
        }
        if ocrgate::snapshot::SnapshotPath::new(root, id)
            .accepted
            .exists()
        {
            outln!("{id}: nothing pending");
        } else {
            eprintln!("error: no snapshot for {id} in {}", root.display());
            unknown = true;
        }
    }
    unknown
}

/// Whether an issue makes the run fail: an input error, a new or changed
/// snapshot, findings new or grown against the baseline, a threshold at its
/// fail level.
fn fails(issue: &ocrgate::IssueReport, findings_only: bool) -> bool {
    let gate = issue.gate.as_ref();
    !issue.outcome.errors.is_empty()
        || (!findings_only && matches!(issue.snapshot, Some(Status::New | Status::Changed)))
        || gate
            .and_then(|g| g.baseline.as_ref())
            .is_some_and(|b| !(b.new.is_empty() && b.grown.is_empty()))
        || gate.is_some_and(|g| g.thresholds.iter().any(|t| t.level == "fail"))
}

/// How many errors and warnings of an issue the terminal leaves out by default.
fn hidden_findings(
    asked: Option<Show>,
    issue: &ocrgate::IssueReport,
    findings_only: bool,
) -> usize {
    match (
        &issue.outcome.result,
        Show::for_issue(asked, issue, findings_only),
    ) {
        (Some(r), Show::None) if asked.is_none() => {
            r.summary.findings.error + r.summary.findings.warning
        }
        _ => 0,
    }
}

/// How the terminal report draws an issue.
#[derive(Clone, Copy)]
struct IssueStyle {
    /// The id column's width.
    width: usize,
    /// `--findings`.
    asked: Option<Show>,
    mode: ocrgate::snapshot::UpdateMode,
    color: bool,
    /// Snapshots are not part of the verdict.
    findings_only: bool,
}

/// One issue's lines of the terminal report: its diagnostics, then its
/// summary line, then what its snapshot changes.
fn print_issue(out: &mut impl Write, issue: &ocrgate::IssueReport, st: IssueStyle) {
    let IssueStyle {
        width,
        asked,
        mode,
        color,
        findings_only,
    } = st;
    let show = Show::for_issue(asked, issue, findings_only);
    let id = visible(&issue.outcome.id);
    let id = id.as_ref();
    match &issue.outcome.result {
        Some(r) => {
            let s = &r.summary;
            let snap = match issue.snapshot {
                Some(Status::Unchanged) => "snapshot unchanged".to_string(),
                Some(Status::Updated) => "snapshot UPDATED (--update always)".to_string(),
                Some(Status::New) if findings_only => {
                    "no snapshot (findings-only gate)".to_string()
                }
                Some(Status::Changed) if findings_only => {
                    "snapshot changed (findings-only gate: not gated)".to_string()
                }
                Some(Status::New) if mode == ocrgate::snapshot::UpdateMode::No => {
                    "NEW snapshot, not written (--update no, or CI)".to_string()
                }
                Some(Status::Changed) if mode == ocrgate::snapshot::UpdateMode::No => {
                    "snapshot CHANGED, not written (--update no, or CI)".to_string()
                }
                Some(Status::New) => "NEW snapshot pending (ocrgate accept)".to_string(),
                Some(Status::Changed) => "snapshot CHANGED, pending (ocrgate accept)".to_string(),
                None => String::new(),
            };
            // Rendered into one buffer; a page's path is worked out once.
            let mut text = String::new();
            let mut shown_path: Option<(&str, String)> = None;
            for f in r.findings.iter().filter(|f| show.includes(f.severity)) {
                if shown_path.as_ref().is_none_or(|(page, _)| *page != f.page) {
                    let path = issue.dir.join(&f.page).display().to_string();
                    shown_path = Some((&f.page, path));
                }
                let (_, path) = shown_path.as_ref().expect("set above");
                diagnostic::render_into(&mut text, f, path, color);
                text.push('\n');
            }
            let _ = out.write_all(text.as_bytes());
            let c = &s.findings;
            let cer = match (&r.accuracy, issue.previous_cer) {
                (Some(a), Some(old)) if old != a.total.cer_pooled => {
                    format!("  CER {} (was {old})", a.total.cer_pooled)
                }
                (Some(a), _) => format!("  CER {}", a.total.cer_pooled),
                (None, _) => String::new(),
            };
            let _ = writeln!(
                out,
                "{id:<width$}  {:>2} page{}  {:>3} article{}  {:>3} headline{}  {:>2} untitled  {:>3} error{} {:>3} warning{} {:>3} info{cer}  {snap}",
                s.pages,
                s_or_space(s.pages),
                s.articles,
                s_or_space(s.articles),
                s.headlines,
                s_or_space(s.headlines),
                s.untitled,
                c.error,
                s_or_space(c.error),
                c.warning,
                s_or_space(c.warning),
                c.info,
            );
            if let Some(st) = &r.structure {
                let _ = writeln!(out, "{:width$}  structure: {}", "", st.one_line());
            }
            if let (Some(Status::Changed), Some(change)) = (issue.snapshot, &issue.change) {
                let _ = writeln!(out, "{:width$}  changes: {}", "", change.change());
            }
        }
        None => {
            let _ = writeln!(out, "{id:<width$}  not checked: input error");
        }
    }
}

/// An issue's input errors, on stderr (in issue order: not from workers).
fn print_errors(issue: &ocrgate::IssueReport) {
    for e in &issue.outcome.errors {
        eprintln!("error: {e}");
    }
}

/// The end of the terminal report: orphaned snapshots, accuracy, counts.
fn print_summary(
    report: &ocrgate::CheckReport,
    mode: ocrgate::snapshot::UpdateMode,
    asked: Option<Show>,
    hidden: usize,
) {
    let mut out = buffered_stdout();
    // A summary fits a screen: a long list is cut, and says how to see it.
    const LISTED: usize = 10;
    for f in report.unreferenced.iter().take(LISTED) {
        let _ = writeln!(
            out,
            "unreferenced snapshot: {} (its issue is not in the corpus; --unreferenced delete removes it)",
            visible(&f.display().to_string())
        );
    }
    if report.unreferenced.len() > LISTED {
        let _ = writeln!(
            out,
            "… and {} more (--format json lists them all)",
            plural(report.unreferenced.len() - LISTED, "unreferenced snapshot")
        );
    }
    if asked.is_none() && hidden > 0 {
        let _ = writeln!(
            out,
            "{} of passing issues not shown (errors and warnings; --findings warning shows them)",
            plural(hidden, "finding")
        );
    }
    if let Some(a) = report.accuracy() {
        let _ = writeln!(
            out,
            "ground truth: {} page{}, CER {} pooled, {} mean of pages; WER {} pooled, {} mean of pages",
            a.pages,
            if a.pages == 1 { "" } else { "s" },
            a.cer_pooled.rounded(),
            a.cer_mean.rounded(),
            a.wer_pooled.rounded(),
            a.wer_mean.rounded()
        );
    }
    if let Some(s) = report.totals.structure.score() {
        let n = report.totals.structure.issues;
        let _ = writeln!(
            out,
            "structure against expected.yaml ({n} issue{}): {}",
            if n == 1 { "" } else { "s" },
            s.one_line()
        );
    }
    let pending = report.pending();
    let errors = report.input_errors();
    // With `--update no` (and on CI) nothing is written: a changed
    // snapshot is not pending anywhere, so it is not called that.
    if report.findings_only {
        let _ = writeln!(
            out,
            "{}, {}; snapshots are not part of this gate (findings-only)",
            plural(report.totals.issues, "issue") + " checked",
            plural(errors, "input error"),
        );
        return;
    }
    let snapshots = if mode == ocrgate::snapshot::UpdateMode::No {
        "new or changed snapshot"
    } else {
        "pending snapshot"
    };
    let _ = writeln!(
        out,
        "{}, {}{}, {}",
        plural(report.totals.issues, "issue") + " checked",
        plural(pending, snapshots),
        if mode == ocrgate::snapshot::UpdateMode::No && pending > 0 {
            " (not written)"
        } else {
            ""
        },
        plural(errors, "input error"),
    );
    // What a writing run leaves in the user's repository (pending
    // snapshots, the store's lock): say how to keep it out of commits
    // while git would pick it up.
    if mode != ocrgate::snapshot::UpdateMode::No {
        let lock = report.snapshot_root.join(".ocrgate.lock");
        let pending = ocrgate::snapshot::pending_files(&report.snapshot_root)
            .ok()
            .and_then(|f| f.into_iter().next());
        let exposed = std::iter::once(lock)
            .chain(pending)
            .filter(|f| f.exists())
            .any(|f| ocrgate::snapshot::git_ignores(&f) == Some(false));
        if exposed {
            let _ = writeln!(
                out,
                "hint: git would commit ocrgate's working files here; add these lines to .gitignore (`ocrgate init` writes them): {}",
                ocrgate::init::GITIGNORE_LINES.join("  ")
            );
        }
    }
}
