//! `ocrgate accept`: accept pending snapshots (`.snap.new` → `.snap`).

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Issues to accept, e.g. `liaocheng-daily/2022-07-05`.
    issues: Vec<String>,
    /// Accept every pending snapshot.
    #[arg(long, conflicts_with = "issues")]
    all: bool,
    #[command(flatten)]
    store: Store,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args { issues, all, store } = args;
    let Some((root, _lock, issues)) = settle_target(&issues, all, &store, "accept")? else {
        return Ok(0);
    };
    let accepted = ocrgate::snapshot::accept(&root, &issues)?;
    for id in &accepted.done {
        outln!("accepted {id}");
    }
    for (_, e) in &accepted.refused {
        eprintln!("error: {e}");
    }
    let settled: Vec<String> = accepted
        .done
        .iter()
        .chain(accepted.refused.iter().map(|(id, _)| id))
        .cloned()
        .collect();
    let unknown = unsettled(&root, &issues, &settled);
    if settled.is_empty() && issues.is_empty() {
        outln!("nothing pending");
    }
    Ok(if unknown || !accepted.refused.is_empty() {
        2
    } else {
        0
    })
}
