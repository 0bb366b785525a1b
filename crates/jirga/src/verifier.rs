//! Signature checks on their own threads, one per core, away from the async runtime: thousands of
//! CPU-bound checks queued on the runtime's few workers would make the sequencer's own tasks wait
//! behind them.
//!
//! Each statement is checked one signature at a time with `VerifyingKey::verify`, exactly as
//! [`Statement::verify_signatures`] does. `ed25519_dalek::verify_batch` would be about twice as
//! fast, but it accepts signatures that `verify` refuses: a signature whose R is not canonically
//! encoded, or whose R carries a small-order component, passes a batch whenever its random
//! coefficient happens to be a multiple of that component's order (one time in 2 to 8, and the
//! coefficients are derived from the inputs, so a signer can retry until it does; see the crate's
//! "Batch verification" notes). What the log accepts must not depend on how it was checked, so
//! a batch could only ever be a pre-check, followed by the same single checks: no gain.
//!
//! What is saved: the decompression of the author's key on every check (the authors are a few
//! dozen members), by a small cache of decoded keys per thread.

use ed25519_dalek::{Verifier as _, VerifyingKey};
use model::statement::decode_signature;
use model::{PublicKey, Rejection, Statement};
use std::collections::HashMap;
use std::sync::OnceLock;
use tokio::sync::oneshot;

/// Decoded keys kept per thread; far more than a deployment's members, and a bound on what a
/// stream of statements by unknown keys can make it hold.
const KEY_CACHE: usize = 4096;

struct Job {
    statement: Statement,
    reply: oneshot::Sender<(Statement, Result<(), Rejection>)>,
}

fn pool() -> &'static flume::Sender<Job> {
    static POOL: OnceLock<flume::Sender<Job>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = flume::unbounded::<Job>();
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        for i in 0..threads {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("jirga-verify-{i}"))
                .spawn(move || {
                    let mut keys = Keys::default();
                    for job in rx.iter() {
                        let result = keys.verify(&job.statement);
                        let _ = job.reply.send((job.statement, result));
                    }
                })
                .expect("starting a signature thread");
        }
        tx
    })
}

/// Checks every signature of the statement on the signature threads; gives the statement back
/// with the result, the same as [`Statement::verify_signatures`] would return.
pub async fn verify(statement: Statement) -> (Statement, Result<(), Rejection>) {
    let (reply, rx) = oneshot::channel();
    pool().send(Job { statement, reply }).expect("the signature threads never stop");
    rx.await.expect("a signature thread answers every job")
}

#[derive(Default)]
struct Keys(HashMap<PublicKey, VerifyingKey>);

impl Keys {
    /// [`Statement::verify_signatures`], with the keys decoded once.
    fn verify(&mut self, st: &Statement) -> Result<(), Rejection> {
        if st.signatures.is_empty() {
            return Err(Rejection::bad_signature("the statement carries no signature".into()));
        }
        let message = st.signing_message();
        for s in &st.signatures {
            let sig = decode_signature(&s.sig)?;
            let key = self.key(&s.key)?;
            key.verify(&message, &sig).map_err(|_| {
                Rejection::bad_signature(format!("the signature by key {} does not verify", s.key.fingerprint()))
            })?;
        }
        Ok(())
    }

    fn key(&mut self, key: &PublicKey) -> Result<VerifyingKey, Rejection> {
        if let Some(k) = self.0.get(key) {
            return Ok(*k);
        }
        let decoded = key.verifying_key().map_err(|e| Rejection::bad_signature(e.to_string()))?;
        if self.0.len() >= KEY_CACHE {
            self.0.clear();
        }
        self.0.insert(*key, decoded);
        Ok(decoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::statement::{Header, Kind, Signature, Visibility};
    use model::SecretKey;
    use serde_json::json;

    fn signed(key: &SecretKey) -> Statement {
        let header = Header {
            v: 1,
            kind: Kind::IncidentReport,
            deployment: "00".repeat(32),
            author: key.public(),
            party: "PK".into(),
            time: 1_700_000_000_000,
            refs: vec![],
            visibility: Visibility::Public,
            body_sha256: String::new(),
            body_len: 0,
        };
        Statement::sign(header, &json!({"title": "t"}), &[key]).unwrap()
    }

    /// Every outcome, message included, is the one `verify_signatures` gives.
    #[tokio::test]
    async fn answers_as_verify_signatures_does() {
        let key = SecretKey::from_seed([7; 32]);
        let other = SecretKey::from_seed([8; 32]);
        let good = signed(&key);
        let mut cases = vec![good.clone()];
        let mut tampered = good.clone();
        tampered.header_bytes.push(b' ');
        cases.push(tampered);
        let mut wrong_key = good.clone();
        wrong_key.signatures[0].key = other.public();
        cases.push(wrong_key);
        let mut bad_base64 = good.clone();
        bad_base64.signatures[0].sig = "not base64!".into();
        cases.push(bad_base64);
        let mut short = good.clone();
        short.signatures[0].sig = "AAAA".into();
        cases.push(short);
        let mut none = good.clone();
        none.signatures.clear();
        cases.push(none);
        let mut second_bad = good.clone();
        second_bad.signatures.push(Signature { key: other.public(), sig: good.signatures[0].sig.clone() });
        cases.push(second_bad);
        for case in cases {
            let expected = case.verify_signatures();
            let (back, got) = verify(case.clone()).await;
            assert_eq!(got, expected);
            assert_eq!(back.id, case.id);
        }
        // The key is cached now; a second check of the good statement still passes.
        assert!(verify(good).await.1.is_ok());
    }
}
