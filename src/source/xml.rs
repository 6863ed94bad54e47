//! What every XML page format shares: UTF-8 decoding with a located error,
//! parsing with a located error, the DOCTYPE policy, and byte offset →
//! line/column.
//!
//! A DOCTYPE without an internal subset (XHTML hOCR from tesseract has one)
//! is allowed: nothing is ever fetched. Entity definitions are refused, so an
//! entity is never expanded (no billion laughs, no external entities).

use crate::error::{Error, FileError, Result};
use roxmltree::{Document, Node, ParsingOptions};
use std::path::Path;

/// The file as UTF-8 text (a BOM is skipped).
pub fn utf8<'a>(path: &Path, bytes: &'a [u8], what: &str) -> Result<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // SIMD validation: ALTO and PAGE files are megabytes of markup.
    simdutf8::compat::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col_of_byte(bytes, e.valid_up_to());
        Error::Input(
            FileError::new(path, format!("{what} file is not valid UTF-8"))
                .at(line, col)
                .help(format!("{what} files must be UTF-8 encoded XML")),
        )
    })
}

/// Parses XML text under the DOCTYPE policy.
pub fn parse<'a>(path: &Path, text: &'a str) -> Result<Document<'a>> {
    if let Some(at) = text.find("<!ENTITY") {
        let (line, col) = LineIndex::new(text).line_col(at);
        return Err(Error::Input(
            FileError::new(path, "the XML defines entities, which are never expanded")
                .at(line, col)
                .help("remove the DOCTYPE's internal subset; page files need no entities"),
        ));
    }
    let opts = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| {
        let pos = e.pos();
        Error::Input(
            FileError::new(path, format!("malformed XML: {e}"))
                .at(pos.row as u64, pos.col as u64)
                .help("fix the XML or re-export the page from the OCR engine"),
        )
    })
}

/// Elements below `node` (itself excluded) with this local name, in document order.
pub fn elements<'a, 'i>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.descendants()
        .skip(1)
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// Direct children with this local name.
pub fn children<'a, 'i>(
    node: Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// Byte offset → (line, column in characters), both 1-based, in O(log n).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn line_col(&self, byte: usize) -> (u64, u64) {
        let line = self.starts.partition_point(|&s| s <= byte) - 1;
        let col = self.text[self.starts[line]..byte].chars().count();
        (line as u64 + 1, col as u64 + 1)
    }

    /// The 1-based line of a node's start.
    pub fn line_of(&self, node: Node) -> u32 {
        self.line_col(node.range().start).0 as u32
    }
}

pub fn line_col_of_byte(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[start..]).chars().count() as u64 + 1;
    (line, col)
}
