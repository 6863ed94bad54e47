//! Datelines: `本报讯(记者 林金彦)7月4日,`, `新华社北京10月13日电（记者 王某）`.
//!
//! A profile's marker regexes find the start; the code here reads what
//! follows: optional brackets (full-width, ASCII, or the `〈《` OCR makes of
//! them — an opening bracket may be lost entirely) around credits, then a
//! date that starts the first sentence.

use super::credits::{parse_credits, People};
use super::rules::CompiledRules;
use crate::source::Page;
use crate::text::normalize::Paragraph;
use crate::values::date::{resolve_day, resolve_month_day};
use crate::values::numerals::parse_int;
use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dateline {
    /// The dateline as printed (normalised), up to the end of its date.
    pub text: String,
    /// The matched marker, e.g. `本报讯`, `新华社北京10月13日电`.
    pub marker: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The date as written, e.g. `7月4日` (OCR spaces kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    /// The date resolved with the issue's year; `null` if it does not exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(flatten)]
    pub people: People,
    /// Length in characters of the dateline at the start of its paragraph.
    #[serde(skip)]
    pub chars: usize,
}

/// Whether a paragraph starts with a dateline marker (cheap test).
pub fn starts_with_dateline(text: &str, rules: &CompiledRules) -> bool {
    let t = text.trim_start();
    rules.dateline_markers.iter().any(|re| re.is_match(t))
}

/// Month and day of a dateline: numerals (`7`, `七`) or a month name
/// (`Feb.`, `Februar`, `février`). A day alone (`新华社北京十日电`, as older
/// papers wrote dispatches) is in the latest month that has it, up to the
/// day after the issue.
fn month_day(caps: &regex::Captures, issue: Date) -> Option<(u32, u32)> {
    let Some(month) = caps.name("month").map(|m| m.as_str()) else {
        let day = parse_int(caps.name("day")?.as_str())?;
        let date = resolve_day(issue, day)?;
        return Some((date.month() as u32, day));
    };
    let month = parse_int(month)
        .or_else(|| parse_int(&month.replace([']', '|', 'l', 'I'], "1")))
        .or_else(|| crate::values::dates::month_number(month.trim_end_matches('.')))?;
    // Letters OCR reads for digits in a day (`3O`, `l7`).
    let day: String = caps
        .name("day")?
        .as_str()
        .chars()
        .map(|c| lookalike_digit(c).unwrap_or(c))
        .collect();
    Some((month, parse_int(&day)?))
}

/// Marks OCR reads from specks and bracket edges between a dateline's
/// marker and its credits, and how many of them are skipped.
const SPECKS: &str = "。.，,、·“”\"'‘’「」";
const MAX_SPECKS: usize = 4;

/// The digit an OCR look-alike in a dateline's month or day stands for.
fn lookalike_digit(c: char) -> Option<char> {
    match c {
        'O' | 'o' => Some('0'),
        'l' | 'I' | ']' | '|' => Some('1'),
        _ => None,
    }
}

/// The matched marker with the look-alikes in its month and day written as
/// the digits they were read as (`本报北京]月14日电` → `本报北京1月14日电`):
/// the field says what the date is, as the resolved date does; the
/// paragraph keeps the text as printed, and its damage is reported there.
/// Only a group made of digits and look-alikes alone is rewritten, never a
/// month name (`Juli`).
fn canonical_marker(caps: &regex::Captures) -> String {
    let whole = caps.get(0).expect("group 0");
    let mut out = whole.as_str().to_string();
    let mut groups: Vec<regex::Match> = ["month", "day"]
        .iter()
        .filter_map(|g| caps.name(g))
        .filter(|m| {
            m.as_str()
                .chars()
                .all(|c| c.is_ascii_digit() || lookalike_digit(c).is_some())
                && m.as_str().chars().any(|c| lookalike_digit(c).is_some())
        })
        .collect();
    // From the end, so earlier offsets stay valid.
    groups.sort_by_key(|m| std::cmp::Reverse(m.start()));
    for m in groups {
        let fixed: String = m
            .as_str()
            .chars()
            .map(|c| lookalike_digit(c).unwrap_or(c))
            .collect();
        let (a, b) = (m.start() - whole.start(), m.end() - whole.start());
        out.replace_range(a..b, &fixed);
    }
    out
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Reads the dateline at the start of `para`, if there is one.
pub fn parse_dateline(
    para: &Paragraph,
    page: &Page,
    rules: &CompiledRules,
    issue_date: Date,
) -> Option<Dateline> {
    let text = para.text.as_str();
    let lead_ws = text.len() - text.trim_start().len();
    let caps = rules
        .dateline_markers
        .iter()
        .find_map(|re| re.captures(&text[lead_ws..]))?;
    let marker_match = caps.get(0)?;
    let mut pos = lead_ws + marker_match.end(); // byte offset in text
    let mut dateline = Dateline {
        text: String::new(),
        marker: canonical_marker(&caps),
        place: caps.name("place").map(|m| m.as_str().to_string()),
        date_text: None,
        date: None,
        people: People::default(),
        chars: 0,
    };
    let mut written_date = month_day(&caps, issue_date).map(|md| {
        let d = caps.name("day").unwrap();
        let m = caps.name("month").unwrap_or(d);
        // The date as written ends with its `日` or `号` (`10月13日电`); in
        // German order (`15. April`) it ends with the month.
        let mut end = lead_ws + d.end().max(m.end());
        let after = &text[end..];
        let gap = after.len() - after.trim_start().len();
        if let Some(c) = after[gap..]
            .chars()
            .next()
            .filter(|c| matches!(c, '日' | '号'))
        {
            end += gap + c.len_utf8();
        }
        (md, lead_ws + m.start().min(d.start()), end)
    });

    // Credits in brackets (the opening one may be lost by the OCR).
    let cfg = &rules.profile.dateline;
    let rest = &text[pos..];
    let skip_ws = rest.len() - rest.trim_start().len();
    let mut at = pos + skip_ws;
    // Specks the OCR read as marks between the marker and the bracket
    // (`电 。〈记者…`, `电“ 《记者…`, `电“《〈记者…`) are skipped, a few
    // marks at most, as are doubled brackets. Nothing is taken unless the
    // credits after them parse (below).
    let mut probe = at;
    let mut marks = 0;
    for c in text[at..].chars() {
        if c.is_whitespace() {
            probe += c.len_utf8();
        } else if marks < MAX_SPECKS && (SPECKS.contains(c) || cfg.open_brackets.contains(c)) {
            probe += c.len_utf8();
            marks += 1;
        } else {
            break;
        }
    }
    at = probe;
    if let Some((close_rel, close_char)) = text[at..]
        .char_indices()
        .take(cfg.max_credit_chars)
        .find(|(_, c)| cfg.close_brackets.contains(*c))
    {
        let inner_start = char_len(&text[..at]);
        let inner_end = inner_start + char_len(&text[at..at + close_rel]);
        let raw = para.raw_text(page, inner_start, inner_end);
        if let Some(credits) = parse_credits(&raw, rules, true) {
            dateline.people = credits.people;
            pos = at + close_rel + close_char.len_utf8();
        }
    }
    // A date right after the credits (or the marker).
    let rest = &text[pos..];
    let skip_ws = rest.len() - rest.trim_start().len();
    if let Some(c) = rules.lead_date.captures(&text[pos + skip_ws..]) {
        if written_date.is_none() {
            if let Some(md) = month_day(&c, issue_date) {
                let m = c.get(0).unwrap();
                written_date = Some((md, pos + skip_ws + m.start(), pos + skip_ws + m.end()));
                pos += skip_ws + m.end();
            }
        }
    }
    if let Some(((month, day), start, end)) = written_date {
        let (cs, ce) = (char_len(&text[..start]), char_len(&text[..end]));
        dateline.date_text = Some(para.raw_text(page, cs, ce));
        dateline.date = resolve_month_day(issue_date, month, day).map(|d| d.to_string());
    }
    dateline.text = text[lead_ws..pos].trim_end().to_string();
    dateline.chars = char_len(&text[..pos]);
    Some(dateline)
}
