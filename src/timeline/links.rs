//! Arrows between the marks of linked events ("the summit precedes the
//! launch"), as geometry. Pure: no egui.
//!
//! An arrow runs from the end of the first event's mark to the start of the
//! second's, bowed upwards: marks sit at the top of their row and labels
//! under them, so an arc above the marks crosses no label of its own ends.
//! Only links whose two ends both have a mark in the frame are drawn (an
//! end scrolled away, in a density strip or folded into a cluster has
//! none). When more than [`MAX_ARROWS`] would be drawn the view is too
//! crowded to read them: only the selected event's arrows are kept.

use std::collections::HashMap;

use super::geometry::Point;
use super::marks::Glyph;
use super::scene::{LaneMarks, LaneScene};
use crate::model::{EventId, Notebook};

/// Most arrows drawn in one frame before only the selected event's are
/// kept: past a few hundred crossing curves nothing can be followed, and
/// each costs a tessellated curve.
pub const MAX_ARROWS: usize = 300;

/// How high an arrow bows above its ends, at least.
pub const MIN_BOW_POINTS: f32 = 10.0;

/// How high an arrow bows above its ends, at most (a long link would
/// otherwise climb out of the lanes).
pub const MAX_BOW_POINTS: f32 = 48.0;

/// The bow as a fraction of the distance between the ends.
pub const BOW_PER_POINT: f32 = 0.25;

/// Size of an arrow's head.
pub const HEAD_POINTS: f32 = 6.0;

/// One arrow as drawn: a cubic curve from `from` to `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkArrow {
    /// Position of the link in `notebook.entities.links`.
    pub link_index: usize,
    /// The event it starts at.
    pub from_event: EventId,
    /// The event it points to.
    pub to_event: EventId,
    /// Where it starts (the end of the first mark).
    pub from: Point,
    /// Where it ends (the start of the second mark).
    pub to: Point,
    /// The curve's two control points.
    pub controls: [Point; 2],
    /// True when it touches the selected event (drawn stronger).
    pub selected: bool,
}

/// Where a mark's arrows leave (right end) and arrive (left end).
fn anchors(glyph: &Glyph) -> (Point, Point) {
    match glyph {
        Glyph::Point { centre, .. } => (*centre, *centre),
        Glyph::Bar { bounds, .. } => {
            let y = (bounds.min_y + bounds.max_y) / 2.0;
            (Point { x: bounds.max_x, y }, Point { x: bounds.min_x, y })
        }
    }
}

/// The arrows of a frame's lanes, thinned as the module says. An arrow
/// bows up over its marks, but never above `ceiling` (the top of the lanes,
/// under the axis), so the top lane's arrows and their click spots stay in
/// view.
#[must_use]
pub fn arrows(
    lanes: &[LaneScene],
    notebook: &Notebook,
    selected: Option<EventId>,
    ceiling: f32,
) -> Vec<LinkArrow> {
    let links = &notebook.entities.links;
    if links.is_empty() {
        return Vec::new();
    }
    // The first mark of each event (with lanes by entity an event may have
    // one in several lanes).
    let mut at: HashMap<EventId, (Point, Point)> = HashMap::new();
    for lane in lanes {
        if let LaneMarks::Events {
            marks, brackets, ..
        } = &lane.content
        {
            for mark in marks {
                at.entry(mark.event).or_insert_with(|| anchors(&mark.glyph));
            }
            for bracket in brackets {
                at.entry(bracket.event).or_insert((
                    Point {
                        x: bracket.x1,
                        y: bracket.y,
                    },
                    Point {
                        x: bracket.x0,
                        y: bracket.y,
                    },
                ));
            }
        }
    }
    if at.len() < 2 {
        return Vec::new();
    }
    let mut out: Vec<LinkArrow> = links
        .iter()
        .enumerate()
        .filter(|(_, link)| link.kind != super::brackets::PART_OF)
        .filter_map(|(i, link)| {
            let (start, _) = at.get(&link.from)?;
            let (_, end) = at.get(&link.to)?;
            Some(arrow(
                i,
                (link.from, link.to),
                (*start, *end),
                selected,
                ceiling,
            ))
        })
        .collect();
    if out.len() > MAX_ARROWS {
        out.retain(|a| a.selected);
    }
    out
}

fn arrow(
    link_index: usize,
    (from_event, to_event): (EventId, EventId),
    (from, to): (Point, Point),
    selected: Option<EventId>,
    ceiling: f32,
) -> LinkArrow {
    let distance = ((to.x - from.x).powi(2) + (to.y - from.y).powi(2)).sqrt();
    let bow = (distance * BOW_PER_POINT).clamp(MIN_BOW_POINTS, MAX_BOW_POINTS);
    let top = (from.y.min(to.y) - bow).max(ceiling);
    let third = (to.x - from.x) / 3.0;
    LinkArrow {
        link_index,
        from_event,
        to_event,
        from,
        to,
        controls: [
            Point {
                x: from.x + third,
                y: top,
            },
            Point {
                x: to.x - third,
                y: top,
            },
        ],
        selected: selected.is_some_and(|s| s == from_event || s == to_event),
    }
}

/// The point at `t` (0 to 1) along an arrow's curve.
#[must_use]
pub fn point_at(arrow: &LinkArrow, t: f32) -> Point {
    let [c1, c2] = arrow.controls;
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    Point {
        x: a * arrow.from.x + b * c1.x + c * c2.x + d * arrow.to.x,
        y: a * arrow.from.y + b * c1.y + c * c2.y + d * arrow.to.y,
    }
}

/// Height of a label's box, for [`labels_crossed`]: the label font's line.
const LABEL_BOX_HEIGHT_POINTS: f32 = super::marks::LABEL_FONT_POINTS * 1.2;

/// Points sampled along each arrow by [`labels_crossed`].
const CROSSING_SAMPLES: u16 = 24;

/// How many (arrow, label) pairs cross: an arrow's curve passing through
/// the box another mark's label may fill. The painter draws arrows under
/// the marks and each label on its own background, so these are the
/// labels that stay readable over an arrow rather than under it; the
/// benchmark reports the count for its views.
#[must_use]
pub fn labels_crossed(arrows: &[LinkArrow], lanes: &[LaneScene]) -> usize {
    let boxes: Vec<super::geometry::Bounds> = lanes
        .iter()
        .filter_map(|lane| match &lane.content {
            LaneMarks::Events { marks, .. } => Some(marks),
            LaneMarks::Density { .. } => None,
        })
        .flatten()
        .filter_map(|m| m.label)
        .map(|l| {
            super::geometry::Bounds::from_min_size(
                l.at.x,
                l.at.y,
                l.max_width,
                LABEL_BOX_HEIGHT_POINTS,
            )
        })
        .collect();
    arrows
        .iter()
        .map(|arrow| {
            let samples: Vec<Point> = (1..CROSSING_SAMPLES)
                .map(|i| point_at(arrow, f32::from(i) / f32::from(CROSSING_SAMPLES)))
                .collect();
            boxes
                .iter()
                .filter(|b| {
                    samples.iter().any(|p| {
                        b.min_x <= p.x && p.x <= b.max_x && b.min_y <= p.y && p.y <= b.max_y
                    })
                })
                .count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entity::{Entities, EventLink};
    use crate::timeline::project::Projection;
    use crate::timeline::project::fixtures::event;
    use crate::timeline::scale::TimeView;
    use crate::timeline::scene::{Bounds, Scene};

    fn linked(count: i64, links: Vec<(i64, i64)>) -> Notebook {
        let events = (1..=count)
            .map(|i| event(i, &format!("Event {i}"), &format!("2023-09-{i:02}"), None))
            .collect();
        let mut notebook = Notebook::new(events, vec![], vec![], vec![], vec![], vec![]);
        notebook.entities = Entities::new(
            vec![],
            vec![],
            vec![],
            links
                .into_iter()
                .map(|(a, b)| EventLink {
                    from: EventId(a),
                    to: EventId(b),
                    kind: "precedes".into(),
                    excerpt: None,
                })
                .collect(),
        );
        notebook
    }

    fn scene_of(notebook: &Notebook, days: f64) -> Scene {
        let mut projection = Projection::default();
        projection.sync(notebook, 1);
        let start = 19_600.0 * 86_400.0;
        let view = TimeView::from_range(start, start + days * 86_400.0);
        Scene::new(
            &projection,
            notebook,
            &view,
            Bounds::from_min_size(0.0, 0.0, 1200.0, 600.0),
            0.0,
        )
    }

    #[test]
    fn an_arrow_runs_between_both_marks_and_bows_above_them() {
        // 2023-09-01 is day 19_601.
        let notebook = linked(3, vec![(1, 3)]);
        let scene = scene_of(&notebook, 10.0);
        let arrows = arrows(&scene.lanes, &notebook, None, f32::MIN);
        assert_eq!(arrows.len(), 1);
        let a = &arrows[0];
        assert_eq!((a.from_event, a.to_event), (EventId(1), EventId(3)));
        assert!(a.from.x < a.to.x);
        let middle = point_at(a, 0.5);
        assert!(middle.y < a.from.y.min(a.to.y), "bows upwards");
        assert_eq!(point_at(a, 0.0), a.from);
        assert!(!a.selected);
        let arrows = super::arrows(&scene.lanes, &notebook, Some(EventId(3)), f32::MIN);
        assert!(arrows[0].selected);
    }

    #[test]
    fn an_arrow_never_bows_above_the_ceiling() {
        let notebook = linked(3, vec![(1, 3)]);
        let scene = scene_of(&notebook, 10.0);
        let free = &arrows(&scene.lanes, &notebook, None, f32::MIN)[0];
        let ceiling = free.controls[0].y + 5.0;
        let capped = &arrows(&scene.lanes, &notebook, None, ceiling)[0];
        assert!(capped.controls.iter().all(|c| c.y >= ceiling));
        assert!(point_at(capped, 0.5).y >= ceiling);
        assert_eq!((capped.from, capped.to), (free.from, free.to));
    }

    #[test]
    fn an_end_without_a_mark_draws_no_arrow() {
        let notebook = linked(3, vec![(1, 3)]);
        // Only the first two days are in view: event 3 has no mark.
        let scene = scene_of(&notebook, 1.5);
        assert!(arrows(&scene.lanes, &notebook, None, f32::MIN).is_empty());
    }

    #[test]
    fn a_crowded_view_keeps_only_the_selected_events_arrows() {
        let count = 28;
        let links: Vec<(i64, i64)> = (1..=count)
            .flat_map(|a| (1..=count).filter(move |b| *b != a).map(move |b| (a, b)))
            .collect();
        assert!(links.len() > MAX_ARROWS);
        let notebook = linked(count, links);
        let scene = scene_of(&notebook, 30.0);
        let marked = scene
            .lanes
            .iter()
            .map(|l| match &l.content {
                LaneMarks::Events { marks, .. } => marks.len(),
                LaneMarks::Density { .. } => 0,
            })
            .sum::<usize>();
        assert!(marked > 20, "{marked} marks");
        let all = arrows(&scene.lanes, &notebook, None, f32::MIN);
        assert!(all.is_empty(), "too many to draw: {}", all.len());
        let mine = arrows(&scene.lanes, &notebook, Some(EventId(5)), f32::MIN);
        assert!(!mine.is_empty() && mine.len() <= 2 * (count as usize - 1));
        assert!(mine.iter().all(|a| a.selected));
    }

    #[test]
    fn part_of_is_no_arrow_and_an_arrow_to_a_parent_ends_at_its_bracket() {
        let mut notebook = linked(4, vec![(1, 3)]);
        let mut links = notebook.entities.links.clone();
        links.push(EventLink {
            from: EventId(2),
            to: EventId(3),
            kind: super::super::brackets::PART_OF.into(),
            excerpt: None,
        });
        notebook.entities = Entities::new(vec![], vec![], vec![], links);
        let scene = scene_of(&notebook, 10.0);
        let arrows = arrows(&scene.lanes, &notebook, None, f32::MIN);
        assert_eq!(arrows.len(), 1, "the part-of link is the bracket");
        let LaneMarks::Events { brackets, .. } = &scene.lanes[0].content else {
            panic!("a density strip")
        };
        assert_eq!(brackets.len(), 1);
        assert_eq!(arrows[0].to_event, EventId(3));
        assert_eq!(
            (arrows[0].to.x, arrows[0].to.y),
            (brackets[0].x0, brackets[0].y)
        );
    }

    #[test]
    fn an_arrow_over_a_label_between_its_ends_is_counted() {
        // 1 → 5 bows over the labels of 2, 3 and 4 only if it runs low:
        // a ceiling just above the marks forces it through their row.
        let notebook = linked(5, vec![(1, 5)]);
        let scene = scene_of(&notebook, 10.0);
        let high = arrows(&scene.lanes, &notebook, None, f32::MIN);
        let label_top = match &scene.lanes[0].content {
            LaneMarks::Events { marks, .. } => marks[1].label.unwrap().at.y,
            LaneMarks::Density { .. } => panic!("a density strip"),
        };
        assert_eq!(labels_crossed(&high, &scene.lanes), 0, "it bows above");
        let mut low = high.clone();
        for c in &mut low[0].controls {
            c.y = label_top + 11.0;
        }
        assert!(labels_crossed(&low, &scene.lanes) >= 3);
    }
}
