//! An estimate of a page's CER without ground truth.
//!
//! Almost no page of an archive has ground truth, yet "which pages are
//! bad?" is the question every archive asks. The estimate reads three
//! signals off the OCR text and weighs them with a linear model fitted on
//! pages that do have ground truth (`scripts/eval-dev.sh` prints the refit;
//! the coefficients are data, in the profile's `metrics.cer_estimate`):
//!
//! * **suspects** per Han character: characters the segmenter leaves on
//!   their own for which a glyph look-alike would read better
//!   ([`crate::text::misread`]) — look-alike misreads are the commonest OCR
//!   error in Chinese, and most of them break a word;
//! * **foreign** per non-space character: ASCII letters and punctuation,
//!   which Chinese text rarely has and OCR produces from specks, rules and
//!   misread full-width punctuation;
//! * **findings** per Han character: what the checks found on the page.
//!
//! One more term is not fitted: on a page read straight across its
//! columns (`page.read-across`), the share of lines that cross a gutter is
//! added as it is. Each such line strings pieces of different columns
//! together, and an alignment with the text in reading order counts text
//! out of place as errors: the three-column pages read with tesseract
//! `--psm 6` measure a CER of 0.51 and 0.97 with 26 % and 97 % of their
//! lines crossing, while their characters are as well read as any.
//!
//! The signals go into the snapshot beside the estimate, so a reviewer sees
//! why a page is rated as it is. The estimate is a ranking aid with error
//! bars (docs/checks.md), not a measurement: a page with ground truth has
//! its real CER beside it.

use crate::text::chars::is_han;
use crate::text::misread::Suspect;
use serde::{Deserialize, Serialize};

/// Glyph similarity and gain (natural log) from which a character counts
/// as a suspect. Far below `char.suspect`'s thresholds: a count wants
/// recall, a finding precision.
pub const SUSPECT_SIMILARITY: f32 = 0.7;
const SUSPECT_GAIN: f64 = 2.0;
/// Pages with fewer Han characters get no estimate: a handful of
/// characters says nothing about a rate.
pub const MIN_HAN: usize = 200;

/// The weights of the estimate, as a profile spells them out: one set for
/// every page, and one for pages whose format gives word confidences
/// (ALTO, hOCR), where the engine's own doubt is a further signal.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CerModel {
    pub text: CerWeights,
    #[serde(default)]
    pub with_confidence: Option<CerWeights>,
}

/// The estimate as a rule file sets it: `off`, or the weights. A profile
/// without the key has it off (a language the model was not fitted on).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum EstimateSetting {
    #[default]
    Off,
    On(CerModel),
}

impl EstimateSetting {
    pub fn model(&self) -> Option<&CerModel> {
        match self {
            EstimateSetting::Off => None,
            EstimateSetting::On(m) => Some(m),
        }
    }
}

impl<'de> Deserialize<'de> for EstimateSetting {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Setting;
        impl<'de> serde::de::Visitor<'de> for Setting {
            type Value = EstimateSetting;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`off`, or the weights (text:, with_confidence:)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                match v {
                    "off" => Ok(EstimateSetting::Off),
                    _ => Err(E::custom(format!(
                        "`{v}`: write `off`, or the weights (text:, with_confidence:)"
                    ))),
                }
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                match v {
                    false => Ok(EstimateSetting::Off),
                    true => Err(E::custom(
                        "write `off`, or the weights (text:, with_confidence:)",
                    )),
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                CerModel::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(EstimateSetting::On)
            }
        }
        d.deserialize_any(Setting)
    }
}

/// One linear model: the estimate is the intercept plus each signal's rate
/// times its weight.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CerWeights {
    #[serde(deserialize_with = "finite")]
    pub intercept: f64,
    #[serde(deserialize_with = "finite")]
    pub suspects: f64,
    #[serde(deserialize_with = "finite")]
    pub foreign: f64,
    #[serde(deserialize_with = "finite")]
    pub findings: f64,
    /// Weight of 1 - the page's mean word confidence.
    #[serde(default, deserialize_with = "finite")]
    pub doubt: f64,
}

/// A weight as a rule file writes it: any finite number. `.nan` or `.inf`
/// would make every estimate NaN or 1 without a word, so they are refused
/// where they are written.
fn finite<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format!(
            "a CER estimate weight must be a finite number, not {v}"
        )))
    }
}

/// What the estimate reads off one page's text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PageSignals {
    pub han: usize,
    pub non_space: usize,
    pub foreign: usize,
    pub suspects: usize,
    /// Non-blank lines, and the lines that cross a column gutter when the
    /// page was read across its columns (else 0).
    pub lines: usize,
    pub across: usize,
}

impl PageSignals {
    /// Adds the raw text of one line (for the foreign characters: the
    /// normalised text has lost some of them).
    pub fn add_raw_line(&mut self, line: &str) {
        for c in line.chars().filter(|c| !c.is_whitespace()) {
            self.non_space += 1;
            if c.is_ascii() && !c.is_ascii_digit() {
                self.foreign += 1;
            }
        }
    }

    /// Adds one paragraph of normalised text (the segmenter wants whole
    /// words, not line pieces) with its look-alike suspects.
    pub fn add_paragraph(&mut self, chars: &[char], suspects: &[Suspect]) {
        self.han += chars.iter().filter(|&&c| is_han(c)).count();
        self.suspects += suspects
            .iter()
            .filter(|s| {
                s.best(SUSPECT_SIMILARITY)
                    .is_some_and(|s| s.gain >= SUSPECT_GAIN)
            })
            .count();
    }
}

/// A page's estimated CER with the signals it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CerEstimate {
    /// The estimate (4 decimals), clamped to 0..=1.
    pub cer: f64,
    /// Han characters read.
    pub han: usize,
    /// Characters read, spaces aside.
    pub non_space: usize,
    /// Characters a look-alike would read better.
    pub suspects: usize,
    /// ASCII letters and punctuation.
    pub foreign: usize,
    /// Findings on the page.
    pub findings: usize,
    /// Lines read across the columns, on a page read so (else 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub across: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl CerModel {
    /// The estimate for one page; `None` below [`MIN_HAN`] Han characters.
    /// `confidence` is the page's mean word confidence, where it has one.
    pub fn estimate(
        &self,
        s: &PageSignals,
        findings: usize,
        confidence: Option<f64>,
    ) -> Option<CerEstimate> {
        if s.han < MIN_HAN {
            return None;
        }
        let (w, doubt) = match (self.with_confidence, confidence) {
            (Some(w), Some(c)) => (w, 1.0 - c),
            _ => (self.text, 0.0),
        };
        let han = s.han as f64;
        let cer = w.intercept
            + w.suspects * s.suspects as f64 / han
            + w.foreign * s.foreign as f64 / s.non_space.max(1) as f64
            + w.findings * findings as f64 / han
            + w.doubt * doubt
            + s.across as f64 / s.lines.max(1) as f64;
        Some(CerEstimate {
            cer: crate::location::round(cer.clamp(0.0, 1.0), 4),
            han: s.han,
            non_space: s.non_space,
            suspects: s.suspects,
            foreign: s.foreign,
            findings,
            across: s.across,
        })
    }
}

/// The issue's estimate: the pages' estimates weighted by their Han
/// characters (a page of ten lines does not count as much as a full one).
pub fn issue_estimate<'a>(pages: impl IntoIterator<Item = &'a CerEstimate>) -> Option<f64> {
    let (sum, n) = pages.into_iter().fold((0.0, 0usize), |(sum, n), e| {
        (sum + e.cer * e.han as f64, n + e.han)
    });
    (n > 0).then(|| crate::location::round(sum / n as f64, 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: CerWeights = CerWeights {
        intercept: 0.01,
        suspects: 1.0,
        foreign: 0.5,
        findings: 1.0,
        doubt: 0.0,
    };
    const MODEL: CerModel = CerModel {
        text: TEXT,
        with_confidence: None,
    };

    fn signals(paragraphs: &[&str]) -> PageSignals {
        let mut s = PageSignals::default();
        for p in paragraphs {
            s.add_raw_line(p);
            let chars: Vec<char> = p.chars().collect();
            let suspects = crate::text::misread::scan(p, &chars, SUSPECT_SIMILARITY);
            s.add_paragraph(&chars, &suspects);
        }
        s
    }

    /// Made-up text, the same twice over: once as printed, once with
    /// look-alike misreads and ASCII punctuation as OCR makes them.
    #[test]
    fn damaged_text_rates_worse_than_clean_text() {
        let clean = "市里举办了农村电商培训班，学员们表示收获很大。会议对下一步工作作出部署要求，\
                     各地要做好防汛工作，确保群众生命财产安全。";
        let damaged = "市里举办了农村电商塔训班,学员们表示收获很大。会议对下一步工作作出部暑要求,\
                       各地要做好防汛工作,确保群众生命财产安全。";
        let clean: Vec<&str> = std::iter::repeat_n(clean, 5).collect();
        let damaged: Vec<&str> = std::iter::repeat_n(damaged, 5).collect();
        let (c, d) = (signals(&clean), signals(&damaged));
        assert_eq!(c.han, d.han);
        assert_eq!(c.foreign, 0);
        assert_eq!(d.foreign, 15);
        assert!(d.suspects >= c.suspects + 10, "{c:?} {d:?}");
        let (ce, de) = (
            MODEL.estimate(&c, 0, None).unwrap(),
            MODEL.estimate(&d, 0, None).unwrap(),
        );
        assert!(de.cer > ce.cer, "{ce:?} {de:?}");
    }

    /// `off`, or the weights; anything else is refused.
    #[test]
    fn a_rule_file_sets_the_estimate_off_or_its_weights() {
        let read = |yaml: &str| serde_saphyr::from_str::<EstimateSetting>(yaml);
        assert_eq!(read("off").unwrap(), EstimateSetting::Off);
        let on = read("text: {intercept: 0.01, suspects: 1, foreign: 0.5, findings: 1}").unwrap();
        assert_eq!(on.model(), Some(&MODEL));
        assert!(read("maybe")
            .unwrap_err()
            .to_string()
            .contains("write `off`"));
        assert!(read("text: {intercept: 0.01}").is_err());
    }

    #[test]
    fn short_pages_get_no_estimate() {
        let s = signals(&["市里举办了农村电商培训班。"]);
        assert!(MODEL.estimate(&s, 0, None).is_none());
    }

    #[test]
    fn the_estimate_stays_a_rate() {
        let s = PageSignals {
            han: 1000,
            non_space: 1000,
            foreign: 1000,
            suspects: 1000,
            ..PageSignals::default()
        };
        assert_eq!(MODEL.estimate(&s, 1000, None).unwrap().cer, 1.0);
        let none = PageSignals {
            han: 1000,
            ..PageSignals::default()
        };
        let low = CerModel {
            text: CerWeights {
                intercept: -0.5,
                ..TEXT
            },
            with_confidence: None,
        };
        assert_eq!(low.estimate(&none, 0, None).unwrap().cer, 0.0);
    }

    /// A page read across its columns adds the share of crossing lines,
    /// unweighted, to what its characters say; the count is written
    /// beside the estimate, and only for such a page.
    #[test]
    fn lines_read_across_columns_count_as_errors() {
        let read = signals(&["市里举办了农村电商培训班，学员们表示收获很大。"; 20]);
        let across = PageSignals {
            lines: 80,
            across: 60,
            ..read
        };
        let (base, shuffled) = (
            MODEL.estimate(&read, 0, None).unwrap(),
            MODEL.estimate(&across, 0, None).unwrap(),
        );
        assert!(
            (shuffled.cer - base.cer - 0.75).abs() < 1e-3,
            "{base:?} {shuffled:?}"
        );
        assert_eq!((base.across, shuffled.across), (0, 60));
        let yaml = serde_saphyr::to_string(&base).unwrap();
        assert!(!yaml.contains("across"), "{yaml}");
    }

    /// The engine's doubt counts where the page has confidences, and only
    /// with the weights fitted for it.
    #[test]
    fn confidence_uses_its_own_weights() {
        let s = PageSignals {
            han: 1000,
            non_space: 1000,
            foreign: 0,
            suspects: 10,
            ..PageSignals::default()
        };
        let model = CerModel {
            text: TEXT,
            with_confidence: Some(CerWeights {
                intercept: 0.0,
                suspects: 0.0,
                foreign: 0.0,
                findings: 0.0,
                doubt: 0.5,
            }),
        };
        assert_eq!(model.estimate(&s, 0, None).unwrap().cer, 0.02);
        assert_eq!(model.estimate(&s, 0, Some(0.9)).unwrap().cer, 0.05);
        assert_eq!(MODEL.estimate(&s, 0, Some(0.9)).unwrap().cer, 0.02);
    }

    #[test]
    fn the_issue_weighs_pages_by_their_characters() {
        let page = |cer, han| CerEstimate {
            cer,
            han,
            non_space: han,
            suspects: 0,
            foreign: 0,
            findings: 0,
            across: 0,
        };
        assert_eq!(
            issue_estimate(&[page(0.1, 3000), page(0.5, 1000)]),
            Some(0.2)
        );
        assert_eq!(issue_estimate(&[]), None);
    }
}
