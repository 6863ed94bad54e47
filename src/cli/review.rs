//! `ocrgate review`: review pending snapshots one by one on the terminal
//! (accept, reject, skip).

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Fold lines that differ only in whitespace or punctuation width.
    #[arg(long)]
    fold_trivial: bool,
    #[command(flatten)]
    store: Store,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        fold_trivial,
        store,
    } = args;
    let root = store.root()?;
    let tally = ocrgate::review::run(&root, &console::Term::stdout(), fold_trivial)?;
    Ok(if tally.skipped.is_empty() { 0 } else { 1 })
}
