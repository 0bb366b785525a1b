//! The log's hash tiles as stored: each full tile written once, in the transaction of the batch
//! that completes it, and never changed. A start reads one stored hash per 256 entries from
//! them; `/tile/…` serves them as they are.

use super::sql::{self, Val};
use super::Store;
use anyhow::{bail, Result};
use ledger::tiles::{split_tile, TILE_WIDTH};
use ledger::{FullTile, Hash, LeafTile, Tree};
use sqlx::Row;

const PER_TILE: u64 = TILE_WIDTH as u64;

impl Store {
    /// Full tile (`level`, `index`), if the log has completed it.
    pub async fn tile(&self, level: u8, index: u64) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT data FROM tiles WHERE level = $1 AND idx = $2")
            .bind(i64::from(level))
            .bind(index as i64)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// Leaf tile `index` with the hashes inside it, for a proof that reaches into it.
    pub async fn leaf_tile(&self, index: u64) -> Result<LeafTile> {
        let Some(data) = self.tile(0, index).await? else {
            bail!("leaf tile {index} is not stored: the database is damaged");
        };
        LeafTile::from_bytes(index, &data).map_err(|e| anyhow::anyhow!("leaf tile {index}: {e}"))
    }

    /// The tree of the log as stored, tiled: the roots of its full leaf tiles (read 256 to a
    /// row from the level-1 tiles where those are complete) and the leaves after them.
    pub async fn tree(&self) -> Result<Tree> {
        self.tree_at(self.log_size().await?).await
    }

    /// The tree of the log's first `size` entries (another server may be appending beyond).
    pub async fn tree_at(&self, size: u64) -> Result<Tree> {
        let full = size / PER_TILE;
        let uppers = full / PER_TILE;
        let mut roots: Vec<Hash> = Vec::with_capacity(full as usize);
        for (i, data) in self.tiles(1, 0, uppers).await?.into_iter().enumerate() {
            let hashes = split_tile(&data).map_err(|e| anyhow::anyhow!("tile 1/{i}: {e}"))?;
            roots.extend(hashes);
        }
        for (i, data) in self.tiles(0, uppers * PER_TILE, full).await?.into_iter().enumerate() {
            let index = uppers * PER_TILE + i as u64;
            roots.push(LeafTile::from_bytes(index, &data).map_err(|e| anyhow::anyhow!("tile 0/{index}: {e}"))?.root());
        }
        if roots.len() as u64 != full {
            bail!("the stored tiles cover {} of {full} full leaf tiles: the database is damaged", roots.len());
        }
        Ok(Tree::from_tiles(roots, self.leaf_hashes(full * PER_TILE, size).await?))
    }

    /// Full tiles [from, to) of `level`, in order; fewer if some are missing.
    async fn tiles(&self, level: u8, from: u64, to: u64) -> Result<Vec<Vec<u8>>> {
        let rows = sqlx::query("SELECT idx, data FROM tiles WHERE level = $1 AND idx >= $2 AND idx < $3 ORDER BY idx")
            .bind(i64::from(level))
            .bind(from as i64)
            .bind(to as i64)
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            if r.try_get::<i64, _>(0)? as u64 != from + i as u64 {
                break;
            }
            out.push(r.try_get(1)?);
        }
        Ok(out)
    }

    /// Writes the tiles of a log whose tiles are missing (one upgraded from a schema without
    /// them), from its leaf hashes, in one transaction. Does nothing, and writes nothing, when
    /// every full tile is there.
    pub(super) async fn complete_tiles(&self) -> Result<()> {
        // The size first: a server appending meanwhile writes its tiles with its entries, so
        // the counts read after it are never short of what this size needs unless tiles are
        // missing.
        let size = self.log_size().await?;
        let rows = sqlx::query("SELECT level, COUNT(*) FROM tiles GROUP BY level").fetch_all(&self.pool).await?;
        let mut have = std::collections::HashMap::new();
        for r in &rows {
            have.insert(r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)? as u64);
        }
        let mut short = false;
        let (mut level, mut span) = (0i64, PER_TILE);
        while size / span > 0 {
            short |= have.get(&level).copied().unwrap_or(0) < size / span;
            level += 1;
            span = span.saturating_mul(PER_TILE);
        }
        if !short {
            return Ok(());
        }
        tracing::info!(entries = size, "writing the log's hash tiles");
        let mut tree = Tree::tiled();
        for leaf in self.leaf_hashes(0, size).await? {
            tree.push(leaf);
        }
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM tiles").execute(&mut *tx).await?;
        insert_tiles(&mut tx, &tree.full_tiles(0)).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Full tiles, inside the caller's transaction.
pub(super) async fn insert_tiles(tx: &mut sqlx::Transaction<'_, sqlx::Any>, tiles: &[FullTile]) -> Result<()> {
    let rows = tiles
        .iter()
        .map(|t| vec![Val::I64(i64::from(t.level)), Val::I64(t.index as i64), Val::Blob(t.data.clone())])
        .collect();
    sql::insert_rows(tx, "tiles", &["level", "idx", "data"], rows, "").await
}
