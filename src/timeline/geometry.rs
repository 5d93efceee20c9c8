//! Points and rectangles in points (y down), free of egui, for the pure
//! scene and whoever draws it.

/// A point, in points (y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position, down.
    pub y: f32,
}

/// An axis-aligned rectangle in points (y down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Left edge.
    pub min_x: f32,
    /// Top edge.
    pub min_y: f32,
    /// Right edge.
    pub max_x: f32,
    /// Bottom edge.
    pub max_y: f32,
}

impl Bounds {
    /// The rectangle between two corners.
    #[must_use]
    pub fn from_min_max(min_x: f32, min_y: f32, max_x: f32, max_y: f32) -> Self {
        Self {
            min_x,
            min_y,
            max_x,
            max_y,
        }
    }

    /// The rectangle of a size at a top-left corner.
    #[must_use]
    pub fn from_min_size(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self::from_min_max(x, y, x + width, y + height)
    }

    /// Width (negative when inverted).
    #[must_use]
    pub fn width(&self) -> f32 {
        self.max_x - self.min_x
    }

    /// Height (negative when inverted).
    #[must_use]
    pub fn height(&self) -> f32 {
        self.max_y - self.min_y
    }

    /// The middle.
    #[must_use]
    pub fn centre(&self) -> Point {
        Point {
            x: (self.min_x + self.max_x) / 2.0,
            y: (self.min_y + self.max_y) / 2.0,
        }
    }

    /// True when the two share any point, edges included.
    #[must_use]
    pub fn intersects(&self, other: &Self) -> bool {
        self.min_x <= other.max_x
            && other.min_x <= self.max_x
            && self.min_y <= other.max_y
            && other.min_y <= self.max_y
    }

    /// Grown by `by` on every side.
    #[must_use]
    pub fn expand(&self, by: f32) -> Self {
        Self::from_min_max(
            self.min_x - by,
            self.min_y - by,
            self.max_x + by,
            self.max_y + by,
        )
    }

    /// Moved down by `dy`.
    #[must_use]
    pub fn shifted_down(&self, dy: f32) -> Self {
        Self::from_min_max(self.min_x, self.min_y + dy, self.max_x, self.max_y + dy)
    }
}
