//! Findings as compiler-style diagnostics:
//!
//! ```text
//! warning[para.broken]: paragraph ends mid-sentence (`…政协的开局`) and …
//!   --> corpus/liaocheng-daily/2022-07-05/p01.txt:13:14
//!    |
//! 13 | 今年是十四届聊城市政协的开局
//!    |                         ^^
//!    = help: join it with the paragraph at line 15
//! ```
//!
//! The caret is placed by display width, so it sits under the right
//! character in CJK text (two columns per ideograph). Long lines are cut to
//! a window around the finding. Styles are ANSI codes; print through
//! `anstream`, which drops them in pipes and when `NO_COLOR` is set.

use super::{Finding, Severity};
use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthChar;

/// Characters of source shown either side of the finding on long lines.
const WINDOW: usize = 24;

fn width(c: char) -> usize {
    if c == '\t' {
        1
    } else if crate::escape::is_unsafe(c) {
        crate::escape::escaped(c).len()
    } else {
        c.width().unwrap_or(0)
    }
}

fn severity_style(s: Severity) -> Style {
    let color = match s {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

/// Renders one finding with ANSI styles; `path` is how to show its page file.
pub fn render(f: &Finding, path: &str) -> String {
    render_with(f, path, true)
}

/// Renders one finding, with ANSI styles only if `color` (writing plain
/// text is cheaper than writing styles for `anstream` to strip again).
pub fn render_with(f: &Finding, path: &str, color: bool) -> String {
    let mut out = String::with_capacity(256);
    render_into(&mut out, f, path, color);
    out
}

/// Appends the decimal digits of `n`: the core of formatting a number,
/// without the formatting machinery (a corpus prints millions of them).
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits.
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// [`render_with`], appended to `out`: a corpus prints hundreds of
/// thousands of these, and per-piece allocations were most of the cost.
pub fn render_into(out: &mut String, f: &Finding, path: &str, color: bool) {
    use std::fmt::Write;
    // A styled piece: the style's codes around it, when in colour.
    let styled = |out: &mut String, style: Style, piece: &dyn Fn(&mut String)| {
        if color {
            let _ = write!(out, "{}", style.render());
        }
        piece(out);
        if color {
            let _ = write!(out, "{}", style.render_reset());
        }
    };
    let spaces = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
    let sev = severity_style(f.severity);
    let blue = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
    let bold = Style::new().bold();
    styled(out, sev, &|out| {
        out.push_str(f.severity.as_str());
        out.push('[');
        out.push_str(&f.rule);
        out.push(']');
    });
    styled(out, bold, &|out| out.push(':'));
    out.push(' ');
    styled(out, bold, &|out| {
        out.push_str(&crate::escape::visible(&f.message))
    });
    out.push('\n');
    let gutter = f.line.checked_ilog10().unwrap_or(0) as usize + 1;
    spaces(out, gutter);
    styled(out, blue, &|out| out.push_str("-->"));
    out.push(' ');
    out.push_str(&crate::escape::visible(path));
    out.push(':');
    push_number(out, f.line as usize);
    out.push(':');
    push_number(out, f.column as usize);
    out.push('\n');
    if let Some(source) = &f.source {
        // One pass over the line, without collecting it: the window shown,
        // the caret's offset and its width, in display columns.
        let n = source.chars().count();
        let col = (f.column as usize).saturating_sub(1).min(n);
        let len = f.excerpt.chars().count().max(1);
        let from = col.saturating_sub(WINDOW);
        let to = (col + len + WINDOW).min(n);
        spaces(out, gutter);
        out.push(' ');
        styled(out, blue, &|out| out.push('|'));
        out.push('\n');
        styled(out, blue, &|out| push_number(out, f.line as usize));
        out.push(' ');
        styled(out, blue, &|out| out.push('|'));
        out.push(' ');
        let mut caret_at = 0;
        let mut caret_width = 0;
        if from > 0 {
            out.push('…');
            caret_at += width('…');
        }
        // The window goes in as one slice; a tab shows as a space (one
        // column, as `width` counts it).
        let (mut start_byte, mut end_byte) = (source.len(), source.len());
        for (i, (b, c)) in source.char_indices().enumerate() {
            if i == from {
                start_byte = b;
            }
            if i == to {
                end_byte = b;
                break;
            }
            if i < from {
                continue;
            }
            if i < col {
                caret_at += width(c);
            } else if i < col + len {
                caret_width += width(c);
            }
        }
        let window = &source[start_byte.min(end_byte)..end_byte];
        // A tab shows as a space, other control characters as escapes
        // (page text must not drive the terminal), as `width` counts them.
        if window
            .chars()
            .any(|c| c == '\t' || crate::escape::is_unsafe(c))
        {
            for c in window.chars() {
                match c {
                    '\t' => out.push(' '),
                    c if crate::escape::is_unsafe(c) => out.push_str(&crate::escape::escaped(c)),
                    c => out.push(c),
                }
            }
        } else {
            out.push_str(window);
        }
        if to < n {
            out.push('…');
        }
        out.push('\n');
        spaces(out, gutter);
        out.push(' ');
        styled(out, blue, &|out| out.push('|'));
        out.push(' ');
        spaces(out, caret_at);
        styled(out, sev, &|out| {
            out.extend(std::iter::repeat_n('^', caret_width.max(1)));
        });
        out.push('\n');
    }
    if let Some(s) = &f.suggestion {
        spaces(out, gutter);
        out.push(' ');
        styled(out, blue, &|out| out.push_str("= help:"));
        out.push(' ');
        out.push_str(&crate::escape::visible(s));
        out.push('\n');
    }
    if f.count > 1 {
        spaces(out, gutter);
        out.push(' ');
        styled(out, blue, &|out| out.push_str("= note:"));
        out.push_str(" also at ");
        let shown = &f.more[..f.more.len().min(crate::validate::MORE_LOCATIONS)];
        for (k, l) in shown.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            push_number(out, l.line as usize);
            out.push(':');
            push_number(out, l.column as usize);
        }
        let rest = f.count.saturating_sub(1 + shown.len());
        if rest > 0 {
            out.push_str(" and ");
            push_number(out, rest);
            out.push_str(" more");
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn caret_sits_under_the_cjk_character() {
        let f = Finding {
            rule: "space.cjk".into(),
            severity: Severity::Warning,
            message: "space between `实` and `发` in Chinese text".into(),
            page: "p01.txt".into(),
            line: 7,
            column: 4,
            excerpt: " ".into(),
            suggestion: Some("remove the space".into()),
            article: None,
            count: 1,
            more: vec![],
            fingerprint: "0".into(),
            source: Some("\"切实 发挥".into()),
        };
        let text = strip(&render(&f, "corpus/p01.txt"));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "warning[space.cjk]: space between `实` and `发` in Chinese text"
        );
        assert_eq!(lines[1], " --> corpus/p01.txt:7:4");
        assert_eq!(lines[3], "7 | \"切实 发挥");
        // `"` is 1 column, 切 and 实 2 each: the caret is 5 columns in.
        assert_eq!(lines[4], "  |      ^");
        assert_eq!(lines[5], "  = help: remove the space");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_and_tabs_show_as_spaces() {
        let source = format!("{}\t错字{}", "甲".repeat(40), "乙".repeat(40));
        let f = Finding {
            rule: "char.lookalike".into(),
            severity: Severity::Error,
            message: "m".into(),
            page: "p01.txt".into(),
            line: 12,
            column: 42,
            excerpt: "错字".into(),
            suggestion: None,
            article: None,
            count: 3,
            more: vec![crate::location::Location {
                line: 13,
                column: 1,
            }],
            fingerprint: "0".into(),
            source: Some(source),
        };
        let text = render_with(&f, "p01.txt", false);
        let lines: Vec<&str> = text.lines().collect();
        let window = format!("…{} 错字{}…", "甲".repeat(23), "乙".repeat(24));
        assert_eq!(lines[3], format!("12 | {window}"));
        // The ellipsis is 1 column, 23 ideographs 46 and the tab 1.
        assert_eq!(lines[4], format!("   | {}^^^^", " ".repeat(48)));
        assert_eq!(lines[5], "   = note: also at 13:1 and 1 more");
        assert_eq!(strip(&render(&f, "p01.txt")), text);
    }
}
