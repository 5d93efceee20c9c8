//! The lossless JSON of a notebook: every research row (events, tracks,
//! tags, sources with their full text, excerpts with their ranges and
//! context, the links between them, notes), keyed by uid.
//!
//! These types are the format: the exporter serialises them and an
//! importer deserialises them (`serde_json::from_slice::<NotebookJson>`).
//! [`FORMAT`] and [`VERSION`] say what a file is; a reader refuses a newer
//! version. Integer row ids are not exported (they are local to one
//! notebook); uids are the identity. Fields marked *derived* are written for
//! people and scripts reading the file and are recomputed from `date` on
//! import. The README's "Export" section documents the same shape.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::{ExportError, ExportResult, Job, Writer};
use crate::model::{NoteOwner, Notebook, Uid};

/// The `format` field of every file: what this is.
pub const FORMAT: &str = "annals-notebook";
/// The `version` field this build writes; a reader refuses a higher one.
pub const VERSION: u32 = 1;

/// The file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotebookJson {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] of the writer.
    pub version: u32,
    /// The notebook's name.
    pub name: String,
    /// When it was exported (RFC 3339), if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_at: Option<String>,
    /// What part of the notebook this is.
    pub scope: ScopeJson,
    /// Tracks by uid.
    pub tracks: BTreeMap<Uid, TrackJson>,
    /// Tags by uid.
    pub tags: BTreeMap<Uid, TagJson>,
    /// Sources by uid, with their full text.
    pub sources: BTreeMap<Uid, SourceJson>,
    /// Excerpts by uid.
    pub excerpts: BTreeMap<Uid, ExcerptJson>,
    /// Events by uid.
    pub events: BTreeMap<Uid, EventJson>,
    /// Notes by uid.
    pub notes: BTreeMap<Uid, NoteJson>,
    /// Saved views by uid (only in a whole-notebook export; absent when
    /// there are none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub views: BTreeMap<Uid, ViewJson>,
    /// Entities by uid (absent when there are none; a partial export holds
    /// those its events and sources name).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entities: BTreeMap<Uid, EntityJson>,
}

/// An entity: a person, organisation, place or the user's own kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityJson {
    /// "person", "organisation", "place" or the user's own kind.
    pub kind: String,
    /// Name.
    pub name: String,
    /// Other spellings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Short description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Born, founded, … (EDTF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<String>,
    /// Markdown notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// `[latitude, longitude]` in degrees, for a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<crate::model::entity::Coordinates>,
}

/// An entity's role on an event or a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleJson {
    /// The entity's uid.
    pub entity: Uid,
    /// "visitor", "author"; empty for none.
    #[serde(default)]
    pub role: String,
    /// The excerpt that says so (events only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<Uid>,
}

/// A link from an event to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLinkJson {
    /// The event it points to.
    pub to: Uid,
    /// "causes", "precedes", "part-of", "responds-to", "contradicts" or the
    /// user's own kind.
    pub kind: String,
    /// The excerpt that asserts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<Uid>,
}

/// What part of the notebook a file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeJson {
    /// True for the whole notebook: every row is in the file. Otherwise the
    /// file holds the events in scope and what they refer to (their
    /// excerpts, those excerpts' sources, their tracks and tags, and the
    /// notes on them, on those sources and on the notebook).
    pub whole: bool,
    /// The scope in words ("from September 2023; track: Diplomacy").
    pub description: String,
}

/// A track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackJson {
    /// Name.
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
    /// Lane order, top first.
    pub position: i64,
    /// Hidden from the timeline (absent when shown).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

/// A saved view: a named filter (the app's filter model, as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewJson {
    /// Name.
    pub name: String,
    /// What it shows.
    pub filter: crate::model::filter::Filter,
    /// The visible range saved with it, in days since 1970-01-01.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<(i64, i64)>,
}

/// A tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagJson {
    /// Name.
    pub name: String,
}

/// A source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceJson {
    /// Title.
    pub title: String,
    /// Outlet.
    pub outlet: String,
    /// Author(s).
    pub author: String,
    /// Where it was found.
    pub url: String,
    /// Publication date (EDTF).
    pub published: Option<String>,
    /// When it was read (EDTF).
    pub accessed: Option<String>,
    /// The encoding the text was decoded from when imported.
    pub encoding: String,
    /// The full text; excerpt ranges count characters in it.
    pub text: String,
    /// The file the text was read from (absent for a typed or pasted text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileJson>,
    /// The page map of a paged source (absent for an unpaged one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageJson>,
    /// Entities it is by or about (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<RoleJson>,
}

/// The original file of a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileJson {
    /// Its name, without the folder.
    pub name: String,
    /// SHA-256 of its bytes, lower-case hex.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// When it was imported (RFC 3339, UTC).
    pub imported: String,
}

/// One page of a paged source: characters `start..end` of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageJson {
    /// Page number, from 1.
    pub page: u32,
    /// First character (inclusive).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
}

impl SourceJson {
    /// The file and page map as a source's fields carry them.
    #[must_use]
    pub fn source_file(&self) -> Option<crate::model::pages::SourceFile> {
        use crate::model::pages::{OriginalFile, PageSpan, SourceFile};
        if self.file.is_none() && self.pages.is_empty() {
            return None;
        }
        Some(SourceFile {
            original: self
                .file
                .as_ref()
                .map_or_else(OriginalFile::default, |f| OriginalFile {
                    name: f.name.clone(),
                    sha256: f.sha256.clone(),
                    bytes: f.bytes,
                    imported: f.imported.clone(),
                }),
            pages: self
                .pages
                .iter()
                .map(|p| PageSpan {
                    page: p.page,
                    start: p.start,
                    end: p.end,
                })
                .collect(),
            // The export carries no bytes: those kept stay while the file
            // is the same (see the README's "Lossless JSON").
            kept: crate::model::pages::KeptBytes::AsBefore,
        })
    }
}

/// An excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcerptJson {
    /// The source's uid.
    pub source: Uid,
    /// First character (Unicode scalar values, from 0).
    pub start: usize,
    /// Character after the last.
    pub end: usize,
    /// The exact text.
    pub quote: String,
    /// Up to 32 characters before it.
    pub prefix: String,
    /// Up to 32 characters after it.
    pub suffix: String,
    /// True when an edit of the source removed the quote.
    pub lost: bool,
    /// SHA-256 (hex) of the quote as cut (absent in older files).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote_sha256: String,
    /// SHA-256 (hex) of the source's text when the quote was cut from it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source_sha256: String,
}

/// What a linked excerpt asserts about an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkJson {
    /// The date it gives for the event (EDTF), if any.
    #[serde(default)]
    pub asserts: Option<String>,
    /// `supports`, `disputes` or `mentions`.
    #[serde(default = "supports")]
    pub stance: String,
}

fn supports() -> String {
    "supports".to_owned()
}

fn reported() -> String {
    "reported".to_owned()
}

fn is_reported(status: &String) -> bool {
    status == "reported"
}

/// An event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventJson {
    /// Title.
    pub title: String,
    /// The date (EDTF), the stored truth.
    pub date: String,
    /// *Derived*: the date as read.
    #[serde(default)]
    pub display: String,
    /// *Derived*: first day it may cover (ISO), `..` open, empty unknown.
    #[serde(default)]
    pub earliest: String,
    /// *Derived*: last day it may cover.
    #[serde(default)]
    pub latest: String,
    /// *Derived*: precision name ("month").
    #[serde(default)]
    pub precision: String,
    /// IANA time zone of its time of day.
    pub time_zone: Option<String>,
    /// Markdown description.
    pub description: String,
    /// Track uid.
    pub track: Option<Uid>,
    /// Tag uids, by tag name.
    pub tags: Vec<Uid>,
    /// Uids of the excerpts that support it, in the order they were linked.
    pub excerpts: Vec<Uid>,
    /// `reported`, `confirmed`, `planned`, `cancelled` or `disputed`
    /// (absent: reported).
    #[serde(default = "reported", skip_serializing_if = "is_reported")]
    pub status: String,
    /// What each linked excerpt asserts, by excerpt uid (absent for a link
    /// that gives no date and supports).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub evidence: BTreeMap<Uid, LinkJson>,
    /// Entities that take part in it, with their roles (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<RoleJson>,
    /// Links from it to other events (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<EventLinkJson>,
}

/// What an event's links assert, by excerpt uid, leaving out the links
/// that give no date and support (the default).
fn evidence_json(notebook: &Notebook, event: crate::model::EventId) -> BTreeMap<Uid, LinkJson> {
    notebook
        .evidence
        .of(event)
        .links
        .iter()
        .filter(|l| l.asserts.is_some() || l.stance != crate::model::evidence::Stance::Supports)
        .filter_map(|l| {
            Some((
                notebook.excerpt(l.excerpt)?.uid.clone(),
                LinkJson {
                    asserts: l.asserts.as_ref().map(|d| d.edtf().to_owned()),
                    stance: l.stance.name().to_owned(),
                },
            ))
        })
        .collect()
}

/// What a note belongs to: `"notebook"`, `{"event": uid}` or
/// `{"source": uid}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerJson {
    /// The notebook.
    Notebook,
    /// An event.
    Event(Uid),
    /// A source.
    Source(Uid),
}

/// A note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteJson {
    /// Markdown text.
    pub body: String,
    /// What it is attached to.
    pub owner: OwnerJson,
}

impl NotebookJson {
    /// Reads a file, refusing what is not ours or is newer.
    ///
    /// # Errors
    /// [`ExportError::Invalid`] saying what is wrong.
    pub fn from_slice(bytes: &[u8]) -> ExportResult<Self> {
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| ExportError::Invalid(format!("not JSON: {e}")))?;
        if value.get("format").and_then(serde_json::Value::as_str) != Some(FORMAT) {
            return Err(ExportError::Invalid(format!(
                "not an Annals notebook export (no \"format\": \"{FORMAT}\")"
            )));
        }
        let version = value
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        if version > u64::from(VERSION) {
            return Err(ExportError::Invalid(format!(
                "written by a newer Annals (version {version}; this one reads up to {VERSION})"
            )));
        }
        serde_json::from_value(value).map_err(|e| ExportError::Invalid(e.to_string()))
    }

    /// The JSON of a job: the whole notebook, or its scope.
    ///
    /// # Errors
    /// [`ExportError::Invalid`] when a source's text was not fetched.
    pub fn from_job(job: &Job<'_>) -> ExportResult<Self> {
        let notebook = job.notebook;
        let whole = job.scope.is_whole();
        let selection = Selection::of(job, whole);
        let uid_of_source = |id| notebook.source(id).map(|s| s.uid.clone());
        let tracks = notebook
            .tracks
            .iter()
            .filter(|t| whole || selection.tracks.contains(&t.id))
            .map(|t| {
                (
                    t.uid.clone(),
                    TrackJson {
                        name: t.name.clone(),
                        colour: t.colour.hex(),
                        position: t.position,
                        hidden: t.hidden,
                    },
                )
            })
            .collect();
        let tags = notebook
            .tags
            .iter()
            .filter(|t| whole || selection.tags.contains(&t.id))
            .map(|t| {
                (
                    t.uid.clone(),
                    TagJson {
                        name: t.name.clone(),
                    },
                )
            })
            .collect();
        let mut sources = BTreeMap::new();
        for source in &notebook.sources {
            if !(whole || selection.sources.contains(&source.id)) {
                continue;
            }
            let text = job.bodies.get(&source.id).ok_or_else(|| {
                ExportError::Invalid(format!(
                    "the text of source “{}” was not read",
                    source.title
                ))
            })?;
            sources.insert(
                source.uid.clone(),
                SourceJson {
                    title: source.title.clone(),
                    outlet: source.outlet.clone(),
                    author: source.author.clone(),
                    url: source.url.clone(),
                    published: source.published.as_ref().map(|d| d.edtf().to_owned()),
                    accessed: source.accessed.as_ref().map(|d| d.edtf().to_owned()),
                    encoding: source.encoding.clone(),
                    file: source.file.as_ref().map(|f| FileJson {
                        name: f.name.clone(),
                        sha256: f.sha256.clone(),
                        bytes: f.bytes,
                        imported: f.imported.clone(),
                    }),
                    pages: source
                        .pages
                        .iter()
                        .map(|p| PageJson {
                            page: p.page,
                            start: p.start,
                            end: p.end,
                        })
                        .collect(),
                    text: text.clone(),
                    entities: notebook
                        .entities
                        .of_source(source.id)
                        .filter_map(|r| {
                            Some(RoleJson {
                                entity: notebook.entities.entity(r.entity)?.uid.clone(),
                                role: r.role.clone(),
                                excerpt: None,
                            })
                        })
                        .collect(),
                },
            );
        }
        let excerpts = notebook
            .excerpts
            .iter()
            .filter(|x| whole || selection.excerpts.contains(&x.id))
            .filter_map(|x| {
                Some((
                    x.uid.clone(),
                    ExcerptJson {
                        source: uid_of_source(x.source)?,
                        start: x.start,
                        end: x.end,
                        quote: x.quote.clone(),
                        prefix: x.prefix.clone(),
                        suffix: x.suffix.clone(),
                        lost: x.lost,
                        quote_sha256: notebook
                            .evidence
                            .hashes
                            .get(&x.id)
                            .map(|h| h.quote.clone())
                            .unwrap_or_default(),
                        source_sha256: notebook
                            .evidence
                            .hashes
                            .get(&x.id)
                            .map(|h| h.source.clone())
                            .unwrap_or_default(),
                    },
                ))
            })
            .collect();
        let mut events = BTreeMap::new();
        for (i, event) in job.events.iter().enumerate() {
            let bounds = event.date.bounds();
            events.insert(
                event.uid.clone(),
                EventJson {
                    title: event.title.clone(),
                    date: event.date.edtf().to_owned(),
                    display: event.date.display(),
                    earliest: bounds.earliest.iso(),
                    latest: bounds.latest.iso(),
                    precision: event.date.precision().name().to_owned(),
                    time_zone: event.time_zone.clone(),
                    description: event.description.clone(),
                    track: event
                        .track
                        .and_then(|t| notebook.track(t))
                        .map(|t| t.uid.clone()),
                    tags: event
                        .tags
                        .iter()
                        .filter_map(|t| notebook.tag(*t))
                        .map(|t| t.uid.clone())
                        .collect(),
                    excerpts: event
                        .excerpts
                        .iter()
                        .filter_map(|x| notebook.excerpt(*x))
                        .map(|x| x.uid.clone())
                        .collect(),
                    status: notebook.evidence.status(event.id).name().to_owned(),
                    evidence: evidence_json(notebook, event.id),
                    entities: roles_of_event(notebook, event.id),
                    links: links_of_event(notebook, event.id, |id| {
                        whole || selection.events.contains(&id)
                    }),
                },
            );
            job.tick(i + 1)?;
        }
        let notes = notebook
            .notes
            .iter()
            .filter_map(|n| {
                let owner = match n.owner {
                    NoteOwner::Notebook => OwnerJson::Notebook,
                    NoteOwner::Event(id) if whole || selection.events.contains(&id) => {
                        OwnerJson::Event(notebook.event(id)?.uid.clone())
                    }
                    NoteOwner::Source(id) if whole || selection.sources.contains(&id) => {
                        OwnerJson::Source(uid_of_source(id)?)
                    }
                    NoteOwner::Event(_) | NoteOwner::Source(_) => return None,
                };
                Some((
                    n.uid.clone(),
                    NoteJson {
                        body: n.body.clone(),
                        owner,
                    },
                ))
            })
            .collect();
        Ok(Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            name: job.title().to_owned(),
            exported_at: job.options.generated.clone(),
            scope: ScopeJson {
                whole,
                description: job.scope.describe(),
            },
            tracks,
            tags,
            sources,
            excerpts,
            events,
            notes,
            views: if whole {
                notebook
                    .views
                    .iter()
                    .map(|v| {
                        (
                            v.uid.clone(),
                            ViewJson {
                                name: v.name.clone(),
                                filter: v.filter.clone(),
                                range: v.range,
                            },
                        )
                    })
                    .collect()
            } else {
                BTreeMap::new()
            },
            entities: entities_json(notebook, |id| whole || selection.entities.contains(&id)),
        })
    }
}

/// An event's roles, by uid; a cited excerpt that is not in the file is
/// left out of the role (the role itself stays).
fn roles_of_event(notebook: &Notebook, event: crate::model::EventId) -> Vec<RoleJson> {
    notebook
        .entities
        .of_event(event)
        .filter_map(|r| {
            Some(RoleJson {
                entity: notebook.entities.entity(r.entity)?.uid.clone(),
                role: r.role.clone(),
                excerpt: r
                    .excerpt
                    .and_then(|x| notebook.excerpt(x))
                    .map(|x| x.uid.clone()),
            })
        })
        .collect()
}

/// Links out of an event to events the file holds.
fn links_of_event(
    notebook: &Notebook,
    event: crate::model::EventId,
    held: impl Fn(crate::model::EventId) -> bool,
) -> Vec<EventLinkJson> {
    notebook
        .entities
        .links_of(event)
        .filter(|l| l.from == event && held(l.to))
        .filter_map(|l| {
            Some(EventLinkJson {
                to: notebook.event(l.to)?.uid.clone(),
                kind: l.kind.clone(),
                excerpt: l
                    .excerpt
                    .and_then(|x| notebook.excerpt(x))
                    .map(|x| x.uid.clone()),
            })
        })
        .collect()
}

/// The entities the file holds.
fn entities_json(
    notebook: &Notebook,
    held: impl Fn(crate::model::EntityId) -> bool,
) -> BTreeMap<Uid, EntityJson> {
    notebook
        .entities
        .entities
        .iter()
        .filter(|e| held(e.id))
        .map(|e| {
            (
                e.uid.clone(),
                EntityJson {
                    kind: e.kind.clone(),
                    name: e.name.clone(),
                    aliases: e.aliases.clone(),
                    description: e.description.clone(),
                    dates: e.dates.as_ref().map(|d| d.edtf().to_owned()),
                    notes: e.notes.clone(),
                    coordinates: e.coordinates,
                },
            )
        })
        .collect()
}

/// What a partial export refers to.
#[derive(Default)]
struct Selection {
    events: std::collections::HashSet<crate::model::EventId>,
    tracks: std::collections::HashSet<crate::model::TrackId>,
    tags: std::collections::HashSet<crate::model::TagId>,
    excerpts: std::collections::HashSet<crate::model::ExcerptId>,
    sources: std::collections::HashSet<crate::model::SourceId>,
    entities: std::collections::HashSet<crate::model::EntityId>,
}

impl Selection {
    fn of(job: &Job<'_>, whole: bool) -> Self {
        let mut s = Self::default();
        if whole {
            return s;
        }
        let notebook: &Notebook = job.notebook;
        for event in &job.events {
            s.events.insert(event.id);
            s.tracks.extend(event.track);
            s.tags.extend(event.tags.iter().copied());
            for excerpt in event.excerpts.iter().filter_map(|x| notebook.excerpt(*x)) {
                s.excerpts.insert(excerpt.id);
                s.sources.insert(excerpt.source);
            }
            s.entities
                .extend(notebook.entities.of_event(event.id).map(|r| r.entity));
        }
        for source in &s.sources {
            s.entities
                .extend(notebook.entities.of_source(*source).map(|r| r.entity));
        }
        s
    }
}

/// Writes the lossless JSON.
pub struct JsonWriter;

impl Writer for JsonWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        let document = NotebookJson::from_job(job)?;
        let mut w = std::io::BufWriter::new(out);
        serde_json::to_writer_pretty(&mut w, &document).map_err(std::io::Error::from)?;
        writeln!(w)?;
        w.flush()?;
        Ok(())
    }
}
