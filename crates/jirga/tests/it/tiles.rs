//! The log's hash tiles as the stored form, on SQLite and a real PostgreSQL: written once as
//! they complete, served as stored, read at start instead of every leaf, and written anew for a
//! database that lacks them.

use crate::common::{check_proof_json, file_reports, verified_checkpoint, Db, TestServer};
use ledger::tiles::{decode_entry_bundle, split_tile};
use std::sync::Arc;

async fn bytes(server: &TestServer, path: &str) -> Vec<u8> {
    let resp = server.get(path, None).await;
    assert_eq!(resp.status(), 200, "{path}");
    resp.bytes().await.unwrap().to_vec()
}

async fn tiles(db: Db) {
    let server = TestServer::demo(db).await;
    let first =
        server.get_json("/v1/incidents?limit=500", None).await["incidents"][0]["id"].as_str().unwrap().to_string();
    // Past two full leaf tiles.
    let n = 520usize.saturating_sub(server.log_size() as usize);
    file_reports(&server, "pk-reporter-khyber", "Tiled", n).await;
    let cp = verified_checkpoint(&server).await;
    assert!(cp.size >= 520);

    // The full leaf tile is the stored one, and it is the hashes of the entries it covers.
    let stored = server.state.store.tile(0, 0).await.unwrap().expect("leaf tile 0 is stored");
    let served = bytes(&server, "/tile/0/000").await;
    assert_eq!(served, stored);
    let entries = decode_entry_bundle(&bytes(&server, "/tile/entries/000").await).unwrap();
    let leaves: Vec<u8> = entries.iter().flat_map(|e| ledger::leaf_hash(e)).collect();
    assert_eq!(served, leaves);
    assert_eq!(bytes(&server, "/tile/0/000.p/10").await, stored[..320].to_vec(), "an older view is a prefix");
    assert_eq!(server.state.store.tile(0, (cp.size / 256) as u64).await.unwrap(), None, "the partial tile is not");
    // A proof that reaches into a stored tile (an early statement's) verifies.
    let p = server.get_json(&format!("/v1/statements/{first}/proof"), None).await;
    check_proof_json(&p, cp.size, &cp.root);
    let size_before = server.state.seq.state.read().unwrap().tree.size();

    // A database without the tiles (one of schema 2) has them written at the next start.
    let (config, dir) = server.stop().await;
    let pool = connect(&config).await;
    sqlx::query("DELETE FROM tiles").execute(&pool).await.unwrap();
    sqlx::query("UPDATE meta SET value = '2' WHERE key = 'schema'").execute(&pool).await.unwrap();
    pool.close().await;
    let server = TestServer::open(config, dir).await;
    assert_eq!(server.state.store.meta("schema").await.unwrap().as_deref(), Some("5"));
    assert_eq!(server.state.store.tile(0, 0).await.unwrap().as_deref(), Some(&stored[..]));
    assert_eq!(server.state.store.tile(0, 1).await.unwrap().map(|t| split_tile(&t).unwrap().len()), Some(256));
    assert_eq!(server.state.seq.state.read().unwrap().tree.size(), size_before);
    assert_eq!(verified_checkpoint(&server).await.root, cp.root);

    // The start reads the tiles, not the leaves: a stored tile altered stops it.
    let (config, dir) = server.stop().await;
    let pool = connect(&config).await;
    let mut altered = stored.clone();
    altered[0] ^= 1;
    sqlx::query("UPDATE tiles SET data = $1 WHERE level = 0 AND idx = 0").bind(altered).execute(&pool).await.unwrap();
    pool.close().await;
    let clock = Arc::new(jirga::clock::ManualClock::new(0));
    let err = jirga::server::open(&config, clock).await.err().expect("a start on an altered tile fails");
    assert!(format!("{err:#}").contains("altered"), "{err:#}");
    drop(dir);
}

async fn connect(config: &jirga::server::Config) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&config.database_url()).await.unwrap()
}

#[tokio::test]
async fn tiles_are_stored_served_and_read_at_start_on_sqlite() {
    tiles(Db::Sqlite).await;
}

#[tokio::test]
async fn tiles_are_stored_served_and_read_at_start_on_postgres() {
    tiles(Db::Postgres).await;
}
