//! The filter model from the command line (`event list` and `export`
//! flags) and the track, tag and view commands, run as a user runs them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use predicates::prelude::*;

fn annals(nb: &std::path::Path, command: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("annals").unwrap();
    // Never touch the real user's data folder.
    cmd.env("HOME", nb.parent().unwrap());
    // HOME alone is not enough where XDG_CACHE_HOME is set: the record of
    // checked notebooks (store::verified) lives in the cache folder.
    cmd.env_remove("XDG_CACHE_HOME");
    cmd.args(command).arg("-n").arg(nb);
    cmd
}

fn ok(nb: &std::path::Path, command: &[&str]) -> String {
    let output = annals(nb, command).output().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json(nb: &std::path::Path, command: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(nb, command)).unwrap()
}

fn titles(nb: &std::path::Path, filter: &[&str]) -> Vec<String> {
    let mut command = vec!["event", "list", "--json"];
    command.extend_from_slice(filter);
    json(nb, &command)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_owned())
        .collect()
}

const ARTICLE: &str = "Kim Jong Un met Putin at the Vostochny cosmodrome in September 2023. \
North Korea launched its first military spy satellite in November 2023.";

/// A notebook with the seed's two events (one supported by an excerpt), a
/// Korean-titled one and an old approximate one.
fn research() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("research.annals");
    Command::cargo_bin("annals")
        .unwrap()
        .env("HOME", dir.path())
        .env_remove("XDG_CACHE_HOME")
        .arg("new")
        .arg(&nb)
        .assert()
        .success();
    let add = |title: &str, date: &str, track: &str, tags: &[&str]| {
        let mut args = vec![
            "event", "add", "--title", title, "--date", date, "--track", track,
        ];
        for t in tags {
            args.extend_from_slice(&["--tag", t]);
        }
        ok(&nb, &args);
    };
    add(
        "Putin–Kim summit at Vostochny",
        "September 2023",
        "Diplomacy",
        &["summit", "Russia"],
    );
    add(
        "Spy satellite launch",
        "2023-11-21",
        "Military",
        &["satellite"],
    );
    add("김정은 방러", "2023-09-12", "외교", &["summit"]);
    add("Treaty of friendship", "~1961", "Diplomacy", &[]);
    let text = dir.path().join("article.txt");
    std::fs::write(&text, ARTICLE).unwrap();
    let source = ok(
        &nb,
        &["source", "add", "--title", "Article"]
            .iter()
            .copied()
            .chain([text.to_str().unwrap()])
            .collect::<Vec<_>>(),
    );
    let source = source.trim().to_owned();
    ok(
        &nb,
        &[
            "excerpt",
            "add",
            "--source",
            &source,
            "--quote",
            "launched its first military spy satellite in November 2023",
            "--event",
            "2",
        ],
    );
    (dir, nb)
}

#[test]
fn event_list_takes_the_filter_flags() {
    let (_dir, nb) = research();
    assert_eq!(titles(&nb, &[]).len(), 4);
    assert_eq!(
        titles(&nb, &["--text", "satellite"]),
        ["Spy satellite launch"]
    );
    // The last word is a prefix, and excerpts count as the event's text
    // ("military" is only in the launch's excerpt).
    assert_eq!(
        titles(&nb, &["--text", "vostoch"]),
        ["Putin–Kim summit at Vostochny"]
    );
    assert_eq!(
        titles(&nb, &["--text", "military"]),
        ["Spy satellite launch"]
    );
    assert_eq!(
        titles(&nb, &["--track", "diplomacy"]),
        ["Treaty of friendship", "Putin–Kim summit at Vostochny"]
    );
    assert_eq!(titles(&nb, &["--track", "외교"]), ["김정은 방러"]);
    assert_eq!(
        titles(&nb, &["--tag", "summit"]),
        ["Putin–Kim summit at Vostochny", "김정은 방러"]
    );
    assert_eq!(
        titles(&nb, &["--tag", "summit", "--tag", "Russia", "--all-tags"]),
        ["Putin–Kim summit at Vostochny"]
    );
    assert_eq!(titles(&nb, &["--unsupported"]).len(), 3);
    assert_eq!(titles(&nb, &["--supported"]), ["Spy satellite launch"]);
    assert_eq!(
        titles(&nb, &["--from", "2023-10"]),
        ["Spy satellite launch"]
    );
    assert_eq!(titles(&nb, &["--to", "1970"]), ["Treaty of friendship"]);
    assert!(titles(&nb, &["--from", "1962", "--to", "1963"]).is_empty());
    assert_eq!(
        titles(&nb, &["--from", "1962", "--to", "1963", "--fuzzy"]),
        ["Treaty of friendship"]
    );
    assert_eq!(titles(&nb, &["--precision", "day"]).len(), 2);
    assert_eq!(
        titles(&nb, &["--doubt", "approximate"]),
        ["Treaty of friendship"]
    );
    assert_eq!(
        titles(
            &nb,
            &["--text", "summit", "--track", "Diplomacy", "--from", "2023"]
        ),
        ["Putin–Kim summit at Vostochny"]
    );
}

#[test]
fn bad_filters_exit_2_with_one_line() {
    let (_dir, nb) = research();
    for (args, says) in [
        (
            vec!["--track", "Economy"],
            "there is no track “Economy” (tracks: Diplomacy, Military, 외교)",
        ),
        (vec!["--tag", "nope"], "there is no tag “nope”"),
        (
            vec!["--from", "2024", "--to", "2020"],
            "--from 2024 is after --to 2020",
        ),
        (vec!["--from", "blursday"], "--from “blursday”"),
        (vec!["--source", "99"], "no source with id 99"),
    ] {
        let mut command = vec!["event", "list"];
        command.extend_from_slice(&args);
        let output = annals(&nb, &command).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
}

#[test]
fn export_scope_takes_text_and_unsupported() {
    let (dir, nb) = research();
    let out = dir.path().join("launch.csv");
    ok(
        &nb,
        &[
            "export",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            "--text",
            "satellite",
        ],
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("Spy satellite launch"), "{csv}");
    assert!(!csv.contains("Vostochny"), "{csv}");
    let out = dir.path().join("open.md");
    ok(
        &nb,
        &[
            "export",
            "--format",
            "markdown",
            "-o",
            out.to_str().unwrap(),
            "--unsupported",
        ],
    );
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.contains("Treaty of friendship") && md.contains("김정은 방러"),
        "{md}"
    );
    assert!(!md.contains("Spy satellite launch"), "{md}");
}

#[test]
fn tracks_list_rename_recolour_hide_move_and_delete_each_one_undo_step() {
    let (_dir, nb) = research();
    let list = json(&nb, &["track", "list", "--json"]);
    let first = &list[0];
    assert_eq!(first["name"], "Diplomacy");
    assert_eq!(first["position"], 1);
    assert_eq!(first["hidden"], false);
    assert_eq!(first["event_count"], 2);
    assert!(first["colour"].as_str().unwrap().starts_with('#'));
    assert_eq!(list.as_array().unwrap().len(), 3);

    annals(&nb, &["track", "rename", "diplomacy", "Talks"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Diplomacy"));
    assert_eq!(titles(&nb, &["--track", "Talks"]).len(), 2);
    ok(&nb, &["track", "colour", "Talks", "#AA0011"]);
    ok(&nb, &["track", "hide", "Military"]);
    ok(&nb, &["track", "move", "외교", "1"]);
    let list = json(&nb, &["track", "list", "--json"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["외교", "Talks", "Military"]);
    assert_eq!(list[1]["colour"], "#aa0011");
    assert_eq!(list[2]["hidden"], true);
    // A hidden track's events stay in the list.
    assert_eq!(titles(&nb, &["--track", "Military"]).len(), 1);

    ok(&nb, &["track", "delete", "Talks"]);
    let summit = &json(&nb, &["event", "list", "--json", "--text", "Vostochny"])[0];
    assert!(summit["track"].is_null(), "{summit}");
    // Each change was one step: five undos bring the original lanes back.
    for _ in 0..5 {
        ok(&nb, &["undo"]);
    }
    let list = json(&nb, &["track", "list", "--json"]);
    assert_eq!(list[0]["name"], "Diplomacy");
    assert_eq!(list[0]["hidden"], false);
    assert_eq!(list[1]["hidden"], false);
    assert_ne!(list[0]["colour"], "#aa0011");
}

#[test]
fn track_commands_refuse_bad_input_and_change_nothing() {
    let (_dir, nb) = research();
    let before = ok(&nb, &["track", "list", "--json"]);
    let tags_before = ok(&nb, &["tag", "list", "--json"]);
    let history_before = ok(&nb, &["history"]);
    for (args, says) in [
        (vec!["track", "rename", "Nope", "X"], "no track “Nope”"),
        (
            vec!["track", "rename", "Diplomacy", "Military"],
            "already a track named",
        ),
        (vec!["track", "colour", "Diplomacy", "red"], "'#rrggbb'"),
        (vec!["track", "move", "Diplomacy", "0"], "start at 1"),
        (vec!["tag", "merge", "summit", "summit"], "into itself"),
        (
            vec!["tag", "rename", "summit", "satellite"],
            "already a tag named",
        ),
        (vec!["tag", "delete", "missing"], "no tag “missing”"),
    ] {
        let output = annals(&nb, &args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert_eq!(ok(&nb, &["track", "list", "--json"]), before);
    assert_eq!(ok(&nb, &["tag", "list", "--json"]), tags_before);
    assert_eq!(ok(&nb, &["history"]), history_before);
}

#[test]
fn tags_list_rename_merge_and_delete() {
    let (_dir, nb) = research();
    let tags = json(&nb, &["tag", "list", "--json"]);
    let summit = tags
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "summit")
        .unwrap();
    assert_eq!(summit["count"], 2);
    ok(&nb, &["tag", "rename", "Russia", "Россия"]);
    assert_eq!(
        titles(&nb, &["--tag", "Россия"]),
        ["Putin–Kim summit at Vostochny"]
    );
    ok(&nb, &["tag", "merge", "satellite", "summit"]);
    let tags = json(&nb, &["tag", "list", "--json"]);
    let names: Vec<&str> = tags
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"satellite"), "{names:?}");
    assert_eq!(titles(&nb, &["--tag", "summit"]).len(), 3);
    ok(&nb, &["undo"]);
    assert_eq!(
        titles(&nb, &["--tag", "satellite"]),
        ["Spy satellite launch"]
    );
    assert_eq!(titles(&nb, &["--tag", "summit"]).len(), 2);
    ok(&nb, &["tag", "delete", "summit"]);
    assert!(titles(&nb, &["--tag", "Россия"]).len() == 1);
    annals(&nb, &["event", "list", "--tag", "summit"])
        .assert()
        .code(2);
}

#[test]
fn views_are_saved_listed_and_deleted() {
    let (_dir, nb) = research();
    ok(
        &nb,
        &[
            "view",
            "save",
            "Open questions",
            "--unsupported",
            "--track",
            "Diplomacy",
        ],
    );
    let views = json(&nb, &["view", "list", "--json"]);
    assert_eq!(views[0]["name"], "Open questions");
    assert_eq!(views[0]["filter"]["evidence"], "unsupported");
    assert_eq!(views[0]["filter"]["tracks"][0], "Diplomacy");
    annals(&nb, &["view", "save", "Bad", "--track", "Nope"])
        .assert()
        .code(2);
    ok(&nb, &["view", "delete", "Open questions"]);
    assert_eq!(
        json(&nb, &["view", "list", "--json"]),
        serde_json::json!([])
    );
    ok(&nb, &["undo"]);
    assert_eq!(
        json(&nb, &["view", "list", "--json"])[0]["name"],
        "Open questions"
    );
    annals(&nb, &["view", "delete", "Nothing"]).assert().code(2);
}

#[test]
fn the_lossless_json_keeps_views_and_hidden_tracks() {
    let (dir, nb) = research();
    ok(&nb, &["view", "save", "Open questions", "--unsupported"]);
    ok(&nb, &["track", "hide", "Military"]);
    let out = dir.path().join("all.json");
    ok(
        &nb,
        &["export", "--format", "json", "-o", out.to_str().unwrap()],
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let views: Vec<&serde_json::Value> = doc["views"].as_object().unwrap().values().collect();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0]["name"], "Open questions");
    assert_eq!(views[0]["filter"]["evidence"], "unsupported");
    let hidden: Vec<&str> = doc["tracks"]
        .as_object()
        .unwrap()
        .values()
        .filter(|t| t["hidden"] == true)
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(hidden, ["Military"]);
}
