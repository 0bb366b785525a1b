//! Exports: ACLED CSV that reads back as the same events, GeoJSON that keeps RFC 7946's rules,
//! JSON lines; each holding only what the reader may read, under the list's filters.

use crate::common::{Db, TestServer};
use jirga::reference::{self, Format};
use serde_json::Value;

async fn export(server: &TestServer, query: &str, token: Option<&str>) -> reqwest::Response {
    server.get(&format!("/v1/incidents/export?{query}"), token).await
}

/// Every incident the reader may list under `query`, by id.
async fn listed(server: &TestServer, query: &str, token: Option<&str>) -> Vec<Value> {
    let page = server.get_json(&format!("/v1/incidents?limit=500&{query}"), token).await;
    assert!(page["next_cursor"].is_null(), "the demo fits one page");
    page["incidents"].as_array().unwrap().clone()
}

#[tokio::test]
async fn an_acled_export_reads_back_as_the_same_events() {
    let server = TestServer::demo(Db::Sqlite).await;
    let token = server.login("tr-monitor").await;
    let incidents = listed(&server, "", Some(&token)).await;
    let resp = export(&server, "format=acled", Some(&token)).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv_text = resp.text().await.unwrap();
    let header = csv_text.lines().next().unwrap();
    assert_eq!(header, model::acled::COLUMNS.join(","), "ACLED's 31 columns, in order");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.csv");
    std::fs::write(&file, &csv_text).unwrap();
    let input = std::io::BufReader::new(std::fs::File::open(&file).unwrap());
    let report = reference::import(&server.state.store, input, Format::Acled, |_| {}).await.unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    // ACLED's rows are events: the claims a mediator linked are one row, by the first listed.
    let mut seen = std::collections::HashSet::new();
    let events: Vec<&Value> =
        incidents.iter().filter(|i| i["event"].is_null() || seen.insert(i["event"].as_str().unwrap())).collect();
    assert!(events.len() < incidents.len(), "the demo links two claims as one event");
    assert_eq!(report.imported as usize, events.len());
    let back = server.state.store.reference_events(i64::MIN, i64::MAX, 1e9, 10_000).await.unwrap();
    for i in events {
        let id = model::acled::event_id(i["event"].as_str().or(i["id"].as_str()).unwrap());
        let e = back.iter().find(|e| e.source_id == id).unwrap_or_else(|| panic!("{id} read back"));
        assert_eq!(e.date_start, i["occurred_start"].as_str().unwrap()[..10]);
        assert!((e.lat - i["lat"].as_f64().unwrap()).abs() < 1e-4 && (e.lon - i["lon"].as_f64().unwrap()).abs() < 1e-4);
        assert_eq!(e.fatalities, i["killed"].as_i64().unwrap());
        let category = model::category::find(i["category"].as_str().unwrap()).unwrap();
        assert_eq!(e.event_type, category.event_type);
    }
    // A second import of the same export adds nothing.
    let input = std::io::BufReader::new(std::fs::File::open(&file).unwrap());
    let again = reference::import(&server.state.store, input, Format::Acled, |_| {}).await.unwrap();
    assert_eq!(again.imported, 0);
    server.stop().await;
}

#[tokio::test]
async fn geojson_and_json_lines_follow_the_readers_visibility_and_the_filters() {
    let server = TestServer::demo(Db::Sqlite).await;
    let token = server.login("tr-monitor").await;
    for (who, token) in [("anonymous", None), ("mediator", Some(token.as_str()))] {
        let incidents = listed(&server, "", token).await;
        let resp = export(&server, "format=geojson", token).await;
        assert_eq!(resp.headers()["content-type"], "application/geo+json", "{who}");
        let doc: Value = resp.json().await.unwrap();
        // RFC 7946: a FeatureCollection of Features; Point positions are [longitude, latitude]
        // within range; no "crs" member anywhere.
        assert_eq!(doc["type"], "FeatureCollection");
        assert!(doc.get("crs").is_none());
        let features = doc["features"].as_array().unwrap();
        assert_eq!(features.len(), incidents.len(), "{who}: exactly what the reader may read");
        for (f, i) in features.iter().zip(&incidents) {
            assert_eq!(f["type"], "Feature");
            assert!(f["properties"].is_object() && f.get("crs").is_none());
            assert_eq!(f["geometry"]["type"], "Point");
            let c = f["geometry"]["coordinates"].as_array().unwrap();
            assert_eq!(c.len(), 2);
            let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
            assert_eq!((lon, lat), (i["lon"].as_f64().unwrap(), i["lat"].as_f64().unwrap()), "lon first");
            assert_eq!(f["id"], i["id"]);
        }
    }
    let anonymous = listed(&server, "", None).await.len();
    let mediator = listed(&server, "", Some(&token)).await.len();
    assert!(mediator > anonymous, "joint reports are not in a public export");

    let unanswered = listed(&server, "status=unanswered", Some(&token)).await;
    let lines = export(&server, "format=jsonl&status=unanswered", Some(&token)).await.text().await.unwrap();
    let rows: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), unanswered.len());
    assert!(rows.iter().all(|r| r["status"] == "unanswered"));

    assert_eq!(export(&server, "format=xlsx", None).await.status(), 400);
    assert_eq!(export(&server, "format=acled&status=nonsense", None).await.status(), 400);
    server.stop().await;
}

#[tokio::test]
async fn the_within_km_filter_agrees_with_the_distance_to_the_line() {
    let server = TestServer::demo(Db::Sqlite).await;
    let all = listed(&server, "", None).await;
    let boundary = jirga::geography::boundary();
    let distance_km = |i: &Value| {
        boundary.distance_m(model::geo::LonLat(i["lon"].as_f64().unwrap(), i["lat"].as_f64().unwrap())) / 1000.0
    };
    for km in [1.0, 5.0, 25.0] {
        let near = listed(&server, &format!("within_km={km}"), None).await;
        let ids: Vec<&str> = near.iter().map(|i| i["id"].as_str().unwrap()).collect();
        for i in &all {
            let inside = distance_km(i) <= km;
            assert_eq!(
                ids.contains(&i["id"].as_str().unwrap()),
                inside,
                "{} at {:.2} km, filter {km} km",
                i["id"],
                distance_km(i)
            );
        }
    }
    assert!(listed(&server, "within_km=1", None).await.len() < all.len(), "some reports lie farther than 1 km");
    assert_eq!(server.get("/v1/incidents?within_km=-3", None).await.status(), 400);
    server.stop().await;
}
