//! The server-rendered pages. They work without JavaScript; the language comes from `?lang=`,
//! then the `lang` cookie, then the browser's Accept-Language; a member is recognised by the
//! `jirga_token` cookie (set by the sign-in page's script, the same token as the API's).

use super::i18n::{format_datetime, format_int, Catalog, FluentValue, Locale};
use super::map::{self, Direction, Geo, IncidentMark, Layers, Viewport};
use crate::api::{auth, AppState, Problem};
use crate::store::IncidentFilter;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use model::deployment::name_in;
use model::geo::LonLat;
use model::Viewer;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const STYLESHEET: &str = include_str!("../../static/app.css");

/// The boundary and country shapes, carried in the binary: the pages work on an isolated network.
fn geo() -> &'static Geo {
    static GEO: OnceLock<Geo> = OnceLock::new();
    GEO.get_or_init(|| {
        map::parse_geo(
            include_str!("../../../../scenarios/durand-line/geo/afg_pak_boundary_ne10m.geojson"),
            include_str!("../../../../scenarios/durand-line/geo/afg_pak_countries_ne10m.geojson"),
        )
        .expect("the embedded geography parses (a unit test checks it)")
    })
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::new)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard))
        .route("/incidents/{id}", get(incident))
        .route("/static/app.css", get(stylesheet))
}

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], STYLESHEET)
        .into_response()
}

/// Translations for one page, in its locale.
pub struct Tr {
    pub locale: Locale,
}

impl Tr {
    pub fn t(&self, key: &str) -> String {
        catalog().text(self.locale, key, &[])
    }

    /// A message with one text argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        catalog().text(self.locale, key, &[(name, FluentValue::from(value.to_string()))])
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn locale(headers: &HeaderMap, asked: Option<&str>) -> Locale {
    asked.and_then(Locale::parse).or_else(|| cookie(headers, "lang").and_then(Locale::parse)).unwrap_or_else(|| {
        Locale::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""))
    })
}

/// The member behind the `jirga_token` cookie, with their party to show; anonymous without one
/// or when it has expired.
fn viewer(app: &AppState, headers: &HeaderMap) -> (Viewer, Option<String>) {
    match cookie(headers, "jirga_token").map(|token| auth::signed_in_by_token(app, token)) {
        Some(Ok((_, viewer @ Viewer::Member { .. }))) => {
            let party = match &viewer {
                Viewer::Member { party, .. } => Some(party.clone()),
                Viewer::Anonymous => None,
            };
            (viewer, party)
        }
        _ => (Viewer::Anonymous, None),
    }
}

pub struct Language {
    pub code: &'static str,
    pub html_lang: &'static str,
    pub dir: &'static str,
    pub name: &'static str,
    pub current: bool,
}

fn languages(current: Locale) -> Vec<Language> {
    Locale::ALL
        .iter()
        .map(|l| Language {
            code: l.code(),
            html_lang: l.html_lang(),
            dir: l.dir(),
            name: l.native_name(),
            current: *l == current,
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    lang: Option<String>,
    zoom: Option<f64>,
    lon: Option<f64>,
    lat: Option<f64>,
}

pub struct Link {
    pub href: String,
    pub label: String,
}

pub struct CountRow {
    pub sector: String,
    pub party: String,
    pub day: String,
    pub week: String,
}

pub struct CrossingLine {
    pub name: String,
    pub status: String,
    pub status_label: String,
    pub party: String,
    pub since: String,
}

pub struct MessageLine {
    pub kind: String,
    pub route: String,
    pub sector: String,
    pub due: String,
    pub due_iso: String,
    pub escalated: String,
}

pub struct IncidentLine {
    pub id: String,
    pub title: String,
    pub lang: String,
    pub sector: String,
    pub when: String,
    pub status: String,
    pub status_label: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct Dashboard {
    pub tr: Tr,
    pub languages: Vec<Language>,
    pub signed_in: Option<String>,
    pub map_svg: String,
    pub map_controls: Vec<Link>,
    pub statuses: Vec<(String, String)>,
    pub counts: Vec<CountRow>,
    pub crossings: Vec<CrossingLine>,
    pub open_messages: Vec<MessageLine>,
    pub overdue: Vec<IncidentLine>,
    pub recent: Vec<IncidentLine>,
}

/// The incident statuses, in lifecycle order, as CSS classes and message keys use them.
const STATUSES: [&str; 7] =
    ["reported", "answered", "disputed", "unanswered", "under_investigation", "finding_final", "closed"];

fn status_label(tr: &Tr, status: &str) -> String {
    tr.t(&format!("status-{}", status.replace('_', "-")))
}

const DAY_MS: i64 = 86_400_000;

/// An RFC 3339 time as the locale writes it (UTC; the offset is shown).
fn local_time(locale: Locale, rfc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .map(|t| format_datetime(locale, t.timestamp_millis(), 0))
        .unwrap_or_else(|_| rfc.to_string())
}

/// A sector's name in the page's language (its id if the deployment does not know it).
fn sector_name(sectors: &[model::deployment::Sector], id: &str, lang: &str) -> String {
    sectors.iter().find(|s| s.id == id).map(|s| name_in(&s.name, lang).to_string()).unwrap_or_else(|| id.to_string())
}

async fn dashboard(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, Problem> {
    let tr = Tr { locale: locale(&headers, q.lang.as_deref()) };
    let lang = tr.locale.code();
    let (viewer, signed_in) = viewer(&app, &headers);
    let now = app.clock.now_ms();
    let genesis = {
        let state = app.seq.state.read().expect("state lock");
        state.deployment.as_ref().map(|d| d.genesis.clone())
    }
    .ok_or_else(|| Problem::unavailable("the log has no genesis yet"))?;
    let sector_name = |id: &str| sector_name(&genesis.sectors, id, lang);
    let when = |rfc: &str| local_time(tr.locale, rfc);

    let filter = IncidentFilter { limit: 500, ..IncidentFilter::default() };
    let incidents = app.store.list_incidents(&filter, &viewer, now).await?.incidents;
    let line = |i: &crate::store::IncidentRow| IncidentLine {
        id: i.id.clone(),
        title: i.title.clone(),
        lang: i.title_lang.clone(),
        sector: sector_name(&i.sector),
        when: when(&i.occurred_start),
        status: i.status.clone(),
        status_label: status_label(&tr, &i.status),
    };

    // The map, with its zoom and pan links (plain links: they work without JavaScript).
    let mut layers = Layers::from_deployment(&genesis);
    layers.title = tr.t("map-title");
    let crossings = app.store.crossings(&viewer).await?;
    for mark in &mut layers.crossings {
        mark.status = crossings
            .iter()
            .find(|c| c.crossing == mark.id)
            .and_then(|c| model::bodies::CrossingState::parse(&c.status));
    }
    layers.incidents = incidents
        .iter()
        .map(|i| IncidentMark {
            id: i.id.clone(),
            title: format!("{} — {}", i.title, status_label(&tr, &i.status)),
            at: LonLat(i.lon, i.lat),
            status: i.status.clone(),
            href: format!("/incidents/{}?lang={lang}", i.id),
        })
        .collect();
    let area = layers.area(geo());
    let view = match (q.zoom, q.lon, q.lat) {
        (Some(zoom), Some(lon), Some(lat)) => Viewport { center: LonLat(lon, lat), zoom }.clamped(&area),
        _ => Viewport::whole(&area),
    };
    let href = |v: Viewport| format!("/?lang={lang}&zoom={}&lon={:.4}&lat={:.4}", v.zoom, v.center.0, v.center.1);
    let mut map_controls = vec![
        Link { href: href(view.zoom_in(&area)), label: tr.t("map-zoom-in") },
        Link { href: href(view.zoom_out(&area)), label: tr.t("map-zoom-out") },
    ];
    for (d, key) in [
        (Direction::North, "map-pan-north"),
        (Direction::South, "map-pan-south"),
        (Direction::West, "map-pan-west"),
        (Direction::East, "map-pan-east"),
    ] {
        if view.can_pan(&area, d) {
            map_controls.push(Link { href: href(view.pan(&area, d)), label: tr.t(key) });
        }
    }
    map_controls.push(Link { href: format!("/?lang={lang}"), label: tr.t("map-reset") });
    let map_svg = map::render(geo(), &layers, &view, lang);

    // Counts per sector for the last day and week, with the reporting parties.
    let mut per_sector: BTreeMap<String, (i64, i64, BTreeMap<String, i64>)> = BTreeMap::new();
    for i in incidents.iter().filter(|i| i.occurred_ms >= now - 7 * DAY_MS) {
        let entry = per_sector.entry(i.sector.clone()).or_default();
        entry.1 += 1;
        if i.occurred_ms >= now - DAY_MS {
            entry.0 += 1;
        }
        *entry.2.entry(i.party.clone()).or_default() += 1;
    }
    let counts = per_sector
        .into_iter()
        .map(|(sector, (day, week, parties))| CountRow {
            sector: sector_name(&sector),
            party: parties
                .iter()
                .map(|(p, n)| format!("{p} {}", format_int(tr.locale, *n)))
                .collect::<Vec<_>>()
                .join(" · "),
            day: format_int(tr.locale, day),
            week: format_int(tr.locale, week),
        })
        .collect();

    let crossing_lines = genesis
        .crossings
        .iter()
        .map(|c| {
            let latest = crossings.iter().find(|r| r.crossing == c.id);
            let status = latest.map(|r| r.status.clone()).unwrap_or_else(|| "unknown".into());
            CrossingLine {
                name: name_in(&c.name, lang).to_string(),
                status_label: if status == "unknown" { tr.t("unknown") } else { tr.t(&format!("crossing-{status}")) },
                status,
                party: latest.map(|r| r.party.clone()).unwrap_or_default(),
                since: latest.map(|r| when(&r.since)).unwrap_or_default(),
            }
        })
        .collect();

    let open_messages = match &viewer {
        Viewer::Member { party, party_kind } => app
            .store
            .open_hotline_messages(party, *party_kind, 50)
            .await?
            .into_iter()
            .map(|m| MessageLine {
                kind: tr.t(&format!("msg-{}", m.message_type.replace('_', "-"))),
                route: format!("{} → {}", m.party, m.addressed.join(", ")),
                sector: sector_name(&m.sector),
                due: when(&m.ack_due),
                due_iso: m.ack_due.clone(),
                escalated: match m.escalated.as_deref() {
                    Some("mediators") => tr.t("hotline-escalated-mediators"),
                    Some(_) => tr.t("hotline-escalated-backup"),
                    None => String::new(),
                },
            })
            .collect(),
        Viewer::Anonymous => vec![],
    };

    let page = Dashboard {
        statuses: STATUSES.iter().map(|s| (s.to_string(), status_label(&tr, s))).collect(),
        overdue: incidents.iter().filter(|i| i.status == "unanswered").take(20).map(line).collect(),
        recent: incidents.iter().take(12).map(line).collect(),
        languages: languages(tr.locale),
        signed_in,
        map_svg,
        map_controls,
        counts,
        crossings: crossing_lines,
        open_messages,
        tr,
    };
    let html = page.render().map_err(|e| Problem::internal(anyhow::anyhow!("rendering the dashboard: {e}")))?;
    let mut response = Html(html).into_response();
    if let Some(asked) = q.lang.as_deref().and_then(Locale::parse) {
        // Remembered for the next pages; not a secret, so readable by the page's own script.
        let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", asked.code());
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    Ok(response)
}

pub struct StatementLine {
    pub statement: String,
    pub short: String,
    pub when: String,
    pub proof: String,
    pub proof_label: String,
}

pub struct ResponseLine {
    pub statement: String,
    pub short: String,
    pub party: String,
    pub position: String,
    pub narrative: Option<String>,
    pub lang: String,
    pub when: String,
    pub proof: String,
    pub proof_label: String,
}

#[derive(Template)]
#[template(path = "incident.html")]
pub struct IncidentPage {
    pub tr: Tr,
    pub languages: Vec<Language>,
    pub signed_in: Option<String>,
    pub title: String,
    pub title_lang: String,
    pub status: String,
    pub status_label: String,
    pub sector: String,
    pub occurred: String,
    pub reported_by: String,
    pub accused: String,
    pub narrative: Option<String>,
    pub narrative_lang: String,
    pub versions: Vec<StatementLine>,
    pub responses: Vec<ResponseLine>,
    pub findings: Vec<String>,
    /// (fingerprint, media type, sealed)
    pub evidence: Vec<(String, String, bool)>,
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// One incident: the claim with its versions, the responses beside it, the finding, the
/// evidence; each statement with its place in the log and a link to its inclusion proof.
async fn incident(
    State(app): State<AppState>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let tr = Tr { locale: locale(&headers, q.lang.as_deref()) };
    let lang = tr.locale.code();
    let (viewer, signed_in) = viewer(&app, &headers);
    let id = model::StatementId::parse(&id).ok_or_else(|| Problem::not_found("no such incident"))?;
    let detail = app
        .store
        .incident(&id, &viewer, app.clock.now_ms())
        .await?
        .ok_or_else(|| Problem::not_found("no such incident, or not one you may read"))?;
    let sector = {
        let state = app.seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("the log has no genesis yet"))?;
        sector_name(&dep.genesis.sectors, &detail.incident.sector, lang)
    };
    let when = |rfc: &str| local_time(tr.locale, rfc);
    let proof_label = |status: &str| tr.t(&format!("proof-{status}"));
    let text_of = |body: &Option<serde_json::Value>, field: &str| {
        body.as_ref().and_then(|b| {
            Some((b[field]["text"].as_str()?.to_string(), b[field]["lang"].as_str().unwrap_or("en").to_string()))
        })
    };
    let latest = detail.versions.iter().rev().find(|v| v.body.is_some()).and_then(|v| text_of(&v.body, "narrative"));
    let i = &detail.incident;
    let page = IncidentPage {
        title: i.title.clone(),
        title_lang: i.title_lang.clone(),
        status_label: status_label(&tr, &i.status),
        status: i.status.clone(),
        sector,
        occurred: when(&i.occurred_start),
        reported_by: i.party.clone(),
        accused: i.accused.clone().unwrap_or_else(|| tr.t("incident-not-named")),
        narrative_lang: latest.as_ref().map(|n| n.1.clone()).unwrap_or_default(),
        narrative: latest.map(|n| n.0),
        versions: detail
            .versions
            .iter()
            .map(|v| StatementLine {
                short: v.statement[..12].to_string(),
                statement: v.statement.clone(),
                when: when(&v.logged_at),
                proof_label: proof_label(&v.status),
                proof: v.status.clone(),
            })
            .collect(),
        responses: detail
            .responses
            .iter()
            .map(|r| {
                let narrative = text_of(&r.body, "narrative");
                ResponseLine {
                    short: r.statement[..12].to_string(),
                    statement: r.statement.clone(),
                    party: r.party.clone(),
                    position: tr.t(&format!("position-{}", r.position.replace('_', "-"))),
                    lang: narrative.as_ref().map(|n| n.1.clone()).unwrap_or_default(),
                    narrative: narrative.map(|n| n.0),
                    when: when(&r.logged_at),
                    proof_label: proof_label(&r.status),
                    proof: r.status.clone(),
                }
            })
            .collect(),
        findings: detail
            .investigations
            .iter()
            .flat_map(|v| &v.findings)
            .map(|f| {
                let conclusion = tr.t(&format!("conclusion-{}", f.conclusion.replace('_', "-")));
                let stance = if f.is_final { tr.t("finding-final") } else { String::new() };
                format!("{conclusion} {stance}").trim().to_string()
            })
            .collect(),
        evidence: detail.evidence.iter().map(|e| (e.sha256.clone(), e.media_type.clone(), !e.readable)).collect(),
        languages: languages(tr.locale),
        signed_in,
        tr,
    };
    let html = page.render().map_err(|e| Problem::internal(anyhow::anyhow!("rendering an incident: {e}")))?;
    Ok(Html(html).into_response())
}
