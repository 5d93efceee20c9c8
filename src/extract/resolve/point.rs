//! A single calendar value and its EDTF.

use super::super::rules::{Clock, Zone};
use super::cyclic::nth_weekday;
use crate::model::date::Date;
use crate::model::date::calendar::{
    civil_from_day, day_from_civil, days_in_month, iso_from_day, iso_year,
};

/// A single calendar value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::extract) enum Point {
    Day(i64),
    Month(i64, u32),
    Year(i64),
    /// Seasons, quarters and halves by EDTF code.
    SubYear(i64, u32),
    /// First year of a decade (1990 for `199X`).
    Decade(i64),
    /// First year of a century (1100 for `11XX`).
    Century(i64),
    /// First year of a millennium (1000 for `1XXX`).
    Millennium(i64),
    /// A span of whole years (BC centuries).
    Years(i64, i64),
    /// A span of days (weeks, weekends, "earlier this month").
    Days(i64, i64),
    /// Months `first` to `last` of one year ("the first nine months").
    MonthSpan {
        year: i64,
        first: u32,
        last: u32,
    },
    /// A day with a time of day.
    Moment {
        day: i64,
        clock: Clock,
    },
}

impl Point {
    /// The full EDTF of the value.
    pub(super) fn edtf(self) -> String {
        match self {
            Self::Day(d) => iso_from_day(d),
            Self::Month(y, m) => format!("{}-{m:02}", iso_year(y)),
            Self::Year(y) => iso_year(y),
            Self::SubYear(y, code) => format!("{}-{code}", iso_year(y)),
            Self::Decade(y) => masked(y, 1),
            Self::Century(y) => masked(y, 2),
            Self::Millennium(y) => masked(y, 3),
            Self::Years(a, b) => format!("{}/{}", iso_year(a), iso_year(b)),
            Self::Days(a, b) => format!("{}/{}", iso_from_day(a), iso_from_day(b)),
            Self::MonthSpan { .. } => format!("{}/{}", self.start_edtf(), self.end_edtf()),
            Self::Moment { day, clock } => format!(
                "{}T{:02}:{:02}:00{}",
                iso_from_day(day),
                clock.hour,
                clock.minute,
                zone_suffix(offset_on(clock, day))
            ),
        }
    }

    /// The EDTF of the value's start, for the start of an interval.
    pub(super) fn start_edtf(self) -> String {
        match self {
            Self::Years(a, _) => iso_year(a),
            Self::Days(a, _) => iso_from_day(a),
            Self::MonthSpan { year, first, .. } => format!("{}-{first:02}", iso_year(year)),
            _ => self.edtf(),
        }
    }

    /// The EDTF of the value's end, for the end of an interval.
    pub(super) fn end_edtf(self) -> String {
        match self {
            Self::Years(_, b) => iso_year(b),
            Self::Days(_, b) => iso_from_day(b),
            Self::MonthSpan { year, last, .. } => format!("{}-{last:02}", iso_year(year)),
            _ => self.edtf(),
        }
    }

    /// Whether "~" may follow the EDTF (single values only).
    pub(super) fn can_qualify(self) -> bool {
        !matches!(
            self,
            Self::Years(..) | Self::Days(..) | Self::Moment { .. } | Self::MonthSpan { .. }
        )
    }

    /// First and last day covered, both inclusive.
    pub(super) fn day_span(self) -> Option<(i64, i64)> {
        Some(match self {
            Self::Day(d) | Self::Moment { day: d, .. } => (d, d),
            Self::Days(a, b) => (a, b),
            Self::Month(y, m) => (
                day_from_civil(y, m, 1),
                day_from_civil(y, m, days_in_month(y, m)),
            ),
            Self::Year(y) => (day_from_civil(y, 1, 1), day_from_civil(y, 12, 31)),
            Self::Years(a, b) => (day_from_civil(a, 1, 1), day_from_civil(b, 12, 31)),
            Self::MonthSpan { year, first, last } => (
                day_from_civil(year, first, 1),
                day_from_civil(year, last, days_in_month(year, last)),
            ),
            Self::SubYear(..) | Self::Decade(_) | Self::Century(_) | Self::Millennium(_) => {
                let bounds = Date::parse_edtf(&self.edtf()).ok()?.bounds();
                (bounds.earliest.day()?, bounds.latest.day()?)
            }
        })
    }

    /// The year the value lies in, when it lies in one.
    pub(super) fn single_year(self) -> Option<i64> {
        match self {
            Self::Day(d) | Self::Moment { day: d, .. } => Some(civil_from_day(d).0),
            Self::Month(y, _)
            | Self::Year(y)
            | Self::SubYear(y, _)
            | Self::MonthSpan { year: y, .. } => Some(y),
            _ => None,
        }
    }

    /// What a reader sees: "12 June 2024".
    pub(super) fn display(self) -> String {
        Date::parse_edtf(&self.edtf()).map_or_else(|_| self.edtf(), |d| d.display())
    }
}

/// Sunday, as [`nth_weekday`] counts weekdays (0 = Monday).
const SUNDAY: u32 = 6;
/// First year of the US Energy Policy Act's daylight saving dates (second
/// Sunday in March to first Sunday in November).
const US_2007_RULE_YEAR: i64 = 2007;
/// First year of the first Sunday in April to the last Sunday in October.
const US_1987_RULE_YEAR: i64 = 1987;
/// First year of the Uniform Time Act (last Sunday in April to the last in
/// October); before it, the zones are read as standard time.
const US_1967_RULE_YEAR: i64 = 1967;
/// First year of the EU's common end of summer time in October.
const EU_1996_RULE_YEAR: i64 = 1996;
/// First year of summer time from the last Sunday in March to the last in
/// September across the European Community.
const EU_1981_RULE_YEAR: i64 = 1981;
/// The local hour at which US clocks change.
const US_CHANGE_HOUR: u32 = 2;
/// The UTC hour at which EU clocks change.
const EU_CHANGE_UTC_HOUR: i32 = 1;
/// Minutes in an hour.
const MINUTES_PER_HOUR: i32 = 60;

/// Minutes east of UTC of a time written in its zone on `day`, or `None`
/// for a time with no zone. US and European zones follow their daylight
/// saving rules of that year: "3 p.m. ET" in June is UTC−4, in January
/// UTC−5.
fn offset_on(clock: Clock, day: i64) -> Option<i32> {
    let (year, _, _) = civil_from_day(day);
    // Whether `day` at the clock's hour lies in the summer period whose
    // first and last days are given, changing at `hour` local.
    let in_summer = |(start, end): (i64, i64), hour: u32| {
        (day > start || (day == start && clock.hour >= hour))
            && (day < end || (day == end && clock.hour < hour))
    };
    match clock.zone {
        Zone::Local => None,
        Zone::Fixed(minutes) => Some(minutes),
        Zone::UnitedStates(standard) => {
            let summer = if year >= US_2007_RULE_YEAR {
                Some((
                    nth_weekday(year, 3, SUNDAY, 2),
                    nth_weekday(year, 11, SUNDAY, 1),
                ))
            } else if year >= US_1987_RULE_YEAR {
                Some((
                    nth_weekday(year, 4, SUNDAY, 1),
                    nth_weekday(year, 10, SUNDAY, -1),
                ))
            } else if year >= US_1967_RULE_YEAR {
                Some((
                    nth_weekday(year, 4, SUNDAY, -1),
                    nth_weekday(year, 10, SUNDAY, -1),
                ))
            } else {
                None
            };
            let daylight = summer.is_some_and(|span| in_summer(span, US_CHANGE_HOUR));
            Some(standard + if daylight { MINUTES_PER_HOUR } else { 0 })
        }
        Zone::Europe(standard) => {
            let summer = if year >= EU_1996_RULE_YEAR {
                Some((
                    nth_weekday(year, 3, SUNDAY, -1),
                    nth_weekday(year, 10, SUNDAY, -1),
                ))
            } else if year >= EU_1981_RULE_YEAR {
                Some((
                    nth_weekday(year, 3, SUNDAY, -1),
                    nth_weekday(year, 9, SUNDAY, -1),
                ))
            } else {
                None
            };
            let change_hour =
                u32::try_from(EU_CHANGE_UTC_HOUR + standard / MINUTES_PER_HOUR).unwrap_or(0);
            let daylight = summer.is_some_and(|span| in_summer(span, change_hour));
            Some(standard + if daylight { MINUTES_PER_HOUR } else { 0 })
        }
    }
}

/// The EDTF zone of a time: "Z" for UTC, "-05:00", or nothing for local.
fn zone_suffix(offset_minutes: Option<i32>) -> String {
    match offset_minutes {
        None => String::new(),
        Some(0) => "Z".to_owned(),
        Some(minutes) => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let magnitude = minutes.unsigned_abs();
            format!("{sign}{:02}:{:02}", magnitude / 60, magnitude % 60)
        }
    }
}

/// EDTF for a year with its last `digits` unspecified: 1990 → `199X`.
fn masked(year: i64, digits: usize) -> String {
    let text = iso_year(year);
    let keep = text.len().saturating_sub(digits);
    format!("{}{}", &text[..keep], "X".repeat(digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The EDTF of a time in `zone` on a day.
    fn at(y: i64, m: u32, d: u32, hour: u32, zone: Zone) -> String {
        Point::Moment {
            day: day_from_civil(y, m, d),
            clock: Clock {
                hour,
                minute: 0,
                zone,
            },
        }
        .edtf()
    }

    #[test]
    fn us_zones_follow_the_daylight_saving_rules_of_their_year() {
        let eastern = Zone::UnitedStates(-300);
        // Since 2007: second Sunday in March (10 March 2024), at 2 a.m.
        assert!(at(2024, 3, 10, 1, eastern).ends_with("-05:00"));
        assert!(at(2024, 3, 10, 3, eastern).ends_with("-04:00"));
        // … to the first Sunday in November (3 November 2024).
        assert!(at(2024, 11, 2, 12, eastern).ends_with("-04:00"));
        assert!(at(2024, 11, 3, 12, eastern).ends_with("-05:00"));
        // 1987–2006: first Sunday in April to the last in October.
        assert!(at(2006, 3, 20, 12, eastern).ends_with("-05:00"));
        assert!(at(2006, 4, 3, 12, eastern).ends_with("-04:00"));
        assert!(at(2006, 10, 30, 12, eastern).ends_with("-05:00"));
        // Before 1967 the zone is read as standard time.
        assert!(at(1960, 7, 1, 12, eastern).ends_with("-05:00"));
        assert!(at(2024, 7, 1, 12, Zone::UnitedStates(-480)).ends_with("-07:00"));
    }

    #[test]
    fn european_zones_follow_eu_summer_time() {
        let london = Zone::Europe(0);
        // Last Sunday in March (31 March 2024) to the last in October.
        assert!(at(2024, 3, 30, 12, london).ends_with('Z'));
        assert!(at(2024, 4, 1, 12, london).ends_with("+01:00"));
        assert!(at(2024, 10, 28, 12, london).ends_with('Z'));
        assert!(at(2024, 7, 1, 12, Zone::Europe(60)).ends_with("+02:00"));
        // Before 1996 summer time ended in September.
        assert!(at(1990, 10, 10, 12, Zone::Europe(60)).ends_with("+01:00"));
        assert_eq!(at(2024, 7, 1, 12, Zone::Local), "2024-07-01T12:00:00");
        assert_eq!(
            at(2024, 7, 1, 9, Zone::Fixed(330)),
            "2024-07-01T09:00:00+05:30"
        );
    }
}
