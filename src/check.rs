//! Checking one issue: read → normalise → segment → result. Pure: the same
//! files and rules give the same result on any machine and thread.

use crate::corpus::{Corpus, Issue, IssueRef, Publication};
use crate::error::{Error, FileError};
use crate::metrics::extract::{extract_file, Options as MeasureOptions};
use crate::metrics::{measure_with_confusions, top_confusions, Aggregate, TOP_CONFUSIONS};
use crate::parse::rules::CompiledRules;
use crate::parse::{segment, streams, Article, ParaRef};
use crate::result::{round, IssueAccuracy, IssueResult, PageSummary, Summary};
use crate::source::{read_page, Page};
use crate::text::misread::Suspect;
use crate::text::normalize::{paragraphs_with, Paragraph};
use crate::validate::config::{Expect, RuleSettings};
use crate::validate::{validate, Ctx, FindingCounts};
use rayon::prelude::*;
use std::collections::HashMap;

/// What checking one issue gave: a result, or the errors that prevented one.
#[derive(Debug)]
pub struct IssueOutcome {
    pub id: String,
    pub result: Option<IssueResult>,
    pub errors: Vec<Error>,
    /// Bytes of page files read.
    pub bytes: u64,
    /// Whether the result came from the cache (then it has no articles).
    pub cached: bool,
}

impl IssueOutcome {
    /// The outcome of an issue whose folder cannot be listed or whose
    /// issue.yaml is wrong: an error of that issue (exit 2), while the
    /// other issues of the archive are still checked.
    pub fn unloadable(issue: &IssueRef, error: Error) -> IssueOutcome {
        IssueOutcome {
            id: issue.id.clone(),
            result: None,
            errors: vec![error],
            bytes: 0,
            cached: false,
        }
    }
}

/// How many issues each worker takes per round of [`for_each_ordered`]:
/// enough to keep the workers busy past a slow issue, few enough that the
/// round's results are small next to the corpus.
const ROUND_PER_WORKER: usize = 16;

/// A pool of `jobs` worker threads (0: one per core). A run makes one and
/// uses it for everything parallel: a second set of threads starts with
/// fresh allocator state, and a cached re-check at 1 thread measured 10 %
/// slower with two pools.
pub fn pool(jobs: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs} worker threads: {e}")))
}

/// Runs `work` over `items` on the threads of `pool` and hands
/// the results to `sink` in the items' order, a round at a time: results
/// are dropped as soon as the sink has them, so memory holds one round,
/// not the corpus. Stops at the first error of `work` or `sink`. With
/// `progress`, a bar counts items on a terminal (indicatif draws nothing
/// when stderr is not one, so CI logs and pipes stay clean).
pub fn for_each_ordered<I, T, W, S>(
    items: &[I],
    pool: &rayon::ThreadPool,
    progress: bool,
    work: W,
    mut sink: S,
) -> Result<(), Error>
where
    I: Sync,
    T: Send,
    W: Fn(&I) -> Result<T, Error> + Sync,
    S: FnMut(T) -> Result<(), Error>,
{
    let bar = if progress && !crate::snapshot::is_ci() {
        indicatif::ProgressBar::new(items.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} issues  {elapsed} (ETA {eta})",
        )
        .expect("valid progress template"),
    );
    let round = pool.current_num_threads().max(1) * ROUND_PER_WORKER;
    for chunk in items.chunks(round) {
        let done: Vec<Result<T, Error>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|item| {
                    let r = work(item);
                    bar.inc(1);
                    r
                })
                .collect()
        });
        for r in done {
            sink(r?)?;
        }
    }
    bar.finish_and_clear();
    Ok(())
}

/// Checks every issue, `jobs` at a time (0: one per core), in issue order.
pub fn check_all(
    corpus: &Corpus,
    issues: &[&IssueRef],
    jobs: usize,
    progress: bool,
) -> Result<Vec<IssueOutcome>, Error> {
    let mut out = Vec::with_capacity(issues.len());
    for_each_ordered(
        issues,
        &pool(jobs)?,
        progress,
        |issue| {
            Ok(match corpus.load(issue) {
                Ok(loaded) => check_issue(&loaded, &corpus.publications[issue.publication]),
                Err(e) => IssueOutcome::unloadable(issue, e),
            })
        },
        |o| {
            out.push(o);
            Ok(())
        },
    )?;
    Ok(out)
}

/// Checks one issue.
pub fn check_issue(issue: &Issue, publication: &Publication) -> IssueOutcome {
    let mut outcome = IssueOutcome {
        id: issue.id.clone(),
        result: None,
        errors: Vec::new(),
        bytes: 0,
        cached: false,
    };
    if let Some(e) = &issue.invalid {
        outcome.errors.push(Error::Input(FileError::clone(e)));
        return outcome;
    }
    let date = match &issue.date {
        Ok(d) => *d,
        Err(e) => {
            outcome.errors.push(Error::Input(FileError::clone(e)));
            return outcome;
        }
    };
    if issue.pages.is_empty() {
        outcome.errors.push(Error::Input(
            FileError::new(&issue.dir, "the issue folder has no pages")
                .help("add page files (pNN.txt, pNN.alto.xml) or remove the folder"),
        ));
        return outcome;
    }
    let mut pages: Vec<Page> = Vec::new();
    for path in &issue.pages {
        match read_page(path) {
            Ok(page) => {
                outcome.bytes += page.bytes;
                pages.push(page);
            }
            Err(e) => outcome.errors.push(e),
        }
    }
    if !outcome.errors.is_empty() {
        // A partial issue would snapshot as lost articles: report instead.
        return outcome;
    }
    let mut expect = issue
        .expect
        .as_deref()
        .unwrap_or(&publication.expect)
        .clone();
    if let Some(mets) = &issue.mets {
        match crate::source::mets::read_mets(mets) {
            Ok(m) if !m.titles.is_empty() => expect.titles = m.titles,
            Ok(_) => {}
            Err(e) => {
                outcome.errors.push(e);
                return outcome;
            }
        }
    }
    let expect = &expect;
    let ground_truth = &issue.ground_truth;
    let mut result = analyse(&issue.id, date, publication, expect, pages, ground_truth);
    result.edition = issue.edition.clone();
    for (page, alternates) in result.pages.iter_mut().zip(&issue.alternates) {
        page.alternates = alternates.clone();
    }
    let options = MeasureOptions {
        ignore_whitespace: publication.rules.profile.metrics.ignore_whitespace,
        ..MeasureOptions::default()
    };
    if let Some(path) = &issue.expected {
        match crate::structure::expected::ExpectedIssue::read(path) {
            Ok(e) => result.structure = Some(crate::structure::score(&e, &result.articles)),
            Err(e) => {
                outcome.errors.push(e);
                return outcome;
            }
        }
    }
    match measure_pages(issue, ground_truth, options, &mut result) {
        Ok(()) => outcome.result = Some(result),
        Err(e) => outcome.errors.push(e),
    }
    outcome
}

/// Measures each page that has ground truth, and the issue as a whole.
fn measure_pages(
    issue: &Issue,
    ground_truth: &[Option<String>],
    options: MeasureOptions,
    result: &mut IssueResult,
) -> Result<(), Error> {
    let mut all: HashMap<(String, String), usize> = HashMap::new();
    let mut measured = Vec::new();
    for ((path, gt), summary) in issue.pages.iter().zip(ground_truth).zip(&mut result.pages) {
        let Some(gt) = gt else { continue };
        let gt_text = extract_file(&path.with_file_name(gt), options)?;
        let ocr_text = extract_file(path, options)?;
        let (mut m, confusions) = measure_with_confusions(&gt_text, &ocr_text);
        for (k, v) in confusions {
            *all.entry(k).or_default() += v;
        }
        m.cer = m.cer.rounded();
        m.wer = m.wer.rounded();
        m.confusions.clear();
        measured.push(m.clone());
        summary.accuracy = Some(m);
    }
    if measured.is_empty() {
        return Ok(());
    }
    let mut total = Aggregate::of(&measured);
    for r in [
        &mut total.cer_pooled,
        &mut total.cer_mean,
        &mut total.wer_pooled,
        &mut total.wer_mean,
    ] {
        *r = r.rounded();
    }
    result.accuracy = Some(IssueAccuracy {
        whitespace: if options.ignore_whitespace {
            "ignored"
        } else {
            "kept"
        }
        .to_string(),
        total,
        confusions: top_confusions(all, TOP_CONFUSIONS)
            .iter()
            .map(|c| c.to_string())
            .collect(),
    });
    Ok(())
}

/// Parses and validates the pages of one issue: the pure core of a check,
/// also used on in-memory pages (the rule documentation examples).
pub fn analyse(
    issue_id: &str,
    date: jiff::civil::Date,
    publication: &Publication,
    expect: &Expect,
    pages: Vec<Page>,
    ground_truth: &[Option<String>],
) -> IssueResult {
    let rules = &publication.rules;
    let pages: Vec<(Page, Vec<Paragraph>)> = pages
        .into_iter()
        .map(|page| {
            let paras = paragraphs_with(&page, &rules.profile.layout, |line| {
                segment::line_role(line, rules, &publication.name)
            });
            (page, paras)
        })
        .collect();
    let segmented = segment::segment(&pages, rules, date, &publication.name);
    let text_of = |r: ParaRef| pages[r.page].1[r.para].text.as_str();
    let articles = streams::separate(segmented.articles, text_of, &rules.profile.foreign_streams);
    // A head with no text under it is a label — the paper's name in the
    // masthead, a section title — not an article.
    let mut furniture = segmented.furniture;
    let (mut articles, labels): (Vec<Article>, Vec<Article>) =
        articles.into_iter().partition(|a| !a.body.is_empty());
    for r in labels.iter().flat_map(|a| &a.parts) {
        furniture[r.page].push(r.para);
    }
    for f in &mut furniture {
        f.sort_unstable();
    }
    for (i, a) in articles.iter_mut().enumerate() {
        a.id = i + 1;
        a.paragraphs = a
            .body
            .iter()
            .map(|&r| pages[r.page].1[r.para].text.clone())
            .collect();
        a.lines = line_ranges(a, &pages);
    }
    let misreads = scan_misreads(&pages, rules, &publication.settings);
    let ctx = Ctx::new(
        issue_id,
        date,
        &pages,
        &articles,
        &furniture,
        rules,
        &publication.settings,
        expect,
        &misreads,
    );
    let findings = validate(&ctx);
    let mut values: Vec<(Vec<String>, Vec<String>)> = Vec::with_capacity(articles.len());
    for a in ctx.articles {
        let mut numbers = Vec::new();
        let mut dates = Vec::new();
        for r in &a.body {
            if let Some(v) = ctx.values.get(r) {
                numbers.extend(v.numbers.iter().map(|n| n.describe()));
                dates.extend(v.dates.iter().map(|d| d.describe(date)));
            }
        }
        values.push((numbers, dates));
    }
    drop(ctx);
    for (a, (numbers, dates)) in articles.iter_mut().zip(values) {
        a.numbers = numbers;
        a.dates = dates;
    }
    let page_summaries = pages
        .iter()
        .zip(&furniture)
        .enumerate()
        .map(|(i, ((page, paras), furniture))| {
            let furniture = furniture.iter().map(|&k| paras[k].text.clone()).collect();
            let mut summary = page_summary(
                page,
                paras,
                furniture,
                ground_truth.get(i).cloned().flatten(),
            );
            if let Some(model) = rules.profile.metrics.cer_estimate.model() {
                let on_page = findings.iter().filter(|f| f.page == page.file).count();
                let signals = page_signals(page, paras, &misreads[i], &publication.settings);
                summary.cer_estimate = model.estimate(&signals, on_page, summary.confidence);
            }
            summary
        })
        .collect::<Vec<_>>();
    let summary = Summary {
        pages: pages.len(),
        articles: articles.len(),
        headlines: articles.iter().filter(|a| a.headline.is_some()).count(),
        untitled: articles.iter().filter(|a| a.headline.is_none()).count(),
        bylines: articles.iter().filter(|a| a.byline.is_some()).count(),
        datelines: articles.iter().filter(|a| a.dateline.is_some()).count(),
        paragraphs: articles.iter().map(|a| a.paragraphs.len()).sum(),
        chars: page_summaries.iter().map(|p| p.chars).sum(),
        cer_estimate: crate::metrics::estimate::issue_estimate(
            page_summaries
                .iter()
                .filter_map(|p| p.cer_estimate.as_ref()),
        ),
        findings: FindingCounts::of(&findings),
    };
    IssueResult {
        issue: issue_id.to_string(),
        publication: publication.name.clone(),
        date: date.to_string(),
        edition: None,
        profile: publication.profile.clone(),
        summary,
        pages: page_summaries,
        cards: articles
            .iter()
            .map(crate::result::ArticleCard::of)
            .collect(),
        articles,
        accuracy: None,
        structure: None,
        findings,
    }
}

/// What the CER estimate reads off a page: its raw lines and its
/// paragraphs, and whether it was read across its columns (by the
/// thresholds `page.read-across` is set to, on or off).
fn page_signals(
    page: &Page,
    paras: &[Paragraph],
    suspects: &[Vec<Suspect>],
    settings: &RuleSettings,
) -> crate::metrics::estimate::PageSignals {
    let mut s = crate::metrics::estimate::PageSignals::default();
    let crossing = crate::source::gutters::Crossing::of(&page.lines);
    s.lines = crossing.lines;
    if crate::validate::columns::is_read_across(&crossing, settings) {
        s.across = crossing.crossing;
    }
    for line in &page.lines {
        s.add_raw_line(&line.text);
    }
    for (p, suspects) in paras.iter().zip(suspects) {
        s.add_paragraph(&p.chars, suspects);
    }
    s
}

/// The look-alike suspects of every paragraph, asked once for the
/// `char.suspect` check and the CER estimate, at the lower of their two
/// similarity floors; nothing is asked when neither wants it.
fn scan_misreads(
    pages: &[(Page, Vec<Paragraph>)],
    rules: &CompiledRules,
    settings: &RuleSettings,
) -> Vec<Vec<Vec<Suspect>>> {
    let check = settings
        .enabled("char.suspect")
        .then(|| settings.param("char.suspect", "min_similarity") as f32);
    let estimate = rules
        .profile
        .metrics
        .cer_estimate
        .model()
        .map(|_| crate::metrics::estimate::SUSPECT_SIMILARITY);
    let Some(floor) = check.into_iter().chain(estimate).reduce(f32::min) else {
        return pages
            .iter()
            .map(|(_, paras)| vec![Vec::new(); paras.len()])
            .collect();
    };
    pages
        .iter()
        .map(|(_, paras)| {
            paras
                .iter()
                .map(|p| crate::text::misread::scan(&p.text, &p.chars, floor))
                .collect()
        })
        .collect()
}

/// `p01.txt:1-33` per page the article touches, in page order.
fn line_ranges(a: &Article, pages: &[(Page, Vec<Paragraph>)]) -> String {
    let mut parts: Vec<ParaRef> = a.parts.clone();
    parts.sort();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let page_idx = parts[i].page;
        let (page, paras) = &pages[page_idx];
        let mut lo = u32::MAX;
        let mut hi = 0;
        while i < parts.len() && parts[i].page == page_idx {
            let p = &paras[parts[i].para];
            lo = lo.min(page.lines[p.first_line].source_line);
            hi = hi.max(page.lines[p.last_line].source_line);
            i += 1;
        }
        out.push(format!("{}:{}-{}", page.file, lo, hi));
    }
    out.join(", ")
}

fn page_summary(
    page: &Page,
    paras: &[Paragraph],
    furniture: Vec<String>,
    ground_truth: Option<String>,
) -> PageSummary {
    let confs: Vec<f32> = page.lines.iter().filter_map(|l| l.confidence).collect();
    PageSummary {
        file: page.file.clone(),
        format: page.format,
        encoding: page.encoding.to_string(),
        lines: page.lines.len(),
        paragraphs: paras.len(),
        chars: paras.iter().map(|p| p.chars.len()).sum(),
        confidence: (!confs.is_empty()).then(|| {
            round(
                confs.iter().map(|&c| c as f64).sum::<f64>() / confs.len() as f64,
                3,
            )
        }),
        ground_truth,
        accuracy: None,
        cer_estimate: None,
        furniture,
        alternates: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_item_order_at_any_thread_count() {
        let items: Vec<u64> = (0..1000).collect();
        for jobs in [1, 2, 8] {
            let mut seen = Vec::new();
            // Uneven work, so workers finish out of order.
            let work = |&n: &u64| -> Result<u64, Error> {
                let spin = (n * 7919) % 97 * 100;
                std::hint::black_box((0..spin).sum::<u64>());
                Ok(n)
            };
            for_each_ordered(&items, &pool(jobs).unwrap(), false, work, |n| {
                seen.push(n);
                Ok(())
            })
            .unwrap();
            assert_eq!(seen, items, "jobs {jobs}");
        }
    }

    #[test]
    fn the_first_error_stops_the_run_after_the_items_before_it() {
        let items: Vec<u32> = (0..500).collect();
        let mut seen = Vec::new();
        let err = for_each_ordered(
            &items,
            &pool(2).unwrap(),
            false,
            |&n| {
                if n == 70 {
                    Err(Error::Usage("item 70".into()))
                } else {
                    Ok(n)
                }
            },
            |n| {
                seen.push(n);
                Ok(())
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("item 70"));
        assert_eq!(seen, (0..70).collect::<Vec<_>>());
    }
}
