//! Recognition: which spans of a sentence are date expressions, and what
//! each one says before it is placed in time ([`Expr`]).
//!
//! Every rule is a small function over the sentence's tokens that either
//! matches at a position or does not. [`find_all`] tries them all at each
//! position, keeps the longest match and moves past it, so the matches it
//! returns never overlap. Whether a number is a year or a name is a month is
//! decided here, from its neighbours: "in 1930" but not "1930 troops", "in
//! May" but not "may march".
//!
//! This file holds the expression types, the token helpers and the top
//! level; the rules themselves are grouped by what they read: `calendar`
//! (month and day forms, numbers), `years` (years with and without eras, in
//! words), `spans` (decades to holidays and named days), `financial`
//! (quarters, halves, fiscal years), `relative` ("last month", "three days
//! ago", "the next day", "the past decade", "early March"), `compound`
//! (ranges, "since", "by", "around") and `clock` (times of day and zones).

use super::lexicon::{Holiday, Unit, is_function_word, is_irregular_past, is_present_word};
use super::token::{Kind, Token};

mod calendar;
pub(super) mod clock;
mod compound;
mod financial;
mod relative;
mod spans;
mod years;

/// Smallest number read as a year without an era ("in 1066"); below it a
/// bare number is far more often a count.
const MIN_BARE_YEAR: i64 = 1000;
/// Largest number read as a year without an era: news rarely dates events
/// past this, while counts like "2500 people" are common.
const MAX_BARE_YEAR: i64 = 2100;

/// A year given by a rule: written out, or relative to publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearSpec {
    /// An astronomical year as written ("2024", "218 BC" is −217).
    Explicit(i64),
    /// Years from the publication year ("of last year" is −1).
    Relative(i64),
}

/// Calendar fields as written; any may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Cal {
    /// Astronomical year.
    pub year: Option<i64>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// 0 = Monday.
    pub weekday: Option<u32>,
}

/// "last", "next" or "this" before a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shift {
    Last,
    Next,
    This,
}

/// "early", "mid", "late", "the start of", "the end of": the date model's
/// parts, so the date field and the extractor narrow alike.
pub(super) use crate::model::date::words::Part as Modifier;

/// A time of day as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Clock {
    pub hour: u32,
    pub minute: u32,
    /// The zone written after the time, if any.
    pub zone: Zone,
}

/// The time zone written after a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Zone {
    /// None written, or "local time": the time as written.
    Local,
    /// A fixed offset, in minutes east of UTC ("GMT" 0, "EST" −300).
    Fixed(i32),
    /// A US zone whose offset follows daylight saving time ("ET", "Pacific
    /// time"): its standard offset in minutes east of UTC.
    UnitedStates(i32),
    /// A European zone on EU summer time ("London time", "Paris time"):
    /// its standard offset.
    Europe(i32),
}

impl Zone {
    /// True when a zone was written, so the time is an instant.
    pub(super) const fn is_written(self) -> bool {
        !matches!(self, Self::Local)
    }
}

/// What a date expression says, before it is placed in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Expr {
    /// Years, months, days and weekdays in any combination.
    Cal(Cal),
    /// `03/04/2024`: which number is the month depends on the locale.
    Numeric {
        year: i64,
        year_digits: usize,
        first: u32,
        second: u32,
    },
    /// "the 1990s"; `two_digit` for "the '90s", whose century is inferred.
    Decade {
        year: i64,
        two_digit: bool,
    },
    /// "the 12th century" (`millennium` for "the first millennium").
    Century {
        ordinal: i64,
        bc: bool,
        millennium: bool,
    },
    /// A season (EDTF code 21–24).
    Season {
        code: u32,
        year: Option<YearSpec>,
    },
    /// A quarter (1–4).
    Quarter {
        quarter: u32,
        year: Option<YearSpec>,
    },
    /// A half year (1–2); without a year it is placed by tense.
    Half {
        half: u32,
        year: Option<YearSpec>,
    },
    /// "the first nine months (of 2024)": January to the `months`th month.
    FirstMonths {
        months: u32,
        year: Option<YearSpec>,
    },
    /// "the year-earlier quarter": the period reported, a year before.
    YearEarlier,
    /// "fiscal 1989", "its fiscal third quarter": read as the calendar
    /// period, as a company's fiscal year is not known.
    Fiscal(Box<Self>),
    /// "the past decade" (−1), "in the coming weeks" (+1), "the next two
    /// years": from publication back or ahead; `amount` is `None` for a
    /// vague plural ("weeks", "recent months").
    Period {
        direction: i64,
        amount: Option<i64>,
        unit: Unit,
    },
    /// "January this year", "March last year", "Christmas next year": a
    /// name in the year `offset` from publication's.
    InYear {
        inner: Box<Self>,
        offset: i64,
    },
    /// A day known by a name: "9/11".
    Named {
        year: i64,
        month: u32,
        day: u32,
        name: &'static str,
    },
    /// A time with its zone and no day ("18:00 UTC"): on the last day
    /// mentioned, else on the publication day.
    TimeAlone(Clock),
    Holiday {
        holiday: Holiday,
        year: Option<i64>,
    },
    /// "the weekend".
    Weekend,
    /// "last Monday", "next March", "this summer".
    Shifted {
        shift: Shift,
        inner: Box<Self>,
    },
    /// "this month", "last year": `offset` units from the publication's.
    Unit {
        unit: Unit,
        offset: i64,
    },
    /// "earlier this month" (`later` false) or "later this week".
    PartOfCurrent {
        unit: Unit,
        later: bool,
    },
    /// "yesterday" (−1), "today", "tomorrow", "last night".
    DayOffset {
        days: i64,
        word: &'static str,
    },
    /// "three days ago".
    Ago {
        amount: i64,
        unit: Unit,
    },
    /// "two days later" (+2), "the day before" (−1), counted from the last
    /// date mentioned.
    Anaphoric {
        amount: i64,
        unit: Unit,
    },
    /// "that day", "that morning", "that year", "on the day": the unit of
    /// the last date mentioned, and nothing when none was.
    Same(Unit),
    /// "the following Monday" (`after`) or "the previous Friday", counted
    /// from the last date mentioned.
    AnaphoricWeekday {
        weekday: u32,
        after: bool,
    },
    /// "the day after Christmas".
    RelativeTo {
        days: i64,
        inner: Box<Self>,
    },
    /// "early March", "the end of June".
    Modified {
        modifier: Modifier,
        inner: Box<Self>,
    },
    /// "by (the end of) June": from publication to then.
    Deadline {
        inner: Box<Self>,
        end_of: bool,
    },
    /// "since March 2020".
    Since(Box<Self>),
    /// "until 2001".
    Until(Box<Self>),
    /// "before 1066".
    Before(Box<Self>),
    /// "sometime after 1648".
    After(Box<Self>),
    /// "around 1930".
    Approx(Box<Self>),
    /// "from 1994 to 2001", "between 1914 and 1918", "March 3–5".
    Range(Box<Self>, Box<Self>),
    /// "6:45 a.m. on Wednesday".
    Time {
        inner: Box<Self>,
        clock: Clock,
    },
}

impl Expr {
    /// True when the expression writes its year (or wider span) out, so it
    /// stands without the publication date.
    pub(super) fn has_explicit_year(&self) -> bool {
        match self {
            Self::Cal(cal) => cal.year.is_some(),
            Self::Numeric { .. } | Self::Decade { .. } | Self::Century { .. } => true,
            Self::Season { year, .. } | Self::Quarter { year, .. } => {
                matches!(year, Some(YearSpec::Explicit(_)))
            }
            Self::Half { year, .. } | Self::FirstMonths { year, .. } => {
                matches!(year, Some(YearSpec::Explicit(_)))
            }
            Self::Holiday { year, .. } => year.is_some(),
            Self::Named { .. } => true,
            Self::Modified { inner, .. } | Self::Approx(inner) | Self::Fiscal(inner) => {
                inner.has_explicit_year()
            }
            _ => false,
        }
    }

    /// True when the expression names a single day, so a time may join it.
    fn is_day(&self) -> bool {
        match self {
            Self::Cal(cal) => cal.day.is_some() || (cal.weekday.is_some() && cal.month.is_none()),
            Self::Numeric { .. }
            | Self::Holiday { .. }
            | Self::DayOffset { .. }
            | Self::RelativeTo { .. }
            | Self::Named { .. } => true,
            Self::Shifted { inner, .. } | Self::InYear { inner, .. } => inner.is_day(),
            Self::Anaphoric { unit, .. } | Self::Same(unit) => *unit == Unit::Day,
            Self::AnaphoricWeekday { .. } => true,
            _ => false,
        }
    }
}

/// One recognised expression: tokens `start..end` of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Match {
    pub start: usize,
    pub end: usize,
    pub expr: Expr,
}

/// Prepositions kept at the front of a match ("in September", "on
/// Monday"), as a reader quotes the phrase.
const LEADING_PREPOSITIONS: &[&str] = &["in", "on", "at"];

/// Every date expression in one sentence's tokens, in order, not overlapping.
pub(super) fn find_all(tokens: &[Token]) -> Vec<Match> {
    let parser = Parser { t: tokens };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((end, expr)) = parser.top(i) {
            found.push(Match {
                start: i,
                end,
                expr,
            });
            i = end;
        } else if parser.is_any(i, LEADING_PREPOSITIONS)
            && let Some((end, expr)) = parser.top(i + 1)
        {
            found.push(Match {
                start: i,
                end,
                expr,
            });
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// Whether a bare year's neighbours must be checked or a construct around it
/// ("from … to", "since") already says it is a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearContext {
    Check,
    Given,
}

/// A right-hand side of a range: a date, or a bare number that borrows the
/// rest from the left ("March 3–5", "1914–18").
enum RangeEnd {
    Dated(usize, Expr),
    Bare(usize, i64, usize),
}

/// The rules, over one sentence's tokens.
struct Parser<'a> {
    t: &'a [Token],
}

/// A match: the token after it, and what it says.
type Found = Option<(usize, Expr)>;

/// Keeps the longer of two matches (the first on a tie).
fn longest(a: Found, b: Found) -> Found {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.0 > x.0 { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

impl Parser<'_> {
    // ----- token helpers -------------------------------------------------

    /// Token `i`, if the sentence has one.
    fn tok(&self, i: usize) -> Option<&Token> {
        self.t.get(i)
    }

    /// Token `i` in lower case, if it is a word.
    fn word(&self, i: usize) -> Option<&str> {
        self.tok(i)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.lower.as_str())
    }

    /// Token `i` in lower case without a possessive, if it is a word.
    fn base(&self, i: usize) -> Option<&str> {
        self.tok(i)
            .filter(|t| t.kind == Kind::Word)
            .map(Token::base)
    }

    /// Token `i` is the word `w` (lower case).
    fn is(&self, i: usize, w: &str) -> bool {
        self.word(i) == Some(w)
    }

    /// Token `i` is one of `words` (lower case).
    fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.word(i).is_some_and(|w| words.contains(&w))
    }

    /// Token `i` is the punctuation `c`.
    fn punct(&self, i: usize, c: &str) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Punct && t.text == c)
    }

    /// Token `i` exists and follows the previous one without a space.
    fn attached(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.space_before)
    }

    /// Token `i` is a hyphen, en dash or em dash.
    fn dash(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| {
            t.kind == Kind::Punct && matches!(t.text.as_str(), "-" | "\u{2013}" | "\u{2014}")
        })
    }

    /// The word before token `i`, in lower case.
    fn previous_word(&self, i: usize) -> Option<&str> {
        i.checked_sub(1).and_then(|p| self.word(p))
    }

    /// The previous token, if it is punctuation.
    fn previous_punct(&self, i: usize) -> Option<&str> {
        i.checked_sub(1)
            .and_then(|p| self.tok(p))
            .filter(|t| t.kind == Kind::Punct)
            .map(|t| t.text.as_str())
    }

    /// True when token `i` ends the clause or starts a new phrase: the end,
    /// punctuation, a closed-class word or a verb.
    fn clause_break(&self, i: usize) -> bool {
        match self.tok(i) {
            None => true,
            Some(t) if t.kind == Kind::Punct => true,
            Some(t) if t.kind == Kind::Number => false,
            Some(t) => {
                let w = t.lower.as_str();
                t.is_capitalized()
                    || is_function_word(w)
                    || is_irregular_past(w)
                    || is_present_word(w)
                    || w.ends_with("ed")
            }
        }
    }

    // ----- top level -----------------------------------------------------

    /// The longest expression starting at `i`, compound ones included.
    fn top(&self, i: usize) -> Found {
        let mut best = self.dated(i);
        best = longest(best, self.range_with_from(i));
        best = longest(best, self.between_range(i));
        best = longest(best, self.since(i));
        best = longest(best, self.until(i));
        best = longest(best, self.deadline(i));
        best = longest(best, self.before_after(i));
        best = longest(best, self.approx(i));
        best = longest(best, self.day_first_range(i));
        best = longest(best, self.year_to_year(i));
        best
    }

    /// "the years 1939 to 1945": two written years joined by "to" without a
    /// "from" (a dash between years is handled with the simple dates).
    fn year_to_year(&self, i: usize) -> Found {
        self.year(i, YearContext::Given)?;
        if !self.is_any(i + 1, &["to", "through", "thru", "until"]) {
            return None;
        }
        let found = self.range_from(i, |p, j| p.is_any(j, &["to", "through", "thru", "until"]))?;
        let whole_years = match &found.1 {
            Expr::Range(left, right) => [left, right].iter().all(|side| {
                matches!(
                    ***side,
                    Expr::Cal(Cal {
                        year: Some(_),
                        month: None,
                        day: None,
                        weekday: None,
                        ..
                    })
                )
            }),
            _ => false,
        };
        whole_years.then_some(found)
    }

    /// "9-11 March 2020": a bare day, a dash, and a day with its month.
    fn day_first_range(&self, i: usize) -> Found {
        self.day_number(i)?;
        if !self.dash(i + 1) {
            return None;
        }
        let found = self.range_from(i, |p, j| p.dash(j))?;
        let starts_on_a_day = match &found.1 {
            Expr::Range(left, _) => matches!(**left, Expr::Cal(Cal { day: Some(_), .. })),
            _ => false,
        };
        starts_on_a_day.then_some(found)
    }

    /// A simple expression with what may hang on it: a time of day, a part
    /// of the day ("Wednesday morning"), or a dash to a range's end.
    fn dated(&self, i: usize) -> Found {
        if let Some((after_time, clock)) = self.clock(i) {
            let mut j = after_time;
            if self.is(j, "on") || self.punct(j, ",") {
                j += 1;
            }
            if let Some((end, day)) = self.simple(j)
                && day.is_day()
            {
                let end = self.part_of_day(end);
                return Some((
                    end,
                    Expr::Time {
                        inner: Box::new(day),
                        clock,
                    },
                ));
            }
            // "at 18:00 UTC": an instant on the day in context.
            if clock.zone.is_written() {
                return Some((after_time, Expr::TimeAlone(clock)));
            }
        }
        let (mut end, mut expr) = self.simple(i)?;
        if let Some((after, in_year)) = self.in_counted_year(end, &expr) {
            end = after;
            expr = in_year;
        }
        if expr.is_day() {
            end = self.part_of_day(end);
            let mut j = end;
            if self.punct(j, ",") {
                j += 1;
            }
            if self.is(j, "at") {
                j += 1;
            }
            if let Some((after, clock)) = self.clock(j) {
                return Some((
                    after,
                    Expr::Time {
                        inner: Box::new(expr),
                        clock,
                    },
                ));
            }
        }
        // "2023/24" joins two years like a dash.
        let year_only_left = matches!(
            expr,
            Expr::Cal(Cal {
                year: Some(_),
                month: None,
                day: None,
                weekday: None
            })
        );
        let year_slash = year_only_left && self.punct(end, "/") && self.attached(end);
        if (self.dash(end) || year_slash)
            && let Some((range_end, left, right)) = self.range_right(end + 1, &expr)
        {
            end = range_end;
            expr = Expr::Range(Box::new(left), Box::new(right));
        }
        Some((end, expr))
    }

    /// Skips "morning", "afternoon", "evening" or "night" after a day.
    fn part_of_day(&self, end: usize) -> usize {
        if self.is_any(
            end,
            &["morning", "afternoon", "evening", "night", "overnight"],
        ) {
            end + 1
        } else {
            end
        }
    }

    /// The longest single expression at `i`.
    fn simple(&self, i: usize) -> Found {
        let mut best = self.calendar(i).map(|(e, c)| (e, Expr::Cal(c)));
        best = longest(best, self.numeric_date(i));
        best = longest(best, self.iso_date(i));
        best = longest(best, self.cjk_date(i));
        best = longest(
            best,
            self.year(i, YearContext::Check)
                .map(|(e, y)| (e, year_only(y))),
        );
        best = longest(best, self.decade(i));
        best = longest(best, self.century(i));
        best = longest(best, self.season(i));
        best = longest(best, self.quarter(i));
        best = longest(best, self.half(i));
        best = longest(best, self.fiscal(i));
        best = longest(best, self.latest_quarter(i));
        best = longest(best, self.year_earlier(i));
        best = longest(best, self.first_months(i));
        best = longest(best, self.holiday(i));
        best = longest(best, self.weekend(i));
        best = longest(best, self.shifted(i));
        best = longest(best, self.relative_day(i));
        best = longest(best, self.part_of_current(i));
        best = longest(best, self.counted(i));
        best = longest(best, self.anaphoric_phrase(i));
        best = longest(best, self.modified(i));
        best = longest(best, self.period(i));
        best = longest(best, self.named_day(i));
        best = longest(best, self.spelled_year(i).map(|(e, y)| (e, year_only(y))));
        best
    }
}

/// A year standing alone.
fn year_only(year: i64) -> Expr {
    Expr::Cal(Cal {
        year: Some(year),
        ..Cal::default()
    })
}

/// Fills a range side's missing year from the other side ("between March
/// and May 2017"), stepping a year when the sides would run backwards
/// ("from December to February 2020").
fn share_years(mut left: Cal, mut right: Cal) -> (Cal, Cal) {
    let order = |c: &Cal| (c.month.unwrap_or(0), c.day.unwrap_or(0));
    match (left.year, right.year) {
        (None, Some(year)) if left.month.is_some() => {
            left.year = Some(if order(&left) > order(&right) {
                year - 1
            } else {
                year
            });
        }
        (Some(year), None) if right.month.is_some() => {
            right.year = Some(if order(&right) < order(&left) {
                year + 1
            } else {
                year
            });
        }
        _ => {}
    }
    (left, right)
}

#[cfg(test)]
mod tests;
