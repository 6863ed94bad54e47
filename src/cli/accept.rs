//! `ocrgate accept`: accept pending snapshots (`.snap.new` → `.snap`).

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// Issues to accept, e.g. `liaocheng-daily/2022-07-05`.
    issues: Vec<String>,
    /// Accept every pending snapshot.
    #[arg(long, conflicts_with = "issues")]
    all: bool,
    /// The corpus folder, to find the snapshot folder (default: found from the
    /// working folder, as cargo finds Cargo.toml).
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    #[arg(long)]
    snapshots: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        issues,
        all,
        corpus,
        snapshots,
    } = args;
    if issues.is_empty() && !all {
        return Err(Error::Usage(
            "name the issues to accept, or pass --all".into(),
        ));
    }
    let root = match snapshots {
        Some(s) => s,
        None => {
            let corpus = ocrgate::locate::corpus_root(corpus.as_deref(), "accept")?;
            ocrgate::corpus::Corpus::discover(&corpus)?.snapshot_root(None)
        }
    };
    let _lock =
        ocrgate::snapshot::lock::StoreLock::acquire(&root, ocrgate::snapshot::lock::wait_time())?;
    let named = !issues.is_empty();
    let issues = issue_ids(&root, &issues)?;
    // Every name settled already: an empty list would mean `--all`.
    if named && issues.is_empty() {
        return Ok(0);
    }
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
