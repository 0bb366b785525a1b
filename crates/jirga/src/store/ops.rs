//! What the operators watch (`/metrics`): how old the latest checkpoint is, how far each witness
//! has cosigned, what waits on the hotline, how many escalations there were.

use super::Store;
use anyhow::Result;
use sqlx::Row;

#[derive(Clone, Debug, Default)]
pub struct OpsFigures {
    /// When the latest checkpoint was signed (ms), if there is one.
    pub checkpoint_at: Option<i64>,
    /// Per witness: the largest checkpoint size it cosigned.
    pub witnessed: Vec<(String, u64)>,
    pub open_messages: i64,
    pub escalations: i64,
}

impl Store {
    pub async fn ops_figures(&self) -> Result<OpsFigures> {
        let checkpoint_at = sqlx::query("SELECT created_at FROM checkpoints ORDER BY size DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        let witnessed = sqlx::query("SELECT witness, MAX(size) FROM cosignatures GROUP BY witness ORDER BY witness")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get::<i64, _>(1)? as u64)))
            .collect::<Result<_>>()?;
        let count = |sql: &'static str| async move {
            anyhow::Ok(sqlx::query(sql).fetch_one(&self.pool).await?.try_get::<i64, _>(0)?)
        };
        Ok(OpsFigures {
            checkpoint_at,
            witnessed,
            open_messages: count("SELECT COUNT(*) FROM hotline_messages WHERE acked_at IS NULL").await?,
            escalations: count("SELECT COUNT(*) FROM escalations").await?,
        })
    }

    /// Every file the log registers as evidence, once each: (sha256, bytes).
    pub async fn registered_files(&self) -> Result<Vec<(String, u64)>> {
        sqlx::query("SELECT DISTINCT sha256, size FROM evidence ORDER BY sha256")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get::<i64, _>(1)? as u64)))
            .collect()
    }
}
