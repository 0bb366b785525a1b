//! The standing record: the log explorer, where anyone
//! can look up an entry and have the page's script verify its inclusion proof against the
//! log's signed checkpoint, with the log's key, without trusting the server.

use super::{asked, chrome, page, Chrome};
use crate::problem::Problem;
use crate::state::AppState;
use crate::web::i18n::FluentValue;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::statement::Entry;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct LangQuery {
    pub(super) lang: Option<String>,
    /// The zone to show times in: a party id or UTC.
    pub(super) tz: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct LogQuery {
    lang: Option<String>,
    /// The zone to show times in: a party id or UTC.
    tz: Option<String>,
    /// A statement id or a position in the log.
    entry: Option<String>,
}

pub struct EntryView {
    pub index: u64,
    pub id: String,
    pub kind: String,
    pub party: String,
    pub author: String,
    pub signed_at: super::When,
    pub logged_at: super::When,
    pub proof: String,
    pub proof_label: String,
}

#[derive(Template)]
#[template(path = "log.html")]
pub struct LogExplorer {
    pub c: Chrome,
    pub size: String,
    pub checkpoint: String,
    pub witnessed: String,
    pub log_key: String,
    /// (name, party, cosigned the latest witnessed checkpoint)
    pub witnesses: Vec<(String, String, bool)>,
    pub quorum: String,
    pub asked: String,
    pub entry: Option<EntryView>,
    pub not_found: bool,
}

pub async fn log(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LogQuery>,
) -> Result<Response, Problem> {
    let (c, _) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/log");
    let genesis = app.genesis()?;
    let (latest, witnessed_size, log_key, published) = {
        let s = app.seq.state.read().expect("state lock");
        (s.checkpoint.clone(), s.witnessed_size, s.log_verifier.to_vkey(), s.published_size())
    };
    let (size, checkpoint) = match latest {
        Some((size, note)) => (size, crate::witnessing::with_cosignatures(&app.store, size, &note).await?),
        None => (0, String::new()),
    };
    let cosigned = if witnessed_size > 0 { app.store.cosignatures(witnessed_size).await? } else { vec![] };
    let witnessed = match app.store.checkpoint_of_size(witnessed_size).await? {
        Some(note) if witnessed_size > 0 => {
            crate::witnessing::with_cosignatures(&app.store, witnessed_size, &note).await?
        }
        _ => String::new(),
    };
    let entry_asked = q.entry.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    let found = match &entry_asked {
        None => None,
        Some(s) => match (s.parse::<u64>(), model::StatementId::parse(s)) {
            (Ok(index), _) if index < published => app.store.entries(index, index + 1).await?.pop().map(|e| (index, e)),
            (_, Some(id)) => app.store.entry_by_id(&id).await?.filter(|(i, _)| *i < published),
            // The short id the pages show (12 characters): found when only one id starts so.
            _ => app.store.entry_by_id_prefix(s).await?.filter(|(i, _)| *i < published),
        },
    };
    let entry = match found {
        Some((index, bytes)) => {
            let e =
                Entry::parse(&bytes).map_err(|e| Problem::internal(anyhow::anyhow!("stored entry {index}: {e}")))?;
            let status = crate::store::log_status(index as i64, witnessed_size).to_string();
            Some(EntryView {
                index,
                id: e.id.hex(),
                kind: e.header.kind.as_str().to_string(),
                party: e.header.party.clone(),
                author: e.header.author.fingerprint(),
                signed_at: c.when(&crate::store::rfc3339(e.header.time)),
                logged_at: c.when(&crate::store::rfc3339(e.logged_at)),
                proof_label: c.proof_label(&status),
                proof: status,
            })
        }
        None => None,
    };
    let policy = &genesis.witness_policy;
    let page_data = LogExplorer {
        size: crate::web::i18n::format_int(c.locale, size as i64),
        checkpoint,
        witnessed,
        log_key,
        witnesses: policy
            .witnesses
            .iter()
            .map(|w| (w.name.clone(), w.party.clone(), cosigned.iter().any(|(name, _)| name == &w.name)))
            .collect(),
        quorum: super::catalog().text(
            c.locale,
            "log-quorum",
            &[
                ("count", FluentValue::from(i64::from(policy.quorum))),
                ("total", FluentValue::from(policy.witnesses.len() as i64)),
            ],
        ),
        not_found: entry_asked.is_some() && entry.is_none(),
        asked: entry_asked.unwrap_or_default(),
        entry,
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}
