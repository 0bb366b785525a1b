//! Filing an incident report and answering one from the command line (`jirga report --key …`,
//! `jirga respond`), signed here with the member's key file, sent now or queued for when the link
//! is back (`--queue`); and proving a statement's place in the log (`jirga log prove`).

use super::queue::{self, QueueArgs};
use super::*;

#[derive(Args)]
pub(super) struct ReportArgs {
    #[command(flatten)]
    pub(super) server: ServerArgs,
    #[command(flatten)]
    pub(super) key: KeyArgs,
    /// A JSON file with the whole report body (other report flags are then ignored).
    #[arg(long)]
    pub(super) body: Option<PathBuf>,
    #[arg(long)]
    pub(super) category: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub(super) lat: Option<f64>,
    #[arg(long, allow_hyphen_values = true)]
    pub(super) lon: Option<f64>,
    #[arg(long, default_value_t = 1000)]
    pub(super) precision_m: u32,
    #[arg(long)]
    pub(super) sector: Option<String>,
    #[arg(long)]
    pub(super) place: Option<String>,
    /// When it happened (RFC 3339); default now.
    #[arg(long)]
    pub(super) occurred: Option<String>,
    /// minute, hour, day, week or month.
    #[arg(long, default_value = "minute")]
    pub(super) precision: String,
    #[arg(long)]
    pub(super) accused: Option<String>,
    #[arg(long)]
    pub(super) title: Option<String>,
    #[arg(long)]
    pub(super) narrative: Option<String>,
    #[arg(long, default_value = "en")]
    pub(super) lang: String,
    #[arg(long, default_value_t = 0)]
    pub(super) killed: u32,
    #[arg(long, default_value_t = 0)]
    pub(super) wounded: u32,
    #[arg(long, default_value = "joint")]
    pub(super) visibility: String,
    #[command(flatten)]
    pub(super) queue: QueueArgs,
}

#[derive(Args)]
pub(super) struct RespondArgs {
    #[command(flatten)]
    server: ServerArgs,
    #[command(flatten)]
    key: KeyArgs,
    #[arg(long)]
    incident: String,
    /// acknowledge, deny, contest or counter_claim.
    #[arg(long)]
    position: String,
    #[arg(long)]
    narrative: String,
    #[arg(long, default_value = "en")]
    lang: String,
    #[arg(long, default_value = "joint")]
    visibility: String,
    #[command(flatten)]
    queue: QueueArgs,
}

pub(super) async fn report(args: ReportArgs) -> Result<()> {
    let body = args.body()?;
    let (visibility, key) = (visibility(&args.visibility)?, load_key(&args.key.key)?);
    file(&args.server, &args.queue, &key, Kind::IncidentReport, vec![], visibility, &body).await
}

pub(super) async fn respond(args: RespondArgs) -> Result<()> {
    let id = StatementId::parse(&args.incident).context("--incident: a 64-hex-character id")?;
    let body = json!({"position": args.position, "narrative": {"text": args.narrative, "lang": args.lang}});
    let (visibility, key) = (visibility(&args.visibility)?, load_key(&args.key.key)?);
    file(&args.server, &args.queue, &key, Kind::Response, vec![id], visibility, &body).await
}

/// Sends the statement now, or queues it when asked to.
pub(super) async fn file(
    server: &ServerArgs,
    queue: &QueueArgs,
    key: &(KeyFile, SecretKey),
    kind: Kind,
    refs: Vec<StatementId>,
    visibility: Visibility,
    body: &Value,
) -> Result<()> {
    if queue.queue {
        let sign = |deployment: &StatementId| client::sign(deployment, key, kind, refs, visibility, body);
        return queue::put(queue, &server.server, sign).await;
    }
    print_json(&Client::new(&server.server).submit(key, kind, refs, visibility, body).await?);
    Ok(())
}

impl ReportArgs {
    pub(super) fn body(&self) -> Result<Value> {
        if let Some(path) = &self.body {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            return serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()));
        }
        let need = |v: &Option<String>, flag: &str| {
            v.clone().with_context(|| format!("--{flag} is required (or give --body FILE)"))
        };
        let occurred = self
            .occurred
            .clone()
            .unwrap_or_else(|| chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        let count = |n: u32| if n > 0 { json!({"best": n}) } else { Value::Null };
        let mut body = json!({
            "occurred": {"start": occurred, "precision": self.precision},
            "location": {"lat": self.lat.context("--lat is required")?, "lon": self.lon.context("--lon is required")?,
                         "precision_m": self.precision_m, "sector": need(&self.sector, "sector")?},
            "category": need(&self.category, "category")?,
            "title": {"text": need(&self.title, "title")?, "lang": self.lang},
            "narrative": {"text": need(&self.narrative, "narrative")?, "lang": self.lang},
        });
        if let Some(p) = &self.place {
            body["location"]["place"] = json!(p);
        }
        if let Some(a) = &self.accused {
            body["accused"] = json!(a);
        }
        if self.killed > 0 || self.wounded > 0 {
            body["casualties"] =
                json!({"killed": {"military": count(self.killed)}, "wounded": {"military": count(self.wounded)}});
            for k in ["killed", "wounded"] {
                if body["casualties"][k]["military"].is_null() {
                    body["casualties"][k] = json!({});
                }
            }
        }
        Ok(body)
    }
}

pub(super) async fn prove(server: &str, log_key: Option<&str>, id: &str) -> Result<()> {
    let client = Client::new(server);
    let (cp, _, _) = client.verified_checkpoint(log_key).await?;
    let p: Value = client.get(&format!("/v1/statements/{id}/proof?size={}", cp.size)).await?;
    let entry = B64.decode(p["entry"].as_str().unwrap_or_default()).context("entry is not base64")?;
    let proof: Vec<ledger::Hash> = p["proof"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| {
            B64.decode(h.as_str().unwrap_or_default()).ok().and_then(|b| b.try_into().ok()).context("bad proof hash")
        })
        .collect::<Result<_>>()?;
    let index = p["index"].as_u64().context("no index")?;
    let parsed = model::statement::Entry::parse(&entry).map_err(|e| anyhow::anyhow!("{e}"))?;
    if parsed.id.hex() != id {
        bail!("the server sent the entry of another statement");
    }
    ledger::verify_inclusion(&ledger::leaf_hash(&entry), index, cp.size, &proof, &cp.root)
        .map_err(|e| anyhow::anyhow!("the inclusion proof does NOT verify: {e}"))?;
    println!("statement {id} is entry {index} of the log, proven against the signed checkpoint of size {}", cp.size);
    Ok(())
}

#[derive(clap::Args)]
pub(super) struct IncidentsArgs {
    #[command(flatten)]
    server: ServerArgs,
    /// Sign in with this key to see what your party may see.
    #[arg(long, env = "JIRGA_KEY")]
    key: Option<PathBuf>,
    #[arg(long)]
    sector: Option<String>,
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    category: Option<String>,
    #[arg(long)]
    party: Option<String>,
    /// An actor of the register (its id, as `jirga actor list` shows it).
    #[arg(long)]
    actor: Option<String>,
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `jirga incidents`: the list, filtered, one line each (or JSON).
pub(super) async fn incidents(a: IncidentsArgs) -> Result<()> {
    let mut client = Client::new(&a.server.server);
    if let Some(k) = a.key {
        client.login(&load_key(&k)?.1).await?;
    }
    let mut query = format!("/v1/incidents?limit={}", a.limit);
    let filters =
        [("sector", a.sector), ("status", a.status), ("category", a.category), ("party", a.party), ("actor", a.actor)];
    for (name, v) in filters {
        if let Some(v) = v {
            query.push_str(&format!("&{name}={}", urlencoding(&v)));
        }
    }
    let page: Value = client.get(&query).await?;
    if a.json {
        print_json(&page);
        return Ok(());
    }
    for i in page["incidents"].as_array().into_iter().flatten() {
        println!(
            "{}  {}  {:<10} {:<3}→{:<3} {:<20} {:<22} {}",
            &i["id"].as_str().unwrap_or("")[..12],
            &i["occurred_start"].as_str().unwrap_or("")[..16],
            i["status"].as_str().unwrap_or(""),
            i["party"].as_str().unwrap_or(""),
            i["accused"].as_str().unwrap_or("-"),
            i["sector"].as_str().unwrap_or(""),
            i["category"].as_str().unwrap_or(""),
            i["title"].as_str().unwrap_or("")
        );
    }
    Ok(())
}

/// A filter's value as a query string takes it.
fn urlencoding(v: &str) -> String {
    serde_urlencoded::to_string([("v", v)]).unwrap_or_default().trim_start_matches("v=").to_string()
}
