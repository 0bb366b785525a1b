//! `jirga bench …`: the performance figures of docs/PERFORMANCE.md.

use anyhow::Result;

#[derive(clap::Args)]
pub struct BenchArgs {
    /// append, latency or list.
    pub which: String,
}

pub async fn run(args: BenchArgs) -> Result<()> {
    anyhow::bail!("benchmark {:?} is not written yet", args.which)
}
