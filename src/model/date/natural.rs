//! Natural date forms a person types, turned into EDTF.
//!
//! `Sept 2023` → `2023-09`, `September 13, 2023` → `2023-09-13`,
//! `c. 1850` → `1850~`, `1850s` → `185X`, `44 BC` → `-0043`,
//! `1914–1918` → `1914/1918`, `between March and May 1917` →
//! `1917-03/1917-05`, `Q3 2024` → `2024-35`, `before 1066` → `[..1066]`,
//! `since March 2020` → `2020-03/..`.
//!
//! The grammar is small and explicit: a token list, a few named shapes for
//! one date ([`Part`]), and the words that join two of them into a range or
//! turn one into an open-ended span. Whatever it builds is validated again by
//! the EDTF parser, so this module can only narrow what is accepted.

use super::DateError;
use super::calendar::{MONTH_NAMES, days_in_month, iso_year};
use super::parts::narrowed_edtf;
use super::words::{
    is_approximation_word, month_from_word, ordinal_from_word, part_from_of_word, part_from_word,
    season_from_word,
};

/// Examples shown when a text is not recognisable as a date.
const EXAMPLES: &str = "try 2023-09-13, 13 September 2023, Sept 2023, c. 1850, 1850s, 44 BC, \
                        spring 2024, Q3 2024, before 1066, since March 2020 or 1914–1918";

/// The largest year written without EDTF's `Y` prefix.
const MAX_FOUR_DIGIT_YEAR: i64 = 9999;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Num { value: i64, digits: usize },
    Word(String),
    Hyphen,
    RangeDash,
    Comma,
    Colon,
    Question,
    Tilde,
    LParen,
    RParen,
}

fn tokenize(input: &str) -> Result<Vec<Tok>, DateError> {
    let lowered = input
        .to_lowercase()
        .replace("b.c.e.", "bce")
        .replace("b.c.", "bc")
        .replace("a.d.", "ad")
        .replace("c.e.", "ce")
        .replace("a.m.", "am")
        .replace("p.m.", "pm");
    let chars: Vec<char> = lowered.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == '.' {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let value = text
                .parse::<i64>()
                .map_err(|_| DateError::new(format!("the number {text} is too large")))?;
            tokens.push(Tok::Num {
                value,
                digits: text.len(),
            });
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            tokens.push(Tok::Word(chars[start..i].iter().collect()));
        } else {
            tokens.push(match c {
                '-' | '\u{2010}' | '\u{2011}' => Tok::Hyphen,
                '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => Tok::RangeDash,
                ',' => Tok::Comma,
                ':' => Tok::Colon,
                '?' => Tok::Question,
                '~' => Tok::Tilde,
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                '\'' | '\u{2019}' => {
                    i += 1;
                    continue;
                }
                other => {
                    return Err(DateError::new(format!(
                        "unexpected character ‘{other}’ in the date; {EXAMPLES}"
                    )));
                }
            });
            i += 1;
        }
    }
    Ok(tokens)
}

/// The year of one date, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearPart {
    /// An astronomical year (`-43` is 44 BC).
    Exact(i64),
    /// Known leading digits and a count of unspecified trailing digits:
    /// `(185, 1)` is `185X`, `(18, 2)` is `18XX`.
    Masked(i64, usize),
    /// The same before the common era: `(1, 2)` is `-01XX`, 200–101 BC.
    NegativeMasked(i64, usize),
}

/// One date as read so far; a side of a range may lack what the other gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Part {
    year: Option<YearPart>,
    /// A number too short to be sure of: a day if the other side of a range
    /// gives a month, else a year ("13–14 September", "1914–18").
    bare: Option<i64>,
    /// How many digits the bare number was written with.
    bare_digits: usize,
    /// 1–12, or an EDTF sub-year code 21–41; `Some(0)` is "month unknown".
    month: Option<u32>,
    /// 1–31; `Some(0)` is "day unknown".
    day: Option<u32>,
    time: Option<(u32, u32, u32)>,
    /// "BC" was written on this side.
    bc: bool,
    /// The year is a counted century or millennium ("2nd century"), which
    /// "BC" turns into a negative mask.
    ordinal_span: bool,
    approximate: bool,
    uncertain: bool,
}

/// Why the natural parser gave up: a precise reason, or "not a date at all".
#[derive(Debug)]
enum Failure {
    Specific(DateError),
    Unrecognised,
}

impl From<DateError> for Failure {
    fn from(error: DateError) -> Self {
        Self::Specific(error)
    }
}

/// Turns a natural date form into EDTF text.
pub(super) fn edtf_from_natural(input: &str) -> Result<String, DateError> {
    match parse(input) {
        Ok(text) => Ok(text),
        Err(Failure::Specific(error)) => Err(error),
        Err(Failure::Unrecognised) => Err(unrecognised(input)),
    }
}

fn unrecognised(input: &str) -> DateError {
    DateError::new(format!("cannot read “{input}” as a date; {EXAMPLES}"))
}

/// Explains why a string is not valid EDTF, preferring the precise reason
/// the natural reading finds ("September 2023 has 30 days").
pub(super) fn explain_edtf_error(input: &str, error: &edtf_core::ParseError) -> DateError {
    match parse(input) {
        Err(Failure::Specific(specific)) => specific,
        _ if input.chars().any(char::is_alphabetic)
            && !input
                .chars()
                .all(|c| "XYESTZ0123456789-+:/.?~%[]{},".contains(c)) =>
        {
            unrecognised(input)
        }
        _ => DateError::new(format!(
            "“{input}” is not a valid EDTF date: {} (at character {})",
            error.message,
            error.offset + 1
        )),
    }
}

fn is_range_word(word: &str) -> bool {
    matches!(word, "to" | "until" | "till" | "til" | "through" | "thru")
}

fn is_now_word(word: &str) -> bool {
    matches!(word, "present" | "now" | "today" | "ongoing")
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, offset: usize) -> Option<&Tok> {
        self.tokens.get(self.pos + offset)
    }

    fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn word_at(&self, offset: usize) -> Option<&str> {
        match self.peek_at(offset) {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.peek_word() == Some(word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn at_range_separator(&self) -> bool {
        matches!(self.peek(), Some(Tok::RangeDash | Tok::Hyphen))
            || self.peek_word().is_some_and(is_range_word)
    }

    fn num(&mut self) -> Option<(i64, usize)> {
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
    fn era_follows(&self) -> bool {
        self.peek_word()
            .is_some_and(|w| matches!(w, "bc" | "bce" | "ad" | "ce"))
    }

    /// A year after a month or season: `2023`, `44 BC`, `AD 476`.
    fn year_after(&mut self, part: &mut Part) -> Result<(), Failure> {
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
    fn era(&mut self, part: &mut Part) -> Result<(), Failure> {
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
    fn time(&mut self, part: &mut Part) -> Result<(), Failure> {
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
    fn single(&mut self) -> Result<Part, Failure> {
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
    fn unknown_suffix(&mut self, part: &mut Part) {
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

    fn core(&mut self, part: &mut Part) -> Result<(), Failure> {
        let Some(tok) = self.peek().cloned() else {
            return Err(Failure::Unrecognised);
        };
        match tok {
            Tok::Word(word) => self.core_word(&word, part),
            Tok::Num { value, digits } => self.core_number(value, digits, part),
            _ => Err(Failure::Unrecognised),
        }
    }

    fn core_word(&mut self, word: &str, part: &mut Part) -> Result<(), Failure> {
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

    fn quarter(&mut self, n: i64, part: &mut Part) -> Result<(), Failure> {
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
    fn ordinal_unit(&mut self, n: i64, part: &mut Part) -> Result<(), Failure> {
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

    fn core_number(&mut self, value: i64, digits: usize, part: &mut Part) -> Result<(), Failure> {
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
    fn plural_year(&mut self, value: i64, digits: usize, part: &mut Part) -> Result<(), Failure> {
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

/// Digits of an ISO 8601 basic date, `YYYYMMDD`.
const ISO_BASIC_DIGITS: usize = 8;

/// `19850412`: the ISO 8601 basic form of 12 April 1985. (ISO has no basic
/// form for a month alone: `198504` would read as a day of 1985 in some
/// tools and a year in others, so it is refused as a long year.)
fn iso_basic(value: i64, part: &mut Part) -> Result<(), Failure> {
    let (year, month, day) = (value / 10_000, value / 100 % 100, value % 100);
    if !(1..=12).contains(&month) || day == 0 {
        return Err(DateError::new(format!(
            "“{value}” is no date: read as year, month and day ({year:04}-{month:02}-{day:02}) its \
             {} is out of range",
            if (1..=12).contains(&month) {
                "day"
            } else {
                "month"
            }
        ))
        .into());
    }
    part.year = Some(YearPart::Exact(year));
    part.month = u32::try_from(month).ok();
    part.day = u32::try_from(day).ok();
    Ok(())
}

/// Fills what one side of a range leaves out from the other side.
fn complete_range(start: &mut Part, end: &mut Part) -> Result<(), Failure> {
    // "September 13–14, 2023": the end borrows the month.
    if end.month.is_none() && start.month.is_some() && (end.day.is_some() || end.bare.is_some()) {
        if let Some(d) = end.bare.take() {
            end.day = Some(d as u32);
        }
        end.month = start.month;
    }
    // "13–14 September 2023": the start borrows month and year.
    if let Some(b) = start.bare
        && end.day.is_some()
        && start.month.is_none()
    {
        start.day = Some(b as u32);
        start.bare = None;
    }
    if start.day.is_some() && start.month.is_none() {
        start.month = end.month;
    }
    // "1914–18": the end is a year in the start's century; "1985–6" a
    // year in its decade.
    if let (Some(YearPart::Exact(y)), Some(b)) = (start.year, end.bare)
        && end.month.is_none()
        && !start.bc
    {
        let year = if end.bare_digits == 1 {
            let year = y - y.rem_euclid(10) + b;
            if year <= y {
                return Err(DateError::new(format!(
                    "“{y}–{b}” runs backwards: write the end year in full, e.g. {y}–{}",
                    y + 1
                ))
                .into());
            }
            year
        } else {
            let century = y - y.rem_euclid(100);
            let year = century + b;
            if year < y { year + 100 } else { year }
        };
        end.year = Some(YearPart::Exact(year));
        end.bare = None;
    }
    // "218–201 BC": BC on the end applies to a bare start.
    if end.bc
        && !start.bc
        && let Some(YearPart::Exact(y)) = start.year
        && y > 0
    {
        start.year = Some(YearPart::Exact(1 - y));
        start.bc = true;
    }
    if start.year.is_none() && start.bare.is_none() {
        start.year = end.year;
        // "December – February 2024" begins in the year before.
        if let (Some(a), Some(b), Some(YearPart::Exact(y))) = (start.month, end.month, end.year)
            && a <= 12
            && b <= 12
            && a > b
        {
            start.year = Some(YearPart::Exact(y - 1));
        }
    }
    Ok(())
}

fn edtf_from_part(part: &Part) -> Result<String, Failure> {
    if part.day.is_some() && part.month.is_none() {
        return Err(Failure::Unrecognised);
    }
    let year = match (part.year, part.bare) {
        (Some(y), _) => y,
        (None, Some(b)) => YearPart::Exact(b),
        (None, None) => {
            return Err(match part.month {
                Some(m) if (1..=12).contains(&m) => DateError::new(format!(
                    "which year? Add one, e.g. “{} 2024”",
                    MONTH_NAMES[m as usize - 1]
                ))
                .into(),
                _ => Failure::Unrecognised,
            });
        }
    };
    let mut text = match year {
        YearPart::Exact(y) if y.abs() > MAX_FOUR_DIGIT_YEAR => {
            if part.month.is_some() {
                return Err(DateError::new(
                    "years beyond four digits can only be given as a whole year",
                )
                .into());
            }
            format!("Y{y}")
        }
        YearPart::Exact(y) => iso_year(y),
        YearPart::Masked(prefix, unknown) => {
            format!(
                "{prefix:0width$}{}",
                "X".repeat(unknown),
                width = 4 - unknown
            )
        }
        YearPart::NegativeMasked(prefix, unknown) => {
            format!(
                "-{prefix:0width$}{}",
                "X".repeat(unknown),
                width = 4 - unknown
            )
        }
    };
    if let Some(month) = part.month {
        if month == 0 {
            text.push_str("-XX");
        } else {
            text.push_str(&format!("-{month:02}"));
        }
    }
    if let Some(day) = part.day {
        if day == 0 {
            text.push_str("-XX");
        } else {
            check_day(year, part.month, day)?;
            text.push_str(&format!("-{day:02}"));
        }
    }
    if let Some((h, m, s)) = part.time {
        text.push_str(&format!("T{h:02}:{m:02}:{s:02}"));
    }
    match (part.approximate, part.uncertain) {
        (true, true) => text.push('%'),
        (true, false) => text.push('~'),
        (false, true) => text.push('?'),
        (false, false) => {}
    }
    Ok(text)
}

/// A precise message for a day the month does not have.
fn check_day(year: YearPart, month: Option<u32>, day: u32) -> Result<(), Failure> {
    let (YearPart::Exact(y), Some(m @ 1..=12)) = (year, month) else {
        return Ok(());
    };
    let last = days_in_month(y, m);
    if day == 0 || day > last {
        let name = MONTH_NAMES[m as usize - 1];
        let year_text = super::display::year_text(y);
        let message = if m == 2 && day == 29 {
            format!("{year_text} is not a leap year, so February {year_text} has 28 days")
        } else {
            format!("there is no {day} {name} {year_text}: {name} {year_text} has {last} days")
        };
        return Err(DateError::new(message).into());
    }
    Ok(())
}

fn range(start: &mut Part, end: &mut Part) -> Result<String, Failure> {
    complete_range(start, end)?;
    Ok(format!(
        "{}/{}",
        edtf_from_part(start)?,
        edtf_from_part(end)?
    ))
}

/// Items of "one of 1667, 1668, 1670–1672".
fn set(parser: &mut Parser, open: char, close: char) -> Result<String, Failure> {
    let mut items = Vec::new();
    loop {
        let item = if parser.eat_word("before") {
            format!("..{}", edtf_from_part(&parser.single()?)?)
        } else if parser.eat_word("after") {
            format!("{}..", edtf_from_part(&parser.single()?)?)
        } else {
            let mut start = parser.single()?;
            if parser.at_range_separator() {
                parser.pos += 1;
                let mut end = parser.single()?;
                complete_range(&mut start, &mut end)?;
                format!("{}..{}", edtf_from_part(&start)?, edtf_from_part(&end)?)
            } else {
                edtf_from_part(&start)?
            }
        };
        items.push(item);
        if !(parser.eat(&Tok::Comma) || parser.eat_word("or") || parser.eat_word("and")) {
            break;
        }
        parser.eat_word("or");
        parser.eat_word("and");
    }
    Ok(format!("{open}{}{close}", items.join(",")))
}

fn parse(input: &str) -> Result<String, Failure> {
    let tokens = tokenize(input)?;
    let mut p = Parser { tokens, pos: 0 };
    let result = top(&mut p)?;
    if !p.at_end() {
        return Err(Failure::Unrecognised);
    }
    Ok(result)
}

/// "early 2024", "the late 1970s", "mid-March 2020", "the end of 2024":
/// the part of one date a modifier points at, as EDTF (see
/// [`narrowed_edtf`]). `None` when the text does not start with a modifier.
fn modified(p: &mut Parser) -> Result<Option<String>, Failure> {
    let start = p.pos;
    p.eat_word("the");
    let word = p.peek_word().unwrap_or_default();
    let of_part = part_from_of_word(word).filter(|_| p.word_at(1) == Some("of"));
    let plain_part = part_from_word(word).filter(|_| word != "middle");
    let part = if of_part.is_some() {
        p.pos += 2;
        of_part
    } else if plain_part.is_some() {
        p.pos += 1;
        p.eat(&Tok::Hyphen);
        plain_part
    } else {
        None
    };
    let Some(part) = part else {
        p.pos = start;
        return Ok(None);
    };
    let whole = edtf_from_part(&p.single()?)?;
    if !p.at_end() {
        return Err(Failure::Unrecognised);
    }
    let date = super::Date::parse_edtf(&whole)?;
    narrowed_edtf(&date, part).map(Some).ok_or_else(|| {
        DateError::new(format!(
            "“{}” cannot be narrowed to its {} part: use early, mid or late with a month, \
             a year, a decade or a century (“early March 2020”, “the late 1970s”)",
            date.display(),
            part.name()
        ))
        .into()
    })
}

/// A number of one to three digits standing alone is read two ways: a
/// year of the first millennium ("AD 193") or, as ISO 8601 reads reduced
/// precision, a century ("19") or a decade ("193"). Refused with both.
fn short_number_alone(tokens: &[Tok]) -> Result<(), Failure> {
    let core: Vec<&Tok> = tokens
        .iter()
        .filter(|t| !matches!(t, Tok::Tilde | Tok::Question))
        .collect();
    let [Tok::Num { value, digits }] = core.as_slice() else {
        return Ok(());
    };
    let iso = match digits {
        2 => format!(", or the century {value}00–{value}99 ({value}XX)"),
        3 => format!(", or the decade {value}0–{value}9 ({value}X)"),
        1 => String::new(),
        _ => return Ok(()),
    };
    Err(DateError::new(format!(
        "“{value}” could be the year AD {value} (write {value:04} or AD {value}){iso}"
    ))
    .into())
}

fn top(p: &mut Parser) -> Result<String, Failure> {
    short_number_alone(&p.tokens)?;
    if let Some(text) = modified(p)? {
        return Ok(text);
    }
    let first = p.peek_word().map(str::to_owned);
    match first.as_deref() {
        Some("before" | "by" | "pre") => {
            p.pos += 1;
            return Ok(format!("[..{}]", edtf_from_part(&p.single()?)?));
        }
        Some("after" | "post") => {
            p.pos += 1;
            return Ok(format!("[{}..]", edtf_from_part(&p.single()?)?));
        }
        Some("on") if p.word_at(1) == Some("or") => {
            p.pos += 2;
            let before = match p.peek_word() {
                Some("before") => true,
                Some("after") => false,
                _ => return Err(Failure::Unrecognised),
            };
            p.pos += 1;
            let date = edtf_from_part(&p.single()?)?;
            return Ok(if before {
                format!("[..{date}]")
            } else {
                format!("[{date}..]")
            });
        }
        Some("since") => {
            p.pos += 1;
            return Ok(format!("{}/..", edtf_from_part(&p.single()?)?));
        }
        Some("until" | "till" | "til") => {
            p.pos += 1;
            return Ok(format!("../{}", edtf_from_part(&p.single()?)?));
        }
        Some("between") => {
            p.pos += 1;
            let mut start = p.single()?;
            if !(p.eat_word("and")
                || p.at_range_separator() && {
                    p.pos += 1;
                    true
                })
            {
                return Err(DateError::new("“between” needs two dates joined by “and”").into());
            }
            let mut end = p.single()?;
            return range(&mut start, &mut end);
        }
        Some("one" | "all") if p.word_at(1) == Some("of") => {
            let (open, close) = if first.as_deref() == Some("one") {
                ('[', ']')
            } else {
                ('{', '}')
            };
            p.pos += 2;
            return set(p, open, close);
        }
        Some("start") if p.word_at(1) == Some("unknown") => {
            p.pos += 2;
            if !p.at_range_separator() {
                return Err(Failure::Unrecognised);
            }
            p.pos += 1;
            return Ok(format!("/{}", edtf_from_part(&p.single()?)?));
        }
        Some("from") => {
            p.pos += 1;
        }
        _ => {}
    }
    let mut start = p.single()?;
    if p.at_end() {
        return edtf_from_part(&start);
    }
    if p.eat_word("onwards") || p.eat_word("onward") {
        return Ok(format!("{}/..", edtf_from_part(&start)?));
    }
    if p.word_at(0) == Some("or") {
        match p.word_at(1) {
            Some("earlier" | "before") => {
                p.pos += 2;
                return Ok(format!("[..{}]", edtf_from_part(&start)?));
            }
            Some("later" | "after") => {
                p.pos += 2;
                return Ok(format!("[{}..]", edtf_from_part(&start)?));
            }
            _ => return Err(Failure::Unrecognised),
        }
    }
    if !p.at_range_separator() {
        return Err(Failure::Unrecognised);
    }
    p.pos += 1;
    if p.peek_word().is_some_and(is_now_word) {
        p.pos += 1;
        return Ok(format!("{}/..", edtf_from_part(&start)?));
    }
    if (p.eat_word("end") && p.eat_word("unknown")) || p.eat(&Tok::Question) {
        return Ok(format!("{}/", edtf_from_part(&start)?));
    }
    let mut end = p.single()?;
    range(&mut start, &mut end)
}
