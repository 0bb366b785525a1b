//! The HTTP API (axum): JSON under /v1, the log at the C2SP paths (/checkpoint, /tile/…), and
//! the OpenAPI description at /openapi.json.

pub mod auth;
mod conditional;
mod evidence;
mod export;
pub mod headers;
mod hotline;
mod incidents;
mod investigations;
pub mod limits;
mod log;
mod notify;
mod problem;
mod reports;
mod statements;

pub use problem::Problem;

use crate::clock::Clock;
use crate::sequencer::Sequencer;
use crate::store::Store;
use axum::routing::{get, post};

use axum::{Json, Router};
use model::PublicKey;
use std::sync::Arc;
use utoipa::OpenApi;

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
}

impl AppState {
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

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jirga",
        description = "Joint ceasefire monitoring: signed statements on a witnessed transparency log."
    ),
    paths(
        statements::submit,
        statements::get_statement,
        statements::proof,
        incidents::list,
        export::export,
        reports::report,
        incidents::detail,
        incidents::crossings,
        incidents::deployment,
        incidents::members,
        evidence::upload,
        evidence::download,
        evidence::custody,
        investigations::detail,
        investigations::commitments,
        hotline::feed,
        hotline::events,
        hotline::open,
        hotline::duty,
        hotline::check_ins,
        notify::deliveries,
        notify::channels,
        notify::set_channels,
        log::checkpoint,
        log::tile,
        auth::challenge,
        auth::token,
    ),
    components(schemas(
        Problem,
        crate::sequencer::Receipt,
        crate::store::IncidentRow,
        crate::store::IncidentPage,
        crate::store::IncidentDetail,
        crate::store::CrossingRow,
        crate::store::EvidenceRow,
        crate::store::CustodyRow,
        crate::store::InvestigationView,
        crate::store::NoteRow,
        crate::store::FindingRow,
        crate::store::SignatureRow,
        crate::store::CommitmentRow,
        evidence::Uploaded,
        evidence::CustodyView,
        crate::store::HotlineEvent,
        crate::store::OpenMessage,
        crate::store::DutyRow,
        hotline::CheckInView,
        crate::store::Channels,
        crate::store::DeliveryRow,
        crate::store::AttemptRow,
        notify::DeliveryView,
    ))
)]
pub struct ApiDoc;

pub fn router(state: AppState) -> Router {
    let transport = state.transport;
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .route("/checkpoint", get(log::checkpoint))
        .route("/v1/checkpoint/witnessed", get(log::witnessed))
        .route("/tile/{*path}", get(log::tile))
        .route("/v1/deployment", get(incidents::deployment))
        .route("/v1/members", get(incidents::members))
        .route("/v1/statements", post(statements::submit))
        .route("/v1/statements/{id}", get(statements::get_statement))
        .route("/v1/statements/{id}/proof", get(statements::proof))
        .route("/v1/incidents", get(incidents::list))
        .route("/v1/incidents/export", get(export::export))
        .route("/v1/reports/{span}", get(reports::report))
        .route("/v1/incidents/{id}", get(incidents::detail))
        .route("/v1/crossings", get(incidents::crossings))
        .route("/v1/evidence/{sha256}", get(evidence::download).head(evidence::head).put(evidence::upload))
        .route("/v1/evidence/{sha256}/custody", get(evidence::custody))
        .route("/v1/investigations/{id}", get(investigations::detail))
        .route("/v1/commitments", get(investigations::commitments))
        .route("/v1/hotline/feed", get(hotline::feed))
        .route("/v1/hotline/events", get(hotline::events))
        .route("/v1/hotline/open", get(hotline::open))
        .route("/v1/hotline/duty", get(hotline::duty))
        .route("/v1/hotline/check-ins", get(hotline::check_ins))
        .route("/v1/hotline/deliveries", get(notify::deliveries))
        .route("/v1/me/channels", get(notify::channels).put(notify::set_channels))
        .route("/v1/auth/challenge", post(auth::challenge))
        .route("/v1/auth/token", post(auth::token))
        .merge(crate::web::pages::routes())
        .fallback(|| async { Problem::not_found("no such path; see /openapi.json") })
        .layer(axum::middleware::from_fn_with_state(state.clone(), limits::limit_writes))
        .layer(axum::middleware::from_fn(conditional::etags))
        .layer(compression())
        .layer(axum::middleware::from_fn_with_state(transport, headers::security_headers))
        // The path only: a query may carry a sign-in token (the hotline feed's `token`).
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(
            |req: &axum::http::Request<axum::body::Body>| {
                tracing::debug_span!("request", method = %req.method(), path = %req.uri().path())
            },
        ))
        .with_state(state)
}

/// gzip and brotli for what compresses (pages, JSON, entry bundles), not for what does not
/// (images, ranges of evidence files) nor for the live feeds, whose events must leave at once
/// rather than wait in an encoder's buffer.
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::{predicate::DefaultPredicate, CompressionLayer, CompressionLevel, Predicate};
    let not_ranged =
        |_: axum::http::StatusCode, _: axum::http::Version, h: &axum::http::HeaderMap, _: &axum::http::Extensions| {
            !h.contains_key(axum::http::header::ACCEPT_RANGES)
        };
    // Level 5: within a few per cent of the best ratio for a page, at a fraction of its cost.
    CompressionLayer::new().quality(CompressionLevel::Precise(5)).compress_when(DefaultPredicate::new().and(not_ranged))
}
