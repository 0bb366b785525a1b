//! Reads of evidence, custody, investigations, findings, commitments and deadlines, filtered by
//! what the viewer may read. A sealed item still shows that it exists (its header is public).

use super::queries::rfc3339;
use super::Store;
use anyhow::Result;
use model::deadlines::{Overdue, Pending};
use model::hotline::Step;
use model::{StatementId, Viewer, Visibility};
use serde::Serialize;
use serde_json::Value;
use sqlx::Row;

/// One registration of a file.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct EvidenceRow {
    pub statement: String,
    pub sha256: String,
    pub size: i64,
    pub media_type: String,
    pub name: Option<String>,
    pub party: String,
    pub visibility: String,
    pub logged_at: String,
    /// False when the viewer sees only that the file exists (sealed for them, or a draft).
    pub readable: bool,
    /// The registration as filed; null when sealed.
    pub body: Option<Value>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CustodyRow {
    pub statement: String,
    pub registration: String,
    pub action: String,
    pub member: String,
    pub party: String,
    pub recipient: Option<String>,
    pub byte_range: Option<String>,
    pub index: i64,
    pub logged_at: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SignatureRow {
    pub statement: String,
    pub member: String,
    pub party: String,
    /// concur or dissent
    pub stance: String,
    pub logged_at: String,
    /// With the dissent's reasons.
    pub body: Option<Value>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct FindingRow {
    pub statement: String,
    pub conclusion: String,
    pub attribution: Option<String>,
    pub author: String,
    pub logged_at: String,
    /// True once the concurrences meet the deployment's rule.
    pub is_final: bool,
    pub signatures_due: String,
    pub body: Option<Value>,
    /// Every signature, dissents included: a dissent stays beside the finding.
    pub signatures: Vec<SignatureRow>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct NoteRow {
    pub statement: String,
    pub author: String,
    pub party: String,
    pub obstruction: Option<String>,
    pub visibility: String,
    pub logged_at: String,
    pub body: Option<Value>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InvestigationView {
    pub id: String,
    pub incident: String,
    pub title: String,
    pub opened_by: String,
    pub team: Vec<String>,
    pub due: String,
    /// open, finding_final or closed
    pub state: String,
    pub logged_at: String,
    pub body: Option<Value>,
    pub notes: Vec<NoteRow>,
    pub findings: Vec<FindingRow>,
}

/// Per clause and party: how many incidents allege a breach, and how many breaches final
/// findings verified or rejected.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct CommitmentRow {
    pub clause: String,
    pub party: String,
    pub alleged: i64,
    pub verified: i64,
    pub rejected: i64,
}

pub(super) fn readable(viewer: &Viewer, party: &str, visibility: &str) -> bool {
    viewer.may_read(party, Visibility::parse(visibility).unwrap_or(Visibility::Party))
}

impl Store {
    /// Every registration of a file, whoever may read it (for the download check).
    pub async fn registrations(&self, sha256: &str, viewer: &Viewer) -> Result<Vec<EvidenceRow>> {
        self.evidence_where("e.sha256 = $1", sha256, viewer).await
    }

    /// The evidence registered about an incident.
    pub async fn incident_evidence(&self, incident: &StatementId, viewer: &Viewer) -> Result<Vec<EvidenceRow>> {
        self.evidence_where(
            "e.statement IN (SELECT statement FROM statement_links WHERE incident = $1)",
            &incident.hex(),
            viewer,
        )
        .await
    }

    /// Every registration of a file, in log order, as `viewer` may read it (for the archive).
    pub async fn evidence_index(&self, viewer: &Viewer) -> Result<Vec<EvidenceRow>> {
        self.evidence_where("e.statement >= $1", "", viewer).await
    }

    async fn evidence_where(&self, clause: &str, value: &str, viewer: &Viewer) -> Result<Vec<EvidenceRow>> {
        let sql = format!(
            "SELECT e.statement, e.sha256, e.size, e.media_type, e.name, e.party, e.visibility, e.logged_at \
             FROM evidence e WHERE {clause} ORDER BY e.idx"
        );
        let rows = sqlx::query(&sql).bind(value).fetch_all(&self.pool).await?;
        let mut out = Vec::new();
        for r in rows {
            let (statement, party, visibility): (String, String, String) =
                (r.try_get(0)?, r.try_get(5)?, r.try_get(6)?);
            let readable = readable(viewer, &party, &visibility);
            let body = self.readable_body(viewer, &statement, &party, &visibility).await?;
            out.push(EvidenceRow {
                sha256: r.try_get(1)?,
                size: r.try_get(2)?,
                // What a sealed file is, by name and type, is not for the other party either.
                media_type: if readable { r.try_get(3)? } else { String::new() },
                name: if readable { r.try_get(4)? } else { None },
                logged_at: rfc3339(r.try_get(7)?),
                statement,
                party,
                visibility,
                readable,
                body,
            });
        }
        Ok(out)
    }

    /// The chain of custody of a file, in log order.
    pub async fn custody(&self, sha256: &str) -> Result<Vec<CustodyRow>> {
        let rows = sqlx::query(
            "SELECT statement, registration, action, member, party, recipient, byte_range, idx, logged_at \
             FROM custody WHERE sha256 = $1 ORDER BY idx",
        )
        .bind(sha256)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CustodyRow {
                    statement: r.try_get(0)?,
                    registration: r.try_get(1)?,
                    action: r.try_get(2)?,
                    member: r.try_get(3)?,
                    party: r.try_get(4)?,
                    recipient: r.try_get(5)?,
                    byte_range: r.try_get(6)?,
                    index: r.try_get(7)?,
                    logged_at: rfc3339(r.try_get(8)?),
                })
            })
            .collect()
    }

    /// The investigations of an incident, with their notes, findings and signatures. Their
    /// statements are joint: members of the parties and mediators read them; others see none.
    pub async fn investigations(&self, incident: &StatementId, viewer: &Viewer) -> Result<Vec<InvestigationView>> {
        self.investigations_where("incident = $1", &incident.hex(), viewer).await
    }

    pub async fn investigation(&self, id: &StatementId, viewer: &Viewer) -> Result<Option<InvestigationView>> {
        Ok(self.investigations_where("id = $1", &id.hex(), viewer).await?.pop())
    }

    async fn investigations_where(&self, clause: &str, value: &str, viewer: &Viewer) -> Result<Vec<InvestigationView>> {
        if !readable(viewer, "", "joint") {
            return Ok(vec![]);
        }
        let sql = format!(
            "SELECT id, incident, title, opened_by, team, due, state, logged_at FROM investigations \
             WHERE {clause} ORDER BY idx"
        );
        let rows = sqlx::query(&sql).bind(value).fetch_all(&self.pool).await?;
        let mut out = Vec::new();
        for r in rows {
            let id: String = r.try_get(0)?;
            let team: String = r.try_get(4)?;
            out.push(InvestigationView {
                body: self.readable_body(viewer, &id, "", "joint").await?,
                notes: self.notes(&id, viewer).await?,
                findings: self.findings(&id, viewer).await?,
                incident: r.try_get(1)?,
                title: r.try_get(2)?,
                opened_by: r.try_get(3)?,
                team: super::sql::comma_list(&team),
                due: rfc3339(r.try_get(5)?),
                state: r.try_get(6)?,
                logged_at: rfc3339(r.try_get(7)?),
                id,
            });
        }
        Ok(out)
    }

    async fn notes(&self, investigation: &str, viewer: &Viewer) -> Result<Vec<NoteRow>> {
        let rows = sqlx::query(
            "SELECT statement, author, party, obstruction, visibility, logged_at FROM investigation_notes \
             WHERE investigation = $1 ORDER BY idx",
        )
        .bind(investigation)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let (statement, party, visibility): (String, String, String) =
                (r.try_get(0)?, r.try_get(2)?, r.try_get(4)?);
            out.push(NoteRow {
                body: self.readable_body(viewer, &statement, &party, &visibility).await?,
                author: r.try_get(1)?,
                obstruction: r.try_get(3)?,
                logged_at: rfc3339(r.try_get(5)?),
                statement,
                party,
                visibility,
            });
        }
        Ok(out)
    }

    async fn findings(&self, investigation: &str, viewer: &Viewer) -> Result<Vec<FindingRow>> {
        let rows = sqlx::query(
            "SELECT f.statement, f.conclusion, f.attribution, f.author, f.logged_at, f.final_at, f.signatures_due, \
             f.visibility, m.party FROM findings f JOIN members m ON m.key = f.author \
             WHERE f.investigation = $1 ORDER BY f.idx",
        )
        .bind(investigation)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let statement: String = r.try_get(0)?;
            let (visibility, party): (String, String) = (r.try_get(7)?, r.try_get(8)?);
            let signatures = sqlx::query(
                "SELECT s.statement, s.member, s.party, s.stance, s.logged_at, e.visibility FROM finding_signatures s \
                 JOIN entries e ON e.idx = s.idx WHERE s.finding = $1 ORDER BY s.idx",
            )
            .bind(&statement)
            .fetch_all(&self.pool)
            .await?;
            let mut sigs = Vec::new();
            for s in signatures {
                let (sig, sig_party, sig_vis): (String, String, String) = (s.try_get(0)?, s.try_get(2)?, s.try_get(5)?);
                sigs.push(SignatureRow {
                    body: self.readable_body(viewer, &sig, &sig_party, &sig_vis).await?,
                    member: s.try_get(1)?,
                    stance: s.try_get(3)?,
                    logged_at: rfc3339(s.try_get(4)?),
                    statement: sig,
                    party: sig_party,
                });
            }
            out.push(FindingRow {
                body: self.readable_body(viewer, &statement, &party, &visibility).await?,
                conclusion: r.try_get(1)?,
                attribution: r.try_get(2)?,
                author: r.try_get(3)?,
                logged_at: rfc3339(r.try_get(4)?),
                is_final: r.try_get::<Option<i64>, _>(5)?.is_some(),
                signatures_due: rfc3339(r.try_get(6)?),
                signatures: sigs,
                statement,
            });
        }
        Ok(out)
    }

    /// The incidents whose finding still awaits signatures, the one due first first.
    pub async fn findings_awaiting_signatures(&self, limit: i64) -> Result<Vec<String>> {
        let rows = sqlx::query_scalar(
            "SELECT incident FROM findings WHERE final_at IS NULL ORDER BY signatures_due, idx LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }

    /// Breaches per clause and party, over the incidents the viewer may see.
    pub async fn commitments(&self, viewer: &Viewer) -> Result<Vec<CommitmentRow>> {
        let record = self.compliance_record(viewer, i64::MAX).await?;
        Ok(record
            .into_iter()
            .filter(|r| r.alleged + r.verified + r.rejected > 0)
            .map(|r| CommitmentRow {
                clause: r.clause,
                party: r.party,
                alleged: r.alleged,
                verified: r.verified,
                rejected: r.rejected,
            })
            .collect())
    }

    /// What has a deadline and is not settled nor escalated yet, due before `before_ms`.
    pub async fn pending_deadlines(&self, before_ms: i64, limit: i64) -> Result<Vec<Pending<StatementId>>> {
        let not_escalated = |col: &str, overdue: Overdue| {
            format!(
                "NOT EXISTS (SELECT 1 FROM escalations x WHERE x.subject = {col} AND x.overdue = '{}')",
                overdue.as_str()
            )
        };
        let queries = [
            (
                Overdue::Response,
                format!(
                    "SELECT id, deadline FROM incidents WHERE state = 'reported' AND deadline < $1 AND {}",
                    not_escalated("incidents.id", Overdue::Response)
                ),
            ),
            (
                Overdue::Investigation,
                format!(
                    "SELECT id, due FROM investigations WHERE state = 'open' AND due < $1 AND {}",
                    not_escalated("investigations.id", Overdue::Investigation)
                ),
            ),
            (
                Overdue::Signatures,
                format!(
                    "SELECT f.statement, f.signatures_due FROM findings f JOIN investigations v ON v.id = f.investigation \
                     WHERE f.final_at IS NULL AND v.state = 'open' AND f.signatures_due < $1 AND {}",
                    not_escalated("f.statement", Overdue::Signatures)
                ),
            ),
        ];
        // An unacknowledged message goes to the backups one acknowledgement period after it was
        // logged (ack_due), and to the mediators one period later (model::hotline::escalation_due).
        let step_taken = |step: Step| {
            format!(
                "EXISTS (SELECT 1 FROM escalations x WHERE x.subject = m.statement AND x.overdue = 'acknowledgement' \
                 AND x.step = '{}')",
                step.as_str()
            )
        };
        let steps = [
            (
                Step::Backup,
                format!(
                    "SELECT m.statement, m.ack_due FROM hotline_messages m WHERE m.acked_at IS NULL AND m.ack_due < $1 \
                     AND NOT {}",
                    step_taken(Step::Backup)
                ),
            ),
            (
                Step::Mediators,
                format!(
                    "SELECT m.statement, 2 * m.ack_due - m.logged_at FROM hotline_messages m WHERE m.acked_at IS NULL \
                     AND 2 * m.ack_due - m.logged_at < $1 AND {} AND NOT {}",
                    step_taken(Step::Backup),
                    step_taken(Step::Mediators)
                ),
            ),
        ];
        let queries = queries
            .into_iter()
            .map(|(overdue, sql)| (overdue, None, sql))
            .chain(steps.into_iter().map(|(step, sql)| (Overdue::Acknowledgement, Some(step), sql)));
        let mut out = Vec::new();
        for (overdue, step, sql) in queries {
            let rows = sqlx::query(&format!("{sql} LIMIT {limit}")).bind(before_ms).fetch_all(&self.pool).await?;
            for r in rows {
                let Some(subject) = StatementId::parse(&r.try_get::<String, _>(0)?) else { continue };
                out.push(Pending { subject, overdue, due_ms: r.try_get(1)?, step });
            }
        }
        Ok(out)
    }
}
