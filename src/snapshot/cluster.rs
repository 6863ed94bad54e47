//! Review by cluster: the same edit across many issues (`，` → `,` in 312
//! places across 40 issues, or one headline-rule change everywhere) is one
//! decision. A cluster is one (old → new) character edit of changed lines;
//! accepting it applies exactly those edits to the accepted snapshots, and
//! rejecting it takes them out of the pending ones. Issues whose pending
//! and accepted snapshots become equal are settled.

use super::review::{apply_edits, review, Review};
use super::{issue_id_of, parse_body, pending_files, render, write_atomic, SnapshotPath};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One edit and where it occurs.
#[derive(Debug, Clone, Serialize)]
pub struct Cluster {
    /// 1-based, in the listing order (most frequent first).
    pub id: usize,
    pub old: String,
    pub new: String,
    /// How many times the edit occurs.
    pub count: usize,
    /// The issues it occurs in.
    pub issues: Vec<String>,
}

fn show(s: &str) -> String {
    if s.is_empty() {
        "∅".to_string()
    } else {
        s.replace(' ', "␣")
    }
}

impl std::fmt::Display for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>4}  {} → {}   {} time{} in {} issue{}",
            self.id,
            show(&self.old),
            show(&self.new),
            self.count,
            if self.count == 1 { "" } else { "s" },
            self.issues.len(),
            if self.issues.len() == 1 { "" } else { "s" }
        )
    }
}

/// The reviews of every pending snapshot.
pub fn pending_reviews(root: &Path) -> Result<Vec<Review>> {
    pending_files(root)?
        .iter()
        .map(|p| {
            let id = issue_id_of(root, p);
            review(&id, &SnapshotPath::new(root, &id))
        })
        .collect()
}

/// Clusters of the pending edits, most frequent first (ties by text).
pub fn clusters(reviews: &[Review]) -> Vec<Cluster> {
    let mut by_edit: BTreeMap<(String, String), (usize, Vec<String>)> = BTreeMap::new();
    for r in reviews.iter().filter(|r| !r.new_issue) {
        for (old, new) in r.edits() {
            let e = by_edit.entry((old, new)).or_default();
            e.0 += 1;
            if e.1.last() != Some(&r.issue) {
                e.1.push(r.issue.clone());
            }
        }
    }
    let mut out: Vec<Cluster> = by_edit
        .into_iter()
        .map(|((old, new), (count, issues))| Cluster {
            id: 0,
            old,
            new,
            count,
            issues,
        })
        .collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| (&a.old, &a.new).cmp(&(&b.old, &b.new)))
    });
    for (i, c) in out.iter_mut().enumerate() {
        c.id = i + 1;
    }
    out
}

fn header_of(text: &str) -> Option<(String, String)> {
    let mut expression = None;
    let mut input = None;
    for line in text.lines().skip(1) {
        if line == "---" {
            break;
        }
        if let Some(v) = line.strip_prefix("expression: ") {
            expression = Some(v.to_string());
        }
        if let Some(v) = line.strip_prefix("input_file: ") {
            input = Some(v.to_string());
        }
    }
    Some((expression?, input?))
}

/// What settling a cluster did.
#[derive(Debug, Default)]
pub struct Settled {
    /// Issues whose snapshots were rewritten.
    pub touched: Vec<String>,
    /// Issues with nothing left pending.
    pub resolved: Vec<String>,
}

/// Accepts (`accept = true`) or rejects one cluster in every issue where it
/// occurs. Writes are atomic; the caller holds the store lock.
pub fn settle(root: &Path, reviews: &[Review], cluster: &Cluster, accept: bool) -> Result<Settled> {
    let mut settled = Settled::default();
    for r in reviews.iter().filter(|r| cluster.issues.contains(&r.issue)) {
        let paths = SnapshotPath::new(root, &r.issue);
        let accepted = r.accepted_body.as_deref().unwrap_or("");
        let pending_text = super::file::read_text(&paths.pending)?.ok_or_else(|| {
            Error::Usage(format!(
                "{}: the pending snapshot is gone; another run settled it",
                paths.pending.display()
            ))
        })?;
        let (expression, input) = header_of(&pending_text).ok_or_else(|| {
            Error::Usage(format!(
                "{}: pending snapshot has no header",
                paths.pending.display()
            ))
        })?;
        let in_cluster = |o: &str, n: &str| o == cluster.old && n == cluster.new;
        if accept {
            let next = apply_edits(accepted, &r.pending_body, &in_cluster, false);
            write_atomic(&paths.accepted, &render(&expression, &input, &next))?;
            if next == r.pending_body {
                std::fs::remove_file(&paths.pending).map_err(|e| Error::io(&paths.pending, e))?;
                settled.resolved.push(r.issue.clone());
            }
        } else {
            let next = apply_edits(accepted, &r.pending_body, &|o, n| !in_cluster(o, n), true);
            if next == accepted {
                std::fs::remove_file(&paths.pending).map_err(|e| Error::io(&paths.pending, e))?;
                settled.resolved.push(r.issue.clone());
            } else {
                write_atomic(&paths.pending, &render(&expression, &input, &next))?;
            }
        }
        settled.touched.push(r.issue.clone());
    }
    // Make sure what was written still reads as snapshots.
    for id in &settled.touched {
        let p = SnapshotPath::new(root, id);
        if let Ok(Some(t)) = super::file::read_text(&p.accepted) {
            parse_body(&t).ok_or_else(|| {
                Error::Usage(format!("{}: lost its header", p.accepted.display()))
            })?;
        }
    }
    Ok(settled)
}
