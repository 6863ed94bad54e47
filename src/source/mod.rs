//! Page readers: one per format. Each turns a file into a [`Page`]: its lines
//! as the OCR gave them, with their position in the source file and, where the
//! format has them, a box and a confidence.

pub mod alto;
pub mod gutters;
pub mod hocr;
pub mod mets;
pub mod page;
pub mod text;
pub mod xml;

use crate::error::{Error, FileError, Result};
use serde::Serialize;
use std::path::Path;

/// The formats a page file can be in, recognised by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageFormat {
    Text,
    Alto,
    Hocr,
    Page,
}

impl PageFormat {
    /// The format's name in messages.
    pub fn describe(self) -> &'static str {
        match self {
            PageFormat::Text => "plain text",
            PageFormat::Alto => "ALTO",
            PageFormat::Hocr => "hOCR",
            PageFormat::Page => "PAGE XML",
        }
    }

    /// The format of a page file, from its name: `p01.txt`, `p01.alto.xml`,
    /// `p01.page.xml`, `p01.hocr` (or `.html`); a plain `p01.xml` is read by
    /// its root element (alto, PcGts or html). Ground-truth files
    /// (`p01.gt.txt`, `p01.gt.xml`, `p01.gt.page.xml`) are not pages.
    pub fn from_file_name(name: &str) -> Option<PageFormat> {
        let lower = name.to_ascii_lowercase();
        if is_ground_truth(&lower) || mets::is_mets(&lower) {
            None
        } else if lower.ends_with(".txt") {
            Some(PageFormat::Text)
        } else if lower.ends_with(".page.xml") {
            Some(PageFormat::Page)
        } else if lower.ends_with(".hocr") || lower.ends_with(".html") || lower.ends_with(".xhtml")
        {
            Some(PageFormat::Hocr)
        } else if lower.ends_with(".xml") {
            Some(PageFormat::Alto)
        } else {
            None
        }
    }
}

/// Whether a file name is a ground-truth file (`pNN.gt.*`).
pub fn is_ground_truth(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains(".gt.") && (lower.ends_with(".txt") || lower.ends_with(".xml"))
}

/// A rectangle in the page image's coordinates (ALTO units as given).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

/// Whether two words of a line are glyphs of one word: both single
/// characters, the second starting where the first ends, within a tenth of
/// the lower one's height. Engines that write one word element per
/// character (common for Chinese) set them so; word spaces, even in dense
/// nineteenth-century type, are a sixth of an em or more. Without boxes,
/// no.
pub fn glyphs_touch(prev: (&str, Option<Rect>), next: (&str, Option<Rect>)) -> bool {
    let single = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some() && chars.next().is_none()
    };
    let ((pt, Some(a)), (nt, Some(b))) = (prev, next) else {
        return false;
    };
    let gap = b.x - (a.x + a.w);
    single(pt) && single(nt) && gap.abs() * 10 < a.h.min(b.h).max(1)
}

/// A line's words joined by single spaces, except where
/// [`glyphs_touch`]: `4` `2` `条` is `42条`, not `4 2条`.
pub fn join_words<'a>(words: impl IntoIterator<Item = (&'a str, Option<Rect>)>) -> String {
    let mut out = String::new();
    let mut prev: Option<(&str, Option<Rect>)> = None;
    for (text, rect) in words {
        if text.is_empty() {
            continue;
        }
        if prev.is_some_and(|p| !glyphs_touch(p, (text, rect))) {
            out.push(' ');
        }
        out.push_str(text);
        prev = Some((text, rect));
    }
    out
}

/// One line of a page as the OCR produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The line's text. Plain text: exactly as in the file (without the line
    /// end). ALTO: the `String` contents joined with one space per `SP` and
    /// the `HYP` content at the end.
    pub text: String,
    /// 1-based line of the source file where this line starts.
    pub source_line: u32,
    /// Which text block the line belongs to (ALTO `TextBlock` in document
    /// order); plain text has a single block and uses blank lines instead.
    pub block: u32,
    /// The line's box, where the format has one.
    pub bbox: Option<Rect>,
    /// The height of the line's type, where the format boxes its words
    /// ([`type_height`]).
    pub type_height: Option<i32>,
    /// Mean word confidence in 0..=1, where the format has one.
    pub confidence: Option<f32>,
    /// Column gutters the line crosses ([`gutters`]): more than none on
    /// many lines means the engine read straight across the columns.
    pub gutters: u16,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The height of a line's type: the median height of its word boxes.
/// The line box is the union of everything the engine put on the line,
/// so one speck of dirt or a comma joined with the line below (common on
/// degraded scans) makes a body line look half again as tall as its type;
/// most of its words keep their size. `None` without boxed words.
pub fn type_height(boxes: impl IntoIterator<Item = Option<Rect>>) -> Option<i32> {
    let mut heights: Vec<i32> = boxes
        .into_iter()
        .flatten()
        .map(|r| r.h)
        .filter(|&h| h > 0)
        .collect();
    if heights.is_empty() {
        return None;
    }
    heights.sort_unstable();
    Some(heights[heights.len() / 2])
}

/// One page as read from its file.
#[derive(Debug, Clone)]
pub struct Page {
    /// File name inside the issue folder, e.g. `p01.alto.xml`.
    pub file: String,
    pub format: PageFormat,
    /// The encoding the file was decoded from (`UTF-8`, `GB18030`, …).
    pub encoding: &'static str,
    pub bytes: u64,
    pub lines: Vec<Line>,
}

impl Page {
    /// Whether the lines carry boxes, i.e. type size can guide parsing.
    pub fn has_geometry(&self) -> bool {
        self.lines.iter().any(|l| l.bbox.is_some())
    }
}

/// The local name of the first element of an XML file, read cheaply (the
/// reader parses the file properly afterwards): the XML declaration,
/// comments (which may hold `<`), processing instructions and a DOCTYPE
/// (with an internal subset) are skipped, however long, within the first
/// megabyte.
fn xml_root(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(1 << 20)];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let mut rest = text;
    loop {
        let at = rest.find('<')?;
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix('?') {
            rest = &after[after.find("?>")? + 2..];
        } else if rest.starts_with('!') {
            // DOCTYPE: up to its `>`, past an internal subset in `[...]`.
            let close = match (rest.find('['), rest.find('>')) {
                (Some(open), Some(gt)) if open < gt => open + rest[open..].find("]")?,
                _ => 0,
            };
            rest = &rest[close + rest[close..].find('>')? + 1..];
        } else {
            let name: &str = rest
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()?;
            return Some(name.rsplit(':').next().unwrap_or(name));
        }
    }
}

/// The largest page file read (64 MB).
pub const MAX_PAGE_BYTES: u64 = 64_000_000;

/// Reads a page file in whatever format its name says. A page without any
/// text is an input error: the OCR failed or the file is not a page.
pub fn read_page(path: &Path) -> Result<Page> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let format = PageFormat::from_file_name(&file).ok_or_else(|| {
        Error::Input(
            FileError::new(path, "not a page file").help("name pages pNN.txt or pNN.alto.xml"),
        )
    })?;
    // A page of a newspaper is kilobytes to a few megabytes; a file far
    // larger is not a page (a whole archive dumped into one file, a disk
    // image) and is refused before it is read into memory.
    // Only a regular file, and never more than the limit even when it grows
    // while it is read (see `fsio`).
    let bytes = crate::fsio::read_input(path, MAX_PAGE_BYTES, "page file")?;
    let size = bytes.len() as u64;
    let mut page = match format {
        PageFormat::Text => text::read_text_page(path, &bytes)?,
        // A `.xml` page is whatever its root element says.
        PageFormat::Alto => match xml_root(&bytes) {
            Some("PcGts") => page::read_page_xml(path, &bytes)?,
            Some("html") => hocr::read_hocr_page(path, &bytes)?,
            _ => alto::read_alto_page(path, &bytes)?,
        },
        PageFormat::Page => page::read_page_xml(path, &bytes)?,
        PageFormat::Hocr => hocr::read_hocr_page(path, &bytes)?,
    };
    page.file = file;
    page.bytes = size;
    if page.lines.iter().all(|l| l.is_blank()) {
        // Say how the file was read: a PAGE file named `.alto.xml`, or an
        // ALTO file with its text in unexpected places, reads as empty.
        let how = match (page.format, format) {
            (PageFormat::Text, _) => String::new(),
            (read_as, named) if read_as != named => format!(
                " (read as {} by its root element <{}>; its name says {})",
                read_as.describe(),
                xml_root(&bytes).unwrap_or("?"),
                named.describe()
            ),
            (read_as, _) => format!(" (read as {})", read_as.describe()),
        };
        return Err(Error::Input(
            FileError::new(path, format!("the page has no text{how}"))
                .help("re-run the OCR for this page, or remove the file from the issue"),
        ));
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: i32, w: i32) -> Option<Rect> {
        Some(Rect { x, y: 0, w, h: 20 })
    }

    #[test]
    fn touching_glyphs_join_and_words_keep_their_spaces() {
        let glyphs = [
            ("约", at(0, 20)),
            ("4", at(20, 10)),
            ("2", at(31, 10)),
            ("条", at(41, 20)),
        ];
        assert_eq!(join_words(glyphs), "约42条");
        // A word space (4 of 20 and more), a word of two characters, a
        // glyph without a box: spaces.
        assert_eq!(join_words([("4", at(0, 10)), ("2", at(14, 10))]), "4 2");
        assert_eq!(
            join_words([("New-", at(0, 40)), ("York", at(40, 40))]),
            "New- York"
        );
        assert_eq!(join_words([("火", at(0, 20)), ("灾", None)]), "火 灾");
        // Empty words are skipped, not doubled spaces.
        assert_eq!(join_words([("a", None), ("", None), ("b", None)]), "a b");
    }
}
