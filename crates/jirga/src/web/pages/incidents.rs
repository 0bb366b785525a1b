//! The incident list with its filters (a plain GET form: it works without JavaScript), and the
//! form to report an incident, opened from the map with the point filled in.

use super::dashboard::IncidentLine;
use super::{asked, choices, chrome, page, sector_name, signer, text_languages, visibility_choices, Choice, Chrome};
use crate::problem::Problem;
use crate::state::AppState;
use crate::store::IncidentFilter;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::deployment::name_in;
use model::geo::LonLat;
use model::incident::Status;
use model::{Kind, PartyKind};
use serde::Deserialize;

const PAGE_SIZE: u32 = 50;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    lang: Option<String>,
    /// The zone to show times in: a party id or UTC.
    tz: Option<String>,
    sector: Option<String>,
    category: Option<String>,
    status: Option<String>,
    party: Option<String>,
    accused: Option<String>,
    /// An actor of the register, by id.
    actor: Option<String>,
    /// A date, YYYY-MM-DD (what a date field sends).
    from: Option<String>,
    to: Option<String>,
    /// km from the boundary line.
    within_km: Option<String>,
    cursor: Option<String>,
}

/// An empty field of a GET form is no filter.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub struct Row {
    pub line: IncidentLine,
    /// "1 event · 2 claims" or "Duplicate", with where it leads; empty for a claim on its own.
    pub event_note: String,
    pub event_href: String,
    pub category: String,
    pub party: String,
    pub accused: String,
    pub casualties: String,
}

#[derive(Template)]
#[template(path = "incidents.html")]
pub struct IncidentList {
    pub c: Chrome,
    pub sectors: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub parties: Vec<Choice>,
    pub accused: Vec<Choice>,
    pub actors: Vec<Choice>,
    pub from: String,
    pub to: String,
    pub distances: Vec<Choice>,
    pub errors: Vec<String>,
    pub rows: Vec<Row>,
    pub count: String,
    pub next: Option<String>,
    pub may_report: bool,
    /// The filters as the export endpoint takes them.
    pub export_query: String,
}

/// The actor register as (id, name in the reader's language).
fn actor_names(app: &AppState, lang: &str) -> Result<Vec<(String, String)>, Problem> {
    let state = app.seq.state.read().expect("state lock");
    let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("the log has no genesis yet"))?;
    Ok(dep.actors.values().map(|a| (a.id.clone(), name_in(&a.name, lang).to_string())).collect())
}

fn category_label(c: &Chrome, id: &str) -> String {
    c.t(&format!("category-{}", id.replace('_', "-")))
}

/// A day as a time in ms (midnight UTC), or an error naming the field.
fn day(c: &Chrome, field: &str, v: &Option<String>, errors: &mut Vec<String>) -> Option<i64> {
    let s = given(v)?;
    match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => Some(d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc().timestamp_millis()),
        Err(_) => {
            errors.push(format!("{}: {}", c.t(field), c.t("validation-date")));
            None
        }
    }
}

pub async fn list(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Result<Response, Problem> {
    let (c, viewer) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/incidents");
    let lang = c.lang();
    let genesis = app.genesis()?;
    let mut errors = vec![];
    let status = given(&q.status).and_then(|s| {
        let parsed = Status::parse(s);
        if parsed.is_none() {
            errors.push(format!("{}: {s}", c.t("filter-status")));
        }
        parsed
    });
    let category = given(&q.category).filter(|id| {
        let known = model::category::find(id).is_some();
        if !known {
            errors.push(format!("{}: {}", c.t("filter-category"), c.t("validation-unknown-category")));
        }
        known
    });
    let within_km = given(&q.within_km).and_then(|v| match v.parse::<f64>() {
        Ok(km) if (0.0..=5000.0).contains(&km) => Some(km),
        _ => {
            errors.push(format!("{}: {v}", c.t("filter-distance")));
            None
        }
    });
    let from = day(&c, "filter-date-from", &q.from, &mut errors);
    // "To" includes the whole day.
    let to = day(&c, "filter-date-to", &q.to, &mut errors).map(|t| t + 86_400_000);
    let after = given(&q.cursor).and_then(crate::store::parse_cursor);
    let filter = IncidentFilter {
        from,
        to,
        sector: given(&q.sector).map(String::from),
        category: category.map(String::from),
        status,
        party: given(&q.party).map(String::from),
        accused: given(&q.accused).map(String::from),
        actor: given(&q.actor).map(String::from),
        bbox: None,
        within_km,
        after,
        limit: PAGE_SIZE,
    };
    let found = app.store.list_incidents(&filter, &viewer, app.clock.now_ms()).await?;
    let rows: Vec<Row> = found
        .incidents
        .iter()
        .map(|i| Row {
            line: IncidentLine {
                id: i.id.clone(),
                title: i.title.clone(),
                lang: i.title_lang.clone(),
                sector: sector_name(&genesis.sectors, &i.sector, lang),
                when: c.when(&i.occurred_start),
                status: i.status.clone(),
                status_label: c.status_label(&i.status),
            },
            event_note: match (&i.event, &i.duplicate_of) {
                (_, Some(_)) => c.t("incident-duplicate-badge"),
                (Some(_), _) => c.count("event-claims", i.claims),
                _ => String::new(),
            },
            event_href: match (&i.event, &i.duplicate_of) {
                (_, Some(original)) => format!("/incidents/{original}?lang={lang}"),
                (Some(e), _) => format!("/events?lang={lang}#event-{e}"),
                _ => String::new(),
            },
            category: category_label(&c, &i.category),
            party: i.party.clone(),
            accused: i.accused.clone().unwrap_or_else(|| c.t("incident-not-named")),
            casualties: format!(
                "{} / {}",
                crate::web::i18n::format_int(c.locale, i.killed),
                crate::web::i18n::format_int(c.locale, i.wounded)
            ),
        })
        .collect();
    // The next page and the exports keep the filters (the exports' dates as the API takes them).
    let mut kept: Vec<(&str, String)> = vec![];
    for (k, v) in [
        ("sector", &q.sector),
        ("category", &q.category),
        ("status", &q.status),
        ("party", &q.party),
        ("accused", &q.accused),
        ("actor", &q.actor),
    ] {
        if let Some(v) = given(v) {
            kept.push((k, v.to_string()));
        }
    }
    let mut for_export = kept.clone();
    for (k, ms) in [("from", from), ("to", to)] {
        if let Some(ms) = ms {
            for_export.push((k, crate::store::rfc3339(ms)));
        }
    }
    let export_query = serde_urlencoded::to_string(&for_export).unwrap_or_default();
    let next = found.next_cursor.map(|cursor| {
        let mut params: Vec<(&str, String)> = vec![("lang", lang.to_string()), ("cursor", cursor)];
        params.extend(kept.iter().cloned());
        for (k, v) in [("from", &q.from), ("to", &q.to)] {
            if let Some(v) = given(v) {
                params.push((k, v.to_string()));
            }
        }
        format!("/incidents?{}", serde_urlencoded::to_string(&params).unwrap_or_default())
    });
    let parties: Vec<(String, String)> = genesis.parties.iter().map(|p| (p.id.clone(), p.id.clone())).collect();
    let page_data = IncidentList {
        sectors: choices(
            genesis.sectors.iter().map(|s| (s.id.clone(), name_in(&s.name, lang).to_string())),
            given(&q.sector),
        ),
        categories: choices(model::category::ids().map(|id| (id.to_string(), category_label(&c, id))), category),
        statuses: choices(
            Status::ALL.iter().map(|s| (s.as_str().to_string(), c.status_label(s.as_str()))),
            status.map(|s| s.as_str()),
        ),
        parties: choices(parties.clone(), given(&q.party)),
        accused: choices(parties, given(&q.accused)),
        actors: choices(actor_names(&app, lang)?, given(&q.actor)),
        distances: choices(
            ["5", "10", "25", "50"].iter().map(|km| {
                (
                    km.to_string(),
                    super::catalog().text(
                        c.locale,
                        "filter-within-km",
                        &[("km", crate::web::i18n::FluentValue::from(km.parse::<i64>().unwrap_or(0)))],
                    ),
                )
            }),
            given(&q.within_km),
        ),
        from: given(&q.from).unwrap_or_default().to_string(),
        to: given(&q.to).unwrap_or_default().to_string(),
        errors,
        count: c.count("incidents-count", rows.len() as i64),
        rows,
        next,
        export_query,
        may_report: signer(&app, &headers).is_some_and(|m| m.may(Kind::IncidentReport)),
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    lang: Option<String>,
    /// The zone to show times in: a party id or UTC.
    tz: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
}

#[derive(Template)]
#[template(path = "report.html")]
pub struct ReportForm {
    pub c: Chrome,
    pub lat: String,
    pub lon: String,
    pub sectors: Vec<Choice>,
    pub categories: Vec<Choice>,
    pub precisions: Vec<Choice>,
    pub accused: Vec<Choice>,
    pub actors: Vec<Choice>,
    pub launched_from: Vec<Choice>,
    pub visibility: Vec<Choice>,
    pub text_languages: Vec<Choice>,
    /// The signed-in member may report; otherwise the page says who may.
    pub may_report: bool,
}

pub async fn report_form(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ReportQuery>,
) -> Result<Response, Problem> {
    let (c, _) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/incidents");
    let lang = c.lang();
    let me = signer(&app, &headers);
    let (genesis, point_sector) = {
        let state = app.seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("the log has no genesis yet"))?;
        let at = q.lat.zip(q.lon).map(|(lat, lon)| LonLat(lon, lat));
        (dep.genesis.clone(), at.and_then(|p| dep.sector_of(p)).map(|s| s.id.clone()))
    };
    let mine = me.as_ref().map(|m| m.party.clone()).unwrap_or_default();
    let others = genesis
        .parties
        .iter()
        .filter(|p| p.kind == PartyKind::Party && p.id != mine)
        .map(|p| (p.id.clone(), p.id.clone()));
    let accused = std::iter::once((String::new(), c.t("field-accused-none"))).chain(others.clone());
    let launched_from = std::iter::once((String::new(), c.t("field-accused-none"))).chain(others);
    let actors = std::iter::once((String::new(), c.t("field-accused-none"))).chain(actor_names(&app, lang)?);
    let precisions =
        ["minute", "hour", "day", "week", "month"].iter().map(|p| (p.to_string(), c.t(&format!("precision-{p}"))));
    let page_data = ReportForm {
        lat: q.lat.map(|v| format!("{v:.5}")).unwrap_or_default(),
        lon: q.lon.map(|v| format!("{v:.5}")).unwrap_or_default(),
        sectors: choices(
            genesis.sectors.iter().map(|s| (s.id.clone(), name_in(&s.name, lang).to_string())),
            point_sector.as_deref(),
        ),
        categories: choices(
            model::category::ids().map(|id| (id.to_string(), category_label(&c, id))),
            Some("cross_border_fire"),
        ),
        precisions: choices(precisions, Some("minute")),
        accused: choices(accused, None),
        actors: choices(actors, None),
        launched_from: choices(launched_from, None),
        visibility: visibility_choices(&c, Kind::IncidentReport),
        text_languages: text_languages(&c),
        may_report: me.is_some_and(|m| m.may(Kind::IncidentReport)),
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}
