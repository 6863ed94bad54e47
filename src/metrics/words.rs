//! Words for WER, as dinglehopper counts them: Unicode word boundaries
//! (UAX #29), dropping segments made only of marks, punctuation,
//! separators, symbols and control or format characters. Each Han
//! character is a word of its own (UAX #29 breaks between ideographs);
//! `3,14` stays one word. Private-use characters (MUFI letters of
//! historical prints) count as letters, so they do not split words.

use regex::Regex;
use std::sync::OnceLock;
use unicode_segmentation::UnicodeSegmentation;

fn unwanted_only() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[\p{M}\p{P}\p{Z}\p{S}\p{Cc}\p{Cf}]*$").expect("built-in regex"))
}

fn is_private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// A character that joins a private-use letter into a word.
fn letterlike(c: char) -> bool {
    is_private_use(c) || (c.is_alphabetic() && !crate::text::chars::is_cjkish(c))
}

/// The words of a (normalised) text.
pub fn words(text: &str) -> Vec<&str> {
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for seg in text.split_word_bounds() {
        let (start, end) = (at, at + seg.len());
        at = end;
        // Private-use letters do not break words (UAX #29 with PUA as ALetter).
        if let Some(last) = segments.last_mut() {
            let before = text[..start].chars().next_back();
            let after = seg.chars().next();
            if let (Some(b), Some(a)) = (before, after) {
                if (is_private_use(b) || is_private_use(a)) && letterlike(b) && letterlike(a) {
                    last.1 = end;
                    continue;
                }
            }
        }
        segments.push((start, end));
    }
    segments
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .filter(|w| !unwanted_only().is_match(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_as_dinglehopper_counts_them() {
        assert_eq!(
            words("Der schnelle [„braune“] Fuchs kann keine 3,14 Meter springen, oder?"),
            vec![
                "Der", "schnelle", "braune", "Fuchs", "kann", "keine", "3,14", "Meter", "springen",
                "oder"
            ]
        );
        assert_eq!(words("聊城日报。"), vec!["聊", "城", "日", "报"]);
        assert_eq!(words("ab\u{E000}cd ef"), vec!["ab\u{E000}cd", "ef"]);
    }
}
