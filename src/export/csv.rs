//! One row per event for spreadsheets: RFC 4180 through the `csv` crate,
//! UTF-8 (with a byte-order mark for Excel) with a header row, and no cell a spreadsheet would run as a
//! formula (see [`super::text::csv_cell`]).

use std::io::Write;

use super::text::csv_cell;
use super::{ExportResult, Job, Writer};
use crate::model::{Event, Notebook};

/// Writes the events CSV.
pub struct CsvWriter;

/// The UTF-8 byte-order mark the file starts with: without it Excel reads
/// UTF-8 as the system's legacy code page and garbles every non-Latin
/// title; the `csv` crate, pandas and LibreOffice skip it.
pub const BYTE_ORDER_MARK: &[u8] = "\u{feff}".as_bytes();

/// The header row: the column names are part of the contract (README).
pub const HEADER: [&str; 12] = [
    "uid",
    "date",
    "display",
    "earliest",
    "latest",
    "precision",
    "title",
    "track",
    "tags",
    "description",
    "quotes",
    "source_uids",
];

/// Separates tags within the `tags` cell.
pub const TAG_SEPARATOR: &str = "; ";
/// Separates quotes (and source uids) within their cells: a blank line,
/// which quotes rarely hold and spreadsheets show as a paragraph break.
pub const QUOTE_SEPARATOR: &str = "\n\n";

/// The cells of one event's row, before formula defusing.
#[must_use]
pub fn row(notebook: &Notebook, event: &Event) -> [String; 12] {
    let bounds = event.date.bounds();
    let excerpts: Vec<_> = event
        .excerpts
        .iter()
        .filter_map(|x| notebook.excerpt(*x))
        .collect();
    let mut source_uids: Vec<&str> = Vec::new();
    for excerpt in &excerpts {
        if let Some(source) = notebook.source(excerpt.source)
            && !source_uids.contains(&source.uid.0.as_str())
        {
            source_uids.push(&source.uid.0);
        }
    }
    [
        event.uid.0.clone(),
        event.date.edtf().to_owned(),
        event.date.display(),
        bounds.earliest.iso(),
        bounds.latest.iso(),
        event.date.precision().name().to_owned(),
        event.title.clone(),
        event
            .track
            .and_then(|t| notebook.track(t))
            .map(|t| t.name.clone())
            .unwrap_or_default(),
        event
            .tags
            .iter()
            .filter_map(|t| notebook.tag(*t))
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(TAG_SEPARATOR),
        event.description.clone(),
        excerpts
            .iter()
            .map(|x| x.quote.as_str())
            .collect::<Vec<_>>()
            .join(QUOTE_SEPARATOR),
        source_uids.join(QUOTE_SEPARATOR),
    ]
}

impl Writer for CsvWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        out.write_all(BYTE_ORDER_MARK)?;
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(out);
        let csv_error = |e: ::csv::Error| -> super::ExportError {
            match e.into_kind() {
                ::csv::ErrorKind::Io(io) => io.into(),
                other => super::ExportError::Invalid(format!("cannot write the CSV: {other:?}")),
            }
        };
        w.write_record(HEADER).map_err(csv_error)?;
        for (i, event) in job.events.iter().enumerate() {
            let cells = row(job.notebook, event);
            w.write_record(cells.iter().map(|c| csv_cell(c).into_owned()))
                .map_err(csv_error)?;
            job.tick(i + 1)?;
        }
        w.flush()?;
        Ok(())
    }
}
