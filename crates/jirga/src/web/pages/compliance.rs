//! The compliance report as a page: printable (the browser's "Save as PDF" gives a clean copy),
//! with its charts and map drawn by the server, and the checkpoint it was computed from.

use super::{asked, chrome, geo, incident_marks, page, sector_name, Chrome};
use crate::problem::Problem;
use crate::report::{self, ReportQuery, Span};
use crate::state::AppState;
use crate::web::charts;
use crate::web::i18n::{format_datetime, format_int};
use crate::web::map::{self, Layers, Viewport};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::deployment::name_in;
use model::report::Compare;

pub struct Table {
    pub title: String,
    pub chart: String,
    pub rows: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "compliance.html")]
pub struct CompliancePage {
    pub c: Chrome,
    pub title: String,
    pub span: &'static str,
    pub days: i64,
    /// (clause, party, alleged, verified, rejected)
    pub commitments: Vec<(String, String, Vec<String>)>,
    /// Each deliverable at the period's end: (what, obliged party, due, status, outcome, visits refused).
    pub obligations: Vec<(String, String, String, String, String, String)>,
    pub date: String,
    pub cutoff: String,
    pub offset: i32,
    pub from: String,
    pub to: String,
    pub checkpoint: String,
    pub incidents: String,
    pub incidents_previous: String,
    pub claims: String,
    pub duplicates: String,
    pub tables: Vec<Table>,
    pub per_day: String,
    pub answered: String,
    pub overdue: String,
    pub crossings: Vec<(String, String, String, String)>,
    /// The traffic classes, as the columns of `class_days`.
    pub class_heads: Vec<String>,
    /// (crossing, days closed per class)
    pub class_days: Vec<(String, Vec<String>)>,
    /// (crossing, exception, counted)
    pub exceptions: Vec<(String, String, String)>,
    /// (what, where, value, as of, source)
    pub figures: Vec<(String, String, String, String, String)>,
    /// (purpose, sector, from, to, stage, violations)
    pub windows: Vec<(String, String, String, String, String, String)>,
    pub hotline: Vec<(String, String)>,
    pub map_svg: String,
    pub json_href: String,
    /// (source, events, fatalities) of reference events near the line in the period.
    pub reference: Vec<(String, String, String)>,
}

pub async fn report(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(span): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, Problem> {
    let (c, viewer) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/reports");
    let lang = c.lang();
    let span_kind = Span::parse(&span).ok_or_else(|| Problem::not_found("reports are daily or weekly"))?;
    let r = report::compile(&app, &viewer, span_kind, &q).await?;
    let genesis = app.genesis()?;
    let n = |v: i64| format_int(c.locale, v);
    let when = |ms: i64| format_datetime(c.locale, ms, r.offset_minutes);
    let rtl = c.locale.is_rtl();
    let table = |title_key: &str, rows: &[Compare], label: &dyn Fn(&str) -> String| {
        let labelled: Vec<(String, i64, i64)> = rows.iter().map(|x| (label(&x.key), x.current, x.previous)).collect();
        Table {
            title: c.t(title_key),
            chart: if labelled.is_empty() {
                String::new()
            } else {
                charts::compare_bars(&c.t(title_key), &labelled, n, rtl)
            },
            rows: labelled.iter().map(|(l, a, b)| (l.clone(), n(*a), n(*b))).collect(),
        }
    };
    let party = |id: &str| {
        genesis
            .parties
            .iter()
            .find(|p| p.id == id)
            .map(|p| name_in(&p.name, lang).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let category = |id: &str| c.t(&format!("category-{}", id.replace('_', "-")));
    let conclusion = |id: &str| c.t(&format!("conclusion-{}", id.replace('_', "-")));
    let tables = vec![
        table("report-by-sector", &r.report.by_sector, &|s| sector_name(&genesis.sectors, s, lang)),
        table("report-by-category", &r.report.by_category, &category),
        table("report-by-reporter", &r.report.by_reporter, &party),
        table("report-by-accused", &r.report.by_accused, &|p| {
            if p == "-" {
                c.t("incident-not-named")
            } else {
                party(p)
            }
        }),
        table("report-by-actor", &r.report.by_actor, &|id| {
            let state = app.seq.state.read().expect("state lock");
            let actor = state.deployment.as_ref().and_then(|d| d.actors.get(id));
            actor.map_or_else(|| id.to_string(), |a| name_in(&a.name, lang).to_string())
        }),
        table("report-findings", &r.report.findings, &conclusion),
        table("report-verified-by-party", &r.report.verified_by_party, &party),
    ];
    let days: Vec<(String, i64)> = r
        .report
        .per_day
        .iter()
        .enumerate()
        .map(|(i, count)| {
            let day = r.report.period.start_ms + i as i64 * model::report::DAY_MS + model::report::DAY_MS;
            // The day of the month is enough under a column; the period above names the month.
            let local = chrono::DateTime::from_timestamp_millis(day - 1).unwrap_or_default()
                + chrono::Duration::minutes(i64::from(r.offset_minutes));
            (n(i64::from(chrono::Datelike::day(&local))), *count)
        })
        .collect();
    let mut layers = Layers::from_deployment(&genesis);
    layers.title = c.t("map-title");
    layers.incidents = incident_marks(&c, &r.incidents);
    let area = layers.area(geo());
    let hotline = if c.signed_in.is_some() {
        let h = &r.report.hotline;
        let mut lines = vec![
            (c.t("report-hotline-messages"), n(h.messages)),
            (c.t("report-hotline-acknowledged"), n(h.acknowledged)),
        ];
        for (t, count) in &h.by_type {
            lines.push((c.t(&format!("msg-{}", t.replace('_', "-"))), n(*count)));
        }
        if let Some(s) = h.median_ack_s {
            lines.push((c.t("report-hotline-median-ack"), format!("{} s", n(s))));
        }
        if let Some(s) = h.max_ack_s {
            lines.push((c.t("report-hotline-max-ack"), format!("{} s", n(s))));
        }
        lines
    } else {
        vec![]
    };
    let title = c.t(match span_kind {
        Span::Daily => "report-daily-title",
        Span::Weekly => "report-weekly-title",
        Span::Custom => "report-custom-title",
    });
    let crossing_name = |id: &str| {
        genesis
            .crossings
            .iter()
            .find(|g| g.id == id)
            .map_or_else(|| id.to_string(), |g| name_in(&g.name, lang).to_string())
    };
    let days_text = |d: f64| crate::web::i18n::format_number(c.locale, (d * 10.0).round() / 10.0);
    let obligations = r
        .obligations
        .iter()
        .map(|d| {
            (
                name_in(&d.what, lang).to_string(),
                party(&d.party),
                d.due.clone(),
                c.t(&format!("obligation-status-{}", d.status)),
                d.outcome
                    .as_ref()
                    .map(|o| {
                        let word = c.t(&format!("outcome-{}", o.outcome.replace('_', "-")));
                        if o.is_final {
                            word
                        } else {
                            format!("{word} ({})", c.t("outcome-draft"))
                        }
                    })
                    .unwrap_or_default(),
                n(d.refusals as i64),
            )
        })
        .collect();
    let page_data = CompliancePage {
        obligations,
        span: span_kind.as_str(),
        days: r.report.period.days(),
        commitments: r
            .commitments
            .iter()
            .map(|x| {
                let counts = [
                    x.alleged,
                    x.verified,
                    x.rejected,
                    x.not_attributable,
                    x.violations,
                    x.remedial_due,
                    x.remedial_done,
                    x.remedial_overdue,
                ];
                (x.clause.clone(), party(&x.party), counts.iter().map(|v| n(*v)).collect())
            })
            .collect(),
        date: r.date.clone(),
        cutoff: r.cutoff.clone(),
        offset: r.offset_minutes,
        from: when(r.report.period.start_ms),
        to: when(r.report.period.end_ms),
        checkpoint: format!("{} · {}", n(r.checkpoint_size as i64), r.checkpoint_root),
        incidents: n(r.report.incidents),
        incidents_previous: n(r.report.incidents_previous),
        claims: n(r.report.claims),
        duplicates: n(r.report.duplicates),
        per_day: if days.len() > 1 { charts::daily_columns(&c.t("report-per-day"), &days, n) } else { String::new() },
        answered: n(r.report.answered),
        overdue: n(r.report.overdue),
        class_heads: model::crossing::TrafficClass::ALL
            .iter()
            .map(|k| c.t(&format!("traffic-{}", k.as_str())))
            .collect(),
        class_days: r
            .report
            .crossings
            .iter()
            .map(|x| {
                let days = x.classes.iter().map(|k| days_text(k.days_closed)).collect();
                (crossing_name(&x.crossing), days)
            })
            .collect(),
        exceptions: r
            .report
            .exceptions
            .iter()
            .map(|x| {
                let heading = c.args(
                    "exception-heading",
                    &[("class", c.t(&format!("traffic-{}", x.class))), ("party", x.party.clone())],
                );
                let counted = c.args(
                    "exception-counted",
                    &[
                        ("passed", n(x.passed.into())),
                        ("quota", n(x.quota.into())),
                        ("unit", c.t(&format!("unit-{}", x.unit))),
                    ],
                );
                (crossing_name(&x.crossing), heading, counted)
            })
            .collect(),
        figures: r
            .report
            .figures
            .iter()
            .map(|f| {
                let place = f.crossing.as_deref().map_or_else(|| c.t("crossing-whole-border"), crossing_name);
                (
                    c.t(&format!("measure-{}", f.measure.replace('_', "-"))),
                    place,
                    n(f.value),
                    when(f.as_of_ms),
                    f.source.clone(),
                )
            })
            .collect(),
        windows: r
            .report
            .windows
            .iter()
            .map(|w| {
                let stage = if w.in_force { "agreed" } else { "awaiting" };
                (
                    c.t(&format!("window-purpose-{}", w.purpose.replace('_', "-"))),
                    super::sector_name(&genesis.sectors, &w.sector, lang),
                    when(w.start_ms),
                    when(w.end_ms),
                    c.t(&format!("window-stage-{stage}")),
                    n(w.violations),
                )
            })
            .collect(),
        crossings: r
            .report
            .crossings
            .iter()
            .map(|x| {
                let status =
                    if x.status == "unknown" { c.t("unknown") } else { c.t(&format!("crossing-{}", x.status)) };
                (crossing_name(&x.crossing), status, n(x.changes), days_text(x.days_closed))
            })
            .collect(),
        hotline,
        reference: r.reference_nearby.iter().map(|(s, e, f)| (s.clone(), n(*e), n(*f))).collect(),
        map_svg: map::render(geo(), &layers, &Viewport::whole(&area), lang),
        json_href: format!(
            "/v1/reports/{span}?date={}&cutoff={}&offset={}&days={}",
            r.date,
            r.cutoff,
            r.offset_minutes,
            r.report.period.days()
        ),
        tables,
        title,
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}
