//! The log as C2SP tlog-tiles serves it: /checkpoint and /tile/…, readable by anyone, so
//! auditors, witnesses and mirrors need nothing but HTTP and the log's public key.

use super::{AppState, Problem};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ledger::tiles::{self, TilePath};

#[utoipa::path(get, path = "/checkpoint",
    responses((status = 200, description = "the latest signed checkpoint (C2SP tlog-checkpoint, signed note)", content_type = "text/plain")))]
pub async fn checkpoint(State(app): State<AppState>) -> Result<Response, Problem> {
    let latest = app.seq.state.read().expect("state lock").checkpoint.clone();
    let (size, note) = latest.ok_or_else(|| Problem::unavailable("the log is empty"))?;
    // With whatever cosignatures the witnesses have returned for it so far.
    let note = crate::witnessing::with_cosignatures(&app.store, size, &note).await?;
    Ok(text_note(note))
}

fn text_note(note: String) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], note).into_response()
}

#[utoipa::path(get, path = "/v1/checkpoint/witnessed",
    responses((status = 200, description = "the latest checkpoint whose cosignatures meet the witness policy", content_type = "text/plain"),
        (status = 404, body = Problem)))]
pub async fn witnessed(State(app): State<AppState>) -> Result<Response, Problem> {
    let size = app.seq.state.read().expect("state lock").witnessed_size;
    if size == 0 {
        return Err(Problem::not_found("no checkpoint meets the witness policy yet"));
    }
    let note = app.store.checkpoint_of_size(size).await?.ok_or_else(|| Problem::not_found("checkpoint not stored"))?;
    Ok(text_note(crate::witnessing::with_cosignatures(&app.store, size, &note).await?))
}

#[utoipa::path(get, path = "/tile/{path}", params(("path" = String, Path, description = "C2SP tlog-tiles path after /tile/")),
    responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = Problem)))]
pub async fn tile(State(app): State<AppState>, Path(path): Path<String>) -> Result<Response, Problem> {
    let parsed = tiles::parse_tile_path(&format!("tile/{path}"))
        .map_err(|e| Problem::bad_request("malformed", format!("not a tile path: {e}")))?;
    let published = app.seq.state.read().expect("state lock").published_size();
    let (bytes, width) = match parsed {
        TilePath::Hashes { level, index, width } => {
            // A tile may only show what a signed checkpoint already covers.
            let end_leaf = (index * 256 + u64::from(width)) << (8 * u32::from(level));
            if end_leaf > published {
                return Err(Problem::not_found("that tile is beyond the latest checkpoint"));
            }
            let data = app.seq.state.read().expect("state lock").tree.tile(level, index, width);
            (data.ok_or_else(|| Problem::not_found("no such tile"))?, width)
        }
        TilePath::Entries { index, width } => {
            let (from, to) = (index * 256, index * 256 + u64::from(width));
            if to > published {
                return Err(Problem::not_found("those entries are beyond the latest checkpoint"));
            }
            let entries = app.store.entries(from, to).await?;
            let refs: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
            (tiles::encode_entry_bundle(&refs), width)
        }
    };
    // A full tile never changes; a partial one is replaced when the tree grows.
    let cache = if width == 256 { "public, max-age=31536000, immutable" } else { "no-store" };
    Ok(([(header::CONTENT_TYPE, "application/octet-stream"), (header::CACHE_CONTROL, cache)], bytes).into_response())
}
