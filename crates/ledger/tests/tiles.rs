//! Tile paths, tiles and entry bundles.
//!
//! Path vectors are the `tilePaths` table of Go's golang.org/x/mod/sumdb/tlog/tlog_test.go,
//! adapted to C2SP tlog-tiles: Go's paths carry the tile height as their first element
//! (`tile/<H>/<L>/<N>`), C2SP fixes the height at 8 and drops it, and Go's `data` level is
//! C2SP's `entries`. The 70,000-leaf example and index 1234067 are from c2sp.org/tlog-tiles.

use ledger::tiles::{
    decode_entry_bundle, encode_entry_bundle, entries_path, parse_tile_path, partial_tile_width, split_tile, tile_path,
    TileError, TilePath, MAX_ENTRY_SIZE,
};
use ledger::{leaf_hash, node_hash, root_from_leaves, Hash, Tree};
use proptest::prelude::*;

#[test]
fn go_tile_paths_adapted() {
    let good = [
        ("tile/0/001", TilePath::Hashes { level: 0, index: 1, width: 256 }), // Go: tile/4/0/001
        ("tile/0/001.p/5", TilePath::Hashes { level: 0, index: 1, width: 5 }), // Go: tile/4/0/001.p/5
        ("tile/5/x123/x456/078", TilePath::Hashes { level: 5, index: 123456078, width: 256 }),
        ("tile/5/x123/x456/078.p/2", TilePath::Hashes { level: 5, index: 123456078, width: 2 }),
        ("tile/0/x003/x057/500", TilePath::Hashes { level: 0, index: 3057500, width: 256 }),
        ("tile/entries/x003/x057/500", TilePath::Entries { index: 3057500, width: 256 }),
    ];
    for (path, tile) in good {
        assert_eq!(parse_tile_path(path), Ok(tile), "{path}");
        assert_eq!(tile.to_path(), path);
    }
    for bad in ["tile/5/123/456/078", "tile/-1/123/456/078", "tile/data/x003/x057/500"] {
        assert!(parse_tile_path(bad).is_err(), "accepted {bad}");
    }
}

#[test]
fn c2sp_index_encoding() {
    assert_eq!(tile_path(0, 1234067, 256), "tile/0/x001/x234/067");
    assert_eq!(tile_path(1, 1234067, 17), "tile/1/x001/x234/067.p/17");
    assert_eq!(entries_path(1234067, 256), "tile/entries/x001/x234/067");
    assert_eq!(entries_path(0, 1), "tile/entries/000.p/1");
    assert_eq!(tile_path(63, 999, 255), "tile/63/999.p/255");
    assert_eq!(tile_path(2, 1000, 256), "tile/2/x001/000");
    assert_eq!(tile_path(0, u64::MAX, 256), "tile/0/x018/x446/x744/x073/x709/x551/615");
    assert_eq!(
        parse_tile_path("tile/0/x018/x446/x744/x073/x709/x551/615"),
        Ok(TilePath::Hashes { level: 0, index: u64::MAX, width: 256 })
    );
}

#[test]
fn non_canonical_paths_are_rejected() {
    for bad in [
        "tile/00/000",
        "tile/01/000",
        "tile/64/000",
        "tile/256/000",
        "tile/0/x000/005",
        "tile/0/5",
        "tile/0/05",
        "tile/0/0005",
        "tile/0/005.p/256",
        "tile/0/005.p/0",
        "tile/0/005.p/05",
        "tile/0/005.p/+5",
        "tile/0/005.p/",
        "tile/0/005.p",
        "tile/0/005/",
        "tile/0/005.p/5/",
        "tile/0/x005",
        "tile/0/x1000/000",
        "tile/0/001/002",
        "tile/0/x018/x446/x744/x073/x709/x551/616",
        "tile/0/x001/x018/x446/x744/x073/x709/x551/615",
        "tile/0/",
        "tile/",
        "/tile/0/000",
        "tile/entries",
        "tile/entries/x000/000",
        "tiles/0/000",
        "tile/0/+12",
        "tile/0/1 2",
        "tile/ 0/000",
    ] {
        match parse_tile_path(bad) {
            Err(TileError::BadPath { path, .. }) => assert_eq!(path, bad),
            other => panic!("{bad:?} parsed as {other:?}"),
        }
    }
}

#[test]
#[should_panic(expected = "tile width 0")]
fn a_zero_width_tile_has_no_path() {
    tile_path(0, 0, 0);
}

#[test]
#[should_panic(expected = "tile level 64")]
fn level_64_has_no_path() {
    tile_path(64, 0, 256);
}

proptest! {
    #[test]
    fn every_path_parses_back(level in 0u8..=63, index: u64, width in 1u16..=256, entries: bool) {
        let tile = if entries {
            TilePath::Entries { index, width }
        } else {
            TilePath::Hashes { level, index, width }
        };
        prop_assert_eq!(parse_tile_path(&tile.to_path()), Ok(tile));
        prop_assert_eq!(tile.is_partial(), width < 256);
    }

    #[test]
    fn bundles_round_trip(entries in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 0..=256)) {
        let refs: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
        let bundle = encode_entry_bundle(&refs);
        prop_assert_eq!(bundle.len(), entries.iter().map(|e| 2 + e.len()).sum::<usize>());
        prop_assert_eq!(decode_entry_bundle(&bundle).unwrap(), entries);
    }
}

fn leaves(n: u64) -> Vec<Hash> {
    (0..n).map(|i| leaf_hash(format!("entry {i}").as_bytes())).collect()
}

/// c2sp.org/tlog-tiles: "a tree of size 70,000 will be represented by 273 full level 0 tiles,
/// one partial level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of
/// width 17, and one partial level 2 tile of width 1", and "a tree of size 256 will be
/// represented by a full level 0 tile and a partial level 1 tile of width 1".
#[test]
fn c2sp_tile_counts() {
    assert_eq!([0, 1, 2, 3].map(|l| partial_tile_width(l, 70_000)), [112, 17, 1, 0]);
    assert_eq!([0, 1, 2].map(|l| partial_tile_width(l, 256)), [0, 1, 0]);
    assert_eq!(partial_tile_width(63, u64::MAX), 0);

    let tree = Tree::from_leaf_hashes(leaves(70_000));
    assert!(tree.tile(0, 272, 256).is_some());
    assert!(tree.tile(0, 273, 256).is_none());
    assert!(tree.tile(0, 273, 112).is_some());
    assert!(tree.tile(0, 273, 113).is_none());
    assert!(tree.tile(1, 0, 256).is_some());
    assert!(tree.tile(1, 1, 17).is_some());
    assert!(tree.tile(1, 1, 18).is_none());
    assert!(tree.tile(2, 0, 1).is_some());
    assert!(tree.tile(2, 0, 2).is_none());
    assert!(tree.tile(3, 0, 1).is_none());

    let small = Tree::from_leaf_hashes(leaves(256));
    assert!(small.tile(0, 0, 256).is_some());
    assert!(small.tile(0, 1, 1).is_none());
    assert!(small.tile(1, 0, 1).is_some());
    assert!(small.tile(1, 0, 2).is_none());
}

/// What an auditor does: rebuild the root from level-0 tiles alone, and check each upper
/// tile hash against the level-0 tile it summarises instead of trusting it.
#[test]
fn tree_of_1000_rebuilt_from_tiles() {
    let all = leaves(1000);
    let tree = Tree::from_leaf_hashes(all.clone());

    let mut level0 = Vec::new();
    for n in 0..3 {
        let tile = split_tile(&tree.tile(0, n, 256).unwrap()).unwrap();
        assert_eq!(tile, all[n as usize * 256..(n as usize + 1) * 256]);
        level0.push(tile);
    }
    assert_eq!(partial_tile_width(0, 1000), 232);
    let partial = split_tile(&tree.tile(0, 3, 232).unwrap()).unwrap();
    let from_tiles: Vec<Hash> = level0.iter().flatten().chain(partial.iter()).copied().collect();
    assert_eq!(root_from_leaves(&from_tiles), tree.root());

    // Level 1 holds the root of each full level-0 tile, and nothing for the partial one.
    assert_eq!(partial_tile_width(1, 1000), 3);
    let level1 = split_tile(&tree.tile(1, 0, 3).unwrap()).unwrap();
    for (n, tile) in level0.iter().enumerate() {
        assert_eq!(level1[n], root_from_leaves(tile), "level-1 hash {n}");
    }
    // 1000 = 512 + 256 + 232, and RFC 6962 splits at the largest power of two.
    let root = node_hash(&node_hash(&level1[0], &level1[1]), &node_hash(&level1[2], &root_from_leaves(&partial)));
    assert_eq!(root, tree.root());

    // One forged leaf hash in a level-0 tile changes the recomputed root.
    let mut forged = from_tiles.clone();
    forged[515][0] ^= 1;
    assert_ne!(root_from_leaves(&forged), tree.root());
}

#[test]
fn bundles_hash_to_level_0_tiles() {
    let entries: Vec<Vec<u8>> = (0..300u32).map(|i| format!("statement {i}").into_bytes()).collect();
    let tree = Tree::from_leaf_hashes(entries.iter().map(|e| leaf_hash(e)));
    let refs: Vec<&[u8]> = entries[256..].iter().map(Vec::as_slice).collect();
    let bundle = encode_entry_bundle(&refs);
    let decoded = decode_entry_bundle(&bundle).unwrap();
    let hashes: Vec<u8> = decoded.iter().flat_map(|e| leaf_hash(e)).collect();
    assert_eq!(Some(hashes), tree.tile(0, 1, 44));
}

#[test]
fn truncated_bundles_are_rejected() {
    let entries: [&[u8]; 4] = [b"", b"a", &[7u8; 300], b"last"];
    let bundle = encode_entry_bundle(&entries);
    let boundaries = [0, 2, 5, 307, 313];
    assert_eq!(bundle.len(), 313);
    for cut in 0..bundle.len() {
        let result = decode_entry_bundle(&bundle[..cut]);
        if let Some(k) = boundaries.iter().position(|&b| b == cut) {
            assert_eq!(result.unwrap(), entries[..k].iter().map(|e| e.to_vec()).collect::<Vec<_>>());
        } else {
            assert!(matches!(result, Err(TileError::TruncatedBundle { .. })), "cut at {cut}: {result:?}");
        }
    }
    assert_eq!(
        decode_entry_bundle(&[0x00, 0x05, b'a', b'b']),
        Err(TileError::TruncatedBundle { entry: 0, offset: 0, needed: 7, available: 4 })
    );
}

#[test]
fn bundle_limits() {
    let max = vec![0xabu8; MAX_ENTRY_SIZE];
    let bundle = encode_entry_bundle(&[&max]);
    assert_eq!(&bundle[..2], &[0xff, 0xff]);
    assert_eq!(decode_entry_bundle(&bundle).unwrap(), vec![max]);

    let many = [0u8, 0].repeat(257);
    assert_eq!(decode_entry_bundle(&many), Err(TileError::TooManyEntries));
    assert_eq!(decode_entry_bundle(&many[..512]).unwrap().len(), 256);
}

#[test]
#[should_panic(expected = "exceeds the tile limit")]
fn oversized_entries_cannot_be_bundled() {
    let big = vec![0u8; MAX_ENTRY_SIZE + 1];
    encode_entry_bundle(&[&big]);
}

#[test]
fn tile_data_must_be_whole_hashes() {
    assert_eq!(split_tile(&[1u8; 64]).unwrap(), vec![[1u8; 32], [1u8; 32]]);
    for len in [0, 31, 33, 257 * 32] {
        assert_eq!(split_tile(&vec![0u8; len]), Err(TileError::BadTileLength { len }));
    }
}
