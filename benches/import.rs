//! Import benchmarks: 10 MB of HTML of any shape reads in bounded time, and
//! a CSV of a million events goes into a fresh notebook (read, dates parsed,
//! previewed and applied as one bulk action), reported as events per second.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use annals::action::Action;
use annals::import::events::{Preview, rows_from_table};
use annals::import::html_to_text;
use annals::import::table::{Mapping, read_table};
use annals::store::Store;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The size every document is grown to.
const TEN_MB: usize = 10 * 1024 * 1024;

fn grown(head: &str, unit: &str, tail: &str) -> String {
    let mut html = String::with_capacity(TEN_MB + 1024);
    html.push_str(head);
    while html.len() + unit.len() + tail.len() < TEN_MB {
        html.push_str(unit);
    }
    html.push_str(tail);
    html
}

fn html(c: &mut Criterion) {
    let shapes = [
        (
            "10 MB of paragraphs",
            grown(
                "<html><head><title>Report</title></head><body>",
                "<p>Officials in <b>Seoul</b> and <a href=\"https://example.org/x\">Washington</a> cautioned against the visit &amp; its timing.</p>\n",
                "</body></html>",
            ),
        ),
        ("10 MB of nested divs", {
            let depth = TEN_MB / 12;
            format!("{}text{}", "<div>".repeat(depth), "</div>".repeat(depth))
        }),
        (
            "10 MB of unclosed inline tags",
            grown("", "<b><i><span>x", ""),
        ),
        (
            "10 MB of a table",
            grown("<table>", "<tr><td>a</td><td>b</td></tr>", "</table>"),
        ),
    ];
    let mut group = c.benchmark_group("import html");
    group.sample_size(10);
    for (name, html) in &shapes {
        group.bench_function(*name, |b| {
            b.iter(|| black_box(html_to_text(html.as_bytes()).unwrap().text.len()));
        });
    }
    group.finish();
}

/// Events in the CSV benchmark: the figure.
const CSV_EVENTS: usize = 1_000_000;

/// A CSV of `n` events with dates in the forms people type, five tracks and
/// a few tags, as a colleague's spreadsheet would have them.
fn events_csv(n: usize) -> String {
    let forms = [
        "2023-09-13",
        "Sept 2023",
        "c. 1850",
        "13 September 2023",
        "1914",
    ];
    let tracks = ["Diplomacy", "Military", "Визиты", "经济", "Space"];
    let mut csv = String::from("title,date,track,tags,description\n");
    for i in 0..n {
        csv.push_str(&format!(
            "Event {i} in Pyongyang,{},{},\"summit; visit {}\",Officials met; item {i}.\n",
            forms[i % forms.len()],
            tracks[i % tracks.len()],
            i % 7
        ));
    }
    csv
}

fn csv_import(c: &mut Criterion) {
    let csv = events_csv(CSV_EVENTS);
    let mut group = c.benchmark_group("import csv");
    group.sample_size(10);
    group.throughput(Throughput::Elements(CSV_EVENTS as u64));
    group.bench_function("1M events into a fresh notebook", |b| {
        b.iter(|| {
            let mut store = Store::open_in_memory().unwrap();
            let table = read_table(csv.as_bytes()).unwrap();
            let mapping = Mapping::guess(&table.headers);
            let preview = Preview::plan(&store.load().unwrap(), rows_from_table(&table, &mapping));
            assert!(preview.errors.is_empty());
            store
                .apply(&Action::ImportEvents(preview.import("bench.csv")))
                .unwrap();
            black_box(store)
        });
    });
    group.finish();
}

criterion_group!(benches, html, csv_import);
criterion_main!(benches);
