//! The chronology report as a Word document (Office Open XML) with real
//! footnotes: each quote carries a footnote reference, and the citations
//! are Word footnotes at the foot of the page, numbered by Word.
//!
//! The package is written directly (about a dozen small XML parts in a zip)
//! rather than through `docx-rs`: that crate does support footnotes, but
//! numbers them from a process-wide counter, prints debug output for empty
//! ones and brings a large dependency tree, while the few parts a report
//! needs are short and fully under our control (escaping, characters XML
//! cannot carry, deterministic output).

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use super::citation::{Citation, Span};
use super::report::{Entry, LOST_NOTE, Report, UNSUPPORTED};
use super::rich::{self, Block};
use super::text::{isolate, one_line, xml};
use super::{ExportError, ExportResult, Job, Writer};

/// Writes the DOCX report.
pub struct DocxWriter;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// Styles: the body, the report title, the entry heading, the date line,
/// labels, quotes, notes, and the footnote styles Word expects.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Cambria" w:hAnsi="Cambria" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="80"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Summary"><w:name w:val="Summary"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="360"/></w:pPr><w:rPr><w:color w:val="5F6368"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="EventDate"><w:name w:val="Event Date"/><w:basedOn w:val="Normal"/><w:next w:val="Heading2"/><w:pPr><w:keepNext/><w:pBdr><w:top w:val="single" w:sz="4" w:space="6" w:color="D0D3D8"/></w:pBdr><w:spacing w:before="240" w:after="0"/></w:pPr><w:rPr><w:b/><w:color w:val="5F6368"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="40" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="480" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Labels"><w:name w:val="Labels"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="5F6368"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="D0D3D8"/></w:pBdr><w:ind w:left="360"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Unsupported"><w:name w:val="Unsupported"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:color w:val="A03A12"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style></w:styles>"#;

const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/// A4 in twentieths of a point, with 2 cm margins.
const SECTION: &str = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>"#;

#[derive(Default, Clone, Copy)]
struct Style {
    bold: bool,
    italic: bool,
    code: bool,
}

/// One run of text; line breaks and tabs become Word's own elements.
fn run(out: &mut String, text: &str, style: Style) {
    out.push_str("<w:r>");
    if style.bold || style.italic || style.code {
        out.push_str("<w:rPr>");
        if style.code {
            out.push_str("<w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\"/>");
        }
        if style.bold {
            out.push_str("<w:b/>");
        }
        if style.italic {
            out.push_str("<w:i/>");
        }
        out.push_str("</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", xml(piece));
            }
        }
    }
    out.push_str("</w:r>");
}

fn paragraph(out: &mut String, style: &str, body: impl FnOnce(&mut String)) {
    let _ = write!(out, "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>");
    body(out);
    out.push_str("</w:p>");
}

fn citation_runs(out: &mut String, c: &Citation) {
    for span in &c.spans {
        match span {
            Span::Text(t) | Span::Url(t) => run(out, t, Style::default()),
            Span::Italic(t) => run(
                out,
                t,
                Style {
                    italic: true,
                    ..Style::default()
                },
            ),
        }
    }
}

/// Indent per list or quote level, in twentieths of a point (¼ inch, Word's
/// own list indent).
const INDENT_TWIPS: usize = 360;

fn description(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        let _ = write!(out, "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/>");
        if block.indent > 0 {
            let _ = write!(out, "<w:ind w:left=\"{}\"/>", block.indent * INDENT_TWIPS);
        }
        out.push_str("</w:pPr>");
        for r in &block.runs {
            run(
                out,
                &isolate(&r.text),
                Style {
                    bold: r.bold,
                    italic: r.italic,
                    code: r.code,
                },
            );
        }
        out.push_str("</w:p>");
    }
}

/// Footnote ids Word reserves for the separator lines.
const FIRST_NOTE_ID: usize = 1;

/// The paragraphs of one entry of the chronology.
fn entry_paragraphs(d: &mut String, entry: &Entry<'_>) {
    let event = entry.event;
    paragraph(d, "EventDate", |d| {
        run(d, &entry.date, Style::default());
    });
    paragraph(d, "Heading2", |d| {
        run(d, &isolate(&one_line(&event.title)), Style::default());
    });
    if let Some(role) = &entry.role {
        paragraph(d, "Labels", |d| {
            run(
                d,
                &isolate(&one_line(role)),
                Style {
                    bold: true,
                    ..Style::default()
                },
            );
        });
    }
    let labels = entry.labels();
    if !labels.is_empty() {
        paragraph(d, "Labels", |d| {
            run(d, &isolate(&one_line(&labels)), Style::default());
        });
    }
    if let Some(who) = &entry.who {
        paragraph(d, "Labels", |d| {
            run(d, &isolate(&one_line(who)), Style::default());
        });
    }
    description(d, &rich::blocks(&event.description));
    for quote in &entry.quotes {
        paragraph(d, "Quote", |d| {
            run(
                d,
                &format!("“{}”", isolate(quote.excerpt.quote.trim())),
                Style::default(),
            );
            let _ = write!(
                d,
                "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{}\"/></w:r>",
                quote.note - 1 + FIRST_NOTE_ID
            );
        });
    }
    if entry.unsupported() {
        paragraph(d, "Unsupported", |d| {
            run(d, UNSUPPORTED, Style::default());
        });
    }
    if let Some(standing) = &entry.standing {
        paragraph(d, "Unsupported", |d| {
            run(d, &isolate(&one_line(standing)), Style::default());
        });
    }
}

fn document(job: &Job<'_>, report: &Report<'_>) -> ExportResult<String> {
    let mut d = String::new();
    let _ = write!(
        d,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {W_NS}><w:body>"
    );
    paragraph(&mut d, "Title", |d| {
        run(d, &isolate(&one_line(&report.title)), Style::default());
    });
    paragraph(&mut d, "Summary", |d| {
        run(d, &report.summary, Style::default());
    });
    // Grouped by entity, a section's heading is a Heading 1 over its
    // entries' Heading 2 titles (as "Sources" is).
    let mut done = 0;
    for (heading, entries) in report.parts() {
        if let Some(heading) = heading {
            paragraph(&mut d, "Heading1", |d| {
                run(d, &isolate(&one_line(heading)), Style::default());
            });
        }
        for entry in entries {
            entry_paragraphs(&mut d, entry);
            done += 1;
            report.tick(job, done)?;
        }
    }
    if !report.sources.is_empty() {
        paragraph(&mut d, "Heading1", |d| run(d, "Sources", Style::default()));
        for (i, source) in report.sources.iter().enumerate() {
            paragraph(&mut d, "Normal", |d| {
                run(d, &format!("{}. ", i + 1), Style::default());
                citation_runs(d, &Citation::bibliography(source));
            });
        }
    }
    d.push_str(SECTION);
    d.push_str("</w:body></w:document>");
    Ok(d)
}

fn footnotes(report: &Report<'_>) -> String {
    let mut f = String::new();
    let _ = write!(
        f,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:footnotes {W_NS}>\
         <w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>\
         <w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    );
    for note in &report.notes {
        let _ = write!(
            f,
            "<w:footnote w:id=\"{}\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>",
            note.number - 1 + FIRST_NOTE_ID
        );
        run(&mut f, " ", Style::default());
        citation_runs(&mut f, &note.citation);
        if note.lost {
            run(&mut f, &format!(" {LOST_NOTE}"), Style::default());
        }
        f.push_str("</w:p></w:footnote>");
    }
    f.push_str("</w:footnotes>");
    f
}

fn core_properties(title: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>Annals</dc:creator></cp:coreProperties>",
        xml(title)
    )
}

impl Writer for DocxWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        let report = Report::build(job);
        let document = document(job, &report)?;
        let parts: [(&str, &str); 8] = [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", PACKAGE_RELS),
            (
                "docProps/core.xml",
                &core_properties(&one_line(&report.title)),
            ),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS),
            ("word/document.xml", &document),
            ("word/styles.xml", STYLES),
            ("word/settings.xml", SETTINGS),
            ("word/footnotes.xml", &footnotes(&report)),
        ];
        let zip_error = |e: zip::result::ZipError| match e {
            zip::result::ZipError::Io(io) => ExportError::from(io),
            other => ExportError::Invalid(format!("cannot write the DOCX: {other}")),
        };
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        // A fixed timestamp: the same notebook gives the same file.
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, content) in parts {
            zip.start_file(name, options).map_err(zip_error)?;
            zip.write_all(content.as_bytes())?;
        }
        let bytes = zip.finish().map_err(zip_error)?.into_inner();
        out.write_all(&bytes)?;
        Ok(())
    }
}
