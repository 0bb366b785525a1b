//! The pages in a real browser: Debian's Chromium driven by playwright-core (tests/browser/*.mjs)
//! against a real server holding the demo. Each test starts the server, signs in the members its
//! script needs, and runs `node tests/browser/<script>` with JIRGA_URL, JIRGA_CHROMIUM,
//! JIRGA_ARTIFACTS (target/browser-artifacts/<test>/, kept: the screenshots) and JIRGA_TOKENS.
//! tests/browser/README.md tells how to add a page (one line) or a flow (a script and a test here).
//! scripts/test.sh installs Chromium, the fonts and playwright-core; without them these tests fail.

use crate::common::{Db, TestServer};
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

/// Runs `node tests/browser/<script>` against `server`, with the tokens of `members`; panics with
/// the script's output unless it exits 0. Returns the artifacts folder, named after `test`.
async fn run_script(test: &str, script: &str, server: &TestServer, members: &[&str]) -> PathBuf {
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
    let child = tokio::process::Command::new("node")
        .arg(root.join("tests/browser").join(script))
        .current_dir(root.join("tests/browser"))
        .env("JIRGA_URL", &server.url)
        .env("JIRGA_CHROMIUM", &chromium)
        .env("JIRGA_ARTIFACTS", &artifacts)
        .env("JIRGA_TOKENS", serde_json::Value::Object(tokens).to_string())
        .kill_on_drop(true)
        .output();
    // The server keeps serving on this runtime while node runs; a hung browser is stopped here.
    let limit = Duration::from_secs(8 * 60);
    let output = tokio::time::timeout(limit, child)
        .await
        .unwrap_or_else(|_| {
            panic!("node tests/browser/{script} did not finish in {limit:?}; artifacts in {}", artifacts.display())
        })
        .unwrap_or_else(|e| panic!("could not run node (Node.js 20, Debian's nodejs or /usr/bin/node): {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "node tests/browser/{script} failed ({}); screenshots in {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status,
        artifacts.display()
    );
    println!("{stdout}\nscreenshots in {}", artifacts.display());
    artifacts
}

#[tokio::test]
async fn every_page_renders_in_every_language_at_both_sizes() {
    let server = TestServer::demo(Db::Sqlite).await;
    let artifacts =
        run_script("every_page_renders_in_every_language_at_both_sizes", "every-page.mjs", &server, &[MEMBER]).await;
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
    )
    .await;
    server.stop().await;
}

#[tokio::test]
async fn the_checks_report_every_planted_fault_and_pass_a_clean_page() {
    let server = TestServer::demo(Db::Sqlite).await;
    run_script("the_checks_report_every_planted_fault_and_pass_a_clean_page", "selftest.mjs", &server, &[]).await;
    server.stop().await;
}
