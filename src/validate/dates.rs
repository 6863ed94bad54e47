//! Dates: impossible dates, dates split by a stray space, weekdays that do
//! not match, and datelines after the issue or long before it.

use super::{Ctx, Hit};
use crate::parse::ParaRef;
use crate::values::dates::DateMention;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

pub fn check(ctx: &Ctx, out: &mut Vec<Hit>) {
    for a in ctx.articles {
        let mut parts = a.parts.clone();
        parts.sort();
        for r in parts {
            let Some(values) = ctx.values.get(&r) else {
                continue;
            };
            for d in &values.dates {
                if let Some(why) = d.impossible(ctx.date) {
                    if ctx.enabled("date.invalid") {
                        out.push(ctx.para_hit(
                            "date.invalid",
                            r,
                            d.start,
                            d.end,
                            format!("`{}` cannot exist: {why}", d.text),
                            Some("read the date on the page image".into()),
                        ));
                    }
                    continue;
                }
                // A date written with spaces (`April 15`, `15. April`) keeps
                // them in its normalised text; only one whose normalised
                // text has none (`7月2日`) was split by the OCR.
                if ctx.enabled("date.split")
                    && ctx.literal_whitespace(r.page)
                    && !d.text.contains(char::is_whitespace)
                {
                    // A printed line ending inside the date is typesetting.
                    let raw = ctx.raw_in_lines(r, d.start, d.end);
                    if raw.chars().any(char::is_whitespace) {
                        let joined: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
                        out.push(ctx.para_hit(
                            "date.split",
                            r,
                            d.start,
                            d.end,
                            format!("`{raw}` is one date split by a space"),
                            Some(format!("write `{joined}`")),
                        ));
                    }
                }
                if let Some(resolved) = d.resolve(ctx.date) {
                    weekday(ctx, r, d, resolved, out);
                }
            }
        }
        if let (Some(dl), Some(&first)) = (&a.dateline, a.body.first()) {
            if let Some(date) = dl.date.as_deref().and_then(|s| s.parse::<Date>().ok()) {
                dateline_age(ctx, a.id, first, date, out);
            }
        }
    }
}

/// Reports a weekday printed with a date that does not match it.
pub fn weekday(ctx: &Ctx, r: ParaRef, d: &DateMention, resolved: Date, out: &mut Vec<Hit>) {
    let Some(printed) = d.weekday else { return };
    if !ctx.enabled("date.weekday") || resolved.weekday() == printed {
        return;
    }
    out.push(ctx.para_hit(
        "date.weekday",
        r,
        d.start,
        d.end,
        format!(
            "{resolved} was a {}, but `{}` says {}",
            weekday_name(resolved.weekday()),
            d.text,
            weekday_name(printed)
        ),
        Some("check the date and the weekday on the page image".into()),
    ));
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn dateline_age(ctx: &Ctx, article: usize, first: ParaRef, date: Date, out: &mut Vec<Hit>) {
    // Point at the date in the dateline paragraph, where it was printed.
    let mention = ctx
        .values
        .get(&first)
        .and_then(|v| v.dates.iter().find(|d| d.resolve(ctx.date) == Some(date)));
    let (start, end) = mention.map_or((0, 0), |d| (d.start, d.end));
    let slack = ctx.settings.param("date.dateline-future", "slack_days") as i64;
    let max_days = ctx.settings.param("date.dateline-stale", "max_days") as i64;
    // Date spans default to days as their largest unit.
    let days = ctx.date.since(date).map_or(0, |s| s.get_days() as i64);
    let limit = ctx.date.checked_add(slack.days()).unwrap_or(ctx.date);
    // Year-less datelines resolve to the latest date not after the issue, so
    // a misread `7月9日` in a 5 July issue became last year's: a date within
    // a month after the issue is read as this year's, i.e. in the future.
    let date = match Date::new(ctx.date.year(), date.month(), date.day()) {
        Ok(this_year)
            if date.year() < ctx.date.year()
                && this_year > limit
                && this_year <= ctx.date.checked_add(31.days()).unwrap_or(ctx.date) =>
        {
            this_year
        }
        _ => date,
    };
    if date > limit && ctx.enabled("date.dateline-future") {
        out.push(ctx.para_hit(
            "date.dateline-future",
            first,
            start,
            end,
            format!(
                "the dateline of article {article} is {date}, after the issue date {}",
                ctx.date
            ),
            Some("check the date on the page image, and the issue's date".into()),
        ));
    } else if days > max_days && ctx.enabled("date.dateline-stale") {
        out.push(ctx.para_hit(
            "date.dateline-stale",
            first,
            start,
            end,
            format!("the dateline of article {article} is {date}, {days} days before the issue"),
            Some(format!(
                "check the month and day on the page image (more than {max_days} days is unusual)"
            )),
        ));
    }
}
