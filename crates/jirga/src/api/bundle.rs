//! `GET /v1/statements/{id}/bundle`: a statement's proof bundle (crate::bundle) as one file to
//! download, for `jirga log bundle` and the incident page's link. The body is included when the
//! viewer (bearer token or the pages' sign-in cookie) may read it.

use super::statements::{checkpoint_size, inclusion_path, parse_id, readable};
use super::{auth, AppState, Problem};
use crate::bundle::{Bundle, Leaf, FORMAT};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use model::statement::Entry;

#[utoipa::path(get, path = "/v1/statements/{id}/bundle", params(("id" = String, Path)),
    responses((status = 200, description = "the proof bundle (docs/BUNDLE.md)", content_type = "application/json"),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn bundle(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    let id = parse_id(&id)?;
    let Some((index, bytes)) = app.store.entry_by_id(&id).await? else {
        return Err(Problem::not_found("no statement with this id in the log"));
    };
    // The checkpoint the witnesses' quorum cosigned: a bundle must stand without the server.
    let quorum = app.genesis()?.witness_policy.quorum;
    let (size, checkpoint) = if quorum > 0 {
        super::log::witnessed_note(&app).await?.unwrap_or_default()
    } else {
        let note = super::log::latest_note(&app).await?;
        (checkpoint_size(&app, &note)?, note)
    };
    if index >= size {
        let mut p = Problem::new(
            StatusCode::CONFLICT,
            "not-yet-witnessed",
            "the statement is not yet under a checkpoint the witnesses cosigned: ask again in a few seconds",
        );
        p.retry_after = Some(5);
        return Err(p);
    }
    let entry = Entry::parse(&bytes).map_err(|e| Problem::internal(anyhow::anyhow!("stored entry {index}: {e}")))?;
    let body = if readable(&app, &viewer, &entry).await? { app.store.body(&id).await? } else { None };
    let genesis = app.store.entries(0, 1).await?.pop().ok_or_else(|| Problem::unavailable("the log is empty"))?;
    let genesis_id = Entry::parse(&genesis).map_err(|e| Problem::internal(anyhow::anyhow!("genesis: {e}")))?.id;
    let genesis_body =
        app.store.body(&genesis_id).await?.ok_or_else(|| Problem::internal(anyhow::anyhow!("no genesis body")))?;
    let log_key = app.seq.state.read().expect("state lock").log_verifier.to_vkey();
    let bundle = Bundle {
        format: FORMAT.to_string(),
        statement: id.hex(),
        index,
        entry: B64.encode(&bytes),
        body: body.map(|b| B64.encode(b)),
        proof: inclusion_path(&app, index, size).await?,
        checkpoint,
        log_key,
        genesis: Leaf {
            entry: B64.encode(&genesis),
            body: B64.encode(&genesis_body),
            proof: inclusion_path(&app, 0, size).await?,
        },
    };
    let json = serde_json::to_vec_pretty(&bundle).map_err(anyhow::Error::from)?;
    let disposition = format!("attachment; filename=\"jirga-{}.bundle.json\"", id.short());
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            // It may carry a body only this viewer may read.
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        json,
    )
        .into_response())
}
