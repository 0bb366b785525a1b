//! The dashboard: the map, counts by sector and party, the crossing board, open hotline
//! messages with countdowns, overdue responses, recent incidents.

use super::{asked, chrome, geo, map, page, sector_name, Chrome, Problem, STATUSES};
use crate::state::AppState;
use crate::store::IncidentFilter;
use crate::web::i18n::format_int;
use crate::web::map::{Direction, Layers, ReferenceMark, Viewport};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::deployment::name_in;
use model::geo::LonLat;
use model::Viewer;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    lang: Option<String>,
    /// The zone to show times in: a party id or UTC.
    tz: Option<String>,
    zoom: Option<f64>,
    lon: Option<f64>,
    lat: Option<f64>,
    /// "on" draws the reference events (off by default: 500 marks of context would hide the
    /// parties' own claims and weigh on a poor link).
    reference: Option<String>,
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
    pub since: super::When,
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
    pub when: super::When,
    pub status: String,
    pub status_label: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct Dashboard {
    pub c: Chrome,
    pub map_svg: String,
    pub map_controls: Vec<Link>,
    pub statuses: Vec<(String, String)>,
    pub counts: Vec<CountRow>,
    pub crossings: Vec<CrossingLine>,
    pub open_messages: Vec<MessageLine>,
    pub overdue: Vec<IncidentLine>,
    /// Incidents whose finding awaits signatures.
    pub unsigned: Vec<IncidentLine>,
    /// The member may report: a click on the map opens the report form at that point.
    pub may_report: bool,
    /// "source (licence)" of the reference events drawn, for the attribution under the map.
    pub reference_sources: Vec<String>,
    pub reference_shown: bool,
    pub recent: Vec<IncidentLine>,
}

const DAY_MS: i64 = 86_400_000;
/// Reference events within this distance of the line are drawn, the most recent first.
const REFERENCE_KM: f64 = 25.0;
const REFERENCE_SHOWN: i64 = 500;

pub async fn dashboard(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, Problem> {
    let (c, viewer) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/");
    let lang = c.lang();
    let now = app.clock.now_ms();
    let genesis = app.genesis()?;
    let sector_name = |id: &str| sector_name(&genesis.sectors, id, lang);
    let when = |rfc: &str| c.when(rfc);

    let filter = IncidentFilter { limit: 500, ..IncidentFilter::default() };
    let incidents = app.store.list_incidents(&filter, &viewer, now).await?.incidents;
    let line = |i: &crate::store::IncidentRow| IncidentLine {
        id: i.id.clone(),
        title: i.title.clone(),
        lang: i.title_lang.clone(),
        sector: sector_name(&i.sector),
        when: when(&i.occurred_start),
        status: i.status.clone(),
        status_label: c.status_label(&i.status),
    };

    // The map, with its zoom and pan links (plain links: they work without JavaScript).
    let mut layers = Layers::from_deployment(&genesis);
    layers.title = c.t("map-title");
    let crossings = crate::api::crossings::summaries(&app, &viewer, app.clock.now_ms()).await?;
    for mark in &mut layers.crossings {
        mark.status = crossings
            .iter()
            .find(|c| c.crossing == mark.id)
            .and_then(|c| model::bodies::CrossingState::parse(&c.status));
    }
    layers.incidents = super::incident_marks(&c, &incidents);
    let now = app.clock.now_ms();
    let windows: Vec<_> =
        app.store.windows(&viewer).await?.into_iter().map(|w| crate::api::windows::WindowView::new(w, now)).collect();
    layers.windows = super::windows::window_marks(&c, &genesis, &windows);
    // Reference events near the line (UCDP, ACLED): context, drawn apart from the parties' claims.
    let show_reference = q.reference.as_deref() == Some("on");
    let reference = app.store.reference_events(i64::MIN, i64::MAX, REFERENCE_KM, REFERENCE_SHOWN).await?;
    let reference_sources: Vec<String> = {
        let mut s: Vec<String> = reference.iter().map(|r| format!("{} ({})", r.source, r.licence)).collect();
        s.sort();
        s.dedup();
        s
    };
    if show_reference {
        layers.references = reference
            .iter()
            .map(|r| ReferenceMark {
                at: LonLat(r.lon, r.lat),
                // The source is named once, in the map's attribution, not in each of 500 marks.
                label: format!("{} · {} · {} ({})", r.date_start, r.event_type, r.location, r.fatalities),
                labelled: false,
            })
            .collect();
    }
    let area = layers.area(geo());
    let view = match (q.zoom, q.lon, q.lat) {
        (Some(zoom), Some(lon), Some(lat)) => Viewport { center: LonLat(lon, lat), zoom }.clamped(&area),
        _ => Viewport::whole(&area),
    };
    let place = |v: Viewport| format!("/?lang={lang}&zoom={}&lon={:.4}&lat={:.4}", v.zoom, v.center.0, v.center.1);
    let href = |v: Viewport| format!("{}{}", place(v), if show_reference { "&reference=on" } else { "" });
    let mut map_controls = vec![
        Link { href: href(view.zoom_in(&area)), label: c.t("map-zoom-in") },
        Link { href: href(view.zoom_out(&area)), label: c.t("map-zoom-out") },
    ];
    for (d, key) in [
        (Direction::North, "map-pan-north"),
        (Direction::South, "map-pan-south"),
        (Direction::West, "map-pan-west"),
        (Direction::East, "map-pan-east"),
    ] {
        if view.can_pan(&area, d) {
            map_controls.push(Link { href: href(view.pan(&area, d)), label: c.t(key) });
        }
    }
    map_controls.push(Link { href: format!("/?lang={lang}"), label: c.t("map-reset") });
    if !reference.is_empty() {
        let (value, key) = if show_reference { ("off", "map-reference-hide") } else { ("on", "map-reference-show") };
        map_controls.push(Link { href: format!("{}&reference={value}", place(view)), label: c.t(key) });
    }
    let map_svg = map::render(geo(), &layers, &view, lang);

    // Counts per sector for the last day and week, with the reporting parties: over every
    // incident of the week, not only those drawn on the map.
    let mut per_sector: BTreeMap<String, (i64, i64, BTreeMap<String, i64>)> = BTreeMap::new();
    for (sector, party, day, week) in app.store.incident_counts(&viewer, now - 7 * DAY_MS, now - DAY_MS).await? {
        let entry = per_sector.entry(sector).or_default();
        entry.0 += day;
        entry.1 += week;
        *entry.2.entry(party).or_default() += week;
    }
    let counts = per_sector
        .into_iter()
        .map(|(sector, (day, week, parties))| CountRow {
            sector: sector_name(&sector),
            party: parties
                .iter()
                .map(|(p, n)| format!("{p} {}", format_int(c.locale, *n)))
                .collect::<Vec<_>>()
                .join(" · "),
            day: format_int(c.locale, day),
            week: format_int(c.locale, week),
        })
        .collect();

    let crossing_lines = genesis
        .crossings
        .iter()
        .map(|x| {
            let board = crossings.iter().find(|r| r.crossing == x.id);
            let status = board.map(|r| r.status.clone()).unwrap_or_else(|| "unknown".into());
            CrossingLine {
                name: name_in(&x.name, lang).to_string(),
                status_label: if status == "unknown" { c.t("unknown") } else { c.t(&format!("crossing-{status}")) },
                status,
                since: board.and_then(|r| r.since.as_deref()).map(when).unwrap_or_default(),
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
                kind: c.t(&format!("msg-{}", m.message_type.replace('_', "-"))),
                route: format!("{} → {}", m.party, m.addressed.join(", ")),
                sector: sector_name(&m.sector),
                due: c.when_text(&m.ack_due),
                due_iso: m.ack_due.clone(),
                escalated: match m.escalated.as_deref() {
                    Some("mediators") => c.t("hotline-escalated-mediators"),
                    Some(_) => c.t("hotline-escalated-backup"),
                    None => String::new(),
                },
            })
            .collect(),
        Viewer::Anonymous => vec![],
    };

    // Only incidents this viewer may read (those loaded above) are named.
    let awaiting = app.store.findings_awaiting_signatures(50).await?;
    let unsigned = awaiting.iter().filter_map(|id| incidents.iter().find(|i| &i.id == id)).take(20).map(line).collect();
    let may_report = super::signer(&app, &headers).is_some_and(|m| m.may(model::Kind::IncidentReport));
    let page_data = Dashboard {
        unsigned,
        may_report,
        reference_shown: show_reference && !reference_sources.is_empty(),
        reference_sources,
        statuses: STATUSES.iter().map(|s| (s.to_string(), c.status_label(s))).collect(),
        overdue: incidents.iter().filter(|i| i.status == "unanswered").take(20).map(line).collect(),
        recent: incidents.iter().take(12).map(line).collect(),
        map_svg,
        map_controls,
        counts,
        crossings: crossing_lines,
        open_messages,
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}
