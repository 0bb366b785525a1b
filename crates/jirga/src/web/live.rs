//! `/web/live`: tells open pages that the log has grown, so they can fetch themselves again
//! (the dashboard shows a new report without a reload). It sends only the log's size, which
//! `/checkpoint` publishes anyway; each page asks for what its reader may see.

use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::convert::Infallible;
use std::time::Duration;

/// Comment lines keep proxies from closing an idle stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Growth is told at most this often: a page refetched on every batch would load the server.
const AT_MOST_EVERY: Duration = Duration::from_secs(1);

pub async fn feed(State(app): State<AppState>) -> Result<Response, Problem> {
    // The hotline's admission bounds these streams too; a mirror (no hub) serves none.
    let hub = app.hotline.clone().ok_or_else(|| Problem::unavailable("this server sends no live updates"))?;
    let permit = hub.admit().ok_or_else(|| Problem::unavailable("too many pages are connected; try again shortly"))?;
    let mut published = app.seq.published.clone();
    let first = *published.borrow_and_update();
    let state = (published, hub.closing(), permit, Some(first));
    let stream = futures_util::stream::unfold(state, |(mut published, mut closing, permit, first)| async move {
        if let Some(size) = first {
            let frame = Bytes::from(format!("event: log\ndata: {size}\n\n"));
            return Some((Ok::<Bytes, Infallible>(frame), (published, closing, permit, None)));
        }
        tokio::time::sleep(AT_MOST_EVERY).await;
        let frame = tokio::select! {
            changed = published.changed() => match changed {
                Ok(()) => Bytes::from(format!("event: log\ndata: {}\n\n", *published.borrow_and_update())),
                Err(_) => return None,
            },
            _ = closing.wait_for(|c| *c) => return None,
            _ = tokio::time::sleep(KEEP_ALIVE) => Bytes::from_static(b":\n\n"),
        };
        Some((Ok(frame), (published, closing, permit, None)))
    });
    let headers =
        [(axum::http::header::CONTENT_TYPE, "text/event-stream"), (axum::http::header::CACHE_CONTROL, "no-cache")];
    Ok((headers, axum::body::Body::from_stream(stream)).into_response())
}
