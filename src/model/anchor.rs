//! Finding an excerpt again after its source's text was edited.
//!
//! An excerpt remembers where it was (`start..end`, in characters), its exact
//! `quote`, and up to [`CONTEXT_CHARS`] characters of `prefix` and `suffix`
//! around it. When the text changes, [`reanchor`] decides where the excerpt
//! is now:
//!
//! 1. **Same place.** If the quote still sits at the old offsets and the text
//!    around it still reads as the stored prefix and suffix, it stays there.
//! 2. **Search.** Otherwise every exact occurrence of the quote in the new
//!    text is a candidate (overlapping ones included). Each scores the number
//!    of context characters it reproduces: characters of the stored prefix
//!    matched backwards from the candidate's start, plus characters of the
//!    stored suffix matched forwards from its end. A context that was cut
//!    short by the edge of the old text also scores one more when the
//!    candidate reaches the same edge, so "the first words of the text" keeps
//!    meaning that. The highest score wins; a tie goes to the candidate
//!    nearest the old start, then to the earlier one. The old place, when it
//!    still holds the quote, is simply the candidate at distance 0: it is
//!    kept unless another occurrence matches the context strictly better.
//! 3. **Lost.** If the quote occurs nowhere, the excerpt is [`Anchor::Lost`].
//!
//! An **edited quote is lost**, whatever the edit: a changed word, a changed
//! space, straight quotes turned curly. The quote is the researcher's exact
//! evidence; if those characters are no longer in the source, Annals says so
//! and never re-quotes or moves the excerpt to a "similar" passage on its
//! own. The researcher re-cuts it (or undoes the edit).
//!
//! An anchored excerpt gets fresh context from the new text, so the next edit
//! is compared with what the text says now.

use super::notebook::Excerpt;
use super::text::{CONTEXT_CHARS, byte_from_char, context_around};

/// Where an excerpt was before its source changed: what [`reanchor`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage<'a> {
    /// First character (inclusive) in the old text.
    pub start: usize,
    /// Last character (exclusive) in the old text.
    pub end: usize,
    /// The exact text of the passage.
    pub quote: &'a str,
    /// Up to [`CONTEXT_CHARS`] characters before it in the old text.
    pub prefix: &'a str,
    /// Up to [`CONTEXT_CHARS`] characters after it in the old text.
    pub suffix: &'a str,
}

impl<'a> From<&'a Excerpt> for Passage<'a> {
    fn from(excerpt: &'a Excerpt) -> Self {
        Self {
            start: excerpt.start,
            end: excerpt.end,
            quote: &excerpt.quote,
            prefix: &excerpt.prefix,
            suffix: &excerpt.suffix,
        }
    }
}

/// Where an excerpt is in the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The quote was found; these are its new range and context.
    Anchored {
        /// First character (inclusive).
        start: usize,
        /// Last character (exclusive).
        end: usize,
        /// Up to [`CONTEXT_CHARS`] characters before it in the new text.
        prefix: String,
        /// Up to [`CONTEXT_CHARS`] characters after it in the new text.
        suffix: String,
    },
    /// The quote occurs nowhere in the new text.
    Lost,
}

impl Anchor {
    /// True for [`Anchor::Lost`].
    #[must_use]
    pub fn is_lost(&self) -> bool {
        matches!(self, Self::Lost)
    }
}

/// Finds `old` in `text` by the rules in the module documentation.
#[must_use]
pub fn reanchor(old: &Passage<'_>, text: &str) -> Anchor {
    if old.quote.is_empty() {
        return Anchor::Lost;
    }
    let quote_chars = old.quote.chars().count();
    let anchored_at = |start: usize| {
        let end = start + quote_chars;
        let (prefix, suffix) = context_around(text, start, end);
        Anchor::Anchored {
            start,
            end,
            prefix,
            suffix,
        }
    };
    // Rule 1, the common case, without scanning the text: nothing can score
    // higher than the full context, and the old place wins ties.
    if let Some(byte) = byte_from_char(text, old.start)
        && text[byte..].starts_with(old.quote)
        && context_score(text, byte, byte + old.quote.len(), old) == best_possible_score(old)
    {
        return anchored_at(old.start);
    }
    // Rule 2: (score, distance from the old start, character start).
    let mut best: Option<(usize, usize, usize)> = None;
    let mut chars_before = 0;
    let mut last_byte = 0;
    for byte in match_starts(text, old.quote) {
        chars_before += text[last_byte..byte].chars().count();
        last_byte = byte;
        let score = context_score(text, byte, byte + old.quote.len(), old);
        let distance = chars_before.abs_diff(old.start);
        let better = best.is_none_or(|(best_score, best_distance, _)| {
            score > best_score || (score == best_score && distance < best_distance)
        });
        if better {
            best = Some((score, distance, chars_before));
        }
    }
    best.map_or(Anchor::Lost, |(_, _, start)| anchored_at(start))
}

/// Byte offsets of every occurrence of `quote` in `text`, overlapping ones
/// included ("yes yes" occurs twice in "yes yes yes").
fn match_starts<'t>(text: &'t str, quote: &'t str) -> impl Iterator<Item = usize> + 't {
    // Stepping one character past a match start keeps `from` on a character
    // boundary and finds the next, possibly overlapping, occurrence.
    let step = quote.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + text.get(from..)?.find(quote)?;
        from = at + step;
        Some(at)
    })
}

/// How much of the old context a candidate at bytes `start..end` reproduces.
fn context_score(text: &str, start: usize, end: usize, old: &Passage<'_>) -> usize {
    side_score(text[..start].chars().rev(), old.prefix.chars().rev())
        + side_score(text[end..].chars(), old.suffix.chars())
}

/// The score of a candidate whose context matches completely.
fn best_possible_score(old: &Passage<'_>) -> usize {
    let side = |context: &str| {
        let n = context.chars().count();
        n + usize::from(n < CONTEXT_CHARS)
    };
    side(old.prefix) + side(old.suffix)
}

/// Context characters matched walking away from the quote, plus one when the
/// old context stopped short at the text's edge and the candidate's does too.
fn side_score(mut candidate: impl Iterator<Item = char>, old: impl Iterator<Item = char>) -> usize {
    let mut matched = 0;
    for wanted in old {
        if candidate.next() != Some(wanted) {
            return matched;
        }
        matched += 1;
    }
    // A stored context shorter than CONTEXT_CHARS was clipped by the edge.
    if matched < CONTEXT_CHARS && candidate.next().is_none() {
        matched + 1
    } else {
        matched
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::text::{occurrences, slice_chars};

    /// An excerpt of `quote` at its `nth` occurrence (0-based) in `text`,
    /// with context as the store records it.
    struct Cut {
        start: usize,
        end: usize,
        quote: String,
        prefix: String,
        suffix: String,
    }

    impl Cut {
        fn new(text: &str, quote: &str, nth: usize) -> Self {
            let start = occurrences(text, quote)[nth];
            let end = start + quote.chars().count();
            let (prefix, suffix) = context_around(text, start, end);
            Self {
                start,
                end,
                quote: quote.to_owned(),
                prefix,
                suffix,
            }
        }

        fn passage(&self) -> Passage<'_> {
            Passage {
                start: self.start,
                end: self.end,
                quote: &self.quote,
                prefix: &self.prefix,
                suffix: &self.suffix,
            }
        }

        /// Where it lands in `text`, checking that the range holds the quote
        /// and the context is the new text's.
        fn in_text(&self, text: &str) -> Option<usize> {
            match reanchor(&self.passage(), text) {
                Anchor::Lost => None,
                Anchor::Anchored {
                    start,
                    end,
                    prefix,
                    suffix,
                } => {
                    assert_eq!(slice_chars(text, start, end), Some(self.quote.as_str()));
                    assert_eq!((prefix, suffix), context_around(text, start, end));
                    Some(start)
                }
            }
        }
    }

    const TEXT: &str = "The two leaders last met in September 2023 at a summit in eastern Russia. \
        In November 2023 North Korea put its first military spy satellite into orbit.";

    #[test]
    fn an_unchanged_text_keeps_every_excerpt_in_place() {
        let cut = Cut::new(TEXT, "a summit in eastern Russia", 0);
        assert_eq!(cut.in_text(TEXT), Some(cut.start));
    }

    #[test]
    fn an_insertion_before_the_quote_shifts_it() {
        let cut = Cut::new(TEXT, "its first military spy satellite", 0);
        let inserted = "Seoul, 12 June (wire). ";
        let edited = format!("{inserted}{TEXT}");
        assert_eq!(
            cut.in_text(&edited),
            Some(cut.start + inserted.chars().count())
        );
    }

    #[test]
    fn a_deletion_before_the_quote_shifts_it() {
        let cut = Cut::new(TEXT, "its first military spy satellite", 0);
        let edited = TEXT.replacen("last met in September 2023 at", "met at", 1);
        let removed = TEXT.chars().count() - edited.chars().count();
        assert_eq!(cut.in_text(&edited), Some(cut.start - removed));
    }

    #[test]
    fn an_edit_after_the_quote_keeps_it_in_place() {
        let cut = Cut::new(TEXT, "The two leaders", 0);
        let edited = TEXT.replacen("last met", "had last met", 1);
        assert_eq!(cut.in_text(&edited), Some(0));
    }

    #[test]
    fn context_picks_the_right_one_of_a_duplicated_quote() {
        let text = "In Moscow, officials met in September. \
            In Pyongyang, officials met in September. Nothing was signed.";
        let cut = Cut::new(text, "officials met in September", 1);
        // The Moscow sentence goes; the same words appear again further on,
        // nearer the old position than the passage that was cut.
        let edited = "In Pyongyang, officials met in September. Nothing was signed. \
            Later, in Hanoi, officials met in September.";
        assert_eq!(cut.in_text(edited), Some(14));
    }

    #[test]
    fn the_same_place_yields_to_a_clearly_better_context() {
        // The second "yes" was cut; the insertion puts the first "yes"
        // exactly on the old offsets, but its context is worse.
        let text = "He said yes. She said yes. Done.";
        let cut = Cut::new(text, "yes", 1);
        let inserted = "Last week (a) ";
        let edited = format!("{inserted}{text}");
        assert_eq!(slice_chars(&edited, cut.start, cut.end), Some("yes"));
        assert_eq!(
            cut.in_text(&edited),
            Some(cut.start + inserted.chars().count())
        );
    }

    #[test]
    fn ties_go_to_the_nearest_occurrence() {
        // No context survives: "x" between spaces everywhere.
        let text = "a x b";
        let cut = Cut::new(text, "x", 0);
        assert_eq!(cut.in_text("1 x 2 3 4 x 5"), Some(2));
        let text = "aaaaaaaa x b";
        let cut = Cut::new(text, "x", 0);
        assert_eq!(cut.in_text("1 x 2 3 4 x 5"), Some(10));
    }

    #[test]
    fn the_edges_of_the_text_count_as_context() {
        // The quote was followed by " met Putin." and the end of the text.
        // Both occurrences reproduce the words; only the farther one ends
        // the text, and it wins over the nearer.
        let cut = Cut::new("Kim met Putin.", "Kim", 0);
        assert_eq!(
            cut.in_text("Putin met Kim met Putin. Kim met Putin."),
            Some(25)
        );
    }

    #[test]
    fn overlapping_occurrences_are_candidates() {
        // The second of the two overlapping "yes yes" in "yes yes yes".
        let cut = Cut {
            start: 4,
            end: 11,
            quote: "yes yes".into(),
            prefix: "yes ".into(),
            suffix: String::new(),
        };
        assert_eq!(cut.in_text("oh yes yes yes"), Some(7));
    }

    #[test]
    fn an_edited_quote_is_lost() {
        let cut = Cut::new(TEXT, "a summit in eastern Russia", 0);
        for edited in [
            TEXT.replacen("eastern Russia", "far-eastern Russia", 1),
            TEXT.replacen("a summit in", "a summit  in", 1),
            TEXT.replacen("summit", "Summit", 1),
        ] {
            assert_eq!(reanchor(&cut.passage(), &edited), Anchor::Lost, "{edited}");
        }
    }

    #[test]
    fn a_deleted_quote_is_lost() {
        let cut = Cut::new(TEXT, "its first military spy satellite", 0);
        let edited = TEXT.replacen("put its first military spy satellite into orbit", "", 1);
        assert!(reanchor(&cut.passage(), &edited).is_lost());
        assert!(reanchor(&cut.passage(), "").is_lost());
    }

    #[test]
    fn multibyte_characters_are_counted_as_characters() {
        let text = "Putin’s visit — the first in 24 years… Kim’s “comrade” arrived.";
        let cut = Cut::new(text, "Kim’s “comrade”", 0);
        assert_eq!(cut.start, 39);
        let edited = format!("Pyongyang — {text}");
        assert_eq!(cut.in_text(&edited), Some(39 + 12));
        // A quote that starts with a multi-byte character, duplicated.
        let text = "— first — second —";
        let cut = Cut::new(text, "— second", 0);
        assert_eq!(cut.in_text("…— first — x — second —"), Some(13));
        // Straight for curly quotes is an edit of the quote.
        let curly = "Putin’s visit — the first in 24 years…";
        let cut = Cut::new(curly, "Putin’s visit", 0);
        assert!(reanchor(&cut.passage(), &curly.replace('’', "'")).is_lost());
    }

    #[test]
    fn an_empty_quote_is_lost() {
        let passage = Passage {
            start: 0,
            end: 0,
            quote: "",
            prefix: "",
            suffix: "",
        };
        assert!(reanchor(&passage, "anything").is_lost());
    }

    /// `text` with characters `at..at + removed` replaced by `inserted`.
    fn edit(text: &str, at: usize, removed: usize, inserted: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let at = at.min(chars.len());
        let to = (at + removed).min(chars.len());
        chars[..at]
            .iter()
            .chain(inserted.chars().collect::<Vec<_>>().iter())
            .chain(chars[to..].iter())
            .collect()
    }

    proptest! {
        #[test]
        fn an_unchanged_text_is_a_round_trip(
            // A small alphabet with multi-byte characters, so quotes repeat
            // and overlap often.
            text in "[ab’ —]{1,80}",
            at in 0usize..80,
            length in 1usize..12,
        ) {
            let chars = text.chars().count();
            let start = at % chars;
            let end = (start + length).min(chars);
            let quote = slice_chars(&text, start, end).unwrap();
            let (prefix, suffix) = context_around(&text, start, end);
            let passage = Passage { start, end, quote, prefix: &prefix, suffix: &suffix };
            prop_assert_eq!(
                reanchor(&passage, &text),
                Anchor::Anchored { start, end, prefix: prefix.clone(), suffix: suffix.clone() }
            );
        }

        #[test]
        fn anchored_means_the_quote_is_there_and_lost_means_it_is_nowhere(
            // A small alphabet with multi-byte characters, so quotes repeat
            // and overlap often.
            text in "[ab’ —]{1,80}",
            at in 0usize..80,
            length in 1usize..12,
            edit_at in 0usize..90,
            removed in 0usize..10,
            inserted in "[ab’ —]{0,20}",
        ) {
            let chars = text.chars().count();
            let start = at % chars;
            let end = (start + length).min(chars);
            let quote = slice_chars(&text, start, end).unwrap();
            let (prefix, suffix) = context_around(&text, start, end);
            let passage = Passage { start, end, quote, prefix: &prefix, suffix: &suffix };
            let edited = edit(&text, edit_at, removed, &inserted);
            match reanchor(&passage, &edited) {
                Anchor::Lost => prop_assert!(!edited.contains(quote)),
                Anchor::Anchored { start, end, prefix, suffix } => {
                    prop_assert_eq!(slice_chars(&edited, start, end), Some(quote));
                    prop_assert_eq!((prefix, suffix), context_around(&edited, start, end));
                }
            }
        }

        #[test]
        fn an_edit_before_a_unique_quote_shifts_it_by_the_edit(
            before in "[a-z ]{0,60}",
            after in "[a-z ]{0,60}",
            edit_at in 0usize..60,
            removed in 0usize..10,
            inserted in "[a-z ]{0,20}",
        ) {
            // The quote's characters occur nowhere else, so exactly one
            // candidate exists wherever the edit lands outside it.
            let quote = "Kim’s “comrade” — 24 years…";
            let text = format!("{before}{quote}{after}");
            let start = before.chars().count();
            let cut = Cut::new(&text, quote, 0);
            let edit_at = edit_at.min(start);
            let removed = removed.min(start - edit_at);
            let edited = edit(&text, edit_at, removed, &inserted);
            let shifted = start + inserted.chars().count() - removed;
            prop_assert_eq!(cut.in_text(&edited), Some(shifted));
        }
    }
}
