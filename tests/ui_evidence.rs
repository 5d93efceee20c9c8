//! The evidence in the window (issue 19): a disputed event shows both
//! accounts in the inspector, the Evidence window lists it, and a status
//! set in the inspector is one undoable step. Driven like a user with
//! egui_kittest; the notebook is made with the CLI in a temp folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ui_support;
use ui_support::click;

use std::path::Path;

use annals::model::EventId;
use annals::store::Store;
use annals::ui::AnnalsApp;
use assert_cmd::Command;
use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const WINDOW: Vec2 = Vec2::new(1400.0, 900.0);

const JUNE: &str = "Despite denials from Moscow and Pyongyang, the two leaders previously met in eastern Russia in September, where they agreed to deepen cooperation.";
const OCTOBER: &str = "Kim Jong Un and Vladimir Putin met at the Vostochny cosmodrome in eastern Russia in October, a Russian official said.";

fn annals(nb: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("annals")
        .unwrap()
        .env("HOME", nb.parent().unwrap())
        .env_remove("XDG_CACHE_HOME")
        .args(args)
        .arg("-n")
        .arg(nb)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// The summit, backed by the June report (September) and an October report.
fn disputed_notebook(dir: &Path) -> std::path::PathBuf {
    let nb = dir.join("evidence.annals");
    Command::cargo_bin("annals")
        .unwrap()
        .env("HOME", dir)
        .arg("new")
        .arg(&nb)
        .assert()
        .success();
    let june = dir.join("june.txt");
    std::fs::write(&june, JUNE).unwrap();
    let october = dir.join("october.txt");
    std::fs::write(&october, OCTOBER).unwrap();
    let a = annals(
        &nb,
        &[
            "source",
            "add",
            "--title",
            "Putin to visit North Korea",
            "--published",
            "2024-06-12",
            june.to_str().unwrap(),
        ],
    );
    let b = annals(
        &nb,
        &[
            "source",
            "add",
            "--title",
            "Kim and Putin meet in the Far East",
            "--published",
            "2023-10-20",
            october.to_str().unwrap(),
        ],
    );
    let summit = annals(
        &nb,
        &[
            "event",
            "add",
            "--title",
            "Putin–Kim summit",
            "--date",
            "2023-09",
            "--track",
            "Diplomacy",
        ],
    );
    let x = annals(
        &nb,
        &[
            "excerpt",
            "add",
            "--source",
            &a,
            "--quote",
            "the two leaders previously met in eastern Russia in September",
        ],
    );
    let y = annals(
        &nb,
        &[
            "excerpt",
            "add",
            "--source",
            &b,
            "--quote",
            "met at the Vostochny cosmodrome in eastern Russia in October",
        ],
    );
    annals(&nb, &["link", "--event", &summit, "--excerpt", &x]);
    annals(&nb, &["link", "--event", &summit, "--excerpt", &y]);
    nb
}

fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        .with_max_steps(16)
        .with_size(WINDOW)
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

#[test]
fn a_disputed_event_shows_both_accounts_and_is_listed_in_the_evidence_window() {
    let dir = tempfile::tempdir().unwrap();
    let nb = disputed_notebook(dir.path());
    let app = AnnalsApp::with_store(Store::open(&nb).unwrap()).unwrap();
    let mut harness = harness(app);
    assert!(
        harness
            .state()
            .notebook()
            .unwrap()
            .evidence
            .is_disputed(EventId(1))
    );
    click(&mut harness, "Putin–Kim summit");
    assert_eq!(harness.state().selected(), Some(EventId(1)));
    assert!(
        harness
            .query_by_label_contains("Disputed: the sources disagree on the date")
            .is_some(),
        "the inspector says the event is disputed"
    );
    // Both accounts, side by side, with the date each gives.
    assert!(
        harness
            .query_by_label_contains("supports: September 2023")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("supports: October 2023")
            .is_some()
    );
    // The status bar counts it; the Evidence window lists it.
    assert!(harness.query_by_label_contains("1 disputed").is_some());
    click(&mut harness, "Edit");
    click(&mut harness, "Evidence…");
    assert!(
        harness
            .query_by_label_contains("Disputed events (1)")
            .is_some()
    );
}

#[test]
fn an_unsupported_event_is_not_disputed_and_its_status_is_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let nb = disputed_notebook(dir.path());
    annals(
        &nb,
        &[
            "event",
            "add",
            "--title",
            "Putin's visit",
            "--date",
            "2024-06",
        ],
    );
    annals(&nb, &["event", "edit", "2", "--status", "planned"]);
    let mut store = Store::open(&nb).unwrap();
    let notebook = store.load().unwrap();
    assert!(!notebook.evidence.is_disputed(EventId(2)));
    assert_eq!(notebook.evidence.status(EventId(2)).name(), "planned");
    store.undo().unwrap();
    let notebook = store.load().unwrap();
    assert_eq!(notebook.evidence.status(EventId(2)).name(), "reported");
}
