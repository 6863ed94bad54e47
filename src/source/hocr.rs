//! hOCR pages (XHTML, as tesseract and most engines write it).
//!
//! Lines are the elements whose class is a line class (`ocr_line`,
//! `ocr_header`, `ocr_caption`, `ocr_textfloat`, `ocrx_line`); a line's
//! text is its `ocrx_word`s joined by single spaces (or its whole text
//! where it has no words). Boxes come from `bbox` in the `title`
//! properties, confidences from the words' `x_wconf` (0–100). Blocks are
//! the `ocr_carea` (or `ocr_par`) a line belongs to. Well-formed XHTML is
//! read as XML (with exact source lines); HTML that is not (ocropy leaves
//! `<meta>` unclosed) is read by a lenient HTML parser, and each line's
//! source line is found by its `class` attribute in document order.

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

/// A property of an element's hOCR `title` (`bbox 1 2 3 4; x_wconf 95`).
fn property<'a>(n: &Node<'a, '_>, key: &str) -> Option<Vec<&'a str>> {
    title_property(n.attribute("title")?, key)
}

fn bbox(n: &Node) -> Option<Rect> {
    title_bbox(n.attribute("title")?)
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
        let (text, gutters) = if words.is_empty() {
            let text = text_of(n);
            let gutters = super::gutters::in_text(&text);
            (
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                gutters,
            )
        } else {
            let texts: Vec<String> = words
                .iter()
                .map(|w| text_of(*w).trim().to_string())
                .collect();
            let boxed = || texts.iter().map(String::as_str).zip(words.iter().map(bbox));
            (
                super::join_words(boxed()),
                super::gutters::in_words(boxed()),
            )
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
            gutters,
            source_line: index.line_of(n),
            block,
            bbox: bbox(&n),
            type_height: super::type_height(words.iter().map(bbox)),
            confidence: (!confs.is_empty())
                .then(|| (confs.iter().sum::<f32>() / confs.len() as f32 / 100.0).clamp(0.0, 1.0)),
        });
    }
    lines
}

/// Property `key` of an hOCR `title` attribute value.
fn title_property<'a>(title: &'a str, key: &str) -> Option<Vec<&'a str>> {
    title.split(';').find_map(|p| {
        let mut parts = p.split_whitespace();
        (parts.next()? == key).then(|| parts.collect())
    })
}

fn title_bbox(title: &str) -> Option<Rect> {
    let v = title_property(title, "bbox")?;
    let num = |i: usize| v.get(i)?.parse::<f64>().ok();
    let (x0, y0, x1, y1) = (num(0)?, num(1)?, num(2)?, num(3)?);
    Some(Rect {
        x: x0.round() as i32,
        y: y0.round() as i32,
        w: (x1 - x0).round() as i32,
        h: (y1 - y0).round() as i32,
    })
}

/// hOCR that is HTML but not XML, read leniently.
fn read_html_lines(text: &str) -> Vec<Line> {
    use scraper::{ElementRef, Html};
    let html = Html::parse_document(text);
    let class_of =
        |e: &ElementRef, wanted: &[&str]| e.value().classes().any(|c| wanted.contains(&c));
    let index = LineIndex::new(text);
    let class_attr = regex::Regex::new(
        r#"class\s*=\s*["'][^"']*\b(?:ocr_line|ocr_header|ocr_caption|ocr_textfloat|ocrx_line)\b"#,
    )
    .expect("built-in regex");
    let mut cursor = 0;
    let mut blocks = Vec::new();
    let mut lines = Vec::new();
    for node in html.root_element().descendants() {
        let Some(e) = ElementRef::wrap(node) else {
            continue;
        };
        if !class_of(&e, LINE_CLASSES) {
            continue;
        }
        let source_line = match class_attr.find_at(text, cursor) {
            Some(m) => {
                cursor = m.end();
                index.line(m.start())
            }
            None => 0,
        };
        let words: Vec<ElementRef> = e
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|w| class_of(w, &["ocrx_word"]))
            .collect();
        let (line_text, gutters) = if words.is_empty() {
            let text = e.text().collect::<String>();
            let gutters = super::gutters::in_text(&text);
            (
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                gutters,
            )
        } else {
            let texts: Vec<String> = words
                .iter()
                .map(|w| w.text().collect::<String>().trim().to_string())
                .collect();
            let boxed = || {
                texts.iter().map(String::as_str).zip(
                    words
                        .iter()
                        .map(|w| w.value().attr("title").and_then(title_bbox)),
                )
            };
            (
                super::join_words(boxed()),
                super::gutters::in_words(boxed()),
            )
        };
        let confs: Vec<f32> = words
            .iter()
            .filter_map(|w| {
                title_property(w.value().attr("title")?, "x_wconf")?
                    .first()?
                    .parse()
                    .ok()
            })
            .collect();
        let area = node
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| class_of(a, &["ocr_carea", "ocr_par"]))
            .map(|a| a.id());
        let block = match area {
            Some(id) => match blocks.iter().position(|b| *b == id) {
                Some(k) => k as u32,
                None => {
                    blocks.push(id);
                    blocks.len() as u32 - 1
                }
            },
            None => 0,
        };
        lines.push(Line {
            text: line_text,
            gutters,
            source_line,
            block,
            bbox: e.value().attr("title").and_then(title_bbox),
            type_height: super::type_height(
                words
                    .iter()
                    .map(|w| w.value().attr("title").and_then(title_bbox)),
            ),
            confidence: (!confs.is_empty())
                .then(|| (confs.iter().sum::<f32>() / confs.len() as f32 / 100.0).clamp(0.0, 1.0)),
        });
    }
    lines
}

/// The lines of hOCR text: as XML when it is well-formed, else as HTML.
pub fn hocr_lines(path: &Path, text: &str) -> Result<Vec<Line>> {
    // Refused either way, before the lenient HTML parser could try.
    xml::check_limits(path, text)?;
    match xml::parse_within_limits(path, text) {
        Ok(doc) if doc.root_element().tag_name().name() == "html" => {
            Ok(read_hocr_lines(&doc, &LineIndex::new(text)))
        }
        Ok(doc) => Err(Error::Input(
            FileError::new(
                path,
                format!(
                    "expected an <html> root element, found <{}>",
                    doc.root_element().tag_name().name()
                ),
            )
            .help("hOCR files are (X)HTML documents"),
        )),
        // Entity definitions stay refused; other XML errors mean HTML.
        Err(e) if text.contains("<!ENTITY") => Err(e),
        Err(_) => Ok(read_html_lines(text)),
    }
}

pub fn read_hocr_page(path: &Path, bytes: &[u8]) -> Result<Page> {
    let text = xml::utf8(path, bytes, "hOCR")?;
    let lines = hocr_lines(path, text)?;
    Ok(Page {
        file: String::new(),
        format: PageFormat::Hocr,
        encoding: "UTF-8",
        bytes: bytes.len() as u64,
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_per_glyph_reads_as_one_word() {
        let doc = r#"<html xmlns="http://www.w3.org/1999/xhtml"><body>
<div class='ocr_page'><div class='ocr_carea'><p class='ocr_par'>
 <span class='ocr_line' title='bbox 0 0 200 20'><span class='ocrx_word' title='bbox 0 0 20 20'>约</span><span class='ocrx_word' title='bbox 20 0 30 20'>4</span><span class='ocrx_word' title='bbox 30 0 40 20'>2</span><span class='ocrx_word' title='bbox 40 0 60 20'>条</span> <span class='ocrx_word' title='bbox 70 0 90 20'>路</span></span>
</p></div></div></body></html>"#;
        let page = read_hocr_page(Path::new("p.hocr"), doc.as_bytes()).unwrap();
        assert_eq!(page.lines[0].text, "约42条 路");
        let html = doc.replace(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\">",
            "<html><br>",
        );
        let page = read_hocr_page(Path::new("p.hocr"), html.as_bytes()).unwrap();
        assert_eq!(page.lines[0].text, "约42条 路");
    }

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
