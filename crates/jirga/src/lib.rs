//! The Jirga server and command line: the store, the sequencer, the HTTP API and the CLI.

pub mod clock;
pub mod sequencer;
pub mod store;
pub mod api;
pub mod scenario;
pub mod server;
pub mod rebuild;
pub mod cli;
pub mod bench;
