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
}
