//! Validation: the checks that run on a parsed issue and the findings they
//! report.
//!
//! Each family of checks lives in its own module and pushes [`Hit`]s, which
//! point into a paragraph (normalised text, mapped back through the offset
//! map) or straight into a raw line. [`validate`] then applies the
//! publication's settings (off, severity), turns hits into findings with
//! raw page/line/column, groups many hits of one rule on one page into one
//! finding, and fingerprints each finding by content so a baseline survives
//! text moving around.

pub mod columns;
pub mod config;
pub mod context;
mod dates;
pub mod diagnostic;
mod fields;
mod lines;
mod lookalike;
mod numbers;
mod paragraphs;
mod punct;
pub mod registry;
mod suspect;

pub use context::Ctx;
pub use fields::{title_match, TITLE_SIMILARITY};

use crate::location::Location;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How much a finding matters. Ordered: `Error` is the most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Character `char` of paragraph `para` of the page (normalised text).
    Para { para: usize, char: usize },
    /// Character column `col` (0-based) of `Page::lines[line]`.
    Line { line: usize, col: usize },
}

/// One raw hit of a rule, before settings and grouping.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: &'static str,
    pub page: usize,
    pub at: Anchor,
    /// What a finding shows of the hit; `None` for a further hit of a
    /// grouped rule, of which only the place counts. Boxed: a damaged page
    /// has hundreds of hits, mostly further ones, and they are moved
    /// around as they are collected.
    pub detail: Option<Box<HitDetail>>,
}

impl Hit {
    fn excerpt(&self) -> &str {
        self.detail.as_ref().map_or("", |d| &d.excerpt)
    }
}

/// The text of a hit.
#[derive(Debug, Clone, Default)]
pub struct HitDetail {
    /// The text the hit is about, as printed.
    pub excerpt: String,
    /// A little text either side, whitespace removed: part of the fingerprint.
    pub context: String,
    pub message: String,
    pub suggestion: Option<String>,
    pub article: Option<usize>,
    /// The evidence is below the rule's confident threshold: the finding is
    /// reported as info, whatever the rule's severity.
    pub tentative: bool,
}

/// One finding as reported and snapshotted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// Page file, 1-based line in that file, 1-based column in characters.
    /// For XML pages the line is the `TextLine`'s line in the file and the
    /// column counts characters of the line's text.
    pub page: String,
    pub line: u32,
    pub column: u32,
    pub excerpt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<usize>,
    /// Hits grouped into this finding (1 for a single hit).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
    /// Every further location of a grouped finding. Snapshots and the
    /// terminal show the first [`MORE_LOCATIONS`] (a snapshot diff should
    /// say that a group grew, not list 275 moved columns); the JSON and
    /// SARIF outputs list them all (`locations`, `relatedLocations`).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "first_locations"
    )]
    pub more: Vec<Location>,
    /// Stable across runs and line moves: blake3 of issue, rule, excerpt
    /// and context (of issue, rule and page for a grouped finding).
    pub fingerprint: String,
    /// The raw source line, for diagnostics; not snapshotted.
    #[serde(skip)]
    pub source: Option<String>,
}

fn first_locations<S: serde::Serializer>(more: &[Location], s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    more[..more.len().min(MORE_LOCATIONS)].serialize(s)
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// How many locations a grouped finding lists besides its first.
pub const MORE_LOCATIONS: usize = 4;

/// Runs every enabled check on one issue.
pub fn validate(ctx: &Ctx) -> Vec<Finding> {
    let mut hits = Vec::new();
    fields::check(ctx, &mut hits);
    numbers::check(ctx, &mut hits);
    dates::check(ctx, &mut hits);
    punct::check(ctx, &mut hits);
    lookalike::check(ctx, &mut hits);
    suspect::check(ctx, &mut hits);
    paragraphs::check(ctx, &mut hits);
    lines::check(ctx, &mut hits);
    columns::check(ctx, &mut hits);
    finish(ctx, hits)
}

/// Where a hit is on its page, and how it sorts: by page, rule, line,
/// column, then excerpt and the order the checks found it in. Sorting
/// these small keys leaves the hits themselves in place; a damaged page
/// has hundreds of them.
struct Placed {
    page: usize,
    rule_rank: usize,
    line: u32,
    column: u32,
    line_index: usize,
    hit: usize,
}

fn place(ctx: &Ctx, hit: &Hit, index: usize, rule_rank: usize) -> Placed {
    let (page, paras) = &ctx.pages[hit.page];
    let (line_index, col) = match hit.at {
        Anchor::Para { para, char } => {
            let p = paras[para].raw_pos(char.min(paras[para].chars.len().saturating_sub(1)));
            (p.line, p.col)
        }
        Anchor::Line { line, col } => (line, col),
    };
    let line = page.lines.get(line_index).map_or(0, |l| l.source_line);
    Placed {
        page: hit.page,
        rule_rank,
        line,
        column: col as u32 + 1,
        line_index,
        hit: index,
    }
}

/// blake3 of the parts, each followed by a NUL, as 16 hex digits. The
/// whitespace of parts marked `true` is left out, so that a fingerprint
/// survives the OCR spacing a word differently.
fn fingerprint(parts: &[(&str, bool)]) -> String {
    let mut h = blake3::Hasher::new();
    for &(p, drop_whitespace) in parts {
        if drop_whitespace {
            for piece in p.split(char::is_whitespace) {
                h.update(piece.as_bytes());
            }
        } else {
            h.update(p.as_bytes());
        }
        h.update(&[0]);
    }
    h.finalize().to_hex()[..16].to_string()
}

/// A rule's summary without the example in brackets at its end (`a space
/// inside Chinese text (切实 发挥)`): a grouped finding is about the page's
/// own text, which its location and source line show, not the example's.
fn without_example(summary: &str) -> &str {
    match summary.find(" (") {
        Some(i) if summary.ends_with(')') => &summary[..i],
        _ => summary,
    }
}

fn finish(ctx: &Ctx, mut hits: Vec<Hit>) -> Vec<Finding> {
    // Hits come in runs of one rule: look its settings up once per run.
    let mut last: Option<(&'static str, Option<usize>)> = None;
    let mut placed: Vec<Placed> = Vec::with_capacity(hits.len());
    for (i, h) in hits.iter().enumerate() {
        let rank = match last {
            Some((rule, rank)) if std::ptr::eq(rule, h.rule) => rank,
            _ => {
                let rank = ctx
                    .settings
                    .enabled(h.rule)
                    .then(|| registry::rank(h.rule).expect("hits come from registered rules"));
                last = Some((h.rule, rank));
                rank
            }
        };
        if let Some(rank) = rank {
            placed.push(place(ctx, h, i, rank));
        }
    }
    // The checks push their hits in runs of one rule in text order: a
    // stable sort merges such runs in close to linear time.
    placed.sort_by(|a, b| {
        (a.page, a.rule_rank, a.line, a.column)
            .cmp(&(b.page, b.rule_rank, b.line, b.column))
            .then_with(|| hits[a.hit].excerpt().cmp(hits[b.hit].excerpt()))
    });
    // Findings with their page index, in (page, rule, text) order.
    let mut out: Vec<(usize, Finding)> = Vec::new();
    for group in placed.chunk_by(|a, b| (a.page, a.rule_rank) == (b.page, b.rule_rank)) {
        let first = &group[0];
        let rule_id = hits[first.hit].rule;
        let rule = registry::rule(rule_id).expect("hits come from registered rules");
        let severity = ctx
            .settings
            .severity(rule_id)
            .expect("disabled rules were dropped");
        let page = &ctx.pages[first.page].0;
        let group_above = ctx.settings.param(rule_id, "group_above") as usize;
        let source = |p: &Placed| page.lines.get(p.line_index).map(|l| l.text.clone());
        if (rule.grouped && group.len() > 1) || group.len() > group_above {
            let n = group.len();
            // Only weak evidence in the whole group: info, as each would be.
            let tentative = group
                .iter()
                .all(|p| hits[p.hit].detail.as_ref().is_some_and(|d| d.tentative));
            out.push((
                first.page,
                Finding {
                    rule: rule_id.to_string(),
                    severity: if tentative { Severity::Info } else { severity },
                    message: format!("{n} × {}", without_example(rule.summary)),
                    page: page.file.clone(),
                    line: first.line,
                    column: first.column,
                    excerpt: hits[first.hit]
                        .detail
                        .take()
                        .map(|d| d.excerpt)
                        .unwrap_or_default(),
                    suggestion: Some(rule.fix.to_string()),
                    article: None,
                    count: n,
                    more: group[1..]
                        .iter()
                        .map(|p| Location {
                            line: p.line,
                            column: p.column,
                        })
                        .collect(),
                    fingerprint: fingerprint(&[
                        (ctx.issue_id, false),
                        (rule_id, false),
                        (&page.file, false),
                        ("*", false),
                    ]),
                    source: source(first),
                },
            ));
        } else {
            for p in group {
                let hit = *hits[p.hit].detail.take().unwrap_or_default();
                out.push((
                    p.page,
                    Finding {
                        rule: rule_id.to_string(),
                        severity: if hit.tentative {
                            Severity::Info
                        } else {
                            severity
                        },
                        message: hit.message,
                        page: page.file.clone(),
                        line: p.line,
                        column: p.column,
                        fingerprint: fingerprint(&[
                            (ctx.issue_id, false),
                            (rule_id, false),
                            (&hit.excerpt, true),
                            (&hit.context, false),
                        ]),
                        source: source(p),
                        excerpt: hit.excerpt,
                        suggestion: hit.suggestion,
                        article: hit.article,
                        count: 1,
                        more: Vec::new(),
                    },
                ));
            }
        }
    }
    // Report order: by page, line, column and rule.
    out.sort_by(|(pa, a), (pb, b)| {
        (pa, a.line, a.column, &a.rule).cmp(&(pb, b.line, b.column, &b.rule))
    });
    out.into_iter().map(|(_, f)| f).collect()
}

/// Counts of findings by severity and hits by rule, for the summary.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FindingCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Hits per rule (a grouped finding counts all its hits).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, usize>,
}

impl FindingCounts {
    pub fn of(findings: &[Finding]) -> FindingCounts {
        let mut c = FindingCounts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Info => c.info += 1,
            }
            *c.rules.entry(f.rule.clone()).or_default() += f.count;
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_messages_drop_the_summarys_example() {
        assert_eq!(
            without_example("a space inside Chinese text (切实 发挥)"),
            "a space inside Chinese text"
        );
        assert_eq!(
            without_example("ASCII punctuation in Chinese text (, ; : ( ) ! ? \" ')"),
            "ASCII punctuation in Chinese text"
        );
        // A bracket inside the sentence is part of it.
        let inner =
            "an expected headline (METS structure map, expect.titles) that the parser did not find";
        assert_eq!(without_example(inner), inner);
        assert_eq!(
            without_example("a line that repeats an earlier line of the page"),
            "a line that repeats an earlier line of the page"
        );
        // Every registered summary keeps some words.
        for rule in registry::RULES {
            assert!(without_example(rule.summary).len() >= 10, "{}", rule.id);
        }
    }
}
