//! Crossings as they really close: each side sets the status of its own gate per traffic class
//! (one-way where only some traffic passes), grants exceptions with a quota in phases that are
//! counted as they pass, and anyone in the mechanism records the figures others report (trucks
//! stranded, days closed) with their source. The board and the reports read the state through
//! the same functions here, so they cannot disagree.

use crate::bodies::{check_len, check_name, check_text, check_url, Text, MAX_COUNT, MAX_TITLE_CHARS};
use crate::deployment::{Crossing, Deployment};
use crate::rejection::Rejection;
use crate::statement::{Kind, Statement};
use crate::validate::Lookup;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const MAX_PHASES: usize = 12;
/// A notice to the other side, or a few of them (one per message addressed).
pub const MAX_NOTICES: usize = 4;

/// The traffic a crossing's status is set for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrafficClass {
    Trade,
    /// Goods in transit to or from a third country under the transit trade agreement.
    Transit,
    Pedestrians,
    /// People returning or deported to their own country.
    Returnees,
    /// UN and aid agencies' cargo.
    Humanitarian,
}

impl TrafficClass {
    pub const ALL: [TrafficClass; 5] = [
        TrafficClass::Trade,
        TrafficClass::Transit,
        TrafficClass::Pedestrians,
        TrafficClass::Returnees,
        TrafficClass::Humanitarian,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TrafficClass::Trade => "trade",
            TrafficClass::Transit => "transit",
            TrafficClass::Pedestrians => "pedestrians",
            TrafficClass::Returnees => "returnees",
            TrafficClass::Humanitarian => "humanitarian",
        }
    }

    pub fn parse(s: &str) -> Option<TrafficClass> {
        TrafficClass::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossingState {
    Open,
    Restricted,
    Closed,
}

impl CrossingState {
    pub fn parse(s: &str) -> Option<CrossingState> {
        [CrossingState::Open, CrossingState::Restricted, CrossingState::Closed].into_iter().find(|c| c.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CrossingState::Open => "open",
            CrossingState::Restricted => "restricted",
            CrossingState::Closed => "closed",
        }
    }
}

/// A side's gate from `since` on, for one class of traffic or (no class) for all of it. The side
/// is the author's party. Statements made before classes existed have neither class nor
/// direction and mean the whole crossing, as they did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossingStatus {
    pub crossing: String,
    pub status: CrossingState,
    pub since: DateTime<Utc>,
    #[serde(default)]
    pub reason: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<TrafficClass>,
    /// One-way: only traffic into this party's territory passes (returnees going home).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_into: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountUnit {
    Containers,
    Trucks,
    Vehicles,
    People,
}

impl CountUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            CountUnit::Containers => "containers",
            CountUnit::Trucks => "trucks",
            CountUnit::Vehicles => "vehicles",
            CountUnit::People => "people",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub quota: u32,
    pub from: DateTime<Utc>,
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
}

/// Traffic let through a crossing whose class is closed: a quota, in phases, for a purpose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossingException {
    pub crossing: String,
    pub class: TrafficClass,
    #[serde(default)]
    pub only_into: Option<String>,
    pub unit: CountUnit,
    pub phases: Vec<Phase>,
    pub purpose: Text,
}

/// What passed under an exception (its one ref), in one of its phases (from 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossingPassage {
    pub phase: u32,
    pub count: u32,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    TrucksStranded,
    ContainersStranded,
    PeopleStranded,
    DaysClosed,
}

impl Measure {
    pub const ALL: [Measure; 4] =
        [Measure::TrucksStranded, Measure::ContainersStranded, Measure::PeopleStranded, Measure::DaysClosed];

    pub fn as_str(self) -> &'static str {
        match self {
            Measure::TrucksStranded => "trucks_stranded",
            Measure::ContainersStranded => "containers_stranded",
            Measure::PeopleStranded => "people_stranded",
            Measure::DaysClosed => "days_closed",
        }
    }
}

/// Who gave a figure: a traders' association, a chamber of commerce, a newspaper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// A figure someone else reported, recorded with its source; the mechanism does not vouch for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossingFigure {
    /// None: the border as a whole.
    #[serde(default)]
    pub crossing: Option<String>,
    pub measure: Measure,
    pub value: u64,
    pub as_of: DateTime<Utc>,
    pub source: Source,
    #[serde(default)]
    pub note: Option<Text>,
}

/// An exception as the checks of its passages need it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExceptionState {
    pub party: String,
    pub quotas: Vec<u32>,
    pub passed: Vec<u32>,
}

fn known_crossing<'a>(dep: &'a Deployment, id: &str) -> Result<&'a Crossing, Rejection> {
    dep.crossing(id).ok_or_else(|| {
        let known: Vec<&str> = dep.genesis.crossings.iter().map(|c| c.id.as_str()).collect();
        Rejection::invalid("body.crossing", format!("unknown crossing {id:?}; known: {}", known.join(", ")))
    })
}

/// The author's party sets only its own side, of a crossing it holds a side of.
fn own_side<'a>(dep: &'a Deployment, party: &str, id: &str) -> Result<&'a Crossing, Rejection> {
    let crossing = known_crossing(dep, id)?;
    if !crossing.parties.iter().any(|p| p == party) {
        return Err(Rejection::forbidden(format!("party {party} does not control a side of {}", crossing.id)));
    }
    Ok(crossing)
}

fn check_direction(crossing: &Crossing, only_into: Option<&str>) -> Result<(), Rejection> {
    match only_into {
        Some(p) if !crossing.parties.iter().any(|x| x == p) => Err(Rejection::invalid(
            "body.only_into",
            format!("{p:?} holds no side of {}; name {}", crossing.id, crossing.parties.join(" or ")),
        )),
        _ => Ok(()),
    }
}

/// The refs of a status or an exception are the hotline messages that told the other side:
/// the author's own party's messages.
fn check_notices(st: &Statement, lookup: &dyn Lookup) -> Result<(), Rejection> {
    if st.header.refs.len() > MAX_NOTICES {
        return Err(Rejection::invalid("header.refs", format!("at most {MAX_NOTICES} notices")));
    }
    for id in &st.header.refs {
        let k = lookup
            .known(id)
            .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not in the log", id.short())))?;
        if k.kind != Kind::HotlineMessage || k.party != st.header.party {
            return Err(Rejection::invalid(
                "header.refs",
                "a crossing's refs are the hotline messages its party sent to tell the other side".into(),
            ));
        }
    }
    Ok(())
}

pub fn check_status(
    dep: &Deployment,
    st: &Statement,
    c: &CrossingStatus,
    lookup: &dyn Lookup,
    latest_ms: i64,
) -> Result<(), Rejection> {
    let crossing = own_side(dep, &st.header.party, &c.crossing)?;
    check_direction(crossing, c.only_into.as_deref())?;
    if c.only_into.is_some() && c.status == CrossingState::Closed {
        return Err(Rejection::invalid("body.only_into", "a closed gate lets nothing through, either way".into()));
    }
    if c.since.timestamp_millis() > latest_ms {
        return Err(Rejection::invalid("body.since", "the change cannot start in the future".into()));
    }
    check_notices(st, lookup)
}

pub fn check_exception(
    dep: &Deployment,
    st: &Statement,
    x: &CrossingException,
    lookup: &dyn Lookup,
) -> Result<(), Rejection> {
    let crossing = own_side(dep, &st.header.party, &x.crossing)?;
    check_direction(crossing, x.only_into.as_deref())?;
    check_text("body.purpose", &x.purpose, MAX_TITLE_CHARS * 5)?;
    if x.phases.is_empty() || x.phases.len() > MAX_PHASES {
        return Err(Rejection::invalid("body.phases", format!("give 1 to {MAX_PHASES} phases")));
    }
    let mut previous_from = None;
    for (i, p) in x.phases.iter().enumerate() {
        let field = format!("body.phases[{i}]");
        if p.quota == 0 || p.quota > MAX_COUNT {
            return Err(Rejection::invalid(&format!("{field}.quota"), format!("a quota is 1 to {MAX_COUNT}")));
        }
        if p.until.is_some_and(|u| u <= p.from) {
            return Err(Rejection::invalid(&format!("{field}.until"), "a phase ends after it starts".into()));
        }
        if previous_from.is_some_and(|f| p.from < f) {
            return Err(Rejection::invalid(&format!("{field}.from"), "phases come in the order they start".into()));
        }
        previous_from = Some(p.from);
    }
    check_notices(st, lookup)
}

pub fn check_passage(dep: &Deployment, st: &Statement, p: &CrossingPassage, latest_ms: i64) -> Result<(), Rejection> {
    let [exception] = st.header.refs.as_slice() else {
        return Err(Rejection::invalid("header.refs", "a passage refers to exactly one exception".into()));
    };
    let x = dep
        .exceptions
        .get(exception)
        .ok_or_else(|| Rejection::unknown_ref(format!("{} is not an exception in the log", exception.short())))?;
    if x.party != st.header.party {
        return Err(Rejection::forbidden(format!("the exception is {}'s to count", x.party)));
    }
    let phase = p.phase as usize;
    if phase == 0 || phase > x.quotas.len() {
        return Err(Rejection::invalid("body.phase", format!("the exception has phases 1 to {}", x.quotas.len())));
    }
    let left = x.quotas[phase - 1] - x.passed[phase - 1];
    if p.count == 0 {
        return Err(Rejection::invalid("body.count", "count what passed: at least 1".into()));
    }
    if p.count > left {
        return Err(Rejection::new(
            "conflict",
            Some("body.count"),
            format!("phase {phase} has {left} of {} left", x.quotas[phase - 1]),
        ));
    }
    if p.at.timestamp_millis() > latest_ms {
        return Err(Rejection::invalid("body.at", "cannot be in the future".into()));
    }
    if let Some(n) = &p.note {
        check_text("body.note", n, MAX_TITLE_CHARS * 5)?;
    }
    Ok(())
}

pub fn check_figure(dep: &Deployment, f: &CrossingFigure, latest_ms: i64) -> Result<(), Rejection> {
    if let Some(c) = &f.crossing {
        known_crossing(dep, c)?;
    }
    check_name("body.source.name", &f.source.name)?;
    check_len("body.source.name", &f.source.name, MAX_TITLE_CHARS)?;
    check_url("body.source.url", f.source.url.as_deref())?;
    if f.value > u64::from(MAX_COUNT) * 100 {
        return Err(Rejection::invalid("body.value", "too large for a count at a border".into()));
    }
    if f.as_of.timestamp_millis() > latest_ms {
        return Err(Rejection::invalid("body.as_of", "cannot be in the future".into()));
    }
    if let Some(n) = &f.note {
        check_text("body.note", n, MAX_TITLE_CHARS * 5)?;
    }
    Ok(())
}

/// Keeps what the checks of later passages need.
pub fn apply(dep: &mut Deployment, st: &Statement, body: &crate::Body) {
    use crate::Body;
    match body {
        Body::CrossingException(x) => {
            let quotas: Vec<u32> = x.phases.iter().map(|p| p.quota).collect();
            let passed = vec![0; quotas.len()];
            dep.exceptions.insert(st.id, ExceptionState { party: st.header.party.clone(), quotas, passed });
        }
        Body::CrossingPassage(p) => {
            if let Some(x) = st.header.refs.first().and_then(|id| dep.exceptions.get_mut(id)) {
                if let Some(n) = x.passed.get_mut(p.phase as usize - 1) {
                    *n += p.count;
                }
            }
        }
        _ => {}
    }
}

/// One logged status change, as the board and the reports read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub crossing: String,
    pub party: String,
    pub class: Option<TrafficClass>,
    pub status: CrossingState,
    pub only_into: Option<String>,
    pub since_ms: i64,
    /// The log index: of two changes with the same `since`, the later one in the log holds.
    pub idx: u64,
}

/// A crossing's state for one class at a moment, both sides taken together.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassState {
    /// None: no side has said.
    pub status: Option<CrossingState>,
    /// Open one way only, into this party's side.
    pub only_into: Option<String>,
    /// The change each side's state comes from.
    pub sides: Vec<Change>,
}

/// A side's state for a class at `at_ms`: its latest change for that class or for all traffic.
pub fn side_state<'a>(
    changes: &'a [Change],
    crossing: &str,
    party: &str,
    class: TrafficClass,
    at_ms: i64,
) -> Option<&'a Change> {
    changes
        .iter()
        .filter(|c| c.crossing == crossing && c.party == party && c.since_ms <= at_ms)
        .filter(|c| c.class.is_none() || c.class == Some(class))
        .max_by_key(|c| (c.since_ms, c.idx))
}

/// Closed if either side is closed; restricted if either restricts or lets traffic one way only;
/// open if every side that has said is open.
pub fn class_state(changes: &[Change], crossing: &str, class: TrafficClass, at_ms: i64) -> ClassState {
    let parties: BTreeSet<&str> = changes.iter().filter(|c| c.crossing == crossing).map(|c| c.party.as_str()).collect();
    let sides: Vec<Change> =
        parties.iter().filter_map(|p| side_state(changes, crossing, p, class, at_ms)).cloned().collect();
    let status = if sides.is_empty() {
        None
    } else if sides.iter().any(|s| s.status == CrossingState::Closed) {
        Some(CrossingState::Closed)
    } else if sides.iter().any(|s| s.status == CrossingState::Restricted || s.only_into.is_some()) {
        Some(CrossingState::Restricted)
    } else {
        Some(CrossingState::Open)
    };
    let directions: BTreeSet<&str> = sides.iter().filter_map(|s| s.only_into.as_deref()).collect();
    let only_into = match (status, directions.len()) {
        (Some(CrossingState::Closed), _) | (_, 0) => None,
        (_, 1) => directions.first().map(|d| d.to_string()),
        // The two gates let traffic through in opposite directions only: nothing passes.
        _ => None,
    };
    let status = if directions.len() > 1 { Some(CrossingState::Closed) } else { status };
    ClassState { status, only_into, sides }
}

/// The crossing as a whole at a moment: closed or open when every class is, unknown when no
/// side has said, else restricted.
pub fn overall(changes: &[Change], crossing: &str, at_ms: i64) -> Option<CrossingState> {
    let states: Vec<Option<CrossingState>> =
        TrafficClass::ALL.into_iter().map(|class| class_state(changes, crossing, class, at_ms).status).collect();
    if states.iter().all(Option::is_none) {
        None
    } else if states.iter().all(|s| *s == Some(CrossingState::Closed)) {
        Some(CrossingState::Closed)
    } else if states.iter().all(|s| *s == Some(CrossingState::Open)) {
        Some(CrossingState::Open)
    } else {
        Some(CrossingState::Restricted)
    }
}

/// Days (fractional) within [start_ms, end_ms) that a class was closed at the crossing.
pub fn days_closed(changes: &[Change], crossing: &str, class: TrafficClass, start_ms: i64, end_ms: i64) -> f64 {
    let closed = |t: i64| class_state(changes, crossing, class, t).status == Some(CrossingState::Closed);
    days_where(changes, crossing, start_ms, end_ms, closed)
}

/// Days (fractional) within [start_ms, end_ms) that `holds` is true of the crossing: it can
/// change only where one of the crossing's changes takes effect.
pub fn days_where(changes: &[Change], crossing: &str, start_ms: i64, end_ms: i64, holds: impl Fn(i64) -> bool) -> f64 {
    let mut cuts: Vec<i64> = changes
        .iter()
        .filter(|c| c.crossing == crossing && c.since_ms > start_ms && c.since_ms < end_ms)
        .map(|c| c.since_ms)
        .collect();
    cuts.push(start_ms);
    cuts.push(end_ms);
    cuts.sort_unstable();
    cuts.dedup();
    let closed_ms: i64 = cuts.windows(2).filter(|w| holds(w[0])).map(|w| w[1] - w[0]).sum();
    closed_ms as f64 / crate::report::DAY_MS as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SecretKey;
    use crate::statement::StatementId;
    use crate::testkit::*;
    use crate::Body;
    use serde_json::json;

    fn change(party: &str, class: Option<TrafficClass>, status: CrossingState, day: i64, idx: u64) -> Change {
        Change {
            crossing: "torkham".into(),
            party: party.into(),
            class,
            status,
            only_into: None,
            since_ms: day * crate::report::DAY_MS,
            idx,
        }
    }

    #[test]
    fn a_class_follows_its_own_change_or_the_latest_for_all_traffic() {
        use CrossingState::*;
        use TrafficClass::*;
        let mut returnees_home = change("PK", Some(Returnees), Open, 3, 3);
        returnees_home.only_into = Some("AF".into());
        let changes = vec![
            change("PK", None, Closed, 1, 1),
            change("AF", None, Open, 1, 2),
            returnees_home,
            change("PK", Some(Humanitarian), Open, 5, 4),
            change("PK", None, Closed, 6, 5),
        ];
        let at = |class, day: i64| class_state(&changes, "torkham", class, day * crate::report::DAY_MS);
        assert_eq!(at(Trade, 0).status, None, "nobody has said");
        assert_eq!(at(Trade, 2).status, Some(Closed), "one side closed is closed");
        assert_eq!(at(Returnees, 4).status, Some(Restricted));
        assert_eq!(at(Returnees, 4).only_into.as_deref(), Some("AF"));
        assert_eq!(at(Trade, 4).status, Some(Closed));
        assert_eq!(at(Humanitarian, 5).status, Some(Open), "both sides open for UN cargo");
        assert_eq!(at(Humanitarian, 6).status, Some(Closed), "a later change for all traffic holds");
        assert_eq!(at(Returnees, 7).only_into, None);
        // Trade closed from day 1; the week from day 0 to 7 has 6 closed days, returnees 6 - 3.
        let d = |class| days_closed(&changes, "torkham", class, 0, 7 * crate::report::DAY_MS);
        assert_eq!(d(Trade), 6.0);
        assert_eq!(d(Returnees), 3.0);
        assert_eq!(d(Humanitarian), 5.0);
    }

    #[test]
    fn gates_open_one_way_in_opposite_directions_let_nothing_through() {
        let mut a = change("PK", None, CrossingState::Open, 1, 1);
        a.only_into = Some("AF".into());
        let mut b = change("AF", None, CrossingState::Open, 1, 2);
        b.only_into = Some("PK".into());
        let s = class_state(&[a, b], "torkham", TrafficClass::Trade, 2 * crate::report::DAY_MS);
        assert_eq!(s.status, Some(CrossingState::Closed));
    }

    fn status(class: &str) -> serde_json::Value {
        json!({"crossing": "torkham", "status": "closed", "since": "2025-10-12T03:00:00Z", "class": class})
    }

    #[test]
    fn each_side_sets_its_own_gate_and_the_exception_counts_to_its_quota() {
        let mut w = world();
        let s = statement(&w, &w.pk_duty, "PK", Kind::CrossingStatus, vec![], status("trade"));
        accept(&mut w, &s).unwrap();
        // A key speaks only for its own party: the Afghan officer cannot set the Pakistani side.
        let other = statement(&w, &w.af_duty, "PK", Kind::CrossingStatus, vec![], status("trade"));
        assert_eq!(run(&w, &other).unwrap_err().code, "forbidden");
        let ferries = serde_json::to_vec(&status("ferries")).unwrap();
        let e = crate::Body::parse(Kind::CrossingStatus, &ferries).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("body.class"));
        let mut one_way = status("returnees");
        one_way["status"] = json!("open");
        one_way["only_into"] = json!("TR");
        let s = statement(&w, &w.pk_duty, "PK", Kind::CrossingStatus, vec![], one_way.clone());
        assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.only_into"));
        one_way["only_into"] = json!("AF");
        let s = statement(&w, &w.pk_duty, "PK", Kind::CrossingStatus, vec![], one_way);
        accept(&mut w, &s).unwrap();

        let exception = json!({
            "crossing": "torkham", "class": "humanitarian", "unit": "containers",
            "purpose": {"text": "UN cargo", "lang": "en"},
            "phases": [{"quota": 2, "from": "2025-10-13T00:00:00Z"}, {"quota": 3, "from": "2025-10-14T00:00:00Z"}]
        });
        let x = statement(&w, &w.pk_duty, "PK", Kind::CrossingException, vec![], exception);
        let x = accept(&mut w, &x).unwrap();
        fn pass(w: &World, key: &SecretKey, party: &str, x: StatementId, phase: u32, count: u32) -> (Statement, Body) {
            let body = json!({"phase": phase, "count": count, "at": "2025-10-14T06:00:00Z"});
            statement(w, key, party, Kind::CrossingPassage, vec![x], body)
        }
        let p = pass(&w, &w.pk_duty, "PK", x, 2, 2);
        accept(&mut w, &p).unwrap();
        let over = pass(&w, &w.pk_duty, "PK", x, 2, 2);
        let e = run(&w, &over).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), ("conflict", "phase 2 has 1 of 3 left"));
        assert_eq!(run(&w, &pass(&w, &w.pk_duty, "PK", x, 3, 1)).unwrap_err().field.as_deref(), Some("body.phase"));
        assert_eq!(run(&w, &pass(&w, &w.af_duty, "AF", x, 1, 1)).unwrap_err().code, "forbidden");
        let p = pass(&w, &w.pk_duty, "PK", x, 1, 2);
        accept(&mut w, &p).unwrap();
        assert_eq!(w.dep.exceptions[&x].passed, vec![2, 2]);
    }
}
