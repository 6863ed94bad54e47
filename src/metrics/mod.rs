//! Measuring OCR against ground truth: CER and WER with dinglehopper's
//! definitions, and the confusions behind them.
//!
//! * Text is normalised ([`normalize`]) segment by segment and segments
//!   (lines, regions) are joined with `\n`, which counts as a character.
//! * Characters are extended grapheme clusters; the edit distance has unit
//!   costs. CER = distance / ground-truth length; 0 when the distance is 0
//!   (both empty), infinite when only the ground truth is empty.
//! * Words are UAX #29 words without punctuation-only tokens ([`words`]);
//!   WER is the word edit distance over the ground-truth word count.
//!
//! The distance is exact: rapidfuzz's bit-parallel Levenshtein, banded by the
//! cost of an anchored alignment ([`align`]) that also yields the confusions.

pub mod align;
pub mod estimate;
pub mod extract;
pub mod normalize;
pub mod words;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use unicode_segmentation::UnicodeSegmentation;

/// A rate that may be infinite (ground truth empty, OCR not). Written as a
/// number, or as the string `"inf"` so JSON stays valid. Snapshots store
/// rates [`Rate::rounded`] to `DECIMALS` places.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Rate(pub f64);

/// Decimals of rates in snapshots and reports.
pub const DECIMALS: i32 = 4;

impl Rate {
    pub fn of(errors: usize, total: usize) -> Rate {
        if errors == 0 {
            Rate(0.0)
        } else if total == 0 {
            Rate(f64::INFINITY)
        } else {
            Rate(errors as f64 / total as f64)
        }
    }

    pub fn is_finite(self) -> bool {
        self.0.is_finite()
    }

    pub fn rounded(self) -> Rate {
        if self.0.is_finite() {
            Rate(crate::location::round(self.0, DECIMALS))
        } else {
            self
        }
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_finite() {
            write!(f, "{:.4}", self.0)
        } else {
            f.write_str("inf")
        }
    }
}

impl Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.is_finite() {
            s.serialize_f64(self.0)
        } else {
            s.serialize_str("inf")
        }
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(x) => Ok(Rate(x)),
            Raw::Text(t) if t == "inf" => Ok(Rate(f64::INFINITY)),
            Raw::Text(t) => Err(serde::de::Error::custom(format!("not a rate: {t}"))),
        }
    }
}

/// One substitution, insertion or deletion and how often it occurred.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Confusion {
    /// Ground truth (`""` for an insertion).
    pub gt: String,
    /// OCR (`""` for a deletion).
    pub ocr: String,
    pub count: usize,
}

impl std::fmt::Display for Confusion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |s: &str| match s {
            "" => "∅".to_string(),
            "\n" => "⏎".to_string(),
            " " => "␣".to_string(),
            s => s.to_string(),
        };
        write!(f, "{}→{} {}", show(&self.gt), show(&self.ocr), self.count)
    }
}

/// CER, WER and confusions of one OCR text against its ground truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// Ground-truth characters (grapheme clusters, `\n` included).
    pub gt_chars: usize,
    pub char_distance: usize,
    pub cer: Rate,
    pub gt_words: usize,
    pub word_distance: usize,
    pub wer: Rate,
    /// The most frequent confusions, most frequent first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confusions: Vec<Confusion>,
}

/// Confusions kept per page or issue.
pub const TOP_CONFUSIONS: usize = 10;

/// Interns strings as dense ids, so distances compare integers.
#[derive(Default)]
struct Interner<'a> {
    ids: HashMap<&'a str, u32>,
    items: Vec<&'a str>,
}

impl<'a> Interner<'a> {
    /// Renumbers ids by frequency in `a` and `b`, most frequent first, and
    /// rewrites both: the distance looks up ids below 256 in a plain array
    /// and the others in a hash map, so common characters should be small.
    /// Returns old id → new id.
    fn rank_by_frequency(&mut self, a: &mut [u32], b: &mut [u32]) -> Vec<u32> {
        let mut counts = vec![0usize; self.items.len()];
        for &x in a.iter().chain(b.iter()) {
            counts[x as usize] += 1;
        }
        let mut order: Vec<u32> = (0..self.items.len() as u32).collect();
        // Ties by first appearance keep the numbering deterministic.
        order.sort_by_key(|&i| (std::cmp::Reverse(counts[i as usize]), i));
        let mut rank = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = new as u32;
        }
        for x in a.iter_mut().chain(b.iter_mut()) {
            *x = rank[*x as usize];
        }
        self.items = order.iter().map(|&old| self.items[old as usize]).collect();
        for (new, item) in self.items.iter().enumerate() {
            self.ids.insert(item, new as u32);
        }
        rank
    }

    fn id(&mut self, s: &'a str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.items.len() as u32;
        self.ids.insert(s, id);
        self.items.push(s);
        id
    }
}

/// Sorts confusions by count (then by text, for stable output) and keeps the top `n`.
pub fn top_confusions(all: HashMap<(String, String), usize>, n: usize) -> Vec<Confusion> {
    let mut v: Vec<Confusion> = all
        .into_iter()
        .map(|((gt, ocr), count)| Confusion { gt, ocr, count })
        .collect();
    v.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| (&a.gt, &a.ocr).cmp(&(&b.gt, &b.ocr)))
    });
    v.truncate(n);
    v
}

/// Measures normalised OCR text against normalised ground truth (both
/// already joined with `\n`; see [`extract`]). Also returns every confusion
/// with its count, for pooling over an issue.
pub fn measure_with_confusions(gt: &str, ocr: &str) -> (Measure, HashMap<(String, String), usize>) {
    // Characters and words are independent: measure them side by side.
    let ((gt_chars, char_distance, confusions), (gt_words, word_distance)) =
        rayon::join(|| characters(gt, ocr), || word_distance(gt, ocr));
    let measure = Measure {
        gt_chars,
        char_distance,
        cer: Rate::of(char_distance, gt_chars),
        gt_words,
        word_distance,
        wer: Rate::of(word_distance, gt_words),
        confusions: top_confusions(confusions.clone(), TOP_CONFUSIONS),
    };
    (measure, confusions)
}

/// Ground-truth length, exact distance and confusions over grapheme clusters.
fn characters(gt: &str, ocr: &str) -> (usize, usize, HashMap<(String, String), usize>) {
    let mut interner = Interner::default();
    let mut a: Vec<u32> = gt.graphemes(true).map(|g| interner.id(g)).collect();
    let mut b: Vec<u32> = ocr.graphemes(true).map(|g| interner.id(g)).collect();
    interner.id("\n");
    interner.rank_by_frequency(&mut a, &mut b);
    let newline = interner.id("\n");
    let alignment = align::align(&a, &b, newline);
    let distance = banded_distance(&a, &b, alignment.cost);
    let name = |id: u32| -> String {
        if id == align::NONE {
            String::new()
        } else {
            interner.items[id as usize].to_string()
        }
    };
    let confusions = alignment
        .confusions
        .iter()
        .map(|(&(x, y), &n)| ((name(x), name(y)), n))
        .collect();
    (a.len(), distance, confusions)
}

/// Ground-truth word count and exact word distance.
fn word_distance(gt: &str, ocr: &str) -> (usize, usize) {
    let (wa, wb, bound) = word_sequences(gt, ocr);
    (wa.len(), banded_distance(&wa, &wb, bound))
}

/// The exact Levenshtein distance, given an upper bound: the bit-parallel
/// algorithm then only computes the band the bound allows.
fn banded_distance(a: &[u32], b: &[u32], bound: usize) -> usize {
    let args = rapidfuzz::distance::levenshtein::Args::default()
        .score_cutoff(bound)
        .score_hint(bound);
    rapidfuzz::distance::levenshtein::distance_with_args(
        a.iter().copied(),
        b.iter().copied(),
        &args,
    )
    .unwrap_or(bound)
}

/// The word-id sequences of both texts, and an upper bound of their word
/// edit distance. UAX #29 never joins words across a line break, so the
/// words of each line, with a marker between lines, can be aligned
/// line-anchored like the characters; dropping the markers from that edit
/// script leaves a valid script for the words alone that is no dearer.
fn word_sequences<'t>(gt: &'t str, ocr: &'t str) -> (Vec<u32>, Vec<u32>, usize) {
    let mut ids: Interner<'t> = Interner::default();
    let marker = ids.id("\n");
    let mut build = |text: &'t str| -> (Vec<u32>, Vec<u32>) {
        let mut plain = Vec::new();
        let mut marked = Vec::new();
        for (k, line) in text.split('\n').enumerate() {
            if k > 0 {
                marked.push(marker);
            }
            for w in words::words(line) {
                let id = ids.id(w);
                plain.push(id);
                marked.push(id);
            }
        }
        (plain, marked)
    };
    let (mut wa, mut ma) = build(gt);
    let (mut wb, mut mb) = build(ocr);
    let ranks = ids.rank_by_frequency(&mut wa, &mut wb);
    for x in ma.iter_mut().chain(mb.iter_mut()) {
        *x = ranks[*x as usize];
    }
    let marker = ranks[marker as usize];
    let bound = align::align(&ma, &mb, marker).cost;
    (wa, wb, bound)
}

/// Measures OCR text against ground truth (see [`measure_with_confusions`]).
pub fn measure(gt: &str, ocr: &str) -> Measure {
    measure_with_confusions(gt, ocr).0
}

/// Totals over several pages: pooled rates (Σ distance / Σ length) and the
/// mean of the page rates, labelled as such.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    pub pages: usize,
    pub gt_chars: usize,
    pub char_distance: usize,
    pub cer_pooled: Rate,
    pub cer_mean: Rate,
    pub gt_words: usize,
    pub word_distance: usize,
    pub wer_pooled: Rate,
    pub wer_mean: Rate,
}

impl Aggregate {
    pub fn of<'a>(pages: impl IntoIterator<Item = &'a Measure>) -> Aggregate {
        let pages: Vec<&Measure> = pages.into_iter().collect();
        let sum = |f: &dyn Fn(&Measure) -> usize| pages.iter().map(|m| f(m)).sum::<usize>();
        let mean = |f: &dyn Fn(&Measure) -> Rate| {
            if pages.is_empty() {
                Rate(0.0)
            } else {
                Rate(pages.iter().map(|m| f(m).0).sum::<f64>() / pages.len() as f64)
            }
        };
        let (gc, cd, gw, wd) = (
            sum(&|m| m.gt_chars),
            sum(&|m| m.char_distance),
            sum(&|m| m.gt_words),
            sum(&|m| m.word_distance),
        );
        Aggregate {
            pages: pages.len(),
            gt_chars: gc,
            char_distance: cd,
            cer_pooled: Rate::of(cd, gc),
            cer_mean: mean(&|m| m.cer),
            gt_words: gw,
            word_distance: wd,
            wer_pooled: Rate::of(wd, gw),
            wer_mean: mean(&|m| m.wer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use normalize::normalize;

    fn cer(a: &str, b: &str) -> f64 {
        measure(&normalize(a), &normalize(b)).cer.0
    }

    fn wer(a: &str, b: &str) -> f64 {
        measure(&normalize(a), &normalize(b)).wer.0
    }

    #[test]
    fn character_error_rates_as_dinglehopper_defines_them() {
        assert_eq!(cer("a", "a"), 0.0);
        assert_eq!(cer("a", "b"), 1.0);
        assert_eq!(cer("Foo", "Bar"), 1.0);
        assert_eq!(cer("Foo", ""), 1.0);
        assert_eq!(cer("", ""), 0.0);
        assert_eq!(cer("", "Foo"), f64::INFINITY);
        assert_eq!(cer("Foo", "Food"), 1.0 / 3.0);
        assert_eq!(cer("Fnord", "Food"), 2.0 / 5.0);
        assert_eq!(cer("Müll", "Mull"), 1.0 / 4.0);
        assert_eq!(cer("Abstand", "Sand"), 4.0 / 7.0);
        let nfc = "Schlyñ lorem ipsum.";
        let nfd = "Schlyn\u{0303} lorem ipsum!";
        assert_eq!(cer(nfc, nfd), 1.0 / 19.0);
        assert_eq!(cer("Schlyñ", "Schlym\u{0303}"), 1.0 / 6.0);
        assert_eq!(cer("Schlym\u{0303}", "Schlyñ"), 1.0 / 6.0);
    }

    #[test]
    fn word_error_rates_as_dinglehopper_defines_them() {
        let s = "Dies ist ein Beispielsatz!";
        assert_eq!(wer(s, s), 0.0);
        assert_eq!(wer(s, "Dies. ist ein Beispielsatz."), 0.0);
        assert_eq!(wer(s, "Dies ist ein Beispielsarz:"), 1.0 / 4.0);
        assert_eq!(wer(s, "Dies ein ist Beispielsatz!"), 2.0 / 4.0);
        assert_eq!(wer(s, ""), 1.0);
        assert_eq!(wer("", s), f64::INFINITY);
        assert_eq!(wer("", ""), 0.0);
        assert_eq!(
            wer(
                "Schlyñ lorem ipsum dolor sit amet,",
                "Schlym\u{0303} lorem ipsum dolor sit amet."
            ),
            1.0 / 6.0
        );
    }

    #[test]
    fn rates_serialise_as_json_numbers_or_inf() {
        assert_eq!(
            serde_json::to_string(&Rate(1.0 / 3.0).rounded()).unwrap(),
            "0.3333"
        );
        assert_eq!(
            serde_json::to_string(&Rate(f64::INFINITY)).unwrap(),
            "\"inf\""
        );
        let back: Rate = serde_json::from_str("\"inf\"").unwrap();
        assert!(!back.is_finite());
    }
}
