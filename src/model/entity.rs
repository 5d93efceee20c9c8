//! Entities (people, organisations, places, kinds the user names) and the
//! links between events: who took part, where, and what led to what.
//!
//! The read model keeps them in one [`Entities`] value beside the events,
//! with lookups by event, by entity and by source; the store reloads it
//! whenever an action touches one of its tables.

use std::collections::HashMap;

use super::date::Date;
use super::ids::{EntityId, EventId, ExcerptId, SourceId, Uid};

/// The entity kinds Annals knows by name; any other non-blank kind is the
/// user's own.
pub const KNOWN_KINDS: [&str; 3] = ["person", "organisation", "place"];

/// The link kinds Annals knows by name, as stored; any other non-blank kind
/// is the user's own.
pub const KNOWN_LINK_KINDS: [&str; 5] = [
    "causes",
    "precedes",
    "part-of",
    "responds-to",
    "contradicts",
];

/// Longest kind or role the store keeps (as the schema checks).
pub const MAX_KIND_CHARS: usize = 100;

/// An entity kind as stored: trimmed, lower case, spaces and underscores as
/// hyphens, and "organization" spelled as Annals spells it. `None` for a
/// blank or too long kind.
#[must_use]
pub fn normalised_kind(kind: &str) -> Option<String> {
    let kind = kind
        .trim()
        .to_lowercase()
        .replace([' ', '_'], "-")
        .replace("organization", "organisation");
    let kind = match kind.as_str() {
        "people" | "persons" => "person".to_owned(),
        "org" | "organisations" => "organisation".to_owned(),
        "location" | "places" => "place".to_owned(),
        _ => kind,
    };
    (!kind.is_empty() && kind.chars().count() <= MAX_KIND_CHARS).then_some(kind)
}

/// A link kind as stored: trimmed, lower case, spaces and underscores as
/// hyphens ("part of" → "part-of", "caused" → "causes"). `None` for a blank
/// or too long kind.
#[must_use]
pub fn normalised_link_kind(kind: &str) -> Option<String> {
    let kind = kind.trim().to_lowercase().replace([' ', '_'], "-");
    let kind = match kind.as_str() {
        "cause" | "caused" => "causes".to_owned(),
        "precede" | "preceded" | "before" => "precedes".to_owned(),
        "partof" | "part" => "part-of".to_owned(),
        "responds" | "response-to" | "responded-to" => "responds-to".to_owned(),
        "contradict" | "contradicted" => "contradicts".to_owned(),
        _ => kind,
    };
    (!kind.is_empty() && kind.chars().count() <= MAX_KIND_CHARS).then_some(kind)
}

/// How a link reads from one of its ends: `out` from the event it starts
/// at ("Led to"), `!out` from the event it points to ("Caused by").
#[must_use]
pub fn link_heading(kind: &str, out: bool) -> String {
    let known = match (kind, out) {
        ("causes", true) => "Led to",
        ("causes", false) => "Caused by",
        ("precedes", true) => "Precedes",
        ("precedes", false) => "Preceded by",
        ("part-of", true) => "Part of",
        ("part-of", false) => "Contains",
        ("responds-to", true) => "Responds to",
        ("responds-to", false) => "Answered by",
        ("contradicts", true) => "Contradicts",
        ("contradicts", false) => "Contradicted by",
        (other, true) => return format!("{other} →"),
        (other, false) => return format!("← {other}"),
    };
    known.to_owned()
}

/// A place's position in degrees. Never NaN (the constructor refuses it),
/// so equality is total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    latitude: f64,
    longitude: f64,
}

impl Eq for Coordinates {}

impl Coordinates {
    /// A position, if `latitude` is within ±90° and `longitude` ±180°.
    #[must_use]
    pub fn new(latitude: f64, longitude: f64) -> Option<Self> {
        ((-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude)).then_some(
            Self {
                latitude,
                longitude,
            },
        )
    }

    /// Reads "51.75, 128.33" (or with a space only).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty());
        let latitude = parts.next()?.parse().ok()?;
        let longitude = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        Self::new(latitude, longitude)
    }

    /// Degrees north.
    #[must_use]
    pub const fn latitude(self) -> f64 {
        self.latitude
    }

    /// Degrees east.
    #[must_use]
    pub const fn longitude(self) -> f64 {
        self.longitude
    }
}

impl serde::Serialize for Coordinates {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.latitude, self.longitude].serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Coordinates {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let [latitude, longitude] = <[f64; 2]>::deserialize(deserializer)?;
        Self::new(latitude, longitude).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "[{latitude}, {longitude}] is not a latitude within ±90 and a longitude within ±180"
            ))
        })
    }
}

impl std::fmt::Display for Coordinates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}", self.latitude, self.longitude)
    }
}

/// A person, organisation, place or thing of a kind the user names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// Key.
    pub id: EntityId,
    /// Stable id.
    pub uid: Uid,
    /// "person", "organisation", "place" or the user's own kind.
    pub kind: String,
    /// The name it is shown by.
    pub name: String,
    /// Other spellings ("Kim Jong Un", "김정은").
    pub aliases: Vec<String>,
    /// A short description.
    pub description: String,
    /// Born, founded, … (EDTF).
    pub dates: Option<Date>,
    /// Markdown notes.
    pub notes: String,
    /// Where a place is.
    pub coordinates: Option<Coordinates>,
}

impl Entity {
    /// Its name and aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// An entity taking part in an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Involvement {
    /// The event.
    pub event: EventId,
    /// The entity.
    pub entity: EntityId,
    /// "visitor", "location"; empty for none.
    pub role: String,
    /// The excerpt that says so, if cited.
    pub excerpt: Option<ExcerptId>,
}

/// An entity a source is by or about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInvolvement {
    /// The source.
    pub source: SourceId,
    /// The entity.
    pub entity: EntityId,
    /// "author", "subject"; empty for none.
    pub role: String,
}

/// A directed link between two events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventLink {
    /// Where it starts ("the summit" in "the summit precedes the launch").
    pub from: EventId,
    /// Where it points.
    pub to: EventId,
    /// "causes", "precedes", "part-of", "responds-to", "contradicts" or the
    /// user's own kind.
    pub kind: String,
    /// The excerpt that asserts it, if cited.
    pub excerpt: Option<ExcerptId>,
}

/// Every entity and link of the notebook, with lookups.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// Entities by name.
    pub entities: Vec<Entity>,
    /// Who took part in what, in the order recorded.
    pub involvements: Vec<Involvement>,
    /// Which sources are by or about whom.
    pub source_involvements: Vec<SourceInvolvement>,
    /// Links between events, in the order recorded.
    pub links: Vec<EventLink>,
    entity_index: HashMap<EntityId, usize>,
    by_event: HashMap<EventId, Vec<usize>>,
    by_entity: HashMap<EntityId, Vec<usize>>,
    links_by_event: HashMap<EventId, Vec<usize>>,
}

impl Entities {
    /// Builds the lookups.
    #[must_use]
    pub fn new(
        entities: Vec<Entity>,
        involvements: Vec<Involvement>,
        source_involvements: Vec<SourceInvolvement>,
        links: Vec<EventLink>,
    ) -> Self {
        let entity_index = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id, i))
            .collect();
        let mut by_event: HashMap<EventId, Vec<usize>> = HashMap::new();
        let mut by_entity: HashMap<EntityId, Vec<usize>> = HashMap::new();
        for (i, inv) in involvements.iter().enumerate() {
            by_event.entry(inv.event).or_default().push(i);
            by_entity.entry(inv.entity).or_default().push(i);
        }
        let mut links_by_event: HashMap<EventId, Vec<usize>> = HashMap::new();
        for (i, link) in links.iter().enumerate() {
            links_by_event.entry(link.from).or_default().push(i);
            links_by_event.entry(link.to).or_default().push(i);
        }
        Self {
            entities,
            involvements,
            source_involvements,
            links,
            entity_index,
            by_event,
            by_entity,
            links_by_event,
        }
    }

    /// The entity with this id.
    #[must_use]
    pub fn entity(&self, id: EntityId) -> Option<&Entity> {
        self.entity_index.get(&id).map(|i| &self.entities[*i])
    }

    /// The entity with this name or alias (case-insensitive), if exactly
    /// one has it.
    #[must_use]
    pub fn by_name(&self, name: &str) -> Option<&Entity> {
        let wanted = name.trim().to_lowercase();
        let mut found = self
            .entities
            .iter()
            .filter(|e| e.names().any(|n| n.to_lowercase() == wanted));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// Who takes part in an event, in the order recorded.
    pub fn of_event(&self, id: EventId) -> impl Iterator<Item = &Involvement> {
        self.by_event
            .get(&id)
            .into_iter()
            .flatten()
            .map(|i| &self.involvements[*i])
    }

    /// The events an entity takes part in (with each role).
    pub fn events_of(&self, id: EntityId) -> impl Iterator<Item = &Involvement> {
        self.by_entity
            .get(&id)
            .into_iter()
            .flatten()
            .map(|i| &self.involvements[*i])
    }

    /// How many distinct events an entity takes part in.
    #[must_use]
    pub fn event_count(&self, id: EntityId) -> usize {
        let mut events: Vec<EventId> = self.events_of(id).map(|i| i.event).collect();
        events.sort_unstable();
        events.dedup();
        events.len()
    }

    /// Entities a source is by or about.
    pub fn of_source(&self, id: SourceId) -> impl Iterator<Item = &SourceInvolvement> {
        self.source_involvements
            .iter()
            .filter(move |s| s.source == id)
    }

    /// Sources an entity is on.
    pub fn of_source_entity(&self, id: EntityId) -> impl Iterator<Item = &SourceInvolvement> {
        self.source_involvements
            .iter()
            .filter(move |s| s.entity == id)
    }

    /// Links that start or end at an event.
    pub fn links_of(&self, id: EventId) -> impl Iterator<Item = &EventLink> {
        self.links_by_event
            .get(&id)
            .into_iter()
            .flatten()
            .map(|i| &self.links[*i])
    }
}

/// Names shorter than this are not looked for in a text: one or two
/// letters ("Xi" aside, which is two) match inside too many words. Counted
/// in characters, so a two-syllable Korean name (two characters) counts.
pub const MIN_MENTION_CHARS: usize = 2;

/// Where a known entity's name or alias occurs in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// Whose name it is.
    pub entity: EntityId,
}

/// True for scripts whose words take endings without a space (a Korean
/// particle after a name: "김정은이"), where a name may end inside a word.
fn ends_may_attach(c: char) -> bool {
    matches!(c as u32, 0xac00..=0xd7a3 | 0x3040..=0x30ff | 0x4e00..=0x9fff)
}

/// Every mention of a known entity in `text`: each name and alias, matched
/// exactly (case and all), starting at a word's start and ending at a
/// word's end (or anywhere, after Korean, Japanese or Chinese). Where two
/// overlap ("Vladimir Putin" and "Putin") the longer wins. In text order.
#[must_use]
pub fn mentions(text: &str, entities: &[Entity]) -> Vec<Mention> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<Mention> = Vec::new();
    for entity in entities {
        for name in entity.names() {
            let length = name.chars().count();
            if length < MIN_MENTION_CHARS {
                continue;
            }
            let last = name.chars().last().unwrap_or(' ');
            for start in super::text::occurrences(text, name) {
                let end = start + length;
                let before_ok = start == 0 || !chars[start - 1].is_alphanumeric();
                let after_ok =
                    end >= chars.len() || !chars[end].is_alphanumeric() || ends_may_attach(last);
                if before_ok && after_ok {
                    found.push(Mention {
                        start,
                        end,
                        entity: entity.id,
                    });
                }
            }
        }
    }
    // Longest first at each start, then drop what overlaps a kept one.
    found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut kept: Vec<Mention> = Vec::with_capacity(found.len());
    for m in found {
        if kept.last().is_none_or(|k| m.start >= k.end) {
            kept.push(m);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: EntityId(id),
            uid: Uid(format!("u{id}")),
            kind: "person".into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            description: String::new(),
            dates: None,
            notes: String::new(),
            coordinates: None,
        }
    }

    #[test]
    fn mentions_of_names_and_aliases_in_several_scripts() {
        let cast = [
            person(1, "Vladimir Putin", &["Putin", "Путин"]),
            person(2, "Kim Jong-un", &["김정은"]),
        ];
        let text = "Vladimir Putin met Kim Jong-un. Putin's visit; Путина ждали; 김정은이 말했다. Putinism.";
        let found = mentions(text, &cast);
        let words: Vec<(String, i64)> = found
            .iter()
            .map(|m| {
                (
                    text.chars().skip(m.start).take(m.end - m.start).collect(),
                    m.entity.0,
                )
            })
            .collect();
        assert_eq!(
            words,
            vec![
                ("Vladimir Putin".to_owned(), 1),
                ("Kim Jong-un".to_owned(), 2),
                ("Putin".to_owned(), 1),
                ("김정은".to_owned(), 2),
            ],
            "“Путина” (a case ending) and “Putinism” are not the name"
        );
    }

    #[test]
    fn kinds_are_normalised_and_blank_is_refused() {
        assert_eq!(normalised_kind(" Person ").as_deref(), Some("person"));
        assert_eq!(
            normalised_kind("Organization").as_deref(),
            Some("organisation")
        );
        assert_eq!(normalised_kind("ship").as_deref(), Some("ship"));
        assert_eq!(normalised_kind("  "), None);
        assert_eq!(normalised_link_kind("Part of").as_deref(), Some("part-of"));
        assert_eq!(
            normalised_link_kind("responds_to").as_deref(),
            Some("responds-to")
        );
        assert_eq!(normalised_link_kind("funds").as_deref(), Some("funds"));
        assert_eq!(normalised_link_kind(""), None);
        assert_eq!(normalised_link_kind(&"x".repeat(101)), None);
    }

    #[test]
    fn headings_read_from_both_ends() {
        assert_eq!(link_heading("causes", true), "Led to");
        assert_eq!(link_heading("causes", false), "Caused by");
        assert_eq!(link_heading("funds", true), "funds →");
    }

    #[test]
    fn coordinates_parse_and_refuse_out_of_range() {
        let c = Coordinates::parse("51.88, 128.33").unwrap();
        assert!((c.latitude() - 51.88).abs() < 1e-9);
        assert_eq!(Coordinates::parse(&c.to_string()), Some(c));
        assert_eq!(Coordinates::parse("91 0"), None);
        assert_eq!(Coordinates::parse("NaN 0"), None);
        assert_eq!(Coordinates::parse("1"), None);
    }

    #[test]
    fn lookups_by_event_entity_and_name() {
        let putin = Entity {
            id: EntityId(1),
            uid: Uid("a".into()),
            kind: "person".into(),
            name: "Vladimir Putin".into(),
            aliases: vec!["Путин".into()],
            description: String::new(),
            dates: None,
            notes: String::new(),
            coordinates: None,
        };
        let inv = |event, role: &str| Involvement {
            event: EventId(event),
            entity: EntityId(1),
            role: role.into(),
            excerpt: None,
        };
        let e = Entities::new(
            vec![putin],
            vec![inv(10, "visitor"), inv(10, "host"), inv(11, "")],
            vec![],
            vec![EventLink {
                from: EventId(10),
                to: EventId(11),
                kind: "precedes".into(),
                excerpt: None,
            }],
        );
        assert_eq!(e.by_name("путин").map(|x| x.id), Some(EntityId(1)));
        assert_eq!(e.event_count(EntityId(1)), 2);
        assert_eq!(e.of_event(EventId(10)).count(), 2);
        assert_eq!(e.links_of(EventId(11)).count(), 1);
        assert_eq!(e.links_of(EventId(12)).count(), 0);
    }
}
