//! Export: golden files of the demo notebook, round trips of the data
//! formats, the report's text in PDF and DOCX, a hostile notebook in every
//! format, and the `annals export` command as a user runs it.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use annals::action::{Action, Created, EventFields, ExcerptRange, SourceFields};
use annals::export::json::NotebookJson;
use annals::export::{self, Bodies, Format, Options, Scope};
use annals::model::date::Date;
use annals::model::filter::Filter;
use annals::model::{NoteOwner, Notebook, Uid};
use annals::store::Store;
use assert_cmd::Command;
use predicates::prelude::*;

/// Set to rewrite the golden files instead of comparing with them.
const UPDATE_ENV: &str = "UPDATE_GOLDEN";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/export")
}

/// The demo notebook, with uids made deterministic (they are UUID v7s,
/// which carry the time they were made) so golden files stay stable.
fn demo() -> (tempfile::TempDir, Store, Notebook, Bodies) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("Demo.annals")).unwrap();
    annals::demo::build(&mut store).unwrap();
    let mut notebook = store.load().unwrap();
    let bodies = export::fetch_bodies(&store, &notebook).unwrap();
    let fixed = |kind: u8, n: usize| Uid(format!("00000000-0000-7000-8000-{kind:02}{n:010}"));
    for (i, e) in notebook.events.iter_mut().enumerate() {
        e.uid = fixed(1, i);
    }
    for (i, t) in notebook.tracks.iter_mut().enumerate() {
        t.uid = fixed(2, i);
    }
    for (i, t) in notebook.tags.iter_mut().enumerate() {
        t.uid = fixed(3, i);
    }
    for (i, s) in notebook.sources.iter_mut().enumerate() {
        s.uid = fixed(4, i);
    }
    for (i, x) in notebook.excerpts.iter_mut().enumerate() {
        x.uid = fixed(5, i);
    }
    for (i, n) in notebook.notes.iter_mut().enumerate() {
        n.uid = fixed(6, i);
    }
    notebook.reindex();
    (dir, store, notebook, bodies)
}

fn options() -> Options {
    Options {
        title: "Demo".into(),
        generated: Some("2024-06-14T09:00:00Z".into()),
        ..Options::default()
    }
}

fn export_whole(format: Format, notebook: &Notebook, bodies: &Bodies) -> Vec<u8> {
    export::export_to_vec(format, notebook, &Scope::whole(), bodies, &options()).unwrap()
}

fn check_golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os(UPDATE_ENV).is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with {UPDATE_ENV}=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "length".to_owned(), |n| format!("line {}", n + 1));
        panic!(
            "{name} differs from the golden file at {line}; if the change is intended, \
             run with {UPDATE_ENV}=1 and review the diff"
        );
    }
}

#[test]
fn golden_files_of_the_demo_notebook() {
    let (_dir, _store, notebook, bodies) = demo();
    for (format, name) in [
        (Format::Markdown, "demo.md"),
        (Format::Html, "demo.html"),
        (Format::Csv, "demo.csv"),
        (Format::Json, "demo.json"),
        (Format::TimelineJs, "demo-timelinejs.json"),
    ] {
        let bytes = export_whole(format, &notebook, &bodies);
        check_golden(name, &String::from_utf8(bytes).unwrap());
    }
}

#[test]
fn markdown_report_footnotes_every_quote() {
    let (_dir, _store, notebook, bodies) = demo();
    let md = String::from_utf8(export_whole(Format::Markdown, &notebook, &bodies)).unwrap();
    assert!(md.starts_with("# Chronology: Demo\n"));
    assert!(md.contains("## September 2023 — Putin–Kim summit in eastern Russia"));
    // Six events, six quotes, six footnotes: the first cites in full, the
    // others in short.
    for n in 1..=6 {
        assert!(md.contains(&format!("[^{n}]\n")), "reference {n}");
        assert!(md.contains(&format!("\n[^{n}]: ")), "footnote {n}");
    }
    assert!(md.contains("[^1]: The Annals team, “Warnings over Putin's planned visit to North Korea,” *Annals demo briefing*, 12 June 2024, accessed 13 June 2024."));
    assert!(
        md.contains("[^2]: The Annals team, “Warnings over Putin's planned visit to North Korea.”")
    );
    // The description's own Markdown is kept.
    assert!(md.contains("**including military**"));
    // The rendered Markdown has real footnotes.
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_FOOTNOTES),
    );
    assert_eq!(
        html.matches("class=\"footnote-definition\"").count(),
        6,
        "{html}"
    );
}

#[test]
fn json_reads_back_to_the_same_notebook() {
    let (_dir, store, notebook, bodies) = demo();
    let bytes = export_whole(Format::Json, &notebook, &bodies);
    let json = NotebookJson::from_slice(&bytes).unwrap();
    assert_eq!(json.format, "annals-notebook");
    assert_eq!(json.version, 1);
    assert!(json.scope.whole);
    assert_eq!(json.events.len(), notebook.events.len());
    for event in &notebook.events {
        let e = &json.events[&event.uid];
        assert_eq!(e.title, event.title);
        assert_eq!(Date::parse_edtf(&e.date).unwrap(), event.date);
        assert_eq!(e.description, event.description);
        assert_eq!(e.time_zone, event.time_zone);
        let track = event.track.and_then(|t| notebook.track(t)).map(|t| &t.uid);
        assert_eq!(e.track.as_ref(), track);
        let tags: Vec<&Uid> = event
            .tags
            .iter()
            .map(|t| &notebook.tag(*t).unwrap().uid)
            .collect();
        assert_eq!(e.tags.iter().collect::<Vec<_>>(), tags);
        let excerpts: Vec<&Uid> = event
            .excerpts
            .iter()
            .map(|x| &notebook.excerpt(*x).unwrap().uid)
            .collect();
        assert_eq!(e.excerpts.iter().collect::<Vec<_>>(), excerpts);
    }
    for track in &notebook.tracks {
        let t = &json.tracks[&track.uid];
        assert_eq!(
            (&t.name, &t.colour, t.position),
            (&track.name, &track.colour.hex(), track.position)
        );
    }
    for tag in &notebook.tags {
        assert_eq!(json.tags[&tag.uid].name, tag.name);
    }
    for source in &notebook.sources {
        let s = &json.sources[&source.uid];
        assert_eq!(s.text, store.source_body(source.id).unwrap());
        assert_eq!(s.text.chars().count(), source.body_chars);
        assert_eq!(
            (&s.title, &s.outlet, &s.author, &s.url, &s.encoding),
            (
                &source.title,
                &source.outlet,
                &source.author,
                &source.url,
                &source.encoding
            )
        );
        assert_eq!(
            s.published.as_deref(),
            source.published.as_ref().map(Date::edtf)
        );
        assert_eq!(
            s.accessed.as_deref(),
            source.accessed.as_ref().map(Date::edtf)
        );
    }
    for excerpt in &notebook.excerpts {
        let x = &json.excerpts[&excerpt.uid];
        let source = notebook.source(excerpt.source).unwrap();
        assert_eq!(x.source, source.uid);
        assert_eq!((x.start, x.end), (excerpt.start, excerpt.end));
        assert_eq!(
            (&x.quote, &x.prefix, &x.suffix, x.lost),
            (
                &excerpt.quote,
                &excerpt.prefix,
                &excerpt.suffix,
                excerpt.lost
            )
        );
        // The range points at the quote in the exported text.
        let text = &json.sources[&x.source].text;
        let quoted: String = text.chars().skip(x.start).take(x.end - x.start).collect();
        assert_eq!(quoted, x.quote);
    }
    assert_eq!(json.notes.len(), notebook.notes.len());
    for note in &notebook.notes {
        let n = &json.notes[&note.uid];
        assert_eq!(n.body, note.body);
        let owner = match note.owner {
            NoteOwner::Notebook => export::json::OwnerJson::Notebook,
            NoteOwner::Event(id) => {
                export::json::OwnerJson::Event(notebook.event(id).unwrap().uid.clone())
            }
            NoteOwner::Source(id) => {
                export::json::OwnerJson::Source(notebook.source(id).unwrap().uid.clone())
            }
        };
        assert_eq!(n.owner, owner);
    }
    // Writing what was read gives the same bytes.
    let mut again = serde_json::to_vec_pretty(&json).unwrap();
    again.push(b'\n');
    assert_eq!(again, bytes);
}

#[test]
fn json_refuses_other_and_newer_files() {
    let error = NotebookJson::from_slice(br#"{"format": "other"}"#).unwrap_err();
    assert!(error.to_string().contains("not an Annals notebook export"));
    let error =
        NotebookJson::from_slice(br#"{"format": "annals-notebook", "version": 99}"#).unwrap_err();
    assert!(error.to_string().contains("newer Annals"), "{error}");
}

#[test]
fn a_partial_json_holds_what_its_events_refer_to() {
    let (_dir, _store, notebook, bodies) = demo();
    let scope = Scope::of(Filter {
        tracks: vec!["Military".into()],
        ..Filter::default()
    });
    let bytes =
        export::export_to_vec(Format::Json, &notebook, &scope, &bodies, &options()).unwrap();
    let json = NotebookJson::from_slice(&bytes).unwrap();
    assert!(!json.scope.whole);
    assert_eq!(json.scope.description, "track: Military");
    assert_eq!(json.events.len(), 1);
    assert_eq!(json.tracks.len(), 1);
    assert_eq!(json.excerpts.len(), 1);
    assert_eq!(json.sources.len(), 1);
    // The notebook's own note and the source's note, not the summit's.
    assert_eq!(json.notes.len(), 2);
}

fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_reads_back_with_the_same_rows() {
    let (_dir, _store, notebook, bodies) = demo();
    let bytes = export_whole(Format::Csv, &notebook, &bodies);
    assert!(bytes.starts_with("\u{feff}uid,".as_bytes()));
    let (header, rows) = read_csv(&bytes);
    assert_eq!(
        header,
        [
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
            "source_uids"
        ]
    );
    assert_eq!(rows.len(), notebook.events.len());
    for (row, event) in rows.iter().zip(&notebook.events) {
        let bounds = event.date.bounds();
        let quotes: Vec<&str> = event
            .excerpts
            .iter()
            .map(|x| notebook.excerpt(*x).unwrap().quote.as_str())
            .collect();
        let expected = [
            event.uid.0.clone(),
            event.date.edtf().to_owned(),
            event.date.display(),
            bounds.earliest.iso(),
            bounds.latest.iso(),
            event.date.precision().name().to_owned(),
            event.title.clone(),
            notebook.track_name(event.track).to_owned(),
            "North Korea; Russia".to_owned(),
            event.description.clone(),
            quotes.join("\n\n"),
            notebook.sources[0].uid.0.clone(),
        ];
        assert_eq!(row, &expected);
    }
}

#[test]
fn the_pdf_holds_the_titles_and_quotes() {
    let (_dir, _store, notebook, bodies) = demo();
    let bytes = export_whole(Format::Pdf, &notebook, &bodies);
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&bytes);
    for event in &notebook.events {
        assert!(
            flat(&text).contains(&flat(&event.title)),
            "{} in {text}",
            event.title
        );
    }
    for excerpt in &notebook.excerpts {
        assert!(
            flat(&text).contains(&flat(&excerpt.quote)),
            "{}",
            excerpt.quote
        );
    }
    assert!(text.contains("Sources"));
    assert!(flat(&text).contains(&flat("Annals demo briefing, 12 June 2024")));
}

/// The text of every page of a PDF.
fn pdf_text(bytes: &[u8]) -> String {
    let document = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    document.extract_text(&pages).unwrap()
}

/// Text with all whitespace removed: PDF extraction breaks lines where the
/// layout did.
fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = archive.by_name(name).unwrap();
    let mut text = String::new();
    part.read_to_string(&mut text).unwrap();
    text
}

/// The text content of an XML part, checking it is well formed.
fn xml_text(xml: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut text = String::new();
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Text(t) => text.push_str(&t.xml10_content().unwrap()),
            quick_xml::events::Event::GeneralRef(r) => {
                let name = String::from_utf8(r.to_vec()).unwrap();
                text.push_str(match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" | "#39" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    text
}

#[test]
fn the_docx_has_the_titles_quotes_and_real_footnotes() {
    let (_dir, _store, notebook, bodies) = demo();
    let bytes = export_whole(Format::Docx, &notebook, &bodies);
    let document = docx_part(&bytes, "word/document.xml");
    let text = xml_text(&document);
    for event in &notebook.events {
        assert!(text.contains(&event.title), "{}", event.title);
    }
    for excerpt in &notebook.excerpts {
        assert!(text.contains(&excerpt.quote), "{}", excerpt.quote);
    }
    for n in 1..=6 {
        assert!(document.contains(&format!("<w:footnoteReference w:id=\"{n}\"/>")));
    }
    let notes = xml_text(&docx_part(&bytes, "word/footnotes.xml"));
    assert!(
        notes.contains("The Annals team, “Warnings over Putin's planned visit to North Korea,”")
    );
    let types = docx_part(&bytes, "[Content_Types].xml");
    assert!(types.contains("footnotes+xml"));
    // The same notebook gives the same file.
    assert_eq!(bytes, export_whole(Format::Docx, &notebook, &bodies));
}

const LONG_TITLE_CHARS: usize = 10_000;

/// A notebook built to break exporters.
fn hostile() -> (tempfile::TempDir, Notebook, Bodies, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(&dir.path().join("hostile.annals")).unwrap();
    let body = "김정은 위원장은 2023년 9월 러시아를 방문했다. \
                <script>alert('body')</script> =HYPERLINK(\"http://evil\",\"x\") \
                Путин прибыл в Пхеньян. 普京抵达平壤。 وصل بوتين إلى بيونغ يانغ.";
    let source = match store
        .apply(&Action::CreateSource(SourceFields {
            title: "</script><script>alert(1)</script>".into(),
            outlet: "<img src=x onerror=alert(2)>".into(),
            author: "=cmd|' /C calc'!A0".into(),
            url: "javascript:alert(3)".into(),
            published: Some(Date::parse("2024-06-12").unwrap()),
            accessed: None,
            body: body.into(),
            encoding: "UTF-8".into(),
            file: None,
        }))
        .unwrap()
        .created
    {
        Some(Created::Source(id)) => id,
        other => panic!("{other:?}"),
    };
    let titles = vec![
        "</script><script>alert('title')</script>".to_owned(),
        "<img src=x onerror=alert('title')>".to_owned(),
        "=HYPERLINK(\"http://evil.example\",\"click\")".to_owned(),
        "+1 -1 @SUM(A1)".to_owned(),
        "Left \u{202e}thgir ot tfel\u{2069} and on".to_owned(),
        "김정은 방러".to_owned(),
        "普京访问朝鲜".to_owned(),
        "زيارة بوتين".to_owned(),
        "Визит Путина".to_owned(),
        "# [^1] *not* `markup` | $x$".to_owned(),
        "x".repeat(LONG_TITLE_CHARS),
    ];
    let quotes = [
        "김정은 위원장은 2023년 9월 러시아를 방문했다.",
        "<script>alert('body')</script>",
        "=HYPERLINK(\"http://evil\",\"x\")",
        "Путин прибыл в Пхеньян.",
        "普京抵达平壤。",
        "وصل بوتين إلى بيونغ يانغ.",
    ];
    for (i, title) in titles.iter().enumerate() {
        let mut fields = EventFields::new(title.clone(), Date::parse("2023-09").unwrap());
        fields.track = Some(if i % 2 == 0 {
            "<b>Track</b>".into()
        } else {
            "=Track".into()
        });
        fields.tags = vec!["<i>tag</i>".into(), "@tag".into()];
        fields.description =
            "<script>alert('d')</script> ![x](http://evil.example/p.png) [a](javascript:alert(4))"
                .into();
        let quote = quotes[i % quotes.len()];
        let start = annals::model::text::occurrences(body, quote)[0];
        store
            .apply(&Action::CreateEventFromExcerpt {
                range: ExcerptRange {
                    source,
                    start,
                    end: start + quote.chars().count(),
                },
                fields,
            })
            .unwrap();
    }
    let notebook = store.load().unwrap();
    let bodies = export::fetch_bodies(&store, &notebook).unwrap();
    (dir, notebook, bodies, titles)
}

/// Elements a report may contain: none runs code or fetches anything.
const ALLOWED_TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "section",
    "h1",
    "h2",
    "p",
    "ol",
    "ul",
    "li",
    "div",
    "span",
    "bdi",
    "blockquote",
    "sup",
    "a",
    "i",
    "em",
    "strong",
    "code",
    "pre",
    "del",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// No element a browser would run or fetch from: every tag is one of
/// [`ALLOWED_TAGS`], no attribute is an event handler, no link runs script.
fn assert_inert_html(html: &str) {
    let lower = html.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        let end = tag.find('>').unwrap_or(tag.len());
        let inside = &tag[..end];
        let name: String = inside
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            ALLOWED_TAGS.contains(&name.as_str()),
            "<{inside}> in the HTML"
        );
        for attribute in inside.split_whitespace().skip(1) {
            assert!(!attribute.starts_with("on"), "<{inside}> has a handler");
            assert!(!attribute.contains("javascript:"), "<{inside}> runs script");
        }
        rest = &tag[end..];
    }
}

#[test]
fn a_hostile_notebook_exports_safely_in_every_format() {
    let (_dir, notebook, bodies, titles) = hostile();
    let out = |format| export_whole(format, &notebook, &bodies);

    let html = String::from_utf8(out(Format::Html)).unwrap();
    assert_inert_html(&html);
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("<bdi>Left \u{202e}thgir ot tfel\u{2069} and on</bdi>"));
    assert!(html.contains("김정은 방러"));

    // Markdown renders to nothing active either, and reads verbatim.
    let md = String::from_utf8(out(Format::Markdown)).unwrap();
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(
        &mut rendered,
        pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::all()),
    );
    assert_inert_html(&rendered);
    assert!(
        rendered.contains("# [^1] *not* `markup` | $x$"),
        "{rendered}"
    );
    // The override is closed before the line ends.
    let line = md.lines().find(|l| l.contains('\u{202e}')).unwrap();
    assert!(line.rfind('\u{2069}') > line.find('\u{202e}'));

    let csv = out(Format::Csv);
    let (_, rows) = read_csv(&csv);
    assert_eq!(rows.len(), titles.len());
    for cell in rows.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "formula cell {cell}"
        );
    }
    let hyperlink = rows.iter().find(|r| r[6].contains("HYPERLINK")).unwrap();
    assert_eq!(
        hyperlink[6],
        "'=HYPERLINK(\"http://evil.example\",\"click\")"
    );

    // JSON keeps every title verbatim.
    let json = NotebookJson::from_slice(&out(Format::Json)).unwrap();
    let exported: Vec<&str> = json.events.values().map(|e| e.title.as_str()).collect();
    for title in &titles {
        assert!(exported.contains(&title.as_str()), "{title}");
    }

    let timeline: serde_json::Value = serde_json::from_slice(&out(Format::TimelineJs)).unwrap();
    for slide in timeline["events"].as_array().unwrap() {
        let headline = slide["text"]["headline"].as_str().unwrap();
        assert!(!headline.contains('<'), "{headline}");
        assert_inert_html(slide["text"]["text"].as_str().unwrap());
        assert!(!slide["group"].as_str().unwrap().contains('<'));
    }

    let docx = out(Format::Docx);
    let document = xml_text(&docx_part(&docx, "word/document.xml"));
    assert!(document.contains("</script><script>alert('title')</script>"));
    assert!(document.contains("김정은 방러"));
    xml_text(&docx_part(&docx, "word/footnotes.xml"));

    let pdf = out(Format::Pdf);
    let text = flat(&pdf_text(&pdf));
    for script in [
        "김정은방러",
        "普京访问朝鲜",
        "Визит",
        "Путина",
        "普京抵达平壤。",
    ] {
        assert!(text.contains(script), "{script} missing from the PDF");
    }
    // Arabic is shaped (joined forms), so its extracted text is checked
    // letter by letter rather than as a string.
    for letter in ['ز', 'ي', 'ا', 'ر', 'ة', 'ب', 'و', 'ت', 'ن'] {
        assert!(text.contains(letter), "Arabic {letter} missing");
    }
    assert!(text.contains(&"x".repeat(200)));
}

#[test]
fn every_format_can_be_cancelled() {
    let (_dir, _store, notebook, bodies) = demo();
    let (scope, options) = (Scope::whole(), options());
    for format in Format::ALL {
        let job = export::Job::new(&notebook, &scope, &bodies, &options, &|_, _| false).unwrap();
        let mut out = Vec::new();
        let result = format.writer().write(&job, &mut out);
        assert!(
            matches!(result, Err(export::ExportError::Cancelled)),
            "{format}: {result:?}"
        );
    }
}

#[test]
fn progress_reaches_the_total() {
    let (_dir, _store, notebook, bodies) = demo();
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |done: usize, total: usize| {
        seen.lock().unwrap().push((done, total));
        true
    };
    let (scope, options) = (Scope::whole(), options());
    let job = export::Job::new(&notebook, &scope, &bodies, &options, &progress).unwrap();
    Format::Html.writer().write(&job, &mut Vec::new()).unwrap();
    assert_eq!(seen.lock().unwrap().last(), Some(&(6, 6)));
}

// The command, as a user runs it.

fn annals() -> Command {
    let mut cmd = Command::cargo_bin("annals").unwrap();
    // Never touch the real user's data folder.
    cmd.env("HOME", std::env::temp_dir());
    // HOME alone is not enough where XDG_CACHE_HOME is set: the record of
    // checked notebooks (store::verified) lives in the cache folder.
    cmd.env_remove("XDG_CACHE_HOME");
    cmd
}

fn demo_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research.annals");
    annals().arg("demo").arg(&path).assert().success();
    (dir, path)
}

fn files_in(dir: &Path) -> BTreeMap<String, u64> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().unwrap().len(),
            )
        })
        .collect()
}

#[test]
fn cli_exports_every_format_and_prints_the_path() {
    let (dir, notebook) = demo_file();
    for format in Format::ALL {
        let target = dir.path().join(format!("out-{}", format.name()));
        annals()
            .args(["export", "-n"])
            .arg(&notebook)
            .args(["--format", format.name(), "-o"])
            .arg(&target)
            .assert()
            .success()
            .stdout(format!("{}\n", target.display()));
        assert!(std::fs::metadata(&target).unwrap().len() > 100, "{format}");
    }
    // Nothing but the notebook and the exports: no temporary files left.
    assert_eq!(files_in(dir.path()).len(), 1 + Format::ALL.len());
}

#[test]
fn cli_names_the_file_when_given_a_folder() {
    let (dir, notebook) = demo_file();
    let out = dir.path().join("exports");
    std::fs::create_dir(&out).unwrap();
    annals()
        .args(["export", "-n"])
        .arg(&notebook)
        .args(["--format", "markdown", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout(format!(
            "{}\n",
            out.join("research-chronology.md").display()
        ));
    annals()
        .args(["export", "-n"])
        .arg(&notebook)
        .args(["--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        files_in(&out).keys().collect::<Vec<_>>(),
        ["research-chronology.md", "research-events.csv"]
    );
}

#[test]
fn cli_never_overwrites_without_force() {
    let (dir, notebook) = demo_file();
    let target = dir.path().join("report.md");
    std::fs::write(&target, "my own notes").unwrap();
    annals()
        .args(["export", "-n"])
        .arg(&notebook)
        .args(["--format", "markdown", "-o"])
        .arg(&target)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "my own notes");
    annals()
        .args(["export", "-n"])
        .arg(&notebook)
        .args(["--format", "markdown", "--force", "-o"])
        .arg(&target)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("# Chronology: research")
    );
}

#[test]
fn cli_bad_input_exits_2_and_writes_nothing() {
    let (dir, notebook) = demo_file();
    let before = files_in(dir.path());
    let target = dir.path().join("out.x");
    for (args, message) in [
        (vec!["--format", "gif"], "invalid value 'gif'"),
        (vec!["--format", "pptx"], "invalid value 'pptx'"),
        (
            vec!["--format", "png", "--width", "50"],
            "--width 50 is out of range",
        ),
        (
            vec!["--format", "png", "--width", "99999"],
            "--width 99999 is out of range",
        ),
        (
            vec!["--format", "png", "--width", "wide"],
            "invalid value 'wide'",
        ),
        (
            vec!["--format", "svg", "--width", "800"],
            "--width applies to --format png only",
        ),
        (
            vec!["--format", "timeline-pdf", "--paper", "a3"],
            "--paper \"a3\" is not a paper size",
        ),
        (
            vec!["--format", "pdf", "--paper", "letter"],
            "--paper applies to --format timeline-pdf only",
        ),
        (
            vec!["--format", "csv", "--track", "Militray"],
            "there is no track “Militray”",
        ),
        (
            vec!["--format", "csv", "--tag", "nope"],
            "there is no tag “nope”",
        ),
        (
            vec!["--format", "csv", "--from", "someday"],
            "--from “someday”",
        ),
        (
            vec!["--format", "csv", "--from", "2024", "--to", "2023"],
            "--from 2024 is after --to 2023",
        ),
    ] {
        annals()
            .args(["export", "-n"])
            .arg(&notebook)
            .args(&args)
            .arg("-o")
            .arg(&target)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(message));
    }
    annals()
        .args(["export", "-n"])
        .arg(&notebook)
        .args(["--format", "csv", "-o"])
        .arg(dir.path().join("missing").join("x.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    assert_eq!(files_in(dir.path()), before);
}

#[test]
fn cli_scope_narrows_the_export() {
    let (dir, notebook) = demo_file();
    let target = dir.path().join("2023.csv");
    annals()
        .args(["export", "-n"])
        .arg(&notebook)
        .args(["--format", "csv", "--from", "2023", "--to", "2023", "-o"])
        .arg(&target)
        .assert()
        .success();
    let (_, rows) = read_csv(&std::fs::read(&target).unwrap());
    let titles: Vec<&str> = rows.iter().map(|r| r[6].as_str()).collect();
    assert_eq!(
        titles,
        [
            "Putin–Kim summit in eastern Russia",
            "First military spy satellite launched"
        ]
    );
    let target = dir.path().join("diplomacy.md");
    annals()
        .args(["export", "-n"])
        .arg(&notebook)
        .args([
            "--format",
            "markdown",
            "--track",
            "diplomacy",
            "--tag",
            "Russia",
            "-o",
        ])
        .arg(&target)
        .assert()
        .success();
    let md = std::fs::read_to_string(&target).unwrap();
    assert!(
        md.contains("Track: diplomacy; tag: Russia · 4 events"),
        "{md}"
    );
    assert!(!md.contains("spy satellite"));
}

// The timeline as a picture, and the read-only page.

fn picture_options() -> Options {
    // No export time in pictures compared with golden files.
    Options {
        generated: None,
        ..options()
    }
}

fn export_picture(format: Format, notebook: &Notebook, options: &Options) -> Vec<u8> {
    export::export_to_vec(format, notebook, &Scope::whole(), &Bodies::new(), options).unwrap()
}

#[test]
fn golden_svg_of_the_demo_timeline() {
    let (_dir, _store, notebook, _bodies) = demo();
    let svg =
        String::from_utf8(export_picture(Format::Svg, &notebook, &picture_options())).unwrap();
    check_golden("demo-timeline.svg", &svg);
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).unwrap();
    assert_eq!(tree.size().width(), 1400.0);
    // Every event is in it (a tooltip with its full title and date), with
    // every lane, the axis and the legend.
    for event in &notebook.events {
        let title = event.title.replace('\'', "&#39;");
        let tooltip = format!("<title>{} — {title}</title>", event.date.display());
        assert!(svg.contains(&tooltip), "{tooltip}");
    }
    for track in &notebook.tracks {
        // The name in a bidi isolate, so an Arabic name keeps its count apart.
        let header = format!("\u{2068}{}\u{2069} · ", track.name);
        assert!(svg.contains(&header), "{}", track.name);
    }
    for (_, text) in annals::timeline::marks::LEGEND {
        assert!(svg.contains(text), "legend: {text}");
    }
    assert!(svg.contains(">Jan 2024</text>"));
    // Honest about precision: a month is a soft-edged bar, a day a point.
    assert!(svg.contains("<circle"));
    assert!(svg.contains("linearGradient"));
}

#[test]
fn a_range_picture_shows_only_that_window() {
    let (_dir, _store, notebook, _bodies) = demo();
    let scope = Scope::of(Filter {
        from: Some("2023-09".into()),
        to: Some("2023-12".into()),
        ..Filter::default()
    });
    let bytes = export::export_to_vec(
        Format::Svg,
        &notebook,
        &scope,
        &Bodies::new(),
        &picture_options(),
    )
    .unwrap();
    let svg = String::from_utf8(bytes).unwrap();
    assert!(svg.contains("1 September 2023 – 31 December 2023"), "{svg}");
    assert!(svg.contains("Putin–Kim summit"));
    assert!(!svg.contains("Haines on Russia"), "March 2024 is outside");
    let only_military = Scope::of(Filter {
        tracks: vec!["military".into()],
        ..Filter::default()
    });
    let bytes = export::export_to_vec(
        Format::Svg,
        &notebook,
        &only_military,
        &Bodies::new(),
        &picture_options(),
    )
    .unwrap();
    let svg = String::from_utf8(bytes).unwrap();
    assert!(svg.contains("\u{2068}Military\u{2069} · 1 in view"));
    assert!(!svg.contains("Diplomacy"));
}

/// Pixels that are not the white paper.
fn inked_fraction(pixmap: &resvg::tiny_skia::Pixmap) -> f64 {
    let inked = pixmap
        .pixels()
        .iter()
        .filter(|p| (p.red(), p.green(), p.blue()) != (255, 255, 255))
        .count();
    inked as f64 / pixmap.pixels().len() as f64
}

#[test]
fn the_png_has_the_requested_width_and_is_not_blank() {
    let (_dir, _store, notebook, _bodies) = demo();
    for width in [900, 2800] {
        let options = Options {
            width_px: Some(width),
            ..picture_options()
        };
        let png = export_picture(Format::Png, &notebook, &options);
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!(pixmap.width(), width);
        assert!(pixmap.height() > 200, "{}", pixmap.height());
        let inked = inked_fraction(&pixmap);
        assert!(inked > 0.05 && inked < 0.9, "{width}: {inked}");
        let colours: std::collections::HashSet<_> = pixmap
            .pixels()
            .iter()
            .map(|p| (p.red(), p.green(), p.blue()))
            .collect();
        assert!(
            colours.len() > 50,
            "lanes, marks and text: {}",
            colours.len()
        );
    }
}

/// A notebook of `count` daily events on one track, for paging.
fn many_events(count: usize) -> Notebook {
    let track = annals::model::Track {
        id: annals::model::TrackId(1),
        uid: Uid::new(),
        name: "Diplomacy".into(),
        colour: annals::model::notebook::Colour::nth(0),
        position: 0,
        hidden: false,
    };
    let events = (0..count)
        .map(|i| annals::model::Event {
            id: annals::model::EventId(i as i64 + 1),
            uid: Uid::new(),
            title: format!("Meeting {i}"),
            date: Date::parse(&format!(
                "{}-{:02}-{:02}",
                2000 + i / 300,
                i / 25 % 12 + 1,
                i % 25 + 1
            ))
            .unwrap(),
            time_zone: None,
            description: String::new(),
            track: Some(track.id),
            tags: Vec::new(),
            excerpts: Vec::new(),
        })
        .collect();
    let mut notebook = Notebook::new(events, vec![track], vec![], vec![], vec![], vec![]);
    notebook.reindex();
    notebook
}

fn pdf_page_sizes(bytes: &[u8]) -> Vec<(f32, f32)> {
    let document = lopdf::Document::load_mem(bytes).unwrap();
    document
        .get_pages()
        .values()
        .map(|id| {
            let page = document.get_dictionary(*id).unwrap();
            let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n = |i: usize| media[i].as_float().unwrap();
            (n(2) - n(0), n(3) - n(1))
        })
        .collect()
}

#[test]
fn the_timeline_pdf_is_paged_landscape_with_the_titles() {
    let (_dir, _store, notebook, _bodies) = demo();
    let pdf = export_picture(Format::TimelinePdf, &notebook, &picture_options());
    assert_eq!(pdf_page_sizes(&pdf), vec![(841.89, 595.28)]);
    let text = flat(&pdf_text(&pdf));
    assert!(text.contains(&flat("Demo · page 1 of 1")), "{text}");
    for event in &notebook.events {
        // Labels are elided to the room the layout gives them.
        let start: String = event.title.chars().take(14).collect();
        assert!(text.contains(&flat(&start)), "{start} in {text}");
    }
    for (_, legend) in annals::timeline::marks::LEGEND {
        assert!(text.contains(&flat(legend)), "{legend}");
    }

    // 60 events in one lane need 3 pages of 24; Letter is 792 × 612.
    let notebook = many_events(60);
    let options = Options {
        paper: export::picture::Paper::Letter,
        ..picture_options()
    };
    let pdf = export_picture(Format::TimelinePdf, &notebook, &options);
    let sizes = pdf_page_sizes(&pdf);
    assert_eq!(sizes, vec![(792.0, 612.0); 3]);
    let text = flat(&pdf_text(&pdf));
    for page in 1..=3 {
        assert!(text.contains(&flat(&format!("page {page} of 3"))));
    }
    // The lane is repeated on every page.
    assert_eq!(text.matches("Diplomacy·").count(), 3, "{text}");
    assert!(
        text.contains("Meeting0") && text.contains("Meeting59"),
        "{text}"
    );
}

/// SVG elements a picture may contain: shapes and text, nothing that
/// runs, links or fetches.
const SVG_TAGS: &[&str] = &[
    "svg",
    "title",
    "defs",
    "lineargradient",
    "stop",
    "clippath",
    "rect",
    "line",
    "circle",
    "polygon",
    "text",
    "g",
    "figure",
    "figcaption",
];

/// As [`assert_inert_html`], allowing the picture's SVG elements.
fn assert_inert_markup(markup: &str) {
    let lower = markup.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find('<') {
        let tag = &rest[at + 1..];
        let end = tag.find('>').unwrap_or(tag.len());
        let inside = &tag[..end];
        let name: String = inside
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            ALLOWED_TAGS.contains(&name.as_str()) || SVG_TAGS.contains(&name.as_str()),
            "<{inside}> in the markup"
        );
        for attribute in inside.split_whitespace().skip(1) {
            assert!(!attribute.starts_with("on"), "<{inside}> has a handler");
            assert!(!attribute.contains("javascript:"), "<{inside}> runs script");
        }
        rest = &tag[end..];
    }
}

#[test]
fn a_hostile_notebook_draws_safely_as_svg_and_page() {
    let (_dir, notebook, bodies, titles) = hostile();
    let options = picture_options();
    let svg = String::from_utf8(export_picture(Format::Svg, &notebook, &options)).unwrap();
    usvg::Tree::from_str(&svg, &usvg::Options::default()).unwrap();
    assert_inert_markup(&svg);
    assert!(!svg.contains("href"), "the picture links nowhere");
    for title in &titles {
        assert!(
            !svg.contains(title.as_str()) || !title.contains('<'),
            "{title} raw"
        );
    }
    assert!(svg.contains("&lt;/script&gt;&lt;script&gt;"));
    assert!(svg.contains("김정은 방러") && svg.contains("普京访问朝鲜"));
    assert!(svg.contains("زيارة بوتين") && svg.contains("Визит Путина"));
    // The override is isolated: a PDI closes it before the element ends.
    for line in svg.lines().filter(|l| l.contains('\u{202e}')) {
        assert!(line.find('\u{2068}') < line.find('\u{202e}'), "{line}");
        assert!(line.rfind('\u{2069}') > line.find('\u{202e}'), "{line}");
    }
    // A 10 KB title is elided on the timeline (its tooltip keeps it).
    let long = "x".repeat(LONG_TITLE_CHARS);
    assert!(svg.contains(&format!("— {long}</title>")));
    let label = svg
        .lines()
        .find(|l| l.contains(">xxxx") && l.contains("…"))
        .unwrap();
    assert!(label.len() < 400, "{} bytes", label.len());

    let page = String::from_utf8(
        export::export_to_vec(Format::Page, &notebook, &Scope::whole(), &bodies, &options).unwrap(),
    )
    .unwrap();
    assert_inert_markup(&page);
    assert!(page.contains("Content-Security-Policy"));
    assert!(page.contains("<figure class=\"timeline\">\n<svg"));
    assert!(page.contains("<bdi>김정은 방러</bdi>"));
    assert!(!page.contains("<script") && !page.contains("<img"));
    // The picture's PNG renders Korean, Chinese, Arabic and Russian.
    let png = export_picture(Format::Png, &notebook, &options);
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
    assert!(inked_fraction(&pixmap) > 0.05);
}

#[test]
fn the_page_holds_the_timeline_and_the_chronology() {
    let (_dir, _store, notebook, bodies) = demo();
    let page = String::from_utf8(
        export::export_to_vec(
            Format::Page,
            &notebook,
            &Scope::whole(),
            &bodies,
            &options(),
        )
        .unwrap(),
    )
    .unwrap();
    assert_inert_markup(&page);
    let figure = page.find("<figure class=\"timeline\">").unwrap();
    let chronology = page.find("<ol class=\"chronology\">").unwrap();
    assert!(figure < chronology, "the timeline comes first");
    for excerpt in &notebook.excerpts {
        let quote = excerpt.quote.trim().replace('\'', "&#39;");
        assert!(page.contains(&quote), "{quote}");
    }
    assert!(!page.contains("http-equiv=\"refresh\""));
    assert!(!page.contains("src="), "nothing is fetched");
}

#[test]
fn cli_refuses_pictures_over_existing_files() {
    let (dir, notebook) = demo_file();
    for format in ["svg", "png", "timeline-pdf", "page"] {
        let target = dir.path().join(format!("mine.{format}"));
        std::fs::write(&target, "my own").unwrap();
        annals()
            .args(["export", "-n"])
            .arg(&notebook)
            .args(["--format", format, "-o"])
            .arg(&target)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("exists; pass --force"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "my own");
    }
    let png = dir.path().join("wide.png");
    annals()
        .args(["export", "-n"])
        .arg(&notebook)
        .args(["--format", "png", "--width", "640", "-o"])
        .arg(&png)
        .assert()
        .success();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(&png).unwrap()).unwrap();
    assert_eq!(pixmap.width(), 640);
    let pdf = dir.path().join("letter.pdf");
    annals()
        .args(["export", "-n"])
        .arg(&notebook)
        .args(["--format", "timeline-pdf", "--paper", "letter", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    assert_eq!(
        pdf_page_sizes(&std::fs::read(&pdf).unwrap()),
        vec![(792.0, 612.0)]
    );
}

#[test]
fn the_current_view_picture_shows_that_window() {
    let (_dir, _store, notebook, _bodies) = demo();
    let day = 86_400.0;
    let start = annals::model::date::calendar::day_from_civil(2023, 9, 1) as f64 * day;
    let end = annals::model::date::calendar::day_from_civil(2024, 1, 1) as f64 * day;
    let options = Options {
        view: Some(annals::timeline::scale::TimeView::from_range(start, end)),
        ..picture_options()
    };
    let svg = String::from_utf8(export_picture(Format::Svg, &notebook, &options)).unwrap();
    assert!(svg.contains("1 September 2023 – 31 December 2023"));
    assert!(svg.contains("Putin–Kim summit"));
    assert!(!svg.contains("Haines on Russia"), "March 2024 is outside");
}
