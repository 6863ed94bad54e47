//! Structure accuracy: the parsed articles measured against an issue's
//! expected structure (`expected.yaml`), as CER measures the text against
//! ground truth.
//!
//! Five families are scored, each as precision, recall and F1 over the
//! issue (and summed over a corpus, micro-averaged):
//!
//! * **title blocks**: an article's kicker, headline and subheads as one
//!   string; an expected and a parsed title block match, one to one, when
//!   their characters are at least [`TITLE_SIMILARITY`] alike (1 − edit
//!   distance / longer length), so that OCR damage inside a head does not
//!   count as a lost article but a head cut in two does;
//! * **datelines**: the marker up to its date (`新华社北京2月13日电`);
//! * **bylines**: the reporter note after the dateline (`（记者李心萍）`), or
//!   a byline line when there is no dateline;
//! * **reporters**: the people named in either (reporters and
//!   correspondents; photographers are not in the expected structure);
//! * **dateline dates**: the ISO date the dateline resolves to.
//!
//! Datelines, bylines, reporters and dates must be *exactly* right: they
//! match as multisets over the issue, compared without whitespace and with
//! full- and half-width forms folded (`（` = `(`). An OCR misreading inside
//! a name is a miss, as it would be for a reader searching the archive.

pub mod expected;

use crate::parse::Article;
use expected::ExpectedIssue;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// How alike two title blocks must be to be the same article's.
pub const TITLE_SIMILARITY: f64 = 0.8;

/// Text as compared: whitespace removed, compatibility forms folded (NFKC:
/// full-width letters, digits and brackets to their ASCII forms).
pub fn fold(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Counts of one family: how many were expected, how many the parser
/// gave, how many of those are right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Family {
    pub expected: usize,
    pub found: usize,
    pub correct: usize,
}

impl Family {
    /// Right among those found; 1 when nothing was found and nothing expected.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.correct, self.found, self.expected)
    }

    /// Found among those expected.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.correct, self.expected, self.found)
    }

    pub fn f1(&self) -> Option<f64> {
        if self.expected == 0 && self.found == 0 {
            return None;
        }
        let d = self.expected + self.found;
        Some(2.0 * self.correct as f64 / d as f64)
    }

    fn add(&mut self, o: &Family) {
        self.expected += o.expected;
        self.found += o.found;
        self.correct += o.correct;
    }
}

/// `n / d`; `None` when there is nothing to say (both sides empty).
fn ratio(n: usize, d: usize, other: usize) -> Option<f64> {
    match (d, other) {
        (0, 0) => None,
        (0, _) => Some(0.0),
        _ => Some(n as f64 / d as f64),
    }
}

/// A family with its rates, as written to snapshots and JSON: the counts
/// say what the rates are of, the rates are rounded to four places.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FamilyScore {
    pub expected: usize,
    pub found: usize,
    pub correct: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recall: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f1: Option<f64>,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl From<Family> for FamilyScore {
    fn from(f: Family) -> Self {
        FamilyScore {
            expected: f.expected,
            found: f.found,
            correct: f.correct,
            precision: f.precision().map(round4),
            recall: f.recall().map(round4),
            f1: f.f1().map(round4),
        }
    }
}

impl FamilyScore {
    pub fn counts(&self) -> Family {
        Family {
            expected: self.expected,
            found: self.found,
            correct: self.correct,
        }
    }
}

/// The families in the order they are shown.
pub const FAMILIES: [&str; 5] = [
    "title_blocks",
    "datelines",
    "bylines",
    "reporters",
    "dateline_dates",
];

/// An issue's structure accuracy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructureScore {
    pub title_blocks: FamilyScore,
    pub datelines: FamilyScore,
    pub bylines: FamilyScore,
    pub reporters: FamilyScore,
    pub dateline_dates: FamilyScore,
    /// Expected title blocks no parsed article matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missed_titles: Vec<String>,
    /// Parsed title blocks that match no expected one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unexpected_titles: Vec<String>,
}

impl StructureScore {
    /// One line for the terminal: each family's F1 with its counts.
    pub fn one_line(&self) -> String {
        let rate = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.2}"));
        self.families()
            .iter()
            .filter(|(_, f)| f.expected + f.found > 0)
            .map(|(name, f)| {
                format!(
                    "{} F1 {} ({}/{} right, {} expected)",
                    name.replace('_', " "),
                    rate(f.f1),
                    f.correct,
                    f.found,
                    f.expected
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The families by name, in [`FAMILIES`] order.
    pub fn families(&self) -> [(&'static str, &FamilyScore); 5] {
        [
            (FAMILIES[0], &self.title_blocks),
            (FAMILIES[1], &self.datelines),
            (FAMILIES[2], &self.bylines),
            (FAMILIES[3], &self.reporters),
            (FAMILIES[4], &self.dateline_dates),
        ]
    }
}

/// Sums over issues: counts per family (micro-averaged rates).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StructureTotals {
    pub issues: usize,
    pub families: [Family; 5],
}

impl StructureTotals {
    pub fn add(&mut self, s: &StructureScore) {
        self.issues += 1;
        for (k, (_, f)) in s.families().iter().enumerate() {
            self.families[k].add(&f.counts());
        }
    }

    /// The totals as one score (without title lists); `None` when no
    /// issue had an expected structure.
    pub fn score(&self) -> Option<StructureScore> {
        (self.issues > 0).then(|| {
            let [t, d, b, r, x] = self.families.map(FamilyScore::from);
            StructureScore {
                title_blocks: t,
                datelines: d,
                bylines: b,
                reporters: r,
                dateline_dates: x,
                missed_titles: Vec::new(),
                unexpected_titles: Vec::new(),
            }
        })
    }
}

/// Brackets that close a reporter note, and the shapes OCR reads for them.
const CLOSERS: [char; 9] = [')', '）', '〉', '》', ']', '】', '］', '〕', '>'];
/// Brackets that open one, and their look-alikes.
const OPENERS: [char; 9] = ['(', '（', '〈', '《', '[', '【', '［', '〔', '<'];

/// A reporter note as a note: its bracket shapes folded to `（…）` and
/// stray marks between the marker and the note (`电。〈记者…)`,
/// `电“《〈记者…)`) dropped.
/// OCR reads the round brackets of a note as `〈`, `《` or `)`; that is
/// punctuation damage, which the `punct.*` checks report on the text, not a
/// wrong note. The names inside must still be exactly right.
fn reporter_note(rest: &str) -> String {
    let inner = rest
        .trim_start_matches(|c: char| {
            c.is_whitespace() || "。，、．.,:：“”\"'‘’「」".contains(c) || OPENERS.contains(&c)
        })
        .trim_end_matches(CLOSERS)
        .trim();
    format!("（{inner}）")
}

/// One parsed article's fields, as the expected structure states them.
struct ParsedFields {
    title: Option<String>,
    dateline: Option<String>,
    byline: Option<String>,
    people: Vec<String>,
    date: Option<String>,
}

fn parsed_fields(a: &Article) -> ParsedFields {
    let title = a.headline.as_ref().map(|h| {
        let mut t = a.kicker.clone().unwrap_or_default();
        t.push_str(h);
        if let Some(s) = &a.subtitle {
            t.push_str(s);
        }
        t
    });
    let mut people = Vec::new();
    let mut byline = None;
    if let Some(d) = &a.dateline {
        people.extend(d.people.reporters.iter().cloned());
        people.extend(d.people.correspondents.iter().cloned());
        // The reporter note after the marker: what the dateline holds
        // beyond it (`本报北京2月13日电（记者李心萍）`), up to its closing
        // bracket (a city paper's lead date may follow: `…）7月4日`).
        // The marker is the text's start, char for char (its look-alike
        // digits written as digits: `]月` → `1月`).
        let skip: usize = d
            .text
            .chars()
            .take(d.marker.chars().count())
            .map(char::len_utf8)
            .sum();
        let rest = d.text[skip..].trim();
        let rest = match rest.rfind(CLOSERS) {
            Some(k) => &rest[..k + rest[k..].chars().next().map_or(0, char::len_utf8)],
            None => rest,
        };
        if !rest.is_empty() && !d.people.is_empty() {
            byline = Some(reporter_note(rest));
        }
    }
    if let Some(b) = &a.byline {
        people.extend(b.people.reporters.iter().cloned());
        people.extend(b.people.correspondents.iter().cloned());
        if byline.is_none() {
            byline = Some(b.text.clone());
        }
    }
    ParsedFields {
        title,
        dateline: a.dateline.as_ref().map(|d| d.marker.clone()),
        byline,
        people,
        date: a.dateline.as_ref().and_then(|d| d.date.clone()),
    }
}

/// How alike two strings are: 1 − edit distance / the longer length.
pub fn similarity(a: &[char], b: &[char]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let d = rapidfuzz::distance::levenshtein::distance(a.iter().copied(), b.iter().copied());
    1.0 - d as f64 / longest as f64
}

/// Matches expected and parsed title blocks one to one, most alike
/// first. Returns the pairs (expected index, parsed index).
fn match_titles(expected: &[Vec<char>], parsed: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, e) in expected.iter().enumerate() {
        for (j, p) in parsed.iter().enumerate() {
            // Cheap bound first: lengths far apart cannot be alike enough.
            let (lo, hi) = (e.len().min(p.len()), e.len().max(p.len()));
            if hi > 0 && (lo as f64) < TITLE_SIMILARITY * hi as f64 {
                continue;
            }
            let s = similarity(e, p);
            if s >= TITLE_SIMILARITY {
                pairs.push((s, i, j));
            }
        }
    }
    // Most alike first; ties in reading order, so the result is stable.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_e, mut used_p) = (vec![false; expected.len()], vec![false; parsed.len()]);
    let mut out = Vec::new();
    for (_, i, j) in pairs {
        if !used_e[i] && !used_p[j] {
            used_e[i] = true;
            used_p[j] = true;
            out.push((i, j));
        }
    }
    out.sort_unstable();
    out
}

/// Multiset match of folded strings: how many of `found` are among `expected`.
fn multiset(expected: &[String], found: &[String]) -> Family {
    let mut want: HashMap<String, usize> = HashMap::new();
    for e in expected {
        *want.entry(fold(e)).or_default() += 1;
    }
    let mut correct = 0;
    for f in found {
        if let Some(n) = want.get_mut(&fold(f)).filter(|n| **n > 0) {
            *n -= 1;
            correct += 1;
        }
    }
    Family {
        expected: expected.len(),
        found: found.len(),
        correct,
    }
}

/// Scores an issue's parsed articles against its expected structure.
pub fn score(expected: &ExpectedIssue, articles: &[Article]) -> StructureScore {
    let exp: Vec<_> = expected.articles().collect();
    let parsed: Vec<ParsedFields> = articles.iter().map(parsed_fields).collect();
    let exp_titles: Vec<String> = exp.iter().filter_map(|a| a.title()).collect();
    let got_titles: Vec<String> = parsed.iter().filter_map(|p| p.title.clone()).collect();
    let chars =
        |v: &[String]| -> Vec<Vec<char>> { v.iter().map(|t| fold(t).chars().collect()).collect() };
    let pairs = match_titles(&chars(&exp_titles), &chars(&got_titles));
    let mut matched_e = vec![false; exp_titles.len()];
    let mut matched_p = vec![false; got_titles.len()];
    for &(i, j) in &pairs {
        matched_e[i] = true;
        matched_p[j] = true;
    }
    let titles = Family {
        expected: exp_titles.len(),
        found: got_titles.len(),
        correct: pairs.len(),
    };
    let collect = |f: &dyn Fn(&ParsedFields) -> Option<String>| -> Vec<String> {
        parsed.iter().filter_map(f).collect()
    };
    let datelines = multiset(
        &exp.iter()
            .filter_map(|a| a.dateline.clone())
            .collect::<Vec<_>>(),
        &collect(&|p| p.dateline.clone()),
    );
    let bylines = multiset(
        &exp.iter()
            .filter_map(|a| a.byline.clone())
            .collect::<Vec<_>>(),
        &collect(&|p| p.byline.clone()),
    );
    let reporters = multiset(
        &exp.iter()
            .flat_map(|a| a.reporters.iter().chain(&a.correspondents).cloned())
            .collect::<Vec<_>>(),
        &parsed
            .iter()
            .flat_map(|p| p.people.iter().cloned())
            .collect::<Vec<_>>(),
    );
    let dates = multiset(
        &exp.iter()
            .filter_map(|a| a.dateline_date().map(str::to_string))
            .collect::<Vec<_>>(),
        &collect(&|p| p.dateline.as_ref().and(p.date.clone())),
    );
    StructureScore {
        title_blocks: titles.into(),
        datelines: datelines.into(),
        bylines: bylines.into(),
        reporters: reporters.into(),
        dateline_dates: dates.into(),
        missed_titles: exp_titles
            .iter()
            .zip(&matched_e)
            .filter(|(_, m)| !**m)
            .map(|(t, _)| t.clone())
            .collect(),
        unexpected_titles: got_titles
            .iter()
            .zip(&matched_p)
            .filter(|(_, m)| !**m)
            .map(|(t, _)| t.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_reporter_note_is_compared_with_its_brackets_folded() {
        for raw in [
            "（记者王小明）",
            "〈记者王小明)",
            "。《记者王小明)",
            "“ 《〈记者王小明)",
            "(记者王小明)",
        ] {
            assert_eq!(reporter_note(raw), "（记者王小明）", "{raw}");
        }
        // The names are not folded: a misread name stays a miss.
        assert_ne!(reporter_note("《记者王小朋)"), "（记者王小明）");
    }

    use super::*;

    fn chars(s: &str) -> Vec<char> {
        fold(s).chars().collect()
    }

    #[test]
    fn families_count_precision_recall_and_f1() {
        let f = Family {
            expected: 10,
            found: 8,
            correct: 6,
        };
        assert_eq!(f.precision(), Some(0.75));
        assert_eq!(f.recall(), Some(0.6));
        assert!((f.f1().unwrap() - 12.0 / 18.0).abs() < 1e-12);
        assert_eq!(Family::default().f1(), None);
        let none_found = Family {
            expected: 3,
            found: 0,
            correct: 0,
        };
        assert_eq!(none_found.precision(), Some(0.0));
        assert_eq!(none_found.f1(), Some(0.0));
    }

    #[test]
    fn titles_match_one_to_one_when_alike_enough() {
        let e = vec![
            chars("国务院印发《国家职业教育改革实施方案》"),
            chars("春节长假邮政包裹5293万件"),
        ];
        // One OCR misreading: still the same head; a head cut in half: not.
        let p = vec![
            chars("国务院印发《国家职业教育改革实施方案》"),
            chars("春节长假邮政包庄5293万件"),
            chars("国务院印发《国家"),
        ];
        assert_eq!(match_titles(&e, &p), vec![(0, 0), (1, 1)]);
        let half = vec![chars("国务院印发《国家")];
        assert!(match_titles(&e[..1], &half).is_empty());
        // The same head twice in the parse matches once.
        let twice = vec![e[0].clone(), e[0].clone()];
        assert_eq!(match_titles(&e[..1], &twice).len(), 1);
    }

    #[test]
    fn fields_compare_without_spaces_and_width() {
        let f = multiset(
            &[
                "（记者李心萍）".to_string(),
                "新华社北京2月13日电".to_string(),
            ],
            &[
                "(记者 李心萍)".to_string(),
                "新华社北京2月18日电".to_string(),
            ],
        );
        assert_eq!((f.expected, f.found, f.correct), (2, 2, 1));
    }
}
