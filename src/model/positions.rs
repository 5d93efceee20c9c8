//! Where each event sits in the read model's chronological list, by id.
//!
//! Event ids are SQLite row ids, which are nearly always dense (1, 2, 3, …
//! with the gaps deletions leave), so the positions are kept in a flat
//! array indexed by id: four bytes an event where a hash map takes about
//! thirty-four, and renumbering the events an edit shifted is a store per
//! event rather than a hash look-up. Ids that are not dense (a notebook
//! whose ids were made far apart; the file is untrusted input) fall back to
//! a map, so memory stays proportional to the events.

use std::collections::HashMap;

use super::ids::EventId;

/// Spare slots allowed beyond twice the number of events before the ids
/// count as sparse.
const DENSE_SLACK: i64 = 1024;
/// An empty slot of the flat array.
const EMPTY: u32 = u32::MAX;

/// Positions by event id.
#[derive(Debug, Clone)]
pub(super) enum Positions {
    /// `slots[id]` is the position, or [`EMPTY`].
    Dense { slots: Vec<u32>, len: usize },
    /// Ids too far apart for the array.
    Sparse(HashMap<EventId, usize>),
}

impl Default for Positions {
    fn default() -> Self {
        Self::Dense {
            slots: Vec::new(),
            len: 0,
        }
    }
}

/// The largest id a flat array may hold for `len` events.
fn dense_limit(len: usize) -> i64 {
    i64::try_from(len)
        .unwrap_or(i64::MAX / 4)
        .saturating_mul(2)
        .saturating_add(DENSE_SLACK)
}

impl Positions {
    /// The positions of `ids`, in order.
    pub(super) fn build(ids: impl ExactSizeIterator<Item = EventId> + Clone) -> Self {
        let len = ids.len();
        let fits = u32::try_from(len).is_ok_and(|n| n < EMPTY)
            && ids.clone().all(|id| (0..dense_limit(len)).contains(&id.0));
        if !fits {
            return Self::Sparse(ids.enumerate().map(|(i, id)| (id, i)).collect());
        }
        let top = ids.clone().map(|id| id.0).max().unwrap_or(-1);
        let mut slots = vec![EMPTY; usize::try_from(top + 1).unwrap_or(0)];
        let mut count = 0;
        for (i, id) in ids.enumerate() {
            let slot = &mut slots[usize::try_from(id.0).unwrap_or(0)];
            if *slot == EMPTY {
                count += 1;
            }
            // Checked above: every position is below EMPTY.
            *slot = u32::try_from(i).unwrap_or(EMPTY);
        }
        Self::Dense { slots, len: count }
    }

    /// The position of event `id`.
    pub(super) fn get(&self, id: EventId) -> Option<usize> {
        match self {
            Self::Dense { slots, .. } => {
                let slot = *slots.get(usize::try_from(id.0).ok()?)?;
                (slot != EMPTY).then_some(slot as usize)
            }
            Self::Sparse(map) => map.get(&id).copied(),
        }
    }

    /// True when event `id` has a position.
    pub(super) fn contains(&self, id: EventId) -> bool {
        self.get(id).is_some()
    }

    /// Sets the position of event `id`.
    pub(super) fn insert(&mut self, id: EventId, at: usize) {
        if let Self::Dense { slots, len } = self {
            let slot = usize::try_from(id.0)
                .ok()
                .filter(|_| id.0 < dense_limit(*len + 1));
            match (slot, u32::try_from(at).ok().filter(|at| *at < EMPTY)) {
                (Some(slot), Some(at)) => {
                    if slot >= slots.len() {
                        slots.resize(slot + 1, EMPTY);
                    }
                    if slots[slot] == EMPTY {
                        *len += 1;
                    }
                    slots[slot] = at;
                    return;
                }
                _ => self.make_sparse(),
            }
        }
        if let Self::Sparse(map) = self {
            map.insert(id, at);
        }
    }

    /// Forgets event `id`, returning where it was.
    pub(super) fn remove(&mut self, id: EventId) -> Option<usize> {
        match self {
            Self::Dense { slots, len } => {
                let slot = slots.get_mut(usize::try_from(id.0).ok()?)?;
                let at = std::mem::replace(slot, EMPTY);
                (at != EMPTY).then(|| {
                    *len -= 1;
                    at as usize
                })
            }
            Self::Sparse(map) => map.remove(&id),
        }
    }

    fn make_sparse(&mut self) {
        if let Self::Dense { slots, .. } = self {
            let map = slots
                .iter()
                .enumerate()
                .filter(|(_, at)| **at != EMPTY)
                .map(|(id, at)| (EventId(i64::try_from(id).unwrap_or(i64::MAX)), *at as usize))
                .collect();
            *self = Self::Sparse(map);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the ids and edits, the positions answer as a map would.
        #[test]
        fn positions_answer_as_a_map_would(
            ids in proptest::collection::hash_set(prop_oneof![0_i64..3000, any::<i64>()], 0..200),
            edits in proptest::collection::vec((prop_oneof![0_i64..3000, any::<i64>()], 0_usize..500, any::<bool>()), 0..200),
        ) {
            let ids: Vec<EventId> = ids.into_iter().map(EventId).collect();
            let mut positions = Positions::build(ids.iter().copied());
            let mut map: HashMap<EventId, usize> =
                ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
            for (id, at, insert) in edits {
                let id = EventId(id);
                if insert {
                    positions.insert(id, at);
                    map.insert(id, at);
                } else {
                    prop_assert_eq!(positions.remove(id), map.remove(&id));
                }
            }
            for id in map.keys().chain(ids.iter()) {
                prop_assert_eq!(positions.get(*id), map.get(id).copied());
                prop_assert_eq!(positions.contains(*id), map.contains_key(id));
            }
        }
    }

    #[test]
    fn dense_ids_take_a_flat_array_and_far_ones_a_map() {
        let dense = Positions::build((1..1001).map(EventId).collect::<Vec<_>>().into_iter());
        assert!(matches!(dense, Positions::Dense { .. }));
        assert_eq!(dense.get(EventId(500)), Some(499));
        assert_eq!(dense.get(EventId(5000)), None);
        assert_eq!(dense.get(EventId(-1)), None);
        let far = Positions::build([EventId(1), EventId(1 << 40)].into_iter());
        assert!(matches!(far, Positions::Sparse(_)));
        assert_eq!(far.get(EventId(1 << 40)), Some(1));
        // A far id added later turns the array into a map, keeping all.
        let mut grown = dense;
        grown.insert(EventId(1 << 50), 1000);
        assert!(matches!(grown, Positions::Sparse(_)));
        assert_eq!(grown.get(EventId(1)), Some(0));
        assert_eq!(grown.get(EventId(1 << 50)), Some(1000));
    }
}
