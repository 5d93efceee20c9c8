//! `annals suggest --published DATE [--locale en-US|en-GB] FILE|- [--json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{errln, outln};
use anyhow::Context as _;
use clap::Args;
use serde::Serialize;

use super::{parse_date, print_json};
use crate::extract::{self, Locale, Options, Part, Suggestion};
use crate::import;

/// Arguments of `annals suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The day the text was published: relative dates are read against it.
    #[arg(long, allow_hyphen_values = true)]
    published: String,
    /// How numeric dates like 03/04/2024 are read.
    #[arg(long, default_value = "en-US")]
    locale: String,
    /// The text: .txt, .md, .html, .pdf, .docx or .eml; `-` for standard input.
    file: PathBuf,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// Another reading in `suggest --json`.
#[derive(Debug, Serialize)]
struct AlternativeJson {
    edtf: String,
    display: String,
    reading: String,
}

/// One expression in `suggest --json`.
#[derive(Debug, Serialize)]
struct SuggestionJson {
    start: usize,
    end: usize,
    text: String,
    edtf: String,
    display: String,
    reading: String,
    alternatives: Vec<AlternativeJson>,
    rule: &'static str,
    confidence: f32,
    sentence_start: usize,
    sentence_end: usize,
    /// The bare expression, without a leading preposition or a trailing
    /// "'s", for comparing with TimeML-style annotations.
    value_start: usize,
    value_end: usize,
    /// "early", "mid", "late", "start" or "end" when the text narrowed the
    /// date, else null.
    modifier: Option<&'static str>,
    /// The EDTF of the whole the modifier narrowed ("197X"), else null.
    unmodified: Option<String>,
}

impl SuggestionJson {
    /// The JSON row of one suggestion.
    fn from_suggestion(s: Suggestion) -> Self {
        Self {
            start: s.start,
            end: s.end,
            edtf: s.date.edtf().to_owned(),
            display: s.date.display(),
            reading: s.reading,
            alternatives: s
                .alternatives
                .into_iter()
                .map(|a| AlternativeJson {
                    edtf: a.date.edtf().to_owned(),
                    display: a.date.display(),
                    reading: a.reading,
                })
                .collect(),
            rule: s.rule,
            confidence: s.confidence,
            sentence_start: s.sentence_start,
            sentence_end: s.sentence_end,
            value_start: s.value_start,
            value_end: s.value_end,
            modifier: s.modifier.map(Part::name),
            unmodified: s.unmodified.map(|d| d.edtf().to_owned()),
            text: s.text,
        }
    }
}

pub(super) fn run(args: &SuggestArgs) -> anyhow::Result<ExitCode> {
    let published = parse_date("--published", &args.published)?;
    let locale: Locale = args
        .locale
        .parse()
        .with_context(|| format!("--locale “{}”", args.locale))?;
    let options = Options::new(published, locale).context("--published")?;
    let bytes = super::sources::read_input(&args.file)?;
    let path = (args.file.as_os_str() != "-").then_some(args.file.as_path());
    let imported = import::import_bytes(path, &bytes)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    if let Some(notice) = &imported.notice {
        errln!("notice: {notice}");
    }
    let found = extract::extract(&imported.text, &options);
    if args.json {
        let rows: Vec<SuggestionJson> = found
            .into_iter()
            .map(SuggestionJson::from_suggestion)
            .collect();
        return print_json(&rows);
    }
    if found.is_empty() {
        errln!("No dates found.");
    }
    for s in &found {
        outln!(
            "{:>6}–{:<6} {:<28} {:<16} {}",
            s.start,
            s.end,
            format!("“{}”", s.text),
            s.date.edtf(),
            s.date.display()
        );
        outln!("{:14}{} [{} {:.2}]", "", s.reading, s.rule, s.confidence);
        for alternative in &s.alternatives {
            outln!(
                "{:14}or {} ({})",
                "",
                alternative.date.display(),
                alternative.reading
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::Date;

    fn rows(text: &str) -> Vec<serde_json::Value> {
        let options = Options::new(Date::parse_edtf("2024-06-12").unwrap(), Locale::EnUs).unwrap();
        extract::extract(text, &options)
            .into_iter()
            .map(|s| serde_json::to_value(SuggestionJson::from_suggestion(s)).unwrap())
            .collect()
    }

    /// The characters `start..end` of `text`.
    fn slice(text: &str, start: &serde_json::Value, end: &serde_json::Value) -> String {
        let (a, b) = (start.as_u64().unwrap(), end.as_u64().unwrap());
        text.chars()
            .skip(usize::try_from(a).unwrap())
            .take(usize::try_from(b - a).unwrap())
            .collect()
    }

    #[test]
    fn value_start_and_end_leave_out_prepositions_and_possessives() {
        let text = "Shares fell below Monday’s close on Tuesday, lower than since March 2020.";
        let found = rows(text);
        let values: Vec<String> = found
            .iter()
            .map(|r| slice(text, &r["value_start"], &r["value_end"]))
            .collect();
        assert_eq!(values, ["Monday", "Tuesday", "March 2020"]);
        let texts: Vec<String> = found
            .iter()
            .map(|r| slice(text, &r["start"], &r["end"]))
            .collect();
        assert_eq!(texts, ["Monday’s", "on Tuesday", "since March 2020"]);
    }

    #[test]
    fn a_modifier_is_kept_beside_the_date() {
        let found = rows("Inflation soared in the late 1970s.");
        assert_eq!(found[0]["edtf"], "1977~/1979~");
        assert_eq!(found[0]["modifier"], "late");
        assert_eq!(found[0]["unmodified"], "197X");
        let plain = rows("Inflation soared in 1979.");
        assert!(plain[0]["modifier"].is_null() && plain[0]["unmodified"].is_null());
    }
}
