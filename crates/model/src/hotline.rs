//! The hotline: signed messages between the duty officers of the parties and the mediators, each
//! with an acknowledgement deadline; the duty roster that says who answers for a party and sector;
//! and the escalation chain the server follows when nobody acknowledges in time.

use crate::bodies::{check_text, Text, MAX_TEXT_CHARS};
use crate::deployment::{Deployment, PartyKind};
use crate::evidence::Point;
use crate::keys::PublicKey;
use crate::rejection::Rejection;
use crate::statement::{Kind, Statement};
use crate::validate::Lookup;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MAX_ROSTER: usize = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageType {
    /// "We are under fire from your side."
    NoticeOfFire,
    /// "Stop firing now."
    CeaseFireRequest,
    /// Advance notice of a military activity: where, when, what.
    PriorNotice,
    MedevacRequest,
    CrossingNotice,
    /// A scheduled test that the other side's console is staffed.
    CheckIn,
    FreeText,
}

impl MessageType {
    pub const ALL: [MessageType; 7] = [
        MessageType::NoticeOfFire,
        MessageType::CeaseFireRequest,
        MessageType::PriorNotice,
        MessageType::MedevacRequest,
        MessageType::CrossingNotice,
        MessageType::CheckIn,
        MessageType::FreeText,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageType::NoticeOfFire => "notice_of_fire",
            MessageType::CeaseFireRequest => "cease_fire_request",
            MessageType::PriorNotice => "prior_notice",
            MessageType::MedevacRequest => "medevac_request",
            MessageType::CrossingNotice => "crossing_notice",
            MessageType::CheckIn => "check_in",
            MessageType::FreeText => "free_text",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Flash,
    Immediate,
    Routine,
}

/// What a prior notice announces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub what: Text,
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    #[serde(default)]
    pub area: Option<Point>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotlineMessage {
    #[serde(rename = "type")]
    pub message_type: MessageType,
    /// The parties addressed (another party, a mediator). Only they and the mediators read it.
    pub to: Vec<String>,
    pub sector: String,
    #[serde(default)]
    pub location: Option<Point>,
    pub priority: Priority,
    pub text: Text,
    /// Required for a prior notice.
    #[serde(default)]
    pub activity: Option<Activity>,
}

/// An acknowledgement of a message (refers to it), with an optional reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotlineAck {
    #[serde(default)]
    pub reply: Option<Text>,
}

/// Who answers the hotline for the author's party in a sector ("*": every sector), from a time
/// on, until a later roster replaces it: the duty officers in order, then the headquarters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyRoster {
    pub sector: String,
    pub from: DateTime<Utc>,
    pub officers: Vec<PublicKey>,
    #[serde(default)]
    pub hq: Vec<PublicKey>,
}

/// Minutes to acknowledge each type of message, and how often each side checks in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotlineRules {
    pub ack_minutes: BTreeMap<MessageType, u32>,
    /// Minutes for any type not listed.
    pub default_ack_minutes: u32,
    /// Hours between the check-ins each party owes the others.
    pub check_in_hours: u32,
}

impl Default for HotlineRules {
    fn default() -> HotlineRules {
        let ack_minutes = BTreeMap::from([
            (MessageType::CeaseFireRequest, 5),
            (MessageType::NoticeOfFire, 10),
            (MessageType::MedevacRequest, 10),
            (MessageType::PriorNotice, 30),
        ]);
        HotlineRules { ack_minutes, default_ack_minutes: 60, check_in_hours: 24 }
    }
}

impl HotlineRules {
    pub fn ack_minutes(&self, t: MessageType) -> u32 {
        self.ack_minutes.get(&t).copied().unwrap_or(self.default_ack_minutes)
    }
}

/// The steps of escalation of an unacknowledged message: each deadline passed moves one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The addressed party's next duty officers and its headquarters.
    Backup,
    /// The mediators' duty officers.
    Mediators,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Backup => "backup",
            Step::Mediators => "mediators",
        }
    }
}

/// When step `n` (1, 2) of an unacknowledged message is due: one acknowledgement period after
/// the message for the backups, two for the mediators.
pub fn escalation_due(logged_at_ms: i64, rules: &HotlineRules, t: MessageType, step: Step) -> i64 {
    let period = i64::from(rules.ack_minutes(t)) * 60_000;
    logged_at_ms
        + match step {
            Step::Backup => period,
            Step::Mediators => 2 * period,
        }
}

/// A party's last check-in: when it was logged, when its acknowledgement was due, whom it
/// called, and who answered.
pub struct LastCheckIn<'a> {
    pub logged_at_ms: i64,
    pub ack_due_ms: i64,
    pub addressed: &'a [String],
    pub acked_by: &'a [String],
}

/// How a party stands with its check-ins at a moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckInStatus {
    /// When the party's next check-in is due.
    pub due_ms: i64,
    /// The party has not checked in within the period: its console may be unstaffed.
    pub missed: bool,
    /// The parties that let its last check-in go unacknowledged past the deadline: their
    /// consoles may be unstaffed.
    pub unanswered: Vec<String>,
}

/// A party owes a check-in every `check_in_hours`, counted from its last one or, before its
/// first, from the start of the deployment.
pub fn check_in_status(rules: &HotlineRules, since_ms: i64, last: Option<&LastCheckIn>, now_ms: i64) -> CheckInStatus {
    let due_ms = last.map_or(since_ms, |l| l.logged_at_ms) + i64::from(rules.check_in_hours) * 3_600_000;
    let unanswered = match last {
        Some(l) if now_ms > l.ack_due_ms => l.addressed.iter().filter(|p| !l.acked_by.contains(p)).cloned().collect(),
        _ => vec![],
    };
    CheckInStatus { due_ms, missed: now_ms > due_ms, unanswered }
}

/// May `viewer_party` (of `kind`) read a message from `author_party` to `to`?
pub fn may_read(viewer_party: &str, kind: PartyKind, author_party: &str, to: &[String]) -> bool {
    kind == PartyKind::Mediator || viewer_party == author_party || to.iter().any(|p| p == viewer_party)
}

pub fn check_message(dep: &Deployment, st: &Statement, m: &HotlineMessage, latest_ms: i64) -> Result<(), Rejection> {
    if !st.header.refs.is_empty() {
        return Err(Rejection::invalid(
            "header.refs",
            "a hotline message refers to nothing; answer with an acknowledgement".into(),
        ));
    }
    if m.to.is_empty() {
        return Err(Rejection::invalid("body.to", "address the message to at least one party".into()));
    }
    for (i, p) in m.to.iter().enumerate() {
        match dep.party_kind(p) {
            None => return Err(Rejection::invalid(&format!("body.to[{i}]"), format!("unknown party {p:?}"))),
            Some(PartyKind::Observer) => {
                return Err(Rejection::invalid(
                    &format!("body.to[{i}]"),
                    format!("{p} is an observer; it keeps no hotline"),
                ))
            }
            Some(_) if *p == st.header.party => {
                return Err(Rejection::invalid(&format!("body.to[{i}]"), "a party does not call itself".into()))
            }
            Some(_) => {}
        }
    }
    if dep.sector(&m.sector).is_none() {
        return Err(Rejection::invalid("body.sector", format!("unknown sector {:?}", m.sector)));
    }
    check_text("body.text", &m.text, MAX_TEXT_CHARS)?;
    match (&m.message_type, &m.activity) {
        (MessageType::PriorNotice, None) => {
            return Err(Rejection::invalid("body.activity", "a prior notice says what, where and when".into()))
        }
        (_, Some(a)) => {
            check_text("body.activity.what", &a.what, MAX_TEXT_CHARS)?;
            if a.until < a.from {
                return Err(Rejection::invalid("body.activity.until", "the activity ends before it starts".into()));
            }
        }
        _ => {}
    }
    if let Some(a) = &m.activity {
        if a.until.timestamp_millis() < latest_ms - 86_400_000 {
            return Err(Rejection::invalid(
                "body.activity",
                "a prior notice is given before the activity, not after".into(),
            ));
        }
    }
    Ok(())
}

/// An acknowledgement comes from a member of a party the message was addressed to. Sending it
/// again changes nothing.
pub fn check_ack(st: &Statement, a: &HotlineAck, lookup: &dyn Lookup, addressed: &[String]) -> Result<(), Rejection> {
    let [message] = st.header.refs.as_slice() else {
        return Err(Rejection::invalid("header.refs", "an acknowledgement refers to exactly one message".into()));
    };
    let known = lookup
        .known(message)
        .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not in the log", message.short())))?;
    if known.kind != Kind::HotlineMessage {
        return Err(Rejection::invalid("header.refs", "an acknowledgement refers to a hotline message".into()));
    }
    if !addressed.contains(&st.header.party) {
        return Err(Rejection::forbidden("only a party the message was addressed to acknowledges it".into()));
    }
    if let Some(r) = &a.reply {
        check_text("body.reply", r, MAX_TEXT_CHARS)?;
    }
    Ok(())
}

pub fn check_roster(dep: &Deployment, st: &Statement, r: &DutyRoster) -> Result<(), Rejection> {
    if r.sector != "*" && dep.sector(&r.sector).is_none() {
        return Err(Rejection::invalid("body.sector", format!("unknown sector {:?}; or \"*\" for all", r.sector)));
    }
    if r.officers.is_empty() {
        return Err(Rejection::invalid("body.officers", "name at least one duty officer".into()));
    }
    if r.officers.len() + r.hq.len() > MAX_ROSTER {
        return Err(Rejection::too_large("body", format!("at most {MAX_ROSTER} people on a roster")));
    }
    for (field, keys) in [("body.officers", &r.officers), ("body.hq", &r.hq)] {
        for (i, k) in keys.iter().enumerate() {
            match dep.member(k) {
                Some(m) if m.active() && m.party == st.header.party => {}
                _ => {
                    return Err(Rejection::invalid(
                        &format!("{field}[{i}]"),
                        format!("key {} is not an active member of party {}", k.fingerprint(), st.header.party),
                    ))
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use serde_json::json;

    fn cease_fire(to: &[&str]) -> serde_json::Value {
        json!({"type": "cease_fire_request", "to": to, "sector": "west", "priority": "flash",
               "text": {"text": "Stop firing on post 14 now", "lang": "en"}})
    }

    #[test]
    fn messages_go_to_other_parties_and_only_they_acknowledge() {
        let mut w = world();
        let m = statement(&w, &w.pk_duty, "PK", Kind::HotlineMessage, vec![], cease_fire(&["AF"]));
        let id = accept(&mut w, &m).unwrap();
        let to_self = statement(&w, &w.pk_duty, "PK", Kind::HotlineMessage, vec![], cease_fire(&["PK"]));
        assert_eq!(run(&w, &to_self).unwrap_err().field.as_deref(), Some("body.to[0]"));
        let by_reporter = statement(&w, &w.pk_reporter, "PK", Kind::HotlineMessage, vec![], cease_fire(&["AF"]));
        assert_eq!(run(&w, &by_reporter).unwrap_err().code, "forbidden");
        let ack = json!({"reply": {"text": "Received; ordering cease fire", "lang": "en"}});
        run(&w, &statement(&w, &w.af_duty, "AF", Kind::HotlineAck, vec![id], ack.clone())).unwrap();
        let own = statement(&w, &w.pk_duty, "PK", Kind::HotlineAck, vec![id], ack);
        assert_eq!(run(&w, &own).unwrap_err().code, "forbidden");
        let notice = json!({"type": "prior_notice", "to": ["AF"], "sector": "west", "priority": "routine",
                            "text": {"text": "Exercise", "lang": "en"}});
        let s = statement(&w, &w.pk_duty, "PK", Kind::HotlineMessage, vec![], notice);
        assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.activity"));
    }

    #[test]
    fn deadlines_follow_the_type_and_the_chain() {
        let rules = HotlineRules::default();
        assert_eq!(rules.ack_minutes(MessageType::CeaseFireRequest), 5);
        assert_eq!(rules.ack_minutes(MessageType::FreeText), 60);
        let t = MessageType::CeaseFireRequest;
        assert_eq!(escalation_due(0, &rules, t, Step::Backup), 300_000);
        assert_eq!(escalation_due(0, &rules, t, Step::Mediators), 600_000);
    }

    #[test]
    fn a_missed_check_in_and_an_unanswered_one_are_flagged() {
        let rules = HotlineRules { check_in_hours: 24, ..HotlineRules::default() };
        const H: i64 = 3_600_000;
        let none = check_in_status(&rules, 0, None, 23 * H);
        assert_eq!((none.due_ms, none.missed), (24 * H, false));
        assert!(check_in_status(&rules, 0, None, 24 * H + 1).missed, "no check-in in the first day");
        let to = vec!["AF".to_string(), "TR".to_string()];
        let acked = vec!["TR".to_string()];
        let last = LastCheckIn { logged_at_ms: 30 * H, ack_due_ms: 31 * H, addressed: &to, acked_by: &acked };
        let before = check_in_status(&rules, 0, Some(&last), 31 * H);
        assert_eq!((before.due_ms, before.missed, before.unanswered.len()), (54 * H, false, 0));
        let after = check_in_status(&rules, 0, Some(&last), 31 * H + 1);
        assert_eq!(after.unanswered, ["AF"], "Afghanistan did not answer in time");
        assert!(check_in_status(&rules, 0, Some(&last), 54 * H + 1).missed);
    }

    #[test]
    fn only_the_addressed_and_the_mediators_read() {
        let to = vec!["AF".to_string()];
        assert!(may_read("AF", PartyKind::Party, "PK", &to));
        assert!(may_read("PK", PartyKind::Party, "PK", &to));
        assert!(may_read("TR", PartyKind::Mediator, "PK", &to));
        assert!(!may_read("IR", PartyKind::Party, "PK", &to));
        assert!(!may_read("UN", PartyKind::Observer, "PK", &to));
    }
}
