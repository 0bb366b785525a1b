//! Opening a data folder, starting the sequencer and serving HTTP from a given listener (tests
//! bind port 0 and read the address back).

use crate::clock::{Clock, ManualClock, SystemClock};
use crate::evidence::EvidenceStore;
use crate::scenario::Scenario;
use crate::sequencer::{LeaseOptions, Sequencer, SubmitError};
use crate::state::AppState;
use crate::store::{redact, Store};
use anyhow::{bail, Context, Result};
use ledger::note::Signer;
use model::deployment::SERVER_PARTY;
use model::{Body, KeyFile, SecretKey, Statement};
use sha2::Digest;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::net::TcpListener;

/// Everything a server needs to start; printed (redacted) at start.
#[derive(Clone, Debug)]
pub struct Config {
    pub data: PathBuf,
    /// sqlite://… or postgres://…; default: SQLite in the data folder.
    pub database: Option<String>,
    /// s3://bucket[/prefix] or a folder; default: the folder `evidence` in the data folder.
    pub evidence: Option<String>,
}

impl Config {
    pub fn database_url(&self) -> String {
        self.database.clone().unwrap_or_else(|| format!("sqlite://{}", self.data.join("jirga.db").display()))
    }
    pub fn log_key_path(&self) -> PathBuf {
        self.data.join("log.key")
    }
    pub fn server_key_path(&self) -> PathBuf {
        self.data.join("server.key")
    }
    pub fn evidence_location(&self) -> String {
        self.evidence.clone().unwrap_or_else(|| self.data.join("evidence").display().to_string())
    }
    pub fn describe(&self) -> String {
        format!(
            "data folder {}, database {}, evidence {}",
            self.data.display(),
            redact(&self.database_url()),
            redact(&self.evidence_location())
        )
    }
}

/// Writes a secret file readable by its owner only.
pub fn write_secret(path: &Path, contents: &str) -> Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut f = options.open(path).with_context(|| format!("creating {}", path.display()))?;
    f.write_all(contents.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

/// Loads the log's signing key, or creates it on first use.
pub fn log_signer(config: &Config, origin: Option<&str>) -> Result<Signer> {
    let path = config.log_key_path();
    if path.exists() {
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        return Signer::parse(text.trim()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    let Some(origin) = origin else {
        bail!("no log key at {}: run `jirga init` or `jirga demo` first", path.display());
    };
    std::fs::create_dir_all(&config.data)?;
    let signer = Signer::generate(origin).map_err(|e| anyhow::anyhow!("log key: {e}"))?;
    write_secret(&path, &format!("{}\n", signer.to_skey()))?;
    Ok(signer)
}

/// Loads the key the server signs its own statements with (custody, escalations), or creates
/// it on first use. It is not the log's key: a checkpoint and a statement never share a signer.
pub fn server_identity(config: &Config) -> Result<SecretKey> {
    let path = config.server_key_path();
    if path.exists() {
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let file: KeyFile = serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))?;
        return file.secret_key().map_err(|e| anyhow::anyhow!("{}: {e}", path.display()));
    }
    std::fs::create_dir_all(&config.data)?;
    let key = SecretKey::generate();
    let file = KeyFile::new("server", SERVER_PARTY, &key);
    write_secret(&path, &serde_json::to_string_pretty(&file)?)?;
    Ok(key)
}

pub async fn open(config: &Config, clock: Arc<dyn Clock>) -> Result<AppState> {
    open_with_witnesses(config, clock, &Default::default()).await
}

/// Opens the server and starts asking the witnesses at `witnesses` (by name) to cosign.
pub async fn open_with_witnesses(
    config: &Config,
    clock: Arc<dyn Clock>,
    witnesses: &crate::witnessing::WitnessUrls,
) -> Result<AppState> {
    open_site(config, clock, witnesses, None).await
}

/// Opens the server as one of several on its database when `lease` is given (it writes the log
/// while it holds the lease, and stands by otherwise); without, it waits to be the writer.
pub async fn open_site(
    config: &Config,
    clock: Arc<dyn Clock>,
    witnesses: &crate::witnessing::WitnessUrls,
    lease: Option<LeaseOptions>,
) -> Result<AppState> {
    std::fs::create_dir_all(&config.data).with_context(|| format!("creating {}", config.data.display()))?;
    let store = Store::connect(&config.database_url()).await?;
    crate::backup::check_served(&store).await?;
    crate::rebuild::ensure_current(&store).await?;
    let signer = log_signer(config, None)?;
    // Keys the servers of this log share, derived from the log's key, each for one use.
    let derive = |label: &str| -> [u8; 32] { sha2::Sha256::digest(format!("{label}\n{}", signer.to_skey())).into() };
    let (peer_key, session_key) = (derive("jirga/peer-forward/v1"), derive("jirga/session/v1"));
    let seq = match lease {
        Some(lease) => Sequencer::join(store.clone(), signer, clock.clone(), lease).await?,
        None => Sequencer::start(store.clone(), signer, clock.clone()).await?,
    };
    let policy = seq.state.read().expect("state lock").deployment.as_ref().map(|d| d.genesis.witness_policy.clone());
    if let Some(policy) = policy {
        crate::witnessing::spawn(store.clone(), seq.clone(), &policy, witnesses)?;
    }
    let hotline = crate::hotline::Hub::start(store.clone(), &seq);
    let mut app = AppState::new(store, seq, clock);
    app.hotline = Some(hotline);
    app.peer_key = Some(Arc::new(peer_key));
    app.sessions = Arc::new(crate::api::auth::Sessions::keyed(session_key));
    learn_sign_outs(app.clone());
    let evidence = EvidenceStore::open(&config.evidence_location(), crate::evidence::DEFAULT_MAX_BYTES)?;
    evidence.check().await.with_context(|| format!("the evidence store {}", redact(&evidence.location)))?;
    app.evidence = Some(evidence);
    if config.server_key_path().exists() {
        app.server_key = Some(Arc::new(server_identity(config)?));
    }
    Ok(app)
}

/// Keeps the sign-outs made on the other servers of this log known here (every few seconds).
fn learn_sign_outs(app: AppState) {
    tokio::spawn(async move {
        // Ends with the server: its sequencer is gone then.
        while app.seq.published.has_changed().is_ok() {
            let now = app.clock.now_ms();
            match app.store.ended_tokens(now).await {
                Ok(ended) => app.sessions.learn_spent(ended, now),
                Err(e) => tracing::debug!(error = %format!("{e:#}"), "reading the sign-outs"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        }
    });
}

/// Starts sending the hotline's notices by email and webhook as `notifier` says.
pub async fn start_notifier(state: &mut AppState, notifier: crate::notify::Notifier) -> Result<()> {
    crate::notify::spawn(state.store.clone(), &state.seq, notifier.clone()).await?;
    state.notifier = Some(notifier);
    Ok(())
}

/// The certificate chain and private key (PEM files) a server speaks TLS with.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    serve_over(listener, state, None, shutdown).await
}

/// Serves HTTP, or HTTPS when `tls` names a certificate and key, until `shutdown` completes.
pub async fn serve_over(
    listener: TcpListener,
    mut state: AppState,
    tls: Option<&TlsFiles>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let store = state.store.clone();
    let seq = state.seq.clone();
    let hotline = state.hotline.clone();
    state.transport.tls = tls.is_some();
    let app = crate::http::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let shutdown = async move {
        shutdown.await;
        if let Some(hub) = hotline {
            hub.close();
        }
    };
    match tls {
        None => axum::serve(listener, app).with_graceful_shutdown(shutdown).await?,
        Some(files) => {
            let config = tls_config(files).await?;
            let handle = axum_server::Handle::new();
            let stopping = handle.clone();
            tokio::spawn(async move {
                shutdown.await;
                stopping.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
            });
            axum_server::from_tcp_rustls(listener.into_std()?, config)?.handle(handle).serve(app).await?;
        }
    }
    seq.resign().await;
    // Closing the pool lets SQLite fold its write-ahead log back into the database file, so a
    // stopped server leaves one file that can be copied as it is.
    store.close().await;
    Ok(())
}

async fn tls_config(files: &TlsFiles) -> Result<axum_server::tls_rustls::RustlsConfig> {
    // One process-wide provider (ring, which the HTTP client uses too); a second call is a no-op.
    let _ = rustls::crypto::ring::default_provider().install_default();
    axum_server::tls_rustls::RustlsConfig::from_pem_file(&files.cert, &files.key).await.with_context(|| {
        format!("reading the TLS certificate {} and key {}", files.cert.display(), files.key.display())
    })
}

async fn submit(seq: &Sequencer, st: Statement) -> Result<()> {
    st.verify_signatures().map_err(|e| anyhow::anyhow!("{e}"))?;
    let body =
        Body::parse(st.header.kind, &st.body_bytes).map_err(|e| anyhow::anyhow!("statement {}: {e}", st.id.short()))?;
    match seq.submit(st, body).await {
        Ok(_) => Ok(()),
        Err(SubmitError::Rejected(r)) => bail!("{r}"),
        Err(e) => bail!("{e}"),
    }
}

/// Creates a demo deployment in an empty data folder: genesis, enrolments and the scenario's
/// statements, each logged at the time the scenario gives it.
pub async fn seed_demo(config: &Config, scenario: &Scenario) -> Result<()> {
    let store = Store::connect(&config.database_url()).await?;
    if store.log_size().await? > 0 {
        return Ok(());
    }
    // Marks the empty projection as of this version, so that opening the demo does not rebuild it.
    crate::rebuild::ensure_current(&store).await?;
    let evidence = EvidenceStore::open(&config.evidence_location(), crate::evidence::DEFAULT_MAX_BYTES)?;
    for (name, bytes) in &scenario.files {
        let sha256 = hex::encode(sha2::Sha256::digest(bytes));
        let chunk: Result<bytes::Bytes, std::convert::Infallible> = Ok(bytes::Bytes::from(bytes.clone()));
        evidence
            .put(&sha256, Some(bytes.len() as u64), futures_util::stream::iter([chunk]))
            .await
            .with_context(|| format!("storing the demo evidence {name}"))?;
    }
    let signer = log_signer(config, Some(&scenario.deployment.origin))?;
    let first_at = scenario.demo.first().map(|d| d.at.timestamp_millis()).unwrap_or_else(|| SystemClock.now_ms());
    let genesis_at = first_at - 3_600_000;
    let clock = ManualClock::new(genesis_at);
    let seq = Sequencer::start(store.clone(), signer.clone(), Arc::new(clock.clone())).await?;
    let server = server_identity(config)?.public();
    let genesis = scenario.demo_genesis_with_server(&signer.verifier().to_vkey(), Some(server), genesis_at)?;
    let deployment = genesis.id;
    submit(&seq, genesis).await.context("genesis")?;
    for st in scenario.demo_enrolments(&deployment, genesis_at + 60_000)? {
        clock.set(genesis_at + 60_000);
        submit(&seq, st).await.context("enrolment")?;
    }
    // The deadlines that passed during the scenario are escalated when they passed, as a live
    // server would have done, and those passed since at the end.
    let key = server_identity(config)?;
    let mut last = genesis_at;
    for (i, (at, st)) in scenario.demo_statements(&deployment)?.into_iter().enumerate() {
        catch_up(&store, &seq, &clock, &key, at).await?;
        clock.set(at);
        submit(&seq, st).await.with_context(|| format!("demo statement {i} ({})", scenario.demo[i].kind))?;
        last = at;
    }
    catch_up(&store, &seq, &clock, &key, SystemClock.now_ms().max(last)).await?;
    // The projection follows the log on a task of its own: let it finish, so that the server
    // that opens the demo is ready, its pages complete, from its first request.
    if !seq.caught_up(std::time::Duration::from_secs(60)).await {
        bail!("the demo's projection did not catch up with its log within a minute");
    }
    // The server that opens the demo next takes the lease at once.
    seq.resign().await;
    Ok(())
}

/// Runs the deadline rounds a live server would have run before `until`: each one round
/// (deadlines::ROUND) after the earliest deadline still pending or window of silence to mark.
async fn catch_up(
    store: &Store,
    seq: &Sequencer,
    clock: &ManualClock,
    key: &model::SecretKey,
    until: i64,
) -> Result<()> {
    let round = crate::deadlines::ROUND.as_millis() as i64;
    loop {
        let pending = store.pending_deadlines(until, 1000).await?;
        let window = store.next_window_mark(until).await?;
        let Some(first) = pending.iter().map(|p| p.due_ms).chain(window).min() else { return Ok(()) };
        let at = (first + round).min(until).max(clock.now_ms());
        clock.set(at);
        // Nothing escalated means nothing more will be: stop rather than go round again.
        if crate::deadlines::escalate_at(store, seq, key, at).await? == 0 {
            return Ok(());
        }
    }
}
