//! Resolution: placing a recognised expression in time, against the
//! publication date, the sentence's tense and the last date mentioned.
//!
//! Names that recur every year or week ("September", "Monday",
//! "Christmas Day", "the second quarter") are resolved by one rule set,
//! HeidelTime's idea: the past tense takes the latest occurrence that has
//! begun by publication, the future the earliest that has not yet ended, the
//! present the nearest (leaning ahead, and for a single day the next one: "the
//! trial opens on Thursday"). With no cue at all, news reports what has
//! happened, so the past reading is taken and the future one offered as an
//! alternative: "the launch … in November", published in June, is last
//! November.
//!
//! A day of the year ("Dec. 15", "Christmas Eve") is an exception: news
//! leaves out the year of the current year's days, so it is the occurrence
//! nearest publication unless that is far off (see `names`).
//!
//! `point` holds the value type and its EDTF, `cyclic` the yearly and weekly
//! names, `names` how one occurrence is chosen, `calendar` the written
//! forms, `relative` what counts from publication or from the last date
//! mentioned, `financial` the periods of results ("the year-earlier
//! quarter"), and `period` spans from publication, parts of a span ("the
//! late 1970s") and times with a zone alone.

mod calendar;
mod cyclic;
mod financial;
mod names;
mod period;
mod point;
mod relative;

use super::Locale;
use super::attach::Attachment;
use super::lexicon::Unit;
use super::rules::{Expr, Modifier, YearSpec};
use super::tense::{Cue, Tense};
use crate::model::date::calendar::{civil_from_day, day_from_civil, iso_from_day};

use calendar::{calendar, century, decade, numeric};
use cyclic::{Cyclic, Pick, holiday_day};
use names::{by_tense, yearly};
pub(super) use point::Point;
use relative::{
    anaphoric, anaphoric_weekday, counted_from, part_of_current, shifted, unit_from_anchor,
};

/// Confidence of a date written in full: only a misreading of the text
/// itself could make it wrong.
const WRITTEN_CONFIDENCE: f32 = 0.95;
/// Confidence of a reading counted from publication ("last month",
/// "yesterday"): right unless the publication date is.
const DEICTIC_CONFIDENCE: f32 = 0.9;
/// Confidence of a name resolved with a tense cue.
const CUED_CONFIDENCE: f32 = 0.8;
/// Confidence when a day name confirms a month and day ("Sunday, March 16").
const WEEKDAY_CONFIRMED_CONFIDENCE: f32 = 0.9;
/// Confidence of a name resolved with no tense cue (the past lean).
const UNCUED_CONFIDENCE: f32 = 0.6;
/// Confidence of a numeric date both locales read, differently.
const AMBIGUOUS_NUMERIC_CONFIDENCE: f32 = 0.7;
/// Confidence of a name given its year by the sentence's opening date.
const YEAR_CONTEXT_CONFIDENCE: f32 = 0.75;
/// Confidence of an anaphor ("the next day") counted from the last date.
const ANAPHORIC_CONFIDENCE: f32 = 0.7;
/// Confidence of an anaphor with no earlier date, counted from publication.
const UNANCHORED_ANAPHORIC_CONFIDENCE: f32 = 0.4;
/// Confidence when a day name contradicts the month and day it stands with.
const WEEKDAY_MISMATCH_CONFIDENCE: f32 = 0.4;
/// Factor for "early", "late", "the end of": the part is a convention
/// (thirds of the span), right in spirit but not to the day.
const MODIFIER_CONFIDENCE_FACTOR: f32 = 0.9;
/// Factor for a fiscal period read as the calendar one: many companies'
/// fiscal years start in another month.
const FISCAL_CONFIDENCE_FACTOR: f32 = 0.8;
/// Factor for a century read from "the 1900s", which may mean the decade.
const AMBIGUOUS_HUNDREDS_FACTOR: f32 = 0.8;

/// Days in a week.
const DAYS_PER_WEEK: i64 = 7;
/// Years in a decade, a century and a millennium.
const DECADE_YEARS: i64 = 10;
/// See [`DECADE_YEARS`].
const CENTURY_YEARS: i64 = 100;
/// See [`CENTURY_YEARS`].
const MILLENNIUM_YEARS: i64 = 1000;
/// EDTF sub-year code of the first quarter (Q1 is 33).
const FIRST_QUARTER_CODE: u32 = 33;
/// EDTF sub-year code of the first half year (40).
const FIRST_HALF_CODE: u32 = 40;

/// What the resolver knows besides the expression.
pub(super) struct Context<'a> {
    /// Publication day (days since 1970-01-01).
    pub anchor: i64,
    /// The publication date as a reader sees it ("12 June 2024").
    pub published: &'a str,
    pub locale: Locale,
    /// The tense cue governing the expression, if any.
    pub cue: Option<&'a Cue>,
    /// True when that cue surely governs the date (see
    /// [`Governing`](super::tense::Governing)).
    pub strong_cue: bool,
    /// Where the date stands: in a noun phrase, possessive, naming an event.
    pub attachment: Attachment,
    /// A year set by a date opening the sentence ("In 2019, … in March").
    pub year_context: Option<i64>,
    /// The last date mentioned before the expression.
    pub reference: Option<Point>,
    /// The last date mentioned before it in the same sentence.
    pub sentence_reference: Option<Point>,
}

/// A resolved expression, ready to become a suggestion.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Resolution {
    pub edtf: String,
    pub rule: &'static str,
    pub confidence: f32,
    pub reading: String,
    /// Other readings: (EDTF, why).
    pub alternatives: Vec<(String, String)>,
    /// What a later "the next day" counts from.
    pub reference: Option<Point>,
    /// The year the expression writes out, which bare months later in the
    /// sentence may take.
    pub explicit_year: Option<i64>,
    /// "early", "mid", "late", "start", "end", when the text narrowed the
    /// value.
    pub modifier: Option<Modifier>,
    /// The EDTF of the whole the modifier narrowed ("197X" for "the late
    /// 1970s").
    pub unmodified: Option<String>,
}

/// How a name's tense is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TenseUse {
    /// From the sentence's cue (no cue: the past lean).
    FromCue,
    /// From the cue, else this pick ("by June" leans ahead).
    CueElse(Pick, &'static str),
    /// Always this pick, whatever the cue ("since March" looks back).
    Force(Pick, &'static str),
    /// This pick relative to another day (the other side of a range).
    Pivot(Pick, i64),
}

/// A simple expression resolved to one value.
#[derive(Debug, Clone, PartialEq)]
struct Choice {
    point: Point,
    approx: bool,
    rule: &'static str,
    confidence: f32,
    reading: String,
    alternatives: Vec<(Point, String)>,
    /// The modifier that narrowed the value ("late"), and the whole it
    /// narrowed ("the 1970s").
    modifier: Option<(Modifier, Point)>,
}

impl Choice {
    /// A choice with no alternatives yet.
    fn new(point: Point, rule: &'static str, confidence: f32, reading: String) -> Self {
        Self {
            point,
            approx: false,
            rule,
            confidence,
            reading,
            alternatives: Vec::new(),
            modifier: None,
        }
    }
}

/// The EDTF of a value, with "~" when approximate and allowed.
fn qualified(point: Point, approx: bool) -> String {
    if !approx {
        return point.edtf();
    }
    if point.can_qualify() {
        return format!("{}~", point.edtf());
    }
    match point {
        // A span's ends are each approximate: "the late 1970s" is 1977~/1979~.
        Point::Years(..) | Point::Days(..) | Point::MonthSpan { .. } => {
            format!("{}~/{}~", point.start_edtf(), point.end_edtf())
        }
        _ => point.edtf(),
    }
}

/// Resolves a recognised expression, or `None` when it cannot be placed
/// (an impossible day, an anaphor with nothing to count from).
pub(super) fn resolve(expr: &Expr, ctx: &Context<'_>) -> Option<Resolution> {
    let anchor_iso = iso_from_day(ctx.anchor);
    match expr {
        Expr::Since(inner) => {
            let choice = choose(inner, ctx, TenseUse::Force(Pick::OnOrBefore, "since"))?;
            Some(finish(&choice, "since", "open-ended from then", |p, _| {
                format!("{}/..", p.start_edtf())
            }))
        }
        Expr::Before(inner) => {
            let choice = choose(inner, ctx, TenseUse::FromCue)?;
            Some(finish(&choice, "before", "some time before", |p, _| {
                format!("[..{}]", p.end_edtf())
            }))
        }
        Expr::After(inner) => {
            let choice = choose(inner, ctx, TenseUse::FromCue)?;
            Some(finish(&choice, "after", "some time after", |p, _| {
                format!("[{}..]", p.start_edtf())
            }))
        }
        Expr::Until(inner) => {
            let choice = choose(inner, ctx, TenseUse::CueElse(Pick::Nearest, "until"))?;
            let anchor = ctx.anchor;
            let note = if ends_by(choice.point, anchor) {
                "up to then"
            } else {
                "from publication up to then"
            };
            Some(finish(&choice, "until", note, |p, _| match p.day_span() {
                Some((_, last)) if last >= anchor => {
                    format!("{anchor_iso}/{}", p.end_edtf())
                }
                _ => format!("../{}", p.end_edtf()),
            }))
        }
        Expr::Deadline { inner, end_of } => {
            let choice = choose(
                inner,
                ctx,
                TenseUse::CueElse(Pick::OnOrAfter, "a deadline lies ahead"),
            )?;
            let anchor = ctx.anchor;
            let end_of = *end_of;
            let note = if ends_by(choice.point, anchor) {
                "some time before that deadline"
            } else {
                "from publication to the deadline"
            };
            Some(finish(&choice, "deadline", note, |p, _| {
                let Some((_, last)) = p.day_span() else {
                    return p.end_edtf();
                };
                let end = if end_of {
                    iso_from_day(last)
                } else {
                    p.end_edtf()
                };
                if last >= anchor {
                    format!("{anchor_iso}/{end}")
                } else {
                    format!("[..{end}]")
                }
            }))
        }
        Expr::Approx(inner) => {
            let mut choice = choose(inner, ctx, TenseUse::FromCue)?;
            choice.approx = true;
            Some(finish(&choice, "approximate", "approximate", |p, _| {
                qualified(p, true)
            }))
        }
        Expr::Range(left, right) => range(left, right, ctx),
        Expr::Period {
            direction,
            amount,
            unit,
        } => period::period(*direction, *amount, *unit, ctx),
        Expr::Time { inner, clock } => {
            let choice = choose(inner, ctx, TenseUse::FromCue)?;
            let clock = *clock;
            let at = |p: Point| match p {
                Point::Day(day) => Point::Moment { day, clock },
                other => other,
            };
            let timed = Choice {
                point: at(choice.point),
                alternatives: choice
                    .alternatives
                    .iter()
                    .map(|(p, why)| (at(*p), why.clone()))
                    .collect(),
                ..choice
            };
            Some(finish(&timed, "time-of-day", "", qualified))
        }
        simple => {
            let choice = choose(simple, ctx, TenseUse::FromCue)?;
            let mut resolution = finish(&choice, choice.rule, "", qualified);
            if simple.has_explicit_year() {
                resolution.explicit_year = choice.point.single_year();
            }
            Some(resolution)
        }
    }
}

/// True when the value ends before the publication day.
fn ends_by(point: Point, anchor: i64) -> bool {
    point.day_span().is_some_and(|(_, last)| last < anchor)
}

/// Shapes a choice and its alternatives into a resolution.
fn finish(
    choice: &Choice,
    rule: &'static str,
    note: &str,
    shape: impl Fn(Point, bool) -> String,
) -> Resolution {
    let with_note = |reading: &str| {
        if note.is_empty() {
            reading.to_owned()
        } else {
            format!("{reading}; {note}")
        }
    };
    Resolution {
        edtf: shape(choice.point, choice.approx),
        rule,
        confidence: choice.confidence,
        reading: with_note(&choice.reading),
        alternatives: choice
            .alternatives
            .iter()
            .map(|(p, why)| (shape(*p, choice.approx), why.clone()))
            .collect(),
        reference: Some(choice.point),
        explicit_year: None,
        modifier: choice.modifier.map(|(part, _)| part),
        unmodified: choice.modifier.map(|(_, whole)| whole.edtf()),
    }
}

/// "from 1994 to 2001", "between March and May", "from Monday to Friday":
/// names without a year are placed so the range runs forwards.
fn range(left: &Expr, right: &Expr, ctx: &Context<'_>) -> Option<Resolution> {
    let future = ctx.cue.is_some_and(|c| c.tense == Tense::Future);
    let (l, r) = if future {
        let l = choose(left, ctx, TenseUse::FromCue)?;
        let (first, _) = l.point.day_span()?;
        let r = choose(right, ctx, TenseUse::Pivot(Pick::OnOrAfter, first))?;
        (l, r)
    } else {
        let r = choose(right, ctx, TenseUse::FromCue)?;
        let (_, last) = r.point.day_span()?;
        let l = choose(left, ctx, TenseUse::Pivot(Pick::OnOrBefore, last))?;
        (l, r)
    };
    let (start, _) = l.point.day_span()?;
    let (_, end) = r.point.day_span()?;
    if start > end {
        return None;
    }
    // The side resolved first carries the tense; the other followed it.
    let reading = if future {
        l.reading.clone()
    } else {
        r.reading.clone()
    };
    Some(Resolution {
        edtf: format!("{}/{}", l.point.start_edtf(), r.point.end_edtf()),
        rule: "range",
        confidence: l.confidence.min(r.confidence),
        reading,
        alternatives: Vec::new(),
        // "From 1994 to 2001 … The next year": later dates count from the end.
        reference: Some(r.point),
        explicit_year: None,
        modifier: None,
        unmodified: None,
    })
}

/// An explanation ending with the publication date it counts from.
fn published(why: &str, ctx: &Context<'_>) -> String {
    format!("{why}, published {}", ctx.published)
}

/// Resolves a simple expression to one value.
fn choose(expr: &Expr, ctx: &Context<'_>, tense: TenseUse) -> Option<Choice> {
    let anchor_year = civil_from_day(ctx.anchor).0;
    let year_of = |spec: YearSpec| match spec {
        YearSpec::Explicit(y) => y,
        YearSpec::Relative(offset) => anchor_year + offset,
    };
    match expr {
        Expr::Cal(cal) => calendar(*cal, ctx, tense),
        Expr::Numeric {
            year,
            year_digits,
            first,
            second,
        } => numeric(*year, *year_digits, *first, *second, ctx),
        Expr::Decade { year, two_digit } => Some(decade(*year, *two_digit, anchor_year)),
        Expr::Century {
            ordinal,
            bc,
            millennium,
        } => century(*ordinal, *bc, *millennium),
        Expr::Season { code, year } => match year {
            Some(spec) => Some(Choice::new(
                Point::SubYear(year_of(*spec), *code),
                "season-year",
                written_or_deictic(*spec),
                spec_reading(*spec, ctx),
            )),
            None => yearly(Cyclic::Season(*code), "season-by-tense", ctx, tense),
        },
        Expr::Quarter { quarter, year } => match year {
            Some(spec) => Some(Choice::new(
                Point::SubYear(year_of(*spec), FIRST_QUARTER_CODE - 1 + quarter),
                "quarter-year",
                written_or_deictic(*spec),
                spec_reading(*spec, ctx),
            )),
            None => yearly(Cyclic::Quarter(*quarter), "quarter-by-tense", ctx, tense),
        },
        Expr::Half { half, year } => match year {
            Some(spec) => Some(Choice::new(
                Point::SubYear(year_of(*spec), FIRST_HALF_CODE - 1 + half),
                "half-year",
                written_or_deictic(*spec),
                spec_reading(*spec, ctx),
            )),
            None => yearly(Cyclic::Half(*half), "half-by-tense", ctx, tense),
        },
        Expr::FirstMonths { months, year } => match year {
            Some(spec) => Some(Choice::new(
                Point::MonthSpan {
                    year: year_of(*spec),
                    first: 1,
                    last: *months,
                },
                "first-months",
                written_or_deictic(*spec),
                spec_reading(*spec, ctx),
            )),
            None => yearly(Cyclic::FirstMonths(*months), "first-months", ctx, tense),
        },
        Expr::YearEarlier => financial::year_earlier(ctx),
        Expr::Fiscal(inner) => {
            let mut choice = choose(inner, ctx, tense)?;
            choice.rule = "fiscal";
            choice.confidence *= FISCAL_CONFIDENCE_FACTOR;
            choice.reading = format!(
                "fiscal period read as the calendar one (a company's fiscal year may start \
                 in another month); {}",
                choice.reading
            );
            Some(choice)
        }
        Expr::InYear { inner, offset } => financial::in_year(inner, anchor_year + offset, ctx),
        Expr::Named {
            year,
            month,
            day,
            name,
        } => Some(Choice::new(
            Point::Day(day_from_civil(*year, *month, *day)),
            "named-day",
            WRITTEN_CONFIDENCE,
            format!("the day known as {name}"),
        )),
        Expr::Holiday { holiday, year } => match year {
            Some(y) => Some(Choice::new(
                Point::Day(holiday_day(*holiday, *y)),
                "holiday",
                WRITTEN_CONFIDENCE,
                format!("{} of the year written", holiday.name),
            )),
            None => {
                let mut choice = yearly(Cyclic::Holiday(*holiday), "holiday", ctx, tense)?;
                choice.reading = format!("{}, {}", holiday.name, choice.reading);
                Some(choice)
            }
        },
        Expr::Weekend => by_tense(Cyclic::Weekend, "weekend-by-tense", ctx, tense),
        Expr::Shifted { shift, inner } => shifted(*shift, inner, ctx),
        Expr::Unit { unit, offset } => unit_from_anchor(*unit, *offset, ctx),
        Expr::PartOfCurrent { unit, later } => part_of_current(*unit, *later, ctx),
        Expr::DayOffset { days, word } => Some(Choice::new(
            Point::Day(ctx.anchor + days),
            "relative-day",
            DEICTIC_CONFIDENCE,
            published(&format!("“{word}”"), ctx),
        )),
        Expr::Ago {
            amount: 1,
            unit: Unit::Year,
        } => Some(relative::a_year_ago(ctx)),
        Expr::Ago { amount, unit } => {
            let (point, approx) = counted_from(Point::Day(ctx.anchor), -amount, *unit)?;
            let mut choice = Choice::new(
                point,
                "ago",
                DEICTIC_CONFIDENCE,
                published("counted back from publication", ctx),
            );
            choice.approx = approx;
            Some(choice)
        }
        Expr::Anaphoric { amount, unit } => anaphoric(*amount, *unit, ctx),
        // "that day" with no date before it points outside the text.
        Expr::Same(unit) => ctx.reference.and_then(|_| anaphoric(0, *unit, ctx)),
        Expr::AnaphoricWeekday { weekday, after } => anaphoric_weekday(*weekday, *after, ctx),
        Expr::RelativeTo { days, inner } => {
            let base = choose(inner, ctx, tense)?;
            let Point::Day(day) = base.point else {
                return None;
            };
            let point = Point::Day(day + days);
            let direction = if *days < 0 { "before" } else { "after" };
            Some(Choice {
                point,
                approx: false,
                rule: "relative-to-date",
                confidence: base.confidence,
                reading: format!(
                    "{} day(s) {direction} {}; {}",
                    days.abs(),
                    base.point.display(),
                    base.reading
                ),
                alternatives: base
                    .alternatives
                    .iter()
                    .filter_map(|(p, why)| match p {
                        Point::Day(d) => Some((Point::Day(d + days), why.clone())),
                        _ => None,
                    })
                    .collect(),
                modifier: None,
            })
        }
        Expr::Modified { modifier, inner } => {
            let whole = choose(inner, ctx, tense)?;
            Some(period::narrowed(whole, *modifier))
        }
        Expr::TimeAlone(clock) => Some(period::time_alone(*clock, ctx)),
        Expr::Since(_)
        | Expr::Period { .. }
        | Expr::Until(_)
        | Expr::Before(_)
        | Expr::After(_)
        | Expr::Approx(_)
        | Expr::Range(..)
        | Expr::Deadline { .. }
        | Expr::Time { .. } => None,
    }
}

/// Confidence of a year written out or counted from publication.
fn written_or_deictic(spec: YearSpec) -> f32 {
    match spec {
        YearSpec::Explicit(_) => WRITTEN_CONFIDENCE,
        YearSpec::Relative(_) => DEICTIC_CONFIDENCE,
    }
}

/// The explanation of a year written out or counted from publication.
fn spec_reading(spec: YearSpec, ctx: &Context<'_>) -> String {
    match spec {
        YearSpec::Explicit(_) => "year written".to_owned(),
        YearSpec::Relative(_) => published("year counted from publication", ctx),
    }
}
