//! Commitments and what follows a breach: the compliance record per clause and party (breaches
//! alleged, verified, rejected, not attributable; violations; remedial actions due, done and
//! overdue), then each violation carried from its final finding to a decision, every step signed
//! and shown beside the others, with the form each member's role allows.

use super::record::LangQuery;
use super::{asked, choices, chrome, page, signer, Choice, Chrome, When};
use crate::problem::Problem;
use crate::state::AppState;
use crate::store::ViolationRow;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::deployment::{name_in, Genesis};
use model::violation::procedure_of;
use model::Kind;

pub struct RecordLine {
    pub agreement: String,
    pub clause: String,
    pub text: String,
    pub party: String,
    pub counts: Vec<String>,
}

pub struct StepCard {
    pub kind: String,
    pub label: String,
    pub party: String,
    pub when: When,
    pub text: String,
    pub lang: String,
}

pub struct ViolationBlock {
    pub id: String,
    pub incident: String,
    pub clause: String,
    pub responsible: String,
    pub quorum: String,
    pub remedial: String,
    pub remedial_label: String,
    pub steps: Vec<StepCard>,
    pub may_endorse: bool,
    pub may_reply: bool,
    pub may_decide: bool,
    pub may_follow_up: bool,
    pub measures: Vec<Choice>,
}

pub struct ReportableLine {
    pub finding: String,
    pub title: String,
    pub party: String,
    pub clause: String,
}

#[derive(Template)]
#[template(path = "commitments.html")]
pub struct Commitments {
    pub c: Chrome,
    pub lines: Vec<RecordLine>,
    pub violations: Vec<ViolationBlock>,
    pub reportable: Vec<ReportableLine>,
}

/// A step's words: the text of its body that says what it is.
fn step_text(body: &serde_json::Value) -> (String, String) {
    for field in ["summary", "remedial_action", "text", "note"] {
        if let Some(t) = body[field]["text"].as_str() {
            return (t.to_string(), body[field]["lang"].as_str().unwrap_or("en").to_string());
        }
    }
    (String::new(), String::new())
}

fn block(c: &Chrome, genesis: &Genesis, me: Option<&super::Signer>, v: &ViolationRow) -> ViolationBlock {
    let lang = c.lang();
    let agreement = v.clause.split('/').next().unwrap_or_default();
    let procedure = procedure_of(genesis, agreement);
    let (quorum, measures) = match procedure {
        Some(p) => (
            c.args("violation-quorum", &[("endorsed", v.endorsed.len().to_string()), ("quorum", p.quorum.to_string())]),
            p.measures.iter().map(|m| (m.id.clone(), name_in(&m.name, lang).to_string())).collect(),
        ),
        None => (String::new(), vec![]),
    };
    let decided = v.measure.is_some();
    let replied = v.due.is_some();
    let may = |kind: Kind| me.is_some_and(|m| m.may(kind));
    let party = me.map(|m| m.party.as_str()).unwrap_or_default();
    let in_committee = procedure.is_some_and(|p| p.committee.iter().any(|x| x == party));
    ViolationBlock {
        id: v.statement.clone(),
        incident: v.incident.clone(),
        clause: v.clause.clone(),
        responsible: v.responsible.clone(),
        quorum,
        remedial_label: v
            .remedial
            .as_deref()
            .map(|r| {
                format!(
                    "{} {}",
                    c.t(&format!("record-remedial-{r}")),
                    v.due.as_deref().map(|d| c.when_text(d)).unwrap_or_default()
                )
            })
            .unwrap_or_default(),
        remedial: v.remedial.clone().unwrap_or_default(),
        steps: v
            .steps
            .iter()
            .map(|s| {
                let (text, text_lang) = step_text(&s.body);
                let label = match (s.kind.as_str(), &s.body["measure"], &s.body["outcome"]) {
                    ("violation.decision", serde_json::Value::String(m), _) => {
                        let name = procedure
                            .and_then(|p| p.measures.iter().find(|x| &x.id == m))
                            .map_or_else(|| m.clone(), |x| name_in(&x.name, lang).to_string());
                        format!("{}: {name}", c.t("step-violation-decision"))
                    }
                    ("violation.follow_up", _, serde_json::Value::String(outcome)) => {
                        format!(
                            "{}: {}",
                            c.t("step-violation-follow-up"),
                            c.t(&format!("follow-up-{}", outcome.replace('_', "-")))
                        )
                    }
                    (kind, _, _) => c.t(&format!("step-{}", kind.replace(['.', '_'], "-"))),
                };
                StepCard {
                    kind: s.kind.replace('.', "-"),
                    label,
                    party: s.party.clone(),
                    when: c.when(&s.logged_at),
                    text,
                    lang: text_lang,
                }
            })
            .collect(),
        may_endorse: in_committee && !decided && may(Kind::ViolationEndorse) && !v.endorsed.iter().any(|e| e == party),
        may_reply: party == v.responsible && !replied && may(Kind::ViolationReply),
        may_decide: !decided && may(Kind::ViolationDecision),
        may_follow_up: replied && !v.done && may(Kind::ViolationFollowUp),
        measures: choices(measures, None),
    }
}

pub async fn commitments(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let (c, viewer) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/commitments");
    let lang = c.lang();
    let genesis = app.genesis()?;
    let now = app.clock.now_ms();
    let record = app.store.compliance_record(&viewer, now).await?;
    let n = |v: i64| crate::web::i18n::format_int(c.locale, v);
    // Every clause a party owes, breached or not: a clause nobody is accused of breaching is news too.
    let mut lines = vec![];
    for a in &genesis.agreements {
        for clause in &a.clauses {
            let reference = format!("{}/{}", a.id, clause.id);
            for party in &clause.owed_by {
                let row = record.iter().find(|r| r.clause == reference && &r.party == party);
                let counts = row.map_or([0; 8], |r| {
                    [
                        r.alleged,
                        r.verified,
                        r.rejected,
                        r.not_attributable,
                        r.violations,
                        r.remedial_due,
                        r.remedial_done,
                        r.remedial_overdue,
                    ]
                });
                lines.push(RecordLine {
                    agreement: name_in(&a.title, lang).to_string(),
                    clause: clause.id.clone(),
                    text: name_in(&clause.text, lang).to_string(),
                    party: party.clone(),
                    counts: counts.iter().map(|v| n(*v)).collect(),
                });
            }
        }
    }
    let me = signer(&app, &headers);
    let violations =
        app.store.violations(&viewer, None, now).await?.iter().map(|v| block(&c, &genesis, me.as_ref(), v)).collect();
    let reportable = if me.as_ref().is_some_and(|m| m.may(Kind::ViolationReport)) {
        app.store
            .reportable_findings(&viewer)
            .await?
            .into_iter()
            .filter(|(_, _, _, clause)| procedure_of(&genesis, clause.split('/').next().unwrap_or_default()).is_some())
            .map(|(finding, title, party, clause)| ReportableLine { finding, title, party, clause })
            .collect()
    } else {
        vec![]
    };
    page(&Commitments { c, lines, violations, reportable }, asked(&q.lang, &q.tz))
}
