//! What goes over the wire to a phone on a weak link: compressed pages and JSON, versioned
//! assets kept for good, 304 for what has not changed, a page-weight budget, and the security
//! headers on every response of every route.

use crate::common::{Db, TestServer};
use jirga::api::headers;
use reqwest::header::{HeaderMap, ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, ETAG, IF_NONE_MATCH};

/// Bytes of a response as they crossed the wire: the status line, headers and body.
fn wire_bytes(status_line: usize, headers: &HeaderMap, body: usize) -> usize {
    status_line + headers.iter().map(|(n, v)| n.as_str().len() + v.len() + 4).sum::<usize>() + 2 + body
}

struct Fetched {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    wire: usize,
}

async fn fetch(server: &TestServer, path: &str, cookie: Option<&str>, etag: Option<&str>) -> Fetched {
    let mut req = TestServer::http().get(format!("{}{path}", server.url)).header(ACCEPT_ENCODING, "br, gzip");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    if let Some(t) = etag {
        req = req.header(IF_NONE_MATCH, t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    // This client has no decoder: the body is the compressed bytes as sent.
    let body = resp.bytes().await.unwrap().to_vec();
    let wire = wire_bytes("HTTP/1.1 200 OK\r\n".len(), &headers, body.len());
    Fetched { status, headers, body, wire }
}

fn decompress(f: &Fetched) -> String {
    use std::io::Read;
    let mut out = String::new();
    match f.headers.get(CONTENT_ENCODING).map(|v| v.to_str().unwrap()) {
        Some("br") => {
            brotli::Decompressor::new(&f.body[..], 4096).read_to_string(&mut out).unwrap();
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(&f.body[..]).read_to_string(&mut out).unwrap();
        }
        None => out = String::from_utf8(f.body.clone()).unwrap(),
        Some(other) => panic!("unexpected encoding {other}"),
    };
    out
}

/// The files a page loads from this server (stylesheet, script, manifest).
fn assets_of(html: &str) -> Vec<String> {
    let mut out = vec![];
    for attr in ["href=\"/static/", "src=\"/static/"] {
        for (i, _) in html.match_indices(attr) {
            let start = i + attr.len() - "/static/".len();
            let end = start + html[start..].find('"').unwrap();
            out.push(html[start..end].to_string());
        }
    }
    out.sort();
    out.dedup();
    out
}

#[tokio::test]
async fn pages_json_and_tiles_are_compressed_and_unchanged_ones_answer_304() {
    let server = TestServer::demo(Db::Sqlite).await;
    for (path, min_ratio) in [("/?lang=en", 3.0), ("/v1/incidents", 3.0), ("/incidents?lang=en", 3.0)] {
        let first = fetch(&server, path, None, None).await;
        assert_eq!(first.status, 200, "{path}");
        assert_eq!(first.headers[CONTENT_ENCODING], "br", "{path}: brotli, the first asked for");
        let plain = decompress(&first);
        let ratio = plain.len() as f64 / first.body.len() as f64;
        assert!(ratio >= min_ratio, "{path}: {} → {} bytes, ratio {ratio:.1}", plain.len(), first.body.len());
        let tag = first.headers[ETAG].to_str().unwrap().to_string();
        assert!(tag.starts_with("W/\""), "{path}: a weak tag: {tag}");
        let again = fetch(&server, path, None, Some(&tag)).await;
        assert_eq!(again.status, 304, "{path}: unchanged");
        assert!(again.body.is_empty());
        assert_eq!(again.headers[ETAG], tag.as_str());
        // A stale tag gets the whole thing.
        assert_eq!(fetch(&server, path, None, Some("W/\"stale\"")).await.status, 200);
    }
    // gzip for a client that cannot read brotli.
    let resp = TestServer::http().get(format!("{}/v1/incidents", server.url)).header(ACCEPT_ENCODING, "gzip");
    assert_eq!(resp.send().await.unwrap().headers()[CONTENT_ENCODING], "gzip");
    // A page changes when the record does: the old tag no longer matches.
    let mediator = format!("jirga_token={}", server.login("tr-chair").await);
    let before = fetch(&server, "/v1/incidents", Some(&mediator), None).await;
    crate::common::file_reports(&server, "pk-reporter-khyber", "Wire", 1).await;
    let after = fetch(&server, "/v1/incidents", Some(&mediator), Some(before.headers[ETAG].to_str().unwrap())).await;
    assert_eq!(after.status, 200, "a new incident changes the list");
    // An entry bundle compresses; a checkpoint is never cached.
    let size = server.log_size();
    let tile = if size >= 256 { "/tile/entries/000".to_string() } else { format!("/tile/entries/000.p/{size}") };
    let bundle = fetch(&server, &tile, None, None).await;
    assert_eq!(bundle.status, 200, "{tile}");
    assert!(bundle.headers.contains_key(CONTENT_ENCODING), "entry bundles are compressed");
    let checkpoint = fetch(&server, "/checkpoint", None, None).await;
    assert!(checkpoint.headers[CACHE_CONTROL].to_str().unwrap().contains("no-store"));
    assert!(!checkpoint.headers.contains_key(ETAG));
    server.stop().await;
}

#[tokio::test]
async fn assets_have_versioned_names_kept_for_good() {
    let server = TestServer::demo(Db::Sqlite).await;
    let page = decompress(&fetch(&server, "/?lang=en", None, None).await);
    let assets = assets_of(&page);
    assert!(assets.iter().any(|a| a.ends_with(".css")) && assets.iter().any(|a| a.ends_with(".js")), "{assets:?}");
    for a in &assets {
        let name = a.rsplit('/').next().unwrap();
        assert_eq!(name.split('.').count(), 3, "{a}: name.hash.ext");
        let f = fetch(&server, a, None, None).await;
        assert_eq!(f.status, 200, "{a}");
        let cache = f.headers[CACHE_CONTROL].to_str().unwrap();
        assert!(cache.contains("immutable") && cache.contains("max-age=31536000"), "{a}: {cache}");
        assert!(f.headers.contains_key(CONTENT_ENCODING), "{a} is compressed");
        // The name holds the content's hash: a changed file gets a new name.
        let body = decompress(&f);
        use sha2::Digest;
        let hash = hex::encode(&sha2::Sha256::digest(body.as_bytes())[..8]);
        assert!(name.contains(&hash), "{a}: {hash}");
    }
    // The plain name still works for old links, and is asked about again each time.
    let plain = fetch(&server, "/static/app.css", None, None).await;
    assert_eq!(plain.status, 200);
    assert_eq!(plain.headers[CACHE_CONTROL], "no-cache");
    assert_eq!(fetch(&server, "/static/nothing.js", None, None).await.status, 404);
    server.stop().await;
}

/// The page-weight budget of issue 12: each page a duty officer opens on a phone, with what it
/// loads, ≤ 30 KB on the first visit and ≤ 10 KB on a revisit with a warm cache.
#[tokio::test]
async fn the_pages_of_the_field_stay_within_their_weight_budget() {
    const FIRST_VISIT: usize = 30 * 1024;
    const REVISIT: usize = 10 * 1024;
    let server = TestServer::demo(Db::Sqlite).await;
    // As `jirga demo` has it: UCDP's events near the line, which the dashboard's map draws when asked.
    let ucdp = std::fs::File::open(crate::common::scenario_dir().join("reference/ucdp_ged_pak.csv")).unwrap();
    jirga::reference::import(&server.state.store, ucdp, jirga::reference::Format::Ucdp, |_| {}).await.unwrap();
    let incident =
        server.get_json("/v1/incidents?limit=1", None).await["incidents"][0]["id"].as_str().unwrap().to_string();
    let token = server.login("pk-duty-officer").await;
    let member = format!("jirga_token={token}");
    let pages = ["/?lang=en", "/incidents?lang=en", &format!("/incidents/{incident}?lang=en"), "/hotline?lang=en"];
    let mut report = vec![];
    for cookie in [None, Some(member.as_str())] {
        for path in pages {
            let page = fetch(&server, path, cookie, None).await;
            assert_eq!(page.status, 200, "{path}");
            let html = decompress(&page);
            let mut first = page.wire;
            let mut revisit = 0;
            for a in assets_of(&html) {
                let asset = fetch(&server, &a, cookie, None).await;
                assert_eq!(asset.status, 200, "{a}");
                first += asset.wire;
                // Kept for good: a revisit does not ask for it again.
                assert!(asset.headers[CACHE_CONTROL].to_str().unwrap().contains("immutable"), "{a}");
            }
            // What makes it work offline: the manifest and the service worker, asked about
            // again on a revisit (the worker's script is revalidated by the browser).
            assert!(html.contains("href=\"/manifest.webmanifest\""));
            for extra in ["/manifest.webmanifest", "/sw.js"] {
                let f = fetch(&server, extra, cookie, None).await;
                assert_eq!(f.status, 200, "{extra}");
                first += f.wire;
                let again = fetch(&server, extra, cookie, Some(f.headers[ETAG].to_str().unwrap())).await;
                assert_eq!(again.status, 304, "{extra}");
                revisit += again.wire;
            }
            let again = fetch(&server, path, cookie, Some(page.headers[ETAG].to_str().unwrap())).await;
            assert_eq!(again.status, 304, "{path}: nothing changed between the visits");
            revisit += again.wire;
            let who = if cookie.is_some() { "duty officer" } else { "public" };
            report.push(format!("{who} {path}: first {first} B, revisit {revisit} B"));
            assert!(
                first <= FIRST_VISIT,
                "{who} {path}: first visit {first} B > {FIRST_VISIT} B\n{}",
                report.join("\n")
            );
            assert!(revisit <= REVISIT, "{who} {path}: revisit {revisit} B > {REVISIT} B");
        }
    }
    println!("{}", report.join("\n"));
    server.stop().await;
}

/// Every route the server has, read from its own source so that a new one is walked too.
fn routes() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = vec![];
    for file in ["api/mod.rs", "web/pages.rs"] {
        let source = std::fs::read_to_string(dir.join(file)).unwrap();
        for (i, _) in source.match_indices(".route(\"") {
            let rest = &source[i + 8..];
            let path = &rest[..rest.find('"').unwrap()];
            let line = &rest[..rest.find('\n').unwrap()];
            for method in ["get", "post", "put", "head"] {
                if line.contains(&format!("{method}(")) || line.contains(&format!(".{method}(")) {
                    out.push((method.to_uppercase(), path.to_string()));
                }
            }
        }
    }
    assert!(out.len() > 30, "the routes were found: {out:?}");
    out
}

fn concrete(path: &str, incident: &str) -> String {
    path.replace("{id}", incident)
        .replace("{sha256}", &"0".repeat(64))
        .replace("{span}", "daily")
        .replace("{*path}", "0/000")
        .replace("{name}", "app.css")
}

fn assert_security_headers(what: &str, h: &HeaderMap, tls: bool) {
    for (name, value) in headers::HEADERS {
        assert_eq!(h.get(name).map(|v| v.to_str().unwrap()), Some(value), "{what}: {name}");
    }
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{what}: {csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(h.contains_key("strict-transport-security"), tls, "{what}: HSTS only over TLS");
}

#[tokio::test]
async fn every_route_sends_the_security_headers() {
    let server = TestServer::demo(Db::Sqlite).await;
    let incident =
        server.get_json("/v1/incidents?limit=1", None).await["incidents"][0]["id"].as_str().unwrap().to_string();
    let token = server.login("tr-chair").await;
    let mut seen = 0;
    for (method, path) in routes() {
        for auth in [None, Some(token.as_str())] {
            let url = format!("{}{}", server.url, concrete(&path, &incident));
            let mut req = TestServer::http().request(method.parse().unwrap(), &url);
            if let Some(t) = auth {
                req = req.bearer_auth(t);
            }
            if method == "POST" || method == "PUT" {
                req = req.header("content-type", "application/json").body("{}");
            }
            // Headers only: a live feed would go on for ever.
            let resp = tokio::time::timeout(std::time::Duration::from_secs(10), req.send()).await.unwrap().unwrap();
            assert_security_headers(&format!("{method} {path} ({})", resp.status()), resp.headers(), false);
            seen += 1;
        }
    }
    // And what no route answers.
    let resp = TestServer::http().get(format!("{}/no/such/path", server.url)).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    assert_security_headers("a missing path", resp.headers(), false);
    println!("{seen} requests checked");
    server.stop().await;
}

#[tokio::test]
async fn serve_speaks_https_with_a_given_certificate_and_sends_hsts() {
    let dir = tempfile::tempdir().unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.signing_key.serialize_pem()).unwrap();

    let plain = TestServer::demo(Db::Sqlite).await;
    let (config, dir_keep) = plain.stop().await;
    let clock = jirga::clock::ManualClock::new(chrono::Utc::now().timestamp_millis());
    let state = jirga::server::open(&config, std::sync::Arc::new(clock)).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let files = jirga::server::TlsFiles { cert: cert_path, key: key_path };
    let task = tokio::spawn(async move {
        jirga::server::serve_over(listener, state, Some(&files), async {
            let _ = rx.await;
        })
        .await
        .expect("serve over TLS");
    });
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap())
        .resolve("localhost", ([127, 0, 0, 1], port).into())
        .build()
        .unwrap();
    let resp = client.get(format!("https://localhost:{port}/v1/incidents")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_security_headers("over TLS", resp.headers(), true);
    assert!(resp.text().await.unwrap().contains("\"incidents\""));
    // Plain HTTP to the TLS port is not served.
    let plain = reqwest::Client::new().get(format!("http://127.0.0.1:{port}/v1/incidents")).send().await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
    // A client that does not trust the certificate refuses it.
    assert!(reqwest::Client::new().get(format!("https://127.0.0.1:{port}/healthz")).send().await.is_err());
    let _ = tx.send(());
    task.await.unwrap();
    drop(dir_keep);
}
