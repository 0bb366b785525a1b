//! What every request handler shares, the API's and the pages' alike: the store, the
//! sequencer, the clock, sessions, limits and the optional parts (evidence, hotline, notices).

use crate::api::{auth, headers, limits};
use crate::clock::Clock;
use crate::problem::Problem;
use crate::sequencer::Sequencer;
use crate::store::Store;
use model::PublicKey;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub seq: Sequencer,
    pub clock: Arc<dyn Clock>,
    pub sessions: Arc<auth::Sessions>,
    /// The largest request body accepted, in bytes.
    pub max_request_bytes: usize,
    /// Writes and sign-ins per client address; None turns the limit off (benchmarks).
    pub rate_limit: Option<limits::RateLimit>,
    pub buckets: Arc<limits::Buckets>,
    /// Where evidence files are kept; None serves no evidence.
    pub evidence: Option<crate::evidence::EvidenceStore>,
    /// The key the server signs custody events and escalations with (named in the genesis).
    pub server_key: Option<Arc<model::SecretKey>>,
    /// Held while a deadline round runs.
    pub escalation_round: Arc<tokio::sync::Mutex<()>>,
    /// Live delivery of the hotline; None on a read-only mirror.
    pub hotline: Option<crate::hotline::Hub>,
    /// Whether the server speaks TLS itself (HSTS is then sent).
    pub transport: headers::Transport,
    /// Email and webhook notices of the hotline; None sends none.
    pub notifier: Option<crate::notify::Notifier>,
    /// What the servers of one log (who all hold its key) sign the statements they forward
    /// to the writer with, so that the writer knows them from clients.
    pub peer_key: Option<Arc<[u8; 32]>>,
}

impl AppState {
    /// The deployment's genesis, once the log has one.
    pub fn genesis(&self) -> Result<model::Genesis, crate::problem::Problem> {
        let state = self.seq.state.read().expect("state lock");
        state
            .deployment
            .as_ref()
            .map(|d| d.genesis.clone())
            .ok_or_else(|| crate::problem::Problem::unavailable("the log has no genesis yet"))
    }

    pub fn new(store: Store, seq: Sequencer, clock: Arc<dyn Clock>) -> AppState {
        AppState {
            store,
            seq,
            clock,
            sessions: Arc::default(),
            max_request_bytes: 256 * 1024,
            rate_limit: Some(limits::RateLimit::default()),
            buckets: Arc::default(),
            evidence: None,
            server_key: None,
            escalation_round: Arc::default(),
            hotline: None,
            transport: headers::Transport::default(),
            notifier: None,
            peer_key: None,
        }
    }

    /// The party of an enrolled, unrevoked key, and the deployment id.
    pub fn active_member(&self, key: &PublicKey) -> Result<(String, String), Problem> {
        let state = self.seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("this log has no genesis yet"))?;
        match dep.member(key) {
            Some(m) if m.active() => Ok((m.party.clone(), dep.id.hex())),
            Some(_) => Err(Problem::new(axum::http::StatusCode::FORBIDDEN, "revoked", "this key has been revoked")),
            None => Err(Problem::new(axum::http::StatusCode::FORBIDDEN, "not-enrolled", "this key is not enrolled")),
        }
    }
}
