//! The projection: SQL tables derived from the log, written in the same transaction as the
//! entries they come from. `rebuild` replays the log through the same code.

use super::sql::{insert_rows, Val};
use super::NewEntry;
use anyhow::Result;
use model::bodies::{IncidentReport, Position};
use model::incident;
use model::{deadlines, Body, Genesis};
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeSet;

pub struct Projector {
    /// The parties and rules: deadlines and when a finding is final.
    pub genesis: Genesis,
}

pub(super) fn text(s: &str) -> Val {
    Val::Text(s.to_string())
}

/// The incident columns that every version sets.
fn version_columns(r: &IncidentReport) -> Vec<(&'static str, Val)> {
    vec![
        ("accused", Val::OptText(r.accused.clone())),
        ("category", text(&r.category)),
        ("sector", text(&r.location.sector)),
        ("place", Val::OptText(r.location.place.clone())),
        ("lat", Val::F64(r.location.lat)),
        ("lon", Val::F64(r.location.lon)),
        (
            "line_m",
            Val::F64(crate::geography::boundary().distance_m(model::geo::LonLat(r.location.lon, r.location.lat))),
        ),
        ("precision_m", Val::I64(r.location.precision_m.into())),
        ("occurred_start", Val::I64(r.occurred.start.timestamp_millis())),
        ("occurred_end", Val::OptI64(r.occurred.end.map(|e| e.timestamp_millis()))),
        ("title", text(&r.title.text)),
        ("title_lang", text(&r.title.lang)),
        ("killed", Val::I64(r.casualties.killed.best_total().into())),
        ("wounded", Val::I64(r.casualties.wounded.best_total().into())),
        ("actor", Val::OptText(r.actor.clone())),
        ("launched_from", Val::OptText(r.launched_from.clone())),
    ]
}

impl Projector {
    pub fn new(genesis: &Genesis) -> Projector {
        Projector { genesis: genesis.clone() }
    }

    pub async fn project(&self, tx: &mut Transaction<'_, Any>, entries: &[NewEntry]) -> Result<()> {
        // Reports are the bulk of a busy log: insert them all at once, then apply the rest in
        // log order (an amendment or answer always comes after the report it refers to).
        let mut reports = Vec::new();
        let mut alleged = Vec::new();
        let mut allegations = Vec::new();
        for e in entries {
            if let Body::IncidentReport(r) = &e.parsed {
                let id = e.id.hex();
                let mut row = vec![
                    Val::Text(id.clone()),
                    Val::I64(e.idx as i64),
                    Val::Text(id.clone()),
                    Val::I64(1),
                    Val::Text(e.author.to_string()),
                    text(&e.party),
                    Val::I64(e.logged_at),
                    Val::I64(e.logged_at),
                    text(e.visibility.as_str()),
                    Val::I64(0),
                    text(incident::Status::Reported.as_str()),
                    Val::I64(deadlines::response_due(e.logged_at, &self.genesis.rules)),
                ];
                alleged.extend(alleged_breaches(&id, r));
                allegations.extend(allegation_rows(&id, e.idx, r));
                row.extend(version_columns(r).into_iter().map(|(_, v)| v));
                reports.push(row);
            }
        }
        if !reports.is_empty() {
            let mut columns = vec![
                "id",
                "idx",
                "latest",
                "versions",
                "reporter",
                "party",
                "logged_at",
                "updated_at",
                "visibility",
                "responses",
                "state",
                "deadline",
            ];
            columns.extend(version_columns(first_report(entries)).into_iter().map(|(c, _)| c));
            insert_rows(tx, "incidents", &columns, reports, "").await?;
            insert_rows(tx, "breaches", BREACH_COLUMNS, alleged, "ON CONFLICT DO NOTHING").await?;
            insert_rows(tx, "allegations", ALLEGATION_COLUMNS, allegations, "ON CONFLICT DO NOTHING").await?;
            let new: Vec<(String, &IncidentReport)> = entries
                .iter()
                .filter_map(|e| match &e.parsed {
                    Body::IncidentReport(r) => Some((e.id.hex(), r.as_ref())),
                    _ => None,
                })
                .collect();
            super::windows::flag_reports(tx, &new).await?;
        }
        let mut answered = BTreeSet::new();
        for e in entries {
            match &e.parsed {
                Body::IncidentReport(_) => {}
                Body::Genesis(g) => {
                    for p in &g.parties {
                        for a in &p.admins {
                            upsert_member(tx, &a.key.to_string(), &p.id, &a.name, "admin", 0).await?;
                        }
                    }
                }
                Body::MemberEnrol(m) => {
                    let roles: Vec<&str> = m.roles.iter().map(|r| r.as_str()).collect();
                    upsert_member(tx, &m.key.to_string(), &e.party, &m.name, &roles.join(","), e.idx as i64).await?;
                }
                Body::MemberRevoke(r) => {
                    sqlx::query("UPDATE members SET revoked_at = $1 WHERE key = $2 AND revoked_at IS NULL")
                        .bind(e.idx as i64)
                        .bind(r.key.to_string())
                        .execute(&mut **tx)
                        .await?;
                }
                Body::IncidentAmend(r) => self.amend(tx, e, r).await?,
                Body::Response(r) => {
                    let incident = e.ref_incidents[0].hex();
                    sqlx::query(
                        "INSERT INTO responses (statement, incident, idx, party, position, visibility, logged_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(e.id.hex())
                    .bind(&incident)
                    .bind(e.idx as i64)
                    .bind(&e.party)
                    .bind(r.position.as_str())
                    .bind(e.visibility.as_str())
                    .bind(e.logged_at)
                    .execute(&mut **tx)
                    .await?;
                    answered.insert(incident);
                }
                Body::PublicStatement(p) => {
                    sqlx::query(
                        "INSERT INTO public_statements (statement, party, speaker, published, idx) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(e.id.hex())
                    .bind(&e.party)
                    .bind(&p.speaker)
                    .bind(p.published.timestamp_millis())
                    .bind(e.idx as i64)
                    .execute(&mut **tx)
                    .await?;
                    let links: BTreeSet<String> = e.ref_incidents.iter().map(|i| i.hex()).collect();
                    let rows = links.into_iter().map(|i| vec![Val::Text(e.id.hex()), Val::Text(i)]).collect();
                    insert_rows(tx, "statement_links", &["statement", "incident"], rows, "").await?;
                }
                _ => {
                    if !super::crossings::project(tx, e).await?
                        && !super::windows::project(tx, &self.genesis, e).await?
                        && !super::events::project(tx, e).await?
                        && !super::violations::project(tx, e).await?
                        && !super::obligations::project(tx, e).await?
                        && !super::translations::project(tx, e).await?
                    {
                        self.project_verification(tx, e).await?
                    }
                }
            }
        }
        for incident in answered {
            let rows = sqlx::query("SELECT position FROM responses WHERE incident = $1")
                .bind(&incident)
                .fetch_all(&mut **tx)
                .await?;
            let positions: Vec<Position> = rows
                .iter()
                .map(|r| serde_json::from_value(serde_json::Value::String(r.try_get(0)?)).map_err(anyhow::Error::from))
                .collect::<Result<_>>()?;
            // An incident under investigation stays so, whatever the answers say.
            sqlx::query("UPDATE incidents SET answer = $1, state = COALESCE(stage, $1), responses = $2 WHERE id = $3")
                .bind(incident::answered_state(&positions).as_str())
                .bind(positions.len() as i64)
                .bind(&incident)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    async fn amend(&self, tx: &mut Transaction<'_, Any>, e: &NewEntry, r: &IncidentReport) -> Result<()> {
        let incident = e.incident.expect("an amendment belongs to an incident").hex();
        let columns = version_columns(r);
        let mut sql =
            String::from("UPDATE incidents SET latest = $1, versions = versions + 1, updated_at = $2, visibility = $3");
        for (i, (name, _)) in columns.iter().enumerate() {
            sql.push_str(&format!(", {name} = ${}", i + 4));
        }
        sql.push_str(&format!(" WHERE id = ${}", columns.len() + 4));
        let mut q = sqlx::query(&sql).bind(e.id.hex()).bind(e.logged_at).bind(e.visibility.as_str());
        for (_, v) in columns {
            q = super::sql::bind(q, v);
        }
        q.bind(&incident).execute(&mut **tx).await?;
        sqlx::query(
            "INSERT INTO incident_versions (incident, version, statement, idx) \
             SELECT id, versions, $1, $2 FROM incidents WHERE id = $3",
        )
        .bind(e.id.hex())
        .bind(e.idx as i64)
        .bind(&incident)
        .execute(&mut **tx)
        .await?;
        // The latest version says which clauses are alleged breached; verdicts of findings stay.
        sqlx::query("DELETE FROM breaches WHERE incident = $1 AND state = 'alleged'")
            .bind(&incident)
            .execute(&mut **tx)
            .await?;
        insert_rows(tx, "breaches", BREACH_COLUMNS, alleged_breaches(&incident, r), "ON CONFLICT DO NOTHING").await?;
        let rows = allegation_rows(&incident, e.idx, r);
        insert_rows(tx, "allegations", ALLEGATION_COLUMNS, rows, "ON CONFLICT DO NOTHING").await?;
        // The latest version's place and time decide whether it broke a window of silence.
        sqlx::query("DELETE FROM window_violations WHERE incident = $1").bind(&incident).execute(&mut **tx).await?;
        super::windows::flag_reports(tx, &[(incident, r)]).await?;
        Ok(())
    }
}

const BREACH_COLUMNS: &[&str] = &["incident", "clause", "party", "state", "source"];

/// The clauses a report says the accused party breached.
fn alleged_breaches(incident: &str, r: &IncidentReport) -> Vec<Vec<Val>> {
    let Some(accused) = &r.accused else { return vec![] };
    r.clauses.iter().map(|c| vec![text(incident), text(c), text(accused), text("alleged"), text(incident)]).collect()
}

const ALLEGATION_COLUMNS: &[&str] = &["incident", "idx", "clause", "party"];

/// What one version alleges, kept per version so the compliance record can be read as of a moment.
fn allegation_rows(incident: &str, idx: u64, r: &IncidentReport) -> Vec<Vec<Val>> {
    let Some(accused) = &r.accused else { return vec![] };
    r.clauses.iter().map(|c| vec![text(incident), Val::I64(idx as i64), text(c), text(accused)]).collect()
}

fn first_report(entries: &[NewEntry]) -> &IncidentReport {
    entries
        .iter()
        .find_map(|e| match &e.parsed {
            Body::IncidentReport(r) => Some(r.as_ref()),
            _ => None,
        })
        .expect("called with at least one report")
}

async fn upsert_member(
    tx: &mut Transaction<'_, Any>,
    key: &str,
    party: &str,
    name: &str,
    roles: &str,
    enrolled_at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO members (key, party, name, roles, enrolled_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (key) DO UPDATE SET name = excluded.name, roles = excluded.roles",
    )
    .bind(key)
    .bind(party)
    .bind(name)
    .bind(roles)
    .bind(enrolled_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
