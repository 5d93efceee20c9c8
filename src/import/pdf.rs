//! PDF sources: the text of each page, read with lopdf (pure Rust, no
//! system library), and a page map so every excerpt knows its page.
//!
//! lopdf parses the file; the text is read here from each page's content
//! stream: strings shown with `Tj`, `TJ`, `'` and `"` are decoded through
//! the page's fonts (their `/ToUnicode` maps or simple encodings), a move to
//! another line starts a new line, a move of more than one and a half lines
//! starts a paragraph, and a wide gap inside a `TJ` array is a space. The
//! lines a paragraph was wrapped into are joined again (see [`tidy`]). Pages
//! are joined by a blank line that belongs to neither page.
//!
//! A PDF is hostile input: every stream decompresses to at most
//! [`MAX_STREAM_BYTES`], all page contents together to at most
//! [`MAX_CONTENT_BYTES`], the page tree to [`MAX_PAGES`] pages (its declared
//! `/Count` is checked first), and a panic inside the parser is caught and
//! reported as a malformed file.

use lopdf::content::Content;
use lopdf::{Document, Encoding, LoadOptions, Object};

use super::{ImportError, Imported};
use crate::model::date::Date;
use crate::model::pages::{MAX_PAGES, PageSpan};

/// Most bytes one stream may decompress to: far above any real page's
/// content or font map, and it keeps a small crafted file from inflating to
/// gigabytes.
pub const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;

/// Most bytes all page contents together may decompress to, so 5,000 pages
/// of maximal streams cannot take minutes.
pub const MAX_CONTENT_BYTES: usize = 256 * 1024 * 1024;

/// How far the header may sit from the start (some writers put junk first).
const HEADER_SEARCH_BYTES: usize = 1024;

/// How far from the end the `%%EOF` marker may sit (writers append junk).
const TRAILER_SEARCH_BYTES: usize = 2048;

/// A vertical move of more than this many line steps starts a paragraph.
const PARAGRAPH_GAP_LINES: f64 = 1.5;

/// A `TJ` adjustment (thousandths of an em, negative moves right) wider
/// than this is a word space: kerning inside words stays far below it.
const TJ_SPACE_THOUSANDTHS: f64 = 180.0;

/// What is said when no page has text.
pub const NO_TEXT_LAYER: &str = "This PDF has no text layer (a scan?); Annals does not do OCR yet.";

/// True when the bytes start like a PDF.
#[must_use]
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(HEADER_SEARCH_BYTES)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

fn malformed(why: impl std::fmt::Display) -> ImportError {
    ImportError::Malformed(format!("this PDF cannot be read: {why}"))
}

/// Reads a PDF's text page by page, with its title, author and creation
/// date.
///
/// # Errors
/// A malformed, encrypted or oversized PDF, or one with no text layer.
pub fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    if !looks_like_pdf(bytes) {
        return Err(malformed("it has no %PDF- header"));
    }
    // A cut-off download still parses in part (lopdf repairs what it can),
    // and a source missing its last pages would pass for a whole one.
    let tail = &bytes[bytes.len().saturating_sub(TRAILER_SEARCH_BYTES)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(malformed(
            "it stops before its end-of-file marker (a truncated file?)",
        ));
    }
    // lopdf is not written for hostile files first: a panic in it is a
    // file we cannot read, not a crash of the app.
    let caught = std::panic::catch_unwind(|| read_document(bytes));
    caught.unwrap_or_else(|_| Err(malformed("its structure is damaged")))
}

fn read_document(bytes: &[u8]) -> Result<Imported, ImportError> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let document = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            malformed(format!(
                "a stream inflates past {} MB",
                MAX_STREAM_BYTES / (1024 * 1024)
            ))
        }
        other => malformed(other),
    })?;
    if document.is_encrypted() {
        return Err(ImportError::Malformed(
            "this PDF is password-protected; open it and save an unprotected copy first".to_owned(),
        ));
    }
    if let Some(declared) = declared_page_count(&document)
        && declared > MAX_PAGES as i64
    {
        return Err(too_many_pages(declared));
    }
    let page_ids: Vec<_> = document.page_iter().take(MAX_PAGES + 1).collect();
    if page_ids.len() > MAX_PAGES {
        return Err(too_many_pages(page_ids.len() as i64));
    }
    if page_ids.is_empty() {
        return Err(malformed("it has no pages"));
    }
    let mut text = String::new();
    let mut chars = 0usize;
    let mut pages = Vec::with_capacity(page_ids.len());
    let mut budget = MAX_CONTENT_BYTES;
    for (index, page_id) in page_ids.iter().enumerate() {
        let page_text = page_text(&document, *page_id, &mut budget)
            .map_err(|e| malformed(format!("page {}: {e}", index + 1)))?;
        if !text.is_empty() {
            text.push_str("\n\n");
            chars += 2;
        }
        let start = chars;
        chars += page_text.chars().count();
        text.push_str(&page_text);
        pages.push(PageSpan {
            page: u32::try_from(index + 1).unwrap_or(u32::MAX),
            start,
            end: chars,
        });
    }
    if text.trim().is_empty() {
        return Err(ImportError::Malformed(NO_TEXT_LAYER.to_owned()));
    }
    let info = |key: &[u8]| -> Option<String> {
        let info = document.trailer.get_deref(b"Info", &document).ok()?;
        let value = info.as_dict().ok()?.get_deref(key, &document).ok()?;
        let text = lopdf::decode_text_string(value).ok()?;
        let text = super::one_line(&text);
        (!text.is_empty()).then_some(text)
    };
    Ok(Imported {
        text,
        encoding: "PDF".to_owned(),
        title: info(b"Title"),
        author: info(b"Author"),
        published: info(b"CreationDate").and_then(|d| pdf_date(&d)),
        pages,
        ..Imported::default()
    })
}

fn too_many_pages(count: i64) -> ImportError {
    ImportError::Malformed(format!(
        "this PDF has {count} pages; Annals reads PDFs of at most {MAX_PAGES} pages"
    ))
}

/// The `/Count` the page tree's root declares.
fn declared_page_count(document: &Document) -> Option<i64> {
    let pages = document
        .catalog()
        .ok()?
        .get_deref(b"Pages", document)
        .ok()?;
    pages.as_dict().ok()?.get(b"Count").ok()?.as_i64().ok()
}

/// A PDF date ("D:20230913101500+09'00'") as a day, or coarser when the
/// file gives less.
fn pdf_date(text: &str) -> Option<Date> {
    let digits: String = text
        .trim()
        .trim_start_matches("D:")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let edtf = match digits.len() {
        n if n >= 8 => format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8]),
        6 | 7 => format!("{}-{}", &digits[..4], &digits[4..6]),
        4 | 5 => digits[..4].to_owned(),
        _ => return None,
    };
    Date::parse_edtf(&edtf).ok()
}

/// Where the text cursor is, as far as line breaks need, in user-space
/// units (text space scaled by the text matrix's vertical scale; the
/// current transformation matrix scales lines and letters alike, so it is
/// left out).
#[derive(Debug)]
struct Cursor {
    /// The line's y.
    y: f64,
    /// The text matrix's vertical scale.
    scale: f64,
    /// `TL`, in text space.
    leading: f64,
    /// The `Tf` size, in text space.
    size: f64,
    /// The y of the last shown string.
    last_y: Option<f64>,
    /// The smallest step between two lines seen on this page.
    line_step: Option<f64>,
    /// A break owed by `T*`, `'` or `"` whatever the y says.
    new_line: bool,
}

impl Default for Cursor {
    fn default() -> Self {
        Self {
            y: 0.0,
            scale: 1.0,
            leading: 0.0,
            size: 0.0,
            last_y: None,
            line_step: None,
            new_line: false,
        }
    }
}

/// A line is about this many font sizes high (single spacing).
const LINE_HEIGHT_FONT_SIZES: f64 = 1.15;

/// A vertical move under this many font sizes (a superscript, a jitter) is
/// not a line step.
const MIN_LINE_STEP_FONT_SIZES: f64 = 0.5;

impl Cursor {
    fn next_line(&mut self) {
        self.y -= self.leading * self.scale;
        self.new_line = true;
    }

    /// The usual step between lines: the smallest of the steps seen, the
    /// leading and the font's line height.
    fn usual_step(&self) -> Option<f64> {
        let font = self.size * self.scale.abs() * LINE_HEIGHT_FONT_SIZES;
        let leading = self.leading * self.scale.abs();
        [self.line_step, Some(leading), Some(font)]
            .into_iter()
            .flatten()
            .filter(|s| *s > f64::EPSILON)
            .reduce(f64::min)
    }
}

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// One page's text, with lines and paragraphs; trailing white space of each
/// line dropped.
fn page_text(
    document: &Document,
    page_id: lopdf::ObjectId,
    budget: &mut usize,
) -> Result<String, String> {
    let fonts = document.get_page_fonts(page_id).unwrap_or_default();
    let mut encodings: Vec<(Vec<u8>, Encoding<'_>)> = Vec::new();
    for (name, font) in fonts {
        match font.get_font_encoding_with_limit(document, MAX_STREAM_BYTES) {
            Ok(encoding) => encodings.push((name, encoding)),
            Err(lopdf::Error::Decompress(_)) => {
                return Err("a font's map inflates past the limit".to_owned());
            }
            // A font whose encoding cannot be read shows no text.
            Err(_) => {}
        }
    }
    let limit = (*budget).min(MAX_STREAM_BYTES);
    let data = document
        .get_page_content_with_limit(page_id, limit)
        .map_err(|e| match e {
            lopdf::Error::Decompress(_) if limit < MAX_STREAM_BYTES => format!(
                "the pages' content together inflates past {} MB",
                MAX_CONTENT_BYTES / (1024 * 1024)
            ),
            lopdf::Error::Decompress(_) => format!(
                "its content inflates past {} MB",
                MAX_STREAM_BYTES / (1024 * 1024)
            ),
            other => other.to_string(),
        })?;
    *budget = budget.saturating_sub(data.len());
    let content = Content::decode(&data).map_err(|e| e.to_string())?;
    let mut out = String::new();
    let mut cursor = Cursor::default();
    let mut encoding: Option<&Encoding<'_>> = None;
    for op in &content.operations {
        let operands = &op.operands;
        match op.operator.as_str() {
            "BT" => {
                cursor.y = 0.0;
                cursor.scale = 1.0;
            }
            "Tf" => {
                encoding = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| encodings.iter().find(|(n, _)| n == name))
                    .map(|(_, e)| e);
                cursor.size = operands.get(1).and_then(number).unwrap_or(0.0).abs();
            }
            "TL" => cursor.leading = operands.first().and_then(number).unwrap_or(0.0),
            "Td" => cursor.y += operands.get(1).and_then(number).unwrap_or(0.0) * cursor.scale,
            "TD" => {
                let ty = operands.get(1).and_then(number).unwrap_or(0.0);
                cursor.leading = -ty;
                cursor.y += ty * cursor.scale;
            }
            "Tm" => {
                cursor.scale = operands.get(3).and_then(number).unwrap_or(1.0);
                cursor.y = operands.get(5).and_then(number).unwrap_or(0.0);
            }
            "T*" => cursor.next_line(),
            "Tj" => show(&mut out, &mut cursor, encoding, operands.first()),
            "'" => {
                cursor.next_line();
                show(&mut out, &mut cursor, encoding, operands.first());
            }
            "\"" => {
                cursor.next_line();
                show(&mut out, &mut cursor, encoding, operands.get(2));
            }
            "TJ" => {
                if let Some(Object::Array(items)) = operands.first() {
                    for item in items {
                        match item {
                            Object::String(..) => show(&mut out, &mut cursor, encoding, Some(item)),
                            other => {
                                if number(other).is_some_and(|n| -n > TJ_SPACE_THOUSANDTHS)
                                    && !out.ends_with([' ', '\n'])
                                    && !out.is_empty()
                                {
                                    out.push(' ');
                                }
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(tidy(&out))
}

/// A line at least this share of its paragraph's longest line (in
/// characters) was wrapped by the layout, not ended by the writer.
const WRAPPED_LINE_SHARE: f64 = 0.75;

/// Trailing spaces off each line, no more than one blank line in a row,
/// and the lines a paragraph was wrapped into joined again, so the reader
/// shows running text and a quote may cross a line end: a line as long as
/// its paragraph's longest (give or take a quarter) joins the next with a
/// space, or with nothing after a hyphen or between Han and kana, which
/// are written without spaces. Short lines (a heading, the last line of a
/// paragraph, an address) keep their break.
fn tidy(out: &str) -> String {
    let mut paragraphs: Vec<Vec<&str>> = vec![Vec::new()];
    for line in out.lines().map(str::trim_end) {
        match paragraphs.last_mut() {
            Some(last) if line.is_empty() && !last.is_empty() => paragraphs.push(Vec::new()),
            Some(_) if line.is_empty() => {}
            Some(last) => last.push(line),
            None => {}
        }
    }
    let mut tidy = String::with_capacity(out.len());
    for lines in paragraphs.iter().filter(|p| !p.is_empty()) {
        if !tidy.is_empty() {
            tidy.push_str("\n\n");
        }
        let longest = lines.iter().map(|l| width(l)).max().unwrap_or(0);
        for (i, line) in lines.iter().enumerate() {
            tidy.push_str(line);
            let Some(next) = lines.get(i + 1) else {
                continue;
            };
            let wrapped = longest >= MIN_WRAPPED_WIDTH
                && width(line) as f64 >= longest as f64 * WRAPPED_LINE_SHARE;
            let glued = line.ends_with('-') || ends_unspaced(line) || starts_unspaced(next);
            tidy.push_str(match (wrapped, glued) {
                (false, _) => "\n",
                (true, true) => "",
                (true, false) => " ",
            });
        }
    }
    tidy
}

/// A paragraph whose longest line is narrower than this (in [`width`]) was
/// not wrapped by a layout: an address, a list of names.
const MIN_WRAPPED_WIDTH: usize = 24;

/// A line's width in half-width characters: Han, kana and Hangul are full
/// width and count two.
fn width(line: &str) -> usize {
    line.chars()
        .map(|c| {
            if unspaced(c) || matches!(c as u32, 0x1100..=0x11FF | 0xAC00..=0xD7AF) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// True for the scripts written without spaces between words (Han, kana).
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // hiragana, katakana
        | 0x3400..=0x4DBF // Han extension A
        | 0x4E00..=0x9FFF // Han
        | 0xF900..=0xFAFF // Han compatibility
        | 0x3000..=0x303F // CJK punctuation
        | 0xFF00..=0xFFEF) // full-width forms
}

fn ends_unspaced(line: &str) -> bool {
    line.chars().next_back().is_some_and(unspaced)
}

fn starts_unspaced(line: &str) -> bool {
    line.chars().next().is_some_and(unspaced)
}

/// Appends a shown string, after the line or paragraph break its position
/// asks for.
fn show(
    out: &mut String,
    cursor: &mut Cursor,
    encoding: Option<&Encoding<'_>>,
    string: Option<&Object>,
) {
    let (Some(encoding), Some(Object::String(bytes, _))) = (encoding, string) else {
        return;
    };
    let Ok(text) = encoding.bytes_to_string(bytes) else {
        return;
    };
    if let Some(last_y) = cursor.last_y {
        let step = (last_y - cursor.y).abs();
        if step > f64::EPSILON || cursor.new_line {
            let paragraph = cursor
                .usual_step()
                .is_some_and(|usual| step > usual * PARAGRAPH_GAP_LINES);
            let font = cursor.size * cursor.scale.abs();
            if step >= font * MIN_LINE_STEP_FONT_SIZES && step > f64::EPSILON {
                cursor.line_step = Some(cursor.line_step.map_or(step, |s| s.min(step)));
            }
            if !out.is_empty() {
                out.push_str(if paragraph { "\n\n" } else { "\n" });
            }
        }
    }
    cursor.new_line = false;
    cursor.last_y = Some(cursor.y);
    out.extend(text.chars().filter(|c| !c.is_control() || *c == '\t'));
}

#[cfg(test)]
mod tests {
    use super::tidy;

    #[test]
    fn wrapped_lines_join_and_short_ones_keep_their_break() {
        // A paragraph wrapped by the layout reads as running text again.
        assert_eq!(
            tidy(
                "Despite denials, the two leaders met in eastern\nRussia in September, where they agreed to\ndeepen cooperation."
            ),
            "Despite denials, the two leaders met in eastern Russia in September, where they agreed to deepen cooperation."
        );
        // A heading over a longer line, and an address, keep their lines.
        assert_eq!(
            tidy("Briefing\nThe two leaders met in eastern Russia."),
            "Briefing\nThe two leaders met in eastern Russia."
        );
        assert_eq!(tidy("Kremlin\nMoscow\n103132"), "Kremlin\nMoscow\n103132");
        // A hyphen at a line end joins without a space; Han and kana are
        // written without spaces; Hangul and Cyrillic take one.
        assert_eq!(
            tidy("the Vice Foreign Minister Kim Hong-\nkyun said so"),
            "the Vice Foreign Minister Kim Hong-kyun said so"
        );
        assert_eq!(
            tidy("普京访问朝鲜平壤并与金正\n恩会谈"),
            "普京访问朝鲜平壤并与金正恩会谈"
        );
        assert_eq!(
            tidy("푸틴 대통령이 평양을 방문해\n김정은 위원장과 회담했다"),
            "푸틴 대통령이 평양을 방문해 김정은 위원장과 회담했다"
        );
        // Paragraphs stay apart by one blank line; trailing spaces go.
        assert_eq!(tidy("One.  \n\n\n\nTwo.\n"), "One.\n\nTwo.");
    }
}
