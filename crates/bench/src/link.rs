//! `jirga bench link`: the pages in real Chromium over a poor mobile link, simulated on this
//! machine: a network namespace whose only route to the server is a pair of TUN devices joined by
//! the bench's own shaped wire (bench/wire.rs; tc netem is not in this kernel), in both directions
//! 256 kbit/s, 150 ms each way so 300 ms round trip, and 2% of packets lost.
//! The server is a `jirga demo` of its own on the host's end of the pair; tests/browser/link.mjs
//! runs inside the namespace and measures a duty officer's dashboard (first visit with an empty
//! cache, and a revisit), and from the link coming back to a report signed while it was down being
//! in a signed checkpoint. Needs root (for `ip netns`), iproute2, Node.js, Chromium and
//! playwright-core (`bash scripts/test.sh` installs the last two).

use super::child::{free_port, spawn_until};
use super::wire;
use super::{header, table, BenchArgs, TempDir};
use anyhow::{bail, Context, Result};
use jirga::cli::client::Client;
use jirga::scenario::demo_key;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The link: each direction's delay, rate and loss.
const DELAY_MS: u32 = 150;
const RATE_KBIT: u32 = 256;
const LOSS_PERCENT: u32 = 2;
const HOST_ADDR: &str = "10.231.0.1";
const NS_ADDR: &str = "10.231.0.2";

/// Targets of issue 12.
const FIRST_VISIT_MS: f64 = 3000.0;
const REVISIT_MS: f64 = 1000.0;
const QUEUED_MS: f64 = 5000.0;

/// Runs `ip` with `args`, or says what failed.
fn run_tool(tool: &str, args: &[&str]) -> Result<()> {
    let out = Command::new(tool).args(args).output().with_context(|| format!("running {tool} (iproute2)"))?;
    if !out.status.success() {
        bail!("{tool} {} failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// The namespace, and the wire from it to the host.
struct Link {
    ns: String,
    ns_dev: String,
}

impl Link {
    fn new() -> Result<Link> {
        let id = std::process::id() % 100_000;
        let (ns, host_dev, ns_dev) = (format!("jirga-link-{id}"), format!("jlh{id}"), format!("jln{id}"));
        run_tool("ip", &["netns", "add", &ns]).context("`ip netns add` needs root")?;
        let link = Link { ns: ns.clone(), ns_dev: ns_dev.clone() };
        let (host, far) = (wire::open_tun(&host_dev)?, wire::open_tun(&ns_dev)?);
        run_tool("ip", &["link", "set", &ns_dev, "netns", &ns])?;
        run_tool("ip", &["addr", "add", HOST_ADDR, "peer", NS_ADDR, "dev", &host_dev])?;
        run_tool("ip", &["link", "set", &host_dev, "up"])?;
        run_tool("ip", &["-n", &ns, "addr", "add", NS_ADDR, "peer", HOST_ADDR, "dev", &ns_dev])?;
        run_tool("ip", &["-n", &ns, "link", "set", &ns_dev, "up"])?;
        run_tool("ip", &["-n", &ns, "link", "set", "lo", "up"])?;
        let shape = wire::Shape {
            delay: Duration::from_millis(DELAY_MS.into()),
            bits_per_second: f64::from(RATE_KBIT) * 1000.0,
            loss: f64::from(LOSS_PERCENT) / 100.0,
            queue: Duration::from_secs(2),
        };
        wire::carry(host.try_clone()?, far.try_clone()?, shape, 1);
        wire::carry(far, host, shape, 2);
        Ok(link)
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.ns]).output();
    }
}

/// Where Chromium and playwright-core are, or what to install.
fn browser_parts() -> Result<(PathBuf, PathBuf)> {
    let scripts = PathBuf::from("tests/browser");
    if !scripts.join("link.mjs").is_file() {
        bail!("run from the workspace folder: tests/browser/link.mjs is not here");
    }
    if !scripts.join("node_modules/playwright-core/package.json").is_file() {
        bail!("playwright-core is not installed: `npm ci --prefix tests/browser` (or `bash scripts/test.sh`)");
    }
    let chromium = PathBuf::from(std::env::var("JIRGA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    if !chromium.is_file() {
        bail!("Chromium is not at {} (JIRGA_CHROMIUM): `apt-get install chromium`", chromium.display());
    }
    Ok((scripts.canonicalize()?, chromium))
}

pub async fn run(args: &BenchArgs) -> Result<()> {
    let (scripts, chromium) = browser_parts()?;
    let dir = TempDir::new("link")?;
    let link = Link::new()?;
    let port = free_port(HOST_ADDR)?;
    let data = dir.path.join("demo");
    let mut demo = Command::new(super::jirga_exe()?);
    demo.args([
        "demo",
        "--data",
        &data.display().to_string(),
        "--listen",
        &format!("{HOST_ADDR}:{port}"),
        "--scenario",
    ])
    .arg(super::find_scenario(&args.scenario)?)
    .env("RUST_LOG", "warn");
    let (_demo, line) = spawn_until(demo, Duration::from_secs(180), |l| l.trim_start().starts_with("browser:"))?;
    let url = line.trim_start_matches("browser:").trim().trim_end_matches('/').to_string();

    header("link", "SQLite (the demo, with UCDP's events)");
    println!(
        "link:     TUN devices into a network namespace, the bench's wire between them: {RATE_KBIT} kbit/s each way, \
         {} ms round trip, {LOSS_PERCENT}% of packets lost each way, 2 s of queue",
        2 * DELAY_MS
    );
    println!("browser:  Chromium (headless) inside the namespace; the server at {url}");

    let mut officer = Client::new(&url);
    officer.login(&demo_key("pk-duty-officer")).await?;
    let tokens = serde_json::json!({"pk-duty-officer": officer.token()});
    let artifacts = dir.path.join("artifacts");
    std::fs::create_dir_all(&artifacts)?;
    let out = Command::new("ip")
        .args(["netns", "exec", &link.ns, "node"])
        .arg(scripts.join("link.mjs"))
        .current_dir(&scripts)
        .env("JIRGA_URL", &url)
        .env("JIRGA_CHROMIUM", &chromium)
        .env("JIRGA_ARTIFACTS", &artifacts)
        .env("JIRGA_TOKENS", tokens.to_string())
        .env("JIRGA_KEYS", data.join("keys"))
        .env("JIRGA_LINK_DEV", &link.ns_dev)
        .output()
        .context("running node (Node.js 20)")?;
    let found = std::fs::read_to_string(artifacts.join("link.json"));
    let (Ok(found), true) = (found, out.status.success()) else {
        bail!(
            "tests/browser/link.mjs failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    report(&serde_json::from_str(&found)?);
    Ok(())
}

/// The median and the largest of `values`.
fn median_max(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    (values.get(values.len() / 2).copied().unwrap_or(f64::NAN), values.last().copied().unwrap_or(f64::NAN))
}

/// The least a page can take over this link: `round_trips` (a new connection takes one before
/// the request's own), and its bytes at the link's rate.
fn floor_ms(round_trips: u32, bytes: f64) -> f64 {
    f64::from(round_trips * 2 * DELAY_MS) + bytes * 8.0 / f64::from(RATE_KBIT)
}

fn report(found: &Value) {
    let column = |list: &str, field: &str| -> Vec<f64> {
        found[list].as_array().into_iter().flatten().filter_map(|v| v[field].as_f64()).collect()
    };
    let mut rows = vec![["measured", "n", "median ms", "max ms", "target ms", "bytes", "floor ms", "median/floor"]
        .map(String::from)
        .to_vec()];
    let mut verdicts = vec![];
    // Round trips of the floor: the revisit goes on the connection the browser kept open.
    let measures = [
        ("dashboard, first visit", "first", "load_ms", FIRST_VISIT_MS, Some(2)),
        ("dashboard, revisit", "revisit", "load_ms", REVISIT_MS, Some(1)),
        ("link back → queued report in the log", "queued", "ms", QUEUED_MS, None),
    ];
    for (name, list, field, target, round_trips) in measures {
        let times = column(list, field);
        let n = times.len();
        let (median, max) = median_max(times);
        let mut row =
            vec![name.into(), n.to_string(), format!("{median:.0}"), format!("{max:.0}"), format!("{target:.0}")];
        match round_trips {
            Some(round_trips) => {
                let (bytes, _) = median_max(column(list, "bytes"));
                let floor = floor_ms(round_trips, bytes);
                row.extend([format!("{bytes:.0}"), format!("{floor:.0}"), format!("{:.2}", median / floor)]);
            }
            None => row.extend(["-".into(), "-".into(), "-".into()]),
        }
        rows.push(row);
        verdicts.push(format!("{name} ≤ {target:.0} ms {}", if median <= target { "met" } else { "MISSED" }));
    }
    table(&rows);
    println!();
    println!("load: until the page's load event (the browser's navigation timing); bytes: what crossed the link");
    println!(
        "(transfer sizes, headers included); floor: the bytes at {RATE_KBIT} kbit/s and two round trips (first \
         visit: a new connection) or one (revisit: the kept one)"
    );
    println!("targets (medians): {}", verdicts.join("; "));
}
