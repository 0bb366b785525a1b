//! Joint verification on a real server: an investigation with a joint team, a finding that is
//! final only when the deployment's rule is met with a dissent shown beside it, breaches of
//! clauses moving from alleged to verified or rejected, and deadlines escalated once each by the
//! server's own key under a clock the test moves.

use crate::common::{actor, report_body, Db, TestServer};
use jirga::clock::Clock;
use model::statement::{Entry, Kind, Visibility};
use model::{Statement, StatementId};
use serde_json::{json, Value};
use std::collections::HashMap;

const HOUR: i64 = 3_600_000;

fn text(s: &str) -> Value {
    json!({"text": s, "lang": "en"})
}

/// A report by Pakistan accusing Afghanistan of breaching `clauses`.
async fn report(server: &TestServer, clauses: &[&str]) -> Statement {
    let mut body = report_body("Shells on the Torkham terminal");
    body["clauses"] = json!(clauses);
    let st = actor("pk-reporter-khyber").sign(server, Kind::IncidentReport, vec![], Visibility::Joint, body);
    server.submit_ok(&st).await;
    st
}

/// A Turkish monitor opens an investigation on `incident`, due in `due_in_ms`, with a team of
/// both parties (two Afghans: one may dissent and the rule still be met) and a mediator.
async fn open(server: &TestServer, incident: StatementId, due_in_ms: i64) -> Statement {
    let team: Vec<String> = ["tr-monitor", "pk-investigator", "af-investigator", "af-liaison"]
        .iter()
        .map(|h| actor(h).key.public().to_string())
        .collect();
    let due = chrono::DateTime::from_timestamp_millis(server.clock.now_ms() + due_in_ms).unwrap();
    let body =
        json!({"title": text("Shelling at Torkham"), "mandate": text("Establish who fired"), "team": team, "due": due});
    let st = actor("tr-monitor").sign(server, Kind::InvestigationOpen, vec![incident], Visibility::Joint, body);
    server.submit_ok(&st).await;
    st
}

async fn draft_finding(server: &TestServer, investigation: StatementId) -> Statement {
    let body = json!({
        "conclusion": "partly_verified", "attribution": "AF", "summary": text("Mortar rounds from the west; one landed short"),
        "breaches": [
            {"clause": "doha-2025/3", "party": "AF", "verdict": "verified"},
            {"clause": "doha-2025/1", "party": "AF", "verdict": "rejected"}
        ]
    });
    let st = actor("tr-monitor").sign(server, Kind::Finding, vec![investigation], Visibility::Joint, body);
    server.submit_ok(&st).await;
    st
}

async fn sign(server: &TestServer, handle: &str, finding: StatementId, body: Value) {
    server.submit_ok(&actor(handle).sign(server, Kind::FindingSign, vec![finding], Visibility::Joint, body)).await;
}

/// (alleged, verified, rejected) breaches per (clause, party).
async fn commitments(server: &TestServer, token: &str) -> HashMap<(String, String), (i64, i64, i64)> {
    let rows = server.get_json("/v1/commitments", Some(token)).await;
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = (r["clause"].as_str().unwrap().to_string(), r["party"].as_str().unwrap().to_string());
            (key, (r["alleged"].as_i64().unwrap(), r["verified"].as_i64().unwrap(), r["rejected"].as_i64().unwrap()))
        })
        .collect()
}

fn counts(c: &HashMap<(String, String), (i64, i64, i64)>, clause: &str) -> (i64, i64, i64) {
    c.get(&(clause.to_string(), "AF".to_string())).copied().unwrap_or_default()
}

async fn investigation(server: &TestServer, token: &str, id: StatementId) -> Value {
    server.get_json(&format!("/v1/investigations/{id}"), Some(token)).await
}

async fn status(server: &TestServer, token: &str, incident: StatementId) -> String {
    let detail = server.get_json(&format!("/v1/incidents/{incident}"), Some(token)).await;
    detail["incident"]["status"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_finding_is_final_only_when_the_rule_is_met_and_a_dissent_stays_beside_it() {
    let server = TestServer::demo(Db::Sqlite).await;
    let qa = server.login("qa-chair").await;
    let before = commitments(&server, &qa).await;
    let report = report(&server, &["doha-2025/1", "doha-2025/3"]).await;
    let alleged = commitments(&server, &qa).await;
    for clause in ["doha-2025/1", "doha-2025/3"] {
        let (a, v, r) = counts(&before, clause);
        assert_eq!(counts(&alleged, clause), (a + 1, v, r), "{clause} is alleged breached by AF");
    }

    let inv = open(&server, report.id, 7 * 24 * HOUR).await;
    assert_eq!(status(&server, &qa, report.id).await, "under_investigation");
    let note = json!({"text": text("The AF side of the site could not be reached"), "obstruction": "site_unreachable"});
    server
        .submit_ok(&actor("af-investigator").sign(
            &server,
            Kind::InvestigationNote,
            vec![inv.id],
            Visibility::Joint,
            note,
        ))
        .await;
    let finding = draft_finding(&server, inv.id).await;

    let not_final = |v: &Value, why: &str| {
        assert_eq!(v["findings"][0]["is_final"], false, "{why}");
        assert_eq!(v["state"], "open", "{why}");
    };
    let v = investigation(&server, &qa, inv.id).await;
    assert_eq!(v["notes"][0]["obstruction"], "site_unreachable");
    not_final(&v, "the drafting mediator alone");
    sign(&server, "pk-investigator", finding.id, json!({"position": "concur"})).await;
    not_final(&investigation(&server, &qa, inv.id).await, "no concurrence from AF");
    let reasons = "The crater analysis does not show the direction of fire";
    sign(&server, "af-investigator", finding.id, json!({"position": "dissent", "reasons": text(reasons)})).await;
    not_final(&investigation(&server, &qa, inv.id).await, "a dissent is not a concurrence");
    assert_eq!(status(&server, &qa, report.id).await, "under_investigation");
    assert_eq!(commitments(&server, &qa).await, alleged, "a finding that is not final changes no count");

    sign(&server, "af-liaison", finding.id, json!({"position": "concur"})).await;
    let v = investigation(&server, &qa, inv.id).await;
    assert_eq!(v["findings"][0]["is_final"], true);
    assert_eq!(v["state"], "finding_final");
    assert_eq!(status(&server, &qa, report.id).await, "finding_final");
    // The dissent is beside the final finding, with its reasons.
    let signatures = v["findings"][0]["signatures"].as_array().unwrap();
    let stances: Vec<&str> = signatures.iter().map(|s| s["stance"].as_str().unwrap()).collect();
    assert_eq!(stances, ["concur", "dissent", "concur"]);
    let dissent = &signatures[1];
    assert_eq!(dissent["member"], actor("af-investigator").key.public().to_string());
    assert_eq!(dissent["party"], "AF");
    assert_eq!(dissent["body"]["reasons"]["text"], reasons);
    // The incident's page shows the same.
    let detail = server.get_json(&format!("/v1/incidents/{}", report.id), Some(&qa)).await;
    assert_eq!(detail["investigations"][0]["findings"][0]["signatures"][1]["stance"], "dissent");

    // The verdicts replace the allegations.
    let after = commitments(&server, &qa).await;
    let (a, v, r) = counts(&before, "doha-2025/3");
    assert_eq!(counts(&after, "doha-2025/3"), (a, v + 1, r), "verified");
    let (a, v, r) = counts(&before, "doha-2025/1");
    assert_eq!(counts(&after, "doha-2025/1"), (a, v, r + 1), "rejected");
    server.stop().await;
}

/// Escalations in the log about `subject`: checks each is the server's, and returns what was overdue.
async fn escalations(server: &TestServer, subject: StatementId) -> Vec<String> {
    let server_key = server.state.server_key.as_ref().expect("the demo has a server key").public();
    let mut out = Vec::new();
    for bytes in server.state.store.entries(0, server.log_size()).await.unwrap() {
        let e = Entry::parse(&bytes).unwrap();
        if e.header.kind != Kind::Escalation || e.header.refs != [subject] {
            continue;
        }
        assert_eq!((e.header.author, e.header.party.as_str()), (server_key, "server"));
        let body: Value = serde_json::from_slice(&server.state.store.body(&e.id).await.unwrap().unwrap()).unwrap();
        out.push(body["overdue"].as_str().unwrap().to_string());
    }
    out
}

/// One deadline round; returns how many escalations it recorded, checking the log grew by as many.
async fn escalate(server: &TestServer) -> usize {
    let size = server.log_size();
    let n = jirga::deadlines::escalate_passed(&server.state).await.expect("a deadline round");
    assert_eq!(server.log_size(), size + n as u64);
    n
}

#[tokio::test]
async fn deadlines_passed_are_escalated_once_by_the_server() {
    let server = TestServer::demo(Db::Sqlite).await;
    // The demo's own business is long overdue at today's date: escalate it out of the way.
    while escalate(&server).await > 0 {}

    let report = report(&server, &[]).await;
    server.clock.advance(24 * HOUR - 60_000);
    escalate(&server).await;
    assert!(escalations(&server, report.id).await.is_empty(), "not before the response deadline");
    server.clock.advance(2 * 60_000);
    escalate(&server).await;
    assert_eq!(escalations(&server, report.id).await, ["response"]);
    assert_eq!(escalate(&server).await, 0, "each deadline is escalated once");
    assert_eq!(escalations(&server, report.id).await, ["response"]);

    // An investigation due in two days, and a finding waiting for signatures (72 h by default).
    let inv = open(&server, report.id, 48 * HOUR).await;
    let finding = draft_finding(&server, inv.id).await;
    server.clock.advance(48 * HOUR + 60_000);
    escalate(&server).await;
    assert_eq!(escalations(&server, inv.id).await, ["investigation"]);
    assert!(escalations(&server, finding.id).await.is_empty(), "the signatures are not due yet");
    assert_eq!(escalate(&server).await, 0);

    server.clock.advance(24 * HOUR);
    escalate(&server).await;
    assert_eq!(escalations(&server, finding.id).await, ["signatures"]);
    assert_eq!(escalate(&server).await, 0);
    assert_eq!(escalations(&server, inv.id).await, ["investigation"]);
    assert_eq!(escalations(&server, report.id).await, ["response"]);
    server.stop().await;
}
