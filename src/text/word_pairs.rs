//! Which two characters stand next to each other inside some dictionary
//! word, from the generated table `data/words/zh-pairs.txt`
//! (scripts/gen-word-pairs.py reads jieba's default dictionary, the one
//! [`super::words`] loads, and keeps every adjacent pair of its words of
//! 2 to 4 characters).
//!
//! Why: the look-alike scan asks the dictionary, for each lone character
//! and each of its dozen look-alikes, for up to nine candidate words. A
//! word through a character holds it next to a neighbour, so a swap whose
//! two pairs occur in no word cannot make one: two binary searches in
//! short lists answer most swaps exactly, and the dictionary is asked only
//! for the rest. Parsed once per process, only when a check asks: about
//! 300,000 pairs.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/words/zh-pairs.txt");

/// The longest word the table was built from, in characters.
pub const MAX_WORD: usize = 4;

/// For each character, the characters that follow it inside some word and
/// those that precede it, each sorted: the scan looks up a lone
/// character's two neighbours once and then tests each look-alike by a
/// binary search in two short, contiguous lists.
struct Pairs {
    followers: FxHashMap<char, Box<[char]>>,
    preceders: FxHashMap<char, Box<[char]>>,
}

fn table() -> &'static Pairs {
    static PAIRS: OnceLock<Pairs> = OnceLock::new();
    PAIRS.get_or_init(|| parse(TABLE))
}

/// Lines `first<TAB>seconds`; `#` starts a comment. The table is
/// generated and tested, so a malformed line is skipped rather than
/// reported.
fn parse(text: &str) -> Pairs {
    let mut followers: FxHashMap<char, Vec<char>> = FxHashMap::default();
    let mut preceders: FxHashMap<char, Vec<char>> = FxHashMap::default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((first, seconds)) = line.split_once('\t') else {
            continue;
        };
        let mut chars = first.chars();
        let (Some(a), None) = (chars.next(), chars.next()) else {
            continue;
        };
        for b in seconds.chars() {
            followers.entry(a).or_default().push(b);
            preceders.entry(b).or_default().push(a);
        }
    }
    let sorted = |map: FxHashMap<char, Vec<char>>| {
        map.into_iter()
            .map(|(c, mut list)| {
                list.sort_unstable();
                list.dedup();
                (c, list.into_boxed_slice())
            })
            .collect()
    };
    Pairs {
        followers: sorted(followers),
        preceders: sorted(preceders),
    }
}

/// The characters that follow `a` inside some dictionary word of 2 to
/// [`MAX_WORD`] characters, sorted (binary-search it).
pub fn followers(a: char) -> &'static [char] {
    table().followers.get(&a).map_or(&[], |l| l)
}

/// The characters that precede `b` inside some such word, sorted.
pub fn preceders(b: char) -> &'static [char] {
    table().preceders.get(&b).map_or(&[], |l| l)
}

/// The dictionary's total frequency as the table's header records it: the
/// dictionary the table was generated from.
#[cfg(test)]
fn recorded_total() -> Option<u64> {
    TABLE
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.split_once("total-frequency "))
        .and_then(|(_, rest)| rest.split_whitespace().next()?.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::{is_word, DICT_TOTAL};

    fn in_some_word(a: char, b: char) -> bool {
        followers(a).binary_search(&b).is_ok()
    }

    /// The table comes from the dictionary the tool loads (whose total the
    /// words module checks), and covers its words: every 2- to 4-character
    /// piece of a real page that the dictionary knows has its pairs in the
    /// table. A jieba upgrade that changes the dictionary fails here until
    /// the table is regenerated.
    #[test]
    fn table_is_the_loaded_dictionarys() {
        assert_eq!(recorded_total(), Some(DICT_TOTAL as u64));
        let page: Vec<char> = include_str!("../../corpus/liaocheng-daily/2022-07-05/p01.txt")
            .chars()
            .collect();
        let mut words = 0;
        for len in 2..=MAX_WORD {
            for piece in page.windows(len) {
                let text: String = piece.iter().collect();
                if is_word(&text) {
                    words += 1;
                    assert!(piece.windows(2).all(|p| in_some_word(p[0], p[1])), "{text}");
                }
            }
        }
        assert!(words > 1000, "{words}");
        let pairs: usize = table().followers.values().map(|l| l.len()).sum();
        let inverse: usize = table().preceders.values().map(|l| l.len()).sum();
        assert_eq!(pairs, inverse);
        assert!(pairs > 250_000, "{pairs}");
    }

    #[test]
    fn pairs_inside_words_only() {
        assert!(in_some_word('办', '公'));
        assert!(in_some_word('公', '厅'));
        assert!(!in_some_word('公', '打'));
        assert!(!in_some_word('厅', '办'));
        assert!(preceders('厅').binary_search(&'公').is_ok());
        assert!(followers('公').windows(2).all(|w| w[0] < w[1]));
    }
}
