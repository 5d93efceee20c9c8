//! A single calendar value and its EDTF.

use super::super::rules::Clock;
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
            Self::Moment { day, clock } => format!(
                "{}T{:02}:{:02}:00{}",
                iso_from_day(day),
                clock.hour,
                clock.minute,
                zone_suffix(clock.offset_minutes)
            ),
        }
    }

    /// The EDTF of the value's start, for the start of an interval.
    pub(super) fn start_edtf(self) -> String {
        match self {
            Self::Years(a, _) => iso_year(a),
            Self::Days(a, _) => iso_from_day(a),
            _ => self.edtf(),
        }
    }

    /// The EDTF of the value's end, for the end of an interval.
    pub(super) fn end_edtf(self) -> String {
        match self {
            Self::Years(_, b) => iso_year(b),
            Self::Days(_, b) => iso_from_day(b),
            _ => self.edtf(),
        }
    }

    /// Whether "~" may follow the EDTF (single values only).
    pub(super) fn can_qualify(self) -> bool {
        !matches!(self, Self::Years(..) | Self::Days(..) | Self::Moment { .. })
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
            Self::Month(y, _) | Self::Year(y) | Self::SubYear(y, _) => Some(y),
            _ => None,
        }
    }

    /// What a reader sees: "12 June 2024".
    pub(super) fn display(self) -> String {
        Date::parse_edtf(&self.edtf()).map_or_else(|_| self.edtf(), |d| d.display())
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
