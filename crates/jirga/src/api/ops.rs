//! For the operators: `/readyz` (is this server the one to send writes to, and is its projection
//! caught up?) and `/metrics` in the Prometheus text format. The figures are counts and sizes,
//! never a statement's content; still, `/metrics` is for the operators only: a bearer token
//! (`JIRGA_METRICS_TOKEN`), or, without one, a request from this machine.

use super::{AppState, Problem};
use crate::sequencer::Role;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::fmt::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Readiness {
    pub ready: bool,
    /// writer, standby, starting or stopped
    pub role: String,
    /// The lease's term while this server writes.
    pub term: Option<i64>,
    /// Where the writer takes statements, while this server stands by.
    pub writer_url: Option<String>,
    pub log_size: u64,
    pub projected: u64,
    /// Set when this log was restored to an older state than its witnesses had cosigned.
    pub rolled_back: Option<String>,
}

fn role_name(role: &Role) -> &'static str {
    match role {
        Role::Starting => "starting",
        Role::Writer { .. } => "writer",
        Role::Standby { .. } => "standby",
        Role::Stopped => "stopped",
    }
}

/// Ready when this server writes the log and its projection has caught up: a load balancer
/// sends writes here. A standby answers 503 (it still serves reads and forwards writes).
#[utoipa::path(get, path = "/readyz", responses((status = 200, body = Readiness), (status = 503, body = Readiness)))]
pub async fn readyz(State(app): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let role = app.seq.role.borrow().clone();
    let log_size = app.seq.state.read().expect("state lock").published_size();
    let projected = (*app.seq.projected.borrow()).min(log_size);
    let ready = matches!(role, Role::Writer { .. }) && projected >= log_size;
    let term = match role {
        Role::Writer { term } => Some(term),
        _ => None,
    };
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let readiness = Readiness {
        ready,
        role: role_name(&role).into(),
        term,
        writer_url: app.seq.writer_url(),
        log_size,
        projected,
        rolled_back: app.store.meta(crate::backup::ROLLED_BACK).await.ok().flatten(),
    };
    (status, Json(readiness))
}

/// Upper bounds of the request-latency buckets, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Request latencies of one kind (reads, or writes), as a Prometheus histogram.
struct Histogram {
    counts: [AtomicU64; BUCKETS.len() + 1],
    micros: AtomicU64,
}

impl Histogram {
    const fn new() -> Histogram {
        Histogram { counts: [const { AtomicU64::new(0) }; BUCKETS.len() + 1], micros: AtomicU64::new(0) }
    }

    fn observe(&self, seconds: f64) {
        let i = BUCKETS.iter().position(|b| seconds <= *b).unwrap_or(BUCKETS.len());
        self.counts[i].fetch_add(1, Ordering::Relaxed);
        self.micros.fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, kind: &str) {
        let mut total = 0;
        for (i, c) in self.counts.iter().enumerate() {
            total += c.load(Ordering::Relaxed);
            let le = BUCKETS.get(i).map_or("+Inf".to_string(), |b| b.to_string());
            let _ = writeln!(out, "jirga_http_request_duration_seconds_bucket{{kind=\"{kind}\",le=\"{le}\"}} {total}");
        }
        let sum = self.micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "jirga_http_request_duration_seconds_sum{{kind=\"{kind}\"}} {sum}");
        let _ = writeln!(out, "jirga_http_request_duration_seconds_count{{kind=\"{kind}\"}} {total}");
    }
}

static READS: Histogram = Histogram::new();
static WRITES: Histogram = Histogram::new();

/// Times every request but the live feeds (they last as long as the console is open).
pub async fn time_requests(req: Request, next: Next) -> Response {
    let live = matches!(req.uri().path(), "/v1/hotline/feed" | "/web/live");
    let write = !matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    let start = Instant::now();
    let response = next.run(req).await;
    if !live {
        (if write { &WRITES } else { &READS }).observe(start.elapsed().as_secs_f64());
    }
    response
}

fn allowed(headers: &HeaderMap, peer: SocketAddr) -> bool {
    match std::env::var("JIRGA_METRICS_TOKEN").ok().filter(|t| !t.is_empty()) {
        Some(token) => {
            let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
            super::limits::same_secret(given.as_bytes(), format!("Bearer {token}").as_bytes())
        }
        None => peer.ip().is_loopback(),
    }
}

pub async fn metrics(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    if !allowed(&headers, peer) {
        return Err(Problem::forbidden(
            "the metrics are for the operators: send the bearer token JIRGA_METRICS_TOKEN, or ask from this machine",
        ));
    }
    let figures = app.store.ops_figures().await?;
    let (size, witnessed) = {
        let s = app.seq.state.read().expect("state lock");
        (s.published_size(), s.witnessed_size)
    };
    let projected = (*app.seq.projected.borrow()).min(size);
    let role = app.seq.role.borrow().clone();
    let now = crate::sequencer::wall_ms();
    let mut out = String::new();
    let mut gauge = |name: &str, help: &str, value: String| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
    };
    gauge("jirga_log_size", "Entries covered by the latest signed checkpoint.", size.to_string());
    let age = figures.checkpoint_at.map_or(0.0, |at| (now - at).max(0) as f64 / 1000.0);
    gauge("jirga_checkpoint_age_seconds", "Seconds since the latest checkpoint was signed.", age.to_string());
    gauge(
        "jirga_witnessed_size",
        "The largest checkpoint the witness policy's quorum cosigned.",
        witnessed.to_string(),
    );
    gauge(
        "jirga_projection_lag_entries",
        "Entries in the log not yet in the projection.",
        (size - projected).to_string(),
    );
    gauge("jirga_hotline_open_messages", "Hotline messages not acknowledged.", figures.open_messages.to_string());
    gauge("jirga_escalations", "Escalations the server has logged.", figures.escalations.to_string());
    let feeds = app.hotline.as_ref().map_or(0, |h| h.feeds_open());
    gauge("jirga_sse_clients", "Consoles connected to the hotline's live feed.", feeds.to_string());
    let rolled_back = u8::from(app.store.meta(crate::backup::ROLLED_BACK).await?.is_some());
    gauge("jirga_rolled_back", "1 when a restore rolled this log back behind its witnesses.", rolled_back.to_string());
    let writer = u8::from(matches!(role, Role::Writer { .. }));
    gauge("jirga_writer", "1 while this server writes the log, 0 while it stands by.", writer.to_string());
    if let Role::Writer { term } = role {
        gauge("jirga_lease_term", "The term of the sequencer's lease this server holds.", term.to_string());
    }
    let _ = writeln!(out, "# HELP jirga_witness_lag_entries Entries the witness has not cosigned yet.");
    let _ = writeln!(out, "# TYPE jirga_witness_lag_entries gauge");
    for (witness, cosigned) in &figures.witnessed {
        let lag = size.saturating_sub(*cosigned);
        let _ =
            writeln!(out, "jirga_witness_lag_entries{{witness=\"{}\"}} {lag}", witness.replace(['"', '\\', '\n'], "_"));
    }
    let _ = writeln!(out, "# HELP jirga_http_request_duration_seconds Time to answer a request.");
    let _ = writeln!(out, "# TYPE jirga_http_request_duration_seconds histogram");
    READS.render(&mut out, "read");
    WRITES.render(&mut out, "write");
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], out).into_response())
}
