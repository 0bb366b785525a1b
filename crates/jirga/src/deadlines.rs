//! The deadline watcher: finds reports unanswered past the response deadline, investigations past
//! their due date, findings still waiting for signatures and hotline messages nobody acknowledged,
//! and escalates each with a statement signed by the server's own key. A hotline message climbs
//! the deployment's chain: first the addressed party's next duty officers and headquarters, then
//! the mediators' duty officers. It also marks when each window of silence in force starts and
//! ends.

use crate::own_statements::record;
use crate::sequencer::{Sequencer, SubmitError};
use crate::state::AppState;
use crate::store::{DutyRow, Store};
use anyhow::{anyhow, Result};
use model::deadlines::{passed, Escalation, Overdue, Pending};
use model::hotline::Step;
use model::{Kind, PartyKind, PublicKey, SecretKey, StatementId};
use std::time::Duration;

/// At most this many escalations of each reason per round, so a long outage does not flood the
/// log at once.
const PER_ROUND: i64 = 100;

/// How often the watcher looks: well inside the shortest acknowledgement deadline (minutes).
pub const ROUND: Duration = Duration::from_secs(15);

fn explain(overdue: Overdue, step: Option<Step>) -> &'static str {
    match (overdue, step) {
        (Overdue::Response, _) => "No answer to this report within the response deadline.",
        (Overdue::Investigation, _) => "This investigation has no final finding and is past its due date.",
        (Overdue::Signatures, _) => "This finding is still waiting for the signatures that make it final.",
        (Overdue::Acknowledgement, Some(Step::Mediators)) => {
            "Still unacknowledged after the backups were called: the mediators' duty officers are asked to act."
        }
        (Overdue::Acknowledgement, _) => {
            "Nobody addressed has acknowledged this hotline message in time: the next duty officers and headquarters are called."
        }
    }
}

/// Escalates what is overdue at the app's clock now; returns how many were escalated.
pub async fn escalate_passed(app: &AppState) -> Result<usize> {
    let Some(key) = app.server_key.clone() else { return Ok(0) };
    // One round at a time: two rounds racing could escalate the same thing twice.
    let _round = app.escalation_round.lock().await;
    escalate_at(&app.store, &app.seq, &key, app.clock.now_ms()).await
}

/// One round at `now`: escalates every deadline passed by then, oldest first.
pub async fn escalate_at(store: &Store, seq: &Sequencer, key: &SecretKey, now: i64) -> Result<usize> {
    // The deadlines are read from the projection: it must hold the last round's escalations, or
    // they would be escalated again.
    if !seq.caught_up(std::time::Duration::from_secs(30)).await {
        return Err(anyhow!("the projection is more than 30 s behind the log; no deadline round"));
    }
    let pending = store.pending_deadlines(now, PER_ROUND).await?;
    let due = passed(&pending, now);
    // The rosters in force, read once for the round, and only if a hotline message escalates.
    let rosters = if due.iter().any(|p| p.step.is_some()) { store.duty_rosters(now).await? } else { vec![] };
    let mut escalated = 0;
    for p in &due {
        let body = Escalation {
            overdue: p.overdue,
            due: chrono::DateTime::from_timestamp_millis(p.due_ms).ok_or_else(|| anyhow!("bad due time"))?,
            text: model::bodies::Text { text: explain(p.overdue, p.step).into(), lang: "en".into() },
            step: p.step,
            notify: notify(store, seq, &rosters, p).await?,
        };
        match record(seq, key, Kind::Escalation, vec![p.subject], serde_json::to_value(&body)?, now).await {
            Ok(_) => escalated += 1,
            // Acknowledged between the read and the log: nothing to escalate.
            Err(SubmitError::Rejected(r)) if r.code == "conflict" => {
                tracing::info!(subject = %p.subject.short(), "acknowledged just in time; not escalated")
            }
            Err(e) => return Err(anyhow!("escalating {} {}: {e}", p.overdue.as_str(), p.subject.short())),
        }
    }
    Ok(escalated + mark_windows(store, seq, key, now).await?)
}

/// Marks the start and the end of the windows of silence in force, telling the duty officers and
/// headquarters of both parties for the window's sector; returns how many it marked.
async fn mark_windows(store: &Store, seq: &Sequencer, key: &SecretKey, now: i64) -> Result<usize> {
    let due = store.windows_due(now).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let rosters = store.duty_rosters(now).await?;
    let parties: Vec<String> = {
        let state = seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref().ok_or_else(|| anyhow!("the log has no genesis"))?;
        dep.genesis.parties.iter().filter(|p| p.kind == PartyKind::Party).map(|p| p.id.clone()).collect()
    };
    let mut marked = 0;
    for (window, phase, sector) in due {
        let mut notify = Vec::new();
        for party in &parties {
            let Some(roster) = roster_for(&rosters, party, &sector) else { continue };
            for k in roster.officers.iter().chain(&roster.hq) {
                let key = PublicKey::parse(k)?;
                if !notify.contains(&key) {
                    notify.push(key);
                }
            }
        }
        let body = model::window::WindowSignal { phase, notify };
        match record(seq, key, Kind::WindowSignal, vec![window], serde_json::to_value(&body)?, now).await {
            Ok(_) => marked += 1,
            Err(SubmitError::Rejected(r)) if r.code == "conflict" => {
                tracing::info!(window = %window.short(), reason = %r.message, "window not marked")
            }
            Err(e) => return Err(anyhow!("marking window {} {}: {e}", window.short(), phase.as_str())),
        }
    }
    Ok(marked)
}

/// Whom a step of a hotline message's escalation calls on, from the duty rosters in force: the
/// addressed parties' officers after the first, and their headquarters; then every mediator's
/// officers and headquarters.
async fn notify(
    store: &Store,
    seq: &Sequencer,
    rosters: &[DutyRow],
    p: &Pending<StatementId>,
) -> Result<Vec<PublicKey>> {
    let Some(step) = p.step else { return Ok(vec![]) };
    let Some((_, addressed, sector)) = store.hotline_routing(&p.subject).await? else { return Ok(vec![]) };
    let parties = match step {
        Step::Backup => addressed,
        Step::Mediators => {
            let state = seq.state.read().expect("state lock");
            let dep = state.deployment.as_ref().ok_or_else(|| anyhow!("the log has no genesis"))?;
            dep.genesis.parties.iter().filter(|p| p.kind == PartyKind::Mediator).map(|p| p.id.clone()).collect()
        }
    };
    let mut keys = Vec::new();
    for party in &parties {
        let Some(roster) = roster_for(rosters, party, &sector) else { continue };
        let skip = usize::from(step == Step::Backup);
        for k in roster.officers.iter().skip(skip).chain(&roster.hq) {
            let key = PublicKey::parse(k)?;
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    Ok(keys)
}

/// A party's roster for a sector: its own for the sector, else its roster for every sector.
pub fn roster_for<'a>(rosters: &'a [DutyRow], party: &str, sector: &str) -> Option<&'a DutyRow> {
    let of = |s: &str| rosters.iter().find(|r| r.party == party && r.sector == s);
    of(sector).or_else(|| of("*"))
}

/// Runs a round every `every` until the process stops; failures are logged and retried.
pub fn spawn(app: AppState, every: Duration) {
    tokio::spawn(async move {
        // The first round after one period: a server starting up serves before it escalates.
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // The server that writes the log escalates; a standby would only be refused.
            if !app.seq.writes() {
                continue;
            }
            match escalate_passed(&app).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "deadlines passed: escalated"),
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "the deadline round failed; trying again later"),
            }
        }
    });
}
