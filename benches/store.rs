//! Store benchmarks: bulk insert, range queries and search at scale.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use annals::action::{Action, Created, EventFields, ExcerptRange, SourceFields};
use annals::model::date::Date;
use annals::model::date::calendar::{civil_from_day, day_from_civil, iso_from_day};
use annals::store::Store;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

/// Events spread evenly over 50 years from 1975, on five tracks.
fn synthetic_events(count: usize) -> Vec<EventFields> {
    let first = day_from_civil(1975, 1, 1);
    let span_days = day_from_civil(2025, 1, 1) - first;
    (0..count)
        .map(|i| {
            let day = first + (i as i64 * span_days) / count as i64;
            let (y, m, _) = civil_from_day(day);
            // Mostly days, some months, some approximate years: a real mix.
            let edtf = match i % 10 {
                0 => format!("{y:04}-{m:02}"),
                1 => format!("{y:04}~"),
                _ => iso_from_day(day),
            };
            let mut fields =
                EventFields::new(format!("Event {i}"), Date::parse_edtf(&edtf).unwrap());
            fields.track = Some(format!("Track {}", i % 5));
            fields
        })
        .collect()
}

fn insert(c: &mut Criterion) {
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    let events = synthetic_events(100_000);
    group.bench_function("insert 100k events in one transaction", |b| {
        b.iter_batched(
            || (Store::open_in_memory().unwrap(), events.clone()),
            |(mut store, events)| black_box(store.add_events(events).unwrap()),
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

fn range_query(c: &mut Criterion) {
    let mut store = Store::open_in_memory().unwrap();
    store.add_events(synthetic_events(1_000_000)).unwrap();
    // Search at a million rows: a word in every title (ranked among the
    // first 10,000 hits), a rare one, a short prefix, and a query of the
    // longest accepted length.
    let mut group = c.benchmark_group("search 1M events");
    group.sample_size(10);
    for (name, query) in [
        ("word in every row", "event"),
        ("rare word", "Event 777777"),
        ("two-letter prefix", "ev"),
        ("four-letter prefix", "even"),
        (
            "32 words",
            "event 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31",
        ),
    ] {
        let hits = store.search(query, 50).unwrap().len();
        eprintln!("search “{name}” returns {hits} hits");
        group.bench_function(name, |b| {
            b.iter(|| black_box(store.search(query, 50).unwrap().len()));
        });
    }
    group.bench_function("page 200 of a word in every row", |b| {
        b.iter(|| black_box(store.search_page("event", 9_950, 50).unwrap().hits.len()));
    });
    group.finish();
    // Half a year of a fifty-year notebook: about 1% of the events.
    let from = day_from_civil(2000, 1, 1);
    let to = day_from_civil(2000, 6, 30);
    let found = store.events_in_range(Some(from), Some(to)).unwrap().len();
    eprintln!("range query returns {found} of 1,000,000 events");
    let mut group = c.benchmark_group("store");
    group.sample_size(20);
    group.bench_function("range query returning ~1% of 1M events", |b| {
        b.iter(|| black_box(store.events_in_range(Some(from), Some(to)).unwrap().len()));
    });
    group.finish();
}

/// Sources in the search benchmark, each with this many excerpts.
const SEARCH_SOURCES: usize = 1000;
/// See [`SEARCH_SOURCES`]: 1000 × 100 = 100k excerpts.
const EXCERPTS_PER_SOURCE: usize = 100;

fn search(c: &mut Criterion) {
    let mut store = Store::open_in_memory().unwrap();
    let words = [
        "summit",
        "satellite",
        "launch",
        "testimony",
        "visit",
        "missile",
        "talks",
        "sanctions",
    ];
    for s in 0..SEARCH_SOURCES {
        let sentences: Vec<String> = (0..EXCERPTS_PER_SOURCE)
            .map(|k| {
                let i = s * EXCERPTS_PER_SOURCE + k;
                format!(
                    "Sentence {i} mentions the {} and the {}.",
                    words[i % 8],
                    words[(i / 8) % 8]
                )
            })
            .collect();
        let source = match store
            .apply(&Action::CreateSource(SourceFields {
                title: format!("Corpus part {s}"),
                body: sentences.join(" "),
                ..Default::default()
            }))
            .unwrap()
            .created
        {
            Some(Created::Source(id)) => id,
            other => panic!("{other:?}"),
        };
        let mut start = 0;
        for sentence in &sentences {
            let length = sentence.chars().count();
            store
                .apply(&Action::CreateExcerpt {
                    range: ExcerptRange {
                        source,
                        start,
                        end: start + length,
                    },
                    events: vec![],
                })
                .unwrap();
            start += length + 1;
        }
    }
    let mut group = c.benchmark_group("store");
    group.sample_size(20);
    group.bench_function("search 100k excerpts (top 50)", |b| {
        b.iter(|| black_box(store.search("satellite launch", 50).unwrap().len()));
    });
    group.bench_function("search 100k excerpts (rare word)", |b| {
        b.iter(|| black_box(store.search("Sentence 77777", 50).unwrap().len()));
    });
    group.finish();
}

/// One long source in which a word occurs 40,000 times: the snippet of
/// that one hit used to take seconds.
fn search_one_long_source(c: &mut Criterion) {
    let mut store = Store::open_in_memory().unwrap();
    let body = "The satellite launch was reported again. ".repeat(40_000);
    store
        .apply(&Action::CreateSource(SourceFields {
            title: "Long report".into(),
            body,
            ..Default::default()
        }))
        .unwrap();
    let mut group = c.benchmark_group("store");
    group.sample_size(20);
    group.bench_function("search a word found 40k times in one source", |b| {
        b.iter(|| black_box(store.search("satellite", 50).unwrap().len()));
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    let mut store = Store::open_in_memory().unwrap();
    store.add_events(synthetic_events(100_000)).unwrap();
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function("load read model with 100k events", |b| {
        b.iter(|| black_box(store.load().unwrap().events.len()));
    });
    group.finish();
}

criterion_group!(
    benches,
    insert,
    range_query,
    search,
    search_one_long_source,
    load
);
criterion_main!(benches);
