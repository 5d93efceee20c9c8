//! One frame of the timeline (layout + egui tessellation, no GPU) at 1k–1M
//! events spread over 50 years on five tracks, at three zoom levels and for a
//! pan step.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use annals::model::date::Date;
use annals::model::date::calendar::{civil_from_day, day_from_civil, iso_from_day};
use annals::model::notebook::Colour;
use annals::model::{Event, EventId, Notebook, Track, TrackId, Uid};
use annals::timeline::Timeline;
use annals::timeline::scale::TimeView;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

const TRACKS: i64 = 5;

/// A notebook of `count` events spread evenly over 1975–2025, on five tracks:
/// mostly days, some months and approximate years, some ranges.
fn notebook(count: usize) -> Notebook {
    let first = day_from_civil(1975, 1, 1);
    let span = day_from_civil(2025, 1, 1) - first;
    let events = (0..count)
        .map(|i| {
            let day = first + (i as i64 * span) / count as i64;
            let (y, m, _) = civil_from_day(day);
            let edtf = match i % 10 {
                0 => format!("{y:04}-{m:02}"),
                1 => format!("{y:04}~"),
                2 => format!("{}/{}", iso_from_day(day), iso_from_day(day + 20)),
                _ => iso_from_day(day),
            };
            Event {
                id: EventId(i as i64 + 1),
                uid: Uid(format!("e{i}")),
                title: format!("Event number {i} in the synthetic notebook"),
                date: Date::parse_edtf(&edtf).unwrap(),
                time_zone: None,
                description: String::new(),
                track: Some(TrackId(i as i64 % TRACKS + 1)),
                tags: Vec::new(),
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
    Notebook::new(
        events,
        tracks,
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    )
}

fn seconds(day: i64) -> f64 {
    day as f64 * 86_400.0
}

/// Runs one egui frame of the timeline and tessellates it.
fn frame(ctx: &egui::Context, timeline: &mut Timeline, notebook: &Notebook) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 860.0),
        )),
        ..Default::default()
    };
    let mut output = ctx.run_ui(input, |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            let style = annals::ui::theme::Theme::of(ui).timeline_style();
            timeline.show(ui, notebook, 1, None, &style);
        });
    });
    output.textures_delta.clear();
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    primitives.len()
}

fn timeline_frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("timeline frame");
    group.sample_size(30);
    let zooms = [
        (
            "everything",
            TimeView::from_range(
                seconds(day_from_civil(1974, 1, 1)),
                seconds(day_from_civil(2026, 1, 1)),
            ),
        ),
        (
            "one year",
            TimeView::from_range(
                seconds(day_from_civil(2000, 1, 1)),
                seconds(day_from_civil(2001, 1, 1)),
            ),
        ),
        (
            "one day",
            TimeView::from_range(
                seconds(day_from_civil(2000, 6, 15)),
                seconds(day_from_civil(2000, 6, 16)),
            ),
        ),
    ];
    for count in [1_000, 10_000, 100_000, 1_000_000] {
        let notebook = notebook(count);
        let ctx = egui::Context::default();
        let mut timeline = Timeline::default();
        // Build the index and warm the font atlas outside the measurement.
        frame(&ctx, &mut timeline, &notebook);
        for (name, view) in zooms {
            timeline.set_view(view);
            frame(&ctx, &mut timeline, &notebook);
            group.bench_with_input(BenchmarkId::new(name, count), &count, |b, _| {
                b.iter(|| black_box(frame(&ctx, &mut timeline, &notebook)));
            });
        }
        timeline.set_view(zooms[1].1);
        group.bench_with_input(
            BenchmarkId::new("pan step (one year)", count),
            &count,
            |b, _| {
                let mut step = 0;
                b.iter(|| {
                    step += 1;
                    let mut view = timeline.view;
                    view.pan_by_points(if step % 200 < 100 { 10.0 } else { -10.0 }, 1000.0);
                    timeline.set_view(view);
                    black_box(frame(&ctx, &mut timeline, &notebook))
                });
            },
        );
    }
    group.finish();
}

/// 100k events with 10k links between them (every tenth event precedes the
/// one three after it, nearby in time, so some arrows fall in each view),
/// at the same zooms; the "one year" view also with an event selected.
fn timeline_frames_with_links(c: &mut Criterion) {
    let mut group = c.benchmark_group("timeline frame with links");
    group.sample_size(30);
    let count = 100_000;
    let mut notebook = notebook(count);
    let links = (0..10_000)
        .map(|i| annals::model::entity::EventLink {
            from: EventId(i * 10 + 1),
            to: EventId(i * 10 + 4),
            kind: "precedes".to_owned(),
            excerpt: None,
        })
        .collect();
    notebook.entities = annals::model::entity::Entities::new(vec![], vec![], vec![], links);
    let ctx = egui::Context::default();
    let mut timeline = Timeline::default();
    frame(&ctx, &mut timeline, &notebook);
    for (name, view) in [
        (
            "everything",
            TimeView::from_range(
                seconds(day_from_civil(1974, 1, 1)),
                seconds(day_from_civil(2026, 1, 1)),
            ),
        ),
        (
            "one year",
            TimeView::from_range(
                seconds(day_from_civil(2000, 1, 1)),
                seconds(day_from_civil(2001, 1, 1)),
            ),
        ),
        (
            "one month",
            TimeView::from_range(
                seconds(day_from_civil(2000, 6, 1)),
                seconds(day_from_civil(2000, 7, 1)),
            ),
        ),
    ] {
        timeline.set_view(view);
        frame(&ctx, &mut timeline, &notebook);
        group.bench_with_input(BenchmarkId::new(name, count), &count, |b, _| {
            b.iter(|| black_box(frame(&ctx, &mut timeline, &notebook)));
        });
    }
    group.finish();
}

/// 100k events with 10k links of every known kind in turn (2,000 of them
/// part-of, each event `10i + 2` part of `10i + 1`: 2,000 brackets; the
/// others from `10i + 1` to `10i + 4`), at the same zooms; then the "one
/// year" view with every tenth parent folded, and a frame that folds or
/// unfolds one parent (the projection is rebuilt).
fn timeline_frames_with_part_of(c: &mut Criterion) {
    use annals::model::entity::KNOWN_LINK_KINDS;
    use annals::timeline::brackets::Folds;
    let mut group = c.benchmark_group("timeline frame with part-of");
    group.sample_size(30);
    let count = 100_000;
    let mut notebook = notebook(count);
    let links = (0..10_000)
        .map(|i| {
            let kind = KNOWN_LINK_KINDS[i as usize % KNOWN_LINK_KINDS.len()];
            let (from, to) = if kind == "part-of" {
                (i * 10 + 2, i * 10 + 1)
            } else {
                (i * 10 + 1, i * 10 + 4)
            };
            annals::model::entity::EventLink {
                from: EventId(from),
                to: EventId(to),
                kind: kind.to_owned(),
                excerpt: None,
            }
        })
        .collect();
    notebook.entities = annals::model::entity::Entities::new(vec![], vec![], vec![], links);
    let ctx = egui::Context::default();
    let mut timeline = Timeline::default();
    let open = Folds::default();
    let none = std::collections::HashSet::new();
    let folded_frame = |timeline: &mut Timeline, folds: &Folds| {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1400.0, 860.0),
            )),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let style = annals::ui::theme::Theme::of(ui).timeline_style();
                timeline.show_with(ui, &notebook, 1, (None, &none, folds), &style);
            });
        });
        output.textures_delta.clear();
        ctx.tessellate(output.shapes, output.pixels_per_point).len()
    };
    folded_frame(&mut timeline, &open);
    let one_year = TimeView::from_range(
        seconds(day_from_civil(2000, 1, 1)),
        seconds(day_from_civil(2001, 1, 1)),
    );
    for (name, view) in [
        (
            "everything",
            TimeView::from_range(
                seconds(day_from_civil(1974, 1, 1)),
                seconds(day_from_civil(2026, 1, 1)),
            ),
        ),
        ("one year", one_year),
        (
            "one month",
            TimeView::from_range(
                seconds(day_from_civil(2000, 6, 1)),
                seconds(day_from_civil(2000, 7, 1)),
            ),
        ),
    ] {
        timeline.set_view(view);
        folded_frame(&mut timeline, &open);
        group.bench_with_input(BenchmarkId::new(name, count), &count, |b, _| {
            b.iter(|| black_box(folded_frame(&mut timeline, &open)));
        });
    }
    // The measure behind "arrows pass behind labels": how many arrows the
    // "one year" view draws and how many labels they cross (the labels
    // are painted over them, on their own background).
    {
        use annals::timeline::links;
        use annals::timeline::project::Projection;
        use annals::timeline::scene::{Bounds, Scene};
        let mut projection = Projection::default();
        projection.sync(&notebook, 1);
        let scene = Scene::new(
            &projection,
            &notebook,
            &one_year,
            Bounds::from_min_size(0.0, 0.0, 1400.0, 860.0),
            0.0,
        );
        let arrows = links::arrows(&scene.lanes, &notebook, None, scene.areas.lanes.min_y);
        eprintln!(
            "one year: {} arrows drawn, {} (arrow, label) crossings",
            arrows.len(),
            links::labels_crossed(&arrows, &scene.lanes)
        );
    }
    timeline.set_view(one_year);
    let mut tenth = Folds::default();
    for parent in (0..10_000).filter(|i| i % 5 == 2).step_by(10) {
        tenth.toggle(EventId(parent * 10 + 1));
    }
    folded_frame(&mut timeline, &tenth);
    group.bench_with_input(
        BenchmarkId::new("one year, a tenth folded", count),
        &count,
        |b, _| b.iter(|| black_box(folded_frame(&mut timeline, &tenth))),
    );
    let mut toggled = tenth.clone();
    group.bench_with_input(
        BenchmarkId::new("fold one parent (rebuild)", count),
        &count,
        |b, _| {
            b.iter(|| {
                toggled.toggle(EventId(22 * 10 + 1));
                black_box(folded_frame(&mut timeline, &toggled))
            });
        },
    );
    group.finish();
}

criterion_group!(
    benches,
    timeline_frames,
    timeline_frames_with_links,
    timeline_frames_with_part_of
);
criterion_main!(benches);
