//! Names that come round every year or week, and how one occurrence is
//! chosen relative to a day.

use super::super::lexicon::{Holiday, HolidayRule, THANKSGIVING};
use super::point::Point;
use super::{DAYS_PER_WEEK, FIRST_HALF_CODE, FIRST_QUARTER_CODE};
use crate::model::date::calendar::{
    civil_from_day, day_from_civil, days_in_month, weekday_from_day,
};

/// Days from a week's Monday to its Saturday and Sunday.
const SATURDAY: i64 = 5;
/// See [`SATURDAY`].
const SUNDAY: i64 = 6;
/// Day number of 1970-01-05, the first Monday: weeks are counted from it.
const FIRST_MONDAY_DAY: i64 = 4;
/// Cycles (years or weeks) searched on each side of the pivot: two cover
/// winters that straddle a new year and every holiday rule.
const SEARCH_CYCLES: i64 = 2;
/// How much nearer a past occurrence must be for the present tense to take
/// it over the next one: news in the present mostly announces ("the
/// festival is in August"), yet reports figures for a month just gone
/// ("unemployment is 4% in February").
const PRESENT_FUTURE_WEIGHT: i64 = 2;

/// A name that comes round every year or every week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cyclic {
    Month(u32),
    MonthDay(u32, u32),
    Weekday(u32),
    Holiday(Holiday),
    /// EDTF season code 21–24.
    Season(u32),
    Quarter(u32),
    /// A half year (1–2).
    Half(u32),
    /// "The first nine months": January to that month.
    FirstMonths(u32),
    Weekend,
}

impl Cyclic {
    /// Names that recur every week.
    pub(super) fn weekly(self) -> bool {
        matches!(self, Self::Weekday(_) | Self::Weekend)
    }

    /// Periods whose results are reported after they end.
    pub(super) fn reported(self) -> bool {
        matches!(
            self,
            Self::Quarter(_) | Self::Half(_) | Self::FirstMonths(_)
        )
    }

    /// Names of single days (or a weekend), as opposed to months and seasons.
    pub(super) fn daily(self) -> bool {
        matches!(
            self,
            Self::Weekday(_) | Self::Weekend | Self::MonthDay(..) | Self::Holiday(_)
        )
    }

    /// The year, or the week number, a day falls in.
    pub(super) fn cycle_of(self, day: i64) -> i64 {
        if self.weekly() {
            (day - FIRST_MONDAY_DAY).div_euclid(DAYS_PER_WEEK)
        } else {
            civil_from_day(day).0
        }
    }

    /// The occurrence in year (or week) `k`.
    pub(super) fn occurrence(self, k: i64) -> Option<Point> {
        let week_start = FIRST_MONDAY_DAY + DAYS_PER_WEEK * k;
        Some(match self {
            Self::Month(m) => Point::Month(k, m),
            Self::MonthDay(m, d) => {
                if d > days_in_month(k, m) {
                    return None;
                }
                Point::Day(day_from_civil(k, m, d))
            }
            Self::Weekday(w) => Point::Day(week_start + i64::from(w)),
            Self::Weekend => Point::Days(week_start + SATURDAY, week_start + SUNDAY),
            Self::Holiday(h) => Point::Day(holiday_day(h, k)),
            Self::Season(code) => Point::SubYear(k, code),
            Self::Quarter(q) => Point::SubYear(k, FIRST_QUARTER_CODE - 1 + q),
            Self::Half(h) => Point::SubYear(k, FIRST_HALF_CODE - 1 + h),
            Self::FirstMonths(months) => Point::MonthSpan {
                year: k,
                first: 1,
                last: months,
            },
        })
    }
}

/// How to choose among a name's occurrences, relative to a pivot day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pick {
    /// The latest that has begun by the pivot (past tense).
    OnOrBefore,
    /// The earliest that has not ended by the pivot (future).
    OnOrAfter,
    /// The one containing the pivot, else the closest (present tense).
    Nearest,
    /// The latest that ended before the pivot ("last March").
    Before,
    /// The earliest that begins after the pivot ("next March").
    After,
    /// The one containing the pivot, else the one in its year or week
    /// ("this summer").
    Containing,
    /// The one nearest the pivot, the earlier on a tie (a day of the year
    /// whose tense does not decide).
    Closest,
}

/// The occurrence of `cyclic` chosen `how`, relative to `pivot`.
pub(super) fn pick(cyclic: Cyclic, how: Pick, pivot: i64) -> Option<Point> {
    let k0 = cyclic.cycle_of(pivot);
    let candidates: Vec<(Point, i64, i64)> = (k0 - SEARCH_CYCLES..=k0 + SEARCH_CYCLES)
        .filter_map(|k| cyclic.occurrence(k))
        .filter_map(|p| p.day_span().map(|(a, b)| (p, a, b)))
        .collect();
    let containing = candidates
        .iter()
        .find(|(_, a, b)| *a <= pivot && pivot <= *b)
        .map(|c| c.0);
    let chosen = match how {
        Pick::OnOrBefore => candidates
            .iter()
            .filter(|c| c.1 <= pivot)
            .max_by_key(|c| c.1),
        Pick::OnOrAfter => candidates
            .iter()
            .filter(|c| c.2 >= pivot)
            .min_by_key(|c| c.1),
        Pick::Before => candidates
            .iter()
            .filter(|c| c.2 < pivot)
            .max_by_key(|c| c.1),
        Pick::After => candidates
            .iter()
            .filter(|c| c.1 > pivot)
            .min_by_key(|c| c.1),
        Pick::Nearest => {
            if containing.is_some() {
                return containing;
            }
            let past = candidates
                .iter()
                .filter(|c| c.2 < pivot)
                .max_by_key(|c| c.1);
            let future = candidates
                .iter()
                .filter(|c| c.1 > pivot)
                .min_by_key(|c| c.1);
            match (past, future) {
                (Some(p), Some(f)) if (pivot - p.2) * PRESENT_FUTURE_WEIGHT < f.1 - pivot => {
                    Some(p)
                }
                (p, f) => f.or(p),
            }
        }
        Pick::Containing => {
            return containing.or_else(|| cyclic.occurrence(k0));
        }
        Pick::Closest => candidates
            .iter()
            .min_by_key(|c| (distance(c.1, c.2, pivot), c.1)),
    };
    chosen.map(|c| c.0)
}

/// Days from `pivot` to the span `first..=last` (0 inside it).
pub(super) fn distance(first: i64, last: i64, pivot: i64) -> i64 {
    if pivot < first {
        first - pivot
    } else if pivot > last {
        pivot - last
    } else {
        0
    }
}

/// The day of a holiday in year `year`.
pub(super) fn holiday_day(holiday: Holiday, year: i64) -> i64 {
    match holiday.rule {
        HolidayRule::Fixed { month, day } => day_from_civil(year, month, day),
        HolidayRule::NthWeekday {
            month,
            weekday,
            nth,
        } => nth_weekday(year, month, weekday, nth),
        HolidayRule::Easter { offset_days } => easter_day(year) + offset_days,
        HolidayRule::AfterThanksgiving { offset_days } => {
            holiday_day(THANKSGIVING, year) + offset_days
        }
    }
}

/// The `nth` weekday of a month (−1 for the last).
pub(super) fn nth_weekday(year: i64, month: u32, weekday: u32, nth: i32) -> i64 {
    if nth < 0 {
        let last = day_from_civil(year, month, days_in_month(year, month));
        let back = (i64::from(weekday_from_day(last)) - i64::from(weekday)).rem_euclid(7);
        return last - back;
    }
    let first = day_from_civil(year, month, 1);
    let ahead = (i64::from(weekday) - i64::from(weekday_from_day(first))).rem_euclid(7);
    first + ahead + DAYS_PER_WEEK * i64::from(nth - 1)
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus).
fn easter_day(year: i64) -> i64 {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // Both are small positive numbers by construction (month 3–4, day 1–31).
    day_from_civil(
        year,
        u32::try_from(month).unwrap_or(4),
        u32::try_from(day).unwrap_or(1),
    )
}
