//! `jirga bench …` (this crate's binary, `jirga-bench`): the performance figures of
//! docs/PERFORMANCE.md.
//!
//! Each benchmark builds its own deployment (from the demo scenario, with the demo keys) in a
//! fresh data folder, drives the real code paths (signature check, body parse, sequencer, store,
//! projection, HTTP) and prints its figures, with the ratio to the target where there is one,
//! all measured in the same run on the same machine.

mod append;
mod audit;
mod child;
mod generate;
mod hotline;
mod latency;
mod link;
mod list;
mod notify;
mod pages;
mod reports;
mod upload;
mod wire;
mod witnessing;

pub(crate) use generate::{rfc3339, ReportGen};

use anyhow::{bail, Context, Result};
use jirga::clock::Clock;
use jirga::scenario::Scenario;
use jirga::sequencer::{Sequencer, SubmitError};
use jirga::server::{self, Config};
use jirga::store::Store;
use ledger::note::Signer;
use model::statement::Header;
use model::{Body, SecretKey, Statement};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// append, latency, list (issue 2); audit, witness (issue 3); upload (issue 4); hotline (issue 5);
    /// pages (the web pages); report, import (compliance reports, reference events); notify
    /// (hotline notices by email and webhook); link (the pages in Chromium over a poor link).
    pub which: String,
    /// Database URL (sqlite://PATH or postgres://…); default: SQLite in the bench's data folder.
    /// It must hold no log yet, unless `list` or `pages` reuses a loaded one.
    #[arg(long)]
    pub database: Option<String>,
    /// The scenario whose deployment, members and demo keys the benchmarks use.
    #[arg(long, default_value = "scenarios/durand-line")]
    pub scenario: PathBuf,
    /// append: the signed incident reports to append.
    #[arg(long, default_value_t = 100_000)]
    pub statements: usize,
    /// append, latency: entries put in the log before the measured run (reports about the two
    /// years before, signatures not checked), to see whether the figures hold as the log grows;
    /// append then times a server's start on it.
    #[arg(long, default_value_t = 0)]
    pub preload: u64,
    /// Submissions in flight at once, so the sequencer forms batches. Default: 4,096 for append,
    /// 512 for loading the list benchmark's incidents.
    #[arg(long)]
    pub in_flight: Option<usize>,
    /// append: skip the second run that submits without checking signatures (sequencer and
    /// store alone).
    #[arg(long)]
    pub no_breakdown: bool,
    /// latency: offered load, statements per second (open loop).
    #[arg(long, default_value_t = 1000)]
    pub rate: u32,
    /// latency: seconds measured, after one second of warm-up (for each of in-process and HTTP).
    #[arg(long, default_value_t = 10)]
    pub seconds: u32,
    /// latency: measure in-process only, not over HTTP.
    #[arg(long)]
    pub no_http: bool,
    /// list, pages, report: the incidents to load. Default: 1,000,000 for list, 100,000 for pages and report.
    #[arg(long)]
    pub incidents: Option<usize>,
    /// list, pages, report: the days the loaded incidents occur over, ending now (report: 7 puts
    /// them all in the week reported on).
    #[arg(long, default_value_t = 365)]
    pub span_days: i64,
    /// append: the data folder to grow the log in, kept afterwards.
    /// list, pages: the data folder to load into and keep; a later run with the same folder reuses the
    /// loaded incidents instead of loading them again. Default: a temporary folder, deleted.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// list: timed queries per query kind and viewer.
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    /// pages: timed requests per page, after a warm-up.
    #[arg(long, default_value_t = 200)]
    pub requests: usize,
    /// audit: the entries of the log to audit (loaded once into --data, if given, and reused).
    #[arg(long, default_value_t = 1_000_000)]
    pub entries: usize,
    /// upload: the size of the file, in MiB.
    #[arg(long, default_value_t = 1024)]
    pub size_mib: u64,
    /// hotline: the SSE consoles connected at once.
    #[arg(long, default_value_t = 10_000)]
    pub clients: usize,
    /// hotline: the messages sent, one at a time, each timed to every console; notify: the
    /// messages sent at once.
    #[arg(long, default_value_t = 20)]
    pub messages: usize,
    /// Seed of the generated data and query parameters.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

pub async fn run(args: BenchArgs) -> Result<()> {
    match args.which.as_str() {
        "append" => append::run(&args).await,
        "latency" => latency::run(&args).await,
        "list" => list::run(&args).await,
        "audit" => audit::run(&args).await,
        "witness" => witnessing::run(&args).await,
        "upload" => upload::run(&args).await,
        "hotline" => hotline::run(&args).await,
        "pages" => pages::run(&args).await,
        "report" => reports::report(&args).await,
        "import" => reports::import(&args).await,
        "notify" => notify::run(&args).await,
        "link" => link::run(&args).await,
        other => bail!(
            "no benchmark {other:?}: use append, latency, list, audit, witness, upload, hotline, pages, report, import, notify or link"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// The machine and the printout.

pub(crate) fn machine() -> String {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gib = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    let workers = tokio::runtime::Handle::current().metrics().num_workers();
    format!("{cores} cores ({model}), {mem_gib:.1} GiB memory, tokio runtime with {workers} workers")
}

pub(crate) fn header(title: &str, database: &str) {
    println!();
    println!("== jirga bench {title}");
    println!("machine:  {}", machine());
    println!("database: {database}");
    println!("date:     {}", chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"));
    // Anything else running skews the figures: say so.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load:     {} (1, 5, 15 min averages before the run)",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    println!();
}

/// A plain text table: the first row is the header; numeric-looking cells are right-aligned.
pub(crate) fn table(rows: &[Vec<String>]) {
    if rows.is_empty() {
        return;
    }
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let width: Vec<usize> =
        (0..cols).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = width[c] - cell.chars().count();
            let numeric = c > 0
                && cell.chars().next().is_some_and(|ch| ch.is_ascii_digit())
                && cell.chars().all(|ch| ch.is_ascii_digit() || ",. s%".contains(ch));
            if c > 0 {
                line.push_str("  ");
            }
            if numeric {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
        }
        println!("{}", line.trim_end());
        if i == 0 {
            println!("{}", "-".repeat(width.iter().sum::<usize>() + 2 * (cols.saturating_sub(1))));
        }
    }
}

/// Thousands separated by commas.
pub(crate) fn thousands(n: f64) -> String {
    let s = format!("{:.0}", n);
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}")
}

pub(crate) fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.1}")
    }
}

/// Sorted samples and their percentiles (nearest rank).
pub(crate) struct Samples(Vec<Duration>);

impl Samples {
    pub fn new(mut v: Vec<Duration>) -> Samples {
        v.sort();
        Samples(v)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn pct(&self, p: f64) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.0.len() as f64).ceil() as usize;
        self.0[rank.clamp(1, self.0.len()) - 1]
    }
    pub fn max(&self) -> Duration {
        self.0.last().copied().unwrap_or_default()
    }
    pub fn mean(&self) -> Duration {
        if self.0.is_empty() {
            return Duration::ZERO;
        }
        self.0.iter().sum::<Duration>() / self.0.len() as u32
    }
}

// ---------------------------------------------------------------------------------------------
// A deployment to benchmark against.

pub(crate) fn find_scenario(path: &Path) -> Result<PathBuf> {
    if path.join("deployment.json").exists() {
        return Ok(path.to_path_buf());
    }
    // Run from elsewhere than the repository's root: try the repository this binary was built in.
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path);
    if path.is_relative() && built.join("deployment.json").exists() {
        return Ok(built);
    }
    bail!("no scenario at {}: pass --scenario DIR", path.display())
}

/// The `jirga` program beside this one, which the benchmarks start as a server would be.
pub(crate) fn jirga_exe() -> Result<PathBuf> {
    let exe = std::env::current_exe()?.with_file_name("jirga");
    if !exe.is_file() {
        bail!("{} is missing: build it with `cargo build --release -p jirga`", exe.display());
    }
    Ok(exe)
}

/// A fresh temporary folder, removed when dropped unless kept.
pub(crate) struct TempDir {
    pub path: PathBuf,
    pub keep: bool,
}

impl TempDir {
    pub fn new(which: &str) -> Result<TempDir> {
        let path = std::env::temp_dir().join(format!("jirga-bench-{which}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(TempDir { path, keep: false })
    }

    /// A folder the caller named: created if needed, never removed.
    pub fn keep(path: &Path) -> Result<TempDir> {
        std::fs::create_dir_all(path).with_context(|| format!("creating {}", path.display()))?;
        Ok(TempDir { path: path.to_path_buf(), keep: true })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

pub(crate) struct Fixture {
    pub store: Store,
    pub seq: Sequencer,
    pub clock: Arc<dyn Clock>,
    pub gen: ReportGen,
    pub database: String,
}

/// Opens the store in `data` (or `database`), which must hold no log, and writes the scenario's
/// genesis and enrolments through the sequencer, as `jirga demo` does.
pub(crate) async fn deploy(
    data: &Path,
    database: Option<String>,
    scenario_dir: &Path,
    clock: Arc<dyn Clock>,
    genesis_at: i64,
    seed: u64,
) -> Result<Fixture> {
    deploy_with_policy(data, database, scenario_dir, clock, genesis_at, seed, Default::default()).await
}

/// [`deploy`] with a witness policy in the genesis.
pub(crate) async fn deploy_with_policy(
    data: &Path,
    database: Option<String>,
    scenario_dir: &Path,
    clock: Arc<dyn Clock>,
    genesis_at: i64,
    seed: u64,
    policy: model::deployment::WitnessPolicy,
) -> Result<Fixture> {
    let mut scenario = Scenario::load(&find_scenario(scenario_dir)?)?;
    scenario.deployment.witness_policy = policy;
    let config = Config { data: data.to_path_buf(), database, evidence: None };
    let url = config.database_url();
    let store = Store::connect(&url).await?;
    if store.log_size().await? > 0 {
        bail!("the database {} already holds a log: give the benchmark an empty one", jirga::store::redact(&url));
    }
    let signer: Signer = server::log_signer(&config, Some(&scenario.deployment.origin))?;
    let seq = Sequencer::start(store.clone(), signer.clone(), clock.clone()).await?;
    let genesis = scenario.demo_genesis(&signer.verifier().to_vkey(), genesis_at)?;
    let id = genesis.id;
    submit_checked(&seq, genesis).await.context("genesis")?;
    for st in scenario.demo_enrolments(&id, genesis_at + 1_000)? {
        submit_checked(&seq, st).await.context("enrolment")?;
    }
    let deployment =
        seq.state.read().expect("state lock").deployment.clone().context("no deployment after the genesis")?;
    let gen = ReportGen::new(&scenario, &deployment, seed)?;
    Ok(Fixture { store, seq, clock, gen, database: jirga::store::redact(&url) })
}

/// What the HTTP handler does with a submission, minus the JSON: check the signatures, parse
/// the body, hand it to the sequencer and wait for the durable receipt.
pub(crate) async fn submit_checked(seq: &Sequencer, st: Statement) -> Result<jirga::sequencer::Receipt> {
    let (st, verified) = jirga::verifier::verify(st).await;
    verified.map_err(|e| anyhow::anyhow!("{e}"))?;
    let body = Body::parse(st.header.kind, &st.body_bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
    match seq.submit(st, body).await {
        Ok(r) => Ok(r),
        Err(SubmitError::Rejected(r)) => bail!("rejected: {r}"),
        Err(e) => bail!("{e}"),
    }
}

/// Submits all statements with up to `in_flight` outstanding, each in its own task on the
/// runtime (so signature checks run on every worker while the sequencer forms batches).
/// `verify`: check signatures and parse bodies as the server does; without it the bodies are
/// parsed before the clock starts and only the sequencer and the store are measured.
pub(crate) async fn submit_all(
    seq: &Sequencer,
    statements: Vec<Statement>,
    in_flight: usize,
    verify: bool,
) -> Result<Duration> {
    let jobs: Vec<(Statement, Option<Body>)> = if verify {
        statements.into_iter().map(|s| (s, None)).collect()
    } else {
        statements
            .into_iter()
            .map(|s| {
                let body = Body::parse(s.header.kind, &s.body_bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
                Ok((s, Some(body)))
            })
            .collect::<Result<_>>()?
    };
    let start = Instant::now();
    let mut set: JoinSet<Result<()>> = JoinSet::new();
    let mut first_error: Option<anyhow::Error> = None;
    let mut errors = 0usize;
    let mut note = |r: Result<Result<()>, tokio::task::JoinError>| {
        let e = match r {
            Ok(Ok(())) => return,
            Ok(Err(e)) => e,
            Err(e) => anyhow::anyhow!("task: {e}"),
        };
        errors += 1;
        first_error.get_or_insert(e);
    };
    for (st, body) in jobs {
        while set.len() >= in_flight.max(1) {
            if let Some(r) = set.join_next().await {
                note(r);
            }
        }
        let seq = seq.clone();
        set.spawn(async move {
            match body {
                None => submit_checked(&seq, st).await.map(|_| ()),
                Some(body) => match seq.submit(st, body).await {
                    Ok(_) => Ok(()),
                    Err(e) => bail!("{e}"),
                },
            }
        });
    }
    while let Some(r) = set.join_next().await {
        note(r);
    }
    let elapsed = start.elapsed();
    if let Some(e) = first_error {
        bail!("{errors} submissions failed; the first: {e:#}");
    }
    Ok(elapsed)
}

/// Signs on all cores (what many clients do on their own machines; never timed).
pub(crate) fn sign_parallel(specs: Vec<(usize, Header, Value)>, keys: &[SecretKey]) -> Result<Vec<Statement>> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).max(1);
    let per = specs.len().div_ceil(threads).max(1);
    let mut chunks: Vec<Vec<(usize, Header, Value)>> = Vec::new();
    let mut specs = specs.into_iter().peekable();
    while specs.peek().is_some() {
        chunks.push(specs.by_ref().take(per).collect());
    }
    let results: Vec<Result<Vec<Statement>>> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(k, h, b)| {
                            Statement::sign(h, &b, &[&keys[k]]).map_err(|e| anyhow::anyhow!("signing: {e}"))
                        })
                        .collect::<Result<Vec<_>>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("signing thread")).collect()
    });
    let mut out = Vec::new();
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}
