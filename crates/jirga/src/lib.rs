//! The Jirga server and command line: the store, the sequencer, the HTTP API and the CLI.

pub mod api;
pub mod audit;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod deadlines;
pub mod evidence;
pub mod geography;
pub mod hotline;
pub mod http;
pub mod mirror;
pub mod notify;
pub mod own_statements;
pub mod problem;
pub mod rebuild;
pub mod reference;
pub mod report;
pub mod scenario;
pub mod sequencer;
pub mod server;
pub mod state;
pub mod store;
pub mod verifier;
pub mod web;
pub mod witness;
pub mod witnessing;
