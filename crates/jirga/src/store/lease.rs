//! The sequencer's lease: which of the servers on one database writes the log. A holder takes
//! the lease when it is free or expired, which raises its term; it renews it while it writes;
//! and every batch it appends (and every projection step) checks, inside its own transaction,
//! that the lease is still its term. A deposed holder's late commit therefore fails: two
//! writers can never both extend the log, however their clocks or networks misbehave.
//!
//! The check takes a share lock on the lease row (PostgreSQL) or runs under SQLite's single
//! writer: a takeover waits for the commits in flight, and a commit after a takeover sees it.

use super::{Backend, Store};
use anyhow::{bail, Result};
use sqlx::Row;

/// The right to write, as its holder proves it in each transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fence {
    pub holder: String,
    pub term: i64,
}

/// Who holds the lease, as another server sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaseHolder {
    pub holder: String,
    pub term: i64,
    pub expires_ms: i64,
    /// Where the holder takes statements (`--advertise`), if it said.
    pub url: Option<String>,
}

impl Store {
    /// Takes the lease if it is free or expired at `now_ms`: the new term. None while another
    /// holder's lease runs.
    pub async fn take_lease(&self, holder: &str, url: Option<&str>, now_ms: i64, ttl_ms: i64) -> Result<Option<Fence>> {
        sqlx::query(
            "INSERT INTO leases (name, holder, term, expires_ms, url) VALUES ('sequencer', '', 0, 0, NULL) \
             ON CONFLICT (name) DO NOTHING",
        )
        .execute(&self.pool)
        .await?;
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            // A writer's commit in flight holds the row: wait a little for it, not for ever.
            sqlx::query("SET LOCAL lock_timeout = 250").execute(&mut *tx).await?;
        }
        let row = sqlx::query(
            "UPDATE leases SET holder = $1, term = term + 1, expires_ms = $2, url = $3 \
             WHERE name = 'sequencer' AND expires_ms < $4 RETURNING term",
        )
        .bind(holder)
        .bind(now_ms + ttl_ms)
        .bind(url)
        .bind(now_ms)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(match row {
            Some(r) => Some(Fence { holder: holder.to_string(), term: r.try_get(0)? }),
            None => None,
        })
    }

    /// Extends the lease; false when it is no longer this fence's (another server took it).
    pub async fn renew_lease(&self, fence: &Fence, now_ms: i64, ttl_ms: i64) -> Result<bool> {
        let done =
            sqlx::query("UPDATE leases SET expires_ms = $1 WHERE name = 'sequencer' AND holder = $2 AND term = $3")
                .bind(now_ms + ttl_ms)
                .bind(&fence.holder)
                .bind(fence.term)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the lease up at once (a clean stop), so that a standby need not wait for it to expire.
    pub async fn release_lease(&self, fence: &Fence) -> Result<()> {
        sqlx::query("UPDATE leases SET expires_ms = 0 WHERE name = 'sequencer' AND holder = $1 AND term = $2")
            .bind(&fence.holder)
            .bind(fence.term)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn lease_holder(&self) -> Result<Option<LeaseHolder>> {
        let row = sqlx::query("SELECT holder, term, expires_ms, url FROM leases WHERE name = 'sequencer'")
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) if r.try_get::<i64, _>(1)? > 0 => Some(LeaseHolder {
                holder: r.try_get(0)?,
                term: r.try_get(1)?,
                expires_ms: r.try_get(2)?,
                url: r.try_get(3)?,
            }),
            _ => None,
        })
    }
}

/// Fails the caller's transaction unless `fence` still holds the lease.
pub(super) async fn check_fence(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    backend: Backend,
    fence: &Fence,
) -> Result<()> {
    let sql = match backend {
        Backend::Postgres => "SELECT holder, term FROM leases WHERE name = 'sequencer' FOR SHARE",
        Backend::Sqlite => "SELECT holder, term FROM leases WHERE name = 'sequencer'",
    };
    let row = sqlx::query(sql).fetch_optional(&mut **tx).await?;
    let (holder, term): (String, i64) = match row {
        Some(r) => (r.try_get(0)?, r.try_get(1)?),
        None => (String::new(), 0),
    };
    if holder != fence.holder || term != fence.term {
        bail!(Deposed { term, holder });
    }
    Ok(())
}

/// The error of a write by a holder that no longer holds the lease.
#[derive(Debug, thiserror::Error)]
#[error("this server no longer holds the sequencer's lease: {holder} took it (term {term})")]
pub struct Deposed {
    pub term: i64,
    pub holder: String,
}
