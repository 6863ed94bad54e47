//! Look-alike misreads found by the language, not by a list (部暑 for 部署).
//!
//! A character the segmenter leaves on its own (no dictionary word takes
//! it) is tried against the characters that look like it, from the
//! generated glyph table ([`crate::text::confusables`]). A swap is reported
//! when it makes a dictionary word with a neighbour and the text around it
//! becomes far likelier under the dictionary's word model: the gain, in
//! natural log units, must reach `min_gain`, and the glyphs must be at
//! least `min_similarity` alike. Both defaults are set for precision (a
//! reviewer's time is the cost of a false alarm); lowering them finds more
//! misreads and more false alarms (see docs/checks.md for the measured
//! trade-off). A finding below `warn_gain` (by default the same as
//! `min_gain`, so none) is info rather than the rule's severity: lowering
//! `min_gain` alone adds the weaker cases as info, for a reviewer who
//! wants them, without diluting the warnings. Staff names and the publication's `expect.vocabulary` are
//! never read as misreads.

use super::{Ctx, Hit};
use crate::text::misread::Swap;

const RULE: &str = "char.suspect";

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    if !ctx.enabled(RULE) {
        return;
    }
    let min_gain = ctx.settings.param(RULE, "min_gain");
    let warn_gain = ctx.settings.param(RULE, "warn_gain");
    let min_similarity = ctx.settings.param(RULE, "min_similarity") as f32;
    let protected: Vec<Vec<char>> = ctx
        .expect
        .roster
        .iter()
        .chain(&ctx.expect.vocabulary)
        .map(|w| w.chars().collect())
        .filter(|w: &Vec<char>| !w.is_empty())
        .collect();
    for a in ctx.articles {
        let mut parts = a.parts.clone();
        parts.sort();
        for r in parts {
            let suspects = ctx.suspects(r);
            if suspects.is_empty() {
                continue;
            }
            let chars = &ctx.para(r).chars;
            let guarded = covered_by(chars, &protected);
            for suspect in suspects {
                if guarded[suspect.at] {
                    continue;
                }
                if let Some(s) = suspect.best(min_similarity) {
                    if s.gain >= min_gain {
                        let mut hit = hit(ctx, r, chars, suspect.at, s);
                        if let Some(d) = hit.detail.as_mut() {
                            d.tentative = s.gain < warn_gain;
                        }
                        out.push(hit);
                    }
                }
            }
        }
    }
}

/// Which characters of `chars` an occurrence of a protected word covers.
fn covered_by(chars: &[char], words: &[Vec<char>]) -> Vec<bool> {
    let mut covered = vec![false; chars.len()];
    for w in words {
        for (i, piece) in chars.windows(w.len()).enumerate() {
            if piece == w.as_slice() {
                covered[i..i + w.len()].iter_mut().for_each(|c| *c = true);
            }
        }
    }
    covered
}

fn hit(ctx: &Ctx, r: crate::parse::ParaRef, chars: &[char], at: usize, s: &Swap) -> Hit {
    let seen = chars[at];
    // How many times likelier the text reads with the swap, as a power of ten.
    let ratio = (s.gain / std::f64::consts::LN_10).floor() as i64;
    ctx.para_hit(
        RULE,
        r,
        at,
        at + 1,
        format!(
            "`{seen}` may be a misread `{}` (reads as `{}`; glyphs {:.0}% alike, 10^{ratio} times likelier)",
            s.ch,
            s.word,
            s.similarity * 100.0,
        ),
        Some(format!("check the image; if it shows `{}`, write it", s.ch)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// By default every finding has the rule's severity; with `min_gain`
    /// lowered below `warn_gain`, the weaker ones are info.
    #[test]
    fn weaker_evidence_is_info() {
        use crate::ruledocs::examples::run;
        use crate::validate::registry::Example;
        use crate::validate::Severity;
        let page = "我市培育乡村电商人才\n\n本报讯（记者 曹天伟）市里举办了农村电商塔训班，学员们表示收获很大。\n";
        let severities = |config: &'static str| -> Vec<Severity> {
            run(&Example { page, config })
                .expect("example runs")
                .into_iter()
                .filter(|f| f.rule == RULE)
                .map(|f| f.severity)
                .collect()
        };
        assert_eq!(severities(""), vec![Severity::Warning]);
        assert_eq!(
            severities("checks:\n  char.suspect:\n    min_gain: 6\n    warn_gain: 1000\n"),
            vec![Severity::Info]
        );
        assert_eq!(
            severities("checks:\n  char.suspect:\n    min_gain: 6\n    warn_gain: 12\n"),
            vec![Severity::Warning]
        );
        // Grouped (above `group_above` hits), weak evidence stays info.
        assert_eq!(
            severities(
                "checks:\n  char.suspect:\n    min_gain: 6\n    warn_gain: 1000\n    group_above: 0\n"
            ),
            vec![Severity::Info]
        );
    }

    #[test]
    fn protected_words_cover_their_characters() {
        let text = chars("记者王未明报道");
        let covered = covered_by(&text, &[chars("王未明")]);
        assert_eq!(covered, vec![false, false, true, true, true, false, false]);
    }
}
