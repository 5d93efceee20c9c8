//! Expressions counted from publication ("last month", "three days ago")
//! or from the last date mentioned ("the next day"), and the modifiers
//! "early", "late", "the end of".

use super::super::lexicon::{Unit, season_from_word, unit_from_word};
use super::super::token::Kind;
use super::{Cal, Expr, Found, Parser, Shift, YearContext, longest, year_only};
use crate::model::date::words::{part_from_of_word, part_from_word};

impl Parser<'_> {
    /// "January this year", "March of last year", "Christmas next year":
    /// a yearly name followed by a year counted from publication.
    pub(super) fn in_counted_year(&self, end: usize, expr: &Expr) -> Option<(usize, Expr)> {
        let yearly = matches!(
            expr,
            Expr::Cal(Cal {
                year: None,
                month: Some(_),
                weekday: None,
                ..
            }) | Expr::Holiday { year: None, .. }
        );
        if !yearly {
            return None;
        }
        let j = if self.is(end, "of") { end + 1 } else { end };
        let offset = match self.word(j)? {
            "this" => 0,
            "last" => -1,
            "next" => 1,
            _ => return None,
        };
        (self.base(j + 1) == Some("year")).then(|| {
            (
                j + 2,
                Expr::InYear {
                    inner: Box::new(expr.clone()),
                    offset,
                },
            )
        })
    }

    /// "last month", "next Tuesday", "this summer", "last Christmas",
    /// "this weekend", "last night", "this morning".
    pub(super) fn shifted(&self, i: usize) -> Found {
        // "the last month" is a span of time, "the next day" an anaphor.
        if self.previous_word(i) == Some("the") {
            return None;
        }
        let (mut j, shift) = match self.word(i)? {
            "last" => (i + 1, Shift::Last),
            "next" => (i + 1, Shift::Next),
            "this" if self.is(i + 1, "coming") => (i + 2, Shift::Next),
            "this" if self.is(i + 1, "past") => (i + 2, Shift::Last),
            "this" => (i + 1, Shift::This),
            _ => return None,
        };
        if let Some(base) = self.base(j)
            && let Some(unit) = unit_from_word(base)
            && !base.ends_with('s')
            && unit != Unit::Day
        {
            let offset = match shift {
                Shift::Last => -1,
                Shift::Next => 1,
                Shift::This => 0,
            };
            return Some((j + 1, Expr::Unit { unit, offset }));
        }
        match (shift, self.word(j)) {
            (Shift::Last, Some("night")) => {
                return Some((
                    j + 1,
                    Expr::DayOffset {
                        days: -1,
                        word: "last night",
                    },
                ));
            }
            (Shift::This, Some(part @ ("morning" | "afternoon" | "evening"))) => {
                let word = match part {
                    "morning" => "this morning",
                    "afternoon" => "this afternoon",
                    _ => "this evening",
                };
                return Some((j + 1, Expr::DayOffset { days: 0, word }));
            }
            _ => {}
        }
        let inner = if let Some((end, weekday)) = self.weekday_word(j) {
            j = end;
            Expr::Cal(Cal {
                weekday: Some(weekday),
                ..Cal::default()
            })
        } else if let Some((end, month, _)) = self.month_word(j) {
            j = end;
            Expr::Cal(Cal {
                month: Some(month),
                ..Cal::default()
            })
        } else if let Some(code) = self.base(j).and_then(season_from_word) {
            j += 1;
            Expr::Season { code, year: None }
        } else if self.base(j) == Some("weekend") {
            j += 1;
            Expr::Weekend
        } else if let Some((end, expr @ Expr::Holiday { year: None, .. })) = self.holiday(j) {
            j = end;
            expr
        } else {
            return None;
        };
        Some((
            j,
            Expr::Shifted {
                shift,
                inner: Box::new(inner),
            },
        ))
    }

    /// "yesterday", "today", "tomorrow", "tonight", "the day before
    /// yesterday", "the day after tomorrow".
    pub(super) fn relative_day(&self, i: usize) -> Found {
        let single = |w: &str| -> Option<(i64, &'static str)> {
            Some(match w {
                "yesterday" => (-1, "yesterday"),
                "today" => (0, "today"),
                "tonight" => (0, "tonight"),
                "tomorrow" => (1, "tomorrow"),
                _ => return None,
            })
        };
        if let Some((days, word)) = self.base(i).and_then(single) {
            return Some((i + 1, Expr::DayOffset { days, word }));
        }
        if self.is(i, "the") && self.is(i + 1, "day") {
            let found = match (self.word(i + 2), self.word(i + 3)) {
                (Some("before"), Some("yesterday")) => (-2, "the day before yesterday"),
                (Some("after"), Some("tomorrow")) => (2, "the day after tomorrow"),
                _ => return None,
            };
            return Some((
                i + 4,
                Expr::DayOffset {
                    days: found.0,
                    word: found.1,
                },
            ));
        }
        None
    }

    /// "earlier this month", "later this week", "later today".
    pub(super) fn part_of_current(&self, i: usize) -> Found {
        let later = match self.word(i)? {
            "earlier" => false,
            "later" => true,
            _ => return None,
        };
        if self.is(i + 1, "today") {
            return Some((
                i + 2,
                Expr::DayOffset {
                    days: 0,
                    word: "today",
                },
            ));
        }
        if !self.is(i + 1, "this") {
            return None;
        }
        let unit = unit_from_word(self.word(i + 2)?)?;
        matches!(unit, Unit::Week | Unit::Month | Unit::Year | Unit::Quarter)
            .then_some((i + 3, Expr::PartOfCurrent { unit, later }))
    }

    /// "three days ago", "Ten years ago", "two days later", "a week
    /// earlier", "two days after Christmas".
    pub(super) fn counted(&self, i: usize) -> Found {
        let (j, amount) = self.amount(i)?;
        let unit = unit_from_word(self.base(j)?)?;
        let k = j + 1;
        match self.word(k)? {
            "ago" => Some((k + 1, Expr::Ago { amount, unit })),
            "later" | "afterwards" => Some((k + 1, Expr::Anaphoric { amount, unit })),
            "earlier" => Some((
                k + 1,
                Expr::Anaphoric {
                    amount: -amount,
                    unit,
                },
            )),
            direction @ ("before" | "after") => {
                let sign = if direction == "before" { -1 } else { 1 };
                if let Some((end, inner)) = self.dated(k + 1)
                    && inner.is_day()
                    && matches!(unit, Unit::Day | Unit::Week)
                {
                    let days = sign * amount * if unit == Unit::Week { 7 } else { 1 };
                    return Some((
                        end,
                        Expr::RelativeTo {
                            days,
                            inner: Box::new(inner),
                        },
                    ));
                }
                // "two days before, …": counted from the last date.
                let alone = self
                    .tok(k + 1)
                    .is_none_or(|t| t.kind == Kind::Punct && t.text != "'");
                alone.then_some((
                    k + 1,
                    Expr::Anaphoric {
                        amount: sign * amount,
                        unit,
                    },
                ))
            }
            _ => None,
        }
    }

    /// "the day before", "the next day", "the following year", "the
    /// previous week", "the same day", "the day after Christmas", "later
    /// that year", "the following Monday".
    pub(super) fn anaphoric_phrase(&self, i: usize) -> Found {
        // "later that year", "that same day", "earlier that week".
        let that = (self.is_any(i, &["later", "earlier"]) && self.is(i + 1, "that"))
            || (self.is(i, "that") && self.is(i + 1, "same"));
        if that {
            let j = i + 2;
            let unit = self.day_part_or_unit(j)?;
            let singular = !self.word(j).is_some_and(|w| w.ends_with('s'));
            return singular.then_some((j + 1, Expr::Anaphoric { amount: 0, unit }));
        }
        // "that day", "that morning", "that year": the last date mentioned.
        // Not "that day-to-day work".
        if self.is(i, "that")
            && let Some(unit) = self.day_part_or_unit(i + 1)
            && !self.word(i + 1).is_some_and(|w| w.ends_with('s'))
            && unit != Unit::Quarter
            && !(self.dash(i + 2) && self.attached(i + 2))
        {
            return Some((i + 2, Expr::Same(unit)));
        }
        // "On the day, turnout was low": the day last mentioned.
        if self.is(i, "the")
            && self.is(i + 1, "day")
            && self.previous_word(i) == Some("on")
            && self
                .tok(i + 2)
                .is_none_or(|t| t.kind == Kind::Punct && t.text != "'")
        {
            return Some((i + 2, Expr::Same(Unit::Day)));
        }
        if !self.is(i, "the") {
            return None;
        }
        let w = self.word(i + 1)?;
        // "the day before", "the week after", "the day after Christmas".
        let direction = match self.word(i + 2) {
            Some("before") => Some(-1),
            Some("after") => Some(1),
            _ => None,
        };
        if let Some(unit) = unit_from_word(w).filter(|_| !w.ends_with('s'))
            && let Some(sign) = direction
        {
            if unit == Unit::Day
                && let Some((end, inner)) = self.dated(i + 3)
                && inner.is_day()
            {
                return Some((
                    end,
                    Expr::RelativeTo {
                        days: sign,
                        inner: Box::new(inner),
                    },
                ));
            }
            // Alone, not "the day before the vote": counted from the last date.
            let alone = self
                .tok(i + 3)
                .is_none_or(|t| t.kind == Kind::Punct && t.text != "'");
            return alone.then_some((i + 3, Expr::Anaphoric { amount: sign, unit }));
        }
        if w == "eve" && self.is(i + 2, "of") {
            let (end, inner) = self.dated(i + 3)?;
            return inner.is_day().then_some((
                end,
                Expr::RelativeTo {
                    days: -1,
                    inner: Box::new(inner),
                },
            ));
        }
        let amount = match w {
            "previous" | "preceding" | "prior" => -1,
            "following" | "next" | "subsequent" => 1,
            "same" => 0,
            _ => return None,
        };
        // "the following Monday": the first Monday after the last date.
        if amount != 0
            && let Some((end, weekday)) = self.weekday_word(i + 2)
        {
            return Some((
                end,
                Expr::AnaphoricWeekday {
                    weekday,
                    after: amount > 0,
                },
            ));
        }
        let next = self.base(i + 2)?;
        let unit = if matches!(next, "morning" | "afternoon" | "evening" | "night") {
            Unit::Day
        } else {
            unit_from_word(next).filter(|_| !next.ends_with('s'))?
        };
        Some((i + 3, Expr::Anaphoric { amount, unit }))
    }

    /// A unit ("year", "week") or a part of a day, which counts as the day
    /// ("that morning").
    fn day_part_or_unit(&self, j: usize) -> Option<Unit> {
        let w = self.base(j)?;
        if matches!(w, "morning" | "afternoon" | "evening" | "night") {
            return Some(Unit::Day);
        }
        unit_from_word(w)
    }

    /// "the past decade", "the last three years", "the next two weeks", "in
    /// the coming weeks", "in recent months", "the past few days": a span
    /// from publication back or ahead. "The next year" alone is counted
    /// from the last date instead (see [`Self::anaphoric_phrase`]).
    pub(super) fn period(&self, i: usize) -> Found {
        let the = self.is(i, "the");
        let j = if the { i + 1 } else { i };
        let (direction, word) = match self.word(j)? {
            w @ ("past" | "last") => (-1, w),
            "recent" if !the => (-1, "recent"),
            w @ ("next" | "coming") => (1, w),
            _ => return None,
        };
        let mut k = j + 1;
        let amount = if self.is_any(k, &["few", "several"]) {
            k += 1;
            None
        } else if let Some((after, n)) = self.amount(k).filter(|(_, n)| *n >= 2) {
            k = after;
            Some(n)
        } else {
            Some(0)
        };
        let unit_word = self.word(k)?;
        let unit = unit_from_word(unit_word)?;
        let plural = unit_word.ends_with('s');
        let amount = match amount {
            // "the past decade", "the coming week": one unit.
            Some(0) if !plural => {
                let alone =
                    the && word != "next" && !self.is_any(k + 1, &["of", "before", "after", "'s"]);
                if !alone {
                    return None;
                }
                Some(1)
            }
            // "the coming weeks", "recent months": a vague few.
            Some(0) => None,
            Some(n) if plural => Some(n),
            None if plural => None,
            _ => return None,
        };
        // "last week" without "the" is the calendar week (see `shifted`).
        if !the && word != "recent" && amount.is_none_or(|n| n < 2) {
            return None;
        }
        Some((
            k + 1,
            Expr::Period {
                direction,
                amount,
                unit,
            },
        ))
    }

    /// "early March", "mid-2020", "late last year", "the end of June", "the
    /// mid-1990s", "the start of the year".
    pub(super) fn modified(&self, i: usize) -> Found {
        let mut j = i;
        let the = self.is(j, "the");
        if the {
            j += 1;
        }
        let w = self.word(j)?;
        let (k, modifier, after_of) = if self.is(j + 1, "of")
            && let Some(part) = part_from_of_word(w)
        {
            (j + 2, part, true)
        } else if w != "middle"
            && let Some(part) = part_from_word(w)
        {
            (j + 1, part, false)
        } else {
            return None;
        };
        let k = if !after_of && self.dash(k) && self.attached(k) {
            k + 1
        } else {
            k
        };
        let (end, inner) = self.modifiable(k, after_of)?;
        Some((
            end,
            Expr::Modified {
                modifier,
                inner: Box::new(inner),
            },
        ))
    }

    /// What "early", "the end of" and "by the end of" apply to.
    pub(super) fn modifiable(&self, k: usize, after_of: bool) -> Found {
        if after_of
            && self.is(k, "the")
            && let Some(unit) = self.base(k + 1).and_then(unit_from_word)
            && !self.word(k + 1).is_some_and(|w| w.ends_with('s'))
            && unit != Unit::Day
        {
            return Some((k + 2, Expr::Unit { unit, offset: 0 }));
        }
        let mut best = self.calendar(k).and_then(|(e, c)| {
            (c.month.is_some() && c.weekday.is_none()).then_some((e, Expr::Cal(c)))
        });
        let context = if after_of {
            YearContext::Given
        } else {
            YearContext::Check
        };
        best = longest(best, self.year(k, context).map(|(e, y)| (e, year_only(y))));
        best = longest(best, self.decade(k));
        best = longest(best, self.century(k));
        best = longest(best, self.season(k));
        best = longest(best, self.quarter(k));
        best = longest(
            best,
            self.shifted(k).filter(|(_, e)| {
                matches!(e, Expr::Unit { .. })
                    || matches!(e, Expr::Shifted { inner, .. } if !inner.is_day())
            }),
        );
        best
    }
}
