//! The sites over a network: the mediators' site (two `jirga serve` on one PostgreSQL, in this
//! namespace) and Pakistan's site in a network namespace of its own behind a veth link (its
//! witness, its mirror, and a sector HQ's command line). The party's link goes down for a while
//! (`JIRGA_PARTITION_SECS`, default 20; the soak runs 600) as the log grows, and comes back: its
//! witness catches up and its mirror resumes and verifies within 30 s, and the hotline messages
//! the HQ queued meanwhile go in, in order, once each. Needs root and iproute2 (`ip netns`);
//! this kernel has no netem, so the poor link is a cut link.

use crate::common::{actor, postgres_database, report_body, scenario, signed_now, spawn_listening};
use jirga::scenario::demo_key;
use jirga::server::{seed_demo, Config};
use model::statement::Kind;
use model::KeyFile;
use serde_json::Value;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const METRICS_TOKEN: &str = "sites-test-metrics-token";

/// A site's namespace and its link, removed when the test ends, however it ends.
struct Site {
    ns: String,
    outside: String,
    inside: String,
    children: Vec<Child>,
}

impl Site {
    /// A namespace behind a veth link: (the site, the address on this side, the address inside),
    /// in 10.`net`.n.0/30 with n from this process's id.
    fn make(tag: &str, net: u8) -> (Site, String, String) {
        let n = std::process::id() % 200 + 20;
        let (ns, outside, inside) = (format!("jirga-{tag}-{n}"), format!("j{tag}{n}a"), format!("j{tag}{n}b"));
        let (here, there) = (format!("10.{net}.{n}.1"), format!("10.{net}.{n}.2"));
        // What a run that was killed left behind goes first.
        let _ = Command::new("ip").args(["link", "del", &outside]).output();
        let _ = Command::new("ip").args(["netns", "del", &ns]).output();
        ip(&["netns", "add", &ns]);
        let site = Site { ns: ns.clone(), outside: outside.clone(), inside: inside.clone(), children: vec![] };
        ip(&["link", "add", &outside, "type", "veth", "peer", "name", &inside]);
        ip(&["link", "set", &inside, "netns", &ns]);
        ip(&["addr", "add", &format!("{here}/30"), "dev", &outside]);
        ip(&["link", "set", &outside, "up"]);
        for args in [
            vec!["addr", "add", &format!("{there}/30"), "dev", &inside],
            vec!["link", "set", &inside, "up"],
            vec!["link", "set", "lo", "up"],
        ] {
            let mut all = vec!["netns", "exec", &ns, "ip"];
            all.extend(args);
            ip(&all);
        }
        (site, here, there)
    }

    /// Cuts the link (false) or brings it back (true).
    fn link(&self, up: bool) {
        ip(&["netns", "exec", &self.ns, "ip", "link", "set", &self.inside, if up { "up" } else { "down" }]);
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = Command::new("ip").args(["link", "del", &self.outside]).status();
        let _ = Command::new("ip").args(["netns", "del", &self.ns]).status();
    }
}

fn ip(args: &[&str]) {
    let out = Command::new("ip").args(args).output().expect("iproute2 (apt-get install iproute2)");
    assert!(
        out.status.success(),
        "ip {}: {} (this test makes a network namespace: it needs root and iproute2)",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Starts a jirga command (in the namespace `ns`, if given) and returns it with its address.
fn spawn(ns: Option<&str>, args: &[&str], log: &std::path::Path) -> (Child, String) {
    let mut cmd = match ns {
        Some(ns) => {
            let mut c = Command::new("ip");
            c.args(["netns", "exec", ns, env!("CARGO_BIN_EXE_jirga")]);
            c
        }
        None => Command::new(env!("CARGO_BIN_EXE_jirga")),
    };
    spawn_listening(cmd.args(args).env("JIRGA_METRICS_TOKEN", METRICS_TOKEN), log)
}

fn run_in(ns: &str, args: &[&str]) -> std::process::Output {
    Command::new("ip").args(["netns", "exec", ns, env!("CARGO_BIN_EXE_jirga")]).args(args).output().unwrap()
}

async fn get(http: &reqwest::Client, url: &str) -> Option<Value> {
    http.get(url).send().await.ok()?.json().await.ok()
}

async fn checkpoint_size(http: &reqwest::Client, url: &str) -> Option<u64> {
    let text = http.get(format!("{url}/checkpoint")).send().await.ok()?.text().await.ok()?;
    text.lines().nth(1)?.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partitioned_party_site_catches_up_and_loses_nothing_when_its_link_returns() {
    let partition =
        Duration::from_secs(std::env::var("JIRGA_PARTITION_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(20));
    let (mut site, here, there) = Site::make("pk", 203);
    let ns = site.ns.clone();
    // The log's key, and the three witnesses: Pakistan's over the link, the others here.
    let dir = tempfile::tempdir().unwrap();
    let config = Config { data: dir.path().join("log"), database: Some(postgres_database().await), evidence: None };
    let mut scenario = scenario();
    let log = jirga::server::log_signer(&config, Some(&scenario.deployment.origin)).unwrap().verifier();
    let mut witness_args = vec![];
    for (folder, party, ns) in [("pk", "PK", Some(ns.as_str())), ("af", "AF", None), ("mediators", "TR", None)] {
        let name = format!("jirga.example/witness/{folder}");
        let wdir = dir.path().join("witnesses").join(folder);
        let key = jirga::witness::Witness::open(&wdir, &name, vec![log.clone()]).unwrap().vkey();
        let listen = if ns.is_some() { format!("{there}:0") } else { "127.0.0.1:0".into() };
        let args = [
            "witness",
            "--data",
            wdir.to_str().unwrap(),
            "--name",
            &name,
            "--log",
            &log.to_vkey(),
            "--listen",
            &listen,
        ];
        let (child, url) = spawn(ns, &args, &dir.path().join(format!("witness-{folder}.log")));
        site.children.push(child);
        scenario.deployment.witness_policy.witnesses.push(model::deployment::WitnessSpec {
            name: name.clone(),
            key,
            party: party.into(),
        });
        witness_args.push(format!("{name}={url}"));
    }
    scenario.deployment.witness_policy.quorum = 3;
    seed_demo(&config, &scenario).await.unwrap();

    // The mediators' two servers, reached over the link at the address on this side.
    let mut urls = vec![];
    for i in 0..2 {
        let (listen, db) = (format!("{here}:0"), config.database.clone().unwrap());
        let mut args = vec!["serve", "--listen", &listen, "--data", config.data.to_str().unwrap()];
        args.extend(["--database", &db, "--lease-ms", "1500"]);
        for w in &witness_args {
            args.extend(["--witness", w]);
        }
        let (child, url) = spawn(None, &args, &dir.path().join(format!("server-{i}.log")));
        site.children.push(child);
        urls.push(url);
    }
    let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let mut writer = String::new();
    for _ in 0..200 {
        for u in &urls {
            if get(&http, &format!("{u}/readyz")).await.is_some_and(|r| r["role"] == "writer") {
                writer = u.clone();
            }
        }
        if !writer.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!writer.is_empty(), "one of the servers writes");
    let d = get(&http, &format!("{writer}/v1/deployment")).await.unwrap();
    let deployment = d["id"].as_str().unwrap().to_string();

    // Pakistan's site: its mirror (with a liaison's key, for the bodies Pakistan may read) and
    // an HQ's queue of statements.
    let keys = dir.path().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    for handle in ["pk-liaison", "pk-duty-officer"] {
        let file = KeyFile::new(handle, "PK", &demo_key(handle));
        std::fs::write(keys.join(format!("{handle}.key")), serde_json::to_string(&file).unwrap()).unwrap();
    }
    let mirror_dir = dir.path().join("mirror");
    let (liaison, duty) = (keys.join("pk-liaison.key"), keys.join("pk-duty-officer.key"));
    let (child, mirror) = spawn(
        Some(&ns),
        &[
            "mirror",
            &writer,
            "--data",
            mirror_dir.to_str().unwrap(),
            "--log-key",
            &log.to_vkey(),
            "--key",
            liaison.to_str().unwrap(),
            "--listen",
            &format!("{there}:0"),
            "--every",
            "1",
        ],
        &dir.path().join("mirror.log"),
    );
    site.children.push(child);
    let queue = dir.path().join("queue");
    let send = |text: &str, queued: bool| {
        let mut args = vec![
            "hotline",
            "send",
            "--server",
            &writer,
            "--key",
            duty.to_str().unwrap(),
            "--type",
            "cease",
            "--to",
            "AF",
            "--sector",
            "chaman-spin-boldak",
            "--text",
            text,
        ];
        if queued {
            args.extend(["--queue", "--queue-dir", queue.to_str().unwrap()]);
        }
        run_in(&ns, &args)
    };
    // A first queued message teaches the queue the deployment while the link is up.
    assert!(send("Stop firing near post 9", true).status.success());
    let flushed = run_in(&ns, &["queue", "send", "--queue-dir", queue.to_str().unwrap()]);
    assert!(flushed.status.success(), "{}", String::from_utf8_lossy(&flushed.stderr));

    let caught_up = |since: Instant| {
        let (http, writer, mirror) = (http.clone(), writer.clone(), mirror.clone());
        async move {
            loop {
                let size = checkpoint_size(&http, &writer).await.unwrap_or(0);
                let metrics = http.get(format!("{writer}/metrics")).bearer_auth(METRICS_TOKEN).send().await.unwrap();
                let metrics = metrics.text().await.unwrap();
                let lag: u64 = metrics
                    .lines()
                    .find_map(|l| l.strip_prefix("jirga_witness_lag_entries{witness=\"jirga.example/witness/pk\"} "))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(u64::MAX);
                let mirrored = checkpoint_size(&http, &mirror).await.unwrap_or(0);
                if lag == 0 && mirrored == size && size > 0 {
                    return since.elapsed();
                }
                assert!(
                    since.elapsed() < Duration::from_secs(60),
                    "no catch-up in 60 s: lag {lag}, mirror {mirrored} of {size}"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    caught_up(Instant::now()).await;

    // The link goes down; the log grows; the HQ queues what it cannot send.
    site.link(false);
    let cut = Instant::now();
    let reporter = actor("af-reporter-paktika");
    for i in 0..20 {
        let body = report_body(&format!("During the partition {i}"));
        let st = signed_now(&deployment, &reporter, Kind::IncidentReport, vec![], &body);
        let r = http.post(format!("{writer}/v1/statements")).json(&st.submission()).send().await.unwrap();
        assert_eq!(r.status(), 201, "the mediators' site goes on without the party's");
    }
    let mut queued = vec![];
    for i in 0..3 {
        let out = send(&format!("Stop firing, queued {i}"), true);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        queued.push(format!("Stop firing, queued {i}"));
    }
    let stuck = run_in(&ns, &["queue", "send", "--queue-dir", queue.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&stuck.stderr);
    assert!(!stuck.status.success() && said.contains("3 still queued (in order"), "{said}");
    tokio::time::sleep(partition.saturating_sub(cut.elapsed())).await;

    // The link returns.
    site.link(true);
    let healed = Instant::now();
    let took = caught_up(healed).await;
    eprintln!("after a {partition:?} partition, Pakistan's witness and mirror caught up in {took:?}");
    assert!(took <= Duration::from_secs(30), "caught up in {took:?}, over 30 s");
    let sent = run_in(&ns, &["queue", "send", "--queue-dir", queue.to_str().unwrap()]);
    assert!(sent.status.success(), "{}", String::from_utf8_lossy(&sent.stderr));
    // Each queued message is in the log once, in the order it was queued.
    let token = crate::common::login(&writer, "af-duty-officer").await;
    let events: Value = http
        .get(format!("{writer}/v1/hotline/events?after=-1&limit=1000"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let texts: Vec<String> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "message")
        .filter_map(|e| e["body"]["text"]["text"].as_str().map(String::from))
        .filter(|t| t.starts_with("Stop firing, queued"))
        .collect();
    assert_eq!(texts, queued, "every queued message once, in order");
    drop(site);
}

/// Passes TCP connections made to `listener` on to `to` (the test's PostgreSQL on loopback), so
/// that a server in a namespace reaches the database over that namespace's link.
fn forward_tcp(listener: tokio::net::TcpListener, to: String) {
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            let to = to.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(&to).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
}

/// The writer cut off from the database (and from its clients) while it keeps running: it stops
/// writing within its lease, the standby takes over, and when the link comes back the old writer
/// finds itself deposed and stands by; nothing acknowledged is lost and no checkpoint forks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_cut_off_from_the_database_stops_and_a_standby_takes_over() {
    let (mut site, here, there) = Site::make("w", 204);
    let dir = tempfile::tempdir().unwrap();
    let database = postgres_database().await;
    let config = Config { data: dir.path().join("log"), database: Some(database.clone()), evidence: None };
    seed_demo(&config, &scenario()).await.unwrap();
    // The namespace reaches PostgreSQL through a forwarder on this side of its link.
    let (authority, name) = database.trim_start_matches("postgres://").split_once('/').unwrap();
    let (user, pg) = authority.split_once('@').unwrap();
    let listener = tokio::net::TcpListener::bind(format!("{here}:0")).await.unwrap();
    let via_link = format!("postgres://{user}@{}/{name}", listener.local_addr().unwrap());
    forward_tcp(listener, pg.to_string());
    let serve = |db: &str, listen: &str| {
        let args = [
            "serve",
            "--listen",
            listen,
            "--data",
            config.data.to_str().unwrap(),
            "--database",
            db,
            "--lease-ms",
            "1500",
        ];
        args.iter().map(|s| s.to_string()).collect::<Vec<String>>()
    };
    let first = serve(&via_link, &format!("{there}:0"));
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    let (child, writer) = spawn(Some(&site.ns), &first, &dir.path().join("cut-writer.log"));
    site.children.push(child);
    let http = reqwest::Client::builder().timeout(Duration::from_secs(3)).build().unwrap();
    let role = |url: String| {
        let http = http.clone();
        async move { get(&http, &format!("{url}/readyz")).await.and_then(|r| r["role"].as_str().map(String::from)) }
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while role(writer.clone()).await.as_deref() != Some("writer") {
        assert!(Instant::now() < deadline, "the first server took the lease");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let second = serve(&database, "127.0.0.1:0");
    let second: Vec<&str> = second.iter().map(String::as_str).collect();
    let (child, standby) = spawn(None, &second, &dir.path().join("standby.log"));
    site.children.push(child);
    let d = get(&http, &format!("{writer}/v1/deployment")).await.unwrap();
    let deployment = d["id"].as_str().unwrap().to_string();
    let reporter = actor("pk-reporter-khyber");
    let report = |title: String| signed_now(&deployment, &reporter, Kind::IncidentReport, vec![], &report_body(&title));
    let mut acked = vec![];
    let mut served = vec![];
    for i in 0..50 {
        let st = report(format!("Before the cut {i}"));
        let r = http.post(format!("{writer}/v1/statements")).json(&st.submission()).send().await.unwrap();
        assert_eq!(r.status(), 201);
        acked.push(st.id.hex());
    }
    served.push(http.get(format!("{writer}/checkpoint")).send().await.unwrap().text().await.unwrap());

    site.link(false);
    let cut = Instant::now();
    while role(standby.clone()).await.as_deref() != Some("writer") {
        assert!(cut.elapsed() < Duration::from_secs(15), "no takeover in 15 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let takeover = cut.elapsed();
    for i in 0..50 {
        let st = report(format!("After the cut {i}"));
        let r = http.post(format!("{standby}/v1/statements")).json(&st.submission()).send().await.unwrap();
        assert_eq!(r.status(), 201, "the new writer takes statements");
        acked.push(st.id.hex());
    }
    served.push(http.get(format!("{standby}/checkpoint")).send().await.unwrap().text().await.unwrap());
    tokio::time::sleep(Duration::from_secs(2)).await;

    // The link returns: the old writer finds its lease taken and stands by.
    site.link(true);
    let back = Instant::now();
    while role(writer.clone()).await.as_deref() != Some("standby") {
        assert!(back.elapsed() < Duration::from_secs(15), "the cut-off writer did not stand down");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    served.push(http.get(format!("{writer}/checkpoint")).send().await.unwrap().text().await.unwrap());
    eprintln!("the writer cut off from the database: the standby wrote {takeover:?} after the cut");
    assert!(takeover <= Duration::from_secs(5), "takeover took {takeover:?}");
    let log = ledger::note::Verifier::parse(d["log_key"].as_str().unwrap()).unwrap();
    let last = crate::common::no_fork(&http, &standby, &log, &served).await;
    let client = jirga::cli::client::Client::new(&standby);
    let logged: std::collections::HashSet<String> = jirga::audit::fetch_entries(&client, 0, last.size)
        .await
        .unwrap()
        .iter()
        .map(|e| model::Entry::parse(e).unwrap().id.hex())
        .collect();
    assert!(acked.iter().all(|id| logged.contains(id)), "every acknowledged statement is in the log");
    drop(site);
}
