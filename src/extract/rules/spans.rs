//! Wider spans: decades, centuries, seasons, holidays and the weekend
//! (quarters and halves are in `financial`).

use super::super::lexicon::{HOLIDAYS, decade_from_word, season_from_word};
use super::super::token::{Kind, Token};
use super::{Expr, Found, Parser, YearSpec};

/// Largest century or millennium ordinal read ("the 21st century").
const MAX_CENTURY_ORDINAL: i64 = 40;

impl Parser<'_> {
    /// "9/11": a day known by its numbers alone.
    pub(super) fn named_day(&self, i: usize) -> Found {
        let t = self.tok(i)?;
        let named = t.is_plain_number()
            && t.value == 9
            && self.punct(i + 1, "/")
            && self.attached(i + 1)
            && self.tok(i + 2).is_some_and(|n| n.is_plain_number() && n.value == 11)
            && self.attached(i + 2)
            // Not part of a longer number: "9/11/2001" is a numeric date.
            && !(self.attached(i + 3) && self.tok(i + 3).is_some_and(|n| n.text == "/"))
            && !(i > 0 && self.attached(i) && self.previous_punct(i).is_some());
        named.then_some((
            i + 3,
            Expr::Named {
                year: 2001,
                month: 9,
                day: 11,
                name: "9/11",
            },
        ))
    }

    /// "the 1990s", "1990s", "the '90s", "the 1990's", "the nineties".
    pub(super) fn decade(&self, i: usize) -> Found {
        let the = self.is(i, "the");
        let mut j = if the { i + 1 } else { i };
        // "the nineties": only after "the" ("in his sixties" is an age).
        if the && let Some(tens) = self.word(j).and_then(decade_from_word) {
            return Some((
                j + 1,
                Expr::Decade {
                    year: tens,
                    two_digit: true,
                },
            ));
        }
        let two_digit = self.punct(j, "'") && self.attached(j + 1);
        if two_digit {
            j += 1;
        }
        let t = self.tok(j)?;
        let digits_ok = if two_digit {
            t.digits == 2
        } else {
            t.digits == 4
        };
        // "the 1990's" is the decade; "1990's election" a year's possessive.
        let plural = t.suffix == "s" || (the && t.suffix == "'s");
        (t.kind == Kind::Number && !t.grouped && digits_ok && plural && t.value % 10 == 0)
            .then_some((
                j + 1,
                Expr::Decade {
                    year: t.value,
                    two_digit,
                },
            ))
    }

    /// "the 12th century", "the twelfth-century", "the 3rd century BC",
    /// "the first millennium".
    pub(super) fn century(&self, i: usize) -> Found {
        let mut j = i;
        if self.is(j, "the") {
            j += 1;
        }
        let (mut k, ordinal) = self.ordinal(j)?;
        if !(1..=MAX_CENTURY_ORDINAL).contains(&ordinal) {
            return None;
        }
        if self.dash(k) {
            k += 1;
        }
        let millennium = match self.base(k) {
            Some("century") => false,
            Some("millennium") => true,
            _ => return None,
        };
        let mut end = k + 1;
        let mut bc = false;
        if let Some((e, is_bc)) = self.era_marker(end) {
            end = e;
            bc = is_bc;
        }
        Some((
            end,
            Expr::Century {
                ordinal,
                bc,
                millennium,
            },
        ))
    }

    /// "spring 2024", "the summer of 1969", "in the autumn", "this winter"
    /// (the last through [`Self::shifted`]).
    pub(super) fn season(&self, i: usize) -> Found {
        let mut j = i;
        let the = self.is(j, "the");
        if the {
            j += 1;
        }
        let code = season_from_word(self.base(j)?)?;
        let after = j + 1;
        if let Some((end, year)) = self.year_after(after) {
            return Some((
                end,
                Expr::Season {
                    code,
                    year: Some(year),
                },
            ));
        }
        let introduced =
            the || self.previous_word(j).is_some_and(|w| {
                matches!(
                    w,
                    "in" | "during"
                        | "by"
                        | "until"
                        | "since"
                        | "through"
                        | "early"
                        | "late"
                        | "mid"
                        | "throughout"
                )
            }) || (self.previous_punct(j) == Some("-") && j >= 2 && self.is(j - 2, "mid"));
        // "the fall of Rome", "summer heat": the word is not the season;
        // "the Summer Olympics", "the Arab Spring": part of a name.
        let named = j > 0 && self.tok(j).is_some_and(Token::is_capitalized);
        let qualifies = self.is_any(after, &["of", "'s"]) || !self.clause_break(after);
        let free = !named && !qualifies;
        (introduced && free).then_some((after, Expr::Season { code, year: None }))
    }

    /// A year after a season, quarter or half: "2024", "of 2024", "of the
    /// year", "of last year".
    pub(super) fn year_after(&self, j: usize) -> Option<(usize, YearSpec)> {
        if let Some((end, year)) = self.written_year(j) {
            return Some((end, YearSpec::Explicit(year)));
        }
        if !self.is(j, "of") {
            return None;
        }
        if let Some((end, year)) = self.written_year(j + 1) {
            return Some((end, YearSpec::Explicit(year)));
        }
        let offset = match self.word(j + 1)? {
            "the" | "this" => 0,
            "last" => -1,
            "next" => 1,
            _ => return None,
        };
        (self.base(j + 2) == Some("year")).then_some((j + 3, YearSpec::Relative(offset)))
    }

    /// A holiday by name, with an optional year: "Christmas Day",
    /// "the Fourth of July", "Easter 2020".
    pub(super) fn holiday(&self, i: usize) -> Found {
        // Every holiday's name starts with a capital or with "the".
        if !self
            .tok(i)
            .is_some_and(|t| t.is_capitalized() || t.lower == "the")
        {
            return None;
        }
        for (words, holiday) in HOLIDAYS {
            let matched = words
                .iter()
                .enumerate()
                .all(|(n, w)| self.tok(i + n).is_some_and(|t| t.lower == *w));
            if !matched {
                continue;
            }
            let named = if words[0] == "the" { i + 1 } else { i };
            if !self.tok(named).is_some_and(Token::is_capitalized) {
                continue;
            }
            let mut end = i + words.len();
            // "Christmas shopping": a one-word name qualifying a noun.
            if words.len() == 1 && !self.clause_break(end) && self.written_year(end).is_none() {
                continue;
            }
            let mut year = None;
            let k = if self.punct(end, ",") { end + 1 } else { end };
            if let Some((e, y)) = self.written_year(k) {
                year = Some(y);
                end = e;
            }
            return Some((
                end,
                Expr::Holiday {
                    holiday: *holiday,
                    year,
                },
            ));
        }
        None
    }

    /// "the weekend" ("this weekend" through [`Self::shifted`]).
    pub(super) fn weekend(&self, i: usize) -> Found {
        (self.is(i, "the") && self.base(i + 1) == Some("weekend")).then_some((i + 2, Expr::Weekend))
    }
}
