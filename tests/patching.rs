//! The read model and the timeline are patched after each action, undo and
//! redo with only the rows it touched; whatever the sequence, they must be
//! exactly what a full reload and a rebuilt timeline give.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use annals::action::{Action, Applied, EventFields};
use annals::model::date::Date;
use annals::model::{EventId, Notebook};
use annals::store::Store;
use annals::timeline::index::TimelineEvent;
use annals::timeline::project::Projection;
use proptest::prelude::*;

const DATES: [&str; 7] = [
    "2023-09",
    "1914",
    "2023-11-13",
    "2001",
    "2023",
    "1066~",
    "2023-09-01/2023-09-30",
];
const TRACKS: [Option<&str>; 3] = [None, Some("Diplomacy"), Some("Military")];

#[derive(Debug, Clone)]
enum Op {
    /// A new event: date, track, title.
    Add(usize, usize, u8),
    /// The k-th event (modulo) gets a date, a track and a title.
    Edit(usize, usize, usize, u8),
    /// The k-th event (modulo) is deleted.
    Delete(usize),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..DATES.len(), 0..TRACKS.len(), any::<u8>()).prop_map(|(d, t, s)| Op::Add(d, t, s)),
        4 => (any::<usize>(), 0..DATES.len(), 0..TRACKS.len(), any::<u8>())
            .prop_map(|(k, d, t, s)| Op::Edit(k, d, t, s)),
        2 => any::<usize>().prop_map(Op::Delete),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

fn fields(date: usize, track: usize, salt: u8) -> EventFields {
    let mut fields = EventFields::new(
        format!("Event {salt} {}", "x".repeat(usize::from(salt % 7))),
        Date::parse(DATES[date]).unwrap(),
    );
    fields.track = TRACKS[track].map(str::to_owned);
    fields
}

/// What the timeline shows: lane names, extents, every index entry by
/// lane, and the span of them all.
type Shown = (
    Vec<String>,
    Vec<(f64, f64)>,
    Vec<Vec<TimelineEvent>>,
    Option<(f64, f64)>,
);

fn shown(projection: &Projection) -> Shown {
    let index = projection.index();
    let entries = (0..index.lane_count())
        .map(|lane| {
            let mut out = Vec::new();
            index.visible(lane, f64::MIN, f64::MAX, &mut out);
            out.sort_by_key(|e| e.event_index);
            out
        })
        .collect();
    (
        projection.lanes().iter().map(|l| l.name.clone()).collect(),
        projection
            .extents()
            .iter()
            .map(|e| (e.start, e.end))
            .collect(),
        entries,
        index.extent(),
    )
}

fn assert_same(patched: &Notebook, reloaded: &Notebook, step: usize) {
    assert_eq!(patched.events, reloaded.events, "events after step {step}");
    for (i, event) in reloaded.events.iter().enumerate() {
        assert_eq!(patched.event_position(event.id), Some(i), "step {step}");
    }
    assert_eq!(patched.tracks, reloaded.tracks, "tracks after step {step}");
}

fn run(ops: &[Op]) {
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..6u8 {
        store
            .apply(&Action::CreateEvent {
                fields: fields(usize::from(i) % DATES.len(), usize::from(i) % 3, i),
                excerpts: Vec::new(),
            })
            .unwrap();
    }
    let mut book = store.load().unwrap();
    let mut projection = Projection::default();
    let mut generation = 1;
    projection.sync(&book, generation);
    for (step, op) in ops.iter().enumerate() {
        let nth = |k: usize| -> Option<EventId> {
            (!book.events.is_empty()).then(|| book.events[k % book.events.len()].id)
        };
        let done = match op {
            Op::Add(d, t, s) => store
                .apply(&Action::CreateEvent {
                    fields: fields(*d, *t, *s),
                    excerpts: Vec::new(),
                })
                .map(|_: Applied| ())
                .is_ok(),
            Op::Edit(k, d, t, s) => nth(*k).is_some_and(|id| {
                store
                    .apply(&Action::UpdateEvent {
                        id,
                        fields: fields(*d, *t, *s),
                    })
                    .is_ok()
            }),
            Op::Delete(k) => {
                nth(*k).is_some_and(|id| store.apply(&Action::DeleteEvent(id)).is_ok())
            }
            Op::Undo => store.undo().is_ok(),
            Op::Redo => store.redo().is_ok(),
        };
        if !done {
            continue;
        }
        store.refresh(&mut book).unwrap();
        let reloaded = store.load().unwrap();
        assert_same(&book, &reloaded, step);
        generation += 1;
        projection.sync(&book, generation);
        let mut rebuilt = Projection::default();
        rebuilt.sync(&reloaded, generation);
        assert_eq!(
            shown(&projection),
            shown(&rebuilt),
            "timeline after step {step} ({op:?})"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn patched_read_model_and_timeline_equal_a_full_reload(ops in prop::collection::vec(op(), 1..24)) {
        run(&ops);
    }
}

#[test]
fn each_kind_of_change_is_patched_not_rebuilt() {
    // An edit in place, a move, an addition, a deletion, undo and redo:
    // each leaves a patch (so the property above tests the patch path).
    let mut store = Store::open_in_memory().unwrap();
    for i in 0..6u8 {
        store
            .apply(&Action::CreateEvent {
                fields: fields(usize::from(i), 1, i),
                excerpts: Vec::new(),
            })
            .unwrap();
    }
    let mut book = store.load().unwrap();
    let id = book.events[2].id;
    type Step = Box<dyn Fn(&mut Store)>;
    let steps: Vec<Step> = vec![
        Box::new(move |s| {
            drop(
                s.apply(&Action::UpdateEvent {
                    id,
                    fields: fields(0, 1, 9),
                })
                .unwrap(),
            )
        }),
        Box::new(move |s| {
            drop(
                s.apply(&Action::UpdateEvent {
                    id,
                    fields: fields(5, 1, 9),
                })
                .unwrap(),
            )
        }),
        Box::new(|s| {
            drop(
                s.apply(&Action::CreateEvent {
                    fields: fields(3, 1, 1),
                    excerpts: Vec::new(),
                })
                .unwrap(),
            )
        }),
        Box::new(move |s| drop(s.apply(&Action::DeleteEvent(id)).unwrap())),
        Box::new(|s| drop(s.undo().unwrap())),
        Box::new(|s| drop(s.redo().unwrap())),
    ];
    for (i, step) in steps.iter().enumerate() {
        step(&mut store);
        store.refresh(&mut book).unwrap();
        assert!(book.last_patch().is_some(), "step {i} was not patched");
        assert_same(&book, &store.load().unwrap(), i);
    }
}
