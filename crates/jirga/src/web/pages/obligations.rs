//! What the agreements oblige each party to do, deliverable by deliverable: the obliged party's
//! performance reports, the other party's answers, the mediators' visits with the access they
//! were given or refused, and the outcome with who concurred and who dissented. Forms for what
//! the signed-in member may add: a report for the obliged party, an answer for the other, a
//! signature for a member of the verifying team.

use super::record::LangQuery;
use super::violations::StepCard;
use super::{asked, choices, chrome, page, signer, visibility_choices, Choice, Chrome};
use crate::problem::Problem;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::deployment::name_in;
use model::performance::DeliverableRecord;
use model::{Kind, PartyKind};

pub struct TallyLine {
    pub agreement: String,
    pub counts: Vec<String>,
}

pub struct SignatureLine {
    pub party: String,
    pub position: String,
    pub dissent: bool,
    pub reasons: String,
}

pub struct DeliverableBlock {
    pub anchor: String,
    pub reference: String,
    pub party: String,
    pub obligation: String,
    pub what: String,
    pub measure: String,
    pub due: String,
    pub status: String,
    pub status_label: String,
    pub steps: Vec<StepCard>,
    pub outcome: String,
    pub outcome_final: bool,
    pub outcome_id: String,
    pub signatures: Vec<SignatureLine>,
    pub may_report: bool,
    /// The latest report the reader's party may answer.
    pub answerable: String,
    pub may_sign: bool,
    /// A mediator's investigator may schedule a visit or check, and draft the outcome.
    pub may_schedule: bool,
    /// (id, label) of every visit or check of the deliverable the reader may read.
    pub visits: Vec<(String, String)>,
    /// (id, label) of the visits whose access the reader, on their team, may record.
    pub open_visits: Vec<(String, String)>,
    /// (id, label) of the performance reports the reader may read.
    pub reports: Vec<(String, String)>,
}

/// An actor of the register: what it is called here, its ACLED type, and what each side says of
/// who supports or hosts it, each a claim attributed to the side that makes it.
pub struct ActorLine {
    pub id: String,
    pub name: String,
    pub aliases: String,
    pub kind: String,
    pub said: Vec<String>,
}

#[derive(Template)]
#[template(path = "obligations.html")]
pub struct Obligations {
    pub c: Chrome,
    pub tallies: Vec<TallyLine>,
    pub deliverables: Vec<DeliverableBlock>,
    pub visibility: Vec<Choice>,
    pub actors: Vec<ActorLine>,
    /// (key, "name (party)") of the members who may sit on a verification team.
    pub team_candidates: Vec<(String, String)>,
    /// The parties to the ceasefire, who grant or refuse access.
    pub parties: Vec<Choice>,
}

fn words(c: &Chrome, prefix: &str, value: &str) -> String {
    c.t(&format!("{prefix}-{}", value.replace('_', "-")))
}

/// A step's label and its words (the text of the body that says what it is).
fn card(c: &Chrome, s: &model::performance::Step) -> StepCard {
    let b = &s.body;
    let detail = [("done", "done"), ("position", "answer"), ("access", "access"), ("outcome", "outcome")]
        .iter()
        .find_map(|(field, prefix)| b[field].as_str().map(|v| words(c, prefix, v)));
    let kind_label = c.t(&format!("step-{}", s.kind.replace(['.', '_'], "-")));
    let label = match detail {
        Some(d) => format!("{kind_label}: {d}"),
        None => kind_label,
    };
    let text = ["account", "narrative", "mandate", "note", "summary", "reasons"]
        .iter()
        .find_map(|f| Some((b[f]["text"].as_str()?.to_string(), b[f]["lang"].as_str().unwrap_or("en").to_string())));
    let (text, lang) = text.unwrap_or_default();
    let ms = chrono::DateTime::from_timestamp_millis(s.logged_at).unwrap_or_default();
    StepCard {
        kind: s.kind.replace('.', "-"),
        label,
        party: s.party.clone(),
        when: c.when(&ms.to_rfc3339()),
        text,
        lang,
    }
}

/// May this member sign this outcome now: on a verifying team, not signed yet, not final?
fn may_sign(app: &AppState, me: Option<&super::Signer>, outcome: Option<&model::performance::OutcomeRecord>) -> bool {
    let (Some(me), Some(o)) = (me, outcome) else { return false };
    let Some(id) = model::StatementId::parse(&o.statement) else { return false };
    let state = app.seq.state.read().expect("state lock");
    let drafted = state.deployment.as_ref().and_then(|d| d.obligations.outcomes.get(&id));
    !o.is_final && drafted.is_some_and(|d| d.team.contains(&me.key) && !d.signed.contains_key(&me.key))
}

/// May this member record the access of this visit now: on its team, none recorded yet?
fn may_record_access(app: &AppState, me: Option<&super::Signer>, visit: &str) -> bool {
    let (Some(me), Some(id)) = (me, model::StatementId::parse(visit)) else { return false };
    let state = app.seq.state.read().expect("state lock");
    let known = state.deployment.as_ref().and_then(|d| d.obligations.visits.get(&id));
    known.is_some_and(|v| v.team.contains(&me.key) && v.access.is_none())
}

/// "Visit · 2 December 2025 · Barmal district centre", to tell a step apart in a form.
fn step_label(c: &Chrome, s: &model::performance::Step) -> String {
    let b = &s.body;
    let what = match (b["method"].as_str(), b["done"].as_str()) {
        (Some(m), _) => words(c, "method", m),
        (_, Some(d)) => format!("{}: {}", c.t("step-performance-report"), words(c, "done", d)),
        _ => c.t(&format!("step-{}", s.kind.replace(['.', '_'], "-"))),
    };
    let when = b["planned"].as_str().map(|p| c.when_text(p)).unwrap_or_else(|| {
        c.when_text(&chrono::DateTime::from_timestamp_millis(s.logged_at).unwrap_or_default().to_rfc3339())
    });
    let place = b["place"].as_str().map(|p| format!(" · {p}")).unwrap_or_default();
    format!("{what} · {when}{place}")
}

fn block(app: &AppState, c: &Chrome, me: Option<&super::Signer>, r: &DeliverableRecord) -> DeliverableBlock {
    let lang = c.lang();
    let party = me.map(|m| m.party.as_str()).unwrap_or_default();
    let may = |kind: Kind| me.is_some_and(|m| m.may(kind));
    let outcome = r.outcome.as_ref();
    let answerable = r
        .steps
        .iter()
        .rev()
        .find(|s| s.kind == "performance.report")
        .filter(|_| party != r.party && may(Kind::PerformanceAnswer))
        .map(|s| s.statement.clone())
        .unwrap_or_default();
    DeliverableBlock {
        anchor: r.reference.replace('/', "-"),
        reference: r.reference.clone(),
        party: r.party.clone(),
        obligation: name_in(&r.obligation_text, lang).to_string(),
        what: name_in(&r.what, lang).to_string(),
        measure: r.measure.as_ref().map(|m| name_in(m, lang).to_string()).unwrap_or_default(),
        due: chrono::NaiveDate::parse_from_str(&r.due, "%Y-%m-%d").map_or_else(
            |_| r.due.clone(),
            |d| {
                let ms = d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc().timestamp_millis();
                crate::web::i18n::format_date(c.locale, ms, 0)
            },
        ),
        status_label: words(c, "obligation-status", &r.status),
        status: r.status.clone(),
        steps: r.steps.iter().filter(|s| s.kind != "deliverable.sign").map(|s| card(c, s)).collect(),
        outcome: outcome.map(|o| words(c, "outcome", &o.outcome)).unwrap_or_default(),
        outcome_final: outcome.is_some_and(|o| o.is_final),
        outcome_id: outcome.map(|o| o.statement.clone()).unwrap_or_default(),
        signatures: outcome
            .map(|o| {
                o.signatures
                    .iter()
                    .map(|s| SignatureLine {
                        party: s.party.clone(),
                        position: words(c, "outcome", &s.position),
                        dissent: s.position == "dissent",
                        reasons: s.reasons.clone().unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        may_report: party == r.party && may(Kind::PerformanceReport),
        answerable,
        may_sign: may(Kind::OutcomeSign) && may_sign(app, me, outcome),
        may_schedule: may(Kind::VerificationVisit),
        visits: r
            .steps
            .iter()
            .filter(|s| s.kind == "verification.visit")
            .map(|s| (s.statement.clone(), step_label(c, s)))
            .collect(),
        open_visits: r
            .steps
            .iter()
            .filter(|s| {
                s.kind == "verification.visit" && may(Kind::VisitAccess) && may_record_access(app, me, &s.statement)
            })
            .map(|s| (s.statement.clone(), step_label(c, s)))
            .collect(),
        reports: r
            .steps
            .iter()
            .filter(|s| s.kind == "performance.report")
            .map(|s| (s.statement.clone(), step_label(c, s)))
            .collect(),
    }
}

pub async fn obligations(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let (c, viewer) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/obligations");
    let genesis = app.genesis()?;
    let today = crate::api::obligations::today(app.clock.now_ms());
    let records = app.store.obligation_records(&genesis, &viewer, today, i64::MAX).await?;
    let n = |v: usize| crate::web::i18n::format_int(c.locale, v as i64);
    let tallies = model::performance::tallies(&records)
        .iter()
        .map(|t| TallyLine {
            agreement: genesis
                .agreements
                .iter()
                .find(|a| a.id == t.agreement)
                .map_or_else(|| t.agreement.clone(), |a| name_in(&a.title, c.lang()).to_string()),
            counts: [t.due, t.overdue, t.reported, t.verifying, t.verified, t.refusals].iter().map(|v| n(*v)).collect(),
        })
        .collect();
    let me = signer(&app, &headers);
    let deliverables = records.iter().map(|r| block(&app, &c, me.as_ref(), r)).collect();
    let actors = {
        let state = app.seq.state.read().expect("state lock");
        let register = state.deployment.as_ref().map(|d| d.actors.values().cloned().collect::<Vec<_>>());
        register.unwrap_or_default()
    };
    let actors = actors
        .iter()
        .map(|a| ActorLine {
            id: a.id.clone(),
            name: name_in(&a.name, c.lang()).to_string(),
            // An alias the name already says ("… (TTP)") is not said twice.
            aliases: {
                let name = name_in(&a.name, c.lang());
                a.aliases.iter().filter(|x| !name.contains(x.as_str())).cloned().collect::<Vec<_>>().join(", ")
            },
            kind: c.t(&format!("actor-inter-{}", a.inter)),
            said: a
                .said
                .iter()
                .map(|s| {
                    c.args(
                        &format!("actor-said-{}", s.relation.as_str()),
                        &[("by", s.by.clone()), ("party", s.party.clone())],
                    )
                })
                .collect(),
        })
        .collect();
    let (team_candidates, parties) = {
        let state = app.seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("the log has no genesis yet"))?;
        let team = super::team_candidates(dep);
        let parties = dep.genesis.parties.iter().filter(|p| p.kind == PartyKind::Party);
        (team, choices(parties.map(|p| (p.id.clone(), name_in(&p.name, c.lang()).to_string())), None))
    };
    let data = Obligations {
        team_candidates,
        parties,
        actors,
        tallies,
        deliverables,
        visibility: visibility_choices(&c, Kind::PerformanceReport),
        c,
    };
    page(&data, asked(&q.lang, &q.tz))
}
