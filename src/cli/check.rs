//! `ocrgate check`: parse every issue of a corpus and compare it with its
//! accepted snapshot.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: Target,
    /// Worker threads (0: one per core).
    #[arg(short, long, default_value_t = 0, env = "OCRGATE_JOBS")]
    jobs: usize,
    /// Snapshot folder (default: `snapshots` beside the corpus, or as set in ocrgate.yaml).
    #[arg(long)]
    snapshots: Option<PathBuf>,
    /// Print findings of at least this severity as diagnostics, for every issue.
    /// Default: the errors and warnings of the issues that fail the gate only, so
    /// that a run of thousands of pages prints what needs attention.
    #[arg(long, value_enum)]
    findings: Option<Show>,
    /// What may be written: `new` pending files, `always` over the accepted ones,
    /// `no` nothing; `auto` is `no` on CI (CI set and not false/0) and `new` elsewhere.
    #[arg(long, value_enum, default_value_t = Update::Auto, env = "OCRGATE_UPDATE")]
    update: Update,
    /// Snapshots of issues no longer in the corpus: report, fail, delete or ignore them.
    /// `auto`: reject on CI, warn elsewhere, ignore in a findings-only gate.
    #[arg(long, value_enum, default_value_t = UnreferencedArg::Auto)]
    unreferenced: UnreferencedArg,
    /// Print what each new or changed snapshot changes, as a diff under its issue
    /// (on CI too, where nothing is written).
    #[arg(long)]
    diff: bool,
    /// With --diff: the longest diff printed per issue, in lines (0: no limit).
    #[arg(long, value_name = "N", default_value_t = 60)]
    diff_lines: usize,
    /// With --diff: the most issues whose diff is printed (0: no limit); the JSON
    /// result has every changed issue's diff.
    #[arg(long, value_name = "N", default_value_t = 20)]
    diff_issues: usize,
    /// A findings-only gate: snapshots are not written and not part of the verdict;
    /// the gate is the baseline and the thresholds (also `gate: {snapshots: false}`
    /// in ocrgate.yaml).
    #[arg(long)]
    findings_only: bool,
    /// Gate on the baseline: fail only on findings that are new or grew (PATH, or the configured file).
    #[arg(long, value_name = "PATH", num_args = 0..=1)]
    baseline: Option<Option<PathBuf>>,
    /// With --baseline, also fail on baseline entries that are gone (so the file shrinks).
    #[arg(long, requires = "baseline")]
    strict_baseline: bool,
    /// Check only the issues whose files changed since this git revision.
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Check only shard K of N (by a stable hash of the issue id), e.g. 2/4.
    #[arg(long, value_name = "K/N")]
    shard: Option<ocrgate::select::Shard>,
    /// The format printed on stdout.
    #[arg(long, value_enum, default_value_t = ocrgate::report::Format::Text)]
    format: ocrgate::report::Format,
    /// Also write a format to a file: FORMAT=PATH (json, junit, sarif, github, markdown); repeatable.
    #[arg(long, value_name = "FORMAT=PATH")]
    output: Vec<String>,
    #[command(flatten)]
    cache: CacheArgs,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        target,
        jobs,
        snapshots,
        findings,
        update,
        unreferenced,
        diff,
        diff_lines,
        diff_issues,
        findings_only,
        baseline,
        strict_baseline,
        changed_since,
        shard,
        format,
        output,
        cache,
    } = args;
    use ocrgate::snapshot::UpdateMode;
    parse_outputs(&output)?;
    let ocrgate::locate::Located { corpus, only } = target.locate()?;
    let use_baseline = baseline.is_some();
    // JSON results carry each issue's articles: the cache keeps only digests.
    let full_results = format == ocrgate::report::Format::Json
        || output.iter().any(|o| o.trim_start().starts_with("json="));
    // The terminal report streams: each issue is printed as it is
    // checked and kept only as counts, so memory does not grow with
    // the corpus. Other formats need every finding at the end.
    let streaming = format == ocrgate::report::Format::Text && output.is_empty();
    let opts = ocrgate::CheckOptions {
        // The terminal does not show article heads.
        without_cards: streaming,
        jobs,
        snapshots,
        baseline,
        strict_baseline,
        changed_since,
        findings_only,
        shard,
        only,
        progress: format == ocrgate::report::Format::Text,
        cache: cache.mode(),
        full_results,
        update: match update {
            Update::Auto => UpdateMode::Auto,
            Update::New => UpdateMode::New,
            Update::Always => UpdateMode::Always,
            Update::No => UpdateMode::No,
        },
        unreferenced: match unreferenced {
            UnreferencedArg::Auto => ocrgate::Unreferenced::Auto,
            UnreferencedArg::Warn => ocrgate::Unreferenced::Warn,
            UnreferencedArg::Reject => ocrgate::Unreferenced::Reject,
            UnreferencedArg::Delete => ocrgate::Unreferenced::Delete,
            UnreferencedArg::Ignore => ocrgate::Unreferenced::Ignore,
        },
    };
    // Errors and warnings the terminal does not show (of passing issues).
    let mut hidden = 0;
    let color = stdout_color();
    let style = |info: &ocrgate::RunInfo| IssueStyle {
        width: info.id_width,
        asked: findings,
        mode: info.mode,
        color,
        findings_only: info.findings_only,
    };
    // Diffs are printed under their issue, the first `diff_issues` of them.
    let mut diffs_shown = 0usize;
    let mut diffs_left = 0usize;
    let mut print_diff = |out: &mut dyn Write, text: Option<String>| {
        if let Some(text) = text {
            if diff_issues == 0 || diffs_shown < diff_issues {
                diffs_shown += 1;
                let _ = out.write_all(text.as_bytes());
            } else {
                diffs_left += 1;
            }
        }
    };
    let report = if streaming {
        let mut out = buffered_stdout();
        // On the workers: render the issue's lines and its diff, then drop
        // what only they needed (freed where it was allocated).
        let render = |issue: &mut ocrgate::IssueReport, info: &ocrgate::RunInfo| {
            let mut text = Vec::new();
            print_issue(&mut text, issue, style(info));
            let diff_text = diff.then(|| issue_diff(issue, diff_lines, color)).flatten();
            if let Some(r) = &mut issue.outcome.result {
                r.findings = Vec::new();
                r.cards = Vec::new();
                r.pages.iter_mut().for_each(|p| p.furniture = Vec::new());
            }
            // The verdict needs the change's one line, not its bodies.
            if let Some(c) = &mut issue.change {
                c.accepted_body = None;
                c.pending_body = String::new();
            }
            (text, diff_text)
        };
        ocrgate::run_check_prepared(&corpus, &opts, render, |issue, (text, diff_text), info| {
            hidden += hidden_findings(findings, &issue, info.findings_only);
            let _ = out.write_all(&text);
            print_diff(&mut out, diff_text);
            print_errors(&issue);
            // Kept only when the verdict or the gate's lines need it;
            // the run's counts are in `report.totals`.
            let gate = issue.gate.as_ref();
            let notable = !issue.outcome.errors.is_empty()
                || matches!(issue.snapshot, Some(Status::New | Status::Changed))
                || gate.and_then(|g| g.baseline.as_ref()).is_some_and(|b| {
                    !(b.new.is_empty() && b.grown.is_empty() && b.fixed.is_empty())
                })
                || gate.is_some_and(|g| g.thresholds.iter().any(|t| t.level != "ok"));
            notable.then_some(issue)
        })?
    } else {
        ocrgate::run_check(&corpus, &opts)?
    };
    let mode = report.mode;
    let run = ocrgate::report::RunResult::from_check(
        &report,
        ocrgate::report::Settings {
            baseline: use_baseline,
            strict_baseline,
            reject_unreferenced: false,
            findings_only: report.findings_only,
        },
        opts.shard,
    );
    write_outputs(&run, &output, format)?;
    if format != ocrgate::report::Format::Text {
        out!("{}", ocrgate::report::render(&run, format));
        return Ok(run.verdict.exit_code as u8);
    }
    if !streaming {
        let mut out = buffered_stdout();
        let width = report
            .issues
            .iter()
            .map(|i| visible(&i.outcome.id).chars().count())
            .max()
            .unwrap_or(0);
        let st = IssueStyle {
            width,
            asked: findings,
            mode,
            color,
            findings_only: report.findings_only,
        };
        for issue in &report.issues {
            hidden += hidden_findings(findings, issue, report.findings_only);
            print_issue(&mut out, issue, st);
            print_diff(
                &mut out,
                diff.then(|| issue_diff(issue, diff_lines, color)).flatten(),
            );
            print_errors(issue);
        }
    }
    if diffs_left > 0 {
        outln!(
            "… the diffs of {} more not shown (--diff-issues 0 shows all; the JSON result has every one)",
            plural(diffs_left, "changed issue")
        );
    }
    for note in &report.notes {
        outln!("note: {}", visible(note));
    }
    print_summary(&report, mode, findings, hidden);
    print_gate(&run);
    Ok(run.verdict.exit_code as u8)
}
