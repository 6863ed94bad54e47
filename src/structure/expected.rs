//! Expected structure: what an issue's articles are, as an editor (or
//! another system) says, in `<issue>/expected.yaml`.
//!
//! The format is the one of the development corpus's `expected/*.yaml`,
//! adopted as is so that archives and that corpus need no converter:
//!
//! ```yaml
//! format: 1                      # optional; the version of this format
//! pages:
//!   - page: 1                    # optional: the printed page number
//!     articles:
//!       - kicker: 引题             # optional
//!         headline: 主标题
//!         subheadlines: [副题]     # further title lines, in order
//!         dateline: 本报北京2月13日电   # or null
//!         byline: （记者李心萍）     # the reporter note after the dateline, or a byline line
//!         reporters: [李心萍]
//!         correspondents: []     # optional
//!         dateline_date: 2019-02-13   # optional: the date the dateline gives
//!         first_paragraph_dates:  # optional; without dateline_date, the first
//!                                 # one written inside the dateline is its date
//!           - {text: 2月13日, iso: 2019-02-13}
//! ```
//!
//! A flat `articles:` list may stand instead of `pages:`. Fields the
//! development corpus carries for its own bookkeeping (`n`, `start`,
//! `images`, `paragraphs`, `body_chars`, …) are accepted and not scored;
//! any other key is an error at its line and column, so a misspelt field
//! is never silently ignored.

use crate::error::{Error, FileError, Result};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::path::Path;

/// The versions of the format this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// The file name in an issue folder.
pub const FILE_NAME: &str = "expected.yaml";

/// The largest expected-structure file read (an issue's worth is kilobytes).
pub const MAX_BYTES: u64 = 16_000_000;

/// `<issue>/expected.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExpectedIssue {
    pub format: Option<u32>,
    pub publication: Option<IgnoredAny>,
    pub issue: Option<IgnoredAny>,
    pub note: Option<IgnoredAny>,
    pub pages: Vec<ExpectedPage>,
    /// Articles not assigned to a page (a flat list).
    pub articles: Vec<ExpectedArticle>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExpectedPage {
    pub page: Option<IgnoredAny>,
    pub images: Option<IgnoredAny>,
    pub body_pt: Option<IgnoredAny>,
    pub articles: Vec<ExpectedArticle>,
}

/// A date as written and as meant.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedDate {
    pub text: String,
    pub iso: String,
    #[serde(default)]
    pub inferred: Option<IgnoredAny>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExpectedArticle {
    pub kicker: Option<String>,
    pub headline: Option<String>,
    pub subheadlines: Vec<String>,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    pub reporters: Vec<String>,
    pub correspondents: Vec<String>,
    /// The date the dateline gives, ISO (`本报讯（记者 林金彦）7月4日` →
    /// 2022-07-04); without it, the first of `first_paragraph_dates`
    /// written inside the dateline.
    pub dateline_date: Option<String>,
    pub first_paragraph_dates: Vec<ExpectedDate>,
    // Bookkeeping of the development corpus: read, not scored.
    pub n: Option<IgnoredAny>,
    pub source_file: Option<IgnoredAny>,
    pub start: Option<IgnoredAny>,
    pub images: Option<IgnoredAny>,
    pub dateline_paragraph: Option<IgnoredAny>,
    pub dateline_paragraph_dates: Option<IgnoredAny>,
    pub end_credit: Option<IgnoredAny>,
    pub end_credit_reporters: Option<IgnoredAny>,
    pub paragraphs: Option<IgnoredAny>,
    pub body_chars: Option<IgnoredAny>,
    pub note: Option<IgnoredAny>,
}

impl ExpectedIssue {
    /// Every expected article, pages first, in order.
    pub fn articles(&self) -> impl Iterator<Item = &ExpectedArticle> {
        self.pages
            .iter()
            .flat_map(|p| p.articles.iter())
            .chain(self.articles.iter())
    }

    /// Reads and checks an expected-structure file. A broken file is an
    /// input error of its issue, at the file, line and column.
    pub fn read(path: &Path) -> Result<ExpectedIssue> {
        let input = |e: FileError| Error::Input(e);
        let bytes = crate::fsio::read_input(path, MAX_BYTES, "expected-structure file")?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            input(
                FileError::new(path, "the expected-structure file is not UTF-8")
                    .at(line as u64, 1)
                    .help("save it as UTF-8"),
            )
        })?;
        let parsed: ExpectedIssue =
            crate::parse::rules::parse_yaml(path, &text).map_err(|e| match e {
                Error::Config(f) => input(f.help(
                    "fix the YAML at that position; the format is described in docs/structure.md",
                )),
                other => other,
            })?;
        if let Some(v) = parsed.format.filter(|&v| v != FORMAT_VERSION) {
            return Err(input(
                FileError::new(
                    path,
                    format!("expected-structure format {v} is not known to this ocrgate (it reads format {FORMAT_VERSION})"),
                )
                .help("write `format: 1`, or update ocrgate"),
            ));
        }
        Ok(parsed)
    }
}

impl ExpectedArticle {
    /// The title block as one string: kicker, headline and subheads.
    pub fn title(&self) -> Option<String> {
        let head = self.headline.as_deref()?;
        let mut t = String::new();
        if let Some(k) = &self.kicker {
            t.push_str(k);
        }
        t.push_str(head);
        for s in &self.subheadlines {
            t.push_str(s);
        }
        Some(t)
    }

    /// The dateline's date: the first date of the first paragraph that is
    /// written inside the dateline.
    pub fn dateline_date(&self) -> Option<&str> {
        if let Some(d) = &self.dateline_date {
            return Some(d);
        }
        let dl = super::fold(self.dateline.as_deref()?);
        self.first_paragraph_dates
            .iter()
            .find(|d| dl.contains(&super::fold(&d.text)))
            .map(|d| d.iso.as_str())
    }
}
