//! One storage suite, run on SQLite and on a real PostgreSQL: filters, pagination, crossings,
//! rebuild equal to the live projection, and a restart that keeps everything.

use crate::common::{actor, report_body, Db, TestServer};
use model::statement::{Kind, Visibility};
use serde_json::{json, Value};
use std::collections::HashSet;

async fn suite(db: Db) {
    let server = TestServer::demo(db).await;
    let token = server.login("qa-chair").await;
    // Many reports over two sectors and both parties, to page through and filter.
    for i in 0..30 {
        let (handle, sector, lat, lon) = if i % 2 == 0 {
            ("pk-reporter-khyber", "khyber-torkham", 34.11, 71.09)
        } else {
            ("af-reporter-kandahar", "chaman-spin-boldak", 30.93, 66.44)
        };
        let mut body = report_body(&format!("Report {i}"));
        body["location"] = json!({"lat": lat, "lon": lon, "precision_m": 500, "sector": sector});
        body["accused"] = json!(if i % 2 == 0 { "AF" } else { "PK" });
        body["category"] = json!(if i % 3 == 0 { "artillery_shelling" } else { "cross_border_fire" });
        body["occurred"]["start"] = json!(format!("2025-11-{:02}T{:02}:00:00Z", 2 + i / 10, i % 24));
        server.submit_ok(&actor(handle).sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, body)).await;
    }
    let crossing = actor("pk-duty-officer").sign(
        &server,
        Kind::CrossingStatus,
        vec![],
        Visibility::Public,
        json!({"crossing": "torkham", "status": "restricted", "since": "2025-11-05T06:00:00Z", "reason": {"text": "Pedestrians only", "lang": "en"}}),
    );
    server.submit_ok(&crossing).await;
    // The Afghan side closes its gate to trade; Pakistan lets UN cargo through in two phases.
    let af_trade =
        json!({"crossing": "torkham", "status": "closed", "class": "trade", "since": "2025-11-06T06:00:00Z"});
    server
        .submit_ok(&actor("af-duty-officer").sign(&server, Kind::CrossingStatus, vec![], Visibility::Public, af_trade))
        .await;
    let exception = actor("pk-duty-officer").sign(
        &server,
        Kind::CrossingException,
        vec![],
        Visibility::Public,
        json!({"crossing": "torkham", "class": "humanitarian", "only_into": "AF", "unit": "containers",
               "purpose": {"text": "UN cargo", "lang": "en"},
               "phases": [{"quota": 10, "from": "2025-11-07T00:00:00Z"}, {"quota": 5, "from": "2025-11-08T00:00:00Z"}]}),
    );
    server.submit_ok(&exception).await;
    for (phase, count) in [(1, 4), (1, 6), (2, 2)] {
        let passage = json!({"phase": phase, "count": count, "at": "2025-11-08T06:00:00Z"});
        let st = actor("pk-duty-officer").sign(
            &server,
            Kind::CrossingPassage,
            vec![exception.id],
            Visibility::Public,
            passage,
        );
        server.submit_ok(&st).await;
    }
    let figure = json!({"crossing": "torkham", "measure": "trucks_stranded", "value": 1200, "as_of": "2025-11-08T00:00:00Z",
                        "source": {"name": "Traders' association", "url": "https://example.org/figures"}});
    server
        .submit_ok(&actor("tr-monitor").sign(&server, Kind::CrossingFigure, vec![], Visibility::Public, figure))
        .await;

    // Pagination visits every incident once.
    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut last_time = String::from("9999");
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/incidents?limit=7&cursor={c}"),
            None => "/v1/incidents?limit=7".into(),
        };
        let page = server.get_json(&path, Some(&token)).await;
        for i in page["incidents"].as_array().unwrap() {
            assert!(seen.insert(i["id"].as_str().unwrap().to_string()), "no incident twice");
            let t = i["occurred_start"].as_str().unwrap().to_string();
            assert!(t <= last_time, "newest first");
            last_time = t;
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let all = server.get_json("/v1/incidents?limit=500", Some(&token)).await;
    let all = all["incidents"].as_array().unwrap().clone();
    assert_eq!(seen.len(), all.len());
    assert!(all.len() >= 30);

    // Each filter returns exactly the rows that match it.
    let check = |query: &'static str, pred: Box<dyn Fn(&Value) -> bool>| {
        let server = &server;
        let token = token.clone();
        let expected: HashSet<String> =
            all.iter().filter(|i| pred(i)).map(|i| i["id"].as_str().unwrap().to_string()).collect();
        async move {
            let got = server.get_json(&format!("/v1/incidents?limit=500&{query}"), Some(&token)).await;
            let got: HashSet<String> =
                got["incidents"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
            assert!(!expected.is_empty(), "{query} matches something");
            assert_eq!(got, expected, "{query}");
        }
    };
    check("sector=khyber-torkham", Box::new(|i| i["sector"] == "khyber-torkham")).await;
    check("category=artillery_shelling", Box::new(|i| i["category"] == "artillery_shelling")).await;
    check("party=AF", Box::new(|i| i["party"] == "AF")).await;
    check("accused=PK", Box::new(|i| i["accused"] == "PK")).await;
    check("status=reported", Box::new(|i| i["status"] == "reported")).await;
    check(
        "bbox=70.5,33.5,71.5,34.5",
        Box::new(|i| {
            (70.5..=71.5).contains(&i["lon"].as_f64().unwrap()) && (33.5..=34.5).contains(&i["lat"].as_f64().unwrap())
        }),
    )
    .await;
    check(
        "from=2025-11-03T00:00:00Z&to=2025-11-04T00:00:00Z",
        Box::new(|i| {
            i["occurred_start"].as_str().unwrap() >= "2025-11-03"
                && i["occurred_start"].as_str().unwrap() < "2025-11-04"
        }),
    )
    .await;
    check(
        "sector=chaman-spin-boldak&accused=PK&category=cross_border_fire",
        Box::new(|i| {
            i["sector"] == "chaman-spin-boldak" && i["accused"] == "PK" && i["category"] == "cross_border_fire"
        }),
    )
    .await;
    let bad = server.get("/v1/incidents?status=sleeping", None).await;
    assert_eq!(bad.status(), 400);

    let crossings = server.get_json("/v1/crossings", None).await;
    let torkham = crossings["crossings"].as_array().unwrap().iter().find(|c| c["crossing"] == "torkham").unwrap();
    let class =
        |name: &str| torkham["classes"].as_array().unwrap().iter().find(|c| c["class"] == name).unwrap().clone();
    assert_eq!(class("trade")["status"], "closed", "closed on one side is closed: {torkham}");
    assert_eq!(class("pedestrians")["status"], "restricted");
    assert_eq!(class("pedestrians")["sides"].as_array().unwrap().len(), 2, "both sides have said");
    assert_eq!(torkham["status"], "restricted");
    let x = torkham["exceptions"].as_array().unwrap().iter().find(|x| x["statement"] == exception.id.hex()).unwrap();
    assert_eq!((x["quota"].as_u64(), x["passed"].as_u64()), (Some(15), Some(12)), "{x}");
    assert_eq!(x["phases"][0]["passed"], 10);
    let figure = torkham["figures"].as_array().unwrap().iter().find(|f| f["source"] == "Traders' association").unwrap();
    assert_eq!((&figure["value"], &figure["url"]), (&json!(1200), &json!("https://example.org/figures")));
    let history = torkham["history"].as_array().unwrap();
    assert_eq!(history[0]["party"], "AF", "newest first: {torkham}");
    assert_eq!(history[0]["class"], "trade");
    assert_eq!(history[1]["reason"], "Pedestrians only");
    // Over the quota: refused with the count left, and the log does not grow.
    let size = server.log_size();
    let over = json!({"phase": 2, "count": 4, "at": "2025-11-08T07:00:00Z"});
    let over =
        actor("pk-duty-officer").sign(&server, Kind::CrossingPassage, vec![exception.id], Visibility::Public, over);
    let resp = server.submit(&over).await;
    assert_eq!(resp.status(), 409);
    let problem: Value = resp.json().await.unwrap();
    assert_eq!(problem["detail"], "phase 2 has 3 of 5 left", "{problem}");
    assert_eq!(server.log_size(), size);

    // Rebuild from the log alone gives the same tables.
    let report = jirga::rebuild::rebuild(&server.state.store).await.expect("rebuild");
    assert!(report.differences.is_empty(), "rebuild differs: {:?}", report.differences);
    assert_eq!(report.entries, server.log_size());

    // A projection written by another version of the code is rebuilt on start, but not beneath
    // a server that is writing the database.
    server.state.store.set_meta("projection_version", "0").await.unwrap();
    let p = jirga::rebuild::ensure_current(&server.state.store).await.unwrap_err().to_string();
    assert!(p.contains("writes this database"), "{p}");
    sqlx::query("DELETE FROM incidents").execute(&server.state.store.pool_for_tests()).await.unwrap();
    let (config, dir) = server.stop().await;
    let server = TestServer::open(config, dir).await;
    assert_eq!(
        server.state.store.meta("projection_version").await.unwrap().as_deref(),
        Some(jirga::rebuild::PROJECTION_VERSION)
    );
    let token = server.login("qa-chair").await;
    let again = server.get_json("/v1/incidents?limit=500", Some(&token)).await;
    assert_eq!(again["incidents"].as_array().unwrap().len(), all.len());

    // A restart keeps the log, the checkpoint and the projection.
    let before_cp = server.get("/checkpoint", None).await.text().await.unwrap();
    let before_rows = server.state.store.dump_projection().await.unwrap();
    let (config, dir) = server.stop().await;
    let server = TestServer::open(config, dir).await;
    assert_eq!(server.get("/checkpoint", None).await.text().await.unwrap(), before_cp);
    assert_eq!(server.state.store.dump_projection().await.unwrap(), before_rows);
    let more = actor("af-reporter-paktika").sign(
        &server,
        Kind::IncidentReport,
        vec![],
        Visibility::Joint,
        report_body("After restart"),
    );
    let receipt = server.submit_ok(&more).await;
    assert_eq!(receipt["index"].as_u64().unwrap() + 1, server.log_size());
    server.stop().await;
}

#[tokio::test]
async fn storage_suite_on_sqlite() {
    suite(Db::Sqlite).await;
}

#[tokio::test]
async fn storage_suite_on_postgres() {
    suite(Db::Postgres).await;
}
