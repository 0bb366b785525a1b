//! Where a member is reached (their own channels), and what the notifier did with each hotline
//! message: every delivery and attempt, for the sender's side, the recipients' and the mediators.

use super::{auth, AppState, Problem};
use crate::store::{AttemptRow, Channels, DeliveryRow};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use model::Viewer;
use serde::{Deserialize, Serialize};

#[utoipa::path(get, path = "/v1/me/channels",
    responses((status = 200, body = Channels), (status = 401, body = Problem)))]
pub async fn channels(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Channels>, Problem> {
    let (key, _) = auth::signed_in(&app, &headers)?;
    Ok(Json(app.store.channels(&key.to_string()).await?.unwrap_or_default()))
}

#[utoipa::path(put, path = "/v1/me/channels", request_body = Channels,
    responses((status = 200, body = Channels), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn set_channels(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Channels>, Problem> {
    let (key, viewer) = auth::signed_in(&app, &headers)?;
    let Viewer::Member { .. } = viewer else { return Err(Problem::unauthorized("sign in first")) };
    app.active_member(&key)?;
    let channels: Channels =
        serde_json::from_slice(&body).map_err(|e| Problem::bad_request("malformed", format!("channels: {e}")))?;
    let notifier = app.notifier.as_ref().ok_or_else(|| {
        Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no-notifier",
            "this server sends no notices (no --notify settings)",
        )
    })?;
    if let Err((field, detail)) = notifier.check(&channels) {
        let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", detail);
        p.field = Some(field.to_string());
        return Err(p);
    }
    app.store.set_channels(&key.to_string(), &channels, app.clock.now_ms()).await?;
    Ok(Json(channels))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct DeliveriesQuery {
    /// The hotline message's statement id.
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    #[serde(flatten)]
    pub delivery: DeliveryRow,
    /// Each attempt, oldest first.
    pub history: Vec<AttemptRow>,
}

#[utoipa::path(get, path = "/v1/hotline/deliveries", params(DeliveriesQuery),
    responses((status = 200, body = [DeliveryView]), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn deliveries(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<DeliveriesQuery>,
) -> Result<Json<Vec<DeliveryView>>, Problem> {
    let Viewer::Member { party, party_kind } = auth::signed_in(&app, &headers)?.1 else {
        return Err(Problem::unauthorized("sign in first"));
    };
    let id = model::StatementId::parse(&q.message)
        .ok_or_else(|| Problem::bad_request("malformed", "message: a statement id (64 hex digits)"))?;
    let Some((sender, addressed, _)) = app.store.hotline_routing(&id).await? else {
        return Err(Problem::not_found("no hotline message has this id"));
    };
    // Who may read the message may read how it was delivered; to others it does not exist.
    if !model::hotline::may_read(&party, party_kind, &sender, &addressed) {
        return Err(Problem::not_found("no hotline message has this id"));
    }
    let rows = app.store.deliveries_of(&id.hex()).await?;
    Ok(Json(rows.into_iter().map(|(delivery, attempts)| DeliveryView { delivery, history: attempts }).collect()))
}
