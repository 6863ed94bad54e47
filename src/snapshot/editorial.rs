//! A pending snapshot's change in an editor's words: "headline changed:
//! A → B", "article 3 lost its byline", "paragraph 4: 12 characters
//! changed". The review ([`super::review`]) matches old and new articles by
//! content; this module compares the fields of each matched pair, so an
//! editor reads what happened to the paper, not a YAML diff.
//!
//! It also counts the headlines a change loses, which the report's quality
//! score weighs: a re-OCR that loses the heads of a page is worse than any
//! number of stray spaces.

use super::diff::{char_segments, Seg};
use super::review::{ArticleFate, Review};
use serde::{Deserialize, Serialize};

/// A credit field as the snapshot stores it (`byline: {text, …}`).
#[derive(Debug, Clone, Default, Deserialize)]
struct Credit {
    #[serde(default)]
    text: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Article {
    #[serde(default)]
    id: usize,
    #[serde(default)]
    lines: Option<String>,
    #[serde(default)]
    kicker: Option<String>,
    #[serde(default)]
    headline: Option<String>,
    #[serde(default)]
    subtitle: Option<String>,
    #[serde(default)]
    byline: Option<Credit>,
    #[serde(default)]
    dateline: Option<Credit>,
    #[serde(default)]
    paragraphs: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Body {
    #[serde(default)]
    articles: Vec<Article>,
}

fn body(text: &str) -> Body {
    // A body this tool wrote always parses; a hand-edited one that does not
    // has no articles to compare (the raw diff still shows it).
    serde_saphyr::from_str(text).unwrap_or_default()
}

/// One change, as data; [`EditorChange::sentence`] says it in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EditorChange {
    /// An article of the accepted snapshot is not found any more.
    ArticleLost {
        article: usize,
        headline: Option<String>,
    },
    /// An article the accepted snapshot did not have.
    ArticleAdded {
        article: usize,
        headline: Option<String>,
    },
    /// One article became several.
    ArticleSplit { article: usize, into: Vec<usize> },
    /// Several articles became one.
    ArticlesMerged { from: Vec<usize>, into: usize },
    /// A field (headline, subtitle, kicker, byline, dateline) changed.
    FieldChanged {
        article: usize,
        field: &'static str,
        from: String,
        to: String,
    },
    /// A field the accepted article had is gone.
    FieldLost {
        article: usize,
        field: &'static str,
        was: String,
    },
    /// A field the accepted article did not have.
    FieldFound {
        article: usize,
        field: &'static str,
        now: String,
    },
    /// A paragraph's text changed; `segments` is the character diff
    /// (`None`: rewritten beyond a character diff).
    ParagraphChanged {
        article: usize,
        paragraph: usize,
        changed_chars: usize,
        #[serde(skip)]
        segments: Option<Vec<Seg>>,
        from: String,
        to: String,
    },
    /// Paragraphs whose text changed beyond a character diff.
    ParagraphsRewritten {
        article: usize,
        paragraphs: Vec<usize>,
    },
    /// Paragraphs added or removed (a paragraph break found or lost).
    ParagraphCount {
        article: usize,
        from: usize,
        to: usize,
    },
    /// Further changes of one article, left out to keep the list readable.
    More { article: usize, count: usize },
}

/// Paragraph changes listed per article before the rest are counted.
const PARAGRAPHS_LISTED: usize = 12;

impl EditorChange {
    /// The article (its new number; the old one for a lost article).
    pub fn article(&self) -> usize {
        match self {
            EditorChange::ArticleLost { article, .. }
            | EditorChange::ArticleAdded { article, .. }
            | EditorChange::ArticleSplit { article, .. }
            | EditorChange::FieldChanged { article, .. }
            | EditorChange::FieldLost { article, .. }
            | EditorChange::FieldFound { article, .. }
            | EditorChange::ParagraphChanged { article, .. }
            | EditorChange::ParagraphCount { article, .. }
            | EditorChange::ParagraphsRewritten { article, .. }
            | EditorChange::More { article, .. } => *article,
            EditorChange::ArticlesMerged { into, .. } => *into,
        }
    }

    /// The change in one sentence.
    pub fn sentence(&self) -> String {
        let titled = |h: &Option<String>| match h {
            Some(h) => format!(" ({h})"),
            None => " (untitled)".to_string(),
        };
        let list = |ids: &[usize]| {
            ids.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            EditorChange::ArticleLost { article, headline } => {
                format!("article {article}{} is no longer found", titled(headline))
            }
            EditorChange::ArticleAdded { article, headline } => {
                format!("new article {article}{}", titled(headline))
            }
            EditorChange::ArticleSplit { article, into } => {
                format!("article {article} was split into articles {}", list(into))
            }
            EditorChange::ArticlesMerged { from, into } => {
                format!("articles {} were merged into article {into}", list(from))
            }
            EditorChange::FieldChanged {
                article,
                field,
                from,
                to,
            } => format!("article {article}: {field} changed: {from} → {to}"),
            EditorChange::FieldLost {
                article,
                field,
                was,
            } => format!("article {article} lost its {field} ({was})"),
            EditorChange::FieldFound {
                article,
                field,
                now,
            } => format!("article {article} gained a {field}: {now}"),
            EditorChange::ParagraphChanged {
                article,
                paragraph,
                changed_chars,
                segments,
                ..
            } => match segments {
                Some(_) => format!(
                    "article {article}, paragraph {paragraph}: {changed_chars} character{} changed",
                    if *changed_chars == 1 { "" } else { "s" }
                ),
                None => format!("article {article}, paragraph {paragraph}: rewritten"),
            },
            EditorChange::ParagraphsRewritten {
                article,
                paragraphs,
            } => match paragraphs.as_slice() {
                [one] => format!("article {article}, paragraph {one}: rewritten"),
                many => format!(
                    "article {article}: {} paragraphs rewritten ({})",
                    many.len(),
                    list(many)
                ),
            },
            EditorChange::ParagraphCount { article, from, to } => {
                format!("article {article}: {from} paragraphs → {to}")
            }
            EditorChange::More { article, count } => {
                format!("article {article}: {count} more paragraph changes")
            }
        }
    }
}

fn credit(c: &Option<Credit>) -> Option<String> {
    c.as_ref()
        .map(|c| c.text.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn field_change(
    out: &mut Vec<EditorChange>,
    article: usize,
    field: &'static str,
    old: Option<String>,
    new: Option<String>,
) {
    match (old, new) {
        (Some(a), Some(b)) if a != b => out.push(EditorChange::FieldChanged {
            article,
            field,
            from: a,
            to: b,
        }),
        (Some(a), None) => out.push(EditorChange::FieldLost {
            article,
            field,
            was: a,
        }),
        (None, Some(b)) => out.push(EditorChange::FieldFound {
            article,
            field,
            now: b,
        }),
        _ => {}
    }
}

/// Characters inserted plus characters deleted.
fn changed_chars(segs: &[Seg]) -> usize {
    segs.iter()
        .map(|s| match s {
            Seg::Same(_) => 0,
            Seg::Edit { old, new } => old.chars().count() + new.chars().count(),
        })
        .sum()
}

/// The field and paragraph changes of one matched pair of articles.
fn article_changes(old: &Article, new: &Article, out: &mut Vec<EditorChange>) {
    let id = new.id;
    field_change(
        out,
        id,
        "headline",
        old.headline.clone(),
        new.headline.clone(),
    );
    field_change(
        out,
        id,
        "subtitle",
        old.subtitle.clone(),
        new.subtitle.clone(),
    );
    field_change(out, id, "kicker", old.kicker.clone(), new.kicker.clone());
    field_change(out, id, "byline", credit(&old.byline), credit(&new.byline));
    field_change(
        out,
        id,
        "dateline",
        credit(&old.dateline),
        credit(&new.dateline),
    );
    if old.paragraphs.len() != new.paragraphs.len() {
        out.push(EditorChange::ParagraphCount {
            article: id,
            from: old.paragraphs.len(),
            to: new.paragraphs.len(),
        });
    }
    // Paragraphs aligned by content, so one paragraph break found does not
    // make every later paragraph "changed".
    let ops = similar::capture_diff_slices(
        similar::Algorithm::Patience,
        &old.paragraphs,
        &new.paragraphs,
    );
    let mut listed = 0usize;
    let mut more = 0usize;
    let mut rewritten = Vec::new();
    for op in ops {
        if let similar::DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } = op
        {
            for k in 0..old_len.min(new_len) {
                let (a, b) = (
                    &old.paragraphs[old_index + k],
                    &new.paragraphs[new_index + k],
                );
                // Too different for a character diff: named in one line
                // with the others, not one line each.
                let Some(segments) = char_segments(a, b) else {
                    rewritten.push(new_index + k + 1);
                    continue;
                };
                if listed == PARAGRAPHS_LISTED {
                    more += 1;
                    continue;
                }
                listed += 1;
                out.push(EditorChange::ParagraphChanged {
                    article: id,
                    paragraph: new_index + k + 1,
                    changed_chars: changed_chars(&segments),
                    segments: Some(segments),
                    from: a.clone(),
                    to: b.clone(),
                });
            }
        }
    }
    if !rewritten.is_empty() {
        out.push(EditorChange::ParagraphsRewritten {
            article: id,
            paragraphs: rewritten,
        });
    }
    if more > 0 {
        out.push(EditorChange::More {
            article: id,
            count: more,
        });
    }
}

/// What a changed snapshot changes, article by article, in an editor's
/// words. Empty for a new snapshot (there is nothing to compare with).
pub fn changes(review: &Review) -> Vec<EditorChange> {
    let Some(accepted) = &review.accepted_body else {
        return Vec::new();
    };
    let old = body(accepted);
    let new = body(&review.pending_body);
    let find = |list: &[Article], id: usize| list.iter().find(|a| a.id == id).cloned();
    let mut out = Vec::new();
    for fate in &review.articles {
        match fate {
            ArticleFate::Unchanged { .. } => {}
            ArticleFate::Changed { old: o, new: n } => {
                if let (Some(a), Some(b)) = (find(&old.articles, *o), find(&new.articles, *n)) {
                    article_changes(&a, &b, &mut out);
                }
            }
            ArticleFate::Missing { old: o } => out.push(EditorChange::ArticleLost {
                article: *o,
                headline: find(&old.articles, *o).and_then(|a| a.headline),
            }),
            ArticleFate::Added { new: n } => out.push(EditorChange::ArticleAdded {
                article: *n,
                headline: find(&new.articles, *n).and_then(|a| a.headline),
            }),
            ArticleFate::Split { old: o, into } => out.push(EditorChange::ArticleSplit {
                article: *o,
                into: into.clone(),
            }),
            ArticleFate::Merged { from, into } => out.push(EditorChange::ArticlesMerged {
                from: from.clone(),
                into: *into,
            }),
        }
    }
    out
}

/// A headline of the accepted snapshot that the pending one no longer has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LostHeadline {
    /// The page file the article started on.
    pub page: String,
    pub headline: String,
}

/// Headlines compare equal when they are the same but for spaces: a word
/// space an engine adds inside a Chinese head is not a lost head.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The page an article starts on (`p01.txt:1-33, p02.txt:1-4` → `p01.txt`).
pub fn first_page(lines: &str) -> &str {
    lines
        .split(',')
        .next()
        .and_then(|l| l.trim().rsplit_once(':'))
        .map_or("", |(page, _)| page)
}

/// What a change did to the accepted snapshot's headlines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headlines {
    /// The headlines no article of the pending snapshot carries any more.
    pub lost: Vec<LostHeadline>,
    /// The accepted snapshot's headlines per page (the page an article
    /// starts on), in page order of first appearance.
    pub accepted: Vec<(String, usize)>,
}

impl Headlines {
    pub fn accepted_total(&self) -> usize {
        self.accepted.iter().map(|(_, n)| n).sum()
    }
}

/// The accepted snapshot's headlines that no article of the pending one
/// carries any more, and how many it had on each page. A headline changed
/// by a misread character is lost too: it is no longer the paper's
/// headline.
pub fn headlines(review: &Review) -> Headlines {
    let Some(accepted) = &review.accepted_body else {
        return Headlines::default();
    };
    let old = body(accepted);
    let new = body(&review.pending_body);
    let mut now: Vec<String> = new
        .articles
        .iter()
        .filter_map(|a| a.headline.as_deref().map(squeeze))
        .collect();
    let mut out = Headlines::default();
    for a in &old.articles {
        let Some(h) = &a.headline else { continue };
        let page = first_page(a.lines.as_deref().unwrap_or(""));
        match out.accepted.iter_mut().find(|(p, _)| p == page) {
            Some((_, n)) => *n += 1,
            None => out.accepted.push((page.to_string(), 1)),
        }
        match now.iter().position(|n| *n == squeeze(h)) {
            Some(k) => {
                now.swap_remove(k);
            }
            None => out.lost.push(LostHeadline {
                page: page.to_string(),
                headline: h.clone(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::review::review_bodies;

    const OLD: &str = "articles:\n- id: 1\n  lines: p01.txt:1-9\n  headline: 河畔新城开工\n  byline:\n    text: 本报记者 王小明\n  paragraphs:\n  - 今天上午新城项目正式开工建设。\n  - 项目总投资三十亿元。\n- id: 2\n  lines: p01.txt:11-20\n  headline: 秋粮收购开始\n  paragraphs:\n  - 全市各收购点今天开秤收粮。\n";

    #[test]
    fn a_changed_article_is_described_field_by_field() {
        let new = OLD
            .replace("河畔新城开工", "河畔新城开土")
            .replace("  byline:\n    text: 本报记者 王小明\n", "")
            .replace("三十亿元", "三千亿元");
        let r = review_bodies("p/1", Some(OLD.to_string()), new);
        let said: Vec<String> = changes(&r).iter().map(|c| c.sentence()).collect();
        assert_eq!(
            said,
            [
                "article 1: headline changed: 河畔新城开工 → 河畔新城开土",
                "article 1 lost its byline (本报记者 王小明)",
                "article 1, paragraph 2: 2 characters changed",
            ]
        );
    }

    #[test]
    fn a_lost_headline_is_counted_and_a_respaced_one_is_not() {
        let new = OLD
            .replace("  headline: 秋粮收购开始\n", "")
            .replace("河畔新城开工", "河畔 新城 开工");
        let r = review_bodies("p/1", Some(OLD.to_string()), new);
        let h = headlines(&r);
        assert_eq!(h.accepted, [("p01.txt".to_string(), 2)]);
        assert_eq!(
            h.lost,
            [LostHeadline {
                page: "p01.txt".into(),
                headline: "秋粮收购开始".into()
            }]
        );
    }

    #[test]
    fn a_paragraph_break_found_is_one_change_not_a_shift() {
        let new = OLD.replace(
            "  - 今天上午新城项目正式开工建设。\n",
            "  - 今天上午新城项目\n  - 正式开工建设。\n",
        );
        let r = review_bodies("p/1", Some(OLD.to_string()), new);
        let said: Vec<String> = changes(&r).iter().map(|c| c.sentence()).collect();
        assert_eq!(said[0], "article 1: 2 paragraphs → 3");
        assert!(
            !said.iter().any(|s| s.contains("paragraph 3")),
            "the unchanged last paragraph is not reported: {said:?}"
        );
    }
}
