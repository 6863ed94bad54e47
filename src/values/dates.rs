//! Dates in article text, with their spans: `2022年7月4日`, `7月4日`,
//! `7月 2日` (split by OCR), ranges `6月28日至30日` and `4号至12号`,
//! `二〇二二年七月四日`, `10月13日电`, ISO `2022-07-04`, and Latin-script
//! `Feb. 16, 1824`, `16 February 1824`, `17. Februar 1824`. A weekday printed
//! with the date (`星期二`, `Tuesday`) is kept, so it can be checked.

use crate::text::index::CharIndex;
use crate::values::date::nearest_month_day;
use crate::values::numerals::parse_int;
use jiff::civil::{Date, Weekday};
use regex::Regex;
use std::sync::OnceLock;

/// One date found in a paragraph; offsets count characters.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// The last day of a range (`6月28日至30日`): month and day.
    pub until: Option<(Option<u32>, u32)>,
    /// The last month of a range of months (`1至5月`).
    pub until_month: Option<u32>,
    pub weekday: Option<Weekday>,
}

impl DateMention {
    /// Why this date cannot exist, if it cannot.
    pub fn impossible(&self, issue: Date) -> Option<String> {
        let month = self.month?;
        for m in std::iter::once(month).chain(self.until_month) {
            if !(1..=12).contains(&m) {
                return Some(format!("there is no month {m}"));
            }
        }
        let year = self.year.unwrap_or(issue.year() as i32);
        let check = |m: u32, d: u32| -> Option<String> {
            let y = i16::try_from(year).ok()?;
            if d == 0 || Date::new(y, m as i8, d.min(127) as i8).is_err() {
                // 2月29日 without a year: valid if the resolved year is leap.
                if self.year.is_none() && m == 2 && d == 29 {
                    return None;
                }
                Some(format!("{m}月 has no day {d}"))
            } else {
                None
            }
        };
        if let Some(d) = self.day {
            if let Some(why) = check(month, d) {
                return Some(why);
            }
        }
        if let Some((m, d)) = self.until {
            let m = m.unwrap_or(month);
            if !(1..=12).contains(&m) {
                return Some(format!("there is no month {m}"));
            }
            if let Some(why) = check(m, d) {
                return Some(why);
            }
        }
        None
    }

    /// How a date reads in a snapshot: `7月4日 = 2022-07-04`,
    /// `6月28日至30日 = 2022-06-28..2022-06-30`, `13月 = impossible: …`.
    pub fn describe(&self, issue: Date) -> String {
        if let Some(why) = self.impossible(issue) {
            return format!("{} = impossible: {why}", self.text);
        }
        let start = self.resolve(issue);
        let until = self.until.and_then(|(m, d)| {
            let m = m.or(self.month)?;
            let from = start?;
            // A range ends after its start, possibly in the next year.
            let mut y = from.year();
            if (m as i8) < from.month() {
                y += 1;
            }
            Date::new(y, m as i8, d as i8).ok()
        });
        match (start, until) {
            (Some(a), Some(b)) => format!("{} = {a}..{b}", self.text),
            (Some(a), None) => format!("{} = {a}", self.text),
            (None, _) => match (self.month, self.day) {
                (Some(m), None) => match self.until_month {
                    Some(m2) => format!("{} = months {m}..{m2}", self.text),
                    None => format!("{} = month {m}", self.text),
                },
                (None, Some(d)) => format!("{} = day {d}", self.text),
                _ => format!("{} = unresolved", self.text),
            },
        }
    }

    /// The full date, with the year resolved from the issue date when the
    /// text gives none: the occurrence nearest the issue, since running text
    /// announces what is to come as well as what happened. `None` for month-only or impossible dates.
    pub fn resolve(&self, issue: Date) -> Option<Date> {
        let (month, day) = (self.month?, self.day?);
        match self.year {
            Some(y) => Date::new(
                i16::try_from(y).ok()?,
                i8::try_from(month).ok()?,
                i8::try_from(day).ok()?,
            )
            .ok(),
            None => nearest_month_day(issue, month, day),
        }
    }
}

const CN_NUM: &str = "[0-9０-９]{1,2}|[一二三四五六七八九十廿卅]{1,3}";
const CN_YEAR: &str = "[0-9０-９]{4}|[〇零一二三四五六七八九○Ｏ]{4}";

fn chinese_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?:(?P<y>{CN_YEAR})\s*年\s*)?(?P<m>{CN_NUM})\s*月\s*(?:(?P<d>{CN_NUM})\s*[日号])?(?:\s*(?:至|到|—|－|-|~|～)\s*(?:(?P<m2>{CN_NUM})\s*月\s*)?(?P<d2>{CN_NUM})\s*[日号])?(?:\s*[（(]?\s*(?:星期|周|礼拜)\s*(?P<wd>[一二三四五六日天])\s*[)）]?)?"
        ))
        .expect("built-in date regex")
    })
}

/// The words and marks that join the ends of a range.
const RANGE_MARKS: [char; 7] = ['至', '到', '—', '－', '-', '~', '～'];

/// A range of months: `1至5月`, `2022年1—5月`, `一至五月`. Not followed by a
/// day: `6至7月5日` is left to the other patterns.
fn month_range_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?P<r>(?:(?P<y>{CN_YEAR})\s*年\s*)?(?P<m>{CN_NUM})\s*(?:至|到|—|－|-|~|～)\s*(?P<m2>{CN_NUM})\s*月份?)(?:[^0-9０-９一二三四五六七八九十廿卅日号]|$)"
        ))
        .expect("built-in date regex")
    })
}

fn day_range_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?P<d>{CN_NUM})\s*[日号]\s*(?:至|到|—|－|~|～)\s*(?P<d2>{CN_NUM})\s*[日号]"
        ))
        .expect("built-in date regex")
    })
}

fn iso_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?-u:\b)(?P<y>[12][0-9]{3})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?-u:\b)")
            .expect("built-in")
    })
}

/// English and German month names and their abbreviations.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("february", 2),
    ("feb", 2),
    ("febr", 2),
    ("februar", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
    // French, for the datelines English and German papers print (PARIS, 15 février).
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Monday),
    ("montag", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("dienstag", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("mittwoch", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("donnerstag", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("freitag", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("samstag", Weekday::Saturday),
    ("sonnabend", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
    ("sonntag", Weekday::Sunday),
];

fn latin_res() -> &'static (Regex, Regex) {
    static RE: OnceLock<(Regex, Regex)> = OnceLock::new();
    RE.get_or_init(|| {
        let month = r"(?P<mon>[A-Za-zäÄéûſ]{3,9})\.?";
        let weekday = r"(?:(?P<wd>[A-Za-z]{6,10}),?\s+(?:(?i:morning|evening)[.,]?\s+)?)?";
        (
            // Feb. 16, 1824 / Tuesday, February 17th, 1824
            Regex::new(&format!(
                r"(?-u:\b){weekday}{month}\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>1[5-9][0-9]{{2}}|20[0-9]{{2}})(?-u:\b)"
            ))
            .expect("built-in"),
            // 16 February 1824 / 17. Februar 1824 / 17th of February, 1824
            Regex::new(&format!(
                r"(?-u:\b){weekday}(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{month},?\s+(?P<y>1[5-9][0-9]{{2}}|20[0-9]{{2}})(?-u:\b)"
            ))
            .expect("built-in"),
        )
    })
}

/// `May 3`, `Feb. 16th` without a year; the day must not
/// run on into more digits (the text after it is matched, not taken).
fn latin_month_day_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?-u:\b)(?P<date>(?P<mon>[A-ZÄ][a-zäéû]{2,8})\.?\s+(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?)(?:[^0-9A-Za-z]|$)",
        )
        .expect("built-in")
    })
}

/// `15. April`, `3. Mai` without a year, the German order; the month must
/// not run on into a year (the patterns with one take those first).
fn latin_day_month_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?-u:\b)(?P<date>(?P<d>[0-9]{1,2})\.\s*(?P<mon>[A-ZÄ][a-zäéûſ]{2,8}))\.?(?:[^0-9A-Za-zäöüß]|$)",
        )
        .expect("built-in")
    })
}

/// The month of an English, German or French month name or abbreviation.
pub fn month_number(name: &str) -> Option<u32> {
    // Long s is kept as printed (Auguſt) but read as s.
    let lower = name.to_lowercase().replace('ſ', "s");
    MONTHS.iter().find(|(n, _)| *n == lower).map(|&(_, m)| m)
}

fn weekday_named(name: &str) -> Option<Weekday> {
    let lower = name.to_lowercase();
    WEEKDAYS.iter().find(|(n, _)| *n == lower).map(|&(_, w)| w)
}

fn cn_weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "一" => Weekday::Monday,
        "二" => Weekday::Tuesday,
        "三" => Weekday::Wednesday,
        "四" => Weekday::Thursday,
        "五" => Weekday::Friday,
        "六" => Weekday::Saturday,
        "日" | "天" => Weekday::Sunday,
        _ => return None,
    })
}

/// Searchers for `月`, `日` and `号`, built once: building one per call
/// was a third of the search.
fn finders() -> &'static (
    memchr::memmem::Finder<'static>,
    memchr::memmem::Finder<'static>,
    memchr::memmem::Finder<'static>,
) {
    static F: OnceLock<(
        memchr::memmem::Finder<'static>,
        memchr::memmem::Finder<'static>,
        memchr::memmem::Finder<'static>,
    )> = OnceLock::new();
    F.get_or_init(|| {
        (
            memchr::memmem::Finder::new("月"),
            memchr::memmem::Finder::new("日"),
            memchr::memmem::Finder::new("号"),
        )
    })
}

/// Words that make the month and day after them lunar (农历五月初五).
const LUNAR_MARKERS: [&str; 8] = [
    "农历", "阴历", "夏历", "旧历", "農曆", "陰曆", "夏曆", "舊曆",
];

/// Whether a Chinese month (and day) is a date of the lunar calendar
/// (`农历癸卯年二月廿四`, `五月初五`): it has no Gregorian reading to check or
/// resolve, so it is not taken as a date. `before` and `after` are the
/// paragraph's text around the match.
fn is_lunar(before: &str, after: &str) -> bool {
    // Lunar days are written 初一…初十, 廿一…, never with 日.
    let mut next = after.trim_start().chars();
    if let (Some(a), Some(b)) = (next.next(), next.next()) {
        if (a == '初' && "一二三四五六七八九十".contains(b)) || a == '廿' || a == '卅'
        {
            return true;
        }
    }
    // Every marker ends in 历 or 曆: without one close before, no marker.
    if !before
        .chars()
        .rev()
        .take(16)
        .any(|c| c == '历' || c == '曆')
    {
        return false;
    }
    // 农历, possibly with the year between: 农历癸卯年, 农历二〇二三年.
    let tail: String = {
        let mut t: Vec<char> = before
            .chars()
            .rev()
            .filter(|c| !c.is_whitespace())
            .take(8)
            .collect();
        t.reverse();
        t.into_iter().collect()
    };
    LUNAR_MARKERS.iter().any(|m| {
        tail.rfind(m).is_some_and(|p| {
            let between = &tail[p + m.len()..];
            between.is_empty() || (between.ends_with('年') && between.chars().count() <= 5)
        })
    })
}

/// Finds the dates of one normalised paragraph, in text order.
pub fn find_dates(text: &str) -> Vec<DateMention> {
    // Built on the first match only: most paragraphs have no date.
    let ix = std::cell::OnceCell::new();
    let mut out: Vec<DateMention> = Vec::new();
    let num = |m: Option<regex::Match>| m.and_then(|m| parse_int(m.as_str()));
    // The character spans taken so far (start → end; they never overlap),
    // so that the overlap test is a lookup, not a scan of every earlier
    // mention: a paragraph of a megabyte can hold 100,000 dates.
    let taken = std::cell::RefCell::new(std::collections::BTreeMap::<usize, usize>::new());
    // A mention at byte offsets `from..to`, unless it overlaps an earlier one.
    let push_at = |out: &mut Vec<DateMention>, from: usize, to: usize, d: DateMention| {
        let ix = ix.get_or_init(|| CharIndex::new(text));
        let (start, end) = (ix.char_of(from), ix.char_of(to));
        let mut taken = taken.borrow_mut();
        // Of the disjoint spans, only the last one starting before `end`
        // can reach into `start..end`.
        if taken
            .range(..end.max(start + 1))
            .next_back()
            .is_some_and(|(_, &e)| e > start)
        {
            return;
        }
        taken.insert(start, end);
        out.push(DateMention {
            start,
            end,
            text: text[from..to].to_string(),
            ..d
        });
    };
    let push = |out: &mut Vec<DateMention>, m: regex::Match, d: DateMention| {
        push_at(out, m.start(), m.end(), d)
    };
    let blank = DateMention {
        start: 0,
        end: 0,
        text: String::new(),
        year: None,
        month: None,
        day: None,
        until: None,
        until_month: None,
        weekday: None,
    };
    // Cheap tests first: most paragraphs have no date of a given kind.
    // Substring search, not `char` search: a char's search runs memchr on
    // its last byte, which half the Han characters share.
    let has = |f: &memchr::memmem::Finder| f.find(text.as_bytes()).is_some();
    let (month_finder, day_finder, hao_finder) = finders();
    let has_month = has(month_finder);
    let has_day = has(day_finder) || has(hao_finder);
    let has_latin =
        text.bytes().any(|b| b.is_ascii_alphabetic()) && text.bytes().any(|b| b.is_ascii_digit());
    // A regex gated off is not called at all: even on an empty haystack
    // each call takes a search cache from the regex's pool and returns it.
    // Ranges of months first: `1至5月` is one span, not `1` and `5月`.
    // A range mark within a few characters before a `月`.
    let has_range = has_month
        && month_finder.find_iter(text.as_bytes()).any(|at| {
            text[..at]
                .chars()
                .rev()
                .take(6)
                .any(|c| RANGE_MARKS.contains(&c))
        });
    for c in has_range
        .then(|| month_range_re().captures_iter(text))
        .into_iter()
        .flatten()
    {
        // The range itself, without the character that showed no day follows.
        let whole = c.name("r").unwrap();
        let before = text[..whole.start()].chars().next_back();
        if before.is_some_and(|b| b.is_ascii_digit() || b == '.') {
            continue;
        }
        let d = DateMention {
            year: num(c.name("y")).map(|y| y as i32),
            month: num(c.name("m")),
            until_month: num(c.name("m2")),
            ..blank.clone()
        };
        push(&mut out, whole, d);
    }
    let chinese = has_month.then(|| chinese_re().captures_iter(text));
    for c in chinese.into_iter().flatten() {
        let whole = c.get(0).unwrap();
        // A month needs a digit or a day after it: `三个月` never matches, but
        // a bare `一月` inside a word might; keep only numeric or dated ones.
        let month = num(c.name("m"));
        let d = DateMention {
            year: num(c.name("y")).map(|y| y as i32),
            month,
            day: num(c.name("d")),
            until: num(c.name("d2")).map(|d2| (num(c.name("m2")), d2)),
            weekday: c.name("wd").and_then(|w| cn_weekday(w.as_str())),
            ..blank.clone()
        };
        if d.month.is_none() || is_lunar(&text[..whole.start()], &text[whole.end()..]) {
            continue;
        }
        push(&mut out, whole, d);
    }
    for c in has_day
        .then(|| day_range_re().captures_iter(text))
        .into_iter()
        .flatten()
    {
        let d = DateMention {
            day: num(c.name("d")),
            until: num(c.name("d2")).map(|d2| (None, d2)),
            ..blank.clone()
        };
        push(&mut out, c.get(0).unwrap(), d);
    }
    // A day alone (`13日上午`): one or two Arabic digits before a `日`, read
    // by hand at each `日` (a regex would scan every paragraph for it).
    // Not Chinese numerals nor `号`: `三日内` is a span of three days and
    // `1号楼` a building more often than a date.
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let days = day_finder.find_iter(text.as_bytes());
    for at in days.take_while(|_| has_day) {
        let head = text[..at].trim_end();
        let Some(from) = head
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_digit(c))
            .last()
            .map(|(i, _)| i)
        else {
            continue;
        };
        // A whole number of at most two digits (not the tail of a longer
        // one; after `月` it is a date the patterns above took).
        if head[from..].chars().count() > 2 || head[..from].ends_with('月') {
            continue;
        }
        let Some(day) = parse_int(&head[from..]).filter(|d| (1..=31).contains(d)) else {
            continue;
        };
        let d = DateMention {
            day: Some(day),
            ..blank.clone()
        };
        push_at(&mut out, from, at + '日'.len_utf8(), d);
    }
    let has_dash = text.contains('-');
    for c in has_dash
        .then(|| iso_re().captures_iter(text))
        .into_iter()
        .flatten()
    {
        let d = DateMention {
            year: num(c.name("y")).map(|y| y as i32),
            month: num(c.name("m")),
            day: num(c.name("d")),
            ..blank.clone()
        };
        push(&mut out, c.get(0).unwrap(), d);
    }
    let (en, de) = latin_res();
    for re in [en, de] {
        if !has_latin {
            break;
        }
        for c in re.captures_iter(text) {
            let Some(month) = c.name("mon").and_then(|m| month_number(m.as_str())) else {
                continue;
            };
            let weekday = c.name("wd").and_then(|w| weekday_named(w.as_str()));
            // A word before the month that is no weekday is not part of the date.
            let whole = match (c.name("wd"), weekday) {
                (Some(w), None) => {
                    let rest = &text[w.end()..c.get(0).unwrap().end()];
                    let skip = rest.len() - rest.trim_start_matches([',', ' ']).len();
                    let start = w.end() + skip;
                    let end = c.get(0).unwrap().end();
                    push_at(
                        &mut out,
                        start,
                        end,
                        DateMention {
                            year: num(c.name("y")).map(|y| y as i32),
                            month: Some(month),
                            day: num(c.name("d")),
                            ..blank.clone()
                        },
                    );
                    continue;
                }
                _ => c.get(0).unwrap(),
            };
            let d = DateMention {
                year: num(c.name("y")).map(|y| y as i32),
                month: Some(month),
                day: num(c.name("d")),
                weekday,
                ..blank.clone()
            };
            push(&mut out, whole, d);
        }
    }
    // A month and day without a year (`May 3`, `Feb. 16`, in German order
    // `15. April`), after the patterns with a year took theirs: resolved
    // with the issue's year, like `7月4日`. The month is capitalised and the
    // day stands alone, so `may 3` and `March 1824` are not taken.
    for re in [latin_month_day_re(), latin_day_month_re()] {
        for c in has_latin
            .then(|| re.captures_iter(text))
            .into_iter()
            .flatten()
        {
            let Some(month) = month_number(&c["mon"]) else {
                continue;
            };
            let Some(day) = num(c.name("d")).filter(|d| (1..=31).contains(d)) else {
                continue;
            };
            let d = DateMention {
                month: Some(month),
                day: Some(day),
                ..blank.clone()
            };
            push(&mut out, c.name("date").unwrap(), d);
        }
    }
    out.sort_by_key(|d| d.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn one(text: &str) -> DateMention {
        let found = find_dates(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn chinese_dates() {
        let d = one("本报讯7月4日,记者从市农业农村局获悉");
        assert_eq!(
            (d.month, d.day, d.text.as_str()),
            (Some(7), Some(4), "7月4日")
        );
        assert_eq!(d.resolve(date(2022, 7, 5)), Some(date(2022, 7, 4)));
        let d = one("6月28日至30日,她参加了");
        assert_eq!(d.until, Some((None, 30)));
        let d = one("二〇二二年七月四日");
        assert_eq!((d.year, d.month, d.day), (Some(2022), Some(7), Some(4)));
        let d = one("2022年7月5日 星期二");
        assert_eq!(d.weekday, Some(Weekday::Tuesday));
        let d = one("预计4号至12号施工");
        assert_eq!((d.day, d.until), (Some(4), Some((None, 12))));
        assert_eq!(one("新华社北京10月13日电").day, Some(13));
    }

    #[test]
    fn a_range_of_months() {
        let d = one("今年1至5月，全区实现");
        assert_eq!(
            (d.month, d.until_month, d.text.as_str()),
            (Some(1), Some(5), "1至5月")
        );
        assert_eq!(d.describe(date(2023, 6, 20)), "1至5月 = months 1..5");
        assert_eq!(one("2022年1—5月").year, Some(2022));
        assert!(one("1至13月").impossible(date(2023, 6, 20)).is_some());
        // A day after it: a date range, read by the other patterns.
        assert_eq!(one("6月28日至7月2日").until, Some((Some(7), 2)));
    }

    #[test]
    fn a_day_alone() {
        let d = one("会议13日上午在人民大会堂闭幕");
        assert_eq!((d.month, d.day, d.text.as_str()), (None, Some(13), "13日"));
        assert_eq!(d.describe(date(2023, 3, 15)), "13日 = day 13");
        assert!(find_dates("场前区1号楼至3号楼").is_empty());
        // Not a day: the tail of a longer number, or no day of a month.
        assert!(find_dates("第123日").is_empty());
        assert!(find_dates("持续45日").is_empty());
        assert!(find_dates("星期日").is_empty());
    }

    #[test]
    fn lunar_dates_are_not_gregorian() {
        for text in [
            "农历癸卯年二月廿四",
            "今天是农历五月初五端午节",
            "农历 8月15日中秋",
            "七月初七",
            "阴历二〇二三年三月初三",
        ] {
            assert!(
                find_dates(text).is_empty(),
                "{text}: {:?}",
                find_dates(text)
            );
        }
        // Early in a Gregorian month, and a date after a lunar one.
        assert_eq!(one("7月初，全市启动").month, Some(7));
        assert_eq!(one("农历五月初五，即6月22日").day, Some(22));
    }

    #[test]
    fn impossible_dates() {
        let issue = date(2022, 7, 5);
        assert!(one("6月31日").impossible(issue).is_some());
        assert!(one("13月").impossible(issue).is_some());
        assert!(one("6月30日").impossible(issue).is_none());
        assert!(one("2月29日").impossible(issue).is_none());
        assert!(one("2023年2月29日").impossible(issue).is_some());
    }

    #[test]
    fn latin_month_and_day_without_a_year() {
        let d = one("CHICAGO, May 3 (UPI) — A fire");
        assert_eq!(
            (d.month, d.day, d.text.as_str()),
            (Some(5), Some(3), "May 3")
        );
        assert_eq!(d.describe(date(1962, 5, 4)), "May 3 = 1962-05-03");
        assert_eq!(one("on Feb. 16th the House").day, Some(16));
        // Not dates: a verb, a number that goes on, a word that is no month.
        assert!(find_dates("he may 3 times").is_empty());
        assert!(find_dates("Mayor 3 said").is_empty());
        assert!(find_dates("Table 3 shows").is_empty());
        assert!(find_dates("May 345").is_empty());
        // German order: day, point, month.
        let d = &find_dates("London, 15. April. Der Dampfer")[0];
        assert_eq!(
            (d.text.as_str(), d.month, d.day, d.year),
            ("15. April", Some(4), Some(15), None)
        );
        assert_eq!(find_dates("am 3. Mai 1912 in Berlin")[0].year, Some(1912));
        assert!(find_dates("Seite 5. Kapitel").is_empty());
    }

    #[test]
    fn latin_dates() {
        let d = one("LONDON, Tuesday, Feb. 17, 1824.");
        assert_eq!(
            (d.year, d.month, d.day, d.weekday),
            (Some(1824), Some(2), Some(17), Some(Weekday::Tuesday))
        );
        let d = one("Berlin, 17. Februar 1824");
        assert_eq!((d.month, d.day), (Some(2), Some(17)));
        let d = one("on 16 February 1824 the");
        assert_eq!(d.day, Some(16));
        assert_eq!(one("am 2022-07-04").month, Some(7));
    }
}
