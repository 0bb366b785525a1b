//! `jirga audit` against real servers: a clean log passes; a flipped byte in an entry or a body, a
//! rollback, a fork and a statement by a revoked key smuggled in by the operator are each caught
//! and named.

use crate::common::{actor, file_reports, report_body, with_snapshot, Db, TestServer};
use jirga::audit::{audit, Failure, Options};
use jirga::server::{log_signer, Config};
use jirga::store::{NewEntry, Store};
use ledger::checkpoint::Checkpoint;
use model::statement::{Entry, Kind, Visibility};
use model::Body;
use serde_json::json;
use std::path::Path;

fn options(server: &TestServer, state: &Path) -> Options {
    Options {
        server: server.url.clone(),
        log_key: None,
        state: Some(state.to_path_buf()),
        key: None,
        check_bodies: true,
    }
}

async fn failure(opts: &Options) -> Failure {
    let err = audit(opts).await.expect_err("the audit must fail");
    err.downcast::<Failure>().expect("an audit failure")
}

async fn sqlite(config: &Config) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&config.database_url()).await.unwrap()
}

#[tokio::test]
async fn a_clean_log_passes_and_flipped_bytes_are_named_by_entry() {
    let server = TestServer::demo(Db::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("audit.json");
    let summary = audit(&options(&server, &state)).await.expect("a clean log passes");
    assert_eq!(summary.size, server.log_size());
    assert!(summary.bodies_checked > 0);

    // One byte of a stored entry: the auditor names it.
    let db = sqlite(&server.config).await;
    let (entry,): (Vec<u8>,) = sqlx::query_as("SELECT entry FROM entries WHERE idx = 7").fetch_one(&db).await.unwrap();
    let mut flipped = entry.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 0x01;
    sqlx::query("UPDATE entries SET entry = ? WHERE idx = 7").bind(&flipped).execute(&db).await.unwrap();
    let f = failure(&options(&server, &dir.path().join("fresh.json"))).await;
    assert_eq!(f.entry, Some(7), "{f}");
    sqlx::query("UPDATE entries SET entry = ? WHERE idx = 7").bind(&entry).execute(&db).await.unwrap();

    // One byte of a public body.
    let (idx,): (i64,) = sqlx::query_as(
        "SELECT e.idx FROM entries e WHERE e.visibility = 'public' AND e.kind = 'incident.report' ORDER BY e.idx LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let (body,): (Vec<u8>,) =
        sqlx::query_as("SELECT body FROM bodies WHERE idx = ?").bind(idx).fetch_one(&db).await.unwrap();
    // One letter of the title changes: the JSON stays valid, the hash does not match.
    let tampered =
        String::from_utf8(body.clone()).unwrap().replacen("\"title\":{\"lang\":\"", "\"title\":{\"lang\":\"x", 1);
    assert_ne!(tampered.as_bytes(), body.as_slice());
    sqlx::query("UPDATE bodies SET body = ? WHERE idx = ?")
        .bind(tampered.as_bytes())
        .bind(idx)
        .execute(&db)
        .await
        .unwrap();
    let f = failure(&options(&server, &dir.path().join("fresh2.json"))).await;
    assert_eq!(f.entry, Some(idx as u64), "{f}");
    sqlx::query("UPDATE bodies SET body = ? WHERE idx = ?").bind(&body).bind(idx).execute(&db).await.unwrap();
    audit(&options(&server, &dir.path().join("fresh3.json"))).await.expect("restored, it passes again");
    server.stop().await;
}

/// Appends a statement as a dishonest operator would: straight into the store, with a freshly
/// signed checkpoint, skipping every check.
async fn smuggle(config: &Config, st: &model::Statement, logged_at: i64) {
    let store = Store::connect(&config.database_url()).await.unwrap();
    let signer = log_signer(config, None).unwrap();
    let mut tree = store.tree().await.unwrap();
    let before = tree.size();
    let entry = Entry::new(st, logged_at).to_bytes();
    let leaf = ledger::leaf_hash(&entry);
    let idx = tree.push(leaf);
    let body = Body::parse(st.header.kind, &st.body_bytes).unwrap();
    let new = NewEntry {
        idx,
        id: st.id,
        kind: st.header.kind,
        party: st.header.party.clone(),
        author: st.header.author,
        visibility: st.header.visibility,
        logged_at,
        incident: Some(st.id),
        refs: vec![],
        ref_incidents: vec![],
        leaf,
        entry,
        body: st.body_bytes.clone(),
        parsed: body,
    };
    let note = Checkpoint { origin: signer.name().into(), size: tree.size(), root: tree.root(), extensions: vec![] }
        .sign(&signer);
    store.append(&[new], &tree.full_tiles(before), (tree.size(), &note, logged_at), None).await.unwrap();
}

#[tokio::test]
async fn a_revoked_keys_statement_is_refused_and_flagged_if_smuggled_in() {
    let server = TestServer::demo(Db::Sqlite).await;
    let reporter = actor("af-reporter-kandahar");
    let revoke = actor("af-admin").sign(
        &server,
        Kind::MemberRevoke,
        vec![],
        Visibility::Public,
        json!({"key": reporter.key.public(), "reason": "device seized"}),
    );
    server.submit_ok(&revoke).await;
    let late = reporter.sign(
        &server,
        Kind::IncidentReport,
        vec![],
        Visibility::Public,
        report_body("signed after revocation"),
    );
    assert_eq!(server.submit(&late).await.status(), 403, "the server refuses it");
    let size = server.log_size();
    let now = jirga::clock::Clock::now_ms(&server.clock);
    let (config, dir) = server.stop().await;
    smuggle(&config, &late, now).await;
    let server = TestServer::open(config, dir.clone()).await;
    assert_eq!(server.log_size(), size + 1);
    let f = failure(&options(&server, &dir.path().join("audit.json"))).await;
    assert_eq!(f.entry, Some(size), "{f}");
    assert!(f.reason.contains("revoked"), "{f}");
    server.stop().await;
}

#[tokio::test]
async fn a_rollback_and_a_fork_are_reported_against_what_the_auditor_saw() {
    let server = TestServer::demo(Db::Sqlite).await;
    let size = server.log_size();
    // Keep a copy of the log as it is now, to roll back to.
    let (server, snapshot) = with_snapshot(server).await;
    file_reports(&server, "pk-reporter-khyber", "later", 3).await;
    let state = tempfile::tempdir().unwrap();
    let state = state.path().join("audit.json");
    audit(&options(&server, &state)).await.unwrap();
    server.stop().await;

    // The operator restores the old copy: fewer entries than the auditor saw.
    let old = Config { data: snapshot.path().to_path_buf(), database: None, evidence: None };
    let keep = std::sync::Arc::new(snapshot);
    let rolled_back = TestServer::open(old, keep.clone()).await;
    assert_eq!(rolled_back.log_size(), size);
    let f = failure(&options(&rolled_back, &state)).await;
    assert!(f.reason.contains("rollback"), "{f}");

    // …and grows it differently to the same size: a fork.
    file_reports(&rolled_back, "af-reporter-paktika", "other", 3).await;
    let f = failure(&options(&rolled_back, &state)).await;
    assert!(f.reason.contains("fork"), "{f}");
    rolled_back.stop().await;
}
