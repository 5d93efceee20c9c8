//! The chronology report's content, shared by its Markdown, HTML, DOCX
//! and PDF forms: one entry per event with its quotes numbered as notes,
//! the notes' citations, and the list of sources cited.

use std::collections::HashSet;

use super::Job;
use super::citation::Citation;
use crate::model::notebook::Colour;
use crate::model::{Event, Excerpt, Source, SourceId};

/// One supporting excerpt, quoted.
#[derive(Debug, Clone)]
pub struct Quote<'a> {
    /// The excerpt.
    pub excerpt: &'a Excerpt,
    /// Its note number, from 1.
    pub note: usize,
}

/// One event of the chronology.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The event.
    pub event: &'a Event,
    /// The date as read ("September 2023", "c. 1850"), with its time zone.
    pub date: String,
    /// Track name, if on one.
    pub track: Option<&'a str>,
    /// Track colour, if on one.
    pub colour: Option<Colour>,
    /// Tag names.
    pub tags: Vec<&'a str>,
    /// The quotes supporting it.
    pub quotes: Vec<Quote<'a>>,
    /// How it stands when not simply reported: "Disputed: … says …",
    /// "Status: planned".
    pub standing: Option<String>,
    /// Who and where, with their roles: "Who and where: Vladimir Putin
    /// (host), Vostochny (location)"; `None` when no entity is on it.
    pub who: Option<String>,
}

impl Entry<'_> {
    /// True when no excerpt supports the event.
    #[must_use]
    pub fn unsupported(&self) -> bool {
        self.quotes.is_empty()
    }

    /// "Track: Diplomacy · Tags: North Korea, Russia".
    #[must_use]
    pub fn labels(&self) -> String {
        let mut parts = Vec::new();
        if let Some(track) = self.track {
            parts.push(format!("Track: {track}"));
        }
        match self.tags.as_slice() {
            [] => {}
            [tag] => parts.push(format!("Tag: {tag}")),
            tags => parts.push(format!("Tags: {}", tags.join(", "))),
        }
        parts.join(" · ")
    }
}

/// A numbered note: the citation of a quote's source.
#[derive(Debug, Clone)]
pub struct Note {
    /// Its number, from 1.
    pub number: usize,
    /// The citation: in full the first time a source is cited, short after.
    pub citation: Citation,
    /// True when the quote is no longer in the source's current text.
    pub lost: bool,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// "Chronology: Demo".
    pub title: String,
    /// Scope, count and date of the export, for the line under the title.
    pub summary: String,
    /// The entries, in chronological order.
    pub entries: Vec<Entry<'a>>,
    /// The notes, by number.
    pub notes: Vec<Note>,
    /// The sources cited, in order of first citation.
    pub sources: Vec<&'a Source>,
}

/// What a note says after the citation when the quote is no longer in the
/// source's current text (see `model::anchor`).
pub const LOST_NOTE: &str = "The quote is no longer found in the source’s current text.";

/// What an entry says when no excerpt supports its event.
pub const UNSUPPORTED: &str = "Unsupported: no excerpt supports this event.";

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl<'a> Report<'a> {
    /// Builds the report of a job. (Quick: the writers report progress as
    /// they write the entries, which is where the time goes.)
    #[must_use]
    pub fn build(job: &Job<'a>) -> Self {
        let notebook = job.notebook;
        let mut entries = Vec::with_capacity(job.events.len());
        let mut notes = Vec::new();
        let mut sources: Vec<&Source> = Vec::new();
        let mut cited: HashSet<SourceId> = HashSet::new();
        for event in &job.events {
            let track = event.track.and_then(|t| notebook.track(t));
            let mut quotes = Vec::new();
            for excerpt in event.excerpts.iter().filter_map(|x| notebook.excerpt(*x)) {
                let Some(source) = notebook.source(excerpt.source) else {
                    continue;
                };
                let number = notes.len() + 1;
                let citation = if cited.insert(source.id) {
                    sources.push(source);
                    Citation::note(source)
                } else {
                    Citation::short(source)
                }
                .pinned(source.pin_cite(excerpt.start, excerpt.end).as_deref());
                notes.push(Note {
                    number,
                    citation,
                    lost: excerpt.lost,
                });
                quotes.push(Quote {
                    excerpt,
                    note: number,
                });
            }
            let mut date = event.date.display();
            if let Some(zone) = &event.time_zone {
                date.push_str(&format!(" ({zone})"));
            }
            entries.push(Entry {
                event,
                date,
                track: track.map(|t| t.name.as_str()),
                colour: track.map(|t| t.colour),
                tags: event
                    .tags
                    .iter()
                    .filter_map(|t| notebook.tag(*t))
                    .map(|t| t.name.as_str())
                    .collect(),
                quotes,
                standing: crate::review::standing(notebook, event.id),
                who: who(notebook, event.id),
            });
        }
        let unsupported = entries.iter().filter(|e| e.unsupported()).count();
        let mut summary = vec![
            capitalised(&job.scope.describe()),
            plural(entries.len(), "event", "events"),
        ];
        if !notes.is_empty() {
            summary.push(format!(
                "{} from {}",
                plural(notes.len(), "quote", "quotes"),
                plural(sources.len(), "source", "sources")
            ));
        }
        if unsupported > 0 {
            summary.push(format!("{unsupported} unsupported"));
        }
        if let Some(generated) = &job.options.generated {
            summary.push(format!("exported {}", readable_time(generated)));
        }
        Self {
            title: format!("Chronology: {}", job.title()),
            summary: summary.join(" · "),
            entries,
            notes,
            sources,
        }
    }
}

/// The entities on an event with their roles, in the read model's order.
fn who(notebook: &crate::model::Notebook, event: crate::model::EventId) -> Option<String> {
    let cast = &notebook.entities;
    let named: Vec<String> = cast
        .of_event(event)
        .filter_map(|r| {
            let entity = cast.entity(r.entity)?;
            Some(if r.role.trim().is_empty() {
                entity.name.clone()
            } else {
                format!("{} ({})", entity.name, r.role)
            })
        })
        .collect();
    (!named.is_empty()).then(|| format!("Who and where: {}", named.join(", ")))
}

/// "2024-06-14T09:00:00Z" as a reader wants it: "14 June 2024, 09:00 UTC"
/// (any other text is shown as it is).
fn readable_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_owned(),
        |t| {
            t.with_timezone(&chrono::Utc)
                .format("%-d %B %Y, %H:%M UTC")
                .to_string()
        },
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
