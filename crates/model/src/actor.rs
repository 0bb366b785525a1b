//! Actors who are not parties: armed groups and others the parties accuse or are accused of
//! hosting. The register starts in the genesis and grows by the mediators' statements. That a
//! party supports or hosts an actor is recorded as what each side says, never as a fact; an
//! incident names the actor alleged to have acted, and the other side can contest it.

use crate::bodies::{check_len, check_name, MAX_NAME_CHARS, MAX_TITLE_CHARS};
use crate::deployment::{Deployment, Names, PartyKind};
use crate::rejection::Rejection;
use serde::{Deserialize, Serialize};

pub const MAX_ALIASES: usize = 20;
pub const MAX_SAID: usize = 20;

/// An actor as ACLED would code it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// A short id, e.g. "ttp".
    pub id: String,
    /// Its name in each language; "en" is the one written to ACLED exports.
    pub name: Names,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// ACLED's actor type (`inter1`/`inter2`): 1 state forces, 2 rebel groups, 3 political
    /// militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
    pub inter: u8,
    /// What each side says of who supports or hosts it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub said: Vec<Said>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Supports,
    Hosts,
    /// The party named denies supporting or hosting it, or denies it is present at all.
    Denies,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Supports => "supports",
            Relation::Hosts => "hosts",
            Relation::Denies => "denies",
        }
    }
}

/// "Party `by` says that party `party` `relation` the actor": a claim, attributed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Said {
    pub by: String,
    pub party: String,
    pub relation: Relation,
    /// Where it was said (a statement, a communiqué).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// ACLED's names of its actor types, by inter code.
pub fn inter_name(inter: u8) -> &'static str {
    match inter {
        1 => "State forces",
        2 => "Rebel group",
        3 => "Political militia",
        4 => "Identity militia",
        5 => "Rioters",
        6 => "Protesters",
        7 => "Civilians",
        8 => "External/Other forces",
        _ => "Unknown",
    }
}

/// ACLED's interaction code: the two inter codes, the smaller first (0 when one side is unknown).
pub fn interaction(a: u8, b: u8) -> u8 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    lo * 10 + hi
}

fn check_id(field: &str, id: &str) -> Result<(), Rejection> {
    let ok = !id.is_empty()
        && id.len() <= 40
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !ok {
        return Err(Rejection::invalid(field, "an id is 1 to 40 lower-case letters, digits, - or _".into()));
    }
    Ok(())
}

/// The checks an actor passes on its own and against the parties (in the genesis or in a
/// mediator's statement).
pub fn check(a: &Actor, field: &str, party_kind: &dyn Fn(&str) -> Option<PartyKind>) -> Result<(), Rejection> {
    check_id(&format!("{field}.id"), &a.id)?;
    if a.name.get("en").is_none_or(|n| n.trim().is_empty()) {
        return Err(Rejection::invalid(&format!("{field}.name"), "an actor has at least an English name".into()));
    }
    for (lang, n) in &a.name {
        check_name(&format!("{field}.name.{lang}"), n)?;
    }
    if a.aliases.len() > MAX_ALIASES {
        return Err(Rejection::too_large(&format!("{field}.aliases"), format!("at most {MAX_ALIASES} aliases")));
    }
    for (i, alias) in a.aliases.iter().enumerate() {
        check_len(&format!("{field}.aliases[{i}]"), alias, MAX_NAME_CHARS)?;
    }
    if !(1..=8).contains(&a.inter) {
        return Err(Rejection::invalid(
            &format!("{field}.inter"),
            format!("{} is not an ACLED actor type; use 1 to 8", a.inter),
        ));
    }
    if a.inter == 1 {
        return Err(Rejection::invalid(
            &format!("{field}.inter"),
            "state forces are the parties themselves, not actors of the register".into(),
        ));
    }
    if a.said.len() > MAX_SAID {
        return Err(Rejection::too_large(&format!("{field}.said"), format!("at most {MAX_SAID} claims")));
    }
    for (i, s) in a.said.iter().enumerate() {
        for (name, p) in [("by", &s.by), ("party", &s.party)] {
            if party_kind(p).is_none() {
                return Err(Rejection::invalid(&format!("{field}.said[{i}].{name}"), format!("unknown party {p:?}")));
            }
        }
        if let Some(src) = &s.source {
            check_len(&format!("{field}.said[{i}].source"), src, MAX_TITLE_CHARS)?;
        }
    }
    Ok(())
}

/// The actor and territory an incident report names, checked against the register and parties.
pub fn check_named(dep: &Deployment, actor: Option<&str>, launched_from: Option<&str>) -> Result<(), Rejection> {
    if let Some(id) = actor {
        if !dep.actors.contains_key(id) {
            let known: Vec<&str> = dep.actors.keys().map(String::as_str).collect();
            return Err(Rejection::invalid(
                "body.actor",
                format!("unknown actor {id:?}; the register holds: {}", known.join(", ")),
            ));
        }
    }
    if let Some(p) = launched_from {
        if dep.party_kind(p) != Some(PartyKind::Party) {
            return Err(Rejection::invalid(
                "body.launched_from",
                format!("{p:?} is not the territory of a party to the ceasefire"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use crate::Kind;
    use serde_json::json;

    fn ttp() -> serde_json::Value {
        json!({"id": "ttp", "name": {"en": "Tehreek-e-Taliban Pakistan", "ur": "تحریک طالبان پاکستان"},
            "aliases": ["TTP"], "inter": 2,
            "said": [{"by": "PK", "party": "AF", "relation": "hosts"}, {"by": "AF", "party": "AF", "relation": "denies"}]})
    }

    #[test]
    fn mediators_register_actors_and_reports_may_name_them() {
        let mut w = world();
        let reg = statement(&w, &w.tr_admin, "TR", Kind::ActorRegister, vec![], ttp());
        accept(&mut w, &reg).unwrap();
        assert_eq!(w.dep.actors["ttp"].said.len(), 2);
        let mut r = report(30.5, 66.5, "west");
        r["actor"] = json!("ttp");
        r["launched_from"] = json!("AF");
        r["accused"] = json!("AF");
        {
            let s = statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], r.clone());
            accept(&mut w, &s)
        }
        .unwrap();
        r["actor"] = json!("bla");
        let e = run(&w, &statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], r.clone())).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("body.actor"));
        assert!(e.message.contains("ttp"), "{}", e.message);
        r["actor"] = json!("ttp");
        r["launched_from"] = json!("TR");
        let e = run(&w, &statement(&w, &w.pk_reporter, "PK", Kind::IncidentReport, vec![], r)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("body.launched_from"));
    }

    #[test]
    fn a_party_cannot_register_an_actor_and_bad_entries_are_refused_by_field() {
        let w = world();
        let s = statement(&w, &w.pk_admin, "PK", Kind::ActorRegister, vec![], ttp());
        assert_eq!(run(&w, &s).unwrap_err().code, "forbidden");
        for (change, field) in [
            (json!({"inter": 9}), "body.inter"),
            (json!({"inter": 1}), "body.inter"),
            (json!({"id": "T T P"}), "body.id"),
            (json!({"name": {"ur": "x"}}), "body.name"),
            (json!({"said": [{"by": "XX", "party": "AF", "relation": "hosts"}]}), "body.said[0].by"),
        ] {
            let mut body = ttp();
            for (k, v) in change.as_object().unwrap() {
                body[k] = v.clone();
            }
            let s = statement(&w, &w.tr_admin, "TR", Kind::ActorRegister, vec![], body);
            assert_eq!(run(&w, &s).unwrap_err().field.as_deref(), Some(field), "{change}");
        }
    }

    #[test]
    fn interaction_codes_put_the_smaller_type_first() {
        assert_eq!(interaction(2, 1), 12);
        assert_eq!(interaction(1, 1), 11);
        assert_eq!(interaction(1, 8), 18);
        assert_eq!(inter_name(2), "Rebel group");
    }
}
