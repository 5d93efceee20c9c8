//! Colours and spacing: the only place in Annals with colour literals.
//! Every colour has a light and a dark variant, picked from the active theme.

use std::sync::Arc;

use egui::{Color32, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use super::reader::ReaderColours;
use crate::model::notebook::Colour;
use crate::timeline::TimelineStyle;

/// Width of the event list panel when first shown.
pub const EVENT_LIST_DEFAULT_WIDTH_POINTS: f32 = 380.0;
/// Width of the inspector panel when first shown.
pub const INSPECTOR_DEFAULT_WIDTH_POINTS: f32 = 340.0;
/// Height of one row in the event list.
pub const LIST_ROW_HEIGHT_POINTS: f32 = 22.0;
/// Gap between groups of fields in the inspector.
pub const SECTION_GAP_POINTS: f32 = 10.0;
/// Width of a dialog that explains something (a refused notebook).
pub const MESSAGE_DIALOG_WIDTH_POINTS: f32 = 460.0;
/// Width of the Add source form.
pub const FORM_DIALOG_WIDTH_POINTS: f32 = 560.0;
/// Width of the path field dialog.
pub const PATH_DIALOG_WIDTH_POINTS: f32 = 420.0;
/// Height of the pasted text in the Add source form before it scrolls.
pub const FORM_TEXT_HEIGHT_POINTS: f32 = 260.0;
/// Widest a popup over the reader grows before wrapping.
pub const POPUP_MAX_WIDTH_POINTS: f32 = 420.0;
/// How far below the pointer a popup opens, clear of the clicked text.
pub const POPUP_OFFSET_POINTS: f32 = 12.0;
/// Gap between a selection and its action bar.
pub const ACTION_BAR_GAP_POINTS: f32 = 4.0;
/// Width of a short single-line date field.
pub const DATE_FIELD_WIDTH_POINTS: f32 = 150.0;
/// Width of a field of the source's Edit details form: room for a long
/// headline without crowding the reader.
pub const DETAILS_FIELD_WIDTH_POINTS: f32 = 360.0;
/// Column widths of the event and source lists: dates, names, counts.
pub const DATE_COLUMN_POINTS: f32 = 130.0;
/// See [`DATE_COLUMN_POINTS`].
pub const NAME_COLUMN_POINTS: f32 = 85.0;
/// The event list shows its Track column only in a panel at least this
/// wide: below it, the titles would be cut to a few letters.
pub const LIST_TRACK_COLUMN_MIN_PANEL_POINTS: f32 = 330.0;
/// Opacity of the rectangle a Shift+drag draws on the timeline: the marks
/// under it stay visible.
pub const RECTANGLE_SELECT_ALPHA: f32 = 0.25;
/// Narrowest event list that shows a Tags column: date, track, tags and
/// the count take 328 points, and the title keeps 85 and some margin.
/// Narrower, an event's tags follow its title in the title cell.
pub const LIST_TAGS_COLUMN_MIN_PANEL_POINTS: f32 = 440.0;
/// Most of a narrow list's width the date column starts with.
pub const LIST_DATE_COLUMN_MAX_SHARE: f32 = 0.4;
/// See [`DATE_COLUMN_POINTS`].
pub const COUNT_COLUMN_POINTS: f32 = 28.0;
/// The window's size on first start, and the smallest it may become.
pub const WINDOW_SIZE_POINTS: [f32; 2] = [1280.0, 800.0];
/// See [`WINDOW_SIZE_POINTS`]: below this the inspector's fields and the
/// timeline's toolbar no longer fit beside each other (checked at 800×600,
/// the smallest size the UI tests run at).
pub const MIN_WINDOW_SIZE_POINTS: [f32; 2] = [760.0, 540.0];
/// Narrowest the left panel may be dragged (its three tabs in one row);
/// past it, it collapses.
pub const SIDE_PANEL_MIN_WIDTH_POINTS: f32 = 230.0;
/// The inspector's narrowest: its date field and buttons in one row.
pub const INSPECTOR_MIN_WIDTH_POINTS: f32 = 210.0;
/// Width the centre (timeline or reader) always keeps beside the side
/// panels, so neither can push the timeline out of the window.
pub const CENTRE_MIN_WIDTH_POINTS: f32 = 320.0;
/// Share of the window a side panel takes when first shown in a small
/// window (its default width otherwise).
pub const SIDE_PANEL_DEFAULT_SHARE: f32 = 0.28;

/// The width range and first width of a side panel in a window
/// `window_width` wide: never narrower than `min`, never so wide that the
/// centre loses [`CENTRE_MIN_WIDTH_POINTS`] with both panels at their widest.
#[must_use]
pub fn side_panel_widths(window_width: f32, min: f32, default: f32) -> (f32, f32, f32) {
    let max = ((window_width - CENTRE_MIN_WIDTH_POINTS) / 2.0).max(min);
    let first = default
        .min(window_width * SIDE_PANEL_DEFAULT_SHARE)
        .clamp(min, max);
    (min, max, first)
}
/// Size of a notice written across a whole area ("Drop files…").
pub const BANNER_FONT_POINTS: f32 = 22.0;
/// Opacity of the tint over the window while files are dragged over it.
pub const DROP_TINT_ALPHA: f32 = 0.35;
/// Width of the import progress bar in the status bar.
pub const PROGRESS_WIDTH_POINTS: f32 = 180.0;
/// Narrowest a text column may be dragged.
pub const MIN_COLUMN_POINTS: f32 = 40.0;

/// Rows a feedback line under a field always takes, whatever it says (or
/// when it says nothing), so the form below does not jump while typing;
/// longer messages are cut with "…" and shown whole on hover.
pub const FEEDBACK_ROWS: usize = 2;

/// A feedback line under a field (how a date reads, what is wrong): always
/// [`FEEDBACK_ROWS`] rows high.
pub fn feedback(ui: &mut Ui, text: egui::RichText) {
    let row = ui.text_style_height(&egui::TextStyle::Body);
    let rows = FEEDBACK_ROWS as f32;
    let height = row * rows + ui.spacing().item_spacing.y * (rows - 1.0);
    let full = text.text().to_owned();
    let mut job = Arc::unwrap_or_clone(egui::WidgetText::from(text).into_layout_job(
        ui.style(),
        egui::FontSelection::Default,
        egui::Align::Min,
    ));
    job.wrap.max_rows = FEEDBACK_ROWS;
    ui.vertical(|ui| {
        ui.set_min_height(height);
        let response = ui.add(egui::Label::new(job).wrap());
        if !full.is_empty() {
            response.on_hover_text(full);
        }
    });
}

/// A list of rows (events, sources): striped, a click anywhere on a row
/// picks it, the first column `title` wide.
pub fn list_table(ui: &mut Ui, title: Column) -> TableBuilder<'_> {
    TableBuilder::new(ui)
        .striped(true)
        .sense(Sense::click())
        .column(title)
}

/// The column of a list that takes the room the others leave (titles).
#[must_use]
pub fn title_column() -> Column {
    Column::remainder().at_least(NAME_COLUMN_POINTS).clip(true)
}

/// How far track colours are lightened toward white in a dark theme, so
/// they stay readable on a dark background.
const DARK_TRACK_LIGHTENING: f32 = 0.25;

/// Each colour's light and dark variant; see the fields of [`Theme`].
const ERROR_TEXT: [Color32; 2] = [rgb(0xb0, 0x20, 0x20), rgb(0xff, 0x80, 0x70)];
/// See [`Theme::ok_text`].
const OK_TEXT: [Color32; 2] = [rgb(0x1d, 0x6b, 0x3a), rgb(0x8c, 0xd8, 0x9c)];
/// See [`Theme::no_track`].
const NO_TRACK: [Color32; 2] = [rgb(0x6b, 0x6b, 0x6b), rgb(0xa8, 0xa8, 0xa8)];
/// See [`Theme::unlinked_excerpt`].
const UNLINKED_EXCERPT: [Color32; 2] = [rgb(0xe4, 0xe4, 0xe4), rgb(0x4a, 0x4a, 0x4a)];
/// See [`Theme::unsupported`].
const UNSUPPORTED: [Color32; 2] = [rgb(0xc0, 0x6a, 0x00), rgb(0xff, 0xb0, 0x50)];
/// See [`Theme::disputed`]: a red apart from the unsupported orange and
/// the error text, readable on both backgrounds.
const DISPUTED: [Color32; 2] = [rgb(0xc0, 0x1c, 0x4a), rgb(0xff, 0x6b, 0x8e)];
/// See [`Theme::suggestion_underline`].
const SUGGESTION_UNDERLINE: [Color32; 2] = [rgb(0x7a, 0x3d, 0xc8), rgb(0xc4, 0x9c, 0xff)];
/// See [`Theme::flash`].
const FLASH: [Color32; 2] = [rgb(0xff, 0xd8, 0x4a), rgb(0xb8, 0x8a, 0x00)];

const fn rgb(r: u8, g: u8, b: u8) -> Color32 {
    Color32::from_rgb(r, g, b)
}

/// The colours of the active theme (light or dark), picked once per frame
/// and handed to every view in its context.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// A dark theme is active.
    pub dark: bool,
    /// Text of an error message (status bar, date field feedback).
    pub error_text: Color32,
    /// Text of a confirmation ("Saved", a valid date's reading).
    pub ok_text: Color32,
    /// Quieter text for hints and secondary facts.
    pub weak_text: Color32,
    /// Colour of events with no track.
    pub no_track: Color32,
    /// Background of a highlighted excerpt that supports no event.
    pub unlinked_excerpt: Color32,
    /// Marks an event that no excerpt supports yet.
    pub unsupported: Color32,
    /// Underline of a date suggestion in the reader.
    pub suggestion_underline: Color32,
    /// Flash behind a passage the reader scrolled to.
    pub flash: Color32,
    /// Marks a disputed event: its sources disagree (issue 19).
    pub disputed: Color32,
}

impl Theme {
    /// The theme `ui` is drawn in.
    #[must_use]
    pub fn of(ui: &Ui) -> Self {
        let dark = ui.visuals().dark_mode;
        let pick = |[light, dark_variant]: [Color32; 2]| if dark { dark_variant } else { light };
        Self {
            dark,
            error_text: pick(ERROR_TEXT),
            ok_text: pick(OK_TEXT),
            weak_text: ui.visuals().weak_text_color(),
            no_track: pick(NO_TRACK),
            unlinked_excerpt: pick(UNLINKED_EXCERPT),
            unsupported: pick(UNSUPPORTED),
            suggestion_underline: pick(SUGGESTION_UNDERLINE),
            flash: pick(FLASH),
            disputed: pick(DISPUTED),
        }
    }

    /// A track's colour as painted: the stored colour, lightened a little in
    /// dark mode so it stays readable on a dark background.
    #[must_use]
    pub fn track_colour(&self, colour: Colour) -> Color32 {
        self.timeline_style().track_colour(colour)
    }

    /// The colour of an optional track: its own, or the no-track grey.
    #[must_use]
    pub fn track_or_none(&self, colour: Option<Colour>) -> Color32 {
        colour.map_or(self.no_track, |c| self.track_colour(c))
    }

    /// What the reader paints beyond egui's own visuals.
    #[must_use]
    pub fn reader_colours(&self) -> ReaderColours {
        ReaderColours {
            underline: self.suggestion_underline,
            flash: self.flash,
        }
    }

    /// What the timeline paints beyond egui's own visuals.
    #[must_use]
    pub fn timeline_style(&self) -> TimelineStyle {
        TimelineStyle {
            weak_text: self.weak_text,
            error_text: self.error_text,
            unsupported: self.unsupported,
            no_track: self.no_track,
            track_lightening: if self.dark {
                DARK_TRACK_LIGHTENING
            } else {
                0.0
            },
            date_field_width_points: DATE_FIELD_WIDTH_POINTS,
            disputed: self.disputed,
        }
    }
}
