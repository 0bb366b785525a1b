//! The bodies of the statement kinds, and the checks a body can pass or fail on its own
//! (ranges, lengths, orders). Checks that need the deployment live in `validate`.

use crate::access::Role;
use crate::actor::Actor;
use crate::category;
pub use crate::crossing::{CrossingException, CrossingFigure, CrossingPassage, CrossingState, CrossingStatus};
use crate::deadlines::Escalation;
use crate::deployment::Genesis;
pub use crate::event::{Duplicate, EventLink};
use crate::evidence::{Custody, EvidenceRegister};
use crate::hotline::{DutyRoster, HotlineAck, HotlineMessage};
use crate::investigation::{Finding, FindingSign, InvestigationClose, InvestigationNote, InvestigationOpen};
use crate::keys::PublicKey;
pub use crate::obligation::{DeliverableOutcome, PerformanceAnswer, PerformanceReport, VerificationVisit, VisitAccess};
use crate::rejection::Rejection;
use crate::statement::Kind;
pub use crate::translation::{Translation, TranslationDispute};
pub use crate::violation::{ViolationDecision, ViolationEndorse, ViolationFollowUp, ViolationReply, ViolationReport};
pub use crate::window::{WindowAck, WindowRequest, WindowSignal};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 20_000;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_SOURCES: usize = 50;
pub const MAX_COUNT: u32 = 1_000_000;

/// Text as its author wrote it, with its language (BCP 47, e.g. "en", "ur", "ps", "prs").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub text: String,
    pub lang: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimePrecision {
    Minute,
    Hour,
    Day,
    Week,
    Month,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Occurred {
    pub start: DateTime<Utc>,
    #[serde(default)]
    pub end: Option<DateTime<Utc>>,
    pub precision: TimePrecision,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
    /// How far the true place may be from (lat, lon), in metres.
    pub precision_m: u32,
    pub sector: String,
    #[serde(default)]
    pub place: Option<String>,
}

/// A number claimed, with a range where the claim is uncertain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    pub best: u32,
    #[serde(default)]
    pub low: Option<u32>,
    #[serde(default)]
    pub high: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByTarget {
    #[serde(default)]
    pub military: Option<Count>,
    #[serde(default)]
    pub civilian: Option<Count>,
}

impl ByTarget {
    pub fn best_total(&self) -> u32 {
        self.military.map_or(0, |c| c.best) + self.civilian.map_or(0, |c| c.best)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Casualties {
    #[serde(default)]
    pub killed: ByTarget,
    #[serde(default)]
    pub wounded: ByTarget,
}

impl Casualties {
    pub(crate) fn check(&self, field: &str) -> Result<(), Rejection> {
        for (name, by) in [("killed", &self.killed), ("wounded", &self.wounded)] {
            for (target, count) in [("military", &by.military), ("civilian", &by.civilian)] {
                if let Some(c) = count {
                    check_count(&format!("{field}.{name}.{target}"), c)?;
                }
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// "official", "media", "field", "social", "other".
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentReport {
    pub occurred: Occurred,
    pub location: Location,
    pub category: String,
    /// The party alleged responsible, if the reporter names one.
    #[serde(default)]
    pub accused: Option<String>,
    #[serde(default)]
    pub casualties: Casualties,
    pub title: Text,
    pub narrative: Text,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Agreement clauses the incident is alleged to breach, as "agreement/clause".
    #[serde(default)]
    pub clauses: Vec<String>,
    /// The actor of the register alleged to have acted (a claim: the other side can contest it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The party from whose territory the attack is alleged to have been launched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launched_from: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Acknowledge,
    Deny,
    Contest,
    CounterClaim,
}

impl Position {
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Acknowledge => "acknowledge",
            Position::Deny => "deny",
            Position::Contest => "contest",
            Position::CounterClaim => "counter_claim",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub position: Position,
    pub narrative: Text,
    /// The parts of the report the answering party contests, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disputes: Vec<ClaimPart>,
}

/// A part of an incident report that can be contested on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimPart {
    Occurred,
    Location,
    Category,
    Casualties,
    /// The party alleged responsible or hosting.
    Accused,
    Actor,
    LaunchedFrom,
}

impl ClaimPart {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimPart::Occurred => "occurred",
            ClaimPart::Location => "location",
            ClaimPart::Category => "category",
            ClaimPart::Casualties => "casualties",
            ClaimPart::Accused => "accused",
            ClaimPart::Actor => "actor",
            ClaimPart::LaunchedFrom => "launched_from",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicStatement {
    pub speaker: String,
    pub published: DateTime<Utc>,
    pub text: Text,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    pub key: PublicKey,
    pub name: String,
    pub roles: Vec<Role>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    pub key: PublicKey,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Genesis(Box<Genesis>),
    MemberEnrol(Enrolment),
    MemberRevoke(Revocation),
    IncidentReport(Box<IncidentReport>),
    IncidentAmend(Box<IncidentReport>),
    Response(Response),
    CrossingStatus(CrossingStatus),
    CrossingException(Box<CrossingException>),
    CrossingPassage(CrossingPassage),
    CrossingFigure(CrossingFigure),
    WindowRequest(Box<WindowRequest>),
    WindowAck(WindowAck),
    WindowSignal(WindowSignal),
    EventLink(EventLink),
    Duplicate(Duplicate),
    ViolationReport(ViolationReport),
    ViolationEndorse(ViolationEndorse),
    ViolationReply(ViolationReply),
    ViolationDecision(ViolationDecision),
    ViolationFollowUp(ViolationFollowUp),
    PublicStatement(PublicStatement),
    EvidenceRegister(Box<EvidenceRegister>),
    Custody(Custody),
    InvestigationOpen(Box<InvestigationOpen>),
    InvestigationNote(InvestigationNote),
    InvestigationClose(InvestigationClose),
    Finding(Box<Finding>),
    FindingSign(FindingSign),
    Escalation(Escalation),
    HotlineMessage(Box<HotlineMessage>),
    HotlineAck(HotlineAck),
    DutyRoster(DutyRoster),
    ActorRegister(Box<Actor>),
    PerformanceReport(PerformanceReport),
    PerformanceAnswer(PerformanceAnswer),
    VerificationVisit(Box<VerificationVisit>),
    VisitAccess(VisitAccess),
    DeliverableOutcome(Box<DeliverableOutcome>),
    OutcomeSign(FindingSign),
    Translation(Translation),
    TranslationDispute(TranslationDispute),
}

fn parse_as<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Rejection> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "body".to_string() } else { format!("body.{path}") };
        Rejection::new("invalid", Some(&field), e.into_inner().to_string())
    })
}

impl Body {
    /// Parses and checks a body on its own terms.
    pub fn parse(kind: Kind, bytes: &[u8]) -> Result<Body, Rejection> {
        let body = match kind {
            Kind::Genesis => Body::Genesis(Box::new(parse_as(bytes)?)),
            Kind::MemberEnrol => Body::MemberEnrol(parse_as(bytes)?),
            Kind::MemberRevoke => Body::MemberRevoke(parse_as(bytes)?),
            Kind::IncidentReport => Body::IncidentReport(Box::new(parse_as(bytes)?)),
            Kind::IncidentAmend => Body::IncidentAmend(Box::new(parse_as(bytes)?)),
            Kind::Response => Body::Response(parse_as(bytes)?),
            Kind::CrossingStatus => Body::CrossingStatus(parse_as(bytes)?),
            Kind::CrossingException => Body::CrossingException(Box::new(parse_as(bytes)?)),
            Kind::CrossingPassage => Body::CrossingPassage(parse_as(bytes)?),
            Kind::CrossingFigure => Body::CrossingFigure(parse_as(bytes)?),
            Kind::WindowRequest => Body::WindowRequest(Box::new(parse_as(bytes)?)),
            Kind::WindowAck => Body::WindowAck(parse_as(bytes)?),
            Kind::WindowSignal => Body::WindowSignal(parse_as(bytes)?),
            Kind::EventLink => Body::EventLink(parse_as(bytes)?),
            Kind::IncidentDuplicate => Body::Duplicate(parse_as(bytes)?),
            Kind::ViolationReport => Body::ViolationReport(parse_as(bytes)?),
            Kind::ViolationEndorse => Body::ViolationEndorse(parse_as(bytes)?),
            Kind::ViolationReply => Body::ViolationReply(parse_as(bytes)?),
            Kind::ViolationDecision => Body::ViolationDecision(parse_as(bytes)?),
            Kind::ViolationFollowUp => Body::ViolationFollowUp(parse_as(bytes)?),
            Kind::PublicStatement => Body::PublicStatement(parse_as(bytes)?),
            Kind::EvidenceRegister => Body::EvidenceRegister(Box::new(parse_as(bytes)?)),
            Kind::Custody => Body::Custody(parse_as(bytes)?),
            Kind::InvestigationOpen => Body::InvestigationOpen(Box::new(parse_as(bytes)?)),
            Kind::InvestigationNote => Body::InvestigationNote(parse_as(bytes)?),
            Kind::InvestigationClose => Body::InvestigationClose(parse_as(bytes)?),
            Kind::Finding => Body::Finding(Box::new(parse_as(bytes)?)),
            Kind::FindingSign => Body::FindingSign(parse_as(bytes)?),
            Kind::Escalation => Body::Escalation(parse_as(bytes)?),
            Kind::HotlineMessage => Body::HotlineMessage(Box::new(parse_as(bytes)?)),
            Kind::HotlineAck => Body::HotlineAck(parse_as(bytes)?),
            Kind::DutyRoster => Body::DutyRoster(parse_as(bytes)?),
            Kind::ActorRegister => Body::ActorRegister(Box::new(parse_as(bytes)?)),
            Kind::PerformanceReport => Body::PerformanceReport(parse_as(bytes)?),
            Kind::PerformanceAnswer => Body::PerformanceAnswer(parse_as(bytes)?),
            Kind::VerificationVisit => Body::VerificationVisit(Box::new(parse_as(bytes)?)),
            Kind::VisitAccess => Body::VisitAccess(parse_as(bytes)?),
            Kind::DeliverableOutcome => Body::DeliverableOutcome(Box::new(parse_as(bytes)?)),
            Kind::OutcomeSign => Body::OutcomeSign(parse_as(bytes)?),
            Kind::Translation => Body::Translation(parse_as(bytes)?),
            Kind::TranslationDispute => Body::TranslationDispute(parse_as(bytes)?),
        };
        body.check()?;
        Ok(body)
    }

    /// Statements a body cites (besides the header's refs), which the checks look up.
    pub fn cited(&self) -> Vec<crate::StatementId> {
        match self {
            Body::InvestigationNote(n) => n.evidence.clone(),
            Body::Finding(f) => f.evidence.clone(),
            Body::PerformanceReport(r) => r.evidence.clone(),
            _ => vec![],
        }
    }

    fn check(&self) -> Result<(), Rejection> {
        match self {
            Body::Genesis(_) => Ok(()),
            Body::MemberEnrol(e) => {
                check_name("body.name", &e.name)?;
                if e.roles.is_empty() {
                    return Err(Rejection::invalid("body.roles", "give the member at least one role".into()));
                }
                Ok(())
            }
            Body::MemberRevoke(r) => check_len("body.reason", &r.reason, MAX_TITLE_CHARS),
            Body::IncidentReport(r) | Body::IncidentAmend(r) => r.check(),
            Body::Response(r) => {
                check_text("body.narrative", &r.narrative, MAX_TEXT_CHARS)?;
                for (i, d) in r.disputes.iter().enumerate() {
                    if r.disputes[..i].contains(d) {
                        return Err(Rejection::invalid(
                            &format!("body.disputes[{i}]"),
                            format!("{} is contested twice", d.as_str()),
                        ));
                    }
                    if r.position == Position::Acknowledge {
                        return Err(Rejection::invalid(
                            "body.disputes",
                            "an acknowledgement contests nothing; answer deny or contest".into(),
                        ));
                    }
                }
                Ok(())
            }
            Body::CrossingStatus(c) => match &c.reason {
                Some(t) => check_text("body.reason", t, MAX_TITLE_CHARS * 5),
                None => Ok(()),
            },
            Body::PublicStatement(p) => {
                check_name("body.speaker", &p.speaker)?;
                check_text("body.text", &p.text, MAX_TEXT_CHARS)?;
                check_url("body.url", p.url.as_deref())
            }
            Body::EvidenceRegister(e) => e.check(),
            Body::Custody(c) => c.check(),
            // The rest are checked with the deployment (validate), where the team and rules are.
            Body::InvestigationOpen(_)
            | Body::InvestigationNote(_)
            | Body::InvestigationClose(_)
            | Body::Finding(_)
            | Body::FindingSign(_)
            | Body::CrossingException(_)
            | Body::CrossingPassage(_)
            | Body::CrossingFigure(_)
            | Body::WindowRequest(_)
            | Body::WindowAck(_)
            | Body::WindowSignal(_)
            | Body::EventLink(_)
            | Body::Duplicate(_)
            | Body::ViolationReport(_)
            | Body::ViolationEndorse(_)
            | Body::ViolationReply(_)
            | Body::ViolationDecision(_)
            | Body::ViolationFollowUp(_)
            | Body::Escalation(_)
            | Body::HotlineMessage(_)
            | Body::HotlineAck(_)
            | Body::DutyRoster(_)
            | Body::ActorRegister(_)
            | Body::PerformanceReport(_)
            | Body::PerformanceAnswer(_)
            | Body::VerificationVisit(_)
            | Body::VisitAccess(_)
            | Body::DeliverableOutcome(_)
            | Body::OutcomeSign(_)
            | Body::Translation(_)
            | Body::TranslationDispute(_) => Ok(()),
        }
    }
}

impl IncidentReport {
    fn check(&self) -> Result<(), Rejection> {
        let l = &self.location;
        if !(-90.0..=90.0).contains(&l.lat) {
            return Err(Rejection::invalid(
                "body.location.lat",
                format!("latitude {} is not between -90 and 90", l.lat),
            ));
        }
        if !(-180.0..=180.0).contains(&l.lon) {
            return Err(Rejection::invalid(
                "body.location.lon",
                format!("longitude {} is not between -180 and 180", l.lon),
            ));
        }
        if l.precision_m > 500_000 {
            return Err(Rejection::invalid(
                "body.location.precision_m",
                "a location precision over 500 km says nothing about where: leave it out of the area or narrow it"
                    .into(),
            ));
        }
        if let Some(place) = &l.place {
            check_name("body.location.place", place)?;
        }
        if let Some(end) = self.occurred.end {
            if end < self.occurred.start {
                return Err(Rejection::invalid("body.occurred.end", "the end is before the start".into()));
            }
        }
        if category::find(&self.category).is_none() {
            let known: Vec<&str> = category::ids().collect();
            return Err(Rejection::invalid(
                "body.category",
                format!("unknown category {:?}; use one of: {}", self.category, known.join(", ")),
            ));
        }
        self.casualties.check("body.casualties")?;
        check_text("body.title", &self.title, MAX_TITLE_CHARS)?;
        check_text("body.narrative", &self.narrative, MAX_TEXT_CHARS)?;
        if self.sources.len() > MAX_SOURCES {
            return Err(Rejection::too_large("body.sources", format!("at most {MAX_SOURCES} sources")));
        }
        for (i, s) in self.sources.iter().enumerate() {
            check_name(&format!("body.sources[{i}].kind"), &s.kind)?;
            check_len(&format!("body.sources[{i}].title"), &s.title, MAX_TITLE_CHARS * 5)?;
            check_url(&format!("body.sources[{i}].url"), s.url.as_deref())?;
        }
        Ok(())
    }
}

pub(crate) fn check_count(field: &str, c: &Count) -> Result<(), Rejection> {
    let low = c.low.unwrap_or(c.best);
    let high = c.high.unwrap_or(c.best);
    if low > c.best || c.best > high {
        return Err(Rejection::invalid(field, format!("expected low ≤ best ≤ high, got {low} / {} / {high}", c.best)));
    }
    if high > MAX_COUNT {
        return Err(Rejection::invalid(field, format!("{high} is more than {MAX_COUNT}")));
    }
    Ok(())
}

pub(crate) fn check_len(field: &str, s: &str, max: usize) -> Result<(), Rejection> {
    let n = s.chars().count();
    if n > max {
        return Err(Rejection::too_large(field, format!("{n} characters; at most {max}")));
    }
    Ok(())
}

pub(crate) fn check_name(field: &str, s: &str) -> Result<(), Rejection> {
    if s.trim().is_empty() {
        return Err(Rejection::invalid(field, "must not be empty".into()));
    }
    check_len(field, s, MAX_NAME_CHARS)
}

pub(crate) fn check_text(field: &str, t: &Text, max: usize) -> Result<(), Rejection> {
    if t.text.trim().is_empty() {
        return Err(Rejection::invalid(&format!("{field}.text"), "must not be empty".into()));
    }
    check_len(&format!("{field}.text"), &t.text, max)?;
    if !valid_lang(&t.lang) {
        return Err(Rejection::invalid(
            &format!("{field}.lang"),
            format!("{:?} is not a language tag (e.g. \"en\", \"ur\", \"ps\", \"prs\")", t.lang),
        ));
    }
    Ok(())
}

pub(crate) fn check_url(field: &str, url: Option<&str>) -> Result<(), Rejection> {
    match url {
        Some(u) if !(u.starts_with("https://") || u.starts_with("http://")) || u.len() > 2000 => {
            Err(Rejection::invalid(
                field,
                "a link must start with https:// or http:// and be under 2,000 characters".into(),
            ))
        }
        _ => Ok(()),
    }
}

/// A BCP 47 tag of the simple shapes we meet: "en", "prs", "fa-AF", "ur-Arab-PK".
pub fn valid_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    pub fn report() -> serde_json::Value {
        json!({
            "occurred": {"start": "2025-10-11T22:00:00Z", "precision": "hour"},
            "location": {"lat": 30.99, "lon": 66.41, "precision_m": 2000, "sector": "chaman-spin-boldak"},
            "category": "cross_border_fire",
            "accused": "PK",
            "casualties": {"killed": {"civilian": {"best": 2, "low": 1, "high": 4}}},
            "title": {"text": "Fire on Spin Boldak", "lang": "en"},
            "narrative": {"text": "Mortar rounds landed near the bazaar.", "lang": "en"}
        })
    }

    fn parse(v: serde_json::Value) -> Result<Body, Rejection> {
        Body::parse(Kind::IncidentReport, &serde_json::to_vec(&v).unwrap())
    }

    #[test]
    fn a_good_report_parses() {
        assert!(matches!(parse(report()).unwrap(), Body::IncidentReport(_)));
    }

    #[test]
    fn bad_reports_name_the_field() {
        let cases = [
            ("/location/lat", json!(200.0), "body.location.lat"),
            ("/category", json!("picnic"), "body.category"),
            ("/casualties/killed/civilian/low", json!(9), "body.casualties.killed.civilian"),
            ("/title/lang", json!("English"), "body.title.lang"),
            ("/occurred/precision", json!("fortnight"), "body.occurred.precision"),
        ];
        for (pointer, value, field) in cases {
            let mut r = report();
            *r.pointer_mut(pointer).unwrap() = value;
            let err = parse(r).unwrap_err();
            assert_eq!(err.field.as_deref(), Some(field), "{err}");
        }
        let mut r = report();
        r["surprise"] = json!(1);
        assert!(parse(r).unwrap_err().message.contains("unknown field"));
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "ur", "ps", "prs", "fa-AF", "ur-Arab-PK"] {
            assert!(valid_lang(ok), "{ok}");
        }
        for bad in ["", "E", "english", "en_US", "EN"] {
            assert!(!valid_lang(bad), "{bad}");
        }
    }
}
