//! Compliance reports of the demo: the figures agree with the incident list over the same
//! period, name the checkpoint they were computed at, and follow the reader's visibility.

use crate::common::{Db, TestServer};
use serde_json::Value;

#[tokio::test]
async fn the_weekly_report_adds_up_the_incidents_of_its_period() {
    let server = TestServer::demo(Db::Sqlite).await;
    let token = server.login("tr-monitor").await;
    for (who, token) in [("anonymous", None), ("mediator", Some(token.as_str()))] {
        let r = server.get_json("/v1/reports/weekly?date=2025-10-17&cutoff=19:30&offset=300", token).await;
        // 19:30 at UTC+5 is 14:30 UTC: the week runs from 10 October 14:30 UTC to 17 October 14:30 UTC.
        assert_eq!(r["period"]["end_ms"], 1_760_711_400_000i64, "{who}");
        assert_eq!(r["period"]["start_ms"], 1_760_106_600_000i64, "{who}");
        let listed =
            server.get_json("/v1/incidents?limit=500&from=2025-10-10T14:30:00Z&to=2025-10-17T14:30:00Z", token).await;
        let incidents = listed["incidents"].as_array().unwrap();
        assert!(!incidents.is_empty(), "{who}: the demo's October fighting");
        assert_eq!(r["incidents"].as_u64().unwrap() as usize, incidents.len(), "{who}");
        let sum = |key: &str| r[key].as_array().unwrap().iter().map(|c| c["current"].as_i64().unwrap()).sum::<i64>();
        assert_eq!(sum("by_sector") as usize, incidents.len(), "{who}: every incident in one sector");
        assert_eq!(sum("by_reporter") as usize, incidents.len(), "{who}");
        assert_eq!(r["per_day"].as_array().unwrap().len(), 7);
        let per_day: i64 = r["per_day"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).sum();
        assert_eq!(per_day as usize, incidents.len());
        let answered = incidents.iter().filter(|i| i["responses"].as_i64().unwrap() > 0).count();
        assert_eq!(r["answered"].as_u64().unwrap() as usize, answered, "{who}");
        assert_eq!(
            r["checkpoint_size"].as_u64().unwrap(),
            server.log_size(),
            "{who}: the checkpoint it was computed at"
        );
        assert_eq!(r["checkpoint_root"].as_str().unwrap().len(), 44, "{who}: a base64 SHA-256 root");
    }
    let anonymous = server.get_json("/v1/reports/weekly?date=2025-10-17", None).await;
    let mediator = server.get_json("/v1/reports/weekly?date=2025-10-17", Some(&token)).await;
    assert!(mediator["incidents"].as_u64() >= anonymous["incidents"].as_u64());
    assert_eq!(anonymous["hotline"]["messages"], 0, "hotline figures are for members");
    server.stop().await;
}

#[tokio::test]
async fn report_pages_render_in_every_language_and_refuse_bad_dates() {
    let server = TestServer::demo(Db::Sqlite).await;
    for lang in ["en", "ur", "ps", "prs"] {
        for span in ["daily", "weekly"] {
            let resp = server.get(&format!("/reports/{span}?date=2025-10-12&lang={lang}"), None).await;
            assert_eq!(resp.status(), 200, "{span} {lang}");
            let html = resp.text().await.unwrap();
            assert!(
                html.contains("class=\"chart\"") && html.contains("class=\"boundary\""),
                "{span} {lang}: charts and map"
            );
            assert!(html.contains("/v1/reports/"), "{span} {lang}: a link to the figures as JSON");
        }
    }
    for bad in ["date=2025-13-01", "date=yesterday", "cutoff=25:00", "offset=9999"] {
        let resp = server.get(&format!("/v1/reports/daily?{bad}"), None).await;
        assert_eq!(resp.status(), 400, "{bad}");
        let problem: Value = resp.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains(bad.split('=').next().unwrap()), "{problem}");
    }
    assert_eq!(server.get("/v1/reports/monthly", None).await.status(), 404);
    server.stop().await;
}

/// The report's counts of events and claims, and its crossing and window sections, recomputed by
/// a reader from the public log alone:
/// the entries up to the report's checkpoint, their public bodies (checked against the signed
/// hashes), and the model's own rules. The demo's December exception is counted in full, the
/// untold Chaman gate included, and the shots inside the Torkham window are its violation.
#[tokio::test]
async fn the_counts_crossings_and_windows_recompute_from_the_public_log_at_the_reports_checkpoint() {
    use model::crossing::{Change, TrafficClass};
    use model::report::{CrossingFacts, ExceptionFacts, FigureFacts, Period};
    use model::{Body, Entry, Kind};
    let server = TestServer::demo(Db::Sqlite).await;
    let r = server.get_json("/v1/reports/custom?date=2025-12-05&days=60&cutoff=19:30&offset=300", None).await;
    let period =
        Period { start_ms: r["period"]["start_ms"].as_i64().unwrap(), end_ms: r["period"]["end_ms"].as_i64().unwrap() };
    let client = jirga::cli::client::Client::new(&server.url);
    let size = r["checkpoint_size"].as_u64().unwrap();
    let mut facts = CrossingFacts::default();
    // (id, exception facts, passed per phase), in log order
    let mut exceptions: Vec<(model::StatementId, ExceptionFacts, Vec<u32>)> = vec![];
    // (id, request, parties agreed, when it came into force), and the public reports
    let mut windows: Vec<(model::StatementId, model::bodies::WindowRequest, Vec<String>, Option<i64>)> = vec![];
    let mut reports: Vec<model::bodies::IncidentReport> = vec![];
    // Each public claim as its latest version has it: (incident, party, report).
    let mut claims: Vec<(model::StatementId, String, model::bodies::IncidentReport)> = vec![];
    let mut version_of = std::collections::HashMap::new();
    let mut event_of = std::collections::HashMap::new();
    let mut repeats = std::collections::HashSet::new();
    for (idx, bytes) in jirga::audit::fetch_entries(&client, 0, size).await.unwrap().iter().enumerate() {
        let e = Entry::parse(bytes).unwrap();
        let kind = e.header.kind;
        if !matches!(
            kind,
            Kind::CrossingStatus
                | Kind::CrossingException
                | Kind::CrossingPassage
                | Kind::CrossingFigure
                | Kind::WindowRequest
                | Kind::WindowAck
                | Kind::IncidentReport
                | Kind::IncidentAmend
                | Kind::IncidentDuplicate
                | Kind::EventLink
        ) {
            continue;
        }
        // A reader sees the public bodies; the rest is not theirs to count.
        let Some(body) = jirga::audit::fetch_body(&client, &e).await.unwrap() else {
            assert!(
                matches!(kind, Kind::IncidentReport | Kind::IncidentAmend),
                "the demo's crossings and windows are public"
            );
            continue;
        };
        e.statement(body.clone()).check_body_hash().unwrap();
        let party = e.header.party.clone();
        match Body::parse(kind, &body).unwrap() {
            Body::CrossingStatus(c) if c.since.timestamp_millis() < period.end_ms => facts.changes.push(Change {
                crossing: c.crossing,
                party,
                class: c.class,
                status: c.status,
                only_into: c.only_into,
                since_ms: c.since.timestamp_millis(),
                idx: idx as u64,
            }),
            Body::CrossingException(x) => {
                let f = ExceptionFacts {
                    statement: e.id.hex(),
                    crossing: x.crossing.clone(),
                    party,
                    class: x.class.as_str().into(),
                    unit: x.unit.as_str().into(),
                    quota: x.phases.iter().map(|p| p.quota).sum(),
                    passed: 0,
                    from_ms: x.phases[0].from.timestamp_millis(),
                    until_ms: x.phases.last().unwrap().until.map(|u| u.timestamp_millis()),
                };
                exceptions.push((e.id, f, vec![0; x.phases.len()]));
            }
            Body::CrossingPassage(p) if p.at.timestamp_millis() < period.end_ms => {
                let x = exceptions.iter_mut().find(|x| x.0 == e.header.refs[0]).expect("its exception comes first");
                x.2[p.phase as usize - 1] += p.count;
            }
            Body::WindowRequest(w) => {
                let agreed = if party == "PK" || party == "AF" { vec![party] } else { vec![] };
                windows.push((e.id, *w, agreed, None));
            }
            Body::WindowAck(_) => {
                let w = windows.iter_mut().find(|w| w.0 == e.header.refs[0]).expect("its window comes first");
                w.2.push(party);
                if w.2.len() == 2 {
                    w.3 = Some(e.logged_at);
                }
            }
            Body::IncidentReport(i) => {
                claims.push((e.id, party, (*i).clone()));
                version_of.insert(e.id, e.id);
                reports.push(*i);
            }
            // The latest version holds the place, time and category the counts use.
            Body::IncidentAmend(i) => {
                let incident = version_of[&e.header.refs[0]];
                version_of.insert(e.id, incident);
                claims.iter_mut().find(|c| c.0 == incident).expect("its report comes first").2 = *i;
            }
            Body::EventLink(_) => {
                for r in &e.header.refs {
                    event_of.insert(*r, e.id);
                }
            }
            Body::Duplicate(_) => {
                repeats.insert(e.header.refs[0]);
            }
            Body::CrossingFigure(f) => facts.figures.push(FigureFacts {
                crossing: f.crossing,
                measure: f.measure.as_str().into(),
                value: f.value as i64,
                as_of_ms: f.as_of.timestamp_millis(),
                source: f.source.name,
                url: f.source.url,
            }),
            _ => {}
        }
    }
    // The server lists the newest exception first.
    for (_, mut f, passed) in exceptions.into_iter().rev() {
        f.passed = passed.iter().sum();
        facts.exceptions.push(f);
    }
    let windows: Vec<model::report::WindowFacts> = windows
        .iter()
        .map(|(id, w, _, in_force)| {
            let inside = |i: &&model::bodies::IncidentReport| {
                let at = model::geo::LonLat(i.location.lon, i.location.lat);
                in_force.is_some_and(|f| {
                    model::window::inside(w, f, &i.location.sector, at, i.occurred.start.timestamp_millis())
                })
            };
            model::report::WindowFacts {
                statement: id.hex(),
                sector: w.sector.clone(),
                purpose: w.purpose.as_str().into(),
                start_ms: w.start.timestamp_millis(),
                end_ms: w.end.timestamp_millis(),
                in_force: in_force.is_some(),
                violations: reports.iter().filter(inside).count() as i64,
            }
        })
        .collect();
    let incidents: Vec<model::report::IncidentFacts> = claims
        .iter()
        .map(|(id, party, i)| model::report::IncidentFacts {
            event: event_of.get(id).unwrap_or(id).hex(),
            duplicate: repeats.contains(id),
            occurred_ms: i.occurred.start.timestamp_millis(),
            sector: i.location.sector.clone(),
            category: i.category.clone(),
            party: party.clone(),
            accused: i.accused.clone(),
            actor: i.actor.clone(),
            // Answers and deadlines are not among these sections: left out of the comparison.
            responses: 0,
            status: String::new(),
        })
        .collect();
    let recomputed = model::report::compile(period, &incidents, &[], &facts, &windows, &[]);
    let json = serde_json::to_value(&recomputed).unwrap();
    for section in [
        "crossings",
        "exceptions",
        "figures",
        "windows",
        "incidents",
        "incidents_previous",
        "claims",
        "duplicates",
        "by_sector",
        "by_category",
        "by_reporter",
        "by_accused",
        "by_actor",
        "per_day",
    ] {
        assert_eq!(json[section], r[section], "{section}");
    }
    assert_eq!(r["windows"][0]["violations"], 1, "the shots during the Torkham window: {}", r["windows"]);
    assert_eq!(r["claims"].as_i64().unwrap(), r["incidents"].as_i64().unwrap() + 1, "the Chaman pair is one event");

    // And what the demo says, read off the report.
    let torkham = r["crossings"].as_array().unwrap().iter().find(|c| c["crossing"] == "torkham").unwrap();
    let class = |name: &str| torkham["classes"].as_array().unwrap().iter().find(|c| c["class"] == name).unwrap();
    assert_eq!(class(TrafficClass::Returnees.as_str())["status"], "restricted", "{torkham}");
    assert_eq!(class("returnees")["only_into"], "AF");
    assert!(class("trade")["days_closed"].as_f64().unwrap() > 50.0, "closed to trade since 12 October: {torkham}");
    let passed: Vec<(String, u64, u64)> = r["exceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["crossing"].as_str().unwrap().into(), x["passed"].as_u64().unwrap(), x["quota"].as_u64().unwrap()))
        .collect();
    assert_eq!(passed, vec![("chaman-spin-boldak".into(), 43, 43), ("torkham".into(), 100, 100)], "143 in all");
    server.stop().await;
}

/// The report's compliance table recomputed by a reader from the public log alone, as it stood at
/// the end of each period: allegations by the latest version logged by then, verdicts of findings
/// from the signature that made them final, violations with their remedial actions by the steps
/// logged by then. Dates before the violation was reported, before its reply, before its
/// deadline and after it.
#[tokio::test]
async fn the_compliance_table_recomputes_from_the_public_log_as_of_each_periods_end() {
    use model::compliance::{breaches_at, BreachFacts, FinalFinding};
    use model::investigation::{is_final, Stance};
    use model::violation::{FollowUpOutcome, Remedial};
    use model::{Body, Entry, StatementId, Visibility};
    use std::collections::{BTreeMap, HashMap};
    let server = TestServer::demo(Db::Sqlite).await;
    let client = jirga::cli::client::Client::new(&server.url);
    let size = server.log_size();
    let mut genesis = None;
    // incident → (its facts, public now); version → incident; investigation → incident
    let mut incidents: BTreeMap<StatementId, (BreachFacts, bool)> = BTreeMap::new();
    let mut version_of = HashMap::new();
    let mut subject_of = HashMap::new();
    // finding → (incident, drafter's party, body, signatures by author, logged when final)
    let mut findings = HashMap::new();
    // violation → (clause, responsible, reported, (replied, due) in log order, done when)
    type Steps = (StatementId, String, String, i64, Vec<(i64, i64)>, Option<i64>);
    let mut violations: Vec<Steps> = vec![];
    for bytes in jirga::audit::fetch_entries(&client, 0, size).await.unwrap() {
        let e = Entry::parse(&bytes).unwrap();
        let first = e.header.refs.first().copied();
        // What an investigation is about is in its signed header, whoever may read its body.
        if e.header.kind == model::Kind::InvestigationOpen {
            subject_of.insert(e.id, first.unwrap());
        }
        let Some(body) = jirga::audit::fetch_body(&client, &e).await.unwrap() else {
            // An amendment a reader cannot read may still make its incident private to them.
            if let Some(i) =
                first.and_then(|r| version_of.get(&r)).filter(|_| e.header.kind == model::Kind::IncidentAmend)
            {
                if let Some(f) = incidents.get_mut(i) {
                    f.1 = false;
                }
            }
            continue;
        };
        e.statement(body.clone()).check_body_hash().unwrap();
        let public = e.header.visibility == Visibility::Public;
        match Body::parse(e.header.kind, &body).unwrap() {
            Body::Genesis(g) => genesis = Some(*g),
            Body::IncidentReport(r) | Body::IncidentAmend(r) => {
                let incident = first.map(|f| version_of[&f]).unwrap_or(e.id);
                version_of.insert(e.id, incident);
                let alleged = r.accused.iter().flat_map(|a| r.clauses.iter().map(|c| (c.clone(), a.clone()))).collect();
                let facts = incidents.entry(incident).or_default();
                facts.0.versions.push((e.logged_at, alleged));
                facts.1 = public;
            }
            Body::Finding(f) => {
                let incident = subject_of[&first.unwrap()];
                let signed = HashMap::from([(e.header.author, (e.header.party.clone(), Stance::Concur))]);
                findings.insert(e.id, (incident, *f, signed, None));
            }
            Body::FindingSign(s) => {
                let genesis = genesis.as_ref().unwrap();
                let Some(f) = findings.get_mut(&first.unwrap()) else { continue };
                f.2.insert(e.header.author, (e.header.party.clone(), s.position));
                let concur: Vec<&str> =
                    f.2.values().filter(|(_, s)| *s == Stance::Concur).map(|(p, _)| p.as_str()).collect();
                if f.3.is_none() && is_final(genesis, &concur) {
                    f.3 = Some(e.logged_at);
                }
            }
            Body::ViolationReport(v) if public => {
                violations.push((e.id, v.clause, v.responsible, e.logged_at, vec![], None));
            }
            Body::ViolationReply(r) => {
                let v = violations.iter_mut().find(|v| Some(v.0) == first).unwrap();
                v.4.push((e.logged_at, r.due.timestamp_millis()));
            }
            Body::ViolationFollowUp(f) if f.outcome == FollowUpOutcome::Done => {
                violations.iter_mut().find(|v| Some(v.0) == first).unwrap().5.get_or_insert(e.logged_at);
            }
            _ => {}
        }
    }
    // The verdicts of the findings a reader may read, in the order they became final.
    let mut finals: Vec<_> = findings.into_values().filter_map(|(i, f, _, at)| at.map(|at| (at, i, f))).collect();
    finals.sort_by_key(|f| f.0);
    for (final_ms, incident, f) in finals {
        incidents.get_mut(&incident).unwrap().0.findings.push(FinalFinding {
            final_ms,
            not_attributable: f.conclusion == model::investigation::Conclusion::NotAttributable,
            verdicts: f.breaches.iter().map(|b| ((b.clause.clone(), b.party.clone()), b.verdict)).collect(),
        });
    }
    let readable: Vec<BreachFacts> = incidents.into_values().filter(|f| f.1).map(|f| f.0).collect();
    let mut seen = vec![];
    for date in ["2025-10-20", "2025-11-10", "2025-11-19", "2025-11-21", "2025-12-05", "2026-01-31"] {
        let r = server.get_json(&format!("/v1/reports/daily?date={date}&cutoff=23:59&offset=0"), None).await;
        let at = r["period"]["end_ms"].as_i64().unwrap();
        let mut expected: BTreeMap<(String, String), Value> = BTreeMap::new();
        let blank = |clause: &str, party: &str| {
            serde_json::json!({"clause": clause, "party": party, "alleged": 0, "verified": 0, "rejected": 0,
                "not_attributable": 0, "violations": 0, "remedial_due": 0, "remedial_done": 0, "remedial_overdue": 0})
        };
        for ((clause, party), c) in breaches_at(&readable, at) {
            let row = expected.entry((clause.clone(), party.clone())).or_insert_with(|| blank(&clause, &party));
            for (k, v) in [("alleged", c.alleged), ("verified", c.verified), ("rejected", c.rejected)] {
                row[k] = v.into();
            }
            row["not_attributable"] = c.not_attributable.into();
        }
        for (_, clause, party, _, replies, done) in violations.iter().filter(|v| v.3 <= at) {
            let row = expected.entry((clause.clone(), party.clone())).or_insert_with(|| blank(clause, party));
            row["violations"] = (row["violations"].as_i64().unwrap() + 1).into();
            // The latest reply by then says by when.
            let due = replies.iter().rev().find(|r| r.0 <= at).map(|r| r.1);
            if let Some(state) = Remedial::of(due, done.is_some_and(|d| d <= at), at) {
                let key = format!("remedial_{}", state.as_str());
                row[&key] = (row[&key].as_i64().unwrap() + 1).into();
            }
        }
        let expected: Vec<Value> = expected.into_values().collect();
        assert_eq!(r["commitments"], Value::Array(expected), "{date}");
        seen.push(record_of_pk(&r["commitments"]));
    }
    // What the demo's Chaman violation says over those dates: nothing yet, alleged, verified,
    // reported, committed to, overdue.
    assert_eq!(
        seen,
        [
            (0, 0, 0, "none"),
            (1, 0, 0, "none"),
            (0, 1, 0, "none"),
            (0, 1, 1, "none"),
            (0, 1, 1, "due"),
            (0, 1, 1, "overdue")
        ]
    );
    server.stop().await;
}

/// (alleged, verified, violations, remedial state) of Pakistan's breaches of clause 1.
fn record_of_pk(record: &Value) -> (i64, i64, i64, &'static str) {
    let Some(r) = record.as_array().unwrap().iter().find(|r| r["clause"] == "doha-2025/1" && r["party"] == "PK") else {
        return (0, 0, 0, "none");
    };
    let n = |k: &str| r[k].as_i64().unwrap();
    let state = match (n("remedial_due"), n("remedial_done"), n("remedial_overdue")) {
        (0, 0, 0) => "none",
        (_, 0, 0) => "due",
        (0, _, 0) => "done",
        _ => "overdue",
    };
    (n("alleged"), n("verified"), n("violations"), state)
}
