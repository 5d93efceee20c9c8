//! Scores the date extractor on the public news suite
//! (`tests/data/dates-news.tsv`).
//!
//! A row is exact when every expected expression is found — the suggested
//! text covers the expected text, case-insensitively, give or take a
//! leading "on"/"in"/"at" — with exactly the expected EDTF, and nothing
//! else is suggested in that sentence. Rows expecting `-` are exact when
//! nothing is suggested.

use std::path::Path;

use annals::extract::{Locale, Options, Suggestion, extract};
use annals::model::date::Date;

/// Share of rows that must come out exact.
const MIN_ACCURACY: f64 = 0.9;

/// Words a suggestion may carry in front of the expected text, or the
/// expected text in front of the suggestion.
const LEADING_WORDS: &[&str] = &["on", "in", "at"];

/// One row of the suite.
struct Row {
    id: String,
    published: String,
    sentence: String,
    expressions: Vec<String>,
    edtf: Vec<String>,
}

fn read_rows(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let split = |field: &str| -> Vec<String> {
        if field.trim() == "-" {
            Vec::new()
        } else {
            field.split('|').map(|s| s.trim().to_owned()).collect()
        }
    };
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 5, "row needs 5 tab-separated fields: {line}");
            Row {
                id: fields[0].to_owned(),
                published: fields[1].to_owned(),
                sentence: fields[2].to_owned(),
                expressions: split(fields[3]),
                edtf: split(fields[4]),
            }
        })
        .collect()
}

/// Lower case with typographic apostrophes made plain and spaces collapsed.
fn normalise(text: &str) -> String {
    text.to_lowercase()
        .replace('\u{2019}', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops one leading "on"/"in"/"at".
fn without_leading_word(text: &str) -> &str {
    for word in LEADING_WORDS {
        if let Some(rest) = text.strip_prefix(word).and_then(|r| r.strip_prefix(' ')) {
            return rest;
        }
    }
    text
}

/// The suggestion's text covers the expected expression, allowing it to
/// leave out the expected text's leading "on"/"in"/"at".
fn covers(found: &str, expected: &str) -> bool {
    let found = normalise(found);
    let expected = normalise(expected);
    found.contains(&expected) || found.contains(without_leading_word(&expected))
}

/// Why a row is not exact, or `None` when it is.
fn row_failure(row: &Row, suggestions: &[Suggestion]) -> Option<String> {
    let shown: Vec<String> = suggestions
        .iter()
        .map(|s| format!("“{}” → {} [{}]", s.text, s.date.edtf(), s.rule))
        .collect();
    if row.expressions.len() != row.edtf.len() {
        return Some("malformed row: expressions and EDTF counts differ".to_owned());
    }
    let mut used = vec![false; suggestions.len()];
    for (expression, edtf) in row.expressions.iter().zip(&row.edtf) {
        let hit = suggestions
            .iter()
            .enumerate()
            .find(|(i, s)| !used[*i] && covers(&s.text, expression));
        match hit {
            Some((i, s)) if s.date.edtf() == edtf => used[i] = true,
            Some((_, s)) => {
                return Some(format!(
                    "“{expression}”: expected {edtf}, got {} ({}); found {shown:?}",
                    s.date.edtf(),
                    s.reading
                ));
            }
            None => {
                return Some(format!(
                    "“{expression}” ({edtf}) not found; found {shown:?}"
                ));
            }
        }
    }
    if used.iter().any(|u| !u) {
        return Some(format!("unexpected suggestions; found {shown:?}"));
    }
    None
}

#[test]
fn public_news_suite() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dates-news.tsv");
    let rows = read_rows(&path);
    assert!(!rows.is_empty(), "the suite is empty");
    let mut exact = 0usize;
    for row in &rows {
        let published = Date::parse_edtf(&row.published)
            .unwrap_or_else(|e| panic!("row {}: bad publication date: {e}", row.id));
        let options =
            Options::new(published, Locale::EnUs).unwrap_or_else(|e| panic!("row {}: {e}", row.id));
        let suggestions = extract(&row.sentence, &options);
        match row_failure(row, &suggestions) {
            None => exact += 1,
            Some(why) => println!(
                "FAIL {} ({}): {}\n    {why}",
                row.id, row.published, row.sentence
            ),
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let accuracy = exact as f64 / rows.len() as f64;
    println!("exact: {exact}/{} = {:.1}%", rows.len(), accuracy * 100.0);
    assert!(
        accuracy >= MIN_ACCURACY,
        "accuracy {accuracy:.3} is below {MIN_ACCURACY}"
    );
}

#[test]
fn scoring_fails_a_wrong_or_extra_suggestion() {
    // The scorer itself must be able to fail: a wrong date, a missing
    // expression and an extra suggestion each make a row inexact.
    let published = Date::parse_edtf("2025-03-20").unwrap();
    let options = Options::new(published, Locale::EnUs).unwrap();
    let row = |sentence: &str, expression: &str, edtf: &str| Row {
        id: "t".to_owned(),
        published: "2025-03-20".to_owned(),
        sentence: sentence.to_owned(),
        expressions: if expression == "-" {
            Vec::new()
        } else {
            vec![expression.to_owned()]
        },
        edtf: if edtf == "-" {
            Vec::new()
        } else {
            vec![edtf.to_owned()]
        },
    };
    let right = row("Negotiators first met in January.", "in January", "2025-01");
    assert_eq!(
        row_failure(&right, &extract(&right.sentence, &options)),
        None
    );
    let wrong = row("Negotiators first met in January.", "in January", "2024-01");
    assert!(row_failure(&wrong, &extract(&wrong.sentence, &options)).is_some());
    let extra = row("Negotiators first met in January.", "-", "-");
    assert!(row_failure(&extra, &extract(&extra.sentence, &options)).is_some());
    let missing = row("The rebels may march on the capital.", "march", "2025-03");
    assert!(row_failure(&missing, &extract(&missing.sentence, &options)).is_some());
}
