//! Windows of silence on a real server: asked for by one side, refused to those not on duty for
//! the sector, in force once the other side agrees, marked by the server when it starts and ends
//! (the hotline's feed carries the marks), and an incident inside it flagged as a violation.

use crate::common::{actor, report_body, Db, TestServer};
use jirga::clock::Clock;
use model::statement::{Kind, Visibility};
use serde_json::{json, Value};

fn rfc(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

async fn refused(server: &TestServer, st: &model::Statement, status: u16) -> Value {
    let size = server.log_size();
    let resp = server.submit(st).await;
    assert_eq!(resp.status().as_u16(), status);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    let p: Value = resp.json().await.unwrap();
    assert_eq!(server.log_size(), size, "the log did not grow: {p}");
    p
}

async fn window_view(server: &TestServer, id: &model::StatementId) -> Value {
    let token = server.login("tr-monitor").await;
    let all = server.get_json("/v1/windows", Some(&token)).await;
    all.as_array().unwrap().iter().find(|w| w["statement"] == id.hex()).cloned().expect("the window is listed")
}

#[tokio::test]
async fn a_window_comes_into_force_when_both_agree_and_an_incident_inside_it_violates_it_on_sqlite() {
    window_lifecycle(Db::Sqlite).await;
}

#[tokio::test]
async fn a_window_comes_into_force_when_both_agree_and_an_incident_inside_it_violates_it_on_postgres() {
    window_lifecycle(Db::Postgres).await;
}

async fn window_lifecycle(db: Db) {
    let server = TestServer::demo(db).await;
    let now = server.clock.now_ms();
    let hour = 3_600_000;
    let request = json!({
        "sector": "khyber-torkham", "start": rfc(now + hour), "end": rfc(now + 5 * hour), "purpose": "repair_crew",
        "text": {"text": "The power line to the Torkham gate is repaired from the Pakistani side.", "lang": "en"},
        "present": ["Utility crew", "Mediators' liaison officer"],
    });
    let window = actor("pk-duty-officer").sign(&server, Kind::WindowRequest, vec![], Visibility::Joint, request);
    server.submit_ok(&window).await;
    assert_eq!(window_view(&server, &window.id).await["stage"], "awaiting");

    // Afghanistan's roster for the sector names its second officer only.
    let roster = json!({"sector": "khyber-torkham", "from": rfc(now - hour),
        "officers": [jirga::scenario::demo_key("af-duty-officer-2").public().to_string()]});
    server.submit_ok(&actor("af-admin").sign(&server, Kind::DutyRoster, vec![], Visibility::Joint, roster)).await;
    let ack =
        |handle: &str| actor(handle).sign(&server, Kind::WindowAck, vec![window.id], Visibility::Joint, json!({}));
    let p = refused(&server, &ack("af-duty-officer"), 403).await;
    assert!(p["detail"].as_str().unwrap().contains("not on AF's duty roster for sector khyber-torkham"), "{p}");
    refused(&server, &ack("af-liaison"), 403).await;
    refused(&server, &ack("tr-duty-officer"), 403).await;
    assert_eq!(refused(&server, &ack("pk-duty-officer"), 409).await["code"], "conflict", "Pakistan agreed by asking");
    server.submit_ok(&ack("af-duty-officer-2")).await;
    // A second agreement (signed a second later: the same one sent again is simply logged once).
    server.clock.advance(1000);
    refused(&server, &ack("af-duty-officer-2"), 409).await;
    let w = window_view(&server, &window.id).await;
    assert_eq!((w["stage"].as_str(), w["agreed"].clone()), (Some("agreed"), json!(["PK", "AF"])), "{w}");

    // Nothing to mark before the start; then the start, once.
    assert_eq!(jirga::deadlines::escalate_passed(&server.state).await.unwrap(), 0);
    server.clock.advance(2 * hour);
    assert_eq!(jirga::deadlines::escalate_passed(&server.state).await.unwrap(), 1);
    assert_eq!(jirga::deadlines::escalate_passed(&server.state).await.unwrap(), 0);
    let w = window_view(&server, &window.id).await;
    assert_eq!(w["stage"], "under_way");
    assert!(w["started"].is_string(), "{w}");

    // The start reaches the duty officers' hotline feed, with the officers it tells.
    let token = server.login("af-duty-officer-2").await;
    let events = server.get_json("/v1/hotline/events?after=0&limit=1000", Some(&token)).await;
    let marks: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "window" && e["message"] == window.id.hex())
        .collect();
    assert_eq!(marks.len(), 1, "{events}");
    assert_eq!(marks[0]["body"]["phase"], "started");
    let told = marks[0]["body"]["notify"].as_array().unwrap();
    assert!(told.contains(&json!(jirga::scenario::demo_key("af-duty-officer-2").public().to_string())), "{told:?}");

    // Fire inside the window: a violation. Another sector's is not.
    let mut inside = report_body("Shots at the repair crew");
    inside["occurred"] = json!({"start": rfc(now + 90 * 60_000), "precision": "minute"});
    let inside = actor("pk-reporter-khyber").sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, inside);
    server.submit_ok(&inside).await;
    let mut before = report_body("Shots before the window");
    before["occurred"] = json!({"start": rfc(now), "precision": "minute"});
    let before = actor("pk-reporter-khyber").sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, before);
    server.submit_ok(&before).await;
    let w = window_view(&server, &window.id).await;
    assert_eq!(w["violations"], json!([inside.id.hex()]), "{w}");
    let token = server.login("pk-liaison").await;
    let detail = server.get_json(&format!("/v1/incidents/{}", inside.id.hex()), Some(&token)).await;
    assert_eq!(detail["windows_violated"], json!([window.id.hex()]));
    let page = server.get(&format!("/incidents/{}?lang=en", inside.id.hex()), Some(&token)).await.text().await.unwrap();
    assert!(page.contains("inside a window of silence in force"), "the incident page says so");

    // Amended, the latest version's time decides: the earlier shots were inside after all, the
    // shots at the crew had been before it.
    let amend = |id: model::StatementId, title: &str, at: i64| {
        let mut body = report_body(title);
        body["occurred"] = json!({"start": rfc(at), "precision": "minute"});
        actor("pk-reporter-khyber").sign(&server, Kind::IncidentAmend, vec![id], Visibility::Joint, body)
    };
    server.submit_ok(&amend(before.id, "Shots before the window (time corrected)", now + 100 * 60_000)).await;
    server.submit_ok(&amend(inside.id, "Shots at the repair crew (time corrected)", now)).await;
    assert_eq!(window_view(&server, &window.id).await["violations"], json!([before.id.hex()]));

    // The end, once; then the window is over.
    server.clock.advance(4 * hour);
    assert_eq!(jirga::deadlines::escalate_passed(&server.state).await.unwrap(), 1);
    assert_eq!(window_view(&server, &window.id).await["stage"], "over");
    refused(&server, &ack("af-duty-officer-2"), 409).await;

    // The projection is a function of the log.
    let report = jirga::rebuild::rebuild(&server.state.store).await.expect("rebuild");
    assert!(report.differences.is_empty(), "rebuild differs: {:?}", report.differences);
    server.stop().await;
}

#[tokio::test]
async fn a_request_outside_its_sector_or_its_time_is_refused() {
    let server = TestServer::demo(Db::Sqlite).await;
    let now = server.clock.now_ms();
    let hour = 3_600_000;
    let body = |start: i64, end: i64, sector: &str| {
        json!({"sector": sector, "start": rfc(start), "end": rfc(end), "purpose": "medical_evacuation",
               "text": {"text": "Evacuation of wounded", "lang": "en"}})
    };
    let pk = actor("pk-duty-officer");
    for (b, field) in [
        (body(now - 5 * hour, now - hour, "khyber-torkham"), "body.end"),
        (body(now, now + 15 * 24 * hour, "khyber-torkham"), "body.end"),
        (body(now + hour, now, "khyber-torkham"), "body.end"),
        (body(now, now + hour, "atlantis"), "body.sector"),
    ] {
        let st = pk.sign(&server, Kind::WindowRequest, vec![], Visibility::Joint, b);
        let p = refused(&server, &st, 422).await;
        assert_eq!(p["field"], field, "{p}");
    }
    let st = actor("pk-reporter-khyber").sign(
        &server,
        Kind::WindowRequest,
        vec![],
        Visibility::Joint,
        body(now, now + hour, "khyber-torkham"),
    );
    refused(&server, &st, 403).await;
    let st =
        pk.sign(&server, Kind::WindowRequest, vec![], Visibility::Mediators, body(now, now + hour, "khyber-torkham"));
    refused(&server, &st, 422).await;
    // A mediator may ask; both parties must then agree.
    let st = actor("tr-duty-officer").sign(
        &server,
        Kind::WindowRequest,
        vec![],
        Visibility::Public,
        body(now, now + hour, "khyber-torkham"),
    );
    server.submit_ok(&st).await;
    let w = window_view(&server, &st.id).await;
    assert_eq!(w["agreed"], json!([]), "{w}");
    server.stop().await;
}
