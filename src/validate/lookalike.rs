//! Look-alike characters from the confusion list (人园 for 入园).
//!
//! One Aho-Corasick pass per paragraph finds every wrong form. A hit whose
//! characters belong to a longer dictionary word around it (工人园地: 工人 +
//! 园地) is legitimate text, not a confusion, and is dropped.

use super::{Ctx, Hit};
use crate::text::words::tokens;

const WINDOW: usize = 4;

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    if !ctx.enabled("char.lookalike") || ctx.rules.confusion_pairs.is_empty() {
        return;
    }
    for a in ctx.articles {
        let mut parts = a.parts.clone();
        parts.sort();
        for r in parts {
            let text = &ctx.para(r).text;
            // Most paragraphs have no hit: index them only when one does.
            let mut matches = ctx.rules.confusions.find_iter(text.as_str()).peekable();
            if matches.peek().is_none() {
                continue;
            }
            let ix = crate::text::index::CharIndex::new(text);
            let chars = &ctx.para(r).chars;
            for m in matches {
                let (wrong, right) = &ctx.rules.confusion_pairs[m.pattern().as_usize()];
                let (start, end) = (ix.char_of(m.start()), ix.char_of(m.end()));
                if inside_longer_word(chars, start, end) {
                    continue;
                }
                out.push(ctx.para_hit(
                    "char.lookalike",
                    r,
                    start,
                    end,
                    format!("`{wrong}` is a likely OCR confusion for `{right}`"),
                    Some(format!("write `{right}`")),
                ));
            }
        }
    }
}

/// Whether a word of the dictionary crosses the hit's edges: its first
/// character ends a word that starts before it, or its last starts a word
/// that ends after it.
fn inside_longer_word(chars: &[char], start: usize, end: usize) -> bool {
    let from = start.saturating_sub(WINDOW);
    let to = (end + WINDOW).min(chars.len());
    let window: String = chars[from..to].iter().collect();
    let (s, e) = (start - from, end - from);
    tokens(&window)
        .into_iter()
        .any(|(ts, te)| te - ts > 1 && ((ts < s && te > s) || (ts < e && te > e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::rules::builtin_profile;

    /// Each entry is one look-alike swap, as OCR makes them. (The jieba
    /// dictionary cannot judge the list: it learned common misspellings
    /// such as 自已 and 时侯 from its corpus.)
    #[test]
    fn confusion_list_entries_swap_one_character() {
        let profile = builtin_profile("zh-newspaper").unwrap();
        let mut bad = Vec::new();
        for (wrong, right) in &profile.validation.confusions {
            let (w, r): (Vec<char>, Vec<char>) = (wrong.chars().collect(), right.chars().collect());
            let differ = w.iter().zip(&r).filter(|(a, b)| a != b).count();
            if w.len() != r.len() || differ != 1 {
                bad.push(format!("{wrong} → {right}"));
            }
        }
        assert!(bad.is_empty(), "{bad:#?}");
        assert!(profile.validation.confusions.len() >= 40);
    }

    #[test]
    fn hits_inside_longer_words_are_not_confusions() {
        let text: Vec<char> = "工人园地".chars().collect();
        assert!(inside_longer_word(&text, 1, 3));
        let text: Vec<char> = "破解人园企业".chars().collect();
        assert!(!inside_longer_word(&text, 2, 4));
    }
}
