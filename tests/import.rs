//! Importing events: the bulk path in the store (one undo step, exact undo,
//! search and R*Tree filled) and `annals import` as a user runs it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use annals::action::{Action, EventFields, EventImport, ImportedEvent};
use annals::import::events::Preview;
use annals::import::table::{Mapping, read_table};
use annals::model::Uid;
use annals::model::date::Date;
use annals::store::Store;
use assert_cmd::Command;
use predicates::prelude::*;

fn annals() -> Command {
    let mut cmd = Command::cargo_bin("annals").unwrap();
    // Never touch the real user's data folder.
    cmd.env("HOME", std::env::temp_dir());
    cmd
}

fn event(title: &str, date: &str, track: Option<&str>, tags: &[&str]) -> EventFields {
    EventFields {
        title: title.to_owned(),
        date: Date::parse(date).unwrap(),
        time_zone: None,
        description: format!("about {title}"),
        track: track.map(str::to_owned),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    }
}

fn import_of(events: Vec<EventFields>) -> Action {
    Action::ImportEvents(EventImport {
        from: "test.csv".to_owned(),
        new: events
            .into_iter()
            .map(|fields| ImportedEvent { uid: None, fields })
            .collect(),
        updates: Vec::new(),
    })
}

#[test]
fn a_bulk_import_is_one_step_and_undo_removes_exactly_it() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .apply(&Action::CreateEvent {
            fields: event("Putin–Kim summit", "2023-09-13", Some("Diplomacy"), &["Russia"]),
            excerpts: Vec::new(),
        })
        .unwrap();
    let before = store.dump().unwrap();
    let events = vec![
        event("Спутник", "2023-11-21", Some("Diplomacy"), &["russia", "Space"]),
        event("普京访问朝鲜", "2024-06", Some("Визиты"), &[]),
        event("زيارة بوتين", "c. 2024", None, &["Space", "Space"]),
    ];
    let applied = store.apply(&import_of(events)).unwrap();
    assert_eq!(applied.label, "import 3 new events from 'test.csv'");
    let notebook = store.load().unwrap();
    assert_eq!(notebook.events.len(), 4);
    assert_eq!(notebook.tracks.len(), 2);
    assert_eq!(notebook.tags.len(), 2, "russia is Russia; Space once");
    // The search index and the R*Tree know the new events.
    assert_eq!(store.search("Спутник", 10).unwrap().len(), 1);
    assert_eq!(store.search("普京访问朝鲜", 10).unwrap().len(), 1);
    let day = Date::parse("2024-06-10").unwrap().bounds().earliest_key();
    let in_june: Vec<String> = store
        .events_in_range(Some(day), Some(day))
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert!(in_june.contains(&"普京访问朝鲜".to_owned()), "{in_june:?}");
    assert!(store.check().unwrap().is_empty());
    let after = store.dump().unwrap();
    assert_eq!(store.history(10).unwrap().len(), 2, "one step");
    store.undo().unwrap();
    assert_eq!(store.dump().unwrap(), before);
    assert_eq!(store.search("Спутник", 10).unwrap().len(), 0);
    store.redo().unwrap();
    assert_eq!(store.dump().unwrap(), after);
    assert!(store.check().unwrap().is_empty());
    store.undo().unwrap();
    assert_eq!(store.dump().unwrap(), before);
}

#[test]
fn a_bad_event_refuses_the_whole_import() {
    let mut store = Store::open_in_memory().unwrap();
    let before = store.dump().unwrap();
    let mut bad = event("ok", "2023", Some("Track"), &["tag"]);
    bad.title = "   ".to_owned();
    let result = store.apply(&import_of(vec![event("fine", "2023", None, &[]), bad]));
    assert!(result.is_err());
    assert_eq!(store.dump().unwrap(), before);
    assert!(store.history(10).unwrap().is_empty());
    // The triggers are back on: an ordinary action is recorded.
    store
        .apply(&Action::CreateEvent {
            fields: event("after", "2023", None, &[]),
            excerpts: Vec::new(),
        })
        .unwrap();
    store.undo().unwrap();
    assert_eq!(store.dump().unwrap(), before);
}

#[test]
fn reimporting_by_uid_updates_and_undo_restores() {
    let mut store = Store::open_in_memory().unwrap();
    let csv = "uid,title,date,track\nu-1,Summit,Sept 2023,Diplomacy\nu-2,Launch,2023-11-21,Space\n";
    let table = read_table(csv.as_bytes()).unwrap();
    let mapping = Mapping::guess(&table.headers);
    let preview = Preview::plan(
        &store.load().unwrap(),
        annals::import::events::rows_from_table(&table, &mapping),
    );
    assert_eq!(preview.summary(), "2 new, 0 updated, 0 unchanged, 0 errors");
    store
        .apply(&Action::ImportEvents(preview.import("a.csv")))
        .unwrap();
    let notebook = store.load().unwrap();
    assert!(notebook.events.iter().any(|e| e.uid == Uid("u-1".to_owned())));
    let once = store.dump().unwrap();
    let csv2 = "uid,title,date,track\nu-1,Summit in Vostochny,Sept 2023,Diplomacy\nu-2,Launch,2023-11-21,Space\n,Visit,2024-06-19,\n";
    let table = read_table(csv2.as_bytes()).unwrap();
    let preview = Preview::plan(
        &notebook,
        annals::import::events::rows_from_table(&table, &Mapping::guess(&table.headers)),
    );
    assert_eq!(preview.summary(), "1 new, 1 updated, 1 unchanged, 0 errors");
    let applied = store
        .apply(&Action::ImportEvents(preview.import("b.csv")))
        .unwrap();
    assert_eq!(applied.label, "import 1 new event and 1 update from 'b.csv'");
    let notebook = store.load().unwrap();
    assert_eq!(notebook.events.len(), 3);
    assert!(notebook.events.iter().any(|e| e.title == "Summit in Vostochny"));
    store.undo().unwrap();
    assert_eq!(store.dump().unwrap(), once);
}

#[test]
fn history_trimming_forgets_spans_with_their_steps() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .set_history_limits(annals::store::HistoryLimits { steps: 1, days: 0 })
        .unwrap();
    store
        .apply(&import_of(vec![event("a", "2023", None, &["t"])]))
        .unwrap();
    store
        .apply(&import_of(vec![event("b", "2024", None, &["t"])]))
        .unwrap();
    assert_eq!(store.history(10).unwrap().len(), 1);
    store.undo().unwrap();
    let titles: Vec<String> = store.load().unwrap().events.into_iter().map(|e| e.title).collect();
    assert_eq!(titles, vec!["a"]);
    assert!(store.check().unwrap().is_empty());
}
