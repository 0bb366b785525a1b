//! The notifier's settings: an SMTP relay and the webhooks members may choose, from a JSON file
//! the operator writes. Secrets are never in that file: each names the environment variable or
//! the file that holds it, so the settings can be shown, copied and kept in version control.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default)]
    pub smtp: Option<SmtpSettings>,
    #[serde(default)]
    pub webhooks: Vec<WebhookSettings>,
    #[serde(default)]
    pub retry: Retry,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain SMTP: only for a relay on the same machine or a loopback test server.
    None,
    /// SMTP, then STARTTLS before anything is sent (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// The sender, e.g. `Jirga hotline <hotline@mechanism.example>`.
    pub from: String,
    #[serde(default)]
    pub username: Option<String>,
    /// The password's environment variable or file.
    #[serde(default)]
    pub password_env: Option<String>,
    #[serde(default)]
    pub password_file: Option<PathBuf>,
}

impl SmtpSettings {
    pub fn password(&self) -> SecretRef {
        SecretRef { env: self.password_env.clone(), file: self.password_file.clone() }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSettings {
    /// What a member chooses (`radio-room`, `sms-gateway`).
    pub name: String,
    pub url: String,
    /// The key the body is signed with (HMAC-SHA256): its environment variable or file.
    #[serde(default)]
    pub secret_env: Option<String>,
    #[serde(default)]
    pub secret_file: Option<PathBuf>,
}

impl WebhookSettings {
    pub fn secret(&self) -> SecretRef {
        SecretRef { env: self.secret_env.clone(), file: self.secret_file.clone() }
    }
}

/// Where a secret is: an environment variable or a file (its content, trimmed).
#[derive(Clone, Debug, Default)]
pub struct SecretRef {
    pub env: Option<String>,
    pub file: Option<PathBuf>,
}

impl SecretRef {
    /// The secret, or None when neither place is named.
    pub fn read(&self, what: &str) -> Result<Option<String>> {
        match (&self.env, &self.file) {
            (Some(_), Some(_)) => bail!("{what}: name the environment variable or the file, not both"),
            (Some(var), None) => {
                let v =
                    std::env::var(var).with_context(|| format!("{what}: the environment variable {var} is not set"))?;
                Ok(Some(v))
            }
            (None, Some(file)) => {
                let v = std::fs::read_to_string(file).with_context(|| format!("{what}: reading {}", file.display()))?;
                Ok(Some(v.trim().to_string()))
            }
            (None, None) => Ok(None),
        }
    }
}

/// Retries back off from `first_ms`, doubling, to at most `max_ms` between attempts; a delivery
/// that has failed `attempts` times is given up and shown as failed.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retry {
    pub attempts: u32,
    pub first_ms: u64,
    pub max_ms: u64,
}

impl Default for Retry {
    fn default() -> Retry {
        Retry { attempts: 8, first_ms: 2_000, max_ms: 300_000 }
    }
}

impl Retry {
    /// The wait after the `failures`-th failure (1-based).
    pub fn backoff_ms(&self, failures: u32) -> u64 {
        let doubled = self.first_ms.saturating_mul(1u64 << failures.saturating_sub(1).min(30));
        doubled.min(self.max_ms)
    }
}

impl Settings {
    pub fn load(path: &Path) -> Result<Settings> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Settings::parse(&text).with_context(|| format!("the notifier settings {}", path.display()))
    }

    pub fn parse(text: &str) -> Result<Settings> {
        let settings: Settings = serde_json::from_str(text)?;
        let mut names = std::collections::HashSet::new();
        for w in &settings.webhooks {
            if w.name.is_empty() || !w.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                bail!("webhook {:?}: a name is letters, digits, '-' and '_'", w.name);
            }
            if !names.insert(&w.name) {
                bail!("webhook {} is listed twice", w.name);
            }
            let url = reqwest::Url::parse(&w.url).with_context(|| format!("webhook {}: the url", w.name))?;
            if !matches!(url.scheme(), "http" | "https") {
                bail!("webhook {}: the url must be http or https", w.name);
            }
            if w.secret_env.is_none() && w.secret_file.is_none() {
                bail!("webhook {}: name the secret's secret_env or secret_file", w.name);
            }
        }
        if settings.retry.attempts == 0 || settings.retry.first_ms == 0 {
            bail!("retry: at least one attempt, and a first wait above 0 ms");
        }
        if let Some(smtp) = &settings.smtp {
            smtp.from.parse::<lettre::message::Mailbox>().with_context(|| format!("smtp.from {:?}", smtp.from))?;
        }
        Ok(settings)
    }

    pub fn webhook(&self, name: &str) -> Option<&WebhookSettings> {
        self.webhooks.iter().find(|w| w.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_name_their_secrets_and_never_hold_them() {
        let ok = r#"{"smtp": {"host": "127.0.0.1", "port": 2525, "security": "none", "from": "Jirga <h@example.org>",
            "password_env": "JIRGA_SMTP_PASSWORD", "username": "jirga"},
            "webhooks": [{"name": "radio-room", "url": "https://radio.example/hook", "secret_file": "/run/secrets/radio"}]}"#;
        let s = Settings::parse(ok).unwrap();
        assert_eq!(s.webhook("radio-room").unwrap().secret().file.as_deref(), Some(Path::new("/run/secrets/radio")));
        assert_eq!(s.retry.attempts, 8);
        // A password written into the file is refused, not ignored.
        let literal = ok.replace("\"password_env\": \"JIRGA_SMTP_PASSWORD\"", "\"password\": \"hunter2\"");
        assert!(Settings::parse(&literal).is_err());
        let no_secret = r#"{"webhooks": [{"name": "radio", "url": "http://127.0.0.1:1/"}]}"#;
        assert!(Settings::parse(no_secret).unwrap_err().to_string().contains("secret"));
        let twice = r#"{"webhooks": [{"name": "a", "url": "http://x/", "secret_env": "A"}, {"name": "a", "url": "http://y/", "secret_env": "B"}]}"#;
        assert!(Settings::parse(twice).unwrap_err().to_string().contains("twice"));
        let ftp = r#"{"webhooks": [{"name": "a", "url": "ftp://x/", "secret_env": "A"}]}"#;
        assert!(Settings::parse(ftp).is_err());
    }

    #[test]
    fn retries_back_off_to_a_ceiling() {
        let r = Retry { attempts: 8, first_ms: 1000, max_ms: 30_000 };
        let waits: Vec<u64> = (1..=7).map(|n| r.backoff_ms(n)).collect();
        assert_eq!(waits, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
        assert_eq!(r.backoff_ms(200), 30_000);
    }
}
