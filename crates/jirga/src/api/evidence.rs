//! Evidence files: upload (streamed, hashed on the way), download with byte ranges (each one a
//! custody event in the log before a byte leaves), and the chain of custody.

use super::{auth, AppState, Problem};
use crate::evidence::{EvidenceStore, Stored, UploadError};
use crate::own_statements::record;
use crate::sequencer::SubmitError;
use crate::store::{CustodyRow, EvidenceRow};
use axum::body::Body as HttpBody;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::TryStreamExt;
use model::evidence::{valid_sha256, Custody, CustodyAction};
use model::{Kind, PublicKey, Role, StatementId, Viewer};
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Uploaded {
    pub sha256: String,
    pub size: u64,
    /// "new", or "already stored" when the same bytes were uploaded before (nothing written).
    pub stored: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CustodyView {
    pub sha256: String,
    /// The file's registrations this viewer may know of (a sealed one shows hash and size only).
    pub registrations: Vec<EvidenceRow>,
    /// Every access and hand-over, oldest first.
    pub custody: Vec<CustodyRow>,
}

fn store(app: &AppState) -> Result<&EvidenceStore, Problem> {
    app.evidence.as_ref().ok_or_else(|| Problem::unavailable("this server keeps no evidence"))
}

fn check_sha(sha256: &str) -> Result<(), Problem> {
    if valid_sha256(sha256) {
        Ok(())
    } else {
        Err(Problem::bad_request("malformed", "a file is named by its SHA-256: 64 lower-case hex digits"))
    }
}

/// Uploading needs a role that registers evidence.
fn may_upload(app: &AppState, key: &PublicKey) -> Result<(), Problem> {
    let state = app.seq.state.read().expect("state lock");
    let member = state.deployment.as_ref().and_then(|d| d.member(key));
    if member.is_some_and(|m| m.has(Role::Reporter) || m.has(Role::Investigator)) {
        Ok(())
    } else {
        Err(Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "uploading evidence needs the reporter or investigator role",
        ))
    }
}

impl From<UploadError> for Problem {
    fn from(e: UploadError) -> Problem {
        let status = match &e {
            UploadError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            UploadError::HashMismatch { .. } | UploadError::SizeMismatch { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            UploadError::Interrupted(_) => StatusCode::BAD_REQUEST,
            UploadError::Store(e) => {
                tracing::error!(error = %format!("{e:#}"), "the evidence store failed");
                return Problem::unavailable("the evidence store cannot be written now; send the file again later");
            }
        };
        let code = match &e {
            UploadError::TooLarge { .. } => "too-large",
            UploadError::HashMismatch { .. } => "hash-mismatch",
            UploadError::SizeMismatch { .. } => "size-mismatch",
            _ => "interrupted",
        };
        Problem::new(status, code, e.to_string())
    }
}

#[utoipa::path(put, path = "/v1/evidence/{sha256}", params(("sha256" = String, Path)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Uploaded), (status = 200, body = Uploaded, description = "already stored"),
        (status = 413, body = Problem), (status = 422, body = Problem, description = "hash or size differ")))]
pub async fn upload(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
    body: HttpBody,
) -> Result<(StatusCode, Json<Uploaded>), Problem> {
    check_sha(&sha256)?;
    let (key, _) = auth::signed_in(&app, &headers)?;
    may_upload(&app, &key)?;
    let store = store(&app)?;
    let announced = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    let stream = body.into_data_stream().map_err(|e| e.to_string());
    let stored = store.put(&sha256, announced, stream).await?;
    let size = store.size(&sha256).await?.ok_or_else(|| Problem::unavailable("the stored file cannot be found"))?;
    let (status, stored) = match stored {
        Stored::New => (StatusCode::CREATED, "new"),
        Stored::AlreadyStored => (StatusCode::OK, "already stored"),
    };
    Ok((status, Json(Uploaded { sha256, size, stored: stored.into() })))
}

/// Whether a file is stored, and its size (clients skip an upload the server already has).
pub async fn head(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
) -> Result<Response, Problem> {
    check_sha(&sha256)?;
    auth::signed_in(&app, &headers)?;
    match store(&app)?.size(&sha256).await? {
        Some(size) => Ok(([(header::CONTENT_LENGTH, size.to_string())], StatusCode::OK).into_response()),
        None => Ok(StatusCode::NOT_FOUND.into_response()),
    }
}

/// `bytes=first-last`, `bytes=first-` or `bytes=-suffix` against a file of `size` bytes; None for
/// the whole file (no header, or several ranges, which are answered with the whole).
fn parse_range(value: Option<&HeaderValue>, size: u64) -> Result<Option<(u64, u64)>, Problem> {
    let Some(spec) = value.and_then(|v| v.to_str().ok()).and_then(|v| v.trim().strip_prefix("bytes=")) else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let unsatisfiable = || {
        let mut p = Problem::new(StatusCode::RANGE_NOT_SATISFIABLE, "bad-range", format!("the file has {size} bytes"));
        p.content_range = Some(format!("bytes */{size}"));
        p
    };
    let (a, b) = spec.split_once('-').ok_or_else(unsatisfiable)?;
    let range = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: u64 = n.parse().map_err(|_| unsatisfiable())?;
            (size.saturating_sub(n), size.checked_sub(1).ok_or_else(unsatisfiable)?)
        }
        (a, "") => (a.parse().map_err(|_| unsatisfiable())?, size.saturating_sub(1)),
        (a, b) => {
            let (a, b): (u64, u64) = (a.parse().map_err(|_| unsatisfiable())?, b.parse().map_err(|_| unsatisfiable())?);
            (a, b.min(size.saturating_sub(1)))
        }
    };
    if range.0 > range.1 || range.0 >= size {
        return Err(unsatisfiable());
    }
    Ok(Some(range))
}

#[utoipa::path(get, path = "/v1/evidence/{sha256}", params(("sha256" = String, Path)),
    responses((status = 200, description = "the file"), (status = 206, description = "the requested bytes"),
        (status = 403, body = Problem, description = "sealed for this member"), (status = 404, body = Problem)))]
pub async fn download(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
) -> Result<Response, Problem> {
    check_sha(&sha256)?;
    let (key, viewer) = auth::signed_in(&app, &headers)?;
    let Viewer::Member { party, .. } = &viewer else { unreachable!("signed in") };
    let registrations = app.store.registrations(&sha256, &viewer).await?;
    let Some(registration) = registrations.iter().find(|r| r.readable) else {
        return Err(if registrations.is_empty() {
            Problem::not_found("no registered evidence has this SHA-256")
        } else {
            Problem::new(
                StatusCode::FORBIDDEN,
                "sealed",
                "this file is sealed for your party: its hash proves it exists; the mediators can open it",
            )
        });
    };
    let store = store(&app)?;
    let size = store.size(&sha256).await?.ok_or_else(|| {
        Problem::not_found("the file is registered but not in the evidence store: ask its owner to upload it")
    })?;
    let range = parse_range(headers.get(header::RANGE), size)?;
    // The custody event is in the log before the first byte is sent: no read goes unrecorded.
    let server_key = app.server_key.clone().ok_or_else(|| {
        Problem::unavailable(
            "this server cannot record custody (no server key in the genesis), so it serves no evidence",
        )
    })?;
    let custody = Custody {
        action: CustodyAction::Download,
        member: key,
        party: party.clone(),
        to: None,
        range: range.map(|(a, b)| format!("{a}-{b}")),
        note: None,
    };
    let registration_id = StatementId::parse(&registration.statement).expect("ids in the store are valid");
    let body = serde_json::to_value(&custody).map_err(anyhow::Error::from)?;
    let now = app.clock.now_ms();
    if let Some(writer) = app.seq.writer_url() {
        // A standby has the custody written by the writer, like any other statement.
        let (st, _) =
            crate::own_statements::sign(&app.seq, &server_key, Kind::Custody, vec![registration_id], body, now)?;
        let bytes = serde_json::to_vec(&st.submission()).map_err(anyhow::Error::from)?;
        let answer = super::statements::forward(&app, &writer, bytes.into()).await?;
        if !answer.status().is_success() {
            return Err(Problem::unavailable("the custody of this download could not be recorded; try again shortly"));
        }
    } else {
        match record(&app.seq, &server_key, Kind::Custody, vec![registration_id], body, now).await {
            Ok(_) => {}
            Err(SubmitError::Rejected(r)) => return Err(Problem::internal(anyhow::anyhow!("custody refused: {r}"))),
            Err(e) => return Err(e.into()),
        }
    }
    let stream = store.get(&sha256, range).await?;
    let mut response = Response::new(HttpBody::from_stream(stream));
    let h = response.headers_mut();
    let media =
        HeaderValue::from_str(&registration.media_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_TYPE, media);
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::ETAG, HeaderValue::from_str(&format!("\"{sha256}\"")).expect("hex"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    match range {
        Some((a, b)) => {
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
            let h = response.headers_mut();
            h.insert(header::CONTENT_RANGE, HeaderValue::from_str(&format!("bytes {a}-{b}/{size}")).expect("ascii"));
            h.insert(header::CONTENT_LENGTH, HeaderValue::from(b - a + 1));
        }
        None => {
            response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(size));
        }
    }
    Ok(response)
}

#[utoipa::path(get, path = "/v1/evidence/{sha256}/custody", params(("sha256" = String, Path)),
    responses((status = 200, body = CustodyView)))]
pub async fn custody(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(sha256): Path<String>,
) -> Result<Json<CustodyView>, Problem> {
    check_sha(&sha256)?;
    let (_, viewer) = auth::signed_in(&app, &headers)?;
    let registrations = app.store.registrations(&sha256, &viewer).await?;
    if registrations.is_empty() {
        return Err(Problem::not_found("no registered evidence has this SHA-256"));
    }
    // Custody events are joint: the parties and the mediators see who touched what.
    let custody =
        if viewer.may_read("", model::Visibility::Joint) { app.store.custody(&sha256).await? } else { vec![] };
    Ok(Json(CustodyView { sha256, registrations, custody }))
}
