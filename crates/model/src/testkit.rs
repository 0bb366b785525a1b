//! A small deployment for the unit tests of the rules: two parties, a mediator, two sectors.

use crate::access::Role;
use crate::bodies::Body;
use crate::deployment::{Admin, Deployment, Genesis, Party, PartyKind, Rules, Sector};
use crate::geo::LonLat;
use crate::keys::SecretKey;
use crate::rejection::Rejection;
use crate::statement::{Header, Kind, Statement, StatementId, Visibility};
use crate::validate::{apply, check, Known};
use serde_json::{json, Value};
use std::collections::HashMap;

pub struct World {
    pub dep: Deployment,
    pub pk_admin: SecretKey,
    pub af_admin: SecretKey,
    pub pk_reporter: SecretKey,
    pub af_liaison: SecretKey,
    pub tr_admin: SecretKey,
    pub tr_investigator: SecretKey,
    pub pk_investigator: SecretKey,
    pub af_investigator: SecretKey,
    pub server: SecretKey,
    pub pk_duty: SecretKey,
    pub af_duty: SecretKey,
    pub known: HashMap<StatementId, Known>,
    next_index: u64,
}

pub const NOW: i64 = 1_762_000_000_000;

fn square(id: &str, lon: f64) -> Sector {
    let ring =
        vec![LonLat(lon, 30.0), LonLat(lon + 1.0, 30.0), LonLat(lon + 1.0, 31.0), LonLat(lon, 31.0), LonLat(lon, 30.0)];
    Sector { id: id.into(), name: Default::default(), polygon: ring }
}

pub fn world() -> World {
    let (pk_admin, af_admin, tr_admin) = (SecretKey::generate(), SecretKey::generate(), SecretKey::generate());
    let server = SecretKey::generate();
    let party = |id: &str, kind, key: &SecretKey| Party {
        utc_offset_minutes: None,
        id: id.into(),
        kind,
        name: Default::default(),
        admins: vec![Admin { key: key.public(), name: format!("{id} admin") }],
    };
    let agreement = json!({
        "id": "doha", "title": {"en": "Doha"}, "concluded": "2025-10-19", "parties": ["PK", "AF"],
        "clauses": [{"id": "1", "text": {"en": "Cease fire"}, "owed_by": ["PK", "AF"]},
            {"id": "2", "text": {"en": "No armed groups"}, "owed_by": ["AF"], "obligations": [
                {"id": "camps", "party": "AF", "what": {"en": "Close the camps"}, "deliverables": [
                    {"id": "list", "what": {"en": "Close the three camps listed"}, "due": "2025-11-15"}]}]}]
    });
    let genesis = Genesis {
        name: Default::default(),
        origin: "test/log".into(),
        log_key: String::new(),
        parties: vec![
            party("PK", PartyKind::Party, &pk_admin),
            party("AF", PartyKind::Party, &af_admin),
            party("TR", PartyKind::Mediator, &tr_admin),
        ],
        sectors: vec![square("west", 66.0), square("east", 67.0)],
        crossings: vec![serde_json::from_value(json!({
            "id": "torkham", "name": {"en": "Torkham"}, "lat": 30.5, "lon": 66.5, "sector": "west", "parties": ["PK", "AF"]
        }))
        .unwrap()],
        places: vec![],
        agreements: vec![serde_json::from_value(agreement).unwrap()],
        rules: Rules::default(),
        attribution: vec![],
        witness_policy: Default::default(),
        server_key: Some(server.public()),
        actors: vec![],
    };
    let mut dep = Deployment::new(StatementId([9; 32]), genesis);
    let keys: Vec<SecretKey> = (0..7).map(|_| SecretKey::generate()).collect();
    dep.enrol(keys[0].public(), "PK", "reporter", vec![Role::Reporter], 1);
    dep.enrol(keys[1].public(), "AF", "liaison", vec![Role::Liaison], 2);
    dep.enrol(keys[2].public(), "TR", "investigator", vec![Role::Investigator], 3);
    dep.enrol(keys[3].public(), "PK", "investigator", vec![Role::Investigator], 4);
    dep.enrol(keys[4].public(), "AF", "investigator", vec![Role::Investigator], 5);
    dep.enrol(keys[5].public(), "PK", "duty officer", vec![Role::DutyOfficer], 6);
    dep.enrol(keys[6].public(), "AF", "duty officer", vec![Role::DutyOfficer], 7);
    let [pk_reporter, af_liaison, tr_investigator, pk_investigator, af_investigator, pk_duty, af_duty] =
        keys.try_into().unwrap();
    World {
        dep,
        pk_admin,
        af_admin,
        pk_reporter,
        af_liaison,
        tr_admin,
        tr_investigator,
        pk_investigator,
        af_investigator,
        server,
        pk_duty,
        af_duty,
        known: HashMap::new(),
        next_index: 10,
    }
}

pub fn report(lat: f64, lon: f64, sector: &str) -> Value {
    json!({
        "occurred": {"start": "2025-10-11T22:00:00Z", "precision": "hour"},
        "location": {"lat": lat, "lon": lon, "precision_m": 1000, "sector": sector},
        "category": "cross_border_fire", "accused": "AF",
        "title": {"text": "t", "lang": "en"}, "narrative": {"text": "n", "lang": "en"}
    })
}

pub fn statement(
    w: &World,
    key: &SecretKey,
    party: &str,
    kind: Kind,
    refs: Vec<StatementId>,
    body: Value,
) -> (Statement, Body) {
    let header = Header {
        v: 1,
        kind,
        deployment: w.dep.id.hex(),
        author: key.public(),
        party: party.into(),
        time: NOW,
        refs,
        visibility: if matches!(kind, Kind::MemberEnrol | Kind::MemberRevoke) {
            Visibility::Public
        } else {
            Visibility::Joint
        },
        body_sha256: String::new(),
        body_len: 0,
    };
    let st = Statement::sign(header, &body, &[key]).unwrap();
    let parsed = Body::parse(kind, &st.body_bytes).unwrap();
    (st, parsed)
}

pub fn run(w: &World, s: &(Statement, Body)) -> Result<(), Rejection> {
    let lookup = |id: &StatementId| w.known.get(id).cloned();
    check(&w.dep, &s.0, &s.1, &lookup, NOW)
}

/// Checks and, when accepted, applies a statement as the sequencer would; returns its id.
pub fn accept(w: &mut World, s: &(Statement, Body)) -> Result<StatementId, Rejection> {
    run(w, s)?;
    let mut known = Known::of(&s.0);
    if let Body::HotlineMessage(m) = &s.1 {
        known.addressed = m.to.clone();
    }
    if s.0.header.kind.follows_first_ref() {
        known.incident = s.0.header.refs.first().and_then(|r| w.known.get(r)).and_then(|k| k.incident);
    }
    w.known.insert(s.0.id, known);
    apply(&mut w.dep, &s.0, &s.1, w.next_index);
    w.next_index += 1;
    Ok(s.0.id)
}
