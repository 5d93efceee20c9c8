//! The app at 100k events: opening a notebook to its first frame, and saving
//! an edit to the refreshed list (egui frames without a GPU).

#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use annals::action::{Action, EventFields};
use annals::model::date::Date;
use annals::model::date::calendar::{day_from_civil, iso_from_day};
use annals::store::Store;
use annals::ui::AnnalsApp;
use criterion::{Criterion, criterion_group, criterion_main};

const EVENTS: usize = 100_000;

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

fn app_at_100k(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.annals");
    {
        let mut store = Store::create(&path).unwrap();
        let first = day_from_civil(1975, 1, 1);
        let events = (0..EVENTS).map(|i| {
            let mut fields = EventFields::new(
                format!("Event number {i}"),
                Date::parse_edtf(&iso_from_day(first + i as i64 / 6)).unwrap(),
            );
            fields.track = Some(format!("Track {}", i % 5));
            fields
        });
        store.add_events(events).unwrap();
    }
    let mut group = c.benchmark_group("app with 100k events");
    group.sample_size(10);
    group.bench_function("open to first frame", |b| {
        b.iter(|| {
            let ctx = egui::Context::default();
            let store = Store::open(&path).unwrap();
            let mut app = AnnalsApp::with_store(store).unwrap();
            frame(&ctx, &mut app);
            black_box(app.notebook().map(|n| n.events.len()))
        });
    });

    let ctx = egui::Context::default();
    let mut app = AnnalsApp::with_store(Store::open(&path).unwrap()).unwrap();
    frame(&ctx, &mut app);
    let id = app.notebook().unwrap().events[50_000].id;
    let mut n = 0;
    group.bench_function("save an edit to the refreshed list", |b| {
        b.iter(|| {
            n += 1;
            let mut fields = EventFields::new(
                format!("Edited title {n}"),
                Date::parse("2000-01-01").unwrap(),
            );
            fields.track = Some("Track 1".into());
            app.apply(&Action::UpdateEvent { id, fields });
            frame(&ctx, &mut app);
            black_box(app.last_apply_millis())
        });
    });
    group.finish();
}

criterion_group!(benches, app_at_100k);
criterion_main!(benches);
