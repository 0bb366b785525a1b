//! The Jirga server and command line: the store, the sequencer, the HTTP API and the CLI.

pub mod api;
pub mod archive;
pub mod audit;
pub mod backup;
pub mod bundle;
pub mod cli;
pub mod clock;
pub mod deadlines;
pub mod evidence;
pub mod geography;
pub mod hotline;
pub mod http;
pub mod mirror;
pub mod notify;
pub mod objects;
pub mod own_statements;
pub mod problem;
pub mod rebuild;
pub mod reference;
pub mod report;
pub mod scenario;
pub mod sequencer;
pub mod server;
pub mod state;
pub mod static_log;
pub mod store;
pub mod verifier;
pub mod web;
pub mod witness;
pub mod witnessing;

/// Logs to standard error, filtered by RUST_LOG (default: info, and sqlx's errors only).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=error".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // One JSON object a line (JIRGA_LOG_FORMAT=json), for a log collector to read.
    if std::env::var("JIRGA_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().with_current_span(false).init();
    } else {
        builder.init();
    }
}
