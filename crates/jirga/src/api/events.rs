//! Events as data: the claims mediators have linked as one event, and, for the mediators, the
//! pairs of claims that look like one event and are not linked yet.

use super::auth;
use crate::problem::Problem;
use crate::state::AppState;
use crate::store::{EventView, SuggestionRow};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use model::{PartyKind, Viewer};

#[utoipa::path(get, path = "/v1/events", responses((status = 200, body = [EventView])))]
pub async fn events(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<EventView>>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    Ok(Json(app.store.events(&viewer, app.clock.now_ms()).await?))
}

/// Whether the viewer may see the suggestions: they weigh every claim, sealed ones included.
pub fn may_see_suggestions(viewer: &Viewer) -> bool {
    matches!(viewer, Viewer::Member { party_kind: PartyKind::Mediator, .. })
}

#[utoipa::path(get, path = "/v1/events/suggestions",
    responses((status = 200, body = [SuggestionRow]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn suggestions(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<SuggestionRow>>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    if matches!(viewer, Viewer::Anonymous) {
        return Err(Problem::unauthorized("sign in as a mediator to see suggested pairs"));
    }
    if !may_see_suggestions(&viewer) {
        return Err(Problem::forbidden("the suggested pairs are for the mediators"));
    }
    let rules = app.genesis()?.rules.pairing;
    Ok(Json(app.store.event_suggestions(&viewer, &rules, app.clock.now_ms()).await?))
}
