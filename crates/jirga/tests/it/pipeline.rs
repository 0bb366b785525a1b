//! The sequencer checks the next batch while the one before commits. A commit that fails must
//! take down with it every batch checked against it: nobody is told "stored" for a statement that
//! is not durable, the log has no gap, and everything goes in when sent again.

use crate::common::{actor, report_body, Db, TestServer};
use jirga::sequencer::SubmitError;
use model::statement::{Kind, Visibility};
use model::Body;
use std::collections::HashSet;
use tokio::task::JoinSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_commit_fails_its_batch_and_the_next_and_the_log_recovers() {
    let server = TestServer::demo(Db::Sqlite).await;
    let before = server.log_size();
    let reporter = actor("pk-reporter-khyber");
    let statements: Vec<_> = (0..400)
        .map(|i| {
            let body = report_body(&format!("Pipelined {i}"));
            reporter.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, body)
        })
        .collect();
    // The operator's database refuses one entry in the middle of the stream.
    let poison = statements[200].id;
    let pool = server.state.store.pool_for_tests();
    let trigger = format!(
        "CREATE TRIGGER poison BEFORE INSERT ON entries WHEN NEW.id = X'{}' BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
        poison.hex()
    );
    sqlx::query(&trigger).execute(&pool).await.unwrap();

    let submit_all = |statements: Vec<model::Statement>| {
        let seq = server.state.seq.clone();
        async move {
            let mut set = JoinSet::new();
            for st in statements {
                let seq = seq.clone();
                set.spawn(async move {
                    let body = Body::parse(st.header.kind, &st.body_bytes).unwrap();
                    (st.clone(), seq.submit(st, body).await)
                });
            }
            let mut out = Vec::new();
            while let Some(r) = set.join_next().await {
                out.push(r.unwrap());
            }
            out
        }
    };
    let results = submit_all(statements.clone()).await;
    let mut stored = HashSet::new();
    let mut again = Vec::new();
    for (st, r) in results {
        match r {
            Ok(receipt) => {
                // Stored means durable: the entry is in the database at the index it was given.
                let (index, _) = server.state.store.entry_by_id(&st.id).await.unwrap().expect("a stored statement");
                assert_eq!(index, receipt.index);
                assert!(receipt.index < receipt.checkpoint_size);
                stored.insert(st.id);
            }
            Err(SubmitError::Unavailable(_)) => again.push(st),
            Err(e) => panic!("unexpected answer: {e}"),
        }
    }
    assert!(again.iter().any(|st| st.id == poison), "the poisoned statement was not refused");
    assert_eq!(server.state.store.log_size().await.unwrap(), before + stored.len() as u64);
    assert_eq!(server.log_size(), before + stored.len() as u64);

    // Sent again with the database healed, everything goes in, and nothing twice.
    sqlx::query("DROP TRIGGER poison").execute(&pool).await.unwrap();
    for (st, r) in submit_all(again).await {
        let receipt = r.unwrap_or_else(|e| panic!("{}: {e}", st.id));
        assert!(!receipt.duplicate);
    }
    assert_eq!(server.state.store.log_size().await.unwrap(), before + 400);
    assert_eq!(server.log_size(), before + 400);

    // The stored entries hash to the stored checkpoint: a restart accepts the store.
    let (config, dir) = server.stop().await;
    let server = TestServer::open(config, dir).await;
    assert_eq!(server.log_size(), before + 400);
}

/// Read your own writes: once the server has answered a submission, its author's next request
/// (the list, the incident's page, the incident list page) shows it, on both databases. Kept
/// when the projection follows the log instead of being written with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_is_on_its_authors_next_page_and_list_at_once() {
    for db in [Db::Sqlite, Db::Postgres] {
        let server = TestServer::demo(db).await;
        let token = server.login("pk-reporter-khyber").await;
        let reporter = actor("pk-reporter-khyber");
        for i in 0..10 {
            let title = format!("Read at once {i}");
            let mut body = report_body(&title);
            let occurred = chrono::Utc::now() - chrono::Duration::minutes(1);
            body["occurred"]["start"] = occurred.to_rfc3339_opts(chrono::SecondsFormat::Secs, true).into();
            let st = reporter.sign(&server, Kind::IncidentReport, vec![], Visibility::Joint, body);
            let id = server.submit_ok(&st).await["id"].as_str().unwrap().to_string();
            let list = server.get_json("/v1/incidents?limit=20", Some(&token)).await;
            assert!(list["incidents"].as_array().unwrap().iter().any(|x| x["id"] == id.as_str()), "{id} not in {list}");
            let page = server.get(&format!("/incidents/{id}?lang=en"), Some(&token)).await;
            assert_eq!(page.status(), 200, "{id}");
            assert!(page.text().await.unwrap().contains(&title), "{id}: the incident's page");
            let listing = server.get("/incidents?lang=en", Some(&token)).await.text().await.unwrap();
            assert!(listing.contains(&title), "{title} not on the incident list page");
        }
        server.stop().await;
    }
}
