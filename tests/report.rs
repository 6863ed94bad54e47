//! The quality report for editors: one self-contained HTML file, loaded in
//! a real browser (Debian's chromium, headless). It must load without
//! console errors or network requests, and its DOM must hold every finding
//! of the run with its rule id. Page-image crops appear where a page image
//! and line boxes exist.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn out_dir() -> PathBuf {
    let d = repo().join("target/test-output");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs headless chromium; returns (stdout, stderr).
fn browse(browser: &str, args: &[&str], file: &Path) -> (String, String) {
    let o = Command::new(browser)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        // Nothing may be fetched: any host resolves to nothing.
        .arg("--host-resolver-rules=MAP * ~NOTFOUND")
        .args(args)
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The browser logged no console message and refused nothing (a script
/// error, a blocked request) while loading `file`.
fn assert_quiet_console(file: &Path, log: &str) {
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Refused to"))
        .collect();
    assert!(
        console.is_empty(),
        "{}: console messages:\n{}",
        file.display(),
        console.join("\n")
    );
}

#[test]
fn report_of_the_bundled_corpus_loads_clean_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let start = std::time::Instant::now();
    ocrgate_ok(
        &[
            "report",
            "corpus",
            "--html",
            html.to_str().unwrap(),
            "--markdown",
            dir.path().join("report.md").to_str().unwrap(),
        ],
        &repo(),
    );
    let took = start.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&html).unwrap();
    println!("report: {} bytes in {took:.2} s", text.len());
    assert!(text.len() < 2_000_000);
    // Self-contained: no external URL is referenced.
    let external = regex::Regex::new(r#"(?i)(src|href)\s*=\s*["']?(https?:|//)"#).unwrap();
    assert!(
        !external.is_match(&text),
        "external reference in the report"
    );
    assert!(text.contains("Content-Security-Policy") && text.contains("default-src 'none'"));
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    // Ranked by the quality score, with the articles and untitled ones.
    assert!(
        regex::Regex::new(r"\| liaocheng-daily/2022-07-05 \| \d+\.\d \| 9 \| 1 \|")
            .unwrap()
            .is_match(&md),
        "{md}"
    );

    let Some(browser) = chromium() else {
        eprintln!("skipped the browser part: no chromium (.ci/run installs it)");
        return;
    };
    let (dom, log) = browse(browser, &["--dump-dom"], &html);
    assert_quiet_console(&html, &log);
    // Every finding of the run, with its rule id.
    let json = ocrgate(
        &["check", "corpus", "--update", "no", "--format", "json"],
        &repo(),
    );
    let run: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut n = 0;
    for issue in run["issues"].as_array().unwrap() {
        for f in issue["findings"].as_array().unwrap() {
            let needle = format!(
                "data-rule=\"{}\" data-severity=\"{}\" data-fingerprint=\"{}\"",
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["fingerprint"].as_str().unwrap()
            );
            assert!(
                dom.contains(&needle),
                "finding missing from the DOM: {needle}"
            );
            n += 1;
        }
    }
    assert_eq!(n, 66);
    // Findings are marked in the OCR text, not only listed.
    assert!(dom.contains("<mark class=\"f sev-warning\""));
    // Screenshots for the record (not committed).
    let shots = out_dir();
    browse(
        browser,
        &[
            "--window-size=1200,1600",
            &format!(
                "--screenshot={}",
                shots.join("report-overview.png").display()
            ),
        ],
        &html,
    );
    browse(
        browser,
        &[
            "--window-size=390,1400",
            &format!("--screenshot={}", shots.join("report-phone.png").display()),
        ],
        &html,
    );
}

#[test]
fn findings_show_the_printed_line_from_the_page_image() {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("corpus/paper/2022-07-05");
    std::fs::create_dir_all(&issue).unwrap();
    let runs = "liaocheng-ocr-runs";
    std::fs::copy(
        data(&format!("{runs}/ocr/three_clean300_psm3_p01.xml")),
        issue.join("p01.alto.xml"),
    )
    .unwrap();
    std::fs::copy(
        data(&format!("{runs}/img/three_clean300_p01.png")),
        issue.join("p01.png"),
    )
    .unwrap();
    let html = dir.path().join("report.html");
    let o = ocrgate(
        &["report", "corpus", "--html", html.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("background-image:url(data:image/png;base64,"));
    let crops = text.matches("<span class=\"crop img-").count();
    assert!(crops > 5, "{crops} crops");
    // A crop is the line's box from the ALTO.
    assert!(regex::Regex::new(
        r#"style="width:\d+px;height:\d+px;background-position:-\d+px -\d+px""#
    )
    .unwrap()
    .is_match(&text));
    if let Some(browser) = chromium() {
        let (_, log) = browse(browser, &["--dump-dom"], &html);
        assert_quiet_console(&html, &log);
        let shot = out_dir().join("report-issue-with-crops.png");
        browse(
            browser,
            &[
                "--window-size=1200,2400",
                &format!("--screenshot={}", shot.display()),
            ],
            &html,
        );
    }
}

#[test]
fn templates_are_data() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("templates");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("report.css"),
        "body { background: #fafaf0; } /* house style */",
    )
    .unwrap();
    std::fs::write(t.join("report.html"), "<html><style>{{ css | safe }}</style><body>{% for i in issues %}<p>{{ i.id }}: {{ i.warnings }}</p>{% endfor %}</body></html>").unwrap();
    let html = dir.path().join("r.html");
    ocrgate(
        &[
            "report",
            "corpus",
            "--html",
            html.to_str().unwrap(),
            "--templates",
            t.to_str().unwrap(),
        ],
        &repo(),
    );
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("/* house style */"));
    // minijinja escapes `/` in HTML templates.
    assert!(
        text.contains("<p>liaocheng-daily&#x2f;2022-07-05: 28</p>"),
        "{text}"
    );
}

/// `report corpus --html PATH --issues-per-file 1`, which must succeed:
/// the bundled corpus as an overview and one part file per issue.
fn report_one_issue_per_file(html: &Path, more: &[&str]) {
    let mut args = vec![
        "report",
        "corpus",
        "--html",
        html.to_str().unwrap(),
        "--issues-per-file",
        "1",
    ];
    args.extend(more);
    let o = ocrgate(&args, &repo());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_shorter_run_removes_the_part_files_of_a_longer_one() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let parts = dir.path().join("report-issues");
    std::fs::create_dir_all(&parts).unwrap();
    // Left from an earlier run over more issues, and a file of the user's.
    std::fs::write(parts.join("0003.html"), "stale").unwrap();
    std::fs::write(parts.join("notes.html"), "mine").unwrap();
    report_one_issue_per_file(&html, &[]);
    assert!(parts.join("0001.html").exists() && parts.join("0002.html").exists());
    assert!(!parts.join("0003.html").exists(), "a stale part survived");
    assert_eq!(
        std::fs::read_to_string(parts.join("notes.html")).unwrap(),
        "mine"
    );
}

#[test]
fn the_overview_of_a_split_report_keeps_the_worst_rows() {
    // Rows are capped so that the overview of any archive opens in a
    // browser: the worst issue stays, the other is in its part only.
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    report_one_issue_per_file(&html, &["--overview-rows", "1"]);
    let overview = std::fs::read_to_string(&html).unwrap();
    let table = &overview[overview.find("<tbody>").unwrap()..overview.find("</tbody>").unwrap()];
    assert_eq!(table.matches("<tr data-score=").count(), 1, "{table}");
    // The seed page, with its 813 half-width marks and stray spaces (every
    // hit counts) and an untitled article, scores worse than the
    // re-typeset ALTO issue.
    assert!(table.contains("liaocheng-daily&#x2f;2022-07-05"), "{table}");
    assert!(
        overview.contains("The 1 issue with the worst quality score, of 2;"),
        "no count of the issues left out"
    );
    let parts = dir.path().join("report-issues");
    assert!(parts.join("0001.html").exists() && parts.join("0002.html").exists());
}

#[test]
fn a_large_run_is_split_into_an_overview_and_part_files() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    report_one_issue_per_file(&html, &[]);
    let overview = std::fs::read_to_string(&html).unwrap();
    let parts: Vec<PathBuf> = (1..=2)
        .map(|n| dir.path().join(format!("report-issues/{n:04}.html")))
        .collect();
    assert!(!dir.path().join("report-issues/0003.html").exists());
    // The overview has every issue's row, linked to its part, and no details.
    for (part, id) in [
        ("0001", "liaocheng-daily-retypeset-2022-07-05"),
        ("0002", "liaocheng-daily-2022-07-05"),
    ] {
        assert!(
            overview.contains(&format!("report-issues&#x2f;{part}.html#issue-{id}")),
            "no link to {id} in {part}"
        );
    }
    assert!(!overview.contains("<section id=\"issue-"));
    // Each part holds its issue's details and links back.
    let mut findings = 0;
    for (p, id) in parts
        .iter()
        .zip(["daily-retypeset-2022-07-05", "daily-2022-07-05"])
    {
        let text = std::fs::read_to_string(p).unwrap();
        assert!(
            text.contains(&format!("<section id=\"issue-liaocheng-{id}\"")),
            "{id}"
        );
        assert!(text.contains("href=\"..&#x2f;report.html\""));
        findings += text.matches("<li data-rule=").count();
    }
    // The same findings as the single-file report.
    let single = dir.path().join("single.html");
    ocrgate(
        &["report", "corpus", "--html", single.to_str().unwrap()],
        &repo(),
    );
    let single = std::fs::read_to_string(&single).unwrap();
    assert_eq!(findings, single.matches("<li data-rule=").count());
    assert!(findings > 0);
    let Some(browser) = chromium() else {
        eprintln!("skipped the browser part: no chromium (.ci/run installs it)");
        return;
    };
    for file in std::iter::once(&html).chain(&parts) {
        let (dom, log) = browse(browser, &["--dump-dom"], file);
        assert_quiet_console(file, &log);
        assert!(dom.contains("ocrgate quality report"));
    }
}

#[test]
fn an_issue_that_cannot_be_read_ranks_worst_and_the_report_is_still_written() {
    let dir = project();
    let broken = dir.path().join("corpus/liaocheng-daily/2022-07-06");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("p01.txt"), "").unwrap();
    let html = dir.path().join("report.html");
    let o = ocrgate(
        &["report", "corpus", "--html", html.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2), "an input error exits 2");
    let text = std::fs::read_to_string(&html).unwrap();
    let first = text.find("<tr data-score=").unwrap();
    let row = &text[first..first + text[first..].find("</tr>").unwrap()];
    assert!(
        row.starts_with("<tr data-score=\"Infinity\">")
            && row.contains("2022-07-06")
            && row.contains("unreadable"),
        "{row}"
    );
}
