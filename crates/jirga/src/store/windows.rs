//! The windows of silence' projection: each request with who agreed and when it came into force,
//! the server's marks of its start and end, and the incidents reported inside it while in force
//! (violations of the window), found when either the incident or the window's force comes second.

use super::sql::{comma_list, insert_rows, Val};
use super::verification_reads::readable;
use super::{NewEntry, Store};
use anyhow::Result;
use model::bodies::IncidentReport;
use model::deployment::{Genesis, PartyKind};
use model::geo::LonLat;
use model::window::{inside, WindowPhase, WindowRequest};
use model::{Body, Viewer};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use utoipa::ToSchema;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WindowRow {
    pub statement: String,
    pub party: String,
    pub sector: String,
    /// The ring of [lon, lat] points, if narrower than the sector.
    #[schema(value_type = Option<Vec<Vec<f64>>>)]
    pub area: Option<Vec<LonLat>>,
    pub start: String,
    pub end: String,
    pub purpose: String,
    pub text: String,
    pub lang: String,
    pub present: Vec<String>,
    /// The parties that have agreed (the requesting party by asking).
    pub agreed: Vec<String>,
    /// When the last party agreed; none while a party has not.
    pub in_force: Option<String>,
    pub started: Option<String>,
    pub ended: Option<String>,
    /// Incidents reported inside the window while it was in force, as far as the reader may read.
    pub violations: Vec<String>,
    pub visibility: String,
    #[serde(skip)]
    pub start_ms: i64,
    #[serde(skip)]
    pub end_ms: i64,
}

/// The parties whose agreement puts a window in force.
fn parties(genesis: &Genesis) -> Vec<&str> {
    genesis.parties.iter().filter(|p| p.kind == PartyKind::Party).map(|p| p.id.as_str()).collect()
}

async fn request_of(tx: &mut Transaction<'_, Any>, window: &str) -> Result<Option<(WindowRequest, String)>> {
    let row = sqlx::query("SELECT request, agreed FROM windows WHERE statement = $1")
        .bind(window)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(r) => Some((serde_json::from_str(&r.try_get::<String, _>(0)?)?, r.try_get(1)?)),
        None => None,
    })
}

/// Flags the incidents already reported inside a window that has just come into force.
async fn flag_incidents_of(
    tx: &mut Transaction<'_, Any>,
    window: &str,
    w: &WindowRequest,
    in_force_ms: i64,
) -> Result<()> {
    let rows = sqlx::query(
        "SELECT id, lon, lat, occurred_start FROM incidents WHERE sector = $1 AND occurred_start >= $2 AND occurred_start < $3",
    )
    .bind(&w.sector)
    .bind(w.start.timestamp_millis().max(in_force_ms))
    .bind(w.end.timestamp_millis())
    .fetch_all(&mut **tx)
    .await?;
    let mut flagged = vec![];
    for r in rows {
        let point = LonLat(r.try_get(1)?, r.try_get(2)?);
        if inside(w, in_force_ms, &w.sector, point, r.try_get(3)?) {
            flagged.push(vec![Val::Text(window.into()), Val::Text(r.try_get(0)?)]);
        }
    }
    insert_rows(tx, "window_violations", &["window_id", "incident"], flagged, "ON CONFLICT DO NOTHING").await
}

/// Flags reports (new ones, or an incident's latest version after an amendment: (incident id,
/// report)) that fall inside a window in force.
pub(super) async fn flag_reports(tx: &mut Transaction<'_, Any>, reports: &[(String, &IncidentReport)]) -> Result<()> {
    let Some(earliest) = reports.iter().map(|(_, r)| r.occurred.start.timestamp_millis()).min() else { return Ok(()) };
    let windows = sqlx::query(
        "SELECT statement, request, in_force_at FROM windows WHERE in_force_at IS NOT NULL AND end_ms > $1",
    )
    .bind(earliest)
    .fetch_all(&mut **tx)
    .await?;
    let mut flagged = vec![];
    for w in windows {
        let (id, request, in_force_ms): (String, String, i64) = (w.try_get(0)?, w.try_get(1)?, w.try_get(2)?);
        let request: WindowRequest = serde_json::from_str(&request)?;
        for (incident, r) in reports {
            let point = LonLat(r.location.lon, r.location.lat);
            if inside(&request, in_force_ms, &r.location.sector, point, r.occurred.start.timestamp_millis()) {
                flagged.push(vec![Val::Text(id.clone()), Val::Text(incident.clone())]);
            }
        }
    }
    insert_rows(tx, "window_violations", &["window_id", "incident"], flagged, "ON CONFLICT DO NOTHING").await
}

/// Projects a window statement; false when the entry is of another kind.
pub(super) async fn project(tx: &mut Transaction<'_, Any>, genesis: &Genesis, e: &NewEntry) -> Result<bool> {
    match &e.parsed {
        Body::WindowRequest(w) => {
            let agreed = if parties(genesis).contains(&e.party.as_str()) { e.party.clone() } else { String::new() };
            let row = vec![
                Val::Text(e.id.hex()),
                Val::Text(e.party.clone()),
                Val::Text(w.sector.clone()),
                Val::I64(w.start.timestamp_millis()),
                Val::I64(w.end.timestamp_millis()),
                Val::Text(w.purpose.as_str().into()),
                Val::Text(serde_json::to_string(w)?),
                Val::Text(agreed),
                Val::I64(e.idx as i64),
                Val::Text(e.visibility.as_str().into()),
            ];
            let cols = [
                "statement",
                "party",
                "sector",
                "start_ms",
                "end_ms",
                "purpose",
                "request",
                "agreed",
                "idx",
                "visibility",
            ];
            insert_rows(tx, "windows", &cols, vec![row], "").await?;
        }
        Body::WindowAck(_) => {
            let window = e.refs[0].hex();
            let row = vec![
                Val::Text(e.id.hex()),
                Val::Text(window.clone()),
                Val::Text(e.party.clone()),
                Val::Text(e.author.to_string()),
                Val::I64(e.idx as i64),
                Val::I64(e.logged_at),
            ];
            insert_rows(
                tx,
                "window_acks",
                &["statement", "window_id", "party", "member", "idx", "logged_at"],
                vec![row],
                "",
            )
            .await?;
            let Some((request, agreed)) = request_of(tx, &window).await? else { return Ok(true) };
            let mut agreed = comma_list(&agreed);
            agreed.push(e.party.clone());
            let in_force = parties(genesis).iter().all(|p| agreed.iter().any(|a| a == p));
            sqlx::query("UPDATE windows SET agreed = $1, in_force_at = $2 WHERE statement = $3")
                .bind(agreed.join(","))
                .bind(in_force.then_some(e.logged_at))
                .bind(&window)
                .execute(&mut **tx)
                .await?;
            if in_force {
                flag_incidents_of(tx, &window, &request, e.logged_at).await?;
            }
        }
        Body::WindowSignal(s) => {
            let column = match s.phase {
                WindowPhase::Started => "started_at",
                WindowPhase::Ended => "ended_at",
            };
            sqlx::query(&format!("UPDATE windows SET {column} = $1 WHERE statement = $2"))
                .bind(e.logged_at)
                .bind(e.refs[0].hex())
                .execute(&mut **tx)
                .await?;
            let row = vec![
                Val::Text(e.id.hex()),
                Val::Text(e.refs[0].hex()),
                Val::Text(s.phase.as_str().into()),
                Val::I64(e.idx as i64),
                Val::I64(e.logged_at),
            ];
            insert_rows(tx, "window_signals", &["statement", "window_id", "phase", "idx", "logged_at"], vec![row], "")
                .await?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

impl Store {
    /// Every window the viewer may read, the latest to start first.
    pub async fn windows(&self, viewer: &Viewer) -> Result<Vec<WindowRow>> {
        let rows = sqlx::query(
            "SELECT statement, party, request, agreed, in_force_at, started_at, ended_at, visibility, start_ms, end_ms \
             FROM windows ORDER BY start_ms DESC, idx DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = vec![];
        for r in rows {
            let (party, visibility): (String, String) = (r.try_get(1)?, r.try_get(7)?);
            if !readable(viewer, &party, &visibility) {
                continue;
            }
            let statement: String = r.try_get(0)?;
            let w: WindowRequest = serde_json::from_str(&r.try_get::<String, _>(2)?)?;
            let mut violations = vec![];
            let flagged = sqlx::query(
                "SELECT i.id, i.party, i.visibility FROM window_violations v JOIN incidents i ON i.id = v.incident \
                 WHERE v.window_id = $1 ORDER BY i.occurred_start",
            )
            .bind(&statement)
            .fetch_all(&self.pool)
            .await?;
            for f in flagged {
                let (p, v): (String, String) = (f.try_get(1)?, f.try_get(2)?);
                if readable(viewer, &p, &v) {
                    violations.push(f.try_get(0)?);
                }
            }
            let time = |v: Option<i64>| v.map(super::rfc3339);
            out.push(WindowRow {
                statement,
                party,
                sector: w.sector.clone(),
                area: w.area.clone(),
                start: super::rfc3339(w.start.timestamp_millis()),
                end: super::rfc3339(w.end.timestamp_millis()),
                purpose: w.purpose.as_str().into(),
                text: w.text.text.clone(),
                lang: w.text.lang.clone(),
                present: w.present.clone(),
                agreed: comma_list(&r.try_get::<String, _>(3)?),
                in_force: time(r.try_get(4)?),
                started: time(r.try_get(5)?),
                ended: time(r.try_get(6)?),
                violations,
                visibility,
                start_ms: r.try_get(8)?,
                end_ms: r.try_get(9)?,
            });
        }
        Ok(out)
    }

    /// The windows whose start or end the server has yet to mark at `now_ms`: (window, phase).
    pub async fn windows_due(&self, now_ms: i64) -> Result<Vec<(model::StatementId, WindowPhase, String)>> {
        let rows = sqlx::query(
            "SELECT statement, started_at, sector FROM windows WHERE in_force_at IS NOT NULL AND \
             ((started_at IS NULL AND start_ms <= $1) OR (started_at IS NOT NULL AND ended_at IS NULL AND end_ms <= $1)) \
             ORDER BY start_ms",
        )
        .bind(now_ms)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let id = model::StatementId::parse(&r.try_get::<String, _>(0)?)
                    .ok_or_else(|| anyhow::anyhow!("a bad id in the windows table"))?;
                let phase =
                    if r.try_get::<Option<i64>, _>(1)?.is_none() { WindowPhase::Started } else { WindowPhase::Ended };
                Ok((id, phase, r.try_get(2)?))
            })
            .collect()
    }

    /// The earliest moment by `until` at which a window's start or end is due to be marked.
    pub async fn next_window_mark(&self, until: i64) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT MIN(CASE WHEN started_at IS NULL THEN start_ms ELSE end_ms END) FROM windows \
             WHERE in_force_at IS NOT NULL AND ended_at IS NULL \
             AND (CASE WHEN started_at IS NULL THEN start_ms ELSE end_ms END) <= $1",
        )
        .bind(until)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// The windows of silence that incident `id` violates (their statement ids).
    pub async fn windows_violated_by(&self, id: &str) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT window_id FROM window_violations WHERE incident = $1 ORDER BY window_id")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }
}
