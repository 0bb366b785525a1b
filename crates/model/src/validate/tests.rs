//! The rules that need the deployment, checked on a small one (testkit).

use super::*;
use crate::keys::SecretKey;
use crate::statement::Header;
use crate::statement::Visibility;
use crate::testkit::*;
use serde_json::json;

#[test]
fn a_report_inside_its_sector_passes_and_area_rules_hold() {
    let w = world();
    let ok = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
    run(&w, &ok).unwrap();
    // Near the shared edge, filed under the neighbour: within tolerance.
    let edge = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.99, "east"));
    run(&w, &edge).unwrap();
    let wrong = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.2, "east"));
    assert_eq!(run(&w, &wrong).unwrap_err().field.as_deref(), Some("body.location.sector"));
    let outside = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(35.0, 66.5, "west"));
    assert_eq!(run(&w, &outside).unwrap_err().field.as_deref(), Some("body.location"));
    let mut accused_mediator = report(30.5, 66.5, "west");
    accused_mediator["accused"] = json!("TR");
    let s = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], accused_mediator);
    assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.accused"));
}

#[test]
fn keys_speak_only_for_their_party_and_role() {
    let w = world();
    let s = statement(&w, &w.pk_reporter, "AF", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
    assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
    let s = statement(&w, &w.pk_admin, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
    assert!(run(&w, &s).unwrap_err().message.contains("reporter role"));
    let stranger = SecretKey::generate();
    let s = statement(&w, &stranger, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
    assert_eq!(run(&w, &s).unwrap_err().code, "not-enrolled");
    // A mediator admin cannot enrol a member into a party's ranks.
    let s = statement(
        &w,
        &w.tr_admin,
        "TR",
        Kind::MemberEnrol,
        vec![],
        json!({"key": w.pk_reporter.public(), "name": "x", "roles": ["reporter"]}),
    );
    assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
}

#[test]
fn revocation_stops_a_key_from_its_log_position_on() {
    let mut w = world();
    let revoke = statement(
        &w,
        &w.pk_admin,
        "PK",
        Kind::MemberRevoke,
        vec![],
        json!({"key": w.pk_reporter.public(), "reason": "lost"}),
    );
    run(&w, &revoke).unwrap();
    apply(&mut w.dep, &revoke.0, &revoke.1, 5);
    assert_eq!(w.dep.member(&w.pk_reporter.public()).unwrap().revoked_at, Some(5));
    let s = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
    assert_eq!(run(&w, &s).unwrap_err().code, "revoked");
    // The other party's admin could not have revoked it; nor can it be enrolled again.
    let again = statement(
        &w,
        &w.pk_admin,
        "PK",
        Kind::MemberEnrol,
        vec![],
        json!({"key": w.pk_reporter.public(), "name": "x", "roles": ["reporter"]}),
    );
    assert_eq!(run(&w, &again).unwrap_err().field.as_deref(), Some("body.key"));
}

#[test]
fn responses_and_amendments_need_the_right_references() {
    let mut w = world();
    let r = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
    let missing = statement(
        &w,
        &w.af_liaison,
        "AF",
        Kind::Response,
        vec![r.0.id],
        json!({"position": "deny", "narrative": {"text": "no", "lang": "en"}}),
    );
    assert_eq!(run(&w, &missing).unwrap_err().code, "unknown-ref");
    w.known.insert(r.0.id, Known::of(&r.0));
    run(&w, &missing).unwrap();
    let amend = statement(&w, &w.pk_reporter, "PK", Kind::IncidentAmend, vec![r.0.id], report(30.6, 66.5, "west"));
    run(&w, &amend).unwrap();
    let no_ref = statement(&w, &w.pk_reporter, "PK", Kind::IncidentAmend, vec![], report(30.6, 66.5, "west"));
    assert_eq!(run(&w, &no_ref).unwrap_err().field.as_deref(), Some("header.refs"));
}

#[test]
fn the_clock_and_the_size_are_bounded() {
    let w = world();
    let mut s = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
    s.0.header.time = NOW + 301_000;
    assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("header.time"));
    // Signed offline three days ago and sent now: within the genesis's bound (72 h and the skew).
    s.0.header.time = NOW - 72 * 3_600_000;
    assert!(run(&w, &s).is_ok());
    s.0.header.time = NOW - 72 * 3_600_000 - 301_000;
    let old = run(&w, &s).unwrap_err();
    assert_eq!(old.field.as_deref(), Some("header.time"));
    assert!(old.message.contains("up to 72 h earlier"), "{}", old.message);
    s.0.header.time = NOW;
    s.0.header.body_len = 70_000;
    assert_eq!(run(&w, &s).unwrap_err().code, "too-large");
}

#[test]
fn a_genesis_needs_every_mediator() {
    let w = world();
    let header = Header {
        v: 1,
        kind: Kind::Genesis,
        deployment: String::new(),
        author: w.tr_admin.public(),
        party: "TR".into(),
        time: NOW,
        refs: vec![],
        visibility: Visibility::Public,
        body_sha256: String::new(),
        body_len: 0,
    };
    let body = serde_json::to_value(&w.dep.genesis).unwrap();
    let signed = Statement::sign(header.clone(), &body, &[&w.tr_admin]).unwrap();
    check_genesis(&signed, &w.dep.genesis).unwrap();
    let by_party = Statement::sign(Header { author: w.pk_admin.public(), ..header }, &body, &[&w.pk_admin]).unwrap();
    assert_eq!(check_genesis(&by_party, &w.dep.genesis).unwrap_err().code, "forbidden");
}
