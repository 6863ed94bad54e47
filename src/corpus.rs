//! The corpus on disk: publications, their issues and pages, and the YAML
//! files that configure them.
//!
//! ```text
//! corpus/
//!   ocrgate.yaml                  optional: corpus-wide settings
//!   <publication>/
//!     publication.yaml            optional: name, language, profile, rule overrides
//!     <YYYY-MM-DD>[-<edition>]/   one issue (or YYYYMMDD[-edition],
//!                                 or YYYYMMDDNN with an edition number)
//!       issue.yaml                optional: date, edition, page order
//!       p01.txt | p01.alto.xml    pages
//!       p01.gt.txt                optional ground truth
//! ```
//!
//! A broken configuration file stops the run (exit 2): results under wrong
//! rules are worthless. A broken issue (a folder name that is not a date, a
//! missing page) is an input error for that issue alone.

use crate::error::{Error, FileError, Result};
use crate::parse::rules::{
    builtin_profile, check_patch_patterns, parse_yaml, CompiledRules, ProfilePatch,
};
use crate::validate::config::{ChecksConfig, Expect, ExpectConfig, RuleSettings};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// `corpus/ocrgate.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusConfig {
    /// Where snapshots live, relative to the corpus folder (default `../snapshots`).
    pub snapshots: Option<PathBuf>,
    /// Severity, switches and parameters of checks for the whole corpus.
    #[serde(default)]
    pub checks: ChecksConfig,
    /// The baseline file for `check --baseline`, relative to the corpus folder.
    pub baseline: Option<PathBuf>,
    /// Gate thresholds for every issue (a publication may override each).
    #[serde(default)]
    pub thresholds: crate::gate::Thresholds,
    /// Read links (pages, issue or publication folders) that lead out of
    /// the corpus folder. Off by default: a page linked to a file outside
    /// would be read into snapshots and reports.
    #[serde(default)]
    pub allow_links_outside: bool,
    /// What the CI gate's verdict is made of.
    #[serde(default)]
    pub gate: GateConfig,
}

/// `gate:` in ocrgate.yaml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateConfig {
    /// `false`: a findings-only gate. Snapshots are neither written nor
    /// part of the verdict; the gate is the baseline and the thresholds
    /// (as `check --findings-only`).
    pub snapshots: Option<bool>,
}

/// `<publication>/publication.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationConfig {
    /// Display name, e.g. 聊城日报.
    pub name: Option<String>,
    /// BCP 47 language tag, e.g. zh-Hans.
    pub language: Option<String>,
    /// A built-in profile name; without one, the profile that fits
    /// `language:` (see [`PublicationConfig::profile_name`]).
    #[serde(default)]
    pub profile: Option<String>,
    /// Overrides on top of the profile.
    #[serde(default)]
    pub rules: ProfilePatch,
    /// Severity, switches and parameters of checks (over the corpus-wide ones).
    #[serde(default)]
    pub checks: ChecksConfig,
    /// What every article and page of this publication should have.
    #[serde(default)]
    pub expect: ExpectConfig,
    /// More look-alike confusions (wrong → right), added to the profile's.
    #[serde(default)]
    pub confusions: std::collections::BTreeMap<String, String>,
    /// Gate thresholds (over the corpus-wide ones, entry by entry).
    #[serde(default)]
    pub thresholds: crate::gate::Thresholds,
}

impl PublicationConfig {
    /// The profile to use: the one named, else `latin-newspaper` for a
    /// `language:` that is not Chinese, else `zh-newspaper`. A publication
    /// that says `language: en` and nothing more should not be read with
    /// the Chinese rules.
    pub fn profile_name(&self) -> &str {
        if let Some(p) = &self.profile {
            return p;
        }
        let chinese = |tag: &str| {
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            matches!(
                primary.as_str(),
                "zh" | "cmn" | "yue" | "wuu" | "lzh" | "chi" | "zho"
            )
        };
        match self.language.as_deref().map(str::trim) {
            Some(tag) if !tag.is_empty() && !chinese(tag) => "latin-newspaper",
            _ => "zh-newspaper",
        }
    }
}

/// `<issue>/issue.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueConfig {
    /// The issue date, when the folder name is not enough.
    pub date: Option<String>,
    pub edition: Option<String>,
    /// Page files in reading order; default: all pages sorted by name.
    pub pages: Option<Vec<String>>,
    /// Expectations for this issue only (replace the publication's, field by field).
    pub expect: Option<ExpectConfig>,
}

/// Compiled rules by profile, shared by the publications of one corpus.
#[derive(Default)]
pub struct SharedRules(HashMap<String, Arc<CompiledRules>>);

/// A publication and its compiled rules.
#[derive(Debug)]
pub struct Publication {
    /// Folder name, used in issue ids.
    pub id: String,
    pub dir: PathBuf,
    pub name: String,
    pub language: Option<String>,
    pub profile: String,
    pub rules: Arc<CompiledRules>,
    pub settings: Arc<RuleSettings>,
    pub expect_config: ExpectConfig,
    pub expect: Arc<Expect>,
    /// Gate thresholds: the corpus's with the publication's on top.
    pub thresholds: crate::gate::Thresholds,
}

impl Publication {
    /// Compiles a publication: its profile with the overrides, the check
    /// settings (corpus-wide, then its own) and its expectations.
    pub fn build(
        id: &str,
        dir: &Path,
        path: &Path,
        pconf: PublicationConfig,
        corpus_path: &Path,
        corpus: &CorpusConfig,
    ) -> Result<Publication> {
        let mut shared = SharedRules::default();
        Self::build_sharing(id, dir, path, pconf, corpus_path, corpus, &mut shared)
    }

    /// [`Publication::build`], taking the compiled rules from `shared` when
    /// an earlier publication compiled the same profile: an archive of many
    /// titles on one profile holds its regexes and automata once (about a
    /// megabyte each), not once per title.
    pub fn build_sharing(
        id: &str,
        dir: &Path,
        path: &Path,
        pconf: PublicationConfig,
        corpus_path: &Path,
        corpus: &CorpusConfig,
        shared: &mut SharedRules,
    ) -> Result<Publication> {
        let mut profile = builtin_profile(pconf.profile_name()).ok_or_else(|| {
            let names: Vec<&str> = crate::parse::rules::BUILTIN_PROFILES
                .iter()
                .map(|(n, _)| *n)
                .collect();
            Error::Config(
                FileError::new(path, format!("unknown profile `{}`", pconf.profile_name()))
                    .help(format!("built-in profiles: {}", names.join(", "))),
            )
        })?;
        check_patch_patterns(path, &pconf.rules)?;
        profile.apply(pconf.rules.clone());
        profile
            .validation
            .confusions
            .extend(pconf.confusions.iter().map(|(w, r)| (w.clone(), r.clone())));
        // The profile as data is the key: equal profiles compile equally.
        let key = format!("{profile:?}");
        let rules = match shared.0.get(&key) {
            Some(rules) => Arc::clone(rules),
            None => {
                let rules = Arc::new(CompiledRules::compile(profile, path)?);
                shared.0.insert(key, Arc::clone(&rules));
                rules
            }
        };
        let mut settings = RuleSettings::default();
        settings.apply(corpus_path, &corpus.checks)?;
        settings.apply(path, &pconf.checks)?;
        let expect = Expect::compile(path, &pconf.expect)?;
        let mut thresholds = corpus.thresholds.clone();
        thresholds.apply(&pconf.thresholds);
        Ok(Publication {
            thresholds,
            id: id.to_string(),
            dir: dir.to_path_buf(),
            name: pconf.name.clone().unwrap_or_else(|| id.to_string()),
            language: pconf.language.clone(),
            profile: pconf.profile_name().to_string(),
            rules,
            settings: Arc::new(settings),
            expect_config: pconf.expect,
            expect: Arc::new(expect),
        })
    }
}

/// An issue as discovery finds it: its id and publication, and nothing
/// read from its folder yet. The corpus index holds one of these per issue
/// (about 60 bytes), so an archive of a million issues is indexed in tens
/// of megabytes; the folder is listed by [`Corpus::load`] when the issue's
/// turn comes, on a worker thread.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IssueRef {
    /// `publication/folder`, e.g. `liaocheng-daily/2022-07-05`.
    pub id: String,
    pub publication: usize,
    /// Why the folder is not read, found while listing (where the
    /// listing tells a link apart for free): loading it is an input error.
    pub refused: Option<Refused>,
}

/// Why an issue folder found by discovery is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Refused {
    /// Its name is not UTF-8: the id shows its bytes escaped (`a\xff`).
    /// (Read lossily, `a\xff` and `a\xfe` were one issue.)
    NameNotUtf8,
    /// It is a link that leads out of the corpus folder.
    LinkOutside,
}

impl IssueRef {
    /// The issue folder's name, also the snapshot's file stem.
    pub fn folder(&self) -> &str {
        // Publication ids are folder names: they hold no `/`.
        self.id.split_once('/').map_or(&self.id, |(_, f)| f)
    }
}

/// One issue to check, with its folder listed and its issue.yaml read.
#[derive(Debug, Clone)]
pub struct Issue {
    /// `publication/folder`, e.g. `liaocheng-daily/2022-07-05`.
    pub id: String,
    pub publication: usize,
    pub dir: PathBuf,
    /// The issue folder's name, also the snapshot's file stem.
    pub folder: String,
    /// `Err` holds why the issue cannot be checked (reported, not fatal).
    pub date: std::result::Result<Date, Box<FileError>>,
    pub edition: Option<String>,
    pub pages: Vec<PathBuf>,
    /// Expectations when issue.yaml overrides the publication's.
    pub expect: Option<Arc<Expect>>,
    /// The issue's METS file, if it has one.
    pub mets: Option<PathBuf>,
    /// The ground-truth file beside each page, by name, if it has one.
    pub ground_truth: Vec<Option<String>>,
    /// Per page: other renditions of the same page that were not read
    /// (`p01.txt` beside `p01.alto.xml`), by name.
    pub alternates: Vec<Vec<String>>,
    /// The issue's issue.yaml, if it has one.
    pub config: Option<PathBuf>,
    /// The issue's expected structure (`expected.yaml`), if it has one.
    pub expected: Option<PathBuf>,
    /// Why the issue cannot be checked as configured (reported, not fatal).
    pub invalid: Option<Box<FileError>>,
}

/// A discovered corpus.
#[derive(Debug)]
pub struct Corpus {
    pub root: PathBuf,
    /// The corpus folder, canonical, when links out of it are refused.
    pub root_real: Option<PathBuf>,
    pub config: CorpusConfig,
    pub publications: Vec<Publication>,
    pub issues: Vec<IssueRef>,
}

fn read_to_string(path: &Path) -> Result<String> {
    let bytes = crate::fsio::read_input(
        path,
        crate::parse::rules::MAX_RULE_FILE_BYTES,
        "configuration file",
    )?;
    String::from_utf8(bytes).map_err(|_| {
        Error::Config(FileError::new(path, "not valid UTF-8").help("save the file as UTF-8"))
    })
}

/// A folder found by [`list_dirs`].
struct Folder {
    /// `Ok` when the name is UTF-8, else `Err` with its bytes escaped.
    name: std::result::Result<String, String>,
    path: PathBuf,
    /// Whether the entry is a symbolic link (to a folder).
    link: bool,
}

/// The folders in `dir` (hidden ones aside), sorted by name.
fn list_dirs(dir: &Path) -> Result<Vec<Folder>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if is_kind(&entry, true) {
            let name = entry.file_name();
            let name = match name.to_str() {
                Some(n) => Ok(n.to_string()),
                None => Err(escape_name(name.as_encoded_bytes())),
            };
            if !name.as_ref().unwrap_or_else(|e| e).starts_with('.') {
                let link = entry.file_type().is_ok_and(|t| t.is_symlink());
                out.push(Folder {
                    name,
                    path: entry.path(),
                    link,
                });
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

pub use crate::escape::escape_name;

/// The error for a folder or file whose name is not UTF-8.
fn name_not_utf8(path: &Path) -> FileError {
    FileError::new(path, "the name of this folder is not valid UTF-8").help(
        "rename it in UTF-8 (issue ids, snapshot files and reports need names that can be written)",
    )
}

/// Where a link in the corpus leads when that is outside the corpus folder
/// (`root_real`, canonical); `None` when it stays inside or cannot be
/// resolved (a dangling link is reported where it is read).
fn leaves_corpus(path: &Path, root_real: &Path) -> Option<PathBuf> {
    let target = std::fs::canonicalize(path).ok()?;
    (!target.starts_with(root_real)).then_some(target)
}

/// The error for a link out of the corpus.
fn link_outside(path: &Path, target: &Path) -> FileError {
    FileError::new(
        path,
        format!(
            "this is a link to {}, outside the corpus folder; it is not read",
            target.display()
        ),
    )
    .help("copy the file into the corpus, or set `allow_links_outside: true` in ocrgate.yaml to read links that leave it")
}

/// Whether a directory entry is a directory (`dir`) or a regular file,
/// following symlinks. The type comes with the listing; only a symlink
/// costs a `stat` (a loop or dangling link is skipped), which matters when
/// a corpus has 100,000 issue folders.
fn is_kind(entry: &std::fs::DirEntry, dir: bool) -> bool {
    let of = |is_dir: bool, is_file: bool| if dir { is_dir } else { is_file };
    match entry.file_type() {
        Ok(t) if t.is_symlink() => {
            std::fs::metadata(entry.path()).is_ok_and(|m| of(m.is_dir(), m.is_file()))
        }
        Ok(t) => of(t.is_dir(), t.is_file()),
        Err(_) => false,
    }
}

/// Archives often keep a page in several formats side by side (ALTO and
/// the plain text derived from it): read as two pages, every article would
/// be there twice. Of the files with one page name (`p01` of `p01.txt`,
/// `p01.alto.xml`) the richest is read — ALTO, then PAGE, hOCR, plain
/// text — and the others are named in the page's summary. Returns the
/// kept files in order and, per kept file, the names passed over.
fn one_rendition_per_page(files: Vec<(&str, &PathBuf)>) -> (Vec<PathBuf>, Vec<Vec<String>>) {
    use crate::source::PageFormat;
    let rank = |name: &str| match PageFormat::from_file_name(name) {
        Some(PageFormat::Alto) => 0,
        Some(PageFormat::Page) => 1,
        Some(PageFormat::Hocr) => 2,
        _ => 3,
    };
    // The page name: the file name without its format's extension
    // (`page.1.txt` and `page.2.txt` are two pages).
    let stem = |name: &str| {
        let lower = name.to_lowercase();
        [
            ".alto.xml",
            ".page.xml",
            ".xhtml",
            ".html",
            ".hocr",
            ".xml",
            ".txt",
        ]
        .iter()
        .find_map(|ext| lower.strip_suffix(ext).map(str::to_string))
        .unwrap_or(lower)
    };
    let mut kept: Vec<(&str, &PathBuf)> = Vec::new();
    let mut others: Vec<Vec<String>> = Vec::new();
    // Page name → index in `kept`: an issue may have 100,000 pages.
    let mut by_stem: HashMap<String, usize> = HashMap::new();
    for (name, path) in files {
        match by_stem.get(&stem(name)).copied() {
            Some(i) if rank(name) < rank(kept[i].0) => {
                let previous = std::mem::replace(&mut kept[i], (name, path));
                others[i].push(previous.0.to_string());
            }
            Some(i) => others[i].push(name.to_string()),
            None => {
                by_stem.insert(stem(name), kept.len());
                kept.push((name, path));
                others.push(Vec::new());
            }
        }
    }
    for o in &mut others {
        o.sort();
    }
    (kept.into_iter().map(|(_, p)| p.clone()).collect(), others)
}

/// Sort key that orders `p2` before `p10`.
fn natural_key(name: &str) -> Vec<(u8, u64, String)> {
    let mut key = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    for c in name.chars() {
        if c.is_ascii_digit() {
            if !text.is_empty() {
                key.push((1, 0, std::mem::take(&mut text)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((
                    0,
                    digits.parse().unwrap_or(u64::MAX),
                    std::mem::take(&mut digits),
                ));
            }
            text.push(c);
        }
    }
    if !digits.is_empty() {
        key.push((0, digits.parse().unwrap_or(u64::MAX), digits));
    }
    if !text.is_empty() {
        key.push((1, 0, text));
    }
    key
}

/// Parses an issue folder name: `YYYY-MM-DD[-edition]`, or the compact
/// `YYYYMMDD[-edition]` many archives use, or `YYYYMMDDNN`, Chronicling
/// America's date with its two-digit edition number (`1922010101`).
pub fn parse_issue_folder(name: &str) -> Option<(Date, Option<String>)> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    let (date, rest) = match digits {
        4 => (name.get(..10)?.parse::<Date>().ok()?, &name[10..]),
        8 | 10 => {
            let n = |r: std::ops::Range<usize>| name[r].parse::<i16>().ok();
            let date = Date::new(n(0..4)?, n(4..6)? as i8, n(6..8)? as i8).ok()?;
            if digits == 10 {
                return (name.len() == 10).then(|| (date, Some(name[8..].to_string())));
            }
            (date, &name[8..])
        }
        _ => return None,
    };
    let edition = match rest.strip_prefix('-') {
        Some(e) if !e.is_empty() => Some(e.to_string()),
        None if rest.is_empty() => None,
        _ => return None,
    };
    Some((date, edition))
}

/// Why `root` is a publication or an issue folder rather than a corpus, if
/// it is one: the usual wrong path, which would otherwise check nothing.
/// The folder that holds `dir`, as a path the user could type: `..` for
/// `.`, `corpus` for `corpus/liaocheng-daily`.
pub fn parent_of(dir: &Path) -> PathBuf {
    let last = dir.components().next_back();
    match last {
        None | Some(Component::CurDir) | Some(Component::ParentDir) => {
            let p: PathBuf = dir.join("..").components().collect();
            if dir.components().all(|c| c == Component::CurDir) {
                PathBuf::from("..")
            } else {
                p
            }
        }
        _ => match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
    }
}

fn not_a_corpus(root: &Path) -> Option<String> {
    let parent = parent_of(root);
    let parent = parent.as_path();
    if root.join("publication.yaml").is_file() {
        return Some(format!(
            "{}: this is a publication folder (it holds publication.yaml), not a corpus; \
             pass the folder that holds it: {}",
            root.display(),
            parent.display()
        ));
    }
    let is_issue = root.join("issue.yaml").is_file()
        || parse_issue_folder(&root.file_name()?.to_string_lossy()).is_some();
    if is_issue && parent.join("publication.yaml").is_file() {
        let corpus = parent_of(parent);
        return Some(format!(
            "{}: this is an issue folder, not a corpus; pass the corpus folder: {}",
            root.display(),
            corpus.display()
        ));
    }
    None
}

impl Corpus {
    /// Reads the corpus layout: ocrgate.yaml, each publication's folder and
    /// publication.yaml, and the names of its issue folders, sorted by id.
    /// An issue's own folder is read by [`Corpus::load`].
    pub fn discover(root: &Path) -> Result<Corpus> {
        if !root.is_dir() {
            return Err(Error::Usage(format!(
                "{}: no such corpus folder (pass the folder that holds the publications)",
                root.display()
            )));
        }
        if let Some(mistake) = not_a_corpus(root) {
            return Err(Error::Usage(mistake));
        }
        let cfg_path = root.join("ocrgate.yaml");
        let config: CorpusConfig = if cfg_path.is_file() {
            parse_yaml(&cfg_path, &read_to_string(&cfg_path)?)?
        } else {
            CorpusConfig::default()
        };
        let mut publications = Vec::new();
        let mut issues = Vec::new();
        let mut shared = SharedRules::default();
        // Links out of the corpus are refused unless the corpus allows
        // them: a page linked to /etc/passwd would end up in a snapshot.
        let root_real = match config.allow_links_outside {
            true => None,
            false => Some(std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?),
        };
        for Folder {
            name: pub_id,
            path: pub_dir,
            link,
        } in list_dirs(root)?
        {
            let pub_id = pub_id.map_err(|_| Error::Input(name_not_utf8(&pub_dir)))?;
            if let Some(target) = root_real
                .as_deref()
                .filter(|_| link)
                .and_then(|r| leaves_corpus(&pub_dir, r))
            {
                return Err(Error::Input(link_outside(&pub_dir, &target)));
            }
            let pub_path = pub_dir.join("publication.yaml");
            let pconf: PublicationConfig = if pub_path.is_file() {
                parse_yaml(&pub_path, &read_to_string(&pub_path)?)?
            } else {
                PublicationConfig::default()
            };
            let pidx = publications.len();
            publications.push(Publication::build_sharing(
                &pub_id,
                &pub_dir,
                &pub_path,
                pconf,
                &root.join("ocrgate.yaml"),
                &config,
                &mut shared,
            )?);
            for f in list_dirs(&pub_dir)? {
                // Only a link costs a look at where it leads.
                let refused = match &f.name {
                    Err(_) => Some(Refused::NameNotUtf8),
                    Ok(_)
                        if f.link
                            && root_real
                                .as_deref()
                                .is_some_and(|r| leaves_corpus(&f.path, r).is_some()) =>
                    {
                        Some(Refused::LinkOutside)
                    }
                    Ok(_) => None,
                };
                let folder = f.name.unwrap_or_else(|escaped| escaped);
                issues.push(IssueRef {
                    id: format!("{pub_id}/{folder}"),
                    publication: pidx,
                    refused,
                });
            }
        }
        if issues.is_empty() {
            // A gate that checks nothing must not pass: a wrong path would
            // turn CI green.
            return Err(Error::Usage(format!(
                "{}: no issues found; a corpus holds publication folders, each holding issue \
                 folders named after their date (CORPUS/PUBLICATION/YYYY-MM-DD/p01.txt)",
                root.display()
            )));
        }
        issues.sort_unstable();
        issues.shrink_to_fit();
        Ok(Corpus {
            root: root.to_path_buf(),
            root_real,
            config,
            publications,
            issues,
        })
    }

    /// Lists an issue's folder and reads its issue.yaml: its pages, date,
    /// edition, METS file and expectations. A broken issue.yaml is an error
    /// (exit 2, like any config); what keeps the issue from being checked
    /// otherwise (no date, a page outside the folder) is in the result.
    pub fn load(&self, issue: &IssueRef) -> Result<Issue> {
        let publication = &self.publications[issue.publication];
        let folder = issue.folder().to_string();
        let dir = publication.dir.join(&folder);
        match issue.refused {
            None => {}
            Some(Refused::NameNotUtf8) => {
                // The folder, found again by its escaped name.
                let dir = list_dirs(&publication.dir)?
                    .into_iter()
                    .find(|f| f.name.as_ref().is_err_and(|e| *e == folder))
                    .map_or(dir, |f| f.path);
                return Err(Error::Input(name_not_utf8(&dir)));
            }
            Some(Refused::LinkOutside) => {
                let target = std::fs::canonicalize(&dir).unwrap_or_default();
                return Err(Error::Input(link_outside(&dir, &target)));
            }
        }
        Self::issue(
            issue.publication,
            publication,
            folder,
            dir,
            self.root_real.as_deref(),
        )
    }

    fn issue(
        pidx: usize,
        publication: &Publication,
        folder: String,
        dir: PathBuf,
        root_real: Option<&Path>,
    ) -> Result<Issue> {
        let pub_id = &publication.id;
        // One listing serves issue.yaml, the METS file and the pages.
        let mut listing: Vec<(String, PathBuf, bool)> = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                // A file that would be read (a page, ground truth, METS)
                // under a name that cannot be written into a snapshot is an
                // error; any other file (a scan, notes) is not ours to read.
                let lossy = entry.file_name().to_string_lossy().into_owned();
                if crate::source::PageFormat::from_file_name(&lossy).is_some()
                    || crate::source::mets::is_mets(&lossy)
                {
                    return Err(Error::Input(
                        FileError::new(
                            entry.path(),
                            "the name of this page file is not valid UTF-8",
                        )
                        .help("rename it in UTF-8"),
                    ));
                }
                continue;
            };
            let link = entry.file_type().is_ok_and(|t| t.is_symlink());
            if let Some(target) = root_real
                .filter(|_| link)
                .and_then(|r| leaves_corpus(&entry.path(), r))
            {
                return Err(Error::Input(link_outside(&entry.path(), &target)));
            }
            let is_file = is_kind(&entry, false);
            listing.push((name, entry.path(), is_file));
        }
        let iconf_path = dir.join("issue.yaml");
        let has_iconf = listing
            .iter()
            .any(|(n, _, is_file)| *is_file && n == "issue.yaml");
        let iconf: IssueConfig = if has_iconf {
            parse_yaml(&iconf_path, &read_to_string(&iconf_path)?)?
        } else {
            IssueConfig::default()
        };
        let from_folder = parse_issue_folder(&folder);
        let mets = listing
            .iter()
            .filter(|(n, _, _)| crate::source::mets::is_mets(n))
            .map(|(_, p, _)| p.clone())
            .min();
        // The METS date, when the folder name and issue.yaml give none.
        let mut mets_problem = None;
        let mets_date = match (&iconf.date, &from_folder, &mets) {
            (None, None, Some(m)) => match crate::source::mets::read_mets(m) {
                Ok(read) if read.date.is_some() => read.date,
                Ok(_) => {
                    mets_problem = Some(
                        FileError::new(m, format!("the issue folder `{folder}` is not named after a date, and its METS file has no mods:dateIssued"))
                            .help("name issue folders YYYY-MM-DD (or YYYYMMDD), or set `date:` in issue.yaml"),
                    );
                    None
                }
                // The METS file was the only source of the date: its own
                // error says why there is none.
                Err(Error::Input(e) | Error::Config(e)) => {
                    mets_problem = Some(e);
                    None
                }
                Err(e) => {
                    mets_problem = Some(FileError::new(m, e.to_string()));
                    None
                }
            },
            _ => None,
        };
        let from_folder = from_folder.or(mets_date.map(|d| (d, None)));
        let date = match (&iconf.date, &from_folder) {
            (Some(d), _) => d.parse::<Date>().map_err(|e| {
                FileError::new(&iconf_path, format!("`date: {d}` is not a date: {e}"))
                    .help("write the issue date as YYYY-MM-DD")
            }),
            (None, Some((d, _))) => Ok(*d),
            (None, None) if mets_problem.is_some() => Err(mets_problem.take().expect("checked")),
            (None, None) => Err(FileError::new(
                &dir,
                format!("the issue folder `{folder}` is not named after a date"),
            )
            .help(
                "name issue folders YYYY-MM-DD or YYYY-MM-DD-edition (or YYYYMMDD), set `date:` in issue.yaml, or add a METS file with mods:dateIssued",
            )),
        };
        let edition = iconf
            .edition
            .clone()
            .or_else(|| from_folder.and_then(|(_, e)| e));
        let mut invalid = None;
        let mut alternates: Vec<Vec<String>> = Vec::new();
        let pages: Vec<PathBuf> = match &iconf.pages {
            Some(list) => {
                // Listed pages stay inside the issue folder.
                if let Some(bad) = list.iter().find(|p| {
                    let p = Path::new(p);
                    p.is_absolute()
                        || p.components()
                            .any(|c| !matches!(c, std::path::Component::Normal(_)))
                }) {
                    invalid = Some(
                        FileError::new(
                            &iconf_path,
                            format!("page `{bad}` is outside the issue folder"),
                        )
                        .help("list page files by their names in the issue folder"),
                    );
                }
                let listed: Vec<PathBuf> = list.iter().map(|p| dir.join(p)).collect();
                if let Some(root) = root_real {
                    if let Some((p, target)) = listed
                        .iter()
                        .find_map(|p| leaves_corpus(p, root).map(|t| (p, t)))
                    {
                        return Err(Error::Input(link_outside(p, &target)));
                    }
                }
                listed
            }
            None => {
                let mut files: Vec<(&str, &PathBuf)> = listing
                    .iter()
                    .filter(|(name, _, is_file)| {
                        *is_file && crate::source::PageFormat::from_file_name(name).is_some()
                    })
                    .map(|(name, path, _)| (name.as_str(), path))
                    .collect();
                files.sort_by_cached_key(|(n, _)| natural_key(n));
                let (kept, others) = one_rendition_per_page(files);
                alternates = others;
                kept
            }
        };
        // Ground truth beside the pages, from the listing (a page listed in
        // a subfolder by issue.yaml is looked up there).
        let listed_files: HashSet<&str> = listing
            .iter()
            .filter(|(_, _, is_file)| *is_file)
            .map(|(n, _, _)| n.as_str())
            .collect();
        let ground_truth = pages
            .iter()
            .map(|page| {
                if page.parent() == Some(dir.as_path()) {
                    ground_truth_where(page, |gt| listed_files.contains(gt))
                } else {
                    ground_truth_of(page)
                }
            })
            .collect();
        let expect = match &iconf.expect {
            Some(over) => {
                let mut merged = publication.expect_config.clone();
                merged.apply(over);
                Some(Arc::new(Expect::compile(&iconf_path, &merged)?))
            }
            None => None,
        };
        alternates.resize(pages.len(), Vec::new());
        let expected = listing
            .iter()
            .find(|(n, _, is_file)| *is_file && n == crate::structure::expected::FILE_NAME)
            .map(|(_, p, _)| p.clone());
        Ok(Issue {
            expected,
            alternates,
            invalid: invalid.map(Box::new),
            mets,
            ground_truth,
            config: has_iconf.then_some(iconf_path),
            expect,
            id: format!("{pub_id}/{folder}"),
            publication: pidx,
            dir,
            folder,
            date: date.map_err(Box::new),
            edition,
            pages,
        })
    }

    /// The baseline file: `--baseline PATH`, else `baseline:` in ocrgate.yaml
    /// (relative to the corpus), else `ocrgate-baseline.yaml` beside the corpus.
    pub fn baseline_path(&self, override_path: Option<&Path>) -> PathBuf {
        if let Some(p) = override_path {
            return p.to_path_buf();
        }
        match &self.config.baseline {
            Some(p) => self.root.join(p),
            None => self.root.join("..").join("ocrgate-baseline.yaml"),
        }
    }

    /// Where the result cache lives: `--cache-dir`, else
    /// `OCRGATE_CACHE_DIR`, else `.ocrgate-cache/` beside the snapshot
    /// folder (ignored by git, safe to delete).
    pub fn cache_dir(&self, override_dir: Option<&Path>, snapshot_root: &Path) -> PathBuf {
        if let Some(d) = override_dir {
            return d.to_path_buf();
        }
        if let Some(d) = std::env::var_os("OCRGATE_CACHE_DIR").filter(|d| !d.is_empty()) {
            return PathBuf::from(d);
        }
        snapshot_root
            .parent()
            .unwrap_or(Path::new("."))
            .join(".ocrgate-cache")
    }

    /// Where snapshots are stored: `--snapshots`, else `ocrgate.yaml`, else
    /// `snapshots/` beside the corpus folder.
    pub fn snapshot_root(&self, override_dir: Option<&Path>) -> PathBuf {
        if let Some(d) = override_dir {
            return d.to_path_buf();
        }
        match &self.config.snapshots {
            Some(p) => self.root.join(p),
            None => self.root.join("..").join("snapshots"),
        }
    }
}

/// The ground-truth file beside a page: `p01.gt.txt`, `p01.gt.page.xml` or
/// `p01.gt.xml` for `p01.alto.xml` (the first that exists).
pub fn ground_truth_of(path: &std::path::Path) -> Option<String> {
    let dir = path.parent()?;
    ground_truth_where(path, |gt| dir.join(gt).is_file())
}

/// [`ground_truth_of`], where `exists` says whether a file of that name is
/// beside the page (from a folder listing already made).
pub fn ground_truth_where(path: &std::path::Path, exists: impl Fn(&str) -> bool) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    let stem = name.split('.').next().unwrap_or("");
    ["gt.txt", "gt.page.xml", "gt.xml"]
        .iter()
        .map(|ext| format!("{stem}.{ext}"))
        .find(|gt| exists(gt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rendition_per_page_the_richest() {
        let names = [
            "p01.alto.xml",
            "p01.txt",
            "p02.txt",
            "p02.hocr",
            "p03.txt",
            "p10.page.xml",
            "page.1.txt",
            "page.2.txt",
        ];
        let paths: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        // In natural order, as the listing sorts them.
        let mut files: Vec<(&str, &PathBuf)> = names.iter().copied().zip(&paths).collect();
        files.sort_by_cached_key(|(n, _)| natural_key(n));
        let (kept, others) = one_rendition_per_page(files);
        let kept: Vec<&str> = kept.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(
            kept,
            vec![
                "p01.alto.xml",
                "p02.hocr",
                "p03.txt",
                "p10.page.xml",
                "page.1.txt",
                "page.2.txt"
            ]
        );
        assert_eq!(others[0], vec!["p01.txt".to_string()]);
        assert_eq!(others[1], vec!["p02.txt".to_string()]);
        assert!(others[2..].iter().all(|o| o.is_empty()));
    }

    #[test]
    fn issue_folder_names() {
        let (d, e) = parse_issue_folder("2022-07-05").unwrap();
        assert_eq!((d.to_string(), e), ("2022-07-05".to_string(), None));
        let (_, e) = parse_issue_folder("1824-02-17-evening").unwrap();
        assert_eq!(e.as_deref(), Some("evening"));
        assert!(parse_issue_folder("2022-02-30").is_none());
        assert!(parse_issue_folder("latest").is_none());
        assert!(parse_issue_folder("2022-07-05x").is_none());
        // Compact dates, and Chronicling America's date with its edition.
        let (d, e) = parse_issue_folder("20240508").unwrap();
        assert_eq!((d.to_string(), e), ("2024-05-08".to_string(), None));
        let (_, e) = parse_issue_folder("20240508-evening").unwrap();
        assert_eq!(e.as_deref(), Some("evening"));
        let (d, e) = parse_issue_folder("1922010102").unwrap();
        assert_eq!(
            (d.to_string(), e.as_deref()),
            ("1922-01-01".to_string(), Some("02"))
        );
        for bad in [
            "20240230",
            "2024050",
            "202405081",
            "19220101023",
            "20240508x",
            "2024-0508",
        ] {
            assert!(parse_issue_folder(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_profile_follows_the_language_unless_named() {
        let with = |yaml: &str| -> String {
            let c: PublicationConfig = serde_saphyr::from_str(yaml).unwrap();
            c.profile_name().to_string()
        };
        assert_eq!(with("name: x\n"), "zh-newspaper");
        assert_eq!(with("language: zh-Hans\n"), "zh-newspaper");
        assert_eq!(with("language: zh_TW\n"), "zh-newspaper");
        assert_eq!(with("language: yue\n"), "zh-newspaper");
        assert_eq!(with("language: en\n"), "latin-newspaper");
        assert_eq!(with("language: de-Latf\n"), "latin-newspaper");
        assert_eq!(
            with("language: en\nprofile: zh-newspaper\n"),
            "zh-newspaper"
        );
        assert_eq!(
            with("language: zh\nprofile: latin-newspaper\n"),
            "latin-newspaper"
        );
    }

    #[test]
    fn publications_on_one_profile_share_their_compiled_rules() {
        let dir = tempfile::tempdir().unwrap();
        let write = |publication: &str, yaml: &str| {
            let issue = dir.path().join(publication).join("2022-07-05");
            std::fs::create_dir_all(&issue).unwrap();
            std::fs::write(issue.join("p01.txt"), "本报讯 一段。\n").unwrap();
            std::fs::write(dir.path().join(publication).join("publication.yaml"), yaml).unwrap();
        };
        write("a", "name: A\nprofile: zh-newspaper\n");
        write("b", "name: B\nprofile: zh-newspaper\n");
        write(
            "c",
            "profile: zh-newspaper\nrules:\n  headline:\n    max_chars: 12\n",
        );
        let corpus = Corpus::discover(dir.path()).unwrap();
        let rules: Vec<&Arc<CompiledRules>> =
            corpus.publications.iter().map(|p| &p.rules).collect();
        assert!(Arc::ptr_eq(rules[0], rules[1]));
        assert!(
            !Arc::ptr_eq(rules[0], rules[2]),
            "a patched profile is its own"
        );
        // The index holds ids; loading lists the folder.
        assert_eq!(corpus.issues[2].id, "c/2022-07-05");
        assert_eq!(corpus.issues[2].folder(), "2022-07-05");
        let issue = corpus.load(&corpus.issues[2]).unwrap();
        assert_eq!(issue.pages, vec![dir.path().join("c/2022-07-05/p01.txt")]);
    }

    #[test]
    fn natural_page_order() {
        let mut v = vec!["p10.txt", "p2.txt", "p01.txt"];
        v.sort_by_cached_key(|n| natural_key(n));
        assert_eq!(v, vec!["p01.txt", "p2.txt", "p10.txt"]);
    }
}
