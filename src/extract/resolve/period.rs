//! Spans counted from publication ("the past decade", "in the coming
//! weeks"), parts of a span ("the late 1970s", "early next week") and times
//! with a zone but no day ("18:00 UTC").

use super::super::lexicon::Unit;
use super::super::rules::{Clock, Modifier};
use super::point::Point;
use super::{
    ANAPHORIC_CONFIDENCE, Choice, Context, DAYS_PER_WEEK, DEICTIC_CONFIDENCE,
    MODIFIER_CONFIDENCE_FACTOR, Resolution, UNCUED_CONFIDENCE, published,
};
use crate::model::date::calendar::{
    add_months, civil_from_day, day_from_civil, days_in_month, iso_from_day, iso_year,
};
use crate::model::date::parts::narrowed_edtf;
use crate::model::date::{Date, Precision};

/// How many units a vague plural counts ("in the coming weeks", "in recent
/// months"): a few, with the far end approximate.
const VAGUE_PERIOD_UNITS: i64 = 3;
/// Months in a quarter and a year.
const MONTHS_PER_QUARTER: i64 = 3;
/// See [`MONTHS_PER_QUARTER`].
const MONTHS_PER_YEAR: i64 = 12;
/// Years in a decade and a century.
const DECADE_YEARS: i64 = 10;
/// See [`DECADE_YEARS`].
const CENTURY_YEARS: i64 = 100;

/// "the past decade" (`direction` −1), "the next two weeks" (+1): from
/// publication back or ahead by the amount, at the precision the unit
/// suggests; a vague plural ("the coming weeks") counts a few units and
/// marks the far end approximate.
pub(super) fn period(
    direction: i64,
    amount: Option<i64>,
    unit: Unit,
    ctx: &Context<'_>,
) -> Option<Resolution> {
    let n = amount.unwrap_or(VAGUE_PERIOD_UNITS);
    let vague = amount.is_none();
    let anchor = ctx.anchor;
    let (year, month, day) = civil_from_day(anchor);
    // The far end, and the text of both ends at the unit's precision.
    let (far, near) = match unit {
        Unit::Day | Unit::Week => {
            let days = n * if unit == Unit::Week { DAYS_PER_WEEK } else { 1 };
            (
                iso_from_day(anchor + direction * days),
                iso_from_day(anchor),
            )
        }
        Unit::Month | Unit::Quarter => {
            let months = n * if unit == Unit::Quarter {
                MONTHS_PER_QUARTER
            } else {
                1
            };
            let (y, m) = add_months(year, month, direction * months);
            let d = day.min(days_in_month(y, m));
            (iso_from_day(day_from_civil(y, m, d)), iso_from_day(anchor))
        }
        Unit::Year => {
            let (y, m) = add_months(year, month, direction * n * MONTHS_PER_YEAR);
            (
                format!("{}-{m:02}", iso_year(y)),
                format!("{}-{month:02}", iso_year(year)),
            )
        }
        Unit::Decade | Unit::Century => {
            let span = if unit == Unit::Decade {
                DECADE_YEARS
            } else {
                CENTURY_YEARS
            };
            (iso_year(year + direction * n * span), iso_year(year))
        }
    };
    let far = if vague { format!("{far}~") } else { far };
    let edtf = if direction < 0 {
        format!("{far}/{near}")
    } else {
        format!("{near}/{far}")
    };
    let count = if vague {
        format!("a few {}s", unit.name())
    } else {
        format!("{n} {}(s)", unit.name())
    };
    let way = if direction < 0 { "up to" } else { "from" };
    Some(Resolution {
        edtf,
        rule: "period",
        confidence: if vague {
            UNCUED_CONFIDENCE
        } else {
            DEICTIC_CONFIDENCE
        },
        reading: published(&format!("{count} {way} publication"), ctx),
        alternatives: Vec::new(),
        reference: None,
        explicit_year: None,
        modifier: None,
        unmodified: None,
    })
}

/// A time with a zone and no day: on the last day mentioned, else on the
/// publication day.
pub(super) fn time_alone(clock: Clock, ctx: &Context<'_>) -> Choice {
    match ctx.reference {
        Some(Point::Day(day) | Point::Moment { day, .. }) => Choice::new(
            Point::Moment { day, clock },
            "time-of-day",
            ANAPHORIC_CONFIDENCE,
            format!(
                "a time on the last day mentioned, {}",
                Point::Day(day).display()
            ),
        ),
        _ => Choice::new(
            Point::Moment {
                day: ctx.anchor,
                clock,
            },
            "time-of-day",
            UNCUED_CONFIDENCE,
            published("a time on the publication day", ctx),
        ),
    }
}

/// The part of a value a modifier points at ("the late 1970s",
/// "early next week"), through the date model's [`narrowed_edtf`] so the
/// date field reads the same words the same way. A day cannot be narrowed:
/// it is kept whole and the reading says so.
pub(super) fn narrowed(whole: Choice, part: Modifier) -> Choice {
    let Some(point) = narrowed_point(whole.point, part) else {
        let reading = format!(
            "{}; the text narrows it to its {} part",
            whole.reading,
            part.name()
        );
        return Choice {
            reading,
            modifier: Some((part, whole.point)),
            ..whole
        };
    };
    let alternatives = whole
        .alternatives
        .iter()
        .filter_map(|(p, why)| Some((narrowed_point(*p, part)?, why.clone())))
        .collect();
    Choice {
        point,
        approx: true,
        rule: whole.rule,
        confidence: whole.confidence * MODIFIER_CONFIDENCE_FACTOR,
        reading: format!(
            "{}; the {} part of it ({})",
            whole.reading,
            part.name(),
            whole.point.display()
        ),
        alternatives,
        modifier: Some((part, whole.point)),
    }
}

/// The part of `point` as a value, or `None` when it has no parts.
fn narrowed_point(point: Point, part: Modifier) -> Option<Point> {
    if let Point::Days(first, last) = point {
        return Some(days_part(first, last, part));
    }
    let date = Date::parse_edtf(&point.edtf()).ok()?;
    let narrowed = Date::parse_edtf(&narrowed_edtf(&date, part)?).ok()?;
    let bounds = narrowed.bounds();
    let (first, last) = (bounds.earliest.day()?, bounds.latest.day()?);
    let ((y1, m1, _), (y2, m2, _)) = (civil_from_day(first), civil_from_day(last));
    Some(match narrowed.precision() {
        Precision::Day => Point::Days(first, last),
        Precision::Month if (y1, m1) == (y2, m2) => Point::Month(y1, m1),
        Precision::Month if y1 == y2 => Point::MonthSpan {
            year: y1,
            first: m1,
            last: m2,
        },
        Precision::Month => Point::Days(first, last),
        _ if y1 == y2 => Point::Year(y1),
        _ => Point::Years(y1, y2),
    })
}

/// A third of a span of days ("early next week" is its Monday to
/// Wednesday), the middle one centred.
fn days_part(first: i64, last: i64, part: Modifier) -> Point {
    let days = last - first + 1;
    let size = (days + 2) / 3;
    let start = match part {
        Modifier::Early | Modifier::Start => first,
        Modifier::Mid => first + (days - size) / 2,
        Modifier::Late | Modifier::End => last - size + 1,
    };
    Point::Days(start, start + size - 1)
}
