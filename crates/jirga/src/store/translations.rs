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

impl Store {
    /// The latest translation into `lang` of each of `originals` the viewer may read, with the
    /// disputes against it the viewer may read; keyed by the original.
    pub async fn translations(
        &self,
        originals: &[String],
        lang: &str,
        viewer: &Viewer,
    ) -> Result<BTreeMap<String, TranslationRow>> {
        let mut out = BTreeMap::new();
        for original in originals {
            let rows = sqlx::query(
                "SELECT t.statement, t.party, t.texts, t.visibility, COALESCE(m.name, t.author) \
                 FROM translations t LEFT JOIN members m ON m.key = t.author \
                 WHERE t.original = $1 AND t.lang = $2 ORDER BY t.idx DESC",
            )
            .bind(original)
            .bind(lang)
            .fetch_all(&self.pool)
            .await?;
            let Some(r) = rows.iter().find(|r| {
                readable(
                    viewer,
                    &r.try_get::<String, _>(1).unwrap_or_default(),
                    &r.try_get::<String, _>(3).unwrap_or_default(),
                )
            }) else {
                continue;
            };
            let statement: String = r.try_get(0)?;
            let disputes = sqlx::query(
                "SELECT statement, party, reason, lang, visibility FROM translation_disputes WHERE translation = $1 ORDER BY idx",
            )
            .bind(&statement)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .filter(|d| {
                readable(viewer, &d.try_get::<String, _>(1).unwrap_or_default(), &d.try_get::<String, _>(4).unwrap_or_default())
            })
            .map(|d| Ok(DisputeRow { statement: d.try_get(0)?, party: d.try_get(1)?, reason: d.try_get(2)?, lang: d.try_get(3)? }))
            .collect::<Result<Vec<_>>>()?;
            out.insert(
                original.clone(),
                TranslationRow {
                    statement,
                    original: original.clone(),
                    lang: lang.to_string(),
                    party: r.try_get(1)?,
                    translator: r.try_get(4)?,
                    texts: serde_json::from_str(&r.try_get::<String, _>(2)?)?,
                    disputes,
                },
            );
        }
        Ok(out)
    }
}
