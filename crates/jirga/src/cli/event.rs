//! `jirga event …`: the pairs of claims that look like one event (for mediators), linking claims
//! as one event, and marking a report as a repeat of the party's own earlier one.

use super::client::{load_key, statement_id, statement_ids, Client};
use super::{print_json, signed_in, KeyArgs, ServerArgs};
use anyhow::Result;
use clap::Subcommand;
use model::statement::{Kind, Visibility};
use serde_json::{json, Value};

#[derive(Subcommand)]
pub enum EventCommand {
    /// The pairs of claims that look like one event and are not linked yet (mediators).
    Suggest {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
    },
    /// Link two or more claims of different parties as one event (a mediator's investigator).
    Link {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// A report's statement id; give 2 to 10.
        #[arg(long = "report", required = true)]
        reports: Vec<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Mark your party's report as a repeat of its own earlier one.
    Duplicate {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// The repeat.
        #[arg(long)]
        report: String,
        /// The earlier report it repeats.
        #[arg(long)]
        of: String,
    },
}

pub async fn run(command: EventCommand) -> Result<()> {
    match command {
        EventCommand::Suggest { server, key } => {
            let (client, _) = signed_in(&server, &key).await?;
            let pairs: Value = client.get("/v1/events/suggestions").await?;
            print_json(&pairs);
        }
        EventCommand::Link { server, key, reports, note, lang } => {
            let refs = statement_ids(&reports, "--report")?;
            let body = match note {
                Some(n) => json!({"note": {"text": n, "lang": lang}}),
                None => json!({}),
            };
            let client = Client::new(&server.server);
            print_json(&client.submit(&load_key(&key.key)?, Kind::EventLink, refs, Visibility::Joint, &body).await?);
        }
        EventCommand::Duplicate { server, key, report, of } => {
            let refs = vec![statement_id(&report, "--report")?, statement_id(&of, "--of")?];
            let client = Client::new(&server.server);
            let key = load_key(&key.key)?;
            print_json(&client.submit(&key, Kind::IncidentDuplicate, refs, Visibility::Joint, &json!({})).await?);
        }
    }
    Ok(())
}
