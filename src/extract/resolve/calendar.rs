//! Written calendar values: dates, numeric dates, decades, centuries, and
//! month-days with a day name.

use super::super::Locale;
use super::super::lexicon::{NAMED_EVENTS, WEEKDAY_NAMES};
use super::super::rules::Cal;
use super::cyclic::{Cyclic, distance};
use super::names::{by_tense, yearly};
use super::point::Point;
use super::{
    AMBIGUOUS_HUNDREDS_FACTOR, AMBIGUOUS_NUMERIC_CONFIDENCE, CENTURY_YEARS, Choice, Context,
    MILLENNIUM_YEARS, TenseUse, WEEKDAY_CONFIRMED_CONFIDENCE, WEEKDAY_MISMATCH_CONFIDENCE,
    WRITTEN_CONFIDENCE, published,
};
use crate::model::date::calendar::{
    civil_from_day, day_from_civil, days_in_month, weekday_from_day,
};

/// A leap year: a month and day valid in it are valid in some year.
const ANY_LEAP_YEAR: i64 = 2024;

/// Years, months, days and weekdays as written.
pub(super) fn calendar(cal: Cal, ctx: &Context<'_>, tense: TenseUse) -> Option<Choice> {
    match (cal.year, cal.month, cal.day) {
        (Some(y), Some(m), Some(d)) => {
            if d > days_in_month(y, m) {
                return None;
            }
            let day = day_from_civil(y, m, d);
            let mut choice = Choice::new(
                Point::Day(day),
                "absolute-date",
                WRITTEN_CONFIDENCE,
                "date written in full".to_owned(),
            );
            if let Some(w) = cal.weekday
                && weekday_from_day(day) != w
            {
                choice.confidence = WEEKDAY_MISMATCH_CONFIDENCE;
                choice.reading = format!(
                    "date written in full, but it was a {}, not a {}",
                    weekday_name(weekday_from_day(day)),
                    weekday_name(w)
                );
            }
            Some(choice)
        }
        (Some(y), Some(m), None) => Some(Choice::new(
            Point::Month(y, m),
            "month-year",
            WRITTEN_CONFIDENCE,
            "month and year written".to_owned(),
        )),
        (Some(y), None, None) => Some(Choice::new(
            Point::Year(y),
            "year",
            WRITTEN_CONFIDENCE,
            "year written".to_owned(),
        )),
        (None, Some(m), Some(d)) => {
            if d > days_in_month(ANY_LEAP_YEAR, m) {
                // No year has this day.
                return None;
            }
            // "the Sept. 11 attacks": an event known by its day.
            if let Some(event) = &ctx.attachment.past_event
                && let Some((.., year, name)) = NAMED_EVENTS
                    .iter()
                    .find(|(month, day, noun, ..)| (*month, *day, *noun) == (m, d, event.as_str()))
            {
                return Some(Choice::new(
                    Point::Day(day_from_civil(*year, m, d)),
                    "named-day",
                    WRITTEN_CONFIDENCE,
                    format!("the day of {name}"),
                ));
            }
            match cal.weekday {
                Some(w) => month_day_with_weekday(m, d, w, ctx, tense),
                None => yearly(Cyclic::MonthDay(m, d), "month-day-by-tense", ctx, tense),
            }
        }
        (None, Some(m), None) => yearly(Cyclic::Month(m), "month-by-tense", ctx, tense),
        (None, None, None) => {
            let w = cal.weekday?;
            by_tense(Cyclic::Weekday(w), "weekday-by-tense", ctx, tense)
        }
        _ => None,
    }
}

/// "Monday" for 0.
pub(super) fn weekday_name(weekday: u32) -> &'static str {
    WEEKDAY_NAMES
        .get(usize::try_from(weekday).unwrap_or(0))
        .copied()
        .unwrap_or("day")
}

/// "Sunday, March 16": the tense reading if the day name fits it, else the
/// nearest year in which it does.
pub(super) fn month_day_with_weekday(
    month: u32,
    day: u32,
    weekday: u32,
    ctx: &Context<'_>,
    tense: TenseUse,
) -> Option<Choice> {
    let mut choice = yearly(
        Cyclic::MonthDay(month, day),
        "month-day-by-tense",
        ctx,
        tense,
    )?;
    let fits = |p: Point| matches!(p, Point::Day(d) if weekday_from_day(d) == weekday);
    if fits(choice.point) {
        choice.confidence = choice.confidence.max(WEEKDAY_CONFIRMED_CONFIDENCE);
        choice.reading = format!("{}; the day name agrees", choice.reading);
        choice.alternatives.retain(|(p, _)| fits(*p));
        return Some(choice);
    }
    // The written date wins: the day name only chooses between its last and
    // next occurrence, never moves it further.
    let fitting = choice
        .alternatives
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| fits(*p))
        .min_by_key(|p| {
            p.day_span()
                .map_or(i64::MAX, |(a, b)| distance(a, b, ctx.anchor))
        });
    match fitting {
        Some(point) => {
            let previous = choice.point;
            choice.alternatives = vec![(previous, choice.reading.clone())];
            choice.point = point;
            choice.reading = published(
                &format!(
                    "the nearest occurrence on a {}, as the day name says",
                    weekday_name(weekday)
                ),
                ctx,
            );
            Some(choice)
        }
        None => {
            choice.confidence = WEEKDAY_MISMATCH_CONFIDENCE;
            choice.reading = format!("{}; the day name does not agree", choice.reading);
            Some(choice)
        }
    }
}

/// `03/04/2024` by the locale, with the other order as an alternative.
pub(super) fn numeric(
    year: i64,
    year_digits: usize,
    first: u32,
    second: u32,
    ctx: &Context<'_>,
) -> Option<Choice> {
    let year = if year_digits == 2 {
        // Two-digit years: this century unless that lies in the future.
        let anchor_year = civil_from_day(ctx.anchor).0;
        let century = anchor_year.div_euclid(CENTURY_YEARS) * CENTURY_YEARS;
        if century + year <= anchor_year {
            century + year
        } else {
            century - CENTURY_YEARS + year
        }
    } else {
        year
    };
    let valid = |month: u32, day: u32| {
        (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
    };
    let (month_first, day_first) = ((first, second), (second, first));
    let (preferred, other, preferred_name, other_name) = match ctx.locale {
        Locale::EnUs => (
            month_first,
            day_first,
            "month first (en-US)",
            "day first (en-GB)",
        ),
        Locale::EnGb => (
            day_first,
            month_first,
            "day first (en-GB)",
            "month first (en-US)",
        ),
    };
    let point = |(m, d): (u32, u32)| Point::Day(day_from_civil(year, m, d));
    match (valid(preferred.0, preferred.1), valid(other.0, other.1)) {
        (true, true) if preferred != other => {
            let mut choice = Choice::new(
                point(preferred),
                "numeric-date",
                AMBIGUOUS_NUMERIC_CONFIDENCE,
                format!("read {preferred_name}"),
            );
            choice
                .alternatives
                .push((point(other), format!("read {other_name}")));
            Some(choice)
        }
        (true, _) => Some(Choice::new(
            point(preferred),
            "numeric-date",
            WRITTEN_CONFIDENCE,
            format!("read {preferred_name}"),
        )),
        (false, true) => Some(Choice::new(
            point(other),
            "numeric-date",
            WRITTEN_CONFIDENCE,
            format!("read {other_name}: the other order is no date"),
        )),
        (false, false) => None,
    }
}

/// "the 1990s" → `199X`; "the 1800s" is the century `18XX`; "the '90s"
/// is the latest such decade that has begun.
pub(super) fn decade(year: i64, two_digit: bool, anchor_year: i64) -> Choice {
    let year = if two_digit {
        let century = anchor_year.div_euclid(CENTURY_YEARS) * CENTURY_YEARS;
        if century + year <= anchor_year {
            century + year
        } else {
            century - CENTURY_YEARS + year
        }
    } else {
        year
    };
    let hundreds = !two_digit && year % CENTURY_YEARS == 0;
    // "the 2000s" is universally the decade; "the 1900s" usually the century.
    let century_first = hundreds && year % MILLENNIUM_YEARS != 0;
    if hundreds {
        let (first, second) = if century_first {
            (
                (Point::Century(year), "read as the century"),
                (Point::Decade(year), "the first decade of it"),
            )
        } else {
            (
                (Point::Decade(year), "read as the decade"),
                (Point::Century(year), "the whole century"),
            )
        };
        let mut choice = Choice::new(
            first.0,
            "decade",
            WRITTEN_CONFIDENCE * AMBIGUOUS_HUNDREDS_FACTOR,
            first.1.to_owned(),
        );
        choice.alternatives.push((second.0, second.1.to_owned()));
        return choice;
    }
    Choice::new(
        Point::Decade(year),
        "decade",
        WRITTEN_CONFIDENCE,
        "decade written".to_owned(),
    )
}

/// "the 12th century" → `11XX`, as news and catalogues count it; BC
/// centuries become year ranges ("the 3rd century BC" → `-0299/-0200`).
pub(super) fn century(ordinal: i64, bc: bool, millennium: bool) -> Option<Choice> {
    if ordinal < 1 {
        return None;
    }
    let span = if millennium {
        MILLENNIUM_YEARS
    } else {
        CENTURY_YEARS
    };
    let (point, rule) = match (bc, millennium) {
        (false, false) => (Point::Century((ordinal - 1) * span), "century"),
        (false, true) => (Point::Millennium((ordinal - 1) * span), "millennium"),
        (true, m) => (
            Point::Years(1 - ordinal * span, -(ordinal - 1) * span),
            if m { "millennium" } else { "century" },
        ),
    };
    Some(Choice::new(
        point,
        rule,
        WRITTEN_CONFIDENCE,
        format!("{rule} written"),
    ))
}
