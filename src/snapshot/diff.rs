//! Line diffs of snapshot text with the changed characters marked inside a
//! changed line.
//!
//! Lines are diffed with `similar`; a replaced run of lines is paired line
//! by line, and each pair is diffed again by character — Chinese has no
//! spaces, so marking whole words would light up the whole line. A pair that
//! shares less than half its characters is shown as one line removed and
//! one added. Rendering has two styles: ANSI colour, and plain markers
//! (`[-old-]{+new+}`) for pipes and `NO_COLOR`.

use anstyle::{AnsiColor, Effects, Style};
use similar::{Algorithm, DiffOp};

/// A piece of a changed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Same(String),
    Edit { old: String, new: String },
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineChange {
    Context {
        old: usize,
        new: usize,
        text: String,
    },
    Removed {
        old: usize,
        text: String,
    },
    Added {
        new: usize,
        text: String,
    },
    Changed {
        old: usize,
        new: usize,
        segs: Vec<Seg>,
    },
}

impl LineChange {
    /// The line as it was (`None` for an added line).
    pub fn old_text(&self) -> Option<String> {
        match self {
            LineChange::Context { text, .. } | LineChange::Removed { text, .. } => {
                Some(text.clone())
            }
            LineChange::Added { .. } => None,
            LineChange::Changed { segs, .. } => Some(
                segs.iter()
                    .map(|s| match s {
                        Seg::Same(t) => t.as_str(),
                        Seg::Edit { old, .. } => old.as_str(),
                    })
                    .collect(),
            ),
        }
    }

    /// The line as it is now (`None` for a removed line).
    pub fn new_text(&self) -> Option<String> {
        match self {
            LineChange::Context { text, .. } | LineChange::Added { text, .. } => Some(text.clone()),
            LineChange::Removed { .. } => None,
            LineChange::Changed { segs, .. } => Some(
                segs.iter()
                    .map(|s| match s {
                        Seg::Same(t) => t.as_str(),
                        Seg::Edit { new, .. } => new.as_str(),
                    })
                    .collect(),
            ),
        }
    }

    pub fn is_context(&self) -> bool {
        matches!(self, LineChange::Context { .. })
    }
}

/// Tokens for the inline diff: a run of ASCII letters and digits (a
/// number or a Latin word is marked whole: `[-47-]{+62+}`, not digit by
/// digit), or any single other character (each Chinese character alone).
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let word = c.is_ascii_alphanumeric() || (c == '.' && start.is_some());
        match (word, start) {
            (true, None) => start = Some(i),
            (true, Some(_)) => {}
            (false, Some(st)) => {
                out.push(&s[st..i]);
                start = None;
                out.push(&s[i..i + c.len_utf8()]);
            }
            (false, None) => out.push(&s[i..i + c.len_utf8()]),
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// Segments of a changed line; `None` when the lines have too little in
/// common to be called one line changed.
pub fn char_segments(old: &str, new: &str) -> Option<Vec<Seg>> {
    let a = tokens(old);
    let b = tokens(new);
    let ops = similar::capture_diff_slices(Algorithm::Myers, &a, &b);
    let mut segs: Vec<Seg> = Vec::new();
    let mut same = 0usize;
    let push_edit = |segs: &mut Vec<Seg>, o: String, n: String| {
        if let Some(Seg::Edit { old, new }) = segs.last_mut() {
            old.push_str(&o);
            new.push_str(&n);
        } else {
            segs.push(Seg::Edit { old: o, new: n });
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                let t: String = a[old_index..old_index + len].concat();
                same += t.chars().count();
                segs.push(Seg::Same(t));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push_edit(
                &mut segs,
                a[old_index..old_index + old_len].concat(),
                String::new(),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push_edit(
                &mut segs,
                String::new(),
                b[new_index..new_index + new_len].concat(),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => push_edit(
                &mut segs,
                a[old_index..old_index + old_len].concat(),
                b[new_index..new_index + new_len].concat(),
            ),
        }
    }
    let longest = old.chars().count().max(new.chars().count()).max(1);
    (same * 2 >= longest).then_some(segs)
}

/// All line changes between two texts, with line numbers offset by
/// `old_base`/`new_base` (0 for a whole file).
pub fn line_changes(old: &str, new: &str, old_base: usize, new_base: usize) -> Vec<LineChange> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = similar::capture_diff_slices(Algorithm::Patience, &a, &b);
    let mut out = Vec::new();
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    out.push(LineChange::Context {
                        old: old_base + old_index + k + 1,
                        new: new_base + new_index + k + 1,
                        text: a[old_index + k].to_string(),
                    });
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for k in 0..old_len {
                    out.push(LineChange::Removed {
                        old: old_base + old_index + k + 1,
                        text: a[old_index + k].to_string(),
                    });
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for k in 0..new_len {
                    out.push(LineChange::Added {
                        new: new_base + new_index + k + 1,
                        text: b[new_index + k].to_string(),
                    });
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                let mut removed = Vec::new();
                let mut added = Vec::new();
                for k in 0..paired {
                    let (o, n) = (a[old_index + k], b[new_index + k]);
                    match char_segments(o, n) {
                        Some(segs) => out.push(LineChange::Changed {
                            old: old_base + old_index + k + 1,
                            new: new_base + new_index + k + 1,
                            segs,
                        }),
                        None => {
                            removed.push(LineChange::Removed {
                                old: old_base + old_index + k + 1,
                                text: o.to_string(),
                            });
                            added.push(LineChange::Added {
                                new: new_base + new_index + k + 1,
                                text: n.to_string(),
                            });
                        }
                    }
                }
                for k in paired..old_len {
                    removed.push(LineChange::Removed {
                        old: old_base + old_index + k + 1,
                        text: a[old_index + k].to_string(),
                    });
                }
                for k in paired..new_len {
                    added.push(LineChange::Added {
                        new: new_base + new_index + k + 1,
                        text: b[new_index + k].to_string(),
                    });
                }
                out.extend(removed);
                out.extend(added);
            }
        }
    }
    out
}

/// Folds what a reader may not care about: whitespace, and the width of
/// punctuation and quote shape (`，` = `,`, `“` = `"`).
pub fn fold_trivial(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '“' | '”' | '„' => '"',
            '‘' | '’' => '\'',
            '。' => '.',
            '、' => ',',
            c => c,
        })
        .collect()
}

/// Whether a changed line differs only in whitespace or punctuation width.
pub fn is_trivial(change: &LineChange) -> bool {
    match change {
        LineChange::Changed { segs, .. } => segs.iter().all(|s| match s {
            Seg::Same(_) => true,
            Seg::Edit { old, new } => fold_trivial(old) == fold_trivial(new),
        }),
        _ => false,
    }
}

/// How to draw a diff.
#[derive(Debug, Clone, Copy)]
pub struct Style2 {
    pub color: bool,
    pub fold_trivial: bool,
    pub context: usize,
}

fn paint(on: bool, style: Style, text: &str) -> String {
    if on {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

/// Draws line changes: hunks of changes with `context` lines around them.
pub fn render(changes: &[LineChange], opts: Style2) -> String {
    let red = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let del = red.effects(Effects::STRIKETHROUGH);
    let ins = green.effects(Effects::UNDERLINE);
    let dim = Style::new().effects(Effects::DIMMED);
    let cyan = Style::new().fg_color(Some(AnsiColor::Cyan.into()));
    let shown: Vec<bool> = changes
        .iter()
        .map(|c| !(c.is_context() || opts.fold_trivial && is_trivial(c)))
        .collect();
    let folded = changes
        .iter()
        .filter(|c| opts.fold_trivial && is_trivial(c))
        .count();
    // Lines within `context` of a shown change.
    let mut keep = vec![false; changes.len()];
    for (i, &s) in shown.iter().enumerate() {
        if s {
            let lo = i.saturating_sub(opts.context);
            let hi = (i + opts.context + 1).min(changes.len());
            keep[lo..hi].iter_mut().for_each(|k| *k = true);
        }
    }
    let mut out = String::new();
    let mut last: Option<usize> = None;
    for (i, c) in changes.iter().enumerate() {
        if !keep[i] || (!shown[i] && !c.is_context()) {
            continue;
        }
        if last.is_some_and(|l| i > l + 1) {
            out.push_str(&paint(opts.color, cyan, "      ⋮\n"));
        }
        last = Some(i);
        let num = |n: Option<usize>| n.map_or("     ".to_string(), |n| format!("{n:>5}"));
        match c {
            LineChange::Context { old, new, text } => {
                out.push_str(&paint(
                    opts.color,
                    dim,
                    &format!("{} {} │   {text}", num(Some(*old)), num(Some(*new))),
                ));
            }
            LineChange::Removed { old, text } => {
                out.push_str(&format!(
                    "{} {} │ {}",
                    num(Some(*old)),
                    num(None),
                    paint(opts.color, red, &format!("- {text}"))
                ));
            }
            LineChange::Added { new, text } => {
                out.push_str(&format!(
                    "{} {} │ {}",
                    num(None),
                    num(Some(*new)),
                    paint(opts.color, green, &format!("+ {text}"))
                ));
            }
            LineChange::Changed { old, new, segs } => {
                let mut line = String::new();
                for s in segs {
                    match s {
                        Seg::Same(t) => line.push_str(t),
                        Seg::Edit { old, new } => {
                            if opts.color {
                                line.push_str(&paint(true, del, old));
                                line.push_str(&paint(true, ins, new));
                            } else {
                                if !old.is_empty() {
                                    line.push_str(&format!("[-{old}-]"));
                                }
                                if !new.is_empty() {
                                    line.push_str(&format!("{{+{new}+}}"));
                                }
                            }
                        }
                    }
                }
                out.push_str(&format!(
                    "{} {} │ ~ {line}",
                    num(Some(*old)),
                    num(Some(*new))
                ));
            }
        }
        out.push('\n');
    }
    if folded > 0 {
        out.push_str(&format!(
            "      ({folded} line{} differ only in whitespace or punctuation width, folded)\n",
            if folded == 1 { "" } else { "s" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> Style2 {
        Style2 {
            color: false,
            fold_trivial: false,
            context: 1,
        }
    }

    #[test]
    fn marks_changed_characters_inside_a_chinese_line() {
        let changes = line_changes(
            "标题\n孟庆印笑呵呵地说\n尾",
            "标题\n备庆印笑呵呵地说\n尾",
            0,
            0,
        );
        let text = render(&changes, plain());
        assert!(
            text.contains("    2     2 │ ~ [-孟-]{+备+}庆印笑呵呵地说"),
            "{text}"
        );
        assert!(text.contains("    1     1 │   标题"), "{text}");
    }

    #[test]
    fn numbers_and_latin_words_are_marked_whole() {
        let changes = line_changes("  chars: 6276\n", "  chars: 6532\n", 0, 0);
        let text = render(&changes, plain());
        assert!(text.contains("~   chars: [-6276-]{+6532+}"), "{text}");
    }

    #[test]
    fn unrelated_lines_are_removed_and_added() {
        let changes = line_changes("甲乙丙丁\n", "子丑寅卯\n", 0, 0);
        let text = render(&changes, plain());
        assert!(
            text.contains("- 甲乙丙丁") && text.contains("+ 子丑寅卯"),
            "{text}"
        );
    }

    #[test]
    fn trivial_changes_fold() {
        let changes = line_changes("他说:好\n改了字\n", "他说：好\n改了子\n", 0, 0);
        let opts = Style2 {
            fold_trivial: true,
            ..plain()
        };
        let text = render(&changes, opts);
        assert!(!text.contains("他说"), "{text}");
        assert!(text.contains("[-字-]{+子+}"), "{text}");
        assert!(
            text.contains("1 line differ only in whitespace or punctuation width"),
            "{text}"
        );
    }
}
