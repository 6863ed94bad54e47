//! The seed page parsed against the editor's reading in
//! `tests/data/seed/expected.yaml`, field by field, in reading order.

mod common;

use common::*;
use ocrgate::parse::Article;
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    issue_date: String,
    articles: Vec<ExpectedArticle>,
}

#[derive(Deserialize)]
struct ExpectedArticle {
    headline: Option<String>,
    subtitle: Option<String>,
    byline: Option<ExpectedCredit>,
    dateline: Option<ExpectedCredit>,
    lines: [u32; 2],
}

#[derive(Deserialize)]
struct ExpectedCredit {
    marker: String,
    #[serde(default)]
    reporters: Vec<String>,
    #[serde(default)]
    correspondents: Vec<String>,
    date: Option<String>,
}

fn expected() -> Expected {
    let path = data("seed/expected.yaml");
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).expect("expected.yaml parses")
}

fn seed_articles() -> Vec<Article> {
    let outcome = ocrgate::check_issue_dir(&corpus(), "liaocheng-daily/2022-07-05").unwrap();
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    outcome.result.unwrap().articles
}

/// Reporters and correspondents of an article, from its byline and its dateline.
fn people(a: &Article) -> (Vec<String>, Vec<String>) {
    let mut reporters = Vec::new();
    let mut correspondents = Vec::new();
    if let Some(b) = &a.byline {
        reporters.extend(b.people.reporters.clone());
        correspondents.extend(b.people.correspondents.clone());
    }
    if let Some(d) = &a.dateline {
        reporters.extend(d.people.reporters.clone());
        correspondents.extend(d.people.correspondents.clone());
    }
    (reporters, correspondents)
}

#[test]
fn seed_articles_match_the_editors_reading() {
    let exp = expected();
    let got = seed_articles();
    assert_eq!(
        got.len(),
        exp.articles.len(),
        "article count; got headlines {:?}",
        got.iter().map(|a| a.headline.clone()).collect::<Vec<_>>()
    );
    for (i, (g, e)) in got.iter().zip(&exp.articles).enumerate() {
        let n = i + 1;
        assert_eq!(g.headline, e.headline, "article {n}: headline");
        assert_eq!(g.subtitle, e.subtitle, "article {n}: subtitle");
        assert_eq!(
            g.lines,
            format!("p01.txt:{}-{}", e.lines[0], e.lines[1]),
            "article {n}: lines"
        );
        let (mut want_r, mut want_c) = (Vec::new(), Vec::new());
        for c in e.byline.iter().chain(&e.dateline) {
            want_r.extend(c.reporters.clone());
            want_c.extend(c.correspondents.clone());
        }
        let (got_r, got_c) = people(g);
        assert_eq!(got_r, want_r, "article {n}: reporters");
        assert_eq!(got_c, want_c, "article {n}: correspondents");
        // Markers: `■ 本报记者` bylines and `本报讯` datelines.
        for c in e.byline.iter().chain(&e.dateline) {
            let markers: Vec<&str> = g
                .byline
                .iter()
                .map(|b| b.marker.as_str())
                .chain(g.dateline.iter().map(|d| d.marker.as_str()))
                .collect();
            assert!(
                markers.contains(&c.marker.as_str()),
                "article {n}: marker {} not in {markers:?}",
                c.marker
            );
        }
        let want_date = e.dateline.as_ref().and_then(|d| d.date.clone());
        let got_date = g.dateline.as_ref().and_then(|d| d.date_text.clone());
        assert_eq!(got_date, want_date, "article {n}: dateline date as written");
    }
}

#[test]
fn dateline_dates_resolve_with_the_issue_year() {
    let exp = expected();
    let issue: jiff::civil::Date = exp.issue_date.parse().unwrap();
    let got = seed_articles();
    let resolved: Vec<(String, String)> = got
        .iter()
        .filter_map(|a| a.dateline.as_ref())
        .filter_map(|d| Some((d.date_text.clone()?, d.date.clone()?)))
        .collect();
    assert_eq!(
        resolved,
        vec![
            ("7月4日".to_string(), "2022-07-04".to_string()),
            ("7月4日".to_string(), "2022-07-04".to_string()),
            ("6月30日".to_string(), "2022-06-30".to_string()),
        ]
    );
    assert_eq!(issue.year(), 2022);
}

#[test]
fn the_commentary_is_its_own_unit_between_its_neighbours() {
    let got = seed_articles();
    let untitled: Vec<&Article> = got.iter().filter(|a| a.headline.is_none()).collect();
    assert_eq!(untitled.len(), 1);
    let c = untitled[0];
    assert_eq!(
        c.id, 3,
        "in reading order, after the article it was interleaved with"
    );
    assert_eq!(c.paragraphs.len(), 3);
    assert!(c.paragraphs[0].starts_with("近年来,我们一直致力于打通服务群众"));
    assert!(c.paragraphs[2].starts_with("为山九仞,功亏一篑。"));
    // And the host article kept its own paragraphs, including the one between.
    let host = &got[1];
    assert!(host
        .paragraphs
        .iter()
        .any(|p| p.starts_with("层次的医保金融服务体系")));
    assert!(!host
        .paragraphs
        .iter()
        .any(|p| p.starts_with("面有政策出台后")));
}

#[test]
fn stray_spaces_between_cjk_are_removed_but_text_is_otherwise_kept() {
    let got = seed_articles();
    let first = &got[0].paragraphs[0];
    // Raw line 7: "...切实 发挥政协委员职责作用""践行十八 字要求..."
    assert!(
        first.contains("切实发挥政协委员职责作用\"\"践行十八字要求"),
        "{first}"
    );
    // Punctuation is not folded: the seed's ASCII commas stay ASCII.
    assert!(first.contains("建睿智之言,献务实之策"));
}
