//! Who may do what, and who may read what. One table, used by the server before a statement enters
//! the log, by every read, and by auditors checking the log afterwards.

use crate::deployment::PartyKind;
use crate::statement::{Kind, Visibility};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Enrols and revokes the keys of their own party.
    Admin,
    /// Files and amends incident reports.
    Reporter,
    /// Answers the other side's reports.
    Liaison,
    /// Staffs the hotline, sets crossing status and counts what passes.
    DutyOfficer,
    Investigator,
    /// Records the party's official public statements.
    Spokesperson,
    /// Reads only.
    Observer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Reporter,
        Role::Liaison,
        Role::DutyOfficer,
        Role::Investigator,
        Role::Spokesperson,
        Role::Observer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Reporter => "reporter",
            Role::Liaison => "liaison",
            Role::DutyOfficer => "duty_officer",
            Role::Investigator => "investigator",
            Role::Spokesperson => "spokesperson",
            Role::Observer => "observer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The roles a member needs for each kind (any one of them; none listed: no role needed), and
/// the kinds of party that may make it at all.
pub fn requirement(kind: Kind) -> (&'static [Role], &'static [PartyKind]) {
    use PartyKind::*;
    const ANY: &[PartyKind] = &[Party, Mediator, Observer];
    const PARTIES_AND_MEDIATORS: &[PartyKind] = &[Party, Mediator];
    const NONE: &[Role] = &[];
    match kind {
        // The genesis is checked on its own (signed by the mediators' admins).
        Kind::Genesis => (NONE, &[Mediator]),
        Kind::MemberEnrol => (&[Role::Admin], ANY),
        // Admins revoke; any member may also revoke their own key (checked in validate).
        Kind::MemberRevoke => (NONE, ANY),
        Kind::IncidentReport | Kind::IncidentAmend => (&[Role::Reporter], PARTIES_AND_MEDIATORS),
        Kind::Response => (&[Role::Liaison], &[Party]),
        Kind::CrossingStatus | Kind::CrossingException | Kind::CrossingPassage => (&[Role::DutyOfficer], &[Party]),
        // Figures reported by others (traders, the press), recorded by those who follow them.
        Kind::CrossingFigure => (&[Role::DutyOfficer, Role::Spokesperson], PARTIES_AND_MEDIATORS),
        Kind::PublicStatement => (&[Role::Spokesperson], ANY),
        Kind::EvidenceRegister => (&[Role::Reporter, Role::Investigator], PARTIES_AND_MEDIATORS),
        // Hand-overs by whoever holds the file; downloads are recorded by the server.
        Kind::Custody => (NONE, PARTIES_AND_MEDIATORS),
        Kind::InvestigationOpen | Kind::InvestigationClose | Kind::Finding => (&[Role::Investigator], &[Mediator]),
        // Team members, whatever their role (checked in validate).
        Kind::InvestigationNote | Kind::FindingSign => (NONE, PARTIES_AND_MEDIATORS),
        // The server's alone.
        Kind::Escalation => (NONE, &[]),
        Kind::HotlineMessage | Kind::HotlineAck => (&[Role::DutyOfficer], PARTIES_AND_MEDIATORS),
        Kind::DutyRoster => (&[Role::Admin], PARTIES_AND_MEDIATORS),
        Kind::WindowRequest => (&[Role::DutyOfficer], PARTIES_AND_MEDIATORS),
        // On duty for the window's sector (checked in window::check_ack).
        Kind::WindowAck => (&[Role::DutyOfficer], &[Party]),
        Kind::WindowSignal => (NONE, &[]),
        Kind::EventLink => (&[Role::Investigator], &[Mediator]),
        Kind::IncidentDuplicate => (&[Role::Reporter], PARTIES_AND_MEDIATORS),
        Kind::ViolationReport | Kind::ViolationFollowUp => (&[Role::Investigator], &[Mediator]),
        // A committee seat's investigators and admins (the seat is checked in violation::check_endorse).
        Kind::ViolationEndorse => (&[Role::Investigator, Role::Admin], PARTIES_AND_MEDIATORS),
        Kind::ViolationReply => (&[Role::Liaison], &[Party]),
        Kind::ViolationDecision => (&[Role::Investigator, Role::Admin], &[Mediator]),
        Kind::ActorRegister => (&[Role::Investigator, Role::Admin], &[Mediator]),
        // The obliged party (checked in obligation::check_report), and the other one answering.
        Kind::PerformanceReport => (&[Role::Liaison, Role::Admin], &[Party]),
        Kind::PerformanceAnswer => (&[Role::Liaison, Role::Admin], &[Party]),
        Kind::VerificationVisit | Kind::DeliverableOutcome => (&[Role::Investigator], &[Mediator]),
        // The team, whatever their role (checked in obligation).
        Kind::VisitAccess | Kind::OutcomeSign => (NONE, PARTIES_AND_MEDIATORS),
        // Anyone enrolled, whatever their role.
        Kind::Translation | Kind::TranslationDispute => (NONE, ANY),
    }
}

/// The visibilities a kind may be given. Keys and the crossings' state are public by nature; the
/// work of a joint team is seen by both parties; a finding may be published.
pub fn allowed_visibilities(kind: Kind) -> &'static [Visibility] {
    use Visibility::*;
    match kind {
        Kind::Genesis | Kind::MemberEnrol | Kind::MemberRevoke | Kind::PublicStatement => &[Public],
        Kind::CrossingStatus | Kind::CrossingException | Kind::CrossingPassage | Kind::CrossingFigure => {
            &[Public, Joint]
        }
        Kind::IncidentReport | Kind::IncidentAmend | Kind::Response | Kind::EvidenceRegister => {
            &[Public, Joint, Mediators, Party]
        }
        // A hotline message is further limited to the parties it addresses (model::hotline::may_read).
        Kind::Custody
        | Kind::InvestigationOpen
        | Kind::InvestigationClose
        | Kind::Escalation
        | Kind::HotlineMessage
        | Kind::HotlineAck => &[Joint],
        Kind::DutyRoster => &[Joint],
        Kind::WindowRequest | Kind::WindowAck | Kind::WindowSignal => &[Public, Joint],
        Kind::EventLink => &[Public, Joint, Mediators],
        Kind::IncidentDuplicate => &[Public, Joint, Mediators, Party],
        Kind::ViolationReport
        | Kind::ViolationEndorse
        | Kind::ViolationReply
        | Kind::ViolationDecision
        | Kind::ViolationFollowUp => &[Public, Joint],
        Kind::InvestigationNote => &[Joint, Mediators],
        Kind::Finding | Kind::FindingSign => &[Public, Joint],
        Kind::ActorRegister => &[Public, Joint],
        // A performance report may be sealed for the mediators (sources on the ground).
        Kind::PerformanceReport | Kind::PerformanceAnswer => &[Public, Joint, Mediators],
        Kind::VerificationVisit | Kind::VisitAccess => &[Joint, Mediators],
        Kind::DeliverableOutcome | Kind::OutcomeSign => &[Public, Joint],
        // Held to the reach of the original in translation::check.
        Kind::Translation | Kind::TranslationDispute => &[Public, Joint, Mediators, Party],
    }
}

/// Who is reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Viewer {
    Anonymous,
    Member { party: String, party_kind: PartyKind },
}

impl Viewer {
    /// May this viewer read the body of a statement made by `author_party` with `visibility`?
    pub fn may_read(&self, author_party: &str, visibility: Visibility) -> bool {
        match (self, visibility) {
            (_, Visibility::Public) => true,
            (Viewer::Anonymous, _) => false,
            (Viewer::Member { party, .. }, _) if party == author_party => true,
            (Viewer::Member { party_kind, .. }, Visibility::Joint) => {
                matches!(party_kind, PartyKind::Party | PartyKind::Mediator)
            }
            (Viewer::Member { party_kind, .. }, Visibility::Mediators) => *party_kind == PartyKind::Mediator,
            (Viewer::Member { .. }, Visibility::Party) => false,
        }
    }

    /// The (party, visibility) pairs this viewer may read, as the store's filters need them:
    /// returns the visibilities readable for any author, and whether the own party's all are.
    pub fn readable(&self) -> (Vec<Visibility>, Option<&str>) {
        match self {
            Viewer::Anonymous => (vec![Visibility::Public], None),
            Viewer::Member { party, party_kind } => {
                let mut v = vec![Visibility::Public];
                match party_kind {
                    PartyKind::Party => v.push(Visibility::Joint),
                    PartyKind::Mediator => v.extend([Visibility::Joint, Visibility::Mediators]),
                    PartyKind::Observer => {}
                }
                (v, Some(party.as_str()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(party: &str, kind: PartyKind) -> Viewer {
        Viewer::Member { party: party.into(), party_kind: kind }
    }

    #[test]
    fn visibility_rules() {
        let pk = member("PK", PartyKind::Party);
        let af = member("AF", PartyKind::Party);
        let tr = member("TR", PartyKind::Mediator);
        let un = member("UN", PartyKind::Observer);
        for v in [&pk, &af, &tr, &un, &Viewer::Anonymous] {
            assert!(v.may_read("PK", Visibility::Public));
        }
        assert!(af.may_read("PK", Visibility::Joint) && tr.may_read("PK", Visibility::Joint));
        assert!(!un.may_read("PK", Visibility::Joint) && !Viewer::Anonymous.may_read("PK", Visibility::Joint));
        assert!(tr.may_read("PK", Visibility::Mediators) && pk.may_read("PK", Visibility::Mediators));
        assert!(!af.may_read("PK", Visibility::Mediators));
        assert!(pk.may_read("PK", Visibility::Party));
        assert!(!af.may_read("PK", Visibility::Party) && !tr.may_read("PK", Visibility::Party));
    }

    #[test]
    fn readable_agrees_with_may_read() {
        let all = [Visibility::Public, Visibility::Joint, Visibility::Mediators, Visibility::Party];
        for viewer in [
            member("PK", PartyKind::Party),
            member("TR", PartyKind::Mediator),
            member("UN", PartyKind::Observer),
            Viewer::Anonymous,
        ] {
            let (any, own) = viewer.readable();
            for author in ["PK", "AF", "TR", "UN"] {
                for v in all {
                    let by_list = any.contains(&v) || own == Some(author);
                    assert_eq!(by_list, viewer.may_read(author, v), "{viewer:?} {author} {v:?}");
                }
            }
        }
    }
}
