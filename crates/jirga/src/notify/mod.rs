//! Escalations reach a person: for every hotline message addressed to a party and every step of
//! its escalation, the notifier tells the duty roster's people over the channels each set (an
//! email, a signed webhook for an SMS gateway or a radio room). It follows the log after the
//! sequencer has committed, keeps its place in the database, and sends from tasks of its own,
//! so a slow mail relay never holds up a statement. Every attempt is recorded and shown to the
//! sender's side, the recipient's side and the mediators.

pub mod config;
mod notice;
mod send;

pub use config::Settings;

use crate::deadlines::roster_for;
use crate::sequencer::Sequencer;
use crate::store::{DeliveryRow, DutyRow, HotlineEvent, NewDelivery, Outcome, Store};
use anyhow::{Context, Result};
use model::deployment::Deployment;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// One email outside the hotline's deliveries (the key monitor's alert), through the relay the
/// settings name; fails if there is none or it refuses.
pub async fn send_email(settings: Settings, to: &str, subject: &str, text: &str, statement: &str) -> Result<()> {
    if settings.smtp.is_none() {
        anyhow::bail!("the notifier settings name no SMTP relay");
    }
    let notifier = Notifier::new(settings, None)?;
    send::Sender::new(&notifier).email_text(to, subject, text, statement).await
}

/// Sends at once, at most: a burst of messages does not open a hundred SMTP connections.
const IN_FLIGHT: usize = 8;
/// A relay or webhook that does not answer within this is counted as a failed attempt.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Clone)]
pub struct Notifier {
    pub settings: Arc<Settings>,
    /// Where the notices link to (the hotline console), e.g. https://jirga.example.
    pub public_url: Option<String>,
}

impl Notifier {
    /// Checks that every secret the settings name can be read now, not at the first escalation.
    pub fn new(settings: Settings, public_url: Option<String>) -> Result<Notifier> {
        if let Some(smtp) = &settings.smtp {
            smtp.password().read("smtp password")?;
        }
        for w in &settings.webhooks {
            if w.secret().read(&format!("webhook {}", w.name))?.is_none_or(|s| s.is_empty()) {
                anyhow::bail!("webhook {}: its secret is empty", w.name);
            }
        }
        Ok(Notifier { settings: Arc::new(settings), public_url })
    }

    /// Whether `channels` name only what this server can send to.
    pub fn check(&self, channels: &crate::store::Channels) -> Result<(), (&'static str, String)> {
        if let Some(email) = &channels.email {
            if self.settings.smtp.is_none() {
                return Err(("email", "this server sends no email (no SMTP relay is set up)".into()));
            }
            if email.parse::<lettre::Address>().is_err() || email.len() > 254 {
                return Err(("email", format!("{email:?} is not an email address")));
            }
        }
        if let Some(hook) = &channels.webhook {
            let (name, to) = hook.split_once(':').unwrap_or((hook, ""));
            if self.settings.webhook(name).is_none() {
                let names: Vec<_> = self.settings.webhooks.iter().map(|w| w.name.as_str()).collect();
                return Err(("webhook", format!("no webhook {name:?} here; this server has {names:?}")));
            }
            if to.len() > 64 || to.chars().any(char::is_control) {
                return Err(("webhook", "a recipient is at most 64 characters, without control characters".into()));
            }
        }
        if let Some(lang) = &channels.lang {
            if crate::web::i18n::Locale::parse(lang).is_none() {
                return Err(("lang", format!("{lang:?}: en, ur, ps or prs")));
            }
        }
        Ok(())
    }
}

/// Starts following the log from where the notifier stopped (from the log's end on its first
/// start: history is not sent again) and sending what is due.
pub async fn spawn(store: Store, seq: &Sequencer, notifier: Notifier) -> Result<()> {
    let cursor = match store.meta("notifier.cursor").await? {
        Some(c) => c.parse()?,
        None => {
            let end = *seq.published.borrow() as i64 - 1;
            store.plan_deliveries(&[], end, now_ms()).await?;
            end
        }
    };
    let wake = Arc::new(Notify::new());
    tokio::spawn(plan(store.clone(), seq.clone(), cursor, wake.clone()));
    tokio::spawn(deliver(store, seq.clone(), notifier, wake));
    Ok(())
}

/// How often a standby looks whether it writes the log now.
const STANDBY_LOOK: Duration = Duration::from_millis(500);

/// Delivery times are the server's wall clock: they are the server's work, not the record's.
fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

async fn plan(store: Store, seq: Sequencer, mut cursor: i64, wake: Arc<Notify>) {
    // The events are read from the projection: woken as it grows.
    let mut published = seq.projected.clone();
    let mut standing_by = false;
    loop {
        // Only the server that writes the log plans notices; one that takes over goes on from
        // where the last writer's plans stopped.
        if !seq.writes() {
            if published.has_changed().is_err() {
                return;
            }
            standing_by = true;
            tokio::time::sleep(STANDBY_LOOK).await;
            continue;
        }
        if std::mem::take(&mut standing_by) {
            match store.meta("notifier.cursor").await {
                Ok(Some(c)) => cursor = c.parse().unwrap_or(cursor),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "reading the notices' cursor"),
            }
        }
        match plan_after(&store, &seq, cursor).await {
            Ok(Some(next)) => {
                cursor = next;
                wake.notify_one();
                continue;
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "planning notices; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        }
        if published.changed().await.is_err() {
            return;
        }
    }
}

/// Plans the deliveries of the hotline events after `cursor`; the new cursor, if there were any.
async fn plan_after(store: &Store, seq: &Sequencer, cursor: i64) -> Result<Option<i64>> {
    let events = store.hotline_events(cursor, 500).await?;
    let Some(last) = events.last().map(|e| e.index) else { return Ok(None) };
    let now = now_ms();
    let rosters = if events.iter().any(|e| e.event == "message") { store.duty_rosters(now).await? } else { vec![] };
    let recipients: Vec<(HotlineEvent, Vec<model::PublicKey>)> =
        events.into_iter().map(|e| (recipients(&e, &rosters), e)).map(|(r, e)| (e, r)).collect();
    let mut planned = Vec::new();
    for (event, keys) in &recipients {
        for key in keys {
            let Some(channels) = store.channels(&key.to_string()).await? else { continue };
            let (name, party) = {
                let state = seq.state.read().expect("state lock");
                match state.deployment.as_ref().and_then(|d| d.member(key)) {
                    Some(m) if m.active() => (m.name.clone(), m.party.clone()),
                    _ => continue,
                }
            };
            let lang = channels.lang.clone().unwrap_or_else(|| "en".into());
            let message = event.message.clone().unwrap_or_else(|| event.statement.clone());
            let mut add = |channel: &str, address: &str| {
                planned.push(NewDelivery {
                    event_idx: event.index,
                    event: event.event.clone(),
                    message: message.clone(),
                    member: key.to_string(),
                    member_name: name.clone(),
                    party: party.clone(),
                    channel: channel.into(),
                    address: address.into(),
                    lang: lang.clone(),
                })
            };
            if let Some(email) = &channels.email {
                add("email", email);
            }
            if let Some(hook) = &channels.webhook {
                add("webhook", hook);
            }
        }
    }
    store.plan_deliveries(&planned, last, now).await?;
    Ok(Some(last))
}

/// Whom an event calls on: a message, the addressed parties' officer on duty for its sector
/// (the first of the roster in force); an escalation, the people its step names; the start or end
/// of a window of silence, the sector's officers and headquarters it names. An acknowledgement
/// calls on nobody.
pub fn recipients(event: &HotlineEvent, rosters: &[DutyRow]) -> Vec<model::PublicKey> {
    let keys: Vec<String> = match event.event.as_str() {
        "message" => {
            let sector = event.body["sector"].as_str().unwrap_or("*");
            let speaker = &event.party;
            event
                .addressed
                .iter()
                .filter(|p| *p != speaker)
                .filter_map(|p| roster_for(rosters, p, sector).and_then(|r| r.officers.first().cloned()))
                .collect()
        }
        "escalation" | "window" => event.body["notify"]
            .as_array()
            .map(|a| a.iter().filter_map(|k| k.as_str().map(String::from)).collect())
            .unwrap_or_default(),
        _ => vec![],
    };
    let mut out: Vec<model::PublicKey> = Vec::new();
    for k in keys.iter().filter_map(|k| model::PublicKey::parse(k).ok()) {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

async fn deliver(store: Store, seq: Sequencer, notifier: Notifier, wake: Arc<Notify>) {
    use futures_util::StreamExt;
    let sender = send::Sender::new(&notifier);
    loop {
        if !seq.writes() {
            if seq.published.has_changed().is_err() {
                return;
            }
            tokio::time::sleep(STANDBY_LOOK).await;
            continue;
        }
        let due = match store.due_deliveries(now_ms(), 200).await {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "reading due deliveries; trying again");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if !due.is_empty() {
            let deployment = seq.state.read().expect("state lock").deployment.clone();
            futures_util::stream::iter(due)
                .for_each_concurrent(IN_FLIGHT, |d| attempt(&store, &sender, &notifier, deployment.as_ref(), d))
                .await;
            continue;
        }
        // Until the next retry is due, or something new is planned.
        let next = store.next_delivery_at().await.ok().flatten();
        let wait = next.map(|at| (at - now_ms()).clamp(0, 60_000) as u64).unwrap_or(60_000);
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(wait)) => {}
        }
    }
}

async fn attempt(store: &Store, sender: &send::Sender, notifier: &Notifier, dep: Option<&Deployment>, d: DeliveryRow) {
    let result = attempt_inner(store, sender, notifier, dep, &d).await;
    if let Err(e) = result {
        tracing::warn!(delivery = %d.id, error = %format!("{e:#}"), "recording a delivery; trying again");
    }
}

async fn attempt_inner(
    store: &Store,
    sender: &send::Sender,
    notifier: &Notifier,
    dep: Option<&Deployment>,
    d: &DeliveryRow,
) -> Result<()> {
    // A message acknowledged meanwhile needs no more notices of its first send; an
    // escalation's notices still go: the chain was called on, and is told it is over only by
    // the console.
    if d.event == "message" && d.attempts > 0 && store.acknowledged(&d.message).await? {
        return store.settle_delivery(&d.id).await;
    }
    let event = store.hotline_events(d.event_idx - 1, 1).await?.into_iter().next();
    let Some(event) = event.filter(|e| e.index == d.event_idx) else {
        anyhow::bail!("the event at {} is gone", d.event_idx)
    };
    let message = if event.event == "message" {
        event.body.clone()
    } else {
        let id = model::StatementId::parse(&d.message).context("a bad message id in deliveries")?;
        store.body(&id).await?.map(|b| serde_json::from_slice(&b)).transpose()?.unwrap_or_default()
    };
    let notice = notice::Notice::new(&event, &message, d, dep, notifier.public_url.as_deref());
    let sent = tokio::time::timeout(ATTEMPT_TIMEOUT, sender.send(d, &notice)).await;
    let at = now_ms();
    let failures = d.attempts as u32 + 1;
    let retry = notifier.settings.retry;
    let error = match sent {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(format!("{e:#}")),
        Err(_) => Some(format!("no answer in {} s", ATTEMPT_TIMEOUT.as_secs())),
    };
    let outcome = match &error {
        None => Outcome { at, delivered: true, detail: None, status: "delivered", next_at: at },
        Some(e) if failures >= retry.attempts => {
            Outcome { at, delivered: false, detail: Some(e), status: "failed", next_at: at }
        }
        Some(e) => Outcome {
            at,
            delivered: false,
            detail: Some(e),
            status: "pending",
            next_at: at + retry.backoff_ms(failures) as i64,
        },
    };
    match &error {
        None => tracing::info!(delivery = %d.id, channel = %d.channel, member = %d.member_name, "notice delivered"),
        Some(e) => {
            tracing::warn!(delivery = %d.id, channel = %d.channel, attempt = failures, error = %e, "notice not delivered")
        }
    }
    store.record_attempt(d, &outcome).await
}
