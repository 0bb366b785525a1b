//! Every error leaves the server as `application/problem+json` (RFC 9457), made here and only
//! here, with an id that is also in the server's log.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use model::Rejection;
use serde::Serialize;

#[derive(Debug, utoipa::ToSchema)]
pub struct Problem {
    pub status: u16,
    /// Stable, for programs: "malformed", "bad-signature", "forbidden", "invalid", …
    pub code: &'static str,
    pub detail: String,
    /// The field at fault, when there is one ("body.location.lat").
    pub field: Option<String>,
    /// Quote this to the operator: the same id is in the server's log.
    pub request_id: String,
    /// Sent as the Content-Range header of a 416 (the file's size).
    #[schema(ignore)]
    pub content_range: Option<String>,
    /// Sent as Retry-After (seconds) when trying again soon is the remedy.
    #[schema(ignore)]
    pub retry_after: Option<u16>,
}

/// The RFC 9457 form on the wire.
#[derive(Serialize)]
struct Wire<'a> {
    #[serde(rename = "type")]
    type_: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    request_id: &'a str,
}

impl Problem {
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Problem {
        Problem {
            status: status.as_u16(),
            detail: detail.into(),
            code,
            field: None,
            content_range: None,
            retry_after: None,
            request_id: uuid::Uuid::new_v4().simple().to_string()[..12].to_string(),
        }
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, code, detail)
    }
    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not-found", detail)
    }
    pub fn unauthorized(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }
    pub fn forbidden(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::FORBIDDEN, "forbidden", detail)
    }
    pub fn unavailable(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", detail)
    }
    /// An unexpected failure: the cause goes to the log, the caller gets the id.
    pub fn internal(err: anyhow::Error) -> Problem {
        let p = Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "something went wrong on the server");
        tracing::error!(request_id = %p.request_id, error = %format!("{err:#}"), "internal error");
        p
    }
}

/// A statement the log did not take: refused (4xx), or not taken now (503, try again shortly;
/// a standby says so and where the writer is).
impl From<crate::sequencer::SubmitError> for Problem {
    fn from(e: crate::sequencer::SubmitError) -> Problem {
        use crate::sequencer::SubmitError;
        match e {
            SubmitError::Rejected(r) => r.into(),
            SubmitError::Unavailable(_) | SubmitError::Standby { .. } => {
                let code = if matches!(e, SubmitError::Standby { .. }) { "standby" } else { "unavailable" };
                let mut p = Problem::new(StatusCode::SERVICE_UNAVAILABLE, code, e.to_string());
                p.retry_after = Some(1);
                p
            }
        }
    }
}

impl From<Rejection> for Problem {
    fn from(r: Rejection) -> Problem {
        let status = match r.code {
            "malformed" => StatusCode::BAD_REQUEST,
            "forbidden" | "not-enrolled" | "revoked" => StatusCode::FORBIDDEN,
            "too-large" => StatusCode::PAYLOAD_TOO_LARGE,
            "conflict" => StatusCode::CONFLICT,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        let mut p = Problem::new(status, r.code, r.message);
        p.field = r.field;
        p
    }
}

impl From<anyhow::Error> for Problem {
    fn from(e: anyhow::Error) -> Problem {
        Problem::internal(e)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        if self.status < 500 {
            tracing::info!(request_id = %self.request_id, code = %self.code, detail = %self.detail, "refused");
        }
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let wire = Wire {
            type_: format!("https://jirga.example/problems/{}", self.code),
            title: status.canonical_reason().unwrap_or("Error"),
            status: self.status,
            detail: &self.detail,
            code: self.code,
            field: self.field.as_deref(),
            request_id: &self.request_id,
        };
        let body = serde_json::to_vec(&wire).unwrap_or_default();
        let mut response = (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response();
        if let Some(range) = self.content_range.and_then(|r| header::HeaderValue::from_str(&r).ok()) {
            response.headers_mut().insert(header::CONTENT_RANGE, range);
        }
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        response
    }
}

/// Axum's own refusals (a query string or JSON body of the wrong shape) as problems too.
macro_rules! from_rejection {
    ($($t:ty),*) => {$(
        impl From<$t> for Problem {
            fn from(r: $t) -> Problem {
                Problem::new(StatusCode::BAD_REQUEST, "malformed", r.body_text())
            }
        }
    )*};
}
from_rejection!(
    axum::extract::rejection::QueryRejection,
    axum::extract::rejection::JsonRejection,
    axum::extract::rejection::PathRejection
);
