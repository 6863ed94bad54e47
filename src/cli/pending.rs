//! `ocrgate pending`: list pending snapshots with what each changes.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Print as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: Store,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args { json, store } = args;
    let root = store.root()?;
    let reviews = ocrgate::snapshot::cluster::pending_reviews(&root)?;
    if json {
        let text = serde_json::to_string_pretty(&reviews)
            .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
        outln!("{text}");
    } else if reviews.is_empty() {
        outln!("nothing pending");
    } else {
        for r in &reviews {
            outln!("{}", r.summary());
        }
    }
    Ok(if reviews.is_empty() { 0 } else { 1 })
}
