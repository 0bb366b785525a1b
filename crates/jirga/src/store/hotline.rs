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
