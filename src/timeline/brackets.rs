//! "Part of": an event that contains others (the visit contains its days)
//! is drawn as a bracket over them, and can fold. Pure: no egui.
//!
//! A part-of link runs from the child to the parent ("the talks are part of
//! the visit"; the inspector reads it *Part of* from the child and
//! *Contains* from the parent). Among the events the timeline shows (the
//! filter's, in shown tracks) this module works out, once per change of the
//! notebook, the filter or the folds:
//!
//! - each parent's **span**: from the earliest start to the latest end of
//!   its own extent and of everything it contains, nested parents included;
//!   the index places the parent by its span, so its bracket is found
//!   whenever any of its children is in view;
//! - each parent's **depth**, so nested brackets stack under their parents;
//! - what a **fold** hides: every event a folded parent contains, however
//!   deep, and how many that is ("(+3)").
//!
//! A child in another lane than its parent stays in its own lane; the
//! parent's bracket, in the parent's lane, spans it too (its time range is
//! the family's), and folding the parent hides it wherever it is. Links that
//! would make a loop (A part of B, B part of A) are ignored from the point
//! where the loop closes, in the order the events come, so every family is
//! a tree or a DAG (an event may be part of two parents: both brackets
//! span it, and folding either hides it). An event the filter hides is not
//! in any family: it never counts, and unfolding never brings it back.
//!
//! Folding is view state, not research data: [`Folds`] lives in the
//! window's state and is never stored in the notebook.

use std::collections::{BTreeSet, HashMap};

use super::extent::Extent;
use super::geometry::{Bounds, Point};
use super::layout::LabelPlacement;
use crate::model::{EventId, Notebook};

/// The stored kind of a part-of link.
pub const PART_OF: &str = "part-of";

/// Height of one row of brackets, above a lane's rows of marks: a line, its
/// title on it and the fold control.
pub const BRACKET_ROW_POINTS: f32 = 18.0;

/// Rows of brackets a lane stacks at most; deeper or crowded brackets share
/// the last one (four levels of nesting already take 72 points).
pub const MAX_BRACKET_ROWS: u16 = 4;

/// Distance from a bracket row's top to its line.
pub const BRACKET_LINE_POINTS: f32 = 9.0;

/// Half the height of a folded parent's bar.
pub const FOLDED_BAR_HALF_HEIGHT_POINTS: f32 = 4.5;

/// Size of the square fold control at the bracket's left.
pub const TOGGLE_POINTS: f32 = 12.0;

/// Room between the bracket's left end and its fold control, and between
/// the control and the title.
pub const TOGGLE_PAD_POINTS: f32 = 3.0;

/// Distance from a bracket row's top to its title's top.
pub const BRACKET_LABEL_TOP_POINTS: f32 = 2.0;

/// Narrowest bracket drawn: a parent whose family is one day wide at a
/// year's zoom still shows its two ends apart.
pub const MIN_BRACKET_WIDTH_POINTS: f32 = 8.0;

/// The parents folded on the timeline, by event. View state: kept by the
/// window for the open notebook, never in the notebook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folds {
    folded: BTreeSet<EventId>,
}

impl Folds {
    /// Folds an open parent, opens a folded one.
    pub fn toggle(&mut self, id: EventId) {
        if !self.folded.remove(&id) {
            self.folded.insert(id);
        }
    }

    /// True when this event is folded.
    #[must_use]
    pub fn is_folded(&self, id: EventId) -> bool {
        self.folded.contains(&id)
    }

    /// True when nothing is folded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    /// A key that changes whenever the folds do (0 when nothing is folded),
    /// for caches built from them.
    #[must_use]
    pub fn key(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        if self.folded.is_empty() {
            return 0;
        }
        let mut hasher = std::hash::DefaultHasher::new();
        self.folded.hash(&mut hasher);
        hasher.finish() | 1
    }
}

/// A parent among the shown events.
#[derive(Debug, Clone, PartialEq)]
pub struct Parent {
    /// Earliest start of itself and everything it contains (seconds; may be
    /// infinite).
    pub start: f64,
    /// Latest end of the same.
    pub end: f64,
    /// Events it contains directly.
    pub children: u32,
    /// Events a fold hides under it (every shown descendant); 0 when open.
    pub hidden: u32,
    /// Folded.
    pub folded: bool,
    /// Parents above it (0 for a top-level parent): nested brackets stack
    /// in this order.
    pub depth: u16,
    /// Its own parents that are drawn (positions in `Notebook::events`).
    pub parents: Vec<u32>,
}

/// The families of the shown events: who contains whom, and what the folds
/// hide.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Family {
    /// By position in `Notebook::events`: every drawn parent.
    parents: HashMap<u32, Parent>,
    /// Positions a folded parent hides.
    folded_away: std::collections::HashSet<u32>,
}

impl Family {
    /// Works out the families among the events `shown` keeps (positions in
    /// `Notebook::events`), with `extents` by position and the parents in
    /// `folds` folded.
    #[must_use]
    pub fn build(
        notebook: &Notebook,
        extents: &[Extent],
        shown: impl Fn(usize) -> bool,
        folds: &Folds,
    ) -> Self {
        // Child → parent edges between shown events, as dense node numbers.
        let mut node_of: HashMap<usize, usize> = HashMap::new();
        let mut position_of: Vec<usize> = Vec::new();
        let mut children: Vec<Vec<usize>> = Vec::new();
        let mut node = |position: usize,
                        node_of: &mut HashMap<usize, usize>,
                        children: &mut Vec<Vec<usize>>| {
            *node_of.entry(position).or_insert_with(|| {
                position_of.push(position);
                children.push(Vec::new());
                position_of.len() - 1
            })
        };
        for link in &notebook.entities.links {
            if link.kind != PART_OF || link.from == link.to {
                continue;
            }
            let (Some(child), Some(parent)) = (
                notebook.event_position(link.from),
                notebook.event_position(link.to),
            ) else {
                continue;
            };
            if child >= extents.len() || parent >= extents.len() || !shown(child) || !shown(parent)
            {
                continue;
            }
            let p = node(parent, &mut node_of, &mut children);
            let c = node(child, &mut node_of, &mut children);
            if !children[p].contains(&c) {
                children[p].push(c);
            }
        }
        if position_of.is_empty() {
            return Self::default();
        }
        let count = position_of.len();
        // Depth-first from each node in event order; an edge back to a node
        // on the path would close a loop and is dropped.
        let mut roots: Vec<usize> = (0..count).collect();
        roots.sort_unstable_by_key(|n| position_of[*n]);
        let mut state = vec![0u8; count];
        let mut kept: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut post_order: Vec<usize> = Vec::with_capacity(count);
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for root in roots {
            if state[root] != 0 {
                continue;
            }
            state[root] = 1;
            stack.push((root, 0));
            while let Some(top) = stack.last_mut() {
                let (v, i) = *top;
                if let Some(&c) = children[v].get(i) {
                    top.1 += 1;
                    match state[c] {
                        0 => {
                            state[c] = 1;
                            kept[v].push(c);
                            stack.push((c, 0));
                        }
                        2 => kept[v].push(c),
                        _ => {} // back to the path: a loop
                    }
                } else {
                    state[v] = 2;
                    post_order.push(v);
                    stack.pop();
                }
            }
        }
        // Spans, children first.
        let mut spans: Vec<(f64, f64)> = position_of
            .iter()
            .map(|p| (extents[*p].start, extents[*p].end))
            .collect();
        for &v in &post_order {
            for &c in &kept[v] {
                let (start, end) = spans[c];
                spans[v].0 = spans[v].0.min(start);
                spans[v].1 = spans[v].1.max(end);
            }
        }
        // Depth and what folds hide, parents first.
        let mut depth = vec![0u16; count];
        let mut hidden = vec![false; count];
        let mut parents_of: Vec<Vec<u32>> = vec![Vec::new(); count];
        let folded: Vec<bool> = position_of
            .iter()
            .map(|p| folds.is_folded(notebook.events[*p].id))
            .collect();
        for &v in post_order.iter().rev() {
            for &c in &kept[v] {
                depth[c] = depth[c].max(depth[v].saturating_add(1));
                if hidden[v] || folded[v] {
                    hidden[c] = true;
                }
                parents_of[c].push(u32::try_from(position_of[v]).unwrap_or(u32::MAX));
            }
        }
        let mut family = Self::default();
        let mut seen = vec![false; count];
        for v in 0..count {
            if hidden[v] {
                family
                    .folded_away
                    .insert(u32::try_from(position_of[v]).unwrap_or(u32::MAX));
                continue;
            }
            if kept[v].is_empty() {
                continue;
            }
            let hidden_count = if folded[v] {
                descendants(v, &kept, &mut seen)
            } else {
                0
            };
            family.parents.insert(
                u32::try_from(position_of[v]).unwrap_or(u32::MAX),
                Parent {
                    start: spans[v].0,
                    end: spans[v].1,
                    children: u32::try_from(kept[v].len()).unwrap_or(u32::MAX),
                    hidden: hidden_count,
                    folded: folded[v],
                    depth: depth[v],
                    parents: std::mem::take(&mut parents_of[v]),
                },
            );
        }
        family
    }

    /// True when no shown event contains another.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.parents.is_empty()
    }

    /// The parent at this position in `Notebook::events`, if it contains
    /// shown events and no fold hides it.
    #[must_use]
    pub fn parent(&self, position: u32) -> Option<&Parent> {
        self.parents.get(&position)
    }

    /// True when a folded parent hides the event at this position.
    #[must_use]
    pub fn is_folded_away(&self, position: usize) -> bool {
        u32::try_from(position).is_ok_and(|p| self.folded_away.contains(&p))
    }

    /// Events the folds hide.
    #[must_use]
    pub fn folded_away_count(&self) -> usize {
        self.folded_away.len()
    }
}

/// How many distinct nodes lie under `v` (`seen` is all false on entry and
/// left so).
fn descendants(v: usize, kept: &[Vec<usize>], seen: &mut [bool]) -> u32 {
    let mut stack = vec![v];
    let mut visited = Vec::new();
    while let Some(n) = stack.pop() {
        for &c in &kept[n] {
            if !seen[c] {
                seen[c] = true;
                visited.push(c);
                stack.push(c);
            }
        }
    }
    for n in &visited {
        seen[*n] = false;
    }
    u32::try_from(visited.len()).unwrap_or(u32::MAX)
}

/// A parent placed on a lane's bracket rows by the layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedBracket {
    /// Position of the parent in `Notebook::events`.
    pub event_index: u32,
    /// Bracket row, 0 at the top of the lane.
    pub row: u16,
    /// Left end (clamped near the widget).
    pub x0: f32,
    /// Right end (clamped), at least [`MIN_BRACKET_WIDTH_POINTS`] right of
    /// `x0`.
    pub x1: f32,
    /// Its title, when there was room.
    pub label: Option<LabelPlacement>,
    /// Left edge of the space it reserves on its row.
    pub reserved_x0: f32,
    /// Right edge of the space it reserves (the bracket, the control, the
    /// title).
    pub reserved_x1: f32,
    /// Folded (drawn as one bar with its count).
    pub folded: bool,
    /// Events the fold hides.
    pub hidden: u32,
}

/// A parent as drawn: a bracket over its children, or, folded, one bar
/// with its count.
#[derive(Debug, Clone, PartialEq)]
pub struct BracketMark {
    /// The parent.
    pub event: EventId,
    /// Its position in `Notebook::events`.
    pub event_index: usize,
    /// Its bracket row.
    pub row: Bounds,
    /// Left end, line and right end: the line runs at `y` from `x0` to
    /// `x1`, the ends drop from it to `tick_bottom`.
    pub x0: f32,
    /// See [`Self::x0`].
    pub x1: f32,
    /// See [`Self::x0`].
    pub y: f32,
    /// See [`Self::x0`].
    pub tick_bottom: f32,
    /// The fold control's square.
    pub toggle: Bounds,
    /// The control's triangle: pointing right when folded, down when open.
    pub triangle: [Point; 3],
    /// Its title, when there was room (the count follows the title).
    pub label: Option<super::marks::LabelBox>,
    /// Folded.
    pub folded: bool,
    /// Events the fold hides ("(+3)").
    pub hidden: u32,
    /// Excerpts supporting it, for the badge after the title.
    pub excerpts: usize,
    /// Where a click selects it (the title and badge are added by the
    /// painter, who measures them).
    pub hit: Bounds,
}

impl BracketMark {
    /// The geometry of a placed bracket on `row`.
    #[must_use]
    pub fn new(placed: &PlacedBracket, (event, excerpts): (EventId, usize), row: Bounds) -> Self {
        let y = row.min_y + BRACKET_LINE_POINTS;
        let left = placed.x0.max(row.min_x);
        let toggle = Bounds::from_min_size(
            left + TOGGLE_PAD_POINTS,
            y - TOGGLE_POINTS / 2.0,
            TOGGLE_POINTS,
            TOGGLE_POINTS,
        );
        let c = toggle.centre();
        let r = TOGGLE_POINTS * 0.3;
        let triangle = if placed.folded {
            [
                Point {
                    x: c.x - r * 0.6,
                    y: c.y - r,
                },
                Point { x: c.x + r, y: c.y },
                Point {
                    x: c.x - r * 0.6,
                    y: c.y + r,
                },
            ]
        } else {
            [
                Point {
                    x: c.x - r,
                    y: c.y - r * 0.6,
                },
                Point {
                    x: c.x + r,
                    y: c.y - r * 0.6,
                },
                Point { x: c.x, y: c.y + r },
            ]
        };
        let label = placed.label.map(|l| super::marks::LabelBox {
            at: Point {
                x: l.x,
                y: row.min_y + BRACKET_LABEL_TOP_POINTS,
            },
            max_width: l.max_width,
        });
        let hit =
            Bounds::from_min_max(placed.x0, row.min_y, placed.x1.max(toggle.max_x), row.max_y);
        Self {
            event,
            event_index: placed.event_index as usize,
            row,
            x0: placed.x0,
            x1: placed.x1,
            y,
            tick_bottom: row.max_y,
            toggle,
            triangle,
            label,
            folded: placed.folded,
            hidden: placed.hidden,
            excerpts,
            hit,
        }
    }

    /// Moves it down by `dy` (the lanes scrolled).
    pub(super) fn shift_down(&mut self, dy: f32) {
        self.row = self.row.shifted_down(dy);
        self.y += dy;
        self.tick_bottom += dy;
        self.toggle = self.toggle.shifted_down(dy);
        for p in &mut self.triangle {
            p.y += dy;
        }
        if let Some(label) = &mut self.label {
            label.at.y += dy;
        }
        self.hit = self.hit.shifted_down(dy);
    }

    /// The title as drawn: folded, with the count it hides.
    #[must_use]
    pub fn title(&self, title: &str) -> String {
        if self.folded {
            format!("{title} (+{})", self.hidden)
        } else {
            title.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::entity::{Entities, EventLink};
    use crate::timeline::extent::extent_from_date;
    use crate::timeline::project::fixtures::event;

    /// Events 1..=n on consecutive September days, with part-of links
    /// (child, parent).
    fn families(count: i64, part_of: &[(i64, i64)]) -> Notebook {
        let events = (1..=count)
            .map(|i| event(i, &format!("Event {i}"), &format!("2023-09-{i:02}"), None))
            .collect();
        let mut notebook = Notebook::new(events, vec![], vec![], vec![], vec![], vec![]);
        notebook.entities = Entities::new(
            vec![],
            vec![],
            vec![],
            part_of
                .iter()
                .map(|(child, parent)| EventLink {
                    from: EventId(*child),
                    to: EventId(*parent),
                    kind: PART_OF.into(),
                    excerpt: None,
                })
                .collect(),
        );
        notebook
    }

    fn extents(notebook: &Notebook) -> Vec<Extent> {
        notebook
            .events
            .iter()
            .map(|e| extent_from_date(&e.date))
            .collect()
    }

    fn position(notebook: &Notebook, id: i64) -> u32 {
        notebook.event_position(EventId(id)).unwrap() as u32
    }

    #[test]
    fn a_parent_spans_its_children_and_nested_parents_nest() {
        // 1 contains 2 and 5; 5 contains 6 and 7; 3 and 4 are loose.
        let notebook = families(8, &[(2, 1), (5, 1), (6, 5), (7, 5)]);
        let extents = extents(&notebook);
        let family = Family::build(&notebook, &extents, |_| true, &Folds::default());
        let outer = family.parent(position(&notebook, 1)).unwrap();
        let inner = family.parent(position(&notebook, 5)).unwrap();
        let at = |id: i64| &extents[position(&notebook, id) as usize];
        assert_eq!(outer.start, at(1).start);
        assert_eq!(outer.end, at(7).end, "the grandchild's end");
        assert_eq!((inner.start, inner.end), (at(5).start, at(7).end));
        assert_eq!((outer.depth, inner.depth), (0, 1));
        assert_eq!(inner.parents, vec![position(&notebook, 1)]);
        assert_eq!((outer.children, inner.children), (2, 2));
        assert!(family.parent(position(&notebook, 2)).is_none());
        assert!(family.parent(position(&notebook, 3)).is_none());
        assert_eq!(family.folded_away_count(), 0);
    }

    #[test]
    fn a_parent_dated_outside_its_children_keeps_its_own_extent() {
        // Event 9 (the 9th) contains the 2nd and the 3rd.
        let notebook = families(9, &[(2, 9), (3, 9)]);
        let extents = extents(&notebook);
        let family = Family::build(&notebook, &extents, |_| true, &Folds::default());
        let parent = family.parent(position(&notebook, 9)).unwrap();
        assert_eq!(parent.start, extents[position(&notebook, 2) as usize].start);
        assert_eq!(parent.end, extents[position(&notebook, 9) as usize].end);
    }

    #[test]
    fn folding_hides_every_descendant_and_counts_them() {
        let notebook = families(8, &[(2, 1), (5, 1), (6, 5), (7, 5)]);
        let extents = extents(&notebook);
        let mut folds = Folds::default();
        folds.toggle(EventId(1));
        let family = Family::build(&notebook, &extents, |_| true, &folds);
        let outer = family.parent(position(&notebook, 1)).unwrap();
        assert!(outer.folded);
        assert_eq!(outer.hidden, 4, "2, 5 and 5's 6 and 7");
        assert!(
            family.parent(position(&notebook, 5)).is_none(),
            "folded away"
        );
        for id in [2, 5, 6, 7] {
            assert!(family.is_folded_away(position(&notebook, id) as usize));
        }
        assert!(!family.is_folded_away(position(&notebook, 3) as usize));
        // Folding the inner one only hides its own.
        let mut folds = Folds::default();
        folds.toggle(EventId(5));
        let family = Family::build(&notebook, &extents, |_| true, &folds);
        assert_eq!(family.parent(position(&notebook, 5)).unwrap().hidden, 2);
        assert!(!family.parent(position(&notebook, 1)).unwrap().folded);
        assert_eq!(family.folded_away_count(), 2);
        // Toggling again opens it.
        folds.toggle(EventId(5));
        assert!(folds.is_empty());
        assert_eq!(folds.key(), 0);
    }

    #[test]
    fn folding_respects_the_filter() {
        let notebook = families(5, &[(2, 1), (3, 1), (4, 1)]);
        let extents = extents(&notebook);
        let hidden_by_filter = position(&notebook, 3) as usize;
        let mut folds = Folds::default();
        folds.toggle(EventId(1));
        let family = Family::build(&notebook, &extents, |p| p != hidden_by_filter, &folds);
        let parent = family.parent(position(&notebook, 1)).unwrap();
        assert_eq!(parent.hidden, 2, "the filtered-out child does not count");
        assert_eq!(parent.children, 2);
        assert!(!family.is_folded_away(hidden_by_filter));
        // A parent the filter hides has no bracket and hides nothing.
        let family = Family::build(&notebook, &extents, |p| p != 0, &folds);
        assert!(family.is_empty());
        assert_eq!(family.folded_away_count(), 0);
    }

    #[test]
    fn a_loop_of_part_of_links_is_cut_where_it_closes() {
        // 1 ⊃ 2 ⊃ 3 ⊃ 1, and 4 part of both 1 and 3.
        let notebook = families(4, &[(2, 1), (3, 2), (1, 3), (4, 1), (4, 3)]);
        let extents = extents(&notebook);
        let mut folds = Folds::default();
        folds.toggle(EventId(1));
        let family = Family::build(&notebook, &extents, |_| true, &folds);
        let top = family.parent(position(&notebook, 1)).unwrap();
        assert_eq!(top.depth, 0);
        assert_eq!(top.hidden, 3, "2, 3 and 4, each once");
        assert_eq!(family.folded_away_count(), 3);
    }

    #[test]
    fn a_bracket_draws_its_triangle_and_title_by_its_fold() {
        let placed = PlacedBracket {
            event_index: 0,
            row: 0,
            x0: 100.0,
            x1: 300.0,
            label: Some(LabelPlacement {
                x: 122.0,
                max_width: 80.0,
            }),
            reserved_x0: 96.0,
            reserved_x1: 300.0,
            folded: false,
            hidden: 0,
        };
        let row = Bounds::from_min_size(0.0, 50.0, 1000.0, BRACKET_ROW_POINTS);
        let open = BracketMark::new(&placed, (EventId(1), 2), row);
        assert_eq!(open.y, 50.0 + BRACKET_LINE_POINTS);
        assert_eq!(open.tick_bottom, row.max_y);
        assert!(open.toggle.min_x >= open.x0 && open.toggle.max_x < 122.0);
        // Open: the triangle points down (its tip is the lowest point).
        assert!(open.triangle[2].y > open.triangle[0].y);
        assert_eq!(open.title("Visit"), "Visit");
        let folded = BracketMark::new(
            &PlacedBracket {
                folded: true,
                hidden: 3,
                ..placed
            },
            (EventId(1), 2),
            row,
        );
        // Folded: it points right.
        assert!(folded.triangle[1].x > folded.triangle[0].x);
        assert_eq!(folded.triangle[1].y, folded.toggle.centre().y);
        assert_eq!(folded.title("Visit"), "Visit (+3)");
        let mut moved = folded.clone();
        moved.shift_down(10.0);
        assert_eq!(moved.y, folded.y + 10.0);
        assert_eq!(moved.toggle.min_y, folded.toggle.min_y + 10.0);
    }

    fn scene_of(notebook: &Notebook, folds: &Folds) -> crate::timeline::scene::Scene {
        use crate::timeline::project::Projection;
        use crate::timeline::scale::TimeView;
        let mut projection = Projection::default();
        projection.sync_folded(notebook, 1, None, folds);
        // 2023-08-31 to 2023-09-15.
        let start = 19_600.0 * 86_400.0;
        let view = TimeView::from_range(start, start + 15.0 * 86_400.0);
        crate::timeline::scene::Scene::new(
            &projection,
            notebook,
            &view,
            Bounds::from_min_size(0.0, 0.0, 1500.0, 800.0),
            0.0,
        )
    }

    fn lane_parts(
        scene: &crate::timeline::scene::Scene,
    ) -> (&[crate::timeline::marks::Mark], &[BracketMark]) {
        match &scene.lanes[0].content {
            crate::timeline::scene::LaneMarks::Events {
                marks, brackets, ..
            } => (marks, brackets),
            crate::timeline::scene::LaneMarks::Density { .. } => panic!("a density strip"),
        }
    }

    #[test]
    fn brackets_nest_above_the_marks_and_span_their_children() {
        // 1 contains 2 and 5; 5 contains 6 and 7.
        let notebook = families(8, &[(2, 1), (5, 1), (6, 5), (7, 5)]);
        let scene = scene_of(&notebook, &Folds::default());
        let (marks, brackets) = lane_parts(&scene);
        let ids: Vec<i64> = brackets.iter().map(|b| b.event.0).collect();
        assert_eq!(ids, vec![1, 5], "outer first");
        let (outer, inner) = (&brackets[0], &brackets[1]);
        assert!(inner.row.min_y >= outer.row.max_y, "the nested one below");
        assert!(outer.x0 <= inner.x0 && inner.x1 <= outer.x1);
        // Parents are brackets, not marks; every child mark is under the
        // brackets and inside its parent's span.
        let marked: Vec<i64> = marks.iter().map(|m| m.event.0).collect();
        assert_eq!(marked, vec![2, 3, 4, 6, 7, 8]);
        let mark = |id: i64| marks.iter().find(|m| m.event.0 == id).unwrap();
        for id in [2, 6, 7] {
            let m = mark(id);
            assert!(m.row.min_y >= inner.row.max_y);
            let x = match m.glyph {
                crate::timeline::marks::Glyph::Point { centre, .. } => centre.x,
                crate::timeline::marks::Glyph::Bar { bounds, .. } => bounds.min_x,
            };
            assert!(outer.x0 <= x && x <= outer.x1, "{id} under the visit");
        }
        for id in [6, 7] {
            let m = mark(id);
            let crate::timeline::marks::Glyph::Point { centre, .. } = m.glyph else {
                panic!()
            };
            assert!(inner.x0 <= centre.x && centre.x <= inner.x1);
        }
        assert!(outer.label.is_some() && !outer.folded);
        assert!(outer.toggle.min_x >= outer.x0 && outer.toggle.max_y <= outer.row.max_y);
    }

    #[test]
    fn a_folded_parent_is_one_mark_with_its_count_and_its_children_are_not_drawn() {
        let notebook = families(8, &[(2, 1), (5, 1), (6, 5), (7, 5)]);
        let open = scene_of(&notebook, &Folds::default());
        let mut folds = Folds::default();
        folds.toggle(EventId(1));
        let scene = scene_of(&notebook, &folds);
        let (marks, brackets) = lane_parts(&scene);
        assert_eq!(brackets.len(), 1);
        let folded = &brackets[0];
        assert!(folded.folded);
        assert_eq!(folded.hidden, 4);
        assert_eq!(folded.title("Event 1"), "Event 1 (+4)");
        let marked: Vec<i64> = marks.iter().map(|m| m.event.0).collect();
        assert_eq!(marked, vec![3, 4, 8]);
        // Its bar still covers the family's time.
        let (_, open_brackets) = lane_parts(&open);
        assert_eq!(
            (folded.x0, folded.x1),
            (open_brackets[0].x0, open_brackets[0].x1)
        );
        // One bracket row instead of two.
        assert!(scene.content_height < open.content_height);
    }

    #[test]
    fn overlapping_parents_take_separate_bracket_rows() {
        // 1 contains 2 and 4; 3 contains 5: the spans overlap.
        let notebook = families(6, &[(2, 1), (4, 1), (5, 3)]);
        let scene = scene_of(&notebook, &Folds::default());
        let (_, brackets) = lane_parts(&scene);
        assert_eq!(brackets.len(), 2);
        assert_ne!(brackets[0].row, brackets[1].row);
    }
}
