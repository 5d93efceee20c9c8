//! The notebook's safety in the window, driven like a user with
//! egui_kittest: the read-only banner, File ▸ Backups…, a damaged or
//! foreign notebook at open, File ▸ Share a copy…, automatic backups.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;
use ui_support::{harness, settle};

use std::path::{Path, PathBuf};
use std::time::Duration;

use annals::action::{Action, EventFields, SourceFields};
use annals::model::NoteOwner;
use annals::model::date::Date;
use annals::store::{BackupPolicy, BackupReason, Store, backups};
use annals::ui::{AnnalsApp, Command, Startup};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn event(title: &str) -> Action {
    Action::CreateEvent {
        fields: EventFields::new(title, Date::parse("2023-09").unwrap()),
        excerpts: vec![],
    }
}

fn titles(harness: &Harness<'_, AnnalsApp>) -> Vec<String> {
    let mut titles: Vec<String> = harness
        .state()
        .notebook()
        .unwrap()
        .events
        .iter()
        .map(|e| e.title.clone())
        .collect();
    titles.sort();
    titles
}

fn status(harness: &Harness<'_, AnnalsApp>) -> String {
    harness.state().status().text().to_owned()
}

fn click(harness: &mut Harness<'_, AnnalsApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

/// Opens File and clicks one of its items.
fn file_menu(harness: &mut Harness<'_, AnnalsApp>, item: &str) {
    click(harness, "File");
    click(harness, item);
}

/// A notebook file holding these events (closed again).
fn notebook_with(dir: &Path, name: &str, events: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut store = Store::create(&path).unwrap();
    for title in events {
        store.apply(&event(title)).unwrap();
    }
    path
}

#[test]
fn a_read_only_notebook_shows_the_banner_and_refuses_every_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_with(dir.path(), "Визит.annals", &["Summit"]);
    let before = std::fs::read(&path).unwrap();
    let store = Store::open_read_only(&path).unwrap();
    let mut harness = harness(AnnalsApp::with_store(store).unwrap());
    harness.get_by_label("Read-only");
    assert!(
        harness
            .query_all_by_label_contains("changes are refused")
            .count()
            >= 1
    );
    // Ctrl+N, Undo, Delete, Add source: each says so in one line.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    let refusal = status(&harness);
    assert!(
        refusal.contains("read-only") && refusal.contains("nothing was changed"),
        "{refusal}"
    );
    assert!(!refusal.contains('\n'));
    assert!(harness.state().status().is_error());
    harness.state_mut().push(Command::Undo);
    harness.run();
    assert!(
        status(&harness).contains("read-only"),
        "{}",
        status(&harness)
    );
    harness
        .state_mut()
        .push(Command::Apply(Box::new(event("Launch"))));
    harness.run();
    assert!(status(&harness).contains("read-only"));
    harness.state_mut().push(Command::AddSource);
    harness.run();
    assert!(
        harness.state().dialog().is_none(),
        "no form for a read-only notebook"
    );
    assert_eq!(titles(&harness), vec!["Summit"]);
    drop(harness);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing was written");
}

#[test]
fn a_writable_notebook_shows_no_banner() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_with(dir.path(), "case.annals", &["Summit"]);
    let mut harness = harness(AnnalsApp::new(Startup::Path(path), Vec::new()));
    assert_eq!(harness.state().read_only(), None);
    assert_eq!(harness.query_all_by_label("Read-only").count(), 0);
    harness
        .state_mut()
        .push(Command::Apply(Box::new(event("Launch"))));
    harness.run();
    assert_eq!(titles(&harness), vec!["Launch", "Summit"]);
}

#[test]
fn the_backups_dialog_lists_backups_and_a_restore_brings_back_the_old_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.annals");
    {
        let mut store = Store::create(&path).unwrap();
        store.apply(&event("Putin–Kim summit")).unwrap();
        store.backup_now().unwrap();
        store.apply(&event("Satellite launch")).unwrap();
    }
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    assert_eq!(
        titles(&harness),
        vec!["Putin–Kim summit", "Satellite launch"]
    );
    file_menu(&mut harness, "Backups…");
    harness.get_by_label("Backups of case");
    harness.get_by_label("made by hand");
    assert_eq!(harness.query_all_by_label("Restore…").count(), 1);

    click(&mut harness, "Back up now");
    settle(&mut harness);
    assert_eq!(
        harness.query_all_by_label("Restore…").count(),
        2,
        "listed at once"
    );
    assert!(
        status(&harness).starts_with("Backed up case.annals as"),
        "{}",
        status(&harness)
    );

    // The older backup is the last row (newest first).
    harness.get_all_by_label("Restore…").last().unwrap().click();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("is backed up first")
            .count()
            >= 1
    );
    click(&mut harness, "Restore");
    settle(&mut harness);
    assert!(harness.state().dialog().is_none());
    assert_eq!(
        titles(&harness),
        vec!["Putin–Kim summit"],
        "the old content is back"
    );
    let said = status(&harness);
    assert!(said.starts_with("Restored case.annals from"), "{said}");
    assert!(said.contains("before-restore"), "{said}");
    // And the notebook as it was is itself a backup, restorable in turn.
    let listed = backups::list(&path).unwrap();
    assert!(
        listed
            .iter()
            .any(|b| b.reason == BackupReason::BeforeRestore),
        "{listed:?}"
    );
    harness
        .state_mut()
        .push(Command::Apply(Box::new(event("Edited after"))));
    harness.run();
    assert_eq!(titles(&harness), vec!["Edited after", "Putin–Kim summit"]);
}

#[test]
fn automatic_backups_follow_editing_and_closing_without_blocking_a_frame() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_with(dir.path(), "case.annals", &[]);
    let mut app = AnnalsApp::new(Startup::Path(path.clone()), Vec::new());
    app.set_backup_policy(BackupPolicy {
        every: Duration::ZERO,
        ..BackupPolicy::DEFAULT
    });
    let mut harness = harness(app);
    assert!(
        backups::list(&path).unwrap().is_empty(),
        "no edits, no backup"
    );
    harness
        .state_mut()
        .push(Command::Apply(Box::new(event("Summit"))));
    harness.run();
    settle(&mut harness);
    let reasons = |path: &Path| -> Vec<BackupReason> {
        backups::list(path)
            .unwrap()
            .into_iter()
            .map(|b| b.reason)
            .collect()
    };
    assert_eq!(reasons(&path), vec![BackupReason::Automatic]);
    // The backup holds the edit: nothing is due until the next one.
    for _ in 0..3 {
        harness.step();
    }
    settle(&mut harness);
    assert_eq!(reasons(&path).len(), 1);

    // A notebook closed after edits is backed up on close.
    drop(harness);
    let mut app = AnnalsApp::new(Startup::Path(path.clone()), Vec::new());
    app.push(Command::Apply(Box::new(event("Launch"))));
    let mut harness = self::harness(app);
    harness.state_mut().push(Command::Close);
    settle(&mut harness);
    assert_eq!(
        reasons(&path),
        vec![BackupReason::OnClose, BackupReason::Automatic]
    );
    let restored = Store::open_read_only(&backups::list(&path).unwrap()[0].path).unwrap();
    assert_eq!(restored.load().unwrap().events.len(), 2);
}

/// A notebook with 2,000 events whose middle pages are overwritten, and a
/// good backup made before.
fn damaged_notebook(dir: &Path) -> PathBuf {
    let path = dir.join("damaged.annals");
    let mut store = Store::create(&path).unwrap();
    store
        .apply(&Action::CreateSource(SourceFields {
            title: "Визит Путина".into(),
            body: "The two leaders met in eastern Russia.".into(),
            ..SourceFields::default()
        }))
        .unwrap();
    store
        .add_events(
            (0..2000).map(|i| {
                EventFields::new(format!("Event number {i}"), Date::parse("2023").unwrap())
            }),
        )
        .unwrap();
    store.backup_now().unwrap();
    drop(store);
    let mut data = std::fs::read(&path).unwrap();
    let page = 4096;
    let holds = |chunk: &[u8], text: &str| chunk.windows(text.len()).any(|w| w == text.as_bytes());
    let target = (0..data.len() / page)
        .find(|&i| {
            let chunk = &data[i * page..(i + 1) * page];
            holds(chunk, "Event number 1000") && holds(chunk, "year")
        })
        .unwrap();
    for b in &mut data[target * page + 8..(target + 1) * page] {
        *b = 0x5A;
    }
    std::fs::write(&path, &data).unwrap();
    path
}

/// The one sentence, and nothing of SQLite's own words.
fn says_damaged_in_one_sentence(harness: &Harness<'_, AnnalsApp>) {
    let sentence = "damaged.annals is damaged, so it was not opened; the file was not changed.";
    // In the dialog and in the status bar.
    assert_eq!(harness.query_all_by_label(sentence).count(), 2);
    for raw in ["malformed", "database disk image", "Tree", "page", "code"] {
        assert_eq!(
            harness.query_all_by_label_contains(raw).count(),
            0,
            "raw SQLite text {raw:?} is shown"
        );
    }
}

#[test]
fn a_damaged_notebook_says_so_in_one_sentence_and_restores_the_latest_good_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_notebook(dir.path());
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    assert!(harness.state().notebook().is_none());
    says_damaged_in_one_sentence(&harness);
    assert!(
        harness
            .query_all_by_label_contains("Its newest backup is from")
            .count()
            >= 1
    );
    click(&mut harness, "Restore the latest good backup");
    settle(&mut harness);
    let notebook = harness
        .state()
        .notebook()
        .expect("the restored notebook is open");
    assert_eq!(notebook.events.len(), 2000);
    assert_eq!(notebook.sources[0].title, "Визит Путина");
    let said = status(&harness);
    assert!(said.starts_with("Restored damaged.annals from"), "{said}");
    // The damaged file is kept, not thrown away.
    let folder = backups::folder(&path);
    let kept = std::fs::read_dir(folder)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with("-damaged.annals")
        })
        .count();
    assert_eq!(kept, 1);
}

#[test]
fn a_damaged_notebook_can_be_salvaged_into_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = damaged_notebook(dir.path());
    let before = std::fs::read(&path).unwrap();
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    says_damaged_in_one_sentence(&harness);
    click(&mut harness, "Salvage into the new file");
    settle(&mut harness);
    let out = dir.path().join("damaged-salvaged.annals");
    assert!(out.exists());
    let notebook = harness
        .state()
        .notebook()
        .expect("the salvaged notebook is open");
    assert!(notebook.events.len() < 2000 && notebook.events.len() > 1000);
    let said = status(&harness);
    assert!(said.starts_with("Salvaged into"), "{said}");
    assert!(said.contains("could not be read"), "{said}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the damaged file is only read"
    );
}

#[test]
fn a_refused_hostile_notebook_says_what_was_refused_and_repairs_into_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_with(dir.path(), "shared.annals", &["Summit"]);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER planted AFTER INSERT ON events BEGIN DELETE FROM notes; END;",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    assert!(harness.state().notebook().is_none());
    let sentence = harness
        .query_all_by_label_contains("holds things Annals did not put there")
        .count();
    assert!(sentence >= 1);
    assert!(
        harness.query_all_by_label_contains("planted").count() >= 1,
        "names it"
    );
    click(&mut harness, "Repair into the new file");
    settle(&mut harness);
    assert_eq!(titles(&harness), vec!["Summit"]);
    let said = status(&harness);
    assert!(said.starts_with("Repaired into"), "{said}");
    assert!(said.contains("planted"), "{said}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // The copy is clean: it opens for writing.
    drop(harness);
    Store::open(&dir.path().join("shared-repaired.annals")).unwrap();
}

#[test]
fn share_a_copy_writes_no_history_optionally_no_notes_and_asks_before_replacing() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_with(dir.path(), "research.annals", &["Summit", "Secret meeting"]);
    {
        let mut store = Store::open(&path).unwrap();
        store
            .apply(&Action::CreateNote {
                owner: NoteOwner::Notebook,
                body: "Call the source back".into(),
            })
            .unwrap();
    }
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    file_menu(&mut harness, "Share a copy…");
    harness.get_by_label("Share a copy");
    click(&mut harness, "Without notes");
    click(&mut harness, "Write the copy");
    settle(&mut harness);
    let out = dir.path().join("research-shared.annals");
    let said = status(&harness);
    assert!(said.starts_with("Wrote a clean copy to"), "{said}");
    assert!(said.contains("no notes"), "{said}");
    let copy = Store::open_read_only(&out).unwrap();
    assert!(copy.history(10).unwrap().is_empty(), "no undo history");
    let loaded = copy.load().unwrap();
    assert_eq!(loaded.events.len(), 2);
    assert!(loaded.notes.is_empty(), "no notes");
    drop(copy);
    let first = std::fs::read(&out).unwrap();

    // Again to the same file: asked first, and only replaced when agreed.
    file_menu(&mut harness, "Share a copy…");
    click(&mut harness, "Write the copy");
    settle(&mut harness);
    assert!(
        status(&harness).contains("already exists"),
        "{}",
        status(&harness)
    );
    assert_eq!(std::fs::read(&out).unwrap(), first, "not overwritten");
    assert!(
        harness
            .query_all_by_label_contains("already exists. Replace it?")
            .count()
            >= 1
    );
    click(&mut harness, "Replace");
    settle(&mut harness);
    let copy = Store::open_read_only(&out).unwrap();
    let loaded = copy.load().unwrap();
    assert_eq!(loaded.notes.len(), 1, "this time with notes");
    assert!(copy.history(10).unwrap().is_empty());
    assert_eq!(
        harness.state().notebook().unwrap().notes.len(),
        1,
        "own notes kept"
    );
}

#[test]
fn a_notebook_named_in_another_script_is_repaired_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = notebook_with(dir.path(), "От коллеги.annals", &["Саммит"]);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TRIGGER planted AFTER INSERT ON events BEGIN SELECT 1; END;")
            .unwrap();
    }
    let mut harness = harness(AnnalsApp::new(Startup::Path(path.clone()), Vec::new()));
    click(&mut harness, "Repair into the new file");
    settle(&mut harness);
    assert!(
        status(&harness).starts_with("Repaired into"),
        "{}",
        status(&harness)
    );
    assert_eq!(titles(&harness), vec!["Саммит"]);
    assert!(dir.path().join("От коллеги-repaired.annals").exists());
}
