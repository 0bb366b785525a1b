//! Issue 16: an obligation carried from its clause to a verified outcome with a dissent, a
//! refused visit counted, what each reader may see, the page in four languages; and an incident
//! naming an armed group, contested, exported as ACLED with the group's own type and read back.

use crate::common::{actor, report_body, Db, TestServer};
use jirga::reference::{self, Format};
use model::{Kind, StatementId, Visibility};
use serde_json::{json, Value};

const CAMPS: &str = "doha-2025/2/af-border-groups/camps";

fn text(s: &str) -> Value {
    json!({"text": s, "lang": "en"})
}

async fn submit(
    server: &TestServer,
    who: &str,
    kind: Kind,
    refs: Vec<StatementId>,
    vis: Visibility,
    body: Value,
) -> StatementId {
    let st = actor(who).sign(server, kind, refs, vis, body);
    server.submit_ok(&st).await;
    st.id
}

async fn refused(server: &TestServer, who: &str, kind: Kind, refs: Vec<StatementId>, body: Value) -> Value {
    let st = actor(who).sign(server, kind, refs, Visibility::Joint, body);
    let resp = server.submit(&st).await;
    assert!(resp.status().is_client_error(), "{kind} by {who} should be refused");
    resp.json().await.unwrap()
}

fn deliverable<'a>(all: &'a Value, reference: &str) -> &'a Value {
    all["deliverables"].as_array().unwrap().iter().find(|d| d["reference"] == reference).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_obligation_is_carried_to_a_final_outcome_with_a_dissent_and_a_refused_visit_is_counted() {
    let server = TestServer::demo(Db::Sqlite).await;
    let token = server.login("pk-liaison").await;
    let before = server.get_json("/v1/obligations", Some(&token)).await;
    assert_eq!(before["tallies"][0]["refusals"], 1, "the demo's visit to Barmal was refused: {}", before["tallies"]);
    assert_ne!(deliverable(&before, CAMPS)["status"], "verified");
    // The weekly report to 5 December says where each deliverable stood then: the move of the
    // listed members being verified (an outcome drafted, Afghanistan dissenting).
    let weekly = server.get_json("/v1/reports/weekly?date=2025-12-05", Some(&token)).await;
    let relocate =
        deliverable(&json!({"deliverables": weekly["obligations"]}), "doha-2025/2/af-border-groups/relocate").clone();
    assert_eq!(
        (relocate["status"].as_str(), relocate["refusals"].as_u64()),
        (Some("verifying"), Some(1)),
        "{relocate}"
    );
    let earlier = server.get_json("/v1/reports/weekly?date=2025-11-27", Some(&token)).await;
    let relocate =
        deliverable(&json!({"deliverables": earlier["obligations"]}), "doha-2025/2/af-border-groups/relocate").clone();
    assert_eq!(relocate["status"], "due", "before its report and its due date: {relocate}");
    let page = server.get("/reports/weekly?date=2025-12-05&lang=prs", None).await.text().await.unwrap();
    assert!(page.contains("مکلفیت‌ها و اقدامات مشخص"), "the report's obligations section, in Dari");

    // Only the obliged party reports; the other answers.
    let account = json!({"deliverable": CAMPS, "done": "done", "account": text("All three camps are closed.")});
    let e = refused(&server, "pk-liaison", Kind::PerformanceReport, vec![], account.clone()).await;
    assert!(e["detail"].as_str().unwrap().contains("obliged party"), "{e}");
    let report = submit(&server, "af-liaison", Kind::PerformanceReport, vec![], Visibility::Joint, account).await;
    let answer = json!({"position": "dispute", "narrative": text("Camp C was seen in use last week.")});
    submit(&server, "pk-liaison", Kind::PerformanceAnswer, vec![report], Visibility::Joint, answer).await;

    // A visit refused, then a check granted.
    let team = ["tr-monitor", "qa-monitor", "pk-investigator", "af-investigator"].map(|h| actor(h).key.public());
    let visit = |method: &str| {
        json!({"deliverable": CAMPS, "method": method, "team": team, "planned": "2025-12-10T05:00:00Z",
            "mandate": text("See the three camps.")})
    };
    let v1 = submit(&server, "tr-monitor", Kind::VerificationVisit, vec![], Visibility::Joint, visit("visit")).await;
    let refusal = json!({"access": "refused", "party": "AF", "note": text("Turned back at the checkpoint.")});
    submit(&server, "pk-investigator", Kind::VisitAccess, vec![v1], Visibility::Joint, refusal.clone()).await;
    let e = refused(&server, "af-investigator", Kind::VisitAccess, vec![v1], refusal).await;
    assert!(e["detail"].as_str().unwrap().contains("already recorded"), "{e}");
    let v2 =
        submit(&server, "tr-monitor", Kind::VerificationVisit, vec![], Visibility::Joint, visit("remote_check")).await;
    let granted = json!({"access": "granted", "party": "AF", "note": text("Satellite images and registers shared.")});
    submit(&server, "tr-monitor", Kind::VisitAccess, vec![v2], Visibility::Joint, granted).await;

    // The outcome, co-signed: both parties concur, a mediator dissents, and it is final.
    let draft = json!({"deliverable": CAMPS, "outcome": "partly_met", "summary": text("Two camps closed; camp C not seen."),
        "visits": [v1, v2], "reports": [report]});
    let outcome = submit(&server, "tr-monitor", Kind::DeliverableOutcome, vec![], Visibility::Public, draft).await;
    let e = refused(&server, "pk-liaison", Kind::OutcomeSign, vec![outcome], json!({"position": "concur"})).await;
    assert!(e["detail"].as_str().unwrap().contains("verifying teams"), "{e}");
    let e = refused(&server, "qa-monitor", Kind::OutcomeSign, vec![outcome], json!({"position": "dissent"})).await;
    assert_eq!(e["field"], "body.reasons", "{e}");
    for who in ["pk-investigator", "af-investigator"] {
        submit(&server, who, Kind::OutcomeSign, vec![outcome], Visibility::Public, json!({"position": "concur"})).await;
    }
    let dissent = json!({"position": "dissent", "reasons": text("Documents alone cannot show a camp is closed.")});
    submit(&server, "qa-monitor", Kind::OutcomeSign, vec![outcome], Visibility::Public, dissent).await;

    // Signed in, a party sees every step; anonymous readers see the public outcome only.
    let all = server.get_json("/v1/obligations", Some(&token)).await;
    let camps = deliverable(&all, CAMPS);
    assert_eq!(camps["status"], "verified", "{camps}");
    assert_eq!(
        (camps["outcome"]["outcome"].as_str(), camps["outcome"]["final"].as_bool()),
        (Some("partly_met"), Some(true))
    );
    let dissents: Vec<&Value> =
        camps["outcome"]["signatures"].as_array().unwrap().iter().filter(|s| s["position"] == "dissent").collect();
    assert_eq!(dissents.len(), 1);
    assert_eq!(dissents[0]["party"], "QA");
    assert_eq!(
        (camps["refusals"].as_u64(), camps["visits"].as_u64(), camps["reports"].as_u64()),
        (Some(1), Some(2), Some(1))
    );
    assert_eq!(all["tallies"][0]["refusals"], 2);
    let public = server.get_json("/v1/obligations", None).await;
    let kinds: Vec<&str> =
        deliverable(&public, CAMPS)["steps"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert!(!kinds.contains(&"performance.report") && kinds.contains(&"deliverable.outcome"), "{kinds:?}");

    // The page, in four languages, names the outcome and keeps the dissent beside it.
    for (lang, final_word) in [("en", "Final"), ("ur", "حتمی"), ("ps", "وروستۍ"), ("prs", "نهایی")] {
        let resp = server.get(&format!("/obligations?lang={lang}"), None).await;
        assert_eq!(resp.status(), 200);
        let html = resp.text().await.unwrap();
        assert!(html.contains(final_word), "{lang}: the final outcome");
        assert!(html.contains("Documents alone cannot show a camp is closed."), "{lang}: the dissent's reasons");
        assert!(html.contains("actor=ttp"), "{lang}: the actor register links to the incidents naming each actor");
    }
    // Fluent isolates each value it puts in a sentence (U+2068 … U+2069).
    let html =
        server.get("/obligations?lang=en", None).await.text().await.unwrap().replace(['\u{2068}', '\u{2069}'], "");
    assert!(
        html.contains("PK says AF hosts it") && html.contains("AF says AF neither supports nor hosts it"),
        "each side's claim, attributed"
    );
    // Rebuilt from the log, the projection is the same.
    let rebuilt = jirga::rebuild::rebuild(&server.state.store).await.unwrap();
    assert!(rebuilt.differences.is_empty(), "{:?}", rebuilt.differences);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_naming_an_armed_group_is_contested_exported_as_acled_and_read_back() {
    let server = TestServer::demo(Db::Sqlite).await;
    let hgb = json!({"id": "hgb", "name": {"en": "Hafiz Gul Bahadur group", "ur": "حافظ گل بہادر گروپ"},
        "inter": 3, "said": [{"by": "PK", "party": "AF", "relation": "hosts"}]});
    let e = refused(&server, "pk-admin", Kind::ActorRegister, vec![], hgb.clone()).await;
    assert_eq!(e["status"], 403, "{e}");
    submit(&server, "tr-chair", Kind::ActorRegister, vec![], Visibility::Public, hgb).await;
    let actors = server.get_json("/v1/actors", None).await;
    assert!(actors.as_array().unwrap().iter().any(|a| a["id"] == "hgb" && a["inter"] == 3), "{actors}");

    let mut body = report_body("Raid on a post from across the line");
    body["actor"] = json!("unknown-group");
    let e = refused(&server, "pk-reporter-khyber", Kind::IncidentReport, vec![], body.clone()).await;
    assert_eq!(e["field"], "body.actor", "{e}");
    body["actor"] = json!("hgb");
    body["launched_from"] = json!("AF");
    let report = submit(&server, "pk-reporter-khyber", Kind::IncidentReport, vec![], Visibility::Public, body).await;
    let answer = json!({"position": "contest", "disputes": ["actor", "launched_from"],
        "narrative": text("No group crossed from Afghan soil here.")});
    submit(&server, "af-liaison", Kind::Response, vec![report], Visibility::Public, answer).await;

    let page = server.get_json("/v1/incidents?actor=hgb", None).await;
    let rows = page["incidents"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{page}");
    assert_eq!((rows[0]["actor"].as_str(), rows[0]["launched_from"].as_str()), (Some("hgb"), Some("AF")));
    let html = server.get(&format!("/incidents/{}?lang=ur", report.hex()), None).await.text().await.unwrap();
    assert!(html.contains("حافظ گل بہادر گروپ"), "the actor in the reader's language");
    assert!(html.contains("نامزد گروہ"), "the contested part, named in Urdu");

    let weekly = server.get_json("/v1/reports/weekly?date=2025-11-03", None).await;
    let by_actor = weekly["by_actor"].as_array().unwrap();
    assert!(by_actor.iter().any(|c| c["key"] == "hgb" && c["current"] == 1), "{by_actor:?}");

    let csv = server.get("/v1/incidents/export?format=acled&actor=hgb", None).await.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().expect("one row").unwrap();
    let col = |name: &str| row.get(headers.iter().position(|h| h == name).unwrap()).unwrap().to_string();
    assert_eq!(col("actor1"), "Hafiz Gul Bahadur group");
    assert_eq!(col("assoc_actor_1"), "Afghanistan");
    assert_eq!((col("inter1"), col("inter2"), col("interaction")), ("3".into(), "1".into(), "13".into()));
    assert_eq!(col("actor2"), "Pakistan");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    std::fs::write(&file, &csv).unwrap();
    let input = std::io::BufReader::new(std::fs::File::open(&file).unwrap());
    let imported = reference::import(&server.state.store, input, Format::Acled, |_| {}).await.unwrap();
    assert_eq!((imported.imported, imported.rejected.len()), (1, 0));
    let back = server.state.store.reference_events(i64::MIN, i64::MAX, 1e9, 10_000).await.unwrap();
    let event = back.iter().find(|e| e.source_id == col("event_id_cnty")).expect("read back");
    assert_eq!((event.actor1.as_str(), event.actor2.as_str()), ("Hafiz Gul Bahadur group", "Pakistan"));
    server.stop().await;
}
