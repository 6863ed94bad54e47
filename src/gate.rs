//! The CI gate: a baseline of accepted findings, thresholds with a warn
//! and a fail level, and the verdict of a run.
//!
//! A team adopting ocrgate on a corpus with thousands of findings writes a
//! baseline once (`ocrgate baseline write`); from then on `check --baseline`
//! fails only on findings that are new or have grown (counted per issue,
//! rule and content fingerprint, so text moving around is no change), and
//! reports the ones that went away as fixed.

use crate::error::{Error, FileError, Result};
use crate::metrics::Rate;
use crate::result::IssueResult;
use crate::validate::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Counts per issue → rule → fingerprint.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    #[serde(default)]
    pub issues: BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>,
}

/// The largest baseline read (1 GB): about 100 bytes per finding
/// fingerprint, so room for millions of issues.
pub const MAX_BASELINE_BYTES: u64 = 1_000_000_000;

/// The version of the baseline file format.
pub const BASELINE_VERSION: u32 = 1;

/// Finding counts of one issue, keyed by (rule, fingerprint).
pub fn counts(findings: &[Finding]) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for f in findings {
        *out.entry((f.rule.clone(), f.fingerprint.clone()))
            .or_default() += f.count;
    }
    out
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline> {
        let bytes = crate::fsio::read_limited(path, MAX_BASELINE_BYTES, crate::fsio::Links::Follow)
            .map_err(|r| match r {
                crate::fsio::Refusal::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Error::Usage(format!(
                        "no baseline at {}; write one with `ocrgate baseline write`",
                        path.display()
                    ))
                }
                crate::fsio::Refusal::NotAFile("a folder") => Error::Usage(format!(
                    "{} is a folder; --baseline (and `baseline:` in ocrgate.yaml) name the baseline file, e.g. ocrgate-baseline.yaml",
                    path.display()
                )),
                r => crate::fsio::refusal_error(path, r, MAX_BASELINE_BYTES, "baseline"),
            })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::Input(
                FileError::new(path, "the baseline is not UTF-8")
                    .help("write it again with `ocrgate baseline write`"),
            )
        })?;
        // Sized to the file: a baseline of 100,000 issues has millions of
        // nodes, far past the budget meant for hand-written configuration.
        let b: Baseline = crate::parse::rules::parse_yaml_data(path, &text)?;
        if b.version != BASELINE_VERSION {
            return Err(Error::Config(
                FileError::new(
                    path,
                    format!("baseline version {} is not supported", b.version),
                )
                .help(format!(
                    "this ocrgate writes version {BASELINE_VERSION}; write the baseline again"
                )),
            ));
        }
        Ok(b)
    }

    /// Records the findings of these issue results.
    pub fn of<'a>(results: impl IntoIterator<Item = &'a IssueResult>) -> Baseline {
        let mut b = Baseline {
            version: BASELINE_VERSION,
            issues: BTreeMap::new(),
        };
        for r in results {
            let mut rules: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
            for ((rule, fp), n) in counts(&r.findings) {
                rules.entry(rule).or_default().insert(fp, n);
            }
            if !rules.is_empty() {
                b.issues.insert(r.issue.clone(), rules);
            }
        }
        b
    }

    /// Writes the baseline atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        let body = serde_saphyr::to_string(self).expect("baseline serialises");
        let text = format!(
            "# ocrgate baseline: findings accepted when the corpus was adopted, as counts per\n\
             # issue, rule and content fingerprint. `check --baseline` fails only on findings\n\
             # that are new or have grown. Rewrite with `ocrgate baseline write`.\n{body}"
        );
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        crate::snapshot::write_atomic(path, &text)
    }
}

/// A finding named in the gate's report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FindingRef {
    pub rule: String,
    pub fingerprint: String,
    /// Count now.
    pub count: usize,
    /// Count in the baseline.
    pub baseline: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// An issue against the baseline.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct BaselineDiff {
    /// Findings not in the baseline.
    pub new: Vec<FindingRef>,
    /// Findings with a higher count than in the baseline.
    pub grown: Vec<FindingRef>,
    /// Baseline entries with a lower count now (gone: count 0).
    pub fixed: Vec<FindingRef>,
}

impl BaselineDiff {
    pub fn compare(issue: &str, findings: &[Finding], baseline: &Baseline) -> BaselineDiff {
        let now = counts(findings);
        let empty = BTreeMap::new();
        let base = baseline.issues.get(issue).unwrap_or(&empty);
        let base_count =
            |rule: &str, fp: &str| base.get(rule).and_then(|m| m.get(fp)).copied().unwrap_or(0);
        let mut d = BaselineDiff::default();
        for ((rule, fp), &n) in &now {
            let b = base_count(rule, fp);
            if n > b {
                let f = findings
                    .iter()
                    .find(|f| &f.rule == rule && &f.fingerprint == fp);
                let r = FindingRef {
                    rule: rule.clone(),
                    fingerprint: fp.clone(),
                    count: n,
                    baseline: b,
                    page: f.map(|f| f.page.clone()),
                    line: f.map(|f| f.line),
                    message: f.map(|f| f.message.clone()),
                };
                if b == 0 {
                    d.new.push(r);
                } else {
                    d.grown.push(r);
                }
            }
        }
        for (rule, fps) in base {
            for (fp, &b) in fps {
                let n = now.get(&(rule.clone(), fp.clone())).copied().unwrap_or(0);
                if n < b {
                    d.fixed.push(FindingRef {
                        rule: rule.clone(),
                        fingerprint: fp.clone(),
                        count: n,
                        baseline: b,
                        page: None,
                        line: None,
                        message: None,
                    });
                }
            }
        }
        d
    }

    /// Entries that are gone entirely: what `--strict-baseline` fails on.
    pub fn stale(&self) -> usize {
        self.fixed.iter().filter(|f| f.count == 0).count()
    }
}

/// A warn and a fail level. Every threshold measures damage (more is
/// worse), so `warn` above `fail` is a mistake: refused where it is
/// written, or the warning could never be seen.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
#[serde(try_from = "RawLevel")]
pub struct Level {
    pub warn: Option<f64>,
    pub fail: Option<f64>,
}

/// [`Level`] as written, before its levels are compared.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    #[serde(default, deserialize_with = "crate::parse::rules::non_negative")]
    warn: Option<f64>,
    #[serde(default, deserialize_with = "crate::parse::rules::non_negative")]
    fail: Option<f64>,
}

impl TryFrom<RawLevel> for Level {
    type Error = String;
    fn try_from(raw: RawLevel) -> std::result::Result<Level, String> {
        match (raw.warn, raw.fail) {
            (Some(w), Some(f)) if w > f => Err(format!(
                "warn ({w}) is above fail ({f}): a threshold warns first, so warn must be at most fail"
            )),
            (warn, fail) => Ok(Level { warn, fail }),
        }
    }
}

/// `thresholds:` in ocrgate.yaml or publication.yaml (a publication's
/// entries replace the corpus's, one by one).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Error-level findings per 1,000 characters.
    pub errors_per_1k_chars: Option<Level>,
    /// Warning-level findings per 1,000 characters.
    pub warnings_per_1k_chars: Option<Level>,
    /// Share of articles without a headline (0–1).
    pub untitled_share: Option<Level>,
    /// Pooled CER of the issue, where it has ground truth.
    pub cer: Option<Level>,
    /// Rise of the pooled CER against the accepted snapshot.
    pub cer_rise: Option<Level>,
}

impl Thresholds {
    pub fn apply(&mut self, over: &Thresholds) {
        macro_rules! take {
            ($($f:ident),*) => { $( if over.$f.is_some() { self.$f = over.$f; } )* };
        }
        take!(
            errors_per_1k_chars,
            warnings_per_1k_chars,
            untitled_share,
            cer,
            cer_rise
        );
    }
}

/// One threshold measured on one issue.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ThresholdResult {
    pub name: String,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warn: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail: Option<f64>,
    /// `ok`, `warn` or `fail`.
    pub level: String,
}

/// Measures the configured thresholds on one issue.
pub fn evaluate(
    t: &Thresholds,
    r: &IssueResult,
    previous_cer: Option<Rate>,
) -> Vec<ThresholdResult> {
    let chars = r.summary.chars.max(1) as f64;
    let per_1k = |n: usize| n as f64 * 1000.0 / chars;
    let cer = r.accuracy.as_ref().map(|a| a.total.cer_pooled.0);
    let values: [(&str, Option<Level>, Option<f64>); 5] = [
        (
            "errors_per_1k_chars",
            t.errors_per_1k_chars,
            Some(per_1k(r.summary.findings.error)),
        ),
        (
            "warnings_per_1k_chars",
            t.warnings_per_1k_chars,
            Some(per_1k(r.summary.findings.warning)),
        ),
        (
            "untitled_share",
            t.untitled_share,
            Some(r.summary.untitled as f64 / r.summary.articles.max(1) as f64),
        ),
        ("cer", t.cer, cer),
        (
            "cer_rise",
            t.cer_rise,
            cer.zip(previous_cer).map(|(now, before)| now - before.0),
        ),
    ];
    values
        .into_iter()
        .filter_map(|(name, level, value)| {
            let (level, value) = (level?, value?);
            let value = crate::result::round(value, 4);
            let state = if level.fail.is_some_and(|f| value > f) {
                "fail"
            } else if level.warn.is_some_and(|w| value > w) {
                "warn"
            } else {
                "ok"
            };
            Some(ThresholdResult {
                name: name.to_string(),
                value,
                warn: level.warn,
                fail: level.fail,
                level: state.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Severity;

    fn finding(rule: &str, fp: &str, count: usize) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            message: "m".into(),
            page: "p01.txt".into(),
            line: 1,
            column: 1,
            excerpt: "x".into(),
            suggestion: None,
            article: None,
            count,
            more: vec![],
            fingerprint: fp.into(),
            source: None,
        }
    }

    /// A baseline of 100,000 issues, as `baseline write` writes it, reads
    /// back whole (the YAML reader's default budget stopped at about 2,900
    /// seed-sized issues). A hand-written file is still bounded: an alias
    /// bomb is refused.
    #[test]
    fn a_baseline_of_100000_issues_round_trips() {
        let mut b = Baseline {
            version: BASELINE_VERSION,
            issues: BTreeMap::new(),
        };
        for i in 0..100_000u32 {
            let mut rules = BTreeMap::new();
            for rule in ["punct.halfwidth", "space.cjk"] {
                let fp: BTreeMap<String, usize> =
                    [(format!("{i:08x}{rule}"), 1 + i as usize % 3)].into();
                rules.insert(rule.to_string(), fp);
            }
            b.issues.insert(
                format!("paper/{:04}-01-{:02}", 1900 + i / 28, 1 + i % 28),
                rules,
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("baseline.yaml");
        b.write(&path).unwrap();
        let back = Baseline::read(&path).unwrap();
        assert_eq!(back.issues.len(), b.issues.len());
        assert!(back == b);

        let bomb = "version: 1\nissues:\n  a: &a {x: {y: 1}}\n".to_string()
            + &(0..60_000)
                .map(|i| format!("  b{i}: *a\n"))
                .collect::<String>();
        std::fs::write(&path, bomb).unwrap();
        let err = Baseline::read(&path).unwrap_err().to_string();
        assert!(err.contains("baseline.yaml"), "{err}");
    }

    #[test]
    fn new_grown_and_fixed_against_the_baseline() {
        let mut base = Baseline {
            version: 1,
            issues: BTreeMap::new(),
        };
        let mut rules = BTreeMap::new();
        rules.insert(
            "space.cjk".to_string(),
            BTreeMap::from([("a".to_string(), 10)]),
        );
        rules.insert(
            "para.broken".to_string(),
            BTreeMap::from([("b".to_string(), 1)]),
        );
        base.issues.insert("p/1".into(), rules);
        let now = [
            finding("space.cjk", "a", 12),
            finding("date.invalid", "c", 1),
        ];
        let d = BaselineDiff::compare("p/1", &now, &base);
        assert_eq!(d.new.len(), 1);
        assert_eq!(d.new[0].rule, "date.invalid");
        assert_eq!((d.grown[0].count, d.grown[0].baseline), (12, 10));
        assert_eq!(d.fixed.len(), 1);
        assert_eq!(d.stale(), 1);
        let same = [finding("space.cjk", "a", 9), finding("para.broken", "b", 1)];
        let d = BaselineDiff::compare("p/1", &same, &base);
        assert!(d.new.is_empty() && d.grown.is_empty());
        assert_eq!(d.fixed.len(), 1);
        assert_eq!(d.stale(), 0);
    }
}
