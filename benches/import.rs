//! Import benchmarks: 10 MB of HTML of any shape reads in bounded time.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use annals::import::html_to_text;
use criterion::{Criterion, criterion_group, criterion_main};

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

criterion_group!(benches, html);
criterion_main!(benches);
