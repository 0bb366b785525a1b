//! RFC 6962 (and RFC 9162) Merkle tree hashing with SHA-256.
//!
//! The 0x00 / 0x01 prefixes keep a leaf from ever being mistaken for an interior node
//! (the second-preimage attack on plain Merkle trees).

use sha2::{Digest, Sha256};

/// A SHA-256 output: a leaf hash, an interior node hash or a tree root.
pub type Hash = [u8; 32];

/// The root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1).
pub const EMPTY_ROOT: Hash = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41,
    0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// The hash of a log entry: SHA-256(0x00 || entry).
pub fn leaf_hash(entry: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(entry);
    h.finalize().into()
}

/// The hash of an interior node: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the tree whose leaf hashes are `leaves`, computed from nothing but those hashes.
///
/// Auditors, mirrors and witnesses use this on level-0 tiles: the upper-level tile hashes a log
/// serves are a convenience and must never be taken as proven (see the caution about Go's
/// `TileHashReader` in ARCHITECTURE.md). O(n) hashing, O(log n) memory.
pub fn root_from_leaves(leaves: &[Hash]) -> Hash {
    // A stack of complete subtrees of strictly decreasing height: the same shape `Tree` keeps,
    // without keeping anything but the right edge.
    let mut stack: Vec<(u32, Hash)> = Vec::with_capacity(64);
    for leaf in leaves {
        let mut node = (0u32, *leaf);
        while let Some(&(height, left)) = stack.last() {
            if height != node.0 {
                break;
            }
            stack.pop();
            node = (height + 1, node_hash(&left, &node.1));
        }
        stack.push(node);
    }
    fold_right(stack.iter().map(|(_, h)| h))
}

/// Combines the complete subtrees of a tree's left-to-right decomposition into its root.
///
/// RFC 6962 splits at the largest power of two, so the root is the right fold
/// `H(s0, H(s1, H(s2, ...)))` over those subtrees: the smallest one is hashed first.
pub(crate) fn fold_right<'a>(subtrees: impl DoubleEndedIterator<Item = &'a Hash>) -> Hash {
    let mut iter = subtrees.rev();
    let Some(last) = iter.next() else {
        return EMPTY_ROOT;
    };
    iter.fold(*last, |acc, left| node_hash(left, &acc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_root_is_sha256_of_nothing() {
        let computed: Hash = Sha256::digest([]).into();
        assert_eq!(EMPTY_ROOT, computed);
        assert_eq!(root_from_leaves(&[]), EMPTY_ROOT);
    }

    #[test]
    fn prefixes_separate_leaves_from_nodes() {
        let a = leaf_hash(b"a");
        let b = leaf_hash(b"b");
        let mut concat = Vec::new();
        concat.extend_from_slice(&a);
        concat.extend_from_slice(&b);
        // Same bytes, different role, different hash.
        assert_ne!(node_hash(&a, &b), leaf_hash(&concat));
        assert_ne!(node_hash(&a, &b), node_hash(&b, &a));
    }

    #[test]
    fn root_of_three_is_split_at_two() {
        let l: Vec<Hash> = (0u8..3).map(|i| leaf_hash(&[i])).collect();
        let want = node_hash(&node_hash(&l[0], &l[1]), &l[2]);
        assert_eq!(root_from_leaves(&l), want);
        assert_eq!(root_from_leaves(&l[..1]), l[0]);
    }
}
