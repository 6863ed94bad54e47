//! `ocrgate report`: write the quality report for editors: one self-contained
//! HTML file (and a Markdown summary).

use super::*;

#[derive(clap::Args)]
pub struct Args {
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
    /// Rows in the overview of a split report: the issues with the worst quality
    /// score (every issue is in the part files).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    overview_rows: u32,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        target,
        html,
        markdown,
        templates,
        snapshots,
        jobs,
        cache,
        issues_per_file,
        overview_rows,
    } = args;
    let issues_per_file = issues_per_file as usize;
    if html.is_none() && markdown.is_none() {
        return Err(Error::Usage(
            "say where to write: --html PATH and/or --markdown PATH".into(),
        ));
    }
    let start = std::time::Instant::now();
    let ocrgate::locate::Located { corpus, only } = target.locate()?;
    // Each publication's language, for the `lang` of its text.
    let langs = ocrgate::report::html::Languages::of(&ocrgate::corpus::Corpus::discover(&corpus)?);
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
                    langs.clone(),
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
        issue.change = None;
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
            let text = ocrgate::report::html::render(&report, templates.as_deref(), &langs)?;
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
