//! Saved e-mails (.eml, RFC 5322 with MIME): From, To, Cc, Date and
//! Subject become the source's fields and the head of its text, the body
//! its text.
//!
//! A small reader, written for what a source needs rather than a full mail
//! library: headers are unfolded and their encoded words (RFC 2047, `B` and
//! `Q`) decoded; a multipart body is split on its boundary, at most
//! [`MAX_DEPTH`] levels deep and [`MAX_PARTS`] parts in all; the first
//! `text/plain` part that is not an attachment is the body, else the first
//! `text/html` one read through the HTML reader. Base64 and
//! quoted-printable are decoded, and the part's charset through
//! encoding_rs (an unknown or missing one: UTF-8 when valid, else
//! Windows-1252). The Date header is the publication date.

use encoding_rs::Encoding;

use super::{ImportError, Imported};
use crate::model::date::Date;

/// Deepest nesting of multipart bodies read.
pub const MAX_DEPTH: usize = 8;

/// Most MIME parts read in one message.
pub const MAX_PARTS: usize = 1000;

/// The headers shown at the head of the text, in this order.
const SHOWN_HEADERS: &[&str] = &["From", "To", "Cc", "Date", "Subject"];

fn malformed(why: impl std::fmt::Display) -> ImportError {
    ImportError::Malformed(format!("this e-mail cannot be read: {why}"))
}

/// A message or part: its headers (name, decoded value) and raw body.
struct Part<'a> {
    headers: Vec<(String, String)>,
    body: &'a [u8],
}

impl Part<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Splits headers from body at the first empty line and unfolds them.
fn split(bytes: &[u8]) -> Part<'_> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    let mut body_start = bytes.len();
    while at < bytes.len() {
        let end = bytes[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| at + i);
        let next = (end + 1).min(bytes.len());
        let line = &bytes[at..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            body_start = next;
            break;
        }
        let text = header_text(line);
        if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        at = next;
    }
    Part {
        headers: headers
            .into_iter()
            .map(|(n, v)| (n, decode_words(&v)))
            .collect(),
        body: &bytes[body_start.min(bytes.len())..],
    }
}

/// A header line's bytes as text: UTF-8 when it is, else Windows-1252.
fn header_text(line: &[u8]) -> String {
    std::str::from_utf8(line).map_or_else(
        |_| encoding_rs::WINDOWS_1252.decode(line).0.into_owned(),
        str::to_owned,
    )
}

/// Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?ISO-8859-1?Q?…?=`);
/// white space between two encoded words is dropped, as the RFC says.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut after_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, candidate) = rest.split_at(start);
        let decoded = candidate[2..].split_once('?').and_then(|(charset, more)| {
            let (kind, more) = more.split_once('?')?;
            let (text, tail) = more.split_once("?=")?;
            let bytes = match kind {
                "B" | "b" => base64(text.as_bytes())?,
                "Q" | "q" => quoted_printable(text.replace('_', " ").as_bytes()),
                _ => return None,
            };
            Some((charset_decode(&bytes, Some(charset)), tail))
        });
        match decoded {
            Some((text, tail)) => {
                if !(after_word && before.trim().is_empty()) {
                    out.push_str(before);
                }
                out.push_str(&text);
                rest = tail;
                after_word = true;
            }
            None => {
                out.push_str(before);
                out.push_str("=?");
                rest = &candidate[2..];
                after_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Base64, ignoring white space; `None` for a character outside the alphabet.
fn base64(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer = 0u32;
    let mut bits = 0;
    for &c in text {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Quoted-printable: `=XX` is a byte, `=` at a line end joins lines.
fn quoted_printable(text: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'=' {
            match (text.get(i + 1), text.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some() => {
                    out.push(hex(a).unwrap_or(0) * 16 + hex(b).unwrap_or(0));
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}

/// Bytes in the named charset; an unknown or missing one is UTF-8 when the
/// bytes are, else Windows-1252.
fn charset_decode(bytes: &[u8], charset: Option<&str>) -> String {
    let encoding = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes()));
    match encoding {
        Some(encoding) => encoding.decode(bytes).0.into_owned(),
        None => std::str::from_utf8(bytes).map_or_else(
            |_| encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
            str::to_owned,
        ),
    }
}

/// `text/plain; charset="utf-8"` as ("text/plain", params).
fn content_type(value: Option<&str>) -> (String, Vec<(String, String)>) {
    let value = value.unwrap_or("text/plain");
    let mut pieces = value.split(';');
    let kind = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
    let params = pieces
        .filter_map(|p| {
            let (name, value) = p.split_once('=')?;
            Some((
                name.trim().to_ascii_lowercase(),
                value.trim().trim_matches('"').to_owned(),
            ))
        })
        .collect();
    (
        if kind.is_empty() {
            "text/plain".to_owned()
        } else {
            kind
        },
        params,
    )
}

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A part's body with its transfer encoding undone.
fn transfer_decoded(part: &Part<'_>) -> Vec<u8> {
    match part
        .header("Content-Transfer-Encoding")
        .map(|e| e.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("base64") => base64(part.body).unwrap_or_else(|| part.body.to_vec()),
        Some("quoted-printable") => quoted_printable(part.body),
        _ => part.body.to_vec(),
    }
}

/// The parts of a multipart body, split on `--boundary` lines.
fn multipart<'a>(body: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let marker = format!("--{boundary}");
    let marker = marker.as_bytes();
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut at = 0;
    while at < body.len() {
        let end = body[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(body.len(), |i| at + i);
        let line = &body[at..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(after) = line.strip_prefix(marker) {
            if let Some(s) = start {
                // The line break before the boundary belongs to it.
                let mut stop = at;
                if stop > s && body[stop - 1] == b'\n' {
                    stop -= 1;
                    if stop > s && body[stop - 1] == b'\r' {
                        stop -= 1;
                    }
                }
                parts.push(&body[s..stop]);
            }
            if after.starts_with(b"--") {
                return parts;
            }
            start = Some((end + 1).min(body.len()));
        }
        at = end + 1;
    }
    if let Some(s) = start {
        parts.push(&body[s.min(body.len())..]);
    }
    parts
}

/// The body to show: the first plain-text part, else the first HTML one.
#[derive(Default)]
struct Found {
    plain: Option<String>,
    html: Option<Vec<u8>>,
    parts: usize,
}

fn walk(part: &Part<'_>, depth: usize, found: &mut Found) -> Result<(), ImportError> {
    found.parts += 1;
    if found.parts > MAX_PARTS {
        return Err(malformed(format!("it has over {MAX_PARTS} MIME parts")));
    }
    let (kind, params) = content_type(part.header("Content-Type"));
    let attachment = part
        .header("Content-Disposition")
        .is_some_and(|d| d.trim().to_ascii_lowercase().starts_with("attachment"));
    if kind.starts_with("multipart/") {
        if depth >= MAX_DEPTH {
            return Err(malformed(format!(
                "its parts nest over {MAX_DEPTH} levels deep"
            )));
        }
        let boundary = param(&params, "boundary")
            .filter(|b| !b.is_empty())
            .ok_or_else(|| malformed("a multipart body has no boundary"))?;
        for child in multipart(part.body, boundary) {
            walk(&split(child), depth + 1, found)?;
            if found.plain.is_some() {
                break;
            }
        }
        return Ok(());
    }
    if attachment {
        return Ok(());
    }
    match kind.as_str() {
        "text/plain" if found.plain.is_none() => {
            let bytes = transfer_decoded(part);
            found.plain = Some(charset_decode(&bytes, param(&params, "charset")));
        }
        "text/html" if found.html.is_none() => {
            let bytes = transfer_decoded(part);
            // Re-encoded as UTF-8 so the HTML reader reads it right.
            found.html = Some(charset_decode(&bytes, param(&params, "charset")).into_bytes());
        }
        _ => {}
    }
    Ok(())
}

/// An RFC 5322 date ("Wed, 13 Sep 2023 10:15:00 +0900") as the day it
/// names where it was sent.
fn mail_date(text: &str) -> Option<Date> {
    // Some mailers add a zone name in parentheses, which chrono refuses.
    let text = text.split('(').next().unwrap_or(text).trim();
    let parsed = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    Date::parse_edtf(&parsed.format("%Y-%m-%d").to_string()).ok()
}

/// Reads a saved e-mail.
///
/// # Errors
/// A file with no headers or no readable text body.
pub fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    let message = split(bytes);
    if message.headers.is_empty() {
        return Err(malformed("it has no headers (From:, Subject:, …)"));
    }
    let mut found = Found::default();
    walk(&message, 0, &mut found)?;
    let body = match (found.plain, found.html) {
        (Some(plain), _) => plain,
        (None, Some(html)) => super::html_to_text(&html)
            .map(|i| i.text)
            .unwrap_or_default(),
        (None, None) => String::new(),
    };
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    if body.contains('\0') {
        return Err(ImportError::Binary);
    }
    let mut text = String::new();
    for name in SHOWN_HEADERS {
        if let Some(value) = message.header(name).filter(|v| !v.trim().is_empty()) {
            text.push_str(&format!("{name}: {}\n", super::one_line(value)));
        }
    }
    let body = body.trim_end();
    if !body.trim().is_empty() {
        text.push('\n');
        text.push_str(body.trim_start_matches('\n'));
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let field = |name| {
        message
            .header(name)
            .map(super::one_line)
            .filter(|v| !v.is_empty())
    };
    Ok(Imported {
        text,
        encoding: "e-mail".to_owned(),
        title: field("Subject"),
        author: field("From"),
        published: message.header("Date").and_then(mail_date),
        ..Imported::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_and_transfer_encodings_decode() {
        assert_eq!(
            decode_words(
                "=?UTF-8?B?7ZG47Yu0IOuwqeu2gQ==?= =?UTF-8?Q?_=D0=B2=D0=B8=D0=B7=D0=B8=D1=82?="
            ),
            "푸틴 방북 визит"
        );
        assert_eq!(decode_words("plain =?bogus"), "plain =?bogus");
        assert_eq!(base64(b"S2lt\r\nIEpvbmc=").unwrap(), b"Kim Jong");
        assert_eq!(
            quoted_printable(b"caf=C3=A9 =\r\nsoir"),
            "café soir".as_bytes()
        );
        assert_eq!(charset_decode(b"caf\xe9", Some("iso-8859-1")), "café");
        assert_eq!(charset_decode(b"caf\xe9", None), "café");
    }

    #[test]
    fn dates_read_as_the_day_sent() {
        assert_eq!(
            mail_date("Wed, 13 Sep 2023 23:15:00 +0900 (KST)")
                .unwrap()
                .edtf(),
            "2023-09-13"
        );
        assert!(mail_date("yesterday").is_none());
    }
}
