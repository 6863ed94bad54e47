//! Where the corpus is, and which part of it the command line names.
//!
//! Every command finds the corpus the same way, as cargo finds
//! `Cargo.toml`: a folder given on the command line, else the nearest of
//! the working folder and its parents that is a corpus (it holds
//! `ocrgate.yaml`), is inside one (a publication holds `publication.yaml`),
//! or holds one (`corpus/`). A path inside the corpus — a publication's or
//! an issue's folder — or a glob over issue ids (`liaocheng-daily/2022-*`)
//! checks that part of it, so `ocrgate check` in an issue's folder checks
//! that issue.
//!
//! Found paths stay relative to the working folder (`corpus`,
//! `../..`): messages quote them as the user would type them.

use crate::corpus::parent_of;
use crate::error::{Error, Result};
use crate::select::IssueFilter;
use std::path::{Path, PathBuf};

/// The corpus a command works on, and the part of it that was named.
#[derive(Debug, Clone)]
pub struct Located {
    pub corpus: PathBuf,
    /// `None`: the whole corpus.
    pub only: Option<IssueFilter>,
}

/// The corpus for `arg` (a corpus, a folder inside one, or a glob), or for
/// the working folder when there is none.
pub fn locate(arg: Option<&Path>) -> Result<Located> {
    let Some(arg) = arg else {
        return from_working_folder();
    };
    if arg.is_dir() {
        return Ok(inside(arg).unwrap_or_else(|| Located {
            corpus: arg.to_path_buf(),
            only: None,
        }));
    }
    let text = arg.to_string_lossy();
    if !text.contains(['*', '?', '[', '{']) {
        return Err(Error::Usage(format!(
            "{}: no such corpus folder (pass the folder that holds the publications, \
             a publication or issue folder in it, or a glob such as 'PUBLICATION/2022-*')",
            arg.display()
        )));
    }
    // A glob: over the ids of the corpus of the working folder, written
    // from that corpus (`liaocheng-daily/*`) or through its path
    // (`corpus/liaocheng-daily/*`).
    let found = from_working_folder()?;
    let prefix = found
        .corpus
        .to_string_lossy()
        .trim_end_matches('/')
        .to_string();
    let pattern = text
        .strip_prefix(&format!("{prefix}/"))
        .filter(|_| prefix != ".")
        .unwrap_or(&text);
    Ok(Located {
        corpus: found.corpus,
        only: Some(IssueFilter::new(pattern.trim_start_matches("./"))?),
    })
}

/// The corpus folder alone, for commands that work on the whole corpus
/// (its snapshot store, its baseline): a path inside it given on the
/// command line is refused, not silently widened; from a folder inside it
/// with no path, the corpus is the one around it.
pub fn corpus_root(arg: Option<&Path>, what: &str) -> Result<PathBuf> {
    let found = locate(arg)?;
    match found.only {
        None => Ok(found.corpus),
        Some(_) if arg.is_none() => Ok(found.corpus),
        Some(only) => Err(Error::Usage(format!(
            "{what} works on the whole corpus, and `{}` names part of it; pass the corpus folder: {}",
            crate::escape::visible(&only.text),
            found.corpus.display()
        ))),
    }
}

/// A publication's or an issue's folder: the corpus it is in and the
/// selection it names. `None` for any other folder.
fn inside(dir: &Path) -> Option<Located> {
    if dir.join("publication.yaml").is_file() {
        let name = real_name(dir)?;
        return Some(Located {
            corpus: parent_of(dir),
            only: IssueFilter::new(&glob_escape(&name)).ok(),
        });
    }
    let publication = parent_of(dir);
    if publication.join("publication.yaml").is_file() {
        let (p, i) = (real_name(&publication)?, real_name(dir)?);
        return Some(Located {
            corpus: parent_of(&publication),
            only: IssueFilter::new(&format!("{}/{}", glob_escape(&p), glob_escape(&i))).ok(),
        });
    }
    None
}

/// Walks up from the working folder to the nearest corpus.
fn from_working_folder() -> Result<Located> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
    let mut up = PathBuf::new();
    for dir in cwd.ancestors() {
        let here = if up.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            up.clone()
        };
        if dir.join("ocrgate.yaml").is_file() {
            return Ok(inside(&here).unwrap_or(Located {
                corpus: here,
                only: None,
            }));
        }
        if let Some(found) = inside(&here) {
            return Ok(found);
        }
        if dir.join("corpus").is_dir() {
            return Ok(Located {
                corpus: match up.as_os_str().is_empty() {
                    true => PathBuf::from("corpus"),
                    false => up.join("corpus"),
                },
                only: None,
            });
        }
        up.push("..");
    }
    Err(Error::Usage(format!(
        "no corpus here: neither {} nor a folder above it holds ocrgate.yaml or a corpus/ folder; \
         pass the corpus folder, or start a project with `ocrgate init`",
        cwd.display()
    )))
}

/// A folder's own name, through `.` and `..` (the name of the folder
/// `..` stands for).
fn real_name(dir: &Path) -> Option<String> {
    let real = std::fs::canonicalize(dir).ok()?;
    Some(real.file_name()?.to_str()?.to_string())
}

/// A folder name matched literally inside a glob.
fn glob_escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}') {
            out.push('[');
            out.push(c);
            out.push(']');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parent_of_a_folder_is_written_as_one_would_type_it() {
        assert_eq!(parent_of(Path::new(".")), PathBuf::from(".."));
        assert_eq!(parent_of(Path::new("./")), PathBuf::from(".."));
        assert_eq!(parent_of(Path::new("..")), PathBuf::from("../.."));
        assert_eq!(
            parent_of(Path::new("corpus/liaocheng-daily")),
            PathBuf::from("corpus")
        );
        assert_eq!(parent_of(Path::new("liaocheng-daily")), PathBuf::from("."));
    }

    #[test]
    fn names_with_glob_characters_match_themselves() {
        let f = IssueFilter::new(&format!("{}/x", glob_escape("a[1]*"))).unwrap();
        assert!(f.matches("a[1]*/x"));
        assert!(!f.matches("a1b/x"));
    }
}
