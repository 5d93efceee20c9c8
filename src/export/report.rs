//! The chronology report's content, shared by its Markdown, HTML, DOCX
//! and PDF forms: one entry per event with its quotes numbered as notes,
//! the notes' citations, and the list of sources cited.
//!
//! Grouped by entity ([`GroupBy::Entity`]) the same entries come in
//! [`Section`]s, one per entity; an event under two entities is an entry in
//! each, with its quotes noted again there, so every note number, footnote
//! and anchor occurs once in the document and the notes run in reading
//! order.

use std::collections::{HashMap, HashSet};

use super::citation::Citation;
use super::{ExportResult, GroupBy, Job};
use crate::model::entity::{Entity, KNOWN_KINDS};
use crate::model::notebook::Colour;
use crate::model::{EntityId, Event, EventId, Excerpt, Notebook, Source, SourceId};

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
    /// In a section of the report grouped by entity, the entity's role on
    /// the event: "Role: host", "Roles: host, speaker"; `None` otherwise or
    /// when it has no role.
    pub role: Option<String>,
    /// True at the event's first entry in the report (an event under two
    /// entities has two): its anchor goes there.
    pub first: bool,
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

/// A part of the report grouped by entity: one entity's events, or the
/// events no entity is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// "Vladimir Putin (person)", or [`OTHER_EVENTS`].
    pub heading: String,
    /// Its entries: a range of [`Report::entries`], in date order.
    pub entries: std::ops::Range<usize>,
}

/// The heading of the last section of a report grouped by entity: the
/// events no entity is on.
pub const OTHER_EVENTS: &str = "Other events";

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// "Chronology: Demo".
    pub title: String,
    /// Scope, count and date of the export, for the line under the title.
    pub summary: String,
    /// The entries, in reading order: chronological, or section by section
    /// when grouped by entity.
    pub entries: Vec<Entry<'a>>,
    /// The sections when grouped by entity, covering `entries` in order;
    /// empty for the plain chronology.
    pub sections: Vec<Section>,
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

/// One place of an event in the report: under which section, in which role.
struct Place<'a> {
    event: &'a Event,
    role: Option<String>,
}

/// Where an entity kind's sections go: people, organisations, places, then
/// the user's own kinds by name.
fn kind_rank(kind: &str) -> (usize, &str) {
    KNOWN_KINDS
        .iter()
        .position(|k| *k == kind)
        .map_or((KNOWN_KINDS.len(), kind), |i| (i, ""))
}

/// "Role: host", "Roles: host, speaker"; `None` without a role.
fn role_line(roles: &[&str]) -> Option<String> {
    match roles {
        [] => None,
        [role] => Some(format!("Role: {role}")),
        roles => Some(format!("Roles: {}", roles.join(", "))),
    }
}

/// The report's sections grouped by entity, each with its events' places,
/// in the order they are written.
fn entity_sections<'a>(
    notebook: &'a Notebook,
    events: &[&'a Event],
) -> Vec<(String, Vec<Place<'a>>)> {
    let cast = &notebook.entities;
    // Per entity, its events in date order, each with its roles.
    let mut by_entity: HashMap<EntityId, Vec<(&'a Event, Vec<&'a str>)>> = HashMap::new();
    let mut others = Vec::new();
    for &event in events {
        let mut on_it = false;
        for involvement in cast.of_event(event.id) {
            if cast.entity(involvement.entity).is_none() {
                continue;
            }
            on_it = true;
            let places = by_entity.entry(involvement.entity).or_default();
            let role = involvement.role.trim();
            match places.last_mut() {
                Some((last, roles)) if last.id == event.id => {
                    if !role.is_empty() && !roles.contains(&role) {
                        roles.push(role);
                    }
                }
                _ => places.push((event, if role.is_empty() { vec![] } else { vec![role] })),
            }
        }
        if !on_it {
            others.push(Place { event, role: None });
        }
    }
    let mut entities: Vec<&Entity> = by_entity.keys().filter_map(|id| cast.entity(*id)).collect();
    entities.sort_by(|a, b| {
        kind_rank(&a.kind)
            .cmp(&kind_rank(&b.kind))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut sections: Vec<(String, Vec<Place<'a>>)> = entities
        .into_iter()
        .map(|entity| {
            let places = by_entity
                .remove(&entity.id)
                .unwrap_or_default()
                .into_iter()
                .map(|(event, roles)| Place {
                    event,
                    role: role_line(&roles),
                })
                .collect();
            (format!("{} ({})", entity.name, entity.kind), places)
        })
        .collect();
    if !others.is_empty() {
        sections.push((OTHER_EVENTS.to_owned(), others));
    }
    sections
}

/// Builds entries, numbering their quotes' notes in reading order.
struct Builder<'a> {
    notebook: &'a Notebook,
    entries: Vec<Entry<'a>>,
    notes: Vec<Note>,
    sources: Vec<&'a Source>,
    cited: HashSet<SourceId>,
    written: HashSet<EventId>,
}

impl<'a> Builder<'a> {
    fn entry(&mut self, place: Place<'a>) {
        let Place { event, role } = place;
        let notebook = self.notebook;
        let track = event.track.and_then(|t| notebook.track(t));
        let mut quotes = Vec::new();
        for excerpt in event.excerpts.iter().filter_map(|x| notebook.excerpt(*x)) {
            let Some(source) = notebook.source(excerpt.source) else {
                continue;
            };
            let number = self.notes.len() + 1;
            let citation = if self.cited.insert(source.id) {
                self.sources.push(source);
                Citation::note(source)
            } else {
                Citation::short(source)
            }
            .pinned(source.pin_cite(excerpt.start, excerpt.end).as_deref());
            self.notes.push(Note {
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
        self.entries.push(Entry {
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
            role,
            first: self.written.insert(event.id),
        });
    }
}

impl<'a> Report<'a> {
    /// Builds the report of a job. (Quick: the writers report progress as
    /// they write the entries, which is where the time goes.)
    #[must_use]
    pub fn build(job: &Job<'a>) -> Self {
        let notebook = job.notebook;
        let mut builder = Builder {
            notebook,
            entries: Vec::with_capacity(job.events.len()),
            notes: Vec::new(),
            sources: Vec::new(),
            cited: HashSet::new(),
            written: HashSet::new(),
        };
        let mut sections = Vec::new();
        match job.options.group_by {
            GroupBy::Date => {
                for &event in &job.events {
                    builder.entry(Place { event, role: None });
                }
            }
            GroupBy::Entity => {
                for (heading, places) in entity_sections(notebook, &job.events) {
                    let start = builder.entries.len();
                    for place in places {
                        builder.entry(place);
                    }
                    sections.push(Section {
                        heading,
                        entries: start..builder.entries.len(),
                    });
                }
            }
        }
        let Builder {
            entries,
            notes,
            sources,
            ..
        } = builder;
        // Counted once per event, however many sections it is in.
        let firsts = || entries.iter().filter(|e| e.first);
        let unsupported = firsts().filter(|e| e.unsupported()).count();
        let quotes: usize = firsts().map(|e| e.quotes.len()).sum();
        let mut summary = vec![
            capitalised(&job.scope.describe()),
            plural(job.events.len(), "event", "events"),
        ];
        if quotes > 0 {
            summary.push(format!(
                "{} from {}",
                plural(quotes, "quote", "quotes"),
                plural(sources.len(), "source", "sources")
            ));
        }
        if unsupported > 0 {
            summary.push(format!("{unsupported} unsupported"));
        }
        if job.options.group_by == GroupBy::Entity {
            summary.push("grouped by entity".to_owned());
        }
        if let Some(generated) = &job.options.generated {
            summary.push(format!("exported {}", readable_time(generated)));
        }
        Self {
            title: format!("Chronology: {}", job.title()),
            summary: summary.join(" · "),
            entries,
            sections,
            notes,
            sources,
        }
    }

    /// Reports that `done` of the report's entries are written.
    ///
    /// # Errors
    /// [`super::ExportError::Cancelled`] when the job's callback asks to
    /// stop.
    pub fn tick(&self, job: &Job<'_>, done: usize) -> ExportResult<()> {
        job.tick_in(done, self.entries.len())
    }

    /// The report's parts in reading order: each section's heading (`None`
    /// for the plain chronology) with its entries.
    pub fn parts(&self) -> Vec<(Option<&str>, &[Entry<'a>])> {
        if self.sections.is_empty() {
            return vec![(None, self.entries.as_slice())];
        }
        self.sections
            .iter()
            .map(|s| {
                (
                    Some(s.heading.as_str()),
                    self.entries.get(s.entries.clone()).unwrap_or_default(),
                )
            })
            .collect()
    }
}

/// The entities on an event with their roles, in the read model's order.
fn who(notebook: &Notebook, event: EventId) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::action::{Action, Created, EntityFields, EventFields, ExcerptRange, SourceFields};
    use crate::export::{Bodies, Format, Options, Scope, export_to_vec, no_progress};
    use crate::model::date::Date;
    use crate::store::Store;

    const ARTICLE: &str = "The two leaders met in eastern Russia in September. \
        North Korea launched a spy satellite in November.";

    fn created_entity(store: &mut Store, kind: &str, name: &str, aliases: &[&str]) -> EntityId {
        let applied = store
            .apply(&Action::CreateEntity(EntityFields {
                aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
                ..EntityFields::new(kind, name)
            }))
            .unwrap();
        let Some(Created::Entity(id)) = applied.created else {
            panic!("no entity")
        };
        id
    }

    fn created_event(store: &mut Store, title: &str, date: &str) -> EventId {
        let applied = store
            .apply(&Action::CreateEvent {
                fields: EventFields::new(title, Date::parse(date).unwrap()),
                excerpts: vec![],
            })
            .unwrap();
        let Some(Created::Event(id)) = applied.created else {
            panic!("no event")
        };
        id
    }

    fn involve(store: &mut Store, event: EventId, entity: EntityId, role: &str) {
        store
            .apply(&Action::Involve {
                event,
                entity,
                role: role.to_owned(),
                excerpt: None,
            })
            .unwrap();
    }

    /// The summit (quoted, with Putin as host, Kim as visitor and
    /// Vostochny), the launch (Kim, and an organisation), and an event no
    /// entity is on. Names in Latin, Korean and Cyrillic script.
    fn notebook() -> Notebook {
        let mut store = Store::open_in_memory().unwrap();
        let source = match store
            .apply(&Action::CreateSource(SourceFields {
                title: "Putin visit".into(),
                outlet: "Example News".into(),
                body: ARTICLE.into(),
                ..SourceFields::default()
            }))
            .unwrap()
            .created
        {
            Some(Created::Source(id)) => id,
            _ => panic!("no source"),
        };
        let launch = created_event(&mut store, "Spy satellite launch", "2023-11");
        let summit = created_event(&mut store, "Putin–Kim summit", "2023-09");
        created_event(&mut store, "Haines on Russia", "2024-03");
        store
            .apply(&Action::CreateExcerpt {
                range: ExcerptRange {
                    source,
                    start: 0,
                    end: 50,
                },
                events: vec![summit],
            })
            .unwrap();
        let putin = created_entity(&mut store, "person", "Vladimir Putin", &["Путин"]);
        let kim = created_entity(&mut store, "person", "김정은", &["Kim Jong-un"]);
        let place = created_entity(&mut store, "place", "Vostochny", &[]);
        let nata = created_entity(&mut store, "organisation", "Национальное управление", &[]);
        let ship = created_entity(&mut store, "ship", "<b>Evil</b> *ship*", &[]);
        involve(&mut store, summit, putin, "host");
        involve(&mut store, summit, kim, "visitor");
        involve(&mut store, summit, kim, "speaker");
        involve(&mut store, summit, place, "location");
        involve(&mut store, launch, kim, "");
        involve(&mut store, launch, nata, "operator");
        involve(&mut store, launch, ship, "");
        store.load().unwrap()
    }

    fn options(group_by: GroupBy) -> Options {
        Options {
            title: "Putin".into(),
            group_by,
            ..Options::default()
        }
    }

    fn report_of<'a>(notebook: &'a Notebook, scope: &'a Scope, options: &'a Options) -> Report<'a> {
        let bodies: &'static Bodies = Box::leak(Box::default());
        let job = Job::new(notebook, scope, bodies, options, no_progress()).unwrap();
        Report::build(&job)
    }

    #[test]
    fn grouped_by_entity_a_section_per_entity_by_kind_then_name() {
        let notebook = notebook();
        let scope = Scope::whole();
        let options = options(GroupBy::Entity);
        let report = report_of(&notebook, &scope, &options);
        let headings: Vec<&str> = report.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            headings,
            vec![
                "Vladimir Putin (person)",
                "김정은 (person)",
                "Национальное управление (organisation)",
                "Vostochny (place)",
                "<b>Evil</b> *ship* (ship)",
                OTHER_EVENTS,
            ]
        );
        let parts = report.parts();
        let titles = |i: usize| -> Vec<(&str, Option<&str>)> {
            parts[i]
                .1
                .iter()
                .map(|e| (e.event.title.as_str(), e.role.as_deref()))
                .collect()
        };
        assert_eq!(titles(0), vec![("Putin–Kim summit", Some("Role: host"))]);
        // Kim's events in date order, both roles on the summit in one entry.
        assert_eq!(
            titles(1),
            vec![
                ("Putin–Kim summit", Some("Roles: visitor, speaker")),
                ("Spy satellite launch", None)
            ]
        );
        assert_eq!(titles(5), vec![("Haines on Russia", None)]);
        // The summit is in three sections; each entry notes its quote
        // afresh, the source cited in full the first time only.
        let summit: Vec<&Entry<'_>> = report
            .entries
            .iter()
            .filter(|e| e.event.title == "Putin–Kim summit")
            .collect();
        assert_eq!(summit.len(), 3);
        assert_eq!(
            summit.iter().map(|e| e.first).collect::<Vec<_>>(),
            vec![true, false, false]
        );
        let notes: Vec<usize> = summit.iter().map(|e| e.quotes[0].note).collect();
        assert_eq!(notes, vec![1, 2, 3]);
        assert_eq!(report.notes.len(), 3);
        assert!(report.notes[0].citation.plain().contains("Example News"));
        assert!(!report.notes[1].citation.plain().contains("Example News"));
        // Counted once per event.
        assert!(
            report
                .summary
                .starts_with("Whole notebook · 3 events · 1 quote from 1 source"),
            "{}",
            report.summary
        );
        assert!(report.summary.contains("grouped by entity"));
        // Sections cover the entries, in order.
        assert_eq!(
            report.sections.last().unwrap().entries.end,
            report.entries.len()
        );
    }

    #[test]
    fn by_date_the_report_is_one_entry_per_event() {
        let notebook = notebook();
        let scope = Scope::whole();
        let options = options(GroupBy::Date);
        let report = report_of(&notebook, &scope, &options);
        assert!(report.sections.is_empty());
        let titles: Vec<&str> = report
            .entries
            .iter()
            .map(|e| e.event.title.as_str())
            .collect();
        assert_eq!(
            titles,
            vec![
                "Putin–Kim summit",
                "Spy satellite launch",
                "Haines on Russia"
            ]
        );
        assert!(report.entries.iter().all(|e| e.role.is_none() && e.first));
        assert!(!report.summary.contains("grouped"));
        assert_eq!(report.parts().len(), 1);
    }

    #[test]
    fn no_entity_on_any_event_leaves_only_other_events() {
        let mut notebook = notebook();
        notebook.entities = crate::model::entity::Entities::default();
        let scope = Scope::whole();
        let options = options(GroupBy::Entity);
        let report = report_of(&notebook, &scope, &options);
        assert_eq!(report.sections.len(), 1);
        assert_eq!(report.sections[0].heading, OTHER_EVENTS);
        assert_eq!(report.entries.len(), 3);
    }

    fn export(format: Format, group_by: GroupBy) -> Vec<u8> {
        export_to_vec(
            format,
            &notebook(),
            &Scope::whole(),
            &Bodies::new(),
            &options(group_by),
        )
        .unwrap()
    }

    #[test]
    fn markdown_grouped_has_section_headings_and_roles() {
        let md = String::from_utf8(export(Format::Markdown, GroupBy::Entity)).unwrap();
        assert!(md.contains("\n## Vladimir Putin (person)\n"), "{md}");
        assert!(
            md.contains("\n### September 2023 — Putin–Kim summit\n"),
            "{md}"
        );
        assert!(md.contains("*Role: host*"), "{md}");
        assert!(md.contains("*Roles: visitor, speaker*"), "{md}");
        assert!(md.contains("\n## 김정은 (person)\n"), "{md}");
        assert!(md.contains("\n## Other events\n\n### March 2024 — Haines on Russia"));
        // The entity's name is text, not markup.
        assert!(!md.contains("<b>Evil</b> *ship*"), "{md}");
        assert!(md.contains(r"\<b\>Evil\</b\> \*ship\* (ship)"), "{md}");
        assert!(md.contains("[^3]: ") && !md.contains("[^4]"), "{md}");
        let by_date = String::from_utf8(export(Format::Markdown, GroupBy::Date)).unwrap();
        assert!(!by_date.contains("###") && !by_date.contains("Other events"));
        assert!(!by_date.contains("Role: host"));
    }

    #[test]
    fn html_grouped_escapes_headings_and_keeps_ids_unique() {
        let html = String::from_utf8(export(Format::Html, GroupBy::Entity)).unwrap();
        assert!(
            html.contains("<h2><bdi>Vladimir Putin (person)</bdi></h2>"),
            "{html}"
        );
        assert!(
            html.contains("<h3><bdi>Putin–Kim summit</bdi></h3>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;Evil&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>Evil"), "{html}");
        let ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let unique: HashSet<&&str> = ids.iter().collect();
        assert_eq!(ids.len(), unique.len(), "{ids:?}");
        assert_eq!(ids.iter().filter(|i| i.starts_with("event-")).count(), 3);
        assert_eq!(ids.iter().filter(|i| i.starts_with("ref-")).count(), 3);
    }

    fn docx_part(bytes: &[u8], name: &str) -> String {
        use std::io::Read as _;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn docx_grouped_has_headings_and_one_footnote_per_reference() {
        let bytes = export(Format::Docx, GroupBy::Entity);
        let document = docx_part(&bytes, "word/document.xml");
        let footnotes = docx_part(&bytes, "word/footnotes.xml");
        for part in [&document, &footnotes] {
            let mut reader = quick_xml::Reader::from_str(part);
            loop {
                if matches!(reader.read_event().unwrap(), quick_xml::events::Event::Eof) {
                    break;
                }
            }
        }
        assert!(document.contains(
            "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Vladimir Putin (person)</w:t>"
        ));
        assert!(document.contains("Role: host"));
        assert!(document.contains("&lt;b&gt;Evil&lt;/b&gt;"));
        let references: Vec<&str> = document
            .split("<w:footnoteReference w:id=\"")
            .skip(1)
            .filter_map(|r| r.split('"').next())
            .collect();
        assert_eq!(references, vec!["1", "2", "3"]);
        for id in references {
            assert!(footnotes.contains(&format!("<w:footnote w:id=\"{id}\">")));
        }
    }

    #[test]
    fn pdf_grouped_has_the_headings_and_roles() {
        let bytes = match export_to_vec(
            Format::Pdf,
            &notebook(),
            &Scope::whole(),
            &Bodies::new(),
            &options(GroupBy::Entity),
        ) {
            Ok(bytes) => bytes,
            // A machine without fonts cannot draw a PDF at all.
            Err(crate::export::ExportError::Fonts(_)) => return,
            Err(e) => panic!("{e}"),
        };
        let document = lopdf::Document::load_mem(&bytes).unwrap();
        let pages: Vec<u32> = document.get_pages().keys().copied().collect();
        let text: String = document
            .extract_text(&pages)
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        for wanted in [
            "VladimirPutin(person)",
            "Role:host",
            "Otherevents",
            "Vostochny(place)",
        ] {
            assert!(text.contains(wanted), "{wanted} in {text}");
        }
    }
}
