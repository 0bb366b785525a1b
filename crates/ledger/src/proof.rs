//! Verification of RFC 9162 §2.1.3.2 inclusion proofs and §2.1.4.2 consistency proofs.
//!
//! The expected proof length is worked out from the sizes before any hashing, so a wrong
//! length is reported as such rather than as a confusing root mismatch.

use crate::hash::{node_hash, Hash, EMPTY_ROOT};

/// Why a proof could not be produced or did not verify.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ProofError {
    #[error("leaf index {index} is not in a tree of size {size} (a tree of size n holds leaves 0..n-1)")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("tree size {size} is beyond the log, which has only {log_size} leaves")]
    SizeBeyondLog { size: u64, log_size: u64 },
    #[error("old tree size {old_size} is larger than new tree size {new_size}: a log only grows, so swap them or fetch a newer checkpoint")]
    SizesOutOfOrder { old_size: u64, new_size: u64 },
    #[error("the proof has {got} hashes but one for these sizes needs exactly {expected}: it was made for another index or size, or was truncated")]
    WrongProofLength { expected: usize, got: usize },
    #[error("the inclusion proof does not lead to the given root: the entry, its index, the tree size or the root is not the one the proof was made for")]
    RootMismatch,
    #[error("the consistency proof does not reproduce the old root: the old checkpoint is not a prefix of the new tree (or the sizes given are wrong)")]
    OldRootMismatch,
    #[error("the consistency proof does not reproduce the new root: the new tree does not extend the old one (or the sizes given are wrong)")]
    NewRootMismatch,
    #[error("two trees of the same size {size} have different roots: the log has shown two different histories")]
    DifferentRootsSameSize { size: u64 },
    #[error("the proof needs leaf tile {index}, which the tree left to storage: load it and ask again")]
    TileNotLoaded { index: u64 },
}

/// Checks that `leaf` (a leaf hash) is at `index` in the tree of `size` leaves with root `root`.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let expected = inclusion_proof_len(index, size);
    if proof.len() != expected {
        return Err(ProofError::WrongProofLength { expected, got: proof.len() });
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    debug_assert_eq!(s, 0);
    if r != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `old_size` leaves with root `old_root` is a prefix of the tree of
/// `new_size` leaves with root `new_root`.
///
/// For `old_size == 0` the proof must be empty and `old_root` must be `EMPTY_ROOT` (the only
/// root a tree of size 0 can have); for equal sizes the proof must be empty and the roots equal.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old_size > new_size {
        return Err(ProofError::SizesOutOfOrder { old_size, new_size });
    }
    if old_size == 0 || old_size == new_size {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofLength { expected: 0, got: proof.len() });
        }
        if old_size == 0 && *old_root != EMPTY_ROOT {
            return Err(ProofError::OldRootMismatch);
        }
        if old_size == new_size && old_root != new_root {
            return Err(ProofError::DifferentRootsSameSize { size: old_size });
        }
        return Ok(());
    }
    let expected = consistency_proof_len(old_size, new_size);
    if proof.len() != expected {
        return Err(ProofError::WrongProofLength { expected, got: proof.len() });
    }
    // When the old tree is a complete subtree its root is itself the first node of the path,
    // so the proof leaves it out.
    let (first, rest) = if old_size.is_power_of_two() { (*old_root, proof) } else { (proof[0], &proof[1..]) };
    let (mut f, mut s) = (old_size - 1, new_size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (first, first);
    for c in rest {
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    debug_assert_eq!(s, 0);
    if fr != *old_root {
        return Err(ProofError::OldRootMismatch);
    }
    if sr != *new_root {
        return Err(ProofError::NewRootMismatch);
    }
    Ok(())
}

/// The number of hashes in the inclusion proof of `index` in a tree of `size` (index < size):
/// the number of steps the RFC 9162 verifier takes before its `sn` reaches zero.
pub(crate) fn inclusion_proof_len(index: u64, size: u64) -> usize {
    let (mut f, mut s) = (index, size - 1);
    let mut steps = 0;
    while s != 0 {
        steps += 1;
        if f & 1 == 0 && f == s {
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        }
        f >>= 1;
        s >>= 1;
    }
    steps
}

/// The number of hashes in the consistency proof between sizes 0 < old < new, counted the way
/// the RFC 9162 verifier consumes them.
pub(crate) fn consistency_proof_len(old_size: u64, new_size: u64) -> usize {
    let (mut f, mut s) = (old_size - 1, new_size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let mut steps = 0;
    while s != 0 {
        steps += 1;
        if f & 1 == 0 && f == s {
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        }
        f >>= 1;
        s >>= 1;
    }
    steps + usize::from(!old_size.is_power_of_two())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{leaf_hash, Tree};

    #[test]
    fn predicted_lengths_match_generated_proofs() {
        let tree = Tree::from_leaf_hashes((0u32..130).map(|i| leaf_hash(&i.to_be_bytes())));
        for size in 1..=130 {
            for index in 0..size {
                let p = tree.inclusion_proof(index, size).unwrap();
                assert_eq!(p.len(), inclusion_proof_len(index, size), "index {index} size {size}");
            }
            for old in 1..size {
                let p = tree.consistency_proof(old, size).unwrap();
                assert_eq!(p.len(), consistency_proof_len(old, size), "{old}->{size}");
            }
        }
    }

    #[test]
    fn huge_sizes_do_not_overflow() {
        // The last leaf sits beside 63 complete subtrees; leaf 0 is 63 levels down plus one sibling.
        assert_eq!(inclusion_proof_len(u64::MAX - 1, u64::MAX), 63);
        assert_eq!(inclusion_proof_len(0, u64::MAX), 64);
        assert!(consistency_proof_len(1, u64::MAX) > 0);
        assert!(consistency_proof_len(u64::MAX - 1, u64::MAX) > 0);
    }
}
