//! Conditional GETs: a page or an API list that has not changed since the reader's last visit
//! answers 304 with no body, so a revisit over a weak link costs a few hundred bytes. The tag
//! is a hash of the body as the handler rendered it (before compression, so weak: the bytes on
//! the wire differ by encoding, RFC 9110 §8.8.1). Streams (the live feeds, exports, evidence)
//! are left alone: they have no body to hash in advance, or carry their own tag.

use axum::body::{Body, HttpBody as _};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

/// Bodies larger than this are sent as they are (a report as JSON over a long period).
const MAX_TAGGED_BYTES: u64 = 8 * 1024 * 1024;

pub async fn etags(req: Request, next: Next) -> Response {
    let get = matches!(*req.method(), Method::GET | Method::HEAD);
    let asked = req.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(req).await;
    if !get || response.status() != StatusCode::OK || response.headers().contains_key(header::ETAG) {
        return response;
    }
    match response.body().size_hint().exact() {
        Some(n) if n <= MAX_TAGGED_BYTES => {}
        _ => return response,
    }
    if no_store(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_TAGGED_BYTES as usize).await {
        Ok(b) => b,
        Err(e) => return super::Problem::internal(anyhow::anyhow!("reading a response body: {e}")).into_response(),
    };
    let tag = etag(&bytes);
    if !parts.headers.contains_key(header::CACHE_CONTROL) {
        // Kept, but asked about again before each use.
        parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    if asked.as_ref().and_then(|v| v.to_str().ok()).is_some_and(|v| matches(v, &tag)) {
        let mut not_modified = Response::new(Body::empty());
        *not_modified.status_mut() = StatusCode::NOT_MODIFIED;
        // RFC 9110 §15.4.5: the headers a 200 would have sent that describe the cache entry.
        for name in [header::CACHE_CONTROL, header::VARY, header::CONTENT_LOCATION, header::EXPIRES] {
            if let Some(v) = parts.headers.get(&name) {
                not_modified.headers_mut().insert(name, v.clone());
            }
        }
        not_modified.headers_mut().insert(header::ETAG, tag);
        return not_modified;
    }
    parts.headers.insert(header::ETAG, tag);
    Response::from_parts(parts, Body::from(bytes))
}

fn no_store(headers: &HeaderMap) -> bool {
    headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-store"))
}

/// A weak tag of the body: 128 bits of its SHA-256.
pub fn etag(body: &[u8]) -> HeaderValue {
    let digest = Sha256::digest(body);
    let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16]);
    HeaderValue::from_str(&format!("W/\"{tag}\"")).expect("base64url is a valid header value")
}

/// If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag whose
/// opaque part equals ours.
fn matches(if_none_match: &str, ours: &HeaderValue) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let ours = opaque(ours.to_str().unwrap_or_default());
    if_none_match.split(',').any(|t| t.trim() == "*" || opaque(t) == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_comparison() {
        let tag = etag(b"page");
        let s = tag.to_str().unwrap().to_string();
        assert!(s.starts_with("W/\""));
        assert!(matches(&s, &tag));
        assert!(matches(&s.replace("W/", ""), &tag), "a strong tag of the same value matches weakly");
        assert!(matches(&format!("\"other\", {s}"), &tag));
        assert!(matches("*", &tag));
        assert!(!matches("W/\"other\"", &tag));
        assert_ne!(etag(b"page"), etag(b"page 2"));
    }
}
