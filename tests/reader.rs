//! The source reader widget, driven like a user with egui_kittest (no GPU).

// Helpers unwrap too: a panic in a test is a failure with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use annals::model::ExcerptId;
use annals::ui::reader::{Highlight, ReaderColours, ReaderOutput, ReaderState, Underline, reader};
use egui::{Color32, Event, Modifiers, OutputCommand, PointerButton, Pos2, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// Window size the tests run at.
const WINDOW: Vec2 = Vec2::new(800.0, 600.0);
/// Enough frames for a scroll to settle and a flash to fade (1.5 s at 4 frames a second).
const MAX_STEPS: u64 = 40;

const COLOURS: ReaderColours = ReaderColours {
    underline: Color32::from_rgb(0x30, 0x60, 0xd0),
    flash: Color32::from_rgb(0xf0, 0xc0, 0x40),
};

const ARTICLE: &str = "South Korean and United States officials have issued warnings against \
Russian President Vladimir Putin’s potential visit to North Korea — slated for this month.\n\
In an emergency phone call, Kim emphasized the necessity to prevent Putin’s visit from \
resulting in increased military cooperation between Moscow and Pyongyang.\n\
\n\
The two leaders previously met in eastern Russia in September, where they agreed to deepen \
cooperation.";

/// The app around the reader: what it passes in, and what came out.
struct Scene {
    state: ReaderState,
    text: String,
    highlights: Vec<Highlight>,
    underlines: Vec<Underline>,
    last: ReaderOutput,
    clicked_highlights: Vec<i64>,
    clicked_underlines: Vec<usize>,
    hovered_underlines: Vec<usize>,
}

impl Scene {
    fn new(text: impl Into<String>) -> Self {
        Self {
            state: ReaderState::default(),
            text: text.into(),
            highlights: Vec::new(),
            underlines: Vec::new(),
            last: ReaderOutput::default(),
            clicked_highlights: Vec::new(),
            clicked_underlines: Vec::new(),
            hovered_underlines: Vec::new(),
        }
    }

    /// Adds a highlight over the first occurrence of `needle`.
    fn highlight(mut self, needle: &str, id: i64, label: &str) -> Self {
        let (start, end) = char_range(&self.text, needle);
        self.highlights.push(Highlight {
            start,
            end,
            colour: Color32::from_rgb(0xe0, 0x90, 0x30),
            id: ExcerptId(id),
            label: label.to_owned(),
        });
        self
    }

    /// Adds an underline over the first occurrence of `needle`.
    fn underline(mut self, needle: &str, id: usize, hover: &str) -> Self {
        let (start, end) = char_range(&self.text, needle);
        self.underlines.push(Underline {
            start,
            end,
            id,
            hover: hover.to_owned(),
        });
        self
    }

    fn show(&mut self, ui: &mut egui::Ui) {
        let output = reader(
            ui,
            &mut self.state,
            &self.text,
            &self.highlights,
            &self.underlines,
            &COLOURS,
        );
        self.clicked_highlights
            .extend(output.clicked_highlight.map(|excerpt| excerpt.0));
        self.clicked_underlines.extend(output.clicked_underline);
        self.hovered_underlines.extend(output.hovered_underline);
        self.last = output;
    }

    /// The selected text, cut by character offsets.
    fn selected_text(&self) -> Option<String> {
        let (start, end) = self.last.selection?;
        Some(self.text.chars().skip(start).take(end - start).collect())
    }
}

fn harness(scene: Scene) -> Harness<'static, Scene> {
    let mut harness = Harness::builder()
        .with_size(WINDOW)
        .with_max_steps(MAX_STEPS)
        .build_ui_state(|ui, scene: &mut Scene| scene.show(ui), scene);
    harness.run();
    harness
}

/// Character range of the first occurrence of `needle` in `text`.
fn char_range(text: &str, needle: &str) -> (usize, usize) {
    let byte = text.find(needle).expect("needle in text");
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn rect_of(harness: &Harness<'_, Scene>, label: &str) -> Rect {
    harness.get_by_label(label).rect()
}

/// Presses at `from`, moves to `to` and releases there.
fn drag(harness: &mut Harness<'_, Scene>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.drag_at(from);
    harness.hover_at(from.lerp(to, 0.5));
    harness.hover_at(to);
    harness.drop_at(to);
    harness.run();
}

/// Just inside the left edge of a span: the caret lands before its first character.
fn start_of(rect: Rect) -> Pos2 {
    Pos2::new(rect.left() + 1.0, rect.center().y)
}

/// Just inside the right edge of a span: the caret lands after its last character.
fn end_of(rect: Rect) -> Pos2 {
    Pos2::new(rect.right() - 1.0, rect.center().y)
}

#[test]
fn dragging_across_part_of_a_sentence_selects_exactly_those_characters() {
    let scene = Scene::new(ARTICLE)
        .highlight("Korean", 1, "Korean probe")
        .highlight("States", 2, "States probe");
    let mut harness = harness(scene);
    let from = start_of(rect_of(&harness, "Korean probe"));
    let to = end_of(rect_of(&harness, "States probe"));

    drag(&mut harness, from, to);

    let scene = harness.state();
    assert_eq!(
        scene.selected_text().as_deref(),
        Some("Korean and United States")
    );
    assert_eq!(scene.state.selection(), scene.last.selection);
    let bar = scene
        .last
        .selection_rect
        .expect("a rect for the action bar");
    assert!(bar.contains(to) || (bar.center().y - to.y).abs() < bar.height());
    // A drag that starts on a highlight selects; it does not click it.
    assert!(scene.clicked_highlights.is_empty());
}

#[test]
fn dragging_backwards_selects_the_same_characters() {
    let scene = Scene::new(ARTICLE)
        .highlight("Korean", 1, "Korean probe")
        .highlight("States", 2, "States probe");
    let mut harness = harness(scene);
    let from = end_of(rect_of(&harness, "States probe"));
    let to = start_of(rect_of(&harness, "Korean probe"));

    drag(&mut harness, from, to);

    assert_eq!(
        harness.state().selected_text().as_deref(),
        Some("Korean and United States")
    );
}

#[test]
fn a_selection_can_span_two_paragraphs() {
    let scene = Scene::new(ARTICLE)
        .underline("Pyongyang", 7, "Pyongyang probe")
        .highlight("two leaders", 3, "Leaders probe");
    let mut harness = harness(scene);
    let from = start_of(rect_of(&harness, "Pyongyang probe"));
    let to = end_of(rect_of(&harness, "Leaders probe"));

    drag(&mut harness, from, to);

    assert_eq!(
        harness.state().selected_text().as_deref(),
        Some("Pyongyang.\n\nThe two leaders")
    );
}

#[test]
fn set_selection_is_reported_back_with_its_rect() {
    let mut harness = harness(Scene::new(ARTICLE));
    let (start, end) = char_range(ARTICLE, "Vladimir Putin’s potential visit");
    harness.state_mut().state.set_selection(start, end);
    harness.run();

    let scene = harness.state();
    assert_eq!(scene.last.selection, Some((start, end)));
    assert_eq!(
        scene.selected_text().as_deref(),
        Some("Vladimir Putin’s potential visit")
    );
    assert!(scene.last.selection_rect.is_some());

    harness.state_mut().state.clear_selection();
    harness.run();
    assert_eq!(harness.state().last.selection, None);
    assert_eq!(harness.state().last.selection_rect, None);
}

#[test]
fn clicking_a_highlight_reports_its_id_and_clicking_text_clears_the_selection() {
    let scene = Scene::new(ARTICLE)
        .highlight("Russian President Vladimir Putin", 41, "Putin excerpt")
        .highlight("Korean", 1, "Korean probe");
    let mut harness = harness(scene);
    harness.get_by_label("Putin excerpt").click();
    harness.run();
    assert_eq!(harness.state().clicked_highlights, vec![41]);

    let (start, end) = char_range(ARTICLE, "officials");
    harness.state_mut().state.set_selection(start, end);
    harness.run();
    assert!(harness.state().last.selection.is_some());
    // Plain text, to the right of "Korean" on the same line.
    let korean = rect_of(&harness, "Korean probe");
    let plain = Pos2::new(korean.right() + 30.0, korean.center().y);
    harness.hover_at(plain);
    harness.event(pointer(plain, true));
    harness.event(pointer(plain, false));
    harness.run();
    assert_eq!(harness.state().last.selection, None);
    assert_eq!(harness.state().clicked_highlights, vec![41]);
}

#[test]
fn a_screen_reader_click_on_a_highlight_reports_it() {
    let scene = Scene::new(ARTICLE).highlight("North Korea", 8, "North Korea excerpt");
    let mut harness = harness(scene);
    harness.hover_at(Pos2::new(5.0, 5.0));
    harness
        .get_by_label("North Korea excerpt")
        .click_accesskit();
    harness.run();
    assert_eq!(harness.state().clicked_highlights, vec![8]);
}

#[test]
fn a_new_text_in_the_same_state_is_reindexed() {
    let mut harness = harness(Scene::new(long_text(200)));
    let chars = harness.state().text.chars().count();
    harness.state_mut().state.set_selection(chars - 10, chars);
    harness.state_mut().state.scroll_to(chars, None);
    harness.run();

    let scene = harness.state_mut();
    scene.text = ARTICLE.to_owned();
    let (start, end) = char_range(ARTICLE, "Pyongyang");
    scene.highlights.push(Highlight {
        start,
        end,
        colour: Color32::from_rgb(0x60, 0xb0, 0x60),
        id: ExcerptId(9),
        label: "Pyongyang excerpt".to_owned(),
    });
    harness.run();
    // The old selection lay beyond the new text's end.
    assert_eq!(harness.state().last.selection, None);
    harness.get_by_label("Pyongyang excerpt").click();
    harness.run();
    assert_eq!(harness.state().clicked_highlights, vec![9]);
}

#[test]
fn overlapping_highlights_both_show_and_the_shorter_takes_the_click() {
    let scene = Scene::new(ARTICLE)
        .highlight("Vladimir Putin’s potential visit", 10, "Long excerpt")
        .highlight("Putin", 11, "Short excerpt");
    let mut harness = harness(scene);
    assert!(harness.query_by_label("Long excerpt").is_some());
    harness.get_by_label("Short excerpt").click();
    harness.run();
    assert_eq!(harness.state().clicked_highlights, vec![11]);
}

#[test]
fn shift_click_extends_the_selection() {
    let scene = Scene::new(ARTICLE).highlight("States", 2, "States probe");
    let mut harness = harness(scene);
    let (start, _) = char_range(ARTICLE, "South");
    harness.state_mut().state.set_selection(start, start + 5);
    harness.run();

    let to = end_of(rect_of(&harness, "States probe"));
    harness.hover_at(to);
    harness.event_modifiers(pointer(to, true), Modifiers::SHIFT);
    harness.event_modifiers(pointer(to, false), Modifiers::SHIFT);
    harness.run();

    assert_eq!(
        harness.state().selected_text().as_deref(),
        Some("South Korean and United States")
    );
    assert!(harness.state().clicked_highlights.is_empty());
}

#[test]
fn double_click_selects_a_word_and_copy_puts_it_on_the_clipboard() {
    let scene = Scene::new(ARTICLE).highlight("Putin’s", 5, "Putin probe");
    let mut harness = Harness::builder()
        .with_size(WINDOW)
        .with_max_steps(MAX_STEPS)
        // Frames close together, so two clicks make a double-click.
        .with_step_dt(0.02)
        .build_ui_state(|ui, scene: &mut Scene| scene.show(ui), scene);
    harness.run();
    let rect = rect_of(&harness, "Putin probe");
    let inside = Pos2::new(rect.left() + rect.width() * 0.3, rect.center().y);
    harness.hover_at(inside);
    for _ in 0..2 {
        harness.event(pointer(inside, true));
        harness.event(pointer(inside, false));
    }
    harness.run();
    assert_eq!(harness.state().selected_text().as_deref(), Some("Putin’s"));

    harness.event(Event::Copy);
    harness.step();
    let copied: Vec<&OutputCommand> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter(|c| matches!(c, OutputCommand::CopyText(_)))
        .collect();
    assert_eq!(copied, vec![&OutputCommand::CopyText("Putin’s".to_owned())]);
}

#[test]
fn hovering_an_underline_reports_it_and_clicking_it_too() {
    let scene = Scene::new(ARTICLE)
        .underline("September", 3, "Suggested date: September 2023")
        .underline("this month", 4, "Suggested date: June 2024");
    let mut harness = harness(scene);
    harness
        .get_by_label("Suggested date: September 2023")
        .hover();
    harness.run();
    assert_eq!(harness.state().last.hovered_underline, Some(3));
    assert!(!harness.state().hovered_underlines.contains(&4));

    harness.get_by_label("Suggested date: June 2024").click();
    harness.run();
    assert_eq!(harness.state().clicked_underlines, vec![4]);
}

/// `count` numbered paragraphs with curly quotes and dashes.
fn long_text(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "Paragraph {i}: the summit’s delegates — diplomats, soldiers and \
                 reporters — argued about the spy satellite launch until dawn."
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn scroll_to_brings_a_far_excerpt_into_view() {
    let mut scene = Scene::new(long_text(3000));
    let (start, end) = char_range(&scene.text, "Paragraph 2950:");
    scene.highlights.push(Highlight {
        start,
        end,
        colour: Color32::from_rgb(0x60, 0xb0, 0x60),
        id: ExcerptId(2950),
        label: "Far excerpt".to_owned(),
    });
    let mut harness = harness(scene);
    assert!(harness.query_by_label("Far excerpt").is_none());

    harness
        .state_mut()
        .state
        .scroll_to(start, Some((start, end)));
    harness.run();

    let rect = rect_of(&harness, "Far excerpt");
    assert!(
        Rect::from_min_size(Pos2::ZERO, WINDOW).contains_rect(rect),
        "{rect:?} is off screen"
    );
    // Near the middle, as asked.
    assert!((rect.center().y - WINDOW.y / 2.0).abs() < WINDOW.y / 4.0);
    harness.get_by_label("Far excerpt").click();
    harness.run();
    assert_eq!(harness.state().clicked_highlights, vec![2950]);
}

#[test]
fn scroll_to_the_last_character_shows_the_end() {
    let mut scene = Scene::new(long_text(500));
    let (start, end) = char_range(&scene.text, "Paragraph 499:");
    scene.highlights.push(Highlight {
        start,
        end,
        colour: Color32::from_rgb(0x60, 0xb0, 0x60),
        id: ExcerptId(499),
        label: "Last paragraph".to_owned(),
    });
    let last = scene.text.chars().count();
    let mut harness = harness(scene);
    harness.state_mut().state.scroll_to(last, None);
    harness.run();
    let rect = rect_of(&harness, "Last paragraph");
    assert!(Rect::from_min_size(Pos2::ZERO, WINDOW).contains_rect(rect));
}

/// About 10 MB of text.
const TEN_MB: usize = 10 * 1024 * 1024;

fn check_large_source(text: String) {
    let chars = text.chars().count();
    // A word near the middle, so that the highlight sits on one line.
    let middle_byte = text.len() / 2;
    let word = middle_byte + text[middle_byte..].find("Putin").unwrap();
    let middle = text[..word].chars().count();
    // The last word of the text, and its first.
    let last_byte = text.rfind("Washington").unwrap();
    let last = text[..last_byte].chars().count();
    let mut scene = Scene::new(text);
    for (start, id, label) in [(middle, 1, "Middle"), (0, 2, "Start"), (last, 3, "End")] {
        scene.highlights.push(Highlight {
            start,
            end: start + 5,
            colour: Color32::from_rgb(0x60, 0xb0, 0x60),
            id: ExcerptId(id),
            label: label.to_owned(),
        });
    }
    let mut harness = harness(scene);
    // The mouse wheel, then a jump to the middle, then to the end.
    harness.hover_at(Pos2::new(400.0, 300.0));
    for _ in 0..3 {
        harness.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Page,
            delta: Vec2::new(0.0, -3.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    harness.state_mut().state.scroll_to(middle, None);
    harness.run();
    let rect = rect_of(&harness, "Middle");
    assert!(Rect::from_min_size(Pos2::ZERO, WINDOW).contains_rect(rect));

    // A drag-selection there maps to the right characters: the whole word
    // pointed into ("Putin’s"), since drags snap to words.
    drag(&mut harness, start_of(rect), end_of(rect));
    assert_eq!(harness.state().last.selection, Some((middle, middle + 7)));

    // Then to the very end, and back to the start: each is on screen, the
    // other two far away.
    let screen = Rect::from_min_size(Pos2::ZERO, WINDOW);
    harness.state_mut().state.scroll_to(chars, None);
    harness.run();
    assert!(screen.contains_rect(rect_of(&harness, "End")));
    assert!(harness.query_by_label("Start").is_none());
    assert!(harness.query_by_label("Middle").is_none());
    assert_eq!(
        harness.state().last.selection_rect,
        None,
        "the selection is off screen"
    );
    harness.state_mut().state.scroll_to(0, None);
    harness.run();
    assert!(screen.contains_rect(rect_of(&harness, "Start")));
    assert!(harness.query_by_label("End").is_none());
    assert!(harness.query_by_label("Middle").is_none());
}

fn pointer(pos: Pos2, pressed: bool) -> Event {
    Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    }
}

#[test]
fn a_ten_megabyte_source_of_short_paragraphs_opens_and_scrolls() {
    let paragraph = "Putin’s visit to Pyongyang — the second summit in a year — drew \
                     warnings from Seoul and Washington.\n";
    let text = paragraph.repeat(TEN_MB / paragraph.len());
    check_large_source(text);
}

#[test]
fn a_ten_megabyte_source_with_no_line_breaks_opens_and_scrolls() {
    let sentence = "Putin’s visit to Pyongyang — the second summit in a year — drew \
                    warnings from Seoul and Washington. ";
    let text = sentence.repeat(TEN_MB / sentence.len());
    check_large_source(text);
}

#[test]
fn a_drag_snaps_to_whole_words_and_shift_arrows_extend_it() {
    // The slip once seen: a drag from inside "the" stored "he launch …".
    let text = "Officials warned before the launch in November. Kim’s visit followed.";
    let scene = Scene::new(text)
        .highlight("the launch", 1, "Launch probe")
        .highlight("November", 2, "November probe");
    let mut harness = harness(scene);
    let launch = rect_of(&harness, "Launch probe");
    let november = rect_of(&harness, "November probe");
    // Pressed on the "h" of "the", released in the middle of "November".
    let from = Pos2::new(launch.left() + 7.0, launch.center().y);
    drag(&mut harness, from, november.center());
    assert_eq!(
        harness.state().selected_text().as_deref(),
        Some("the launch in November")
    );
    // Shift+➡ takes the full stop, Ctrl+Shift+➡ the next word.
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::ArrowRight);
    harness.run();
    assert_eq!(
        harness.state().selected_text().as_deref(),
        Some("the launch in November.")
    );
    harness.key_press_modifiers(Modifiers::SHIFT | Modifiers::COMMAND, egui::Key::ArrowRight);
    harness.run();
    assert_eq!(
        harness.state().selected_text().as_deref(),
        Some("the launch in November. Kim’s")
    );
    harness.key_press_modifiers(Modifiers::SHIFT, egui::Key::ArrowLeft);
    harness.run();
    assert_eq!(
        harness.state().selected_text().as_deref(),
        Some("the launch in November. Kim’")
    );
}
