//! PAGE XML pages (2010, 2013, 2017, 2018, 2019 namespaces; matched by
//! local name).
//!
//! Regions are taken in the order of the `ReadingOrder`: ordered groups by
//! their children's `index` (children without one are skipped), unordered
//! groups in document order, nested groups recursively; a region that the
//! reading order does not mention is not read, and references to other
//! region types (images, tables) are skipped. Without a reading order, every
//! `TextRegion` is read in document order. Where an element has several
//! `TextEquiv`s, the one with the lowest `index` wins, else the highest
//! `conf`, else the first — as dinglehopper chooses.

use super::xml::{self, LineIndex};
use super::{Line, Page, PageFormat, Rect};
use crate::error::{Error, FileError, Result};
use roxmltree::{Document, Node};
use std::collections::HashMap;
use std::path::Path;

/// One line of a region.
#[derive(Debug, Clone)]
pub struct PageLine {
    /// `None` when the line has no `TextEquiv`.
    pub text: Option<String>,
    /// The line's words' (else glyphs') `TextEquiv`s joined, for a line
    /// that has text only below line level. The parser reads it; the
    /// metrics, like dinglehopper, do not.
    pub word_text: Option<String>,
    pub bbox: Option<Rect>,
    /// The height of the line's type from its boxed words ([`super::type_height`]).
    pub type_height: Option<i32>,
    pub conf: Option<f32>,
    /// Column gutters between the line's words ([`super::gutters`]).
    pub gutters: u16,
    pub source_line: u32,
}

/// One text region, in reading order.
#[derive(Debug, Clone)]
pub struct Region {
    pub id: String,
    /// The region-level `TextEquiv`, if any.
    pub text: Option<String>,
    pub lines: Vec<PageLine>,
    pub source_line: u32,
}

/// The chosen `TextEquiv` of an element: its text and confidence.
fn text_equiv(node: Node) -> Option<(String, Option<f32>)> {
    let equivs: Vec<Node> = xml::children(node, "TextEquiv").collect();
    let num = |n: &Node, a: &str| n.attribute(a).and_then(|v| v.trim().parse::<f64>().ok());
    let chosen = match equivs.len() {
        0 => return None,
        1 => equivs[0],
        _ => {
            if equivs.iter().any(|e| num(e, "index").is_some()) {
                *equivs
                    .iter()
                    .filter(|e| num(e, "index").is_some())
                    .min_by(|a, b| num(a, "index").partial_cmp(&num(b, "index")).unwrap())
                    .unwrap()
            } else if equivs.iter().any(|e| num(e, "conf").is_some()) {
                // The first of the most confident, as argmax picks.
                let best = equivs
                    .iter()
                    .filter_map(|e| num(e, "conf"))
                    .fold(f64::MIN, f64::max);
                *equivs
                    .iter()
                    .find(|e| num(e, "conf") == Some(best))
                    .unwrap()
            } else {
                equivs[0]
            }
        }
    };
    let text: String = xml::children(chosen, "Unicode")
        .next()
        .map(|u| {
            u.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect()
        })
        .unwrap_or_default();
    Some((text, num(&chosen, "conf").map(|c| c as f32)))
}

/// The bounding box of an element's `Coords` (`points="x,y x,y …"`, or
/// `Point` children in PAGE 2010).
fn coords(node: Node) -> Option<Rect> {
    let c = xml::children(node, "Coords").next()?;
    let mut pts: Vec<(f64, f64)> = Vec::new();
    if let Some(points) = c.attribute("points") {
        for p in points.split_whitespace() {
            let (x, y) = p.split_once(',')?;
            pts.push((x.trim().parse().ok()?, y.trim().parse().ok()?));
        }
    } else {
        for p in xml::children(c, "Point") {
            pts.push((
                p.attribute("x")?.parse().ok()?,
                p.attribute("y")?.parse().ok()?,
            ));
        }
    }
    let (x0, y0) = pts
        .iter()
        .fold((f64::MAX, f64::MAX), |a, p| (a.0.min(p.0), a.1.min(p.1)));
    let (x1, y1) = pts
        .iter()
        .fold((f64::MIN, f64::MIN), |a, p| (a.0.max(p.0), a.1.max(p.1)));
    (!pts.is_empty()).then(|| Rect {
        x: x0.round() as i32,
        y: y0.round() as i32,
        w: (x1 - x0).round() as i32,
        h: (y1 - y0).round() as i32,
    })
}

fn region(node: Node, index: &LineIndex) -> Region {
    let lines = xml::children(node, "TextLine")
        .map(|l| {
            let te = text_equiv(l);
            let words = line_words(l);
            PageLine {
                conf: te.as_ref().and_then(|t| t.1),
                gutters: match (&te, words.is_empty()) {
                    (Some((text, _)), true) => super::gutters::in_text(text),
                    _ => super::gutters::in_words(words.iter().map(|(t, r)| (t.as_str(), *r))),
                },
                word_text: te.is_none().then(|| below_line_text(&words)).flatten(),
                text: te.map(|t| t.0),
                bbox: coords(l),
                type_height: super::type_height(words.iter().map(|w| w.1)),
                source_line: index.line_of(l),
            }
        })
        .collect();
    Region {
        id: node.attribute("id").unwrap_or("").to_string(),
        text: text_equiv(node).map(|t| t.0),
        lines,
        source_line: index.line_of(node),
    }
}

/// A line's text from its `Word`s (joined by spaces, except glyphs that
/// touch: see [`super::join_words`]), else from the
/// `Glyph`s of each word: ground truth and some engines give text only at
/// those levels.
fn below_line_text(words: &[(String, Option<Rect>)]) -> Option<String> {
    (!words.is_empty()).then(|| super::join_words(words.iter().map(|(t, r)| (t.as_str(), *r))))
}

/// A line's `Word`s with their text (else their `Glyph`s') and boxes.
fn line_words(line: Node) -> Vec<(String, Option<Rect>)> {
    xml::children(line, "Word")
        .filter_map(|w| {
            let text = text_equiv(w).map(|t| t.0).or_else(|| {
                let glyphs: String = xml::children(w, "Glyph")
                    .filter_map(|g| text_equiv(g).map(|t| t.0))
                    .collect();
                (!glyphs.is_empty()).then_some(glyphs)
            })?;
            Some((text, coords(w)))
        })
        .collect()
}

fn is_group(name: &str) -> bool {
    matches!(
        name,
        "OrderedGroup" | "UnorderedGroup" | "OrderedGroupIndexed" | "UnorderedGroupIndexed"
    )
}

/// The members of a group in reading order: an ordered group's children by
/// their `index` (children without one are skipped), an unordered group's in
/// document order.
fn members<'a, 'i>(group: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut members: Vec<Node> = group.children().filter(|n| n.is_element()).collect();
    if group.tag_name().name().starts_with("Ordered") {
        let idx = |n: &Node| {
            n.attribute("index")
                .and_then(|v| v.trim().parse::<i64>().ok())
        };
        members.retain(|n| idx(n).is_some());
        members.sort_by_key(|n| idx(n).unwrap());
    }
    members
}

/// Appends the regions a group refers to, nested groups in place, in
/// reading order. The walk keeps its own stack rather than recursing: a
/// reading order may nest groups thousands deep, and the thread's stack
/// must not be what decides whether a page can be read.
fn follow_group<'a, 'i>(
    group: Node<'a, 'i>,
    by_id: &HashMap<&'a str, Node<'a, 'i>>,
    out: &mut Vec<Node<'a, 'i>>,
) {
    // Each entry: the members of one open group, reversed, so that the next
    // member to visit is the last.
    let mut stack: Vec<Vec<Node>> = vec![members(group).into_iter().rev().collect()];
    while let Some(open) = stack.last_mut() {
        let Some(m) = open.pop() else {
            stack.pop();
            continue;
        };
        if is_group(m.tag_name().name()) {
            stack.push(members(m).into_iter().rev().collect());
        } else if let Some(r) = m.attribute("regionRef").and_then(|id| by_id.get(id)) {
            out.push(*r);
        }
    }
}

/// The text regions of a PAGE document in reading order.
pub fn regions(path: &Path, doc: &Document, index: &LineIndex) -> Result<Vec<Region>> {
    let root = doc.root_element();
    if root.tag_name().name() != "PcGts" {
        return Err(Error::Input(FileError::new(
            path,
            format!(
                "expected a <PcGts> root element, found <{}>",
                root.tag_name().name()
            ),
        )));
    }
    let all: Vec<Node> = xml::elements(root, "TextRegion").collect();
    let ordered: Vec<Node> = match xml::elements(root, "ReadingOrder").next() {
        Some(ro) => {
            let by_id: HashMap<&str, Node> = all
                .iter()
                .filter_map(|n| Some((n.attribute("id")?, *n)))
                .collect();
            let mut out = Vec::new();
            for g in ro
                .children()
                .filter(|n| n.is_element() && is_group(n.tag_name().name()))
            {
                follow_group(g, &by_id, &mut out);
            }
            out
        }
        None => all,
    };
    Ok(ordered.into_iter().map(|n| region(n, index)).collect())
}

pub fn read_page_xml(path: &Path, bytes: &[u8]) -> Result<Page> {
    let text = xml::utf8(path, bytes, "PAGE")?;
    let doc = xml::parse(path, text)?;
    let index = LineIndex::new(text);
    Ok(Page {
        file: String::new(),
        format: PageFormat::Page,
        encoding: "UTF-8",
        bytes: bytes.len() as u64,
        lines: page_lines(&regions(path, &doc, &index)?),
    })
}

/// Lines for parsing: line-level text where the region has it, else the
/// region's text split at line breaks (no boxes then).
pub fn page_lines(regions: &[Region]) -> Vec<Line> {
    let mut lines = Vec::new();
    for (block, r) in regions.iter().enumerate() {
        let block = block as u32;
        if r.lines
            .iter()
            .any(|l| l.text.is_some() || l.word_text.is_some())
        {
            for l in &r.lines {
                if let Some(t) = l.text.as_ref().or(l.word_text.as_ref()) {
                    for part in t.split('\n') {
                        lines.push(Line {
                            text: part.to_string(),
                            source_line: l.source_line,
                            block,
                            bbox: l.bbox,
                            type_height: l.type_height,
                            confidence: l.conf,
                            gutters: l.gutters,
                        });
                    }
                }
            }
        } else if let Some(t) = &r.text {
            for part in t.split('\n') {
                lines.push(Line {
                    text: part.to_string(),
                    source_line: r.source_line,
                    block,
                    bbox: None,
                    type_height: None,
                    confidence: None,
                    gutters: super::gutters::in_text(part),
                });
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">
 <Page imageFilename="p.png" imageWidth="100" imageHeight="100">
  <ReadingOrder><OrderedGroup id="ro">
   <RegionRefIndexed index="1" regionRef="r1"/>
   <RegionRefIndexed index="0" regionRef="r2"/>
  </OrderedGroup></ReadingOrder>
  <TextRegion id="r1">
   <TextLine id="l1"><Coords points="10,10 90,10 90,30 10,30"/>
    <TextEquiv index="2"><Unicode>second choice</Unicode></TextEquiv>
    <TextEquiv index="1" conf="0.5"><Unicode>first line</Unicode></TextEquiv>
   </TextLine>
   <TextEquiv><Unicode>region text</Unicode></TextEquiv>
  </TextRegion>
  <TextRegion id="r2"><TextEquiv conf="0.2"><Unicode>low</Unicode></TextEquiv>
   <TextEquiv conf="0.9"><Unicode>read first
two lines</Unicode></TextEquiv></TextRegion>
  <TextRegion id="r3"><TextEquiv><Unicode>not in the reading order</Unicode></TextEquiv></TextRegion>
 </Page>
</PcGts>"#;

    #[test]
    fn reading_order_textequiv_choice_and_levels() {
        let page = read_page_xml(Path::new("p.page.xml"), DOC.as_bytes()).unwrap();
        let texts: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["read first", "two lines", "first line"]);
        assert_eq!(
            page.lines[2].bbox,
            Some(Rect {
                x: 10,
                y: 10,
                w: 80,
                h: 20
            })
        );
        assert_eq!(page.lines[2].confidence, Some(0.5));
        assert_eq!(page.lines[0].block, 0);
    }

    /// A reading order nested far deeper than any thread's stack would
    /// allow a recursive walk (it overflowed at 10,000 before), in a
    /// thread with a small stack, so the test fails fast if a walk
    /// recurses again. Order is kept across the nesting.
    #[test]
    fn deeply_nested_reading_order_is_walked_without_recursion() {
        let depth = 50_000;
        let mut doc = String::from(
            r#"<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page><ReadingOrder><OrderedGroup id="g0"><RegionRefIndexed index="1" regionRef="r1"/>"#,
        );
        for i in 0..depth {
            doc.push_str(&format!(r#"<OrderedGroupIndexed id="g{i}x" index="0">"#));
        }
        doc.push_str(r#"<RegionRefIndexed index="0" regionRef="r2"/>"#);
        doc.push_str(&"</OrderedGroupIndexed>".repeat(depth));
        doc.push_str(r#"</OrderedGroup></ReadingOrder>"#);
        for r in ["r1", "r2"] {
            doc.push_str(&format!(
                r#"<TextRegion id="{r}"><TextLine id="l{r}"><TextEquiv><Unicode>{r}</Unicode></TextEquiv></TextLine></TextRegion>"#
            ));
        }
        doc.push_str("</Page></PcGts>");
        let texts = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let page = read_page_xml(Path::new("deep.page.xml"), doc.as_bytes()).unwrap();
                page.lines.into_iter().map(|l| l.text).collect::<Vec<_>>()
            })
            .unwrap()
            .join()
            .unwrap();
        // The nested group has index 0, the plain reference index 1.
        assert_eq!(texts, vec!["r2", "r1"]);
    }

    /// Ground truth with text only on words (or glyphs) is read, not
    /// reported as a page without text; the metrics still read line level.
    #[test]
    fn text_below_line_level() {
        let doc = r#"<PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Page>
  <TextRegion id="r1">
    <TextLine id="l1">
      <Word id="w1"><TextEquiv><Unicode>FIRE</Unicode></TextEquiv></Word>
      <Word id="w2"><TextEquiv><Unicode>DOWNTOWN</Unicode></TextEquiv></Word>
    </TextLine>
    <TextLine id="l2">
      <Word id="w3"><Glyph id="g1"><TextEquiv><Unicode>火</Unicode></TextEquiv></Glyph><Glyph id="g2"><TextEquiv><Unicode>灾</Unicode></TextEquiv></Glyph></Word>
    </TextLine>
    <TextLine id="l4">
      <Word id="w5"><Coords points="0,0 10,0 10,20 0,20"/><TextEquiv><Unicode>4</Unicode></TextEquiv></Word>
      <Word id="w6"><Coords points="10,0 20,0 20,20 10,20"/><TextEquiv><Unicode>2</Unicode></TextEquiv></Word>
      <Word id="w7"><Coords points="20,0 40,0 40,20 20,20"/><TextEquiv><Unicode>条</Unicode></TextEquiv></Word>
      <Word id="w8"><Coords points="50,0 70,0 70,20 50,20"/><TextEquiv><Unicode>路</Unicode></TextEquiv></Word>
    </TextLine>
    <TextLine id="l3"><TextEquiv><Unicode>line level wins</Unicode></TextEquiv>
      <Word id="w4"><TextEquiv><Unicode>ignored</Unicode></TextEquiv></Word>
    </TextLine>
  </TextRegion></Page></PcGts>"#;
        let page = read_page_xml(Path::new("p.page.xml"), doc.as_bytes()).unwrap();
        let texts: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
        // Words of one glyph each that touch are one word (see join_words).
        assert_eq!(
            texts,
            vec!["FIRE DOWNTOWN", "火灾", "42条 路", "line level wins"]
        );
        let parsed = roxmltree::Document::parse(doc).unwrap();
        let regions = regions(Path::new("p"), &parsed, &LineIndex::new(doc)).unwrap();
        assert_eq!(regions[0].lines[0].text, None);
    }
}
