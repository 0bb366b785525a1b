//! A proof bundle: one file that proves, offline and years later, that a statement is in the log.
//! It holds the statement's log entry (and its body when the holder may read it), its inclusion
//! proof, the checkpoint those lead to with the witnesses' cosignatures, the log's key, and the
//! genesis with its own inclusion proof: the genesis names the witnesses and their quorum, so the
//! witness keys a bundle is checked against are the ones the mediators signed, not ones the file
//! merely asserts. docs/BUNDLE.md describes the format; scripts/interop/verify_bundle.py checks
//! it with no code shared.

use anyhow::{anyhow, bail, Context, Result};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ledger::checkpoint::Checkpoint;
use ledger::cosignature::{verify_quorum, CosignatureVerifier};
use ledger::note::Verifier;
use model::deployment::Genesis;
use model::statement::{body_digest, check_signatures, decode_key, Entry};
use model::{Kind, StatementId};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "jirga-proof-bundle/v1";

/// A proof bundle as written to a file (pretty JSON).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Always [`FORMAT`].
    pub format: String,
    /// The statement's id (hex).
    pub statement: String,
    /// Its position in the log.
    pub index: u64,
    /// base64 of the log entry's bytes (the Merkle leaf is SHA-256(0x00 || entry)).
    pub entry: String,
    /// base64 of the canonical body bytes; absent when the holder may not read the body (its
    /// hash is still in the signed header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// base64 hashes from the leaf up (RFC 9162 inclusion proof) to the checkpoint's root.
    pub proof: Vec<String>,
    /// The signed checkpoint (C2SP signed note) with the witnesses' cosignatures.
    pub checkpoint: String,
    /// The log's key (C2SP vkey) as the server stated it: an anchor only when nothing better is
    /// at hand.
    pub log_key: String,
    /// Entry 0 of the log, whose body names the witness policy.
    pub genesis: Leaf,
}

/// An entry with its body and its inclusion proof in the same checkpoint.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leaf {
    pub entry: String,
    pub body: String,
    pub proof: Vec<String>,
}

/// What a verified bundle proves.
#[derive(Debug)]
pub struct Verified {
    pub id: StatementId,
    pub kind: Kind,
    pub party: String,
    pub index: u64,
    pub tree_size: u64,
    /// The log key the checkpoint was verified with.
    pub log_key: String,
    /// True when the person gave the key; false when the bundle's own was used.
    pub anchor_given: bool,
    pub cosignatures: Vec<String>,
    pub quorum: u32,
    pub signatures: usize,
    /// Whether the body is in the bundle (and matched its hash).
    pub body: bool,
    pub body_sha256: String,
}

fn decode(what: &str, b64: &str) -> Result<Vec<u8>> {
    B64.decode(b64).map_err(|_| anyhow!("{what} is not valid base64"))
}

fn hashes(what: &str, proof: &[String]) -> Result<Vec<ledger::Hash>> {
    proof.iter().map(|h| decode(what, h)?.try_into().map_err(|_| anyhow!("{what}: a hash is 32 bytes"))).collect()
}

/// Checks that `entry` (base64) is leaf `index` of the tree `cp` and that its signatures hold.
fn included(what: &str, entry: &str, index: u64, proof: &[String], cp: &Checkpoint) -> Result<Entry> {
    let bytes = decode(&format!("the {what}'s entry"), entry)?;
    let path = hashes(&format!("the {what}'s inclusion proof"), proof)?;
    ledger::verify_inclusion(&ledger::leaf_hash(&bytes), index, cp.size, &path, &cp.root)
        .map_err(|e| anyhow!("the {what}'s inclusion proof does not lead to the checkpoint's root: {e}"))?;
    let entry = Entry::parse(&bytes).map_err(|e| anyhow!("the {what}'s entry: {e}"))?;
    let mut message = model::statement::SIGNING_CONTEXT.to_vec();
    message.extend_from_slice(&entry.header_bytes);
    check_signatures(&entry.signatures, &message, decode_key).map_err(|e| anyhow!("the {what}: {e}"))?;
    Ok(entry)
}

/// The body's bytes, checked against the hash and length in the signed header.
fn body_of(what: &str, b64: &str, entry: &Entry) -> Result<Vec<u8>> {
    let body = decode(&format!("the {what}'s body"), b64)?;
    if body.len() as u64 != entry.header.body_len || body_digest(&body) != entry.header.body_sha256 {
        bail!("the {what}'s body does not match the SHA-256 and length in its signed header");
    }
    Ok(body)
}

/// The witnesses of the genesis's policy, once the genesis is found to name `log` as the log's
/// key (when it names one).
pub fn genesis_witnesses(genesis: &Genesis, log: &Verifier) -> Result<Vec<CosignatureVerifier>> {
    if !genesis.log_key.is_empty() && genesis.log_key != log.to_vkey() {
        bail!("the genesis names another log key ({}) than the one the checkpoint was checked with", genesis.log_key);
    }
    genesis
        .witness_policy
        .witnesses
        .iter()
        .map(|w| CosignatureVerifier::parse(&w.key).map_err(|e| anyhow!("witness key of {}: {e}", w.name)))
        .collect()
}

/// Verifies a bundle with no network: the checkpoint with `anchor` (the log key the person
/// trusts) or, without one, with the key in the bundle.
pub fn verify(bytes: &[u8], anchor: Option<&str>) -> Result<Verified> {
    let b: Bundle = serde_json::from_slice(bytes).context("not a Jirga proof bundle (JSON)")?;
    if b.format != FORMAT {
        bail!("unknown bundle format {:?} (this verifier reads {FORMAT})", b.format);
    }
    let vkey = anchor.unwrap_or(&b.log_key);
    let log = Verifier::parse(vkey).map_err(|e| anyhow!("the log key {vkey:?}: {e}"))?;
    let (cp, note) = Checkpoint::open(&b.checkpoint, &log)
        .map_err(|e| anyhow!("the checkpoint is not signed by the log key: {e}"))?;

    let genesis_entry = included("genesis", &b.genesis.entry, 0, &b.genesis.proof, &cp)?;
    if genesis_entry.header.kind != Kind::Genesis {
        bail!("entry 0 of the bundle is not a genesis");
    }
    let genesis: Genesis =
        serde_json::from_slice(&body_of("genesis", &b.genesis.body, &genesis_entry)?).context("the genesis body")?;
    let policy = &genesis.witness_policy;
    let witnesses = genesis_witnesses(&genesis, &log)?;
    let cosigned = verify_quorum(&note, &witnesses, policy.quorum as usize)
        .map_err(|e| anyhow!("the witnesses' cosignatures do not meet the genesis policy: {e}"))?;

    let entry = included("statement", &b.entry, b.index, &b.proof, &cp)?;
    if entry.id.hex() != b.statement {
        bail!("the entry is statement {}, not {}", entry.id, b.statement);
    }
    if b.index > 0 && entry.header.deployment != genesis_entry.id.hex() {
        bail!("the statement belongs to deployment {}, not this log's", entry.header.deployment);
    }
    let body = match &b.body {
        Some(body) => body_of("statement", body, &entry).map(|_| true)?,
        None => false,
    };
    Ok(Verified {
        id: entry.id,
        kind: entry.header.kind,
        party: entry.header.party.clone(),
        index: b.index,
        tree_size: cp.size,
        log_key: log.to_vkey(),
        anchor_given: anchor.is_some(),
        cosignatures: cosigned.into_iter().map(|(name, _)| name).collect(),
        quorum: policy.quorum,
        signatures: entry.signatures.len(),
        body,
        body_sha256: entry.header.body_sha256.clone(),
    })
}

/// The key a checkpoint was checked with, for a person to read: the one they gave, or the one
/// the file itself carries (`whose`), which they should compare with the published key.
pub fn anchor_words(given: bool, log_key: &str, whose: &str) -> String {
    if given {
        format!("the log key you gave ({log_key})")
    } else {
        format!("the log key {whose} ({log_key}): compare it with the deployment's published key, or give --log-key")
    }
}

impl Verified {
    /// What was checked, for a person to read.
    pub fn report(&self) -> String {
        let anchor = anchor_words(self.anchor_given, &self.log_key, "INSIDE the bundle");
        let body = if self.body {
            format!("the body is included and matches its signed hash (SHA-256 {})", self.body_sha256)
        } else {
            format!("the body is not included (sealed for the holder); its signed hash is SHA-256 {}", self.body_sha256)
        };
        format!(
            "bundle verified: statement {} ({}, party {}) is entry {} of the log\n  \
             checkpoint of {} entries signed by {anchor}\n  \
             {} of the required {} witness cosignatures verified ({}), against the witness policy of the \
             genesis proven in the same checkpoint\n  \
             {} statement signature(s) verified; {body}\n",
            self.id,
            self.kind.as_str(),
            self.party,
            self.index,
            self.tree_size,
            self.cosignatures.len(),
            self.quorum,
            self.cosignatures.join(", "),
            self.signatures,
        )
    }
}
