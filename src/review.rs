//! `ocrgate review`: the interactive walk through pending snapshots, one
//! issue at a time, with one key per decision.
//!
//! ```text
//! [a] accept  [r] reject  [s] skip   [A] accept all  [R] reject all  [S] skip all
//! [d] diff on/off  [i] info on/off  [q] quit
//! ```
//!
//! A diff longer than the screen is shown a page at a time (`space`, `b`;
//! `p` opens it whole in `$PAGER`), and every page's prompt names the issue.
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

/// Walks through the pending snapshots under `root` on the terminal: those
/// of the issues in `only`, or every one when it is empty.
pub fn run(root: &Path, term: &Term, fold_trivial: bool, only: &[String]) -> Result<Tally> {
    if !term.is_term() {
        return Err(Error::Usage(
            "review needs a terminal; without one use `ocrgate pending`, `ocrgate show ISSUE`, `ocrgate accept` and `ocrgate reject`".into(),
        ));
    }
    let _lock = snapshot::lock::StoreLock::acquire(root, crate::snapshot::lock::wait_time())?;
    let mut reviews = pending_reviews(root)?;
    reviews.retain(|r| only.is_empty() || only.contains(&r.issue));
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
    // The first line of the issue's text on screen: a long diff is shown a
    // page at a time, with the issue's name on the prompt of every page.
    let mut offset = 0;
    let mut shown = usize::MAX;
    while k < n {
        let r = &reviews[k];
        if shown != k {
            (shown, offset) = (k, 0);
        }
        let decision = match all {
            All::Ask => {
                term.clear_screen().map_err(io)?;
                let mut screen = format!("{}\n", r.summary());
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
                let lines: Vec<&str> = screen.lines().collect();
                let page = page_height(term);
                offset = offset.min(lines.len().saturating_sub(1));
                let end = (offset + page).min(lines.len());
                let mut view = format!("Reviewing [{}/{n}] {}\n", k + 1, r.issue);
                view.push_str(&lines[offset..end].join("\n"));
                view.push('\n');
                let paged = lines.len() > page;
                if paged {
                    view.push_str(&format!(
                        "── {} · lines {}–{end} of {} · [space] next page  [b] previous page  [p] all in $PAGER ──\n",
                        r.issue,
                        offset + 1,
                        lines.len()
                    ));
                } else {
                    view.push_str(&format!("── {} ──\n", r.issue));
                }
                view.push_str(KEYS);
                term.write_line(&view).map_err(io)?;
                match term.read_key().map_err(io)? {
                    Key::Char(' ') | Key::PageDown if paged => {
                        if end < lines.len() {
                            offset = end;
                        }
                        continue;
                    }
                    Key::Char('b') | Key::PageUp if paged => {
                        offset = offset.saturating_sub(page);
                        continue;
                    }
                    Key::Char('p') => {
                        if let Err(e) = in_pager(&screen) {
                            term.write_line(&format!("no pager: {e}")).map_err(io)?;
                            let _ = term.read_key();
                        }
                        continue;
                    }
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

/// Lines of an issue's text that fit on one screen with the header, the
/// page line and the keys (a terminal that does not say its size gets 24).
fn page_height(term: &Term) -> usize {
    let (rows, _) = term.size_checked().unwrap_or((24, 80));
    let rows = if rows < 10 { 24 } else { rows as usize };
    rows - 5
}

/// Shows `text` in the user's pager (`$PAGER`, else `less -R`), waiting
/// for it to close.
fn in_pager(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -R".to_string());
    let mut child = std::process::Command::new("sh")
        .args(["-c", &pager])
        .stdin(std::process::Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit early closes its input: not an error here.
        let _ = stdin.write_all(text.as_bytes());
    }
    child.wait().map(|_| ())
}
