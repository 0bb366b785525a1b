//! `jirga backup` while the server runs and `jirga restore` into an empty database, on both
//! databases (PostgreSQL through the real pg_dump and pg_restore), checked against the
//! witnesses: a copy older than what they cosigned is refused, and no server starts on it; taken
//! anyway on purpose, every server on it announces the rollback.

use crate::common::{actor, postgres_database, report_body, Db, TestServer};
use jirga::server::Config;
use model::{Kind, Visibility};
use serde_json::Value;
use std::process::Command;

/// Runs jirga (ended after a minute, should a server start that ought not to).
fn jirga(args: &[&str], config: &Config) -> std::process::Output {
    let mut cmd = Command::new("timeout");
    cmd.arg("60").arg(env!("CARGO_BIN_EXE_jirga")).args(args).arg("--data").arg(&config.data);
    if let Some(db) = &config.database {
        cmd.arg("--database").arg(db);
    }
    cmd.output().expect("run jirga")
}

fn text(out: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

async fn a_copy_taken_while_serving_restores_whole(db: Db) {
    let server = TestServer::demo(db).await;
    let backup = server.dir.path().join("backup");
    let out = jirga(&["backup", backup.to_str().unwrap()], &server.config);
    assert!(out.status.success(), "{}", text(&out));
    let manifest: Value = serde_json::from_slice(&std::fs::read(backup.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["size"].as_u64(), Some(server.log_size()));
    assert!(!manifest["evidence_files"].as_array().unwrap().is_empty(), "the demo's files are listed");
    let again = jirga(&["backup", backup.to_str().unwrap()], &server.config);
    assert!(!again.status.success() && text(&again).contains("exists already"), "{}", text(&again));
    let before = server.get("/checkpoint", None).await.text().await.unwrap();
    let rows = server.state.store.dump_projection().await.unwrap();
    let (config, _dir) = server.stop().await;

    let target_dir = tempfile::tempdir().unwrap();
    let target = Config {
        data: target_dir.path().to_path_buf(),
        database: match db {
            Db::Sqlite => None,
            Db::Postgres => Some(postgres_database().await),
        },
        evidence: Some(config.evidence_location()),
    };
    std::fs::create_dir_all(&target.data).unwrap();
    // The keys travel apart from the backup.
    std::fs::copy(config.log_key_path(), target.log_key_path()).unwrap();
    std::fs::copy(config.server_key_path(), target.server_key_path()).unwrap();
    let out = jirga(&["restore", backup.to_str().unwrap()], &target);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(&format!("restored a log of {} entries", manifest["size"])), "{}", text(&out));
    let restored = TestServer::open(target.clone(), std::sync::Arc::new(target_dir)).await;
    assert_eq!(restored.get("/checkpoint", None).await.text().await.unwrap(), before);
    assert_eq!(restored.state.store.dump_projection().await.unwrap(), rows, "the projection came along");
    let more = actor("pk-reporter-khyber").sign(
        &restored,
        Kind::IncidentReport,
        vec![],
        Visibility::Joint,
        report_body("After the restore"),
    );
    restored.submit_ok(&more).await;
    // A second restore over a log is refused.
    let (target, _dir) = restored.stop().await;
    let out = jirga(&["restore", backup.to_str().unwrap()], &target);
    assert!(!out.status.success() && text(&out).contains("restore into an empty one"), "{}", text(&out));
}

#[tokio::test]
async fn a_copy_taken_while_serving_restores_whole_on_sqlite() {
    a_copy_taken_while_serving_restores_whole(Db::Sqlite).await;
}

#[tokio::test]
async fn a_copy_taken_while_serving_restores_whole_on_postgres() {
    a_copy_taken_while_serving_restores_whole(Db::Postgres).await;
}

// Several threads: the witnesses answer in this process while a `jirga restore` waits on them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_older_than_the_witnesses_hold_is_refused_or_announced() {
    let server = TestServer::witnessed_demo().await;
    let backup = server.dir.path().join("backup");
    let out = jirga(&["backup", backup.to_str().unwrap()], &server.config);
    assert!(out.status.success(), "{}", text(&out));
    // The log grows after the copy, and the witnesses cosign the larger log.
    let more = actor("pk-reporter-khyber").sign(
        &server,
        Kind::IncidentReport,
        vec![],
        Visibility::Joint,
        report_body("After the backup"),
    );
    server.submit_ok(&more).await;
    let grown = server.log_size();
    for _ in 0..200 {
        if server.state.seq.state.read().unwrap().witnessed_size == grown {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(server.state.seq.state.read().unwrap().witnessed_size, grown, "cosigned after the backup");
    let witnesses: Vec<String> = server.witnesses.iter().flat_map(|w| ["--witness".to_string(), w.clone()]).collect();
    let witnesses: Vec<&str> = witnesses.iter().map(String::as_str).collect();

    let restore_into = |accept: bool| {
        let dir = tempfile::tempdir().unwrap();
        let target = Config {
            data: dir.path().to_path_buf(),
            database: None,
            evidence: Some(server.config.evidence_location()),
        };
        std::fs::copy(server.config.log_key_path(), target.log_key_path()).unwrap();
        let mut args = vec!["restore", backup.to_str().unwrap()];
        args.extend(&witnesses);
        if accept {
            args.push("--accept-rollback");
        }
        (jirga(&args, &target), target, dir)
    };
    let (out, target, _keep) = restore_into(false);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(&format!("the witnesses have cosigned {grown}")), "{}", text(&out));
    let served = jirga(&["serve", "--listen", "127.0.0.1:0"], &target);
    assert!(!served.status.success() && text(&served).contains("restore was refused"), "{}", text(&served));

    let (out, target, dir) = restore_into(true);
    assert!(out.status.success() && text(&out).contains("ROLLED BACK"), "{}", text(&out));
    let rolled = TestServer::open(target, std::sync::Arc::new(dir)).await;
    let r: Value = rolled.get("/readyz", None).await.json().await.unwrap();
    assert!(r["rolled_back"].as_str().unwrap().contains(&format!("had cosigned {grown}")), "{r}");
    let metrics = rolled.get("/metrics", None).await.text().await.unwrap();
    assert!(metrics.contains("\njirga_rolled_back 1\n"), "{metrics}");
    rolled.stop().await;

    // A copy as new as what the witnesses hold restores without a word.
    let fresh = server.dir.path().join("backup-2");
    assert!(jirga(&["backup", fresh.to_str().unwrap()], &server.config).status.success());
    let dir = tempfile::tempdir().unwrap();
    let target = Config { data: dir.path().to_path_buf(), database: None, evidence: None };
    let mut args = vec!["restore", fresh.to_str().unwrap()];
    args.extend(&witnesses);
    let out = jirga(&args, &target);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(text(&out).matches(": consistent").count(), 3, "three witnesses: {}", text(&out));
    assert!(
        text(&out).contains("registered evidence files are not in the evidence store"),
        "an empty evidence folder: {}",
        text(&out)
    );
    server.stop().await;
}
