//! Statements the server signs with its own key (named in the genesis): the custody of a
//! download it served and the escalation of a deadline that passed. They go through the same
//! checks and the same log as everyone's.

use crate::sequencer::{Receipt, Sequencer, SubmitError};
use model::deployment::SERVER_PARTY;
use model::statement::Header;
use model::{Body, Kind, SecretKey, Statement, StatementId, Visibility};
use serde_json::Value;

/// Signs and submits a statement of the server's; resolves once it is durable.
pub async fn record(
    seq: &Sequencer,
    key: &SecretKey,
    kind: Kind,
    refs: Vec<StatementId>,
    body: Value,
    time_ms: i64,
) -> Result<Receipt, SubmitError> {
    let (statement, parsed) = sign(seq, key, kind, refs, body, time_ms)?;
    seq.submit(statement, parsed).await
}

/// Signs a statement of the server's for this log (a standby hands it to the writer).
pub fn sign(
    seq: &Sequencer,
    key: &SecretKey,
    kind: Kind,
    refs: Vec<StatementId>,
    body: Value,
    time_ms: i64,
) -> Result<(Statement, Body), SubmitError> {
    let deployment = {
        let state = seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref().ok_or_else(|| SubmitError::Unavailable("the log has no genesis".into()))?;
        if !dep.is_server(&key.public()) {
            return Err(SubmitError::Unavailable("the genesis does not name this server's key".into()));
        }
        dep.id.hex()
    };
    let header = Header {
        v: 1,
        kind,
        deployment,
        author: key.public(),
        party: SERVER_PARTY.into(),
        time: time_ms,
        refs,
        visibility: Visibility::Joint,
        body_sha256: String::new(),
        body_len: 0,
    };
    let statement = Statement::sign(header, &body, &[key]).map_err(SubmitError::Rejected)?;
    let parsed = Body::parse(kind, &statement.body_bytes).map_err(SubmitError::Rejected)?;
    Ok((statement, parsed))
}
