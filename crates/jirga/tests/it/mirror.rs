//! A party's mirror: it keeps only what verifies, holds the bodies its party may read, proves
//! inclusion on its own, refuses writes, and will not follow a rolled-back log.

use crate::common::{actor, check_proof_json, file_reports, report_body, with_snapshot, TestServer};
use jirga::mirror::Mirror;
use jirga::scenario::demo_key;
use model::statement::{Kind, Visibility};
use model::KeyFile;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_party_mirror_verifies_keeps_what_its_party_may_read_and_serves_it() {
    let upstream = TestServer::witnessed_demo().await;
    let af_draft = actor("af-reporter-kandahar").sign(
        &upstream,
        Kind::IncidentReport,
        vec![],
        Visibility::Party,
        report_body("AF draft"),
    );
    let joint = actor("af-reporter-kandahar").sign(
        &upstream,
        Kind::IncidentReport,
        vec![],
        Visibility::Joint,
        report_body("Joint"),
    );
    upstream.submit_ok(&af_draft).await;
    upstream.submit_ok(&joint).await;
    let log_key = upstream.get_json("/v1/deployment", None).await["log_key"].as_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("pk.key");
    std::fs::write(&key, serde_json::to_string(&KeyFile::new("pk-admin", "PK", &demo_key("pk-admin"))).unwrap())
        .unwrap();
    let url = format!("sqlite://{}", dir.path().join("mirror.db").display());

    // Witnessing of the two new statements may lag: sync until the mirror holds everything.
    let mut mirror = Mirror::open(&upstream.url, &url, &log_key, Some(&key)).await.unwrap();
    let mut held = 0;
    for _ in 0..100 {
        held += mirror.sync().await.unwrap();
        if held == upstream.log_size() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(held, upstream.log_size());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mirror_url = format!("http://{}", listener.local_addr().unwrap());
    let serving = mirror.state.clone();
    tokio::spawn(async move { jirga::server::serve(listener, serving, std::future::pending()).await.unwrap() });
    let http = TestServer::http();
    let get = |path: String| {
        let http = http.clone();
        async move { http.get(path).send().await.unwrap() }
    };
    // The same signed checkpoint, with its cosignatures, now from the party's own machine.
    let mirrored = get(format!("{mirror_url}/checkpoint")).await.text().await.unwrap();
    assert_eq!(
        mirrored.lines().filter(|l| l.starts_with('—')).count(),
        4,
        "log signature and three cosignatures:\n{mirrored}"
    );
    // The joint body is kept; the other party's draft is only its hash. The mirror applies the
    // same visibility to its own readers: the public sees neither body.
    assert!(mirror.store.body(&joint.id).await.unwrap().is_some());
    assert!(mirror.store.body(&af_draft.id).await.unwrap().is_none());
    let v: Value = get(format!("{mirror_url}/v1/statements/{}", joint.id)).await.json().await.unwrap();
    assert_eq!((v["sealed"].as_bool(), v["status"].as_str()), (Some(true), Some("witnessed")));
    // An inclusion proof from the mirror verifies against the signed checkpoint.
    let p: Value = get(format!("{mirror_url}/v1/statements/{}/proof", joint.id)).await.json().await.unwrap();
    let (cp, _) = ledger::checkpoint::Checkpoint::open(
        p["checkpoint"].as_str().unwrap(),
        &ledger::note::Verifier::parse(&log_key).unwrap(),
    )
    .unwrap();
    check_proof_json(&p, cp.size, &cp.root);
    // Read-only.
    let more = actor("pk-reporter-khyber").sign(
        &upstream,
        Kind::IncidentReport,
        vec![],
        Visibility::Joint,
        report_body("to the mirror"),
    );
    let r = http.post(format!("{mirror_url}/v1/statements")).json(&more.submission()).send().await.unwrap();
    assert_eq!(r.status(), 503);
    upstream.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mirror_keeps_nothing_from_a_rolled_back_or_forked_log() {
    let server = TestServer::demo(crate::common::Db::Sqlite).await;
    let (server, snapshot) = with_snapshot(server).await;
    file_reports(&server, "pk-reporter-khyber", "later", 2).await;
    let log_key = server.get_json("/v1/deployment", None).await["log_key"].as_str().unwrap().to_string();
    let mirror_dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", mirror_dir.path().join("mirror.db").display());
    let mut mirror = Mirror::open(&server.url, &url, &log_key, None).await.unwrap();
    assert_eq!(mirror.sync().await.unwrap(), server.log_size());
    let held = server.log_size();
    server.stop().await;

    let old = jirga::server::Config { data: snapshot.path().to_path_buf(), database: None, evidence: None };
    let rolled_back = TestServer::open(old, std::sync::Arc::new(snapshot)).await;
    let mut mirror = Mirror::open(&rolled_back.url, &url, &log_key, None).await.unwrap();
    let err = format!("{:#}", mirror.sync().await.unwrap_err());
    assert!(err.contains("rollback"), "{err}");
    file_reports(&rolled_back, "af-reporter-paktika", "other", 3).await;
    let err = format!("{:#}", mirror.sync().await.unwrap_err());
    assert!(err.contains("fork"), "{err}");
    assert_eq!(mirror.store.log_size().await.unwrap(), held, "nothing from the bad log was kept");
    rolled_back.stop().await;
}
