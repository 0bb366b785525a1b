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

#[derive(Subcommand)]
pub enum ReportPeriod {
    /// The daily compliance report (from yesterday's cut-off to today's), as HTML or JSON.
    Daily(PeriodArgs),
    /// The weekly compliance report (the seven days to the cut-off on --date).
    Weekly(PeriodArgs),
    /// A compliance report over --days days to the cut-off on --date.
    Custom(PeriodArgs),
}

#[derive(clap::Args)]
pub struct PeriodArgs {
    #[command(flatten)]
    server: super::ServerArgs,
    /// The day the period ends, YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<String>,
    /// The cut-off, HH:MM local time.
    #[arg(long, default_value = crate::report::DEFAULT_CUTOFF)]
    cutoff: String,
    /// Minutes east of UTC of the cut-off's local time.
    #[arg(long, default_value_t = crate::report::DEFAULT_OFFSET_MINUTES, allow_hyphen_values = true)]
    offset: i32,
    /// Sign in with this key file to include what its party may read (joint reports, the hotline).
    #[arg(long)]
    key: Option<PathBuf>,
    /// The page's language: en, ur, ps or prs.
    #[arg(long, default_value = "en")]
    lang: String,
    /// JSON for machines instead of the HTML page.
    #[arg(long)]
    json: bool,
    /// Write here instead of to standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// custom: the days the report covers (1 to 366).
    #[arg(long)]
    days: Option<u32>,
}

pub async fn report(period: ReportPeriod) -> Result<()> {
    let (span, a) = match period {
        ReportPeriod::Daily(a) => ("daily", a),
        ReportPeriod::Weekly(a) => ("weekly", a),
        ReportPeriod::Custom(a) => ("custom", a),
    };
    let mut client = super::Client::new(&a.server.server);
    if let Some(key) = &a.key {
        client.login(&super::load_key(key)?.1).await?;
    }
    let mut query = vec![("cutoff", a.cutoff.clone()), ("offset", a.offset.to_string()), ("lang", a.lang.clone())];
    if let Some(d) = &a.date {
        query.push(("date", d.clone()));
    }
    if let Some(days) = a.days {
        query.push(("days", days.to_string()));
    }
    let query = serde_urlencoded::to_string(&query)?;
    let path = if a.json { format!("/v1/reports/{span}?{query}") } else { format!("/reports/{span}?{query}") };
    let text = client.get_text(&path).await?;
    match &a.out {
        Some(out) => {
            std::fs::write(out, &text).with_context(|| format!("writing {}", out.display()))?;
            eprintln!("wrote the {span} report to {}", out.display());
        }
        None => println!("{text}"),
    }
    Ok(())
}
