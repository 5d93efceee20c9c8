//! Chunk heights: estimated from their length until laid out, measured
//! after, and summed in a Fenwick tree so the chunks in the viewport are
//! found in O(log n). Pure: no egui.

use super::text::{Chunk, TextIndex};

/// A measured height differing from the stored one by less than this is
/// not worth a tree update.
const HEIGHT_EPSILON_POINTS: f32 = 0.01;

/// What chunk heights depend on; a change invalidates every measurement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LayoutKey {
    pub(super) wrap_width: f32,
    pub(super) font_size: f32,
    pub(super) pixels_per_point: f32,
}

/// Metrics shared by every chunk of one layout.
#[derive(Clone, Copy, Debug)]
pub(super) struct Metrics {
    pub(super) line_height: f32,
    pub(super) paragraph_gap: f32,
    pub(super) average_char_width: f32,
}

/// Height of every chunk's slot (its galley plus the gap after a paragraph):
/// measured once laid out, estimated before.
pub(super) struct Heights {
    pub(super) key: LayoutKey,
    pub(super) slot: Vec<f32>,
    pub(super) tree: Fenwick,
}

impl Heights {
    pub(super) fn estimate(index: &TextIndex, key: LayoutKey, metrics: Metrics) -> Self {
        let chars_per_row = (key.wrap_width / metrics.average_char_width.max(1.0)).max(1.0);
        let slot: Vec<f32> = index
            .chunks
            .iter()
            .map(|chunk| {
                if chunk.char_len == 0 {
                    // Exact: a blank line is only a gap.
                    return metrics.paragraph_gap;
                }
                let rows = (chunk.char_len as f32 / chars_per_row).ceil().max(1.0);
                rows * metrics.line_height + gap_after(chunk, metrics)
            })
            .collect();
        let tree = Fenwick::from_values(&slot);
        Self { key, slot, tree }
    }

    /// Records a measured slot height; returns how much it changed.
    pub(super) fn measure(&mut self, chunk_index: usize, height: f32) -> f32 {
        let Some(slot) = self.slot.get_mut(chunk_index) else {
            return 0.0;
        };
        let delta = height - *slot;
        if delta.abs() < HEIGHT_EPSILON_POINTS {
            return 0.0;
        }
        *slot = height;
        self.tree.add(chunk_index, f64::from(delta));
        delta
    }
}

fn gap_after(chunk: &Chunk, metrics: Metrics) -> f32 {
    if chunk.ends_paragraph {
        metrics.paragraph_gap
    } else {
        0.0
    }
}

/// Prefix sums of chunk heights with O(log n) update, prefix and search.
/// `f64`: a 10 MB source is millions of points tall.
#[derive(Clone, Debug)]
pub(super) struct Fenwick {
    /// 1-based: `tree[i]` sums the `i & -i` values ending at value `i - 1`.
    pub(super) tree: Vec<f64>,
}

impl Fenwick {
    pub(super) fn from_values(values: &[f32]) -> Self {
        let n = values.len();
        let mut tree = vec![0.0; n + 1];
        for i in 1..=n {
            tree[i] += f64::from(values[i - 1]);
            let parent = i + (i & i.wrapping_neg());
            if parent <= n {
                tree[parent] += tree[i];
            }
        }
        Self { tree }
    }

    pub(super) fn len(&self) -> usize {
        self.tree.len() - 1
    }

    pub(super) fn add(&mut self, index: usize, delta: f64) {
        let mut i = index + 1;
        while i < self.tree.len() {
            self.tree[i] += delta;
            i += i & i.wrapping_neg();
        }
    }

    /// Sum of the first `count` values: the top of value `count`.
    pub(super) fn prefix(&self, count: usize) -> f64 {
        let mut i = count.min(self.len());
        let mut sum = 0.0;
        while i > 0 {
            sum += self.tree[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }

    pub(super) fn total(&self) -> f64 {
        self.prefix(self.len())
    }

    /// The value whose span `[prefix(i), prefix(i + 1))` holds `y`, clamped
    /// to the first and last value.
    pub(super) fn find(&self, y: f64) -> usize {
        let n = self.len();
        if n == 0 {
            return 0;
        }
        let mut position = 0;
        let mut remaining = y;
        let mut step = 1 << (usize::BITS - 1 - n.leading_zeros());
        while step > 0 {
            let next = position + step;
            if next <= n && self.tree[next] <= remaining {
                position = next;
                remaining -= self.tree[next];
            }
            step >>= 1;
        }
        position.min(n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenwick_prefix_and_find_agree() {
        let values: Vec<f32> = (0..1000).map(|i| (i % 7 + 1) as f32 * 3.5).collect();
        let mut tree = Fenwick::from_values(&values);
        tree.add(10, 5.0);
        let mut values = values;
        values[10] += 5.0;
        let mut sum = 0.0;
        for (i, value) in values.iter().enumerate() {
            assert!((tree.prefix(i) - sum).abs() < 1e-6);
            assert_eq!(tree.find(sum), i);
            assert_eq!(tree.find(sum + f64::from(*value) * 0.5), i);
            sum += f64::from(*value);
        }
        assert_eq!(tree.find(sum + 100.0), values.len() - 1);
        assert_eq!(tree.find(-1.0), 0);
    }
}
