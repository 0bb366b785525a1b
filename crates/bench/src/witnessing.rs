//! `jirga bench witness`: from submit to a checkpoint that meets a three-witness policy, with the
//! witnesses on loopback HTTP, at a fixed offered load.

use super::{deploy_with_policy, header, ms, table, BenchArgs, Samples, TempDir};
use anyhow::{Context, Result};
use jirga::clock::{Clock, SystemClock};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub async fn run(args: &BenchArgs) -> Result<()> {
    let dir = TempDir::new("witness")?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let config = jirga::server::Config { data: dir.path.clone(), database: args.database.clone(), evidence: None };
    let origin = jirga::scenario::Scenario::load(&super::find_scenario(&args.scenario)?)?.deployment.origin;
    let log = jirga::server::log_signer(&config, Some(&origin))?.verifier();
    let (policy, urls) = jirga::witness::start_demo_witnesses(&dir.path.join("witnesses"), &log).await?;
    let fx = deploy_with_policy(
        &dir.path,
        args.database.clone(),
        &args.scenario,
        clock.clone(),
        clock.now_ms() - 3_600_000,
        args.seed,
        policy.clone(),
    )
    .await?;
    jirga::witnessing::spawn(fx.store.clone(), fx.seq.clone(), &policy, &urls)?;
    header("witness", &fx.database);

    // Watch the witnessed size: every change with the moment it was seen.
    let seen: Arc<Mutex<Vec<(Instant, u64)>>> = Arc::default();
    let (seq, log_seen) = (fx.seq.clone(), seen.clone());
    let watcher = tokio::spawn(async move {
        let mut last = 0;
        loop {
            let w = seq.state.read().expect("state lock").witnessed_size;
            if w != last {
                log_seen.lock().expect("seen").push((Instant::now(), w));
                last = w;
            }
            tokio::time::sleep(Duration::from_micros(500)).await;
        }
    });

    let n = (args.rate as usize) * (args.seconds as usize);
    let now = clock.now_ms();
    let mut rng = fx.gen.rng(7);
    let specs = (0..n).map(|i| fx.gen.report(&mut rng, i as u64, now - 3_600_000, now - 1_000)).collect();
    let statements = super::sign_parallel(specs, &fx.gen.keys)?;
    let interval = Duration::from_secs_f64(1.0 / f64::from(args.rate.max(1)));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, st) in statements.into_iter().enumerate() {
        tokio::time::sleep_until((start + interval * i as u32).into()).await;
        let seq = fx.seq.clone();
        tasks.spawn(async move {
            let sent = Instant::now();
            let receipt = super::submit_checked(&seq, st).await?;
            Ok::<_, anyhow::Error>((sent, receipt.index))
        });
    }
    let mut sent = Vec::new();
    while let Some(r) = tasks.join_next().await {
        sent.push(r??);
    }
    // Wait until the last statement is witnessed.
    let last = sent.iter().map(|s| s.1).max().context("nothing sent")?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while fx.seq.state.read().expect("state lock").witnessed_size <= last {
        if Instant::now() > deadline {
            anyhow::bail!("the witnesses did not cosign within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(5)).await;
    watcher.abort();
    let seen = seen.lock().expect("seen").clone();
    let latencies: Vec<Duration> = sent
        .iter()
        .map(|(at, index)| {
            let witnessed = seen.iter().find(|(_, w)| w > index).map(|(t, _)| *t).unwrap_or_else(Instant::now);
            witnessed.saturating_duration_since(*at)
        })
        .collect();
    let s = Samples::new(latencies);
    table(&[
        vec!["statements".into(), "p50".into(), "p90".into(), "p99".into(), "max".into()],
        vec![format!("{} at {}/s", s.len(), args.rate), ms(s.pct(50.0)), ms(s.pct(90.0)), ms(s.pct(99.0)), ms(s.max())],
    ]);
    println!("submit → checkpoint cosigned by 3 of 3 witnesses on loopback (aim: p99 ≤ 1 s)");
    Ok(())
}
