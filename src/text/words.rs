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
/// (`瞿振元`, tag `nr`). A place (`黄河`, `ns`) or any other word is not
/// (the tags are jieba's and not always right: it tags `张家口` `nr`).
pub fn may_be_name(text: &str) -> bool {
    let j = jieba();
    if !j.has_word(text) {
        return true;
    }
    let tags = j.tag(text, false);
    matches!(tags.as_slice(), [t] if t.word == text && t.tag.starts_with("nr"))
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

    #[test]
    fn names_and_places() {
        assert!(may_be_name("瞿振元"));
        assert!(may_be_name("陈志文"));
        assert!(!may_be_name("黄河"));
        assert!(!may_be_name("高质量"));
    }
}
