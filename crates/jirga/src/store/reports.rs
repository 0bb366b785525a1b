//! What the compliance reports add up, read as the reader may see it.

use super::verification_reads::readable;
use anyhow::Result;
use model::report::{CrossingChange, FindingFacts, HotlineFacts};
use model::Viewer;
use sqlx::Row;

impl super::Store {
    /// Every finding the viewer may read, with when it was made.
    pub async fn finding_facts(&self, viewer: &Viewer) -> Result<Vec<FindingFacts>> {
        let rows = sqlx::query(
            "SELECT f.logged_at, f.conclusion, f.attribution, f.visibility, e.party FROM findings f \
             JOIN entries e ON e.id = f.statement",
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

    /// Every crossing status change the viewer may read, up to `before_ms`.
    pub async fn crossing_changes(&self, viewer: &Viewer, before_ms: i64) -> Result<Vec<CrossingChange>> {
        let rows =
            sqlx::query("SELECT crossing, status, since, party, visibility FROM crossing_changes WHERE since < $1")
                .bind(before_ms)
                .fetch_all(&self.pool)
                .await?;
        let mut out = vec![];
        for r in rows {
            let (party, visibility): (String, String) = (r.try_get(3)?, r.try_get(4)?);
            if readable(viewer, &party, &visibility) {
                out.push(CrossingChange { crossing: r.try_get(0)?, status: r.try_get(1)?, since_ms: r.try_get(2)? });
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
            let addressed: Vec<String> = addressed.split(',').filter(|p| !p.is_empty()).map(String::from).collect();
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
