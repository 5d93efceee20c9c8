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

mod build;
mod lexer;
mod parser;

use super::DateError;
use super::parts::narrowed_edtf;
use super::words::{part_from_of_word, part_from_word};
use build::{ISO_BASIC_DIGITS, complete_range, edtf_from_part};
use lexer::{Tok, tokenize};
use parser::{Parser, is_now_word};

/// Examples shown when a text is not recognisable as a date.
pub(super) const EXAMPLES: &str = "try 2023-09-13, 13 September 2023, Sept 2023, c. 1850, 1850s, 44 BC, \
                        spring 2024, Q3 2024, before 1066, since March 2020 or 1914–1918";

/// The largest year written without EDTF's `Y` prefix.
pub(super) const MAX_FOUR_DIGIT_YEAR: i64 = 9999;

/// The year of one date, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearPart {
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
pub(super) struct Part {
    pub(super) year: Option<YearPart>,
    /// A number too short to be sure of: a day if the other side of a range
    /// gives a month, else a year ("13–14 September", "1914–18").
    pub(super) bare: Option<i64>,
    /// How many digits the bare number was written with.
    pub(super) bare_digits: usize,
    /// 1–12, or an EDTF sub-year code 21–41; `Some(0)` is "month unknown".
    pub(super) month: Option<u32>,
    /// 1–31; `Some(0)` is "day unknown".
    pub(super) day: Option<u32>,
    pub(super) time: Option<(u32, u32, u32)>,
    /// "BC" was written on this side.
    pub(super) bc: bool,
    /// The year is a counted century or millennium ("2nd century"), which
    /// "BC" turns into a negative mask.
    pub(super) ordinal_span: bool,
    pub(super) approximate: bool,
    pub(super) uncertain: bool,
}

/// Why the natural parser gave up: a precise reason, or "not a date at all".
#[derive(Debug)]
pub(super) enum Failure {
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
