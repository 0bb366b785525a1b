//! The hotline over real SSE connections: delivery to the addressed party, resume from the last
//! event id, and nothing for a party the message is not addressed to.

use crate::common::{actor, Db, Feed, TestServer};
use model::{Kind, Visibility};
use serde_json::{json, Value};
use std::time::Duration;

fn cease_fire(text: &str) -> Value {
    json!({"type": "cease_fire_request", "to": ["AF"], "sector": "chaman-spin-boldak", "priority": "flash",
           "text": {"text": text, "lang": "en"}})
}

#[tokio::test]
async fn a_message_reaches_the_addressed_party_live_and_after_a_reconnect_and_no_one_else() {
    let server = TestServer::demo(Db::Sqlite).await;
    let (af, un, pk) = (
        server.login("af-duty-officer").await,
        server.login("un-observer").await,
        server.login("pk-duty-officer").await,
    );
    let mut af_feed = Feed::open(&server, &af, None).await;
    let mut un_feed = Feed::open(&server, &un, None).await;
    let mut pk_feed = Feed::open(&server, &pk, None).await;

    let pk_officer = actor("pk-duty-officer");
    let first =
        pk_officer.sign(&server, Kind::HotlineMessage, vec![], Visibility::Joint, cease_fire("Stop firing on post 14"));
    server.submit_ok(&first).await;
    let (id, event, data) = af_feed.next(Duration::from_secs(10)).await.expect("the addressed party receives it");
    assert_eq!(event, "message");
    assert_eq!(data["statement"], first.id.hex());
    assert_eq!(data["body"]["text"]["text"], "Stop firing on post 14");
    assert_eq!(pk_feed.next(Duration::from_secs(10)).await.expect("the sender's console too").1, "message");

    // The acknowledgement reaches the sender.
    let ack = actor("af-duty-officer").sign(
        &server,
        Kind::HotlineAck,
        vec![first.id],
        Visibility::Joint,
        json!({"reply": {"text": "Received, ordering our posts to hold fire", "lang": "en"}}),
    );
    server.submit_ok(&ack).await;
    let (_, event, data) = pk_feed.next(Duration::from_secs(10)).await.expect("the acknowledgement");
    assert_eq!((event.as_str(), data["message"].as_str()), ("ack", Some(first.id.hex().as_str())));

    // The Afghan console drops; two messages are sent meanwhile; it reconnects from its last id.
    drop(af_feed);
    let later: Vec<_> = ["Fire again from grid 41R", "Mortar rounds near Spin Boldak bazaar"]
        .iter()
        .map(|t| pk_officer.sign(&server, Kind::HotlineMessage, vec![], Visibility::Joint, cease_fire(t)))
        .collect();
    for m in &later {
        server.submit_ok(m).await;
    }
    let mut af_feed = Feed::open(&server, &af, Some(&id)).await;
    let mut seen = Vec::new();
    while let Some((_, event, data)) = af_feed.next(Duration::from_secs(5)).await {
        seen.push((event, data["statement"].as_str().unwrap().to_string()));
        if seen.len() == 3 {
            break;
        }
    }
    let expected: Vec<(String, String)> = [("ack", &ack), ("message", &later[0]), ("message", &later[1])]
        .iter()
        .map(|(e, s)| (e.to_string(), s.id.hex()))
        .collect();
    assert_eq!(seen, expected, "nothing missed, nothing twice, in log order");

    // The observer, to whom nothing was addressed, received nothing at all.
    assert!(un_feed.next(Duration::from_millis(500)).await.is_none());
    let page = server.get_json("/v1/hotline/events?after=0", Some(&un)).await;
    assert_eq!(page, json!([]));
    server.stop().await;
}

const MINUTE: i64 = 60_000;

/// Pakistan's duty officer asks Afghanistan to cease fire; returns the message as logged.
async fn send_cease_fire(server: &TestServer) -> model::Statement {
    let message = actor("pk-duty-officer").sign(
        server,
        Kind::HotlineMessage,
        vec![],
        Visibility::Joint,
        cease_fire("Stop firing on post 14"),
    );
    server.submit_ok(&message).await;
    message
}

/// One deadline round at the server's clock; returns how many escalations it recorded.
async fn round(server: &TestServer) -> usize {
    jirga::deadlines::escalate_passed(&server.state).await.expect("a deadline round")
}

fn key_of(handle: &str) -> String {
    jirga::scenario::demo_key(handle).public().to_string()
}

#[tokio::test]
async fn an_unacknowledged_message_escalates_to_the_backups_then_the_mediators_and_not_before() {
    let server = TestServer::demo(Db::Sqlite).await;
    assert_eq!(round(&server).await, 0, "the demo's own deadlines were escalated when it was made");
    let (pk, tr) = (server.login("pk-duty-officer").await, server.login("tr-duty-officer").await);
    let mut pk_feed = Feed::open(&server, &pk, None).await;
    let mut tr_feed = Feed::open(&server, &tr, None).await;

    let message = send_cease_fire(&server).await;
    assert_eq!(pk_feed.next(Duration::from_secs(10)).await.unwrap().1, "message");
    assert_eq!(tr_feed.next(Duration::from_secs(10)).await.unwrap().1, "message", "the mediators see every message");

    // A request to cease fire is to be acknowledged within 5 minutes.
    server.clock.advance(5 * MINUTE - 1_000);
    assert_eq!(round(&server).await, 0, "not before the deadline");
    server.clock.advance(2_000);
    assert_eq!(round(&server).await, 1);
    let (_, event, data) = pk_feed.next(Duration::from_secs(10)).await.expect("the escalation reaches the sender");
    assert_eq!((event.as_str(), data["message"].as_str()), ("escalation", Some(message.id.hex().as_str())));
    assert_eq!(data["body"]["step"], "backup");
    let notified: Vec<&str> = data["body"]["notify"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(
        notified,
        [key_of("af-duty-officer-2"), key_of("af-hq-operations")],
        "Afghanistan's next officer and HQ"
    );
    assert_eq!(round(&server).await, 0, "each step once");

    // One more period without an acknowledgement: the mediators' duty officers.
    server.clock.advance(5 * MINUTE);
    assert_eq!(round(&server).await, 1);
    let (_, _, data) = tr_feed.next(Duration::from_secs(10)).await.unwrap();
    assert_eq!((data["event"].as_str(), data["body"]["step"].as_str()), (Some("escalation"), Some("backup")));
    let (_, _, data) = tr_feed.next(Duration::from_secs(10)).await.unwrap();
    assert_eq!(data["body"]["step"], "mediators");
    let notified: Vec<&str> = data["body"]["notify"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(notified, [key_of("tr-duty-officer"), key_of("qa-duty-officer")]);
    server.clock.advance(60 * MINUTE);
    assert_eq!(round(&server).await, 0, "the chain ends with the mediators");

    let pk = server.login("pk-duty-officer").await; // the first sign-in has expired (1 h)
    let open = server.get_json("/v1/hotline/open", Some(&pk)).await;
    let mine = open.as_array().unwrap().iter().find(|m| m["statement"] == message.id.hex()).expect("still open");
    assert_eq!(mine["escalated"], "mediators");
    server.stop().await;
}

#[tokio::test]
async fn an_acknowledgement_at_the_last_moment_cancels_the_escalation_and_acknowledging_twice_changes_nothing() {
    let server = TestServer::demo(Db::Sqlite).await;
    let pk = server.login("pk-duty-officer").await;
    let message = send_cease_fire(&server).await;
    server.clock.advance(5 * MINUTE - 1);
    let ack = actor("af-duty-officer").sign(&server, Kind::HotlineAck, vec![message.id], Visibility::Joint, json!({}));
    let first = server.submit_ok(&ack).await;
    let size = server.log_size();
    assert_eq!(server.submit_ok(&ack).await["index"], first["index"], "the same acknowledgement again");
    assert_eq!(server.log_size(), size, "…is not logged twice");
    server.clock.advance(30 * MINUTE);
    assert_eq!(round(&server).await, 0, "acknowledged in time: nothing escalates");
    let open = server.get_json("/v1/hotline/open", Some(&pk)).await;
    assert!(!open.as_array().unwrap().iter().any(|m| m["statement"] == message.id.hex()));

    // A second officer's acknowledgement is recorded and settles nothing more.
    let second =
        actor("af-duty-officer-2").sign(&server, Kind::HotlineAck, vec![message.id], Visibility::Joint, json!({}));
    server.submit_ok(&second).await;
    assert_eq!(round(&server).await, 0);
    server.stop().await;
}

#[tokio::test]
async fn check_ins_show_a_silent_console_and_observers_keep_no_hotline() {
    let server = TestServer::demo(Db::Sqlite).await;
    let pk = server.login("pk-duty-officer").await;
    let board = |v: &Value, party: &str| v.as_array().unwrap().iter().find(|c| c["party"] == party).unwrap().clone();

    // The demo's last check-ins are long past: every side has missed its daily check-in.
    let before = server.get_json("/v1/hotline/check-ins", Some(&pk)).await;
    assert_eq!(board(&before, "PK")["missed"], true);
    assert_eq!(board(&before, "AF")["missed"], true);

    let check_in = actor("pk-duty-officer").sign(
        &server,
        Kind::HotlineMessage,
        vec![],
        Visibility::Joint,
        json!({"type": "check_in", "to": ["AF", "TR"], "sector": "khyber-torkham", "priority": "routine",
               "text": {"text": "Daily check-in", "lang": "en"}}),
    );
    server.submit_ok(&check_in).await;
    let tr_ack =
        actor("tr-duty-officer").sign(&server, Kind::HotlineAck, vec![check_in.id], Visibility::Joint, json!({}));
    server.submit_ok(&tr_ack).await;
    let now = server.get_json("/v1/hotline/check-ins", Some(&pk)).await;
    assert_eq!(board(&now, "PK")["missed"], false);
    assert_eq!(board(&now, "PK")["unanswered"], json!([]), "not yet due");

    server.clock.advance(61 * MINUTE);
    let pk = server.login("pk-duty-officer").await;
    let later = server.get_json("/v1/hotline/check-ins", Some(&pk)).await;
    assert_eq!(board(&later, "PK")["unanswered"], json!(["AF"]), "Afghanistan's console did not answer");
    server.clock.advance(24 * 60 * MINUTE);
    let pk = server.login("pk-duty-officer").await; // the first sign-in has expired (1 h)
    let next_day = server.get_json("/v1/hotline/check-ins", Some(&pk)).await;
    assert_eq!(board(&next_day, "PK")["missed"], true);

    let un = server.login("un-observer").await;
    assert_eq!(server.get("/v1/hotline/check-ins", Some(&un)).await.status(), 403);
    assert_eq!(server.get("/v1/hotline/duty", Some(&un)).await.status(), 403);
    assert_eq!(server.get("/v1/hotline/check-ins", None).await.status(), 401);
    let duty = server.get_json("/v1/hotline/duty", Some(&pk)).await;
    let af = duty.as_array().unwrap().iter().find(|r| r["party"] == "AF").expect("Afghanistan's roster");
    assert_eq!(af["officers"][0], key_of("af-duty-officer"));
    server.stop().await;
}

/// A `jirga hotline console` process, driven line by line as a duty officer would.
struct Console {
    child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    out: tokio::sync::mpsc::UnboundedReceiver<String>,
}

impl Console {
    async fn start(server: &TestServer, dir: &std::path::Path, handle: &str) -> Console {
        let party = crate::common::scenario().member(handle).unwrap().party.clone();
        let key = dir.join(format!("{handle}.key"));
        let file = model::KeyFile::new(handle, &party, &jirga::scenario::demo_key(handle));
        std::fs::write(&key, serde_json::to_string(&file).unwrap()).unwrap();
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_jirga"))
            .args(["hotline", "console", "--server", &server.url, "--key", key.to_str().unwrap()])
            .env("RUST_LOG", "warn")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("run jirga hotline console");
        let (tx, out) = tokio::sync::mpsc::unbounded_channel();
        use tokio::io::AsyncBufReadExt;
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn tokio::io::AsyncRead + Unpin + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut lines = tokio::io::BufReader::new(stream).lines();
                while let Ok(Some(l)) = lines.next_line().await {
                    let _ = tx.send(l);
                }
            });
        }
        let stdin = child.stdin.take().unwrap();
        let mut console = Console { child, stdin, out };
        console.expect("-- live feed connected").await;
        console
    }

    async fn type_line(&mut self, line: &str) {
        use tokio::io::AsyncWriteExt;
        self.stdin.write_all(format!("{line}\n").as_bytes()).await.unwrap();
        self.stdin.flush().await.unwrap();
    }

    /// The first line (from now) containing `text`; fails after 15 s.
    async fn expect(&mut self, text: &str) -> String {
        let mut seen = Vec::new();
        loop {
            match tokio::time::timeout(Duration::from_secs(15), self.out.recv()).await {
                Ok(Some(l)) if l.contains(text) => return l,
                Ok(Some(l)) => seen.push(l),
                _ => panic!("the console never printed {text:?}; it printed:\n{}", seen.join("\n")),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_terminal_consoles_exchange_a_request_to_cease_fire_and_see_an_unanswered_one_escalate() {
    let server = TestServer::demo(Db::Sqlite).await;
    let dir = tempfile::tempdir().unwrap();
    let mut pk = Console::start(&server, dir.path(), "pk-duty-officer").await;
    let mut af = Console::start(&server, dir.path(), "af-duty-officer").await;

    pk.type_line("cease AF chaman-spin-boldak Stop firing on post 14").await;
    let received = af.expect("Stop firing on post 14").await;
    assert!(received.contains("FLASH cease_fire_request PK->AF chaman-spin-boldak"), "{received}");
    let number = received.trim_start_matches('[').split(']').next().unwrap().to_string();
    af.type_line(&format!("ack {number} Holding fire")).await;
    assert!(pk.expect("acknowledged by AF").await.ends_with(": Holding fire"));

    // A notice nobody answers climbs the chain; both consoles show each step.
    af.type_line("fire PK zhob Mortar rounds landing near Qamaruddin Karez").await;
    pk.expect("Mortar rounds landing near Qamaruddin Karez").await;
    server.clock.advance(10 * MINUTE + 1_000);
    assert_eq!(round(&server).await, 1);
    af.expect("ESCALATED to the backup duty officers and HQ").await;
    server.clock.advance(10 * MINUTE);
    assert_eq!(round(&server).await, 1);
    assert!(pk.expect("ESCALATED to the mediators").await.contains("mediators' duty officers"));

    af.type_line("ack 999").await;
    assert!(af.expect("??").await.contains("no message 999"));
    pk.type_line("quit").await;
    let status = tokio::time::timeout(Duration::from_secs(10), pk.child.wait()).await.unwrap().unwrap();
    assert!(status.success());
    server.stop().await;
}
