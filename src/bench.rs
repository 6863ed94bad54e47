//! `ocrgate bench`: throughput of read + parse + snapshot compare on a
//! generated corpus, at several thread counts.
//!
//! The generated corpus repeats the bundled pages under new dates and
//! publications, changing a few digits in each copy so that no two pages are
//! byte-identical (no cache or deduplication can make the numbers look
//! better than they are). Snapshots are accepted once, then every measured
//! run compares against them, as a CI run on an unchanged corpus does.

use crate::error::{Error, Result};
use crate::{run_check, CheckOptions};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Whether a page file is of one of `formats` (all when empty).
fn wanted(page: &Path, formats: &[String]) -> bool {
    use crate::source::PageFormat;
    let name = page.file_name().unwrap_or_default().to_string_lossy();
    let format = match PageFormat::from_file_name(&name) {
        Some(PageFormat::Text) => "txt",
        Some(PageFormat::Alto) => "alto",
        Some(PageFormat::Hocr) => "hocr",
        Some(PageFormat::Page) => "page",
        None => "",
    };
    formats.is_empty()
        || formats
            .iter()
            .any(|f| f.trim().eq_ignore_ascii_case(format))
}

/// Builds a corpus of about `pages` pages from the pages under `source`
/// (only issues whose pages are all of `formats`, when given).
pub fn generate(
    source: &Path,
    target: &Path,
    pages: usize,
    formats: &[String],
) -> Result<(usize, u64)> {
    let corpus = crate::corpus::Corpus::discover(source)?;
    let mut templates: Vec<crate::corpus::Issue> = Vec::new();
    for i in &corpus.issues {
        let issue = corpus.load(i)?;
        if !issue.pages.is_empty() && issue.pages.iter().all(|p| wanted(p, formats)) {
            templates.push(issue);
        }
    }
    if templates.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no issues to repeat (with pages of the formats asked for)",
            source.display()
        )));
    }
    let mut written = 0;
    let mut bytes = 0u64;
    let mut n = 0usize;
    let start = jiff::civil::date(2000, 1, 1);
    while written < pages {
        let t = &templates[n % templates.len()];
        let publication = &corpus.publications[t.publication];
        let pub_dir = target.join(format!("{}-{}", publication.id, n / 3650));
        if !pub_dir.exists() {
            std::fs::create_dir_all(&pub_dir).map_err(|e| Error::io(&pub_dir, e))?;
            let conf = publication.dir.join("publication.yaml");
            if conf.exists() {
                std::fs::copy(&conf, pub_dir.join("publication.yaml"))
                    .map_err(|e| Error::io(&conf, e))?;
            }
        }
        let date = start
            .checked_add(jiff::Span::new().days((n % 3650) as i64))
            .map_err(|e| Error::Usage(e.to_string()))?;
        let dir = pub_dir.join(date.to_string());
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        for page in &t.pages {
            let data = crate::fsio::read_input(page, crate::source::MAX_PAGE_BYTES, "page file")?;
            let varied = vary(&data, n);
            bytes += varied.len() as u64;
            let name = page.file_name().unwrap();
            std::fs::write(dir.join(name), varied).map_err(|e| Error::io(&dir, e))?;
            written += 1;
        }
        n += 1;
    }
    Ok((written, bytes))
}

/// Changes some ASCII digits so every copy differs.
fn vary(data: &[u8], seed: usize) -> Vec<u8> {
    let mut out = data.to_vec();
    let mut k = seed;
    for b in out.iter_mut() {
        if b.is_ascii_digit() {
            k = k
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if (k >> 60) == 0 {
                *b = b'0' + ((k >> 33) % 10) as u8;
            }
        }
    }
    out
}

/// Times one thread with every check switched off against the same run
/// with checks on, and prints what validation costs per MB.
fn validation_cost(corpus: &Path, dir: &Path, mb: f64, on: &CheckOptions) -> Result<()> {
    let time = |opts: &CheckOptions| -> Result<f64> {
        let t = Instant::now();
        run_check(corpus, opts)?;
        Ok(t.elapsed().as_secs_f64())
    };
    let with_checks = time(on)?;
    let families: std::collections::BTreeSet<&str> = crate::validate::registry::RULES
        .iter()
        .map(|r| r.family())
        .collect();
    let config = corpus.join("ocrgate.yaml");
    let yaml: String = std::iter::once("checks:\n".to_string())
        .chain(families.iter().map(|f| format!("  {f}: off\n")))
        .collect();
    std::fs::write(&config, yaml).map_err(|e| Error::io(&config, e))?;
    let off = CheckOptions {
        jobs: on.jobs,
        snapshots: Some(dir.join("snapshots-no-checks")),
        update: crate::snapshot::UpdateMode::New,
        unreferenced: crate::Unreferenced::Ignore,
        cache: crate::CacheMode::Off,
        ..CheckOptions::default()
    };
    run_check(corpus, &off)?;
    crate::snapshot::accept(off.snapshots.as_deref().unwrap(), &[])?;
    let without = time(&off)?;
    std::fs::remove_file(&config).map_err(|e| Error::io(&config, e))?;
    let cost = (with_checks - without).max(0.0);
    println!(
        "validation, 1 thread: {with_checks:.3} s with checks, {without:.3} s without: {:.1} ms per MB ({:.0} % of the check)",
        cost * 1000.0 / mb,
        cost * 100.0 / with_checks
    );
    Ok(())
}

/// Generates the corpus, accepts snapshots once, then times `check`.
pub fn run(source: &Path, pages: usize, jobs: &[usize], formats: &[String]) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("ocrgate-bench-{}", std::process::id()));
    let corpus = dir.join("corpus");
    let snaps: PathBuf = dir.join("snapshots");
    let result = (|| {
        let (pages, bytes) = generate(source, &corpus, pages, formats)?;
        let mb = bytes as f64 / 1e6;
        println!(
            "generated {pages} pages, {mb:.1} MB in {}",
            corpus.display()
        );
        let opts = |jobs| CheckOptions {
            jobs,
            snapshots: Some(snaps.clone()),
            update: crate::snapshot::UpdateMode::New,
            unreferenced: crate::Unreferenced::Ignore,
            // Cold: every issue read, parsed and validated.
            cache: crate::CacheMode::Off,
            ..CheckOptions::default()
        };
        run_check(&corpus, &opts(0))?;
        crate::snapshot::accept(&snaps, &[])?;
        println!(
            "{:>7}  {:>9}  {:>9}  {:>8}  {:>12}",
            "threads", "seconds", "pages/s", "MB/s", "MB/s/thread"
        );
        for &j in jobs {
            let t = Instant::now();
            let report = run_check(&corpus, &opts(j))?;
            let secs = t.elapsed().as_secs_f64();
            if report.pending() > 0 || report.input_errors() > 0 {
                return Err(Error::Usage("benchmark corpus did not check clean".into()));
            }
            println!(
                "{j:>7}  {secs:>9.3}  {:>9.0}  {:>8.1}  {:>12.1}",
                pages as f64 / secs,
                mb / secs,
                mb / secs / j.max(1) as f64
            );
        }
        validation_cost(&corpus, &dir, mb, &opts(1))?;
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
