//! The server-rendered pages. They read without JavaScript; what must be signed (a report, a
//! response, an acknowledgement) is signed by the page's own script with the member's key, which
//! never leaves the browser. The language comes from `?lang=`, then the `lang` cookie, then the
//! browser's Accept-Language; a member is recognised by the sign-in cookie (see `account`).

mod account;
mod compliance;
mod dashboard;
mod hotline;
mod incident;
mod incidents;
mod record;

use super::i18n::{format_datetime, Catalog, FluentValue, Locale};
use super::map::{self, Geo};
use crate::api::{auth, AppState, Problem};
use askama::Template;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use model::deployment::{name_in, Genesis};
use model::Viewer;
use std::sync::OnceLock;

const STYLESHEET: &str = include_str!("../../static/app.css");
const SCRIPT: &str = include_str!("../../static/jirga.js");

fn geo() -> &'static Geo {
    crate::geography::base_map()
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::new)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::dashboard))
        .route("/incidents", get(incidents::list))
        .route("/incidents/new", get(incidents::report_form))
        .route("/incidents/{id}", get(incident::incident))
        .route("/hotline", get(hotline::console))
        .route("/crossings", get(record::crossings))
        .route("/commitments", get(record::commitments))
        .route("/log", get(record::log))
        .route("/reports/{span}", get(compliance::report))
        .route("/sign-in", get(account::sign_in))
        .route("/members", get(account::members))
        .route("/web/session", post(account::start_session))
        .route("/web/sign-out", post(account::sign_out))
        .route("/web/live", get(super::live::feed))
        .route("/static/app.css", get(|| asset("text/css; charset=utf-8", STYLESHEET)))
        .route("/static/jirga.js", get(|| asset("text/javascript; charset=utf-8", SCRIPT)))
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "max-age=3600")], body).into_response()
}

fn locale(headers: &HeaderMap, asked: Option<&str>) -> Locale {
    asked.and_then(Locale::parse).or_else(|| auth::cookie(headers, "lang").and_then(Locale::parse)).unwrap_or_else(
        || {
            Locale::from_accept_language(
                headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""),
            )
        },
    )
}

pub struct Language {
    pub code: &'static str,
    pub html_lang: &'static str,
    pub dir: &'static str,
    pub name: &'static str,
    pub current: bool,
}

pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// What every page shares: its language, who is signed in, the navigation, and what the page's
/// script needs to build a statement (the deployment's id).
pub struct Chrome {
    pub locale: Locale,
    pub languages: Vec<Language>,
    /// The signed-in member's party.
    pub signed_in: Option<String>,
    pub nav: Vec<NavItem>,
    pub deployment: String,
    /// Words the script shows, as JSON (safe inside a <script> element).
    pub words: String,
}

/// The words the page's script needs, in the page's language.
const SCRIPT_WORDS: [&str; 17] = [
    "hotline-event-message",
    "hotline-event-ack",
    "hotline-event-escalation",
    "signin-signing-in",
    "signin-failed",
    "signin-no-browser-key",
    "validation-signature",
    "validation-not-allowed",
    "proof-verifying",
    "log-proof-verified",
    "log-proof-failed",
    "evidence-hashing",
    "hotline-alarm",
    "connection-lost",
    "hotline-reconnecting",
    "hotline-live",
    "form-not-accepted",
];

impl Chrome {
    pub fn t(&self, key: &str) -> String {
        catalog().text(self.locale, key, &[])
    }

    /// A message with one text argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        catalog().text(self.locale, key, &[(name, FluentValue::from(value.to_string()))])
    }

    /// A message counting something (plural rules and digits of the locale).
    pub fn count(&self, key: &str, n: i64) -> String {
        catalog().text(self.locale, key, &[("count", FluentValue::from(n))])
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    pub fn when(&self, rfc: &str) -> String {
        local_time(self.locale, rfc)
    }

    pub fn status_label(&self, status: &str) -> String {
        self.t(&format!("status-{}", status.replace('_', "-")))
    }

    pub fn proof_label(&self, status: &str) -> String {
        self.t(&format!("proof-{status}"))
    }
}

/// The chrome for a page, and who is asking (anonymous when the sign-in cookie is missing or
/// stale: the pages then show what the public may read).
fn chrome(app: &AppState, headers: &HeaderMap, asked: Option<&str>, current: &str) -> (Chrome, Viewer) {
    let locale = locale(headers, asked);
    let viewer = auth::viewer(app, headers).unwrap_or(Viewer::Anonymous);
    let signed_in = match &viewer {
        Viewer::Member { party, .. } => Some(party.clone()),
        Viewer::Anonymous => None,
    };
    let deployment = app.seq.state.read().expect("state lock").deployment.as_ref().map(|d| d.id.hex());
    let lang = locale.code();
    let mut items = vec![
        ("/", "nav-dashboard"),
        ("/incidents", "nav-incidents"),
        ("/hotline", "nav-hotline"),
        ("/crossings", "nav-crossings"),
        ("/commitments", "nav-commitments"),
        ("/log", "nav-log"),
        ("/reports", "nav-reports"),
    ];
    items.push(if signed_in.is_some() { ("/members", "nav-members") } else { ("/sign-in", "sign-in") });
    let mut words: serde_json::Map<String, serde_json::Value> =
        SCRIPT_WORDS.iter().map(|k| (k.to_string(), catalog().text(locale, k, &[]).into())).collect();
    // The countdowns put the time where `%s` is.
    let with_time = |key| catalog().text(locale, key, &[("duration", FluentValue::from("%s"))]);
    words.insert("countdown-left".into(), with_time("hotline-countdown").into());
    words.insert("countdown-overdue".into(), with_time("hotline-overdue").into());
    let chrome = Chrome {
        locale,
        languages: Locale::ALL
            .iter()
            .map(|l| Language {
                code: l.code(),
                html_lang: l.html_lang(),
                dir: l.dir(),
                name: l.native_name(),
                current: *l == locale,
            })
            .collect(),
        signed_in,
        nav: items
            .into_iter()
            .map(|(path, key)| NavItem {
                href: if path == "/reports" {
                    format!("/reports/daily?lang={lang}")
                } else {
                    format!("{path}?lang={lang}")
                },
                label: catalog().text(locale, key, &[]),
                current: path == current,
            })
            .collect(),
        deployment: deployment.unwrap_or_default(),
        words: serde_json::Value::Object(words).to_string().replace("</", "<\\/"),
    };
    (chrome, viewer)
}

/// Renders a page; remembers a language asked for in the URL for the next pages.
fn page<T: Template>(page: &T, asked: Option<&str>) -> Result<Response, Problem> {
    let html = page.render().map_err(|e| Problem::internal(anyhow::anyhow!("rendering a page: {e}")))?;
    let mut response = Html(html).into_response();
    if let Some(asked) = asked.and_then(Locale::parse) {
        // Not a secret, so readable by the page's own script.
        let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", asked.code());
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
    }
    Ok(response)
}

fn genesis(app: &AppState) -> Result<Genesis, Problem> {
    let state = app.seq.state.read().expect("state lock");
    state
        .deployment
        .as_ref()
        .map(|d| d.genesis.clone())
        .ok_or_else(|| Problem::unavailable("the log has no genesis yet"))
}

/// The incident statuses, in lifecycle order, as CSS classes and message keys use them.
const STATUSES: [&str; 7] =
    ["reported", "answered", "disputed", "unanswered", "under_investigation", "finding_final", "closed"];

/// An RFC 3339 time as the locale writes it (UTC; the offset is shown).
fn local_time(locale: Locale, rfc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc)
        .map(|t| format_datetime(locale, t.timestamp_millis(), 0))
        .unwrap_or_else(|_| rfc.to_string())
}

/// A sector's name in the page's language (its id if the deployment does not know it).
fn sector_name(sectors: &[model::deployment::Sector], id: &str, lang: &str) -> String {
    sectors.iter().find(|s| s.id == id).map(|s| name_in(&s.name, lang).to_string()).unwrap_or_else(|| id.to_string())
}

/// Incidents as marks on the map, each a link to its page.
fn incident_marks(c: &Chrome, incidents: &[crate::store::IncidentRow]) -> Vec<map::IncidentMark> {
    incidents
        .iter()
        .map(|i| map::IncidentMark {
            id: i.id.clone(),
            title: format!("{} — {}", i.title, c.status_label(&i.status)),
            at: model::geo::LonLat(i.lon, i.lat),
            status: i.status.clone(),
            href: format!("/incidents/{}?lang={}", i.id, c.lang()),
        })
        .collect()
}

/// A choice in a <select>.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn choices(items: impl IntoIterator<Item = (String, String)>, selected: Option<&str>) -> Vec<Choice> {
    items
        .into_iter()
        .map(|(value, label)| Choice { selected: selected == Some(value.as_str()), value, label })
        .collect()
}

/// The signed-in member as the forms need them: what they may sign decides which forms show.
/// The server checks it again on submission; hiding a form is only a courtesy.
pub struct Signer {
    pub key: model::PublicKey,
    pub party: String,
    pub party_kind: model::PartyKind,
    pub roles: Vec<model::access::Role>,
}

impl Signer {
    pub fn may(&self, kind: model::Kind) -> bool {
        let (roles, kinds) = model::access::requirement(kind);
        kinds.contains(&self.party_kind) && (roles.is_empty() || roles.iter().any(|r| self.roles.contains(r)))
    }
}

fn signer(app: &AppState, headers: &HeaderMap) -> Option<Signer> {
    let (key, viewer) = auth::signed_in(app, headers).ok()?;
    let Viewer::Member { party, party_kind } = viewer else { return None };
    let state = app.seq.state.read().expect("state lock");
    let roles = state.deployment.as_ref()?.member(&key)?.roles.clone();
    Some(Signer { key, party, party_kind, roles })
}

/// The visibilities a statement of this kind may have, labelled, the first selected.
fn visibility_choices(c: &Chrome, kind: model::Kind) -> Vec<Choice> {
    let allowed = model::access::allowed_visibilities(kind);
    choices(
        allowed.iter().map(|v| (v.as_str().to_string(), c.t(&format!("visibility-{}", v.as_str())))),
        allowed.iter().find(|v| **v == model::Visibility::Joint).or(allowed.first()).map(|v| v.as_str()),
    )
}

/// The languages a text may be written in, the page's own selected.
fn text_languages(c: &Chrome) -> Vec<Choice> {
    choices(Locale::ALL.iter().map(|l| (l.code().to_string(), c.t(&format!("lang-{}", l.code())))), Some(c.lang()))
}

#[cfg(test)]
mod tests {
    /// The script signs with the same domain-separation strings as the server checks.
    #[test]
    fn the_script_signs_with_the_protocol_contexts() {
        let context = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap().replace('\n', "\\n");
        assert!(super::SCRIPT.contains(&format!("'{}'", context(model::statement::SIGNING_CONTEXT))));
        assert!(super::SCRIPT.contains(&format!("'{}'", context(crate::api::auth::LOGIN_CONTEXT.as_bytes()))));
    }
}
