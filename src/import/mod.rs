//! Turning files into source text: decoding bytes (UTF-8, a BOM, else
//! Windows-1252) and, by extension, reading HTML, PDF, Word (.docx) and
//! e-mail (.eml) files as text. Pure: no egui, no rusqlite. The CLI and the
//! app import through the same code ([`import_bytes`]).

use std::path::Path;

use crate::model::date::Date;
use crate::model::pages::{KeptBytes, OriginalFile, PageSpan, SourceFile};

pub mod docx;
pub mod eml;
pub mod events;
mod html;
pub mod notebook;
pub mod pdf;
pub mod references;
pub mod table;
pub mod timelinejs;

/// A decoded file, ready to become a source's body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    /// The text, with `\r\n` and lone `\r` normalised to `\n`.
    pub text: String,
    /// The encoding the bytes were decoded from ("UTF-8", "windows-1252").
    pub encoding: String,
    /// A note for the user when the text was not plain UTF-8.
    pub notice: Option<String>,
    /// A title found in the file (an HTML `<title>`, a PDF's or Word
    /// file's Title, an e-mail's Subject), if any.
    pub title: Option<String>,
    /// An author found in the file (a PDF's Author, a Word file's creator,
    /// an e-mail's From).
    pub author: Option<String>,
    /// A publication date found in the file (a PDF's CreationDate, a Word
    /// file's created date, an e-mail's Date).
    pub published: Option<Date>,
    /// The page map of a paged file (a PDF); empty otherwise.
    pub pages: Vec<PageSpan>,
    /// The file's fingerprint, when the bytes came from a file.
    pub file: Option<SourceFile>,
}

/// Text on one line: runs of white space (line breaks included) made one
/// space, ends trimmed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file holds no text.
    #[error("the file is empty")]
    Empty,
    /// The file looks binary (a NUL byte in its text).
    #[error("the file does not look like text (it contains binary data)")]
    Binary,
    /// The file is larger than any importer reads.
    #[error("the file is {} MB; files over {} MB are not imported", .bytes / (1024 * 1024), table::MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge {
        /// Its size.
        bytes: u64,
    },
    /// The file is not what its format says, with where and why.
    #[error("{0}")]
    Malformed(String),
}

/// Decodes bytes: a byte-order mark decides; else valid UTF-8 is UTF-8;
/// else Windows-1252 (which maps every byte), with a notice.
///
/// # Errors
/// [`ImportError::Empty`] or [`ImportError::Binary`]; invalid text never
/// reaches the notebook.
pub fn decode(bytes: &[u8]) -> Result<Imported, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let (text, encoding, notice) = if let Some((encoding, bom_length)) =
        encoding_rs::Encoding::for_bom(bytes)
    {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        let notice = (encoding != encoding_rs::UTF_8)
            .then(|| format!("decoded from {} (byte-order mark)", encoding.name()));
        (text.into_owned(), encoding.name().to_owned(), notice)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_owned(), "UTF-8".to_owned(), None)
    } else {
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
        (
            text.into_owned(),
            "windows-1252".to_owned(),
            Some("the file is not UTF-8; decoded it as Windows-1252 (Western European)".to_owned()),
        )
    };
    if text.contains('\0') {
        return Err(ImportError::Binary);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(Imported {
        text,
        encoding,
        notice,
        ..Imported::default()
    })
}

/// What kind of file `annals import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table of events (comma, semicolon or tab separated).
    Csv,
    /// Annals' lossless notebook JSON.
    Json,
    /// TimelineJS JSON.
    TimelineJs,
    /// BibTeX or BibLaTeX references.
    Bibtex,
    /// RIS references.
    Ris,
    /// CSL-JSON references.
    CslJson,
}

impl Format {
    /// Every format, as `--format` lists them.
    pub const ALL: [Self; 6] = [
        Self::Csv,
        Self::Json,
        Self::TimelineJs,
        Self::Bibtex,
        Self::Ris,
        Self::CslJson,
    ];

    /// The name `--format` takes.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::TimelineJs => "timelinejs",
            Self::Bibtex => "bibtex",
            Self::Ris => "ris",
            Self::CslJson => "csl-json",
        }
    }

    /// The format of a file, from its extension and, for `.json`, from what
    /// it holds: Annals' own export names itself, TimelineJS has an
    /// `events` list, CSL-JSON is a list of items.
    #[must_use]
    pub fn guess(path: &Path, bytes: &[u8]) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_lowercase();
        Some(match extension.as_str() {
            "csv" | "tsv" | "tab" => Self::Csv,
            "bib" | "bibtex" | "biblatex" => Self::Bibtex,
            "ris" => Self::Ris,
            "json" => {
                let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
                let start = head.trim_start_matches('\u{feff}').trim_start();
                let marker = b"\"annals-notebook\"";
                if bytes.windows(marker.len()).any(|w| w == marker) {
                    Self::Json
                } else if start.starts_with('[') {
                    Self::CslJson
                } else {
                    Self::TimelineJs
                }
            }
            _ => return None,
        })
    }
}

/// The kinds of file a source is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Plain text or Markdown, kept exactly.
    Text,
    /// HTML, read as paragraphs.
    Html,
    /// PDF, read page by page.
    Pdf,
    /// Word (.docx), read paragraph by paragraph.
    Docx,
    /// A saved e-mail (.eml).
    Eml,
}

/// The file extensions the Add source dialog offers.
pub const SOURCE_EXTENSIONS: &[&str] =
    &["txt", "md", "markdown", "html", "htm", "pdf", "docx", "eml"];

impl SourceKind {
    /// The reader for a file: by extension, and a PDF also by its header
    /// (standard input has no name).
    #[must_use]
    pub fn of(path: Option<&Path>, bytes: &[u8]) -> Self {
        let extension = path
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("html" | "htm") => Self::Html,
            Some("pdf") => Self::Pdf,
            Some("docx") => Self::Docx,
            Some("eml") => Self::Eml,
            _ if bytes.starts_with(b"%PDF-") => Self::Pdf,
            _ => Self::Text,
        }
    }
}

/// True for file names the HTML reader takes.
#[must_use]
pub fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Reads HTML as readable text: paragraphs separated by blank lines, no tags,
/// scripts or styles, entities decoded; the first `<title>` becomes the
/// title.
///
/// The text comes straight from html5ever's tokenizer, without building a
/// document tree: time and memory grow with the file's length only, however
/// deeply its elements nest (a tree builder checks scopes down the stack of
/// open elements, which made 100,000 nested `<div>`s take minutes).
///
/// # Errors
/// [`ImportError::Empty`] when no text remains, or what [`decode`] refuses.
pub fn html_to_text(bytes: &[u8]) -> Result<Imported, ImportError> {
    let decoded = decode(bytes)?;
    let (rendered, title) = html::extract(&decoded.text);
    // Trim each line and collapse runs of blank lines to one.
    let mut text = String::new();
    let mut blank_run = 0;
    for line in rendered.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        text.push_str(line.trim_start());
    }
    if text.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(Imported {
        text,
        title,
        ..decoded
    })
}

/// Imports a file's bytes, choosing the reader by [`SourceKind::of`]
/// (`.html`/`.htm` as HTML, `.pdf`, `.docx`, `.eml`; anything else, `.txt`
/// and `.md` included, as plain text kept exactly), and fingerprints the
/// bytes as the original file ([`Imported::file`], named after `path`).
///
/// # Errors
/// A file over [`table::MAX_FILE_BYTES`], or what the reader refuses (see
/// [`decode`], [`html_to_text`], [`pdf::read`], [`docx::read`],
/// [`eml::read`]).
pub fn import_bytes(path: Option<&Path>, bytes: &[u8]) -> Result<Imported, ImportError> {
    if bytes.len() as u64 > table::MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let mut imported = match SourceKind::of(path, bytes) {
        SourceKind::Html => html_to_text(bytes)?,
        SourceKind::Pdf => pdf::read(bytes)?,
        SourceKind::Docx => docx::read(bytes)?,
        SourceKind::Eml => eml::read(bytes)?,
        SourceKind::Text => decode(bytes)?,
    };
    let name = path
        .and_then(Path::file_name)
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    imported.file = Some(SourceFile {
        original: OriginalFile::of(&name, bytes),
        pages: imported.pages.clone(),
        // The caller, who owns the bytes, says whether they are kept.
        kept: KeptBytes::AsBefore,
    });
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_kept_and_line_endings_normalised() {
        let imported = decode("Putin’s visit\r\nline two\rthree".as_bytes()).unwrap();
        assert_eq!(imported.text, "Putin’s visit\nline two\nthree");
        assert_eq!(imported.encoding, "UTF-8");
        assert!(imported.notice.is_none());
    }

    #[test]
    fn windows_1252_is_decoded_with_a_notice() {
        let imported = decode(b"Caf\xe9 \x93quoted\x94").unwrap();
        assert_eq!(imported.text, "Café “quoted”");
        assert_eq!(imported.encoding, "windows-1252");
        assert!(imported.notice.is_some());
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Pyongyang".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let imported = decode(&bytes).unwrap();
        assert_eq!(imported.text, "Pyongyang");
        assert_eq!(imported.encoding, "UTF-16LE");
    }

    #[test]
    fn html_becomes_readable_paragraphs() {
        let html = br#"<!DOCTYPE html><html><head><title>Putin &amp; Kim</title>
            <style>p { color: red }</style><script>var secret = "do not show";</script></head>
            <body><nav><ul><li>Home</li></ul></nav>
            <h1>Warnings over the visit</h1>
            <p>South Korean &amp; US officials <b>warned</b> against
               Putin&rsquo;s <a href="x">potential visit</a>.</p>
            <div><p>The two leaders met in <em>eastern <span>Russia</span></em> in September.</p></div>
            <script>alert(1)</script></body></html>"#;
        let imported = html_to_text(html).unwrap();
        let text = &imported.text;
        assert_eq!(imported.title.as_deref(), Some("Putin & Kim"));
        assert!(
            !text.contains('<')
                && !text.contains("secret")
                && !text.contains("alert")
                && !text.contains("color"),
            "{text}"
        );
        assert!(
            text.contains("South Korean & US officials warned against Putin’s potential visit."),
            "{text}"
        );
        assert!(
            text.contains("The two leaders met in eastern Russia in September."),
            "{text}"
        );
        assert!(
            text.contains("Warnings over the visit\n\nSouth Korean"),
            "{text}"
        );
    }

    #[test]
    fn deep_nesting_and_unclosed_tags_read_in_linear_time() {
        let deep = format!(
            "{}Pyongyang{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert_eq!(html_to_text(deep.as_bytes()).unwrap().text, "Pyongyang");
        let unclosed = format!("{}Seoul", "<b><i>".repeat(50_000));
        assert_eq!(html_to_text(unclosed.as_bytes()).unwrap().text, "Seoul");
    }

    #[test]
    fn html_keeps_every_script_and_line_breaks() {
        let html = "<title>普京 &lt;访问&gt;</title><ul><li>Визит</li><li>푸틴 방북</li></ul>\
                    <p dir=rtl>زيارة&nbsp;بوتين</p><pre>a  b\n  c</pre><p>x<br>y</p>";
        let imported = html_to_text(html.as_bytes()).unwrap();
        assert_eq!(imported.title.as_deref(), Some("普京 <访问>"));
        assert_eq!(
            imported.text,
            "Визит\n푸틴 방북\n\nزيارة\u{a0}بوتين\n\na  b\nc\n\nx\ny"
        );
    }

    #[test]
    fn the_reader_is_chosen_by_extension() {
        let html = b"<p>a &amp; b</p>";
        assert_eq!(
            import_bytes(Some(Path::new("x.HTML")), html).unwrap().text,
            "a & b"
        );
        assert_eq!(
            import_bytes(Some(Path::new("x.md")), html).unwrap().text,
            "<p>a &amp; b</p>"
        );
        assert_eq!(import_bytes(None, html).unwrap().text, "<p>a &amp; b</p>");
    }

    #[test]
    fn empty_and_binary_are_refused() {
        assert!(matches!(decode(b""), Err(ImportError::Empty)));
        assert!(matches!(decode(b"  \n "), Err(ImportError::Empty)));
        assert!(matches!(
            decode(b"PK\x03\x04\0\0binary"),
            Err(ImportError::Binary)
        ));
    }
}
