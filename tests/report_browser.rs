//! The editors' report as an editor meets it, in headless Chromium driven
//! by `tests/browser/report.mjs` (playwright-core with Debian's chromium,
//! axe-core for accessibility). The corpus is the bundled one with three
//! changes an archive sees every day:
//!
//! * the bundled page re-OCR'd badly (a degraded tesseract run, as ALTO):
//!   its headlines are lost against the accepted snapshot;
//! * a page with its scan beside it (the page view);
//! * an English ALTO page (`language: en`): no Chinese font, no joined words.
//!
//! The script checks that the ranking follows the documented score (the
//! degraded page above the near-clean re-typeset issue), that no ALTO word
//! space is shown inside a CJK run, that every rule id shown has its
//! summary, that the page view scrolls to a clicked line, that the filters
//! work from the keyboard alone, and that axe-core finds no serious or
//! critical violation at phone and desktop width. Screenshots of each view
//! go to `target/test-output/` (CI artefacts, not committed).
//!
//! Without node, its packages (`npm ci --prefix tests/browser`) or
//! chromium, the browser part is skipped with a message — except on CI
//! (`CI=true`), where `.ci/run` installs them and a skip is a failure.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The node, script and browser the test needs, or why not.
fn browser_tools() -> Result<(String, String), String> {
    let script = repo().join("tests/browser/report.mjs");
    if !repo()
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        return Err(
            "tests/browser/node_modules is missing: run `npm ci --prefix tests/browser`".into(),
        );
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Err("node is not installed".into());
    }
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .ok_or("chromium is not installed (apt-get install chromium)")?;
    Ok((script.display().to_string(), chromium.to_string()))
}

/// The scenario corpus: the bundled one, its accepted snapshots, and the
/// three changes above.
fn scenario(root: &Path) {
    copy_tree(&corpus(), &root.join("corpus"));
    copy_tree(&repo().join("snapshots"), &root.join("snapshots"));
    let runs = "liaocheng-ocr-runs/ocr";
    let bundled = root.join("corpus/liaocheng-daily/2022-07-05");
    std::fs::remove_file(bundled.join("p01.txt")).unwrap();
    for p in ["p01", "p02"] {
        std::fs::copy(
            data(&format!("{runs}/single_degraded150_psm3_{p}.xml")),
            bundled.join(format!("{p}.alto.xml")),
        )
        .unwrap();
    }
    let scans = root.join("corpus/page-images");
    std::fs::create_dir_all(scans.join("2022-07-05")).unwrap();
    std::fs::write(
        scans.join("publication.yaml"),
        "name: 聊城日报 (with scans)\nlanguage: zh-Hans\n",
    )
    .unwrap();
    std::fs::copy(
        data(&format!("{runs}/three_clean300_psm3_p01.xml")),
        scans.join("2022-07-05/p01.alto.xml"),
    )
    .unwrap();
    std::fs::copy(
        data("liaocheng-ocr-runs/img/three_clean300_p01.png"),
        scans.join("2022-07-05/p01.png"),
    )
    .unwrap();
    let tribune = root.join("corpus/tribune");
    std::fs::create_dir_all(tribune.join("1890-06-16")).unwrap();
    std::fs::write(
        tribune.join("publication.yaml"),
        "name: New-York Tribune\nlanguage: en\n",
    )
    .unwrap();
    std::fs::copy(
        data("chronam/ocr.xml"),
        tribune.join("1890-06-16/p01.alto.xml"),
    )
    .unwrap();
}

#[test]
fn the_editors_report_ranks_by_its_score_and_reads_like_the_paper() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    scenario(root);
    let html = root.join("report.html");
    let start = std::time::Instant::now();
    ocrgate_ok(
        &["report", "corpus", "--html", html.to_str().unwrap()],
        root,
    );
    let took = start.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&html).unwrap();
    println!("report: {} bytes in {took:.2} s", text.len());

    // The JSON result carries the same score, worst first the same way.
    let json = ocrgate(
        &["check", "corpus", "--update", "no", "--format", "json"],
        root,
    );
    let run: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let score = |id: &str| -> f64 {
        run["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{id} is not in the result"))["quality"]["score"]
            .as_f64()
            .unwrap_or_else(|| panic!("{id} has no quality score"))
    };
    let degraded = score("liaocheng-daily/2022-07-05");
    let retypeset = score("liaocheng-daily-retypeset/2022-07-05");
    assert!(
        degraded > retypeset,
        "the degraded page ({degraded}) must rank above the near-clean issue ({retypeset})"
    );
    let lost = &run["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "liaocheng-daily/2022-07-05")
        .unwrap()["quality"];
    assert!(
        lost["headlines_lost"].as_u64().unwrap() >= 4,
        "the degraded run loses most of the 8 headlines: {lost}"
    );
    assert_eq!(lost["headlines_accepted"], 8);
    assert_eq!(lost["pages"].as_array().unwrap().len(), 2);

    // Each score is the documented formula over its counts, and the
    // report's rows carry exactly the JSON's scores.
    for issue in run["issues"].as_array().unwrap() {
        let q = &issue["quality"];
        let f = |k: &str| q[k].as_f64().unwrap_or(0.0);
        let hits = &q["hits"];
        let weighted = 10.0 * hits["error"].as_f64().unwrap()
            + 3.0 * hits["warning"].as_f64().unwrap()
            + hits["info"].as_f64().unwrap();
        let findings = weighted * 1000.0 / f("chars").max(1.0);
        assert!((findings - f("findings")).abs() < 0.06, "{q}");
        let untitled = 100.0 * f("untitled_articles") / f("articles").max(1.0);
        assert!((untitled - f("untitled")).abs() < 0.06, "{q}");
        let parts = f("findings") + f("cer") + f("untitled") + f("lost_headlines") + f("structure");
        assert!(
            (parts - f("score")).abs() < 0.3,
            "the parts do not add up: {q}"
        );
        let id = issue["id"].as_str().unwrap();
        let row = format!(
            "<tr data-score=\"{}\">\n <td><a href=\"#issue-{}\">",
            q["score"].as_f64().unwrap(),
            id.replace(['/', '.'], "-")
        );
        assert!(text.contains(&row), "no overview row {row}");
    }

    let (script, chromium) = match browser_tools() {
        Ok(t) => t,
        Err(why) if !on_ci() => {
            eprintln!("skipped the browser part: {why} (.ci/run installs it)");
            return;
        }
        Err(why) => panic!("on CI the browser part must run: {why}"),
    };
    let shots = repo().join("target/test-output");
    std::fs::create_dir_all(&shots).unwrap();
    let o = Command::new("node")
        .arg(&script)
        .arg(&html)
        .arg(&shots)
        .env("CHROMIUM", &chromium)
        .env(
            "EXPECT_ABOVE",
            "liaocheng-daily/2022-07-05>liaocheng-daily-retypeset/2022-07-05",
        )
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    println!("{out}");
    assert!(
        o.status.success(),
        "the browser checks failed:\n{out}\n{err}"
    );
    // Every check reported itself; a script that stopped early fails.
    for check in [
        "ranking",
        "printed text",
        "rule summaries",
        "languages",
        "page view",
        "keyboard filters",
        "axe 390",
        "axe 1280",
    ] {
        assert!(
            out.contains(&format!("ok {check}")),
            "no result for `{check}`:\n{out}"
        );
    }
}
