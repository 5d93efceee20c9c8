//! Names and numbers: months, weekdays, days, amounts and ordinals, and the
//! calendar forms built from them (years are in `years`).

use super::super::lexicon::{
    blocks_weekday, is_full_weekday, is_irregular_past, is_measure_word, is_month_abbreviation,
    is_ordinal_suffix, is_present_word, month_from_word, month_is_common_word, month_is_given_name,
    number_from_word, ordinal_from_word, weekday_from_word,
};
use super::super::token::{Kind, Token};
use super::{Cal, Expr, Found, Parser};

/// Largest count an amount ("three days ago") may have.
const MAX_AMOUNT: i64 = 10_000;

impl Parser<'_> {
    /// A capitalised month name; an abbreviation takes its full stop. The
    /// flag says an abbreviation came without one (it then needs a number).
    pub(super) fn month_word(&self, i: usize) -> Option<(usize, u32, bool)> {
        let t = self.tok(i)?;
        if !t.is_capitalized() {
            return None;
        }
        let base = t.base();
        let month = month_from_word(base)?;
        if is_month_abbreviation(base) {
            if self.punct(i + 1, ".") && self.attached(i + 1) {
                return Some((i + 2, month, false));
            }
            return Some((i + 1, month, true));
        }
        Some((i + 1, month, false))
    }

    /// Whether a month name standing alone (no day, no year) is a date.
    pub(super) fn month_alone_ok(&self, i: usize, end: usize, month: u32) -> bool {
        let context = self.previous_word(i).is_some_and(|w| {
            matches!(
                w,
                "in" | "since"
                    | "until"
                    | "till"
                    | "by"
                    | "of"
                    | "from"
                    | "through"
                    | "between"
                    | "during"
                    | "before"
                    | "after"
                    | "early"
                    | "mid"
                    | "late"
                    | "last"
                    | "this"
                    | "next"
                    | "and"
                    | "or"
                    | "to"
                    | "throughout"
                    | "for"
            )
        }) || (self.previous_punct(i).is_some_and(|p| p == "-")
            && i >= 2
            && self.is(i - 2, "mid"));
        if context {
            return true;
        }
        if self.recurring(i) {
            return false;
        }
        if month_is_common_word(month) {
            // "March was cold": opening a sentence before its verb.
            return i == 0
                && self
                    .word(end)
                    .is_some_and(|w| is_irregular_past(w) || is_present_word(w) || w == "saw");
        }
        let name_follows = self.tok(end).is_some_and(Token::is_capitalized);
        !(month_is_given_name(month) && name_follows)
    }

    /// "every Monday", "each March": a recurrence, not one date.
    pub(super) fn recurring(&self, i: usize) -> bool {
        self.previous_word(i)
            .is_some_and(|w| matches!(w, "every" | "each" | "most" | "alternate"))
    }

    /// A capitalised day name (abbreviations with their full stop), not part
    /// of a longer name ("Black Friday", "Super Tuesday").
    pub(super) fn weekday_word(&self, i: usize) -> Option<(usize, u32)> {
        let t = self.tok(i)?;
        if !t.is_capitalized() {
            return None;
        }
        let base = t.base();
        let weekday = weekday_from_word(base)?;
        if i > 0
            && self.tok(i - 1).is_some_and(Token::is_capitalized)
            && self.word(i - 1).is_some_and(blocks_weekday)
        {
            return None;
        }
        // "Sunday Times", "Monday Night Football": a name, unless a
        // preposition says it is the day ("On Sunday President Biden …").
        let introduced = self.previous_word(i).is_some_and(|w| {
            matches!(
                w,
                "on" | "since"
                    | "by"
                    | "until"
                    | "till"
                    | "from"
                    | "to"
                    | "and"
                    | "or"
                    | "last"
                    | "next"
                    | "this"
                    | "through"
                    | "before"
                    | "after"
            )
        });
        if self.recurring(i) {
            return None;
        }
        let name_follows = self.tok(i + 1).is_some_and(|t| {
            t.is_capitalized() && month_from_word(t.base()).is_none() && !t.is_all_caps()
        });
        if name_follows && !introduced {
            return None;
        }
        if is_full_weekday(base) {
            return Some((i + 1, weekday));
        }
        (self.punct(i + 1, ".") && self.attached(i + 1)).then_some((i + 2, weekday))
    }

    /// A day of the month: 1–31, plain or ordinal, not a time or a decimal.
    pub(super) fn day_number(&self, i: usize) -> Option<u32> {
        let t = self.tok(i)?;
        if t.kind != Kind::Number
            || t.grouped
            || t.digits > 2
            || !(t.suffix.is_empty() || is_ordinal_suffix(&t.suffix))
            || !(1..=31).contains(&t.value)
        {
            return None;
        }
        let next_attached = self.attached(i + 1);
        if next_attached && (self.punct(i + 1, ":") || self.punct(i + 1, "%")) {
            return None;
        }
        if next_attached
            && self.punct(i + 1, ".")
            && self.tok(i + 2).is_some_and(|n| n.kind == Kind::Number)
        {
            return None;
        }
        u32::try_from(t.value).ok()
    }

    /// A cardinal amount: digits, a number word, "twenty-five", "a"/"an".
    pub(super) fn amount(&self, i: usize) -> Option<(usize, i64)> {
        let t = self.tok(i)?;
        if t.is_plain_number() {
            return (1..=MAX_AMOUNT)
                .contains(&t.value)
                .then_some((i + 1, t.value));
        }
        let tens = number_from_word(self.word(i)?)?;
        if (20..=90).contains(&tens)
            && self.dash(i + 1)
            && self.attached(i + 1)
            && let Some(units) = self.word(i + 2).and_then(number_from_word)
            && (1..=9).contains(&units)
            && !self.is_any(i + 2, &["a", "an"])
        {
            return Some((i + 3, tens + units));
        }
        Some((i + 1, tens))
    }

    /// An ordinal: "12th", "twelfth", "twenty-first".
    pub(super) fn ordinal(&self, i: usize) -> Option<(usize, i64)> {
        let t = self.tok(i)?;
        if t.kind == Kind::Number {
            return (!t.grouped && is_ordinal_suffix(&t.suffix)).then_some((i + 1, t.value));
        }
        let w = self.word(i)?;
        if let Some(n) = ordinal_from_word(w) {
            return Some((i + 1, n));
        }
        let tens = number_from_word(w)?;
        if (20..=90).contains(&tens) && self.dash(i + 1) {
            let units = self.word(i + 2).and_then(ordinal_from_word)?;
            if (1..=9).contains(&units) {
                return Some((i + 3, tens + units));
            }
        }
        None
    }

    /// Weekday, month, day and year forms: "Sept. 11, 2001", "4 July 1997",
    /// "Nov. 5", "March 2020", "September", "Sunday, March 16", "Monday".
    pub(super) fn calendar(&self, i: usize) -> Option<(usize, Cal)> {
        if let Some((after, weekday)) = self.weekday_word(i) {
            let mut j = after;
            if self.punct(j, ",") {
                j += 1;
            }
            if let Some((end, cal)) = self.date_body(j)
                && cal.day.is_some()
            {
                return Some((
                    end,
                    Cal {
                        weekday: Some(weekday),
                        ..cal
                    },
                ));
            }
            return Some((
                after,
                Cal {
                    weekday: Some(weekday),
                    ..Cal::default()
                },
            ));
        }
        self.date_body(i)
    }

    /// The longer of the month-first and day-first forms at `i`.
    pub(super) fn date_body(&self, i: usize) -> Option<(usize, Cal)> {
        let month_first = self.month_first(i);
        let day_first = self.day_first(i);
        match (month_first, day_first) {
            (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
            (a, b) => a.or(b),
        }
    }

    /// "Sept. 11, 2001", "Nov. 5", "July 4th", "March 2020", "March of 2020",
    /// "September".
    pub(super) fn month_first(&self, i: usize) -> Option<(usize, Cal)> {
        let (after, month, needs_number) = self.month_word(i)?;
        if let Some(day) = self.day_number(after)
            && !self.word(after + 1).is_some_and(is_measure_word)
        {
            let mut end = after + 1;
            let mut year = None;
            let k = if self.punct(end, ",") { end + 1 } else { end };
            if let Some((e, y)) = self.written_year(k) {
                year = Some(y);
                end = e;
            }
            return Some((
                end,
                Cal {
                    year,
                    month: Some(month),
                    day: Some(day),
                    weekday: None,
                },
            ));
        }
        let k = if self.is(after, "of") || self.punct(after, ",") {
            after + 1
        } else {
            after
        };
        if let Some((end, year)) = self.written_year(k) {
            return Some((
                end,
                Cal {
                    year: Some(year),
                    month: Some(month),
                    ..Cal::default()
                },
            ));
        }
        (!needs_number && self.month_alone_ok(i, after, month)).then_some((
            after,
            Cal {
                month: Some(month),
                ..Cal::default()
            },
        ))
    }

    /// "4 July 1997", "16 March", "the 16th of March", "4th of July 2020".
    pub(super) fn day_first(&self, i: usize) -> Option<(usize, Cal)> {
        let mut j = i;
        let the = self.is(j, "the");
        if the {
            j += 1;
        }
        let day = self.day_number(j)?;
        if the && !self.tok(j).is_some_and(|t| is_ordinal_suffix(&t.suffix)) {
            return None;
        }
        let mut k = j + 1;
        if self.is(k, "of") {
            k += 1;
        }
        let (after, month, _) = self.month_word(k)?;
        let mut end = after;
        let mut year = None;
        let y = if self.punct(end, ",") { end + 1 } else { end };
        if let Some((e, value)) = self.written_year(y) {
            year = Some(value);
            end = e;
        }
        Some((
            end,
            Cal {
                year,
                month: Some(month),
                day: Some(day),
                weekday: None,
            },
        ))
    }

    /// Chinese, Japanese and Korean dates: `2023年9月13日`, `2023년 9월 13일`,
    /// `9月13日`, `2023年9月`, `2023년` (a particle may follow: `13일에`).
    /// A bare day (`13일`, also "13 days") or a short year (`3년`, also
    /// "3 years") is no date.
    pub(super) fn cjk_date(&self, i: usize) -> Found {
        let unit = |j: usize, marks: &[char]| -> Option<i64> {
            let t = self.tok(j)?;
            let first = t.suffix.chars().next()?;
            (t.kind == Kind::Number && !t.grouped && marks.contains(&first)).then_some(t.value)
        };
        let mut cal = Cal::default();
        let mut j = i;
        if let Some(year) = unit(j, &['年', '년']) {
            if self.tok(j).is_none_or(|t| t.digits != 4) {
                return None;
            }
            cal.year = Some(year);
            j += 1;
        }
        let month = unit(j, &['月', '월'])
            .and_then(|m| u32::try_from(m).ok())
            .filter(|m| (1..=12).contains(m));
        if let Some(month) = month {
            cal.month = Some(month);
            j += 1;
            let day = unit(j, &['日', '일', '号', '號'])
                .and_then(|d| u32::try_from(d).ok())
                .filter(|d| (1..=31).contains(d));
            if let Some(day) = day {
                cal.day = Some(day);
                j += 1;
            }
        }
        (cal.year.is_some() || cal.month.is_some()).then_some((j, Expr::Cal(cal)))
    }

    /// `2024-03-04`.
    pub(super) fn iso_date(&self, i: usize) -> Found {
        let y = self.tok(i)?;
        let m = self.tok(i + 2)?;
        let d = self.tok(i + 4)?;
        let shape = y.is_plain_number()
            && y.digits == 4
            && self.punct(i + 1, "-")
            && self.attached(i + 1)
            && self.attached(i + 2)
            && m.is_plain_number()
            && m.digits == 2
            && self.punct(i + 3, "-")
            && self.attached(i + 3)
            && self.attached(i + 4)
            && d.is_plain_number()
            && d.digits == 2;
        if !shape {
            return None;
        }
        let month = u32::try_from(m.value)
            .ok()
            .filter(|v| (1..=12).contains(v))?;
        let day = u32::try_from(d.value)
            .ok()
            .filter(|v| (1..=31).contains(v))?;
        Some((
            i + 5,
            Expr::Cal(Cal {
                year: Some(y.value),
                month: Some(month),
                day: Some(day),
                weekday: None,
            }),
        ))
    }

    /// `03/04/2024`, `3/4/24`, `03.04.2024`: which number is the month is
    /// left to the locale.
    pub(super) fn numeric_date(&self, i: usize) -> Found {
        let a = self.tok(i)?;
        let sep = self.tok(i + 1)?;
        if sep.kind != Kind::Punct || !matches!(sep.text.as_str(), "/" | ".") {
            return None;
        }
        let b = self.tok(i + 2)?;
        let y = self.tok(i + 4)?;
        let shape = a.is_plain_number()
            && a.digits <= 2
            && self.attached(i + 1)
            && self.attached(i + 2)
            && b.is_plain_number()
            && b.digits <= 2
            && self.punct(i + 3, &sep.text)
            && self.attached(i + 3)
            && self.attached(i + 4)
            && y.is_plain_number()
            && (y.digits == 4 || (y.digits == 2 && sep.text == "/"));
        if !shape || self.attached(i + 5) && self.tok(i + 5).is_some_and(|t| t.text == "/") {
            return None;
        }
        let first = u32::try_from(a.value)
            .ok()
            .filter(|v| (1..=31).contains(v))?;
        let second = u32::try_from(b.value)
            .ok()
            .filter(|v| (1..=31).contains(v))?;
        if first > 12 && second > 12 {
            return None;
        }
        Some((
            i + 5,
            Expr::Numeric {
                year: y.value,
                year_digits: y.digits,
                first,
                second,
            },
        ))
    }
}
