//! The API end to end on a real server: what the demo shows, proofs that verify with the log's
//! key, visibility, amendments and answers side by side, resends, rebuild and restart.

use crate::common::verified_checkpoint;
use crate::common::{actor, report_body, Db, TestServer};
use model::statement::{Kind, Visibility};
use model::StatementId;
use serde_json::{json, Value};

#[tokio::test]
async fn demo_shows_incidents_a_signed_checkpoint_and_proofs_that_verify() {
    let server = TestServer::demo(Db::Sqlite).await;
    let scenario = crate::common::scenario();
    let reports = scenario.demo.iter().filter(|d| d.kind == Kind::IncidentReport).count();
    assert!(reports >= 10, "the scenario has incident reports");

    // A party member sees every joint report; the public sees only public ones.
    let token = server.login("pk-admin").await;
    let page = server.get_json("/v1/incidents?limit=500", Some(&token)).await;
    let seen = page["incidents"].as_array().unwrap();
    let own_or_joint = scenario
        .demo
        .iter()
        .filter(|d| {
            d.kind == Kind::IncidentReport
                && (d.visibility != Visibility::Mediators && d.visibility != Visibility::Party
                    || scenario.member(&d.by).unwrap().party == "PK")
        })
        .count();
    assert_eq!(seen.len(), own_or_joint);
    let public = server.get_json("/v1/incidents?limit=500", None).await;
    let public_n =
        scenario.demo.iter().filter(|d| d.kind == Kind::IncidentReport && d.visibility == Visibility::Public).count();
    assert_eq!(public["incidents"].as_array().unwrap().len(), public_n);

    let cp = verified_checkpoint(&server).await;
    assert_eq!(cp.size, server.log_size());
    assert_eq!(cp.origin, "jirga.example/durand-line");

    // Every listed incident's report is provably in the log.
    for incident in seen.iter().take(5) {
        let id = incident["id"].as_str().unwrap();
        let p = server.get_json(&format!("/v1/statements/{id}/proof"), None).await;
        assert_eq!(p["tree_size"].as_u64().unwrap(), cp.size);
        let entry = crate::common::check_proof_json(&p, cp.size, &cp.root);
        assert_eq!(model::statement::Entry::parse(&entry).unwrap().id.hex(), id);
    }

    // The C2SP tiles recompute to the checkpoint's root.
    let mut leaves = Vec::new();
    let full = cp.size / 256;
    for n in 0..=full {
        let width = if n < full { 256 } else { cp.size % 256 };
        if width == 0 {
            break;
        }
        let path = ledger::tiles::tile_path(0, n, width as u16);
        let bytes = server.get(&format!("/{path}"), None).await.bytes().await.unwrap();
        leaves.extend(ledger::tiles::split_tile(&bytes).unwrap());
    }
    assert_eq!(ledger::root_from_leaves(&leaves), cp.root);
    server.stop().await;
}

#[tokio::test]
async fn amendments_and_responses_stand_side_by_side() {
    let server = TestServer::demo(Db::Sqlite).await;
    let reporter = actor("pk-reporter-khyber");
    let report =
        reporter.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, report_body("Fire at Torkham"));
    server.submit_ok(&report).await;
    let mut amended = report_body("Fire at Torkham (revised)");
    amended["casualties"]["killed"]["military"] = json!({"best": 2, "low": 1, "high": 3});
    let amend = reporter.sign(&server, Kind::IncidentAmend, vec![report.id], Visibility::Joint, amended);
    server.submit_ok(&amend).await;
    let answer = actor("af-liaison").sign(
        &server,
        Kind::Response,
        vec![report.id],
        Visibility::Joint,
        json!({"position": "deny", "narrative": {"text": "ہمارے دستوں نے فائر نہیں کیا", "lang": "ur"}}),
    );
    server.submit_ok(&answer).await;

    let token = server.login("tr-chair").await;
    let detail = server.get_json(&format!("/v1/incidents/{}", report.id), Some(&token)).await;
    let versions = detail["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["body"]["title"]["text"], "Fire at Torkham");
    assert_eq!(versions[1]["body"]["title"]["text"], "Fire at Torkham (revised)");
    assert_eq!(detail["incident"]["killed"], 2);
    assert_eq!(detail["incident"]["status"], "disputed");
    assert_eq!(detail["responses"][0]["position"], "deny");
    assert_eq!(detail["responses"][0]["body"]["narrative"]["lang"], "ur");

    // Only the reporter can amend; a party cannot answer its own report.
    let other = actor("pk-reporter-waziristan").sign(
        &server,
        Kind::IncidentAmend,
        vec![report.id],
        Visibility::Joint,
        report_body("x"),
    );
    assert_eq!(server.submit(&other).await.status(), 403);
    let own_answer = actor("pk-liaison").sign(
        &server,
        Kind::Response,
        vec![report.id],
        Visibility::Joint,
        json!({"position": "acknowledge", "narrative": {"text": "yes", "lang": "en"}}),
    );
    assert_eq!(server.submit(&own_answer).await.status(), 403);
    server.stop().await;
}

#[tokio::test]
async fn unanswered_reports_become_overdue_after_the_deadline() {
    let server = TestServer::demo(Db::Sqlite).await;
    let report = actor("af-reporter-nangarhar").sign(
        &server,
        Kind::IncidentReport,
        vec![],
        Visibility::Joint,
        report_body("Shells near Torkham"),
    );
    server.submit_ok(&report).await;
    let token = server.login("qa-chair").await;
    let status = |d: Value| d["incident"]["status"].as_str().unwrap().to_string();
    assert_eq!(status(server.get_json(&format!("/v1/incidents/{}", report.id), Some(&token)).await), "reported");
    server.clock.advance(24 * 3_600_000 - 1_000);
    // Tokens live an hour: a day later the old one is refused and the member signs in again.
    assert_eq!(server.get(&format!("/v1/incidents/{}", report.id), Some(&token)).await.status(), 401);
    let token = server.login("qa-chair").await;
    assert_eq!(status(server.get_json(&format!("/v1/incidents/{}", report.id), Some(&token)).await), "reported");
    server.clock.advance(2_000);
    assert_eq!(status(server.get_json(&format!("/v1/incidents/{}", report.id), Some(&token)).await), "unanswered");
    let overdue = server.get_json("/v1/incidents?status=unanswered&limit=500", Some(&token)).await;
    assert!(overdue["incidents"].as_array().unwrap().iter().any(|i| i["id"] == report.id.hex()));
    server.stop().await;
}

#[tokio::test]
async fn visibility_decides_who_reads_what() {
    let server = TestServer::demo(Db::Sqlite).await;
    let reporter = actor("pk-reporter-khyber");
    let draft = reporter.sign(&server, Kind::IncidentReport, vec![], Visibility::Party, report_body("Draft"));
    let sealed =
        reporter.sign(&server, Kind::IncidentReport, vec![], Visibility::Mediators, report_body("For mediators"));
    server.submit_ok(&draft).await;
    server.submit_ok(&sealed).await;
    let (pk, af, tr, un) = (
        server.login("pk-admin").await,
        server.login("af-admin").await,
        server.login("tr-chair").await,
        server.login("un-admin").await,
    );
    let can_see = |token: Option<String>, id: StatementId| {
        let server = &server;
        async move { server.get(&format!("/v1/incidents/{id}"), token.as_deref()).await.status() == 200 }
    };
    assert!(can_see(Some(pk.clone()), draft.id).await);
    assert!(!can_see(Some(af.clone()), draft.id).await);
    assert!(!can_see(Some(tr.clone()), draft.id).await);
    assert!(can_see(Some(tr.clone()), sealed.id).await);
    assert!(!can_see(Some(af.clone()), sealed.id).await);
    assert!(!can_see(Some(un.clone()), sealed.id).await);
    assert!(!can_see(None, sealed.id).await);
    // The header is public, the body is not: the statement endpoint says it is sealed.
    let view = server.get_json(&format!("/v1/statements/{}", sealed.id), Some(&af)).await;
    assert_eq!(view["sealed"], true);
    assert!(view["body"].is_null());
    assert_eq!(view["entry"]["header"]["body_sha256"].as_str().unwrap().len(), 64);
    // A bad token is refused, not treated as anonymous.
    assert_eq!(server.get("/v1/incidents", Some("nonsense")).await.status(), 401);
    server.stop().await;
}

#[tokio::test]
async fn a_resend_is_idempotent() {
    let server = TestServer::demo(Db::Sqlite).await;
    let st = actor("af-reporter-kandahar").sign(
        &server,
        Kind::IncidentReport,
        vec![],
        Visibility::Joint,
        report_body("Once"),
    );
    let first = server.submit(&st).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let size = server.log_size();
    let again = server.submit(&st).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["index"], first["index"]);
    assert_eq!(again["duplicate"], true);
    assert_eq!(server.log_size(), size);
    server.stop().await;
}

#[tokio::test]
async fn openapi_describes_the_api() {
    let server = TestServer::demo(Db::Sqlite).await;
    let doc = server.get_json("/openapi.json", None).await;
    for path in [
        "/v1/statements",
        "/v1/incidents",
        "/v1/incidents/{id}",
        "/v1/statements/{id}/proof",
        "/checkpoint",
        "/v1/auth/token",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is described");
    }
    server.stop().await;
}

/// One server alone writes: ready once its projection has caught up, and its figures are served
/// to this machine in the Prometheus text format.
#[tokio::test]
async fn a_lone_server_is_ready_and_shows_its_figures_to_this_machine() {
    let server = TestServer::demo(Db::Sqlite).await;
    // What the server signs of its own at start (deadlines passed) is projected on its own task.
    assert!(server.state.seq.caught_up(std::time::Duration::from_secs(10)).await, "the projection catches up");
    let r = server.get("/readyz", None).await;
    assert_eq!(r.status(), 200);
    let r: Value = r.json().await.unwrap();
    assert_eq!((r["role"].as_str(), r["ready"].as_bool()), (Some("writer"), Some(true)), "{r}");
    assert_eq!(r["log_size"].as_u64(), Some(server.log_size()));
    let m = server.get("/metrics", None).await;
    assert_eq!(m.status(), 200);
    assert!(m.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = m.text().await.unwrap();
    let value = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{name} in {text}"))
            .to_string()
    };
    assert_eq!(value("jirga_log_size"), server.log_size().to_string());
    assert_eq!(value("jirga_writer"), "1");
    assert_eq!(value("jirga_projection_lag_entries"), "0");
    assert!(value("jirga_hotline_open_messages").parse::<i64>().unwrap() >= 1, "the demo's unanswered message");
    assert!(text.contains("jirga_http_request_duration_seconds_count{kind=\"read\"}"), "{text}");
    server.stop().await;
}
