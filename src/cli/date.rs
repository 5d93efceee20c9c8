//! `annals date TEXT [--json]`.

use super::output::outln;
use clap::Args;
use serde::Serialize;

use crate::model::date::{Date, DayBound};

/// Arguments of `annals date`.
#[derive(Debug, Args)]
pub struct DateArgs {
    /// A date as a person writes it ("Sept 2023", "c. 1850") or in EDTF
    /// (a leading minus, as in `-0043`, is read as a BC year, not an option).
    #[arg(allow_hyphen_values = true)]
    pub text: String,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

/// How Annals reads a date, as printed by `annals date --json`.
#[derive(Debug, Serialize)]
struct DateReport {
    edtf: String,
    display: String,
    precision: &'static str,
    earliest: Option<String>,
    latest: Option<String>,
    fuzzy_earliest: Option<String>,
    fuzzy_latest: Option<String>,
}

fn iso(bound: DayBound) -> Option<String> {
    bound.day().map(|_| bound.iso())
}

fn text(bound: DayBound) -> String {
    match bound {
        DayBound::Day(_) => bound.iso(),
        DayBound::Open => "(open)".to_owned(),
        DayBound::Unknown => "(unknown)".to_owned(),
    }
}

pub(super) fn run(args: &DateArgs) -> anyhow::Result<std::process::ExitCode> {
    let date = Date::parse(&args.text)?;
    let (strict, fuzzy) = (date.bounds(), date.fuzzy_bounds());
    if args.json {
        let report = DateReport {
            edtf: date.edtf().to_owned(),
            display: date.display(),
            precision: date.precision().name(),
            earliest: iso(strict.earliest),
            latest: iso(strict.latest),
            fuzzy_earliest: iso(fuzzy.earliest),
            fuzzy_latest: iso(fuzzy.latest),
        };
        return super::print_json(&report);
    }
    outln!("edtf:       {}", date.edtf());
    outln!("display:    {}", date.display());
    outln!("precision:  {}", date.precision());
    outln!("earliest:   {}", text(strict.earliest));
    outln!("latest:     {}", text(strict.latest));
    outln!(
        "fuzzy:      {} … {}",
        text(fuzzy.earliest),
        text(fuzzy.latest)
    );
    Ok(std::process::ExitCode::SUCCESS)
}
