//! The visible time window and the mapping between time and screen x.
//!
//! Time is `f64` seconds since 1970-01-01T00:00:00 (proleptic Gregorian,
//! negative before 1970). Screen positions are logical points as plain
//! `f64`: this module knows nothing about egui. A [`Mapping`] is the one
//! time ↔ x conversion: a view shown across an x-range (the widget's, or an
//! exported page's).
//!
//! A [`TimeView`] is view state (persisted, not undoable). Every method that
//! changes it keeps it inside [`MIN_SPAN_SECONDS`]..=[`MAX_SPAN_SECONDS`] and
//! inside ±[`TIME_LIMIT_SECONDS`], and ignores non-finite input, so a bad
//! scroll delta can never leave the widget showing NaN.

use crate::model::date::calendar::{SECONDS_PER_DAY, day_from_civil};

/// Seconds in a mean Gregorian year (365.2425 days). Used to express
/// deep-time limits in years; calendar ticks use the real calendar instead.
pub const SECONDS_PER_MEAN_YEAR: f64 = 365.2425 * SECONDS_PER_DAY as f64;

/// Narrowest visible span: one minute. Events are dated to the second at
/// most and the finest tick unit is one minute, so zooming further would
/// show nothing new.
pub const MIN_SPAN_SECONDS: f64 = 60.0;

/// Widest visible span: two billion years, enough to see deep-time events
/// (about ±10⁹ years) side by side with the present.
pub const MAX_SPAN_SECONDS: f64 = 2.0e9 * SECONDS_PER_MEAN_YEAR;

/// The view never shows time beyond ±2·10⁹ years. At 6.3·10¹⁶ s an `f64`
/// still resolves 8 s, and day numbers stay far inside `i64` for the
/// calendar arithmetic in the tick generator.
pub const TIME_LIMIT_SECONDS: f64 = 2.0e9 * SECONDS_PER_MEAN_YEAR;

/// Fraction of the fitted range added as empty margin on each side by
/// [`TimeView::fit`], so the first and last events are not drawn on the
/// widget's edges where their markers would be cut in half.
pub const FIT_MARGIN_FRACTION: f64 = 0.05;

/// Span shown when fitting a single instant (a lone point event): one week,
/// so the event sits among labelled day ticks rather than at minute zoom.
pub const POINT_FIT_SPAN_SECONDS: f64 = 7.0 * SECONDS_PER_DAY as f64;

/// How far beyond the x-range [`Mapping::x_clamped`] lets positions go.
/// Off-screen bar ends stay hidden by the clip, and coordinates stay small
/// enough for `f32` geometry even for open-ended events.
pub const OFFSCREEN_MARGIN_POINTS: f64 = 16.0;

/// The visible time window: `start` at the widget's left edge, `start +
/// span` at its right edge.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TimeView {
    /// Time at the left edge, in seconds since 1970-01-01.
    pub start: f64,
    /// Visible duration across the whole widget width, in seconds.
    pub span: f64,
}

impl Default for TimeView {
    /// 1900–2100: a neutral window for an empty notebook; the widget fits the
    /// notebook's extent as soon as there are events.
    fn default() -> Self {
        let day = SECONDS_PER_DAY as f64;
        let start = day_from_civil(1900, 1, 1) as f64 * day;
        let end = day_from_civil(2100, 1, 1) as f64 * day;
        Self {
            start,
            span: end - start,
        }
    }
}

impl TimeView {
    /// A view starting at `start` and `span` seconds wide, clamped to the
    /// allowed span and time limits. Non-finite values fall back to the
    /// default view.
    #[must_use]
    pub fn new(start: f64, span: f64) -> Self {
        if !start.is_finite() || !span.is_finite() {
            return Self::default();
        }
        Self { start, span }.clamped()
    }

    /// A view showing exactly `start..=end` (no margin; see [`Self::fit`]).
    #[must_use]
    pub fn from_range(start: f64, end: f64) -> Self {
        Self::new(start.min(end), (end - start).abs())
    }

    /// Time at the right edge.
    #[must_use]
    pub fn end(&self) -> f64 {
        self.start + self.span
    }

    /// Time at the middle of the widget.
    #[must_use]
    pub fn center(&self) -> f64 {
        self.start + 0.5 * self.span
    }

    /// True when `t` is inside the visible window (edges included).
    #[must_use]
    pub fn contains(&self, t: f64) -> bool {
        t >= self.start && t <= self.end()
    }

    /// Seconds covered by one point at this widget width.
    #[must_use]
    pub fn seconds_per_point(&self, width_points: f64) -> f64 {
        if width_points > 0.0 {
            self.span / width_points
        } else {
            self.span
        }
    }

    /// Zooms so that `anchor_time` stays at the same screen x (zoom around
    /// the cursor). `zoom_factor > 1` zooms in (the span is divided by it),
    /// as with egui's `zoom_delta`; `< 1` zooms out. The span is clamped to
    /// its limits; the anchor stays put unless the time limits force a shift.
    pub fn zoom_around(&mut self, anchor_time: f64, zoom_factor: f64) {
        if !anchor_time.is_finite() || !zoom_factor.is_finite() || zoom_factor <= 0.0 {
            return;
        }
        let new_span = (self.span / zoom_factor).clamp(MIN_SPAN_SECONDS, MAX_SPAN_SECONDS);
        // Keep the anchor's fraction across the widget unchanged.
        let fraction = (anchor_time - self.start) / self.span;
        *self = Self {
            start: anchor_time - fraction * new_span,
            span: new_span,
        }
        .clamped();
    }

    /// Pans by a drag of `dx_points` in a widget `width_points` wide:
    /// dragging right (positive `dx_points`) moves the content right, so
    /// earlier times come into view.
    pub fn pan_by_points(&mut self, dx_points: f64, width_points: f64) {
        if !dx_points.is_finite() || width_points <= 0.0 {
            return;
        }
        self.pan_by_seconds(-dx_points * self.span / width_points);
    }

    /// Moves the window by `seconds` (positive shows later times).
    pub fn pan_by_seconds(&mut self, seconds: f64) {
        if !seconds.is_finite() {
            return;
        }
        self.start += seconds;
        *self = self.clamped();
    }

    /// Shows `start..=end` with [`FIT_MARGIN_FRACTION`] of margin on each
    /// side. A single instant (`start == end`) gets
    /// [`POINT_FIT_SPAN_SECONDS`] around it. Infinite sides (open-ended
    /// events) are cut at the time limits; NaN leaves the view unchanged.
    pub fn fit(&mut self, start: f64, end: f64) {
        if start.is_nan() || end.is_nan() {
            return;
        }
        let (lo, hi) = (
            start
                .min(end)
                .clamp(-TIME_LIMIT_SECONDS, TIME_LIMIT_SECONDS),
            start
                .max(end)
                .clamp(-TIME_LIMIT_SECONDS, TIME_LIMIT_SECONDS),
        );
        let width = hi - lo;
        if width <= 0.0 {
            *self = Self {
                start: lo - 0.5 * POINT_FIT_SPAN_SECONDS,
                span: POINT_FIT_SPAN_SECONDS,
            }
            .clamped();
            return;
        }
        let margin = width * FIT_MARGIN_FRACTION;
        *self = Self {
            start: lo - margin,
            span: width + 2.0 * margin,
        }
        .clamped();
        // A very short range is widened by the minimum span: keep it centred.
        if self.span > width + 2.0 * margin {
            self.center_on(lo + 0.5 * width);
        }
    }

    /// Puts `t` in the middle of the widget, keeping the span.
    pub fn center_on(&mut self, t: f64) {
        if !t.is_finite() {
            return;
        }
        self.start = t - 0.5 * self.span;
        *self = self.clamped();
    }

    /// The view with its span within limits and the window within
    /// ±[`TIME_LIMIT_SECONDS`].
    #[must_use]
    fn clamped(self) -> Self {
        if self.start.is_nan() || self.span.is_nan() {
            return Self::default();
        }
        let span = self.span.clamp(MIN_SPAN_SECONDS, MAX_SPAN_SECONDS);
        // Both bounds are finite and ordered because span <= TIME_LIMIT_SECONDS.
        let start = self
            .start
            .clamp(-TIME_LIMIT_SECONDS, TIME_LIMIT_SECONDS - span);
        Self { start, span }
    }
}

/// A view shown across an x-range: the time ↔ screen-x mapping of one
/// frame (or one exported page).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mapping {
    view: TimeView,
    left: f64,
    width: f64,
}

impl Mapping {
    /// `view` across `width` points from `left`. A non-finite left edge
    /// becomes 0 and a non-finite or negative width 0, so positions are
    /// never NaN.
    #[must_use]
    pub fn new(view: TimeView, left: f64, width: f64) -> Self {
        Self {
            view,
            left: if left.is_finite() { left } else { 0.0 },
            width: if width.is_finite() {
                width.max(0.0)
            } else {
                0.0
            },
        }
    }

    /// The window of time shown.
    #[must_use]
    pub fn view(&self) -> &TimeView {
        &self.view
    }

    /// The x-range's left edge.
    #[must_use]
    pub fn left(&self) -> f64 {
        self.left
    }

    /// The x-range's width in points.
    #[must_use]
    pub fn width(&self) -> f64 {
        self.width
    }

    /// Screen x of time `t`. Times outside the view map outside the
    /// x-range (see [`Self::x_clamped`] for painting). A zero width maps
    /// everything to the left edge.
    #[must_use]
    pub fn x_from_time(&self, t: f64) -> f64 {
        if self.width <= 0.0 {
            return self.left;
        }
        self.left + (t - self.view.start) / self.view.span * self.width
    }

    /// Time at screen x; the inverse of [`Self::x_from_time`]. A zero width
    /// maps every x to the view start.
    #[must_use]
    pub fn time_from_x(&self, x: f64) -> f64 {
        if self.width <= 0.0 {
            return self.view.start;
        }
        self.view.start + (x - self.left) / self.width * self.view.span
    }

    /// x of `t` as painted: clamped to within [`OFFSCREEN_MARGIN_POINTS`] of
    /// the x-range (an infinite time lands on the margin).
    #[must_use]
    pub fn x_clamped(&self, t: f64) -> f32 {
        let low = self.left - OFFSCREEN_MARGIN_POINTS;
        let high = self.left + self.width + OFFSCREEN_MARGIN_POINTS;
        let x = self.x_from_time(t);
        // NaN only from infinite minus infinite, which no extent holds.
        let x = if x.is_nan() { low } else { x.clamp(low, high) };
        x as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: f64 = SECONDS_PER_DAY as f64;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    /// `view` across `width` points from `left`.
    fn map(view: TimeView, left: f64, width: f64) -> Mapping {
        Mapping::new(view, left, width)
    }

    #[test]
    fn maps_edges_and_middle() {
        let view = TimeView::new(1000.0, 100.0);
        assert_eq!(map(view, 10.0, 200.0).x_from_time(1000.0), 10.0);
        assert_eq!(map(view, 10.0, 200.0).x_from_time(1100.0), 210.0);
        assert_eq!(map(view, 10.0, 200.0).x_from_time(1050.0), 110.0);
        assert_eq!(map(view, 10.0, 200.0).time_from_x(110.0), 1050.0);
        assert_eq!(map(view, 10.0, 0.0).x_from_time(5.0), 10.0);
        assert_eq!(map(view, 10.0, -1.0).time_from_x(5.0), 1000.0);
    }

    #[test]
    fn painted_positions_stay_near_the_range() {
        let mapping = map(TimeView::new(0.0, 1000.0), 50.0, 1000.0);
        assert_eq!(mapping.x_clamped(500.0), 550.0);
        assert_eq!(mapping.x_clamped(f64::NEG_INFINITY), 34.0);
        assert_eq!(mapping.x_clamped(f64::INFINITY), 1066.0);
        assert_eq!(mapping.x_clamped(f64::NAN), 34.0);
        let odd = map(TimeView::new(0.0, 1000.0), f64::NAN, f64::INFINITY);
        assert_eq!((odd.left(), odd.width()), (0.0, 0.0));
        assert_eq!(odd.x_clamped(5.0), 0.0);
    }

    #[test]
    fn span_is_clamped() {
        let mut view = TimeView::new(0.0, 1.0);
        assert_eq!(view.span, MIN_SPAN_SECONDS);
        view.zoom_around(30.0, 1e6);
        assert_eq!(view.span, MIN_SPAN_SECONDS);
        view.zoom_around(0.0, 1e-30);
        assert_eq!(view.span, MAX_SPAN_SECONDS);
        assert!(view.start >= -TIME_LIMIT_SECONDS);
        assert!(view.end() <= TIME_LIMIT_SECONDS);
    }

    #[test]
    fn zoom_at_min_span_keeps_anchor() {
        let mut view = TimeView::new(0.0, 600.0);
        let before = map(view, 0.0, 1000.0).x_from_time(150.0);
        view.zoom_around(150.0, 1000.0);
        assert_eq!(view.span, MIN_SPAN_SECONDS);
        assert!(close(
            map(view, 0.0, 1000.0).x_from_time(150.0),
            before,
            1e-9
        ));
    }

    #[test]
    fn non_finite_input_is_ignored() {
        let mut view = TimeView::new(0.0, DAY);
        let before = view;
        view.zoom_around(f64::NAN, 2.0);
        view.zoom_around(0.0, f64::INFINITY);
        view.zoom_around(0.0, 0.0);
        view.pan_by_points(f64::NAN, 100.0);
        view.pan_by_points(10.0, 0.0);
        view.center_on(f64::INFINITY);
        view.fit(f64::NAN, 1.0);
        assert_eq!(view, before);
        assert_eq!(TimeView::new(f64::NAN, 1.0), TimeView::default());
    }

    #[test]
    fn pan_drags_content() {
        let mut view = TimeView::new(0.0, 1000.0);
        view.pan_by_points(100.0, 1000.0);
        assert_eq!(view.start, -100.0);
        view.pan_by_points(-100.0, 1000.0);
        assert_eq!(view.start, 0.0);
        view.pan_by_points(1e30, 1000.0);
        assert_eq!(view.start, -TIME_LIMIT_SECONDS);
    }

    #[test]
    fn fit_adds_margin() {
        let mut view = TimeView::default();
        view.fit(0.0, 100.0 * DAY);
        assert!(close(view.start, -5.0 * DAY, 1e-6));
        assert!(close(view.end(), 105.0 * DAY, 1e-6));

        view.fit(10.0 * DAY, 10.0 * DAY);
        assert_eq!(view.span, POINT_FIT_SPAN_SECONDS);
        assert!(close(view.center(), 10.0 * DAY, 1e-6));

        // Ten seconds apart: widened to the minimum span, still centred.
        view.fit(1000.0, 1010.0);
        assert_eq!(view.span, MIN_SPAN_SECONDS);
        assert!(close(view.center(), 1005.0, 1e-9));

        view.fit(f64::NEG_INFINITY, 0.0);
        assert_eq!(view.start, -TIME_LIMIT_SECONDS);
    }

    #[test]
    fn center_on_keeps_span() {
        let mut view = TimeView::new(0.0, 100.0);
        view.center_on(1000.0);
        assert_eq!(view.span, 100.0);
        assert_eq!(view.center(), 1000.0);
    }

    proptest! {
        #[test]
        fn time_x_round_trip(
            start in -TIME_LIMIT_SECONDS / 2.0..TIME_LIMIT_SECONDS / 2.0,
            log_span in MIN_SPAN_SECONDS.ln()..MAX_SPAN_SECONDS.ln(),
            fraction in -0.5f64..1.5,
            left_x in -500.0f64..500.0,
            width in 1.0f64..5000.0,
        ) {
            let view = TimeView::new(start, log_span.exp());
            let mapping = map(view, left_x, width);
            let t = view.start + fraction * view.span;
            let x = mapping.x_from_time(t);
            let back = mapping.time_from_x(x);
            // Error is a few ulps of |t| and the span, plus the rounding of x
            // (an ulp of |x| and |left_x|) scaled by seconds per point.
            let tolerance = 8.0 * f64::EPSILON * (t.abs() + view.span)
                + 8.0 * f64::EPSILON * (x.abs() + left_x.abs()) * view.span / width;
            prop_assert!(close(back, t, tolerance), "{t} -> {x} -> {back}");
            let x_back = mapping.x_from_time(mapping.time_from_x(x));
            prop_assert!(close(x_back, x, 1e-3));
        }

        #[test]
        fn zoom_keeps_anchor_under_cursor(
            start in -1e12f64..1e12,
            log_span in 10.0f64..30.0,
            fraction in 0.0f64..1.0,
            factor in 0.2f64..5.0,
        ) {
            let width = 1000.0;
            let mut view = TimeView::new(start, log_span.exp());
            let anchor = map(view, 0.0, width).time_from_x(fraction * width);
            let before = map(view, 0.0, width).x_from_time(anchor);
            view.zoom_around(anchor, factor);
            let after = map(view, 0.0, width).x_from_time(anchor);
            prop_assert!(close(before, after, 1e-3), "{before} vs {after}");
            prop_assert!(view.span >= MIN_SPAN_SECONDS && view.span <= MAX_SPAN_SECONDS);
        }

        #[test]
        fn pan_there_and_back(
            // Far from the time limits, which would stop the pan.
            start in -1e15f64..1e15,
            log_span in MIN_SPAN_SECONDS.ln()..35.0,
            dx in -2000.0f64..2000.0,
        ) {
            let mut view = TimeView::new(start, log_span.exp());
            let before = view;
            view.pan_by_points(dx, 800.0);
            view.pan_by_points(-dx, 800.0);
            prop_assert!(close(view.start, before.start, 1e-9 * (before.start.abs() + view.span)));
            prop_assert_eq!(view.span, before.span);
        }
    }
}
