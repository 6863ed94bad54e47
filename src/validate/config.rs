//! Configuring the checks: severities, switches and parameters per rule
//! (`checks:` in `corpus/ocrgate.yaml` and `publication.yaml`), and the
//! expectations a publication or issue declares (`expect:`).
//!
//! ```yaml
//! checks:
//!   space.cjk: off              # switch a rule off
//!   punct: info                 # a whole family
//!   date.dateline-stale:        # severity and parameters
//!     severity: error
//!     max_days: 3
//! expect:
//!   required: [headline, byline|dateline]
//!   name_pattern: '\p{Han}{2,4}'
//!   roster: [孙克锋, 夏旭光]
//!   vocabulary: [东昌府, 茌平]     # words of the paper the dictionary lacks
//!   articles_per_page: [1, 25]
//! ```
//!
//! A publication's setting for a rule replaces the corpus-wide one; an exact
//! rule id wins over its family.

use super::registry::{self, Rule, RULES};
use super::Severity;
use crate::error::{Error, FileError, Result};
use crate::parse::rules::{compile_pattern, Pattern};
use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::Path;

/// A value in a `checks:` table: a level word or a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RuleSetting {
    /// `off` (YAML reads it as `false`) or `on`.
    Switch(bool),
    Level(String),
    Table(BTreeMap<String, ParamValue>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    Number(f64),
    Text(String),
}

/// `checks:` as written.
pub type ChecksConfig = BTreeMap<String, Spanned<RuleSetting>>;

/// `expect:` as written, in publication.yaml or issue.yaml (an issue's
/// fields replace the publication's).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectConfig {
    /// Fields every article must have; `a|b` means either.
    pub required: Option<Vec<String>>,
    /// A regex every credited name must match in full.
    pub name_pattern: Option<Pattern>,
    /// The staff names bylines are checked against.
    pub roster: Option<Vec<String>>,
    /// The publication's own words (place and firm names, local terms) that
    /// the dictionary lacks: `char.suspect` never reads them as misreads.
    pub vocabulary: Option<Vec<String>>,
    /// `[min, max]` articles per page.
    pub articles_per_page: Option<(usize, usize)>,
    /// The headlines the issue should have (a METS file beside the pages
    /// supplies them from its logical structure map).
    pub titles: Option<Vec<String>>,
}

impl ExpectConfig {
    pub fn apply(&mut self, over: &ExpectConfig) {
        if over.required.is_some() {
            self.required = over.required.clone();
        }
        if over.name_pattern.is_some() {
            self.name_pattern = over.name_pattern.clone();
        }
        if over.roster.is_some() {
            self.roster = over.roster.clone();
        }
        if over.vocabulary.is_some() {
            self.vocabulary = over.vocabulary.clone();
        }
        if over.articles_per_page.is_some() {
            self.articles_per_page = over.articles_per_page;
        }
        if over.titles.is_some() {
            self.titles = over.titles.clone();
        }
    }
}

/// An article field that can be required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Headline,
    Subtitle,
    Kicker,
    Byline,
    Dateline,
}

impl Field {
    fn parse(s: &str) -> Option<Field> {
        Some(match s.trim() {
            "headline" => Field::Headline,
            "subtitle" => Field::Subtitle,
            "kicker" => Field::Kicker,
            "byline" => Field::Byline,
            "dateline" => Field::Dateline,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Headline => "headline",
            Field::Subtitle => "subtitle",
            Field::Kicker => "kicker",
            Field::Byline => "byline",
            Field::Dateline => "dateline",
        }
    }
}

/// Expectations ready to check.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// Each entry: one of these fields must be present.
    pub required: Vec<Vec<Field>>,
    pub name_pattern: Option<Regex>,
    pub roster: Vec<String>,
    pub vocabulary: Vec<String>,
    pub articles_per_page: Option<(usize, usize)>,
    pub titles: Vec<String>,
}

impl Expect {
    pub fn compile(path: &Path, cfg: &ExpectConfig) -> Result<Expect> {
        let mut required = Vec::new();
        for entry in cfg.required.iter().flatten() {
            let alternatives: Option<Vec<Field>> = entry.split('|').map(Field::parse).collect();
            match alternatives {
                Some(a) if !a.is_empty() => required.push(a),
                _ => {
                    return Err(Error::Config(
                        FileError::new(path, format!("expect.required: unknown field `{entry}`"))
                            .help("fields are headline, subtitle, kicker, byline, dateline; `byline|dateline` means either"),
                    ))
                }
            }
        }
        let name_pattern = match &cfg.name_pattern {
            Some(p) => {
                let anchored = Pattern {
                    value: format!("(?:{})$", p.value),
                    referenced: p.referenced,
                    defined: p.defined,
                };
                Some(compile_pattern(path, "expect.name_pattern", &anchored)?)
            }
            None => None,
        };
        if let Some((min, max)) = cfg.articles_per_page {
            if min > max {
                return Err(Error::Config(
                    FileError::new(
                        path,
                        format!("expect.articles_per_page: [{min}, {max}] has min above max"),
                    )
                    .help("write [min, max]"),
                ));
            }
        }
        Ok(Expect {
            required,
            name_pattern,
            roster: cfg.roster.clone().unwrap_or_default(),
            vocabulary: cfg.vocabulary.clone().unwrap_or_default(),
            articles_per_page: cfg.articles_per_page,
            titles: cfg.titles.clone().unwrap_or_default(),
        })
    }
}

/// The resolved setting of one rule.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// `None`: switched off.
    pub severity: Option<Severity>,
    pub params: BTreeMap<&'static str, f64>,
}

/// Every rule's resolved setting for one publication.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    by_rule: BTreeMap<&'static str, Resolved>,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            by_rule: RULES
                .iter()
                .map(|r| {
                    (
                        r.id,
                        Resolved {
                            severity: Some(r.severity),
                            params: BTreeMap::new(),
                        },
                    )
                })
                .collect(),
        }
    }
}

fn parse_level(word: &str) -> Option<Option<Severity>> {
    Some(match word {
        "off" | "false" => None,
        "error" => Some(Severity::Error),
        "warning" | "warn" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => return None,
    })
}

impl RuleSettings {
    /// Applies one `checks:` table on top (corpus first, then publication).
    pub fn apply(&mut self, path: &Path, checks: &ChecksConfig) -> Result<()> {
        // Families first, so an exact id in the same table wins.
        let mut entries: Vec<(&String, &Spanned<RuleSetting>)> = checks.iter().collect();
        entries.sort_by_key(|(k, _)| k.contains('.'));
        for (key, setting) in entries {
            let at = setting.referenced;
            let err = |msg: String, help: String| {
                Error::Config(
                    FileError::new(path, msg)
                        .at(at.line(), at.column())
                        .help(help),
                )
            };
            let rules: Vec<&'static Rule> = if key.contains('.') {
                match registry::rule(key) {
                    Some(r) => vec![r],
                    None => {
                        let hint = match registry::suggest(key) {
                            Some(s) => {
                                format!("did you mean `{s}`? `ocrgate rules` lists every rule")
                            }
                            None => "`ocrgate rules` lists every rule".to_string(),
                        };
                        return Err(err(format!("checks: unknown rule `{key}`"), hint));
                    }
                }
            } else {
                let family: Vec<&'static Rule> =
                    RULES.iter().filter(|r| r.family() == key).collect();
                if family.is_empty() {
                    return Err(err(
                        format!("checks: unknown rule or family `{key}`"),
                        "`ocrgate rules` lists every rule; a family is the part before the dot"
                            .into(),
                    ));
                }
                family
            };
            for rule in rules {
                let resolved = self
                    .by_rule
                    .get_mut(rule.id)
                    .expect("every rule has a setting");
                match &setting.value {
                    RuleSetting::Switch(on) => {
                        resolved.severity = on.then_some(rule.severity);
                    }
                    RuleSetting::Level(word) => {
                        resolved.severity = parse_level(word).ok_or_else(|| {
                            err(
                                format!("checks.{key}: `{word}` is not a level"),
                                "use off, info, warning or error".into(),
                            )
                        })?;
                    }
                    RuleSetting::Table(table) => {
                        for (name, value) in table {
                            match (name.as_str(), value) {
                                ("severity", ParamValue::Text(word)) => {
                                    resolved.severity = parse_level(word).ok_or_else(|| {
                                        err(
                                            format!(
                                                "checks.{key}.severity: `{word}` is not a level"
                                            ),
                                            "use off, info, warning or error".into(),
                                        )
                                    })?;
                                }
                                (_, ParamValue::Number(v)) if rule.param(name).is_some() => {
                                    let p = rule.param(name).unwrap();
                                    let v = crate::parse::rules::check_non_negative(*v).map_err(
                                        |why| {
                                            err(
                                                format!("checks.{key}.{name}: {why}"),
                                                format!("{}: {}", p.name, p.help),
                                            )
                                        },
                                    )?;
                                    resolved.params.insert(p.name, v);
                                }
                                _ => {
                                    let known: Vec<&str> = std::iter::once("severity")
                                        .chain(
                                            rule.params
                                                .iter()
                                                .chain(registry::COMMON_PARAMS)
                                                .map(|p| p.name),
                                        )
                                        .collect();
                                    return Err(err(
                                        format!("checks.{key}: `{name}` is not a setting of {} (or has the wrong type)", rule.id),
                                        format!("settings of {}: {} (numbers, except severity)", rule.id, known.join(", ")),
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    pub fn severity(&self, id: &str) -> Option<Severity> {
        self.by_rule.get(id).and_then(|r| r.severity)
    }

    pub fn enabled(&self, id: &str) -> bool {
        self.severity(id).is_some()
    }

    /// A parameter's value: configured, else the rule's default.
    pub fn param(&self, id: &str, name: &str) -> f64 {
        let rule = registry::rule(id).expect("known rule id");
        let default = rule
            .param(name)
            .map(|p| p.default)
            .expect("known parameter");
        self.by_rule
            .get(id)
            .and_then(|r| r.params.get(name).copied())
            .unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::rules::parse_yaml;

    fn settings(yaml: &str) -> Result<RuleSettings> {
        let checks: ChecksConfig = parse_yaml(Path::new("ocrgate.yaml"), yaml)?;
        let mut s = RuleSettings::default();
        s.apply(Path::new("ocrgate.yaml"), &checks)?;
        Ok(s)
    }

    #[test]
    fn levels_families_and_params() {
        let s = settings(
            "space.cjk: off\npunct: info\npunct.unbalanced: error\ndate.dateline-stale:\n  severity: error\n  max_days: 3\n",
        )
        .unwrap();
        assert!(!s.enabled("space.cjk"));
        assert_eq!(s.severity("punct.halfwidth"), Some(Severity::Info));
        assert_eq!(s.severity("punct.unbalanced"), Some(Severity::Error));
        assert_eq!(s.severity("date.dateline-stale"), Some(Severity::Error));
        assert_eq!(s.param("date.dateline-stale", "max_days"), 3.0);
        assert_eq!(s.param("date.dateline-future", "slack_days"), 0.0);
    }

    #[test]
    fn mistakes_are_located_and_explained() {
        let e = settings("a: off\n").err().unwrap().to_string();
        assert!(e.contains("unknown rule or family `a`"), "{e}");
        let e = settings("space.cjk: 3\n").err().unwrap().to_string();
        assert!(
            e.contains("ocrgate.yaml:1:") && e.contains("off, info, warning, error"),
            "{e}"
        );
        let e = settings("punct.halfwdith: off\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("ocrgate.yaml:1:") && e.contains("did you mean `punct.halfwidth`"),
            "{e}"
        );
        let e = settings("space.cjk: loud\n").err().unwrap().to_string();
        assert!(e.contains("not a level"), "{e}");
        let e = settings("date.dateline-stale:\n  max_dayz: 3\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("ocrgate.yaml:2:") && e.contains("max_days"),
            "{e}"
        );
    }
}
