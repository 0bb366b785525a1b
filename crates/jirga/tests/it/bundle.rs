//! Proofs that travel: `jirga log bundle` writes one file that `jirga verify-bundle` and the
//! independent Python verifier (scripts/interop/verify_bundle.py) both accept offline, with the
//! server stopped, and both refuse once any one byte of its proof material changes.

use crate::cli::{ok, write_demo_key};
use crate::common::TestServer;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// `jirga verify-bundle` with no server to reach: (success, stdout and stderr).
fn rust_verifier(file: &Path, extra: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jirga"))
        .arg("verify-bundle")
        .arg(file)
        .args(extra)
        .env("JIRGA_SERVER", "http://127.0.0.1:9")
        .output()
        .expect("run jirga");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn python_verifier(file: &Path, extra: &[&str]) -> (bool, String) {
    crate::interop::python_script("verify_bundle.py", file.to_str().unwrap(), extra)
}

/// The file with one character changed, at `at` within the first occurrence of `needle`: a
/// base64 letter swapped for another, so the file stays well-formed JSON and only the decoded
/// bytes differ.
fn one_byte_changed(text: &str, needle: &str, at: usize) -> String {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?} is in the bundle"));
    let mut bytes = text.as_bytes().to_vec();
    let c = &mut bytes[start + at];
    *c = if *c == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_verifies_offline_in_both_verifiers_and_is_refused_after_one_byte_changes() {
    let server = TestServer::witnessed_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let admin = write_demo_key(dir.path(), "pk-admin", "PK");
    let log_key = server.get_json("/v1/deployment", None).await["log_key"].as_str().unwrap().to_string();
    // A statement whose body members may read and an anonymous visitor may not.
    let token = server.login("pk-admin").await;
    let page = server.get_json("/v1/incidents", Some(&token)).await;
    let mut id = None;
    for i in page["incidents"].as_array().unwrap() {
        let i = i["id"].as_str().unwrap();
        let path = format!("/v1/statements/{i}");
        if server.get_json(&path, None).await["sealed"] == true
            && server.get_json(&path, Some(&token)).await["sealed"] == false
        {
            id = Some(i.to_string());
            break;
        }
    }
    let id = id.expect("the demo has a joint incident");

    // The incident page links each statement's bundle; the page's sign-in cookie decides whether
    // the body is in it.
    let cookie = format!("jirga_token={token}");
    let with_cookie = |path: String| TestServer::http().get(format!("{}{path}", server.url)).header("cookie", &cookie);
    let html = with_cookie(format!("/incidents/{id}")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(&format!("href=\"/v1/statements/{id}/bundle\" download")), "the page links the bundle");
    let signed_in: Value =
        with_cookie(format!("/v1/statements/{id}/bundle")).send().await.unwrap().json().await.unwrap();
    assert!(signed_in["body"].is_string(), "a member's bundle holds the joint body");
    let anonymous: Value = server.get_json(&format!("/v1/statements/{id}/bundle"), None).await;
    assert!(anonymous.get("body").is_none(), "a joint body is not for an anonymous visitor");

    let file = dir.path().join("statement.bundle.json");
    let url = server.url.clone();
    let said = ok(&server, &["log", "bundle", &id, "--key", &admin, "--out", file.to_str().unwrap()]);
    assert!(said.contains("bundle verified") && said.contains("body is included"), "{said}");
    let sealed = dir.path().join("sealed.bundle.json");
    ok(&server, &["log", "bundle", &id, "--out", sealed.to_str().unwrap()]);
    server.stop().await;
    // Offline from here: the server is gone.
    assert!(reqwest::get(format!("{url}/checkpoint")).await.is_err(), "the server is stopped");

    let (good, out) = rust_verifier(&file, &[]);
    assert!(good, "{out}");
    assert!(out.contains("INSIDE the bundle") && out.contains("3 of the required 3 witness"), "{out}");
    assert!(out.contains("body is included and matches"), "{out}");
    let (good, out) = rust_verifier(&file, &["--log-key", &log_key]);
    assert!(good && out.contains("the log key you gave"), "{out}");
    let (good, out) = rust_verifier(&sealed, &["--log-key", &log_key]);
    assert!(good && out.contains("body is not included"), "{out}");
    let (good, out) = python_verifier(&file, &[]);
    assert!(good && out.contains("INSIDE the bundle") && out.contains("3 of 3 witness"), "{out}");
    let (good, out) = python_verifier(&file, &["--log-key", &log_key]);
    assert!(good && out.contains("the log key given") && out.contains("body included"), "{out}");
    let (good, out) = python_verifier(&sealed, &[]);
    assert!(good && out.contains("body not included"), "{out}");

    // Another log's key as the anchor: refused by both.
    let other = ledger::note::Signer::generate("jirga.example/durand-line").unwrap().verifier().to_vkey();
    let (good, out) = rust_verifier(&file, &["--log-key", &other]);
    assert!(!good && out.contains("not signed by the log key"), "{out}");
    let (good, out) = python_verifier(&file, &["--log-key", &other]);
    assert!(!good && out.contains("not signed by the log key"), "{out}");

    // One byte changed in each part of the proof: both refuse, saying where.
    let text = std::fs::read_to_string(&file).unwrap();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    let note = bundle["checkpoint"].as_str().unwrap();
    let sig_of = |name: &str| {
        let line = note.lines().find(|l| l.starts_with(&format!("\u{2014} {name} "))).unwrap();
        line.rsplit(' ').next().unwrap().to_string()
    };
    let origin = note.lines().next().unwrap();
    let witness = bundle["checkpoint"].as_str().unwrap().lines().filter(|l| l.starts_with('\u{2014}')).find_map(|l| {
        let name = l.split(' ').nth(1).unwrap();
        (name != origin).then(|| name.to_string())
    });
    let entry = bundle["entry"].as_str().unwrap();
    let body = bundle["body"].as_str().unwrap();
    let cases = [
        ("the entry", entry.to_string(), entry.len() / 2, "statement's inclusion proof does not lead"),
        (
            "the proof",
            bundle["proof"][0].as_str().unwrap().to_string(),
            10,
            "statement's inclusion proof does not lead",
        ),
        ("the log's signature", sig_of(origin), 30, "checkpoint"),
        ("a witness's cosignature", sig_of(&witness.expect("a witness cosigned")), 40, "cosignature"),
        ("the body", body.to_string(), body.len() / 2, "body does not match"),
    ];
    for (what, needle, at, reason) in cases {
        let tampered = dir.path().join("tampered.bundle.json");
        let changed = one_byte_changed(&text, &needle, at);
        assert_eq!(changed.bytes().zip(text.bytes()).filter(|(a, b)| a != b).count(), 1);
        std::fs::write(&tampered, changed).unwrap();
        let (good, out) = rust_verifier(&tampered, &[]);
        assert!(!good && out.contains("BUNDLE REFUSED") && out.contains(reason), "{what}: {out}");
        let (good, out) = python_verifier(&tampered, &[]);
        assert!(!good && out.contains("FAIL") && out.contains(reason), "{what}: {out}");
    }
}
