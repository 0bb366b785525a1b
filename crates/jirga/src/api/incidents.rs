//! The projection's reads: incidents, crossings, the deployment and its members.

use super::{auth, AppState, Problem};
use crate::sequencer::LogState;
use crate::store::{IncidentDetail, IncidentFilter, IncidentPage};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use model::incident::Status;
use model::StatementId;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize, Default, utoipa::IntoParams)]
pub struct ListQuery {
    /// Occurred at or after (RFC 3339).
    pub from: Option<String>,
    /// Occurred before (RFC 3339).
    pub to: Option<String>,
    pub sector: Option<String>,
    pub category: Option<String>,
    /// reported, answered, disputed, unanswered.
    pub status: Option<String>,
    /// The reporting party.
    pub party: Option<String>,
    pub accused: Option<String>,
    /// The actor of the register alleged to have acted (its id).
    pub actor: Option<String>,
    /// min_lon,min_lat,max_lon,max_lat
    pub bbox: Option<String>,
    /// Within this many km of the boundary line.
    pub within_km: Option<f64>,
    pub cursor: Option<String>,
    /// 1 to 500, default 50.
    pub limit: Option<u32>,
}

fn time_param(name: &str, v: &Option<String>) -> Result<Option<i64>, Problem> {
    v.as_deref()
        .map(|s| {
            chrono::DateTime::parse_from_rfc3339(s).map(|t| t.timestamp_millis()).map_err(|_| {
                Problem::bad_request("invalid", format!("{name}: use an RFC 3339 time such as 2025-10-19T00:00:00Z"))
            })
        })
        .transpose()
}

impl ListQuery {
    pub fn filter(&self) -> Result<IncidentFilter, Problem> {
        let status = self
            .status
            .as_deref()
            .map(|s| {
                Status::parse(s).ok_or_else(|| {
                    Problem::bad_request("invalid", "status: reported, answered, disputed or unanswered")
                })
            })
            .transpose()?;
        let bbox = self
            .bbox
            .as_deref()
            .map(|b| {
                let v: Vec<f64> = b.split(',').filter_map(|x| x.trim().parse().ok()).collect();
                <[f64; 4]>::try_from(v)
                    .map_err(|_| Problem::bad_request("invalid", "bbox: four numbers min_lon,min_lat,max_lon,max_lat"))
            })
            .transpose()?;
        let after = self
            .cursor
            .as_deref()
            .map(|c| {
                crate::store::parse_cursor(c).ok_or_else(|| {
                    Problem::bad_request("invalid", "cursor: pass next_cursor from the previous page as it is")
                })
            })
            .transpose()?;
        if let Some(c) = &self.category {
            if model::category::find(c).is_none() {
                return Err(Problem::bad_request("invalid", format!("unknown category {c:?}")));
            }
        }
        Ok(IncidentFilter {
            from: time_param("from", &self.from)?,
            to: time_param("to", &self.to)?,
            sector: self.sector.clone(),
            category: self.category.clone(),
            status,
            party: self.party.clone(),
            accused: self.accused.clone(),
            actor: self.actor.clone(),
            bbox,
            within_km: match self.within_km {
                Some(km) if !(0.0..=5000.0).contains(&km) => {
                    return Err(Problem::bad_request("invalid", "within_km: a distance from 0 to 5000 km"))
                }
                km => km,
            },
            after,
            limit: self.limit.unwrap_or(50),
        })
    }
}

#[utoipa::path(get, path = "/v1/incidents", params(ListQuery),
    responses((status = 200, body = IncidentPage), (status = 400, body = Problem)))]
pub async fn list(
    State(app): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<IncidentPage>, Problem> {
    let Query(q) = q?;
    let viewer = auth::viewer(&app, &headers)?;
    let filter = q.filter()?;
    Ok(Json(app.store.list_incidents(&filter, &viewer, app.clock.now_ms()).await?))
}

#[utoipa::path(get, path = "/v1/incidents/{id}", params(("id" = String, Path)),
    responses((status = 200, body = IncidentDetail), (status = 404, body = Problem)))]
pub async fn detail(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<IncidentDetail>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    let id = StatementId::parse(&id)
        .ok_or_else(|| Problem::bad_request("malformed", "an incident id is 64 hex characters"))?;
    let mut detail = app
        .store
        .incident(&id, &viewer, app.clock.now_ms())
        .await?
        .ok_or_else(|| Problem::not_found("no incident with this id that you may read"))?;
    detail.set_log_status(app.seq.state.read().expect("state lock").witnessed_size);
    Ok(Json(detail))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DeploymentView {
    pub id: String,
    pub origin: String,
    /// The log's checkpoint key (C2SP note verifier key).
    pub log_key: String,
    pub tree_size: u64,
    pub genesis: Value,
}

#[utoipa::path(get, path = "/v1/deployment", responses((status = 200, body = DeploymentView)))]
pub async fn deployment(State(app): State<AppState>) -> Result<Json<DeploymentView>, Problem> {
    Ok(Json(deployment_view(&app.seq.state.read().expect("state lock"))?))
}

/// The deployment as anyone may see it: its genesis, its log key and the log's published size.
pub fn deployment_view(state: &LogState) -> Result<DeploymentView, Problem> {
    let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("this log has no genesis yet"))?;
    Ok(DeploymentView {
        id: dep.id.hex(),
        origin: dep.genesis.origin.clone(),
        log_key: state.log_verifier.to_vkey(),
        tree_size: state.published_size(),
        genesis: serde_json::to_value(&dep.genesis).map_err(anyhow::Error::from)?,
    })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MemberView {
    pub key: String,
    pub party: String,
    pub name: String,
    pub roles: Vec<String>,
    pub enrolled_at: u64,
    pub revoked_at: Option<u64>,
}

/// Keys and roles are public: anyone checking a signature needs them.
#[utoipa::path(get, path = "/v1/members", responses((status = 200, body = [MemberView])))]
pub async fn members(State(app): State<AppState>) -> Result<Json<Vec<MemberView>>, Problem> {
    let state = app.seq.state.read().expect("state lock");
    let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("this log has no genesis yet"))?;
    let mut out: Vec<MemberView> = dep
        .members()
        .map(|m| MemberView {
            key: m.key.to_string(),
            party: m.party.clone(),
            name: m.name.clone(),
            roles: m.roles.iter().map(|r| r.as_str().to_string()).collect(),
            enrolled_at: m.enrolled_at,
            revoked_at: m.revoked_at,
        })
        .collect();
    out.sort_by(|a, b| (a.enrolled_at, &a.key).cmp(&(b.enrolled_at, &b.key)));
    Ok(Json(out))
}
