//! `ocrgate baseline`: write the baseline: the current findings, accepted as
//! the starting point of the gate.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: BaselineAction,
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

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        action:
            BaselineAction::Write {
                target,
                baseline,
                jobs,
                cache,
            },
    } = args;
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
    let path = ocrgate::corpus::Corpus::discover(&corpus)?.baseline_path(baseline.as_deref());
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
