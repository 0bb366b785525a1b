//! The transparency log's formats, with no I/O: RFC 6962 tree hashing and proofs,
//! C2SP signed notes and checkpoints, and C2SP tlog-tiles paths and entry bundles.
