//! `jirga monitor`: the key monitor. It walks the log from where it stopped last time, and for
//! every statement signed with a watched key that this member's client did not record sending
//! (crate::cli::sent) it alerts: on the console and, when asked, by email through the notifier's
//! relay. Such a statement was made with the key elsewhere: a stolen or copied key, or a server
//! that forged nothing but was handed one. Each alert is checked first (the signature, and the
//! inclusion proof against the signed checkpoint), so a server cannot raise a false alarm.

use super::client::{load_key, Client};
use super::queue::write_whole;
use super::{member_key, ServerArgs};
use anyhow::{anyhow, bail, Context, Result};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use clap::Args;
use ledger::checkpoint::Checkpoint;
use model::statement::{check_signatures, decode_key, Entry, SIGNING_CONTEXT};
use model::PublicKey;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Args)]
pub(super) struct MonitorArgs {
    #[command(flatten)]
    server: ServerArgs,
    /// Your member key file: its public key is watched (the secret key is not used).
    #[arg(long, env = "JIRGA_KEY")]
    key: Option<PathBuf>,
    /// Another key to watch, for an admin watching the members: a key file or a base64 public key
    /// (repeat).
    #[arg(long = "member")]
    members: Vec<String>,
    /// The log's public key (C2SP vkey); default: the one remembered in the state file, else as
    /// the server states it on the first run.
    #[arg(long)]
    log_key: Option<String>,
    /// Where the monitor remembers how far it has read.
    #[arg(long, default_value = "jirga-monitor.json")]
    state: PathBuf,
    /// The record of what this client sent (default: JIRGA_SENT, else $HOME/.jirga/sent).
    #[arg(long)]
    sent: Option<PathBuf>,
    /// Read once and exit, non-zero if anything was found; default: keep watching.
    #[arg(long)]
    once: bool,
    /// How often to read the log when watching, in seconds.
    #[arg(long, default_value_t = 60)]
    every: u64,
    /// The notifier settings (docs/NOTIFY.md) whose SMTP relay sends the alert by email.
    #[arg(long, requires = "email")]
    notify: Option<PathBuf>,
    /// Where the alert email goes.
    #[arg(long, requires = "notify")]
    email: Option<String>,
}

/// How far the monitor has read, and the log key it pinned.
#[derive(Serialize, Deserialize, Default)]
struct State {
    log_key: String,
    /// The next log position to read.
    next: u64,
}

/// A statement under a watched key that this client did not send.
struct Alert {
    index: u64,
    entry: Entry,
    key: PublicKey,
}

impl Alert {
    fn line(&self) -> String {
        let h = &self.entry.header;
        let signed = chrono::DateTime::from_timestamp_millis(h.time).map(|t| t.to_rfc3339()).unwrap_or_default();
        format!(
            "ALERT: statement {} ({}, party {}, signed {signed}, log entry {}) is signed with the watched key {} \
             but this client did not record sending it",
            self.entry.id,
            h.kind.as_str(),
            h.party,
            self.index,
            self.key
        )
    }
}

pub(super) async fn run(args: MonitorArgs) -> Result<()> {
    let mut watched: Vec<PublicKey> = args.members.iter().map(|m| member_key(m)).collect::<Result<_>>()?;
    if let Some(k) = &args.key {
        watched.push(load_key(k)?.0.public);
    }
    if watched.is_empty() {
        bail!("name a key to watch: --key FILE or --member KEY");
    }
    let sent = super::sent::folder(args.sent.as_deref())?;
    let settings = args.notify.as_deref().map(crate::notify::Settings::load).transpose()?;
    loop {
        match pass(&args, &watched, &sent, settings.as_ref()).await {
            Ok(alerts) if args.once && alerts > 0 => {
                bail!("{alerts} statement(s) signed with a watched key were not sent from this client")
            }
            Ok(_) if args.once => return Ok(()),
            Ok(_) => {}
            Err(e) if args.once => return Err(e),
            Err(e) => eprintln!("the monitor could not read the log this time: {e:#}"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(args.every)).await;
    }
}

/// Reads the log from the remembered position to the latest checkpoint; returns how many alerts.
async fn pass(
    args: &MonitorArgs,
    watched: &[PublicKey],
    sent: &Path,
    settings: Option<&crate::notify::Settings>,
) -> Result<usize> {
    let client = Client::new(&args.server.server);
    let mut state = load_state(&args.state)?;
    if let Some(k) = &args.log_key {
        if !state.log_key.is_empty() && state.log_key != *k {
            bail!("--log-key differs from the key {} remembered in {}", state.log_key, args.state.display());
        }
        state.log_key = k.clone();
    }
    let pinned = (!state.log_key.is_empty()).then(|| state.log_key.clone());
    let (cp, _, verifier) = client.verified_checkpoint(pinned.as_deref()).await?;
    state.log_key = verifier.to_vkey();
    if cp.size < state.next {
        bail!(
            "the log has {} entries, fewer than the {} already read: a rollback, or another log",
            cp.size,
            state.next
        );
    }
    let mut alerts = Vec::new();
    for tile in state.next / 256..cp.size.div_ceil(256) {
        let width = (cp.size - tile * 256).min(256) as u16;
        let bytes = client.get_bytes(&format!("/{}", ledger::tiles::entries_path(tile, width))).await?;
        let entries = ledger::tiles::decode_entry_bundle(&bytes).map_err(|e| anyhow!("entry tile {tile}: {e}"))?;
        for (i, raw) in entries.iter().enumerate() {
            let index = tile * 256 + i as u64;
            if index < state.next {
                continue;
            }
            let entry = Entry::parse(raw).map_err(|e| anyhow!("log entry {index}: {e}"))?;
            let Some(key) = entry.signatures.iter().map(|s| s.key).find(|k| watched.contains(k)) else { continue };
            if super::sent::has(sent, &entry.id) {
                continue;
            }
            check(&client, &cp, index, raw, &entry).await?;
            alerts.push(Alert { index, entry, key });
        }
    }
    for alert in &alerts {
        println!("{}", alert.line());
        if let (Some(settings), Some(to)) = (settings, &args.email) {
            email(settings, to, alert).await?;
        }
    }
    // Saved only once every alert went out: a failed email is sent again on the next run.
    state.next = cp.size;
    write_whole(&args.state, &serde_json::to_vec_pretty(&state)?)?;
    eprintln!(
        "read the log to {} entries; {} statement(s) under the {} watched key(s) not sent from this client",
        cp.size,
        alerts.len(),
        watched.len()
    );
    Ok(alerts.len())
}

/// The alert is real: the statement's signatures hold, and the log proves it holds the entry.
async fn check(client: &Client, cp: &Checkpoint, index: u64, raw: &[u8], entry: &Entry) -> Result<()> {
    let mut message = SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(&entry.header_bytes);
    check_signatures(&entry.signatures, &message, decode_key).map_err(|e| anyhow!("log entry {index}: {e}"))?;
    let p: Value = client.get(&format!("/v1/statements/{}/proof?size={}", entry.id, cp.size)).await?;
    let path: Vec<ledger::Hash> = p["proof"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| B64.decode(h.as_str().unwrap_or_default()).ok().and_then(|b| b.try_into().ok()))
        .collect::<Option<_>>()
        .context("the proof's hashes are not base64 of 32 bytes")?;
    ledger::verify_inclusion(&ledger::leaf_hash(raw), index, cp.size, &path, &cp.root)
        .map_err(|e| anyhow!("log entry {index}: its inclusion proof does not verify: {e}"))
}

async fn email(settings: &crate::notify::Settings, to: &str, alert: &Alert) -> Result<()> {
    let subject = "Jirga key monitor: a statement under your key that your client did not send";
    let text = format!(
        "{}\n\nIf you did not make it, your key may be in someone else's hands: tell your party's admin, who \
         can revoke it (jirga revoke).\n",
        alert.line()
    );
    crate::notify::send_email(settings.clone(), to, subject, &text, &alert.entry.id.hex())
        .await
        .context("sending the alert by email")
}

fn load_state(path: &Path) -> Result<State> {
    match std::fs::read(path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes).with_context(|| format!("{} is not a monitor state", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}
