//! Joint verification: a mediator opens an investigation on an incident with a team drawn from
//! both parties and the mediators; the team writes notes (and records obstruction); a mediator on
//! the team drafts a finding; each member concurs or dissents. A finding is final when the
//! deployment's rule is met; a dissent never blocks it and always stays beside it.

use crate::bodies::{check_text, Casualties, Text, MAX_TEXT_CHARS, MAX_TITLE_CHARS};
use crate::deployment::{Deployment, Genesis, PartyKind};
use crate::keys::PublicKey;
use crate::rejection::Rejection;
use crate::statement::{Kind, Statement, StatementId};
use crate::validate::Lookup;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MAX_TEAM: usize = 30;
pub const MAX_CITED: usize = 100;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvestigationOpen {
    pub title: Text,
    /// What the team is asked to establish.
    pub mandate: Text,
    pub team: Vec<PublicKey>,
    /// When the finding is due.
    pub due: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Obstruction {
    AccessRefused,
    SiteUnreachable,
    EvidenceWithheld,
    WitnessUnavailable,
    Other,
}

impl Obstruction {
    pub fn as_str(self) -> &'static str {
        match self {
            Obstruction::AccessRefused => "access_refused",
            Obstruction::SiteUnreachable => "site_unreachable",
            Obstruction::EvidenceWithheld => "evidence_withheld",
            Obstruction::WitnessUnavailable => "witness_unavailable",
            Obstruction::Other => "other",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvestigationNote {
    pub text: Text,
    /// Evidence registrations the note draws on.
    #[serde(default)]
    pub evidence: Vec<StatementId>,
    /// Set when the note records that the team was obstructed, and how.
    #[serde(default)]
    pub obstruction: Option<Obstruction>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvestigationClose {
    pub reason: Text,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    Verified,
    PartlyVerified,
    Unsubstantiated,
    Inconclusive,
    NotAttributable,
}

impl Conclusion {
    pub fn as_str(self) -> &'static str {
        match self {
            Conclusion::Verified => "verified",
            Conclusion::PartlyVerified => "partly_verified",
            Conclusion::Unsubstantiated => "unsubstantiated",
            Conclusion::Inconclusive => "inconclusive",
            Conclusion::NotAttributable => "not_attributable",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The breach happened, by this party.
    Verified,
    /// The alleged breach did not happen, or not by this party.
    Rejected,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Rejected => "rejected",
        }
    }
}

/// The finding's word on an alleged breach of an agreement's clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breach {
    /// "agreement/clause".
    pub clause: String,
    pub party: String,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub conclusion: Conclusion,
    /// The party found responsible, when the team could attribute the incident.
    #[serde(default)]
    pub attribution: Option<String>,
    /// Casualties the team confirmed.
    #[serde(default)]
    pub casualties: Casualties,
    pub summary: Text,
    /// Evidence registrations the finding rests on.
    #[serde(default)]
    pub evidence: Vec<StatementId>,
    #[serde(default)]
    pub breaches: Vec<Breach>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    Concur,
    Dissent,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Concur => "concur",
            Stance::Dissent => "dissent",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingSign {
    pub position: Stance,
    /// Required for a dissent: it is shown beside the finding.
    #[serde(default)]
    pub reasons: Option<Text>,
}

/// How many concurring team members make a finding final: at least `mediators` from the
/// mediator parties together and at least `each_party` from every party to the ceasefire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingRule {
    pub mediators: u32,
    pub each_party: u32,
}

impl Default for FindingRule {
    fn default() -> FindingRule {
        FindingRule { mediators: 1, each_party: 1 }
    }
}

/// Is a finding final, given the party of each distinct team member who concurs (its drafter
/// included)?
pub fn is_final(genesis: &Genesis, concurring_parties: &[&str]) -> bool {
    let rule = &genesis.rules.finding_rule;
    let count = |id: &str| concurring_parties.iter().filter(|p| **p == id).count() as u32;
    let mediators: u32 = genesis.parties.iter().filter(|p| p.kind == PartyKind::Mediator).map(|p| count(&p.id)).sum();
    mediators >= rule.mediators
        && genesis.parties.iter().filter(|p| p.kind == PartyKind::Party).all(|p| count(&p.id) >= rule.each_party)
}

/// What the checks remember of an open investigation.
#[derive(Clone, Debug, PartialEq)]
pub struct Investigation {
    /// The report (or version) it was opened on.
    pub subject: StatementId,
    pub team: Vec<PublicKey>,
    pub closed: bool,
}

/// What the checks remember of a finding: who has signed it, so nobody signs twice.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingState {
    pub investigation: StatementId,
    pub conclusion: Conclusion,
    /// The breaches it verified: (agreement/clause, party).
    pub verified: Vec<(String, String)>,
    pub signed: BTreeMap<PublicKey, (String, Stance)>,
}

impl FindingState {
    pub fn concurring_parties(&self) -> Vec<&str> {
        self.signed.values().filter(|(_, p)| *p == Stance::Concur).map(|(party, _)| party.as_str()).collect()
    }
}

fn one_ref(st: &Statement, what: &str) -> Result<StatementId, Rejection> {
    match st.header.refs.as_slice() {
        [one] => Ok(*one),
        _ => Err(Rejection::invalid("header.refs", format!("a {} refers to exactly one {what}", st.header.kind))),
    }
}

fn open_investigation<'a>(dep: &'a Deployment, st: &Statement) -> Result<&'a Investigation, Rejection> {
    let id = one_ref(st, "investigation")?;
    let inv = dep.investigations.get(&id).ok_or_else(|| {
        Rejection::unknown_ref(format!("statement {} is not an investigation in the log", id.short()))
    })?;
    if inv.closed {
        return Err(Rejection::new("conflict", Some("header.refs"), "the investigation is closed".into()));
    }
    Ok(inv)
}

fn on_team(inv: &Investigation, st: &Statement) -> Result<(), Rejection> {
    if !inv.team.contains(&st.header.author) {
        return Err(Rejection::forbidden("only a member of the investigation's team can do this".into()));
    }
    Ok(())
}

pub(crate) fn check_cited(field: &str, ids: &[StatementId], lookup: &dyn Lookup) -> Result<(), Rejection> {
    if ids.len() > MAX_CITED {
        return Err(Rejection::too_large(field, format!("at most {MAX_CITED} items of evidence")));
    }
    for (i, id) in ids.iter().enumerate() {
        match lookup.known(id) {
            Some(k) if k.kind == Kind::EvidenceRegister => {}
            Some(_) => return Err(Rejection::invalid(&format!("{field}[{i}]"), "not an evidence registration".into())),
            None => return Err(Rejection::unknown_ref(format!("evidence {} is not in the log", id.short()))),
        }
    }
    Ok(())
}

pub fn check_open(
    dep: &Deployment,
    st: &Statement,
    o: &InvestigationOpen,
    lookup: &dyn Lookup,
    now_ms: i64,
) -> Result<(), Rejection> {
    let subject = one_ref(st, "incident report")?;
    match lookup.known(&subject) {
        Some(k) if matches!(k.kind, Kind::IncidentReport | Kind::IncidentAmend) => {}
        Some(_) => return Err(Rejection::invalid("header.refs", "an investigation is opened on an incident".into())),
        None => return Err(Rejection::unknown_ref(format!("statement {} is not in the log", subject.short()))),
    }
    check_text("body.title", &o.title, MAX_TITLE_CHARS)?;
    check_text("body.mandate", &o.mandate, MAX_TEXT_CHARS)?;
    if o.due.timestamp_millis() <= now_ms {
        return Err(Rejection::invalid("body.due", "the due date must be in the future".into()));
    }
    if o.team.len() > MAX_TEAM {
        return Err(Rejection::too_large("body.team", format!("at most {MAX_TEAM} members")));
    }
    let mut parties = Vec::new();
    for (i, key) in o.team.iter().enumerate() {
        if o.team[..i].contains(key) {
            return Err(Rejection::invalid("body.team", format!("key {} is named twice", key.fingerprint())));
        }
        let m = dep.member(key).filter(|m| m.active()).ok_or_else(|| {
            Rejection::invalid(&format!("body.team[{i}]"), format!("key {} is not an active member", key.fingerprint()))
        })?;
        parties.push(m.party.as_str());
    }
    for p in &dep.genesis.parties {
        if p.kind == PartyKind::Party && !parties.contains(&p.id.as_str()) {
            return Err(Rejection::invalid("body.team", format!("a joint team needs a member of party {}", p.id)));
        }
    }
    if !parties.iter().any(|p| dep.party_kind(p) == Some(PartyKind::Mediator)) {
        return Err(Rejection::invalid("body.team", "a joint team needs a mediator".into()));
    }
    Ok(())
}

pub fn check_note(
    dep: &Deployment,
    st: &Statement,
    n: &InvestigationNote,
    lookup: &dyn Lookup,
) -> Result<(), Rejection> {
    on_team(open_investigation(dep, st)?, st)?;
    check_text("body.text", &n.text, MAX_TEXT_CHARS)?;
    check_cited("body.evidence", &n.evidence, lookup)
}

pub fn check_close(dep: &Deployment, st: &Statement, c: &InvestigationClose) -> Result<(), Rejection> {
    open_investigation(dep, st)?;
    check_text("body.reason", &c.reason, MAX_TEXT_CHARS)
}

pub fn check_finding(dep: &Deployment, st: &Statement, f: &Finding, lookup: &dyn Lookup) -> Result<(), Rejection> {
    on_team(open_investigation(dep, st)?, st)?;
    check_text("body.summary", &f.summary, MAX_TEXT_CHARS)?;
    f.casualties.check("body.casualties")?;
    let a_party = |field: &str, id: &str| match dep.party_kind(id) {
        Some(PartyKind::Party) => Ok(()),
        Some(_) => Err(Rejection::invalid(field, format!("{id} is not a party to the ceasefire"))),
        None => Err(Rejection::invalid(field, format!("unknown party {id:?}"))),
    };
    match (f.conclusion, &f.attribution) {
        (Conclusion::NotAttributable | Conclusion::Unsubstantiated, Some(_)) => {
            return Err(Rejection::invalid(
                "body.attribution",
                format!("a finding of {} attributes the incident to nobody", f.conclusion.as_str()),
            ))
        }
        (_, Some(p)) => a_party("body.attribution", p)?,
        _ => {}
    }
    check_cited("body.evidence", &f.evidence, lookup)?;
    for (i, b) in f.breaches.iter().enumerate() {
        if dep.clause(&b.clause).is_none() {
            return Err(Rejection::invalid(
                &format!("body.breaches[{i}].clause"),
                format!("unknown clause {:?}; write agreement/clause", b.clause),
            ));
        }
        a_party(&format!("body.breaches[{i}].party"), &b.party)?;
    }
    Ok(())
}

pub fn check_sign(dep: &Deployment, st: &Statement, s: &FindingSign) -> Result<(), Rejection> {
    let id = one_ref(st, "finding")?;
    let finding = dep
        .findings
        .get(&id)
        .ok_or_else(|| Rejection::unknown_ref(format!("statement {} is not a finding in the log", id.short())))?;
    let inv = &dep.investigations[&finding.investigation];
    on_team(inv, st)?;
    if finding.signed.contains_key(&st.header.author) {
        return Err(Rejection::new(
            "conflict",
            Some("header.author"),
            "this member has already signed the finding".into(),
        ));
    }
    check_stance(s, "finding")
}

/// A concurrence may give reasons; a dissent must, for they are shown beside what it dissents from.
pub(crate) fn check_stance(s: &FindingSign, beside: &str) -> Result<(), Rejection> {
    match (&s.position, &s.reasons) {
        (Stance::Dissent, None) => Err(Rejection::invalid(
            "body.reasons",
            format!("a dissent gives its reasons; they are shown beside the {beside}"),
        )),
        (_, Some(r)) => check_text("body.reasons", r, MAX_TEXT_CHARS),
        _ => Ok(()),
    }
}

/// Records an accepted investigation statement in the deployment's state.
pub fn apply(dep: &mut Deployment, st: &Statement, body: &crate::Body) {
    use crate::Body;
    let first = st.header.refs.first().copied();
    match body {
        Body::InvestigationOpen(o) => {
            let subject = first.expect("checked");
            dep.investigations.insert(st.id, Investigation { subject, team: o.team.clone(), closed: false });
        }
        Body::InvestigationClose(_) => {
            if let Some(inv) = first.and_then(|id| dep.investigations.get_mut(&id)) {
                inv.closed = true;
            }
        }
        Body::Finding(f) => {
            let mut signed = BTreeMap::new();
            // Drafting a finding is concurring with it.
            signed.insert(st.header.author, (st.header.party.clone(), Stance::Concur));
            let state = FindingState {
                investigation: first.expect("checked"),
                conclusion: f.conclusion,
                verified: f
                    .breaches
                    .iter()
                    .filter(|b| b.verdict == Verdict::Verified)
                    .map(|b| (b.clause.clone(), b.party.clone()))
                    .collect(),
                signed,
            };
            dep.findings.insert(st.id, state);
        }
        Body::FindingSign(s) => {
            if let Some(f) = first.and_then(|id| dep.findings.get_mut(&id)) {
                f.signed.insert(st.header.author, (st.header.party.clone(), s.position));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use serde_json::{json, Value};

    fn text(s: &str) -> Value {
        json!({"text": s, "lang": "en"})
    }

    /// A report by Pakistan and an investigation on it with a team of all three.
    fn opened(w: &mut World) -> StatementId {
        let r = statement(w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
        let filed = accept(w, &r).unwrap();
        let team = [&w.tr_investigator, &w.pk_investigator, &w.af_investigator].map(|k| k.public());
        let body = json!({"title": text("t"), "mandate": text("m"), "team": team, "due": "2030-01-01T00:00:00Z"});
        let open = statement(w, &w.tr_investigator, "TR", Kind::InvestigationOpen, vec![filed], body);
        accept(w, &open).unwrap()
    }

    fn finding(w: &mut World, investigation: StatementId) -> StatementId {
        let body = json!({
            "conclusion": "verified", "attribution": "AF", "summary": text("s"),
            "breaches": [{"clause": "doha/1", "party": "AF", "verdict": "verified"}]
        });
        let f = statement(w, &w.tr_investigator, "TR", Kind::Finding, vec![investigation], body);
        accept(w, &f).unwrap()
    }

    fn sign(
        w: &World,
        key: &crate::SecretKey,
        party: &str,
        finding: StatementId,
        body: Value,
    ) -> Result<(), Rejection> {
        run(w, &statement(w, key, party, Kind::FindingSign, vec![finding], body))
    }

    #[test]
    fn a_joint_team_needs_both_parties_and_a_mediator() {
        let mut w = world();
        let r = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
        let filed = accept(&mut w, &r).unwrap();
        let open = |w: &World, team: Vec<crate::PublicKey>| {
            let body = json!({"title": text("t"), "mandate": text("m"), "team": team, "due": "2030-01-01T00:00:00Z"});
            run(w, &statement(w, &w.tr_investigator, "TR", Kind::InvestigationOpen, vec![filed], body))
        };
        let (tr, pk, af) = (w.tr_investigator.public(), w.pk_investigator.public(), w.af_investigator.public());
        open(&w, vec![tr, pk, af]).unwrap();
        assert!(open(&w, vec![tr, pk]).unwrap_err().message.contains("party AF"));
        assert!(open(&w, vec![pk, af]).unwrap_err().message.contains("mediator"));
        assert!(open(&w, vec![tr, pk, af, pk]).unwrap_err().message.contains("twice"));
        // A party cannot open one, even with the investigator role.
        let body =
            json!({"title": text("t"), "mandate": text("m"), "team": [tr, pk, af], "due": "2030-01-01T00:00:00Z"});
        let s = statement(&w, &w.pk_investigator, "PK", Kind::InvestigationOpen, vec![filed], body);
        assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
    }

    #[test]
    fn only_the_team_signs_once_and_a_dissent_gives_reasons() {
        let mut w = world();
        let inv = opened(&mut w);
        let f = finding(&mut w, inv);
        let concur = json!({"position": "concur"});
        sign(&w, &w.pk_investigator, "PK", f, concur.clone()).unwrap();
        assert_eq!(sign(&w, &w.pk_reporter, "PK", f, concur.clone()).unwrap_err().code, "forbidden");
        let dissent = json!({"position": "dissent"});
        assert_eq!(sign(&w, &w.af_investigator, "AF", f, dissent).unwrap_err().field.as_deref(), Some("body.reasons"));
        // The drafter has concurred by drafting.
        assert_eq!(sign(&w, &w.tr_investigator, "TR", f, concur).unwrap_err().code, "conflict");
    }

    #[test]
    fn a_finding_is_final_when_the_rule_is_met_and_a_dissent_does_not_count() {
        let mut w = world();
        let inv = opened(&mut w);
        let f = finding(&mut w, inv);
        let parties =
            |w: &World| w.dep.findings[&f].concurring_parties().into_iter().map(String::from).collect::<Vec<_>>();
        let is_final_now =
            |w: &World| is_final(&w.dep.genesis, &parties(w).iter().map(String::as_str).collect::<Vec<_>>());
        assert!(!is_final_now(&w), "the mediator alone");
        let s = statement(&w, &w.pk_investigator, "PK", Kind::FindingSign, vec![f], json!({"position": "concur"}));
        accept(&mut w, &s).unwrap();
        assert!(!is_final_now(&w), "no one from AF yet");
        let reasons = json!({"position": "dissent", "reasons": text("the crater analysis is disputed")});
        let s = statement(&w, &w.af_investigator, "AF", Kind::FindingSign, vec![f], reasons);
        accept(&mut w, &s).unwrap();
        assert!(!is_final_now(&w), "a dissent is not a concurrence");
        let mut rule_of_two = w.dep.genesis.clone();
        rule_of_two.rules.finding_rule = FindingRule { mediators: 1, each_party: 0 };
        assert!(is_final(&rule_of_two, &parties(&w).iter().map(String::as_str).collect::<Vec<_>>()));
    }

    #[test]
    fn findings_name_real_parties_and_clauses_and_a_closed_investigation_takes_no_more() {
        let mut w = world();
        let inv = opened(&mut w);
        let bad = json!({"conclusion": "not_attributable", "attribution": "AF", "summary": text("s")});
        let s = statement(&w, &w.tr_investigator, "TR", Kind::Finding, vec![inv], bad);
        assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.attribution"));
        let bad = json!({"conclusion": "verified", "summary": text("s"),
            "breaches": [{"clause": "doha/9", "party": "AF", "verdict": "verified"}]});
        let s = statement(&w, &w.tr_investigator, "TR", Kind::Finding, vec![inv], bad);
        assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.breaches[0].clause"));
        let note = json!({"text": text("the site was closed to us"), "obstruction": "access_refused"});
        let n = statement(&w, &w.af_investigator, "AF", Kind::InvestigationNote, vec![inv], note.clone());
        accept(&mut w, &n).unwrap();
        let c = statement(
            &w,
            &w.tr_investigator,
            "TR",
            Kind::InvestigationClose,
            vec![inv],
            json!({"reason": text("done")}),
        );
        accept(&mut w, &c).unwrap();
        let n = statement(&w, &w.pk_investigator, "PK", Kind::InvestigationNote, vec![inv], note);
        assert_eq!(run(&w, &n).unwrap_err().code, "conflict");
    }

    #[test]
    fn the_server_speaks_only_of_custody_and_deadlines() {
        let mut w = world();
        let r = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
        let filed = accept(&mut w, &r).unwrap();
        let due = json!({"overdue": "response", "due": "2025-11-01T00:00:00Z", "text": text("no answer")});
        let s = statement(&w, &w.server, "server", Kind::Escalation, vec![filed], due.clone());
        accept(&mut w, &s).unwrap();
        let s = statement(&w, &w.server, "PK", Kind::Escalation, vec![filed], due.clone());
        assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
        let s = statement(&w, &w.server, "server", Kind::IncidentReport, vec![], report(30.5, 66.5, "west"));
        assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
        let s = statement(&w, &w.tr_admin, "TR", Kind::Escalation, vec![filed], due);
        assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
        let early = json!({"overdue": "response", "due": "2030-01-01T00:00:00Z", "text": text("no answer")});
        let s = statement(&w, &w.server, "server", Kind::Escalation, vec![filed], early);
        assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.due"));
    }

    #[test]
    fn custody_downloads_are_the_servers_and_hand_overs_the_holders() {
        let mut w = world();
        let file = json!({"sha256": "ab".repeat(32), "size": 10, "media_type": "image/png", "source": "camera"});
        let reg = statement(&w, &w.pk_reporter, "PK", Kind::EvidenceRegister, vec![], file);
        let reg = accept(&mut w, &reg).unwrap();
        let download = json!({"action": "download", "member": w.af_liaison.public(), "party": "AF"});
        run(&w, &statement(&w, &w.server, "server", Kind::Custody, vec![reg], download.clone())).unwrap();
        let s = statement(&w, &w.af_liaison, "AF", Kind::Custody, vec![reg], download);
        assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
        let lie = json!({"action": "download", "member": w.af_liaison.public(), "party": "PK"});
        let s = statement(&w, &w.server, "server", Kind::Custody, vec![reg], lie);
        assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some("body.party"));
        let handover = json!({"action": "transfer", "member": w.pk_reporter.public(), "party": "PK", "to": "TR lab"});
        run(&w, &statement(&w, &w.pk_reporter, "PK", Kind::Custody, vec![reg], handover)).unwrap();
    }
}
