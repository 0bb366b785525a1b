//! The sequencer: the one writer of the log. It takes verified statements, checks them against
//! the deployment in log order, and appends each batch with a freshly signed checkpoint in one
//! durable transaction (group commit). Nobody is answered before that commit. The projection
//! follows the log in a task of its own (`follower`); reads that must see a write wait for it.

mod follower;
mod ids;
mod writer;

use crate::clock::Clock;
use crate::store::{Projector, Store};
use anyhow::{bail, Result};
use follower::Follower;
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
use writer::Writer;

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
}

impl Sequencer {
    /// Loads the log from the store, checks it against its latest checkpoint, and starts the writer.
    pub async fn start(store: Store, signer: Signer, clock: Arc<dyn Clock>) -> Result<Sequencer> {
        let (state, hotline) = load_state(&store, &signer.verifier()).await?;
        let last_logged_at = store_last_logged_at(&store).await?;
        let log_size = state.tree.size();
        let (published_tx, published) = tokio::sync::watch::channel(state.published_size());
        let done = store.projected_size().await?.min(log_size);
        let (projected_tx, projected) = tokio::sync::watch::channel(done);
        let projector = state.deployment.as_ref().map(|d| Projector::new(&d.genesis));
        let (handoff, handed) = mpsc::channel(follower::WAITING);
        let hold = std::env::var("JIRGA_HOLD_PROJECTION_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
        let follower = Follower {
            store: store.clone(),
            done,
            projector,
            projected: projected_tx,
            hold: Duration::from_millis(hold),
        };
        tokio::spawn(follower.run(handed, log_size));
        let state = Arc::new(RwLock::new(state));
        let (tx, rx) = mpsc::channel(MAX_BATCH * 4);
        let (ids_read, ids) = oneshot::channel();
        let reader = store.clone();
        tokio::spawn(async move {
            match reader.id_heads().await {
                Ok(heads) => {
                    let _ = ids_read.send(heads.into_iter().map(writer::prefix_of_head).collect());
                }
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "reading the log's ids; every id is looked up"),
            }
        });
        let logged = ids::IdFilter::loading(ids);
        let deployment = state.read().expect("state lock").deployment.clone();
        let writer = Writer {
            store,
            signer,
            clock,
            state: state.clone(),
            last_logged_at,
            published: Arc::new(published_tx),
            deployment,
            uncommitted: HashMap::new(),
            logged,
            hotline,
            projection: handoff,
        };
        tokio::spawn(writer.run(rx));
        Ok(Sequencer { tx, state, published, projected })
    }

    /// A sequencer that never writes: the state of a log kept by someone else (a party's mirror).
    /// Submissions are answered as unavailable.
    pub async fn read_only(store: &Store, log: &Verifier) -> Result<Sequencer> {
        let (state, _) = load_state(store, log).await?;
        let (_, published) = tokio::sync::watch::channel(state.published_size());
        // Nothing here is projected, and nothing waits for it.
        let (_, projected) = tokio::sync::watch::channel(u64::MAX);
        let (tx, _) = mpsc::channel(1);
        Ok(Sequencer { tx, state: Arc::new(RwLock::new(state)), published, projected })
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
pub async fn load_state(store: &Store, log_verifier: &Verifier) -> Result<(LogState, Hotline)> {
    let tree = store.tree().await?;
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
    let mut hotline = Hotline::new();
    for (idx, entry, body) in store.deciding().await? {
        let entry = Entry::parse(&entry).map_err(|e| anyhow::anyhow!("entry {idx}: {e}"))?;
        let statement = entry.statement(body);
        let parsed =
            Body::parse(entry.header.kind, &statement.body_bytes).map_err(|e| anyhow::anyhow!("entry {idx}: {e}"))?;
        match (&mut deployment, parsed) {
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
                deployment = Some(Deployment::new(entry.id, *g));
            }
            (Some(dep), parsed) => validate::apply(dep, &statement, &parsed, idx),
            (None, _) => bail!("entry {idx} comes before the genesis"),
        }
    }
    let quorum = deployment.as_ref().map_or(0, |d| d.genesis.witness_policy.quorum);
    let witnessed_size = if quorum > 0 { store.latest_witnessed(quorum).await?.unwrap_or(0) } else { 0 };
    Ok((LogState { tree, checkpoint, deployment, log_verifier, witnessed_size }, hotline))
}
