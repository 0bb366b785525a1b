//! The hotline console: messages waiting for acknowledgement with their countdowns and
//! escalation, the forms to send and acknowledge (signed in the browser), and a live feed. A
//! request to cease fire addressed to the officer's party raises an alarm, seen and heard,
//! until someone acknowledges it or the officer silences it.

use super::{asked, choices, chrome, page, sector_name, signer, Choice, Chrome};
use crate::problem::Problem;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use model::deployment::name_in;
use model::hotline::MessageType;
use model::{Kind, PartyKind};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
    /// The zone to show times in: a party id or UTC.
    tz: Option<String>,
}

pub struct OpenLine {
    pub statement: String,
    pub kind: String,
    pub message_type: String,
    pub priority: String,
    pub from: String,
    pub to: String,
    pub sector: String,
    pub text: String,
    pub text_lang: String,
    pub sent: super::When,
    pub due: String,
    pub due_iso: String,
    pub escalated: String,
    /// Addressed to the officer's party, and the officer may acknowledge.
    pub may_ack: bool,
    /// What the notifier did: "Delivered by email to …".
    pub deliveries: Vec<String>,
}

#[derive(Template)]
#[template(path = "hotline.html")]
pub struct Console {
    pub c: Chrome,
    pub party: String,
    pub open: Vec<OpenLine>,
    pub may_send: bool,
    pub types: Vec<Choice>,
    pub priorities: Vec<Choice>,
    pub sectors: Vec<Choice>,
    /// (party id, name) the officer may address.
    pub addressees: Vec<(String, String)>,
}

pub async fn console(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let (c, _) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/hotline");
    let lang = c.lang();
    let Some(me) = signer(&app, &headers) else {
        return Ok(Redirect::to(&super::account::sign_in_then(lang, &format!("/hotline?lang={lang}"))).into_response());
    };
    let genesis = app.genesis()?;
    let mut open = vec![];
    for m in app.store.open_hotline_messages(&me.party, me.party_kind, 50).await? {
        let id = model::StatementId::parse(&m.statement)
            .ok_or_else(|| Problem::internal(anyhow::anyhow!("stored message id {}", m.statement)))?;
        let body: serde_json::Value = match app.store.body(&id).await? {
            Some(b) => serde_json::from_slice(&b).map_err(anyhow::Error::from)?,
            None => serde_json::Value::Null,
        };
        open.push(OpenLine {
            kind: c.t(&format!("msg-{}", m.message_type.replace('_', "-"))),
            priority: c.t(&format!("priority-{}", m.priority)),
            from: m.party.clone(),
            to: m.addressed.join(", "),
            sector: sector_name(&genesis.sectors, &m.sector, lang),
            text: body["text"]["text"].as_str().unwrap_or_default().to_string(),
            text_lang: body["text"]["lang"].as_str().unwrap_or("en").to_string(),
            sent: c.when(&m.logged_at),
            due: c.when_text(&m.ack_due),
            due_iso: m.ack_due.clone(),
            escalated: match m.escalated.as_deref() {
                Some("mediators") => c.t("hotline-escalated-mediators"),
                Some(_) => c.t("hotline-escalated-backup"),
                None => String::new(),
            },
            may_ack: m.addressed.contains(&me.party) && me.may(Kind::HotlineAck),
            deliveries: deliveries(&c, &app.store.deliveries_of(&m.statement).await?),
            message_type: m.message_type,
            statement: m.statement,
        });
    }
    let addressees = genesis
        .parties
        .iter()
        .filter(|p| p.id != me.party && matches!(p.kind, PartyKind::Party | PartyKind::Mediator))
        .map(|p| (p.id.clone(), name_in(&p.name, lang).to_string()))
        .collect();
    // A prior notice needs an activity the console does not ask for; the CLI sends those.
    let types = MessageType::ALL
        .iter()
        .filter(|t| **t != MessageType::PriorNotice)
        .map(|t| (t.as_str().to_string(), c.t(&format!("msg-{}", t.as_str().replace('_', "-")))));
    let priorities = ["flash", "immediate", "routine"].iter().map(|p| (p.to_string(), c.t(&format!("priority-{p}"))));
    let page_data = Console {
        party: me.party.clone(),
        open,
        may_send: me.may(Kind::HotlineMessage),
        types: choices(types, Some("notice_of_fire")),
        priorities: choices(priorities, Some("immediate")),
        sectors: choices(genesis.sectors.iter().map(|s| (s.id.clone(), name_in(&s.name, lang).to_string())), None),
        addressees,
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}

/// Each delivery of a message as a line of the console, in the reader's language and zone.
fn deliveries(c: &Chrome, rows: &[(crate::store::DeliveryRow, Vec<crate::store::AttemptRow>)]) -> Vec<String> {
    rows.iter()
        .map(|(d, _)| {
            let channel = c.t(&format!("channel-{}", d.channel));
            let mut args = vec![("channel", channel), ("member", d.member_name.clone()), ("to", d.to.clone())];
            let key = match d.status.as_str() {
                "delivered" => {
                    let at = d.delivered_at.map(crate::store::rfc3339).unwrap_or_default();
                    args.push(("time", c.when_text(&at)));
                    "delivery-delivered"
                }
                "pending" if d.attempts == 0 => "delivery-pending",
                "settled" => "delivery-settled",
                status => {
                    args.push(("attempts", d.attempts.to_string()));
                    args.push(("error", d.last_error.clone().unwrap_or_default()));
                    if status == "failed" {
                        "delivery-failed"
                    } else {
                        "delivery-retrying"
                    }
                }
            };
            c.args(key, &args)
        })
        .collect()
}
