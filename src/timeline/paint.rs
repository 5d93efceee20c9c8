//! Painting a [`Scene`](super::scene::Scene) with egui. Every mark says how
//! well its date is known: a point for a day, a soft-edged bar for a month
//! or a year, faded ends for `~`, a dashed outline for `?`, an arrow for an
//! open end. Where things go is the scene's; this file decides how they
//! look.

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, RichText, Shape, Stroke, Ui, Vec2};

use super::geometry::{Bounds, Point};
use super::layout::MARKER_RADIUS_POINTS;
use super::marks::{
    ARROW_POINTS, BADGE_GAP_POINTS, BADGE_SIZE_POINTS, BAR_ALPHA, BAR_HEIGHT_POINTS, ClusterMark,
    DASH_GAP_POINTS, DASH_POINTS, FUZZY_ALPHA, FadeZone, Glyph, LABEL_FONT_POINTS, LEGEND,
    LEGEND_ARROW_GAP_POINTS, LEGEND_BADGE_OFFSET_POINTS, LEGEND_BAR_WIDTH_POINTS,
    LEGEND_EXCERPT_COUNT, LEGEND_FUZZ_POINTS, LEGEND_SAMPLE_WIDTH_POINTS, LEGEND_SOFT_EDGE_POINTS,
    LegendSample, Mark, UNCERTAIN_FILL_ALPHA, UNKNOWN_TAIL_ALPHA,
};
use super::scene::{AXIS_FONT_POINTS, Axis, DENSITY_ALPHA, LaneHeader, Overview};
use crate::model::notebook::Colour;
use crate::model::{Event, Notebook};

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
    /// A disputed event's mark (issue 19).
    pub disputed: Color32,
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

    /// A lane's colour: its track's, or the no-track grey.
    #[must_use]
    pub fn lane_colour(&self, colour: Option<Colour>) -> Color32 {
        colour.map_or(self.no_track, |c| self.track_colour(c))
    }
}

/// The egui rectangle of scene bounds.
pub(super) fn rect(bounds: Bounds) -> Rect {
    Rect::from_min_max(
        Pos2::new(bounds.min_x, bounds.min_y),
        Pos2::new(bounds.max_x, bounds.max_y),
    )
}

fn pos(point: Point) -> Pos2 {
    Pos2::new(point.x, point.y)
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
fn fade_zone(painter: &Painter, zone: FadeZone, colour: Color32) {
    let FadeZone {
        inner_x: inner,
        outer_x: outer,
        y0,
        y1,
    } = zone;
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
pub(super) fn axis(ui: &Ui, axis: &Axis, lanes_rect: Rect) {
    let axis_rect = rect(axis.bounds);
    let painter = ui.painter_at(axis_rect.union(lanes_rect));
    let visuals = ui.visuals();
    let grid = visuals.widgets.noninteractive.bg_stroke.color;
    painter.line_segment(
        [axis_rect.left_bottom(), axis_rect.right_bottom()],
        Stroke::new(1.0, grid),
    );
    // The context label ("Sep 2023" at day zoom) is pinned at the left; tick
    // labels that would run under it are left out.
    let font = FontId::proportional(AXIS_FONT_POINTS);
    let context_right = axis
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
    for tick in &axis.ticks {
        let x = tick.x;
        let line = if tick.major {
            grid
        } else {
            with_alpha(grid, 0.45)
        };
        painter.line_segment(
            [
                Pos2::new(x, axis_rect.max.y - 6.0),
                Pos2::new(x, axis.grid_bottom),
            ],
            Stroke::new(1.0, line),
        );
        if x + 3.0 < context_right + 2.0 {
            continue;
        }
        let colour = if tick.major {
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
    lane: Rect,
    header: &LaneHeader,
    colour: Color32,
) {
    let visuals = ui.visuals();
    painter.rect_filled(
        rect(header.bounds),
        0.0,
        with_alpha(visuals.faint_bg_color, 1.0),
    );
    painter.line_segment(
        [lane.left_bottom(), lane.right_bottom()],
        visuals.widgets.noninteractive.bg_stroke,
    );
    painter.rect_filled(rect(header.swatch), 2.0, colour);
    painter.text(
        pos(header.text_at),
        Align2::LEFT_TOP,
        &header.text,
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

/// Draws one mark with `title` as its label, in its lane's colour; returns
/// the rect a click on it should hit.
pub(super) fn mark(
    painter: &Painter,
    ui: &Ui,
    mark: &Mark,
    (title, colour, selected): (&str, Color32, bool),
    style: &TimelineStyle,
) -> Rect {
    let visuals = ui.visuals();
    let mut hit = rect(mark.hit);
    let fuzzy_colour = with_alpha(colour, FUZZY_ALPHA);
    let selection = visuals.selection.stroke;
    match mark.glyph {
        Glyph::Point { centre, uncertain } => {
            for zone in mark.fuzzy.iter().flatten() {
                fade_zone(painter, *zone, fuzzy_colour);
            }
            let centre = pos(centre);
            if uncertain {
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
        Glyph::Bar {
            bounds,
            fade,
            dashed,
        } => {
            let bar = rect(bounds);
            gradient_bar(painter, bar, with_alpha(colour, BAR_ALPHA), fade);
            for zone in mark.fuzzy.iter().flatten() {
                fade_zone(painter, *zone, fuzzy_colour);
            }
            if dashed {
                dashed_rect(painter, bar.expand(1.0), Stroke::new(1.2, colour));
            }
            if let Some((tail, question)) = mark.unknown_end {
                fade_zone(painter, tail, with_alpha(colour, UNKNOWN_TAIL_ALPHA));
                painter.text(
                    pos(question),
                    Align2::LEFT_CENTER,
                    "?",
                    FontId::proportional(LABEL_FONT_POINTS),
                    colour,
                );
            }
            if let Some(tip) = mark.open_end {
                arrow(painter, pos(tip), true, colour);
            }
            if let Some(tip) = mark.open_start {
                arrow(painter, pos(tip), false, colour);
            }
            if selected {
                painter.rect_stroke(bar.expand(2.5), 3.0, selection, egui::StrokeKind::Outside);
            }
        }
    }
    if let Some(label) = mark.label {
        let text_colour = if selected {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        let galley = label_galley(ui, title, label.max_width, text_colour);
        let text_pos = pos(label.at);
        // A title cut down to "…" says nothing: the badge alone is shown
        // (the hover card gives the title).
        let nothing_left = galley.elided
            && galley
                .rows
                .iter()
                .flat_map(|row| &row.glyphs)
                .all(|g| g.chr == '…');
        let text_rect = if nothing_left {
            Rect::from_min_size(text_pos, egui::vec2(0.0, galley.size().y))
        } else {
            Rect::from_min_size(text_pos, galley.size())
        };
        if !nothing_left {
            // On its own background: an arrow drawn before passes behind.
            painter.rect_filled(
                text_rect.expand(LABEL_BACKGROUND_PAD_POINTS),
                2.0,
                visuals.panel_fill,
            );
            painter.galley(text_pos, galley, text_colour);
        }
        let badge = badge(
            painter,
            BadgeColours::of(ui, style),
            Pos2::new(text_rect.max.x + BADGE_GAP_POINTS, text_rect.center().y),
            mark.excerpts,
        );
        hit = hit.union(text_rect).union(badge);
    }
    hit
}

/// How far a label's background reaches past its text, so an arrow
/// passing behind it keeps clear of the letters.
const LABEL_BACKGROUND_PAD_POINTS: f32 = 1.0;

/// Width of a bracket's line and ends.
const BRACKET_STROKE_POINTS: f32 = 1.6;
/// Width of the selected parent's bracket.
const BRACKET_SELECTED_STROKE_POINTS: f32 = 2.5;
/// Opacity of a folded parent's bar.
const FOLDED_BAR_ALPHA: f32 = 0.35;

/// A parent: a bracket over its children (a line with both ends dropping
/// towards them), or, folded, one bar; its fold control (a triangle drawn
/// as a shape: not every font has ▸) and its title on a background that
/// cuts the line, a folded one's count after it. Returns the rect a click
/// selects it by and the control's.
pub(super) fn bracket(
    painter: &Painter,
    ui: &Ui,
    bracket: &super::brackets::BracketMark,
    (title, colour, selected): (&str, Color32, bool),
    style: &TimelineStyle,
) -> (Rect, Rect) {
    let visuals = ui.visuals();
    let width = if selected {
        BRACKET_SELECTED_STROKE_POINTS
    } else {
        BRACKET_STROKE_POINTS
    };
    let stroke = Stroke::new(width, colour);
    let (x0, x1, y) = (bracket.x0, bracket.x1, bracket.y);
    if bracket.folded {
        let half = super::brackets::FOLDED_BAR_HALF_HEIGHT_POINTS;
        let bar = Rect::from_min_max(Pos2::new(x0, y - half), Pos2::new(x1, y + half));
        painter.rect_filled(bar, 3.0, with_alpha(colour, FOLDED_BAR_ALPHA));
        painter.rect_stroke(bar, 3.0, stroke, egui::StrokeKind::Inside);
    } else {
        painter.add(Shape::line(
            vec![
                Pos2::new(x0, bracket.tick_bottom),
                Pos2::new(x0, y),
                Pos2::new(x1, y),
                Pos2::new(x1, bracket.tick_bottom),
            ],
            stroke,
        ));
    }
    if selected {
        painter.rect_stroke(
            Rect::from_x_y_ranges(
                (x0 - 2.0)..=(x1 + 2.0),
                bracket.row.min_y..=bracket.row.max_y,
            ),
            3.0,
            visuals.selection.stroke,
            egui::StrokeKind::Outside,
        );
    }
    let toggle = rect(bracket.toggle);
    painter.rect_filled(toggle, 2.0, visuals.panel_fill);
    painter.rect_stroke(
        toggle,
        2.0,
        Stroke::new(1.0, colour),
        egui::StrokeKind::Inside,
    );
    painter.add(Shape::convex_polygon(
        bracket.triangle.iter().map(|p| pos(*p)).collect(),
        visuals.strong_text_color(),
        Stroke::NONE,
    ));
    let mut hit = rect(bracket.hit);
    if let Some(label) = bracket.label {
        let text_colour = if selected {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        };
        let font = FontId::proportional(LABEL_FONT_POINTS);
        let count = bracket
            .folded
            .then(|| painter.layout_no_wrap(format!(" (+{})", bracket.hidden), font, text_colour));
        let count_width = count.as_ref().map_or(0.0, |g| g.size().x);
        let galley = label_galley(
            ui,
            title,
            (label.max_width - count_width).max(0.0),
            text_colour,
        );
        let at = pos(label.at);
        let mut text_rect = Rect::from_min_size(at, galley.size());
        if let Some(count) = &count {
            text_rect = text_rect.union(Rect::from_min_size(
                Pos2::new(text_rect.max.x, at.y),
                count.size(),
            ));
        }
        painter.rect_filled(
            text_rect.expand(LABEL_BACKGROUND_PAD_POINTS),
            2.0,
            visuals.panel_fill,
        );
        let title_right = at.x + galley.size().x;
        painter.galley(at, galley, text_colour);
        if let Some(count) = count {
            painter.galley(Pos2::new(title_right, at.y), count, text_colour);
        }
        // The badge too cuts the line (an unsupported one is only a ring).
        let badge_at = Pos2::new(text_rect.max.x + BADGE_GAP_POINTS, text_rect.center().y);
        let (badge_width, badge_height) = BADGE_SIZE_POINTS;
        painter.rect_filled(
            Rect::from_min_size(
                Pos2::new(badge_at.x, badge_at.y - badge_height / 2.0),
                Vec2::new(badge_width, badge_height),
            ),
            7.0,
            visuals.panel_fill,
        );
        let badge = badge(
            painter,
            BadgeColours::of(ui, style),
            badge_at,
            bracket.excerpts,
        );
        hit = hit.union(text_rect).union(badge);
    }
    (hit, toggle)
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
    let (width, height) = BADGE_SIZE_POINTS;
    let rect = Rect::from_min_size(
        Pos2::new(left_centre.x, left_centre.y - height / 2.0),
        Vec2::new(width, height),
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
pub(super) fn cluster(painter: &Painter, ui: &Ui, cluster: &ClusterMark, colour: Color32) -> Rect {
    let rect = rect(cluster.bounds);
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

/// A lane too full to draw event by event: its density bars.
pub(super) fn density(painter: &Painter, bars: &[Bounds], colour: Color32) {
    self::bars(painter, bars, with_alpha(colour, DENSITY_ALPHA));
}

/// Histogram bars (a density strip's or the overview's).
fn bars(painter: &Painter, bars: &[Bounds], colour: Color32) {
    for bar in bars {
        painter.rect_filled(rect(*bar), 0.0, colour);
    }
}

/// The overview strip: the whole notebook's density and the visible window.
pub(super) fn overview(ui: &Ui, overview: &Overview) {
    let strip = rect(overview.bounds);
    let painter = ui.painter_at(strip);
    let visuals = ui.visuals();
    painter.rect_filled(strip, 2.0, visuals.extreme_bg_color);
    bars(
        &painter,
        &overview.bars,
        visuals.widgets.inactive.fg_stroke.color,
    );
    let window = rect(overview.window);
    painter.rect_filled(window, 2.0, with_alpha(visuals.selection.bg_fill, 0.35));
    painter.rect_stroke(
        window,
        2.0,
        visuals.selection.stroke,
        egui::StrokeKind::Inside,
    );
}

/// The hover card's lines about an event's tags ("Tags: summit, DPRK")
/// and how it stands ("Disputed: … says …; … says …", "Status: planned").
pub(super) fn card_notes(notebook: &Notebook, event: &Event) -> (Option<String>, Option<String>) {
    let tags: Vec<&str> = event
        .tags
        .iter()
        .filter_map(|t| notebook.tag(*t))
        .map(|t| t.name.as_str())
        .collect();
    let tags = match tags.as_slice() {
        [] => None,
        [tag] => Some(format!("Tag: {tag}")),
        tags => Some(format!("Tags: {}", tags.join(", "))),
    };
    (tags, crate::review::standing(notebook, event.id))
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
    let (tags, standing) = card_notes(notebook, event);
    if let Some(tags) = tags {
        ui.label(RichText::new(tags).color(style.weak_text));
    }
    if let Some(standing) = standing {
        ui.label(RichText::new(standing).color(style.disputed));
    }
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
                        let (rect, _) = ui.allocate_exact_size(
                            Vec2::new(LEGEND_SAMPLE_WIDTH_POINTS, 14.0),
                            egui::Sense::hover(),
                        );
                        draw(ui.painter(), rect);
                        ui.label(text);
                    });
                };
                let bar = |r: Rect| {
                    Rect::from_center_size(
                        r.center(),
                        Vec2::new(LEGEND_BAR_WIDTH_POINTS, BAR_HEIGHT_POINTS),
                    )
                };
                for (kind, text) in LEGEND {
                    sample(ui, text, &|p, r| match kind {
                        LegendSample::Day => {
                            p.circle_filled(r.center(), MARKER_RADIUS_POINTS, colour);
                        }
                        LegendSample::Range => gradient_bar(p, bar(r), colour, (0.0, 0.0)),
                        LegendSample::Period => {
                            let soft = LEGEND_SOFT_EDGE_POINTS;
                            gradient_bar(p, bar(r), colour, (soft, soft));
                        }
                        LegendSample::Approximate => {
                            let fuzz = LEGEND_FUZZ_POINTS;
                            let b = bar(r).shrink2(Vec2::new(fuzz, 0.0));
                            gradient_bar(p, b, colour, (0.0, 0.0));
                            for (inner_x, outer_x) in
                                [(b.min.x, b.min.x - fuzz), (b.max.x, b.max.x + fuzz)]
                            {
                                let zone = FadeZone {
                                    inner_x,
                                    outer_x,
                                    y0: b.min.y,
                                    y1: b.max.y,
                                };
                                fade_zone(p, zone, with_alpha(colour, FUZZY_ALPHA));
                            }
                        }
                        LegendSample::Uncertain => {
                            let b = bar(r);
                            let fill = with_alpha(colour, UNCERTAIN_FILL_ALPHA);
                            gradient_bar(p, b, fill, (0.0, 0.0));
                            dashed_rect(p, b.expand(1.0), Stroke::new(1.2, colour));
                        }
                        LegendSample::OpenEnd => {
                            let b = bar(r);
                            gradient_bar(p, b, colour, (0.0, 0.0));
                            let tip = Pos2::new(b.max.x + LEGEND_ARROW_GAP_POINTS, b.center().y);
                            arrow(p, tip, true, colour);
                        }
                        LegendSample::Excerpts | LegendSample::Unsupported => {
                            let count = if kind == LegendSample::Excerpts {
                                LEGEND_EXCERPT_COUNT
                            } else {
                                0
                            };
                            let at = Pos2::new(r.min.x + LEGEND_BADGE_OFFSET_POINTS, r.center().y);
                            let _ = badge(p, badge_colours, at, count);
                        }
                    });
                }
                evidence_legend(ui, style);
            });
        });
}

/// Opacity of an arrow between linked events (the selected event's are
/// drawn at full strength), so marks and labels under it stay readable.
const LINK_ALPHA: f32 = 0.55;
/// Width of an arrow's line.
const LINK_STROKE_POINTS: f32 = 1.2;
/// Width of the selected event's arrows.
const LINK_SELECTED_STROKE_POINTS: f32 = 2.0;

/// An arrow between linked events: a curve and a head at its end.
pub(super) fn link_arrow(painter: &Painter, arrow: &super::links::LinkArrow, colour: Color32) {
    let (colour, width) = if arrow.selected {
        (colour, LINK_SELECTED_STROKE_POINTS)
    } else {
        (with_alpha(colour, LINK_ALPHA), LINK_STROKE_POINTS)
    };
    let stroke = Stroke::new(width, colour);
    let [c1, c2] = arrow.controls;
    painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
        [pos(arrow.from), pos(c1), pos(c2), pos(arrow.to)],
        false,
        Color32::TRANSPARENT,
        stroke,
    ));
    let near = super::links::point_at(arrow, 0.9);
    let dir = (pos(arrow.to) - pos(near)).normalized();
    if !dir.x.is_finite() || !dir.y.is_finite() {
        return;
    }
    let tip = pos(arrow.to);
    let back = tip - dir * super::links::HEAD_POINTS;
    let side = Vec2::new(-dir.y, dir.x) * (super::links::HEAD_POINTS / 2.0);
    painter.add(Shape::convex_polygon(
        vec![tip, back + side, back - side],
        colour,
        Stroke::NONE,
    ));
}

// Evidence (issue 19): disputed, planned and cancelled events, and events
// not yet published as of the as-of day.

/// Opacity of the veil over an event the as-of day does not know yet.
const AS_OF_VEIL_ALPHA: f32 = 0.72;
/// Size of the disputed mark's diamond (half its diagonal).
const DISPUTED_DIAMOND_POINTS: f32 = 5.5;
/// Width of the outline of a planned event's hollow mark.
const PLANNED_OUTLINE_POINTS: f32 = 1.6;
/// Width of the line through a cancelled event's mark.
const CANCELLED_STRIKE_POINTS: f32 = 1.8;

/// How an event's evidence changes its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct EvidenceLook {
    /// Its sources disagree (or it is marked disputed).
    pub disputed: bool,
    /// Announced, not yet happened: drawn hollow.
    pub planned: bool,
    /// Called off: struck through.
    pub cancelled: bool,
    /// The as-of control is on and no source published by then supports
    /// it: faded.
    pub faded: bool,
}

impl EvidenceLook {
    /// The look of an event; `known` is the as-of flag when the control
    /// is on.
    pub(super) fn of(
        notebook: &Notebook,
        event: crate::model::EventId,
        known: Option<bool>,
    ) -> Self {
        use crate::model::evidence::Status;
        let status = notebook.evidence.status(event);
        Self {
            disputed: notebook.evidence.is_disputed(event),
            planned: status == Status::Planned,
            cancelled: status == Status::Cancelled,
            faded: known == Some(false),
        }
    }

    /// The mark's accessible label: the title, with what its look says.
    pub(super) fn label(self, title: &str) -> String {
        let mut label = title.to_owned();
        for (on, what) in [
            (self.disputed, "disputed"),
            (self.planned, "planned"),
            (self.cancelled, "cancelled"),
            (self.faded, "not yet published"),
        ] {
            if on {
                label.push_str(&format!(" ({what})"));
            }
        }
        label
    }
}

/// A red diamond with "!" centred at `at`: the disputed mark.
fn disputed_diamond(painter: &Painter, at: Pos2, colour: Color32) {
    let r = DISPUTED_DIAMOND_POINTS;
    let points = vec![
        at + Vec2::new(0.0, -r),
        at + Vec2::new(r, 0.0),
        at + Vec2::new(0.0, r),
        at + Vec2::new(-r, 0.0),
    ];
    painter.add(Shape::convex_polygon(points, colour, Stroke::NONE));
    painter.text(
        at,
        Align2::CENTER_CENTER,
        "!",
        FontId::proportional(r * 1.6),
        Color32::WHITE,
    );
}

/// A planned event's hollow glyph: the inside cleared to the background,
/// the outline left in the lane colour.
fn hollow(painter: &Painter, glyph: &Glyph, background: Color32, colour: Color32) {
    let stroke = Stroke::new(PLANNED_OUTLINE_POINTS, colour);
    match *glyph {
        Glyph::Point { centre, .. } => {
            painter.circle_filled(pos(centre), MARKER_RADIUS_POINTS - 1.0, background);
            painter.circle_stroke(pos(centre), MARKER_RADIUS_POINTS - 0.8, stroke);
        }
        Glyph::Bar { bounds, .. } => {
            let bar = rect(bounds);
            if bar.width() > 2.0 * PLANNED_OUTLINE_POINTS {
                painter.rect_filled(bar.shrink(PLANNED_OUTLINE_POINTS), 0.0, background);
            }
            painter.rect_stroke(bar, 1.0, stroke, egui::StrokeKind::Inside);
        }
    }
}

/// A line through a cancelled event's glyph.
fn strike(painter: &Painter, glyph: &Glyph, colour: Color32) {
    let stroke = Stroke::new(CANCELLED_STRIKE_POINTS, colour);
    let (left, right) = match *glyph {
        Glyph::Point { centre, .. } => {
            let c = pos(centre);
            let r = MARKER_RADIUS_POINTS + 3.0;
            (c - Vec2::new(r, -r), c + Vec2::new(r, -r))
        }
        Glyph::Bar { bounds, .. } => {
            let bar = rect(bounds).expand2(Vec2::new(3.0, 0.0));
            (bar.left_center(), bar.right_center())
        }
    };
    painter.line_segment([left, right], stroke);
}

/// Draws what an event's evidence says over its mark (drawn already):
/// hollow when planned, struck through when cancelled, a red diamond when
/// disputed, and a veil when the as-of day does not know it yet.
pub(super) fn evidence_overlay(
    painter: &Painter,
    ui: &Ui,
    mark: &Mark,
    (hit, colour): (Rect, Color32),
    look: EvidenceLook,
    style: &TimelineStyle,
) {
    let background = ui.visuals().panel_fill;
    if look.planned {
        hollow(painter, &mark.glyph, background, colour);
    }
    if look.cancelled {
        strike(painter, &mark.glyph, ui.visuals().text_color());
    }
    if look.disputed {
        let at = match mark.glyph {
            Glyph::Point { centre, .. } => {
                pos(centre) + Vec2::new(MARKER_RADIUS_POINTS + 2.0, -MARKER_RADIUS_POINTS - 1.0)
            }
            Glyph::Bar { bounds, .. } => {
                let bar = rect(bounds);
                Pos2::new(bar.min.x, bar.min.y - 1.0)
            }
        };
        match mark.glyph {
            Glyph::Point { centre, .. } => {
                painter.circle_stroke(
                    pos(centre),
                    MARKER_RADIUS_POINTS + 1.5,
                    Stroke::new(1.5, style.disputed),
                );
            }
            Glyph::Bar { bounds, .. } => {
                painter.rect_stroke(
                    rect(bounds).expand(1.5),
                    1.0,
                    Stroke::new(1.5, style.disputed),
                    egui::StrokeKind::Outside,
                );
            }
        }
        disputed_diamond(painter, at, style.disputed);
    }
    if look.faded {
        painter.rect_filled(
            hit.expand(1.0),
            2.0,
            with_alpha(background, AS_OF_VEIL_ALPHA),
        );
    }
}

/// What the hover card adds about an event's evidence.
pub(super) fn evidence_hover(
    ui: &mut Ui,
    notebook: &Notebook,
    event: crate::model::EventId,
    look: EvidenceLook,
    style: &TimelineStyle,
) {
    let status = notebook.evidence.status(event);
    if status != crate::model::evidence::Status::Reported {
        ui.label(RichText::new(format!("Status: {}", status.name())).color(style.weak_text));
    }
    if look.disputed {
        let accounts: Vec<String> = crate::review::accounts(notebook, event)
            .into_iter()
            .map(|a| {
                format!(
                    "{}: {}",
                    a.source_title,
                    a.asserts.as_ref().map_or_else(
                        || a.stance.name().to_owned(),
                        crate::model::date::Date::display
                    )
                )
            })
            .collect();
        ui.label(
            RichText::new(format!("Disputed — {}", accounts.join(" vs "))).color(style.disputed),
        );
    }
    if look.faded {
        ui.label(RichText::new("Not yet published as of the chosen day").color(style.weak_text));
    }
}

/// What the legend adds for evidence: the disputed mark, planned and
/// cancelled events, and the as-of veil.
fn evidence_legend(ui: &mut Ui, style: &TimelineStyle) {
    let colour = style.no_track;
    let background = ui.visuals().panel_fill;
    let rows: [(&str, u8); 4] = [
        ("disputed: its sources disagree", 0),
        ("planned (hollow)", 1),
        ("cancelled (struck through)", 2),
        ("not yet published as of the day (faded)", 3),
    ];
    for (text, kind) in rows {
        ui.horizontal(|ui| {
            let (r, _) = ui.allocate_exact_size(
                Vec2::new(LEGEND_SAMPLE_WIDTH_POINTS, 14.0),
                egui::Sense::hover(),
            );
            let p = ui.painter();
            let centre = r.center();
            let glyph = Glyph::Point {
                centre: Point {
                    x: centre.x,
                    y: centre.y,
                },
                uncertain: false,
            };
            p.circle_filled(centre, MARKER_RADIUS_POINTS, colour);
            match kind {
                0 => {
                    p.circle_stroke(
                        centre,
                        MARKER_RADIUS_POINTS + 1.5,
                        Stroke::new(1.5, style.disputed),
                    );
                    disputed_diamond(
                        p,
                        centre + Vec2::new(MARKER_RADIUS_POINTS + 2.0, -MARKER_RADIUS_POINTS - 1.0),
                        style.disputed,
                    );
                }
                1 => hollow(p, &glyph, background, colour),
                2 => strike(p, &glyph, ui.visuals().text_color()),
                _ => {
                    p.rect_filled(r, 2.0, with_alpha(background, AS_OF_VEIL_ALPHA));
                }
            }
            ui.label(text);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::card_notes;
    use crate::action::{Action, EventFields};
    use crate::model::date::Date;
    use crate::model::evidence::Status;
    use crate::store::Store;

    #[test]
    fn the_hover_card_names_the_tags_and_a_status_other_than_reported() {
        let mut store = Store::open_in_memory().unwrap();
        let mut fields = EventFields::new("김정은 방러", Date::parse("2023-09-13").unwrap());
        fields.tags = vec!["summit".into(), "DPRK".into()];
        store
            .apply(&Action::CreateEvent {
                fields,
                excerpts: vec![],
            })
            .unwrap();
        let plain = EventFields::new("Launch", Date::parse("2023-11").unwrap());
        store
            .apply(&Action::CreateEvent {
                fields: plain,
                excerpts: vec![],
            })
            .unwrap();
        let notebook = store.load().unwrap();
        let (tagged, launch) = (&notebook.events[0], &notebook.events[1]);
        let (tags, standing) = card_notes(&notebook, tagged);
        assert_eq!(tags.as_deref(), Some("Tags: DPRK, summit"));
        assert_eq!(standing, None, "reported is the default, not shown");
        assert_eq!(card_notes(&notebook, launch), (None, None));
        store
            .apply(&Action::SetEventStatus {
                id: launch.id,
                status: Status::Planned,
            })
            .unwrap();
        let notebook = store.load().unwrap();
        let (_, standing) = card_notes(&notebook, &notebook.events[1]);
        assert_eq!(standing.as_deref(), Some("Status: planned"));
    }
}
