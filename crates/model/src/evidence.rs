//! Evidence: a file registered in the log by its SHA-256, and its chain of custody. The file
//! itself lives in the evidence store; the log proves it existed, unaltered, from the moment it was
//! registered, even when its visibility hides it from the other party.

use crate::bodies::{check_name, check_text, Text};
use crate::deployment::Deployment;
use crate::keys::PublicKey;
use crate::rejection::Rejection;
use crate::statement::{Kind, Statement};
use crate::validate::Lookup;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A place given with how far the true place may be from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
    pub precision_m: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRegister {
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub size: u64,
    /// e.g. "image/png", "video/mp4", "application/pdf".
    pub media_type: String,
    /// The file's name as its owner knows it.
    #[serde(default)]
    pub name: Option<String>,
    /// When the picture or recording was made, if known.
    #[serde(default)]
    pub captured_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub location: Option<Point>,
    /// The device or the source it came from ("field team camera 3", "radar log, Torkham post").
    pub source: String,
    #[serde(default)]
    pub description: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustodyAction {
    /// The file was read from the evidence store (recorded by the server).
    Download,
    /// A copy or the original medium was handed to someone (recorded by the member who did it).
    Transfer,
}

impl CustodyAction {
    pub fn as_str(self) -> &'static str {
        match self {
            CustodyAction::Download => "download",
            CustodyAction::Transfer => "transfer",
        }
    }
}

/// One link of the chain of custody. Refers to the registration of the file it concerns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Custody {
    pub action: CustodyAction,
    /// Who read or handed over the file.
    pub member: PublicKey,
    pub party: String,
    /// Transfer: to whom (a person, a unit, a laboratory).
    #[serde(default)]
    pub to: Option<String>,
    /// Download: the bytes read, "first-last", when only part of the file was.
    #[serde(default)]
    pub range: Option<String>,
    #[serde(default)]
    pub note: Option<Text>,
}

pub fn valid_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// "type/subtype" with the characters RFC 6838 allows, no parameters.
pub fn valid_media_type(s: &str) -> bool {
    let ok = |p: &str| {
        !p.is_empty() && p.len() <= 127 && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    matches!(s.split_once('/'), Some((t, st)) if ok(t) && ok(st))
}

impl EvidenceRegister {
    pub fn check(&self) -> Result<(), Rejection> {
        if !valid_sha256(&self.sha256) {
            return Err(Rejection::invalid(
                "body.sha256",
                "give the file's SHA-256 as 64 lower-case hex digits".into(),
            ));
        }
        if self.size == 0 {
            return Err(Rejection::invalid("body.size", "an empty file proves nothing".into()));
        }
        if !valid_media_type(&self.media_type) {
            return Err(Rejection::invalid(
                "body.media_type",
                format!("{:?} is not a media type such as image/jpeg", self.media_type),
            ));
        }
        if let Some(name) = &self.name {
            check_name("body.name", name)?;
        }
        if let Some(p) = &self.location {
            if !(-90.0..=90.0).contains(&p.lat) || !(-180.0..=180.0).contains(&p.lon) {
                return Err(Rejection::invalid("body.location", "latitude or longitude out of range".into()));
            }
        }
        check_name("body.source", &self.source)?;
        if let Some(d) = &self.description {
            check_text("body.description", d, crate::bodies::MAX_TEXT_CHARS)?;
        }
        Ok(())
    }
}

impl Custody {
    pub fn check(&self) -> Result<(), Rejection> {
        match (self.action, &self.to) {
            (CustodyAction::Transfer, None) => {
                Err(Rejection::invalid("body.to", "say to whom the file or its medium was handed".into()))
            }
            (CustodyAction::Transfer, Some(to)) => check_name("body.to", to),
            (CustodyAction::Download, _) => Ok(()),
        }?;
        if let Some(n) = &self.note {
            check_text("body.note", n, crate::bodies::MAX_TEXT_CHARS)?;
        }
        Ok(())
    }
}

/// The deployment's rules for a registration: it may point at incidents, and its capture time
/// cannot be later than now.
pub fn check_register(
    st: &Statement,
    e: &EvidenceRegister,
    lookup: &dyn Lookup,
    latest_ms: i64,
) -> Result<(), Rejection> {
    for id in &st.header.refs {
        let about = lookup
            .known(id)
            .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not in the log", id.short())))?;
        if !matches!(about.kind, Kind::IncidentReport | Kind::IncidentAmend) {
            return Err(Rejection::invalid("header.refs", "evidence refers to incidents".into()));
        }
    }
    if e.captured_at.is_some_and(|t| t.timestamp_millis() > latest_ms) {
        return Err(Rejection::invalid("body.captured_at", "the capture time is in the future".into()));
    }
    Ok(())
}

/// A custody event refers to exactly one registration of the same file. The server records
/// downloads by the member who made them; a member records only their own hand-overs.
pub fn check_custody(
    dep: &Deployment,
    st: &Statement,
    c: &Custody,
    lookup: &dyn Lookup,
    by_server: bool,
) -> Result<(), Rejection> {
    let [registration] = st.header.refs.as_slice() else {
        return Err(Rejection::invalid("header.refs", "a custody event refers to exactly one registration".into()));
    };
    let known = lookup
        .known(registration)
        .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not in the log", registration.short())))?;
    if known.kind != Kind::EvidenceRegister {
        return Err(Rejection::invalid("header.refs", "a custody event refers to an evidence registration".into()));
    }
    match (by_server, c.action) {
        (true, CustodyAction::Download) => {
            let m = dep.member(&c.member).ok_or_else(|| {
                Rejection::invalid("body.member", format!("key {} is not enrolled", c.member.fingerprint()))
            })?;
            if m.party != c.party {
                return Err(Rejection::invalid("body.party", format!("the member belongs to party {}", m.party)));
            }
            Ok(())
        }
        (false, CustodyAction::Transfer) => {
            if c.member != st.header.author || c.party != st.header.party {
                return Err(Rejection::forbidden("a member records only their own hand-overs".into()));
            }
            Ok(())
        }
        (true, _) => Err(Rejection::forbidden("the server records downloads only".into())),
        (false, _) => Err(Rejection::forbidden("downloads are recorded by the server, as they happen".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_and_hashes() {
        for ok in ["image/png", "video/mp4", "application/vnd.ms-excel", "image/svg+xml"] {
            assert!(valid_media_type(ok), "{ok}");
        }
        for bad in ["png", "image/", "/png", "image/png; q=1", "text/plain\n"] {
            assert!(!valid_media_type(bad), "{bad}");
        }
        assert!(valid_sha256(&"ab".repeat(32)));
        assert!(!valid_sha256(&"AB".repeat(32)) && !valid_sha256("abc"));
    }
}
