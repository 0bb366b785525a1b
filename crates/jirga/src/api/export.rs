//! Incidents out, in the formats of the field: ACLED-compatible CSV (docs/EXPORTS.md gives the
//! mapping), a GeoJSON FeatureCollection (RFC 7946), and JSON lines. An export holds what the
//! reader may read, under the same filters as the list.

use super::incidents::ListQuery;
use super::{auth, AppState, Problem};
use crate::store::IncidentRow;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use model::deployment::{name_in, Genesis};
use model::geo::LonLat;
use serde::Deserialize;
use serde_json::json;

type Actors = std::collections::BTreeMap<String, model::actor::Actor>;

/// An export stops here: a larger one is a sign the filters were forgotten.
pub const MAX_ROWS: usize = 200_000;

#[derive(Deserialize)]
pub struct ExportQuery {
    /// acled (CSV), geojson or jsonl.
    pub format: String,
    #[serde(flatten)]
    pub list: ListQuery,
}

#[utoipa::path(get, path = "/v1/incidents/export",
    params(("format" = String, Query, description = "acled (CSV, 31 ACLED columns), geojson or jsonl"), ListQuery),
    responses((status = 200, description = "the incidents the reader may read, filtered"), (status = 400, body = Problem)))]
pub async fn export(
    State(app): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Problem> {
    let Query(q) = q?;
    let viewer = auth::viewer(&app, &headers)?;
    let filter = q.list.filter()?;
    let rows = app.store.all_incidents(&filter, &viewer, app.clock.now_ms(), MAX_ROWS).await?.ok_or_else(|| {
        Problem::bad_request("too-large", format!("more than {MAX_ROWS} incidents: narrow the filters"))
    })?;
    let (genesis, actors) = {
        let state = app.seq.state.read().expect("state lock");
        let d = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("no genesis yet"))?;
        (d.genesis.clone(), d.actors.clone())
    };
    let (content_type, name, body) = match q.format.as_str() {
        "acled" => ("text/csv; charset=utf-8", "incidents.csv", acled_csv(&rows, &genesis, &actors)?),
        "geojson" => ("application/geo+json", "incidents.geojson", geojson(&rows).to_string().into_bytes()),
        "jsonl" => ("application/jsonl", "incidents.jsonl", json_lines(&rows)?),
        other => return Err(Problem::bad_request("invalid", format!("format {other:?}: acled, geojson or jsonl"))),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response())
}

fn party_name(genesis: &Genesis, id: &str) -> String {
    genesis.parties.iter().find(|p| p.id == id).map(|p| name_in(&p.name, "en").to_string()).unwrap_or_else(|| id.into())
}

/// The country a point is in, by name and ISO 3166 numeric code; on the line, the reporter's.
fn country(at: LonLat, reporter: &str) -> (&'static str, u16) {
    match crate::geography::boundary().polygon_side(at).unwrap_or(reporter) {
        "PK" => ("Pakistan", 586),
        "AF" => ("Afghanistan", 4),
        _ => ("", 0),
    }
}

fn acled_csv(rows: &[IncidentRow], genesis: &Genesis, actors: &Actors) -> Result<Vec<u8>, Problem> {
    let mut w = csv::Writer::from_writer(vec![]);
    let fail = |e: csv::Error| Problem::internal(anyhow::anyhow!("writing CSV: {e}"));
    w.write_record(model::acled::COLUMNS).map_err(fail)?;
    // ACLED's rows are events: one row an event, by its first claim listed; repeats left out.
    let mut seen = std::collections::BTreeSet::new();
    for i in rows.iter().filter(|i| i.duplicate_of.is_none() && i.event.as_ref().is_none_or(|e| seen.insert(e.clone())))
    {
        let ms = |rfc: &str| chrono::DateTime::parse_from_rfc3339(rfc).map(|t| t.timestamp_millis()).unwrap_or(0);
        let span_days = i.occurred_end.as_deref().map_or(0, |end| (ms(end) - i.occurred_ms) / 86_400_000);
        let reporter = party_name(genesis, &i.party);
        let accused = i.accused.as_deref().map(|a| party_name(genesis, a));
        let sector = genesis.sectors.iter().find(|s| s.id == i.sector).map(|s| name_in(&s.name, "en").to_string());
        let location = i.place.clone().or(sector).unwrap_or_else(|| i.sector.clone());
        let row = model::acled::row(&model::acled::Incident {
            id: i.event.as_deref().unwrap_or(&i.id),
            date: i.occurred_start.get(..10).unwrap_or_default(),
            span_days,
            category: &i.category,
            reporter: &reporter,
            accused: accused.as_deref(),
            actor: i.actor.as_ref().and_then(|id| actors.get(id)).map(|a| (name_in(&a.name, "en"), a.inter)),
            country: country(LonLat(i.lon, i.lat), &i.party),
            location: &location,
            lat: i.lat,
            lon: i.lon,
            precision_m: i.precision_m,
            title: &i.title,
            killed: i.killed,
            status: &i.status,
            logged_at_s: ms(&i.logged_at) / 1000,
        });
        w.write_record(&row).map_err(fail)?;
    }
    w.into_inner().map_err(|e| Problem::internal(anyhow::anyhow!("writing CSV: {e}")))
}

/// RFC 7946: positions are [longitude, latitude] in WGS 84, and there is no "crs" member.
fn geojson(rows: &[IncidentRow]) -> serde_json::Value {
    let features: Vec<_> = rows
        .iter()
        .map(|i| {
            json!({
                "type": "Feature",
                "id": i.id,
                "geometry": {"type": "Point", "coordinates": [i.lon, i.lat]},
                "properties": {
                    "title": i.title, "title_lang": i.title_lang, "category": i.category, "status": i.status,
                    "reported_by": i.party, "accused": i.accused, "actor": i.actor, "launched_from": i.launched_from, "sector": i.sector, "place": i.place,
                    "occurred_start": i.occurred_start, "occurred_end": i.occurred_end,
                    "precision_m": i.precision_m, "killed": i.killed, "wounded": i.wounded,
                    "logged_at": i.logged_at, "url": format!("/incidents/{}", i.id),
                },
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

fn json_lines(rows: &[IncidentRow]) -> Result<Vec<u8>, Problem> {
    let mut out = vec![];
    for i in rows {
        serde_json::to_writer(&mut out, i).map_err(|e| Problem::internal(e.into()))?;
        out.push(b'\n');
    }
    Ok(out)
}
