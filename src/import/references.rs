//! Bibliographic records as sources: BibTeX/BibLaTeX (through the
//! `biblatex` crate), RIS (a small reader below) and CSL-JSON (serde), what
//! Zotero, Mendeley and Google Scholar export.
//!
//! Each record becomes a source with its title, authors (`Given Family`,
//! joined by `; `), outlet (journal or container, else book title,
//! publisher or organisation), publication date (EDTF at whatever
//! precision the record has), URL, and access date. The DOI becomes the URL
//! (`https://doi.org/…`) when there is none, else a `DOI:` line at the end
//! of the text. The abstract and the note, if any, are the text (a source
//! without text can take one later).
//!
//! RIS, as read here: one `TAG  - value` per line (two characters, two
//! spaces, a hyphen, a space), a record from `TY` to `ER`; `TI`/`T1` title,
//! `AU`/`A1`/`A2` authors ("Family, Given"), `JO`/`JF`/`T2`/`JA`/`BT` outlet,
//! `PB` publisher, `PY`/`Y1`/`DA` date (`2023/09/13/`, `2023`), `UR` URL,
//! `DO` DOI, `Y2` access date, `AB`/`N2` abstract, `N1` note. Other tags
//! are ignored; lines that are not tags continue the previous value.

use super::ImportError;
use super::events::RowError;
use crate::action::SourceFields;
use crate::model::date::Date;

/// A record read from a file, with where it is (line, or position from 1).
pub type Record = Result<(u64, SourceFields), RowError>;

/// The parts of a record before they become a source.
#[derive(Debug, Default)]
struct Parts {
    title: String,
    authors: Vec<String>,
    outlet: String,
    publisher: String,
    date: String,
    url: String,
    doi: String,
    accessed: String,
    text: Vec<String>,
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn date(what: &str, text: &str) -> Result<Option<Date>, String> {
    let text = text.trim().trim_end_matches('/');
    if text.is_empty() {
        return Ok(None);
    }
    // RIS writes 2023/09/13 (and 2023/09//); EDTF wants hyphens.
    let dashed = if text.contains('/')
        && text
            .split('/')
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        text.split('/')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    } else {
        text.to_owned()
    };
    Date::parse(&dashed)
        .map(Some)
        .map_err(|e| format!("the {what} “{text}” is not a date: {e}"))
}

impl Parts {
    fn into_fields(self) -> Result<SourceFields, String> {
        let title = clean(&self.title);
        if title.is_empty() {
            return Err("the record has no title".to_owned());
        }
        let mut text: Vec<String> = self
            .text
            .iter()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty())
            .collect();
        let doi = self.doi.trim();
        let mut url = self.url.trim().to_owned();
        if !doi.is_empty() {
            if url.is_empty() {
                let bare = doi
                    .trim_start_matches("https://doi.org/")
                    .trim_start_matches("doi:");
                url = format!("https://doi.org/{bare}");
            } else {
                text.push(format!("DOI: {doi}"));
            }
        }
        let outlet = if self.outlet.trim().is_empty() {
            clean(&self.publisher)
        } else {
            clean(&self.outlet)
        };
        Ok(SourceFields {
            title,
            outlet,
            author: self
                .authors
                .iter()
                .map(|a| clean(a))
                .filter(|a| !a.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
            url,
            published: date("date", &self.date)?,
            accessed: date("access date", &self.accessed)?,
            body: text.join("\n\n"),
            encoding: "UTF-8".to_owned(),
            file: None,
        })
    }
}

/// "Family, Given" → "Given Family".
fn given_first(name: &str) -> String {
    match name.split_once(',') {
        Some((family, given)) if !given.trim().is_empty() => {
            format!("{} {}", given.trim(), family.trim())
        }
        _ => name.trim().to_owned(),
    }
}

/// Reads a RIS file.
///
/// # Errors
/// [`ImportError`] when the text cannot be decoded or holds no record.
pub fn read_ris(bytes: &[u8]) -> Result<Vec<Record>, ImportError> {
    let decoded = super::decode(bytes)?;
    let mut records = Vec::new();
    let mut current: Option<(u64, Parts)> = None;
    let mut last_tag = String::new();
    for (i, line) in decoded.text.lines().enumerate() {
        let number = i as u64 + 1;
        let line = line.trim_start_matches('\u{feff}');
        let tagged = line.len() >= 5
            && line.is_char_boundary(2)
            && line[..2].bytes().all(|b| b.is_ascii_alphanumeric())
            && line[2..].starts_with("  -");
        if !tagged {
            if let Some((_, parts)) = current.as_mut()
                && !line.trim().is_empty()
                && matches!(last_tag.as_str(), "AB" | "N2" | "N1")
                && let Some(last) = parts.text.last_mut()
            {
                last.push('\n');
                last.push_str(line.trim());
            }
            continue;
        }
        let tag = line[..2].to_owned();
        let value = line[5.min(line.len())..].trim().to_owned();
        last_tag.clone_from(&tag);
        if tag == "TY" {
            current = Some((number, Parts::default()));
            continue;
        }
        let Some((start, parts)) = current.as_mut() else {
            continue;
        };
        match tag.as_str() {
            "TI" | "T1" if parts.title.is_empty() => parts.title = value,
            "AU" | "A1" | "A2" => parts.authors.push(given_first(&value)),
            "JO" | "JF" | "T2" | "JA" | "BT" if parts.outlet.is_empty() => parts.outlet = value,
            "PB" => parts.publisher = value,
            "PY" | "Y1" | "DA" if parts.date.is_empty() || tag == "DA" => parts.date = value,
            "UR" if parts.url.is_empty() => parts.url = value,
            "DO" => parts.doi = value,
            "Y2" => parts.accessed = value,
            "AB" | "N2" | "N1" => parts.text.push(value),
            "ER" => {
                let start = *start;
                if let Some((_, parts)) = current.take() {
                    records.push(parts.into_fields().map(|f| (start, f)).map_err(|message| {
                        RowError {
                            line: start,
                            message,
                        }
                    }));
                }
            }
            _ => {}
        }
    }
    if let Some((start, _)) = current {
        records.push(Err(RowError {
            line: start,
            message: "the record has no end (ER)".to_owned(),
        }));
    }
    if records.is_empty() {
        return Err(ImportError::Malformed(
            "no RIS record (TY  - … ER  -) in the file".to_owned(),
        ));
    }
    Ok(records)
}

/// A CSL-JSON date: `{"date-parts": [[2023, 9, 13]]}` (a second part is an
/// end), `{"raw": "…"}` or `{"literal": "…"}`.
fn csl_date(value: Option<&serde_json::Value>) -> String {
    let Some(value) = value else {
        return String::new();
    };
    let part = |p: &serde_json::Value| -> Option<String> {
        let numbers: Vec<i64> = p
            .as_array()?
            .iter()
            .filter_map(|n| n.as_i64().or_else(|| n.as_str()?.trim().parse().ok()))
            .collect();
        let mut text = match numbers.first()? {
            y if *y < 0 => format!("-{:04}", -y),
            y => format!("{y:04}"),
        };
        for n in numbers.iter().skip(1).take(2) {
            text.push_str(&format!("-{n:02}"));
        }
        Some(text)
    };
    if let Some(parts) = value
        .get("date-parts")
        .and_then(serde_json::Value::as_array)
    {
        let texts: Vec<String> = parts.iter().filter_map(part).collect();
        return texts.join("/");
    }
    ["raw", "literal"]
        .iter()
        .find_map(|k| value.get(*k).and_then(serde_json::Value::as_str))
        .unwrap_or("")
        .to_owned()
}

/// Reads CSL-JSON (a list of items, or one item).
///
/// # Errors
/// [`ImportError::Malformed`] when the file is not JSON (nested deeper than
/// 128 levels among them) or holds no items.
pub fn read_csl_json(bytes: &[u8]) -> Result<Vec<Record>, ImportError> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ImportError::Malformed(format!("not JSON: {e}")))?;
    let items = match &value {
        serde_json::Value::Array(items) => items.clone(),
        serde_json::Value::Object(_) => vec![value.clone()],
        _ => Vec::new(),
    };
    if items.is_empty() {
        return Err(ImportError::Malformed(
            "no CSL-JSON items in the file".to_owned(),
        ));
    }
    let text = |item: &serde_json::Value, key: &str| {
        item.get(key)
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let line = i as u64 + 1;
            let authors = item
                .get("author")
                .and_then(serde_json::Value::as_array)
                .map(|list| {
                    list.iter()
                        .map(|a| {
                            let literal = text(a, "literal");
                            if literal.is_empty() {
                                format!("{} {}", text(a, "given"), text(a, "family"))
                            } else {
                                literal
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let parts = Parts {
                title: text(item, "title"),
                authors,
                outlet: text(item, "container-title"),
                publisher: text(item, "publisher"),
                date: csl_date(item.get("issued")),
                url: text(item, "URL"),
                doi: text(item, "DOI"),
                accessed: csl_date(item.get("accessed")),
                text: vec![text(item, "abstract"), text(item, "note")],
            };
            parts
                .into_fields()
                .map(|f| (line, f))
                .map_err(|message| RowError { line, message })
        })
        .collect())
}

/// A biblatex date as EDTF.
fn bib_date(date: &biblatex::Date) -> String {
    let one = |d: &biblatex::Datetime| {
        let mut text = if d.year < 0 {
            format!("-{:04}", -i64::from(d.year))
        } else {
            format!("{:04}", d.year)
        };
        if let Some(m) = d.month {
            text.push_str(&format!("-{:02}", m + 1));
            if let Some(day) = d.day {
                text.push_str(&format!("-{:02}", day + 1));
            }
        }
        text
    };
    let mut text = match &date.value {
        biblatex::DateValue::At(d) => one(d),
        biblatex::DateValue::After(d) => format!("{}/..", one(d)),
        biblatex::DateValue::Before(d) => format!("../{}", one(d)),
        biblatex::DateValue::Between(a, b) => format!("{}/{}", one(a), one(b)),
    };
    if matches!(date.value, biblatex::DateValue::At(_)) {
        match (date.uncertain, date.approximate) {
            (true, true) => text.push('%'),
            (true, false) => text.push('?'),
            (false, true) => text.push('~'),
            (false, false) => {}
        }
    }
    text
}

/// Reads BibTeX or BibLaTeX; an entry's position (from 1) is its "line".
///
/// # Errors
/// [`ImportError::Malformed`] with the line of the first syntax error, or
/// when there is no entry.
pub fn read_bibtex(bytes: &[u8]) -> Result<Vec<Record>, ImportError> {
    use biblatex::{ChunksExt as _, PermissiveType};
    let decoded = super::decode(bytes)?;
    let bibliography = biblatex::Bibliography::parse(&decoded.text).map_err(|e| {
        let line = decoded.text[..e.span.start.min(decoded.text.len())]
            .matches('\n')
            .count()
            + 1;
        ImportError::Malformed(format!("line {line}: not BibTeX: {}", e.kind))
    })?;
    let records: Vec<Record> = bibliography
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let line = i as u64 + 1;
            let chunks = |key: &str| {
                entry
                    .get(key)
                    .map(|c| c.format_verbatim())
                    .unwrap_or_default()
            };
            let date_of = |result: Result<PermissiveType<biblatex::Date>, _>| match result {
                Ok(PermissiveType::Typed(d)) => bib_date(&d),
                Ok(PermissiveType::Chunks(c)) => c.format_verbatim(),
                Err(_) => String::new(),
            };
            let authors = entry
                .author()
                .map(|people| {
                    people
                        .iter()
                        .map(|p| {
                            [
                                p.given_name.as_str(),
                                p.prefix.as_str(),
                                p.name.as_str(),
                                p.suffix.as_str(),
                            ]
                            .iter()
                            .filter(|s| !s.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" ")
                        })
                        .collect()
                })
                .unwrap_or_default();
            let outlet = ["journaltitle", "journal", "booktitle", "howpublished"]
                .iter()
                .map(|k| chunks(k))
                .find(|t| !t.trim().is_empty())
                .unwrap_or_default();
            let publisher = ["publisher", "organization", "institution", "school"]
                .iter()
                .map(|k| chunks(k))
                .find(|t| !t.trim().is_empty())
                .unwrap_or_default();
            let parts = Parts {
                title: chunks("title"),
                authors,
                outlet,
                publisher,
                date: date_of(entry.date()),
                url: chunks("url"),
                doi: chunks("doi"),
                accessed: date_of(entry.url_date()),
                text: vec![chunks("abstract"), chunks("note"), chunks("annotation")],
            };
            parts
                .into_fields()
                .map(|f| (line, f))
                .map_err(|message| RowError {
                    line,
                    message: format!("entry {}: {message}", entry.key),
                })
        })
        .collect();
    if records.is_empty() {
        return Err(ImportError::Malformed(
            "no BibTeX entry in the file".to_owned(),
        ));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_from_zotero_becomes_sources() {
        let bib = r#"@article{kim2023,
  title = {Putin and {Kim} Meet at {Vostochny}},
  author = {Kim, Jiyoung and Smith, John and {Reuters Staff}},
  journaltitle = {Korea Herald},
  date = {2023-09-13},
  url = {https://example.org/putin-kim},
  doi = {10.1234/kh.2023.09},
  urldate = {2024-06-14},
  abstract = {Визит Путина: 普京访问朝鲜.},
}
@book{old,
  title = {A History},
  author = {Doe, Jane},
  publisher = {Press},
  year = {1850},
  month = sep,
}
@misc{notitle, year = {2020}}
"#;
        let records = read_bibtex(bib.as_bytes()).unwrap();
        let (line, first) = records[0].as_ref().unwrap();
        assert_eq!(*line, 1);
        assert_eq!(first.title, "Putin and Kim Meet at Vostochny");
        assert_eq!(first.author, "Jiyoung Kim; John Smith; Reuters Staff");
        assert_eq!(first.outlet, "Korea Herald");
        assert_eq!(first.published.as_ref().unwrap().edtf(), "2023-09-13");
        assert_eq!(first.accessed.as_ref().unwrap().edtf(), "2024-06-14");
        assert_eq!(first.url, "https://example.org/putin-kim");
        assert_eq!(
            first.body,
            "Визит Путина: 普京访问朝鲜.\n\nDOI: 10.1234/kh.2023.09"
        );
        let (_, book) = records[1].as_ref().unwrap();
        assert_eq!(book.outlet, "Press");
        assert_eq!(book.published.as_ref().unwrap().edtf(), "1850-09");
        assert!(records[2].as_ref().unwrap_err().message.contains("notitle"));
        assert!(matches!(
            read_bibtex(b"@article{x, title = {unclosed"),
            Err(ImportError::Malformed(_))
        ));
    }

    #[test]
    fn ris_records_become_sources() {
        let ris = "TY  - JOUR\nTI  - Spy satellite launched\nAU  - Park, Min-jun\nAU  - Иванов, Иван\nJO  - NK News\nPY  - 2023/11/21/\nDO  - 10.5555/nk.1\nAB  - First line\ncontinued here\nY2  - 2024\nER  - \nTY  - BOOK\nTI  - Undated\nER  - \nTY  - GEN\nAU  - Nobody\nER  - \nTY  - JOUR\nTI  - No end\n";
        let records = read_ris(ris.as_bytes()).unwrap();
        let (line, first) = records[0].as_ref().unwrap();
        assert_eq!(*line, 1);
        assert_eq!(first.author, "Min-jun Park; Иван Иванов");
        assert_eq!(first.outlet, "NK News");
        assert_eq!(first.published.as_ref().unwrap().edtf(), "2023-11-21");
        assert_eq!(first.url, "https://doi.org/10.5555/nk.1");
        assert_eq!(first.body, "First line\ncontinued here");
        assert_eq!(first.accessed.as_ref().unwrap().edtf(), "2024");
        assert!(records[1].as_ref().unwrap().1.published.is_none());
        assert_eq!(records[2].as_ref().unwrap_err().line, 15);
        assert!(records[3].as_ref().unwrap_err().message.contains("no end"));
        assert!(read_ris(b"just text").is_err());
    }

    #[test]
    fn csl_json_items_become_sources() {
        let json = r#"[{"type": "article-newspaper", "title": "زيارة بوتين",
            "author": [{"family": "Lee", "given": "Sun"}, {"literal": "AP"}],
            "container-title": "Al Jazeera", "issued": {"date-parts": [[2024, 6]]},
            "accessed": {"date-parts": [["2024", "6", "19"]]}, "URL": "https://example.org/a",
            "note": "Seen in print"},
            {"title": "Range", "issued": {"date-parts": [[1914], [1918, 11]]}},
            {"title": "Raw", "issued": {"raw": "c. 1850"}},
            {"issued": {"raw": "2020"}}]"#;
        let records = read_csl_json(json.as_bytes()).unwrap();
        let (_, first) = records[0].as_ref().unwrap();
        assert_eq!(first.author, "Sun Lee; AP");
        assert_eq!(first.outlet, "Al Jazeera");
        assert_eq!(first.published.as_ref().unwrap().edtf(), "2024-06");
        assert_eq!(first.accessed.as_ref().unwrap().edtf(), "2024-06-19");
        assert_eq!(first.body, "Seen in print");
        assert_eq!(
            records[1]
                .as_ref()
                .unwrap()
                .1
                .published
                .as_ref()
                .unwrap()
                .edtf(),
            "1914/1918-11"
        );
        assert_eq!(
            records[2]
                .as_ref()
                .unwrap()
                .1
                .published
                .as_ref()
                .unwrap()
                .edtf(),
            "1850~"
        );
        assert_eq!(records[3].as_ref().unwrap_err().line, 4);
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        assert!(read_csl_json(deep.as_bytes()).is_err());
    }
}
