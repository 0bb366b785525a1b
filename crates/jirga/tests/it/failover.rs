//! Two `jirga serve` processes on one real PostgreSQL, both holding the log's key. Round after
//! round, under a load of statements sent to either (a standby forwards them), the writer is
//! killed with -9 — or, every fifth round, frozen past its lease (SIGSTOP) and let go again, as
//! a writer cut off from the database would be — and the standby takes over; the killed one
//! comes back as the new standby. Afterwards: every acknowledged statement is in the log, every
//! checkpoint either server ever served is a prefix of the final tree (no fork), the audit
//! passes, a hotline console that followed whichever server was up saw every message, and a
//! rebuild equals the live projection. `JIRGA_FAILOVER_ROUNDS` runs more rounds (default 25).

use crate::common::{actor, no_fork, postgres_database, report_body, scenario, signed_now, spawn_listening, Feed};
use jirga::server::{seed_demo, Config};
use model::statement::Kind;
use model::Statement;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const LEASE_MS: u64 = 1500;
const METRICS_TOKEN: &str = "failover-test-metrics-token";

struct Server {
    child: Child,
    url: String,
}

fn start(config: &Config) -> Server {
    static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STARTED.fetch_add(1, Ordering::Relaxed);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jirga"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--lease-ms", &LEASE_MS.to_string()])
        .args(["--writes-per-second", "5000", "--data"])
        .arg(&config.data)
        .arg("--database")
        .arg(config.database.as_ref().unwrap())
        .env("JIRGA_METRICS_TOKEN", METRICS_TOKEN);
    let (child, url) = spawn_listening(&mut cmd, &config.data.join(format!("server-{n}.log")));
    Server { child, url }
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: kill(2) on a child process this test started and has not reaped.
    assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
}

fn statement(deployment: &str, handle: &str, kind: Kind, body: &Value) -> Statement {
    signed_now(deployment, &actor(handle), kind, vec![], body)
}

async fn readiness(http: &reqwest::Client, url: &str) -> Option<Value> {
    http.get(format!("{url}/readyz")).send().await.ok()?.json().await.ok()
}

/// The index (in `urls`) of the server that writes, once one does.
async fn writer_among(http: &reqwest::Client, urls: &[String]) -> usize {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        for (i, url) in urls.iter().enumerate() {
            if readiness(http, url).await.is_some_and(|r| r["role"] == "writer") {
                return i;
            }
        }
        assert!(Instant::now() < deadline, "no server took the lease in 20 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Sends a statement to the servers up until one takes it: true when acknowledged.
async fn deliver(http: &reqwest::Client, urls: &Mutex<Vec<String>>, st: &Statement, stop: &AtomicBool) -> bool {
    let mut attempt = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let choice = {
            let urls = urls.lock().unwrap();
            urls[attempt % urls.len()].clone()
        };
        attempt += 1;
        match http.post(format!("{choice}/v1/statements")).json(&st.submission()).send().await {
            Ok(r) if r.status() == 201 || r.status() == 200 => return true,
            Ok(r) if r.status() == 503 || r.status() == 429 => {
                assert!(r.headers().contains_key("retry-after"), "a 503 says when to try again");
                tokio::time::sleep(Duration::from_millis(30)).await;
            }
            Ok(r) => panic!("unexpected answer {} from {choice}: {}", r.status(), r.text().await.unwrap_or_default()),
            Err(_) => tokio::time::sleep(Duration::from_millis(30)).await,
        }
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standby_takes_over_from_a_killed_writer_without_losing_or_forking_anything() {
    let rounds: usize = std::env::var("JIRGA_FAILOVER_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(25);
    let dir = tempfile::tempdir().unwrap();
    let config = Config { data: dir.path().to_path_buf(), database: Some(postgres_database().await), evidence: None };
    seed_demo(&config, &scenario()).await.unwrap();
    let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let mut servers = vec![start(&config), start(&config)];
    let urls: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::new(servers.iter().map(|s| s.url.clone()).collect()));
    let now_urls = || urls.lock().unwrap().clone();
    let w = writer_among(&http, &now_urls()).await;
    let (writer, standby) = (servers[w].url.clone(), servers[1 - w].url.clone());
    let d: Value = http.get(format!("{writer}/v1/deployment")).send().await.unwrap().json().await.unwrap();
    let (log_key, deployment) = (d["log_key"].as_str().unwrap().to_string(), d["id"].as_str().unwrap().to_string());

    // The standby says so, forwards a statement to the writer, and then shows it.
    let r = http.get(format!("{standby}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let r: Value = r.json().await.unwrap();
    assert_eq!((r["role"].as_str(), r["writer_url"].as_str()), (Some("standby"), Some(writer.as_str())), "{r}");
    let st = statement(&deployment, "pk-reporter-khyber", Kind::IncidentReport, &report_body("Through the standby"));
    let r = http.post(format!("{standby}/v1/statements")).json(&st.submission()).send().await.unwrap();
    assert_eq!(r.status(), 201, "forwarded to the writer");
    let token = crate::common::login(&standby, "pk-liaison").await;
    let r = http.get(format!("{standby}/v1/incidents/{}", st.id.hex())).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 200, "the standby shows what it forwarded");
    let r = http.get(format!("{writer}/v1/incidents/{}", st.id.hex())).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), 200, "signed in on one server of the log is signed in on all");
    // Evidence through the standby: the upload lands in the shared store, the registration is
    // forwarded, and a download's custody is written by the writer before the first byte.
    let file = b"post camera 2, 06:40 local".to_vec();
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&file))
    };
    let reporter = crate::common::login(&standby, "pk-reporter-khyber").await;
    let put = http.put(format!("{standby}/v1/evidence/{sha}")).bearer_auth(&reporter).body(file.clone()).send().await;
    let put = put.unwrap();
    let status = put.status();
    assert!(status.is_success(), "uploaded through the standby: {status} {}", put.text().await.unwrap());
    let body = json!({"sha256": sha, "size": file.len(), "media_type": "text/plain", "name": "camera.txt",
        "source": "Chaman post camera 2"});
    let register = signed_now(&deployment, &actor("pk-reporter-khyber"), Kind::EvidenceRegister, vec![st.id], &body);
    let r = http.post(format!("{standby}/v1/statements")).json(&register.submission()).send().await.unwrap();
    assert_eq!(r.status(), 201, "registered through the standby");
    let size = readiness(&http, &writer).await.unwrap()["log_size"].as_u64().unwrap();
    let got = http.get(format!("{standby}/v1/evidence/{sha}")).bearer_auth(&reporter).send().await.unwrap();
    assert_eq!(got.status(), 200, "a standby serves evidence");
    assert_eq!(got.bytes().await.unwrap().to_vec(), file);
    let after = readiness(&http, &writer).await.unwrap()["log_size"].as_u64().unwrap();
    assert_eq!(after, size + 1, "the download's custody is in the log");

    // The operators' figures: for them only (with a token set, even from this machine).
    assert_eq!(http.get(format!("{writer}/metrics")).send().await.unwrap().status(), 403);
    let metrics = |url: String| {
        let http = http.clone();
        async move {
            let r = http.get(format!("{url}/metrics")).bearer_auth(METRICS_TOKEN).send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.text().await.unwrap()
        }
    };
    let (on_writer, on_standby) = (metrics(writer.clone()).await, metrics(standby.clone()).await);
    assert!(on_writer.contains("\njirga_writer 1\n") && on_standby.contains("\njirga_writer 0\n"), "{on_writer}");
    for gauge in ["jirga_log_size", "jirga_checkpoint_age_seconds", "jirga_projection_lag_entries"] {
        assert!(on_writer.contains(&format!("# TYPE {gauge} gauge")), "{gauge} in {on_writer}");
    }
    assert!(on_writer.contains("jirga_http_request_duration_seconds_bucket{kind=\"write\",le=\"+Inf\"}"));
    let wrong = http.get(format!("{writer}/metrics")).bearer_auth("not-the-token").send().await.unwrap();
    assert_eq!(wrong.status(), 403, "a token is checked when one is set");

    // Afghanistan's console, on whichever server answers, resuming from the last event it saw.
    let heard: Arc<Mutex<HashSet<String>>> = Arc::default();
    let reconnects = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let console = {
        let (urls, heard, reconnects) = (urls.clone(), heard.clone(), reconnects.clone());
        // Until it is stopped, after the last message.
        // From the log's end before the load: every message sent after is to be heard.
        let from = readiness(&http, &writer).await.unwrap()["log_size"].as_i64().unwrap() - 1;
        tokio::spawn(async move {
            let mut last: Option<String> = Some(from.to_string());
            let mut n = 0usize;
            loop {
                let url = {
                    let urls = urls.lock().unwrap();
                    urls[n % urls.len()].clone()
                };
                n += 1;
                // A token from any server of the log would do; signing in again is what a console
                // that starts afresh does.
                let Some(token) = crate::common::try_login(&url, "af-duty-officer").await else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let Some(mut feed) = Feed::connect(&url, &token, last.as_deref()).await else { continue };
                reconnects.fetch_add(1, Ordering::Relaxed);
                while let Some((id, event, data)) = feed.next(Duration::from_secs(3)).await {
                    if event == "message" {
                        heard.lock().unwrap().insert(data["statement"].as_str().unwrap().to_string());
                    }
                    last = Some(id);
                }
            }
        })
    };

    // The load: reports offered at 1,000 a second (each sent on its own, not waiting for the
    // one before), and a hotline message every 100 ms.
    let stop = Arc::new(AtomicBool::new(false));
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let messages: Arc<Mutex<Vec<String>>> = Arc::default();
    let in_flight = Arc::new(tokio::sync::Semaphore::new(512));
    let load_started = Instant::now();
    let mut load = Vec::new();
    for w in 0..2 {
        let (http, urls, stop, deployment) = (http.clone(), urls.clone(), stop.clone(), deployment.clone());
        let acked = if w == 1 { messages.clone() } else { acked.clone() };
        let in_flight = in_flight.clone();
        load.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(if w == 1 { 100 } else { 1 }));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let mut sends = tokio::task::JoinSet::new();
            for i in 0.. {
                tick.tick().await;
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let st = if w == 1 {
                    let body = json!({"type": "cease_fire_request", "to": ["AF"], "sector": "chaman-spin-boldak",
                        "priority": "flash", "text": {"text": format!("Stop firing ({i})"), "lang": "en"}});
                    statement(&deployment, "pk-duty-officer", Kind::HotlineMessage, &body)
                } else {
                    statement(&deployment, "pk-reporter-khyber", Kind::IncidentReport, &report_body(&format!("#{i}")))
                };
                let permit = in_flight.clone().acquire_owned().await.unwrap();
                let (http, urls, stop, acked) = (http.clone(), urls.clone(), stop.clone(), acked.clone());
                sends.spawn(async move {
                    if deliver(&http, &urls, &st, &stop).await {
                        acked.lock().unwrap().push(st.id.hex());
                    }
                    drop(permit);
                });
            }
            while sends.join_next().await.is_some() {}
        }));
    }
    // What every server serves, checkpoint by checkpoint.
    let served: Arc<Mutex<Vec<String>>> = Arc::default();
    {
        let (http, urls, stop, served) = (http.clone(), urls.clone(), stop.clone(), served.clone());
        load.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let now: Vec<String> = urls.lock().unwrap().clone();
                for url in now {
                    if let Ok(r) = http.get(format!("{url}/checkpoint")).send().await {
                        if let Ok(note) = r.text().await {
                            served.lock().unwrap().push(note);
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }));
    }
    let mut takeovers: Vec<Duration> = Vec::new();
    for round in 0..rounds {
        tokio::time::sleep(Duration::from_millis(600)).await;
        let current = now_urls();
        let w = writer_among(&http, &current).await;
        let survivor = current[1 - w].clone();
        let down = Instant::now();
        let frozen = round % 5 == 4;
        if frozen {
            signal(&servers[w].child, libc::SIGSTOP);
        } else {
            servers[w].child.kill().unwrap();
            servers[w].child.wait().unwrap();
        }
        loop {
            if readiness(&http, &survivor).await.is_some_and(|r| r["role"] == "writer") {
                break;
            }
            assert!(down.elapsed() < Duration::from_secs(15), "round {round}: no takeover in 15 s");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        takeovers.push(down.elapsed());
        if frozen {
            // Let go after its lease has run out: it must find itself deposed, not write.
            tokio::time::sleep(Duration::from_millis(LEASE_MS)).await;
            signal(&servers[w].child, libc::SIGCONT);
            let deadline = Instant::now() + Duration::from_secs(10);
            while !readiness(&http, &servers[w].url).await.is_some_and(|r| r["role"] == "standby") {
                assert!(Instant::now() < deadline, "round {round}: the thawed writer did not stand down");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        } else {
            servers[w] = start(&config);
            *urls.lock().unwrap() = servers.iter().map(|s| s.url.clone()).collect();
        }
    }
    stop.store(true, Ordering::Relaxed);
    let load_time = load_started.elapsed();
    for t in load {
        t.await.unwrap();
    }
    let current = now_urls();
    let url = current[writer_among(&http, &current).await].clone();
    let log = ledger::note::Verifier::parse(&log_key).unwrap();
    let served: Vec<String> = served.lock().unwrap().clone();
    let last = no_fork(&http, &url, &log, &served).await;
    let client = jirga::cli::client::Client::new(&url);
    let logged: HashSet<String> = jirga::audit::fetch_entries(&client, 0, last.size)
        .await
        .unwrap()
        .iter()
        .map(|e| model::Entry::parse(e).unwrap().id.hex())
        .collect();
    let (acked, messages) = (acked.lock().unwrap().clone(), messages.lock().unwrap().clone());
    let lost: Vec<&String> = acked.iter().chain(&messages).filter(|id| !logged.contains(*id)).collect();
    assert!(lost.is_empty(), "{} acknowledged statements are not in the log: {lost:?}", lost.len());
    let unique: HashSet<&String> = acked.iter().collect();
    assert_eq!(logged.len() as u64, last.size, "every entry once");
    assert_eq!(unique.len(), acked.len(), "every statement acknowledged once");

    // The console missed no message, across every move (it hears the last ones shortly).
    let waited = Instant::now();
    let missed = || messages.iter().filter(|m| !heard.lock().unwrap().contains(*m)).cloned().collect::<Vec<_>>();
    while !missed().is_empty() && waited.elapsed() < Duration::from_secs(15) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    console.abort();
    eprintln!(
        "{} reports and {} hotline messages acknowledged over {rounds} takeovers; the console heard {} over {} \
         connections",
        acked.len(),
        messages.len(),
        heard.lock().unwrap().len(),
        reconnects.load(Ordering::Relaxed)
    );
    assert!(missed().is_empty(), "messages the console never heard: {:?}", missed());

    let audit = jirga::audit::Options {
        server: url.clone(),
        log_key: Some(log_key.clone()),
        state: None,
        key: None,
        check_bodies: false,
    };
    let summary = jirga::audit::audit(&audit).await.expect("the audit passes");
    assert!(summary.size >= last.size);

    takeovers.sort();
    let p = |q: f64| takeovers[((takeovers.len() as f64 * q).ceil() as usize).clamp(1, takeovers.len()) - 1];
    eprintln!(
        "takeover after the writer stopped (lease {LEASE_MS} ms): median {:?}, p99 {:?}, max {:?}; {:.0} reports/s acknowledged",
        p(0.5),
        p(0.99),
        takeovers.last().unwrap(),
        acked.len() as f64 / load_time.as_secs_f64()
    );
    assert!(p(0.99) <= Duration::from_secs(5), "takeover p99 {:?} is over 5 s", p(0.99));

    // Stopped cleanly, the projection equals a rebuild from the log.
    for s in &mut servers {
        signal(&s.child, libc::SIGINT);
        s.child.wait().unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_jirga"))
        .args(["rebuild", "--data"])
        .arg(dir.path())
        .arg("--database")
        .arg(config.database.as_ref().unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "rebuild equals the live projection: {}", String::from_utf8_lossy(&out.stdout));
}

/// The fence itself, on both databases: a writer whose lease another server has taken (as a
/// takeover does, while this one was cut off) cannot append, even though it holds the log's key
/// and was in the middle of writing; it stands down. (That a witness refuses two checkpoints of
/// one size with different roots, should a fork ever be signed, is
/// witnesses::a_witness_refuses_a_fork_a_rollback_and_a_bad_proof_over_http.)
async fn a_deposed_writer_cannot_append(db: crate::common::Db) {
    use jirga::sequencer::{LeaseOptions, Role, Sequencer, SubmitError};
    let server = crate::common::TestServer::demo(db).await;
    let (config, _dir) = server.stop().await;
    let store = jirga::store::Store::connect(&config.database_url()).await.unwrap();
    let signer = jirga::server::log_signer(&config, None).unwrap();
    let lease = LeaseOptions { holder: "writer-a".into(), ttl: Duration::from_secs(30), url: None };
    let clock = std::sync::Arc::new(jirga::clock::SystemClock);
    let seq = Sequencer::join(store.clone(), signer, clock, lease).await.unwrap();
    assert!(matches!(*seq.role.borrow(), Role::Writer { term: 1.. }));
    let deployment = seq.state.read().unwrap().deployment.as_ref().unwrap().id.hex();
    let send = |title: &str| {
        let st = statement(&deployment, "pk-reporter-khyber", Kind::IncidentReport, &report_body(title));
        let body = model::Body::parse(st.header.kind, &st.body_bytes).unwrap();
        seq.submit(st, body)
    };
    send("Before the takeover").await.expect("the writer appends");
    let size = store.log_size().await.unwrap();
    // Another server takes the lease, as it would once this one's had run out unrenewed.
    let pool = store.pool_for_tests();
    sqlx::query("UPDATE leases SET holder = 'writer-b', term = term + 1, expires_ms = $1")
        .bind(chrono::Utc::now().timestamp_millis() + 60_000)
        .execute(&pool)
        .await
        .unwrap();
    let refused = send("After the takeover").await.expect_err("a deposed writer's commit fails");
    assert!(matches!(refused, SubmitError::Unavailable(_)), "{refused}");
    assert_eq!(store.log_size().await.unwrap(), size, "the log did not grow");
    let mut role = seq.role.clone();
    tokio::time::timeout(Duration::from_secs(10), role.wait_for(|r| matches!(r, Role::Standby { .. })))
        .await
        .expect("it stands down")
        .unwrap();
    let standby = send("To a standby").await.expect_err("a standby does not write");
    assert!(matches!(standby, SubmitError::Standby { .. }), "{standby}");
    assert_eq!(store.log_size().await.unwrap(), size);
}

#[tokio::test]
async fn a_deposed_writer_cannot_append_on_sqlite() {
    a_deposed_writer_cannot_append(crate::common::Db::Sqlite).await;
}

#[tokio::test]
async fn a_deposed_writer_cannot_append_on_postgres() {
    a_deposed_writer_cannot_append(crate::common::Db::Postgres).await;
}
