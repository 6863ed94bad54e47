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
    } else {
        c.width().unwrap_or(0)
    }
}

fn paint(color: bool, style: Style, text: &str) -> String {
    if color {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
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
    let sev = severity_style(f.severity);
    let blue = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
    let bold = Style::new().bold();
    let mut out = String::new();
    out.push_str(&format!(
        "{}{} {}\n",
        paint(color, sev, &format!("{}[{}]", f.severity, f.rule)),
        paint(color, bold, ":"),
        paint(color, bold, &f.message)
    ));
    let gutter = f.line.to_string().len();
    let pad = " ".repeat(gutter);
    out.push_str(&format!(
        "{pad}{} {path}:{}:{}\n",
        paint(color, blue, "-->"),
        f.line,
        f.column
    ));
    if let Some(source) = &f.source {
        let chars: Vec<char> = source
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let col = (f.column as usize).saturating_sub(1).min(chars.len());
        let len = f.excerpt.chars().count().max(1);
        let from = col.saturating_sub(WINDOW);
        let to = (col + len + WINDOW).min(chars.len());
        let mut shown = String::new();
        let mut caret_at = 0;
        if from > 0 {
            shown.push('…');
            caret_at += width('…');
        }
        for (i, &c) in chars[from..to].iter().enumerate() {
            if from + i < col {
                caret_at += width(c);
            }
            shown.push(c);
        }
        if to < chars.len() {
            shown.push('…');
        }
        let caret_width: usize = chars[col..(col + len).min(chars.len())]
            .iter()
            .map(|&c| width(c))
            .sum::<usize>()
            .max(1);
        out.push_str(&format!("{pad} {}\n", paint(color, blue, "|")));
        out.push_str(&format!(
            "{} {} {}\n",
            paint(color, blue, &f.line.to_string()),
            paint(color, blue, "|"),
            shown
        ));
        out.push_str(&format!(
            "{pad} {} {}{}\n",
            paint(color, blue, "|"),
            " ".repeat(caret_at),
            paint(color, sev, &"^".repeat(caret_width))
        ));
    }
    if let Some(s) = &f.suggestion {
        out.push_str(&format!("{pad} {} {s}\n", paint(color, blue, "= help:")));
    }
    if f.count > 1 {
        let more: Vec<String> = f
            .more
            .iter()
            .map(|l| format!("{}:{}", l.line, l.column))
            .collect();
        let rest = f.count - 1 - f.more.len();
        let tail = if rest > 0 {
            format!(" and {rest} more")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{pad} {} also at {}{tail}\n",
            paint(color, blue, "= note:"),
            more.join(", ")
        ));
    }
    out
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
}
