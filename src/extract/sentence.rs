//! Sentence boundaries, in characters.
//!
//! A sentence ends at a line break, or at `.`, `!`, `?` or `…` followed by
//! space and a capital, a digit or an opening quote — unless the word before
//! the full stop is an abbreviation news copy writes mid-sentence (`Sept.`,
//! `Mr.`, initials like `F.` or `U.S.`).

use super::rules::clock::is_zone_word;

/// Abbreviations that take a full stop without ending the sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "st", "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "nos", "vol",
    "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "approx", "est", "dept",
    "univ", "c", "ca", "rev", "hon", "pres", "mt", "ft", "gens", "sens", "reps",
];

/// Day names, which may follow "a.m."/"p.m." in the same sentence even when
/// capitalised, as time zones may.
const DAYS_AFTER_MERIDIEM: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Quotes and brackets that close a sentence with its stop.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}' | '\u{bb}'
    )
}

/// Quotes and brackets that may open a sentence.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}' | '\u{ab}'
    )
}

/// Character ranges `(start, end)` of the sentences in `text`, trimmed of
/// surrounding whitespace, in order. Empty lines yield nothing.
#[must_use]
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    sentences_of_chars(&text.chars().collect::<Vec<char>>())
}

/// [`sentences`] of a text given as its characters.
pub(super) fn sentences_of_chars(chars: &[char]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' || c == '\r' {
            push_trimmed(chars, start, i, &mut ranges);
            start = i + 1;
        } else if matches!(c, '.' | '!' | '?' | '…') {
            let mut end = i + 1;
            while end < chars.len()
                && (matches!(chars[end], '.' | '!' | '?') || is_closing(chars[end]))
            {
                end += 1;
            }
            if ends_sentence(chars, i, end) {
                push_trimmed(chars, start, end, &mut ranges);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(chars, start, chars.len(), &mut ranges);
    ranges
}

/// Whether the stop at `stop` (punctuation running to `end`) ends a sentence.
fn ends_sentence(chars: &[char], stop: usize, end: usize) -> bool {
    if end >= chars.len() {
        return true;
    }
    if !chars[end].is_whitespace() {
        return false;
    }
    let mut next = end;
    while next < chars.len() && chars[next].is_whitespace() {
        if chars[next] == '\n' {
            return true;
        }
        next += 1;
    }
    let Some(&first) = chars.get(next) else {
        return true;
    };
    if !(first.is_uppercase() || first.is_ascii_digit() || is_opening(first)) {
        return false;
    }
    if chars[stop] != '.' {
        return true;
    }
    let word = word_before(chars, stop);
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        // An initial ("John F. Kennedy") or the last letter of "U.S.",
        // "a.m.": only the meridiem may end a sentence, and not before a
        // day or a time zone.
        let meridiem = matches!(word.as_str(), "m") && stop >= 2 && chars[stop - 2] == '.';
        if !meridiem {
            return false;
        }
        let following: String = chars[next..]
            .iter()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        return !(DAYS_AFTER_MERIDIEM.contains(&following.as_str()) || is_zone_word(&following));
    }
    !ABBREVIATIONS.contains(&word.as_str())
}

/// The lower-case letters right before position `stop`.
fn word_before(chars: &[char], stop: usize) -> String {
    let mut begin = stop;
    while begin > 0 && chars[begin - 1].is_alphabetic() {
        begin -= 1;
    }
    chars[begin..stop].iter().collect::<String>().to_lowercase()
}

/// Adds `start..end` without its surrounding whitespace, if anything is left.
fn push_trimmed(chars: &[char], mut start: usize, mut end: usize, out: &mut Vec<(usize, usize)>) {
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if start < end {
        out.push((start, end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        sentences(text)
            .into_iter()
            .map(|(a, b)| text.chars().skip(a).take(b - a).collect())
            .collect()
    }

    #[test]
    fn splits_on_stops_and_lines() {
        assert_eq!(
            split("It rained. Then it stopped!\nNew line? Yes."),
            ["It rained.", "Then it stopped!", "New line?", "Yes."]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            split(
                "The accord of Feb. 14, 2019, holds. Mr. Smith and John F. Kennedy met in the U.S. Senate."
            ),
            [
                "The accord of Feb. 14, 2019, holds.",
                "Mr. Smith and John F. Kennedy met in the U.S. Senate."
            ]
        );
    }

    #[test]
    fn meridiem_ends_a_sentence_unless_a_day_follows() {
        assert_eq!(
            split("It began at 6 a.m. Wednesday. It ended at 9 p.m. Police left."),
            [
                "It began at 6 a.m. Wednesday.",
                "It ended at 9 p.m.",
                "Police left."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence_and_ranges_are_chars() {
        let text = "“We’ll go.” She left.";
        assert_eq!(split(text), ["“We’ll go.”", "She left."]);
        assert_eq!(sentences(text), vec![(0, 11), (12, 21)]);
    }

    #[test]
    fn lower_case_after_a_stop_continues_the_sentence() {
        assert_eq!(
            split("It cost 3.5 million. approx. ten"),
            ["It cost 3.5 million. approx. ten"]
        );
    }
}
