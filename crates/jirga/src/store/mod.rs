//! The store: the log (entries, bodies, checkpoints) and its projection, through one code path
//! over SQLite (embedded default) and PostgreSQL, picked from the URL's scheme.

mod crossings;
mod deliveries;
mod events;
mod hotline;
mod lease;
mod log;
mod obligations;
mod ops;
mod projection;
mod queries;
mod reference;
mod reports;
mod sessions;
mod sql;
mod tiles;
mod translations;
mod upgrade;
mod verification;
mod verification_reads;
mod violations;
mod windows;

pub use crossings::{ChangeRow, ExceptionRow, FigureRow, NoticeState, PhaseLine};
pub use deliveries::{mask, AttemptRow, Channels, DeliveryRow, NewDelivery, Outcome};
pub use events::{EventView, SuggestionRow};
pub use hotline::{DutyRow, HotlineEvent, LastCheckIn, OpenMessage};
pub use lease::{Deposed, Fence, LeaseHolder};
pub(crate) use log::set_projected;
pub use ops::OpsFigures;
pub use projection::Projector;
pub use queries::{
    log_status, parse_cursor, rfc3339, IncidentDetail, IncidentFilter, IncidentPage, IncidentRow, ResponseRow,
    VersionRow,
};
pub use reference::ReferenceRow;
pub use sql::Val;
pub use translations::{DisputeRow, TranslationRow};
pub use verification_reads::{
    CommitmentRow, CustodyRow, EvidenceRow, FindingRow, InvestigationView, NoteRow, SignatureRow,
};
pub use violations::{ComplianceRow, StepRow, ViolationRow};
pub use windows::WindowRow;

use anyhow::{bail, Context, Result};
use ledger::Hash;
use model::statement::StatementId;
use model::validate::Known;
use model::{Kind, PublicKey};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor, Row};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    /// The connections that append the log and write its projection. On SQLite (one writer at
    /// a time in any case) two connections with a large page cache, so that a batch's pages
    /// stay in memory rather than spill to the WAL mid-transaction and be read back; the pool
    /// itself keeps SQLite's small default cache for its readers. On PostgreSQL the pool.
    pub(crate) writes: AnyPool,
    pub backend: Backend,
}

/// The page cache of each SQLite connection that writes the log or the projection (KiB).
const WRITER_CACHE_KIB: u32 = 65_536;

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

/// Projection tables of earlier versions, dropped when the projection is rebuilt.
pub(crate) const TABLES_RETIRED: &[&str] = &["crossings"];

pub(crate) const TABLES_PROJECTION: &[&str] = &[
    "members",
    "incidents",
    "incident_versions",
    "responses",
    "crossing_changes",
    "crossing_exceptions",
    "crossing_passages",
    "crossing_figures",
    "events",
    "violations",
    "violation_steps",
    "obligation_steps",
    "translations",
    "translation_disputes",
    "windows",
    "window_acks",
    "window_signals",
    "window_violations",
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
    "allegations",
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
        let pool = open_pool(&url, backend, if backend == Backend::Sqlite { 8 } else { 16 }, None).await?;
        let writes = match backend {
            Backend::Sqlite => open_pool(&url, backend, 2, Some(WRITER_CACHE_KIB)).await?,
            Backend::Postgres => pool.clone(),
        };
        let store = Store { pool, writes, backend };
        store.migrate().await?;
        Ok(store)
    }

    /// Drops the projection's tables and creates them as the code now has them (a rebuild fills them).
    pub async fn recreate_projection(&self) -> Result<()> {
        for t in TABLES_PROJECTION.iter().chain(TABLES_RETIRED) {
            sqlx::query(&format!("DROP TABLE IF EXISTS {t}")).execute(&self.pool).await?;
        }
        self.migrate().await
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
        self.writes.close().await;
    }

    /// The pool itself, for tests and benchmarks that read or alter the tables behind the store.
    pub fn pool_for_tests(&self) -> AnyPool {
        self.pool.clone()
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

/// How long PostgreSQL lets a transaction sit idle (JIRGA_PG_IDLE_TRANSACTION_MS): keep it
/// well under the sequencer's lease, so that a standby can take over from a writer that froze.
fn idle_transaction_ms() -> u64 {
    std::env::var("JIRGA_PG_IDLE_TRANSACTION_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000)
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

/// A pool of `connections` to the database; `cache_kib`: SQLite's page cache per connection.
async fn open_pool(url: &str, backend: Backend, connections: u32, cache_kib: Option<u32>) -> Result<AnyPool> {
    let options = AnyPoolOptions::new()
        .max_connections(connections)
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
                    if let Some(kib) = cache_kib {
                        conn.execute(format!("PRAGMA cache_size=-{kib}").as_str()).await?;
                        // A multi-row insert journals the pages it changes, to undo itself
                        // on a failed row: in memory, not in a temporary file.
                        conn.execute("PRAGMA temp_store=MEMORY").await?;
                    }
                } else {
                    // The list's filters come as parameters of cached statements; a generic
                    // plan cannot see how narrow a time range or a category is, and picks a
                    // bitmap scan and a sort where walking an index in order stops at a page.
                    conn.execute("SET plan_cache_mode = force_custom_plan").await?;
                    // A server frozen or cut off inside a transaction would hold its locks
                    // (the lease row among them) until the connection is noticed dead, which
                    // can take hours: the database ends such a transaction soon. Every
                    // transaction here sends its statements back to back.
                    conn.execute(
                        format!("SET idle_in_transaction_session_timeout = {}", idle_transaction_ms()).as_str(),
                    )
                    .await?;
                }
                Ok(())
            })
        });
    options.connect(url).await.with_context(|| format!("opening the database {}", redact(url)))
}
