//! `jirga archive`: the whole record of a mechanism in one folder that any party can keep and
//! check for as long as it likes, with no server: the log as C2SP static tiles (the very files
//! `jirga log export` writes, which `jirga audit` reads from any web server), every stored body
//! by its index in the log, the evidence index with each file's chain of custody (and the files
//! themselves when asked), the weekly compliance reports of every week the log covers and the
//! record of every deliverable, and a MANIFEST.json naming the checkpoint and every file with its
//! SHA-256. `jirga verify-archive` ([`verify`], in archive/verify.rs) checks all of it offline.

mod verify;

pub use verify::{verify, Verified};

use crate::report::{self, ReportQuery, Span};
use crate::server::Config;
use crate::state::AppState;
use crate::static_log;
use crate::store::Store;
use anyhow::{anyhow, bail, Context, Result};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use chrono::{Duration, NaiveDate};
use ledger::checkpoint::Checkpoint;
use model::deployment::PartyKind;
use model::statement::Entry;
use model::Viewer;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

pub const FORMAT: &str = "jirga-archive/v1";
pub const MANIFEST: &str = "MANIFEST.json";

/// MANIFEST.json: what the archive was made at, and every other file in it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The log's key (C2SP vkey) as its genesis names it.
    pub log_key: String,
    /// The checkpoint the archive was made at (the folder's `checkpoint` file).
    pub checkpoint: AtCheckpoint,
    /// When the archive was made (RFC 3339).
    pub made_at: String,
    /// Whose copy it is: the party whose readable bodies it holds, or "public".
    pub bodies: String,
    /// Every file but this one, '/'-separated, sorted.
    pub files: Vec<FileRow>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AtCheckpoint {
    pub size: u64,
    /// base64 of the tree's root hash.
    pub root: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRow {
    pub path: String,
    /// Hex.
    pub sha256: String,
    pub size: u64,
}

pub struct Options {
    /// Copy the evidence files too (evidence/files/<sha256>).
    pub with_files: bool,
    /// Whose copy it is: the bodies, the reports and the evidence index are those this reader
    /// may read. None: the mediators' (every body but another party's drafts).
    pub reader: Option<String>,
}

/// The reader an archive is made for: a party or mediator of the genesis, "public", or (None) the
/// first mediator.
fn reader_of(genesis: &model::Genesis, reader: Option<&str>) -> Result<(Viewer, String)> {
    match reader {
        Some("public") => Ok((Viewer::Anonymous, "public".into())),
        Some(id) => {
            let p = genesis.parties.iter().find(|p| p.id == id).with_context(|| {
                let ids: Vec<&str> = genesis.parties.iter().map(|p| p.id.as_str()).collect();
                format!("--for {id:?}: name a party of the deployment ({}) or public", ids.join(", "))
            })?;
            Ok((Viewer::Member { party: p.id.clone(), party_kind: p.kind }, p.id.clone()))
        }
        None => {
            let m = genesis
                .parties
                .iter()
                .find(|p| p.kind == PartyKind::Mediator)
                .context("the genesis names no mediator")?;
            Ok((Viewer::Member { party: m.id.clone(), party_kind: PartyKind::Mediator }, m.id.clone()))
        }
    }
}

/// `jirga archive`: writes the archive of a data folder into `out`, a new or empty folder.
pub async fn run(config: &Config, out: &Path, options: &Options) -> Result<()> {
    let store = static_log::open_store(config).await?;
    let made = write(&store, config, out, options).await.with_context(|| format!("archiving to {}", out.display()));
    store.close().await;
    let made = made?;
    println!(
        "archived the log of {} entries (root {}) to {}: {} files listed in {MANIFEST}",
        made.checkpoint.size,
        made.checkpoint.root,
        out.display(),
        made.files.len()
    );
    eprintln!("check it anywhere with `jirga verify-archive {} --log-key …`", out.display());
    Ok(())
}

/// Writes the archive and returns its manifest.
pub async fn write(store: &Store, config: &Config, out: &Path, options: &Options) -> Result<Manifest> {
    if out.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        bail!("{} is not empty: an archive is written into a new or empty folder", out.display());
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let app = static_log::open_app(store).await?;
    let folder = out.to_str().context("the archive folder's path is not UTF-8")?;
    static_log::export_from(&app, folder).await?;
    // The export's checkpoint is the one everything else is cut at.
    let (log_key, cp) = {
        let verifier = app.seq.state.read().expect("state lock").log_verifier.clone();
        let note = std::fs::read_to_string(out.join("checkpoint")).context("the exported checkpoint")?;
        let (cp, _) = Checkpoint::open(&note, &verifier).map_err(|e| anyhow!("the exported checkpoint: {e}"))?;
        (verifier.to_vkey(), cp)
    };
    let genesis = app.genesis().map_err(|p| anyhow!("the genesis: {}", p.detail))?;
    let (viewer, reader) = reader_of(&genesis, options.reader.as_deref())?;

    let logged = write_bodies(store, out, cp.size, &viewer).await?;
    write_evidence(&app, config, out, &viewer, &logged, options.with_files).await?;
    let (first, last) = (logged.first, logged.last);
    write_reports(&app, out, &viewer, &genesis, first, last).await?;

    let manifest = Manifest {
        format: FORMAT.into(),
        log_key,
        checkpoint: AtCheckpoint { size: cp.size, root: B64.encode(cp.root) },
        made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        bodies: reader,
        files: list_files(out)?
            .into_iter()
            .filter(|p| p != MANIFEST)
            .map(|path| {
                let (sha256, size) = file_digest(&out.join(&path)).with_context(|| format!("reading {path}"))?;
                Ok(FileRow { sha256, size, path })
            })
            .collect::<Result<_>>()?,
    };
    put(out, MANIFEST, &serde_json::to_vec_pretty(&manifest)?)?;
    Ok(manifest)
}

/// Writes `bytes` at `name` under `out`, making its folder.
fn put(out: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let path = out.join(name);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// A file's SHA-256 (hex) and size, read a piece at a time: evidence files may be gigabytes.
pub(crate) fn file_digest(path: &Path) -> Result<(String, u64)> {
    use sha2::{Digest, Sha256};
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)?;
    Ok((hex::encode(hasher.finalize()), size))
}

/// Every file under `root`, '/'-separated and sorted.
pub(crate) fn list_files(root: &Path) -> Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = e?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else {
                out.push(path.strip_prefix(root)?.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(root, root, &mut out)?;
    out.sort();
    Ok(out)
}

/// What the archived log holds: the ids of its statements, and when the first and the last
/// were logged.
struct Logged {
    ids: HashSet<String>,
    first: i64,
    last: i64,
}

/// bodies/<index>.json: each stored body's canonical bytes, as its entry's header hashes them.
async fn write_bodies(store: &Store, out: &Path, size: u64, viewer: &Viewer) -> Result<Logged> {
    let (mut first, mut last, mut ids) = (None, 0, HashSet::new());
    let mut from = 0;
    while from < size {
        let to = (from + 1024).min(size);
        for (idx, entry, body) in store.entries_with_bodies_left(from, to).await? {
            let parsed = Entry::parse(&entry).map_err(|e| anyhow!("entry {idx}: {e}"))?;
            first.get_or_insert(parsed.logged_at);
            last = parsed.logged_at;
            ids.insert(parsed.id.hex());
            match body {
                Some(b) if viewer.may_read(&parsed.header.party, parsed.header.visibility) => {
                    put(out, &format!("bodies/{idx}.json"), &b)?
                }
                _ => {}
            }
        }
        from = to;
    }
    Ok(Logged { ids, first: first.unwrap_or_default(), last })
}

/// evidence/index.json: every registration of a file in the archived log with its chain of
/// custody (a running server may have logged more since); with `with_files`, the files the
/// evidence store holds, as evidence/files/<sha256>.
async fn write_evidence(
    app: &AppState,
    config: &Config,
    out: &Path,
    viewer: &Viewer,
    logged: &Logged,
    with_files: bool,
) -> Result<()> {
    let mut rows = app.store.evidence_index(viewer).await?;
    rows.retain(|r| logged.ids.contains(&r.statement));
    let mut index = Vec::with_capacity(rows.len());
    for row in &rows {
        let custody: Vec<_> = app
            .store
            .custody(&row.sha256)
            .await?
            .into_iter()
            .filter(|c| c.registration == row.statement && logged.ids.contains(&c.statement))
            .collect();
        index.push(json!({"registration": row, "custody": custody}));
    }
    put(out, "evidence/index.json", &serde_json::to_vec_pretty(&index)?)?;
    if !with_files {
        return Ok(());
    }
    use futures_util::StreamExt;
    let files = crate::evidence::EvidenceStore::open(&config.evidence_location(), crate::evidence::DEFAULT_MAX_BYTES)?;
    let mut done = HashSet::new();
    for row in rows.iter().filter(|r| r.readable) {
        if !done.insert(row.sha256.clone()) || files.size(&row.sha256).await?.is_none() {
            continue;
        }
        // Streamed to the file: evidence may be gigabytes.
        let path = out.join("evidence/files").join(&row.sha256);
        std::fs::create_dir_all(out.join("evidence/files"))?;
        let mut file = std::fs::File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
        let mut stream = files.get(&row.sha256, None).await?;
        while let Some(chunk) = stream.next().await {
            file.write_all(&chunk.context("reading from the evidence store")?)?;
        }
    }
    Ok(())
}

/// reports/weekly/<date>.json for every week from the first entry to the last (each as
/// `jirga report weekly --json` gives it), and reports/obligations.json as /v1/obligations.
async fn write_reports(
    app: &AppState,
    out: &Path,
    viewer: &Viewer,
    genesis: &model::Genesis,
    first_ms: i64,
    last_ms: i64,
) -> Result<()> {
    for end in week_ends(day_of(first_ms), day_of(last_ms)) {
        let q = ReportQuery { date: Some(end.to_string()), ..Default::default() };
        let compiled = report::compile(app, viewer, Span::Weekly, &q)
            .await
            .map_err(|p| anyhow!("the weekly report to {end}: {}", p.detail))?;
        put(out, &format!("reports/weekly/{end}.json"), &serde_json::to_vec_pretty(&compiled)?)?;
    }
    // Overdue as of the day the archive is made, as /v1/obligations says it that day.
    let today = crate::api::obligations::today(app.clock.now_ms());
    // The steps inside the archived log only, as the bodies are.
    let deliverables = app.store.obligation_records(genesis, viewer, today, last_ms + 1).await?;
    let obligations = json!({"tallies": model::performance::tallies(&deliverables), "deliverables": deliverables});
    put(out, "reports/obligations.json", &serde_json::to_vec_pretty(&obligations)?)
}

/// The day of `ms` in the reports' default local time.
fn day_of(ms: i64) -> NaiveDate {
    let local = ms + i64::from(report::DEFAULT_OFFSET_MINUTES) * 60_000;
    chrono::DateTime::from_timestamp_millis(local).unwrap_or_default().date_naive()
}

/// The last days of the weeks from `first` to `last`: the first week ends six days after the
/// first entry's day, the last on or after the last entry's (a week ends at the evening cut-off).
fn week_ends(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut ends = vec![first + Duration::days(6)];
    while ends.last().is_some_and(|e| *e < last) && ends.len() < 53 * 50 {
        ends.push(*ends.last().expect("one") + Duration::days(7));
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weeks_cover_the_log() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(week_ends(d("2025-11-01"), d("2025-11-01")), [d("2025-11-07")]);
        assert_eq!(week_ends(d("2025-11-01"), d("2025-11-07")), [d("2025-11-07")]);
        assert_eq!(week_ends(d("2025-11-01"), d("2025-11-08")), [d("2025-11-07"), d("2025-11-14")]);
    }
}
