//! The `ocrgate` command line: parse arguments, call the library, map
//! outcomes to the documented exit codes (0 clear, 1 something to look at,
//! 2 usage, configuration or input error).

use clap::{Parser, Subcommand};
use ocrgate::error::Error;
use ocrgate::escape::visible;
use ocrgate::snapshot::Status;
use ocrgate::validate::{diagnostic, registry, Severity};
use std::io::Write;

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
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ocrgate",
    // The build identity (build.rs) tells builds of one version apart, as
    // the result cache does.
    version = concat!(env!("CARGO_PKG_VERSION"), " (build ", env!("OCRGATE_BUILD_ID"), ")"),
    about = "Data-quality and regression test harness for OCR'd newspaper corpora"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// When another ocrgate is writing the same snapshots, fail at once
    /// instead of waiting for it (the wait is bounded by OCRGATE_LOCK_TIMEOUT
    /// seconds, if set).
    #[arg(long, global = true)]
    no_wait: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Parse every issue of a corpus and compare it with its accepted snapshot.
    Check {
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
        #[arg(long, value_enum, default_value_t = UnreferencedArg::Warn)]
        unreferenced: UnreferencedArg,
        /// Print the diff of every pending snapshot.
        #[arg(long)]
        diff: bool,
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
    },
    /// Write the quality report for editors: one self-contained HTML file (and a Markdown summary).
    Report {
        #[command(flatten)]
        target: Target,
        /// Write the HTML report here.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Write the Markdown summary here.
        #[arg(long)]
        markdown: Option<PathBuf>,
        /// A folder with report.html / report.css / report.js replacing the built-in templates.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Snapshot folder (default: `snapshots` beside the corpus, or as set in ocrgate.yaml).
        #[arg(long)]
        snapshots: Option<PathBuf>,
        /// Worker threads (0: one per core).
        #[arg(short, long, default_value_t = 0, env = "OCRGATE_JOBS")]
        jobs: usize,
        #[command(flatten)]
        cache: CacheArgs,
        /// Issues per HTML file: a larger run gets an overview file and part files beside it.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
        issues_per_file: u32,
        /// Rows in the overview of a split report: the issues with the most findings per
        /// 1,000 characters (every issue is in the part files).
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
        overview_rows: u32,
    },
    /// Write the baseline: the current findings, accepted as the starting point of the gate.
    Baseline {
        #[command(subcommand)]
        action: BaselineAction,
    },
    /// Merge the JSON results of shards into one verdict and report.
    Merge {
        /// JSON results (`check --shard K/N --output json=PATH`).
        results: Vec<PathBuf>,
        /// The format printed on stdout.
        #[arg(long, value_enum, default_value_t = ocrgate::report::Format::Markdown)]
        format: ocrgate::report::Format,
        /// Also write a format to a file: FORMAT=PATH; repeatable.
        #[arg(long, value_name = "FORMAT=PATH")]
        output: Vec<String>,
    },
    /// Reject pending snapshots (delete `.snap.new`; the accepted ones stay as they are).
    Reject {
        /// Issues to reject, e.g. `liaocheng-daily/2022-07-05`.
        issues: Vec<String>,
        /// Reject every pending snapshot.
        #[arg(long, conflicts_with = "issues")]
        all: bool,
        #[command(flatten)]
        store: Store,
    },
    /// List pending snapshots with what each changes.
    Pending {
        /// Print as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: Store,
    },
    /// Show what one pending snapshot changes, article by article.
    Show {
        /// The issue, e.g. `liaocheng-daily/2022-07-05`.
        issue: String,
        /// Fold lines that differ only in whitespace or punctuation width.
        #[arg(long)]
        fold_trivial: bool,
        #[command(flatten)]
        store: Store,
    },
    /// Review pending snapshots one by one on the terminal (accept, reject, skip).
    Review {
        /// Fold lines that differ only in whitespace or punctuation width.
        #[arg(long)]
        fold_trivial: bool,
        #[command(flatten)]
        store: Store,
    },
    /// Group pending changes by edit across issues; accept or reject a whole group.
    Clusters {
        /// Accept the cluster with this number (as listed).
        #[arg(long, conflicts_with = "reject")]
        accept: Option<usize>,
        /// Reject the cluster with this number (as listed).
        #[arg(long)]
        reject: Option<usize>,
        /// How many clusters to list.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: Store,
    },
    /// List every check: id, default severity and what it finds.
    Rules {
        /// Write the full documentation of every rule as Markdown.
        #[arg(long)]
        markdown: bool,
    },
    /// Explain one check: why it matters, its settings, and its examples with what they report.
    Explain {
        /// A rule id, e.g. `para.broken`.
        rule: String,
    },
    /// CER and WER of OCR against ground truth: two files, or two folders of same-named files.
    Eval {
        /// Ground truth: plain text, PAGE, ALTO or hOCR (or a folder of them).
        gt: PathBuf,
        /// OCR output (or a folder of same-named files).
        ocr: PathBuf,
        /// Print the result as JSON (schema version 1).
        #[arg(long)]
        json: bool,
        /// Which TextEquiv of a PAGE file is the text.
        #[arg(long, value_enum, default_value_t = TextEquivLevel::Region)]
        textequiv_level: TextEquivLevel,
        /// Remove all whitespace before comparing (Chinese and Japanese text).
        #[arg(long)]
        ignore_whitespace: bool,
    },
    /// Accept pending snapshots (`.snap.new` → `.snap`).
    Accept {
        /// Issues to accept, e.g. `liaocheng-daily/2022-07-05`.
        issues: Vec<String>,
        /// Accept every pending snapshot.
        #[arg(long, conflicts_with = "issues")]
        all: bool,
        /// The corpus folder, to find the snapshot folder (default: found from the
        /// working folder, as cargo finds Cargo.toml).
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
        #[arg(long)]
        snapshots: Option<PathBuf>,
    },
    /// Start a project: corpus/ocrgate.yaml, one publication's publication.yaml
    /// and the .gitignore lines (asks for what is missing on a terminal;
    /// never overwrites).
    Init {
        /// The project folder (it gets `corpus/`; snapshots go beside it).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The publication's folder name, e.g. liaocheng-daily.
        #[arg(long)]
        publication: Option<String>,
        /// Its display name, e.g. 聊城日报 (default: the folder name).
        #[arg(long)]
        name: Option<String>,
        /// Its language, a BCP 47 tag: zh-Hans picks the Chinese profile, en or de the Latin one.
        #[arg(long)]
        language: Option<String>,
    },
    /// Print a shell completion script: `ocrgate completions bash > ~/.local/share/bash-completion/completions/ocrgate`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `ocrgate man > ocrgate.1 && man ./ocrgate.1`.
    Man,
    /// Print a built-in parsing profile (a complete, valid rule set to start from).
    Profile {
        #[arg(default_value = "zh-newspaper")]
        name: String,
    },
    /// Measure throughput on a generated corpus built from the bundled pages.
    Bench {
        /// Pages to generate.
        #[arg(long, default_value_t = 1000)]
        pages: usize,
        /// The corpus whose pages are repeated.
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        /// Thread counts to measure.
        #[arg(long, value_delimiter = ',', default_value = "1,2")]
        jobs: Vec<usize>,
        /// Repeat only pages of these formats (txt, alto, hocr, page); default all.
        #[arg(long, value_delimiter = ',')]
        formats: Vec<String>,
        /// Only write the generated corpus to DIR (for scripts/bench-scale.sh) and stop.
        #[arg(long, value_name = "DIR")]
        generate_only: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum BaselineAction {
    /// Record the current findings of the corpus (atomically).
    Write {
        #[command(flatten)]
        target: Target,
        /// The baseline file (default: `baseline:` in ocrgate.yaml, else ocrgate-baseline.yaml beside the corpus).
        #[arg(long)]
        baseline: Option<PathBuf>,
        /// Worker threads (0: one per core).
        #[arg(short, long, default_value_t = 0, env = "OCRGATE_JOBS")]
        jobs: usize,
        #[command(flatten)]
        cache: CacheArgs,
    },
}

/// Writes each `FORMAT=PATH` of `--output`; with GitHub output also the
/// Markdown summary to `$GITHUB_STEP_SUMMARY` when it is set.
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
    Warn,
    Reject,
    Delete,
    Ignore,
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
    fn for_issue(asked: Option<Show>, issue: &ocrgate::IssueReport) -> Show {
        match asked {
            Some(level) => level,
            None if fails(issue) => Show::Warning,
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

/// mimalloc instead of the system allocator: a check allocates many small,
/// short-lived strings on every worker, and glibc malloc was 15 % of a cold
/// check (and its per-thread arenas made thread counts uneven).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    ocrgate::snapshot::lock::set_no_wait(cli.no_wait);
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Check {
            target,
            jobs,
            snapshots,
            findings,
            update,
            unreferenced,
            diff,
            baseline,
            strict_baseline,
            changed_since,
            shard,
            format,
            output,
            cache,
        } => {
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
                    UnreferencedArg::Warn => ocrgate::Unreferenced::Warn,
                    UnreferencedArg::Reject => ocrgate::Unreferenced::Reject,
                    UnreferencedArg::Delete => ocrgate::Unreferenced::Delete,
                    UnreferencedArg::Ignore => ocrgate::Unreferenced::Ignore,
                },
            };
            let mode = opts.update.resolve();
            // Errors and warnings the terminal does not show (of passing issues).
            let mut hidden = 0;
            let report = if streaming {
                let mut out = buffered_stdout();
                let color = stdout_color();
                // On the workers: render the issue's lines, then drop what
                // only they needed (freed where it was allocated).
                let render = |issue: &mut ocrgate::IssueReport, info: &ocrgate::RunInfo| {
                    let mut text = Vec::new();
                    print_issue(&mut text, issue, info.id_width, findings, mode, color);
                    if let Some(r) = &mut issue.outcome.result {
                        r.findings = Vec::new();
                        r.cards = Vec::new();
                        r.pages.iter_mut().for_each(|p| p.furniture = Vec::new());
                    }
                    text
                };
                ocrgate::run_check_prepared(&corpus, &opts, render, |issue, text, _| {
                    hidden += hidden_findings(findings, &issue);
                    let _ = out.write_all(&text);
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
            let run = ocrgate::report::RunResult::from_check(
                &report,
                ocrgate::report::Settings {
                    baseline: use_baseline,
                    strict_baseline,
                    reject_unreferenced: false,
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
                let color = stdout_color();
                for issue in &report.issues {
                    hidden += hidden_findings(findings, issue);
                    print_issue(&mut out, issue, width, findings, mode, color);
                    print_errors(issue);
                }
            }
            print_summary(&report, mode, findings, hidden);
            print_gate(&run);
            if diff {
                let mut out = anstream::stdout();
                for r in ocrgate::snapshot::cluster::pending_reviews(&report.snapshot_root)? {
                    let _ = writeln!(out, "{}\n{}", r.summary(), r.render(diff_style(false)));
                }
            }
            Ok(run.verdict.exit_code as u8)
        }
        Command::Baseline {
            action:
                BaselineAction::Write {
                    target,
                    baseline,
                    jobs,
                    cache,
                },
        } => {
            let corpus = ocrgate::locate::corpus_root(
                target.path.as_deref().or(target.corpus.as_deref()),
                "the baseline",
            )?;
            let opts = ocrgate::CheckOptions {
                jobs,
                cache: cache.mode(),
                update: ocrgate::snapshot::UpdateMode::No,
                unreferenced: ocrgate::Unreferenced::Ignore,
                progress: true,
                ..Default::default()
            };
            let report = ocrgate::run_check(&corpus, &opts)?;
            if report.input_errors() > 0 {
                for i in &report.issues {
                    for e in &i.outcome.errors {
                        eprintln!("error: {e}");
                    }
                }
                return Err(Error::Usage(
                    "fix the input errors before writing a baseline".into(),
                ));
            }
            let path =
                ocrgate::corpus::Corpus::discover(&corpus)?.baseline_path(baseline.as_deref());
            let b = ocrgate::gate::Baseline::of(
                report
                    .issues
                    .iter()
                    .filter_map(|i| i.outcome.result.as_ref()),
            );
            b.write(&path)?;
            let entries: usize = b
                .issues
                .values()
                .map(|r| r.values().map(|f| f.len()).sum::<usize>())
                .sum();
            outln!(
                "wrote {} ({}, {})",
                path.display(),
                plural(b.issues.len(), "issue"),
                plural(entries, "finding")
            );
            Ok(0)
        }
        Command::Report {
            target,
            html,
            markdown,
            templates,
            snapshots,
            jobs,
            cache,
            issues_per_file,
            overview_rows,
        } => {
            let issues_per_file = issues_per_file as usize;
            if html.is_none() && markdown.is_none() {
                return Err(Error::Usage(
                    "say where to write: --html PATH and/or --markdown PATH".into(),
                ));
            }
            let start = std::time::Instant::now();
            let ocrgate::locate::Located { corpus, only } = target.locate()?;
            let opts = ocrgate::CheckOptions {
                jobs,
                snapshots,
                only,
                update: ocrgate::snapshot::UpdateMode::No,
                unreferenced: ocrgate::Unreferenced::Ignore,
                progress: true,
                cache: cache.mode(),
                ..Default::default()
            };
            // Up to `issues_per_file` issues: one self-contained file. More:
            // an overview file and part files written as issues are checked,
            // so neither the browser nor this process holds the corpus.
            let mut split: Option<ocrgate::report::html::SplitReport> = None;
            let mut failed: Option<Error> = None;
            let report = ocrgate::run_check_with(&corpus, &opts, |mut issue, info| {
                let Some(path) = html.as_ref().filter(|_| info.issues > issues_per_file) else {
                    return Some(issue);
                };
                if failed.is_none() {
                    let added = match &mut split {
                        Some(s) => s.add(&issue),
                        None => ocrgate::report::html::SplitReport::new(
                            path,
                            templates.as_deref(),
                            issues_per_file,
                            overview_rows as usize,
                            &info.snapshot_root,
                        )
                        .and_then(|s| split.insert(s).add(&issue)),
                    };
                    failed = added.err();
                }
                // The totals and the Markdown summary need each issue's
                // counts only: the rest is in the part file already.
                if let Some(r) = &mut issue.outcome.result {
                    r.findings = Vec::new();
                    r.cards = Vec::new();
                    r.pages = Vec::new();
                    r.summary.findings.rules = Default::default();
                    if let Some(a) = &mut r.accuracy {
                        a.confusions = Vec::new();
                    }
                }
                issue.pending_body = None;
                Some(issue)
            })?;
            if let Some(e) = failed {
                return Err(e);
            }
            match (split, &html) {
                (Some(split), _) => {
                    let files = split.finish(&report)?;
                    outln!(
                        "wrote {} ({}: the overview and {})",
                        files[0].display(),
                        plural(report.totals.issues, "issue"),
                        plural(files.len() - 1, "part file")
                    );
                }
                (None, Some(path)) => {
                    let text = ocrgate::report::html::render(&report, templates.as_deref())?;
                    ocrgate::snapshot::write_atomic(path, &text)?;
                    outln!("wrote {} ({} bytes)", path.display(), text.len());
                }
                (None, None) => {}
            }
            if let Some(path) = &markdown {
                let text = ocrgate::report::html::markdown(&report);
                ocrgate::snapshot::write_atomic(path, &text)?;
                outln!("wrote {} ({} bytes)", path.display(), text.len());
            }
            eprintln!("report in {:.2} s", start.elapsed().as_secs_f64());
            Ok(if report.input_errors() > 0 { 2 } else { 0 })
        }
        Command::Merge {
            results,
            format,
            output,
        } => {
            if results.is_empty() {
                return Err(Error::Usage("name the JSON results to merge".into()));
            }
            let mut parts = Vec::new();
            for p in &results {
                let bytes =
                    ocrgate::fsio::read_input(p, ocrgate::gate::MAX_BASELINE_BYTES, "JSON result")?;
                let run: ocrgate::report::RunResult =
                    serde_json::from_slice(&bytes).map_err(|e| {
                        Error::Input(
                            ocrgate::error::FileError::new(
                                p,
                                format!("not an ocrgate JSON result: {e}"),
                            )
                            .at(e.line() as u64, e.column() as u64)
                            .help(
                                "write shard results with `check --shard K/N --output json=PATH`",
                            ),
                        )
                    })?;
                parts.push(run);
            }
            let run = ocrgate::report::RunResult::merge(parts)?;
            write_outputs(&run, &output, format)?;
            match format {
                ocrgate::report::Format::Text => print_gate(&run),
                f => out!("{}", ocrgate::report::render(&run, f)),
            }
            Ok(run.verdict.exit_code as u8)
        }
        Command::Reject { issues, all, store } => {
            if issues.is_empty() && !all {
                return Err(Error::Usage(
                    "name the issues to reject, or pass --all".into(),
                ));
            }
            let root = store.root()?;
            let _lock = ocrgate::snapshot::lock::StoreLock::acquire(
                &root,
                ocrgate::snapshot::lock::wait_time(),
            )?;
            let issues = issue_ids(&root, &issues)?;
            let done = ocrgate::snapshot::reject(&root, &issues)?;
            for id in &done {
                outln!("rejected {id}");
            }
            let unknown = unsettled(&root, &issues, &done);
            if done.is_empty() && issues.is_empty() {
                outln!("nothing pending");
            }
            Ok(if unknown { 2 } else { 0 })
        }
        Command::Pending { json, store } => {
            let root = store.root()?;
            let reviews = ocrgate::snapshot::cluster::pending_reviews(&root)?;
            if json {
                let text = serde_json::to_string_pretty(&reviews)
                    .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
                outln!("{text}");
            } else if reviews.is_empty() {
                outln!("nothing pending");
            } else {
                for r in &reviews {
                    outln!("{}", r.summary());
                }
            }
            Ok(if reviews.is_empty() { 0 } else { 1 })
        }
        Command::Show {
            issue,
            fold_trivial,
            store,
        } => {
            let root = store.root()?;
            let id = ocrgate::snapshot::issue_id_arg(&issue)?;
            let paths = ocrgate::snapshot::SnapshotPath::new(&root, &id);
            if !paths.pending.exists() {
                // Say what there is to show instead.
                let pending: Vec<String> = ocrgate::snapshot::pending_files(&root)?
                    .iter()
                    .map(|p| visible(&ocrgate::snapshot::issue_id_of(&root, p)).into_owned())
                    .collect();
                const SHOWN: usize = 10;
                return Err(Error::Usage(match pending.len() {
                    0 => format!(
                        "nothing is pending for {id}, nor for any other issue in {}",
                        root.display()
                    ),
                    n => format!(
                        "nothing is pending for {id}; pending: {}{}",
                        pending[..n.min(SHOWN)].join(", "),
                        if n > SHOWN {
                            format!(" and {} more (`ocrgate pending` lists them)", n - SHOWN)
                        } else {
                            String::new()
                        }
                    ),
                }));
            }
            let r = ocrgate::snapshot::review::review(&id, &paths)?;
            let mut out = anstream::stdout();
            let _ = writeln!(
                out,
                "{}\n\n{}",
                r.summary(),
                r.render(diff_style(fold_trivial))
            );
            Ok(0)
        }
        Command::Review {
            fold_trivial,
            store,
        } => {
            let root = store.root()?;
            let tally = ocrgate::review::run(&root, &console::Term::stdout(), fold_trivial)?;
            Ok(if tally.skipped.is_empty() { 0 } else { 1 })
        }
        Command::Clusters {
            accept,
            reject,
            top,
            json,
            store,
        } => {
            let root = store.root()?;
            let _lock = ocrgate::snapshot::lock::StoreLock::acquire(
                &root,
                ocrgate::snapshot::lock::wait_time(),
            )?;
            let reviews = ocrgate::snapshot::cluster::pending_reviews(&root)?;
            let clusters = ocrgate::snapshot::cluster::clusters(&reviews);
            if let Some(k) = accept.or(reject) {
                let c = clusters.iter().find(|c| c.id == k).ok_or_else(|| {
                    Error::Usage(format!("no cluster {k}; `ocrgate clusters` lists them"))
                })?;
                let s = ocrgate::snapshot::cluster::settle(&root, &reviews, c, accept.is_some())?;
                outln!(
                    "{} cluster {c}: {} issue{} rewritten, {} settled",
                    if accept.is_some() {
                        "accepted"
                    } else {
                        "rejected"
                    },
                    s.touched.len(),
                    if s.touched.len() == 1 { "" } else { "s" },
                    s.resolved.len()
                );
                return Ok(0);
            }
            if json {
                let text = serde_json::to_string_pretty(&clusters)
                    .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
                outln!("{text}");
            } else if clusters.is_empty() {
                outln!("no edits pending");
            } else {
                outln!("   #  edit (old → new)   occurrences");
                for c in clusters.iter().take(top) {
                    outln!("{c}");
                }
                if clusters.len() > top {
                    outln!("… and {} more (--top N)", clusters.len() - top);
                }
                outln!("accept or reject one: ocrgate clusters --accept N | --reject N");
            }
            Ok(0)
        }
        Command::Eval {
            gt,
            ocr,
            json,
            textequiv_level,
            ignore_whitespace,
        } => {
            let opts = ocrgate::metrics::extract::Options {
                level: match textequiv_level {
                    TextEquivLevel::Region => ocrgate::metrics::extract::Level::Region,
                    TextEquivLevel::Line => ocrgate::metrics::extract::Level::Line,
                },
                ignore_whitespace,
            };
            let report = ocrgate::eval::run(&gt, &ocr, opts)?;
            if json {
                let text = serde_json::to_string_pretty(&report)
                    .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
                outln!("{text}");
            } else {
                out!("{}", ocrgate::eval::table(&report));
            }
            Ok(0)
        }
        Command::Rules { markdown } => {
            let text = if markdown {
                ocrgate::ruledocs::markdown()
            } else {
                ocrgate::ruledocs::table()
            };
            out!("{text}");
            Ok(0)
        }
        Command::Explain { rule } => {
            let r = registry::rule(&rule).ok_or_else(|| {
                let hint = registry::suggest(&rule)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                Error::Usage(format!(
                    "no rule `{rule}`{hint}; `ocrgate rules` lists them"
                ))
            })?;
            let mut out = anstream::stdout();
            let _ = write!(out, "{}", ocrgate::ruledocs::explain(r)?);
            Ok(0)
        }
        Command::Accept {
            issues,
            all,
            corpus,
            snapshots,
        } => {
            if issues.is_empty() && !all {
                return Err(Error::Usage(
                    "name the issues to accept, or pass --all".into(),
                ));
            }
            let root = match snapshots {
                Some(s) => s,
                None => {
                    let corpus = ocrgate::locate::corpus_root(corpus.as_deref(), "accept")?;
                    ocrgate::corpus::Corpus::discover(&corpus)?.snapshot_root(None)
                }
            };
            let _lock = ocrgate::snapshot::lock::StoreLock::acquire(
                &root,
                ocrgate::snapshot::lock::wait_time(),
            )?;
            let issues = issue_ids(&root, &issues)?;
            let accepted = ocrgate::snapshot::accept(&root, &issues)?;
            for id in &accepted.done {
                outln!("accepted {id}");
            }
            for (_, e) in &accepted.refused {
                eprintln!("error: {e}");
            }
            let settled: Vec<String> = accepted
                .done
                .iter()
                .chain(accepted.refused.iter().map(|(id, _)| id))
                .cloned()
                .collect();
            let unknown = unsettled(&root, &issues, &settled);
            if settled.is_empty() && issues.is_empty() {
                outln!("nothing pending");
            }
            Ok(if unknown || !accepted.refused.is_empty() {
                2
            } else {
                0
            })
        }
        Command::Init {
            dir,
            publication,
            name,
            language,
        } => {
            let term = console::Term::stderr();
            let ask = |what: &str, default: &str| -> Result<String, Error> {
                if !term.is_term() {
                    return Ok(default.to_string());
                }
                term.write_str(&format!("{what} [{default}]: "))
                    .and_then(|_| term.read_line())
                    .map(|answer| {
                        let answer = answer.trim();
                        if answer.is_empty() { default } else { answer }.to_string()
                    })
                    .map_err(|e| Error::io("<terminal>", e))
            };
            let publication = match publication {
                Some(p) => p,
                None => ask("publication folder name", "my-paper")?,
            };
            let name = match name {
                Some(n) => n,
                None => ask("display name", &publication)?,
            };
            let language = match language {
                Some(l) => l,
                None => ask("language (zh-Hans, en, de, …)", "zh-Hans")?,
            };
            let written = ocrgate::init::init(
                &dir,
                &ocrgate::init::InitOptions {
                    publication: publication.clone(),
                    name,
                    language,
                },
            )?;
            for f in &written {
                outln!("wrote {}", f.display());
            }
            let corpus = dir.join("corpus");
            outln!(
                "next: put issue folders in {}/YYYY-MM-DD/ (p01.txt, p01.alto.xml, …), then run `ocrgate check {}`",
                corpus.join(&publication).display(),
                corpus.display()
            );
            Ok(0)
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut command = Cli::command();
            // Into a buffer: `generate` panics on a failed write (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "ocrgate", &mut script);
            out!("{}", String::from_utf8_lossy(&script));
            Ok(0)
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(|e| Error::io("<man page>", e))?;
            out!("{}", String::from_utf8_lossy(&page));
            Ok(0)
        }
        Command::Profile { name } => {
            let (_, text) = ocrgate::parse::rules::BUILTIN_PROFILES
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| Error::Usage(format!("no built-in profile `{name}`")))?;
            out!("{text}");
            Ok(0)
        }
        Command::Bench {
            pages,
            corpus,
            jobs,
            formats,
            generate_only,
        } => {
            match generate_only {
                Some(dir) => {
                    let (pages, bytes) = ocrgate::bench::generate(&corpus, &dir, pages, &formats)?;
                    outln!(
                        "generated {pages} pages, {bytes} bytes in {}",
                        dir.display()
                    );
                }
                None => ocrgate::bench::run(&corpus, pages, &jobs, &formats)?,
            }
            Ok(0)
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
/// The issues named on the command line: ids (`liaocheng-daily/2022-07-05`),
/// or a publication (`liaocheng-daily`) or a glob (`'liaocheng-daily/2022-*'`)
/// that stands for every pending snapshot it matches.
fn issue_ids(root: &std::path::Path, named: &[String]) -> Result<Vec<String>, Error> {
    let mut ids = Vec::new();
    let mut pending: Option<Vec<String>> = None;
    for arg in named {
        let trimmed = arg.trim_end_matches('/');
        if !trimmed.contains(['*', '?', '[', '{']) && trimmed.contains('/') {
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
            return Err(Error::Usage(format!(
                "`{}` matches no pending snapshot (`ocrgate pending` lists them)",
                visible(arg)
            )));
        }
        ids.extend(matched.into_iter().cloned());
    }
    ids.dedup();
    Ok(ids)
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
fn fails(issue: &ocrgate::IssueReport) -> bool {
    let gate = issue.gate.as_ref();
    !issue.outcome.errors.is_empty()
        || matches!(issue.snapshot, Some(Status::New | Status::Changed))
        || gate
            .and_then(|g| g.baseline.as_ref())
            .is_some_and(|b| !(b.new.is_empty() && b.grown.is_empty()))
        || gate.is_some_and(|g| g.thresholds.iter().any(|t| t.level == "fail"))
}

/// How many errors and warnings of an issue the terminal leaves out by default.
fn hidden_findings(asked: Option<Show>, issue: &ocrgate::IssueReport) -> usize {
    match (&issue.outcome.result, Show::for_issue(asked, issue)) {
        (Some(r), Show::None) if asked.is_none() => {
            r.summary.findings.error + r.summary.findings.warning
        }
        _ => 0,
    }
}

/// One issue's lines of the terminal report: its diagnostics, then its summary line.
fn print_issue(
    out: &mut impl Write,
    issue: &ocrgate::IssueReport,
    width: usize,
    asked: Option<Show>,
    mode: ocrgate::snapshot::UpdateMode,
    color: bool,
) {
    let show = Show::for_issue(asked, issue);
    let id = visible(&issue.outcome.id);
    let id = id.as_ref();
    match &issue.outcome.result {
        Some(r) => {
            let s = &r.summary;
            let snap = match issue.snapshot {
                Some(Status::Unchanged) => "snapshot unchanged".to_string(),
                Some(Status::Updated) => "snapshot UPDATED (--update always)".to_string(),
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
}
