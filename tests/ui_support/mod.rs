//! Helpers shared by the window's kittest suites.

use annals::ui::AnnalsApp;
use egui_kittest::Harness;

/// Runs frames until the file work (backups, copies) is done: its end asks
/// for a repaint, so a plain `run` could see more frames than it allows.
pub fn settle(harness: &mut Harness<'_, AnnalsApp>) {
    for _ in 0..1000 {
        harness.step();
        if harness.state().file_work_running() == 0 {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the file work never finished");
}
