//! What the agreements oblige the parties to do and where each deliverable stands, and the
//! register of actors who are not parties.

use super::{auth, AppState, Problem};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use model::actor::Actor;
use model::performance::{DeliverableRecord, Tally};
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Obligations {
    /// Per agreement: deliverables due, overdue, reported and verified, and visits refused.
    #[schema(value_type = Object)]
    pub tallies: Vec<Tally>,
    /// Each deliverable with every step the reader may read.
    #[schema(value_type = Object)]
    pub deliverables: Vec<DeliverableRecord>,
}

/// The day of `now_ms` in UTC: a deliverable due on a day is overdue from the next.
pub fn today(now_ms: i64) -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default().date_naive()
}

/// Every deliverable of every agreement with its performance reports, answers, visits and
/// outcome, as the reader may read them.
#[utoipa::path(get, path = "/v1/obligations", responses((status = 200, body = Obligations)))]
pub async fn obligations(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Obligations>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    let genesis = app.genesis()?;
    let deliverables = app.store.obligation_records(&genesis, &viewer, today(app.clock.now_ms()), i64::MAX).await?;
    Ok(Json(Obligations { tallies: model::performance::tallies(&deliverables), deliverables }))
}

/// The actor register as it stands: the genesis's actors and the mediators' registrations.
#[utoipa::path(get, path = "/v1/actors", responses((status = 200, description = "the actors, by id")))]
pub async fn actors(State(app): State<AppState>) -> Result<Json<Vec<Actor>>, Problem> {
    let state = app.seq.state.read().expect("state lock");
    let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("the log has no genesis yet"))?;
    Ok(Json(dep.actors.values().cloned().collect()))
}
