//! One event, two claims, on a real server: a likely pair suggested to the mediators only, linked
//! by a mediator (not by a party), counted once in the report and the ACLED export while both
//! claims stay as signed; a party's repeat of its own report marked and left out of the counts.

use crate::common::{actor, report_body, Db, TestServer};
use model::statement::{Kind, Visibility};
use serde_json::{json, Value};

fn claim(server: &TestServer, handle: &str, accused: &str, lon: f64, start: &str, title: &str) -> model::Statement {
    let mut body = report_body(title);
    body["accused"] = json!(accused);
    body["occurred"] = json!({"start": start, "precision": "minute"});
    body["location"]["lon"] = json!(lon);
    actor(handle).sign(server, Kind::IncidentReport, vec![], Visibility::Joint, body)
}

async fn incident(server: &TestServer, id: &model::StatementId, token: &str) -> Value {
    server.get_json(&format!("/v1/incidents/{}", id.hex()), Some(token)).await["incident"].clone()
}

async fn events_case(db: Db) {
    let server = TestServer::demo(db).await;
    let mediator = server.login("tr-monitor").await;
    let pk_token = server.login("pk-liaison").await;
    // The same exchange at Torkham from both sides, 20 minutes and about 1 km apart.
    let pk = claim(&server, "pk-reporter-khyber", "AF", 71.09, "2025-11-29T10:00:00Z", "Fire from the Afghan posts");
    let af =
        claim(&server, "af-reporter-nangarhar", "PK", 71.08, "2025-11-29T10:20:00Z", "Fire from the Pakistani posts");
    let repeat =
        claim(&server, "pk-reporter-khyber", "AF", 71.09, "2025-11-29T10:05:00Z", "Fire from the Afghan posts again");
    for st in [&pk, &af, &repeat] {
        server.submit_ok(st).await;
    }
    assert_eq!(server.get("/v1/events/suggestions", None).await.status(), 401);
    assert_eq!(server.get("/v1/events/suggestions", Some(&pk_token)).await.status(), 403, "for the mediators");
    let pairs = server.get_json("/v1/events/suggestions", Some(&mediator)).await;
    let ours = |p: &Value| {
        let ids = [p["a"]["id"].as_str().unwrap(), p["b"]["id"].as_str().unwrap()];
        ids.contains(&af.id.hex().as_str())
            && (ids.contains(&pk.id.hex().as_str()) || ids.contains(&repeat.id.hex().as_str()))
    };
    assert_eq!(pairs.as_array().unwrap().iter().filter(|p| ours(p)).count(), 2, "{pairs}");

    // Pakistan marks its repeat; Afghanistan may not mark Pakistan's reports.
    let mark = |handle: &str| {
        actor(handle).sign(&server, Kind::IncidentDuplicate, vec![repeat.id, pk.id], Visibility::Joint, json!({}))
    };
    let size = server.log_size();
    assert_eq!(server.submit(&mark("af-reporter-nangarhar")).await.status(), 403);
    assert_eq!(server.log_size(), size);
    server.submit_ok(&mark("pk-reporter-khyber")).await;
    assert_eq!(incident(&server, &repeat.id, &pk_token).await["duplicate_of"], pk.id.hex());

    // A party cannot link; a mediator's investigator can, once.
    let link = |handle: &str| {
        let note = json!({"note": {"text": "The same exchange", "lang": "en"}});
        actor(handle).sign(&server, Kind::EventLink, vec![pk.id, af.id], Visibility::Joint, note)
    };
    assert_eq!(server.submit(&link("pk-investigator")).await.status(), 403);
    assert_eq!(server.log_size(), size + 1);
    let event = link("tr-monitor");
    server.submit_ok(&event).await;
    server.clock.advance(1000);
    assert_eq!(server.submit(&link("qa-monitor")).await.status(), 409, "already one event");
    for id in [&pk.id, &af.id] {
        let i = incident(&server, id, &pk_token).await;
        assert_eq!((i["event"].as_str(), i["claims"].as_i64()), (Some(event.id.hex().as_str()), Some(2)), "{i}");
    }
    let events = server.get_json("/v1/events", Some(&pk_token)).await;
    let ev = events.as_array().unwrap().iter().find(|e| e["statement"] == event.id.hex()).unwrap();
    assert_eq!(ev["claims"].as_array().unwrap().len(), 2, "both claims, side by side: {ev}");
    let pairs = server.get_json("/v1/events/suggestions", Some(&mediator)).await;
    assert_eq!(pairs.as_array().unwrap().iter().filter(|p| ours(p)).count(), 0, "linked pairs are not suggested again");
    let page = server.get("/events?lang=en", Some(&pk_token)).await.text().await.unwrap();
    let shown = page.split(&format!("id=\"event-{}\"", event.id.hex())).nth(1).expect("the event on the page");
    assert!(
        shown.contains("Fire from the Afghan posts") && shown.contains("Fire from the Pakistani posts"),
        "side by side"
    );

    // The day's report: one event, two claims, one repeat left out.
    let r = server.get_json("/v1/reports/daily?date=2025-11-29&cutoff=23:59&offset=0", Some(&mediator)).await;
    assert_eq!(
        (r["incidents"].as_i64(), r["claims"].as_i64(), r["duplicates"].as_i64()),
        (Some(1), Some(2), Some(1)),
        "{r}"
    );
    // The ACLED export of the day has one row, under the event's id.
    let csv = server
        .get("/v1/incidents/export?format=acled&from=2025-11-29T00:00:00Z&to=2025-11-30T00:00:00Z", Some(&mediator))
        .await
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    assert!(rows[0].starts_with(&model::acled::event_id(&event.id.hex())), "{csv}");

    let report = jirga::rebuild::rebuild(&server.state.store).await.expect("rebuild");
    assert!(report.differences.is_empty(), "rebuild differs: {:?}", report.differences);
    server.stop().await;
}

#[tokio::test]
async fn both_sides_claims_are_one_event_counted_once_on_sqlite() {
    events_case(Db::Sqlite).await;
}

#[tokio::test]
async fn both_sides_claims_are_one_event_counted_once_on_postgres() {
    events_case(Db::Postgres).await;
}
