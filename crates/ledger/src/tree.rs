//! An append-only RFC 6962 Merkle tree held in memory.
//!
//! Only complete subtrees are stored, one row per height: `levels[h][i]` is the hash of leaves
//! `[i * 2^h, (i + 1) * 2^h)`. A tree of n leaves stores fewer than 2n hashes (64 MiB for a
//! million leaves), appending hashes only the subtrees it completes (amortised one hash), and any
//! root or proof needs at most O(log n) fresh hashes because every other node it touches is a
//! complete subtree that is already stored.

use std::fmt;

use crate::hash::{fold_right, node_hash, Hash};
use crate::proof::ProofError;

/// An append-only Merkle tree over leaf hashes.
#[derive(Clone, Default)]
pub struct Tree {
    // Invariant: levels[h].len() == size >> h, and no row is empty except possibly levels[0]
    // when the tree is empty.
    levels: Vec<Vec<Hash>>,
}

impl fmt::Debug for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printing every hash of a million-leaf tree helps nobody.
        f.debug_struct("Tree").field("size", &self.size()).finish_non_exhaustive()
    }
}

impl Tree {
    /// An empty tree.
    pub fn new() -> Tree {
        Tree::default()
    }

    /// A tree holding the given leaf hashes, in order.
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

    /// Appends a leaf hash and returns its index.
    pub fn push(&mut self, leaf: Hash) -> u64 {
        let index = self.size();
        if self.levels.is_empty() {
            self.levels.push(Vec::new());
        }
        self.levels[0].push(leaf);
        let mut height = 0;
        while self.levels[height].len() % 2 == 0 {
            let row = &self.levels[height];
            let parent = node_hash(&row[row.len() - 2], &row[row.len() - 1]);
            if self.levels.len() == height + 1 {
                self.levels.push(Vec::new());
            }
            self.levels[height + 1].push(parent);
            height += 1;
        }
        index
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.levels.first().map_or(0, |row| row.len() as u64)
    }

    /// The root at the current size (`EMPTY_ROOT` for an empty tree).
    pub fn root(&self) -> Hash {
        self.range_hash(0, self.size())
    }

    /// The root the tree had when it held `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Hash, ProofError> {
        self.check_size(size)?;
        Ok(self.range_hash(0, size))
    }

    /// The hash of leaf `index`, if the tree has it.
    pub fn leaf(&self, index: u64) -> Option<Hash> {
        let index = usize::try_from(index).ok()?;
        self.levels.first()?.get(index).copied()
    }

    /// The RFC 6962 / RFC 9162 inclusion proof (audit path) of leaf `index` in the tree of
    /// `size` leaves, from the leaf's sibling up to the root's child.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
        self.check_size(size)?;
        if index >= size {
            return Err(ProofError::IndexOutOfRange { index, size });
        }
        let mut proof = Vec::with_capacity(64);
        self.path(index, 0, size, &mut proof);
        Ok(proof)
    }

    /// The RFC 6962 / RFC 9162 consistency proof between the trees of `old_size` and `new_size`
    /// leaves. Empty when `old_size` is 0 or equal to `new_size`: nothing needs proving then.
    pub fn consistency_proof(&self, old_size: u64, new_size: u64) -> Result<Vec<Hash>, ProofError> {
        self.check_size(new_size)?;
        if old_size > new_size {
            return Err(ProofError::SizesOutOfOrder { old_size, new_size });
        }
        let mut proof = Vec::with_capacity(64);
        if old_size > 0 && old_size < new_size {
            self.subproof(old_size, 0, new_size, true, &mut proof);
        }
        Ok(proof)
    }

    /// The hashes of tile (`level`, `index`) of `width` hashes (1..=256), concatenated, as C2SP
    /// tlog-tiles defines them: level L holds the hashes of the complete subtrees of height 8L,
    /// so level 0 holds leaf hashes. `None` if the width is out of range or the tree does not
    /// yet have that many complete subtrees there. A partial tile is a prefix of the full tile,
    /// so any width up to what the tree has is a tile some earlier tree size published.
    pub fn tile(&self, level: u8, index: u64, width: u16) -> Option<Vec<u8>> {
        if width == 0 || width > crate::tiles::TILE_WIDTH {
            return None;
        }
        let row = self.levels.get(usize::from(level) * usize::from(crate::tiles::TILE_HEIGHT))?;
        let start = usize::try_from(index).ok()?.checked_mul(usize::from(crate::tiles::TILE_WIDTH))?;
        let end = start.checked_add(usize::from(width))?;
        let hashes = row.get(start..end)?;
        Some(hashes.concat())
    }

    fn check_size(&self, size: u64) -> Result<(), ProofError> {
        if size > self.size() {
            return Err(ProofError::SizeBeyondLog { size, log_size: self.size() });
        }
        Ok(())
    }

    /// MTH of leaves `[start, end)`. Every range the RFC 6962 recursion visits starts at a
    /// multiple of the largest power of two not above its length, so it decomposes into stored
    /// complete subtrees of decreasing height.
    fn range_hash(&self, start: u64, end: u64) -> Hash {
        let mut subtrees = Vec::with_capacity(64);
        let mut pos = start;
        let mut remaining = end - start;
        while remaining > 0 {
            let height = 63 - remaining.leading_zeros();
            debug_assert_eq!(pos % (1 << height), 0, "unaligned range {start}..{end}");
            subtrees.push(self.levels[height as usize][(pos >> height) as usize]);
            pos += 1 << height;
            remaining -= 1 << height;
        }
        fold_right(subtrees.iter())
    }

    /// RFC 9162 §2.1.3.1 PATH(m, D[start..start+n]).
    fn path(&self, m: u64, start: u64, n: u64, out: &mut Vec<Hash>) {
        if n <= 1 {
            return;
        }
        let k = split_point(n);
        if m < k {
            self.path(m, start, k, out);
            out.push(self.range_hash(start + k, start + n));
        } else {
            self.path(m - k, start + k, n - k, out);
            out.push(self.range_hash(start, start + k));
        }
    }

    /// RFC 9162 §2.1.4.1 SUBPROOF(m, D[start..start+n], b).
    fn subproof(&self, m: u64, start: u64, n: u64, whole: bool, out: &mut Vec<Hash>) {
        if m == n {
            if !whole {
                out.push(self.range_hash(start, start + n));
            }
            return;
        }
        let k = split_point(n);
        if m <= k {
            self.subproof(m, start, k, whole, out);
            out.push(self.range_hash(start + k, start + n));
        } else {
            self.subproof(m - k, start + k, n - k, false, out);
            out.push(self.range_hash(start, start + k));
        }
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
