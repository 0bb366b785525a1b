//! Gathers what a compliance report adds up (model::report), as the reader may see it, and the
//! checkpoint it was computed at, so that anyone holding the log can recompute it.

use crate::problem::Problem;
use crate::state::AppState;
use crate::store::{IncidentFilter, IncidentRow};
use chrono::{NaiveDate, NaiveTime};
use model::report::{self, Period, Report};
use model::Viewer;
use serde::{Deserialize, Serialize};

/// The cut-off when none is asked for: 19:30 in Pakistan (UTC+5), as the mission's day ends.
pub const DEFAULT_CUTOFF: &str = "19:30";
pub const DEFAULT_OFFSET_MINUTES: i32 = 300;
/// Reference events this close to the line are counted as context.
pub const REFERENCE_KM: f64 = 25.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Span {
    Daily,
    Weekly,
    /// Any number of days to the cut-off on the date (`days`).
    Custom,
}

impl Span {
    pub fn parse(s: &str) -> Option<Span> {
        match s {
            "daily" => Some(Span::Daily),
            "weekly" => Some(Span::Weekly),
            "custom" => Some(Span::Custom),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Span::Daily => "daily",
            Span::Weekly => "weekly",
            Span::Custom => "custom",
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    /// The day the period ends on (YYYY-MM-DD).
    pub date: Option<String>,
    /// HH:MM, local time.
    pub cutoff: Option<String>,
    /// Minutes east of UTC of that local time.
    pub offset: Option<i32>,
    /// For a custom report: the days to the cut-off on `date` (1 to 366).
    pub days: Option<u32>,
    pub lang: Option<String>,
    /// The zone the page shows times in (a party id or UTC).
    pub tz: Option<String>,
}

#[derive(Serialize)]
pub struct CompiledReport {
    pub span: Span,
    pub date: String,
    pub cutoff: String,
    pub offset_minutes: i32,
    /// The log's size and root hash when the report was computed.
    pub checkpoint_size: u64,
    pub checkpoint_root: String,
    #[serde(flatten)]
    pub report: Report,
    /// Reference events (UCDP, ACLED) of the period within REFERENCE_KM of the line, per source:
    /// (source, events, fatalities). Context, not the parties' claims.
    pub reference_nearby: Vec<(String, i64, i64)>,
    /// The compliance record per clause and party as it stood at the period's end: breaches
    /// alleged, verified, rejected and not attributable; violations; remedial actions due, done
    /// and overdue.
    pub commitments: Vec<crate::store::ComplianceRow>,
    /// Every deliverable of the agreements as it stood at the period's end (steps logged by
    /// then; due, overdue, reported, being verified or verified on the period's last day).
    pub obligations: Vec<model::performance::DeliverableRecord>,
    /// The period's latest incidents (500 at most), for the map.
    #[serde(skip)]
    pub incidents: Vec<IncidentRow>,
}

impl ReportQuery {
    pub fn period(&self, span: Span, today: NaiveDate) -> Result<(NaiveDate, NaiveTime, i32, Period), Problem> {
        let date = match self.date.as_deref().filter(|d| !d.is_empty()) {
            Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| Problem::bad_request("invalid", "date: use YYYY-MM-DD, such as 2025-11-24"))?,
            None => today,
        };
        let cutoff = NaiveTime::parse_from_str(self.cutoff.as_deref().unwrap_or(DEFAULT_CUTOFF), "%H:%M")
            .map_err(|_| Problem::bad_request("invalid", "cutoff: use HH:MM, such as 19:30"))?;
        let offset = self.offset.unwrap_or(DEFAULT_OFFSET_MINUTES);
        if !(-14 * 60..=14 * 60).contains(&offset) {
            return Err(Problem::bad_request("invalid", "offset: minutes east of UTC, from -840 to 840"));
        }
        let days = match span {
            Span::Daily => 1,
            Span::Weekly => 7,
            Span::Custom => match self.days {
                Some(d @ 1..=366) => d,
                _ => return Err(Problem::bad_request("invalid", "days: a custom report covers 1 to 366 days")),
            },
        };
        Ok((date, cutoff, offset, Period::ending(date, cutoff, offset, days)))
    }
}

pub async fn compile(app: &AppState, viewer: &Viewer, span: Span, q: &ReportQuery) -> Result<CompiledReport, Problem> {
    let today = crate::api::obligations::today(app.clock.now_ms());
    let (date, cutoff, offset, period) = q.period(span, today)?;
    // The checkpoint first: everything read after it includes at least what it covers.
    let (checkpoint_size, checkpoint_root) = {
        let s = app.seq.state.read().expect("state lock");
        match &s.checkpoint {
            Some((size, note)) => (*size, note.lines().nth(2).unwrap_or_default().to_string()),
            None => (0, String::new()),
        }
    };
    let previous = period.previous();
    let now = app.clock.now_ms();
    let facts = app.store.incident_facts(viewer, previous.start_ms, period.end_ms, now).await?;
    // The map shows the period's latest incidents, as many as the dashboard's.
    let on_map = IncidentFilter {
        from: Some(period.start_ms),
        to: Some(period.end_ms),
        limit: 500,
        ..IncidentFilter::default()
    };
    let rows = app.store.list_incidents(&on_map, viewer, now).await?.incidents;
    let findings = app.store.finding_facts(viewer).await?;
    let crossing = report::CrossingFacts {
        changes: app.store.crossing_changes(viewer, period.end_ms).await?.into_iter().map(|c| c.change).collect(),
        exceptions: app.store.crossing_exceptions(viewer, period.end_ms).await?.iter().map(|x| x.facts()).collect(),
        figures: app.store.crossing_figures(viewer).await?.iter().map(|f| f.facts()).collect(),
    };
    let hotline = app.store.hotline_facts(viewer, period.start_ms, period.end_ms).await?;
    let windows: Vec<report::WindowFacts> = app
        .store
        .windows(viewer)
        .await?
        .into_iter()
        .map(|w| report::WindowFacts {
            statement: w.statement,
            sector: w.sector,
            purpose: w.purpose,
            start_ms: w.start_ms,
            end_ms: w.end_ms,
            in_force: w.in_force.is_some(),
            violations: w.violations.len() as i64,
        })
        .collect();
    let report = report::compile(period, &facts, &findings, &crossing, &windows, &hotline);
    let mut reference_nearby: Vec<(String, i64, i64)> = vec![];
    for e in app.store.reference_events(period.start_ms, period.end_ms, REFERENCE_KM, i64::MAX).await? {
        match reference_nearby.iter_mut().find(|r| r.0 == e.source) {
            Some(r) => (r.1, r.2) = (r.1 + 1, r.2 + e.fatalities),
            None => reference_nearby.push((e.source, 1, e.fatalities)),
        }
    }
    Ok(CompiledReport {
        span,
        date: date.to_string(),
        cutoff: cutoff.format("%H:%M").to_string(),
        offset_minutes: offset,
        checkpoint_size,
        checkpoint_root,
        report,
        reference_nearby,
        commitments: app.store.compliance_record(viewer, period.end_ms).await?,
        obligations: app.store.obligation_records(&app.genesis()?, viewer, date, period.end_ms).await?,
        incidents: rows,
    })
}
