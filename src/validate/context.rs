//! What the checks see of one issue: its pages and paragraphs, the parsed
//! articles, the values found in each paragraph, the rules and settings,
//! and helpers to report a hit at a paragraph or line position.

use super::config::{Expect, RuleSettings};
use super::{Anchor, Hit, HitDetail};
use crate::parse::rules::CompiledRules;
use crate::parse::{Article, ParaRef};
use crate::source::{Page, PageFormat};
use crate::text::misread::Suspect;
use crate::text::normalize::Paragraph;
use crate::values::dates::{find_dates, DateMention};
use crate::values::numbers::{find_numbers_in, Number};
use jiff::civil::Date;
use rustc_hash::FxHashMap;

/// Characters of context either side of a hit that go into its fingerprint.
const CONTEXT_CHARS: usize = 8;

/// The values found in one paragraph.
#[derive(Debug, Clone, Default)]
pub struct Values {
    pub numbers: Vec<Number>,
    pub dates: Vec<DateMention>,
}

/// Characters `col..col + len` of raw line `line` of page `page`, whose
/// characters the caller already has.
pub struct LineSpan<'c> {
    pub page: usize,
    pub line: usize,
    pub chars: &'c [char],
    pub col: usize,
    pub len: usize,
}

/// The [`CONTEXT_CHARS`] characters either side of `text[start..end]`,
/// whitespace removed: what a hit's fingerprint holds besides its excerpt.
/// `start <= end <= text.len()`.
fn context_around(text: &[char], start: usize, end: usize) -> String {
    let before = &text[start.saturating_sub(CONTEXT_CHARS)..start];
    let after = &text[end..(end + CONTEXT_CHARS).min(text.len())];
    before
        .iter()
        .chain(after)
        .filter(|c| !c.is_whitespace())
        .collect()
}

pub struct Ctx<'a> {
    pub issue_id: &'a str,
    pub date: Date,
    pub pages: &'a [(Page, Vec<Paragraph>)],
    pub articles: &'a [Article],
    /// Furniture paragraph indices per page.
    pub furniture: &'a [Vec<usize>],
    pub rules: &'a CompiledRules,
    pub settings: &'a RuleSettings,
    pub expect: &'a Expect,
    /// Article id of each paragraph that belongs to one.
    pub article_of: FxHashMap<ParaRef, usize>,
    /// Values of every article paragraph.
    pub values: FxHashMap<ParaRef, Values>,
    /// The look-alike suspects of every paragraph, per page
    /// ([`crate::text::misread::scan`]); empty where nobody asked.
    pub misreads: &'a [Vec<Vec<Suspect>>],
}

impl<'a> Ctx<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        issue_id: &'a str,
        date: Date,
        pages: &'a [(Page, Vec<Paragraph>)],
        articles: &'a [Article],
        furniture: &'a [Vec<usize>],
        rules: &'a CompiledRules,
        settings: &'a RuleSettings,
        expect: &'a Expect,
        misreads: &'a [Vec<Vec<Suspect>>],
    ) -> Ctx<'a> {
        let mut article_of = FxHashMap::default();
        let mut values = FxHashMap::default();
        for a in articles {
            for &r in &a.parts {
                article_of.insert(r, a.id);
                let para = &pages[r.page].1[r.para];
                let dates = find_dates(&para.text);
                // The digits of a date are the date's, not numbers of their own.
                let numbers = find_numbers_in(&para.text, &para.chars, &rules.units)
                    .into_iter()
                    .filter(|n| {
                        // Dates are disjoint and in text order: the first
                        // ending after the number's start is the only one
                        // that can overlap it.
                        let k = dates.partition_point(|d| d.end <= n.start);
                        dates.get(k).is_none_or(|d| d.start >= n.end)
                    })
                    .collect();
                values.insert(r, Values { numbers, dates });
            }
        }
        for (pi, furn) in furniture.iter().enumerate() {
            for &para in furn {
                let r = ParaRef { page: pi, para };
                let para = &pages[pi].1[para];
                values.insert(
                    r,
                    Values {
                        // Volume and number lines: their Roman numerals are checked.
                        numbers: find_numbers_in(&para.text, &para.chars, &rules.units)
                            .into_iter()
                            .filter(|n| n.unit.as_deref() == Some("roman"))
                            .collect(),
                        dates: find_dates(&para.text),
                    },
                );
            }
        }
        Ctx {
            issue_id,
            date,
            pages,
            articles,
            furniture,
            rules,
            settings,
            expect,
            article_of,
            values,
            misreads,
        }
    }

    /// The look-alike suspects of one paragraph.
    pub fn suspects(&self, r: ParaRef) -> &'a [Suspect] {
        self.misreads
            .get(r.page)
            .and_then(|p| p.get(r.para))
            .map_or(&[], Vec::as_slice)
    }

    pub fn enabled(&self, rule: &str) -> bool {
        self.settings.enabled(rule)
    }

    pub fn para(&self, r: ParaRef) -> &'a Paragraph {
        &self.pages[r.page].1[r.para]
    }

    pub fn page(&self, i: usize) -> &'a Page {
        &self.pages[i].0
    }

    /// Whether whitespace in this page's text is what the OCR printed
    /// (plain text), rather than a word boundary of the format (ALTO, hOCR).
    pub fn literal_whitespace(&self, page: usize) -> bool {
        self.pages[page].0.format == PageFormat::Text
    }

    /// The raw text (OCR spacing kept) behind characters `start..end` of a paragraph.
    pub fn raw(&self, r: ParaRef, start: usize, end: usize) -> String {
        self.para(r).raw_text(&self.pages[r.page].0, start, end)
    }

    /// The raw text of characters `start..end`, its lines joined with
    /// nothing: the whitespace left in it is the OCR's own, inside a line.
    pub fn raw_in_lines(&self, r: ParaRef, start: usize, end: usize) -> String {
        self.para(r)
            .raw_text_joined(&self.pages[r.page].0, start, end, "")
    }

    /// A hit on characters `start..end` of a paragraph.
    pub fn para_hit(
        &self,
        rule: &'static str,
        r: ParaRef,
        start: usize,
        end: usize,
        message: String,
        suggestion: Option<String>,
    ) -> Hit {
        let text = &self.para(r).chars;
        let (from, to) = (
            start.min(text.len()),
            end.clamp(start.min(text.len()), text.len()),
        );
        Hit {
            rule,
            page: r.page,
            at: Anchor::Para {
                para: r.para,
                char: start,
            },
            detail: Some(Box::new(HitDetail {
                excerpt: if self.literal_whitespace(r.page) && to > from {
                    self.raw(r, from, to)
                } else {
                    text[from..to].iter().collect()
                },
                context: context_around(text, from, to),
                message,
                suggestion,
                article: self.article_of.get(&r).copied(),
                tentative: false,
            })),
        }
    }

    /// A hit on `at.len` characters at column `at.col` of a raw line.
    pub fn line_hit(
        &self,
        rule: &'static str,
        at: LineSpan,
        message: String,
        suggestion: Option<String>,
        article: Option<usize>,
    ) -> Hit {
        let text = at.chars;
        let end = (at.col + at.len).min(text.len());
        let col = at.col.min(end);
        Hit {
            rule,
            page: at.page,
            at: Anchor::Line { line: at.line, col },
            detail: Some(Box::new(HitDetail {
                excerpt: text[col..end].iter().collect(),
                context: context_around(text, col, end),
                message,
                suggestion,
                article,
                tentative: false,
            })),
        }
    }

    /// A further hit of a grouped rule on a page that already has a full
    /// one: only its place counts (a grouped finding reports the first
    /// hit's text and the others' line and column), so nothing is
    /// formatted or copied for it. The seed page has 800 such hits.
    pub fn further_hit(&self, rule: &'static str, page: usize, line: usize, col: usize) -> Hit {
        debug_assert!(super::registry::rule(rule).is_some_and(|r| r.grouped));
        Hit {
            rule,
            page,
            at: Anchor::Line { line, col },
            detail: None,
        }
    }

    /// Article id per raw line of a page (the article of the paragraph the
    /// line belongs to).
    pub fn line_articles(&self, page: usize) -> Vec<Option<usize>> {
        let (pg, paras) = &self.pages[page];
        let mut out = vec![None; pg.lines.len()];
        for (pi, p) in paras.iter().enumerate() {
            if let Some(&id) = self.article_of.get(&ParaRef { page, para: pi }) {
                for slot in out.iter_mut().take(p.last_line + 1).skip(p.first_line) {
                    *slot = Some(id);
                }
            }
        }
        out
    }
}
