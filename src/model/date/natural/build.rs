//! From parsed parts to EDTF text: ranges complete each other's sides,
//! and days are checked against their month so the message is precise.

use super::{Failure, MAX_FOUR_DIGIT_YEAR, Part, YearPart};
use crate::model::date::DateError;
use crate::model::date::calendar::{MONTH_NAMES, days_in_month, iso_year};

/// Digits of an ISO 8601 basic date, `YYYYMMDD`.
pub(super) const ISO_BASIC_DIGITS: usize = 8;

/// `19850412`: the ISO 8601 basic form of 12 April 1985. (ISO has no basic
/// form for a month alone: `198504` would read as a day of 1985 in some
/// tools and a year in others, so it is refused as a long year.)
pub(super) fn iso_basic(value: i64, part: &mut Part) -> Result<(), Failure> {
    let (year, month, day) = (value / 10_000, value / 100 % 100, value % 100);
    if !(1..=12).contains(&month) || day == 0 {
        return Err(DateError::new(format!(
            "“{value}” is no date: read as year, month and day ({year:04}-{month:02}-{day:02}) its \
             {} is out of range",
            if (1..=12).contains(&month) {
                "day"
            } else {
                "month"
            }
        ))
        .into());
    }
    part.year = Some(YearPart::Exact(year));
    part.month = u32::try_from(month).ok();
    part.day = u32::try_from(day).ok();
    Ok(())
}

/// Fills what one side of a range leaves out from the other side.
pub(super) fn complete_range(start: &mut Part, end: &mut Part) -> Result<(), Failure> {
    // "September 13–14, 2023": the end borrows the month.
    if end.month.is_none() && start.month.is_some() && (end.day.is_some() || end.bare.is_some()) {
        if let Some(d) = end.bare.take() {
            end.day = Some(d as u32);
        }
        end.month = start.month;
    }
    // "13–14 September 2023": the start borrows month and year.
    if let Some(b) = start.bare
        && end.day.is_some()
        && start.month.is_none()
    {
        start.day = Some(b as u32);
        start.bare = None;
    }
    if start.day.is_some() && start.month.is_none() {
        start.month = end.month;
    }
    // "1914–18": the end is a year in the start's century; "1985–6" a
    // year in its decade.
    if let (Some(YearPart::Exact(y)), Some(b)) = (start.year, end.bare)
        && end.month.is_none()
        && !start.bc
    {
        let year = if end.bare_digits == 1 {
            let year = y - y.rem_euclid(10) + b;
            if year <= y {
                return Err(DateError::new(format!(
                    "“{y}–{b}” runs backwards: write the end year in full, e.g. {y}–{}",
                    y + 1
                ))
                .into());
            }
            year
        } else {
            let century = y - y.rem_euclid(100);
            let year = century + b;
            if year < y { year + 100 } else { year }
        };
        end.year = Some(YearPart::Exact(year));
        end.bare = None;
    }
    // "218–201 BC": BC on the end applies to a bare start.
    if end.bc
        && !start.bc
        && let Some(YearPart::Exact(y)) = start.year
        && y > 0
    {
        start.year = Some(YearPart::Exact(1 - y));
        start.bc = true;
    }
    if start.year.is_none() && start.bare.is_none() {
        start.year = end.year;
        // "December – February 2024" begins in the year before.
        if let (Some(a), Some(b), Some(YearPart::Exact(y))) = (start.month, end.month, end.year)
            && a <= 12
            && b <= 12
            && a > b
        {
            start.year = Some(YearPart::Exact(y - 1));
        }
    }
    Ok(())
}

pub(super) fn edtf_from_part(part: &Part) -> Result<String, Failure> {
    if part.day.is_some() && part.month.is_none() {
        return Err(Failure::Unrecognised);
    }
    let year = match (part.year, part.bare) {
        (Some(y), _) => y,
        (None, Some(b)) => YearPart::Exact(b),
        (None, None) => {
            return Err(match part.month {
                Some(m) if (1..=12).contains(&m) => DateError::new(format!(
                    "which year? Add one, e.g. “{} 2024”",
                    MONTH_NAMES[m as usize - 1]
                ))
                .into(),
                _ => Failure::Unrecognised,
            });
        }
    };
    let mut text = match year {
        YearPart::Exact(y) if y.abs() > MAX_FOUR_DIGIT_YEAR => {
            if part.month.is_some() {
                return Err(DateError::new(
                    "years beyond four digits can only be given as a whole year",
                )
                .into());
            }
            format!("Y{y}")
        }
        YearPart::Exact(y) => iso_year(y),
        YearPart::Masked(prefix, unknown) => {
            format!(
                "{prefix:0width$}{}",
                "X".repeat(unknown),
                width = 4 - unknown
            )
        }
        YearPart::NegativeMasked(prefix, unknown) => {
            format!(
                "-{prefix:0width$}{}",
                "X".repeat(unknown),
                width = 4 - unknown
            )
        }
    };
    if let Some(month) = part.month {
        if month == 0 {
            text.push_str("-XX");
        } else {
            text.push_str(&format!("-{month:02}"));
        }
    }
    if let Some(day) = part.day {
        if day == 0 {
            text.push_str("-XX");
        } else {
            check_day(year, part.month, day)?;
            text.push_str(&format!("-{day:02}"));
        }
    }
    if let Some((h, m, s)) = part.time {
        text.push_str(&format!("T{h:02}:{m:02}:{s:02}"));
    }
    match (part.approximate, part.uncertain) {
        (true, true) => text.push('%'),
        (true, false) => text.push('~'),
        (false, true) => text.push('?'),
        (false, false) => {}
    }
    Ok(text)
}

/// A precise message for a day the month does not have.
pub(super) fn check_day(year: YearPart, month: Option<u32>, day: u32) -> Result<(), Failure> {
    let (YearPart::Exact(y), Some(m @ 1..=12)) = (year, month) else {
        return Ok(());
    };
    let last = days_in_month(y, m);
    if day == 0 || day > last {
        let name = MONTH_NAMES[m as usize - 1];
        let year_text = crate::model::date::year_text(y);
        let message = if m == 2 && day == 29 {
            format!("{year_text} is not a leap year, so February {year_text} has 28 days")
        } else {
            format!("there is no {day} {name} {year_text}: {name} {year_text} has {last} days")
        };
        return Err(DateError::new(message).into());
    }
    Ok(())
}
