//! `jirga log export`: the log written as plain files and served by a plain web server (Python's)
//! holds byte for byte what the server serves and passes `jirga audit`; a flipped byte in an entry
//! bundle is named by entry; a later export extends the folder without touching a full tile, and
//! refuses a folder whose full tile was altered or a log shorter than the one exported there. A
//! server kept publishing to a real S3-compatible server (`serve --tiles`) passes the audit there.

use crate::common::{file_reports, s3_bucket, s3_endpoint, with_snapshot, Db, TestServer};
use jirga::audit::{audit, Failure, Options};
use jirga::static_log::{export, open_store};
use jirga::store::Store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// `python3 -m http.server` on a free port, serving `folder`; killed when dropped.
pub(crate) struct StaticServer {
    child: Child,
    pub(crate) url: String,
}

impl StaticServer {
    pub(crate) async fn start(folder: &Path) -> StaticServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1", &port.to_string(), "--directory"])
            .arg(folder)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("this test serves the export with python3 -m http.server: install Python 3");
        let server = StaticServer { child, url: format!("http://127.0.0.1:{port}") };
        for _ in 0..200 {
            let answer = reqwest::get(format!("{}/checkpoint", server.url)).await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("python3 -m http.server did not answer on port {port} within 10 s");
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn options(server: &str, log_key: Option<&str>, state: &Path, check_bodies: bool) -> Options {
    Options {
        server: server.to_string(),
        log_key: log_key.map(str::to_string),
        state: Some(state.to_path_buf()),
        key: None,
        check_bodies,
    }
}

/// Every file under `root`, by its path relative to it ('/'-separated, as in a URL).
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn at(folder: &Path) -> String {
    folder.display().to_string()
}

fn is_full_tile(name: &str) -> bool {
    name.starts_with("tile/") && !name.contains(".p/")
}

/// Flips one byte in the middle of entry `entry` of the bundle file (not in its length prefix).
fn flip_entry_byte(bundle: &Path, entry: usize) -> Vec<u8> {
    let original = std::fs::read(bundle).unwrap();
    let mut offset = 0;
    for _ in 0..entry {
        offset += 2 + usize::from(u16::from_be_bytes([original[offset], original[offset + 1]]));
    }
    let len = usize::from(u16::from_be_bytes([original[offset], original[offset + 1]]));
    let mut flipped = original.clone();
    flipped[offset + 2 + len / 2] ^= 0x01;
    std::fs::write(bundle, flipped).unwrap();
    original
}

pub(crate) fn jirga(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jirga")).args(args).env("RUST_LOG", "warn").output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exported_log_is_what_the_server_serves_and_passes_the_audit() {
    let server = TestServer::demo(Db::Sqlite).await;
    // More than one entry bundle: full tiles to keep, and a partial right edge.
    let more = 300usize.saturating_sub(server.log_size() as usize);
    file_reports(&server, "pk-reporter-khyber", "exported", more).await;
    let size = server.log_size();
    assert!(size > 256, "{size}");
    let log_key = server.state.seq.state.read().unwrap().log_verifier.to_vkey();

    // Exported from the store of the running server: every file is what the server serves there.
    let out = tempfile::tempdir().unwrap();
    let store = open_store(&server.config).await.unwrap();
    let done = export(&store, &at(out.path())).await.expect("the export");
    store.close().await;
    assert_eq!((done.size, done.witnessed, done.unchanged), (size, None, 0));
    let exported = files(out.path());
    assert_eq!(done.written as usize, exported.len());
    let edge = (size / 256, (size % 256) as u16);
    let right = [ledger::tiles::entries_path(edge.0, edge.1), ledger::tiles::tile_path(0, edge.0, edge.1)];
    for name in ["checkpoint", "v1/deployment", "tile/entries/000", "tile/0/000", "tile/1/000.p/1"]
        .into_iter()
        .chain(right.iter().map(String::as_str))
    {
        assert!(exported.contains_key(name), "{name} is missing");
    }
    assert_eq!(exported.keys().filter(|n| n.starts_with("v1/statements/")).count() as u64, size);
    for (name, bytes) in &exported {
        let served = server.get(&format!("/{name}"), None).await;
        assert!(served.status().is_success(), "/{name}: {}", served.status());
        assert!(served.bytes().await.unwrap() == bytes.as_slice(), "{name} differs from what the server serves");
    }

    // Served by a plain web server, it passes the audit: with the key pinned, and with the key
    // as the deployment document states it and every body the public may read.
    let web = StaticServer::start(out.path()).await;
    let state = tempfile::tempdir().unwrap();
    let pinned = state.path().join("pinned.json");
    let summary = audit(&options(&web.url, Some(&log_key), &pinned, false)).await.expect("the static log passes");
    assert_eq!(summary.size, size);
    let summary = audit(&options(&web.url, None, &state.path().join("stated.json"), true))
        .await
        .expect("the static log passes with its bodies");
    assert_eq!(summary.size, size);
    assert!(summary.bodies_checked > 0 && summary.sealed > 0, "{summary:?}");

    // The log grows; an export from the stopped server's folder, by the command line, extends the
    // folder and leaves every full tile as it was.
    let (server, snapshot) = with_snapshot(server).await;
    file_reports(&server, "af-reporter-paktika", "later", 5).await;
    let grown = server.log_size();
    let (config, dir) = server.stop().await;
    let data = config.data.display().to_string();
    let folder = out.path().display().to_string();
    let (ok, stdout, stderr) = jirga(&["log", "export", "--data", &data, "--out", &folder]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains(&format!("exported the log of {grown} entries")), "{stdout}");
    let again = files(out.path());
    for (name, bytes) in exported.iter().filter(|(n, _)| is_full_tile(n)) {
        assert!(again.get(name) == Some(bytes), "the full tile {name} changed");
    }
    assert!(again.len() > exported.len());
    let summary = audit(&options(&web.url, Some(&log_key), &pinned, false)).await.expect("the grown log passes");
    assert_eq!((summary.size, summary.previous_size), (grown, Some(size)));

    // A flipped byte in a full entry bundle: the audit names the entry, and the next export
    // refuses the folder.
    let bundle = out.path().join("tile/entries/000");
    let original = flip_entry_byte(&bundle, 10);
    let err = audit(&options(&web.url, Some(&log_key), &state.path().join("fresh.json"), false))
        .await
        .expect_err("a flipped byte fails the audit");
    let f = err.downcast::<Failure>().expect("an audit failure");
    assert_eq!(f.entry, Some(10), "{f}");
    let store = Store::connect(&config.database_url()).await.unwrap();
    let err = export(&store, &at(out.path())).await.expect_err("an altered full bundle stops the export");
    assert!(format!("{err:#}").contains("tile/entries/000"), "{err:#}");
    std::fs::write(&bundle, &original).unwrap();

    // So does an altered full hash tile.
    let tile = out.path().join("tile/0/000");
    let original = std::fs::read(&tile).unwrap();
    let mut altered = original.clone();
    altered[40] ^= 0x80;
    std::fs::write(&tile, &altered).unwrap();
    let err = export(&store, &at(out.path())).await.expect_err("an altered full tile stops the export");
    assert!(format!("{err:#}").contains("tile/0/000") && format!("{err:#}").contains("fork"), "{err:#}");
    std::fs::write(&tile, &original).unwrap();
    let done = export(&store, &at(out.path())).await.expect("restored, the folder takes the export again");
    assert_eq!((done.size, done.written), (grown, 0));
    store.close().await;

    // The log as it was before it grew would roll the folder back: refused.
    let old = Store::connect(&format!("sqlite://{}", snapshot.path().join("jirga.db").display())).await.unwrap();
    let err = export(&old, &at(out.path())).await.expect_err("a shorter log is not exported over a longer one");
    assert!(format!("{err:#}").contains("rollback"), "{err:#}");
    old.close().await;
    drop((web, dir));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_witnessed_log_is_exported_with_its_witnessed_checkpoint() {
    let server = TestServer::witnessed_demo().await;
    let log_key = server.state.seq.state.read().unwrap().log_verifier.to_vkey();
    let out = tempfile::tempdir().unwrap();
    let store = open_store(&server.config).await.unwrap();
    let done = export(&store, &at(out.path())).await.expect("the export");
    store.close().await;
    assert_eq!(done.witnessed, Some(server.log_size()));
    let served = server.get("/v1/checkpoint/witnessed", None).await.bytes().await.unwrap();
    assert!(std::fs::read(out.path().join("v1/checkpoint/witnessed")).unwrap() == served);
    server.stop().await;

    let web = StaticServer::start(out.path()).await;
    let state = tempfile::tempdir().unwrap();
    let summary = audit(&options(&web.url, Some(&log_key), &state.path().join("a.json"), false))
        .await
        .expect("the witnessed static log passes");
    assert!(summary.quorum > 0 && summary.cosignatures >= summary.quorum as usize, "{summary:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_inputs_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out").display().to_string();
    let missing = dir.path().join("no-such-folder").display().to_string();
    let (ok, _, stderr) = jirga(&["log", "export", "--data", &missing, "--out", &out]);
    assert!(!ok && stderr.contains("there is no data folder at"), "{stderr}");
    assert!(!dir.path().join("no-such-folder").exists(), "nothing is created for a wrong --data");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (ok, _, stderr) = jirga(&["log", "export", "--data", &empty.display().to_string(), "--out", &out]);
    assert!(!ok && stderr.contains("holds no log"), "{stderr}");
    assert!(!empty.join("jirga.db").exists(), "no database is created in a folder that had none");

    // A database with no checkpoint yet.
    let store = Store::connect(&format!("sqlite://{}", empty.join("jirga.db").display())).await.unwrap();
    let err = export(&store, &out).await.expect_err("an empty log is not exported");
    assert!(format!("{err:#}").contains("no signed checkpoint yet"), "{err:#}");
    store.close().await;

    // A folder that cannot be made: its parent is a file.
    let server = TestServer::demo(Db::Sqlite).await;
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let unwritable: PathBuf = file.join("out");
    let store = open_store(&server.config).await.unwrap();
    let err = export(&store, &at(&unwritable)).await.expect_err("an unwritable folder");
    assert!(format!("{err:#}").contains("cannot create the export folder"), "{err:#}");
    store.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_kept_published_in_s3_passes_the_audit_there_as_it_grows() {
    let endpoint = s3_endpoint();
    let bucket = s3_bucket().await;
    let name = bucket.trim_start_matches("s3://");
    let url = format!("{endpoint}/{name}");
    // Readable by anyone, as a bucket behind a CDN is; the writes stay signed.
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{name}/*"}}]}}"#
    );
    let resp = reqwest::Client::new()
        .put(format!("{url}?policy"))
        .header("content-type", "application/json")
        .body(policy)
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success(), "the bucket policy: {}", resp.status());
    let server = TestServer::demo(Db::Sqlite).await;
    jirga::static_log::keep_published(server.state.clone(), &bucket).expect("publishing starts");
    let log_key = server.state.seq.state.read().unwrap().log_verifier.to_vkey();
    let published = |server: &TestServer| {
        let (server_url, url) = (server.url.clone(), url.clone());
        async move {
            let served = reqwest::get(format!("{server_url}/checkpoint")).await.unwrap().text().await.unwrap();
            for _ in 0..300 {
                let there = reqwest::get(format!("{url}/checkpoint")).await.unwrap();
                if there.status().is_success() && there.text().await.unwrap() == served {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("the bucket did not show the server's checkpoint within 30 s");
        }
    };
    file_reports(&server, "pk-reporter-khyber", "published", 300usize.saturating_sub(server.log_size() as usize)).await;
    published(&server).await;
    let size = server.log_size();
    assert!(size >= 300);
    let tile = reqwest::get(format!("{url}/tile/0/000")).await.unwrap().bytes().await.unwrap();
    assert!(tile == server.get("/tile/0/000", None).await.bytes().await.unwrap(), "the bucket's tile is the server's");

    let state = tempfile::tempdir().unwrap();
    let pinned = state.path().join("pinned.json");
    let summary = audit(&options(&url, Some(&log_key), &pinned, true)).await.expect("the bucket's log passes");
    assert_eq!(summary.size, size);
    file_reports(&server, "af-reporter-paktika", "later", 5).await;
    published(&server).await;
    let summary = audit(&options(&url, Some(&log_key), &pinned, true)).await.expect("the grown log passes");
    assert_eq!((summary.size, summary.previous_size), (server.log_size(), Some(size)));
    server.stop().await;
}
