//! The log as C2SP tlog-tiles serves it: /checkpoint and /tile/…, readable by anyone, so
//! auditors, witnesses and mirrors need nothing but HTTP and the log's public key. The bytes
//! come from functions of their own, which `jirga log export` (crate::static_log) writes to
//! files, so a static copy of the log holds exactly what the server serves.

use super::{AppState, Problem};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ledger::tiles::{self, TilePath};

#[utoipa::path(get, path = "/checkpoint",
    responses((status = 200, description = "the latest signed checkpoint (C2SP tlog-checkpoint, signed note)", content_type = "text/plain")))]
pub async fn checkpoint(State(app): State<AppState>) -> Result<Response, Problem> {
    Ok(text_note(latest_note(&app).await?))
}

/// The latest signed checkpoint, with whatever cosignatures the witnesses have returned for it
/// so far.
pub async fn latest_note(app: &AppState) -> Result<String, Problem> {
    let latest = app.seq.state.read().expect("state lock").checkpoint.clone();
    let (size, note) = latest.ok_or_else(|| Problem::unavailable("the log is empty"))?;
    Ok(crate::witnessing::with_cosignatures(&app.store, size, &note).await?)
}

fn text_note(note: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], note).into_response()
}

#[utoipa::path(get, path = "/v1/checkpoint/witnessed",
    responses((status = 200, description = "the latest checkpoint whose cosignatures meet the witness policy", content_type = "text/plain"),
        (status = 404, body = Problem)))]
pub async fn witnessed(State(app): State<AppState>) -> Result<Response, Problem> {
    let (_, note) =
        witnessed_note(&app).await?.ok_or_else(|| Problem::not_found("no checkpoint meets the witness policy yet"))?;
    Ok(text_note(note))
}

/// The size and note of the latest checkpoint whose cosignatures meet the witness policy, with
/// those cosignatures; None while there is none.
pub async fn witnessed_note(app: &AppState) -> Result<Option<(u64, String)>, Problem> {
    let size = app.seq.state.read().expect("state lock").witnessed_size;
    if size == 0 {
        return Ok(None);
    }
    let note = app.store.checkpoint_of_size(size).await?.ok_or_else(|| Problem::not_found("checkpoint not stored"))?;
    Ok(Some((size, crate::witnessing::with_cosignatures(&app.store, size, &note).await?)))
}

#[utoipa::path(get, path = "/tile/{path}", params(("path" = String, Path, description = "C2SP tlog-tiles path after /tile/")),
    responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = Problem)))]
pub async fn tile(State(app): State<AppState>, Path(path): Path<String>) -> Result<Response, Problem> {
    let parsed = tiles::parse_tile_path(&format!("tile/{path}"))
        .map_err(|e| Problem::bad_request("malformed", format!("not a tile path: {e}")))?;
    let bytes = tile_data(&app, parsed).await?;
    // A full tile never changes; a partial one is replaced when the tree grows.
    let cache = if parsed.is_partial() { "no-store" } else { "public, max-age=31536000, immutable" };
    Ok(([(header::CONTENT_TYPE, "application/octet-stream"), (header::CACHE_CONTROL, cache)], bytes).into_response())
}

/// The bytes of a hash tile or an entry bundle. Only what the latest signed checkpoint covers
/// is shown: anything beyond it is not found.
pub async fn tile_data(app: &AppState, path: TilePath) -> Result<Vec<u8>, Problem> {
    let published = app.seq.state.read().expect("state lock").published_size();
    match path {
        TilePath::Hashes { level, index, width } => {
            let end_leaf = (index * 256 + u64::from(width)) << (8 * u32::from(level));
            if end_leaf > published {
                return Err(Problem::not_found("that tile is beyond the latest checkpoint"));
            }
            // The newest tiles are in memory; a full leaf tile (or an older, shorter view of
            // one) is the stored one.
            if let Some(data) = app.seq.state.read().expect("state lock").tree.tile(level, index, width) {
                return Ok(data);
            }
            let mut data = app.store.tile(level, index).await?.ok_or_else(|| Problem::not_found("no such tile"))?;
            data.truncate(usize::from(width) * 32);
            Ok(data)
        }
        TilePath::Entries { index, width } => {
            let (from, to) = (index * 256, index * 256 + u64::from(width));
            if to > published {
                return Err(Problem::not_found("those entries are beyond the latest checkpoint"));
            }
            let entries = app.store.entries(from, to).await?;
            let refs: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
            Ok(tiles::encode_entry_bundle(&refs))
        }
    }
}
