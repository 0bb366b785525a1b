//! Reads of the projection, always filtered by what the viewer may read.

use super::sql::{bind, Val};
use super::Store;
use anyhow::Result;
use model::incident::{self, Status};
use model::{StatementId, Viewer};
use serde::Serialize;
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Clone, Debug, Default)]
pub struct IncidentFilter {
    /// Occurred at or after, ms.
    pub from: Option<i64>,
    /// Occurred before, ms.
    pub to: Option<i64>,
    pub sector: Option<String>,
    pub category: Option<String>,
    pub status: Option<Status>,
    /// The reporting party.
    pub party: Option<String>,
    pub accused: Option<String>,
    /// The actor of the register alleged to have acted.
    pub actor: Option<String>,
    /// min lon, min lat, max lon, max lat.
    pub bbox: Option<[f64; 4]>,
    /// Within this many km of the boundary line.
    pub within_km: Option<f64>,
    /// (occurred_start, idx) of the last row of the previous page.
    pub after: Option<(i64, i64)>,
    pub limit: u32,
}

#[derive(Clone, Debug, Serialize, PartialEq, utoipa::ToSchema)]
pub struct IncidentRow {
    pub id: String,
    pub versions: i64,
    pub party: String,
    pub accused: Option<String>,
    pub category: String,
    pub sector: String,
    pub place: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub precision_m: i64,
    /// RFC 3339.
    pub occurred_start: String,
    pub occurred_end: Option<String>,
    pub logged_at: String,
    pub updated_at: String,
    pub title: String,
    pub title_lang: String,
    pub killed: i64,
    pub wounded: i64,
    pub responses: i64,
    /// reported, answered, disputed or unanswered (overdue).
    pub status: String,
    pub response_deadline: String,
    pub visibility: String,
    /// The event a mediator linked this claim into, and how many claims that event has.
    pub event: Option<String>,
    pub claims: i64,
    /// The reporting party's own earlier report that this one repeats.
    pub duplicate_of: Option<String>,
    /// The actor alleged to have acted (an id of the register), and the party whose territory it
    /// is alleged to have been launched from.
    pub actor: Option<String>,
    pub launched_from: Option<String>,
    #[serde(skip)]
    pub idx: i64,
    #[serde(skip)]
    pub occurred_ms: i64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct IncidentPage {
    pub incidents: Vec<IncidentRow>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct VersionRow {
    pub version: i64,
    pub statement: String,
    pub index: i64,
    /// When its author signed it (RFC 3339): earlier than logged_at when sent from a queue.
    pub signed_at: String,
    pub logged_at: String,
    pub author: String,
    pub visibility: String,
    /// The report as filed; null when the viewer may not read it.
    pub body: Option<Value>,
    /// checkpointed or witnessed.
    pub status: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ResponseRow {
    pub statement: String,
    pub index: i64,
    pub party: String,
    pub position: String,
    pub signed_at: String,
    pub logged_at: String,
    pub visibility: String,
    pub body: Option<Value>,
    /// checkpointed or witnessed.
    pub status: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicStatementRow {
    pub statement: String,
    pub party: String,
    pub speaker: String,
    pub published: String,
    pub body: Option<Value>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct IncidentDetail {
    pub incident: IncidentRow,
    /// Every version, oldest first: amendments never replace what was filed.
    pub versions: Vec<VersionRow>,
    pub responses: Vec<ResponseRow>,
    pub public_statements: Vec<PublicStatementRow>,
    /// Files registered about the incident; sealed ones show only their hash and size.
    pub evidence: Vec<super::EvidenceRow>,
    pub investigations: Vec<super::InvestigationView>,
    /// The windows of silence in force it was reported inside (their statement ids).
    pub windows_violated: Vec<String>,
}

/// When the author of a logged entry signed it.
fn signed_at(entry: &[u8]) -> Result<String> {
    let entry = model::statement::Entry::parse(entry).map_err(|e| anyhow::anyhow!("a stored entry: {e}"))?;
    Ok(rfc3339(entry.header.time))
}

pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// Builds a WHERE clause with numbered placeholders.
pub(super) struct Where {
    clauses: Vec<String>,
    pub(super) values: Vec<Val>,
}

impl Where {
    pub(super) fn new() -> Where {
        Where { clauses: Vec::new(), values: Vec::new() }
    }
    pub(super) fn next(&mut self, v: Val) -> String {
        self.values.push(v);
        format!("${}", self.values.len())
    }
    pub(super) fn push(&mut self, clause: String) {
        self.clauses.push(clause);
    }
    /// Rows whose (party, visibility) the viewer may read.
    pub(super) fn readable(&mut self, viewer: &Viewer, party_col: &str, vis_col: &str) {
        let (any, own) = viewer.readable();
        let list: Vec<String> = any.iter().map(|v| self.next(Val::Text(v.as_str().into()))).collect();
        let mut clause = format!("({vis_col} IN ({})", list.join(", "));
        if let Some(own) = own {
            let p = self.next(Val::Text(own.into()));
            clause.push_str(&format!(" OR {party_col} = {p}"));
        }
        clause.push(')');
        self.push(clause);
    }
    pub(super) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }
}

const INCIDENT_COLUMNS: &str = "id, idx, versions, party, accused, category, sector, place, lat, lon, precision_m, \
     occurred_start, occurred_end, logged_at, updated_at, title, title_lang, killed, wounded, responses, state, deadline, visibility, \
     event, claims, duplicate_of, actor, launched_from";

fn incident_from_row(r: &AnyRow, now_ms: i64) -> Result<IncidentRow> {
    let state: String = r.try_get("state")?;
    let deadline: i64 = r.try_get("deadline")?;
    let stored = Status::parse(&state).unwrap_or(Status::Reported);
    let occurred_ms: i64 = r.try_get("occurred_start")?;
    Ok(IncidentRow {
        id: r.try_get("id")?,
        idx: r.try_get("idx")?,
        versions: r.try_get("versions")?,
        party: r.try_get("party")?,
        accused: r.try_get("accused")?,
        category: r.try_get("category")?,
        sector: r.try_get("sector")?,
        place: r.try_get("place")?,
        lat: r.try_get("lat")?,
        lon: r.try_get("lon")?,
        precision_m: r.try_get("precision_m")?,
        occurred_start: rfc3339(occurred_ms),
        occurred_ms,
        occurred_end: r.try_get::<Option<i64>, _>("occurred_end")?.map(rfc3339),
        logged_at: rfc3339(r.try_get("logged_at")?),
        updated_at: rfc3339(r.try_get("updated_at")?),
        title: r.try_get("title")?,
        title_lang: r.try_get("title_lang")?,
        killed: r.try_get("killed")?,
        wounded: r.try_get("wounded")?,
        responses: r.try_get("responses")?,
        status: incident::status_at(stored, deadline, now_ms).as_str().to_string(),
        response_deadline: rfc3339(deadline),
        visibility: r.try_get("visibility")?,
        event: r.try_get("event")?,
        claims: r.try_get("claims")?,
        duplicate_of: r.try_get("duplicate_of")?,
        actor: r.try_get("actor")?,
        launched_from: r.try_get("launched_from")?,
    })
}

/// Where a statement at `index` stands in the log.
pub fn log_status(index: i64, witnessed_size: u64) -> &'static str {
    if (index as u64) < witnessed_size {
        "witnessed"
    } else {
        "checkpointed"
    }
}

impl IncidentDetail {
    pub fn set_log_status(&mut self, witnessed_size: u64) {
        for v in &mut self.versions {
            v.status = log_status(v.index, witnessed_size).into();
        }
        for r in &mut self.responses {
            r.status = log_status(r.index, witnessed_size).into();
        }
    }
}

/// A page cursor as `next_cursor` writes it: `<occurred_start>.<idx>`.
pub fn parse_cursor(c: &str) -> Option<(i64, i64)> {
    let (a, b) = c.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

impl Store {
    /// Every incident under the filter that the viewer may read, page after page; None past `max`.
    pub async fn all_incidents(
        &self,
        filter: &IncidentFilter,
        viewer: &Viewer,
        now_ms: i64,
        max: usize,
    ) -> Result<Option<Vec<IncidentRow>>> {
        let mut f = IncidentFilter { limit: 500, after: None, ..filter.clone() };
        let mut out = vec![];
        loop {
            let page = self.list_incidents(&f, viewer, now_ms).await?;
            out.extend(page.incidents);
            if out.len() > max {
                return Ok(None);
            }
            match page.next_cursor.as_deref().and_then(parse_cursor) {
                Some(after) => f.after = Some(after),
                None => return Ok(Some(out)),
            }
        }
    }

    /// Incidents per (sector, reporting party) that occurred since `week_from_ms`, and how many of
    /// them since `day_from_ms`, over what the viewer may read.
    pub async fn incident_counts(
        &self,
        viewer: &Viewer,
        week_from_ms: i64,
        day_from_ms: i64,
    ) -> Result<Vec<(String, String, i64, i64)>> {
        let mut w = Where::new();
        let day = w.next(Val::I64(day_from_ms));
        let week = w.next(Val::I64(week_from_ms));
        w.push(format!("occurred_start >= {week}"));
        w.readable(viewer, "party", "visibility");
        let sql = format!(
            "SELECT sector, party, SUM(CASE WHEN occurred_start >= {day} THEN 1 ELSE 0 END), COUNT(*) FROM incidents{} \
             GROUP BY sector, party ORDER BY sector, party",
            w.sql()
        );
        let mut q = sqlx::query(&sql);
        for v in w.values {
            q = super::sql::bind(q, v);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))).collect()
    }

    pub async fn list_incidents(&self, f: &IncidentFilter, viewer: &Viewer, now_ms: i64) -> Result<IncidentPage> {
        let mut w = Where::new();
        w.readable(viewer, "party", "visibility");
        if let Some(from) = f.from {
            let p = w.next(Val::I64(from));
            w.push(format!("occurred_start >= {p}"));
        }
        if let Some(to) = f.to {
            let p = w.next(Val::I64(to));
            w.push(format!("occurred_start < {p}"));
        }
        for (col, v) in [
            ("sector", &f.sector),
            ("category", &f.category),
            ("party", &f.party),
            ("accused", &f.accused),
            ("actor", &f.actor),
        ] {
            if let Some(v) = v {
                let p = w.next(Val::Text(v.clone()));
                w.push(format!("{col} = {p}"));
            }
        }
        if let Some(status) = f.status {
            // "reported" and "unanswered" share a stored state and differ by the clock.
            let (state, deadline_test) = match status {
                Status::Reported => ("reported", Some(">=")),
                Status::Unanswered => ("reported", Some("<")),
                other => (other.as_str(), None),
            };
            let p = w.next(Val::Text(state.into()));
            w.push(format!("state = {p}"));
            if let Some(op) = deadline_test {
                let p = w.next(Val::I64(now_ms));
                w.push(format!("deadline {op} {p}"));
            }
        }
        if let Some([min_lon, min_lat, max_lon, max_lat]) = f.bbox {
            let (a, b, c, d) = (
                w.next(Val::F64(min_lon)),
                w.next(Val::F64(max_lon)),
                w.next(Val::F64(min_lat)),
                w.next(Val::F64(max_lat)),
            );
            w.push(format!("lon >= {a} AND lon <= {b} AND lat >= {c} AND lat <= {d}"));
        }
        if let Some(km) = f.within_km {
            let p = w.next(Val::F64(km * 1000.0));
            w.push(format!("line_m <= {p}"));
        }
        if let Some((t, idx)) = f.after {
            let (a, b, c) = (w.next(Val::I64(t)), w.next(Val::I64(t)), w.next(Val::I64(idx)));
            w.push(format!("(occurred_start < {a} OR (occurred_start = {b} AND idx < {c}))"));
        }
        let limit = f.limit.clamp(1, 500);
        let sql = format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents{} ORDER BY occurred_start DESC, idx DESC LIMIT {}",
            w.sql(),
            limit + 1
        );
        let mut q = sqlx::query(&sql);
        for v in w.values {
            q = bind(q, v);
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut incidents: Vec<IncidentRow> =
            rows.iter().map(|r| incident_from_row(r, now_ms)).collect::<Result<_>>()?;
        let next_cursor = if incidents.len() > limit as usize {
            incidents.truncate(limit as usize);
            incidents.last().map(|r| format!("{}.{}", r.occurred_ms, r.idx))
        } else {
            None
        };
        Ok(IncidentPage { incidents, next_cursor })
    }

    /// A readable body as JSON, or None.
    pub(super) async fn readable_body(
        &self,
        viewer: &Viewer,
        statement: &str,
        party: &str,
        visibility: &str,
    ) -> Result<Option<Value>> {
        let vis = model::Visibility::parse(visibility).unwrap_or(model::Visibility::Party);
        if !viewer.may_read(party, vis) {
            return Ok(None);
        }
        let Some(id) = StatementId::parse(statement) else { return Ok(None) };
        Ok(self.body(&id).await?.map(|b| serde_json::from_slice(&b)).transpose()?)
    }

    /// An incident's row alone, if the viewer may read it: the original report decides whether
    /// the incident exists for this viewer at all.
    pub async fn incident_row(&self, id: &StatementId, viewer: &Viewer, now_ms: i64) -> Result<Option<IncidentRow>> {
        let sql = format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = $1");
        let Some(row) = sqlx::query(&sql).bind(id.hex()).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let incident = incident_from_row(&row, now_ms)?;
        let first_vis: String = sqlx::query("SELECT visibility FROM entries WHERE id = $1")
            .bind(id.0.to_vec())
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let first_vis = model::Visibility::parse(&first_vis).unwrap_or(model::Visibility::Party);
        Ok(viewer.may_read(&incident.party, first_vis).then_some(incident))
    }

    pub async fn incident(&self, id: &StatementId, viewer: &Viewer, now_ms: i64) -> Result<Option<IncidentDetail>> {
        let Some(incident) = self.incident_row(id, viewer, now_ms).await? else { return Ok(None) };
        let mut versions = Vec::new();
        let rows = sqlx::query(
            "SELECT v.version, v.statement, v.idx, e.logged_at, e.author, e.visibility, e.party, e.entry \
             FROM (SELECT 1 AS version, id AS statement, idx FROM incidents WHERE id = $1 \
             UNION ALL SELECT version, statement, idx FROM incident_versions WHERE incident = $1) v \
             JOIN entries e ON e.idx = v.idx ORDER BY v.version",
        )
        .bind(id.hex())
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let statement: String = r.try_get(1)?;
            let visibility: String = r.try_get(5)?;
            let party: String = r.try_get(6)?;
            versions.push(VersionRow {
                version: r.try_get(0)?,
                body: self.readable_body(viewer, &statement, &party, &visibility).await?,
                statement,
                index: r.try_get(2)?,
                signed_at: signed_at(&r.try_get::<Vec<u8>, _>(7)?)?,
                logged_at: rfc3339(r.try_get(3)?),
                author: r.try_get(4)?,
                visibility,
                status: String::new(),
            });
        }
        let mut responses = Vec::new();
        let rows = sqlx::query(
            "SELECT r.statement, r.idx, r.party, r.position, r.logged_at, r.visibility, e.entry FROM responses r \
             JOIN entries e ON e.idx = r.idx WHERE r.incident = $1 ORDER BY r.idx",
        )
        .bind(id.hex())
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let statement: String = r.try_get(0)?;
            let party: String = r.try_get(2)?;
            let visibility: String = r.try_get(5)?;
            // A sealed answer still shows that it exists: its header is in the public log anyway.
            let body = self.readable_body(viewer, &statement, &party, &visibility).await?;
            responses.push(ResponseRow {
                statement,
                index: r.try_get(1)?,
                party,
                position: r.try_get(3)?,
                signed_at: signed_at(&r.try_get::<Vec<u8>, _>(6)?)?,
                logged_at: rfc3339(r.try_get(4)?),
                visibility,
                body,
                status: String::new(),
            });
        }
        let mut public_statements = Vec::new();
        let rows = sqlx::query(
            "SELECT p.statement, p.party, p.speaker, p.published FROM public_statements p \
             JOIN statement_links l ON l.statement = p.statement WHERE l.incident = $1 ORDER BY p.idx",
        )
        .bind(id.hex())
        .fetch_all(&self.pool)
        .await?;
        for r in rows {
            let statement: String = r.try_get(0)?;
            let party: String = r.try_get(1)?;
            public_statements.push(PublicStatementRow {
                body: self.readable_body(viewer, &statement, &party, "public").await?,
                statement,
                party,
                speaker: r.try_get(2)?,
                published: rfc3339(r.try_get(3)?),
            });
        }
        let evidence = self.incident_evidence(id, viewer).await?;
        let investigations = self.investigations(id, viewer).await?;
        let windows_violated = self.windows_violated_by(&id.hex()).await?;
        Ok(Some(IncidentDetail {
            incident,
            versions,
            responses,
            public_statements,
            evidence,
            investigations,
            windows_violated,
        }))
    }
}
