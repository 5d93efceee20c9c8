//! `annals entity …`, `involve`/`uninvolve`, `relate`/`unrelate` and what
//! `show --json` says of them, run as a user runs them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{json_of, stdout_of};

use assert_cmd::Command;
use predicates::prelude::*;

fn annals() -> Command {
    let mut cmd = Command::cargo_bin("annals").unwrap();
    // Never touch the real user's data folder.
    cmd.env("HOME", std::env::temp_dir());
    cmd
}

fn on(nb: &std::path::Path, command: &[&str]) -> Command {
    let mut cmd = annals();
    cmd.args(command).arg("-n").arg(nb);
    cmd
}

const ARTICLE: &str = "The two leaders previously met in eastern Russia in September. \
The meeting came before the launch of its first military spy satellite in November.";

/// A notebook with the article, the summit (supported by an excerpt) and
/// the launch; returns (dir, path, summit id, launch id, excerpt id).
fn seeded() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    String,
    String,
    String,
) {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("research.annals");
    annals().arg("new").arg(&nb).assert().success();
    let article = dir.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    stdout_of(
        on(&nb, &["source", "add"])
            .args(["--title", "Putin visit"])
            .arg(&article),
    );
    let summit = stdout_of(on(&nb, &["event", "add"]).args([
        "--title",
        "Putin–Kim summit",
        "--date",
        "Sept 2023",
    ]))
    .trim()
    .to_owned();
    let launch = stdout_of(on(&nb, &["event", "add"]).args([
        "--title",
        "Spy satellite launch",
        "--date",
        "Nov 2023",
    ]))
    .trim()
    .to_owned();
    let excerpt = stdout_of(on(&nb, &["excerpt", "add"]).args([
        "--source",
        "1",
        "--quote",
        "came before the launch",
        "--event",
        &launch,
    ]))
    .trim()
    .to_owned();
    (dir, nb, summit, launch, excerpt)
}

#[test]
fn entities_roles_and_links_from_the_command_line() {
    let (_dir, nb, summit, launch, excerpt) = seeded();
    let putin = stdout_of(on(&nb, &["entity", "add"]).args([
        "--kind",
        "person",
        "--name",
        "Vladimir Putin",
        "--alias",
        "Putin",
        "--alias",
        "Путин",
        "--description",
        "President of Russia",
    ]));
    assert_eq!(putin.trim(), "1");
    let kim = stdout_of(on(&nb, &["entity", "add"]).args([
        "--kind",
        "person",
        "--name",
        "Kim Jong-un",
        "--alias",
        "김정은",
    ]))
    .trim()
    .to_owned();
    let place = stdout_of(on(&nb, &["entity", "add"]).args([
        "--kind",
        "place",
        "--name",
        "Vostochny Cosmodrome",
        "--alias",
        "Vostochny",
        "--coordinates",
        "51.88, 128.33",
    ]))
    .trim()
    .to_owned();

    // By alias, in another script, and by id.
    on(&nb, &["involve", "--event", &summit, "--entity", "Путин"])
        .args(["--role", "visitor"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Add 'Vladimir Putin' to event 'Putin–Kim summit'",
        ));
    on(&nb, &["involve", "--event", &summit, "--entity", "김정은"])
        .args(["--role", "host"])
        .assert()
        .success();
    on(&nb, &["involve", "--event", &summit, "--entity", &place])
        .args(["--role", "location", "--excerpt", &excerpt])
        .assert()
        .success();
    on(
        &nb,
        &[
            "relate", "--from", &summit, "--to", &launch, "--kind", "precedes",
        ],
    )
    .args(["--excerpt", &excerpt])
    .assert()
    .success();

    let shown = json_of(on(&nb, &["show", "--json", &summit]));
    let entities = shown["entities"].as_array().unwrap();
    assert_eq!(entities.len(), 3);
    assert_eq!(entities[0]["name"], "Vladimir Putin");
    assert_eq!(entities[0]["kind"], "person");
    assert_eq!(entities[0]["role"], "visitor");
    assert_eq!(entities[1]["id"].to_string(), kim);
    assert_eq!(entities[2]["role"], "location");
    assert_eq!(shown["links"][0]["kind"], "precedes");
    assert_eq!(shown["links"][0]["direction"], "out");
    assert_eq!(shown["links"][0]["event_id"].to_string(), launch);
    assert_eq!(shown["links"][0]["title"], "Spy satellite launch");
    assert_eq!(shown["links"][0]["excerpt_id"].to_string(), excerpt);
    let other_end = json_of(on(&nb, &["show", "--json", &launch]));
    assert_eq!(other_end["links"][0]["direction"], "in");
    assert_eq!(other_end["links"][0]["title"], "Putin–Kim summit");
    assert_eq!(other_end["entities"], serde_json::json!([]));
    let text = stdout_of(on(&nb, &["show", &launch]));
    assert!(text.contains("Preceded by: ["), "{text}");

    let list = json_of(on(&nb, &["entity", "list", "--json"]));
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let kim_row = rows.iter().find(|r| r["name"] == "Kim Jong-un").unwrap();
    assert_eq!(kim_row["aliases"], serde_json::json!(["김정은"]));
    assert_eq!(kim_row["kind"], "person");
    assert_eq!(kim_row["events"], 1);
    let place_row = rows.iter().find(|r| r["kind"] == "place").unwrap();
    assert_eq!(place_row["coordinates"], serde_json::json!([51.88, 128.33]));
    let text = stdout_of(on(&nb, &["entity", "list"]));
    assert!(
        text.contains("Vladimir Putin  (Putin, Путин)  — 1 event"),
        "{text}"
    );
    let page = stdout_of(on(&nb, &["entity", "show", "Putin"]));
    assert!(
        page.contains("September 2023") && page.contains("visitor"),
        "{page}"
    );

    // Each is one undoable step.
    on(&nb, &["unrelate", "--from", &summit, "--to", &launch])
        .assert()
        .success();
    assert_eq!(
        json_of(on(&nb, &["show", "--json", &summit]))["links"],
        serde_json::json!([])
    );
    on(&nb, &["undo"]).assert().success();
    on(&nb, &["uninvolve", "--event", &summit, "--entity", "Putin"])
        .assert()
        .success();
    assert_eq!(
        json_of(on(&nb, &["show", "--json", &summit]))["entities"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    on(&nb, &["undo"]).assert().success();
    let shown = json_of(on(&nb, &["show", "--json", &summit]));
    assert_eq!(shown["entities"].as_array().unwrap().len(), 3);
    assert_eq!(shown["links"].as_array().unwrap().len(), 1);
    on(&nb, &["check"]).assert().success();
}

#[test]
fn bad_entity_input_exits_2_and_changes_nothing() {
    let (_dir, nb, summit, launch, _excerpt) = seeded();
    stdout_of(on(&nb, &["entity", "add"]).args(["--kind", "person", "--name", "Kim"]));
    stdout_of(on(&nb, &["entity", "add"]).args(["--kind", "organisation", "--name", "kim"]));
    let history = stdout_of(on(&nb, &["history"]));
    for (args, reason) in [
        (
            vec!["entity", "add", "--kind", "person", "--name", " "],
            "entity name is empty",
        ),
        (
            vec![
                "entity",
                "add",
                "--kind",
                "place",
                "--name",
                "X",
                "--coordinates",
                "95, 10",
            ],
            "latitude, longitude",
        ),
        (
            vec!["involve", "--event", &summit, "--entity", "Nobody"],
            "no entity with id or name “Nobody”",
        ),
        (
            vec!["involve", "--event", &summit, "--entity", "KIM"],
            "2 entities are called “KIM”",
        ),
        (
            vec![
                "relate", "--from", &summit, "--to", &summit, "--kind", "causes",
            ],
            "cannot be linked to itself",
        ),
        (
            vec!["relate", "--from", &summit, "--to", &launch],
            "give the link's --kind",
        ),
        (
            vec![
                "relate", "--from", &summit, "--to", "999", "--kind", "causes",
            ],
            "999",
        ),
        (
            vec!["unrelate", "--from", &summit, "--to", &launch],
            "no link from event",
        ),
    ] {
        on(&nb, &args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(reason));
    }
    assert_eq!(stdout_of(on(&nb, &["history"])), history);
}

#[test]
fn the_chronology_report_names_who_and_where_with_their_roles() {
    let (dir, nb, summit, _, _) = seeded();
    on(
        &nb,
        &["entity", "add", "--kind", "person", "--name", "Kim Jong-un"],
    )
    .args(["--alias", "김정은"])
    .assert()
    .success();
    on(
        &nb,
        &["entity", "add", "--kind", "place", "--name", "Vostochny"],
    )
    .assert()
    .success();
    on(&nb, &["involve", "--event", &summit, "--entity", "김정은"])
        .args(["--role", "visitor"])
        .assert()
        .success();
    on(
        &nb,
        &["involve", "--event", &summit, "--entity", "Vostochny"],
    )
    .assert()
    .success();
    let report = |format: &str, name: &str| {
        let out = dir.path().join(name);
        on(&nb, &["export", "--format", format])
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        std::fs::read_to_string(&out).unwrap()
    };
    let markdown = report("markdown", "chronology.md");
    assert!(
        markdown.contains("*Who and where: Kim Jong-un (visitor), Vostochny*"),
        "{markdown}"
    );
    // Only the event they are on says so.
    assert_eq!(markdown.matches("Who and where").count(), 1);
    let html = report("html", "chronology.html");
    assert!(
        html.contains("Who and where: Kim Jong-un (visitor), Vostochny"),
        "{html}"
    );
}
