//! `jirga backup` and `jirga restore`. A backup is a folder: a consistent copy of the database
//! taken while the server runs (SQLite's `VACUUM INTO`, or `pg_dump`, each one snapshot) and a
//! manifest that says which log it holds and up to which signed checkpoint. The evidence files
//! are not copied (they are content-addressed and kept where `--evidence` says, which has its
//! own backups: a folder's, or a bucket's versioning); the manifest lists the files the log
//! registers, so that a restore can say which are missing. Keys are not copied either.
//!
//! A restore installs the copy and checks it against the checkpoints the deployment's witnesses
//! hold: a copy older than what a witness has cosigned is a rollback of the public record, and is
//! refused (the database is marked so, and no server starts on it) unless the operator accepts
//! it, which is then recorded and announced by every server on that database.

use crate::server::Config;
use crate::store::Store;
use anyhow::{bail, Context, Result};
use ledger::checkpoint::Checkpoint;
use ledger::note::Verifier;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const FORMAT: &str = "jirga-backup/1";
const MANIFEST: &str = "manifest.json";
const SQLITE_FILE: &str = "jirga.db";
const PG_FILE: &str = "jirga.pgdump";
/// Set on a database whose restore was refused: no server starts on it.
pub const REFUSED: &str = "restore_refused";
/// Set on a database restored to an older state than its witnesses hold, by the operator's choice.
pub const ROLLED_BACK: &str = "rolled_back";

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub created: String,
    /// sqlite or postgres
    pub database: String,
    /// The log's first statement (its genesis) and origin: which log this is.
    pub deployment: String,
    pub origin: String,
    /// The latest signed checkpoint when the copy was taken: the copy holds at least this much.
    pub checkpoint: String,
    pub size: u64,
    /// Where the evidence files were kept, and the files the log registers (sha256, bytes).
    pub evidence: String,
    pub evidence_files: Vec<(String, u64)>,
}

/// Copies the database of `config` into the folder `to` (which must not exist yet).
pub async fn backup(config: &Config, to: &Path) -> Result<Manifest> {
    if to.exists() {
        bail!("{} exists already: a backup goes into a new folder", to.display());
    }
    let url = config.database_url();
    let store = Store::connect(&url).await?;
    let note = store.latest_checkpoint().await?.context("the log is empty: nothing to back up")?;
    let (genesis, g) = genesis_of(&store).await?;
    let evidence_files = store.registered_files().await?;
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    let database = if url.starts_with("sqlite:") {
        let file = to.join(SQLITE_FILE);
        let quoted = file.display().to_string().replace('\'', "''");
        sqlx::query(&format!("VACUUM INTO '{quoted}'")).execute(&store.pool).await.context("copying the database")?;
        "sqlite"
    } else {
        let file = to.join(PG_FILE).display().to_string();
        run("pg_dump", &["--format=custom", "--no-owner", "--file", &file, &url])?;
        "postgres"
    };
    store.close().await;
    let size = note.lines().nth(1).and_then(|l| l.parse().ok()).unwrap_or(0);
    let manifest = Manifest {
        format: FORMAT.into(),
        created: chrono::Utc::now().to_rfc3339(),
        database: database.into(),
        deployment: genesis,
        origin: g.origin,
        checkpoint: note,
        size,
        evidence: crate::store::redact(&config.evidence_location()),
        evidence_files,
    };
    std::fs::write(to.join(MANIFEST), serde_json::to_vec_pretty(&manifest)?)?;
    Ok(manifest)
}

#[derive(Debug)]
pub struct Restored {
    pub size: u64,
    /// Per witness: the size it had cosigned, or None if it had cosigned nothing for this log.
    pub witnesses: Vec<(String, Option<u64>)>,
    /// The largest size a witness had cosigned beyond the restored log, if any (a rollback).
    pub rolled_back_from: Option<u64>,
    /// Registered evidence files the evidence store does not hold.
    pub missing_files: Vec<String>,
}

/// Installs the backup in `from` as the database of `config` (which must hold no log yet) and
/// checks it against the witnesses (`NAME=URL`).
pub async fn restore(config: &Config, from: &Path, witnesses: &[String], accept_rollback: bool) -> Result<Restored> {
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(from.join(MANIFEST)).with_context(|| format!("reading {}", from.join(MANIFEST).display()))?,
    )
    .context("the backup's manifest")?;
    if manifest.format != FORMAT {
        bail!("the backup is in format {:?}; this jirga reads {FORMAT}", manifest.format);
    }
    let url = config.database_url();
    if let Ok(existing) = Store::connect(&url).await {
        let size = existing.log_size().await?;
        existing.close().await;
        if size > 0 {
            bail!(
                "the database {} holds a log of {size} entries: restore into an empty one",
                crate::store::redact(&url)
            );
        }
    }
    match (manifest.database.as_str(), url.starts_with("sqlite:")) {
        ("sqlite", true) => {
            let path = PathBuf::from(url.trim_start_matches("sqlite://").split('?').next().unwrap_or_default());
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            std::fs::copy(from.join(SQLITE_FILE), &path).with_context(|| format!("copying to {}", path.display()))?;
        }
        ("postgres", false) => {
            let file = from.join(PG_FILE).display().to_string();
            let flags = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"];
            run("pg_restore", &[&flags[..], &["--dbname", &url, &file]].concat())?;
        }
        (kind, _) => bail!("the backup is of a {kind} database; restore it into one of the same kind"),
    }
    let store = Store::connect(&url).await?;
    let (genesis, g) = genesis_of(&store).await?;
    if genesis != manifest.deployment {
        bail!("the restored database is not the backup's log");
    }
    let origin = g.origin;
    // The log's key as its genesis names it: a restore needs no secret to check the copy.
    let log = Verifier::parse(&g.log_key).map_err(|e| anyhow::anyhow!("the genesis's log key: {e}"))?;
    let (state, _) = crate::sequencer::load_state(&store, &log).await.context("checking the restored log")?;
    let size = state.published_size();
    if size < manifest.size {
        bail!("the restored log has {size} entries; the backup's manifest says at least {}", manifest.size);
    }
    let mut result = Restored { size, witnesses: vec![], rolled_back_from: None, missing_files: vec![] };
    let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(15)).build()?;
    for w in witnesses {
        let (name, base) = w.split_once('=').with_context(|| format!("--witness {w:?}: write NAME=URL"))?;
        let answer = http
            .get(format!("{}/latest", base.trim_end_matches('/')))
            .query(&[("origin", origin.as_str())])
            .send()
            .await
            .with_context(|| format!("asking the witness {name}"))?;
        if answer.status() == reqwest::StatusCode::NOT_FOUND {
            result.witnesses.push((name.into(), None));
            continue;
        }
        let note = answer.error_for_status()?.text().await?;
        let (cp, _) =
            Checkpoint::open(&note, &log).map_err(|e| anyhow::anyhow!("the witness {name}'s checkpoint: {e}"))?;
        if cp.size > size {
            result.rolled_back_from = result.rolled_back_from.max(Some(cp.size));
        } else {
            if store.tree_at(cp.size).await?.root() != cp.root {
                store
                    .set_meta(REFUSED, &format!("the witness {name} cosigned another log at size {}", cp.size))
                    .await?;
                bail!("the restored log forks from what the witness {name} cosigned at size {}: refused", cp.size);
            }
        }
        result.witnesses.push((name.into(), Some(cp.size)));
    }
    if let Some(from_size) = result.rolled_back_from {
        let what = format!(
            "restored to {size} entries at {}; the witnesses had cosigned {from_size}",
            chrono::Utc::now().to_rfc3339()
        );
        if !accept_rollback {
            store.set_meta(REFUSED, &what).await?;
            bail!(
                "the backup holds {size} entries but the witnesses have cosigned {from_size}: restoring it would roll \
                 the public record back. Restore a newer backup, or recover the missing entries from a party's mirror; \
                 --accept-rollback restores it anyway and every server on it announces the rollback"
            );
        }
        store.set_meta(ROLLED_BACK, &what).await?;
    }
    if let Ok(evidence) = crate::evidence::EvidenceStore::open(&config.evidence_location(), u64::MAX) {
        for (sha256, _) in &manifest.evidence_files {
            if !matches!(evidence.size(sha256).await, Ok(Some(_))) {
                result.missing_files.push(sha256.clone());
            }
        }
    }
    store.close().await;
    Ok(result)
}

/// Refuses to serve a database whose restore was refused; says so loudly if it was rolled back.
pub async fn check_served(store: &Store) -> Result<()> {
    if let Some(why) = store.meta(REFUSED).await? {
        bail!("this database's restore was refused ({why}); restore a newer backup into an empty database");
    }
    if let Some(what) = store.meta(ROLLED_BACK).await? {
        tracing::warn!(%what, "this log was ROLLED BACK by a restore: the witnesses hold later checkpoints");
    }
    Ok(())
}

/// The genesis statement's id and what it says.
async fn genesis_of(store: &Store) -> Result<(String, model::Genesis)> {
    let entries = store.entries(0, 1).await?;
    let entry =
        model::Entry::parse(entries.first().context("the log is empty")?).map_err(|e| anyhow::anyhow!("{e}"))?;
    let body = store.body(&entry.id).await?.context("the genesis has no body")?;
    Ok((entry.id.hex(), serde_json::from_slice(&body).context("the genesis")?))
}

/// pg_dump or pg_restore: on the PATH, or from the PostgreSQL installed here (newest first).
fn tool(name: &str) -> Result<String> {
    if let Ok(path) = std::env::var("PATH") {
        for dir in path.split(':') {
            let p = Path::new(dir).join(name);
            if p.is_file() {
                return Ok(p.display().to_string());
            }
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|d| d.path().join("bin").join(name))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found.pop().map(|p| p.display().to_string()).with_context(|| {
        format!("{name} is not installed: apt-get install postgresql-client (of the server's version or newer)")
    })
}

fn run(name: &str, args: &[&str]) -> Result<()> {
    let tool = tool(name)?;
    let out = std::process::Command::new(&tool).args(args).output().with_context(|| format!("running {tool}"))?;
    if !out.status.success() {
        bail!("{name} failed: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}
