//! `page.read-across`: a page whose OCR read straight across its columns
//! (see [`crate::source::gutters`]). Every line then mixes the text of
//! neighbouring columns, so the page's articles, paragraphs and reading
//! order are lost, however well each character was read: a re-OCR with
//! the wrong page segmentation mode does exactly this, and the snapshot
//! diff of such a page is too shredded to read as one cause.

use super::config::RuleSettings;
use super::context::LineSpan;
use super::{Ctx, Hit};
use crate::source::gutters::Crossing;

const RULE: &str = "page.read-across";

/// Whether a page was read across its columns by the rule's thresholds as
/// set (whether the rule is on or not: the CER estimate asks too).
pub fn is_read_across(crossing: &Crossing, settings: &RuleSettings) -> bool {
    crossing.read_across(
        settings.param(RULE, "min_share"),
        settings.param(RULE, "min_lines") as usize,
    )
}

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    if !ctx.enabled(RULE) {
        return;
    }
    for page in 0..ctx.pages.len() {
        let lines = &ctx.page(page).lines;
        let crossing = Crossing::of(lines);
        let Some(first) = crossing.first else {
            continue;
        };
        if !is_read_across(&crossing, ctx.settings) {
            continue;
        }
        let chars: Vec<char> = lines[first].text.chars().collect();
        let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
        let articles = ctx.line_articles(page);
        out.push(ctx.line_hit(
            RULE,
            LineSpan {
                page,
                line: first,
                col: lead,
                len: chars.len() - lead,
                chars: &chars,
            },
            format!(
                "{} of {} lines ({:.0}%) cross a column gutter: the OCR read straight across \
                 the columns, so each line strings together pieces of neighbouring columns",
                crossing.crossing,
                crossing.lines,
                100.0 * crossing.share()
            ),
            Some(
                "re-run OCR with column detection (tesseract: --psm 3 or 1, not 6), then check \
                 the page again"
                    .into(),
            ),
            articles.get(first).copied().flatten(),
        ));
    }
}
