//! The chronology report as Markdown: footnotes as `[^1]` (GitHub,
//! Obsidian and Pandoc render them), notebook text escaped so it reads
//! verbatim, descriptions rebuilt from their Markdown with emphasis and
//! lists kept but nothing that could run or fetch.

use std::io::Write;

use super::citation::{Citation, Span};
use super::report::{Entry, LOST_NOTE, Report, UNSUPPORTED};
use super::rich::{self, Block};
use super::text::{markdown, one_line};
use super::{ExportResult, Job, Writer};

/// Writes the Markdown report.
pub struct MarkdownWriter;

fn citation(c: &Citation) -> String {
    c.spans
        .iter()
        .map(|span| match span {
            Span::Text(t) => markdown(t),
            Span::Italic(t) => format!("*{}*", markdown(t)),
            // An autolink only when the address cannot break out of it.
            Span::Url(u) if is_plain_url(u) => format!("<{u}>"),
            Span::Url(u) => markdown(u),
        })
        .collect()
}

/// True for an http(s) address with no spaces, angle brackets or controls.
pub(super) fn is_plain_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\\'))
}

/// A description rebuilt from its parsed blocks: emphasis, lists and
/// code are kept, every text is escaped, and links and images become their
/// text with the address after it, so a renderer neither runs a
/// `javascript:` link nor fetches an image, and raw HTML stays text.
fn description(text: &str) -> String {
    rich::blocks(text)
        .iter()
        .map(block_markdown)
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn block_markdown(block: &Block) -> String {
    let mut out = "  ".repeat(block.indent.saturating_sub(1));
    for run in &block.runs {
        let body = run.text.trim();
        if body.is_empty() {
            out.push_str(&run.text);
            continue;
        }
        let lead = &run.text[..run.text.len() - run.text.trim_start().len()];
        let trail = &run.text[run.text.trim_end().len()..];
        let text = if run.code {
            let fence = if body.contains('`') { "`` " } else { "`" };
            format!("{fence}{body}{}", fence.chars().rev().collect::<String>())
        } else {
            markdown(body)
        };
        let marked = match (run.bold, run.italic) {
            (true, true) => format!("***{text}***"),
            (true, false) => format!("**{text}**"),
            (false, true) => format!("*{text}*"),
            (false, false) => text,
        };
        out.push_str(lead);
        out.push_str(&marked);
        out.push_str(trail);
    }
    out
}

impl Writer for MarkdownWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        let report = Report::build(job);
        write_report(job, &report, out)
    }
}

fn write_entry(w: &mut dyn Write, entry: &Entry<'_>, level: &str) -> ExportResult<()> {
    let event = entry.event;
    writeln!(
        w,
        "{level} {} — {}\n",
        markdown(&entry.date),
        markdown(&one_line(&event.title))
    )?;
    if let Some(role) = &entry.role {
        writeln!(w, "*{}*\n", markdown(&one_line(role)))?;
    }
    let labels = entry.labels();
    if !labels.is_empty() {
        writeln!(w, "*{}*\n", markdown(&one_line(&labels)))?;
    }
    if let Some(who) = &entry.who {
        writeln!(w, "*{}*\n", markdown(&one_line(who)))?;
    }
    let description = description(&event.description);
    if !description.is_empty() {
        writeln!(w, "{description}\n")?;
    }
    for quote in &entry.quotes {
        let text = markdown(quote.excerpt.quote.trim());
        let quoted = text.replace('\n', "\n> ");
        writeln!(w, "> “{quoted}”[^{}]\n", quote.note)?;
    }
    if entry.unsupported() {
        writeln!(w, "**{UNSUPPORTED}**\n")?;
    }
    if let Some(standing) = &entry.standing {
        writeln!(w, "**{}**\n", markdown(&one_line(standing)))?;
    }
    Ok(())
}

fn write_report(job: &Job<'_>, report: &Report<'_>, out: &mut dyn Write) -> ExportResult<()> {
    let mut w = std::io::BufWriter::new(out);
    writeln!(w, "# {}\n", markdown(&one_line(&report.title)))?;
    writeln!(w, "{}\n", markdown(&report.summary))?;
    // Grouped by entity, a section is `##` and its entries `###`.
    let mut done = 0;
    for (heading, entries) in report.parts() {
        let level = if let Some(heading) = heading {
            writeln!(w, "## {}\n", markdown(&one_line(heading)))?;
            "###"
        } else {
            "##"
        };
        for entry in entries {
            write_entry(&mut w, entry, level)?;
            done += 1;
            report.tick(job, done)?;
        }
    }
    if !report.sources.is_empty() {
        writeln!(w, "## Sources\n")?;
        for (i, source) in report.sources.iter().enumerate() {
            writeln!(
                w,
                "{}. {}",
                i + 1,
                citation(&Citation::bibliography(source))
            )?;
        }
        writeln!(w)?;
    }
    for note in &report.notes {
        let lost = if note.lost {
            format!(" {LOST_NOTE}")
        } else {
            String::new()
        };
        writeln!(w, "[^{}]: {}{lost}", note.number, citation(&note.citation))?;
    }
    w.flush()?;
    Ok(())
}
