//! Evidence on the command line (issue 19): `link --asserts/--stance`,
//! `event edit --status`, `show --json`, `event list --as-of`, `review
//! --json` and what `check` says of disputes and drift. The built binary on
//! temporary notebooks.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{json_of, stdout_of};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

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

/// The 12 June report (in the seed's words) and a 20 May report that puts
/// the summit in October.
const JUNE: &str = "Putin’s potential visit to North Korea, slated for this month, drew warnings. \
Despite denials from Moscow and Pyongyang, the two leaders previously met in eastern Russia in September. \
In March, Avril Haines highlighted Russia’s concessions. \
North Korea launched its first military spy satellite in November.";
const MAY: &str = "Пхеньян, 20 мая. The two leaders met at the Vostochny cosmodrome in October, \
a Russian official said.";

struct Research {
    _dir: tempfile::TempDir,
    nb: std::path::PathBuf,
    summit: String,
    visit: String,
}

fn research() -> Research {
    let dir = tempfile::tempdir().unwrap();
    let nb = dir.path().join("evidence.annals");
    annals().arg("new").arg(&nb).assert().success();
    for (name, text, published, title) in [
        ("june.txt", JUNE, "2024-06-12", "Warnings over Putin visit"),
        ("may.txt", MAY, "2024-05-20", "Встреча на Восточном"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        stdout_of(
            on(&nb, &["source", "add"])
                .args(["--title", title, "--published", published])
                .arg(&path),
        );
    }
    let summit = stdout_of(on(
        &nb,
        &[
            "event",
            "add",
            "--title",
            "Putin–Kim summit",
            "--date",
            "2023-09",
        ],
    ))
    .trim()
    .to_owned();
    let visit = stdout_of(on(
        &nb,
        &[
            "event",
            "add",
            "--title",
            "Putin visits Pyongyang",
            "--date",
            "2024-06",
        ],
    ))
    .trim()
    .to_owned();
    // Cut from the June source, linked (prefilled: September 2023).
    stdout_of(on(&nb, &["excerpt", "add"]).args([
        "--source",
        "1",
        "--quote",
        "the two leaders previously met in eastern Russia in September",
        "--event",
        &summit,
    ]));
    stdout_of(on(&nb, &["excerpt", "add"]).args([
        "--source",
        "1",
        "--quote",
        "Putin’s potential visit to North Korea, slated for this month",
        "--event",
        &visit,
    ]));
    stdout_of(on(&nb, &["excerpt", "add"]).args([
        "--source",
        "2",
        "--quote",
        "The two leaders met at the Vostochny cosmodrome in October",
    ]));
    Research {
        _dir: dir,
        nb,
        summit,
        visit,
    }
}

#[test]
fn a_link_asserts_the_excerpts_own_date_and_a_second_account_disputes_it() {
    let r = research();
    let shown = json_of(on(&r.nb, &["show", "--json"]).arg(&r.summit));
    assert_eq!(shown["status"], "reported");
    assert_eq!(shown["disputed"], false);
    assert_eq!(shown["excerpts"][0]["asserts"], "2023-09", "prefilled");
    assert_eq!(shown["excerpts"][0]["stance"], "supports");
    assert_eq!(shown["derived_date"], "2023-09");

    on(&r.nb, &["link", "--event", &r.summit, "--excerpt", "3"])
        .args(["--stance", "supports"])
        .assert()
        .success();
    let shown = json_of(on(&r.nb, &["show", "--json"]).arg(&r.summit));
    assert_eq!(
        shown["excerpts"][1]["asserts"], "2023-10",
        "the May report's own date"
    );
    assert_eq!(shown["disputed"], true);
    assert_eq!(shown["derived_date"], Value::Null);

    // The user corrects the second account's date: no longer disputed.
    on(&r.nb, &["unlink", "--event", &r.summit, "--excerpt", "3"])
        .assert()
        .success();
    on(&r.nb, &["link", "--event", &r.summit, "--excerpt", "3"])
        .args(["--asserts", "2023", "--stance", "supports"])
        .assert()
        .success();
    let shown = json_of(on(&r.nb, &["show", "--json"]).arg(&r.summit));
    assert_eq!(shown["excerpts"][1]["asserts"], "2023");
    assert_eq!(shown["disputed"], false);
    // One undo takes the whole link away again.
    on(&r.nb, &["undo"]).assert().success();
    let shown = json_of(on(&r.nb, &["show", "--json"]).arg(&r.summit));
    assert_eq!(shown["excerpts"].as_array().unwrap().len(), 1);
}

#[test]
fn bad_link_and_status_input_is_refused_and_changes_nothing() {
    let r = research();
    let before = std::fs::read(&r.nb).unwrap();
    for (args, reason) in [
        (
            vec![
                "link",
                "--event",
                &r.summit,
                "--excerpt",
                "3",
                "--stance",
                "denies",
            ],
            "use supports, disputes or mentions",
        ),
        (
            vec![
                "link",
                "--event",
                &r.summit,
                "--excerpt",
                "3",
                "--asserts",
                "2023-02-30",
            ],
            "28 days",
        ),
        (
            vec![
                "unlink",
                "--event",
                &r.summit,
                "--excerpt",
                "1",
                "--stance",
                "mentions",
            ],
            "go with `annals link`",
        ),
        (
            vec!["event", "edit", &r.summit, "--status", "rumoured"],
            "use reported, confirmed",
        ),
        (
            vec!["event", "edit", &r.summit, "--status", "reported"],
            "already reported",
        ),
    ] {
        on(&r.nb, &args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(reason));
    }
    assert_eq!(std::fs::read(&r.nb).unwrap(), before);
}

#[test]
fn status_is_set_shown_and_undone() {
    let r = research();
    on(&r.nb, &["event", "edit", &r.visit, "--status", "planned"])
        .assert()
        .success()
        .stderr(predicate::str::contains("planned"));
    let shown = json_of(on(&r.nb, &["show", "--json"]).arg(&r.visit));
    assert_eq!(shown["status"], "planned");
    // With another field, one step.
    on(&r.nb, &["event", "edit", &r.visit, "--status", "confirmed"])
        .args(["--title", "Putin in Pyongyang"])
        .assert()
        .success();
    let shown = json_of(on(&r.nb, &["show", "--json"]).arg(&r.visit));
    assert_eq!(
        (shown["status"].as_str(), shown["title"].as_str()),
        (Some("confirmed"), Some("Putin in Pyongyang"))
    );
    on(&r.nb, &["undo"]).assert().success();
    let shown = json_of(on(&r.nb, &["show", "--json"]).arg(&r.visit));
    assert_eq!(
        (shown["status"].as_str(), shown["title"].as_str()),
        (Some("planned"), Some("Putin visits Pyongyang"))
    );
}

#[test]
fn event_list_as_of_a_day_lists_what_sources_published_by_then_support() {
    let r = research();
    on(&r.nb, &["link", "--event", &r.summit, "--excerpt", "3"])
        .assert()
        .success();
    let titles = |as_of: &str| -> Vec<String> {
        json_of(on(&r.nb, &["event", "list", "--json", "--as-of", as_of]))
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(titles("1 June 2024"), vec!["Putin–Kim summit"]);
    assert_eq!(
        titles("2024-06-12"),
        vec!["Putin–Kim summit", "Putin visits Pyongyang"]
    );
    assert!(titles("2024-05-19").is_empty());
    on(&r.nb, &["event", "list", "--as-of", "someday"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--as-of"));
}

#[test]
fn review_json_has_every_list_and_check_reports_disputes_and_drift() {
    let r = research();
    on(
        &r.nb,
        &[
            "event",
            "add",
            "--title",
            "Haines warns",
            "--date",
            "2024-03",
        ],
    )
    .assert()
    .success();
    let review = json_of(on(&r.nb, &["review", "--json"]));
    for key in [
        "unsupported",
        "single_source",
        "lost",
        "orphan_excerpts",
        "unused_dates",
        "disputed",
        "drift",
    ] {
        assert!(review[key].is_array(), "{key}: {review}");
    }
    assert_eq!(review["unsupported"][0]["title"], "Haines warns");
    assert_eq!(review["single_source"].as_array().unwrap().len(), 2);
    assert_eq!(review["orphan_excerpts"][0]["id"], 3);
    assert!(
        review["orphan_excerpts"][0]["quote"]
            .as_str()
            .unwrap()
            .contains("October")
    );
    // "In March" is used by Haines's event; "in November" (the satellite)
    // is not yet an event.
    let june = review["unused_dates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == 1)
        .unwrap();
    let texts: Vec<&str> = june["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"in November"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("March")), "{texts:?}");
    assert!(
        june["summary"]
            .as_str()
            .unwrap()
            .contains("are not yet events")
            || june["summary"]
                .as_str()
                .unwrap()
                .contains("is not yet events")
    );

    on(&r.nb, &["check"]).assert().success();
    on(&r.nb, &["link", "--event", &r.summit, "--excerpt", "3"])
        .assert()
        .success();
    let review = json_of(on(&r.nb, &["review", "--json"]));
    assert_eq!(review["disputed"][0]["title"], "Putin–Kim summit");
    assert_eq!(
        review["disputed"][0]["accounts"].as_array().unwrap().len(),
        2
    );
    // A dispute is reported, but is not damage.
    on(&r.nb, &["check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("disputed: event"))
        .stdout(predicate::str::contains("September 2023 vs October 2023"));

    // The May text is changed outside Annals after its quote was cut (a
    // tampered file: text and its own digest rewritten together): drift,
    // exit 1. (An edit in Annals re-anchors each excerpt and verifies it
    // against the new text, so it is no drift.)
    let tampered = MAY.replace("a Russian official said", "officials said");
    {
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(tampered.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let conn = rusqlite::Connection::open(&r.nb).unwrap();
        conn.execute(
            "UPDATE sources SET body = ?1, body_sha256 = ?2 WHERE id = 2",
            rusqlite::params![tampered, digest],
        )
        .unwrap();
    }
    on(&r.nb, &["check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("drift: excerpt 3"));
    let review = json_of(on(&r.nb, &["review", "--json"]));
    assert_eq!(review["drift"][0]["id"], 3);
    // Putting the text back through Annals verifies the excerpt again.
    let original = r._dir.path().join("may-original.txt");
    std::fs::write(&original, MAY).unwrap();
    on(&r.nb, &["source", "edit", "2"])
        .arg(&original)
        .assert()
        .success();
    on(&r.nb, &["check"]).assert().success();
}

#[test]
fn the_lossless_json_carries_evidence_and_digests_into_a_new_notebook() {
    let r = research();
    on(&r.nb, &["link", "--event", &r.summit, "--excerpt", "3"])
        .args(["--asserts", "October 2023", "--stance", "disputes"])
        .assert()
        .success();
    on(&r.nb, &["event", "edit", &r.visit, "--status", "planned"])
        .assert()
        .success();
    let out = r._dir.path().join("all.json");
    on(&r.nb, &["export", "--format", "json"])
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let file: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let excerpt = file["excerpts"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(excerpt["quote_sha256"].as_str().unwrap().len(), 64);
    let copy = r._dir.path().join("copy.annals");
    annals().arg("new").arg(&copy).assert().success();
    on(&copy, &["import"]).arg(&out).assert().success();
    let summit_copy = json_of(on(&copy, &["event", "list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "Putin–Kim summit")
        .unwrap()["id"]
        .to_string();
    let shown = json_of(on(&copy, &["show", "--json"]).arg(&summit_copy));
    assert_eq!(shown["disputed"], true);
    assert_eq!(shown["excerpts"][1]["stance"], "disputes");
    assert_eq!(shown["excerpts"][1]["asserts"], "2023-10");
    assert_eq!(shown["excerpts"][0]["asserts"], "2023-09");
    let again: Value = {
        let out2 = r._dir.path().join("again.json");
        on(&copy, &["export", "--format", "json"])
            .arg("-o")
            .arg(&out2)
            .assert()
            .success();
        serde_json::from_slice(&std::fs::read(&out2).unwrap()).unwrap()
    };
    assert_eq!(
        again["events"], file["events"],
        "events, status and evidence round-trip"
    );
    assert_eq!(again["excerpts"], file["excerpts"], "digests round-trip");
    on(&copy, &["check"]).assert().success();
}

#[test]
fn the_chronology_report_says_which_events_are_disputed_or_planned() {
    let r = research();
    on(&r.nb, &["link", "--event", &r.summit, "--excerpt", "3"])
        .assert()
        .success();
    on(&r.nb, &["event", "edit", &r.visit, "--status", "planned"])
        .assert()
        .success();
    for format in ["markdown", "html"] {
        let out = r._dir.path().join(format!("report.{format}"));
        on(&r.nb, &["export", "--format", format])
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let report = std::fs::read_to_string(&out).unwrap();
        assert!(report.contains("Disputed: "), "{format}: {report}");
        assert!(report.contains("says September 2023"), "{format}");
        assert!(report.contains("says October 2023"), "{format}");
        assert!(report.contains("Status: planned"), "{format}");
    }
}
