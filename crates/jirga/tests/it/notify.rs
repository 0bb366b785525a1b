//! Escalations reach a person: a hotline message and both steps of its escalation, delivered by
//! email to a real SMTP server (Python's aiosmtpd, on loopback) and by webhook to a real HTTP
//! receiver that checks each signature with its own HMAC (scripts/notify/webhook_receiver.py);
//! a flaky webhook retried until it answers, a dead one given up and shown so.

use crate::common::{actor, TestServer};
use model::{Kind, Visibility};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::AsyncBufReadExt;

const MINUTE: i64 = 60_000;

pub(crate) struct Child(tokio::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.start_kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A real SMTP server keeping every message in a Maildir.
pub(crate) async fn smtp_server(maildir: &Path) -> (Child, u16) {
    let ok = std::process::Command::new("python3").args(["-c", "import aiosmtpd"]).status();
    assert!(
        ok.is_ok_and(|s| s.success()),
        "these tests need Python's aiosmtpd, a real SMTP server: scripts/test.sh installs it (pip install aiosmtpd)"
    );
    let port = free_port();
    let child = tokio::process::Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
        .arg(maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("start aiosmtpd");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return (Child(child), port);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("aiosmtpd did not listen on 127.0.0.1:{port}");
}

/// The webhook receiver; returns it and its port.
async fn webhook_receiver(secret_file: &Path, log: &Path) -> (Child, u16) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/notify/webhook_receiver.py");
    let mut child = tokio::process::Command::new("python3")
        .arg(script)
        .arg(secret_file)
        .arg(log)
        .arg("2")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start the webhook receiver");
    let mut lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line()).await.unwrap().unwrap().unwrap();
    let port = line.strip_prefix("PORT ").expect("the receiver prints its port").parse().unwrap();
    (Child(child), port)
}

/// A message as Python's email package reads it (its own MIME decoding, not ours).
#[derive(Debug, serde::Deserialize)]
pub(crate) struct Mail {
    pub(crate) to: String,
    pub(crate) subject: String,
    pub(crate) body: String,
}

impl Mail {
    pub(crate) fn contains(&self, s: &str) -> bool {
        self.to.contains(s) || self.subject.contains(s) || self.body.contains(s)
    }
}

/// Every message in the Maildir.
pub(crate) fn mails(maildir: &Path) -> Vec<Mail> {
    const READ: &str = "import email, email.policy, json, os, sys\n\
        d = os.path.join(sys.argv[1], 'new')\n\
        out = []\n\
        for n in (sorted(os.listdir(d)) if os.path.isdir(d) else []):\n\
        \x20   m = email.message_from_file(open(os.path.join(d, n)), policy=email.policy.default)\n\
        \x20   out.append({'to': str(m['to']), 'subject': str(m['subject']), 'body': m.get_content()})\n\
        print(json.dumps(out))";
    let out = std::process::Command::new("python3").args(["-c", READ]).arg(maildir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn hooks(log: &Path) -> Vec<Value> {
    std::fs::read_to_string(log).unwrap_or_default().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Waits up to 20 s for `what` to hold.
pub(crate) async fn until(what: &str, mut f: impl FnMut() -> bool) {
    for _ in 0..200 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("not within 20 s: {what}");
}

async fn deliveries(server: &TestServer, token: &str, message: &str) -> Vec<Value> {
    let v = server.get_json(&format!("/v1/hotline/deliveries?message={message}"), Some(token)).await;
    v.as_array().unwrap().clone()
}

async fn put_channels(server: &TestServer, token: &str, channels: Value) -> reqwest::Response {
    TestServer::http()
        .put(format!("{}/v1/me/channels", server.url))
        .bearer_auth(token)
        .json(&channels)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_message_and_both_escalation_steps_reach_people_by_email_and_webhook() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("mail");
    let (_smtp, smtp_port) = smtp_server(&maildir).await;
    let secret = dir.path().join("webhook.secret");
    std::fs::write(&secret, "a webhook secret shared with the gateway\n").unwrap();
    let log = dir.path().join("hooks.jsonl");
    let (_hooks, hook_port) = webhook_receiver(&secret, &log).await;
    let hook = |name: &str, path: &str| json!({"name": name, "url": format!("http://127.0.0.1:{hook_port}{path}"), "secret_file": secret});
    let settings = json!({
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "security": "none", "from": "Jirga hotline <hotline@jirga.test>"},
        "webhooks": [hook("radio-room", "/ok"), hook("sms-gateway", "/flaky"), hook("pager", "/down")],
        "retry": {"attempts": 3, "first_ms": 200, "max_ms": 800},
    });
    let settings = jirga::notify::Settings::parse(&settings.to_string()).unwrap();
    let notifier = jirga::notify::Notifier::new(settings, Some("https://jirga.test".into())).unwrap();
    let server = TestServer::demo_notifying(notifier).await;

    // Each member sets where they are reached; what the server cannot send to is refused.
    let mut tokens = std::collections::HashMap::new();
    for (handle, channels) in [
        ("af-duty-officer", json!({"email": "af-duty@jirga.test", "webhook": "radio-room:AF-OPS-1", "lang": "ps"})),
        ("af-duty-officer-2", json!({"email": "af-deputy@jirga.test", "webhook": "sms-gateway:+93700000002"})),
        ("af-hq-operations", json!({"webhook": "pager"})),
        ("tr-duty-officer", json!({"email": "tr-duty@jirga.test"})),
        ("qa-duty-officer", json!({"email": "qa-duty@jirga.test"})),
    ] {
        let token = server.login(handle).await;
        let resp = put_channels(&server, &token, channels.clone()).await;
        assert_eq!(resp.status(), 200, "{handle}");
        assert_eq!(server.get_json("/v1/me/channels", Some(&token)).await, channels);
        tokens.insert(handle, token);
    }
    let token = &tokens["af-duty-officer"];
    for (bad, field) in [
        (json!({"email": "not an address"}), "email"),
        (json!({"webhook": "elsewhere"}), "webhook"),
        (json!({"lang": "fr"}), "lang"),
    ] {
        let resp = put_channels(&server, token, bad.clone()).await;
        assert_eq!(resp.status(), 422, "{bad}");
        assert_eq!(resp.json::<Value>().await.unwrap()["field"], field);
    }
    assert_eq!(put_channels(&server, token, json!({"sms": "x"})).await.status(), 400, "unknown fields are refused");
    let anonymous = TestServer::http().put(format!("{}/v1/me/channels", server.url)).json(&json!({})).send().await;
    assert_eq!(anonymous.unwrap().status(), 401);

    // Pakistan asks Afghanistan to cease fire: the Afghan officer on duty is told at once.
    let pk = actor("pk-duty-officer");
    let body = json!({"type": "cease_fire_request", "to": ["AF"], "sector": "khyber-torkham", "priority": "flash",
                      "text": {"text": "Stop firing on post 14", "lang": "en"}});
    let st = pk.sign(&server, Kind::HotlineMessage, vec![], Visibility::Joint, body);
    let message = st.id.hex();
    server.submit_ok(&st).await;
    until("the officer on duty has the email", || mails(&maildir).iter().any(|m| m.contains("af-duty@jirga.test")))
        .await;
    until("the radio room has the webhook", || hooks(&log).iter().any(|h| h["path"] == "/ok" && h["status"] == 200))
        .await;
    let mail = mails(&maildir).into_iter().find(|m| m.to == "af-duty@jirga.test").unwrap();
    // In Pashto, as the officer asked, with the sender's words as written.
    assert!(mail.subject.contains("[جرګه]") && mail.subject.contains("پاکستان"), "{mail:?}");
    assert!(mail.body.contains("Stop firing on post 14"), "{mail:?}");
    assert!(mail.body.contains("https://jirga.test/hotline?lang=ps"), "a link to the console in the member's language");
    let radio = hooks(&log).into_iter().find(|h| h["path"] == "/ok").unwrap();
    assert_eq!(radio["body"]["type"], "cease_fire_request");
    assert_eq!(radio["body"]["recipient"]["to"], "AF-OPS-1");
    assert_eq!(radio["body"]["text"], "Stop firing on post 14");
    assert_eq!(radio["body"]["lang"], "ps");
    // Only the officer on duty so far: the deputy is called on by the first escalation.
    assert!(!mails(&maildir).iter().any(|m| m.contains("af-deputy@")));

    // Unacknowledged for five minutes: the deputy and headquarters are called on.
    server.clock.advance(5 * MINUTE + 1_000);
    assert_eq!(jirga::deadlines::escalate_passed(&server.state).await.unwrap(), 1);
    until("the deputy has the email", || mails(&maildir).iter().any(|m| m.contains("af-deputy@jirga.test"))).await;
    // The SMS gateway fails twice, then takes it; the pager never answers and is given up.
    until("the SMS gateway took it on the third try", || {
        hooks(&log).iter().any(|h| h["path"] == "/flaky" && h["status"] == 200)
    })
    .await;
    until("the pager was tried three times", || hooks(&log).iter().filter(|h| h["path"] == "/down").count() == 3).await;

    // Ten minutes: the mediators' duty officers.
    server.clock.advance(5 * MINUTE);
    assert_eq!(jirga::deadlines::escalate_passed(&server.state).await.unwrap(), 1);
    until("both mediators have the email", || {
        let m = mails(&maildir);
        m.iter().any(|m| m.contains("tr-duty@jirga.test")) && m.iter().any(|m| m.contains("qa-duty@jirga.test"))
    })
    .await;
    let escalated = mails(&maildir).into_iter().find(|m| m.to == "tr-duty@jirga.test").unwrap();
    assert!(
        escalated
            .subject
            .starts_with("[Jirga] Not acknowledged, escalated to you: Request to cease fire from Pakistan"),
        "{escalated:?}"
    );
    assert!(escalated.body.contains("Acknowledgement was due"), "{escalated:?}");

    // Every request carried a valid signature (checked by Python's hmac), and none was sent twice
    // once it had been taken.
    let all = hooks(&log);
    assert!(all.iter().all(|h| h["valid"] == true), "{all:?}");
    let taken: Vec<_> = all.iter().filter(|h| h["status"] == 200).map(|h| h["delivery"].as_str().unwrap()).collect();
    let mut unique = taken.clone();
    unique.dedup();
    assert_eq!(taken.len(), unique.len());

    // The pager's last attempt is recorded before it is shown as failed.
    let pk_token = server.login("pk-duty-officer").await;
    for _ in 0..100 {
        if deliveries(&server, &pk_token, &message).await.iter().all(|d| d["status"] != "pending") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The sender's side, the recipients' side and the mediators see the same deliveries.
    let seen_by_pk = deliveries(&server, &pk_token, &message).await;
    let by = |member: &str, channel: &str| {
        seen_by_pk
            .iter()
            .find(|d| d["member_name"].as_str().unwrap().contains(member) && d["channel"] == channel)
            .cloned()
    };
    assert_eq!(seen_by_pk.len(), 7, "{seen_by_pk:#?}");
    let deputy_sms = by("Deputy duty officer, Afghan", "webhook").unwrap();
    assert_eq!((deputy_sms["status"].as_str(), deputy_sms["attempts"].as_i64()), (Some("delivered"), Some(3)));
    let outcomes: Vec<_> = deputy_sms["history"].as_array().unwrap().iter().map(|a| a["outcome"].clone()).collect();
    assert_eq!(outcomes, [json!("failed"), json!("failed"), json!("delivered")]);
    let pager = seen_by_pk.iter().find(|d| d["to"] == "pager").unwrap();
    assert_eq!(pager["status"], "failed");
    assert!(pager["last_error"].as_str().unwrap().contains("500"), "{pager}");
    assert!(!pager.to_string().contains(&format!("127.0.0.1:{hook_port}")), "no webhook URL is shown");
    // The other side sees the address masked.
    let email = seen_by_pk.iter().find(|d| d["channel"] == "email" && d["event"] == "message").unwrap();
    assert_eq!(email["to"], "a…@jirga.test");
    assert!(!seen_by_pk.iter().any(|d| d.to_string().contains("af-duty@jirga.test")));
    for handle in ["af-duty-officer", "tr-duty-officer"] {
        let token = server.login(handle).await;
        let seen = deliveries(&server, &token, &message).await;
        let status = |v: &[Value]| v.iter().map(|d| d["status"].as_str().unwrap().to_string()).collect::<Vec<_>>();
        assert_eq!(status(&seen), status(&seen_by_pk), "{handle} sees what the sender sees");
    }
    // A reader the message is not for does not learn it exists.
    let observer = server.login("un-observer").await;
    let resp = server.get(&format!("/v1/hotline/deliveries?message={message}"), Some(&observer)).await;
    assert_eq!(resp.status(), 404);

    // The console says it in the officer's language.
    let page = TestServer::http()
        .get(format!("{}/hotline?lang=en", server.url))
        .header("cookie", format!("jirga_token={pk_token}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        // Without the isolates around each argument.
        .replace(['\u{2068}', '\u{2069}'], "");
    assert!(page.contains("Delivered by email to"), "the sender's console shows the delivery");
    assert!(page.contains("gave up after 3 attempts"), "and the failure");
    server.stop().await;
}

/// A window of silence that comes into force reaches the sector's duty officers of both sides
/// when it begins, by email, in the language each set.
#[tokio::test]
async fn the_start_of_a_window_of_silence_reaches_both_sides_officers() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("mail");
    let (_smtp, smtp_port) = smtp_server(&maildir).await;
    let settings = json!({
        "smtp": {"host": "127.0.0.1", "port": smtp_port, "security": "none", "from": "Jirga hotline <hotline@jirga.test>"},
    });
    let settings = jirga::notify::Settings::parse(&settings.to_string()).unwrap();
    let notifier = jirga::notify::Notifier::new(settings, None).unwrap();
    let server = TestServer::demo_notifying(notifier).await;
    for (handle, channels) in [
        ("pk-duty-officer", json!({"email": "pk-duty@jirga.test"})),
        ("af-duty-officer", json!({"email": "af-duty@jirga.test", "lang": "prs"})),
    ] {
        let token = server.login(handle).await;
        assert_eq!(put_channels(&server, &token, channels).await.status(), 200);
    }
    let now = chrono::DateTime::from_timestamp_millis(jirga::clock::Clock::now_ms(&server.clock)).unwrap();
    let at = |m: i64| (now + chrono::Duration::minutes(m)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let body = json!({"sector": "khyber-torkham", "start": at(1), "end": at(120), "purpose": "recovery_of_remains",
                      "text": {"text": "Recovery of remains near post 9", "lang": "en"}});
    let window = actor("pk-duty-officer").sign(&server, Kind::WindowRequest, vec![], Visibility::Joint, body);
    server.submit_ok(&window).await;
    let ack = actor("af-duty-officer").sign(&server, Kind::WindowAck, vec![window.id], Visibility::Joint, json!({}));
    server.submit_ok(&ack).await;
    server.clock.advance(2 * MINUTE);
    assert_eq!(jirga::deadlines::escalate_passed(&server.state).await.unwrap(), 1, "the start is marked");
    until("both officers have the email", || {
        let m = mails(&maildir);
        m.iter().any(|m| m.contains("pk-duty@jirga.test")) && m.iter().any(|m| m.contains("af-duty@jirga.test"))
    })
    .await;
    let pk = mails(&maildir).into_iter().find(|m| m.to == "pk-duty@jirga.test").unwrap();
    assert!(pk.subject.starts_with("[Jirga] Window of silence begins · Khyber"), "{pk:?}");
    assert!(pk.body.contains("Recovery of remains near post 9"), "{pk:?}");
    let af = mails(&maildir).into_iter().find(|m| m.to == "af-duty@jirga.test").unwrap();
    assert!(af.subject.contains("وقفهٔ خاموشی آغاز شد"), "in Dari: {af:?}");
    server.stop().await;
}
