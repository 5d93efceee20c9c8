//! Every change to research data is an [`Action`]. The store applies each in
//! one transaction and records it as one undo step; nothing else writes.

use crate::model::date::Date;
use crate::model::evidence::{Stance, Status};
use crate::model::filter::Filter;
use crate::model::notebook::Colour;
use crate::model::{
    EntityId, EventId, ExcerptId, NoteId, NoteOwner, SourceId, TagId, TrackId, Uid,
};

/// What an event should be, for creating or replacing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFields {
    /// Title; must not be blank.
    pub title: String,
    /// When it happened.
    pub date: Date,
    /// IANA time zone of the date's time of day, if any.
    pub time_zone: Option<String>,
    /// Markdown description.
    pub description: String,
    /// Track by name; created if the notebook has none of that name.
    pub track: Option<String>,
    /// Tags by name; created as needed.
    pub tags: Vec<String>,
}

impl EventFields {
    /// An event's fields as stored (track and tags by name), for an edit
    /// that changes some of them.
    #[must_use]
    pub fn of(notebook: &crate::model::Notebook, event: &crate::model::Event) -> Self {
        Self {
            title: event.title.clone(),
            date: event.date.clone(),
            time_zone: event.time_zone.clone(),
            description: event.description.clone(),
            track: event
                .track
                .and_then(|t| notebook.track(t))
                .map(|t| t.name.clone()),
            tags: event
                .tags
                .iter()
                .filter_map(|t| notebook.tag(*t))
                .map(|t| t.name.clone())
                .collect(),
        }
    }

    /// An event with a title and a date and nothing else.
    #[must_use]
    pub fn new(title: impl Into<String>, date: Date) -> Self {
        Self {
            title: title.into(),
            date,
            time_zone: None,
            description: String::new(),
            track: None,
            tags: Vec::new(),
        }
    }
}

/// What a source should be, for creating or replacing one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceFields {
    /// Title; must not be blank.
    pub title: String,
    /// Outlet or publication.
    pub outlet: String,
    /// Author(s).
    pub author: String,
    /// Where it was found.
    pub url: String,
    /// Publication date.
    pub published: Option<Date>,
    /// When it was read.
    pub accessed: Option<Date>,
    /// The full text.
    pub body: String,
    /// The encoding the text was decoded from.
    pub encoding: String,
    /// The file the text was read from, with its page map. `None` when the
    /// text was typed or pasted, and, in an update, "as it was": the
    /// original file is kept and a page map follows the edited text.
    pub file: Option<crate::model::pages::SourceFile>,
}

impl SourceFields {
    /// A source's current fields with a new text, for edits that change one
    /// thing and keep the rest (the read model holds no bodies).
    #[must_use]
    pub fn of(source: &crate::model::Source, body: String) -> Self {
        Self {
            title: source.title.clone(),
            outlet: source.outlet.clone(),
            author: source.author.clone(),
            url: source.url.clone(),
            published: source.published.clone(),
            accessed: source.accessed.clone(),
            body,
            encoding: source.encoding.clone(),
            file: None,
        }
    }
}

/// A passage of a source to cut out, by character range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExcerptRange {
    /// The source.
    pub source: SourceId,
    /// First character (inclusive).
    pub start: usize,
    /// Last character (exclusive).
    pub end: usize,
}

/// One event an import adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvent {
    /// Its uid as the file gives it (kept, so that importing the file again
    /// updates it); a fresh one when `None`.
    pub uid: Option<Uid>,
    /// Its fields.
    pub fields: EventFields,
}

/// What an import of events changes, all of it one undo step.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventImport {
    /// What was imported, for the label ("people.csv").
    pub from: String,
    /// Events to add. They are added by the bulk path: consecutive row ids,
    /// index maintenance in one pass and one compact undo record.
    pub new: Vec<ImportedEvent>,
    /// Events the file updates (matched by uid), with their new fields.
    pub updates: Vec<(EventId, EventFields)>,
    /// Entities the import adds (the names a CSV gives that no entity of
    /// their kind has).
    pub entities: Vec<EntityFields>,
    /// Roles of entities on the imported events, added where missing.
    pub roles: Vec<ImportedRole>,
}

/// The event of an imported role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleEvent {
    /// The event at this index of [`EventImport::new`].
    New(usize),
    /// An event the notebook has (one the import updates).
    Existing(EventId),
}

/// The entity of an imported role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleEntity {
    /// The entity at this index of [`EventImport::entities`].
    New(usize),
    /// An entity the notebook has.
    Existing(EntityId),
}

/// An entity's role on an event, as an import of events adds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRole {
    /// The event.
    pub event: RoleEvent,
    /// The entity.
    pub entity: RoleEntity,
    /// The role; empty for none.
    pub role: String,
}

/// A track an import adds, with its uid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTrack {
    /// Its uid in the file.
    pub uid: Uid,
    /// Name.
    pub name: String,
    /// Colour.
    pub colour: Colour,
    /// Lane order in the file (placed after the notebook's own lanes).
    pub position: i64,
}

/// An excerpt an import adds, exactly as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedExcerpt {
    /// Its uid.
    pub uid: Uid,
    /// Its source's uid (in the notebook, or added by the same import).
    pub source: Uid,
    /// First character.
    pub start: usize,
    /// Character after the last.
    pub end: usize,
    /// The quote; must be the text at `start..end` unless `lost`.
    pub quote: String,
    /// Context before.
    pub prefix: String,
    /// Context after.
    pub suffix: String,
    /// True when an edit of the source removed the quote.
    pub lost: bool,
    /// The digests the file gives (of the quote, of the source text it was
    /// cut from); computed from the notebook's text when `None`.
    pub digests: Option<(String, String)>,
}

/// What an imported note belongs to, by uid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportedOwner {
    /// The notebook.
    Notebook,
    /// An event.
    Event(Uid),
    /// A source.
    Source(Uid),
}

/// A note an import adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedNote {
    /// Its uid.
    pub uid: Uid,
    /// Markdown text.
    pub body: String,
    /// What it belongs to.
    pub owner: ImportedOwner,
}

/// What merging a notebook file (lossless JSON) changes, all of it one
/// undo step. New rows keep their uids; updates name existing rows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NotebookImport {
    /// Tracks to add.
    pub tracks: Vec<ImportedTrack>,
    /// Tracks to rename or recolour (the file's side of a conflict).
    pub track_updates: Vec<(TrackId, String, Colour)>,
    /// Tags to add.
    pub tags: Vec<(Uid, String)>,
    /// Tags to rename.
    pub tag_updates: Vec<(TagId, String)>,
    /// Sources to add.
    pub sources: Vec<(Uid, SourceFields)>,
    /// Sources to replace.
    pub source_updates: Vec<(SourceId, SourceFields)>,
    /// Excerpts to add.
    pub excerpts: Vec<ImportedExcerpt>,
    /// Events to add and update (their tracks and tags by name).
    pub events: EventImport,
    /// Links (event uid, excerpt uid) to add where missing, in order.
    pub links: Vec<(Uid, Uid)>,
    /// Notes to add.
    pub notes: Vec<ImportedNote>,
    /// Notes to replace.
    pub note_updates: Vec<(NoteId, String)>,
    /// What linked excerpts assert: (event uid, excerpt uid, date,
    /// stance), applied to links the import adds.
    pub link_evidence: Vec<(Uid, Uid, Option<Date>, Stance)>,
    /// Event statuses (new events, and updated ones).
    pub statuses: Vec<(Uid, Status)>,
    /// Entities to add, with their uids.
    pub entities: Vec<(Uid, EntityFields)>,
    /// Entities to replace (the file's side of a conflict).
    pub entity_updates: Vec<(EntityId, EntityFields)>,
    /// Roles of entities on events to add where missing.
    pub involvements: Vec<ImportedInvolvement>,
    /// Roles of entities on sources (source uid, entity uid, role) to add
    /// where missing.
    pub source_involvements: Vec<(Uid, Uid, String)>,
    /// Links between events to add where missing.
    pub event_links: Vec<ImportedLink>,
}

/// An entity's role on an event, by uid, as a merge adds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedInvolvement {
    /// The event's uid.
    pub event: Uid,
    /// The entity's uid.
    pub entity: Uid,
    /// The role.
    pub role: String,
    /// The cited excerpt's uid.
    pub excerpt: Option<Uid>,
}

/// A link between events, by uid, as a merge adds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedLink {
    /// Where it starts.
    pub from: Uid,
    /// Where it points.
    pub to: Uid,
    /// Its kind.
    pub kind: String,
    /// The cited excerpt's uid.
    pub excerpt: Option<Uid>,
}

/// What an entity should be, for creating or replacing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityFields {
    /// "person", "organisation", "place" or the user's own kind.
    pub kind: String,
    /// Name; must not be blank.
    pub name: String,
    /// Other spellings; blanks and repeats are dropped.
    pub aliases: Vec<String>,
    /// A short description.
    pub description: String,
    /// Born, founded, … .
    pub dates: Option<Date>,
    /// Markdown notes.
    pub notes: String,
    /// Where a place is.
    pub coordinates: Option<crate::model::entity::Coordinates>,
}

impl EntityFields {
    /// An entity of a kind with a name and nothing else.
    #[must_use]
    pub fn new(kind: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            name: name.into(),
            aliases: Vec::new(),
            description: String::new(),
            dates: None,
            notes: String::new(),
            coordinates: None,
        }
    }

    /// An entity's fields as stored, for an edit that changes some of them.
    #[must_use]
    pub fn of(entity: &crate::model::entity::Entity) -> Self {
        Self {
            kind: entity.kind.clone(),
            name: entity.name.clone(),
            aliases: entity.aliases.clone(),
            description: entity.description.clone(),
            dates: entity.dates.clone(),
            notes: entity.notes.clone(),
            coordinates: entity.coordinates,
        }
    }
}

/// One change to research data: one transaction, one undo step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Adds an event, optionally linked to existing excerpts.
    CreateEvent {
        /// The new event.
        fields: EventFields,
        /// Excerpts that support it.
        excerpts: Vec<ExcerptId>,
    },
    /// Replaces an event's fields (its excerpt links stay).
    UpdateEvent {
        /// Which event.
        id: EventId,
        /// Its new fields.
        fields: EventFields,
    },
    /// Deletes an event with its tags, links and notes.
    DeleteEvent(EventId),
    /// Adds a track.
    CreateTrack {
        /// Lane name.
        name: String,
        /// Lane colour; the palette colour of its name if `None`.
        colour: Option<Colour>,
    },
    /// Renames or recolours a track.
    UpdateTrack {
        /// Which track.
        id: TrackId,
        /// New name.
        name: String,
        /// New colour.
        colour: Colour,
    },
    /// Deletes a track; its events move to "No track".
    DeleteTrack(TrackId),
    /// Adds a tag.
    CreateTag {
        /// The tag text.
        name: String,
    },
    /// Renames a tag.
    RenameTag {
        /// Which tag.
        id: TagId,
        /// New text.
        name: String,
    },
    /// Deletes a tag from every event.
    DeleteTag(TagId),
    /// Adds a source.
    CreateSource(SourceFields),
    /// Replaces a source's fields and text; excerpts are re-anchored.
    UpdateSource {
        /// Which source.
        id: SourceId,
        /// Its new fields.
        fields: SourceFields,
    },
    /// Deletes a source with its excerpts, their links, and its notes.
    DeleteSource(SourceId),
    /// Cuts an excerpt out of a source and links it to events.
    CreateExcerpt {
        /// Where it is.
        range: ExcerptRange,
        /// Events it supports.
        events: Vec<EventId>,
    },
    /// Cuts an excerpt and creates a new event supported by it.
    CreateEventFromExcerpt {
        /// Where the excerpt is.
        range: ExcerptRange,
        /// The new event.
        fields: EventFields,
    },
    /// Deletes an excerpt and its links.
    DeleteExcerpt(ExcerptId),
    /// Records that an excerpt supports an event.
    Link {
        /// The event.
        event: EventId,
        /// The excerpt.
        excerpt: ExcerptId,
    },
    /// Removes that record.
    Unlink {
        /// The event.
        event: EventId,
        /// The excerpt.
        excerpt: ExcerptId,
    },
    /// Adds a note.
    CreateNote {
        /// What it is about.
        owner: NoteOwner,
        /// Markdown text.
        body: String,
    },
    /// Replaces a note's text.
    UpdateNote {
        /// Which note.
        id: NoteId,
        /// New markdown text.
        body: String,
    },
    /// Deletes a note.
    DeleteNote(NoteId),
    /// Hides a track's lane from the timeline, or shows it again.
    HideTrack {
        /// Which track.
        id: TrackId,
        /// Hidden after the action.
        hidden: bool,
    },
    /// Moves a track to a place in the lane order (0 is the top lane).
    MoveTrack {
        /// Which track.
        id: TrackId,
        /// Its new place; past the end means last.
        position: usize,
    },
    /// Gives every event tagged `from` the tag `into` and deletes `from`.
    MergeTags {
        /// The tag that goes away.
        from: TagId,
        /// The tag that stays.
        into: TagId,
    },
    /// Saves a filter (and optionally the visible range) as a named view,
    /// replacing a view of the same name.
    SaveView {
        /// The view's name.
        name: String,
        /// What it shows.
        filter: Filter,
        /// The visible range, in days since 1970-01-01, if saved with it.
        range: Option<(i64, i64)>,
    },
    /// Deletes a saved view.
    DeleteView {
        /// The view's name.
        name: String,
    },
    /// Several actions applied as one step (bulk edits of a selection).
    Batch {
        /// How the step reads in Undo ("delete 7 events").
        label: String,
        /// The actions, applied in order.
        actions: Vec<Action>,
    },
    /// Adds and updates many events at once (`annals import`, File ▸ Import…).
    ImportEvents(EventImport),
    // Entities and links between events (issue 18).
    /// Adds an entity.
    CreateEntity(EntityFields),
    /// Replaces an entity's fields and aliases (its links stay).
    UpdateEntity {
        /// Which entity.
        id: EntityId,
        /// Its new fields.
        fields: EntityFields,
    },
    /// Deletes an entity with its roles on events and sources.
    DeleteEntity(EntityId),
    /// Records that an entity takes part in an event in a role.
    Involve {
        /// The event.
        event: EventId,
        /// The entity.
        entity: EntityId,
        /// "visitor", "location"; empty for none.
        role: String,
        /// The excerpt that says so.
        excerpt: Option<ExcerptId>,
    },
    /// Adds an entity and puts it on an event in a role, as one step (the
    /// inspector's "add new" when a name matches no entity).
    InvolveNew {
        /// The event.
        event: EventId,
        /// The new entity.
        fields: EntityFields,
        /// Its role; empty for none.
        role: String,
        /// The excerpt that says so.
        excerpt: Option<ExcerptId>,
    },
    /// Removes an entity from an event: in one role, or in every role.
    Uninvolve {
        /// The event.
        event: EventId,
        /// The entity.
        entity: EntityId,
        /// The role to remove; `None` removes every role.
        role: Option<String>,
    },
    /// Records that a source is by or about an entity.
    InvolveInSource {
        /// The source.
        source: SourceId,
        /// The entity.
        entity: EntityId,
        /// "author", "subject"; empty for none.
        role: String,
    },
    /// Removes that record: in one role, or in every role.
    UninvolveFromSource {
        /// The source.
        source: SourceId,
        /// The entity.
        entity: EntityId,
        /// The role to remove; `None` removes every role.
        role: Option<String>,
    },
    /// Links two events ("the summit precedes the launch").
    Relate {
        /// Where the link starts.
        from: EventId,
        /// Where it points.
        to: EventId,
        /// "causes", "precedes", "part-of", "responds-to", "contradicts" or
        /// the user's own kind.
        kind: String,
        /// The excerpt that asserts it.
        excerpt: Option<ExcerptId>,
    },
    /// Removes a link between two events: of one kind, or of every kind.
    Unrelate {
        /// Where the link starts.
        from: EventId,
        /// Where it points.
        to: EventId,
        /// The kind to remove; `None` removes every link from `from` to `to`.
        kind: Option<String>,
    },
    /// Merges a notebook file (lossless JSON) by uid.
    ImportNotebook(Box<NotebookImport>),
    // Evidence (issue 19).
    /// Links an excerpt to an event with what it asserts (`annals link
    /// --asserts … --stance …`); [`Action::Link`] prefills the date.
    LinkWithEvidence {
        /// The event.
        event: EventId,
        /// The excerpt.
        excerpt: ExcerptId,
        /// The date the excerpt gives for the event.
        asserts: Option<Date>,
        /// How it bears on the event.
        stance: Stance,
    },
    /// Sets what a linked excerpt asserts about an event.
    SetLinkEvidence {
        /// The event.
        event: EventId,
        /// The excerpt (already linked).
        excerpt: ExcerptId,
        /// The date the excerpt gives for the event.
        asserts: Option<Date>,
        /// How it bears on the event.
        stance: Stance,
    },
    /// Sets an event's status.
    SetEventStatus {
        /// Which event.
        id: EventId,
        /// Its new status.
        status: Status,
    },
}

/// Which kind of action was applied: an [`Action`] without its data, so
/// that callers can tell what was done without reading the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionKind {
    /// [`Action::CreateEvent`].
    CreateEvent,
    /// [`Action::UpdateEvent`].
    UpdateEvent,
    /// [`Action::DeleteEvent`].
    DeleteEvent,
    /// [`Action::CreateTrack`].
    CreateTrack,
    /// [`Action::UpdateTrack`].
    UpdateTrack,
    /// [`Action::DeleteTrack`].
    DeleteTrack,
    /// [`Action::CreateTag`].
    CreateTag,
    /// [`Action::RenameTag`].
    RenameTag,
    /// [`Action::DeleteTag`].
    DeleteTag,
    /// [`Action::CreateSource`].
    CreateSource,
    /// [`Action::UpdateSource`].
    UpdateSource,
    /// [`Action::DeleteSource`].
    DeleteSource,
    /// [`Action::CreateExcerpt`].
    CreateExcerpt,
    /// [`Action::CreateEventFromExcerpt`].
    CreateEventFromExcerpt,
    /// [`Action::DeleteExcerpt`].
    DeleteExcerpt,
    /// [`Action::Link`].
    Link,
    /// [`Action::Unlink`].
    Unlink,
    /// [`Action::CreateNote`].
    CreateNote,
    /// [`Action::UpdateNote`].
    UpdateNote,
    /// [`Action::DeleteNote`].
    DeleteNote,
    /// [`Action::HideTrack`].
    HideTrack,
    /// [`Action::MoveTrack`].
    MoveTrack,
    /// [`Action::MergeTags`].
    MergeTags,
    /// [`Action::SaveView`].
    SaveView,
    /// [`Action::DeleteView`].
    DeleteView,
    /// [`Action::Batch`].
    Batch,
    /// [`Action::ImportEvents`].
    ImportEvents,
    /// [`Action::ImportNotebook`].
    ImportNotebook,
    /// [`Action::LinkWithEvidence`].
    LinkWithEvidence,
    /// [`Action::SetLinkEvidence`].
    SetLinkEvidence,
    /// [`Action::SetEventStatus`].
    SetEventStatus,
    /// [`Action::CreateEntity`].
    CreateEntity,
    /// [`Action::UpdateEntity`].
    UpdateEntity,
    /// [`Action::DeleteEntity`].
    DeleteEntity,
    /// [`Action::Involve`].
    Involve,
    /// [`Action::InvolveNew`].
    InvolveNew,
    /// [`Action::Uninvolve`].
    Uninvolve,
    /// [`Action::InvolveInSource`].
    InvolveInSource,
    /// [`Action::UninvolveFromSource`].
    UninvolveFromSource,
    /// [`Action::Relate`].
    Relate,
    /// [`Action::Unrelate`].
    Unrelate,
}

impl Action {
    /// Which kind of action this is.
    #[must_use]
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::CreateEvent { .. } => ActionKind::CreateEvent,
            Self::UpdateEvent { .. } => ActionKind::UpdateEvent,
            Self::DeleteEvent(_) => ActionKind::DeleteEvent,
            Self::CreateTrack { .. } => ActionKind::CreateTrack,
            Self::UpdateTrack { .. } => ActionKind::UpdateTrack,
            Self::DeleteTrack(_) => ActionKind::DeleteTrack,
            Self::CreateTag { .. } => ActionKind::CreateTag,
            Self::RenameTag { .. } => ActionKind::RenameTag,
            Self::DeleteTag(_) => ActionKind::DeleteTag,
            Self::CreateSource(_) => ActionKind::CreateSource,
            Self::UpdateSource { .. } => ActionKind::UpdateSource,
            Self::DeleteSource(_) => ActionKind::DeleteSource,
            Self::CreateExcerpt { .. } => ActionKind::CreateExcerpt,
            Self::CreateEventFromExcerpt { .. } => ActionKind::CreateEventFromExcerpt,
            Self::DeleteExcerpt(_) => ActionKind::DeleteExcerpt,
            Self::Link { .. } => ActionKind::Link,
            Self::Unlink { .. } => ActionKind::Unlink,
            Self::CreateNote { .. } => ActionKind::CreateNote,
            Self::UpdateNote { .. } => ActionKind::UpdateNote,
            Self::DeleteNote(_) => ActionKind::DeleteNote,
            Self::HideTrack { .. } => ActionKind::HideTrack,
            Self::MoveTrack { .. } => ActionKind::MoveTrack,
            Self::MergeTags { .. } => ActionKind::MergeTags,
            Self::SaveView { .. } => ActionKind::SaveView,
            Self::DeleteView { .. } => ActionKind::DeleteView,
            Self::Batch { .. } => ActionKind::Batch,
            Self::ImportEvents(_) => ActionKind::ImportEvents,
            Self::ImportNotebook(_) => ActionKind::ImportNotebook,
            Self::LinkWithEvidence { .. } => ActionKind::LinkWithEvidence,
            Self::SetLinkEvidence { .. } => ActionKind::SetLinkEvidence,
            Self::SetEventStatus { .. } => ActionKind::SetEventStatus,
            Self::CreateEntity(_) => ActionKind::CreateEntity,
            Self::UpdateEntity { .. } => ActionKind::UpdateEntity,
            Self::DeleteEntity(_) => ActionKind::DeleteEntity,
            Self::Involve { .. } => ActionKind::Involve,
            Self::InvolveNew { .. } => ActionKind::InvolveNew,
            Self::Uninvolve { .. } => ActionKind::Uninvolve,
            Self::InvolveInSource { .. } => ActionKind::InvolveInSource,
            Self::UninvolveFromSource { .. } => ActionKind::UninvolveFromSource,
            Self::Relate { .. } => ActionKind::Relate,
            Self::Unrelate { .. } => ActionKind::Unrelate,
        }
    }
}

/// The id of what an action created, if it created something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    /// A new event.
    Event(EventId),
    /// A new track.
    Track(TrackId),
    /// A new tag.
    Tag(TagId),
    /// A new source.
    Source(SourceId),
    /// A new excerpt.
    Excerpt(ExcerptId),
    /// A new excerpt and the event it supports.
    EventWithExcerpt(EventId, ExcerptId),
    /// A new note.
    Note(NoteId),
    /// A new entity.
    Entity(EntityId),
}

/// The outcome of applying an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Which kind of action it was.
    pub kind: ActionKind,
    /// What it was done to, as the label names it, on one line and
    /// shortened: the event's or source's title, the excerpt's quote, the
    /// track's or tag's (old) name, or for a note what the note is about
    /// (empty for the notebook itself).
    pub subject: String,
    /// What it did, as an imperative ("add event ‘Putin–Kim summit’"), for
    /// "Undo …" menu entries.
    pub label: String,
    /// What it created, if anything.
    pub created: Option<Created>,
}
