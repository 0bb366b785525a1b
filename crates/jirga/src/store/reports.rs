//! What the compliance reports add up, read as the reader may see it.

use super::verification_reads::readable;
use anyhow::Result;
use model::report::{FindingFacts, HotlineFacts, IncidentFacts};
use model::Viewer;
use sqlx::Row;

impl super::Store {
    /// What a report counts of each incident that occurred in [from, to) and that the viewer
    /// may read: one pass over the time index, no more columns than needed.
    pub async fn incident_facts(
        &self,
        viewer: &Viewer,
        from_ms: i64,
        to_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<IncidentFacts>> {
        let mut w = super::queries::Where::new();
        let (a, b) = (w.next(super::Val::I64(from_ms)), w.next(super::Val::I64(to_ms)));
        w.push(format!("occurred_start >= {a} AND occurred_start < {b}"));
        w.readable(viewer, "party", "visibility");
        let sql = format!(
            "SELECT occurred_start, sector, category, party, accused, responses, state, deadline, id, event, duplicate_of, actor \
             FROM incidents{}",
            w.sql()
        );
        let mut q = sqlx::query(&sql);
        for v in w.values {
            q = super::sql::bind(q, v);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let state: String = r.try_get(6)?;
                let stored = model::incident::Status::parse(&state).unwrap_or(model::incident::Status::Reported);
                let event: Option<String> = r.try_get(9)?;
                Ok(IncidentFacts {
                    event: event.map_or_else(|| r.try_get(8), Ok)?,
                    duplicate: r.try_get::<Option<String>, _>(10)?.is_some(),
                    occurred_ms: r.try_get(0)?,
                    sector: r.try_get(1)?,
                    category: r.try_get(2)?,
                    party: r.try_get(3)?,
                    accused: r.try_get(4)?,
                    actor: r.try_get(11)?,
                    responses: r.try_get(5)?,
                    status: model::incident::status_at(stored, r.try_get(7)?, now_ms).as_str().to_string(),
                })
            })
            .collect()
    }

    /// Every finding the viewer may read, with when it was made.
    pub async fn finding_facts(&self, viewer: &Viewer) -> Result<Vec<FindingFacts>> {
        let rows = sqlx::query(
            "SELECT f.logged_at, f.conclusion, f.attribution, f.visibility, e.party FROM findings f \
             JOIN entries e ON e.idx = f.idx",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = vec![];
        for r in rows {
            let (visibility, party): (String, String) = (r.try_get(3)?, r.try_get(4)?);
            if readable(viewer, &party, &visibility) {
                out.push(FindingFacts {
                    logged_ms: r.try_get(0)?,
                    conclusion: r.try_get(1)?,
                    attribution: r.try_get(2)?,
                });
            }
        }
        Ok(out)
    }

    /// Hotline messages logged in [from, to) that the viewer may read (members only).
    pub async fn hotline_facts(&self, viewer: &Viewer, from_ms: i64, to_ms: i64) -> Result<Vec<HotlineFacts>> {
        let Viewer::Member { party: mine, party_kind } = viewer else { return Ok(vec![]) };
        let rows = sqlx::query(
            "SELECT logged_at, type, party, acked_at, addressed FROM hotline_messages WHERE logged_at >= $1 AND logged_at < $2",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(&self.pool)
        .await?;
        let mut out = vec![];
        for r in rows {
            let (party, addressed): (String, String) = (r.try_get(2)?, r.try_get(4)?);
            let addressed = super::sql::comma_list(&addressed);
            if model::hotline::may_read(mine, *party_kind, &party, &addressed) {
                out.push(HotlineFacts {
                    logged_ms: r.try_get(0)?,
                    message_type: r.try_get(1)?,
                    party,
                    acked_ms: r.try_get(3)?,
                });
            }
        }
        Ok(out)
    }
}
