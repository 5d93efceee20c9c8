//! The command-line interface, run as a user runs it: the built binary on
//! temporary notebooks.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use assert_cmd::Command;
use common::{fixture_copy, stdout_of, tree};
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

#[test]
fn date_prints_how_a_date_is_read() {
    annals()
        .args(["date", "Sept 2023"])
        .assert()
        .success()
        .stdout(predicate::str::contains("edtf:       2023-09"))
        .stdout(predicate::str::contains("display:    September 2023"))
        .stdout(predicate::str::contains("precision:  month"))
        .stdout(predicate::str::contains("earliest:   2023-09-01"))
        .stdout(predicate::str::contains("latest:     2023-09-30"));
}

#[test]
fn date_json_has_the_documented_keys() {
    let output = annals()
        .args(["date", "--json", "-0043-03-15~"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["edtf"], "-0043-03-15~");
    assert_eq!(json["display"], "c. 15 March 44 BC");
    assert_eq!(json["precision"], "day");
    assert_eq!(json["earliest"], "-0043-03-15");
    assert_eq!(json["latest"], "-0043-03-15");
    assert_eq!(json["fuzzy_earliest"], "-0043-03-14");
    assert_eq!(json["fuzzy_latest"], "-0043-03-16");
}

#[test]
fn date_beyond_four_digit_years_is_signed() {
    let output = annals()
        .args(["date", "--json", "Y12000"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["earliest"], "+12000-01-01");
    let output = annals()
        .args(["date", "--json", "2020-03/.."])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["latest"], serde_json::Value::Null);
    assert_eq!(json["display"], "March 2020 – ongoing");
}

#[test]
fn bad_dates_exit_2_with_the_reason_on_stderr() {
    for (input, reason) in [
        ("2023-02-30", "February 2023 has 28 days"),
        ("yesterday-ish", "cannot read"),
        ("", "the date is empty"),
    ] {
        annals()
            .args(["date", input])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(reason));
    }
}

/// `annals COMMAND… -n NOTEBOOK`: the set-up every notebook command repeats.
fn on(nb: &std::path::Path, command: &[&str]) -> Command {
    let mut cmd = annals();
    cmd.args(command).arg("-n").arg(nb);
    cmd
}

/// `annals event add` of a title on a date, which must succeed.
fn add_event(nb: &std::path::Path, title: &str, date: &str) {
    on(nb, &["event", "add", "--title", title, "--date", date])
        .assert()
        .success();
}

fn notebook() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("research.annals");
    annals().arg("new").arg(&path).assert().success();
    (dir, path)
}

const ARTICLE: &str = "The two leaders previously met in eastern Russia in September. \
The launch of its first military spy satellite in November followed. \
Officials met in September again.";

#[test]
fn a_researchers_session_from_the_command_line() {
    let (dir, nb) = notebook();
    let article = dir.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let source = stdout_of(
        on(&nb, &["source", "add"])
            .args(["--title", "Putin visit", "--published", "2024-06-12"])
            .arg(&article),
    );
    assert_eq!(source.trim(), "1");
    let summit = stdout_of(on(&nb, &["event", "add"]).args([
        "--title",
        "Putin–Kim summit",
        "--date",
        "Sept 2023",
        "--track",
        "Diplomacy",
        "--tag",
        "Russia",
        "--tag",
        "DPRK",
    ]));
    let summit = summit.trim().to_owned();
    let excerpt = stdout_of(on(&nb, &["excerpt", "add"]).args([
        "--source",
        "1",
        "--quote",
        "met in eastern Russia in September",
        "--event",
        &summit,
    ]));
    assert_eq!(excerpt.trim(), "1");
    on(&nb, &["note", "add"])
        .args(["--event", &summit, "Verify the *place*."])
        .assert()
        .success();

    let list: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["event", "list", "--json"]))).unwrap();
    let first = &list[0];
    assert_eq!(first["title"], "Putin–Kim summit");
    assert_eq!(first["date"], "2023-09");
    assert_eq!(first["display"], "September 2023");
    assert_eq!(first["earliest"], "2023-09-01");
    assert_eq!(first["latest"], "2023-09-30");
    assert_eq!(first["precision"], "month");
    assert_eq!(first["track"], "Diplomacy");
    assert_eq!(first["tags"], serde_json::json!(["DPRK", "Russia"]));
    assert_eq!(first["excerpts"], serde_json::json!([1]));
    assert!(first["uid"].as_str().unwrap().len() >= 32);

    let shown: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["show", "--json"]).arg(&summit))).unwrap();
    assert_eq!(
        shown["excerpts"][0]["quote"],
        "met in eastern Russia in September"
    );
    assert_eq!(shown["excerpts"][0]["source_title"], "Putin visit");
    assert_eq!(shown["notes"][0]["body"], "Verify the *place*.");

    let hits: serde_json::Value = serde_json::from_str(&stdout_of(
        on(&nb, &["search", "--json"]).arg("eastern russia"),
    ))
    .unwrap();
    let kinds: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"excerpt") && kinds.contains(&"source"),
        "{kinds:?}"
    );

    on(&nb, &["event", "edit"])
        .args([&summit, "--date", "13 September 2023"])
        .assert()
        .success();
    let history = stdout_of(on(&nb, &["history"]));
    assert!(
        history
            .lines()
            .next()
            .unwrap()
            .contains("Edited event 'Putin–Kim summit'"),
        "{history}"
    );
    assert!(history.contains("Added event 'Putin–Kim summit'"));

    on(&nb, &["undo"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Undid edit event"));
    let list = stdout_of(on(&nb, &["event", "list"]));
    assert!(list.contains("September 2023"), "{list}");
    on(&nb, &["redo"]).assert().success();
    let list = stdout_of(on(&nb, &["event", "list"]));
    assert!(list.contains("13 September 2023"), "{list}");

    on(&nb, &["event", "delete"])
        .arg(&summit)
        .assert()
        .success();
    assert_eq!(stdout_of(on(&nb, &["event", "list"])), "");
    on(&nb, &["undo"]).assert().success();
    on(&nb, &["check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No problems"));
}

#[test]
fn event_list_filters_by_overlapping_range() {
    let (_dir, nb) = notebook();
    for (title, when) in [
        ("Summit", "September 2023"),
        ("Launch", "November 2023"),
        ("Testimony", "March 2024"),
    ] {
        on(&nb, &["event", "add"])
            .args(["--title", title, "--date", when])
            .assert()
            .success();
    }
    let list =
        stdout_of(on(&nb, &["event", "list"]).args(["--from", "2023-09-30", "--to", "2023-11"]));
    assert!(
        list.contains("Summit") && list.contains("Launch") && !list.contains("Testimony"),
        "{list}"
    );
    let list = stdout_of(on(&nb, &["event", "list"]).args(["--from", "2024"]));
    assert_eq!(list.lines().count(), 1, "{list}");
}

#[test]
fn excerpt_quotes_must_occur_exactly_once_or_be_picked() {
    let (dir, nb) = notebook();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    on(&nb, &["source", "add"])
        .args(["--title", "A"])
        .arg(&article)
        .assert()
        .success();
    on(&nb, &["excerpt", "add"])
        .args(["--source", "1", "--quote", "not in the text"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not occur"));
    on(&nb, &["excerpt", "add"])
        .args(["--source", "1", "--quote", "in September"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("occurs 2 times"))
        .stderr(predicate::str::contains("--occurrence"));
    let id = stdout_of(on(&nb, &["excerpt", "add"]).args([
        "--source",
        "1",
        "--quote",
        "in September",
        "--occurrence",
        "2",
    ]));
    assert_eq!(id.trim(), "1");
    let history = stdout_of(on(&nb, &["history"]));
    assert_eq!(
        history.lines().count(),
        2,
        "only the successful actions are recorded: {history}"
    );
}

#[test]
fn non_utf8_sources_are_decoded_with_a_notice() {
    let (dir, nb) = notebook();
    let latin = dir.path().join("latin.txt");
    std::fs::write(&latin, b"Caf\xe9 in Pyongyang").unwrap();
    on(&nb, &["source", "add"])
        .arg(&latin)
        .assert()
        .success()
        .stderr(predicate::str::contains("Windows-1252"));
    let hits = stdout_of(on(&nb, &["search"]).arg("café"));
    assert!(hits.contains("latin"), "{hits}");
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    on(&nb, &["source", "add"])
        .arg(&binary)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("binary"));
}

#[test]
fn errors_change_nothing_and_exit_non_zero() {
    let (dir, nb) = notebook();
    let before = std::fs::read(&nb).unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["event", "add", "--title", "X", "--date", "2023-02-30"],
            "28 days",
        ),
        (
            vec!["event", "add", "--title", " ", "--date", "2023"],
            "title is empty",
        ),
        (
            vec!["event", "edit", "42", "--title", "Y"],
            "no event with id 42",
        ),
        (vec!["event", "delete", "42"], "no event with id 42"),
        (
            vec!["link", "--event", "1", "--excerpt", "1"],
            "no excerpt with id 1",
        ),
        (
            vec!["note", "add", "--event", "9", "text"],
            "no event with id 9",
        ),
        (vec!["undo"], "nothing to undo"),
        (vec!["redo"], "nothing to redo"),
        (
            vec!["event", "list", "--from", "yesterday-ish"],
            "cannot read",
        ),
    ];
    for (args, expected) in cases {
        let output = on(&nb, &args).output().unwrap();
        assert!(!output.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(expected),
            "{args:?}: expected {expected:?} in {stderr}"
        );
        assert_eq!(
            std::fs::read(&nb).unwrap(),
            before,
            "{args:?} changed the notebook"
        );
    }
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a notebook").unwrap();
    on(&text, &["event", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an Annals notebook"));
    assert_eq!(std::fs::read(&text).unwrap(), b"not a notebook");
    annals()
        .arg("new")
        .arg(&nb)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn a_notebook_open_elsewhere_is_refused() {
    let (_dir, nb) = notebook();
    let held = annals::store::Store::open(&nb).unwrap();
    on(&nb, &["event", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already open"));
    drop(held);
    on(&nb, &["event", "list"]).assert().success();
}

#[test]
fn demo_builds_a_linked_notebook() {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("demo.annals");
    annals().arg("demo").arg(&nb).assert().success();
    let list: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["event", "list", "--json"]))).unwrap();
    let events = list.as_array().unwrap();
    assert!(events.len() >= 6);
    for event in events {
        assert_eq!(event["excerpts"].as_array().unwrap().len(), 1, "{event}");
    }
    let tracks: std::collections::BTreeSet<&str> = events
        .iter()
        .map(|e| e["track"].as_str().unwrap())
        .collect();
    assert!(tracks.len() >= 2);
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert!(
        dates.contains(&"2023-09") && dates.contains(&"2023-11"),
        "{dates:?}"
    );
    on(&nb, &["check"]).assert().success();
}

#[test]
fn check_reports_problems_with_exit_1() {
    let (dir, nb) = notebook();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    on(&nb, &["source", "add"])
        .args(["--title", "A"])
        .arg(&article)
        .assert()
        .success();
    on(&nb, &["excerpt", "add"])
        .args(["--source", "1", "--quote", "first military spy satellite"])
        .assert()
        .success();
    {
        let conn = rusqlite::Connection::open(&nb).unwrap();
        conn.execute("UPDATE excerpts SET end_char = 100000", [])
            .unwrap();
    }
    on(&nb, &["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("lies outside its source"));
}

/// A writer killed at random moments never loses what it reported as saved,
/// and never leaves a damaged notebook.
#[test]
fn killed_writers_never_lose_committed_changes() {
    use std::io::Read as _;
    use std::process::{Command as Std, Stdio};
    let (_dir, nb) = notebook();
    let binary = assert_cmd::cargo::cargo_bin("annals");
    // How long one `event add` takes here, so kills land before, during and
    // after its transaction.
    let started = std::time::Instant::now();
    on(&nb, &["event", "add"])
        .args(["--title", "warm-up", "--date", "2023"])
        .assert()
        .success();
    let typical_micros = u64::try_from(started.elapsed().as_micros())
        .unwrap()
        .max(1000);
    let mut committed: Vec<String> = Vec::new();
    let mut killed = 0;
    let mut hot_journals = 0;
    let mut seed: u64 = 0x5eed_1234;
    for round in 0..60 {
        let mut child = Std::new(&binary)
            .args(["event", "add", "-n"])
            .arg(&nb)
            .args([
                "--title",
                &format!("writer {round}"),
                "--date",
                "2023",
                "--tag",
                "t",
                "--track",
                "T",
            ])
            .env("HOME", std::env::temp_dir())
            .env_remove("XDG_CACHE_HOME")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let delay = (seed >> 33) % (typical_micros * 3 / 2);
        std::thread::sleep(std::time::Duration::from_micros(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
        let mut out = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        committed.extend(out.lines().filter(|l| !l.is_empty()).map(str::to_owned));
        // A journal left behind means the kill landed inside a transaction.
        if std::path::PathBuf::from(format!("{}-journal", nb.display())).exists() {
            hot_journals += 1;
        }
        let store =
            annals::store::Store::open(&nb).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert_eq!(
            store.check().unwrap(),
            Vec::<String>::new(),
            "round {round}"
        );
        let ids: std::collections::HashSet<String> = store
            .load()
            .unwrap()
            .events
            .iter()
            .map(|e| e.id.to_string())
            .collect();
        for id in &committed {
            assert!(
                ids.contains(id),
                "round {round}: event {id} was reported saved but is missing"
            );
        }
    }
    eprintln!(
        "killed {killed} writers, {hot_journals} inside a transaction; {} committed",
        committed.len()
    );
    assert!(
        killed >= 10,
        "too few writers were killed to test anything: {killed}"
    );
    assert!(
        committed.len() >= 5,
        "too few writers finished to test anything: {}",
        committed.len()
    );
}

#[test]
fn suggest_reads_dates_against_the_publication_date() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.txt");
    std::fs::write(
        &article,
        "The two leaders previously met in eastern Russia in September. \
         Kremlin officials said on Monday that no date had been set. The rebels may march on.",
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(
        annals()
            .args(["suggest", "--json", "--published", "12 June 2024"])
            .arg(&article),
    ))
    .unwrap();
    let found = json.as_array().unwrap();
    assert_eq!(found.len(), 2, "{json:#}");
    let september = &found[0];
    assert_eq!(september["text"], "in September");
    assert_eq!(september["edtf"], "2023-09");
    assert_eq!(september["display"], "September 2023");
    assert_eq!(september["rule"], "month-by-tense");
    assert_eq!(september["sentence_start"], 0);
    let text: Vec<char> = std::fs::read_to_string(&article).unwrap().chars().collect();
    let (start, end) = (
        september["start"].as_u64().unwrap() as usize,
        september["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(text[start..end].iter().collect::<String>(), "in September");
    assert!(
        september["alternatives"][0]["edtf"] == "2024-09",
        "{september}"
    );
    assert!(september["confidence"].as_f64().unwrap() > 0.0);
    assert_eq!(found[1]["edtf"], "2024-06-10");
    // Bad input exits 2.
    annals()
        .args(["suggest", "--published", "June 2024"])
        .arg(&article)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--published"));
    annals()
        .args(["suggest", "--published", "2024-06-12", "--locale", "fr-FR"])
        .arg(&article)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--locale"));
}

// ---- `source show` and `source edit`: excerpts survive edits ----

/// A notebook with the article as source 1 and two excerpts cut from it:
/// 1 "met in eastern Russia in September", 2 "its first military spy satellite".
fn notebook_with_excerpts() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, nb) = notebook();
    let article = dir.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    on(&nb, &["source", "add"])
        .args(["--title", "Putin visit", "--outlet", "Wire"])
        .args(["--published", "2024-06-12"])
        .arg(&article)
        .assert()
        .success();
    for quote in [
        "met in eastern Russia in September",
        "its first military spy satellite",
    ] {
        on(&nb, &["excerpt", "add"])
            .args(["--source", "1", "--quote", quote])
            .assert()
            .success();
    }
    (dir, nb)
}

/// Where `quote` starts in ASCII `text`, in characters.
fn offset(text: &str, quote: &str) -> usize {
    text.find(quote).unwrap()
}

fn source_json(nb: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&stdout_of(on(nb, &["source", "show", "--json"]).arg("1"))).unwrap()
}

#[test]
fn source_show_prints_details_text_and_excerpts() {
    let (_dir, nb) = notebook_with_excerpts();
    let summit = offset(ARTICLE, "met in eastern Russia");
    let shown = stdout_of(on(&nb, &["source", "show"]).arg("1"));
    assert!(shown.starts_with("Putin visit\n"), "{shown}");
    assert!(shown.contains("outlet:     Wire"), "{shown}");
    assert!(
        shown.contains("published:  12 June 2024 (2024-06-12)"),
        "{shown}"
    );
    assert!(shown.contains(ARTICLE), "{shown}");
    assert!(
        shown.contains(&format!(
            "[1] {summit}–{} anchored “met in eastern Russia in September”",
            summit + 34
        )),
        "{shown}"
    );

    let json = source_json(&nb);
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "id",
        "uid",
        "title",
        "outlet",
        "author",
        "url",
        "published",
        "accessed",
        "encoding",
        "text",
        "excerpts",
        "sha256",
        "original_kept",
        "file",
    ];
    expected.sort_unstable();
    keys.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(json["id"], 1);
    assert_eq!(json["title"], "Putin visit");
    assert_eq!(json["published"], "2024-06-12");
    assert_eq!(json["accessed"], serde_json::Value::Null);
    assert_eq!(json["encoding"], "UTF-8");
    assert_eq!(json["original_kept"], true, "a file of a few KB is kept");
    assert_eq!(json["text"], ARTICLE);
    assert_eq!(
        json["excerpts"][0],
        serde_json::json!({
            "id": 1,
            "start": summit,
            "end": summit + 34,
            "quote": "met in eastern Russia in September",
            "state": "anchored",
            "page": null,
        })
    );
    assert_eq!(json["excerpts"][1]["state"], "anchored");

    on(&nb, &["source", "show"])
        .arg("7")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("no source with id 7"));
}

#[test]
fn source_edit_moves_and_loses_excerpts_and_undo_restores_them() {
    let (dir, nb) = notebook_with_excerpts();
    let original = source_json(&nb);
    let summit = offset(ARTICLE, "met in eastern Russia");
    let satellite = offset(ARTICLE, "its first military spy satellite");
    let preface = "Breaking: ";
    let edited = format!(
        "{preface}{}",
        ARTICLE.replacen("spy satellite", "reconnaissance satellite", 1)
    );
    let file = dir.path().join("edited.txt");
    std::fs::write(&file, &edited).unwrap();

    let output = on(&nb, &["source", "edit"])
        .arg("1")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report = String::from_utf8(output.stdout).unwrap();
    let moved_to = summit + preface.len();
    assert!(
        report.contains(&format!(
            "moved: excerpt 1 from {summit}–{} to {moved_to}–{}",
            summit + 34,
            moved_to + 34
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "lost: excerpt 2 (last at {satellite}–{}): its quote “its first military spy satellite” no longer occurs",
            satellite + 32
        )),
        "{report}"
    );
    assert_eq!(report.lines().count(), 2, "{report}");

    let json = source_json(&nb);
    assert_eq!(json["text"], edited.as_str());
    assert_eq!(json["excerpts"][0]["start"], moved_to);
    assert_eq!(json["excerpts"][0]["state"], "anchored");
    assert_eq!(json["excerpts"][1]["start"], satellite);
    assert_eq!(json["excerpts"][1]["state"], "lost");
    let shown = stdout_of(on(&nb, &["source", "show"]).arg("1"));
    assert!(
        shown.contains("lost     “its first military spy satellite”"),
        "{shown}"
    );

    on(&nb, &["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "excerpt 2 is lost: its quote “its first military spy satellite” no longer occurs in source 1",
        ))
        .stdout(predicate::str::contains("no longer matches").not());
    let history = stdout_of(on(&nb, &["history"]));
    assert!(
        history
            .lines()
            .next()
            .unwrap()
            .contains("Edited source 'Putin visit'"),
        "{history}"
    );

    // One undo step brings back the text, the offsets and the states.
    on(&nb, &["undo"]).assert().success();
    assert_eq!(source_json(&nb), original);
    on(&nb, &["check"]).assert().success();

    // The same edit from standard input reports the same.
    let again = stdout_of(
        on(&nb, &["source", "edit"])
            .args(["1", "-"])
            .write_stdin(edited.clone()),
    );
    assert_eq!(again, report);
    on(&nb, &["check"]).assert().code(1);
}

#[test]
fn source_edit_refuses_bad_input_and_changes_nothing() {
    let (dir, nb) = notebook_with_excerpts();
    let text = dir.path().join("new.txt");
    std::fs::write(&text, "A new text.").unwrap();
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let missing = dir.path().join("missing.txt");
    let before = std::fs::read(&nb).unwrap();
    for (id, file, expected) in [
        ("9", &text, "no source with id 9"),
        ("1", &missing, "cannot read"),
        ("1", &binary, "binary"),
    ] {
        on(&nb, &["source", "edit"])
            .arg(id)
            .arg(file)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(expected));
        assert_eq!(std::fs::read(&nb).unwrap(), before, "{id} {file:?}");
    }
    // The same text again is no change and no history entry.
    let same = dir.path().join("same.txt");
    std::fs::write(&same, ARTICLE).unwrap();
    on(&nb, &["source", "edit"])
        .arg("1")
        .arg(&same)
        .assert()
        .success()
        .stderr(predicate::str::contains("unchanged"));
    assert_eq!(std::fs::read(&nb).unwrap(), before);
}

// ---- Sources can be corrected: `source list/edit/delete`, `excerpt delete`, `note edit/delete` ----

/// The output of `source list --json`.
fn source_list_json(nb: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&stdout_of(on(nb, &["source", "list", "--json"]))).unwrap()
}

#[test]
fn source_list_shows_every_source_without_its_text() {
    let (dir, nb) = notebook_with_excerpts();
    let other = dir.path().join("김정은.txt");
    std::fs::write(&other, "김정은 위원장이 러시아를 방문했다.").unwrap();
    on(&nb, &["source", "add"]).arg(&other).assert().success();

    let json = source_list_json(&nb);
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{json}");
    let shown = source_json(&nb);
    let putin = rows.iter().find(|r| r["id"] == 1).unwrap();
    // The `source show --json` object without `text` and `excerpts`, plus
    // `excerpt_count`.
    let mut expected = shown.as_object().unwrap().clone();
    expected.remove("text");
    expected.remove("excerpts");
    expected.insert("excerpt_count".to_owned(), 2.into());
    assert_eq!(putin.as_object().unwrap(), &expected);
    let korean = rows.iter().find(|r| r["id"] == 2).unwrap();
    assert_eq!(korean["title"], "김정은");
    assert_eq!(korean["excerpt_count"], 0);
    assert_eq!(korean["published"], serde_json::Value::Null);

    let listed = stdout_of(on(&nb, &["source", "list"]));
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(
        listed.contains("1  Putin visit  (Wire, 12 June 2024)  [2 excerpts]"),
        "{listed}"
    );
    assert!(listed.contains("2  김정은  [0 excerpts]"), "{listed}");
    let (_empty_dir, empty) = notebook();
    assert_eq!(source_list_json(&empty), serde_json::json!([]));
}

#[test]
fn source_edit_changes_metadata_in_one_undoable_step() {
    let (_dir, nb) = notebook_with_excerpts();
    let original = source_json(&nb);
    on(&nb, &["source", "edit", "1"])
        .args(["--title", "Путин в Пхеньяне", "--outlet", "Yonhap"])
        .args(["--author", "김 기자", "--url", "https://example.org/a"])
        .args(["--published", "13 June 2024", "--accessed", "2024-06-14"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("Edit source 'Путин в Пхеньяне'"));
    let json = source_json(&nb);
    assert_eq!(json["title"], "Путин в Пхеньяне");
    assert_eq!(json["outlet"], "Yonhap");
    assert_eq!(json["author"], "김 기자");
    assert_eq!(json["url"], "https://example.org/a");
    assert_eq!(json["published"], "2024-06-13");
    assert_eq!(json["accessed"], "2024-06-14");
    // The text and the excerpts are untouched.
    assert_eq!(json["text"], original["text"]);
    assert_eq!(json["excerpts"], original["excerpts"]);
    // One step: one undo restores every field.
    on(&nb, &["undo"]).assert().success();
    assert_eq!(source_json(&nb), original);
    on(&nb, &["redo"]).assert().success();
    assert_eq!(source_json(&nb)["title"], "Путин в Пхеньяне");

    // An empty value clears an optional field; the others stay.
    on(
        &nb,
        &["source", "edit", "1", "--published", "", "--url", ""],
    )
    .assert()
    .success();
    let json = source_json(&nb);
    assert_eq!(json["published"], serde_json::Value::Null);
    assert_eq!(json["url"], "");
    assert_eq!(json["outlet"], "Yonhap");
}

#[test]
fn source_edit_with_a_new_publication_date_offers_to_redate_events_from_relative_expressions() {
    let (_dir, nb) = notebook_with_excerpts();
    // "in September" read against 12 June 2024 is September 2023; the
    // summit was dated from it. The launch is dated by hand.
    let summit =
        stdout_of(on(&nb, &["event", "add"]).args(["--title", "Summit", "--date", "2023-09"]));
    let summit = summit.trim().to_owned();
    on(&nb, &["link", "--event", &summit, "--excerpt", "1"])
        .assert()
        .success();
    add_event(&nb, "Launch", "2023-11");
    let listing = on(&nb, &["source", "edit", "1", "--published", "2025-06-12"])
        .assert()
        .success();
    let out = String::from_utf8(listing.get_output().stdout.clone()).unwrap();
    let err = String::from_utf8(listing.get_output().stderr.clone()).unwrap();
    assert_eq!(
        out.trim(),
        format!("re-check: event {summit} 'Summit': “in September” was 2023-09, now reads 2024-09"),
    );
    assert!(err.contains("--redate"), "{err}");
    // Listed only: the date is unchanged.
    let dates = |nb: &std::path::Path| -> Vec<String> {
        let list: serde_json::Value =
            serde_json::from_str(&stdout_of(on(nb, &["event", "list", "--json"]))).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e["title"].as_str().unwrap(),
                    e["date"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(dates(&nb), ["Summit 2023-09", "Launch 2023-11"]);
    // Back to 2024 and forward again with --redate: re-dated in one more step.
    on(&nb, &["undo"]).assert().success();
    on(
        &nb,
        &[
            "source",
            "edit",
            "1",
            "--published",
            "2025-06-12",
            "--redate",
        ],
    )
    .assert()
    .success()
    .stderr(predicate::str::contains("Re-date 1 event"));
    assert_eq!(dates(&nb), ["Launch 2023-11", "Summit 2024-09"]);
    on(&nb, &["undo"]).assert().success();
    assert_eq!(dates(&nb), ["Summit 2023-09", "Launch 2023-11"]);
    assert_eq!(source_json(&nb)["published"], "2025-06-12");
}

#[test]
fn source_edit_changes_metadata_and_text_in_one_step() {
    let (dir, nb) = notebook_with_excerpts();
    let original = source_json(&nb);
    let edited = format!("Breaking: {ARTICLE}");
    let file = dir.path().join("edited.txt");
    std::fs::write(&file, &edited).unwrap();
    let report = stdout_of(
        on(
            &nb,
            &["source", "edit", "1", "--title", "Putin in Pyongyang"],
        )
        .arg(&file),
    );
    assert!(report.contains("moved: excerpt 1"), "{report}");
    let json = source_json(&nb);
    assert_eq!(json["title"], "Putin in Pyongyang");
    assert_eq!(json["text"], edited.as_str());
    let history = stdout_of(on(&nb, &["history"]));
    assert_eq!(history.matches("Edited source").count(), 1, "{history}");
    on(&nb, &["undo"]).assert().success();
    assert_eq!(source_json(&nb), original);
}

#[test]
fn source_edit_refuses_bad_metadata_and_changes_nothing() {
    let (_dir, nb) = notebook_with_excerpts();
    let before = std::fs::read(&nb).unwrap();
    for (args, expected) in [
        (vec!["1", "--published", "2024-02-30"], "--published"),
        (vec!["1", "--accessed", "yesterday-ish"], "--accessed"),
        (vec!["1", "--title", "  "], "title is empty"),
        (vec!["9", "--title", "X"], "there is no source with id 9"),
        (vec!["1"], "nothing to change"),
    ] {
        let output = on(&nb, &["source", "edit"]).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert_eq!(std::fs::read(&nb).unwrap(), before, "{args:?}");
    }
    // The same values again are no change and no history entry.
    on(
        &nb,
        &[
            "source",
            "edit",
            "1",
            "--title",
            "Putin visit",
            "--outlet",
            " Wire ",
        ],
    )
    .assert()
    .success()
    .stderr(predicate::str::contains("unchanged"));
    assert_eq!(std::fs::read(&nb).unwrap(), before);
}

#[test]
fn source_delete_takes_excerpts_and_notes_and_undo_brings_them_back() {
    let (_dir, nb) = notebook_with_excerpts();
    add_event(&nb, "Summit", "2023-09");
    on(&nb, &["link", "--event", "1", "--excerpt", "1"])
        .assert()
        .success();
    on(&nb, &["note", "add", "--source", "1", "Check the date"])
        .assert()
        .success();
    let original = source_json(&nb);
    on(&nb, &["source", "delete", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Delete source 'Putin visit'"));
    assert_eq!(source_list_json(&nb), serde_json::json!([]));
    let shown: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["show", "--json", "1"]))).unwrap();
    assert_eq!(shown["excerpts"], serde_json::json!([]));
    on(&nb, &["undo"]).assert().success();
    assert_eq!(source_json(&nb), original);
    let shown: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["show", "--json", "1"]))).unwrap();
    assert_eq!(shown["excerpts"][0]["id"], 1);
    let json = source_list_json(&nb);
    assert_eq!(json[0]["excerpt_count"], 2);
}

#[test]
fn excerpt_delete_unlinks_it_and_undo_restores_it() {
    let (_dir, nb) = notebook_with_excerpts();
    add_event(&nb, "Summit", "2023-09");
    on(&nb, &["link", "--event", "1", "--excerpt", "1"])
        .assert()
        .success();
    on(&nb, &["excerpt", "delete", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Delete excerpt 'met in eastern Russia in September'",
        ));
    let json = source_json(&nb);
    assert_eq!(json["excerpts"].as_array().unwrap().len(), 1);
    assert_eq!(json["excerpts"][0]["id"], 2);
    let shown: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["show", "--json", "1"]))).unwrap();
    assert_eq!(shown["excerpts"], serde_json::json!([]));
    on(&nb, &["undo"]).assert().success();
    let shown: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["show", "--json", "1"]))).unwrap();
    assert_eq!(
        shown["excerpts"][0]["quote"],
        "met in eastern Russia in September"
    );
}

#[test]
fn note_edit_and_delete_are_undoable() {
    let (_dir, nb) = notebook();
    add_event(&nb, "Summit", "2023-09");
    on(&nb, &["note", "add", "--event", "1", "Check the month"])
        .assert()
        .success();
    let notes = |nb: &std::path::Path| -> serde_json::Value {
        let shown: serde_json::Value =
            serde_json::from_str(&stdout_of(on(nb, &["show", "--json", "1"]))).unwrap();
        shown["notes"].clone()
    };
    on(&nb, &["note", "edit", "1", "확인: 9월 — *confirmed*"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Edit note on event 'Summit'"));
    assert_eq!(notes(&nb)[0]["body"], "확인: 9월 — *confirmed*");
    on(&nb, &["undo"]).assert().success();
    assert_eq!(notes(&nb)[0]["body"], "Check the month");
    on(&nb, &["note", "delete", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Delete note on event 'Summit'"));
    assert_eq!(notes(&nb), serde_json::json!([]));
    on(&nb, &["undo"]).assert().success();
    assert_eq!(notes(&nb)[0]["body"], "Check the month");
    let before = std::fs::read(&nb).unwrap();
    on(&nb, &["note", "edit", "1", " "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the note is empty"));
    assert_eq!(std::fs::read(&nb).unwrap(), before);
}

#[test]
fn corrections_of_missing_ids_are_refused_in_one_line() {
    let (_dir, nb) = notebook_with_excerpts();
    let before = std::fs::read(&nb).unwrap();
    for (args, expected) in [
        (
            vec!["source", "delete", "9"],
            "there is no source with id 9",
        ),
        (
            vec!["excerpt", "delete", "9"],
            "there is no excerpt with id 9",
        ),
        (
            vec!["note", "edit", "9", "text"],
            "there is no note with id 9",
        ),
        (vec!["note", "delete", "9"], "there is no note with id 9"),
    ] {
        let output = on(&nb, &args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end(), format!("error: {expected}"), "{args:?}");
        assert_eq!(std::fs::read(&nb).unwrap(), before, "{args:?}");
    }
}

// ---- A notebook is a document people share ----

#[test]
fn reading_commands_never_write_or_upgrade_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let nb = fixture_copy("notebook-v1.annals", dir.path());
    let before = tree(dir.path());
    for command in [
        &["event", "list"][..],
        &["event", "list", "--json"],
        &["show", "1"],
        &["search", "satellite"],
        &["check"],
        &["source", "show", "1"],
        &["source", "list"],
        &["source", "list", "--json"],
        &["history"],
    ] {
        on(&nb, command).assert().success();
        assert_eq!(tree(dir.path()), before, "{command:?} wrote something");
    }
    let list = stdout_of(on(&nb, &["event", "list"]));
    assert_eq!(list.lines().count(), 6, "{list}");
    // A change upgrades the file, after backing it up.
    add_event(&nb, "New", "2024");
    let backups: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["backup", "--list", "--json"]))).unwrap();
    assert_eq!(backups[0]["reason"], "before-upgrade");
}

#[test]
fn backup_makes_lists_and_restores_verified_copies() {
    let (_dir, nb) = notebook();
    add_event(&nb, "Summit", "2023-09");
    let made = stdout_of(on(&nb, &["backup"]));
    let made = std::path::PathBuf::from(made.trim());
    assert!(made.exists(), "{}", made.display());
    assert!(made.to_string_lossy().contains("research.backups"));
    let listed: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["backup", "--list", "--json"]))).unwrap();
    let first = &listed[0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, vec!["bytes", "path", "reason", "taken_at"]);
    assert_eq!(first["path"], made.to_string_lossy().as_ref());
    assert_eq!(first["reason"], "manual");
    assert!(first["taken_at"].as_str().unwrap().ends_with('Z'));
    add_event(&nb, "Launch", "2023-11");
    on(&nb, &["backup"])
        .arg("--restore")
        .arg(&made)
        .assert()
        .success()
        .stderr(predicate::str::contains("as it was is saved as"));
    let list = stdout_of(on(&nb, &["event", "list"]));
    assert!(
        list.contains("Summit") && !list.contains("Launch"),
        "{list}"
    );
    let human = stdout_of(on(&nb, &["backup", "--list"]));
    assert!(
        human.contains("before-restore") && human.contains("manual"),
        "{human}"
    );
    on(&nb, &["backup"])
        .args(["--restore", "/nowhere/missing.annals"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no notebook at"));
}

#[test]
fn a_notebook_with_a_planted_trigger_is_refused_and_repair_copies_it_clean() {
    let (dir, nb) = notebook();
    on(&nb, &["note", "add", "--notebook", "Research plan"])
        .assert()
        .success();
    {
        let conn = rusqlite::Connection::open(&nb).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER evil AFTER INSERT ON events BEGIN DELETE FROM notes; END;",
        )
        .unwrap();
    }
    let before = std::fs::read(&nb).unwrap();
    for command in [
        &["event", "list"][..],
        &["event", "add", "--title", "X", "--date", "2024"],
    ] {
        on(&nb, command)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("trigger ‘evil’"))
            .stderr(predicate::str::contains("annals repair"));
    }
    assert_eq!(std::fs::read(&nb).unwrap(), before);
    let out = dir.path().join("repaired.annals");
    on(&nb, &["repair"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "left out: an unknown trigger ‘evil’ on ‘events’",
        ));
    add_event(&out, "Summit", "2023-09");
    let notes: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&out, &["search", "--json", "plan"]))).unwrap();
    assert_eq!(notes.as_array().unwrap().len(), 1, "{notes}");
}

#[test]
fn salvage_copies_readable_rows_and_exits_1_when_some_were_lost() {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("damaged.annals");
    {
        let mut store = annals::store::Store::create(&nb).unwrap();
        store
            .add_events((0..2000).map(|i| {
                annals::action::EventFields::new(
                    format!("Event number {i}"),
                    annals::model::date::Date::parse("2023").unwrap(),
                )
            }))
            .unwrap();
    }
    let mut data = std::fs::read(&nb).unwrap();
    let page = 4096;
    let holds = |chunk: &[u8], text: &str| chunk.windows(text.len()).any(|w| w == text.as_bytes());
    let target = (0..data.len() / page)
        .find(|&i| {
            let chunk = &data[i * page..(i + 1) * page];
            holds(chunk, "Event number 777") && holds(chunk, "year")
        })
        .unwrap();
    for b in &mut data[target * page + 8..(target + 1) * page] {
        *b = 0x5A;
    }
    std::fs::write(&nb, &data).unwrap();
    let output = on(&nb, &["event", "list"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("is damaged") && stderr.contains("salvage"),
        "{stderr}"
    );
    let out = dir.path().join("salvaged.annals");
    annals()
        .arg("salvage")
        .arg(&nb)
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unreadable (lost)"));
    on(&out, &["check"]).assert().success();
    let list = stdout_of(on(&out, &["event", "list"]));
    assert!(list.lines().count() > 1900, "{}", list.lines().count());
}

#[test]
fn copy_clean_leaves_out_history_deleted_text_and_optionally_notes() {
    let (dir, nb) = notebook();
    add_event(&nb, "Meeting with Qwertysecret", "2023");
    on(&nb, &["event", "edit", "1", "--title", "Meeting"])
        .assert()
        .success();
    on(&nb, &["note", "add", "--notebook", "Keep this plan"])
        .assert()
        .success();
    let clean = dir.path().join("clean.annals");
    on(&nb, &["copy", "--clean"]).arg(&clean).assert().success();
    let bytes = std::fs::read(&clean).unwrap();
    assert!(
        !bytes
            .windows(12)
            .any(|w| w.eq_ignore_ascii_case(b"qwertysecret"))
    );
    assert_eq!(stdout_of(on(&clean, &["history"])), "");
    assert!(stdout_of(on(&clean, &["search", "plan"])).contains("Keep this «plan»"));
    let bare = dir.path().join("bare.annals");
    on(&nb, &["copy", "--clean", "--without-notes"])
        .arg(&bare)
        .assert()
        .success();
    on(&bare, &["search", "plan"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    on(&nb, &["copy", "--without-notes"])
        .arg(dir.path().join("x.annals"))
        .assert()
        .code(2);
}

#[test]
fn control_characters_in_titles_are_escaped_on_the_terminal() {
    let (_dir, nb) = notebook();
    let title = "Summit\u{1b}]0;pwned\u{7}\u{1b}[2J\rhidden\u{202e}txt";
    add_event(&nb, title, "2023");
    for command in [
        &["event", "list"][..],
        &["history"],
        &["show", "1"],
        &["search", "summit"],
    ] {
        let output = on(&nb, command).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\r') && !text.contains('\u{202e}'),
            "{command:?}: {text:?}"
        );
        assert!(text.contains("\\u{1b}]0;pwned"), "{command:?}: {text}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(on(&nb, &["event", "list", "--json"]))).unwrap();
    assert_eq!(json[0]["title"], title, "JSON keeps the exact text");
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    use std::process::{Command as Std, Stdio};
    let (_dir, nb) = notebook();
    {
        let mut store = annals::store::Store::open(&nb).unwrap();
        store
            .add_events((0..5000).map(|i| {
                annals::action::EventFields::new(
                    format!("Event {i}"),
                    annals::model::date::Date::parse("2023").unwrap(),
                )
            }))
            .unwrap();
    }
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("annals"))
        .args(["event", "list", "-n"])
        .arg(&nb)
        .env("HOME", std::env::temp_dir())
        .env_remove("XDG_CACHE_HOME")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -1`: read one line, then close the pipe.
    {
        use std::io::BufRead as _;
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.contains("Event"), "{first}");
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{:?}: {stderr}", output.status);
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn errors_are_one_line_without_sql_or_codes() {
    let dir = tempfile::tempdir().unwrap();
    let nb = fixture_copy("notebook-v1.annals", dir.path());
    // Something in the way of the journal: the upgrade cannot be written.
    std::fs::create_dir(dir.path().join("notebook-v1.annals-journal")).unwrap();
    let output = on(&nb, &["event", "add", "--title", "X", "--date", "2024"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for forbidden in ["CREATE", "Error code", "rusqlite", "SQLITE", "query"] {
        assert!(!stderr.contains(forbidden), "{forbidden} in {stderr}");
    }
    assert!(stderr.contains("notebook-v1.annals"), "{stderr}");
}

#[test]
fn excerpt_add_lists_a_few_of_many_occurrences_and_offers_overlapping_ones() {
    let (dir, nb) = notebook();
    let file = dir.path().join("many.txt");
    std::fs::write(&file, format!("{}\naaaa", "spy ".repeat(400_000))).unwrap();
    on(&nb, &["source", "add", "--title", "Many"])
        .arg(&file)
        .assert()
        .success();
    let output = on(&nb, &["excerpt", "add", "--source", "1", "--quote", "spy"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.len() < 2_000, "{} bytes on stderr", stderr.len());
    assert!(stderr.contains("occurs 400000 times"), "{stderr}");
    assert!(stderr.contains("and 399990 more"), "{stderr}");
    on(&nb, &["excerpt", "add", "--source", "1", "--quote", "aaa"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("occurs 2 times"));
    let id = stdout_of(on(
        &nb,
        &[
            "excerpt",
            "add",
            "--source",
            "1",
            "--quote",
            "aaa",
            "--occurrence",
            "2",
        ],
    ));
    let json = source_json(&nb);
    assert_eq!(json["excerpts"][0]["id"].to_string(), id.trim());
    // "aaaa" starts after 400,000 × "spy " and a line break.
    assert_eq!(json["excerpts"][0]["start"], 1_600_002);
}

#[test]
fn linking_twice_is_refused_and_records_nothing() {
    let (_dir, nb) = notebook_with_excerpts();
    add_event(&nb, "Summit", "2023-09");
    on(&nb, &["link", "--event", "1", "--excerpt", "1"])
        .assert()
        .success();
    let history = stdout_of(on(&nb, &["history"]));
    on(&nb, &["link", "--event", "1", "--excerpt", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already linked"));
    assert_eq!(stdout_of(on(&nb, &["history"])), history);
    on(&nb, &["undo"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Undid link excerpt"));
}

#[test]
fn search_refuses_overlong_queries_and_pages_results() {
    let (_dir, nb) = notebook();
    for i in 0..5 {
        add_event(&nb, &format!("Summit {i}"), "2023");
    }
    on(&nb, &["search", &"word ".repeat(15_000)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("too long"));
    let page: serde_json::Value = serde_json::from_str(&stdout_of(on(
        &nb,
        &[
            "search", "--json", "--limit", "2", "--offset", "4", "summit",
        ],
    )))
    .unwrap();
    assert_eq!(page.as_array().unwrap().len(), 1);
    on(&nb, &["search", "--limit", "2", "summit"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Showing 1–2 of 5 hits"));
}

#[test]
fn history_keeps_as_many_steps_as_asked() {
    let (_dir, nb) = notebook();
    for i in 0..4 {
        add_event(&nb, &format!("E{i}"), "2023");
    }
    on(&nb, &["history", "--keep-steps", "2"])
        .assert()
        .success()
        .stderr(predicate::str::contains("keeps 2 steps"));
    assert_eq!(stdout_of(on(&nb, &["history"])).lines().count(), 2);
    on(&nb, &["undo"]).assert().success();
    on(&nb, &["undo"]).assert().success();
    on(&nb, &["undo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to undo"));
}

/// `annals new` killed at any moment leaves either nothing or a whole
/// notebook, and never a temporary file.
#[test]
fn a_killed_new_leaves_no_stray_files() {
    use std::process::{Command as Std, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("annals");
    // The quickest of a few runs: the first one pays for cold caches, and
    // kills timed against it would come too late on an idle machine.
    let mut typical_micros = u64::MAX;
    for _ in 0..3 {
        let started = std::time::Instant::now();
        annals()
            .arg("new")
            .arg(dir.path().join("warm-up.annals"))
            .assert()
            .success();
        typical_micros = typical_micros.min(u64::try_from(started.elapsed().as_micros()).unwrap());
        std::fs::remove_file(dir.path().join("warm-up.annals")).unwrap();
    }
    let typical_micros = typical_micros.max(1000);
    let mut seed: u64 = 0x0bad_5eed;
    let (mut killed, mut made) = (0, 0);
    for round in 0..40 {
        let nb = dir.path().join(format!("round-{round}.annals"));
        let mut child = Std::new(&binary)
            .arg("new")
            .arg(&nb)
            .env("HOME", std::env::temp_dir())
            .env_remove("XDG_CACHE_HOME")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        std::thread::sleep(std::time::Duration::from_micros(
            (seed >> 33) % typical_micros,
        ));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        match names.as_slice() {
            [] => {}
            [one] if *one == format!("round-{round}.annals") => {
                made += 1;
                on(&nb, &["check"]).assert().success();
                std::fs::remove_file(&nb).unwrap();
            }
            other => panic!("round {round} left {other:?}"),
        }
    }
    eprintln!("killed {killed} of 40; {made} notebooks complete");
    assert!(killed >= 5, "too few kills to test anything: {killed}");
}

#[test]
fn generate_makes_a_realistic_notebook_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("big.annals");
    annals()
        .args([
            "generate", "--events", "3000", "--tracks", "4", "--years", "10",
        ])
        .args(["--seed", "7", "-n"])
        .arg(&nb)
        .assert()
        .success()
        .stderr(predicate::str::contains("3000 events"));
    let events: Vec<serde_json::Value> =
        serde_json::from_str(&stdout_of(on(&nb, &["event", "list", "--json"]))).unwrap();
    assert_eq!(events.len(), 3000);
    let words = |e: &serde_json::Value| e["title"].as_str().unwrap().split(' ').count();
    assert!(events.iter().all(|e| (4..=8).contains(&words(e))));
    let foreign = events
        .iter()
        .filter(|e| !e["title"].as_str().unwrap().is_ascii())
        .count();
    assert!(
        foreign > 100 && foreign < 1000,
        "{foreign} titles in other scripts"
    );
    let tagged = events
        .iter()
        .filter(|e| !e["tags"].as_array().unwrap().is_empty())
        .count();
    assert!((200..=400).contains(&tagged), "{tagged} tagged of 3000");
    let mut precisions: Vec<&str> = events
        .iter()
        .map(|e| e["precision"].as_str().unwrap())
        .collect();
    precisions.sort_unstable();
    precisions.dedup();
    assert!(precisions.len() >= 3, "mixed precision: {precisions:?}");
    let years: Vec<i64> = events
        .iter()
        .filter_map(|e| e["earliest"].as_str())
        .map(|d| d[..4].parse().unwrap())
        .collect();
    assert!(years.iter().all(|y| (2016..=2025).contains(y)));
    assert!(years.contains(&2016) && years.contains(&2025));
    assert!(
        events
            .iter()
            .any(|e| !e["excerpts"].as_array().unwrap().is_empty())
    );
    let tracks = stdout_of(on(&nb, &["track", "list"]));
    assert!(
        tracks.contains("Визиты") && tracks.contains("经济"),
        "{tracks}"
    );
    let sources = stdout_of(on(&nb, &["source", "list"]));
    assert!(!sources.trim().is_empty());
    on(&nb, &["check"]).assert().success();
    // One step: undo takes every event away.
    on(&nb, &["undo"]).assert().success();
    assert_eq!(stdout_of(on(&nb, &["event", "list"])), "");
}

#[test]
fn generate_refuses_bad_arguments_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("big.annals");
    annals()
        .args(["generate", "--events", "10", "--years", "0", "-n"])
        .arg(&nb)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--years 0"));
    assert!(!nb.exists());
    let (_dir, existing) = notebook();
    let before = std::fs::read(&existing).unwrap();
    annals()
        .args(["generate", "--events", "10", "-n"])
        .arg(&existing)
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&existing).unwrap(), before);
}
