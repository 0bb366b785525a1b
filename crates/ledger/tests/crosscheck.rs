//! Cross-check against an independent RFC 6962 implementation, the `ct-merkle` crate: for
//! random tree sizes and indexes, roots and proofs must be byte-identical, each side's proofs
//! must pass the other side's verifier, and tampered proofs must fail ours.

use ct_merkle::mem_backed_tree::MemoryBackedTree;
use ct_merkle::{ConsistencyProof, InclusionProof, RootHash};
use ledger::{leaf_hash, verify_consistency, verify_inclusion, Hash, ProofError, Tree};
use proptest::prelude::*;
use sha2_ct::Sha256;

fn entry(i: u64) -> Vec<u8> {
    format!("entry {i}").into_bytes()
}

fn to_hash(bytes: &[u8]) -> Hash {
    bytes.try_into().unwrap()
}

fn hashes(bytes: &[u8]) -> Vec<Hash> {
    bytes.chunks_exact(32).map(to_hash).collect()
}

struct Case {
    ours: Tree,
    theirs: MemoryBackedTree<Sha256, Vec<u8>>,
    their_old_root: RootHash<Sha256>,
}

/// Both trees with `size` entries; ct-merkle's root is also taken at `old`.
fn build(old: u64, size: u64) -> Case {
    let mut ours = Tree::new();
    let mut theirs = MemoryBackedTree::<Sha256, Vec<u8>>::new();
    let mut their_old_root = theirs.root();
    for i in 0..size {
        if i == old {
            their_old_root = theirs.root();
        }
        assert_eq!(ours.push(leaf_hash(&entry(i))), i);
        theirs.push(entry(i));
    }
    if old == size {
        their_old_root = theirs.root();
    }
    Case { ours, theirs, their_old_root }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn roots_and_inclusion_proofs_agree(size in 1u64..2000, index_seed: u64, flip_seed: u64) {
        let index = index_seed % size;
        let case = build(size, size);
        let root = case.ours.root();
        prop_assert_eq!(root, to_hash(case.theirs.root().as_bytes().as_slice()));

        let ours = case.ours.inclusion_proof(index, size).unwrap();
        let theirs = case.theirs.prove_inclusion(index as usize);
        prop_assert_eq!(&ours, &hashes(theirs.as_bytes()));

        // Each verifier accepts the other's proof.
        let leaf = leaf_hash(&entry(index));
        prop_assert_eq!(verify_inclusion(&leaf, index, size, &hashes(theirs.as_bytes()), &root), Ok(()));
        let our_proof = InclusionProof::<Sha256>::from_bytes(ours.concat());
        prop_assert!(case.theirs.root().verify_inclusion(&entry(index), index, &our_proof).is_ok());

        // Tampering is caught: any flipped bit, another entry, another index, another root.
        if !ours.is_empty() {
            let mut bad = ours.clone();
            let at = (flip_seed % ours.len() as u64) as usize;
            bad[at][(flip_seed >> 8) as usize % 32] ^= 1 << ((flip_seed >> 16) % 8);
            prop_assert_eq!(verify_inclusion(&leaf, index, size, &bad, &root), Err(ProofError::RootMismatch));
            let other = (index + 1 + flip_seed % (size - 1)) % size;
            prop_assert!(verify_inclusion(&leaf, other, size, &ours, &root).is_err());
            prop_assert!(verify_inclusion(&leaf, index, size, &ours[1..], &root).is_err());
        }
        prop_assert!(verify_inclusion(&leaf_hash(b"forged"), index, size, &ours, &root).is_err());
        let mut bad_root = root;
        bad_root[31] ^= 1;
        prop_assert!(verify_inclusion(&leaf, index, size, &ours, &bad_root).is_err());
    }

    #[test]
    fn consistency_proofs_agree(size in 2u64..2000, old_seed: u64, flip_seed: u64) {
        let old = 1 + old_seed % (size - 1);
        let case = build(old, size);
        let old_root = case.ours.root_at(old).unwrap();
        let new_root = case.ours.root();
        prop_assert_eq!(old_root, to_hash(case.their_old_root.as_bytes().as_slice()));

        let ours = case.ours.consistency_proof(old, size).unwrap();
        let theirs = case.theirs.prove_consistency((size - old) as usize);
        prop_assert_eq!(&ours, &hashes(theirs.as_bytes()));

        prop_assert_eq!(verify_consistency(old, size, &old_root, &new_root, &hashes(theirs.as_bytes())), Ok(()));
        let our_proof = ConsistencyProof::<Sha256>::try_from_bytes(ours.concat()).unwrap();
        prop_assert!(case.theirs.root().verify_consistency(&case.their_old_root, &our_proof).is_ok());

        let mut bad = ours.clone();
        let at = (flip_seed % ours.len() as u64) as usize;
        bad[at][(flip_seed >> 8) as usize % 32] ^= 1 << ((flip_seed >> 16) % 8);
        prop_assert!(verify_consistency(old, size, &old_root, &new_root, &bad).is_err());
        let mut wrong = old_root;
        wrong[0] ^= 1;
        prop_assert!(verify_consistency(old, size, &wrong, &new_root, &ours).is_err());
        let mut wrong = new_root;
        wrong[0] ^= 1;
        prop_assert!(verify_consistency(old, size, &old_root, &wrong, &ours).is_err());
        // The root of a different history of the same old size is refused.
        let forked = case.ours.root_at(old - 1).unwrap();
        prop_assert!(verify_consistency(old, size, &forked, &new_root, &ours).is_err());
    }
}

/// A log the size the server expects: a million leaves, built leaf by leaf.
#[test]
fn a_million_leaves() {
    let n = 1_000_000u64;
    let mut tree = Tree::new();
    let mut leaves = Vec::with_capacity(n as usize);
    for i in 0..n {
        let h = leaf_hash(&i.to_le_bytes());
        leaves.push(h);
        tree.push(h);
    }
    let root = tree.root();
    assert_eq!(root, ledger::root_from_leaves(&leaves));
    for index in [0, 1, 524_287, 524_288, 999_999] {
        let proof = tree.inclusion_proof(index, n).unwrap();
        verify_inclusion(&leaves[index as usize], index, n, &proof, &root).unwrap();
    }
    let old = 777_777;
    let proof = tree.consistency_proof(old, n).unwrap();
    verify_consistency(old, n, &tree.root_at(old).unwrap(), &root, &proof).unwrap();
}
