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

/// The most attributes one element may have. Real page files have a few
/// dozen at most (namespace declarations included); the XML parser checks
/// each new attribute against all before it, so an element with 300,000 of
/// them took a minute. Refused before parsing.
pub const MAX_ATTRIBUTES: usize = 1_000;

/// Refuses markup that no page file has and that would cost far more to
/// parse than its size: an element with more than [`MAX_ATTRIBUTES`]
/// attributes. One pass over the bytes: attributes are counted by their
/// `=` outside quotes inside a tag; comments, CDATA sections and
/// processing instructions are skipped. Also run before hOCR is read as
/// lenient HTML, whose parser has the same duplicate check.
pub fn check_limits(path: &Path, text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + lt;
        let rest = &bytes[start..];
        let skip_to = |end: &[u8]| {
            memchr::memmem::find(rest, end).map_or(bytes.len(), |e| start + e + end.len())
        };
        if rest.starts_with(b"<!--") {
            i = skip_to(b"-->");
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            i = skip_to(b"]]>");
            continue;
        }
        if rest.starts_with(b"<?") {
            i = skip_to(b"?>");
            continue;
        }
        // A tag: count `=` outside quoted values up to its `>`.
        let (mut j, mut quote, mut count) = (start + 1, None, 0usize);
        while j < bytes.len() {
            let b = bytes[j];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'=' => count += 1,
                None if b == b'>' => break,
                None => {}
            }
            j += 1;
        }
        if count > MAX_ATTRIBUTES {
            let (line, col) = LineIndex::new(text).line_col(start);
            return Err(Error::Input(
                FileError::new(
                    path,
                    format!("an element has {count} attributes; over {MAX_ATTRIBUTES} is not read"),
                )
                .at(line, col)
                .help("this is not a page file an OCR engine wrote; re-export the page"),
            ));
        }
        // A tag left open at the end of the text ends the scan.
        i = (j + 1).min(bytes.len());
    }
    Ok(())
}

/// Parses XML text under the DOCTYPE policy.
pub fn parse<'a>(path: &Path, text: &'a str) -> Result<Document<'a>> {
    check_limits(path, text)?;
    parse_within_limits(path, text)
}

/// [`parse`] of text that has passed [`check_limits`].
pub fn parse_within_limits<'a>(path: &Path, text: &'a str) -> Result<Document<'a>> {
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

    /// The 1-based line and column of a byte offset. The column counts the
    /// characters from the line's start, so it is for error messages only:
    /// on XML written as one line, a column per node would be quadratic.
    pub fn line_col(&self, byte: usize) -> (u64, u64) {
        let line = self.line(byte) as usize - 1;
        let col = self.text[self.starts[line]..byte].chars().count();
        (line as u64 + 1, col as u64 + 1)
    }

    /// The 1-based line of a byte offset, in O(log lines).
    pub fn line(&self, byte: usize) -> u32 {
        self.starts.partition_point(|&s| s <= byte) as u32
    }

    /// The 1-based line of a node's start.
    pub fn line_of(&self, node: Node) -> u32 {
        self.line(node.range().start)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn with_attributes(n: usize) -> String {
        let attrs: String = (0..n).map(|i| format!(" a{i}=\"x>y\"")).collect();
        format!("<!-- <x a=1 b=2> --><root{attrs}><![CDATA[ = = ]]><c d='=' /></root>")
    }

    /// At the bound an element is read; one attribute over it, the file is
    /// refused at the element, before the parser's per-attribute
    /// duplicate check could take minutes. Quoted `>` and `=`, comments
    /// and CDATA do not confuse the count.
    #[test]
    fn attribute_count_bound() {
        let path = Path::new("p01.alto.xml");
        let ok = with_attributes(MAX_ATTRIBUTES);
        assert!(parse(path, &ok).is_ok());
        let over = with_attributes(MAX_ATTRIBUTES + 1);
        let err = parse(path, &over).unwrap_err().to_string();
        assert!(
            err.contains("p01.alto.xml:1:21") && err.contains("1001 attributes"),
            "{err}"
        );
        // A tag, comment or instruction left open at the end: no panic.
        for open in [
            "<a",
            "x<",
            "<a b='1",
            "<!-- x",
            "<?x",
            "<![CDATA[",
            "\0garbage <<< not xml",
        ] {
            assert!(check_limits(path, open).is_ok(), "{open}");
        }
    }

    #[test]
    fn line_without_column_agrees_with_line_col() {
        let text = "ab\n经济\n\nx";
        let ix = LineIndex::new(text);
        for b in 0..text.len() {
            if text.is_char_boundary(b) {
                assert_eq!(ix.line(b) as u64, ix.line_col(b).0);
            }
        }
    }
}
