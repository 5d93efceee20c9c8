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
    // HOME alone is not enough where XDG_CACHE_HOME is set: the record of
    // checked notebooks (store::verified) lives in the cache folder.
    cmd.env_remove("XDG_CACHE_HOME");
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
        ..EventImport::default()
    })
}

#[test]
fn a_bulk_import_is_one_step_and_undo_removes_exactly_it() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .apply(&Action::CreateEvent {
            fields: event(
                "Putin–Kim summit",
                "2023-09-13",
                Some("Diplomacy"),
                &["Russia"],
            ),
            excerpts: Vec::new(),
        })
        .unwrap();
    let before = store.dump().unwrap();
    let events = vec![
        event(
            "Спутник",
            "2023-11-21",
            Some("Diplomacy"),
            &["russia", "Space"],
        ),
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
    assert!(
        notebook
            .events
            .iter()
            .any(|e| e.uid == Uid("u-1".to_owned()))
    );
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
    assert_eq!(
        applied.label,
        "import 1 new event and 1 update from 'b.csv'"
    );
    let notebook = store.load().unwrap();
    assert_eq!(notebook.events.len(), 3);
    assert!(
        notebook
            .events
            .iter()
            .any(|e| e.title == "Summit in Vostochny")
    );
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
    let titles: Vec<String> = store
        .load()
        .unwrap()
        .events
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert_eq!(titles, vec!["a"]);
    assert!(store.check().unwrap().is_empty());
}

// ---- `annals import` ----

struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let folder = Self { dir };
        annals()
            .args(["new"])
            .arg(folder.notebook())
            .assert()
            .success();
        folder
    }

    fn notebook(&self) -> std::path::PathBuf {
        self.dir.path().join("nb.annals")
    }

    fn file(&self, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn import(&self, file: &std::path::Path) -> Command {
        let mut cmd = annals();
        cmd.args(["import", "-n"]).arg(self.notebook()).arg(file);
        cmd
    }

    fn titles(&self) -> Vec<String> {
        let out = annals()
            .args(["event", "list", "--json", "-n"])
            .arg(self.notebook())
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect()
    }
}

const MIXED: &str = "title,date,track,tags\n\
    Putin–Kim summit,Sept 2023,Diplomacy,Russia; North Korea\n\
    Спутник,2023-11-21,Space,\n\
    Bad one,Smarch 2023,,\n\
    普京访问朝鲜,c. 1850,,\n\
    ,2024,,\n";

#[test]
fn a_dry_run_previews_and_writes_nothing() {
    let f = Folder::new();
    let csv = f.file("mixed.csv", MIXED.as_bytes());
    let before = std::fs::read(f.notebook()).unwrap();
    f.import(&csv)
        .arg("--dry-run")
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "mixed.csv: 3 new, 0 updated, 0 unchanged, 2 errors",
        ))
        .stdout(predicate::str::contains(
            "line 2: new: Putin–Kim summit — 2023-09 (read “Sept 2023” as September 2023)",
        ))
        .stdout(predicate::str::contains(
            "line 4: error: the date “Smarch 2023”",
        ))
        .stdout(predicate::str::contains(
            "line 6: error: the title is empty",
        ));
    assert_eq!(std::fs::read(f.notebook()).unwrap(), before);
    f.import(&csv)
        .args(["--dry-run", "--skip-invalid"])
        .assert()
        .success();
    assert_eq!(std::fs::read(f.notebook()).unwrap(), before);
}

#[test]
fn invalid_rows_refuse_the_file_unless_skipped_and_undo_takes_all_back() {
    let f = Folder::new();
    let csv = f.file("mixed.csv", MIXED.as_bytes());
    f.import(&csv)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("line 4: error:"))
        .stdout(predicate::str::contains("line 6: error:"))
        .stderr(predicate::str::contains("nothing was imported"));
    assert!(f.titles().is_empty());
    f.import(&csv).arg("--skip-invalid").assert().success();
    let mut titles = f.titles();
    titles.sort();
    assert_eq!(titles, vec!["Putin–Kim summit", "Спутник", "普京访问朝鲜"]);
    annals()
        .args(["undo", "-n"])
        .arg(f.notebook())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Undid import 3 new events from 'mixed.csv'",
        ));
    assert!(f.titles().is_empty());
}

#[test]
fn map_renames_columns_and_json_reports_rows() {
    let f = Folder::new();
    let csv = f.file(
        "ru.tsv",
        "Что\tКогда\tКонец\nВизит Путина\t2024-06-18\t2024-06-19\n".as_bytes(),
    );
    f.import(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no column is mapped to the title"));
    let out = f
        .import(&csv)
        .args([
            "--map",
            "Что=title",
            "--map",
            "когда=start",
            "--map",
            "3=end",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["format"], "csv");
    assert_eq!(json["imported"], true);
    assert_eq!(json["new"], 1);
    assert_eq!(json["rows"][0]["line"], 2);
    assert_eq!(json["rows"][0]["date"], "2024-06-18/2024-06-19");
    f.import(&csv)
        .args(["--map", "Что=colour"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("“colour” is not a field"));
}

#[test]
fn an_exported_csv_reimports_as_unchanged_and_edits_update() {
    let f = Folder::new();
    let csv = f.file("mixed.csv", MIXED.as_bytes());
    f.import(&csv).arg("--skip-invalid").assert().success();
    let exported = f.dir.path().join("out.csv");
    annals()
        .args(["export", "--format", "csv", "-n"])
        .arg(f.notebook())
        .arg("-o")
        .arg(&exported)
        .assert()
        .success();
    f.import(&exported)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 new, 0 updated, 3 unchanged, 0 errors",
        ));
    let text = std::fs::read_to_string(&exported).unwrap();
    let edited = f.file(
        "edited.csv",
        text.replace("Спутник", "Спутник-1").as_bytes(),
    );
    f.import(&edited)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated, 2 unchanged"))
        .stdout(predicate::str::contains("updated (title): Спутник-1"));
    f.import(&edited).assert().success();
    let mut titles = f.titles();
    titles.sort();
    assert_eq!(
        titles,
        vec!["Putin–Kim summit", "Спутник-1", "普京访问朝鲜"]
    );
}

#[test]
fn hostile_files_are_refused_or_read_as_text() {
    let f = Folder::new();
    let formula = f.file(
        "formula.csv",
        b"title,date,description\n=HYPERLINK(\"http://evil\"),2023,@SUM(A1)\n",
    );
    f.import(&formula).assert().success();
    assert_eq!(f.titles(), vec!["=HYPERLINK(\"http://evil\")"]);
    let binary = f.file("binary.csv", b"title,date\n\0\0\0\x01,2023\n");
    f.import(&binary)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("binary data"));
    let big = format!(
        "title,date,description\nBig,2023,{}\n",
        "x".repeat(annals::import::table::MAX_CELL_BYTES + 10)
    );
    let big = f.file("big.csv", big.as_bytes());
    f.import(&big)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "line 2: error: the description cell is",
        ));
    let unknown = f.file("events.xlsx", b"PK");
    f.import(&unknown)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give --format"));
    let latin1 = f.file("latin1.csv", b"title;date\nCaf\xe9 de Flore;1923\n");
    f.import(&latin1)
        .assert()
        .success()
        .stderr(predicate::str::contains("Windows-1252"));
    assert!(f.titles().contains(&"Café de Flore".to_owned()));
}

// ---- Lossless JSON: read back and merge ----

fn export_json(notebook: &std::path::Path, out: &std::path::Path) -> serde_json::Value {
    annals()
        .args(["export", "--format", "json", "--force", "-n"])
        .arg(notebook)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    // Normalised: when and under which file name it was written.
    json["exported_at"] = serde_json::Value::Null;
    json["name"] = serde_json::Value::Null;
    json
}

fn demo(f: &Folder, name: &str) -> std::path::PathBuf {
    let path = f.dir.path().join(name);
    annals().arg("demo").arg(&path).assert().success();
    path
}

#[test]
fn lossless_json_reads_back_identically_and_undoes_as_one_step() {
    let f = Folder::new();
    let original = demo(&f, "demo.annals");
    let first = export_json(&original, &f.dir.path().join("one.json"));
    assert!(first["events"].as_object().unwrap().len() > 3);
    let empty = export_json(&f.notebook(), &f.dir.path().join("empty.json"));
    f.import(&f.dir.path().join("one.json")).assert().success();
    let second = export_json(&f.notebook(), &f.dir.path().join("two.json"));
    assert_eq!(first, second);
    annals()
        .args(["check", "-n"])
        .arg(f.notebook())
        .assert()
        .success();
    // Importing it again changes nothing.
    f.import(&f.dir.path().join("one.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 new, 0 updated, "))
        .stdout(predicate::str::contains("0 conflicts"));
    annals()
        .args(["undo", "-n"])
        .arg(f.notebook())
        .assert()
        .success();
    assert_eq!(
        export_json(&f.notebook(), &f.dir.path().join("three.json")),
        empty
    );
}

fn event_id(notebook: &std::path::Path, title: &str) -> String {
    let out = annals()
        .args(["event", "list", "--json", "-n"])
        .arg(notebook)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == title)
        .map(|e| e["id"].to_string())
        .unwrap()
}

#[test]
fn two_researchers_merge_by_uid_and_pick_a_side() {
    let f = Folder::new();
    let mine = demo(&f, "mine.annals");
    let theirs = f.dir.path().join("theirs.annals");
    std::fs::copy(&mine, &theirs).unwrap();
    let titles_before = {
        let out = annals()
            .args(["event", "list", "--json", "-n"])
            .arg(&mine)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let first = titles_before[0].clone();
    // They rename one event and add another.
    let id = event_id(&theirs, &first);
    annals()
        .args(["event", "edit", "-n"])
        .arg(&theirs)
        .args([id.as_str(), "--title", "Визит (их версия)"])
        .assert()
        .success();
    annals()
        .args(["event", "add", "-n"])
        .arg(&theirs)
        .args(["--title", "普京访问越南", "--date", "2024-06-20"])
        .assert()
        .success();
    let file = f.dir.path().join("theirs.json");
    export_json(&theirs, &file);
    let import = |extra: &[&str]| {
        let mut cmd = annals();
        cmd.args(["import", "-n"]).arg(&mine).arg(&file).args(extra);
        cmd
    };
    let before = std::fs::read(&mine).unwrap();
    import(&["--dry-run"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("1 new, 0 updated"))
        .stdout(predicate::str::contains("1 conflict"))
        .stdout(predicate::str::contains("conflict: event "))
        .stdout(predicate::str::contains(format!("“{first}”: title differ")));
    import(&[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--prefer mine or --prefer theirs"));
    assert_eq!(std::fs::read(&mine).unwrap(), before);
    import(&["--prefer", "mine"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(keeping mine)"));
    let mut titles = {
        let out = annals()
            .args(["event", "list", "--json", "-n"])
            .arg(&mine)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles.len(), titles_before.len() + 1);
    assert!(titles.contains(&first));
    annals().args(["undo", "-n"]).arg(&mine).assert().success();
    import(&["--prefer", "theirs", "--json"]).assert().success();
    titles = {
        let out = annals()
            .args(["event", "list", "--json", "-n"])
            .arg(&mine)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(titles.contains(&"Визит (их версия)".to_owned()));
    assert!(!titles.contains(&first));
    assert!(titles.contains(&"普京访问越南".to_owned()));
    // Now both sides agree: nothing left to merge, no duplicates.
    let out = import(&["--json"]).output().unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (json["new"].as_u64(), json["imported"].as_bool()),
        (Some(0), Some(false))
    );
    assert!(json["conflicts"].as_array().unwrap().is_empty());
}

#[test]
fn hostile_notebook_files_are_refused_whole() {
    let f = Folder::new();
    let before = std::fs::read(f.notebook()).unwrap();
    let deep = format!(
        "{{\"format\":\"annals-notebook\",\"version\":1,\"x\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep = f.file("deep.json", deep.as_bytes());
    f.import(&deep)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not JSON"));
    let newer = f.file(
        "newer.json",
        br#"{"format":"annals-notebook","version":99}"#,
    );
    f.import(&newer)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("newer Annals"));
    // A quote that is not the text at its range: the store refuses it and
    // nothing of the file is imported.
    let original = demo(&f, "demo.annals");
    let good = f.dir.path().join("good.json");
    let mut json = export_json(&original, &good);
    json["name"] = "demo".into();
    let excerpts = json["excerpts"].as_object_mut().unwrap();
    let first = excerpts.values_mut().next().unwrap();
    first["start"] = (first["start"].as_u64().unwrap() + 1).into();
    let bad = f.file("bad.json", serde_json::to_vec(&json).unwrap().as_slice());
    f.import(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("are not its quote"));
    // An event pointing at a track the file does not hold.
    let mut json = export_json(&original, &good);
    json["name"] = "demo".into();
    let events = json["events"].as_object_mut().unwrap();
    events.values_mut().next().unwrap()["track"] = "no-such-track".into();
    let dangling = f.file(
        "dangling.json",
        serde_json::to_vec(&json).unwrap().as_slice(),
    );
    f.import(&dangling)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "its track no-such-track is not in the file",
        ));
    assert_eq!(std::fs::read(f.notebook()).unwrap(), before);
}

#[test]
fn timelinejs_reads_back_with_dates_and_reimports_unchanged() {
    let f = Folder::new();
    let original = demo(&f, "demo.annals");
    let file = f.dir.path().join("timeline.json");
    annals()
        .args(["export", "--format", "timelinejs", "-n"])
        .arg(&original)
        .arg("-o")
        .arg(&file)
        .assert()
        .success();
    f.import(&file).assert().success();
    let list = |nb: &std::path::Path| {
        let out = annals()
            .args(["event", "list", "--json", "-n"])
            .arg(nb)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut events: Vec<(String, String, String)> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["uid"].as_str().unwrap().to_owned(),
                    e["date"].as_str().unwrap().to_owned(),
                    e["title"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        events.sort();
        events
    };
    assert_eq!(list(&f.notebook()), list(&original));
    f.import(&file)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 new, 0 updated, "));
    // The Google-Sheets template, as CSV.
    let sheet = f.file(
        "sheet.csv",
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n\
         2024,6,19,,,,,,,زيارة بوتين,,https://example.org/a.jpg,,,,,Визиты,\n"
            .as_bytes(),
    );
    f.import(&sheet).assert().success();
    let out = annals()
        .args(["event", "list", "--json", "-n"])
        .arg(f.notebook())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let visit = json
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "زيارة بوتين")
        .unwrap();
    assert_eq!(visit["date"], "2024-06-19");
    assert_eq!(visit["track"], "Визиты");
}

#[test]
fn bibliographic_records_become_sources_once() {
    let f = Folder::new();
    let bib = f.file(
        "zotero.bib",
        "@article{a, title = {Putin and Kim meet}, author = {Kim, Jiyoung}, journaltitle = {Korea Herald}, date = {2023-09}, doi = {10.1/x}}\n\
         @online{b, title = {Визит}, url = {https://example.org/v}, urldate = {2024-06-19}, year = {2024}}\n"
            .as_bytes(),
    );
    f.import(&bib)
        .arg("--dry-run")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "zotero.bib: 2 new sources, 0 unchanged, 0 errors",
        ))
        .stdout(predicate::str::contains(
            "record 1: new: Putin and Kim meet — Jiyoung Kim, September 2023",
        ));
    f.import(&bib).assert().success();
    let out = annals()
        .args(["source", "show", "--json", "-n"])
        .arg(f.notebook())
        .arg("1")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["title"], "Putin and Kim meet");
    assert_eq!(json["outlet"], "Korea Herald");
    assert_eq!(json["published"], "2023-09");
    assert_eq!(json["url"], "https://doi.org/10.1/x");
    // Importing again adds nothing.
    f.import(&bib)
        .assert()
        .success()
        .stdout(predicate::str::contains("0 new sources, 2 unchanged"));
    let ris = f.file(
        "refs.ris",
        b"TY  - JOUR\nAU  - Nobody\nER  - \nTY  - JOUR\nTI  - Fine\nER  - \n",
    );
    f.import(&ris)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "line 1: error: the record has no title",
        ));
    f.import(&ris).arg("--skip-invalid").assert().success();
    let csl = f.file(
        "items.json",
        br#"[{"title": "CSL item", "issued": {"date-parts": [[2024, 6, 19]]}}]"#,
    );
    f.import(&csl).assert().success();
    annals()
        .args(["undo", "-n"])
        .arg(f.notebook())
        .assert()
        .success();
    annals()
        .args(["check", "-n"])
        .arg(f.notebook())
        .assert()
        .success();
}

// ---- Merge conflicts resolved item by item ----

/// The lossless JSON of a store's notebook, written in-process.
fn json_of(store: &Store) -> annals::export::json::NotebookJson {
    let notebook = store.load().unwrap();
    let bodies = annals::export::fetch_bodies(store, &notebook).unwrap();
    let scope = annals::export::Scope::whole();
    let options = annals::export::Options::default();
    let job = annals::export::Job::new(&notebook, &scope, &bodies, &options, &|_, _| true).unwrap();
    annals::export::json::NotebookJson::from_job(&job).unwrap()
}

fn plan_into(
    store: &Store,
    file: &annals::export::json::NotebookJson,
    choices: &annals::import::notebook::Choices,
) -> annals::import::notebook::MergePreview {
    let notebook = store.load().unwrap();
    let bodies = annals::export::fetch_bodies(store, &notebook).unwrap();
    annals::import::notebook::plan_with(file, &notebook, &bodies, choices, "theirs.json")
}

fn by_title<'a>(notebook: &'a annals::model::Notebook, title: &str) -> &'a annals::model::Event {
    notebook.events.iter().find(|e| e.title == title).unwrap()
}

#[test]
fn merge_conflicts_are_resolved_per_item_and_undone_as_one_step() {
    use annals::import::notebook::{Choices, Prefer};
    use annals::model::NoteOwner;
    let mut mine = Store::open_in_memory().unwrap();
    for (title, date) in [("Саммит", "2023-09"), ("Launch", "2023-11")] {
        mine.apply(&Action::CreateEvent {
            fields: event(title, date, None, &[]),
            excerpts: vec![],
        })
        .unwrap();
    }
    mine.apply(&Action::CreateNote {
        owner: NoteOwner::Notebook,
        body: "Кто там был?".to_owned(),
    })
    .unwrap();
    // The colleague starts from a copy of the notebook (same uids)…
    let mut theirs = Store::open_in_memory().unwrap();
    let copy = plan_into(&theirs, &json_of(&mine), &Choices::default());
    assert!(copy.conflicts.is_empty() && copy.errors.is_empty());
    theirs
        .apply(&Action::ImportNotebook(Box::new(copy.import)))
        .unwrap();
    // …and both edit it.
    let edit = |store: &mut Store, title: &str, change: &dyn Fn(&mut EventFields)| {
        let notebook = store.load().unwrap();
        let e = by_title(&notebook, title);
        let mut fields = EventFields::of(&notebook, e);
        change(&mut fields);
        store
            .apply(&Action::UpdateEvent { id: e.id, fields })
            .unwrap();
    };
    edit(&mut theirs, "Саммит", &|f| {
        f.title = "Саммит во Восточном".to_owned();
    });
    edit(&mut theirs, "Launch", &|f| {
        f.date = Date::parse("2023-11-21").unwrap();
    });
    edit(&mut mine, "Launch", &|f| f.description = "mine".to_owned());
    let note = theirs.load().unwrap().notes[0].id;
    theirs
        .apply(&Action::UpdateNote {
            id: note,
            body: "Путин и Ким".to_owned(),
        })
        .unwrap();
    let file = json_of(&theirs);

    // No side chosen: three conflicts, unresolved, and nothing would change.
    let open = plan_into(&mine, &file, &Choices::default());
    assert_eq!(open.conflicts.len(), 3, "{:?}", open.conflicts);
    assert_eq!(open.unresolved(), 3);
    assert!(open.import.events.updates.is_empty() && open.import.note_updates.is_empty());
    let summit = open.conflicts.iter().find(|c| c.title == "Саммит").unwrap();
    assert_eq!(summit.theirs, "Саммит во Восточном");
    assert_eq!(summit.fields, vec!["title"]);
    let launch = open.conflicts.iter().find(|c| c.title == "Launch").unwrap();
    let note_uid = open
        .conflicts
        .iter()
        .find(|c| c.kind == "note")
        .unwrap()
        .uid
        .clone();

    // Theirs for the summit and the note, mine for the launch.
    let mut choices = Choices::default();
    choices.choose("event", &summit.uid, Prefer::Theirs);
    choices.choose("event", &launch.uid, Prefer::Mine);
    choices.choose("note", &note_uid, Prefer::Theirs);
    let chosen = plan_into(&mine, &file, &choices);
    assert_eq!(chosen.unresolved(), 0);
    assert_eq!(chosen.import.events.updates.len(), 1);
    assert_eq!(chosen.import.note_updates.len(), 1);
    let before = mine.load().unwrap();
    mine.apply(&Action::ImportNotebook(Box::new(chosen.import)))
        .unwrap();
    let after = mine.load().unwrap();
    assert_eq!(after.events.len(), 2, "no duplicates");
    assert!(
        after
            .events
            .iter()
            .any(|e| e.title == "Саммит во Восточном")
    );
    let kept = by_title(&after, "Launch");
    assert_eq!(kept.date.edtf(), "2023-11");
    assert_eq!(kept.description, "mine");
    assert_eq!(after.notes[0].body, "Путин и Ким");
    // One step back: everything as it was.
    mine.undo().unwrap();
    let undone = mine.load().unwrap();
    assert_eq!(undone.events, before.events);
    assert_eq!(undone.notes, before.notes);

    // A side for all, with one item set apart; the same as --prefer.
    let mut choices = Choices::default();
    choices.choose_all(Prefer::Theirs);
    choices.choose("event", &launch.uid, Prefer::Mine);
    let mixed = plan_into(&mine, &file, &choices);
    assert_eq!(mixed.unresolved(), 0);
    assert_eq!(mixed.import.events.updates.len(), 1);
    let all_theirs = plan_into(&mine, &file, &Choices::all(Some(Prefer::Theirs)));
    assert_eq!(all_theirs.import.events.updates.len(), 2);
    let notebook = mine.load().unwrap();
    let bodies = annals::export::fetch_bodies(&mine, &notebook).unwrap();
    assert_eq!(
        annals::import::notebook::plan(
            &file,
            &notebook,
            &bodies,
            Some(Prefer::Theirs),
            "theirs.json"
        ),
        all_theirs
    );
    // Choosing all again forgets the single choices.
    choices.choose_all(Prefer::Mine);
    assert!(choices.items.is_empty());
    let all_mine = plan_into(&mine, &file, &choices);
    assert!(all_mine.import.events.updates.is_empty());
    assert!(
        all_mine
            .conflicts
            .iter()
            .all(|c| c.side == Some(Prefer::Mine))
    );
}
/// Runs `annals ARGS -n NOTEBOOK` and returns its standard output, trimmed.
fn run_on(notebook: &std::path::Path, args: &[&str]) -> String {
    let out = annals()
        .args(args)
        .arg("-n")
        .arg(notebook)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

#[test]
fn lossless_json_carries_entities_roles_and_links() {
    let f = Folder::new();
    let original = demo(&f, "demo.annals");
    let summit = event_id(&original, "Putin–Kim summit in eastern Russia");
    let launch = event_id(&original, "First military spy satellite launched");
    run_on(
        &original,
        &[
            "entity",
            "add",
            "--kind",
            "person",
            "--name",
            "Kim Jong-un",
            "--alias",
            "김정은",
            "--dates",
            "1984-01-08",
        ],
    );
    let place = run_on(
        &original,
        &[
            "entity",
            "add",
            "--kind",
            "place",
            "--name",
            "Vostochny",
            "--coordinates",
            "51.88, 128.33",
        ],
    );
    run_on(
        &original,
        &[
            "involve",
            "--event",
            &summit,
            "--entity",
            "김정은",
            "--role",
            "guest",
        ],
    );
    run_on(
        &original,
        &[
            "involve", "--event", &summit, "--entity", &place, "--role", "location",
        ],
    );
    run_on(
        &original,
        &[
            "involve",
            "--source",
            "1",
            "--entity",
            "Kim Jong-un",
            "--role",
            "subject",
        ],
    );
    run_on(
        &original,
        &[
            "relate", "--from", &summit, "--to", &launch, "--kind", "precedes",
        ],
    );
    let first = export_json(&original, &f.dir.path().join("one.json"));
    assert_eq!(first["entities"].as_object().unwrap().len(), 2);
    let kim = first["entities"]
        .as_object()
        .unwrap()
        .values()
        .find(|e| e["name"] == "Kim Jong-un")
        .unwrap();
    assert_eq!(kim["aliases"], serde_json::json!(["김정은"]));
    assert_eq!(kim["dates"], "1984-01-08");
    f.import(&f.dir.path().join("one.json")).assert().success();
    let second = export_json(&f.notebook(), &f.dir.path().join("two.json"));
    assert_eq!(first, second);
    let shown: serde_json::Value = serde_json::from_str(&run_on(
        &f.notebook(),
        &[
            "show",
            "--json",
            &event_id(&f.notebook(), "Putin–Kim summit in eastern Russia"),
        ],
    ))
    .unwrap();
    assert_eq!(shown["entities"].as_array().unwrap().len(), 2);
    assert_eq!(shown["links"][0]["kind"], "precedes");
    // Again: nothing new, nothing doubled.
    f.import(&f.dir.path().join("one.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 new, 0 updated, "));
    assert_eq!(
        export_json(&f.notebook(), &f.dir.path().join("three.json")),
        first
    );
}

#[test]
fn a_file_naming_an_entity_it_does_not_hold_is_refused_whole() {
    let f = Folder::new();
    let original = demo(&f, "demo.annals");
    let summit = event_id(&original, "Putin–Kim summit in eastern Russia");
    run_on(
        &original,
        &["entity", "add", "--kind", "person", "--name", "Kim"],
    );
    run_on(
        &original,
        &["involve", "--event", &summit, "--entity", "Kim"],
    );
    let written = f.dir.path().join("one.json");
    export_json(&original, &written);
    // The file as written (export_json normalises away fields a file needs).
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&written).unwrap()).unwrap();
    json["entities"] = serde_json::json!({});
    let path = f.file("broken.json", &serde_json::to_vec(&json).unwrap());
    f.import(&path)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("is in neither side"))
        .stderr(predicate::str::contains("nothing was imported"));
    assert_eq!(run_on(&f.notebook(), &["event", "list"]), "");
}

#[test]
fn a_large_notebook_merged_into_an_empty_one_is_searchable_and_sound() {
    // Ten thousand events and more take the bulk path's large-import
    // branch, where an empty notebook's search index is built beside the
    // rows; the sources and notes of the same file are indexed after.
    use annals::action::SourceFields;
    use annals::import::notebook::Choices;
    use annals::model::NoteOwner;
    let mut mine = Store::open_in_memory().unwrap();
    mine.apply(&Action::CreateSource(SourceFields {
        title: "Путин и Ким Чен Ын".to_owned(),
        body: "The leaders met at the Vostochny cosmodrome in eastern Russia.".to_owned(),
        ..SourceFields::default()
    }))
    .unwrap();
    mine.apply(&Action::CreateNote {
        owner: NoteOwner::Notebook,
        body: "정상회담 뒤 위성 발사".to_owned(),
    })
    .unwrap();
    let events = (0..10_050)
        .map(|i| event(&format!("Meeting {i}"), "2023-09-13", None, &["summit"]))
        .collect();
    mine.apply(&import_of(events)).unwrap();
    let mut theirs = Store::open_in_memory().unwrap();
    // A search first, so the empty index's structure is what FTS5 holds.
    assert_eq!(theirs.search_page("meeting", 0, 5).unwrap().total, 0);
    let copy = plan_into(&theirs, &json_of(&mine), &Choices::default());
    assert!(copy.conflicts.is_empty() && copy.errors.is_empty());
    theirs
        .apply(&Action::ImportNotebook(Box::new(copy.import)))
        .unwrap();
    for (query, hits) in [("cosmodrome", 1), ("위성", 1), ("Meeting 10049", 1)] {
        assert_eq!(
            theirs.search_page(query, 0, 5).unwrap().total,
            hits,
            "{query}"
        );
    }
    assert_eq!(theirs.matching_events("meeting").unwrap().len(), 10_050);
    assert_eq!(theirs.check().unwrap(), Vec::<String>::new());
    theirs.undo().unwrap();
    assert_eq!(theirs.search_page("meeting", 0, 5).unwrap().total, 0);
    assert_eq!(theirs.check().unwrap(), Vec::<String>::new());
}
