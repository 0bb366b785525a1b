//! Bad statements are refused with a problem+json that says what is wrong, and the log does not grow.

use crate::common::{actor, report_body, Db, TestServer};
use model::statement::{Kind, Visibility};
use serde_json::{json, Value};

async fn expect_refusal(server: &TestServer, resp: reqwest::Response, status: u16, code: &str, field: Option<&str>) {
    let size = server.log_size();
    assert_eq!(resp.status().as_u16(), status);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    let p: Value = resp.json().await.unwrap();
    assert_eq!(p["code"], code, "{p}");
    assert_eq!(p["status"], status);
    assert!(p["detail"].as_str().unwrap().len() > 10, "a detail a person can act on: {p}");
    assert_eq!(p["request_id"].as_str().unwrap().len(), 12);
    if let Some(field) = field {
        assert_eq!(p["field"], field, "{p}");
    }
    assert_eq!(server.log_size(), size, "the log did not grow");
}

#[tokio::test]
async fn crossing_statements_are_refused_with_a_reason_and_the_log_unchanged() {
    let server = TestServer::demo(Db::Sqlite).await;
    let (pk, af, tr) = (actor("pk-duty-officer"), actor("af-duty-officer"), actor("tr-duty-officer"));
    let status = |extra: Value| {
        let mut b = json!({"crossing": "torkham", "status": "closed", "since": "2025-11-01T00:00:00Z"});
        b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        b
    };
    // The Afghan officer's key speaking for the Pakistani side.
    let other_side = crate::common::Actor { key: af.key.clone(), party: "PK".into() };
    let st = other_side.sign(&server, Kind::CrossingStatus, vec![], Visibility::Public, status(json!({})));
    expect_refusal(&server, server.submit(&st).await, 403, "forbidden", None).await;
    // A mediator holds no gate.
    let st = tr.sign(&server, Kind::CrossingStatus, vec![], Visibility::Public, status(json!({})));
    expect_refusal(&server, server.submit(&st).await, 403, "forbidden", None).await;
    let st = pk.sign(&server, Kind::CrossingStatus, vec![], Visibility::Public, status(json!({"class": "ferries"})));
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("body.class")).await;
    let one_way = status(json!({"status": "open", "only_into": "TR"}));
    let st = pk.sign(&server, Kind::CrossingStatus, vec![], Visibility::Public, one_way);
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("body.only_into")).await;
    // The notice named must be the party's own hotline message, not a report.
    let report = server
        .submit_ok(&actor("pk-reporter-khyber").sign(
            &server,
            Kind::IncidentReport,
            vec![],
            Visibility::Public,
            report_body("r"),
        ))
        .await;
    let report_id = model::StatementId::parse(report["id"].as_str().unwrap()).unwrap();
    let st = pk.sign(&server, Kind::CrossingStatus, vec![report_id], Visibility::Public, status(json!({})));
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("header.refs")).await;
    let st = pk.sign(&server, Kind::CrossingStatus, vec![], Visibility::Joint, status(json!({})));
    server.submit_ok(&st).await;
    let st = pk.sign(&server, Kind::CrossingStatus, vec![], Visibility::Mediators, status(json!({})));
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("header.visibility")).await;

    let exception = json!({"crossing": "torkham", "class": "humanitarian", "unit": "containers",
        "purpose": {"text": "UN cargo", "lang": "en"}, "phases": [{"quota": 3, "from": "2025-11-02T00:00:00Z"}]});
    let st = tr.sign(&server, Kind::CrossingException, vec![], Visibility::Public, exception.clone());
    expect_refusal(&server, server.submit(&st).await, 403, "forbidden", None).await;
    let mut no_phase = exception.clone();
    no_phase["phases"] = json!([]);
    let st = pk.sign(&server, Kind::CrossingException, vec![], Visibility::Public, no_phase);
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("body.phases")).await;
    let x = pk.sign(&server, Kind::CrossingException, vec![], Visibility::Public, exception);
    server.submit_ok(&x).await;
    let pass = |count: u32| json!({"phase": 1, "count": count, "at": "2025-11-02T06:00:00Z"});
    let st = af.sign(&server, Kind::CrossingPassage, vec![x.id], Visibility::Public, pass(1));
    expect_refusal(&server, server.submit(&st).await, 403, "forbidden", None).await;
    let st = pk.sign(&server, Kind::CrossingPassage, vec![x.id], Visibility::Public, pass(4));
    expect_refusal(&server, server.submit(&st).await, 409, "conflict", Some("body.count")).await;
    let st = pk.sign(&server, Kind::CrossingPassage, vec![report_id], Visibility::Public, pass(1));
    expect_refusal(&server, server.submit(&st).await, 422, "unknown-ref", Some("header.refs")).await;

    let figure = json!({"measure": "trucks_stranded", "value": 10, "as_of": "2025-11-02T00:00:00Z",
        "source": {"name": "Traders", "url": "javascript:alert(1)"}});
    let st = actor("pk-spokesperson").sign(&server, Kind::CrossingFigure, vec![], Visibility::Public, figure.clone());
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("body.source.url")).await;
    let st = actor("pk-reporter-khyber").sign(&server, Kind::CrossingFigure, vec![], Visibility::Public, figure);
    expect_refusal(&server, server.submit(&st).await, 403, "forbidden", None).await;
    server.stop().await;
}

#[tokio::test]
async fn bad_statements_are_refused_and_the_log_does_not_grow() {
    let server = TestServer::demo(Db::Sqlite).await;
    let size = server.log_size();
    let pk = actor("pk-reporter-khyber");

    // A member of one party claiming to speak for another.
    let mut impostor = actor("pk-reporter-khyber");
    impostor.party = "AF".into();
    let st = impostor.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, report_body("x"));
    expect_refusal(&server, server.submit(&st).await, 403, "forbidden", None).await;

    // A bad signature.
    let st = pk.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, report_body("x"));
    let mut sub = serde_json::to_value(st.submission()).unwrap();
    let sig = sub["signatures"][0]["sig"].as_str().unwrap().to_string();
    let flipped = if sig.starts_with('A') { sig.replacen('A', "B", 1) } else { format!("A{}", &sig[1..]) };
    sub["signatures"][0]["sig"] = json!(flipped);
    expect_refusal(
        &server,
        server.post_raw(serde_json::to_vec(&sub).unwrap()).await,
        422,
        "bad-signature",
        Some("signatures"),
    )
    .await;

    // A body that is not the one signed.
    let mut sub = serde_json::to_value(st.submission()).unwrap();
    sub["body"]["title"]["text"] = json!("changed after signing");
    expect_refusal(
        &server,
        server.post_raw(serde_json::to_vec(&sub).unwrap()).await,
        422,
        "body-mismatch",
        Some("body"),
    )
    .await;

    // An unknown sector.
    let mut body = report_body("x");
    body["location"]["sector"] = json!("atlantis");
    let st = pk.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, body);
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("body.location.sector")).await;

    // Coordinates outside the area (the Arabian Sea).
    let mut body = report_body("x");
    body["location"]["lat"] = json!(20.0);
    body["location"]["lon"] = json!(62.0);
    let st = pk.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, body);
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("body.location")).await;

    // Coordinates that are not coordinates.
    let mut body = report_body("x");
    body["location"]["lat"] = json!(200.0);
    let st = pk.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, body);
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("body.location.lat")).await;

    // An oversized request, and an oversized narrative inside a request of acceptable size.
    let mut body = report_body("x");
    body["narrative"]["text"] = json!("a".repeat(300_000));
    let st = pk.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, body);
    expect_refusal(&server, server.submit(&st).await, 413, "too-large", None).await;
    let mut body = report_body("x");
    body["narrative"]["text"] = json!("a".repeat(30_000));
    let st = pk.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, body);
    expect_refusal(&server, server.submit(&st).await, 413, "too-large", Some("body.narrative.text")).await;

    // Malformed JSON, and JSON that is not a statement.
    expect_refusal(&server, server.post_raw(b"{\"header\": {".to_vec()).await, 400, "malformed", None).await;
    expect_refusal(&server, server.post_raw(b"[1, 2, 3]".to_vec()).await, 400, "malformed", None).await;

    // A role the key does not have (a reporter answering), and a statement from the future.
    let st = pk.sign(
        &server,
        Kind::CrossingStatus,
        vec![],
        Visibility::Public,
        json!({"crossing": "torkham", "status": "open", "since": "2025-11-01T00:00:00Z"}),
    );
    expect_refusal(&server, server.submit(&st).await, 403, "forbidden", None).await;
    server.clock.advance(-3_600_000);
    let st = pk.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, report_body("x"));
    server.clock.advance(3_600_000);
    let mut future = st.header.clone();
    future.time += 2 * 3_600_000;
    let st = model::Statement::sign(future, &report_body("x"), &[&pk.key]).unwrap();
    expect_refusal(&server, server.submit(&st).await, 422, "invalid", Some("header.time")).await;

    // A key nobody enrolled.
    let stranger = crate::common::Actor { key: model::SecretKey::generate(), party: "PK".into() };
    let st = stranger.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, report_body("x"));
    expect_refusal(&server, server.submit(&st).await, 403, "not-enrolled", Some("header.author")).await;

    assert_eq!(server.log_size(), size, "nothing above reached the log");

    // A revoked key: the admin revokes it (one entry), then its statements are refused.
    let revoke = actor("pk-admin").sign(
        &server,
        Kind::MemberRevoke,
        vec![],
        Visibility::Public,
        json!({"key": pk.key.public(), "reason": "device lost"}),
    );
    server.submit_ok(&revoke).await;
    assert_eq!(server.log_size(), size + 1);
    let st = pk.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, report_body("after revocation"));
    expect_refusal(&server, server.submit(&st).await, 403, "revoked", Some("header.author")).await;
    // An admin of another party cannot revoke a PK key.
    let st = actor("af-admin").sign(
        &server,
        Kind::MemberRevoke,
        vec![],
        Visibility::Public,
        json!({"key": actor("pk-liaison").key.public(), "reason": "no"}),
    );
    expect_refusal(&server, server.submit(&st).await, 403, "forbidden", None).await;
    server.stop().await;
}

#[tokio::test]
async fn a_flood_of_writes_from_one_address_is_slowed_down() {
    let server = TestServer::demo(Db::Sqlite).await;
    let (config, dir) = server.stop().await;
    let limit = jirga::api::limits::RateLimit { per_second: 0.5, burst: 3.0 };
    let server = TestServer::open_with(config, dir, Some(limit)).await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let st = actor("pk-reporter-khyber").sign(
            &server,
            Kind::IncidentReport,
            vec![],
            Visibility::Joint,
            report_body(&format!("flood {i}")),
        );
        statuses.push(server.submit(&st).await);
    }
    let codes: Vec<u16> = statuses.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(&codes[..3], &[201, 201, 201]);
    let last = statuses.pop().unwrap();
    assert_eq!(last.headers()["retry-after"], "1");
    expect_refusal(&server, last, 429, "rate-limited", None).await;
    // Reads are not limited.
    assert_eq!(server.get("/v1/incidents", None).await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn every_error_is_problem_json() {
    let server = TestServer::demo(Db::Sqlite).await;
    let cases: Vec<(reqwest::Response, u16)> = vec![
        (server.get("/v1/incidents?limit=lots", None).await, 400),
        (server.get("/v1/incidents?from=yesterday", None).await, 400),
        (server.get("/v1/incidents?bbox=1,2,3", None).await, 400),
        (server.get("/v1/incidents/not-an-id", None).await, 400),
        (server.get(&format!("/v1/incidents/{}", "0".repeat(64)), None).await, 404),
        (server.get("/v1/statements/abc/proof?size=x", None).await, 400),
        (server.get("/tile/0/x001/x", None).await, 400),
        (server.get("/tile/0/999", None).await, 404),
        (server.get("/no/such/page", None).await, 404),
        (
            TestServer::http()
                .post(format!("{}/v1/auth/challenge", server.url))
                .body("{")
                .header("content-type", "application/json")
                .send()
                .await
                .unwrap(),
            400,
        ),
        (
            TestServer::http()
                .post(format!("{}/v1/auth/token", server.url))
                .json(&json!({"key": "AAAA", "challenge": "x", "signature": "y"}))
                .send()
                .await
                .unwrap(),
            400,
        ),
    ];
    for (resp, status) in cases {
        let url = resp.url().to_string();
        assert_eq!(resp.status().as_u16(), status, "{url}");
        assert_eq!(resp.headers()["content-type"], "application/problem+json", "{url}");
        let p: Value = resp.json().await.unwrap();
        assert!(!p["detail"].as_str().unwrap().is_empty(), "{url}");
    }
    server.stop().await;
}
