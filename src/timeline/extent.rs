//! Where a date sits on the time axis, and how honestly to draw it. Pure:
//! no egui.
//!
//! A date known to the day is a point; one known only to the month or year
//! covers its whole month or year (drawn with soft edges, never as a day);
//! a range is a bar; `~` and `?` widen the drawn extent to the fuzzy bounds;
//! an open end runs off the axis.

use crate::model::date::calendar::SECONDS_PER_DAY;
use crate::model::date::{Date, DayBound, Precision};

/// Seconds in a day, as the axis counts them.
const DAY_SECONDS: f64 = SECONDS_PER_DAY as f64;
/// A day-precision point sits at noon, the middle of its day.
const NOON_SECONDS: f64 = DAY_SECONDS / 2.0;

/// The drawing shape of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Known to the day or finer: a marker.
    Point,
    /// An explicit range (an interval): a solid bar between its ends.
    Range,
    /// A single date known to less than a day (a month, a year, a decade):
    /// a bar over its whole extent with soft edges, because any day in it
    /// may be the one.
    Period,
    /// "One of" several dates or a bounded guess (`[..1066]`): a dashed bar
    /// over the span it may fall in.
    OneOf,
}

/// How a date is placed and drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// Drawing shape.
    pub shape: Shape,
    /// Start in seconds since 1970 (`-inf` for an open start).
    pub start: f64,
    /// End in seconds (`+inf` for an open end; equal to `start` for a point).
    pub end: f64,
    /// Start widened by `~ ? %` (equal to `start` when unqualified).
    pub fuzzy_start: f64,
    /// End widened by `~ ? %`.
    pub fuzzy_end: f64,
    /// Any part is approximate (`~`): fade the ends.
    pub approximate: bool,
    /// Any part is uncertain (`?`): dashed outline.
    pub uncertain: bool,
    /// The end is not known (`2020-03/`): fade out after the start.
    pub unknown_end: bool,
    /// The start is not known (`/2020`).
    pub unknown_start: bool,
}

fn day_start_seconds(day: i64) -> f64 {
    day as f64 * DAY_SECONDS
}

fn day_end_seconds(day: i64) -> f64 {
    (day as f64 + 1.0) * DAY_SECONDS
}

/// The extent of a date on the axis.
#[must_use]
pub fn extent_from_date(date: &Date) -> Extent {
    let strict = date.bounds();
    let fuzzy = date.fuzzy_bounds();
    let approximate = date.is_approximate();
    let uncertain = date.is_uncertain();
    let unknown_start = strict.earliest == DayBound::Unknown;
    let unknown_end = strict.latest == DayBound::Unknown;
    let start_of = |bound: DayBound| bound.day().map_or(f64::NEG_INFINITY, day_start_seconds);
    let end_of = |bound: DayBound| bound.day().map_or(f64::INFINITY, day_end_seconds);
    let precision = date.precision();
    let point = !date.is_interval() && !date.is_one_of() && precision >= Precision::Day;
    if point {
        let instant = strict.earliest.day().map_or(0.0, |day| {
            if precision == Precision::Second {
                day_start_seconds(day) + date.time_of_day_seconds() as f64
            } else {
                day_start_seconds(day) + NOON_SECONDS
            }
        });
        let spread =
            |bound: DayBound, strict_bound: DayBound| match (bound.day(), strict_bound.day()) {
                (Some(f), Some(s)) => (f - s) as f64 * DAY_SECONDS,
                _ => 0.0,
            };
        return Extent {
            shape: Shape::Point,
            start: instant,
            end: instant,
            fuzzy_start: instant + spread(fuzzy.earliest, strict.earliest),
            fuzzy_end: instant + spread(fuzzy.latest, strict.latest),
            approximate,
            uncertain,
            unknown_end: false,
            unknown_start: false,
        };
    }
    let shape = if date.is_one_of() {
        Shape::OneOf
    } else if date.is_interval() {
        Shape::Range
    } else {
        Shape::Period
    };
    let start = start_of(strict.earliest);
    let mut end = end_of(strict.latest);
    if unknown_end {
        // Draw the start's own extent and let the painter fade the rest.
        end = start_of_known_end(date).unwrap_or(start);
    }
    let start = if unknown_start { end } else { start };
    Extent {
        shape,
        start,
        end,
        fuzzy_start: if unknown_start {
            start
        } else {
            start_of(fuzzy.earliest).min(start)
        },
        fuzzy_end: if unknown_end {
            end
        } else {
            end_of(fuzzy.latest).max(end)
        },
        approximate,
        uncertain,
        unknown_end,
        unknown_start,
    }
}

/// For `2020-03/`: the end of the start's own extent (March 2020).
fn start_of_known_end(date: &Date) -> Option<f64> {
    let start = Date::parse_edtf(date.edtf().split('/').next()?).ok()?;
    start.bounds().latest.day().map(day_end_seconds)
}

/// Below this visible span a double-click can point at one day.
const DAY_POINTING_SPAN_SECONDS: f64 = 120.0 * DAY_SECONDS;
/// Below this visible span a double-click can point at a month.
const MONTH_POINTING_SPAN_SECONDS: f64 = 30.0 * 365.0 * DAY_SECONDS;
/// Years EDTF writes with four digits; beyond them it needs the `Y` form.
const FOUR_DIGIT_YEARS: std::ops::RangeInclusive<i64> = -9999..=9999;

/// How precisely one can point at a time on a view whose visible span is
/// `span_seconds`: a day, a month or a year.
#[must_use]
pub fn pointing_precision(span_seconds: f64) -> Precision {
    if span_seconds <= DAY_POINTING_SPAN_SECONDS {
        Precision::Day
    } else if span_seconds <= MONTH_POINTING_SPAN_SECONDS {
        Precision::Month
    } else {
        Precision::Year
    }
}

/// The date that holds `time` at `precision` (a day, a month, else a
/// year), as a new event made there starts with; `None` for a day or month
/// in a year EDTF cannot write with one (beyond ±9999).
#[must_use]
pub fn date_at(time: f64, precision: Precision) -> Option<Date> {
    use crate::model::date::calendar::{civil_from_day, iso_from_day, iso_year};
    let day = (time / DAY_SECONDS).floor() as i64;
    let (year, month, _) = civil_from_day(day);
    let four_digits = FOUR_DIGIT_YEARS.contains(&year);
    let edtf = match precision {
        Precision::Day | Precision::Second if four_digits => iso_from_day(day),
        Precision::Month if four_digits => format!("{}-{month:02}", iso_year(year)),
        Precision::Day | Precision::Second | Precision::Month => return None,
        _ if four_digits => iso_year(year),
        _ => format!("Y{year}"),
    };
    Date::parse_edtf(&edtf).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::calendar::day_from_civil;

    fn extent(text: &str) -> Extent {
        extent_from_date(&Date::parse(text).unwrap())
    }

    fn at(y: i64, m: u32, d: u32) -> f64 {
        day_from_civil(y, m, d) as f64 * DAY_SECONDS
    }

    #[test]
    fn a_day_is_a_point_at_noon() {
        let e = extent("2023-09-13");
        assert_eq!(e.shape, Shape::Point);
        assert_eq!(e.start, at(2023, 9, 13) + NOON_SECONDS);
        assert_eq!(e.end, e.start);
        let timed = extent("2023-09-13T10:30:00");
        assert_eq!(timed.start, at(2023, 9, 13) + 37_800.0);
        let approx = extent("2023-09-13~");
        assert_eq!(approx.fuzzy_start, approx.start - DAY_SECONDS);
        assert_eq!(approx.fuzzy_end, approx.start + DAY_SECONDS);
    }

    #[test]
    fn a_month_covers_its_whole_month_never_a_day() {
        let e = extent("September 2023");
        assert_eq!(e.shape, Shape::Period);
        assert_eq!((e.start, e.end), (at(2023, 9, 1), at(2023, 10, 1)));
        let year = extent("c. 1850");
        assert_eq!((year.start, year.end), (at(1850, 1, 1), at(1851, 1, 1)));
        assert_eq!(
            (year.fuzzy_start, year.fuzzy_end),
            (at(1849, 1, 1), at(1852, 1, 1))
        );
        assert!(year.approximate);
    }

    #[test]
    fn ranges_open_and_unknown_ends() {
        let range = extent("13–14 September 2023");
        assert_eq!(range.shape, Shape::Range);
        assert_eq!((range.start, range.end), (at(2023, 9, 13), at(2023, 9, 15)));
        let ongoing = extent("March 2020 – present");
        assert_eq!(ongoing.start, at(2020, 3, 1));
        assert!(ongoing.end.is_infinite() && ongoing.end > 0.0);
        let unknown = extent("2020-03/");
        assert!(unknown.unknown_end);
        assert_eq!(unknown.end, at(2020, 4, 1));
        let before = extent("before 1066");
        assert_eq!(before.shape, Shape::OneOf);
        assert!(before.start.is_infinite() && before.start < 0.0);
        assert_eq!(before.end, at(1067, 1, 1));
        let uncertain = extent("1850?");
        assert!(uncertain.uncertain && !uncertain.approximate);
    }

    #[test]
    fn new_event_dates_follow_the_zoom() {
        let date_text_at = |t: f64, span: f64| {
            date_at(t, pointing_precision(span)).map_or_else(String::new, |d| d.display())
        };
        let t = at(2023, 9, 13) + 3600.0;
        assert_eq!(date_text_at(t, 7.0 * DAY_SECONDS), "13 September 2023");
        assert_eq!(date_text_at(t, 3.0 * 365.0 * DAY_SECONDS), "September 2023");
        assert_eq!(date_text_at(t, 300.0 * 365.0 * DAY_SECONDS), "2023");
        assert_eq!(
            date_text_at(at(-43, 3, 15), 5.0 * DAY_SECONDS),
            "15 March 44 BC"
        );
        for text in [
            date_text_at(t, 1.0),
            date_text_at(t, 1e9),
            date_text_at(at(-43, 3, 15), 5.0 * DAY_SECONDS),
        ] {
            assert!(Date::parse(&text).is_ok(), "{text} must read back");
        }
        // Deep time: a year written in EDTF's Y form; no day so far out.
        let deep = at(2023, 1, 1) + 1.0e6 * 365.2425 * DAY_SECONDS;
        assert_eq!(date_text_at(deep, 1e15), "1,002,023");
        assert_eq!(date_at(deep, Precision::Day), None);
    }
}
