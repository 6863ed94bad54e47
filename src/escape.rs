//! Text from the corpus (folder names, file names, page text, messages
//! that quote it) shown to people: control characters are made visible.
//!
//! A folder name or an OCR'd line may hold anything: `ESC ] 0;…` retitles
//! the reader's terminal, `ESC [2J` clears it, a newline in a folder name
//! breaks the verdict line and a Markdown table (and could start a
//! GitHub `::warning` command), and bidirectional overrides (U+202E) make
//! text read other than it is. Every human-facing output passes such text
//! through [`visible`]; the machine formats (JSON, SARIF, JUnit) escape by
//! their own rules.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal or a document as itself: C0 and
/// C1 controls, DEL, and the bidirectional embedding, override and isolate
/// characters.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How an unsafe character is shown: `\n`, `\r`, `\t`, else `\u{1b}`.
pub fn escaped(c: char) -> String {
    match c {
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        '\t' => "\\t".to_string(),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

/// `s` with every unsafe character shown as its escape; borrowed when
/// there is none (the common case costs one scan).
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` as a Markdown table cell in code: escaped as [`visible`], pipes
/// escaped (GitHub splits cells on them even inside code), and fenced with
/// one more backtick than the longest run in it.
pub fn markdown_code(s: &str) -> String {
    let v = visible(s).replace('|', "\\|");
    let longest = v.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{v}{fence}")
    } else {
        format!("{fence} {v} {fence}")
    }
}

/// A file name that is not UTF-8, shown with its other bytes as `\xNN`:
/// two names that differ only there stay two names.
pub fn escape_name(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// Text for HTML (element content and quoted attributes).
pub fn html_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_sent() {
        assert_eq!(visible("2022-07-05"), "2022-07-05");
        assert!(matches!(visible("聊城日报"), Cow::Borrowed(_)));
        assert_eq!(
            visible("a\u{1b}]0;pwned\u{7}b\nc"),
            "a\\u{1b}]0;pwned\\u{7}b\\nc"
        );
        assert_eq!(visible("x\u{202e}y\u{9b}"), "x\\u{202e}y\\u{9b}");
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
        assert_eq!(markdown_code("a`b"), "`` a`b ``");
        assert_eq!(markdown_code("a\nb"), "`a\\nb`");
    }
}
