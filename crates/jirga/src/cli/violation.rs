//! `jirga violation …`: a violation carried from a final finding to a consequence, one signed
//! step at a time (report, endorse, reply, decide, follow-up).

use super::client::{load_key, statement_id, Client};
use super::{print_json, KeyArgs, ServerArgs};
use anyhow::Result;
use clap::Subcommand;
use model::statement::{Kind, Visibility};
use serde_json::json;

#[derive(Subcommand)]
pub enum ViolationCommand {
    /// Report a violation on a final finding (a mediator's investigator).
    Report {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        finding: String,
        /// agreement/clause
        #[arg(long)]
        clause: String,
        /// The party the finding holds responsible.
        #[arg(long)]
        responsible: String,
        #[arg(long)]
        summary: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Endorse a violation report for your party's seat on the committee.
    Endorse {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        violation: String,
    },
    /// Reply for the responsible party: the remedial action and the date it will be done by.
    Reply {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        violation: String,
        #[arg(long)]
        action: String,
        /// RFC 3339.
        #[arg(long)]
        due: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Decide the measure the agreement provides (mediators, once the committee's quorum endorsed).
    Decide {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        violation: String,
        /// One of the agreement's measures, e.g. formal_warning.
        #[arg(long)]
        measure: String,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Record whether the remedial action was done.
    FollowUp {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        violation: String,
        /// done or not_done.
        #[arg(long)]
        outcome: String,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

pub async fn run(command: ViolationCommand) -> Result<()> {
    let (server, key, kind, refs, body) = match command {
        ViolationCommand::Report { server, key, finding, clause, responsible, summary, lang } => {
            let body =
                json!({"clause": clause, "responsible": responsible, "summary": {"text": summary, "lang": lang}});
            (server, key, Kind::ViolationReport, vec![statement_id(&finding, "--finding")?], body)
        }
        ViolationCommand::Endorse { server, key, violation } => {
            (server, key, Kind::ViolationEndorse, vec![statement_id(&violation, "--violation")?], json!({}))
        }
        ViolationCommand::Reply { server, key, violation, action, due, lang } => {
            let body = json!({"remedial_action": {"text": action, "lang": lang}, "due": due});
            (server, key, Kind::ViolationReply, vec![statement_id(&violation, "--violation")?], body)
        }
        ViolationCommand::Decide { server, key, violation, measure, text, lang } => {
            let body = json!({"measure": measure, "text": {"text": text, "lang": lang}});
            (server, key, Kind::ViolationDecision, vec![statement_id(&violation, "--violation")?], body)
        }
        ViolationCommand::FollowUp { server, key, violation, outcome, text, lang } => {
            let body = json!({"outcome": outcome, "text": {"text": text, "lang": lang}});
            (server, key, Kind::ViolationFollowUp, vec![statement_id(&violation, "--violation")?], body)
        }
    };
    let receipt =
        Client::new(&server.server).submit(&load_key(&key.key)?, kind, refs, Visibility::Public, &body).await?;
    print_json(&receipt);
    Ok(())
}
