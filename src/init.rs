//! `ocrgate init`: a new project's corpus configuration, one publication
//! and the `.gitignore` lines, so that the first `ocrgate check` runs.
//!
//! Nothing is overwritten: a file that exists stops `init` before anything
//! is written, naming the file. `.gitignore` is the exception by nature:
//! the lines it lacks are appended, the rest of it is kept.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// What `init` writes.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The publication's folder name (its id in issue ids and snapshots).
    pub publication: String,
    /// Its display name.
    pub name: String,
    /// A BCP 47 language tag: picks the built-in profile.
    pub language: String,
}

/// The lines a project's `.gitignore` needs: the cache, pending snapshots,
/// temporary files of interrupted writes, and the store's lock.
pub const GITIGNORE_LINES: [&str; 4] = [
    ".ocrgate-cache/",
    "*.snap.new",
    "snapshots/.ocrgate.lock",
    ".*.tmp",
];

/// Writes `DIR/corpus/ocrgate.yaml`, `DIR/corpus/PUBLICATION/publication.yaml`
/// and the `.gitignore` lines; returns the files written or changed.
pub fn init(dir: &Path, opts: &InitOptions) -> Result<Vec<PathBuf>> {
    let id = &opts.publication;
    if id.is_empty()
        || id.starts_with('.')
        || id.starts_with('-')
        || id.contains(['/', '\\'])
        || id.chars().any(crate::escape::is_unsafe)
    {
        return Err(Error::Usage(format!(
            "`{}` cannot be a publication folder: use a plain name such as liaocheng-daily",
            crate::escape::visible(id)
        )));
    }
    let corpus = dir.join("corpus");
    let config = corpus.join("ocrgate.yaml");
    let publication = corpus.join(id).join("publication.yaml");
    for existing in [&config, &publication] {
        if existing.exists() {
            return Err(Error::Usage(format!(
                "{} exists; init does not overwrite (edit it, or init another folder)",
                existing.display()
            )));
        }
    }
    let profile = crate::corpus::PublicationConfig {
        language: Some(opts.language.clone()),
        ..Default::default()
    }
    .profile_name()
    .to_string();
    std::fs::create_dir_all(publication.parent().expect("has a parent"))
        .map_err(|e| Error::io(&corpus, e))?;
    write_new(&config, CORPUS_CONFIG)?;
    write_new(
        &publication,
        &format!(
            "# One publication: its issues are folders beside this file, named\n\
             # after their date (2024-05-01/p01.txt, p02.alto.xml, …).\n\
             name: {}\n\
             language: {}\n\
             # The parsing and checking rules: `ocrgate profile {profile}` prints them\n\
             # all; override any of them under `rules:` and `checks:` here.\n\
             profile: {profile}\n",
            yaml_string(&opts.name),
            yaml_string(&opts.language),
        ),
    )?;
    let mut written = vec![config, publication];
    let gitignore = dir.join(".gitignore");
    let existing = match std::fs::read_to_string(&gitignore) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(&gitignore, e)),
    };
    let missing: Vec<&str> = GITIGNORE_LINES
        .iter()
        .copied()
        .filter(|line| !existing.lines().any(|l| l.trim() == *line))
        .collect();
    if !missing.is_empty() {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("# ocrgate: the result cache, pending snapshots, interrupted writes, the store's lock\n");
        for line in missing {
            text.push_str(line);
            text.push('\n');
        }
        crate::snapshot::write_atomic(&gitignore, &text)?;
        written.push(gitignore);
    }
    Ok(written)
}

/// A starter `ocrgate.yaml`: every setting commented out with its default.
const CORPUS_CONFIG: &str = "\
# ocrgate's corpus configuration. Every setting is optional; the defaults
# are shown commented out.

# Where accepted snapshots live, relative to this folder.
# snapshots: ../snapshots

# The findings the gate compares against (`ocrgate baseline write`).
# baseline: ../ocrgate-baseline.yaml

# Checks for every publication: a rule or family `off`, `info`, `warning`,
# `error`, or a table with `severity:` and parameters (`ocrgate rules`).
# checks:
#   space.cjk: off
#   date.dateline-stale: { severity: error, max_days: 3 }

# Gate thresholds (per issue): warn and fail levels.
# thresholds:
#   cer: { warn: 0.02, fail: 0.05 }
#   untitled_share: { warn: 0.2, fail: 0.5 }
";

/// Creates `path` with `text`; an existing file is an error (checked
/// before, and refused here again if it appeared meanwhile).
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))
}

/// A YAML scalar that reads back as `s`.
fn yaml_string(s: &str) -> String {
    serde_saphyr::to_string(&s)
        .map(|y| y.trim_end().to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}
