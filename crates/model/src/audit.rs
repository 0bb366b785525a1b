//! Replaying a log as an auditor: every entry, in order, against the enrolment history it
//! builds — the same rules the sequencer applied, so an entry the server should have refused is
//! found, named by its index. Signatures are verified by the caller (in parallel, in batches).

use crate::bodies::Body;
use crate::deployment::Deployment;
use crate::statement::{Entry, Kind};
use crate::validate;

/// Why an entry fails the audit.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("entry {index}: {reason}")]
pub struct BadEntry {
    pub index: u64,
    pub reason: String,
}

#[derive(Default)]
pub struct Replay {
    deployment: Option<Deployment>,
    next: u64,
    last_logged_at: i64,
}

/// The kinds whose bodies the replay needs (they are always public): they change who may sign.
pub fn needs_body(kind: Kind) -> bool {
    matches!(kind, Kind::Genesis | Kind::MemberEnrol | Kind::MemberRevoke)
}

impl Replay {
    pub fn new() -> Replay {
        Replay::default()
    }

    pub fn deployment(&self) -> Option<&Deployment> {
        self.deployment.as_ref()
    }

    /// Checks the next entry. `body` must be given for the kinds [`needs_body`] names.
    pub fn check(&mut self, index: u64, entry: &Entry, body: Option<&[u8]>) -> Result<(), BadEntry> {
        let bad = |reason: String| BadEntry { index, reason };
        if index != self.next {
            return Err(bad(format!("expected entry {} next", self.next)));
        }
        if entry.logged_at < self.last_logged_at {
            return Err(bad("logged earlier than the entry before it: the log's clock went backwards".into()));
        }
        let statement = |body: &[u8]| entry.statement(body.to_vec());
        let parsed = match (needs_body(entry.header.kind), body) {
            (true, Some(b)) => {
                let st = statement(b);
                st.check_body_hash()
                    .map_err(|e| bad(format!("its body does not match its signed hash: {}", e.message)))?;
                Some((st, Body::parse(entry.header.kind, b).map_err(|e| bad(format!("its body is invalid: {e}")))?))
            }
            (true, None) => return Err(bad(format!("the {} body is missing; it must be public", entry.header.kind))),
            (false, _) => None,
        };
        match (&mut self.deployment, parsed) {
            (None, Some((st, Body::Genesis(g)))) => {
                validate::check_genesis(&st, &g).map_err(|e| bad(e.to_string()))?;
                self.deployment = Some(Deployment::new(entry.id, *g));
            }
            (None, _) => return Err(bad("the log does not start with a genesis".into())),
            (Some(dep), parsed) => {
                validate::check_header(dep, &entry.header, &entry.signatures, entry.logged_at)
                    .map_err(|e| bad(e.to_string()))?;
                if let Some((st, body)) = parsed {
                    let no_refs = |_: &crate::StatementId| None;
                    validate::check(dep, &st, &body, &no_refs, entry.logged_at).map_err(|e| bad(e.to_string()))?;
                    validate::apply(dep, &st, &body, index);
                }
            }
        }
        self.last_logged_at = entry.logged_at;
        self.next += 1;
        Ok(())
    }
}
