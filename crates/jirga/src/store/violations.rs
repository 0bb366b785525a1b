//! Violations in the projection: each report, and every step kept with its body and time, so
//! that the record shows claim, answer and decision side by side and a violation can be read as
//! it stood at any moment (who had endorsed, what was committed to by when, what was decided);
//! and the compliance record per party and clause that adds them up with the breaches.

use super::sql::{insert_rows, Val};
use super::verification_reads::readable;
use super::{NewEntry, Store};
use anyhow::Result;
use model::compliance::{breaches_at, BreachFacts, FinalFinding};
use model::investigation::{Conclusion, Verdict};
use model::violation::Remedial;
use model::{Body, Viewer};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StepRow {
    pub statement: String,
    /// violation.report, violation.endorse, violation.reply, violation.decision, violation.follow_up
    pub kind: String,
    pub party: String,
    pub logged_at: String,
    pub body: serde_json::Value,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ViolationRow {
    pub statement: String,
    pub finding: String,
    pub incident: String,
    pub clause: String,
    pub responsible: String,
    pub endorsed: Vec<String>,
    pub due: Option<String>,
    pub measure: Option<String>,
    pub done: bool,
    /// due, done or overdue; none while the responsible party has committed to nothing.
    pub remedial: Option<String>,
    /// Every step, in log order, as the reader may read them.
    pub steps: Vec<StepRow>,
}

/// Per party and clause: breaches alleged, verified and not attributable, and remedial actions.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct ComplianceRow {
    pub clause: String,
    pub party: String,
    pub alleged: i64,
    pub verified: i64,
    pub rejected: i64,
    pub not_attributable: i64,
    pub violations: i64,
    pub remedial_due: i64,
    pub remedial_done: i64,
    pub remedial_overdue: i64,
}

fn step_row(tx_kind: &str, e: &NewEntry) -> Result<Vec<Val>> {
    Ok(vec![
        Val::Text(e.id.hex()),
        Val::Text(if tx_kind == "violation.report" { e.id.hex() } else { e.refs[0].hex() }),
        Val::Text(tx_kind.into()),
        Val::Text(e.party.clone()),
        Val::Text(String::from_utf8(e.body.clone())?),
        Val::I64(e.idx as i64),
        Val::I64(e.logged_at),
        Val::Text(e.visibility.as_str().into()),
    ])
}

/// Projects a step of a violation; false when the entry is of another kind.
pub(super) async fn project(tx: &mut Transaction<'_, Any>, e: &NewEntry) -> Result<bool> {
    match &e.parsed {
        Body::ViolationReport(v) => {
            let finding = e.refs[0].hex();
            let incident: String = sqlx::query("SELECT incident FROM findings WHERE statement = $1")
                .bind(&finding)
                .fetch_one(&mut **tx)
                .await?
                .try_get(0)?;
            let row = vec![
                Val::Text(e.id.hex()),
                Val::Text(finding),
                Val::Text(incident),
                Val::Text(v.clause.clone()),
                Val::Text(v.responsible.clone()),
                Val::Text(e.party.clone()),
                Val::I64(e.idx as i64),
                Val::I64(e.logged_at),
                Val::Text(e.visibility.as_str().into()),
            ];
            let cols = [
                "statement",
                "finding",
                "incident",
                "clause",
                "responsible",
                "party",
                "idx",
                "logged_at",
                "visibility",
            ];
            insert_rows(tx, "violations", &cols, vec![row], "").await?;
        }
        // The later steps are read back from violation_steps, as of any moment.
        Body::ViolationEndorse(_)
        | Body::ViolationReply(_)
        | Body::ViolationDecision(_)
        | Body::ViolationFollowUp(_) => {}
        _ => return Ok(false),
    }
    let cols = ["statement", "violation", "kind", "party", "body", "idx", "logged_at", "visibility"];
    insert_rows(tx, "violation_steps", &cols, vec![step_row(e.kind.as_str(), e)?], "").await?;
    Ok(true)
}

impl Store {
    /// Every violation the viewer may read as it stood at `at_ms` (the steps logged by then),
    /// the newest first; of an incident when `incident` is given.
    pub async fn violations(&self, viewer: &Viewer, incident: Option<&str>, at_ms: i64) -> Result<Vec<ViolationRow>> {
        let rows = sqlx::query(
            "SELECT statement, finding, incident, clause, responsible, party, visibility \
             FROM violations WHERE $1 = '' OR incident = $1 ORDER BY idx DESC",
        )
        .bind(incident.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        let mut out = vec![];
        for r in rows {
            let (party, visibility): (String, String) = (r.try_get(5)?, r.try_get(6)?);
            if !readable(viewer, &party, &visibility) {
                continue;
            }
            let statement: String = r.try_get(0)?;
            let steps = sqlx::query(
                "SELECT statement, kind, party, body, logged_at, visibility FROM violation_steps WHERE violation = $1 ORDER BY idx",
            )
            .bind(&statement)
            .fetch_all(&self.pool)
            .await?;
            let mut shown = vec![];
            let (mut endorsed, mut due_ms, mut measure, mut done, mut reported) = (vec![], None, None, false, false);
            for s in steps {
                let (p, v, logged_at): (String, String, i64) = (s.try_get(2)?, s.try_get(5)?, s.try_get(4)?);
                if logged_at > at_ms {
                    continue;
                }
                let kind: String = s.try_get(1)?;
                let body: serde_json::Value = serde_json::from_str(&s.try_get::<String, _>(3)?)?;
                match kind.as_str() {
                    "violation.report" => reported = true,
                    "violation.endorse" => endorsed.push(p.clone()),
                    "violation.reply" => {
                        due_ms = body["due"]
                            .as_str()
                            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
                            .map(|d| d.timestamp_millis())
                    }
                    "violation.decision" => measure = body["measure"].as_str().map(String::from),
                    "violation.follow_up" => done |= body["outcome"] == "done",
                    _ => {}
                }
                if readable(viewer, &p, &v) {
                    shown.push(StepRow {
                        statement: s.try_get(0)?,
                        kind,
                        party: p,
                        logged_at: super::rfc3339(logged_at),
                        body,
                    });
                }
            }
            if !reported {
                continue;
            }
            out.push(ViolationRow {
                statement,
                finding: r.try_get(1)?,
                incident: r.try_get(2)?,
                clause: r.try_get(3)?,
                responsible: r.try_get(4)?,
                endorsed,
                due: due_ms.map(super::rfc3339),
                measure,
                done,
                remedial: Remedial::of(due_ms, done, at_ms).map(|x| x.as_str().to_string()),
                steps: shown,
            });
        }
        Ok(out)
    }

    /// The compliance record: per clause and party, breaches alleged, verified, rejected and not
    /// attributable, violations reported, and their remedial actions due, done and overdue, all as
    /// they stood at `at_ms` (`model::compliance::breaches_at` decides the breaches).
    pub async fn compliance_record(&self, viewer: &Viewer, at_ms: i64) -> Result<Vec<ComplianceRow>> {
        let mut record: BTreeMap<(String, String), ComplianceRow> = BTreeMap::new();
        for (key, c) in breaches_at(&self.breach_facts(viewer).await?, at_ms) {
            let row = record.entry(key).or_default();
            (row.alleged, row.verified, row.rejected, row.not_attributable) =
                (c.alleged, c.verified, c.rejected, c.not_attributable);
        }
        for v in self.violations(viewer, None, at_ms).await? {
            let row = record.entry((v.clause.clone(), v.responsible.clone())).or_default();
            row.violations += 1;
            match v.remedial.as_deref() {
                Some("due") => row.remedial_due += 1,
                Some("done") => row.remedial_done += 1,
                Some("overdue") => row.remedial_overdue += 1,
                _ => {}
            }
        }
        Ok(record.into_iter().map(|((clause, party), row)| ComplianceRow { clause, party, ..row }).collect())
    }

    /// Per incident the viewer may read: what each version alleged and when it was logged, and the
    /// verdicts of the findings they may read, from the moment each became final.
    async fn breach_facts(&self, viewer: &Viewer) -> Result<Vec<BreachFacts>> {
        let versions = sqlx::query(
            "SELECT v.incident, e.logged_at, a.clause, a.party, i.party, i.visibility, v.idx \
             FROM (SELECT id AS incident, idx FROM incidents UNION ALL SELECT incident, idx FROM incident_versions) v \
             JOIN entries e ON e.idx = v.idx JOIN incidents i ON i.id = v.incident \
             LEFT JOIN allegations a ON a.incident = v.incident AND a.idx = v.idx ORDER BY v.incident, v.idx",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut incidents: BTreeMap<String, BreachFacts> = BTreeMap::new();
        let mut version = -1;
        for r in versions {
            let (reporter, visibility): (String, String) = (r.try_get(4)?, r.try_get(5)?);
            if !readable(viewer, &reporter, &visibility) {
                continue;
            }
            let facts = incidents.entry(r.try_get(0)?).or_default();
            // One row per breach a version alleges (or one for a version that alleges none).
            if r.try_get::<i64, _>(6)? != version {
                version = r.try_get(6)?;
                facts.versions.push((r.try_get(1)?, vec![]));
            }
            if let (Some(clause), Some(party)) =
                (r.try_get::<Option<String>, _>(2)?, r.try_get::<Option<String>, _>(3)?)
            {
                facts.versions.last_mut().expect("pushed").1.push((clause, party));
            }
        }
        let verdicts = sqlx::query(
            "SELECT f.statement, f.incident, e.logged_at, f.conclusion, f.visibility, b.clause, b.party, b.verdict \
             FROM findings f JOIN entries e ON e.idx = f.final_at \
             LEFT JOIN finding_breaches b ON b.finding = f.statement ORDER BY f.final_at, f.statement",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut last = String::new();
        for r in verdicts {
            let (finding, incident, visibility): (String, String, String) =
                (r.try_get(0)?, r.try_get(1)?, r.try_get(4)?);
            // A finding is the mediators' statement: its visibility decides who reads its verdicts.
            let Some(facts) = incidents.get_mut(&incident).filter(|_| readable(viewer, "", &visibility)) else {
                continue;
            };
            if finding != last {
                facts.findings.push(FinalFinding {
                    final_ms: r.try_get(2)?,
                    not_attributable: r.try_get::<String, _>(3)? == Conclusion::NotAttributable.as_str(),
                    verdicts: vec![],
                });
                last = finding;
            }
            if let (Some(clause), Some(party)) =
                (r.try_get::<Option<String>, _>(5)?, r.try_get::<Option<String>, _>(6)?)
            {
                let verdict = if r.try_get::<String, _>(7)? == Verdict::Verified.as_str() {
                    Verdict::Verified
                } else {
                    Verdict::Rejected
                };
                facts.findings.last_mut().expect("pushed").verdicts.push(((clause, party), verdict));
            }
        }
        Ok(incidents.into_values().collect())
    }

    /// Final findings with each breach they verified that is not reported as a violation yet:
    /// (finding, incident title, party, clause).
    pub async fn reportable_findings(&self, viewer: &Viewer) -> Result<Vec<(String, String, String, String)>> {
        let rows = sqlx::query(
            "SELECT DISTINCT f.statement, i.title, b.party, b.clause, f.visibility, f.idx FROM findings f \
             JOIN incidents i ON i.id = f.incident JOIN breaches b ON b.incident = f.incident AND b.state = 'verified' \
             WHERE f.final_at IS NOT NULL AND f.conclusion IN ('verified', 'partly_verified') \
             AND NOT EXISTS (SELECT 1 FROM violations v WHERE v.finding = f.statement AND v.clause = b.clause \
             AND v.responsible = b.party) ORDER BY f.idx DESC, b.clause, b.party",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = vec![];
        for r in rows {
            let visibility: String = r.try_get(4)?;
            // A finding is the mediators' statement: its visibility decides who reads it.
            if readable(viewer, "", &visibility) {
                out.push((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?));
            }
        }
        Ok(out)
    }
}
