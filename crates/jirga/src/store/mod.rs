//! The store: the log (entries, bodies, checkpoints) and its projection, through one code path
//! over SQLite (embedded default) and PostgreSQL, picked from the URL's scheme.

mod deliveries;
mod hotline;
mod projection;
mod queries;
mod reference;
mod reports;
mod sql;
mod verification;
mod verification_reads;

pub use deliveries::{mask, AttemptRow, Channels, DeliveryRow, NewDelivery, Outcome};
pub use hotline::{DutyRow, HotlineEvent, LastCheckIn, OpenMessage};
pub use projection::Projector;
pub use queries::{
    log_status, parse_cursor, rfc3339, CrossingRow, IncidentDetail, IncidentFilter, IncidentPage, IncidentRow,
    ResponseRow, VersionRow,
};
pub use reference::ReferenceRow;
pub use sql::Val;
pub use verification_reads::{
    CommitmentRow, CustodyRow, EvidenceRow, FindingRow, InvestigationView, NoteRow, SignatureRow,
};

use anyhow::{bail, Context, Result};
use ledger::Hash;
use model::statement::StatementId;
use model::validate::Known;
use model::{Kind, PublicKey};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};
use std::collections::HashMap;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub backend: Backend,
}

/// A log entry as the sequencer hands it to the store.
pub struct NewEntry {
    pub idx: u64,
    pub id: StatementId,
    pub kind: Kind,
    pub party: String,
    pub author: PublicKey,
    pub visibility: model::Visibility,
    pub logged_at: i64,
    /// The incident this statement belongs to (reports, amendments, responses).
    pub incident: Option<StatementId>,
    /// The statements this one refers to, as its header lists them.
    pub refs: Vec<StatementId>,
    /// The incidents that the statements this one refers to belong to, in ref order.
    pub ref_incidents: Vec<StatementId>,
    pub leaf: Hash,
    pub entry: Vec<u8>,
    pub body: Vec<u8>,
    pub parsed: model::Body,
}

/// What the checks and the projection need of a statement already in the log.
#[derive(Clone, Debug)]
pub struct KnownEntry {
    pub idx: u64,
    pub logged_at: i64,
    pub known: Known,
}

pub(crate) const TABLES_PROJECTION: &[&str] = &[
    "members",
    "incidents",
    "incident_versions",
    "responses",
    "crossings",
    "crossing_changes",
    "public_statements",
    "statement_links",
    "evidence",
    "custody",
    "investigations",
    "investigation_notes",
    "findings",
    "finding_signatures",
    "finding_breaches",
    "breaches",
    "escalations",
    "hotline_messages",
    "hotline_acks",
    "duty_rosters",
];

impl Store {
    /// Opens (and creates) the store. `sqlite://path` or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            bail!("unsupported database URL {:?}: use sqlite://PATH or postgres://…", redact(url));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_string(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the one writer; FULL makes every commit
                        // durable before the sequencer answers, so an acknowledged statement
                        // survives a crash or a power cut.
                        conn.execute("PRAGMA journal_mode=WAL").await?;
                        conn.execute("PRAGMA synchronous=FULL").await?;
                        conn.execute("PRAGMA busy_timeout=30000").await?;
                        conn.execute("PRAGMA foreign_keys=ON").await?;
                    } else {
                        // The list's filters come as parameters of cached statements; a generic
                        // plan cannot see how narrow a time range or a category is, and picks a
                        // bitmap scan and a sort where walking an index in order stops at a page.
                        conn.execute("SET plan_cache_mode = force_custom_plan").await?;
                    }
                    Ok(())
                })
            });
        let pool = options.connect(&url).await.with_context(|| format!("opening the database {}", redact(&url)))?;
        let store = Store { pool, backend };
        store.migrate().await?;
        Ok(store)
    }

    /// Drops the projection's tables and creates them as the code now has them (a rebuild fills them).
    pub async fn recreate_projection(&self) -> Result<()> {
        for t in TABLES_PROJECTION {
            sqlx::query(&format!("DROP TABLE IF EXISTS {t}")).execute(&self.pool).await?;
        }
        self.migrate().await
    }

    async fn migrate(&self) -> Result<()> {
        let schema = include_str!("schema.sql");
        let schema = match self.backend {
            Backend::Sqlite => schema.to_string(),
            Backend::Postgres => schema.replace(" BLOB", " BYTEA"),
        };
        let mut tx = self.pool.begin().await?;
        // Comments go first: they may hold semicolons.
        let schema: String =
            schema.lines().filter(|l| !l.trim_start().starts_with("--")).collect::<Vec<_>>().join("\n");
        for statement in schema.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            tx.execute(statement).await.with_context(|| format!("creating the schema: {statement}"))?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn meta(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT value FROM meta WHERE key = $1").bind(key).fetch_optional(&self.pool).await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The connection pool, for tests that need to reach under the store.
    /// Waits for connections in use and closes them all; later queries fail.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub fn pool_for_tests(&self) -> AnyPool {
        self.pool.clone()
    }

    pub async fn log_size(&self) -> Result<u64> {
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM entries").fetch_one(&self.pool).await?.try_get(0)?;
        Ok(n as u64)
    }

    /// All leaf hashes in log order, to rebuild the in-memory tree at start.
    pub async fn leaf_hashes(&self) -> Result<Vec<Hash>> {
        let rows = sqlx::query("SELECT idx, leaf FROM entries ORDER BY idx").fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let idx: i64 = row.try_get(0)?;
            if idx as usize != i {
                bail!("the log has a gap at entry {i}: the database is damaged");
            }
            let leaf: Vec<u8> = row.try_get(1)?;
            out.push(leaf.try_into().map_err(|_| anyhow::anyhow!("entry {i} has a malformed leaf hash"))?);
        }
        Ok(out)
    }

    /// The id of every entry, in no particular order.
    pub async fn ids(&self) -> Result<Vec<StatementId>> {
        let rows = sqlx::query("SELECT id FROM entries").fetch_all(&self.pool).await?;
        rows.iter().map(|r| StatementId::parse(&r.try_get::<String, _>(0)?).context("bad id in entries")).collect()
    }

    /// Entries [from, to) as raw bytes, in order.
    pub async fn entries(&self, from: u64, to: u64) -> Result<Vec<Vec<u8>>> {
        let rows = sqlx::query("SELECT entry FROM entries WHERE idx >= $1 AND idx < $2 ORDER BY idx")
            .bind(from as i64)
            .bind(to as i64)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get::<Vec<u8>, _>(0)?)).collect()
    }

    /// Entries [from, to) with their bodies where this store holds them (a mirror holds only the
    /// bodies its party may read).
    pub async fn entries_with_bodies_left(&self, from: u64, to: u64) -> Result<Vec<(u64, Vec<u8>, Option<Vec<u8>>)>> {
        let rows = sqlx::query(
            "SELECT e.idx, e.entry, b.body FROM entries e LEFT JOIN bodies b ON b.id = e.id \
             WHERE e.idx >= $1 AND e.idx < $2 ORDER BY e.idx",
        )
        .bind(from as i64)
        .bind(to as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get::<i64, _>(0)? as u64, r.try_get(1)?, r.try_get(2)?))).collect()
    }

    pub async fn body(&self, id: &StatementId) -> Result<Option<Vec<u8>>> {
        let row =
            sqlx::query("SELECT body FROM bodies WHERE id = $1").bind(id.hex()).fetch_optional(&self.pool).await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// The entry of a statement, with its index.
    pub async fn entry_by_id(&self, id: &StatementId) -> Result<Option<(u64, Vec<u8>)>> {
        let row = sqlx::query("SELECT idx, entry FROM entries WHERE id = $1")
            .bind(id.hex())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some((r.try_get::<i64, _>(0)? as u64, r.try_get(1)?)),
            None => None,
        })
    }

    /// Looks up statements by id, for the checks of a batch.
    pub async fn known(&self, ids: &[StatementId]) -> Result<HashMap<StatementId, KnownEntry>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(500) {
            if chunk.is_empty() {
                continue;
            }
            // Bare `?` on SQLite: numbered placeholders cost it a list search each (quadratic).
            let placeholders: Vec<String> = match self.backend {
                Backend::Sqlite => vec!["?".to_string(); chunk.len()],
                Backend::Postgres => (1..=chunk.len()).map(|i| format!("${i}")).collect(),
            };
            let sql = format!(
                "SELECT e.idx, e.id, e.kind, e.party, e.author, e.incident, e.logged_at, h.addressed, h.acked_at FROM entries e \
                 LEFT JOIN hotline_messages h ON h.statement = e.id WHERE e.id IN ({})",
                placeholders.join(",")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.hex());
            }
            for row in q.fetch_all(&self.pool).await? {
                let entry = known_from_row(&row)?;
                out.insert(StatementId::parse(&row.try_get::<String, _>(1)?).context("bad id in entries")?, entry);
            }
        }
        Ok(out)
    }

    /// The statements that decide what later ones may do, with their bodies, in log order: the
    /// genesis, the key history, and the investigations with their teams and findings.
    pub async fn key_history(&self) -> Result<Vec<(u64, Vec<u8>, Vec<u8>)>> {
        let rows = sqlx::query(
            "SELECT e.idx, e.entry, b.body FROM entries e JOIN bodies b ON b.id = e.id \
             WHERE e.kind IN ('genesis', 'member.enrol', 'member.revoke', 'investigation.open', \
             'investigation.close', 'finding', 'finding.sign') ORDER BY e.idx",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get::<i64, _>(0)? as u64, r.try_get(1)?, r.try_get(2)?))).collect()
    }

    pub async fn checkpoint_of_size(&self, size: u64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT note FROM checkpoints WHERE size = $1")
            .bind(size as i64)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// Records a witness's cosignature of the checkpoint of `size` (its note signature line).
    pub async fn add_cosignature(&self, size: u64, witness: &str, line: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO cosignatures (size, witness, line) VALUES ($1, $2, $3) ON CONFLICT (size, witness) DO NOTHING",
        )
        .bind(size as i64)
        .bind(witness)
        .bind(line)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The cosignature lines gathered for the checkpoint of `size`, by witness name.
    pub async fn cosignatures(&self, size: u64) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT witness, line FROM cosignatures WHERE size = $1 ORDER BY witness")
            .bind(size as i64)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }

    /// The largest checkpoint size cosigned by at least `quorum` witnesses.
    pub async fn latest_witnessed(&self, quorum: u32) -> Result<Option<u64>> {
        let row =
            sqlx::query("SELECT size FROM cosignatures GROUP BY size HAVING COUNT(*) >= $1 ORDER BY size DESC LIMIT 1")
                .bind(i64::from(quorum))
                .fetch_optional(&self.pool)
                .await?;
        Ok(match row {
            Some(r) => Some(r.try_get::<i64, _>(0)? as u64),
            None => None,
        })
    }

    pub async fn latest_checkpoint(&self) -> Result<Option<String>> {
        let row =
            sqlx::query("SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1").fetch_optional(&self.pool).await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// Appends a batch to the log, with its projection and the checkpoint that covers it, in one
    /// durable transaction: either all of it is there after a crash, or none of it.
    pub async fn append(
        &self,
        entries: &[NewEntry],
        projector: &Projector,
        checkpoint: (u64, &str, i64),
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let rows = entries
            .iter()
            .map(|e| {
                let h = (e.kind, e.party.as_str(), &e.author, e.visibility);
                entry_row(e.idx, &e.id, h, e.logged_at, e.incident, &e.leaf, &e.entry)
            })
            .collect();
        let bodies = entries.iter().map(|e| vec![Val::Text(e.id.hex()), Val::Blob(e.body.clone())]).collect();
        insert_log(&mut tx, rows, bodies, checkpoint).await?;
        projector.project(&mut tx, entries).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Appends entries copied from another server (a party's mirror): the entries, the bodies this
    /// party may read, and the checkpoint that covers them, in one transaction. No projection.
    pub async fn append_mirrored(
        &self,
        entries: &[(u64, model::statement::Entry, Vec<u8>)],
        bodies: &[(StatementId, Vec<u8>)],
        checkpoint: (u64, &str, i64),
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let rows = entries
            .iter()
            .map(|(idx, e, bytes)| {
                let h = (e.header.kind, e.header.party.as_str(), &e.header.author, e.header.visibility);
                entry_row(*idx, &e.id, h, e.logged_at, None, &ledger::leaf_hash(bytes), bytes)
            })
            .collect();
        let bodies = bodies.iter().map(|(id, b)| vec![Val::Text(id.hex()), Val::Blob(b.clone())]).collect();
        insert_log(&mut tx, rows, bodies, checkpoint).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Empties the projection tables (the log tables are never touched).
    pub async fn clear_projection(&self) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for t in TABLES_PROJECTION {
            tx.execute(format!("DELETE FROM {t}").as_str()).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every projection table as sorted lines of text, to compare a rebuild with the live state.
    pub async fn dump_projection(&self) -> Result<Vec<(String, Vec<String>)>> {
        let mut out = Vec::new();
        for t in TABLES_PROJECTION {
            let rows = sqlx::query(&format!("SELECT * FROM {t}")).fetch_all(&self.pool).await?;
            let mut lines: Vec<String> = rows.iter().map(sql::row_to_line).collect::<Result<_>>()?;
            lines.sort();
            out.push((t.to_string(), lines));
        }
        Ok(out)
    }
}

type HeaderCols<'a> = (Kind, &'a str, &'a PublicKey, model::Visibility);

fn entry_row(
    idx: u64,
    id: &StatementId,
    (kind, party, author, visibility): HeaderCols<'_>,
    logged_at: i64,
    incident: Option<StatementId>,
    leaf: &Hash,
    entry: &[u8],
) -> Vec<Val> {
    vec![
        Val::I64(idx as i64),
        Val::Text(id.hex()),
        Val::Text(kind.as_str().into()),
        Val::Text(party.to_string()),
        Val::Text(author.to_string()),
        Val::Text(visibility.as_str().into()),
        Val::I64(logged_at),
        Val::OptText(incident.map(|i| i.hex())),
        Val::Blob(leaf.to_vec()),
        Val::Blob(entry.to_vec()),
    ]
}

/// Entries, bodies and the checkpoint that covers them, inside the caller's transaction.
async fn insert_log(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    entries: Vec<Vec<Val>>,
    bodies: Vec<Vec<Val>>,
    (size, note, created_at): (u64, &str, i64),
) -> Result<()> {
    let columns = ["idx", "id", "kind", "party", "author", "visibility", "logged_at", "incident", "leaf", "entry"];
    sql::insert_rows(tx, "entries", &columns, entries, "").await?;
    sql::insert_rows(tx, "bodies", &["id", "body"], bodies, "ON CONFLICT (id) DO NOTHING").await?;
    sqlx::query("INSERT INTO checkpoints (size, note, created_at) VALUES ($1, $2, $3)")
        .bind(size as i64)
        .bind(note)
        .bind(created_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn known_from_row(row: &AnyRow) -> Result<KnownEntry> {
    let kind: String = row.try_get("kind")?;
    let incident: Option<String> = row.try_get("incident")?;
    Ok(KnownEntry {
        idx: row.try_get::<i64, _>("idx")? as u64,
        logged_at: row.try_get("logged_at")?,
        known: Known {
            kind: Kind::parse(&kind).context("unknown kind in entries")?,
            party: row.try_get("party")?,
            author: PublicKey::parse(&row.try_get::<String, _>("author")?)?,
            incident: incident.as_deref().and_then(StatementId::parse),
            addressed: match row.try_get::<Option<String>, _>("addressed") {
                Ok(Some(list)) => list.split(',').filter(|p| !p.is_empty()).map(String::from).collect(),
                _ => vec![],
            },
            acknowledged: matches!(row.try_get::<Option<i64>, _>("acked_at"), Ok(Some(_))),
        },
    })
}

/// A database URL without its password, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}://{}:***@{}", &url[..scheme], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}
