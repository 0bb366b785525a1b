//! The log's side of witnessing: each new checkpoint goes to every witness of the deployment's
//! policy with a consistency proof from the size that witness last cosigned; cosignatures are
//! kept, and a checkpoint that gathers the quorum makes everything it covers *witnessed*.
//! A witness that is down delays witnessing, never the log.

use crate::sequencer::Sequencer;
use crate::store::Store;
use anyhow::{bail, Context, Result};
use ledger::cosignature::CosignatureVerifier;
use ledger::note::NoteSignature;
use ledger::witness::AddCheckpoint;
use model::deployment::WitnessPolicy;
use std::collections::HashMap;
use std::time::Duration;

/// Where each witness of the policy listens, by witness name (operator configuration).
pub type WitnessUrls = HashMap<String, String>;

struct Peer {
    name: String,
    url: String,
    verifier: CosignatureVerifier,
    /// The size this witness last cosigned, as far as we know.
    known_size: u64,
    /// Left out of rounds until then, after a failure.
    retry_at: Option<tokio::time::Instant>,
    backoff: Duration,
}

/// Starts the witnessing rounds for the policy's witnesses that have a URL.
pub fn spawn(store: Store, seq: Sequencer, policy: &WitnessPolicy, urls: &WitnessUrls) -> Result<()> {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build()?;
    let mut peers = Vec::new();
    for spec in &policy.witnesses {
        let Some(url) = urls.get(&spec.name) else {
            tracing::warn!(witness = %spec.name, "no URL configured for this witness; it will not be asked");
            continue;
        };
        let verifier = CosignatureVerifier::parse(&spec.key).with_context(|| format!("witness {} key", spec.name))?;
        let url = url.trim_end_matches('/').to_string();
        peers.push(Peer {
            name: spec.name.clone(),
            url,
            verifier,
            known_size: 0,
            retry_at: None,
            backoff: MIN_BACKOFF,
        });
    }
    if !peers.is_empty() {
        tokio::spawn(rounds(peers, store, seq, http, policy.quorum));
    }
    Ok(())
}

const MIN_BACKOFF: Duration = Duration::from_millis(200);
/// A witness back from a partition is asked again within this long.
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Witnessing goes in rounds: every witness is asked for the *same* checkpoint at once, so their
/// cosignatures meet on one checkpoint; a witness that failed is left out of rounds until its
/// backoff has passed, and catches up from its own size when it is back.
async fn rounds(mut peers: Vec<Peer>, store: Store, seq: Sequencer, http: reqwest::Client, quorum: u32) {
    let mut published = seq.published.clone();
    let mut done = 0u64;
    loop {
        // The writer asks the witnesses; a standby would ask them for the same checkpoints again.
        if !seq.writes() {
            if published.has_changed().is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        }
        let size = *published.borrow_and_update();
        if size <= done
            && !peers
                .iter()
                .any(|p| p.known_size < done && p.retry_at.is_some_and(|t| t <= tokio::time::Instant::now()))
        {
            let next_retry = peers.iter().filter_map(|p| p.retry_at).min();
            tokio::select! {
                changed = published.changed() => if changed.is_err() { return },
                _ = sleep_until(next_retry) => {}
            }
            continue;
        }
        // The checkpoint of this round: the latest, which every witness is asked to cosign.
        let Some((size, note)) = seq.state.read().expect("state lock").checkpoint.clone() else { continue };
        let now = tokio::time::Instant::now();
        let mut set = tokio::task::JoinSet::new();
        let (waiting, mut resting): (Vec<Peer>, Vec<Peer>) =
            peers.drain(..).partition(|p| p.known_size < size && p.retry_at.is_none_or(|t| t <= now));
        for mut peer in waiting {
            let (store, seq, http, note) = (store.clone(), seq.clone(), http.clone(), note.clone());
            set.spawn(async move {
                match ask(&mut peer, &store, &seq, &http, size, &note).await {
                    Ok(()) => {
                        peer.retry_at = None;
                        peer.backoff = MIN_BACKOFF;
                    }
                    Err(e) => {
                        tracing::warn!(witness = %peer.name, error = %format!("{e:#}"), "witness did not cosign; will retry");
                        peer.retry_at = Some(tokio::time::Instant::now() + peer.backoff);
                        peer.backoff = (peer.backoff * 2).min(MAX_BACKOFF);
                    }
                }
                peer
            });
        }
        while let Some(peer) = set.join_next().await {
            match peer {
                Ok(p) => resting.push(p),
                Err(e) => tracing::error!(error = %e, "a witnessing task failed"),
            }
        }
        peers = resting;
        if let Err(e) = update_witnessed(&store, &seq, size, quorum).await {
            tracing::error!(error = %format!("{e:#}"), "recording witnessing");
        }
        done = size;
    }
}

async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(t) => tokio::time::sleep_until(t).await,
        None => std::future::pending().await,
    }
}

async fn ask(
    peer: &mut Peer,
    store: &Store,
    seq: &Sequencer,
    http: &reqwest::Client,
    size: u64,
    note: &str,
) -> Result<()> {
    // One retry after a 409 that tells us the witness's size.
    for _ in 0..2 {
        if peer.known_size > size {
            bail!("the witness has cosigned size {} but the log has {size}: a fork or a rollback", peer.known_size);
        }
        let proof = if peer.known_size == 0 || peer.known_size == size {
            vec![]
        } else {
            let old = peer.known_size;
            crate::sequencer::ask_tree(&seq.state, store, |tree, tiles| tree.consistency_proof_in(old, size, tiles))
                .await?
        };
        let body = AddCheckpoint { old_size: peer.known_size, proof, checkpoint: note.to_string() }.to_body();
        let resp = http.post(format!("{}/add-checkpoint", peer.url)).body(body).send().await.context("unreachable")?;
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        match status {
            200 => {
                let text_part = note.split("\n\n").next().unwrap_or_default().to_string() + "\n";
                for line in text.lines().filter(|l| !l.is_empty()) {
                    let sig =
                        NoteSignature::parse_line(line).map_err(|e| anyhow::anyhow!("bad cosignature line: {e}"))?;
                    if sig.name == peer.verifier.name() && sig.key_hash == peer.verifier.key_hash() {
                        peer.verifier.verify(&text_part, &sig).map_err(|e| anyhow::anyhow!("{e}"))?;
                        store.add_cosignature(size, &peer.name, line).await?;
                        peer.known_size = size;
                        return Ok(());
                    }
                }
                bail!("the witness answered without a cosignature by its policy key");
            }
            409 if text.trim().parse::<u64>().is_ok() => peer.known_size = text.trim().parse()?,
            _ => bail!("{status}: {}", text.trim()),
        }
    }
    bail!("the witness keeps disagreeing about its size")
}

async fn update_witnessed(store: &Store, seq: &Sequencer, size: u64, quorum: u32) -> Result<()> {
    if quorum == 0 || (store.cosignatures(size).await?.len() as u32) < quorum {
        return Ok(());
    }
    let mut s = seq.state.write().expect("state lock");
    s.witnessed_size = s.witnessed_size.max(size);
    Ok(())
}

/// A checkpoint note with the cosignature lines gathered for it.
pub async fn with_cosignatures(store: &Store, size: u64, note: &str) -> Result<String> {
    let lines: Vec<String> = store.cosignatures(size).await?.into_iter().map(|(_, l)| l).collect();
    ledger::note::add_signature_lines(note, &lines).map_err(|e| anyhow::anyhow!("{e}"))
}
