//! The kinds of statement: what each is called in the log, and what the checks need to know of a
//! kind before they read its body.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    #[serde(rename = "genesis")]
    Genesis,
    #[serde(rename = "member.enrol")]
    MemberEnrol,
    #[serde(rename = "member.revoke")]
    MemberRevoke,
    #[serde(rename = "incident.report")]
    IncidentReport,
    #[serde(rename = "incident.amend")]
    IncidentAmend,
    #[serde(rename = "response")]
    Response,
    #[serde(rename = "crossing.status")]
    CrossingStatus,
    #[serde(rename = "crossing.exception")]
    CrossingException,
    #[serde(rename = "crossing.passage")]
    CrossingPassage,
    #[serde(rename = "crossing.figure")]
    CrossingFigure,
    #[serde(rename = "window.request")]
    WindowRequest,
    #[serde(rename = "window.ack")]
    WindowAck,
    #[serde(rename = "window.signal")]
    WindowSignal,
    #[serde(rename = "event.link")]
    EventLink,
    #[serde(rename = "incident.duplicate")]
    IncidentDuplicate,
    #[serde(rename = "violation.report")]
    ViolationReport,
    #[serde(rename = "violation.endorse")]
    ViolationEndorse,
    #[serde(rename = "violation.reply")]
    ViolationReply,
    #[serde(rename = "violation.decision")]
    ViolationDecision,
    #[serde(rename = "violation.follow_up")]
    ViolationFollowUp,
    #[serde(rename = "public.statement")]
    PublicStatement,
    #[serde(rename = "evidence.register")]
    EvidenceRegister,
    #[serde(rename = "evidence.custody")]
    Custody,
    #[serde(rename = "investigation.open")]
    InvestigationOpen,
    #[serde(rename = "investigation.note")]
    InvestigationNote,
    #[serde(rename = "investigation.close")]
    InvestigationClose,
    #[serde(rename = "finding")]
    Finding,
    #[serde(rename = "finding.sign")]
    FindingSign,
    #[serde(rename = "escalation")]
    Escalation,
    #[serde(rename = "hotline.message")]
    HotlineMessage,
    #[serde(rename = "hotline.ack")]
    HotlineAck,
    #[serde(rename = "duty.roster")]
    DutyRoster,
    #[serde(rename = "actor.register")]
    ActorRegister,
    #[serde(rename = "performance.report")]
    PerformanceReport,
    #[serde(rename = "performance.answer")]
    PerformanceAnswer,
    #[serde(rename = "verification.visit")]
    VerificationVisit,
    #[serde(rename = "verification.access")]
    VisitAccess,
    #[serde(rename = "deliverable.outcome")]
    DeliverableOutcome,
    #[serde(rename = "deliverable.sign")]
    OutcomeSign,
    #[serde(rename = "translation")]
    Translation,
    #[serde(rename = "translation.dispute")]
    TranslationDispute,
}

impl Kind {
    pub const ALL: [Kind; 41] = [
        Kind::Genesis,
        Kind::MemberEnrol,
        Kind::MemberRevoke,
        Kind::IncidentReport,
        Kind::IncidentAmend,
        Kind::Response,
        Kind::CrossingStatus,
        Kind::CrossingException,
        Kind::CrossingPassage,
        Kind::CrossingFigure,
        Kind::WindowRequest,
        Kind::WindowAck,
        Kind::WindowSignal,
        Kind::EventLink,
        Kind::IncidentDuplicate,
        Kind::ViolationReport,
        Kind::ViolationEndorse,
        Kind::ViolationReply,
        Kind::ViolationDecision,
        Kind::ViolationFollowUp,
        Kind::PublicStatement,
        Kind::EvidenceRegister,
        Kind::Custody,
        Kind::InvestigationOpen,
        Kind::InvestigationNote,
        Kind::InvestigationClose,
        Kind::Finding,
        Kind::FindingSign,
        Kind::Escalation,
        Kind::HotlineMessage,
        Kind::HotlineAck,
        Kind::DutyRoster,
        Kind::ActorRegister,
        Kind::PerformanceReport,
        Kind::PerformanceAnswer,
        Kind::VerificationVisit,
        Kind::VisitAccess,
        Kind::DeliverableOutcome,
        Kind::OutcomeSign,
        Kind::Translation,
        Kind::TranslationDispute,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Genesis => "genesis",
            Kind::MemberEnrol => "member.enrol",
            Kind::MemberRevoke => "member.revoke",
            Kind::IncidentReport => "incident.report",
            Kind::IncidentAmend => "incident.amend",
            Kind::Response => "response",
            Kind::CrossingStatus => "crossing.status",
            Kind::CrossingException => "crossing.exception",
            Kind::CrossingPassage => "crossing.passage",
            Kind::CrossingFigure => "crossing.figure",
            Kind::WindowRequest => "window.request",
            Kind::WindowAck => "window.ack",
            Kind::WindowSignal => "window.signal",
            Kind::EventLink => "event.link",
            Kind::IncidentDuplicate => "incident.duplicate",
            Kind::ViolationReport => "violation.report",
            Kind::ViolationEndorse => "violation.endorse",
            Kind::ViolationReply => "violation.reply",
            Kind::ViolationDecision => "violation.decision",
            Kind::ViolationFollowUp => "violation.follow_up",
            Kind::PublicStatement => "public.statement",
            Kind::EvidenceRegister => "evidence.register",
            Kind::Custody => "evidence.custody",
            Kind::InvestigationOpen => "investigation.open",
            Kind::InvestigationNote => "investigation.note",
            Kind::InvestigationClose => "investigation.close",
            Kind::Finding => "finding",
            Kind::FindingSign => "finding.sign",
            Kind::Escalation => "escalation",
            Kind::HotlineMessage => "hotline.message",
            Kind::HotlineAck => "hotline.ack",
            Kind::DutyRoster => "duty.roster",
            Kind::ActorRegister => "actor.register",
            Kind::PerformanceReport => "performance.report",
            Kind::PerformanceAnswer => "performance.answer",
            Kind::VerificationVisit => "verification.visit",
            Kind::VisitAccess => "verification.access",
            Kind::DeliverableOutcome => "deliverable.outcome",
            Kind::OutcomeSign => "deliverable.sign",
            Kind::Translation => "translation",
            Kind::TranslationDispute => "translation.dispute",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Kinds that belong to the incident their first reference belongs to (an answer, a new
    /// version, an investigation and everything said inside it).
    pub fn follows_first_ref(self) -> bool {
        matches!(
            self,
            Kind::IncidentAmend
                | Kind::IncidentDuplicate
                | Kind::Response
                | Kind::InvestigationOpen
                | Kind::InvestigationNote
                | Kind::InvestigationClose
                | Kind::Finding
                | Kind::FindingSign
                | Kind::ViolationReport
                | Kind::ViolationEndorse
                | Kind::ViolationReply
                | Kind::ViolationDecision
                | Kind::ViolationFollowUp
        )
    }

    /// Kinds the server signs with its own key, about what it saw (a download) or computed (a
    /// deadline passed, a window of silence begun or over). Custody is also recorded by members
    /// (a hand-over).
    pub fn server_may_sign(self) -> bool {
        matches!(self, Kind::Custody | Kind::Escalation | Kind::WindowSignal)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
