//! Ground truth in the corpus: CER and WER per page and per issue in the
//! snapshot, agreeing with the independent measurement of the tesseract
//! runs (`tests/data/liaocheng-ocr-runs/report/cer_summary.tsv`, whitespace
//! removed), and the change of CER shown when OCR changes. Also the hOCR
//! reader on real tesseract output.

mod common;

use common::*;
use std::path::Path;

const RUNS: &str = "liaocheng-ocr-runs";

/// The CER the ocr-runs report gives for a variant (all pages pooled).
fn reported_cer(variant: &str) -> f64 {
    let tsv = std::fs::read_to_string(data(&format!("{RUNS}/report/cer_summary.tsv"))).unwrap();
    let header: Vec<&str> = tsv.lines().next().unwrap().split('\t').collect();
    let col = header.iter().position(|h| *h == "CER").unwrap();
    tsv.lines()
        .find(|l| l.starts_with(&format!("{variant}\t")))
        .map(|l| l.split('\t').nth(col).unwrap().parse().unwrap())
        .unwrap()
}

fn issue_with(dir: &Path, variant: &str) {
    let issue = dir.join("corpus/paper/2022-07-05");
    std::fs::create_dir_all(&issue).unwrap();
    for p in ["p01", "p02"] {
        std::fs::copy(
            data(&format!("{RUNS}/ocr/{variant}_{p}.xml")),
            issue.join(format!("{p}.alto.xml")),
        )
        .unwrap();
        std::fs::copy(
            data(&format!("{RUNS}/gt/three_{p}.txt")),
            issue.join(format!("{p}.gt.txt")),
        )
        .unwrap();
    }
}

#[test]
fn snapshot_cer_agrees_with_the_runs_report() {
    let outcome =
        ocrgate::check_issue_dir(&corpus(), "liaocheng-daily-retypeset/2022-07-05").unwrap();
    let r = outcome.result.unwrap();
    let acc = r.accuracy.expect("the retypeset issue has ground truth");
    assert_eq!(acc.whitespace, "ignored");
    assert_eq!(acc.total.pages, 2);
    assert_eq!(acc.total.gt_chars, 6213);
    assert!((acc.total.cer_pooled.0 - reported_cer("three_clean300_psm3")).abs() < 5e-5);
    // Per page, and the real confusions tesseract made.
    assert!(r.pages.iter().all(|p| p.accuracy.is_some()));
    assert!(
        acc.confusions.iter().any(|c| c.starts_with("孟→备")),
        "{:?}",
        acc.confusions
    );
}

#[test]
fn a_worse_ocr_run_shows_its_cer_against_the_accepted_one() {
    let dir = tempfile::tempdir().unwrap();
    issue_with(dir.path(), "three_clean300_psm3");
    let out = ocrgate(&["check", "corpus", "--findings", "none"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    ocrgate(&["accept", "--all"], dir.path());
    // Re-OCR of the same issue from degraded scans.
    issue_with(dir.path(), "three_degraded150_psm3");
    let out = ocrgate(&["check", "corpus", "--findings", "none"], dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let re = regex::Regex::new(r"CER (\d\.\d{4}) \(was (\d\.\d{4})\)").unwrap();
    let caps = re.captures(&stdout).unwrap_or_else(|| panic!("{stdout}"));
    let (new, old): (f64, f64) = (caps[1].parse().unwrap(), caps[2].parse().unwrap());
    assert!(new > old, "{stdout}");
    // The corpus total, pooled and mean of pages, labelled.
    assert!(
        stdout.contains(&format!("ground truth: 2 pages, CER {new:.4} pooled, ")),
        "{stdout}"
    );
    // The report counts code points without dinglehopper's equivalences
    // (’ = ', — = –): within a few edits of ours.
    assert!((old - reported_cer("three_clean300_psm3")).abs() < 5e-4);
    assert!((new - reported_cer("three_degraded150_psm3")).abs() < 5e-4);
    // The snapshot diff carries the change too.
    let pending =
        std::fs::read_to_string(dir.path().join("snapshots/paper/2022-07-05.snap.new")).unwrap();
    assert!(pending.contains(&format!("cer_pooled: {new}")), "{pending}");
}

#[test]
fn tesseract_hocr_pages_parse_into_articles() {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("paper/2022-07-05");
    std::fs::create_dir_all(&issue).unwrap();
    for p in ["p01", "p02"] {
        std::fs::copy(
            data(&format!("{RUNS}/ocr/three_clean300_psm3_{p}.hocr")),
            issue.join(format!("{p}.hocr")),
        )
        .unwrap();
    }
    let outcome = ocrgate::check_issue_dir(dir.path(), "paper/2022-07-05").unwrap();
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let r = outcome.result.unwrap();
    assert_eq!(r.pages[0].format, ocrgate::source::PageFormat::Hocr);
    assert!(r.pages[0].confidence.is_some());
    let heads: Vec<&str> = r
        .articles
        .iter()
        .filter_map(|a| a.headline.as_deref())
        .collect();
    assert_eq!(heads.len(), 8, "{heads:?}");
    // tesseract misread 银 as 良 in this run: found, with its OCR error.
    assert!(
        heads
            .iter()
            .any(|h| similarity(h, "医保工作站开到银行网点") >= 0.8),
        "{heads:?}"
    );
}

#[test]
fn page_xml_pages_and_ground_truth_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("paper/1900-01-01");
    std::fs::create_dir_all(&issue).unwrap();
    let data = data("dinglehopper/data");
    std::fs::copy(
        data.join("test-fake-ocr.page2018.xml"),
        issue.join("p01.page.xml"),
    )
    .unwrap();
    std::fs::copy(
        data.join("test-gt.page2018.xml"),
        issue.join("p01.gt.page.xml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("paper/publication.yaml"),
        "rules:\n  metrics:\n    ignore_whitespace: false\n",
    )
    .unwrap();
    let outcome = ocrgate::check_issue_dir(dir.path(), "paper/1900-01-01").unwrap();
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let r = outcome.result.unwrap();
    assert_eq!(r.pages.len(), 1, "the ground truth is not a page");
    assert_eq!(r.pages[0].format, ocrgate::source::PageFormat::Page);
    let acc = r.accuracy.unwrap();
    assert_eq!(acc.whitespace, "kept");
    // dinglehopper: 2 errors in 827 characters.
    assert_eq!((acc.total.char_distance, acc.total.gt_chars), (2, 827));
}

#[test]
fn hocr_that_is_html_but_not_xml_is_read_leniently() {
    // ocropy's sample leaves <meta> unclosed: not XML, still hOCR.
    let path = data("hocr-tools/sample.html");
    let raw = std::fs::read_to_string(&path).unwrap();
    let page = ocrgate::source::read_page(&path).unwrap();
    assert_eq!(page.format, ocrgate::source::PageFormat::Hocr);
    let expected_lines = raw.matches("ocr_line").count();
    assert!(
        page.lines.len() >= 10 && page.lines.len() <= expected_lines,
        "{}",
        page.lines.len()
    );
    // Each line points at the source line of its element.
    let first = raw
        .lines()
        .position(|l| l.contains("ocr_line") && l.contains("class"))
        .unwrap() as u32
        + 1;
    assert_eq!(page.lines[0].source_line, first);
    assert!(page.lines.iter().all(|l| l.bbox.is_some()));
    // And it can be measured like any other page.
    let text = ocrgate::metrics::extract::extract_file(&path, Default::default()).unwrap();
    assert_eq!(text.lines().count(), page.lines.len());
}

#[test]
fn ground_truth_is_found_beside_pages_listed_in_a_subfolder() {
    // Pages are usually found by listing the issue folder, and their
    // ground truth with them; issue.yaml may list pages in a subfolder,
    // where the ground truth beside them counts as well.
    let dir = tempfile::tempdir().unwrap();
    issue_with(dir.path(), "three_clean300_psm3");
    let issue = dir.path().join("corpus/paper/2022-07-05");
    let scans = issue.join("scans");
    std::fs::create_dir_all(&scans).unwrap();
    for name in ["p02.alto.xml", "p02.gt.txt"] {
        std::fs::rename(issue.join(name), scans.join(name)).unwrap();
    }
    std::fs::write(
        issue.join("issue.yaml"),
        "pages: [p01.alto.xml, scans/p02.alto.xml]\n",
    )
    .unwrap();
    let r = ocrgate::check_issue_dir(&dir.path().join("corpus"), "paper/2022-07-05")
        .unwrap()
        .result
        .unwrap();
    let gt: Vec<Option<&str>> = r.pages.iter().map(|p| p.ground_truth.as_deref()).collect();
    assert_eq!(gt, [Some("p01.gt.txt"), Some("p02.gt.txt")]);
    assert!(r.pages.iter().all(|p| p.accuracy.is_some()));
    assert_eq!(r.accuracy.unwrap().total.gt_chars, 6213);
}
