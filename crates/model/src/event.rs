//! One event, several claims: both sides often report the same exchange of fire, each saying the
//! other fired first. Pairs that look like one event (close in time and place, each accusing the
//! other's reporter) are suggested to the mediators; a mediator links claims into one event, each
//! still signed and unchanged, and counts then take the event once. A party may also mark one of
//! its reports as a duplicate of its own earlier one.

use crate::bodies::{check_text, Text, MAX_TEXT_CHARS};
use crate::geo::{haversine_m, LonLat};
use crate::rejection::Rejection;
use crate::statement::{Kind, Statement, StatementId};
use crate::validate::Lookup;
use crate::Deployment;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const MAX_CLAIMS: usize = 10;

/// How close two claims must be to be suggested as one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairingRules {
    pub max_km: f64,
    pub max_hours: u32,
}

impl Default for PairingRules {
    fn default() -> PairingRules {
        PairingRules { max_km: 15.0, max_hours: 6 }
    }
}

/// A mediator's link of the reports it refers to (2 to 10, of at least two parties) as one event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventLink {
    #[serde(default)]
    pub note: Option<Text>,
}

/// A party's mark that its report (the first ref) repeats its own earlier one (the second).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duplicate {
    #[serde(default)]
    pub note: Option<Text>,
}

fn known_report(lookup: &dyn Lookup, id: &StatementId) -> Result<crate::validate::Known, Rejection> {
    let k = lookup
        .known(id)
        .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not in the log", id.short())))?;
    if k.kind != Kind::IncidentReport {
        return Err(Rejection::invalid("header.refs", format!("{} is not an incident report", id.short())));
    }
    Ok(k)
}

fn check_note(note: &Option<Text>) -> Result<(), Rejection> {
    match note {
        Some(n) => check_text("body.note", n, MAX_TEXT_CHARS),
        None => Ok(()),
    }
}

pub fn check_link(dep: &Deployment, st: &Statement, l: &EventLink, lookup: &dyn Lookup) -> Result<(), Rejection> {
    let refs = &st.header.refs;
    let distinct: BTreeSet<&StatementId> = refs.iter().collect();
    if refs.len() < 2 || refs.len() > MAX_CLAIMS || distinct.len() != refs.len() {
        return Err(Rejection::invalid("header.refs", format!("link 2 to {MAX_CLAIMS} different reports")));
    }
    let mut parties = BTreeSet::new();
    for id in refs {
        parties.insert(known_report(lookup, id)?.party);
        if let Some(event) = dep.events.get(id) {
            return Err(Rejection::new(
                "conflict",
                Some("header.refs"),
                format!("report {} is already part of event {}", id.short(), event.short()),
            ));
        }
        if dep.duplicates.contains(id) {
            return Err(Rejection::invalid("header.refs", format!("report {} is marked as a duplicate", id.short())));
        }
    }
    if parties.len() < 2 {
        return Err(Rejection::invalid(
            "header.refs",
            "an event links the claims of different parties; a party marks its own repeats as duplicates".into(),
        ));
    }
    check_note(&l.note)
}

pub fn check_duplicate(dep: &Deployment, st: &Statement, d: &Duplicate, lookup: &dyn Lookup) -> Result<(), Rejection> {
    let [repeat, original] = st.header.refs.as_slice() else {
        return Err(Rejection::invalid("header.refs", "refer to the repeat, then to the report it repeats".into()));
    };
    if repeat == original {
        return Err(Rejection::invalid("header.refs", "a report cannot repeat itself".into()));
    }
    for id in [repeat, original] {
        if known_report(lookup, id)?.party != st.header.party {
            return Err(Rejection::forbidden(format!(
                "report {} is not {}'s: a party marks only its own reports",
                id.short(),
                st.header.party
            )));
        }
    }
    if dep.duplicates.contains(repeat) {
        return Err(Rejection::new(
            "conflict",
            Some("header.refs"),
            "the report is already marked as a duplicate".into(),
        ));
    }
    if dep.duplicates.contains(original) {
        return Err(Rejection::invalid(
            "header.refs",
            "the original is itself a duplicate; name the first report".into(),
        ));
    }
    if dep.events.contains_key(repeat) {
        return Err(Rejection::new("conflict", Some("header.refs"), "the report is part of an event".into()));
    }
    check_note(&d.note)
}

pub fn apply(dep: &mut Deployment, st: &Statement, body: &crate::Body) {
    match body {
        crate::Body::EventLink(_) => {
            for id in &st.header.refs {
                dep.events.insert(*id, st.id);
            }
        }
        crate::Body::Duplicate(_) => {
            if let Some(repeat) = st.header.refs.first() {
                dep.duplicates.insert(*repeat);
            }
        }
        _ => {}
    }
}

/// A claim as the suggestions weigh it.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub id: String,
    pub party: String,
    pub accused: Option<String>,
    pub at: LonLat,
    pub occurred_ms: i64,
    /// Already linked into an event, or marked a duplicate: not suggested again.
    pub settled: bool,
}

/// A suggested pair: the two claims' positions in the input, how far apart in km and minutes.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub a: usize,
    pub b: usize,
    pub km: f64,
    pub minutes: i64,
}

/// Pairs of claims that look like one event: each accuses the other's reporter, within the
/// rules' distance and time. Closest in time first.
pub fn suggest(claims: &[Claim], rules: &PairingRules) -> Vec<Suggestion> {
    let mut order: Vec<usize> = (0..claims.len()).filter(|i| !claims[*i].settled).collect();
    order.sort_by_key(|i| claims[*i].occurred_ms);
    let window_ms = i64::from(rules.max_hours) * 3_600_000;
    let mut out = vec![];
    for (n, &i) in order.iter().enumerate() {
        for &j in &order[n + 1..] {
            let (a, b) = (&claims[i], &claims[j]);
            let minutes = (b.occurred_ms - a.occurred_ms) / 60_000;
            if b.occurred_ms - a.occurred_ms > window_ms {
                break;
            }
            let accuse_each_other =
                a.accused.as_deref() == Some(b.party.as_str()) && b.accused.as_deref() == Some(a.party.as_str());
            let km = haversine_m(a.at, b.at) / 1000.0;
            if accuse_each_other && km <= rules.max_km {
                out.push(Suggestion { a: i, b: j, km, minutes });
            }
        }
    }
    out.sort_by(|x, y| x.minutes.cmp(&y.minutes).then(x.km.total_cmp(&y.km)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use serde_json::json;

    fn claim(id: &str, party: &str, accused: &str, lon: f64, minutes: i64) -> Claim {
        Claim {
            id: id.into(),
            party: party.into(),
            accused: Some(accused.into()),
            at: LonLat(lon, 30.9),
            occurred_ms: minutes * 60_000,
            settled: false,
        }
    }

    #[test]
    fn claims_close_in_time_and_place_that_accuse_each_other_are_suggested() {
        let rules = PairingRules { max_km: 15.0, max_hours: 6 };
        let claims = vec![
            claim("pk", "PK", "AF", 66.44, 0),
            claim("af", "AF", "PK", 66.47, 30),
            claim("af-late", "AF", "PK", 66.44, 7 * 60),
            claim("af-far", "AF", "PK", 67.5, 10),
            claim("pk-2", "PK", "AF", 66.45, 40),
        ];
        let s = suggest(&claims, &rules);
        let pairs: Vec<(&str, &str)> = s.iter().map(|s| (claims[s.a].id.as_str(), claims[s.b].id.as_str())).collect();
        assert_eq!(
            pairs,
            vec![("af", "pk-2"), ("pk", "af")],
            "closest in time first; not too late, not too far, not the same side"
        );
        assert!(s[1].km > 2.0 && s[1].km < 4.0, "{}", s[1].km);
        let mut settled = claims.clone();
        settled[1].settled = true;
        assert!(suggest(&settled, &rules).is_empty());
    }

    fn add(w: &mut World, key: &crate::SecretKey, party: &str, kind: Kind, refs: Vec<StatementId>) -> StatementId {
        let body = match kind {
            Kind::IncidentReport if party == "AF" => {
                let mut b = report(30.5, 66.6, "west");
                b["accused"] = json!("PK");
                b
            }
            Kind::IncidentReport => report(30.5, 66.5, "west"),
            _ => json!({}),
        };
        let mut body = body;
        if kind == Kind::IncidentReport {
            // Two reports alike would be one statement.
            body["title"]["text"] = json!(format!("report {}", w.known.len()));
        }
        let s = statement(w, key, party, kind, refs, body);
        accept(w, &s).unwrap()
    }

    #[test]
    fn a_mediator_links_both_sides_claims_once_and_a_party_marks_its_own_repeat() {
        let mut w = world();
        let (pk_reporter, tr) = (w.pk_reporter.clone(), w.tr_investigator.clone());
        let af_reporter = crate::SecretKey::generate();
        w.dep.enrol(af_reporter.public(), "AF", "reporter", vec![crate::Role::Reporter], 40);
        let pk = add(&mut w, &pk_reporter, "PK", Kind::IncidentReport, vec![]);
        let pk2 = add(&mut w, &pk_reporter, "PK", Kind::IncidentReport, vec![]);
        let af = add(&mut w, &af_reporter, "AF", Kind::IncidentReport, vec![]);
        let link = |w: &World, refs: Vec<StatementId>| statement(w, &tr, "TR", Kind::EventLink, refs, json!({}));
        assert_eq!(
            run(&w, &link(&w, vec![pk, pk2])).unwrap_err().field.as_deref(),
            Some("header.refs"),
            "one side's claims only"
        );
        assert_eq!(run(&w, &link(&w, vec![pk])).unwrap_err().field.as_deref(), Some("header.refs"));
        let by_party = statement(&w, &w.pk_investigator, "PK", Kind::EventLink, vec![pk, af], json!({}));
        assert_eq!(run(&w, &by_party).unwrap_err().code, "forbidden", "a party does not link");
        add(&mut w, &tr, "TR", Kind::EventLink, vec![pk, af]);
        assert_eq!(run(&w, &link(&w, vec![af, pk2])).unwrap_err().code, "conflict", "already in an event");

        let dup = |w: &World, key: &crate::SecretKey, party: &str, refs| {
            statement(w, key, party, Kind::IncidentDuplicate, refs, json!({}))
        };
        assert_eq!(run(&w, &dup(&w, &af_reporter, "AF", vec![pk2, pk])).unwrap_err().code, "forbidden", "not its own");
        assert_eq!(run(&w, &dup(&w, &pk_reporter, "PK", vec![pk, pk2])).unwrap_err().code, "conflict", "in an event");
        add(&mut w, &pk_reporter, "PK", Kind::IncidentDuplicate, vec![pk2, pk]);
        assert_eq!(run(&w, &dup(&w, &pk_reporter, "PK", vec![pk2, pk])).unwrap_err().code, "conflict");
        assert!(w.dep.duplicates.contains(&pk2) && w.dep.events[&af] == w.dep.events[&pk]);
    }
}
