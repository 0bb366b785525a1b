//! Generated statements for the benchmarks: incident reports by the scenario's reporters, at
//! points inside their sectors, and answers by the other side's liaisons; seeded, so two runs
//! load the same data.

use anyhow::{bail, Result};
use jirga::scenario::{demo_key, Scenario};
use model::deployment::Deployment;
use model::geo::LonLat;
use model::statement::{Header, Kind, Visibility};
use model::{SecretKey, Statement, StatementId};
use rand::rngs::StdRng;
use rand::Rng;
use serde_json::{json, Value};

pub(crate) struct Reporter {
    pub key: usize,
    pub party: String,
}

pub(crate) struct ReportGen {
    pub deployment: String,
    /// Every demo member key by index; reporters and liaisons index into it.
    pub keys: Vec<SecretKey>,
    pub reporters: Vec<Reporter>,
    /// The liaison of each party (party, key index).
    pub liaisons: Vec<(String, usize)>,
    /// Sectors with points that the deployment places inside them, and their bounding boxes.
    pub sectors: Vec<SectorPoints>,
    pub seed: u64,
}

pub(crate) struct SectorPoints {
    pub id: String,
    pub points: Vec<(f64, f64)>,
    /// min lon, min lat, max lon, max lat.
    pub bbox: [f64; 4],
}

const NARRATIVE: &str = "Fire from across the line was reported against a border post at dusk; the post returned fire. \
     The exchange lasted about forty minutes. No one crossed the line. The reporting officer relays the post commander's account \
     and asks the other side to confirm whether its units were engaged, and the mediators to note the incident for the next joint meeting.";

fn round5(x: f64) -> f64 {
    (x * 100_000.0).round() / 100_000.0
}

pub(crate) fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

impl ReportGen {
    pub(super) fn new(scenario: &Scenario, dep: &Deployment, seed: u64) -> Result<ReportGen> {
        use rand::SeedableRng;
        let mut keys = Vec::new();
        let mut reporters = Vec::new();
        let mut liaisons = Vec::new();
        for m in &scenario.members {
            let key = demo_key(&m.handle);
            let public = key.public();
            let Some(member) = dep.member(&public) else { continue };
            let party_kind = dep.party_kind(&member.party);
            if party_kind != Some(model::PartyKind::Party) {
                continue;
            }
            if member.has(model::Role::Reporter) {
                reporters.push(Reporter { key: keys.len(), party: member.party.clone() });
            }
            if member.has(model::Role::Liaison) {
                liaisons.push((member.party.clone(), keys.len()));
            }
            keys.push(key);
        }
        if reporters.is_empty() {
            bail!("the scenario enrols no reporter of a party");
        }
        let mut rng = StdRng::seed_from_u64(seed);
        let mut sectors = Vec::new();
        for s in &dep.genesis.sectors {
            let (mut min_lon, mut min_lat, mut max_lon, mut max_lat) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for LonLat(lon, lat) in &s.polygon {
                min_lon = min_lon.min(*lon);
                max_lon = max_lon.max(*lon);
                min_lat = min_lat.min(*lat);
                max_lat = max_lat.max(*lat);
            }
            let mut points = Vec::new();
            let mut tries = 0;
            while points.len() < 1000 && tries < 1_000_000 {
                tries += 1;
                let p = (round5(rng.gen_range(min_lon..max_lon)), round5(rng.gen_range(min_lat..max_lat)));
                if dep.sector_of(LonLat(p.0, p.1)).is_some_and(|found| found.id == s.id) {
                    points.push(p);
                }
            }
            if points.is_empty() {
                bail!("found no point inside sector {}", s.id);
            }
            sectors.push(SectorPoints { id: s.id.clone(), points, bbox: [min_lon, min_lat, max_lon, max_lat] });
        }
        Ok(ReportGen { deployment: dep.id.hex(), keys, reporters, liaisons, sectors, seed })
    }

    pub fn rng(&self, stream: u64) -> StdRng {
        use rand::SeedableRng;
        StdRng::seed_from_u64(self.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(stream))
    }

    fn header(
        &self,
        kind: Kind,
        key: usize,
        party: &str,
        time: i64,
        refs: Vec<StatementId>,
        visibility: Visibility,
    ) -> Header {
        Header {
            v: 1,
            kind,
            deployment: self.deployment.clone(),
            author: self.keys[key].public(),
            party: party.to_string(),
            time,
            refs,
            visibility,
            body_sha256: String::new(),
            body_len: 0,
        }
    }

    /// An incident report, unsigned: (signing key index, header, body). Number `n` makes it unique.
    pub fn report(&self, rng: &mut StdRng, n: u64, occurred_ms: i64, signed_ms: i64) -> (usize, Header, Value) {
        let reporter = &self.reporters[rng.gen_range(0..self.reporters.len())];
        let sector = &self.sectors[rng.gen_range(0..self.sectors.len())];
        let (lon, lat) = sector.points[rng.gen_range(0..sector.points.len())];
        let category = model::category::CATEGORIES[rng.gen_range(0..model::category::CATEGORIES.len())].id;
        let other = self.reporters.iter().map(|r| r.party.as_str()).find(|p| *p != reporter.party);
        let accused = if rng.gen_bool(0.9) { other } else { None };
        let visibility = match rng.gen_range(0..100) {
            0..=49 => Visibility::Public,
            50..=89 => Visibility::Joint,
            90..=94 => Visibility::Mediators,
            _ => Visibility::Party,
        };
        let mut body = json!({
            "occurred": {"start": rfc3339(occurred_ms), "precision": "hour"},
            "location": {"lat": lat, "lon": lon, "precision_m": 2000, "sector": sector.id},
            "category": category,
            "title": {"text": format!("Incident {n} in {}", sector.id), "lang": "en"},
            "narrative": {"text": NARRATIVE, "lang": "en"},
            "sources": [{"kind": "field", "title": "Post commander's account"}],
        });
        if let Some(a) = accused {
            body["accused"] = json!(a);
        }
        if rng.gen_bool(0.2) {
            body["casualties"] = json!({"wounded": {"military": {"best": rng.gen_range(1..5)}}});
        }
        let header = self.header(Kind::IncidentReport, reporter.key, &reporter.party, signed_ms, vec![], visibility);
        (reporter.key, header, body)
    }

    /// An answer to a report by the other party's liaison, if that party has one.
    pub fn response(&self, rng: &mut StdRng, report: &Statement, signed_ms: i64) -> Option<(usize, Header, Value)> {
        let (party, key) = self.liaisons.iter().find(|(p, _)| *p != report.header.party)?;
        let position =
            if rng.gen_bool(0.4) { "acknowledge" } else { ["deny", "contest", "counter_claim"][rng.gen_range(0..3)] };
        let body = json!({
            "position": position,
            "narrative": {"text": "The other side has looked into the report and gives its position.", "lang": "en"},
        });
        let header = self.header(Kind::Response, *key, party, signed_ms, vec![report.id], Visibility::Joint);
        Some((*key, header, body))
    }
}
