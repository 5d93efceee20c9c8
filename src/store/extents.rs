//! Filling an empty R*Tree (`event_extents`) in one pass: a packed tree
//! written straight into the module's shadow tables, instead of one R*Tree
//! insert per event. Each insert walks the tree from the root, rewrites
//! the leaf and its parents and splits full nodes; a million of them took
//! 3.4 s of a million-event import. Packing sorts the extents once and
//! writes every node once.
//!
//! The tree is the one SQLite's R*Tree module would read and keep
//! changing (`rtree.c`, SQLite 3.53):
//!
//! - `event_extents_node(nodeno, data)`: one blob per node, as long as the
//!   root blob the empty table already has (the module reads its node size
//!   from that length at connect). A blob is a 2-byte big-endian depth
//!   (read from the root, node 1, only: 0 when the root is a leaf), a
//!   2-byte cell count, then the cells, zero bytes after them. A cell is an
//!   8-byte big-endian id (an event id in a leaf, a child node number
//!   above) and, for this one-dimensional tree of 32-bit floats, min and
//!   max as big-endian `f32`; a cell above the leaves bounds its child's
//!   cells.
//! - `event_extents_rowid(rowid, nodeno)`: the leaf holding each event.
//! - `event_extents_parent(nodeno, parentnode)`: the parent of each node
//!   but the root.
//!
//! The module keeps no node across statements (a node stays in its hash
//! only while referenced, and the depth is read again with the root), so
//! the next statement on the same connection reads the new tree.

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, Statement, params};

use super::error::{StoreError, StoreResult};
use super::query_one;
use crate::model::EventId;

/// SQLite's `RNDTOWARDS`: a factor that moves an `f32` one step towards
/// zero (`rtreeValueDown` / `rtreeValueUp`).
const ROUND_TOWARDS_ZERO: f64 = 1.0 - 1.0 / 8_388_608.0;
/// SQLite's `RNDAWAY`: a factor that moves an `f32` one step away from
/// zero.
const ROUND_AWAY_FROM_ZERO: f64 = 1.0 + 1.0 / 8_388_608.0;

/// A node blob's header: depth and cell count, two bytes each.
const NODE_HEADER_BYTES: usize = 4;
/// A cell of a one-dimensional tree: an 8-byte id and two 4-byte
/// coordinates.
const CELL_BYTES: usize = 16;
/// The root's node number, fixed by the module.
const ROOT_NODE: i64 = 1;
/// The fewest cells a node of a tree this module packs holds: with fewer
/// a level would not shrink. SQLite's own nodes hold at least 27 (it
/// refuses nodes under 448 bytes).
const MIN_NODE_CELLS: usize = 3;

/// The lower coordinate the R*Tree stores for `day`: the nearest `f32`
/// at or below it, exactly as `rtreeValueDown` computes it (through
/// `f64`, then one step down when rounding went up).
pub(super) fn coordinate_down(day: i64) -> f32 {
    // `as` rounds to nearest, as C's conversions do; the values are at
    // most 2^63 in magnitude, within `f32`'s range.
    let d = day as f64;
    let f = d as f32;
    if f64::from(f) > d {
        let factor = if d < 0.0 {
            ROUND_AWAY_FROM_ZERO
        } else {
            ROUND_TOWARDS_ZERO
        };
        (d * factor) as f32
    } else {
        f
    }
}

/// The upper coordinate the R*Tree stores for `day`: the nearest `f32` at
/// or above it, as `rtreeValueUp` computes it.
pub(super) fn coordinate_up(day: i64) -> f32 {
    let d = day as f64;
    let f = d as f32;
    if f64::from(f) < d {
        let factor = if d < 0.0 {
            ROUND_TOWARDS_ZERO
        } else {
            ROUND_AWAY_FROM_ZERO
        };
        (d * factor) as f32
    } else {
        f
    }
}

/// One cell of a node: an event's extent in a leaf, a child's bounding
/// box above.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cell {
    id: i64,
    min: f32,
    max: f32,
}

impl Cell {
    /// The cell an R*Tree insert of this extent makes; refused like the
    /// module's `min_day <= max_day` constraint.
    fn of_event(id: i64, earliest: i64, latest: i64) -> StoreResult<Self> {
        let cell = Self {
            id,
            min: coordinate_down(earliest),
            max: coordinate_up(latest),
        };
        if cell.min > cell.max {
            return Err(StoreError::Invalid(format!(
                "event {id} ends before it begins (days {earliest} to {latest})"
            )));
        }
        Ok(cell)
    }

    /// The box around `cells` (not empty), as the cell of node `id`.
    fn bounding(id: i64, cells: &[Cell]) -> Self {
        let mut min = f32::INFINITY;
        let mut max = f32::NEG_INFINITY;
        for cell in cells {
            min = min.min(cell.min);
            max = max.max(cell.max);
        }
        Self { id, min, max }
    }
}

/// The root's blob length if the tree is empty (only the root, no cells,
/// nothing mapped), else `None`.
fn empty_tree_node_bytes(conn: &Connection) -> StoreResult<Option<usize>> {
    let empty: bool = query_one(
        conn,
        "SELECT (SELECT count(*) FROM event_extents_node) = 1
            AND NOT EXISTS (SELECT 1 FROM event_extents_rowid)
            AND NOT EXISTS (SELECT 1 FROM event_extents_parent)",
        [],
        |r| r.get(0),
    )?;
    if !empty {
        return Ok(None);
    }
    let root: Option<Vec<u8>> = query_one(
        conn,
        "SELECT data FROM event_extents_node WHERE nodeno = ?1",
        [ROOT_NODE],
        |r| r.get(0),
    )
    .optional()?;
    Ok(root
        .filter(|data| {
            data.len() >= NODE_HEADER_BYTES + MIN_NODE_CELLS * CELL_BYTES && data[2..4] == [0, 0]
        })
        .map(|data| data.len()))
}

/// Turns the connection's defensive mode off until dropped (or
/// [`Self::on`]): it makes the shadow tables read-only to statements.
/// Statements prepared meanwhile may write them, so those are never
/// cached and are finalized before defensive mode is back on.
pub(super) struct DefensiveOff<'c>(&'c Connection);

impl<'c> DefensiveOff<'c> {
    pub(super) fn new(conn: &'c Connection) -> StoreResult<Self> {
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, false)?;
        Ok(Self(conn))
    }

    /// Turns it back on, reporting a failure (dropping cannot).
    pub(super) fn on(self) -> StoreResult<()> {
        let result = self
            .0
            .set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true);
        std::mem::forget(self);
        result?;
        Ok(())
    }
}

impl Drop for DefensiveOff<'_> {
    fn drop(&mut self) {
        // On an error path: the caller rolls the transaction back, and
        // whatever runs next must find the shadow tables read-only.
        let _ = self
            .0
            .set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true);
    }
}

/// Collects the extents of the events a large import adds to an empty
/// R*Tree, then writes them as a packed tree ([`Self::fill`]). The tree
/// must stay empty in between: the import adds its events with the
/// triggers off.
#[derive(Debug)]
pub(super) struct Packer {
    node_bytes: usize,
    cells: Vec<Cell>,
}

impl Packer {
    /// A packer for about `events` events if the R*Tree is empty, else
    /// `None`.
    pub(super) fn for_empty_tree(conn: &Connection, events: usize) -> StoreResult<Option<Self>> {
        Ok(empty_tree_node_bytes(conn)?.map(|node_bytes| Self {
            node_bytes,
            cells: Vec::with_capacity(events),
        }))
    }

    /// Adds an event's extent, refused like the module's
    /// `min_day <= max_day` constraint.
    pub(super) fn push(&mut self, id: EventId, earliest: i64, latest: i64) -> StoreResult<()> {
        self.cells.push(Cell::of_event(id.0, earliest, latest)?);
        Ok(())
    }

    /// Writes the tree. Inside the caller's transaction, so a rollback
    /// takes it back.
    pub(super) fn fill(self, conn: &Connection) -> StoreResult<()> {
        if self.cells.is_empty() {
            return Ok(());
        }
        let capacity = (self.node_bytes - NODE_HEADER_BYTES) / CELL_BYTES;
        let tree = Packed::build(self.cells, capacity);
        let defensive = DefensiveOff::new(conn)?;
        let written = Writer::new(conn, self.node_bytes).and_then(|mut w| w.write(&tree));
        defensive.on()?;
        written
    }
}

/// A packed tree in memory: every node but the root, numbered from 2 in
/// the order they are written, and the root's cells.
#[derive(Debug)]
struct Packed {
    /// The nodes below the root: number and cells.
    nodes: Vec<(i64, Vec<Cell>)>,
    /// The root's cells.
    root: Vec<Cell>,
    /// Levels below the root (0 when the root is the only leaf).
    depth: u16,
    /// (event id, leaf node), in event id order.
    leaf_of: Vec<(i64, i64)>,
    /// (node, parent node) for every node but the root, in node order.
    parent_of: Vec<(i64, i64)>,
}

impl Packed {
    /// Packs `cells` (not empty) into full nodes of `capacity` cells
    /// (at least [`MIN_NODE_CELLS`]), all leaves at the same depth.
    fn build(cells: Vec<Cell>, capacity: usize) -> Self {
        let mut tree = Self {
            nodes: Vec::new(),
            root: Vec::new(),
            depth: 0,
            leaf_of: Vec::with_capacity(cells.len()),
            parent_of: Vec::new(),
        };
        let mut level = cells;
        let mut next_node = ROOT_NODE + 1;
        while level.len() > capacity {
            let mut above = Vec::with_capacity(level.len().div_ceil(capacity));
            let mut rest = level.as_mut_slice();
            for size in pack(rest, capacity) {
                let (cells, after) = rest.split_at_mut(size);
                rest = after;
                let node = next_node;
                next_node += 1;
                tree.adopt(node, cells);
                above.push(Cell::bounding(node, cells));
                tree.nodes.push((node, cells.to_vec()));
            }
            level = above;
            tree.depth += 1;
        }
        tree.adopt(ROOT_NODE, &level);
        tree.root = level;
        tree.leaf_of.sort_unstable();
        tree.parent_of.sort_unstable();
        tree
    }

    /// Records that `node`, at the level being built, holds `cells`.
    fn adopt(&mut self, node: i64, cells: &[Cell]) {
        let map = if self.depth == 0 {
            &mut self.leaf_of
        } else {
            &mut self.parent_of
        };
        map.extend(cells.iter().map(|c| (c.id, node)));
    }
}

/// Orders one level's cells into nodes by Sort-Tile-Recursive, taking
/// each extent as the point (min, max): sorted by min into about √nodes
/// slabs of whole nodes, each slab sorted by max. Events that start close
/// together share a slab, and in it those that also end close together
/// share a node, so a long or open-ended extent widens only the boxes of
/// its own kind. Returns the node sizes in order; they differ by at most
/// one, so every node is at least half full.
fn pack(cells: &mut [Cell], capacity: usize) -> Vec<usize> {
    let nodes = cells.len().div_ceil(capacity);
    let sizes: Vec<usize> = (0..nodes)
        .map(|i| cells.len() / nodes + usize::from(i < cells.len() % nodes))
        .collect();
    cells.sort_unstable_by_key(|c| (u64::from(ordered(c.min)) << 32) | u64::from(ordered(c.max)));
    let slabs = nodes.isqrt() + usize::from(nodes.isqrt().pow(2) < nodes);
    let mut rest = cells;
    for slab in sizes.chunks(nodes.div_ceil(slabs)) {
        let (slab_cells, after) = rest.split_at_mut(slab.iter().sum());
        rest = after;
        slab_cells.sort_unstable_by_key(|c| {
            (u64::from(ordered(c.max)) << 32) | u64::from(ordered(c.min))
        });
    }
    sizes
}

/// An `f32` (not NaN) as a `u32` in the same order, so that a sort
/// compares plain integers.
fn ordered(f: f32) -> u32 {
    let bits = f.to_bits();
    if bits >> 31 == 1 {
        !bits
    } else {
        bits | (1 << 31)
    }
}

/// Rows of `event_extents_rowid` one statement inserts: a statement per
/// row spent as long binding, stepping and resetting as inserting.
const ROWID_ROWS_PER_STATEMENT: usize = 100;

/// The statement that inserts `rows` rows into `event_extents_rowid`.
fn rowid_insert(rows: usize) -> String {
    let mut sql = String::from("INSERT INTO event_extents_rowid (rowid, nodeno) VALUES ");
    for i in 0..rows {
        sql.push_str(if i == 0 { "(?, ?)" } else { ", (?, ?)" });
    }
    sql
}

/// The statements that write a packed tree into the shadow tables.
struct Writer<'c> {
    conn: &'c Connection,
    node_bytes: usize,
    root: Statement<'c>,
    node: Statement<'c>,
    rowid: Statement<'c>,
    parent: Statement<'c>,
}

impl<'c> Writer<'c> {
    /// Prepares the statements; defensive mode must be off.
    fn new(conn: &'c Connection, node_bytes: usize) -> StoreResult<Self> {
        Ok(Self {
            conn,
            node_bytes,
            root: conn.prepare("UPDATE event_extents_node SET data = ?2 WHERE nodeno = ?1")?,
            node: conn.prepare("INSERT INTO event_extents_node (nodeno, data) VALUES (?1, ?2)")?,
            rowid: conn.prepare(&rowid_insert(ROWID_ROWS_PER_STATEMENT))?,
            parent: conn
                .prepare("INSERT INTO event_extents_parent (nodeno, parentnode) VALUES (?1, ?2)")?,
        })
    }

    fn write(&mut self, tree: &Packed) -> StoreResult<()> {
        let mut blob = vec![0; self.node_bytes];
        for (node, cells) in &tree.nodes {
            encode(&mut blob, 0, cells)?;
            self.node.execute(params![node, blob])?;
        }
        encode(&mut blob, tree.depth, &tree.root)?;
        let updated = self.root.execute(params![ROOT_NODE, blob])?;
        if updated != 1 {
            return Err(StoreError::Invalid(
                "the event extent index has no root node".to_owned(),
            ));
        }
        for (node, parent) in &tree.parent_of {
            self.parent.execute([node, parent])?;
        }
        let mut chunks = tree.leaf_of.chunks_exact(ROWID_ROWS_PER_STATEMENT);
        for chunk in &mut chunks {
            self.rowid.execute(rusqlite::params_from_iter(
                chunk.iter().flat_map(|(event, leaf)| [event, leaf]),
            ))?;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.conn
                .prepare(&rowid_insert(rest.len()))?
                .execute(rusqlite::params_from_iter(
                    rest.iter().flat_map(|(event, leaf)| [event, leaf]),
                ))?;
        }
        Ok(())
    }
}

/// Writes a node with `cells` into `blob` (the node size long), zeroing
/// the bytes after them.
fn encode(blob: &mut [u8], depth: u16, cells: &[Cell]) -> StoreResult<()> {
    let too_many = || StoreError::Invalid("an R*Tree node has too many cells".to_owned());
    let count = u16::try_from(cells.len()).map_err(|_| too_many())?;
    let (header, body) = blob.split_at_mut(NODE_HEADER_BYTES);
    if cells.len() * CELL_BYTES > body.len() {
        return Err(too_many());
    }
    header[..2].copy_from_slice(&depth.to_be_bytes());
    header[2..].copy_from_slice(&count.to_be_bytes());
    let (used, unused) = body.split_at_mut(cells.len() * CELL_BYTES);
    for (bytes, cell) in used.chunks_exact_mut(CELL_BYTES).zip(cells) {
        bytes[..8].copy_from_slice(&cell.id.to_be_bytes());
        bytes[8..12].copy_from_slice(&cell.min.to_bits().to_be_bytes());
        bytes[12..].copy_from_slice(&cell.max.to_bits().to_be_bytes());
    }
    unused.fill(0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;
    // The generator's deterministic SplitMix64, so the tests fail the same
    // way each run.
    use crate::generate::Random;

    impl Random {
        /// A day: mostly a few centuries around now, some far beyond
        /// `f32`'s exact integers (2^24), some negative.
        fn day(&mut self) -> i64 {
            let magnitude = match self.below(4) {
                0 => 1 << 14,
                1 => 1 << 20,
                2 => 1 << 27,
                _ => 1 << 40,
            };
            i64::try_from(self.below(2 * magnitude)).unwrap() - i64::try_from(magnitude).unwrap()
        }

        /// An extent, one in ten open at one end or both.
        fn extent(&mut self) -> (i64, i64) {
            let from = self.day();
            let scale = self.below(30);
            let to = from + i64::try_from(self.below(1 << scale)).unwrap();
            match self.below(20) {
                0 => (i64::MIN, to),
                1 => (from, i64::MAX),
                2 if self.below(4) == 0 => (i64::MIN, i64::MAX),
                _ => (from, to),
            }
        }
    }

    /// A connection with the two tables the loader uses, `events` reduced
    /// to the columns it reads, and a `reference` R*Tree filled by
    /// ordinary inserts.
    fn database(extents: &[(i64, i64)]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, earliest_day INTEGER, latest_day INTEGER);
             CREATE VIRTUAL TABLE event_extents USING rtree (id, min_day, max_day);
             CREATE VIRTUAL TABLE reference USING rtree (id, min_day, max_day);",
        )
        .unwrap();
        let mut insert = conn
            .prepare("INSERT INTO events (earliest_day, latest_day) VALUES (?1, ?2)")
            .unwrap();
        for (from, to) in extents {
            insert.execute([from, to]).unwrap();
        }
        drop(insert);
        conn.execute_batch("INSERT INTO reference SELECT id, earliest_day, latest_day FROM events")
            .unwrap();
        conn
    }

    fn fill(conn: &Connection) {
        let mut packer = Packer::for_empty_tree(conn, 0)
            .unwrap()
            .expect("an empty tree");
        let mut stmt = conn
            .prepare("SELECT id, earliest_day, latest_day FROM events ORDER BY id")
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            packer
                .push(
                    EventId(row.get(0).unwrap()),
                    row.get(1).unwrap(),
                    row.get(2).unwrap(),
                )
                .unwrap();
        }
        packer.fill(conn).unwrap();
    }

    fn check(conn: &Connection, table: &str) {
        let report: String = conn
            .query_row("SELECT rtreecheck(?1)", [table], |r| r.get(0))
            .unwrap();
        assert_eq!(report, "ok", "{table}");
    }

    fn stored(conn: &Connection, table: &str) -> Vec<(i64, f64, f64)> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT id, min_day, max_day FROM {table} ORDER BY id"
            ))
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The ids the R*Tree `table` finds for `from..=to`, checked exactly
    /// against the events as the store's queries do.
    fn found(conn: &Connection, table: &str, from: i64, to: i64) -> Vec<i64> {
        let mut stmt = conn
            .prepare_cached(&format!(
                "SELECT e.id FROM {table} x JOIN events e ON e.id = x.id
                 WHERE x.max_day >= ?1 AND x.min_day <= ?2
                   AND e.earliest_day <= ?2 AND e.latest_day >= ?1 ORDER BY e.id"
            ))
            .unwrap();
        stmt.query_map([from, to], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    fn brute_force(conn: &Connection, from: i64, to: i64) -> Vec<i64> {
        let mut stmt = conn
            .prepare_cached(
                "SELECT id FROM events NOT INDEXED
                 WHERE earliest_day <= ?2 AND latest_day >= ?1 ORDER BY id",
            )
            .unwrap();
        stmt.query_map([from, to], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// Ranges that start or end on the events' own bounds (where outward
    /// rounding matters), next to them, or anywhere.
    fn ranges(conn: &Connection, random: &mut Random, count: usize) -> Vec<(i64, i64)> {
        let bounds: Vec<(i64, i64)> = conn
            .prepare("SELECT earliest_day, latest_day FROM events")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let pick = |random: &mut Random| -> i64 {
            let (from, to) = bounds[random.below(bounds.len() as u64) as usize];
            let day = match random.below(3) {
                0 => from,
                1 => to,
                _ => random.day(),
            };
            day.saturating_add(i64::try_from(random.below(3)).unwrap() - 1)
        };
        (0..count)
            .map(|_| {
                let (a, b) = (pick(random), pick(random));
                (a.min(b), a.max(b))
            })
            .collect()
    }

    fn assert_queries_match(conn: &Connection, random: &mut Random) {
        for (from, to) in ranges(conn, random, 300).into_iter().chain([
            (i64::MIN, i64::MAX),
            (i64::MIN, 0),
            (0, i64::MAX),
        ]) {
            assert_eq!(
                found(conn, "event_extents", from, to),
                brute_force(conn, from, to),
                "{from}..={to}"
            );
        }
    }

    fn depth(conn: &Connection) -> u16 {
        let root: Vec<u8> = conn
            .query_row(
                "SELECT data FROM event_extents_node WHERE nodeno = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        u16::from_be_bytes([root[0], root[1]])
    }

    #[test]
    fn coordinates_round_outward_as_the_rtree_module_does() {
        let mut random = Random(7);
        let mut days: Vec<i64> = vec![i64::MIN, i64::MIN + 1, i64::MAX, i64::MAX - 1, 0, 1, -1];
        for shift in 20..63 {
            let at = 1i64 << shift;
            days.extend([at - 1, at, at + 1, -at - 1, -at, -at + 1]);
        }
        days.extend((0..2000).map(|_| random.day()));
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE VIRTUAL TABLE t USING rtree (id, lo, hi)")
            .unwrap();
        for (id, day) in days.iter().enumerate() {
            let id = i64::try_from(id).unwrap();
            conn.execute("INSERT INTO t VALUES (?1, ?2, ?2)", params![id, day])
                .unwrap_or_else(|e| panic!("{day}: {e}"));
        }
        let mut stmt = conn
            .prepare("SELECT id, lo, hi FROM t ORDER BY id")
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, f64>(1)?,
                    r.get::<_, f64>(2)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (id, lo, hi) = row.unwrap();
            let day = days[usize::try_from(id).unwrap()];
            assert_eq!(f64::from(coordinate_down(day)), lo, "down {day}");
            assert_eq!(f64::from(coordinate_up(day)), hi, "up {day}");
        }
    }

    #[test]
    fn packed_trees_are_valid_and_answer_as_inserted_ones_do() {
        // One leaf as the root; a root over two leaves; two and three
        // levels, with a last node of any size.
        let mut random = Random(11);
        for (n, expected_depth) in [(1, 0), (51, 0), (52, 1), (2601, 1), (2602, 2), (9000, 2)] {
            let extents: Vec<(i64, i64)> = (0..n).map(|_| random.extent()).collect();
            let conn = database(&extents);
            fill(&conn);
            check(&conn, "event_extents");
            assert_eq!(depth(&conn), expected_depth, "{n} events");
            assert_eq!(
                stored(&conn, "event_extents"),
                stored(&conn, "reference"),
                "{n} events"
            );
            assert_queries_match(&conn, &mut random);
        }
    }

    #[test]
    fn a_packed_tree_keeps_working_under_the_modules_own_changes() {
        let mut random = Random(13);
        let extents: Vec<(i64, i64)> = (0..6000).map(|_| random.extent()).collect();
        let conn = database(&extents);
        fill(&conn);
        // Deletes empty whole nodes (and condense the tree), inserts split
        // full ones.
        conn.execute_batch(
            "DELETE FROM events WHERE id % 3 = 0 OR id BETWEEN 1000 AND 2500;
             DELETE FROM event_extents WHERE id NOT IN (SELECT id FROM events);",
        )
        .unwrap();
        check(&conn, "event_extents");
        assert_queries_match(&conn, &mut random);
        let mut insert = conn
            .prepare("INSERT INTO events (earliest_day, latest_day) VALUES (?1, ?2)")
            .unwrap();
        for _ in 0..3000 {
            let (from, to) = random.extent();
            insert.execute([from, to]).unwrap();
            conn.execute(
                "INSERT INTO event_extents VALUES (last_insert_rowid(), ?1, ?2)",
                [from, to],
            )
            .unwrap();
        }
        check(&conn, "event_extents");
        assert_queries_match(&conn, &mut random);
        conn.execute_batch("DELETE FROM event_extents; DELETE FROM events;")
            .unwrap();
        check(&conn, "event_extents");
        let left: i64 = conn
            .query_row("SELECT count(*) FROM event_extents", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn only_an_empty_tree_is_packed() {
        let conn = database(&[(1, 2), (3, 4)]);
        assert!(empty_tree_node_bytes(&conn).unwrap().is_some());
        conn.execute_batch("INSERT INTO event_extents VALUES (1, 1, 2)")
            .unwrap();
        assert_eq!(empty_tree_node_bytes(&conn).unwrap(), None);
        // Emptied again by deletes: packable again.
        conn.execute_batch("DELETE FROM event_extents").unwrap();
        assert!(empty_tree_node_bytes(&conn).unwrap().is_some());
    }

    #[test]
    fn defensive_mode_is_back_on_when_writing_the_tree_fails() {
        let conn = database(&[(1, 2), (3, 4)]);
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
            .unwrap();
        let mut packer = Packer::for_empty_tree(&conn, 2).unwrap().unwrap();
        packer.push(EventId(1), 1, 2).unwrap();
        packer.push(EventId(2), 3, 4).unwrap();
        // A mapping the packer did not expect makes its insert fail.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, false)
            .unwrap();
        conn.execute_batch("INSERT INTO event_extents_rowid VALUES (2, 1)")
            .unwrap();
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
            .unwrap();
        assert!(packer.fill(&conn).is_err());
        assert!(conn.db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE).unwrap());
    }

    #[test]
    fn an_extent_that_ends_before_it_begins_is_refused() {
        let conn = database(&[]);
        let mut packer = Packer::for_empty_tree(&conn, 1).unwrap().unwrap();
        assert!(packer.push(EventId(1), 5, 4).is_err());
        assert!(packer.push(EventId(1), 5, 5).is_ok());
    }
}
