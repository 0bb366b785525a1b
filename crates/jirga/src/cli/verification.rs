//! `jirga evidence …`, `jirga investigation …`, `jirga finding …`, `jirga commitments`: evidence
//! files and joint verification, signed here with the member's key file.

use super::client::{load_key, statement_id, statement_ids, Client};
use super::{member_key, print_json, signed_in, visibility, KeyArgs, ServerArgs};
use anyhow::{bail, Context, Result};
use clap::Subcommand;
use model::statement::{Kind, Visibility};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum EvidenceCommand {
    /// Upload a file and register it in the log (hash, size, type, capture time and place, source).
    Add {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        file: PathBuf,
        /// The incident(s) it is evidence about (repeat).
        #[arg(long = "incident")]
        incidents: Vec<String>,
        /// The device or source it came from.
        #[arg(long)]
        source: String,
        /// e.g. image/jpeg; default: guessed from the file's extension.
        #[arg(long)]
        media_type: Option<String>,
        /// When it was captured (RFC 3339).
        #[arg(long)]
        captured: Option<String>,
        #[arg(long, allow_hyphen_values = true, requires = "lon")]
        lat: Option<f64>,
        #[arg(long, allow_hyphen_values = true, requires = "lat")]
        lon: Option<f64>,
        #[arg(long, default_value_t = 100)]
        precision_m: u32,
        #[arg(long)]
        description: Option<String>,
        #[arg(long, default_value = "en")]
        lang: String,
        /// joint, mediators (sealed: the other party sees only the hash) or party (a draft).
        #[arg(long, default_value = "joint")]
        visibility: String,
    },
    /// Download a file (recorded in the log as a custody event).
    Get {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        sha256: String,
        #[arg(long)]
        out: PathBuf,
        /// Only these bytes: FIRST-LAST.
        #[arg(long)]
        range: Option<String>,
    },
    /// The file's registrations and chain of custody.
    Custody {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        sha256: String,
    },
    /// Record that you handed the file or its medium to someone.
    Transfer {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// The registration (statement id) of the file.
        registration: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum InvestigationCommand {
    /// Open an investigation on an incident with a joint team (mediator investigators).
    Open {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        incident: String,
        /// Team members: key files or public keys, comma-separated or repeated.
        #[arg(long, value_delimiter = ',', required = true)]
        team: Vec<String>,
        /// When the finding is due (RFC 3339).
        #[arg(long)]
        due: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        mandate: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Add a team note; --obstruction records that the team was obstructed.
    Note {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        investigation: String,
        #[arg(long)]
        text: String,
        /// Evidence registrations the note draws on (repeat).
        #[arg(long = "evidence")]
        evidence: Vec<String>,
        /// access_refused, site_unreachable, evidence_withheld, witness_unavailable or other.
        #[arg(long)]
        obstruction: Option<String>,
        #[arg(long, default_value = "en")]
        lang: String,
        /// joint or mediators.
        #[arg(long, default_value = "joint")]
        visibility: String,
    },
    /// Close an investigation (mediators).
    Close {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        investigation: String,
        #[arg(long)]
        reason: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// An investigation with its notes, findings and signatures.
    Show {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        id: String,
    },
}

#[derive(Subcommand)]
pub enum FindingCommand {
    /// Draft a finding (a mediator on the team); drafting is concurring.
    Draft {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        investigation: String,
        /// verified, partly_verified, unsubstantiated, inconclusive or not_attributable.
        #[arg(long)]
        conclusion: String,
        #[arg(long)]
        attribution: Option<String>,
        #[arg(long)]
        summary: String,
        #[arg(long = "evidence")]
        evidence: Vec<String>,
        /// AGREEMENT/CLAUSE:PARTY:verified|rejected (repeat).
        #[arg(long = "breach")]
        breaches: Vec<String>,
        #[arg(long, default_value_t = 0)]
        killed: u32,
        #[arg(long, default_value_t = 0)]
        wounded: u32,
        #[arg(long, default_value = "en")]
        lang: String,
        /// joint or public.
        #[arg(long, default_value = "joint")]
        visibility: String,
    },
    /// Concur with a finding, or dissent with reasons (team members).
    Sign {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        finding: String,
        #[arg(long, conflicts_with = "dissent", required_unless_present = "dissent")]
        concur: bool,
        #[arg(long)]
        dissent: bool,
        /// Required with --dissent: shown beside the finding.
        #[arg(long)]
        reasons: Option<String>,
        #[arg(long, default_value = "en")]
        lang: String,
        #[arg(long, default_value = "joint")]
        visibility: String,
    },
}

fn text(t: &str, lang: &str) -> Value {
    json!({"text": t, "lang": lang})
}

/// The SHA-256 and size of a file, read in pieces (it may be larger than memory).
pub fn hash_file(path: &Path) -> Result<(String, u64)> {
    let mut file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// A media type from the file's extension, for the common kinds of evidence.
pub fn guess_media_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain",
        "csv" => "text/csv",
        "json" | "geojson" => "application/json",
        _ => "application/octet-stream",
    }
}

pub async fn evidence(command: EvidenceCommand) -> Result<()> {
    match command {
        EvidenceCommand::Add {
            server,
            key,
            file,
            incidents,
            source,
            media_type,
            captured,
            lat,
            lon,
            precision_m,
            description,
            lang,
            visibility: vis,
        } => {
            let refs = statement_ids(&incidents, "--incident")?;
            let (client, key) = signed_in(&server, &key).await?;
            let (sha256, size) = hash_file(&file)?;
            match client.evidence_size(&sha256).await? {
                Some(s) if s == size => eprintln!("the server already has {sha256}; not uploading it again"),
                _ => {
                    eprintln!("uploading {} ({size} bytes, SHA-256 {sha256})", file.display());
                    client.upload(&sha256, &file, size).await?;
                }
            }
            let mut body = json!({
                "sha256": sha256, "size": size, "source": source,
                "media_type": media_type.unwrap_or_else(|| guess_media_type(&file).to_string()),
            });
            if let Some(name) = file.file_name().and_then(|n| n.to_str()) {
                body["name"] = json!(name);
            }
            if let Some(c) = captured {
                body["captured_at"] = json!(c);
            }
            if let (Some(lat), Some(lon)) = (lat, lon) {
                body["location"] = json!({"lat": lat, "lon": lon, "precision_m": precision_m});
            }
            if let Some(d) = description {
                body["description"] = text(&d, &lang);
            }
            let receipt = client.submit(&key, Kind::EvidenceRegister, refs, visibility(&vis)?, &body).await?;
            print_json(&receipt);
            Ok(())
        }
        EvidenceCommand::Get { server, key, sha256, out, range } => {
            let (client, _) = signed_in(&server, &key).await?;
            let n = client.download(&sha256, range.as_deref(), &out).await?;
            if range.is_none() {
                let (got, _) = hash_file(&out)?;
                if got != sha256 {
                    bail!("the downloaded file hashes to {got}, not {sha256}: do not trust {}", out.display());
                }
            }
            eprintln!("wrote {n} bytes to {} (the download is recorded in the log)", out.display());
            Ok(())
        }
        EvidenceCommand::Custody { server, key, sha256 } => {
            let (client, _) = signed_in(&server, &key).await?;
            print_json(&client.get::<Value>(&format!("/v1/evidence/{sha256}/custody")).await?);
            Ok(())
        }
        EvidenceCommand::Transfer { server, key, registration, to, note } => {
            let key = load_key(&key.key)?;
            let mut body = json!({"action": "transfer", "member": key.1.public(), "party": key.0.party, "to": to});
            if let Some(n) = note {
                body["note"] = text(&n, "en");
            }
            let refs = vec![statement_id(&registration, "registration")?];
            let receipt =
                Client::new(&server.server).submit(&key, Kind::Custody, refs, Visibility::Joint, &body).await?;
            print_json(&receipt);
            Ok(())
        }
    }
}

pub async fn investigation(command: InvestigationCommand) -> Result<()> {
    match command {
        InvestigationCommand::Open { server, key, incident, team, due, title, mandate, lang } => {
            let team: Vec<_> = team.iter().map(|m| member_key(m)).collect::<Result<_>>()?;
            let body =
                json!({"title": text(&title, &lang), "mandate": text(&mandate, &lang), "team": team, "due": due});
            let refs = vec![statement_id(&incident, "--incident")?];
            let receipt = Client::new(&server.server)
                .submit(&load_key(&key.key)?, Kind::InvestigationOpen, refs, Visibility::Joint, &body)
                .await?;
            print_json(&receipt);
            Ok(())
        }
        InvestigationCommand::Note {
            server,
            key,
            investigation,
            text: t,
            evidence,
            obstruction,
            lang,
            visibility: v,
        } => {
            let mut body = json!({"text": text(&t, &lang), "evidence": statement_ids(&evidence, "--evidence")?});
            if let Some(o) = obstruction {
                body["obstruction"] = json!(o);
            }
            let refs = vec![statement_id(&investigation, "investigation")?];
            let receipt = Client::new(&server.server)
                .submit(&load_key(&key.key)?, Kind::InvestigationNote, refs, visibility(&v)?, &body)
                .await?;
            print_json(&receipt);
            Ok(())
        }
        InvestigationCommand::Close { server, key, investigation, reason, lang } => {
            let refs = vec![statement_id(&investigation, "investigation")?];
            let body = json!({"reason": text(&reason, &lang)});
            let receipt = Client::new(&server.server)
                .submit(&load_key(&key.key)?, Kind::InvestigationClose, refs, Visibility::Joint, &body)
                .await?;
            print_json(&receipt);
            Ok(())
        }
        InvestigationCommand::Show { server, key, id: inv } => {
            let (client, _) = signed_in(&server, &key).await?;
            print_json(
                &client.get::<Value>(&format!("/v1/investigations/{}", statement_id(&inv, "investigation")?)).await?,
            );
            Ok(())
        }
    }
}

fn breach(s: &str) -> Result<Value> {
    let mut parts = s.split(':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(clause), Some(party), Some(verdict), None) => {
            Ok(json!({"clause": clause, "party": party, "verdict": verdict}))
        }
        _ => bail!("--breach {s:?}: write AGREEMENT/CLAUSE:PARTY:verified or …:rejected"),
    }
}

pub async fn finding(command: FindingCommand) -> Result<()> {
    match command {
        FindingCommand::Draft {
            server,
            key,
            investigation,
            conclusion,
            attribution,
            summary,
            evidence,
            breaches,
            killed,
            wounded,
            lang,
            visibility: v,
        } => {
            let count = |n: u32| if n > 0 { json!({"civilian": {"best": n}}) } else { json!({}) };
            let mut body = json!({
                "conclusion": conclusion, "summary": text(&summary, &lang),
                "evidence": statement_ids(&evidence, "--evidence")?,
                "breaches": breaches.iter().map(|b| breach(b)).collect::<Result<Vec<_>>>()?,
                "casualties": {"killed": count(killed), "wounded": count(wounded)},
            });
            if let Some(a) = attribution {
                body["attribution"] = json!(a);
            }
            let refs = vec![statement_id(&investigation, "investigation")?];
            let receipt = Client::new(&server.server)
                .submit(&load_key(&key.key)?, Kind::Finding, refs, visibility(&v)?, &body)
                .await?;
            print_json(&receipt);
            Ok(())
        }
        FindingCommand::Sign { server, key, finding, concur, dissent: _, reasons, lang, visibility: v } => {
            let mut body = json!({"position": if concur { "concur" } else { "dissent" }});
            if let Some(r) = reasons {
                body["reasons"] = text(&r, &lang);
            }
            let refs = vec![statement_id(&finding, "finding")?];
            let receipt = Client::new(&server.server)
                .submit(&load_key(&key.key)?, Kind::FindingSign, refs, visibility(&v)?, &body)
                .await?;
            print_json(&receipt);
            Ok(())
        }
    }
}

pub async fn commitments(server: ServerArgs, key: Option<PathBuf>) -> Result<()> {
    let mut client = Client::new(&server.server);
    if let Some(k) = key {
        client.login(&load_key(&k)?.1).await?;
    }
    let rows: Vec<Value> = client.get("/v1/commitments").await?;
    println!("{:<24} {:<6} {:>8} {:>9} {:>9}", "clause", "party", "alleged", "verified", "rejected");
    for r in rows {
        println!(
            "{:<24} {:<6} {:>8} {:>9} {:>9}",
            r["clause"].as_str().unwrap_or(""),
            r["party"].as_str().unwrap_or(""),
            r["alleged"].as_i64().unwrap_or(0),
            r["verified"].as_i64().unwrap_or(0),
            r["rejected"].as_i64().unwrap_or(0)
        );
    }
    Ok(())
}
