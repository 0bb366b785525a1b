//! Recreates the projection from the log and the stored bodies alone, in one transaction, and
//! says whether the result equals what was there.

use crate::store::{NewEntry, Projector, Store};
use anyhow::{bail, Context, Result};
use model::statement::Entry;
use model::{Body, Kind, StatementId};

const CHUNK: u64 = 5_000;

/// The projection's shape. Raise it whenever the projection code changes what it writes: a
/// server that finds an older one rebuilds the projection from the log before it serves.
pub const PROJECTION_VERSION: &str = "9";

/// Rebuilds the projection on start when it was written by another version of the code.
pub async fn ensure_current(store: &Store) -> Result<()> {
    let stored = store.meta("projection_version").await?;
    if stored.as_deref() != Some(PROJECTION_VERSION) {
        if store.log_size().await? > 0 {
            // Rebuilding beneath a running writer of another version would tear its projection;
            // the lease of one that stopped without giving it back runs out first.
            let live = || async {
                let now = chrono::Utc::now().timestamp_millis();
                anyhow::Ok(store.lease_holder().await?.filter(|h| h.expires_ms >= now).map(|h| (h, now)))
            };
            if let Some((h, now)) = live().await? {
                let left = (h.expires_ms - now).clamp(0, 10_000) as u64;
                tokio::time::sleep(std::time::Duration::from_millis(left + 100)).await;
            }
            if let Some((h, _)) = live().await? {
                bail!(
                    "the projection is of version {} and another server ({}) writes this database: \
                     stop every server, then start one of this version (docs/DEPLOYMENT.md, upgrades)",
                    stored.as_deref().unwrap_or("none"),
                    h.holder
                );
            }
            tracing::info!(from = ?stored, to = PROJECTION_VERSION, "the projection is of another version: rebuilding it from the log");
            store.recreate_projection().await?;
            rebuild(store).await?;
        }
        store.set_meta("projection_version", PROJECTION_VERSION).await?;
    }
    Ok(())
}

pub struct RebuildReport {
    pub entries: u64,
    /// Tables whose rows differ from before the rebuild, with a count of differing rows.
    pub differences: Vec<(String, usize)>,
}

pub async fn rebuild(store: &Store) -> Result<RebuildReport> {
    let before = store.dump_projection().await?;
    let size = store.log_size().await?;
    let mut tx = store.pool.begin().await?;
    for t in crate::store::TABLES_PROJECTION {
        sqlx::query(&format!("DELETE FROM {t}")).execute(&mut *tx).await?;
    }
    let mut projector: Option<Projector> = None;
    let mut from = 0;
    while from < size {
        let to = (from + CHUNK).min(size);
        let batch = read_back(store, from, to).await?;
        projector = projector.or_else(|| rules_in(&batch));
        projector.as_ref().context("the log does not start with a genesis")?.project(&mut tx, &batch).await?;
        from = to;
    }
    crate::store::set_projected(&mut tx, size).await?;
    tx.commit().await?;
    let after = store.dump_projection().await?;
    let mut differences = Vec::new();
    for ((table, a), (_, b)) in before.iter().zip(after.iter()) {
        let a_set: std::collections::BTreeSet<_> = a.iter().collect();
        let b_set: std::collections::BTreeSet<_> = b.iter().collect();
        let n = a_set.symmetric_difference(&b_set).count();
        if n > 0 {
            differences.push((table.clone(), n));
        }
    }
    Ok(RebuildReport { entries: size, differences })
}

/// The rules to project by, when `entries` start the log with its genesis.
pub fn rules_in(entries: &[NewEntry]) -> Option<Projector> {
    match entries.first().map(|e| &e.parsed) {
        Some(Body::Genesis(g)) => Some(Projector::new(g)),
        _ => None,
    }
}

/// Entries [from, to) read back from the store as the sequencer handed them over, each body
/// checked against its signed hash.
pub async fn read_back(store: &Store, from: u64, to: u64) -> Result<Vec<NewEntry>> {
    let rows = store.entries_with_bodies_left(from, to).await?;
    let incidents = store.incidents_of(from, to).await?;
    let mut entries = Vec::with_capacity(rows.len());
    for (idx, bytes, body) in rows {
        let Some(body) = body else { bail!("entry {idx} has no stored body; the store is damaged") };
        let entry = Entry::parse(&bytes).map_err(|e| anyhow::anyhow!("entry {idx}: {e}"))?;
        let statement = entry.statement(body);
        statement.check_body_hash().map_err(|e| anyhow::anyhow!("entry {idx}: {e}"))?;
        let parsed =
            Body::parse(entry.header.kind, &statement.body_bytes).map_err(|e| anyhow::anyhow!("entry {idx}: {e}"))?;
        let incident = incidents.get(&idx).copied();
        if incident.is_none() && (entry.header.kind.follows_first_ref() || entry.header.kind == Kind::IncidentReport) {
            bail!("entry {idx} is filed under no incident");
        }
        entries.push(NewEntry {
            idx,
            id: entry.id,
            kind: entry.header.kind,
            party: entry.header.party.clone(),
            author: entry.header.author,
            visibility: entry.header.visibility,
            logged_at: entry.logged_at,
            incident,
            refs: entry.header.refs.clone(),
            ref_incidents: vec![],
            leaf: ledger::leaf_hash(&bytes),
            entry: bytes,
            body: statement.body_bytes,
            parsed,
        });
    }
    // The incidents of the statements referred to, wherever in the log they are.
    let mut refs: Vec<StatementId> = entries.iter().flat_map(|e| e.refs.iter().copied()).collect();
    refs.sort();
    refs.dedup();
    let known = store.known(&refs).await?;
    for e in &mut entries {
        e.ref_incidents = e.refs.iter().filter_map(|r| known.get(r).and_then(|k| k.known.incident)).collect();
    }
    Ok(entries)
}
