//! Expected fields: required article fields, credited names (pattern and
//! staff roster), articles per page, and the masthead date.

use super::config::Field;
use super::context::LineSpan;
use super::{Ctx, Hit};
use crate::parse::{Article, ParaRef};
use rapidfuzz::distance::levenshtein;

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    for a in ctx.articles {
        if ctx.enabled("field.missing") {
            missing(ctx, a, out);
        }
        if ctx.enabled("field.name-pattern") || ctx.enabled("field.name-roster") {
            names(ctx, a, out);
        }
        if ctx.enabled("field.merged-credit") {
            merged_credit(ctx, a, out);
        }
    }
    if ctx.enabled("page.article-count") {
        article_count(ctx, out);
    }
    if !ctx.expect.titles.is_empty()
        && (ctx.enabled("field.title-missing") || ctx.enabled("field.title-unexpected"))
    {
        titles(ctx, out);
    }
    if ctx.enabled("page.masthead-date")
        || ctx.enabled("date.weekday")
        || ctx.enabled("date.invalid")
    {
        masthead(ctx, out);
    }
}

fn merged_credit(ctx: &Ctx, a: &Article, out: &mut Vec<Hit>) {
    let (Some((r, start, end)), Some(byline)) = (a.merged_credit, &a.byline) else {
        return;
    };
    let head = a.headline.as_deref().unwrap_or("");
    out.push(ctx.para_hit(
        "field.merged-credit",
        r,
        start,
        end,
        format!(
            "the byline `{}` was read on one line with the headline `{head}`; it is taken as \
             article {}'s byline",
            byline.text, a.id
        ),
        Some("put the byline on its own line, under the headline it belongs to".into()),
    ));
}

fn has(a: &Article, f: Field) -> bool {
    match f {
        Field::Headline => a.headline.is_some(),
        Field::Subtitle => a.subtitle.is_some(),
        Field::Kicker => a.kicker.is_some(),
        Field::Byline => a.byline.is_some(),
        Field::Dateline => a.dateline.is_some(),
    }
}

fn first_part(a: &Article) -> Option<ParaRef> {
    a.parts.iter().min().copied()
}

fn missing(ctx: &Ctx, a: &Article, out: &mut Vec<Hit>) {
    let default = [vec![Field::Headline]];
    let required: &[Vec<Field>] = if ctx.expect.required.is_empty() {
        &default
    } else {
        &ctx.expect.required
    };
    let Some(at) = first_part(a) else { return };
    for alternatives in required {
        if alternatives.iter().any(|&f| has(a, f)) {
            continue;
        }
        let names: Vec<&str> = alternatives.iter().map(|f| f.name()).collect();
        let what = match names.as_slice() {
            [one] => format!("no {one}"),
            _ => format!("neither {}", names.join(" nor ")),
        };
        let n = ctx.para(at).chars.len().min(12);
        out.push(ctx.para_hit(
            "field.missing",
            at,
            0,
            n,
            format!("article {} ({}) has {what}", a.id, a.lines),
            Some(format!(
                "restore the {} from the page image, or check where the article was split",
                names.join(" or ")
            )),
        ));
    }
}

/// Where a credited name is printed: the byline paragraph, or the dateline
/// at the start of the first body paragraph.
fn locate_name(ctx: &Ctx, a: &Article, name: &str) -> Option<(ParaRef, usize)> {
    let mut candidates: Vec<ParaRef> = a
        .parts
        .iter()
        .filter(|r| !a.body.contains(r))
        .copied()
        .collect();
    candidates.extend(a.body.first().copied());
    for r in candidates {
        let text = &ctx.para(r).text;
        if let Some(b) = text.find(name) {
            return Some((r, text[..b].chars().count()));
        }
    }
    None
}

fn names(ctx: &Ctx, a: &Article, out: &mut Vec<Hit>) {
    let credits = a
        .byline
        .iter()
        .map(|b| &b.people)
        .chain(a.dateline.iter().map(|d| &d.people));
    // The roster lists staff: reporters and photographers. Correspondents
    // and interns are outside contributors, checked only against the pattern.
    let mut people: Vec<(&String, bool)> = Vec::new();
    for p in credits {
        people.extend(
            p.reporters
                .iter()
                .chain(&p.photographers)
                .map(|n| (n, true)),
        );
        people.extend(
            p.correspondents
                .iter()
                .chain(&p.interns)
                .map(|n| (n, false)),
        );
    }
    let roster = &ctx.expect.roster;
    let max_edits = ctx.settings.param("field.name-roster", "max_edits") as usize;
    for (name, staff) in people {
        let Some((r, at)) = locate_name(ctx, a, name) else {
            continue;
        };
        let len = name.chars().count();
        if let Some(re) = &ctx.expect.name_pattern {
            if ctx.enabled("field.name-pattern") && !re.is_match(name) {
                out.push(ctx.para_hit(
                    "field.name-pattern",
                    r,
                    at,
                    at + len,
                    format!("`{name}` in article {} does not look like a name (expect.name_pattern)", a.id),
                    Some("correct the name from the page image; if the byline was cut wrongly, check the credit rules".into()),
                ));
            }
        }
        if !staff
            || !ctx.enabled("field.name-roster")
            || roster.is_empty()
            || roster.iter().any(|n| n == name)
        {
            continue;
        }
        // One edit in a two-character name is half the name: 张珂 and 张燕
        // are two people, not a misreading. Three characters allow one
        // edit, four or more up to `max_edits`.
        let allowed = match len {
            0..=2 => continue,
            3 => max_edits.min(1),
            _ => max_edits,
        };
        let mut close: Vec<(usize, &String)> = roster
            .iter()
            .map(|n| (levenshtein::distance(name.chars(), n.chars()), n))
            .filter(|(d, _)| *d <= allowed && *d > 0)
            .collect();
        close.sort();
        if let Some(&(best, _)) = close.first() {
            let likely: Vec<&str> = close
                .iter()
                .filter(|(d, _)| *d == best)
                .map(|(_, n)| n.as_str())
                .collect();
            out.push(ctx.para_hit(
                "field.name-roster",
                r,
                at,
                at + len,
                format!(
                    "`{name}` is not on the roster but is {best} edit{} from {}",
                    if best == 1 { "" } else { "s" },
                    likely.join(", ")
                ),
                Some(format!("did the OCR misread {}?", likely.join(" or "))),
            ));
        }
    }
}

fn article_count(ctx: &Ctx, out: &mut Vec<Hit>) {
    let Some((min, max)) = ctx.expect.articles_per_page else {
        return;
    };
    for (pi, (page, paras)) in ctx.pages.iter().enumerate() {
        // An article counts on the page where it starts.
        let n = ctx
            .articles
            .iter()
            .filter(|a| first_part(a).is_some_and(|r| r.page == pi) && a.headline.is_some())
            .count();
        if (min..=max).contains(&n) {
            continue;
        }
        let line = paras.first().map_or(0, |p| p.first_line);
        if page.lines.is_empty() {
            continue;
        }
        let chars: Vec<char> = page.lines[line].text.chars().collect();
        out.push(ctx.line_hit(
            "page.article-count",
            LineSpan { page: pi, line, chars: &chars, col: 0, len: 0 },
            format!("{} has {n} headed article{}; expected {min} to {max}", page.file, if n == 1 { "" } else { "s" }),
            Some("check the page's segmentation (headlines found, articles split), or adjust expect.articles_per_page".into()),
            None,
        ));
    }
}

/// Dates in page furniture: the folio date must be the issue date, exist,
/// and agree with its weekday.
fn masthead(ctx: &Ctx, out: &mut Vec<Hit>) {
    for (pi, furniture) in ctx.furniture.iter().enumerate() {
        for &para in furniture {
            let r = ParaRef { page: pi, para };
            let Some(values) = ctx.values.get(&r) else {
                continue;
            };
            // A caption is furniture too, but a sentence: its dates are
            // when the photo was taken, not the page's.
            if ctx.para(r).text.contains(['。', '！', '？']) {
                continue;
            }
            for d in &values.dates {
                if d.year.is_none() || d.day.is_none() {
                    continue;
                }
                if let Some(why) = d.impossible(ctx.date) {
                    if ctx.enabled("date.invalid") {
                        out.push(ctx.para_hit(
                            "date.invalid",
                            r,
                            d.start,
                            d.end,
                            format!("masthead date `{}` cannot exist: {why}", d.text),
                            Some("read the date on the page image".into()),
                        ));
                    }
                    continue;
                }
                let Some(printed) = d.resolve(ctx.date) else {
                    continue;
                };
                if printed != ctx.date && ctx.enabled("page.masthead-date") {
                    out.push(ctx.para_hit(
                        "page.masthead-date",
                        r,
                        d.start,
                        d.end,
                        format!(
                            "the page is dated {printed} (`{}`) but filed in the issue of {}",
                            d.text, ctx.date
                        ),
                        Some("move the page to its issue, or correct the issue date".into()),
                    ));
                }
                super::dates::weekday(ctx, r, d, printed, out);
            }
        }
    }
}

/// Folds what OCR and typesetting vary for matching titles: case, long s,
/// punctuation and spacing.
fn fold_title(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| if c == 'ſ' { 's' } else { c })
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn similarity(a: &[char], b: &[char]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - levenshtein::distance(a.iter().copied(), b.iter().copied()) as f64 / longest as f64
}

/// Characters of similarity a title needs to count as found.
pub const TITLE_SIMILARITY: f64 = 0.8;

/// How well an expected title matches an article's heads: the best of its
/// headline, subtitle and kicker, whole or within the head (a head group
/// `WEST INDIES. TRIAL OF THE REBELS.` holds the title `WEST INDIES.`).
pub fn title_match(title: &str, a: &Article) -> f64 {
    let t = fold_title(title);
    [&a.headline, &a.subtitle, &a.kicker]
        .into_iter()
        .flatten()
        .map(|h| {
            let h = fold_title(h);
            let whole = similarity(&t, &h);
            // The title inside a longer head (`THE STATESMAN` holds
            // `STATESMAN`; a head group holds the first head): the best
            // window of the title's length, for heads up to 3× as long.
            let window = if !t.is_empty() && h.len() > t.len() && h.len() <= 3 * t.len() {
                h.windows(t.len())
                    .map(|w| similarity(&t, w))
                    .fold(0.0, f64::max)
            } else {
                similarity(&t, &h[..h.len().min(t.len())])
            };
            whole.max(window)
        })
        .fold(0.0, f64::max)
}

fn titles(ctx: &Ctx, out: &mut Vec<Hit>) {
    let first_para =
        ctx.pages.iter().enumerate().find_map(|(pi, (_, paras))| {
            (!paras.is_empty()).then_some(ParaRef { page: pi, para: 0 })
        });
    if ctx.enabled("field.title-missing") {
        for title in &ctx.expect.titles {
            if ctx
                .articles
                .iter()
                .any(|a| title_match(title, a) >= TITLE_SIMILARITY)
            {
                continue;
            }
            let Some(at) = first_para else { return };
            let n = ctx.para(at).chars.len().min(12);
            out.push(ctx.para_hit(
                "field.title-missing",
                at,
                0,
                n,
                format!("expected headline `{title}` was not found among the {} parsed articles", ctx.articles.len()),
                Some("check the page image: the head may be merged into a paragraph or unreadable".into()),
            ));
        }
    }
    if ctx.enabled("field.title-unexpected") {
        for a in ctx.articles.iter().filter(|a| a.headline.is_some()) {
            if ctx
                .expect
                .titles
                .iter()
                .any(|t| title_match(t, a) >= TITLE_SIMILARITY)
            {
                continue;
            }
            let Some(&at) = a.parts.iter().filter(|r| !a.body.contains(r)).min() else {
                continue;
            };
            let n = ctx.para(at).chars.len().min(20);
            out.push(ctx.para_hit(
                "field.title-unexpected",
                at,
                0,
                n,
                format!(
                    "headline `{}` (article {}) is not among the issue's expected titles",
                    a.headline.as_deref().unwrap_or(""),
                    a.id
                ),
                Some("a text line taken for a head, or a head the structure map lacks".into()),
            ));
        }
    }
}
