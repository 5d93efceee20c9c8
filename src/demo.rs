//! The demo notebook a new user sees on first run, and `annals demo PATH`.
//!
//! It is built through the same actions as user input: a source written by
//! the Annals team (in its own words, about the facts of a June 2024 news
//! report on Putin's planned visit to North Korea), events cut from it with
//! the sentence that supports each, on three tracks, and a few notes.

use crate::action::{Action, Created, EventFields, ExcerptRange, SourceFields};
use crate::model::NoteOwner;
use crate::model::date::Date;
use crate::model::text::occurrences;
use crate::store::{Store, StoreError, StoreResult};

/// The demo source's text.
pub const BRIEFING: &str = include_str!("../resources/demo/briefing.txt");

/// (title, date, track, the quote that supports it, description)
const EVENTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Putin–Kim summit in eastern Russia",
        "2023-09",
        "Diplomacy",
        "The two leaders last met in September 2023 at a summit in eastern Russia, where they agreed to expand their cooperation, military matters included.",
        "The leaders agreed to deepen cooperation, **including military** matters.",
    ),
    (
        "First military spy satellite launched",
        "2023-11",
        "Military",
        "in November 2023 it put its first military spy satellite into orbit",
        "",
    ),
    (
        "Haines on Russia's concessions to North Korea",
        "2024-03",
        "Intelligence",
        "In March 2024 the US Director of National Intelligence, Avril Haines, said Russia was making concessions to North Korea, China and Iran because of its war in Ukraine.",
        "",
    ),
    (
        "Vedomosti reports the planned trip",
        "2024-06-10",
        "Diplomacy",
        "On Monday the Russian newspaper Vedomosti reported that Putin would travel to North Korea and Vietnam within weeks.",
        "\"Monday\" in a report published on 12 June 2024.",
    ),
    (
        "Seoul–Washington emergency call",
        "2024-06?",
        "Diplomacy",
        "South Korea's Vice Foreign Minister Kim Hong-kyun and US Deputy Secretary of State Kurt Campbell discussed the trip in an emergency telephone call.",
        "The report does not give the day of the call.",
    ),
    (
        "Putin's planned visit to North Korea",
        "2024-06-12/2024-06-30",
        "Diplomacy",
        "a visit by Russian President Vladimir Putin to North Korea that is expected later this month",
        "Expected \"later this month\" as of 12 June 2024; not confirmed by the Kremlin.",
    ),
];

fn date(text: &str) -> StoreResult<Date> {
    Date::parse(text).map_err(|e| StoreError::Invalid(format!("demo date {text}: {e}")))
}

/// Fills an empty notebook with the demo, one action per step.
///
/// # Errors
/// A store error if an action fails.
pub fn build(store: &mut Store) -> StoreResult<()> {
    let source = match store
        .apply(&Action::CreateSource(SourceFields {
            title: "Warnings over Putin's planned visit to North Korea".into(),
            outlet: "Annals demo briefing".into(),
            author: "The Annals team".into(),
            url: String::new(),
            published: Some(date("2024-06-12")?),
            accessed: Some(date("2024-06-13")?),
            body: BRIEFING.to_owned(),
            encoding: "UTF-8".into(),
            file: None,
        }))?
        .created
    {
        Some(Created::Source(id)) => id,
        _ => {
            return Err(StoreError::Invalid(
                "the demo source was not created".into(),
            ));
        }
    };
    let mut first_event = None;
    for (title, when, track, quote, description) in EVENTS {
        let start = *occurrences(BRIEFING, quote).first().ok_or_else(|| {
            StoreError::Invalid(format!("demo quote not in the briefing: {quote}"))
        })?;
        let mut fields = EventFields::new(*title, date(when)?);
        fields.track = Some((*track).to_owned());
        fields.description = (*description).to_owned();
        fields.tags = vec!["North Korea".into(), "Russia".into()];
        let applied = store.apply(&Action::CreateEventFromExcerpt {
            range: ExcerptRange {
                source,
                start,
                end: start + quote.chars().count(),
            },
            fields,
        })?;
        if let Some(Created::EventWithExcerpt(event, _)) = applied.created {
            first_event.get_or_insert(event);
        }
    }
    if let Some(summit) = first_event {
        store.apply(&Action::CreateNote {
            owner: NoteOwner::Event(summit),
            body: "Find a second source for the **place** of the summit.".into(),
        })?;
    }
    store.apply(&Action::CreateNote {
        owner: NoteOwner::Source(source),
        body: "Written by the Annals team as a demo, summarising a news report of 12 June 2024."
            .into(),
    })?;
    store.apply(&Action::CreateNote {
        owner: NoteOwner::Notebook,
        body: "# Demo notebook\n\nEvery event here is linked to the sentence of the briefing that supports it. \
               Try selecting a sentence in the source to make a new event, or undo (Ctrl+Z) what you did."
            .into(),
    })?;
    Ok(())
}
