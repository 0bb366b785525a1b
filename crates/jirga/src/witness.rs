//! `jirga witness`: a C2SP tlog-witness that each party and mediator runs on its own machine. It
//! cosigns a checkpoint only if it extends the last one it cosigned for that log, and it records
//! the new checkpoint durably, under one lock with the check, before it answers.

use anyhow::{Context, Result};
use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ledger::cosignature::Cosigner;
use ledger::note::Verifier;
use ledger::witness::{self, AddCheckpoint, Cosigned, Refusal};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Mutex;

const MAX_REQUEST_BYTES: usize = 64 * 1024;

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Record {
    size: u64,
    root: String,
    /// The checkpoint as cosigned, kept as evidence.
    checkpoint: String,
}

pub struct Witness {
    cosigner: Cosigner,
    logs: Vec<Verifier>,
    state_path: PathBuf,
    state: Mutex<BTreeMap<String, Record>>,
}

impl Witness {
    /// Opens a witness's folder: its key (created on first use) and what it has cosigned.
    pub fn open(dir: &Path, name: &str, logs: Vec<Verifier>) -> Result<Witness> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let key_path = dir.join("witness.key");
        let cosigner = if key_path.exists() {
            let text = std::fs::read_to_string(&key_path)?;
            Cosigner::parse(text.trim()).map_err(|e| anyhow::anyhow!("{}: {e}", key_path.display()))?
        } else {
            let c = Cosigner::generate(name).map_err(|e| anyhow::anyhow!("witness name {name:?}: {e}"))?;
            crate::server::write_secret(&key_path, &format!("{}\n", c.to_skey()))?;
            c
        };
        let state_path = dir.join("witnessed.json");
        let state = if state_path.exists() {
            serde_json::from_str(&std::fs::read_to_string(&state_path)?)
                .with_context(|| format!("{} is damaged", state_path.display()))?
        } else {
            BTreeMap::new()
        };
        Ok(Witness { cosigner, logs, state_path, state: Mutex::new(state) })
    }

    /// The witness's public key, for the deployment's witness policy.
    pub fn vkey(&self) -> String {
        self.cosigner.verifier().to_vkey()
    }

    /// Handles one add-checkpoint body; returns the cosignature lines.
    pub async fn add_checkpoint(&self, body: &str, now_secs: u64) -> Result<String, Refusal> {
        let req = AddCheckpoint::parse(body)?;
        let mut state = self.state.lock().await;
        let origin = req.checkpoint.split('\n').next().unwrap_or_default().to_string();
        let recorded = state.get(&origin).map(|r| Cosigned {
            size: r.size,
            root: B64.decode(&r.root).ok().and_then(|b| b.try_into().ok()).unwrap_or([0; 32]),
        });
        let checkpoint = match witness::check(&req, &self.logs, recorded) {
            Ok(c) => c,
            Err(refusal) => {
                if matches!(refusal, Refusal::Fork(_) | Refusal::BadProof) {
                    // Evidence of a misbehaving log: keep it in the witness's own log output.
                    tracing::warn!(origin = %origin, refusal = %refusal, checkpoint = %req.checkpoint, "refused an inconsistent checkpoint");
                }
                return Err(refusal);
            }
        };
        let mut next = state.clone();
        next.insert(
            origin,
            Record { size: checkpoint.size, root: B64.encode(checkpoint.root), checkpoint: req.checkpoint.clone() },
        );
        persist(&self.state_path, &next).map_err(|e| {
            tracing::error!(error = %format!("{e:#}"), "cannot record the cosigned checkpoint");
            Refusal::BadRequest("the witness cannot record state right now".into())
        })?;
        *state = next;
        let sig = self
            .cosigner
            .cosign(&checkpoint.to_text(), now_secs)
            .map_err(|e| Refusal::BadRequest(format!("cannot cosign: {e}")))?;
        Ok(format!("{}\n", sig.to_line()))
    }

    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/add-checkpoint", post(add_checkpoint))
            .route("/latest", get(latest))
            .route("/", get(|State(w): State<Arc<Witness>>| async move { format!("{}\n", w.vkey()) }))
            .with_state(self)
    }
}

/// Writes the whole state to a new file, syncs it, and renames it over the old one, so a crash
/// leaves either the old state or the new one, never half of either.
fn persist(path: &Path, state: &BTreeMap<String, Record>) -> Result<()> {
    let tmp = path.with_extension("json.tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(&serde_json::to_vec_pretty(state)?)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

async fn add_checkpoint(State(w): State<Arc<Witness>>, body: HttpBody) -> Response {
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REQUEST_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "request too large\n").into_response();
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return (StatusCode::BAD_REQUEST, "the request is not UTF-8\n").into_response();
    };
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    match w.add_checkpoint(text, now).await {
        Ok(lines) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], lines).into_response(),
        Err(Refusal::SizeConflict(size)) => {
            (StatusCode::CONFLICT, [(header::CONTENT_TYPE, "text/x.tlog.size")], format!("{size}\n")).into_response()
        }
        Err(r) => {
            (StatusCode::from_u16(r.status()).unwrap_or(StatusCode::BAD_REQUEST), format!("{r}\n")).into_response()
        }
    }
}

#[derive(Deserialize)]
struct LatestQuery {
    origin: String,
}

/// The latest checkpoint this witness cosigned for a log (as the log signed it), so that whoever
/// restores the log from a backup can check it is not older than what the witness has seen.
async fn latest(State(w): State<Arc<Witness>>, axum::extract::Query(q): axum::extract::Query<LatestQuery>) -> Response {
    match w.state.lock().await.get(&q.origin) {
        Some(r) => ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], r.checkpoint.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, "this witness has cosigned nothing for that log\n").into_response(),
    }
}

/// Starts a witness on `listener` in this process; returns the task serving it.
pub fn serve(witness: Arc<Witness>, listener: tokio::net::TcpListener) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, witness.router()).await {
            tracing::error!(error = %e, "witness stopped");
        }
    })
}

/// The demo's witnesses — one for each party and one for the mediators — in folders under
/// `dir`, started on loopback ports. Returns the policy (all three must cosign) and their URLs.
pub async fn start_demo_witnesses(
    dir: &Path,
    log: &Verifier,
) -> Result<(model::deployment::WitnessPolicy, crate::witnessing::WitnessUrls)> {
    let mut policy = model::deployment::WitnessPolicy::default();
    let mut urls = crate::witnessing::WitnessUrls::new();
    for (folder, party) in [("pk", "PK"), ("af", "AF"), ("mediators", "TR")] {
        let name = format!("jirga.example/witness/{folder}");
        let witness = Arc::new(Witness::open(&dir.join(folder), &name, vec![log.clone()])?);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        urls.insert(name.clone(), format!("http://{}", listener.local_addr()?));
        policy.witnesses.push(model::deployment::WitnessSpec { name, key: witness.vkey(), party: party.into() });
        serve(witness, listener);
    }
    policy.quorum = policy.witnesses.len() as u32;
    Ok((policy, urls))
}
