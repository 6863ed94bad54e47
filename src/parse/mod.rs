//! Parsing: rules (YAML → compiled), segmentation of pages into articles,
//! and field extraction (headline parts, bylines, datelines).

pub mod credits;
pub mod dateline;
pub mod rules;
pub mod segment;
pub mod streams;

use credits::Credits;
use dateline::Dateline;
use serde::Serialize;

/// A paragraph of the issue: page index and paragraph index on that page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParaRef {
    pub page: usize,
    pub para: usize,
}

/// One article (or untitled unit) of an issue.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// 1-based, in reading order.
    pub id: usize,
    /// Where it is: page files and source line ranges.
    pub lines: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kicker: Option<String>,
    /// `null` when the OCR lost it (or the piece never had one).
    pub headline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<Credits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    /// Why a unit without a headline is separate, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The normalised paragraphs, one per entry.
    pub paragraphs: Vec<String>,
    /// Numbers in the body, as typed values: `1298户 = 1298 户`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<String>,
    /// Dates in the body, resolved against the issue date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<String>,
    /// Headline, byline and body paragraphs, in the order they were read.
    #[serde(skip)]
    pub parts: Vec<ParaRef>,
    /// Body paragraphs only.
    #[serde(skip)]
    pub body: Vec<ParaRef>,
    /// A credit the OCR read on one line with a head line: that paragraph,
    /// and the credit's span in its normalised text (characters).
    #[serde(skip)]
    pub merged_credit: Option<(ParaRef, usize, usize)>,
    /// A roundtable: signed contributions after an editor's note were
    /// folded into it, and further ones join it too.
    #[serde(skip)]
    pub roundtable: bool,
}

impl Article {
    /// Adds a credit paragraph at `at`: its people join the byline.
    /// Takes a signed piece of a roundtable or a series as text: its head,
    /// its signature and its text are this article's body from here on.
    pub fn take_piece(&mut self, piece: &Article) {
        self.roundtable = true;
        self.parts.extend(piece.parts.iter().copied());
        self.body.extend(piece.parts.iter().copied());
    }

    pub fn add_credit(&mut self, at: ParaRef, credit: Credits) {
        self.parts.push(at);
        match &mut self.byline {
            Some(b) => b.merge(credit),
            None => self.byline = Some(credit),
        }
    }

    pub fn new() -> Article {
        Article {
            id: 0,
            lines: String::new(),
            kicker: None,
            headline: None,
            subtitle: None,
            byline: None,
            dateline: None,
            note: None,
            paragraphs: Vec::new(),
            numbers: Vec::new(),
            dates: Vec::new(),
            parts: Vec::new(),
            body: Vec::new(),
            merged_credit: None,
            roundtable: false,
        }
    }
}

impl Default for Article {
    fn default() -> Self {
        Article::new()
    }
}
