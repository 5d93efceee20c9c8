//! The chronology report as a PDF: A4 pages, the report's entries, then the
//! notes (numbered as the quotes are) and the sources.
//!
//! Text is laid out by `cosmic-text` (shaping with HarfRust, bidi, line
//! breaking, font fallback per script) over the system's fonts found by
//! `fontdb`, and drawn with `krilla` as real text: the fonts are embedded as
//! subsets with their Unicode mapping, so the PDF's text can be searched,
//! copied and extracted. krilla is also the PDF back end the timeline
//! picture will use (`krilla-svg` draws the same SVG the PNG comes from).

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use cosmic_text::{
    Attrs, Buffer, Color, Family, FontSystem, Metrics, Shaping, Style as FontStyle, Weight, fontdb,
};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::citation::{Citation, Span};
use super::report::{Entry, LOST_NOTE, Report, UNSUPPORTED};
use super::rich::{self, Block};
use super::text::{isolate, one_line};
use super::{ExportError, ExportResult, Job, Writer};
use crate::model::notebook::Colour;

/// Writes the PDF report.
pub struct PdfWriter;

/// A4 in points.
const PAGE_WIDTH_PT: f32 = 595.28;
/// See [`PAGE_WIDTH_PT`].
const PAGE_HEIGHT_PT: f32 = 841.89;
/// 2 cm margins, as a printed report usually has.
const MARGIN_PT: f32 = 56.69;
/// Room kept under the text for the page footer.
const FOOTER_PT: f32 = 22.0;
/// Width of the text column.
const COLUMN_PT: f32 = PAGE_WIDTH_PT - 2.0 * MARGIN_PT;
/// Line height as a multiple of the font size: a comfortable reading
/// measure for 10–11 pt body text.
const LINE_SPACING: f32 = 1.35;
/// Body text size.
const BODY_PT: f32 = 10.5;
/// The report's title.
const TITLE_PT: f32 = 20.0;
/// An entry's title: the largest thing in an entry, below the title.
const ENTRY_TITLE_PT: f32 = 12.5;
/// "Notes" and "Sources".
const SECTION_PT: f32 = 13.0;
/// Dates, labels, the summary and warnings: small sans, read at a glance.
const LABEL_PT: f32 = 8.5;
/// Notes and sources: a notch under the body, as footnotes are set.
const NOTE_PT: f32 = 9.0;
/// The raised note number after a quote.
const MARKER_PT: f32 = 7.0;
/// The page footer.
const FOOTER_TEXT_PT: f32 = 7.5;
/// Space above an entry's date: entries read as separate blocks.
const ENTRY_GAP_PT: f32 = 12.0;
/// Indent of a quote, with its bar in the gutter.
const QUOTE_INDENT_PT: f32 = 14.0;
/// A heading needs this much room below it on the page, or it moves to the
/// next page with its entry (no date or title alone at a page's foot).
const KEEP_WITH_NEXT_PT: f32 = 72.0;
/// How far a note number is raised, as a fraction of its font size.
const SUPERSCRIPT_RISE: f32 = 0.4;

/// Serif families tried for the body, in order; the first installed wins.
const SERIF_FAMILIES: &[&str] = &[
    "Noto Serif",
    "DejaVu Serif",
    "Liberation Serif",
    "Times New Roman",
    "FreeSerif",
];
/// Sans families tried for dates and labels.
const SANS_FAMILIES: &[&str] = &[
    "Noto Sans",
    "DejaVu Sans",
    "Liberation Sans",
    "Arial",
    "FreeSans",
];

/// Grey of dates, labels and footers.
const MUTED: (u8, u8, u8) = (0x5f, 0x63, 0x68);
/// Ink.
const INK: (u8, u8, u8) = (0x1d, 0x1d, 0x1f);
/// Warnings (unsupported events, lost quotes).
const WARNING: (u8, u8, u8) = (0xa0, 0x3a, 0x12);
/// Quote bars and rules.
const RULE: (u8, u8, u8) = (0xd0, 0xd3, 0xd8);

/// Longest title in the PDF's outline (bookmarks): a sidebar shows less.
const BOOKMARK_CHARS: usize = 120;

/// Glyph metadata marking a raised note number.
const SUPERSCRIPT: usize = 1;

/// How a span of text looks.
#[derive(Debug, Clone, Copy)]
struct TextStyle {
    size: f32,
    bold: bool,
    italic: bool,
    sans: bool,
    colour: (u8, u8, u8),
    superscript: bool,
}

impl TextStyle {
    const fn body() -> Self {
        Self {
            size: BODY_PT,
            bold: false,
            italic: false,
            sans: false,
            colour: INK,
            superscript: false,
        }
    }

    const fn sans(size: f32, colour: (u8, u8, u8)) -> Self {
        Self {
            size,
            bold: false,
            italic: false,
            sans: true,
            colour,
            superscript: false,
        }
    }

    const fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    const fn italic(mut self) -> Self {
        self.italic = true;
        self
    }
}

/// How a paragraph sits on the page.
#[derive(Debug, Clone, Copy, Default)]
struct ParagraphStyle {
    indent: f32,
    space_before: f32,
    space_after: f32,
    keep_with_next: f32,
    bar: Option<(u8, u8, u8)>,
}

/// Something drawn on a page (y grows downward from the page's top).
enum Item {
    Glyphs {
        x: f32,
        y: f32,
        font: fontdb::ID,
        size: f32,
        colour: (u8, u8, u8),
        glyphs: Vec<KrillaGlyph>,
        text: Arc<str>,
    },
    Rect {
        rect: Rect,
        colour: (u8, u8, u8),
    },
}

struct Fonts {
    system: FontSystem,
    serif: String,
    sans: String,
}

impl Fonts {
    fn load() -> ExportResult<Self> {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let pick = |choices: &[&str]| -> Option<String> {
            choices
                .iter()
                .find(|name| {
                    db.faces()
                        .any(|f| f.families.iter().any(|(family, _)| family == *name))
                })
                .map(|name| (*name).to_owned())
        };
        let any = db
            .faces()
            .next()
            .and_then(|f| f.families.first())
            .map(|(name, _)| name.clone());
        let serif = pick(SERIF_FAMILIES).or_else(|| pick(SANS_FAMILIES)).or(any);
        let Some(serif) = serif else {
            return Err(ExportError::Fonts(
                "no fonts found on this system for the PDF (install e.g. fonts-dejavu-core)"
                    .to_owned(),
            ));
        };
        let sans = pick(SANS_FAMILIES).unwrap_or_else(|| serif.clone());
        Ok(Self {
            system: FontSystem::new_with_locale_and_db("en-GB".to_owned(), db),
            serif,
            sans,
        })
    }
}

/// A place in the PDF's outline.
struct Bookmark {
    title: String,
    page: usize,
    y: f32,
    /// A section of the report grouped by entity: the entries after it
    /// are its children.
    section: bool,
}

struct Layout<'a> {
    fonts: &'a mut Fonts,
    pages: Vec<Vec<Item>>,
    /// Top of the next line on the current page.
    y: f32,
    /// Where each entry (and section) starts, for the outline.
    bookmarks: Vec<Bookmark>,
    /// Characters no installed font has (drawn as boxes).
    missing: std::collections::BTreeSet<char>,
}

const fn bottom() -> f32 {
    PAGE_HEIGHT_PT - MARGIN_PT - FOOTER_PT
}

impl<'a> Layout<'a> {
    fn new(fonts: &'a mut Fonts) -> Self {
        Self {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN_PT,
            bookmarks: Vec::new(),
            missing: std::collections::BTreeSet::new(),
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_PT;
    }

    fn page(&mut self) -> &mut Vec<Item> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Lays out a paragraph of styled spans at the cursor, breaking lines
    /// to the column and onto new pages as needed.
    fn paragraph(&mut self, spans: &[(&str, TextStyle)], style: ParagraphStyle) {
        if spans.iter().all(|(text, _)| text.trim().is_empty()) {
            return;
        }
        if self.y > MARGIN_PT {
            self.y += style.space_before;
        }
        if style.keep_with_next > 0.0 && self.y + style.keep_with_next > bottom() {
            self.new_page();
        }
        let lines = self.shape(spans, COLUMN_PT - style.indent);
        for line in lines {
            if self.y + line.height > bottom() && self.y > MARGIN_PT {
                self.new_page();
            }
            let top = self.y;
            let x0 = MARGIN_PT + style.indent;
            if let Some(colour) = style.bar
                && let Some(rect) =
                    Rect::from_xywh(x0 - QUOTE_INDENT_PT * 0.6, top, 2.0, line.height)
            {
                self.page().push(Item::Rect { rect, colour });
            }
            for mut item in line.items {
                if let Item::Glyphs { x, y, .. } = &mut item {
                    *x += x0;
                    *y += top;
                }
                self.page().push(item);
            }
            self.y += line.height;
        }
        self.y += style.space_after;
    }

    /// Shapes and breaks a paragraph into lines of drawable items, with
    /// positions relative to the line's top left.
    fn shape(&mut self, spans: &[(&str, TextStyle)], width: f32) -> Vec<Line> {
        let first_size = spans.first().map_or(BODY_PT, |(_, s)| s.size);
        let mut buffer = Buffer::new(
            &mut self.fonts.system,
            Metrics::new(first_size, first_size * LINE_SPACING),
        );
        buffer.set_size(Some(width), None);
        let (serif, sans) = (self.fonts.serif.clone(), self.fonts.sans.clone());
        let default = attrs(
            &serif,
            &sans,
            &spans.first().map_or(TextStyle::body(), |(_, s)| *s),
        );
        let rich: Vec<(&str, Attrs<'_>)> = spans
            .iter()
            .map(|(text, s)| (*text, attrs(&serif, &sans, s)))
            .collect();
        buffer.set_rich_text(rich, &default, Shaping::Advanced, None);
        buffer.shape_until_scroll(&mut self.fonts.system, false);
        let mut lines = Vec::new();
        for run in buffer.layout_runs() {
            let text: Arc<str> = Arc::from(run.text);
            let mut items = Vec::new();
            let baseline = run.line_y - run.line_top;
            let mut start = 0;
            while start < run.glyphs.len() {
                let first = &run.glyphs[start];
                let same = |g: &cosmic_text::LayoutGlyph| {
                    g.font_id == first.font_id
                        && g.font_size.to_bits() == first.font_size.to_bits()
                        && g.color_opt == first.color_opt
                        && g.metadata == first.metadata
                };
                let end = run.glyphs[start..]
                    .iter()
                    .position(|g| !same(g))
                    .map_or(run.glyphs.len(), |n| start + n);
                let group = &run.glyphs[start..end];
                for g in group.iter().filter(|g| g.glyph_id == 0) {
                    self.missing.extend(
                        run.text
                            .get(g.start..g.end)
                            .unwrap_or_default()
                            .chars()
                            .filter(|c| !c.is_whitespace() && !c.is_control()),
                    );
                }
                let size = first.font_size;
                let glyphs = group
                    .iter()
                    .enumerate()
                    .map(|(i, g)| {
                        let advance = group.get(i + 1).map_or(g.w, |next| next.x - g.x);
                        KrillaGlyph::new(
                            GlyphId::new(u32::from(g.glyph_id)),
                            advance / size,
                            g.x_offset,
                            g.y_offset,
                            0.0,
                            g.start..g.end,
                            None,
                        )
                    })
                    .collect();
                let rise = if first.metadata == SUPERSCRIPT {
                    size * SUPERSCRIPT_RISE
                } else {
                    0.0
                };
                let colour = first.color_opt.map_or(INK, |c| (c.r(), c.g(), c.b()));
                items.push(Item::Glyphs {
                    x: first.x,
                    y: baseline + first.y - rise,
                    font: first.font_id,
                    size,
                    colour,
                    glyphs,
                    text: Arc::clone(&text),
                });
                start = end;
            }
            lines.push(Line {
                height: run.line_height,
                items,
            });
        }
        lines
    }
}

struct Line {
    height: f32,
    items: Vec<Item>,
}

fn attrs<'s>(serif: &'s str, sans: &'s str, style: &TextStyle) -> Attrs<'s> {
    let family = if style.sans { sans } else { serif };
    let (r, g, b) = style.colour;
    Attrs::new()
        .family(Family::Name(family))
        .weight(if style.bold {
            Weight::BOLD
        } else {
            Weight::NORMAL
        })
        .style(if style.italic {
            FontStyle::Italic
        } else {
            FontStyle::Normal
        })
        .color(Color::rgb(r, g, b))
        .metadata(if style.superscript { SUPERSCRIPT } else { 0 })
        .metrics(Metrics::new(style.size, style.size * LINE_SPACING))
}

fn citation_spans(c: &Citation) -> Vec<(String, TextStyle)> {
    let base = TextStyle::body();
    let note = TextStyle {
        size: NOTE_PT,
        ..base
    };
    c.spans
        .iter()
        .map(|span| match span {
            Span::Text(t) | Span::Url(t) => (isolate(t).into_owned(), note),
            Span::Italic(t) => (isolate(t).into_owned(), note.italic()),
        })
        .collect()
}

fn as_refs(spans: &[(String, TextStyle)]) -> Vec<(&str, TextStyle)> {
    spans.iter().map(|(t, s)| (t.as_str(), *s)).collect()
}

fn description(layout: &mut Layout<'_>, blocks: &[Block]) {
    for block in blocks {
        let spans: Vec<(String, TextStyle)> = block
            .runs
            .iter()
            .map(|r| {
                let mut style = TextStyle::body();
                style.bold = r.bold;
                style.italic = r.italic;
                style.sans = r.code;
                (isolate(&r.text).into_owned(), style)
            })
            .collect();
        layout.paragraph(
            &as_refs(&spans),
            ParagraphStyle {
                indent: block.indent as f32 * QUOTE_INDENT_PT,
                space_after: 3.0,
                ..ParagraphStyle::default()
            },
        );
    }
}

fn rgb_tuple(colour: Colour) -> (u8, u8, u8) {
    (colour.r, colour.g, colour.b)
}

/// Lays out one entry of the chronology.
fn lay_out_entry(layout: &mut Layout<'_>, entry: &Entry<'_>) {
    let event = entry.event;
    layout.paragraph(
        &[(&entry.date, TextStyle::sans(LABEL_PT, MUTED).bold())],
        ParagraphStyle {
            space_before: ENTRY_GAP_PT,
            keep_with_next: KEEP_WITH_NEXT_PT,
            ..ParagraphStyle::default()
        },
    );
    let page = layout.pages.len() - 1;
    let title: String = one_line(&event.title)
        .chars()
        .take(BOOKMARK_CHARS)
        .collect();
    layout.bookmarks.push(Bookmark {
        title: format!("{} — {title}", entry.date),
        page,
        y: layout.y,
        section: false,
    });
    let title = isolate(&one_line(&event.title)).into_owned();
    layout.paragraph(
        &[(&title, TextStyle::body().bold().with_size(ENTRY_TITLE_PT))],
        ParagraphStyle {
            space_before: 1.0,
            space_after: 2.0,
            ..ParagraphStyle::default()
        },
    );
    if let Some(role) = &entry.role {
        let text = isolate(&one_line(role)).into_owned();
        layout.paragraph(
            &[(text.as_ref(), TextStyle::sans(LABEL_PT, INK).bold())],
            ParagraphStyle {
                space_after: 2.0,
                ..ParagraphStyle::default()
            },
        );
    }
    let mut labels: Vec<(String, TextStyle)> = Vec::new();
    if let Some(track) = entry.track {
        let colour = entry.colour.map_or(MUTED, rgb_tuple);
        labels.push(("■ ".to_owned(), TextStyle::sans(LABEL_PT, colour)));
        labels.push((
            format!("Track: {}", isolate(&one_line(track))),
            TextStyle::sans(LABEL_PT, MUTED),
        ));
    }
    if !entry.tags.is_empty() {
        let sep = if entry.track.is_some() { "  ·  " } else { "" };
        let tags: Vec<String> = entry
            .tags
            .iter()
            .map(|t| isolate(&one_line(t)).into_owned())
            .collect();
        let label = if tags.len() == 1 { "Tag" } else { "Tags" };
        labels.push((
            format!("{sep}{label}: {}", tags.join(", ")),
            TextStyle::sans(LABEL_PT, MUTED),
        ));
    }
    layout.paragraph(
        &as_refs(&labels),
        ParagraphStyle {
            space_after: 4.0,
            ..ParagraphStyle::default()
        },
    );
    if let Some(who) = &entry.who {
        let text = isolate(&one_line(who)).into_owned();
        layout.paragraph(
            &[(text.as_ref(), TextStyle::sans(LABEL_PT, MUTED))],
            ParagraphStyle {
                space_after: 4.0,
                ..ParagraphStyle::default()
            },
        );
    }
    description(layout, &rich::blocks(&event.description));
    for quote in &entry.quotes {
        let text = format!("“{}”", isolate(quote.excerpt.quote.trim()));
        let number = format!("\u{2009}{}", quote.note);
        let mut marker = TextStyle::sans(MARKER_PT, INK);
        marker.superscript = true;
        layout.paragraph(
            &[(&text, TextStyle::body()), (&number, marker)],
            ParagraphStyle {
                indent: QUOTE_INDENT_PT,
                space_before: 2.0,
                space_after: 3.0,
                bar: Some(RULE),
                ..ParagraphStyle::default()
            },
        );
    }
    if entry.unsupported() {
        layout.paragraph(
            &[(UNSUPPORTED, TextStyle::sans(LABEL_PT, WARNING).bold())],
            ParagraphStyle {
                space_after: 3.0,
                ..ParagraphStyle::default()
            },
        );
    }
    if let Some(standing) = &entry.standing {
        let text = isolate(&one_line(standing)).into_owned();
        layout.paragraph(
            &[(text.as_ref(), TextStyle::sans(LABEL_PT, WARNING).bold())],
            ParagraphStyle {
                space_after: 3.0,
                ..ParagraphStyle::default()
            },
        );
    }
}

fn lay_out(job: &Job<'_>, report: &Report<'_>, layout: &mut Layout<'_>) -> ExportResult<()> {
    let title = isolate(&one_line(&report.title)).into_owned();
    layout.paragraph(
        &[(&title, TextStyle::body().bold().with_size(TITLE_PT))],
        ParagraphStyle {
            space_after: 4.0,
            ..ParagraphStyle::default()
        },
    );
    layout.paragraph(
        &[(&report.summary, TextStyle::sans(LABEL_PT, MUTED))],
        ParagraphStyle {
            space_after: 14.0,
            ..ParagraphStyle::default()
        },
    );
    // Grouped by entity, a section's heading is set as "Notes" and
    // "Sources" are, and is a bookmark holding its entries' bookmarks.
    let mut done = 0;
    for (heading, entries) in report.parts() {
        if let Some(heading) = heading {
            let (pages_before, y_before) = (layout.pages.len(), layout.y);
            let text = isolate(&one_line(heading)).into_owned();
            section_heading(layout, &text);
            let page = layout.pages.len() - 1;
            // The heading starts where the cursor was, or at the top of the
            // page it was moved to.
            let y = if layout.pages.len() == pages_before {
                y_before
            } else {
                MARGIN_PT
            };
            let title: String = one_line(heading).chars().take(BOOKMARK_CHARS).collect();
            layout.bookmarks.push(Bookmark {
                title,
                page,
                y,
                section: true,
            });
        }
        for entry in entries {
            lay_out_entry(layout, entry);
            done += 1;
            report.tick(job, done)?;
        }
    }
    if !report.notes.is_empty() {
        section_heading(layout, "Notes");
        for note in &report.notes {
            let mut spans = vec![(
                format!("{}. ", note.number),
                TextStyle {
                    size: NOTE_PT,
                    ..TextStyle::body()
                },
            )];
            spans.extend(citation_spans(&note.citation));
            if note.lost {
                spans.push((format!(" {LOST_NOTE}"), TextStyle::sans(LABEL_PT, WARNING)));
            }
            layout.paragraph(
                &as_refs(&spans),
                ParagraphStyle {
                    space_after: 2.0,
                    ..ParagraphStyle::default()
                },
            );
        }
    }
    if !report.sources.is_empty() {
        section_heading(layout, "Sources");
        for (i, source) in report.sources.iter().enumerate() {
            let mut spans = vec![(
                format!("{}. ", i + 1),
                TextStyle {
                    size: NOTE_PT,
                    ..TextStyle::body()
                },
            )];
            spans.extend(citation_spans(&Citation::bibliography(source)));
            layout.paragraph(
                &as_refs(&spans),
                ParagraphStyle {
                    space_after: 2.0,
                    ..ParagraphStyle::default()
                },
            );
        }
    }
    Ok(())
}

impl TextStyle {
    const fn with_size(mut self, size: f32) -> Self {
        self.size = size;
        self
    }
}

fn section_heading(layout: &mut Layout<'_>, text: &str) {
    layout.paragraph(
        &[(text, TextStyle::body().bold().with_size(SECTION_PT))],
        ParagraphStyle {
            space_before: 18.0,
            space_after: 6.0,
            keep_with_next: KEEP_WITH_NEXT_PT,
            ..ParagraphStyle::default()
        },
    );
}

fn fill(colour: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn krilla_font(
    cache: &mut HashMap<fontdb::ID, Option<Font>>,
    db: &fontdb::Database,
    id: fontdb::ID,
) -> Option<Font> {
    cache
        .entry(id)
        .or_insert_with(|| {
            db.with_face_data(id, |data, index| {
                Font::new(Arc::new(data.to_vec()).into(), index)
            })
            .flatten()
        })
        .clone()
}

fn footer(fonts: &mut Fonts, title: &str, page: usize, pages: usize) -> Vec<Item> {
    let mut layout = Layout::new(fonts);
    let text = format!("{} · page {page} of {pages}", isolate(&one_line(title)));
    let lines = layout.shape(
        &[(&text, TextStyle::sans(FOOTER_TEXT_PT, MUTED))],
        COLUMN_PT,
    );
    let mut items = Vec::new();
    if let Some(line) = lines.into_iter().next() {
        for mut item in line.items {
            if let Item::Glyphs { x, y, .. } = &mut item {
                *x += MARGIN_PT;
                *y += PAGE_HEIGHT_PT - MARGIN_PT;
            }
            items.push(item);
        }
    }
    items
}

/// Characters named in the missing-font warning: enough to see which
/// script lacks a font.
const MISSING_CHARS_SHOWN: usize = 12;

fn missing_fonts_warning(missing: &std::collections::BTreeSet<char>) -> String {
    let shown: String = missing.iter().take(MISSING_CHARS_SHOWN).collect();
    let more = if missing.len() > MISSING_CHARS_SHOWN {
        "…"
    } else {
        ""
    };
    format!(
        "no installed font has {} of the characters ({shown}{more}); they show as boxes in \
         the PDF. Install a font that covers them (on Debian: fonts-noto-core for most \
         scripts, fonts-wqy-microhei or fonts-noto-cjk for Chinese, Japanese and Korean)",
        missing.len()
    )
}

/// The PDF's outline: an entry per event, under its section's entry when
/// the report is grouped by entity.
fn outline(bookmarks: Vec<Bookmark>) -> krilla::outline::Outline {
    use krilla::outline::{Outline, OutlineNode};
    let node = |b: Bookmark| {
        OutlineNode::new(
            b.title,
            krilla::destination::XyzDestination::new(b.page, Point::from_xy(MARGIN_PT, b.y)),
        )
    };
    let mut outline = Outline::new();
    let mut section: Option<OutlineNode> = None;
    for bookmark in bookmarks {
        if bookmark.section {
            if let Some(done) = section.replace(node(bookmark)) {
                outline.push_child(done);
            }
        } else if let Some(parent) = section.as_mut() {
            parent.push_child(node(bookmark));
        } else {
            outline.push_child(node(bookmark));
        }
    }
    if let Some(done) = section {
        outline.push_child(done);
    }
    outline
}

impl Writer for PdfWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        let report = Report::build(job);
        let mut fonts = Fonts::load()?;
        let (mut pages, bookmarks) = {
            let mut layout = Layout::new(&mut fonts);
            lay_out(job, &report, &mut layout)?;
            if !layout.missing.is_empty() {
                job.warn(missing_fonts_warning(&layout.missing));
            }
            (std::mem::take(&mut layout.pages), layout.bookmarks)
        };
        let count = pages.len();
        for (i, page) in pages.iter_mut().enumerate() {
            page.extend(footer(&mut fonts, &report.title, i + 1, count));
        }
        let mut document = Document::new();
        let mut cache = HashMap::new();
        let settings = PageSettings::from_wh(PAGE_WIDTH_PT, PAGE_HEIGHT_PT)
            .ok_or_else(|| ExportError::Pdf("bad page size".to_owned()))?;
        for items in &pages {
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            for item in items {
                match item {
                    Item::Rect { rect, colour } => {
                        let mut path = PathBuilder::new();
                        path.push_rect(*rect);
                        if let Some(path) = path.finish() {
                            surface.set_fill(Some(fill(*colour)));
                            surface.draw_path(&path);
                        }
                    }
                    Item::Glyphs {
                        x,
                        y,
                        font,
                        size,
                        colour,
                        glyphs,
                        text,
                    } => {
                        let Some(font) = krilla_font(&mut cache, fonts.system.db(), *font) else {
                            continue;
                        };
                        surface.set_fill(Some(fill(*colour)));
                        surface.draw_glyphs(
                            Point::from_xy(*x, *y),
                            glyphs,
                            font,
                            text,
                            *size,
                            false,
                        );
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document.set_outline(outline(bookmarks));
        document.set_metadata(
            krilla::metadata::Metadata::new()
                .title(one_line(&report.title).into_owned())
                .creator("Annals".to_owned()),
        );
        let bytes = document
            .finish()
            .map_err(|e| ExportError::Pdf(format!("{e:?}")))?;
        out.write_all(&bytes)?;
        Ok(())
    }
}
