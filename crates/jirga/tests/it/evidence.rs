//! Evidence files end to end, on the local folder and on a real S3-compatible server (the same
//! suite): upload, register, download whole and in ranges, custody of every download, dedup,
//! refused and interrupted uploads that leave nothing behind, sealed files and drafts. And a 2 GiB
//! upload through the real binary in bounded memory.

use crate::common::{actor, report_body, s3_bucket, s3_endpoint, Db, TestServer};
use model::statement::{Kind, Visibility};
use model::{Statement, StatementId};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// Uploads are written to the store in parts of this size: files a little larger exercise a real
/// multipart upload with a short last part.
const PART: usize = 8 * 1024 * 1024;
const BLOCK: u64 = 1024 * 1024;

/// `len` deterministic bytes, 1 MiB at a time: one pseudo-random block (xorshift, so nothing
/// compresses it away) with the block's number over its first bytes, so that no two blocks match.
fn blocks(seed: u64, len: u64) -> impl Iterator<Item = Vec<u8>> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut base = Vec::with_capacity(BLOCK as usize);
    for _ in 0..BLOCK / 8 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        base.extend_from_slice(&x.to_le_bytes());
    }
    (0..len.div_ceil(BLOCK)).map(move |n| {
        let mut block = base.clone();
        block[..8].copy_from_slice(&n.to_le_bytes());
        block.truncate((len - n * BLOCK).min(BLOCK) as usize);
        block
    })
}

fn content(seed: u64, len: usize) -> Vec<u8> {
    blocks(seed, len as u64).collect::<Vec<_>>().concat()
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn put(server: &TestServer, token: &str, sha256: &str, bytes: Vec<u8>) -> reqwest::Response {
    TestServer::http()
        .put(format!("{}/v1/evidence/{sha256}", server.url))
        .bearer_auth(token)
        .body(bytes)
        .send()
        .await
        .expect("PUT evidence")
}

async fn head(server: &TestServer, token: &str, sha256: &str) -> u16 {
    let resp = TestServer::http()
        .head(format!("{}/v1/evidence/{sha256}", server.url))
        .bearer_auth(token)
        .send()
        .await
        .expect("HEAD evidence");
    resp.status().as_u16()
}

async fn download(server: &TestServer, token: &str, sha256: &str, range: Option<&str>) -> reqwest::Response {
    let mut req = TestServer::http().get(format!("{}/v1/evidence/{sha256}", server.url)).bearer_auth(token);
    if let Some(r) = range {
        req = req.header("range", r);
    }
    req.send().await.expect("GET evidence")
}

async fn problem_code(resp: reqwest::Response) -> String {
    let p: Value = resp.json().await.unwrap();
    p["code"].as_str().unwrap_or_default().to_string()
}

fn registration(server: &TestServer, handle: &str, file: &[u8], vis: Visibility, incident: StatementId) -> Statement {
    actor(handle).sign(
        server,
        Kind::EvidenceRegister,
        vec![incident],
        vis,
        json!({
            "sha256": sha256(file), "size": file.len(), "media_type": "video/mp4", "name": "post-camera-2.mp4",
            "captured_at": "2025-11-01T10:05:00Z", "location": {"lat": 34.11, "lon": 71.09, "precision_m": 50},
            "source": "Torkham post camera 2"
        }),
    )
}

/// Uploads a file as `handle` and registers it on `incident`; returns the registration.
async fn add(server: &TestServer, handle: &str, file: &[u8], vis: Visibility, incident: StatementId) -> Statement {
    let token = server.login(handle).await;
    let resp = put(server, &token, &sha256(file), file.to_vec()).await;
    assert_eq!(resp.status(), 201);
    let reg = registration(server, handle, file, vis, incident);
    server.submit_ok(&reg).await;
    reg
}

/// Every object under sha256/ in the server's evidence store, finished or not (a folder's staged
/// part files, an S3 server's unfinished multipart uploads): what a failed upload must not leave.
async fn stored(server: &TestServer) -> Vec<String> {
    let location = server.config.evidence_location();
    let mut out = Vec::new();
    if let Some(bucket) = location.strip_prefix("s3://") {
        let http = TestServer::http();
        let endpoint = s3_endpoint();
        for (query, tag) in [("list-type=2&prefix=sha256/", "Key"), ("uploads", "UploadId")] {
            let xml = http.get(format!("{endpoint}/{bucket}?{query}")).send().await.unwrap().text().await.unwrap();
            out.extend(
                xml.split(&format!("<{tag}>")).skip(1).map(|s| format!("{tag} {}", s.split('<').next().unwrap())),
            );
        }
    } else {
        let mut dirs = vec![std::path::PathBuf::from(location).join("sha256")];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(&dir).into_iter().flatten() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    out.push(path.display().to_string());
                }
            }
        }
    }
    out.sort();
    out
}

/// Waits (up to 10 s) until `done` holds for what is stored.
async fn until_stored(server: &TestServer, what: &str, done: impl Fn(&[String]) -> bool) {
    for _ in 0..100 {
        if done(&stored(server).await) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what}: the evidence store holds {:?}", stored(server).await);
}

/// The custody events of a file as a member sees them.
async fn custody(server: &TestServer, token: &str, sha256: &str) -> Vec<Value> {
    let view = server.get_json(&format!("/v1/evidence/{sha256}/custody"), Some(token)).await;
    view["custody"].as_array().unwrap().clone()
}

/// Each custody event is a statement in the log signed by the server's key, about the registration.
async fn check_custody(server: &TestServer, events: &[Value], reg: &Statement, who: &[(&str, Option<&str>)]) {
    let server_key = server.state.server_key.as_ref().expect("the demo has a server key").public();
    assert_eq!(events.len(), who.len(), "{events:?}");
    for (event, (handle, range)) in events.iter().zip(who) {
        let a = actor(handle);
        assert_eq!(event["action"], "download");
        assert_eq!(event["member"], a.key.public().to_string());
        assert_eq!(event["party"], a.party);
        assert_eq!(event["byte_range"].as_str(), *range);
        assert_eq!(event["registration"], reg.id.hex());
        let st = server.get_json(&format!("/v1/statements/{}", event["statement"].as_str().unwrap()), None).await;
        let header = &st["entry"]["header"];
        assert_eq!(header["kind"], "evidence.custody");
        assert_eq!(header["author"], server_key.to_string());
        assert_eq!(header["refs"], json!([reg.id.hex()]));
    }
}

/// Upload, register, download whole and in part; every download is in the chain of custody; the
/// same bytes again are not stored twice.
async fn upload_register_download(server: &TestServer, incident: StatementId) {
    let file = content(1, PART + 12_345);
    let sha = sha256(&file);
    let token = server.login("pk-reporter-khyber").await;
    let resp = put(server, &token, &sha, file.clone()).await;
    assert_eq!(resp.status(), 201);
    let up: Value = resp.json().await.unwrap();
    assert_eq!(
        (up["sha256"].as_str(), up["size"].as_u64(), up["stored"].as_str()),
        (Some(&*sha), Some(file.len() as u64), Some("new"))
    );
    let reg = registration(server, "pk-reporter-khyber", &file, Visibility::Joint, incident);
    server.submit_ok(&reg).await;

    // The other party reads it whole, then a range across the boundary of the stored parts.
    let af = server.login("af-liaison").await;
    let whole = download(server, &af, &sha, None).await;
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "video/mp4");
    assert_eq!(whole.headers()["content-length"], file.len().to_string().as_str());
    assert_eq!(sha256(&whole.bytes().await.unwrap()), sha);
    let (a, b) = (PART - 100, PART + 99);
    let part = download(server, &af, &sha, Some(&format!("bytes={a}-{b}"))).await;
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], format!("bytes {a}-{b}/{}", file.len()).as_str());
    assert_eq!(part.bytes().await.unwrap().as_ref(), &file[a..=b]);
    // A range past the end is refused, and is no read.
    let size = server.log_size();
    let beyond = download(server, &af, &sha, Some(&format!("bytes={}-", file.len()))).await;
    assert_eq!(beyond.status(), 416);
    assert_eq!(server.log_size(), size);

    let tr = server.login("tr-monitor").await;
    let events = custody(server, &tr, &sha).await;
    let range = format!("{a}-{b}");
    check_custody(server, &events, &reg, &[("af-liaison", None), ("af-liaison", Some(&range))]).await;
    // The incident shows the file.
    let detail = server.get_json(&format!("/v1/incidents/{incident}"), Some(&af)).await;
    assert!(detail["evidence"].as_array().unwrap().iter().any(|e| e["sha256"] == sha && e["readable"] == true));

    // The same bytes again: nothing is written, one object holds them.
    let before = stored(server).await;
    assert_eq!(before.iter().filter(|k| k.contains(&sha)).count(), 1, "{before:?}");
    let again = put(server, &token, &sha, file.clone()).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap()["stored"], "already stored");
    assert_eq!(stored(server).await, before);
}

/// An upload whose bytes are not those the name promises, and one cut off halfway: both leave
/// nothing, and a registration of such a file is refused.
async fn failed_uploads_leave_nothing(server: &TestServer, incident: StatementId) {
    let token = server.login("pk-reporter-khyber").await;
    let before = stored(server).await;

    let promised = content(2, PART + 1);
    let sent = content(3, PART + 1);
    let resp = put(server, &token, &sha256(&promised), sent).await;
    assert_eq!(resp.status(), 422);
    assert_eq!(problem_code(resp).await, "hash-mismatch");
    assert_eq!(head(server, &token, &sha256(&promised)).await, 404);
    assert_eq!(stored(server).await, before);

    // The client announces the whole file, sends more than a part, waits until the store holds
    // the unfinished upload, and hangs up.
    let file = content(4, 3 * PART / 2);
    let sha = sha256(&file);
    let addr = server.url.trim_start_matches("http://");
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "PUT /v1/evidence/{sha} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        file.len()
    );
    conn.write_all(request.as_bytes()).await.unwrap();
    conn.write_all(&file[..PART + 1000]).await.unwrap();
    until_stored(server, "the upload is under way", |now| now.len() > before.len()).await;
    drop(conn);
    until_stored(server, "the interrupted upload is cleared away", |now| now == before).await;
    assert_eq!(head(server, &token, &sha).await, 404);

    let size = server.log_size();
    let reg = registration(server, "pk-reporter-khyber", &file, Visibility::Joint, incident);
    let resp = server.submit(&reg).await;
    assert_eq!(resp.status(), 422);
    let p: Value = resp.json().await.unwrap();
    assert_eq!((p["code"].as_str(), p["field"].as_str()), (Some("not-uploaded"), Some("body.sha256")), "{p}");
    assert!(p["detail"].as_str().unwrap().contains("upload the file first"), "{p}");
    assert_eq!(server.log_size(), size, "nothing half-registered");
}

/// A sealed file (mediators) and a draft (own party): the other party gets 403 and leaves no
/// trace; those who may read them can, and each of their reads is a custody event.
async fn sealed_and_draft(server: &TestServer, incident: StatementId) {
    let sealed_file = content(5, 10_000);
    let draft_file = content(6, 20_000);
    let sealed = add(server, "pk-reporter-khyber", &sealed_file, Visibility::Mediators, incident).await;
    let draft = add(server, "pk-reporter-khyber", &draft_file, Visibility::Party, incident).await;
    let (af, tr, pk) =
        (server.login("af-liaison").await, server.login("tr-monitor").await, server.login("pk-liaison").await);

    let size = server.log_size();
    for (sha, token) in [(sha256(&sealed_file), &af), (sha256(&draft_file), &af), (sha256(&draft_file), &tr)] {
        let resp = download(server, token, &sha, None).await;
        assert_eq!(resp.status(), 403);
        assert_eq!(problem_code(resp).await, "sealed");
    }
    assert_eq!(server.log_size(), size, "a refused download is not a read");
    // The other party still sees that the sealed file exists, by its hash, and nothing more.
    let view = server.get_json(&format!("/v1/evidence/{}/custody", sha256(&sealed_file)), Some(&af)).await;
    let reg = &view["registrations"][0];
    assert_eq!((reg["readable"].as_bool(), reg["media_type"].as_str()), (Some(false), Some("")));
    assert!(reg["body"].is_null());

    let resp = download(server, &tr, &sha256(&sealed_file), None).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.bytes().await.unwrap().as_ref(), &sealed_file[..]);
    let resp = download(server, &pk, &sha256(&draft_file), Some("bytes=-10")).await;
    assert_eq!(resp.status(), 206);
    assert_eq!(resp.bytes().await.unwrap().as_ref(), &draft_file[draft_file.len() - 10..]);

    check_custody(server, &custody(server, &af, &sha256(&sealed_file)).await, &sealed, &[("tr-monitor", None)]).await;
    let range = format!("{}-{}", draft_file.len() - 10, draft_file.len() - 1);
    check_custody(server, &custody(server, &pk, &sha256(&draft_file)).await, &draft, &[("pk-liaison", Some(&range))])
        .await;
}

async fn suite(evidence: Option<String>) {
    let server = TestServer::demo_with_evidence(Db::Sqlite, evidence).await;
    let report =
        actor("pk-reporter-khyber").sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, report_body("Fire"));
    server.submit_ok(&report).await;
    upload_register_download(&server, report.id).await;
    failed_uploads_leave_nothing(&server, report.id).await;
    sealed_and_draft(&server, report.id).await;
    server.stop().await;
}

#[tokio::test]
async fn evidence_in_the_local_folder() {
    suite(None).await;
}

#[tokio::test]
async fn evidence_on_a_real_s3_server() {
    suite(Some(s3_bucket().await)).await;
}

/// The peak resident memory of a process (VmHWM), in bytes.
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM in /proc/<pid>/status");
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_2_gib_upload_streams_in_bounded_memory() {
    const SIZE: u64 = 2 << 30;
    const LIMIT: u64 = 128 << 20;
    let dir = tempfile::tempdir().unwrap();
    let config = jirga::server::Config { data: dir.path().to_path_buf(), database: None, evidence: None };
    jirga::server::seed_demo(&config, &crate::common::scenario()).await.unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jirga"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(dir.path())
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start jirga serve");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://"), "unexpected first line {line:?}");

    // The client makes the bytes twice, to hash and to send, and never holds more than a block.
    let mut hasher = Sha256::new();
    blocks(7, SIZE).for_each(|b| hasher.update(&b));
    let sha = hex::encode(hasher.finalize());
    let token = crate::common::login(&url, "pk-reporter-khyber").await;
    let body = futures_util::stream::iter(blocks(7, SIZE).map(|b| Ok::<_, std::io::Error>(bytes::Bytes::from(b))));
    let resp = TestServer::http()
        .put(format!("{url}/v1/evidence/{sha}"))
        .bearer_auth(&token)
        .header("content-length", SIZE)
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await
        .expect("upload 2 GiB");
    let peak = peak_rss(child.id());
    let status = resp.status();
    let answer: Value = resp.json().await.unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["size"], SIZE);
    assert_eq!(answer["stored"], "new");
    assert_eq!(std::fs::metadata(dir.path().join("evidence/sha256").join(&sha[..2]).join(&sha)).unwrap().len(), SIZE);
    assert!(peak < LIMIT, "the server's peak RSS was {} MiB while receiving 2 GiB", peak >> 20);
}
