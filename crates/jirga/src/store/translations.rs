//! Signed translations in the projection: each translation with the statement it translates,
//! its translator, and the disputes against it, so a page can show a statement's words in the
//! reader's language, marked as a translation, with the original one click away.

use super::sql::{insert_rows, Val};
use super::verification_reads::readable;
use super::{NewEntry, Store};
use anyhow::Result;
use model::{Body, Viewer};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TranslationRow {
    pub statement: String,
    /// The statement translated.
    pub original: String,
    pub lang: String,
    pub party: String,
    /// The translator's name as enrolled.
    pub translator: String,
    /// Field of the original's body → its words in `lang`.
    pub texts: BTreeMap<String, String>,
    pub disputes: Vec<DisputeRow>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DisputeRow {
    pub statement: String,
    pub party: String,
    pub reason: String,
    pub lang: String,
}

/// Projects a translation or a dispute of one; false when the entry is of another kind.
pub(super) async fn project(tx: &mut Transaction<'_, Any>, e: &NewEntry) -> Result<bool> {
    let (table, cols, row): (&str, &[&str], Vec<Val>) = match &e.parsed {
        Body::Translation(t) => (
            "translations",
            &["statement", "original", "lang", "party", "author", "texts", "idx", "logged_at", "visibility"],
            vec![
                Val::Text(e.id.hex()),
                Val::Text(e.refs[0].hex()),
                Val::Text(t.lang.clone()),
                Val::Text(e.party.clone()),
                Val::Text(e.author.to_string()),
                Val::Text(serde_json::to_string(&t.texts)?),
                Val::I64(e.idx as i64),
                Val::I64(e.logged_at),
                Val::Text(e.visibility.as_str().into()),
            ],
        ),
        Body::TranslationDispute(d) => (
            "translation_disputes",
            &["statement", "translation", "party", "reason", "lang", "idx", "visibility"],
            vec![
                Val::Text(e.id.hex()),
                Val::Text(e.refs[0].hex()),
                Val::Text(e.party.clone()),
                Val::Text(d.reason.text.clone()),
                Val::Text(d.reason.lang.clone()),
                Val::I64(e.idx as i64),
                Val::Text(e.visibility.as_str().into()),
            ],
        ),
        _ => return Ok(false),
    };
    insert_rows(tx, table, cols, vec![row], "").await?;
    Ok(true)
}

/// "$1, $2, …" for `items`, their values pushed onto `w`.
fn placeholders(w: &mut super::queries::Where, items: impl Iterator<Item = String>) -> String {
    items.map(|v| w.next(Val::Text(v))).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// The latest translation into `lang` of each of `originals` the viewer may read, with the
    /// disputes against it the viewer may read; keyed by the original. Two queries, whatever the
    /// number of statements on the page.
    pub async fn translations(
        &self,
        originals: &[String],
        lang: &str,
        viewer: &Viewer,
    ) -> Result<BTreeMap<String, TranslationRow>> {
        let mut out: BTreeMap<String, TranslationRow> = BTreeMap::new();
        if originals.is_empty() {
            return Ok(out);
        }
        let mut w = super::queries::Where::new();
        let lang_at = w.next(Val::Text(lang.to_string()));
        let listed = placeholders(&mut w, originals.iter().cloned());
        let sql = format!(
            "SELECT t.statement, t.original, t.party, t.texts, t.visibility, COALESCE(m.name, t.author) \
             FROM translations t LEFT JOIN members m ON m.key = t.author \
             WHERE t.lang = {lang_at} AND t.original IN ({listed}) ORDER BY t.idx DESC"
        );
        let mut q = sqlx::query(&sql);
        for v in w.values {
            q = super::sql::bind(q, v);
        }
        for r in q.fetch_all(&self.pool).await? {
            let (original, party, visibility): (String, String, String) = (r.try_get(1)?, r.try_get(2)?, r.try_get(4)?);
            // The newest readable one per original: rows come newest first.
            if out.contains_key(&original) || !readable(viewer, &party, &visibility) {
                continue;
            }
            let row = TranslationRow {
                statement: r.try_get(0)?,
                original: original.clone(),
                lang: lang.to_string(),
                party,
                translator: r.try_get(5)?,
                texts: serde_json::from_str(&r.try_get::<String, _>(3)?)?,
                disputes: vec![],
            };
            out.insert(original, row);
        }
        if out.is_empty() {
            return Ok(out);
        }
        let mut w = super::queries::Where::new();
        let listed = placeholders(&mut w, out.values().map(|t| t.statement.clone()));
        let sql = format!(
            "SELECT statement, translation, party, reason, lang, visibility FROM translation_disputes \
             WHERE translation IN ({listed}) ORDER BY idx"
        );
        let mut q = sqlx::query(&sql);
        for v in w.values {
            q = super::sql::bind(q, v);
        }
        for d in q.fetch_all(&self.pool).await? {
            let (translation, party, visibility): (String, String, String) =
                (d.try_get(1)?, d.try_get(2)?, d.try_get(5)?);
            if !readable(viewer, &party, &visibility) {
                continue;
            }
            if let Some(t) = out.values_mut().find(|t| t.statement == translation) {
                t.disputes.push(DisputeRow {
                    statement: d.try_get(0)?,
                    party,
                    reason: d.try_get(3)?,
                    lang: d.try_get(4)?,
                });
            }
        }
        Ok(out)
    }
}
