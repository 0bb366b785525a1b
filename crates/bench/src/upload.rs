//! `jirga bench upload`: a large evidence file through the HTTP API on loopback (stream, hash,
//! write to the evidence folder, commit), against `sha256sum` of the same file in the same run.

use super::{deploy, header, table, thousands, BenchArgs, TempDir};
use anyhow::{bail, Context, Result};
use jirga::cli::client::Client;
use jirga::clock::{Clock, SystemClock};
use jirga::evidence::EvidenceStore;
use jirga::scenario::demo_key;
use jirga::state::AppState;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Target: the upload runs at ≥ 0.8 of sha256sum's rate on the same file.
const TARGET_RATIO: f64 = 0.8;
const RUNS: usize = 3;

/// Pseudo-random bytes (xorshift), fast to make and not compressible.
fn write_file(path: &Path, bytes: u64, seed: u64) -> Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut x = seed | 1;
    let mut block = vec![0u8; 1 << 20];
    let mut left = bytes;
    while left > 0 {
        for chunk in block.chunks_exact_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chunk.copy_from_slice(&x.to_le_bytes());
        }
        let n = left.min(block.len() as u64) as usize;
        out.write_all(&block[..n])?;
        left -= n as u64;
    }
    out.flush()?;
    Ok(())
}

/// Runs a hashing command on the file; returns the hex digest it printed and its wall time.
fn hash_with(program: &str, args: &[&str], path: &Path) -> Result<(String, Duration)> {
    let start = Instant::now();
    let out = std::process::Command::new(program)
        .args(args)
        .arg(path)
        .output()
        .with_context(|| format!("running {program}"))?;
    let elapsed = start.elapsed();
    if !out.status.success() {
        bail!("{program} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8(out.stdout)?;
    // sha256sum prints "HEX  FILE"; openssl prints "SHA2-256(FILE)= HEX".
    let hex = text.split_whitespace().find(|w| w.len() == 64 && w.bytes().all(|b| b.is_ascii_hexdigit()));
    Ok((hex.unwrap_or_default().to_string(), elapsed))
}

fn sha256sum(path: &Path) -> Result<(String, Duration)> {
    hash_with("sha256sum", &[], path)
}

fn best(times: &[Duration]) -> Duration {
    times.iter().min().copied().unwrap_or_default()
}

pub async fn run(args: &BenchArgs) -> Result<()> {
    let bytes = args.size_mib * 1024 * 1024;
    let dir = TempDir::new("upload")?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let genesis_at = clock.now_ms() - 3_600_000;
    let fx = deploy(&dir.path, None, &args.scenario, clock.clone(), genesis_at, args.seed).await?;
    header("upload", &fx.database);
    let file = dir.path.join("evidence.bin");
    write_file(&file, bytes, args.seed)?;
    println!("file:     {} MiB of pseudo-random bytes, read from the page cache by both", args.size_mib);

    // sha256sum once to warm the cache, then the timed runs.
    let (expected, _) = sha256sum(&file)?;
    let mut hash_times = Vec::new();
    for _ in 0..RUNS {
        hash_times.push(sha256sum(&file)?.1);
    }
    // OpenSSL uses the CPU's SHA instructions where coreutils may not: a stricter limit, if present.
    let mut openssl_times = Vec::new();
    for _ in 0..RUNS {
        match hash_with("openssl", &["dgst", "-sha256"], &file) {
            Ok((h, t)) if h == expected => openssl_times.push(t),
            _ => break,
        }
    }

    let mut state = AppState::new(fx.store.clone(), fx.seq.clone(), clock);
    state.rate_limit = None;
    state.evidence = Some(EvidenceStore::open(&dir.path.join("evidence").display().to_string(), u64::MAX)?);
    let evidence = state.evidence.clone().expect("set");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(jirga::server::serve(listener, state, async move {
        let _ = stopped.await;
    }));
    let mut client = Client::new(&url);
    client.login(&demo_key("pk-reporter-khyber")).await?;

    let mut upload_times = Vec::new();
    for run in 0..RUNS {
        if run > 0 {
            // Each run stores the file anew: the store would otherwise answer "already stored".
            let stored = dir.path.join("evidence").join("sha256").join(&expected[..2]).join(&expected);
            std::fs::remove_file(&stored).with_context(|| format!("removing {}", stored.display()))?;
        }
        let start = Instant::now();
        let answer = client.upload(&expected, &file, bytes).await?;
        upload_times.push(start.elapsed());
        if answer["stored"] != "new" || evidence.size(&expected).await? != Some(bytes) {
            bail!("the upload did not store the file: {answer}");
        }
    }
    let _ = stop.send(());
    server.await.context("server task")??;

    let mib = args.size_mib as f64;
    let (hash, upload) = (best(&hash_times), best(&upload_times));
    let mut rows = vec![
        vec!["measure".into(), "best of 3".into(), "MiB/s".into(), "note".into()],
        vec![
            "sha256sum (coreutils)".into(),
            format!("{:.2} s", hash.as_secs_f64()),
            thousands(mib / hash.as_secs_f64()),
            "the limit: reading and hashing the same file".into(),
        ],
        vec![
            "PUT /v1/evidence/{sha256} on loopback".into(),
            format!("{:.2} s", upload.as_secs_f64()),
            thousands(mib / upload.as_secs_f64()),
            "client reads and sends; server hashes, writes 8 MiB parts, checks, commits".into(),
        ],
    ];
    if !openssl_times.is_empty() {
        let t = best(&openssl_times);
        rows.push(vec![
            "openssl dgst -sha256".into(),
            format!("{:.2} s", t.as_secs_f64()),
            thousands(mib / t.as_secs_f64()),
            "a stricter limit: SHA extensions of the CPU".into(),
        ]);
    }
    table(&rows);
    let ratio = hash.as_secs_f64() / upload.as_secs_f64();
    if !openssl_times.is_empty() {
        println!(
            "upload: {:.2}× the rate of openssl on the same file",
            best(&openssl_times).as_secs_f64() / upload.as_secs_f64()
        );
    }
    println!();
    println!(
        "upload: {:.2}× the rate of sha256sum on the same file (target ≥ {TARGET_RATIO}: {})",
        ratio,
        if ratio >= TARGET_RATIO { "met" } else { "MISSED" }
    );
    Ok(())
}
