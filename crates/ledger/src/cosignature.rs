//! C2SP tlog-cosignature, Ed25519 flavour (signature type 0x04, "cosignature/v1"): a witness
//! signs `cosignature/v1\ntime <t>\n` followed by the checkpoint text, and the note signature
//! is the 8-byte big-endian timestamp followed by the 64-byte Ed25519 signature.
//!
//! The message does not name the witness, so one witness key must serve one witness only.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use std::fmt;

use crate::note::{self, key_id, Note, NoteError, NoteSignature, ALG_ED25519};

/// Signature type byte of timestamped Ed25519 cosignatures.
pub const ALG_COSIGNATURE_V1: u8 = 0x04;

const HEADER: &str = "cosignature/v1\n";

/// Why a cosignature or a set of them was rejected.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CosignatureError {
    #[error("witness key: {0}")]
    Key(#[from] NoteError),
    #[error("a cosignature is 72 bytes (8-byte timestamp, 64-byte signature), this one is {len}: it is not a cosignature/v1")]
    WrongLength { len: usize },
    #[error("cosignature timestamp {0} is beyond 2^63-1")]
    TimestampTooLarge(u64),
    #[error("the signature is by {found}, not by witness {expected}")]
    OtherKey { expected: String, found: String },
    #[error(
        "invalid cosignature by witness {name}+{key_hash:08x}: the checkpoint was altered or the witness key is wrong"
    )]
    InvalidSignature { name: String, key_hash: u32 },
    #[error("only {have} of the {need} required witnesses cosigned this checkpoint (missing: {missing})")]
    NotEnoughWitnesses { have: usize, need: usize, missing: String },
    #[error("the checkpoint text must end in a newline")]
    BadText,
}

/// The bytes a witness signs for `checkpoint_text` at `timestamp` (POSIX seconds).
pub fn signed_message(checkpoint_text: &str, timestamp: u64) -> Vec<u8> {
    format!("{HEADER}time {timestamp}\n{checkpoint_text}").into_bytes()
}

/// The timestamp a cosignature carries, without checking the signature.
pub fn timestamp(sig: &NoteSignature) -> Result<u64, CosignatureError> {
    if sig.sig.len() != 72 {
        return Err(CosignatureError::WrongLength { len: sig.sig.len() });
    }
    let t = u64::from_be_bytes(sig.sig[..8].try_into().unwrap_or_default());
    if t > i64::MAX as u64 {
        return Err(CosignatureError::TimestampTooLarge(t));
    }
    Ok(t)
}

/// A witness's private key.
#[derive(Clone)]
pub struct Cosigner {
    name: String,
    key_hash: u32,
    key: SigningKey,
}

impl fmt::Debug for Cosigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cosigner({}+{:08x})", self.name, self.key_hash)
    }
}

impl Cosigner {
    /// A new random witness key.
    pub fn generate(name: &str) -> Result<Cosigner, CosignatureError> {
        Ok(Cosigner::from_note_signer(&note::Signer::generate(name)?))
    }

    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Cosigner, CosignatureError> {
        Ok(Cosigner::from_note_signer(&note::Signer::from_seed(name, seed)?))
    }

    /// Reads an ordinary note private key (`PRIVATE+KEY+…`, type 0x01), as Go's
    /// transparency-dev/formats does, so a witness keeps the usual key file; its cosignatures
    /// carry the type-0x04 key ID.
    pub fn parse(skey: &str) -> Result<Cosigner, CosignatureError> {
        Ok(Cosigner::from_note_signer(&note::Signer::parse(skey)?))
    }

    fn from_note_signer(signer: &note::Signer) -> Cosigner {
        // Same Ed25519 key, but a cosignature's key ID commits to type 0x04.
        let key = signer.signing_key().clone();
        let name = signer.name().to_owned();
        let key_hash = key_id(&name, ALG_COSIGNATURE_V1, key.verifying_key().as_bytes());
        Cosigner { name, key_hash, key }
    }

    /// The key as an ordinary note private key (type 0x01), the form [`Cosigner::parse`] reads.
    pub fn to_skey(&self) -> String {
        match note::Signer::from_seed(&self.name, self.key.to_bytes()) {
            Ok(s) => s.to_skey(),
            Err(_) => unreachable!("the name was validated when the key was made"),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The type-0x04 key ID that goes in cosignature lines.
    pub fn key_hash(&self) -> u32 {
        self.key_hash
    }

    pub fn verifier(&self) -> CosignatureVerifier {
        CosignatureVerifier { name: self.name.clone(), key_hash: self.key_hash, key: self.key.verifying_key() }
    }

    /// Cosigns a checkpoint text (the note text, ending in '\n') at `timestamp`. Put
    /// [`NoteSignature::to_line`] of the result into the checkpoint note.
    pub fn cosign(&self, checkpoint_text: &str, timestamp: u64) -> Result<NoteSignature, CosignatureError> {
        if !checkpoint_text.ends_with('\n') {
            return Err(CosignatureError::BadText);
        }
        if timestamp > i64::MAX as u64 {
            return Err(CosignatureError::TimestampTooLarge(timestamp));
        }
        let signature = self.key.sign(&signed_message(checkpoint_text, timestamp));
        let mut sig = Vec::with_capacity(72);
        sig.extend_from_slice(&timestamp.to_be_bytes());
        sig.extend_from_slice(&signature.to_bytes());
        Ok(NoteSignature { name: self.name.clone(), key_hash: self.key_hash, sig })
    }
}

/// A witness's public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CosignatureVerifier {
    name: String,
    key_hash: u32,
    key: VerifyingKey,
}

impl CosignatureVerifier {
    /// Reads a vkey of type 0x04 (`<name>+<hash>+base64(0x04 || key)`), or an ordinary type-0x01
    /// vkey of the same Ed25519 key, whose key ID is then recomputed for type 0x04.
    pub fn parse(vkey: &str) -> Result<CosignatureVerifier, CosignatureError> {
        let (name, key_hash, alg, material) = note::split_key(vkey)?;
        let expected = key_id(name, alg, &material);
        if alg != ALG_COSIGNATURE_V1 && alg != ALG_ED25519 {
            return Err(NoteError::UnknownAlgorithm(alg).into());
        }
        if key_hash != expected {
            return Err(NoteError::KeyHashMismatch { expected, got: key_hash }.into());
        }
        let key = *note::Verifier::from_public_key(name, &material)?.verifying_key();
        Ok(CosignatureVerifier {
            name: name.to_owned(),
            key_hash: key_id(name, ALG_COSIGNATURE_V1, key.as_bytes()),
            key,
        })
    }

    /// The type-0x04 vkey.
    pub fn to_vkey(&self) -> String {
        let mut material = vec![ALG_COSIGNATURE_V1];
        material.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.key_hash, B64.encode(material))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_hash(&self) -> u32 {
        self.key_hash
    }

    /// Whether `sig` is this witness's cosignature of `checkpoint_text`; returns its timestamp.
    pub fn verify(&self, checkpoint_text: &str, sig: &NoteSignature) -> Result<u64, CosignatureError> {
        if sig.name != self.name || sig.key_hash != self.key_hash {
            return Err(CosignatureError::OtherKey {
                expected: format!("{}+{:08x}", self.name, self.key_hash),
                found: format!("{}+{:08x}", sig.name, sig.key_hash),
            });
        }
        let t = timestamp(sig)?;
        let ok = Signature::from_slice(&sig.sig[8..])
            .is_ok_and(|s| crate::signature::valid(&self.key, &signed_message(checkpoint_text, t), &s));
        if !ok {
            return Err(CosignatureError::InvalidSignature { name: self.name.clone(), key_hash: self.key_hash });
        }
        Ok(t)
    }

    /// This witness's cosignature in an opened note, if there is one: `Ok(None)` when the
    /// witness did not cosign, an error when its line is there but does not verify.
    pub fn verify_in(&self, note: &Note) -> Result<Option<u64>, CosignatureError> {
        let mine = note
            .unverified
            .iter()
            .chain(note.verified.iter())
            .find(|s| s.name == self.name && s.key_hash == self.key_hash);
        mine.map(|s| self.verify(&note.text, s)).transpose()
    }
}

/// Checks that at least `threshold` of `witnesses` validly cosigned the note's checkpoint, and
/// returns (witness name, timestamp) for each that did. A known witness's line that does not
/// verify rejects the note, as the signed-note spec asks for known keys.
pub fn verify_quorum(
    note: &Note,
    witnesses: &[CosignatureVerifier],
    threshold: usize,
) -> Result<Vec<(String, u64)>, CosignatureError> {
    let mut seen = Vec::new();
    let mut missing = Vec::new();
    for w in witnesses {
        // A witness listed twice counts once.
        if seen.iter().any(|(n, _): &(String, u64)| *n == w.name) || missing.contains(&w.name) {
            continue;
        }
        match w.verify_in(note)? {
            Some(t) => seen.push((w.name.clone(), t)),
            None => missing.push(w.name.clone()),
        }
    }
    if seen.len() < threshold {
        return Err(CosignatureError::NotEnoughWitnesses {
            have: seen.len(),
            need: threshold,
            missing: missing.join(", "),
        });
    }
    Ok(seen)
}
