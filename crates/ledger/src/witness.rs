//! C2SP tlog-witness, the witness's side of `add-checkpoint`, as pure decisions: parse the
//! request, and decide whether a checkpoint may be cosigned given what was cosigned before.
//! Persisting the new state atomically with the decision is the caller's job.

use crate::checkpoint::Checkpoint;
use crate::note::{self, Verifier};
use crate::proof::verify_consistency;
use crate::Hash;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

/// The spec allows at most 63 proof lines.
pub const MAX_PROOF_LINES: usize = 63;

/// An `add-checkpoint` request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddCheckpoint {
    pub old_size: u64,
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, as sent.
    pub checkpoint: String,
}

/// What a witness remembers of a log: the latest checkpoint it cosigned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cosigned {
    pub size: u64,
    pub root: Hash,
}

/// Why a witness refuses, with the HTTP status the spec gives each case.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("malformed request: {0}")]
    BadRequest(String),
    #[error("this witness does not know the log {0:?}")]
    UnknownLog(String),
    #[error("the checkpoint carries no valid signature by the log's key")]
    Forbidden,
    #[error("the old size does not match: this witness last cosigned size {0}")]
    SizeConflict(u64),
    #[error("a different tree of the same size {0} was cosigned before: the log has forked")]
    Fork(u64),
    #[error("the consistency proof does not verify: the new checkpoint does not extend the old one")]
    BadProof,
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::BadRequest(_) => 400,
            Refusal::UnknownLog(_) => 404,
            Refusal::Forbidden => 403,
            Refusal::SizeConflict(_) | Refusal::Fork(_) => 409,
            Refusal::BadProof => 422,
        }
    }
}

impl AddCheckpoint {
    pub fn to_body(&self) -> String {
        let mut body = format!("old {}\n", self.old_size);
        for h in &self.proof {
            body.push_str(&B64.encode(h));
            body.push('\n');
        }
        body.push('\n');
        body.push_str(&self.checkpoint);
        body
    }

    pub fn parse(body: &str) -> Result<AddCheckpoint, Refusal> {
        let bad = |m: &str| Refusal::BadRequest(m.to_string());
        let (head, checkpoint) = body.split_once("\n\n").ok_or_else(|| bad("no empty line before the checkpoint"))?;
        let mut lines = head.split('\n');
        let old =
            lines.next().and_then(|l| l.strip_prefix("old ")).ok_or_else(|| bad("the first line is `old <size>`"))?;
        if old.is_empty() || !old.bytes().all(|b| b.is_ascii_digit()) || (old.len() > 1 && old.starts_with('0')) {
            return Err(bad("the old size is a decimal number without leading zeros"));
        }
        let old_size = old.parse().map_err(|_| bad("the old size is too large"))?;
        let mut proof = Vec::new();
        for line in lines {
            let raw = B64.decode(line).map_err(|_| bad("a proof line is not base64"))?;
            proof.push(raw.try_into().map_err(|_| bad("a proof line is not a 32-byte hash"))?);
            if proof.len() > MAX_PROOF_LINES {
                return Err(bad("more than 63 proof lines"));
            }
        }
        Ok(AddCheckpoint { old_size, proof, checkpoint: checkpoint.to_string() })
    }
}

/// Decides whether to cosign. `logs` are the log keys this witness trusts; `recorded` is what it
/// cosigned last for the checkpoint's origin. Returns the verified checkpoint to record and cosign.
pub fn check(req: &AddCheckpoint, logs: &[Verifier], recorded: Option<Cosigned>) -> Result<Checkpoint, Refusal> {
    let origin = req.checkpoint.split('\n').next().unwrap_or_default();
    let trusted: Vec<Verifier> = logs.iter().filter(|v| v.name() == origin).cloned().collect();
    if trusted.is_empty() {
        return Err(Refusal::UnknownLog(origin.to_string()));
    }
    let opened = note::open(&req.checkpoint, &trusted).map_err(|_| Refusal::Forbidden)?;
    let checkpoint = Checkpoint::parse(&opened.text).map_err(|e| Refusal::BadRequest(e.to_string()))?;
    if req.old_size > checkpoint.size {
        return Err(Refusal::BadRequest(format!(
            "old size {} is beyond the checkpoint's {}",
            req.old_size, checkpoint.size
        )));
    }
    let recorded_size = recorded.map_or(0, |r| r.size);
    if req.old_size != recorded_size {
        return Err(Refusal::SizeConflict(recorded_size));
    }
    match recorded {
        None => {
            if !req.proof.is_empty() {
                return Err(Refusal::BadProof);
            }
        }
        Some(r) if r.size == checkpoint.size => {
            if r.root != checkpoint.root {
                return Err(Refusal::Fork(r.size));
            }
            if !req.proof.is_empty() {
                return Err(Refusal::BadProof);
            }
        }
        Some(r) => {
            verify_consistency(r.size, checkpoint.size, &r.root, &checkpoint.root, &req.proof)
                .map_err(|_| Refusal::BadProof)?;
        }
    }
    Ok(checkpoint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::Signer;
    use crate::{leaf_hash, Tree};

    fn signed(signer: &Signer, tree: &Tree, size: u64) -> String {
        Checkpoint { origin: signer.name().into(), size, root: tree.root_at(size).unwrap(), extensions: vec![] }
            .sign(signer)
    }

    #[test]
    fn the_request_body_round_trips() {
        let req =
            AddCheckpoint { old_size: 20, proof: vec![[1; 32], [2; 32]], checkpoint: "o\n1\nAAAA\n\n— o x\n".into() };
        assert_eq!(AddCheckpoint::parse(&req.to_body()).unwrap(), req);
        for bad in ["old 01\n\nx", "old -1\n\nx", "new 1\n\nx", "old 1\nnotbase64!\n\nx", "old 1\n"] {
            assert!(matches!(AddCheckpoint::parse(bad), Err(Refusal::BadRequest(_))), "{bad:?}");
        }
    }

    #[test]
    fn a_witness_cosigns_only_a_consistent_history() {
        let log = Signer::generate("example.org/log").unwrap();
        let logs = [log.verifier()];
        let mut tree = Tree::new();
        for i in 0..10u8 {
            tree.push(leaf_hash(&[i]));
        }
        // First sight: old size 0, no proof.
        let first = AddCheckpoint { old_size: 0, proof: vec![], checkpoint: signed(&log, &tree, 6) };
        let cp = check(&first, &logs, None).unwrap();
        let recorded = Some(Cosigned { size: cp.size, root: cp.root });
        // Growth with a good proof.
        let next = AddCheckpoint {
            old_size: 6,
            proof: tree.consistency_proof(6, 10).unwrap(),
            checkpoint: signed(&log, &tree, 10),
        };
        assert_eq!(check(&next, &logs, recorded).unwrap().size, 10);
        // A stale old size gets 409 with the recorded size.
        let stale = AddCheckpoint { old_size: 0, proof: vec![], checkpoint: signed(&log, &tree, 10) };
        assert_eq!(check(&stale, &logs, recorded), Err(Refusal::SizeConflict(6)));
        // A forked tree: same size 10 but different leaves.
        let mut fork = Tree::new();
        for i in 0..10u8 {
            fork.push(leaf_hash(&[if i == 7 { 99 } else { i }]));
        }
        let forked = AddCheckpoint {
            old_size: 6,
            proof: fork.consistency_proof(6, 10).unwrap(),
            checkpoint: signed(&log, &fork, 10),
        };
        assert_eq!(check(&forked, &logs, recorded).unwrap().size, 10, "a fork after size 6 is consistent with 6");
        let after_good = Some(Cosigned { size: 10, root: tree.root() });
        let same_size = AddCheckpoint { old_size: 10, proof: vec![], checkpoint: signed(&log, &fork, 10) };
        assert_eq!(check(&same_size, &logs, after_good), Err(Refusal::Fork(10)));
        // A rewritten prefix: leaf 2 changed, so 6 → 10 does not verify.
        let mut rewritten = Tree::new();
        for i in 0..10u8 {
            rewritten.push(leaf_hash(&[if i == 2 { 42 } else { i }]));
        }
        let bad = AddCheckpoint {
            old_size: 6,
            proof: rewritten.consistency_proof(6, 10).unwrap(),
            checkpoint: signed(&log, &rewritten, 10),
        };
        assert_eq!(check(&bad, &logs, recorded), Err(Refusal::BadProof));
        // A shrunk tree: old size above the checkpoint's size.
        let shrunk = AddCheckpoint { old_size: 6, proof: vec![], checkpoint: signed(&log, &tree, 4) };
        assert!(matches!(check(&shrunk, &logs, recorded), Err(Refusal::BadRequest(_))));
        // Unknown log, and a checkpoint signed by someone else under the log's name.
        let other = Signer::generate("example.org/other").unwrap();
        let unknown = AddCheckpoint { old_size: 0, proof: vec![], checkpoint: signed(&other, &tree, 3) };
        assert_eq!(check(&unknown, &logs, None).unwrap_err().status(), 404);
        let impostor = Signer::generate("example.org/log").unwrap();
        let forged = AddCheckpoint { old_size: 0, proof: vec![], checkpoint: signed(&impostor, &tree, 3) };
        assert_eq!(check(&forged, &logs, None), Err(Refusal::Forbidden));
    }
}
