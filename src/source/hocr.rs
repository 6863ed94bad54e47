//! hOCR pages (XHTML, as tesseract and most engines write it).
//!
//! Lines are the elements whose class is a line class (`ocr_line`,
//! `ocr_header`, `ocr_caption`, `ocr_textfloat`, `ocrx_line`); a line's
//! text is its `ocrx_word`s joined by single spaces (or its whole text
//! where it has no words). Boxes come from `bbox` in the `title`
//! properties, confidences from the words' `x_wconf` (0–100). Blocks are
//! the `ocr_carea` (or `ocr_par`) a line belongs to. The file must be
//! well-formed XML; HTML that is not (unclosed tags) is refused with its
//! line and column.

use super::xml::{self, LineIndex};
use super::{Line, Page, PageFormat, Rect};
use crate::error::{Error, FileError, Result};
use roxmltree::{Document, Node};
use std::path::Path;

const LINE_CLASSES: &[&str] = &[
    "ocr_line",
    "ocr_header",
    "ocr_caption",
    "ocr_textfloat",
    "ocrx_line",
];

fn classes<'a>(n: &Node<'a, '_>) -> impl Iterator<Item = &'a str> {
    n.attribute("class").unwrap_or("").split_whitespace()
}

fn has_class(n: &Node, wanted: &[&str]) -> bool {
    classes(n).any(|c| wanted.contains(&c))
}

/// A property of an hOCR `title` (`bbox 1 2 3 4; x_wconf 95`).
fn property<'a>(n: &Node<'a, '_>, key: &str) -> Option<Vec<&'a str>> {
    let title = n.attribute("title")?;
    title.split(';').find_map(|p| {
        let mut parts = p.split_whitespace();
        (parts.next()? == key).then(|| parts.collect())
    })
}

fn bbox(n: &Node) -> Option<Rect> {
    let v = property(n, "bbox")?;
    let num = |i: usize| v.get(i)?.parse::<f64>().ok();
    let (x0, y0, x1, y1) = (num(0)?, num(1)?, num(2)?, num(3)?);
    Some(Rect {
        x: x0.round() as i32,
        y: y0.round() as i32,
        w: (x1 - x0).round() as i32,
        h: (y1 - y0).round() as i32,
    })
}

fn text_of(n: Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

/// The lines of a parsed hOCR document, as (text, line) pairs.
pub fn read_hocr_lines(doc: &Document, index: &LineIndex) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut block_of: Vec<(roxmltree::NodeId, u32)> = Vec::new();
    for n in doc.root_element().descendants().filter(|n| n.is_element()) {
        if !has_class(&n, LINE_CLASSES) {
            continue;
        }
        let words: Vec<Node> = n
            .descendants()
            .filter(|d| d.is_element() && has_class(d, &["ocrx_word"]))
            .collect();
        let text = if words.is_empty() {
            text_of(n).split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            words
                .iter()
                .map(|w| text_of(*w).trim().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let confs: Vec<f32> = words
            .iter()
            .filter_map(|w| property(w, "x_wconf")?.first()?.parse::<f32>().ok())
            .collect();
        let area = n
            .ancestors()
            .find(|a| has_class(a, &["ocr_carea", "ocr_par"]))
            .map(|a| a.id());
        let block = match area {
            Some(id) => match block_of.iter().find(|(b, _)| *b == id) {
                Some(&(_, k)) => k,
                None => {
                    let k = block_of.len() as u32;
                    block_of.push((id, k));
                    k
                }
            },
            None => 0,
        };
        lines.push(Line {
            text,
            source_line: index.line_of(n),
            block,
            bbox: bbox(&n),
            confidence: (!confs.is_empty())
                .then(|| (confs.iter().sum::<f32>() / confs.len() as f32 / 100.0).clamp(0.0, 1.0)),
        });
    }
    lines
}

pub fn read_hocr_page(path: &Path, bytes: &[u8]) -> Result<Page> {
    let text = xml::utf8(path, bytes, "hOCR")?;
    let doc = xml::parse(path, text)?;
    if doc.root_element().tag_name().name() != "html" {
        return Err(Error::Input(
            FileError::new(
                path,
                format!(
                    "expected an <html> root element, found <{}>",
                    doc.root_element().tag_name().name()
                ),
            )
            .help("hOCR files are XHTML documents"),
        ));
    }
    Ok(Page {
        file: String::new(),
        format: PageFormat::Hocr,
        encoding: "UTF-8",
        bytes: bytes.len() as u64,
        lines: read_hocr_lines(&doc, &LineIndex::new(text)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tesseract_hocr() {
        let doc = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><body>
 <div class='ocr_page' title='bbox 0 0 100 100'>
  <div class='ocr_carea'><p class='ocr_par'>
   <span class='ocr_line' title="bbox 10 20 90 40; baseline 0 0; x_size 20">
    <span class='ocrx_word' title='bbox 10 20 40 40; x_wconf 90'>履新</span>
    <span class='ocrx_word' title='bbox 50 20 90 40; x_wconf 70'><strong>第一课</strong></span>
   </span>
  </p></div>
 </div></body></html>"#;
        let page = read_hocr_page(Path::new("p.hocr"), doc.as_bytes()).unwrap();
        assert_eq!(page.lines.len(), 1);
        assert_eq!(page.lines[0].text, "履新 第一课");
        assert_eq!(
            page.lines[0].bbox,
            Some(Rect {
                x: 10,
                y: 20,
                w: 80,
                h: 20
            })
        );
        assert!((page.lines[0].confidence.unwrap() - 0.8).abs() < 1e-6);
        assert_eq!(page.lines[0].source_line, 6);
    }
}
