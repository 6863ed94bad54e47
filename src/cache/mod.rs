//! The on-disk cache of issue results: an unchanged issue is not read,
//! parsed and validated again.
//!
//! An entry is keyed by a blake3 hash of everything the result depends on:
//! the bytes of the issue's files (pages, ground truth, `issue.yaml`, METS),
//! the issue's id, date and edition, the corpus and publication
//! configuration files, and the tool itself (its version and its build
//! identity, a hash of its sources, lock file and compiler taken by
//! `build.rs`, so a binary built from other code never trusts results of
//! another build). An entry holds the hash of the rendered snapshot body and the
//! result without its articles (the "digest": summary, pages, accuracy,
//! findings, article heads), which is what a check of an unchanged issue,
//! the gate and the reports need. An issue whose accepted snapshot differs
//! from the cached body's hash is parsed again, for the body and its diff.
//!
//! The cache is never trusted blindly: an entry whose magic, key or
//! checksum does not match, or that does not parse, is a miss and is
//! rewritten. Entries are read only as regular files, not through links,
//! and written through a new temporary file and a rename (see
//! [`Cache::write_entry`]), one file per issue, so the cache never holds more
//! entries than the corpus has issues.

mod findings;

use crate::corpus::{Corpus, Issue};
use crate::fsio;
use crate::result::IssueResult;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The first line of every entry; bumped when the layout changes.
const MAGIC: &[u8] = b"ocrgate-cache/8\n";

/// A key: the blake3 hash of an issue's inputs.
pub type Key = [u8; 32];

/// What a hit gives back.
#[derive(Debug)]
pub struct Hit {
    /// The hash of the snapshot body (`snapshot::body_hash`). The body
    /// itself is not stored: an unchanged issue needs only the hash to be
    /// compared with its accepted snapshot, and a changed one is parsed
    /// again for its diff. Entries are 60 % smaller for it.
    pub body_hash: [u8; 16],
    /// The result without its articles.
    pub digest: IssueResult,
}

/// The cache folder and, per publication, the hash of what its keys share.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    salts: Vec<blake3::Hash>,
}

/// The version and the build's identity (see `build.rs`: a hash of the
/// sources, the lock file, the compiler and its settings): a tool built
/// from other code gets new keys, and never trusts another build's results.
fn tool_identity() -> &'static blake3::Hash {
    static ID: OnceLock<blake3::Hash> = OnceLock::new();
    ID.get_or_init(|| {
        let mut h = blake3::Hasher::new();
        field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
        field(&mut h, env!("OCRGATE_BUILD_ID").as_bytes());
        h.finalize()
    })
}

/// Where the entry of an issue is in cache folder `dir`:
/// `XX/publication/folder.cache`, with `XX` the first byte of the id's
/// blake3 hash in hex. Spread over 256 folders, as git spreads its
/// objects: the workers check neighbouring issues, which in one folder per
/// publication contended for that folder's lock on every write.
pub fn entry_file(dir: &Path, issue_id: &str) -> PathBuf {
    let bucket = blake3::hash(issue_id.as_bytes()).as_bytes()[0];
    dir.join(format!("{bucket:02x}"))
        .join(format!("{issue_id}.cache"))
}

/// Feeds a length-prefixed field, so `ab`+`c` and `a`+`bc` differ.
fn field(h: &mut blake3::Hasher, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// Feeds a file's name and bytes, or a marker when it cannot be read or is
/// over `limit` (the check itself reports that file, and never reads past
/// the limit either: hashing a 4 GB page whole before the check refused it
/// took 4 GB of memory). A file over the limit is keyed by its size, so a
/// change to it still changes the key.
fn file(h: &mut blake3::Hasher, path: &Path, limit: u64) -> u64 {
    field(
        h,
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
            .as_bytes(),
    );
    match fsio::read_limited(path, limit, fsio::Links::Follow) {
        Ok(bytes) => {
            field(h, &bytes);
            bytes.len() as u64
        }
        Err(fsio::Refusal::TooLarge(size)) => {
            field(h, format!("\0too large: {size}").as_bytes());
            0
        }
        Err(_) => {
            field(h, b"\0unreadable");
            0
        }
    }
}

/// The bytes of a configuration file for a key: empty when missing, a
/// marker when it cannot be read (the run reports it).
fn config_bytes(path: &Path) -> Vec<u8> {
    match fsio::read_limited(
        path,
        crate::parse::rules::MAX_RULE_FILE_BYTES,
        fsio::Links::Follow,
    ) {
        Ok(bytes) => bytes,
        Err(fsio::Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(_) => b"\0unreadable".to_vec(),
    }
}

impl Cache {
    /// A cache in `dir` for `corpus`: the tool, the corpus configuration
    /// and each publication's configuration go into every key.
    pub fn new(dir: PathBuf, corpus: &Corpus) -> Cache {
        let mut base = blake3::Hasher::new();
        base.update(tool_identity().as_bytes());
        field(&mut base, &config_bytes(&corpus.root.join("ocrgate.yaml")));
        let salts = corpus
            .publications
            .iter()
            .map(|p| {
                let mut h = base.clone();
                field(&mut h, p.id.as_bytes());
                field(&mut h, &config_bytes(&p.dir.join("publication.yaml")));
                h.finalize()
            })
            .collect();
        Cache { dir, salts }
    }

    /// The folder of the entries.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of an issue and the bytes of its page files (what a check
    /// would read). Reads every input file once.
    pub fn key(&self, issue: &Issue) -> (Key, u64) {
        let mut h = blake3::Hasher::new();
        h.update(self.salts[issue.publication].as_bytes());
        field(&mut h, issue.id.as_bytes());
        field(&mut h, format!("{:?}", issue.date).as_bytes());
        field(&mut h, issue.edition.as_deref().unwrap_or("").as_bytes());
        // issue.yaml and ground truth as the folder listing found them: no
        // file-system call for what is not there.
        match &issue.config {
            Some(path) => field(&mut h, &config_bytes(path)),
            None => field(&mut h, b""),
        }
        if let Some(m) = &issue.mets {
            file(&mut h, m, crate::source::MAX_PAGE_BYTES);
        }
        match &issue.expected {
            Some(e) => {
                file(&mut h, e, crate::structure::expected::MAX_BYTES);
            }
            None => field(&mut h, b"\0no expected structure"),
        }
        let mut bytes = 0;
        for (page, gt) in issue.pages.iter().zip(&issue.ground_truth) {
            bytes += file(&mut h, page, crate::source::MAX_PAGE_BYTES);
            match gt {
                Some(gt) => {
                    file(
                        &mut h,
                        &page.with_file_name(gt),
                        crate::source::MAX_PAGE_BYTES,
                    );
                }
                None => field(&mut h, b"\0no ground truth"),
            }
        }
        (*h.finalize().as_bytes(), bytes)
    }

    fn entry_path(&self, issue_id: &str) -> PathBuf {
        entry_file(&self.dir, issue_id)
    }

    /// The entry of an issue if it exists, is whole and has this key.
    /// The article heads (`IssueResult::cards`) are read only `with_cards`.
    ///
    /// Only a regular file, not through a link, of at most
    /// [`MAX_ENTRY_BYTES`]: an entry replaced by a FIFO, a device or a link
    /// is a miss, never a hang or a read without end. (A bucket folder
    /// replaced by a link is not looked for here, which would cost two
    /// `stat`s per issue on every re-check: what is read through it is
    /// bounded and must carry the key and checksum, and writes, which
    /// could do harm, check it.)
    pub fn get(&self, issue_id: &str, key: &Key, with_cards: bool) -> Option<Hit> {
        let path = self.entry_path(issue_id);
        let data = fsio::read_limited(&path, MAX_ENTRY_BYTES, fsio::Links::Refuse).ok()?;
        decode(&data, key, with_cards)
    }

    /// Stores an issue's result. A failure to write only costs the next
    /// run a re-parse, so it is not an error.
    pub fn put(&self, issue_id: &str, key: &Key, body: &[u8], result: &IssueResult) {
        let Some(data) = encode(key, body, result) else {
            return;
        };
        let path = self.entry_path(issue_id);
        let _ = self.write_entry(&path, &data);
    }

    /// Marks the cache folder as generated, as cargo marks `target/`: a
    /// `.gitignore` that ignores all of it (so a user's `git add -A` never
    /// commits the cache) and a `CACHEDIR.TAG` for backup tools. Written
    /// once, never over a file that is there (`create_new` also refuses a
    /// link); a failure only means the folder stays unmarked.
    fn mark_generated(&self) {
        use std::io::Write;
        for (name, text) in [
            (
                ".gitignore",
                "# Made by ocrgate: the result cache, safe to delete.\n*\n",
            ),
            (
                "CACHEDIR.TAG",
                "Signature: 8a477f597d28d172789f06886806bc55\n# The ocrgate result cache: safe to delete, rebuilt by `ocrgate check`.\n",
            ),
        ] {
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.dir.join(name))
            {
                let _ = f.write_all(text.as_bytes());
            }
        }
    }

    /// Whether every folder between the cache folder and `entry` is a real
    /// folder, not a link: a link planted there would make the cache write
    /// where its owner never meant it to. (The cache folder itself
    /// is the user's choice and may be a link.)
    fn folders_are_ours(&self, entry: &Path) -> bool {
        let Ok(inner) = entry.strip_prefix(&self.dir) else {
            return false;
        };
        let mut at = self.dir.clone();
        let mut parts = inner.components().peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                return true;
            }
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(m) if m.is_dir() => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return true,
                _ => return false,
            }
        }
        true
    }

    /// Writes an entry through a temporary file created new (never an
    /// existing file or a link) beside it, renamed over it: a link or a
    /// FIFO put in place of an entry is replaced, never written through.
    /// The folders are created on the first write into them and must be
    /// real folders (see [`Cache::folders_are_ours`]).
    ///
    /// A torn write could not give a wrong result even in place (an entry
    /// checks its magic, key and checksum), but a write in place follows a
    /// link planted in place of the entry, and overwrote its target.
    fn write_entry(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        use std::io::Write;
        let refused = || std::io::Error::other("a cache folder is not a real folder");
        let parent = path.parent().unwrap_or(Path::new("."));
        let name = path.file_name().ok_or_else(refused)?.to_string_lossy();
        let temp = parent.join(format!(".{name}.{}.tmp", std::process::id()));
        let create = || {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
        };
        if !self.folders_are_ours(path) {
            return Err(refused());
        }
        let mut file = match create() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(parent)?;
                if !self.folders_are_ours(path) {
                    return Err(refused());
                }
                self.mark_generated();
                create()?
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                // Left by a run of ours that was killed with the same
                // process id, or planted: removed (unlink never follows a
                // link), then created anew.
                std::fs::remove_file(&temp)?;
                create()?
            }
            other => other?,
        };
        let written = file.write_all(data).and_then(|_| {
            drop(file);
            std::fs::rename(&temp, path)
        });
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written
    }
}

/// The largest entry read: far above any real one (a 64 MB page gives
/// entries of a few MB), so only a file that is not an entry is over it.
pub const MAX_ENTRY_BYTES: u64 = 512_000_000;

/// `MAGIC`, key, checksum of the rest, then the body's hash, the digest
/// without its findings and the article heads (each MessagePack,
/// length-prefixed), and the findings (see [`findings`]). Public for the
/// `cache_entry` fuzz target.
#[doc(hidden)]
pub fn encode(key: &Key, body: &[u8], result: &IssueResult) -> Option<Vec<u8>> {
    let digest = rmp_serde::to_vec_named(&digest(result)).expect("issue results serialise");
    let cards = rmp_serde::to_vec_named(&result.cards).expect("article heads serialise");
    let mut payload =
        Vec::with_capacity(32 + digest.len() + cards.len() + 8 + 96 * result.findings.len());
    payload.extend_from_slice(&crate::snapshot::body_hash(body));
    put(&mut payload, &digest);
    put(&mut payload, &cards);
    if !findings::encode(&result.findings, &mut payload) {
        return None;
    }
    Some(seal(key, &payload))
}

/// An entry around `payload`: `MAGIC`, the key and the payload's checksum
/// before it. Public for the `cache_entry` fuzz target, which seals its
/// own payloads to reach the decoders behind the checksum.
#[doc(hidden)]
pub fn seal(key: &Key, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAGIC.len() + 64 + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(key);
    out.extend_from_slice(&checksum(payload));
    out.extend_from_slice(payload);
    out
}

/// The entry in `data` if it is whole and has this key; the article heads
/// are decoded only `with_cards` (the HTML report shows them, the terminal
/// does not). Public for the `cache_entry` fuzz target.
#[doc(hidden)]
pub fn decode(data: &[u8], key: &Key, with_cards: bool) -> Option<Hit> {
    let rest = data.strip_prefix(MAGIC)?;
    let (stored_key, rest) = rest.split_at_checked(32)?;
    if stored_key != key {
        return None;
    }
    let (sum, payload) = rest.split_at_checked(16)?;
    if checksum(payload) != sum {
        return None;
    }
    let (body_hash, rest) = payload.split_at_checked(16)?;
    let (digest, rest) = take(rest)?;
    let mut result: IssueResult = rmp_serde::from_slice(digest).ok()?;
    let (cards, rest) = take(rest)?;
    if with_cards {
        result.cards = rmp_serde::from_slice(cards).ok()?;
    }
    let (findings, rest) = findings::decode(rest)?;
    if !rest.is_empty() {
        return None;
    }
    result.findings = findings;
    Some(Hit {
        body_hash: body_hash.try_into().ok()?,
        digest: result,
    })
}

/// The entry's checksum: it detects damage (a torn write, a flipped bit),
/// for which a fast 128-bit hash does; the key, which must not collide
/// across inputs, stays blake3.
fn checksum(payload: &[u8]) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(payload).to_le_bytes()
}

/// Appends a length-prefixed field.
fn put(out: &mut Vec<u8>, field: &[u8]) {
    out.extend_from_slice(&(field.len() as u64).to_le_bytes());
    out.extend_from_slice(field);
}

/// A length-prefixed field and what follows it.
fn take(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = data.split_at_checked(8)?;
    let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
    rest.split_at_checked(len)
}

/// The result without its articles and findings (stored apart): what a
/// cached check gives back.
fn digest(r: &IssueResult) -> IssueResult {
    IssueResult {
        issue: r.issue.clone(),
        publication: r.publication.clone(),
        date: r.date.clone(),
        edition: r.edition.clone(),
        profile: r.profile.clone(),
        summary: r.summary.clone(),
        pages: r.pages.clone(),
        articles: Vec::new(),
        cards: Vec::new(),
        accuracy: r.accuracy.clone(),
        structure: r.structure.clone(),
        findings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result() -> IssueResult {
        let rule = crate::validate::registry::RULES
            .iter()
            .find(|r| r.id == "byline.unknown_reporter")
            .or(crate::validate::registry::RULES.first())
            .unwrap();
        crate::ruledocs::examples::analyse(&rule.bad).expect("example runs")
    }

    #[test]
    fn an_entry_reads_back_with_its_key_only() {
        let r = result();
        let key = [7u8; 32];
        let data = encode(&key, b"body text", &r).unwrap();
        let hit = decode(&data, &key, true).expect("hit");
        assert_eq!(hit.body_hash, crate::snapshot::body_hash(b"body text"));
        assert_eq!(hit.digest.findings, r.findings);
        let sources = |r: &IssueResult| {
            r.findings
                .iter()
                .map(|f| f.source.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(sources(&hit.digest), sources(&r));
        assert!(!r.findings.is_empty());
        assert_eq!(hit.digest.summary, r.summary);
        assert!(hit.digest.articles.is_empty());
        assert_eq!(hit.digest.cards, r.cards);
        assert!(!r.cards.is_empty());
        assert!(decode(&data, &[8u8; 32], true).is_none());
        // Without the article heads: everything else all the same.
        let terse = decode(&data, &key, false).expect("hit");
        assert!(terse.digest.cards.is_empty());
        assert_eq!(terse.digest.findings, r.findings);
        assert_eq!(terse.digest.summary, r.summary);
    }

    #[test]
    fn a_damaged_entry_is_a_miss() {
        let key = [1u8; 32];
        let data = encode(&key, b"body", &result()).unwrap();
        for cut in [0, 10, MAGIC.len() + 40, data.len() - 1] {
            assert!(decode(&data[..cut], &key, true).is_none(), "cut at {cut}");
        }
        let mut flipped = data.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x20;
        assert!(decode(&flipped, &key, true).is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

        /// Any damage to an entry (bytes changed, cut or appended) is a
        /// miss or gives back exactly what was stored: never a panic, never
        /// a different result.
        #[test]
        fn damaged_entries_never_decode_to_something_else(
            edits in proptest::collection::vec((0usize..100_000, proptest::prelude::any::<u8>()), 0..4),
            cut in proptest::option::of(0usize..100_000),
            tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..8),
        ) {
            static RESULT: std::sync::OnceLock<IssueResult> = std::sync::OnceLock::new();
            let r = RESULT.get_or_init(result);
            let key = [3u8; 32];
            let whole = encode(&key, b"body", r).unwrap();
            let mut data = whole.clone();
            for (at, byte) in edits {
                let at = at % data.len();
                data[at] = byte;
            }
            if let Some(c) = cut {
                data.truncate(c % (data.len() + 1));
            }
            data.extend_from_slice(&tail);
            if let Some(hit) = decode(&data, &key, true) {
                proptest::prop_assert_eq!(data, whole);
                proptest::prop_assert_eq!(hit.body_hash, crate::snapshot::body_hash(b"body"));
                proptest::prop_assert_eq!(hit.digest.findings, r.findings.clone());
            }
        }
    }
}
