//! The pages in a real browser: Debian's Chromium driven by playwright-core (tests/browser/*.mjs)
//! against a real server holding the demo. Each test starts the server, signs in the members its
//! script needs, and runs `node tests/browser/<script>` with JIRGA_URL, JIRGA_CHROMIUM,
//! JIRGA_ARTIFACTS (target/browser-artifacts/<test>/, kept: the screenshots), JIRGA_TOKENS and
//! JIRGA_KEYS (a folder of key files as `jirga key new` writes them, for scripts that import keys).
//! tests/browser/README.md tells how to add a page (one line) or a flow (a script and a test here).
//! scripts/test.sh installs Chromium, the fonts and playwright-core; without them these tests fail.

use crate::common::{actor, scenario, Db, TestServer};
use jirga::scenario::demo_key;
use model::KeyFile;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The demo member whose cookie the signed-in views carry (MEMBER in tests/browser/pages.mjs).
const MEMBER: &str = "pk-duty-officer";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the workspace folder")
}

/// Chromium and playwright-core, or a panic saying how to install them.
fn browser_setup(root: &Path) -> PathBuf {
    let install = "`bash scripts/test.sh` installs everything the browser tests need; by hand: \
                   `apt-get install chromium fonts-noto-core` and `npm ci --prefix tests/browser`";
    let chromium = PathBuf::from(std::env::var("JIRGA_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    assert!(
        chromium.is_file(),
        "Chromium is not at {} (JIRGA_CHROMIUM, or /usr/bin/chromium by default): {install}",
        chromium.display()
    );
    let playwright = root.join("tests/browser/node_modules/playwright-core/package.json");
    assert!(playwright.is_file(), "playwright-core is not installed in tests/browser/node_modules: {install}");
    chromium
}

/// Writes the key files of the demo members `keys` (`<handle>.key`, as `jirga key new` writes them)
/// into `dir`. The demo keys are derived from the public handles: not secrets.
fn write_key_files(dir: &Path, keys: &[&str]) {
    for handle in keys {
        let file = KeyFile::new(handle, &actor(handle).party, &demo_key(handle));
        std::fs::write(dir.join(format!("{handle}.key")), serde_json::to_string_pretty(&file).unwrap())
            .expect("write a key file");
    }
}

/// Runs `node tests/browser/<script>` against `server`, with the tokens of `members` (signed in
/// here) and the key files of `keys` (for the browser to import); panics with the script's output
/// unless it exits 0. Returns the artifacts folder, named after `test`.
async fn run_script(test: &str, script: &str, server: &TestServer, members: &[&str], keys: &[&str]) -> PathBuf {
    let root = workspace();
    let chromium = browser_setup(&root);
    let artifacts = root.join("target/browser-artifacts").join(test);
    // Last run's screenshots would pass for this run's.
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).expect("create the artifacts folder");
    let mut tokens = serde_json::Map::new();
    for handle in members {
        tokens.insert(handle.to_string(), server.login(handle).await.into());
    }
    let key_dir = tempfile::tempdir().expect("a folder for the key files");
    write_key_files(key_dir.path(), keys);
    // The script's output goes to files beside its screenshots, so that a hung run still tells
    // how far it came.
    let (out_path, err_path) = (artifacts.join("stdout.txt"), artifacts.join("stderr.txt"));
    let child = tokio::process::Command::new("node")
        .arg(root.join("tests/browser").join(script))
        .current_dir(root.join("tests/browser"))
        .env("JIRGA_URL", &server.url)
        .env("JIRGA_CHROMIUM", &chromium)
        .env("JIRGA_ARTIFACTS", &artifacts)
        .env("JIRGA_TOKENS", serde_json::Value::Object(tokens).to_string())
        .env("JIRGA_KEYS", key_dir.path())
        .stdout(std::fs::File::create(&out_path).expect("create stdout.txt"))
        .stderr(std::fs::File::create(&err_path).expect("create stderr.txt"))
        .kill_on_drop(true)
        .status();
    // The server keeps serving on this runtime while node runs; a hung browser is stopped here.
    let limit = Duration::from_secs(8 * 60);
    let finished = tokio::time::timeout(limit, child).await;
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let status = finished
        .unwrap_or_else(|_| {
            panic!(
                "node tests/browser/{script} did not finish in {limit:?}; artifacts in {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
                artifacts.display()
            )
        })
        .unwrap_or_else(|e| panic!("could not run node (Node.js 20, Debian's nodejs or /usr/bin/node): {e}"));
    assert!(
        status.success(),
        "node tests/browser/{script} failed ({status}); screenshots in {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        artifacts.display()
    );
    println!("{stdout}\nscreenshots in {}", artifacts.display());
    artifacts
}

#[tokio::test]
async fn every_page_renders_in_every_language_at_both_sizes() {
    let server = TestServer::demo(Db::Sqlite).await;
    let artifacts =
        run_script("every_page_renders_in_every_language_at_both_sizes", "every-page.mjs", &server, &[MEMBER], &[])
            .await;
    // The script's own claim, checked: at least today's 2 pages × 2 viewers × 4 languages × 2 sizes.
    let shots = std::fs::read_dir(&artifacts)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension() == Some("png".as_ref()))
        .count();
    assert!(shots >= 32, "{shots} screenshots in {}", artifacts.display());
    server.stop().await;
}

#[tokio::test]
async fn every_page_passes_the_accessibility_checks_in_english_and_urdu() {
    let server = TestServer::demo(Db::Sqlite).await;
    run_script(
        "every_page_passes_the_accessibility_checks_in_english_and_urdu",
        "accessibility.mjs",
        &server,
        &[MEMBER],
        &[],
    )
    .await;
    server.stop().await;
}

#[tokio::test]
async fn the_checks_report_every_planted_fault_and_pass_a_clean_page() {
    let server = TestServer::demo(Db::Sqlite).await;
    run_script("the_checks_report_every_planted_fault_and_pass_a_clean_page", "selftest.mjs", &server, &[], &[]).await;
    server.stop().await;
}

/// The demo's daily and weekly compliance reports in every language, printed to PDF by Chromium.
#[tokio::test]
async fn the_reports_render_and_print_to_pdf_in_every_language() {
    let server = TestServer::demo(Db::Sqlite).await;
    let artifacts =
        run_script("the_reports_render_and_print_to_pdf_in_every_language", "report.mjs", &server, &[], &[]).await;
    for span in ["daily", "weekly"] {
        for lang in ["en", "ur", "ps", "prs"] {
            let pdf = std::fs::read(artifacts.join(format!("report-{span}-{lang}.pdf"))).expect("the printed report");
            assert!(pdf.starts_with(b"%PDF-"), "{span} {lang}");
        }
    }
    server.stop().await;
}

/// The flows of tests/browser/flows.mjs: a key made in the browser and enrolled by an admin whose key
/// file the CLI made, a report from the map seen live by the other party, a response, a refused
/// report, evidence, the log explorer's own verification, the hotline's alarm and acknowledgement,
/// and Urdu. Then the server is asked whether it holds what the browser signed.
#[tokio::test]
async fn members_sign_in_report_respond_and_use_the_hotline_in_the_browser() {
    // A fixed log key, so the log explorer's verification meets the same key on every run: one whose
    // public key, in base64, has a "+" (as about half of all keys do), the separator of a key's fields.
    let origin = scenario().deployment.origin;
    let log_key = (0u8..)
        .map(|i| ledger::note::Signer::from_seed(&origin, [i; 32]).expect("a log key"))
        .find(|k| k.verifier().to_vkey().matches('+').count() > 2)
        .unwrap();
    let server = TestServer::demo_with_log_key(Db::Sqlite, &log_key).await;
    let keys = ["pk-admin", "af-liaison", "pk-duty-officer", "af-duty-officer"];
    let test = "members_sign_in_report_respond_and_use_the_hotline_in_the_browser";
    let artifacts = run_script(test, "flows.mjs", &server, &[], &keys).await;
    let found: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("flows.json")).expect("flows.json")).unwrap();
    let str_of = |name: &str| found[name].as_str().unwrap_or_else(|| panic!("flows.json has no {name}: {found}"));

    // The key was made in the browser: it is none of the demo keys.
    let reporter = str_of("reporterKey");
    for m in &scenario().members {
        assert_ne!(serde_json::json!(demo_key(&m.handle).public()), reporter, "the browser's key is {}'s", m.handle);
    }
    let chair = server.login("tr-chair").await;
    let report = server.get_json(&format!("/v1/statements/{}", str_of("incident")), Some(&chair)).await;
    assert_eq!(report["entry"]["header"]["kind"], "incident.report", "{report}");
    assert_eq!(report["entry"]["header"]["author"], reporter, "{report}");
    assert_eq!(report["entry"]["header"]["party"], "PK", "{report}");
    assert!(report["body"]["title"]["text"].as_str().unwrap().starts_with("Mortar fire near the crossing"), "{report}");
    assert_eq!(report["body"]["casualties"]["wounded"]["military"]["best"], 1, "{report}");
    let incident = server.get_json(&format!("/v1/incidents/{}", str_of("incident")), Some(&chair)).await;
    assert_eq!(incident["incident"]["status"], "disputed", "{incident}");
    let responses = incident["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 1, "{incident}");
    assert_eq!((&responses[0]["party"], &responses[0]["position"]), (&"AF".into(), &"deny".into()), "{incident}");
    let evidence = incident["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 1, "{incident}");
    assert_eq!((&evidence[0]["party"], &evidence[0]["media_type"]), (&"PK".into(), &"image/png".into()), "{incident}");
    let message = server.get_json(&format!("/v1/statements/{}", str_of("message")), Some(&chair)).await;
    assert_eq!(message["entry"]["header"]["author"], serde_json::json!(demo_key("pk-duty-officer").public()));
    assert_eq!(message["body"]["type"], "cease_fire_request", "{message}");
    let duty = server.login("af-duty-officer").await;
    let open = server.get_json("/v1/hotline/open", Some(&duty)).await;
    assert!(!open.to_string().contains(str_of("message")), "acknowledged, yet still open: {open}");
    server.stop().await;
}

/// tests/browser/offline.mjs: the dashboard read offline, a report and an acknowledgement signed
/// offline, kept through a reload and a browser restart, sent when the link returns; then the
/// server is asked: each is in the log once, with the time it was signed, before it was logged.
#[tokio::test]
async fn statements_signed_offline_are_sent_when_the_link_returns_once_each_with_their_signed_time() {
    let server = TestServer::demo(Db::Sqlite).await;
    // A request to cease fire waits for Afghanistan's duty officer.
    let body = serde_json::json!({"type": "cease_fire_request", "to": ["AF"], "sector": "khyber-torkham",
        "priority": "flash", "text": {"text": "Stop firing on the terminal", "lang": "en"}});
    let message =
        actor("pk-duty-officer").sign(&server, model::Kind::HotlineMessage, vec![], model::Visibility::Joint, body);
    server.submit_ok(&message).await;
    // The server's clock runs as a real one does here: the log times what arrives when it arrives.
    let clock = server.clock.clone();
    let ticking = tokio::spawn(async move {
        loop {
            clock.set(chrono::Utc::now().timestamp_millis());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let test = "statements_signed_offline_are_sent_when_the_link_returns_once_each_with_their_signed_time";
    let keys = ["af-reporter-nangarhar", "af-duty-officer"];
    let artifacts = run_script(test, "offline.mjs", &server, &[], &keys).await;
    let found: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("offline.json")).expect("offline.json")).unwrap();
    let chair = server.login("tr-chair").await;
    let report = server.get_json(&format!("/v1/statements/{}", found["report"].as_str().unwrap()), Some(&chair)).await;
    assert_eq!(report["entry"]["header"]["kind"], "incident.report", "{report}");
    let signed = report["entry"]["header"]["time"].as_i64().unwrap();
    assert_eq!(signed, found["reportSignedAt"].as_i64().unwrap(), "the signed time is the moment it was filed");
    assert!(report["entry"]["logged_at"].as_i64().unwrap() > signed, "logged after it was signed: {report}");
    let ack = server.get_json(&format!("/v1/statements/{}", found["ack"].as_str().unwrap()), Some(&chair)).await;
    assert_eq!(ack["entry"]["header"]["kind"], "hotline.ack", "{ack}");
    assert_eq!(ack["entry"]["header"]["refs"][0], message.id.hex());
    // Once each: the title is in the log once, and the message has one acknowledgement.
    let title = report["body"]["title"]["text"].as_str().unwrap().to_string();
    let list = server.get_json("/v1/incidents?limit=200", Some(&chair)).await;
    let same = list["incidents"].as_array().unwrap().iter().filter(|i| i["title"] == title.as_str()).count();
    assert_eq!(same, 1, "{title}");
    let duty = server.login("af-duty-officer").await;
    let events = server.get_json("/v1/hotline/events?limit=1000", Some(&duty)).await;
    let acks = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "ack" && e["message"] == message.id.hex().as_str())
        .count();
    assert_eq!(acks, 1, "{events}");
    // The refused one is not in the log.
    let far = server.get(&format!("/v1/statements/{}", found["far"].as_str().unwrap()), Some(&chair)).await;
    assert_eq!(far.status(), 404);
    ticking.abort();
    server.stop().await;
}
