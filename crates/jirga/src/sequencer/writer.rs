//! The writer: the one task that checks statements and appends them, a batch per durable commit.
//!
//! Pipelined: while batch N commits (most of that is waiting for the disk), the statements that
//! arrive are checked into batch N+1 — against the store, batch N's entries (not yet readable
//! from the store) and the statements before them in N+1. N+1 is written once N is durable, and
//! nobody in N+1 is answered before N+1 is durable too, rejections included (they were decided
//! on N's state). If N's commit fails, N+1 was checked against a state that never came to be:
//! it is answered 503 as well, and the state reloads from the store.

use super::ids::IdFilter;
use super::{load_state, Addressed, Hotline, Job, Receipt, SharedState, SubmitError, MAX_BATCH};
use crate::clock::Clock;
use crate::store::{Deposed, Fence, KnownEntry, NewEntry, Store};
use anyhow::Result;
use ledger::checkpoint::Checkpoint;
use ledger::note::Signer;
use model::statement::{Entry, MAX_ENTRY_BYTES};
use model::validate::{self, Known};
use model::{Body, Deployment, Kind, Rejection, StatementId};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, watch};

pub(super) struct Writer {
    pub store: Store,
    pub signer: Signer,
    pub clock: Arc<dyn Clock>,
    pub state: SharedState,
    pub last_logged_at: i64,
    pub published: Arc<tokio::sync::watch::Sender<u64>>,
    /// The deployment as of the last statement checked, committed or not.
    pub deployment: Option<Deployment>,
    /// The entries of the batch being committed, which the store does not show yet.
    pub uncommitted: HashMap<StatementId, KnownEntry>,
    /// The first 8 bytes of every id in the log (or on its way in): an id not here is certainly
    /// new, and a batch of new reports needs no lookup in the store at all.
    pub logged: IdFilter,
    /// Every hotline message as of the last statement checked: whom it addresses, and whether
    /// one of them has acknowledged it. The store's projection may be behind; this is not.
    pub hotline: Hotline,
    /// Where each durable batch goes to be projected.
    pub projection: mpsc::Sender<Vec<NewEntry>>,
    /// The lease this writer holds, checked in each commit (none: a tool that owns the store).
    pub fence: Option<Fence>,
}

/// Why the writer stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ended {
    /// Every sender is gone.
    Closed,
    /// Another server holds the lease now.
    Deposed,
}

/// The filter key of an id.
pub(super) fn prefix(id: &StatementId) -> u64 {
    prefix_of_head(id.0[..8].try_into().expect("8 bytes"))
}

/// The filter key of an id's first 8 bytes (as the store hands them over at start).
pub(super) fn prefix_of_head(head: [u8; 8]) -> u64 {
    u64::from_le_bytes(head)
}

/// What a submitter is told once its batch is durable.
enum Outcome {
    /// At this place in the batch's accepted list; true when it is a resend of one there.
    Accepted(usize, bool),
    /// Already in the log, or in the batch before.
    Logged {
        index: u64,
        logged_at: i64,
    },
    Rejected(Rejection),
}

struct Pending {
    id: StatementId,
    reply: oneshot::Sender<Result<Receipt, SubmitError>>,
    outcome: Outcome,
}

/// The next batch, checked statement by statement as they arrive.
struct Batch {
    /// The log index of its first entry.
    base: u64,
    local: HashMap<StatementId, KnownEntry>,
    accepted: Vec<NewEntry>,
    pending: Vec<Pending>,
}

/// A sealed batch on its way to the store: the checkpoint after it and the deployment it leaves.
struct Sealed {
    batch: Batch,
    size: u64,
    note: String,
    deployment: Option<Deployment>,
}

/// How a batch's commit ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Committed {
    Durable,
    Failed,
    /// Refused: the lease is another server's.
    Deposed,
}

/// A batch's commit, running while the writer checks the next batch.
type Commit = tokio::task::JoinHandle<Committed>;

const RESEND: &str = "the statement was not stored; send it again";

impl Writer {
    /// Writes until every sender is gone or `stop` (then what was taken is written first), or
    /// until the lease is `lost`.
    pub async fn run(
        mut self,
        rx: &mut mpsc::Receiver<Job>,
        mut lost: watch::Receiver<bool>,
        mut stop: watch::Receiver<bool>,
    ) -> Ended {
        let mut committing: Option<Commit> = None;
        let mut next: Option<Batch> = None;
        loop {
            let full = next.as_ref().is_some_and(|b| b.pending.len() >= MAX_BATCH);
            tokio::select! {
                committed = async { committing.as_mut().expect("guarded").await.unwrap_or(Committed::Failed) }, if committing.is_some() => {
                    committing = None;
                    self.uncommitted.clear();
                    if committed != Committed::Durable {
                        if let Some(b) = next.take() {
                            b.fail();
                        }
                        if committed == Committed::Deposed || !self.reload().await {
                            return Ended::Deposed;
                        }
                    }
                }
                _ = async { let _ = lost.wait_for(|lost| *lost).await; } => {
                    // What is being committed may still land (the fence decides); what waits does not.
                    if let Some(b) = next.take() {
                        b.fail();
                    }
                    if let Some(c) = committing.take() {
                        let _ = c.await;
                    }
                    return Ended::Deposed;
                }
                _ = async { let _ = stop.wait_for(|stop| *stop).await; } => break,
                job = rx.recv(), if !full => {
                    let Some(job) = job else { break };
                    let b = next.get_or_insert_with(|| Batch::new(self.state.read().expect("state lock").tree.size()));
                    let mut jobs = vec![job];
                    while b.pending.len() + jobs.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(job) => jobs.push(job),
                            Err(_) => break,
                        }
                    }
                    if let Err(e) = self.check(b, jobs).await {
                        tracing::error!(error = %format!("{e:#}"), "looking up a batch's statements failed");
                    }
                }
            }
            if committing.is_none() {
                if let Some(b) = next.take() {
                    committing = self.commit(b);
                }
            }
        }
        // Every sender is gone, or the server stops: write what is left.
        let durable = match committing {
            Some(c) => c.await.unwrap_or(Committed::Failed) == Committed::Durable,
            None => true,
        };
        match next {
            Some(b) if !durable => b.fail(),
            Some(b) => {
                if let Some(c) = self.commit(b) {
                    let _ = c.await;
                }
            }
            None => {}
        }
        Ended::Closed
    }

    /// Reloads what is durable after a failure; false if even that fails, and the writer stops
    /// (a restart recovers from the store, which is always consistent).
    async fn reload(&mut self) -> bool {
        match load_state(&self.store, &self.signer.verifier()).await {
            Ok((s, hotline)) => {
                self.deployment = s.deployment.clone();
                self.hotline = hotline;
                *self.state.write().expect("state lock") = s;
                true
            }
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "cannot reload the log; the sequencer stops");
                false
            }
        }
    }

    /// Checks each statement in order and adds it to the batch: against the store, the batch
    /// being committed, and the statements before it.
    async fn check(&mut self, b: &mut Batch, jobs: Vec<Job>) -> Result<()> {
        let in_memory = |id: &StatementId| b.local.contains_key(id) || self.uncommitted.contains_key(id);
        let mut lookup_ids: Vec<StatementId> = Vec::new();
        for j in &jobs {
            if self.logged.may_hold(prefix(&j.statement.id)) {
                lookup_ids.push(j.statement.id);
            }
            lookup_ids.extend(j.statement.header.refs.iter().copied());
            lookup_ids.extend(j.body.cited());
        }
        lookup_ids.retain(|id| !in_memory(id));
        lookup_ids.sort();
        lookup_ids.dedup();
        let stored = if lookup_ids.is_empty() { Ok(HashMap::new()) } else { self.store.known(&lookup_ids).await };
        let stored = match stored {
            Ok(k) => k,
            Err(e) => {
                for j in jobs {
                    let _ = j.reply.send(Err(SubmitError::Unavailable("the database cannot be read".into())));
                }
                return Err(e);
            }
        };
        let log_vkey = self.signer.verifier().to_vkey();
        for job in jobs {
            let st = &job.statement;
            let known =
                |id: &StatementId| b.local.get(id).or_else(|| self.uncommitted.get(id)).or_else(|| stored.get(id));
            if let Some(prior) = known(&st.id) {
                let outcome = match b.accepted.iter().position(|e| e.id == st.id) {
                    Some(i) => Outcome::Accepted(i, true),
                    None => Outcome::Logged { index: prior.idx, logged_at: prior.logged_at },
                };
                b.pending.push(Pending { id: st.id, reply: job.reply, outcome });
                continue;
            }
            // Whom a hotline message addresses and whether it is acknowledged come from memory:
            // the store's projection may not have them yet.
            let lookup = |id: &StatementId| {
                known(id).map(|k| {
                    let mut known = k.known.clone();
                    if let Some(a) = self.hotline.get(id) {
                        known.addressed = a.to.clone();
                        known.acknowledged = a.acknowledged;
                    }
                    known
                })
            };
            let idx = b.base + b.accepted.len() as u64;
            let logged_at = self.clock.now_ms().max(self.last_logged_at);
            let checked = match (&self.deployment, &job.body) {
                (None, Body::Genesis(g)) => validate::check_genesis(st, g).and_then(|_| {
                    if g.log_key != log_vkey {
                        return Err(Rejection::invalid("body.log_key", format!("this log signs with {log_vkey}")));
                    }
                    Ok(())
                }),
                (None, _) => Err(Rejection::new("conflict", None, "the log has no genesis yet".into())),
                (Some(dep), body) => validate::check(dep, st, body, &lookup, logged_at),
            };
            let entry = Entry::new(st, logged_at).to_bytes();
            let checked = checked.and_then(|_| {
                if entry.len() > MAX_ENTRY_BYTES {
                    return Err(Rejection::too_large(
                        "header",
                        format!("the log entry would be {} bytes; at most {MAX_ENTRY_BYTES}", entry.len()),
                    ));
                }
                Ok(())
            });
            if let Err(r) = checked {
                b.pending.push(Pending { id: st.id, reply: job.reply, outcome: Outcome::Rejected(r) });
                continue;
            }
            let incident_of = |id: &StatementId| lookup(id).and_then(|k| k.incident);
            let incident = match st.header.kind {
                Kind::IncidentReport => Some(st.id),
                k if k.follows_first_ref() => st.header.refs.first().and_then(incident_of),
                _ => None,
            };
            let ref_incidents = st.header.refs.iter().filter_map(incident_of).collect();
            match (&mut self.deployment, &job.body) {
                (None, Body::Genesis(g)) => self.deployment = Some(Deployment::new(st.id, (**g).clone())),
                (Some(dep), body) => validate::apply(dep, st, body, idx),
                (None, _) => unreachable!("refused above"),
            }
            let mut known = Known::of(st);
            known.incident = incident;
            match (&job.body, st.header.refs.first()) {
                (Body::HotlineMessage(m), _) => {
                    self.hotline.insert(st.id, Addressed { to: m.to.clone(), acknowledged: false });
                }
                // Later statements must see the message as settled at once, so that no
                // escalation follows its acknowledgement.
                (Body::HotlineAck(_), Some(message)) => {
                    if let Some(a) = self.hotline.get_mut(message) {
                        a.acknowledged = true;
                    }
                }
                _ => {}
            }
            b.local.insert(st.id, KnownEntry { idx, logged_at, known });
            self.logged.insert(prefix(&st.id));
            self.last_logged_at = logged_at;
            b.pending.push(Pending {
                id: st.id,
                reply: job.reply,
                outcome: Outcome::Accepted(b.accepted.len(), false),
            });
            b.accepted.push(NewEntry {
                idx,
                id: st.id,
                kind: st.header.kind,
                party: st.header.party.clone(),
                author: st.header.author,
                visibility: st.header.visibility,
                logged_at,
                incident,
                refs: st.header.refs.clone(),
                ref_incidents,
                leaf: ledger::leaf_hash(&entry),
                entry,
                body: job.statement.body_bytes,
                parsed: job.body,
            });
        }
        Ok(())
    }

    /// Seals the batch (the one before it is durable) and starts writing it; everyone in it is
    /// answered once it is durable too. A batch with nothing to write is answered at once.
    fn commit(&mut self, mut batch: Batch) -> Option<Commit> {
        if batch.accepted.is_empty() {
            let published = self.state.read().expect("state lock").published_size();
            batch.answer(published);
            return None;
        }
        let (size, root, tiles) = {
            let mut s = self.state.write().expect("state lock");
            let before = s.tree.size();
            for e in &batch.accepted {
                s.tree.push(e.leaf);
            }
            (s.tree.size(), s.tree.root(), s.tree.full_tiles(before))
        };
        let dep = self.deployment.as_ref().expect("set by the genesis");
        let note = Checkpoint { origin: dep.genesis.origin.clone(), size, root, extensions: vec![] }.sign(&self.signer);
        self.uncommitted = std::mem::take(&mut batch.local);
        let sealed = Sealed { batch, size, note, deployment: self.deployment.clone() };
        let (store, state, published) = (self.store.clone(), self.state.clone(), self.published.clone());
        let projection = self.projection.clone();
        let now = self.clock.now_ms();
        let fence = self.fence.clone();
        Some(tokio::spawn(async move {
            let Sealed { batch, size, note, deployment } = sealed;
            if let Err(e) = store.append(&batch.accepted, &tiles, (size, &note, now), fence.as_ref()).await {
                batch.fail();
                if let Some(d) = e.downcast_ref::<Deposed>() {
                    tracing::warn!(term = d.term, holder = %d.holder, "a batch was refused: another server holds the lease");
                    return Committed::Deposed;
                }
                tracing::error!(error = %format!("{e:#}"), "appending a batch to the store failed");
                return Committed::Failed;
            }
            {
                let mut s = state.write().expect("state lock");
                s.tree.stored(size);
                s.checkpoint = Some((size, note));
                s.deployment = deployment;
            }
            published.send_replace(size);
            let entries = batch.answer(size);
            // Waits when the projection is far behind: the log then slows to its pace.
            let _ = projection.send(entries).await;
            Committed::Durable
        }))
    }
}

impl Batch {
    fn new(base: u64) -> Batch {
        Batch { base, local: HashMap::new(), accepted: Vec::new(), pending: Vec::new() }
    }

    /// Answers everyone; `checkpoint_size` is that of a signed checkpoint that covers the batch
    /// and everything before it.
    fn answer(self, checkpoint_size: u64) -> Vec<NewEntry> {
        for p in self.pending {
            let answer = match p.outcome {
                Outcome::Accepted(i, duplicate) => Ok(Receipt {
                    id: p.id.hex(),
                    index: self.accepted[i].idx,
                    logged_at: self.accepted[i].logged_at,
                    checkpoint_size,
                    duplicate,
                }),
                Outcome::Logged { index, logged_at } => {
                    Ok(Receipt { id: p.id.hex(), index, logged_at, checkpoint_size, duplicate: true })
                }
                Outcome::Rejected(r) => Err(SubmitError::Rejected(r)),
            };
            let _ = p.reply.send(answer);
        }
        self.accepted
    }

    /// Answers everyone that the log cannot take the statement now.
    fn fail(self) {
        for p in self.pending {
            let _ = p.reply.send(Err(SubmitError::Unavailable(RESEND.into())));
        }
    }
}
