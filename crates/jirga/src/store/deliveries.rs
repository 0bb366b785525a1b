//! Where members asked to be reached, and the notifier's deliveries with every attempt. These
//! tables are the server's own work, not a projection of the log: a rebuild keeps them.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// The channels a member set: an email address, a webhook of the operator's list (with an
/// optional recipient the webhook passes on: a phone number, a radio call sign), and the
/// language of the notices.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `NAME` or `NAME:RECIPIENT`, NAME one of the server's configured webhooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// en, ur, ps or prs; English when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// A delivery to plan: one event to one member over one channel.
#[derive(Clone, Debug)]
pub struct NewDelivery {
    pub event_idx: i64,
    /// message or escalation
    pub event: String,
    pub message: String,
    pub member: String,
    pub member_name: String,
    pub party: String,
    /// email or webhook
    pub channel: String,
    pub address: String,
    pub lang: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryRow {
    pub id: String,
    pub event_idx: i64,
    pub event: String,
    pub message: String,
    pub member: String,
    pub member_name: String,
    pub party: String,
    pub channel: String,
    #[serde(skip)]
    pub address: String,
    /// The address with most of it hidden, as the other side sees it.
    pub to: String,
    #[serde(skip)]
    pub lang: String,
    /// pending (sent soon or retrying), delivered, failed (gave up), settled (acknowledged before it went)
    pub status: String,
    pub attempts: i64,
    pub next_at: i64,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
    pub last_error: Option<String>,
}

/// How one attempt ended.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AttemptRow {
    pub attempt: i64,
    pub at: i64,
    /// delivered or failed
    pub outcome: String,
    pub detail: Option<String>,
}

/// What an attempt did, and what the delivery becomes.
pub struct Outcome<'a> {
    pub at: i64,
    pub delivered: bool,
    pub detail: Option<&'a str>,
    /// The status after this attempt: delivered, pending (retry at next_at) or failed.
    pub status: &'a str,
    pub next_at: i64,
}

const COLUMNS: &str = "id, event_idx, event, message, member, member_name, party, channel, address, lang, status, \
                       attempts, next_at, created_at, delivered_at, last_error";

fn row(r: &sqlx::any::AnyRow) -> Result<DeliveryRow> {
    let address: String = r.try_get(8)?;
    Ok(DeliveryRow {
        id: r.try_get(0)?,
        event_idx: r.try_get(1)?,
        event: r.try_get(2)?,
        message: r.try_get(3)?,
        member: r.try_get(4)?,
        member_name: r.try_get(5)?,
        party: r.try_get(6)?,
        channel: r.try_get(7)?,
        to: mask(&address),
        address,
        lang: r.try_get(9)?,
        status: r.try_get(10)?,
        attempts: r.try_get(11)?,
        next_at: r.try_get(12)?,
        created_at: r.try_get(13)?,
        delivered_at: r.try_get(14)?,
        last_error: r.try_get(15)?,
    })
}

/// `a…@example.org`, `radio-room:…42`: enough to tell which, not enough to harvest.
pub fn mask(address: &str) -> String {
    if let Some((user, domain)) = address.split_once('@') {
        return format!("{}…@{domain}", user.chars().next().unwrap_or('?'));
    }
    match address.split_once(':') {
        Some((hook, to)) => {
            let tail: String = to.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
            format!("{hook}:…{tail}")
        }
        None => address.to_string(),
    }
}

impl super::Store {
    pub async fn channels(&self, member: &str) -> Result<Option<Channels>> {
        let row = sqlx::query("SELECT channels FROM contact_channels WHERE member = $1")
            .bind(member)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(serde_json::from_str(&r.try_get::<String, _>(0)?)?)).transpose()
    }

    pub async fn set_channels(&self, member: &str, channels: &Channels, now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO contact_channels (member, channels, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (member) DO UPDATE SET channels = excluded.channels, updated_at = excluded.updated_at",
        )
        .bind(member)
        .bind(serde_json::to_string(channels)?)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Adds the deliveries planned for the events up to `cursor` and moves the notifier's
    /// cursor there, in one transaction: a crash plans them again or not at all, never twice.
    pub async fn plan_deliveries(&self, planned: &[NewDelivery], cursor: i64, now: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for d in planned {
            sqlx::query(
                "INSERT INTO deliveries (id, event_idx, event, message, member, member_name, party, channel, address, \
                 lang, status, attempts, next_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', 0, $11, $11) \
                 ON CONFLICT (event_idx, member, channel) DO NOTHING",
            )
            .bind(uuid::Uuid::new_v4().simple().to_string())
            .bind(d.event_idx)
            .bind(&d.event)
            .bind(&d.message)
            .bind(&d.member)
            .bind(&d.member_name)
            .bind(&d.party)
            .bind(&d.channel)
            .bind(&d.address)
            .bind(&d.lang)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('notifier.cursor', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(cursor.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Pending deliveries due by `now`, oldest first.
    pub async fn due_deliveries(&self, now: i64, limit: i64) -> Result<Vec<DeliveryRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM deliveries WHERE status = 'pending' AND next_at <= $1 ORDER BY next_at, event_idx LIMIT $2"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row).collect()
    }

    /// When the next pending delivery is due, if any.
    pub async fn next_delivery_at(&self) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT MIN(next_at) FROM deliveries WHERE status = 'pending'")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Records an attempt and what the delivery became.
    pub async fn record_attempt(&self, delivery: &DeliveryRow, o: &Outcome<'_>) -> Result<()> {
        let attempt = delivery.attempts + 1;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO delivery_attempts (delivery, attempt, at, outcome, detail) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&delivery.id)
        .bind(attempt)
        .bind(o.at)
        .bind(if o.delivered { "delivered" } else { "failed" })
        .bind(o.detail)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE deliveries SET status = $1, attempts = $2, next_at = $3, delivered_at = $4, \
             last_error = COALESCE($5, last_error) WHERE id = $6",
        )
        .bind(o.status)
        .bind(attempt)
        .bind(o.next_at)
        .bind(o.delivered.then_some(o.at))
        .bind(if o.delivered { None } else { o.detail })
        .bind(&delivery.id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks a pending delivery settled: the message was acknowledged before it went out.
    pub async fn settle_delivery(&self, id: &str) -> Result<()> {
        sqlx::query("UPDATE deliveries SET status = 'settled' WHERE id = $1 AND status = 'pending'")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether a hotline message has been acknowledged.
    pub async fn acknowledged(&self, message: &str) -> Result<bool> {
        let at: Option<Option<i64>> = sqlx::query_scalar("SELECT acked_at FROM hotline_messages WHERE statement = $1")
            .bind(message)
            .fetch_optional(&self.pool)
            .await?;
        Ok(at.flatten().is_some())
    }

    /// Every delivery of a message and its escalations, in order, with their attempts.
    pub async fn deliveries_of(&self, message: &str) -> Result<Vec<(DeliveryRow, Vec<AttemptRow>)>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM deliveries WHERE message = $1 ORDER BY event_idx, party, member_name, channel"
        ))
        .bind(message)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let d = row(r)?;
            let attempts = sqlx::query(
                "SELECT attempt, at, outcome, detail FROM delivery_attempts WHERE delivery = $1 ORDER BY attempt",
            )
            .bind(&d.id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|a| {
                Ok(AttemptRow {
                    attempt: a.try_get(0)?,
                    at: a.try_get(1)?,
                    outcome: a.try_get(2)?,
                    detail: a.try_get(3)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
            out.push((d, attempts));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_are_masked() {
        assert_eq!(super::mask("duty.officer@mofa.gov.af"), "d…@mofa.gov.af");
        assert_eq!(super::mask("sms-gateway:+923001234567"), "sms-gateway:…67");
        assert_eq!(super::mask("radio-room"), "radio-room");
    }
}
