//! The tesseract ALTO run of the re-typeset page finds the same eight
//! titled articles as the editor's reading of the seed, with their names.

mod common;

use common::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    articles: Vec<ExpectedArticle>,
}

#[derive(Deserialize)]
struct ExpectedArticle {
    headline: Option<String>,
    byline: Option<Credit>,
    dateline: Option<Credit>,
}

#[derive(Deserialize)]
struct Credit {
    #[serde(default)]
    reporters: Vec<String>,
    #[serde(default)]
    correspondents: Vec<String>,
}

#[test]
fn alto_run_finds_the_eight_articles_with_their_names() {
    let exp: Expected =
        serde_saphyr::from_str(&std::fs::read_to_string(data("seed/expected.yaml")).unwrap())
            .unwrap();
    let titled: Vec<&ExpectedArticle> = exp
        .articles
        .iter()
        .filter(|a| a.headline.is_some())
        .collect();
    assert_eq!(titled.len(), 8);

    let outcome =
        ocrgate::check_issue_dir(&corpus(), "liaocheng-daily-retypeset/2022-07-05").unwrap();
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let result = outcome.result.unwrap();
    let got: Vec<_> = result
        .articles
        .iter()
        .filter(|a| a.headline.is_some())
        .collect();
    assert_eq!(
        got.len(),
        8,
        "{:?}",
        got.iter().map(|a| a.headline.clone()).collect::<Vec<_>>()
    );
    for (i, (g, e)) in got.iter().zip(&titled).enumerate() {
        let (want, have) = (
            fold(e.headline.as_deref().unwrap()),
            fold(g.headline.as_deref().unwrap()),
        );
        let sim = similarity(&want, &have);
        assert!(
            sim >= 0.8,
            "article {}: headline {have:?} vs {want:?}: {sim:.2}",
            i + 1
        );

        let mut want_names: Vec<&String> = Vec::new();
        for c in e.byline.iter().chain(&e.dateline) {
            want_names.extend(c.reporters.iter().chain(&c.correspondents));
        }
        let have_names: Vec<&String> = g
            .byline
            .iter()
            .map(|b| &b.people)
            .chain(g.dateline.iter().map(|d| &d.people))
            .flat_map(|p| p.all())
            .collect();
        assert_eq!(
            have_names.len(),
            want_names.len(),
            "article {}: names {have_names:?}",
            i + 1
        );
        for (w, h) in want_names.iter().zip(&have_names) {
            // Tesseract misreads one character of a name (林金彦 → 林金头):
            // the name is found, as the OCR printed it.
            let chars = w.chars().count() as f64;
            assert!(
                similarity(w, h) >= (chars - 1.0) / chars,
                "article {}: {h} for {w}",
                i + 1
            );
        }
    }
    // The page-2 top paragraph continues page 1's last article.
    assert!(
        result.articles[4].lines.contains("p02.alto.xml"),
        "{}",
        result.articles[4].lines
    );
}
