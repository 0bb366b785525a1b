//! The crossing board: per crossing, each class of traffic with both sides' gates and the two
//! taken together, the exceptions with what passed in each phase, the figures reported with
//! their source, and the history of changes, each with whether the other side was told.

use super::{asked, choices, chrome, page, sector_name, signer, Choice, Chrome, When};
use crate::api::crossings::{boards, ChangeLine, CrossingBoard};
use crate::problem::Problem;
use crate::state::AppState;
use crate::store::{FigureRow, NoticeState};
use crate::web::i18n::format_int;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::crossing::{Measure, TrafficClass};
use model::deployment::{name_in, Crossing};
use model::{Kind, PartyKind, Viewer};

use super::record::LangQuery;

pub struct SideCell {
    pub status: String,
    pub label: String,
    pub since: When,
}

pub struct ClassRow {
    pub label: String,
    pub status: String,
    pub status_label: String,
    /// One side's cell per party holding a side, in the genesis's order.
    pub sides: Vec<Option<SideCell>>,
}

/// Whether a hotline notice reached the other side.
pub struct NoticeLine {
    pub text: String,
    pub told: bool,
}

pub struct PhaseRow {
    pub label: String,
    pub from: When,
    pub until: Option<When>,
    pub counted: String,
    pub passed: u32,
    pub quota: u32,
}

pub struct ExceptionBlock {
    pub id: String,
    pub heading: String,
    pub purpose: String,
    pub lang: String,
    pub counted: String,
    pub phases: Vec<PhaseRow>,
    pub notices: Vec<NoticeLine>,
    /// For members: no notice was named at all.
    pub untold: bool,
    pub may_count: bool,
}

pub struct FigureLine {
    pub label: String,
    pub value: String,
    pub as_of: When,
    pub source: String,
    pub url: Option<String>,
}

pub struct HistoryLine {
    pub since: When,
    pub party: String,
    pub class_label: String,
    pub status: String,
    pub status_label: String,
    pub reason: String,
    pub reason_lang: String,
    pub notices: Vec<NoticeLine>,
    pub untold: bool,
}

pub struct CrossingBlock {
    pub id: String,
    pub name: String,
    pub sector: String,
    pub status: String,
    pub status_label: String,
    pub parties: Vec<String>,
    pub classes: Vec<ClassRow>,
    pub exceptions: Vec<ExceptionBlock>,
    pub figures: Vec<FigureLine>,
    pub history: Vec<HistoryLine>,
}

#[derive(Template)]
#[template(path = "crossings.html")]
pub struct Crossings {
    pub c: Chrome,
    pub crossings: Vec<CrossingBlock>,
    pub border_figures: Vec<FigureLine>,
    pub may_update: bool,
    pub may_record_figure: bool,
    pub choices: Vec<Choice>,
    pub states: Vec<Choice>,
    pub classes: Vec<Choice>,
    pub exception_classes: Vec<Choice>,
    pub directions: Vec<Choice>,
    pub units: Vec<Choice>,
    pub measures: Vec<Choice>,
    pub figure_crossings: Vec<Choice>,
    /// The signer's party's recent hotline messages, to name as the notice.
    pub notices: Vec<Choice>,
}

fn state_label(c: &Chrome, status: &str) -> String {
    if status == "unknown" {
        c.t("unknown")
    } else {
        c.t(&format!("crossing-{status}"))
    }
}

/// "Restricted, one way into AF" and the like.
fn with_direction(c: &Chrome, status: &str, only_into: Option<&str>) -> String {
    match only_into {
        Some(p) => c.t1("crossing-one-way", "party", p),
        None => state_label(c, status),
    }
}

fn class_label(c: &Chrome, class: Option<&str>) -> String {
    match class {
        Some(k) => c.t(&format!("traffic-{k}")),
        None => c.t("traffic-all"),
    }
}

fn notice_lines(c: &Chrome, crossing: &Crossing, author: &str, shown: &[NoticeState]) -> Vec<NoticeLine> {
    let others: Vec<&String> = crossing.parties.iter().filter(|p| *p != author).collect();
    shown
        .iter()
        .map(|n| {
            let told = others.iter().all(|o| n.acknowledged.iter().any(|(p, _)| p == *o));
            let acks: Vec<String> = n
                .acknowledged
                .iter()
                .map(|(p, at)| c.args("crossing-notice-acked", &[("party", p.clone()), ("time", c.when_text(at))]))
                .collect();
            let sent =
                c.args("crossing-notice-sent", &[("parties", n.addressed.join(", ")), ("time", c.when_text(&n.sent))]);
            let text = if acks.is_empty() {
                format!("{sent} {}", c.t("crossing-notice-unacked"))
            } else {
                format!("{sent} {}", acks.join(" "))
            };
            NoticeLine { text, told }
        })
        .collect()
}

fn figure_line(c: &Chrome, f: &FigureRow) -> FigureLine {
    FigureLine {
        label: c.t(&format!("measure-{}", f.measure.replace('_', "-"))),
        value: format_int(c.locale, f.value),
        as_of: c.when(&f.as_of),
        source: f.source.clone(),
        url: f.url.clone(),
    }
}

fn block(
    c: &Chrome,
    viewer: &Viewer,
    party: Option<&str>,
    x: &Crossing,
    b: &CrossingBoard,
    sector: String,
) -> CrossingBlock {
    let member = !matches!(viewer, Viewer::Anonymous);
    let lang = c.lang();
    let classes = b
        .classes
        .iter()
        .map(|k| ClassRow {
            label: class_label(c, Some(&k.class)),
            status_label: with_direction(c, &k.status, k.only_into.as_deref()),
            status: k.status.clone(),
            sides: x
                .parties
                .iter()
                .map(|p| {
                    k.sides.iter().find(|s| &s.party == p).map(|s| SideCell {
                        label: with_direction(c, &s.status, s.only_into.as_deref()),
                        status: s.status.clone(),
                        since: c.when(&s.since),
                    })
                })
                .collect(),
        })
        .collect();
    let exceptions = b
        .exceptions
        .iter()
        .map(|e| {
            let x_row = &e.exception;
            let unit = c.t(&format!("unit-{}", x_row.unit));
            let counted = |passed: u32, quota: u32| {
                c.args(
                    "exception-counted",
                    &[
                        ("passed", format_int(c.locale, passed.into())),
                        ("quota", format_int(c.locale, quota.into())),
                        ("unit", unit.clone()),
                    ],
                )
            };
            ExceptionBlock {
                id: x_row.statement.clone(),
                heading: c.args(
                    "exception-heading",
                    &[("class", class_label(c, Some(&x_row.class))), ("party", x_row.party.clone())],
                ),
                purpose: x_row.purpose.clone(),
                lang: x_row.purpose_lang.clone(),
                counted: counted(x_row.passed, x_row.quota),
                phases: x_row
                    .phases
                    .iter()
                    .enumerate()
                    .map(|(i, p)| PhaseRow {
                        label: c.count("exception-phase", i as i64 + 1),
                        from: c.when(&p.from),
                        until: p.until.as_deref().map(|u| c.when(u)),
                        counted: counted(p.passed, p.quota),
                        passed: p.passed,
                        quota: p.quota,
                    })
                    .collect(),
                notices: notice_lines(c, x, &x_row.party, &e.notice_states),
                untold: member && x_row.notices.is_empty(),
                may_count: party == Some(x_row.party.as_str()),
            }
        })
        .collect();
    let history = b
        .history
        .iter()
        .map(|h: &ChangeLine| HistoryLine {
            since: c.when(&h.since),
            party: h.party.clone(),
            class_label: class_label(c, h.class.as_deref()),
            status_label: with_direction(c, &h.status, h.only_into.as_deref()),
            status: h.status.clone(),
            reason: h.reason.clone().unwrap_or_default(),
            reason_lang: h.reason_lang.clone().unwrap_or_default(),
            notices: notice_lines(c, x, &h.party, &h.notices),
            untold: member && h.notices.is_empty() && h.notices_hidden == 0,
        })
        .collect();
    CrossingBlock {
        id: x.id.clone(),
        name: name_in(&x.name, lang).to_string(),
        sector,
        status_label: state_label(c, &b.status),
        status: b.status.clone(),
        parties: x.parties.clone(),
        classes,
        exceptions,
        figures: b.figures.iter().map(|f| figure_line(c, f)).collect(),
        history,
    }
}

pub async fn crossings(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let (c, viewer) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/crossings");
    let lang = c.lang();
    let genesis = app.genesis()?;
    let now = app.clock.now_ms();
    let board = boards(&app, &viewer, now).await?;
    let signer = signer(&app, &headers);
    let party = signer.as_ref().map(|s| s.party.as_str());
    let crossings: Vec<CrossingBlock> = genesis
        .crossings
        .iter()
        .zip(&board.crossings)
        .map(|(x, b)| block(&c, &viewer, party, x, b, sector_name(&genesis.sectors, &x.sector, lang)))
        .collect();
    let border_figures = board.figures.iter().map(|f| figure_line(&c, f)).collect();
    let notices = match party {
        Some(p) => app.store.recent_hotline_messages(p, 20).await?,
        None => vec![],
    };
    let class_choices = |all: bool| {
        let all = all.then(|| (String::new(), c.t("traffic-all")));
        choices(
            all.into_iter()
                .chain(TrafficClass::ALL.iter().map(|k| (k.as_str().to_string(), class_label(&c, Some(k.as_str()))))),
            None,
        )
    };
    let parties: Vec<&str> =
        genesis.parties.iter().filter(|p| p.kind == PartyKind::Party).map(|p| p.id.as_str()).collect();
    let page_data = Crossings {
        may_update: signer.as_ref().is_some_and(|m| m.may(Kind::CrossingStatus)),
        may_record_figure: signer.as_ref().is_some_and(|m| m.may(Kind::CrossingFigure)),
        choices: choices(crossings.iter().map(|x| (x.id.clone(), x.name.clone())), None),
        figure_crossings: choices(
            std::iter::once((String::new(), c.t("crossing-whole-border")))
                .chain(crossings.iter().map(|x| (x.id.clone(), x.name.clone()))),
            None,
        ),
        states: choices(
            ["open", "restricted", "closed"].iter().map(|s| (s.to_string(), state_label(&c, s))),
            Some("open"),
        ),
        classes: class_choices(true),
        exception_classes: choices(
            TrafficClass::ALL.iter().map(|k| (k.as_str().to_string(), class_label(&c, Some(k.as_str())))),
            Some("humanitarian"),
        ),
        directions: choices(
            std::iter::once((String::new(), c.t("crossing-both-ways")))
                .chain(parties.iter().map(|p| (p.to_string(), c.t1("crossing-into", "party", p)))),
            None,
        ),
        units: choices(
            ["containers", "trucks", "vehicles", "people"].iter().map(|u| (u.to_string(), c.t(&format!("unit-{u}")))),
            Some("containers"),
        ),
        measures: choices(
            Measure::ALL
                .iter()
                .map(|m| (m.as_str().to_string(), c.t(&format!("measure-{}", m.as_str().replace('_', "-"))))),
            None,
        ),
        notices: choices(
            std::iter::once((String::new(), c.t("crossing-no-notice-named")))
                .chain(notices.into_iter().map(|(id, sent, to)| (id, format!("{} → {}", c.when_text(&sent), to)))),
            None,
        ),
        crossings,
        border_figures,
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}
