//! The CLI's side of the API: it signs with the member's key file here, on this device, and
//! sends only the signed statement.

use crate::api::auth::login_message;
use anyhow::{bail, Context, Result};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use ledger::checkpoint::Checkpoint;
use ledger::note::Verifier;
use model::statement::{Header, Kind, Visibility};
use model::{KeyFile, SecretKey, Statement, StatementId};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::Path;

pub struct Client {
    pub base: String,
    http: reqwest::Client,
    token: Option<String>,
}

/// What became of a statement sent from the queue.
pub enum Delivery {
    /// In the log: the server's receipt (also when it was already there: a resend).
    Logged(Value),
    /// Refused for good, with the server's reason.
    Refused(String),
    /// Not reached, or the server could not take it now: it stays queued.
    NotNow(String),
}

/// Signs a statement with the member's key, on this device, at this moment, and records it as
/// sent from here (crate::cli::sent).
pub fn sign(
    deployment: &StatementId,
    key: &(KeyFile, SecretKey),
    kind: Kind,
    refs: Vec<StatementId>,
    visibility: Visibility,
    body: &Value,
) -> Result<Statement> {
    let header = Header {
        v: 1,
        kind,
        deployment: deployment.hex(),
        author: key.1.public(),
        party: key.0.party.clone(),
        time: chrono::Utc::now().timestamp_millis(),
        refs,
        visibility,
        body_sha256: String::new(),
        body_len: 0,
    };
    let st = Statement::sign(header, body, &[&key.1]).map_err(|e| anyhow::anyhow!("{e}"))?;
    // Before it can leave this device: the key monitor trusts this record.
    super::sent::record(&st)?;
    Ok(st)
}

pub fn load_key(path: &Path) -> Result<(KeyFile, SecretKey)> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading the key file {}", path.display()))?;
    let file: KeyFile =
        serde_json::from_str(&text).with_context(|| format!("{} is not a Jirga key file", path.display()))?;
    let key = file.secret_key().with_context(|| path.display().to_string())?;
    Ok((file, key))
}

impl Client {
    pub fn new(base: &str) -> Client {
        let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().expect("HTTP client");
        Client { base: base.trim_end_matches('/').to_string(), http, token: None }
    }

    async fn check(resp: reqwest::Response) -> Result<reqwest::Response> {
        if resp.status().is_success() {
            return Ok(resp);
        }
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        match serde_json::from_str::<Value>(&text) {
            Ok(p) => {
                let field = p["field"].as_str().map(|f| format!(" [{f}]")).unwrap_or_default();
                bail!(
                    "{} {}{}: {} (request {})",
                    status.as_u16(),
                    p["code"].as_str().unwrap_or("error"),
                    field,
                    p["detail"].as_str().unwrap_or(&text),
                    p["request_id"].as_str().unwrap_or("-")
                )
            }
            Err(_) => bail!("{status}: {text}"),
        }
    }

    pub async fn get_text(&self, path: &str) -> Result<String> {
        let req = self.authorized(self.http.get(format!("{}{path}", self.base)));
        let resp = req.send().await.with_context(|| format!("cannot reach {}", self.base))?;
        Ok(Self::check(resp).await?.text().await?)
    }

    pub async fn get_bytes(&self, path: &str) -> Result<Vec<u8>> {
        let resp = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .with_context(|| format!("cannot reach {}", self.base))?;
        Ok(Self::check(resp).await?.bytes().await?.to_vec())
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        Ok(serde_json::from_str(&self.get_text(path).await?)?)
    }

    pub async fn post<T: DeserializeOwned>(&self, path: &str, body: &Value) -> Result<T> {
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .with_context(|| format!("cannot reach {}", self.base))?;
        Ok(Self::check(resp).await?.json().await?)
    }

    pub async fn put<T: DeserializeOwned>(&self, path: &str, body: &Value) -> Result<T> {
        let resp = self
            .authorized(self.http.put(format!("{}{path}", self.base)))
            .json(body)
            .send()
            .await
            .with_context(|| format!("cannot reach {}", self.base))?;
        Ok(Self::check(resp).await?.json().await?)
    }

    pub async fn deployment_id(&self) -> Result<StatementId> {
        let d: Value = self.get("/v1/deployment").await?;
        StatementId::parse(d["id"].as_str().unwrap_or_default()).context("the server sent no deployment id")
    }

    /// Signs in with the key: the challenge is signed here; only the signature travels.
    pub async fn login(&mut self, key: &SecretKey) -> Result<()> {
        let c: Value = self.post("/v1/auth/challenge", &serde_json::json!({"key": key.public()})).await?;
        let (challenge, deployment) = (c["challenge"].as_str().unwrap_or(""), c["deployment"].as_str().unwrap_or(""));
        let sig = B64.encode(key.sign(&login_message(deployment, challenge)));
        let t: Value = self
            .post("/v1/auth/token", &serde_json::json!({"key": key.public(), "challenge": challenge, "signature": sig}))
            .await?;
        self.token = t["token"].as_str().map(str::to_string);
        Ok(())
    }

    /// The bearer token of the last sign-in.
    pub fn token(&self) -> Option<String> {
        self.token.clone()
    }

    fn authorized(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    /// Opens the hotline's live feed after event `after` (None: from now on). No overall
    /// timeout: the server sends a keep-alive every 15 s, so 45 s of silence means a dead line.
    pub async fn feed(&self, after: Option<i64>) -> Result<reqwest::Response> {
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(15))
            .read_timeout(std::time::Duration::from_secs(45))
            .build()?;
        let mut req = self.authorized(http.get(format!("{}/v1/hotline/feed", self.base)));
        if let Some(after) = after {
            req = req.header("last-event-id", after.to_string());
        }
        let resp = req.send().await.with_context(|| format!("cannot reach {}", self.base))?;
        Self::check(resp).await
    }

    /// The size of a stored evidence file, or None when the server does not have it.
    pub async fn evidence_size(&self, sha256: &str) -> Result<Option<u64>> {
        let req = self.authorized(self.http.head(format!("{}/v1/evidence/{sha256}", self.base)));
        let resp = req.send().await.with_context(|| format!("cannot reach {}", self.base))?;
        if resp.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let resp = Self::check(resp).await?;
        Ok(resp.headers().get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()))
    }

    /// Streams a file to the evidence store; the server checks its hash before keeping it.
    pub async fn upload(&self, sha256: &str, path: &Path, size: u64) -> Result<Value> {
        let file = tokio::fs::File::open(path).await.with_context(|| format!("opening {}", path.display()))?;
        let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024));
        // No overall timeout: a large file on a slow line takes what it takes.
        let http = reqwest::Client::builder().connect_timeout(std::time::Duration::from_secs(30)).build()?;
        let req = http
            .put(format!("{}/v1/evidence/{sha256}", self.base))
            .header("content-length", size)
            .header("content-type", "application/octet-stream")
            .body(body);
        let resp = self.authorized(req).send().await.with_context(|| format!("uploading to {}", self.base))?;
        Ok(Self::check(resp).await?.json().await?)
    }

    /// Streams an evidence file (or the bytes of `range`, "first-last") into `out`.
    pub async fn download(&self, sha256: &str, range: Option<&str>, out: &Path) -> Result<u64> {
        use futures_util::StreamExt;
        use tokio::io::AsyncWriteExt;
        let http = reqwest::Client::builder().connect_timeout(std::time::Duration::from_secs(30)).build()?;
        let mut req = http.get(format!("{}/v1/evidence/{sha256}", self.base));
        if let Some(r) = range {
            req = req.header("range", format!("bytes={r}"));
        }
        let resp =
            Self::check(self.authorized(req).send().await.with_context(|| format!("cannot reach {}", self.base))?)
                .await?;
        let mut file = tokio::fs::File::create(out).await.with_context(|| format!("creating {}", out.display()))?;
        let mut stream = resp.bytes_stream();
        let mut n = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.context("the download was interrupted")?;
            n += chunk.len() as u64;
            file.write_all(&chunk).await?;
        }
        file.sync_all().await?;
        Ok(n)
    }

    /// Builds, signs and submits a statement; returns the server's receipt.
    pub async fn submit(
        &self,
        key: &(KeyFile, SecretKey),
        kind: Kind,
        refs: Vec<StatementId>,
        visibility: Visibility,
        body: &Value,
    ) -> Result<Value> {
        let st = sign(&self.deployment_id().await?, key, kind, refs, visibility, body)?;
        self.post("/v1/statements", &serde_json::to_value(st.submission())?).await
    }

    /// Sends a statement signed earlier (from the queue) and says what became of it.
    pub async fn deliver(&self, submission: &Value) -> Delivery {
        let sent = self.http.post(format!("{}/v1/statements", self.base)).json(submission).send().await;
        let resp = match sent {
            Ok(r) => r,
            Err(e) => return Delivery::NotNow(format!("cannot reach {}: {e}", self.base)),
        };
        let status = resp.status();
        // A refusal is final only when the statement itself is at fault; a busy or failing server
        // is asked again later.
        let again = status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429;
        match Self::check(resp).await {
            Ok(r) => match r.json().await {
                Ok(receipt) => Delivery::Logged(receipt),
                Err(e) => Delivery::NotNow(format!("the answer was cut off: {e}")),
            },
            Err(e) if again => Delivery::NotNow(e.to_string()),
            Err(e) => Delivery::Refused(e.to_string()),
        }
    }

    /// The latest checkpoint, verified with the log key (given, or taken from the server on
    /// first use — pin it with --log-key for anything that matters).
    pub async fn verified_checkpoint(&self, log_key: Option<&str>) -> Result<(Checkpoint, String, Verifier)> {
        let vkey = match log_key {
            Some(k) => k.to_string(),
            None => self.get::<Value>("/v1/deployment").await?["log_key"].as_str().unwrap_or_default().to_string(),
        };
        let verifier = Verifier::parse(&vkey).map_err(|e| anyhow::anyhow!("log key {vkey:?}: {e}"))?;
        let note = self.get_text("/checkpoint").await?;
        let (cp, _) =
            Checkpoint::open(&note, &verifier).map_err(|e| anyhow::anyhow!("the checkpoint does not verify: {e}"))?;
        Ok((cp, note, verifier))
    }
}

/// A statement id given on the command line, or an error naming the option it came from.
pub fn statement_id(s: &str, what: &str) -> Result<StatementId> {
    StatementId::parse(s).with_context(|| format!("{what} {s:?}: a 64-hex-character statement id"))
}

pub fn statement_ids(v: &[String], what: &str) -> Result<Vec<StatementId>> {
    v.iter().map(|s| statement_id(s, what)).collect()
}
