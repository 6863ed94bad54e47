//! The quality score of a page and of an issue: one number an editor can
//! sort by, worst first, built from everything the tool knows about it and
//! documented in the report itself ([`WEIGHTS`] is what the report prints).
//!
//! Higher is worse; 0 means nothing to show. The parts add up:
//!
//! * **findings** — hits per 1,000 characters, each hit weighted by its
//!   severity (error 10, warning 3, info 1). Every hit of a grouped finding
//!   counts: 247 stray spaces are 247 hits, not one finding.
//! * **CER** — character errors per 1,000 characters (1,000 × CER), where
//!   the page has ground truth. The same unit as the findings part.
//! * **untitled** — 100 × the share of articles without a headline.
//! * **lost headlines** — 100 × the share of the accepted snapshot's
//!   headlines the pending one no longer has.
//! * **structure** — 100 × (1 − title-block F1), where the issue has an
//!   expected structure.
//!
//! A page lost its headlines, or half of its articles are untitled: that is
//! 50 to 100 points, as much as a page whose every tenth character is
//! wrong; stray spaces alone rarely reach it.

use crate::result::IssueResult;
use crate::snapshot::editorial::{first_page, headlines, LostHeadline};
use crate::snapshot::review::Review;
use crate::validate::{Finding, Severity};
use serde::{Deserialize, Serialize};

/// The weights of the score, as the report documents them.
pub struct Weights {
    pub error: f64,
    pub warning: f64,
    pub info: f64,
    /// Points for a share of 1 (every article untitled, every head lost,
    /// title-block F1 of 0).
    pub structure: f64,
    /// Points per unit of CER (1,000: errors per 1,000 characters).
    pub cer: f64,
}

pub const WEIGHTS: Weights = Weights {
    error: 10.0,
    warning: 3.0,
    info: 1.0,
    structure: 100.0,
    cer: 1000.0,
};

/// The score and what it is made of.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Score {
    /// The sum of the parts, rounded to one decimal.
    pub score: f64,
    /// Severity-weighted hits per 1,000 characters.
    pub findings: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cer: Option<f64>,
    pub untitled: f64,
    pub lost_headlines: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<f64>,
    /// The counts behind the parts.
    pub hits: Hits,
    pub chars: usize,
    pub articles: usize,
    pub untitled_articles: usize,
    /// Headlines of the accepted snapshot the pending one lost, of how many.
    pub headlines_lost: usize,
    pub headlines_accepted: usize,
}

/// Hits (locations) by severity.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
pub struct Hits {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Hits {
    fn add(&mut self, f: &Finding) {
        let n = f.count.max(1);
        match f.severity {
            Severity::Error => self.error += n,
            Severity::Warning => self.warning += n,
            Severity::Info => self.info += n,
        }
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

/// An issue's score, and each page's.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Quality {
    #[serde(flatten)]
    pub issue: Score,
    pub pages: Vec<PageScore>,
    /// The headlines the pending snapshot lost, where they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lost: Vec<LostHeadline>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PageScore {
    /// The page file.
    pub file: String,
    /// 1-based, in issue order.
    pub page: usize,
    #[serde(flatten)]
    pub score: Score,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// What one score is computed from.
struct Inputs {
    hits: Hits,
    chars: usize,
    cer: Option<f64>,
    articles: usize,
    untitled: usize,
    lost: usize,
    accepted: usize,
    title_f1: Option<f64>,
}

fn score(i: Inputs) -> Score {
    let w = &WEIGHTS;
    let weighted = w.error * i.hits.error as f64
        + w.warning * i.hits.warning as f64
        + w.info * i.hits.info as f64;
    let findings = weighted * 1000.0 / i.chars.max(1) as f64;
    let cer = i.cer.filter(|c| c.is_finite()).map(|c| w.cer * c);
    let untitled = w.structure * share(i.untitled, i.articles);
    let lost_headlines = w.structure * share(i.lost, i.accepted);
    let structure = i.title_f1.map(|f| w.structure * (1.0 - f));
    let total =
        findings + cer.unwrap_or(0.0) + untitled + lost_headlines + structure.unwrap_or(0.0);
    Score {
        score: round1(total),
        findings: round1(findings),
        cer: cer.map(round1),
        untitled: round1(untitled),
        lost_headlines: round1(lost_headlines),
        structure: structure.map(round1),
        hits: i.hits,
        chars: i.chars,
        articles: i.articles,
        untitled_articles: i.untitled,
        headlines_lost: i.lost,
        headlines_accepted: i.accepted,
    }
}

/// Whether two page files are one page: the same file, or the same page
/// number in another format (`p01.txt` and `p01.alto.xml` after a re-OCR
/// to ALTO).
pub fn same_page(a: &str, b: &str) -> bool {
    a == b || (!a.is_empty() && a.split('.').next() == b.split('.').next())
}

/// The score of an issue and of each of its pages. `change` is the
/// pending snapshot's review, where the snapshot changed: it says which
/// headlines were lost.
pub fn of_issue(r: &IssueResult, change: Option<&Review>) -> Quality {
    let heads = change.map(headlines).unwrap_or_default();
    let mut hits = Hits::default();
    for f in &r.findings {
        hits.add(f);
    }
    let title_f1 = r
        .structure
        .as_ref()
        .and_then(|s| s.title_blocks.f1)
        .filter(|_| {
            r.structure
                .as_ref()
                .is_some_and(|s| s.title_blocks.expected > 0)
        });
    let issue = score(Inputs {
        hits,
        chars: r.summary.chars,
        cer: r.accuracy.as_ref().map(|a| a.total.cer_pooled.0),
        articles: r.summary.articles,
        untitled: r.summary.untitled,
        lost: heads.lost.len(),
        accepted: heads.accepted_total(),
        title_f1,
    });
    let pages = r
        .pages
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mut hits = Hits::default();
            for f in r.findings.iter().filter(|f| f.page == p.file) {
                hits.add(f);
            }
            let cards = r.cards.iter().filter(|c| first_page(&c.lines) == p.file);
            let (mut articles, mut untitled) = (0, 0);
            for c in cards {
                articles += 1;
                untitled += usize::from(c.headline.is_none());
            }
            PageScore {
                file: p.file.clone(),
                page: k + 1,
                score: score(Inputs {
                    hits,
                    chars: p.chars,
                    cer: p.accuracy.as_ref().map(|a| a.cer.0),
                    articles,
                    untitled,
                    lost: heads
                        .lost
                        .iter()
                        .filter(|l| same_page(&l.page, &p.file))
                        .count(),
                    accepted: heads
                        .accepted
                        .iter()
                        .find(|(f, _)| same_page(f, &p.file))
                        .map_or(0, |(_, n)| *n),
                    title_f1: None,
                }),
            }
        })
        .collect();
    Quality {
        issue,
        pages,
        lost: heads.lost,
    }
}

/// Worst first: the higher score, then the id (so equal scores keep a
/// stable order on every machine).
pub fn worst_first(a: (f64, &str), b: (f64, &str)) -> std::cmp::Ordering {
    b.0.partial_cmp(&a.0)
        .unwrap_or(std::cmp::Ordering::Equal)
        .then_with(|| a.1.cmp(b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> Inputs {
        Inputs {
            hits: Hits::default(),
            chars: 5000,
            cer: None,
            articles: 8,
            untitled: 0,
            lost: 0,
            accepted: 0,
            title_f1: None,
        }
    }

    #[test]
    fn every_hit_counts_by_its_severity() {
        let s = score(Inputs {
            hits: Hits {
                error: 1,
                warning: 247,
                info: 3,
            },
            ..inputs()
        });
        // (10 + 741 + 3) per 5,000 characters.
        assert_eq!(s.findings, 150.8);
        assert_eq!(s.score, 150.8);
    }

    #[test]
    fn lost_headlines_outweigh_a_few_stray_spaces() {
        let lost = score(Inputs {
            untitled: 6,
            articles: 7,
            lost: 7,
            accepted: 8,
            hits: Hits {
                warning: 30,
                ..Hits::default()
            },
            ..inputs()
        });
        let spaces = score(Inputs {
            hits: Hits {
                warning: 65,
                ..Hits::default()
            },
            ..inputs()
        });
        assert_eq!(lost.untitled, 85.7);
        assert_eq!(lost.lost_headlines, 87.5);
        assert!(lost.score > spaces.score, "{lost:?} vs {spaces:?}");
    }

    #[test]
    fn cer_and_structure_add_in_their_units() {
        let s = score(Inputs {
            cer: Some(0.0123),
            title_f1: Some(0.75),
            ..inputs()
        });
        assert_eq!(s.cer, Some(12.3));
        assert_eq!(s.structure, Some(25.0));
        assert_eq!(s.score, 37.3);
    }

    #[test]
    fn ties_are_broken_by_id() {
        let mut v = vec![(1.0, "b"), (2.0, "c"), (1.0, "a")];
        v.sort_by(|a, b| worst_first(*a, *b));
        assert_eq!(v, [(2.0, "c"), (1.0, "a"), (1.0, "b")]);
    }
}
