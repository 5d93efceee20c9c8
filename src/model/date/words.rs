//! The words of dates, one list for the date field (`natural`) and the
//! extractor (`extract::lexicon`): month names and their news
//! abbreviations, seasons, ordinals, the words that say "approximately" and
//! the modifiers "early", "mid" and "late".
//!
//! Every function takes a lower-case word without a full stop.

/// Month number (1–12) of a month name or its abbreviation
/// ("september", "sept", "sep").
#[must_use]
pub fn month_from_word(word: &str) -> Option<u32> {
    Some(match word {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// True for the short month forms, which news writes with a full stop
/// (`Sept.`); "may" is a full name.
#[must_use]
pub fn is_month_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sept"
            | "sep"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// EDTF season code (21 spring … 24 winter) of a season word.
#[must_use]
pub fn season_from_word(word: &str) -> Option<u32> {
    Some(match word {
        "spring" => 21,
        "summer" => 22,
        "autumn" | "fall" => 23,
        "winter" => 24,
        _ => return None,
    })
}

/// Value of an ordinal word ("first" … "twentieth"), for days, quarters
/// and centuries.
#[must_use]
pub fn ordinal_from_word(word: &str) -> Option<i64> {
    Some(match word {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        _ => return None,
    })
}

/// True for a word that makes the date after it approximate ("c. 1850",
/// "circa 1850", "around 1930"). "c" and "ca" are the abbreviations, which
/// a text writes with a full stop.
#[must_use]
pub fn is_approximation_word(word: &str) -> bool {
    matches!(
        word,
        "c" | "ca" | "circa" | "about" | "around" | "approx" | "approximately" | "roughly"
    )
}

/// Which part of a span "early", "mid" and "late" point at, and "the
/// start of" and "the end of".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// "early 2024", "the early 1970s".
    Early,
    /// "mid-2024", "the middle of March".
    Mid,
    /// "late 2024", "the late 1970s".
    Late,
    /// "the start of 2024", "the beginning of March".
    Start,
    /// "the end of 2024".
    End,
}

impl Part {
    /// The word as a reading names it ("early", "mid", "late", "start",
    /// "end").
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Early => "early",
            Self::Mid => "mid",
            Self::Late => "late",
            Self::Start => "start",
            Self::End => "end",
        }
    }
}

/// The modifier a word names: "early", "mid"/"middle", "late". "The start
/// of" and "the end of" take "of" and are read by the callers.
#[must_use]
pub fn part_from_word(word: &str) -> Option<Part> {
    Some(match word {
        "early" => Part::Early,
        "mid" | "middle" => Part::Mid,
        "late" => Part::Late,
        _ => return None,
    })
}

/// The part a word before "of" names: "start"/"beginning", "middle", "end".
#[must_use]
pub fn part_from_of_word(word: &str) -> Option<Part> {
    Some(match word {
        "start" | "beginning" => Part::Start,
        "middle" => Part::Mid,
        "end" => Part::End,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_seasons_and_abbreviations() {
        assert_eq!(month_from_word("sept"), Some(9));
        assert_eq!(month_from_word("maybe"), None);
        assert!(is_month_abbreviation("sept"));
        assert!(is_month_abbreviation("jan"));
        assert!(!is_month_abbreviation("may"));
        assert!(!is_month_abbreviation("june"));
        assert!(!is_month_abbreviation("july"));
        assert_eq!(season_from_word("fall"), Some(23));
    }

    #[test]
    fn modifiers_and_approximation() {
        assert_eq!(part_from_word("mid"), Some(Part::Mid));
        assert_eq!(part_from_of_word("beginning"), Some(Part::Start));
        assert_eq!(part_from_word("end"), None);
        assert!(is_approximation_word("circa"));
        assert!(!is_approximation_word("near"));
        assert_eq!(ordinal_from_word("twelfth"), Some(12));
    }
}
