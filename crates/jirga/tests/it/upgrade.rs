//! A data folder written by release 0.1 (tests/fixtures/release-0.1: the demo's log of 108
//! entries) opens with this version: upgraded in place, every statement still under its id, the
//! projection as it was, the audit passing, and new statements following the old ones.

use crate::common::{actor, report_body, TestServer};
use jirga::audit::{audit, Options};
use jirga::server::Config;
use model::statement::{Kind, Visibility};
use sqlx::Row;
use std::path::Path;
use std::sync::Arc;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/release-0.1");

async fn sqlite(data: &Path) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&format!("sqlite://{}", data.join("jirga.db").display())).await.unwrap()
}

/// The projection's incidents as text, to compare before and after.
async fn incidents(db: &sqlx::SqlitePool) -> Vec<String> {
    let rows = sqlx::query("SELECT id, state, answer, versions, responses, title FROM incidents ORDER BY id")
        .fetch_all(db)
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let (id, state, answer): (String, String, String) = (r.get(0), r.get(1), r.get(2));
            let (versions, responses, title): (i64, i64, String) = (r.get(3), r.get(4), r.get(5));
            format!("{id} {state} {answer} {versions} {responses} {title}")
        })
        .collect()
}

#[tokio::test]
async fn a_data_folder_of_release_0_1_is_upgraded_in_place_and_keeps_its_record() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    for f in ["jirga.db", "log.key", "server.key"] {
        std::fs::copy(Path::new(FIXTURE).join(f), dir.path().join(f)).unwrap();
    }
    let old = sqlite(dir.path()).await;
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM entries ORDER BY idx").fetch_all(&old).await.unwrap();
    let old_incidents = incidents(&old).await;
    let schema: Option<String> =
        sqlx::query_scalar("SELECT value FROM meta WHERE key = 'schema'").fetch_optional(&old).await.unwrap();
    old.close().await;
    assert_eq!(ids.len(), 108, "the fixture is release 0.1's demo log");
    assert_eq!(schema, None, "release 0.1 wrote no schema version");
    assert!(old_incidents.len() >= 10);

    let config = Config { data: dir.path().to_path_buf(), database: None, evidence: None };
    let server = TestServer::open(config, dir.clone()).await;
    assert_eq!(server.log_size(), 108);

    // The new shape: ids as 32 bytes, bodies by index, the projection complete.
    let db = sqlite(dir.path()).await;
    let meta = |key: &'static str| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT value FROM meta WHERE key = ?")
                .bind(key)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(meta("schema").await, "5");
    assert_eq!(meta("projected").await, "108");
    let (kind, len): (String, i64) =
        sqlx::query_as("SELECT typeof(id), length(id) FROM entries WHERE idx = 0").fetch_one(&db).await.unwrap();
    assert_eq!((kind.as_str(), len), ("blob", 32));
    let bodies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bodies").fetch_one(&db).await.unwrap();
    assert_eq!(bodies, 108);
    assert_eq!(incidents(&db).await, old_incidents, "the projection is as release 0.1 left it");

    // Every statement under its old id, in its old place.
    let token = server.login("qa-chair").await;
    for (i, id) in ids.iter().enumerate() {
        let st = server.get_json(&format!("/v1/statements/{id}"), Some(&token)).await;
        assert_eq!(st["index"], i as u64, "{id}: {st}");
    }

    // The whole log audits: tree, signatures, keys, bodies.
    let state = tempfile::tempdir().unwrap();
    let opts = Options {
        server: server.url.clone(),
        log_key: None,
        state: Some(state.path().join("audit.json")),
        key: None,
        check_bodies: true,
    };
    assert_eq!(audit(&opts).await.expect("the upgraded log audits").size, 108);

    // A new report follows the old ones and is on its incident record at once.
    let st = actor("pk-reporter-khyber").sign(
        &server,
        Kind::IncidentReport,
        vec![],
        Visibility::Joint,
        report_body("After the upgrade"),
    );
    let receipt = server.submit_ok(&st).await;
    assert_eq!(receipt["index"], 108);
    let incident = server.get_json(&format!("/v1/incidents/{}", st.id.hex()), Some(&token)).await;
    assert!(incident.to_string().contains("After the upgrade"), "{incident}");

    let report = jirga::rebuild::rebuild(&server.state.store).await.unwrap();
    assert!(report.differences.is_empty(), "a rebuild equals the upgraded projection: {:?}", report.differences);
    db.close().await;
    server.stop().await;
}
