//! Typed ids: an event id can never be passed where a source id is wanted.
//!
//! Each research row has an integer key (fast joins, stable within one
//! notebook) and a UUID v7 ([`Uid`]) that stays unique across notebooks, so
//! exports and merges never collide.

use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

typed_id!(
    /// Key of an event.
    EventId,
    /// Key of a track (a timeline lane).
    TrackId,
    /// Key of a tag.
    TagId,
    /// Key of a source.
    SourceId,
    /// Key of an excerpt.
    ExcerptId,
    /// Key of a note.
    NoteId,
    /// Key of an entity (person, organisation, place, …).
    EntityId,
);

/// A row's stable, globally unique id (UUID v7, time-ordered).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Uid(pub String);

impl Uid {
    /// A fresh UUID v7.
    #[must_use]
    pub fn new() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }
}

/// Fresh UUID v7s for many rows at once, as RFC 9562's "monotonic random"
/// method (§6.2, method 2) makes them: the first is an ordinary
/// [`Uid::new`], each next one adds one to its 62 random low bits. One draw
/// of randomness serves the whole series (a draw per uid is a system call,
/// 4% of a large import), the uids stay unique within the series and, like
/// any v7, across series by their time and random bits, and they come out
/// in order, so the unique index on them is appended to.
pub struct UidSeries {
    next: u128,
}

impl UidSeries {
    /// The low bits a v7 keeps random (`rand_b`); the bits above them hold
    /// the variant, version, time and `rand_a`, kept from the first.
    const RANDOM_BITS: u128 = (1 << 62) - 1;

    /// A series starting from a fresh UUID v7.
    #[must_use]
    pub fn new() -> Self {
        Self {
            next: uuid::Uuid::now_v7().as_u128(),
        }
    }

    /// The next uid, written into `buf` without allocating.
    pub fn next_in<'b>(&mut self, buf: &'b mut [u8; uuid::fmt::Hyphenated::LENGTH]) -> &'b str {
        let uid = uuid::Uuid::from_u128(self.next);
        self.next =
            (self.next & !Self::RANDOM_BITS) | (self.next.wrapping_add(1) & Self::RANDOM_BITS);
        uid.hyphenated().encode_lower(buf)
    }
}

impl Default for UidSeries {
    fn default() -> Self {
        Self::new()
    }
}

impl Default for Uid {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::UidSeries;

    #[test]
    fn a_series_makes_distinct_ordered_v7_uids() {
        let mut series = UidSeries::new();
        let mut buf = [0; uuid::fmt::Hyphenated::LENGTH];
        let uids: Vec<String> = (0..1000)
            .map(|_| series.next_in(&mut buf).to_owned())
            .collect();
        for pair in uids.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?}");
        }
        for uid in &uids {
            let parsed = uuid::Uuid::parse_str(uid).unwrap();
            assert_eq!(parsed.get_version_num(), 7);
            assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        }
        // The random low bits wrap without touching the variant.
        let mut edge = UidSeries {
            next: uuid::Uuid::now_v7().as_u128() | UidSeries::RANDOM_BITS,
        };
        edge.next_in(&mut buf);
        let wrapped = uuid::Uuid::parse_str(edge.next_in(&mut buf)).unwrap();
        assert_eq!(wrapped.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(wrapped.as_u128() & UidSeries::RANDOM_BITS, 0);
    }
}
