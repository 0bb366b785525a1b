//! An independent implementation (Python's `cryptography` package, no shared code) verifies the
//! log's checkpoint, the witnesses' cosignatures, the Merkle root and every statement signature.

use crate::common::TestServer;
use std::process::Command;

fn python_verifier(url: &str, extra: &[&str]) -> (bool, String) {
    python_script("verify_log.py", url, extra)
}

/// Runs scripts/interop/`script` on `target`: (success, what it said).
pub(crate) fn python_script(script: &str, target: &str, extra: &[&str]) -> (bool, String) {
    let script = format!("{}/../../scripts/interop/{script}", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3").arg(script).arg(target).args(extra).output().unwrap_or_else(|e| {
        panic!("python3 is needed for the interoperability test ({e}); scripts/test.sh installs it with the cryptography package")
    });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("ModuleNotFoundError"), "install the Python package: pip install cryptography ({stderr})");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_independent_verifier_accepts_the_log_and_rejects_a_tampered_one() {
    let server = TestServer::witnessed_demo().await;
    let (ok, out) = python_verifier(&server.url, &["--witnessed"]);
    assert!(ok, "{out}");
    assert!(out.contains("3 witness cosignatures verified"), "{out}");
    assert!(out.contains(&format!("{} statement signatures verified", server.log_size())), "{out}");

    // Our own auditor agrees, counting the same three cosignatures against the genesis policy.
    let state = tempfile::tempdir().unwrap();
    let opts = jirga::audit::Options {
        server: server.url.clone(),
        log_key: None,
        state: Some(state.path().join("a.json")),
        key: None,
        check_bodies: true,
    };
    let summary = jirga::audit::audit(&opts).await.expect("the witnessed demo passes the audit");
    assert_eq!((summary.cosignatures, summary.quorum), (3, 3));
    // Each statement on an incident page says where it stands in the log.
    let page = server.get_json("/v1/incidents", None).await;
    let id = page["incidents"][0]["id"].as_str().unwrap();
    let detail = server.get_json(&format!("/v1/incidents/{id}"), None).await;
    assert_eq!(detail["versions"][0]["status"], "witnessed");

    // A wrong log key, then a tampered entry: both refused.
    let other = ledger::note::Signer::generate("jirga.example/durand-line").unwrap().verifier().to_vkey();
    let (ok, out) = python_verifier(&server.url, &["--log-key", &other]);
    assert!(!ok, "{out}");
    let db = sqlx::SqlitePool::connect(&server.config.database_url()).await.unwrap();
    let (entry,): (Vec<u8>,) = sqlx::query_as("SELECT entry FROM entries WHERE idx = 3").fetch_one(&db).await.unwrap();
    let tampered = String::from_utf8(entry).unwrap().replacen("\"party\":\"", "\"party\":\"X", 1);
    sqlx::query("UPDATE entries SET entry = ? WHERE idx = 3").bind(tampered.as_bytes()).execute(&db).await.unwrap();
    let (ok, out) = python_verifier(&server.url, &[]);
    assert!(!ok && out.contains("FAIL"), "{out}");
    server.stop().await;
}
