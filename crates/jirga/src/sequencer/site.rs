//! One server among several on one database: it writes the log while it holds the lease
//! (store/lease.rs), and stands by otherwise — serving reads from the store, keeping its view of
//! the log current, refusing statements with a clear 503, and taking the lease over when the
//! writer's expires. A takeover reads the state from the store anew, so the new writer goes on
//! from exactly what is durable.

use super::follower::{self, Follower};
use super::ids::IdFilter;
use super::writer::{self, Ended, Writer};
use super::{apply_deciding, load_state, Hotline, Job, SharedState, SubmitError};
use crate::clock::Clock;
use crate::store::{Fence, Projector, Store};
use anyhow::Result;
use ledger::checkpoint::Checkpoint;
use ledger::note::Signer;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::{mpsc, oneshot, watch};

/// How a server takes part in writing the log.
#[derive(Clone, Debug)]
pub struct LeaseOptions {
    /// Unique to this process: host, process id and a random part.
    pub holder: String,
    /// How long a lease runs without renewal; a standby takes over at most this long (plus one
    /// look) after the writer stops renewing.
    pub ttl: Duration,
    /// Where this server takes statements, for standbys to forward them to.
    pub url: Option<String>,
}

impl Default for LeaseOptions {
    fn default() -> LeaseOptions {
        let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default().trim().to_string();
        let ttl = std::env::var("JIRGA_LEASE_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(3000);
        LeaseOptions {
            holder: format!("{host}:{}:{:08x}", std::process::id(), rand::random::<u32>()),
            ttl: Duration::from_millis(ttl),
            url: None,
        }
    }
}

/// What this server does for the log right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Starting,
    /// It writes the log, in this term of the lease.
    Writer {
        term: i64,
    },
    /// Another server writes (at `writer_url`, when it said where).
    Standby {
        writer_url: Option<String>,
    },
    Stopped,
}

/// The lease's clock: wall time, whatever clock the deployment's deadlines run on.
pub fn wall_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

pub(super) struct Site {
    pub store: Store,
    pub signer: Signer,
    pub clock: Arc<dyn Clock>,
    pub state: SharedState,
    pub published: Arc<watch::Sender<u64>>,
    pub projected: Arc<watch::Sender<u64>>,
    pub role: watch::Sender<Role>,
    pub lease: LeaseOptions,
    pub hold: Duration,
    /// Set when the server stops: the writer finishes and gives the lease back.
    pub stop: watch::Receiver<bool>,
    /// Rung when a reader waits for more than this standby has seen: it looks at once.
    pub wake: Arc<tokio::sync::Notify>,
}

impl Site {
    pub async fn run(self, mut rx: mpsc::Receiver<Job>) {
        let look = (self.lease.ttl / 6).clamp(Duration::from_millis(50), Duration::from_millis(500));
        loop {
            let taken =
                self.store.take_lease(&self.lease.holder, self.lease.url.as_deref(), wall_ms(), self.ttl_ms()).await;
            match taken {
                Ok(Some(fence)) => match self.write(fence, &mut rx).await {
                    Ended::Closed => break,
                    Ended::Deposed => tracing::warn!("another server took the sequencer's lease: standing by"),
                },
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot reach the lease; standing by"),
            }
            if !self.stand_by(&mut rx, look).await {
                break;
            }
        }
        self.role.send_replace(Role::Stopped);
    }

    fn ttl_ms(&self) -> i64 {
        self.lease.ttl.as_millis() as i64
    }

    /// Writes the log until the lease is lost or every sender is gone.
    async fn write(&self, fence: Fence, rx: &mut mpsc::Receiver<Job>) -> Ended {
        // What is durable, read anew: the previous writer may have appended up to its last moment.
        let read = async {
            let loaded = load_state(&self.store, &self.signer.verifier()).await?;
            anyhow::Ok((loaded, super::store_last_logged_at(&self.store).await?))
        };
        let ((state, hotline), last_logged_at) = match read.await {
            Ok(read) => read,
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "cannot read the log to take over; giving the lease back");
                let _ = self.store.release_lease(&fence).await;
                return Ended::Deposed;
            }
        };
        let log_size = state.tree.size();
        self.published.send_replace(state.published_size());
        let deployment = state.deployment.clone();
        let projector = deployment.as_ref().map(|d| Projector::new(&d.genesis));
        *self.state.write().expect("state lock") = state;
        let done = self.store.projected_size().await.unwrap_or(0).min(log_size);
        self.projected.send_replace(done);
        let (handoff, handed) = mpsc::channel(follower::WAITING);
        let follower = Follower {
            store: self.store.clone(),
            done,
            projector,
            projected: self.projected.clone(),
            hold: self.hold,
            fence: Some(fence.clone()),
        };
        tokio::spawn(follower.run(handed, log_size));
        let (lost_tx, lost) = watch::channel(false);
        let renewal = tokio::spawn(renew(self.store.clone(), fence.clone(), self.lease.ttl, lost_tx));
        self.role.send_replace(Role::Writer { term: fence.term });
        tracing::info!(term = fence.term, holder = %fence.holder, size = log_size, "writing the log");
        let writer = Writer {
            store: self.store.clone(),
            signer: self.signer.clone(),
            clock: self.clock.clone(),
            state: self.state.clone(),
            last_logged_at,
            published: self.published.clone(),
            deployment,
            uncommitted: HashMap::new(),
            logged: ids_of(&self.store),
            hotline,
            projection: handoff,
            fence: Some(fence.clone()),
        };
        let ended = writer.run(rx, lost, self.stop.clone()).await;
        renewal.abort();
        if ended == Ended::Closed {
            let _ = self.store.release_lease(&fence).await;
        }
        ended
    }

    /// Stands by for one look: refuses what comes, brings the view of the log up to date, and
    /// says who writes. False when every sender is gone.
    async fn stand_by(&self, rx: &mut mpsc::Receiver<Job>, look: Duration) -> bool {
        let writer_url = match self.store.lease_holder().await {
            Ok(h) => h.filter(|h| h.expires_ms >= wall_ms()).and_then(|h| h.url),
            Err(_) => None,
        };
        self.role.send_if_modified(|r| {
            let next = Role::Standby { writer_url: writer_url.clone() };
            let changed = *r != next;
            *r = next;
            changed
        });
        if let Err(e) = self.catch_up().await {
            tracing::warn!(error = %format!("{e:#}"), "standing by: cannot read the log's latest state");
        }
        let until = tokio::time::Instant::now() + look;
        let mut stop = self.stop.clone();
        loop {
            tokio::select! {
                _ = async { let _ = stop.wait_for(|stop| *stop).await; } => return false,
                _ = self.wake.notified() => return true,
                job = rx.recv() => match job {
                    Some(job) => {
                        let _ = job.reply.send(Err(SubmitError::Standby { writer_url: writer_url.clone() }));
                    }
                    None => return false,
                },
                _ = tokio::time::sleep_until(until) => return true,
            }
        }
    }

    /// Reads what the writer has added since this view was last brought up to date: the tree,
    /// the latest checkpoint (verified against it), the deciding statements, the watermarks.
    async fn catch_up(&self) -> Result<()> {
        let projected = self.store.projected_size().await?;
        let Some(note) = self.store.latest_checkpoint().await? else { return Ok(()) };
        let verifier = self.signer.verifier();
        let (cp, _) = Checkpoint::open(&note, &verifier).map_err(|e| anyhow::anyhow!("the stored checkpoint: {e}"))?;
        let (known, grown, mut deployment) = {
            let s = self.state.read().expect("state lock");
            (s.published_size(), s.tree.size(), s.deployment.clone())
        };
        // A deposed writer's tree may hold the leaves of a batch that was refused: read anew.
        if cp.size > known || grown != known {
            let tree = self.store.tree_at(cp.size).await?;
            if tree.root() != cp.root {
                anyhow::bail!("the log's entries do not hash to the root of its latest checkpoint");
            }
            let mut hotline = Hotline::new();
            apply_deciding(&mut deployment, &mut hotline, self.store.deciding(known, cp.size).await?, &verifier)?;
            let quorum = deployment.as_ref().map_or(0, |d| d.genesis.witness_policy.quorum);
            let witnessed = if quorum > 0 { self.store.latest_witnessed(quorum).await?.unwrap_or(0) } else { 0 };
            let mut s = self.state.write().expect("state lock");
            s.tree = tree;
            s.checkpoint = Some((cp.size, note));
            s.deployment = deployment;
            s.witnessed_size = witnessed;
        }
        self.published.send_if_modified(|p| std::mem::replace(p, cp.size) != cp.size);
        self.projected.send_if_modified(|p| std::mem::replace(p, projected) != projected);
        Ok(())
    }
}

/// Renews the lease three times a lease; says `lost` when it is another's, or when it could not
/// be renewed for most of a lease (the database is out of reach: a standby may take it soon).
async fn renew(store: Store, fence: Fence, ttl: Duration, lost: watch::Sender<bool>) {
    let mut renewed = tokio::time::Instant::now();
    loop {
        tokio::time::sleep(ttl / 3).await;
        match store.renew_lease(&fence, wall_ms(), ttl.as_millis() as i64).await {
            Ok(true) => renewed = tokio::time::Instant::now(),
            Ok(false) => break,
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "cannot renew the sequencer's lease");
                if renewed.elapsed() >= ttl * 2 / 3 {
                    break;
                }
            }
        }
    }
    lost.send_replace(true);
}

/// The id filter, filled from the store in the background (every id is looked up until then).
fn ids_of(store: &Store) -> IdFilter {
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
    IdFilter::loading(ids)
}
