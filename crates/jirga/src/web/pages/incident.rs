//! One incident: the claim with its versions, the responses beside it, the finding, the
//! evidence; each statement with its place in the log and a link to its inclusion proof. The
//! forms a member may use on it (respond, attach evidence, open an investigation, sign the
//! finding) are signed in the browser by the page's script.

use super::{asked, chrome, page, sector_name, signer, text_languages, visibility_choices, Choice, Chrome, Problem};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use model::Kind;
use serde::Deserialize;
use serde_json::Value;

pub struct StatementLine {
    pub statement: String,
    pub short: String,
    pub when: super::When,
    /// "signed at …" when it was signed well before it was logged (sent from a queue).
    pub signed: Option<String>,
    pub proof: String,
    pub proof_label: String,
}

/// A statement's words in the reader's language, signed by their translator, never in place of
/// the original: the page keeps the original one click away.
pub struct Translated {
    pub statement: String,
    pub visibility: String,
    /// "Translation into Pashto by AF (Liaison officer)".
    pub label: String,
    pub title: Option<String>,
    pub text: Option<String>,
    /// "Disputed by PK: …", each.
    pub disputes: Vec<String>,
}

pub struct ResponseLine {
    pub line: StatementLine,
    pub party: String,
    pub position: String,
    pub narrative: Option<String>,
    pub lang: String,
    /// The parts of the report it contests, in the reader's words.
    pub disputes: String,
    pub translation: Option<Translated>,
}

pub struct EvidenceLine {
    pub sha256: String,
    pub media_type: String,
    pub name: String,
    pub size: String,
    pub sealed: bool,
    pub image: bool,
    pub video: bool,
}

pub struct SignatureLine {
    pub party: String,
    pub stance: String,
    pub reasons: Option<String>,
}

pub struct FindingLine {
    pub statement: String,
    pub conclusion: String,
    pub summary: Option<String>,
    pub is_final: bool,
    pub signatures: Vec<SignatureLine>,
    /// The signed-in member is on the team and has not signed yet.
    pub may_sign: bool,
}

#[derive(Template)]
#[template(path = "incident.html")]
pub struct IncidentPage {
    pub c: Chrome,
    pub id: String,
    pub title: String,
    pub title_lang: String,
    pub status: String,
    pub status_label: String,
    pub sector: String,
    pub occurred: super::When,
    pub reported_by: String,
    pub accused: String,
    /// The actor alleged to have acted, by its name in the reader's language; the territory
    /// alleged launched from.
    pub actor: Option<String>,
    pub launched_from: Option<String>,
    pub killed: String,
    pub wounded: String,
    pub narrative: Option<String>,
    pub narrative_lang: String,
    /// The version shown, which a translation translates.
    pub version: String,
    pub version_visibility: String,
    pub translation: Option<Translated>,
    /// The reader is signed in: they may translate or dispute a translation.
    pub may_translate: bool,
    pub versions: Vec<StatementLine>,
    pub responses: Vec<ResponseLine>,
    /// (its stage, in words; its title) of each investigation.
    pub investigations: Vec<(String, String)>,
    /// What the page says when the reader sees no finding: none yet, or one they may not read.
    pub no_finding: String,
    pub windows_violated: Vec<String>,
    /// "1 event · 2 claims" with where to see them side by side; empty for a claim on its own.
    pub event_note: String,
    pub event_href: String,
    pub duplicate_of: Option<String>,
    /// The party's own reports nearby this one may repeat (for its reporters).
    pub duplicate_choices: Vec<Choice>,
    pub findings: Vec<FindingLine>,
    pub evidence: Vec<EvidenceLine>,
    pub may_respond: bool,
    pub may_attach: bool,
    pub may_investigate: bool,
    pub positions: Vec<Choice>,
    pub response_visibility: Vec<Choice>,
    pub evidence_visibility: Vec<Choice>,
    pub text_languages: Vec<Choice>,
    /// (key, "name (party)") of the members who may sit on a team.
    pub team_candidates: Vec<(String, String)>,
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
    /// The zone to show times in: a party id or UTC.
    tz: Option<String>,
}

/// The number killed or wounded a report claims; "not given" when it gives none, which is not
/// zero (the projection counts it as 0 for sums).
fn claimed(c: &Chrome, body: Option<&Value>, field: &str, total: i64) -> String {
    let given = body.is_none_or(|b| {
        let by = &b["casualties"][field];
        !by["military"].is_null() || !by["civilian"].is_null()
    });
    if given {
        crate::web::i18n::format_int(c.locale, total)
    } else {
        c.t("casualties-not-given")
    }
}

fn text_of(body: &Option<Value>, field: &str) -> Option<(String, String)> {
    body.as_ref().and_then(|b| {
        Some((b[field]["text"].as_str()?.to_string(), b[field]["lang"].as_str().unwrap_or("en").to_string()))
    })
}

pub async fn incident(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, Problem> {
    let (c, viewer) = chrome(&app, &headers, asked(&q.lang, &q.tz), "/incidents");
    let lang = c.lang();
    let id = model::StatementId::parse(&id).ok_or_else(|| Problem::not_found("no such incident"))?;
    let mut detail = app
        .store
        .incident(&id, &viewer, app.clock.now_ms())
        .await?
        .ok_or_else(|| Problem::not_found("no such incident, or not one you may read"))?;
    detail.set_log_status(app.seq.state.read().expect("state lock").witnessed_size);
    let me = signer(&app, &headers);
    let (sector, team_candidates, actor) = {
        let state = app.seq.state.read().expect("state lock");
        let dep = state.deployment.as_ref().ok_or_else(|| Problem::unavailable("the log has no genesis yet"))?;
        let team = super::team_candidates(dep);
        let actor = detail.incident.actor.as_ref().map(|id| {
            dep.actors.get(id).map_or_else(|| id.clone(), |a| model::deployment::name_in(&a.name, lang).to_string())
        });
        (sector_name(&dep.genesis.sectors, &detail.incident.sector, lang), team, actor)
    };
    let line = |statement: &str, signed_at: &str, logged_at: &str, status: &str| StatementLine {
        short: statement[..12].to_string(),
        statement: statement.to_string(),
        when: c.when(logged_at),
        signed: signed_well_before(signed_at, logged_at)
            .then(|| c.t1("statement-signed-at", "time", &c.when_text(signed_at))),
        proof_label: c.proof_label(status),
        proof: status.to_string(),
    };
    let shown = detail.versions.iter().rev().find(|v| v.body.is_some());
    let latest = shown.and_then(|v| text_of(&v.body, "narrative"));
    let mut originals: Vec<String> = detail.responses.iter().map(|r| r.statement.clone()).collect();
    originals.extend(shown.map(|v| v.statement.clone()));
    let mut translations = app.store.translations(&originals, lang, &viewer).await?;
    let translated = |t: crate::store::TranslationRow, original_lang: Option<&str>| {
        // A translation into the language the original is written in is no news to the reader.
        (original_lang != Some(t.lang.as_str())).then(|| Translated {
            label: c.args(
                "translation-by",
                &[
                    ("lang", c.t(&format!("lang-{}", t.lang))),
                    ("party", t.party.clone()),
                    ("name", t.translator.clone()),
                ],
            ),
            title: t.texts.get("title").cloned(),
            text: t.texts.get("narrative").cloned(),
            disputes: t
                .disputes
                .iter()
                .map(|d| c.args("translation-disputed", &[("party", d.party.clone()), ("reason", d.reason.clone())]))
                .collect(),
            visibility: String::new(),
            statement: t.statement,
        })
    };
    let i = &detail.incident;
    let my_key = me.as_ref().map(|m| m.key.to_string());
    let findings = detail
        .investigations
        .iter()
        .flat_map(|v| v.findings.iter().map(move |f| (v, f)))
        .map(|(v, f)| FindingLine {
            statement: f.statement.clone(),
            conclusion: c.t(&format!("conclusion-{}", f.conclusion.replace('_', "-"))),
            summary: text_of(&f.body, "summary").map(|t| t.0),
            is_final: f.is_final,
            signatures: f
                .signatures
                .iter()
                .map(|s| SignatureLine {
                    party: s.party.clone(),
                    stance: c.t(if s.stance == "dissent" { "finding-dissents" } else { "finding-concurs" }),
                    reasons: text_of(&s.body, "reasons").map(|t| t.0),
                })
                .collect(),
            // Its drafter concurred by drafting it.
            may_sign: my_key
                .as_ref()
                .is_some_and(|k| v.team.contains(k) && &f.author != k && f.signatures.iter().all(|s| &s.member != k)),
        })
        .collect();
    let positions = ["acknowledge", "deny", "contest", "counter_claim"]
        .iter()
        .map(|p| (p.to_string(), c.t(&format!("position-{}", p.replace('_', "-")))));
    let may = |kind: Kind| me.as_ref().is_some_and(|m| m.may(kind));
    // A reporter of the party may mark this report as a repeat of one of its own nearby.
    let duplicate_choices = if may(Kind::IncidentDuplicate)
        && me.as_ref().is_some_and(|m| m.party == i.party)
        && i.event.is_none()
        && i.duplicate_of.is_none()
    {
        const DAYS: i64 = 3 * 86_400_000;
        let near = crate::store::IncidentFilter {
            party: Some(i.party.clone()),
            sector: Some(i.sector.clone()),
            from: Some(i.occurred_ms - DAYS),
            to: Some(i.occurred_ms + DAYS),
            limit: 50,
            ..Default::default()
        };
        let rows = app.store.list_incidents(&near, &viewer, app.clock.now_ms()).await?.incidents;
        let others = rows.into_iter().filter(|r| r.id != i.id && r.duplicate_of.is_none());
        super::choices(
            others.map(|r| (r.id.clone(), format!("{} · {}", c.when_text(&r.occurred_start), r.title))),
            None,
        )
    } else {
        vec![]
    };
    let page_data = IncidentPage {
        id: id.hex(),
        title: i.title.clone(),
        title_lang: i.title_lang.clone(),
        status_label: c.status_label(&i.status),
        status: i.status.clone(),
        sector,
        occurred: c.when(&i.occurred_start),
        reported_by: i.party.clone(),
        accused: i.accused.clone().unwrap_or_else(|| c.t("incident-not-named")),
        actor,
        launched_from: i.launched_from.clone(),
        killed: claimed(&c, shown.and_then(|v| v.body.as_ref()), "killed", i.killed),
        wounded: claimed(&c, shown.and_then(|v| v.body.as_ref()), "wounded", i.wounded),
        narrative_lang: latest.as_ref().map(|n| n.1.clone()).unwrap_or_default(),
        version: shown.map(|v| v.statement.clone()).unwrap_or_default(),
        version_visibility: shown.map(|v| v.visibility.clone()).unwrap_or_default(),
        translation: shown.and_then(|v| {
            let t = translations.remove(&v.statement)?;
            let visibility = v.visibility.clone();
            translated(t, latest.as_ref().map(|n| n.1.as_str())).map(|x| Translated { visibility, ..x })
        }),
        may_translate: me.is_some(),
        narrative: latest.map(|n| n.0),
        versions: detail.versions.iter().map(|v| line(&v.statement, &v.signed_at, &v.logged_at, &v.status)).collect(),
        responses: detail
            .responses
            .iter()
            .map(|r| {
                let narrative = text_of(&r.body, "narrative");
                ResponseLine {
                    line: line(&r.statement, &r.signed_at, &r.logged_at, &r.status),
                    party: r.party.clone(),
                    position: c.t(&format!("position-{}", r.position.replace('_', "-"))),
                    lang: narrative.as_ref().map(|n| n.1.clone()).unwrap_or_default(),
                    translation: translations.remove(&r.statement).and_then(|t| {
                        translated(t, narrative.as_ref().map(|n| n.1.as_str()))
                            .map(|x| Translated { visibility: r.visibility.clone(), ..x })
                    }),
                    narrative: narrative.map(|n| n.0),
                    disputes: r
                        .body
                        .as_ref()
                        .and_then(|b| b["disputes"].as_array())
                        .map(|parts| {
                            let words: Vec<String> = parts
                                .iter()
                                .filter_map(|p| p.as_str())
                                .map(|p| c.t(&format!("claim-part-{}", p.replace('_', "-"))))
                                .collect();
                            words.join(", ")
                        })
                        .unwrap_or_default(),
                }
            })
            .collect(),
        investigations: detail
            .investigations
            .iter()
            .map(|v| {
                let stage = match v.state.as_str() {
                    "finding_final" => "status-finding-final",
                    "closed" => "status-closed",
                    _ => "status-under-investigation",
                };
                (c.t(stage), v.title.clone())
            })
            .collect(),
        // The stage comes from the projection whoever reads; the finding's words only to those
        // who may read them: say that one exists rather than that there is none.
        no_finding: match i.status.as_str() {
            "finding_final" | "closed" if detail.investigations.iter().all(|v| v.findings.is_empty()) => {
                c.t("incident-finding-not-yours")
            }
            _ => c.t("incident-no-finding"),
        },
        windows_violated: detail.windows_violated.clone(),
        event_note: i.event.as_ref().map(|_| c.count("event-claims", i.claims)).unwrap_or_default(),
        event_href: i.event.as_ref().map(|e| format!("/events?lang={lang}#event-{e}")).unwrap_or_default(),
        duplicate_of: i.duplicate_of.clone(),
        duplicate_choices,
        findings,
        evidence: detail
            .evidence
            .iter()
            .map(|e| EvidenceLine {
                sha256: e.sha256.clone(),
                media_type: e.media_type.clone(),
                name: e.name.clone().unwrap_or_default(),
                size: crate::web::i18n::format_int(c.locale, e.size),
                sealed: !e.readable,
                image: e.media_type.starts_with("image/"),
                video: e.media_type.starts_with("video/"),
            })
            .collect(),
        // A party answers the other side's reports, not its own.
        may_respond: may(Kind::Response) && me.as_ref().is_some_and(|m| m.party != i.party),
        may_attach: may(Kind::EvidenceRegister),
        may_investigate: may(Kind::InvestigationOpen) && detail.investigations.is_empty(),
        positions: super::choices(positions, None),
        response_visibility: visibility_choices(&c, Kind::Response),
        evidence_visibility: visibility_choices(&c, Kind::EvidenceRegister),
        text_languages: text_languages(&c),
        team_candidates,
        c,
    };
    page(&page_data, asked(&q.lang, &q.tz))
}

/// Signed more than a minute before it was logged: worth saying, as a queued report was.
fn signed_well_before(signed_at: &str, logged_at: &str) -> bool {
    let ms = |t: &str| chrono::DateTime::parse_from_rfc3339(t).map(|t| t.timestamp_millis()).ok();
    matches!((ms(signed_at), ms(logged_at)), (Some(s), Some(l)) if l - s > 60_000)
}
