//! Bringing the field's data in: `jirga import ucdp|acled FILE` stores reference events, with a
//! progress line, and lists every row it could not read with its line and reason.

use crate::reference::{self, Format, ImportReport};
use crate::store::Store;
use anyhow::{Context, Result};
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ImportCommand {
    /// A UCDP GED CSV (the 50-column layout, HXL row or not).
    Ucdp {
        file: PathBuf,
        #[command(flatten)]
        data: super::DataArgs,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// An ACLED CSV (31 columns or the older 30, any header case, ISO or "16 May 2025" dates).
    Acled {
        file: PathBuf,
        #[command(flatten)]
        data: super::DataArgs,
        #[arg(long)]
        json: bool,
    },
}

pub async fn import(command: ImportCommand) -> Result<()> {
    let (file, data, json, format) = match command {
        ImportCommand::Ucdp { file, data, json } => (file, data, json, Format::Ucdp),
        ImportCommand::Acled { file, data, json } => (file, data, json, Format::Acled),
    };
    let store = Store::connect(&data.config().database_url()).await?;
    let report = import_file(&store, &file, format, !json).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&file, &report);
    }
    Ok(())
}

/// Imports a file into the store, drawing a progress bar on standard error when asked.
pub(super) async fn import_file(store: &Store, file: &Path, format: Format, bar: bool) -> Result<ImportReport> {
    let size = std::fs::metadata(file).with_context(|| format!("reading {}", file.display()))?.len().max(1);
    let input = std::io::BufReader::new(std::fs::File::open(file)?);
    let report = reference::import(store, input, format, |p| {
        if bar {
            let done = (p.bytes * 40 / size) as usize;
            eprint!(
                "\r[{}{}] {:>3}% {} rows",
                "#".repeat(done),
                " ".repeat(40 - done.min(40)),
                p.bytes * 100 / size,
                p.rows
            );
            let _ = std::io::stderr().flush();
        }
    })
    .await
    .with_context(|| format!("importing {}", file.display()))?;
    if bar {
        eprintln!();
    }
    Ok(report)
}

fn print_report(file: &Path, r: &ImportReport) {
    println!(
        "{}: {} rows; {} new events imported, {} already stored, {} not imported",
        file.display(),
        r.rows,
        r.imported,
        r.unchanged,
        r.rejected.len()
    );
    for e in &r.rejected {
        println!("  line {}: {}", e.line, e.reason);
    }
}
