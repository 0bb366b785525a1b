//! The CLI's outbox, for a post whose link comes and goes: `jirga report … --queue` signs the
//! statement now (its signed time is the moment the member acted) and keeps it as a file in the
//! queue folder; `jirga queue send` sends what waits, oldest first, when the link is back;
//! `jirga queue list` shows each item as queued, in the log or refused and why.
//!
//! Layout of the folder: `<signed ms>-<id>.json` wait to be sent; `sent/` and `refused/` keep what
//! became of the others, with the server's receipt or reason. Each file is written whole (to a
//! temporary name, synced, then renamed), so a crash or a pulled battery leaves no half item.

use super::client::{Client, Delivery};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use model::{Statement, StatementId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[derive(Args, Clone)]
pub(super) struct QueueArgs {
    /// Sign now and keep the statement in the queue folder instead of sending it; `jirga queue
    /// send` sends it when the link is back.
    #[arg(long)]
    pub(super) queue: bool,
    #[command(flatten)]
    pub(super) folder: QueueFolder,
}

#[derive(Args, Clone)]
pub(super) struct QueueFolder {
    /// The queue folder (default: $HOME/.jirga/queue).
    #[arg(long, env = "JIRGA_QUEUE")]
    queue_dir: Option<PathBuf>,
}

impl QueueFolder {
    fn path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.queue_dir {
            return Ok(p.clone());
        }
        let home = std::env::var_os("HOME").context("no HOME: give --queue-dir or JIRGA_QUEUE")?;
        Ok(PathBuf::from(home).join(".jirga/queue"))
    }
}

#[derive(Subcommand)]
pub(super) enum QueueCommand {
    /// Show what waits in the queue, and what became of what was sent from it.
    List {
        #[command(flatten)]
        folder: QueueFolder,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Send what waits, oldest first; stops at the first that cannot go now (the link is still
    /// down), so that the order is kept.
    Send {
        #[command(flatten)]
        folder: QueueFolder,
        /// Send to this server rather than the one each item was signed for.
        #[arg(long)]
        server: Option<String>,
    },
}

/// One statement in the queue, as kept on disk.
#[derive(Serialize, Deserialize)]
struct Item {
    id: String,
    server: String,
    kind: String,
    signed_at: i64,
    /// A line to tell the item by (a report's title).
    summary: String,
    submission: Value,
    /// The server's receipt, once in the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    receipt: Option<Value>,
    /// Why the server refused it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refused: Option<String>,
}

/// The deployment the queue signs for, remembered from the last time the server was reached: a
/// statement names its deployment, and a post offline cannot ask.
#[derive(Serialize, Deserialize)]
struct Known {
    server: String,
    deployment: String,
}

/// Signs the statement now (`sign` is given the deployment's id) and keeps it in the queue;
/// prints where.
pub(super) async fn put(
    args: &QueueArgs,
    server: &str,
    sign: impl FnOnce(&StatementId) -> Result<Statement>,
) -> Result<()> {
    let dir = args.folder.path()?;
    std::fs::create_dir_all(&dir).with_context(|| format!("creating the queue folder {}", dir.display()))?;
    let st = sign(&deployment(&dir, server).await?)?;
    let body = st.body_value();
    let summary = body["title"]["text"].as_str().or(body["narrative"]["text"].as_str()).unwrap_or_default();
    let item = Item {
        id: st.id.hex(),
        server: server.to_string(),
        kind: st.header.kind.as_str().to_string(),
        signed_at: st.header.time,
        summary: summary.chars().take(80).collect(),
        submission: serde_json::to_value(st.submission())?,
        receipt: None,
        refused: None,
    };
    let path = dir.join(format!("{:013}-{}.json", item.signed_at, item.id));
    write_whole(&path, &serde_json::to_vec_pretty(&item)?)?;
    println!("{}", item.id);
    eprintln!("signed at {} and queued in {}; `jirga queue send` sends it", utc(item.signed_at), dir.display());
    Ok(())
}

pub(super) async fn run(command: QueueCommand) -> Result<()> {
    match command {
        QueueCommand::List { folder, json } => list(&folder.path()?, json),
        QueueCommand::Send { folder, server } => send(&folder.path()?, server.as_deref()).await,
    }
}

/// The deployment's id: the one remembered for `server`, or asked of it (and then remembered).
async fn deployment(dir: &Path, server: &str) -> Result<StatementId> {
    let known_path = dir.join("deployment.json");
    if let Ok(text) = std::fs::read_to_string(&known_path) {
        if let Ok(known) = serde_json::from_str::<Known>(&text) {
            if known.server == server {
                return StatementId::parse(&known.deployment).context("deployment.json holds no valid id");
            }
        }
    }
    let id = Client::new(server).deployment_id().await.with_context(|| {
        format!(
            "the queue does not know the deployment of {server} yet: run `jirga report --queue` once while {server} \
             can be reached (it is remembered in {})",
            known_path.display()
        )
    })?;
    let known = Known { server: server.to_string(), deployment: id.hex() };
    write_whole(&known_path, &serde_json::to_vec_pretty(&known)?)?;
    Ok(id)
}

/// The items in `dir` (one folder of the queue), oldest first.
fn items(dir: &Path) -> Result<Vec<(PathBuf, Item)>> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension() == Some("json".as_ref()) && p.file_name() != Some("deployment.json".as_ref()))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => vec![],
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
            let item = serde_json::from_slice(&text).with_context(|| format!("{} is not a queue item", p.display()))?;
            Ok((p, item))
        })
        .collect()
}

fn list(dir: &Path, json: bool) -> Result<()> {
    let mut all = vec![];
    for (status, sub) in [("queued", dir.to_path_buf()), ("logged", dir.join("sent")), ("refused", dir.join("refused"))]
    {
        for (_, item) in items(&sub)? {
            all.push((status, item));
        }
    }
    all.sort_by_key(|(_, i)| i.signed_at);
    if json {
        let rows: Vec<Value> = all
            .iter()
            .map(|(status, i)| {
                serde_json::json!({"status": status, "id": i.id, "kind": i.kind, "signed_at": i.signed_at,
                                   "summary": i.summary, "server": i.server, "receipt": i.receipt, "refused": i.refused})
            })
            .collect();
        super::print_json(&Value::Array(rows));
        return Ok(());
    }
    if all.is_empty() {
        println!("the queue in {} is empty", dir.display());
    }
    for (status, i) in &all {
        let after = match (status, &i.receipt, &i.refused) {
            (_, Some(r), _) => format!("  entry {} of the log", r["index"]),
            (_, _, Some(why)) => format!("  refused: {why}"),
            _ => String::new(),
        };
        println!("{status:<8} {}  signed {}  {:<16} {}{after}", &i.id[..12], utc(i.signed_at), i.kind, i.summary);
    }
    Ok(())
}

async fn send(dir: &Path, server: Option<&str>) -> Result<()> {
    let waiting = items(dir)?;
    let total = waiting.len();
    let (mut logged, mut refused) = (0, 0);
    for (n, (path, mut item)) in waiting.into_iter().enumerate() {
        let client = Client::new(server.unwrap_or(&item.server));
        match client.deliver(&item.submission).await {
            Delivery::Logged(receipt) => {
                println!("logged   {}  entry {} of the log  {}", &item.id[..12], receipt["index"], item.summary);
                item.receipt = Some(receipt);
                settle(&path, &dir.join("sent"), &item)?;
                logged += 1;
            }
            Delivery::Refused(why) => {
                println!("refused  {}  {}  {why}", &item.id[..12], item.summary);
                item.refused = Some(why);
                settle(&path, &dir.join("refused"), &item)?;
                refused += 1;
            }
            Delivery::NotNow(why) => {
                let left = total - n;
                bail!(
                    "{logged} sent, {refused} refused; {left} still queued (in order, from {}): {why}",
                    &item.id[..12]
                );
            }
        }
    }
    if refused > 0 {
        bail!("{logged} sent, {refused} refused by the server (`jirga queue list` shows why)");
    }
    eprintln!("{logged} sent; the queue is empty");
    Ok(())
}

/// Moves a sent item out of the queue into `to`, with what became of it; written there before
/// it leaves the queue, so a crash between the two at worst sends it again (the log keeps one).
fn settle(from: &Path, to: &Path, item: &Item) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    let name = from.file_name().context("a queue item's name")?;
    write_whole(&to.join(name), &serde_json::to_vec_pretty(item)?)?;
    std::fs::remove_file(from).with_context(|| format!("removing {}", from.display()))
}

/// Writes `bytes` to `path` whole or not at all.
pub(super) fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("partial");
    let mut f = std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    if let Some(parent) = path.parent() {
        // The rename is durable once the folder is.
        std::fs::File::open(parent).and_then(|d| d.sync_all()).ok();
    }
    Ok(())
}

fn utc(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default()
}
