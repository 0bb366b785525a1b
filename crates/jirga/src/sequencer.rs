//! The sequencer: the one writer of the log. It takes verified statements, checks them against
//! the deployment in log order, and appends each batch with a freshly signed checkpoint in one
//! durable transaction (group commit). Nobody is answered before that commit. The projection
//! follows the log in a task of its own (`follower`); reads that must see a write wait for it.

mod follower;
mod ids;
mod site;
mod writer;

pub use site::{wall_ms, LeaseOptions, Role};

use crate::clock::Clock;
use crate::store::Store;
use anyhow::{bail, Result};
use ledger::checkpoint::Checkpoint;
use ledger::note::{Signer, Verifier};
use ledger::{LeafTile, LeafTiles, ProofError, Tree};
use model::statement::Entry;
use model::validate;
use model::StatementId;
use model::{Body, Deployment, Rejection, Statement};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// Large enough to amortise one fsync over many statements, small enough that one batch's
/// transaction stays well under a second.
const MAX_BATCH: usize = 2048;

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, utoipa::ToSchema)]
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
    /// Another server writes the log; send it there (or here again shortly).
    #[error("this server is standing by: another server writes the log{}", writer_url.as_ref().map(|u| format!(" ({u})")).unwrap_or_default())]
    Standby { writer_url: Option<String> },
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

/// Asks the log's tree a question that may reach into leaf tiles it left to storage (a proof,
/// an old root): each tile it names is read from the store, and it is asked again.
pub async fn ask_tree<T>(
    state: &SharedState,
    store: &Store,
    question: impl Fn(&Tree, &dyn LeafTiles) -> Result<T, ProofError>,
) -> Result<T> {
    let mut loaded: HashMap<u64, LeafTile> = HashMap::new();
    loop {
        let answer = question(&state.read().expect("state lock").tree, &loaded);
        match answer {
            // A proof reaches into at most two leaf tiles: its leaf's and its size's.
            Err(ProofError::TileNotLoaded { index }) if loaded.len() < 4 => {
                loaded.insert(index, store.leaf_tile(index).await?);
            }
            other => return other.map_err(|e| anyhow::anyhow!("{e}")),
        }
    }
}

/// A hotline message as the checks need it: whom it addresses, and whether one of them has
/// acknowledged it.
#[derive(Clone, Debug)]
pub struct Addressed {
    pub to: Vec<String>,
    pub acknowledged: bool,
}

pub type Hotline = HashMap<StatementId, Addressed>;

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
    /// The log size the projection has caught up with, for whoever reads the projection.
    pub projected: tokio::sync::watch::Receiver<u64>,
    /// Whether this server writes the log or stands by.
    pub role: tokio::sync::watch::Receiver<Role>,
    stop: Arc<tokio::sync::watch::Sender<bool>>,
    wake: Arc<tokio::sync::Notify>,
}

impl Sequencer {
    /// Loads the log from the store, checks it against its latest checkpoint, and starts the
    /// writer once this process holds the sequencer's lease (waiting for a previous holder's to
    /// expire): for the one server of a data folder, and for tools that write the log.
    pub async fn start(store: Store, signer: Signer, clock: Arc<dyn Clock>) -> Result<Sequencer> {
        let lease = LeaseOptions::default();
        let patience = lease.ttl * 3 + Duration::from_secs(5);
        let seq = Sequencer::join(store.clone(), signer, clock, lease).await?;
        let mut role = seq.role.clone();
        let writing = tokio::time::timeout(patience, role.wait_for(|r| matches!(r, Role::Writer { .. }))).await;
        if !matches!(writing, Ok(Ok(_))) {
            let holder = store.lease_holder().await?.map(|h| h.holder).unwrap_or_default();
            bail!("another server ({holder}) writes this log; stop it first, or run this one as its standby");
        }
        Ok(seq)
    }

    /// Joins the servers of one database: this one writes the log while it holds the lease and
    /// stands by otherwise, taking over when the writer's lease expires.
    pub async fn join(store: Store, signer: Signer, clock: Arc<dyn Clock>, lease: LeaseOptions) -> Result<Sequencer> {
        let (state, _) = load_state(&store, &signer.verifier()).await?;
        let (published_tx, published) = tokio::sync::watch::channel(state.published_size());
        let done = store.projected_size().await?.min(state.tree.size());
        let (projected_tx, projected) = tokio::sync::watch::channel(done);
        let (role_tx, mut role) = tokio::sync::watch::channel(Role::Starting);
        let hold = std::env::var("JIRGA_HOLD_PROJECTION_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
        let state = Arc::new(RwLock::new(state));
        let (tx, rx) = mpsc::channel(MAX_BATCH * 4);
        let (stop_tx, stop) = tokio::sync::watch::channel(false);
        let wake = Arc::new(tokio::sync::Notify::new());
        let site = site::Site {
            store,
            signer,
            clock,
            state: state.clone(),
            published: Arc::new(published_tx),
            projected: Arc::new(projected_tx),
            role: role_tx,
            lease,
            hold: Duration::from_millis(hold),
            stop,
            wake: wake.clone(),
        };
        tokio::spawn(site.run(rx));
        // Its first look at the lease decides whether it starts as the writer or a standby.
        let _ = role.wait_for(|r| *r != Role::Starting).await;
        Ok(Sequencer { tx, state, published, projected, role, stop: Arc::new(stop_tx), wake })
    }

    /// A sequencer that never writes: the state of a log kept by someone else (a party's mirror).
    /// Submissions are answered as unavailable.
    pub async fn read_only(store: &Store, log: &Verifier) -> Result<Sequencer> {
        let (state, _) = load_state(store, log).await?;
        let (_, published) = tokio::sync::watch::channel(state.published_size());
        // Nothing here is projected, and nothing waits for it.
        let (_, projected) = tokio::sync::watch::channel(u64::MAX);
        let (tx, _) = mpsc::channel(1);
        let (_, role) = tokio::sync::watch::channel(Role::Stopped);
        let stop = Arc::new(tokio::sync::watch::channel(true).0);
        let wake = Arc::default();
        Ok(Sequencer { tx, state: Arc::new(RwLock::new(state)), published, projected, role, stop, wake })
    }

    /// Waits until the projection has caught up with the latest signed checkpoint as of now, so
    /// that whoever was answered for a statement sees it on their next page; false if that
    /// took longer than `patience`.
    pub async fn caught_up(&self, patience: Duration) -> bool {
        let target = self.state.read().expect("state lock").published_size();
        let mut projected = self.projected.clone();
        let waited = tokio::time::timeout(patience, projected.wait_for(|p| *p >= target)).await;
        matches!(waited, Ok(Ok(_)))
    }

    /// Stops writing (what was taken is written first) and gives the lease back, so that a
    /// standby takes over at once rather than when the lease expires.
    pub async fn resign(&self) {
        self.stop.send_replace(true);
        let mut role = self.role.clone();
        let _ = tokio::time::timeout(Duration::from_secs(10), role.wait_for(|r| *r == Role::Stopped)).await;
    }

    /// True while this server writes the log (the tasks that write statements of their own,
    /// ask witnesses or send notices run on the writer only).
    pub fn writes(&self) -> bool {
        matches!(*self.role.borrow(), Role::Writer { .. })
    }

    /// Where the writer takes statements, while this server stands by and the writer said.
    pub fn writer_url(&self) -> Option<String> {
        match &*self.role.borrow() {
            Role::Standby { writer_url } => writer_url.clone(),
            _ => None,
        }
    }

    /// Waits until the projection here covers the log up to `size` (a standby looks at the store
    /// at once, rather than at its next look); false if that took longer than `patience`.
    pub async fn projected_to(&self, size: u64, patience: Duration) -> bool {
        self.wake.notify_one();
        let mut projected = self.projected.clone();
        let waited = tokio::time::timeout(patience, projected.wait_for(|p| *p >= size)).await;
        matches!(waited, Ok(Ok(_)))
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

/// Applies deciding statements (log index, entry, body), in log order, to the deployment and the
/// hotline's state.
fn apply_deciding(
    deployment: &mut Option<Deployment>,
    hotline: &mut Hotline,
    rows: Vec<(u64, Vec<u8>, Vec<u8>)>,
    log_verifier: &Verifier,
) -> Result<()> {
    for (idx, entry, body) in rows {
        let entry = Entry::parse(&entry).map_err(|e| anyhow::anyhow!("entry {idx}: {e}"))?;
        let statement = entry.statement(body);
        let parsed =
            Body::parse(entry.header.kind, &statement.body_bytes).map_err(|e| anyhow::anyhow!("entry {idx}: {e}"))?;
        match (&mut *deployment, parsed) {
            (_, Body::HotlineMessage(m)) => {
                hotline.insert(entry.id, Addressed { to: m.to.clone(), acknowledged: false });
            }
            (_, Body::HotlineAck(_)) => {
                if let Some(a) = entry.header.refs.first().and_then(|m| hotline.get_mut(m)) {
                    a.acknowledged = true;
                }
            }
            (None, Body::Genesis(g)) => {
                if g.log_key != log_verifier.to_vkey() {
                    bail!(
                        "the genesis names log key {:?}, but this server signs with {:?}",
                        g.log_key,
                        log_verifier.to_vkey()
                    );
                }
                *deployment = Some(Deployment::new(entry.id, *g));
            }
            (Some(dep), parsed) => validate::apply(dep, &statement, &parsed, idx),
            (None, _) => bail!("entry {idx} comes before the genesis"),
        }
    }
    Ok(())
}

/// Rebuilds the in-memory state from the store and checks the stored checkpoint against it, so
/// a database altered behind the server's back stops it at start rather than being served.
pub async fn load_state(store: &Store, log_verifier: &Verifier) -> Result<(LogState, Hotline)> {
    let log_verifier = log_verifier.clone();
    // The checkpoint first, then the tree of exactly the entries it covers: another server may
    // be appending meanwhile (entries and their checkpoint are always written together).
    let (tree, checkpoint) = match store.latest_checkpoint().await? {
        None => (store.tree().await?, None),
        Some(note) => {
            let (cp, _) = Checkpoint::open(&note, &log_verifier)
                .map_err(|e| anyhow::anyhow!("the stored checkpoint does not verify with the log key: {e}"))?;
            let held = store.log_size().await?;
            if held < cp.size {
                bail!("the stored checkpoint covers {} entries but the log holds {held}", cp.size);
            }
            let tree = store.tree_at(cp.size).await?;
            if cp.root != tree.root() {
                bail!("the log's entries do not hash to the root of its latest checkpoint: the database was altered");
            }
            (tree, Some((cp.size, note)))
        }
    };
    let size = tree.size();
    let mut deployment: Option<Deployment> = None;
    let mut hotline = Hotline::new();
    apply_deciding(&mut deployment, &mut hotline, store.deciding(0, size).await?, &log_verifier)?;
    let quorum = deployment.as_ref().map_or(0, |d| d.genesis.witness_policy.quorum);
    let witnessed_size = if quorum > 0 { store.latest_witnessed(quorum).await?.unwrap_or(0) } else { 0 };
    Ok((LogState { tree, checkpoint, deployment, log_verifier, witnessed_size }, hotline))
}
