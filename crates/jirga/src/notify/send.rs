//! The two ways a notice goes out: email over SMTP, and an HTTP POST signed with HMAC-SHA256
//! that an SMS gateway or a radio room's receiver checks before it acts.
//!
//! The webhook's signature covers `{timestamp}.{body}` and is sent as
//! `X-Jirga-Signature: sha256=<hex>` beside `X-Jirga-Timestamp` (Unix seconds) and
//! `X-Jirga-Delivery` (the same for every retry of one delivery, so a receiver can drop repeats).

use super::notice::Notice;
use super::Notifier;
use crate::store::DeliveryRow;
use anyhow::{anyhow, bail, Context, Result};
use hmac::{Hmac, Mac};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sha2::Sha256;

pub struct Sender {
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, lettre::message::Mailbox)>,
    http: reqwest::Client,
    /// Webhook name → (url, secret).
    hooks: Vec<(String, String, Vec<u8>)>,
}

impl Sender {
    pub fn new(notifier: &Notifier) -> Sender {
        let settings = &notifier.settings;
        let smtp = settings.smtp.as_ref().and_then(|s| match smtp_transport(s) {
            Ok(t) => Some(t),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "the SMTP relay is not usable; no email will go out");
                None
            }
        });
        let hooks = settings
            .webhooks
            .iter()
            .filter_map(|w| match w.secret().read(&w.name) {
                Ok(Some(secret)) => Some((w.name.clone(), w.url.clone(), secret.into_bytes())),
                _ => {
                    tracing::error!(webhook = %w.name, "the webhook's secret cannot be read; nothing will go to it");
                    None
                }
            })
            .collect();
        let http = reqwest::Client::builder()
            .timeout(super::ATTEMPT_TIMEOUT)
            // A webhook's answer is read, not followed elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        Sender { smtp, http, hooks }
    }

    pub async fn send(&self, d: &DeliveryRow, notice: &Notice) -> Result<()> {
        match d.channel.as_str() {
            "email" => self.email(&d.address, notice).await,
            "webhook" => self.webhook(d, notice).await,
            other => bail!("no channel {other}"),
        }
    }

    async fn email(&self, to: &str, notice: &Notice) -> Result<()> {
        let statement = notice.json["statement"].as_str().unwrap_or_default();
        self.email_text(to, &notice.subject, &notice.text, statement).await
    }

    /// A plain-text email about `statement` through the relay.
    pub async fn email_text(&self, to: &str, subject: &str, text: &str, statement: &str) -> Result<()> {
        let (transport, from) = self.smtp.as_ref().context("no SMTP relay is set up")?;
        let to: lettre::message::Mailbox = to.parse().with_context(|| format!("the address {to:?}"))?;
        use lettre::message::header::{HeaderName, HeaderValue};
        let statement = statement.to_string();
        let mail = lettre::Message::builder()
            .from(from.clone())
            .to(to)
            // For a mail filter, a gateway, or a check of which statement a notice is about.
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("X-Jirga-Statement"), statement))
            .subject(subject)
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(text.to_string())
            .context("writing the email")?;
        transport.send(mail).await.map_err(|e| anyhow!("the SMTP relay: {e}"))?;
        Ok(())
    }

    async fn webhook(&self, d: &DeliveryRow, notice: &Notice) -> Result<()> {
        let name = d.address.split_once(':').map(|(n, _)| n).unwrap_or(&d.address);
        let (_, url, secret) =
            self.hooks.iter().find(|(n, ..)| n == name).with_context(|| format!("no webhook {name} is set up"))?;
        let body = serde_json::to_vec(&notice.json)?;
        let timestamp = chrono::Utc::now().timestamp().to_string();
        let response = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .header("x-jirga-timestamp", &timestamp)
            .header("x-jirga-delivery", &d.id)
            .header("x-jirga-signature", signature(secret, &timestamp, &body))
            .body(body)
            .send()
            .await
            // Without the URL: it may hold a token of the gateway's.
            .map_err(|e| anyhow!("webhook {name}: {}", e.without_url()))?;
        let status = response.status();
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            let text: String = text.chars().take(200).collect();
            bail!("webhook {name} answered {status}: {}", text.trim());
        }
        Ok(())
    }
}

/// `sha256=<hex of HMAC-SHA256(secret, "{timestamp}.{body}")>`.
pub fn signature(secret: &[u8], timestamp: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn smtp_transport(
    s: &super::config::SmtpSettings,
) -> Result<(AsyncSmtpTransport<Tokio1Executor>, lettre::message::Mailbox)> {
    use super::config::SmtpSecurity;
    let builder = match s.security {
        SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
        SmtpSecurity::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)?,
        SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)?,
    };
    let mut builder = builder.port(s.port).timeout(Some(super::ATTEMPT_TIMEOUT));
    if let Some(user) = &s.username {
        let password = s.password().read("smtp password")?.unwrap_or_default();
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok((builder.build(), s.from.parse()?))
}
