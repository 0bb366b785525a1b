//! Starting real servers for tests, and acting as the scenario's demo members.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use futures_util::StreamExt;
use jirga::api;
use jirga::clock::{Clock, ManualClock};
use jirga::scenario::{demo_key, Scenario};
use jirga::server::{self, Config};
use jirga::state::AppState;
use model::statement::{Header, Kind, Visibility};
use model::{SecretKey, Statement, StatementId};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

pub fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/durand-line")
}

pub fn scenario() -> Scenario {
    Scenario::load(&scenario_dir()).expect("the durand-line scenario loads")
}

#[derive(Clone, Copy, Debug)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A fresh, empty PostgreSQL database on the server scripts/test.sh started.
pub async fn postgres_database() -> String {
    let admin = std::env::var("JIRGA_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "JIRGA_TEST_POSTGRES is not set: these tests need a real PostgreSQL. Run scripts/test.sh, which \
             installs (apt-get install postgresql) and starts one, or set JIRGA_TEST_POSTGRES=postgres://user@host:port/db"
        )
    });
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("connect to the test PostgreSQL");
    let name = format!("jirga_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create a test database");
    let base = admin.rsplit_once('/').expect("a database URL has a path").0;
    format!("{base}/{name}")
}

/// The S3-compatible server scripts/test.sh started (moto), for the AWS_* variables object_store reads.
pub fn s3_endpoint() -> String {
    let endpoint = std::env::var("JIRGA_TEST_S3").unwrap_or_else(|_| {
        panic!(
            "JIRGA_TEST_S3 is not set: these tests need a real S3-compatible server. Run scripts/test.sh, which \
             installs (pip install 'moto[server]') and starts one, or set JIRGA_TEST_S3=http://host:port \
             and AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION"
        )
    });
    // The server under test reads its endpoint where any S3 client would. Every test sets the same value.
    std::env::set_var("AWS_ENDPOINT_URL", &endpoint);
    endpoint
}

/// A fresh, empty bucket on the test S3 server; returns its s3:// location.
pub async fn s3_bucket() -> String {
    let endpoint = s3_endpoint();
    let bucket = format!("jirga-test-{}", uuid::Uuid::new_v4().simple());
    // CreateBucket is a plain PUT; the test server accepts it unsigned (object_store makes no buckets).
    let resp =
        reqwest::Client::new().put(format!("{endpoint}/{bucket}")).send().await.expect("reach the test S3 server");
    assert!(resp.status().is_success(), "create bucket {bucket}: {}", resp.status());
    format!("s3://{bucket}")
}

pub struct TestServer {
    pub url: String,
    pub state: AppState,
    pub clock: ManualClock,
    pub config: Config,
    pub dir: Arc<tempfile::TempDir>,
    /// The witnesses it asks, as NAME=URL (the witnessed demo's).
    pub witnesses: Vec<String>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    /// A server holding the demo scenario, on 127.0.0.1:0, with a clock the test controls.
    pub async fn demo(db: Db) -> TestServer {
        TestServer::demo_with_evidence(db, None).await
    }

    /// The demo keeping its evidence at `evidence` (s3://bucket or a folder; None: the data folder's).
    pub async fn demo_with_evidence(db: Db, evidence: Option<String>) -> TestServer {
        TestServer::demo_with(db, evidence, None).await
    }

    /// The demo whose log signs with `log_key` instead of a fresh random key.
    pub async fn demo_with_log_key(db: Db, log_key: &ledger::note::Signer) -> TestServer {
        TestServer::demo_with(db, None, Some(log_key)).await
    }

    async fn demo_with(db: Db, evidence: Option<String>, log_key: Option<&ledger::note::Signer>) -> TestServer {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        let database = match db {
            Db::Sqlite => None,
            Db::Postgres => Some(postgres_database().await),
        };
        let config = Config { data: dir.path().to_path_buf(), database, evidence };
        if let Some(key) = log_key {
            // The server takes the key it finds in its data folder.
            std::fs::write(config.log_key_path(), format!("{}\n", key.to_skey())).expect("write the log key");
        }
        server::seed_demo(&config, &scenario()).await.expect("seed the demo");
        TestServer::open(config, dir).await
    }

    /// The demo with its three witnesses (Pakistan, Afghanistan, the mediators), once the latest
    /// checkpoint meets the witness policy.
    pub async fn witnessed_demo() -> TestServer {
        let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
        let config = Config { data: dir.path().join("log"), database: None, evidence: None };
        let mut scenario = scenario();
        let log = server::log_signer(&config, Some(&scenario.deployment.origin)).unwrap().verifier();
        let (policy, urls) = jirga::witness::start_demo_witnesses(&dir.path().join("witnesses"), &log).await.unwrap();
        scenario.deployment.witness_policy = policy;
        server::seed_demo(&config, &scenario).await.expect("seed the demo");
        let clock = ManualClock::new(chrono::Utc::now().timestamp_millis());
        let state = server::open_with_witnesses(&config, Arc::new(clock.clone()), &urls).await.expect("open");
        let mut server = TestServer::serve(state, clock, config, dir).await;
        server.witnesses = urls.iter().map(|(name, url)| format!("{name}={url}")).collect();
        for _ in 0..200 {
            let done = {
                let s = server.state.seq.state.read().unwrap();
                s.witnessed_size == s.published_size()
            };
            if done {
                return server;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the demo's witnesses did not cosign in 10 s");
    }

    /// Opens (again) a server on an existing data folder.
    pub async fn open(config: Config, dir: Arc<tempfile::TempDir>) -> TestServer {
        TestServer::open_with(config, dir, Some(jirga::api::limits::RateLimit::default())).await
    }

    pub async fn open_with(
        config: Config,
        dir: Arc<tempfile::TempDir>,
        rate: Option<jirga::api::limits::RateLimit>,
    ) -> TestServer {
        let clock = ManualClock::new(chrono::Utc::now().timestamp_millis());
        let mut state = server::open(&config, Arc::new(clock.clone())).await.expect("open the server");
        state.rate_limit = rate;
        TestServer::serve(state, clock, config, dir).await
    }

    /// The demo sending hotline notices as `notifier` says.
    pub async fn demo_notifying(notifier: jirga::notify::Notifier) -> TestServer {
        let plain = TestServer::demo(Db::Sqlite).await;
        let (config, dir) = plain.stop().await;
        let clock = ManualClock::new(chrono::Utc::now().timestamp_millis());
        let mut state = server::open(&config, Arc::new(clock.clone())).await.expect("open the server");
        server::start_notifier(&mut state, notifier).await.expect("start the notifier");
        TestServer::serve(state, clock, config, dir).await
    }

    async fn serve(state: AppState, clock: ManualClock, config: Config, dir: Arc<tempfile::TempDir>) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = oneshot::channel::<()>();
        let serving = state.clone();
        let task = tokio::spawn(async move {
            server::serve(listener, serving, async {
                let _ = rx.await;
            })
            .await
            .expect("serve");
        });
        TestServer { url, state, clock, config, dir, witnesses: vec![], shutdown: Some(tx), task: Some(task) }
    }

    pub async fn stop(mut self) -> (Config, Arc<tempfile::TempDir>) {
        let _ = self.shutdown.take().unwrap().send(());
        self.task.take().unwrap().await.unwrap();
        (self.config.clone(), self.dir.clone())
    }

    pub fn log_size(&self) -> u64 {
        self.state.seq.state.read().unwrap().published_size()
    }

    pub fn deployment_id(&self) -> String {
        self.state.seq.state.read().unwrap().deployment.as_ref().unwrap().id.hex()
    }

    pub fn http() -> reqwest::Client {
        reqwest::Client::new()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut req = Self::http().get(format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("GET")
    }

    pub async fn get_json(&self, path: &str, token: Option<&str>) -> Value {
        let resp = self.get(path, token).await;
        assert!(resp.status().is_success(), "GET {path}: {}", resp.status());
        resp.json().await.unwrap()
    }

    pub async fn post_raw(&self, body: Vec<u8>) -> reqwest::Response {
        Self::http()
            .post(format!("{}/v1/statements", self.url))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("POST")
    }

    pub async fn submit(&self, st: &Statement) -> reqwest::Response {
        self.post_raw(serde_json::to_vec(&st.submission()).unwrap()).await
    }

    /// Submits and expects success; returns the receipt.
    pub async fn submit_ok(&self, st: &Statement) -> Value {
        let resp = self.submit(st).await;
        let status = resp.status();
        let body: Value = resp.json().await.unwrap();
        assert!(status.is_success(), "submit: {status} {body}");
        body
    }

    /// Signs in as a demo member; returns the bearer token.
    pub async fn login(&self, handle: &str) -> String {
        login(&self.url, handle).await
    }
}

/// Signs in as a demo member at the server at `url`; returns the bearer token.
pub async fn login(url: &str, handle: &str) -> String {
    try_login(url, handle).await.expect("a token")
}

/// Signs in, or None if the server does not answer as it should (it may be down).
pub async fn try_login(url: &str, handle: &str) -> Option<String> {
    let key = demo_key(handle);
    let post = |path: &str, body: Value| {
        let req = TestServer::http().post(format!("{url}{path}")).json(&body);
        async move { req.send().await.ok()?.json::<Value>().await.ok() }
    };
    let c = post("/v1/auth/challenge", json!({"key": key.public()})).await?;
    let msg = api::auth::login_message(c["deployment"].as_str()?, c["challenge"].as_str()?);
    let signature = B64.encode(key.sign(&msg));
    let t = post("/v1/auth/token", json!({"key": key.public(), "challenge": c["challenge"], "signature": signature}))
        .await?;
    t["token"].as_str().map(String::from)
}

/// A demo member who signs statements.
pub struct Actor {
    pub key: SecretKey,
    pub party: String,
}

pub fn actor(handle: &str) -> Actor {
    // Read once: the load tests sign a thousand statements a second.
    static SCENARIO: std::sync::OnceLock<Scenario> = std::sync::OnceLock::new();
    let m = SCENARIO.get_or_init(scenario).member(handle).expect("a demo member");
    Actor { key: demo_key(handle), party: m.party.clone() }
}

impl Actor {
    pub fn sign(
        &self,
        server: &TestServer,
        kind: Kind,
        refs: Vec<StatementId>,
        visibility: Visibility,
        body: Value,
    ) -> Statement {
        self.sign_for(&server.deployment_id(), server.clock.now_ms(), kind, refs, visibility, &body)
    }

    /// The same for a server this test runs as a process: the deployment by id, the time given.
    pub fn sign_for(
        &self,
        deployment: &str,
        time: i64,
        kind: Kind,
        refs: Vec<StatementId>,
        visibility: Visibility,
        body: &Value,
    ) -> Statement {
        let header = Header {
            v: 1,
            kind,
            deployment: deployment.into(),
            author: self.key.public(),
            party: self.party.clone(),
            time,
            refs,
            visibility,
            body_sha256: String::new(),
            body_len: 0,
        };
        Statement::sign(header, body, &[&self.key]).unwrap()
    }
}

/// Signs a joint statement of a demo member for a server this test runs as a process, now.
pub fn signed_now(deployment: &str, actor: &Actor, kind: Kind, refs: Vec<StatementId>, body: &Value) -> Statement {
    actor.sign_for(deployment, chrono::Utc::now().timestamp_millis(), kind, refs, Visibility::Joint, body)
}

/// Starts a jirga process that prints its address on its first line (`jirga serve`, `witness`,
/// `mirror`), its standard error kept in `log`; returns it with that address.
pub fn spawn_listening(cmd: &mut std::process::Command, log: &std::path::Path) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = cmd
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .expect("start jirga");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    // Its own address is the last on the line (a mirror names its upstream first).
    let url = line.split_whitespace().rfind(|w| w.starts_with("http://")).map(String::from);
    let url =
        url.unwrap_or_else(|| panic!("no address in {line:?}; it said: {}", std::fs::read_to_string(log).unwrap()));
    (child, url.trim_end_matches(';').to_string())
}

/// A valid report body at Torkham, in the khyber-torkham sector.
pub fn report_body(title: &str) -> Value {
    json!({
        "occurred": {"start": "2025-11-01T10:00:00Z", "precision": "hour"},
        "location": {"lat": 34.11, "lon": 71.09, "precision_m": 1000, "sector": "khyber-torkham", "place": "Torkham"},
        "category": "cross_border_fire",
        "accused": "AF",
        "casualties": {"killed": {"military": {"best": 1, "low": 1, "high": 2}}},
        "title": {"text": title, "lang": "en"},
        "narrative": {"text": "Small-arms fire from across the line at the customs terminal.", "lang": "en"}
    })
}

/// Stops a server, copies its database and log key aside (to play a rolled-back operator later),
/// and opens it again. Returns the reopened server and the copy.
pub async fn with_snapshot(server: TestServer) -> (TestServer, tempfile::TempDir) {
    let (config, dir) = server.stop().await;
    let snapshot = tempfile::tempdir().unwrap();
    for f in ["jirga.db", "jirga.db-wal", "log.key"] {
        let from = config.data.join(f);
        // The write-ahead log is gone when the server folded it back on closing.
        if from.exists() || f != "jirga.db-wal" {
            std::fs::copy(from, snapshot.path().join(f)).unwrap();
        }
    }
    (TestServer::open(config, dir).await, snapshot)
}

/// Files `n` joint reports by a demo reporter, each titled `{prefix} {i}`.
pub async fn file_reports(server: &TestServer, handle: &str, prefix: &str, n: usize) {
    for i in 0..n {
        let st = actor(handle).sign(
            server,
            Kind::IncidentReport,
            vec![],
            Visibility::Joint,
            report_body(&format!("{prefix} {i}")),
        );
        server.submit_ok(&st).await;
    }
}

/// An inclusion proof as the API serves it: checks it against `root` at `size`; returns the entry.
pub fn check_proof_json(p: &Value, size: u64, root: &ledger::Hash) -> Vec<u8> {
    let entry = B64.decode(p["entry"].as_str().unwrap()).unwrap();
    let proof: Vec<ledger::Hash> = p["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| B64.decode(h.as_str().unwrap()).unwrap().try_into().unwrap())
        .collect();
    let index = p["index"].as_u64().unwrap();
    ledger::verify_inclusion(&ledger::leaf_hash(&entry), index, size, &proof, root)
        .expect("the inclusion proof verifies");
    assert!(ledger::verify_inclusion(&ledger::leaf_hash(&entry), index ^ 1, size, &proof, root).is_err());
    entry
}

/// The server's latest checkpoint, opened with the log key its deployment names.
pub async fn verified_checkpoint(server: &TestServer) -> ledger::checkpoint::Checkpoint {
    let dep = server.get_json("/v1/deployment", None).await;
    let verifier = ledger::note::Verifier::parse(dep["log_key"].as_str().unwrap()).unwrap();
    let note = server.get("/checkpoint", None).await.text().await.unwrap();
    ledger::checkpoint::Checkpoint::open(&note, &verifier).expect("the checkpoint verifies with the log key").0
}

/// An open SSE connection, read event by event.
pub struct Feed {
    lines: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: String,
}

impl Feed {
    pub async fn open(server: &TestServer, token: &str, last_event_id: Option<&str>) -> Feed {
        Feed::connect(&server.url, token, last_event_id).await.expect("the hotline feed opens")
    }

    /// The feed of the server at `url`; None if it does not open (the server is down).
    pub async fn connect(url: &str, token: &str, last_event_id: Option<&str>) -> Option<Feed> {
        let mut req = TestServer::http().get(format!("{url}/v1/hotline/feed")).bearer_auth(token);
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        let resp = req.send().await.ok().filter(|r| r.status() == 200)?;
        assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
        Some(Feed { lines: Box::pin(resp.bytes_stream()), buffer: String::new() })
    }

    /// The next event's (id, type, data), skipping keep-alive comments; None after `wait`.
    /// None as well when the connection breaks.
    pub async fn next(&mut self, wait: Duration) -> Option<(String, String, Value)> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let field =
                    |name: &str| block.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim_start().to_string());
                if let (Some(id), Some(event), Some(data)) = (field("id:"), field("event:"), field("data:")) {
                    return Some((id, event, serde_json::from_str(&data).unwrap()));
                }
                continue;
            }
            match tokio::time::timeout_at(deadline, self.lines.next()).await {
                Ok(Some(Ok(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return None,
            }
        }
    }
}

/// Checks every checkpoint in `served` against the log the server at `url` holds now: each is
/// signed by the log and is the root of the final tree's prefix of its size, so no two of them
/// fork. Returns the final checkpoint.
pub async fn no_fork(
    http: &reqwest::Client,
    url: &str,
    log: &ledger::note::Verifier,
    served: &[String],
) -> ledger::checkpoint::Checkpoint {
    use ledger::checkpoint::Checkpoint;
    let note = http.get(format!("{url}/checkpoint")).send().await.unwrap().text().await.unwrap();
    let (last, _) = Checkpoint::open(&note, log).unwrap();
    let mut leaves = Vec::new();
    for n in 0..last.size.div_ceil(256) {
        let width = (last.size - n * 256).min(256) as u16;
        let path = ledger::tiles::entries_path(n, width);
        let bytes = http.get(format!("{url}/{path}")).send().await.unwrap().bytes().await.unwrap();
        leaves.extend(ledger::tiles::decode_entry_bundle(&bytes).unwrap().iter().map(|e| ledger::leaf_hash(e)));
    }
    assert_eq!(ledger::root_from_leaves(&leaves), last.root);
    let mut seen: Vec<Checkpoint> = std::collections::BTreeSet::<&String>::from_iter(served)
        .into_iter()
        .map(|note| Checkpoint::open(note, log).expect("every served checkpoint was signed by the log").0)
        .collect();
    seen.sort_by_key(|cp| cp.size);
    // One tree grown leaf by leaf, its root compared at each size served.
    let mut tree = ledger::Tree::new();
    for cp in seen {
        assert!(cp.size <= last.size);
        while tree.size() < cp.size {
            tree.push(leaves[tree.size() as usize]);
        }
        assert_eq!(tree.root(), cp.root, "no fork at size {}", cp.size);
    }
    last
}
