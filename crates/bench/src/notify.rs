//! `jirga bench notify`: from a hotline message's POST to its notice arriving, by email at a real
//! SMTP server (Python's aiosmtpd, its Maildir's file times) and by webhook at a real receiver
//! (scripts/notify/webhook_receiver.py, its own clock), for a burst of messages sent at once.
//! The server runs as `jirga serve --notify` in its own process, on the demo.

use super::child::{free_port, spawn_until, Kill};
use super::{header, ms, table, BenchArgs, Samples, TempDir};
use anyhow::{bail, Context, Result};
use jirga::cli::client::Client;
use jirga::scenario::{demo_key, Scenario};
use model::{KeyFile, Kind, Visibility};
use serde_json::json;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Target: p99 from the message to both its email and its webhook within 2 s.
const TARGET_P99: Duration = Duration::from_secs(2);

fn now_s() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0)
}

pub async fn run(args: &BenchArgs) -> Result<()> {
    let messages = args.messages.max(1);
    let dir = TempDir::new("notify")?;
    let data = dir.path.join("data");
    std::fs::create_dir_all(&data).with_context(|| format!("creating {}", data.display()))?;
    let config = jirga::server::Config { data: data.clone(), database: None, evidence: None };
    jirga::server::seed_demo(&config, &Scenario::load(&super::find_scenario(&args.scenario)?)?).await?;

    // The SMTP server and the webhook receiver, both real, both on loopback.
    let maildir = dir.path.join("mail");
    let smtp_port = free_port("127.0.0.1")?;
    let smtp = Kill(
        std::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{smtp_port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .spawn()
            .context("starting aiosmtpd (pip install aiosmtpd)")?,
    );
    let secret = dir.path.join("webhook.secret");
    std::fs::write(&secret, "bench secret")?;
    let hooks = dir.path.join("hooks.jsonl");
    let receiver = Path::new("scripts/notify/webhook_receiver.py");
    if !receiver.is_file() {
        bail!("run from the workspace folder: {} is not here", receiver.display());
    }
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(receiver).arg(&secret).arg(&hooks);
    let (_receiver, line) = spawn_until(cmd, Duration::from_secs(10), |_| true)?;
    let hook_port: u16 = line.strip_prefix("PORT ").context("the receiver's port")?.parse()?;
    let mut listening = false;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", smtp_port)).is_ok() {
            listening = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    if !listening {
        bail!("aiosmtpd did not listen on 127.0.0.1:{smtp_port} within 10 s (`python3 -m pip install aiosmtpd`)");
    }
    let settings = json!({
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "security": "none", "from": "Jirga <hotline@bench.test>"},
        "webhooks": [{"name": "radio-room", "url": format!("http://127.0.0.1:{hook_port}/ok"), "secret_file": secret}],
    });
    let settings_file = dir.path.join("notify.json");
    std::fs::write(&settings_file, settings.to_string())?;

    let mut cmd = std::process::Command::new(super::jirga_exe()?);
    cmd.args(["serve", "--data", &data.display().to_string(), "--listen", "127.0.0.1:0", "--notify"])
        .arg(&settings_file)
        .env("RUST_LOG", "warn");
    let (_server, first) = spawn_until(cmd, Duration::from_secs(60), |_| true)?;
    let url = first.rsplit(' ').next().unwrap_or_default().to_string();
    if !url.starts_with("http://") {
        bail!("the server did not say where it listens: {first:?}");
    }
    header("notify", "SQLite (the demo)");
    println!(
        "messages: {messages} requests to cease fire sent at once to Afghanistan's officer on duty, who is reached"
    );
    println!("          by email (aiosmtpd, 127.0.0.1) and webhook (Python http.server, 127.0.0.1); a notice is");
    println!("          delivered when the later of the two has arrived");

    let mut officer = Client::new(&url);
    officer.login(&demo_key("af-duty-officer")).await?;
    officer
        .put::<serde_json::Value>(
            "/v1/me/channels",
            &json!({"email": "af-duty@bench.test", "webhook": "radio-room:AF-OPS"}),
        )
        .await?;
    let mut sender = Client::new(&url);
    let pk = demo_key("pk-duty-officer");
    sender.login(&pk).await?;
    let sender = std::sync::Arc::new(sender);
    let key = std::sync::Arc::new((KeyFile::new("pk-duty-officer", "PK", &pk), pk));

    let mut sent: HashMap<String, f64> = HashMap::new();
    let mut posts = tokio::task::JoinSet::new();
    for i in 0..messages {
        let body = json!({"type": "cease_fire_request", "to": ["AF"], "sector": "khyber-torkham", "priority": "flash",
                          "text": {"text": format!("Bench message {i}"), "lang": "en"}});
        let (client, key) = (sender.clone(), key.clone());
        posts.spawn(async move {
            let at = now_s();
            let receipt = client.submit(&key, Kind::HotlineMessage, vec![], Visibility::Joint, &body).await?;
            anyhow::Ok((receipt["id"].as_str().unwrap_or_default().to_string(), at))
        });
    }
    while let Some(r) = posts.join_next().await {
        let (id, at) = r??;
        sent.insert(id, at);
    }

    // Wait for every notice (counting files and lines, which costs the machine little while it
    // delivers), then read once when each arrived.
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let arrived = || {
        let mails = std::fs::read_dir(maildir.join("new")).map_or(0, |d| d.count());
        let hooks = std::fs::read_to_string(&hooks).map_or(0, |t| t.lines().count());
        mails >= messages && hooks >= messages
    };
    while std::time::Instant::now() < deadline && !arrived() {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (mail_at, hook_at) = (mail_arrivals(&maildir, &sent)?, hook_arrivals(&hooks)?);
    drop(smtp);
    let mut both = Vec::new();
    let (mut email, mut webhook) = (Vec::new(), Vec::new());
    for (id, at) in &sent {
        let (Some(m), Some(h)) = (mail_at.get(id), hook_at.get(id)) else { continue };
        let d = |t: f64| Duration::from_secs_f64((t - at).max(0.0));
        email.push(d(*m));
        webhook.push(d(*h));
        both.push(d(m.max(*h)));
    }
    let missing = messages - both.len();
    let rows: Vec<Vec<String>> =
        std::iter::once(vec!["to".into(), "n".into(), "p50 ms".into(), "p99 ms".into(), "max ms".into()])
            .chain([("email", email), ("webhook", webhook), ("both", both.clone())].into_iter().map(|(name, v)| {
                let s = Samples::new(v);
                vec![name.into(), s.len().to_string(), ms(s.pct(50.0)), ms(s.pct(99.0)), ms(s.max())]
            }))
            .collect();
    table(&rows);
    let p99 = Samples::new(both).pct(99.0);
    println!();
    println!(
        "p99 message → email and webhook: {} ms (target ≤ {} ms: {}); {missing} of {messages} not delivered within 120 s",
        ms(p99),
        TARGET_P99.as_millis(),
        if p99 <= TARGET_P99 && missing == 0 { "met" } else { "MISSED" }
    );
    Ok(())
}

/// When each message's email was written to the Maildir (its file's modification time).
fn mail_arrivals(maildir: &Path, sent: &HashMap<String, f64>) -> Result<HashMap<String, f64>> {
    let mut out = HashMap::new();
    let Ok(dir) = std::fs::read_dir(maildir.join("new")) else { return Ok(out) };
    for e in dir {
        let path = e?.path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let header = text.lines().find_map(|l| l.strip_prefix("X-Jirga-Statement: ")).map(str::trim);
        let Some(id) = header.and_then(|h| sent.keys().find(|id| id.as_str() == h)) else { continue };
        let at = std::fs::metadata(&path)?.modified()?.duration_since(UNIX_EPOCH)?.as_secs_f64();
        out.insert(id.clone(), at);
    }
    Ok(out)
}

/// When each message's webhook reached the receiver (its own clock, the same machine's).
fn hook_arrivals(log: &Path) -> Result<HashMap<String, f64>> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut out = HashMap::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        if v["status"] == 200 {
            out.entry(v["body"]["statement"].as_str().unwrap_or_default().to_string())
                .or_insert(v["at"].as_f64().unwrap_or(0.0));
        }
    }
    Ok(out)
}
