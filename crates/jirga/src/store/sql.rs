//! Small SQL helpers shared by the log and the projection: multi-row inserts with `$N`
//! placeholders (understood by both SQLite and PostgreSQL), and rows as text for comparisons.

use anyhow::Result;
use sqlx::any::AnyRow;
use sqlx::{Any, Column, Row, Transaction, TypeInfo, ValueRef};

/// A value to bind. Both backends get the same types, so both decode the same way.
#[derive(Clone, Debug)]
pub enum Val {
    I64(i64),
    OptI64(Option<i64>),
    F64(f64),
    Text(String),
    OptText(Option<String>),
    Blob(Vec<u8>),
    OptBlob(Option<Vec<u8>>),
}

// SQLite allows 32,766 variables per statement and PostgreSQL 65,535.
const MAX_PARAMS: usize = 30_000;

pub async fn insert_rows(
    tx: &mut Transaction<'_, Any>,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Val>>,
    suffix: &str,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let per_chunk = (MAX_PARAMS / columns.len()).max(1);
    // SQLite looks every numbered placeholder ($N, ?N) up in a list, when it parses the
    // statement and again when sqlx binds it: quadratic in the placeholders of one statement
    // (a 900-row insert took 2 s). Bare `?` are numbered in order at no cost.
    let numbered = tx.backend_name() != "SQLite";
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(per_chunk).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            debug_assert_eq!(row.len(), columns.len());
            sql.push_str(if i == 0 { "(" } else { ", (" });
            for j in 0..row.len() {
                n += 1;
                if j > 0 {
                    sql.push_str(", ");
                }
                if numbered {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                } else {
                    sql.push('?');
                }
            }
            sql.push(')');
        }
        if !suffix.is_empty() {
            sql.push(' ');
            sql.push_str(suffix);
        }
        let mut q = sqlx::query(&sql);
        for v in chunk.into_iter().flatten() {
            q = bind(q, v);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

pub fn bind<'q>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    v: Val,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    match v {
        Val::I64(x) => q.bind(x),
        Val::OptI64(x) => q.bind(x),
        Val::F64(x) => q.bind(x),
        Val::Text(x) => q.bind(x),
        Val::OptText(x) => q.bind(x),
        Val::Blob(x) => q.bind(x),
        Val::OptBlob(x) => q.bind(x),
    }
}

/// A row as one line of text with its column names, the same on both backends.
pub fn row_to_line(row: &AnyRow) -> Result<String> {
    let mut parts = Vec::new();
    for (i, col) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(i)?;
        let value = if raw.is_null() {
            "NULL".to_string()
        } else {
            match raw.type_info().name() {
                "BIGINT" | "INTEGER" | "INT" | "INT8" | "INT4" | "SMALLINT" => row.try_get::<i64, _>(i)?.to_string(),
                "DOUBLE" | "DOUBLE PRECISION" | "REAL" | "FLOAT8" => format!("{:.9}", row.try_get::<f64, _>(i)?),
                "BLOB" | "BYTEA" => hex::encode(row.try_get::<Vec<u8>, _>(i)?),
                _ => row.try_get::<String, _>(i)?,
            }
        };
        parts.push(format!("{}={}", col.name(), value));
    }
    Ok(parts.join(" | "))
}

/// A list kept in one text column as comma-separated values ("" is the empty list).
pub fn comma_list(joined: &str) -> Vec<String> {
    joined.split(',').filter(|x| !x.is_empty()).map(String::from).collect()
}
