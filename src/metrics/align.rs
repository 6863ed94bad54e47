//! Aligning ground truth and OCR: which grapheme became which.
//!
//! Anchored, so long pages stay near-linear: equal lines are matched first
//! (a line diff with `similar`), and only the changed blocks between them
//! are aligned character by character — exactly, by dynamic programming,
//! when the block is small; by a Myers diff with a deadline when it is not
//! (a page whose columns were read across). The alignment gives the
//! substitutions, insertions and deletions (the confusions) and an upper
//! bound of the edit distance, which lets the exact bit-parallel distance
//! run in a narrow band.

use similar::{Algorithm, DiffOp};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

/// Blocks up to this many DP cells are aligned exactly (1 byte per cell).
const DP_CELLS: usize = 1 << 21;
/// Time allowed for the character diff of one oversized block.
const BLOCK_DEADLINE: Duration = Duration::from_millis(100);

/// Marks "nothing" on one side of a confusion (an insertion or deletion).
pub const NONE: u32 = u32::MAX;

/// The outcome of an alignment.
#[derive(Debug, Default)]
pub struct Alignment {
    /// Cost of the edit script found: at least the edit distance.
    pub cost: usize,
    /// (ground-truth id, OCR id) → count; `NONE` for a missing side.
    pub confusions: HashMap<(u32, u32), usize>,
}

impl Alignment {
    fn sub(&mut self, a: u32, b: u32) {
        self.cost += 1;
        *self.confusions.entry((a, b)).or_default() += 1;
    }
}

fn line_hashes(ids: &[u32], newline: u32) -> (Vec<u64>, Vec<(usize, usize)>) {
    let mut hashes = Vec::new();
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &id) in ids.iter().enumerate() {
        if id == newline {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < ids.len() || ids.is_empty() {
        spans.push((start, ids.len()));
    }
    for &(s, e) in &spans {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        ids[s..e].hash(&mut h);
        hashes.push(h.finish());
    }
    (hashes, spans)
}

/// Aligns two grapheme-id sequences; `newline` is the id of `\n`.
pub fn align(gt: &[u32], ocr: &[u32], newline: u32) -> Alignment {
    let mut out = Alignment::default();
    let (ha, sa) = line_hashes(gt, newline);
    let (hb, sb) = line_hashes(ocr, newline);
    let ops = similar::capture_diff_slices(Algorithm::Myers, &ha, &hb);
    let range = |spans: &[(usize, usize)], from: usize, len: usize| -> (usize, usize) {
        if len == 0 {
            let at = spans
                .get(from)
                .map_or_else(|| spans.last().map_or(0, |s| s.1), |s| s.0);
            (at, at)
        } else {
            (spans[from].0, spans[from + len - 1].1)
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                let (s, e) = range(&sa, old_index, old_len);
                for &a in &gt[s..e] {
                    out.sub(a, NONE);
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                let (s, e) = range(&sb, new_index, new_len);
                for &b in &ocr[s..e] {
                    out.sub(NONE, b);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let (s1, e1) = range(&sa, old_index, old_len);
                let (s2, e2) = range(&sb, new_index, new_len);
                block(&gt[s1..e1], &ocr[s2..e2], &mut out);
            }
        }
    }
    out
}

/// Aligns one changed block.
fn block(a: &[u32], b: &[u32], out: &mut Alignment) {
    if a.len().saturating_mul(b.len()) <= DP_CELLS {
        return exact(a, b, out);
    }
    let deadline = Instant::now() + BLOCK_DEADLINE;
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(deadline));
    for op in ops {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for &x in &a[old_index..old_index + old_len] {
                    out.sub(x, NONE);
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for &y in &b[new_index..new_index + new_len] {
                    out.sub(NONE, y);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let (x, y) = (
                    &a[old_index..old_index + old_len],
                    &b[new_index..new_index + new_len],
                );
                if x.len().saturating_mul(y.len()) <= DP_CELLS {
                    exact(x, y, out);
                } else {
                    // Pair position by position; the rest is inserted or deleted.
                    let n = x.len().min(y.len());
                    for k in 0..n {
                        out.sub(x[k], y[k]);
                    }
                    for &p in &x[n..] {
                        out.sub(p, NONE);
                    }
                    for &q in &y[n..] {
                        out.sub(NONE, q);
                    }
                }
            }
        }
    }
}

/// Optimal alignment of a small block: Wagner–Fischer with a backtrace.
fn exact(a: &[u32], b: &[u32], out: &mut Alignment) {
    let (n, m) = (a.len(), b.len());
    if n == 0 {
        b.iter().for_each(|&y| out.sub(NONE, y));
        return;
    }
    if m == 0 {
        a.iter().for_each(|&x| out.sub(x, NONE));
        return;
    }
    // 0 = diagonal, 1 = up (delete from a), 2 = left (insert from b).
    let mut dir = vec![0u8; (n + 1) * (m + 1)];
    let mut prev: Vec<u32> = (0..=m as u32).collect();
    let mut cur = vec![0u32; m + 1];
    dir[1..=m].fill(2);
    for i in 1..=n {
        cur[0] = i as u32;
        dir[i * (m + 1)] = 1;
        for j in 1..=m {
            let diag = prev[j - 1] + u32::from(a[i - 1] != b[j - 1]);
            let up = prev[j] + 1;
            let left = cur[j - 1] + 1;
            let (best, d) = if diag <= up && diag <= left {
                (diag, 0)
            } else if up <= left {
                (up, 1)
            } else {
                (left, 2)
            };
            cur[j] = best;
            dir[i * (m + 1) + j] = d;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        match dir[i * (m + 1) + j] {
            0 if i > 0 && j > 0 => {
                if a[i - 1] != b[j - 1] {
                    out.sub(a[i - 1], b[j - 1]);
                }
                i -= 1;
                j -= 1;
            }
            1 if i > 0 => {
                out.sub(a[i - 1], NONE);
                i -= 1;
            }
            _ => {
                out.sub(NONE, b[j - 1]);
                j -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &str) -> Vec<u32> {
        s.chars().map(|c| c as u32).collect()
    }

    #[test]
    fn finds_substitutions_insertions_deletions() {
        let al = align(&ids("Fnord\nabc"), &ids("Food\nabc"), '\n' as u32);
        assert_eq!(al.cost, 2);
        let al = align(&ids("孟庆印说\n好"), &ids("备庆印说\n好"), '\n' as u32);
        assert_eq!(al.confusions.get(&('孟' as u32, '备' as u32)), Some(&1));
        let al = align(&ids("abc"), &ids(""), '\n' as u32);
        assert_eq!(al.cost, 3);
    }
}
