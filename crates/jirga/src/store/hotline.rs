//! The projection of the hotline: messages with their acknowledgement deadline and the first
//! acknowledgement, every acknowledgement, and the duty rosters.

use super::projection::text;
use super::sql::{insert_rows, Val};
use super::{NewEntry, Projector};
use anyhow::{Context, Result};
use model::hotline::{escalation_due, Step};
use model::Body;
use sqlx::{Any, Transaction};

fn keys(list: &[model::PublicKey]) -> Val {
    Val::Text(list.iter().map(|k| k.to_string()).collect::<Vec<_>>().join(","))
}

impl Projector {
    pub(super) async fn project_hotline(&self, tx: &mut Transaction<'_, Any>, e: &NewEntry) -> Result<()> {
        let id = Val::Text(e.id.hex());
        match &e.parsed {
            Body::HotlineMessage(m) => {
                let due = escalation_due(e.logged_at, &self.genesis.rules.hotline, m.message_type, Step::Backup);
                let priority = serde_json::to_value(m.priority)?.as_str().unwrap_or_default().to_string();
                let row = vec![
                    id,
                    text(&e.party),
                    text(&e.author.to_string()),
                    text(&m.to.join(",")),
                    text(m.message_type.as_str()),
                    text(&m.sector),
                    text(&priority),
                    Val::I64(e.idx as i64),
                    Val::I64(e.logged_at),
                    Val::I64(due),
                ];
                let columns = [
                    "statement",
                    "party",
                    "author",
                    "addressed",
                    "type",
                    "sector",
                    "priority",
                    "idx",
                    "logged_at",
                    "ack_due",
                ];
                insert_rows(tx, "hotline_messages", &columns, vec![row], "").await?;
            }
            Body::HotlineAck(_) => {
                let message = e.refs.first().context("an acknowledgement refers to its message")?.hex();
                let row = vec![
                    id,
                    text(&message),
                    text(&e.author.to_string()),
                    text(&e.party),
                    Val::I64(e.idx as i64),
                    Val::I64(e.logged_at),
                ];
                let columns = ["statement", "message", "member", "party", "idx", "logged_at"];
                insert_rows(tx, "hotline_acks", &columns, vec![row], "").await?;
                // The first acknowledgement settles the message; later ones change nothing.
                sqlx::query("UPDATE hotline_messages SET acked_at = $1, acked_by = $2 WHERE statement = $3 AND acked_at IS NULL")
                    .bind(e.logged_at)
                    .bind(e.author.to_string())
                    .bind(&message)
                    .execute(&mut **tx)
                    .await?;
            }
            Body::DutyRoster(r) => {
                let row = vec![
                    id,
                    text(&e.party),
                    text(&r.sector),
                    Val::I64(r.from.timestamp_millis()),
                    keys(&r.officers),
                    keys(&r.hq),
                    Val::I64(e.idx as i64),
                ];
                let columns = ["statement", "party", "sector", "from_ms", "officers", "hq", "idx"];
                insert_rows(tx, "duty_rosters", &columns, vec![row], "").await?;
            }
            _ => unreachable!("called for the hotline's kinds"),
        }
        Ok(())
    }
}

/// One thing that happened on the hotline, in log order, as consoles receive it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct HotlineEvent {
    /// The log index: the SSE event id, to resume from.
    pub index: i64,
    /// message, ack or escalation
    pub event: String,
    pub statement: String,
    /// The party that spoke (the server for an escalation).
    pub party: String,
    /// The parties the message was addressed to; with the speaker and the mediators, they alone
    /// receive it.
    pub addressed: Vec<String>,
    /// The message this acknowledgement or escalation is about.
    pub message: Option<String>,
    pub logged_at: String,
    pub body: serde_json::Value,
}

impl super::Store {
    /// Hotline messages, acknowledgements, escalations and the marks of windows of silence
    /// starting or ending, after log index `after`, oldest first.
    pub async fn hotline_events(&self, after: i64, limit: i64) -> Result<Vec<HotlineEvent>> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT idx, 'message', statement, party, addressed, NULL, logged_at FROM hotline_messages WHERE idx > $1 \
             UNION ALL SELECT a.idx, 'ack', a.statement, a.party, m.addressed || ',' || m.party, a.message, a.logged_at \
             FROM hotline_acks a JOIN hotline_messages m ON m.statement = a.message WHERE a.idx > $1 \
             UNION ALL SELECT x.idx, 'escalation', x.statement, 'server', m.addressed || ',' || m.party, x.subject, \
             x.logged_at FROM escalations x JOIN hotline_messages m ON m.statement = x.subject WHERE x.idx > $1 \
             UNION ALL SELECT s.idx, 'window', s.statement, 'server', w.agreed, s.window_id, s.logged_at \
             FROM window_signals s JOIN windows w ON w.statement = s.window_id WHERE s.idx > $1 \
             ORDER BY 1 LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let statement: String = r.try_get(2)?;
            let id = model::StatementId::parse(&statement).context("a bad id in the hotline tables")?;
            let body = match self.body(&id).await? {
                Some(b) => serde_json::from_slice(&b)?,
                None => serde_json::Value::Null,
            };
            let addressed: String = r.try_get(4)?;
            out.push(HotlineEvent {
                index: r.try_get(0)?,
                event: r.try_get(1)?,
                statement,
                party: r.try_get(3)?,
                addressed: super::sql::comma_list(&addressed),
                message: r.try_get(5)?,
                logged_at: super::queries::rfc3339(r.try_get(6)?),
                body,
            });
        }
        Ok(out)
    }
}

/// Who answers the hotline for a party in a sector, from a duty roster.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct DutyRow {
    pub statement: String,
    pub party: String,
    /// A sector's id, or "*" for every sector the party has no roster of its own for.
    pub sector: String,
    pub from: String,
    /// The duty officers in order, by public key.
    pub officers: Vec<String>,
    pub hq: Vec<String>,
}

/// The last check-in a party sent, and who has answered it.
#[derive(Clone, Debug)]
pub struct LastCheckIn {
    pub statement: String,
    pub logged_at: i64,
    pub ack_due: i64,
    pub addressed: Vec<String>,
    pub acked_by: Vec<String>,
}

impl super::Store {
    /// The rosters in force at `at_ms`: per party and sector, the latest that had begun.
    pub async fn duty_rosters(&self, at_ms: i64) -> Result<Vec<DutyRow>> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT r.statement, r.party, r.sector, r.from_ms, r.officers, r.hq FROM duty_rosters r \
             WHERE r.from_ms <= $1 AND NOT EXISTS (SELECT 1 FROM duty_rosters n WHERE n.party = r.party \
             AND n.sector = r.sector AND n.from_ms <= $1 AND (n.from_ms > r.from_ms OR (n.from_ms = r.from_ms AND n.idx > r.idx))) \
             ORDER BY r.party, r.sector",
        )
        .bind(at_ms)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DutyRow {
                    statement: r.try_get(0)?,
                    party: r.try_get(1)?,
                    sector: r.try_get(2)?,
                    from: super::queries::rfc3339(r.try_get(3)?),
                    officers: super::sql::comma_list(&r.try_get::<String, _>(4)?),
                    hq: super::sql::comma_list(&r.try_get::<String, _>(5)?),
                })
            })
            .collect()
    }

    /// The party that sent a message, the parties addressed, and its sector.
    pub async fn hotline_routing(&self, message: &model::StatementId) -> Result<Option<(String, Vec<String>, String)>> {
        use sqlx::Row;
        let row = sqlx::query("SELECT party, addressed, sector FROM hotline_messages WHERE statement = $1")
            .bind(message.hex())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get(0)?, super::sql::comma_list(&r.try_get::<String, _>(1)?), r.try_get(2)?))).transpose()
    }

    /// When the entry at `index` was logged.
    pub async fn logged_at(&self, index: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT logged_at FROM entries WHERE idx = $1")
            .bind(index)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Each party's latest check-in message, with the parties that acknowledged it.
    pub async fn last_check_ins(&self) -> Result<Vec<(String, LastCheckIn)>> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT m.party, m.statement, m.logged_at, m.ack_due, m.addressed, a.party FROM hotline_messages m \
             LEFT JOIN hotline_acks a ON a.message = m.statement WHERE m.type = 'check_in' AND NOT EXISTS \
             (SELECT 1 FROM hotline_messages n WHERE n.party = m.party AND n.type = 'check_in' AND n.idx > m.idx) \
             ORDER BY m.party",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<(String, LastCheckIn)> = Vec::new();
        for r in rows {
            let party: String = r.try_get(0)?;
            let acked: Option<String> = r.try_get(5)?;
            if out.last().map(|(p, _)| p != &party).unwrap_or(true) {
                let last = LastCheckIn {
                    statement: r.try_get(1)?,
                    logged_at: r.try_get(2)?,
                    ack_due: r.try_get(3)?,
                    addressed: super::sql::comma_list(&r.try_get::<String, _>(4)?),
                    acked_by: vec![],
                };
                out.push((party, last));
            }
            let last = &mut out.last_mut().expect("pushed above").1;
            if let Some(p) = acked {
                if !last.acked_by.contains(&p) {
                    last.acked_by.push(p);
                }
            }
        }
        Ok(out)
    }
}

/// A message nobody addressed has acknowledged yet, with how far its escalation has gone.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OpenMessage {
    pub statement: String,
    pub party: String,
    pub addressed: Vec<String>,
    #[serde(rename = "type")]
    pub message_type: String,
    pub sector: String,
    pub priority: String,
    pub logged_at: String,
    /// When the acknowledgement was due; past it the message escalates.
    pub ack_due: String,
    /// backup or mediators, once escalated.
    pub escalated: Option<String>,
}

impl super::Store {
    /// Unacknowledged messages that a member of `party` may read, oldest first.
    pub async fn open_hotline_messages(
        &self,
        party: &str,
        kind: model::PartyKind,
        limit: i64,
    ) -> Result<Vec<OpenMessage>> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT m.statement, m.party, m.addressed, m.type, m.sector, m.priority, m.logged_at, m.ack_due, \
             (SELECT MAX(x.step) FROM escalations x WHERE x.subject = m.statement AND x.overdue = 'acknowledgement') \
             FROM hotline_messages m WHERE m.acked_at IS NULL ORDER BY m.idx LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let messages: Result<Vec<OpenMessage>> = rows
            .iter()
            .map(|r| {
                Ok(OpenMessage {
                    statement: r.try_get(0)?,
                    party: r.try_get(1)?,
                    addressed: super::sql::comma_list(&r.try_get::<String, _>(2)?),
                    message_type: r.try_get(3)?,
                    sector: r.try_get(4)?,
                    priority: r.try_get(5)?,
                    logged_at: super::queries::rfc3339(r.try_get(6)?),
                    ack_due: super::queries::rfc3339(r.try_get(7)?),
                    escalated: r.try_get(8)?,
                })
            })
            .collect();
        Ok(messages?.into_iter().filter(|m| model::hotline::may_read(party, kind, &m.party, &m.addressed)).collect())
    }
}
