//! What a new event made from a passage starts with: a title cut from the
//! passage and a date hinted by the source. Pure: no egui.

use crate::model::Source;
use crate::model::date::Date;
use crate::model::text::{Cut, shortened};

/// Longest title prefilled from a quote or a sentence, with its ellipsis.
const PREFILLED_TITLE_CHARS: usize = 91;

/// What the inspector says about a date prefilled from the source.
pub(super) const HINT_TEXT: &str = "The date is the source's publication date, marked uncertain (?): change it to when this happened.";

/// A title made from the start of a passage, for the researcher to edit:
/// on one line, without closing punctuation, cut after a whole word.
#[must_use]
pub fn title_from_passage(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    shortened(
        flat.trim_end_matches(['.', ',', ';', ':']),
        PREFILLED_TITLE_CHARS,
        Cut::AtWord,
    )
}

/// The date a new event from an excerpt starts with: the source's
/// publication date marked uncertain — a hint to replace, not a fact — or
/// today's, if the source has no dates.
pub(super) fn hint_date(source: &Source) -> Option<Date> {
    let published = source.published.as_ref().or(source.accessed.as_ref());
    let edtf = match published {
        Some(date) if date.is_uncertain() || date.is_interval() || date.is_one_of() => {
            date.edtf().to_owned()
        }
        Some(date) => format!("{}?", date.edtf().trim_end_matches(['~', '?', '%'])),
        None => format!("{}?", chrono::Utc::now().date_naive().format("%Y-%m-%d")),
    };
    Date::parse_edtf(&edtf).ok().or_else(|| published.cloned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SourceId, Uid};

    fn source(published: Option<&str>, accessed: Option<&str>) -> Source {
        Source {
            id: SourceId(1),
            uid: Uid::new(),
            title: "Visit warnings".into(),
            outlet: String::new(),
            author: String::new(),
            url: String::new(),
            published: published.map(|d| Date::parse(d).unwrap()),
            accessed: accessed.map(|d| Date::parse(d).unwrap()),
            encoding: "UTF-8".into(),
            body_chars: 0,
            file: None,
            pages: Vec::new(),
            original_kept: false,
        }
    }

    #[test]
    fn a_title_is_the_passage_on_one_line_without_its_full_stop() {
        assert_eq!(
            title_from_passage("The two leaders previously met\n in eastern Russia."),
            "The two leaders previously met in eastern Russia"
        );
        assert_eq!(
            title_from_passage("Kim and Putin met;  "),
            "Kim and Putin met"
        );
        assert_eq!(
            title_from_passage("Путин прибыл в Пхеньян."),
            "Путин прибыл в Пхеньян"
        );
    }

    #[test]
    fn a_long_passage_is_cut_after_a_whole_word() {
        let passage = "North Korea launched its first military spy satellite in November \
                       after two failed attempts earlier in the year, officials said on Monday.";
        let title = title_from_passage(passage);
        assert!(title.ends_with('…'), "{title}");
        assert!(title.chars().count() <= PREFILLED_TITLE_CHARS);
        let kept = title.trim_end_matches('…');
        assert!(passage.starts_with(kept), "{kept}");
        assert!(
            passage[kept.len()..].starts_with(' '),
            "cut between words: {title}"
        );
        // Up to 91 characters (the most a title has) stay whole.
        let ninety = "a".repeat(88) + " b";
        assert_eq!(title_from_passage(&ninety), ninety);
        let longer = "word ".repeat(30);
        assert!(title_from_passage(&longer).ends_with("word…"));
    }

    #[test]
    fn the_hinted_date_is_the_publication_day_marked_uncertain() {
        let hinted = |p, a| hint_date(&source(p, a)).map(|d| d.edtf().to_owned());
        assert_eq!(
            hinted(Some("2024-06-12"), None).as_deref(),
            Some("2024-06-12?")
        );
        assert_eq!(
            hinted(Some("2024-06-12~"), None).as_deref(),
            Some("2024-06-12?")
        );
        assert_eq!(hinted(None, Some("2024-07")).as_deref(), Some("2024-07?"));
        // Already uncertain or a range: kept as it is.
        assert_eq!(hinted(Some("2024?"), None).as_deref(), Some("2024?"));
        assert_eq!(
            hinted(Some("2024-06-12/2024-06-13"), None).as_deref(),
            Some("2024-06-12/2024-06-13")
        );
        // No date at all: today, uncertain.
        assert!(hinted(None, None).is_some_and(|d| d.ends_with('?')));
    }
}
