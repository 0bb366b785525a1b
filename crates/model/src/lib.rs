//! Jirga's statements: what each kind says, how it is encoded and signed, and the rules that decide
//! whether a statement may enter the log and who may read it. No I/O: the server and every client
//! that signs use the same code, so both sides agree byte for byte.

pub mod access;
pub mod acled;
pub mod actor;
pub mod audit;
pub mod bodies;
pub mod canonical;
pub mod category;
pub mod compliance;
pub mod crossing;
pub mod deadlines;
pub mod deployment;
pub mod event;
pub mod evidence;
pub mod geo;
pub mod hotline;
pub mod incident;
pub mod investigation;
pub mod keys;
pub mod kind;
pub mod obligation;
pub mod performance;
pub mod rejection;
pub mod report;
pub mod statement;
pub mod translation;
pub mod validate;
pub mod violation;
pub mod window;

#[cfg(test)]
mod testkit;

pub use access::{Role, Viewer};
pub use bodies::Body;
pub use deployment::{Deployment, Genesis, Member, PartyKind};
pub use keys::{KeyFile, PublicKey, SecretKey};
pub use rejection::Rejection;
pub use statement::{Entry, Header, Kind, Signature, Statement, StatementId, Visibility};
