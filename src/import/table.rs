//! A CSV file of events read as a table, and the mapping of its columns to
//! event fields.
//!
//! The bytes are decoded as sources are ([`super::decode`]: a byte-order
//! mark, else UTF-8, else Windows-1252), the delimiter is sniffed from the
//! header line (comma, semicolon or tab, outside quotes), and the records are
//! read by the `csv` crate (RFC 4180 quoting, rows of any width). Nothing is
//! evaluated: a cell that a spreadsheet would run as a formula is text
//! here. Limits keep a hostile file bounded: [`MAX_FILE_BYTES`] in all,
//! [`MAX_COLUMNS`] columns, [`MAX_CELL_BYTES`] in one cell.

use super::{ImportError, decode};

/// The largest file any importer reads (the limit): beyond it a
/// notebook would be the wrong tool, and memory stays bounded.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// The most columns a CSV may have: a spreadsheet of events has a dozen;
/// thousands mean the delimiter was misread or the file is not a table.
pub const MAX_COLUMNS: usize = 1000;

/// The longest cell, in bytes: a description of a megabyte is already a
/// source, not an event; a longer cell is refused with its row.
pub const MAX_CELL_BYTES: usize = 1024 * 1024;

/// Delimiters the sniffer chooses from, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// What a column becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The event's title.
    Title,
    /// Its date, in any form the date field reads.
    Date,
    /// The start of an interval (with [`Field::End`]).
    Start,
    /// The end of an interval.
    End,
    /// Its track (a "group" in TimelineJS).
    Track,
    /// Its tags, separated by `;` (or `,` when there is no `;`).
    Tags,
    /// Its description.
    Description,
    /// Its uid: a row whose uid the notebook knows updates that event.
    Uid,
    /// The IANA time zone of its time of day.
    TimeZone,
    /// People on it: names separated by `;`, each optionally with a role
    /// in parentheses ("Vladimir Putin (host); Kim Jong-un (visitor)").
    People,
    /// Organisations on it, written as [`Field::People`].
    Organisations,
    /// Places of it, written as [`Field::People`].
    Places,
    /// Not imported.
    Ignore,
}

impl Field {
    /// Every field, in the order the mapping step lists them.
    pub const ALL: [Self; 13] = [
        Self::Title,
        Self::Date,
        Self::Start,
        Self::End,
        Self::Track,
        Self::Tags,
        Self::Description,
        Self::Uid,
        Self::TimeZone,
        Self::People,
        Self::Organisations,
        Self::Places,
        Self::Ignore,
    ];

    /// The fields that name entities, in the order a row's entities are
    /// read.
    pub const ENTITIES: [Self; 3] = [Self::People, Self::Organisations, Self::Places];

    /// The kind of the entities a column of this field names, as stored
    /// (`person`, `organisation`, `place`); `None` for the other fields.
    #[must_use]
    pub const fn entity_kind(self) -> Option<&'static str> {
        match self {
            Self::People => Some("person"),
            Self::Organisations => Some("organisation"),
            Self::Places => Some("place"),
            _ => None,
        }
    }

    /// The name `--map COLUMN=FIELD` takes.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Date => "date",
            Self::Start => "start",
            Self::End => "end",
            Self::Track => "track",
            Self::Tags => "tags",
            Self::Description => "description",
            Self::Uid => "uid",
            Self::TimeZone => "time_zone",
            Self::People => "people",
            Self::Organisations => "organisations",
            Self::Places => "places",
            Self::Ignore => "ignore",
        }
    }

    /// The field of this name (`group` is read as track; the entity
    /// fields also by their kind, singular or plural, and the American
    /// spelling: `person`, `organization`, `place`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().to_lowercase();
        match name.as_str() {
            "group" => return Some(Self::Track),
            "person" | "persons" => return Some(Self::People),
            "organisation" | "organization" | "organizations" => {
                return Some(Self::Organisations);
            }
            "place" => return Some(Self::Places),
            _ => {}
        }
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The field a header names, if it is one Annals recognises.
    #[must_use]
    pub fn guess(header: &str) -> Option<Self> {
        let h: String = header
            .trim()
            .trim_start_matches('\u{feff}')
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect();
        Some(match h.as_str() {
            "title" | "headline" | "name" | "event" | "summary" | "what" => Self::Title,
            "date" | "when" | "edtf" => Self::Date,
            "start" | "start_date" | "from" | "begin" | "began" | "starts" => Self::Start,
            "end" | "end_date" | "to" | "until" | "ended" | "ends" => Self::End,
            "track" | "group" | "lane" | "category" => Self::Track,
            "tags" | "tag" | "keywords" | "labels" => Self::Tags,
            "description" | "text" | "notes" | "details" | "body" | "comment" => Self::Description,
            "uid" | "id" | "uuid" | "identifier" => Self::Uid,
            "time_zone" | "timezone" | "tz" | "zone" => Self::TimeZone,
            "people" | "person" | "persons" | "who" | "participants" => Self::People,
            "organisation" | "organisations" | "organization" | "organizations" | "org"
            | "orgs" => Self::Organisations,
            "place" | "places" | "location" | "locations" | "where" => Self::Places,
            _ => return None,
        })
    }
}

/// A CSV file as read: its header and its records.
#[derive(Debug, Clone)]
pub struct Table {
    /// The header row's cells.
    pub headers: Vec<String>,
    /// The records after the header, each with the line it starts on.
    pub rows: Vec<(u64, csv::StringRecord)>,
    /// The delimiter found.
    pub delimiter: u8,
    /// The encoding the bytes were decoded from.
    pub encoding: String,
    /// A note for the user when the text was not plain UTF-8.
    pub notice: Option<String>,
}

/// Which column (by index) holds what; a column maps to one field at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// The field of each column, by index.
    pub columns: Vec<Field>,
}

impl Mapping {
    /// The mapping guessed from the headers: each recognised header maps to
    /// its field (the first of several that name one field wins), the rest
    /// are ignored.
    #[must_use]
    pub fn guess(headers: &[String]) -> Self {
        let mut columns: Vec<Field> = Vec::with_capacity(headers.len());
        for header in headers {
            let field = Field::guess(header)
                .filter(|f| !columns.contains(f))
                .unwrap_or(Field::Ignore);
            columns.push(field);
        }
        Self { columns }
    }

    /// The column mapped to `field`, if any.
    #[must_use]
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == field)
    }

    /// Maps a column, named by its header (case-insensitive) or by its
    /// 1-based number, to a field; the column that had that field before
    /// is ignored from now on.
    ///
    /// # Errors
    /// A message naming the column or field that does not exist.
    pub fn set(&mut self, headers: &[String], column: &str, field: &str) -> Result<(), String> {
        let field = Field::from_name(field).ok_or_else(|| {
            let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
            format!("“{field}” is not a field; use one of {}", names.join(", "))
        })?;
        let wanted = column.trim();
        let index = headers
            .iter()
            .position(|h| h.trim().to_lowercase() == wanted.to_lowercase())
            .or_else(|| {
                wanted
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=headers.len()).contains(n))
                    .map(|n| n - 1)
            })
            .ok_or_else(|| {
                format!(
                    "the file has no column “{wanted}”; its columns are {}",
                    headers
                        .iter()
                        .map(|h| format!("“{h}”"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
        if field != Field::Ignore {
            for f in &mut self.columns {
                if *f == field {
                    *f = Field::Ignore;
                }
            }
        }
        if let Some(slot) = self.columns.get_mut(index) {
            *slot = field;
        }
        Ok(())
    }

    /// What is missing for rows to be read: a title and a date (or a start).
    ///
    /// # Errors
    /// The message saying which.
    pub fn check(&self) -> Result<(), String> {
        if self.column(Field::Title).is_none() {
            return Err(
                "no column is mapped to the title (name one with --map COLUMN=title)".to_owned(),
            );
        }
        if self.column(Field::Date).is_none() && self.column(Field::Start).is_none() {
            return Err(
                "no column is mapped to the date (name one with --map COLUMN=date, or start and end)"
                    .to_owned(),
            );
        }
        if self.column(Field::End).is_some() && self.column(Field::Start).is_none() {
            return Err("an end column needs a start column (--map COLUMN=start)".to_owned());
        }
        Ok(())
    }
}

/// The delimiter of a CSV text: of comma, semicolon and tab, the one that
/// occurs most often outside quotes in the first line (a comma on a tie or
/// when none occurs).
#[must_use]
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut quoted = false;
    for byte in text.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = DELIMITERS.iter().position(|d| *d == byte) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..DELIMITERS.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    DELIMITERS[best]
}

/// Reads a CSV file's bytes as a table.
///
/// # Errors
/// [`ImportError`] for an empty, binary, oversized or malformed file.
pub fn read_table(bytes: &[u8]) -> Result<Table, ImportError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let decoded = decode(bytes)?;
    let delimiter = sniff_delimiter(&decoded.text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(decoded.text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(header)) => header.iter().map(|h| h.trim().to_owned()).collect(),
        Some(Err(e)) => return Err(malformed(&e)),
        None => return Err(ImportError::Empty),
    };
    if headers.len() > MAX_COLUMNS {
        return Err(ImportError::Malformed(format!(
            "the header has {} columns; at most {MAX_COLUMNS} are read",
            headers.len()
        )));
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| malformed(&e))?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() > MAX_COLUMNS {
            return Err(ImportError::Malformed(format!(
                "line {line} has {} cells; at most {MAX_COLUMNS} are read",
                record.len()
            )));
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push((line, record));
    }
    Ok(Table {
        headers,
        rows,
        delimiter,
        encoding: decoded.encoding,
        notice: decoded.notice,
    })
}

fn malformed(error: &csv::Error) -> ImportError {
    let line = error.position().map(csv::Position::line);
    ImportError::Malformed(match line {
        Some(line) => format!("line {line} cannot be read as CSV"),
        None => "the file cannot be read as CSV".to_owned(),
    })
}

/// A cell as text: trimmed, with the apostrophe Annals' own CSV export puts
/// before a cell a spreadsheet would run as a formula taken off again.
#[must_use]
pub fn cell_text(cell: &str) -> &str {
    let cell = cell.trim();
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter("title,date\nA,2023"), b',');
        assert_eq!(sniff_delimiter("title;date;track\nA;2023;x"), b';');
        assert_eq!(sniff_delimiter("title\tdate\nA\t2023"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b;c\",date\n"), b',');
        assert_eq!(sniff_delimiter("title\n"), b',');
    }

    #[test]
    fn headers_are_guessed_and_the_first_of_a_kind_wins() {
        let headers: Vec<String> = ["Headline", "Start Date", "End-Date", "Group", "Date", "x"]
            .map(str::to_owned)
            .to_vec();
        let mapping = Mapping::guess(&headers);
        assert_eq!(
            mapping.columns,
            vec![
                Field::Title,
                Field::Start,
                Field::End,
                Field::Track,
                Field::Date,
                Field::Ignore
            ]
        );
        assert!(mapping.check().is_ok());
    }

    #[test]
    fn entity_columns_are_guessed_and_named() {
        let headers: Vec<String> = ["Title", "Date", "Who", "Org", "Where", "People"]
            .map(str::to_owned)
            .to_vec();
        let mapping = Mapping::guess(&headers);
        assert_eq!(
            mapping.columns,
            vec![
                Field::Title,
                Field::Date,
                Field::People,
                Field::Organisations,
                Field::Places,
                // The first column of a field wins.
                Field::Ignore
            ]
        );
        for (header, field) in [
            ("Persons", Field::People),
            ("Organisation", Field::Organisations),
            ("Location", Field::Places),
            ("Place", Field::Places),
        ] {
            assert_eq!(Field::guess(header), Some(field), "{header}");
        }
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
        assert_eq!(Field::from_name("Organization"), Some(Field::Organisations));
        assert_eq!(Field::from_name("person"), Some(Field::People));
        assert_eq!(Field::People.entity_kind(), Some("person"));
        assert_eq!(Field::Places.entity_kind(), Some("place"));
        assert_eq!(Field::Tags.entity_kind(), None);
    }

    #[test]
    fn a_mapping_is_changed_by_header_or_number() {
        let headers: Vec<String> = ["Что", "Когда"].map(str::to_owned).to_vec();
        let mut mapping = Mapping::guess(&headers);
        assert!(mapping.check().is_err());
        mapping.set(&headers, "что", "title").unwrap();
        mapping.set(&headers, "2", "date").unwrap();
        assert_eq!(mapping.columns, vec![Field::Title, Field::Date]);
        mapping.set(&headers, "Когда", "title").unwrap();
        assert_eq!(mapping.columns, vec![Field::Ignore, Field::Title]);
        assert!(mapping.set(&headers, "nope", "title").is_err());
        assert!(mapping.set(&headers, "1", "colour").is_err());
        assert!(mapping.set(&headers, "3", "title").is_err());
    }

    #[test]
    fn a_table_keeps_line_numbers_and_skips_blank_rows() {
        let table =
            read_table("title;date\n\"Визит\nдва\";2023\n;\n普京;2024\n".as_bytes()).unwrap();
        assert_eq!(table.delimiter, b';');
        assert_eq!(table.headers, vec!["title", "date"]);
        let lines: Vec<u64> = table.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![2, 5]);
        assert_eq!(&table.rows[0].1[0], "Визит\nдва");
    }

    #[test]
    fn windows_1252_and_a_bom_are_decoded() {
        let table = read_table(b"title,date\nCaf\xe9,2023\n").unwrap();
        assert_eq!(&table.rows[0].1[0], "Café");
        assert_eq!(table.encoding, "windows-1252");
        let table = read_table("\u{feff}title,date\nx,2023\n".as_bytes()).unwrap();
        assert_eq!(table.headers[0], "title");
    }

    #[test]
    fn hostile_tables_are_refused() {
        assert!(matches!(read_table(b""), Err(ImportError::Empty)));
        assert!(matches!(
            read_table(b"title\0,date\n"),
            Err(ImportError::Binary)
        ));
        let wide = vec!["c"; MAX_COLUMNS + 1].join(",");
        assert!(matches!(
            read_table(wide.as_bytes()),
            Err(ImportError::Malformed(_))
        ));
    }

    #[test]
    fn the_exports_formula_guard_comes_off() {
        assert_eq!(cell_text("'=1+2"), "=1+2");
        assert_eq!(cell_text("'quoted'"), "'quoted'");
        assert_eq!(cell_text(" =HYPERLINK(\"x\") "), "=HYPERLINK(\"x\")");
    }
}
