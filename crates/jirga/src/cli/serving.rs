//! The commands that run a server on a data folder: `jirga serve`, `jirga demo`, `jirga init`.

use super::client::load_key;
use crate::clock::SystemClock;
use crate::scenario::{demo_key, Scenario};
use crate::server::{self, Config};
use anyhow::{bail, Context, Result};
use model::statement::{Kind, Visibility};
use model::{KeyFile, SecretKey};
use std::path::PathBuf;
use std::sync::Arc;

/// `jirga serve`'s options, beside the data folder's.
#[derive(clap::Args)]
pub(super) struct ServeArgs {
    #[arg(long, env = "JIRGA_LISTEN", default_value = "127.0.0.1:8080")]
    pub(super) listen: String,
    /// A witness of the deployment's policy: NAME=URL (repeat).
    #[arg(long = "witness")]
    pub(super) witnesses: Vec<String>,
    /// The largest evidence file accepted, in MiB.
    #[arg(long, env = "JIRGA_MAX_EVIDENCE_MIB", default_value_t = crate::evidence::DEFAULT_MAX_BYTES >> 20)]
    pub(super) max_evidence_mib: u64,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "JIRGA_TLS_CERT", requires = "tls_key")]
    pub(super) tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, env = "JIRGA_TLS_KEY", requires = "tls_cert")]
    pub(super) tls_key: Option<PathBuf>,
    /// Notify duty officers of hotline messages and escalations by email and webhook, as this
    /// JSON file sets out (docs/NOTIFY.md); secrets come from the variables or files it names.
    #[arg(long, env = "JIRGA_NOTIFY")]
    pub(super) notify: Option<PathBuf>,
    /// The address members reach this server at, for links in notices.
    #[arg(long, env = "JIRGA_PUBLIC_URL")]
    pub(super) public_url: Option<String>,
    /// Keep the log published as static files (`jirga log export`'s) in this folder or at
    /// s3://bucket[/prefix], for any web server or CDN to serve, as it grows.
    #[arg(long, env = "JIRGA_TILES")]
    pub(super) tiles: Option<String>,
    /// Where the other servers on this database send the statements they take while this
    /// one writes the log (default: the address it listens on, when that is a specific one).
    #[arg(long, env = "JIRGA_ADVERTISE")]
    pub(super) advertise: Option<String>,
    /// How long the sequencer's lease runs without renewal, in milliseconds: a standby takes
    /// over about this long after the writer stops.
    #[arg(long, env = "JIRGA_LEASE_MS", default_value_t = 3000)]
    pub(super) lease_ms: u64,
    /// Statements and uploads taken per second from one client address (ten seconds' worth
    /// at once); raise it for a sector HQ whose officers share one address.
    #[arg(long, env = "JIRGA_WRITES_PER_SECOND", default_value_t = 50.0)]
    pub(super) writes_per_second: f64,
}

impl ServeArgs {
    pub(super) fn options(self) -> Result<Options> {
        let tls = self.tls_cert.zip(self.tls_key).map(|(cert, key)| server::TlsFiles { cert, key });
        let notifier = match self.notify {
            Some(path) => Some(crate::notify::Notifier::new(crate::notify::Settings::load(&path)?, self.public_url)?),
            None => None,
        };
        let per_second = self.writes_per_second;
        Ok(Options {
            listen: self.listen,
            witnesses: self.witnesses,
            max_evidence_mib: self.max_evidence_mib,
            tls,
            notifier,
            tiles: self.tiles,
            advertise: self.advertise,
            lease: std::time::Duration::from_millis(self.lease_ms.max(100)),
            rate: crate::api::limits::RateLimit { per_second, burst: per_second * 10.0 },
        })
    }
}

/// How `jirga serve` serves a data folder: the server with its witnesses and the deadline watcher.
pub struct Options {
    pub listen: String,
    pub witnesses: Vec<String>,
    pub max_evidence_mib: u64,
    pub tls: Option<server::TlsFiles>,
    pub notifier: Option<crate::notify::Notifier>,
    /// Where the log is kept published as static files.
    pub tiles: Option<String>,
    /// Where standbys forward statements to while this server writes.
    pub advertise: Option<String>,
    pub lease: std::time::Duration,
    pub rate: crate::api::limits::RateLimit,
}

pub async fn serve(config: Config, options: Options) -> Result<()> {
    let Options { listen, witnesses, max_evidence_mib, tls, notifier, tiles, advertise, lease, rate } = options;
    tracing::info!("starting: {}, listening on {listen}", config.describe());
    let mut urls = crate::witnessing::WitnessUrls::new();
    for w in witnesses {
        let (name, url) = w.split_once('=').with_context(|| format!("--witness {w:?}: write NAME=URL"))?;
        urls.insert(name.to_string(), url.to_string());
    }
    let listener = tokio::net::TcpListener::bind(&listen).await.with_context(|| format!("listening on {listen}"))?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let address = listener.local_addr()?;
    let url = advertise.or_else(|| (!address.ip().is_unspecified()).then(|| format!("{scheme}://{address}")));
    let lease = crate::sequencer::LeaseOptions { ttl: lease, url, ..Default::default() };
    let mut state = server::open_site(&config, Arc::new(SystemClock), &urls, Some(lease)).await?;
    state.rate_limit = Some(rate);
    crate::deadlines::spawn(state.clone(), crate::deadlines::ROUND);
    if let Some(evidence) = state.evidence.as_mut() {
        evidence.max_bytes = max_evidence_mib.saturating_mul(1 << 20);
    }
    if let Some(notifier) = notifier {
        server::start_notifier(&mut state, notifier).await?;
    }
    if let Some(location) = &tiles {
        crate::static_log::keep_published(state.clone(), location)?;
    }
    println!("Jirga serving on {scheme}://{address}");
    if !state.seq.writes() {
        tracing::info!("another server writes the log: standing by, and taking over when its lease expires");
    }
    server::serve_over(listener, state, tls.as_ref(), shutdown_signal()).await
}

pub async fn init(config: Config, scenario: PathBuf, admins: Vec<String>, signers: Vec<PathBuf>) -> Result<()> {
    let scenario = Scenario::load(&scenario)?;
    let signer = server::log_signer(&config, Some(&scenario.deployment.origin))?;
    let mut genesis = scenario.deployment.clone();
    genesis.log_key = signer.verifier().to_vkey();
    genesis.server_key = Some(server::server_identity(&config)?.public());
    for a in &admins {
        let mut parts = a.splitn(3, ':');
        let (Some(party), Some(name), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            bail!("--admin {a:?}: write PARTY:NAME:PUBLIC_KEY");
        };
        let key = model::PublicKey::parse(key).with_context(|| format!("--admin {a:?}"))?;
        let p = genesis
            .parties
            .iter_mut()
            .find(|p| p.id == party)
            .with_context(|| format!("--admin {a:?}: unknown party"))?;
        p.admins.push(model::deployment::Admin { key, name: name.to_string() });
    }
    let keys: Vec<(KeyFile, SecretKey)> = signers.iter().map(|p| load_key(p)).collect::<Result<_>>()?;
    let header = model::Header {
        v: 1,
        kind: Kind::Genesis,
        deployment: String::new(),
        author: keys[0].1.public(),
        party: keys[0].0.party.clone(),
        time: chrono::Utc::now().timestamp_millis(),
        refs: vec![],
        visibility: Visibility::Public,
        body_sha256: String::new(),
        body_len: 0,
    };
    let secret: Vec<&SecretKey> = keys.iter().map(|k| &k.1).collect();
    let genesis = model::Statement::sign(header, &serde_json::to_value(&genesis)?, &secret)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let state = server::open(&config, Arc::new(SystemClock)).await?;
    let body = model::Body::parse(Kind::Genesis, &genesis.body_bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
    let receipt = state.seq.submit(genesis, body).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    state.seq.resign().await;
    println!("deployment {} created in {}; log key {}", receipt.id, config.data.display(), signer.verifier().to_vkey());
    Ok(())
}

pub async fn demo(data: PathBuf, scenario_dir: PathBuf, listen: String, fresh: bool) -> Result<()> {
    if fresh && data.exists() {
        std::fs::remove_dir_all(&data).with_context(|| format!("removing {}", data.display()))?;
    }
    let mut scenario = Scenario::load(&scenario_dir)?;
    let config = Config { data: data.clone(), database: None, evidence: None };
    std::fs::create_dir_all(data.join("keys"))?;
    // The witnesses of Pakistan, Afghanistan and the mediators, each with its own folder.
    let log = server::log_signer(&config, Some(&scenario.deployment.origin))?.verifier();
    let (policy, witness_urls) = crate::witness::start_demo_witnesses(&data.join("witnesses"), &log).await?;
    scenario.deployment.witness_policy = policy;
    server::seed_demo(&config, &scenario).await?;
    for m in &scenario.members {
        let path = data.join("keys").join(format!("{}.key", m.handle));
        if !path.exists() {
            server::write_secret(
                &path,
                &serde_json::to_string_pretty(&KeyFile::new(&m.handle, &m.party, &demo_key(&m.handle)))?,
            )?;
        }
    }
    let state = server::open_with_witnesses(&config, Arc::new(SystemClock), &witness_urls).await?;
    // UCDP's events in Pakistan as the map's reference layer (a second start adds nothing).
    let ucdp = scenario_dir.join("reference/ucdp_ged_pak.csv");
    if ucdp.exists() {
        let report = super::data::import_file(&state.store, &ucdp, crate::reference::Format::Ucdp, false).await?;
        println!("Reference events: {} from UCDP GED (CC BY 4.0), {} new", report.rows, report.imported);
    }
    crate::deadlines::spawn(state.clone(), crate::deadlines::ROUND);
    let listener = tokio::net::TcpListener::bind(&listen).await.with_context(|| format!("listening on {listen}"))?;
    let url = format!("http://{}", listener.local_addr()?);
    let size = state.seq.state.read().expect("state lock").published_size();
    println!("Jirga demo: {} signed statements in {}", size, data.display());
    println!("  browser:   {url}/");
    println!("  incidents: curl -s {url}/v1/incidents | jq");
    println!("  log:       curl -s {url}/checkpoint     (signed by the log, cosigned by the witnesses)");
    for (name, w) in &witness_urls {
        println!("  witness:   {name} at {w}");
    }
    println!("  verify:    jirga log checkpoint --server {url}");
    println!("  prove:     jirga log prove --server {url} <statement id>");
    println!("  as a member: jirga incidents --server {url} --key {}/keys/pk-admin.key", data.display());
    println!("  verification: jirga incidents --server {url} --status finding_final, then");
    println!("             jirga show --server {url} --key {}/keys/tr-monitor.key <incident id>", data.display());
    println!("  breaches:  jirga commitments --server {url}");
    println!("  demo keys are derived from public handles: for demonstration only");
    server::serve(listener, state, shutdown_signal()).await
}

pub async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

/// Runs `jirga-bench` from the folder this program is in, and exits as it does.
pub fn bench(args: Vec<std::ffi::OsString>) -> Result<()> {
    let exe = std::env::current_exe()?;
    let bench = exe.with_file_name("jirga-bench");
    let status = std::process::Command::new(&bench).args(args).status().with_context(|| {
        format!("running {}: build the benchmarks with `cargo build --release -p jirga-bench`", bench.display())
    })?;
    match status.code() {
        Some(0) => Ok(()),
        _ => std::process::exit(status.code().unwrap_or(1)),
    }
}
