//! `ocrgate show`: show what one pending snapshot changes, article by article.

use super::*;

#[derive(clap::Args)]
pub struct Args {
    /// The issue, e.g. `liaocheng-daily/2022-07-05`; or a publication or a glob over
    /// ids (`'liaocheng-daily/2022-*'`): every pending snapshot it matches, in turn.
    issue: String,
    /// Fold lines that differ only in whitespace or punctuation width.
    #[arg(long)]
    fold_trivial: bool,
    #[command(flatten)]
    store: Store,
}

pub fn run(args: Args) -> Result<u8, Error> {
    let Args {
        issue,
        fold_trivial,
        store,
    } = args;
    let root = store.root()?;
    if is_selection(&issue) {
        let ids = issue_ids(&root, std::slice::from_ref(&issue))?;
        let mut out = anstream::stdout();
        for id in ids {
            let paths = ocrgate::snapshot::SnapshotPath::new(&root, &id);
            let r = ocrgate::snapshot::review::review(&id, &paths)?;
            let _ = writeln!(
                out,
                "{}\n\n{}",
                r.summary(),
                r.render(diff_style(fold_trivial))
            );
        }
        return Ok(0);
    }
    let id = ocrgate::snapshot::issue_id_arg(&issue)?;
    let paths = ocrgate::snapshot::SnapshotPath::new(&root, &id);
    if !paths.pending.exists() {
        // Say what there is to show instead.
        let pending: Vec<String> = ocrgate::snapshot::pending_files(&root)?
            .iter()
            .map(|p| visible(&ocrgate::snapshot::issue_id_of(&root, p)).into_owned())
            .collect();
        const SHOWN: usize = 10;
        return Err(Error::Usage(match pending.len() {
            0 => format!(
                "nothing is pending for {id}, nor for any other issue in {}",
                root.display()
            ),
            n => format!(
                "nothing is pending for {id}; pending: {}{}",
                pending[..n.min(SHOWN)].join(", "),
                if n > SHOWN {
                    format!(" and {} more (`ocrgate pending` lists them)", n - SHOWN)
                } else {
                    String::new()
                }
            ),
        }));
    }
    let r = ocrgate::snapshot::review::review(&id, &paths)?;
    let mut out = anstream::stdout();
    let _ = writeln!(
        out,
        "{}\n\n{}",
        r.summary(),
        r.render(diff_style(fold_trivial))
    );
    Ok(0)
}
