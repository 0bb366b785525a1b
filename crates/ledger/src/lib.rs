//! The transparency log's formats, with no I/O: RFC 6962 tree hashing and proofs,
//! C2SP signed notes and checkpoints, and C2SP tlog-tiles paths and entry bundles.
//!
//! Everything here is pure computation over bytes and strings, so the server, the CLI, the
//! witnesses and the auditors all share one implementation of what "valid" means.

#![forbid(unsafe_code)]

mod hash;
mod proof;
mod tree;

pub mod checkpoint;
pub mod cosignature;
pub mod note;
pub mod signature;
pub mod tiles;
pub mod witness;

pub use hash::{leaf_hash, node_hash, root_from_leaves, Hash, EMPTY_ROOT};
pub use proof::{verify_consistency, verify_inclusion, ProofError};
pub use tree::{FullTile, LeafTile, LeafTiles, Tree};
