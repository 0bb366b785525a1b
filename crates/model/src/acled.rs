//! How an incident is written as an ACLED row (the 31 columns of ACLED's current export, in
//! order), so that analysts can put the parties' reports beside ACLED's own data.
//!
//! The mapping, as documented in docs/EXPORTS.md:
//! - event type and sub-event type: from the category (`category::CATEGORIES`).
//! - actor1: the actor of the register alleged to have acted, with its own ACLED type (inter1),
//!   and the party alleged responsible or hosting as assoc_actor_1; without an actor, the party
//!   alleged responsible ("Unidentified" when none is named) as state forces (inter 1). actor2:
//!   the reporting party, state forces. Interaction: the two types, smaller first (11 between
//!   the parties, 12 between a party and a rebel group; 10 when no one is named). A report is an
//!   allegation: `source` and `tags` say whose.
//! - time_precision: 1 when the time is known to the day, 2 within a week, 3 within a month.
//! - geo_precision: 1 for a location good to 1 km, 2 to 25 km, 3 beyond.
//! - country and iso: the side of the line the point is on; a point on the border is given the
//!   reporting party's country.

use crate::category;

pub const COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// What the row is made from: an incident as the projection holds it, with names resolved.
pub struct Incident<'a> {
    pub id: &'a str,
    /// YYYY-MM-DD.
    pub date: &'a str,
    /// Days between the start and the end of the time given (0 for a moment).
    pub span_days: i64,
    pub category: &'a str,
    pub reporter: &'a str,
    pub accused: Option<&'a str>,
    /// The actor alleged to have acted: its English name and ACLED type.
    pub actor: Option<(&'a str, u8)>,
    /// The country the point lies in (by name) and its ISO 3166 numeric code.
    pub country: (&'a str, u16),
    pub location: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub precision_m: i64,
    pub title: &'a str,
    pub killed: i64,
    pub status: &'a str,
    pub logged_at_s: i64,
}

pub fn event_id(incident_id: &str) -> String {
    format!("JIRGA-{}", &incident_id[..incident_id.len().min(16)])
}

pub fn row(i: &Incident) -> [String; 31] {
    let c = category::find(i.category).unwrap_or_else(|| category::find("other").expect("other exists"));
    let time_precision = match i.span_days {
        d if d <= 1 => 1,
        d if d <= 7 => 2,
        _ => 3,
    };
    let geo_precision = match i.precision_m {
        m if m <= 1_000 => 1,
        m if m <= 25_000 => 2,
        _ => 3,
    };
    let (actor1, assoc_actor_1, inter1) = match (i.actor, i.accused) {
        (Some((name, inter)), accused) => (name, accused.unwrap_or_default(), inter),
        (None, Some(accused)) => (accused, "", 1),
        (None, None) => ("Unidentified", "", 1),
    };
    let interaction = if i.actor.is_none() && i.accused.is_none() {
        "10".to_string()
    } else {
        crate::actor::interaction(inter1, 1).to_string()
    };
    let civilian = matches!(i.category, "civilian_harm" | "attack_on_civilians");
    [
        event_id(i.id),
        i.date.to_string(),
        i.date.get(..4).unwrap_or_default().to_string(),
        time_precision.to_string(),
        c.disorder_type.to_string(),
        c.event_type.to_string(),
        c.sub_event_type.to_string(),
        actor1.to_string(),
        assoc_actor_1.to_string(),
        inter1.to_string(),
        i.reporter.to_string(),
        String::new(),
        "1".into(),
        interaction,
        if civilian { "Civilian targeting" } else { "" }.into(),
        i.country.1.to_string(),
        "Southern Asia".into(),
        i.country.0.to_string(),
        String::new(),
        String::new(),
        String::new(),
        i.location.to_string(),
        format!("{:.4}", i.lat),
        format!("{:.4}", i.lon),
        geo_precision.to_string(),
        format!("Jirga: report by {}", i.reporter),
        "Other".into(),
        i.title.to_string(),
        i.killed.to_string(),
        format!("jirga-status={}; jirga-id={}", i.status, i.id),
        i.logged_at_s.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_maps_to_acled_columns_in_order() {
        let i = Incident {
            id: "0123456789abcdef0123",
            date: "2025-10-12",
            span_days: 0,
            category: "artillery_shelling",
            reporter: "Pakistan",
            accused: Some("Afghanistan"),
            actor: None,
            country: ("Pakistan", 586),
            location: "Chaman",
            lat: 30.92,
            lon: 66.45,
            precision_m: 500,
            title: "Shelling near the gate",
            killed: 2,
            status: "disputed",
            logged_at_s: 1_760_000_000,
        };
        let r = row(&i);
        let get = |name: &str| r[COLUMNS.iter().position(|c| *c == name).unwrap()].as_str();
        assert_eq!(get("event_id_cnty"), "JIRGA-0123456789abcdef");
        assert_eq!(get("year"), "2025");
        assert_eq!(get("event_type"), "Explosions/Remote violence");
        assert_eq!(get("sub_event_type"), "Shelling/artillery/missile attack");
        assert_eq!((get("actor1"), get("actor2"), get("interaction")), ("Afghanistan", "Pakistan", "11"));
        assert_eq!((get("iso"), get("country"), get("geo_precision")), ("586", "Pakistan", "1"));
        assert_eq!((get("latitude"), get("longitude"), get("fatalities")), ("30.9200", "66.4500", "2"));
        let unnamed = row(&Incident { accused: None, span_days: 20, precision_m: 30_000, ..i });
        assert_eq!(
            (unnamed[7].as_str(), unnamed[13].as_str(), unnamed[3].as_str(), unnamed[24].as_str()),
            ("Unidentified", "10", "3", "3")
        );
    }
}
