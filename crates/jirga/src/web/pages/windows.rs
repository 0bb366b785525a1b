//! Windows of silence: what was asked for, where and when, who will be there, whether both sides
//! have agreed, and the incidents inside a window in force; a map of those not yet over; forms to
//! ask for one and, for the duty officer of the other side, to agree.

use super::record::LangQuery;
use super::{asked, choices, chrome, geo, page, sector_name, signer, Choice, Chrome, When};
use crate::api::windows::WindowView;
use crate::problem::Problem;
use crate::state::AppState;
use crate::web::map::{self, Layers, Viewport, WindowMark};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::deployment::Genesis;
use model::window::WindowPurpose;
use model::{Kind, PartyKind};

pub struct WindowLine {
    pub id: String,
    pub purpose: String,
    pub sector: String,
    pub stage: String,
    pub stage_label: String,
    pub start: When,
    pub end: When,
    pub text: String,
    pub lang: String,
    pub present: String,
    pub requested_by: String,
    pub agreed: String,
    pub awaiting: String,
    pub violations: Vec<String>,
    /// "3 incidents inside the window while it was in force:"
    pub violations_label: String,
    /// The signer's party has yet to agree, and the signer may.
    pub may_agree: bool,
}

#[derive(Template)]
#[template(path = "windows.html")]
pub struct Windows {
    pub c: Chrome,
    pub windows: Vec<WindowLine>,
    pub map_svg: String,
    pub may_request: bool,
    pub sectors: Vec<Choice>,
    pub purposes: Vec<Choice>,
}

/// The windows not yet over, for a map: each its area, or its sector's outline.
pub fn window_marks(c: &Chrome, genesis: &Genesis, windows: &[WindowView]) -> Vec<WindowMark> {
    windows
        .iter()
        .filter(|w| !matches!(w.stage.as_str(), "over" | "lapsed"))
        .filter_map(|w| window_mark(c, genesis, w))
        .collect()
}

fn window_mark(c: &Chrome, genesis: &Genesis, w: &WindowView) -> Option<WindowMark> {
    let ring = match &w.window.area {
        Some(ring) => ring.clone(),
        None => genesis.sectors.iter().find(|s| s.id == w.window.sector)?.polygon.clone(),
    };
    let title = format!(
        "{}: {} ({})",
        c.t("windows-title-one"),
        c.t(&format!("window-purpose-{}", w.window.purpose.replace('_', "-"))),
        c.t(&format!("window-stage-{}", w.stage.replace('_', "-")))
    );
    Some(WindowMark { ring, stage: w.stage.clone(), title })
}

pub async fn windows(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let (c, viewer) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/windows");
    let lang = c.lang();
    let genesis = app.genesis()?;
    let now = app.clock.now_ms();
    let views: Vec<WindowView> =
        app.store.windows(&viewer).await?.into_iter().map(|w| WindowView::new(w, now)).collect();
    let signer = signer(&app, &headers);
    let parties: Vec<&str> =
        genesis.parties.iter().filter(|p| p.kind == PartyKind::Party).map(|p| p.id.as_str()).collect();
    let mut layers = Layers::from_deployment(&genesis);
    layers.title = c.t("windows-map");
    layers.windows = window_marks(&c, &genesis, &views);
    let area = layers.area(geo());
    let map_svg = map::render(geo(), &layers, &Viewport::whole(&area), lang);
    let windows = views
        .iter()
        .map(|v| {
            let w = &v.window;
            let awaiting: Vec<&str> = parties.iter().copied().filter(|p| !w.agreed.iter().any(|a| a == p)).collect();
            WindowLine {
                id: w.statement.clone(),
                purpose: c.t(&format!("window-purpose-{}", w.purpose.replace('_', "-"))),
                sector: sector_name(&genesis.sectors, &w.sector, lang),
                stage_label: c.t(&format!("window-stage-{}", v.stage.replace('_', "-"))),
                stage: v.stage.clone(),
                start: c.when(&w.start),
                end: c.when(&w.end),
                text: w.text.clone(),
                lang: w.lang.clone(),
                present: w.present.join(" · "),
                requested_by: w.party.clone(),
                agreed: w.agreed.join(", "),
                may_agree: v.stage == "awaiting"
                    && signer.as_ref().is_some_and(|s| s.may(Kind::WindowAck) && awaiting.contains(&s.party.as_str())),
                awaiting: awaiting.join(", "),
                violations_label: c.count("window-violations", w.violations.len() as i64),
                violations: w.violations.clone(),
            }
        })
        .collect();
    let page_data = Windows {
        may_request: signer.as_ref().is_some_and(|s| s.may(Kind::WindowRequest)),
        sectors: choices(
            genesis.sectors.iter().map(|s| (s.id.clone(), model::deployment::name_in(&s.name, lang).to_string())),
            None,
        ),
        purposes: choices(
            WindowPurpose::ALL
                .iter()
                .map(|p| (p.as_str().to_string(), c.t(&format!("window-purpose-{}", p.as_str().replace('_', "-"))))),
            Some("repair_crew"),
        ),
        windows,
        map_svg,
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}
