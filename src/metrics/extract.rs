//! The text of a page for measuring, extracted as dinglehopper extracts it,
//! so that CER and WER agree:
//!
//! * plain text: each line stripped of surrounding whitespace (a trailing
//!   newline makes no extra line), lines joined with `\n`;
//! * ALTO: each `TextLine`'s `String@CONTENT`s joined by single spaces (`SP`
//!   and `HYP` ignored), lines joined with `\n`;
//! * PAGE: region-level `TextEquiv` (or, with [`Level::Line`], each region's
//!   lines joined with `\n`), in reading order, empty regions dropped,
//!   regions joined with `\n`;
//! * hOCR (dinglehopper does not read it): lines of words joined by spaces.
//!
//! Every segment is normalised ([`super::normalize`]) before joining.

use super::normalize::normalize;
use crate::error::{Error, FileError, Result};
use crate::source::xml::{self, LineIndex};
use crate::source::{hocr, page, text};
use std::path::Path;

/// Which `TextEquiv` of a PAGE file is the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    #[default]
    Region,
    Line,
}

/// How to extract.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub level: Level,
    /// Remove all whitespace (line breaks included) after extraction: for
    /// Chinese and Japanese, where a space is never part of the text and
    /// engines put one between "words".
    pub ignore_whitespace: bool,
}

/// The normalised text of a page file.
pub fn extract_file(path: &Path, opts: Options) -> Result<String> {
    // Ground truth and OCR compared by `eval` are pages: the page limit.
    let bytes = crate::fsio::read_input(path, crate::source::MAX_PAGE_BYTES, "text file")?;
    extract_bytes(path, &bytes, opts)
}

fn looks_like_xml(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// The normalised text of a page given as bytes (`path` names it in errors
/// and tells a `.txt` from XML).
pub fn extract_bytes(path: &Path, bytes: &[u8], opts: Options) -> Result<String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let hocr = [".hocr", ".html", ".xhtml"]
        .iter()
        .any(|e| name.ends_with(e));
    let joined = if name.ends_with(".txt") || !looks_like_xml(bytes) {
        plain(path, bytes)?
    } else if hocr {
        let text = xml::utf8(path, bytes, "hOCR")?;
        hocr::hocr_lines(path, text)?
            .into_iter()
            .map(|l| normalize(&l.text))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        from_xml(path, bytes, opts.level)?
    };
    Ok(if opts.ignore_whitespace {
        joined.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        joined
    })
}

/// Lines as Python's `readlines` splits them (universal newlines).
fn split_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn plain(path: &Path, bytes: &[u8]) -> Result<String> {
    let (decoded, _) = text::decode(path, bytes)?;
    Ok(split_lines(&decoded)
        .into_iter()
        .map(|l| normalize(l.trim()))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn from_xml(path: &Path, bytes: &[u8], level: Level) -> Result<String> {
    let text = xml::utf8(path, bytes, "XML")?;
    let doc = xml::parse(path, text)?;
    let index = LineIndex::new(text);
    let root = doc.root_element();
    let segments: Vec<String> = match root.tag_name().name() {
        "PcGts" => page::regions(path, &doc, &index)?
            .into_iter()
            .map(|r| match level {
                Level::Region => normalize(r.text.as_deref().unwrap_or("")),
                Level::Line => r
                    .lines
                    .iter()
                    .map(|l| normalize(l.text.as_deref().unwrap_or("")))
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .filter(|t| !t.is_empty())
            .collect(),
        "alto" => xml::elements(root, "TextLine")
            .map(|line| {
                let words: Vec<&str> = xml::children(line, "String")
                    .map(|s| s.attribute("CONTENT").unwrap_or(""))
                    .collect();
                normalize(&words.join(" "))
            })
            .collect(),
        "html" => hocr::read_hocr_lines(&doc, &index)
            .into_iter()
            .map(|l| normalize(&l.text))
            .collect(),
        other => {
            return Err(Error::Input(
                FileError::new(path, format!("cannot measure a <{other}> document"))
                    .help("ground truth and OCR can be plain text, ALTO, PAGE or hOCR"),
            ))
        }
    };
    Ok(segments.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_lines_are_stripped_and_the_last_newline_dropped() {
        let t = extract_bytes(
            Path::new("a.txt"),
            b"First, a line.\nAnd a second line.\n",
            Options::default(),
        )
        .unwrap();
        assert_eq!(t, "First, a line.\nAnd a second line.");
        let t = extract_bytes(Path::new("a.txt"), b"  a \r\n\r\nb", Options::default()).unwrap();
        assert_eq!(t, "a\n\nb");
        let t = extract_bytes(
            Path::new("a.txt"),
            "聊城 日报\n第一版".as_bytes(),
            Options {
                ignore_whitespace: true,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(t, "聊城日报第一版");
    }
}
