//! Which issues a run checks: all of them, those changed since a git
//! revision, and one shard of them.

use crate::corpus::{Corpus, IssueRef};
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}`: write the shard as K/N, e.g. 1/4"))?;
        let (k, n): (u32, u32) = (
            k.trim()
                .parse()
                .map_err(|_| format!("`{k}` is not a number"))?,
            n.trim()
                .parse()
                .map_err(|_| format!("`{n}` is not a number"))?,
        );
        if n == 0 || k == 0 || k > n {
            return Err(format!("shard {k}/{n}: K must be between 1 and N"));
        }
        Ok(Shard { index: k, count: n })
    }
}

impl Shard {
    /// Whether an issue belongs to this shard. The shard of an issue depends
    /// on its id alone (blake3), so adding issues never moves another one.
    pub fn contains(&self, issue_id: &str) -> bool {
        let h = blake3::hash(issue_id.as_bytes());
        let n = u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"));
        (n % self.count as u64) as u32 == self.index - 1
    }
}

fn git(corpus: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(corpus)
        .args(args)
        .output()
        .map_err(|e| Error::Usage(format!("--changed-since needs git: {e}")))?;
    if !out.status.success() {
        return Err(Error::Usage(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Ids of the issues to check after files changed since `rev`: issues whose
/// files changed, every issue of a publication whose `publication.yaml`
/// changed, every issue when `ocrgate.yaml` changed. Files that are not in
/// the working tree's history yet (untracked) count as changed.
pub fn changed_since(corpus: &Corpus, rev: &str) -> Result<BTreeSet<String>> {
    // A revision is never an option: `--changed-since=--output=FILE` made
    // git write FILE and the gate pass with no issues.
    if rev.starts_with('-') || rev.is_empty() {
        return Err(Error::Usage(format!(
            "--changed-since `{}` is not a git revision (name a commit, branch or tag, e.g. origin/main)",
            crate::escape::visible(rev)
        )));
    }
    // Resolved to a commit first: a revision git does not know is an
    // error, never "nothing changed".
    let commit = git(
        &corpus.root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        Error::Usage(format!(
            "--changed-since `{}` is not a commit of the repository at {} (fetch it first, e.g. `git fetch origin main`)",
            crate::escape::visible(rev),
            corpus.root.display()
        ))
    })?;
    let commit = commit.trim();
    // `-z`: names as they are, not quoted (git quotes non-ASCII names,
    // which are common in a Chinese corpus).
    let mut paths: Vec<String> = git(
        &corpus.root,
        &["diff", "-z", "--name-only", "--relative", commit, "--", "."],
    )?
    .split('\0')
    .filter(|p| !p.is_empty())
    .map(str::to_string)
    .collect();
    paths.extend(
        git(
            &corpus.root,
            &[
                "ls-files",
                "-z",
                "--others",
                "--exclude-standard",
                "--",
                ".",
            ],
        )?
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(str::to_string),
    );
    let mut out = BTreeSet::new();
    for p in paths {
        let parts: Vec<&str> = p.split('/').collect();
        match parts.as_slice() {
            ["ocrgate.yaml"] => return Ok(corpus.issues.iter().map(|i| i.id.clone()).collect()),
            [publication, "publication.yaml"] => {
                out.extend(
                    corpus
                        .issues
                        .iter()
                        .filter(|i| i.id.starts_with(&format!("{publication}/")))
                        .map(|i| i.id.clone()),
                );
            }
            [publication, folder, _, ..] => {
                let id = format!("{publication}/{folder}");
                if corpus.issues.iter().any(|i| i.id == id) {
                    out.insert(id);
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Part of a corpus named on the command line: a publication
/// (`liaocheng-daily`), an issue (`liaocheng-daily/2022-07-05`) or a glob
/// over issue ids (`liaocheng-daily/2022-*`, `*/2022-07-05`).
#[derive(Debug, Clone)]
pub struct IssueFilter {
    /// As the user wrote it, relative to the corpus.
    pub text: String,
    matcher: globset::GlobMatcher,
}

impl IssueFilter {
    /// A filter from a path relative to the corpus or a glob; a name
    /// without a `/` is a publication and selects all its issues.
    pub fn new(text: &str) -> Result<IssueFilter> {
        let text = text.trim_end_matches('/').to_string();
        let pattern = if text.contains('/') {
            text.clone()
        } else {
            format!("{text}/*")
        };
        let glob = globset::GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| {
                Error::Usage(format!(
                    "`{text}` is not a selection of issues: {e} (write PUBLICATION, PUBLICATION/ISSUE or a glob such as 'PUBLICATION/2022-*')"
                ))
            })?;
        Ok(IssueFilter {
            text,
            matcher: glob.compile_matcher(),
        })
    }

    pub fn matches(&self, id: &str) -> bool {
        self.matcher.is_match(id)
    }
}

/// The issues a run checks.
pub fn select<'a>(
    corpus: &'a Corpus,
    changed: Option<&BTreeSet<String>>,
    shard: Option<Shard>,
    only: Option<&IssueFilter>,
) -> Vec<&'a IssueRef> {
    corpus
        .issues
        .iter()
        .filter(|i| only.is_none_or(|f| f.matches(&i.id)))
        .filter(|i| changed.is_none_or(|c| c.contains(&i.id)))
        .filter(|i| shard.is_none_or(|s| s.contains(&i.id)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_and_are_stable() {
        let ids: Vec<String> = (0..200).map(|i| format!("paper/2000-01-{i:03}")).collect();
        let shards: Vec<Shard> = (1..=4).map(|k| Shard { index: k, count: 4 }).collect();
        for id in &ids {
            assert_eq!(shards.iter().filter(|s| s.contains(id)).count(), 1);
        }
        // Every shard gets some.
        for s in &shards {
            assert!(ids.iter().filter(|id| s.contains(id)).count() > 20);
        }
        assert!(
            "0/2".parse::<Shard>().is_err()
                && "3/2".parse::<Shard>().is_err()
                && "x".parse::<Shard>().is_err()
        );
    }
}
