//! Date suggestions: finds the date expressions in a text and reads them
//! against its publication date. Pure: no egui, no rusqlite.
//!
//! A news article says "in September", "on Monday", "this month", each
//! relative to the day it was published and to its tense ("met in
//! September" is last September; "will expire in August" is next August).
//! [`extract`] finds such expressions and resolves each to a
//! [`Date`](crate::model::date::Date), with the rule that fired, how sure it
//! is, the other plausible readings and a sentence explaining the choice.
//!
//! The work is in three steps, each in its own file:
//! - `token` and `sentence` cut the text into tokens and sentences, keeping
//!   character offsets (Unicode scalar values, the unit excerpts use);
//! - `rules` (with the word lists in `lexicon`) recognises expressions and
//!   says what each one names, before placing it in time;
//! - `tense` finds the verb cues and the one governing each expression,
//!   `attach` where the expression stands (in a noun phrase, possessive,
//!   naming an event), and `resolve` places each expression against the
//!   publication date, the tense and the last date mentioned.

mod attach;
mod lexicon;
pub mod recheck;
mod resolve;
mod rules;
mod sentence;
mod tense;
mod token;

use std::fmt;
use std::str::FromStr;

use crate::model::date::{Date, DayBound, Precision};

pub use crate::model::date::words::Part;

pub use sentence::sentences;

/// How numeric dates like `03/04/2024` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// Month first: `03/04/2024` is 4 March 2024.
    #[default]
    EnUs,
    /// Day first: `03/04/2024` is 3 April 2024.
    EnGb,
}

impl Locale {
    /// The BCP 47 tag ("en-US", "en-GB").
    #[must_use]
    pub const fn tag(self) -> &'static str {
        match self {
            Self::EnUs => "en-US",
            Self::EnGb => "en-GB",
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Why a locale tag was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown locale “{0}”; use en-US (month first) or en-GB (day first)")]
pub struct LocaleError(String);

impl FromStr for Locale {
    type Err = LocaleError;

    /// Reads "en-US" or "en-GB" (any case, `-` or `_`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "en-us" => Ok(Self::EnUs),
            "en-gb" => Ok(Self::EnGb),
            _ => Err(LocaleError(s.to_owned())),
        }
    }
}

/// What the extractor reads a text against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The publication date, to the day: "last month" counts from it.
    pub published: Date,
    /// How numeric dates are read.
    pub locale: Locale,
}

/// Why [`Options`] cannot anchor an extraction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    /// The publication date is not a single, certain day.
    #[error("the publication date must be a single day like 2024-06-12, not “{0}”")]
    NotADay(String),
}

impl Options {
    /// Options for a publication day, checked.
    ///
    /// # Errors
    /// [`OptionsError::NotADay`] unless `published` is one certain day
    /// (`2024-06-12`; not `2024-06`, `2024-06-12~` or a range).
    pub fn new(published: Date, locale: Locale) -> Result<Self, OptionsError> {
        let options = Self { published, locale };
        options.anchor_day()?;
        Ok(options)
    }

    /// The publication day as a day number (days since 1970-01-01).
    ///
    /// # Errors
    /// [`OptionsError::NotADay`] unless the publication date is one day.
    pub fn anchor_day(&self) -> Result<i64, OptionsError> {
        let date = &self.published;
        let bounds = date.bounds();
        let one_day = date.precision() == Precision::Day
            && !date.is_interval()
            && !date.is_one_of()
            && !date.is_approximate()
            && !date.is_uncertain();
        match (one_day, bounds.earliest) {
            (true, DayBound::Day(day)) if bounds.latest == DayBound::Day(day) => Ok(day),
            _ => Err(OptionsError::NotADay(date.edtf().to_owned())),
        }
    }
}

/// Another way to read an expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// The date under this reading.
    pub date: Date,
    /// Why it is plausible ("if it is still to come").
    pub reading: String,
}

/// One date expression found in a text, and how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// First character (Unicode scalar value) of the expression.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// The expression as written ("in September").
    pub text: String,
    /// The date it names.
    pub date: Date,
    /// The rule that fired, a short stable name ("month-by-tense").
    pub rule: &'static str,
    /// How sure the reading is, 0.0–1.0.
    pub confidence: f32,
    /// Why it reads so ("past tense (“met”), published 12 June 2024").
    pub reading: String,
    /// Other plausible readings, most likely first.
    pub alternatives: Vec<Alternative>,
    /// First character of the sentence the expression stands in.
    pub sentence_start: usize,
    /// One past the sentence's last character.
    pub sentence_end: usize,
    /// First character of the bare expression: [`start`](Self::start)
    /// without a leading preposition or signal ("on", "in", "since", "by
    /// the end of" keeps "the end of"), as TimeML-style annotations mark it.
    pub value_start: usize,
    /// One past the bare expression's last character, without a trailing
    /// possessive "'s" ("Thursday's" → "Thursday").
    pub value_end: usize,
    /// "early", "mid", "late", "start" or "end" when the text narrowed the
    /// date ("the late 1970s").
    pub modifier: Option<Part>,
    /// The whole date the modifier narrowed (the 1970s for "the late
    /// 1970s").
    pub unmodified: Option<Date>,
}

impl Suggestion {
    /// A one-line explanation for a hover text:
    /// "'in September' → September 2023, past tense (“met”), published 12 June 2024".
    #[must_use]
    pub fn hover_text(&self) -> String {
        format!(
            "'{}' → {}, {}",
            self.text,
            self.date.display(),
            self.reading
        )
    }
}

/// Every date expression in `text`, read against `options`, sorted by start
/// and not overlapping. Options whose publication date is not one day
/// yield nothing; check them with [`Options::new`].
#[must_use]
pub fn extract(text: &str, options: &Options) -> Vec<Suggestion> {
    let Ok(anchor) = options.anchor_day() else {
        return Vec::new();
    };
    let published = options.published.display();
    let chars: Vec<char> = text.chars().collect();
    let tokens = token::tokenize_chars(&chars);
    let mut suggestions = Vec::new();
    let mut reference = None;
    let mut first_token = 0;
    for (sentence_start, sentence_end) in sentence::sentences_of_chars(&chars) {
        // Tokens are in text order, so each sentence's run follows the last.
        while first_token < tokens.len() && tokens[first_token].start < sentence_start {
            first_token += 1;
        }
        let mut last_token = first_token;
        while last_token < tokens.len() && tokens[last_token].end <= sentence_end {
            last_token += 1;
        }
        let sentence_tokens = &tokens[first_token..last_token];
        first_token = last_token;
        let cues = tense::cues(sentence_tokens);
        let mut year_context = None;
        let mut sentence_reference = None;
        // A year's possessive and the token after it: "last year's Nov. 5".
        let mut possessive_year: Option<(usize, i64)> = None;
        for found in rules::find_all(sentence_tokens) {
            let governing = tense::governing(&cues, sentence_tokens, found.start, found.end);
            let attachment = attach::attachment(sentence_tokens, found.start, found.end);
            let possessive = attachment.possessive;
            let context = resolve::Context {
                anchor,
                published: &published,
                locale: options.locale,
                cue: governing.cue,
                strong_cue: governing.strong,
                attachment,
                year_context: match possessive_year.take() {
                    Some((after, year)) if after == found.start => Some(year),
                    _ => year_context,
                },
                reference,
                sentence_reference,
            };
            let Some(resolution) = resolve::resolve(&found.expr, &context) else {
                continue;
            };
            let Some(suggestion) = suggestion_from_resolution(
                resolution.clone(),
                &chars,
                Spans {
                    text: (
                        sentence_tokens[found.start].start,
                        sentence_tokens[found.end - 1].end,
                    ),
                    value: bare_span(&sentence_tokens[found.start..found.end]),
                    sentence: (sentence_start, sentence_end),
                },
            ) else {
                continue;
            };
            suggestions.push(suggestion);
            if resolution.reference.is_some() {
                reference = resolution.reference;
                sentence_reference = resolution.reference;
            }
            // A written year opening the sentence ("In 2019, … in March")
            // sets the year for the bare names after it.
            if found.start == 0 && resolution.explicit_year.is_some() {
                year_context = resolution.explicit_year;
            }
            // A year's possessive sets it for the date right after it: "last
            // year's Nov. 5 vote".
            if possessive && let Some(resolve::Point::Year(year)) = resolution.reference {
                possessive_year = Some((found.end, year));
            }
        }
    }
    suggestions
}

/// Signals a bare expression leaves out at its front: prepositions and
/// the words that make a date a bound ("since", "before", "no later than").
const LEADING_SIGNALS: &[&str] = &[
    "in",
    "on",
    "at",
    "by",
    "since",
    "ever",
    "until",
    "till",
    "through",
    "thru",
    "throughout",
    "during",
    "from",
    "for",
    "of",
    "to",
    "up",
    "before",
    "after",
    "between",
    "sometime",
    "shortly",
    "soon",
    "just",
    "well",
    "long",
    "or",
    "no",
    "later",
    "than",
    "over",
    "into",
];

/// Character ranges of one suggestion: its text, its bare expression and
/// its sentence.
struct Spans {
    text: (usize, usize),
    value: (usize, usize),
    sentence: (usize, usize),
}

/// The character range of a match's bare expression: its tokens without
/// the leading signals and a trailing possessive. A signal is only left out
/// when a date follows it ("later" in "later that year" stays).
fn bare_span(tokens: &[token::Token]) -> (usize, usize) {
    let mut first = 0;
    while first + 1 < tokens.len()
        && tokens[first].kind == token::Kind::Word
        && LEADING_SIGNALS.contains(&tokens[first].lower.as_str())
        && !signal_is_part(tokens, first)
    {
        first += 1;
    }
    let last = &tokens[tokens.len() - 1];
    let possessive = last.suffix == "'s"
        || (last.kind == token::Kind::Word
            && last.lower.ends_with("'s")
            && last.end - last.start > 2);
    let end = if possessive { last.end - 2 } else { last.end };
    (tokens[first].start, end.max(tokens[first].start + 1))
}

/// True when the signal word at `i` belongs to the expression: "later that
/// year", "later this week", "no later than" only with its "than".
fn signal_is_part(tokens: &[token::Token], i: usize) -> bool {
    let next = tokens.get(i + 1).map(|t| t.lower.as_str());
    match tokens[i].lower.as_str() {
        "later" => next != Some("than"),
        "no" => next != Some("later"),
        "up" => !matches!(next, Some("to" | "until")),
        "ever" => next != Some("since"),
        "long" | "well" | "just" | "soon" | "shortly" => !matches!(next, Some("before" | "after")),
        _ => false,
    }
}

/// Validates a resolution's EDTF through the date model and builds the
/// suggestion; `None` if the date model refuses it.
fn suggestion_from_resolution(
    resolution: resolve::Resolution,
    chars: &[char],
    spans: Spans,
) -> Option<Suggestion> {
    let Spans {
        text: (start, end),
        value: (value_start, value_end),
        sentence: (sentence_start, sentence_end),
    } = spans;
    let date = Date::parse_edtf(&resolution.edtf).ok()?;
    let mut alternatives: Vec<Alternative> = Vec::new();
    for (edtf, reading) in resolution.alternatives {
        if let Ok(alt) = Date::parse_edtf(&edtf)
            && alt != date
            && !alternatives.iter().any(|a| a.date == alt)
        {
            alternatives.push(Alternative { date: alt, reading });
        }
    }
    Some(Suggestion {
        start,
        end,
        text: chars.get(start..end)?.iter().collect(),
        date,
        rule: resolution.rule,
        confidence: resolution.confidence.clamp(0.0, 1.0),
        reading: resolution.reading,
        alternatives,
        sentence_start,
        sentence_end,
        value_start,
        value_end,
        modifier: resolution.modifier,
        unmodified: resolution
            .unmodified
            .as_deref()
            .and_then(|edtf| Date::parse_edtf(edtf).ok()),
    })
}

#[cfg(test)]
mod tests;
