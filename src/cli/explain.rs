//! `ocrgate explain`: explain one check: why it matters, its settings, and its
//! examples with what they report.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// A rule id, e.g. `para.broken`.
    rule: String,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args { rule } = args;
    let r = registry::rule(&rule).ok_or_else(|| {
        let hint = registry::suggest(&rule)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        Error::Usage(format!(
            "no rule `{rule}`{hint}; `ocrgate rules` lists them"
        ))
    })?;
    let mut out = anstream::stdout();
    let _ = write!(out, "{}", ocrgate::ruledocs::explain(r)?);
    Ok(0)
}
