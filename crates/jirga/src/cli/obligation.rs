//! `jirga obligation …`: an obligation's deliverable carried from the obliged party's report to
//! the verifying team's outcome, one signed step at a time; and `jirga actor …`, the register of
//! actors who are not parties.

use super::client::{load_key, statement_id, Client};
use super::{print_json, KeyArgs, ServerArgs};
use anyhow::{Context, Result};
use clap::Subcommand;
use model::statement::{Kind, StatementId};
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ObligationCommand {
    /// Where every deliverable stands (due, overdue, reported, verified) with visits refused.
    List {
        #[command(flatten)]
        server: ServerArgs,
        #[arg(long, env = "JIRGA_KEY")]
        key: Option<PathBuf>,
        /// Print JSON, every step included.
        #[arg(long)]
        json: bool,
    },
    /// Report, for the obliged party, what was done for a deliverable.
    Report {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// agreement/clause/obligation/deliverable
        #[arg(long)]
        deliverable: String,
        /// done, partly_done or not_done
        #[arg(long)]
        done: String,
        #[arg(long)]
        account: String,
        #[arg(long, default_value = "en")]
        lang: String,
        /// joint, public or mediators (sealed: the other party cannot read it).
        #[arg(long, default_value = "joint")]
        visibility: String,
    },
    /// Answer the other party's performance report: accept or dispute.
    Answer {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        report: String,
        /// accept or dispute
        #[arg(long)]
        position: String,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Schedule a verification visit or check (a mediator's investigator).
    Visit {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        deliverable: String,
        /// visit, remote_check or document_review
        #[arg(long, default_value = "visit")]
        method: String,
        /// A team member's public key or key file (repeat); a mediator among them.
        #[arg(long = "member", required = true)]
        team: Vec<String>,
        /// RFC 3339.
        #[arg(long)]
        planned: String,
        #[arg(long)]
        place: Option<String>,
        #[arg(long)]
        mandate: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Record, for the visit's team, whether access was granted, partly granted or refused.
    Access {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        visit: String,
        /// granted, partial or refused
        #[arg(long)]
        access: String,
        /// The party that granted or refused it.
        #[arg(long)]
        party: String,
        #[arg(long)]
        note: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Draft the outcome of a deliverable from its visits (a mediator's investigator).
    Outcome {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        deliverable: String,
        /// met, partly_met, unmet or not_verifiable
        #[arg(long)]
        outcome: String,
        #[arg(long)]
        summary: String,
        /// A visit or check it rests on (repeat).
        #[arg(long = "visit", required = true)]
        visits: Vec<String>,
        /// A performance report it weighs (repeat).
        #[arg(long = "report")]
        reports: Vec<String>,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Concur with an outcome, or dissent with reasons (a member of a verifying team).
    Sign {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        outcome: String,
        /// concur or dissent
        #[arg(long)]
        position: String,
        #[arg(long)]
        reasons: Option<String>,
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Subcommand)]
pub enum ActorCommand {
    /// The register: each actor with its ACLED type and what each side says of who hosts it.
    List {
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Register an actor or a new version of one (mediators): a JSON file as `GET /v1/actors`
    /// gives each entry.
    Register {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        file: PathBuf,
    },
}

fn text(t: &str, lang: &str) -> Value {
    json!({"text": t, "lang": lang})
}

fn ids(values: &[String], what: &str) -> Result<Vec<StatementId>> {
    values.iter().map(|v| statement_id(v, what)).collect()
}

async fn send(
    server: ServerArgs,
    key: KeyArgs,
    kind: Kind,
    refs: Vec<StatementId>,
    vis: &str,
    body: Value,
) -> Result<()> {
    let visibility = super::visibility(vis)?;
    print_json(&Client::new(&server.server).submit(&load_key(&key.key)?, kind, refs, visibility, &body).await?);
    Ok(())
}

pub async fn run(command: ObligationCommand) -> Result<()> {
    match command {
        ObligationCommand::List { server, key, json } => {
            let mut client = Client::new(&server.server);
            if let Some(k) = key {
                client.login(&load_key(&k)?.1).await?;
            }
            let all: Value = client.get("/v1/obligations").await?;
            if json {
                print_json(&all);
                return Ok(());
            }
            println!(
                "{:<48} {:<6} {:<11} {:<10} {:>7} {:>8}",
                "deliverable", "party", "due", "status", "visits", "refused"
            );
            for d in all["deliverables"].as_array().into_iter().flatten() {
                let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
                let n = |k: &str| d[k].as_u64().unwrap_or(0);
                let outcome = d["outcome"]["outcome"].as_str().map(|o| format!(" ({o})")).unwrap_or_default();
                println!(
                    "{:<48} {:<6} {:<11} {:<10} {:>7} {:>8}{outcome}",
                    s("reference"),
                    s("party"),
                    s("due"),
                    s("status"),
                    n("visits"),
                    n("refusals")
                );
            }
            Ok(())
        }
        ObligationCommand::Report { server, key, deliverable, done, account, lang, visibility } => {
            let body = json!({"deliverable": deliverable, "done": done, "account": text(&account, &lang)});
            send(server, key, Kind::PerformanceReport, vec![], &visibility, body).await
        }
        ObligationCommand::Answer { server, key, report, position, text: t, lang } => {
            let body = json!({"position": position, "narrative": text(&t, &lang)});
            send(server, key, Kind::PerformanceAnswer, vec![statement_id(&report, "--report")?], "joint", body).await
        }
        ObligationCommand::Visit { server, key, deliverable, method, team, planned, place, mandate, lang } => {
            let team: Vec<String> =
                team.iter().map(|m| super::member_key(m).map(|k| k.to_string())).collect::<Result<_>>()?;
            let mut body = json!({"deliverable": deliverable, "method": method, "team": team, "planned": planned,
                "mandate": text(&mandate, &lang)});
            if let Some(p) = place {
                body["place"] = json!(p);
            }
            send(server, key, Kind::VerificationVisit, vec![], "joint", body).await
        }
        ObligationCommand::Access { server, key, visit, access, party, note, lang } => {
            let body = json!({"access": access, "party": party, "note": text(&note, &lang)});
            send(server, key, Kind::VisitAccess, vec![statement_id(&visit, "--visit")?], "joint", body).await
        }
        ObligationCommand::Outcome { server, key, deliverable, outcome, summary, visits, reports, lang } => {
            let body = json!({"deliverable": deliverable, "outcome": outcome, "summary": text(&summary, &lang),
                "visits": ids(&visits, "--visit")?, "reports": ids(&reports, "--report")?});
            send(server, key, Kind::DeliverableOutcome, vec![], "public", body).await
        }
        ObligationCommand::Sign { server, key, outcome, position, reasons, lang } => {
            let mut body = json!({"position": position});
            if let Some(r) = reasons {
                body["reasons"] = text(&r, &lang);
            }
            send(server, key, Kind::OutcomeSign, vec![statement_id(&outcome, "--outcome")?], "public", body).await
        }
    }
}

pub async fn run_actor(command: ActorCommand) -> Result<()> {
    match command {
        ActorCommand::List { server } => {
            let actors: Vec<Value> = Client::new(&server.server).get("/v1/actors").await?;
            for a in actors {
                let said: Vec<String> = a["said"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|s| format!("{} says {} {}", s["by"], s["party"], s["relation"]).replace('"', ""))
                    .collect();
                println!(
                    "{:<8} inter {} {:<44} {}",
                    a["id"].as_str().unwrap_or(""),
                    a["inter"],
                    a["name"]["en"].as_str().unwrap_or(""),
                    said.join("; ")
                );
            }
            Ok(())
        }
        ActorCommand::Register { server, key, file } => {
            let body: Value = serde_json::from_str(
                &std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?,
            )
            .with_context(|| format!("{} is not JSON", file.display()))?;
            send(server, key, Kind::ActorRegister, vec![], "public", body).await
        }
    }
}
