//! The commands that keep a server's database: `jirga backup`, `jirga restore`, `jirga rebuild`.

use crate::server::Config;
use anyhow::{bail, Result};
use std::path::PathBuf;

pub(super) async fn backup(config: Config, to: PathBuf) -> Result<()> {
    let m = crate::backup::backup(&config, &to).await?;
    println!(
        "backed up the log {} ({} entries at least, {} evidence files registered) to {}",
        m.origin,
        m.size,
        m.evidence_files.len(),
        to.display()
    );
    println!("  the keys in the data folder and the evidence files are not in it: back them up apart");
    Ok(())
}

pub(super) async fn restore(
    config: Config,
    from: PathBuf,
    witnesses: Vec<String>,
    accept_rollback: bool,
) -> Result<()> {
    let r = crate::backup::restore(&config, &from, &witnesses, accept_rollback).await?;
    println!("restored a log of {} entries", r.size);
    for (name, size) in &r.witnesses {
        match size {
            Some(n) => println!("  witness {name}: cosigned {n}: consistent"),
            None => println!("  witness {name}: has cosigned nothing for this log"),
        }
    }
    if let Some(n) = r.rolled_back_from {
        println!("  ROLLED BACK: the witnesses had cosigned {n} entries; every server on it will say so");
    }
    if !r.missing_files.is_empty() {
        println!("  {} registered evidence files are not in the evidence store", r.missing_files.len());
    }
    Ok(())
}

pub(super) async fn rebuild(config: Config) -> Result<()> {
    let store = crate::store::Store::connect(&config.database_url()).await?;
    let report = crate::rebuild::rebuild(&store).await?;
    if report.differences.is_empty() {
        println!("rebuilt the projection from {} log entries: identical to the live tables", report.entries);
        return Ok(());
    }
    for (table, n) in &report.differences {
        println!("{table}: {n} rows differ");
    }
    bail!("the rebuilt projection differs from the live one (now replaced by the rebuild)")
}
