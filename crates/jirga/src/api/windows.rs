//! Windows of silence as data: each request, who has agreed, whether it is in force, under way
//! or over, and the incidents reported inside it while in force.

use super::auth;
use crate::problem::Problem;
use crate::state::AppState;
use crate::store::WindowRow;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use model::window::Stage;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct WindowView {
    #[serde(flatten)]
    pub window: WindowRow,
    /// awaiting, agreed, under_way, over or lapsed.
    pub stage: String,
}

impl WindowView {
    pub fn new(window: WindowRow, now_ms: i64) -> WindowView {
        let stage = Stage::of(window.in_force.is_some(), now_ms, window.start_ms, window.end_ms);
        WindowView { stage: stage.as_str().to_string(), window }
    }
}

#[utoipa::path(get, path = "/v1/windows", responses((status = 200, body = [WindowView])))]
pub async fn windows(State(app): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<WindowView>>, Problem> {
    let viewer = auth::viewer(&app, &headers)?;
    let now = app.clock.now_ms();
    Ok(Json(app.store.windows(&viewer).await?.into_iter().map(|w| WindowView::new(w, now)).collect()))
}
