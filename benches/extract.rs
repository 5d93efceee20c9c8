//! Date-suggestion speed: `extract` over 10 MB of news-like text on one
//! core. The goal is at least 1 MB of text a second (issue 17).
//!
//! The text is generated here from made-up sentences (no corpus text):
//! dated and undated sentences in the proportions of wire copy, with the
//! numbers, names and punctuation that make the rules work hardest —
//! counts next to years, capitalised names next to month names, times,
//! ranges and long paragraphs without a date.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use annals::extract::{Locale, Options, extract};
use annals::model::date::Date;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Size of the benchmark text.
const TEXT_BYTES: usize = 10_000_000;

/// Sentence templates; `{n}`, `{y}`, `{m}`, `{d}` and `{w}` are filled in
/// from the sentence's index so no two paragraphs repeat exactly.
const TEMPLATES: &[&str] = &[
    "The ministry said on {w} that talks with the union had stalled over pay.",
    "Officials expect the new terminal to open in {m} {y}, three years late.",
    "Exports fell {n}% in {m}, customs data showed, after a strong {y}.",
    "The council voted {n} to 12 to approve the plan, which will cost $1,{n}0,000.",
    "Police said {n} people were arrested after the protest on {m} {d}.",
    "Third-quarter profit rose to $4.{n} billion from $3.9 billion a year earlier.",
    "The company, founded in {y}, employs about 2,{n}00 workers in 14 countries.",
    "Ms. Alvarez, who led the agency from {y} to 2019, declined to comment.",
    "Rain is forecast for the weekend, with temperatures near {n} degrees.",
    "The statement was issued at 14:{n} GMT on {w}, hours after the blast.",
    "The bridge, built in the late 1970s, carries {n},000 vehicles a day.",
    "Analysts at Harbour Capital said margins would recover by the end of next year.",
    "In {y}, the party won {n} seats; in the next election it lost half of them.",
    "The report, due on {m} {d}, will cover the past decade of spending.",
    "Residents of Northfield and East Marlow say the noise began last month.",
    "The festival returns in the spring, organisers said in a statement.",
    "Shares closed at $1{n}.40, below {w}'s high, as the index slipped 0.{n}%.",
    "He was born on {d} {m} {y} in a village near the border.",
    "The museum holds {n} paintings from the 18th century and earlier.",
    "May Ferris, 54, said she may march again if the plan goes ahead.",
    "Negotiators will meet again in the coming weeks, a spokesman said.",
    "The outage lasted 36 hours and affected {n},500 homes across the region.",
    "Voters cast ballots from 7 a.m. to 8 p.m. local time on {w}.",
    "A spokeswoman for the firm did not respond to a request for comment.",
    "Since March {y}, prices for bread, milk and fuel have climbed steadily.",
    "The court will rule on the appeal before Christmas, lawyers said.",
    "Engineers replaced {n} of the 212 pumps, according to the utility.",
    "The dispute dates back to {y}, when the first contract was signed.",
];

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "Sept.", "October",
    "Nov.", "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// About `bytes` of generated news: paragraphs of four to seven sentences.
fn news_text(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 1_000);
    let mut i = 0usize;
    while text.len() < bytes {
        let template = TEMPLATES[(i * 7 + i / TEMPLATES.len()) % TEMPLATES.len()];
        let sentence = template
            .replace("{n}", &((i * 37) % 90 + 10).to_string())
            .replace("{y}", &(1950 + (i * 13) % 75).to_string())
            .replace("{m}", MONTHS[(i * 5) % 12])
            .replace("{d}", &((i * 11) % 28 + 1).to_string())
            .replace("{w}", WEEKDAYS[(i * 3) % 7]);
        text.push_str(&sentence);
        text.push(if i % 5 == 4 { '\n' } else { ' ' });
        i += 1;
    }
    text
}

fn extraction(c: &mut Criterion) {
    let text = news_text(TEXT_BYTES);
    let options = Options::new(Date::parse_edtf("2024-06-12").unwrap(), Locale::EnUs).unwrap();
    // The text must be read, not skipped: it holds many dates.
    assert!(extract(&text[..20_000], &options).len() > 100);
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("10 MB of news", |b| {
        b.iter(|| extract(black_box(&text), &options));
    });
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
