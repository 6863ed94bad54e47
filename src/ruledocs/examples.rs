//! Runs a rule's documentation examples: the page text as a one-page issue
//! of 2022-07-05 under the built-in profile plus the example's settings.
//! `ocrgate explain` shows what the bad example reports, and the test suite
//! checks that the bad example fires its rule and the good one does not.

use crate::corpus::{CorpusConfig, Publication, PublicationConfig};
use crate::error::Result;
use crate::parse::rules::parse_yaml;
use crate::source::text::read_text_page;
use crate::validate::registry::Example;
use crate::validate::Finding;
use jiff::civil::date;
use std::path::Path;

/// The findings of every rule on an example page.
pub fn run(example: &Example) -> Result<Vec<Finding>> {
    Ok(analyse(example)?.findings)
}

/// The whole result of an example page.
pub fn analyse(example: &Example) -> Result<crate::result::IssueResult> {
    let path = Path::new("publication.yaml");
    let config: PublicationConfig = parse_yaml(path, example.config)?;
    let publication = Publication::build(
        "example",
        Path::new("example"),
        path,
        config,
        Path::new("ocrgate.yaml"),
        &CorpusConfig::default(),
    )?;
    let page_path = Path::new("p01.txt");
    let mut page = read_text_page(page_path, example.page.as_bytes())?;
    page.file = "p01.txt".to_string();
    Ok(crate::check::analyse(
        "example/2022-07-05",
        date(2022, 7, 5),
        &publication,
        &publication.expect,
        vec![page],
        &[None],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::registry::RULES;

    #[test]
    fn every_bad_example_fires_and_every_good_one_does_not() {
        let mut failures = Vec::new();
        for rule in RULES {
            let bad = run(&rule.bad).expect("bad example runs");
            if !bad.iter().any(|f| f.rule == rule.id) {
                failures.push(format!(
                    "{}: bad example does not fire; found {:?}",
                    rule.id,
                    bad.iter().map(|f| &f.rule).collect::<Vec<_>>()
                ));
            }
            let good = run(&rule.good).expect("good example runs");
            if let Some(f) = good.iter().find(|f| f.rule == rule.id) {
                failures.push(format!("{}: good example fires: {}", rule.id, f.message));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
