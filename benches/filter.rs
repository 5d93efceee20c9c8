//! Applying a filter: what the app does when the filter or the notebook
//! changes (resolve it, then one flag per event), at 100k and 1M events on
//! five tracks over 50 years, 10% tagged. The text part is answered by the
//! store's index and handed in as a set; here a set of 10% of the events
//! stands for "a word in 10% of titles". Also the index's own look-up for
//! such a word on a 100k-event notebook.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::hint::black_box;

use annals::action::{Action, EventFields};
use annals::model::date::Date;
use annals::model::filter::{Evidence, Filter};
use annals::model::notebook::Colour;
use annals::model::{Event, EventId, Notebook, Tag, TagId, Track, TrackId, Uid};
use annals::store::Store;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const TRACKS: i64 = 5;

fn notebook(count: usize) -> Notebook {
    let events = (0..count)
        .map(|i| {
            let year = 1975 + (i * 50 / count) as i64;
            let month = (i % 12) as i64 + 1;
            let edtf = match i % 10 {
                0 => format!("{year:04}-{month:02}"),
                1 => format!("{year:04}~"),
                _ => format!("{year:04}-{month:02}-{:02}", i % 28 + 1),
            };
            Event {
                id: EventId(i as i64 + 1),
                uid: Uid(format!("e{i}")),
                title: format!("Event number {i}"),
                date: Date::parse_edtf(&edtf).unwrap(),
                time_zone: None,
                description: String::new(),
                track: Some(TrackId(i as i64 % TRACKS + 1)),
                tags: if i % 10 == 3 {
                    vec![TagId(1)]
                } else {
                    Vec::new()
                },
                excerpts: Vec::new(),
            }
        })
        .collect();
    let tracks = (1..=TRACKS)
        .map(|t| Track {
            id: TrackId(t),
            uid: Uid(format!("t{t}")),
            name: format!("Track {t}"),
            colour: Colour::nth(t as usize),
            position: t,
            hidden: false,
        })
        .collect();
    let tags = vec![Tag {
        id: TagId(1),
        uid: Uid("g1".into()),
        name: "summit".into(),
    }];
    Notebook::new(events, tracks, tags, Vec::new(), Vec::new(), Vec::new())
}

/// What the app computes: the filter resolved, then one flag per event.
fn mask(filter: &Filter, notebook: &Notebook, hits: Option<HashSet<EventId>>) -> usize {
    let resolved = filter.resolve(notebook, hits).unwrap();
    let flags: Vec<bool> = notebook
        .events
        .iter()
        .map(|e| resolved.keep(notebook, e))
        .collect();
    flags.iter().filter(|k| **k).count()
}

fn filters(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter mask");
    group.sample_size(10);
    for count in [100_000, 1_000_000] {
        let nb = notebook(count);
        let track_and_range = Filter {
            tracks: vec!["Track 2".into()],
            from: Some("1990".into()),
            to: Some("2000".into()),
            ..Filter::default()
        };
        group.bench_with_input(BenchmarkId::new("track+range", count), &nb, |b, nb| {
            b.iter(|| black_box(mask(&track_and_range, nb, None)));
        });
        let tag_evidence = Filter {
            tags: vec!["summit".into()],
            evidence: Some(Evidence::Unsupported),
            fuzzy: true,
            from: Some("1980".into()),
            ..Filter::default()
        };
        group.bench_with_input(
            BenchmarkId::new("tag+evidence+fuzzy", count),
            &nb,
            |b, nb| {
                b.iter(|| black_box(mask(&tag_evidence, nb, None)));
            },
        );
        let text = Filter {
            text: "summit".into(),
            ..Filter::default()
        };
        let hits: HashSet<EventId> = (0..count as i64)
            .step_by(10)
            .map(|i| EventId(i + 1))
            .collect();
        group.bench_with_input(BenchmarkId::new("text hits 10%", count), &nb, |b, nb| {
            b.iter(|| black_box(mask(&text, nb, Some(hits.clone()))));
        });
    }
    group.finish();
}

fn index_lookup(c: &mut Criterion) {
    let mut store = Store::open_in_memory().unwrap();
    let events: Vec<Action> = (0..100_000)
        .map(|i| Action::CreateEvent {
            fields: EventFields::new(
                if i % 10 == 0 {
                    format!("Summit number {i}")
                } else {
                    format!("Meeting number {i}")
                },
                Date::parse_edtf("2001-02-03").unwrap(),
            ),
            excerpts: Vec::new(),
        })
        .collect();
    store
        .apply(&Action::Batch {
            label: "add events".into(),
            actions: events,
        })
        .unwrap();
    let mut group = c.benchmark_group("filter text");
    group.sample_size(10);
    group.bench_function("matching_events word in 10% of 100k", |b| {
        b.iter(|| black_box(store.matching_events("summit").unwrap().len()));
    });
    group.bench_function("matching_events prefix in 10% of 100k", |b| {
        b.iter(|| black_box(store.matching_events("summ").unwrap().len()));
    });
    group.finish();
}

criterion_group!(benches, filters, index_lookup);
criterion_main!(benches);
