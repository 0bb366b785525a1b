//! The sequencer: the one writer of the log. It takes verified statements, checks them against
//! the deployment in log order, and appends each batch with its projection and a freshly signed
//! checkpoint in one durable transaction (group commit). Nobody is answered before that commit.

use crate::clock::Clock;
use crate::store::{KnownEntry, NewEntry, Projector, Store};
use anyhow::{bail, Context, Result};
use ledger::checkpoint::Checkpoint;
use ledger::note::{Signer, Verifier};
use ledger::Tree;
use model::statement::{Entry, MAX_ENTRY_BYTES};
use model::validate::{self, Known};
use model::{Body, Deployment, Kind, Rejection, Statement, StatementId};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use tokio::sync::{mpsc, oneshot};

/// Large enough to amortise one fsync over many statements, small enough that one batch's
/// transaction stays well under a second.
const MAX_BATCH: usize = 2048;

#[derive(Clone, Debug, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Receipt {
    pub id: String,
    pub index: u64,
    pub logged_at: i64,
    /// The size of the first signed checkpoint that includes the statement.
    pub checkpoint_size: u64,
    /// True when the statement was already in the log (a resend): nothing was added.
    pub duplicate: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error("{0}")]
    Rejected(Rejection),
    #[error("the log is not accepting statements right now: {0}")]
    Unavailable(String),
}

/// What readers share with the sequencer: the tree, the latest checkpoint and the deployment.
pub struct LogState {
    pub tree: Tree,
    /// The latest signed checkpoint, and the size it covers. Readers never see more than this.
    pub checkpoint: Option<(u64, String)>,
    pub deployment: Option<Deployment>,
    pub log_verifier: Verifier,
    /// The largest checkpoint size whose cosignatures meet the witness policy (0: none yet).
    pub witnessed_size: u64,
}

impl LogState {
    pub fn published_size(&self) -> u64 {
        self.checkpoint.as_ref().map_or(0, |c| c.0)
    }
}

pub type SharedState = Arc<RwLock<LogState>>;

struct Job {
    statement: Statement,
    body: Body,
    reply: oneshot::Sender<Result<Receipt, SubmitError>>,
}

#[derive(Clone)]
pub struct Sequencer {
    tx: mpsc::Sender<Job>,
    pub state: SharedState,
    /// The size of the latest signed checkpoint, for whoever waits on new ones (witnessing).
    pub published: tokio::sync::watch::Receiver<u64>,
}

impl Sequencer {
    /// Loads the log from the store, checks it against its latest checkpoint, and starts the writer.
    pub async fn start(store: Store, signer: Signer, clock: Arc<dyn Clock>) -> Result<Sequencer> {
        let state = load_state(&store, &signer.verifier()).await?;
        let last_logged_at = store_last_logged_at(&store).await?;
        let (published_tx, published) = tokio::sync::watch::channel(state.published_size());
        let state = Arc::new(RwLock::new(state));
        let (tx, rx) = mpsc::channel(MAX_BATCH * 4);
        let writer = Writer { store, signer, clock, state: state.clone(), last_logged_at, published: published_tx };
        tokio::spawn(writer.run(rx));
        Ok(Sequencer { tx, state, published })
    }

    /// A sequencer that never writes: the state of a log kept by someone else (a party's mirror).
    /// Submissions are answered as unavailable.
    pub async fn read_only(store: &Store, log: &Verifier) -> Result<Sequencer> {
        let state = load_state(store, log).await?;
        let (_, published) = tokio::sync::watch::channel(state.published_size());
        let (tx, _) = mpsc::channel(1);
        Ok(Sequencer { tx, state: Arc::new(RwLock::new(state)), published })
    }

    /// Submits a statement whose signatures have been verified. Resolves once it is durable.
    pub async fn submit(&self, statement: Statement, body: Body) -> Result<Receipt, SubmitError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job { statement, body, reply })
            .await
            .map_err(|_| SubmitError::Unavailable("the sequencer has stopped".into()))?;
        rx.await.map_err(|_| SubmitError::Unavailable("the sequencer stopped before answering".into()))?
    }
}

async fn store_last_logged_at(store: &Store) -> Result<i64> {
    let size = store.log_size().await?;
    if size == 0 {
        return Ok(0);
    }
    let last = store.entries(size - 1, size).await?;
    Ok(Entry::parse(&last[0]).map_err(|e| anyhow::anyhow!("last entry: {e}"))?.logged_at)
}

/// Rebuilds the in-memory state from the store and checks the stored checkpoint against it, so
/// a database altered behind the server's back stops it at start rather than being served.
pub async fn load_state(store: &Store, log_verifier: &Verifier) -> Result<LogState> {
    let tree = Tree::from_leaf_hashes(store.leaf_hashes().await?);
    let log_verifier = log_verifier.clone();
    let checkpoint = match store.latest_checkpoint().await? {
        None => None,
        Some(note) => {
            let (cp, _) = Checkpoint::open(&note, &log_verifier)
                .map_err(|e| anyhow::anyhow!("the stored checkpoint does not verify with the log key: {e}"))?;
            if cp.size != tree.size() {
                bail!("the stored checkpoint covers {} entries but the log holds {}", cp.size, tree.size());
            }
            if cp.root != tree.root() {
                bail!("the log's entries do not hash to the root of its latest checkpoint: the database was altered");
            }
            Some((cp.size, note))
        }
    };
    let mut deployment: Option<Deployment> = None;
    for (idx, entry, body) in store.key_history().await? {
        let entry = Entry::parse(&entry).map_err(|e| anyhow::anyhow!("entry {idx}: {e}"))?;
        let statement = entry.statement(body);
        let parsed =
            Body::parse(entry.header.kind, &statement.body_bytes).map_err(|e| anyhow::anyhow!("entry {idx}: {e}"))?;
        match (&mut deployment, parsed) {
            (None, Body::Genesis(g)) => {
                if g.log_key != log_verifier.to_vkey() {
                    bail!(
                        "the genesis names log key {:?}, but this server signs with {:?}",
                        g.log_key,
                        log_verifier.to_vkey()
                    );
                }
                deployment = Some(Deployment::new(entry.id, *g));
            }
            (Some(dep), parsed) => validate::apply(dep, &statement, &parsed, idx),
            (None, _) => bail!("entry {idx} comes before the genesis"),
        }
    }
    let quorum = deployment.as_ref().map_or(0, |d| d.genesis.witness_policy.quorum);
    let witnessed_size = if quorum > 0 { store.latest_witnessed(quorum).await?.unwrap_or(0) } else { 0 };
    Ok(LogState { tree, checkpoint, deployment, log_verifier, witnessed_size })
}

struct Writer {
    store: Store,
    signer: Signer,
    clock: Arc<dyn Clock>,
    state: SharedState,
    last_logged_at: i64,
    published: tokio::sync::watch::Sender<u64>,
}

struct Pending {
    reply: oneshot::Sender<Result<Receipt, SubmitError>>,
    /// (index in the batch's accepted list, is a resend of it), or the receipt of a copy
    /// already in the log.
    outcome: Result<(usize, bool), Receipt>,
}

impl Writer {
    async fn run(mut self, mut rx: mpsc::Receiver<Job>) {
        while let Some(first) = rx.recv().await {
            let mut jobs = vec![first];
            while jobs.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(_) => break,
                }
            }
            if let Err(e) = self.batch(jobs).await {
                // The batch was answered with 503. Reload what is durable; if even that fails,
                // stop: a restart recovers from the store, which is always consistent.
                tracing::error!(error = %format!("{e:#}"), "appending a batch failed; reloading the log from the store");
                match load_state(&self.store, &self.signer.verifier()).await {
                    Ok(s) => *self.state.write().expect("state lock") = s,
                    Err(e) => {
                        tracing::error!(error = %format!("{e:#}"), "cannot reload the log; the sequencer stops");
                        return;
                    }
                }
            }
        }
    }

    async fn batch(&mut self, jobs: Vec<Job>) -> Result<()> {
        let mut lookup_ids: Vec<StatementId> = Vec::new();
        for j in &jobs {
            lookup_ids.push(j.statement.id);
            lookup_ids.extend(j.statement.header.refs.iter().copied());
            lookup_ids.extend(j.body.cited());
        }
        lookup_ids.sort();
        lookup_ids.dedup();
        let stored = match self.store.known(&lookup_ids).await {
            Ok(k) => k,
            Err(e) => {
                for j in jobs {
                    let _ = j.reply.send(Err(SubmitError::Unavailable("the database cannot be read".into())));
                }
                return Err(e);
            }
        };
        let (base, mut deployment) = {
            let s = self.state.read().expect("state lock");
            (s.tree.size(), s.deployment.clone())
        };
        let mut local: HashMap<StatementId, KnownEntry> = HashMap::new();
        let mut accepted: Vec<NewEntry> = Vec::new();
        let mut pending: Vec<Pending> = Vec::new();
        let log_vkey = self.signer.verifier().to_vkey();
        for job in jobs {
            let st = &job.statement;
            if let Some(prior) = local.get(&st.id).or_else(|| stored.get(&st.id)) {
                let outcome = match accepted.iter().position(|e| e.id == st.id) {
                    Some(i) => Ok((i, true)),
                    None => Err(Receipt {
                        id: st.id.hex(),
                        index: prior.idx,
                        logged_at: prior.logged_at,
                        checkpoint_size: self.state.read().expect("state lock").published_size(),
                        duplicate: true,
                    }),
                };
                pending.push(Pending { reply: job.reply, outcome });
                continue;
            }
            let lookup = |id: &StatementId| local.get(id).or_else(|| stored.get(id)).map(|k| k.known.clone());
            let idx = base + accepted.len() as u64;
            let logged_at = self.clock.now_ms().max(self.last_logged_at);
            let checked = match (&deployment, &job.body) {
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
                let _ = job.reply.send(Err(SubmitError::Rejected(r)));
                continue;
            }
            let incident_of = |id: &StatementId| lookup(id).and_then(|k| k.incident);
            let incident = match st.header.kind {
                Kind::IncidentReport => Some(st.id),
                k if k.follows_first_ref() => st.header.refs.first().and_then(incident_of),
                _ => None,
            };
            let ref_incidents = st.header.refs.iter().filter_map(incident_of).collect();
            match (&mut deployment, &job.body) {
                (None, Body::Genesis(g)) => deployment = Some(Deployment::new(st.id, (**g).clone())),
                (Some(dep), body) => validate::apply(dep, st, body, idx),
                (None, _) => unreachable!("refused above"),
            }
            let mut known = Known::of(st);
            known.incident = incident;
            if let Body::HotlineMessage(m) = &job.body {
                known.addressed = m.to.clone();
            }
            local.insert(st.id, KnownEntry { idx, logged_at, known });
            self.last_logged_at = logged_at;
            pending.push(Pending { reply: job.reply, outcome: Ok((accepted.len(), false)) });
            accepted.push(NewEntry {
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
        if accepted.is_empty() {
            for p in pending {
                if let Err(receipt) = p.outcome {
                    let _ = p.reply.send(Ok(receipt));
                }
            }
            return Ok(());
        }
        let (size, root) = {
            let mut s = self.state.write().expect("state lock");
            for e in &accepted {
                s.tree.push(e.leaf);
            }
            (s.tree.size(), s.tree.root())
        };
        let origin = deployment.as_ref().expect("set by the genesis").genesis.origin.clone();
        let note = Checkpoint { origin, size, root, extensions: vec![] }.sign(&self.signer);
        let projector = Projector::new(&deployment.as_ref().expect("deployment").genesis);
        let now = self.clock.now_ms();
        if let Err(e) =
            self.store.append(&accepted, &projector, (size, &note, now)).await.context("appending to the store")
        {
            for p in pending {
                let answer = match p.outcome {
                    Err(receipt) => Ok(receipt),
                    Ok(_) => Err(SubmitError::Unavailable("the statement was not stored; send it again".into())),
                };
                let _ = p.reply.send(answer);
            }
            return Err(e);
        }
        {
            let mut s = self.state.write().expect("state lock");
            s.checkpoint = Some((size, note));
            s.deployment = deployment;
        }
        self.published.send_replace(size);
        for p in pending {
            let answer = match p.outcome {
                Err(receipt) => receipt,
                Ok((i, duplicate)) => Receipt {
                    id: accepted[i].id.hex(),
                    index: accepted[i].idx,
                    logged_at: accepted[i].logged_at,
                    checkpoint_size: size,
                    duplicate,
                },
            };
            let _ = p.reply.send(Ok(answer));
        }
        Ok(())
    }
}
