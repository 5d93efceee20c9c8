//! Proleptic Gregorian calendar arithmetic on `i64` day numbers.
//!
//! Day 0 is 1970-01-01. Years use astronomical numbering (year 0 is 1 BC,
//! year -43 is 44 BC). Nothing here is limited to four-digit years: chrono's
//! `NaiveDate` stops at ±262 143 and SQLite's date functions at 9999, while
//! researchers write `Y-170000000`.

/// Seconds in one civil day (no leap seconds on the timeline).
pub const SECONDS_PER_DAY: i64 = 86_400;

/// Days in a 400-year Gregorian cycle (146 097), the period of the calendar.
const DAYS_PER_ERA: i64 = 146_097;

/// Day number of 0000-03-01 relative to 1970-01-01, the origin used by the
/// era arithmetic below (Howard Hinnant's `days_from_civil`).
const DAYS_FROM_0000_03_01_TO_EPOCH: i64 = 719_468;

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Three-letter month abbreviations, January first.
pub const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// True when `year` (astronomical) is a Gregorian leap year.
#[must_use]
pub const fn is_leap_year(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// Number of days in `month` (1–12) of `year`; 0 for a month out of range.
#[must_use]
pub const fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Day number (days since 1970-01-01) of a civil date. `month` is 1–12 and
/// `day` 1–31; the caller guarantees a real calendar day.
#[must_use]
pub const fn day_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Shift the year to start in March so the leap day is the year's last.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = month as i64;
    let month_from_march = if m > 2 { m - 3 } else { m + 9 };
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * DAYS_PER_ERA + day_of_era - DAYS_FROM_0000_03_01_TO_EPOCH
}

/// Civil date `(year, month, day)` of a day number; the inverse of
/// [`day_from_civil`].
#[must_use]
pub const fn civil_from_day(day_number: i64) -> (i64, u32, u32) {
    let z = day_number + DAYS_FROM_0000_03_01_TO_EPOCH;
    let era = z.div_euclid(DAYS_PER_ERA);
    let day_of_era = z - era * DAYS_PER_ERA;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// Day number of 1 January of `year`.
#[must_use]
pub const fn first_day_of_year(year: i64) -> i64 {
    day_from_civil(year, 1, 1)
}

/// Day number of 31 December of `year`.
#[must_use]
pub const fn last_day_of_year(year: i64) -> i64 {
    day_from_civil(year, 12, 31)
}

/// Adds `months` (may be negative) to a `(year, month)` pair.
#[must_use]
pub const fn add_months(year: i64, month: u32, months: i64) -> (i64, u32) {
    let index = year * 12 + (month as i64 - 1) + months;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32)
}

/// ISO 8601 text of a day number: `2023-09-13`, `-0043-03-15`, and the
/// expanded form `+12000-01-01` beyond four year digits.
#[must_use]
pub fn iso_from_day(day_number: i64) -> String {
    let (year, month, day) = civil_from_day(day_number);
    format!("{}-{month:02}-{day:02}", iso_year(year))
}

/// ISO 8601 text of an astronomical year: `2023`, `-0043`, `+12000`.
#[must_use]
pub fn iso_year(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else if year > 9999 {
        format!("+{year}")
    } else {
        format!("{year:04}")
    }
}

/// Weekday of a day number, 0 = Monday … 6 = Sunday.
#[must_use]
pub const fn weekday_from_day(day_number: i64) -> u32 {
    // 1970-01-01 was a Thursday (index 3).
    (day_number + 3).rem_euclid(7) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(day_from_civil(1970, 1, 1), 0);
        assert_eq!(day_from_civil(2000, 3, 1), 11_017);
        assert_eq!(iso_from_day(day_from_civil(2023, 9, 13)), "2023-09-13");
        assert_eq!(iso_from_day(day_from_civil(-43, 3, 15)), "-0043-03-15");
        assert_eq!(iso_from_day(day_from_civil(12000, 1, 1)), "+12000-01-01");
        assert_eq!(iso_from_day(day_from_civil(0, 2, 29)), "0000-02-29");
        // 2024-06-10 was a Monday.
        assert_eq!(weekday_from_day(day_from_civil(2024, 6, 10)), 0);
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(1900));
        assert!(is_leap_year(2000));
        assert!(is_leap_year(0));
        assert!(is_leap_year(-4));
        assert!(!is_leap_year(-1));
        assert_eq!(days_in_month(2023, 2), 28);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 13), 0);
    }

    #[test]
    fn month_arithmetic() {
        assert_eq!(add_months(2023, 11, 3), (2024, 2));
        assert_eq!(add_months(2024, 1, -1), (2023, 12));
        assert_eq!(add_months(0, 1, -1), (-1, 12));
    }

    proptest! {
        #[test]
        fn day_round_trip(day in -100_000_000_000i64..100_000_000_000i64) {
            let (y, m, d) = civil_from_day(day);
            prop_assert!((1..=12).contains(&m));
            prop_assert!(d >= 1 && d <= days_in_month(y, m));
            prop_assert_eq!(day_from_civil(y, m, d), day);
        }

        #[test]
        fn consecutive_days_are_consecutive_dates(day in -10_000_000i64..10_000_000i64) {
            let (y0, m0, d0) = civil_from_day(day);
            let (y1, m1, d1) = civil_from_day(day + 1);
            prop_assert!((y1, m1, d1) > (y0, m0, d0));
        }
    }
}
