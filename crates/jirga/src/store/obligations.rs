//! The obligations' verification in the projection: every step (performance report, answer,
//! visit, access, outcome, signature) kept with its body and the deliverable it is about, so the
//! record per deliverable is computed by the model (model::performance) from what a reader may
//! read.

use super::sql::{insert_rows, Val};
use super::verification_reads::readable;
use super::{NewEntry, Store};
use anyhow::{Context, Result};
use model::performance::{self, DeliverableRecord, Step};
use model::{Body, Genesis, Viewer};
use sqlx::{Any, Row, Transaction};

/// Projects a step of an obligation's verification; false when the entry is of another kind.
pub(super) async fn project(tx: &mut Transaction<'_, Any>, e: &NewEntry) -> Result<bool> {
    let (deliverable, refers_to) = match &e.parsed {
        Body::PerformanceReport(r) => (r.deliverable.clone(), None),
        Body::VerificationVisit(v) => (v.deliverable.clone(), None),
        Body::DeliverableOutcome(o) => (o.deliverable.clone(), None),
        Body::PerformanceAnswer(_) | Body::VisitAccess(_) | Body::OutcomeSign(_) => {
            let about = e.refs[0].hex();
            let row = sqlx::query("SELECT deliverable FROM obligation_steps WHERE statement = $1")
                .bind(&about)
                .fetch_one(&mut **tx)
                .await
                .context("the step a statement refers to")?;
            (row.try_get(0)?, Some(about))
        }
        _ => return Ok(false),
    };
    let row = vec![
        Val::Text(e.id.hex()),
        Val::Text(deliverable),
        Val::Text(e.kind.as_str().into()),
        Val::Text(e.party.clone()),
        Val::OptText(refers_to),
        Val::Text(String::from_utf8(e.body.clone())?),
        Val::I64(e.idx as i64),
        Val::I64(e.logged_at),
        Val::Text(e.visibility.as_str().into()),
    ];
    let cols = ["statement", "deliverable", "kind", "party", "refers_to", "body", "idx", "logged_at", "visibility"];
    insert_rows(tx, "obligation_steps", &cols, vec![row], "").await?;
    Ok(true)
}

impl Store {
    /// The record of every deliverable in the genesis, from the steps the viewer may read that
    /// were logged before `at_ms`, as of `today`.
    pub async fn obligation_records(
        &self,
        genesis: &Genesis,
        viewer: &Viewer,
        today: chrono::NaiveDate,
        at_ms: i64,
    ) -> Result<Vec<DeliverableRecord>> {
        let rows = sqlx::query(
            "SELECT statement, deliverable, kind, party, refers_to, body, logged_at, visibility \
             FROM obligation_steps WHERE logged_at < $1 ORDER BY idx",
        )
        .bind(at_ms)
        .fetch_all(&self.pool)
        .await?;
        let mut steps = Vec::with_capacity(rows.len());
        for r in rows {
            let (party, visibility): (String, String) = (r.try_get(3)?, r.try_get(7)?);
            if !readable(viewer, &party, &visibility) {
                continue;
            }
            let step = Step {
                statement: r.try_get(0)?,
                kind: r.try_get(2)?,
                party,
                refers_to: r.try_get(4)?,
                logged_at: r.try_get(6)?,
                body: serde_json::from_str(&r.try_get::<String, _>(5)?)?,
            };
            steps.push((r.try_get(1)?, step));
        }
        Ok(performance::records(genesis, &steps, today))
    }
}
