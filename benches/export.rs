//! Export benchmarks: the chronology report as HTML and the events CSV of
//! 100,000 events, each supported by a quote (goal: ≤ 2 s each), and the
//! PDF report of 1,000 events (no goal set; it shapes every line); the
//! timeline picture: the SVG of a 1400-point view of 100,000 events (goal:
//! ≤ 100 ms), and a 50-page timeline PDF (goal: ≤ 3 s).

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use annals::export::{self, Bodies, Format, Job, Options, Scope};
use annals::model::date::Date;
use annals::model::date::calendar::{civil_from_day, day_from_civil, iso_from_day};
use annals::model::notebook::Colour;
use annals::model::{
    Event, EventId, Excerpt, ExcerptId, Notebook, Source, SourceId, Tag, TagId, Track, TrackId, Uid,
};
use criterion::{Criterion, criterion_group, criterion_main};

const EVENTS: usize = 100_000;
/// Events in the PDF benchmark: shaping every line is the cost.
const PDF_EVENTS: usize = 1_000;
const SOURCES: usize = 1_000;

/// 100k events over 50 years on five tracks, each with one quote from one
/// of a thousand sources and a short description.
fn synthetic(count: usize) -> Notebook {
    let first = day_from_civil(1975, 1, 1);
    let span_days = day_from_civil(2025, 1, 1) - first;
    let tracks = (0..5)
        .map(|i| Track {
            id: TrackId(i + 1),
            uid: Uid::new(),
            name: format!("Track {i}"),
            colour: Colour::nth(i as usize),
            position: i,
            hidden: false,
        })
        .collect();
    let tags = vec![Tag {
        id: TagId(1),
        uid: Uid::new(),
        name: "Russia".into(),
    }];
    let sources = (0..SOURCES)
        .map(|i| Source {
            id: SourceId(i as i64 + 1),
            uid: Uid::new(),
            title: format!("Report number {i} on the visit"),
            outlet: "The Korea Times".into(),
            author: "Jane Roe".into(),
            url: format!("https://example.org/report/{i}"),
            published: Some(Date::parse_edtf("2024-06-12").unwrap()),
            accessed: Some(Date::parse_edtf("2024-06-13").unwrap()),
            encoding: "UTF-8".into(),
            body_chars: 1000,
            file: None,
            pages: Vec::new(),
            original_kept: false,
        })
        .collect();
    let mut events = Vec::with_capacity(count);
    let mut excerpts = Vec::with_capacity(count);
    for i in 0..count {
        let day = first + (i as i64 * span_days) / count as i64;
        let (y, m, _) = civil_from_day(day);
        let edtf = match i % 10 {
            0 => format!("{y:04}-{m:02}"),
            1 => format!("{y:04}~"),
            _ => iso_from_day(day),
        };
        excerpts.push(Excerpt {
            id: ExcerptId(i as i64 + 1),
            uid: Uid::new(),
            source: SourceId((i % SOURCES) as i64 + 1),
            start: 0,
            end: 80,
            quote: format!(
                "The two leaders met at a summit in eastern Russia, quote number {i} of the set."
            ),
            prefix: String::new(),
            suffix: String::new(),
            lost: false,
        });
        events.push(Event {
            id: EventId(i as i64 + 1),
            uid: Uid::new(),
            title: format!("Event {i}: talks on military cooperation"),
            date: Date::parse_edtf(&edtf).unwrap(),
            time_zone: None,
            description:
                "The leaders agreed to deepen cooperation, **including military** matters.".into(),
            track: Some(TrackId((i % 5) as i64 + 1)),
            tags: vec![TagId(1)],
            excerpts: vec![ExcerptId(i as i64 + 1)],
        });
    }
    events.sort_by_key(|e| (e.date.sort_key(), e.id));
    Notebook::new(events, tracks, tags, sources, excerpts, Vec::new())
}

fn bench(c: &mut Criterion) {
    let notebook = synthetic(EVENTS);
    let small = synthetic(PDF_EVENTS);
    let bodies = Bodies::new();
    let options = Options {
        title: "Benchmark".into(),
        generated: None,
        ..Options::default()
    };
    let scope = Scope::whole();
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    for format in [Format::Html, Format::Csv] {
        group.bench_function(format!("{format} of 100k events"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(64 << 20);
                let job =
                    Job::new(&notebook, &scope, &bodies, &options, export::no_progress()).unwrap();
                job.run(format, &mut out).unwrap();
                black_box(out.len())
            });
        });
    }
    group.bench_function("pdf of 1k events", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            let job = Job::new(&small, &scope, &bodies, &options, export::no_progress()).unwrap();
            job.run(Format::Pdf, &mut out).unwrap();
            black_box(out.len())
        });
    });
    // The picture: the export as a whole (selecting, projecting 100k
    // events, laying out and writing the SVG), for the whole 50 years and
    // for one year's view.
    let year = Options {
        view: Some(annals::timeline::scale::TimeView::from_range(
            day_from_civil(2000, 1, 1) as f64 * 86_400.0,
            day_from_civil(2001, 1, 1) as f64 * 86_400.0,
        )),
        ..options.clone()
    };
    for (name, options) in [("whole extent", &options), ("one year", &year)] {
        group.bench_function(format!("svg 1400-point view of 100k events, {name}"), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                let job =
                    Job::new(&notebook, &scope, &bodies, options, export::no_progress()).unwrap();
                job.run(Format::Svg, &mut out).unwrap();
                black_box(out.len())
            });
        });
    }
    // 1,200 events on one track: 50 pages of 24 events.
    let pages = synthetic(6_000);
    let one_track = Scope::of(annals::model::filter::Filter {
        tracks: vec!["Track 0".into()],
        ..Default::default()
    });
    let mut out = Vec::new();
    Job::new(&pages, &one_track, &bodies, &options, export::no_progress())
        .unwrap()
        .run(Format::TimelinePdf, &mut out)
        .unwrap();
    let count = lopdf::Document::load_mem(&out).unwrap().get_pages().len();
    assert_eq!(count, 50, "the benchmark's PDF has 50 pages");
    group.bench_function("timeline-pdf of 50 pages", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            let job =
                Job::new(&pages, &one_track, &bodies, &options, export::no_progress()).unwrap();
            job.run(Format::TimelinePdf, &mut out).unwrap();
            black_box(out.len())
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
