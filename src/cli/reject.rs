//! `ocrgate reject`: reject pending snapshots (delete `.snap.new`; the accepted
//! ones stay as they are).

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Issues to reject, e.g. `liaocheng-daily/2022-07-05`.
    issues: Vec<String>,
    /// Reject every pending snapshot.
    #[arg(long, conflicts_with = "issues")]
    all: bool,
    #[command(flatten)]
    store: Store,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args { issues, all, store } = args;
    let Some((root, _lock, issues)) = settle_target(&issues, all, &store, "reject")? else {
        return Ok(0);
    };
    let done = ocrgate::snapshot::reject(&root, &issues)?;
    for id in &done {
        outln!("rejected {id}");
    }
    let unknown = unsettled(&root, &issues, &done);
    if done.is_empty() && issues.is_empty() {
        outln!("nothing pending");
    }
    Ok(if unknown { 2 } else { 0 })
}
