//! TimelineJS (Knight Lab) as events: its JSON (`{"events": [slide…]}`) and
//! its Google-Sheets template as CSV (`Year, Month, Day, Time, End Year, …,
//! Headline, Text, Media, Media Credit, Media Caption, …, Type, Group`).
//!
//! A slide's start (and end) date parts become an EDTF date (or interval)
//! at the precision given; when its `display_date` reads as a date within
//! those parts (Annals' own export writes "c. 1850" there), that reading
//! wins, so qualifiers survive a round trip. Headlines and texts are HTML
//! in TimelineJS: they are read as text (tags dropped, entities decoded).
//! The media URL, caption and credit are kept at the end of the
//! description. The title slide and eras are not events.

use super::events::{Given, Row, RowError, checked_uid};
use super::table::{Table, cell_text};
use super::{ImportError, html_to_text};
use crate::action::EventFields;
use crate::model::date::Date;

/// The parts of a TimelineJS date, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Parts {
    year: String,
    month: String,
    day: String,
    time: String,
}

impl Parts {
    fn is_empty(&self) -> bool {
        self.year.trim().is_empty()
    }

    /// The EDTF of these parts.
    fn edtf(&self, what: &str) -> Result<String, String> {
        let number = |text: &str, name: &str, range: std::ops::RangeInclusive<i64>| {
            let text = text.trim();
            text.parse::<i64>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| format!("the {what} {name} “{text}” is not a number in {range:?}"))
        };
        let year = number(&self.year, "year", -999_999_999..=999_999_999)?;
        let mut edtf = if year.abs() > 9999 {
            format!("Y{year}")
        } else if year < 0 {
            format!("-{:04}", -year)
        } else {
            format!("{year:04}")
        };
        if self.month.trim().is_empty() {
            return Ok(edtf);
        }
        edtf.push_str(&format!("-{:02}", number(&self.month, "month", 1..=12)?));
        if self.day.trim().is_empty() {
            return Ok(edtf);
        }
        edtf.push_str(&format!("-{:02}", number(&self.day, "day", 1..=31)?));
        let time = self.time.trim();
        if !time.is_empty() {
            let parts: Vec<&str> = time.split(':').collect();
            let valid = (2..=3).contains(&parts.len())
                && parts
                    .iter()
                    .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
            if !valid {
                return Err(format!("the {what} time “{time}” is not HH:MM or HH:MM:SS"));
            }
            edtf.push_str(&format!(
                "T{}:{}:{}",
                parts[0],
                parts[1],
                parts.get(2).unwrap_or(&"00")
            ));
        }
        Ok(edtf)
    }
}

/// One slide, as either form gives it.
#[derive(Debug, Clone, Default)]
struct Slide {
    start: Parts,
    end: Parts,
    display: String,
    headline: String,
    text: String,
    media: String,
    caption: String,
    credit: String,
    group: String,
    uid: String,
}

/// HTML as one text (tags dropped, entities decoded); empty stays empty.
fn text_of(html: &str) -> String {
    if html.trim().is_empty() {
        return String::new();
    }
    html_to_text(html.as_bytes()).map_or_else(|_| String::new(), |t| t.text)
}

fn row_of(slide: &Slide, line: u64) -> Result<Row, String> {
    let title = text_of(&slide.headline)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if title.is_empty() {
        return Err("the headline is empty".to_owned());
    }
    let display = text_of(&slide.display);
    let (date, date_text) = if slide.start.is_empty() {
        if display.is_empty() {
            return Err("the slide has no start date".to_owned());
        }
        let date = Date::parse(&display)
            .map_err(|e| format!("the display date “{display}” is not a date: {e}"))?;
        (date, display.clone())
    } else {
        let start = slide.start.edtf("start")?;
        let edtf = if slide.end.is_empty() {
            start
        } else {
            format!("{start}/{}", slide.end.edtf("end")?)
        };
        let parts =
            Date::parse_edtf(&edtf).map_err(|e| format!("the date {edtf} is not a date: {e}"))?;
        // The display date, when it reads as a date within the parts'
        // span, keeps what the parts cannot say ("c.", "?").
        let refined = Date::parse(&display).ok().filter(|d| {
            let (p, f) = (parts.bounds(), d.fuzzy_bounds());
            f.earliest_key() <= p.earliest_key()
                && p.latest_key() <= f.latest_key()
                && d.precision() == parts.precision()
        });
        match refined {
            Some(d) => (d, display.clone()),
            None => (parts, edtf),
        }
    };
    let mut description = text_of(&slide.text);
    let media = slide.media.trim();
    if !media.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&format!("Media: {media}"));
        for (label, value) in [("Caption", &slide.caption), ("Credit", &slide.credit)] {
            let value = text_of(value);
            if !value.is_empty() {
                description.push_str(&format!("\n{label}: {value}"));
            }
        }
    }
    let group = text_of(&slide.group);
    Ok(Row {
        line,
        uid: checked_uid(&slide.uid)?,
        fields: EventFields {
            title,
            date,
            time_zone: None,
            description,
            track: (!group.is_empty()).then_some(group),
            tags: Vec::new(),
        },
        given: Given {
            description: true,
            track: true,
            tags: false,
            time_zone: false,
        },
        date_text,
        entities: Vec::new(),
    })
}

/// A JSON value as text: strings as they are, numbers written out.
fn value_text(value: Option<&serde_json::Value>) -> String {
    match value {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn parts_of(value: Option<&serde_json::Value>) -> Parts {
    let get = |key| value_text(value.and_then(|v| v.get(key)));
    let hour = get("hour");
    let time = if hour.is_empty() {
        String::new()
    } else {
        let pad = |t: String| {
            if t.is_empty() {
                "00".to_owned()
            } else {
                format!("{t:0>2}")
            }
        };
        format!(
            "{}:{}:{}",
            pad(hour),
            pad(get("minute")),
            pad(get("second"))
        )
    };
    Parts {
        year: get("year"),
        month: get("month"),
        day: get("day"),
        time,
    }
}

/// Reads TimelineJS JSON; each slide's position (from 1) is its "line".
///
/// # Errors
/// [`ImportError::Malformed`] when the file is not JSON (nested deeper than
/// serde_json's limit of 128 among them) or has no `events` list.
pub fn rows_from_json(bytes: &[u8]) -> Result<Vec<Result<Row, RowError>>, ImportError> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ImportError::Malformed(format!("not JSON: {e}")))?;
    let events = value
        .get("events")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| {
            ImportError::Malformed("not a TimelineJS file (no \"events\" list)".to_owned())
        })?;
    Ok(events
        .iter()
        .enumerate()
        .map(|(i, slide)| {
            let line = i as u64 + 1;
            let text = |key| value_text(slide.get("text").and_then(|t| t.get(key)));
            let media = |key| value_text(slide.get("media").and_then(|t| t.get(key)));
            let slide = Slide {
                start: parts_of(slide.get("start_date")),
                end: parts_of(slide.get("end_date")),
                display: value_text(slide.get("display_date")),
                headline: text("headline"),
                text: text("text"),
                media: media("url"),
                caption: media("caption"),
                credit: media("credit"),
                group: value_text(slide.get("group")),
                uid: value_text(slide.get("unique_id")),
            };
            row_of(&slide, line).map_err(|message| RowError { line, message })
        })
        .collect())
}

/// True for a CSV with the TimelineJS template's headers.
#[must_use]
pub fn is_template(table: &Table) -> bool {
    let has = |name: &str| table.headers.iter().any(|h| h.eq_ignore_ascii_case(name));
    has("Year") && has("Headline")
}

/// Reads the rows of a TimelineJS template CSV; `Type` title and era rows
/// are not events and are left out.
#[must_use]
pub fn rows_from_template(table: &Table) -> Vec<Result<Row, RowError>> {
    let column = |name: &str| {
        table
            .headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
    };
    let columns: Vec<Option<usize>> = [
        "Year",
        "Month",
        "Day",
        "Time",
        "End Year",
        "End Month",
        "End Day",
        "End Time",
        "Display Date",
        "Headline",
        "Text",
        "Media",
        "Media Caption",
        "Media Credit",
        "Group",
        "Type",
    ]
    .iter()
    .map(|n| column(n))
    .collect();
    table
        .rows
        .iter()
        .filter_map(|(line, record)| {
            let cell = |i: usize| {
                columns[i]
                    .and_then(|c| record.get(c))
                    .map(cell_text)
                    .unwrap_or("")
                    .to_owned()
            };
            let kind = cell(15).to_lowercase();
            if kind == "title" || kind == "era" {
                return None;
            }
            let slide = Slide {
                start: Parts {
                    year: cell(0),
                    month: cell(1),
                    day: cell(2),
                    time: cell(3),
                },
                end: Parts {
                    year: cell(4),
                    month: cell(5),
                    day: cell(6),
                    time: cell(7),
                },
                display: cell(8),
                headline: cell(9),
                text: cell(10),
                media: cell(11),
                caption: cell(12),
                credit: cell(13),
                group: cell(14),
                uid: String::new(),
            };
            let too_big = record
                .iter()
                .any(|c| c.len() > super::table::MAX_CELL_BYTES);
            Some(if too_big {
                Err(RowError {
                    line: *line,
                    message: "a cell is over 1 MB".to_owned(),
                })
            } else {
                row_of(&slide, *line).map_err(|message| RowError {
                    line: *line,
                    message,
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::read_table;

    #[test]
    fn slides_become_events_with_media_in_the_description() {
        let json = r#"{"title": {"text": {"headline": "Visits"}},
          "events": [
            {"start_date": {"year": 2023, "month": "9", "day": 13},
             "text": {"headline": "Putin &amp; Kim <b>meet</b>", "text": "<p>At Vostochny.</p>"},
             "media": {"url": "https://example.org/photo.jpg", "caption": "Arrival", "credit": "TASS"},
             "group": "Diplomacy", "unique_id": "slide-1"},
            {"start_date": {"year": "1914"}, "end_date": {"year": "1918", "month": "11"},
             "text": {"headline": "Первая мировая"}},
            {"start_date": {"year": "1850"}, "display_date": "c. 1850",
             "text": {"headline": "普京"}},
            {"start_date": {"year": "-43", "month": "3", "day": "15", "hour": "9"},
             "text": {"headline": "Ides"}},
            {"start_date": {"year": "20x3"}, "text": {"headline": "bad"}},
            {"text": {"headline": "no date"}}
          ]}"#;
        let rows = rows_from_json(json.as_bytes()).unwrap();
        let first = rows[0].as_ref().unwrap();
        assert_eq!(first.fields.title, "Putin & Kim meet");
        assert_eq!(first.fields.date.edtf(), "2023-09-13");
        assert_eq!(first.fields.track.as_deref(), Some("Diplomacy"));
        assert_eq!(
            first.fields.description,
            "At Vostochny.\n\nMedia: https://example.org/photo.jpg\nCaption: Arrival\nCredit: TASS"
        );
        assert_eq!(first.uid.as_ref().unwrap().0, "slide-1");
        assert_eq!(rows[1].as_ref().unwrap().fields.date.edtf(), "1914/1918-11");
        assert_eq!(rows[2].as_ref().unwrap().fields.date.edtf(), "1850~");
        assert_eq!(
            rows[3].as_ref().unwrap().fields.date.edtf(),
            "-0043-03-15T09:00:00"
        );
        assert_eq!(rows[4].as_ref().unwrap_err().line, 5);
        assert!(
            rows[5]
                .as_ref()
                .unwrap_err()
                .message
                .contains("no start date")
        );
    }

    #[test]
    fn the_sheet_template_reads_as_events() {
        let csv = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n\
                   ,,,,,,,,,Visits,Intro,,,,,title,,\n\
                   2024,6,19,10:30,,,,,,Визит в Пхеньян,<p>Summit</p>,https://example.org/v.mp4,KCNA,Arrival,,,Diplomacy,\n\
                   1950,,,,1953,,,,,Korean War,,,,,,era,,\n";
        let table = read_table(csv.as_bytes()).unwrap();
        assert!(is_template(&table));
        let rows = rows_from_template(&table);
        assert_eq!(rows.len(), 1);
        let row = rows[0].as_ref().unwrap();
        assert_eq!(row.line, 3);
        assert_eq!(row.fields.date.edtf(), "2024-06-19T10:30:00");
        assert_eq!(row.fields.track.as_deref(), Some("Diplomacy"));
        assert!(
            row.fields
                .description
                .ends_with("Media: https://example.org/v.mp4\nCaption: Arrival\nCredit: KCNA")
        );
    }

    #[test]
    fn hostile_json_is_refused() {
        let deep = format!(
            "{{\"events\":{}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(matches!(
            rows_from_json(deep.as_bytes()),
            Err(ImportError::Malformed(_))
        ));
        assert!(matches!(
            rows_from_json(b"{\"title\":1}"),
            Err(ImportError::Malformed(_))
        ));
    }
}
