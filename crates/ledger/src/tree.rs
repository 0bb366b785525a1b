//! An append-only RFC 6962 Merkle tree held in memory.
//!
//! Only complete subtrees are stored, one row per height: `levels[h][i]` is the hash of leaves
//! `[i * 2^h, (i + 1) * 2^h)`. A tree of n leaves stores fewer than 2n hashes (64 MiB for a
//! million leaves), appending hashes only the subtrees it completes (amortised one hash), and any
//! root or proof needs at most O(log n) fresh hashes because every other node it touches is a
//! complete subtree that is already stored.
//!
//! A *tiled* tree (the server's) keeps whole only the rows from height 8 up, one hash per 256
//! leaves; below them it keeps the newest, incomplete leaf tile. Each leaf tile is handed to
//! storage once as it completes ([`Tree::full_tiles`]) and read back as a [`LeafTile`] by the
//! few proofs that reach into it. A million leaves then take 250 KiB instead of 64 MiB, and a
//! start reads one stored hash per 256 leaves ([`Tree::from_tiles`]) instead of every leaf.

use std::collections::HashMap;
use std::fmt;

use crate::hash::{fold_right, node_hash, Hash};
use crate::proof::ProofError;
use crate::tiles::{split_tile, TileError, TILE_HEIGHT, TILE_WIDTH};

/// The height of a leaf tile's root: rows below it are what a tiled tree leaves to storage.
const CUT: usize = TILE_HEIGHT as usize;
const LEAVES_PER_TILE: u64 = TILE_WIDTH as u64;

/// An append-only Merkle tree over leaf hashes.
#[derive(Clone, Default)]
pub struct Tree {
    size: u64,
    tiled: bool,
    // Invariant: levels[h].len() == (size >> h) - self.first_kept(h).
    levels: Vec<Vec<Hash>>,
    /// Leaf tiles a tiled tree has completed that storage does not have yet ([`Tree::stored`]).
    unstored: Vec<LeafTile>,
}

/// A full tile of hashes as storage keeps it: written once, never changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FullTile {
    pub level: u8,
    pub index: u64,
    /// 256 hashes, concatenated.
    pub data: Vec<u8>,
}

/// One full leaf tile with the hash of every complete subtree inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeafTile {
    index: u64,
    /// rows[h] holds the 256 >> h hashes of height h, up to the tile's root at rows[8][0].
    rows: Vec<Vec<Hash>>,
}

impl LeafTile {
    /// Leaf tile `index` from its stored bytes, which must be a full tile.
    pub fn from_bytes(index: u64, data: &[u8]) -> Result<LeafTile, TileError> {
        let leaves = split_tile(data)?;
        if leaves.len() != TILE_WIDTH as usize {
            return Err(TileError::BadTileLength { len: data.len() });
        }
        let mut rows = vec![leaves];
        while rows.last().expect("one row").len() > 1 {
            let next = rows.last().expect("one row").chunks_exact(2).map(|p| node_hash(&p[0], &p[1])).collect();
            rows.push(next);
        }
        Ok(LeafTile { index, rows })
    }

    pub fn index(&self) -> u64 {
        self.index
    }

    /// The hash of the tile's 256 leaves.
    pub fn root(&self) -> Hash {
        self.rows[CUT][0]
    }

    /// The tile as stored and served: its 256 leaf hashes, concatenated.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.rows[0].concat()
    }
}

/// Where a tiled tree finds the full leaf tiles it no longer holds.
pub trait LeafTiles {
    fn leaf_tile(&self, index: u64) -> Option<&LeafTile>;
}

/// None: for a tree that holds every row, or a question that needs no stored tile.
impl LeafTiles for () {
    fn leaf_tile(&self, _: u64) -> Option<&LeafTile> {
        None
    }
}

impl LeafTiles for HashMap<u64, LeafTile> {
    fn leaf_tile(&self, index: u64) -> Option<&LeafTile> {
        self.get(&index)
    }
}

impl fmt::Debug for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printing every hash of a million-leaf tree helps nobody.
        f.debug_struct("Tree").field("size", &self.size).field("tiled", &self.tiled).finish_non_exhaustive()
    }
}

impl Tree {
    /// An empty tree that keeps every hash.
    pub fn new() -> Tree {
        Tree::default()
    }

    /// An empty tiled tree: it keeps the rows from height 8 up and the newest leaf tile.
    pub fn tiled() -> Tree {
        Tree { tiled: true, ..Tree::default() }
    }

    /// A tree holding the given leaf hashes, in order; it keeps every hash.
    pub fn from_leaf_hashes(leaves: impl IntoIterator<Item = Hash>) -> Tree {
        let leaves = leaves.into_iter();
        let mut tree = Tree::new();
        let (lower, _) = leaves.size_hint();
        if lower > 0 {
            tree.levels.push(Vec::with_capacity(lower));
        }
        for leaf in leaves {
            tree.push(leaf);
        }
        tree
    }

    /// A tiled tree from what storage holds: the roots of its full leaf tiles in order (each
    /// [`LeafTile::root`]), then the leaf hashes after them.
    pub fn from_tiles(tile_roots: impl IntoIterator<Item = Hash>, leaves: impl IntoIterator<Item = Hash>) -> Tree {
        let mut tree = Tree::tiled();
        tree.levels = vec![Vec::new(); CUT];
        for root in tile_roots {
            tree.size += LEAVES_PER_TILE;
            tree.push_at(CUT, root);
        }
        for leaf in leaves {
            tree.push(leaf);
        }
        tree
    }

    /// Appends a leaf hash and returns its index.
    pub fn push(&mut self, leaf: Hash) -> u64 {
        let index = self.size;
        self.size += 1;
        self.push_at(0, leaf);
        if self.tiled && self.size % LEAVES_PER_TILE == 0 {
            let mut rows: Vec<Vec<Hash>> = self.levels[..CUT].iter_mut().map(std::mem::take).collect();
            rows.push(vec![*self.levels[CUT].last().expect("a full tile has a root")]);
            self.unstored.push(LeafTile { index: index / LEAVES_PER_TILE, rows });
        }
        index
    }

    /// Adds a complete subtree's hash at `height` and the parents it completes. The rows a
    /// tiled tree trims start at an even index, so a row's length has the parity of its count.
    fn push_at(&mut self, mut height: usize, mut hash: Hash) {
        loop {
            if self.levels.len() == height {
                self.levels.push(Vec::new());
            }
            let row = &mut self.levels[height];
            row.push(hash);
            if row.len() % 2 == 1 {
                return;
            }
            hash = node_hash(&row[row.len() - 2], &row[row.len() - 1]);
            height += 1;
        }
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The root at the current size (`EMPTY_ROOT` for an empty tree).
    pub fn root(&self) -> Hash {
        // Every subtree of the right edge below height 8 lies in the newest leaf tile.
        self.range_hash(0, self.size, &()).expect("the right edge is held in memory")
    }

    /// The root the tree had when it held `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Hash, ProofError> {
        self.root_at_in(size, &())
    }

    /// [`Tree::root_at`] for a tiled tree, reading the leaf tiles it no longer holds from `tiles`.
    pub fn root_at_in(&self, size: u64, tiles: &dyn LeafTiles) -> Result<Hash, ProofError> {
        self.check_size(size)?;
        self.range_hash(0, size, tiles)
    }

    /// The hash of leaf `index`, if the tree holds it.
    pub fn leaf(&self, index: u64) -> Option<Hash> {
        self.node(0, index, &()).ok().filter(|_| index < self.size)
    }

    /// The RFC 6962 / RFC 9162 inclusion proof (audit path) of leaf `index` in the tree of
    /// `size` leaves, from the leaf's sibling up to the root's child.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
        self.inclusion_proof_in(index, size, &())
    }

    /// [`Tree::inclusion_proof`] for a tiled tree; [`ProofError::TileNotLoaded`] names a leaf
    /// tile to fetch into `tiles` before asking again.
    pub fn inclusion_proof_in(&self, index: u64, size: u64, tiles: &dyn LeafTiles) -> Result<Vec<Hash>, ProofError> {
        self.check_size(size)?;
        if index >= size {
            return Err(ProofError::IndexOutOfRange { index, size });
        }
        let mut proof = Vec::with_capacity(64);
        self.path(index, 0, size, tiles, &mut proof)?;
        Ok(proof)
    }

    /// The RFC 6962 / RFC 9162 consistency proof between the trees of `old_size` and `new_size`
    /// leaves. Empty when `old_size` is 0 or equal to `new_size`: nothing needs proving then.
    pub fn consistency_proof(&self, old_size: u64, new_size: u64) -> Result<Vec<Hash>, ProofError> {
        self.consistency_proof_in(old_size, new_size, &())
    }

    /// [`Tree::consistency_proof`] for a tiled tree, as [`Tree::inclusion_proof_in`].
    pub fn consistency_proof_in(
        &self,
        old_size: u64,
        new_size: u64,
        tiles: &dyn LeafTiles,
    ) -> Result<Vec<Hash>, ProofError> {
        self.check_size(new_size)?;
        if old_size > new_size {
            return Err(ProofError::SizesOutOfOrder { old_size, new_size });
        }
        let mut proof = Vec::with_capacity(64);
        if old_size > 0 && old_size < new_size {
            self.subproof(old_size, 0, new_size, true, tiles, &mut proof)?;
        }
        Ok(proof)
    }

    /// The hashes of tile (`level`, `index`) of `width` hashes (1..=256), concatenated, as C2SP
    /// tlog-tiles defines them: level L holds the hashes of the complete subtrees of height 8L,
    /// so level 0 holds leaf hashes. `None` if the width is out of range, the tree does not yet
    /// have that many complete subtrees there, or (a tiled tree) storage holds that leaf tile.
    /// A partial tile is a prefix of the full tile, so any width up to what the tree has is a
    /// tile some earlier tree size published.
    pub fn tile(&self, level: u8, index: u64, width: u16) -> Option<Vec<u8>> {
        if width == 0 || width > TILE_WIDTH {
            return None;
        }
        let height = usize::from(level) * CUT;
        let start = index.checked_mul(LEAVES_PER_TILE)?;
        let end = start.checked_add(u64::from(width))?;
        if height >= 64 || end > self.size >> height {
            return None;
        }
        let first = self.first_kept(height);
        if start < first {
            let tile = self.unstored.iter().find(|t| t.index == index)?;
            return Some(tile.rows[0][..usize::from(width)].concat());
        }
        let row = self.levels.get(height)?;
        Some(row[(start - first) as usize..(end - first) as usize].concat())
    }

    /// The full tiles, at every level, that the tree completed while growing from `from_size`
    /// to its size: what storage must be given before [`Tree::stored`] is told of it.
    pub fn full_tiles(&self, from_size: u64) -> Vec<FullTile> {
        let mut out = Vec::new();
        for level in 0..=crate::tiles::MAX_LEVEL {
            let Some(span) = LEAVES_PER_TILE.checked_pow(u32::from(level) + 1) else { break };
            for index in from_size / span..self.size / span {
                let data = self.tile(level, index, TILE_WIDTH).expect("a tile completed since from_size is held");
                out.push(FullTile { level, index, data });
            }
        }
        out
    }

    /// Storage now holds every full tile of the tree of `size` leaves: the tree forgets those
    /// leaf tiles and reads them from storage when a proof needs one.
    pub fn stored(&mut self, size: u64) {
        self.unstored.retain(|t| (t.index + 1) * LEAVES_PER_TILE > size);
    }

    fn check_size(&self, size: u64) -> Result<(), ProofError> {
        if size > self.size {
            return Err(ProofError::SizeBeyondLog { size, log_size: self.size });
        }
        Ok(())
    }

    /// Where row `height` starts: 0, but for the rows a tiled tree trims below height 8, which
    /// hold only the newest leaf tile's hashes.
    fn first_kept(&self, height: usize) -> u64 {
        if self.tiled && height < CUT {
            (self.size >> CUT) << (CUT - height)
        } else {
            0
        }
    }

    /// The hash of the complete subtree of `height` at position `i` of its row.
    fn node(&self, height: usize, i: u64, tiles: &dyn LeafTiles) -> Result<Hash, ProofError> {
        let first = self.first_kept(height);
        if i >= first {
            return self
                .levels
                .get(height)
                .and_then(|row| row.get((i - first) as usize))
                .copied()
                .ok_or(ProofError::SizeBeyondLog { size: (i + 1) << height, log_size: self.size });
        }
        let index = (i << height) >> CUT;
        let within = (i - (index << (CUT - height))) as usize;
        let tile = self
            .unstored
            .iter()
            .find(|t| t.index == index)
            .or_else(|| tiles.leaf_tile(index))
            .ok_or(ProofError::TileNotLoaded { index })?;
        Ok(tile.rows[height][within])
    }

    /// MTH of leaves `[start, end)`. Every range the RFC 6962 recursion visits starts at a
    /// multiple of the largest power of two not above its length, so it decomposes into stored
    /// complete subtrees of decreasing height.
    fn range_hash(&self, start: u64, end: u64, tiles: &dyn LeafTiles) -> Result<Hash, ProofError> {
        let mut subtrees = Vec::with_capacity(64);
        let mut pos = start;
        let mut remaining = end - start;
        while remaining > 0 {
            let height = 63 - remaining.leading_zeros();
            debug_assert_eq!(pos % (1 << height), 0, "unaligned range {start}..{end}");
            subtrees.push(self.node(height as usize, pos >> height, tiles)?);
            pos += 1 << height;
            remaining -= 1 << height;
        }
        Ok(fold_right(subtrees.iter()))
    }

    /// RFC 9162 §2.1.3.1 PATH(m, D[start..start+n]).
    fn path(&self, m: u64, start: u64, n: u64, tiles: &dyn LeafTiles, out: &mut Vec<Hash>) -> Result<(), ProofError> {
        if n <= 1 {
            return Ok(());
        }
        let k = split_point(n);
        if m < k {
            self.path(m, start, k, tiles, out)?;
            out.push(self.range_hash(start + k, start + n, tiles)?);
        } else {
            self.path(m - k, start + k, n - k, tiles, out)?;
            out.push(self.range_hash(start, start + k, tiles)?);
        }
        Ok(())
    }

    /// RFC 9162 §2.1.4.1 SUBPROOF(m, D[start..start+n], b).
    fn subproof(
        &self,
        m: u64,
        start: u64,
        n: u64,
        whole: bool,
        tiles: &dyn LeafTiles,
        out: &mut Vec<Hash>,
    ) -> Result<(), ProofError> {
        if m == n {
            if !whole {
                out.push(self.range_hash(start, start + n, tiles)?);
            }
            return Ok(());
        }
        let k = split_point(n);
        if m <= k {
            self.subproof(m, start, k, whole, tiles, out)?;
            out.push(self.range_hash(start + k, start + n, tiles)?);
        } else {
            self.subproof(m - k, start + k, n - k, false, tiles, out)?;
            out.push(self.range_hash(start, start + k, tiles)?);
        }
        Ok(())
    }
}

/// The largest power of two strictly below `n` (n >= 2): where RFC 6962 splits a tree.
fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{leaf_hash, root_from_leaves, EMPTY_ROOT};

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn split_point_is_largest_power_of_two_below() {
        for (n, k) in [(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8), (1000, 512)] {
            assert_eq!(split_point(n), k, "n={n}");
        }
        assert_eq!(split_point(u64::MAX), 1 << 63);
    }

    #[test]
    fn stores_fewer_than_two_hashes_per_leaf() {
        let tree = Tree::from_leaf_hashes(leaves(1000));
        let stored: usize = tree.levels.iter().map(Vec::len).sum();
        assert!(stored < 2000, "stored {stored}");
        for (h, row) in tree.levels.iter().enumerate() {
            assert_eq!(row.len() as u64, 1000 >> h);
        }
    }

    #[test]
    fn every_prefix_root_matches_recomputation() {
        let all = leaves(70);
        let tree = Tree::from_leaf_hashes(all.clone());
        assert_eq!(tree.root_at(0), Ok(EMPTY_ROOT));
        for size in 1..=70 {
            assert_eq!(tree.root_at(size).unwrap(), root_from_leaves(&all[..size as usize]));
        }
        assert_eq!(tree.root_at(71), Err(ProofError::SizeBeyondLog { size: 71, log_size: 70 }));
    }

    #[test]
    fn push_returns_indexes_and_leaf_reads_back() {
        let mut tree = Tree::new();
        assert_eq!(tree.root(), EMPTY_ROOT);
        for (i, l) in leaves(5).into_iter().enumerate() {
            assert_eq!(tree.push(l), i as u64);
            assert_eq!(tree.leaf(i as u64), Some(l));
        }
        assert_eq!(tree.leaf(5), None);
        assert_eq!(tree.size(), 5);
    }

    #[test]
    fn proof_arguments_are_checked() {
        let tree = Tree::from_leaf_hashes(leaves(10));
        assert_eq!(tree.inclusion_proof(10, 10), Err(ProofError::IndexOutOfRange { index: 10, size: 10 }));
        assert_eq!(tree.inclusion_proof(0, 0), Err(ProofError::IndexOutOfRange { index: 0, size: 0 }));
        assert_eq!(tree.inclusion_proof(0, 11), Err(ProofError::SizeBeyondLog { size: 11, log_size: 10 }));
        assert_eq!(tree.consistency_proof(5, 4), Err(ProofError::SizesOutOfOrder { old_size: 5, new_size: 4 }));
        assert_eq!(tree.consistency_proof(0, 10), Ok(vec![]));
        assert_eq!(tree.consistency_proof(10, 10), Ok(vec![]));
        assert_eq!(tree.inclusion_proof(0, 1), Ok(vec![]));
    }

    #[test]
    fn tile_bounds() {
        let tree = Tree::from_leaf_hashes(leaves(300));
        assert_eq!(tree.tile(0, 0, 256).map(|t| t.len()), Some(256 * 32));
        assert_eq!(tree.tile(0, 1, 44).map(|t| t.len()), Some(44 * 32));
        assert!(tree.tile(0, 1, 45).is_none());
        assert!(tree.tile(0, 0, 0).is_none());
        assert!(tree.tile(0, 0, 257).is_none());
        assert!(tree.tile(1, 0, 1).is_some());
        assert!(tree.tile(1, 0, 2).is_none());
        assert!(tree.tile(2, 0, 1).is_none());
        assert!(tree.tile(255, u64::MAX, 256).is_none());
    }
}

#[cfg(test)]
mod tiled_tests {
    use super::*;
    use crate::hash::leaf_hash;
    use proptest::prelude::*;

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    /// A tiled tree grown leaf by leaf, with storage as a map its full leaf tiles go to.
    fn grow(all: &[Hash]) -> (Tree, HashMap<u64, LeafTile>) {
        let mut tree = Tree::tiled();
        let mut storage = HashMap::new();
        for chunk in all.chunks(97) {
            let before = tree.size();
            for leaf in chunk {
                tree.push(*leaf);
            }
            for t in tree.full_tiles(before).into_iter().filter(|t| t.level == 0) {
                storage.insert(t.index, LeafTile::from_bytes(t.index, &t.data).unwrap());
            }
            tree.stored(tree.size());
        }
        (tree, storage)
    }

    /// Asks as a server does: fetch each tile the tree names, then ask again.
    fn ask<T>(
        storage: &HashMap<u64, LeafTile>,
        f: impl Fn(&HashMap<u64, LeafTile>) -> Result<T, ProofError>,
    ) -> (Result<T, ProofError>, usize) {
        let mut loaded = HashMap::new();
        loop {
            match f(&loaded) {
                Err(ProofError::TileNotLoaded { index }) => {
                    loaded.insert(index, storage[&index].clone());
                }
                other => return (other, loaded.len()),
            }
        }
    }

    #[test]
    fn a_tiled_tree_keeps_a_hash_per_256_leaves_and_the_newest_tile() {
        let (tree, storage) = grow(&leaves(70_000));
        let held: usize = tree.levels.iter().map(Vec::len).sum();
        assert!(held < 70_000 / 256 * 2 + 256 * 2, "held {held}");
        assert!(tree.unstored.is_empty());
        assert_eq!(storage.len(), 70_000 / 256);
        assert_eq!(tree.root(), Tree::from_leaf_hashes(leaves(70_000)).root());
    }

    #[test]
    fn a_tree_from_stored_tiles_equals_the_tree_that_wrote_them() {
        let all = leaves(1_000);
        let (grown, storage) = grow(&all);
        let roots = (0..3).map(|i| storage[&i].root());
        let started = Tree::from_tiles(roots, all[768..].iter().copied());
        assert_eq!(started.size(), 1_000);
        assert_eq!(started.root(), grown.root());
        assert_eq!(started.levels, grown.levels);
        assert_eq!(started.tile(0, 3, 232), grown.tile(0, 3, 232));
        assert_eq!(started.tile(0, 2, 5), None, "that tile is storage's");
        assert_eq!(Tree::from_tiles([], []).root(), crate::EMPTY_ROOT);
    }

    #[test]
    fn the_tiles_a_batch_completes_are_handed_over_once() {
        let mut tree = Tree::tiled();
        for leaf in leaves(65_535) {
            tree.push(leaf);
        }
        assert_eq!(tree.full_tiles(65_100).iter().map(|t| (t.level, t.index)).collect::<Vec<_>>(), vec![(0, 254)]);
        tree.stored(65_535);
        tree.push(leaf_hash(b"last"));
        let tiles = tree.full_tiles(65_535);
        assert_eq!(tiles.iter().map(|t| (t.level, t.index)).collect::<Vec<_>>(), vec![(0, 255), (1, 0)]);
        let full = Tree::from_leaf_hashes(leaves(65_535).into_iter().chain([leaf_hash(b"last")]));
        assert_eq!(tiles[0].data, full.tile(0, 255, 256).unwrap());
        assert_eq!(tiles[1].data, full.tile(1, 0, 256).unwrap());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn a_tiled_tree_proves_what_a_whole_tree_proves(n in 1u64..2_000, a in any::<u64>(), b in any::<u64>()) {
            let all = leaves(n);
            let whole = Tree::from_leaf_hashes(all.clone());
            let (tiled, storage) = grow(&all);
            let size = 1 + b % n;
            let index = a % size;
            let (proof, fetched) = ask(&storage, |t| tiled.inclusion_proof_in(index, size, t));
            prop_assert_eq!(proof, whole.inclusion_proof(index, size));
            // The leaf's own tile, and the one the size ends in.
            prop_assert!(fetched <= 2, "fetched {}", fetched);
            let old = a % (size + 1);
            let (proof, fetched) = ask(&storage, |t| tiled.consistency_proof_in(old, size, t));
            prop_assert_eq!(proof, whole.consistency_proof(old, size));
            prop_assert!(fetched <= 2, "fetched {}", fetched);
            let (root, _) = ask(&storage, |t| tiled.root_at_in(old, t));
            prop_assert_eq!(root, whole.root_at(old));
        }
    }
}
