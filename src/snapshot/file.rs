//! Reading snapshot files, which people edit, merge and copy: bounded in
//! size, UTF-8, free of merge-conflict markers, with the insta header, and
//! (before a pending file replaces an accepted one) whole.
//!
//! Every failure is an input error at the file (and line and column where
//! there is one), so that a damaged snapshot is reported for its issue and
//! the run goes on with the others.

use super::{parse_body, review::check_conflict_markers};
use crate::error::{Error, FileError, Result};
use crate::fsio;
use std::path::Path;

/// The largest snapshot file read: an issue's snapshot is kilobytes to a
/// few megabytes.
pub const MAX_SNAPSHOT_BYTES: u64 = 256_000_000;

/// The bytes of a snapshot file, or `None` when there is none.
pub fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>> {
    match fsio::read_limited(path, MAX_SNAPSHOT_BYTES, fsio::Links::Follow) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(fsio::Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(r) => Err(fsio::refusal_error(
            path,
            r,
            MAX_SNAPSHOT_BYTES,
            "snapshot file",
        )),
    }
}

/// The text of a snapshot file, or `None` when there is none. Bytes that
/// are not UTF-8 are an input error at their line and column.
pub fn read_text(path: &Path) -> Result<Option<String>> {
    let Some(bytes) = read_bytes(path)? else {
        return Ok(None);
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, column) = crate::source::xml::line_col_of_byte(e.as_bytes(), at);
        Error::Input(
            FileError::new(path, "the snapshot file is not UTF-8")
                .at(line, column)
                .help("restore it from version control, or delete it and run check again"),
        )
    })
}

/// The text of a snapshot file checked for conflict markers and the insta
/// header, with the byte where its body starts; `None` when there is no
/// file.
fn read_checked(path: &Path) -> Result<Option<(String, usize)>> {
    let Some(text) = read_text(path)? else {
        return Ok(None);
    };
    check_conflict_markers(path, &text)?;
    let body = parse_body(&text).ok_or_else(|| {
        Error::Input(
            FileError::new(path, "not a snapshot file (no insta header)")
                .help("delete it and run check again"),
        )
    })?;
    let start = text.len() - body.len();
    Ok(Some((text, start)))
}

/// The body of a snapshot file (after its header), checked for conflict
/// markers and the header; `None` when there is no file.
pub fn read_body(path: &Path) -> Result<Option<String>> {
    Ok(read_checked(path)?.map(|(mut text, start)| text.split_off(start)))
}

/// Checks that a snapshot file is one this tool could have written, whole:
/// readable as [`read_body`] reads it, a body that parses as an issue
/// result, and lists as long as its summary says (a file cut between two
/// findings still parses, but no longer has the findings its summary
/// counts; findings, the last section, end with a required field).
/// `accept` runs this before a pending file replaces an accepted one.
pub fn validate(path: &Path) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Whole {
        summary: crate::result::Summary,
        pages: Vec<crate::result::PageSummary>,
        #[serde(default)]
        articles: Vec<serde::de::IgnoredAny>,
        // Read whole: every finding ends with its (required) fingerprint,
        // so a file cut at any line of the last finding does not parse.
        findings: Vec<crate::validate::Finding>,
    }
    let (text, start) = read_checked(path)?.ok_or_else(|| {
        Error::Input(FileError::new(path, "the snapshot file is gone").help("run check again"))
    })?;
    let (header, body) = text.split_at(start);
    let header_lines = header.matches('\n').count() as u64;
    let whole: Whole = crate::parse::rules::parse_yaml_data(path, body).map_err(|e| match e {
        // Lines of the body counted from the top of the file.
        Error::Config(mut f) | Error::Input(mut f) => {
            if let Some(p) = &mut f.position {
                p.line += header_lines;
            }
            Error::Input(
                f.help("the snapshot was cut short or edited; run check again to write it anew"),
            )
        }
        other => other,
    })?;
    let counts = &whole.summary.findings;
    let mismatch = if whole.summary.pages != whole.pages.len() {
        Some(format!(
            "its summary counts {} pages, it lists {}",
            whole.summary.pages,
            whole.pages.len()
        ))
    } else if whole.summary.articles != whole.articles.len() {
        Some(format!(
            "its summary counts {} articles, it lists {}",
            whole.summary.articles,
            whole.articles.len()
        ))
    } else if counts.error + counts.warning + counts.info != whole.findings.len() {
        Some(format!(
            "its summary counts {} findings, it lists {}",
            counts.error + counts.warning + counts.info,
            whole.findings.len()
        ))
    } else {
        None
    };
    match mismatch {
        Some(why) => Err(Error::Input(
            FileError::new(path, format!("the snapshot is not whole: {why}"))
                .help("it was cut short or edited; run check again to write it anew"),
        )),
        None => Ok(()),
    }
}
