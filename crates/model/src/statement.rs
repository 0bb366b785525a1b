//! The statement: a small signed header that commits to a body by its SHA-256. The header and its
//! signatures (plus the time the log accepted it) are the log entry, safe to publish; the body is
//! stored beside the log and served only to those its visibility allows.

use crate::canonical;
use crate::keys::{PublicKey, SecretKey};
use crate::rejection::Rejection;
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ed25519_dalek::Signature as DalekSignature;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt;

/// Prefix of every signed header, so a statement signature can never be replayed as any other
/// kind of signature made with the same key (login challenges, notes).
pub const SIGNING_CONTEXT: &[u8] = b"jirga/statement/v1\n";
const ID_CONTEXT: &[u8] = b"jirga/statement-id/v1\n";
/// C2SP tlog-tiles entries are at most 65,535 bytes.
pub const MAX_ENTRY_BYTES: usize = 65_535;
pub const MAX_REFS: usize = 32;

pub use crate::kind::Kind;

/// Who may read a statement's body. The header is always public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone, without signing in.
    Public,
    /// Every member of the parties and the mediators.
    Joint,
    /// The mediators and the author's own party (sealed for the other party).
    Mediators,
    /// The author's own party only: a draft.
    Party,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Joint => "joint",
            Visibility::Mediators => "mediators",
            Visibility::Party => "party",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        [Visibility::Public, Visibility::Joint, Visibility::Mediators, Visibility::Party]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// SHA-256 of the canonical header, in hex: the same statement always has the same id, so a
/// client on a bad line can resend without creating a duplicate.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StatementId(pub [u8; 32]);

impl StatementId {
    pub fn of_header(canonical_header: &[u8]) -> StatementId {
        let mut h = Sha256::new();
        h.update(ID_CONTEXT);
        h.update(canonical_header);
        StatementId(h.finalize().into())
    }

    pub fn parse(s: &str) -> Option<StatementId> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).ok()?;
        Some(StatementId(out))
    }

    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn short(&self) -> String {
        hex::encode(&self.0[..6])
    }
}

impl fmt::Display for StatementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

impl fmt::Debug for StatementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StatementId({})", self.short())
    }
}

impl Serialize for StatementId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StatementId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        StatementId::parse(&s).ok_or_else(|| serde::de::Error::custom("a statement id is 64 hex characters"))
    }
}

/// The signed part of a statement. Every field is always present so there is one canonical form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Format version: 1.
    pub v: u32,
    pub kind: Kind,
    /// The deployment's id (its genesis statement id); empty in the genesis itself.
    pub deployment: String,
    pub author: PublicKey,
    /// The party the author speaks for: must be the party the author's key is enrolled in.
    pub party: String,
    /// When the author signed, in milliseconds since the Unix epoch (UTC).
    pub time: i64,
    /// Statements this one refers to (the incident it answers, the version it amends).
    pub refs: Vec<StatementId>,
    pub visibility: Visibility,
    /// Lower-case hex SHA-256 of the canonical body.
    pub body_sha256: String,
    pub body_len: u64,
}

impl Header {
    /// The header's RFC 8785 bytes, written field by field in the order RFC 8785 sorts them:
    /// what the canonicalizer gives (a test checks it), without building a JSON tree and
    /// sorting its keys for every entry an auditor reads. Every value is a string, an integer
    /// or a list of strings, which serde_json writes exactly as RFC 8785 does, integers only
    /// within ±2^53 (RFC 8785 writes numbers as doubles): beyond that the canonicalizer decides.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        const EXACT: u64 = 1 << 53;
        if self.time.unsigned_abs() > EXACT || self.body_len > EXACT {
            return canonical::to_vec(self).expect("a header always serializes");
        }
        fn field<T: Serialize + ?Sized>(out: &mut Vec<u8>, name: &str, value: &T) {
            out.extend_from_slice(if out.len() == 1 { b"\"" } else { b",\"" });
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            serde_json::to_writer(&mut *out, value).expect("strings and integers always serialize");
        }
        let mut out = Vec::with_capacity(320 + self.party.len() + self.deployment.len() + 67 * self.refs.len());
        out.push(b'{');
        field(&mut out, "author", &self.author);
        field(&mut out, "body_len", &self.body_len);
        field(&mut out, "body_sha256", &self.body_sha256);
        field(&mut out, "deployment", &self.deployment);
        field(&mut out, "kind", &self.kind);
        field(&mut out, "party", &self.party);
        field(&mut out, "refs", &self.refs);
        field(&mut out, "time", &self.time);
        field(&mut out, "v", &self.v);
        field(&mut out, "visibility", &self.visibility);
        out.push(b'}');
        out
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub key: PublicKey,
    /// Standard base64 of the 64-byte Ed25519 signature over SIGNING_CONTEXT || canonical header.
    pub sig: String,
}

/// A signed statement as a client submits it: header, signatures and body.
#[derive(Clone, Debug)]
pub struct Statement {
    pub header: Header,
    /// The canonical bytes of the header, exactly as signed.
    pub header_bytes: Vec<u8>,
    pub signatures: Vec<Signature>,
    /// The canonical bytes of the body.
    pub body_bytes: Vec<u8>,
    pub id: StatementId,
}

/// The JSON a client sends: `{"header": {...}, "signatures": [...], "body": {...}}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub header: Value,
    pub signatures: Vec<Signature>,
    pub body: Value,
}

pub fn body_digest(body_bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(body_bytes))
}

impl Statement {
    /// Builds and signs a statement (what a client does). `signers[0]` must be the author.
    pub fn sign(mut header: Header, body: &Value, signers: &[&SecretKey]) -> Result<Statement, Rejection> {
        let body_bytes = canonical::to_vec(body).map_err(|e| Rejection::bad_body("body", e.to_string()))?;
        header.body_sha256 = body_digest(&body_bytes);
        header.body_len = body_bytes.len() as u64;
        let header_bytes = header.canonical_bytes();
        let mut message = SIGNING_CONTEXT.to_vec();
        message.extend_from_slice(&header_bytes);
        let signatures =
            signers.iter().map(|k| Signature { key: k.public(), sig: B64.encode(k.sign(&message)) }).collect();
        Ok(Statement { id: StatementId::of_header(&header_bytes), header, header_bytes, signatures, body_bytes })
    }

    /// Parses a submission, checking that header and body are well formed, that the body matches
    /// its hash, and that the header is in its one canonical form. Signatures are checked separately
    /// ([`Statement::verify_signatures`]) so the server can check many at once.
    pub fn from_submission(sub: Submission) -> Result<Statement, Rejection> {
        let header: Header =
            serde_json::from_value(sub.header.clone()).map_err(|e| Rejection::malformed(format!("header: {e}")))?;
        let header_bytes = canonical::to_vec(&sub.header).map_err(|e| Rejection::malformed(e.to_string()))?;
        let reserialized = header.canonical_bytes();
        if header_bytes != reserialized {
            return Err(Rejection::malformed("header is not in canonical form".to_string()));
        }
        let body_bytes = canonical::to_vec(&sub.body).map_err(|e| Rejection::bad_body("body", e.to_string()))?;
        let statement = Statement {
            id: StatementId::of_header(&header_bytes),
            header,
            header_bytes,
            signatures: sub.signatures,
            body_bytes,
        };
        statement.check_body_hash()?;
        Ok(statement)
    }

    pub fn check_body_hash(&self) -> Result<(), Rejection> {
        if self.header.body_len != self.body_bytes.len() as u64
            || self.header.body_sha256 != body_digest(&self.body_bytes)
        {
            return Err(Rejection::new(
                "body-mismatch",
                Some("body"),
                "the body does not match the body_sha256 and body_len in the signed header: sign the body you send"
                    .to_string(),
            ));
        }
        Ok(())
    }

    pub fn signing_message(&self) -> Vec<u8> {
        let mut message = SIGNING_CONTEXT.to_vec();
        message.extend_from_slice(&self.header_bytes);
        message
    }

    /// Each signature must be valid for its key. Who the keys must be is the validator's business.
    pub fn verify_signatures(&self) -> Result<(), Rejection> {
        check_signatures(&self.signatures, &self.signing_message(), decode_key)
    }

    pub fn body_value(&self) -> Value {
        serde_json::from_slice(&self.body_bytes).expect("canonical body bytes are JSON")
    }

    pub fn submission(&self) -> Submission {
        Submission {
            header: serde_json::from_slice(&self.header_bytes).expect("canonical header bytes are JSON"),
            signatures: self.signatures.clone(),
            body: self.body_value(),
        }
    }
}

/// Checks `signatures` of `message` by the one rule ([`ledger::signature`]); `key` decodes a
/// signer's key ([`decode_key`], or a cache of decoded keys for whoever checks many statements).
/// The sequencer, the validator and the audit all check through here.
pub fn check_signatures(
    signatures: &[Signature],
    message: &[u8],
    mut key: impl FnMut(&PublicKey) -> Result<ed25519_dalek::VerifyingKey, Rejection>,
) -> Result<(), Rejection> {
    if signatures.is_empty() {
        return Err(Rejection::bad_signature("the statement carries no signature".into()));
    }
    for s in signatures {
        let sig = decode_signature(&s.sig)?;
        if !ledger::signature::valid(&key(&s.key)?, message, &sig) {
            return Err(Rejection::bad_signature(format!(
                "the signature by key {} does not verify",
                s.key.fingerprint()
            )));
        }
    }
    Ok(())
}

/// A signer's key as a point on the curve, or why it is not one.
pub fn decode_key(key: &PublicKey) -> Result<ed25519_dalek::VerifyingKey, Rejection> {
    key.verifying_key().map_err(|e| Rejection::bad_signature(e.to_string()))
}

pub fn decode_signature(s: &str) -> Result<DalekSignature, Rejection> {
    let raw = B64.decode(s).map_err(|_| Rejection::bad_signature("a signature is not valid base64".into()))?;
    let raw: [u8; 64] =
        raw.try_into().map_err(|_| Rejection::bad_signature("an Ed25519 signature is 64 bytes".into()))?;
    Ok(DalekSignature::from_bytes(&raw))
}

/// A log entry: the signed header and its signatures, and the time the log accepted it. Its
/// canonical JSON bytes are the Merkle leaf.
#[derive(Clone, Debug)]
pub struct Entry {
    pub header: Header,
    pub header_bytes: Vec<u8>,
    pub signatures: Vec<Signature>,
    /// Milliseconds since the Unix epoch when the sequencer accepted it: deadlines run from here.
    pub logged_at: i64,
    pub id: StatementId,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryWire<'a> {
    /// The header exactly as written in the entry: its bytes are what was signed.
    #[serde(borrow)]
    header: &'a serde_json::value::RawValue,
    logged_at: i64,
    signatures: Vec<SignatureWire>,
}

/// A signature as an entry carries it; the key is checked when the signature is (Entry::parse).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatureWire {
    key: String,
    sig: String,
}

impl Entry {
    pub fn new(statement: &Statement, logged_at: i64) -> Entry {
        Entry {
            header: statement.header.clone(),
            header_bytes: statement.header_bytes.clone(),
            signatures: statement.signatures.clone(),
            logged_at,
            id: statement.id,
        }
    }

    /// The canonical bytes. Written by hand because RFC 8785 sorts "header" < "logged_at" <
    /// "signatures" and base64 needs no escaping; a test checks it against the canonicalizer.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.header_bytes.len() + 160 * self.signatures.len() + 40);
        out.extend_from_slice(b"{\"header\":");
        out.extend_from_slice(&self.header_bytes);
        out.extend_from_slice(b",\"logged_at\":");
        out.extend_from_slice(self.logged_at.to_string().as_bytes());
        out.extend_from_slice(b",\"signatures\":[");
        for (i, s) in self.signatures.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"key\":\"");
            out.extend_from_slice(s.key.to_string().as_bytes());
            out.extend_from_slice(b"\",\"sig\":\"");
            out.extend_from_slice(s.sig.as_bytes());
            out.extend_from_slice(b"\"}");
        }
        out.extend_from_slice(b"]}");
        out
    }

    /// Parses an entry read back from the log; anything but the canonical form is refused.
    pub fn parse(bytes: &[u8]) -> Result<Entry, Rejection> {
        let wire: EntryWire =
            serde_json::from_slice(bytes).map_err(|e| Rejection::malformed(format!("log entry: {e}")))?;
        let written = wire.header.get().as_bytes();
        let header: Header =
            serde_json::from_slice(written).map_err(|e| Rejection::malformed(format!("header: {e}")))?;
        // Every field is always present and none other is allowed, so the canonical form of
        // what was read is the one byte form a header can take; the comparison of the whole
        // entry with its canonical bytes below refuses a header written any other way.
        let header_bytes = header.canonical_bytes();
        let signatures = wire
            .signatures
            .into_iter()
            .map(|s| {
                let key = PublicKey::parse_unchecked(&s.key)
                    .map_err(|e| Rejection::malformed(format!("log entry: signature key: {e}")))?;
                Ok(Signature { key, sig: s.sig })
            })
            .collect::<Result<_, Rejection>>()?;
        let entry = Entry {
            id: StatementId::of_header(&header_bytes),
            header,
            header_bytes,
            signatures,
            logged_at: wire.logged_at,
        };
        if entry.to_bytes() != bytes {
            return Err(Rejection::malformed("log entry is not in canonical form".into()));
        }
        Ok(entry)
    }

    pub fn statement(&self, body_bytes: Vec<u8>) -> Statement {
        Statement {
            header: self.header.clone(),
            header_bytes: self.header_bytes.clone(),
            signatures: self.signatures.clone(),
            body_bytes,
            id: self.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(author: &SecretKey) -> Header {
        Header {
            v: 1,
            kind: Kind::Response,
            deployment: "d".into(),
            author: author.public(),
            party: "PK".into(),
            time: 1_760_000_000_000,
            refs: vec![StatementId([7; 32])],
            visibility: Visibility::Joint,
            body_sha256: String::new(),
            body_len: 0,
        }
    }

    #[test]
    fn signed_statement_survives_the_wire_and_verifies() {
        let key = SecretKey::generate();
        let st = Statement::sign(header(&key), &json!({"position": "deny", "n": 1.5}), &[&key]).unwrap();
        st.verify_signatures().unwrap();
        let wire = serde_json::to_string(&st.submission()).unwrap();
        let back = Statement::from_submission(serde_json::from_str(&wire).unwrap()).unwrap();
        assert_eq!(back.id, st.id);
        back.verify_signatures().unwrap();
    }

    #[test]
    fn tampered_header_or_body_is_refused() {
        let key = SecretKey::generate();
        let st = Statement::sign(header(&key), &json!({"position": "deny"}), &[&key]).unwrap();
        let mut sub = st.submission();
        sub.body = json!({"position": "acknowledge"});
        assert_eq!(Statement::from_submission(sub).unwrap_err().code, "body-mismatch");
        let mut sub = st.submission();
        sub.header["party"] = json!("AF");
        let forged = Statement::from_submission(sub).unwrap();
        assert_eq!(forged.verify_signatures().unwrap_err().code, "bad-signature");
    }

    #[test]
    fn unknown_header_fields_are_refused() {
        let key = SecretKey::generate();
        let st = Statement::sign(header(&key), &json!({}), &[&key]).unwrap();
        let mut sub = st.submission();
        sub.header["extra"] = json!(1);
        assert_eq!(Statement::from_submission(sub).unwrap_err().code, "malformed");
    }

    #[test]
    fn entry_bytes_are_canonical_and_round_trip() {
        let key = SecretKey::generate();
        let st = Statement::sign(header(&key), &json!({"a": 1}), &[&key]).unwrap();
        let entry = Entry::new(&st, 1_760_000_000_123);
        let bytes = entry.to_bytes();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(canonical::to_vec(&value).unwrap(), bytes);
        let back = Entry::parse(&bytes).unwrap();
        assert_eq!(back.id, st.id);
        assert_eq!(back.logged_at, 1_760_000_000_123);
        let spaced = String::from_utf8(bytes).unwrap().replacen(':', ": ", 1);
        assert!(Entry::parse(spaced.as_bytes()).is_err());
    }

    #[test]
    fn a_header_written_any_other_way_inside_an_entry_is_refused() {
        let key = SecretKey::generate();
        let st = Statement::sign(header(&key), &json!({"a": 1}), &[&key]).unwrap();
        let good = String::from_utf8(Entry::new(&st, 5).to_bytes()).unwrap();
        assert!(Entry::parse(good.as_bytes()).is_ok());
        // The same JSON value, written otherwise: a space, keys out of order, an escaped letter.
        let spaced = good.replacen("\"body_len\":", "\"body_len\": ", 1);
        let reordered = good.replacen("{\"author\"", "{\"v\":1,\"author\"", 1).replacen(",\"v\":1,", ",", 1);
        let escaped = good.replacen("\"party\":\"PK\"", "\"party\":\"\\u0050K\"", 1);
        for bad in [spaced, reordered, escaped] {
            assert_ne!(bad, good);
            let refused = Entry::parse(bad.as_bytes()).unwrap_err();
            assert_eq!(refused.code, "malformed", "{bad}");
        }
    }

    proptest::proptest! {
        /// The header written field by field is byte for byte what the RFC 8785 canonicalizer
        /// makes of it, whatever its strings hold (controls, quotes, other scripts).
        #[test]
        fn canonical_bytes_are_the_canonicalizers(
            party in "\\PC{0,12}|[\\x00-\\x1f\"\\\\/]{0,6}",
            deployment in "[0-9a-f]{0,64}",
            time in proptest::prop_oneof![proptest::num::i64::ANY, -(1i64 << 53)..=(1i64 << 53)],
            body_len in proptest::prop_oneof![proptest::num::u64::ANY, 0..=(1u64 << 53)],
            refs in proptest::collection::vec(proptest::array::uniform32(proptest::num::u8::ANY), 0..3),
        ) {
            let key = SecretKey::generate();
            let mut h = header(&key);
            h.party = party;
            h.deployment = deployment;
            h.time = time;
            h.body_len = body_len;
            h.refs = refs.into_iter().map(StatementId).collect();
            proptest::prop_assert_eq!(h.canonical_bytes(), canonical::to_vec(&h).unwrap());
        }
    }
}
