//! Tense cues: the words in a sentence that say whether what it reports has
//! happened or is still to come.
//!
//! The governing cue of an expression is a verb right after it ("X on
//! Thursday *agreed*"), else the nearest cue before it in its sentence (the
//! verb it usually attaches to) unless that is a reporting verb the date
//! does not follow, else the nearest after it ("In March, officials *said*
//! …"). Future phrasing is checked first so "is set to expire" reads as
//! future although "set" is also a past form, and a plan in the past perfect
//! ("had planned to meet") is past.

use super::lexicon::{
    is_determiner, is_false_past, is_future_word, is_intent_verb, is_irregular_past,
    is_present_word, is_reporting_verb,
};
use super::token::{Kind, Token};

/// Which way a sentence leans in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tense {
    /// Reports something done: "met", "was", "has spearheaded".
    Past,
    /// Announces something to come: "will", "is set to", "is due".
    Future,
    /// Present: "is", "says"; the nearest occurrence fits best.
    Present,
}

impl Tense {
    /// How an explanation names it.
    pub(super) const fn name(self) -> &'static str {
        match self {
            Self::Past => "past tense",
            Self::Future => "future",
            Self::Present => "present tense",
        }
    }
}

/// One tense cue: what it says and the words that say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Cue {
    pub tense: Tense,
    /// The cue as written ("met", "is set to").
    pub words: String,
    /// Index of the cue's first token in the sentence.
    pub token: usize,
    /// How many tokens the cue spans.
    pub len: usize,
    /// A verb of saying ("said", "told"): it governs a date right after it
    /// ("said on Monday") but not the dates of what was said.
    pub reporting: bool,
}

/// The cue that governs a date, and whether it surely does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Governing<'a> {
    pub cue: Option<&'a Cue>,
    /// True when the cue is the verb the date attaches to: right before it
    /// in the same clause ("met in September"), right after it ("X on
    /// Thursday agreed"), or the clause's verb. False for a reporting verb
    /// the date does not follow, which only sets the tense of the telling.
    pub strong: bool,
}

/// Shortest "-ed" word read as a past-tense verb ("died", "used"):
/// shorter ones ("bed", "red", "wed") are rarely verbs, and the four-letter
/// nouns ("need", "seed") are listed as exceptions.
const MIN_ED_VERB_CHARS: usize = 4;

/// How many tokens back a form of "be" turns a participle into a passive
/// whose tense its auxiliary carries ("will be held", "is expected").
const PASSIVE_LOOKBACK_TOKENS: usize = 2;

/// The tense cues of one sentence's tokens, in order.
pub(super) fn cues(tokens: &[Token]) -> Vec<Cue> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some((len, tense)) = cue_at(tokens, i) {
            let words = tokens[i..i + len]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            found.push(Cue {
                tense,
                words,
                token: i,
                len,
                reporting: len == 1 && is_reporting_verb(&tokens[i].lower),
            });
            i += len;
        } else {
            i += 1;
        }
    }
    found
}

/// Token `i` in lower case, if it is a word.
fn word(tokens: &[Token], i: usize) -> Option<&str> {
    tokens
        .get(i)
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.lower.as_str())
}

/// The cue starting at token `i`, as (token count, tense). What was
/// planned in the past perfect ("had planned to meet", "had been due to")
/// is reported as past.
fn cue_at(tokens: &[Token], i: usize) -> Option<(usize, Tense)> {
    let (len, tense) = cue_at_plain(tokens, i)?;
    let past_perfect =
        (i.saturating_sub(PAST_PERFECT_LOOKBACK_TOKENS)..i).any(|j| word(tokens, j) == Some("had"));
    Some(if tense == Tense::Future && past_perfect {
        (len, Tense::Past)
    } else {
        (len, tense)
    })
}

/// How many tokens back "had" turns a plan into the past perfect ("had
/// planned to", "had been expected to").
const PAST_PERFECT_LOOKBACK_TOKENS: usize = 2;

/// The cue at `i` before the past perfect is considered.
fn cue_at_plain(tokens: &[Token], i: usize) -> Option<(usize, Tense)> {
    let w = word(tokens, i)?;
    let next = word(tokens, i + 1);
    let previous = i.checked_sub(1).and_then(|p| word(tokens, p));
    // "due to the conflict" is a cause, not a schedule.
    if w == "due" && next == Some("to") {
        return match word(tokens, i + 2) {
            Some(after) if !is_determiner(after) => Some((2, Tense::Future)),
            _ => None,
        };
    }
    if is_intent_verb(w) && next == Some("to") {
        return Some((2, Tense::Future));
    }
    if matches!(w, "is" | "are" | "am" | "was" | "were") && next == Some("to") {
        // "The president is to visit": an arrangement.
        return Some((2, Tense::Future));
    }
    if w == "set" && next == Some("for") {
        return Some((2, Tense::Future));
    }
    if matches!(w, "due" | "expected") && previous != Some("as") {
        return Some((1, Tense::Future));
    }
    if is_future_word(w) || w.ends_with("'ll") {
        return Some((1, Tense::Future));
    }
    // Modals point ahead; "May" with a capital is the month.
    if matches!(w, "may" | "might" | "should" | "must") && !tokens[i].is_capitalized() {
        return Some((1, Tense::Future));
    }
    // After a modal or "to" a verb is a bare infinitive: the modal decides.
    if previous.is_some_and(|p| {
        matches!(
            p,
            "will"
                | "would"
                | "shall"
                | "can"
                | "could"
                | "may"
                | "might"
                | "must"
                | "should"
                | "to"
                | "not"
                | "won't"
        ) || p.ends_with("'ll")
    }) {
        return None;
    }
    if matches!(w, "has" | "have" | "'ve") {
        // Present perfect: "has spearheaded" reports the past.
        let participle = (i + 1..=i + 2).any(|j| {
            tokens
                .get(j)
                .is_some_and(|t| is_past_form(t) || matches!(t.lower.as_str(), "been"))
        });
        return participle.then_some((1, Tense::Past));
    }
    // "the open", "a meet": after a determiner the word is a noun.
    if is_present_word(w) && !previous.is_some_and(is_determiner) {
        return Some((1, Tense::Present));
    }
    let token = &tokens[i];
    if is_past_form(token) && !is_passive_or_adjective(tokens, i) {
        return Some((1, Tense::Past));
    }
    None
}

/// A past form or participle: an irregular past or a lower-case "-ed" verb.
fn is_past_form(token: &Token) -> bool {
    if token.kind != Kind::Word {
        return false;
    }
    let w = token.lower.as_str();
    if is_irregular_past(w) {
        return true;
    }
    !token.is_capitalized()
        && w.ends_with("ed")
        && w.chars().count() >= MIN_ED_VERB_CHARS
        && !is_false_past(w)
}

/// A participle after a form of "be" ("will be held": the auxiliary
/// decides) or after a determiner ("the planned visit": an adjective).
fn is_passive_or_adjective(tokens: &[Token], i: usize) -> bool {
    if matches!(tokens[i].lower.as_str(), "was" | "were" | "had" | "did") {
        return false;
    }
    let start = i.saturating_sub(PASSIVE_LOOKBACK_TOKENS);
    // Forms of "be" and the verbs that link like it ("stay closed").
    let passive = (start..i).any(|j| {
        word(tokens, j).is_some_and(|w| {
            matches!(
                w,
                "be" | "being"
                    | "is"
                    | "are"
                    | "am"
                    | "was"
                    | "were"
                    | "been"
                    | "stay"
                    | "stays"
                    | "remain"
                    | "remains"
                    | "become"
                    | "becomes"
                    | "get"
                    | "gets"
            )
        })
    });
    let adjective = i
        .checked_sub(1)
        .and_then(|p| word(tokens, p))
        .is_some_and(is_determiner);
    passive || adjective
}

/// The cue governing the tokens `start..end` of `tokens`:
/// - a verb right after the date, as news writes "X on Thursday agreed";
/// - else the nearest cue before, unless it is a reporting verb the date
///   does not follow ("said the work would end by Dec. 15" is governed by
///   "would", "said the talks on Dec. 15 collapsed" by "collapsed");
/// - else the nearest cue after ("In March, officials said …").
pub(super) fn governing<'a>(
    cues: &'a [Cue],
    tokens: &[Token],
    start: usize,
    end: usize,
) -> Governing<'a> {
    let adverb = word(tokens, end).is_some_and(is_adverb);
    let verb_after = cues
        .iter()
        .find(|c| c.token == end || (adverb && c.token == end + 1));
    if let Some(cue) = verb_after {
        return Governing {
            cue: Some(cue),
            strong: true,
        };
    }
    let before = cues.iter().rev().find(|c| c.token < start);
    let after = cues.iter().find(|c| c.token >= end);
    match before {
        Some(cue) if cue.reporting && !follows_directly(tokens, cue, start) => match after {
            Some(later) => Governing {
                cue: Some(later),
                strong: true,
            },
            None => Governing {
                cue: Some(cue),
                strong: false,
            },
        },
        Some(cue) => Governing {
            cue: Some(cue),
            strong: true,
        },
        None => Governing {
            cue: after,
            strong: after.is_some(),
        },
    }
}

/// Adverbs that may stand between a date and its verb ("on Thursday
/// formally agreed").
fn is_adverb(word: &str) -> bool {
    (word.ends_with("ly") && word.len() > 3)
        || matches!(word, "also" | "again" | "still" | "finally" | "then")
}

/// True when a date follows a reporting verb with only its addressee or
/// setting between ("said on Monday", "told reporters on Monday", "said in
/// a statement on Monday"): the date is when it was said.
fn follows_directly(tokens: &[Token], cue: &Cue, start: usize) -> bool {
    // A cue running into the date (no gap at all) is right before it.
    tokens.get(cue.token + cue.len..start).is_none_or(|gap| {
        gap.iter()
            .all(|t| (t.kind == Kind::Punct && t.text == ",") || is_reporting_setting(&t.lower))
    })
}

/// Words between a reporting verb and the date of the telling.
fn is_reporting_setting(word: &str) -> bool {
    matches!(
        word,
        "reporters"
            | "journalists"
            | "parliament"
            | "lawmakers"
            | "congress"
            | "investors"
            | "analysts"
            | "him"
            | "her"
            | "them"
            | "us"
            | "me"
            | "in"
            | "at"
            | "a"
            | "an"
            | "statement"
            | "interview"
            | "speech"
            | "briefing"
            | "news"
            | "press"
            | "conference"
            | "release"
            | "filing"
            | "late"
            | "early"
    )
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    /// The tense governing the first occurrence of `target` in `sentence`.
    fn tense_of(sentence: &str, target: &str) -> Option<Tense> {
        let tokens = tokenize(sentence);
        let at = tokens
            .iter()
            .position(|t| t.text == target)
            .unwrap_or_else(|| panic!("{target} not in {sentence}"));
        governing(&cues(&tokens), &tokens, at, at + 1)
            .cue
            .map(|c| c.tense)
    }

    #[test]
    fn past_future_and_present_cues() {
        assert_eq!(
            tense_of("Negotiators first met in January.", "January"),
            Some(Tense::Past)
        );
        assert_eq!(
            tense_of("The embargo is set to expire in August.", "August"),
            Some(Tense::Future)
        );
        assert_eq!(
            tense_of("Elections are due in March.", "March"),
            Some(Tense::Future)
        );
        assert_eq!(
            tense_of("Inflation peaked in October.", "October"),
            Some(Tense::Past)
        );
        assert_eq!(
            tense_of("The festival is in August.", "August"),
            Some(Tense::Present)
        );
        assert_eq!(tense_of("Sales in March.", "March"), None);
    }

    #[test]
    fn nearest_cue_before_wins_then_after() {
        assert_eq!(
            tense_of("He said the delegation will travel on Tuesday.", "Tuesday"),
            Some(Tense::Future)
        );
        assert_eq!(
            tense_of("In March, officials said so.", "March"),
            Some(Tense::Past)
        );
    }

    #[test]
    fn passives_take_their_auxiliary_and_due_to_is_a_cause() {
        assert_eq!(
            tense_of("The vote will be held in March.", "March"),
            Some(Tense::Future)
        );
        assert_eq!(
            tense_of("Prices rose due to the drought in May.", "May"),
            Some(Tense::Past)
        );
        assert_eq!(
            tense_of("Kim has spearheaded the launch in November.", "November"),
            Some(Tense::Past)
        );
    }
}
