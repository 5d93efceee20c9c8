//! The search window's first page (50 hits, with snippets) at 100k and 1M
//! events (plus 10k and 100k excerpts), for the queries that used to be
//! slow: a word in most titles, a word in 10% of them, prefixes as they are
//! typed, and a rare word. The notebooks are made with the bulk import
//! path, as `annals import` makes them.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use annals::action::{
    Action, Created, EventFields, EventImport, ExcerptRange, ImportedEvent, SourceFields,
};
use annals::model::date::Date;
use annals::store::Store;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// A made-up word for `i` (a few thousand distinct ones).
fn word(i: usize) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "zu", "ha", "ge", "bo", "ti",
        "fa",
    ];
    let mut w = String::new();
    let mut n = i;
    loop {
        w.push_str(SYLLABLES[n % 16]);
        n /= 16;
        if n == 0 {
            break;
        }
    }
    w
}

/// Events: "the" in 90% of titles, "summit" in 10%, "визит" in 1%, two
/// made-up words and a number each; excerpts of sentences in sources.
fn notebook(events: usize, excerpts: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let date = Date::parse_edtf("2001-02-03").unwrap();
    let new = (0..events)
        .map(|i| {
            let mut title = Vec::new();
            if i % 10 != 7 {
                title.push("the".to_owned());
            }
            title.push(word(i % 5000));
            if i % 10 == 3 {
                title.push("summit".into());
            }
            if i % 100 == 5 {
                title.push("визит".into());
            }
            title.push(word((i * 7) % 3000));
            title.push(format!("n{i}"));
            ImportedEvent {
                uid: None,
                fields: EventFields::new(title.join(" "), date.clone()),
            }
        })
        .collect();
    store
        .apply(&Action::ImportEvents(EventImport {
            from: "bench".into(),
            new,
            ..EventImport::default()
        }))
        .unwrap();
    const PER_SOURCE: usize = 100;
    for s in 0..excerpts.div_ceil(PER_SOURCE) {
        let sentences: Vec<String> = (0..PER_SOURCE)
            .map(|k| {
                format!(
                    "The {} met {} at the summit number {}.",
                    word(s * PER_SOURCE + k),
                    word(k),
                    s * PER_SOURCE + k
                )
            })
            .collect();
        let source = match store
            .apply(&Action::CreateSource(SourceFields {
                title: format!("Report {s}"),
                body: sentences.join(" "),
                ..SourceFields::default()
            }))
            .unwrap()
            .created
        {
            Some(Created::Source(id)) => id,
            other => panic!("{other:?}"),
        };
        let mut start = 0;
        let mut actions = Vec::new();
        for sentence in &sentences {
            let length = sentence.chars().count();
            actions.push(Action::CreateExcerpt {
                range: ExcerptRange {
                    source,
                    start,
                    end: start + length,
                },
                events: Vec::new(),
            });
            start += length + 1;
        }
        store
            .apply(&Action::Batch {
                label: "excerpts".into(),
                actions,
            })
            .unwrap();
    }
    store
}

fn first_page(c: &mut Criterion) {
    let mut group = c.benchmark_group("search first page");
    for (events, excerpts, samples) in [(100_000, 10_000, 20), (1_000_000, 100_000, 10)] {
        let store = notebook(events, excerpts);
        group.sample_size(samples);
        for query in [
            "the",
            "summit",
            "su",
            "summ",
            "the summit",
            "визи",
            "n123456",
            "number 77",
        ] {
            group.bench_with_input(BenchmarkId::new(query, events), &store, |b, store| {
                b.iter(|| black_box(store.search_page(query, 0, 50).unwrap().hits.len()));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, first_page);
criterion_main!(benches);
