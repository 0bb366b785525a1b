//! The deadline watcher: finds reports unanswered past the response deadline, investigations past
//! their due date and findings still waiting for signatures, and escalates each once to the
//! mediators with a statement signed by the server's own key.

use crate::api::AppState;
use crate::own_statements::record;
use anyhow::{anyhow, Result};
use model::deadlines::{passed, Escalation, Overdue};
use model::Kind;
use std::time::Duration;

/// At most this many escalations per round, so a long outage does not flood the log at once.
const PER_ROUND: i64 = 100;

fn explain(overdue: Overdue) -> &'static str {
    match overdue {
        Overdue::Response => "No answer to this report within the response deadline.",
        Overdue::Investigation => "This investigation has no final finding and is past its due date.",
        Overdue::Signatures => "This finding is still waiting for the signatures that make it final.",
        Overdue::Acknowledgement => "Nobody addressed has acknowledged this hotline message in time.",
    }
}

/// Escalates what is overdue at the app's clock now; returns how many were escalated.
pub async fn escalate_passed(app: &AppState) -> Result<usize> {
    let Some(key) = app.server_key.clone() else { return Ok(0) };
    // One round at a time: two rounds racing could escalate the same thing twice.
    let _round = app.escalation_round.lock().await;
    let now = app.clock.now_ms();
    let pending = app.store.pending_deadlines(now, PER_ROUND).await?;
    let due = passed(&pending, now);
    for p in &due {
        let body = Escalation {
            overdue: p.overdue,
            due: chrono::DateTime::from_timestamp_millis(p.due_ms).ok_or_else(|| anyhow!("bad due time"))?,
            text: model::bodies::Text { text: explain(p.overdue).into(), lang: "en".into() },
            step: None,
            notify: vec![],
        };
        record(&app.seq, &key, Kind::Escalation, vec![p.subject], serde_json::to_value(&body)?, now)
            .await
            .map_err(|e| anyhow!("escalating {} {}: {e}", p.overdue.as_str(), p.subject.short()))?;
    }
    Ok(due.len())
}

/// Runs a round every `every` until the process stops; failures are logged and retried.
pub fn spawn(app: AppState, every: Duration) {
    tokio::spawn(async move {
        // The first round after one period: a server starting up serves before it escalates.
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match escalate_passed(&app).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "deadlines passed: escalated to the mediators"),
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "the deadline round failed; trying again later"),
            }
        }
    });
}
