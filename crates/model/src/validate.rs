//! May this statement enter the log now? Every rule that needs the deployment's state: the author's
//! key and party, the role, references, the area, the clock. The sequencer calls [`check`] for each
//! statement in log order and then [`apply`] for the accepted ones; an auditor replaying the log
//! does the same and must reach the same answers.

use crate::access::{self, Role};
use crate::bodies::{Body, IncidentReport};
use crate::deployment::{Deployment, Genesis, PartyKind, SERVER_PARTY};
use crate::geo::{self, LonLat};
use crate::rejection::Rejection;
use crate::statement::{Kind, Statement, StatementId};
use crate::{crossing, deadlines, event, evidence, hotline, investigation, obligation, violation, window};

/// What the checks need to know about a statement already in the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Known {
    pub kind: Kind,
    pub party: String,
    pub author: crate::keys::PublicKey,
    /// For reports and amendments: the id of the original report (the incident's id).
    pub incident: Option<StatementId>,
    /// For hotline messages: the parties addressed.
    pub addressed: Vec<String>,
    /// For hotline messages: someone addressed has acknowledged it.
    pub acknowledged: bool,
    /// Who may read it (a translation reaches no further).
    pub visibility: crate::statement::Visibility,
}

impl Known {
    pub fn of(st: &Statement) -> Known {
        let incident = match st.header.kind {
            Kind::IncidentReport => Some(st.id),
            _ => None,
        };
        Known {
            kind: st.header.kind,
            party: st.header.party.clone(),
            author: st.header.author,
            incident,
            addressed: vec![],
            acknowledged: false,
            visibility: st.header.visibility,
        }
    }
}

/// Looks statements up by id: the store, plus what is already accepted in the current batch.
pub trait Lookup {
    fn known(&self, id: &StatementId) -> Option<Known>;
}

impl<F: Fn(&StatementId) -> Option<Known>> Lookup for F {
    fn known(&self, id: &StatementId) -> Option<Known> {
        self(id)
    }
}

/// A genesis is valid when every party is well formed and each mediator party's admins signed it.
pub fn check_genesis(st: &Statement, genesis: &Genesis) -> Result<(), Rejection> {
    if st.header.kind != Kind::Genesis || !st.header.deployment.is_empty() || !st.header.refs.is_empty() {
        return Err(Rejection::invalid("header", "a genesis has kind genesis, no deployment and no refs".into()));
    }
    let mut ids = std::collections::HashSet::new();
    for p in &genesis.parties {
        if !ids.insert(p.id.as_str()) {
            return Err(Rejection::invalid("body.parties", format!("party {} is listed twice", p.id)));
        }
        if p.kind != PartyKind::Observer && p.admins.is_empty() {
            return Err(Rejection::invalid("body.parties", format!("party {} has no admin key", p.id)));
        }
        // UTC-12:00 to UTC+14:00 are the offsets in use on Earth.
        if p.utc_offset_minutes.is_some_and(|m| !(-720..=840).contains(&m)) {
            return Err(Rejection::invalid(
                "body.parties",
                format!("party {}: a UTC offset lies between -720 and 840 minutes", p.id),
            ));
        }
    }
    for s in &genesis.sectors {
        if s.polygon.len() < 4 || s.polygon.first() != s.polygon.last() {
            return Err(Rejection::invalid("body.sectors", format!("sector {} needs a closed ring", s.id)));
        }
    }
    for c in &genesis.crossings {
        if genesis.sectors.iter().all(|s| s.id != c.sector) {
            return Err(Rejection::invalid(
                "body.crossings",
                format!("crossing {} names unknown sector {}", c.id, c.sector),
            ));
        }
    }
    let policy = &genesis.witness_policy;
    if policy.quorum as usize > policy.witnesses.len() {
        return Err(Rejection::invalid(
            "body.witness_policy",
            "the quorum is larger than the number of witnesses".into(),
        ));
    }
    for w in &policy.witnesses {
        if genesis.parties.iter().all(|p| p.id != w.party) {
            return Err(Rejection::invalid(
                "body.witness_policy",
                format!("witness {} names unknown party {}", w.name, w.party),
            ));
        }
    }
    crate::violation::check_procedures(genesis)?;
    let party_kind = |id: &str| genesis.parties.iter().find(|p| p.id == id).map(|p| p.kind);
    crate::obligation::check_genesis(&genesis.agreements, &party_kind)?;
    for (i, a) in genesis.actors.iter().enumerate() {
        crate::actor::check(a, &format!("body.actors[{i}]"), &party_kind)?;
        if genesis.actors[..i].iter().any(|x| x.id == a.id) {
            return Err(Rejection::invalid("body.actors", format!("actor {} is listed twice", a.id)));
        }
    }
    if let Some(server) = &genesis.server_key {
        if genesis.parties.iter().any(|p| p.admins.iter().any(|a| a.key == *server)) {
            return Err(Rejection::invalid("body.server_key", "the server's key cannot also be an admin's".into()));
        }
    }
    let signers: Vec<_> = st.signatures.iter().map(|s| s.key).collect();
    let mediators: Vec<_> = genesis.parties.iter().filter(|p| p.kind == PartyKind::Mediator).collect();
    if mediators.is_empty() {
        return Err(Rejection::invalid("body.parties", "a deployment needs at least one mediator".into()));
    }
    for m in &mediators {
        if !m.admins.iter().any(|a| signers.contains(&a.key)) {
            return Err(Rejection::forbidden(format!("the genesis must be signed by an admin of mediator {}", m.id)));
        }
    }
    let author_is_mediator = mediators.iter().any(|m| m.admins.iter().any(|a| a.key == st.header.author));
    if !author_is_mediator || st.signatures.first().map(|s| s.key) != Some(st.header.author) {
        return Err(Rejection::forbidden("the genesis author must be a mediator admin and sign first".into()));
    }
    for s in &st.signatures {
        if !mediators.iter().any(|m| m.admins.iter().any(|a| a.key == s.key)) {
            return Err(Rejection::forbidden(format!("key {} is not a mediator admin", s.key.fingerprint())));
        }
    }
    Ok(())
}

/// The rules a header alone must meet at this point of the log: the key enrolled and not revoked,
/// its party, its role, the clock, the visibility and the size. Auditors, who may not read the
/// bodies, check every entry with this.
pub fn check_header(
    dep: &Deployment,
    h: &crate::statement::Header,
    signatures: &[crate::statement::Signature],
    now_ms: i64,
) -> Result<(), Rejection> {
    let rules = &dep.genesis.rules;
    if h.v != 1 {
        return Err(Rejection::invalid(
            "header.v",
            format!("statement format version {} is not supported; use 1", h.v),
        ));
    }
    if h.kind == Kind::Genesis {
        return Err(Rejection::new("conflict", Some("header.kind"), "this deployment already has its genesis".into()));
    }
    if h.deployment != dep.id.hex() {
        return Err(Rejection::invalid("header.deployment", "the statement is for another deployment".into()));
    }
    if signatures.len() != 1 || signatures[0].key != h.author {
        return Err(Rejection::bad_signature("a statement carries exactly one signature, by its author".into()));
    }
    if dep.is_server(&h.author) {
        check_server_header(h)?;
    } else {
        check_member_header(dep, h)?;
    }
    let skew_ms = i64::from(rules.clock_skew_seconds) * 1000;
    if h.time > now_ms + skew_ms {
        return Err(Rejection::invalid(
            "header.time",
            format!("signed {} s in the future; check the device's clock", (h.time - now_ms) / 1000),
        ));
    }
    let max_age_ms = i64::from(rules.max_signed_age_hours) * 3_600_000;
    if h.time < now_ms - max_age_ms - skew_ms {
        return Err(Rejection::invalid(
            "header.time",
            format!(
                "signed {} h before it arrived; this deployment accepts statements signed up to {} h earlier",
                (now_ms - h.time) / 3_600_000,
                rules.max_signed_age_hours
            ),
        ));
    }
    if !access::allowed_visibilities(h.kind).contains(&h.visibility) {
        return Err(Rejection::invalid(
            "header.visibility",
            format!("a {} statement cannot be {}", h.kind, h.visibility.as_str()),
        ));
    }
    if h.body_len > u64::from(rules.max_body_bytes) {
        return Err(Rejection::too_large(
            "body",
            format!("the body is {} bytes; this deployment allows {}", h.body_len, rules.max_body_bytes),
        ));
    }
    if h.refs.len() > crate::statement::MAX_REFS {
        return Err(Rejection::too_large("header.refs", format!("at most {} refs", crate::statement::MAX_REFS)));
    }
    Ok(())
}

/// The server speaks for no party and only about what it saw or computed.
fn check_server_header(h: &crate::statement::Header) -> Result<(), Rejection> {
    if !h.kind.server_may_sign() {
        return Err(Rejection::forbidden(format!("the server's key cannot make a {} statement", h.kind)));
    }
    if h.party != SERVER_PARTY {
        return Err(Rejection::forbidden(format!("the server's statements are made as party {SERVER_PARTY:?}")));
    }
    Ok(())
}

fn check_member_header(dep: &Deployment, h: &crate::statement::Header) -> Result<(), Rejection> {
    let member = dep.member(&h.author).ok_or_else(|| {
        Rejection::not_enrolled(format!("key {} is not enrolled in this deployment", h.author.fingerprint()))
    })?;
    if let Some(at) = member.revoked_at {
        return Err(Rejection::new(
            "revoked",
            Some("header.author"),
            format!("key {} was revoked at log entry {at}; it can no longer sign", h.author.fingerprint()),
        ));
    }
    if member.party != h.party {
        return Err(Rejection::forbidden(format!(
            "key {} is enrolled in party {}; it cannot speak for party {}",
            h.author.fingerprint(),
            member.party,
            h.party
        )));
    }
    let party_kind = dep.party_kind(&h.party).expect("members belong to genesis parties");
    let (roles, kinds) = access::requirement(h.kind);
    if !kinds.contains(&party_kind) {
        return Err(Rejection::forbidden(format!("a {party_kind:?} party cannot make a {} statement", h.kind)));
    }
    if !roles.is_empty() && !roles.iter().any(|r| member.has(*r)) {
        let names = |rs: &mut dyn Iterator<Item = &Role>| rs.map(|r| r.as_str()).collect::<Vec<_>>().join(" or ");
        return Err(Rejection::forbidden(format!(
            "a {} statement needs the {} role; this key has {}",
            h.kind,
            names(&mut roles.iter()),
            member.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        )));
    }
    Ok(())
}

/// Checks a (signature-verified) statement against the deployment at this point of the log.
pub fn check(dep: &Deployment, st: &Statement, body: &Body, lookup: &dyn Lookup, now_ms: i64) -> Result<(), Rejection> {
    check_header(dep, &st.header, &st.signatures, now_ms)?;
    let skew_ms = i64::from(dep.genesis.rules.clock_skew_seconds) * 1000;
    check_refs(st, lookup)?;
    check_body(dep, st, body, lookup, now_ms, now_ms + skew_ms)
}

pub(crate) fn refs_exactly_one(st: &Statement) -> Result<StatementId, Rejection> {
    match st.header.refs.as_slice() {
        [one] => Ok(*one),
        _ => Err(Rejection::invalid("header.refs", format!("a {} refers to exactly one statement", st.header.kind))),
    }
}

fn check_refs(st: &Statement, lookup: &dyn Lookup) -> Result<(), Rejection> {
    let h = &st.header;
    let get = |id: &StatementId| {
        lookup.known(id).ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not in the log", id.short())))
    };
    match h.kind {
        Kind::IncidentAmend => {
            let prev = get(&refs_exactly_one(st)?)?;
            if !matches!(prev.kind, Kind::IncidentReport | Kind::IncidentAmend) {
                return Err(Rejection::invalid(
                    "header.refs",
                    "an amendment refers to a report or an amendment".into(),
                ));
            }
            if prev.author != h.author {
                return Err(Rejection::forbidden("only the reporter who filed a report can amend it".into()));
            }
        }
        Kind::Response => {
            let incident = get(&refs_exactly_one(st)?)?;
            if !matches!(incident.kind, Kind::IncidentReport | Kind::IncidentAmend) {
                return Err(Rejection::invalid("header.refs", "a response refers to an incident report".into()));
            }
            if incident.party == h.party {
                return Err(Rejection::forbidden("a party cannot respond to its own report; amend it instead".into()));
            }
        }
        Kind::PublicStatement => {
            for id in &h.refs {
                let about = get(id)?;
                if !matches!(about.kind, Kind::IncidentReport | Kind::IncidentAmend) {
                    return Err(Rejection::invalid("header.refs", "a public statement refers to incidents".into()));
                }
            }
        }
        // These check their references with their bodies.
        Kind::CrossingStatus
        | Kind::CrossingException
        | Kind::CrossingPassage
        | Kind::WindowAck
        | Kind::WindowSignal
        | Kind::EventLink
        | Kind::IncidentDuplicate
        | Kind::ViolationReport
        | Kind::ViolationEndorse
        | Kind::ViolationReply
        | Kind::ViolationDecision
        | Kind::ViolationFollowUp
        | Kind::EvidenceRegister
        | Kind::Custody
        | Kind::InvestigationOpen
        | Kind::InvestigationNote
        | Kind::InvestigationClose
        | Kind::Finding
        | Kind::FindingSign
        | Kind::Escalation
        | Kind::HotlineMessage
        | Kind::HotlineAck
        | Kind::DutyRoster
        | Kind::PerformanceAnswer
        | Kind::VisitAccess
        | Kind::OutcomeSign
        | Kind::VerificationVisit
        | Kind::DeliverableOutcome
        | Kind::Translation
        | Kind::TranslationDispute => {}
        _ => {
            if !h.refs.is_empty() {
                return Err(Rejection::invalid("header.refs", format!("a {} refers to no statement", h.kind)));
            }
        }
    }
    Ok(())
}

fn check_body(
    dep: &Deployment,
    st: &Statement,
    body: &Body,
    lookup: &dyn Lookup,
    now_ms: i64,
    latest_ms: i64,
) -> Result<(), Rejection> {
    let h = &st.header;
    match body {
        Body::Genesis(_) => unreachable!("genesis is refused earlier"),
        Body::EvidenceRegister(e) => evidence::check_register(st, e, lookup, latest_ms),
        Body::Custody(c) => evidence::check_custody(dep, st, c, lookup, dep.is_server(&h.author)),
        Body::InvestigationOpen(o) => investigation::check_open(dep, st, o, lookup, now_ms),
        Body::InvestigationNote(n) => investigation::check_note(dep, st, n, lookup),
        Body::InvestigationClose(c) => investigation::check_close(dep, st, c),
        Body::Finding(f) => investigation::check_finding(dep, st, f, lookup),
        Body::FindingSign(f) => investigation::check_sign(dep, st, f),
        Body::Escalation(e) => deadlines::check_escalation(st, e, lookup, now_ms),
        Body::HotlineMessage(m) => hotline::check_message(dep, st, m, latest_ms),
        Body::HotlineAck(a) => {
            let addressed = st.header.refs.first().and_then(|id| lookup.known(id)).map(|k| k.addressed);
            hotline::check_ack(st, a, lookup, &addressed.unwrap_or_default())
        }
        Body::DutyRoster(r) => hotline::check_roster(dep, st, r),
        Body::MemberEnrol(e) if dep.is_server(&e.key) => {
            Err(Rejection::invalid("body.key", "the server's key cannot be enrolled as a member".into()))
        }
        Body::MemberEnrol(e) => {
            if let Some(m) = dep.member(&e.key) {
                if m.active() && m.party != h.party {
                    return Err(Rejection::forbidden(format!(
                        "key {} is enrolled in party {}",
                        e.key.fingerprint(),
                        m.party
                    )));
                }
                if m.revoked_at.is_some() {
                    return Err(Rejection::invalid(
                        "body.key",
                        "a revoked key cannot be enrolled again; make a new key".into(),
                    ));
                }
            }
            Ok(())
        }
        Body::MemberRevoke(r) => {
            let target = dep.member(&r.key).ok_or_else(|| {
                Rejection::invalid("body.key", format!("key {} is not enrolled", r.key.fingerprint()))
            })?;
            if target.revoked_at.is_some() {
                return Err(Rejection::new("conflict", Some("body.key"), "the key is already revoked".into()));
            }
            let own_key = r.key == h.author;
            let admin_of_party = target.party == h.party && dep.member(&h.author).is_some_and(|m| m.has(Role::Admin));
            if !own_key && !admin_of_party {
                return Err(Rejection::forbidden(
                    "only an admin of the key's party, or its holder, can revoke it".into(),
                ));
            }
            Ok(())
        }
        // An amendment's reporter is checked in check_refs; the same key means the same party.
        Body::IncidentReport(r) | Body::IncidentAmend(r) => check_incident(dep, r, latest_ms),
        Body::ActorRegister(a) => crate::actor::check(a, "body", &|p: &str| dep.party_kind(p)),
        Body::PerformanceReport(r) => obligation::check_report(dep, st, r, lookup),
        Body::PerformanceAnswer(a) => obligation::check_answer(dep, st, a),
        Body::VerificationVisit(v) => obligation::check_visit(dep, v),
        Body::VisitAccess(a) => obligation::check_access(dep, st, a),
        Body::DeliverableOutcome(o) => obligation::check_outcome(dep, o),
        Body::OutcomeSign(s) => obligation::check_sign(dep, st, s),
        Body::Translation(t) => crate::translation::check(dep, st, t, lookup),
        Body::TranslationDispute(d) => crate::translation::check_dispute(st, d, lookup),
        Body::Response(_) => Ok(()),
        Body::CrossingStatus(c) => crossing::check_status(dep, st, c, lookup, latest_ms),
        Body::CrossingException(x) => crossing::check_exception(dep, st, x, lookup),
        Body::CrossingPassage(p) => crossing::check_passage(dep, st, p, latest_ms),
        Body::CrossingFigure(f) => crossing::check_figure(dep, f, latest_ms),
        Body::WindowRequest(w) => window::check_request(dep, w, now_ms),
        Body::WindowAck(a) => window::check_ack(dep, st, a, now_ms),
        Body::WindowSignal(s) => window::check_signal(dep, st, s, now_ms),
        Body::EventLink(l) => event::check_link(dep, st, l, lookup),
        Body::Duplicate(d) => event::check_duplicate(dep, st, d, lookup),
        Body::ViolationReport(r) => violation::check_report(dep, st, r),
        Body::ViolationEndorse(e) => violation::check_endorse(dep, st, e),
        Body::ViolationReply(r) => violation::check_reply(dep, st, r, now_ms),
        Body::ViolationDecision(d) => violation::check_decision(dep, st, d),
        Body::ViolationFollowUp(f) => violation::check_follow_up(dep, st, f),
        Body::PublicStatement(p) => {
            if p.published.timestamp_millis() > latest_ms {
                return Err(Rejection::invalid("body.published", "cannot be in the future".into()));
            }
            Ok(())
        }
    }
}

fn check_incident(dep: &Deployment, r: &IncidentReport, latest_ms: i64) -> Result<(), Rejection> {
    let l = &r.location;
    let sector = dep.sector(&l.sector).ok_or_else(|| {
        let known: Vec<&str> = dep.genesis.sectors.iter().map(|s| s.id.as_str()).collect();
        Rejection::invalid(
            "body.location.sector",
            format!("unknown sector {:?}; known: {}", l.sector, known.join(", ")),
        )
    })?;
    let point = LonLat(l.lon, l.lat);
    let Some(actual) = dep.sector_of(point) else {
        return Err(Rejection::invalid(
            "body.location",
            format!("{:.5}, {:.5} is outside the area this deployment monitors", l.lat, l.lon),
        ));
    };
    // Sectors meet at lines on a map; a point near such a line with a coarse precision may
    // honestly be filed under the neighbouring sector.
    if actual.id != sector.id {
        let tolerance = f64::from(l.precision_m).max(5_000.0);
        if geo::distance_to_polygon_m(point, &sector.polygon) > tolerance {
            return Err(Rejection::invalid(
                "body.location.sector",
                format!("{:.5}, {:.5} lies in sector {}, not {}", l.lat, l.lon, actual.id, sector.id),
            ));
        }
    }
    if r.occurred.start.timestamp_millis() > latest_ms
        || r.occurred.end.is_some_and(|e| e.timestamp_millis() > latest_ms)
    {
        return Err(Rejection::invalid("body.occurred", "an incident cannot be reported before it happens".into()));
    }
    if let Some(accused) = &r.accused {
        match dep.party_kind(accused) {
            Some(PartyKind::Party) => {}
            Some(_) => {
                return Err(Rejection::invalid("body.accused", format!("{accused} is not a party to the ceasefire")))
            }
            None => return Err(Rejection::invalid("body.accused", format!("unknown party {accused:?}"))),
        }
    }
    crate::actor::check_named(dep, r.actor.as_deref(), r.launched_from.as_deref())?;
    for (i, c) in r.clauses.iter().enumerate() {
        if dep.clause(c).is_none() {
            return Err(Rejection::invalid(
                &format!("body.clauses[{i}]"),
                format!("unknown clause {c:?}; write agreement/clause"),
            ));
        }
    }
    Ok(())
}

/// Updates the deployment after a statement is accepted at log index `index`.
pub fn apply(dep: &mut Deployment, st: &Statement, body: &Body, index: u64) {
    match body {
        Body::MemberEnrol(e) => dep.enrol(e.key, &st.header.party, &e.name, e.roles.clone(), index),
        Body::MemberRevoke(r) => dep.revoke(&r.key, index),
        Body::CrossingException(_) | Body::CrossingPassage(_) => crossing::apply(dep, st, body),
        Body::EventLink(_) | Body::Duplicate(_) => event::apply(dep, st, body),
        Body::ViolationReport(_)
        | Body::ViolationEndorse(_)
        | Body::ViolationReply(_)
        | Body::ViolationDecision(_)
        | Body::ViolationFollowUp(_) => violation::apply(dep, st, body),
        Body::WindowRequest(_) | Body::WindowAck(_) | Body::WindowSignal(_) | Body::DutyRoster(_) => {
            window::apply(dep, st, body)
        }
        Body::ActorRegister(a) => {
            dep.actors.insert(a.id.clone(), a.as_ref().clone());
        }
        Body::PerformanceReport(_)
        | Body::VerificationVisit(_)
        | Body::VisitAccess(_)
        | Body::DeliverableOutcome(_)
        | Body::OutcomeSign(_) => obligation::apply(dep, st, body),
        _ => investigation::apply(dep, st, body),
    }
}

#[cfg(test)]
mod tests;
