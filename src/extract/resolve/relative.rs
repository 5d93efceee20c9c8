//! Values counted from publication or from the last date mentioned.

use super::super::lexicon::Unit;
use super::super::rules::{Cal, Expr, Shift};
use super::super::tense::Tense;
use super::calendar::weekday_name;
use super::cyclic::{Cyclic, Pick, pick};
use super::financial::{is_reported_period, year_before};
use super::point::Point;
use super::{
    ANAPHORIC_CONFIDENCE, CENTURY_YEARS, Choice, Context, DAYS_PER_WEEK, DECADE_YEARS,
    DEICTIC_CONFIDENCE, FIRST_QUARTER_CODE, UNANCHORED_ANAPHORIC_CONFIDENCE, published,
};
use crate::model::date::calendar::{add_months, civil_from_day, weekday_from_day};

/// Quarters in a year.
const QUARTERS_PER_YEAR: i64 = 4;
/// Months in a quarter.
const MONTHS_PER_QUARTER: u32 = 3;

/// "last Monday", "next March", "this summer", "last Christmas".
pub(super) fn shifted(shift: Shift, inner: &Expr, ctx: &Context<'_>) -> Option<Choice> {
    let cyclic = match inner {
        Expr::Cal(Cal {
            weekday: Some(w),
            month: None,
            ..
        }) => Cyclic::Weekday(*w),
        Expr::Cal(Cal {
            month: Some(m),
            day: None,
            year: None,
            ..
        }) => Cyclic::Month(*m),
        Expr::Season { code, .. } => Cyclic::Season(*code),
        Expr::Holiday { holiday, .. } => Cyclic::Holiday(*holiday),
        Expr::Weekend => Cyclic::Weekend,
        _ => return None,
    };
    let past = ctx.cue.is_some_and(|c| c.tense == Tense::Past);
    let (how, word) = match shift {
        Shift::Last => (Pick::Before, "last"),
        Shift::Next => (Pick::After, "next"),
        // "this Friday" is the coming one unless the sentence looks back.
        Shift::This if cyclic.weekly() && past => (Pick::OnOrBefore, "this"),
        Shift::This if cyclic.weekly() => (Pick::OnOrAfter, "this"),
        Shift::This => (Pick::Containing, "this"),
    };
    let point = pick(cyclic, how, ctx.anchor)?;
    let mut choice = Choice::new(
        point,
        "last-next-this",
        DEICTIC_CONFIDENCE,
        published(&format!("“{word}” counted from publication"), ctx),
    );
    // "next Friday" is often the Friday of next week, not the coming one.
    if cyclic.weekly() && shift != Shift::This {
        let step = if shift == Shift::Next {
            DAYS_PER_WEEK
        } else {
            -DAYS_PER_WEEK
        };
        if let Point::Day(d) = point {
            let other = Point::Day(d + step);
            let in_adjacent_week =
                Cyclic::Weekday(0).cycle_of(d + step) - Cyclic::Weekday(0).cycle_of(ctx.anchor);
            if in_adjacent_week.abs() == 1 {
                choice
                    .alternatives
                    .push((other, format!("the {word} week's")));
            }
        }
    }
    Some(choice)
}

/// "this month", "last year", "next week", "last quarter".
pub(super) fn unit_from_anchor(unit: Unit, offset: i64, ctx: &Context<'_>) -> Option<Choice> {
    let (year, month, _) = civil_from_day(ctx.anchor);
    let point = match unit {
        Unit::Day => Point::Day(ctx.anchor + offset),
        Unit::Week => {
            let monday =
                ctx.anchor - i64::from(weekday_from_day(ctx.anchor)) + DAYS_PER_WEEK * offset;
            Point::Days(monday, monday + DAYS_PER_WEEK - 1)
        }
        Unit::Month => {
            let (y, m) = add_months(year, month, offset);
            Point::Month(y, m)
        }
        Unit::Quarter => {
            let quarter_index =
                year * QUARTERS_PER_YEAR + i64::from((month - 1) / MONTHS_PER_QUARTER) + offset;
            let q = u32::try_from(quarter_index.rem_euclid(QUARTERS_PER_YEAR)).ok()?;
            Point::SubYear(
                quarter_index.div_euclid(QUARTERS_PER_YEAR),
                FIRST_QUARTER_CODE + q,
            )
        }
        Unit::Year => Point::Year(year + offset),
        Unit::Decade => {
            Point::Decade(year.div_euclid(DECADE_YEARS) * DECADE_YEARS + DECADE_YEARS * offset)
        }
        Unit::Century => {
            Point::Century(year.div_euclid(CENTURY_YEARS) * CENTURY_YEARS + CENTURY_YEARS * offset)
        }
    };
    let which = match offset {
        0 => "this",
        o if o < 0 => "last",
        _ => "next",
    };
    Some(Choice::new(
        point,
        "relative-unit",
        DEICTIC_CONFIDENCE,
        published(
            &format!("{which} {} counted from publication", unit.name()),
            ctx,
        ),
    ))
}

/// "earlier this month" → from the month's start to publication; "later
/// this week" → from publication to the week's end.
pub(super) fn part_of_current(unit: Unit, later: bool, ctx: &Context<'_>) -> Option<Choice> {
    let current = unit_from_anchor(unit, 0, ctx)?;
    let (first, last) = current.point.day_span()?;
    let (point, how) = if later {
        (
            Point::Days(ctx.anchor, last),
            "from publication to the end of the",
        )
    } else {
        (Point::Days(first, ctx.anchor), "from the start of the")
    };
    let reading = if later {
        published(&format!("{how} {}", unit.name()), ctx)
    } else {
        published(&format!("{how} {} to publication", unit.name()), ctx)
    };
    Some(Choice::new(
        point,
        "part-of-current",
        DEICTIC_CONFIDENCE,
        reading,
    ))
}

/// "a year ago": in a sentence about a quarter or half ("profit rose from
/// a year ago"), that period a year before; else about the day a year
/// before publication, with the year as the other reading. (The day is
/// the reading news annotation gives "a year ago" outside results: the
/// year alone is too coarse, issue 17.)
pub(super) fn a_year_ago(ctx: &Context<'_>) -> Choice {
    if let Some(period) = ctx.sentence_reference.filter(|p| is_reported_period(*p))
        && let Some(point) = year_before(period)
    {
        return Choice::new(
            point,
            "ago",
            DEICTIC_CONFIDENCE,
            format!(
                "the same period a year before {}, the one the sentence reports",
                period.display()
            ),
        );
    }
    let (year, _, _) = civil_from_day(ctx.anchor);
    let day = year_before(Point::Day(ctx.anchor)).unwrap_or(Point::Year(year - 1));
    let mut choice = Choice::new(
        day,
        "ago",
        DEICTIC_CONFIDENCE,
        published("about a year back from publication", ctx),
    );
    choice.approx = true;
    choice.alternatives.push((
        Point::Year(year - 1),
        "the year before publication".to_owned(),
    ));
    choice
}

/// `amount` units from `base`, at the precision the base and unit allow,
/// and whether the result is approximate ("two weeks later" is about a
/// day; "ten years ago" about a year).
pub(super) fn counted_from(base: Point, amount: i64, unit: Unit) -> Option<(Point, bool)> {
    // Quarters and halves count in their own steps: "a year earlier" than
    // Q3 2024 is Q3 2023, "the previous quarter" Q2 2024.
    if let Point::SubYear(y, code) = base {
        let quarter = (FIRST_QUARTER_CODE..FIRST_QUARTER_CODE + 4).contains(&code);
        return match unit {
            Unit::Year => Some((Point::SubYear(y + amount, code), false)),
            Unit::Quarter if quarter => {
                let index = y * QUARTERS_PER_YEAR + i64::from(code - FIRST_QUARTER_CODE) + amount;
                let q = u32::try_from(index.rem_euclid(QUARTERS_PER_YEAR)).ok()?;
                Some((
                    Point::SubYear(index.div_euclid(QUARTERS_PER_YEAR), FIRST_QUARTER_CODE + q),
                    false,
                ))
            }
            _ => None,
        };
    }
    if let (Point::MonthSpan { year, first, last }, Unit::Year) = (base, unit) {
        return Some((
            Point::MonthSpan {
                year: year + amount,
                first,
                last,
            },
            false,
        ));
    }
    let (day, month, year) = match base {
        Point::Day(d) | Point::Moment { day: d, .. } => {
            let (y, m, _) = civil_from_day(d);
            (Some(d), Some((y, m)), y)
        }
        Point::Month(y, m) => (None, Some((y, m)), y),
        Point::Year(y) => (None, None, y),
        _ => return None,
    };
    let exact_months = day.is_none();
    let exact_years = day.is_none() && month.is_none();
    Some(match unit {
        Unit::Day => (Point::Day(day? + amount), false),
        Unit::Week => (Point::Day(day? + DAYS_PER_WEEK * amount), true),
        Unit::Month | Unit::Quarter => {
            let months = if unit == Unit::Quarter {
                i64::from(MONTHS_PER_QUARTER) * amount
            } else {
                amount
            };
            let (y, m) = month?;
            let (y, m) = add_months(y, m, months);
            (Point::Month(y, m), !exact_months)
        }
        Unit::Year => (Point::Year(year + amount), !exact_years),
        Unit::Decade => (Point::Year(year + DECADE_YEARS * amount), true),
        Unit::Century => (Point::Year(year + CENTURY_YEARS * amount), true),
    })
}

/// "the day before", "two days later": counted from the last date
/// mentioned, or from publication when there is none.
pub(super) fn anaphoric(amount: i64, unit: Unit, ctx: &Context<'_>) -> Option<Choice> {
    let (base, confidence, from) = match ctx.reference {
        Some(reference) => (
            reference,
            ANAPHORIC_CONFIDENCE,
            format!("the last date mentioned, {}", reference.display()),
        ),
        None => (
            Point::Day(ctx.anchor),
            UNANCHORED_ANAPHORIC_CONFIDENCE,
            format!("publication, {}, as no date came before", ctx.published),
        ),
    };
    let (point, approx) = counted_from(base, amount, unit)?;
    let count = match amount {
        0 => format!("the same {} as", unit.name()),
        n if n < 0 => format!("{} {}(s) before", -n, unit.name()),
        n => format!("{n} {}(s) after", unit.name()),
    };
    let mut choice = Choice::new(point, "anaphoric", confidence, format!("{count} {from}"));
    choice.approx = approx;
    Some(choice)
}

/// "the following Monday": the first Monday after the last date mentioned
/// ("the previous Friday": the last one before it).
pub(super) fn anaphoric_weekday(weekday: u32, after: bool, ctx: &Context<'_>) -> Option<Choice> {
    let (base, confidence, from) = match ctx.reference.and_then(Point::day_span) {
        Some((first, last)) => (
            if after { last } else { first },
            ANAPHORIC_CONFIDENCE,
            "the last date mentioned".to_owned(),
        ),
        None => (
            ctx.anchor,
            UNANCHORED_ANAPHORIC_CONFIDENCE,
            format!("publication, {}, as no date came before", ctx.published),
        ),
    };
    let how = if after { Pick::After } else { Pick::Before };
    let point = pick(Cyclic::Weekday(weekday), how, base)?;
    let direction = if after { "after" } else { "before" };
    Some(Choice::new(
        point,
        "anaphoric",
        confidence,
        format!(
            "the first {} {direction} {from} ({})",
            weekday_name(weekday),
            Point::Day(base).display()
        ),
    ))
}
