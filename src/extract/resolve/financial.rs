//! Periods of financial news: "the year-earlier quarter", and names in a
//! year counted from publication ("January this year").

use super::super::rules::{Cal, Expr};
use super::cyclic::{Cyclic, holiday_day};
use super::point::Point;
use super::relative::unit_from_anchor;
use super::{CUED_CONFIDENCE, Choice, Context, DEICTIC_CONFIDENCE, FIRST_QUARTER_CODE, published};
use crate::extract::lexicon::Unit;
use crate::model::date::calendar::{civil_from_day, day_from_civil, days_in_month};

/// Sub-year codes of quarters and halves, the periods results report.
const REPORTED_CODES: std::ops::RangeInclusive<u32> = FIRST_QUARTER_CODE..=41;

/// The same period a year before `point`, when it has one.
pub(super) fn year_before(point: Point) -> Option<Point> {
    Some(match point {
        Point::SubYear(y, code) => Point::SubYear(y - 1, code),
        Point::Month(y, m) => Point::Month(y - 1, m),
        Point::MonthSpan { year, first, last } => Point::MonthSpan {
            year: year - 1,
            first,
            last,
        },
        Point::Year(y) => Point::Year(y - 1),
        Point::Day(d) => {
            let (y, m, day) = civil_from_day(d);
            // 29 February a year before is the 28th.
            Point::Day(day_from_civil(y - 1, m, day.min(days_in_month(y - 1, m))))
        }
        _ => return None,
    })
}

/// True for a quarter, half or span of months: the periods "a year
/// earlier" compares in results.
pub(super) fn is_reported_period(point: Point) -> bool {
    matches!(point, Point::SubYear(_, code) if REPORTED_CODES.contains(&code))
        || matches!(point, Point::MonthSpan { .. })
}

/// "the year-earlier quarter": the period last mentioned, a year before;
/// with none mentioned, the latest quarter that has ended, a year before.
pub(super) fn year_earlier(ctx: &Context<'_>) -> Option<Choice> {
    let (base, from) = match ctx.reference {
        Some(point) if is_reported_period(point) || matches!(point, Point::Month(..)) => (
            point,
            format!("the period last mentioned, {}", point.display()),
        ),
        _ => {
            let latest = unit_from_anchor(Unit::Quarter, -1, ctx)?.point;
            (
                latest,
                published(
                    &format!("the latest quarter to have ended, {}", latest.display()),
                    ctx,
                ),
            )
        }
    };
    Some(Choice::new(
        year_before(base)?,
        "year-earlier",
        CUED_CONFIDENCE,
        format!("a year before {from}"),
    ))
}

/// "January this year", "Christmas last year", "the summer of next year":
/// the name's occurrence in `year`.
pub(super) fn in_year(inner: &Expr, year: i64, ctx: &Context<'_>) -> Option<Choice> {
    let cyclic = match inner {
        Expr::Cal(Cal {
            month: Some(m),
            day: None,
            year: None,
            ..
        }) => Cyclic::Month(*m),
        Expr::Cal(Cal {
            month: Some(m),
            day: Some(d),
            year: None,
            ..
        }) => Cyclic::MonthDay(*m, *d),
        Expr::Holiday {
            holiday,
            year: None,
        } => {
            return Some(Choice::new(
                Point::Day(holiday_day(*holiday, year)),
                "in-year",
                DEICTIC_CONFIDENCE,
                published(
                    &format!("{} of the year counted from publication", holiday.name),
                    ctx,
                ),
            ));
        }
        Expr::Season { code, year: None } => Cyclic::Season(*code),
        Expr::Quarter {
            quarter,
            year: None,
        } => Cyclic::Quarter(*quarter),
        _ => return None,
    };
    Some(Choice::new(
        cyclic.occurrence(year)?,
        "in-year",
        DEICTIC_CONFIDENCE,
        published("year counted from publication", ctx),
    ))
}
