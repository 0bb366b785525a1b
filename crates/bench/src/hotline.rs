//! `jirga bench hotline`: delivery latency of hotline messages to many connected SSE consoles,
//! from the moment the POST is sent to the moment each console has read the event, and the
//! server's memory per connected console. The server runs as its own process (`jirga serve`),
//! so that its memory is measured apart from the clients'.

use super::{deploy, header, ms, table, thousands, BenchArgs, Samples, TempDir};
use anyhow::{bail, Context, Result};
use futures_util::StreamExt;
use jirga::cli::client::Client;
use jirga::clock::{Clock, SystemClock};
use jirga::scenario::demo_key;
use model::{KeyFile, Kind, Visibility};
use serde_json::json;
use std::io::BufRead;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Target: p99 of delivery to every console within 50 ms.
const TARGET_P99: Duration = Duration::from_millis(50);

/// The resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).context("no VmRSS")?;
    Ok(line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).unwrap_or(0))
}

fn open_files_limit() -> u64 {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let line = limits.lines().find(|l| l.starts_with("Max open files")).unwrap_or_default();
    line.split_whitespace().nth(3).and_then(|v| v.parse().ok()).unwrap_or(1024)
}

/// What every console records: when it read each message (by the message's number).
struct Arrivals {
    at: Vec<Mutex<Vec<Instant>>>,
    connected: AtomicUsize,
}

pub async fn run(args: &BenchArgs) -> Result<()> {
    let clients = args.clients;
    let messages = args.messages;
    if open_files_limit() < clients as u64 + 256 {
        bail!(
            "this process may open {} files; {clients} consoles need more: raise it with `ulimit -n {}`",
            open_files_limit(),
            clients + 1024
        );
    }
    let dir = TempDir::new("hotline")?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let fx = deploy(&dir.path, None, &args.scenario, clock.clone(), clock.now_ms() - 3_600_000, args.seed).await?;
    let database = fx.database.clone();
    fx.store.close().await;
    drop(fx);

    // The server in its own process, on a free loopback port.
    let mut server = std::process::Command::new(super::jirga_exe()?)
        .args(["serve", "--data", &dir.path.display().to_string(), "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .context("starting jirga serve")?;
    let _stop = KillOnDrop(server.id());
    let mut first = String::new();
    std::io::BufReader::new(server.stdout.take().context("server stdout")?).read_line(&mut first)?;
    let url = first.trim().rsplit(' ').next().unwrap_or_default().to_string();
    if !url.starts_with("http://") {
        bail!("the server did not say where it listens: {first:?}");
    }
    header("hotline", &database);
    println!("consoles: {clients} SSE connections on loopback, {messages} messages, one at a time");

    let mut sender = Client::new(&url);
    let pk = demo_key("pk-duty-officer");
    sender.login(&pk).await?;
    // The consoles are Afghan duty officers' and mediators', signed in once each.
    let mut tokens = Vec::new();
    for handle in ["af-duty-officer", "tr-monitor", "qa-monitor"] {
        let mut c = Client::new(&url);
        c.login(&demo_key(handle)).await?;
        tokens.push(c.token().context("no token")?);
    }
    let idle_kib = rss_kib(server.id())?;

    let arrivals = Arc::new(Arrivals {
        at: (0..messages).map(|_| Mutex::new(Vec::new())).collect(),
        connected: AtomicUsize::new(0),
    });
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build()?;
    let connect_start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..clients {
        let (http, url, token, arrivals) =
            (http.clone(), url.clone(), tokens[i % tokens.len()].clone(), arrivals.clone());
        tasks.spawn(async move { console(http, url, token, arrivals).await });
        if i % 500 == 499 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    while arrivals.connected.load(Ordering::Relaxed) < clients {
        if connect_start.elapsed() > Duration::from_secs(120) {
            bail!("only {} of {clients} consoles connected in 120 s", arrivals.connected.load(Ordering::Relaxed));
        }
        if let Some(Ok(Err(e))) = tasks.try_join_next() {
            bail!("a console failed: {e:#}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let connect_time = connect_start.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let connected_kib = rss_kib(server.id())?;

    let key = (KeyFile::new("pk-duty-officer", "PK", &pk), pk);
    let mut latencies = Vec::with_capacity(clients * messages);
    let mut per_message_last = Vec::new();
    for n in 0..messages {
        let body = json!({"type": "cease_fire_request", "to": ["AF"], "sector": "chaman-spin-boldak",
                          "priority": "flash", "text": {"text": format!("Bench message {n}: stop firing"), "lang": "en"}});
        let sent = Instant::now();
        sender.submit(&key, Kind::HotlineMessage, vec![], Visibility::Joint, &body).await?;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let got = arrivals.at[n].lock().expect("arrivals").len();
            if got == clients {
                break;
            }
            if Instant::now() > deadline {
                bail!("message {n} reached {got} of {clients} consoles in 30 s");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let times = arrivals.at[n].lock().expect("arrivals").clone();
        let last = times.iter().max().copied().unwrap_or(sent);
        per_message_last.push(last.duration_since(sent));
        latencies.extend(times.iter().map(|t| t.duration_since(sent)));
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let peak_kib = rss_kib(server.id())?;
    tasks.abort_all();

    let all = Samples::new(latencies);
    let last = Samples::new(per_message_last);
    let per_client = (connected_kib.saturating_sub(idle_kib)) as f64 * 1024.0 / clients as f64;
    table(&[
        vec!["measure".into(), "figure".into()],
        vec!["consoles connected".into(), thousands(clients as f64)],
        vec!["time to connect them all".into(), format!("{:.1} s", connect_time.as_secs_f64())],
        vec!["deliveries measured".into(), thousands(all.len() as f64)],
        vec!["delivery p50, ms (POST sent → event read)".into(), ms(all.pct(50.0))],
        vec!["delivery p99, ms".into(), ms(all.pct(99.0))],
        vec!["delivery max, ms".into(), ms(all.max())],
        vec!["last console reached, ms, median over messages".into(), ms(last.pct(50.0))],
        vec!["server memory, idle".into(), format!("{:.1} MiB", idle_kib as f64 / 1024.0)],
        vec![format!("server memory, {clients} consoles"), format!("{:.1} MiB", connected_kib as f64 / 1024.0)],
        vec!["server memory, after the messages".into(), format!("{:.1} MiB", peak_kib as f64 / 1024.0)],
        vec!["server memory per console".into(), format!("{:.1} KiB", per_client / 1024.0)],
    ]);
    let p99 = all.pct(99.0);
    println!();
    println!(
        "hotline delivery p99 {} ms with {clients} consoles (target ≤ {} ms: {})",
        ms(p99),
        ms(TARGET_P99),
        if p99 <= TARGET_P99 { "met" } else { "MISSED" }
    );
    Ok(())
}

/// One console: opens the feed and notes when it reads each message event.
async fn console(http: reqwest::Client, url: String, token: String, arrivals: Arc<Arrivals>) -> Result<()> {
    let resp = http.get(format!("{url}/v1/hotline/feed")).bearer_auth(token).send().await?;
    if !resp.status().is_success() {
        bail!("the feed answered {}", resp.status());
    }
    arrivals.connected.fetch_add(1, Ordering::Relaxed);
    let mut stream = resp.bytes_stream();
    let mut seen = 0usize;
    let mut carry = String::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let now = Instant::now();
        carry.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = carry.find("\n\n") {
            let block: String = carry.drain(..end + 2).collect();
            if block.contains("event: message") && seen < arrivals.at.len() {
                arrivals.at[seen].lock().expect("arrivals").push(now);
                seen += 1;
            }
        }
    }
    Ok(())
}

/// Stops the server process when the benchmark ends, however it ends.
struct KillOnDrop(u32);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill").arg(self.0.to_string()).status();
    }
}
