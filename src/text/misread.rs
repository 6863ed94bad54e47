//! The language model's view of one character: would a look-alike read
//! better? Shared by the `char.suspect` check (which reports the strong
//! cases) and the CER estimate (which counts the weak ones too).
//!
//! The look-alikes come from the generated glyph table
//! ([`super::confusables`]); "reads better" is the gain in log likelihood
//! of the text around the character under the jieba dictionary's unigram
//! word model ([`super::words::log_prob`]), tried only when the swap makes
//! a dictionary word with a neighbour.

use super::chars::is_han;
use super::confusables::look_alikes;
use super::word_pairs::{followers, preceders, MAX_WORD};
use super::words::{is_word, log_prob, tokens};

/// Characters either side of the character that the model reads.
const WINDOW: usize = 4;

/// A look-alike that would make a word where OCR's character makes none.
#[derive(Debug, Clone, PartialEq)]
pub struct Swap {
    pub ch: char,
    pub similarity: f32,
    /// ln P(text with the swap) - ln P(text as read).
    pub gain: f64,
    /// The dictionary word the swap makes.
    pub word: String,
}

/// A character the segmenter left on its own, with every look-alike that
/// would make a word there (most similar first).
#[derive(Debug, Clone, PartialEq)]
pub struct Suspect {
    /// Character offset in the paragraph.
    pub at: usize,
    pub swaps: Vec<Swap>,
}

impl Suspect {
    /// The swap that gains most among look-alikes at least
    /// `min_similarity` alike (the more similar one on a tie).
    pub fn best(&self, min_similarity: f32) -> Option<&Swap> {
        self.swaps
            .iter()
            .filter(|s| s.similarity >= min_similarity)
            .fold(None, |best: Option<&Swap>, s| match best {
                Some(b) if b.gain >= s.gain => Some(b),
                _ => Some(s),
            })
    }
}

/// Every suspect of one paragraph: the Han characters the segmenter leaves
/// on their own that have a look-alike at least `min_similarity` alike
/// which makes a word. Asked once per paragraph and shared by the checks
/// and the CER estimate: it is the costliest question the tool asks.
pub fn scan(text: &str, chars: &[char], min_similarity: f32) -> Vec<Suspect> {
    if !chars.iter().any(|&c| is_han(c)) {
        return Vec::new();
    }
    tokens(text)
        .into_iter()
        .filter(|&(start, end)| end == start + 1 && is_han(chars[start]))
        .filter_map(|(at, _)| {
            let swaps = swaps(chars, at, min_similarity);
            (!swaps.is_empty()).then_some(Suspect { at, swaps })
        })
        .collect()
}

/// The look-alikes of `chars[at]` that make a word, with their gains.
fn swaps(chars: &[char], at: usize, min_similarity: f32) -> Vec<Swap> {
    let from = at.saturating_sub(WINDOW);
    let to = (at + WINDOW + 1).min(chars.len());
    let mut window: Vec<char> = chars[from..to].to_vec();
    let pos = at - from;
    let original: String = window.iter().collect();
    let neighbours = Neighbours::of(&window, pos);
    let mut base = None;
    let mut out = Vec::new();
    for alike in look_alikes(chars[at]) {
        if alike.similarity < min_similarity {
            break;
        }
        if !neighbours.pair_with(alike.ch) {
            continue;
        }
        window[pos] = alike.ch;
        let Some(word) = word_through(&window, pos) else {
            continue;
        };
        let base = *base.get_or_insert_with(|| log_prob(&original));
        out.push(Swap {
            ch: alike.ch,
            similarity: alike.similarity,
            gain: log_prob(&window.iter().collect::<String>()) - base,
            word,
        });
    }
    out
}

/// The look-alike of `chars[at]` whose swap gains most, if any makes a word.
#[cfg(test)]
fn best_swap(chars: &[char], at: usize, min_similarity: f32) -> Option<Swap> {
    let s = Suspect {
        at,
        swaps: swaps(chars, at, min_similarity),
    };
    s.best(min_similarity).cloned()
}

/// What may stand at `window[pos]` next to its neighbours inside some
/// dictionary word. Every word [`word_through`] can find holds the
/// character next to a neighbour, and most look-alikes pair with neither,
/// so this test spares the dictionary most of its questions, exactly.
struct Neighbours {
    /// Characters that follow the previous character inside a word.
    after_previous: &'static [char],
    /// Characters that precede the next character inside a word.
    before_next: &'static [char],
}

impl Neighbours {
    fn of(window: &[char], pos: usize) -> Self {
        Neighbours {
            after_previous: pos.checked_sub(1).map_or(&[][..], |p| followers(window[p])),
            before_next: window.get(pos + 1).map_or(&[][..], |&n| preceders(n)),
        }
    }

    fn pair_with(&self, ch: char) -> bool {
        self.after_previous.binary_search(&ch).is_ok()
            || self.before_next.binary_search(&ch).is_ok()
    }
}

/// The longest dictionary word of Han characters through `pos` (2 to
/// [`MAX_WORD`] characters): a cheap test before the model is asked.
fn word_through(window: &[char], pos: usize) -> Option<String> {
    let mut piece_text = String::with_capacity(4 * MAX_WORD);
    for len in (2..=MAX_WORD).rev() {
        for start in pos.saturating_sub(len - 1)..=pos {
            let Some(piece) = window.get(start..start + len) else {
                continue;
            };
            if piece.iter().all(|&c| is_han(c)) {
                piece_text.clear();
                piece_text.extend(piece);
                if is_word(&piece_text) {
                    return Some(piece_text);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Made-up sentences with one look-alike misread each.
    #[test]
    fn finds_the_word_a_misread_broke() {
        let text = chars("会议对下一步工作作出部暑要求");
        let at = text.iter().position(|&c| c == '暑').unwrap();
        let s = best_swap(&text, at, 0.8).unwrap();
        assert_eq!((s.ch, s.word.as_str()), ('署', "部署"));
        assert!(s.gain > 10.0, "{s:?}");
    }

    /// A character that is right where it stands gains little or nothing
    /// from any look-alike.
    #[test]
    fn right_characters_stay() {
        let text = chars("今年夏天暑期旅游市场火热");
        let at = text.iter().position(|&c| c == '暑').unwrap();
        // 暑 is inside the word 暑期: the check never asks, and a swap
        // would lose.
        assert!(best_swap(&text, at, 0.8).is_none_or(|s| s.gain < 0.0));
    }

    #[test]
    fn words_through_a_position() {
        assert_eq!(
            word_through(&chars("作出部署要求"), 3).as_deref(),
            Some("部署")
        );
        assert_eq!(word_through(&chars("作出部暑要求"), 3), None);
    }

    /// The pair test never turns away a swap that makes a word: on every
    /// character of a real page and each of its look-alikes (all of them,
    /// not only the lone characters the scan asks about), a word through
    /// the swap implies a pair with a neighbour.
    #[test]
    fn pair_test_keeps_every_word() {
        let page = chars(include_str!(
            "../../corpus/liaocheng-daily/2022-07-05/p01.txt"
        ));
        let (mut words, mut spared) = (0, 0);
        for at in 0..page.len() {
            let from = at.saturating_sub(WINDOW);
            let mut window = page[from..(at + WINDOW + 1).min(page.len())].to_vec();
            let neighbours = Neighbours::of(&window, at - from);
            for alike in look_alikes(page[at]) {
                window[at - from] = alike.ch;
                let paired = neighbours.pair_with(alike.ch);
                if word_through(&window, at - from).is_some() {
                    words += 1;
                    assert!(paired, "{}", window.iter().collect::<String>());
                } else if !paired {
                    spared += 1;
                }
            }
        }
        assert!(words > 1000 && spared > 10 * words, "{words} {spared}");
    }
}
