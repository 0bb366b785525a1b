//! `jirga bench audit`: how fast `jirga audit` verifies a large log over loopback HTTP (every
//! entry bundle and hash tile fetched, every leaf and the root recomputed, every signature
//! verified, the key history replayed), against bare Ed25519 verification of the same
//! signatures on the same cores in the same run.

use super::append::{bare_verify, batch_verify, prepare, rate, signed_reports};
use super::{deploy, header, submit_all, table, thousands, BenchArgs, TempDir};
use anyhow::{bail, Result};
use jirga::clock::{Clock, SystemClock};
use std::sync::Arc;
use std::time::Instant;

pub async fn run(args: &BenchArgs) -> Result<()> {
    let n = args.entries.max(1);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let dir = match &args.data {
        Some(d) => TempDir::keep(d)?,
        None => TempDir::new("audit")?,
    };
    let config = jirga::server::Config { data: dir.path.clone(), database: args.database.clone(), evidence: None };
    let store = jirga::store::Store::connect(&config.database_url()).await?;
    let existing = store.log_size().await?;
    drop(store);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // A sample of signatures for the bare rate, signed like the log's.
    let sample;
    if existing == 0 {
        let fx = deploy(
            &dir.path,
            args.database.clone(),
            &args.scenario,
            clock.clone(),
            clock.now_ms() - 3_600_000,
            args.seed,
        )
        .await?;
        header("audit", &fx.database);
        let t = Instant::now();
        let mut left = n;
        let mut stream = 1;
        while left > 0 {
            let chunk = left.min(100_000);
            let statements = signed_reports(&fx, chunk, stream)?;
            submit_all(&fx.seq, statements, args.in_flight.unwrap_or(4096), false).await?;
            left -= chunk;
            stream += 1;
        }
        println!(
            "loaded {} statements in {:.1} s (setup, not timed below)",
            thousands(n as f64),
            t.elapsed().as_secs_f64()
        );
        sample = signed_reports(&fx, n.min(100_000), 999)?;
    } else {
        let fx =
            deploy(&TempDir::new("audit-sample")?.path, None, &args.scenario, clock.clone(), clock.now_ms(), args.seed)
                .await?;
        header("audit", &jirga::store::redact(&config.database_url()));
        println!("reusing the log of {} entries in {}", thousands(existing as f64), dir.path.display());
        sample = signed_reports(&fx, 100_000, 999)?;
    }
    let state = jirga::server::open(&config, clock).await?;
    let size = state.seq.state.read().expect("state lock").published_size();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(jirga::server::serve(listener, state, std::future::pending()));

    let prepared = prepare(&sample)?;
    let bare = rate(prepared.len(), bare_verify(&prepared, threads)?);
    let batch = rate(prepared.len(), batch_verify(&prepared, threads)?);
    let opts = jirga::audit::Options { server: url, log_key: None, state: None, key: None, check_bodies: false };
    let t = Instant::now();
    let summary = jirga::audit::audit(&opts).await?;
    let elapsed = t.elapsed();
    if summary.size != size {
        bail!("the audit covered {} entries, the log holds {size}", summary.size);
    }
    let audit = rate(size as usize, elapsed);
    table(&[
        vec!["".into(), "per second".into(), "ratio".into()],
        vec!["bare Ed25519 verify_strict, the rule (same cores)".into(), thousands(bare), "1.00".into()],
        vec!["Ed25519 batch verify (same cores)".into(), thousands(batch), format!("{:.2}", batch / bare)],
        vec![
            format!("jirga audit over HTTP, {} entries", thousands(size as f64)),
            thousands(audit),
            format!("{:.2}", audit / bare),
        ],
    ]);
    println!(
        "audit of {} entries: {:.1} s (aim: 1,000,000 in ≤ 30 s; at this rate 1,000,000 take {:.1} s)",
        thousands(size as f64),
        elapsed.as_secs_f64(),
        1_000_000.0 / audit
    );
    Ok(())
}
