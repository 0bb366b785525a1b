//! `jirga mirror <server>`: a party's own replica. It follows the log, verifies everything as the
//! auditor does before it keeps anything, stores the entries and the bodies its party may read,
//! and serves them read-only — so a party can prove what was said without the operator's server.

use crate::audit::verify_signatures;
use crate::cli::client::Client;
use crate::clock::{Clock, SystemClock};
use crate::sequencer::Sequencer;
use crate::state::AppState;
use crate::store::Store;
use anyhow::{anyhow, bail, Context, Result};
use ledger::checkpoint::Checkpoint;
use ledger::cosignature::CosignatureVerifier;
use ledger::note::Verifier;
use model::audit::Replay;
use model::statement::Entry;
use serde_json::Value;
use std::sync::Arc;

pub struct Mirror {
    pub upstream: Client,
    pub store: Store,
    pub state: AppState,
    log: Verifier,
    replay: Replay,
}

impl Mirror {
    /// Opens the mirror's own store and replays what it already holds.
    pub async fn open(
        upstream: &str,
        database_url: &str,
        log_key: &str,
        key: Option<&std::path::Path>,
    ) -> Result<Mirror> {
        let log = Verifier::parse(log_key).map_err(|e| anyhow!("log key {log_key:?}: {e}"))?;
        let store = Store::connect(database_url).await?;
        let seq = Sequencer::read_only(&store, &log).await?;
        let replay = Mirror::open_replay(&store).await?;
        let mut upstream = Client::new(upstream);
        if let Some(k) = key {
            upstream.login(&crate::cli::client::load_key(k)?.1).await?;
        }
        let state = AppState::new(store.clone(), seq, Arc::new(SystemClock));
        Ok(Mirror { upstream, store, state, log, replay })
    }

    /// Fetches, verifies and keeps what the upstream log has added. Returns how many entries.
    /// Nothing is kept unless all of it verifies: a fork, a rollback or a bad entry stops here.
    pub async fn sync(&mut self) -> Result<u64> {
        let policy = match self.replay.deployment() {
            Some(d) => d.genesis.witness_policy.clone(),
            // A new mirror learns the policy from the genesis; the replay checks that genesis below.
            None => crate::audit::fetch_genesis(&self.upstream).await?.witness_policy,
        };
        let path = if policy.quorum > 0 { "/v1/checkpoint/witnessed" } else { "/checkpoint" };
        let note = self.upstream.get_text(path).await?;
        let (cp, opened) = Checkpoint::open(&note, &self.log).map_err(|e| anyhow!("the upstream checkpoint: {e}"))?;
        let mut cosigned = 0;
        for w in &policy.witnesses {
            let v = CosignatureVerifier::parse(&w.key).map_err(|e| anyhow!("{e}"))?;
            if v.verify_in(&opened).map_err(|e| anyhow!("{e}"))?.is_some() {
                cosigned += 1;
            }
        }
        if cosigned < policy.quorum as usize {
            bail!("the upstream checkpoint has {cosigned} of {} required cosignatures", policy.quorum);
        }
        let local = self.state.seq.state.read().expect("state lock").tree.size();
        if cp.size < local {
            bail!("rollback: the upstream log shows {} entries, this mirror already holds {local}", cp.size);
        }
        if cp.size == local {
            return Ok(0);
        }
        let bytes = crate::audit::fetch_entries(&self.upstream, local, cp.size).await?;
        let mut tree = self.state.seq.state.read().expect("state lock").tree.clone();
        for b in &bytes {
            tree.push(ledger::leaf_hash(b));
        }
        if tree.root() != cp.root {
            bail!("fork: the upstream entries do not extend this mirror's log to the signed root");
        }
        let entries: Vec<Entry> = bytes
            .iter()
            .enumerate()
            .map(|(i, b)| Entry::parse(b).map_err(|e| anyhow!("entry {}: {e}", local + i as u64)))
            .collect::<Result<_>>()?;
        verify_signatures(&entries).map_err(|e| anyhow!("{e}"))?;
        let mut replay = std::mem::take(&mut self.replay);
        let mut bodies = Vec::new();
        let mut rows = Vec::new();
        let result: Result<()> = async {
            for (i, (entry, raw)) in entries.iter().zip(bytes).enumerate() {
                let idx = local + i as u64;
                let body = self.readable_body(entry).await?;
                if let Some(b) = &body {
                    entry.statement(b.clone()).check_body_hash().map_err(|e| anyhow!("entry {idx}: {}", e.message))?;
                    bodies.push((idx, b.clone()));
                }
                replay.check(idx, entry, body.as_deref()).map_err(|e| anyhow!("{e}"))?;
                rows.push((idx, entry.clone(), raw));
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            // Start the replay again from what is kept, so the next attempt starts clean.
            self.replay = Mirror::open_replay(&self.store).await?;
            return Err(e);
        }
        let tiles = tree.full_tiles(local);
        self.store.append_mirrored(&rows, &bodies, &tiles, (cp.size, &note, SystemClock.now_ms())).await?;
        self.replay = replay;
        tree.stored(cp.size);
        let mut s = self.state.seq.state.write().expect("state lock");
        s.tree = tree;
        s.checkpoint = Some((cp.size, note));
        if policy.quorum > 0 {
            s.witnessed_size = cp.size;
        }
        if s.deployment.is_none() {
            s.deployment = self.replay.deployment().cloned();
        }
        Ok(cp.size - local)
    }

    async fn open_replay(store: &Store) -> Result<Replay> {
        let mut replay = Replay::new();
        let size = store.log_size().await?;
        for (idx, bytes, body) in store.entries_with_bodies_left(0, size).await? {
            let entry = Entry::parse(&bytes).map_err(|e| anyhow!("local entry {idx}: {e}"))?;
            replay.check(idx, &entry, body.as_deref()).map_err(|e| anyhow!("local {e}"))?;
        }
        Ok(replay)
    }

    async fn readable_body(&self, entry: &Entry) -> Result<Option<Vec<u8>>> {
        let v: Value =
            self.upstream.get(&format!("/v1/statements/{}", entry.id.hex())).await.context("fetching a body")?;
        if v["body"].is_null() {
            return Ok(None);
        }
        Ok(Some(model::canonical::to_vec(&v["body"])?))
    }
}
