//! Events and duplicates in the projection: a mediator's link sets the event of each claim it
//! names (and how many claims the event has); a party's duplicate mark names the report its repeat
//! repeats. The suggestions of likely pairs are computed from the claims by model::event.

use super::sql::{insert_rows, Val};
use super::verification_reads::readable;
use super::{IncidentRow, NewEntry, Store};
use anyhow::Result;
use model::event::{suggest, Claim, PairingRules};
use model::geo::LonLat;
use model::{Body, Viewer};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use utoipa::ToSchema;

/// How many of the latest claims the suggestions look at.
const SUGGESTION_CLAIMS: usize = 5_000;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SuggestionRow {
    pub a: IncidentRow,
    pub b: IncidentRow,
    pub km: f64,
    pub minutes: i64,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct EventView {
    pub statement: String,
    pub party: String,
    pub note: Option<String>,
    pub logged_at: String,
    /// The claims as the reader may read them, side by side.
    pub claims: Vec<IncidentRow>,
    /// Claims linked that the reader may not read.
    pub hidden: usize,
}

/// Projects a link or a duplicate mark; false when the entry is of another kind.
pub(super) async fn project(tx: &mut Transaction<'_, Any>, e: &NewEntry) -> Result<bool> {
    match &e.parsed {
        Body::EventLink(l) => {
            let claims: Vec<String> = e.refs.iter().map(|r| r.hex()).collect();
            let note = l.note.as_ref().map(serde_json::to_string).transpose()?.unwrap_or_default();
            let row = vec![
                Val::Text(e.id.hex()),
                Val::Text(e.party.clone()),
                Val::Text(claims.join(",")),
                Val::Text(note),
                Val::I64(e.idx as i64),
                Val::I64(e.logged_at),
                Val::Text(e.visibility.as_str().into()),
            ];
            let cols = ["statement", "party", "claims", "note", "idx", "logged_at", "visibility"];
            insert_rows(tx, "events", &cols, vec![row], "").await?;
            for c in &claims {
                sqlx::query("UPDATE incidents SET event = $1, claims = $2 WHERE id = $3")
                    .bind(e.id.hex())
                    .bind(claims.len() as i64)
                    .bind(c)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Body::Duplicate(_) => {
            sqlx::query("UPDATE incidents SET duplicate_of = $1 WHERE id = $2")
                .bind(e.refs[1].hex())
                .bind(e.refs[0].hex())
                .execute(&mut **tx)
                .await?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

impl Store {
    /// Likely pairs among the latest claims the viewer may read.
    pub async fn event_suggestions(
        &self,
        viewer: &Viewer,
        rules: &PairingRules,
        now_ms: i64,
    ) -> Result<Vec<SuggestionRow>> {
        let mut f = super::IncidentFilter { limit: 500, ..Default::default() };
        let mut rows = vec![];
        while rows.len() < SUGGESTION_CLAIMS {
            let page = self.list_incidents(&f, viewer, now_ms).await?;
            rows.extend(page.incidents);
            match page.next_cursor.as_deref().and_then(super::parse_cursor) {
                Some(after) => f.after = Some(after),
                None => break,
            }
        }
        let claims: Vec<Claim> = rows
            .iter()
            .map(|r| Claim {
                id: r.id.clone(),
                party: r.party.clone(),
                accused: r.accused.clone(),
                at: LonLat(r.lon, r.lat),
                occurred_ms: r.occurred_ms,
                settled: r.event.is_some() || r.duplicate_of.is_some(),
            })
            .collect();
        Ok(suggest(&claims, rules)
            .into_iter()
            .map(|s| SuggestionRow {
                a: rows[s.a].clone(),
                b: rows[s.b].clone(),
                km: (s.km * 10.0).round() / 10.0,
                minutes: s.minutes,
            })
            .collect())
    }

    /// Every event the viewer may read, newest first, with its claims.
    pub async fn events(&self, viewer: &Viewer, now_ms: i64) -> Result<Vec<EventView>> {
        let rows =
            sqlx::query("SELECT statement, party, claims, note, logged_at, visibility FROM events ORDER BY idx DESC")
                .fetch_all(&self.pool)
                .await?;
        let mut out = vec![];
        for r in rows {
            let (party, visibility): (String, String) = (r.try_get(1)?, r.try_get(5)?);
            if !readable(viewer, &party, &visibility) {
                continue;
            }
            let ids = super::sql::comma_list(&r.try_get::<String, _>(2)?);
            let mut claims = vec![];
            for id in &ids {
                let Some(id) = model::StatementId::parse(id) else { continue };
                if let Some(row) = self.incident_row(&id, viewer, now_ms).await? {
                    claims.push(row);
                }
            }
            let note: String = r.try_get(3)?;
            let note =
                if note.is_empty() { None } else { Some(serde_json::from_str::<model::bodies::Text>(&note)?.text) };
            out.push(EventView {
                statement: r.try_get(0)?,
                party,
                note,
                logged_at: super::rfc3339(r.try_get(4)?),
                hidden: ids.len() - claims.len(),
                claims,
            });
        }
        Ok(out)
    }
}
