//! Numbers: split by a stray space, letters read for digits, implausible
//! values, mixed digit widths.

use super::{Ctx, Hit};
use crate::parse::ParaRef;
use crate::values::numbers::{lookalike_digit, Number};

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    let rules = &ctx.rules.profile.validation;
    let max_percent = ctx.settings.param("number.implausible", "max_percent");
    // Article text, and page furniture (volume and number lines).
    let mut refs: Vec<ParaRef> = ctx
        .articles
        .iter()
        .flat_map(|a| a.parts.iter().copied())
        .collect();
    for (page, furniture) in ctx.furniture.iter().enumerate() {
        refs.extend(furniture.iter().map(|&para| ParaRef { page, para }));
    }
    refs.sort();
    refs.dedup();
    {
        for r in refs {
            let Some(values) = ctx.values.get(&r) else {
                continue;
            };
            let text = &ctx.para(r).chars;
            for n in &values.numbers {
                if ctx.enabled("number.split") && ctx.literal_whitespace(r.page) {
                    // Most numbers map onto the raw line one for one: their
                    // raw text is their own, rebuilt only if it has a space.
                    let may_be_spaced = !ctx.para(r).maps_one_to_one(n.start, n.end)
                        || text
                            .get(n.start..n.end)
                            .is_none_or(|s| s.iter().any(|c| c.is_whitespace()));
                    // A printed line that ends inside a number (`达4` /
                    // `亿元`) is typesetting; only a space the OCR put
                    // inside a line splits it.
                    let raw = may_be_spaced
                        .then(|| ctx.raw_in_lines(r, n.start, n.end))
                        .filter(|raw| raw.chars().any(char::is_whitespace));
                    if let Some(raw) = raw {
                        out.push(ctx.para_hit(
                            "number.split",
                            r,
                            n.start,
                            n.end,
                            format!("`{raw}` is one number split by a space"),
                            Some(format!("write `{}`", n.text)),
                        ));
                    }
                }
                if ctx.enabled("number.lookalike") && n.unit.as_deref() == Some("roman") {
                    if let Some(at) = n.lookalike {
                        let fixed: String = n
                            .text
                            .chars()
                            .map(|c| if c == '1' || c == 'l' { 'I' } else { c })
                            .collect();
                        out.push(ctx.para_hit(
                            "number.lookalike",
                            r,
                            n.start,
                            n.end,
                            format!("`{}` in the Roman numeral `{}`", text[at], n.text),
                            Some(format!("write `{fixed}`")),
                        ));
                    }
                } else if ctx.enabled("number.lookalike") {
                    if let Some(at) = n.lookalike {
                        let fixed: String = n
                            .text
                            .chars()
                            .enumerate()
                            .map(|(i, c)| match lookalike_digit(c) {
                                Some(d) if i + n.start >= at && is_in_digits(n, i) => {
                                    char::from_digit(d, 10).unwrap()
                                }
                                _ => c,
                            })
                            .collect();
                        out.push(ctx.para_hit(
                            "number.lookalike",
                            r,
                            n.start,
                            n.end,
                            format!("letter `{}` inside the number `{}`", text[at], n.text),
                            Some(format!("write `{fixed}`")),
                        ));
                    }
                }
                if ctx.enabled("number.mixed-width") && n.mixed_width {
                    let ascii: String = n
                        .text
                        .chars()
                        .map(|c| match c {
                            '０'..='９' => {
                                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap()
                            }
                            '．' => '.',
                            _ => c,
                        })
                        .collect();
                    out.push(ctx.para_hit(
                        "number.mixed-width",
                        r,
                        n.start,
                        n.end,
                        format!(
                            "`{}` mixes full-width and ASCII digits or decimal points",
                            n.text
                        ),
                        Some(format!("write `{ascii}`")),
                    ));
                }
                if let (true, Some((l, sh, d))) = (ctx.enabled("number.implausible"), n.lsd) {
                    if sh >= 20 || d >= 12 {
                        out.push(ctx.para_hit(
                            "number.implausible",
                            r,
                            n.start,
                            n.end,
                            format!("`{}`: {l} pounds {sh} shillings {d} pence, but a pound has 20 shillings and a shilling 12 pence", n.text),
                            Some("read the amount on the page image".into()),
                        ));
                    }
                    continue;
                }
                if ctx.enabled("number.implausible") {
                    let before: String = text[n.start.saturating_sub(12)..n.start].iter().collect();
                    let is_change = rules
                        .change_words
                        .iter()
                        .any(|w| before.contains(w.as_str()));
                    if n.is_percent() && n.value > max_percent && !is_change {
                        out.push(ctx.para_hit(
                            "number.implausible",
                            r,
                            n.start,
                            n.end,
                            format!("a share of {} is above {max_percent}% and the text does not speak of a change", n.text),
                            Some("read the number on the page image (OCR reads % as 9 or 96: 100% → 1009%)".into()),
                        ));
                    } else if n.unit.is_none()
                        && n.value > 100.0
                        && is_rate(&before, &rules.rate_words)
                    {
                        out.push(ctx.para_hit(
                            "number.implausible",
                            r,
                            n.start,
                            n.end,
                            format!("a rate of {} without a percent sign", n.text),
                            Some("read the number on the page image (OCR reads % as digits: 100% → 10094)".into()),
                        ));
                    }
                }
            }
        }
    }
}

/// Whether character `i` of the number's text is within its digits (not its unit).
fn is_in_digits(n: &Number, i: usize) -> bool {
    let chars: Vec<char> = n.text.chars().collect();
    chars[..=i.min(chars.len() - 1)].iter().all(|c| {
        c.is_ascii_digit() || lookalike_digit(*c).is_some() || matches!(c, '.' | ',' | '０'..='９')
    })
}

/// The text before a number ends with a rate word and a verb: `率达`, `比例为`.
fn is_rate(before: &str, rate_words: &[String]) -> bool {
    let trimmed = before.trim_end_matches(['达', '为', '是', '到', '约', '近', '超', '了', ' ']);
    rate_words.iter().any(|w| trimmed.ends_with(w.as_str())) && trimmed.len() < before.len()
}

#[cfg(test)]
mod tests {
    use crate::ruledocs::examples::run;
    use crate::validate::registry::Example;

    fn split_hits(page: &'static str) -> Vec<(String, u32)> {
        run(&Example { page, config: "" })
            .expect("example runs")
            .into_iter()
            .filter(|f| f.rule == "number.split" || f.rule == "date.split")
            .map(|f| (f.rule, f.line))
            .collect()
    }

    /// Chinese breaks a line anywhere, between a number and its unit too
    /// (`达4` / `亿元`, `2019` / `年`): the printed wrap is not a split.
    /// A space the OCR put inside one line is.
    #[test]
    fn a_line_wrap_inside_a_number_is_typesetting_a_space_in_a_line_is_not() {
        let page =
            "标题文字在这里\n\n去年孵化企业销售总额达4\n亿元，比2019\n年增长三成，7月\n4日完成。\n";
        assert_eq!(split_hits(page), vec![]);
        let page =
            "标题文字在这里\n\n去年孵化企业销售总额达4 亿元，比2019 年增长三成，7月 4日完成。\n";
        let found = split_hits(page);
        assert_eq!(
            found,
            vec![
                ("number.split".into(), 3),
                ("number.split".into(), 3),
                ("date.split".into(), 3)
            ]
        );
    }
}
