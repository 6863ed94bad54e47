//! Character classes for CJK typesetting decisions.
//!
//! "CJK-ish" means a character that is set without spaces around it in
//! Chinese text: Han ideographs, kana, hangul, CJK punctuation, full-width
//! forms, and the curly quotes, dashes and ellipsis that Chinese text uses.

/// `char::is_whitespace`, answered without its table for the characters
/// of Chinese text: no white-space character lies above U+3000, so every
/// Han character and full-width mark is settled by one comparison. (The
/// table lookup was a sixth of the line checks on a Chinese page.)
#[inline]
pub fn is_white(c: char) -> bool {
    (c as u32) <= 0x3000 && c.is_whitespace()
}

/// Text without what may close a sentence after its final mark: closing
/// quotes and brackets (`…说。”`, `…（完）`), and the spaces plain-text
/// OCR puts between them (`平安归来! ”`).
pub fn trim_closers(text: &str) -> &str {
    text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '”' | '’' | '）' | ')' | '」' | '』' | '"' | '\'' | '》')
    })
}

/// How many round or angle brackets a text leaves open: openers minus
/// closers, full- and half-width alike (the OCR mixes them: `〈今` / `日谈)`).
/// Negative when it closes more than it opens.
pub fn open_brackets(text: &str) -> i32 {
    text.chars()
        .map(|c| match c {
            '（' | '(' | '〈' => 1,
            '）' | ')' | '〉' => -1,
            _ => 0,
        })
        .sum()
}

/// A Han ideograph (CJK Unified Ideographs and their extensions).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// Characters that Chinese typesetting sets without spaces between them.
pub fn is_cjkish(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3000..=0x303F   // CJK symbols and punctuation
            | 0x3040..=0x30FF // kana
            | 0x3100..=0x312F // bopomofo
            | 0xAC00..=0xD7AF // hangul
            | 0xFE30..=0xFE4F // CJK compatibility forms
            | 0xFF00..=0xFFEF // half- and full-width forms
        )
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '•')
}

/// Characters only Chinese, Japanese or Korean text uses: ideographs, kana,
/// hangul, CJK punctuation and full-width forms — not the curly quotes,
/// dashes and ellipsis that Latin text shares with them. Rules about
/// "Chinese text" ask for one of these nearby.
pub fn is_cjk_strict(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0xAC00..=0xD7AF
            | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// ASCII or full-width decimal digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Whether a run of whitespace between `before` and `after` is an OCR
/// artefact to drop: between two CJK-ish characters, or between a CJK-ish
/// character and a digit (`7月 2日`, `对政 162名`). A space between CJK and a
/// Latin word is kept: it can be deliberate typesetting.
pub fn drop_space_between(before: char, after: char) -> bool {
    (is_cjkish(before) && (is_cjkish(after) || is_digit(after)))
        || (is_digit(before) && is_cjkish(after))
}

/// A hyphen that can end a line inside a hyphenated Latin word.
pub fn is_line_end_hyphen(c: char) -> bool {
    matches!(c, '-' | '⸗' | '=' | '\u{00AD}' | '\u{2010}' | '¬')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_white_is_is_whitespace_for_every_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_white(c), c.is_whitespace(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn classes() {
        assert!(is_han('聊') && is_cjkish('聊'));
        assert!(is_cjkish('，') && is_cjkish('“') && is_cjkish('（'));
        assert!(!is_cjkish('a') && !is_cjkish(',') && !is_cjkish('■'));
        assert!(drop_space_between('实', '发'));
        assert!(drop_space_between('月', '2'));
        assert!(drop_space_between('2', '日'));
        assert!(!drop_space_between('用', 'i'));
        assert!(!drop_space_between('■', '本'));
    }
}
