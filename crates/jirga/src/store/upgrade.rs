//! The schema, created on a fresh database and upgraded on an old one, in one transaction so
//! that a failed upgrade leaves the old tables as they were.
//!
//! Versions: 1 (release 0.1): entries and bodies keyed by the id as 64 hex characters, the
//! projection written with the log. 2: entries and bodies keyed by the log index, ids as 32
//! bytes, the projection behind the log with a watermark. 3: the hash tiles stored, written from
//! the leaves on the first start after an upgrade. 4: the index of the deciding statements
//! takes the crossings' exceptions and passages too. 5: and the actor register and the
//! obligations' verification.

use super::log::set_projected;
use super::{Backend, Store};
use anyhow::{bail, Context, Result};
use sqlx::{Executor, Row};

const SCHEMA_VERSION: &str = "5";

impl Store {
    pub(super) async fn migrate(&self) -> Result<()> {
        let version = self.schema_version().await?;
        let stale_projection = version.is_some()
            && self.meta("projection_version").await?.as_deref() != Some(crate::rebuild::PROJECTION_VERSION);
        let mut tx = self.pool.begin().await?;
        if stale_projection {
            // An older projection's tables may lack the columns the schema now indexes. They are
            // a function of the log: the start rebuilds them (rebuild::ensure_current).
            for t in super::TABLES_PROJECTION.iter().chain(super::TABLES_RETIRED) {
                tx.execute(format!("DROP TABLE IF EXISTS {t}").as_str()).await?;
            }
        }
        let from_release_0_1 = version.as_deref() == Some("1");
        if from_release_0_1 {
            tracing::info!("upgrading the database from schema 1 (release 0.1) to {SCHEMA_VERSION}");
            tx.execute("ALTER TABLE entries RENAME TO entries_v1").await?;
            tx.execute("ALTER TABLE bodies RENAME TO bodies_v1").await?;
            if self.backend == Backend::Postgres {
                // PostgreSQL keeps the old constraints' index names, which the new tables want.
                tx.execute("ALTER TABLE entries_v1 RENAME CONSTRAINT entries_pkey TO entries_v1_pkey").await?;
                tx.execute("ALTER TABLE entries_v1 RENAME CONSTRAINT entries_id_key TO entries_v1_id_key").await?;
                tx.execute("ALTER TABLE bodies_v1 RENAME CONSTRAINT bodies_pkey TO bodies_v1_pkey").await?;
            }
        }
        if matches!(version.as_deref(), Some("1" | "2" | "3" | "4")) {
            // A partial index keeps the condition it was made with: make it anew.
            tx.execute("DROP INDEX IF EXISTS entries_deciding").await?;
        }
        for statement in self.schema_statements() {
            tx.execute(statement.as_str()).await.with_context(|| format!("creating the schema: {statement}"))?;
        }
        match version.as_deref() {
            Some(SCHEMA_VERSION) | Some("2" | "3" | "4") => {}
            Some("1") => {
                let unhex = |col: &str| match self.backend {
                    Backend::Sqlite => format!("unhex({col})"),
                    Backend::Postgres => format!("decode({col}, 'hex')"),
                };
                tx.execute(
                    format!(
                        "INSERT INTO entries (idx, id, kind, party, author, visibility, logged_at, incident, leaf, entry) \
                         SELECT idx, {}, kind, party, author, visibility, logged_at, {}, leaf, entry FROM entries_v1 ORDER BY idx",
                        unhex("id"),
                        unhex("incident")
                    )
                    .as_str(),
                )
                .await
                .context("copying the log's entries")?;
                tx.execute(
                    "INSERT INTO bodies (idx, body) SELECT e.idx, b.body FROM bodies_v1 b JOIN entries_v1 e ON e.id = b.id ORDER BY e.idx",
                )
                .await
                .context("copying the statements' bodies")?;
                let (old, new): (i64, i64) = (
                    sqlx::query("SELECT COUNT(*) FROM entries_v1").fetch_one(&mut *tx).await?.try_get(0)?,
                    sqlx::query("SELECT COUNT(*) FROM entries").fetch_one(&mut *tx).await?.try_get(0)?,
                );
                if old != new {
                    bail!("the upgrade copied {new} of {old} entries; the database is left as it was");
                }
                tx.execute("DROP TABLE bodies_v1").await?;
                tx.execute("DROP TABLE entries_v1").await?;
                // Release 0.1 wrote the projection in the log's own transactions: it is complete.
                set_projected(&mut tx, new as u64).await?;
            }
            None => {}
            Some(other) => bail!(
                "the database has schema {other}, which this version ({SCHEMA_VERSION}) does not know: run a newer jirga"
            ),
        }
        // Written only when it changes: a server opening the database beside another that
        // writes (a mirror, an export, a restart) must not need the write lock.
        if version.as_deref() != Some(SCHEMA_VERSION) {
            sqlx::query(
                "INSERT INTO meta (key, value) VALUES ('schema', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(SCHEMA_VERSION)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        // In its own transaction, and again at the next start if a crash cuts it short: the
        // tiles are a function of the leaves.
        self.complete_tiles().await?;
        if from_release_0_1 {
            tracing::info!("the database is at schema {SCHEMA_VERSION}");
        }
        Ok(())
    }

    /// None for a fresh database; "1" for one of release 0.1, which wrote no version.
    async fn schema_version(&self) -> Result<Option<String>> {
        let exists = match self.backend {
            Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'meta'"
            }
        };
        let n: i64 = sqlx::query(exists).fetch_one(&self.pool).await?.try_get(0)?;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(self.meta("schema").await?.unwrap_or_else(|| "1".into())))
    }

    /// schema.sql as statements for this database, comments removed (they may hold semicolons).
    fn schema_statements(&self) -> Vec<String> {
        let schema = include_str!("schema.sql");
        let schema = match self.backend {
            Backend::Sqlite => schema.to_string(),
            Backend::Postgres => schema.replace(" BLOB", " BYTEA").replace("INTEGER PRIMARY KEY", "BIGINT PRIMARY KEY"),
        };
        let schema: String =
            schema.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n");
        schema.split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
    }
}
