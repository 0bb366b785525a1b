//! The projection follows the log. The writer's commit carries only the log; each durable batch
//! is then handed here, and this task writes the projection's tables and moves the stored
//! watermark in transactions of its own, several batches at a time when it falls behind. At
//! start, and after a failed write, it reads what it has not projected back from the store.

use crate::rebuild::{read_back, rules_in};
use crate::store::{Deposed, Fence, NewEntry, Projector, Store};
use anyhow::{Context, Result};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// Batches waiting here at most: beyond that the writer waits for the projection.
pub(super) const WAITING: usize = 8;
/// Entries projected in one transaction at most.
const MOST_AT_ONCE: usize = 16_384;
/// Entries read back from the store at a time.
const CHUNK: u64 = 5_000;

pub(super) struct Follower {
    pub store: Store,
    /// The log size projected so far.
    pub done: u64,
    /// The rules to project by, from the genesis (at start, or when it comes by).
    pub projector: Option<Projector>,
    pub projected: std::sync::Arc<watch::Sender<u64>>,
    /// A pause before each write (JIRGA_HOLD_PROJECTION_MS), so that tests can kill a server
    /// while its projection is behind its log.
    pub hold: Duration,
    /// The writer's lease: a follower of a deposed writer stops at its next write.
    pub fence: Option<Fence>,
}

impl Follower {
    pub async fn run(mut self, mut rx: mpsc::Receiver<Vec<NewEntry>>, log_size: u64) {
        let mut pending: Vec<NewEntry> = Vec::new();
        let mut target = log_size;
        loop {
            if pending.is_empty() && self.done >= target {
                match rx.recv().await {
                    Some(handoff) => self.take(handoff, &mut pending, &mut target),
                    None => return,
                }
            }
            while pending.len() < MOST_AT_ONCE {
                match rx.try_recv() {
                    Ok(handoff) => self.take(handoff, &mut pending, &mut target),
                    Err(_) => break,
                }
            }
            if !self.hold.is_zero() {
                tokio::time::sleep(self.hold).await;
            }
            match self.write(&mut pending, target).await {
                Ok(()) => {
                    self.projected.send_replace(self.done);
                }
                Err(e) if e.downcast_ref::<Deposed>().is_some() => return,
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), done = self.done, "projecting the log failed; trying again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }

    fn take(&mut self, entries: Vec<NewEntry>, pending: &mut Vec<NewEntry>, target: &mut u64) {
        self.learn_rules(&entries);
        if let Some(last) = entries.last() {
            *target = (*target).max(last.idx + 1);
        }
        pending.extend(entries);
    }

    /// Projects what is pending, after whatever comes before it in the log and is not yet
    /// projected (read back from the store), up to `target`.
    async fn write(&mut self, pending: &mut Vec<NewEntry>, target: u64) -> Result<()> {
        pending.retain(|e| e.idx >= self.done);
        let first_pending = pending.first().map_or(target, |e| e.idx);
        while self.done < first_pending {
            let to = (self.done + CHUNK).min(first_pending);
            let entries = read_back(&self.store, self.done, to).await?;
            self.learn_rules(&entries);
            let projector = self.projector.as_ref().context("the log does not start with a genesis")?;
            self.store.project(&entries, projector, to, self.fence.as_ref()).await?;
            self.done = to;
            self.projected.send_replace(self.done);
        }
        if let Some(last) = pending.last() {
            let size = last.idx + 1;
            let projector = self.projector.as_ref().context("no genesis to project by")?;
            self.store.project(pending, projector, size, self.fence.as_ref()).await?;
            self.done = size;
            pending.clear();
        }
        Ok(())
    }

    fn learn_rules(&mut self, entries: &[NewEntry]) {
        if self.projector.is_none() {
            self.projector = rules_in(entries);
        }
    }
}
