//! Signature checks on their own threads, one per core, away from the async runtime: thousands of
//! CPU-bound checks queued on the runtime's few workers would make the sequencer's own tasks wait
//! behind them.
//!
//! Each statement is checked one signature at a time by the one rule ([`ledger::signature`]),
//! exactly as [`Statement::verify_signatures`] does. `ed25519_dalek::verify_batch` would be about
//! twice as fast, but it accepts signatures the rule refuses (a non-canonical key, some
//! small-order keys and R: the tests of `ledger::signature` show which). What the log accepts must
//! not depend on how it was checked, so a batch could only ever be a pre-check, followed by the
//! same single checks: no gain.
//!
//! What is saved: the decompression of the author's key on every check (the authors are a few
//! dozen members), by a small cache of decoded keys per thread.

use ed25519_dalek::VerifyingKey;
use model::statement::{check_signatures, decode_key};
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
        check_signatures(&st.signatures, &st.signing_message(), |k| self.key(k))
    }

    fn key(&mut self, key: &PublicKey) -> Result<VerifyingKey, Rejection> {
        if let Some(k) = self.0.get(key) {
            return Ok(*k);
        }
        let decoded = decode_key(key)?;
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

    /// One rule everywhere: the sequencer's check, the validator's, and the audit's (which the
    /// mirror runs on what it copies, crate::mirror) accept a good signature and refuse each of
    /// ZIP-215's 196 small-order cases, which a cofactored rule accepts over any message and
    /// ed25519-dalek's batch accepts some of (so an audit that decided by batch would fail here).
    #[tokio::test]
    async fn the_sequencer_the_audit_and_the_mirror_decide_the_edge_cases_alike() {
        use base64::{engine::general_purpose::STANDARD as B64, Engine};
        let good = signed(&SecretKey::from_seed([7; 32]));
        let mut cases = vec![(good.clone(), true)];
        let mut a_batch_passes = 0;
        for (a, sig) in ledger::signature::vectors::zip215_small_order() {
            let mut st = good.clone();
            st.signatures = vec![Signature { key: PublicKey(a), sig: B64.encode(sig) }];
            let batch = VerifyingKey::from_bytes(&a).is_ok_and(|k| {
                let message = st.signing_message();
                ed25519_dalek::verify_batch(&[&message[..]], &[ed25519_dalek::Signature::from_bytes(&sig)], &[k])
                    .is_ok()
            });
            a_batch_passes += usize::from(batch);
            cases.push((st, false));
        }
        assert!(a_batch_passes > 0, "no case would pass a batch: the test would not tell");
        for (st, valid) in cases {
            let sequencer = verify(st.clone()).await.1.is_ok();
            let validator = st.verify_signatures().is_ok();
            let audit = crate::audit::verify_signatures(&[model::statement::Entry::new(&st, 0)]).is_ok();
            assert_eq!((sequencer, validator, audit), (valid, valid, valid), "{:?}", st.signatures);
        }
    }
}
