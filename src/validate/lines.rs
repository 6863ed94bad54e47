//! Checks on raw lines, where the OCR's own characters and spacing matter:
//! spaces inside Chinese text, invalid characters, duplicated lines.

use super::context::LineSpan;
use super::{Ctx, Hit};
use crate::parse::ParaRef;
use crate::text::chars::{drop_space_between, is_cjk_strict, is_cjkish, is_han, is_white};
use std::collections::HashMap;

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    let zones = if ctx.enabled("space.cjk") {
        typeset_zones(ctx)
    } else {
        vec![HashMap::new(); ctx.pages.len()]
    };
    for (page, zones) in zones.iter().enumerate() {
        let articles = ctx.line_articles(page);
        if ctx.enabled("space.cjk") && ctx.literal_whitespace(page) {
            spaces(ctx, page, zones, &articles, out);
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
/// (`本报记者 孙克锋`), datelines (`本报讯(记者 林金彦)`) and the space that
/// sets a dateline off from its text (`新华社郑州3月14日电 眼下…`), and in
/// page furniture (`2022年7月5日 星期二 第3版`). Per page, per line index,
/// the column up to which spaces are allowed. Built for every page in one
/// pass over the articles: an issue of thousands of pages may be one long
/// untitled article, and a pass per page was quadratic.
fn typeset_zones(ctx: &Ctx) -> Vec<HashMap<usize, usize>> {
    let mut zones: Vec<HashMap<usize, usize>> = vec![HashMap::new(); ctx.pages.len()];
    let mut whole_lines = |page: usize, first: usize, last: usize| {
        for line in first..=last {
            zones[page].insert(line, usize::MAX);
        }
    };
    for (page, furniture) in ctx.furniture.iter().enumerate() {
        let paras = &ctx.pages[page].1;
        for &f in furniture {
            whole_lines(page, paras[f].first_line, paras[f].last_line);
        }
    }
    for a in ctx.articles {
        let body: std::collections::HashSet<&ParaRef> = a.body.iter().collect();
        for r in a.parts.iter().filter(|r| !body.contains(r)) {
            let p = &ctx.pages[r.page].1[r.para];
            whole_lines(r.page, p.first_line, p.last_line);
        }
    }
    for a in ctx.articles {
        if let (Some(dl), Some(&first)) = (&a.dateline, a.body.first()) {
            if dl.chars > 0 {
                let p = &ctx.pages[first.page].1[first.para];
                let end = p.raw_pos(dl.chars - 1);
                let page = &mut zones[first.page];
                for line in p.first_line..end.line {
                    page.insert(line, usize::MAX);
                }
                // The space after a dispatch's `电` or unbracketed credits
                // (`本报讯 记者 张三 今天…`) sets the text off; after a
                // date that starts the first sentence (`6月30日 早上`) or
                // a closing bracket (`（记者 张三） 今天`) it is damage.
                let closes = &ctx.rules.profile.dateline.close_brackets;
                let gap = usize::from(
                    !dl.text.ends_with(['日', '号'])
                        && !dl.text.chars().last().is_some_and(|c| closes.contains(c)),
                );
                let e = page.entry(end.line).or_insert(0);
                *e = (*e).max(end.col + gap);
            }
        }
    }
    zones
}

fn is_ascii_mark(c: char) -> bool {
    c.is_ascii_punctuation() && !matches!(c, '-' | '/' | '.' | '%' | '&' | '#' | '@' | '_')
}

fn spaces(
    ctx: &Ctx,
    page: usize,
    zones: &HashMap<usize, usize>,
    articles: &[Option<usize>],
    out: &mut Vec<Hit>,
) {
    // Lines run in order, so the first hit is the one the grouped finding shows.
    let mut detailed = false;
    for (li, line) in ctx.page(page).lines.iter().enumerate() {
        if !line.text.trim().contains(is_white) {
            continue;
        }
        let allowed_until = zones.get(&li).copied();
        // One pass over the characters, without copying the line: runs of
        // whitespace with the characters either side. `col` counts chars.
        let mut prev: Option<char> = None;
        let mut run: Option<(usize, char)> = None; // start column, char before
        for (col, c) in line.text.chars().enumerate() {
            if is_white(c) {
                // A run starts after a visible character; an indent (no
                // character before it) never starts one.
                if let Some(b) = prev.filter(|&b| !is_white(b)) {
                    run = Some((col, b));
                }
                prev = Some(c);
                continue;
            }
            prev = Some(c);
            let Some((start, b)) = run.take() else {
                continue;
            };
            let a = c;
            if allowed_until.is_some_and(|until| start <= until) {
                continue;
            }
            // Chinese text: a CJK character or mark on one side at least,
            // or marks between Chinese words (`说: “我`, `了! ”`, `) 。`).
            let inside = ((is_cjk_strict(b) || is_cjk_strict(a))
                && (drop_space_between(b, a)
                    || (is_han(b) && is_ascii_mark(a))
                    || (is_ascii_mark(b) && is_han(a))))
                || between_chinese_marks(&line.text, start, col, b, a);
            if inside && detailed {
                out.push(ctx.further_hit("space.cjk", page, li, start));
            } else if inside {
                detailed = true;
                let chars: Vec<char> = line.text.chars().collect();
                out.push(ctx.line_hit(
                    "space.cjk",
                    LineSpan {
                        page,
                        line: li,
                        chars: &chars,
                        col: start,
                        len: col - start,
                    },
                    format!("space between `{b}` and `{a}` in Chinese text"),
                    Some("remove the space".into()),
                    articles.get(li).copied().flatten(),
                ));
            }
        }
    }
}

/// A punctuation mark, ASCII or CJK, as OCR reads the marks of Chinese
/// text (`:` for `：`, `“`, `）`, `>` for `〉`).
fn is_text_mark(c: char) -> bool {
    !c.is_alphanumeric() && !is_white(c) && (is_ascii_mark(c) || is_cjkish(c))
}

/// How far past marks the context of a space is looked for.
const MARK_CONTEXT: usize = 4;

/// Whether the whitespace at chars `start..end` of `text` sits among
/// punctuation marks inside Chinese text: a mark on one side of it, marks
/// or Chinese characters on the other, and past the marks a Chinese
/// character on one side and a Chinese character or the line's edge on
/// the other (`喊道: “我`, `中国! ”`, `“” “基层`). Chinese sets no space
/// beside a mark; the same marks between Latin words (`said: "We`) are
/// left alone, as is a space beside a digit or a Latin letter.
/// `b` and `a` are the characters either side of the whitespace.
fn between_chinese_marks(text: &str, start: usize, end: usize, b: char, a: char) -> bool {
    if !(is_text_mark(b) || is_text_mark(a))
        || !(is_text_mark(b) || is_han(b))
        || !(is_text_mark(a) || is_han(a))
    {
        return false;
    }
    let chars: Vec<char> = text.chars().collect();
    // The first character that is not a mark or a space, each way:
    // `Some(Some(c))`, `Some(None)` at the line's edge, `None` if only
    // marks lie within reach.
    let word = |it: &mut dyn Iterator<Item = char>| -> Option<Option<char>> {
        let mut marks = 0;
        for c in it {
            if is_white(c) {
                continue;
            }
            if !is_text_mark(c) {
                return Some(Some(c));
            }
            marks += 1;
            if marks > MARK_CONTEXT {
                return None;
            }
        }
        Some(None)
    };
    let (Some(left), Some(right)) = (
        word(&mut chars[..start].iter().rev().copied()),
        word(&mut chars[end..].iter().copied()),
    ) else {
        return false;
    };
    let chinese_or_edge = |w: Option<char>| w.is_none_or(is_han);
    chinese_or_edge(left) && chinese_or_edge(right) && (left.is_some() || right.is_some())
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

/// Whether a line's UTF-8 bytes could encode a character `invalid_kind`
/// reports, judged on bytes (every line of every page passes here): C0
/// controls and DEL are single bytes, C1 controls start with `C2`, the
/// private-use area U+E000–U+F8FF starts with `EE` or `EF 80`–`EF A3`,
/// U+FFFD is `EF BF BD`, and the supplementary private-use planes start
/// with `F3` or `F4`. A line without any of these is clean.
///
/// Each byte is judged with its successor, without branches or an early
/// exit, so that the compiler can vectorise the scan.
fn may_hold_invalid(text: &str) -> bool {
    let b = text.as_bytes();
    let Some(&last) = b.last() else {
        return false;
    };
    let suspect = |x: u8| (x < 0x20 && x != b'\t') | matches!(x, 0x7F | 0xC2 | 0xEE | 0xF3 | 0xF4);
    let mut any = suspect(last);
    for (&x, &next) in b.iter().zip(&b[1..]) {
        any |= suspect(x) | (x == 0xEF && (matches!(next, 0x80..=0xA3) | (next == 0xBF)));
    }
    any
}

fn invalid(ctx: &Ctx, page: usize, articles: &[Option<usize>], out: &mut Vec<Hit>) {
    let mut detailed = false;
    for (li, line) in ctx.page(page).lines.iter().enumerate() {
        if !may_hold_invalid(&line.text) || !line.text.chars().any(|c| invalid_kind(c).is_some()) {
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

/// The characters of a line that a duplicate must repeat: all but
/// whitespace (OCR spaces the same line differently).
fn visible(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|&c| !is_white(c))
}

/// A hash of a line's visible characters (FNV-1a) and their count, in one
/// pass: lines are keyed without copying them, and equal hashes are
/// confirmed on the characters.
fn visible_hash(text: &str) -> (u64, usize) {
    visible(text).fold((0xcbf29ce484222325, 0), |(h, n), c| {
        ((h ^ c as u64).wrapping_mul(0x100000001b3), n + 1)
    })
}

fn duplicates(ctx: &Ctx, page: usize, articles: &[Option<usize>], out: &mut Vec<Hit>) {
    let min_chars = ctx.settings.param("line.duplicate", "min_chars") as usize;
    let lines = &ctx.page(page).lines;
    // Visible-character hash → indices of the distinct lines with it.
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
    for (li, line) in lines.iter().enumerate() {
        // A line is never shorter in bytes than in characters: most short
        // lines are skipped before anything is counted.
        if line.text.len() < min_chars {
            continue;
        }
        let (hash, count) = visible_hash(&line.text);
        if count < min_chars {
            continue;
        }
        let same = seen.entry(hash).or_default();
        match same
            .iter()
            .find(|&&k| visible(&lines[k].text).eq(visible(&line.text)))
        {
            Some(&k) => {
                let first = lines[k].source_line;
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
            None => same.push(li),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ruledocs::examples::run;
    use crate::validate::registry::Example;

    fn space_hits(page: &'static str) -> Vec<(u32, u32, usize)> {
        run(&Example { page, config: "" })
            .expect("example runs")
            .into_iter()
            .filter(|f| f.rule == "space.cjk")
            .map(|f| (f.line, f.column, f.count))
            .collect()
    }

    /// The byte prefilter never hides a character the check reports: every
    /// Unicode scalar value is tried.
    #[test]
    fn the_byte_prefilter_passes_every_invalid_character() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if super::invalid_kind(c).is_some() {
                assert!(
                    super::may_hold_invalid(c.encode_utf8(&mut buf)),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        assert!(!super::may_hold_invalid(
            "今年以来，全市新增“企业”12.5万户。"
        ));
    }

    #[test]
    fn indents_and_trailing_spaces_are_not_spaces_inside_text() {
        let page =
            "标题文字在这里\n\n    今年以来全市新增企业很多。   \n\n  　第二段文字也在这里。\n";
        assert_eq!(space_hits(page), vec![]);
    }

    #[test]
    fn a_line_repeated_with_other_spacing_is_a_duplicate() {
        let page = "标题文字在这里\n\n市政协召开全体会议部署今年工作\n\n市政协召开全体会议 部署今年工作\n\n好\n\n好\n";
        let found: Vec<(u32, String)> = run(&Example { page, config: "" })
            .expect("example runs")
            .into_iter()
            .filter(|f| f.rule == "line.duplicate")
            .map(|f| (f.line, f.message))
            .collect();
        assert_eq!(found, vec![(5, "line 5 repeats line 3".to_string())]);
    }

    #[test]
    fn the_byte_test_lets_no_invalid_character_through() {
        let samples = [
            '\u{0}',
            '\u{1}',
            '\u{1F}',
            '\u{7F}',
            '\u{80}',
            '\u{9F}',
            '\u{E000}',
            '\u{F8FF}',
            '\u{FFFD}',
            '\u{F0000}',
            '\u{10FFFD}',
        ];
        for c in samples {
            assert!(super::invalid_kind(c).is_some(), "{c:?}");
            for text in [
                format!("{c}"),
                format!("文字{c}"),
                format!("{c}，文字"),
                format!("a{c}b"),
            ] {
                assert!(super::may_hold_invalid(&text), "{text:?}");
            }
        }
        for clean in [
            "聊城日报，记者“张三”报道。",
            "Tab\tand text",
            "ﾟ～",
            "",
            "\u{F900}",
        ] {
            assert!(!super::may_hold_invalid(clean), "{clean:?}");
        }
    }

    #[test]
    fn a_space_inside_chinese_text_is_found_at_its_column() {
        // Line 3: `    今年 以来…` — the run starts at column 7 (1-based), after 年.
        let page = "标题文字在这里\n\n    今年  以来全市新增企业 很多。\n";
        assert_eq!(space_hits(page), vec![(3, 7, 2)]);
    }

    /// Tesseract sets a space after a mark it read in its ASCII form and
    /// before a quote: inside Chinese text each one is damage.
    #[test]
    fn a_space_beside_marks_in_chinese_text_is_found() {
        for (line, col) in [
            ("他大声喊道: “我要坐火车去北京。", 7),
            ("村民们说：“日子越过越好了! ”大家都笑了。", 15),
            ("他说的是“结果” “效果”的区别。", 9),
            ("全市新增企业(以下简称新企业) 。", 16),
            ("“” “基层减负年”让干部轻装上阵。", 3),
        ] {
            let page = format!("标题文字在这里\n\n{line}\n");
            let page: &'static str = Box::leak(page.into_boxed_str());
            assert_eq!(space_hits(page), vec![(3, col, 1)], "{line}");
        }
    }

    /// The same marks between Latin words, or beside a digit, are left alone.
    #[test]
    fn a_space_beside_marks_between_latin_words_is_not_chinese() {
        for line in [
            "标题文字在这里：He said: \"We will go.\" Then left.",
            "会议在2019年召开，代表说 COVID-19: “很重要”。",
        ] {
            let page = format!("标题文字在这里\n\n{line}\n");
            let page: &'static str = Box::leak(page.into_boxed_str());
            assert_eq!(space_hits(page), vec![], "{line}");
        }
    }

    /// A dateline's bracketed credits end the dateline; the text follows
    /// them without a space. Unbracketed credits are set off by one.
    #[test]
    fn the_space_after_bracketed_credits_is_damage_after_bare_ones_it_is_not() {
        let page = "标题文字在这里\n\n本报讯(记者 张燕) 今年以来全市新增企业很多。\n";
        assert_eq!(space_hits(page), vec![(3, 11, 1)]);
        let page = "标题文字在这里\n\n新华社北京2月13日电 近日，全市新增企业很多。\n";
        assert_eq!(space_hits(page), vec![]);
    }
}
