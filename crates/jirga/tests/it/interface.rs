//! Issue 17, "say what is true": the pages say the same as the record, whoever reads them.
//! A finding the reader may not see is named as such (not "no finding yet"); a finding's drafter
//! is not asked to sign again; unknown casualties are not zero; the answering party chooses its
//! position; the key picker shows key files; the header says who is signed in; the reference layer
//! is off until asked for; a short id is found on the log; sign-in leads back where the person was
//! going.

use crate::common::{actor, report_body, Db, TestServer};
use model::{Kind, Visibility};

fn cookie(token: &str) -> String {
    format!("jirga_token={token}")
}

async fn page(server: &TestServer, path: &str, token: Option<&str>) -> String {
    let mut req = TestServer::http().get(format!("{}{path}", server.url));
    if let Some(t) = token {
        req = req.header("cookie", cookie(t));
    }
    let html = req.send().await.unwrap().text().await.unwrap();
    // Fluent isolates each value it puts in a sentence (U+2068 … U+2069).
    html.replace(['\u{2068}', '\u{2069}'], "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_finding_text_agrees_with_the_badge_for_every_reader() {
    let server = TestServer::demo(Db::Sqlite).await;
    let list = server.get_json("/v1/incidents?limit=500", None).await;
    let settled = list["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["status"] == "finding_final")
        .expect("the demo's final finding");
    let path = format!("/incidents/{}?lang=en", settled["id"].as_str().unwrap());

    // The public may not read the joint team's finding: the page says one exists.
    let public = page(&server, &path, None).await;
    assert!(public.contains("Finding final"), "the badge");
    assert!(!public.contains("No finding yet."), "the body must not contradict the badge");
    assert!(public.contains("A finding exists; it is for the members of the parties and the mediators."));

    // Its drafter sees it under its stage, and is not offered to sign what they drafted.
    let drafter = server.login("tr-monitor").await;
    let html = page(&server, &path, Some(&drafter)).await;
    assert!(!html.contains("Under investigation:"), "a final finding is not under investigation");
    assert!(html.contains("Finding final:"));
    assert!(!html.contains("data-kind=\"finding.sign\""), "the drafter concurred by drafting");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_is_not_zero_and_no_form_chooses_for_the_member() {
    let server = TestServer::demo(Db::Sqlite).await;
    let mut body = report_body("Shots heard, nobody counted yet");
    body.as_object_mut().unwrap().remove("casualties");
    let report = actor("pk-reporter-khyber").sign(&server, Kind::IncidentReport, vec![], Visibility::Public, body);
    server.submit_ok(&report).await;
    let liaison = server.login("af-liaison").await;
    let html = page(&server, &format!("/incidents/{}?lang=en", report.id.hex()), Some(&liaison)).await;
    assert!(html.contains("<span class=\"casualties-killed\">not given</span>"), "unknown casualties are not zero");
    // The answering party's position is theirs to choose: no answer is pre-selected.
    let select = &html[html.find("id=\"respond-position\"").expect("the response form")..];
    let first = &select[..select.find("</option>").unwrap()];
    assert!(first.contains("value=\"\"") && first.contains("selected") && first.contains("disabled"), "{first}");

    // The key picker shows the key files `jirga key new` writes; the header names the member.
    let sign_in = page(&server, "/sign-in?lang=en", None).await;
    assert!(sign_in.contains("accept=\".key,"), "the picker hides *.key files");
    let html = page(&server, "/?lang=en", Some(&liaison)).await;
    assert!(
        html.contains("Signed in as Liaison officer, Afghanistan delegation (AF · Liaison officer)"),
        "who is signed in"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_id_as_the_pages_show_it_is_found_on_the_log() {
    let server = TestServer::demo(Db::Sqlite).await;
    let list = server.get_json("/v1/incidents?limit=1", None).await;
    let id = list["incidents"][0]["id"].as_str().unwrap().to_string();
    let short = &id[..12];
    let log = page(&server, &format!("/log?lang=en&entry={short}"), None).await;
    assert!(log.contains(&format!("data-statement=\"{id}\"")), "the entry of {short}");
    // Too short to name one statement, or naming none: not found, rather than a guess. (A short
    // prefix of digits alone would be read as a log index: one with a letter is taken.)
    let all = server.get_json("/v1/incidents?limit=100", None).await;
    let lettered = all["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["id"].as_str())
        .find(|i| i[..7].bytes().any(|b| b.is_ascii_alphabetic()));
    for asked in [&lettered.expect("an id with a letter in its first 7 characters")[..7], "ffffffffffff"] {
        let log = page(&server, &format!("/log?lang=en&entry={asked}"), None).await;
        assert!(!log.contains("data-statement="), "{asked} names no single entry");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_brings_the_person_back_where_they_were_going() {
    let server = TestServer::demo(Db::Sqlite).await;
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let resp = no_redirects.get(format!("{}/hotline?lang=ur", server.url)).send().await.unwrap();
    let to = resp.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/sign-in?lang=ur&next=%2Fhotline%3Flang%3Dur", "where the duty officer was going");
    let html = page(&server, &to, None).await;
    assert!(html.contains("data-next=\"/hotline?lang=ur\""), "signing in leads back to the hotline");
    // Only to this site: another site's address leads to the dashboard.
    for elsewhere in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
        let q = serde_urlencoded::to_string([("lang", "en"), ("next", elsewhere)]).unwrap();
        let html = page(&server, &format!("/sign-in?{q}"), None).await;
        assert!(html.contains("data-next=\"/?lang=en\""), "{elsewhere}");
    }
    server.stop().await;
}
