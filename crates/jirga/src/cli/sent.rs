//! The client's own record of every statement it signed, so that the key monitor (`jirga
//! monitor`) can tell a statement this device made from one made with the same key elsewhere: a
//! stolen or copied key. One file per statement, `<id>.json`, written whole (temporary name,
//! synced, renamed) before the statement leaves the device, so nothing sent is ever missing
//! from the record. Default folder: $HOME/.jirga/sent, or JIRGA_SENT.

use super::queue::write_whole;
use anyhow::{Context, Result};
use model::Statement;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The folder of the record: `given`, else JIRGA_SENT, else $HOME/.jirga/sent.
pub fn folder(given: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("JIRGA_SENT") {
        return Ok(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME").context("no HOME: set JIRGA_SENT to the folder recording what you sign")?;
    Ok(PathBuf::from(home).join(".jirga/sent"))
}

/// Set by the `jirga` command: programs that use the client as a library (the benchmarks) sign
/// for themselves and keep no record in a member's folder.
static RECORDING: AtomicBool = AtomicBool::new(false);

pub fn start_recording() {
    RECORDING.store(true, Ordering::SeqCst);
}

/// Records a statement signed here; an error stops it from being sent.
pub fn record(st: &Statement) -> Result<()> {
    if !RECORDING.load(Ordering::SeqCst) {
        return Ok(());
    }
    let dir = folder(None)?;
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let line = json!({
        "id": st.id.hex(),
        "kind": st.header.kind.as_str(),
        "party": st.header.party,
        "author": st.header.author,
        "signed_at": st.header.time,
    });
    write_whole(&dir.join(format!("{}.json", st.id.hex())), &serde_json::to_vec_pretty(&line)?)
        .with_context(|| format!("recording the statement in {}", dir.display()))
}

/// Whether this device recorded signing statement `id`.
pub fn has(dir: &Path, id: &model::StatementId) -> bool {
    dir.join(format!("{}.json", id.hex())).is_file()
}
