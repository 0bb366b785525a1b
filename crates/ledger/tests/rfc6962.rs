//! Published RFC 6962 vectors.
//!
//! The 8-leaf reference tree, its roots, node hashes and proofs come from the Certificate
//! Transparency test suite as kept in github.com/transparency-dev/merkle
//! (testonly/constants.go: LeafInputs, NodeHashes, RootHashes; proof/verify_test.go:
//! inclusionProofs, consistencyProofs and the corruption probes), the same tree Go's
//! golang.org/x/mod/sumdb/tlog and RFC 9162's examples use. The Argon 2020 data are real
//! Certificate Transparency responses kept in golang.org/x/mod/sumdb/tlog/testdata (ct_test.go).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ledger::{
    leaf_hash, node_hash, root_from_leaves, verify_consistency, verify_inclusion, Hash, ProofError, Tree, EMPTY_ROOT,
};

fn h(s: &str) -> Hash {
    hex::decode(s).unwrap().try_into().unwrap()
}

fn leaf_inputs() -> Vec<Vec<u8>> {
    ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
        .iter()
        .map(|s| hex::decode(s).unwrap())
        .collect()
}

const ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// NodeHashes(): level 0 (leaf hashes), level 1, level 2, level 3.
const NODES: [&[&str]; 4] = [
    &[
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    &[
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    &[
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    &["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];

/// (leaf index, tree size, proof). verify_test.go numbers leaves from 1; these are 0-based.
fn inclusion_vectors() -> Vec<(u64, u64, Vec<Hash>)> {
    vec![
        (0, 1, vec![]),
        (
            0,
            8,
            vec![
                h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            ],
        ),
        (
            5,
            8,
            vec![
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
        (2, 3, vec![h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
        (
            1,
            5,
            vec![
                h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            ],
        ),
    ]
}

/// (old size, new size, proof) from consistencyProofs in verify_test.go.
fn consistency_vectors() -> Vec<(u64, u64, Vec<Hash>)> {
    vec![
        (1, 1, vec![]),
        (
            1,
            8,
            vec![
                h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            ],
        ),
        (
            6,
            8,
            vec![
                h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
        (
            2,
            5,
            vec![
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            ],
        ),
        (
            6,
            7,
            vec![
                h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ],
        ),
    ]
}

fn reference_tree() -> Tree {
    let mut tree = Tree::new();
    for input in leaf_inputs() {
        tree.push(leaf_hash(&input));
    }
    tree
}

#[test]
fn empty_root_constant() {
    assert_eq!(EMPTY_ROOT, h(ROOTS[0]));
    assert_eq!(Tree::new().root(), h(ROOTS[0]));
}

#[test]
fn roots_for_every_size() {
    let tree = reference_tree();
    let leaves: Vec<Hash> = leaf_inputs().iter().map(|l| leaf_hash(l)).collect();
    for (size, want) in ROOTS.iter().enumerate() {
        assert_eq!(tree.root_at(size as u64).unwrap(), h(want), "root_at({size})");
        assert_eq!(root_from_leaves(&leaves[..size]), h(want), "root_from_leaves({size})");
        let grown = Tree::from_leaf_hashes(leaves[..size].iter().copied());
        assert_eq!(grown.root(), h(want), "root() of a tree of {size}");
    }
}

#[test]
fn node_hashes_of_every_complete_subtree() {
    let inputs = leaf_inputs();
    let mut level: Vec<Hash> = inputs.iter().map(|l| leaf_hash(l)).collect();
    for (height, want) in NODES.iter().enumerate() {
        let want: Vec<Hash> = want.iter().map(|s| h(s)).collect();
        assert_eq!(level, want, "level {height}");
        level = level.chunks_exact(2).map(|p| node_hash(&p[0], &p[1])).collect();
    }
}

#[test]
fn inclusion_proofs_match_published_ones() {
    let tree = reference_tree();
    for (index, size, proof) in inclusion_vectors() {
        assert_eq!(tree.inclusion_proof(index, size).unwrap(), proof, "index {index} size {size}");
        let leaf = tree.leaf(index).unwrap();
        let root = h(ROOTS[size as usize]);
        verify_inclusion(&leaf, index, size, &proof, &root).unwrap();
    }
}

#[test]
fn consistency_proofs_match_published_ones() {
    let tree = reference_tree();
    for (old, new, proof) in consistency_vectors() {
        assert_eq!(tree.consistency_proof(old, new).unwrap(), proof, "{old} -> {new}");
        verify_consistency(old, new, &h(ROOTS[old as usize]), &h(ROOTS[new as usize]), &proof).unwrap();
    }
}

/// The corruption probes of verify_test.go (corruptInclusionProof): each must be rejected.
#[test]
fn corrupted_inclusion_proofs_are_rejected() {
    let some_hash = h("abacaba000000000000000000000000000000000000000000060061e00123456");
    for (index, size, proof) in inclusion_vectors() {
        let leaf = leaf_hash(&leaf_inputs()[index as usize]);
        let root = h(ROOTS[size as usize]);
        let mut probes: Vec<(String, u64, u64, Hash, Vec<Hash>, Hash)> = vec![
            ("index - 1".into(), index.wrapping_sub(1), size, leaf, proof.clone(), root),
            ("index + 1".into(), index + 1, size, leaf, proof.clone(), root),
            ("index ^ 2".into(), index ^ 2, size, leaf, proof.clone(), root),
            ("size * 2".into(), index, size * 2, leaf, proof.clone(), root),
            ("size / 2".into(), index, size / 2, leaf, proof.clone(), root),
            ("wrong leaf".into(), index, size, leaf_hash(b"WrongLeaf"), proof.clone(), root),
            ("empty root".into(), index, size, leaf, proof.clone(), EMPTY_ROOT),
            ("random root".into(), index, size, leaf, proof.clone(), some_hash),
            ("trailing root".into(), index, size, leaf, [proof.clone(), vec![root]].concat(), root),
            ("preceding root".into(), index, size, leaf, [vec![root], proof.clone()].concat(), root),
        ];
        for i in 0..proof.len() {
            let mut p = proof.clone();
            p[i][0] ^= 8;
            probes.push((format!("proof[{i}] bit 3 flipped"), index, size, leaf, p, root));
        }
        if !proof.is_empty() {
            probes.push(("removed last".into(), index, size, leaf, proof[..proof.len() - 1].to_vec(), root));
        }
        if proof.len() > 1 {
            let mut p = proof.clone();
            p.insert(1, some_hash);
            probes.push(("inserted".into(), index, size, leaf, p, root));
        }
        for (desc, i, s, l, p, r) in probes {
            // index ^ 2 can land back on a valid tree shape with the same proof only if the
            // leaf there is the same, which it is not in this tree.
            assert!(verify_inclusion(&l, i, s, &p, &r).is_err(), "{desc}: accepted for index {index} size {size}");
        }
    }
}

/// The corruption probes of verify_test.go (corruptConsistencyProof).
#[test]
fn corrupted_consistency_proofs_are_rejected() {
    for (old, new, proof) in consistency_vectors() {
        if proof.is_empty() {
            continue;
        }
        let r1 = h(ROOTS[old as usize]);
        let r2 = h(ROOTS[new as usize]);
        let wrong = leaf_hash(b"WrongRoot");
        let mut probes: Vec<(String, u64, u64, Hash, Hash, Vec<Hash>)> = vec![
            ("old - 1".into(), old - 1, new, r1, r2, proof.clone()),
            ("old + 1".into(), old + 1, new, r1, r2, proof.clone()),
            ("old ^ 2".into(), old ^ 2, new, r1, r2, proof.clone()),
            ("new * 2".into(), old, new * 2, r1, r2, proof.clone()),
            ("new / 2".into(), old, new / 2, r1, r2, proof.clone()),
            ("wrong old root".into(), old, new, wrong, r2, proof.clone()),
            ("wrong new root".into(), old, new, r1, wrong, proof.clone()),
            ("swapped roots".into(), old, new, r2, r1, proof.clone()),
            ("empty proof".into(), old, new, r1, r2, vec![]),
            ("trailing old root".into(), old, new, r1, r2, [proof.clone(), vec![r1]].concat()),
            ("trailing new root".into(), old, new, r1, r2, [proof.clone(), vec![r2]].concat()),
            ("preceding old root".into(), old, new, r1, r2, [vec![r1], proof.clone()].concat()),
            ("preceding new root".into(), old, new, r1, r2, [vec![r2], proof.clone()].concat()),
            ("preceding proof[0]".into(), old, new, r1, r2, [vec![proof[0]], proof.clone()].concat()),
            ("truncated".into(), old, new, r1, r2, proof[..proof.len() - 1].to_vec()),
        ];
        for i in 0..proof.len() {
            let mut p = proof.clone();
            p[i][0] ^= 16;
            probes.push((format!("proof[{i}] bit 4 flipped"), old, new, r1, r2, p));
        }
        for (desc, o, n, a, b, p) in probes {
            assert!(verify_consistency(o, n, &a, &b, &p).is_err(), "{desc}: accepted for {old} -> {new}");
        }
    }
}

/// TestVerifyConsistency's edge cases, adapted: we insist that a tree of size 0 has the
/// empty root, where transparency-dev accepts any root for it.
#[test]
fn consistency_edge_cases() {
    let r1 = leaf_hash(b"don't care 1");
    let r2 = leaf_hash(b"don't care 2");
    assert_eq!(verify_consistency(0, 0, &EMPTY_ROOT, &EMPTY_ROOT, &[]), Ok(()));
    assert_eq!(verify_consistency(0, 1, &EMPTY_ROOT, &r2, &[]), Ok(()));
    assert_eq!(verify_consistency(0, 1, &r1, &r2, &[]), Err(ProofError::OldRootMismatch));
    assert_eq!(verify_consistency(1, 1, &r2, &r2, &[]), Ok(()));
    assert_eq!(verify_consistency(1, 1, &r1, &r2, &[]), Err(ProofError::DifferentRootsSameSize { size: 1 }));
    assert_eq!(verify_consistency(1, 0, &r1, &r2, &[]), Err(ProofError::SizesOutOfOrder { old_size: 1, new_size: 0 }));
    assert_eq!(verify_consistency(2, 1, &r1, &r2, &[]), Err(ProofError::SizesOutOfOrder { old_size: 2, new_size: 1 }));
    assert_eq!(verify_consistency(1, 2, &r1, &r2, &[]), Err(ProofError::WrongProofLength { expected: 1, got: 0 }));
    for (o, n) in [(0, 0), (0, 1), (1, 1)] {
        assert!(verify_consistency(o, n, &EMPTY_ROOT, &EMPTY_ROOT, &[EMPTY_ROOT]).is_err(), "{o} -> {n}");
    }
}

/// TestVerifyInclusion's degenerate probes: no leaf is in an empty tree, nor past the end.
#[test]
fn inclusion_edge_cases() {
    let some = h("abacaba000000000000000000000000000000000000000000060061e00123456");
    for (index, size) in [(0, 0), (1, 0), (2, 1), (1, 1)] {
        assert_eq!(
            verify_inclusion(&some, index, size, &[], &EMPTY_ROOT),
            Err(ProofError::IndexOutOfRange { index, size })
        );
    }
    // In a one-leaf tree the root is the leaf hash and the proof is empty.
    let leaf = leaf_hash(b"data");
    assert_eq!(verify_inclusion(&leaf, 0, 1, &[], &leaf), Ok(()));
    assert_eq!(verify_inclusion(&leaf, 0, 1, &[], &EMPTY_ROOT), Err(ProofError::RootMismatch));
}

fn b64_hash(s: &str) -> Hash {
    B64.decode(s).unwrap().try_into().unwrap()
}

fn json(name: &str) -> serde_json::Value {
    let path = format!("{}/tests/data/argon2020/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn hashes(v: &serde_json::Value) -> Vec<Hash> {
    v.as_array().unwrap().iter().map(|s| b64_hash(s.as_str().unwrap())).collect()
}

/// Real proofs from a production CT log, as in Go's TestCertificateTransparency.
#[test]
fn argon2020_certificate_transparency_log() {
    let sth = json("sth.json");
    let size = sth["tree_size"].as_u64().unwrap();
    let root = b64_hash(sth["sha256_root_hash"].as_str().unwrap());

    let entry = B64.decode(json("entries.json")["entries"][0]["leaf_input"].as_str().unwrap()).unwrap();
    let proof = json("proof.json");
    let index = proof["leaf_index"].as_u64().unwrap();
    let path = hashes(&proof["audit_path"]);
    verify_inclusion(&leaf_hash(&entry), index, size, &path, &root).unwrap();
    assert_eq!(verify_inclusion(&leaf_hash(&entry), index + 1, size, &path, &root), Err(ProofError::RootMismatch));

    let old_root = b64_hash("AuIZ5V6sDUj1vn3Y1K85oOaQ7y+FJJKtyRTl1edIKBQ=");
    let consistency = hashes(&json("consistency.json")["consistency"]);
    verify_consistency(3654490, size, &old_root, &root, &consistency).unwrap();
    assert!(verify_consistency(3654491, size, &old_root, &root, &consistency).is_err());
    let mut tampered = consistency.clone();
    tampered[3][7] ^= 1;
    assert!(verify_consistency(3654490, size, &old_root, &root, &tampered).is_err());
}
