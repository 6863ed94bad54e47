//! Which issues a run checks: all of them, those changed since a git
//! revision, and one shard of them.

use crate::corpus::{Corpus, IssueRef};
use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
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

/// Which issues a run checked, shard aside, and of what corpus, by what
/// tool: shards of one run agree on all of it, and `merge` refuses parts
/// that do not (or a shard missing).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Scope {
    /// How the issues were chosen: `every issue`, `changed since <commit>`,
    /// `matching <glob>`.
    pub selection: String,
    /// How a sharded run spread them (`blake3(issue id) mod N`); absent
    /// when the run was not sharded, or is the merge of its shards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard_rule: Option<String>,
    /// A fingerprint of the corpus listing: blake3 of the sorted issue ids.
    pub corpus: String,
    /// Issues in the corpus.
    pub corpus_issues: usize,
    /// The tool and its rules (as in `snapshots/.ocrgate-tool`).
    pub tool: String,
}

impl Scope {
    pub fn of(
        corpus: &Corpus,
        changed: Option<&ChangeSet>,
        shard: Option<Shard>,
        only: Option<&IssueFilter>,
    ) -> Scope {
        let mut parts = Vec::new();
        match changed {
            Some(c) => parts.push(format!("changed since {}", c.commit)),
            None => parts.push("every issue".to_string()),
        }
        if let Some(f) = only {
            parts.push(format!("matching {}", f.text));
        }
        let mut h = blake3::Hasher::new();
        for i in &corpus.issues {
            h.update(i.id.as_bytes());
            h.update(b"\n");
        }
        Scope {
            selection: parts.join("; "),
            shard_rule: shard.map(|s| format!("blake3(issue id) mod {}", s.count)),
            corpus: h.finalize().to_hex()[..16].to_string(),
            corpus_issues: corpus.issues.len(),
            tool: crate::snapshot::stamp::current(),
        }
    }
}

/// What changed since a git revision, as the gate sees it.
#[derive(Debug, Clone, Default)]
pub struct ChangeSet {
    /// The revision, resolved to a commit.
    pub commit: String,
    /// Ids of the issues to check.
    pub issues: BTreeSet<String>,
    /// Set when every issue must be checked, and why (`ocrgate.yaml`
    /// changed, the tool is not the one that confirmed the snapshots).
    pub everything: Option<String>,
    /// Accepted snapshots of issues that are gone (deleted or renamed
    /// since the revision, or a snapshot added for no issue).
    pub orphans: Vec<PathBuf>,
}

/// Where the files that decide an issue's verdict live, to map a changed
/// path to the issues it touches.
pub struct Watched<'a> {
    pub corpus: &'a Corpus,
    pub snapshot_root: &'a Path,
    /// The baseline file, when the run gates on one.
    pub baseline: Option<&'a Path>,
}

/// The issues to check after files changed since `rev` (committed,
/// staged, in the working tree or untracked), anywhere in the repository:
/// - an issue's own files (pages, `issue.yaml`, `expected.yaml`, ground truth);
/// - its snapshot, accepted or pending;
/// - its entry in the baseline (the two versions of the file are compared);
/// - its publication's `publication.yaml` (rules, checks, thresholds): every
///   issue of the publication;
/// - the corpus `ocrgate.yaml`, or a tool other than the one that confirmed
///   the snapshots ([`crate::snapshot::stamp`]): every issue.
///
/// An issue folder that is gone but whose snapshot is still there is an
/// orphan, reported as `--unreferenced` reports it.
pub fn changed_since(w: &Watched, rev: &str) -> Result<ChangeSet> {
    let corpus = w.corpus;
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
    let top = PathBuf::from(
        git(&corpus.root, &["rev-parse", "--show-toplevel"])?
            .trim_end_matches(['\n', '\r'])
            .to_string(),
    );
    // Paths relative to the top of the repository: the snapshot store and
    // the baseline usually live beside the corpus folder, not in it.
    // `-z`: names as they are, not quoted (git quotes non-ASCII names,
    // which are common in a Chinese corpus); `--no-renames`: a renamed
    // issue is a deleted one and a new one.
    let mut paths: Vec<String> = split_z(&git(
        &top,
        &["diff", "-z", "--name-only", "--no-renames", commit, "--"],
    )?);
    paths.extend(split_z(&git(
        &top,
        &["ls-files", "-z", "--others", "--exclude-standard"],
    )?));
    let mut out = ChangeSet {
        commit: commit.to_string(),
        ..ChangeSet::default()
    };
    if let Some(why) = crate::snapshot::stamp::distrust(w.snapshot_root) {
        out.everything = Some(why);
    }
    let real = |p: &Path| real_path(p);
    let corpus_dir = real(&corpus.root);
    let store = real(w.snapshot_root);
    let baseline = w.baseline.map(real);
    // The index is sorted by id: a lookup per changed path, not a scan.
    let known = |id: &str| {
        corpus
            .issues
            .binary_search_by(|i| i.id.as_str().cmp(id))
            .is_ok()
    };
    let publication_issues = |publication: &str| -> Vec<String> {
        corpus
            .issues
            .iter()
            .filter(|i| i.id.split('/').next() == Some(publication))
            .map(|i| i.id.clone())
            .collect()
    };
    let mut gone = BTreeSet::new();
    for p in paths {
        let abs = top.join(&p);
        if baseline.as_deref() == Some(abs.as_path()) {
            out.issues
                .extend(baseline_changes(&top, commit, &p, w.baseline.expect("set")));
            continue;
        }
        if let Ok(rel) = abs.strip_prefix(&store) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.ends_with(".snap") || rel.ends_with(".snap.new") {
                let id = crate::snapshot::snapshot_issue(Path::new(""), Path::new(&rel));
                if known(&id) {
                    out.issues.insert(id);
                } else {
                    gone.insert(id);
                }
            }
            continue;
        }
        let Ok(rel) = abs.strip_prefix(&corpus_dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let parts: Vec<&str> = rel.split('/').collect();
        match parts.as_slice() {
            ["ocrgate.yaml"] => {
                out.everything
                    .get_or_insert_with(|| "ocrgate.yaml changed: checking every issue".into());
            }
            [publication, "publication.yaml"] => out.issues.extend(publication_issues(publication)),
            [publication, folder, _, ..] => {
                let id = format!("{publication}/{folder}");
                if known(&id) {
                    out.issues.insert(id);
                } else {
                    gone.insert(id);
                }
            }
            _ => {}
        }
    }
    if out.everything.is_some() {
        out.issues = corpus.issues.iter().map(|i| i.id.clone()).collect();
    }
    out.orphans = gone
        .into_iter()
        .map(|id| crate::snapshot::SnapshotPath::new(w.snapshot_root, &id).accepted)
        .filter(|f| f.is_file())
        .collect();
    Ok(out)
}

fn split_z(s: &str) -> Vec<String> {
    s.split('\0')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// A path with its links resolved, as git reports the top of the
/// repository; a path that does not exist (a store not written yet) is
/// resolved through its nearest existing parent.
fn real_path(p: &Path) -> PathBuf {
    if let Ok(r) = p.canonicalize() {
        return r;
    }
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            real_path(parent).join(name)
        }
        _ => std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf()),
    }
}

/// The issues whose baseline entries differ between `commit` and the
/// working tree. A version that cannot be read counts as empty: a new or
/// deleted baseline touches every issue it lists.
fn baseline_changes(top: &Path, commit: &str, rel: &str, now: &Path) -> BTreeSet<String> {
    let parse = |text: &str| {
        crate::parse::rules::parse_yaml_data::<crate::gate::Baseline>(now, text)
            .map(|b| b.issues)
            .unwrap_or_default()
    };
    let before = git(top, &["show", &format!("{commit}:{rel}")])
        .map(|t| parse(&t))
        .unwrap_or_default();
    let after = std::fs::read_to_string(now)
        .map(|t| parse(&t))
        .unwrap_or_default();
    before
        .keys()
        .chain(after.keys())
        .filter(|id| before.get(*id) != after.get(*id))
        .cloned()
        .collect()
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
