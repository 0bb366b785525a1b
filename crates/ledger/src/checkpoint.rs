//! C2SP tlog-checkpoint: the signed statement "the log with this origin had this many
//! entries and this root".

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

use crate::hash::Hash;
use crate::note::{self, Note, NoteError, Signer, Verifier};

/// A checkpoint body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, e.g. `jirga.example/log`; also the name of its signing key.
    pub origin: String,
    /// Number of entries in the tree.
    pub size: u64,
    /// RFC 6962 root of the tree at `size`.
    pub root: Hash,
    /// Opaque extra lines. Monitors cannot audit these, so the spec discourages them.
    pub extensions: Vec<String>,
}

/// Why a checkpoint was rejected.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CheckpointError {
    #[error("malformed checkpoint: {0}")]
    Malformed(&'static str),
    #[error("checkpoint signature: {0}")]
    Note(#[from] NoteError),
    #[error("the checkpoint is for log {found:?}, but the key it was checked with belongs to {expected:?}")]
    WrongOrigin { expected: String, found: String },
}

impl Checkpoint {
    /// The note text: origin, size, base64 root and any extension lines, each ending in '\n'.
    pub fn to_text(&self) -> String {
        let mut text = format!("{}\n{}\n{}\n", self.origin, self.size, B64.encode(self.root));
        for ext in &self.extensions {
            text.push_str(ext);
            text.push('\n');
        }
        text
    }

    /// Parses a checkpoint body strictly: it must be exactly what [`Checkpoint::to_text`]
    /// would write, so that one checkpoint has one byte form.
    pub fn parse(text: &str) -> Result<Checkpoint, CheckpointError> {
        let body = text.strip_suffix('\n').ok_or(CheckpointError::Malformed("the text must end in a newline"))?;
        let mut lines = body.split('\n');
        let origin = lines.next().unwrap_or_default();
        let (Some(size), Some(root)) = (lines.next(), lines.next()) else {
            return Err(CheckpointError::Malformed("a checkpoint has at least three lines: origin, size, root hash"));
        };
        let checkpoint = Checkpoint {
            origin: origin.to_owned(),
            size: parse_size(size)?,
            root: parse_root(root)?,
            extensions: lines.map(str::to_owned).collect(),
        };
        checkpoint.validate()?;
        Ok(checkpoint)
    }

    /// Checks what [`Checkpoint::parse`] would check, for a checkpoint built in code.
    pub fn validate(&self) -> Result<(), CheckpointError> {
        let bad_line = |l: &str| l.is_empty() || l.chars().any(char::is_control);
        if bad_line(&self.origin) {
            return Err(CheckpointError::Malformed("the origin line is empty or has control characters"));
        }
        if self.extensions.iter().any(|e| bad_line(e)) {
            return Err(CheckpointError::Malformed("an extension line is empty or has control characters"));
        }
        Ok(())
    }

    /// The checkpoint as a note signed by `signer`.
    ///
    /// # Panics
    /// If the checkpoint is malformed (see [`Checkpoint::validate`]); use
    /// [`Checkpoint::try_sign`] for checkpoints not built by the log itself.
    pub fn sign(&self, signer: &Signer) -> String {
        self.try_sign(signer).unwrap_or_else(|e| panic!("cannot sign checkpoint: {e}"))
    }

    /// Like [`Checkpoint::sign`], returning an error for a malformed checkpoint.
    pub fn try_sign(&self, signer: &Signer) -> Result<String, CheckpointError> {
        self.validate()?;
        Ok(note::sign(&self.to_text(), &[signer])?)
    }

    /// Opens a signed checkpoint that must carry a valid signature by `log`, whose key name
    /// must equal the origin line. Other signatures (witnesses) come back unverified in the
    /// [`Note`].
    pub fn open(signed: &str, log: &Verifier) -> Result<(Checkpoint, Note), CheckpointError> {
        let note = note::open(signed, std::slice::from_ref(log))?;
        let checkpoint = Checkpoint::parse(&note.text)?;
        if checkpoint.origin != log.name() {
            return Err(CheckpointError::WrongOrigin { expected: log.name().to_owned(), found: checkpoint.origin });
        }
        Ok((checkpoint, note))
    }
}

fn parse_size(s: &str) -> Result<u64, CheckpointError> {
    let bad = CheckpointError::Malformed("the size line must be a decimal number without leading zeros");
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0')) {
        return Err(bad);
    }
    s.parse().map_err(|_| bad)
}

fn parse_root(s: &str) -> Result<Hash, CheckpointError> {
    let bad = CheckpointError::Malformed("the root line must be the base64 of a 32-byte hash");
    // The base64 engine rejects non-canonical padding and trailing bits, so each root has
    // exactly one spelling.
    let bytes = B64.decode(s).map_err(|_| bad.clone())?;
    bytes.try_into().map_err(|_| bad)
}
