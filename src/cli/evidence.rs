//! Evidence on the command line (issue 19): `annals review`, what `annals
//! link --asserts/--stance`, `event edit --status`, `event list --as-of`
//! and `show --json` add.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use serde::Serialize;
use serde_json::{Value, json};

use super::output::outln;
use super::{NotebookArg, parse_date, print_json};
use crate::extract::{self, Locale, Options};
use crate::model::date::Date;
use crate::model::evidence::{Stance, Status};
use crate::model::{Event, EventId, ExcerptId, Notebook};
use crate::review::{self, Review, UnusedDates};
use crate::store::Store;

/// Reads `--stance`.
pub(super) fn parse_stance(text: &str) -> anyhow::Result<Stance> {
    Stance::from_name(text)
        .with_context(|| format!("--stance “{text}”: use supports, disputes or mentions"))
}

/// Reads `--status`.
pub(super) fn parse_status(text: &str) -> anyhow::Result<Status> {
    Status::from_name(text).with_context(|| {
        format!("--status “{text}”: use reported, confirmed, planned, cancelled or disputed")
    })
}

/// Reads `--asserts`: a date, or "none" for no date.
fn parse_asserts(text: &str) -> anyhow::Result<Option<Date>> {
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    parse_date("--asserts", text).map(Some)
}

/// What `annals link --asserts … --stance …` records: the given values,
/// the excerpt's own suggested date where `--asserts` is left out, and
/// "supports" where `--stance` is.
pub(super) fn link_evidence(
    store: &Store,
    event: EventId,
    excerpt: ExcerptId,
    asserts: Option<&str>,
    stance: Option<&str>,
) -> anyhow::Result<(Option<Date>, Stance)> {
    let stance = stance.map(parse_stance).transpose()?.unwrap_or_default();
    let asserts = match asserts {
        Some(text) => parse_asserts(text)?,
        None => store.suggested_assertion(event, excerpt)?,
    };
    Ok((asserts, stance))
}

/// The fields `show --json` gains: `status`, `disputed`, `derived_date`,
/// and per excerpt `asserts` and `stance`.
pub(super) fn add_to_shown(notebook: &Notebook, event: &Event, shown: &mut Value) {
    let evidence = notebook.evidence.of(event.id);
    shown["status"] = evidence.status.name().into();
    shown["disputed"] = notebook.evidence.is_disputed(event.id).into();
    shown["derived_date"] = evidence.derived_date().map(|d| d.edtf().to_owned()).into();
    if let Some(excerpts) = shown["excerpts"].as_array_mut() {
        for x in excerpts {
            let link = x["id"].as_i64().and_then(|id| evidence.link(ExcerptId(id)));
            x["asserts"] = link
                .and_then(|l| l.asserts.as_ref())
                .map(|d| d.edtf().to_owned())
                .into();
            x["stance"] = link.map_or(Stance::Supports, |l| l.stance).name().into();
            x["drift"] = x["id"]
                .as_i64()
                .is_some_and(|id| notebook.evidence.drifted.contains(&ExcerptId(id)))
                .into();
        }
    }
}

/// The text lines `show` gains for an excerpt: its stance and date.
pub(super) fn shown_line(notebook: &Notebook, event: EventId, excerpt: ExcerptId) -> String {
    let Some(link) = notebook.evidence.of(event).link(excerpt) else {
        return String::new();
    };
    let date = link
        .asserts
        .as_ref()
        .map_or_else(|| "no date".to_owned(), Date::display);
    format!(" ({}, {date})", link.stance.name())
}

/// The events sources published by `as_of` support, for `event list
/// --as-of`.
pub(super) fn known_as_of<'a>(
    notebook: &Notebook,
    events: Vec<&'a Event>,
    as_of: &str,
) -> anyhow::Result<Vec<&'a Event>> {
    let day = review::as_of_day(&parse_date("--as-of", as_of)?);
    Ok(events
        .into_iter()
        .filter(|e| review::known_by(notebook, e, day))
        .collect())
}

/// Arguments of `annals review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    notebook: NotebookArg,
    /// Print JSON: `{"unsupported", "single_source", "lost",
    /// "orphan_excerpts", "unused_dates", "disputed", "drift"}`.
    #[arg(long)]
    json: bool,
}

/// Every source's dates that no event uses (sources without a publication
/// day have none the suggester can read).
pub(super) fn all_unused_dates(
    store: &Store,
    notebook: &Notebook,
) -> anyhow::Result<Vec<UnusedDates>> {
    let mut all = Vec::new();
    for source in &notebook.sources {
        let Some(options) = source
            .published
            .clone()
            .and_then(|p| Options::new(p, Locale::default()).ok())
        else {
            continue;
        };
        let body = store.source_body(source.id)?;
        let found = extract::extract(&body, &options);
        all.push(review::unused_dates(notebook, source.id, found));
    }
    Ok(all)
}

#[derive(Serialize)]
struct EventRow<'a> {
    id: i64,
    title: &'a str,
    date: &'a str,
    status: &'static str,
}

fn event_row<'a>(notebook: &'a Notebook, id: EventId) -> Option<EventRow<'a>> {
    let e = notebook.event(id)?;
    Some(EventRow {
        id: id.0,
        title: &e.title,
        date: e.date.edtf(),
        status: notebook.evidence.status(id).name(),
    })
}

fn excerpt_row(notebook: &Notebook, id: ExcerptId) -> Option<Value> {
    let x = notebook.excerpt(id)?;
    Some(json!({
        "id": id.0,
        "quote": x.quote,
        "source_id": x.source.0,
        "source_title": notebook.source(x.source).map_or("", |s| s.title.as_str()),
    }))
}

/// The review as the JSON `annals review --json` prints.
fn review_json(notebook: &Notebook, review: &Review) -> Value {
    let events = |ids: &[EventId]| -> Vec<Value> {
        ids.iter()
            .filter_map(|id| event_row(notebook, *id))
            .filter_map(|r| serde_json::to_value(r).ok())
            .collect()
    };
    let excerpts = |ids: &[ExcerptId]| -> Vec<Value> {
        ids.iter()
            .filter_map(|id| excerpt_row(notebook, *id))
            .collect()
    };
    let single: Vec<Value> = review
        .single_source
        .iter()
        .filter_map(|id| {
            let mut row = serde_json::to_value(event_row(notebook, *id)?).ok()?;
            let source = review::supporting_sources(notebook, *id).first().copied()?;
            row["source_id"] = source.0.into();
            row["source_title"] = notebook.source(source).map(|s| s.title.clone()).into();
            Some(row)
        })
        .collect();
    let disputed: Vec<Value> = review
        .disputed
        .iter()
        .filter_map(|id| {
            let mut row = serde_json::to_value(event_row(notebook, *id)?).ok()?;
            row["accounts"] = review::accounts(notebook, *id)
                .into_iter()
                .map(|a| {
                    json!({
                        "excerpt_id": a.excerpt.0,
                        "quote": a.quote,
                        "source_id": a.source.0,
                        "source_title": a.source_title,
                        "published": a.published.as_ref().map(Date::edtf),
                        "asserts": a.asserts.as_ref().map(Date::edtf),
                        "stance": a.stance.name(),
                    })
                })
                .collect();
            Some(row)
        })
        .collect();
    let unused: Vec<Value> = review
        .unused_dates
        .iter()
        .map(|u| {
            json!({
                "id": u.source.0,
                "title": u.title,
                "found": u.found,
                "summary": u.summary(),
                "dates": u.unused.iter().map(|s| json!({
                    "text": s.text,
                    "date": s.date.edtf(),
                    "display": s.date.display(),
                    "start": s.start,
                    "end": s.end,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "unsupported": events(&review.unsupported),
        "single_source": single,
        "lost": excerpts(&review.lost),
        "orphan_excerpts": excerpts(&review.orphan_excerpts),
        "unused_dates": unused,
        "disputed": disputed,
        "drift": excerpts(&review.drift),
    })
}

/// `annals review`.
pub(super) fn run_review(args: &ReviewArgs) -> anyhow::Result<ExitCode> {
    let store = args.notebook.open_read_only()?;
    let notebook = store.load()?;
    let unused = all_unused_dates(&store, &notebook)?;
    let review = Review::of(&notebook, unused);
    if args.json {
        return print_json(&review_json(&notebook, &review));
    }
    let title = |id: EventId| notebook.event(id).map_or("", |e| e.title.as_str());
    let quote = |id: ExcerptId| {
        notebook
            .excerpt(id)
            .map_or_else(String::new, |x| super::one_line(&x.quote))
    };
    let section = |name: &str, rows: Vec<String>| -> anyhow::Result<()> {
        outln!("{name} ({})", rows.len());
        for row in rows {
            outln!("  {row}");
        }
        Ok(())
    };
    section(
        "Unsupported events",
        review
            .unsupported
            .iter()
            .map(|id| format!("[{id}] {}", title(*id)))
            .collect(),
    )?;
    section(
        "Events resting on one source",
        review
            .single_source
            .iter()
            .map(|id| format!("[{id}] {}", title(*id)))
            .collect(),
    )?;
    section(
        "Lost excerpts",
        review
            .lost
            .iter()
            .map(|id| format!("[{id}] “{}”", quote(*id)))
            .collect(),
    )?;
    section(
        "Excerpts that support nothing",
        review
            .orphan_excerpts
            .iter()
            .map(|id| format!("[{id}] “{}”", quote(*id)))
            .collect(),
    )?;
    section(
        "Sources with dates no event uses",
        review
            .unused_dates
            .iter()
            .map(|u| {
                let dates: Vec<String> = u.unused.iter().map(|s| s.text.clone()).collect();
                format!(
                    "[{}] {}: {} ({})",
                    u.source,
                    u.title,
                    u.summary(),
                    dates.join(", ")
                )
            })
            .collect(),
    )?;
    section(
        "Disputed events",
        review
            .disputed
            .iter()
            .map(|id| {
                format!(
                    "[{id}] {}: {}",
                    title(*id),
                    review::accounts_summary(&notebook, *id)
                )
            })
            .collect(),
    )?;
    section(
        "Drift (source text changed after the quote was cut)",
        review
            .drift
            .iter()
            .map(|id| format!("[{id}] “{}”", quote(*id)))
            .collect(),
    )?;
    Ok(ExitCode::SUCCESS)
}
