//! The parser of one date's shapes ("Sept 2023", "13th of September
//! 2023", "3rd quarter of 2024", "1850s") over the tokens.

use super::build::iso_basic;
use super::lexer::Tok;
use super::{Failure, ISO_BASIC_DIGITS, Part, YearPart};
use crate::model::date::DateError;
use crate::model::date::calendar::MONTH_NAMES;
use crate::model::date::words::{
    is_approximation_word, month_from_word, ordinal_from_word, season_from_word,
};

pub(super) fn is_range_word(word: &str) -> bool {
    matches!(word, "to" | "until" | "till" | "til" | "through" | "thru")
}

pub(super) fn is_now_word(word: &str) -> bool {
    matches!(word, "present" | "now" | "today" | "ongoing")
}

pub(super) struct Parser {
    pub(super) tokens: Vec<Tok>,
    pub(super) pos: usize,
}

impl Parser {
    pub(super) fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    pub(super) fn peek_at(&self, offset: usize) -> Option<&Tok> {
        self.tokens.get(self.pos + offset)
    }

    pub(super) fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    pub(super) fn word_at(&self, offset: usize) -> Option<&str> {
        match self.peek_at(offset) {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    pub(super) fn eat_word(&mut self, word: &str) -> bool {
        if self.peek_word() == Some(word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    pub(super) fn at_range_separator(&self) -> bool {
        matches!(self.peek(), Some(Tok::RangeDash | Tok::Hyphen))
            || self.peek_word().is_some_and(is_range_word)
    }

    pub(super) fn num(&mut self) -> Option<(i64, usize)> {
        match self.peek() {
            Some(Tok::Num { value, digits }) => {
                let found = (*value, *digits);
                self.pos += 1;
                Some(found)
            }
            _ => None,
        }
    }

    /// True when an era word follows ("12000 BC"), which makes a long
    /// number a year.
    pub(super) fn era_follows(&self) -> bool {
        self.peek_word()
            .is_some_and(|w| matches!(w, "bc" | "bce" | "ad" | "ce"))
    }

    /// A year after a month or season: `2023`, `44 BC`, `AD 476`.
    pub(super) fn year_after(&mut self, part: &mut Part) -> Result<(), Failure> {
        self.eat(&Tok::Comma);
        self.eat_word("of");
        if self.eat_word("ad") || self.eat_word("ce") {
            let (value, _) = self.num().ok_or(Failure::Unrecognised)?;
            part.year = Some(YearPart::Exact(value));
            return Ok(());
        }
        if let Some(Tok::Num { value, .. }) = self.peek().cloned() {
            self.pos += 1;
            part.year = Some(YearPart::Exact(value));
            self.era(part)?;
        }
        Ok(())
    }

    /// A trailing era: `BC`/`BCE` turns the year astronomical; `AD`/`CE`
    /// confirms it.
    pub(super) fn era(&mut self, part: &mut Part) -> Result<(), Failure> {
        let Some(word) = self.peek_word() else {
            return Ok(());
        };
        match word {
            "bc" | "bce" => {
                self.pos += 1;
                let year = match (part.year, part.bare.take()) {
                    (Some(YearPart::Exact(y)), _) | (None, Some(y)) => y,
                    // "the 2nd century BC" is 200–101 BC, the astronomical
                    // years -0199 to -0100: `-01XX` exactly.
                    (Some(YearPart::Masked(prefix, unknown)), _) if part.ordinal_span => {
                        part.year = Some(YearPart::NegativeMasked(prefix, unknown));
                        part.bc = true;
                        return Ok(());
                    }
                    _ => {
                        return Err(DateError::new(
                            "decades BC cannot be written as one date (the 190s BC run \
                             199–190 BC); give the years, e.g. 199 BC – 190 BC",
                        )
                        .into());
                    }
                };
                if year <= 0 {
                    return Err(
                        DateError::new("there is no year 0 BC: 1 BC is followed by AD 1").into(),
                    );
                }
                part.year = Some(YearPart::Exact(1 - year));
                part.bc = true;
            }
            "ad" | "ce" => {
                self.pos += 1;
                if let Some(y) = part.bare.take() {
                    part.year = Some(YearPart::Exact(y));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// `10:30`, `6:45 am`, `18:05:09 UTC` after a day.
    pub(super) fn time(&mut self, part: &mut Part) -> Result<(), Failure> {
        let start = self.pos;
        self.eat(&Tok::Comma);
        self.eat_word("at");
        let (
            Some(Tok::Num { value: h, .. }),
            Some(Tok::Colon),
            Some(Tok::Num {
                value: m,
                digits: 2,
            }),
        ) = (
            self.peek().cloned(),
            self.peek_at(1).cloned(),
            self.peek_at(2).cloned(),
        )
        else {
            self.pos = start;
            return Ok(());
        };
        self.pos += 3;
        let mut second = 0;
        if let (
            Some(Tok::Colon),
            Some(Tok::Num {
                value: s,
                digits: 2,
            }),
        ) = (self.peek().cloned(), self.peek_at(1).cloned())
        {
            self.pos += 2;
            second = s;
        }
        let mut hour = h;
        if self.eat_word("pm") {
            if !(1..=12).contains(&hour) {
                return Err(DateError::new(format!("{h} pm is not a time of day")).into());
            }
            hour = hour % 12 + 12;
        } else if self.eat_word("am") {
            if !(1..=12).contains(&hour) {
                return Err(DateError::new(format!("{h} am is not a time of day")).into());
            }
            hour %= 12;
        }
        if hour > 23 || m > 59 || second > 59 {
            return Err(DateError::new(format!("{h}:{m:02} is not a time of day")).into());
        }
        part.time = Some((hour as u32, m as u32, second as u32));
        Ok(())
    }

    /// One date, possibly missing what a range's other side provides.
    pub(super) fn single(&mut self) -> Result<Part, Failure> {
        let mut part = Part::default();
        loop {
            if self.eat(&Tok::Tilde) {
                part.approximate = true;
            } else if self.peek_word().is_some_and(is_approximation_word) {
                self.pos += 1;
                part.approximate = true;
            } else {
                break;
            }
        }
        self.eat_word("the");
        self.core(&mut part)?;
        self.era(&mut part)?;
        if part.day.is_some_and(|d| d > 0) {
            self.time(&mut part)?;
        }
        self.unknown_suffix(&mut part);
        let question = self.eat(&Tok::Question);
        let tilde = self.eat(&Tok::Tilde);
        if tilde && (question || self.peek() == Some(&Tok::Question)) {
            return Err(DateError::new(
                "“?~” is the 2012 draft's mark: EDTF writes a date both uncertain and \
                 approximate with %, as in 1984%",
            )
            .into());
        }
        part.uncertain |= question;
        part.approximate |= tilde;
        Ok(part)
    }

    /// ", month unknown" and ", day unknown", as the display writes them.
    pub(super) fn unknown_suffix(&mut self, part: &mut Part) {
        let comma = usize::from(self.peek() == Some(&Tok::Comma));
        let (Some(what), Some("unknown")) = (self.word_at(comma), self.word_at(comma + 1)) else {
            return;
        };
        match what {
            "month" if part.month.is_none() => part.month = Some(0),
            "day" if part.month.is_some() && part.day.is_none() => part.day = Some(0),
            _ => return,
        }
        self.pos += comma + 2;
    }

    pub(super) fn core(&mut self, part: &mut Part) -> Result<(), Failure> {
        let Some(tok) = self.peek().cloned() else {
            return Err(Failure::Unrecognised);
        };
        match tok {
            Tok::Word(word) => self.core_word(&word, part),
            Tok::Num { value, digits } => self.core_number(value, digits, part),
            _ => Err(Failure::Unrecognised),
        }
    }

    pub(super) fn core_word(&mut self, word: &str, part: &mut Part) -> Result<(), Failure> {
        if let Some(month) = month_from_word(word) {
            self.pos += 1;
            part.month = Some(month);
            if let Some(Tok::Num { value, digits }) = self.peek().cloned() {
                let next_is_colon = self.peek_at(1) == Some(&Tok::Colon);
                if digits <= 2 && value <= 31 && !next_is_colon {
                    self.pos += 1;
                    let _ordinal_suffix = self.eat_word("st")
                        || self.eat_word("nd")
                        || self.eat_word("rd")
                        || self.eat_word("th");
                    part.day = Some(value as u32);
                }
            }
            return self.year_after(part);
        }
        if let Some(code) = season_from_word(word) {
            self.pos += 1;
            part.month = Some(code);
            return self.year_after(part);
        }
        if word == "q" {
            self.pos += 1;
            let (n, _) = self.num().ok_or(Failure::Unrecognised)?;
            return self.quarter(n, part);
        }
        // "the last quarter of 2024", "the latter half": only before the
        // unit they count in ("last century" is no ordinal).
        let last = match (word, self.word_at(1)) {
            ("last" | "final", Some("quarter")) => Some(4),
            ("last" | "latter", Some("half")) => Some(2),
            _ => None,
        };
        if let Some(n) = last.or_else(|| ordinal_from_word(word)) {
            self.pos += 1;
            return self.ordinal_unit(n, part);
        }
        if word == "ad" || word == "ce" {
            self.pos += 1;
            let (value, _) = self.num().ok_or(Failure::Unrecognised)?;
            if self.eat_word("s") {
                return self.plural_year(value, 4, part);
            }
            part.year = Some(YearPart::Exact(value));
            return Ok(());
        }
        Err(Failure::Unrecognised)
    }

    pub(super) fn quarter(&mut self, n: i64, part: &mut Part) -> Result<(), Failure> {
        if !(1..=4).contains(&n) {
            return Err(
                DateError::new(format!("there is no quarter {n}: quarters are Q1–Q4")).into(),
            );
        }
        part.month = Some(32 + n as u32);
        self.year_after(part)
    }

    /// After an ordinal: "3rd quarter", "first half", "19th century",
    /// "2nd millennium", "13th September".
    pub(super) fn ordinal_unit(&mut self, n: i64, part: &mut Part) -> Result<(), Failure> {
        match self.peek_word() {
            Some("quarter") => {
                self.pos += 1;
                self.quarter(n, part)
            }
            Some("half") => {
                self.pos += 1;
                if !(1..=2).contains(&n) {
                    return Err(DateError::new("a year has a first and a second half only").into());
                }
                part.month = Some(39 + n as u32);
                self.year_after(part)
            }
            Some("century") => {
                self.pos += 1;
                if !(1..=100).contains(&n) {
                    return Err(DateError::new(format!("the {n}th century is out of range")).into());
                }
                part.year = Some(YearPart::Masked(n - 1, 2));
                part.ordinal_span = true;
                Ok(())
            }
            Some("millennium") => {
                self.pos += 1;
                if !(1..=10).contains(&n) {
                    return Err(
                        DateError::new(format!("the {n}th millennium is out of range")).into(),
                    );
                }
                part.year = Some(YearPart::Masked(n - 1, 3));
                part.ordinal_span = true;
                Ok(())
            }
            _ => {
                self.eat_word("of");
                let month = self
                    .peek_word()
                    .and_then(month_from_word)
                    .ok_or(Failure::Unrecognised)?;
                self.pos += 1;
                part.day = Some(n as u32);
                part.month = Some(month);
                self.year_after(part)
            }
        }
    }

    pub(super) fn core_number(
        &mut self,
        value: i64,
        digits: usize,
        part: &mut Part,
    ) -> Result<(), Failure> {
        self.pos += 1;
        if digits == ISO_BASIC_DIGITS && !self.era_follows() {
            return iso_basic(value, part);
        }
        if digits > 4 && !self.era_follows() {
            return Err(DateError::new(format!(
                "“{value}” is no year of four digits: a year beyond 9999 is written Y{value}, \
                 and a day as 2023-09-13 (or 20230913)"
            ))
            .into());
        }
        // ISO-like: 2023-09, 2023-09-13 (the EDTF reader refused it, so
        // something in it is wrong and validation will say what).
        if digits == 4
            && self.peek() == Some(&Tok::Hyphen)
            && let Some(Tok::Num {
                value: second,
                digits: second_digits @ (1 | 2),
            }) = self.peek_at(1).cloned()
        {
            let day_follows = self.peek_at(2) == Some(&Tok::Hyphen)
                && matches!(self.peek_at(3), Some(Tok::Num { .. }));
            if second_digits == 1 && !day_follows {
                // "1985-6" is June 1985 (ISO with its zero left out) or
                // 1985–86; "2016-5" can only be May 2016.
                let range_end = value - value % 10 + second;
                if second > value % 10 && second > 0 {
                    return Err(DateError::new(format!(
                        "“{value}-{second}” could be {} {value} ({value}-{second:02}) or \
                         {value}–{range_end} ({value}/{range_end}): type one of those",
                        MONTH_NAMES
                            .get(usize::try_from(second).unwrap_or(0).wrapping_sub(1))
                            .unwrap_or(&"month"),
                    ))
                    .into());
                }
            }
            self.pos += 2;
            part.year = Some(YearPart::Exact(value));
            let month = u32::try_from(second).unwrap_or(u32::MAX);
            part.month = Some(month);
            if day_follows && let Some(Tok::Num { value: day, .. }) = self.peek_at(1).cloned() {
                self.pos += 2;
                if day == 0 {
                    return Err(DateError::new(format!(
                        "there is no day 00: write {value}-{month:02}-XX for a day unknown, \
                         or {value}-{month:02} for the month"
                    ))
                    .into());
                }
                part.day = Some(u32::try_from(day).unwrap_or(u32::MAX));
            }
            if month == 0 {
                return Err(DateError::new(format!(
                    "there is no month 00: write {value}-XX for a month unknown, or {value} for \
                     the year"
                ))
                .into());
            }
            if !(1..=12).contains(&month) {
                // "1914-18" is no month: maybe the years 1914–1918, which a
                // dash writes unambiguously.
                let century = value - value % 100;
                let range_end = century + second;
                let years = if second_digits == 2 && range_end > value && !day_follows {
                    format!("; for the years {value}–{range_end} write {value}–{second}")
                } else {
                    String::new()
                };
                return Err(DateError::new(format!(
                    "there is no month {month:02}: months are 01–12 (21–24 are seasons, \
                     33–36 quarters){years}"
                ))
                .into());
            }
            return Ok(());
        }
        match self.peek_word() {
            Some("st" | "nd" | "rd" | "th") => {
                self.pos += 1;
                self.ordinal_unit(value, part)
            }
            Some("s") => {
                self.pos += 1;
                self.plural_year(value, digits, part)
            }
            Some("q") => {
                self.pos += 1;
                self.quarter(value, part)
            }
            Some(word) if month_from_word(word).is_some() || word == "of" => {
                self.eat_word("of");
                let month = self
                    .peek_word()
                    .and_then(month_from_word)
                    .ok_or(Failure::Unrecognised)?;
                self.pos += 1;
                part.day = Some(value as u32);
                part.month = Some(month);
                self.year_after(part)
            }
            _ => {
                // "September 13–14, 2023": a day, a comma and the year.
                if let (
                    true,
                    Some(Tok::Comma),
                    Some(Tok::Num {
                        value: year,
                        digits: 3..,
                    }),
                ) = (digits <= 2, self.peek().cloned(), self.peek_at(1).cloned())
                {
                    self.pos += 2;
                    part.day = Some(value as u32);
                    part.year = Some(YearPart::Exact(year));
                } else if digits <= 2 {
                    part.bare = Some(value);
                    part.bare_digits = digits;
                } else {
                    part.year = Some(YearPart::Exact(value));
                }
                Ok(())
            }
        }
    }

    /// "1850s" (decade), "1900s" (century), "1900s (decade)", "2000s",
    /// "90s" (the 1990s), "AD 90s" (years 90–99).
    pub(super) fn plural_year(
        &mut self,
        value: i64,
        digits: usize,
        part: &mut Part,
    ) -> Result<(), Failure> {
        let value = if digits == 2 { 1900 + value } else { value };
        if digits < 2 || value % 10 != 0 {
            return Err(DateError::new(format!(
                "{value}s is not a decade: write a year ending in 0, such as 1850s"
            ))
            .into());
        }
        let explicit_decade = self.peek() == Some(&Tok::LParen)
            && self.word_at(1) == Some("decade")
            && self.peek_at(2) == Some(&Tok::RParen);
        if explicit_decade {
            self.pos += 3;
        }
        part.year = Some(if value % 100 == 0 && value != 2000 && !explicit_decade {
            YearPart::Masked(value / 100, 2)
        } else {
            YearPart::Masked(value / 10, 1)
        });
        Ok(())
    }
}
