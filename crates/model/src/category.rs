//! What happened: the ceasefire-specific kinds a monitoring mission needs, and a subset of ACLED's
//! sub-event types, each mapped to ACLED's (disorder type, event type, sub-event type) so exports
//! line up with the field's data.

pub struct Category {
    pub id: &'static str,
    pub disorder_type: &'static str,
    pub event_type: &'static str,
    pub sub_event_type: &'static str,
    /// True for the kinds that count as a ceasefire violation when attributed to a party.
    pub ceasefire_kind: bool,
}

const PV: &str = "Political violence";
const DEMO: &str = "Demonstrations";
const STRAT: &str = "Strategic developments";

const fn cat(id: &'static str, d: &'static str, e: &'static str, s: &'static str, c: bool) -> Category {
    Category { id, disorder_type: d, event_type: e, sub_event_type: s, ceasefire_kind: c }
}

pub const CATEGORIES: &[Category] = &[
    cat("cross_border_fire", PV, "Battles", "Armed clash", true),
    cat("artillery_shelling", PV, "Explosions/Remote violence", "Shelling/artillery/missile attack", true),
    cat("air_drone_strike", PV, "Explosions/Remote violence", "Air/drone strike", true),
    cat("airspace_violation", STRAT, "Strategic developments", "Other", true),
    cat("infiltration", PV, "Battles", "Armed clash", true),
    cat("border_post_attack", PV, "Battles", "Armed clash", true),
    cat("ied", PV, "Explosions/Remote violence", "Remote explosive/landmine/IED", true),
    cat("crossing_closure", STRAT, "Strategic developments", "Other", false),
    cat("civilian_harm", PV, "Violence against civilians", "Attack", true),
    cat("narcotics_activity", STRAT, "Strategic developments", "Other", false),
    cat("armed_clash", PV, "Battles", "Armed clash", true),
    cat("attack_on_civilians", PV, "Violence against civilians", "Attack", true),
    cat("suicide_bomb", PV, "Explosions/Remote violence", "Suicide bomb", true),
    cat("abduction", PV, "Violence against civilians", "Abduction/forced disappearance", true),
    cat("arrests", STRAT, "Strategic developments", "Arrests", false),
    cat("looting_property_destruction", STRAT, "Strategic developments", "Looting/property destruction", false),
    cat("peaceful_protest", DEMO, "Protests", "Peaceful protest", false),
    cat("violent_demonstration", DEMO, "Riots", "Violent demonstration", false),
    cat("agreement", STRAT, "Strategic developments", "Agreement", false),
    cat("other", STRAT, "Strategic developments", "Other", false),
];

pub fn find(id: &str) -> Option<&'static Category> {
    CATEGORIES.iter().find(|c| c.id == id)
}

pub fn ids() -> impl Iterator<Item = &'static str> {
    CATEGORIES.iter().map(|c| c.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_found() {
        let mut seen = std::collections::HashSet::new();
        for c in CATEGORIES {
            assert!(seen.insert(c.id), "duplicate {}", c.id);
            assert_eq!(find(c.id).unwrap().id, c.id);
        }
        assert!(find("nonsense").is_none());
    }
}
