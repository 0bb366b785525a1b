//! The other programs a benchmark runs beside the server (a `jirga serve` or `jirga demo` of its
//! own, an SMTP server, a webhook receiver, Chromium): started, read until ready, and stopped
//! with the benchmark.

use anyhow::{bail, Context, Result};
use std::io::BufRead;
use std::time::Duration;

/// A child process, killed when dropped.
pub(crate) struct Kill(pub std::process::Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A loopback port free at the time of asking.
pub(crate) fn free_port(host: &str) -> Result<u16> {
    Ok(std::net::TcpListener::bind((host, 0)).with_context(|| format!("binding {host}:0"))?.local_addr()?.port())
}

/// Starts `cmd` and waits (up to `patience`) for a line of its output that `ready` accepts;
/// returns the child and that line. Its later output is read and dropped, so that it never blocks
/// on a full pipe.
pub(crate) fn spawn_until(
    mut cmd: std::process::Command,
    patience: Duration,
    ready: impl Fn(&str) -> bool + Send + 'static,
) -> Result<(Kill, String)> {
    let mut child = cmd.stdout(std::process::Stdio::piped()).spawn().with_context(|| format!("starting {cmd:?}"))?;
    let stdout = child.stdout.take().context("stdout")?;
    let child = Kill(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if !sent && ready(&line) {
                sent = tx.send(line).is_ok();
            }
        }
    });
    match rx.recv_timeout(patience) {
        Ok(line) => Ok((child, line.trim().to_string())),
        Err(_) => bail!("{cmd:?} did not say it was ready within {patience:?}"),
    }
}
