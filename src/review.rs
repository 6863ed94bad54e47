//! `ocrgate review`: the interactive walk through pending snapshots, one
//! issue at a time, with one key per decision.
//!
//! ```text
//! [a] accept  [r] reject  [s] skip   [A] accept all  [R] reject all  [S] skip all
//! [d] diff on/off  [i] info on/off  [q] quit
//! ```
//!
//! Decisions are applied at once (atomic renames and deletes) under the
//! store lock, so quitting half way loses nothing.

use crate::error::{Error, Result};
use crate::snapshot::cluster::pending_reviews;
use crate::snapshot::diff::Style2;
use crate::snapshot::{self, SnapshotPath};
use console::{Key, Term};
use std::path::Path;

/// What the reviewer decided.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub accepted: Vec<String>,
    pub rejected: Vec<String>,
    pub skipped: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum All {
    Ask,
    Accept,
    Reject,
    Skip,
}

const KEYS: &str = "[a] accept  [r] reject  [s] skip   [A] accept all  [R] reject all  [S] skip all\n[d] diff on/off  [i] info on/off  [q] quit";

/// Walks through every pending snapshot under `root` on the terminal.
pub fn run(root: &Path, term: &Term, fold_trivial: bool) -> Result<Tally> {
    if !term.is_term() {
        return Err(Error::Usage(
            "review needs a terminal; without one use `ocrgate pending`, `ocrgate show ISSUE`, `ocrgate accept` and `ocrgate reject`".into(),
        ));
    }
    let _lock = snapshot::lock::StoreLock::acquire(root, crate::snapshot::lock::wait_time())?;
    let reviews = pending_reviews(root)?;
    let color = console::colors_enabled();
    let style = Style2 {
        color,
        fold_trivial,
        context: 2,
    };
    let io = |e: std::io::Error| Error::io(root, e);
    let mut tally = Tally::default();
    let mut all = All::Ask;
    let (mut show_diff, mut show_info) = (true, false);
    let n = reviews.len();
    if n == 0 {
        term.write_line("nothing pending").map_err(io)?;
        return Ok(tally);
    }
    let mut k = 0;
    while k < n {
        let r = &reviews[k];
        let decision = match all {
            All::Ask => {
                term.clear_screen().map_err(io)?;
                let mut screen =
                    format!("Reviewing [{}/{n}] {}\n{}\n", k + 1, r.issue, r.summary());
                if show_info {
                    let p = SnapshotPath::new(root, &r.issue);
                    screen.push_str(&format!(
                        "accepted: {}\npending:  {}\n",
                        p.accepted.display(),
                        p.pending.display()
                    ));
                }
                if show_diff {
                    screen.push('\n');
                    screen.push_str(&r.render(style));
                }
                screen.push('\n');
                screen.push_str(KEYS);
                term.write_line(&screen).map_err(io)?;
                match term.read_key().map_err(io)? {
                    Key::Char('a') => 'a',
                    Key::Char('r') => 'r',
                    Key::Char('s') | Key::Enter => 's',
                    Key::Char('A') => {
                        all = All::Accept;
                        'a'
                    }
                    Key::Char('R') => {
                        all = All::Reject;
                        'r'
                    }
                    Key::Char('S') => {
                        all = All::Skip;
                        's'
                    }
                    Key::Char('d') => {
                        show_diff = !show_diff;
                        continue;
                    }
                    Key::Char('i') => {
                        show_info = !show_info;
                        continue;
                    }
                    Key::Char('q') | Key::Escape => {
                        all = All::Skip;
                        's'
                    }
                    _ => continue,
                }
            }
            All::Accept => 'a',
            All::Reject => 'r',
            All::Skip => 's',
        };
        let id = vec![r.issue.clone()];
        match decision {
            'a' => {
                let accepted = snapshot::accept(root, &id)?;
                tally.accepted.extend(accepted.done);
                for (_, e) in &accepted.refused {
                    term.write_line(&format!("not accepted: {e}")).map_err(io)?;
                    tally.skipped.push(r.issue.clone());
                }
            }
            'r' => tally.rejected.extend(snapshot::reject(root, &id)?),
            _ => tally.skipped.push(r.issue.clone()),
        }
        k += 1;
    }
    term.write_line(&format!(
        "review done: {} accepted, {} rejected, {} skipped",
        tally.accepted.len(),
        tally.rejected.len(),
        tally.skipped.len()
    ))
    .map_err(io)?;
    Ok(tally)
}
