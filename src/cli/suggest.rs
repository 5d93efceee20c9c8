//! `annals suggest --published DATE [--locale en-US|en-GB] FILE|- [--json]`.

use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{errln, outln};
use anyhow::Context as _;
use clap::Args;
use serde::Serialize;

use super::{parse_date, print_json};
use crate::extract::{self, Locale, Options};
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
    /// The text: .txt, .md or .html; `-` for standard input.
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
            .map(|s| SuggestionJson {
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
                text: s.text,
            })
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
