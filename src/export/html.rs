//! The chronology report as one self-contained HTML file: no scripts, no
//! external requests (a Content-Security-Policy says so to the browser
//! too), every notebook text escaped and bidi-isolated, a print style so
//! "Print" gives a clean paper copy.

use std::io::Write;

use super::citation::{Citation, Span};
use super::markdown::is_plain_url;
use super::report::{Entry, LOST_NOTE, Report, UNSUPPORTED};
use super::text::{html, one_line};
use super::{ExportResult, Job, Writer, rich};

/// Writes the HTML report.
pub struct HtmlWriter;

/// The report's style sheet: screen and print.
const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --rule: #d0d3d8; --quote: #f5f6f8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 2.5rem 1.5rem 4rem; color: var(--ink);
  font: 1rem/1.55 "Noto Serif", "DejaVu Serif", Georgia, "Times New Roman", serif; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 0 0 .3rem; }
header .summary { color: var(--muted); font-size: .9rem; margin: 0 0 2rem; }
ol.chronology { list-style: none; margin: 0; padding: 0; }
.entry { border-top: 1px solid var(--rule); padding: 1rem 0 .6rem; overflow-wrap: anywhere; }
.when { font: 600 .85rem/1.3 system-ui, "DejaVu Sans", sans-serif; color: var(--muted);
  letter-spacing: .02em; }
.entry h2 { font-size: 1.2rem; line-height: 1.3; margin: .15rem 0 .3rem; }
.labels { font: .8rem/1.4 system-ui, "DejaVu Sans", sans-serif; color: var(--muted); margin: 0 0 .5rem; }
.track { display: inline-block; border-left: .5rem solid var(--rule); padding-left: .35rem; margin-right: .5rem; }
.description p { margin: .3rem 0; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; background: var(--quote);
  border-left: 3px solid var(--rule); }
blockquote p { margin: 0; white-space: pre-line; }
sup.ref a { text-decoration: none; font-family: system-ui, "DejaVu Sans", sans-serif; font-size: .75em; padding-left: .1em; }
.unsupported { font: 600 .85rem/1.4 system-ui, "DejaVu Sans", sans-serif; color: #a03a12; }
section { border-top: 2px solid var(--ink); margin-top: 2rem; }
section h2 { font-size: 1.15rem; }
section li { margin: .25rem 0; overflow-wrap: anywhere; }
.notes { font-size: .9rem; }
.lost { color: #a03a12; }
a { color: #1a5fb4; }
@media print {
  @page { size: A4; margin: 2cm 2cm 2.2cm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .entry { break-inside: avoid-page; }
  blockquote { background: none; }
  .when, .entry h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  sup.ref a { color: inherit; }
  a.back { display: none; }
}
"#;

/// The policy that forbids scripts and every request except the inline
/// style: even if some text slipped past escaping, a browser would not
/// run or fetch it.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'";

fn citation(c: &Citation) -> String {
    c.spans
        .iter()
        .map(|span| match span {
            Span::Text(t) => html(t).into_owned(),
            Span::Italic(t) => format!("<i>{}</i>", html(t)),
            Span::Url(u) if is_plain_url(u) => {
                format!("<a href=\"{0}\">{0}</a>", html(u))
            }
            Span::Url(u) => html(u).into_owned(),
        })
        .collect()
}

/// Notebook text escaped and isolated so its direction cannot leak.
fn bdi(text: &str) -> String {
    format!("<bdi>{}</bdi>", html(text))
}

impl Writer for HtmlWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        write_html(job, out, None)
    }
}

/// Styles the read-only page adds: the timeline figure runs the window's
/// full width and scrolls sideways when it is wider (no script needed).
const PAGE_STYLE: &str = r#"
body { overflow-x: hidden; }
figure.timeline { width: 100vw; margin: 0 0 2rem calc(50% - 50vw); padding: 0 1rem;
  overflow-x: auto; box-sizing: border-box; }
figure.timeline svg { display: block; margin: 0 auto; max-width: none; }
figure.timeline figcaption { font: .8rem/1.4 system-ui, "DejaVu Sans", sans-serif; color: var(--muted);
  max-width: 46rem; margin: .3rem auto 0; }
@media print { figure.timeline { width: auto; margin: 0 0 1rem; padding: 0; overflow: visible; }
  figure.timeline svg { width: 100%; height: auto; } }
"#;

/// Styles the report grouped by entity adds: a section's heading ranks
/// over its entries' titles, which are `h3` there.
const GROUP_STYLE: &str = r#"
section.group h2 { font-size: 1.45rem; margin: 1rem 0 .2rem; }
.entry h3 { font-size: 1.2rem; line-height: 1.3; margin: .15rem 0 .3rem; }
.labels.role { font-weight: 600; }
@media print { section.group h2, .entry h3 { break-after: avoid; } }
"#;

/// One entry of the chronology, its title in `title_tag`.
fn write_entry(w: &mut dyn Write, entry: &Entry<'_>, title_tag: &str) -> ExportResult<()> {
    let event = entry.event;
    // An event under two entities is anchored at its first entry only (its
    // quotes are noted afresh in each, so their ids differ): every id
    // occurs once.
    let anchor = if entry.first {
        format!(" id=\"event-{}\"", html(&event.uid.0))
    } else {
        String::new()
    };
    write!(
        w,
        "<li class=\"entry\"{anchor}>\n<div class=\"when\">{}</div>\n<{title_tag}>{}</{title_tag}>\n",
        html(&entry.date),
        bdi(&one_line(&event.title)),
    )?;
    if let Some(role) = &entry.role {
        writeln!(w, "<p class=\"labels role\">{}</p>", bdi(&one_line(role)))?;
    }
    if entry.track.is_some() || !entry.tags.is_empty() {
        write!(w, "<p class=\"labels\">")?;
        if let (Some(track), Some(colour)) = (entry.track, entry.colour) {
            write!(
                w,
                "<span class=\"track\" style=\"border-left-color:{}\">Track: {}</span>",
                colour.hex(),
                bdi(&one_line(track))
            )?;
        }
        let tags: Vec<String> = entry.tags.iter().map(|t| bdi(&one_line(t))).collect();
        if !tags.is_empty() {
            let label = if tags.len() == 1 { "Tag" } else { "Tags" };
            write!(
                w,
                "<span class=\"tags\">{label}: {}</span>",
                tags.join(", ")
            )?;
        }
        writeln!(w, "</p>")?;
    }
    if let Some(who) = &entry.who {
        writeln!(w, "<p class=\"labels\">{}</p>", bdi(&one_line(who)))?;
    }
    if !event.description.trim().is_empty() {
        writeln!(
            w,
            "<div class=\"description\" dir=\"auto\">{}</div>",
            rich::html(&event.description)
        )?;
    }
    for quote in &entry.quotes {
        writeln!(
            w,
            "<blockquote dir=\"auto\"><p>“{}”<sup class=\"ref\"><a href=\"#note-{n}\" id=\"ref-{n}\">{n}</a></sup></p></blockquote>",
            bdi(quote.excerpt.quote.trim()),
            n = quote.note
        )?;
    }
    if entry.unsupported() {
        writeln!(w, "<p class=\"unsupported\">{UNSUPPORTED}</p>")?;
    }
    if let Some(standing) = &entry.standing {
        writeln!(
            w,
            "<p class=\"unsupported\">{}</p>",
            bdi(&one_line(standing))
        )?;
    }
    writeln!(w, "</li>")?;
    Ok(())
}

/// Writes the chronology as HTML; with `timeline` (an SVG picture of the
/// timeline, already escaped by its writer), the read-only page: the
/// picture above the chronology, in the same self-contained file.
pub(super) fn write_html(
    job: &Job<'_>,
    out: &mut dyn Write,
    timeline: Option<&str>,
) -> ExportResult<()> {
    let report = Report::build(job);
    let mut w = std::io::BufWriter::new(out);
    write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
             <meta name=\"generator\" content=\"Annals\">\n<title>{}</title>\n<style>{STYLE}{}{}</style>\n\
             </head>\n<body>\n<header>\n<h1>{}</h1>\n<p class=\"summary\">{}</p>\n</header>\n",
        html(&one_line(&report.title)),
        if timeline.is_some() { PAGE_STYLE } else { "" },
        if report.sections.is_empty() {
            ""
        } else {
            GROUP_STYLE
        },
        bdi(&one_line(&report.title)),
        html(&report.summary),
    )?;
    if let Some(svg) = timeline {
        writeln!(
            w,
            "<figure class=\"timeline\">\n{svg}<figcaption>The timeline: each mark shows how well its date is known (see the legend); hover a mark for its title and date.</figcaption>\n</figure>"
        )?;
    }
    writeln!(w, "<main>")?;
    // Grouped by entity, each section has its heading (`h2`) and its own
    // list, and an entry's title is an `h3` under it.
    let mut done = 0;
    for (n, (heading, entries)) in report.parts().into_iter().enumerate() {
        let title_tag = match heading {
            Some(heading) => {
                writeln!(
                    w,
                    "<section class=\"group\" id=\"group-{}\">\n<h2>{}</h2>",
                    n + 1,
                    bdi(&one_line(heading))
                )?;
                "h3"
            }
            None => "h2",
        };
        writeln!(w, "<ol class=\"chronology\">")?;
        for entry in entries {
            write_entry(&mut w, entry, title_tag)?;
            done += 1;
            report.tick(job, done)?;
        }
        writeln!(w, "</ol>")?;
        if heading.is_some() {
            writeln!(w, "</section>")?;
        }
    }
    writeln!(w, "</main>")?;
    if !report.notes.is_empty() {
        writeln!(w, "<section class=\"notes\">\n<h2>Notes</h2>\n<ol>")?;
        for note in &report.notes {
            let lost = if note.lost {
                format!(" <span class=\"lost\">{LOST_NOTE}</span>")
            } else {
                String::new()
            };
            writeln!(
                w,
                "<li id=\"note-{n}\">{}{lost} <a class=\"back\" href=\"#ref-{n}\" aria-label=\"back to the quote\">↩</a></li>",
                citation(&note.citation),
                n = note.number
            )?;
        }
        writeln!(w, "</ol>\n</section>")?;
    }
    if !report.sources.is_empty() {
        writeln!(w, "<section class=\"sources\">\n<h2>Sources</h2>\n<ol>")?;
        for source in &report.sources {
            writeln!(
                w,
                "<li id=\"source-{}\">{}</li>",
                html(&source.uid.0),
                citation(&Citation::bibliography(source))
            )?;
        }
        writeln!(w, "</ol>\n</section>")?;
    }
    writeln!(w, "</body>\n</html>")?;
    w.flush()?;
    Ok(())
}
