//! How a source is cited: the default note and bibliography style.
//!
//! Modelled on the Chicago notes-and-bibliography pattern, with the fields
//! the notebook keeps: author, “title”, *outlet*, publication date, URL and
//! the date it was read. The first note citing a source gives it in full,
//! later notes in short (author, “title”), and the source list gives the
//! bibliography form. A citation is a list of [`Span`]s so each format can
//! set the outlet in italics and the URL as a link.

use super::text::one_line;
use crate::model::Source;

/// A piece of a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Plain text.
    Text(String),
    /// Set in italics (the outlet).
    Italic(String),
    /// A web address.
    Url(String),
}

/// A formatted citation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Citation {
    /// Its pieces, in order.
    pub spans: Vec<Span>,
}

impl Citation {
    fn text(&mut self, text: impl Into<String>) {
        let text = text.into();
        if let Some(Span::Text(last)) = self.spans.last_mut() {
            last.push_str(&text);
        } else {
            self.spans.push(Span::Text(text));
        }
    }

    /// The note form, for the first footnote citing a source:
    /// `Author, “Title,” Outlet, 12 June 2024, URL, accessed 13 June 2024.`
    #[must_use]
    pub fn note(source: &Source) -> Self {
        let mut c = Self::default();
        let author = one_line(&source.author);
        let title = one_line(&source.title);
        let outlet = one_line(&source.outlet);
        let url = source.url.trim();
        let published = source.published.as_ref().map(|d| d.display());
        let accessed = source.accessed.as_ref().map(|d| d.display());
        if !author.is_empty() {
            c.text(format!("{author}, "));
        }
        let more =
            !outlet.is_empty() || published.is_some() || !url.is_empty() || accessed.is_some();
        c.text(format!("“{title}{}” ", if more { "," } else { "." }));
        if !more {
            trim_end(&mut c);
            return c;
        }
        let mut rest: Vec<Span> = Vec::new();
        if !outlet.is_empty() {
            rest.push(Span::Italic(outlet.into_owned()));
        }
        if let Some(published) = published {
            rest.push(Span::Text(published));
        }
        if !url.is_empty() {
            rest.push(Span::Url(url.to_owned()));
        }
        if let Some(accessed) = accessed {
            rest.push(Span::Text(format!("accessed {accessed}")));
        }
        for (i, span) in rest.into_iter().enumerate() {
            if i > 0 {
                c.text(", ");
            }
            match span {
                Span::Text(t) => c.text(t),
                other => c.spans.push(other),
            }
        }
        c.text(".");
        c
    }

    /// The short note form for later footnotes: `Author, “Title.”`
    #[must_use]
    pub fn short(source: &Source) -> Self {
        let mut c = Self::default();
        let author = one_line(&source.author);
        if !author.is_empty() {
            c.text(format!("{author}, "));
        }
        c.text(format!("“{}.”", one_line(&source.title)));
        c
    }

    /// The bibliography form for the source list:
    /// `Author. “Title.” Outlet, 12 June 2024. URL. Accessed 13 June 2024.`
    #[must_use]
    pub fn bibliography(source: &Source) -> Self {
        let mut c = Self::default();
        let author = one_line(&source.author);
        let outlet = one_line(&source.outlet);
        let url = source.url.trim();
        if !author.is_empty() {
            c.text(format!("{}. ", author.trim_end_matches('.')));
        }
        c.text(format!("“{}.” ", one_line(&source.title)));
        let published = source.published.as_ref().map(|d| d.display());
        match (outlet.is_empty(), published) {
            (false, Some(date)) => {
                c.spans.push(Span::Italic(outlet.into_owned()));
                c.text(format!(", {date}. "));
            }
            (false, None) => {
                c.spans.push(Span::Italic(outlet.into_owned()));
                c.text(". ");
            }
            (true, Some(date)) => c.text(format!("{date}. ")),
            (true, None) => {}
        }
        if !url.is_empty() {
            c.spans.push(Span::Url(url.to_owned()));
            c.text(". ");
        }
        if let Some(accessed) = &source.accessed {
            c.text(format!("Accessed {}. ", accessed.display()));
        }
        trim_end(&mut c);
        c
    }

    /// The citation with a pin cite ("p. 3") for the passage quoted, as
    /// Chicago notes give it: `…, 12 June 2024, p. 3.` for the full note,
    /// `Author, “Title,” p. 3.` for the short one. `None` leaves it as it is.
    #[must_use]
    pub fn pinned(mut self, pin: Option<&str>) -> Self {
        let Some(pin) = pin else {
            return self;
        };
        if let Some(Span::Text(last)) = self.spans.last_mut() {
            if let Some(head) = last.strip_suffix(".”") {
                *last = format!("{head},” {pin}.");
                return self;
            }
            if let Some(head) = last.strip_suffix('.') {
                *last = format!("{head}, {pin}.");
                return self;
            }
        }
        self.text(format!(", {pin}."));
        self
    }

    /// The citation as plain text.
    #[must_use]
    pub fn plain(&self) -> String {
        self.spans
            .iter()
            .map(|s| match s {
                Span::Text(t) | Span::Italic(t) | Span::Url(t) => t.as_str(),
            })
            .collect()
    }
}

fn trim_end(c: &mut Citation) {
    if let Some(Span::Text(last)) = c.spans.last_mut() {
        let trimmed = last.trim_end().len();
        last.truncate(trimmed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Date;
    use crate::model::{SourceId, Uid};

    fn source(author: &str, outlet: &str, url: &str, dated: bool) -> Source {
        Source {
            id: SourceId(1),
            uid: Uid("s".into()),
            title: "Warnings over Putin’s visit".into(),
            outlet: outlet.into(),
            author: author.into(),
            url: url.into(),
            published: dated.then(|| Date::parse("2024-06-12").unwrap()),
            accessed: dated.then(|| Date::parse("2024-06-13").unwrap()),
            encoding: "UTF-8".into(),
            body_chars: 0,
            file: None,
            pages: Vec::new(),
            original_kept: false,
        }
    }

    #[test]
    fn a_full_source_is_cited_in_full() {
        let s = source("Jane Roe", "The Korea Times", "https://example.org/a", true);
        assert_eq!(
            Citation::note(&s).plain(),
            "Jane Roe, “Warnings over Putin’s visit,” The Korea Times, 12 June 2024, \
             https://example.org/a, accessed 13 June 2024."
        );
        assert_eq!(
            Citation::note(&s).spans[1],
            Span::Italic("The Korea Times".into())
        );
        assert_eq!(
            Citation::short(&s).plain(),
            "Jane Roe, “Warnings over Putin’s visit.”"
        );
        assert_eq!(
            Citation::bibliography(&s).plain(),
            "Jane Roe. “Warnings over Putin’s visit.” The Korea Times, 12 June 2024. \
             https://example.org/a. Accessed 13 June 2024."
        );
    }

    #[test]
    fn missing_fields_are_left_out() {
        let s = source("", "", "", false);
        assert_eq!(Citation::note(&s).plain(), "“Warnings over Putin’s visit.”");
        assert_eq!(
            Citation::bibliography(&s).plain(),
            "“Warnings over Putin’s visit.”"
        );
        let s = source("", "", "https://example.org", false);
        assert_eq!(
            Citation::note(&s).plain(),
            "“Warnings over Putin’s visit,” https://example.org."
        );
    }

    #[test]
    fn a_paged_passage_is_cited_with_its_page() {
        let s = source("Jane Roe", "The Korea Times", "", true);
        assert_eq!(
            Citation::note(&s).pinned(Some("p. 3")).plain(),
            "Jane Roe, “Warnings over Putin’s visit,” The Korea Times, 12 June 2024, \
             accessed 13 June 2024, p. 3."
        );
        assert_eq!(
            Citation::short(&s).pinned(Some("pp. 3–4")).plain(),
            "Jane Roe, “Warnings over Putin’s visit,” pp. 3–4."
        );
        let bare = source("", "", "", false);
        assert_eq!(
            Citation::note(&bare).pinned(Some("p. 12")).plain(),
            "“Warnings over Putin’s visit,” p. 12."
        );
        assert_eq!(Citation::note(&s).pinned(None), Citation::note(&s));
    }
}
