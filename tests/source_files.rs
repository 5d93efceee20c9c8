//! PDF, Word and e-mail sources: what comes out of small files the tests
//! write themselves, what hostile or broken ones get (a one-line refusal,
//! nothing added), and the page map and original-file fingerprint carried
//! through the store, the CLI, the exports and the lossless JSON.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use annals::action::{Action, Created, ExcerptRange, SourceFields};
use annals::import::{self, ImportError};
use annals::model::SourceId;
use annals::model::pages::KeptBytes;
use annals::store::Store;
use assert_cmd::Command;
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use predicates::prelude::*;
use sha2::{Digest as _, Sha256};

// ---------------------------------------------------------------- fixtures

/// One page: its paragraphs, each a list of lines.
type Page<'a> = &'a [&'a [&'a str]];

/// Options of a fixture PDF.
#[derive(Default)]
struct PdfOptions<'a> {
    /// (Title, Author, CreationDate) for the Info dictionary.
    info: Option<(&'a str, &'a str, &'a str)>,
    /// A `/Count` to declare instead of the real one.
    declared_count: Option<i64>,
    /// Compress the content streams.
    compress: bool,
    /// Bytes of an unreferenced stream that makes the file this much
    /// larger (a stand-in for a scan's images).
    padding: Vec<u8>,
}

/// A PDF with one Type0 font whose ToUnicode map covers every character
/// used (so any script reads back), lines shown with `Tj` and `T*`, and
/// paragraphs separated by a double line step.
fn pdf(pages: &[Page<'_>], options: &PdfOptions<'_>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut chars: Vec<char> = pages
        .iter()
        .flat_map(|p| p.iter())
        .flat_map(|para| para.iter())
        .flat_map(|line| line.chars())
        .collect();
    chars.sort_unstable();
    chars.dedup();
    let code = |c: char| chars.binary_search(&c).unwrap() as u16 + 1;
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for block in chars.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for c in block {
            let utf16: String = c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{:04X}> <{utf16}>\n", code(*c)));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));
    let descendant = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "AnnalsTest",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "AnnalsTest",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()],
        "ToUnicode" => to_unicode,
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids: Vec<Object> = Vec::new();
    for page in pages {
        let mut ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 11.into()]),
            Operation::new("TL", vec![14.into()]),
            Operation::new("Td", vec![50.into(), 780.into()]),
        ];
        for (p, paragraph) in page.iter().enumerate() {
            if p > 0 {
                ops.push(Operation::new("Td", vec![0.into(), (-28).into()]));
            }
            for (l, line) in paragraph.iter().enumerate() {
                if l > 0 {
                    ops.push(Operation::new("T*", vec![]));
                }
                let bytes: Vec<u8> = line.chars().flat_map(|c| code(c).to_be_bytes()).collect();
                ops.push(Operation::new(
                    "Tj",
                    vec![Object::String(bytes, lopdf::StringFormat::Hexadecimal)],
                ));
            }
        }
        ops.push(Operation::new("ET", vec![]));
        // A drawn frame, so a page without text still has content.
        ops.extend([
            Operation::new("re", vec![20.into(), 20.into(), 555.into(), 800.into()]),
            Operation::new("S", vec![]),
        ]);
        let mut stream = Stream::new(
            dictionary! {},
            Content { operations: ops }.encode().unwrap(),
        );
        if options.compress {
            stream.compress().unwrap();
        }
        let content = doc.add_object(stream);
        kids.push(
            doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content,
                "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            })
            .into(),
        );
    }
    let count = options.declared_count.unwrap_or(kids.len() as i64);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    if let Some((title, author, created)) = options.info {
        let info = doc.add_object(dictionary! {
            "Title" => lopdf::text_string(title),
            "Author" => lopdf::text_string(author),
            "CreationDate" => Object::string_literal(created),
        });
        doc.trailer.set("Info", info);
    }
    if !options.padding.is_empty() {
        doc.add_object(Stream::new(Dictionary::new(), options.padding.clone()));
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// A page with only drawing on it: a scan's page without its image.
fn picture_page(doc: &mut Document, pages_id: lopdf::ObjectId) -> Object {
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"0.5 g 20 20 555 800 re f".to_vec(),
    ));
    doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    })
    .into()
}

/// A PDF of `n` pages with no text at all.
fn pdf_without_text(n: usize) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let kids: Vec<Object> = (0..n).map(|_| picture_page(&mut doc, pages_id)).collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => n as i64 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// The three-page report the tests cut from.
const PAGE_1: &[&[&str]] = &[
    &["Warnings over the visit"],
    &[
        "South Korean and US officials warned against",
        "Putin’s potential visit to Pyongyang.",
    ],
];
const PAGE_2: &[&[&str]] = &[&["푸틴 방북", "Визит в Пхеньян"], &["زيارة بوتين"]];
const PAGE_3: &[&[&str]] = &[&["The two leaders met in eastern Russia in September 2023."]];

fn report_pdf() -> Vec<u8> {
    padded_report_pdf(Vec::new())
}

/// [`report_pdf`] made larger by `padding`.
fn padded_report_pdf(padding: Vec<u8>) -> Vec<u8> {
    pdf(
        &[PAGE_1, PAGE_2, PAGE_3],
        &PdfOptions {
            padding,
            info: Some((
                "Putin–Kim: the visit",
                "Jane Roe",
                "D:20230913101500+09'00'",
            )),
            compress: true,
            ..PdfOptions::default()
        },
    )
}

/// A .docx: the parts given, zipped (deflated).
fn docx(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

const DOCUMENT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Kim &amp; Putin</w:t></w:r><w:r><w:t xml:space="preserve"> met</w:t></w:r></w:p>
<w:p><w:r><w:t>푸틴</w:t><w:tab/><w:t>方北</w:t><w:br/><w:t>&#x0417;&#x0430;</w:t></w:r></w:p>
<w:p><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del><w:r><w:t>kept</w:t></w:r></w:p>
<w:p/>
</w:body></w:document>"#;

const CORE_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Briefing note</dc:title><dc:creator>Ким Ли</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-21T09:00:00Z</dcterms:created>
</cp:coreProperties>"#;

const EMAIL: &str = "From: =?UTF-8?B?6rmA7KCV7J2A?= <kim@example.org>\r\n\
To: desk@example.org\r\n\
Subject: =?UTF-8?Q?Satellite_launch_=E2=80=93_note?=\r\n\
Date: Tue, 21 Nov 2023 23:40:00 +0900\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
TmV3IHNweSBzYXRlbGxpdGUgbGF1bmNoZWQuCuychOyEsSDrsJzsgqwu\r\n\
--b1\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p>HTML version</p>\r\n\
--b1--\r\n";

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn annals() -> Command {
    let mut cmd = Command::cargo_bin("annals").unwrap();
    // Never touch the real user's data folder.
    cmd.env("HOME", std::env::temp_dir());
    cmd
}

fn on(nb: &Path, command: &[&str]) -> Command {
    let mut cmd = annals();
    cmd.args(command).arg("-n").arg(nb);
    cmd
}

fn stdout_of(mut cmd: Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn new_notebook(dir: &Path) -> PathBuf {
    let nb = dir.join("research.annals");
    annals().arg("new").arg(&nb).assert().success();
    nb
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn refusal(path: &str, bytes: &[u8]) -> String {
    match import::import_bytes(Some(Path::new(path)), bytes) {
        Ok(imported) => panic!("{path} was read: {:?}", &imported.text),
        Err(e) => e.to_string(),
    }
}

// ---------------------------------------------------------------- PDF

#[test]
fn a_pdf_reads_page_by_page_with_its_metadata() {
    let bytes = report_pdf();
    let imported = import::import_bytes(Some(Path::new("visit.pdf")), &bytes).unwrap();
    let text = &imported.text;
    assert_eq!(
        text,
        "Warnings over the visit\n\n\
         South Korean and US officials warned against Putin’s potential visit to Pyongyang.\n\n\
         푸틴 방북\nВизит в Пхеньян\n\nزيارة بوتين\n\n\
         The two leaders met in eastern Russia in September 2023."
    );
    let pages = &imported.pages;
    assert_eq!(pages.len(), 3);
    let page_text = |i: usize| -> String {
        text.chars()
            .skip(pages[i].start)
            .take(pages[i].end - pages[i].start)
            .collect()
    };
    assert!(page_text(0).starts_with("Warnings") && page_text(0).ends_with("Pyongyang."));
    assert_eq!(page_text(1), "푸틴 방북\nВизит в Пхеньян\n\nزيارة بوتين");
    assert_eq!(
        page_text(2),
        "The two leaders met in eastern Russia in September 2023."
    );
    assert_eq!(imported.title.as_deref(), Some("Putin–Kim: the visit"));
    assert_eq!(imported.author.as_deref(), Some("Jane Roe"));
    assert_eq!(imported.published.unwrap().edtf(), "2023-09-13");
    let file = imported.file.unwrap();
    assert_eq!(file.original.sha256, sha256_hex(&bytes));
    assert_eq!(file.original.bytes, bytes.len() as u64);
    assert_eq!(file.original.name, "visit.pdf");
    assert_eq!(&file.pages, pages);
    // The header decides for standard input, which has no name.
    assert_eq!(import::import_bytes(None, &bytes).unwrap().pages.len(), 3);
}

#[test]
fn a_pdf_without_a_text_layer_is_refused_with_the_reason() {
    let bytes = pdf_without_text(2);
    assert_eq!(
        refusal("scan.pdf", &bytes),
        "This PDF has no text layer (a scan?); Annals does not do OCR yet."
    );
}

#[test]
fn broken_and_hostile_pdfs_are_refused_cleanly() {
    let good = report_pdf();
    // Truncated at several points: never a panic, always a reason.
    for cut in [10, good.len() / 3, good.len() / 2, good.len() - 40] {
        let message = refusal("cut.pdf", &good[..cut]);
        assert!(
            message.starts_with("this PDF cannot be read") || message.contains("no text layer"),
            "{cut}: {message}"
        );
    }
    assert!(refusal("junk.pdf", b"%PDF-1.7\n garbage \x00\x01 trailer").contains("cannot be read"));
    assert!(refusal("not.pdf", b"hello").contains("no %PDF- header"));
    // A page tree that claims a million pages.
    let claims = pdf(
        &[PAGE_3],
        &PdfOptions {
            declared_count: Some(1_000_000),
            ..PdfOptions::default()
        },
    );
    assert_eq!(
        refusal("claims.pdf", &claims),
        "this PDF has 1000000 pages; Annals reads PDFs of at most 5000 pages"
    );
    // And one that has more than 5,000 (declaring them honestly).
    let many = pdf_without_text(5001);
    assert!(refusal("many.pdf", &many).contains("at most 5000 pages"));
}

#[test]
fn a_content_stream_that_inflates_past_the_cap_is_refused() {
    // 40 MB of drawing operators compress to a few tens of KB.
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut stream = Stream::new(dictionary! {}, b"0 0 m ".repeat(7 * 1024 * 1024));
    stream.compress().unwrap();
    let content = doc.add_object(stream);
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
    let message = refusal("bomb.pdf", &bytes);
    assert!(message.contains("inflates past 32 MB"), "{message}");
}

#[test]
fn files_over_200_mb_are_refused_before_reading() {
    let big = vec![b' '; 200 * 1024 * 1024 + 1];
    assert!(matches!(
        import::import_bytes(Some(Path::new("big.pdf")), &big),
        Err(ImportError::TooLarge { .. })
    ));
}

// ---------------------------------------------------------------- DOCX

#[test]
fn a_docx_reads_its_paragraphs_and_core_properties() {
    let bytes = docx(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", DOCUMENT_XML.as_bytes()),
        ("docProps/core.xml", CORE_XML.as_bytes()),
    ]);
    let imported = import::import_bytes(Some(Path::new("note.DOCX")), &bytes).unwrap();
    assert_eq!(imported.text, "Kim & Putin met\n\n푸틴\t方北\nЗа\n\nkept");
    assert_eq!(imported.title.as_deref(), Some("Briefing note"));
    assert_eq!(imported.author.as_deref(), Some("Ким Ли"));
    assert_eq!(imported.published.unwrap().edtf(), "2023-11-21");
    assert!(imported.pages.is_empty());
    assert_eq!(imported.file.unwrap().original.sha256, sha256_hex(&bytes));
}

#[test]
fn zip_bombs_and_broken_docx_are_refused() {
    // 70 MB of one repeated run compresses to well under a megabyte.
    let mut huge = String::from("<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>");
    huge.push_str(&"a".repeat(70 * 1024 * 1024));
    huge.push_str("</w:t></w:r></w:p></w:body></w:document>");
    let bomb = docx(&[("word/document.xml", huge.as_bytes())]);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    let message = refusal("bomb.docx", &bomb);
    assert!(message.contains("zip bomb"), "{message}");

    let names: Vec<String> = (0..10_001).map(|i| format!("x/{i}")).collect();
    let parts: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let crowded = docx(&parts);
    assert!(refusal("crowded.docx", &crowded).contains("10001 entries"));

    assert!(refusal("empty.docx", &docx(&[("a.txt", b"x")])).contains("no word/document.xml"));
    assert!(refusal("junk.docx", b"PK\x03\x04 not really").contains("cannot be read"));
    let bad_xml = docx(&[("word/document.xml", b"<w:document><w:p><w:t>open")]);
    assert!(refusal("bad.docx", &bad_xml).contains("word/document.xml"));
}

// ---------------------------------------------------------------- EML

#[test]
fn an_email_gives_its_headers_as_fields_and_its_plain_body_as_text() {
    let imported = import::import_bytes(Some(Path::new("launch.eml")), EMAIL.as_bytes()).unwrap();
    assert_eq!(imported.title.as_deref(), Some("Satellite launch – note"));
    assert_eq!(imported.author.as_deref(), Some("김정은 <kim@example.org>"));
    assert_eq!(imported.published.unwrap().edtf(), "2023-11-21");
    assert_eq!(
        imported.text,
        "From: 김정은 <kim@example.org>\nTo: desk@example.org\n\
         Date: Tue, 21 Nov 2023 23:40:00 +0900\nSubject: Satellite launch – note\n\n\
         New spy satellite launched.\n위성 발사."
    );
}

#[test]
fn an_html_only_email_reads_through_the_html_reader() {
    let mail = b"From: desk@example.org\nSubject: Caf\xe9\nContent-Type: text/html; charset=iso-8859-1\n\
Content-Transfer-Encoding: quoted-printable\n\n<p>Le caf=E9 <b>ferm=\n=E9</b></p><script>x()</script>";
    let imported = import::import_bytes(Some(Path::new("m.eml")), mail).unwrap();
    assert_eq!(imported.title.as_deref(), Some("Café"));
    assert!(
        imported.text.ends_with("\n\nLe café fermé"),
        "{}",
        imported.text
    );
    assert!(imported.published.is_none());
    assert!(refusal("none.eml", b"no headers here\n\nbody").contains("no headers"));
    let nested: String = (0..20)
        .map(|i| {
            format!(
                "--b{i}\nContent-Type: multipart/mixed; boundary=b{}\n\n",
                i + 1
            )
        })
        .collect();
    let nested = format!("Subject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n{nested}");
    assert!(refusal("deep.eml", nested.as_bytes()).contains("nest"));
}

// ---------------------------------------------------------------- store

fn add_report(store: &mut Store) -> SourceId {
    let imported = import::import_bytes(Some(Path::new("visit.pdf")), &report_pdf()).unwrap();
    let applied = store
        .apply(&Action::CreateSource(SourceFields {
            title: imported.title.unwrap(),
            author: imported.author.unwrap_or_default(),
            published: imported.published,
            body: imported.text,
            encoding: imported.encoding,
            file: imported.file,
            ..SourceFields::default()
        }))
        .unwrap();
    let Some(Created::Source(id)) = applied.created else {
        panic!("{applied:?}")
    };
    id
}

#[test]
fn the_page_map_lives_with_the_source_and_undo_takes_it_away() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add_report(&mut store);
    let notebook = store.load().unwrap();
    let source = notebook.source(id).unwrap();
    assert_eq!(source.pages.len(), 3);
    assert_eq!(
        source.file.as_ref().unwrap().sha256,
        sha256_hex(&report_pdf())
    );
    store.undo().unwrap();
    assert!(store.load().unwrap().sources.is_empty());
    store.redo().unwrap();
    assert_eq!(store.load().unwrap().source(id).unwrap().pages.len(), 3);
    // An excerpt on page 3 knows its page.
    let body = store.source_body(id).unwrap();
    let at = body.find("eastern Russia").unwrap();
    let start = body[..at].chars().count();
    store
        .apply(&Action::CreateExcerpt {
            range: ExcerptRange {
                source: id,
                start,
                end: start + "eastern Russia".len(),
            },
            events: Vec::new(),
        })
        .unwrap();
    let notebook = store.load().unwrap();
    let source = notebook.source(id).unwrap();
    let excerpt = notebook.excerpts_of_source(id).next().unwrap();
    assert_eq!(source.page_of(excerpt), Some(3));
    assert_eq!(
        source.pin_cite(excerpt.start, excerpt.end).as_deref(),
        Some("p. 3")
    );
}

#[test]
fn editing_the_text_carries_the_pages_along() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add_report(&mut store);
    let before = store.load().unwrap().source(id).unwrap().clone();
    let body = store.source_body(id).unwrap();
    let edited = body.replacen(
        "Warnings over the visit",
        "Warnings over the visit\nAdded line",
        1,
    );
    store
        .apply(&Action::UpdateSource {
            id,
            fields: SourceFields::of(&before, edited.clone()),
        })
        .unwrap();
    let after = store.load().unwrap().source(id).unwrap().clone();
    let shift = "\nAdded line".chars().count();
    assert_eq!(after.pages[1].start, before.pages[1].start + shift);
    assert_eq!(after.pages[2].end, before.pages[2].end + shift);
    // The original file is still the one the text was read from.
    assert_eq!(after.file, before.file);
    store.undo().unwrap();
    assert_eq!(store.load().unwrap().source(id).unwrap(), &before);
}

#[test]
fn a_page_map_that_does_not_fit_the_text_is_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let result = store.apply(&Action::CreateSource(SourceFields {
        title: "Short".into(),
        body: "abc".into(),
        file: Some(annals::model::pages::SourceFile {
            pages: vec![annals::model::pages::PageSpan {
                page: 1,
                start: 0,
                end: 10,
            }],
            ..Default::default()
        }),
        ..SourceFields::default()
    }));
    assert!(result.is_err());
    assert!(store.load().unwrap().sources.is_empty());
}

// ---------------------------------------------------------------- CLI

fn json(nb: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout_of(on(nb, args))).unwrap()
}

#[test]
fn cli_pdf_source_excerpt_on_page_3_shows_its_page_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let nb = new_notebook(dir.path());
    let bytes = report_pdf();
    let file = write(dir.path(), "visit.pdf", &bytes);
    on(&nb, &["source", "add"])
        .arg(&file)
        .assert()
        .success()
        .stdout("1\n");
    on(
        &nb,
        &[
            "event",
            "add",
            "--title",
            "Summit in eastern Russia",
            "--date",
            "Sept 2023",
        ],
    )
    .assert()
    .success();
    on(
        &nb,
        &[
            "excerpt",
            "add",
            "--source",
            "1",
            "--quote",
            "met in eastern Russia",
            "--event",
            "1",
        ],
    )
    .assert()
    .success();
    on(
        &nb,
        &[
            "excerpt",
            "add",
            "--source",
            "1",
            "--quote",
            "warned against",
        ],
    )
    .assert()
    .success();

    let source = json(&nb, &["source", "show", "--json", "1"]);
    assert_eq!(source["title"], "Putin–Kim: the visit");
    assert_eq!(source["author"], "Jane Roe");
    assert_eq!(source["published"], "2023-09-13");
    assert_eq!(source["sha256"], sha256_hex(&bytes));
    assert_eq!(source["file"]["name"], "visit.pdf");
    assert_eq!(source["file"]["bytes"], bytes.len());
    let pages = source["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[2]["page"], 3);
    let excerpts = source["excerpts"].as_array().unwrap();
    let page_of = |quote: &str| {
        excerpts
            .iter()
            .find(|x| x["quote"] == quote)
            .map(|x| x["page"].clone())
            .unwrap()
    };
    assert_eq!(page_of("met in eastern Russia"), 3);
    assert_eq!(page_of("warned against"), 1);

    let event = json(&nb, &["show", "--json", "1"]);
    assert_eq!(event["excerpts"][0]["page"], 3);
    on(&nb, &["show", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("— Putin–Kim: the visit, p. 3"));

    for (format, name) in [("markdown", "out.md"), ("html", "out.html")] {
        let out = dir.path().join(name);
        annals()
            .args(["export", "-n"])
            .arg(&nb)
            .args(["--format", format, "-o"])
            .arg(&out)
            .assert()
            .success();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(
            text.contains("13 September 2023, p. 3."),
            "{format}: {text}"
        );
    }
}

#[test]
fn cli_unpaged_sources_have_null_pages_and_a_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let nb = new_notebook(dir.path());
    let mail = write(dir.path(), "launch.eml", EMAIL.as_bytes());
    on(&nb, &["source", "add"]).arg(&mail).assert().success();
    on(
        &nb,
        &[
            "excerpt",
            "add",
            "--source",
            "1",
            "--quote",
            "spy satellite",
        ],
    )
    .assert()
    .success();
    let source = json(&nb, &["source", "show", "--json", "1"]);
    assert_eq!(source["title"], "Satellite launch – note");
    assert_eq!(source["published"], "2023-11-21");
    assert_eq!(source["sha256"], sha256_hex(EMAIL.as_bytes()));
    assert!(source.get("pages").is_none());
    assert_eq!(source["excerpts"][0]["page"], serde_json::Value::Null);
    // Pasted on standard input: the bytes read are fingerprinted too.
    on(&nb, &["source", "add", "--title", "Pasted", "-"])
        .write_stdin("Kim met Putin.")
        .assert()
        .success();
    let pasted = json(&nb, &["source", "show", "--json", "2"]);
    assert_eq!(pasted["sha256"], sha256_hex(b"Kim met Putin."));
}

#[test]
fn cli_refused_files_say_why_in_one_line_and_add_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let nb = new_notebook(dir.path());
    let before = std::fs::read(&nb).unwrap();
    let scan = write(dir.path(), "scan.pdf", &pdf_without_text(1));
    let truncated = write(dir.path(), "cut.pdf", &report_pdf()[..200]);
    let bomb_xml = format!(
        "<w:document><w:p><w:t>{}</w:t></w:p></w:document>",
        "a".repeat(20 << 20)
    );
    let bomb = write(
        dir.path(),
        "bomb.docx",
        &docx(&[("word/document.xml", bomb_xml.as_bytes())]),
    );
    for (file, reason) in [
        (
            &scan,
            "This PDF has no text layer (a scan?); Annals does not do OCR yet.",
        ),
        (&truncated, "this PDF cannot be read"),
        (&bomb, "zip bomb"),
    ] {
        let output = on(&nb, &["source", "add"]).arg(file).output().unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(reason), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
    assert_eq!(std::fs::read(&nb).unwrap(), before);
}

#[test]
fn lossless_json_carries_the_page_map_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let nb = new_notebook(dir.path());
    let file = write(dir.path(), "visit.pdf", &report_pdf());
    on(&nb, &["source", "add"]).arg(&file).assert().success();
    let out = dir.path().join("nb.json");
    annals()
        .args(["export", "-n"])
        .arg(&nb)
        .args(["--format", "json", "-o"])
        .arg(&out)
        .assert()
        .success();
    let exported: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let source = exported["sources"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(source["pages"].as_array().unwrap().len(), 3);
    assert_eq!(source["file"]["sha256"], sha256_hex(&report_pdf()));

    let copy = dir.path().join("copy.annals");
    annals().arg("new").arg(&copy).assert().success();
    on(&copy, &["import"]).arg(&out).assert().success();
    let original = json(&nb, &["source", "show", "--json", "1"]);
    let imported = json(&copy, &["source", "show", "--json", "1"]);
    for key in ["pages", "file", "sha256", "text", "title"] {
        assert_eq!(imported[key], original[key], "{key}");
    }
    // Importing again changes nothing: the file and pages are the same.
    on(&copy, &["import"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("conflict").not());
}

// ---------------------------------------------------------------- kept originals

/// A source read from `name` with `bytes`, keeping the bytes when `keep`.
fn add_file(store: &mut Store, name: &str, bytes: &[u8], keep: bool) -> SourceId {
    let mut imported = import::import_bytes(Some(Path::new(name)), bytes).unwrap();
    let file = imported.file.as_mut().unwrap();
    file.kept = KeptBytes::chosen(keep, bytes.into());
    let applied = store
        .apply(&Action::CreateSource(SourceFields {
            title: imported.title.unwrap_or_else(|| name.to_owned()),
            body: imported.text,
            encoding: imported.encoding,
            file: imported.file,
            ..SourceFields::default()
        }))
        .unwrap();
    let Some(Created::Source(id)) = applied.created else {
        panic!("{applied:?}")
    };
    id
}

/// Rows of a notebook file's table, read beside the store.
fn rows_in(nb: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(nb).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_kept_original_comes_back_byte_for_byte_and_undo_redo_are_exact() {
    let mut store = Store::open_in_memory().unwrap();
    let empty = store.dump().unwrap();
    let bytes = report_pdf();
    let id = add_file(&mut store, "visit.pdf", &bytes, true);
    let added = store.dump().unwrap();
    assert!(store.load().unwrap().source(id).unwrap().original_kept);
    assert_eq!(store.original(id).unwrap().as_deref(), Some(&bytes[..]));
    store.undo().unwrap();
    assert_eq!(store.dump().unwrap(), empty);
    assert_eq!(store.original(id).unwrap(), None);
    store.redo().unwrap();
    assert_eq!(store.dump().unwrap(), added);
    assert_eq!(store.original(id).unwrap().as_deref(), Some(&bytes[..]));
    // Deleted with the source; undo brings both back.
    store.apply(&Action::DeleteSource(id)).unwrap();
    assert_eq!(store.original(id).unwrap(), None);
    store.undo().unwrap();
    assert_eq!(store.dump().unwrap(), added);
    assert_eq!(store.original(id).unwrap().as_deref(), Some(&bytes[..]));
    // Not kept: the fingerprint only.
    let other = add_file(&mut store, "launch.eml", EMAIL.as_bytes(), false);
    let notebook = store.load().unwrap();
    let source = notebook.source(other).unwrap();
    assert!(!source.original_kept);
    assert_eq!(
        source.file.as_ref().unwrap().sha256,
        sha256_hex(EMAIL.as_bytes())
    );
    assert_eq!(store.original(other).unwrap(), None);
}

#[test]
fn bytes_that_are_not_the_sources_file_are_refused() {
    let mut store = Store::open_in_memory().unwrap();
    let mut imported =
        import::import_bytes(Some(Path::new("launch.eml")), EMAIL.as_bytes()).unwrap();
    imported.file.as_mut().unwrap().kept = KeptBytes::Keep(b"other bytes".as_slice().into());
    let result = store.apply(&Action::CreateSource(SourceFields {
        title: "Launch".into(),
        body: imported.text,
        file: imported.file,
        ..SourceFields::default()
    }));
    let error = result.unwrap_err().to_string();
    assert!(error.contains("are not the source's file"), "{error}");
    assert!(store.load().unwrap().sources.is_empty());
}

#[test]
fn reading_the_text_again_from_a_file_replaces_or_lets_go_the_kept_bytes() {
    let mut store = Store::open_in_memory().unwrap();
    let id = add_file(&mut store, "launch.eml", EMAIL.as_bytes(), true);
    let source = store.load().unwrap().source(id).unwrap().clone();
    let fields = |bytes: &[u8], kept: KeptBytes| {
        let mut imported = import::import_bytes(Some(Path::new("new.txt")), bytes).unwrap();
        imported.file.as_mut().unwrap().kept = kept;
        SourceFields {
            file: imported.file,
            ..SourceFields::of(&source, imported.text)
        }
    };
    let v2 = b"New spy satellite launched. Second version.".as_slice();
    store
        .apply(&Action::UpdateSource {
            id,
            fields: fields(v2, KeptBytes::Keep(v2.into())),
        })
        .unwrap();
    assert_eq!(store.original(id).unwrap().as_deref(), Some(v2));
    // Another file whose bytes are not kept: the old bytes are not its.
    let v3 = b"Third version.".as_slice();
    store
        .apply(&Action::UpdateSource {
            id,
            fields: fields(v3, KeptBytes::Discard),
        })
        .unwrap();
    assert_eq!(store.original(id).unwrap(), None);
    assert!(!store.load().unwrap().source(id).unwrap().original_kept);
    store.undo().unwrap();
    assert_eq!(store.original(id).unwrap().as_deref(), Some(v2));
    store.undo().unwrap();
    assert_eq!(
        store.original(id).unwrap().as_deref(),
        Some(EMAIL.as_bytes())
    );
    // An edit by hand (no file) keeps what is kept.
    store
        .apply(&Action::UpdateSource {
            id,
            fields: SourceFields {
                title: "Renamed".into(),
                ..SourceFields::of(&source, store.source_body(id).unwrap())
            },
        })
        .unwrap();
    assert_eq!(
        store.original(id).unwrap().as_deref(),
        Some(EMAIL.as_bytes())
    );
}

#[test]
fn altered_kept_bytes_are_refused_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("n.annals");
    let id = {
        let mut store = Store::create(&nb).unwrap();
        add_file(&mut store, "launch.eml", EMAIL.as_bytes(), true)
    };
    {
        let conn = rusqlite::Connection::open(&nb).unwrap();
        conn.execute(
            "UPDATE original_files SET bytes = CAST('forged' AS BLOB)",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&nb).unwrap();
    let error = store.original(id).unwrap_err().to_string();
    assert!(
        error.contains("was altered") && error.contains(&sha256_hex(EMAIL.as_bytes())),
        "{error}"
    );
    let problems = store.check().unwrap();
    assert!(
        problems.iter().any(|p| p.contains("was altered")),
        "{problems:?}"
    );
}

/// Bytes of a stand-in original file: not text, not compressible.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn undo_and_redo_never_copy_the_kept_bytes_into_the_history() {
    const MB: usize = 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("n.annals");
    // A 20 MB PDF with a short text, like a scan with a text layer.
    let bytes = padded_report_pdf(noise(20 * MB, 7));
    let size_after = |store: Store| {
        drop(store);
        std::fs::metadata(&nb).unwrap().len()
    };
    let mut store = Store::create(&nb).unwrap();
    let id = add_file(&mut store, "big.pdf", &bytes, true);
    let added = size_after(store);
    let mut store = Store::open(&nb).unwrap();
    for _ in 0..2 {
        store.undo().unwrap();
        store.redo().unwrap();
    }
    assert_eq!(store.original(id).unwrap().as_deref(), Some(&bytes[..]));
    let after = size_after(store);
    assert!(
        after < added + MB as u64,
        "{added} bytes after adding, {after} after undo and redo twice"
    );
    // A second source from the same file shares the bytes.
    let mut store = Store::open(&nb).unwrap();
    add_file(&mut store, "copy of big.pdf", &bytes, true);
    let twice = size_after(store);
    assert!(twice < added + MB as u64, "{added} then {twice}");
    assert_eq!(rows_in(&nb, "original_files"), 1);
    // Undone and then dropped by a new action, nothing names the bytes.
    let mut store = Store::open(&nb).unwrap();
    store.apply(&Action::DeleteSource(id)).unwrap();
    store
        .apply(&Action::DeleteSource(SourceId(id.0 + 1)))
        .unwrap();
    assert_eq!(rows_in(&nb, "original_files"), 1, "the history names them");
    store.undo().unwrap();
    store.undo().unwrap();
    store.undo().unwrap();
    store.undo().unwrap();
    store
        .apply(&Action::CreateNote {
            owner: annals::model::NoteOwner::Notebook,
            body: "a new step ends the redo".into(),
        })
        .unwrap();
    drop(store);
    assert_eq!(rows_in(&nb, "original_files"), 0);
}

#[test]
fn cli_keeps_the_original_by_default_and_writes_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let nb = new_notebook(dir.path());
    let report = write(dir.path(), "visit.pdf", &report_pdf());
    on(&nb, &["source", "add"]).arg(&report).assert().success();
    let source = json(&nb, &["source", "show", "--json", "1"]);
    assert_eq!(source["original_kept"], true);
    let out = dir.path().join("back.pdf");
    on(&nb, &["source", "original", "1"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("Wrote the original of source 1"));
    assert_eq!(std::fs::read(&out).unwrap(), report_pdf());
    // An existing file is kept unless --force.
    std::fs::write(&out, b"mine").unwrap();
    on(&nb, &["source", "original", "1"])
        .arg("--out")
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("pass --force to replace it"));
    assert_eq!(std::fs::read(&out).unwrap(), b"mine");
    on(&nb, &["source", "original", "1", "--force"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read(&out).unwrap(), report_pdf());
    // No temporary file is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn cli_no_keep_original_keeps_only_the_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let nb = new_notebook(dir.path());
    let mail = write(dir.path(), "launch.eml", EMAIL.as_bytes());
    on(&nb, &["source", "add", "--no-keep-original"])
        .arg(&mail)
        .assert()
        .success();
    let source = json(&nb, &["source", "show", "--json", "1"]);
    assert_eq!(source["original_kept"], false);
    assert_eq!(source["sha256"], sha256_hex(EMAIL.as_bytes()));
    let out = dir.path().join("back.eml");
    let output = on(&nb, &["source", "original", "1"])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("source 1 keeps no original file"),
        "{stderr}"
    );
    assert!(!out.exists());
    // Reading the same file again with --keep-original keeps it now.
    on(&nb, &["source", "edit", "1", "--keep-original"])
        .arg(&mail)
        .assert()
        .success();
    assert_eq!(
        json(&nb, &["source", "show", "--json", "1"])["original_kept"],
        true
    );
    on(&nb, &["source", "original", "1"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read(&out).unwrap(), EMAIL.as_bytes());
    // Undo lets it go again.
    on(&nb, &["undo"]).assert().success();
    assert_eq!(
        json(&nb, &["source", "show", "--json", "1"])["original_kept"],
        false
    );
    // Both flags, or a flag without a file, are refused.
    on(
        &nb,
        &["source", "add", "--keep-original", "--no-keep-original"],
    )
    .arg(&mail)
    .assert()
    .failure();
    on(&nb, &["source", "edit", "1", "--keep-original"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("go with a FILE"));
}

#[test]
fn cli_a_file_over_50_mb_is_not_kept_unless_asked() {
    const MB: usize = 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let nb = new_notebook(dir.path());
    let bytes = padded_report_pdf(vec![b'x'; 50 * MB + 1]);
    let big = write(dir.path(), "big.pdf", &bytes);
    on(&nb, &["source", "add"])
        .arg(&big)
        .assert()
        .success()
        .stderr(predicate::str::contains("over 50 MB and was not kept"));
    assert_eq!(
        json(&nb, &["source", "show", "--json", "1"])["original_kept"],
        false
    );
    on(&nb, &["source", "add", "--keep-original"])
        .arg(&big)
        .assert()
        .success();
    assert_eq!(
        json(&nb, &["source", "show", "--json", "2"])["original_kept"],
        true
    );
}
