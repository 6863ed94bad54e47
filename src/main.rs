//! The `ocrgate` command line: parse arguments, hand each command to its
//! module in `src/cli/` (its arguments and its `run`), and map outcomes to
//! the documented exit codes (0 clear, 1 something to look at, 2 usage,
//! configuration or input error).

mod cli;

use clap::{Parser, Subcommand};
use ocrgate::error::Error;
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
    Check(cli::check::Args),

    /// Write the quality report for editors: one self-contained HTML file (and a Markdown summary).
    Report(cli::report::Args),

    /// Write the baseline: the current findings, accepted as the starting point of the gate.
    Baseline(cli::baseline::Args),

    /// Merge the JSON results of shards into one verdict and report.
    Merge(cli::merge::Args),

    /// Reject pending snapshots (delete `.snap.new`; the accepted ones stay as they are).
    Reject(cli::reject::Args),

    /// List pending snapshots with what each changes.
    Pending(cli::pending::Args),

    /// Show what one pending snapshot changes, article by article.
    Show(cli::show::Args),

    /// Review pending snapshots one by one on the terminal (accept, reject, skip).
    Review(cli::review::Args),

    /// Group pending changes by edit across issues; accept or reject a whole group.
    Clusters(cli::clusters::Args),

    /// List every check: id, default severity and what it finds.
    Rules(cli::rules::Args),

    /// Explain one check: why it matters, its settings, and its examples with what they report.
    Explain(cli::explain::Args),

    /// CER and WER of OCR against ground truth: two files, or two folders of same-named files.
    Eval(cli::eval::Args),

    /// Accept pending snapshots (`.snap.new` → `.snap`).
    Accept(cli::accept::Args),

    /// Start a project: corpus/ocrgate.yaml, one publication's publication.yaml
    /// and the .gitignore lines (asks for what is missing on a terminal;
    /// never overwrites).
    Init(cli::init::Args),

    /// Print a shell completion script: `ocrgate completions bash > ~/.local/share/bash-completion/completions/ocrgate`.
    Completions(cli::completions::Args),

    /// Print the man page (roff): `ocrgate man > ocrgate.1 && man ./ocrgate.1`.
    Man,

    /// Print a built-in parsing profile (a complete, valid rule set to start from).
    Profile(cli::profile::Args),

    /// Measure throughput on a generated corpus built from the bundled pages.
    Bench(cli::bench::Args),
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

fn run(args: Cli) -> Result<u8, Error> {
    match args.command {
        Command::Check(a) => cli::check::run(a),
        Command::Report(a) => cli::report::run(a),
        Command::Baseline(a) => cli::baseline::run(a),
        Command::Merge(a) => cli::merge::run(a),
        Command::Reject(a) => cli::reject::run(a),
        Command::Pending(a) => cli::pending::run(a),
        Command::Show(a) => cli::show::run(a),
        Command::Review(a) => cli::review::run(a),
        Command::Clusters(a) => cli::clusters::run(a),
        Command::Rules(a) => cli::rules::run(a),
        Command::Explain(a) => cli::explain::run(a),
        Command::Eval(a) => cli::eval::run(a),
        Command::Accept(a) => cli::accept::run(a),
        Command::Init(a) => cli::init::run(a),
        Command::Completions(a) => cli::completions::run(a),
        Command::Man => cli::man::run(),
        Command::Profile(a) => cli::profile::run(a),
        Command::Bench(a) => cli::bench::run(a),
    }
}
