//! The server-rendered pages over a real HTTP server: the dashboard in every language, with the
//! border, the crossings and the scenario's incidents on the map.

use crate::common::{Db, TestServer};

async fn page(server: &TestServer, path: &str, cookie: Option<&str>) -> (String, Option<String>) {
    let mut req = TestServer::http().get(format!("{}{path}", server.url));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200, "GET {path}");
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let set_cookie = resp.headers().get("set-cookie").map(|v| v.to_str().unwrap().to_string());
    (resp.text().await.unwrap(), set_cookie)
}

#[tokio::test]
async fn the_dashboard_shows_the_border_crossings_and_incidents_in_four_languages() {
    let server = TestServer::demo(Db::Sqlite).await;
    let public = server.get_json("/v1/incidents", None).await["incidents"].as_array().unwrap().len();
    assert!(public > 5);
    let expect =
        [("en", "ltr", "Dashboard"), ("ur", "rtl", "جائزہ"), ("ps", "rtl", "عمومي کتنه"), ("prs", "rtl", "نمای کلی")];
    for (lang, dir, title) in expect {
        let (html, cookie) = page(&server, &format!("/?lang={lang}"), None).await;
        assert!(html.contains(&format!("dir=\"{dir}\"")), "{lang}: direction {dir}");
        assert!(html.contains("class=\"boundary\""), "{lang}: the border is drawn");
        assert_eq!(html.matches("class=\"crossing ").count(), 6, "{lang}: the six crossings");
        assert!(html.matches("<a href=\"/incidents/").count() >= public, "{lang}: every public incident links");
        assert!(html.contains(title), "{lang}: the page is translated");
        assert!(cookie.unwrap().starts_with(&format!("lang={lang}")), "{lang}: remembered");
    }
    // Urdu sector names come from the deployment, and the remembered language is used next time.
    let (html, _) = page(&server, "/", Some("lang=ur")).await;
    assert!(html.contains("lang=\"ur\"") && html.contains("چمن"));
    // Browsers asking for Dari get Dari.
    let resp = TestServer::http().get(&server.url).header("accept-language", "fa-AF,fa;q=0.9").send().await.unwrap();
    assert!(resp.text().await.unwrap().contains("lang=\"fa-AF\""));
    server.stop().await;
}

#[tokio::test]
async fn a_signed_in_duty_officer_sees_open_hotline_messages_and_an_anonymous_reader_does_not() {
    let server = TestServer::demo(Db::Sqlite).await;
    let (anonymous, _) = page(&server, "/?lang=en", None).await;
    assert!(!anonymous.contains("Escalated to the mediators"));
    let token = server.login("pk-duty-officer").await;
    let (member, _) = page(&server, "/?lang=en", Some(&format!("jirga_token={token}"))).await;
    assert!(member.contains("Escalated to the mediators"), "the demo's unanswered notice of fire");
    assert!(member.contains("Signed in as"));
    // A zoomed view keeps its links working without JavaScript.
    let (zoomed, _) = page(&server, "/?lang=en&zoom=4&lon=66.4&lat=31.0", None).await;
    assert!(zoomed.contains("Zoom out") && zoomed.contains("Pan north"));
    server.stop().await;
}

#[tokio::test]
async fn an_incident_page_shows_the_claim_the_responses_and_the_proofs() {
    let server = TestServer::demo(Db::Sqlite).await;
    let list = server.get_json("/v1/incidents?status=finding_final", None).await;
    let id = list["incidents"][0]["id"].as_str().expect("the demo's verified incident").to_string();
    let detail = server.get_json(&format!("/v1/incidents/{id}"), None).await;
    let (anonymous, _) = page(&server, &format!("/incidents/{id}?lang=en"), None).await;
    assert!(anonymous.contains(detail["incident"]["title"].as_str().unwrap()));
    let cookie = format!("jirga_token={}", server.login("tr-monitor").await);
    let (html, _) = page(&server, &format!("/incidents/{id}?lang=en"), Some(&cookie)).await;
    assert!(html.contains("Finding final") && html.contains("Partly verified"), "the finding beside the claim");
    let tr = server.login("tr-monitor").await;
    let seen_by_tr = server.get_json(&format!("/v1/incidents/{id}"), Some(&tr)).await;
    let responses = seen_by_tr["responses"].as_array().unwrap().len();
    assert!(responses > 0);
    assert_eq!(html.matches("class=\"response\"").count(), responses);
    assert!(html.contains(&format!("/log?lang=en&amp;entry={id}")), "the proof of the report is one click away");
    // The log explorer shows the entry, ready to verify in the page.
    let (log, _) = page(&server, &format!("/log?lang=en&entry={id}"), None).await;
    assert!(log.contains(&format!("data-statement=\"{id}\"")) && log.contains("incident.report"));
    assert!(log.contains(&format!("/v1/statements/{id}/proof")));
    let (urdu, _) = page(&server, &format!("/incidents/{id}?lang=ur"), None).await;
    assert!(urdu.contains("dir=\"rtl\""));
    let missing = TestServer::http().get(format!("{}/incidents/{}", server.url, "0".repeat(64))).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    server.stop().await;
}

/// Times in the reader's zone: a party's own from the genesis (Pakistan UTC+05:00, Afghanistan
/// UTC+04:30), UTC for a reader nobody knows, the chosen one remembered; UTC on hover.
#[tokio::test]
async fn times_are_shown_in_the_readers_zone_with_utc_on_hover() {
    let server = TestServer::demo(Db::Sqlite).await;
    let incident = server.get_json("/v1/incidents?limit=1", None).await["incidents"][0].clone();
    let id = incident["id"].as_str().unwrap();
    let occurred = chrono::DateTime::parse_from_rfc3339(incident["occurred_start"].as_str().unwrap()).unwrap();
    let shown = |offset_min: i64| {
        let t = occurred.to_utc() + chrono::Duration::minutes(offset_min);
        t.format("%H:%M").to_string()
    };
    let path = format!("/incidents/{id}?lang=en");
    let (public, _) = page(&server, &path, None).await;
    assert!(public.contains(&format!("{} UTC+00:00", shown(0))), "an anonymous reader reads UTC");
    let iso = occurred.to_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert!(public.contains(&format!("<time datetime=\"{iso}\" title=\"")), "the instant is in the element");
    let (pk, cookie) = page(&server, &format!("{path}&tz=PK"), None).await;
    assert!(pk.contains(&format!("{} UTC+05:00", shown(300))), "Pakistan's time");
    let hover = &pk[pk.find(&format!("<time datetime=\"{iso}\" title=\"")).unwrap()..];
    let hover = &hover[..hover.find('>').unwrap()];
    assert!(hover.contains(&format!("{} UTC+00:00", shown(0))), "UTC on hover: {hover}");
    assert!(pk.contains("aria-current=\"true\"><bdi>Pakistan UTC+05:00"), "the chosen zone is marked");
    // The choice is remembered (the cookie's value), and an unknown zone is ignored.
    let (again, _) = page(&server, &path, Some("tz=PK")).await;
    assert!(again.contains(&format!("{} UTC+05:00", shown(300))));
    let (unknown, _) = page(&server, &format!("{path}&tz=Mars"), None).await;
    assert!(unknown.contains(&format!("{} UTC+00:00", shown(0))));
    // A member reads their own party's time unless they chose another.
    let token = server.login("af-liaison").await;
    let (af, _) = page(&server, &path, Some(&format!("jirga_token={token}"))).await;
    assert!(af.contains(&format!("{} UTC+04:30", shown(270))), "Afghanistan's time for an Afghan member");
    let (chose, _) = page(&server, &path, Some(&format!("jirga_token={token}; tz=UTC"))).await;
    assert!(chose.contains(&format!("{} UTC+00:00", shown(0))));
    assert!(cookie.unwrap_or_default().contains("lang=en"));
    // Exports stay in UTC.
    let export = server.get("/v1/incidents/export?format=jsonl", None).await.text().await.unwrap();
    assert!(export.contains(incident["occurred_start"].as_str().unwrap()));
    server.stop().await;
}
