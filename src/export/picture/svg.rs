//! A [`Scene`] drawn as SVG: the same shapes the widget paints
//! (`timeline/paint.rs`), in the light theme, with text as text.
//!
//! Every notebook text goes through [`text::html`] (escaping `<>&"'` and
//! dropping characters XML cannot carry) and [`text::isolate`] (an RTL
//! override stays inside its own title). Titles are elided by an estimate
//! of their width: an SVG is drawn by whatever font its viewer has, so a
//! label's box is what the layout reserved, not a measurement.

use std::fmt::Write as _;

use crate::export::text;
use crate::model::Notebook;
use crate::model::notebook::Colour;
use crate::timeline::brackets::BracketMark;
use crate::timeline::geometry::{Bounds, Point};
use crate::timeline::layout::MARKER_RADIUS_POINTS;
use crate::timeline::marks::{
    ARROW_POINTS, BADGE_GAP_POINTS, BADGE_SIZE_POINTS, BAR_ALPHA, BAR_HEIGHT_POINTS, ClusterMark,
    DASH_GAP_POINTS, DASH_POINTS, FUZZY_ALPHA, FadeZone, Glyph, LABEL_FONT_POINTS, LEGEND,
    LEGEND_ARROW_GAP_POINTS, LEGEND_BADGE_OFFSET_POINTS, LEGEND_BAR_WIDTH_POINTS,
    LEGEND_EXCERPT_COUNT, LEGEND_FUZZ_POINTS, LEGEND_SAMPLE_WIDTH_POINTS, LEGEND_SOFT_EDGE_POINTS,
    LegendSample, Mark, UNCERTAIN_FILL_ALPHA, UNKNOWN_TAIL_ALPHA,
};
use crate::timeline::project::{AVG_CHAR_WIDTH_POINTS, WIDE_CHAR_GLYPHS, is_wide};
use crate::timeline::scene::{
    AXIS_FONT_POINTS, DENSITY_ALPHA, EMPTY_NOTICE, LaneMarks, LaneScene, Overview, Scene,
};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn of(colour: Colour) -> Self {
        Self(colour.r, colour.g, colour.b)
    }

    fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The light theme as the widget shows it (egui's light visuals and the
/// app's theme), on white paper.
pub mod palette {
    use super::Rgb;
    /// The page.
    pub const PAPER: Rgb = Rgb(0xff, 0xff, 0xff);
    /// Text (egui's non-interactive text).
    pub const TEXT: Rgb = Rgb(80, 80, 80);
    /// Strong text: ticks at major steps, counts, the title.
    pub const STRONG: Rgb = Rgb(0, 0, 0);
    /// Grid lines, lane separators.
    pub const GRID: Rgb = Rgb(190, 190, 190);
    /// A lane's name strip.
    pub const HEADER: Rgb = Rgb(243, 243, 243);
    /// The excerpt badge and the context label's box.
    pub const BADGE: Rgb = Rgb(230, 230, 230);
    /// The overview's bars.
    pub const OVERVIEW_BARS: Rgb = Rgb(60, 60, 60);
    /// The overview's background.
    pub const OVERVIEW_BACK: Rgb = Rgb(248, 248, 248);
    /// The overview's window on the view (egui's selection).
    pub const WINDOW_FILL: Rgb = Rgb(144, 209, 255);
    /// See [`WINDOW_FILL`].
    pub const WINDOW_STROKE: Rgb = Rgb(0, 83, 125);
    /// Events with no track (the app's light no-track grey).
    pub const NO_TRACK: Rgb = Rgb(0x6b, 0x6b, 0x6b);
    /// An event no excerpt supports (the app's light "unsupported").
    pub const UNSUPPORTED: Rgb = Rgb(0xc0, 0x6a, 0x00);
    /// Weak text: the notice on an empty timeline, the page's subtitle.
    pub const WEAK: Rgb = Rgb(140, 140, 140);
}

/// The families a picture asks for; the renderer falls back per character
/// (Hangul, Han, Arabic) to any installed font that has it.
pub const FONT_FAMILIES: &str = "'Noto Sans', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

/// Where a line of text's baseline sits below its top, as a fraction of
/// its size: the ascent of common sans fonts (egui places text by its top).
const BASELINE_FRACTION: f32 = 0.8;

/// Average advance of a narrow character, in ems, for eliding labels: the
/// estimate the timeline's layout reserves label room with, so a label the
/// layout gave room for is not cut.
const NARROW_CHAR_EMS: f32 = AVG_CHAR_WIDTH_POINTS / LABEL_FONT_POINTS;

/// Advance of a wide character (Han, Hangul, kana, full-width forms), as
/// the layout counts it.
const WIDE_CHAR_EMS: f32 = NARROW_CHAR_EMS * WIDE_CHAR_GLYPHS;

/// Font size of badge counts (as the widget).
const BADGE_FONT_POINTS: f32 = 10.0;

/// Font size of cluster counts (as the widget).
const CLUSTER_FONT_POINTS: f32 = 11.0;

/// Corner radius of badges and clusters (as the widget).
const BADGE_RADIUS_POINTS: f32 = 7.0;

/// Size of the notice on an empty timeline (as the widget).
const EMPTY_NOTICE_FONT_POINTS: f32 = 14.0;

/// Height of one legend row.
pub const LEGEND_ROW_POINTS: f32 = 20.0;

/// Gap after a legend entry's text before the next sample.
const LEGEND_ENTRY_GAP_POINTS: f32 = 18.0;

/// Font size of the legend's text.
const LEGEND_FONT_POINTS: f32 = 11.0;

/// The estimated width of `text` at `size` points.
#[must_use]
pub fn text_width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| {
            if is_wide(c) {
                WIDE_CHAR_EMS
            } else {
                NARROW_CHAR_EMS
            }
        })
        .sum::<f32>()
        * size
}

/// `text` cut to fit `max_width` at `size`, with "…" when cut.
fn elide(text: &str, size: f32, max_width: f32) -> std::borrow::Cow<'_, str> {
    if text_width(text, size) <= max_width {
        return std::borrow::Cow::Borrowed(text);
    }
    let room = max_width - NARROW_CHAR_EMS * size;
    let mut width = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        width += if is_wide(c) {
            WIDE_CHAR_EMS
        } else {
            NARROW_CHAR_EMS
        } * size;
        if width > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    std::borrow::Cow::Owned(out)
}

/// A number as SVG wants it: two decimals at most, no trailing zeros.
fn num(value: f32) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let mut s = format!("{value:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" { "0".to_owned() } else { s }
}

/// Notebook text made safe for SVG content.
fn safe(text: &str) -> String {
    text::html(&text::isolate(&text::one_line(text))).into_owned()
}

/// How text is anchored horizontally.
#[derive(Clone, Copy)]
pub enum Anchor {
    /// At its start.
    Start,
    /// At its middle.
    Middle,
    /// At its end.
    End,
}

/// An SVG document being written.
pub struct Svg {
    out: String,
    defs: String,
    gradients: std::collections::HashSet<Rgb>,
    clips: usize,
}

impl Svg {
    /// A document `width` × `height` points on white paper.
    #[must_use]
    pub fn new() -> Self {
        Self {
            out: String::new(),
            defs: String::new(),
            gradients: std::collections::HashSet::new(),
            clips: 0,
        }
    }

    /// The finished document, `width` × `height` points, with a title.
    #[must_use]
    pub fn finish(self, width: f32, height: f32, title: &str) -> String {
        let mut doc = String::with_capacity(self.out.len() + self.defs.len() + 512);
        let _ = write!(
            doc,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILIES}\" role=\"img\">\n<title>{}</title>\n<defs>\n{}</defs>\n<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>\n",
            safe(title),
            self.defs,
            palette::PAPER.hex(),
            w = num(width),
            h = num(height),
        );
        doc.push_str(&self.out);
        doc.push_str("</svg>\n");
        doc
    }

    /// A filled rectangle.
    pub fn rect(&mut self, b: Bounds, fill: Rgb, opacity: f32, radius: f32) {
        if b.width() <= 0.0 || b.height() <= 0.0 {
            return;
        }
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"",
            num(b.min_x),
            num(b.min_y),
            num(b.width()),
            num(b.height()),
            fill.hex()
        );
        self.finish_shape(opacity, radius);
    }

    fn finish_shape(&mut self, opacity: f32, radius: f32) {
        if opacity < 1.0 {
            let _ = write!(self.out, " fill-opacity=\"{}\"", num(opacity));
        }
        if radius > 0.0 {
            let _ = write!(self.out, " rx=\"{}\"", num(radius));
        }
        self.out.push_str("/>\n");
    }

    /// A stroked rectangle, dashed when `dash` is given.
    fn rect_stroke(
        &mut self,
        b: Bounds,
        stroke: (Rgb, f32),
        radius: f32,
        dash: Option<(f32, f32)>,
    ) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"",
            num(b.min_x),
            num(b.min_y),
            num(b.width()),
            num(b.height()),
            stroke.0.hex(),
            num(stroke.1)
        );
        if let Some((on, off)) = dash {
            let _ = write!(self.out, " stroke-dasharray=\"{} {}\"", num(on), num(off));
        }
        self.finish_shape(1.0, radius);
    }

    /// A line.
    pub fn line(&mut self, a: Point, b: Point, colour: Rgb, opacity: f32) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"",
            num(a.x),
            num(a.y),
            num(b.x),
            num(b.y),
            colour.hex()
        );
        if opacity < 1.0 {
            let _ = write!(self.out, " stroke-opacity=\"{}\"", num(opacity));
        }
        self.out.push_str("/>\n");
    }

    /// Notebook or interface text with its top-left (or top-middle, or
    /// top-right) at `at`.
    pub fn text(&mut self, at: Point, value: &str, size: f32, colour: Rgb, anchor: Anchor) {
        self.text_styled(at, value, (size, false), colour, anchor);
    }

    /// As [`Self::text`], bold when asked.
    pub fn text_styled(
        &mut self,
        at: Point,
        value: &str,
        (size, bold): (f32, bool),
        colour: Rgb,
        anchor: Anchor,
    ) {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\"",
            num(at.x),
            num(at.y + size * BASELINE_FRACTION),
            num(size),
            colour.hex()
        );
        match anchor {
            Anchor::Start => {}
            Anchor::Middle => self.out.push_str(" text-anchor=\"middle\""),
            Anchor::End => self.out.push_str(" text-anchor=\"end\""),
        }
        if bold {
            self.out.push_str(" font-weight=\"bold\"");
        }
        let _ = writeln!(self.out, ">{}</text>", safe(value));
    }

    /// Text centred on `centre`.
    fn text_centred(&mut self, centre: Point, value: &str, size: f32, colour: Rgb) {
        let top = Point {
            x: centre.x,
            y: centre.y - size / 2.0,
        };
        self.text(top, value, size, colour, Anchor::Middle);
    }

    /// The id of the gradient fading `colour` in from the left (`in`) or
    /// out to the right (`out`), defined once per colour.
    fn gradient(&mut self, colour: Rgb, fade_in: bool) -> String {
        let id = format!("g{}", &colour.hex()[1..]);
        if self.gradients.insert(colour) {
            let hex = colour.hex();
            let _ = write!(
                self.defs,
                "<linearGradient id=\"{id}i\"><stop offset=\"0\" stop-color=\"{hex}\" stop-opacity=\"0\"/><stop offset=\"1\" stop-color=\"{hex}\"/></linearGradient>\n<linearGradient id=\"{id}o\"><stop offset=\"0\" stop-color=\"{hex}\"/><stop offset=\"1\" stop-color=\"{hex}\" stop-opacity=\"0\"/></linearGradient>\n"
            );
        }
        format!("{id}{}", if fade_in { 'i' } else { 'o' })
    }

    fn gradient_rect(&mut self, b: Bounds, colour: Rgb, opacity: f32, fade_in: bool) {
        if b.width() <= 0.0 || b.height() <= 0.0 {
            return;
        }
        let id = self.gradient(colour, fade_in);
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#{id})\"",
            num(b.min_x),
            num(b.min_y),
            num(b.width()),
            num(b.height()),
        );
        self.finish_shape(opacity, 0.0);
    }

    /// A bar whose ends fade in over `fade` points (as the widget's).
    fn faded_bar(&mut self, b: Bounds, colour: Rgb, opacity: f32, (left, right): (f32, f32)) {
        let width = b.width();
        if width <= 0.0 {
            return;
        }
        let left = left.min(width / 2.0).max(0.0);
        let right = right.min(width / 2.0).max(0.0);
        let (x0, x1) = (b.min_x + left, b.max_x - right);
        self.gradient_rect(
            Bounds::from_min_max(b.min_x, b.min_y, x0, b.max_y),
            colour,
            opacity,
            true,
        );
        self.rect(
            Bounds::from_min_max(x0, b.min_y, x1, b.max_y),
            colour,
            opacity,
            0.0,
        );
        self.gradient_rect(
            Bounds::from_min_max(x1, b.min_y, b.max_x, b.max_y),
            colour,
            opacity,
            false,
        );
    }

    /// A zone fading from `colour` at its inner edge to nothing.
    fn fade_zone(&mut self, zone: FadeZone, colour: Rgb, opacity: f32) {
        if (zone.inner_x - zone.outer_x).abs() < 0.5 {
            return;
        }
        let fade_in = zone.outer_x < zone.inner_x;
        let (a, b) = if fade_in {
            (zone.outer_x, zone.inner_x)
        } else {
            (zone.inner_x, zone.outer_x)
        };
        self.gradient_rect(
            Bounds::from_min_max(a, zone.y0, b, zone.y1),
            colour,
            opacity,
            fade_in,
        );
    }

    fn arrow(&mut self, tip: Point, pointing_right: bool, colour: Rgb) {
        let back = if pointing_right {
            -ARROW_POINTS
        } else {
            ARROW_POINTS
        };
        let half = ARROW_POINTS / 1.6;
        let _ = writeln!(
            self.out,
            "<polygon points=\"{},{} {},{} {},{}\" fill=\"{}\"/>",
            num(tip.x),
            num(tip.y),
            num(tip.x + back),
            num(tip.y - half),
            num(tip.x + back),
            num(tip.y + half),
            colour.hex()
        );
    }

    fn circle(
        &mut self,
        centre: Point,
        radius: f32,
        fill: Option<(Rgb, f32)>,
        stroke: Option<(Rgb, f32, (f32, f32))>,
    ) {
        let _ = write!(
            self.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
            num(centre.x),
            num(centre.y),
            num(radius)
        );
        match fill {
            Some((colour, opacity)) => {
                let _ = write!(self.out, " fill=\"{}\"", colour.hex());
                if opacity < 1.0 {
                    let _ = write!(self.out, " fill-opacity=\"{}\"", num(opacity));
                }
            }
            None => self.out.push_str(" fill=\"none\""),
        }
        if let Some((colour, width, (on, off))) = stroke {
            let _ = write!(
                self.out,
                " stroke=\"{}\" stroke-width=\"{}\" stroke-dasharray=\"{} {}\"",
                colour.hex(),
                num(width),
                num(on),
                num(off)
            );
        }
        self.out.push_str("/>\n");
    }

    /// Starts a group clipped to `b` (the lanes, as the widget clips).
    pub fn begin_clip(&mut self, b: Bounds) {
        self.clips += 1;
        let id = format!("c{}", self.clips);
        let _ = writeln!(
            self.defs,
            "<clipPath id=\"{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
            num(b.min_x),
            num(b.min_y),
            num(b.width()),
            num(b.height())
        );
        let _ = writeln!(self.out, "<g clip-path=\"url(#{id})\">");
    }

    /// Ends a group.
    pub fn end_group(&mut self) {
        self.out.push_str("</g>\n");
    }

    /// Starts a group that a viewer shows `tooltip` for (a mark's title
    /// and date), or a plain group.
    fn begin_group(&mut self, tooltip: Option<&str>) {
        self.out.push_str("<g>");
        if let Some(tooltip) = tooltip {
            let _ = write!(self.out, "<title>{}</title>", safe(tooltip));
        }
        self.out.push('\n');
    }
}

impl Default for Svg {
    fn default() -> Self {
        Self::new()
    }
}

/// A lane's colour: its track's, or the no-track grey.
fn lane_colour(colour: Option<Colour>) -> Rgb {
    colour.map_or(palette::NO_TRACK, Rgb::of)
}

/// Draws `scene` (axis, lanes with their marks, the empty notice) and, when
/// given, the overview strip.
pub fn draw_scene(svg: &mut Svg, scene: &Scene, notebook: &Notebook, overview: Option<&Overview>) {
    axis(svg, scene);
    svg.begin_clip(scene.areas.lanes);
    for lane in &scene.lanes {
        lane_scene(svg, lane, notebook);
    }
    if let Some(centre) = scene.empty_notice {
        svg.text_centred(
            centre,
            EMPTY_NOTICE,
            EMPTY_NOTICE_FONT_POINTS,
            palette::WEAK,
        );
    }
    svg.end_group();
    if let Some(overview) = overview {
        overview_strip(svg, overview);
    }
}

fn axis(svg: &mut Svg, scene: &Scene) {
    let axis = &scene.axis;
    let b = axis.bounds;
    svg.line(
        Point {
            x: b.min_x,
            y: b.max_y,
        },
        Point {
            x: b.max_x,
            y: b.max_y,
        },
        palette::GRID,
        1.0,
    );
    let context_right = axis.context_label.as_ref().map_or(b.min_x, |context| {
        let width = text_width(context, AXIS_FONT_POINTS) + 8.0;
        let rect = Bounds::from_min_size(b.min_x, b.min_y + 2.0, width, AXIS_FONT_POINTS + 4.0);
        svg.rect(rect, palette::PAPER, 1.0, 3.0);
        svg.text(
            Point {
                x: rect.min_x + 4.0,
                y: rect.min_y + 1.0,
            },
            context,
            AXIS_FONT_POINTS,
            palette::STRONG,
            Anchor::Start,
        );
        rect.max_x
    });
    for tick in &axis.ticks {
        let opacity = if tick.major { 1.0 } else { 0.45 };
        svg.line(
            Point {
                x: tick.x,
                y: b.max_y - 6.0,
            },
            Point {
                x: tick.x,
                y: axis.grid_bottom,
            },
            palette::GRID,
            opacity,
        );
        if tick.x + 3.0 < context_right + 2.0 {
            continue;
        }
        let colour = if tick.major {
            palette::STRONG
        } else {
            palette::TEXT
        };
        svg.text(
            Point {
                x: tick.x + 3.0,
                y: b.min_y + 3.0,
            },
            &tick.label,
            AXIS_FONT_POINTS,
            colour,
            Anchor::Start,
        );
    }
}

fn lane_scene(svg: &mut Svg, lane: &LaneScene, notebook: &Notebook) {
    let colour = lane_colour(lane.colour);
    svg.rect(lane.header.bounds, palette::HEADER, 1.0, 0.0);
    svg.line(
        Point {
            x: lane.bounds.min_x,
            y: lane.bounds.max_y,
        },
        Point {
            x: lane.bounds.max_x,
            y: lane.bounds.max_y,
        },
        palette::GRID,
        1.0,
    );
    svg.rect(lane.header.swatch, colour, 1.0, 2.0);
    svg.text(
        lane.header.text_at,
        &header_text(lane, notebook),
        AXIS_FONT_POINTS,
        palette::TEXT,
        Anchor::Start,
    );
    match &lane.content {
        LaneMarks::Events {
            marks,
            clusters,
            brackets,
        } => {
            for bracket in brackets {
                if let Some(event) = notebook.events.get(bracket.event_index) {
                    let tooltip = format!("{} — {}", event.date.display(), event.title);
                    svg.begin_group(Some(&tooltip));
                    self::bracket(svg, bracket, &event.title, colour);
                    svg.end_group();
                }
            }
            for mark in marks {
                if let Some(event) = notebook.events.get(mark.event_index) {
                    let tooltip = format!("{} — {}", event.date.display(), event.title);
                    svg.begin_group(Some(&tooltip));
                    self::mark(svg, mark, &event.title, colour);
                    svg.end_group();
                }
            }
            for cluster in clusters {
                self::cluster(svg, cluster, colour, notebook);
            }
        }
        LaneMarks::Density { bars, .. } => {
            for bar in bars {
                svg.rect(*bar, colour, DENSITY_ALPHA, 0.0);
            }
        }
    }
}

/// A lane's header text with the track's name in a bidi isolate, so an
/// Arabic or Hebrew name does not pull the count into its run.
fn header_text(lane: &LaneScene, notebook: &Notebook) -> String {
    let name = lane
        .track
        .and_then(|id| notebook.tracks.iter().find(|t| t.id == id))
        .map(|t| t.name.as_str());
    match name {
        Some(name) if !lane.header.text.contains('\u{2068}') => {
            lane.header
                .text
                .replacen(name, &format!("\u{2068}{}\u{2069}", text::isolate(name)), 1)
        }
        _ => lane.header.text.clone(),
    }
}

/// One event's mark and label, as `paint::mark` draws it.
fn mark(svg: &mut Svg, mark: &Mark, title: &str, colour: Rgb) {
    match mark.glyph {
        Glyph::Point { centre, uncertain } => {
            for zone in mark.fuzzy.iter().flatten() {
                svg.fade_zone(*zone, colour, FUZZY_ALPHA);
            }
            if uncertain {
                svg.circle(
                    centre,
                    MARKER_RADIUS_POINTS,
                    Some((colour, 0.35)),
                    Some((colour, 1.5, (2.0, 1.5))),
                );
            } else {
                svg.circle(centre, MARKER_RADIUS_POINTS, Some((colour, 1.0)), None);
            }
        }
        Glyph::Bar {
            bounds,
            fade,
            dashed,
        } => {
            svg.faded_bar(bounds, colour, BAR_ALPHA, fade);
            for zone in mark.fuzzy.iter().flatten() {
                svg.fade_zone(*zone, colour, FUZZY_ALPHA);
            }
            if dashed {
                svg.rect_stroke(
                    bounds.expand(1.0),
                    (colour, 1.2),
                    0.0,
                    Some((DASH_POINTS, DASH_GAP_POINTS)),
                );
            }
            if let Some((tail, question)) = mark.unknown_end {
                svg.fade_zone(tail, colour, UNKNOWN_TAIL_ALPHA);
                let top = Point {
                    x: question.x,
                    y: question.y - LABEL_FONT_POINTS / 2.0,
                };
                svg.text(top, "?", LABEL_FONT_POINTS, colour, Anchor::Start);
            }
            if let Some(tip) = mark.open_end {
                svg.arrow(tip, true, colour);
            }
            if let Some(tip) = mark.open_start {
                svg.arrow(tip, false, colour);
            }
        }
    }
    if let Some(label) = mark.label {
        let shown = elide(title, LABEL_FONT_POINTS, label.max_width);
        svg.text(
            label.at,
            &shown,
            LABEL_FONT_POINTS,
            palette::TEXT,
            Anchor::Start,
        );
        let text_right = label.at.x + text_width(&shown, LABEL_FONT_POINTS);
        badge(
            svg,
            Point {
                x: text_right + BADGE_GAP_POINTS,
                y: label.at.y + LABEL_FONT_POINTS / 2.0,
            },
            mark.excerpts,
        );
    }
}

/// A parent's bracket over its children (or, folded, its bar), with its
/// title on it, as `paint::bracket` draws it (the fold control is the
/// window's, not the page's).
fn bracket(svg: &mut Svg, bracket: &BracketMark, title: &str, colour: Rgb) {
    let (x0, x1, y) = (bracket.x0, bracket.x1, bracket.y);
    if bracket.folded {
        let half = crate::timeline::brackets::FOLDED_BAR_HALF_HEIGHT_POINTS;
        svg.rect(
            Bounds::from_min_max(x0, y - half, x1, y + half),
            colour,
            0.35,
            3.0,
        );
    } else {
        let p = |x, y| Point { x, y };
        svg.line(p(x0, bracket.tick_bottom), p(x0, y), colour, 1.0);
        svg.line(p(x0, y), p(x1, y), colour, 1.0);
        svg.line(p(x1, y), p(x1, bracket.tick_bottom), colour, 1.0);
    }
    if let Some(label) = bracket.label {
        let title = bracket.title(title);
        let shown = elide(&title, LABEL_FONT_POINTS, label.max_width);
        let width = text_width(&shown, LABEL_FONT_POINTS);
        svg.rect(
            Bounds::from_min_size(
                label.at.x - 1.0,
                label.at.y,
                width + 2.0,
                LABEL_FONT_POINTS + 2.0,
            ),
            palette::PAPER,
            1.0,
            2.0,
        );
        svg.text(
            label.at,
            &shown,
            LABEL_FONT_POINTS,
            palette::TEXT,
            Anchor::Start,
        );
    }
}

/// The excerpt-count badge, or the warning badge of an unsupported event.
fn badge(svg: &mut Svg, left_centre: Point, count: usize) {
    let (width, height) = BADGE_SIZE_POINTS;
    let b = Bounds::from_min_size(left_centre.x, left_centre.y - height / 2.0, width, height);
    if count == 0 {
        svg.rect_stroke(b, (palette::UNSUPPORTED, 1.2), BADGE_RADIUS_POINTS, None);
        svg.text_centred(b.centre(), "!", BADGE_FONT_POINTS, palette::UNSUPPORTED);
    } else {
        svg.rect(b, palette::BADGE, 1.0, BADGE_RADIUS_POINTS);
        svg.text_centred(
            b.centre(),
            &count.to_string(),
            BADGE_FONT_POINTS,
            palette::STRONG,
        );
    }
}

fn cluster(svg: &mut Svg, cluster: &ClusterMark, colour: Rgb, notebook: &Notebook) {
    let mut tooltip = format!("{} events", cluster.count);
    for member in &cluster.members {
        if let Some(event) = notebook.events.get(*member as usize) {
            let _ = write!(tooltip, "; {} — {}", event.date.display(), event.title);
        }
    }
    svg.begin_group(Some(&tooltip));
    svg.rect(cluster.bounds, colour, 0.3, BADGE_RADIUS_POINTS);
    svg.rect_stroke(cluster.bounds, (colour, 1.0), BADGE_RADIUS_POINTS, None);
    svg.text_centred(
        cluster.bounds.centre(),
        &cluster.count.to_string(),
        CLUSTER_FONT_POINTS,
        palette::STRONG,
    );
    svg.end_group();
}

fn overview_strip(svg: &mut Svg, overview: &Overview) {
    svg.rect(overview.bounds, palette::OVERVIEW_BACK, 1.0, 2.0);
    for bar in &overview.bars {
        svg.rect(*bar, palette::OVERVIEW_BARS, 1.0, 0.0);
    }
    svg.rect(overview.window, palette::WINDOW_FILL, 0.35, 2.0);
    svg.rect_stroke(overview.window, (palette::WINDOW_STROKE, 1.0), 2.0, None);
}

/// Lays the legend out in rows across `width` from `top_left`; returns
/// its height. With `svg`, draws it too.
pub fn legend(svg: Option<&mut Svg>, top_left: Point, width: f32) -> f32 {
    let mut svg = svg;
    let (mut x, mut y) = (top_left.x, top_left.y);
    for (kind, label) in LEGEND {
        let entry = LEGEND_SAMPLE_WIDTH_POINTS + 4.0 + text_width(label, LEGEND_FONT_POINTS);
        if x > top_left.x && x + entry > top_left.x + width {
            x = top_left.x;
            y += LEGEND_ROW_POINTS;
        }
        if let Some(svg) = svg.as_deref_mut() {
            let sample = Bounds::from_min_size(x, y, LEGEND_SAMPLE_WIDTH_POINTS, LEGEND_ROW_POINTS);
            legend_sample(svg, kind, sample);
            svg.text(
                Point {
                    x: sample.max_x + 4.0,
                    y: y + (LEGEND_ROW_POINTS - LEGEND_FONT_POINTS) / 2.0,
                },
                label,
                LEGEND_FONT_POINTS,
                palette::TEXT,
                Anchor::Start,
            );
        }
        x += entry + LEGEND_ENTRY_GAP_POINTS;
    }
    y + LEGEND_ROW_POINTS - top_left.y
}

fn legend_sample(svg: &mut Svg, kind: LegendSample, r: Bounds) {
    let colour = palette::NO_TRACK;
    let centre = r.centre();
    let bar = Bounds::from_min_size(
        centre.x - LEGEND_BAR_WIDTH_POINTS / 2.0,
        centre.y - BAR_HEIGHT_POINTS / 2.0,
        LEGEND_BAR_WIDTH_POINTS,
        BAR_HEIGHT_POINTS,
    );
    match kind {
        LegendSample::Day => svg.circle(centre, MARKER_RADIUS_POINTS, Some((colour, 1.0)), None),
        LegendSample::Range => svg.rect(bar, colour, 1.0, 0.0),
        LegendSample::Period => {
            let soft = LEGEND_SOFT_EDGE_POINTS;
            svg.faded_bar(bar, colour, 1.0, (soft, soft));
        }
        LegendSample::Approximate => {
            let fuzz = LEGEND_FUZZ_POINTS;
            let inner =
                Bounds::from_min_max(bar.min_x + fuzz, bar.min_y, bar.max_x - fuzz, bar.max_y);
            svg.rect(inner, colour, 1.0, 0.0);
            for (inner_x, outer_x) in [(inner.min_x, bar.min_x), (inner.max_x, bar.max_x)] {
                let zone = FadeZone {
                    inner_x,
                    outer_x,
                    y0: bar.min_y,
                    y1: bar.max_y,
                };
                svg.fade_zone(zone, colour, FUZZY_ALPHA);
            }
        }
        LegendSample::Uncertain => {
            svg.rect(bar, colour, UNCERTAIN_FILL_ALPHA, 0.0);
            svg.rect_stroke(
                bar.expand(1.0),
                (colour, 1.2),
                0.0,
                Some((DASH_POINTS, DASH_GAP_POINTS)),
            );
        }
        LegendSample::OpenEnd => {
            svg.rect(bar, colour, 1.0, 0.0);
            let tip = Point {
                x: bar.max_x + LEGEND_ARROW_GAP_POINTS,
                y: centre.y,
            };
            svg.arrow(tip, true, colour);
        }
        LegendSample::Excerpts | LegendSample::Unsupported => {
            let count = if kind == LegendSample::Excerpts {
                LEGEND_EXCERPT_COUNT
            } else {
                0
            };
            let at = Point {
                x: r.min_x + LEGEND_BADGE_OFFSET_POINTS,
                y: centre.y,
            };
            badge(svg, at, count);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn long_titles_are_elided_to_their_box() {
        let title = "Putin–Kim summit at the Vostochny cosmodrome in eastern Russia";
        let shown = elide(title, LABEL_FONT_POINTS, 120.0);
        assert!(shown.ends_with('…'));
        assert!(text_width(&shown, LABEL_FONT_POINTS) <= 120.0);
        assert_eq!(elide("Summit", LABEL_FONT_POINTS, 120.0), "Summit");
        // Hangul is counted wide: fewer characters fit.
        let korean = elide(
            "김정은 위원장의 러시아 방문과 정상회담",
            LABEL_FONT_POINTS,
            60.0,
        );
        assert!(korean.chars().count() <= 5, "{korean}");
    }

    #[test]
    fn text_is_escaped_and_isolated() {
        let mut svg = Svg::new();
        svg.text(
            Point { x: 0.0, y: 0.0 },
            "</text><script>alert(1)</script>\u{202e}abc",
            10.0,
            palette::TEXT,
            Anchor::Start,
        );
        let doc = svg.finish(10.0, 10.0, "<t>");
        assert!(!doc.contains("<script"));
        assert!(doc.contains("&lt;/text&gt;&lt;script&gt;"));
        assert!(doc.contains("\u{2068}"), "the override is isolated");
        assert!(doc.contains("<title>&lt;t&gt;</title>"));
    }
}
