//! The crossing board as data: per crossing, each class of traffic with both sides' gates, the
//! exceptions and what passed under them, the figures reported, and the history of changes with
//! the notices that told the other side. The board page and the map read it too.

use super::auth;
use crate::problem::Problem;
use crate::state::AppState;
use crate::store::{ChangeRow, ExceptionRow, FigureRow, NoticeState};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use model::crossing::{self, Change, CrossingState, TrafficClass};
use model::Viewer;
use serde::Serialize;
use std::collections::BTreeSet;
use utoipa::ToSchema;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SideLine {
    pub party: String,
    pub status: String,
    pub only_into: Option<String>,
    pub since: String,
    pub statement: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ClassLine {
    pub class: String,
    /// Both sides together: "unknown" where no side has said.
    pub status: String,
    pub only_into: Option<String>,
    pub sides: Vec<SideLine>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ChangeLine {
    pub statement: String,
    pub party: String,
    /// None: all traffic.
    pub class: Option<String>,
    pub status: String,
    pub only_into: Option<String>,
    pub since: String,
    pub reason: Option<String>,
    pub reason_lang: Option<String>,
    /// The hotline notices that told the other side, as far as the reader may see them.
    pub notices: Vec<NoticeState>,
    /// Notices named that the reader may not see.
    pub notices_hidden: usize,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CrossingBoard {
    pub crossing: String,
    /// The crossing as a whole: closed or open when every class is, else restricted.
    pub status: String,
    /// When the latest change took effect.
    pub since: Option<String>,
    pub classes: Vec<ClassLine>,
    pub exceptions: Vec<ExceptionLine>,
    pub figures: Vec<FigureRow>,
    /// Newest first.
    pub history: Vec<ChangeLine>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ExceptionLine {
    #[serde(flatten)]
    pub exception: ExceptionRow,
    pub notice_states: Vec<NoticeState>,
}

fn status_name(s: Option<CrossingState>) -> String {
    s.map_or("unknown", CrossingState::as_str).to_string()
}

/// A crossing as a whole at a moment: all the dashboard and the map need of it.
pub struct CrossingSummary {
    pub crossing: String,
    pub status: String,
    /// When its latest change took effect.
    pub since: Option<String>,
}

fn summary(changes: &[Change], crossing: &str, at_ms: i64) -> CrossingSummary {
    CrossingSummary {
        crossing: crossing.to_string(),
        status: status_name(crossing::overall(changes, crossing, at_ms)),
        since: changes.iter().filter(|c| c.crossing == crossing).map(|c| c.since_ms).max().map(crate::store::rfc3339),
    }
}

/// Every crossing of the deployment as a whole, from the status changes alone.
pub async fn summaries(app: &AppState, viewer: &Viewer, at_ms: i64) -> Result<Vec<CrossingSummary>, Problem> {
    let genesis = app.genesis()?;
    let rows = app.store.crossing_changes(viewer, at_ms.saturating_add(1)).await?;
    let changes: Vec<Change> = rows.into_iter().map(|r| r.change).collect();
    Ok(genesis.crossings.iter().map(|x| summary(&changes, &x.id, at_ms)).collect())
}

/// Every crossing of the deployment, as the viewer may read it, at `at_ms`, and the figures for
/// the border as a whole.
pub async fn boards(app: &AppState, viewer: &Viewer, at_ms: i64) -> Result<Crossings, Problem> {
    let genesis = app.genesis()?;
    let rows: Vec<ChangeRow> = app.store.crossing_changes(viewer, at_ms.saturating_add(1)).await?;
    let changes: Vec<Change> = rows.iter().map(|r| r.change.clone()).collect();
    let exceptions = app.store.crossing_exceptions(viewer, i64::MAX).await?;
    let figures = app.store.crossing_figures(viewer).await?;
    let noticed: BTreeSet<String> =
        rows.iter().flat_map(|r| r.notices.clone()).chain(exceptions.iter().flat_map(|x| x.notices.clone())).collect();
    let notices = app.store.notice_states(viewer, &noticed.into_iter().collect::<Vec<_>>()).await?;
    let notices_of = |ids: &[String]| -> Vec<NoticeState> {
        notices.iter().filter(|n| ids.contains(&n.statement)).cloned().collect()
    };
    let mut out = vec![];
    for x in &genesis.crossings {
        let classes = TrafficClass::ALL
            .into_iter()
            .map(|class| {
                let state = crossing::class_state(&changes, &x.id, class, at_ms);
                let sides = state
                    .sides
                    .iter()
                    .map(|c| SideLine {
                        party: c.party.clone(),
                        status: c.status.as_str().to_string(),
                        only_into: c.only_into.clone(),
                        since: crate::store::rfc3339(c.since_ms),
                        statement: rows
                            .iter()
                            .find(|r| r.change.idx == c.idx)
                            .map(|r| r.statement.clone())
                            .unwrap_or_default(),
                    })
                    .collect();
                ClassLine {
                    class: class.as_str().to_string(),
                    status: status_name(state.status),
                    only_into: state.only_into,
                    sides,
                }
            })
            .collect();
        let history: Vec<ChangeLine> = rows
            .iter()
            .rev()
            .filter(|r| r.change.crossing == x.id)
            .map(|r| {
                let shown = notices_of(&r.notices);
                ChangeLine {
                    statement: r.statement.clone(),
                    party: r.change.party.clone(),
                    class: r.change.class.map(|c| c.as_str().to_string()),
                    status: r.change.status.as_str().to_string(),
                    only_into: r.change.only_into.clone(),
                    since: crate::store::rfc3339(r.change.since_ms),
                    reason: r.reason.as_ref().map(|t| t.text.clone()),
                    reason_lang: r.reason.as_ref().map(|t| t.lang.clone()),
                    notices_hidden: r.notices.len() - shown.len(),
                    notices: shown,
                }
            })
            .collect();
        let CrossingSummary { crossing, status, since } = summary(&changes, &x.id, at_ms);
        out.push(CrossingBoard {
            crossing,
            status,
            since,
            classes,
            exceptions: exceptions
                .iter()
                .filter(|e| e.crossing == x.id)
                .map(|e| ExceptionLine { notice_states: notices_of(&e.notices), exception: e.clone() })
                .collect(),
            figures: figures.iter().filter(|f| f.crossing.as_deref() == Some(x.id.as_str())).cloned().collect(),
            history,
        });
    }
    let figures = figures.into_iter().filter(|f| f.crossing.is_none()).collect();
    Ok(Crossings { crossings: out, figures })
}

#[derive(Serialize, ToSchema)]
pub struct Crossings {
    pub crossings: Vec<CrossingBoard>,
    /// Figures for the border as a whole.
    pub figures: Vec<FigureRow>,
}

#[utoipa::path(get, path = "/v1/crossings", responses((status = 200, body = Crossings)))]
pub async fn crossings(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Crossings>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    Ok(Json(boards(&app, &viewer, app.clock.now_ms()).await?))
}
