//! Dates without a year, resolved against the issue date.

use jiff::civil::Date;

/// Resolves a month and day printed without a year (a dateline's `7月4日`)
/// to a full date. Datelines report what already happened, so the date is
/// the latest one not after the issue date (plus one day of slack for
/// papers dated the evening before): `12月31日` in a 1 January issue is last
/// year. Returns `None` for a day that does not exist (`2月30日`).
pub fn resolve_month_day(issue: Date, month: u32, day: u32) -> Option<Date> {
    let (m, d) = (i8::try_from(month).ok()?, i8::try_from(day).ok()?);
    let this_year = Date::new(issue.year(), m, d);
    let limit = issue.tomorrow().ok()?;
    match this_year {
        Ok(date) if date <= limit => Some(date),
        Ok(_) => Date::new(issue.year() - 1, m, d).ok(),
        // 2月29日 in a non-leap issue year may still be last year's... only
        // if last year was leap; otherwise the day does not exist.
        Err(_) => Date::new(issue.year() - 1, m, d)
            .ok()
            .filter(|date| *date <= limit),
    }
}

/// Resolves a day printed without its month (a dispatch's `十日电`): the
/// latest date with that day not after the day after the issue, in the
/// issue's month or one of the two before it (a 31st skips short months).
pub fn resolve_day(issue: Date, day: u32) -> Option<Date> {
    let d = i8::try_from(day).ok()?;
    let limit = issue.tomorrow().ok()?;
    let mut month = issue.first_of_month();
    for _ in 0..3 {
        if let Ok(date) = Date::new(month.year(), month.month(), d) {
            if date <= limit {
                return Some(date);
            }
        }
        month = month.checked_sub(jiff::ToSpan::months(1)).ok()?;
    }
    None
}

/// Resolves a month and day printed without a year in running text to
/// the occurrence nearest the issue date. Unlike a dateline, text also
/// announces what is to come (`活动将持续至8月31日` in a May issue is this
/// August, and `1月5日` in a late-December issue is next January); an equal
/// distance either way goes to the past. `None` for a day that does not
/// exist in any of the three years.
pub fn nearest_month_day(issue: Date, month: u32, day: u32) -> Option<Date> {
    let (m, d) = (i8::try_from(month).ok()?, i8::try_from(day).ok()?);
    let distance = |date: &Date| date.duration_since(issue).as_secs().abs();
    [issue.year() - 1, issue.year(), issue.year() + 1]
        .into_iter()
        .filter_map(|y| Date::new(y, m, d).ok())
        .min_by_key(|date| (distance(date), *date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn resolves_against_issue_date() {
        let issue = date(2022, 7, 5);
        assert_eq!(resolve_month_day(issue, 7, 4), Some(date(2022, 7, 4)));
        assert_eq!(resolve_month_day(issue, 6, 30), Some(date(2022, 6, 30)));
        assert_eq!(resolve_month_day(issue, 7, 6), Some(date(2022, 7, 6)));
        assert_eq!(resolve_month_day(issue, 7, 8), Some(date(2021, 7, 8)));
        assert_eq!(
            resolve_month_day(date(2023, 1, 1), 12, 31),
            Some(date(2022, 12, 31))
        );
        assert_eq!(resolve_month_day(issue, 2, 30), None);
        assert_eq!(resolve_month_day(issue, 13, 1), None);
    }

    #[test]
    fn a_day_alone_is_in_the_latest_month_that_has_it() {
        let issue = date(1955, 3, 11);
        assert_eq!(resolve_day(issue, 10), Some(date(1955, 3, 10)));
        assert_eq!(resolve_day(issue, 12), Some(date(1955, 3, 12)));
        assert_eq!(resolve_day(issue, 28), Some(date(1955, 2, 28)));
        // No 31 February: January.
        assert_eq!(resolve_day(issue, 31), Some(date(1955, 1, 31)));
        assert_eq!(resolve_day(date(1955, 1, 2), 31), Some(date(1954, 12, 31)));
        assert_eq!(resolve_day(issue, 0), None);
        assert_eq!(resolve_day(issue, 32), None);
    }

    #[test]
    fn running_text_dates_are_the_nearest_occurrence() {
        let may = date(2024, 5, 8);
        assert_eq!(nearest_month_day(may, 8, 31), Some(date(2024, 8, 31)));
        assert_eq!(nearest_month_day(may, 5, 1), Some(date(2024, 5, 1)));
        // Nearer last year than next: 12月20日 in May is last December.
        assert_eq!(nearest_month_day(may, 12, 20), Some(date(2023, 12, 20)));
        let december = date(2023, 12, 20);
        assert_eq!(nearest_month_day(december, 1, 5), Some(date(2024, 1, 5)));
        assert_eq!(nearest_month_day(december, 9, 1), Some(date(2023, 9, 1)));
        // Exactly as far either way: the past.
        assert_eq!(
            nearest_month_day(date(2023, 8, 31), 3, 1),
            Some(date(2023, 3, 1))
        );
        let jan = date(2022, 1, 1);
        // 2月29日 exists only in the leap year among the three.
        assert_eq!(nearest_month_day(jan, 2, 29), None);
        assert_eq!(
            nearest_month_day(date(2024, 11, 1), 2, 29),
            Some(date(2024, 2, 29))
        );
        assert_eq!(nearest_month_day(may, 2, 30), None);
    }
}
