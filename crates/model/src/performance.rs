//! The record of each deliverable as a reader sees it: what was due, what the obliged party
//! reported and what the other answered, the visits and whether access was granted, and the
//! outcome with who concurred and who dissented. Computed from the steps the reader may read.

use crate::deployment::{Genesis, Names};
use crate::investigation::{is_final, FindingSign, Stance};
use crate::obligation::{self, Access, DeliverableOutcome, VisitAccess};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

/// One signed step of a deliverable's verification, as the projection keeps it.
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub statement: String,
    /// performance.report, performance.answer, verification.visit, verification.access,
    /// deliverable.outcome, deliverable.sign
    pub kind: String,
    pub party: String,
    /// The statement it answers, records access to or signs.
    pub refers_to: Option<String>,
    /// Milliseconds since 1970 (UTC).
    pub logged_at: i64,
    pub body: Value,
}

#[derive(Clone, Debug, Serialize)]
pub struct Signature {
    pub party: String,
    /// concur or dissent
    pub position: String,
    pub reasons: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OutcomeRecord {
    pub statement: String,
    /// met, partly_met, unmet, not_verifiable
    pub outcome: String,
    pub summary: String,
    pub signatures: Vec<Signature>,
    /// Final when the concurrences meet the deployment's finding rule; a dissent never blocks it.
    #[serde(rename = "final")]
    pub is_final: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct DeliverableRecord {
    /// agreement/clause/obligation/deliverable
    pub reference: String,
    pub agreement: String,
    pub clause: String,
    pub obligation: String,
    /// The obliged party.
    pub party: String,
    pub obligation_text: Names,
    pub what: Names,
    pub measure: Option<Names>,
    /// YYYY-MM-DD
    pub due: String,
    /// due, overdue, reported, verifying (an outcome drafted, not yet final) or verified
    pub status: String,
    pub reports: usize,
    pub visits: usize,
    /// Visits or checks at which access was refused.
    pub refusals: usize,
    /// The latest outcome drafted, if any.
    pub outcome: Option<OutcomeRecord>,
    /// Every step the reader may read, in log order.
    pub steps: Vec<Step>,
}

/// Per agreement: how many deliverables stand where.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Tally {
    pub agreement: String,
    pub due: usize,
    pub overdue: usize,
    pub reported: usize,
    pub verifying: usize,
    pub verified: usize,
    pub refusals: usize,
}

fn outcome_record(genesis: &Genesis, draft: &Step, steps: &[&Step]) -> Option<OutcomeRecord> {
    let o: DeliverableOutcome = serde_json::from_value(draft.body.clone()).ok()?;
    let mut signatures = vec![Signature { party: draft.party.clone(), position: "concur".into(), reasons: None }];
    for s in steps.iter().filter(|s| s.kind == "deliverable.sign" && s.refers_to.as_deref() == Some(&draft.statement)) {
        let Ok(sign) = serde_json::from_value::<FindingSign>(s.body.clone()) else { continue };
        signatures.push(Signature {
            party: s.party.clone(),
            position: sign.position.as_str().into(),
            reasons: sign.reasons.map(|r| r.text),
        });
    }
    let concurring: Vec<&str> =
        signatures.iter().filter(|s| s.position == Stance::Concur.as_str()).map(|s| s.party.as_str()).collect();
    Some(OutcomeRecord {
        statement: draft.statement.clone(),
        outcome: o.outcome.as_str().into(),
        summary: o.summary.text,
        is_final: is_final(genesis, &concurring),
        signatures,
    })
}

/// The record of every deliverable the genesis names, from the steps `(deliverable, step)` the
/// reader may read, as of `today`.
pub fn records(genesis: &Genesis, steps: &[(String, Step)], today: NaiveDate) -> Vec<DeliverableRecord> {
    obligation::all(&genesis.agreements)
        .map(|(reference, found)| {
            let mine: Vec<&Step> = steps.iter().filter(|(d, _)| *d == reference).map(|(_, s)| s).collect();
            let count = |kind: &str| mine.iter().filter(|s| s.kind == kind).count();
            let refusals = mine
                .iter()
                .filter(|s| s.kind == "verification.access")
                .filter_map(|s| serde_json::from_value::<VisitAccess>(s.body.clone()).ok())
                .filter(|a| a.access == Access::Refused)
                .count();
            let outcome = mine
                .iter()
                .rev()
                .find(|s| s.kind == "deliverable.outcome")
                .and_then(|draft| outcome_record(genesis, draft, &mine));
            let reports = count("performance.report");
            let status = match (&outcome, reports) {
                (Some(o), _) if o.is_final => "verified",
                (Some(_), _) => "verifying",
                (_, n) if n > 0 => "reported",
                _ if found.deliverable.due < today => "overdue",
                _ => "due",
            };
            DeliverableRecord {
                agreement: found.agreement.id.clone(),
                clause: found.clause.id.clone(),
                obligation: found.obligation.id.clone(),
                party: found.obligation.party.clone(),
                obligation_text: found.obligation.what.clone(),
                what: found.deliverable.what.clone(),
                measure: found.deliverable.measure.clone(),
                due: found.deliverable.due.to_string(),
                status: status.into(),
                reports,
                visits: count("verification.visit"),
                refusals,
                outcome,
                steps: mine.into_iter().cloned().collect(),
                reference,
            }
        })
        .collect()
}

/// The records added up per agreement, in the genesis's order.
pub fn tallies(records: &[DeliverableRecord]) -> Vec<Tally> {
    let mut out: Vec<Tally> = Vec::new();
    for r in records {
        if out.last().is_none_or(|t| t.agreement != r.agreement) {
            out.push(Tally { agreement: r.agreement.clone(), ..Default::default() });
        }
        let t = out.last_mut().expect("pushed");
        match r.status.as_str() {
            "verified" => t.verified += 1,
            "verifying" => t.verifying += 1,
            "reported" => t.reported += 1,
            "overdue" => t.overdue += 1,
            _ => t.due += 1,
        }
        t.refusals += r.refusals;
    }
    out
}
