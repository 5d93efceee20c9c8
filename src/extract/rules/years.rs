//! Years: with an era ("218 BC", "AD 476"), bare ("in 1930", "the 2020
//! election", "exceeded 2019 levels") when their neighbours say a number is
//! a year and not a count, and in words ("nineteen ninety-six").

use super::super::lexicon::{
    is_function_word, is_irregular_past, is_measure_word, is_present_word, is_year_qualified_noun,
    month_from_word, number_from_word,
};
use super::super::token::Kind;
use super::{MAX_BARE_YEAR, MIN_BARE_YEAR, Parser, YearContext};

/// Smallest number read as a year after a plain "of" ("the crisis of
/// 2008"); older years need a time word before "of" ("the summer of 1540"),
/// as "a population of 1200" is likelier a count.
const MIN_YEAR_AFTER_OF: i64 = 1800;

/// Smallest year read before a noun a year qualifies ("1990 levels") with
/// no determiner: older numbers there are likelier counts.
const MIN_QUALIFYING_YEAR: i64 = 1900;

/// Hundreds a year in words may start with: "twelve hundred" to "twenty
/// twenty-four"; smaller pairs ("eleven twelve") are likelier clock times.
const MIN_SPELLED_CENTURY: i64 = 12;
/// See [`MIN_SPELLED_CENTURY`].
const MAX_SPELLED_CENTURY: i64 = 20;

impl Parser<'_> {
    /// A four-digit year after a month or a season, where the construct
    /// already says it is a year.
    pub(super) fn written_year(&self, i: usize) -> Option<(usize, i64)> {
        if let Some(found) = self.era_year(i) {
            return Some(found);
        }
        let t = self.tok(i)?;
        (t.kind == Kind::Number
            && !t.grouped
            && t.digits == 4
            && (t.suffix.is_empty() || t.suffix == "'s")
            && !self.measured(i))
        .then_some((i + 1, t.value))
    }
    /// "BC", "B.C.", "BCE", "AD", "A.D.", "CE": (end, is BC).
    pub(super) fn era_marker(&self, i: usize) -> Option<(usize, bool)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Word {
            return None;
        }
        match t.text.as_str() {
            "BC" | "BCE" => return Some((i + 1, true)),
            "AD" | "CE" => return Some((i + 1, false)),
            _ => {}
        }
        // Dotted forms, one capital and a full stop at a time: "B.C.", "A.D.".
        let mut spelled = String::new();
        let mut j = i;
        while let Some(letter) = self.tok(j) {
            let single_capital = letter.kind == Kind::Word
                && letter.text.chars().count() == 1
                && letter.is_capitalized();
            if !single_capital || (j > i && !self.attached(j)) {
                break;
            }
            if !(self.punct(j + 1, ".") && self.attached(j + 1)) {
                break;
            }
            spelled.push_str(&letter.text);
            j += 2;
        }
        match spelled.as_str() {
            "BC" | "BCE" => Some((j, true)),
            "AD" | "CE" => Some((j, false)),
            _ => None,
        }
    }
    /// A year with its era: "218 BC" (−217), "476 AD", "AD 476".
    pub(super) fn era_year(&self, i: usize) -> Option<(usize, i64)> {
        let t = self.tok(i)?;
        if t.is_plain_number() && (1..=4).contains(&t.digits) && t.value >= 1 {
            let (end, bc) = self.era_marker(i + 1)?;
            return Some((end, if bc { 1 - t.value } else { t.value }));
        }
        let (after, bc) = self.era_marker(i)?;
        let n = self.tok(after)?;
        (!bc && n.is_plain_number() && (1..=4).contains(&n.digits) && n.value >= 1)
            .then_some((after + 1, n.value))
    }
    /// True when the number at `i` counts something: a currency sign before
    /// it, a unit or percent after it.
    pub(super) fn measured(&self, i: usize) -> bool {
        let currency = self
            .previous_punct(i)
            .is_some_and(|p| matches!(p, "$" | "£" | "€" | "¥" | "#"));
        let unit_after = self.punct(i + 1, "%")
            || self.word(i + 1).is_some_and(is_measure_word)
            || (self.attached(i + 1) && self.punct(i + 1, ":"))
            || (self.attached(i + 1)
                && self.punct(i + 1, ".")
                && self.attached(i + 2)
                && self.tok(i + 2).is_some_and(|t| t.kind == Kind::Number));
        currency || unit_after
    }
    /// A year: with its era, or a bare four-digit number whose neighbours
    /// say it is a year.
    pub(super) fn year(&self, i: usize, context: YearContext) -> Option<(usize, i64)> {
        if let Some(found) = self.era_year(i) {
            return Some(found);
        }
        let t = self.tok(i)?;
        if t.kind != Kind::Number
            || t.grouped
            || t.digits != 4
            || !(t.suffix.is_empty() || t.suffix == "'s")
            || !(MIN_BARE_YEAR..=MAX_BARE_YEAR).contains(&t.value)
            || self.measured(i)
        {
            return None;
        }
        let possessive = t.suffix == "'s";
        // "the 2020 election", "its 1998 report": news writes counts of a
        // thousand and more with separators, so a bare four-digit number
        // qualifying a noun is a year.
        let qualifies_noun = self.previous_word(i).is_some_and(|w| {
            matches!(
                w,
                "the" | "a" | "its" | "his" | "her" | "their" | "our" | "whose"
            ) || w.ends_with("'s")
        }) && self
            .tok(i + 1)
            .is_some_and(|n| n.kind == Kind::Word && !is_function_word(&n.lower));
        // "exceeded 2019 levels", "beat 1990 figures": nouns a year qualifies
        // and a count rarely does; news writes large counts with commas.
        let year_noun = (MIN_QUALIFYING_YEAR..=MAX_BARE_YEAR).contains(&t.value)
            && self.word(i + 1).is_some_and(is_year_qualified_noun);
        // "the year 2000 problem".
        if qualifies_noun || year_noun || self.previous_word(i) == Some("year") {
            return Some((i + 1, t.value));
        }
        if !possessive && !self.clause_break(i + 1) {
            // "in 2000 homes": the number counts the noun after it.
            return None;
        }
        if context == YearContext::Check && !possessive && !self.year_context_before(i) {
            return None;
        }
        if context == YearContext::Check && self.counts_in_range(i) {
            return None;
        }
        Some((i + 1, t.value))
    }
    /// The word before a bare year says it is one ("in", "since", "early").
    pub(super) fn year_context_before(&self, i: usize) -> bool {
        if i == 0 {
            // A sentence opening on a year: "2019 was …", "2019, the year …".
            return self.punct(i + 1, ",")
                || self
                    .word(i + 1)
                    .is_some_and(|w| is_irregular_past(w) || is_present_word(w) || w == "will");
        }
        if let Some(w) = self.previous_word(i) {
            let temporal_word = matches!(
                w,
                "in" | "since"
                    | "by"
                    | "until"
                    | "till"
                    | "through"
                    | "thru"
                    | "during"
                    | "before"
                    | "after"
                    | "around"
                    | "circa"
                    | "c"
                    | "ca"
                    | "about"
                    | "early"
                    | "mid"
                    | "late"
                    | "year"
                    | "for"
                    | "from"
                    | "between"
                    | "throughout"
                    | "fiscal"
                    | "into"
                    | "toward"
                    | "towards"
                    | "beyond"
                    | "versus"
                    | "vs"
            );
            // "dating to 1994", "dates back to 1962", "as early as 2016".
            let before_that = i.checked_sub(2).and_then(|p| self.word(p));
            let traced = w == "to"
                && before_that.is_some_and(|b| {
                    matches!(
                        b,
                        "dating" | "dates" | "dated" | "date" | "back" | "traced" | "traces"
                    )
                });
            let as_early = w == "as"
                && before_that.is_some_and(|b| matches!(b, "early" | "late" | "recently"));
            // "the crisis of 2008": news writes counts of a thousand and more
            // with separators, so after "of" a recent-looking number is a year.
            let of_year = w == "of"
                && (self.of_is_temporal(i - 1)
                    || self.tok(i).is_some_and(|t| t.value >= MIN_YEAR_AFTER_OF));
            return temporal_word
                || traced
                || as_early
                || of_year
                || (w == "to" && i >= 2 && self.is(i - 2, "up"))
                || (w == "than" && i >= 2 && self.is_any(i - 2, &["later", "earlier"]))
                || (matches!(w, "and" | "or" | "to" | "through" | "until")
                    && i >= 2
                    && self.is_year_number(i - 2));
        }
        match self.previous_punct(i) {
            // "c. 1850", "ca. 1850".
            Some(".") => i >= 2 && self.is_any(i - 2, &["c", "ca"]),
            Some("-" | "\u{2013}") => {
                i >= 2 && (self.is(i - 2, "mid") || self.is_year_number(i - 2))
            }
            Some("(") => true,
            _ => false,
        }
    }
    /// "of" ties a year to a time word before it ("the summer of 1969",
    /// "the end of 2019"), not to a count ("a crowd of 2000").
    pub(super) fn of_is_temporal(&self, of: usize) -> bool {
        of.checked_sub(1)
            .and_then(|p| self.base(p))
            .is_some_and(|w| {
                matches!(
                    w,
                    "end"
                        | "start"
                        | "beginning"
                        | "middle"
                        | "spring"
                        | "summer"
                        | "autumn"
                        | "fall"
                        | "winter"
                        | "half"
                        | "quarter"
                        | "part"
                        | "year"
                        | "months"
                        | "course"
                        | "rest"
                        | "remainder"
                        | "turn"
                ) || month_from_word(w).is_some()
            })
    }
    /// A four-digit number in the range bare years may take.
    pub(super) fn is_year_number(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| {
            t.kind == Kind::Number
                && !t.grouped
                && t.digits == 4
                && (MIN_BARE_YEAR..=MAX_BARE_YEAR).contains(&t.value)
        })
    }
    /// "from 1500 to 2000 people": a bare number joined to one that counts
    /// something is a count too.
    pub(super) fn counts_in_range(&self, i: usize) -> bool {
        let joined = self.is_any(i + 1, &["to", "and", "or"]) || self.dash(i + 1);
        joined
            && self.tok(i + 2).is_some_and(|t| {
                t.kind == Kind::Number && (self.measured(i + 2) || !self.clause_break(i + 3))
            })
    }
    /// A year in words: "nineteen ninety-six", "nineteen oh five",
    /// "nineteen hundred", "twenty twenty-four", "two thousand and eight".
    /// A clause must end after it ("nineteen ninety-six people" counts),
    /// and "two thousand …", which also counts, needs a year's preposition.
    pub(super) fn spelled_year(&self, i: usize) -> Option<(usize, i64)> {
        let (end, year) = if self.is(i, "two") && self.is(i + 1, "thousand") {
            if !self.year_context_before(i) {
                return None;
            }
            let j = if self.is(i + 2, "and") { i + 3 } else { i + 2 };
            match self.small_number_words(j) {
                Some((end, n)) if n < 100 => (end, 2000 + n),
                _ if j == i + 2 => (i + 2, 2000),
                _ => return None,
            }
        } else {
            let hundreds = number_from_word(self.word(i)?)?;
            if !(MIN_SPELLED_CENTURY..=MAX_SPELLED_CENTURY).contains(&hundreds) {
                return None;
            }
            let j = i + 1;
            if self.is(j, "hundred") {
                match self.small_number_words(j + 1 + usize::from(self.is(j + 1, "and"))) {
                    Some((end, n)) if n < 100 && self.is(j + 1, "and") => (end, hundreds * 100 + n),
                    _ => (j + 1, hundreds * 100),
                }
            } else if self.is_any(j, &["oh", "o"]) {
                let (end, n) = self.small_number_words(j + 1)?;
                if !(1..=9).contains(&n) {
                    return None;
                }
                (end, hundreds * 100 + n)
            } else {
                let (end, n) = self.small_number_words(j)?;
                if !(10..=99).contains(&n) {
                    return None;
                }
                (end, hundreds * 100 + n)
            }
        };
        let counts = self.word(end).is_some_and(is_measure_word) || !self.clause_break(end);
        (!counts && (MIN_BARE_YEAR..=MAX_BARE_YEAR).contains(&year)).then_some((end, year))
    }
    /// A number from one to ninety-nine in words ("six", "eighteen",
    /// "ninety-six"), not "a".
    fn small_number_words(&self, i: usize) -> Option<(usize, i64)> {
        if self.is_any(i, &["a", "an", "hundred"]) {
            return None;
        }
        let (end, n) = self.amount(i)?;
        (self.tok(i).is_some_and(|t| t.kind == Kind::Word) && (1..=99).contains(&n))
            .then_some((end, n))
    }
}
