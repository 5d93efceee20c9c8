//! Word (.docx) sources: the paragraphs of `word/document.xml` as text, and
//! title, author and creation date from `docProps/core.xml`.
//!
//! A .docx is a zip, and a zip is hostile input: the archive may hold at
//! most [`MAX_ENTRIES`] entries, and each part is decompressed through a
//! counting reader that stops at [`MAX_PART_BYTES`] and at a
//! decompressed-to-compressed ratio above [`MAX_RATIO`]. The sizes the zip's
//! headers declare are never trusted; what is read counts.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

use super::{ImportError, Imported};
use crate::model::date::Date;

/// Most entries an archive may list: a real document has a few dozen.
pub const MAX_ENTRIES: usize = 10_000;

/// Most bytes one part (the document, its metadata) may decompress to.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Highest ratio of decompressed to compressed bytes a part may reach once
/// past [`RATIO_GRACE_BYTES`]: XML compresses about 10:1, a zip bomb over
/// 1000:1.
pub const MAX_RATIO: u64 = 200;

/// Below this many decompressed bytes the ratio is not checked (a short,
/// repetitive part compresses very well and is harmless).
const RATIO_GRACE_BYTES: u64 = 1024 * 1024;

fn malformed(why: impl std::fmt::Display) -> ImportError {
    ImportError::Malformed(format!("this Word file cannot be read: {why}"))
}

/// Reads a .docx's paragraphs and metadata.
///
/// # Errors
/// A file that is not a readable .docx, a zip bomb, or one with no text.
pub fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(malformed)?;
    if archive.len() > MAX_ENTRIES {
        return Err(malformed(format!(
            "the archive lists {} entries (at most {MAX_ENTRIES})",
            archive.len()
        )));
    }
    let document = part(&mut archive, "word/document.xml", bytes.len() as u64)?
        .ok_or_else(|| malformed("it has no word/document.xml (is it a Word document?)"))?;
    let text = paragraphs(&document).map_err(|e| malformed(format!("word/document.xml: {e}")))?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let mut imported = Imported {
        text,
        encoding: "DOCX".to_owned(),
        ..Imported::default()
    };
    if let Some(core) = part(&mut archive, "docProps/core.xml", bytes.len() as u64)? {
        // Metadata is a nicety: a damaged core.xml leaves the fields empty.
        if let Ok(fields) = core_fields(&core) {
            imported.title = fields.title;
            imported.author = fields.author;
            imported.published = fields.created;
        }
    }
    Ok(imported)
}

/// One part of the archive, decompressed within the limits; `None` when it
/// is not there.
fn part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    archive_bytes: u64,
) -> Result<Option<String>, ImportError> {
    let mut file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(malformed(format!("{name}: {e}"))),
    };
    // The declared compressed size bounds what the reader consumes, and is
    // itself bounded by the archive's real size.
    let compressed = file.compressed_size().clamp(1, archive_bytes.max(1));
    let mut out = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut chunk)
            .map_err(|e| malformed(format!("{name}: {e}")))?;
        if n == 0 {
            break;
        }
        out.extend_from_slice(&chunk[..n]);
        let read = out.len() as u64;
        if read > MAX_PART_BYTES {
            return Err(malformed(format!(
                "{name} inflates past {} MB (a zip bomb?)",
                MAX_PART_BYTES / (1024 * 1024)
            )));
        }
        if read > RATIO_GRACE_BYTES && read / compressed > MAX_RATIO {
            return Err(malformed(format!(
                "{name} inflates more than {MAX_RATIO} times its packed size (a zip bomb?)"
            )));
        }
    }
    String::from_utf8(out)
        .map(Some)
        .map_err(|_| malformed(format!("{name} is not UTF-8 XML")))
}

/// The text of `<w:t>` runs, paragraph by paragraph (`<w:p>`), with tabs
/// and line breaks; paragraphs separated by a blank line.
fn paragraphs(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut paragraph = String::new();
    let mut in_text = false;
    // Text of deleted revisions and field codes is not what a reader sees.
    let mut hidden = 0usize;
    let flush = |out: &mut String, paragraph: &mut String| {
        let line = paragraph.trim_end();
        if !line.trim().is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(line.trim_start_matches(' '));
        }
        paragraph.clear();
    };
    // Elements open: a document that ends inside one is cut off.
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 => {
                return Err("the XML ends inside an element (a cut-off file?)".to_owned());
            }
            _ => {}
        }
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"t" => in_text = true,
                b"del" | b"instrText" | b"delText" => hidden += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" if hidden == 0 => paragraph.push('\t'),
                b"br" | b"cr" if hidden == 0 => paragraph.push('\n'),
                b"p" => flush(&mut out, &mut paragraph),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"del" | b"instrText" | b"delText" => hidden = hidden.saturating_sub(1),
                b"p" => flush(&mut out, &mut paragraph),
                _ => {}
            },
            Event::Text(t) if in_text && hidden == 0 => {
                paragraph.push_str(&t.xml10_content().map_err(|e| e.to_string())?);
            }
            Event::CData(t) if in_text && hidden == 0 => {
                paragraph.push_str(&String::from_utf8_lossy(&t));
            }
            Event::GeneralRef(r) if in_text && hidden == 0 => {
                paragraph.push_str(&entity(&r)?);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    flush(&mut out, &mut paragraph);
    Ok(out)
}

/// A character or predefined entity reference (`&amp;`, `&#x4E2D;`).
fn entity(r: &quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
        return Ok(c.to_string());
    }
    Ok(match &**r {
        b"lt" => "<",
        b"gt" => ">",
        b"amp" => "&",
        b"quot" => "\"",
        b"apos" => "'",
        other => {
            return Err(format!(
                "unknown entity &{};",
                String::from_utf8_lossy(other)
            ));
        }
    }
    .to_owned())
}

#[derive(Debug, Default)]
struct CoreFields {
    title: Option<String>,
    author: Option<String>,
    created: Option<Date>,
}

/// `dc:title`, `dc:creator` and `dcterms:created` of core.xml.
fn core_fields(xml: &str) -> Result<CoreFields, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut fields = CoreFields::default();
    let mut current: Option<Vec<u8>> = None;
    let mut value = String::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                current = Some(e.local_name().as_ref().to_vec());
                value.clear();
            }
            Event::Text(t) if current.is_some() => {
                value.push_str(&t.xml10_content().map_err(|e| e.to_string())?);
            }
            Event::GeneralRef(r) if current.is_some() => value.push_str(&entity(&r)?),
            Event::End(_) => {
                let text = super::one_line(&value);
                match current.take().as_deref() {
                    Some(b"title") if !text.is_empty() => fields.title = Some(text),
                    Some(b"creator") if !text.is_empty() => fields.author = Some(text),
                    Some(b"created") => {
                        fields.created = text.get(..10).and_then(|d| Date::parse_edtf(d).ok());
                    }
                    _ => {}
                }
                value.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(fields)
}
