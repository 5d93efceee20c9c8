//! Events from a file, checked row by row and compared with the notebook:
//! the preview an import shows ("12 new, 3 updated, 2 unchanged, 1 error")
//! and the one action it applies.
//!
//! Every reader (CSV, JSON, TimelineJS) produces [`Row`]s or [`RowError`]s;
//! [`Preview::plan`] matches rows to the notebook's events by uid. A row
//! whose uid the notebook knows updates that event, with the fields the file
//! gives (a file without a description column leaves descriptions as they
//! are); one with the same content is unchanged; any other row is new.
//!
//! A CSV may name the people, organisations and places on each event
//! ([`Field::People`], …). The planner matches each name to an entity of
//! that kind by name or alias, ignoring case; a name none has becomes a new
//! entity, one per name however many rows give it. The roles, and the
//! entities they need, are part of the same action as the events.

use std::collections::HashMap;

use super::table::{Field, Mapping, Table, cell_text};
use crate::action::{
    EntityFields, EventFields, EventImport, ImportedEvent, ImportedRole, RoleEntity, RoleEvent,
};
use crate::model::date::Date;
use crate::model::entity::Entity;
use crate::model::{Event, EventId, Notebook, Uid};

/// The most names one entity cell may give: an event has a handful of
/// people; hundreds mean the column is not a list of names, and the bound
/// keeps a hostile cell from costing more than a row.
pub const MAX_NAMES_PER_CELL: usize = 64;

/// The longest name an entity cell may give, in characters: a name is a
/// few words (the store takes up to 500; a longer cell is the wrong column).
pub const MAX_ENTITY_NAME_CHARS: usize = 200;

/// The longest role, in characters ("host", "chief negotiator"), within
/// what the store takes.
pub const MAX_IMPORTED_ROLE_CHARS: usize = 100;

/// The longest piece of a bad entity cell an error message quotes: enough
/// to find it, short enough for one line.
const SHOWN_CELL_CHARS: usize = 60;

/// An entity a row names, with its role on the row's event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedRole {
    /// `person`, `organisation` or `place`.
    pub kind: &'static str,
    /// The name as the file writes it.
    pub name: String,
    /// The role; empty for none.
    pub role: String,
}

/// The longest uid a file may give: Annals' own are 36 characters; a longer
/// one is not an identifier but a cell in the wrong column.
pub const MAX_UID_CHARS: usize = 200;

/// Which optional fields a row gives (the others keep their values when the
/// row updates an event).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Given {
    /// The description.
    pub description: bool,
    /// The track.
    pub track: bool,
    /// The tags.
    pub tags: bool,
    /// The time zone.
    pub time_zone: bool,
}

impl Given {
    /// Every field given (a lossless JSON event).
    pub const ALL: Self = Self {
        description: true,
        track: true,
        tags: true,
        time_zone: true,
    };
}

/// One event as a file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Where it is: the line it starts on (CSV) or its position (JSON).
    pub line: u64,
    /// Its uid, if the file gives one.
    pub uid: Option<Uid>,
    /// Its fields as read.
    pub fields: EventFields,
    /// Which optional fields the file gives.
    pub given: Given,
    /// The date as written in the file.
    pub date_text: String,
    /// The entities the file puts on the event, in file order.
    pub entities: Vec<NamedRole>,
}

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Where it is.
    pub line: u64,
    /// What is wrong, in one sentence.
    pub message: String,
}

/// Reads a date the way the date field does: EDTF or a natural form.
fn date_of(what: &str, text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| format!("the {what} “{text}” is not a date: {e}"))
}

/// The date of a row: the date column, else start and end as an interval.
fn row_date(date: &str, start: &str, end: &str) -> Result<(Date, String), String> {
    if !date.is_empty() {
        return Ok((date_of("date", date)?, date.to_owned()));
    }
    if start.is_empty() {
        return Err(if end.is_empty() {
            "the date is empty".to_owned()
        } else {
            "the row has an end but no start".to_owned()
        });
    }
    let from = date_of("start", start)?;
    if end.is_empty() {
        return Ok((from, start.to_owned()));
    }
    let to = date_of("end", end)?;
    for (side, text, date) in [("start", start, &from), ("end", end, &to)] {
        if date.is_interval() || date.is_one_of() {
            return Err(format!(
                "the {side} “{text}” is already a range; give one date"
            ));
        }
    }
    if to.bounds().latest_key() < from.bounds().earliest_key() {
        return Err(format!("the end “{end}” is before the start “{start}”"));
    }
    let joined = format!("{}/{}", from.edtf(), to.edtf());
    let date = Date::parse_edtf(&joined)
        .map_err(|e| format!("the start “{start}” and end “{end}” do not make a range: {e}"))?;
    Ok((date, format!("{start} – {end}")))
}

/// Splits a tags cell: on `;`, or on `,` when there is no `;`.
#[must_use]
pub fn split_tags(cell: &str) -> Vec<String> {
    let separator = if cell.contains(';') { ';' } else { ',' };
    cell.split(separator)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads an entity cell: names separated by `;`, each optionally followed
/// by its role in parentheses ("Vladimir Putin (host); Kim Jong-un
/// (visitor)"). A `;` at the end is ignored; a name given twice with the
/// same role (any case) counts once. Returns (name, role) pairs.
///
/// # Errors
/// The message saying what is wrong, naming the cell's field: an empty
/// name, a parenthesis left open or closed without being opened, text
/// after a role, a line break in a name, or too many or too long names.
pub fn split_entities(cell: &str, field: Field) -> Result<Vec<(String, String)>, String> {
    let what = field.name();
    let mut pieces: Vec<&str> = cell.split(';').collect();
    if pieces.last().is_some_and(|p| p.trim().is_empty()) {
        pieces.pop();
    }
    if pieces.len() > MAX_NAMES_PER_CELL {
        return Err(format!(
            "the {what} cell gives {} names; at most {MAX_NAMES_PER_CELL} are read in one cell",
            pieces.len()
        ));
    }
    let mut out: Vec<(String, String)> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let piece = piece.trim();
        let shown = || {
            crate::model::text::shortened(piece, SHOWN_CELL_CHARS, crate::model::text::Cut::AnyChar)
        };
        let (name, role) = match piece.find('(') {
            None => {
                if piece.contains(')') {
                    return Err(format!(
                        "the {what} cell has a “)” that no “(” opens: “{}”",
                        shown()
                    ));
                }
                (piece, "")
            }
            Some(open) => {
                let Some(close) = piece.rfind(')').filter(|c| *c > open) else {
                    return Err(format!(
                        "the {what} cell has an unclosed parenthesis: “{}”",
                        shown()
                    ));
                };
                if !piece[close + 1..].trim().is_empty() {
                    return Err(format!(
                        "the {what} cell has text after a role’s closing parenthesis: “{}”",
                        shown()
                    ));
                }
                (piece[..open].trim(), piece[open + 1..close].trim())
            }
        };
        if name.is_empty() {
            return Err(if piece.is_empty() {
                format!("the {what} cell has an empty name between two “;”")
            } else {
                format!("the {what} cell has a role without a name: “{}”", shown())
            });
        }
        if name.chars().any(char::is_control) || role.chars().any(char::is_control) {
            return Err(format!(
                "the {what} cell has a line break or control character in “{}”",
                shown()
            ));
        }
        if name.chars().count() > MAX_ENTITY_NAME_CHARS {
            return Err(format!(
                "the {what} cell has a name over {MAX_ENTITY_NAME_CHARS} characters: “{}”",
                shown()
            ));
        }
        if role.chars().count() > MAX_IMPORTED_ROLE_CHARS {
            return Err(format!(
                "the {what} cell has a role over {MAX_IMPORTED_ROLE_CHARS} characters: “{}”",
                shown()
            ));
        }
        let same = |(n, r): &(String, String)| {
            n.to_lowercase() == name.to_lowercase() && r.to_lowercase() == role.to_lowercase()
        };
        if !out.iter().any(same) {
            out.push((name.to_owned(), role.to_owned()));
        }
    }
    Ok(out)
}

/// Checks a uid a file gives.
///
/// # Errors
/// The message saying why it is not one.
pub fn checked_uid(text: &str) -> Result<Option<Uid>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > MAX_UID_CHARS || text.chars().any(char::is_control) {
        return Err(format!(
            "the uid is not an identifier (over {MAX_UID_CHARS} characters or with control characters)"
        ));
    }
    Ok(Some(Uid(text.to_owned())))
}

/// Checks a time zone a file gives.
///
/// # Errors
/// The message saying it is not an IANA name.
pub fn checked_time_zone(text: &str) -> Result<Option<String>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if crate::model::is_time_zone_name(text) {
        Ok(Some(text.to_owned()))
    } else {
        Err(format!(
            "“{text}” is not an IANA time zone name such as UTC or Asia/Seoul"
        ))
    }
}

/// The most distinct date cells [`rows_from_table`] remembers: a file's
/// rows mostly share a few hundred dates ("1914", "Sept 2023"), and a file
/// whose every date differs gains nothing from keeping them all.
const DATE_CACHE_ENTRIES: usize = 4096;

/// The dates already read, by their (date, start, end) cells: a date is
/// read from its text alone, so the same cells always give the same result.
type DateCache<'t> = HashMap<(&'t str, &'t str, &'t str), Result<(Date, String), String>>;

/// Reads the rows of a CSV table through a mapping. The mapping must pass
/// [`Mapping::check`].
#[must_use]
pub fn rows_from_table(table: &Table, mapping: &Mapping) -> Vec<Result<Row, RowError>> {
    let mut dates = DateCache::new();
    table
        .rows
        .iter()
        .map(|(line, record)| {
            row_from_record(mapping, record, &mut dates)
                .map_err(|message| RowError {
                    line: *line,
                    message,
                })
                .map(|mut row| {
                    row.line = *line;
                    row
                })
        })
        .collect()
}

fn row_from_record<'t>(
    mapping: &Mapping,
    record: &'t csv::StringRecord,
    dates: &mut DateCache<'t>,
) -> Result<Row, String> {
    let cell = |field: Field| -> Result<&'t str, String> {
        let Some(column) = mapping.column(field) else {
            return Ok("");
        };
        let text = record.get(column).unwrap_or("");
        if text.len() > super::table::MAX_CELL_BYTES {
            return Err(format!(
                "the {} cell is {} KB; cells over {} KB are not imported",
                field.name(),
                text.len() / 1024,
                super::table::MAX_CELL_BYTES / 1024
            ));
        }
        Ok(cell_text(text))
    };
    let title = cell(Field::Title)?;
    if title.is_empty() {
        return Err("the title is empty".to_owned());
    }
    let key = (cell(Field::Date)?, cell(Field::Start)?, cell(Field::End)?);
    let (date, date_text) = match dates.get(&key) {
        Some(known) => known.clone()?,
        None => {
            let read = row_date(key.0, key.1, key.2);
            if dates.len() < DATE_CACHE_ENTRIES {
                dates.insert(key, read.clone());
            }
            read?
        }
    };
    let given = Given {
        description: mapping.column(Field::Description).is_some(),
        track: mapping.column(Field::Track).is_some(),
        tags: mapping.column(Field::Tags).is_some(),
        time_zone: mapping.column(Field::TimeZone).is_some(),
    };
    let track = cell(Field::Track)?;
    let mut entities = Vec::new();
    for field in Field::ENTITIES {
        let Some(kind) = field.entity_kind() else {
            continue;
        };
        for (name, role) in split_entities(cell(field)?, field)? {
            entities.push(NamedRole { kind, name, role });
        }
    }
    Ok(Row {
        line: 0,
        uid: checked_uid(cell(Field::Uid)?)?,
        fields: EventFields {
            title: title.to_owned(),
            date,
            time_zone: checked_time_zone(cell(Field::TimeZone)?)?,
            description: cell(Field::Description)?.to_owned(),
            track: (!track.is_empty()).then(|| track.to_owned()),
            tags: split_tags(cell(Field::Tags)?),
        },
        given,
        date_text,
        entities,
    })
}

/// What importing a row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Adds an event.
    New,
    /// Changes the event with its uid.
    Updated,
    /// The event with its uid already has this content.
    Unchanged,
}

impl Status {
    /// The word the preview shows.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Updated => "updated",
            Self::Unchanged => "unchanged",
        }
    }
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Where it is in the file.
    pub line: u64,
    /// What importing it does.
    pub status: Status,
    /// Its uid, if the file gives one.
    pub uid: Option<Uid>,
    /// The event it updates or leaves unchanged.
    pub event: Option<EventId>,
    /// The event's fields after the import.
    pub fields: EventFields,
    /// The date as written in the file.
    pub date_text: String,
    /// For an update: the fields that change ("title", "date", …, and
    /// "people", "organisations", "places" when it adds roles).
    pub changed: Vec<&'static str>,
    /// The roles the import puts on the event (for an existing event, those
    /// it does not have yet).
    pub roles: Vec<PlannedRole>,
}

/// An entity's role on a planned row's event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRole {
    /// The entity: one the notebook has, or one the import adds.
    pub entity: RoleEntity,
    /// Its kind.
    pub kind: &'static str,
    /// Its name (the notebook's spelling when it has the entity).
    pub name: String,
    /// The role; empty for none.
    pub role: String,
}

impl PlannedRole {
    /// True when the import adds the entity.
    #[must_use]
    pub const fn is_new(&self) -> bool {
        matches!(self.entity, RoleEntity::New(_))
    }
}

/// "Vladimir Putin (host), Kim Jong-un (visitor, new)": a row's entities
/// as the previews show them.
#[must_use]
pub fn roles_text(roles: &[PlannedRole]) -> String {
    roles
        .iter()
        .map(|r| {
            let notes: Vec<&str> = [r.role.as_str(), if r.is_new() { "new" } else { "" }]
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect();
            if notes.is_empty() {
                r.name.clone()
            } else {
                format!("{} ({})", r.name, notes.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows and errors of a file, compared with a notebook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    /// The rows that can be imported, in file order.
    pub rows: Vec<Planned>,
    /// The rows that cannot, in file order.
    pub errors: Vec<RowError>,
    /// The entities the import adds (names no entity of their kind has),
    /// in the order the file first gives them.
    pub new_entities: Vec<EntityFields>,
}

/// How many rows of each kind a preview has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// New events.
    pub new: usize,
    /// Updated events.
    pub updated: usize,
    /// Rows already in the notebook as they are.
    pub unchanged: usize,
    /// Rows that cannot be imported.
    pub errors: usize,
}

fn lower_sorted(names: impl Iterator<Item = String>) -> Vec<String> {
    let mut names: Vec<String> = names.map(|n| n.trim().to_lowercase()).collect();
    names.retain(|n| !n.is_empty());
    names.sort();
    names.dedup();
    names
}

/// The fields that differ between two events' fields.
#[must_use]
pub fn differences(old: &EventFields, new: &EventFields) -> Vec<&'static str> {
    let mut changed = Vec::new();
    if old.title.trim() != new.title.trim() {
        changed.push("title");
    }
    if old.date.edtf() != new.date.edtf() {
        changed.push("date");
    }
    if old.description != new.description {
        changed.push("description");
    }
    let track = |t: &Option<String>| t.as_deref().map(str::trim).unwrap_or("").to_lowercase();
    if track(&old.track) != track(&new.track) {
        changed.push("track");
    }
    if lower_sorted(old.tags.iter().cloned()) != lower_sorted(new.tags.iter().cloned()) {
        changed.push("tags");
    }
    if old.time_zone != new.time_zone {
        changed.push("time zone");
    }
    changed
}

/// The entities of a notebook by kind and lower-case name or alias, and
/// those an import adds, for matching the names a file gives.
struct Cast<'a> {
    /// (kind, lower-case name or alias) → the entities that have it.
    known: HashMap<(&'a str, String), Vec<&'a Entity>>,
    /// (kind, lower-case name) → index in `new`.
    added: HashMap<(&'static str, String), usize>,
    new: Vec<EntityFields>,
}

impl<'a> Cast<'a> {
    fn new(notebook: &'a Notebook) -> Self {
        let mut known: HashMap<(&'a str, String), Vec<&'a Entity>> = HashMap::new();
        for entity in &notebook.entities.entities {
            let mut names: Vec<String> = entity.names().map(|n| n.trim().to_lowercase()).collect();
            names.sort();
            names.dedup();
            for name in names {
                known
                    .entry((entity.kind.as_str(), name))
                    .or_default()
                    .push(entity);
            }
        }
        Self {
            known,
            added: HashMap::new(),
            new: Vec::new(),
        }
    }

    /// Matches a row's names; a name two entities of its kind share is an
    /// error (which one is meant cannot be told). A name no entity has is
    /// [`RoleEntity::New`] with an index [`Cast::commit`] assigns.
    fn resolve(&self, named: &[NamedRole]) -> Result<Vec<PlannedRole>, String> {
        let mut roles: Vec<PlannedRole> = Vec::with_capacity(named.len());
        for n in named {
            let key = (n.kind, n.name.to_lowercase());
            let (entity, name) = match self.known.get(&key).map(Vec::as_slice) {
                Some([entity]) => (RoleEntity::Existing(entity.id), entity.name.clone()),
                Some(several) if several.len() > 1 => {
                    let names: Vec<&str> = several.iter().map(|e| e.name.as_str()).collect();
                    let kinds = match n.kind {
                        "person" => "people",
                        "organisation" => "organisations",
                        _ => "places",
                    };
                    return Err(format!(
                        "“{}” is the name or an alias of {} {kinds} ({}); write the name of one",
                        n.name,
                        several.len(),
                        names.join(", ")
                    ));
                }
                _ => (RoleEntity::New(0), n.name.clone()),
            };
            let planned = PlannedRole {
                entity,
                kind: n.kind,
                name,
                role: n.role.clone(),
            };
            // The same entity in the same role twice (a name and its
            // alias) is one role.
            if !roles.iter().any(|r| same_role(r, &planned)) {
                roles.push(planned);
            }
        }
        Ok(roles)
    }

    /// Keeps a row's roles: the names no entity has become new entities
    /// (once each, under the spelling first given).
    fn commit(&mut self, mut roles: Vec<PlannedRole>) -> Vec<PlannedRole> {
        for role in &mut roles {
            if let RoleEntity::New(_) = role.entity {
                let key = (role.kind, role.name.to_lowercase());
                let index = match self.added.get(&key) {
                    Some(i) => *i,
                    None => {
                        self.new
                            .push(EntityFields::new(role.kind, role.name.clone()));
                        self.added.insert(key, self.new.len() - 1);
                        self.new.len() - 1
                    }
                };
                role.entity = RoleEntity::New(index);
            }
        }
        roles
    }
}

/// True when two roles are the same entity in the same role (any case).
fn same_role(a: &PlannedRole, b: &PlannedRole) -> bool {
    let entity = match (a.entity, b.entity) {
        (RoleEntity::Existing(x), RoleEntity::Existing(y)) => x == y,
        (RoleEntity::New(_), RoleEntity::New(_)) => {
            a.kind == b.kind && a.name.to_lowercase() == b.name.to_lowercase()
        }
        _ => false,
    };
    entity && a.role.to_lowercase() == b.role.to_lowercase()
}

impl Preview {
    /// Compares rows with the notebook's events by uid. A uid given twice
    /// in the file is an error on its second row.
    #[must_use]
    pub fn plan(notebook: &Notebook, rows: Vec<Result<Row, RowError>>) -> Self {
        let by_uid: HashMap<&str, &Event> = notebook
            .events
            .iter()
            .map(|e| (e.uid.0.as_str(), &**e))
            .collect();
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut preview = Self::default();
        let mut cast = Cast::new(notebook);
        for row in rows {
            let row = match row {
                Ok(row) => row,
                Err(error) => {
                    preview.errors.push(error);
                    continue;
                }
            };
            if let Some(uid) = &row.uid {
                if let Some(first) = seen.get(&uid.0) {
                    preview.errors.push(RowError {
                        line: row.line,
                        message: format!("the uid “{uid}” is also on line {first}"),
                    });
                    continue;
                }
                seen.insert(uid.0.clone(), row.line);
            }
            let existing = row.uid.as_ref().and_then(|u| by_uid.get(u.0.as_str()));
            let mut roles = match cast.resolve(&row.entities) {
                Ok(roles) => roles,
                Err(message) => {
                    preview.errors.push(RowError {
                        line: row.line,
                        message,
                    });
                    continue;
                }
            };
            let planned = match existing {
                None => Planned {
                    line: row.line,
                    status: Status::New,
                    uid: row.uid,
                    event: None,
                    fields: row.fields,
                    date_text: row.date_text,
                    changed: Vec::new(),
                    roles: cast.commit(roles),
                },
                Some(event) => {
                    let old = EventFields::of(notebook, event);
                    let mut fields = row.fields;
                    if !row.given.description {
                        fields.description.clone_from(&old.description);
                    }
                    if !row.given.track {
                        fields.track.clone_from(&old.track);
                    }
                    if !row.given.tags {
                        fields.tags.clone_from(&old.tags);
                    }
                    if !row.given.time_zone {
                        fields.time_zone.clone_from(&old.time_zone);
                    }
                    let mut changed = differences(&old, &fields);
                    // Roles the event has already are not added again.
                    roles.retain(|r| match r.entity {
                        RoleEntity::Existing(id) => !notebook
                            .entities
                            .of_event(event.id)
                            .any(|i| i.entity == id && i.role.trim() == r.role.trim()),
                        RoleEntity::New(_) => true,
                    });
                    for field in Field::ENTITIES {
                        if roles.iter().any(|r| Some(r.kind) == field.entity_kind()) {
                            changed.push(field.name());
                        }
                    }
                    Planned {
                        line: row.line,
                        status: if changed.is_empty() {
                            Status::Unchanged
                        } else {
                            Status::Updated
                        },
                        uid: row.uid,
                        event: Some(event.id),
                        fields,
                        date_text: row.date_text,
                        changed,
                        roles: cast.commit(roles),
                    }
                }
            };
            preview.rows.push(planned);
        }
        preview.new_entities = cast.new;
        preview
    }

    /// "adds 2 entities: Kim Jong-un (person), Vostochny (place)", or
    /// `None` when the import adds none; at most `shown` names are listed.
    #[must_use]
    pub fn entities_summary(&self, shown: usize) -> Option<String> {
        let n = self.new_entities.len();
        if n == 0 {
            return None;
        }
        let mut names: Vec<String> = self
            .new_entities
            .iter()
            .take(shown)
            .map(|e| format!("{} ({})", e.name, e.kind))
            .collect();
        if n > shown {
            names.push(format!("and {} more", n - shown));
        }
        Some(format!(
            "adds {n} {}: {}",
            if n == 1 { "entity" } else { "entities" },
            names.join(", ")
        ))
    }

    /// How many rows of each kind.
    #[must_use]
    pub fn counts(&self) -> Counts {
        let of = |s: Status| self.rows.iter().filter(|r| r.status == s).count();
        Counts {
            new: of(Status::New),
            updated: of(Status::Updated),
            unchanged: of(Status::Unchanged),
            errors: self.errors.len(),
        }
    }

    /// "12 new, 3 updated, 2 unchanged, 1 error".
    #[must_use]
    pub fn summary(&self) -> String {
        let c = self.counts();
        format!(
            "{} new, {} updated, {} unchanged, {} error{}",
            c.new,
            c.updated,
            c.unchanged,
            c.errors,
            if c.errors == 1 { "" } else { "s" }
        )
    }

    /// The action that imports the rows (errors left out), named after
    /// `from` (the file's name).
    #[must_use]
    pub fn import(&self, from: &str) -> EventImport {
        let mut import = EventImport {
            from: from.to_owned(),
            ..EventImport::default()
        };
        for row in &self.rows {
            let event = match (row.status, row.event) {
                (Status::New, _) => {
                    import.new.push(ImportedEvent {
                        uid: row.uid.clone(),
                        fields: row.fields.clone(),
                    });
                    RoleEvent::New(import.new.len() - 1)
                }
                (Status::Updated, Some(id)) => {
                    import.updates.push((id, row.fields.clone()));
                    RoleEvent::Existing(id)
                }
                _ => continue,
            };
            import.roles.extend(row.roles.iter().map(|r| ImportedRole {
                event,
                entity: r.entity,
                role: r.role.clone(),
            }));
        }
        // Every one is named by a kept row: a row left out as invalid
        // commits none (see `Preview::plan`).
        import.entities.clone_from(&self.new_entities);
        import
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::read_table;
    use crate::model::EntityId;

    fn rows(csv: &str) -> Vec<Result<Row, RowError>> {
        let table = read_table(csv.as_bytes()).unwrap();
        let mapping = Mapping::guess(&table.headers);
        mapping.check().unwrap();
        rows_from_table(&table, &mapping)
    }

    #[test]
    fn dates_in_mixed_forms_are_read_like_the_date_field() {
        let read = rows("title,date\nA,Sept 2023\nB,2023-09-13\nC,c. 1850\nD,Smarch 2023\nE,\n");
        let dates: Vec<Result<String, u64>> = read
            .iter()
            .map(|r| match r {
                Ok(row) => Ok(row.fields.date.edtf().to_owned()),
                Err(e) => Err(e.line),
            })
            .collect();
        assert_eq!(
            dates,
            vec![
                Ok("2023-09".to_owned()),
                Ok("2023-09-13".to_owned()),
                Ok("1850~".to_owned()),
                Err(5),
                Err(6)
            ]
        );
        let Err(error) = &read[3] else { panic!() };
        assert!(error.message.contains("Smarch 2023"), "{}", error.message);
    }

    #[test]
    fn start_and_end_become_an_interval() {
        let read = rows(
            "title,start,end\nWar,1914,Nov 1918\nVisit,2024-06-18,\nBad,2020,2010\nX,1914–1918,1920\n",
        );
        assert_eq!(read[0].as_ref().unwrap().fields.date.edtf(), "1914/1918-11");
        assert_eq!(read[1].as_ref().unwrap().fields.date.edtf(), "2024-06-18");
        assert!(read[2].as_ref().unwrap_err().message.contains("before"));
        assert!(read[3].as_ref().unwrap_err().message.contains("range"));
    }

    #[test]
    fn tracks_tags_and_formula_cells_are_text() {
        let read = rows(
            "Headline,When,Group,Keywords,Notes\n=cmd|' /C calc'!A0,2023,Дипломатия,\"a; b;;a\",'=1+1\n",
        );
        let row = read[0].as_ref().unwrap();
        assert_eq!(row.fields.title, "=cmd|' /C calc'!A0");
        assert_eq!(row.fields.track.as_deref(), Some("Дипломатия"));
        assert_eq!(row.fields.tags, vec!["a", "b", "a"]);
        assert_eq!(row.fields.description, "=1+1");
    }

    #[test]
    fn huge_cells_and_bad_zones_are_row_errors() {
        let big = "x".repeat(crate::import::table::MAX_CELL_BYTES + 1);
        let read = rows(&format!(
            "title,date,description,tz\nA,2023,{big},\nB,2023,,mars base\n"
        ));
        assert!(read[0].as_ref().unwrap_err().message.contains("KB"));
        assert!(read[1].as_ref().unwrap_err().message.contains("mars base"));
    }

    fn notebook_with(uid: &str, title: &str, description: &str) -> Notebook {
        let mut notebook = Notebook::default();
        notebook.events.push(Box::new(Event {
            id: EventId(7),
            uid: Uid(uid.to_owned()),
            title: title.to_owned(),
            date: Date::parse("2023-09").unwrap(),
            time_zone: None,
            description: description.to_owned(),
            track: None,
            tags: Vec::new(),
            excerpts: Vec::new(),
        }));
        notebook.reindex();
        notebook
    }

    #[test]
    fn rows_are_matched_by_uid() {
        let notebook = notebook_with("u-1", "Summit", "kept");
        let preview = Preview::plan(
            &notebook,
            rows(
                "uid,title,date\nu-1,Summit,Sept 2023\nu-1,Again,2023\n,Launch,2023-11\nu-2,Other,2024\nu-3,X,never\n",
            ),
        );
        let statuses: Vec<(u64, Status)> =
            preview.rows.iter().map(|r| (r.line, r.status)).collect();
        assert_eq!(
            statuses,
            vec![(2, Status::Unchanged), (4, Status::New), (5, Status::New)]
        );
        assert_eq!(
            preview.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![3, 6]
        );
        assert_eq!(preview.summary(), "2 new, 0 updated, 1 unchanged, 2 errors");
        // The description column is absent: the event's stays.
        let preview = Preview::plan(
            &notebook,
            rows("uid,title,date\nu-1,Summit in Vostochny,2023-09\n"),
        );
        assert_eq!(preview.rows[0].status, Status::Updated);
        assert_eq!(preview.rows[0].changed, vec!["title"]);
        assert_eq!(preview.rows[0].fields.description, "kept");
        let import = preview.import("x.csv");
        assert_eq!(import.updates.len(), 1);
        assert!(import.new.is_empty());
    }

    #[test]
    fn entity_cells_split_into_names_and_roles() {
        let people = |cell: &str| split_entities(cell, Field::People);
        assert_eq!(
            people("Vladimir Putin (host); Kim Jong-un (visitor);").unwrap(),
            vec![
                ("Vladimir Putin".to_owned(), "host".to_owned()),
                ("Kim Jong-un".to_owned(), "visitor".to_owned())
            ]
        );
        assert_eq!(
            people(" 김정은 ; Путин (хозяин) ; 普京; محمد بن سلمان (guest) ; путин (ХОЗЯИН)")
                .unwrap(),
            vec![
                ("김정은".to_owned(), String::new()),
                ("Путин".to_owned(), "хозяин".to_owned()),
                ("普京".to_owned(), String::new()),
                ("محمد بن سلمان".to_owned(), "guest".to_owned()),
            ]
        );
        assert_eq!(
            people("Sergei Shoigu (minister (defence))").unwrap(),
            vec![("Sergei Shoigu".to_owned(), "minister (defence)".to_owned())]
        );
        assert!(people("").unwrap().is_empty());
        for (cell, says) in [
            ("Vladimir Putin (host", "unclosed parenthesis"),
            ("Putin; ; Kim", "empty name"),
            ("(host)", "role without a name"),
            ("Putin host)", "no “(” opens"),
            ("Putin (host) extra", "text after"),
            ("Putin\u{7}", "control character"),
        ] {
            let error = people(cell).unwrap_err();
            assert!(error.contains(says), "{cell}: {error}");
            assert!(error.starts_with("the people cell"), "{error}");
            assert!(!error.contains('\n'), "one line: {error}");
        }
    }

    #[test]
    fn entity_cells_are_bounded() {
        let many = vec!["Kim"; 100_000].join(";");
        let error = split_entities(&many, Field::Places).unwrap_err();
        assert!(error.contains("100000 names"), "{error}");
        assert!(error.contains(&MAX_NAMES_PER_CELL.to_string()), "{error}");
        let just = vec!["Kim"; MAX_NAMES_PER_CELL].join(";");
        assert_eq!(split_entities(&just, Field::Places).unwrap().len(), 1);
        let long = "Я".repeat(MAX_ENTITY_NAME_CHARS + 1);
        assert!(
            split_entities(&long, Field::People)
                .unwrap_err()
                .contains("over 200")
        );
        let role = format!("Putin ({})", "r".repeat(MAX_IMPORTED_ROLE_CHARS + 1));
        assert!(
            split_entities(&role, Field::People)
                .unwrap_err()
                .contains("role over")
        );
    }

    fn notebook_with_cast() -> Notebook {
        use crate::model::entity::{Entities, Entity};
        let entity = |id: i64, kind: &str, name: &str, aliases: &[&str]| Entity {
            id: EntityId(id),
            uid: Uid(format!("e{id}")),
            kind: kind.to_owned(),
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            description: String::new(),
            dates: None,
            notes: String::new(),
            coordinates: None,
        };
        let mut notebook = notebook_with("u-1", "Summit", "");
        notebook.entities = Entities::new(
            vec![
                entity(1, "person", "Vladimir Putin", &["Путин"]),
                entity(2, "person", "Kim Jong-un", &["김정은", "Kim"]),
                entity(3, "person", "Kim Yo-jong", &["Kim"]),
                // A place of the same name is another entity.
                entity(4, "place", "Vladimir Putin", &[]),
            ],
            vec![crate::model::entity::Involvement {
                event: EventId(7),
                entity: EntityId(1),
                role: "host".to_owned(),
                excerpt: None,
            }],
            Vec::new(),
            Vec::new(),
        );
        notebook
    }

    #[test]
    fn names_match_entities_of_their_kind_by_name_or_alias_in_any_case() {
        let notebook = notebook_with_cast();
        let preview = Preview::plan(
            &notebook,
            rows(
                "title,date,who,where,org\n\
                 A,2023,ПУТИН (host); 김정은 (visitor); kim jong-UN (visitor),Vostochny,\n\
                 B,2023,Kim,,\n\
                 C,2024,Мохаммед (guest); 习近平,vostochny (location),КНДР (host)\n\
                 D,2024,Bad (host,,\n",
            ),
        );
        let a = &preview.rows[0];
        let roles: Vec<(RoleEntity, &str)> = a
            .roles
            .iter()
            .map(|r| (r.entity, r.role.as_str()))
            .collect();
        assert_eq!(
            roles,
            vec![
                (RoleEntity::Existing(EntityId(1)), "host"),
                // The name and the alias of one entity in one role: once.
                (RoleEntity::Existing(EntityId(2)), "visitor"),
                (RoleEntity::New(0), "")
            ]
        );
        // The notebook's spelling is shown.
        assert_eq!(a.roles[0].name, "Vladimir Putin");
        assert_eq!(
            roles_text(&a.roles),
            "Vladimir Putin (host), Kim Jong-un (visitor), Vostochny (new)"
        );
        // "Kim" is two people: which one cannot be told.
        assert_eq!(preview.errors.len(), 2);
        assert_eq!(preview.errors[0].line, 3);
        assert!(
            preview.errors[0]
                .message
                .contains("Kim Jong-un, Kim Yo-jong"),
            "{}",
            preview.errors[0].message
        );
        assert_eq!(preview.errors[1].line, 5);
        assert!(preview.errors[1].message.contains("unclosed"));
        // A new name is one entity however many rows and cases give it.
        let c = &preview.rows[1];
        assert_eq!(
            c.roles
                .iter()
                .filter(|r| r.kind == "place")
                .map(|r| r.entity)
                .collect::<Vec<_>>(),
            vec![RoleEntity::New(0)]
        );
        let names: Vec<(&str, &str)> = preview
            .new_entities
            .iter()
            .map(|e| (e.kind.as_str(), e.name.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("place", "Vostochny"),
                ("person", "Мохаммед"),
                ("person", "习近平"),
                ("organisation", "КНДР"),
            ]
        );
        assert_eq!(
            preview.entities_summary(2).unwrap(),
            "adds 4 entities: Vostochny (place), Мохаммед (person), and 2 more"
        );
        let import = preview.import("x.csv");
        assert_eq!(import.entities.len(), 4);
        assert_eq!(import.roles.len(), 3 + 4);
        assert!(
            import
                .roles
                .iter()
                .all(|r| matches!(r.event, RoleEvent::New(0 | 1)))
        );
    }

    #[test]
    fn an_update_adds_only_the_roles_the_event_lacks() {
        let notebook = notebook_with_cast();
        // Same content, and Putin already host: unchanged.
        let preview = Preview::plan(
            &notebook,
            rows("uid,title,date,people\nu-1,Summit,2023-09,Путин (host)\n"),
        );
        assert_eq!(preview.rows[0].status, Status::Unchanged);
        assert!(preview.rows[0].roles.is_empty());
        assert!(preview.import("x").roles.is_empty());
        // A new role is an update of the people.
        let preview = Preview::plan(
            &notebook,
            rows("uid,title,date,people\nu-1,Summit,2023-09,Путин (host); Kim Jong-un (visitor)\n"),
        );
        assert_eq!(preview.rows[0].status, Status::Updated);
        assert_eq!(preview.rows[0].changed, vec!["people"]);
        let import = preview.import("x");
        assert_eq!(
            import.roles,
            vec![ImportedRole {
                event: RoleEvent::Existing(EventId(7)),
                entity: RoleEntity::Existing(EntityId(2)),
                role: "visitor".to_owned()
            }]
        );
        assert_eq!(import.updates.len(), 1);
    }

    #[test]
    fn an_invalid_row_adds_no_entity() {
        let notebook = notebook_with_cast();
        let preview = Preview::plan(
            &notebook,
            rows("title,date,people\nA,never,Nobody New\nB,2023,Someone (x)\n"),
        );
        assert_eq!(preview.errors.len(), 1);
        let names: Vec<&str> = preview
            .new_entities
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, vec!["Someone"]);
    }
}
