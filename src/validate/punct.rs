//! Punctuation: ASCII marks in Chinese text, and quotes or brackets left
//! unbalanced within an article.

use super::context::LineSpan;
use super::{Ctx, Hit};
use crate::parse::{Article, ParaRef};
use crate::text::chars::{is_cjk_strict, is_cjkish, is_digit};

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    if ctx.enabled("punct.halfwidth") {
        for page in 0..ctx.pages.len() {
            halfwidth(ctx, page, out);
        }
    }
    if ctx.enabled("punct.unbalanced") {
        for a in ctx.articles {
            unbalanced(ctx, a, out);
        }
    }
}

fn full_width(c: char, opening: bool) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        '"' if opening => '“',
        '"' => '”',
        '\'' if opening => '‘',
        '\'' => '’',
        _ => return None,
    })
}

/// The ASCII marks [`full_width`] has a full-width form for.
fn is_halfwidth_mark(b: u8) -> bool {
    matches!(
        b,
        b',' | b';' | b':' | b'(' | b')' | b'!' | b'?' | b'"' | b'\''
    )
}

/// Whether a line has any of those marks: a branch-free pass the compiler
/// vectorises, as most lines of Chinese text have none.
fn has_halfwidth_mark(text: &str) -> bool {
    text.bytes()
        .fold(false, |any, b| any | is_halfwidth_mark(b))
}

fn halfwidth(ctx: &Ctx, page: usize, out: &mut Vec<Hit>) {
    let articles = ctx.line_articles(page);
    // Lines run in order, so the first hit is the one the grouped finding shows.
    let mut detailed = false;
    for (li, line) in ctx.page(page).lines.iter().enumerate() {
        let text = line.text.as_str();
        if !has_halfwidth_mark(text) {
            continue;
        }
        // The marks are ASCII, so the line's bytes are searched for them
        // without decoding it, and the column counts the characters of the
        // stretch up to each (std's count, on a slice that ends at a mark). The neighbours of a mark are
        // looked up from it, a character or two away.
        let bytes = text.as_bytes();
        let (mut col, mut counted_to) = (0, 0);
        for at in (0..bytes.len()).filter(|&i| is_halfwidth_mark(bytes[i])) {
            col += text[counted_to..at].chars().count();
            counted_to = at;
            let c = char::from(bytes[at]);
            let before = text[..at].chars().next_back();
            let prev = text[..at].chars().rev().find(|c| !c.is_whitespace());
            let next = text[at + c.len_utf8()..]
                .chars()
                .find(|c| !c.is_whitespace());
            let cjk = |x: Option<char>| x.is_some_and(is_cjkish);
            let latin = |x: Option<char>| x.is_some_and(|c| c.is_ascii_alphabetic());
            // Chinese text: a CJK character or CJK punctuation next to it
            // (a dash or curly quote alone is English too).
            if !(prev.is_some_and(is_cjk_strict) || next.is_some_and(is_cjk_strict)) {
                continue;
            }
            // 10:30, 1,298: separators between digits are not Chinese punctuation.
            if matches!(c, ',' | ':') && prev.is_some_and(is_digit) && next.is_some_and(is_digit) {
                continue;
            }
            // An apostrophe between Latin letters is English (China's).
            if c == '\'' && (latin(prev) || latin(next)) {
                continue;
            }
            let opening = match c {
                '"' | '\'' => {
                    before.is_none_or(|p| p.is_whitespace() || "\"'“‘(（《".contains(p))
                        || (next.is_some()
                            && !cjk(prev)
                            && prev.is_none_or(|p| !p.is_alphanumeric()))
                }
                _ => false,
            };
            if detailed {
                out.push(ctx.further_hit("punct.halfwidth", page, li, col));
                continue;
            }
            detailed = true;
            let fix = full_width(c, opening).unwrap();
            let chars: Vec<char> = text.chars().collect();
            out.push(ctx.line_hit(
                "punct.halfwidth",
                LineSpan {
                    page,
                    line: li,
                    chars: &chars,
                    col,
                    len: 1,
                },
                format!("ASCII `{c}` in Chinese text"),
                Some(format!("write `{fix}`")),
                articles.get(li).copied().flatten(),
            ));
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Double,
    Single,
    Paren,
    Square,
    Book,
    Angle,
    Corner,
    WhiteCorner,
}

enum Mark {
    Open(Class),
    Close(Class),
    Toggle(Class),
}

/// The mark that closes a German low opening mark.
fn low_opener_closes_with(c: char) -> Option<char> {
    match c {
        '„' => Some('“'),
        '‚' => Some('‘'),
        _ => None,
    }
}

/// The mark `c` is, given its neighbours and the innermost open mark
/// (its class and character).
///
/// Quotes follow the language's convention: Chinese and English open with
/// `“` `‘` and close with `”` `’`; German opens with `„` `‚` and closes with
/// `“` `‘`, so `“` closes a quote that `„` opened. `’` between letters, or
/// after one with no single quote open, is an apostrophe (China's, the
/// Smiths’). Guillemets are not judged: OCR of English type reads specks
/// as `«` and `»` (thirty of each on one Chronicling America page).
fn mark(
    c: char,
    prev: Option<char>,
    next: Option<char>,
    open: Option<(Class, char)>,
) -> Option<Mark> {
    use Class::*;
    let latin = |x: Option<char>| x.is_some_and(|c| c.is_alphabetic() && !is_cjkish(c));
    let single_open = open.is_some_and(|(class, _)| class == Single);
    Some(match c {
        '„' => Mark::Open(Double),
        '“' if open == Some((Double, '„')) => Mark::Close(Double),
        '“' => Mark::Open(Double),
        '”' => Mark::Close(Double),
        '"' => Mark::Toggle(Double),
        '‚' => Mark::Open(Single),
        '‘' if open == Some((Single, '‚')) => Mark::Close(Single),
        '‘' => Mark::Open(Single),
        '’' if latin(prev) && (latin(next) || !single_open) => return None,
        '’' => Mark::Close(Single),
        '\'' => {
            // An apostrophe (China's) is no quote; an ASCII single quote
            // opens only next to Chinese text, and closes what it opened.
            if latin(prev) && latin(next) {
                return None;
            }
            if !(single_open || prev.is_some_and(is_cjkish) || next.is_some_and(is_cjkish)) {
                return None;
            }
            Mark::Toggle(Single)
        }
        '（' | '(' => Mark::Open(Paren),
        '）' | ')' => Mark::Close(Paren),
        '【' => Mark::Open(Square),
        '】' => Mark::Close(Square),
        '《' => Mark::Open(Book),
        '》' => Mark::Close(Book),
        '〈' => Mark::Open(Angle),
        '〉' => Mark::Close(Angle),
        '「' => Mark::Open(Corner),
        '」' => Mark::Close(Corner),
        '『' => Mark::Open(WhiteCorner),
        '』' => Mark::Close(WhiteCorner),
        _ => return None,
    })
}

struct Open {
    class: Class,
    at: ParaRef,
    char: usize,
    mark: char,
}

fn unbalanced(ctx: &Ctx, a: &Article, out: &mut Vec<Hit>) {
    let mut parts = a.parts.clone();
    parts.sort();
    let mut stack: Vec<Open> = Vec::new();
    let hint = Some("restore the missing mark from the page image".to_string());
    for r in parts {
        let text = &ctx.para(r).chars;
        // A quotation over several paragraphs reopens at each paragraph.
        if let (Some(top), Some(&first)) = (stack.last(), text.first()) {
            if top.class == Class::Double && matches!(first, '“' | '"' | '„') {
                stack.pop();
            }
        }
        for (i, &c) in text.iter().enumerate() {
            let prev = i.checked_sub(1).map(|k| text[k]);
            let next = text.get(i + 1).copied();
            // A German low opening mark counts only where its closing mark
            // follows in the paragraph: alone, `„` is a ditto mark in a
            // list (a nineteenth-century page has dozens) and `‚` a comma.
            if let Some(closer) = low_opener_closes_with(c) {
                if !text[i + 1..].contains(&closer) {
                    continue;
                }
            }
            let open = stack.last().map(|o| (o.class, o.mark));
            let Some(m) = mark(c, prev, next, open) else {
                continue;
            };
            match m {
                Mark::Open(class) => stack.push(Open {
                    class,
                    at: r,
                    char: i,
                    mark: c,
                }),
                Mark::Toggle(class) => {
                    if stack.last().is_some_and(|o| o.class == class) {
                        stack.pop();
                    } else {
                        stack.push(Open {
                            class,
                            at: r,
                            char: i,
                            mark: c,
                        });
                    }
                }
                Mark::Close(class) => {
                    if stack.last().is_some_and(|o| o.class == class) {
                        stack.pop();
                    } else if let Some(pos) = stack.iter().rposition(|o| o.class == class) {
                        // Everything opened after the match was never closed.
                        for o in stack.drain(pos + 1..).rev() {
                            out.push(ctx.para_hit(
                                "punct.unbalanced",
                                o.at,
                                o.char,
                                o.char + 1,
                                format!(
                                    "`{}` is not closed before `{c}` (article {})",
                                    o.mark, a.id
                                ),
                                hint.clone(),
                            ));
                        }
                        stack.pop();
                    } else if stack.last().is_some_and(|o| {
                        matches!(
                            (o.class, class),
                            (Class::Angle, Class::Paren) | (Class::Paren, Class::Angle)
                        )
                    }) {
                        let top = stack.pop().expect("checked above");
                        out.push(ctx.para_hit(
                            "punct.unbalanced",
                            top.at,
                            top.char,
                            top.char + 1,
                            format!(
                                "`{}` is closed by `{c}`: a misread bracket (article {})",
                                top.mark, a.id
                            ),
                            Some("write the pair as `（` … `）`".to_string()),
                        ));
                    } else {
                        out.push(ctx.para_hit(
                            "punct.unbalanced",
                            r,
                            i,
                            i + 1,
                            format!("`{c}` closes nothing (article {})", a.id),
                            hint.clone(),
                        ));
                    }
                }
            }
        }
    }
    for o in stack {
        out.push(ctx.para_hit(
            "punct.unbalanced",
            o.at,
            o.char,
            o.char + 1,
            format!("`{}` is never closed (article {})", o.mark, a.id),
            hint.clone(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::ruledocs::examples::run;
    use crate::validate::registry::Example;

    fn unbalanced(page: &'static str) -> Vec<String> {
        run(&Example { page, config: "" })
            .expect("example runs")
            .into_iter()
            .filter(|f| f.rule == "punct.unbalanced")
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn quotes_follow_each_languages_convention() {
        // Chinese and English: “…” and ‘…’; apostrophes are no quotes.
        assert!(unbalanced("标题\n\n本报讯 他说：“‘好’。”\n").is_empty());
        assert!(
            unbalanced("TITLE\n\nThe city’s mayor, the Smiths’ house: “a ‘fine’ day.”\n")
                .is_empty()
        );
        // German: „…“ and ‚…‘; French and German guillemets.
        assert!(unbalanced("TITEL\n\nDer Dampfer „Titanic“ sank, ‚so‘ hieß es.\n").is_empty());
        assert!(unbalanced("TITRE\n\nLe «Titanic» a coulé; der »Titanic« sank.\n").is_empty());
        // A low mark with no closing mark after it is a ditto mark or a
        // comma, not a quote: nothing to report.
        assert!(unbalanced("TITEL\n\nWeizen 12 Thlr., „ 14 Thlr., „ 15 Thlr.\n").is_empty());
        // Still reported: a quote never closed, or a closing mark alone.
        assert_eq!(
            unbalanced("TITEL\n\nEr sagte: „Nein.‘ Dann ging er.\n").len(),
            1
        );
        assert_eq!(unbalanced("标题\n\n本报讯 他说：“好。\n").len(), 1);
    }
}
