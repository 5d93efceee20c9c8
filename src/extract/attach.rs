//! How a date expression hangs in its sentence, besides its tense: a date
//! inside a noun phrase ("the incidents of Aug. 7", "the Aug. 7 shooting",
//! "Thursday's close") takes its tense from nothing around it, and a date
//! naming a violent or sudden event ("the Jan. 6 riot") names a past one.

use super::lexicon::{is_determiner, is_function_word, is_past_event_noun};
use super::token::{Kind, Token};

/// How many words after a date may stand before the event noun it names
/// ("the Jan. 6 Capitol riot").
const EVENT_NOUN_REACH_WORDS: usize = 2;

/// Where a date expression stands, apart from its tense.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Attachment {
    /// The date qualifies a noun instead of a verb: after "of", before a
    /// noun, or with a possessive "'s".
    pub in_noun_phrase: bool,
    /// Written with a possessive: "Thursday's closing price".
    pub possessive: bool,
    /// The event noun the date names, when it names a past event ("riot").
    pub past_event: Option<String>,
}

/// The attachment of `tokens[start..end]` in its sentence.
pub(super) fn attachment(tokens: &[Token], start: usize, end: usize) -> Attachment {
    let word = |i: usize| {
        tokens
            .get(i)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.lower.as_str())
    };
    let last = &tokens[end - 1];
    let possessive = last.suffix == "'s" || (last.kind == Kind::Word && last.lower.ends_with("'s"));
    let of_before = start > 0 && word(start - 1) == Some("of");
    // A date between a determiner and a noun qualifies the noun: "the Aug. 7
    // shooting", "a Jan. 6 hearing" — but not "On Aug. 7 police said".
    let determined = possessive
        || start
            .checked_sub(1)
            .and_then(word)
            .is_some_and(|w| is_determiner(w) || w.ends_with("'s"));
    let noun_after = determined
        && tokens.get(end).is_some_and(|t| {
            t.kind == Kind::Word && !t.is_capitalized() && !is_function_word(&t.lower)
        })
        && !word(end).is_some_and(|w| w.ends_with("ed") || w.ends_with("ly"));
    let past_event = (end..end + EVENT_NOUN_REACH_WORDS)
        .map_while(|i| tokens.get(i).filter(|t| t.kind == Kind::Word))
        .find(|t| is_past_event_noun(&t.lower))
        .filter(|_| determined)
        .map(|t| t.lower.clone());
    Attachment {
        in_noun_phrase: of_before || possessive || noun_after,
        possessive,
        past_event,
    }
}

#[cfg(test)]
mod tests {
    use super::super::token::tokenize;
    use super::*;

    /// The attachment of the tokens `from..to` (by token text) of `text`.
    fn of(text: &str, first: &str, last: &str) -> Attachment {
        let tokens = tokenize(text);
        let start = tokens.iter().position(|t| t.text == first).unwrap();
        let end = tokens.iter().rposition(|t| t.text == last).unwrap() + 1;
        attachment(&tokens, start, end)
    }

    #[test]
    fn noun_phrases_possessives_and_events() {
        let incidents = of(
            "They will review the incidents of Aug. 7 today.",
            "Aug",
            "7",
        );
        assert!(incidents.in_noun_phrase && incidents.past_event.is_none());
        let riot = of(
            "Hundreds were charged over the Jan. 6 Capitol riot.",
            "Jan",
            "6",
        );
        assert_eq!(riot.past_event.as_deref(), Some("riot"));
        let close = of(
            "Shares held above Thursday's close.",
            "Thursday's",
            "Thursday's",
        );
        assert!(close.possessive && close.in_noun_phrase);
        let verb = of("The vote was held on Aug. 7 and counted.", "Aug", "7");
        assert_eq!(verb, Attachment::default());
        // A subject after a date is no noun it qualifies.
        let subject = of("On Aug. 7 fire crews arrived.", "Aug", "7");
        assert_eq!(subject, Attachment::default());
    }
}
