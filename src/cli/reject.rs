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
    if issues.is_empty() && !all {
        return Err(Error::Usage(
            "name the issues to reject, or pass --all".into(),
        ));
    }
    let root = store.root()?;
    let _lock =
        ocrgate::snapshot::lock::StoreLock::acquire(&root, ocrgate::snapshot::lock::wait_time())?;
    let Some(issues) = named_issues(&root, &issues)? else {
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
