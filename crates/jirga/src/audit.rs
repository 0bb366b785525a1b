//! `jirga audit <server>`: trusts nothing the server says that is not signed. It fetches the
//! checkpoint and every entry bundle, recomputes the tree from the entries themselves, checks
//! the log's signature and the witnesses' cosignatures against the genesis policy, verifies
//! every statement's signature and its author's right to make it at that point of the log, and
//! checks the bodies it may read against their signed hashes. It remembers what it saw, so a
//! later fork or rollback is reported.

use crate::cli::client::Client;
use anyhow::{anyhow, Context, Result};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ledger::checkpoint::Checkpoint;
use ledger::cosignature::CosignatureVerifier;
use ledger::note::Verifier;
use ledger::tiles;
use model::audit::{needs_body, Replay};
use model::statement::{check_signatures, decode_key, Entry};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::IsTerminal;
use std::path::PathBuf;

/// What the auditor keeps between runs.
#[derive(Serialize, Deserialize)]
pub struct AuditState {
    pub log_key: String,
    pub size: u64,
    pub root: String,
    pub checkpoint: String,
}

pub struct Options {
    pub server: String,
    pub log_key: Option<String>,
    pub state: Option<PathBuf>,
    /// Read-only member key: bodies that member may read are checked too.
    pub key: Option<PathBuf>,
    pub check_bodies: bool,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub size: u64,
    pub root: String,
    pub cosignatures: usize,
    pub quorum: u32,
    pub bodies_checked: u64,
    pub sealed: u64,
    pub previous_size: Option<u64>,
}

/// The first thing found wrong. `entry` names the entry when one is at fault.
#[derive(Debug, thiserror::Error)]
#[error("{}{reason}", entry.map(|e| format!("entry {e}: ")).unwrap_or_default())]
pub struct Failure {
    pub entry: Option<u64>,
    pub reason: String,
}

fn fail(entry: Option<u64>, reason: impl Into<String>) -> anyhow::Error {
    Failure { entry, reason: reason.into() }.into()
}

struct Progress {
    on: bool,
    what: &'static str,
    total: u64,
}

impl Progress {
    fn show(&self, done: u64) {
        if self.on && (done.is_multiple_of(4096) || done == self.total) {
            eprint!("\r{}: {done}/{}", self.what, self.total);
            if done == self.total {
                eprintln!();
            }
        }
    }
}

pub async fn audit(opts: &Options) -> Result<Summary> {
    let mut client = Client::new(&opts.server);
    let previous: Option<AuditState> = match &opts.state {
        Some(p) if p.exists() => {
            Some(serde_json::from_str(&std::fs::read_to_string(p)?).context("the audit state file")?)
        }
        _ => None,
    };
    let log_key = match (&opts.log_key, &previous) {
        (Some(k), _) => k.clone(),
        (None, Some(p)) => p.log_key.clone(),
        (None, None) => {
            let k = client.get::<Value>("/v1/deployment").await?["log_key"].as_str().unwrap_or_default().to_string();
            eprintln!("warning: trusting the log key the server states ({k}); pin it with --log-key");
            k
        }
    };
    let log = Verifier::parse(&log_key).map_err(|e| anyhow!("log key {log_key:?}: {e}"))?;
    if let Some(k) = &opts.key {
        client.login(&crate::cli::client::load_key(k)?.1).await?;
    }

    // The genesis (entry 0) names the witness policy; use the witnessed checkpoint if there is one.
    let latest = client.get_text("/checkpoint").await?;
    let (latest_cp, _) = Checkpoint::open(&latest, &log).map_err(|e| fail(None, format!("the checkpoint: {e}")))?;
    if latest_cp.size == 0 {
        return Err(fail(None, "the log is empty"));
    }
    let genesis = fetch_genesis(&client).await?;
    let policy = genesis.witness_policy.clone();
    let note = if policy.quorum > 0 {
        client.get_text("/v1/checkpoint/witnessed").await.context("no checkpoint meets the witness policy yet")?
    } else {
        latest
    };
    let (cp, opened) = Checkpoint::open(&note, &log).map_err(|e| fail(None, format!("the checkpoint: {e}")))?;
    let witnesses: Vec<CosignatureVerifier> = policy
        .witnesses
        .iter()
        .map(|w| {
            CosignatureVerifier::parse(&w.key).map_err(|e| fail(Some(0), format!("witness key of {}: {e}", w.name)))
        })
        .collect::<Result<_>>()?;
    let mut cosignatures = 0;
    for w in &witnesses {
        if w.verify_in(&opened).map_err(|e| fail(None, format!("cosignature: {e}")))?.is_some() {
            cosignatures += 1;
        }
    }
    if cosignatures < policy.quorum as usize {
        return Err(fail(
            None,
            format!("{cosignatures} of the required {} witnesses cosigned the checkpoint", policy.quorum),
        ));
    }

    let progress = Progress { on: std::io::stderr().is_terminal(), what: "entries", total: cp.size };
    let phase = std::time::Instant::now();
    let checked = fetch_and_check(&client, cp.size).await?;
    progress.show(cp.size);
    tracing::debug!(
        ms = phase.elapsed().as_millis() as u64,
        "audit: entries fetched, hashed, parsed and signatures checked"
    );
    let phase = std::time::Instant::now();
    // What the checkpoint and the tiles say is reported first; a bad entry after that.
    let leaves: Vec<ledger::Hash> = checked.iter().flat_map(|p| p.leaves.iter().copied()).collect();
    check_hash_tiles(&client, &leaves).await?;
    if ledger::root_from_leaves(&leaves) != cp.root {
        return Err(fail(None, "the entries do not hash to the signed checkpoint's root"));
    }
    if let Some(prev) = &previous {
        if cp.size < prev.size {
            return Err(fail(
                None,
                format!("rollback: this log showed {} entries before and now shows {}", prev.size, cp.size),
            ));
        }
        let old_root = B64.encode(ledger::root_from_leaves(&leaves[..prev.size as usize]));
        if old_root != prev.root {
            return Err(fail(
                None,
                format!("fork: the first {} entries no longer hash to the root this log showed before", prev.size),
            ));
        }
    }

    let mut parsed = Vec::with_capacity(leaves.len());
    for part in checked {
        parsed.extend(part.entries?);
    }
    tracing::debug!(ms = phase.elapsed().as_millis() as u64, "audit: hash tiles and root checked");
    let phase = std::time::Instant::now();
    let mut replay = Replay::new();
    let mut summary =
        Summary { size: cp.size, root: B64.encode(cp.root), cosignatures, quorum: policy.quorum, ..Default::default() };
    summary.previous_size = previous.as_ref().map(|p| p.size);
    for (i, entry) in parsed.iter().enumerate() {
        let body =
            if needs_body(entry.header.kind) || opts.check_bodies { fetch_body(&client, entry).await? } else { None };
        if let Some(b) = &body {
            entry
                .statement(b.clone())
                .check_body_hash()
                .map_err(|e| fail(Some(i as u64), format!("body: {}", e.message)))?;
            summary.bodies_checked += 1;
        } else if opts.check_bodies {
            summary.sealed += 1;
        }
        replay.check(i as u64, entry, body.as_deref()).map_err(|e| fail(Some(e.index), e.reason))?;
    }
    tracing::debug!(ms = phase.elapsed().as_millis() as u64, "audit: bodies checked, history replayed");
    if let Some(p) = &opts.state {
        let state = AuditState { log_key, size: cp.size, root: B64.encode(cp.root), checkpoint: note };
        let tmp = p.with_extension("tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(&state)?)?;
        std::fs::rename(&tmp, p)?;
    }
    Ok(summary)
}

/// The genesis (entry 0) and its public body: it names the parties, keys and witness policy.
pub async fn fetch_genesis(client: &Client) -> Result<model::Genesis> {
    let first = fetch_entries(client, 0, 1).await?;
    let entry = Entry::parse(first.first().ok_or_else(|| fail(None, "the log is empty"))?)
        .map_err(|e| fail(Some(0), e.to_string()))?;
    let body = fetch_body(client, &entry).await?.ok_or_else(|| fail(Some(0), "the genesis body is not public"))?;
    entry.statement(body.clone()).check_body_hash().map_err(|e| fail(Some(0), e.message))?;
    serde_json::from_slice(&body).map_err(|e| fail(Some(0), format!("genesis: {e}")))
}

/// Entries [from, to) from the entry bundles.
pub async fn fetch_entries(client: &Client, from: u64, to: u64) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity((to - from) as usize);
    fetch_bundles(client, from, to, |_, entries| out.extend(entries)).await?;
    Ok(out)
}

/// Entries [from, to) from the entry bundles, handed to `each` a bundle at a time in log order
/// with the index of the first.
async fn fetch_bundles(client: &Client, from: u64, to: u64, mut each: impl FnMut(u64, Vec<Vec<u8>>)) -> Result<()> {
    use futures_util::StreamExt;
    let bundles: Vec<(u64, u16)> =
        (from / 256..to.div_ceil(256)).map(|n| (n, (to - n * 256).min(256) as u16)).collect();
    // Several bundles in flight, taken in order: the server's round trips overlap.
    let mut fetched = futures_util::stream::iter(bundles)
        .map(|(n, width)| async move {
            let path = tiles::entries_path(n, width);
            (n, width, client.get_bytes(&format!("/{path}")).await, path)
        })
        .buffered(IN_FLIGHT);
    while let Some((n, width, bytes, path)) = fetched.next().await {
        let bundle = tiles::decode_entry_bundle(&bytes?)
            .map_err(|e| fail(Some(n * 256), format!("entry bundle {path}: {e}")))?;
        if bundle.len() != width as usize {
            return Err(fail(
                Some(n * 256),
                format!("entry bundle {path} holds {} entries, not {width}", bundle.len()),
            ));
        }
        let skip = from.saturating_sub(n * 256) as usize;
        each(n * 256 + skip as u64, bundle.into_iter().skip(skip).collect());
    }
    Ok(())
}

/// A bundle's entries as checked: their leaf hashes, and the entries parsed with every
/// signature checked (or the first that is not right).
struct CheckedPart {
    offset: u64,
    leaves: Vec<ledger::Hash>,
    entries: Result<Vec<Entry>>,
}

/// Fetches entries [0, size) and checks each bundle as it comes, on every core, while the next
/// ones are on their way: the fetching and the checking overlap. The parts come back in order.
async fn fetch_and_check(client: &Client, size: u64) -> Result<Vec<CheckedPart>> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let (tx, rx) = std::sync::mpsc::channel::<(u64, Vec<Vec<u8>>)>();
    let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let rx = rx.clone();
            tokio::task::spawn_blocking(move || {
                let mut done = Vec::new();
                loop {
                    let next = rx.lock().expect("bundle queue").recv();
                    let Ok((offset, raw)) = next else { return done };
                    let leaves = raw.iter().map(|e| ledger::leaf_hash(e)).collect();
                    let entries =
                        parse_part(&raw, offset).and_then(|parsed| verify_part(&parsed, offset).map(|_| parsed));
                    done.push(CheckedPart { offset, leaves, entries });
                }
            })
        })
        .collect();
    let fetched = fetch_bundles(client, 0, size, |offset, raw| {
        let _ = tx.send((offset, raw));
    })
    .await;
    drop(tx);
    let mut parts = Vec::new();
    for w in workers {
        parts.extend(w.await.context("an audit thread failed")?);
    }
    fetched?;
    parts.sort_by_key(|p| p.offset);
    Ok(parts)
}

fn parse_part(raw: &[Vec<u8>], offset: u64) -> Result<Vec<Entry>> {
    raw.iter()
        .enumerate()
        .map(|(i, e)| Entry::parse(e).map_err(|err| fail(Some(offset + i as u64), err.to_string())))
        .collect()
}

/// Requests in flight at once while fetching bundles and tiles.
const IN_FLIGHT: usize = 8;

/// The level-0 hash tiles must agree with the hashes of the entries: a tile that does not names
/// the entry where it differs.
async fn check_hash_tiles(client: &Client, leaves: &[ledger::Hash]) -> Result<()> {
    use futures_util::StreamExt;
    let mut fetched = futures_util::stream::iter(leaves.chunks(256).enumerate())
        .map(|(n, chunk)| async move {
            let path = tiles::tile_path(0, n as u64, chunk.len() as u16);
            (n, chunk, client.get_bytes(&format!("/{path}")).await, path)
        })
        .buffered(IN_FLIGHT);
    while let Some((n, chunk, bytes, path)) = fetched.next().await {
        check_hash_tile(n as u64, chunk, &bytes?, &path)?;
    }
    Ok(())
}

/// Level-0 hash tile `n` (at `path`) must hold the hashes of the entries it covers (`chunk`).
pub fn check_hash_tile(n: u64, chunk: &[ledger::Hash], bytes: &[u8], path: &str) -> Result<()> {
    let hashes = tiles::split_tile(bytes).map_err(|e| fail(Some(n * 256), format!("hash tile {path}: {e}")))?;
    for (i, (tile, leaf)) in hashes.iter().zip(chunk).enumerate() {
        if tile != leaf {
            return Err(fail(Some(n * 256 + i as u64), format!("hash tile {path} disagrees with the entry's hash")));
        }
    }
    if hashes.len() != chunk.len() {
        return Err(fail(Some(n * 256), format!("hash tile {path} has {} hashes, not {}", hashes.len(), chunk.len())));
    }
    Ok(())
}

/// An entry's body as the server gives it to this client; None where it may not read it.
pub async fn fetch_body(client: &Client, entry: &Entry) -> Result<Option<Vec<u8>>> {
    let v: Value = client.get(&format!("/v1/statements/{}", entry.id.hex())).await?;
    if v["body"].is_null() {
        return Ok(None);
    }
    Ok(Some(model::canonical::to_vec(&v["body"])?))
}

/// Every signature, by the rule the sequencer applies ([`ledger::signature`]), one at a time on
/// every core. Not in batches: ed25519-dalek's batch accepts signatures the rule refuses, and the
/// audit must accept exactly what the log does.
pub fn verify_signatures(entries: &[Entry]) -> Result<()> {
    on_every_core(entries, verify_part).map(|_| ())
}

/// Runs `work` on `items` split in one part per core, each with its offset in `items`; the
/// results come back in order, or the first part's error.
fn on_every_core<T: Sync, R: Send>(items: &[T], work: impl Fn(&[T], u64) -> Result<R> + Sync) -> Result<Vec<R>> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(t, part)| scope.spawn(move || work(part, (t * chunk) as u64)))
            .collect();
        handles.into_iter().map(|h| h.join().expect("verifier thread")).collect()
    })
}

fn verify_part(entries: &[Entry], offset: u64) -> Result<()> {
    // The authors are a few dozen members: each key is decompressed once.
    let mut keys: std::collections::HashMap<model::PublicKey, ed25519_dalek::VerifyingKey> = Default::default();
    let mut key = |k: &model::PublicKey| match keys.get(k) {
        Some(v) => Ok(*v),
        None => decode_key(k).inspect(|v| {
            keys.insert(*k, *v);
        }),
    };
    for (i, e) in entries.iter().enumerate() {
        let message = [model::statement::SIGNING_CONTEXT, &e.header_bytes].concat();
        check_signatures(&e.signatures, &message, &mut key)
            .map_err(|r| fail(Some(offset + i as u64), format!("signature: {}", r.message)))?;
    }
    Ok(())
}
