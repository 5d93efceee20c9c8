//! Reading Annals' lossless JSON back: into an empty notebook it recreates
//! the notebook (same uids, texts, ranges, links and notes); into a
//! non-empty one it merges by uid. A row whose uid the notebook has with
//! the same content is left alone; one with different content is a
//! **conflict**, listed in the preview and resolved by the side the user
//! prefers (`mine` keeps the notebook's, `theirs` takes the file's), for
//! all conflicts at once or item by item ([`Choices`]); everything else is
//! added. Links are a union: a merge adds the file's
//! links and removes none. An excerpt's range follows its source's text, so
//! a conflicting excerpt keeps the notebook's range whichever side is
//! preferred. A track or tag the notebook has under the same name (but
//! another uid) is the same track or tag.

use std::collections::HashMap;

use crate::action::{
    EntityFields, EventFields, ImportedEvent, ImportedExcerpt, ImportedInvolvement, ImportedLink,
    ImportedNote, ImportedOwner, ImportedTrack, NotebookImport, SourceFields,
};
use crate::export::json::{NotebookJson, OwnerJson};
use crate::model::date::Date;
use crate::model::evidence::{Stance, Status};
use crate::model::notebook::Colour;
use crate::model::{Notebook, SourceId, Uid};

use super::events::{checked_time_zone, differences};

/// Which side wins a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    /// The notebook's row stays as it is.
    Mine,
    /// The file's row replaces it.
    Theirs,
}

/// Which side wins each conflict: one side for every conflict, and any
/// single conflict (by kind and uid) set apart from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    /// The side of conflicts not in `items`; `None` leaves them unresolved
    /// (the notebook's row stays, and the preview says it is unresolved).
    pub all: Option<Prefer>,
    /// The side of single conflicts, by (kind, uid).
    pub items: HashMap<(&'static str, Uid), Prefer>,
}

impl Choices {
    /// One side for every conflict (`--prefer`), or none.
    #[must_use]
    pub fn all(prefer: Option<Prefer>) -> Self {
        Self {
            all: prefer,
            items: HashMap::new(),
        }
    }

    /// The side chosen for one conflict.
    #[must_use]
    pub fn side(&self, kind: &'static str, uid: &Uid) -> Option<Prefer> {
        self.items.get(&(kind, uid.clone())).copied().or(self.all)
    }

    /// Chooses a side for one conflict.
    pub fn choose(&mut self, kind: &'static str, uid: &Uid, side: Prefer) {
        self.items.insert((kind, uid.clone()), side);
    }

    /// Chooses a side for every conflict, forgetting single choices.
    pub fn choose_all(&mut self, side: Prefer) {
        self.all = Some(side);
        self.items.clear();
    }
}

/// A row both sides have, with different content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// "event", "source", "track", "tag", "excerpt", "note" or "entity".
    pub kind: &'static str,
    /// The shared uid.
    pub uid: Uid,
    /// The notebook's title (or name, or the start of the text).
    pub title: String,
    /// The file's title (or name, or the start of the text).
    pub theirs: String,
    /// The fields that differ.
    pub fields: Vec<&'static str>,
    /// The side that wins it; `None` while unresolved. An excerpt always
    /// keeps the notebook's range (it follows its source's text).
    pub side: Option<Prefer>,
}

impl Conflict {
    /// False for a conflict whose outcome no choice changes (an excerpt's
    /// range).
    #[must_use]
    pub fn choosable(&self) -> bool {
        self.kind != "excerpt"
    }
}

/// How a merge compares with the notebook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergePreview {
    /// Rows the file adds.
    pub new: usize,
    /// Rows the file has exactly as the notebook does.
    pub unchanged: usize,
    /// Rows both have with different content.
    pub conflicts: Vec<Conflict>,
    /// What the file holds that cannot be imported (a date that is not
    /// EDTF, a reference to a row it does not hold); any refuses the file.
    pub errors: Vec<String>,
    /// The action, with conflicts resolved for the preferred side (with no
    /// side, conflicting rows are left as they are).
    pub import: NotebookImport,
}

impl MergePreview {
    /// Rows the preferred side changes.
    #[must_use]
    pub fn updated(&self) -> usize {
        let i = &self.import;
        i.track_updates.len()
            + i.tag_updates.len()
            + i.source_updates.len()
            + i.events.updates.len()
            + i.note_updates.len()
            + i.entity_updates.len()
    }

    /// Conflicts no side was chosen for.
    #[must_use]
    pub fn unresolved(&self) -> usize {
        self.conflicts.iter().filter(|c| c.side.is_none()).count()
    }

    /// "12 new, 3 unchanged, 1 conflict".
    #[must_use]
    pub fn summary(&self) -> String {
        let n = self.conflicts.len();
        format!(
            "{} new, {} updated, {} unchanged, {n} conflict{}, {} error{}",
            self.new,
            self.updated(),
            self.unchanged,
            if n == 1 { "" } else { "s" },
            self.errors.len(),
            if self.errors.len() == 1 { "" } else { "s" }
        )
    }
}

fn one_line(text: &str) -> String {
    crate::model::text::shortened(text, 60, crate::model::text::Cut::AnyChar)
}

fn date_or_error(errors: &mut Vec<String>, what: &str, text: Option<&str>) -> Option<Date> {
    let text = text?;
    match Date::parse_edtf(text) {
        Ok(date) => Some(date),
        Err(e) => {
            errors.push(format!("{what}: the date “{text}” is not EDTF: {e}"));
            None
        }
    }
}

/// Compares a notebook file with the notebook, every conflict resolved for
/// `prefer` (or none). `bodies` holds the texts of the notebook's sources
/// (for comparing them).
#[must_use]
pub fn plan(
    file: &NotebookJson,
    notebook: &Notebook,
    bodies: &HashMap<SourceId, String>,
    prefer: Option<Prefer>,
    from: &str,
) -> MergePreview {
    plan_with(file, notebook, bodies, &Choices::all(prefer), from)
}

/// [`plan`], with each conflict resolved as `choices` says.
#[must_use]
#[allow(clippy::too_many_lines)] // One pass per kind of row, in dependency order.
pub fn plan_with(
    file: &NotebookJson,
    notebook: &Notebook,
    bodies: &HashMap<SourceId, String>,
    choices: &Choices,
    from: &str,
) -> MergePreview {
    let mut preview = MergePreview::default();
    preview.import.events.from = from.to_owned();
    // Records a conflict; true when the file's side wins it.
    let conflict = |preview: &mut MergePreview,
                    kind: &'static str,
                    uid: &Uid,
                    (mine, theirs): (&str, &str),
                    fields|
     -> bool {
        let side = if kind == "excerpt" {
            Some(Prefer::Mine)
        } else {
            choices.side(kind, uid)
        };
        preview.conflicts.push(Conflict {
            kind,
            uid: uid.clone(),
            title: one_line(mine),
            theirs: one_line(theirs),
            fields,
            side,
        });
        side == Some(Prefer::Theirs)
    };

    // Tracks and tags: by uid, then by name.
    let mut track_names: HashMap<&Uid, String> = HashMap::new();
    for (uid, track) in &file.tracks {
        track_names.insert(uid, track.name.clone());
        let Some(colour) = Colour::from_hex(&track.colour) else {
            preview.errors.push(format!(
                "track {uid}: “{}” is not a #rrggbb colour",
                track.colour
            ));
            continue;
        };
        match notebook.tracks.iter().find(|t| &t.uid == uid) {
            Some(mine) => {
                let mut fields = Vec::new();
                if mine.name != track.name {
                    fields.push("name");
                }
                if mine.colour != colour {
                    fields.push("colour");
                }
                if fields.is_empty() {
                    preview.unchanged += 1;
                } else {
                    if conflict(
                        &mut preview,
                        "track",
                        uid,
                        (&mine.name, &track.name),
                        fields,
                    ) {
                        preview
                            .import
                            .track_updates
                            .push((mine.id, track.name.clone(), colour));
                    } else {
                        track_names.insert(uid, mine.name.clone());
                    }
                }
            }
            None if notebook
                .tracks
                .iter()
                .any(|t| t.name.to_lowercase() == track.name.trim().to_lowercase()) =>
            {
                preview.unchanged += 1;
            }
            None => {
                preview.new += 1;
                preview.import.tracks.push(ImportedTrack {
                    uid: uid.clone(),
                    name: track.name.clone(),
                    colour,
                    position: track.position,
                });
            }
        }
    }
    let mut tag_names: HashMap<&Uid, String> = HashMap::new();
    for (uid, tag) in &file.tags {
        tag_names.insert(uid, tag.name.clone());
        match notebook.tags.iter().find(|t| &t.uid == uid) {
            Some(mine) if mine.name == tag.name => preview.unchanged += 1,
            Some(mine) => {
                if conflict(
                    &mut preview,
                    "tag",
                    uid,
                    (&mine.name, &tag.name),
                    vec!["name"],
                ) {
                    preview.import.tag_updates.push((mine.id, tag.name.clone()));
                } else {
                    tag_names.insert(uid, mine.name.clone());
                }
            }
            None if notebook
                .tags
                .iter()
                .any(|t| t.name.to_lowercase() == tag.name.trim().to_lowercase()) =>
            {
                preview.unchanged += 1;
            }
            None => {
                preview.new += 1;
                preview.import.tags.push((uid.clone(), tag.name.clone()));
            }
        }
    }

    // Sources.
    for (uid, source) in &file.sources {
        let what = format!("source {uid}");
        let published = date_or_error(&mut preview.errors, &what, source.published.as_deref());
        let accessed = date_or_error(&mut preview.errors, &what, source.accessed.as_deref());
        let fields = SourceFields {
            title: source.title.clone(),
            outlet: source.outlet.clone(),
            author: source.author.clone(),
            url: source.url.clone(),
            published,
            accessed,
            body: source.text.clone(),
            encoding: source.encoding.clone(),
            file: source.source_file(),
        };
        match notebook.sources.iter().find(|s| &s.uid == uid) {
            Some(mine) => {
                let body = bodies.get(&mine.id).map_or("", String::as_str);
                let mut differ = Vec::new();
                for (name, a, b) in [
                    ("title", mine.title.as_str(), fields.title.as_str()),
                    ("outlet", &mine.outlet, &fields.outlet),
                    ("author", &mine.author, &fields.author),
                    ("url", &mine.url, &fields.url),
                    ("text", body, &fields.body),
                ] {
                    if a != b {
                        differ.push(name);
                    }
                }
                let their_file = fields.file.clone().unwrap_or_default();
                if mine.file.clone().unwrap_or_default() != their_file.original {
                    differ.push("file");
                }
                if mine.pages != their_file.pages {
                    differ.push("pages");
                }
                if mine.published.as_ref().map(Date::edtf)
                    != fields.published.as_ref().map(Date::edtf)
                {
                    differ.push("published");
                }
                if mine.accessed.as_ref().map(Date::edtf)
                    != fields.accessed.as_ref().map(Date::edtf)
                {
                    differ.push("accessed");
                }
                if differ.is_empty() {
                    preview.unchanged += 1;
                } else {
                    let titles = (mine.title.as_str(), fields.title.as_str());
                    if conflict(&mut preview, "source", uid, titles, differ) {
                        preview.import.source_updates.push((mine.id, fields));
                    }
                }
            }
            None => {
                preview.new += 1;
                preview.import.sources.push((uid.clone(), fields));
            }
        }
    }

    // Excerpts: a reference must resolve to a source of either side.
    for (uid, excerpt) in &file.excerpts {
        let known_source = file.sources.contains_key(&excerpt.source)
            || notebook.sources.iter().any(|s| s.uid == excerpt.source);
        if !known_source {
            preview.errors.push(format!(
                "excerpt {uid}: its source {} is in neither the file nor the notebook",
                excerpt.source
            ));
            continue;
        }
        match notebook.excerpts.iter().find(|x| &x.uid == uid) {
            Some(mine) => {
                let same = mine.quote == excerpt.quote
                    && mine.start == excerpt.start
                    && mine.end == excerpt.end;
                if same {
                    preview.unchanged += 1;
                } else {
                    let quotes = (mine.quote.as_str(), excerpt.quote.as_str());
                    conflict(&mut preview, "excerpt", uid, quotes, vec!["range"]);
                }
            }
            None => {
                preview.new += 1;
                preview.import.excerpts.push(ImportedExcerpt {
                    uid: uid.clone(),
                    source: excerpt.source.clone(),
                    start: excerpt.start,
                    end: excerpt.end,
                    quote: excerpt.quote.clone(),
                    prefix: excerpt.prefix.clone(),
                    suffix: excerpt.suffix.clone(),
                    lost: excerpt.lost,
                    digests: match file_digests(excerpt) {
                        Ok(digests) => digests,
                        Err(e) => {
                            preview.errors.push(format!("excerpt {uid}: {e}"));
                            None
                        }
                    },
                });
            }
        }
    }

    // Events, with their tracks and tags by name.
    let by_uid: HashMap<&Uid, &crate::model::Event> =
        notebook.events.iter().map(|e| (&e.uid, &**e)).collect();
    let excerpt_known = |uid: &Uid| {
        file.excerpts.contains_key(uid) || notebook.excerpts.iter().any(|x| &x.uid == uid)
    };
    for (uid, event) in &file.events {
        let what = format!("event {uid}");
        let Some(date) = date_or_error(&mut preview.errors, &what, Some(&event.date)) else {
            continue;
        };
        let track = match &event.track {
            None => None,
            Some(t) => match track_names.get(t) {
                Some(name) => Some(name.clone()),
                None => {
                    preview
                        .errors
                        .push(format!("{what}: its track {t} is not in the file"));
                    continue;
                }
            },
        };
        let mut tags = Vec::new();
        for t in &event.tags {
            match tag_names.get(t) {
                Some(name) => tags.push(name.clone()),
                None => preview
                    .errors
                    .push(format!("{what}: its tag {t} is not in the file")),
            }
        }
        if let Some(missing) = event.excerpts.iter().find(|x| !excerpt_known(x)) {
            preview
                .errors
                .push(format!("{what}: its excerpt {missing} is in neither side"));
            continue;
        }
        let time_zone = match checked_time_zone(event.time_zone.as_deref().unwrap_or("")) {
            Ok(zone) => zone,
            Err(e) => {
                preview.errors.push(format!("{what}: {e}"));
                continue;
            }
        };
        if event.title.trim().is_empty() {
            preview.errors.push(format!("{what}: the title is empty"));
            continue;
        }
        let Some((status, link_evidence)) = evidence_of(&mut preview.errors, &what, uid, event)
        else {
            continue;
        };
        let fields = EventFields {
            title: event.title.clone(),
            date,
            time_zone,
            description: event.description.clone(),
            track,
            tags,
        };
        match by_uid.get(uid) {
            Some(mine) => {
                let old = EventFields {
                    title: mine.title.clone(),
                    date: mine.date.clone(),
                    time_zone: mine.time_zone.clone(),
                    description: mine.description.clone(),
                    track: mine
                        .track
                        .and_then(|t| notebook.track(t))
                        .map(|t| t.name.clone()),
                    tags: mine
                        .tags
                        .iter()
                        .filter_map(|t| notebook.tag(*t))
                        .map(|t| t.name.clone())
                        .collect(),
                };
                let mut differ = differences(&old, &fields);
                let fields_differ = !differ.is_empty();
                let status_differs = status != notebook.evidence.status(mine.id);
                if status_differs {
                    differ.push("status");
                }
                if differ.is_empty() {
                    preview.unchanged += 1;
                } else {
                    let titles = (mine.title.as_str(), event.title.as_str());
                    if conflict(&mut preview, "event", uid, titles, differ) {
                        if fields_differ {
                            preview.import.events.updates.push((mine.id, fields));
                        }
                        if status_differs {
                            preview.import.statuses.push((uid.clone(), status));
                        }
                    }
                }
                // Links are a union.
                for x in &event.excerpts {
                    let linked = mine
                        .excerpts
                        .iter()
                        .filter_map(|id| notebook.excerpt(*id))
                        .any(|e| &e.uid == x);
                    if !linked {
                        preview.import.links.push((uid.clone(), x.clone()));
                        preview
                            .import
                            .link_evidence
                            .extend(link_evidence.iter().filter(|l| &l.1 == x).cloned());
                    }
                }
            }
            None => {
                preview.new += 1;
                preview.import.events.new.push(ImportedEvent {
                    uid: Some(uid.clone()),
                    fields,
                });
                for x in &event.excerpts {
                    preview.import.links.push((uid.clone(), x.clone()));
                }
                preview.import.link_evidence.extend(link_evidence);
                if status != Status::Reported {
                    preview.import.statuses.push((uid.clone(), status));
                }
            }
        }
    }

    plan_entities(file, notebook, &mut preview, choices);

    // Notes.
    for (uid, note) in &file.notes {
        let owner = match &note.owner {
            OwnerJson::Notebook => ImportedOwner::Notebook,
            OwnerJson::Event(e) => ImportedOwner::Event(e.clone()),
            OwnerJson::Source(s) => ImportedOwner::Source(s.clone()),
        };
        let owner_known = match &owner {
            ImportedOwner::Notebook => true,
            ImportedOwner::Event(e) => file.events.contains_key(e) || by_uid.contains_key(e),
            ImportedOwner::Source(s) => {
                file.sources.contains_key(s) || notebook.sources.iter().any(|x| &x.uid == s)
            }
        };
        if !owner_known {
            preview
                .errors
                .push(format!("note {uid}: what it belongs to is in neither side"));
            continue;
        }
        match notebook.notes.iter().find(|n| &n.uid == uid) {
            Some(mine) if mine.body == note.body => preview.unchanged += 1,
            Some(mine) => {
                if conflict(
                    &mut preview,
                    "note",
                    uid,
                    (&mine.body, &note.body),
                    vec!["text"],
                ) {
                    preview
                        .import
                        .note_updates
                        .push((mine.id, note.body.clone()));
                }
            }
            None => {
                preview.new += 1;
                preview.import.notes.push(ImportedNote {
                    uid: uid.clone(),
                    body: note.body.clone(),
                    owner,
                });
            }
        }
    }
    preview
}

/// What a link of the file says: (event uid, excerpt uid, date, stance).
type LinkEvidence = (Uid, Uid, Option<Date>, Stance);

/// An event's status and its links' evidence as the file gives them, or
/// `None` (with the reason in `errors`) when any of it is unreadable. A
/// link's evidence must name one of the event's own excerpts.
fn evidence_of(
    errors: &mut Vec<String>,
    what: &str,
    uid: &Uid,
    event: &crate::export::json::EventJson,
) -> Option<(Status, Vec<LinkEvidence>)> {
    let Some(status) = Status::from_name(&event.status) else {
        errors.push(format!(
            "{what}: unknown status “{}” (reported, confirmed, planned, cancelled or disputed)",
            event.status.escape_debug()
        ));
        return None;
    };
    let mut links = Vec::new();
    for (excerpt, link) in &event.evidence {
        if !event.excerpts.contains(excerpt) {
            errors.push(format!(
                "{what}: evidence for excerpt {excerpt}, which it is not linked to"
            ));
            return None;
        }
        let Some(stance) = Stance::from_name(&link.stance) else {
            errors.push(format!(
                "{what}: unknown stance “{}” (supports, disputes or mentions)",
                link.stance.escape_debug()
            ));
            return None;
        };
        let asserts = match link.asserts.as_deref().map(Date::parse_edtf).transpose() {
            Ok(date) => date,
            Err(e) => {
                errors.push(format!("{what}: the date excerpt {excerpt} asserts: {e}"));
                return None;
            }
        };
        links.push((uid.clone(), excerpt.clone(), asserts, stance));
    }
    Some((status, links))
}

/// True for 64 lower-case hex digits, as a SHA-256 is written.
fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// An excerpt's digests from the file: both or neither.
fn file_digests(
    excerpt: &crate::export::json::ExcerptJson,
) -> Result<Option<(String, String)>, String> {
    match (
        excerpt.quote_sha256.as_str(),
        excerpt.source_sha256.as_str(),
    ) {
        ("", "") => Ok(None),
        (quote, source) if is_sha256(quote) && is_sha256(source) => {
            Ok(Some((quote.to_owned(), source.to_owned())))
        }
        _ => Err("its quote_sha256 and source_sha256 must both be SHA-256 digests in hex".into()),
    }
}

/// Entities by uid (a conflict when both sides have one with other
/// content), then roles and links as a union: what the file has and the
/// notebook lacks is added, nothing is removed.
#[allow(clippy::too_many_lines)] // One pass per kind of row.
fn plan_entities(
    file: &NotebookJson,
    notebook: &Notebook,
    preview: &mut MergePreview,
    choices: &Choices,
) {
    let cast = &notebook.entities;
    for (uid, entity) in &file.entities {
        let what = format!("entity {uid}");
        let dates = match &entity.dates {
            None => None,
            Some(text) => match Date::parse_edtf(text) {
                Ok(date) => Some(date),
                Err(e) => {
                    preview
                        .errors
                        .push(format!("{what}: the dates “{text}” are not EDTF: {e}"));
                    continue;
                }
            },
        };
        if entity.name.trim().is_empty() || entity.kind.trim().is_empty() {
            preview
                .errors
                .push(format!("{what}: the name or the kind is empty"));
            continue;
        }
        let fields = EntityFields {
            kind: entity.kind.clone(),
            name: entity.name.clone(),
            aliases: entity.aliases.clone(),
            description: entity.description.clone(),
            dates,
            notes: entity.notes.clone(),
            coordinates: entity.coordinates,
        };
        match cast.entities.iter().find(|e| &e.uid == uid) {
            Some(mine) => {
                let old = EntityFields::of(mine);
                let mut differ = Vec::new();
                if old.kind != fields.kind {
                    differ.push("kind");
                }
                if old.name != fields.name {
                    differ.push("name");
                }
                if old.aliases != fields.aliases {
                    differ.push("aliases");
                }
                if old.description != fields.description {
                    differ.push("description");
                }
                if old.dates.as_ref().map(Date::edtf) != fields.dates.as_ref().map(Date::edtf) {
                    differ.push("dates");
                }
                if old.notes != fields.notes {
                    differ.push("notes");
                }
                if old.coordinates != fields.coordinates {
                    differ.push("coordinates");
                }
                if differ.is_empty() {
                    preview.unchanged += 1;
                } else {
                    let side = choices.side("entity", uid);
                    preview.conflicts.push(Conflict {
                        kind: "entity",
                        uid: uid.clone(),
                        title: one_line(&mine.name),
                        theirs: one_line(&entity.name),
                        fields: differ,
                        side,
                    });
                    if side == Some(Prefer::Theirs) {
                        preview.import.entity_updates.push((mine.id, fields));
                    }
                }
            }
            None => {
                preview.new += 1;
                preview.import.entities.push((uid.clone(), fields));
            }
        }
    }
    let entity_known =
        |uid: &Uid| file.entities.contains_key(uid) || cast.entities.iter().any(|e| &e.uid == uid);
    let excerpt_known = |uid: &Uid| {
        file.excerpts.contains_key(uid) || notebook.excerpts.iter().any(|x| &x.uid == uid)
    };
    let event_known =
        |uid: &Uid| file.events.contains_key(uid) || notebook.events.iter().any(|e| &e.uid == uid);
    let mine_of = |uid: &Uid| notebook.events.iter().find(|e| &e.uid == uid);
    let entity_uid = |id| cast.entity(id).map(|e| &e.uid);
    for (uid, event) in &file.events {
        let mine = mine_of(uid);
        for role in &event.entities {
            if !entity_known(&role.entity) {
                preview.errors.push(format!(
                    "event {uid}: its entity {} is in neither side",
                    role.entity
                ));
                continue;
            }
            if let Some(x) = role.excerpt.as_ref().filter(|x| !excerpt_known(x)) {
                preview
                    .errors
                    .push(format!("event {uid}: its excerpt {x} is in neither side"));
                continue;
            }
            let has = mine.is_some_and(|m| {
                cast.of_event(m.id)
                    .any(|r| entity_uid(r.entity) == Some(&role.entity) && r.role == role.role)
            });
            if !has {
                preview.import.involvements.push(ImportedInvolvement {
                    event: uid.clone(),
                    entity: role.entity.clone(),
                    role: role.role.clone(),
                    excerpt: role.excerpt.clone(),
                });
            }
        }
        for link in &event.links {
            if !event_known(&link.to) {
                preview.errors.push(format!(
                    "event {uid}: it links to {}, which is in neither side",
                    link.to
                ));
                continue;
            }
            if let Some(x) = link.excerpt.as_ref().filter(|x| !excerpt_known(x)) {
                preview
                    .errors
                    .push(format!("event {uid}: its excerpt {x} is in neither side"));
                continue;
            }
            let has = mine.is_some_and(|m| {
                cast.links_of(m.id).any(|l| {
                    l.from == m.id
                        && l.kind == link.kind
                        && notebook.event(l.to).map(|e| &e.uid) == Some(&link.to)
                })
            });
            if !has {
                preview.import.event_links.push(ImportedLink {
                    from: uid.clone(),
                    to: link.to.clone(),
                    kind: link.kind.clone(),
                    excerpt: link.excerpt.clone(),
                });
            }
        }
    }
    for (uid, source) in &file.sources {
        let mine = notebook.sources.iter().find(|s| &s.uid == uid);
        for role in &source.entities {
            if !entity_known(&role.entity) {
                preview.errors.push(format!(
                    "source {uid}: its entity {} is in neither side",
                    role.entity
                ));
                continue;
            }
            let has = mine.is_some_and(|m| {
                cast.of_source(m.id)
                    .any(|r| entity_uid(r.entity) == Some(&role.entity) && r.role == role.role)
            });
            if !has {
                preview.import.source_involvements.push((
                    uid.clone(),
                    role.entity.clone(),
                    role.role.clone(),
                ));
            }
        }
    }
}
