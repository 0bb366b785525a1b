use super::*;
use crate::performance::{records, tallies, Step};
use crate::testkit::*;
use crate::Kind;
use serde_json::{json, Value};

const DELIVERABLE: &str = "doha/2/camps/list";

fn text(s: &str) -> Value {
    json!({"text": s, "lang": "en"})
}

fn visit(w: &mut World) -> StatementId {
    let team = [&w.tr_investigator, &w.pk_investigator, &w.af_investigator].map(|k| k.public());
    let body = json!({"deliverable": DELIVERABLE, "method": "visit", "team": team,
        "planned": "2025-11-20T06:00:00Z", "place": "Camp A", "mandate": text("see whether the camp is empty")});
    {
        let s = statement(w, &w.tr_investigator, "TR", Kind::VerificationVisit, vec![], body);
        accept(w, &s)
    }
    .unwrap()
}

#[test]
fn only_the_obliged_party_reports_and_the_other_answers() {
    let mut w = world();
    let body = json!({"deliverable": DELIVERABLE, "done": "done", "account": text("all three closed")});
    let s = statement(&w, &w.pk_admin, "PK", Kind::PerformanceReport, vec![], body.clone());
    assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
    let report = {
        let s = statement(&w, &w.af_liaison, "AF", Kind::PerformanceReport, vec![], body);
        accept(&mut w, &s)
    }
    .unwrap();
    let bad = json!({"deliverable": "doha/2/camps/nope", "done": "done", "account": text("x")});
    let s = statement(&w, &w.af_liaison, "AF", Kind::PerformanceReport, vec![], bad);
    assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.deliverable"));
    let answer = json!({"position": "dispute", "narrative": text("camp B still holds fighters")});
    let s = statement(&w, &w.af_liaison, "AF", Kind::PerformanceAnswer, vec![report], answer.clone());
    assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
    {
        let s = statement(&w, &w.pk_admin, "PK", Kind::PerformanceAnswer, vec![report], answer);
        accept(&mut w, &s)
    }
    .unwrap();
}

#[test]
fn a_refused_visit_is_recorded_once_by_its_team() {
    let mut w = world();
    let v = visit(&mut w);
    let refused = json!({"access": "refused", "party": "AF", "note": text("turned back at the checkpoint")});
    let s = statement(&w, &w.pk_admin, "PK", Kind::VisitAccess, vec![v], refused.clone());
    assert_eq!(run(&w, &s).unwrap_err().code, "forbidden", "not on the team");
    {
        let s = statement(&w, &w.tr_investigator, "TR", Kind::VisitAccess, vec![v], refused.clone());
        accept(&mut w, &s)
    }
    .unwrap();
    assert_eq!(w.dep.obligations.visits[&v].access, Some(Access::Refused));
    let s = statement(&w, &w.pk_investigator, "PK", Kind::VisitAccess, vec![v], refused);
    assert_eq!(run(&w, &s).unwrap_err().code, "conflict");
}

#[test]
fn an_outcome_rests_on_a_visit_and_is_final_by_the_rule_with_a_dissent_beside_it() {
    let mut w = world();
    let v = visit(&mut w);
    let draft = json!({"deliverable": DELIVERABLE, "outcome": "partly_met", "summary": text("two of three closed"),
        "visits": [v]});
    let no_visit = json!({"deliverable": DELIVERABLE, "outcome": "met", "summary": text("s"), "visits": []});
    let s = statement(&w, &w.tr_investigator, "TR", Kind::DeliverableOutcome, vec![], no_visit);
    assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.visits"));
    let o = {
        let s = statement(&w, &w.tr_investigator, "TR", Kind::DeliverableOutcome, vec![], draft.clone());
        accept(&mut w, &s)
    }
    .unwrap();
    let dissent = json!({"position": "dissent"});
    let s = statement(&w, &w.af_investigator, "AF", Kind::OutcomeSign, vec![o], dissent);
    assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.reasons"));
    let s = statement(&w, &w.pk_admin, "PK", Kind::OutcomeSign, vec![o], json!({"position": "concur"}));
    assert_eq!(run(&w, &s).unwrap_err().code, "forbidden", "not on a verifying team");
    {
        let s = statement(&w, &w.pk_investigator, "PK", Kind::OutcomeSign, vec![o], json!({"position": "concur"}));
        accept(&mut w, &s)
    }
    .unwrap();
    let dissent = json!({"position": "dissent", "reasons": text("camp C was never a camp")});
    {
        let s = statement(&w, &w.af_investigator, "AF", Kind::OutcomeSign, vec![o], dissent.clone());
        accept(&mut w, &s)
    }
    .unwrap();

    // The record as a reader sees it: not final with AF dissenting under the default rule (one
    // of each party must concur), final under a rule that asks only the mediators.
    let step = |id: StatementId, kind: &str, party: &str, refers: Option<StatementId>, body: Value| {
        (
            DELIVERABLE.to_string(),
            Step {
                statement: id.hex(),
                kind: kind.into(),
                party: party.into(),
                refers_to: refers.map(|r| r.hex()),
                logged_at: 0,
                body,
            },
        )
    };
    let steps = vec![
        step(o, "deliverable.outcome", "TR", None, draft),
        step(StatementId([1; 32]), "deliverable.sign", "PK", Some(o), json!({"position": "concur"})),
        step(StatementId([2; 32]), "deliverable.sign", "AF", Some(o), dissent),
    ];
    let today = chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    let r = &records(&w.dep.genesis, &steps, today)[0];
    let outcome = r.outcome.as_ref().unwrap();
    assert_eq!((outcome.outcome.as_str(), outcome.is_final, r.status.as_str()), ("partly_met", false, "verifying"));
    assert_eq!(outcome.signatures[2].reasons.as_deref(), Some("camp C was never a camp"));
    let mut lenient = w.dep.genesis.clone();
    lenient.rules.finding_rule = crate::investigation::FindingRule { mediators: 1, each_party: 0 };
    let all = records(&lenient, &steps, today);
    assert_eq!(all[0].status, "verified");
    assert_eq!(tallies(&all)[0].verified, 1);
}

#[test]
fn a_genesis_obligation_names_a_party() {
    let w = world();
    let mut agreements = w.dep.genesis.agreements.clone();
    agreements[0].clauses[1].obligations[0].party = "TR".into();
    let kind = |id: &str| w.dep.party_kind(id);
    assert!(check_genesis(&agreements, &kind).unwrap_err().message.contains("not a party"));
}
