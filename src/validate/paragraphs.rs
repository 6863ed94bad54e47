//! Paragraph damage: broken paragraphs (the next one continues the
//! sentence), truncated ones (the continuation is lost), text displaced
//! into the middle of a paragraph, and interleaved pieces.

use super::{Ctx, Hit};
use crate::parse::{Article, ParaRef};
use crate::text::chars::is_han;
use crate::text::words::{tokens, word_across, word_across_join, WINDOW};

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    let wanted = ["para.broken", "para.truncated", "para.displaced"];
    for (k, a) in ctx.articles.iter().enumerate() {
        if wanted.iter().any(|r| ctx.enabled(r)) {
            sentences(ctx, a, out);
        }
        if ctx.enabled("para.interleaved") && a.headline.is_none() && a.note.is_some() && k > 0 {
            interleaved(ctx, &ctx.articles[k - 1], a, out);
        }
    }
}

/// The text with closing marks and trailing space removed from its end.
fn trim_closers<'t>(text: &'t str, closers: &str) -> &'t str {
    text.trim_end_matches(|c: char| c.is_whitespace() || closers.contains(c))
}

fn ends_sentence(ctx: &Ctx, text: &str) -> bool {
    let v = &ctx.rules.profile.validation;
    match trim_closers(text, &v.closers).chars().last() {
        Some(c) => v.sentence_ends.contains(c) || matches!(c, ':' | '：'),
        None => true,
    }
}

/// A short unpunctuated line inside the body: a crosshead, not a sentence.
fn is_crosshead(ctx: &Ctx, text: &str, chars: usize) -> bool {
    let h = &ctx.rules.profile.headline;
    let ends = &ctx.rules.profile.validation.sentence_ends;
    chars <= h.max_chars
        && !text
            .chars()
            .any(|c| h.clause_marks.contains(c) || h.not_final.contains(c) || ends.contains(c))
}

/// A paragraph that ends with a quoted word (`…上了履新"第一课"`) may be a
/// complete sentence whose full stop the OCR dropped: too weak to call
/// truncated.
fn ends_with_quote(ctx: &Ctx, text: &str) -> bool {
    let t = text.trim_end();
    t.chars()
        .last()
        .is_some_and(|c| ctx.rules.profile.validation.closers.contains(c))
}

/// Why `next` continues the sentence `prev` leaves open, if it does.
fn continuation(ctx: &Ctx, prev: &str, next: &str) -> Option<String> {
    let v = &ctx.rules.profile.validation;
    let first = next.chars().next()?;
    // `之年` continues, `着眼于` begins: the initial must stand alone as a word.
    let stands_alone = || {
        let window: String = next.chars().take(6).collect();
        tokens(&window)
            .first()
            .is_none_or(|&(s, e)| (s, e) == (0, 1))
    };
    if v.continuation_initials.contains(first) && (!is_han(first) || stands_alone()) {
        return Some(format!(
            "it starts with `{first}`, which cannot begin a sentence"
        ));
    }
    let last = trim_closers(prev, "").chars().last()?;
    if is_han(last) && is_han(first) {
        if let Some(word) = word_across_join(prev, next) {
            return Some(format!("the break splits the word `{word}`"));
        }
    }
    // A one- or two-character sentence (`问题。`) is the tail of another.
    let head: Vec<char> = next.chars().take(4).collect();
    if let Some(end) = head.iter().position(|c| v.sentence_ends.contains(*c)) {
        if (1..=2).contains(&end) && head[..end].iter().all(|&c| is_han(c)) {
            let frag: String = head[..=end].iter().collect();
            return Some(format!("it starts with the fragment `{frag}`"));
        }
    }
    None
}

fn tail(text: &str, n: usize) -> String {
    let mut last: Vec<char> = text.chars().rev().take(n).collect();
    last.reverse();
    last.into_iter().collect()
}

fn head(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

fn line_of(ctx: &Ctx, r: ParaRef) -> u32 {
    let p = ctx.para(r);
    ctx.page(r.page).lines[p.first_line].source_line
}

fn sentences(ctx: &Ctx, a: &Article, out: &mut Vec<Hit>) {
    let body = &a.body;
    // Paragraphs whose open end is explained by displaced text found elsewhere.
    let mut explained: Vec<ParaRef> = Vec::new();
    let mut hits: Vec<(ParaRef, Hit)> = Vec::new();
    for (k, &r) in body.iter().enumerate() {
        let p = ctx.para(r);
        let next = body.get(k + 1).copied();
        let next_text = next.map(|n| ctx.para(n).text.as_str());
        if ends_sentence(ctx, &p.text) {
            if let (Some(n), Some(nt)) = (next, next_text) {
                if let Some((hit_broken, hit_displaced, dest)) = displaced(ctx, a, k, r, n, nt) {
                    hits.push((r, hit_broken));
                    hits.push((r, hit_displaced));
                    explained.extend(dest);
                }
            }
            continue;
        }
        let end = trim_closers(&p.text, "").chars().count();
        let last = end.saturating_sub(1);
        match next_text.and_then(|nt| continuation(ctx, &p.text, nt)) {
            Some(why) => {
                let n = next.unwrap();
                hits.push((
                    r,
                    ctx.para_hit(
                        "para.broken",
                        r,
                        last,
                        end,
                        format!(
                            "paragraph ends mid-sentence (`…{}`) and the next paragraph (line {}, `{}…`) continues it: {why}",
                            tail(&p.text, 6),
                            line_of(ctx, n),
                            head(next_text.unwrap(), 6)
                        ),
                        Some(format!("join it with the paragraph at line {}", line_of(ctx, n))),
                    ),
                ));
            }
            None if !is_crosshead(ctx, &p.text, p.chars.len())
                && !ends_with_quote(ctx, &p.text) =>
            {
                hits.push((
                    r,
                    ctx.para_hit(
                        "para.truncated",
                        r,
                        last,
                        end,
                        format!(
                            "paragraph ends mid-sentence (`…{}`); its continuation is missing",
                            tail(&p.text, 8)
                        ),
                        Some("restore the lost text from the page image".into()),
                    ),
                ));
            }
            None => {}
        }
    }
    for (r, hit) in hits {
        if hit.rule == "para.truncated" && explained.contains(&r) {
            continue;
        }
        out.push(hit);
    }
}

/// Text read out of order into paragraph `r`: `r` ends a sentence, but the
/// next paragraph starts mid-word, and that word began at a break inside
/// `r` (a former line end). Returns the broken and displaced hits, and the
/// paragraph the displaced text probably ends.
fn displaced(
    ctx: &Ctx,
    a: &Article,
    k: usize,
    r: ParaRef,
    n: ParaRef,
    next_text: &str,
) -> Option<(Hit, Hit, Option<ParaRef>)> {
    let p = ctx.para(r);
    // The next paragraph must start with a one-character token.
    let window: String = next_text.chars().take(6).collect();
    let first = tokens(&window).into_iter().next()?;
    if first != (0, 1) || !next_text.chars().next().is_some_and(is_han) {
        return None;
    }
    let chars = &p.chars;
    let next_head: Vec<char> = next_text.chars().take(WINDOW).collect();
    // Former line ends inside the paragraph: the raw position jumps, which
    // it can only do where a run of the offset map starts.
    let mut best = None;
    let last = chars.len().saturating_sub(4);
    for s in p.raw_breaks().filter(|&s| (2..last).contains(&s)) {
        let (a0, b0) = (p.raw_pos(s - 1), p.raw_pos(s));
        let jump = a0.line != b0.line || b0.col != a0.col + 1;
        if !jump || !is_han(chars[s - 1]) {
            continue;
        }
        let (left, right) = chars.split_at(s);
        // The text before the break must join the next paragraph in a word
        // (asked first: it rarely does, and each question segments a few
        // characters with jieba). A break inside a word of the paragraph
        // itself (`施 工`) is only a line end: the text after it belongs there.
        let Some(word) = word_across(left, &next_head) else {
            continue;
        };
        if word_across(left, right).is_none() {
            best = Some((s, word));
        }
    }
    let (s, word) = best?;
    let moved: String = chars[s..].iter().collect();
    let left_tail: String = chars[s.saturating_sub(6)..s].iter().collect();
    // Where the displaced sentence probably belongs: a later paragraph of
    // the article that ends mid-sentence.
    let dest = a.body[k + 1..]
        .iter()
        .copied()
        .find(|&d| !ends_sentence(ctx, &ctx.para(d).text));
    let broken = ctx.para_hit(
        "para.broken",
        r,
        s - 1,
        s,
        format!(
            "paragraph breaks mid-word at `…{left_tail}`; the next paragraph (line {}, `{}…`) continues it: the break splits the word `{word}`",
            line_of(ctx, n),
            head(next_text, 6)
        ),
        Some(format!("join `…{left_tail}` with the paragraph at line {}", line_of(ctx, n))),
    );
    let suggestion = match dest {
        Some(d) => format!(
            "move it after `…{}` (line {}), where a sentence is left open, and join the paragraphs",
            tail(&ctx.para(d).text, 6),
            line_of(ctx, d)
        ),
        None => "move it to where it belongs and join the paragraphs".to_string(),
    };
    let displaced = ctx.para_hit(
        "para.displaced",
        r,
        s,
        chars.len(),
        format!(
            "`{}` interrupts the sentence `…{left_tail}|{}…`: text read out of order",
            short(&moved, 20),
            head(next_text, 4)
        ),
        Some(suggestion),
    );
    Some((broken, displaced, dest))
}

fn short(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count <= n {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(n).collect::<String>())
    }
}

fn interleaved(ctx: &Ctx, host: &Article, unit: &Article, out: &mut Vec<Hit>) {
    let Some(&first) = unit.body.first() else {
        return;
    };
    let lines: Vec<String> = unit
        .body
        .iter()
        .map(|&r| line_of(ctx, r).to_string())
        .collect();
    let n = ctx.para(first).chars.len().min(12);
    out.push(ctx.para_hit(
        "para.interleaved",
        first,
        0,
        n,
        format!(
            "paragraphs at lines {} belong to another piece but were read between the paragraphs of article {} (`{}`)",
            lines.join(", "),
            host.id,
            host.headline.as_deref().unwrap_or("untitled")
        ),
        Some("fix the reading order of the page's columns; the paragraphs were moved to an untitled unit".into()),
    ));
}
