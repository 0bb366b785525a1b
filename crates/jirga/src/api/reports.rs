//! Compliance reports for machines: the same figures as the report pages, as JSON, with the
//! checkpoint they were computed at.

use super::{auth, AppState, Problem};
use crate::report::{self, ReportQuery, Span};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[utoipa::path(get, path = "/v1/reports/{span}",
    params(("span" = String, Path, description = "daily or weekly"),
        ("date" = Option<String>, Query, description = "the day the period ends, YYYY-MM-DD (default: today)"),
        ("cutoff" = Option<String>, Query, description = "HH:MM local (default 19:30)"),
        ("offset" = Option<i32>, Query, description = "minutes east of UTC of the cut-off (default 300)")),
    responses((status = 200, description = "the report's figures as the reader may see them"), (status = 400, body = Problem)))]
pub async fn report(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(span): Path<String>,
    q: Result<Query<ReportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    let Query(q) = q?;
    let viewer = auth::viewer(&app, &headers)?;
    let span = Span::parse(&span).ok_or_else(|| Problem::not_found("reports are daily or weekly"))?;
    Ok(Json(report::compile(&app, &viewer, span, &q).await?).into_response())
}
