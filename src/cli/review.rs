//! `ocrgate review`: review pending snapshots one by one on the terminal
//! (accept, reject, skip).

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Review only these: issue ids, a publication, or a glob over ids
    /// (`'liaocheng-daily/2022-*'`). Default: every pending snapshot.
    issues: Vec<String>,
    /// Fold lines that differ only in whitespace or punctuation width.
    #[arg(long)]
    fold_trivial: bool,
    #[command(flatten)]
    store: Store,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        issues,
        fold_trivial,
        store,
    } = args;
    let root = store.root()?;
    let Some(only) = named_issues(&root, &issues)? else {
        return Ok(0);
    };
    let tally = ocrgate::review::run(&root, &console::Term::stdout(), fold_trivial, &only)?;
    Ok(if tally.skipped.is_empty() { 0 } else { 1 })
}
