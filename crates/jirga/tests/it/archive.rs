//! `jirga archive`: the demo's whole record in a folder that `jirga verify-archive` accepts
//! offline, with the server stopped, and refuses once one byte of a body or of a tile changes
//! (naming the file); served by a plain web server, the folder passes `jirga audit` too.

use crate::common::{Db, TestServer};
use crate::static_log::{jirga, StaticServer};
use jirga::audit::{audit, Options};
use serde_json::Value;
use std::path::Path;

fn flip_byte(file: &Path) -> Vec<u8> {
    let original = std::fs::read(file).unwrap();
    let mut changed = original.clone();
    let at = changed.len() / 2;
    changed[at] = if changed[at] == b'1' { b'2' } else { b'1' };
    std::fs::write(file, changed).unwrap();
    original
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_archive_verifies_offline_and_is_refused_after_one_byte_changes() {
    let server = TestServer::demo(Db::Sqlite).await;
    let size = server.log_size();
    let log_key = server.state.seq.state.read().unwrap().log_verifier.to_vkey();
    let (config, _dir) = server.stop().await;
    let data = config.data.display().to_string();
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("archive");
    let at = folder.display().to_string();

    let (ok, stdout, stderr) = jirga(&["archive", "--data", &data, "--out", &at, "--with-files"]);
    assert!(ok, "{stdout}{stderr}");
    let manifest: Value = serde_json::from_slice(&std::fs::read(folder.join("MANIFEST.json")).unwrap()).unwrap();
    assert_eq!(manifest["checkpoint"]["size"], size);
    let listed: Vec<&str> = manifest["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    for name in
        ["checkpoint", "tile/entries/000.p/1", "bodies/0.json", "evidence/index.json", "reports/obligations.json"]
    {
        let name = if name == "tile/entries/000.p/1" {
            ledger::tiles::entries_path(0, size.min(256) as u16)
        } else {
            name.into()
        };
        assert!(listed.contains(&name.as_str()), "{name} is not in the manifest: {listed:?}");
    }
    assert!(listed.iter().any(|p| p.starts_with("reports/weekly/")), "{listed:?}");
    // --with-files: the demo's evidence files, each named by its SHA-256.
    assert!(listed.iter().any(|p| p.starts_with("evidence/files/")), "{listed:?}");
    let week = listed.iter().find(|p| p.starts_with("reports/weekly/")).unwrap();
    let report: Value = serde_json::from_slice(&std::fs::read(folder.join(week)).unwrap()).unwrap();
    assert_eq!(report["span"], "weekly");
    assert!(report["checkpoint_size"].as_u64().unwrap() <= size);
    // Every stored body of the demo's log is there, sealed ones too.
    let bodies = listed.iter().filter(|p| p.starts_with("bodies/")).count() as u64;
    assert_eq!(bodies, size, "one body per entry");

    let (ok, stdout, stderr) = jirga(&["verify-archive", &at, "--log-key", &log_key]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("archive verified") && stdout.contains(&format!("{size} entries")), "{stdout}");
    // Without a key, the manifest's is used and the output says so.
    let (ok, stdout, _) = jirga(&["verify-archive", &at]);
    assert!(ok && stdout.contains("IN THE MANIFEST"), "{stdout}");
    // A wrong key is refused.
    let other = ledger::note::Signer::generate("other.example/log").unwrap().verifier().to_vkey();
    let (ok, _, stderr) = jirga(&["verify-archive", &at, "--log-key", &other]);
    assert!(!ok && stderr.contains("ARCHIVE REFUSED") && stderr.contains("not signed by the log key"), "{stderr}");

    // Served by a plain web server, the archive passes the audit.
    let web = StaticServer::start(&folder).await;
    let state = tempfile::tempdir().unwrap();
    let options = Options {
        server: web.url.clone(),
        log_key: Some(log_key.clone()),
        state: Some(state.path().join("audit.json")),
        key: None,
        check_bodies: true,
    };
    let summary = audit(&options).await.expect("the archive passes the audit");
    assert_eq!(summary.size, size);
    drop(web);

    // One byte of a body: refused, naming the file.
    let body = folder.join("bodies/3.json");
    let original = flip_byte(&body);
    let (ok, _, stderr) = jirga(&["verify-archive", &at, "--log-key", &log_key]);
    assert!(!ok && stderr.contains("bodies/3.json does not match"), "{stderr}");
    // The manifest made to agree, the signed header still refuses it.
    let changed = std::fs::read(&body).unwrap();
    let fixed = with_manifest_entry(&folder, "bodies/3.json", &changed);
    let (ok, _, stderr) = jirga(&["verify-archive", &at, "--log-key", &log_key]);
    assert!(
        !ok && stderr.contains("bodies/3.json does not match the SHA-256 and length in the signed header"),
        "{stderr}"
    );
    std::fs::write(&body, original).unwrap();
    std::fs::write(folder.join("MANIFEST.json"), fixed).unwrap();
    assert!(jirga(&["verify-archive", &at, "--log-key", &log_key]).0, "restored");

    // One byte of a tile: refused, naming the file; with the manifest made to agree, the tree.
    let tile_name = ledger::tiles::entries_path(0, size.min(256) as u16);
    let tile = folder.join(&tile_name);
    let original = flip_byte(&tile);
    let (ok, _, stderr) = jirga(&["verify-archive", &at, "--log-key", &log_key]);
    assert!(!ok && stderr.contains(&format!("{tile_name} does not match")), "{stderr}");
    let fixed = with_manifest_entry(&folder, &tile_name, &std::fs::read(&tile).unwrap());
    let (ok, _, stderr) = jirga(&["verify-archive", &at, "--log-key", &log_key]);
    let level0 = ledger::tiles::tile_path(0, 0, size.min(256) as u16);
    assert!(!ok && stderr.contains(&format!("hash tile {level0} disagrees with the entry's hash")), "{stderr}");
    std::fs::write(&tile, original).unwrap();
    std::fs::write(folder.join("MANIFEST.json"), fixed).unwrap();
    assert!(jirga(&["verify-archive", &at, "--log-key", &log_key]).0, "restored");

    // A file the manifest does not list is refused, by name.
    std::fs::write(folder.join("bodies/extra.json"), b"{}").unwrap();
    let (ok, _, stderr) = jirga(&["verify-archive", &at, "--log-key", &log_key]);
    assert!(!ok && stderr.contains("bodies/extra.json is not listed in MANIFEST.json"), "{stderr}");

    // An archive is written into a new or empty folder only.
    let (ok, _, stderr) = jirga(&["archive", "--data", &data, "--out", &at]);
    assert!(!ok && stderr.contains("not empty"), "{stderr}");
}

/// Rewrites the manifest's row of `path` to match `bytes`; returns the manifest as it was.
fn with_manifest_entry(folder: &Path, path: &str, bytes: &[u8]) -> Vec<u8> {
    let file = folder.join("MANIFEST.json");
    let before = std::fs::read(&file).unwrap();
    let mut manifest: Value = serde_json::from_slice(&before).unwrap();
    for f in manifest["files"].as_array_mut().unwrap() {
        if f["path"] == path {
            f["sha256"] = model::statement::body_digest(bytes).into();
            f["size"] = bytes.len().into();
        }
    }
    std::fs::write(&file, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
    before
}

/// A witnessed log's archive carries the genesis policy's quorum; made for the public it holds
/// the public bodies alone, and made for a party nothing sealed from that party.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_witnessed_public_archive_carries_the_quorum() {
    let server = TestServer::witnessed_demo().await;
    let size = server.log_size();
    let log_key = server.state.seq.state.read().unwrap().log_verifier.to_vkey();
    let (config, _dir) = server.stop().await;
    let out = tempfile::tempdir().unwrap();
    let data = config.data.display().to_string();
    let archive = |reader: &str| {
        let at = out.path().join(reader).display().to_string();
        let (ok, stdout, stderr) = jirga(&["archive", "--data", &data, "--out", &at, "--for", reader]);
        assert!(ok, "{stdout}{stderr}");
        let (ok, stdout, stderr) = jirga(&["verify-archive", &at, "--log-key", &log_key]);
        assert!(ok && stdout.contains("3 of the required 3 witness"), "{stdout}{stderr}");
        let bodies: Vec<String> = std::fs::read_dir(out.path().join(reader).join("bodies"))
            .unwrap()
            .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
            .collect();
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(out.path().join(reader).join("MANIFEST.json")).unwrap()).unwrap();
        assert_eq!(manifest["bodies"], reader);
        bodies
    };
    let public = archive("public");
    assert!(!public.is_empty() && (public.len() as u64) < size, "only the public bodies: {} of {size}", public.len());
    // Pakistan's report of the Kurram route is sealed for the mediators: in Pakistan's copy, not Afghanistan's.
    let sealed = "Second infiltration attempt in Kurram";
    assert!(archive("PK").iter().any(|b| b.contains(sealed)));
    assert!(!archive("AF").iter().any(|b| b.contains(sealed)));
    let (ok, _, stderr) =
        jirga(&["archive", "--data", &data, "--out", &out.path().join("x").display().to_string(), "--for", "XX"]);
    assert!(!ok && stderr.contains("name a party"), "{stderr}");
}
