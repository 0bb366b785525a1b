//! Windows of silence: a local ceasefire, asked for by a party or a mediator, so that a repair
//! crew, a medical evacuation, a convoy or the recovery of remains can go ahead. A window is in
//! force only once both parties have agreed (the requesting party by asking); the acknowledgement
//! must come from someone on duty for that sector. The server marks when it starts and ends, which
//! the hotline shows the duty officers, and incidents inside it are violations of the window.

use crate::bodies::{check_len, check_text, Text, MAX_TEXT_CHARS};
use crate::deployment::{Deployment, PartyKind};
use crate::geo::{self, LonLat};
use crate::hotline::DutyRoster;
use crate::keys::PublicKey;
use crate::rejection::Rejection;
use crate::statement::Statement;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const MAX_AREA_POINTS: usize = 200;
pub const MAX_PRESENT: usize = 20;
/// A window is local and short: at most two weeks.
pub const MAX_WINDOW_MS: i64 = 14 * 86_400_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowPurpose {
    RepairCrew,
    MedicalEvacuation,
    HumanitarianConvoy,
    RecoveryOfRemains,
    Other,
}

impl WindowPurpose {
    pub const ALL: [WindowPurpose; 5] = [
        WindowPurpose::RepairCrew,
        WindowPurpose::MedicalEvacuation,
        WindowPurpose::HumanitarianConvoy,
        WindowPurpose::RecoveryOfRemains,
        WindowPurpose::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WindowPurpose::RepairCrew => "repair_crew",
            WindowPurpose::MedicalEvacuation => "medical_evacuation",
            WindowPurpose::HumanitarianConvoy => "humanitarian_convoy",
            WindowPurpose::RecoveryOfRemains => "recovery_of_remains",
            WindowPurpose::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowRequest {
    pub sector: String,
    /// A closed ring inside the sector; none: the whole sector.
    #[serde(default)]
    pub area: Option<Vec<LonLat>>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub purpose: WindowPurpose,
    pub text: Text,
    /// Who will be there (a utility's crew, the ICRC, a medical team).
    #[serde(default)]
    pub present: Vec<String>,
}

/// A party's agreement to a window (its one ref), by someone on duty for its sector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowAck {
    #[serde(default)]
    pub reply: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowPhase {
    Started,
    Ended,
}

impl WindowPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            WindowPhase::Started => "started",
            WindowPhase::Ended => "ended",
        }
    }
}

/// The server's mark that a window in force has started or ended (its one ref), with the duty
/// officers of the sector it tells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindowSignal {
    pub phase: WindowPhase,
    #[serde(default)]
    pub notify: Vec<PublicKey>,
}

/// A window as the checks of its acknowledgements and signals need it.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowState {
    pub sector: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub agreed: BTreeSet<String>,
    pub started: bool,
    pub ended: bool,
}

impl WindowState {
    /// In force once every party to the ceasefire has agreed.
    pub fn in_force(&self, dep: &Deployment) -> bool {
        dep.genesis.parties.iter().filter(|p| p.kind == PartyKind::Party).all(|p| self.agreed.contains(&p.id))
    }
}

/// Where a window stands, as the pages and the hotline show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// A party has yet to agree.
    Awaiting,
    /// Agreed by both; not begun.
    Agreed,
    UnderWay,
    Over,
    /// Its end came before both parties agreed.
    Lapsed,
}

impl Stage {
    pub fn of(in_force: bool, now_ms: i64, start_ms: i64, end_ms: i64) -> Stage {
        match (in_force, now_ms >= end_ms, now_ms >= start_ms) {
            (false, true, _) => Stage::Lapsed,
            (false, false, _) => Stage::Awaiting,
            (true, true, _) => Stage::Over,
            (true, false, true) => Stage::UnderWay,
            (true, false, false) => Stage::Agreed,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Awaiting => "awaiting",
            Stage::Agreed => "agreed",
            Stage::UnderWay => "under_way",
            Stage::Over => "over",
            Stage::Lapsed => "lapsed",
        }
    }
}

/// A duty roster as the checks need it: who is on duty for a party's sector from a time on.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterState {
    pub party: String,
    pub sector: String,
    pub from_ms: i64,
    pub on_duty: Vec<PublicKey>,
}

/// Is `key` on duty for `party` in `sector` at `at_ms`: on the latest roster begun by then for
/// the sector, or for every sector ("*") where the party has none of its own.
pub fn on_duty(rosters: &[RosterState], party: &str, sector: &str, key: &PublicKey, at_ms: i64) -> bool {
    let latest = |s: &str| {
        rosters.iter().filter(|r| r.party == party && r.sector == s && r.from_ms <= at_ms).max_by_key(|r| r.from_ms)
    };
    latest(sector).or_else(|| latest("*")).is_some_and(|r| r.on_duty.contains(key))
}

fn window<'a>(dep: &'a Deployment, st: &Statement) -> Result<&'a WindowState, Rejection> {
    let [id] = st.header.refs.as_slice() else {
        return Err(Rejection::invalid("header.refs", format!("a {} refers to exactly one window", st.header.kind)));
    };
    let w = dep
        .windows
        .get(id)
        .ok_or_else(|| Rejection::unknown_ref(format!("{} is not a window of silence in the log", id.short())))?;
    Ok(w)
}

pub fn check_request(dep: &Deployment, w: &WindowRequest, now_ms: i64) -> Result<(), Rejection> {
    let sector = dep.sector(&w.sector).ok_or_else(|| {
        let known: Vec<&str> = dep.genesis.sectors.iter().map(|s| s.id.as_str()).collect();
        Rejection::invalid("body.sector", format!("unknown sector {:?}; known: {}", w.sector, known.join(", ")))
    })?;
    if let Some(ring) = &w.area {
        if ring.len() < 4 || ring.len() > MAX_AREA_POINTS || ring.first() != ring.last() {
            return Err(Rejection::invalid(
                "body.area",
                format!("a closed ring of 4 to {MAX_AREA_POINTS} points, the last the same as the first"),
            ));
        }
        if let Some(p) = ring.iter().find(|p| !geo::in_polygon(**p, &sector.polygon)) {
            return Err(Rejection::invalid(
                "body.area",
                format!("{:.5}, {:.5} is outside sector {}", p.1, p.0, sector.id),
            ));
        }
    }
    let (start, end) = (w.start.timestamp_millis(), w.end.timestamp_millis());
    if end <= start {
        return Err(Rejection::invalid("body.end", "a window ends after it starts".into()));
    }
    if end - start > MAX_WINDOW_MS {
        return Err(Rejection::invalid("body.end", "a window of silence lasts at most 14 days".into()));
    }
    if end <= now_ms {
        return Err(Rejection::invalid("body.end", "this window would already be over".into()));
    }
    check_text("body.text", &w.text, MAX_TEXT_CHARS)?;
    if w.present.len() > MAX_PRESENT {
        return Err(Rejection::too_large("body.present", format!("at most {MAX_PRESENT} names")));
    }
    for (i, p) in w.present.iter().enumerate() {
        check_len(&format!("body.present[{i}]"), p, 200)?;
    }
    Ok(())
}

pub fn check_ack(dep: &Deployment, st: &Statement, a: &WindowAck, now_ms: i64) -> Result<(), Rejection> {
    let w = window(dep, st)?;
    let h = &st.header;
    if dep.party_kind(&h.party) != Some(PartyKind::Party) {
        return Err(Rejection::forbidden(
            "the parties to the ceasefire agree to a window; mediators ask for one".into(),
        ));
    }
    if w.agreed.contains(&h.party) {
        return Err(Rejection::new(
            "conflict",
            Some("header.refs"),
            format!("{} has already agreed to this window", h.party),
        ));
    }
    if now_ms >= w.end_ms {
        return Err(Rejection::new("conflict", Some("header.refs"), "this window is over".into()));
    }
    if !on_duty(&dep.rosters, &h.party, &w.sector, &h.author, now_ms) {
        return Err(Rejection::forbidden(format!(
            "key {} is not on {}'s duty roster for sector {} now",
            h.author.fingerprint(),
            h.party,
            w.sector
        )));
    }
    if let Some(r) = &a.reply {
        check_text("body.reply", r, MAX_TEXT_CHARS)?;
    }
    Ok(())
}

pub fn check_signal(dep: &Deployment, st: &Statement, s: &WindowSignal, now_ms: i64) -> Result<(), Rejection> {
    let w = window(dep, st)?;
    let conflict = |m: &str| Err(Rejection::new("conflict", Some("header.refs"), m.to_string()));
    match s.phase {
        WindowPhase::Started if !w.in_force(dep) => conflict("the window is not in force: not every party has agreed"),
        WindowPhase::Started if w.started => conflict("the window's start is already marked"),
        WindowPhase::Started if now_ms < w.start_ms => conflict("the window has not started yet"),
        WindowPhase::Ended if !w.started => conflict("the window never started"),
        WindowPhase::Ended if w.ended => conflict("the window's end is already marked"),
        WindowPhase::Ended if now_ms < w.end_ms => conflict("the window has not ended yet"),
        _ => Ok(()),
    }
}

/// Keeps what later checks need: the windows and who agreed, and who is on duty where.
pub fn apply(dep: &mut Deployment, st: &Statement, body: &crate::Body) {
    use crate::Body;
    let first = st.header.refs.first();
    match body {
        Body::WindowRequest(w) => {
            let mut agreed = BTreeSet::new();
            if dep.party_kind(&st.header.party) == Some(PartyKind::Party) {
                agreed.insert(st.header.party.clone());
            }
            let state = WindowState {
                sector: w.sector.clone(),
                start_ms: w.start.timestamp_millis(),
                end_ms: w.end.timestamp_millis(),
                agreed,
                started: false,
                ended: false,
            };
            dep.windows.insert(st.id, state);
        }
        Body::WindowAck(_) => {
            if let Some(w) = first.and_then(|id| dep.windows.get_mut(id)) {
                w.agreed.insert(st.header.party.clone());
            }
        }
        Body::WindowSignal(s) => {
            if let Some(w) = first.and_then(|id| dep.windows.get_mut(id)) {
                match s.phase {
                    WindowPhase::Started => w.started = true,
                    WindowPhase::Ended => w.ended = true,
                }
            }
        }
        Body::DutyRoster(r) => dep.rosters.push(roster_state(&st.header.party, r)),
        _ => {}
    }
}

pub fn roster_state(party: &str, r: &DutyRoster) -> RosterState {
    RosterState {
        party: party.to_string(),
        sector: r.sector.clone(),
        from_ms: r.from.timestamp_millis(),
        on_duty: r.officers.iter().chain(&r.hq).copied().collect(),
    }
}

/// Is an incident at `point`, `occurred_ms`, inside the window: its sector (or its area) while it
/// was in force, from `in_force_ms` (when the last party agreed) or its start, to its end.
pub fn inside(w: &WindowRequest, in_force_ms: i64, sector: &str, point: LonLat, occurred_ms: i64) -> bool {
    let from = w.start.timestamp_millis().max(in_force_ms);
    sector == w.sector
        && (from..w.end.timestamp_millis()).contains(&occurred_ms)
        && w.area.as_ref().is_none_or(|ring| geo::in_polygon(point, ring))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::statement::Kind;
    use crate::testkit::*;
    use crate::Body;
    use serde_json::json;

    fn request(start: &str, end: &str) -> serde_json::Value {
        json!({"sector": "west", "start": start, "end": end, "purpose": "repair_crew",
               "text": {"text": "Power line repair", "lang": "en"}, "present": ["Utility crew"]})
    }

    fn roster(w: &World, party: &str, sector: &str, keys: &[&crate::SecretKey]) -> (Statement, Body) {
        let admin = if party == "PK" { &w.pk_admin } else { &w.af_admin };
        let officers: Vec<String> = keys.iter().map(|k| k.public().to_string()).collect();
        let body = json!({"sector": sector, "from": "2025-10-01T00:00:00Z", "officers": officers});
        statement(w, admin, party, Kind::DutyRoster, vec![], body)
    }

    #[test]
    fn a_window_is_in_force_once_both_sides_agree_and_only_those_on_duty_may_agree() {
        let mut w = world();
        let r = roster(&w, "PK", "*", &[&w.pk_duty]);
        accept(&mut w, &r).unwrap();
        let r = roster(&w, "AF", "west", &[&w.af_duty]);
        accept(&mut w, &r).unwrap();
        let st = statement(
            &w,
            &w.pk_duty,
            "PK",
            Kind::WindowRequest,
            vec![],
            request("2025-11-02T06:00:00Z", "2025-11-02T12:00:00Z"),
        );
        let id = accept(&mut w, &st).unwrap();
        assert!(!w.dep.windows[&id].in_force(&w.dep), "Pakistan asked; Afghanistan has not agreed");
        fn ack(w: &World, key: &crate::SecretKey, party: &str, id: crate::StatementId) -> (Statement, Body) {
            statement(w, key, party, Kind::WindowAck, vec![id], json!({}))
        }
        // Pakistan agreed by asking.
        assert_eq!(run(&w, &ack(&w, &w.pk_duty, "PK", id)).unwrap_err().code, "conflict");
        // A duty officer of Afghanistan's who is not on its roster for the sector.
        let off_duty = crate::SecretKey::generate();
        w.dep.enrol(off_duty.public(), "AF", "off duty", vec![crate::Role::DutyOfficer], 30);
        let e = run(&w, &ack(&w, &off_duty, "AF", id)).unwrap_err();
        assert_eq!(e.code, "forbidden", "{e:?}");
        let a = ack(&w, &w.af_duty, "AF", id);
        accept(&mut w, &a).unwrap();
        assert!(w.dep.windows[&id].in_force(&w.dep));
        let signal = |w: &World, phase: &str| {
            statement(w, &w.server, "server", Kind::WindowSignal, vec![id], json!({"phase": phase}))
        };
        assert_eq!(run(&w, &signal(&w, "ended")).unwrap_err().message, "the window never started");
        // NOW is 1 November: the window has not begun.
        assert_eq!(run(&w, &signal(&w, "started")).unwrap_err().message, "the window has not started yet");
    }

    #[test]
    fn a_request_stays_in_its_sector_and_its_time() {
        let w = world();
        let past = statement(
            &w,
            &w.pk_duty,
            "PK",
            Kind::WindowRequest,
            vec![],
            request("2025-10-01T00:00:00Z", "2025-10-02T00:00:00Z"),
        );
        assert_eq!(run(&w, &past).unwrap_err().field.as_deref(), Some("body.end"));
        let long = statement(
            &w,
            &w.pk_duty,
            "PK",
            Kind::WindowRequest,
            vec![],
            request("2025-11-02T00:00:00Z", "2025-12-02T00:00:00Z"),
        );
        assert_eq!(run(&w, &long).unwrap_err().field.as_deref(), Some("body.end"));
        let mut outside = request("2025-11-02T06:00:00Z", "2025-11-02T12:00:00Z");
        outside["area"] = json!([[67.5, 30.5], [67.6, 30.5], [67.6, 30.6], [67.5, 30.5]]);
        let st = statement(&w, &w.pk_duty, "PK", Kind::WindowRequest, vec![], outside);
        assert_eq!(run(&w, &st).unwrap_err().field.as_deref(), Some("body.area"));
        let req: WindowRequest =
            serde_json::from_value(request("2025-11-02T06:00:00Z", "2025-11-02T12:00:00Z")).unwrap();
        let at = |h: u32| {
            chrono::DateTime::parse_from_rfc3339(&format!("2025-11-02T{h:02}:00:00Z")).unwrap().timestamp_millis()
        };
        assert!(inside(&req, 0, "west", LonLat(66.5, 30.5), at(7)));
        assert!(!inside(&req, 0, "east", LonLat(67.5, 30.5), at(7)));
        assert!(!inside(&req, at(8), "west", LonLat(66.5, 30.5), at(7)), "before the last party agreed");
        assert!(!inside(&req, 0, "west", LonLat(66.5, 30.5), at(12)), "the end is outside");
    }
}
