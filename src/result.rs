//! The result of checking one issue: what goes into its snapshot.
//!
//! Everything here is a pure function of the corpus files and the rules:
//! no times, no absolute paths, no thread ids, floats rounded.

use crate::parse::Article;
use crate::source::PageFormat;
use crate::validate::{Finding, FindingCounts};
use serde::{Deserialize, Serialize};

/// Serialised into the snapshot; read back (without the articles) from the
/// result cache.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IssueResult {
    /// `publication/folder`.
    pub issue: String,
    pub publication: String,
    /// The issue date, ISO 8601.
    pub date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    pub profile: String,
    pub summary: Summary,
    pub pages: Vec<PageSummary>,
    #[serde(skip_deserializing)]
    pub articles: Vec<Article>,
    /// The articles' heads, for the HTML report; kept (and cached) when
    /// the articles themselves are dropped. Not part of the snapshot.
    #[serde(skip)]
    pub cards: Vec<ArticleCard>,
    /// CER and WER where pages have ground truth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<IssueAccuracy>,
    /// Structure accuracy where the issue has an expected structure
    /// (`expected.yaml`): title blocks, datelines, bylines, reporters, dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<crate::structure::StructureScore>,
    /// What the checks found, in page and line order.
    pub findings: Vec<Finding>,
}

/// What the report shows of an article besides its text: the fields and
/// where it is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArticleCard {
    pub id: usize,
    pub lines: String,
    pub kicker: Option<String>,
    pub headline: Option<String>,
    pub subtitle: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
}

impl ArticleCard {
    pub fn of(a: &Article) -> ArticleCard {
        ArticleCard {
            id: a.id,
            lines: a.lines.clone(),
            kicker: a.kicker.clone(),
            headline: a.headline.clone(),
            subtitle: a.subtitle.clone(),
            byline: a.byline.as_ref().map(|b| b.text.clone()),
            dateline: a.dateline.as_ref().map(|d| d.text.clone()),
        }
    }
}

/// OCR accuracy over the pages of an issue that have ground truth.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct IssueAccuracy {
    /// `ignored` when whitespace is removed before comparing (the profile's
    /// `metrics.ignore_whitespace`), else `kept`.
    pub whitespace: String,
    /// Pooled (Σ errors / Σ length) and mean-of-pages rates.
    #[serde(flatten)]
    pub total: crate::metrics::Aggregate,
    /// The most frequent confusions, GT→OCR with their count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confusions: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub pages: usize,
    pub articles: usize,
    pub headlines: usize,
    pub untitled: usize,
    pub bylines: usize,
    pub datelines: usize,
    pub paragraphs: usize,
    pub chars: usize,
    /// The pages' estimated CER, weighted by their Han characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cer_estimate: Option<f64>,
    pub findings: FindingCounts,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageSummary {
    pub file: String,
    pub format: PageFormat,
    pub encoding: String,
    pub lines: usize,
    pub paragraphs: usize,
    pub chars: usize,
    /// Mean word confidence, where the format has one (3 decimals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// The ground-truth file beside the page, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ground_truth: Option<String>,
    /// CER and WER of the page against its ground truth (4 decimals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<crate::metrics::Measure>,
    /// The page's CER as the language model estimates it, with the
    /// signals it read (pages with enough Chinese text, where the profile
    /// has a model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cer_estimate: Option<crate::metrics::estimate::CerEstimate>,
    /// Masthead, folio and editor lines found on the page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub furniture: Vec<String>,
    /// Other renditions of this page in the issue folder, not read
    /// (`p01.txt` beside `p01.alto.xml`: the richer format is read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternates: Vec<String>,
}

pub use crate::location::{round, Location};
