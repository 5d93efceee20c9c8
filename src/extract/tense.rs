//! Tense cues: the words in a sentence that say whether what it reports has
//! happened or is still to come.
//!
//! The governing cue of an expression is the nearest cue before it in its
//! sentence (the verb it usually attaches to), else the nearest after it
//! ("In March, officials *said* …"). Future phrasing is checked first so
//! "is set to expire" reads as future although "set" is also a past form.

use super::lexicon::{
    is_determiner, is_false_past, is_future_word, is_intent_verb, is_irregular_past,
    is_present_word,
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

/// The cue starting at token `i`, as (token count, tense).
fn cue_at(tokens: &[Token], i: usize) -> Option<(usize, Tense)> {
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

/// The cue governing the tokens `start..end`: the nearest one before,
/// else the nearest one after.
pub(super) fn governing(cues: &[Cue], start: usize, end: usize) -> Option<&Cue> {
    cues.iter()
        .rev()
        .find(|c| c.token < start)
        .or_else(|| cues.iter().find(|c| c.token >= end))
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
        governing(&cues(&tokens), at, at + 1).map(|c| c.tense)
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
