//! From a finding to a consequence, as the agreement's procedure (data in the genesis) lays it
//! down: the mediators draft a violation report on a final finding; the committee endorses it up
//! to its quorum; the responsible party replies with the remedial action it commits to and by
//! when; the mediators decide the measure the agreement provides; and they follow up whether the
//! remedial action was done. Each step is a signed statement beside the others.

use crate::bodies::{check_text, Text, MAX_TEXT_CHARS};
use crate::deployment::{Deployment, Genesis, Names};
use crate::investigation::Conclusion;
use crate::rejection::Rejection;
use crate::statement::{Statement, StatementId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A measure the agreement provides, e.g. a formal warning or referral to the guarantors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureSpec {
    pub id: String,
    pub name: Names,
}

/// What an agreement provides after a violation is found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// The parties whose investigators or admins sit on the committee that endorses a report.
    pub committee: Vec<String>,
    /// How many of the committee's parties must endorse before a decision.
    pub quorum: u32,
    /// Days the responsible party has to reply once the report is endorsed.
    pub reply_days: u32,
    pub measures: Vec<MeasureSpec>,
}

/// The mediators' report of a violation (its one ref: a final finding that attributes it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViolationReport {
    /// agreement/clause
    pub clause: String,
    pub responsible: String,
    pub summary: Text,
}

/// A committee party's endorsement of a violation report (its one ref).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViolationEndorse {
    #[serde(default)]
    pub note: Option<Text>,
}

/// The responsible party's answer: what it will do, and by when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViolationReply {
    pub remedial_action: Text,
    pub due: DateTime<Utc>,
}

/// The measure decided, among those the agreement provides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViolationDecision {
    pub measure: String,
    pub text: Text,
}

/// Whether the remedial action the responsible party committed to was done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViolationFollowUp {
    pub outcome: FollowUpOutcome,
    pub text: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpOutcome {
    Done,
    NotDone,
}

/// A violation as the checks of its later steps need it.
#[derive(Clone, Debug, PartialEq)]
pub struct ViolationState {
    pub finding: StatementId,
    pub clause: String,
    pub agreement: String,
    pub responsible: String,
    pub endorsed: BTreeSet<String>,
    pub replied: bool,
    pub decided: bool,
    pub done: bool,
}

/// Where a remedial action stands: committed to and not yet due, done, or past its date undone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remedial {
    Due,
    Done,
    Overdue,
}

impl Remedial {
    /// None while the responsible party has committed to nothing.
    pub fn of(due_ms: Option<i64>, done: bool, now_ms: i64) -> Option<Remedial> {
        match (due_ms, done) {
            (_, true) => Some(Remedial::Done),
            (Some(due), false) if due < now_ms => Some(Remedial::Overdue),
            (Some(_), false) => Some(Remedial::Due),
            (None, false) => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Remedial::Due => "due",
            Remedial::Done => "done",
            Remedial::Overdue => "overdue",
        }
    }
}

/// The procedure of the agreement a clause ("agreement/clause") belongs to.
pub fn procedure_of<'a>(genesis: &'a Genesis, agreement: &str) -> Option<&'a Procedure> {
    genesis.agreements.iter().find(|a| a.id == agreement).and_then(|a| a.procedure.as_ref())
}

/// A genesis's procedures name known parties, a quorum the committee can reach, and measures.
pub fn check_procedures(genesis: &Genesis) -> Result<(), Rejection> {
    for a in &genesis.agreements {
        let Some(p) = &a.procedure else { continue };
        let field = "body.agreements";
        if let Some(x) = p.committee.iter().find(|c| !genesis.parties.iter().any(|g| &g.id == *c)) {
            return Err(Rejection::invalid(field, format!("agreement {}: committee party {x:?} is unknown", a.id)));
        }
        if p.quorum == 0 || p.quorum as usize > p.committee.len() {
            return Err(Rejection::invalid(
                field,
                format!("agreement {}: a quorum of 1 to {}", a.id, p.committee.len()),
            ));
        }
        let ids: BTreeSet<&str> = p.measures.iter().map(|m| m.id.as_str()).collect();
        if p.measures.is_empty() || ids.len() != p.measures.len() {
            return Err(Rejection::invalid(field, format!("agreement {}: name its measures, each once", a.id)));
        }
    }
    Ok(())
}

fn one_ref(st: &Statement) -> Result<&StatementId, Rejection> {
    match st.header.refs.as_slice() {
        [one] => Ok(one),
        _ => Err(Rejection::invalid("header.refs", format!("a {} refers to exactly one statement", st.header.kind))),
    }
}

fn violation<'a>(dep: &'a Deployment, st: &Statement) -> Result<&'a ViolationState, Rejection> {
    let id = one_ref(st)?;
    dep.violations
        .get(id)
        .ok_or_else(|| Rejection::unknown_ref(format!("{} is not a violation report in the log", id.short())))
}

fn conflict(message: String) -> Rejection {
    Rejection::new("conflict", Some("header.refs"), message)
}

pub fn check_report(dep: &Deployment, st: &Statement, v: &ViolationReport) -> Result<(), Rejection> {
    let id = one_ref(st)?;
    let f = dep
        .findings
        .get(id)
        .ok_or_else(|| Rejection::unknown_ref(format!("{} is not a finding in the log", id.short())))?;
    if !crate::investigation::is_final(&dep.genesis, &f.concurring_parties()) {
        return Err(conflict("the finding is not final yet: a violation is reported on a final finding".into()));
    }
    if !matches!(f.conclusion, Conclusion::Verified | Conclusion::PartlyVerified) {
        return Err(conflict(format!(
            "the finding concludes {}: there is no violation to report",
            f.conclusion.as_str()
        )));
    }
    if !f.verified.iter().any(|(c, p)| *c == v.clause && *p == v.responsible) {
        let verified: Vec<String> = f.verified.iter().map(|(c, p)| format!("{c} by {p}")).collect();
        return Err(Rejection::invalid(
            "body.responsible",
            format!(
                "the finding verifies no breach of {} by {}; it verifies: {}",
                v.clause,
                v.responsible,
                verified.join(", ")
            ),
        ));
    }
    let (agreement, _) = dep.clause(&v.clause).ok_or_else(|| {
        Rejection::invalid("body.clause", format!("unknown clause {:?}; write agreement/clause", v.clause))
    })?;
    if agreement.procedure.is_none() {
        return Err(Rejection::invalid("body.clause", format!("agreement {} lays down no procedure", agreement.id)));
    }
    if dep.violations.values().any(|x| x.finding == *id && x.clause == v.clause && x.responsible == v.responsible) {
        return Err(conflict("this finding's violation of that clause is already reported".into()));
    }
    check_text("body.summary", &v.summary, MAX_TEXT_CHARS)
}

pub fn check_endorse(dep: &Deployment, st: &Statement, e: &ViolationEndorse) -> Result<(), Rejection> {
    let v = violation(dep, st)?;
    let p = procedure_of(&dep.genesis, &v.agreement).expect("checked when reported");
    let party = &st.header.party;
    if !p.committee.contains(party) {
        return Err(Rejection::forbidden(format!("{party} has no seat on the committee ({})", p.committee.join(", "))));
    }
    if v.endorsed.contains(party) {
        return Err(conflict(format!("{party} has already endorsed this report")));
    }
    if v.decided {
        return Err(conflict("the measure is already decided".into()));
    }
    match &e.note {
        Some(n) => check_text("body.note", n, MAX_TEXT_CHARS),
        None => Ok(()),
    }
}

pub fn check_reply(dep: &Deployment, st: &Statement, r: &ViolationReply, now_ms: i64) -> Result<(), Rejection> {
    let v = violation(dep, st)?;
    if st.header.party != v.responsible {
        return Err(Rejection::forbidden(format!("the reply is {}'s, the party found responsible", v.responsible)));
    }
    if v.replied {
        return Err(conflict("the party has already replied".into()));
    }
    if r.due.timestamp_millis() <= now_ms {
        return Err(Rejection::invalid("body.due", "commit to a date still ahead".into()));
    }
    check_text("body.remedial_action", &r.remedial_action, MAX_TEXT_CHARS)
}

pub fn check_decision(dep: &Deployment, st: &Statement, d: &ViolationDecision) -> Result<(), Rejection> {
    let v = violation(dep, st)?;
    let p = procedure_of(&dep.genesis, &v.agreement).expect("checked when reported");
    if v.decided {
        return Err(conflict("the measure is already decided".into()));
    }
    let endorsed = v.endorsed.iter().filter(|e| p.committee.contains(e)).count() as u32;
    if endorsed < p.quorum {
        return Err(conflict(format!("the committee has endorsed {endorsed} of the {} needed", p.quorum)));
    }
    if !p.measures.iter().any(|m| m.id == d.measure) {
        let known: Vec<&str> = p.measures.iter().map(|m| m.id.as_str()).collect();
        return Err(Rejection::invalid("body.measure", format!("the agreement provides {}", known.join(", "))));
    }
    check_text("body.text", &d.text, MAX_TEXT_CHARS)
}

pub fn check_follow_up(dep: &Deployment, st: &Statement, f: &ViolationFollowUp) -> Result<(), Rejection> {
    let v = violation(dep, st)?;
    if !v.replied {
        return Err(conflict("no remedial action has been committed to yet".into()));
    }
    if v.done {
        return Err(conflict("the remedial action is already recorded as done".into()));
    }
    check_text("body.text", &f.text, MAX_TEXT_CHARS)
}

pub fn apply(dep: &mut Deployment, st: &Statement, body: &crate::Body) {
    use crate::Body;
    let first = st.header.refs.first().copied();
    if let Body::ViolationReport(v) = body {
        let agreement = v.clause.split('/').next().unwrap_or_default().to_string();
        let Some(finding) = first else { return };
        let state = ViolationState {
            finding,
            clause: v.clause.clone(),
            agreement,
            responsible: v.responsible.clone(),
            endorsed: BTreeSet::new(),
            replied: false,
            decided: false,
            done: false,
        };
        dep.violations.insert(st.id, state);
        return;
    }
    let Some(v) = first.and_then(|id| dep.violations.get_mut(&id)) else { return };
    match body {
        Body::ViolationEndorse(_) => {
            v.endorsed.insert(st.header.party.clone());
        }
        Body::ViolationReply(_) => v.replied = true,
        Body::ViolationDecision(_) => v.decided = true,
        Body::ViolationFollowUp(f) => v.done |= f.outcome == FollowUpOutcome::Done,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::investigation::{FindingState, Stance};
    use crate::statement::Kind;
    use crate::testkit::*;
    use serde_json::json;
    use std::collections::BTreeMap;

    /// A world whose agreement lays down a procedure, with a final finding that Afghanistan
    /// violated clause 1 (concurred by the mediator and both parties).
    fn with_final_finding(conclusion: Conclusion) -> (World, StatementId) {
        let mut w = world();
        w.dep.genesis.agreements[0].procedure = Some(
            serde_json::from_value(json!({
                "committee": ["TR", "PK", "AF"], "quorum": 2, "reply_days": 14,
                "measures": [{"id": "formal_warning", "name": {"en": "Formal warning"}},
                             {"id": "public_finding", "name": {"en": "Public finding in the periodic report"}}]
            }))
            .unwrap(),
        );
        let signed = BTreeMap::from([
            (w.tr_investigator.public(), ("TR".to_string(), Stance::Concur)),
            (w.pk_investigator.public(), ("PK".to_string(), Stance::Concur)),
            (w.af_investigator.public(), ("AF".to_string(), Stance::Concur)),
        ]);
        let finding = StatementId([7; 32]);
        let verified = vec![("doha/1".to_string(), "AF".to_string())];
        let state = FindingState { investigation: StatementId([6; 32]), conclusion, verified, signed };
        w.dep.findings.insert(finding, state);
        (w, finding)
    }

    fn step(
        w: &World,
        key: &crate::SecretKey,
        party: &str,
        kind: Kind,
        refs: Vec<StatementId>,
        body: serde_json::Value,
    ) -> (Statement, crate::Body) {
        statement(w, key, party, kind, refs, body)
    }

    fn report_body(responsible: &str) -> serde_json::Value {
        json!({"clause": "doha/1", "responsible": responsible, "summary": {"text": "Fire across the line", "lang": "en"}})
    }

    #[test]
    fn a_violation_goes_from_report_to_endorsement_reply_decision_and_follow_up() {
        let (mut w, finding) = with_final_finding(Conclusion::Verified);
        let (tr, pk, af, liaison) =
            (w.tr_investigator.clone(), w.pk_investigator.clone(), w.af_investigator.clone(), w.af_liaison.clone());
        let wrong = step(&w, &tr, "TR", Kind::ViolationReport, vec![finding], report_body("PK"));
        assert_eq!(run(&w, &wrong).unwrap_err().field.as_deref(), Some("body.responsible"));
        let by_party = step(&w, &pk, "PK", Kind::ViolationReport, vec![finding], report_body("AF"));
        assert_eq!(run(&w, &by_party).unwrap_err().code, "forbidden");
        let report = step(&w, &tr, "TR", Kind::ViolationReport, vec![finding], report_body("AF"));
        let v = accept(&mut w, &report).unwrap();
        assert_eq!(run(&w, &report).unwrap_err().code, "conflict", "reported once");

        let decide = |w: &World| {
            step(
                w,
                &tr,
                "TR",
                Kind::ViolationDecision,
                vec![v],
                json!({"measure": "formal_warning", "text": {"text": "A formal warning", "lang": "en"}}),
            )
        };
        let e = run(&w, &decide(&w)).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), ("conflict", "the committee has endorsed 0 of the 2 needed"));
        let endorse = |w: &World, key: &crate::SecretKey, party: &str| {
            step(w, key, party, Kind::ViolationEndorse, vec![v], json!({}))
        };
        let s = endorse(&w, &tr, "TR");
        accept(&mut w, &s).unwrap();
        assert_eq!(run(&w, &endorse(&w, &tr, "TR")).unwrap_err().code, "conflict");
        assert_eq!(run(&w, &decide(&w)).unwrap_err().code, "conflict", "one of two");
        let s = endorse(&w, &pk, "PK");
        accept(&mut w, &s).unwrap();

        let reply = |w: &World, key: &crate::SecretKey, party: &str| {
            step(
                w,
                key,
                party,
                Kind::ViolationReply,
                vec![v],
                json!({"remedial_action": {"text": "Withdraw the post", "lang": "en"}, "due": "2025-11-20T00:00:00Z"}),
            )
        };
        let follow = |w: &World| {
            step(
                w,
                &tr,
                "TR",
                Kind::ViolationFollowUp,
                vec![v],
                json!({"outcome": "done", "text": {"text": "Withdrawn", "lang": "en"}}),
            )
        };
        assert_eq!(run(&w, &follow(&w)).unwrap_err().code, "conflict", "nothing committed to yet");
        assert_eq!(run(&w, &reply(&w, &pk, "PK")).unwrap_err().code, "forbidden", "not the responsible party's role");
        let s = reply(&w, &liaison, "AF");
        accept(&mut w, &s).unwrap();
        let bad_measure = step(
            &w,
            &tr,
            "TR",
            Kind::ViolationDecision,
            vec![v],
            json!({"measure": "sanctions", "text": {"text": "x", "lang": "en"}}),
        );
        assert_eq!(run(&w, &bad_measure).unwrap_err().field.as_deref(), Some("body.measure"));
        let s = decide(&w);
        accept(&mut w, &s).unwrap();
        assert_eq!(run(&w, &endorse(&w, &af, "AF")).unwrap_err().code, "conflict", "decided");
        let s = follow(&w);
        accept(&mut w, &s).unwrap();
        assert!(w.dep.violations[&v].done);
    }

    #[test]
    fn a_remedial_action_is_due_then_overdue_unless_done() {
        assert_eq!(Remedial::of(None, false, 10), None);
        assert_eq!(Remedial::of(Some(20), false, 10), Some(Remedial::Due));
        assert_eq!(Remedial::of(Some(5), false, 10), Some(Remedial::Overdue));
        assert_eq!(Remedial::of(Some(5), true, 10), Some(Remedial::Done));
    }

    #[test]
    fn no_violation_is_reported_on_a_finding_that_found_none() {
        let (w, finding) = with_final_finding(Conclusion::NotAttributable);
        let report = step(&w, &w.tr_investigator, "TR", Kind::ViolationReport, vec![finding], report_body("AF"));
        assert_eq!(run(&w, &report).unwrap_err().code, "conflict");
    }
}
