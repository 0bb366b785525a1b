//! Reference events in the store: inserted once per (source, id), counted, and read back for
//! the map and the reports.

use crate::reference::{self, ReferenceEvent};
use anyhow::Result;
use sqlx::Row;

#[derive(Clone, Debug, serde::Serialize)]
pub struct ReferenceRow {
    pub source: String,
    pub source_id: String,
    pub licence: String,
    pub date_start: String,
    pub lat: f64,
    pub lon: f64,
    pub event_type: String,
    pub actor1: String,
    pub actor2: String,
    pub fatalities: i64,
    pub location: String,
    pub line_m: f64,
    pub side: String,
}

impl super::Store {
    /// Stores the events not stored yet; an event already there is left as it is.
    pub async fn insert_reference_events(&self, events: &[ReferenceEvent]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        super::sql::insert_rows(
            &mut tx,
            "reference_events",
            reference::COLUMNS,
            events.iter().map(reference::row).collect(),
            "ON CONFLICT (source, source_id) DO NOTHING",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn reference_count(&self, source: &str) -> Result<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reference_events WHERE source = $1")
            .bind(source)
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u64)
    }

    /// Events from `from_ms` (inclusive) to `to_ms` (exclusive) within `km` of the line, newest
    /// first, at most `limit`.
    pub async fn reference_events(&self, from_ms: i64, to_ms: i64, km: f64, limit: i64) -> Result<Vec<ReferenceRow>> {
        let rows = sqlx::query(
            "SELECT source, source_id, licence, date_start, lat, lon, event_type, actor1, actor2, fatalities, \
             location, line_m, side FROM reference_events WHERE day_ms >= $1 AND day_ms < $2 AND line_m <= $3 \
             ORDER BY day_ms DESC, source_id LIMIT $4",
        )
        .bind(from_ms)
        .bind(to_ms)
        .bind(km * 1000.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ReferenceRow {
                    source: r.try_get(0)?,
                    source_id: r.try_get(1)?,
                    licence: r.try_get(2)?,
                    date_start: r.try_get(3)?,
                    lat: r.try_get(4)?,
                    lon: r.try_get(5)?,
                    event_type: r.try_get(6)?,
                    actor1: r.try_get(7)?,
                    actor2: r.try_get(8)?,
                    fatalities: r.try_get(9)?,
                    location: r.try_get(10)?,
                    line_m: r.try_get(11)?,
                    side: r.try_get(12)?,
                })
            })
            .collect()
    }
}
