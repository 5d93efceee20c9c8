//! The review of a notebook's evidence (issue 19): what rests on nothing,
//! on one source, on lost or drifted quotes; what the sources say that no
//! event records; where the sources disagree; and what was known by a day.
//!
//! Pure: reads the read model (and, for the unused dates, the date
//! suggestions of each source's text, which the caller extracts). Used by
//! `annals review`, `annals event list --as-of` and the app's Evidence
//! window and timeline.

use std::collections::HashSet;

use crate::extract::Suggestion;
use crate::model::date::Date;
use crate::model::evidence::{Days, Stance, days_of};
use crate::model::{Event, EventId, ExcerptId, Notebook, SourceId};

/// The day number of a date's last day (`i64::MAX` when open), for an
/// as-of day: a source counts as published by then when its publication
/// date's first day is not after it.
#[must_use]
pub fn as_of_day(date: &Date) -> i64 {
    days_of(date).1
}

/// True when a source was published by `day` (its publication's first day
/// is not after it). A source without a publication date is not: nothing
/// shows it was public by then.
#[must_use]
pub fn published_by(notebook: &Notebook, source: SourceId, day: i64) -> bool {
    notebook
        .source(source)
        .and_then(|s| s.published.as_ref())
        .is_some_and(|p| days_of(p).0 <= day)
}

/// True when an event is supported, by `day`, by an excerpt from a source
/// published by then: what a reader could have known that day. An event
/// with no supporting excerpt is not known by any day.
#[must_use]
pub fn known_by(notebook: &Notebook, event: &Event, day: i64) -> bool {
    notebook
        .evidence
        .of(event.id)
        .supporting()
        .filter_map(|l| notebook.excerpt(l.excerpt))
        .any(|x| published_by(notebook, x.source, day))
}

/// The sources of an event's supporting excerpts, without repeats.
#[must_use]
pub fn supporting_sources(notebook: &Notebook, event: EventId) -> Vec<SourceId> {
    let mut seen = Vec::new();
    for link in notebook.evidence.of(event).supporting() {
        if let Some(x) = notebook.excerpt(link.excerpt)
            && !seen.contains(&x.source)
        {
            seen.push(x.source);
        }
    }
    seen
}

/// One side of a dispute: an excerpt's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The excerpt.
    pub excerpt: ExcerptId,
    /// Its quote.
    pub quote: String,
    /// Its source.
    pub source: SourceId,
    /// The source's title.
    pub source_title: String,
    /// The source's publication date, if known.
    pub published: Option<Date>,
    /// The date it asserts, if any.
    pub asserts: Option<Date>,
    /// How it bears on the event.
    pub stance: Stance,
}

/// "Putin to visit North Korea says September 2023; Kim and Putin meet in
/// the Far East says October 2023": what each linked excerpt says.
#[must_use]
pub fn accounts_summary(notebook: &Notebook, event: EventId) -> String {
    accounts(notebook, event)
        .into_iter()
        .map(|a| {
            format!(
                "{} says {}",
                a.source_title,
                a.asserts
                    .as_ref()
                    .map_or_else(|| a.stance.name().to_owned(), Date::display)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// How an event stands, for a report: "Disputed: … says …; … says …", or
/// its status when not the default ("Status: planned"); `None` for a
/// reported, undisputed event.
#[must_use]
pub fn standing(notebook: &Notebook, event: EventId) -> Option<String> {
    let status = notebook.evidence.status(event);
    if notebook.evidence.is_disputed(event) && !accounts(notebook, event).is_empty() {
        return Some(format!("Disputed: {}", accounts_summary(notebook, event)));
    }
    (status != crate::model::evidence::Status::Reported)
        .then(|| format!("Status: {}", status.name()))
}

/// Every linked excerpt's account of an event, in link order.
#[must_use]
pub fn accounts(notebook: &Notebook, event: EventId) -> Vec<Account> {
    notebook
        .evidence
        .of(event)
        .links
        .iter()
        .filter_map(|l| {
            let x = notebook.excerpt(l.excerpt)?;
            let source = notebook.source(x.source);
            Some(Account {
                excerpt: x.id,
                quote: x.quote.clone(),
                source: x.source,
                source_title: source.map(|s| s.title.clone()).unwrap_or_default(),
                published: source.and_then(|s| s.published.clone()),
                asserts: l.asserts.clone(),
                stance: l.stance,
            })
        })
        .collect()
}

/// A source's dates that no event uses.
#[derive(Debug, Clone, PartialEq)]
pub struct UnusedDates {
    /// The source.
    pub source: SourceId,
    /// Its title.
    pub title: String,
    /// How many dates the suggester found in it.
    pub found: usize,
    /// Those no event uses, in text order.
    pub unused: Vec<Suggestion>,
}

impl UnusedDates {
    /// "12 of 31 dates in this source are not yet events".
    #[must_use]
    pub fn summary(&self) -> String {
        format!(
            "{} of {} dates in this source {} not yet events",
            self.unused.len(),
            self.found,
            if self.unused.len() == 1 { "is" } else { "are" }
        )
    }
}

/// True when one range lies within the other.
const fn nested(a: Days, b: Days) -> bool {
    (a.0 >= b.0 && a.1 <= b.1) || (b.0 >= a.0 && b.1 <= a.1)
}

/// The dates found in a source (`found`, from its text) that no event
/// uses. A date is used when an excerpt of this source that covers it is
/// linked to an event, or when an event's date lies within it or it within
/// the event's ("in September" is used by an event on 13 September 2023).
#[must_use]
pub fn unused_dates(notebook: &Notebook, source: SourceId, found: Vec<Suggestion>) -> UnusedDates {
    let linked: Vec<(usize, usize)> = notebook
        .excerpts_of_source(source)
        .filter(|x| !notebook.events_of_excerpt(x.id).is_empty())
        .map(|x| (x.start, x.end))
        .collect();
    let event_days: Vec<Days> = notebook.events.iter().map(|e| days_of(&e.date)).collect();
    let total = found.len();
    let unused = found
        .into_iter()
        .filter(|s| {
            let covered = linked.iter().any(|(a, b)| *a <= s.start && s.end <= *b);
            let days = days_of(&s.date);
            !covered && !event_days.iter().any(|e| nested(*e, days))
        })
        .collect();
    UnusedDates {
        source,
        title: notebook
            .source(source)
            .map(|s| s.title.clone())
            .unwrap_or_default(),
        found: total,
        unused,
    }
}

/// The review of a notebook's evidence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Review {
    /// Events no excerpt supports.
    pub unsupported: Vec<EventId>,
    /// Events supported by excerpts of one source only.
    pub single_source: Vec<EventId>,
    /// Excerpts whose quote an edit of their source removed.
    pub lost: Vec<ExcerptId>,
    /// Excerpts linked to no event (or only as mentions or disputes) and
    /// cited by no link or role.
    pub orphan_excerpts: Vec<ExcerptId>,
    /// Sources with dates no event uses (only those with any).
    pub unused_dates: Vec<UnusedDates>,
    /// Disputed events.
    pub disputed: Vec<EventId>,
    /// Excerpts whose source text changed after they were cut (or whose
    /// quote no longer matches its digest).
    pub drift: Vec<ExcerptId>,
}

impl Review {
    /// Reviews a notebook; `unused_dates` are the sources' unused dates
    /// (see [`unused_dates`]), kept where a source has any.
    #[must_use]
    pub fn of(notebook: &Notebook, unused_dates: Vec<UnusedDates>) -> Self {
        let mut steps = ReviewSteps::default();
        steps.step(notebook, || true);
        steps.finish(notebook, unused_dates)
    }

    /// How many rows each list has, in the panel's order.
    #[must_use]
    pub fn counts(&self) -> [usize; 7] {
        [
            self.unsupported.len(),
            self.single_source.len(),
            self.lost.len(),
            self.orphan_excerpts.len(),
            self.unused_dates.len(),
            self.disputed.len(),
            self.drift.len(),
        ]
    }
}

/// Events reviewed between two calls of [`ReviewSteps::step`]'s `more`.
const STEP_EVENTS: usize = 1024;

/// A [`Review`] worked out a slice of the events at a time, so that the
/// review of a large notebook never holds up a frame (at a million events
/// the whole review takes about a tenth of a second): [`Self::step`] until
/// it says all events are done, then [`Self::finish`].
#[derive(Debug, Default)]
pub struct ReviewSteps {
    /// The position of the next event to review.
    next: usize,
    review: Review,
    /// Excerpts that support one of the events reviewed so far.
    supporting: HashSet<ExcerptId>,
}

impl ReviewSteps {
    /// Reviews events from where the last step stopped until all are done
    /// or `more` (asked after every [`STEP_EVENTS`]) says to stop. True
    /// when every event is done. The notebook must be the one the steps
    /// began with.
    pub fn step(&mut self, notebook: &Notebook, mut more: impl FnMut() -> bool) -> bool {
        let len = notebook.events.len();
        while self.next < len {
            let end = (self.next + STEP_EVENTS).min(len);
            for event in &notebook.events[self.next..end] {
                self.review_event(notebook, event.id);
            }
            self.next = end;
            if !more() {
                break;
            }
        }
        self.next >= len
    }

    /// One event: how many sources support it, and whether it is disputed
    /// (one look-up of its evidence).
    fn review_event(&mut self, notebook: &Notebook, id: EventId) {
        let Some(evidence) = notebook.evidence.events.get(&id) else {
            self.review.unsupported.push(id);
            return;
        };
        let mut sources: Vec<SourceId> = Vec::new();
        for link in evidence.supporting() {
            self.supporting.insert(link.excerpt);
            if let Some(x) = notebook.excerpt(link.excerpt)
                && !sources.contains(&x.source)
            {
                sources.push(x.source);
            }
        }
        match sources.len() {
            0 => self.review.unsupported.push(id),
            1 => self.review.single_source.push(id),
            _ => {}
        }
        if evidence.is_disputed() {
            self.review.disputed.push(id);
        }
    }

    /// The review, once [`Self::step`] said every event is done: the
    /// excerpts' part (a notebook has far fewer excerpts than events) and
    /// the sources' unused dates.
    #[must_use]
    pub fn finish(self, notebook: &Notebook, unused_dates: Vec<UnusedDates>) -> Review {
        let Self {
            mut review,
            mut supporting,
            ..
        } = self;
        // An excerpt is used when it supports an event, or is cited as
        // what asserts a link between events or someone's role in one.
        let cast = &notebook.entities;
        supporting.extend(cast.links.iter().filter_map(|l| l.excerpt));
        supporting.extend(cast.involvements.iter().filter_map(|r| r.excerpt));
        for excerpt in &notebook.excerpts {
            if excerpt.lost {
                review.lost.push(excerpt.id);
            }
            if !supporting.contains(&excerpt.id) {
                review.orphan_excerpts.push(excerpt.id);
            }
            if notebook.evidence.drifted.contains(&excerpt.id) {
                review.drift.push(excerpt.id);
            }
        }
        review.unused_dates = unused_dates
            .into_iter()
            .filter(|u| !u.unused.is_empty())
            .collect();
        review
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::evidence::{EventEvidence, Link, Status};
    use crate::model::{Excerpt, Source, Uid};

    fn d(text: &str) -> Date {
        Date::parse_edtf(text).unwrap()
    }

    fn notebook() -> Notebook {
        let source = |id: i64, published: Option<&str>| Source {
            id: SourceId(id),
            uid: Uid(format!("s{id}")),
            title: format!("Source {id}"),
            outlet: String::new(),
            author: String::new(),
            url: String::new(),
            published: published.map(d),
            accessed: None,
            encoding: "UTF-8".into(),
            body_chars: 100,
            file: None,
            pages: Vec::new(),
            original_kept: false,
        };
        let excerpt = |id: i64, source: i64| Excerpt {
            id: ExcerptId(id),
            uid: Uid(format!("x{id}")),
            source: SourceId(source),
            start: 0,
            end: 5,
            quote: "quote".into(),
            prefix: String::new(),
            suffix: String::new(),
            lost: id == 4,
        };
        let event = |id: i64, date: &str, excerpts: &[i64]| Event {
            id: EventId(id),
            uid: Uid(format!("e{id}")),
            title: format!("Event {id}"),
            date: d(date),
            time_zone: None,
            description: String::new(),
            track: None,
            tags: Vec::new(),
            excerpts: excerpts.iter().map(|x| ExcerptId(*x)).collect(),
        };
        let mut notebook = Notebook::new(
            vec![
                event(1, "2023-09", &[1, 2]),
                event(2, "2024-06", &[1]),
                event(3, "2024-03", &[]),
            ],
            Vec::new(),
            Vec::new(),
            vec![source(1, Some("2024-06-12")), source(2, Some("2024-05-20"))],
            vec![excerpt(1, 1), excerpt(2, 2), excerpt(3, 1), excerpt(4, 2)],
            Vec::new(),
        );
        let link = |x: i64, asserts: &str| Link {
            excerpt: ExcerptId(x),
            asserts: Some(d(asserts)),
            stance: Stance::Supports,
        };
        notebook.evidence.events.insert(
            EventId(1),
            EventEvidence {
                status: Status::Reported,
                links: vec![link(1, "2023-09"), link(2, "2023-10")],
            },
        );
        notebook.evidence.events.insert(
            EventId(2),
            EventEvidence {
                status: Status::Planned,
                links: vec![link(1, "2024-06")],
            },
        );
        notebook.evidence.drifted.insert(ExcerptId(3));
        notebook
    }

    #[test]
    fn the_review_lists_each_kind_of_weak_evidence() {
        let notebook = notebook();
        let review = Review::of(&notebook, Vec::new());
        assert_eq!(review.unsupported, vec![EventId(3)]);
        assert_eq!(review.single_source, vec![EventId(2)]);
        assert_eq!(review.disputed, vec![EventId(1)]);
        assert_eq!(review.lost, vec![ExcerptId(4)]);
        assert_eq!(review.orphan_excerpts, vec![ExcerptId(3), ExcerptId(4)]);
        assert_eq!(review.drift, vec![ExcerptId(3)]);
    }

    #[test]
    fn a_review_in_slices_equals_the_review_in_one_go() {
        let mut notebook = notebook();
        let link = |x: i64| Link {
            excerpt: ExcerptId(x),
            asserts: None,
            stance: Stance::Supports,
        };
        // 3,000 more events: a third on no excerpt, a third on one source,
        // a third on two, and every seventh disputed.
        for i in 0..3000_i64 {
            let id = EventId(100 + i);
            let mut event = notebook.events[2].clone();
            event.id = id;
            event.uid = Uid(format!("more{i}"));
            notebook.events.push(event);
            let links = match i % 3 {
                0 => continue,
                1 => vec![link(1)],
                _ => vec![link(1), link(2)],
            };
            let status = if i % 7 == 0 {
                Status::Disputed
            } else {
                Status::Reported
            };
            notebook
                .evidence
                .events
                .insert(id, EventEvidence { status, links });
        }
        let mut steps = ReviewSteps::default();
        let mut slices = 1;
        while !steps.step(&notebook, || false) {
            slices += 1;
        }
        assert_eq!(
            slices,
            3003_usize.div_ceil(STEP_EVENTS),
            "one slice per call"
        );
        let sliced = steps.finish(&notebook, Vec::new());
        let whole = Review::of(&notebook, Vec::new());
        assert_eq!(sliced, whole);
        // Event 3 and the first third of the new ones rest on nothing;
        // event 2 and the second third on one source.
        assert_eq!(sliced.unsupported.len(), 1 + 1000);
        assert_eq!(sliced.single_source.len(), 1 + 1000);
        let disputed_new = (0..3000).filter(|i| i % 3 != 0 && i % 7 == 0).count();
        assert_eq!(sliced.disputed.len(), whole.disputed.len());
        assert!(sliced.disputed.len() >= disputed_new);
    }

    #[test]
    fn an_excerpt_cited_by_a_link_or_a_role_is_not_unused() {
        use crate::model::EntityId;
        use crate::model::entity::{Entities, EventLink, Involvement};
        let mut notebook = notebook();
        notebook.entities = Entities::new(
            Vec::new(),
            vec![Involvement {
                event: EventId(3),
                entity: EntityId(1),
                role: "visitor".into(),
                excerpt: Some(ExcerptId(4)),
            }],
            Vec::new(),
            vec![EventLink {
                from: EventId(1),
                to: EventId(2),
                kind: "precedes".into(),
                excerpt: Some(ExcerptId(3)),
            }],
        );
        let review = Review::of(&notebook, Vec::new());
        assert!(
            review.orphan_excerpts.is_empty(),
            "{:?}",
            review.orphan_excerpts
        );
    }

    #[test]
    fn as_of_a_day_only_what_sources_published_by_then_support() {
        let notebook = notebook();
        let june_1 = as_of_day(&d("2024-06-01"));
        let known: Vec<EventId> = notebook
            .events
            .iter()
            .filter(|e| known_by(&notebook, e, june_1))
            .map(|e| e.id)
            .collect();
        // The summit has a May source; the visit rests on the 12 June one.
        assert_eq!(known, vec![EventId(1)]);
        let june_12 = as_of_day(&d("2024-06-12"));
        assert!(
            notebook
                .events
                .iter()
                .take(2)
                .all(|e| known_by(&notebook, e, june_12))
        );
        assert!(!known_by(&notebook, &notebook.events[2], i64::MAX));
    }
}
