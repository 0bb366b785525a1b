//! The hotline's feed: Server-Sent Events with resume from the last event id, and the same
//! events as JSON pages for consoles that poll.

use super::{auth, AppState, Problem};
use crate::hotline::Live;
use crate::store::{DutyRow, HotlineEvent, OpenMessage};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use model::{PartyKind, Viewer};
use serde::Deserialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct FeedQuery {
    /// Resume after this event id (a log index); the Last-Event-ID header does the same.
    pub after: Option<i64>,
    /// The bearer token, for clients that cannot set headers (a browser's EventSource).
    pub token: Option<String>,
    /// Page size of /v1/hotline/events.
    pub limit: Option<i64>,
}

/// The member asking, signed in by header or by the `token` parameter.
fn member(app: &AppState, headers: &HeaderMap, token: Option<&str>) -> Result<(String, PartyKind), Problem> {
    let signed_in = match token {
        Some(t) => auth::signed_in_by_token(app, t)?,
        None => auth::signed_in(app, headers)?,
    };
    match signed_in.1 {
        Viewer::Member { party, party_kind } => Ok((party, party_kind)),
        Viewer::Anonymous => Err(Problem::unauthorized("sign in first")),
    }
}

fn visible(event: &HotlineEvent, (party, kind): &(String, PartyKind)) -> bool {
    model::hotline::may_read(party, *kind, &event.party, &event.addressed)
}

/// Sent when nothing else was for this long, so that a console notices a dead line and proxies
/// keep the connection open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

#[utoipa::path(get, path = "/v1/hotline/feed", params(FeedQuery),
    responses((status = 200, description = "text/event-stream of message, ack and escalation events"),
        (status = 401, body = Problem)))]
pub async fn feed(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FeedQuery>,
) -> Result<Response, Problem> {
    let who = member(&app, &headers, q.token.as_deref())?;
    let hub = app.hotline.clone().ok_or_else(|| Problem::unavailable("this server runs no hotline"))?;
    let permit =
        hub.admit().ok_or_else(|| Problem::unavailable("too many consoles are connected; try again shortly"))?;
    let resume = headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    let after =
        resume.or(q.after).unwrap_or_else(|| app.seq.state.read().expect("state lock").published_size() as i64 - 1);
    // Subscribe before reading the store, so nothing falls between the replay and the live feed.
    let rx = hub.subscribe();
    let store = app.store.clone();
    struct Feed {
        rx: tokio::sync::broadcast::Receiver<Arc<Live>>,
        queue: VecDeque<Arc<Live>>,
        last: i64,
        replay: bool,
        closing: tokio::sync::watch::Receiver<bool>,
        _permit: tokio::sync::OwnedSemaphorePermit,
    }
    let state = Feed { rx, queue: VecDeque::new(), last: after, replay: true, closing: hub.closing(), _permit: permit };
    let stream = futures_util::stream::unfold(state, move |mut f| {
        let (store, who) = (store.clone(), who.clone());
        async move {
            loop {
                if f.replay {
                    // From the store: at the start, and whenever this console fell behind the buffer.
                    match store.hotline_events(f.last, 1000).await {
                        Ok(events) => {
                            f.replay = events.len() == 1000;
                            f.queue.extend(events.into_iter().map(Live::new));
                        }
                        Err(e) => {
                            tracing::warn!(error = %format!("{e:#}"), "hotline replay failed");
                            return None;
                        }
                    }
                }
                while let Some(live) = f.queue.pop_front() {
                    if live.event.index <= f.last {
                        continue;
                    }
                    f.last = live.event.index;
                    if visible(&live.event, &who) {
                        return Some((Ok::<Bytes, Infallible>(live.frame.clone()), f));
                    }
                }
                if f.replay {
                    continue;
                }
                let woke = tokio::select! {
                    received = f.rx.recv() => Some(received),
                    _ = f.closing.wait_for(|c| *c) => return None,
                    _ = tokio::time::sleep(KEEP_ALIVE) => None,
                };
                match woke {
                    Some(Ok(e)) => f.queue.push_back(e),
                    Some(Err(RecvError::Lagged(_))) => f.replay = true,
                    Some(Err(RecvError::Closed)) => return None,
                    None => return Some((Ok(Bytes::from_static(b":\n\n")), f)),
                }
            }
        }
    });
    let headers =
        [(axum::http::header::CONTENT_TYPE, "text/event-stream"), (axum::http::header::CACHE_CONTROL, "no-cache")];
    Ok((headers, axum::body::Body::from_stream(stream)).into_response())
}

#[utoipa::path(get, path = "/v1/hotline/events", params(FeedQuery),
    responses((status = 200, body = [HotlineEvent]), (status = 401, body = Problem)))]
pub async fn events(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FeedQuery>,
) -> Result<Json<Vec<HotlineEvent>>, Problem> {
    let who = member(&app, &headers, q.token.as_deref())?;
    let limit = q.limit.unwrap_or(200).clamp(1, 1000);
    let events = app.store.hotline_events(q.after.unwrap_or(-1), limit).await?;
    Ok(Json(events.into_iter().filter(|e| visible(e, &who)).collect()))
}

/// A member of a party or a mediator: observers keep no hotline.
fn on_the_hotline(app: &AppState, headers: &HeaderMap) -> Result<(String, PartyKind), Problem> {
    let who = member(app, headers, None)?;
    if who.1 == PartyKind::Observer {
        return Err(Problem::forbidden("observers keep no hotline"));
    }
    Ok(who)
}

#[utoipa::path(get, path = "/v1/hotline/open",
    responses((status = 200, body = [OpenMessage]), (status = 401, body = Problem)))]
pub async fn open(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<OpenMessage>>, Problem> {
    let (party, kind) = member(&app, &headers, None)?;
    Ok(Json(app.store.open_hotline_messages(&party, kind, 500).await?))
}

#[utoipa::path(get, path = "/v1/hotline/duty",
    responses((status = 200, body = [DutyRow]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn duty(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<DutyRow>>, Problem> {
    on_the_hotline(&app, &headers)?;
    Ok(Json(app.store.duty_rosters(app.clock.now_ms()).await?))
}

/// A party's standing with its check-ins.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct CheckInView {
    pub party: String,
    pub last: Option<String>,
    pub last_at: Option<String>,
    pub due: String,
    /// No check-in from this party within the period.
    pub missed: bool,
    /// Parties that did not acknowledge its last check-in in time.
    pub unanswered: Vec<String>,
}

#[utoipa::path(get, path = "/v1/hotline/check-ins",
    responses((status = 200, body = [CheckInView]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn check_ins(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<CheckInView>>, Problem> {
    on_the_hotline(&app, &headers)?;
    let (parties, rules) = {
        let state = app.seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("the log has no genesis"))?;
        let parties: Vec<String> =
            dep.genesis.parties.iter().filter(|p| p.kind != PartyKind::Observer).map(|p| p.id.clone()).collect();
        (parties, dep.genesis.rules.hotline.clone())
    };
    let since = app.store.logged_at(0).await?.unwrap_or_default();
    let last = app.store.last_check_ins().await?;
    let now = app.clock.now_ms();
    let views = parties
        .into_iter()
        .map(|party| {
            let mine = last.iter().find(|(p, _)| *p == party).map(|(_, l)| l);
            let status = model::hotline::check_in_status(
                &rules,
                since,
                mine.map(|l| model::hotline::LastCheckIn {
                    logged_at_ms: l.logged_at,
                    ack_due_ms: l.ack_due,
                    addressed: &l.addressed,
                    acked_by: &l.acked_by,
                })
                .as_ref(),
                now,
            );
            CheckInView {
                party,
                last: mine.map(|l| l.statement.clone()),
                last_at: mine.map(|l| crate::store::rfc3339(l.logged_at)),
                due: crate::store::rfc3339(status.due_ms),
                missed: status.missed,
                unanswered: status.unanswered,
            }
        })
        .collect();
    Ok(Json(views))
}
