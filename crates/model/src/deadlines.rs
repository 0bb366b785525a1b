//! Deadlines: when an answer, a finding or the signatures on a finding are due, and the
//! escalation the server records in the log when one passes. Computed here, from the log's own
//! times, so that every server and auditor reaches the same answer with the same clock.

use crate::bodies::check_text;
use crate::deployment::Rules;
use crate::rejection::Rejection;
use crate::statement::{Kind, Statement};
use crate::validate::Lookup;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overdue {
    /// A report the other side has not answered within the response deadline.
    Response,
    /// An investigation without a final finding past its due date.
    Investigation,
    /// A finding still waiting for the signatures that make it final.
    Signatures,
    /// A hotline message nobody addressed has acknowledged in time.
    Acknowledgement,
}

impl Overdue {
    pub const ALL: [Overdue; 4] =
        [Overdue::Response, Overdue::Investigation, Overdue::Signatures, Overdue::Acknowledgement];

    pub fn as_str(self) -> &'static str {
        match self {
            Overdue::Response => "response",
            Overdue::Investigation => "investigation",
            Overdue::Signatures => "signatures",
            Overdue::Acknowledgement => "acknowledgement",
        }
    }

    /// The kind of statement an escalation of this reason refers to.
    pub fn subject_kind(self) -> Kind {
        match self {
            Overdue::Response => Kind::IncidentReport,
            Overdue::Investigation => Kind::InvestigationOpen,
            Overdue::Signatures => Kind::Finding,
            Overdue::Acknowledgement => Kind::HotlineMessage,
        }
    }
}

/// The server's statement that something is overdue, addressed to the mediators. Refers to the
/// report, investigation or finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    pub overdue: Overdue,
    pub due: DateTime<Utc>,
    pub text: crate::bodies::Text,
    /// For an unacknowledged hotline message: how far up the chain it has gone, and whom the
    /// step calls on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<crate::hotline::Step>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notify: Vec<crate::keys::PublicKey>,
}

/// When the other side's answer to a report is due.
pub fn response_due(report_logged_at_ms: i64, rules: &Rules) -> i64 {
    crate::incident::response_deadline(report_logged_at_ms, rules.response_deadline_hours)
}

/// When the team's signatures on a finding are due.
pub fn signatures_due(finding_logged_at_ms: i64, rules: &Rules) -> i64 {
    finding_logged_at_ms + i64::from(rules.finding_signature_hours) * 3_600_000
}

/// Something with a due time that has not been settled (answered, found, signed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending<Id> {
    pub subject: Id,
    pub overdue: Overdue,
    pub due_ms: i64,
    /// For a hotline message: the step of the chain this deadline moves it to.
    pub step: Option<crate::hotline::Step>,
}

/// Those of `pending` whose time is up at `now_ms`, oldest first: each is escalated once.
pub fn passed<Id: Clone>(pending: &[Pending<Id>], now_ms: i64) -> Vec<Pending<Id>> {
    let mut out: Vec<Pending<Id>> = pending.iter().filter(|p| p.due_ms < now_ms).cloned().collect();
    out.sort_by_key(|p| p.due_ms);
    out
}

pub fn check_escalation(st: &Statement, e: &Escalation, lookup: &dyn Lookup, now_ms: i64) -> Result<(), Rejection> {
    let [subject] = st.header.refs.as_slice() else {
        return Err(Rejection::invalid("header.refs", "an escalation refers to exactly one statement".into()));
    };
    let known = lookup
        .known(subject)
        .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not in the log", subject.short())))?;
    if known.kind != e.overdue.subject_kind() {
        return Err(Rejection::invalid(
            "header.refs",
            format!("an overdue {} refers to a {}", e.overdue.as_str(), e.overdue.subject_kind()),
        ));
    }
    if known.acknowledged {
        return Err(Rejection::new("conflict", Some("header.refs"), "the message has been acknowledged".into()));
    }
    match (e.overdue, e.step) {
        (Overdue::Acknowledgement, None) => {
            return Err(Rejection::invalid("body.step", "an unacknowledged message escalates by steps".into()))
        }
        (Overdue::Acknowledgement, Some(_)) | (_, None) => {}
        (_, Some(_)) => return Err(Rejection::invalid("body.step", "only hotline messages escalate by steps".into())),
    }
    if e.due.timestamp_millis() >= now_ms {
        return Err(Rejection::invalid("body.due", "nothing is overdue before its time".into()));
    }
    check_text("body.text", &e.text, crate::bodies::MAX_TEXT_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_times_follow_the_rules() {
        let rules = Rules { response_deadline_hours: 24, finding_signature_hours: 72, ..Rules::default() };
        assert_eq!(response_due(1_000, &rules), 1_000 + 24 * 3_600_000);
        assert_eq!(signatures_due(1_000, &rules), 1_000 + 72 * 3_600_000);
    }

    #[test]
    fn only_what_has_passed_is_escalated_oldest_first() {
        let p = |s: u32, due_ms| Pending { subject: s, overdue: Overdue::Response, due_ms, step: None };
        let pending = [p(1, 300), p(2, 100), p(3, 200), p(4, 500)];
        let at = |now| passed(&pending, now).iter().map(|p| p.subject).collect::<Vec<_>>();
        assert_eq!(at(100), Vec::<u32>::new());
        assert_eq!(at(101), vec![2]);
        assert_eq!(at(301), vec![2, 3, 1]);
        assert_eq!(at(10_000), vec![2, 3, 1, 4]);
    }
}
