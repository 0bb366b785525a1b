//! Rate limits: each client address gets a token bucket for writes and sign-ins, so one noisy or
//! hostile client cannot crowd out the others' flash reports.

use super::{AppState, Problem};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;

#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: f64,
}

impl Default for RateLimit {
    fn default() -> RateLimit {
        RateLimit { per_second: 50.0, burst: 500.0 }
    }
}

/// Buckets by client address; bounded so a spread of addresses cannot exhaust memory.
#[derive(Default)]
pub struct Buckets(Mutex<HashMap<IpAddr, (f64, i64)>>);

const MAX_CLIENTS: usize = 100_000;

impl Buckets {
    /// Takes one token for `ip` at `now_ms`; false when the client must wait.
    pub fn take(&self, ip: IpAddr, limit: RateLimit, now_ms: i64) -> bool {
        let mut map = self.0.lock().expect("buckets lock");
        if map.len() >= MAX_CLIENTS && !map.contains_key(&ip) {
            // Forget the clients whose buckets have refilled: they lose nothing.
            map.retain(|_, (tokens, at)| *tokens + (now_ms - *at) as f64 / 1000.0 * limit.per_second < limit.burst);
        }
        let (tokens, at) = map.entry(ip).or_insert((limit.burst, now_ms));
        *tokens = (*tokens + (now_ms - *at).max(0) as f64 / 1000.0 * limit.per_second).min(limit.burst);
        *at = now_ms;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

pub async fn limit_writes(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() == Method::POST || req.method() == Method::PUT {
        if let Some(limit) = app.rate_limit {
            if !app.buckets.take(peer.ip(), limit, chrono::Utc::now().timestamp_millis()) {
                let mut p = Problem::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate-limited",
                    "too many requests from this address; wait a second and send again",
                );
                p.field = None;
                let mut resp = p.into_response();
                resp.headers_mut().insert("retry-after", axum::http::HeaderValue::from_static("1"));
                return resp;
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_empties_and_refills() {
        let b = Buckets::default();
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let limit = RateLimit { per_second: 10.0, burst: 3.0 };
        assert!(b.take(ip, limit, 0) && b.take(ip, limit, 0) && b.take(ip, limit, 0));
        assert!(!b.take(ip, limit, 0));
        assert!(b.take(ip, limit, 100), "a tenth of a second brings one token back");
        assert!(b.take("10.0.0.2".parse().unwrap(), limit, 0), "another client has its own bucket");
    }
}
