//! kill -9 at random moments under a write load, many times: every statement that got a success
//! answer is in the log afterwards, the tree is consistent with every checkpoint ever served, and
//! a rebuild equals the live projection. Every other round holds the projection back
//! (JIRGA_HOLD_PROJECTION_MS), so that the kill finds it behind the log; the next start catches
//! up. `JIRGA_CRASH_ROUNDS` runs more rounds (default 25).

use crate::common::{actor, no_fork, report_body, scenario, signed_now, spawn_listening};
use jirga::server::{seed_demo, Config};
use ledger::note::Verifier;
use model::statement::Kind;
use model::Statement;
use rand::Rng;
use serde_json::Value;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn start(data: &std::path::Path, hold_projection_ms: u64) -> (Child, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_jirga"));
    // A killed writer's lease runs out quickly: the next start writes soon after.
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--lease-ms", "300", "--data"])
        .arg(data)
        .env("JIRGA_HOLD_PROJECTION_MS", hold_projection_ms.to_string());
    spawn_listening(&mut cmd, &data.join("server.log"))
}

fn report(deployment: &str, handle: &str, title: &str) -> Statement {
    signed_now(deployment, &actor(handle), Kind::IncidentReport, vec![], &report_body(title))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_under_load_loses_nothing_acknowledged_and_never_forks() {
    let rounds: usize = std::env::var("JIRGA_CRASH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(25);
    let dir = tempfile::tempdir().unwrap();
    let config = Config { data: dir.path().to_path_buf(), database: None, evidence: None };
    seed_demo(&config, &scenario()).await.unwrap();
    let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let checkpoints: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut log_key = String::new();
    let mut deployment = String::new();
    let mut rng = rand::thread_rng();
    let mut behind_at_kill = 0;
    for round in 0..rounds {
        let (mut child, url) = start(dir.path(), if round % 2 == 1 { 200 } else { 0 });
        if round == 0 {
            let d: Value = http.get(format!("{url}/v1/deployment")).send().await.unwrap().json().await.unwrap();
            log_key = d["log_key"].as_str().unwrap().to_string();
            deployment = d["id"].as_str().unwrap().to_string();
        }
        // Four writers and a checkpoint reader, until the kill.
        let mut tasks = Vec::new();
        for w in 0..4 {
            let (http, url, acked, deployment) = (http.clone(), url.clone(), acknowledged.clone(), deployment.clone());
            tasks.push(tokio::spawn(async move {
                for i in 0.. {
                    let st = report(&deployment, "pk-reporter-khyber", &format!("round {round} writer {w} #{i}"));
                    match http.post(format!("{url}/v1/statements")).json(&st.submission()).send().await {
                        Ok(r) if r.status() == 201 => acked.lock().unwrap().push(st.id.hex()),
                        Ok(r) if r.status() == 429 => tokio::time::sleep(Duration::from_millis(20)).await,
                        // Standing by until the killed writer's lease runs out: not taken.
                        Ok(r) if r.status() == 503 => tokio::time::sleep(Duration::from_millis(50)).await,
                        Ok(r) => panic!("unexpected answer {}", r.status()),
                        Err(_) => return,
                    }
                }
            }));
        }
        let (http2, url2, seen) = (http.clone(), url.clone(), checkpoints.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                match http2.get(format!("{url2}/checkpoint")).send().await {
                    Ok(r) if r.status() == 200 => match r.text().await {
                        Ok(text) => seen.lock().unwrap().push(text),
                        Err(_) => return,
                    },
                    _ => return,
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }));
        tokio::time::sleep(Duration::from_millis(rng.gen_range(30..300))).await;
        child.kill().expect("kill -9");
        child.wait().unwrap();
        for t in tasks {
            t.await.unwrap();
        }
        let (size, projected) = log_and_projection(&config).await;
        assert!(projected <= size, "the projection is never ahead of the log ({projected} > {size})");
        if projected < size {
            behind_at_kill += 1;
        }
    }
    eprintln!("the projection was behind the log at {behind_at_kill} of {rounds} kills");
    assert!(behind_at_kill >= rounds / 4, "the kills found the projection behind ({behind_at_kill} of {rounds})");

    let (mut child, url) = start(dir.path(), 0);
    let log = Verifier::parse(&log_key).unwrap();
    let acked = acknowledged.lock().unwrap().clone();
    eprintln!(
        "{} statements acknowledged across {rounds} kills; {} checkpoints seen",
        acked.len(),
        checkpoints.lock().unwrap().len()
    );
    assert!(acked.len() > rounds, "the load got through between kills ({} acknowledged)", acked.len());
    for id in &acked {
        let r = http.get(format!("{url}/v1/statements/{id}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "acknowledged statement {id} is in the log");
    }
    // Every checkpoint ever served is a prefix of the final tree.
    let served = checkpoints.lock().unwrap().clone();
    assert!(!served.is_empty());
    no_fork(&http, &url, &log, &served).await;
    // A read of the projection waits for it to catch up with the log.
    let r = http.get(format!("{url}/v1/incidents?limit=1")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    child.kill().unwrap();
    child.wait().unwrap();
    let (size, projected) = log_and_projection(&config).await;
    assert_eq!(projected, size, "after a start the projection caught up with the log");
    let out = Command::new(env!("CARGO_BIN_EXE_jirga")).args(["rebuild", "--data"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "rebuild equals the live projection: {}", String::from_utf8_lossy(&out.stdout));
}

/// The log's size and the projection's watermark, as a killed server left them.
async fn log_and_projection(config: &Config) -> (u64, u64) {
    let store = jirga::store::Store::connect(&config.database_url()).await.unwrap();
    let sizes = (store.log_size().await.unwrap(), store.projected_size().await.unwrap());
    store.close().await;
    sizes
}
