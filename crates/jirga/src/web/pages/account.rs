//! Signing in with a key held by the browser, and the party admin's page to enrol a member's
//! key. The browser makes or imports the key as a non-extractable WebCrypto key, signs the
//! server's challenge with it (the same exchange as the CLI's), and hands the token to
//! `/web/session`, which keeps it in an HttpOnly cookie: the page's script never holds it again.

use super::{asked, chrome, page, signer, Chrome};
use crate::api::auth;
use crate::problem::Problem;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use model::access::Role;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
    /// The zone to show times in: a party id or UTC.
    tz: Option<String>,
    /// Where the person was going when they were asked to sign in (a path of this site).
    next: Option<String>,
}

/// The sign-in page that brings the person back to `path` (this site's path and query) after.
pub fn sign_in_then(lang: &str, path: &str) -> String {
    let query = serde_urlencoded::to_string([("lang", lang), ("next", path)]).unwrap_or_default();
    format!("/sign-in?{query}")
}

/// A path of this site only: "/…" but not "//…" (another site) nor a backslash trick.
fn local_path(next: Option<&str>) -> Option<String> {
    next.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\')).map(String::from)
}

#[derive(Template)]
#[template(path = "sign_in.html")]
pub struct SignIn {
    pub c: Chrome,
    /// (id, name) of every party, for a new key.
    pub parties: Vec<(String, String)>,
    /// Where signing in leads: where the person was going, else the dashboard.
    pub next: String,
}

pub async fn sign_in(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let (c, _) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/sign-in");
    let parties = app
        .genesis()?
        .parties
        .iter()
        .map(|p| (p.id.clone(), model::deployment::name_in(&p.name, c.lang()).to_string()))
        .collect();
    let next = local_path(q.next.as_deref()).unwrap_or_else(|| format!("/?lang={}", c.lang()));
    page(&SignIn { c, parties, next }, asked(&q.lang, &q.tz))
}

#[derive(Deserialize)]
pub struct SessionRequest {
    token: String,
}

/// Turns a token from `/v1/auth/token` into the pages' cookie, after checking it is live.
pub async fn start_session(
    State(app): State<AppState>,
    req: Result<Json<SessionRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, Problem> {
    let Json(req) = req?;
    let token = req.token.trim();
    // A token is hex; anything else could smuggle attributes into the cookie.
    if token.is_empty() || token.len() > 128 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Problem::bad_request("malformed", "token: the token from /v1/auth/token"));
    }
    auth::signed_in_by_token(&app, token)?;
    let cookie = format!("{}={token}; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict", auth::TOKEN_COOKIE);
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| Problem::internal(anyhow::anyhow!("cookie: {e}")))?,
    );
    Ok(response)
}

/// Ends the session in this browser (the form in every page's header posts here).
pub async fn sign_out(State(app): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = auth::cookie(&headers, auth::TOKEN_COOKIE) {
        app.sessions.end(&app.store, token, app.clock.now_ms()).await;
    }
    let mut response = Redirect::to("/sign-in").into_response();
    let cookie = format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict", auth::TOKEN_COOKIE);
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

pub struct MemberLine {
    pub name: String,
    pub key: String,
    pub roles: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "members.html")]
pub struct Members {
    pub c: Chrome,
    pub party: String,
    pub members: Vec<MemberLine>,
    pub may_enrol: bool,
    /// (role, label)
    pub roles: Vec<(String, String)>,
}

/// The members of the signed-in member's party; an admin enrols a new key here.
pub async fn members(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let (c, _) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/members");
    let Some(me) = signer(&app, &headers) else {
        return Ok(Redirect::to(&sign_in_then(c.lang(), &format!("/members?lang={}", c.lang()))).into_response());
    };
    let mut members: Vec<MemberLine> = {
        let state = app.seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("the log has no genesis yet"))?;
        dep.members()
            .filter(|m| m.party == me.party)
            .map(|m| MemberLine {
                name: m.name.clone(),
                key: m.key.to_string(),
                roles: m
                    .roles
                    .iter()
                    .map(|r| c.t(&format!("role-{}", r.as_str().replace('_', "-"))))
                    .collect::<Vec<_>>()
                    .join(", "),
                active: m.active(),
            })
            .collect()
    };
    members.sort_by(|a, b| (!a.active, &a.name).cmp(&(!b.active, &b.name)));
    let page_data = Members {
        party: me.party.clone(),
        may_enrol: me.may(model::Kind::MemberEnrol),
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), c.t(&format!("role-{}", r.as_str().replace('_', "-")))))
            .collect(),
        members,
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}
