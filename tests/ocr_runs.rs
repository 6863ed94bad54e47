//! The checks on real tesseract output of the seed page
//! (`tests/data/liaocheng-ocr-runs/`): the clean ground truth
//! must raise no error-level number, date or punctuation finding, and the
//! OCR runs must raise the real damage tesseract did (`100%` read as
//! `1009%` or `10094`). Prints findings per 1,000 characters per variant.

mod common;

use common::*;
use ocrgate::result::IssueResult;
use ocrgate::validate::Severity;
use std::path::Path;

const RUNS: &str = "liaocheng-ocr-runs";

const VARIANTS: &[&str] = &[
    "single_clean300_psm3",
    "single_clean300_psm6",
    "single_degraded150_psm3",
    "single_degraded150_psm6",
    "three_clean300_psm3",
    "three_clean300_psm6",
    "three_degraded150_psm3",
    "three_degraded150_psm6",
];

/// Checks the given files as the pages of one issue of 2022-07-05.
fn check_pages(pages: &[(&str, &Path)]) -> IssueResult {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("run/2022-07-05");
    std::fs::create_dir_all(&issue).unwrap();
    for (name, from) in pages {
        std::fs::copy(from, issue.join(name)).unwrap();
    }
    let outcome = ocrgate::check_issue_dir(dir.path(), "run/2022-07-05").unwrap();
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    outcome.result.unwrap()
}

fn per_1000(r: &IssueResult, sev: Severity) -> f64 {
    let n = r.findings.iter().filter(|f| f.severity == sev).count();
    n as f64 * 1000.0 / r.summary.chars.max(1) as f64
}

fn hits(r: &IssueResult) -> usize {
    r.findings.iter().map(|f| f.count).sum()
}

#[test]
fn ground_truth_has_no_errors_in_numbers_dates_or_punctuation() {
    let gt = data(&format!("{RUNS}/gt/full.txt"));
    let r = check_pages(&[("p01.txt", &gt)]);
    let bad: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .filter(|f| {
            ["number.", "date.", "punct."]
                .iter()
                .any(|p| f.rule.starts_with(p))
        })
        .map(|f| format!("{} {}:{} {}", f.rule, f.line, f.column, f.message))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    // Clean typesetting: full-width punctuation, no stray spaces.
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule == "punct.halfwidth" || f.rule == "space.cjk"));
}

#[test]
fn ocr_runs_raise_the_real_damage() {
    let gt = data(&format!("{RUNS}/gt/full.txt"));
    let truth = check_pages(&[("p01.txt", &gt)]);
    println!("| variant | chars | findings | findings /1k chars | hits /1k chars | errors /1k | warnings /1k | hits per rule |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let row = |name: &str, r: &IssueResult| {
        let k = 1000.0 / r.summary.chars.max(1) as f64;
        println!(
            "| {name} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
            r.summary.chars,
            r.findings.len(),
            r.findings.len() as f64 * k,
            hits(r) as f64 * k,
            per_1000(r, Severity::Error),
            per_1000(r, Severity::Warning),
            r.summary
                .findings
                .rules
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    row("ground truth (gt/full.txt)", &truth);
    for v in VARIANTS {
        let p1 = data(&format!("{RUNS}/ocr/{v}_p01.txt"));
        let p2 = data(&format!("{RUNS}/ocr/{v}_p02.txt"));
        let r = check_pages(&[("p01.txt", &p1), ("p02.txt", &p2)]);
        row(v, &r);
        let implausible: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.rule == "number.implausible")
            .map(|f| f.excerpt.as_str())
            .collect();
        // Where tesseract misread `100%`, the number check must say so.
        let text = std::fs::read_to_string(&p1).unwrap();
        for misread in ["1009%", "10094", "1009。"] {
            if text.contains(misread) {
                let digits: String = misread.chars().filter(|c| c.is_ascii_digit()).collect();
                assert!(
                    implausible.iter().any(|e| e.contains(&digits)),
                    "{v}: `{misread}` not reported; implausible: {implausible:?}"
                );
            }
        }
        assert!(
            hits(&r) > hits(&truth),
            "{v}: OCR output must show more damage than the ground truth"
        );
    }
}

/// Tesseract with `--psm 6` reads the three-column page straight across:
/// `page.read-across` must flag both of its pages in every format (from
/// the plain text's spacing and from the word boxes of ALTO and hOCR), and
/// no page of a run that found the columns or had only one. The CER
/// estimate of the shredded first page must say so too.
#[test]
fn pages_read_across_columns_are_flagged_in_every_format() {
    for v in VARIANTS {
        let across = v.starts_with("three") && v.ends_with("psm6");
        for (ext, name) in [("txt", "txt"), ("xml", "alto.xml"), ("hocr", "hocr")] {
            let p1 = data(&format!("{RUNS}/ocr/{v}_p01.{ext}"));
            let p2 = data(&format!("{RUNS}/ocr/{v}_p02.{ext}"));
            let (n1, n2) = (format!("p01.{name}"), format!("p02.{name}"));
            let r = check_pages(&[(n1.as_str(), &p1), (n2.as_str(), &p2)]);
            let flagged: Vec<&str> = r
                .findings
                .iter()
                .filter(|f| f.rule == "page.read-across")
                .map(|f| f.page.as_str())
                .collect();
            let expected: Vec<&str> = if across {
                vec![n1.as_str(), n2.as_str()]
            } else {
                vec![]
            };
            assert_eq!(flagged, expected, "{v} {ext}");
            let estimate = r.pages[0]
                .cer_estimate
                .as_ref()
                .expect("p01 has an estimate");
            if across {
                assert!(
                    estimate.cer > 0.5 && estimate.across > 50,
                    "{v} {ext}: {estimate:?}"
                );
            } else {
                assert!(
                    estimate.cer < 0.1 && estimate.across == 0,
                    "{v} {ext}: {estimate:?}"
                );
            }
        }
    }
}
