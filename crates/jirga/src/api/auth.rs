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
/// Bounds the memory of spent challenges and ended tokens.
const MAX_OUTSTANDING: usize = 100_000;

/// Sign-ins that every server of one log honours: a challenge and a token carry their key and
/// expiry with a MAC under a key the servers share (derived from the log's key), so a member
/// signed in on one server stays signed in on another after a failover. A challenge is good once
/// (here at once, on the others through the store); a token ended by signing out is refused here
/// at once and on the others within a few seconds.
pub struct Sessions {
    mac_key: [u8; 32],
    /// Challenges used and tokens ended, until they would have expired anyway.
    spent: Mutex<HashMap<String, i64>>,
}

impl Default for Sessions {
    /// Sessions of this process alone (a server whose log key it does not hold).
    fn default() -> Sessions {
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Sessions::keyed(key)
    }
}

/// A challenge's nonce and a token's, and their MAC, in bytes.
const NONCE: usize = 8;
const MAC: usize = 16;

impl Sessions {
    pub fn keyed(mac_key: [u8; 32]) -> Sessions {
        Sessions { mac_key, spent: Mutex::default() }
    }

    fn mac(&self, label: &str, parts: &[&[u8]]) -> [u8; MAC] {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&self.mac_key).expect("HMAC takes a key of any length");
        mac.update(label.as_bytes());
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes()[..MAC].try_into().expect("16 bytes")
    }

    /// key ‖ expiry ‖ nonce ‖ MAC, in hex: what a challenge or a token is.
    fn issue(&self, label: &str, key: &PublicKey, expires: i64) -> String {
        let mut nonce = [0u8; NONCE];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let (k, e) = (key.0, expires.to_be_bytes());
        let mac = self.mac(label, &[&k, &e, &nonce]);
        hex::encode([&k[..], &e, &nonce, &mac].concat())
    }

    /// The key and expiry a challenge or token of this label was issued for, if its MAC holds.
    fn open(&self, label: &str, text: &str) -> Option<(PublicKey, i64)> {
        let bytes = hex::decode(text.trim()).ok().filter(|b| b.len() == 32 + 8 + NONCE + MAC)?;
        let (k, rest) = bytes.split_at(32);
        let (e, rest) = rest.split_at(8);
        let (nonce, mac) = rest.split_at(NONCE);
        if !super::limits::same_secret(&self.mac(label, &[k, e, nonce]), mac) {
            return None;
        }
        Some((PublicKey(k.try_into().ok()?), i64::from_be_bytes(e.try_into().ok()?)))
    }

    fn is_spent(&self, text: &str) -> bool {
        self.spent.lock().expect("sessions lock").contains_key(text.trim())
    }

    /// Marks a challenge used or a token ended here; false if it already was.
    fn spend(&self, text: &str, expires: i64, now: i64) -> bool {
        let mut spent = self.spent.lock().expect("sessions lock");
        if spent.len() >= MAX_OUTSTANDING {
            spent.retain(|_, exp| *exp > now);
        }
        spent.insert(text.trim().to_string(), expires).is_none()
    }

    /// Takes in what the other servers spent (read from the store).
    pub fn learn_spent(&self, spent: Vec<(String, i64)>, now: i64) {
        let mut mine = self.spent.lock().expect("sessions lock");
        mine.retain(|_, exp| *exp > now);
        mine.extend(spent);
    }

    /// Ends a session at once (signing out): here now, on the other servers once they read it.
    pub async fn end(&self, store: &crate::store::Store, token: &str, now: i64) {
        let Some((_, expires)) = self.open("token", token) else { return };
        self.spend(token, expires, now);
        if let Err(e) = store.spend_token(token.trim(), expires).await {
            tracing::warn!(error = %format!("{e:#}"), "recording a sign-out for the other servers");
        }
    }
}

/// The bytes a member signs to sign in.
pub fn login_message(deployment: &str, challenge: &str) -> Vec<u8> {
    format!("{LOGIN_CONTEXT}{deployment}\n{challenge}").into_bytes()
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
    let challenge = app.sessions.issue("challenge", &key, now + CHALLENGE_TTL_MS);
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
    let expires = match app.sessions.open("challenge", &req.challenge) {
        Some((k, exp)) if k == key && exp > now && !app.sessions.is_spent(&req.challenge) => exp,
        _ => return Err(Problem::unauthorized("unknown or expired challenge: ask for a new one")),
    };
    let (party, deployment) = app.active_member(&key)?;
    let sig = model::statement::decode_signature(&req.signature).map_err(Problem::from)?;
    let vk = key.verifying_key().map_err(|e| Problem::bad_request("malformed", e.to_string()))?;
    if !ledger::signature::valid(&vk, &login_message(&deployment, &req.challenge), &sig) {
        return Err(Problem::unauthorized("the signature of the challenge does not verify with this key"));
    }
    // Good once, on whichever server it is used: here, and through the store on the others.
    let here = app.sessions.spend(&req.challenge, expires, now);
    if !here || !app.store.spend_challenge(&req.challenge, expires).await? {
        return Err(Problem::unauthorized("this challenge was used already: ask for a new one"));
    }
    let token = app.sessions.issue("token", &key, now + TOKEN_TTL_MS);
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
    let key = match app.sessions.open("token", token) {
        Some((key, exp)) if exp > now && !app.sessions.is_spent(token) => key,
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
