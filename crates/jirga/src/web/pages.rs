//! The server-rendered pages. They read without JavaScript; what must be signed (a report, a
//! response, an acknowledgement) is signed by the page's own script with the member's key, which
//! never leaves the browser. The language comes from `?lang=`, then the `lang` cookie, then the
//! browser's Accept-Language; a member is recognised by the sign-in cookie (see `account`).

mod account;
mod compliance;
mod crossings;
mod dashboard;
mod events;
mod hotline;
mod incident;
mod incidents;
mod obligations;
mod record;
mod violations;
mod windows;

use super::i18n::{format_datetime, Catalog, FluentValue, Locale};
use super::map::{self, Geo};
use crate::api::auth;
use crate::problem::Problem;
use crate::state::AppState;
use askama::Template;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use model::deployment::name_in;
use model::Viewer;
use std::sync::OnceLock;

const STYLESHEET: &str = include_str!("../../static/app.css");
const SCRIPT: &str = include_str!("../../static/jirga.js");
const SERVICE_WORKER: &str = include_str!("../../static/sw.js");

fn geo() -> &'static Geo {
    crate::geography::base_map()
}

pub(crate) fn catalog() -> &'static Catalog {
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
        .route("/crossings", get(crossings::crossings))
        .route("/windows", get(windows::windows))
        .route("/events", get(events::events))
        .route("/commitments", get(violations::commitments))
        .route("/obligations", get(obligations::obligations))
        .route("/log", get(record::log))
        .route("/reports/{span}", get(compliance::report))
        .route("/sign-in", get(account::sign_in))
        .route("/members", get(account::members))
        .route("/web/session", post(account::start_session))
        .route("/web/sign-out", post(account::sign_out))
        .route("/web/live", get(super::live::feed))
        .route("/static/{name}", get(asset))
        .route("/sw.js", get(service_worker))
        .route("/manifest.webmanifest", get(manifest))
}

/// The service worker, at the root so that it may serve every page, told which versioned
/// assets to keep; its text changes when they do, which is how a browser learns to update.
async fn service_worker() -> Response {
    static BODY: OnceLock<String> = OnceLock::new();
    let body = BODY.get_or_init(|| {
        let shell: Vec<String> = assets().iter().map(|a| format!("/static/{}", a.versioned)).collect();
        let version = assets().iter().map(|a| a.versioned.as_str()).collect::<Vec<_>>().join("+");
        format!(
            "const SHELL = {};\nconst VERSION = {};\n{}",
            serde_json::to_string(&shell).expect("strings"),
            serde_json::to_string(&version).expect("a string"),
            lean(SERVICE_WORKER)
        )
    });
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], body.as_str())
        .into_response()
}

/// What a phone needs to keep the site on its home screen and open it as an app.
async fn manifest() -> Response {
    let body = serde_json::json!({
        "name": "Jirga",
        "short_name": "Jirga",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1a4d8f",
    });
    ([(header::CONTENT_TYPE, "application/manifest+json")], body.to_string()).into_response()
}

/// A file the pages load, served under a name that holds a hash of its content: a page names
/// the current version, so a browser may keep it for ever and never ask again.
pub struct Asset {
    /// `app.css`
    pub name: &'static str,
    /// `app.3f9a1c2e4b5d6f70.css`
    pub versioned: String,
    pub content_type: &'static str,
    pub body: String,
}

/// A script as sent: without its whole-line comments and indentation, which are for whoever
/// reads the source, not for a phone on a weak link. Only whole lines go: nothing inside a
/// string or a statement is touched.
fn lean(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines().map(str::trim) {
        let comment = line.starts_with("//") || (line.starts_with("/*") && line.ends_with("*/"));
        if !line.is_empty() && !comment {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A stylesheet as sent: without its comments (CSS has no other use for `/*`) and indentation.
fn lean_css(source: &str) -> String {
    let mut text = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    text.push_str(rest);
    lean(&text)
}

pub fn assets() -> &'static [Asset] {
    static ASSETS: OnceLock<Vec<Asset>> = OnceLock::new();
    ASSETS.get_or_init(|| {
        [
            ("app.css", "text/css; charset=utf-8", lean_css(STYLESHEET)),
            ("jirga.js", "text/javascript; charset=utf-8", lean(SCRIPT)),
        ]
        .into_iter()
        .map(|(name, content_type, body)| {
            use sha2::Digest;
            let hash = hex::encode(&sha2::Sha256::digest(body.as_bytes())[..8]);
            let (stem, ext) = name.rsplit_once('.').expect("asset names have an extension");
            Asset { name, versioned: format!("{stem}.{hash}.{ext}"), content_type, body }
        })
        .collect()
    })
}

/// The path a page links to for the asset `name`.
pub fn asset_href(name: &str) -> String {
    assets().iter().find(|a| a.name == name).map(|a| format!("/static/{}", a.versioned)).unwrap_or_default()
}

async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    let Some((asset, versioned)) = assets().iter().find_map(|a| {
        if a.versioned == name {
            Some((a, true))
        } else if a.name == name {
            Some((a, false))
        } else {
            None
        }
    }) else {
        return Problem::not_found("no such file").into_response();
    };
    // The plain name is for old links and tools: revalidated each time (ETag, 304).
    let cache = if versioned { "public, max-age=31536000, immutable" } else { "no-cache" };
    ([(header::CONTENT_TYPE, asset.content_type), (header::CACHE_CONTROL, cache)], asset.body.clone()).into_response()
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

/// A time zone the reader may choose: a party's own (from the genesis), or UTC.
pub struct ZoneLink {
    pub id: String,
    pub label: String,
    pub current: bool,
}

/// What the reader asked for in the URL: a language and a time zone.
#[derive(Clone, Copy, Default)]
pub struct Asked<'a> {
    pub lang: Option<&'a str>,
    pub tz: Option<&'a str>,
}

pub fn asked<'a>(lang: &'a Option<String>, tz: &'a Option<String>) -> Asked<'a> {
    Asked { lang: lang.as_deref(), tz: tz.as_deref() }
}

/// The zone named `UTC` in links and cookies.
const UTC: &str = "UTC";

/// A time as the reader reads it: in the chosen zone, with UTC on hover and the instant in the
/// element for scripts and machines. Renders as a `<time>` element (its text escaped here).
#[derive(Default)]
pub struct When {
    pub iso: String,
    pub local: String,
    pub utc: String,
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        write!(f, "<time datetime=\"{}\" title=\"{}\">{}</time>", esc(&self.iso), esc(&self.utc), esc(&self.local))
    }
}

impl askama::filters::HtmlSafe for When {}

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
    /// Minutes east of UTC of the zone times are shown in.
    pub offset_minutes: i32,
    pub zones: Vec<ZoneLink>,
    /// The signed-in member's party.
    pub signed_in: Option<String>,
    pub nav: Vec<NavItem>,
    pub deployment: String,
    /// Words the script shows, as JSON (safe inside a <script> element).
    pub words: String,
}

/// The words the page's script needs, in the page's language.
const SCRIPT_WORDS: [&str; 23] = [
    "outbox-queued",
    "outbox-sent",
    "outbox-logged",
    "outbox-refused",
    "form-queued",
    "hotline-event-message",
    "hotline-event-ack",
    "hotline-event-escalation",
    "hotline-event-window",
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

    /// A message with text arguments.
    pub fn args(&self, key: &str, args: &[(&str, String)]) -> String {
        let args: Vec<(&str, FluentValue)> = args.iter().map(|(k, v)| (*k, FluentValue::from(v.clone()))).collect();
        catalog().text(self.locale, key, &args)
    }

    /// A message counting something (plural rules and digits of the locale).
    pub fn count(&self, key: &str, n: i64) -> String {
        catalog().text(self.locale, key, &[("count", FluentValue::from(n))])
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    /// Where the page's stylesheet and script are (versioned names).
    pub fn asset(&self, name: &str) -> String {
        asset_href(name)
    }

    /// A time in the reader's zone, as a `<time>` element with UTC on hover.
    pub fn when(&self, rfc: &str) -> When {
        match chrono::DateTime::parse_from_rfc3339(rfc) {
            Ok(t) => When {
                iso: t.to_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                local: format_datetime(self.locale, t.timestamp_millis(), self.offset_minutes),
                utc: format_datetime(self.locale, t.timestamp_millis(), 0),
            },
            Err(_) => When { iso: String::new(), local: rfc.to_string(), utc: String::new() },
        }
    }

    /// A time in the reader's zone as plain text (inside an element of its own, a countdown).
    pub fn when_text(&self, rfc: &str) -> String {
        self.when(rfc).local
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
fn chrome(app: &AppState, headers: &HeaderMap, asked: Asked, current: &str) -> (Chrome, Viewer) {
    let locale = locale(headers, asked.lang);
    let viewer = auth::viewer(app, headers).unwrap_or(Viewer::Anonymous);
    let signed_in = match &viewer {
        Viewer::Member { party, .. } => Some(party.clone()),
        Viewer::Anonymous => None,
    };
    // "Liaison officer, Pakistan delegation (PK · Liaison officer)": whose key signs, here.
    let who = signed_in.as_ref().map(|party| {
        let member = auth::signed_in(app, headers).ok().and_then(|(key, _)| {
            let state = app.seq.state.read().expect("state lock");
            state.deployment.as_ref().and_then(|d| d.member(&key)).map(|m| (m.name.clone(), m.roles.clone()))
        });
        match member {
            Some((name, roles)) => {
                let roles: Vec<String> = roles
                    .iter()
                    .map(|r| catalog().text(locale, &format!("role-{}", r.as_str().replace('_', "-")), &[]))
                    .collect();
                format!("{name} ({party} · {})", roles.join(", "))
            }
            None => party.clone(),
        }
    });
    let (deployment, zones) = {
        let state = app.seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref();
        let zones: Vec<(String, String, i32)> = dep
            .map(|d| &d.genesis.parties[..])
            .unwrap_or_default()
            .iter()
            .filter_map(|p| {
                p.utc_offset_minutes.map(|m| (p.id.clone(), name_in(&p.name, locale.code()).to_string(), m))
            })
            .collect();
        (dep.map(|d| d.id.hex()), zones)
    };
    // Asked for, then remembered, then the member's own party's; a reader nobody knows reads
    // UTC, which favours no side.
    let known = |id: &str| id == UTC || zones.iter().any(|z| z.0 == id);
    let zone = asked
        .tz
        .filter(|z| known(z))
        .or_else(|| auth::cookie(headers, "tz").filter(|z| known(z)))
        .or_else(|| signed_in.as_deref().filter(|p| known(p)))
        .unwrap_or(UTC)
        .to_string();
    let offset_minutes = zones.iter().find(|z| z.0 == zone).map(|z| z.2).unwrap_or(0);
    let zone_links = zones
        .iter()
        .map(|(id, name, m)| (id.clone(), format!("{name} {}", utc_offset(*m))))
        .chain([(UTC.to_string(), UTC.to_string())])
        .map(|(id, label)| ZoneLink { current: id == zone, id, label })
        .collect();
    let lang = locale.code();
    let mut items = vec![
        ("/", "nav-dashboard"),
        ("/incidents", "nav-incidents"),
        ("/hotline", "nav-hotline"),
        ("/crossings", "nav-crossings"),
        ("/windows", "nav-windows"),
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
    let at_time = |key| catalog().text(locale, key, &[("time", FluentValue::from("%s"))]);
    words.insert("offline-stale".into(), at_time("offline-stale").into());
    words.insert("outbox-signed".into(), at_time("outbox-signed").into());
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
        offset_minutes,
        zones: zone_links,
        signed_in: who,
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

/// Renders a page; remembers a language and a zone asked for in the URL for the next pages.
fn page<T: Template>(page: &T, asked: Asked) -> Result<Response, Problem> {
    let html = page.render().map_err(|e| Problem::internal(anyhow::anyhow!("rendering a page: {e}")))?;
    let mut response = Html(html).into_response();
    let lang = asked.lang.and_then(Locale::parse).map(|l| ("lang", l.code().to_string()));
    // A zone is remembered as asked (it was checked when the page was drawn); only its shape here.
    let tz = asked
        .tz
        .filter(|z| z.len() <= 16 && z.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(|z| ("tz", z.to_string()));
    for (name, value) in lang.into_iter().chain(tz) {
        // Not a secret, so readable by the page's own script.
        let cookie = format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    // Pages differ by reader: a shared cache must not hand one reader's page to another.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("cookie, accept-language"));
    Ok(response)
}

/// `UTC+05:00`, `UTC+04:30`, `UTC-02:30`.
fn utc_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

/// The incident statuses, in lifecycle order, as CSS classes and message keys use them.
const STATUSES: [&str; 7] =
    ["reported", "answered", "disputed", "unanswered", "under_investigation", "finding_final", "closed"];

/// A sector's name in the page's language (its id if the deployment does not know it).
fn sector_name(sectors: &[model::deployment::Sector], id: &str, lang: &str) -> String {
    sectors.iter().find(|s| s.id == id).map(|s| name_in(&s.name, lang).to_string()).unwrap_or_else(|| id.to_string())
}

/// Incidents as marks on the map, each a link to its page.
/// One mark an event, at its first claim listed (the newest); repeats are left off.
fn incident_marks(c: &Chrome, incidents: &[crate::store::IncidentRow]) -> Vec<map::IncidentMark> {
    let mut seen = std::collections::BTreeSet::new();
    incidents
        .iter()
        .filter(|i| i.duplicate_of.is_none() && i.event.as_ref().is_none_or(|e| seen.insert(e.clone())))
        .map(|i| map::IncidentMark {
            id: i.id.clone(),
            title: match i.event {
                Some(_) => {
                    format!("{} — {} · {}", i.title, c.status_label(&i.status), c.count("event-claims", i.claims))
                }
                None => format!("{} — {}", i.title, c.status_label(&i.status)),
            },
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

/// (key, "name (party)") of the active members of the parties and the mediators, who may sit on a
/// joint team, by name.
fn team_candidates(dep: &model::Deployment) -> Vec<(String, String)> {
    use model::PartyKind;
    let mut team: Vec<(String, String)> = dep
        .members()
        .filter(|m| m.active() && matches!(dep.party_kind(&m.party), Some(PartyKind::Party | PartyKind::Mediator)))
        .map(|m| (m.key.to_string(), format!("{} ({})", m.name, m.party)))
        .collect();
    team.sort_by(|a, b| a.1.cmp(&b.1));
    team
}

/// The languages a text may be written in, the page's own selected.
fn text_languages(c: &Chrome) -> Vec<Choice> {
    choices(Locale::ALL.iter().map(|l| (l.code().to_string(), c.t(&format!("lang-{}", l.code())))), Some(c.lang()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn lean_assets_lose_comments_and_indentation_only() {
        let js = "// why\nconst a = 'x // not a comment';\n  /** doc */\n  if (a) { b(); } // kept: not a whole line\n";
        assert_eq!(super::lean(js), "const a = 'x // not a comment';\nif (a) { b(); } // kept: not a whole line\n");
        let css = "/* one\n two */\na { color: red; } /* end */\n  b { x: y; }\n";
        assert_eq!(super::lean_css(css), "a { color: red; }\nb { x: y; }\n");
        // Every asset still holds what the pages rely on.
        let script = &super::assets().iter().find(|a| a.name == "jirga.js").unwrap().body;
        assert!(script.contains("function canonical(v)") && !script.contains("// --- "));
    }

    /// The script signs with the same domain-separation strings as the server checks.
    #[test]
    fn the_script_signs_with_the_protocol_contexts() {
        let context = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).unwrap().replace('\n', "\\n");
        assert!(super::SCRIPT.contains(&format!("'{}'", context(model::statement::SIGNING_CONTEXT))));
        assert!(super::SCRIPT.contains(&format!("'{}'", context(crate::api::auth::LOGIN_CONTEXT.as_bytes()))));
    }
}
