//! `jirga bench append`: how many signed statements a second go from submission to a durable,
//! checkpointed log entry (and how long after that the projection has caught up), against bare
//! Ed25519 verification on the same cores.

use super::{deploy, header, sign_parallel, submit_all, table, thousands, BenchArgs, TempDir};
use anyhow::{bail, Result};
use ed25519_dalek::{Signature, VerifyingKey};
use jirga::clock::{Clock, SystemClock};
use model::statement::decode_signature;
use model::Statement;
use sqlx::Row;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Target: 20,000 statements/s with SQLite on the 2-core reference machine.
const TARGET_PER_S: f64 = 20_000.0;
/// Target: at least 60% of the bare verification rate on the same cores.
const TARGET_RATIO: f64 = 0.60;
/// Signatures per `verify_batch` call.
const BATCH: usize = 64;

pub(crate) struct Prepared {
    message: Vec<u8>,
    signature: Signature,
    key: VerifyingKey,
}

pub(crate) fn prepare(statements: &[Statement]) -> Result<Vec<Prepared>> {
    statements
        .iter()
        .map(|st| {
            let s = &st.signatures[0];
            Ok(Prepared {
                message: st.signing_message(),
                signature: decode_signature(&s.sig).map_err(|e| anyhow::anyhow!("{e}"))?,
                key: s.key.verifying_key().map_err(|e| anyhow::anyhow!("{e}"))?,
            })
        })
        .collect()
}

/// Verifies every signature once, split over `threads` OS threads; returns the wall time.
pub(crate) fn bare_verify(items: &[Prepared], threads: usize) -> Result<Duration> {
    let per = items.len().div_ceil(threads).max(1);
    let start = Instant::now();
    let ok = std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|chunk| {
                s.spawn(move || chunk.iter().all(|p| ledger::signature::valid(&p.key, &p.message, &p.signature)))
            })
            .collect();
        handles.into_iter().all(|h| h.join().expect("verify thread"))
    });
    let elapsed = start.elapsed();
    if !ok {
        bail!("a signature did not verify");
    }
    Ok(elapsed)
}

/// The same with ed25519-dalek's batch verification, `BATCH` signatures per call.
pub(crate) fn batch_verify(items: &[Prepared], threads: usize) -> Result<Duration> {
    let per = items.len().div_ceil(threads).max(1);
    let start = Instant::now();
    let ok = std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|chunk| {
                s.spawn(move || {
                    chunk.chunks(BATCH).all(|b| {
                        let messages: Vec<&[u8]> = b.iter().map(|p| p.message.as_slice()).collect();
                        let signatures: Vec<Signature> = b.iter().map(|p| p.signature).collect();
                        let keys: Vec<VerifyingKey> = b.iter().map(|p| p.key).collect();
                        ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok()
                    })
                })
            })
            .collect();
        handles.into_iter().all(|h| h.join().expect("verify thread"))
    });
    let elapsed = start.elapsed();
    if !ok {
        bail!("a batch did not verify");
    }
    Ok(elapsed)
}

pub(crate) fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

/// `n` reports, signed by the demo reporters a little before now, about the last 17 hours.
pub(crate) fn signed_reports(fx: &super::Fixture, n: usize, stream: u64) -> Result<Vec<Statement>> {
    let now = fx.clock.now_ms();
    reports_occurring(fx, n, stream, |i| now - 3_600_000 - (i as i64 % 1_000) * 60_000)
}

/// `n` reports signed a little before now, the i-th about what happened at `occurred(i)`.
fn reports_occurring(
    fx: &super::Fixture,
    n: usize,
    stream: u64,
    occurred: impl Fn(usize) -> i64,
) -> Result<Vec<Statement>> {
    let now = fx.clock.now_ms();
    let mut rng = fx.gen.rng(stream);
    let specs =
        (0..n).map(|i| fx.gen.report(&mut rng, stream * 1_000_000_000 + i as u64, occurred(i), now - 1_000)).collect();
    sign_parallel(specs, &fx.gen.keys)
}

/// How far back the preloaded history reaches: a log of millions of reports is years of them.
const HISTORY_MS: i64 = 2 * 365 * 86_400_000;

async fn count(store: &jirga::store::Store, sql: &str) -> Result<i64> {
    Ok(sqlx::query(sql).fetch_one(&store.pool_for_tests()).await?.try_get(0)?)
}

pub async fn run(args: &BenchArgs) -> Result<()> {
    let n = args.statements.max(1);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    // --data keeps the grown log, to look at (or start a server on) afterwards.
    let dir = match &args.data {
        Some(path) => TempDir::keep(path)?,
        None => TempDir::new("append")?,
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let genesis_at = clock.now_ms() - 3_600_000;
    let fx = deploy(&dir.path, args.database.clone(), &args.scenario, clock, genesis_at, args.seed).await?;
    header("append", &fx.database);

    let t = Instant::now();
    let statements = signed_reports(&fx, n, 1)?;
    let sizes: usize = statements.iter().map(|s| s.header_bytes.len() + s.body_bytes.len()).sum();
    println!(
        "signed {} incident reports in {:.1} s (not timed below); {} bytes of header and body each on average",
        thousands(n as f64),
        t.elapsed().as_secs_f64(),
        sizes / n
    );

    if args.preload > 0 {
        preload(&fx, args.preload, args.in_flight.unwrap_or(4096)).await?;
    }

    let prepared = prepare(&statements)?;
    let bare = bare_verify(&prepared, threads)?;
    let batch = batch_verify(&prepared, threads)?;
    drop(prepared);
    let base = fx.store.log_size().await?;
    let checkpoints_before = count(&fx.store, "SELECT COUNT(*) FROM checkpoints").await?;

    let in_flight = args.in_flight.unwrap_or(4096);
    let append = submit_all(&fx.seq, statements, in_flight, true).await?;
    let size = fx.store.log_size().await?;
    if size != base + n as u64 {
        bail!("the log holds {} new entries, not {n}", size - base);
    }
    let published = fx.seq.state.read().expect("state lock").published_size();
    if published != size {
        bail!("the latest checkpoint covers {published} entries, the log holds {size}");
    }
    let batches = count(&fx.store, "SELECT COUNT(*) FROM checkpoints").await? - checkpoints_before;
    // The projection follows: how long after the last receipt it has caught up.
    let after = Instant::now();
    fx.seq.projected.clone().wait_for(|p| *p >= size).await?;
    let projection_lag = after.elapsed();

    let bare_rate = rate(n, bare);
    let batch_rate = rate(n, batch);
    let append_rate = rate(n, append);
    let mut rows = vec![
        vec!["measure".into(), "time".into(), "per second".into(), "note".into()],
        vec![
            format!("bare Ed25519 verify_strict, the rule ({threads} threads)"),
            format!("{:.2} s", bare.as_secs_f64()),
            thousands(bare_rate),
            "the rule (verify_strict), keys and signatures decoded beforehand".into(),
        ],
        vec![
            format!("batch Ed25519 verify ({threads} threads)"),
            format!("{:.2} s", batch.as_secs_f64()),
            thousands(batch_rate),
            format!("ed25519_dalek::verify_batch, {BATCH} per call"),
        ],
        vec![
            "append (verify + parse + sequence + commit + checkpoint)".into(),
            format!("{:.2} s", append.as_secs_f64()),
            thousands(append_rate),
            format!(
                "{} batches, {:.0} statements per durable commit, {} in flight",
                thousands(batches as f64),
                n as f64 / batches.max(1) as f64,
                in_flight
            ),
        ],
        vec![
            "the projection caught up".into(),
            format!("{:.2} s", (append + projection_lag).as_secs_f64()),
            thousands(rate(n, append + projection_lag)),
            format!("{} ms after the last receipt", projection_lag.as_millis()),
        ],
    ];

    let mut breakdown = None;
    if args.preload > 0 {
        let (start, rss, mapped) = server_start(&dir.path, &fx, args).await?;
        rows.push(vec![
            format!("`jirga serve` starting on the {}-entry log", thousands(size as f64)),
            format!("{:.2} s", start.as_secs_f64()),
            String::new(),
            format!(
                "until it listens; {rss} MiB resident then, {mapped} MiB of it the database file mapped in (aims: ≤ 2 s, ≤ 256 MiB at 5,000,000)"
            ),
        ]);
    }
    if !args.no_breakdown && args.preload == 0 {
        // The same path without signature checks, on a log of the same size: a fresh deployment
        // when the store is the default temporary one, else more entries on the same log.
        let fresh_dir;
        let fresh;
        let (target, grown) = if args.database.is_none() {
            fresh_dir = TempDir::new("append")?;
            let clock: Arc<dyn Clock> = Arc::new(SystemClock);
            let genesis_at = clock.now_ms() - 3_600_000;
            fresh = deploy(&fresh_dir.path, None, &args.scenario, clock, genesis_at, args.seed).await?;
            (&fresh, false)
        } else {
            (&fx, true)
        };
        let more = signed_reports(target, n, 2)?;
        let checkpoints_before = count(&target.store, "SELECT COUNT(*) FROM checkpoints").await?;
        let d = submit_all(&target.seq, more, in_flight, false).await?;
        let batches = count(&target.store, "SELECT COUNT(*) FROM checkpoints").await? - checkpoints_before;
        rows.push(vec![
            "append without signature check (sequencer + store)".into(),
            format!("{:.2} s", d.as_secs_f64()),
            thousands(rate(n, d)),
            format!(
                "bodies parsed beforehand; {} batches, {:.0} per commit; {}",
                thousands(batches as f64),
                n as f64 / batches.max(1) as f64,
                if grown {
                    format!("onto the same log, already {} entries", thousands(size as f64))
                } else {
                    "fresh log".into()
                }
            ),
        ]);
        breakdown = Some(rate(n, d));
    }
    table(&rows);
    println!();
    let ratio = append_rate / bare_rate;
    println!(
        "append: {} statements/s = {:.2}× the 20,000/s target ({})",
        thousands(append_rate),
        append_rate / TARGET_PER_S,
        if append_rate >= TARGET_PER_S { "met" } else { "MISSED" }
    );
    println!(
        "ratio to bare verification: {:.1}% (target ≥ {:.0}%: {})",
        ratio * 100.0,
        TARGET_RATIO * 100.0,
        if ratio >= TARGET_RATIO { "met" } else { "MISSED" }
    );
    println!("ratio to batch verification: {:.1}%", append_rate / batch_rate * 100.0);
    if let Some(b) = breakdown {
        println!(
            "without signature checks the sequencer and the store alone reach {} statements/s ({:.0}% of the full path's rate)",
            thousands(b),
            b / append_rate * 100.0
        );
    }
    Ok(())
}

/// Fills the log with `n` reports before the measured run, in chunks signed just before they
/// go, without signature checks (the rate of a log this long is what is measured, not this).
/// Like a real log's, they are about the past in the order they were logged: spread over the
/// two years before the measured run's reports, which are about the last hours.
pub(crate) async fn preload(fx: &super::Fixture, n: u64, in_flight: usize) -> Result<()> {
    const CHUNK: u64 = 50_000;
    let t = Instant::now();
    let first = fx.clock.now_ms() - 86_400_000 - HISTORY_MS;
    let step = HISTORY_MS / n.max(1) as i64;
    let mut done = 0;
    while done < n {
        let count = CHUNK.min(n - done);
        let base = done as i64;
        let chunk = reports_occurring(fx, count as usize, 1_000 + done / CHUNK, |i| first + (base + i as i64) * step)?;
        submit_all(&fx.seq, chunk, in_flight, false).await?;
        done += count;
        if done % 1_000_000 == 0 || done == n {
            println!("preloaded {} entries in {:.0} s", thousands(done as f64), t.elapsed().as_secs_f64());
        }
    }
    let size = fx.store.log_size().await?;
    fx.seq.projected.clone().wait_for(|p| *p >= size).await?;
    println!(
        "preload: {} entries in the log and projected after {:.0} s",
        thousands(size as f64),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// How long `jirga serve` takes from launch until it listens on this log, and its resident
/// memory then (MiB), and how much of that is the database file mapped in.
async fn server_start(data: &std::path::Path, fx: &super::Fixture, args: &BenchArgs) -> Result<(Duration, u64, u64)> {
    use super::child::spawn_until;
    // What a server's first start records; without it the start would rebuild the projection.
    fx.store.set_meta("projection_version", jirga::rebuild::PROJECTION_VERSION).await?;
    let mut cmd = std::process::Command::new(super::jirga_exe()?);
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data"]).arg(data).env("RUST_LOG", "warn");
    if let Some(db) = &args.database {
        cmd.args(["--database", db]);
    }
    let t = Instant::now();
    let (server, line) = spawn_until(cmd, Duration::from_secs(600), |_| true)?;
    let start = t.elapsed();
    if !line.contains("http://") {
        bail!("the server did not start: {line}");
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.0.id()))?;
    let kib = |key: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    // The database file's pages mapped in (SQLite's mmap) are the page cache, not the server's
    // own memory: both are told.
    Ok((start, kib("VmRSS:") / 1024, kib("RssFile:") / 1024))
}
