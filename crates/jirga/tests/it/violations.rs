//! From finding to consequence on a real server, on the demo's Chaman violation: each step
//! signed and listed beside the others; a decision without its committee's quorum, a reply by a
//! party not found responsible, a report by a party are refused with the log unchanged; the
//! compliance record counts the violation and its remedial action, due, overdue, then done.

use crate::common::{actor, Db, TestServer};
use model::statement::{Kind, Visibility};
use serde_json::{json, Value};

async fn refused(server: &TestServer, st: &model::Statement, status: u16) -> Value {
    let size = server.log_size();
    let resp = server.submit(st).await;
    assert_eq!(resp.status().as_u16(), status);
    let p: Value = resp.json().await.unwrap();
    assert_eq!(server.log_size(), size, "the log did not grow: {p}");
    p
}

fn record_of<'a>(record: &'a Value, clause: &str, party: &str) -> &'a Value {
    record.as_array().unwrap().iter().find(|r| r["clause"] == clause && r["party"] == party).unwrap()
}

async fn violations_case(db: Db) {
    let server = TestServer::demo(db).await;
    let violations = server.get_json("/v1/violations", None).await;
    let v = &violations.as_array().unwrap()[0];
    let kinds: Vec<&str> = v["steps"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "violation.report",
            "violation.endorse",
            "violation.endorse",
            "violation.endorse",
            "violation.reply",
            "violation.decision",
            "violation.follow_up"
        ],
        "{v}"
    );
    assert_eq!(
        (v["clause"].as_str(), v["responsible"].as_str(), v["measure"].as_str()),
        (Some("doha-2025/1"), Some("PK"), Some("formal_warning"))
    );
    assert_eq!(v["remedial"], "overdue", "due 15 December 2025, not done: {v}");
    let record = server.get_json("/v1/compliance", None).await;
    let pk = record_of(&record, "doha-2025/1", "PK");
    assert_eq!((pk["violations"].as_i64(), pk["remedial_overdue"].as_i64()), (Some(1), Some(1)), "{pk}");
    assert!(pk["verified"].as_i64().unwrap() >= 1);
    // The reports read the record as it stood at their period's end.
    let as_of = |date: &str| {
        let server = &server;
        let date = date.to_string();
        async move {
            let r = server.get_json(&format!("/v1/reports/daily?date={date}&cutoff=23:59&offset=0"), None).await;
            record_of(&r["commitments"], "doha-2025/1", "PK").clone()
        }
    };
    let before_reply = as_of("2025-11-21").await;
    assert_eq!(
        (before_reply["violations"].as_i64(), before_reply["remedial_due"].as_i64()),
        (Some(1), Some(0)),
        "{before_reply}"
    );
    let before_due = as_of("2025-12-05").await;
    assert_eq!(
        (before_due["remedial_due"].as_i64(), before_due["remedial_overdue"].as_i64()),
        (Some(1), Some(0)),
        "{before_due}"
    );
    let before_report = as_of("2025-11-19").await;
    assert_eq!(before_report["violations"], 0, "{before_report}");

    let finding = model::StatementId::parse(v["finding"].as_str().unwrap()).unwrap();
    let violation = model::StatementId::parse(v["statement"].as_str().unwrap()).unwrap();
    let report = |handle: &str, responsible: &str, clause: &str| {
        let body = json!({"clause": clause, "responsible": responsible, "summary": {"text": "Fire across the line", "lang": "en"}});
        actor(handle).sign(&server, Kind::ViolationReport, vec![finding], Visibility::Public, body)
    };
    assert_eq!(
        refused(&server, &report("tr-monitor", "PK", "doha-2025/1"), 409).await["code"],
        "conflict",
        "reported once"
    );
    refused(&server, &report("pk-investigator", "AF", "doha-2025/1"), 403).await;
    let p = refused(&server, &report("tr-monitor", "PK", "doha-2025/3"), 422).await;
    assert_eq!(p["field"], "body.responsible", "the finding rejected that breach: {p}");
    // The finding verified Afghanistan's breach of the same clause too: a second violation.
    let af = report("tr-monitor", "AF", "doha-2025/1");
    server.submit_ok(&af).await;
    let decide = |handle: &str, v: model::StatementId| {
        let body = json!({"measure": "public_finding", "text": {"text": "Published in the report", "lang": "en"}});
        actor(handle).sign(&server, Kind::ViolationDecision, vec![v], Visibility::Public, body)
    };
    let p = refused(&server, &decide("tr-chair", af.id), 409).await;
    assert_eq!(p["detail"], "the committee has endorsed 0 of the 3 needed", "{p}");
    refused(&server, &decide("tr-chair", violation), 409).await;
    let endorse =
        |handle: &str| actor(handle).sign(&server, Kind::ViolationEndorse, vec![af.id], Visibility::Public, json!({}));
    refused(&server, &endorse("pk-reporter-khyber"), 403).await;
    server.submit_ok(&endorse("pk-investigator")).await;
    let reply = |handle: &str| {
        let body = json!({"remedial_action": {"text": "Pull back", "lang": "en"}, "due": "2027-01-31T00:00:00Z"});
        actor(handle).sign(&server, Kind::ViolationReply, vec![af.id], Visibility::Public, body)
    };
    refused(&server, &reply("pk-liaison"), 403).await;
    server.submit_ok(&reply("af-liaison")).await;
    let record = server.get_json("/v1/compliance", None).await;
    assert_eq!(record_of(&record, "doha-2025/1", "AF")["remedial_due"], 1);

    // The demo's overdue action is followed up as done.
    let follow = json!({"outcome": "done", "text": {"text": "The third section has moved", "lang": "en"}});
    server
        .submit_ok(&actor("tr-monitor").sign(
            &server,
            Kind::ViolationFollowUp,
            vec![violation],
            Visibility::Public,
            follow.clone(),
        ))
        .await;
    server.clock.advance(1000);
    refused(
        &server,
        &actor("tr-monitor").sign(&server, Kind::ViolationFollowUp, vec![violation], Visibility::Public, follow),
        409,
    )
    .await;
    let record = server.get_json("/v1/compliance", None).await;
    let pk = record_of(&record, "doha-2025/1", "PK");
    assert_eq!((pk["remedial_overdue"].as_i64(), pk["remedial_done"].as_i64()), (Some(0), Some(1)), "{pk}");
    let page = server.get("/commitments?lang=ur", None).await.text().await.unwrap();
    assert!(page.contains("باضابطہ تنبیہ"), "the decided measure, in Urdu");

    let report = jirga::rebuild::rebuild(&server.state.store).await.expect("rebuild");
    assert!(report.differences.is_empty(), "rebuild differs: {:?}", report.differences);
    server.stop().await;
}

#[tokio::test]
async fn a_violation_goes_from_finding_to_decision_and_follow_up_on_sqlite() {
    violations_case(Db::Sqlite).await;
}

#[tokio::test]
async fn a_violation_goes_from_finding_to_decision_and_follow_up_on_postgres() {
    violations_case(Db::Postgres).await;
}
