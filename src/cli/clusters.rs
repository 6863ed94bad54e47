//! `ocrgate clusters`: group pending changes by edit across issues; accept or
//! reject a whole group.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Accept the cluster with this number (as listed).
    #[arg(long, conflicts_with = "reject")]
    accept: Option<usize>,
    /// Reject the cluster with this number (as listed).
    #[arg(long)]
    reject: Option<usize>,
    /// How many clusters to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: Store,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        accept,
        reject,
        top,
        json,
        store,
    } = args;
    let root = store.root()?;
    let _lock =
        ocrgate::snapshot::lock::StoreLock::acquire(&root, ocrgate::snapshot::lock::wait_time())?;
    let reviews = ocrgate::snapshot::cluster::pending_reviews(&root)?;
    let clusters = ocrgate::snapshot::cluster::clusters(&reviews);
    if let Some(k) = accept.or(reject) {
        let c = clusters.iter().find(|c| c.id == k).ok_or_else(|| {
            Error::Usage(format!("no cluster {k}; `ocrgate clusters` lists them"))
        })?;
        let s = ocrgate::snapshot::cluster::settle(&root, &reviews, c, accept.is_some())?;
        outln!(
            "{} cluster {c}: {} issue{} rewritten, {} settled",
            if accept.is_some() {
                "accepted"
            } else {
                "rejected"
            },
            s.touched.len(),
            if s.touched.len() == 1 { "" } else { "s" },
            s.resolved.len()
        );
        return Ok(0);
    }
    if json {
        let text = serde_json::to_string_pretty(&clusters)
            .map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
        outln!("{text}");
    } else if clusters.is_empty() {
        outln!("no edits pending");
    } else {
        outln!("   #  edit (old → new)   occurrences");
        for c in clusters.iter().take(top) {
            outln!("{c}");
        }
        if clusters.len() > top {
            outln!("… and {} more (--top N)", clusters.len() - top);
        }
        outln!("accept or reject one: ocrgate clusters --accept N | --reject N");
    }
    Ok(0)
}
