//! Chinese words, from the jieba dictionary: whether a break between two
//! pieces of text falls inside a word (政|协), and the words of a short
//! text. Loaded once per process (about 80 ms, 35 MB), only when a check
//! asks.

use jieba_rs::Jieba;
use std::sync::OnceLock;

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Characters either side of a break that the segmenter looks at.
pub const WINDOW: usize = 4;

/// The word that a join of `left` and `right` puts across the join, if any.
pub fn word_across_join(left: &str, right: &str) -> Option<String> {
    let mut l: Vec<char> = left.chars().rev().take(WINDOW).collect();
    l.reverse();
    let r: Vec<char> = right.chars().take(WINDOW).collect();
    word_across(&l, &r)
}

/// [`word_across_join`] on characters: only the last and first
/// [`WINDOW`] of each side are looked at.
pub fn word_across(left: &[char], right: &[char]) -> Option<String> {
    let l = &left[left.len().saturating_sub(WINDOW)..];
    let r = &right[..right.len().min(WINDOW)];
    if l.is_empty() || r.is_empty() {
        return None;
    }
    let joined: String = l.iter().chain(r).collect();
    let at = l.len();
    jieba()
        .cut(&joined, false)
        .iter()
        .find(|t| t.start < at && t.end > at)
        .map(|t| t.word.to_string())
}

/// Whether `text` may be a person's name as far as the dictionary knows:
/// no word of it (most names are not), or a word it tags as a name
/// (`钱文华`, tag `nr`). A place (`黄河`, `ns`) or any other word is not
/// (the tags are jieba's and not always right: it tags `张家口` `nr`).
pub fn may_be_name(text: &str) -> bool {
    let j = jieba();
    if !j.has_word(text) {
        return true;
    }
    let tags = j.tag(text, false);
    matches!(tags.as_slice(), [t] if t.word == text && t.tag.starts_with("nr"))
}

/// The sum of the word frequencies of jieba's default dictionary: a word's
/// probability is its frequency over this (checked against the loaded
/// dictionary by a test, so an upgrade that changes it fails loudly).
pub(crate) const DICT_TOTAL: f64 = 60_101_964.0;

/// Whether the dictionary has `word`.
pub fn is_word(word: &str) -> bool {
    jieba().has_word(word)
}

/// The log probability of a short text under the dictionary's unigram word
/// model, along its best segmentation: the sum over its words of
/// ln(frequency / total), a character the dictionary lacks counting as
/// frequency 1 (as jieba's own segmenter counts it). Comparing two
/// versions of one text says which reads more like the language.
pub fn log_prob(text: &str) -> f64 {
    let j = jieba();
    j.cut(text, false)
        .iter()
        .map(|t| word_log_prob(t.word))
        .sum()
}

/// ln(frequency / total) of one token of a cut. The dictionary gives a
/// word's frequency only through `suggest_freq` (frequency plus one),
/// which segments the word again; the models ask for the same few
/// thousand words over and over, so each thread remembers what it asked.
fn word_log_prob(word: &str) -> f64 {
    thread_local! {
        static SEEN: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, f64>> =
            std::cell::RefCell::default();
    }
    SEEN.with(|seen| {
        if let Some(&p) = seen.borrow().get(word) {
            return p;
        }
        let j = jieba();
        let freq = if j.has_word(word) {
            (j.suggest_freq(word).saturating_sub(1)).max(1)
        } else {
            1
        };
        let p = (freq as f64).ln() - DICT_TOTAL.ln();
        let mut seen = seen.borrow_mut();
        // A bound on memory for a run over text with endless new tokens.
        if seen.len() > 200_000 {
            seen.clear();
        }
        seen.insert(word.into(), p);
        p
    })
}

/// The tokens of a short text, as (start, end) character offsets.
pub fn tokens(text: &str) -> Vec<(usize, usize)> {
    jieba()
        .cut(text, false)
        .iter()
        .map(|t| (t.start, t.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_inside_words() {
        assert_eq!(
            word_across_join("让我们对政", "协工作有了").as_deref(),
            Some("政协")
        );
        assert_eq!(
            word_across_join("实现医保服", "务村居全覆盖").as_deref(),
            Some("服务")
        );
        assert_eq!(
            word_across_join("简化老旧小区改", "造审批手续").as_deref(),
            Some("改造")
        );
        assert_eq!(word_across_join("如何巩固学习培训", "市政协党组书记"), None);
        assert_eq!(word_across_join("授权额度", "郭永宁是"), None);
    }

    /// DICT_TOTAL is the loaded dictionary's: jieba suggests for two
    /// characters that form no word the product of their probabilities
    /// times the total, so the total follows from three frequencies.
    #[test]
    fn dictionary_total() {
        let j = jieba();
        let (a, b) = (j.suggest_freq("的") - 1, j.suggest_freq("是") - 1);
        assert!(!j.has_word("的是的"));
        let ab = j.suggest_freq("的是") - 1;
        let total = (a as f64) * (b as f64) / ab as f64;
        assert!((total / DICT_TOTAL - 1.0).abs() < 0.01, "{total}");
    }

    #[test]
    fn likelier_text() {
        assert!(log_prob("部署工作") > log_prob("部暑工作") + 8.0);
        assert!(log_prob("办公厅") > log_prob("办公打"));
        assert!(is_word("部署"));
        assert!(!is_word("部暑"));
    }

    #[test]
    fn names_and_places() {
        assert!(may_be_name("钱文华"));
        assert!(may_be_name("陈志文"));
        assert!(!may_be_name("黄河"));
        assert!(!may_be_name("高质量"));
    }
}
