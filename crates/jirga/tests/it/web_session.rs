//! The pages' sign-in cookie, the member-only pages, the incident list's filters, which forms a
//! member is offered, and the live feed that tells open pages the log grew.

use crate::common::{actor, report_body, Db, TestServer};
use model::{Kind, Visibility};

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn get_page(server: &TestServer, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut req = no_redirects().get(format!("{}{path}", server.url));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn the_session_cookie_is_checked_httponly_and_ends_on_sign_out() {
    let server = TestServer::demo(Db::Sqlite).await;
    let session = |token: &str| {
        no_redirects().post(format!("{}/web/session", server.url)).json(&serde_json::json!({ "token": token })).send()
    };
    // Anything but a live token is refused, and nothing that could add cookie attributes passes.
    assert_eq!(session("x; Domain=evil").await.unwrap().status(), 400);
    assert_eq!(session(&"ab".repeat(32)).await.unwrap().status(), 401);
    let token = server.login("pk-admin").await;
    let resp = session(&token).await.unwrap();
    assert_eq!(resp.status(), 204);
    let set = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.starts_with(&format!("jirga_token={token};"))
            && set.contains("HttpOnly")
            && set.contains("SameSite=Strict")
    );
    let cookie = format!("jirga_token={token}");

    // The members page lists the admin's own party and offers enrolment.
    let members = get_page(&server, "/members?lang=en", Some(&cookie)).await;
    assert_eq!(members.status(), 200);
    let html = members.text().await.unwrap();
    assert!(html.contains("pk-duty-officer") || html.contains("Duty officer"));
    assert!(html.contains("data-kind=\"member.enrol\""), "an admin may enrol");
    assert!(!html.contains("af-liaison"), "another party's members are not listed");
    // The cookie signs the API in as well (the pages' script uploads evidence with it).
    assert_eq!(get_page(&server, "/v1/hotline/duty", Some(&cookie)).await.status(), 200);

    let out =
        no_redirects().post(format!("{}/web/sign-out", server.url)).header("cookie", &cookie).send().await.unwrap();
    assert!(out.status().is_redirection());
    assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    // The token itself is ended, not only the cookie.
    let after = get_page(&server, "/members?lang=en", Some(&cookie)).await;
    assert!(after.status().is_redirection() && after.headers()["location"].to_str().unwrap().starts_with("/sign-in"));
    assert_eq!(server.get("/v1/hotline/duty", Some(&token)).await.status(), 401);
    server.stop().await;
}

#[tokio::test]
async fn member_pages_send_an_anonymous_reader_to_sign_in_and_public_pages_do_not() {
    let server = TestServer::demo(Db::Sqlite).await;
    for path in ["/hotline", "/members"] {
        let resp = get_page(&server, path, None).await;
        assert!(resp.status().is_redirection(), "{path}: {}", resp.status());
        assert!(resp.headers()["location"].to_str().unwrap().starts_with("/sign-in"), "{path}");
    }
    for path in ["/incidents", "/crossings", "/commitments", "/log", "/sign-in", "/incidents/new"] {
        let resp = get_page(&server, &format!("{path}?lang=ur"), None).await;
        assert_eq!(resp.status(), 200, "{path}");
        let html = resp.text().await.unwrap();
        assert!(html.contains("dir=\"rtl\"") && !html.contains("data-kind=\"incident.report\""), "{path}");
    }
    // A stale cookie is only anonymous, never an error page.
    let resp = get_page(&server, "/", Some(&format!("jirga_token={}", "cd".repeat(32)))).await;
    assert_eq!(resp.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn the_incident_list_filters_and_says_which_filters_it_could_not_read() {
    let server = TestServer::demo(Db::Sqlite).await;
    let api = server.get_json("/v1/incidents?status=unanswered&limit=500", None).await;
    let expected = api["incidents"].as_array().unwrap().len();
    assert!(expected > 0, "the demo has unanswered reports");
    let html = get_page(&server, "/incidents?lang=en&status=unanswered&sector=", None).await.text().await.unwrap();
    assert_eq!(html.matches("<tr><td>").count(), expected, "one row per unanswered incident");
    assert_eq!(html.matches("class=\"badge status-unanswered\"").count(), expected);
    let html =
        get_page(&server, "/incidents?lang=en&from=yesterday&category=nonsense", None).await.text().await.unwrap();
    assert!(html.contains("not understood") && html.contains("From") && html.contains("Category"));
    server.stop().await;
}

#[tokio::test]
async fn each_member_is_offered_only_the_forms_their_party_and_role_allow() {
    let server = TestServer::demo(Db::Sqlite).await;
    let receipt = server
        .submit_ok(&actor("pk-reporter-khyber").sign(
            &server,
            Kind::IncidentReport,
            vec![],
            Visibility::Joint,
            report_body("Forms test"),
        ))
        .await;
    let id = receipt["id"].as_str().unwrap();
    let forms = |html: &str| {
        ["response", "evidence.register", "investigation.open"]
            .into_iter()
            .filter(|k| html.contains(&format!("data-kind=\"{k}\"")))
            .collect::<Vec<_>>()
    };
    let as_member = |handle: &'static str| {
        let server = &server;
        async move {
            let cookie = format!("jirga_token={}", server.login(handle).await);
            get_page(server, &format!("/incidents/{id}?lang=en"), Some(&cookie)).await.text().await.unwrap()
        }
    };
    assert_eq!(forms(&as_member("af-liaison").await), ["response"], "the other side answers");
    assert_eq!(forms(&as_member("pk-liaison").await), Vec::<&str>::new(), "a party does not answer itself");
    assert_eq!(forms(&as_member("pk-reporter-khyber").await), ["evidence.register"]);
    assert_eq!(forms(&as_member("tr-monitor").await), ["evidence.register", "investigation.open"]);
    assert!(forms(&get_page(&server, &format!("/incidents/{id}"), None).await.text().await.unwrap()).is_empty());
    server.stop().await;
}

#[tokio::test]
async fn the_live_feed_tells_an_open_page_that_the_log_grew() {
    let server = TestServer::demo(Db::Sqlite).await;
    let mut feed = TestServer::http().get(format!("{}/web/live", server.url)).send().await.unwrap();
    assert_eq!(feed.headers()["content-type"], "text/event-stream");
    let size_in = |chunk: &[u8]| -> u64 {
        let text = String::from_utf8_lossy(chunk);
        text.lines().find_map(|l| l.strip_prefix("data: ")).and_then(|v| v.parse().ok()).unwrap_or(0)
    };
    let first = size_in(&feed.chunk().await.unwrap().unwrap());
    assert_eq!(first, server.log_size());
    server
        .submit_ok(&actor("pk-reporter-khyber").sign(
            &server,
            Kind::IncidentReport,
            vec![],
            Visibility::Joint,
            report_body("Live"),
        ))
        .await;
    let next = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        loop {
            let size = size_in(&feed.chunk().await.unwrap().unwrap());
            if size > 0 {
                return size;
            }
        }
    })
    .await
    .expect("the feed reports growth within 20 s");
    assert!(next > first, "{next} > {first}");
    server.stop().await;
}

#[tokio::test]
async fn the_dashboard_counts_every_incident_of_the_week_on_both_databases() {
    for db in [Db::Sqlite, Db::Postgres] {
        let server = TestServer::demo(db).await;
        for handle in [None, Some("tr-monitor")] {
            let token = match handle {
                Some(h) => Some(server.login(h).await),
                None => None,
            };
            let viewer = match &token {
                Some(t) => jirga::api::auth::signed_in_by_token(&server.state, t).unwrap().1,
                None => model::Viewer::Anonymous,
            };
            // The thirty days up to the demo's last report (the server's clock runs on past it).
            let all = server.get_json("/v1/incidents?limit=500", token.as_deref()).await;
            let last = all["incidents"].as_array().unwrap().iter().map(|i| {
                chrono::DateTime::parse_from_rfc3339(i["occurred_start"].as_str().unwrap()).unwrap().timestamp_millis()
            });
            let last = last.max().expect("the demo has reports");
            let from = last - 30 * 86_400_000;
            let counts = server.state.store.incident_counts(&viewer, from, last - 86_400_000).await.unwrap();
            let since = chrono::DateTime::from_timestamp_millis(from)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let listed = server.get_json(&format!("/v1/incidents?limit=500&from={since}"), token.as_deref()).await;
            let listed = listed["incidents"].as_array().unwrap();
            assert!(!listed.is_empty(), "the demo has reports in the last thirty days");
            assert_eq!(counts.iter().map(|c| c.3).sum::<i64>() as usize, listed.len(), "{db:?} {handle:?}");
            for (sector, party, _, week) in &counts {
                let n =
                    listed.iter().filter(|i| i["sector"] == sector.as_str() && i["party"] == party.as_str()).count();
                assert_eq!(*week as usize, n, "{db:?} {handle:?} {sector} {party}");
            }
        }
        server.stop().await;
    }
}
