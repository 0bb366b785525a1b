//! C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys, in the key formats of Go's
//! golang.org/x/mod/sumdb/note, so keys and notes move freely between Jirga and Go tooling.
//!
//! A note is text ending in a newline, a blank line, then lines `— <name> base64(keyID || sig)`.
//! Keys are identified by (name, key hash); signatures by unknown keys are kept but not
//! trusted, and a bad signature by a known key rejects the whole note.

use std::fmt;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use rand::RngCore as _;
use sha2::{Digest, Sha256};

/// Signature type byte of plain Ed25519 note signatures.
pub const ALG_ED25519: u8 = 0x01;
/// Notes with more signature lines than this are rejected, so a hostile note cannot make a
/// verifier spend unbounded time. The spec asks verifiers to accept at least 16.
pub const MAX_SIGNATURES: usize = 100;

const SIG_PREFIX: &str = "— ";

/// Why a key or note was rejected.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum NoteError {
    #[error("invalid key name {0:?}: a key name must be non-empty, with no spaces, '+' or control characters (e.g. jirga.example/log)")]
    InvalidName(String),
    #[error("malformed key: {0}")]
    MalformedKey(&'static str),
    #[error("unsupported key type 0x{0:02x}: only Ed25519 keys (type 0x01) are supported here")]
    UnknownAlgorithm(u8),
    #[error("the key hash {got:08x} written in the key does not match its name and public key (expected {expected:08x}): the key was altered or copied incompletely")]
    KeyHashMismatch { expected: u32, got: u32 },
    #[error("malformed note: {0}")]
    Malformed(&'static str),
    #[error("note has no verifiable signatures: it is signed only by keys that are not trusted here ({signers})")]
    Unverified { signers: String },
    #[error(
        "invalid signature for key {name}+{key_hash:08x}: the note was altered after signing, or the key is wrong"
    )]
    InvalidSignature { name: String, key_hash: u32 },
    #[error("ambiguous key {name}+{key_hash:08x}: more than one configured verifier has this name and key hash")]
    AmbiguousKey { name: String, key_hash: u32 },
}

/// Whether `name` may name a key: non-empty, no Unicode white space, no '+', no control
/// characters (a note may not contain them, and the name is written into one).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

/// The key ID of a key: the first four bytes, big-endian, of
/// SHA-256(name || '\n' || type byte || public key).
pub fn key_id(name: &str, alg: u8, public_key: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([alg]);
    h.update(public_key);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// A private note-signing key with its name.
#[derive(Clone)]
pub struct Signer {
    name: String,
    key_hash: u32,
    key: SigningKey,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the private key, even in a debug log.
        write!(f, "Signer({}+{:08x})", self.name, self.key_hash)
    }
}

impl Signer {
    /// A new random key from the operating system's generator.
    pub fn generate(name: &str) -> Result<Signer, NoteError> {
        let mut seed = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut seed);
        let signer = Signer::from_seed(name, seed);
        seed.fill(0);
        signer
    }

    /// The key with the given Ed25519 seed (RFC 8032 private key).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Signer, NoteError> {
        if !is_valid_name(name) {
            return Err(NoteError::InvalidName(name.to_owned()));
        }
        let key = SigningKey::from_bytes(&seed);
        let key_hash = key_id(name, ALG_ED25519, key.verifying_key().as_bytes());
        Ok(Signer { name: name.to_owned(), key_hash, key })
    }

    /// Parses `PRIVATE+KEY+<name>+<hash hex8>+<base64(0x01 || seed)>`.
    pub fn parse(skey: &str) -> Result<Signer, NoteError> {
        let rest = skey
            .strip_prefix("PRIVATE+KEY+")
            .ok_or(NoteError::MalformedKey("a private key starts with PRIVATE+KEY+"))?;
        let (name, key_hash, alg, mut material) = split_key(rest)?;
        if alg != ALG_ED25519 {
            return Err(NoteError::UnknownAlgorithm(alg));
        }
        let seed: Result<[u8; 32], _> = material.as_slice().try_into();
        material.fill(0);
        let mut seed = seed.map_err(|_| NoteError::MalformedKey("an Ed25519 private key is 32 bytes"))?;
        let signer = Signer::from_seed(name, seed);
        seed.fill(0);
        let signer = signer?;
        if signer.key_hash != key_hash {
            return Err(NoteError::KeyHashMismatch { expected: signer.key_hash, got: key_hash });
        }
        Ok(signer)
    }

    /// The key in the format [`Signer::parse`] reads. It is a secret: store it like one.
    pub fn to_skey(&self) -> String {
        let mut material = Vec::with_capacity(33);
        material.push(ALG_ED25519);
        material.extend_from_slice(self.key.as_bytes());
        let skey = format!("PRIVATE+KEY+{}+{:08x}+{}", self.name, self.key_hash, B64.encode(&material));
        material.fill(0);
        skey
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_hash(&self) -> u32 {
        self.key_hash
    }

    /// The matching public key.
    pub fn verifier(&self) -> Verifier {
        Verifier { name: self.name.clone(), key_hash: self.key_hash, key: self.key.verifying_key() }
    }

    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// An Ed25519 signature over `msg` exactly as given.
    pub fn sign_raw(&self, msg: &[u8]) -> [u8; 64] {
        self.key.sign(msg).to_bytes()
    }
}

/// A public note-verification key with its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    key_hash: u32,
    key: VerifyingKey,
}

impl Verifier {
    /// Parses `<name>+<hash hex8>+<base64(0x01 || public key)>`.
    pub fn parse(vkey: &str) -> Result<Verifier, NoteError> {
        let (name, key_hash, alg, material) = split_key(vkey)?;
        if alg != ALG_ED25519 {
            return Err(NoteError::UnknownAlgorithm(alg));
        }
        let verifier = Verifier::from_public_key(name, &material)?;
        if verifier.key_hash != key_hash {
            return Err(NoteError::KeyHashMismatch { expected: verifier.key_hash, got: key_hash });
        }
        Ok(verifier)
    }

    /// The verifier for a raw 32-byte Ed25519 public key.
    pub fn from_public_key(name: &str, public_key: &[u8]) -> Result<Verifier, NoteError> {
        if !is_valid_name(name) {
            return Err(NoteError::InvalidName(name.to_owned()));
        }
        let bytes: [u8; 32] =
            public_key.try_into().map_err(|_| NoteError::MalformedKey("an Ed25519 public key is 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&bytes)
            .map_err(|_| NoteError::MalformedKey("the public key is not a valid Ed25519 point"))?;
        Ok(Verifier { name: name.to_owned(), key_hash: key_id(name, ALG_ED25519, &bytes), key })
    }

    /// The key in the format [`Verifier::parse`] reads; safe to publish.
    pub fn to_vkey(&self) -> String {
        let mut material = Vec::with_capacity(33);
        material.push(ALG_ED25519);
        material.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.key_hash, B64.encode(material))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_hash(&self) -> u32 {
        self.key_hash
    }

    /// The raw 32-byte Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    pub(crate) fn verifying_key(&self) -> &VerifyingKey {
        &self.key
    }

    /// Whether `sig` is a valid Ed25519 signature of `msg` by this key, by Jirga's one rule
    /// ([`crate::signature`]).
    pub fn verify_raw(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = Signature::from_slice(sig) else {
            return false;
        };
        crate::signature::valid(&self.key, msg, &sig)
    }
}

/// Splits `<name>+<hash hex8>+<base64(type || key material)>`. The base64 part may itself
/// contain '+', so only the first two '+' are separators.
pub(crate) fn split_key(s: &str) -> Result<(&str, u32, u8, Vec<u8>), NoteError> {
    let mut parts = s.splitn(3, '+');
    let (Some(name), Some(hash), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(NoteError::MalformedKey("expected <name>+<8 hex digit key hash>+<base64 key>"));
    };
    if !is_valid_name(name) {
        return Err(NoteError::InvalidName(name.to_owned()));
    }
    if hash.len() != 8 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(NoteError::MalformedKey("the key hash must be 8 hex digits"));
    }
    let key_hash =
        u32::from_str_radix(hash, 16).map_err(|_| NoteError::MalformedKey("the key hash must be 8 hex digits"))?;
    let mut bytes = B64.decode(b64).map_err(|_| NoteError::MalformedKey("the key material is not valid base64"))?;
    if bytes.is_empty() {
        return Err(NoteError::MalformedKey("the key material is empty"));
    }
    let alg = bytes.remove(0);
    Ok((name, key_hash, alg, bytes))
}

/// One signature line of a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_hash: u32,
    /// The signature bytes after the 4-byte key ID (for Ed25519, 64 bytes; for a timestamped
    /// cosignature, 8 + 64).
    pub sig: Vec<u8>,
}

impl NoteSignature {
    /// The signature line, without its final newline: `— <name> base64(keyID || sig)`.
    pub fn to_line(&self) -> String {
        let mut raw = Vec::with_capacity(4 + self.sig.len());
        raw.extend_from_slice(&self.key_hash.to_be_bytes());
        raw.extend_from_slice(&self.sig);
        format!("{SIG_PREFIX}{} {}", self.name, B64.encode(raw))
    }

    /// Parses one signature line (without its newline).
    pub fn parse_line(line: &str) -> Result<NoteSignature, NoteError> {
        let rest = line
            .strip_prefix(SIG_PREFIX)
            .ok_or(NoteError::Malformed("a signature line starts with an em dash and a space"))?;
        let (name, b64) = rest
            .split_once(' ')
            .ok_or(NoteError::Malformed("a signature line is: em dash, space, key name, space, base64"))?;
        if !is_valid_name(name) {
            return Err(NoteError::Malformed("a signature line has an invalid key name"));
        }
        let raw = B64.decode(b64).map_err(|_| NoteError::Malformed("a signature is not valid base64"))?;
        if raw.len() < 5 {
            return Err(NoteError::Malformed("a signature is shorter than its 4-byte key ID plus one byte"));
        }
        Ok(NoteSignature {
            name: name.to_owned(),
            key_hash: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
            sig: raw[4..].to_vec(),
        })
    }
}

/// An opened note: its text, and its signatures sorted into checked and unchecked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The signed text, including its final newline.
    pub text: String,
    /// Signatures by the verifiers given to [`open`], all checked.
    pub verified: Vec<NoteSignature>,
    /// Signatures by keys not given to [`open`]: present, but proving nothing yet (for
    /// example witness cosignatures, checked separately).
    pub unverified: Vec<NoteSignature>,
}

fn check_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::Malformed("the text must end in a newline"));
    }
    if text.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::Malformed("the text contains a control character other than newline"));
    }
    Ok(())
}

/// Signs `text` (which must end in '\n') with each signer, in order.
pub fn sign(text: &str, signers: &[&Signer]) -> Result<String, NoteError> {
    check_text(text)?;
    let mut out = String::with_capacity(text.len() + 1 + signers.len() * 128);
    out.push_str(text);
    out.push('\n');
    for signer in signers {
        let line = NoteSignature {
            name: signer.name.clone(),
            key_hash: signer.key_hash,
            sig: signer.sign_raw(text.as_bytes()).to_vec(),
        }
        .to_line();
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// Each signature line as written, with what it says.
type SignatureLines<'a> = Vec<(&'a str, NoteSignature)>;

/// Splits a signed note into its text and its signature lines, checking the syntax only.
fn split_note(msg: &str) -> Result<(&str, SignatureLines<'_>), NoteError> {
    if msg.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::Malformed("the note contains a control character other than newline"));
    }
    // The text may itself contain blank lines; the last one is the separator.
    let split =
        msg.rfind("\n\n").ok_or(NoteError::Malformed("no blank line separates the text from the signatures"))?;
    let (text, sigs) = (&msg[..split + 1], &msg[split + 2..]);
    if sigs.is_empty() || !sigs.ends_with('\n') {
        return Err(NoteError::Malformed("the signature block is empty or does not end in a newline"));
    }
    let mut lines = Vec::new();
    for line in sigs.split_terminator('\n') {
        if lines.len() == MAX_SIGNATURES {
            return Err(NoteError::Malformed("the note has more than 100 signatures"));
        }
        lines.push((line, NoteSignature::parse_line(line)?));
    }
    Ok((text, lines))
}

/// Opens a signed note: every signature by one of `verifiers` is checked (one bad signature
/// rejects the note), signatures by other keys are kept as unverified, and a note that no
/// verifier signed is rejected. Repeated signatures are reported once.
pub fn open(msg: &str, verifiers: &[Verifier]) -> Result<Note, NoteError> {
    let (text, lines) = split_note(msg)?;
    let mut note = Note { text: text.to_owned(), verified: Vec::new(), unverified: Vec::new() };
    let mut seen_unverified: Vec<&str> = Vec::new();
    for (line, sig) in lines {
        let mut matching = verifiers.iter().filter(|v| v.name == sig.name && v.key_hash == sig.key_hash);
        let Some(verifier) = matching.next() else {
            if !seen_unverified.contains(&line) {
                seen_unverified.push(line);
                note.unverified.push(sig);
            }
            continue;
        };
        if matching.next().is_some() {
            return Err(NoteError::AmbiguousKey { name: sig.name, key_hash: sig.key_hash });
        }
        if note.verified.iter().any(|v| v.name == sig.name && v.key_hash == sig.key_hash) {
            continue;
        }
        if !verifier.verify_raw(text.as_bytes(), &sig.sig) {
            return Err(NoteError::InvalidSignature { name: sig.name, key_hash: sig.key_hash });
        }
        note.verified.push(sig);
    }
    if note.verified.is_empty() {
        let signers: Vec<String> = note.unverified.iter().map(|s| format!("{}+{:08x}", s.name, s.key_hash)).collect();
        return Err(NoteError::Unverified { signers: signers.join(", ") });
    }
    Ok(note)
}

/// Appends signature lines (with or without their final newline) to an already signed note,
/// e.g. witness cosignatures. Lines already present are not repeated. Nothing is verified
/// here: whoever reads the note verifies what it trusts.
pub fn add_signature_lines(msg: &str, lines: &[String]) -> Result<String, NoteError> {
    let (_, existing) = split_note(msg)?;
    let mut present: Vec<&str> = existing.iter().map(|(l, _)| *l).collect();
    let mut out = msg.to_owned();
    for line in lines {
        let line = line.strip_suffix('\n').unwrap_or(line);
        if line.contains('\n') {
            return Err(NoteError::Malformed("a signature line to add contains a newline"));
        }
        NoteSignature::parse_line(line)?;
        if present.contains(&line) {
            continue;
        }
        if present.len() == MAX_SIGNATURES {
            return Err(NoteError::Malformed("the note would have more than 100 signatures"));
        }
        present.push(line);
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}
