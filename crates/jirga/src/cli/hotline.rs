//! `jirga hotline …`: the duty officer's terminal console. Plain lines in and out, so it works
//! over SSH on a poor line: the live feed reconnects by itself and resumes from the last event it
//! printed, and every command is a short line (`cease AF chaman-spin-boldak Stop firing`, `ack 3`).

use super::client::Client;
use super::{print_json, signed_in, KeyArgs, ServerArgs};
use anyhow::{bail, Context, Result};
use clap::Subcommand;
use futures_util::StreamExt;
use model::hotline::MessageType;
use model::statement::{Kind, Visibility};
use model::{KeyFile, SecretKey, StatementId};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncBufReadExt;

#[derive(Subcommand)]
pub enum HotlineCommand {
    /// The interactive console: the live feed, and commands typed one per line (`help` lists them).
    Console {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// Start the feed after this event id (default: from now on; the unacknowledged messages
        /// are listed first).
        #[arg(long)]
        after: Option<i64>,
    },
    /// Send one message.
    Send {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// cease (request to cease fire), fire (notice of fire), notice (prior notice), medevac,
        /// crossing, checkin, text; or the full name (cease_fire_request, …).
        #[arg(long = "type")]
        message_type: String,
        /// The party addressed (repeat for several).
        #[arg(long = "to", required = true)]
        to: Vec<String>,
        #[arg(long)]
        sector: String,
        /// flash, immediate or routine; default by type.
        #[arg(long)]
        priority: Option<String>,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "en")]
        lang: String,
        #[arg(long, allow_hyphen_values = true, requires = "lon")]
        lat: Option<f64>,
        #[arg(long, allow_hyphen_values = true, requires = "lat")]
        lon: Option<f64>,
        /// Signed here and kept for `jirga queue send` when the link is down.
        #[command(flatten)]
        queue: super::queue::QueueArgs,
    },
    /// Acknowledge a message (sending it again changes nothing).
    Ack {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        message: String,
        #[arg(long)]
        reply: Option<String>,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Print the feed as JSON lines until interrupted; resumes after reconnects.
    Feed {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        after: Option<i64>,
    },
    /// The messages nobody has acknowledged yet, with their deadlines and escalation.
    Open {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
    },
    /// Who is on duty, per party and sector.
    Duty {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
    },
    /// Where you are told of messages and escalations: shows them, or sets them (each option
    /// given replaces what was set; the others are cleared).
    Channels {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// An email address.
        #[arg(long)]
        email: Option<String>,
        /// One of the server's webhooks, NAME or NAME:RECIPIENT (a phone number, a call sign).
        #[arg(long)]
        webhook: Option<String>,
        /// The language of the notices: en, ur, ps or prs.
        #[arg(long)]
        lang: Option<String>,
    },
    /// How a message and its escalations were delivered: each email and webhook, with attempts.
    Deliveries {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// The message's statement id.
        message: String,
    },
}

/// A short name or the full one.
fn message_type(s: &str) -> Result<MessageType> {
    let t = match s {
        "cease" => MessageType::CeaseFireRequest,
        "fire" => MessageType::NoticeOfFire,
        "notice" => MessageType::PriorNotice,
        "medevac" => MessageType::MedevacRequest,
        "crossing" => MessageType::CrossingNotice,
        "checkin" => MessageType::CheckIn,
        "text" => MessageType::FreeText,
        other => match MessageType::ALL.iter().find(|t| t.as_str() == other) {
            Some(t) => *t,
            None => bail!("unknown message type {other:?}: cease, fire, notice, medevac, crossing, checkin or text"),
        },
    };
    Ok(t)
}

fn default_priority(t: MessageType) -> &'static str {
    match t {
        MessageType::CeaseFireRequest | MessageType::NoticeOfFire => "flash",
        MessageType::MedevacRequest => "immediate",
        _ => "routine",
    }
}

fn message_body(t: MessageType, to: &[String], sector: &str, priority: Option<&str>, text: &str, lang: &str) -> Value {
    json!({"type": t.as_str(), "to": to, "sector": sector, "priority": priority.unwrap_or(default_priority(t)),
           "text": {"text": text, "lang": lang}})
}

pub async fn hotline(command: HotlineCommand) -> Result<()> {
    match command {
        HotlineCommand::Console { server, key, after } => console(server, key, after).await,
        HotlineCommand::Send { server, key, message_type: t, to, sector, priority, text, lang, lat, lon, queue } => {
            let t = message_type(&t)?;
            if t == MessageType::PriorNotice {
                bail!("a prior notice says what, where and when: send it with the API (body.activity)");
            }
            let mut body = message_body(t, &to, &sector, priority.as_deref(), &text, &lang);
            if let (Some(lat), Some(lon)) = (lat, lon) {
                body["location"] = json!({"lat": lat, "lon": lon, "precision_m": 1000});
            }
            let key = super::client::load_key(&key.key)?;
            super::filing::file(&server, &queue, &key, Kind::HotlineMessage, vec![], Visibility::Joint, &body).await
        }
        HotlineCommand::Ack { server, key, message, reply, lang } => {
            let (client, key) = signed_in(&server, &key).await?;
            let id = StatementId::parse(&message).context("the message: its 64-hex-character statement id")?;
            let body = match reply {
                Some(r) => json!({"reply": {"text": r, "lang": lang}}),
                None => json!({}),
            };
            print_json(&client.submit(&key, Kind::HotlineAck, vec![id], Visibility::Joint, &body).await?);
            Ok(())
        }
        HotlineCommand::Feed { server, key, after } => {
            let (client, key) = signed_in(&server, &key).await?;
            follow(client, key.1, after, |e| println!("{e}")).await
        }
        HotlineCommand::Open { server, key } => {
            let (client, _) = signed_in(&server, &key).await?;
            print_json(&client.get::<Value>("/v1/hotline/open").await?);
            Ok(())
        }
        HotlineCommand::Duty { server, key } => {
            let (client, _) = signed_in(&server, &key).await?;
            print_json(&client.get::<Value>("/v1/hotline/duty").await?);
            Ok(())
        }
        HotlineCommand::Channels { server, key, email, webhook, lang } => {
            let (client, _) = signed_in(&server, &key).await?;
            if email.is_none() && webhook.is_none() && lang.is_none() {
                print_json(&client.get::<Value>("/v1/me/channels").await?);
            } else {
                let channels = crate::store::Channels { email, webhook, lang };
                print_json(&client.put::<Value>("/v1/me/channels", &serde_json::to_value(channels)?).await?);
            }
            Ok(())
        }
        HotlineCommand::Deliveries { server, key, message } => {
            let (client, _) = signed_in(&server, &key).await?;
            print_json(&client.get::<Value>(&format!("/v1/hotline/deliveries?message={message}")).await?);
            Ok(())
        }
    }
}

/// Follows the feed for ever: on a dropped connection it waits (1 s, doubling to 30 s) and
/// resumes after the last event it passed on, signing in again if the token has expired.
async fn follow(mut client: Client, key: SecretKey, after: Option<i64>, mut on_event: impl FnMut(Value)) -> Result<()> {
    let mut last = after;
    let mut wait = Duration::from_secs(1);
    loop {
        match client.feed(last).await {
            Ok(resp) => {
                wait = Duration::from_secs(1);
                eprintln!("-- live feed connected");
                let mut stream = resp.bytes_stream();
                let mut buffer = String::new();
                while let Some(chunk) = stream.next().await {
                    let Ok(chunk) = chunk else { break };
                    buffer.push_str(&String::from_utf8_lossy(&chunk));
                    while let Some(end) = buffer.find("\n\n") {
                        let block: String = buffer.drain(..end + 2).collect();
                        let data: String = block.lines().filter_map(|l| l.strip_prefix("data:")).collect();
                        if let Ok(event) = serde_json::from_str::<Value>(data.trim()) {
                            last = event["index"].as_i64().or(last);
                            on_event(event);
                        }
                    }
                }
                eprintln!("-- the feed dropped; reconnecting");
            }
            Err(e) if e.to_string().starts_with("401") => {
                if let Err(e) = client.login(&key).await {
                    eprintln!("-- cannot sign in again: {e:#}");
                }
            }
            Err(e) => eprintln!("-- the feed is unreachable ({e:#}); trying again in {} s", wait.as_secs()),
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(30));
    }
}

/// Numbers each message as it is shown, so that `ack 3` names it.
#[derive(Default)]
struct Numbers {
    by_id: HashMap<String, usize>,
    ids: Vec<String>,
}

impl Numbers {
    fn number(&mut self, id: &str) -> usize {
        if let Some(n) = self.by_id.get(id) {
            return *n;
        }
        self.ids.push(id.to_string());
        self.by_id.insert(id.to_string(), self.ids.len());
        self.ids.len()
    }

    /// A number shown, or a statement id (or its first characters).
    fn resolve(&self, s: &str) -> Option<String> {
        if let Ok(n) = s.parse::<usize>() {
            return self.ids.get(n.checked_sub(1)?).cloned();
        }
        let found: Vec<&String> = self.ids.iter().filter(|id| id.starts_with(s)).collect();
        match found.as_slice() {
            [one] => Some(one.to_string()),
            _ => StatementId::parse(s).map(|id| id.hex()),
        }
    }
}

/// A JSON list of party ids as "AF,TR".
fn parties(v: &Value) -> String {
    v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(",")).unwrap_or_default()
}

fn time_of(v: &Value) -> String {
    v.as_str().and_then(|t| t.get(11..19)).map(|t| format!("{t}Z")).unwrap_or_default()
}

/// One event as a line of the console.
fn line(e: &Value, numbers: &mut Numbers) -> String {
    let body = &e["body"];
    let at = time_of(&e["logged_at"]);
    match e["event"].as_str() {
        Some("message") => {
            let n = numbers.number(e["statement"].as_str().unwrap_or_default());
            format!(
                "[{n}] {at} {} {} {}->{} {}: {}",
                body["priority"].as_str().unwrap_or("").to_uppercase(),
                body["type"].as_str().unwrap_or(""),
                e["party"].as_str().unwrap_or(""),
                parties(&e["addressed"]),
                body["sector"].as_str().unwrap_or(""),
                body["text"]["text"].as_str().unwrap_or(""),
            )
        }
        Some("ack") => {
            let n = numbers.number(e["message"].as_str().unwrap_or_default());
            let reply = body["reply"]["text"].as_str().map(|r| format!(": {r}")).unwrap_or_default();
            format!("    {at} [{n}] acknowledged by {}{reply}", e["party"].as_str().unwrap_or(""))
        }
        Some("escalation") => {
            let n = numbers.number(e["message"].as_str().unwrap_or_default());
            format!(
                "!!  {at} [{n}] ESCALATED to the {}: {}",
                match body["step"].as_str() {
                    Some("mediators") => "mediators",
                    _ => "backup duty officers and HQ",
                },
                body["text"]["text"].as_str().unwrap_or("")
            )
        }
        _ => format!("    {e}"),
    }
}

const HELP: &str = "commands:
  cease|fire|medevac|crossing|checkin|text PARTY[,PARTY] SECTOR TEXT…   send a message
  ack N [REPLY…]      acknowledge message N (the number in brackets)
  open                the messages nobody has acknowledged yet
  duty                who is on duty
  help, quit";

async fn console(server: ServerArgs, key_args: KeyArgs, after: Option<i64>) -> Result<()> {
    let (mut client, key) = signed_in(&server, &key_args).await?;
    println!("Jirga hotline: {} of {} on {}. Type `help`.", key.0.name, key.0.party, server.server);
    let numbers = Arc::new(Mutex::new(Numbers::default()));
    for m in client.get::<Vec<Value>>("/v1/hotline/open").await? {
        let n = numbers.lock().expect("numbers").number(m["statement"].as_str().unwrap_or_default());
        println!(
            "[{n}] open: {} {}->{} {}, acknowledgement due {}{}",
            m["type"].as_str().unwrap_or(""),
            m["party"].as_str().unwrap_or(""),
            parties(&m["addressed"]),
            m["sector"].as_str().unwrap_or(""),
            m["ack_due"].as_str().map(|t| t.replace('T', " ")).unwrap_or_default(),
            m["escalated"].as_str().map(|s| format!(" (escalated: {s})")).unwrap_or_default()
        );
    }
    let mut feed_client = Client::new(&server.server);
    feed_client.login(&key.1).await?;
    let shown = numbers.clone();
    let feed = tokio::spawn(follow(feed_client, key.1.clone(), after, move |e| {
        println!("{}", line(&e, &mut shown.lock().expect("numbers")));
    }));
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    while let Some(input) = lines.next_line().await? {
        let words: Vec<&str> = input.split_whitespace().collect();
        match words.as_slice() {
            [] => continue,
            ["quit"] | ["exit"] => break,
            ["help"] => {
                println!("{HELP}");
                continue;
            }
            _ => {}
        }
        let mut result = run_command(&client, &key, &words, &numbers).await;
        // A sign-in lasts an hour; a console stays open for a whole watch.
        if matches!(&result, Err(e) if e.to_string().starts_with("401")) {
            result = match client.login(&key.1).await {
                Ok(()) => run_command(&client, &key, &words, &numbers).await,
                Err(e) => Err(e.context("signing in again")),
            };
        }
        if let Err(e) = result {
            println!("?? {e:#}");
        }
    }
    feed.abort();
    Ok(())
}

/// Runs one typed command; what it sends comes back through the feed.
async fn run_command(
    client: &Client,
    key: &(KeyFile, SecretKey),
    words: &[&str],
    numbers: &Mutex<Numbers>,
) -> Result<()> {
    match words {
        ["open"] => print_json(&client.get::<Value>("/v1/hotline/open").await?),
        ["duty"] => print_json(&client.get::<Value>("/v1/hotline/duty").await?),
        ["ack", n, reply @ ..] => {
            let id = numbers.lock().expect("numbers").resolve(n);
            let id = id.with_context(|| format!("no message {n}; see the numbers in brackets"))?;
            let id = StatementId::parse(&id).context("a bad statement id")?;
            let body =
                if reply.is_empty() { json!({}) } else { json!({"reply": {"text": reply.join(" "), "lang": "en"}}) };
            client.submit(key, Kind::HotlineAck, vec![id], Visibility::Joint, &body).await?;
        }
        [t, to, sector, text @ ..] if !text.is_empty() => {
            let t = message_type(t)?;
            let to: Vec<String> = to.split(',').map(String::from).collect();
            let body = message_body(t, &to, sector, None, &text.join(" "), "en");
            client.submit(key, Kind::HotlineMessage, vec![], Visibility::Joint, &body).await?;
        }
        _ => bail!("not understood; type `help`"),
    }
    Ok(())
}
