//! The result of a run as one serialisable value, the verdict it implies,
//! and one exporter per output format (like hyperfine's `export/`): JSON
//! (the full, versioned result), JUnit, SARIF, GitHub annotations and
//! Markdown. Shard results are merged into one with [`RunResult::merge`];
//! every format is written from a `RunResult`, so a merged run reports
//! exactly as an unsharded one.

pub mod github;
pub mod html;
pub mod junit;
pub mod markdown;
pub mod quality;
pub mod sarif;
pub mod trend;

use crate::error::{Error, Result};
use crate::metrics::Rate;
use crate::result::IssueAccuracy;
use crate::select::Shard;
use crate::snapshot::Status;
use crate::validate::{Finding, Severity};
use crate::{CheckReport, IssueGate};
use serde::{Deserialize, Serialize};

/// The schema id of the JSON result; bumped on incompatible changes.
pub const SCHEMA: &str = "ocrgate-result/1";

/// A finding with what exporters need beyond the snapshot.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FindingOut {
    #[serde(flatten)]
    pub finding: Finding,
    /// The page file as reached from where ocrgate ran.
    pub file: String,
    /// The column in UTF-16 code units (SARIF counts those).
    pub column_utf16: u32,
    /// Every location of a grouped finding, the first included (the
    /// finding's own `more` lists only the first few, as snapshots do).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<crate::result::Location>,
}

/// One issue of a run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IssueEntry {
    pub id: String,
    /// The issue folder as reached from where ocrgate ran.
    pub path: String,
    /// `unchanged`, `new`, `changed` or `updated`; absent when not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<String>,
    /// Why the issue could not be checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    #[serde(default)]
    pub chars: usize,
    #[serde(default)]
    pub articles: usize,
    #[serde(default)]
    pub findings: Vec<FindingOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<IssueAccuracy>,
    /// Structure accuracy against the issue's `expected.yaml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<crate::structure::StructureScore>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_cer: Option<Rate>,
    /// The quality score of the issue and its pages (higher is worse; see
    /// [`quality`]): what a script sorts by to pick pages to re-OCR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<quality::Quality>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<IssueGate>,
    /// What a changed snapshot changes, in one line: `2 articles changed,
    /// findings +3 −1` (`new snapshot` for an issue without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// The diff of a changed snapshot against the accepted one, as the
    /// terminal prints it, at most [`JSON_DIFF_LINES`] lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// Where the first changed article is: its page file (as `file` of a
    /// finding) and first line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_at: Option<(String, u32)>,
    /// The findings a changed snapshot adds, where they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_findings: Vec<crate::snapshot::review::AddedFinding>,
    /// The whole issue result, as in the snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
    /// Findings by severity, when `findings` was left out to save memory
    /// (a streamed terminal run); else counted from `findings`.
    #[serde(skip)]
    pub counts: Option<crate::validate::FindingCounts>,
}

/// What decides the verdict beyond the issues themselves.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
pub struct Settings {
    pub baseline: bool,
    pub strict_baseline: bool,
    pub reject_unreferenced: bool,
    /// Snapshots are not part of the verdict.
    #[serde(default)]
    pub findings_only: bool,
}

/// The longest diff kept per issue in the JSON result.
pub const JSON_DIFF_LINES: usize = 400;

/// The verdict: the exit code and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Verdict {
    /// 0 passed, 1 gate failed, 2 input error.
    pub exit_code: i32,
    pub passed: bool,
    pub reasons: Vec<String>,
}

/// Sums over the run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Totals {
    pub issues: usize,
    pub input_errors: usize,
    pub pending_snapshots: usize,
    pub chars: usize,
    pub articles: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub new_findings: usize,
    pub grown_findings: usize,
    pub fixed_findings: usize,
    pub stale_baseline_entries: usize,
    pub thresholds_failed: usize,
    pub thresholds_warned: usize,
    /// Structure accuracy over the issues with an expected structure
    /// (micro-averaged: counts summed, then rates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure: Option<crate::structure::StructureScore>,
}

/// Everything a run found.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RunResult {
    pub schema: String,
    pub tool: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    pub settings: Settings,
    /// Which issues were checked, of what corpus, by what tool (what
    /// `merge` checks the shards of one run agree on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<crate::select::Scope>,
    /// What the run said about what it checked (`rules changed: checking
    /// every issue`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub verdict: Verdict,
    pub totals: Totals,
    pub issues: Vec<IssueEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreferenced: Vec<String>,
}

fn utf16_column(source: Option<&str>, column: u32) -> u32 {
    match source {
        Some(s) => {
            s.chars()
                .take(column.saturating_sub(1) as usize)
                .map(char::len_utf16)
                .sum::<usize>() as u32
                + 1
        }
        None => column,
    }
}

/// A grouped finding's every location, its first included; empty for a
/// single hit (its line and column say it all).
fn all_locations(f: &Finding) -> Vec<crate::result::Location> {
    if f.more.is_empty() {
        return Vec::new();
    }
    std::iter::once(crate::result::Location {
        line: f.line,
        column: f.column,
    })
    .chain(f.more.iter().cloned())
    .collect()
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Unchanged => "unchanged",
        Status::New => "new",
        Status::Changed => "changed",
        Status::Updated => "updated",
    }
}

impl IssueEntry {
    pub fn pending(&self) -> bool {
        matches!(self.snapshot.as_deref(), Some("new" | "changed"))
    }

    /// Why this issue fails the gate (empty: it passes).
    pub fn failures(&self, settings: &Settings) -> Vec<String> {
        let mut out = Vec::new();
        if !self.errors.is_empty() {
            out.push(format!(
                "{} input error{}",
                self.errors.len(),
                if self.errors.len() == 1 { "" } else { "s" }
            ));
        }
        if self.pending() && !settings.findings_only {
            out.push(match (self.snapshot.as_deref(), &self.change) {
                (Some("changed"), Some(change)) => format!("snapshot changed: {change}"),
                (status, _) => format!("snapshot {}", status.unwrap_or("")),
            });
        }
        if let Some(g) = &self.gate {
            if let Some(b) = &g.baseline {
                if !b.new.is_empty() {
                    out.push(format!(
                        "{} new finding{}",
                        b.new.len(),
                        if b.new.len() == 1 { "" } else { "s" }
                    ));
                }
                if !b.grown.is_empty() {
                    out.push(format!(
                        "{} finding{} grown",
                        b.grown.len(),
                        if b.grown.len() == 1 { "" } else { "s" }
                    ));
                }
                if settings.strict_baseline && b.stale() > 0 {
                    out.push(format!(
                        "{} stale baseline entr{}",
                        b.stale(),
                        if b.stale() == 1 { "y" } else { "ies" }
                    ));
                }
            }
            for t in g.thresholds.iter().filter(|t| t.level == "fail") {
                out.push(format!(
                    "{} {} > {}",
                    t.name,
                    t.value,
                    t.fail.unwrap_or(0.0)
                ));
            }
        }
        out
    }

    /// Findings the gate is about: new and grown ones against a baseline,
    /// else every finding.
    pub fn gate_findings(&self) -> Vec<&FindingOut> {
        match self.gate.as_ref().and_then(|g| g.baseline.as_ref()) {
            Some(b) => {
                self.findings
                    .iter()
                    .filter(|f| {
                        b.new.iter().chain(&b.grown).any(|r| {
                            r.fingerprint == f.finding.fingerprint && r.rule == f.finding.rule
                        })
                    })
                    .collect()
            }
            None => self.findings.iter().collect(),
        }
    }
}

impl RunResult {
    /// The result of a check run.
    pub fn from_check(report: &CheckReport, settings: Settings, shard: Option<Shard>) -> RunResult {
        Self::from_check_with(report, settings, shard, report.full_results)
    }

    /// The result of a check run; each issue's whole result (articles
    /// included) only `with_results` (JSON output), as it is the bulk.
    pub fn from_check_with(
        report: &CheckReport,
        settings: Settings,
        shard: Option<Shard>,
        with_results: bool,
    ) -> RunResult {
        let issues = report
            .issues
            .iter()
            .map(|i| {
                let dir = i.dir.display().to_string();
                let r = i.outcome.result.as_ref();
                IssueEntry {
                    id: i.outcome.id.clone(),
                    path: dir.clone(),
                    snapshot: i.snapshot.map(|s| status_name(s).to_string()),
                    errors: i.outcome.errors.iter().map(|e| e.to_string()).collect(),
                    chars: r.map_or(0, |r| r.summary.chars),
                    articles: r.map_or(0, |r| r.summary.articles),
                    findings: r
                        .map(|r| {
                            r.findings
                                .iter()
                                .map(|f| FindingOut {
                                    finding: f.clone(),
                                    file: format!("{dir}/{}", f.page),
                                    column_utf16: utf16_column(f.source.as_deref(), f.column),
                                    locations: all_locations(f),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    accuracy: r.and_then(|r| r.accuracy.clone()),
                    structure: r.and_then(|r| r.structure.clone()),
                    previous_cer: i.previous_cer,
                    // Only in the JSON result (the report computes its
                    // own), and only from whole results: a streamed run
                    // drops the findings to save memory.
                    quality: r
                        .filter(|_| with_results)
                        .filter(|r| {
                            let c = &r.summary.findings;
                            r.findings.len() == c.error + c.warning + c.info
                        })
                        .map(|r| quality::of_issue(r, i.change.as_deref())),
                    gate: i.gate.clone(),
                    change: i.change.as_ref().map(|c| c.change()),
                    diff: i
                        .change
                        .as_ref()
                        .filter(|c| !c.new_issue && c.accepted_body.is_some())
                        .map(|c| {
                            let style = crate::snapshot::diff::Style2 {
                                color: false,
                                fold_trivial: false,
                                context: 2,
                            };
                            let (mut text, cut) = c.render_capped(style, JSON_DIFF_LINES);
                            if cut > 0 {
                                text.push_str(&format!(
                                    "… {cut} more lines (`ocrgate check --diff --diff-lines 0`, or `ocrgate show {}` where the snapshot was written)\n",
                                    i.outcome.id
                                ));
                            }
                            text
                        }),
                    change_at: i
                        .change
                        .as_ref()
                        .and_then(|c| c.place.clone())
                        .map(|(page, line)| (format!("{dir}/{page}"), line)),
                    added_findings: i
                        .change
                        .as_ref()
                        .map(|c| c.added.clone())
                        .unwrap_or_default(),
                    result: r
                        .filter(|_| with_results)
                        .map(|r| serde_json::to_value(r).expect("issue result serialises")),
                    counts: r.map(|r| r.summary.findings.clone()),
                }
            })
            .collect();
        let mut run = RunResult {
            schema: SCHEMA.to_string(),
            tool: format!("ocrgate {}", env!("CARGO_PKG_VERSION")),
            shard,
            settings: Settings {
                reject_unreferenced: report.reject_unreferenced,
                ..settings
            },
            scope: Some(report.scope.clone()),
            notes: report.notes.clone(),
            verdict: Verdict {
                exit_code: 0,
                passed: true,
                reasons: Vec::new(),
            },
            totals: Totals::default(),
            issues,
            unreferenced: report
                .unreferenced
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
        };
        run.settle();
        run
    }

    /// Recomputes totals and verdict from the issues.
    fn settle(&mut self) {
        self.issues.sort_by(|a, b| a.id.cmp(&b.id));
        let mut t = Totals {
            issues: self.issues.len(),
            ..Totals::default()
        };
        let mut reasons = Vec::new();
        let mut structure = crate::structure::StructureTotals::default();
        for i in &self.issues {
            if let Some(s) = &i.structure {
                structure.add(s);
            }
            t.input_errors += usize::from(!i.errors.is_empty());
            t.pending_snapshots += usize::from(i.pending());
            t.chars += i.chars;
            t.articles += i.articles;
            match &i.counts {
                Some(c) => {
                    t.errors += c.error;
                    t.warnings += c.warning;
                    t.infos += c.info;
                }
                None => {
                    for f in &i.findings {
                        match f.finding.severity {
                            Severity::Error => t.errors += 1,
                            Severity::Warning => t.warnings += 1,
                            Severity::Info => t.infos += 1,
                        }
                    }
                }
            }
            if let Some(g) = &i.gate {
                if let Some(b) = &g.baseline {
                    t.new_findings += b.new.len();
                    t.grown_findings += b.grown.len();
                    t.fixed_findings += b.fixed.len();
                    t.stale_baseline_entries += b.stale();
                }
                t.thresholds_failed += g.thresholds.iter().filter(|x| x.level == "fail").count();
                t.thresholds_warned += g.thresholds.iter().filter(|x| x.level == "warn").count();
            }
            let why = i.failures(&self.settings);
            if !why.is_empty() {
                reasons.push(format!("{}: {}", i.id, why.join(", ")));
            }
        }
        if self.settings.reject_unreferenced && !self.unreferenced.is_empty() {
            reasons.push(format!(
                "{} unreferenced snapshot(s)",
                self.unreferenced.len()
            ));
        }
        let exit_code = if t.input_errors > 0 {
            2
        } else if reasons.is_empty() {
            0
        } else {
            1
        };
        t.structure = structure.score();
        self.totals = t;
        self.verdict = Verdict {
            exit_code,
            passed: exit_code == 0,
            reasons,
        };
    }

    /// Combines the shard results of one run, each named by its file,
    /// into the result of the whole run. Refused (a usage error, exit 2)
    /// unless the parts are every shard of one run exactly once: same
    /// shard count, selection, corpus listing, tool and gate settings. A
    /// shard that went missing would otherwise pass the gate unseen.
    pub fn merge(parts: Vec<(String, RunResult)>) -> Result<RunResult> {
        let refuse = |what: String| {
            Err(Error::Usage(format!(
                "{what}; merge the JSON results of every shard of one run (`check --shard K/N --output json=PATH`, K = 1..N)"
            )))
        };
        let Some((first_name, first)) = parts.first() else {
            return Err(Error::Usage("merge needs at least one result".into()));
        };
        if first.schema != SCHEMA {
            return refuse(format!(
                "{first_name} is an `{}` result; this ocrgate merges `{SCHEMA}`",
                first.schema
            ));
        }
        let Some(scope) = first.scope.clone() else {
            return refuse(format!(
                "{first_name} does not say which corpus and selection it checked (made by an older ocrgate?)"
            ));
        };
        let count = first.shard.map(|s| s.count);
        let mut seen: Vec<Option<&str>> = vec![None; count.unwrap_or(1) as usize];
        for (name, p) in &parts {
            let differs = |what: &str, a: &str, b: &str| {
                refuse(format!(
                    "{name} and {first_name} are not shards of one run: {what} `{a}` vs `{b}`"
                ))
            };
            if p.schema != first.schema {
                return differs("schema", &p.schema, &first.schema);
            }
            let Some(s) = &p.scope else {
                return refuse(format!(
                    "{name} does not say which corpus and selection it checked (made by an older ocrgate?)"
                ));
            };
            if s.tool != scope.tool {
                return differs("tool", &s.tool, &scope.tool);
            }
            if s.corpus != scope.corpus {
                return differs(
                    "corpus listing",
                    &format!("{} ({} issues)", s.corpus, s.corpus_issues),
                    &format!("{} ({} issues)", scope.corpus, scope.corpus_issues),
                );
            }
            if s.selection != scope.selection {
                return differs("selection", &s.selection, &scope.selection);
            }
            if s.shard_rule != scope.shard_rule {
                return differs(
                    "shard rule",
                    s.shard_rule.as_deref().unwrap_or("none"),
                    scope.shard_rule.as_deref().unwrap_or("none"),
                );
            }
            if p.settings != first.settings {
                return refuse(format!(
                    "{name} and {first_name} were made with different gate settings (baseline, strict, unreferenced, findings-only)"
                ));
            }
            let (k, n) = match p.shard {
                Some(sh) => (sh.index, Some(sh.count)),
                None => (1, None),
            };
            if n != count {
                let show =
                    |n: Option<u32>| n.map_or("not sharded".to_string(), |n| format!("{n} shards"));
                return differs("sharding", &show(n), &show(count));
            }
            let slot = &mut seen[(k - 1) as usize];
            if let Some(other) = slot {
                return refuse(match n {
                    Some(n) => format!("shard {k}/{n} is given twice ({other} and {name})"),
                    None => format!("{other} and {name} are both whole runs"),
                });
            }
            *slot = Some(name);
        }
        let missing: Vec<String> = seen
            .iter()
            .zip(1..)
            .filter(|(s, _)| s.is_none())
            .map(|(_, k)| format!("{k}/{}", count.unwrap_or(1)))
            .collect();
        if !missing.is_empty() {
            return refuse(format!(
                "shard{} {} {} missing",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                if missing.len() == 1 { "is" } else { "are" },
            ));
        }
        let mut it = parts.into_iter().map(|(_, p)| p);
        let mut run = it.next().expect("one part at least");
        for p in it {
            for i in p.issues {
                run.issues.push(i);
            }
            run.unreferenced.extend(p.unreferenced);
            run.notes.extend(p.notes);
        }
        // The same id twice cannot happen with one shard rule and one
        // corpus; a hand-edited result could still try.
        run.issues.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(w) = run.issues.windows(2).find(|w| w[0].id == w[1].id) {
            return refuse(format!("{} is in two results", w[0].id));
        }
        run.unreferenced.sort();
        run.unreferenced.dedup();
        run.notes.sort();
        run.notes.dedup();
        run.shard = None;
        if let Some(s) = &mut run.scope {
            s.shard_rule = None;
        }
        run.settle();
        Ok(run)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("run result serialises");
        s.push('\n');
        s
    }
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Junit,
    Sarif,
    Github,
    Markdown,
}

/// Renders a run in a machine format (`Text` is the terminal report, drawn
/// by the command line).
pub fn render(run: &RunResult, format: Format) -> String {
    match format {
        Format::Json => run.to_json(),
        Format::Junit => junit::render(run),
        Format::Sarif => sarif::render(run),
        Format::Github => github::render(run),
        Format::Markdown => markdown::render(run),
        Format::Text => String::new(),
    }
}
