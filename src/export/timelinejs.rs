//! TimelineJS's JSON (Knight Lab's timeline.knightlab.com format): one slide
//! per event with start and end dates at the event's precision, the date as
//! read in `display_date`, the track as `group`, and the description plus
//! each quote with its source's credit as the slide's text.
//!
//! TimelineJS puts headlines, texts, groups and display dates into the page
//! as HTML, so every one of them is escaped here.

use std::io::Write;

use serde::Serialize;

use super::citation::{Citation, Span};
use super::markdown::is_plain_url;
use super::report::{LOST_NOTE, UNSUPPORTED};
use super::text::{html, html_content, one_line};
use super::{ExportResult, Job, Writer, rich};
use crate::model::date::calendar::{civil_from_day, day_from_civil, days_in_month};
use crate::model::date::{Date, DayBound, Precision};
use crate::model::{Event, Notebook};

/// Writes TimelineJS JSON.
pub struct TimelineJsWriter;

/// A TimelineJS date: only the parts the precision knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineDate {
    /// Astronomical year (1 BC is 0).
    pub year: i64,
    /// 1–12.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// 1–31.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    /// 0–23.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hour: Option<i64>,
    /// 0–59.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minute: Option<i64>,
    /// 0–59.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<i64>,
}

/// A slide's text.
#[derive(Debug, Clone, Serialize)]
pub struct SlideText {
    /// The title (HTML).
    pub headline: String,
    /// The body (HTML).
    pub text: String,
}

/// One slide: the title slide or an event.
#[derive(Debug, Clone, Serialize)]
pub struct Slide {
    /// When it starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<TimelineDate>,
    /// When it ends, for spans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<TimelineDate>,
    /// The date as read ("September 2023").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_date: Option<String>,
    /// Headline and text.
    pub text: SlideText,
    /// The track.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The event's uid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique_id: Option<String>,
}

/// The whole file.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The title slide.
    pub title: Slide,
    /// The events.
    pub events: Vec<Slide>,
}

/// How much of a date TimelineJS is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Grain {
    Year,
    Month,
    Day,
    Second,
}

const fn grain(precision: Precision) -> Grain {
    match precision {
        Precision::Millennium | Precision::Century | Precision::Decade | Precision::Year => {
            Grain::Year
        }
        Precision::Season | Precision::Quarter | Precision::Month => Grain::Month,
        Precision::Day => Grain::Day,
        Precision::Second => Grain::Second,
    }
}

fn timeline_date(day: i64, grain: Grain, seconds: i64) -> TimelineDate {
    let (year, month, dom) = civil_from_day(day);
    TimelineDate {
        year,
        month: (grain >= Grain::Month).then_some(month),
        day: (grain >= Grain::Day).then_some(dom),
        hour: (grain == Grain::Second).then_some(seconds / 3600),
        minute: (grain == Grain::Second).then_some(seconds % 3600 / 60),
        second: (grain == Grain::Second).then_some(seconds % 60),
    }
}

/// The last day of the unit of `grain` that `day` is in.
fn unit_end(day: i64, grain: Grain) -> i64 {
    let (year, month, _) = civil_from_day(day);
    match grain {
        Grain::Year => day_from_civil(year, 12, 31),
        Grain::Month => day_from_civil(year, month, days_in_month(year, month)),
        Grain::Day | Grain::Second => day,
    }
}

/// The precision of an interval's end (`2024-06-12/2024-06-30` → day).
fn end_grain(date: &Date) -> Option<Grain> {
    let (_, end) = date.edtf().split_once('/')?;
    Date::parse_edtf(end).ok().map(|d| grain(d.precision()))
}

/// Start and end dates at the date's precision.
fn dates(date: &Date) -> (Option<TimelineDate>, Option<TimelineDate>) {
    let bounds = date.bounds();
    let start_grain = grain(date.precision());
    match (bounds.earliest, bounds.latest) {
        (DayBound::Day(first), latest) => {
            let start = timeline_date(first, start_grain, date.time_of_day_seconds());
            let end = match latest {
                DayBound::Day(last) if last != unit_end(first, start_grain) => {
                    let g = end_grain(date).unwrap_or(start_grain);
                    Some(timeline_date(last, g.min(Grain::Day), 0))
                }
                _ => None,
            };
            (Some(start), end)
        }
        // "before 1066": TimelineJS needs a start; the display date says
        // what is known.
        (_, DayBound::Day(last)) => (Some(timeline_date(last, start_grain, 0)), None),
        _ => (None, None),
    }
}

fn credit(c: &Citation) -> String {
    c.spans
        .iter()
        .map(|span| match span {
            Span::Text(t) => html(t).into_owned(),
            Span::Italic(t) => format!("<i>{}</i>", html(t)),
            Span::Url(u) if is_plain_url(u) => format!("<a href=\"{0}\">{0}</a>", html(u)),
            Span::Url(u) => html(u).into_owned(),
        })
        .collect()
}

/// The slide of one event.
#[must_use]
pub fn slide(notebook: &Notebook, event: &Event) -> Slide {
    let (start_date, end_date) = dates(&event.date);
    let mut text = String::new();
    if !event.description.trim().is_empty() {
        text.push_str(&rich::html(&event.description));
    }
    let mut supported = false;
    for excerpt in event.excerpts.iter().filter_map(|x| notebook.excerpt(*x)) {
        let Some(source) = notebook.source(excerpt.source) else {
            continue;
        };
        supported = true;
        text.push_str(&format!(
            "<blockquote>“{}”</blockquote><p class=\"credit\">— {}{}</p>",
            html(excerpt.quote.trim()),
            credit(&Citation::note(source)),
            if excerpt.lost {
                format!(" {LOST_NOTE}")
            } else {
                String::new()
            }
        ));
    }
    if !supported {
        text.push_str(&format!("<p><em>{UNSUPPORTED}</em></p>"));
    }
    Slide {
        start_date,
        end_date,
        display_date: Some(html_content(&event.date.display()).into_owned()),
        text: SlideText {
            headline: html_content(&one_line(&event.title)).into_owned(),
            text,
        },
        group: event
            .track
            .and_then(|t| notebook.track(t))
            .map(|t| html_content(&one_line(&t.name)).into_owned()),
        unique_id: Some(event.uid.0.clone()),
    }
}

impl Writer for TimelineJsWriter {
    fn write(&self, job: &Job<'_>, out: &mut dyn Write) -> ExportResult<()> {
        let mut events = Vec::with_capacity(job.events.len());
        for (i, event) in job.events.iter().enumerate() {
            // TimelineJS cannot place an event with no dated side at all.
            let slide = slide(job.notebook, event);
            if slide.start_date.is_some() {
                events.push(slide);
            }
            job.tick(i + 1)?;
        }
        let timeline = Timeline {
            title: Slide {
                start_date: None,
                end_date: None,
                display_date: None,
                text: SlideText {
                    headline: html_content(&format!("Chronology: {}", one_line(job.title())))
                        .into_owned(),
                    text: format!("<p>{}</p>", html(&capitalised(&job.scope.describe()))),
                },
                group: None,
                unique_id: None,
            },
            events,
        };
        let mut w = std::io::BufWriter::new(out);
        serde_json::to_writer_pretty(&mut w, &timeline).map_err(std::io::Error::from)?;
        writeln!(w)?;
        w.flush()?;
        Ok(())
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(date: &str) -> serde_json::Value {
        let (start, end) = dates(&Date::parse(date).unwrap());
        serde_json::json!({ "start": start, "end": end })
    }

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(
            json("2023-09"),
            serde_json::json!({"start": {"year": 2023, "month": 9}, "end": null})
        );
        assert_eq!(
            json("2024-06-10"),
            serde_json::json!({"start": {"year": 2024, "month": 6, "day": 10}, "end": null})
        );
        assert_eq!(
            json("2024-06-12/2024-06-30"),
            serde_json::json!({
                "start": {"year": 2024, "month": 6, "day": 12},
                "end": {"year": 2024, "month": 6, "day": 30}
            })
        );
        assert_eq!(
            json("199X"),
            serde_json::json!({"start": {"year": 1990}, "end": {"year": 1999}})
        );
        assert_eq!(json("c. 1850")["start"], serde_json::json!({"year": 1850}));
        assert_eq!(
            json("before 1066"),
            serde_json::json!({"start": {"year": 1066}, "end": null})
        );
        assert_eq!(
            json("2023-09-13T10:30:05"),
            serde_json::json!({"start": {"year": 2023, "month": 9, "day": 13, "hour": 10, "minute": 30, "second": 5}, "end": null})
        );
    }
}
