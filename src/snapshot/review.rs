//! What a pending snapshot changes, in terms a reviewer thinks in:
//! articles matched by content (so a lost, split or merged article is named
//! as such instead of shifting every later line), findings added and
//! removed by fingerprint, the CER before and after, and a readable diff of
//! each part.

use super::diff::{self, LineChange, Seg, Style2};
use super::SnapshotPath;
use crate::error::{Error, FileError, Result};
use crate::metrics::Rate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, Default, Deserialize)]
struct ArticleView {
    #[serde(default)]
    id: usize,
    #[serde(default)]
    headline: Option<String>,
    /// `p01.txt:61-67` (pages and line ranges the article came from).
    #[serde(default)]
    lines: Option<String>,
    #[serde(default)]
    paragraphs: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct FindingView {
    rule: String,
    severity: String,
    message: String,
    page: String,
    line: u32,
    column: u32,
    fingerprint: String,
}

#[derive(Debug, Clone, Deserialize)]
struct AccuracyView {
    cer_pooled: Rate,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct BodyView {
    #[serde(default)]
    articles: Vec<ArticleView>,
    #[serde(default)]
    findings: Vec<FindingView>,
    #[serde(default)]
    accuracy: Option<AccuracyView>,
}

/// A body split at its top-level keys, with the article items apart.
struct Sections<'a> {
    /// (first line number, text) of everything before the articles.
    head: (usize, String),
    articles: Vec<(usize, String)>,
    /// Top-level sections after the articles: (key, first line, text).
    tail: Vec<(&'a str, usize, String)>,
}

fn sections(body: &str) -> Sections<'_> {
    let lines: Vec<&str> = body.lines().collect();
    let top = |l: &str| !l.is_empty() && !l.starts_with(' ') && !l.starts_with('-');
    let art_start = lines.iter().position(|l| l.starts_with("articles:"));
    let Some(a) = art_start else {
        return Sections {
            head: (0, body.to_string()),
            articles: Vec::new(),
            tail: Vec::new(),
        };
    };
    let join = |from: usize, to: usize| -> String {
        lines[from..to].iter().map(|l| format!("{l}\n")).collect()
    };
    let head = (0, join(0, a + 1));
    let mut i = a + 1;
    let mut articles = Vec::new();
    while i < lines.len() && lines[i].starts_with("- ") {
        let start = i;
        i += 1;
        while i < lines.len() && !lines[i].starts_with("- ") && !top(lines[i]) {
            i += 1;
        }
        articles.push((start, join(start, i)));
    }
    let mut tail = Vec::new();
    while i < lines.len() {
        let start = i;
        let key = lines[i].split(':').next().unwrap_or("");
        i += 1;
        while i < lines.len() && !top(lines[i]) {
            i += 1;
        }
        tail.push((key, start, join(start, i)));
    }
    Sections {
        head,
        articles,
        tail,
    }
}

fn bigrams(a: &ArticleView) -> HashSet<(char, char)> {
    let text: Vec<char> = a
        .headline
        .iter()
        .chain(&a.paragraphs)
        .flat_map(|s| s.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    text.windows(2).map(|w| (w[0], w[1])).collect()
}

fn dice(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// How much of `part` is found in `whole`.
fn containment(part: &HashSet<(char, char)>, whole: &HashSet<(char, char)>) -> f64 {
    if part.is_empty() {
        return 0.0;
    }
    part.intersection(whole).count() as f64 / part.len() as f64
}

/// How an old article relates to the new ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ArticleFate {
    Unchanged { old: usize, new: usize },
    Changed { old: usize, new: usize },
    Missing { old: usize },
    Added { new: usize },
    Split { old: usize, into: Vec<usize> },
    Merged { from: Vec<usize>, into: usize },
}

const SAME_ARTICLE: f64 = 0.5;
const PART_OF: f64 = 0.6;

/// Matches old and new articles by content.
fn match_articles(
    old: &[ArticleView],
    new: &[ArticleView],
    old_text: &[String],
    new_text: &[String],
) -> Vec<ArticleFate> {
    let ob: Vec<_> = old.iter().map(bigrams).collect();
    let nb: Vec<_> = new.iter().map(bigrams).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in ob.iter().enumerate() {
        for (j, n) in nb.iter().enumerate() {
            let s = dice(o, n);
            if s >= SAME_ARTICLE {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap()
            .then((a.1, a.2).cmp(&(b.1, b.2)))
    });
    let mut old_to: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_from: Vec<Option<usize>> = vec![None; new.len()];
    for (_, i, j) in pairs {
        if old_to[i].is_none() && new_from[j].is_none() {
            old_to[i] = Some(j);
            new_from[j] = Some(i);
        }
    }
    // Unmatched new articles that are parts of an old one: a split.
    let mut split_parts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for j in (0..new.len()).filter(|&j| new_from[j].is_none()) {
        let best = (0..old.len())
            .map(|i| (containment(&nb[j], &ob[i]), i))
            .filter(|(c, _)| *c >= PART_OF)
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
        if let Some((_, i)) = best {
            split_parts.entry(i).or_default().push(j);
        }
    }
    // Unmatched old articles that became part of a new one: a merge.
    let mut merged_into: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in (0..old.len()).filter(|&i| old_to[i].is_none() && !split_parts.contains_key(&i)) {
        let best = (0..new.len())
            .map(|j| (containment(&ob[i], &nb[j]), j))
            .filter(|(c, _)| *c >= PART_OF)
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
        if let Some((_, j)) = best {
            merged_into.entry(j).or_default().push(i);
        }
    }
    let mut fates = Vec::new();
    let mut reported_new: HashSet<usize> = HashSet::new();
    for i in 0..old.len() {
        let id_o = old[i].id;
        if let Some(parts) = split_parts.get(&i) {
            let mut into: Vec<usize> = parts.clone();
            if let Some(j) = old_to[i] {
                into.push(j);
            }
            into.sort();
            reported_new.extend(into.iter().copied());
            fates.push(ArticleFate::Split {
                old: id_o,
                into: into.iter().map(|&j| new[j].id).collect(),
            });
        } else if let Some(j) = old_to[i] {
            reported_new.insert(j);
            if let Some(from) = merged_into.get(&j) {
                let mut all: Vec<usize> = from.iter().map(|&k| old[k].id).collect();
                all.push(id_o);
                all.sort();
                fates.push(ArticleFate::Merged {
                    from: all,
                    into: new[j].id,
                });
            } else if old_text[i] == new_text[j] {
                fates.push(ArticleFate::Unchanged {
                    old: id_o,
                    new: new[j].id,
                });
            } else {
                fates.push(ArticleFate::Changed {
                    old: id_o,
                    new: new[j].id,
                });
            }
        } else if merged_into.values().any(|v| v.contains(&i)) {
            // Reported with the article it merged into.
        } else {
            fates.push(ArticleFate::Missing { old: id_o });
        }
    }
    for (j, a) in new.iter().enumerate() {
        if !reported_new.contains(&j) && new_from[j].is_none() {
            fates.push(ArticleFate::Added { new: a.id });
        }
    }
    fates
}

/// A pending snapshot and what it changes.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub issue: String,
    /// `true` for an issue without an accepted snapshot.
    pub new_issue: bool,
    pub articles: Vec<ArticleFate>,
    pub findings_added: usize,
    pub findings_removed: usize,
    /// Added and removed findings per rule (negative: removed).
    pub findings_by_rule: BTreeMap<String, i64>,
    /// Where the first changed article is in the pages (`p01.txt`, line):
    /// for CI annotations of the change. A lost article is placed where it
    /// was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<(String, u32)>,
    /// The findings the pending snapshot has and the accepted one has not,
    /// where they are (for CI annotations at the line).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<AddedFinding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cer_before: Option<Rate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cer_after: Option<Rate>,
    #[serde(skip)]
    pub accepted_body: Option<String>,
    #[serde(skip)]
    pub pending_body: String,
}

/// A finding a pending snapshot adds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AddedFinding {
    pub rule: String,
    pub severity: String,
    pub message: String,
    /// The page file, relative to the issue folder.
    pub page: String,
    pub line: u32,
    pub column: u32,
}

/// Reports merge-conflict markers in a snapshot file, which must not be
/// parsed as if they were content.
pub fn check_conflict_markers(path: &std::path::Path, text: &str) -> Result<()> {
    for (n, line) in text.lines().enumerate() {
        if line.starts_with("<<<<<<< ") || line == "=======" || line.starts_with(">>>>>>> ") {
            return Err(Error::Input(
                FileError::new(path, "the snapshot has unresolved merge-conflict markers")
                    .at(n as u64 + 1, 1)
                    .help("resolve the conflict (or delete the file and run check, then accept)"),
            ));
        }
    }
    Ok(())
}

fn read_body(path: &std::path::Path) -> Result<Option<String>> {
    super::file::read_body(path)
}

fn view(path: &std::path::Path, body: &str) -> BodyView {
    // A body this tool wrote always parses; a hand-edited one that does not
    // is still diffed as text.
    let _ = path;
    serde_saphyr::from_str(body).unwrap_or_default()
}

/// Builds the review of one pending snapshot.
pub fn review(issue: &str, paths: &SnapshotPath) -> Result<Review> {
    let pending_body = read_body(&paths.pending)?
        .ok_or_else(|| Error::Usage(format!("no pending snapshot for {issue}")))?;
    let accepted_body = read_body(&paths.accepted)?;
    Ok(review_bodies(issue, accepted_body, pending_body))
}

/// The accepted snapshot body of an issue, if there is one.
pub fn accepted_body(paths: &SnapshotPath) -> Result<Option<String>> {
    read_body(&paths.accepted)
}

/// Builds the review of a new body against the accepted one.
pub fn review_bodies(issue: &str, accepted_body: Option<String>, pending_body: String) -> Review {
    let nowhere = std::path::Path::new("");
    let new_view = view(nowhere, &pending_body);
    let old_view = accepted_body
        .as_deref()
        .map(|b| view(nowhere, b))
        .unwrap_or_default();
    let old_secs = accepted_body.as_deref().map(sections);
    let new_secs = sections(&pending_body);
    let old_texts: Vec<String> = old_secs
        .as_ref()
        .map(|s| s.articles.iter().map(|a| strip_id(&a.1)).collect())
        .unwrap_or_default();
    let new_texts: Vec<String> = new_secs.articles.iter().map(|a| strip_id(&a.1)).collect();
    let articles = if old_view.articles.len() == old_texts.len()
        && new_view.articles.len() == new_texts.len()
    {
        match_articles(
            &old_view.articles,
            &new_view.articles,
            &old_texts,
            &new_texts,
        )
    } else {
        Vec::new()
    };
    let old_f: HashSet<&str> = old_view
        .findings
        .iter()
        .map(|f| f.fingerprint.as_str())
        .collect();
    let new_f: HashSet<&str> = new_view
        .findings
        .iter()
        .map(|f| f.fingerprint.as_str())
        .collect();
    let mut by_rule: BTreeMap<String, i64> = BTreeMap::new();
    let mut added = 0;
    let mut removed = 0;
    let mut added_findings = Vec::new();
    for f in &new_view.findings {
        if !old_f.contains(f.fingerprint.as_str()) {
            added += 1;
            *by_rule.entry(f.rule.clone()).or_default() += 1;
            if accepted_body.is_some() {
                added_findings.push(AddedFinding {
                    rule: f.rule.clone(),
                    severity: f.severity.clone(),
                    message: f.message.clone(),
                    page: f.page.clone(),
                    line: f.line,
                    column: f.column,
                });
            }
        }
    }
    for f in &old_view.findings {
        if !new_f.contains(f.fingerprint.as_str()) {
            removed += 1;
            *by_rule.entry(f.rule.clone()).or_default() -= 1;
        }
    }
    by_rule.retain(|_, v| *v != 0);
    let place = first_change_place(&articles, &old_view.articles, &new_view.articles);
    Review {
        issue: issue.to_string(),
        new_issue: accepted_body.is_none(),
        articles,
        findings_added: added,
        findings_removed: removed,
        findings_by_rule: by_rule,
        added: added_findings,
        place,
        cer_before: old_view.accuracy.map(|a| a.cer_pooled),
        cer_after: new_view.accuracy.map(|a| a.cer_pooled),
        accepted_body,
        pending_body,
    }
}

/// The page and first line of the first article that is not unchanged.
fn first_change_place(
    fates: &[ArticleFate],
    old: &[ArticleView],
    new: &[ArticleView],
) -> Option<(String, u32)> {
    let lines_of = |list: &[ArticleView], id: usize| {
        list.iter()
            .find(|a| a.id == id)
            .and_then(|a| a.lines.clone())
    };
    let lines = fates.iter().find_map(|f| match f {
        ArticleFate::Unchanged { .. } => None,
        ArticleFate::Changed { new: id, .. }
        | ArticleFate::Added { new: id }
        | ArticleFate::Merged { into: id, .. } => lines_of(new, *id),
        ArticleFate::Split { into, .. } => into.first().and_then(|id| lines_of(new, *id)),
        ArticleFate::Missing { old: id } => lines_of(old, *id),
    })?;
    // `p01.txt:61-67, p02.txt:1-9`: the first page and its first line.
    let first = lines.split(',').next()?.trim();
    let (page, range) = first.rsplit_once(':')?;
    let line = range.split('-').next()?.trim().parse().ok()?;
    Some((page.to_string(), line))
}

/// An article's text without its `id` line, so renumbering alone is no change.
fn strip_id(block: &str) -> String {
    block
        .lines()
        .map(|l| if l.starts_with("- id: ") { "- id:" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Review {
    /// The review of a snapshot with no accepted one before it: nothing to
    /// compare, so nothing is parsed (a first run over an archive makes
    /// one for every issue).
    pub fn new_snapshot(issue: &str, pending_body: String) -> Review {
        Review {
            issue: issue.to_string(),
            new_issue: true,
            articles: Vec::new(),
            findings_added: 0,
            findings_removed: 0,
            findings_by_rule: BTreeMap::new(),
            added: Vec::new(),
            place: None,
            cer_before: None,
            cer_after: None,
            accepted_body: None,
            pending_body,
        }
    }

    /// What changed, without the issue id: `3 articles changed, findings +9 −26`.
    pub fn change(&self) -> String {
        let s = self.summary();
        s.strip_prefix(&format!("{}: ", self.issue))
            .map(str::to_string)
            .unwrap_or(s)
    }

    /// The diff at most `max_lines` long (0: all of it), and how many
    /// lines were cut.
    pub fn render_capped(&self, style: Style2, max_lines: usize) -> (String, usize) {
        let full = self.render(style);
        let total = full.lines().count();
        if max_lines == 0 || total <= max_lines {
            return (full, 0);
        }
        let mut kept: String = full
            .lines()
            .take(max_lines)
            .flat_map(|l| [l, "\n"])
            .collect();
        if style.color {
            // A cut may fall inside a styled run.
            kept.push_str(&anstyle::Reset.render().to_string());
        }
        (kept, total - max_lines)
    }

    /// One line: what changed.
    pub fn summary(&self) -> String {
        if self.new_issue {
            return format!("{}: new snapshot", self.issue);
        }
        let mut parts = Vec::new();
        let count =
            |f: &dyn Fn(&ArticleFate) -> bool| self.articles.iter().filter(|a| f(a)).count();
        let changed = count(&|a| matches!(a, ArticleFate::Changed { .. }));
        let missing = count(&|a| matches!(a, ArticleFate::Missing { .. }));
        let added = count(&|a| matches!(a, ArticleFate::Added { .. }));
        let split = count(&|a| matches!(a, ArticleFate::Split { .. }));
        let merged = count(&|a| matches!(a, ArticleFate::Merged { .. }));
        for (n, what) in [
            (changed, "changed"),
            (missing, "missing"),
            (added, "added"),
            (split, "split"),
            (merged, "merged"),
        ] {
            if n > 0 {
                parts.push(format!(
                    "{n} article{} {what}",
                    if n == 1 { "" } else { "s" }
                ));
            }
        }
        if self.findings_added + self.findings_removed > 0 {
            parts.push(format!(
                "findings +{} −{}",
                self.findings_added, self.findings_removed
            ));
        }
        if let (Some(a), Some(b)) = (self.cer_before, self.cer_after) {
            if a != b {
                parts.push(format!("CER {a} → {b}"));
            }
        }
        if parts.is_empty() {
            parts.push("only the issue header or totals changed".to_string());
        }
        format!("{}: {}", self.issue, parts.join(", "))
    }

    /// The full diff, article by article.
    pub fn render(&self, style: Style2) -> String {
        let bold = anstyle::Style::new().bold();
        let head = |t: &str| {
            if style.color {
                format!("{}── {t} ──{}\n", bold.render(), bold.render_reset())
            } else {
                format!("── {t} ──\n")
            }
        };
        let new_secs = sections(&self.pending_body);
        let Some(old_body) = &self.accepted_body else {
            let changes = diff::line_changes("", &self.pending_body, 0, 0);
            return head("new snapshot")
                + &diff::render(
                    &changes,
                    Style2 {
                        context: 0,
                        ..style
                    },
                );
        };
        let old_secs = sections(old_body);
        let mut out = String::new();
        let body_diff = |o: &(usize, String), n: &(usize, String)| -> String {
            let changes = diff::line_changes(&o.1, &n.1, o.0, n.0);
            diff::render(&changes, style)
        };
        let d = body_diff(&old_secs.head, &new_secs.head);
        if !d.trim().is_empty() {
            out.push_str(&head("issue"));
            out.push_str(&d);
        }
        let old_by_id = |id: usize| {
            old_secs
                .articles
                .iter()
                .zip(1..)
                .find(|(_, k)| *k == id)
                .map(|(a, _)| a)
        };
        let new_by_id = |id: usize| {
            new_secs
                .articles
                .iter()
                .zip(1..)
                .find(|(_, k)| *k == id)
                .map(|(a, _)| a)
        };
        let title = |secs_text: Option<&(usize, String)>| -> String {
            secs_text
                .and_then(|(_, t)| t.lines().find(|l| l.trim_start().starts_with("headline:")))
                .map(|l| {
                    l.trim_start()
                        .trim_start_matches("headline:")
                        .trim()
                        .to_string()
                })
                // The snapshot writes `headline: null` for an article whose
                // head the parser did not find: say so in words.
                .filter(|t| !t.is_empty() && t != "null" && t != "~")
                .unwrap_or_else(|| "(untitled)".to_string())
        };
        for fate in &self.articles {
            match fate {
                ArticleFate::Unchanged { .. } => {}
                ArticleFate::Changed { old, new } => {
                    let (o, n) = (old_by_id(*old), new_by_id(*new));
                    let label = if old == new {
                        format!("article {old} changed · {}", title(n))
                    } else {
                        format!("article {old} (now {new}) changed · {}", title(n))
                    };
                    out.push_str(&head(&label));
                    if let (Some(o), Some(n)) = (o, n) {
                        out.push_str(&body_diff(o, n));
                    }
                }
                ArticleFate::Missing { old } => {
                    out.push_str(&head(&format!(
                        "article {old} missing · {}",
                        title(old_by_id(*old))
                    )));
                    if let Some(o) = old_by_id(*old) {
                        out.push_str(&body_diff(o, &(0, String::new())));
                    }
                }
                ArticleFate::Added { new } => {
                    out.push_str(&head(&format!(
                        "article {new} added · {}",
                        title(new_by_id(*new))
                    )));
                    if let Some(n) = new_by_id(*new) {
                        out.push_str(&body_diff(&(0, String::new()), n));
                    }
                }
                ArticleFate::Split { old, into } => {
                    let list: Vec<String> = into.iter().map(|i| i.to_string()).collect();
                    out.push_str(&head(&format!(
                        "article {old} split into {} · {}",
                        list.join(" and "),
                        title(old_by_id(*old))
                    )));
                    let joined: String = into
                        .iter()
                        .filter_map(|&i| new_by_id(i))
                        .map(|n| n.1.clone())
                        .collect();
                    let first_new = into.first().and_then(|&i| new_by_id(i)).map_or(0, |n| n.0);
                    if let Some(o) = old_by_id(*old) {
                        out.push_str(&body_diff(o, &(first_new, joined)));
                    }
                }
                ArticleFate::Merged { from, into } => {
                    let list: Vec<String> = from.iter().map(|i| i.to_string()).collect();
                    out.push_str(&head(&format!(
                        "articles {} merged into {into} · {}",
                        list.join(" and "),
                        title(new_by_id(*into))
                    )));
                    let joined: String = from
                        .iter()
                        .filter_map(|&i| old_by_id(i))
                        .map(|o| o.1.clone())
                        .collect();
                    let first_old = from.first().and_then(|&i| old_by_id(i)).map_or(0, |o| o.0);
                    if let Some(n) = new_by_id(*into) {
                        out.push_str(&body_diff(&(first_old, joined), n));
                    }
                }
            }
        }
        // Sections after the articles, by key.
        let keys: Vec<&str> = {
            let mut k: Vec<&str> = old_secs.tail.iter().map(|t| t.0).collect();
            for t in &new_secs.tail {
                if !k.contains(&t.0) {
                    k.push(t.0);
                }
            }
            k
        };
        for key in keys {
            let o = old_secs
                .tail
                .iter()
                .find(|t| t.0 == key)
                .map(|t| (t.1, t.2.clone()))
                .unwrap_or((0, String::new()));
            let n = new_secs
                .tail
                .iter()
                .find(|t| t.0 == key)
                .map(|t| (t.1, t.2.clone()))
                .unwrap_or((0, String::new()));
            if o.1 == n.1 {
                continue;
            }
            if key == "findings" {
                out.push_str(&head(&format!(
                    "findings +{} −{}",
                    self.findings_added, self.findings_removed
                )));
                out.push_str(&self.findings_diff(style));
            } else {
                out.push_str(&head(key));
                out.push_str(&body_diff(&o, &n));
            }
        }
        out
    }

    /// Findings added and removed, by fingerprint, one line each.
    fn findings_diff(&self, style: Style2) -> String {
        let old = self
            .accepted_body
            .as_deref()
            .map(|b| view(std::path::Path::new(""), b))
            .unwrap_or_default();
        let new = view(std::path::Path::new(""), &self.pending_body);
        let old_f: HashSet<&str> = old
            .findings
            .iter()
            .map(|f| f.fingerprint.as_str())
            .collect();
        let new_f: HashSet<&str> = new
            .findings
            .iter()
            .map(|f| f.fingerprint.as_str())
            .collect();
        let red = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Red.into()));
        let green = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Green.into()));
        let line = |sign: &str, f: &FindingView, st: anstyle::Style| {
            let t = format!(
                "  {sign} {}[{}] {}:{}:{} {}\n",
                f.severity, f.rule, f.page, f.line, f.column, f.message
            );
            if style.color {
                format!("{}{t}{}", st.render(), st.render_reset())
            } else {
                t
            }
        };
        let mut out = String::new();
        for f in old
            .findings
            .iter()
            .filter(|f| !new_f.contains(f.fingerprint.as_str()))
        {
            out.push_str(&line("-", f, red));
        }
        for f in new
            .findings
            .iter()
            .filter(|f| !old_f.contains(f.fingerprint.as_str()))
        {
            out.push_str(&line("+", f, green));
        }
        out
    }

    /// The character edits of changed text lines (paragraphs, headlines,
    /// subtitles, kickers): (old, new) fragments. Counts, line ranges and
    /// other numbers that move with every change are left out, so that
    /// clusters are about what the OCR read.
    pub fn edits(&self) -> Vec<(String, String)> {
        let old = self.accepted_body.as_deref().unwrap_or("");
        let text_lines = text_lines(&self.pending_body);
        diff::line_changes(old, &self.pending_body, 0, 0)
            .into_iter()
            .flat_map(|c| match c {
                LineChange::Changed { segs, new, .. } if text_lines.contains(&new) => segs
                    .into_iter()
                    .filter_map(|s| match s {
                        Seg::Edit { old, new } => Some((old, new)),
                        Seg::Same(_) => None,
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect()
    }
}

/// Line numbers (1-based) of a body that hold article text: items of a
/// `paragraphs:` list and `headline:`/`subtitle:`/`kicker:` values.
fn text_lines(body: &str) -> HashSet<usize> {
    let mut out = HashSet::new();
    let mut in_list: Option<usize> = None;
    for (i, line) in body.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim_start();
        if let Some(level) = in_list {
            if indent >= level && t.starts_with("- ") {
                out.insert(i + 1);
                continue;
            }
            in_list = None;
        }
        if t == "paragraphs:" {
            in_list = Some(indent);
        } else if ["headline:", "subtitle:", "kicker:"]
            .iter()
            .any(|k| t.starts_with(k))
        {
            out.insert(i + 1);
        }
    }
    out
}

/// The body with only the chosen edits of changed lines applied to the
/// accepted text (`take_lines`: whether whole added and removed lines are
/// applied too).
pub fn apply_edits(
    accepted: &str,
    pending: &str,
    choose: &dyn Fn(&str, &str) -> bool,
    take_lines: bool,
) -> String {
    let mut out = String::new();
    for c in diff::line_changes(accepted, pending, 0, 0) {
        let line = match c {
            LineChange::Context { text, .. } => Some(text),
            LineChange::Removed { text, .. } => (!take_lines).then_some(text),
            LineChange::Added { text, .. } => take_lines.then_some(text),
            LineChange::Changed { segs, .. } => Some(
                segs.into_iter()
                    .map(|s| match s {
                        Seg::Same(t) => t,
                        Seg::Edit { old, new } => {
                            if choose(&old, &new) {
                                new
                            } else {
                                old
                            }
                        }
                    })
                    .collect(),
            ),
        };
        if let Some(l) = line {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}
