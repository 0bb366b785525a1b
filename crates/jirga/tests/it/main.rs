//! One integration-test binary (it links once): real servers on port 0, real SQLite files and a
//! real PostgreSQL and a real S3-compatible server started by scripts/test.sh.

mod api;
mod archive;
mod audit;
mod backup;
mod browser;
mod bundle;
mod cli;
mod common;
mod crash;
mod events;
mod evidence;
mod export;
mod failover;
mod hotline;
mod interop;
mod mirror;
mod monitor;
mod notify;
mod pipeline;
mod reference;
mod refusals;
mod report;
mod sites;
mod static_log;
mod storage;
mod tiles;
mod upgrade;
mod verification;
mod violations;
mod web;
mod web_session;
mod windows;
mod wire;
mod witnesses;
