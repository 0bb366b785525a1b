//! Compliance reports of the demo: the figures agree with the incident list over the same
//! period, name the checkpoint they were computed at, and follow the reader's visibility.

use crate::common::{Db, TestServer};
use serde_json::Value;

#[tokio::test]
async fn the_weekly_report_adds_up_the_incidents_of_its_period() {
    let server = TestServer::demo(Db::Sqlite).await;
    let token = server.login("tr-monitor").await;
    for (who, token) in [("anonymous", None), ("mediator", Some(token.as_str()))] {
        let r = server.get_json("/v1/reports/weekly?date=2025-10-17&cutoff=19:30&offset=300", token).await;
        // 19:30 at UTC+5 is 14:30 UTC: the week runs from 10 October 14:30 UTC to 17 October 14:30 UTC.
        assert_eq!(r["period"]["end_ms"], 1_760_711_400_000i64, "{who}");
        assert_eq!(r["period"]["start_ms"], 1_760_106_600_000i64, "{who}");
        let listed =
            server.get_json("/v1/incidents?limit=500&from=2025-10-10T14:30:00Z&to=2025-10-17T14:30:00Z", token).await;
        let incidents = listed["incidents"].as_array().unwrap();
        assert!(!incidents.is_empty(), "{who}: the demo's October fighting");
        assert_eq!(r["incidents"].as_u64().unwrap() as usize, incidents.len(), "{who}");
        let sum = |key: &str| r[key].as_array().unwrap().iter().map(|c| c["current"].as_i64().unwrap()).sum::<i64>();
        assert_eq!(sum("by_sector") as usize, incidents.len(), "{who}: every incident in one sector");
        assert_eq!(sum("by_reporter") as usize, incidents.len(), "{who}");
        assert_eq!(r["per_day"].as_array().unwrap().len(), 7);
        let per_day: i64 = r["per_day"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).sum();
        assert_eq!(per_day as usize, incidents.len());
        let answered = incidents.iter().filter(|i| i["responses"].as_i64().unwrap() > 0).count();
        assert_eq!(r["answered"].as_u64().unwrap() as usize, answered, "{who}");
        assert_eq!(
            r["checkpoint_size"].as_u64().unwrap(),
            server.log_size(),
            "{who}: the checkpoint it was computed at"
        );
        assert_eq!(r["checkpoint_root"].as_str().unwrap().len(), 44, "{who}: a base64 SHA-256 root");
    }
    let anonymous = server.get_json("/v1/reports/weekly?date=2025-10-17", None).await;
    let mediator = server.get_json("/v1/reports/weekly?date=2025-10-17", Some(&token)).await;
    assert!(mediator["incidents"].as_u64() >= anonymous["incidents"].as_u64());
    assert_eq!(anonymous["hotline"]["messages"], 0, "hotline figures are for members");
    server.stop().await;
}

#[tokio::test]
async fn report_pages_render_in_every_language_and_refuse_bad_dates() {
    let server = TestServer::demo(Db::Sqlite).await;
    for lang in ["en", "ur", "ps", "prs"] {
        for span in ["daily", "weekly"] {
            let resp = server.get(&format!("/reports/{span}?date=2025-10-12&lang={lang}"), None).await;
            assert_eq!(resp.status(), 200, "{span} {lang}");
            let html = resp.text().await.unwrap();
            assert!(
                html.contains("class=\"chart\"") && html.contains("class=\"boundary\""),
                "{span} {lang}: charts and map"
            );
            assert!(html.contains("/v1/reports/"), "{span} {lang}: a link to the figures as JSON");
        }
    }
    for bad in ["date=2025-13-01", "date=yesterday", "cutoff=25:00", "offset=9999"] {
        let resp = server.get(&format!("/v1/reports/daily?{bad}"), None).await;
        assert_eq!(resp.status(), 400, "{bad}");
        let problem: Value = resp.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains(bad.split('=').next().unwrap()), "{problem}");
    }
    assert_eq!(server.get("/v1/reports/monthly", None).await.status(), 404);
    server.stop().await;
}
