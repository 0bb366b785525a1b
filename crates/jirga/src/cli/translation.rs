//! `jirga translation …`: a signed translation of a statement's words, pointing at the original
//! (which stays authoritative), and a dispute of someone else's translation.

use super::client::{load_key, statement_id, Client};
use super::{print_json, KeyArgs, ServerArgs};
use anyhow::{bail, Result};
use clap::Subcommand;
use model::statement::Kind;
use serde_json::json;

#[derive(Subcommand)]
pub enum TranslationCommand {
    /// Translate a statement's words (e.g. --field narrative="…" --field title="…").
    Add {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        /// The statement translated.
        #[arg(long)]
        of: String,
        /// The language translated into: ur, ps, prs, en, …
        #[arg(long)]
        lang: String,
        /// FIELD=WORDS (repeat): title, narrative, summary, account, text, note, reasons, …
        #[arg(long = "field", required = true)]
        fields: Vec<String>,
        /// No wider than the original's: public, joint, mediators or party.
        #[arg(long, default_value = "joint")]
        visibility: String,
    },
    /// Dispute a translation: say what it gets wrong.
    Dispute {
        #[command(flatten)]
        server: ServerArgs,
        #[command(flatten)]
        key: KeyArgs,
        #[arg(long)]
        translation: String,
        #[arg(long)]
        reason: String,
        #[arg(long, default_value = "en")]
        lang: String,
        #[arg(long, default_value = "joint")]
        visibility: String,
    },
}

pub async fn run(command: TranslationCommand) -> Result<()> {
    let (server, key, kind, refs, visibility, body) = match command {
        TranslationCommand::Add { server, key, of, lang, fields, visibility } => {
            let mut texts = serde_json::Map::new();
            for f in fields {
                let Some((name, words)) = f.split_once('=') else {
                    bail!("--field {f:?}: write FIELD=WORDS, e.g. narrative=\"…\"");
                };
                texts.insert(name.trim().to_string(), json!(words));
            }
            let body = json!({"lang": lang, "texts": texts});
            (server, key, Kind::Translation, vec![statement_id(&of, "--of")?], visibility, body)
        }
        TranslationCommand::Dispute { server, key, translation, reason, lang, visibility } => {
            let body = json!({"reason": {"text": reason, "lang": lang}});
            (
                server,
                key,
                Kind::TranslationDispute,
                vec![statement_id(&translation, "--translation")?],
                visibility,
                body,
            )
        }
    };
    let visibility = super::visibility(&visibility)?;
    print_json(&Client::new(&server.server).submit(&load_key(&key.key)?, kind, refs, visibility, &body).await?);
    Ok(())
}
