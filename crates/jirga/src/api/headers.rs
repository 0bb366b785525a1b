//! Security headers on every response, pages and API alike: the pages run only the site's own
//! script and style (no inline script, no third party), are never framed, and leak no address to
//! other sites. A handler that sets a header itself (an evidence download) keeps its own.

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// `'self'` only: the pages' script and stylesheet are files of this server; the JSON the
/// script reads is a data block (`type="application/json"`), which CSP does not execute.
/// Images and video may be `blob:` (evidence shown before upload) and `data:` (the empty icon).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self'; connect-src 'self'; \
     manifest-src 'self'; worker-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A year, as HSTS preload lists ask; sent only over TLS (RFC 6797 §7.2).
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// The headers and their values, the same on every response.
pub const HEADERS: [(&str, &str); 6] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    // The hotline feed may carry a sign-in token in its query: never send a URL elsewhere.
    ("referrer-policy", "no-referrer"),
    // For browsers older than frame-ancestors.
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(self), payment=(), usb=()"),
];

/// Whether the server speaks TLS itself (then HSTS is sent).
#[derive(Clone, Copy, Debug, Default)]
pub struct Transport {
    pub tls: bool,
}

pub async fn security_headers(State(transport): State<Transport>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    for (name, value) in HEADERS {
        h.entry(HeaderName::from_static(name)).or_insert(HeaderValue::from_static(value));
    }
    if transport.tls {
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static(STRICT_TRANSPORT_SECURITY));
    }
    response
}
