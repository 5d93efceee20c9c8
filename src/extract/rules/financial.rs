//! Financial periods: quarters and halves ("the third quarter", "Q3 2024",
//! "the 1988 second quarter", "first-half profit"), fiscal years ("fiscal
//! 1989", "FY2024", "its fiscal third quarter"), "the first nine months",
//! "the latest quarter" and "the year-earlier quarter".

use super::super::lexicon::Unit;
use super::super::token::Kind;
use super::{Expr, Found, Parser, YearSpec};

/// Words that introduce a quarter as "the" does: "its fourth quarter".
const QUARTER_DETERMINERS: &[&str] = &["the", "its", "their", "our", "his", "her", "a"];

/// Most months "the first N months" may count (eleven: twelve is the year).
const MAX_FIRST_MONTHS: i64 = 11;

/// Two-digit fiscal years ("FY89") below this are read in the 2000s.
const FISCAL_TWO_DIGIT_PIVOT: i64 = 50;

impl Parser<'_> {
    /// "Q3", "Q3 2024", "the second quarter", "the fourth quarter of 2024",
    /// "fourth-quarter", "the last quarter", "the 1988 second quarter",
    /// "1988's first quarter", "its fiscal third quarter", "the third
    /// fiscal quarter", "the first quarter of fiscal 1990".
    pub(super) fn quarter(&self, i: usize) -> Found {
        if let Some(t) = self.tok(i)
            && t.kind == Kind::Word
            && t.text == "Q"
            && let Some(n) = self.tok(i + 1)
            && self.attached(i + 1)
            && n.is_plain_number()
            && (1..=4).contains(&n.value)
        {
            let quarter = u32::try_from(n.value).ok()?;
            let (end, year) = match self.year_after(i + 2) {
                Some((e, y)) => (e, Some(y)),
                None => (i + 2, None),
            };
            return Some((end, Expr::Quarter { quarter, year }));
        }
        let mut j = i;
        let determiner = self.is_any(j, QUARTER_DETERMINERS);
        if determiner {
            j += 1;
        }
        let mut fiscal = false;
        let mut year = None;
        // "the 1988 second quarter", "1988's second quarter", "fiscal 1990's
        // first quarter".
        let mut k = j;
        if self.is(k, "fiscal") {
            fiscal = true;
            k += 1;
        }
        if let Some((e, y)) = self.written_year(k)
            && (determiner || fiscal || self.tok(k).is_some_and(|t| t.suffix == "'s"))
            && self.quarter_ordinal(e).is_some()
        {
            year = Some(YearSpec::Explicit(y));
            k = e;
        }
        if self.is(k, "fiscal") {
            fiscal = true;
            k += 1;
        }
        let (mut k, quarter) = self.quarter_ordinal(k)?;
        let hyphen = self.dash(k);
        if hyphen {
            k += 1;
        }
        if self.is(k, "fiscal") {
            fiscal = true;
            k += 1;
        }
        if self.base(k) != Some("quarter") || !(determiner || hyphen || fiscal || year.is_some()) {
            return None;
        }
        let mut end = k + 1;
        if year.is_none() {
            if self.is(end, "of") && self.is(end + 1, "fiscal") {
                fiscal = true;
                let (e, y) = self.fiscal_year_number(end + 2)?;
                year = Some(YearSpec::Explicit(y));
                end = e;
            } else if let Some((e, y)) = self.year_after(end) {
                year = Some(y);
                end = e;
            } else if self.is(end, "of") {
                // "the first quarter of the game": no calendar quarter.
                return None;
            }
        }
        let expr = match (quarter, year) {
            (0, None) => Expr::Unit {
                unit: Unit::Quarter,
                offset: -1,
            },
            (q, year) => Expr::Quarter {
                quarter: if q == 0 { 4 } else { q },
                year,
            },
        };
        Some((end, fiscal_if(fiscal, expr)))
    }

    /// The ordinal of a quarter at `j`: 1–4, or 0 for "last".
    fn quarter_ordinal(&self, j: usize) -> Option<(usize, u32)> {
        match self.word(j) {
            Some("final") => Some((j + 1, 4)),
            Some("last") => Some((j + 1, 0)),
            _ => {
                let (k, n) = self.ordinal(j)?;
                Some((k, u32::try_from(n).ok().filter(|q| (1..=4).contains(q))?))
            }
        }
    }

    /// "the first half of 2024", "the second half of the year", "H1 2024",
    /// "first-half profit", "the second half" (placed by tense).
    pub(super) fn half(&self, i: usize) -> Found {
        if let Some(t) = self.tok(i)
            && t.kind == Kind::Word
            && t.text == "H"
            && let Some(n) = self.tok(i + 1)
            && self.attached(i + 1)
            && n.is_plain_number()
            && (1..=2).contains(&n.value)
        {
            let half = u32::try_from(n.value).ok()?;
            let (end, year) = self.year_after(i + 2)?;
            return Some((
                end,
                Expr::Half {
                    half,
                    year: Some(year),
                },
            ));
        }
        let mut j = i;
        let determiner = self.is_any(j, QUARTER_DETERMINERS);
        if determiner {
            j += 1;
        }
        let fiscal = self.is(j, "fiscal");
        if fiscal {
            j += 1;
        }
        let half = match self.word(j)? {
            "first" => 1,
            "second" | "latter" => 2,
            _ => return None,
        };
        let mut k = j + 1;
        let hyphen = self.dash(k);
        if hyphen {
            k += 1;
        }
        if self.base(k) != Some("half") {
            return None;
        }
        let expr = match self.year_after(k + 1) {
            Some((end, year)) => (
                end,
                Expr::Half {
                    half,
                    year: Some(year),
                },
            ),
            // "the second half of the match", "the first half of his term".
            None if self.is(k + 1, "of") => return None,
            // "first-half profit": a half year; "the second half" alone is
            // as often a match's.
            None if hyphen => (k + 1, Expr::Half { half, year: None }),
            None => return None,
        };
        Some((expr.0, fiscal_if(fiscal, expr.1)))
    }

    /// "fiscal 1989", "fiscal year 1989", "fiscal-year 2024", "FY2024",
    /// "FY89", "the current fiscal year", "last fiscal year".
    pub(super) fn fiscal(&self, i: usize) -> Found {
        if self.tok(i).is_some_and(|t| t.text == "FY") {
            let (end, year) = self.fiscal_year_number(i + 1)?;
            return Some((end, fiscal_if(true, year_expr(year))));
        }
        // "this fiscal year", "the current fiscal year", "last fiscal year".
        let offset = match (self.word(i), self.word(i + 1)) {
            (Some("this" | "current"), _) | (Some("the"), Some("current")) => Some(0),
            (Some("last" | "previous" | "prior"), _)
            | (Some("the"), Some("previous" | "prior")) => Some(-1),
            (Some("next" | "coming"), _) | (Some("the"), Some("next" | "coming")) => Some(1),
            _ => None,
        };
        if let Some(offset) = offset {
            let j = if self.is(i, "the") { i + 2 } else { i + 1 };
            if self.is(j, "fiscal") && self.base(j + 1) == Some("year") {
                return Some((
                    j + 2,
                    fiscal_if(
                        true,
                        Expr::Unit {
                            unit: Unit::Year,
                            offset,
                        },
                    ),
                ));
            }
            return None;
        }
        if !self.is(i, "fiscal") {
            return None;
        }
        let mut j = i + 1;
        if self.dash(j) {
            j += 1;
        }
        if self.is(j, "year") {
            j += 1;
        }
        let (end, year) = self.fiscal_year_number(j)?;
        Some((end, fiscal_if(true, year_expr(year))))
    }

    /// The year of a fiscal year: "1989", "1989's", "89" (after "FY").
    fn fiscal_year_number(&self, j: usize) -> Option<(usize, i64)> {
        if let Some(found) = self.written_year(j) {
            return Some(found);
        }
        let t = self.tok(j)?;
        if !(self.attached(j) && t.is_plain_number() && t.digits == 2) {
            return None;
        }
        let century = if t.value < FISCAL_TWO_DIGIT_PIVOT {
            2000
        } else {
            1900
        };
        Some((j + 1, century + t.value))
    }

    /// "the latest quarter", "the most recent quarter", "the just-ended
    /// quarter": the last quarter that has ended.
    pub(super) fn latest_quarter(&self, i: usize) -> Found {
        if !self.is(i, "the") {
            return None;
        }
        let j = match (self.word(i + 1), self.word(i + 2)) {
            (Some("most"), Some("recent")) => i + 3,
            (Some("latest" | "recent" | "past" | "recently"), _) => i + 2,
            (Some("just"), _)
                if self.dash(i + 2) && self.is_any(i + 3, &["ended", "completed"]) =>
            {
                i + 4
            }
            _ => return None,
        };
        let j = if self.is_any(j, &["completed", "ended", "reported"]) {
            j + 1
        } else {
            j
        };
        (self.base(j) == Some("quarter")).then_some((
            j + 1,
            Expr::Unit {
                unit: Unit::Quarter,
                offset: -1,
            },
        ))
    }

    /// "the year-earlier quarter", "the year-ago period", "the same quarter
    /// a year earlier", "the same period last year", "the prior-year
    /// quarter": the period being reported, a year before.
    pub(super) fn year_earlier(&self, i: usize) -> Found {
        if !self.is(i, "the") {
            return None;
        }
        let period = |j: usize| {
            self.is_any(j, &["quarter", "period"])
                || (self.is(j, "three") && self.is(j + 1, "months"))
        };
        let period_end = |j: usize| if self.is(j, "three") { j + 2 } else { j + 1 };
        // "the year-earlier quarter", "the year-ago period", "the prior-year quarter".
        let hyphenated = self.is_any(i + 1, &["year", "prior"])
            && self.dash(i + 2)
            && self.is_any(i + 3, &["earlier", "ago", "before", "year"]);
        if hyphenated && period(i + 4) {
            return Some((period_end(i + 4), Expr::YearEarlier));
        }
        // "the same quarter a year earlier", "the same period last year".
        if self.is_any(i + 1, &["same", "comparable", "corresponding"]) && period(i + 2) {
            let j = period_end(i + 2);
            let a_year = self.is_any(j, &["a", "one"])
                && self.is(j + 1, "year")
                && self.is_any(j + 2, &["earlier", "ago", "before"]);
            if a_year {
                return Some((j + 3, Expr::YearEarlier));
            }
            if self.is(j, "last") && self.is(j + 1, "year") {
                return Some((j + 2, Expr::YearEarlier));
            }
        }
        None
    }

    /// "the first nine months", "the first six months of 2024", "the first
    /// three months of the year".
    pub(super) fn first_months(&self, i: usize) -> Found {
        if !(self.is(i, "the") && self.is(i + 1, "first")) {
            return None;
        }
        let (j, months) = self.amount(i + 2)?;
        if !(2..=MAX_FIRST_MONTHS).contains(&months) || !self.is(j, "months") {
            return None;
        }
        let months = u32::try_from(months).ok()?;
        match self.year_after(j + 1) {
            Some((end, year)) => Some((
                end,
                Expr::FirstMonths {
                    months,
                    year: Some(year),
                },
            )),
            None if self.is(j + 1, "of") => None,
            None => Some((j + 1, Expr::FirstMonths { months, year: None })),
        }
    }
}

/// A year standing alone, as an expression.
fn year_expr(year: i64) -> Expr {
    super::year_only(year)
}

/// Wraps `expr` as a fiscal period when the text says "fiscal".
fn fiscal_if(fiscal: bool, expr: Expr) -> Expr {
    if fiscal {
        Expr::Fiscal(Box::new(expr))
    } else {
        expr
    }
}
