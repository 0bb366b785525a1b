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
    let req = match forwarded(&app, req).await {
        Ok(Some(req)) => return next.run(req).await,
        Ok(None) => {
            return Problem::forbidden("forwarded by a server that does not hold this log's key").into_response()
        }
        Err(req) => req,
    };
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

/// Compares two secrets in time that does not depend on where they differ.
pub(crate) fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The header a standby signs the statements it forwards with.
pub const FORWARDED: &str = "x-jirga-forwarded";

/// HMAC-SHA256 of the forwarded body under the servers' shared key, in hex.
pub fn forwarding_mac(key: &[u8; 32], body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// A statement forwarded by another server of this log: Ok(Some) with the request rebuilt when
/// its signature holds, Ok(None) when it does not; Err(request) when it was not forwarded.
async fn forwarded(app: &AppState, req: Request) -> Result<Option<Request>, Request> {
    let (Some(key), Some(given)) = (app.peer_key.as_deref(), req.headers().get(FORWARDED).cloned()) else {
        return Err(req);
    };
    if req.method() != Method::POST || req.uri().path() != "/v1/statements" {
        return Err(req);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, app.max_request_bytes).await else { return Ok(None) };
    let expected = forwarding_mac(key, &bytes);
    Ok(same_secret(given.as_bytes(), expected.as_bytes())
        .then(|| Request::from_parts(parts, axum::body::Body::from(bytes))))
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
