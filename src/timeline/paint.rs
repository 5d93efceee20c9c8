//! Painting the timeline's marks. Every mark says how well its date is
//! known: a point for a day, a soft-edged bar for a month or a year, faded
//! ends for `~`, a dashed outline for `?`, an arrow for an open end.

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, RichText, Shape, Stroke, Ui, Vec2};

use super::extent::{self, Extent};
use super::index::Histogram;
use super::layout::{Cluster, MARKER_RADIUS_POINTS, PlacedItem};
use super::scale::TimeView;
use super::ticks::{TickLevel, Ticks};
use crate::model::notebook::Colour;
use crate::model::{Event, Notebook};

/// A non-empty histogram bin is at least this tall, so it stays visible.
const MIN_BAR_POINTS: f32 = 1.5;
/// Height of an event bar.
const BAR_HEIGHT_POINTS: f32 = 7.0;
/// Distance from a row's top to the centre of its bar or marker. Marks sit
/// in the top strip of a row and labels under them, so a label never
/// covers a bar.
const BAR_CENTRE_POINTS: f32 = 6.0;
/// Distance from a row's top to the top of its label.
const LABEL_TOP_POINTS: f32 = 11.0;
/// How far a period's soft edge fades in, at most.
const SOFT_EDGE_MAX_POINTS: f32 = 14.0;
/// Length of the fading tail of an unknown end.
const UNKNOWN_TAIL_POINTS: f32 = 30.0;
/// Size of the arrow at an open end.
const ARROW_POINTS: f32 = 7.0;
/// Event label font size.
const LABEL_FONT_POINTS: f32 = 12.5;
/// Axis label font size.
const AXIS_FONT_POINTS: f32 = 11.5;
/// Dash and gap lengths of an uncertain outline.
const DASH_POINTS: f32 = 3.0;
/// See [`DASH_POINTS`].
const DASH_GAP_POINTS: f32 = 2.5;
/// Opacity of the fuzzy zones beyond a qualified date's strict bounds.
const FUZZY_ALPHA: f32 = 0.45;
/// Opacity of a bar's fill, so labels and overlapping bars stay readable.
const BAR_ALPHA: f32 = 0.85;

/// The time ↔ x mapping of one frame: the view and the widget's extent.
#[derive(Clone, Copy)]
pub(super) struct Mapping<'a> {
    /// The visible window of time.
    pub view: &'a TimeView,
    /// Left edge of the widget, in points.
    pub left: f64,
    /// Width of the widget, in points.
    pub width: f64,
}

impl Mapping<'_> {
    fn x_from_time(&self, t: f64) -> f32 {
        self.view.x_from_time(t, self.left, self.width) as f32
    }
}

/// The colours the timeline needs beyond egui's visuals, built by the app's
/// theme (the timeline knows no theme of its own).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimelineStyle {
    /// Hints and secondary facts.
    pub weak_text: Color32,
    /// An unreadable "Go to" date.
    pub error_text: Color32,
    /// An event no excerpt supports yet.
    pub unsupported: Color32,
    /// The lane of events with no track.
    pub no_track: Color32,
    /// How far track colours are lightened toward white (0 keeps them as
    /// stored; a dark theme lightens them to stay readable).
    pub track_lightening: f32,
    /// Width of the "Go to" date field.
    pub date_field_width_points: f32,
}

impl TimelineStyle {
    /// A track's colour as painted.
    #[must_use]
    pub fn track_colour(&self, colour: Colour) -> Color32 {
        let base = Color32::from_rgb(colour.r, colour.g, colour.b);
        if self.track_lightening > 0.0 {
            base.lerp_to_gamma(Color32::WHITE, self.track_lightening)
        } else {
            base
        }
    }
}

fn with_alpha(colour: Color32, alpha: f32) -> Color32 {
    colour.gamma_multiply(alpha)
}

/// A horizontal bar whose ends fade out over `fade_left`/`fade_right` points.
fn gradient_bar(
    painter: &Painter,
    bar: Rect,
    colour: Color32,
    (fade_left, fade_right): (f32, f32),
) {
    let (x0, x1, y0, y1) = (bar.min.x, bar.max.x, bar.min.y, bar.max.y);
    if x1 <= x0 {
        return;
    }
    let fade_left = fade_left.min((x1 - x0) / 2.0).max(0.0);
    let fade_right = fade_right.min((x1 - x0) / 2.0).max(0.0);
    let stops = [
        (x0, Color32::TRANSPARENT),
        (x0 + fade_left, colour),
        (x1 - fade_right, colour),
        (x1, Color32::TRANSPARENT),
    ];
    let mut mesh = Mesh::default();
    for (x, c) in stops {
        let c = if (x == x0 && fade_left == 0.0) || (x == x1 && fade_right == 0.0) {
            colour
        } else {
            c
        };
        mesh.vertices.push(Vertex {
            pos: Pos2::new(x, y0),
            uv: WHITE_UV,
            color: c,
        });
        mesh.vertices.push(Vertex {
            pos: Pos2::new(x, y1),
            uv: WHITE_UV,
            color: c,
        });
    }
    for i in 0..3u32 {
        let a = i * 2;
        mesh.add_triangle(a, a + 1, a + 2);
        mesh.add_triangle(a + 1, a + 3, a + 2);
    }
    painter.add(Shape::mesh(mesh));
}

/// A zone fading from `colour` at `inner` to nothing at `outer`.
fn fade_zone(painter: &Painter, inner: f32, outer: f32, y0: f32, y1: f32, colour: Color32) {
    if (inner - outer).abs() < 0.5 {
        return;
    }
    let (a, b, ca, cb) = if outer < inner {
        (outer, inner, Color32::TRANSPARENT, colour)
    } else {
        (inner, outer, colour, Color32::TRANSPARENT)
    };
    let mut mesh = Mesh::default();
    for (x, c) in [(a, ca), (b, cb)] {
        mesh.vertices.push(Vertex {
            pos: Pos2::new(x, y0),
            uv: WHITE_UV,
            color: c,
        });
        mesh.vertices.push(Vertex {
            pos: Pos2::new(x, y1),
            uv: WHITE_UV,
            color: c,
        });
    }
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(1, 3, 2);
    painter.add(Shape::mesh(mesh));
}

fn dashed_rect(painter: &Painter, rect: Rect, stroke: Stroke) {
    let points = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    painter.extend(Shape::dashed_line(
        &points,
        stroke,
        DASH_POINTS,
        DASH_GAP_POINTS,
    ));
}

fn arrow(painter: &Painter, tip: Pos2, pointing_right: bool, colour: Color32) {
    let back = if pointing_right {
        -ARROW_POINTS
    } else {
        ARROW_POINTS
    };
    painter.add(Shape::convex_polygon(
        vec![
            tip,
            Pos2::new(tip.x + back, tip.y - ARROW_POINTS / 1.6),
            Pos2::new(tip.x + back, tip.y + ARROW_POINTS / 1.6),
        ],
        colour,
        Stroke::NONE,
    ));
}

/// The time axis: grid lines across the lanes and labelled ticks.
pub(super) fn axis(ui: &Ui, axis_rect: Rect, lanes_rect: Rect, view: &TimeView, ticks: &Ticks) {
    let painter = ui.painter_at(axis_rect.union(lanes_rect));
    let visuals = ui.visuals();
    let grid = visuals.widgets.noninteractive.bg_stroke.color;
    let left = f64::from(axis_rect.min.x);
    let width = f64::from(axis_rect.width().max(1.0));
    painter.line_segment(
        [axis_rect.left_bottom(), axis_rect.right_bottom()],
        Stroke::new(1.0, grid),
    );
    // The context label ("Sep 2023" at day zoom) is pinned at the left; tick
    // labels that would run under it are left out.
    let font = FontId::proportional(AXIS_FONT_POINTS);
    let context_right = ticks
        .context_label
        .as_ref()
        .map_or(axis_rect.min.x, |context| {
            let galley =
                painter.layout_no_wrap(context.clone(), font.clone(), visuals.strong_text_color());
            let rect = Rect::from_min_size(
                Pos2::new(axis_rect.min.x, axis_rect.min.y + 2.0),
                galley.size() + Vec2::new(8.0, 2.0),
            );
            painter.rect_filled(rect, 3.0, visuals.extreme_bg_color);
            painter.galley(
                rect.min + Vec2::new(4.0, 1.0),
                galley,
                visuals.strong_text_color(),
            );
            rect.max.x
        });
    for tick in &ticks.ticks {
        let x = view.x_from_time(tick.time, left, width) as f32;
        let major = tick.level == TickLevel::Major;
        let line = if major { grid } else { with_alpha(grid, 0.45) };
        painter.line_segment(
            [
                Pos2::new(x, axis_rect.max.y - 6.0),
                Pos2::new(x, lanes_rect.max.y),
            ],
            Stroke::new(1.0, line),
        );
        if x + 3.0 < context_right + 2.0 {
            continue;
        }
        let colour = if major {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        painter.text(
            Pos2::new(x + 3.0, axis_rect.min.y + 3.0),
            Align2::LEFT_TOP,
            &tick.label,
            font.clone(),
            colour,
        );
    }
}

/// A lane's name strip and background.
pub(super) fn lane_background(
    painter: &Painter,
    ui: &Ui,
    rect: Rect,
    name: &str,
    colour: Color32,
    visible: usize,
) {
    let visuals = ui.visuals();
    let header = Rect::from_min_size(rect.min, Vec2::new(rect.width(), super::LANE_HEADER_POINTS));
    painter.rect_filled(header, 0.0, with_alpha(visuals.faint_bg_color, 1.0));
    painter.line_segment(
        [rect.left_bottom(), rect.right_bottom()],
        visuals.widgets.noninteractive.bg_stroke,
    );
    painter.rect_filled(
        Rect::from_min_size(header.min + Vec2::new(6.0, 5.0), Vec2::splat(8.0)),
        2.0,
        colour,
    );
    let text = format!("{name}  ·  {visible} in view");
    painter.text(
        header.min + Vec2::new(18.0, 2.0),
        Align2::LEFT_TOP,
        text,
        FontId::proportional(AXIS_FONT_POINTS),
        visuals.text_color(),
    );
}

/// An elided single-line label.
fn label_galley(
    ui: &Ui,
    text: &str,
    max_width: f32,
    colour: Color32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = LayoutJob::simple_singleline(
        text.to_owned(),
        FontId::proportional(LABEL_FONT_POINTS),
        colour,
    );
    job.wrap = TextWrapping {
        max_width,
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    ui.fonts_mut(|f| f.layout_job(job))
}

/// One event to draw: its layout, the event, its extent and how to show it.
#[derive(Clone, Copy)]
pub(super) struct Mark<'a> {
    /// Where the layout put it.
    pub item: &'a PlacedItem,
    /// The event.
    pub event: &'a Event,
    /// Its extent on the axis.
    pub extent: &'a Extent,
    /// Its track's colour.
    pub colour: Color32,
    /// Whether it is the selected event.
    pub selected: bool,
}

/// Draws one event; returns the rect a click on it should hit.
#[allow(
    clippy::too_many_arguments,
    reason = "one mark needs the row, its layout, the event and the view"
)]
pub(super) fn event(
    painter: &Painter,
    ui: &Ui,
    row: Rect,
    mark: &Mark<'_>,
    map: Mapping<'_>,
    style: &TimelineStyle,
) -> Rect {
    let Mark {
        item,
        event,
        extent,
        colour,
        selected,
    } = *mark;
    let (view, left, width) = (map.view, map.left, map.width);
    let visuals = ui.visuals();
    let y = row.min.y + BAR_CENTRE_POINTS;
    let (y0, y1) = (y - BAR_HEIGHT_POINTS / 2.0, y + BAR_HEIGHT_POINTS / 2.0);
    let clamp = |x: f64| x.clamp(left - 16.0, left + width + 16.0) as f32;
    let x_of = |t: f64| clamp(view.x_from_time(t, left, width));
    let (x0, x1) = (item.x0, item.x1);
    let mut hit = Rect::from_min_max(
        Pos2::new(x0 - MARKER_RADIUS_POINTS - 2.0, row.min.y),
        Pos2::new(x1 + MARKER_RADIUS_POINTS + 2.0, y1 + 2.0),
    );
    let fuzzy_colour = with_alpha(colour, FUZZY_ALPHA);
    let selection = visuals.selection.stroke;
    match extent.shape {
        extent::Shape::Point => {
            if extent.approximate || extent.uncertain {
                fade_zone(
                    painter,
                    x0,
                    x_of(extent.fuzzy_start),
                    y - 2.0,
                    y + 2.0,
                    fuzzy_colour,
                );
                fade_zone(
                    painter,
                    x0,
                    x_of(extent.fuzzy_end),
                    y - 2.0,
                    y + 2.0,
                    fuzzy_colour,
                );
            }
            let centre = Pos2::new(x0, y);
            if extent.uncertain {
                let circle: Vec<Pos2> = (0..=16)
                    .map(|i| {
                        let a = i as f32 / 16.0 * std::f32::consts::TAU;
                        centre + MARKER_RADIUS_POINTS * Vec2::angled(a)
                    })
                    .collect();
                painter.circle_filled(centre, MARKER_RADIUS_POINTS, with_alpha(colour, 0.35));
                painter.extend(Shape::dashed_line(
                    &circle,
                    Stroke::new(1.5, colour),
                    2.0,
                    1.5,
                ));
            } else {
                painter.circle_filled(centre, MARKER_RADIUS_POINTS, colour);
            }
            if selected {
                painter.circle_stroke(centre, MARKER_RADIUS_POINTS + 3.0, selection);
            }
        }
        shape => {
            let bar = Rect::from_min_max(Pos2::new(x0, y0), Pos2::new(x1.max(x0 + 1.0), y1));
            let fill = with_alpha(colour, BAR_ALPHA);
            // A period (a month, a year) may be any day in it: soft edges.
            let soft = if shape == extent::Shape::Period {
                SOFT_EDGE_MAX_POINTS.min(bar.width() / 4.0)
            } else {
                0.0
            };
            let open_start = extent.start.is_infinite();
            let open_end = extent.end.is_infinite();
            gradient_bar(
                painter,
                bar,
                fill,
                (
                    if open_start { 0.0 } else { soft },
                    if open_end { 0.0 } else { soft },
                ),
            );
            if extent.approximate || extent.uncertain {
                fade_zone(
                    painter,
                    bar.min.x,
                    x_of(extent.fuzzy_start),
                    y0,
                    y1,
                    fuzzy_colour,
                );
                fade_zone(
                    painter,
                    bar.max.x,
                    x_of(extent.fuzzy_end),
                    y0,
                    y1,
                    fuzzy_colour,
                );
            }
            if extent.uncertain || shape == extent::Shape::OneOf {
                dashed_rect(painter, bar.expand(1.0), Stroke::new(1.2, colour));
            }
            if extent.unknown_end {
                fade_zone(
                    painter,
                    bar.max.x,
                    bar.max.x + UNKNOWN_TAIL_POINTS,
                    y0,
                    y1,
                    with_alpha(colour, 0.6),
                );
                painter.text(
                    Pos2::new(bar.max.x + UNKNOWN_TAIL_POINTS + 2.0, y),
                    Align2::LEFT_CENTER,
                    "?",
                    FontId::proportional(LABEL_FONT_POINTS),
                    colour,
                );
                hit.max.x = hit.max.x.max(bar.max.x + UNKNOWN_TAIL_POINTS + 10.0);
            }
            let clip = painter.clip_rect();
            if open_end {
                arrow(painter, Pos2::new(clip.max.x - 2.0, y), true, colour);
            }
            if open_start {
                arrow(painter, Pos2::new(clip.min.x + 2.0, y), false, colour);
            }
            if selected {
                painter.rect_stroke(bar.expand(2.5), 3.0, selection, egui::StrokeKind::Outside);
            }
        }
    }
    if let Some(label) = item.label {
        let text_colour = if selected {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        let galley = label_galley(
            ui,
            &event.title,
            (label.max_width - super::BADGE_WIDTH_POINTS).max(12.0),
            text_colour,
        );
        let text_pos = Pos2::new(label.x, row.min.y + LABEL_TOP_POINTS);
        let text_rect = Rect::from_min_size(text_pos, galley.size());
        painter.galley(text_pos, galley, text_colour);
        let badge = badge(
            painter,
            BadgeColours::of(ui, style),
            Pos2::new(text_rect.max.x + 3.0, text_rect.center().y),
            event.excerpts.len(),
        );
        hit = hit.union(text_rect).union(badge);
    }
    hit
}

/// Colours of the excerpt badge.
#[derive(Clone, Copy)]
struct BadgeColours {
    fill: Color32,
    text: Color32,
    unsupported: Color32,
}

impl BadgeColours {
    fn of(ui: &Ui, style: &TimelineStyle) -> Self {
        let visuals = ui.visuals();
        Self {
            fill: visuals.widgets.inactive.bg_fill,
            text: visuals.strong_text_color(),
            unsupported: style.unsupported,
        }
    }
}

/// The excerpt-count badge; an event with none is marked unsupported.
fn badge(painter: &Painter, colours: BadgeColours, left_centre: Pos2, count: usize) -> Rect {
    let rect = Rect::from_min_size(
        Pos2::new(left_centre.x, left_centre.y - 7.0),
        Vec2::new(16.0, 14.0),
    );
    let font = FontId::proportional(10.0);
    if count == 0 {
        painter.rect_stroke(
            rect,
            7.0,
            Stroke::new(1.2, colours.unsupported),
            egui::StrokeKind::Inside,
        );
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            "!",
            font,
            colours.unsupported,
        );
    } else {
        painter.rect_filled(rect, 7.0, colours.fill);
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            count.to_string(),
            font,
            colours.text,
        );
    }
    rect
}

/// A cluster badge ("12") spanning its members; returns its rect.
pub(super) fn cluster(
    painter: &Painter,
    ui: &Ui,
    row: Rect,
    cluster: &Cluster,
    colour: Color32,
) -> Rect {
    let y = row.min.y + BAR_CENTRE_POINTS;
    let rect = Rect::from_min_max(
        Pos2::new(cluster.x0 - MARKER_RADIUS_POINTS, y - 7.0),
        Pos2::new(cluster.x1.max(cluster.x0 + 24.0), y + 7.0),
    );
    painter.rect_filled(rect, 7.0, with_alpha(colour, 0.3));
    painter.rect_stroke(
        rect,
        7.0,
        Stroke::new(1.0, colour),
        egui::StrokeKind::Inside,
    );
    painter.text(
        rect.center(),
        Align2::CENTER_CENTER,
        format!("{}", cluster.count),
        FontId::proportional(11.0),
        ui.visuals().strong_text_color(),
    );
    rect
}

/// Bars of a histogram standing on the bottom of `area`, the tallest
/// filling it: the density strips and the overview share this.
fn histogram_bars(
    painter: &Painter,
    area: Rect,
    histogram: &Histogram,
    map: Mapping<'_>,
    colour: Color32,
) {
    if histogram.max_count == 0 {
        return;
    }
    let scale = area.height() / histogram.max_count as f32;
    for (i, count) in histogram.counts.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        let (t0, t1) = histogram.bin_range(i);
        let x0 = map.x_from_time(t0);
        let x1 = map.x_from_time(t1).max(x0 + 1.0);
        let h = (*count as f32 * scale).max(MIN_BAR_POINTS);
        painter.rect_filled(
            Rect::from_min_max(Pos2::new(x0, area.max.y - h), Pos2::new(x1, area.max.y)),
            0.0,
            colour,
        );
    }
}

/// A lane too full to draw event by event: its density.
pub(super) fn density(
    painter: &Painter,
    strip: Rect,
    histogram: &Histogram,
    map: Mapping<'_>,
    colour: Color32,
) {
    histogram_bars(painter, strip, histogram, map, with_alpha(colour, 0.8));
}

/// The overview strip: the whole notebook's density and the visible window.
pub(super) fn overview(
    ui: &Ui,
    rect: Rect,
    histogram: &Histogram,
    whole: Mapping<'_>,
    view: &TimeView,
) {
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    let bars = Rect::from_min_max(Pos2::new(rect.min.x, rect.min.y + 4.0), rect.max);
    histogram_bars(
        &painter,
        bars,
        histogram,
        whole,
        visuals.widgets.inactive.fg_stroke.color,
    );
    let x0 = whole.x_from_time(view.start);
    let x1 = whole.x_from_time(view.end()).max(x0 + 3.0);
    let window = Rect::from_min_max(
        Pos2::new(x0, rect.min.y + 1.0),
        Pos2::new(x1, rect.max.y - 1.0),
    );
    painter.rect_filled(window, 2.0, with_alpha(visuals.selection.bg_fill, 0.35));
    painter.rect_stroke(
        window,
        2.0,
        visuals.selection.stroke,
        egui::StrokeKind::Inside,
    );
}

/// The card shown when hovering an event.
pub(super) fn hover_card(ui: &mut Ui, notebook: &Notebook, event: &Event, style: &TimelineStyle) {
    ui.set_max_width(360.0);
    ui.strong(&event.title);
    ui.label(format!(
        "{} — {} precision",
        event.date.display(),
        event.date.precision()
    ));
    ui.label(RichText::new(format!("As written: {}", event.date.edtf())).color(style.weak_text));
    ui.label(RichText::new(notebook.track_name(event.track)).color(style.weak_text));
    match event.excerpts.first().and_then(|x| notebook.excerpt(*x)) {
        Some(excerpt) => {
            ui.separator();
            ui.label(RichText::new(format!("“{}”", excerpt.quote)).italics());
            if let Some(source) = notebook.source(excerpt.source) {
                ui.label(RichText::new(format!("— {}", source.title)).color(style.weak_text));
            }
            if event.excerpts.len() > 1 {
                ui.label(
                    RichText::new(format!("and {} more excerpt(s)", event.excerpts.len() - 1))
                        .color(style.weak_text),
                );
            }
        }
        None => {
            ui.label(RichText::new("No excerpt supports this event yet").color(style.unsupported));
        }
    }
}

/// The legend: what each mark means.
pub(super) fn legend(ui: &Ui, lanes_rect: Rect, style: &TimelineStyle) {
    egui::Area::new(ui.scope_id().with("timeline_legend"))
        .pivot(Align2::RIGHT_TOP)
        .fixed_pos(lanes_rect.right_top() + Vec2::new(-6.0, 6.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_width(270.0);
                let colour = style.no_track;
                let badge_colours = BadgeColours::of(ui, style);
                let sample = |ui: &mut Ui, text: &str, draw: &dyn Fn(&Painter, Rect)| {
                    ui.horizontal(|ui| {
                        let (rect, _) =
                            ui.allocate_exact_size(Vec2::new(60.0, 14.0), egui::Sense::hover());
                        draw(ui.painter(), rect);
                        ui.label(text);
                    });
                };
                let bar = |r: Rect| {
                    Rect::from_center_size(r.center(), Vec2::new(44.0, BAR_HEIGHT_POINTS))
                };
                sample(ui, "known to the day (or time)", &|p, r| {
                    p.circle_filled(r.center(), MARKER_RADIUS_POINTS, colour);
                });
                sample(ui, "a range", &|p, r| {
                    let b = bar(r);
                    gradient_bar(p, b, colour, (0.0, 0.0));
                });
                sample(ui, "known to the month or year: any day in it", &|p, r| {
                    let b = bar(r);
                    gradient_bar(p, b, colour, (12.0, 12.0));
                });
                sample(ui, "approximate (~): faded ends", &|p, r| {
                    let b = bar(r).shrink2(Vec2::new(10.0, 0.0));
                    gradient_bar(p, b, colour, (0.0, 0.0));
                    fade_zone(
                        p,
                        b.min.x,
                        b.min.x - 10.0,
                        b.min.y,
                        b.max.y,
                        with_alpha(colour, FUZZY_ALPHA),
                    );
                    fade_zone(
                        p,
                        b.max.x,
                        b.max.x + 10.0,
                        b.min.y,
                        b.max.y,
                        with_alpha(colour, FUZZY_ALPHA),
                    );
                });
                sample(ui, "uncertain (?) or one of several", &|p, r| {
                    let b = bar(r);
                    gradient_bar(p, b, with_alpha(colour, 0.4), (0.0, 0.0));
                    dashed_rect(p, b.expand(1.0), Stroke::new(1.2, colour));
                });
                sample(ui, "open end: runs on", &|p, r| {
                    let b = bar(r);
                    gradient_bar(p, b, colour, (0.0, 0.0));
                    arrow(p, Pos2::new(b.max.x + 6.0, b.center().y), true, colour);
                });
                sample(ui, "excerpts supporting it", &|p, r| {
                    let _ = badge(p, badge_colours, Pos2::new(r.min.x + 20.0, r.center().y), 2);
                });
                sample(ui, "no supporting excerpt yet", &|p, r| {
                    let _ = badge(p, badge_colours, Pos2::new(r.min.x + 20.0, r.center().y), 0);
                });
            });
        });
}
