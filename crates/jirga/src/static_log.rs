//! `jirga log export`: the log as plain files, laid out as C2SP tlog-tiles and the few JSON
//! documents `jirga audit` reads, so that any static web server, object store or party's own
//! host can serve it and anyone can audit it without the operator's server.
//!
//! The bytes are the server's own (crate::api::log, ::statements, ::incidents, as an anonymous
//! reader gets them), from the store opened read-only as a mirror opens it. A file a checkpoint
//! fixes for ever — a tile, an entry bundle — is written once; finding one that holds other
//! bytes means this folder shows another history of the log, and the export stops there rather
//! than paper over a fork. The checkpoints go last, so a reader who sees one finds everything
//! it covers.

use crate::api::{incidents, log, statements, AppState, Problem};
use crate::clock::SystemClock;
use crate::sequencer::Sequencer;
use crate::server::Config;
use crate::store::Store;
use anyhow::{anyhow, bail, Context, Result};
use ledger::checkpoint::Checkpoint;
use ledger::note::Verifier;
use ledger::tiles::{self, TilePath, TILE_WIDTH};
use model::statement::Entry;
use model::{Body, Kind};
use object_store::path::Path as ObjectPath;
use object_store::ObjectStore;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What an export did.
#[derive(Debug, Default)]
pub struct Exported {
    /// The entries the exported checkpoint covers.
    pub size: u64,
    /// The size of the exported witnessed checkpoint, when the log has one.
    pub witnessed: Option<u64>,
    /// Files written (new or changed).
    pub written: u64,
    /// Files already there with the same bytes.
    pub unchanged: u64,
}

/// Opens the store of a server's data folder without creating one where there is none.
pub async fn open_store(config: &Config) -> Result<Store> {
    if config.database.is_none() {
        let data = &config.data;
        if !data.is_dir() {
            bail!("there is no data folder at {}: pass the folder the server runs on with --data", data.display());
        }
        let db = config.data.join("jirga.db");
        if !db.is_file() {
            bail!(
                "{} holds no log ({} is missing): pass the folder the server runs on with --data",
                data.display(),
                db.display()
            );
        }
    }
    Store::connect(&config.database_url()).await
}

/// `jirga log export`: exports the log of a data folder into `out` and says what it did.
pub async fn run(config: &Config, out: &str) -> Result<()> {
    let store = open_store(config).await?;
    let done = export(&store, out).await.with_context(|| format!("exporting to {out}"));
    store.close().await;
    let done = done?;
    let witnessed = done.witnessed.map(|w| format!(", witnessed up to {w}")).unwrap_or_default();
    println!(
        "exported the log of {} entries{witnessed} to {out}: {} files written, {} unchanged",
        done.size, done.written, done.unchanged
    );
    eprintln!("serve it with any web server, and check it with `jirga audit <its URL> --log-key …`");
    Ok(())
}

/// Writes the log as of its latest checkpoint into `out` (a folder, created if need be, or
/// `s3://bucket[/prefix]`).
pub async fn export(store: &Store, out: &str) -> Result<Exported> {
    export_from(&open_app(store).await?, out).await
}

/// The log of a store as a read-only server would hold it, checked against the key its genesis
/// names: what [`export_from`] and `jirga archive` read.
pub async fn open_app(store: &Store) -> Result<AppState> {
    if store.latest_checkpoint().await?.is_none() {
        bail!("the log has no signed checkpoint yet: there is nothing to export");
    }
    let log_key = genesis_log_key(store).await?;
    Ok(AppState::new(store.clone(), open_log(store, &log_key).await?, Arc::new(SystemClock)))
}

/// Writes the log `app` holds, as of its latest checkpoint, into `out`.
pub async fn export_from(app: &AppState, out: &str) -> Result<Exported> {
    publish(app, &mut Files::open(out)?, 0).await
}

/// `jirga serve --tiles LOCATION`: keeps the log published at `location` as it grows, a round
/// at most every second when a new checkpoint or new cosignatures are there; a failed round is
/// logged and tried again a second later, the server goes on.
pub fn keep_published(app: AppState, location: &str) -> Result<()> {
    let mut files = Files::open(location)?;
    let location = location.to_string();
    tokio::spawn(async move {
        // What the last round wrote: the checkpoint's size (everything below it is not looked
        // at again) and the witnessed size, which moves later as cosignatures come in.
        let mut written = (0, 0);
        // Ends with the server: its sequencer is gone then.
        while app.seq.published.has_changed().is_ok() {
            let now = {
                let s = app.seq.state.read().expect("state lock");
                (s.published_size(), s.witnessed_size)
            };
            if now.0 > 0 && now != written && app.seq.writes() {
                match publish(&app, &mut files, written.0).await {
                    Ok(done) => written = (done.size, done.witnessed.unwrap_or(0)),
                    Err(e) => tracing::warn!(error = %format!("{e:#}"), %location, "publishing the log failed"),
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    Ok(())
}

/// Writes the log as of its latest checkpoint; the full tiles, bundles and statements below
/// `since` were written by an earlier call and are not looked at again.
async fn publish(app: &AppState, files: &mut Files, since: u64) -> Result<Exported> {
    // The witnessed checkpoint first: it is never beyond the latest read after it. A running
    // server signs more meanwhile; this round writes the one it read.
    let witnessed = log::witnessed_note(app).await.map_err(|p| problem("the witnessed checkpoint", p))?;
    let witnessed_size = witnessed.as_ref().map(|(s, _)| *s);
    let latest = app.seq.state.read().expect("state lock").checkpoint.clone();
    let (size, note) = latest.context("the log has no signed checkpoint yet: there is nothing to export")?;
    if since == 0 {
        files.check_history(app).await?;
    }
    (files.written, files.unchanged) = (0, 0);

    // A reader of the witnessed checkpoint fetches the right-edge tiles of its own size.
    let (mut bundles, mut hash_tiles) = tiles_of(size, witnessed_size);
    bundles.retain(|t| !written_before(*t, since));
    hash_tiles.retain(|t| !written_before(*t, since));
    // The genesis alone, which auditors and mirrors read first to learn the witness policy.
    let genesis = TilePath::Entries { index: 0, width: 1 };
    if since == 0 && !bundles.contains(&genesis) {
        bundles.push(genesis);
    }
    for bundle in bundles {
        let bytes = files.tile(app, bundle).await?;
        if bundle.is_partial() && !covers_right_edge(bundle, size) {
            continue;
        }
        let TilePath::Entries { index, .. } = bundle else { unreachable!("tiles_of lists bundles first") };
        for (i, entry) in decode(&bytes, bundle)?.iter().enumerate() {
            let at = index * u64::from(TILE_WIDTH) + i as u64;
            if at >= since {
                files.statement(app, at, entry).await?;
            }
        }
    }
    for tile in hash_tiles {
        files.tile(app, tile).await?;
    }

    let deployment = incidents::deployment_view(&app.seq.state.read().expect("state lock"))
        .map_err(|p| problem("the deployment", p))?;
    files.put("v1/deployment", &serde_json::to_vec(&deployment)?, Lasting::Changes).await?;
    if let Some((_, note)) = &witnessed {
        files.put("v1/checkpoint/witnessed", note.as_bytes(), Lasting::Changes).await?;
    }
    let latest = crate::witnessing::with_cosignatures(&app.store, size, &note).await?;
    files.put("checkpoint", latest.as_bytes(), Lasting::Changes).await?;
    Ok(Exported { size, witnessed: witnessed_size, written: files.written, unchanged: files.unchanged })
}

/// Whether a full tile or bundle lies wholly below `since`, so an earlier round wrote it.
fn written_before(tile: TilePath, since: u64) -> bool {
    let end = match tile {
        TilePath::Entries { index, width } => index * 256 + u64::from(width),
        TilePath::Hashes { level, index, width } => {
            (index * 256 + u64::from(width)).saturating_mul(1u64.checked_shl(8 * u32::from(level)).unwrap_or(u64::MAX))
        }
    };
    !tile.is_partial() && end <= since
}

/// The log's key, as its genesis names it: the export needs nothing from the data folder but
/// the database, and the checkpoints are checked against the key the log itself committed to.
async fn genesis_log_key(store: &Store) -> Result<Verifier> {
    let first = store.entries(0, 1).await?;
    let bytes = first.first().context("the log has a checkpoint but no entries: the database is damaged")?;
    let entry = Entry::parse(bytes).map_err(|e| anyhow!("entry 0: {e}"))?;
    if entry.header.kind != Kind::Genesis {
        bail!("entry 0 is a {:?}, not the genesis: the database is damaged", entry.header.kind);
    }
    let body = store.body(&entry.id).await?.context("the genesis has no stored body: the database is damaged")?;
    let Body::Genesis(genesis) = Body::parse(Kind::Genesis, &body).map_err(|e| anyhow!("the genesis: {e}"))? else {
        unreachable!("a genesis body parses as a genesis")
    };
    Verifier::parse(&genesis.log_key).map_err(|e| anyhow!("the genesis's log key {:?}: {e}", genesis.log_key))
}

/// The log as a read-only mirror holds it: the tree checked against the latest checkpoint.
async fn open_log(store: &Store, log_key: &Verifier) -> Result<Sequencer> {
    // A running server may commit a batch between the reads of the leaves and of the checkpoint,
    // which then disagree; read both again before calling the store damaged.
    for _ in 0..3 {
        if let Ok(seq) = Sequencer::read_only(store, log_key).await {
            return Ok(seq);
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    Sequencer::read_only(store, log_key).await.context("reading the log")
}

fn problem(what: &str, p: Problem) -> anyhow::Error {
    anyhow!("{what}: {} ({})", p.detail, p.code)
}

/// The entry bundles, then the hash tiles, that readers of checkpoints of `size` and of
/// `witnessed` (when there is one) fetch: every full one, and the partial ones at the right
/// edge of each size.
fn tiles_of(size: u64, witnessed: Option<u64>) -> (Vec<TilePath>, Vec<TilePath>) {
    let (mut bundles, mut hashes) = (Vec::new(), Vec::new());
    let add = |list: &mut Vec<TilePath>, tile| {
        if !list.contains(&tile) {
            list.push(tile);
        }
    };
    for (n, edge) in [Some(size), witnessed].into_iter().flatten().enumerate() {
        // The full ones of the witnessed size, never above the latest, are among the latest's.
        let full = n == 0;
        if full {
            bundles.extend((0..edge / 256).map(|index| TilePath::Entries { index, width: TILE_WIDTH }));
        }
        let width = tiles::partial_tile_width(0, edge);
        if width > 0 {
            add(&mut bundles, TilePath::Entries { index: edge / 256, width });
        }
        let mut level = 0u8;
        loop {
            let below = edge.checked_shr(8 * u32::from(level)).unwrap_or(0);
            if below == 0 {
                break;
            }
            if full {
                hashes.extend((0..below / 256).map(|index| TilePath::Hashes { level, index, width: TILE_WIDTH }));
            }
            let width = tiles::partial_tile_width(level, edge);
            if width > 0 {
                add(&mut hashes, TilePath::Hashes { level, index: below / 256, width });
            }
            level += 1;
        }
    }
    (bundles, hashes)
}

/// Whether `bundle` is one of the bundles of the log at `size`: the statements are written
/// from those, not again from the witnessed checkpoint's shorter right edge.
fn covers_right_edge(bundle: TilePath, size: u64) -> bool {
    matches!(bundle, TilePath::Entries { index, width } if index * 256 + u64::from(width) == size)
}

fn decode(bytes: &[u8], bundle: TilePath) -> Result<Vec<Vec<u8>>> {
    tiles::decode_entry_bundle(bytes).map_err(|e| anyhow!("entry bundle {}: {e}", bundle.to_path()))
}

/// Whether a file may change from one export to the next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lasting {
    /// Fixed by the log's history: other bytes there mean another history.
    Forever,
    /// Grows or gathers cosignatures and statuses as the log does: replaced.
    Changes,
}

/// Where the log is written: a folder (each file synced before it is renamed in) or an object
/// store (each put whole or not at all).
enum Target {
    Folder(PathBuf),
    Objects(Arc<dyn ObjectStore>),
}

/// The files of an export, and what a round wrote.
struct Files {
    target: Target,
    location: String,
    written: u64,
    unchanged: u64,
}

impl Files {
    fn open(location: &str) -> Result<Files> {
        let target = if location.starts_with("s3://") {
            Target::Objects(crate::objects::open(location, "the log's export")?)
        } else {
            let root = PathBuf::from(location.strip_prefix("file://").unwrap_or(location));
            std::fs::create_dir_all(&root)
                .with_context(|| format!("cannot create the export folder {}", root.display()))?;
            Target::Folder(root)
        };
        Ok(Files { target, location: location.trim_end_matches('/').to_string(), written: 0, unchanged: 0 })
    }

    /// Where `name` is, for messages.
    fn show(&self, name: &str) -> String {
        match &self.target {
            Target::Folder(root) => root.join(name).display().to_string(),
            Target::Objects(_) => format!("{}/{name}", self.location),
        }
    }

    async fn get(&self, name: &str) -> Result<Option<Vec<u8>>> {
        match &self.target {
            Target::Folder(root) => match std::fs::read(root.join(name)) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e).with_context(|| format!("reading {}", self.show(name))),
            },
            Target::Objects(store) => match store.get(&ObjectPath::from(name)).await {
                Ok(got) => Ok(Some(got.bytes().await?.to_vec())),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e).with_context(|| format!("reading {}", self.show(name))),
            },
        }
    }

    async fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = match &self.target {
            Target::Objects(store) => {
                store
                    .put(&ObjectPath::from(name), bytes.to_vec().into())
                    .await
                    .with_context(|| format!("cannot write {}", self.show(name)))?;
                return Ok(());
            }
            Target::Folder(root) => root.join(name),
        };
        let dir = path.parent().expect("a file in the export folder has a parent");
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))?;
        let file_name = path.file_name().expect("a file name").to_string_lossy();
        let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            // On disk before it is renamed in: after a power cut, a tile is whole or absent, and
            // never an empty file the next export would take for a fork.
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e).with_context(|| format!("cannot write {}", path.display()));
        }
        Ok(())
    }

    /// A checkpoint already in the folder must be one this log has passed through: exporting a
    /// shorter or different log over it would roll back or fork what readers were shown.
    async fn check_history(&self, app: &AppState) -> Result<()> {
        let shown = self.show("checkpoint");
        let Some(bytes) = self.get("checkpoint").await? else { return Ok(()) };
        let text = String::from_utf8(bytes).map_err(|_| anyhow!("{shown} is not text"))?;
        let (verifier, size) = {
            let state = app.seq.state.read().expect("state lock");
            (state.log_verifier.clone(), state.published_size())
        };
        let (old, _) = Checkpoint::open(&text, &verifier).map_err(|e| {
            anyhow!(
                "{shown} is not a checkpoint of this log ({e}): export into an empty folder, or the one this log \
                 was exported to"
            )
        })?;
        if old.size > size {
            bail!("rollback: {shown} shows {} entries but the log has only {size}; nothing was written", old.size);
        }
        let root =
            crate::sequencer::ask_tree(&app.seq.state, &app.store, |tree, tiles| tree.root_at_in(old.size, tiles));
        if root.await.ok() != Some(old.root) {
            bail!(
                "fork: the first {} entries of the log do not hash to the root of {shown}; nothing was written",
                old.size
            );
        }
        Ok(())
    }

    /// Writes a tile or entry bundle as /tile/… serves it; returns its bytes.
    async fn tile(&mut self, app: &AppState, path: TilePath) -> Result<Vec<u8>> {
        let name = path.to_path();
        let bytes = log::tile_data(app, path).await.map_err(|p| problem(&name, p))?;
        // A partial tile is named by its width, so its bytes are as fixed as a full one's.
        self.put(&name, &bytes, Lasting::Forever).await?;
        Ok(bytes)
    }

    /// Writes the statement of entry `index` as /v1/statements/{id} shows it to anyone: with its
    /// body only when that is public.
    async fn statement(&mut self, app: &AppState, index: u64, entry: &[u8]) -> Result<()> {
        let view = statements::statement_view(app, &model::Viewer::Anonymous, index, entry)
            .await
            .map_err(|p| problem(&format!("entry {index}"), p))?;
        self.put(&format!("v1/statements/{}", view.id), &serde_json::to_vec(&view)?, Lasting::Changes).await
    }

    /// Puts `bytes` at `name` unless they are there already, atomically: a reader sees the old
    /// file or the new one, never half of one.
    async fn put(&mut self, name: &str, bytes: &[u8], lasting: Lasting) -> Result<()> {
        match self.get(name).await? {
            Some(old) if old == bytes => {
                self.unchanged += 1;
                return Ok(());
            }
            Some(_) if lasting == Lasting::Forever => bail!(
                "{} holds other bytes than the log's {name}, which never changes once written: this folder \
                 shows another history of the log (a fork) or was altered. The export stopped; its \
                 checkpoint was not updated",
                self.show(name)
            ),
            _ => {}
        }
        self.write(name, bytes).await?;
        self.written += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tiles: &[TilePath]) -> Vec<String> {
        tiles.iter().map(TilePath::to_path).collect()
    }

    #[test]
    fn every_full_tile_and_each_right_edge_is_listed() {
        let (bundles, hashes) = tiles_of(513, None);
        assert_eq!(names(&bundles), ["tile/entries/000", "tile/entries/001", "tile/entries/002.p/1"]);
        assert_eq!(names(&hashes), ["tile/0/000", "tile/0/001", "tile/0/002.p/1", "tile/1/000.p/2"]);

        let (bundles, hashes) = tiles_of(256, None);
        assert_eq!(names(&bundles), ["tile/entries/000"]);
        assert_eq!(names(&hashes), ["tile/0/000", "tile/1/000.p/1"]);

        // The witnessed checkpoint's right edge too, and nothing of it twice.
        let (bundles, hashes) = tiles_of(300, Some(200));
        assert_eq!(names(&bundles), ["tile/entries/000", "tile/entries/001.p/44", "tile/entries/000.p/200"]);
        assert_eq!(names(&hashes), ["tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1", "tile/0/000.p/200"]);
        assert_eq!(tiles_of(7, Some(7)), tiles_of(7, None));
        let (_, hashes) = tiles_of(600, Some(520));
        assert_eq!(hashes.iter().filter(|t| t.to_path() == "tile/1/000.p/2").count(), 1);
    }

    #[test]
    fn the_statements_come_from_the_latest_right_edge_only() {
        assert!(covers_right_edge(TilePath::Entries { index: 1, width: 44 }, 300));
        assert!(!covers_right_edge(TilePath::Entries { index: 0, width: 200 }, 300));
    }
}
