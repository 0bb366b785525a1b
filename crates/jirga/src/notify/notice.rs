//! What a notice says, in the recipient's language: the same words by email and, with the facts
//! as fields, by webhook.

use crate::store::{DeliveryRow, HotlineEvent};
use crate::web::i18n::{format_datetime, FluentValue, Locale};
use model::deployment::{name_in, Deployment};

pub struct Notice {
    pub subject: String,
    pub text: String,
    pub json: serde_json::Value,
}

impl Notice {
    /// `message` is the body of the hotline message: the event's own, or the one it escalates.
    pub fn new(
        event: &HotlineEvent,
        message: &serde_json::Value,
        d: &DeliveryRow,
        dep: Option<&Deployment>,
        public_url: Option<&str>,
    ) -> Notice {
        let locale = Locale::parse(&d.lang).unwrap_or(Locale::En);
        let catalog = crate::web::pages::catalog();
        let t = |key: &str, args: &[(&str, String)]| {
            let args: Vec<(&str, FluentValue)> = args.iter().map(|(k, v)| (*k, FluentValue::from(v.clone()))).collect();
            // No direction marks in a mail subject or an SMS: they show as boxes on some phones.
            catalog.text(locale, key, &args).replace(['\u{2068}', '\u{2069}'], "")
        };
        // A window's mark tells of the window (the "message" is its request).
        let message_type = match event.body["phase"].as_str().filter(|_| event.event == "window") {
            Some(phase) => format!("window_{phase}"),
            None => message["type"].as_str().unwrap_or("free_text").to_string(),
        };
        let kind = t(&format!("msg-{}", message_type.replace('_', "-")), &[]);
        let party_name = |id: &str| {
            dep.and_then(|d| d.genesis.parties.iter().find(|p| p.id == id))
                .map(|p| name_in(&p.name, locale.code()).to_string())
                .unwrap_or_else(|| id.to_string())
        };
        let offset = dep
            .and_then(|dep| dep.genesis.parties.iter().find(|p| p.id == d.party))
            .and_then(|p| p.utc_offset_minutes)
            .unwrap_or(0);
        let time = |rfc: &str| {
            chrono::DateTime::parse_from_rfc3339(rfc)
                .map(|t| format_datetime(locale, t.timestamp_millis(), offset))
                .unwrap_or_else(|_| rfc.to_string())
        };
        let sector = message["sector"].as_str().unwrap_or_default().to_string();
        let sector_name = dep
            .and_then(|dep| dep.genesis.sectors.iter().find(|s| s.id == sector))
            .map(|s| name_in(&s.name, locale.code()).to_string())
            .unwrap_or_else(|| sector.clone());
        let from = message_from(event);
        let step = event.body["step"].as_str().map(String::from);
        let args = [("type", kind.clone()), ("from", party_name(&from)), ("sector", sector_name.clone())];
        let subject = match &step {
            Some(_) => t("notice-escalated-subject", &args),
            None if event.event == "window" => t("notice-window-subject", &args),
            None => t("notice-subject", &args),
        };
        let words = message["text"]["text"].as_str().unwrap_or_default().to_string();
        let mut text =
            format!("{subject}\n\n{words}\n\n{}\n", t("notice-sent-at", &[("time", time(&event.logged_at))]));
        if let Some(due) = event.body["due"].as_str().filter(|_| step.is_some()) {
            text.push_str(&t("notice-was-due", &[("time", time(due))]));
            text.push('\n');
        }
        if let Some(url) = public_url {
            text.push_str(&format!(
                "\n{}\n{}/hotline?lang={}\n",
                t("notice-open-console", &[]),
                url.trim_end_matches('/'),
                locale.code()
            ));
        }
        text.push_str(&format!("\n{} {}\n", t("notice-statement", &[]), event.statement));
        let json = serde_json::json!({
            "delivery": d.id,
            "event": event.event,
            "statement": event.statement,
            "message": d.message,
            "type": message_type,
            "from": from,
            "to": event.addressed,
            "sector": sector,
            "step": step,
            "logged_at": event.logged_at,
            "text": words,
            "subject": subject,
            "notice": text,
            "lang": locale.code(),
            "recipient": {
                "member": d.member,
                "name": d.member_name,
                "party": d.party,
                "to": d.address.split_once(':').map(|(_, to)| to),
            },
        });
        Notice { subject, text, json }
    }
}

/// The party that sent the message. An escalation is the server's; the store lists its message's
/// parties with the sender last (Store::hotline_events).
fn message_from(event: &HotlineEvent) -> String {
    match event.event.as_str() {
        "escalation" => event.addressed.last().cloned().unwrap_or_default(),
        _ => event.party.clone(),
    }
}
