//! Issue 16's table at 100k and a million events, on notebooks made by
//! `annals generate`'s code (five tracks, fifty years, titles of four to
//! eight words, a tenth tagged, sources and excerpts): bulk import, open to
//! the first frame, saving one edit to the refreshed list and timeline, the
//! CLI's range list, `show` and `history` (process start to exit), the
//! memory the process and the timeline index hold per event, and changing
//! the filter (issue 14): the longest frame and the wait until the list and
//! the timeline show the new result.
//!
//! `cargo bench --bench scale -- --quick`; set `ANNALS_SCALE=100000` to
//! run one size only.

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use annals::action::{Action, EventFields};
use annals::generate::{Spec, generate};
use annals::model::date::Date;
use annals::model::filter::Filter;
use annals::store::Store;
use annals::ui::{AnnalsApp, Command as AppCommand, Startup};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn sizes() -> Vec<usize> {
    match std::env::var("ANNALS_SCALE") {
        Ok(n) => vec![n.parse().expect("ANNALS_SCALE is a number of events")],
        Err(_) => vec![100_000, 1_000_000],
    }
}

fn label(n: usize) -> String {
    if n >= 1_000_000 {
        format!("{}M", n / 1_000_000)
    } else {
        format!("{}k", n / 1000)
    }
}

fn spec(n: usize) -> Spec {
    Spec {
        events: n,
        ..Spec::default()
    }
}

/// A generated notebook in `dir`, checked once so that its verified state
/// is recorded (as after the user's first open).
fn notebook(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join(format!("generated-{n}.annals"));
    let started = Instant::now();
    let mut store = Store::create(&path).unwrap();
    generate(&mut store, &spec(n)).unwrap();
    drop(store);
    eprintln!(
        "generated {n} events in {:.1} s; file {} MB",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&path).unwrap().len() / 1_000_000
    );
    // A file changed moments ago is not recorded (store::verified::SETTLE).
    std::thread::sleep(annals::store::verified::SETTLE);
    drop(Store::open(&path).unwrap());
    path
}

fn frame(ctx: &egui::Context, app: &mut AnnalsApp) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 860.0),
        )),
        ..Default::default()
    };
    let mut output = ctx.run_ui(input, |ui| app.show(ui));
    output.textures_delta.clear();
    black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
}

/// Resident memory of this process, from /proc (Linux).
fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn import(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale: bulk import (generate)");
    group.sample_size(10);
    for n in sizes() {
        let import = annals::generate::plan(&spec(n)).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(
            format!("{} events into a new notebook file", label(n)),
            |b| {
                b.iter_batched(
                    || {
                        let dir = tempfile::tempdir().unwrap();
                        let store = Store::create(&dir.path().join("import.annals")).unwrap();
                        (dir, store, import.clone())
                    },
                    |(dir, mut store, import)| {
                        store
                            .apply(&Action::ImportNotebook(Box::new(import)))
                            .unwrap();
                        (dir, store)
                    },
                    criterion::BatchSize::PerIteration,
                );
            },
        );
    }
    group.finish();
}

fn app(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    annals::store::verified::set_location(Some(dir.path().join("verified")));
    for n in sizes() {
        let path = notebook(dir.path(), n);
        let mut group = c.benchmark_group(format!("scale {}", label(n)));
        group.sample_size(10);
        group.bench_function("open to first frame (warm)", |b| {
            b.iter(|| {
                let ctx = egui::Context::default();
                let mut app = AnnalsApp::new(Startup::Path(path.clone()), Vec::new());
                frame(&ctx, &mut app);
                black_box(app.notebook().map(|nb| nb.events.len()))
            });
        });

        let rss_before = rss_bytes().unwrap_or(0);
        let ctx = egui::Context::default();
        let mut app = AnnalsApp::new(Startup::Path(path.clone()), Vec::new());
        frame(&ctx, &mut app);
        // Editing waits for the background check's verdict.
        while app.store().is_some_and(|s| !s.is_verified()) {
            std::thread::sleep(std::time::Duration::from_millis(20));
            frame(&ctx, &mut app);
        }
        let rss_after = rss_bytes().unwrap_or(0);
        let index = app.timeline_mut().index_heap_bytes();
        eprintln!(
            "{}: process RSS grew {} B/event with the notebook open; timeline index {} B/event",
            label(n),
            rss_after.saturating_sub(rss_before) / n as u64,
            index / n
        );
        let events = &app.notebook().unwrap().events;
        let middle = events[events.len() / 2].clone();
        let fields = |title: String, date: &Date| {
            let mut fields = EventFields::new(title, date.clone());
            fields.track = Some("Military".into());
            fields
        };
        let mut edits = 0;
        group.bench_function(
            "save one edit (title) to refreshed list and timeline",
            |b| {
                b.iter(|| {
                    edits += 1;
                    app.apply(&Action::UpdateEvent {
                        id: middle.id,
                        fields: fields(format!("Edited title {edits}"), &middle.date),
                    });
                    frame(&ctx, &mut app);
                    black_box(app.last_apply_millis())
                });
            },
        );
        let dates = [Date::parse("1990-05-05").unwrap(), middle.date.clone()];
        group.bench_function("save one edit (date) to refreshed list and timeline", |b| {
            b.iter(|| {
                edits += 1;
                app.apply(&Action::UpdateEvent {
                    id: middle.id,
                    fields: fields("Moved".to_owned(), &dates[edits % 2]),
                });
                frame(&ctx, &mut app);
                black_box(app.last_apply_millis())
            });
        });
        // Changing the filter: the text part is a look-up on the search
        // worker, the flags are worked out a slice a frame, and the frame
        // the result arrives in rebuilds the list's rows and the lanes.
        // Each iteration sets one filter and runs frames until list and
        // timeline show it; "longest frame" reports the slowest of those
        // frames (what a user would feel as a stutter), "until shown" the
        // whole wait.
        let filters = [
            Filter {
                tracks: vec!["Military".into()],
                ..Filter::default()
            },
            Filter {
                tracks: vec!["Diplomacy".into(), "Space".into()],
                from: Some("1990".into()),
                to: Some("2000".into()),
                ..Filter::default()
            },
            Filter {
                text: "summit".into(),
                ..Filter::default()
            },
            Filter::default(),
        ];
        let change = |app: &mut AnnalsApp, filter: &Filter| {
            app.push(AppCommand::SetFilter(filter.clone()));
            let mut longest = Duration::ZERO;
            let started = Instant::now();
            // One more frame after the result is complete: the list and
            // the lanes take it in the frame after it is handed over.
            let mut after = 2;
            while after > 0 {
                let at = Instant::now();
                frame(&ctx, app);
                longest = longest.max(at.elapsed());
                if app.filter_pending() {
                    // The look-up runs on the worker meanwhile.
                    std::thread::yield_now();
                } else {
                    after -= 1;
                }
            }
            (longest, started.elapsed())
        };
        let mut turn = 0;
        for (name, pick) in [
            ("change the filter: longest frame until shown", 0),
            ("change the filter: until list and timeline show it", 1),
        ] {
            group.bench_function(name, |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        turn += 1;
                        let times = change(&mut app, &filters[turn % filters.len()]);
                        total += if pick == 0 { times.0 } else { times.1 };
                    }
                    total
                });
            });
        }
        drop(app);

        let bin = env!("CARGO_BIN_EXE_annals");
        let run = |args: &[&str]| {
            let status = Command::new(bin)
                .args(args)
                .arg("-n")
                .arg(&path)
                .env("HOME", dir.path())
                .env_remove("XDG_CACHE_HOME")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "{args:?}");
        };
        // The CLI's own verified record lives under HOME: record it once,
        // when the app's last edit has settled.
        std::thread::sleep(annals::store::verified::SETTLE);
        run(&["history"]);
        group.bench_function("cli event list --from 2000 --to 2001 --json", |b| {
            b.iter(|| run(&["event", "list", "--from", "2000", "--to", "2001", "--json"]));
        });
        let id = middle.id.0.to_string();
        group.bench_function("cli show", |b| b.iter(|| run(&["show", &id])));
        group.bench_function("cli history", |b| b.iter(|| run(&["history"])));
        group.finish();
    }
}

criterion_group!(benches, import, app);
criterion_main!(benches);
