//! The `jirga` binary as a person uses it, against a real server: keys, enrolment, report,
//! response, crossing status, listing, and checkpoint and proof verified on the client.

use crate::common::{Db, TestServer};
use jirga::scenario::demo_key;
use model::KeyFile;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

pub(crate) fn jirga(server: &TestServer, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jirga"))
        .args(args)
        .env("JIRGA_SERVER", &server.url)
        .env("RUST_LOG", "warn")
        // What the CLI records as signed here goes to a test folder, not the tester's home.
        .env("JIRGA_SENT", std::env::temp_dir().join("jirga-it-sent"))
        .output()
        .expect("run jirga");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub(crate) fn ok(server: &TestServer, args: &[&str]) -> String {
    let (success, stdout, stderr) = jirga(server, args);
    assert!(success, "jirga {args:?} failed: {stderr}");
    stdout
}

pub(crate) fn write_demo_key(dir: &Path, handle: &str, party: &str) -> String {
    let path = dir.join(format!("{handle}.key"));
    std::fs::write(&path, serde_json::to_string(&KeyFile::new(handle, party, &demo_key(handle))).unwrap()).unwrap();
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_signs_locally_and_verifies_what_the_server_says() {
    let server = TestServer::demo(Db::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let admin = write_demo_key(d, "pk-admin", "PK");
    let liaison = write_demo_key(d, "af-liaison", "AF");
    let duty = write_demo_key(d, "af-duty-officer", "AF");

    // A new member makes a key on their own device; the admin enrols its public half.
    let new_key = d.join("new-reporter.key").display().to_string();
    let public =
        ok(&server, &["key", "new", "--name", "Reporting officer, Kurram", "--party", "PK", "--out", &new_key]);
    assert!(std::fs::read_to_string(&new_key).unwrap().contains("jirga-member-key-v1"));
    ok(
        &server,
        &[
            "enrol",
            "--key",
            &admin,
            "--member",
            public.trim(),
            "--name",
            "Reporting officer, Kurram",
            "--roles",
            "reporter",
        ],
    );

    let receipt: Value = serde_json::from_str(&ok(
        &server,
        &[
            "report",
            "--key",
            &new_key,
            "--category",
            "artillery_shelling",
            "--lat",
            "33.75",
            "--lon",
            "69.96",
            "--sector",
            "kurram",
            "--accused",
            "AF",
            "--title",
            "Shells near Kharlachi",
            "--narrative",
            "Four rounds near the crossing",
            "--killed",
            "1",
        ],
    ))
    .unwrap();
    let id = receipt["id"].as_str().unwrap().to_string();

    ok(
        &server,
        &["respond", "--key", &liaison, "--incident", &id, "--position", "contest", "--narrative", "Return fire only"],
    );
    ok(
        &server,
        &["crossing", "set", "--key", &duty, "--crossing", "kharlachi", "--status", "closed", "--reason", "Shelling"],
    );

    // Setting where one is reached is signed in (this server sends no notices, and says so;
    // tests/it/notify.rs sets channels on one that does).
    let (success, _, stderr) =
        jirga(&server, &["hotline", "channels", "--key", &duty, "--email", "af-duty@example.test"]);
    assert!(!success && stderr.contains("422 no-notifier"), "{stderr}");

    let listing = ok(&server, &["incidents", "--key", &admin, "--sector", "kurram"]);
    assert!(listing.contains("Shells near Kharlachi") && listing.contains("disputed"), "{listing}");
    let shown: Value = serde_json::from_str(&ok(&server, &["show", "--key", &liaison, &id])).unwrap();
    assert_eq!(shown["responses"][0]["position"], "contest");

    let (_, checkpoint, stderr) = jirga(&server, &["log", "checkpoint"]);
    assert!(checkpoint.starts_with("jirga.example/durand-line\n"), "{checkpoint}");
    assert!(stderr.contains("verified with"), "{stderr}");
    let proved = ok(&server, &["log", "prove", &id]);
    assert!(proved.contains("proven against the signed checkpoint"), "{proved}");

    // A wrong log key is refused, and so is a bad input, with a message.
    let other = ledger::note::Signer::generate("jirga.example/durand-line").unwrap().verifier().to_vkey();
    let (success, _, stderr) = jirga(&server, &["log", "checkpoint", "--log-key", &other]);
    assert!(!success && stderr.contains("does not verify"), "{stderr}");
    let (success, _, stderr) = jirga(
        &server,
        &[
            "report",
            "--key",
            &new_key,
            "--category",
            "picnic",
            "--lat",
            "33.75",
            "--lon",
            "69.96",
            "--sector",
            "kurram",
            "--title",
            "t",
            "--narrative",
            "n",
        ],
    );
    assert!(!success && stderr.contains("body.category"), "{stderr}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rebuild_from_the_command_line_matches_the_live_tables() {
    let server = TestServer::demo(Db::Sqlite).await;
    let data = server.config.data.display().to_string();
    let (config, dir) = server.stop().await;
    let out = Command::new(env!("CARGO_BIN_EXE_jirga")).args(["rebuild", "--data", &data]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("identical to the live tables"));
    drop((config, dir));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn init_creates_a_deployment_signed_by_the_mediators() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bin = env!("CARGO_BIN_EXE_jirga");
    let mut admins = Vec::new();
    let mut signers = Vec::new();
    for party in ["TR", "QA", "PK", "AF"] {
        let path = d.join(format!("{party}.key"));
        let out = Command::new(bin)
            .args(["key", "new", "--name", &format!("{party} admin"), "--party", party, "--out"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success());
        admins.push(format!("{party}:{party} admin:{}", String::from_utf8_lossy(&out.stdout).trim()));
        if party == "TR" || party == "QA" {
            signers.push(path);
        }
    }
    let data = d.join("data");
    let mut cmd = Command::new(bin);
    cmd.args(["init", "--scenario"]).arg(crate::common::scenario_dir()).arg("--data").arg(&data);
    for a in &admins {
        cmd.args(["--admin", a]);
    }
    // Without the second mediator's signature the genesis is refused and the log stays empty.
    let out = Command::new(bin)
        .args(["init", "--scenario"])
        .arg(crate::common::scenario_dir())
        .arg("--data")
        .arg(d.join("half"))
        .args(admins.iter().flat_map(|a| ["--admin", a.as_str()]))
        .arg("--sign")
        .arg(&signers[0])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("mediator QA"), "{}", String::from_utf8_lossy(&out.stderr));
    for s in &signers {
        cmd.arg("--sign").arg(s);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let config = jirga::server::Config { data: data.clone(), database: None, evidence: None };
    let server = TestServer::open(config, std::sync::Arc::new(dir)).await;
    assert_eq!(server.log_size(), 1);
    let dep = server.get_json("/v1/deployment", None).await;
    assert_eq!(dep["genesis"]["parties"][0]["admins"].as_array().unwrap().len(), 1);
    assert_eq!(server.get_json("/v1/members", None).await.as_array().unwrap().len(), 4);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_writes_compliance_reports_as_json_and_html() {
    let server = TestServer::demo(Db::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let monitor = write_demo_key(dir.path(), "tr-monitor", "TR");
    let json = ok(&server, &["report", "weekly", "--date", "2025-10-17", "--json", "--key", &monitor]);
    let r: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(r["incidents"].as_i64().unwrap() > 0, "{json}");
    assert_eq!(r["checkpoint_size"].as_u64().unwrap(), server.log_size());
    let out = dir.path().join("day.html");
    ok(&server, &["report", "daily", "--date", "2025-10-12", "--lang", "ur", "--out", out.to_str().unwrap()]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("dir=\"rtl\"") && html.contains("class=\"chart\""));
    let custom = ok(&server, &["report", "custom", "--date", "2025-10-17", "--days", "30", "--json"]);
    let c: serde_json::Value = serde_json::from_str(&custom).unwrap();
    assert_eq!(c["per_day"].as_array().unwrap().len(), 30);
    // Filing a report is still `jirga report` with its flags.
    let (ok_status, _, stderr) = jirga(&server, &["report", "--category", "ied"]);
    assert!(!ok_status && stderr.contains("--key"), "{stderr}");
    server.stop().await;
}

/// `jirga report … --queue` and `jirga queue send`: statements signed at a post with no link wait
/// in a folder, go in order when the link is back (a response to a report queued before it is only
/// valid after it), keep the time they were signed, and one signed too long ago is refused with
/// the deployment's bound shown beside it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statements_queued_on_the_cli_are_sent_in_order_when_the_link_returns() {
    let server = TestServer::demo(Db::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let (d, queue) = (dir.path(), dir.path().join("queue").display().to_string());
    let reporter = write_demo_key(d, "af-reporter-nangarhar", "AF");
    let liaison = write_demo_key(d, "pk-liaison", "PK");
    let report = |title: &str| {
        vec![
            "report",
            "--queue",
            "--queue-dir",
            &queue,
            "--key",
            &reporter,
            "--category",
            "artillery_shelling",
            "--lat",
            "34.12",
            "--lon",
            "71.10",
            "--sector",
            "khyber-torkham",
            "--accused",
            "PK",
            "--title",
            title,
            "--narrative",
            "Rockets near the post; the link is down",
        ]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };

    // Without the server and with nothing remembered, the queue cannot know which deployment to sign for.
    let dead = "http://127.0.0.1:9";
    let mut first = report("Rockets at Torkham");
    first.extend(["--server".to_string(), dead.to_string()]);
    let (success, _, stderr) = jirga(&server, &strs(&first));
    assert!(!success && stderr.contains("does not know the deployment"), "{stderr}");

    // Reached once, the deployment is remembered; from then on nothing goes over the link.
    let report_id = ok(&server, &strs(&report("Rockets at Torkham"))).trim().to_string();
    let signed_at = chrono::Utc::now().timestamp_millis();
    let response = ok(
        &server,
        &[
            "respond",
            "--queue",
            "--queue-dir",
            &queue,
            "--key",
            &liaison,
            "--incident",
            &report_id,
            "--position",
            "deny",
            "--narrative",
            "No fire from our side",
        ],
    );
    let response_id = response.trim().to_string();
    let listed = ok(&server, &["queue", "list", "--queue-dir", &queue]);
    assert_eq!(listed.lines().filter(|l| l.starts_with("queued")).count(), 2, "{listed}");
    assert!(listed.contains("Rockets at Torkham"), "{listed}");

    // The link is still down: nothing goes, nothing is lost.
    let (success, _, stderr) = jirga(&server, &["queue", "send", "--queue-dir", &queue, "--server", dead]);
    assert!(!success && stderr.contains("2 still queued"), "{stderr}");

    // An hour later the link is back: both go, the report before the response that answers it.
    server.clock.set(chrono::Utc::now().timestamp_millis() + 3_600_000);
    let sent = ok(&server, &["queue", "send", "--queue-dir", &queue]);
    let lines: Vec<&str> = sent.lines().collect();
    assert!(lines.len() == 2 && lines.iter().all(|l| l.starts_with("logged")), "{sent}");
    assert!(lines[0].contains(&report_id[..12]) && lines[1].contains(&response_id[..12]), "{sent}");
    let chair = server.login("tr-chair").await;
    let logged = server.get_json(&format!("/v1/statements/{report_id}"), Some(&chair)).await;
    let time = logged["entry"]["header"]["time"].as_i64().unwrap();
    assert!(time <= signed_at && signed_at - time < 60_000, "signed when queued: {logged}");
    assert!(logged["entry"]["logged_at"].as_i64().unwrap() >= time + 3_600_000, "{logged}");
    let incident = server.get_json(&format!("/v1/incidents/{report_id}"), Some(&chair)).await;
    assert_eq!(incident["responses"][0]["position"], "deny", "{incident}");

    // One signed now and arriving four days later is past the deployment's bound: refused, and why.
    let late = ok(&server, &strs(&report("Late rockets"))).trim().to_string();
    server.clock.set(chrono::Utc::now().timestamp_millis() + 96 * 3_600_000);
    let (success, stdout, stderr) = jirga(&server, &["queue", "send", "--queue-dir", &queue]);
    assert!(!success && stdout.starts_with("refused") && stderr.contains("1 refused"), "{stdout}{stderr}");
    let rows: Value = serde_json::from_str(&ok(&server, &["queue", "list", "--queue-dir", &queue, "--json"])).unwrap();
    let row = rows.as_array().unwrap().iter().find(|r| r["id"] == late.as_str()).expect("the late report").clone();
    assert_eq!(row["status"], "refused", "{rows}");
    assert!(row["refused"].as_str().unwrap().contains("accepts statements signed up to 72 h earlier"), "{rows}");
    let statuses: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["logged", "logged", "refused"], "{rows}");
    let chair = server.login("tr-chair").await;
    assert_eq!(server.get(&format!("/v1/statements/{late}"), Some(&chair)).await.status(), 404);
    server.stop().await;
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The commands of the mechanism's decisions, signed on the client: a gate per class with its
/// notice, an exception counted as it passes, a figure, a window of silence and its agreement,
/// the mediators' pairs, and the steps of a violation, each refused with the server's reason
/// where the record does not allow it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_records_crossings_windows_events_and_violations() {
    let server = TestServer::demo(Db::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let pk_duty = write_demo_key(d, "pk-duty-officer", "PK");
    let af_duty = write_demo_key(d, "af-duty-officer", "AF");
    let monitor = write_demo_key(d, "tr-monitor", "TR");
    let pk_investigator = write_demo_key(d, "pk-investigator", "PK");
    let id_of = |out: &str| serde_json::from_str::<Value>(out).unwrap()["id"].as_str().unwrap().to_string();

    ok(
        &server,
        &[
            "crossing",
            "set",
            "--key",
            &pk_duty,
            "--crossing",
            "torkham",
            "--status",
            "open",
            "--class",
            "returnees",
            "--only-into",
            "AF",
        ],
    );
    let exception = id_of(&ok(
        &server,
        &[
            "crossing",
            "except",
            "--key",
            &pk_duty,
            "--crossing",
            "torkham",
            "--phase",
            "5@2025-12-10T00:00:00Z",
            "--phase",
            "3@2025-12-11T00:00:00Z/2025-12-12T00:00:00Z",
            "--purpose",
            "Medical supplies",
        ],
    ));
    ok(&server, &["crossing", "count", "--key", &pk_duty, "--exception", &exception, "--phase", "2", "--count", "3"]);
    let (success, _, stderr) = jirga(
        &server,
        &["crossing", "count", "--key", &pk_duty, "--exception", &exception, "--phase", "2", "--count", "1"],
    );
    assert!(!success && stderr.contains("phase 2 has 0 of 3 left"), "{stderr}");
    ok(
        &server,
        &[
            "crossing",
            "figure",
            "--key",
            &pk_duty,
            "--crossing",
            "torkham",
            "--measure",
            "trucks_stranded",
            "--value",
            "700",
            "--source",
            "Traders' association",
        ],
    );
    let board = server.get_json("/v1/crossings", None).await;
    let torkham = board["crossings"].as_array().unwrap().iter().find(|c| c["crossing"] == "torkham").unwrap();
    let x = torkham["exceptions"].as_array().unwrap().iter().find(|x| x["statement"] == exception.as_str()).unwrap();
    assert_eq!((x["quota"].as_u64(), x["passed"].as_u64()), (Some(8), Some(3)));

    let now = chrono::Utc::now();
    let at = |h: i64| (now + chrono::Duration::hours(h)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let window = id_of(&ok(
        &server,
        &[
            "window",
            "request",
            "--key",
            &af_duty,
            "--sector",
            "khyber-torkham",
            "--start",
            &at(2),
            "--end",
            &at(6),
            "--purpose",
            "medical_evacuation",
            "--text",
            "Evacuation of two wounded",
            "--present",
            "ICRC",
        ],
    ));
    ok(&server, &["window", "ack", "--key", &pk_duty, "--window", &window, "--reply", "Agreed"]);
    let (success, _, stderr) = jirga(&server, &["window", "ack", "--key", &af_duty, "--window", &window]);
    assert!(!success && stderr.contains("already agreed"), "{stderr}");

    let pairs: Value = serde_json::from_str(&ok(&server, &["event", "suggest", "--key", &monitor])).unwrap();
    assert!(pairs.is_array(), "{pairs}");
    let (success, _, stderr) = jirga(&server, &["event", "suggest", "--key", &pk_duty]);
    assert!(!success && stderr.contains("403"), "for the mediators: {stderr}");
    let events = server.get_json("/v1/events", None).await;
    let claims: Vec<String> =
        events[0]["claims"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
    let (success, _, stderr) =
        jirga(&server, &["event", "link", "--key", &monitor, "--report", &claims[0], "--report", &claims[1]]);
    assert!(!success && stderr.contains("already part of event"), "{stderr}");

    let violations = server.get_json("/v1/violations", None).await;
    let v = violations[0]["statement"].as_str().unwrap();
    let (success, _, stderr) = jirga(&server, &["violation", "endorse", "--key", &pk_investigator, "--violation", v]);
    assert!(!success && stderr.contains("already decided"), "{stderr}");
    ok(
        &server,
        &[
            "violation",
            "follow-up",
            "--key",
            &monitor,
            "--violation",
            v,
            "--outcome",
            "done",
            "--text",
            "All three sections moved",
        ],
    );
    let record = server.get_json("/v1/compliance", None).await;
    let pk = record.as_array().unwrap().iter().find(|r| r["clause"] == "doha-2025/1" && r["party"] == "PK").unwrap();
    assert_eq!(pk["remedial_done"], 1, "{pk}");
    server.stop().await;
}
