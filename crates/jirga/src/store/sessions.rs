//! What the servers of one log tell each other about sign-ins: the challenges used (each is good
//! once, whichever server it is brought to) and the tokens ended by signing out.

use super::Store;
use anyhow::Result;
use sqlx::Row;

impl Store {
    /// Records a challenge as used; false if a server had used it already.
    pub async fn spend_challenge(&self, challenge: &str, expires_ms: i64) -> Result<bool> {
        self.spend(&format!("c:{challenge}"), expires_ms).await
    }

    /// Records a token as ended (its owner signed out).
    pub async fn spend_token(&self, token: &str, expires_ms: i64) -> Result<()> {
        self.spend(&format!("t:{token}"), expires_ms).await.map(|_| ())
    }

    async fn spend(&self, what: &str, expires_ms: i64) -> Result<bool> {
        // What has expired needs no record: a challenge or token past its time is refused anyway.
        sqlx::query("DELETE FROM spent WHERE expires_ms < $1")
            .bind(chrono::Utc::now().timestamp_millis() - 60_000)
            .execute(&self.pool)
            .await?;
        let done = sqlx::query("INSERT INTO spent (token, expires_ms) VALUES ($1, $2) ON CONFLICT (token) DO NOTHING")
            .bind(what)
            .bind(expires_ms)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The tokens ended and not yet expired at `now_ms`.
    pub async fn ended_tokens(&self, now_ms: i64) -> Result<Vec<(String, i64)>> {
        sqlx::query("SELECT token, expires_ms FROM spent WHERE token LIKE 't:%' AND expires_ms > $1")
            .bind(now_ms)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<String, _>(0)?[2..].to_string(), r.try_get(1)?)))
            .collect()
    }
}
