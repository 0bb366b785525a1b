//! The key monitor: a member's statements sent from their own client are recorded there; one
//! signed with the same key but submitted some other way (a copied key) is found in the log and
//! alerted on, on the console and by email to a real SMTP server (aiosmtpd, as in notify.rs).

use crate::cli::{ok, write_demo_key};
use crate::common::{report_body, Db, TestServer};
use crate::notify::{mails, smtp_server, until};
use model::statement::{Header, Kind, Visibility};
use model::{KeyFile, Statement, StatementId};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// Runs jirga with `sent` as the record of what this client signed.
fn jirga_with(server: &TestServer, sent: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jirga"))
        .args(args)
        .env("JIRGA_SERVER", &server.url)
        .env("JIRGA_SENT", sent)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run jirga");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_monitor_alerts_on_a_statement_signed_outside_the_members_client() {
    let server = TestServer::demo(Db::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (sent, state, maildir) = (d.join("sent"), d.join("monitor.json"), d.join("mail"));
    let (_smtp, port) = smtp_server(&maildir).await;
    let notify = d.join("notify.json");
    let settings = json!({"smtp": {"host": "127.0.0.1", "port": port, "security": "none",
        "from": "Jirga key monitor <monitor@jirga.test>"}});
    std::fs::write(&notify, settings.to_string()).unwrap();

    // A new member, enrolled by their admin; no statement under the key yet.
    let admin = write_demo_key(d, "pk-admin", "PK");
    let key = d.join("officer.key");
    let key_path = key.to_str().unwrap();
    let public = ok(&server, &["key", "new", "--name", "Officer, Kurram", "--party", "PK", "--out", key_path]);
    ok(
        &server,
        &["enrol", "--key", &admin, "--member", public.trim(), "--name", "Officer, Kurram", "--roles", "reporter"],
    );

    // The member reports from their own client: recorded as sent.
    let body = report_body("Sent from the member's client");
    let body_file = d.join("report.json");
    std::fs::write(&body_file, body.to_string()).unwrap();
    let (good, out, err) =
        jirga_with(&server, &sent, &["report", "--key", key_path, "--body", body_file.to_str().unwrap()]);
    assert!(good, "{err}");
    let mine = serde_json::from_str::<Value>(&out).unwrap()["id"].as_str().unwrap().to_string();
    assert!(sent.join(format!("{mine}.json")).is_file(), "the client recorded what it signed");

    // The same key signs a statement elsewhere and submits it straight over HTTP.
    let file: KeyFile = serde_json::from_str(&std::fs::read_to_string(&key).unwrap()).unwrap();
    let secret = file.secret_key().unwrap();
    let header = Header {
        v: 1,
        kind: Kind::IncidentReport,
        deployment: server.deployment_id(),
        author: secret.public(),
        party: "PK".into(),
        time: chrono::Utc::now().timestamp_millis(),
        refs: Vec::<StatementId>::new(),
        visibility: Visibility::Joint,
        body_sha256: String::new(),
        body_len: 0,
    };
    let forged = Statement::sign(header, &report_body("Not sent from the member's client"), &[&secret]).unwrap();
    server.submit_ok(&forged).await;
    let forged = forged.id.hex();

    let monitor = ["monitor", "--key", key_path, "--once", "--state", state.to_str().unwrap(), "--notify"];
    let mut args = monitor.to_vec();
    args.extend([notify.to_str().unwrap(), "--email", "officer@jirga.test"]);
    let (good, out, err) = jirga_with(&server, &sent, &args);
    assert!(!good, "--once exits non-zero when it finds one: {out}{err}");
    let alerts: Vec<&str> = out.lines().filter(|l| l.starts_with("ALERT")).collect();
    assert_eq!(alerts.len(), 1, "{out}");
    assert!(alerts[0].contains(&forged) && !out.contains(&mine), "{out}");
    assert!(err.contains("1 statement(s) signed with a watched key"), "{err}");

    until("the member has the alert by email", || !mails(&maildir).is_empty()).await;
    let mail = mails(&maildir);
    assert_eq!(mail.len(), 1);
    assert!(mail[0].to.contains("officer@jirga.test") && mail[0].subject.contains("key monitor"), "{:?}", mail[0]);
    assert!(mail[0].body.contains(&forged) && !mail[0].body.contains(&mine), "{:?}", mail[0]);

    // The next run resumes where this one stopped: nothing new, nothing alerted again.
    let (good, out, err) = jirga_with(&server, &sent, &args);
    assert!(good && !out.contains("ALERT"), "{out}{err}");
    assert!(err.contains(&format!("read the log to {} entries; 0 statement(s)", server.log_size())), "{err}");
    server.stop().await;
}
