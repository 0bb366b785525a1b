//! `jirga bench pages`: the server time of each web page over a store of many incidents (100,000
//! by default), as an anonymous reader and as a signed-in member.
//!
//! Server time is measured in-process: the request goes straight to the application's router
//! (`tower::ServiceExt::oneshot`) and the clock stops once the whole body is in hand, so it
//! holds the handler, the store queries and the rendering, and no network, TLS or client.

use super::list::{open_or_load, scalar, Loaded};
use super::{header, ms, table, thousands, BenchArgs, Samples};
use anyhow::{bail, Context, Result};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header as h, Request, StatusCode};
use axum::Router;
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use jirga::api;
use jirga::clock::Clock;
use jirga::scenario::demo_key;
use jirga::state::AppState;
use serde_json::{json, Value};
use sqlx::Row;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The aim: every page in ≤ 100 ms of server time (judged on the p99).
const TARGET: Duration = Duration::from_millis(100);
/// Stop timing one page after this long (once it has 20 samples).
const BUDGET: Duration = Duration::from_secs(30);
/// The member whose cookie the signed-in requests carry: a party's liaison, who watches the
/// overdue responses and the hotline on the dashboard.
const MEMBER: &str = "pk-liaison";

#[derive(Clone, Copy, PartialEq)]
enum Who {
    Anonymous,
    Member,
}
use Who::{Anonymous, Member};

/// The pages timed, one line each. `{incident}` stands for a recent public incident that has a
/// response, `{sector}` for its sector, `{month_ago}` for the day 30 days before the data's end.
/// A page that answers 404 is shown as not present, so the list can name pages before they exist.
const PAGES: &[(&str, Who)] = &[
    ("/", Anonymous),
    ("/", Member),
    ("/?lang=ur", Anonymous),
    ("/?lang=ur", Member),
    ("/?zoom=4&lon=71.09&lat=34.11", Anonymous),
    ("/?zoom=16&lon=71.09&lat=34.11", Member),
    ("/incidents/{incident}", Anonymous),
    ("/incidents/{incident}", Member),
    ("/incidents/{incident}?lang=ps", Member),
    ("/incidents", Anonymous),
    ("/incidents", Member),
    ("/incidents?status=unanswered&sector={sector}", Member),
    ("/incidents?status=disputed", Anonymous),
    ("/incidents?from={month_ago}&sector={sector}", Anonymous),
    ("/incidents?category=artillery_shelling&accused=AF&lang=prs", Member),
    ("/incidents/new", Member),
    ("/hotline", Member),
    ("/crossings", Anonymous),
    ("/commitments", Anonymous),
    ("/log", Anonymous),
    ("/log?entry={incident}", Anonymous),
    ("/members", Member),
    ("/sign-in", Anonymous),
    ("/reports/weekly", Anonymous),
    ("/reports/weekly", Member),
    ("/reports/daily?lang=ur", Member),
];

/// A page's path with its placeholders filled in.
fn fill(template: &str, incident: &str, sector: &str, month_ago: &str) -> String {
    template.replace("{incident}", incident).replace("{sector}", sector).replace("{month_ago}", month_ago)
}

/// One answer: how long, the status, and the body's size.
async fn fetch(router: &Router, req: Request<Body>) -> Result<(Duration, StatusCode, Vec<u8>)> {
    let router = router.clone();
    let t = Instant::now();
    let resp = router.oneshot(req).await.context("the router")?;
    let status = resp.status();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.context("reading the body")?;
    Ok((t.elapsed(), status, body.to_vec()))
}

fn request(method: &str, path: &str, cookie: Option<&str>, json: Option<&Value>) -> Result<Request<Body>> {
    let mut b = Request::builder().method(method).uri(path);
    if let Some(c) = cookie {
        b = b.header(h::COOKIE, c);
    }
    let mut req = match json {
        Some(v) => b.header(h::CONTENT_TYPE, "application/json").body(Body::from(serde_json::to_vec(v)?))?,
        None => b.body(Body::empty())?,
    };
    // The write limiter reads the peer's address, which a served connection would carry.
    req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 0))));
    Ok(req)
}

async fn post(router: &Router, path: &str, body: Value) -> Result<Value> {
    let (_, status, bytes) = fetch(router, request("POST", path, None, Some(&body))?).await?;
    if !status.is_success() {
        bail!("POST {path}: HTTP {status}: {}", String::from_utf8_lossy(&bytes));
    }
    Ok(serde_json::from_slice(&bytes)?)
}

/// Signs in as the sign-in page's script does: a challenge signed with the member's key for a
/// token, which `/web/session` turns into the pages' cookie. Returns that cookie.
async fn sign_in(router: &Router, handle: &str) -> Result<String> {
    let key = demo_key(handle);
    let c = post(router, "/v1/auth/challenge", json!({"key": key.public()})).await?;
    let (Some(deployment), Some(challenge)) = (c["deployment"].as_str(), c["challenge"].as_str()) else {
        bail!("the challenge lacks a deployment or a challenge: {c}");
    };
    let signature = B64.encode(key.sign(&api::auth::login_message(deployment, challenge)));
    let t =
        post(router, "/v1/auth/token", json!({"key": key.public(), "challenge": challenge, "signature": signature}))
            .await?;
    let token = t["token"].as_str().context("no token in the answer")?;
    let resp = router
        .clone()
        .oneshot(request("POST", "/web/session", None, Some(&json!({ "token": token })))?)
        .await
        .context("the router")?;
    let cookie = resp
        .headers()
        .get(h::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .filter(|kv| kv.starts_with(&format!("{}=", api::auth::TOKEN_COOKIE)))
        .with_context(|| format!("POST /web/session: HTTP {} without the sign-in cookie", resp.status()))?;
    Ok(cookie.to_string())
}

/// What one page measured.
enum Outcome {
    NotPresent,
    Failed(StatusCode, String),
    Timed { samples: Samples, cpu: Samples, bytes: usize },
}

/// The CPU time of every thread of this process so far (the sqlx connection threads do the
/// queries), in ns. Nothing else in the process runs between requests, so its growth over one
/// request is what the request cost, whatever else shares the machine. A running thread's count
/// lags until it is next scheduled, so one request's figure is rough and the mean of many close.
fn cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return 0 };
    tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

async fn time_page(router: &Router, path: &str, cookie: Option<&str>, requests: usize) -> Result<Outcome> {
    let (_, status, body) = fetch(router, request("GET", path, cookie, None)?).await?;
    if status == StatusCode::NOT_FOUND {
        return Ok(Outcome::NotPresent);
    }
    if !status.is_success() {
        let text = String::from_utf8_lossy(&body);
        return Ok(Outcome::Failed(status, text.chars().take(200).collect()));
    }
    // Warm up: the store's page cache, prepared statements, the map's geography and the
    // translations are loaded once per process, not per request.
    for _ in 0..(requests / 10).max(5) {
        fetch(router, request("GET", path, cookie, None)?).await?;
    }
    let mut samples = Vec::with_capacity(requests);
    let mut cpu = Vec::with_capacity(requests);
    let mut bytes = 0;
    let began = Instant::now();
    while samples.len() < requests && !(samples.len() >= 20 && began.elapsed() > BUDGET) {
        let req = request("GET", path, cookie, None)?;
        let before = cpu_ns();
        let (d, status, body) = fetch(router, req).await?;
        cpu.push(Duration::from_nanos(cpu_ns().saturating_sub(before)));
        if !status.is_success() {
            return Ok(Outcome::Failed(status, String::from_utf8_lossy(&body).chars().take(200).collect()));
        }
        samples.push(d);
        bytes = body.len();
    }
    Ok(Outcome::Timed { samples: Samples::new(samples), cpu: Samples::new(cpu), bytes })
}

fn kib(bytes: usize) -> String {
    if bytes < 10 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{} KiB", thousands(bytes as f64 / 1024.0))
    }
}

pub async fn run(args: &BenchArgs) -> Result<()> {
    let Loaded { store, seq, clock, url, temp, .. } =
        open_or_load(args, "pages", args.incidents.unwrap_or(100_000)).await?;
    let mut state = AppState::new(store.clone(), seq, Arc::new(clock.clone()));
    // Sign-in is a write, and every request here comes from one address.
    state.rate_limit = None;
    let router = jirga::http::router(state.clone());

    header("pages", &jirga::store::redact(&url));
    let now = clock.now_ms();
    let total = scalar(&store, "SELECT COUNT(*) FROM incidents").await?;
    let week =
        scalar(&store, &format!("SELECT COUNT(*) FROM incidents WHERE occurred_start >= {}", now - 7 * 86_400_000))
            .await?;
    let recent = sqlx::query(
        "SELECT id, sector FROM incidents WHERE visibility = 'public' \
         ORDER BY responses > 0 DESC, occurred_start DESC LIMIT 1",
    )
    .fetch_optional(&store.pool_for_tests())
    .await?
    .context("no public incident in the store")?;
    let (incident, sector): (String, String) = (recent.try_get("id")?, recent.try_get("sector")?);
    let month_ago = super::rfc3339(now - 30 * 86_400_000)[..10].to_string();
    println!(
        "data: {} incidents ({} occurring in the 7 days before now = {}); the incident page shows {}",
        thousands(total as f64),
        thousands(week as f64),
        super::rfc3339(now),
        &incident[..12],
    );

    let cookie = sign_in(&router, MEMBER).await?;
    let token = cookie.split_once('=').map(|(_, t)| t).unwrap_or_default();
    let (_, viewer) = api::auth::signed_in_by_token(&state, token).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let party = match viewer {
        model::Viewer::Member { party, .. } => party,
        model::Viewer::Anonymous => bail!("signed in as {MEMBER} but the token reads as anonymous"),
    };
    println!(
        "{} timed requests per page after a warm-up (fewer if a page takes over {} s); member = {MEMBER} ({party}), by the jirga_token cookie",
        args.requests,
        BUDGET.as_secs()
    );
    println!("server time = the request handed to the router in-process until the whole body is read (no network);");
    println!(
        "cpu = the CPU time all the process's threads spent on it, which other work on the machine does not stretch"
    );
    println!();

    let mut rows = vec![vec![
        "page".to_string(),
        "viewer".into(),
        "n".into(),
        "size".into(),
        "p50 ms".into(),
        "p99 ms".into(),
        "max ms".into(),
        "cpu mean ms".into(),
        "p99/100ms".into(),
        "".into(),
    ]];
    let mut misses = Vec::new();
    let mut absent = Vec::new();
    for (template, who) in PAGES {
        let (path, shown) =
            (fill(template, &incident, &sector, &month_ago), fill(template, &incident[..12], &sector, &month_ago));
        let viewer = if *who == Member { "member" } else { "anonymous" };
        let cookie = (*who == Member).then_some(cookie.as_str());
        let blank = |verdict: String| {
            let mut r = vec![shown.clone(), viewer.to_string()];
            r.extend(["-", "-", "-", "-", "-", "-", "-"].map(String::from));
            r.push(verdict);
            r
        };
        match time_page(&router, &path, cookie, args.requests).await? {
            Outcome::NotPresent => {
                absent.push(shown.clone());
                rows.push(blank("not present".into()));
            }
            Outcome::Failed(status, text) => {
                misses.push(format!("{shown} ({viewer})"));
                rows.push(blank(format!("FAILED: HTTP {status}: {text}")));
            }
            Outcome::Timed { samples, cpu, bytes } => {
                let p99 = samples.pct(99.0);
                let miss = p99 > TARGET;
                if miss {
                    misses.push(format!("{shown} ({viewer})"));
                }
                rows.push(vec![
                    shown.clone(),
                    viewer.to_string(),
                    samples.len().to_string(),
                    kib(bytes),
                    ms(samples.pct(50.0)),
                    ms(p99),
                    ms(samples.max()),
                    ms(cpu.mean()),
                    format!("{:.2}", p99.as_secs_f64() / TARGET.as_secs_f64()),
                    if miss { "MISSED".into() } else { "met".into() },
                ]);
            }
        }
    }
    table(&rows);
    println!();
    if misses.is_empty() {
        println!("every present page meets p99 ≤ 100 ms with {} incidents", thousands(total as f64));
    } else {
        println!("pages over 100 ms at p99 (or failing): {}", misses.join(", "));
    }
    if !absent.is_empty() {
        println!("not present yet (404): {}", absent.join(", "));
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load after the run: {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
    if temp.is_some() {
        println!("(loaded into a temporary folder, now deleted; pass --data DIR to keep the load for later runs)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_fills_to_a_path() {
        for (template, _) in PAGES {
            let path = fill(template, &"ab".repeat(32), "khyber-torkham", "2026-11-01");
            assert!(!path.contains(['{', '}']), "a placeholder the benchmark does not fill: {template}");
            assert!(path.parse::<axum::http::Uri>().is_ok(), "not a path: {path}");
        }
    }
}
