//! METS issue metadata: the issue date (`mods:dateIssued`) and the titles
//! of the articles in the logical structure map — what the digitisation
//! project says the issue contains, which the validation holds the parser
//! to.

use super::xml;
use crate::error::{Error, FileError, Result};
use jiff::civil::Date;
use std::collections::HashMap;
use std::path::Path;

/// What a METS file says about its issue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssueMets {
    pub date: Option<Date>,
    /// Titles of the logical ARTICLE divisions, in document order.
    pub titles: Vec<String>,
}

/// Whether a file name is a METS file (`…_mets.xml`, `mets.xml`).
pub fn is_mets(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "mets.xml"
        || lower.ends_with("_mets.xml")
        || lower.ends_with(".mets.xml")
        || lower.ends_with("-mets.xml")
}

pub fn read_mets(path: &Path) -> Result<IssueMets> {
    let bytes = crate::fsio::read_input(path, super::MAX_PAGE_BYTES, "METS file")?;
    let text = xml::utf8(path, &bytes, "METS")?;
    let doc = xml::parse(path, text)?;
    let root = doc.root_element();
    if root.tag_name().name() != "mets" {
        return Err(Error::Input(FileError::new(
            path,
            format!(
                "expected a <mets> root element, found <{}>",
                root.tag_name().name()
            ),
        )));
    }
    // The key date of the issue, else the first date issued.
    let dates: Vec<roxmltree::Node> = xml::elements(root, "dateIssued").collect();
    let date = dates
        .iter()
        .find(|d| d.attribute("keyDate") == Some("yes"))
        .or(dates.first())
        .and_then(|d| d.text())
        .and_then(|t| t.trim().get(..10).and_then(|s| s.parse::<Date>().ok()));
    // Descriptive sections by id → their title.
    let mut titles_by_dmd: HashMap<&str, String> = HashMap::new();
    for sec in xml::elements(root, "dmdSec") {
        if let Some(id) = sec.attribute("ID") {
            if let Some(t) = xml::elements(sec, "title").next().and_then(|t| t.text()) {
                titles_by_dmd.insert(id, t.trim().to_string());
            }
        }
    }
    let mut titles = Vec::new();
    for map in xml::elements(root, "structMap").filter(|m| {
        m.attribute("TYPE")
            .is_some_and(|t| t.eq_ignore_ascii_case("LOGICAL"))
    }) {
        for div in xml::elements(map, "div").filter(|d| {
            d.attribute("TYPE")
                .is_some_and(|t| t.eq_ignore_ascii_case("ARTICLE"))
        }) {
            let title = div
                .attribute("DMDID")
                .and_then(|ids| ids.split_whitespace().find_map(|id| titles_by_dmd.get(id)))
                .cloned()
                .or_else(|| div.attribute("LABEL").map(str::to_string));
            if let Some(t) = title.filter(|t| !t.is_empty()) {
                titles.push(t);
            }
        }
    }
    Ok(IssueMets { date, titles })
}
