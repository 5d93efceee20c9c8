//! Kept original files in the app (issue 15): the import asks whether to
//! keep each file, the source's details say what is kept, and "Save
//! original…" writes it back on a worker.

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use annals::store::Store;
use annals::ui::dialogs::Dialog;
use annals::ui::{AnnalsApp, Command};
use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const MAIL: &str = "From: Kim <kim@example.org>\nSubject: Satellite launch\n\
                    Date: Tue, 21 Nov 2023 23:40:00 +0900\n\nNew spy satellite launched.\n";

fn harness(app: AnnalsApp) -> Harness<'static, AnnalsApp> {
    let mut harness = Harness::builder()
        .with_max_steps(16)
        .with_size(Vec2::new(1400.0, 860.0))
        .build_ui_state(|ui, app: &mut AnnalsApp| app.show(ui), app);
    harness.run();
    harness
}

/// Steps until `done` holds (a worker's answer arrives between frames).
fn step_until(
    harness: &mut Harness<'_, AnnalsApp>,
    done: impl Fn(&Harness<'_, AnnalsApp>) -> bool,
) {
    for _ in 0..500 {
        harness.step();
        if done(harness) {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("gave up waiting");
}

fn keep_box_checked(harness: &Harness<'_, AnnalsApp>, label: &str) -> bool {
    harness.get_by_label(label).accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
}

#[test]
fn the_import_asks_to_keep_each_original_and_the_details_save_it_back() {
    // SAFETY: the only test of this binary, before any thread is started:
    // nothing reads the environment meanwhile. The in-app path field stands
    // in for the system's file dialog.
    unsafe { std::env::set_var("ANNALS_NO_NATIVE_DIALOGS", "1") };
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("launch.eml");
    std::fs::write(&kept, MAIL).unwrap();
    let other = dir.path().join("note.txt");
    std::fs::write(&other, "Kim met Putin.").unwrap();
    let nb = dir.path().join("research.annals");
    let mut harness = harness(AnnalsApp::with_store(Store::create(&nb).unwrap()).unwrap());
    harness
        .state_mut()
        .push(Command::Import(vec![kept.clone(), other]));
    step_until(&mut harness, |h| h.query_by_label("Import 2").is_some());
    // Each file with its size, kept by default (both are under 50 MB).
    let mail_box = format!(
        "Keep the original file in the notebook ({} bytes)",
        MAIL.len()
    );
    let note_box = "Keep the original file in the notebook (14 bytes)";
    assert!(keep_box_checked(&harness, &mail_box));
    assert!(keep_box_checked(&harness, note_box));
    harness.get_by_label(note_box).click();
    harness.run();
    assert!(!keep_box_checked(&harness, note_box));
    harness.get_by_label("Import 2").click();
    harness.run();
    let notebook = harness.state().notebook().unwrap();
    let kept_of = |title: &str| {
        notebook
            .sources
            .iter()
            .find(|s| s.title == title)
            .unwrap_or_else(|| panic!("no source {title}"))
            .clone()
    };
    let mail = kept_of("Satellite launch");
    assert!(mail.original_kept);
    assert!(!kept_of("note").original_kept);
    assert!(
        harness
            .state()
            .status()
            .text()
            .starts_with("Imported 2 of 2"),
        "{}",
        harness.state().status().text()
    );

    // The details say so, and Save original… writes the file back.
    harness.state_mut().push(Command::OpenSource(mail.id));
    harness.run();
    let line = format!("Original kept in the notebook ({} bytes)", MAIL.len());
    assert!(harness.query_by_label(&line).is_some(), "no {line:?}");
    harness.get_by_label("Save original…").click();
    harness.run();
    assert!(
        matches!(harness.state().dialog(), Some(Dialog::Path { .. })),
        "{:?}",
        harness.state().dialog()
    );
    let out = dir.path().join("back.eml");
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&out.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    step_until(&mut harness, |h| {
        h.state().status().text().starts_with("Saved the original")
    });
    assert_eq!(std::fs::read(&out).unwrap(), MAIL.as_bytes());
    // A second save to the same file is refused, the file kept as it is.
    harness.get_by_label("Save original…").click();
    harness.run();
    harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&out.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    step_until(&mut harness, |h| {
        h.state().status().text().starts_with("Could not save")
    });
    assert!(
        harness
            .state()
            .status()
            .text()
            .contains("exists; choose another name"),
        "{}",
        harness.state().status().text()
    );
    assert_eq!(std::fs::read(&out).unwrap(), MAIL.as_bytes());
}
