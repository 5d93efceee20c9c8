//! Placing a name that comes round every year or week ("September",
//! "Monday", "Dec. 15", "the third quarter"): by the tense of its clause,
//! by its place in the sentence, or in the year the sentence set.

use super::super::tense::{Cue, Tense};
use super::cyclic::{Cyclic, Pick, distance, pick};
use super::point::Point;
use super::{
    CUED_CONFIDENCE, Choice, Context, TenseUse, UNCUED_CONFIDENCE, YEAR_CONTEXT_CONFIDENCE,
    published,
};

/// How far the nearest occurrence of a day of the year may lie before the
/// tense may choose the other one instead: four months. Both occurrences
/// are a year apart, so the nearest is never more than half a year away;
/// beyond four months the other is nearly as near and the verb's tense is
/// the better guide ("was arrested on Dec. 15", told in July, is last
/// December).
const NEAREST_DAY_FAR_DAYS: i64 = 122;

/// Days after a quarter ends in which its results are still to come: US
/// companies file quarterly reports within 40–45 days of the quarter's end.
const RESULTS_LAG_DAYS: i64 = 45;

/// The tense reading for a name: the pick, the words explaining it, and
/// the confidence it earns.
pub(super) fn tense_pick(ctx: &Context<'_>, tense: TenseUse) -> (Pick, i64, String, f32) {
    let from_cue = |cue: &Cue| {
        let pick = match cue.tense {
            Tense::Past => Pick::OnOrBefore,
            Tense::Future => Pick::OnOrAfter,
            Tense::Present => Pick::Nearest,
        };
        (
            pick,
            format!("{} (“{}”)", cue.tense.name(), cue.words),
            CUED_CONFIDENCE,
        )
    };
    let (pick, why, confidence) = match (tense, ctx.cue) {
        (TenseUse::Pivot(pick, pivot), _) => {
            return (
                pick,
                pivot,
                "placed by the range's other end".to_owned(),
                CUED_CONFIDENCE,
            );
        }
        (TenseUse::Force(pick, why), _) => (pick, format!("“{why}” looks back"), CUED_CONFIDENCE),
        (TenseUse::FromCue | TenseUse::CueElse(..), Some(cue)) => from_cue(cue),
        (TenseUse::CueElse(pick, why), None) => (pick, why.to_owned(), UNCUED_CONFIDENCE),
        (TenseUse::FromCue, None) => (
            Pick::OnOrBefore,
            "no tense cue, so the most recent".to_owned(),
            UNCUED_CONFIDENCE,
        ),
    };
    (pick, ctx.anchor, why, confidence)
}

/// Resolves a yearly or weekly name by tense, with the other reading as an
/// alternative.
pub(super) fn by_tense(
    cyclic: Cyclic,
    rule: &'static str,
    ctx: &Context<'_>,
    tense: TenseUse,
) -> Option<Choice> {
    let (how, pivot, why, confidence) = tense_pick(ctx, tense);
    let (how, why) = match attached_pick(cyclic, ctx, tense) {
        Some((attached, reason)) => (attached, reason),
        // A day named in the present tense is a schedule: "the trial opens
        // on Thursday".
        None if how == Pick::Nearest && cyclic.daily() => (Pick::OnOrAfter, why),
        None => (how, why),
    };
    // Results are reported after their period ends: "will report
    // third-quarter results", told in October, is the quarter just ended,
    // and "first-half sales rose", told in February, last year's half.
    let reported = cyclic.reported() && matches!(tense, TenseUse::FromCue | TenseUse::CueElse(..));
    let pivot = if reported && how == Pick::OnOrAfter {
        pivot - RESULTS_LAG_DAYS
    } else {
        pivot
    };
    let how = if reported && how == Pick::OnOrBefore {
        Pick::Before
    } else {
        how
    };
    let point = pick(cyclic, how, pivot)?;
    let mut choice = Choice::new(point, rule, confidence, published(&why, ctx));
    for (other, reason) in [
        (Pick::OnOrBefore, "if it has already happened"),
        (Pick::OnOrAfter, "if it is still to come"),
    ] {
        if let Some(p) = pick(cyclic, other, ctx.anchor)
            && p != point
            && !choice.alternatives.iter().any(|(q, _)| *q == p)
        {
            choice.alternatives.push((p, reason.to_owned()));
        }
    }
    Some(choice)
}

/// The pick where the date's place in its sentence outweighs its tense:
/// - a day naming a past event ("the Jan. 6 riot", "Sunday's attack") is
///   the latest before publication;
/// - a possessive day name ("Thursday's closing price") looks back;
/// - a day of the year (a month and day, a holiday) is the occurrence
///   nearest publication: news leaves out the year of the current year's
///   days (AP style), so "completed by Dec. 15", told on 31 October, is
///   this December, and "the incidents of Aug. 7" in August are days old,
///   whatever the sentence's tense. Only when the nearest is far off (more
///   than [`NEAREST_DAY_FAR_DAYS`]), so the other occurrence is about as
///   near, does a verb that surely governs the date choose.
pub(super) fn attached_pick(
    cyclic: Cyclic,
    ctx: &Context<'_>,
    tense: TenseUse,
) -> Option<(Pick, String)> {
    if !matches!(tense, TenseUse::FromCue | TenseUse::CueElse(..)) || !cyclic.daily() {
        return None;
    }
    let attachment = &ctx.attachment;
    if let Some(event) = &attachment.past_event {
        return Some((Pick::OnOrBefore, format!("a past event (“{event}”)")));
    }
    if cyclic.weekly() {
        return attachment.possessive.then(|| {
            (
                Pick::OnOrBefore,
                "a possessive day name looks back".to_owned(),
            )
        });
    }
    let strong = ctx.strong_cue
        && !attachment.in_noun_phrase
        && ctx.cue.is_some_and(|c| c.tense != Tense::Present);
    let nearest_is_far = pick(cyclic, Pick::Closest, ctx.anchor)
        .and_then(Point::day_span)
        .is_some_and(|(first, last)| distance(first, last, ctx.anchor) > NEAREST_DAY_FAR_DAYS);
    (!(strong && nearest_is_far)).then(|| {
        let why = match ctx.cue {
            Some(cue) if cue.reporting => format!(
                "the nearest to publication (“{}” dates the telling)",
                cue.words
            ),
            _ => "the nearest to publication".to_owned(),
        };
        (Pick::Closest, why)
    })
}

/// A yearly name in the year the sentence's opening date set.
pub(super) fn in_context_year(
    cyclic: Cyclic,
    rule: &'static str,
    year: i64,
    ctx: &Context<'_>,
) -> Option<Choice> {
    let point = cyclic.occurrence(year)?;
    let mut choice = Choice::new(
        point,
        rule,
        YEAR_CONTEXT_CONFIDENCE,
        format!(
            "year {} from the date opening the sentence",
            Point::Year(year).display()
        ),
    );
    if let Some(alt) = by_tense(cyclic, rule, ctx, TenseUse::FromCue)
        && alt.point != point
    {
        choice.alternatives.push((
            alt.point,
            format!("counted from publication instead: {}", alt.reading),
        ));
    }
    Some(choice)
}

/// A yearly name: in the sentence's year if one was set, else by tense.
pub(super) fn yearly(
    cyclic: Cyclic,
    rule: &'static str,
    ctx: &Context<'_>,
    tense: TenseUse,
) -> Option<Choice> {
    match (ctx.year_context, tense) {
        (Some(year), TenseUse::FromCue) => in_context_year(cyclic, rule, year, ctx),
        _ => by_tense(cyclic, rule, ctx, tense),
    }
}
