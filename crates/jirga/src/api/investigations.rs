//! Investigations with their notes, findings and signatures; commitments (breaches per clause).

use super::{auth, AppState, Problem};
use crate::store::{CommitmentRow, InvestigationView};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use model::StatementId;

#[utoipa::path(get, path = "/v1/investigations/{id}", params(("id" = String, Path)),
    responses((status = 200, body = InvestigationView), (status = 404, body = Problem)))]
pub async fn detail(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<InvestigationView>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    let id = StatementId::parse(&id).ok_or_else(|| Problem::bad_request("malformed", "an id is 64 hex characters"))?;
    app.store
        .investigation(&id, &viewer)
        .await?
        .map(Json)
        .ok_or_else(|| Problem::not_found("no investigation with this id that you may read"))
}

/// Per clause of each agreement and party: breaches alleged by reports, and verified or
/// rejected by final findings, over the incidents the viewer may read.
#[utoipa::path(get, path = "/v1/commitments", responses((status = 200, body = [CommitmentRow])))]
pub async fn commitments(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<CommitmentRow>>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    Ok(Json(app.store.commitments(&viewer).await?))
}

/// Violations carried from a final finding towards a consequence, each step beside the others.
#[utoipa::path(get, path = "/v1/violations", responses((status = 200, body = [crate::store::ViolationRow])))]
pub async fn violations(
    State(app): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<crate::store::ViolationRow>>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    Ok(Json(app.store.violations(&viewer, None, app.clock.now_ms()).await?))
}

/// The compliance record per party and clause: breaches alleged, verified, rejected and not
/// attributable; violations reported; remedial actions due, done and overdue.
#[utoipa::path(get, path = "/v1/compliance", responses((status = 200, body = [crate::store::ComplianceRow])))]
pub async fn compliance(
    State(app): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<crate::store::ComplianceRow>>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    Ok(Json(app.store.compliance_record(&viewer, app.clock.now_ms()).await?))
}
