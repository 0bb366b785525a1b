//! Submitting statements, reading one, and proving its place in the log.

use super::{auth, AppState, Problem};
use crate::sequencer::{Receipt, SubmitError};
use axum::body::Body as HttpBody;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ledger::checkpoint::Checkpoint;
use model::evidence::EvidenceRegister;
use model::statement::{Entry, Submission};
use model::{Body, Kind, Statement, StatementId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Reads a request body up to the limit, with a problem that says what the limit is.
pub async fn read_limited(body: HttpBody, limit: usize) -> Result<axum::body::Bytes, Problem> {
    axum::body::to_bytes(body, limit).await.map_err(|_| {
        Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large", format!("the request is larger than {limit} bytes"))
    })
}

#[utoipa::path(post, path = "/v1/statements",
    request_body(content = Object, description = "{\"header\": {...}, \"signatures\": [{\"key\", \"sig\"}], \"body\": {...}}"),
    responses((status = 201, body = Receipt), (status = 200, body = Receipt, description = "already in the log"),
        (status = 400, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn submit(State(app): State<AppState>, body: HttpBody) -> Result<Response, Problem> {
    let bytes = read_limited(body, app.max_request_bytes).await?;
    if let Some(writer) = app.seq.writer_url() {
        return forward(&app, &writer, bytes).await;
    }
    let submission: Submission = serde_json::from_slice(&bytes)
        .map_err(|e| Problem::bad_request("malformed", format!("the request is not a statement in JSON: {e}")))?;
    let statement = Statement::from_submission(submission)?;
    let parsed = Body::parse(statement.header.kind, &statement.body_bytes)?;
    let (statement, verified) = crate::verifier::verify(statement).await;
    verified?;
    if let Body::EvidenceRegister(e) = &parsed {
        file_is_stored(&app, e).await?;
    }
    let r = app.seq.submit(statement, parsed).await?;
    Ok((if r.duplicate { StatusCode::OK } else { StatusCode::CREATED }, Json(r)).into_response())
}

/// A standby hands a statement to the server that writes the log and passes its answer back
/// as it is, once this server's projection shows the statement (the sender's next page here
/// must); if the writer cannot be reached, the sender is told to try again shortly.
pub(crate) async fn forward(app: &AppState, writer: &str, bytes: axum::body::Bytes) -> Result<Response, Problem> {
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    let http = HTTP.get_or_init(|| {
        reqwest::Client::builder().timeout(std::time::Duration::from_secs(20)).build().expect("an HTTP client")
    });
    let url = format!("{}/v1/statements", writer.trim_end_matches('/'));
    let mut request = http.post(&url).header("content-type", "application/json");
    // The writer limits clients, not its standbys: this one has already counted the sender.
    if let Some(key) = app.peer_key.as_deref() {
        request = request.header(super::limits::FORWARDED, super::limits::forwarding_mac(key, &bytes));
    }
    let sent = request.body(bytes).send().await;
    let unreachable = || SubmitError::Standby { writer_url: Some(writer.to_string()) }.into();
    let Ok(answer) = sent else { return Err(unreachable()) };
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let headers: Vec<(axum::http::HeaderName, axum::http::HeaderValue)> = ["content-type", "retry-after"]
        .iter()
        .filter_map(|h| {
            let v = answer.headers().get(*h)?;
            Some((axum::http::HeaderName::from_static(h), axum::http::HeaderValue::from_bytes(v.as_bytes()).ok()?))
        })
        .collect();
    let body = answer.bytes().await.map_err(|_| unreachable())?;
    if let Ok(receipt) = serde_json::from_slice::<Receipt>(&body) {
        if !app.seq.projected_to(receipt.checkpoint_size, std::time::Duration::from_secs(5)).await {
            tracing::warn!(size = receipt.checkpoint_size, "this standby's view is far behind the writer's");
        }
    }
    let mut response = (status, body).into_response();
    response.headers_mut().extend(headers);
    Ok(response)
}

/// A registration names a file the evidence store holds, with its size: a file whose upload
/// was cut off or never made is not registered, so nothing in the log points at nothing.
async fn file_is_stored(app: &AppState, e: &EvidenceRegister) -> Result<(), Problem> {
    let store = app.evidence.as_ref().ok_or_else(|| Problem::unavailable("this server keeps no evidence"))?;
    let (code, field, detail) = match store.size(&e.sha256).await? {
        Some(size) if size == e.size => return Ok(()),
        Some(size) => ("invalid", "body.size", format!("the stored file has {size} bytes, not {}", e.size)),
        None => (
            "not-uploaded",
            "body.sha256",
            format!("no file with SHA-256 {} is stored: upload the file first (PUT /v1/evidence/<sha256>)", e.sha256),
        ),
    };
    let mut problem = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail);
    problem.field = Some(field.into());
    Err(problem)
}

pub(crate) fn parse_id(s: &str) -> Result<StatementId, Problem> {
    StatementId::parse(s).ok_or_else(|| Problem::bad_request("malformed", "a statement id is 64 hex characters"))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StatementView {
    pub id: String,
    pub index: u64,
    /// The log entry: header, signatures and the time the log accepted it. Always public.
    pub entry: Value,
    /// The body, when the viewer may read it.
    pub body: Option<Value>,
    /// True when a body exists that this viewer may not read; its hash is in the header.
    pub sealed: bool,
    /// sequenced (in the log), checkpointed (under a signed checkpoint), witnessed (under a
    /// checkpoint whose cosignatures meet the witness policy).
    pub status: String,
}

#[utoipa::path(get, path = "/v1/statements/{id}", params(("id" = String, Path)),
    responses((status = 200, body = StatementView), (status = 404, body = Problem)))]
pub async fn get_statement(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<StatementView>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    let id = parse_id(&id)?;
    let published = app.seq.state.read().expect("state lock").published_size();
    let (index, bytes) = match app.store.entry_by_id(&id).await? {
        Some((index, bytes)) if index < published => (index, bytes),
        _ => return Err(Problem::not_found("no statement with this id in the log")),
    };
    Ok(Json(statement_view(&app, &viewer, index, &bytes).await?))
}

/// The statement of log entry `index` (whose bytes are `bytes`), with its body when `viewer`
/// may read it.
pub async fn statement_view(
    app: &AppState,
    viewer: &model::Viewer,
    index: u64,
    bytes: &[u8],
) -> Result<StatementView, Problem> {
    let entry = Entry::parse(bytes).map_err(|e| Problem::internal(anyhow::anyhow!("stored entry {index}: {e}")))?;
    let id = entry.id;
    let readable = readable(app, viewer, &entry).await?;
    let body = if readable {
        app.store.body(&id).await?.map(|b| serde_json::from_slice(&b)).transpose().map_err(anyhow::Error::from)?
    } else {
        None
    };
    let witnessed = app.seq.state.read().expect("state lock").witnessed_size;
    Ok(StatementView {
        id: id.hex(),
        index,
        entry: serde_json::from_slice(bytes).map_err(anyhow::Error::from)?,
        body,
        sealed: !readable,
        status: crate::store::log_status(index as i64, witnessed).to_string(),
    })
}

#[derive(Deserialize)]
pub struct ProofQuery {
    /// Prove against the checkpoint of this size (default: the latest).
    pub size: Option<u64>,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct InclusionProof {
    pub id: String,
    pub index: u64,
    pub tree_size: u64,
    /// base64 of the entry bytes (the Merkle leaf is SHA-256(0x00 || entry)).
    pub entry: String,
    /// base64 hashes, from the leaf up (RFC 6962 / RFC 9162 inclusion proof).
    pub proof: Vec<String>,
    /// The signed checkpoint (C2SP signed note) the proof leads to.
    pub checkpoint: String,
}

/// Whether `viewer` may read the body of `entry`: its visibility, and a hotline's addressing.
pub async fn readable(app: &AppState, viewer: &model::Viewer, entry: &Entry) -> Result<bool, Problem> {
    Ok(viewer.may_read(&entry.header.party, entry.header.visibility)
        && hotline_readable(app, viewer, &entry.id, &entry.header).await?)
}

/// A hotline message, its acknowledgements and its escalations are for the parties addressed,
/// the sender and the mediators only, whatever the visibility says.
async fn hotline_readable(
    app: &AppState,
    viewer: &model::Viewer,
    id: &model::StatementId,
    header: &model::statement::Header,
) -> Result<bool, Problem> {
    let message = match header.kind {
        Kind::HotlineMessage => id,
        Kind::HotlineAck | Kind::Escalation => match header.refs.first() {
            Some(m) => m,
            None => return Ok(true),
        },
        _ => return Ok(true),
    };
    let Some((party, addressed, _)) = app.store.hotline_routing(message).await? else { return Ok(true) };
    Ok(match viewer {
        model::Viewer::Member { party: mine, party_kind } => {
            model::hotline::may_read(mine, *party_kind, &party, &addressed)
        }
        model::Viewer::Anonymous => false,
    })
}

#[utoipa::path(get, path = "/v1/statements/{id}/proof", params(("id" = String, Path), ("size" = Option<u64>, Query)),
    responses((status = 200, body = InclusionProof), (status = 404, body = Problem)))]
pub async fn proof(
    State(app): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<ProofQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<InclusionProof>, Problem> {
    let Query(q) = q?;
    let id = parse_id(&id)?;
    let Some((index, bytes)) = app.store.entry_by_id(&id).await? else {
        return Err(Problem::not_found("no statement with this id in the log"));
    };
    let checkpoint = match q.size {
        None => app.seq.state.read().expect("state lock").checkpoint.clone().map(|c| c.1),
        Some(size) => app.store.checkpoint_of_size(size).await?,
    }
    .ok_or_else(|| Problem::not_found("no signed checkpoint of that size"))?;
    let size = checkpoint_size(&app, &checkpoint)?;
    if index >= size {
        return Err(Problem::not_found("the statement is not yet covered by that checkpoint"));
    }
    Ok(Json(InclusionProof {
        id: id.hex(),
        index,
        tree_size: size,
        entry: B64.encode(&bytes),
        proof: inclusion_path(&app, index, size).await?,
        checkpoint,
    }))
}

/// The size of a checkpoint this log signed.
pub(crate) fn checkpoint_size(app: &AppState, checkpoint: &str) -> Result<u64, Problem> {
    let verifier = app.seq.state.read().expect("state lock").log_verifier.clone();
    Ok(Checkpoint::open(checkpoint, &verifier)
        .map_err(|e| Problem::internal(anyhow::anyhow!("stored checkpoint: {e}")))?
        .0
        .size)
}

/// The inclusion proof of entry `index` in the tree of `size` entries, as base64 hashes.
pub(crate) async fn inclusion_path(app: &AppState, index: u64, size: u64) -> Result<Vec<String>, Problem> {
    let proof = crate::sequencer::ask_tree(&app.seq.state, &app.store, |tree, tiles| {
        tree.inclusion_proof_in(index, size, tiles)
    })
    .await
    .map_err(|e| Problem::internal(e.context("proof")))?;
    Ok(proof.iter().map(|h| B64.encode(h)).collect())
}
