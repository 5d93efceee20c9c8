//! Events from a file, checked row by row and compared with the notebook:
//! the preview an import shows ("12 new, 3 updated, 2 unchanged, 1 error")
//! and the one action it applies.
//!
//! Every reader (CSV, JSON, TimelineJS) produces [`Row`]s or [`RowError`]s;
//! [`Preview::plan`] matches rows to the notebook's events by uid. A row
//! whose uid the notebook knows updates that event, with the fields the file
//! gives (a file without a description column leaves descriptions as they
//! are); one with the same content is unchanged; any other row is new.

use std::collections::HashMap;

use super::table::{Field, Mapping, Table, cell_text};
use crate::action::{EventFields, EventImport, ImportedEvent};
use crate::model::date::Date;
use crate::model::{Event, EventId, Notebook, Uid};

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

/// Reads the rows of a CSV table through a mapping. The mapping must pass
/// [`Mapping::check`].
#[must_use]
pub fn rows_from_table(table: &Table, mapping: &Mapping) -> Vec<Result<Row, RowError>> {
    table
        .rows
        .iter()
        .map(|(line, record)| {
            row_from_record(mapping, record)
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

fn row_from_record(mapping: &Mapping, record: &csv::StringRecord) -> Result<Row, String> {
    let cell = |field: Field| -> Result<&str, String> {
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
    let (date, date_text) = row_date(cell(Field::Date)?, cell(Field::Start)?, cell(Field::End)?)?;
    let given = Given {
        description: mapping.column(Field::Description).is_some(),
        track: mapping.column(Field::Track).is_some(),
        tags: mapping.column(Field::Tags).is_some(),
        time_zone: mapping.column(Field::TimeZone).is_some(),
    };
    let track = cell(Field::Track)?;
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
    /// For an update: the fields that change ("title", "date", …).
    pub changed: Vec<&'static str>,
}

/// The rows and errors of a file, compared with a notebook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    /// The rows that can be imported, in file order.
    pub rows: Vec<Planned>,
    /// The rows that cannot, in file order.
    pub errors: Vec<RowError>,
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

impl Preview {
    /// Compares rows with the notebook's events by uid. A uid given twice
    /// in the file is an error on its second row.
    #[must_use]
    pub fn plan(notebook: &Notebook, rows: Vec<Result<Row, RowError>>) -> Self {
        let by_uid: HashMap<&str, &Event> = notebook
            .events
            .iter()
            .map(|e| (e.uid.0.as_str(), e))
            .collect();
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut preview = Self::default();
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
            let planned = match existing {
                None => Planned {
                    line: row.line,
                    status: Status::New,
                    uid: row.uid,
                    event: None,
                    fields: row.fields,
                    date_text: row.date_text,
                    changed: Vec::new(),
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
                    let changed = differences(&old, &fields);
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
                    }
                }
            };
            preview.rows.push(planned);
        }
        preview
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
            match (row.status, row.event) {
                (Status::New, _) => import.new.push(ImportedEvent {
                    uid: row.uid.clone(),
                    fields: row.fields.clone(),
                }),
                (Status::Updated, Some(id)) => import.updates.push((id, row.fields.clone())),
                _ => {}
            }
        }
        import
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::read_table;

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
        notebook.events.push(Event {
            id: EventId(7),
            uid: Uid(uid.to_owned()),
            title: title.to_owned(),
            date: Date::parse("2023-09").unwrap(),
            time_zone: None,
            description: description.to_owned(),
            track: None,
            tags: Vec::new(),
            excerpts: Vec::new(),
        });
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
}
