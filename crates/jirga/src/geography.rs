//! The area's geography, carried in the binary so that an isolated network needs no files: the
//! Natural Earth boundary and the two countries' outlines, as the map draws them and as the
//! distance-to-the-line rules read them.

use crate::web::map::{self, Geo};
use model::geo::Boundary;
use std::sync::OnceLock;

/// The base map: the boundary line and the countries' outlines.
pub fn base_map() -> &'static Geo {
    static GEO: OnceLock<Geo> = OnceLock::new();
    GEO.get_or_init(|| {
        map::parse_geo(
            include_str!("../../../scenarios/durand-line/geo/afg_pak_boundary_ne10m.geojson"),
            include_str!("../../../scenarios/durand-line/geo/afg_pak_countries_ne10m.geojson"),
        )
        .expect("the embedded geography parses (a unit test checks it)")
    })
}

/// The line and the country on each side, by the deployment's party ids.
pub fn boundary() -> &'static Boundary {
    static BOUNDARY: OnceLock<Boundary> = OnceLock::new();
    BOUNDARY.get_or_init(|| {
        let geo = base_map();
        fn party(country: &str) -> &str {
            match country {
                "Pakistan" => "PK",
                "Afghanistan" => "AF",
                other => other,
            }
        }
        Boundary::new(
            geo.boundary.clone(),
            geo.countries.iter().map(|c| (party(&c.name).to_string(), c.rings.clone())).collect(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::geo::{LonLat, Side};

    #[test]
    fn known_places_fall_where_they_are() {
        let b = boundary();
        assert!(b.lines.iter().map(Vec::len).sum::<usize>() > 500, "the 10m line");
        // Torkham crossing sits on the line; Peshawar and Jalalabad are well inside.
        assert_eq!(b.side(LonLat(71.09, 34.11)), Side::OnBorder);
        assert_eq!(b.side(LonLat(71.5785, 34.008)), Side::Within("PK"));
        assert_eq!(b.side(LonLat(70.4361, 34.4265)), Side::Within("AF"));
        // Peshawar is about 45-50 km from the line.
        let d = b.distance_m(LonLat(71.5785, 34.008)) / 1000.0;
        assert!((35.0..60.0).contains(&d), "{d} km");
    }
}
