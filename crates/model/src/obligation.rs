//! Commitments to act, checked. An agreement's clause may oblige a party to do something (close
//! named camps, relocate a group's members, reopen a crossing) with measurable deliverables and
//! due dates. The obliged party files performance reports; the other party answers them; the
//! mediators schedule verification visits or checks and record whether access was granted or
//! refused; a mediator drafts the outcome per deliverable, and the team that verified co-signs it
//! as findings are co-signed: final by the deployment's rule, a dissent always kept beside it.

use crate::bodies::{check_len, check_text, Text, MAX_NAME_CHARS, MAX_TEXT_CHARS};
use crate::deployment::{Agreement, Clause, Deployment, Names, PartyKind};
use crate::investigation::{FindingSign, Stance, MAX_CITED, MAX_TEAM};
use crate::keys::PublicKey;
use crate::rejection::Rejection;
use crate::statement::{Statement, StatementId};
use crate::validate::Lookup;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Something a party is obliged to do under a clause, in measurable steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    pub id: String,
    /// The obliged party.
    pub party: String,
    pub what: Names,
    pub deliverables: Vec<Deliverable>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deliverable {
    pub id: String,
    pub what: Names,
    /// How the mediators will tell it was done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Names>,
    pub due: NaiveDate,
}

/// A deliverable found by its reference "agreement/clause/obligation/deliverable".
pub struct Found<'a> {
    pub agreement: &'a Agreement,
    pub clause: &'a Clause,
    pub obligation: &'a Obligation,
    pub deliverable: &'a Deliverable,
}

pub fn find<'a>(agreements: &'a [Agreement], reference: &str) -> Option<Found<'a>> {
    let mut parts = reference.split('/');
    let (a, c, o, d) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let agreement = agreements.iter().find(|x| x.id == a)?;
    let clause = agreement.clauses.iter().find(|x| x.id == c)?;
    let obligation = clause.obligations.iter().find(|x| x.id == o)?;
    let deliverable = obligation.deliverables.iter().find(|x| x.id == d)?;
    Some(Found { agreement, clause, obligation, deliverable })
}

/// Every deliverable of every agreement, with its reference, in the order the genesis gives.
pub fn all(agreements: &[Agreement]) -> impl Iterator<Item = (String, Found<'_>)> {
    agreements.iter().flat_map(|agreement| {
        agreement.clauses.iter().flat_map(move |clause| {
            clause.obligations.iter().flat_map(move |obligation| {
                obligation.deliverables.iter().map(move |deliverable| {
                    let reference = format!("{}/{}/{}/{}", agreement.id, clause.id, obligation.id, deliverable.id);
                    (reference, Found { agreement, clause, obligation, deliverable })
                })
            })
        })
    })
}

/// The obligations in a genesis name real parties and have unique ids where they are addressed.
pub fn check_genesis(
    agreements: &[Agreement],
    party_kind: &dyn Fn(&str) -> Option<PartyKind>,
) -> Result<(), Rejection> {
    for a in agreements {
        for c in &a.clauses {
            for (i, o) in c.obligations.iter().enumerate() {
                let field = format!("body.agreements.{}.clauses.{}.obligations[{i}]", a.id, c.id);
                if c.obligations[..i].iter().any(|x| x.id == o.id) {
                    return Err(Rejection::invalid(&field, format!("obligation {} is listed twice", o.id)));
                }
                if party_kind(&o.party) != Some(PartyKind::Party) {
                    return Err(Rejection::invalid(&field, format!("{:?} is not a party to the ceasefire", o.party)));
                }
                for (j, d) in o.deliverables.iter().enumerate() {
                    if o.deliverables[..j].iter().any(|x| x.id == d.id) {
                        return Err(Rejection::invalid(&field, format!("deliverable {} is listed twice", d.id)));
                    }
                    if [&a.id, &c.id, &o.id, &d.id].iter().any(|s| s.is_empty() || s.contains('/')) {
                        return Err(Rejection::invalid(&field, "ids are not empty and hold no '/'".into()));
                    }
                }
            }
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Done {
    Done,
    PartlyDone,
    NotDone,
}

/// The obliged party's account of what it did for a deliverable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceReport {
    pub deliverable: String,
    pub done: Done,
    pub account: Text,
    /// Evidence registrations the account rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<StatementId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acceptance {
    Accept,
    Dispute,
}

/// The other party's answer to a performance report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceAnswer {
    pub position: Acceptance,
    pub narrative: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Visit,
    RemoteCheck,
    DocumentReview,
}

/// A verification visit or check the mediators schedule for a deliverable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationVisit {
    pub deliverable: String,
    pub method: Method,
    pub team: Vec<PublicKey>,
    pub planned: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub mandate: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Granted,
    Partial,
    Refused,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Granted => "granted",
            Access::Partial => "partial",
            Access::Refused => "refused",
        }
    }
}

/// What happened when the team came: access granted, partly granted or refused, and by whom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitAccess {
    pub access: Access,
    /// The party that granted or refused access.
    pub party: String,
    pub note: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    PartlyMet,
    Unmet,
    NotVerifiable,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::PartlyMet => "partly_met",
            Outcome::Unmet => "unmet",
            Outcome::NotVerifiable => "not_verifiable",
        }
    }
}

/// The mediators' draft of what the verification established for a deliverable.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverableOutcome {
    pub deliverable: String,
    pub outcome: Outcome,
    pub summary: Text,
    /// The visits or checks it rests on (at least one); their teams sign it.
    pub visits: Vec<StatementId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<StatementId>,
}

/// What the checks remember of the obligations' verification.
#[derive(Clone, Debug, Default)]
pub struct ObligationState {
    /// Performance reports: their deliverable.
    pub reports: HashMap<StatementId, String>,
    pub visits: HashMap<StatementId, VisitState>,
    pub outcomes: HashMap<StatementId, OutcomeState>,
}

#[derive(Clone, Debug)]
pub struct VisitState {
    pub deliverable: String,
    pub team: Vec<PublicKey>,
    pub access: Option<Access>,
}

#[derive(Clone, Debug)]
pub struct OutcomeState {
    pub deliverable: String,
    pub team: Vec<PublicKey>,
    pub signed: BTreeMap<PublicKey, (String, Stance)>,
}

fn deliverable<'a>(dep: &'a Deployment, reference: &str) -> Result<Found<'a>, Rejection> {
    find(&dep.genesis.agreements, reference).ok_or_else(|| {
        Rejection::invalid(
            "body.deliverable",
            format!("no deliverable {reference:?}; write agreement/clause/obligation/deliverable"),
        )
    })
}

pub fn check_report(
    dep: &Deployment,
    st: &Statement,
    r: &PerformanceReport,
    lookup: &dyn Lookup,
) -> Result<(), Rejection> {
    let found = deliverable(dep, &r.deliverable)?;
    if found.obligation.party != st.header.party {
        return Err(Rejection::forbidden(format!(
            "only party {} reports on this deliverable; it is the obliged party",
            found.obligation.party
        )));
    }
    check_text("body.account", &r.account, MAX_TEXT_CHARS)?;
    crate::investigation::check_cited("body.evidence", &r.evidence, lookup)
}

pub fn check_answer(dep: &Deployment, st: &Statement, a: &PerformanceAnswer) -> Result<(), Rejection> {
    let report = crate::validate::refs_exactly_one(st)?;
    let Some(reference) = dep.obligations.reports.get(&report) else {
        return Err(Rejection::unknown_ref(format!("statement {} is not a performance report", report.short())));
    };
    let found = deliverable(dep, reference)?;
    if found.obligation.party == st.header.party {
        return Err(Rejection::forbidden("the obliged party does not answer its own report; file another".into()));
    }
    check_text("body.narrative", &a.narrative, MAX_TEXT_CHARS)
}

pub fn check_visit(dep: &Deployment, v: &VerificationVisit) -> Result<(), Rejection> {
    deliverable(dep, &v.deliverable)?;
    check_text("body.mandate", &v.mandate, MAX_TEXT_CHARS)?;
    if let Some(place) = &v.place {
        check_len("body.place", place, MAX_NAME_CHARS)?;
    }
    if v.team.is_empty() || v.team.len() > MAX_TEAM {
        return Err(Rejection::invalid("body.team", format!("a team has 1 to {MAX_TEAM} members")));
    }
    let mut mediator = false;
    for (i, key) in v.team.iter().enumerate() {
        if v.team[..i].contains(key) {
            return Err(Rejection::invalid("body.team", format!("key {} is named twice", key.fingerprint())));
        }
        let m = dep.member(key).filter(|m| m.active()).ok_or_else(|| {
            Rejection::invalid(&format!("body.team[{i}]"), format!("key {} is not an active member", key.fingerprint()))
        })?;
        mediator |= dep.party_kind(&m.party) == Some(PartyKind::Mediator);
    }
    if !mediator {
        return Err(Rejection::invalid("body.team", "a verification team includes a mediator".into()));
    }
    Ok(())
}

pub fn check_access(dep: &Deployment, st: &Statement, a: &VisitAccess) -> Result<(), Rejection> {
    let id = crate::validate::refs_exactly_one(st)?;
    let visit = dep
        .obligations
        .visits
        .get(&id)
        .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not a verification visit", id.short())))?;
    if !visit.team.contains(&st.header.author) {
        return Err(Rejection::forbidden("only a member of the visit's team records its access".into()));
    }
    if visit.access.is_some() {
        return Err(Rejection::new("conflict", Some("header.refs"), "the visit's access is already recorded".into()));
    }
    if dep.party_kind(&a.party) != Some(PartyKind::Party) {
        return Err(Rejection::invalid("body.party", format!("{:?} is not a party to the ceasefire", a.party)));
    }
    check_text("body.note", &a.note, MAX_TEXT_CHARS)
}

pub fn check_outcome(dep: &Deployment, o: &DeliverableOutcome) -> Result<(), Rejection> {
    deliverable(dep, &o.deliverable)?;
    check_text("body.summary", &o.summary, MAX_TEXT_CHARS)?;
    if o.visits.is_empty() || o.visits.len() > MAX_CITED || o.reports.len() > MAX_CITED {
        return Err(Rejection::invalid(
            "body.visits",
            format!("an outcome rests on 1 to {MAX_CITED} visits or checks of the deliverable"),
        ));
    }
    for (i, id) in o.visits.iter().enumerate() {
        match dep.obligations.visits.get(id) {
            Some(v) if v.deliverable == o.deliverable => {}
            _ => {
                return Err(Rejection::invalid(
                    &format!("body.visits[{i}]"),
                    format!("{} is not a visit or check of this deliverable", id.short()),
                ))
            }
        }
    }
    for (i, id) in o.reports.iter().enumerate() {
        if dep.obligations.reports.get(id) != Some(&o.deliverable) {
            return Err(Rejection::invalid(
                &format!("body.reports[{i}]"),
                format!("{} is not a performance report on this deliverable", id.short()),
            ));
        }
    }
    Ok(())
}

pub fn check_sign(dep: &Deployment, st: &Statement, s: &FindingSign) -> Result<(), Rejection> {
    let id = crate::validate::refs_exactly_one(st)?;
    let outcome = dep
        .obligations
        .outcomes
        .get(&id)
        .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not an outcome in the log", id.short())))?;
    if !outcome.team.contains(&st.header.author) {
        return Err(Rejection::forbidden("only a member of the verifying teams signs the outcome".into()));
    }
    if outcome.signed.contains_key(&st.header.author) {
        return Err(Rejection::new("conflict", Some("header.author"), "this member has already signed it".into()));
    }
    crate::investigation::check_stance(s, "outcome")
}

/// Records an accepted statement of the obligations' verification in the deployment's state.
pub fn apply(dep: &mut Deployment, st: &Statement, body: &crate::Body) {
    use crate::Body;
    let first = st.header.refs.first().copied();
    let state = &mut dep.obligations;
    match body {
        Body::PerformanceReport(r) => {
            state.reports.insert(st.id, r.deliverable.clone());
        }
        Body::VerificationVisit(v) => {
            let visit = VisitState { deliverable: v.deliverable.clone(), team: v.team.clone(), access: None };
            state.visits.insert(st.id, visit);
        }
        Body::VisitAccess(a) => {
            if let Some(v) = first.and_then(|id| state.visits.get_mut(&id)) {
                v.access = Some(a.access);
            }
        }
        Body::DeliverableOutcome(o) => {
            let mut team: Vec<PublicKey> = vec![st.header.author];
            for v in o.visits.iter().filter_map(|id| state.visits.get(id)) {
                team.extend(v.team.iter().filter(|k| !team.contains(k)).copied().collect::<Vec<_>>());
            }
            let mut signed = BTreeMap::new();
            // Drafting the outcome is concurring with it.
            signed.insert(st.header.author, (st.header.party.clone(), Stance::Concur));
            state.outcomes.insert(st.id, OutcomeState { deliverable: o.deliverable.clone(), team, signed });
        }
        Body::OutcomeSign(s) => {
            if let Some(o) = first.and_then(|id| state.outcomes.get_mut(&id)) {
                o.signed.insert(st.header.author, (st.header.party.clone(), s.position));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
#[path = "obligation_tests.rs"]
mod tests;
