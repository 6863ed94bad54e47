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

pub mod config;
pub mod context;
mod dates;
pub mod diagnostic;
pub mod docs;
pub mod examples;
mod fields;
mod lines;
mod lookalike;
mod numbers;
mod paragraphs;
mod punct;
pub mod registry;

pub use context::Ctx;
pub use fields::{title_match, TITLE_SIMILARITY};

use crate::result::Location;
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
    /// The text the hit is about, as printed.
    pub excerpt: String,
    /// A little text either side, whitespace removed: part of the fingerprint.
    pub context: String,
    pub message: String,
    pub suggestion: Option<String>,
    pub article: Option<usize>,
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
    /// The next few locations of a grouped finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<Location>,
    /// Stable across runs and line moves: blake3 of issue, rule, excerpt
    /// and context (of issue, rule and page for a grouped finding).
    pub fingerprint: String,
    /// The raw source line, for diagnostics; not snapshotted.
    #[serde(skip)]
    pub source: Option<String>,
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
    paragraphs::check(ctx, &mut hits);
    lines::check(ctx, &mut hits);
    finish(ctx, hits)
}

/// A hit resolved to its raw position.
struct Placed {
    hit: Hit,
    line_index: usize,
    line: u32,
    column: u32,
}

fn place(ctx: &Ctx, hit: Hit) -> Placed {
    let (page, paras) = &ctx.pages[hit.page];
    let (line_index, col) = match hit.at {
        Anchor::Para { para, char } => {
            let p = paras[para].raw_pos(char.min(paras[para].chars.saturating_sub(1)));
            (p.line, p.col)
        }
        Anchor::Line { line, col } => (line, col),
    };
    let line = page.lines.get(line_index).map_or(0, |l| l.source_line);
    Placed {
        hit,
        line_index,
        line,
        column: col as u32 + 1,
    }
}

fn fingerprint(parts: &[&str]) -> String {
    let mut h = blake3::Hasher::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update(&[0]);
    }
    h.finalize().to_hex()[..16].to_string()
}

fn finish(ctx: &Ctx, hits: Vec<Hit>) -> Vec<Finding> {
    let mut placed: Vec<Placed> = hits
        .into_iter()
        .filter(|h| ctx.settings.enabled(h.rule))
        .map(|h| place(ctx, h))
        .collect();
    placed.sort_by(|a, b| {
        (a.hit.page, a.line, a.column, a.hit.rule, &a.hit.excerpt).cmp(&(
            b.hit.page,
            b.line,
            b.column,
            b.hit.rule,
            &b.hit.excerpt,
        ))
    });
    // Hits per (page, rule), in text order.
    let mut groups: BTreeMap<(usize, &'static str), Vec<Placed>> = BTreeMap::new();
    for p in placed {
        groups.entry((p.hit.page, p.hit.rule)).or_default().push(p);
    }
    let mut out = Vec::new();
    for ((page_idx, rule_id), hits) in groups {
        let rule = registry::rule(rule_id).expect("hits come from registered rules");
        let severity = ctx
            .settings
            .severity(rule_id)
            .expect("disabled rules were dropped");
        let page = &ctx.pages[page_idx].0;
        let group_above = ctx.settings.param(rule_id, "group_above") as usize;
        let source = |p: &Placed| page.lines.get(p.line_index).map(|l| l.text.clone());
        if (rule.grouped && hits.len() > 1) || hits.len() > group_above {
            let first = &hits[0];
            let n = hits.len();
            out.push(Finding {
                rule: rule_id.to_string(),
                severity,
                message: format!("{n} × {}", rule.summary),
                page: page.file.clone(),
                line: first.line,
                column: first.column,
                excerpt: first.hit.excerpt.clone(),
                suggestion: Some(rule.fix.to_string()),
                article: None,
                count: n,
                more: hits[1..]
                    .iter()
                    .take(MORE_LOCATIONS)
                    .map(|p| Location {
                        line: p.line,
                        column: p.column,
                    })
                    .collect(),
                fingerprint: fingerprint(&[ctx.issue_id, rule_id, &page.file, "*"]),
                source: source(first),
            });
        } else {
            for p in hits {
                let excerpt_key: String = p
                    .hit
                    .excerpt
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                out.push(Finding {
                    rule: rule_id.to_string(),
                    severity,
                    message: p.hit.message.clone(),
                    page: page.file.clone(),
                    line: p.line,
                    column: p.column,
                    fingerprint: fingerprint(&[
                        ctx.issue_id,
                        rule_id,
                        &excerpt_key,
                        &p.hit.context,
                    ]),
                    source: source(&p),
                    excerpt: p.hit.excerpt,
                    suggestion: p.hit.suggestion,
                    article: p.hit.article,
                    count: 1,
                    more: Vec::new(),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        (a.page_order(ctx), a.line, a.column, &a.rule).cmp(&(
            b.page_order(ctx),
            b.line,
            b.column,
            &b.rule,
        ))
    });
    out
}

impl Finding {
    fn page_order(&self, ctx: &Ctx) -> usize {
        ctx.pages
            .iter()
            .position(|(p, _)| p.file == self.page)
            .unwrap_or(usize::MAX)
    }
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
