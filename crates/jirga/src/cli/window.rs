//! `jirga window …`: ask for a window of silence, and agree to one as the duty officer on duty
//! for its sector.

use super::client::{load_key, statement_id, Client};
use super::{print_json, KeyArgs, ServerArgs};
use anyhow::{bail, Result};
use clap::Subcommand;
use model::statement::{Kind, Visibility};
use serde_json::json;

#[derive(Subcommand)]
pub enum WindowCommand {
    /// Ask for a local ceasefire in a sector for a time, for a purpose.
    Request {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        sector: String,
        /// RFC 3339.
        #[arg(long)]
        start: String,
        /// RFC 3339; at most 14 days after the start.
        #[arg(long)]
        end: String,
        /// repair_crew, medical_evacuation, humanitarian_convoy, recovery_of_remains or other.
        #[arg(long)]
        purpose: String,
        /// What will happen, and where.
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "en")]
        lang: String,
        /// Who will be there (a crew, the ICRC); repeat.
        #[arg(long)]
        present: Vec<String>,
        /// joint (both parties and the mediators) or public.
        #[arg(long, default_value = "joint")]
        visibility: String,
    },
    /// Agree to a window, for your party.
    Ack {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// The window's statement id.
        #[arg(long)]
        window: String,
        #[arg(long)]
        reply: Option<String>,
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

pub async fn run(command: WindowCommand) -> Result<()> {
    let (server, key, kind, refs, visibility, body) = match command {
        WindowCommand::Request { server, key, sector, start, end, purpose, text, lang, present, visibility } => {
            let Some(visibility) = Visibility::parse(&visibility) else {
                bail!("--visibility {visibility:?}: joint or public")
            };
            let body = json!({
                "sector": sector, "start": start, "end": end, "purpose": purpose,
                "text": {"text": text, "lang": lang}, "present": present,
            });
            (server, key, Kind::WindowRequest, vec![], visibility, body)
        }
        WindowCommand::Ack { server, key, window, reply, lang } => {
            let id = statement_id(&window, "--window")?;
            let body = match reply {
                Some(r) => json!({"reply": {"text": r, "lang": lang}}),
                None => json!({}),
            };
            (server, key, Kind::WindowAck, vec![id], Visibility::Joint, body)
        }
    };
    let receipt = Client::new(&server.server).submit(&load_key(&key.key)?, kind, refs, visibility, &body).await?;
    print_json(&receipt);
    Ok(())
}
