//! `ocrgate profile`: print a built-in parsing profile (a complete, valid rule
//! set to start from).

use super::*;

#[derive(clap::Args)]
pub struct Args {
    #[arg(default_value = "zh-newspaper")]
    name: String,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args { name } = args;
    let (_, text) = ocrgate::parse::rules::BUILTIN_PROFILES
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| Error::Usage(format!("no built-in profile `{name}`")))?;
    out!("{text}");
    Ok(0)
}
