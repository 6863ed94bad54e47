//! Checks on raw lines, where the OCR's own characters and spacing matter:
//! spaces inside Chinese text, invalid characters, duplicated lines.

use super::context::LineSpan;
use super::{Ctx, Hit};
use crate::text::chars::{drop_space_between, is_cjk_strict, is_han};
use std::collections::HashMap;

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    for page in 0..ctx.pages.len() {
        let articles = ctx.line_articles(page);
        if ctx.enabled("space.cjk") && ctx.literal_whitespace(page) {
            spaces(ctx, page, &articles, out);
        }
        if ctx.enabled("char.invalid") {
            invalid(ctx, page, &articles, out);
        }
        if ctx.enabled("line.duplicate") {
            duplicates(ctx, page, &articles, out);
        }
    }
}

/// Raw positions where a space is typesetting, not damage: inside bylines
/// (`本报记者 孙克锋`) and datelines (`本报讯(记者 林金彦)`). Per line index,
/// the column up to which spaces are allowed.
fn credit_zones(ctx: &Ctx, page: usize) -> HashMap<usize, usize> {
    let mut zones = HashMap::new();
    let paras = &ctx.pages[page].1;
    for a in ctx.articles {
        for r in a
            .parts
            .iter()
            .filter(|r| r.page == page && !a.body.contains(r))
        {
            let p = &paras[r.para];
            for line in p.first_line..=p.last_line {
                zones.insert(line, usize::MAX);
            }
        }
        if let (Some(dl), Some(&first)) = (&a.dateline, a.body.first()) {
            if first.page == page && dl.chars > 0 {
                let p = &paras[first.para];
                let end = p.raw_pos(dl.chars - 1);
                for line in p.first_line..end.line {
                    zones.insert(line, usize::MAX);
                }
                let e = zones.entry(end.line).or_insert(0);
                *e = (*e).max(end.col);
            }
        }
    }
    zones
}

fn is_ascii_mark(c: char) -> bool {
    c.is_ascii_punctuation() && !matches!(c, '-' | '/' | '.' | '%' | '&' | '#' | '@' | '_')
}

fn spaces(ctx: &Ctx, page: usize, articles: &[Option<usize>], out: &mut Vec<Hit>) {
    let zones = credit_zones(ctx, page);
    // Lines run in order, so the first hit is the one the grouped finding shows.
    let mut detailed = false;
    for (li, line) in ctx.page(page).lines.iter().enumerate() {
        if !line.text.trim().contains(char::is_whitespace) {
            continue;
        }
        let chars: Vec<char> = line.text.chars().collect();
        let allowed_until = zones.get(&li).copied();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if start == 0 || i == chars.len() {
                continue; // indent or trailing space
            }
            if allowed_until.is_some_and(|until| start <= until) {
                continue;
            }
            let (b, a) = (chars[start - 1], chars[i]);
            // Chinese text: a CJK character or mark on one side at least.
            if !(is_cjk_strict(b) || is_cjk_strict(a)) {
                continue;
            }
            let inside = drop_space_between(b, a)
                || (is_han(b) && is_ascii_mark(a))
                || (is_ascii_mark(b) && is_han(a));
            if inside && detailed {
                out.push(ctx.further_hit("space.cjk", page, li, start));
            } else if inside {
                detailed = true;
                out.push(ctx.line_hit(
                    "space.cjk",
                    LineSpan {
                        page,
                        line: li,
                        chars: &chars,
                        col: start,
                        len: i - start,
                    },
                    format!("space between `{b}` and `{a}` in Chinese text"),
                    Some("remove the space".into()),
                    articles.get(li).copied().flatten(),
                ));
            }
        }
    }
}

fn invalid_kind(c: char) -> Option<&'static str> {
    match c {
        '\u{FFFD}' => Some("the replacement character U+FFFD (a character lost in decoding)"),
        '\t' => None,
        c if c.is_control() => Some("a control character"),
        '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}' => {
            Some("a private-use character (an OCR font glyph)")
        }
        _ => None,
    }
}

fn invalid(ctx: &Ctx, page: usize, articles: &[Option<usize>], out: &mut Vec<Hit>) {
    let mut detailed = false;
    for (li, line) in ctx.page(page).lines.iter().enumerate() {
        if !line.text.chars().any(|c| invalid_kind(c).is_some()) {
            continue;
        }
        let chars: Vec<char> = line.text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if invalid_kind(c).is_some() && detailed {
                out.push(ctx.further_hit("char.invalid", page, li, i));
            } else if let Some(kind) = invalid_kind(c) {
                detailed = true;
                out.push(ctx.line_hit(
                    "char.invalid",
                    LineSpan {
                        page,
                        line: li,
                        chars: &chars,
                        col: i,
                        len: 1,
                    },
                    format!("{kind}: U+{:04X}", c as u32),
                    Some("recover the character from the page image".into()),
                    articles.get(li).copied().flatten(),
                ));
            }
        }
    }
}

fn duplicates(ctx: &Ctx, page: usize, articles: &[Option<usize>], out: &mut Vec<Hit>) {
    let min_chars = ctx.settings.param("line.duplicate", "min_chars") as usize;
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (li, line) in ctx.page(page).lines.iter().enumerate() {
        let key: String = line.text.chars().filter(|c| !c.is_whitespace()).collect();
        if key.chars().count() < min_chars {
            continue;
        }
        match seen.get(&key) {
            Some(&first) => {
                let chars: Vec<char> = line.text.chars().collect();
                let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
                out.push(ctx.line_hit(
                    "line.duplicate",
                    LineSpan {
                        page,
                        line: li,
                        col: lead,
                        len: chars.len() - lead,
                        chars: &chars,
                    },
                    format!("line {} repeats line {first}", line.source_line),
                    Some("delete the repeated line".into()),
                    articles.get(li).copied().flatten(),
                ));
            }
            None => {
                seen.insert(key, line.source_line);
            }
        }
    }
}
