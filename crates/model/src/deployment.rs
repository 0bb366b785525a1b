//! The deployment: who takes part (from the genesis) and which keys speak for whom (from the
//! enrolments and revocations that follow). Keys are valid by log position: from the entry that
//! enrols them up to the entry that revokes them, so no clock needs to be trusted.

use crate::access::Role;
use crate::geo::{self, LonLat};
use crate::investigation::{FindingState, Investigation};
use crate::keys::PublicKey;
use crate::statement::StatementId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A label in several languages, keyed by language code ("en", "ur", "ps", "prs").
pub type Names = BTreeMap<String, String>;

pub fn name_in<'a>(names: &'a Names, lang: &str) -> &'a str {
    names.get(lang).or_else(|| names.get("en")).or_else(|| names.values().next()).map(String::as_str).unwrap_or("")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Party,
    Mediator,
    Observer,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Admin {
    pub key: PublicKey,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: String,
    pub kind: PartyKind,
    pub name: Names,
    #[serde(default)]
    pub admins: Vec<Admin>,
    /// The party's own time, minutes east of UTC (Pakistan 300, Afghanistan 270): the pages show
    /// times in it. A fixed offset: neither state of the first deployment keeps summer time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset_minutes: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sector {
    pub id: String,
    pub name: Names,
    /// A closed ring of [lon, lat].
    pub polygon: Vec<LonLat>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crossing {
    pub id: String,
    pub name: Names,
    pub lat: f64,
    pub lon: f64,
    pub sector: String,
    /// The parties that each control a side of the crossing.
    pub parties: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub name: Names,
    pub lat: f64,
    pub lon: f64,
    pub country: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: String,
    pub text: Names,
    pub owed_by: Vec<String>,
    /// What the clause obliges a party to do, with deliverables and due dates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obligations: Vec<crate::obligation::Obligation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub id: String,
    pub title: Names,
    pub concluded: String,
    pub parties: Vec<String>,
    #[serde(default)]
    pub mediators: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    pub clauses: Vec<Clause>,
    /// What follows a violation of its clauses, if the agreement lays it down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<crate::violation::Procedure>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub response_deadline_hours: u32,
    pub clock_skew_seconds: u32,
    /// How long before it arrives a statement may have been signed: a report signed offline at
    /// a post and sent when the link returns keeps its signed time, within this bound.
    #[serde(default = "default_signed_age_hours")]
    pub max_signed_age_hours: u32,
    pub max_body_bytes: u32,
    /// Points within this distance of the boundary are "on the border".
    pub on_border_km: f64,
    /// Who must concur for a finding to be final.
    #[serde(default)]
    pub finding_rule: crate::investigation::FindingRule,
    /// Hours the team has to sign a finding before it is escalated.
    #[serde(default = "default_signature_hours")]
    pub finding_signature_hours: u32,
    /// Acknowledgement deadlines of the hotline and its check-ins.
    #[serde(default)]
    pub hotline: crate::hotline::HotlineRules,
    /// How close two claims must be to be suggested as one event.
    #[serde(default)]
    pub pairing: crate::event::PairingRules,
}

fn default_signature_hours() -> u32 {
    72
}

fn default_signed_age_hours() -> u32 {
    72
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            response_deadline_hours: 24,
            clock_skew_seconds: 300,
            max_signed_age_hours: default_signed_age_hours(),
            max_body_bytes: 65_536,
            on_border_km: 5.0,
            finding_rule: Default::default(),
            finding_signature_hours: default_signature_hours(),
            hotline: Default::default(),
            pairing: Default::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    pub what: String,
    pub source: String,
    pub licence: String,
}

/// A witness the deployment relies on (C2SP tlog-witness), run by one of the parties.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitnessSpec {
    pub name: String,
    /// Its cosignature key (C2SP vkey, type 0x04).
    pub key: String,
    /// The party that runs it.
    pub party: String,
}

/// k of n: a checkpoint is witnessed when `quorum` of `witnesses` cosigned it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitnessPolicy {
    pub witnesses: Vec<WitnessSpec>,
    pub quorum: u32,
}

/// The genesis body: signed by the mediators' admins, it names everything else.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Genesis {
    pub name: Names,
    /// The log's origin line (C2SP tlog-checkpoint), e.g. "jirga.example/durand-line".
    pub origin: String,
    /// The log's checkpoint key, as a C2SP note verifier key.
    #[serde(default)]
    pub log_key: String,
    pub parties: Vec<Party>,
    pub sectors: Vec<Sector>,
    pub crossings: Vec<Crossing>,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    #[serde(default)]
    pub rules: Rules,
    #[serde(default)]
    pub attribution: Vec<Attribution>,
    #[serde(default)]
    pub witness_policy: WitnessPolicy,
    /// The key the server signs its own statements with: custody events for downloads it served
    /// and escalations of passed deadlines. Without one, it serves no evidence.
    #[serde(default)]
    pub server_key: Option<PublicKey>,
    /// Actors who are not parties (armed groups and others), as first registered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<crate::actor::Actor>,
}

/// The party field of the statements the server signs.
pub const SERVER_PARTY: &str = "server";

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: PublicKey,
    pub party: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// Log index of the entry that enrolled the key (0 for the genesis).
    pub enrolled_at: u64,
    pub revoked_at: Option<u64>,
}

impl Member {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
    pub fn active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// The state every check needs: the genesis and the key history.
#[derive(Clone, Debug)]
pub struct Deployment {
    pub id: StatementId,
    pub genesis: Genesis,
    members: HashMap<PublicKey, Member>,
    pub investigations: HashMap<StatementId, Investigation>,
    pub findings: HashMap<StatementId, FindingState>,
    pub exceptions: HashMap<StatementId, crate::crossing::ExceptionState>,
    pub windows: HashMap<StatementId, crate::window::WindowState>,
    /// Every duty roster in log order: who was on duty where, from when.
    pub rosters: Vec<crate::window::RosterState>,
    /// The event each linked report belongs to (the link's id).
    pub events: HashMap<StatementId, StatementId>,
    /// Reports marked as repeats of their party's earlier ones.
    pub duplicates: std::collections::HashSet<StatementId>,
    pub violations: HashMap<StatementId, crate::violation::ViolationState>,
    /// The actor register: the genesis's, then as the mediators registered them.
    pub actors: BTreeMap<String, crate::actor::Actor>,
    pub obligations: crate::obligation::ObligationState,
}

impl Deployment {
    pub fn new(id: StatementId, genesis: Genesis) -> Deployment {
        let mut members = HashMap::new();
        for party in &genesis.parties {
            for admin in &party.admins {
                members.insert(
                    admin.key,
                    Member {
                        key: admin.key,
                        party: party.id.clone(),
                        name: admin.name.clone(),
                        roles: vec![Role::Admin],
                        enrolled_at: 0,
                        revoked_at: None,
                    },
                );
            }
        }
        let genesis_actors = genesis.actors.iter().map(|a| (a.id.clone(), a.clone())).collect();
        Deployment {
            id,
            genesis,
            members,
            investigations: HashMap::new(),
            findings: HashMap::new(),
            exceptions: HashMap::new(),
            windows: HashMap::new(),
            rosters: vec![],
            events: HashMap::new(),
            duplicates: Default::default(),
            violations: HashMap::new(),
            actors: genesis_actors,
            obligations: Default::default(),
        }
    }

    pub fn member(&self, key: &PublicKey) -> Option<&Member> {
        self.members.get(key)
    }

    pub fn is_server(&self, key: &PublicKey) -> bool {
        self.genesis.server_key.as_ref() == Some(key)
    }

    pub fn members(&self) -> impl Iterator<Item = &Member> {
        self.members.values()
    }

    pub fn party(&self, id: &str) -> Option<&Party> {
        self.genesis.parties.iter().find(|p| p.id == id)
    }

    pub fn party_kind(&self, id: &str) -> Option<PartyKind> {
        self.party(id).map(|p| p.kind)
    }

    pub fn sector(&self, id: &str) -> Option<&Sector> {
        self.genesis.sectors.iter().find(|s| s.id == id)
    }

    pub fn crossing(&self, id: &str) -> Option<&Crossing> {
        self.genesis.crossings.iter().find(|c| c.id == id)
    }

    /// The sector a point falls in, if any.
    pub fn sector_of(&self, p: LonLat) -> Option<&Sector> {
        self.genesis.sectors.iter().find(|s| geo::in_polygon(p, &s.polygon))
    }

    pub fn clause(&self, reference: &str) -> Option<(&Agreement, &Clause)> {
        let (agreement, clause) = reference.split_once('/')?;
        let a = self.genesis.agreements.iter().find(|a| a.id == agreement)?;
        Some((a, a.clauses.iter().find(|c| c.id == clause)?))
    }

    /// Records an enrolment accepted at `index`. A key enrolled again (new roles) keeps one record.
    pub fn enrol(&mut self, key: PublicKey, party: &str, name: &str, roles: Vec<Role>, index: u64) {
        self.members.insert(
            key,
            Member {
                key,
                party: party.to_string(),
                name: name.to_string(),
                roles,
                enrolled_at: index,
                revoked_at: None,
            },
        );
    }

    pub fn revoke(&mut self, key: &PublicKey, index: u64) {
        if let Some(m) = self.members.get_mut(key) {
            m.revoked_at.get_or_insert(index);
        }
    }
}
