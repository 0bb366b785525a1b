//! The whole site: the API's routes and the pages', and the layers every response gets (write
//! limits, ETags, compression, security headers, tracing).

use crate::api::{self, conditional, headers, limits};
use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use std::time::Duration;

/// How long a read waits for the projection before it is served as it is (a projection that
/// far behind is a fault, and is logged).
const PROJECTION_PATIENCE: Duration = Duration::from_secs(5);

pub fn router(state: AppState) -> Router {
    let transport = state.transport;
    api::routes()
        .merge(crate::web::pages::routes())
        .fallback(|| async { Problem::not_found("no such path; see /openapi.json") })
        .layer(axum::middleware::from_fn_with_state(state.clone(), projection_caught_up))
        .layer(axum::middleware::from_fn_with_state(state.clone(), limits::limit_writes))
        .layer(axum::middleware::from_fn(conditional::etags))
        .layer(compression())
        .layer(axum::middleware::from_fn_with_state(transport, headers::security_headers))
        .layer(axum::middleware::from_fn(api::ops::time_requests))
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

/// A read of the projection waits until it has caught up with the latest checkpoint as of the
/// request: whoever was answered for a statement sees it on their next page. What the log
/// itself serves (checkpoints, tiles, statements and their proofs), the statement post, and
/// files need no wait.
async fn projection_caught_up(State(app): State<AppState>, req: Request, next: Next) -> Response {
    if reads_projection(req.method(), req.uri().path()) && !app.seq.caught_up(PROJECTION_PATIENCE).await {
        tracing::warn!(path = %req.uri().path(), "the projection is far behind the log; serving it as it is");
    }
    next.run(req).await
}

fn reads_projection(method: &axum::http::Method, path: &str) -> bool {
    const LOG_OR_FILES: &[&str] = &[
        "/checkpoint",
        "/tile/",
        "/v1/checkpoint/",
        "/v1/statements",
        "/v1/auth/",
        "/static/",
        "/sw.js",
        "/manifest.webmanifest",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
        "/web/live",
    ];
    !(LOG_OR_FILES.iter().any(|p| path.starts_with(p)) || (method == axum::http::Method::OPTIONS))
}
