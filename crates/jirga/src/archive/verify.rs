//! `jirga verify-archive`: checks an archive with no network. Every file against the manifest
//! first (a changed file is named), then the checkpoint's signature, the tree recomputed from the
//! entries of the tiles, every entry's signatures and its author's right to make it at that point
//! of the log (the audit's own checks, crate::audit and model::audit), the witnesses' quorum of
//! the genesis policy, every body against the SHA-256 and length in its entry's signed header,
//! every evidence file against its name, and every registration in the index against the log.

use super::{file_digest, list_files, Manifest, FORMAT, MANIFEST};
use crate::audit::{check_hash_tile, verify_signatures};
use anyhow::{anyhow, bail, Context, Result};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ledger::checkpoint::Checkpoint;
use ledger::cosignature::{verify_quorum, CosignatureVerifier};
use ledger::note::Verifier;
use ledger::tiles;
use model::audit::{needs_body, Replay};
use model::statement::{body_digest, Entry};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// What a verified archive holds.
#[derive(Debug)]
pub struct Verified {
    pub size: u64,
    pub root: String,
    pub log_key: String,
    /// True when the person gave the key; false when the manifest's was used.
    pub anchor_given: bool,
    pub files: usize,
    pub bodies: usize,
    pub cosignatures: usize,
    pub quorum: u32,
    pub registrations: usize,
    pub evidence_files: usize,
    pub weekly_reports: usize,
}

/// Verifies the archive in `folder`, with `anchor` (the log key the person trusts) or, without
/// one, the key the manifest names.
pub fn verify(folder: &Path, anchor: Option<&str>) -> Result<Verified> {
    let read = |name: &str| std::fs::read(folder.join(name)).with_context(|| format!("{name} cannot be read"));
    let manifest: Manifest =
        serde_json::from_slice(&read(MANIFEST)?).with_context(|| format!("{MANIFEST} is not an archive's manifest"))?;
    if manifest.format != FORMAT {
        bail!("unknown archive format {:?} (this verifier reads {FORMAT})", manifest.format);
    }
    check_files(folder, &manifest)?;

    let vkey = anchor.unwrap_or(&manifest.log_key);
    let log = Verifier::parse(vkey).map_err(|e| anyhow!("the log key {vkey:?}: {e}"))?;
    let text = String::from_utf8(read("checkpoint")?).map_err(|_| anyhow!("checkpoint is not text"))?;
    let (cp, note) =
        Checkpoint::open(&text, &log).map_err(|e| anyhow!("checkpoint is not signed by the log key: {e}"))?;
    if (cp.size, B64.encode(cp.root)) != (manifest.checkpoint.size, manifest.checkpoint.root.clone()) {
        bail!("checkpoint is not the one {MANIFEST} names");
    }

    // The entries from the bundles, their hashes against the level-0 tiles and the signed root.
    let mut raw = Vec::with_capacity(cp.size as usize);
    let mut leaves = Vec::with_capacity(cp.size as usize);
    for n in 0..cp.size.div_ceil(256) {
        let width = (cp.size - n * 256).min(256) as u16;
        let path = tiles::entries_path(n, width);
        let bundle = tiles::decode_entry_bundle(&read(&path)?).map_err(|e| anyhow!("{path}: {e}"))?;
        if bundle.len() != usize::from(width) {
            bail!("{path} holds {} entries, not {width}", bundle.len());
        }
        let chunk: Vec<ledger::Hash> = bundle.iter().map(|e| ledger::leaf_hash(e)).collect();
        let tile = tiles::tile_path(0, n, width);
        check_hash_tile(n, &chunk, &read(&tile)?, &tile)?;
        leaves.extend(chunk);
        raw.extend(bundle);
    }
    if ledger::root_from_leaves(&leaves) != cp.root {
        bail!("the entries of the tiles do not hash to the signed checkpoint's root");
    }
    let entries: Vec<Entry> = raw
        .iter()
        .enumerate()
        .map(|(i, e)| Entry::parse(e).map_err(|err| anyhow!("entry {i}: {err}")))
        .collect::<Result<_>>()?;
    verify_signatures(&entries)?;

    let bodies = check_bodies(folder, &entries)?;
    let mut replay = Replay::new();
    for (i, entry) in entries.iter().enumerate() {
        let body = bodies.get(&(i as u64)).map(Vec::as_slice).filter(|_| needs_body(entry.header.kind));
        replay.check(i as u64, entry, body).map_err(|e| anyhow!("entry {}: {}", e.index, e.reason))?;
    }

    // The genesis names the log key and the witnesses whose quorum the checkpoint must carry.
    // The replay has checked that entry 0 is a genesis and its body matches.
    let genesis: model::Genesis =
        serde_json::from_slice(bodies.get(&0).context("bodies/0.json is missing")?).context("the genesis body")?;
    let policy = &genesis.witness_policy;
    let witnesses = crate::bundle::genesis_witnesses(&genesis, &log)?;
    let cosignatures = match verify_quorum(&note, &witnesses, policy.quorum as usize) {
        Ok(c) => c.len(),
        // The latest checkpoint may be ahead of the witnesses: the witnessed one, a prefix of
        // the same tree, must carry the quorum then.
        Err(_) => witnessed(folder, &log, &witnesses, policy.quorum, &leaves)?,
    };

    let (registrations, evidence_files) = check_evidence(folder, &entries)?;
    Ok(Verified {
        size: cp.size,
        root: B64.encode(cp.root),
        log_key: log.to_vkey(),
        anchor_given: anchor.is_some(),
        files: manifest.files.len(),
        bodies: bodies.len(),
        cosignatures,
        quorum: policy.quorum,
        registrations,
        evidence_files,
        weekly_reports: manifest.files.iter().filter(|f| f.path.starts_with("reports/weekly/")).count(),
    })
}

/// Every file the manifest lists is there with its SHA-256 and size, and no other file is.
fn check_files(folder: &Path, manifest: &Manifest) -> Result<()> {
    let listed: HashSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    for f in &manifest.files {
        let (sha256, size) = file_digest(&folder.join(&f.path)).with_context(|| format!("{} is missing", f.path))?;
        if size != f.size || sha256 != f.sha256 {
            bail!("{} does not match the SHA-256 and size {MANIFEST} gives it: it was altered", f.path);
        }
    }
    if let Some(extra) = list_files(folder)?.into_iter().find(|p| p != MANIFEST && !listed.contains(p.as_str())) {
        bail!("{extra} is not listed in {MANIFEST}");
    }
    Ok(())
}

/// bodies/<index>.json, each checked against the SHA-256 and length in its entry's header.
fn check_bodies(folder: &Path, entries: &[Entry]) -> Result<BTreeMap<u64, Vec<u8>>> {
    let mut bodies = BTreeMap::new();
    let dir = folder.join("bodies");
    if !dir.is_dir() {
        return Ok(bodies);
    }
    for file in std::fs::read_dir(&dir)? {
        let name = file?.file_name().to_string_lossy().into_owned();
        let index = name.strip_suffix(".json").and_then(|n| n.parse::<u64>().ok());
        let Some(entry) = index.and_then(|i| entries.get(i as usize)) else {
            bail!("bodies/{name} is not the body of an entry of the log");
        };
        let bytes = std::fs::read(dir.join(&name))?;
        if bytes.len() as u64 != entry.header.body_len || body_digest(&bytes) != entry.header.body_sha256 {
            bail!(
                "bodies/{name} does not match the SHA-256 and length in the signed header of entry {}",
                index.unwrap_or_default()
            );
        }
        bodies.insert(index.unwrap_or_default(), bytes);
    }
    Ok(bodies)
}

/// The witnessed checkpoint: signed by the log, cosigned by a quorum, and a prefix of the tree.
fn witnessed(
    folder: &Path,
    log: &Verifier,
    witnesses: &[CosignatureVerifier],
    quorum: u32,
    leaves: &[ledger::Hash],
) -> Result<usize> {
    let name = "v1/checkpoint/witnessed";
    let text = std::fs::read_to_string(folder.join(name))
        .with_context(|| format!("the checkpoint lacks the witnesses' quorum of {quorum} and {name} is missing"))?;
    let (cp, note) = Checkpoint::open(&text, log).map_err(|e| anyhow!("{name} is not signed by the log key: {e}"))?;
    let cosigned = verify_quorum(&note, witnesses, quorum as usize)
        .map_err(|e| anyhow!("{name}: the witnesses' cosignatures do not meet the genesis policy: {e}"))?;
    let prefix = leaves.get(..cp.size as usize).context("the witnessed checkpoint is beyond the archived log")?;
    if ledger::root_from_leaves(prefix) != cp.root {
        bail!("fork: the first {} entries do not hash to the root of {name}", cp.size);
    }
    Ok(cosigned.len())
}

/// Every registration of the evidence index is an entry of the log, and every evidence file
/// hashes to its name.
fn check_evidence(folder: &Path, entries: &[Entry]) -> Result<(usize, usize)> {
    let index: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(folder.join("evidence/index.json")).context("evidence/index.json")?)
            .context("evidence/index.json is not a list")?;
    let ids: HashSet<String> = entries.iter().map(|e| e.id.hex()).collect();
    for row in &index {
        let id = row["registration"]["statement"].as_str().unwrap_or_default();
        if !ids.contains(id) {
            bail!("evidence/index.json names a registration {id:?} that is not in the log");
        }
    }
    let mut files = 0;
    let dir = folder.join("evidence/files");
    if dir.is_dir() {
        for file in std::fs::read_dir(&dir)? {
            let name = file?.file_name().to_string_lossy().into_owned();
            if file_digest(&dir.join(&name))?.0 != name {
                bail!("evidence/files/{name} does not hash to its name");
            }
            files += 1;
        }
    }
    Ok((index.len(), files))
}

impl Verified {
    /// What was checked, for a person to read.
    pub fn report(&self) -> String {
        let anchor = crate::bundle::anchor_words(self.anchor_given, &self.log_key, "IN THE MANIFEST");
        format!(
            "archive verified: {} files match {MANIFEST}\n  \
             checkpoint of {} entries (root {}) signed by {anchor}; the tiles' entries hash to its root\n  \
             every entry's signatures and its author's right to make it checked; {} of the required {} witness \
             cosignatures\n  \
             {} bodies match their signed headers; {} evidence registrations in the log, {} evidence files match \
             their SHA-256; {} weekly reports\n",
            self.files,
            self.size,
            self.root,
            self.cosignatures,
            self.quorum,
            self.bodies,
            self.registrations,
            self.evidence_files,
            self.weekly_reports,
        )
    }
}
