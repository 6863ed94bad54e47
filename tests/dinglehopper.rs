//! CER and WER against dinglehopper's own numbers
//! (`tests/data/dinglehopper/EXPECTED.md`): every pair it lists, to
//! 1e-9, and the extraction cases it asserts (ALTO lines, PAGE reading
//! order and TextEquiv levels, plain text).

mod common;

use common::*;
use ocrgate::metrics::extract::{extract_file, Level, Options};
use ocrgate::metrics::{measure, Measure};

fn dh(rel: &str) -> std::path::PathBuf {
    common::data(&format!("dinglehopper/data/{rel}"))
}

fn pair(gt: &str, ocr: &str) -> Measure {
    let opts = Options::default();
    measure(
        &extract_file(&dh(gt), opts).unwrap(),
        &extract_file(&dh(ocr), opts).unwrap(),
    )
}

fn close(a: f64, b: f64) -> bool {
    (a.is_infinite() && b.is_infinite()) || (a - b).abs() < 1e-9
}

#[test]
fn every_pair_agrees_with_dinglehopper() {
    // (GT, OCR, CER, WER, GT characters, GT words), from EXPECTED.md (B).
    let cases: &[(&str, &str, f64, f64, usize, usize)] = &[
        (
            "test-gt.page2018.xml",
            "test-fake-ocr.page2018.xml",
            2.0 / 827.0,
            2.0 / 130.0,
            827,
            130,
        ),
        (
            "directory-test/gt/1.xml",
            "directory-test/ocr/1.xml",
            0.0024183797,
            0.0153846154,
            827,
            130,
        ),
        (
            "lorem-ipsum/lorem-ipsum-scan.gt.page.xml",
            "lorem-ipsum/lorem-ipsum-scan.ocr.tesseract.alto.xml",
            0.0,
            0.0,
            591,
            100,
        ),
        (
            "lorem-ipsum/lorem-ipsum-scan-bad.gt.page.xml",
            "lorem-ipsum/lorem-ipsum-scan-bad.ocr.tesseract.alto.xml",
            8.0 / 591.0,
            0.07,
            591,
            100,
        ),
        (
            "bigger-texts/00008228/00008228.gt.xml",
            "bigger-texts/00008228/00008228-00236534.gt4hist.xml",
            0.4912403435,
            0.8179622121,
            67183,
            11591,
        ),
        (
            "actevedef_718448162/OCR-D-GT-PAGE/00000024.page.xml",
            "actevedef_718448162/OCR-D-OCR-TESS/OCR-D-OCR-TESS_0001.xml",
            0.0402311149,
            0.1609353508,
            4673,
            727,
        ),
        (
            "actevedef_718448162/OCR-D-GT-PAGE/00000024.page.xml",
            "actevedef_718448162/OCR-D-OCR-CALAMARI/OCR-D-OCR-CALAMARI_0001.xml",
            0.0254654398,
            0.1100412655,
            4673,
            727,
        ),
        (
            "brochrnx_73075507X/00000139.gt.page.xml",
            "brochrnx_73075507X/00000139.ocrd-tess.ocr.page.xml",
            0.0776353276,
            0.1695652174,
            1404,
            230,
        ),
        (
            "line_dirs/basic/gt/a.gt.txt",
            "line_dirs/basic/ocr/a.some-ocr.txt",
            0.0666666667,
            0.25,
            15,
            4,
        ),
        (
            "line_dirs/basic/gt/b.gt.txt",
            "line_dirs/basic/ocr/b.some-ocr.txt",
            0.0769230769,
            0.5,
            13,
            2,
        ),
        (
            "unused-larex-indexed-textequiv-jkamlah/OCR-D-GT_0008.xml",
            "unused-larex-indexed-textequiv-jkamlah/OCR-D-OCR-TESS_0008.xml",
            f64::INFINITY,
            f64::INFINITY,
            0,
            0,
        ),
        (
            "test.page2018.xml",
            "test.alto2.xml",
            1.5417170496,
            1.8076923077,
            827,
            130,
        ),
    ];
    for &(gt, ocr, cer, wer, chars, words) in cases {
        let m = pair(gt, ocr);
        // EXPECTED.md prints ten decimals: exact fractions where it gives them.
        let tol = |a: f64, b: f64| close(a, b) || (a - b).abs() < 5e-11 * 10.0;
        assert!(tol(m.cer.0, cer), "{gt}: CER {} != {cer}", m.cer.0);
        assert!(tol(m.wer.0, wer), "{gt}: WER {} != {wer}", m.wer.0);
        assert_eq!((m.gt_chars, m.gt_words), (chars, words), "{gt}");
    }
    // Exact where dinglehopper's value is a known fraction.
    assert!(close(
        pair("test-gt.page2018.xml", "test-fake-ocr.page2018.xml")
            .cer
            .0,
        2.0 / 827.0
    ));
    assert!(close(
        pair(
            "lorem-ipsum/lorem-ipsum-scan-bad.gt.page.xml",
            "lorem-ipsum/lorem-ipsum-scan-bad.ocr.tesseract.alto.xml"
        )
        .cer
        .0,
        8.0 / 591.0
    ));
}

#[test]
fn alto_lines_are_extracted_one_per_text_line() {
    let t = extract_file(&dh("test.alto3.xml"), Options::default()).unwrap();
    assert_eq!(
        t,
        "über die vielen Sorgen wegen deſſelben vergaß\nHartkopf, der Frau Amtmännin das ver-\nſprochene zu überliefern."
    );
    let t = extract_file(&dh("test.alto1.xml"), Options::default()).unwrap();
    assert!(t.contains("being erected at the Broadway stock"));
    let t = extract_file(&dh("test.alto2.xml"), Options::default()).unwrap();
    assert!(t.contains(
        "Halbmonde, die genau durch einen Ouerstrich halbiert\nsind und an beiden Enden"
    ));
}

#[test]
fn page_textequiv_levels_and_reading_order() {
    let f = dh("levels-are-different.page.xml");
    let region = extract_file(
        &f,
        Options {
            level: Level::Region,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(region, "Inconsistent dummy region text");
    let line = extract_file(
        &f,
        Options {
            level: Level::Line,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(
        line,
        "Hand, Mylord? fragte der Graf von Rocheſter.\nAls er einsmals in dem Oberhauſe eine Bill we-"
    );
    let order = extract_file(&dh("order.page.xml"), Options::default()).unwrap();
    let re = regex::Regex::new(
        r"(?s)Herr Konfrater.*75.*Etwas f.r Wittwen.*Ein gewi.*er Lord.*76\. Die",
    )
    .unwrap();
    assert!(re.is_match(&order), "{order}");
}

#[test]
fn plain_text_drops_the_trailing_newline() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("a.txt");
    std::fs::write(&f, "First, a line.\nAnd a second line.\n").unwrap();
    assert_eq!(
        extract_file(&f, Options::default()).unwrap(),
        "First, a line.\nAnd a second line."
    );
}

#[test]
fn chronicling_america_alto_gives_exactly_its_text_lines() {
    let txt = std::fs::read_to_string(data("chronam/ocr.txt")).unwrap();
    let txt_lines: Vec<&str> = txt.lines().collect();
    assert_eq!(txt_lines.len(), 693);
    // The measuring extraction (dinglehopper's rules) ...
    let alto = extract_file(&data("chronam/ocr.xml"), Options::default()).unwrap();
    let alto_lines: Vec<&str> = alto.split('\n').collect();
    assert_eq!(alto_lines.len(), txt_lines.len());
    for (i, (a, b)) in alto_lines.iter().zip(&txt_lines).enumerate() {
        assert_eq!(
            *a,
            ocrgate::metrics::normalize::normalize(b.trim()),
            "line {}",
            i + 1
        );
    }
    // ... and the page reader the parser uses, which keeps the `HYP` of a
    // line-end hyphen (the normaliser joins `Har-` + `bor` with it).
    let page = ocrgate::source::read_page(&data("chronam/ocr.xml")).unwrap();
    assert_eq!(page.lines.len(), txt_lines.len());
    for (i, (l, t)) in page.lines.iter().zip(&txt_lines).enumerate() {
        assert!(
            l.text == *t || l.text == format!("{t}-"),
            "line {}: {:?} vs {t:?}",
            i + 1,
            l.text
        );
    }
}

#[test]
fn eval_cli_prints_a_table_and_valid_json() {
    let d = dh("directory-test");
    let out = ocrgate(
        &[
            "eval",
            "--json",
            d.join("gt").to_str().unwrap(),
            d.join("ocr").to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["pairs"].as_array().unwrap().len(), 2);
    assert!((v["total"]["cer_pooled"].as_f64().unwrap() - 4.0 / 1654.0).abs() < 1e-12);
    // Empty ground truth: infinite CER, written so the JSON stays valid.
    let l = dh("unused-larex-indexed-textequiv-jkamlah");
    let out = ocrgate(
        &[
            "eval",
            "--json",
            l.join("OCR-D-GT_0008.xml").to_str().unwrap(),
            l.join("OCR-D-OCR-TESS_0008.xml").to_str().unwrap(),
        ],
        &repo(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["pairs"][0]["cer"], "inf");
    let out = ocrgate(
        &[
            "eval",
            d.join("gt").to_str().unwrap(),
            d.join("ocr/1.xml").to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(2));
}
