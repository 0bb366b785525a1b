//! One event, several claims: the events mediators have linked, each claim beside the others and
//! still as its party signed it; and, for the mediators, the pairs that look like one event, with
//! a form to link each.

use super::record::LangQuery;
use super::{asked, chrome, page, sector_name, signer, Chrome, When};
use crate::problem::Problem;
use crate::state::AppState;
use crate::store::IncidentRow;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::Kind;

pub struct ClaimCard {
    pub id: String,
    pub title: String,
    pub lang: String,
    pub party: String,
    pub accused: String,
    pub sector: String,
    pub occurred: When,
    pub status: String,
    pub status_label: String,
}

pub struct EventLine {
    pub id: String,
    pub heading: String,
    pub note: String,
    pub claims: Vec<ClaimCard>,
    pub hidden: String,
}

pub struct SuggestionLine {
    pub refs: String,
    pub apart: String,
    pub claims: Vec<ClaimCard>,
}

#[derive(Template)]
#[template(path = "events.html")]
pub struct Events {
    pub c: Chrome,
    pub events: Vec<EventLine>,
    pub suggestions: Vec<SuggestionLine>,
    pub mediator: bool,
    pub may_link: bool,
}

pub async fn events(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let (c, viewer) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/events");
    let lang = c.lang();
    let genesis = app.genesis()?;
    let now = app.clock.now_ms();
    let card = |i: &IncidentRow| ClaimCard {
        id: i.id.clone(),
        title: i.title.clone(),
        lang: i.title_lang.clone(),
        party: i.party.clone(),
        accused: i.accused.clone().unwrap_or_else(|| "-".into()),
        sector: sector_name(&genesis.sectors, &i.sector, lang),
        occurred: c.when(&i.occurred_start),
        status_label: c.status_label(&i.status),
        status: i.status.clone(),
    };
    let events = app
        .store
        .events(&viewer, now)
        .await?
        .iter()
        .map(|e| EventLine {
            id: e.statement.clone(),
            heading: c.args(
                "event-heading",
                &[("count", (e.claims.len() + e.hidden).to_string()), ("party", e.party.clone())],
            ),
            note: e.note.clone().unwrap_or_default(),
            claims: e.claims.iter().map(card).collect(),
            hidden: if e.hidden > 0 { c.count("event-hidden", e.hidden as i64) } else { String::new() },
        })
        .collect();
    let mediator = crate::api::events::may_see_suggestions(&viewer);
    let suggestions = if mediator {
        app.store
            .event_suggestions(&viewer, &genesis.rules.pairing, now)
            .await?
            .iter()
            .map(|s| SuggestionLine {
                refs: format!("{} {}", s.a.id, s.b.id),
                apart: c.args(
                    "event-apart",
                    &[("km", crate::web::i18n::format_number(c.locale, s.km)), ("minutes", s.minutes.to_string())],
                ),
                claims: vec![card(&s.a), card(&s.b)],
            })
            .collect()
    } else {
        vec![]
    };
    let page_data = Events {
        may_link: signer(&app, &headers).is_some_and(|s| s.may(Kind::EventLink)),
        events,
        suggestions,
        mediator,
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}
