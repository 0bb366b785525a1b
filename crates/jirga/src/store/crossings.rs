//! The crossings' projection: every status change of a side's gate, the exceptions with what
//! passed under them, and the figures reported with their source. The state at a moment is
//! computed from the changes by model::crossing, for the board and the reports alike.

use super::sql::{comma_list, insert_rows, Val};
use super::verification_reads::readable;
use super::{NewEntry, Store};
use anyhow::Result;
use model::bodies::Text;
use model::crossing::{Change, CrossingState, Phase, TrafficClass};
use model::{Body, Viewer};
use serde::Serialize;
use sqlx::{Any, Row, Transaction};
use utoipa::ToSchema;

/// A status change as the board lists it.
#[derive(Clone, Debug)]
pub struct ChangeRow {
    pub change: Change,
    pub statement: String,
    pub reason: Option<Text>,
    /// The hotline messages that told the other side.
    pub notices: Vec<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PhaseLine {
    pub quota: u32,
    pub from: String,
    pub until: Option<String>,
    pub passed: u32,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ExceptionRow {
    pub statement: String,
    pub crossing: String,
    pub party: String,
    pub class: String,
    pub only_into: Option<String>,
    pub unit: String,
    pub purpose: String,
    pub purpose_lang: String,
    pub phases: Vec<PhaseLine>,
    pub quota: u32,
    pub passed: u32,
    pub notices: Vec<String>,
    pub visibility: String,
    #[serde(skip)]
    pub first_from_ms: i64,
    #[serde(skip)]
    pub last_until_ms: Option<i64>,
}

impl ExceptionRow {
    pub fn facts(&self) -> model::report::ExceptionFacts {
        model::report::ExceptionFacts {
            statement: self.statement.clone(),
            crossing: self.crossing.clone(),
            party: self.party.clone(),
            class: self.class.clone(),
            unit: self.unit.clone(),
            quota: self.quota,
            passed: self.passed,
            from_ms: self.first_from_ms,
            until_ms: self.last_until_ms,
        }
    }
}

impl FigureRow {
    pub fn facts(&self) -> model::report::FigureFacts {
        model::report::FigureFacts {
            crossing: self.crossing.clone(),
            measure: self.measure.clone(),
            value: self.value,
            as_of_ms: self.as_of_ms,
            source: self.source.clone(),
            url: self.url.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct FigureRow {
    pub statement: String,
    /// None: the border as a whole.
    pub crossing: Option<String>,
    pub party: String,
    pub measure: String,
    pub value: i64,
    pub as_of: String,
    pub as_of_ms: i64,
    pub source: String,
    pub url: Option<String>,
    pub visibility: String,
}

/// Whether a hotline notice reached the side it was sent to.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct NoticeState {
    pub statement: String,
    pub addressed: Vec<String>,
    pub sent: String,
    /// Each party that acknowledged it, with when it first did.
    pub acknowledged: Vec<(String, String)>,
}

fn list(ids: &[model::StatementId]) -> String {
    ids.iter().map(|i| i.hex()).collect::<Vec<_>>().join(",")
}

fn json_text(t: &Option<Text>) -> Result<String> {
    Ok(match t {
        Some(t) => serde_json::to_string(t)?,
        None => String::new(),
    })
}

/// Projects a crossing statement; false when the entry is of another kind.
pub(super) async fn project(tx: &mut Transaction<'_, Any>, e: &NewEntry) -> Result<bool> {
    let common = |v: Vec<Val>| {
        let mut v = v;
        v.push(Val::I64(e.idx as i64));
        v.push(Val::Text(e.visibility.as_str().into()));
        vec![v]
    };
    match &e.parsed {
        Body::CrossingStatus(c) => {
            let row = common(vec![
                Val::Text(e.id.hex()),
                Val::Text(c.crossing.clone()),
                Val::Text(e.party.clone()),
                Val::Text(c.class.map_or("", TrafficClass::as_str).into()),
                Val::Text(c.only_into.clone().unwrap_or_default()),
                Val::Text(c.status.as_str().into()),
                Val::I64(c.since.timestamp_millis()),
                Val::Text(json_text(&c.reason)?),
                Val::Text(list(&e.refs)),
            ]);
            let cols = [
                "statement",
                "crossing",
                "party",
                "class",
                "only_into",
                "status",
                "since",
                "reason",
                "notices",
                "idx",
                "visibility",
            ];
            insert_rows(tx, "crossing_changes", &cols, row, "").await?;
        }
        Body::CrossingException(x) => {
            let row = common(vec![
                Val::Text(e.id.hex()),
                Val::Text(x.crossing.clone()),
                Val::Text(e.party.clone()),
                Val::Text(x.class.as_str().into()),
                Val::Text(x.only_into.clone().unwrap_or_default()),
                Val::Text(x.unit.as_str().into()),
                Val::Text(serde_json::to_string(&x.phases)?),
                Val::Text(serde_json::to_string(&x.purpose)?),
                Val::Text(list(&e.refs)),
            ]);
            let cols = [
                "statement",
                "crossing",
                "party",
                "class",
                "only_into",
                "unit",
                "phases",
                "purpose",
                "notices",
                "idx",
                "visibility",
            ];
            insert_rows(tx, "crossing_exceptions", &cols, row, "").await?;
        }
        Body::CrossingPassage(p) => {
            let row = common(vec![
                Val::Text(e.id.hex()),
                Val::Text(e.refs[0].hex()),
                Val::Text(e.party.clone()),
                Val::I64(p.phase.into()),
                Val::I64(p.count.into()),
                Val::I64(p.at.timestamp_millis()),
            ]);
            let cols = ["statement", "exception", "party", "phase", "count", "at", "idx", "visibility"];
            insert_rows(tx, "crossing_passages", &cols, row, "").await?;
        }
        Body::CrossingFigure(f) => {
            let row = common(vec![
                Val::Text(e.id.hex()),
                Val::Text(f.crossing.clone().unwrap_or_default()),
                Val::Text(e.party.clone()),
                Val::Text(f.measure.as_str().into()),
                Val::I64(f.value as i64),
                Val::I64(f.as_of.timestamp_millis()),
                Val::Text(f.source.name.clone()),
                Val::Text(f.source.url.clone().unwrap_or_default()),
            ]);
            let cols =
                ["statement", "crossing", "party", "measure", "value", "as_of", "source", "url", "idx", "visibility"];
            insert_rows(tx, "crossing_figures", &cols, row, "").await?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn none_if_empty(s: String) -> Option<String> {
    Some(s).filter(|s| !s.is_empty())
}

impl Store {
    /// Every status change the viewer may read that took effect before `before_ms`.
    pub async fn crossing_changes(&self, viewer: &Viewer, before_ms: i64) -> Result<Vec<ChangeRow>> {
        let rows = sqlx::query(
            "SELECT crossing, party, class, only_into, status, since, idx, statement, reason, notices, visibility \
             FROM crossing_changes WHERE since < $1 ORDER BY since, idx",
        )
        .bind(before_ms)
        .fetch_all(&self.pool)
        .await?;
        let mut out = vec![];
        for r in rows {
            let (party, visibility): (String, String) = (r.try_get(1)?, r.try_get(10)?);
            if !readable(viewer, &party, &visibility) {
                continue;
            }
            let reason: String = r.try_get(8)?;
            let status: String = r.try_get(4)?;
            out.push(ChangeRow {
                change: Change {
                    crossing: r.try_get(0)?,
                    party,
                    class: TrafficClass::parse(&r.try_get::<String, _>(2)?),
                    status: CrossingState::parse(&status).unwrap_or(CrossingState::Closed),
                    only_into: none_if_empty(r.try_get(3)?),
                    since_ms: r.try_get(5)?,
                    idx: r.try_get::<i64, _>(6)? as u64,
                },
                statement: r.try_get(7)?,
                reason: if reason.is_empty() { None } else { Some(serde_json::from_str(&reason)?) },
                notices: comma_list(&r.try_get::<String, _>(9)?),
            });
        }
        Ok(out)
    }

    /// Every exception the viewer may read, with what passed in each phase before `before_ms`
    /// (as far as the viewer may read the counts), newest first.
    pub async fn crossing_exceptions(&self, viewer: &Viewer, before_ms: i64) -> Result<Vec<ExceptionRow>> {
        let rows = sqlx::query(
            "SELECT statement, crossing, party, class, only_into, unit, phases, purpose, notices, visibility \
             FROM crossing_exceptions ORDER BY idx DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        // Every count before the moment, read once: (exception, phase, count).
        let mut counts: Vec<(String, usize, u32)> = vec![];
        let passages =
            sqlx::query("SELECT exception, phase, count, party, visibility FROM crossing_passages WHERE at < $1")
                .bind(before_ms)
                .fetch_all(&self.pool)
                .await?;
        for c in passages {
            let (p, v): (String, String) = (c.try_get(3)?, c.try_get(4)?);
            if readable(viewer, &p, &v) {
                counts.push((c.try_get(0)?, c.try_get::<i64, _>(1)? as usize, c.try_get::<i64, _>(2)? as u32));
            }
        }
        let mut out = vec![];
        for r in rows {
            let (party, visibility): (String, String) = (r.try_get(2)?, r.try_get(9)?);
            if !readable(viewer, &party, &visibility) {
                continue;
            }
            let statement: String = r.try_get(0)?;
            let phases: Vec<Phase> = serde_json::from_str(&r.try_get::<String, _>(6)?)?;
            let purpose: Text = serde_json::from_str(&r.try_get::<String, _>(7)?)?;
            let first_from_ms = phases.first().map_or(0, |p| p.from.timestamp_millis());
            let last_until_ms = phases.last().and_then(|p| p.until).map(|u| u.timestamp_millis());
            let mut passed = vec![0u32; phases.len()];
            for (_, phase, count) in counts.iter().filter(|c| c.0 == statement) {
                if let Some(n) = phase.checked_sub(1).and_then(|i| passed.get_mut(i)) {
                    *n += count;
                }
            }
            let lines: Vec<PhaseLine> = phases
                .iter()
                .zip(&passed)
                .map(|(p, n)| PhaseLine {
                    quota: p.quota,
                    from: super::rfc3339(p.from.timestamp_millis()),
                    until: p.until.map(|u| super::rfc3339(u.timestamp_millis())),
                    passed: *n,
                })
                .collect();
            out.push(ExceptionRow {
                statement,
                crossing: r.try_get(1)?,
                party,
                class: r.try_get(3)?,
                only_into: none_if_empty(r.try_get(4)?),
                unit: r.try_get(5)?,
                purpose: purpose.text,
                purpose_lang: purpose.lang,
                quota: lines.iter().map(|l| l.quota).sum(),
                passed: lines.iter().map(|l| l.passed).sum(),
                phases: lines,
                notices: comma_list(&r.try_get::<String, _>(8)?),
                visibility,
                first_from_ms,
                last_until_ms,
            });
        }
        Ok(out)
    }

    /// Every figure the viewer may read, newest `as_of` first.
    pub async fn crossing_figures(&self, viewer: &Viewer) -> Result<Vec<FigureRow>> {
        let rows = sqlx::query(
            "SELECT statement, crossing, party, measure, value, as_of, source, url, visibility \
             FROM crossing_figures ORDER BY as_of DESC, idx DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = vec![];
        for r in rows {
            let (party, visibility): (String, String) = (r.try_get(2)?, r.try_get(8)?);
            if !readable(viewer, &party, &visibility) {
                continue;
            }
            let as_of_ms: i64 = r.try_get(5)?;
            out.push(FigureRow {
                statement: r.try_get(0)?,
                crossing: none_if_empty(r.try_get(1)?),
                party,
                measure: r.try_get(3)?,
                value: r.try_get(4)?,
                as_of: super::rfc3339(as_of_ms),
                as_of_ms,
                source: r.try_get(6)?,
                url: none_if_empty(r.try_get(7)?),
                visibility,
            });
        }
        Ok(out)
    }

    /// The hotline notices among `ids` that the viewer may read, and whether they were answered.
    pub async fn notice_states(&self, viewer: &Viewer, ids: &[String]) -> Result<Vec<NoticeState>> {
        let Viewer::Member { party: mine, party_kind } = viewer else { return Ok(vec![]) };
        let mut out = vec![];
        for id in ids {
            let row = sqlx::query("SELECT party, addressed, logged_at FROM hotline_messages WHERE statement = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
            let Some(r) = row else { continue };
            let (party, addressed): (String, String) = (r.try_get(0)?, r.try_get(1)?);
            let addressed = comma_list(&addressed);
            if !model::hotline::may_read(mine, *party_kind, &party, &addressed) {
                continue;
            }
            let acks = sqlx::query(
                "SELECT party, MIN(logged_at) FROM hotline_acks WHERE message = $1 GROUP BY party ORDER BY MIN(logged_at)",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
            let acknowledged = acks
                .iter()
                .map(|a| Ok((a.try_get::<String, _>(0)?, super::rfc3339(a.try_get(1)?))))
                .collect::<Result<_>>()?;
            out.push(NoticeState {
                statement: id.clone(),
                addressed,
                sent: super::rfc3339(r.try_get(2)?),
                acknowledged,
            });
        }
        Ok(out)
    }

    /// A party's latest hotline messages (id, sent, parties addressed), for a form to name one
    /// as the notice of a change.
    pub async fn recent_hotline_messages(&self, party: &str, limit: i64) -> Result<Vec<(String, String, String)>> {
        let rows = sqlx::query(
            "SELECT statement, logged_at, addressed FROM hotline_messages WHERE party = $1 ORDER BY idx DESC LIMIT $2",
        )
        .bind(party)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, super::rfc3339(r.try_get(1)?), r.try_get::<String, _>(2)?.replace(',', ", "))))
            .collect()
    }
}
