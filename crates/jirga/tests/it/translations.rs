//! Issue 16: a signed translation shown in the reader's language, marked with its translator, the
//! original one click away; disputed by the other side; never reaching further than the original.

use crate::common::{actor, report_body, Db, TestServer};
use model::{Kind, Visibility};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_translation_is_shown_marked_with_its_translator_and_disputed() {
    let server = TestServer::demo(Db::Sqlite).await;
    let report = actor("pk-reporter-khyber").sign(
        &server,
        Kind::IncidentReport,
        vec![],
        Visibility::Public,
        report_body("Fire on the customs terminal"),
    );
    server.submit_ok(&report).await;
    let pashto = "د ګمرک ترمینل ته د کرښې له هاخوا ډزې وشوې.";
    let body = json!({"lang": "ps", "texts": {"title": "پر ګمرک ترمینل ډزې", "narrative": pashto}});
    let translation = actor("af-liaison").sign(&server, Kind::Translation, vec![report.id], Visibility::Public, body);
    server.submit_ok(&translation).await;

    // Shown on the Pashto page as a translation, with its translator; the original one click away.
    let url = format!("/incidents/{}?lang=ps", report.id.hex());
    let html = server.get(&url, None).await.text().await.unwrap();
    assert!(html.contains(pashto), "the translated words");
    assert!(html.contains("Liaison officer, Afghanistan delegation"), "the translator");
    let original = html.find("class=\"original\"").expect("the original in a details element");
    assert!(html[original..].contains("Small-arms fire from across the line"), "the original, one click away");
    // The English page shows the original only.
    let en = server.get(&format!("/incidents/{}?lang=en", report.id.hex()), None).await.text().await.unwrap();
    assert!(!en.contains(pashto));

    // The translator does not dispute their own; the other side does, and the page says so.
    let reason = json!({"reason": {"text": "‘Customs terminal’ is rendered as a gate.", "lang": "en"}});
    let own = actor("af-liaison").sign(
        &server,
        Kind::TranslationDispute,
        vec![translation.id],
        Visibility::Public,
        reason.clone(),
    );
    assert_eq!(server.submit(&own).await.status(), 403);
    let dispute =
        actor("pk-liaison").sign(&server, Kind::TranslationDispute, vec![translation.id], Visibility::Public, reason);
    server.submit_ok(&dispute).await;
    let html = server.get(&url, None).await.text().await.unwrap();
    assert!(html.contains("‘Customs terminal’ is rendered as a gate."), "the dispute beside the translation");

    // A translation never reaches further than its original.
    let answer = json!({"position": "deny", "narrative": {"text": "No fire from our side.", "lang": "en"}});
    let response = actor("af-liaison").sign(&server, Kind::Response, vec![report.id], Visibility::Joint, answer);
    server.submit_ok(&response).await;
    let public = json!({"lang": "ur", "texts": {"narrative": "ہماری طرف سے فائرنگ نہیں ہوئی۔"}});
    let leak =
        actor("pk-liaison").sign(&server, Kind::Translation, vec![response.id], Visibility::Public, public.clone());
    let resp = server.submit(&leak).await;
    assert_eq!(resp.status(), 422);
    assert_eq!(resp.json::<serde_json::Value>().await.unwrap()["field"], "header.visibility");
    let joint = actor("pk-liaison").sign(&server, Kind::Translation, vec![response.id], Visibility::Joint, public);
    server.submit_ok(&joint).await;
    let anonymous = server.get(&format!("/incidents/{}?lang=ur", report.id.hex()), None).await.text().await.unwrap();
    assert!(!anonymous.contains("ہماری طرف سے فائرنگ نہیں ہوئی۔"), "a joint translation is not shown to the public");
    let rebuilt = jirga::rebuild::rebuild(&server.state.store).await.unwrap();
    assert!(rebuilt.differences.is_empty(), "{:?}", rebuilt.differences);
    server.stop().await;
}
