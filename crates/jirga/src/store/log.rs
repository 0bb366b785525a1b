//! The log's tables: entries and bodies keyed by the log index, the checkpoints and their
//! cosignatures, and the projection's watermark. Nothing here reads the projection.

use super::lease::{check_fence, Fence};
use super::sql::{self, Val};
use super::tiles::insert_tiles;
use super::{Backend, KnownEntry, NewEntry, Projector, Store};
use anyhow::{bail, Context, Result};
use ledger::{FullTile, Hash};
use model::statement::StatementId;
use model::validate::Known;
use model::{Kind, PublicKey};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// The meta key of the projection's watermark: the log size it has caught up with.
const PROJECTED: &str = "projected";

impl Store {
    pub async fn log_size(&self) -> Result<u64> {
        // The largest index, not a count: a count walks a whole index, this one page.
        let n: i64 =
            sqlx::query("SELECT COALESCE(MAX(idx) + 1, 0) FROM entries").fetch_one(&self.pool).await?.try_get(0)?;
        Ok(n as u64)
    }

    /// The leaf hashes of entries [from, to), in log order: read from the covering index as one
    /// value per 65,536 entries, since a row each costs the driver more than the hash does.
    pub async fn leaf_hashes(&self, from: u64, size: u64) -> Result<Vec<Hash>> {
        const STEP: u64 = 65_536;
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT CAST(group_concat(leaf, x'' ORDER BY idx) AS BLOB) FROM entries WHERE idx >= $1 AND idx < $2"
            }
            Backend::Postgres => {
                "SELECT string_agg(leaf, ''::bytea ORDER BY idx) FROM entries WHERE idx >= $1 AND idx < $2"
            }
        };
        let mut out = Vec::with_capacity(size.saturating_sub(from) as usize);
        let mut from = from;
        while from < size {
            let to = (from + STEP).min(size);
            let row = sqlx::query(sql).bind(from as i64).bind(to as i64).fetch_one(&self.pool).await?;
            let bytes: Vec<u8> = row.try_get::<Option<Vec<u8>>, _>(0)?.unwrap_or_default();
            if bytes.len() as u64 != (to - from) * 32 {
                bail!("the log has a gap or a malformed leaf hash among entries {from}..{to}: the database is damaged");
            }
            out.extend(bytes.chunks_exact(32).map(|c| Hash::try_from(c).expect("32 bytes")));
            from = to;
        }
        Ok(out)
    }

    /// The first 8 bytes of every id (for the sequencer's filter of ids certainly new), from
    /// the ids' covering index as one value.
    pub async fn id_heads(&self) -> Result<Vec<[u8; 8]>> {
        let sql = match self.backend {
            Backend::Sqlite => "SELECT CAST(group_concat(substr(id, 1, 8), x'') AS BLOB) FROM entries",
            Backend::Postgres => "SELECT string_agg(substring(id from 1 for 8), ''::bytea) FROM entries",
        };
        let bytes: Vec<u8> =
            sqlx::query(sql).fetch_one(&self.pool).await?.try_get::<Option<Vec<u8>>, _>(0)?.unwrap_or_default();
        if !bytes.len().is_multiple_of(8) {
            bail!("an id in the log is shorter than 8 bytes: the database is damaged");
        }
        Ok(bytes.chunks_exact(8).map(|c| c.try_into().expect("8 bytes")).collect())
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
            "SELECT e.idx, e.entry, b.body FROM entries e LEFT JOIN bodies b ON b.idx = e.idx \
             WHERE e.idx >= $1 AND e.idx < $2 ORDER BY e.idx",
        )
        .bind(from as i64)
        .bind(to as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((r.try_get::<i64, _>(0)? as u64, r.try_get(1)?, r.try_get(2)?))).collect()
    }

    /// The incident each entry of [from, to) was filed under, as the sequencer recorded it.
    pub async fn incidents_of(&self, from: u64, to: u64) -> Result<HashMap<u64, StatementId>> {
        let rows =
            sqlx::query("SELECT idx, incident FROM entries WHERE idx >= $1 AND idx < $2 AND incident IS NOT NULL")
                .bind(from as i64)
                .bind(to as i64)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|r| Ok((r.try_get::<i64, _>(0)? as u64, id_of(r.try_get(1)?)?))).collect()
    }

    pub async fn body(&self, id: &StatementId) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT b.body FROM entries e JOIN bodies b ON b.idx = e.idx WHERE e.id = $1")
            .bind(id.0.to_vec())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// The entry of a statement, with its index.
    pub async fn entry_by_id(&self, id: &StatementId) -> Result<Option<(u64, Vec<u8>)>> {
        let row = sqlx::query("SELECT idx, entry FROM entries WHERE id = $1")
            .bind(id.0.to_vec())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some((r.try_get::<i64, _>(0)? as u64, r.try_get(1)?)),
            None => None,
        })
    }

    /// The entry whose id starts with `prefix` (hex, at least 8 characters, as pages show a
    /// statement's id short); None when no id or more than one does.
    pub async fn entry_by_id_prefix(&self, prefix: &str) -> Result<Option<(u64, Vec<u8>)>> {
        let prefix = prefix.to_ascii_lowercase();
        if !(8..=64).contains(&prefix.len()) || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        // Ids are 32 bytes compared byte by byte: the prefix's range on the id index.
        let bound = |fill: char| {
            let padded: String = prefix.chars().chain(std::iter::repeat(fill)).take(64).collect();
            hex::decode(padded).map_err(anyhow::Error::from)
        };
        let rows = sqlx::query("SELECT idx, entry FROM entries WHERE id >= $1 AND id <= $2 ORDER BY id LIMIT 2")
            .bind(bound('0')?)
            .bind(bound('f')?)
            .fetch_all(&self.pool)
            .await?;
        Ok(match rows.as_slice() {
            [one] => Some((one.try_get::<i64, _>(0)? as u64, one.try_get(1)?)),
            _ => None,
        })
    }

    /// Looks up statements by id, for the checks of a batch. What a hotline message's
    /// acknowledgement changes is not here: the sequencer keeps that in memory.
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
                "SELECT idx, id, kind, party, author, incident, logged_at, visibility FROM entries WHERE id IN ({})",
                placeholders.join(",")
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.0.to_vec());
            }
            for row in q.fetch_all(&self.pool).await? {
                out.insert(id_of(row.try_get("id")?)?, known_from_row(&row)?);
            }
        }
        Ok(out)
    }

    /// The statements that decide what later ones may do, with their bodies, in log order: the
    /// genesis, the key history, the investigations with their teams and findings, and the
    /// hotline's messages and acknowledgements, the crossings' exceptions and what passed under them, the windows of silence and the duty rosters, the events linked and the duplicates marked, the violations carried to a consequence, the actor register and the obligations' verification; at log indexes [from, to).
    pub async fn deciding(&self, from: u64, to: u64) -> Result<Vec<(u64, Vec<u8>, Vec<u8>)>> {
        // The same condition as the partial index `entries_deciding`, word for word, so that
        // both databases take it.
        let rows = sqlx::query(
            "SELECT e.idx, e.entry, b.body FROM entries e JOIN bodies b ON b.idx = e.idx \
             WHERE e.kind IN ('genesis', 'member.enrol', 'member.revoke', 'investigation.open', \
             'investigation.close', 'finding', 'finding.sign', 'hotline.message', 'hotline.ack', \
             'crossing.exception', 'crossing.passage', 'window.request', 'window.ack', 'window.signal', \
             'duty.roster', 'event.link', 'incident.duplicate', 'violation.report', 'violation.endorse', \
             'violation.reply', 'violation.decision', 'violation.follow_up', 'actor.register', 'performance.report', \
             'verification.visit', 'verification.access', 'deliverable.outcome', 'deliverable.sign') AND e.idx >= $1 AND e.idx < $2 \
             ORDER BY e.idx",
        )
        .bind(from as i64)
        .bind(to.min(i64::MAX as u64) as i64)
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

    /// Appends a batch to the log with the checkpoint that covers it, in one durable
    /// transaction: either all of it is there after a crash, or none of it. The projection
    /// follows in its own transactions (`project`).
    /// Appends a batch with its checkpoint in one transaction; with a fence, only while it holds
    /// the sequencer's lease (a deposed writer's late commit fails with `lease::Deposed`).
    pub async fn append(
        &self,
        entries: &[NewEntry],
        tiles: &[FullTile],
        checkpoint: (u64, &str, i64),
        fence: Option<&Fence>,
    ) -> Result<()> {
        let mut tx = self.writes.begin().await?;
        let rows = entries
            .iter()
            .map(|e| {
                let h = (e.kind, e.party.as_str(), &e.author, e.visibility);
                entry_row(e.idx, &e.id, h, e.logged_at, e.incident, &e.leaf, &e.entry)
            })
            .collect();
        let bodies = entries.iter().map(|e| vec![Val::I64(e.idx as i64), Val::Blob(e.body.clone())]).collect();
        insert_log(&mut tx, rows, bodies, checkpoint).await?;
        insert_tiles(&mut tx, tiles).await?;
        // Last, once the transaction writes: SQLite then holds its one write lock, and a
        // deferred transaction that had read first could not take it.
        if let Some(fence) = fence {
            check_fence(&mut tx, self.backend, fence).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Appends entries copied from another server (a party's mirror): the entries, the bodies this
    /// party may read (by log index), and the checkpoint that covers them, in one transaction.
    pub async fn append_mirrored(
        &self,
        entries: &[(u64, model::statement::Entry, Vec<u8>)],
        bodies: &[(u64, Vec<u8>)],
        tiles: &[FullTile],
        checkpoint: (u64, &str, i64),
    ) -> Result<()> {
        let mut tx = self.writes.begin().await?;
        let rows = entries
            .iter()
            .map(|(idx, e, bytes)| {
                let h = (e.header.kind, e.header.party.as_str(), &e.header.author, e.header.visibility);
                entry_row(*idx, &e.id, h, e.logged_at, None, &ledger::leaf_hash(bytes), bytes)
            })
            .collect();
        let bodies = bodies.iter().map(|(idx, b)| vec![Val::I64(*idx as i64), Val::Blob(b.clone())]).collect();
        insert_log(&mut tx, rows, bodies, checkpoint).await?;
        insert_tiles(&mut tx, tiles).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Projects entries that are in the log, and moves the watermark to `size`, in one
    /// transaction: after a crash the projection is exactly as far as its watermark says.
    pub async fn project(
        &self,
        entries: &[NewEntry],
        projector: &Projector,
        size: u64,
        fence: Option<&Fence>,
    ) -> Result<()> {
        let mut tx = self.writes.begin().await?;
        projector.project(&mut tx, entries).await?;
        set_projected(&mut tx, size).await?;
        if let Some(fence) = fence {
            check_fence(&mut tx, self.backend, fence).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The log size the projection has caught up with.
    pub async fn projected_size(&self) -> Result<u64> {
        match self.meta(PROJECTED).await? {
            None => Ok(0),
            Some(v) => v.parse().with_context(|| format!("the projection's watermark {v:?} is not a number")),
        }
    }
}

/// Moves the projection's watermark inside the caller's transaction.
pub(crate) async fn set_projected(tx: &mut sqlx::Transaction<'_, sqlx::Any>, size: u64) -> Result<()> {
    sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(PROJECTED)
        .bind(size.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn id_of(bytes: Vec<u8>) -> Result<StatementId> {
    Ok(StatementId(bytes.try_into().map_err(|_| anyhow::anyhow!("an id in the log is not 32 bytes"))?))
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
        Val::Blob(id.0.to_vec()),
        Val::Text(kind.as_str().into()),
        Val::Text(party.to_string()),
        Val::Text(author.to_string()),
        Val::Text(visibility.as_str().into()),
        Val::I64(logged_at),
        Val::OptBlob(incident.map(|i| i.0.to_vec())),
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
    sql::insert_rows(tx, "bodies", &["idx", "body"], bodies, "").await?;
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
    let incident: Option<Vec<u8>> = row.try_get("incident")?;
    Ok(KnownEntry {
        idx: row.try_get::<i64, _>("idx")? as u64,
        logged_at: row.try_get("logged_at")?,
        known: Known {
            kind: Kind::parse(&kind).context("unknown kind in entries")?,
            party: row.try_get("party")?,
            author: PublicKey::parse(&row.try_get::<String, _>("author")?)?,
            incident: incident.map(id_of).transpose()?,
            addressed: vec![],
            acknowledged: false,
            visibility: model::Visibility::parse(&row.try_get::<String, _>("visibility")?)
                .context("unknown visibility in entries")?,
        },
    })
}
