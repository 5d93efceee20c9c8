//! The chronology report grouped by entity (`annals export --group-by
//! entity`) and CSV columns mapped to people, organisations and places
//! (`annals import`), run as a user runs them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{json_of, stdout_of};

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

/// Runs the binary with HOME in the test's own folder: never the real
/// user's data.
fn annals(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("annals").unwrap();
    cmd.env("HOME", home);
    cmd
}

fn on(nb: &Path, command: &[&str]) -> Command {
    let home = nb.parent().unwrap();
    let mut cmd = annals(home);
    cmd.args(command).arg("-n").arg(nb);
    cmd
}

const ARTICLE: &str = "The two leaders previously met in eastern Russia in September. \
The meeting came before the launch of its first military spy satellite in November.";

/// A notebook with the article; the summit (quoted) with Putin as host,
/// Kim as visitor and Vostochny as the place; the launch with Kim; and an
/// event no entity is on. Returns (dir, notebook).
fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("research.annals");
    annals(dir.path()).arg("new").arg(&nb).assert().success();
    let article = dir.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    stdout_of(
        on(&nb, &["source", "add"])
            .args(["--title", "Putin visit", "--outlet", "Example News"])
            .arg(&article),
    );
    let event = |title: &str, date: &str| {
        stdout_of(on(&nb, &["event", "add"]).args(["--title", title, "--date", date]))
            .trim()
            .to_owned()
    };
    let summit = event("Putin–Kim summit", "Sept 2023");
    let launch = event("Spy satellite launch", "Nov 2023");
    event("Haines on Russia", "March 2024");
    stdout_of(on(&nb, &["excerpt", "add"]).args([
        "--source",
        "1",
        "--quote",
        "met in eastern Russia",
        "--event",
        &summit,
    ]));
    for (kind, name, alias) in [
        ("person", "Vladimir Putin", "Путин"),
        ("person", "Kim Jong-un", "김정은"),
        ("place", "Vostochny", "Восточный"),
    ] {
        stdout_of(
            on(&nb, &["entity", "add"]).args(["--kind", kind, "--name", name, "--alias", alias]),
        );
    }
    for (event, entity, role) in [
        (&summit, "Путин", "host"),
        (&summit, "김정은", "visitor"),
        (&summit, "Vostochny", "location"),
        (&launch, "Kim Jong-un", ""),
    ] {
        let mut cmd = on(&nb, &["involve", "--event", event, "--entity", entity]);
        if !role.is_empty() {
            cmd.args(["--role", role]);
        }
        cmd.assert().success();
    }
    (dir, nb)
}

fn export(nb: &Path, format: &str, out: &Path, extra: &[&str]) -> Command {
    let mut cmd = on(nb, &["export", "--format", format]);
    cmd.arg("-o").arg(out).args(extra);
    cmd
}

#[test]
fn the_report_grouped_by_entity_has_a_section_per_entity() {
    let (dir, nb) = seeded();
    let md_path = dir.path().join("grouped.md");
    stdout_of(export(&nb, "markdown", &md_path, &["--group-by", "entity"]));
    let md = std::fs::read_to_string(&md_path).unwrap();
    // People by name, then places, then the events no entity is on.
    let at = |text: &str| md.find(text).unwrap_or_else(|| panic!("{text:?} in {md}"));
    let kim = at("\n## Kim Jong-un (person)\n");
    let putin = at("\n## Vladimir Putin (person)\n");
    let place = at("\n## Vostochny (place)\n");
    let other = at("\n## Other events\n");
    assert!(kim < putin && putin < place && place < other, "{md}");
    // Kim's events in date order, each with the role.
    let kim_section = &md[kim..putin];
    let summit = kim_section
        .find("### September 2023 — Putin–Kim summit")
        .unwrap();
    let launch = kim_section
        .find("### November 2023 — Spy satellite launch")
        .unwrap();
    assert!(summit < launch);
    assert!(kim_section.contains("*Role: visitor*"), "{kim_section}");
    assert!(md[putin..place].contains("*Role: host*"));
    assert!(md[other..].contains("### March 2024 — Haines on Russia"));
    // The same entry format, citations included: the summit's quote is
    // noted in each of its three sections.
    assert_eq!(md.matches("> “met in eastern Russia”[^").count(), 3);
    assert!(md.contains("[^3]: "), "{md}");
    assert!(md.contains(
        "*Who and where: Vladimir Putin (host), Kim Jong-un (visitor), Vostochny (location)*"
    ));
    assert!(md.contains("grouped by entity"));

    // By date (the default) is the report as it was.
    let plain = dir.path().join("plain.md");
    stdout_of(export(&nb, "markdown", &plain, &[]));
    let plain = std::fs::read_to_string(&plain).unwrap();
    assert!(!plain.contains("Other events") && !plain.contains("###"));
    assert!(!plain.contains("Role: "));
    let by_date = dir.path().join("by-date.md");
    stdout_of(export(&nb, "markdown", &by_date, &["--group-by", "date"]));
    let by_date = std::fs::read_to_string(&by_date).unwrap();
    let body = |text: &str| text.lines().skip(3).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&by_date), body(&plain));
}

#[test]
fn every_report_format_renders_the_grouping() {
    let (dir, nb) = seeded();
    let html_path = dir.path().join("grouped.html");
    stdout_of(export(&nb, "html", &html_path, &["--group-by", "entity"]));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains("<h2><bdi>Kim Jong-un (person)</bdi></h2>"),
        "{html}"
    );
    assert!(html.contains("<h2><bdi>Other events</bdi></h2>"));
    assert!(html.contains("<h3><bdi>Putin–Kim summit</bdi></h3>"));
    assert_eq!(html.matches("id=\"ref-1\"").count(), 1);

    let docx_path = dir.path().join("grouped.docx");
    stdout_of(export(&nb, "docx", &docx_path, &["--group-by", "entity"]));
    let bytes = std::fs::read(&docx_path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("word/document.xml").unwrap(),
        &mut document,
    )
    .unwrap();
    assert!(document.contains(">Vostochny (place)<"), "{document}");
    assert!(document.contains(">Role: location<"));
    assert_eq!(document.matches("<w:footnoteReference ").count(), 3);

    let pdf_path = dir.path().join("grouped.pdf");
    stdout_of(export(&nb, "pdf", &pdf_path, &["--group-by", "entity"]));
    let pdf = lopdf::Document::load(&pdf_path).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text: String = pdf
        .extract_text(&pages)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for wanted in [
        "KimJong-un(person)",
        "Role:visitor",
        "Otherevents",
        "HainesonRussia",
    ] {
        assert!(text.contains(wanted), "{wanted} in {text}");
    }
}

#[test]
fn group_by_is_refused_where_it_does_not_apply() {
    let (dir, nb) = seeded();
    let svg = dir.path().join("timeline.svg");
    export(&nb, "svg", &svg, &["--group-by", "entity"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--group-by applies to the chronology report",
        ));
    assert!(!svg.exists());
    let md = dir.path().join("x.md");
    export(&nb, "markdown", &md, &["--group-by", "person"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("date").and(predicate::str::contains("entity")));
    assert!(!md.exists());
}

/// A notebook with Putin (alias Путин) and Kim (alias 김정은) and nothing on
/// any event.
fn cast_only() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("import.annals");
    annals(dir.path()).arg("new").arg(&nb).assert().success();
    for (kind, name, alias) in [
        ("person", "Vladimir Putin", "Путин"),
        ("person", "Kim Jong-un", "김정은"),
    ] {
        stdout_of(
            on(&nb, &["entity", "add"]).args(["--kind", kind, "--name", name, "--alias", alias]),
        );
    }
    (dir, nb)
}

fn entity_names(nb: &Path) -> Vec<(String, String)> {
    let list = json_of(on(nb, &["entity", "list", "--json"]));
    let mut names: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_owned(),
                e["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    names.sort();
    names
}

const EVENTS_CSV: &str = "Title,Date,Who,Organisation,Where\n\
Putin–Kim summit,Sept 2023,ПУТИН (host); 김정은 (visitor),,Vostochny (location)\n\
Spy satellite launch,Nov 2023,kim jong-un,Национальное управление (operator),Sohae\n\
Riyadh talks,2025-02-18,محمد بن سلمان (host); 王毅 (guest); Путин,,الرياض\n";

#[test]
fn a_csv_maps_columns_to_entities_as_one_undoable_step() {
    let (dir, nb) = cast_only();
    let csv = dir.path().join("events.csv");
    std::fs::write(&csv, EVENTS_CSV).unwrap();
    let before = entity_names(&nb);

    let dry = stdout_of(on(&nb, &["import"]).arg(&csv).arg("--dry-run"));
    assert!(
        dry.contains("3 new, 0 updated, 0 unchanged, 0 errors"),
        "{dry}"
    );
    assert!(
        dry.contains("adds 6 entities: Vostochny (place), Национальное управление (organisation), Sohae (place), محمد بن سلمان (person), 王毅 (person), الرياض (place)"),
        "{dry}"
    );
    assert!(
        dry.contains("· Vladimir Putin (host), Kim Jong-un (visitor), Vostochny (location, new)"),
        "{dry}"
    );
    assert_eq!(entity_names(&nb), before, "a dry run writes nothing");

    on(&nb, &["import"])
        .arg(&csv)
        .assert()
        .success()
        .stderr(predicate::str::contains("imported as one step"));
    let after = entity_names(&nb);
    assert_eq!(after.len(), 8, "{after:?}");
    assert!(after.contains(&("person".to_owned(), "王毅".to_owned())));
    assert!(after.contains(&(
        "organisation".to_owned(),
        "Национальное управление".to_owned()
    )));
    let events = json_of(on(&nb, &["event", "list", "--json"]));
    let id_of = |title: &str| {
        events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["title"] == title)
            .unwrap()["id"]
            .to_string()
    };
    let summit = json_of(on(&nb, &["show", "--json", &id_of("Putin–Kim summit")]));
    let roles: Vec<(String, String, String)> = summit["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_owned(),
                e["kind"].as_str().unwrap().to_owned(),
                e["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            ("Vladimir Putin".into(), "person".into(), "host".into()),
            ("Kim Jong-un".into(), "person".into(), "visitor".into()),
            ("Vostochny".into(), "place".into(), "location".into()),
        ]
    );
    let riyadh = json_of(on(&nb, &["show", "--json", &id_of("Riyadh talks")]));
    assert_eq!(riyadh["entities"].as_array().unwrap().len(), 4);
    // Putin is on two events now, by his Russian alias.
    let page = stdout_of(on(&nb, &["entity", "show", "Vladimir Putin"]));
    assert!(
        page.contains("Riyadh talks") && page.contains("Putin–Kim summit"),
        "{page}"
    );

    // One undo takes the events, the roles and the new entities back.
    on(&nb, &["undo"]).assert().success();
    assert_eq!(entity_names(&nb), before);
    assert_eq!(
        json_of(on(&nb, &["event", "list", "--json"])),
        serde_json::json!([])
    );
    let putin = json_of(on(&nb, &["entity", "list", "--json"]));
    assert!(putin.as_array().unwrap().iter().all(|e| e["events"] == 0));
    on(&nb, &["redo"]).assert().success();
    assert_eq!(entity_names(&nb), after);
    on(&nb, &["check"]).assert().success();
}

#[test]
fn a_column_is_mapped_to_entities_by_name() {
    let (dir, nb) = cast_only();
    let csv = dir.path().join("участники.csv");
    std::fs::write(
        &csv,
        "Что,Когда,Участники\nВизит,2024-06-19,Путин (гость); 김정은 (хозяин)\n",
    )
    .unwrap();
    on(&nb, &["import"])
        .arg(&csv)
        .args([
            "--map",
            "Что=title",
            "--map",
            "Когда=date",
            "--map",
            "3=people",
        ])
        .assert()
        .success();
    let events = json_of(on(&nb, &["event", "list", "--json"]));
    let id = events[0]["id"].to_string();
    let shown = json_of(on(&nb, &["show", "--json", &id]));
    let roles: Vec<&str> = shown["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, vec!["гость", "хозяин"]);
    assert_eq!(entity_names(&nb).len(), 2, "both matched, none created");
}

#[test]
fn bad_entity_cells_are_row_errors_and_nothing_is_imported() {
    let (dir, nb) = cast_only();
    let csv = dir.path().join("bad.csv");
    let many = vec!["Kim"; 100_000].join("; ");
    std::fs::write(
        &csv,
        format!(
            "title,date,people\nGood,2023,New Person\nOpen,2023,Vladimir Putin (host\nEmpty,2023,Putin; ; Kim\nMany,2023,{many}\n"
        ),
    )
    .unwrap();
    let before = entity_names(&nb);
    on(&nb, &["import"])
        .arg(&csv)
        .assert()
        .code(2)
        .stdout(
            predicate::str::contains(
                "line 3: error: the people cell has an unclosed parenthesis: “Vladimir Putin (host”",
            )
            .and(predicate::str::contains(
                "line 4: error: the people cell has an empty name",
            ))
            .and(predicate::str::contains(
                "line 5: error: the people cell gives 100000 names; at most 64",
            )),
        )
        .stderr(predicate::str::contains("nothing was imported"));
    assert_eq!(entity_names(&nb), before);
    // With --skip-invalid the good row comes in with its new entity only.
    on(&nb, &["import"])
        .arg(&csv)
        .arg("--skip-invalid")
        .assert()
        .success();
    let after = entity_names(&nb);
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.contains(&("person".to_owned(), "New Person".to_owned())));
}
