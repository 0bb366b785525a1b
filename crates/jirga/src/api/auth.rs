//! Sign-in by key: the server sends a random challenge, the member signs it with the key on their
//! device, and gets a short-lived token. The server never sees a secret key.

use super::{AppState, Problem};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use model::{PublicKey, Viewer};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;

pub const LOGIN_CONTEXT: &str = "jirga/login/v1\n";
const CHALLENGE_TTL_MS: i64 = 120_000;
const TOKEN_TTL_MS: i64 = 3_600_000;
/// Bounds memory under a flood of challenge requests.
const MAX_OUTSTANDING: usize = 100_000;

#[derive(Default)]
pub struct Sessions {
    challenges: Mutex<HashMap<String, (PublicKey, i64)>>,
    tokens: Mutex<HashMap<String, (PublicKey, i64)>>,
}

impl Sessions {
    /// Ends a session at once (signing out).
    pub fn end(&self, token: &str) {
        self.tokens.lock().expect("sessions lock").remove(token.trim());
    }
}

fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// The bytes a member signs to sign in.
pub fn login_message(deployment: &str, challenge: &str) -> Vec<u8> {
    format!("{LOGIN_CONTEXT}{deployment}\n{challenge}").into_bytes()
}

fn insert_bounded(
    map: &Mutex<HashMap<String, (PublicKey, i64)>>,
    key: String,
    value: (PublicKey, i64),
    now: i64,
) -> Result<(), Problem> {
    let mut m = map.lock().expect("sessions lock");
    if m.len() >= MAX_OUTSTANDING {
        m.retain(|_, (_, exp)| *exp > now);
        if m.len() >= MAX_OUTSTANDING {
            return Err(Problem::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "busy",
                "too many sign-ins at once; try again in a minute",
            ));
        }
    }
    m.insert(key, value);
    Ok(())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ChallengeRequest {
    /// The member's public key (base64).
    pub key: String,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct Challenge {
    pub challenge: String,
    pub deployment: String,
    /// Sign `jirga/login/v1\n{deployment}\n{challenge}` with the member key.
    pub sign: String,
    pub expires_at: i64,
}

#[utoipa::path(post, path = "/v1/auth/challenge", request_body = ChallengeRequest,
    responses((status = 200, body = Challenge), (status = 403, body = Problem)))]
pub async fn challenge(
    State(app): State<AppState>,
    req: Result<Json<ChallengeRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Challenge>, Problem> {
    let Json(req) = req?;
    let key = PublicKey::parse(&req.key).map_err(|e| Problem::bad_request("malformed", format!("key: {e}")))?;
    let deployment = app.active_member(&key)?.1;
    let now = app.clock.now_ms();
    let challenge = random_token();
    insert_bounded(&app.sessions.challenges, challenge.clone(), (key, now + CHALLENGE_TTL_MS), now)?;
    Ok(Json(Challenge {
        sign: format!("{LOGIN_CONTEXT}{deployment}\\n{challenge}"),
        challenge,
        deployment,
        expires_at: now + CHALLENGE_TTL_MS,
    }))
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    pub key: String,
    pub challenge: String,
    /// base64 Ed25519 signature of the login message.
    pub signature: String,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct Token {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub party: String,
    pub expires_at: i64,
}

#[utoipa::path(post, path = "/v1/auth/token", request_body = TokenRequest,
    responses((status = 200, body = Token), (status = 401, body = Problem)))]
pub async fn token(
    State(app): State<AppState>,
    req: Result<Json<TokenRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Token>, Problem> {
    let Json(req) = req?;
    let key = PublicKey::parse(&req.key).map_err(|e| Problem::bad_request("malformed", format!("key: {e}")))?;
    let now = app.clock.now_ms();
    let issued = app.sessions.challenges.lock().expect("sessions lock").remove(&req.challenge);
    match issued {
        Some((k, exp)) if k == key && exp > now => {}
        _ => return Err(Problem::unauthorized("unknown or expired challenge: ask for a new one")),
    }
    let (party, deployment) = app.active_member(&key)?;
    let sig = model::statement::decode_signature(&req.signature).map_err(Problem::from)?;
    let vk = key.verifying_key().map_err(|e| Problem::bad_request("malformed", e.to_string()))?;
    if !ledger::signature::valid(&vk, &login_message(&deployment, &req.challenge), &sig) {
        return Err(Problem::unauthorized("the signature of the challenge does not verify with this key"));
    }
    let token = random_token();
    insert_bounded(&app.sessions.tokens, token.clone(), (key, now + TOKEN_TTL_MS), now)?;
    Ok(Json(Token { token, party, expires_at: now + TOKEN_TTL_MS }))
}

/// The cookie the web pages sign in with: set by `/web/session` (HttpOnly, SameSite=Strict), so
/// the pages' script never reads it and no other site can send it.
pub const TOKEN_COOKIE: &str = "jirga_token";

/// A cookie's value from the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Who is asking: anonymous without a token; a member with a valid one. A revoked key's tokens
/// stop working at once, because membership is checked on every request. A bad bearer token is
/// an error; a stale sign-in cookie is only anonymous, because the browser sends it unasked.
pub fn viewer(app: &AppState, headers: &HeaderMap) -> Result<Viewer, Problem> {
    if headers.get(axum::http::header::AUTHORIZATION).is_some() {
        return Ok(signed_in(app, headers)?.1);
    }
    Ok(match cookie(headers, TOKEN_COOKIE).map(|t| signed_in_by_token(app, t)) {
        Some(Ok((_, viewer))) => viewer,
        _ => Viewer::Anonymous,
    })
}

/// The signed-in member's key and who they are, by bearer token or the pages' cookie; 401
/// without a valid one.
pub fn signed_in(app: &AppState, headers: &HeaderMap) -> Result<(PublicKey, Viewer), Problem> {
    let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
        return match cookie(headers, TOKEN_COOKIE) {
            Some(token) => signed_in_by_token(app, token),
            None => Err(Problem::unauthorized("sign in first: this needs a member's token")),
        };
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| Problem::unauthorized("use Authorization: Bearer <token>"))?;
    signed_in_by_token(app, token)
}

/// The same for a token that came another way (a cookie, or the query of an EventSource that
/// cannot set headers).
pub fn signed_in_by_token(app: &AppState, token: &str) -> Result<(PublicKey, Viewer), Problem> {
    let now = app.clock.now_ms();
    let key = match app.sessions.tokens.lock().expect("sessions lock").get(token.trim()) {
        Some((key, exp)) if *exp > now => *key,
        _ => return Err(Problem::unauthorized("the token is unknown or expired: sign in again")),
    };
    let (party, _) = app.active_member(&key)?;
    let state = app.seq.state.read().expect("state lock");
    let party_kind = state
        .deployment
        .as_ref()
        .and_then(|d| d.party_kind(&party))
        .ok_or_else(|| Problem::unauthorized("unknown party"))?;
    Ok((key, Viewer::Member { party, party_kind }))
}

pub fn decode_b64(s: &str) -> Option<Vec<u8>> {
    B64.decode(s).ok()
}
