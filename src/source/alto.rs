//! ALTO XML pages (v2, v3, v4 and the older CCS-GmbH namespace).
//!
//! Elements are matched by local name, so every ALTO namespace reads the
//! same. A line's text is its `String@CONTENT`s separated by single spaces
//! (whether or not an `SP` stands between them) and the `HYP@CONTENT`
//! (default `-`) at a line-end hyphen. Single characters that touch with
//! no `SP` between them are the glyphs of one word, as engines that write
//! one `String` per character (common for Chinese) set them: `4` `2` `条`
//! is `42条`, not `4 2条`. (Word-level ALTO keeps its spaces: Chronicling
//! America sets words a sixth of an em apart with no `SP`.) Tesseract's
//! quirks are accepted: `SP` with negative `WIDTH`, end tags written
//! `</GraphicalElement >`, no `Styles`. Entity definitions are refused (see
//! [`super::xml`]), so entities are never expanded or fetched.

use super::xml::{self, LineIndex};
use super::{Line, Page, PageFormat, Rect};
use crate::error::{Error, FileError, Result};
use roxmltree::{Document, Node};
use std::path::Path;

pub fn read_alto_page(path: &Path, bytes: &[u8]) -> Result<Page> {
    let text = xml::utf8(path, bytes, "ALTO")?;
    let doc = xml::parse(path, text)?;
    let root = doc.root_element();
    if root.tag_name().name() != "alto" {
        return Err(Error::Input(
            FileError::new(
                path,
                format!(
                    "expected an <alto> root element, found <{}>",
                    root.tag_name().name()
                ),
            )
            .help("name PAGE files pNN.page.xml and hOCR files pNN.hocr"),
        ));
    }
    let lines = read_alto_lines(path, &doc, &LineIndex::new(text))?;
    Ok(Page {
        file: String::new(),
        format: PageFormat::Alto,
        encoding: "UTF-8",
        bytes: bytes.len() as u64,
        lines,
    })
}

/// The lines of a parsed ALTO document, block by block.
pub fn read_alto_lines(path: &Path, doc: &Document, index: &LineIndex) -> Result<Vec<Line>> {
    let mut lines = Vec::new();
    for (block, text_block) in xml::elements(doc.root_element(), "TextBlock").enumerate() {
        for text_line in xml::elements(text_block, "TextLine") {
            lines.push(read_line(path, text_line, block as u32, index)?);
        }
    }
    Ok(lines)
}

fn read_line(path: &Path, node: Node, block: u32, index: &LineIndex) -> Result<Line> {
    let mut text = String::new();
    let mut confidences = Vec::new();
    let mut words: Vec<(&str, Option<Rect>)> = Vec::new();
    // The String just read, while no SP has followed it.
    let mut last_string: Option<(&str, Option<Rect>)> = None;
    for child in node.children().filter(|n| n.is_element()) {
        match child.tag_name().name() {
            "String" => {
                // Adjacent Strings are separate words even without an SP
                // between them (Chronicling America omits many), unless
                // they touch: then they are one word's glyphs.
                let content = child.attribute("CONTENT").unwrap_or("");
                let here = (content, rect(child));
                let glyph = last_string.is_some_and(|prev| super::glyphs_touch(prev, here));
                if !text.is_empty() && !text.ends_with(' ') && !glyph {
                    text.push(' ');
                }
                last_string = Some(here);
                words.push(here);
                text.push_str(content);
                if let Some(wc) = child.attribute("WC") {
                    let wc = wc.trim().parse::<f32>().map_err(|_| {
                        let (l, c) = index.line_col(child.range().start);
                        Error::Input(
                            FileError::new(path, format!("WC=\"{wc}\" is not a number"))
                                .at(l, c)
                                .help("ALTO word confidence WC must be a number from 0 to 1"),
                        )
                    })?;
                    confidences.push(wc.clamp(0.0, 1.0));
                }
            }
            "SP" => {
                last_string = None;
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            "HYP" => text.push_str(child.attribute("CONTENT").unwrap_or("-")),
            _ => last_string = None,
        }
    }
    // A trailing SP separates nothing.
    text.truncate(text.trim_end_matches(' ').len());
    let bbox = rect(node);
    let confidence = if confidences.is_empty() {
        None
    } else {
        Some(confidences.iter().sum::<f32>() / confidences.len() as f32)
    };
    Ok(Line {
        text,
        source_line: index.line_of(node),
        block,
        bbox,
        type_height: super::type_height(words.iter().map(|w| w.1)),
        confidence,
        gutters: super::gutters::in_words(words),
    })
}

/// The box of an element, if all four position attributes are numbers.
/// ALTO allows floats; they are rounded.
fn rect(node: Node) -> Option<Rect> {
    let num = |name: &str| -> Option<i32> {
        node.attribute(name)?
            .trim()
            .parse::<f64>()
            .ok()
            .map(|v| v.round() as i32)
    };
    Some(Rect {
        x: num("HPOS")?,
        y: num("VPOS")?,
        w: num("WIDTH")?,
        h: num("HEIGHT")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TESSERACT_LIKE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#">
 <Layout><Page WIDTH="100" HEIGHT="100"><PrintSpace>
  <GraphicalElement ID="g" HPOS="1" VPOS="1" WIDTH="1" HEIGHT="1"></GraphicalElement >
  <TextBlock ID="b0"><TextLine HPOS="10" VPOS="20" WIDTH="300" HEIGHT="40">
   <String CONTENT="履" WC="0.90"/><SP WIDTH="-36"/><String CONTENT="新" WC="0.50"/>
  </TextLine></TextBlock>
  <TextBlock ID="b1"><TextLine HPOS="10.4" VPOS="80" WIDTH="300" HEIGHT="20">
   <String CONTENT="news" SUBS_CONTENT="newspaper" SUBS_TYPE="HypPart1"/><HYP CONTENT="-"/>
  </TextLine></TextBlock>
 </PrintSpace></Page></Layout></alto>"#;

    #[test]
    fn reads_tesseract_quirks_and_hyphens() {
        let page = read_alto_page(Path::new("p.xml"), TESSERACT_LIKE.as_bytes()).unwrap();
        assert_eq!(page.lines.len(), 2);
        assert_eq!(page.lines[0].text, "履 新");
        assert_eq!(page.lines[0].confidence, Some(0.7));
        assert_eq!(
            page.lines[0].bbox,
            Some(Rect {
                x: 10,
                y: 20,
                w: 300,
                h: 40
            })
        );
        assert_eq!(page.lines[0].source_line, 5);
        assert_eq!(page.lines[1].text, "news-");
        assert_eq!(page.lines[1].block, 1);
        assert_eq!(page.lines[1].bbox.unwrap().x, 10);
    }

    #[test]
    fn touching_strings_are_one_words_glyphs() {
        let doc = r#"<alto><Layout><Page><PrintSpace><TextBlock>
  <TextLine HPOS="0" VPOS="0" WIDTH="900" HEIGHT="20">
   <String HPOS="0" VPOS="0" WIDTH="20" HEIGHT="20" CONTENT="约"/><String HPOS="20" VPOS="0" WIDTH="10" HEIGHT="20" CONTENT="1"/><String HPOS="30" VPOS="0" WIDTH="10" HEIGHT="20" CONTENT="5"/><String HPOS="41" VPOS="0" WIDTH="5" HEIGHT="20" CONTENT="."/><String HPOS="46" VPOS="0" WIDTH="10" HEIGHT="20" CONTENT="6"/><String HPOS="56" VPOS="0" WIDTH="20" HEIGHT="20" CONTENT="亿"/><SP/><String HPOS="96" VPOS="0" WIDTH="20" HEIGHT="20" CONTENT="元"/>
  </TextLine>
  <TextLine HPOS="0" VPOS="30" WIDTH="900" HEIGHT="20">
   <String HPOS="0" VPOS="30" WIDTH="60" HEIGHT="20" CONTENT="Senate"/><String HPOS="66" VPOS="30" WIDTH="50" HEIGHT="20" CONTENT="passes"/><String CONTENT="bill"/>
  </TextLine>
  <TextLine HPOS="0" VPOS="60" WIDTH="900" HEIGHT="20">
   <String HPOS="0" VPOS="60" WIDTH="40" HEIGHT="20" CONTENT="New-"/><String HPOS="40" VPOS="60" WIDTH="50" HEIGHT="20" CONTENT="York"/>
  </TextLine>
 </TextBlock></PrintSpace></Page></Layout></alto>"#;
        let page = read_alto_page(Path::new("p.xml"), doc.as_bytes()).unwrap();
        // An SP still separates, touching or not.
        assert_eq!(page.lines[0].text, "约15.6亿 元");
        // A word space (6 of 20) and a String without a box separate.
        assert_eq!(page.lines[1].text, "Senate passes bill");
        // Words of more than one character keep their space however close.
        assert_eq!(page.lines[2].text, "New- York");
    }

    /// The type's height is the median of the line's word boxes: a comma
    /// that reaches into the line below stretches the line box, not it.
    #[test]
    fn type_height_is_the_median_word() {
        let doc = r#"<alto><Layout><Page><PrintSpace><TextBlock>
  <TextLine HPOS="0" VPOS="0" WIDTH="300" HEIGHT="31">
   <String HPOS="0" VPOS="4" WIDTH="34" HEIGHT="17" CONTENT="今天"/><SP/><String HPOS="40" VPOS="0" WIDTH="16" HEIGHT="31" CONTENT="，"/><SP/><String HPOS="60" VPOS="4" WIDTH="34" HEIGHT="18" CONTENT="天气"/><SP/><String HPOS="100" VPOS="4" WIDTH="17" HEIGHT="17" CONTENT="好"/>
  </TextLine>
  <TextLine HPOS="0" VPOS="40" WIDTH="300" HEIGHT="20"><String CONTENT="无框"/></TextLine>
 </TextBlock></PrintSpace></Page></Layout></alto>"#;
        let page = read_alto_page(Path::new("p.xml"), doc.as_bytes()).unwrap();
        assert_eq!(page.lines[0].bbox.unwrap().h, 31);
        assert_eq!(page.lines[0].type_height, Some(18));
        assert_eq!(page.lines[1].type_height, None);
    }

    /// A line read across two columns: prose either side of a gap of
    /// five ems. The same words a quarter em apart are one column's line.
    #[test]
    fn a_gap_between_columns_is_a_gutter() {
        let line = |second_x: i32| {
            format!(
                r#"<TextLine HPOS="0" VPOS="0" WIDTH="400" HEIGHT="20"><String HPOS="0" VPOS="0" WIDTH="120" HEIGHT="20" CONTENT="总书记关于加强"/><SP/><String HPOS="{second_x}" VPOS="0" WIDTH="140" HEIGHT="20" CONTENT="理参保信息查询"/></TextLine>"#
            )
        };
        let doc = format!(
            "<alto><Layout><Page><PrintSpace><TextBlock>{}{}</TextBlock></PrintSpace></Page></Layout></alto>",
            line(225),
            line(125)
        );
        let page = read_alto_page(Path::new("p.xml"), doc.as_bytes()).unwrap();
        assert_eq!(page.lines[0].text, page.lines[1].text);
        assert_eq!((page.lines[0].gutters, page.lines[1].gutters), (1, 0));
    }

    #[test]
    fn ccs_namespace_reads_the_same() {
        let old = TESSERACT_LIKE.replace(
            "http://www.loc.gov/standards/alto/ns-v3#",
            "http://schema.ccs-gmbh.com/ALTO",
        );
        let page = read_alto_page(Path::new("p.xml"), old.as_bytes()).unwrap();
        assert_eq!(page.lines[0].text, "履 新");
    }

    #[test]
    fn malformed_xml_names_line_and_column() {
        let bad = "<alto>\n <Layout>\n  <TextBlock></Layout>\n</alto>";
        let err = read_alto_page(Path::new("p01.alto.xml"), bad.as_bytes()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("p01.alto.xml:3:"), "{msg}");
    }

    #[test]
    fn doctype_entities_are_refused() {
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE alto [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<alto>&x;</alto>";
        assert!(read_alto_page(Path::new("p.xml"), xxe.as_bytes()).is_err());
    }
}
