//! `ocrgate rules`: list every check: id, default severity and what it finds.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Write the full documentation of every rule as Markdown.
    #[arg(long)]
    markdown: bool,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args { markdown } = args;
    let text = if markdown {
        ocrgate::ruledocs::markdown()
    } else {
        ocrgate::ruledocs::table()
    };
    out!("{text}");
    Ok(0)
}
