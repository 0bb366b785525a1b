//! Small spherical geometry for a border: points in polygons and distances, good to metres over
//! the few hundred kilometres a sector spans.

use serde::{Deserialize, Serialize};

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Longitude, latitude in degrees (GeoJSON order).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LonLat(pub f64, pub f64);

pub fn haversine_m(a: LonLat, b: LonLat) -> f64 {
    let (lat1, lat2) = (a.1.to_radians(), b.1.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.0 - a.0).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// Ray casting on the lon/lat plane: exact enough for polygons whose edges are a few km long.
pub fn in_polygon(p: LonLat, ring: &[LonLat]) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = (ring[i].0, ring[i].1);
        let (xj, yj) = (ring[j].0, ring[j].1);
        if (yi > p.1) != (yj > p.1) && p.0 < (xj - xi) * (p.1 - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Distance from a point to a segment, in metres, on a local equirectangular projection centred
/// on the point (errors well under 1% at these distances).
pub fn distance_to_segment_m(p: LonLat, a: LonLat, b: LonLat) -> f64 {
    let k = p.1.to_radians().cos();
    let to_xy = |q: LonLat| ((q.0 - p.0).to_radians() * k * EARTH_RADIUS_M, (q.1 - p.1).to_radians() * EARTH_RADIUS_M);
    let (ax, ay) = to_xy(a);
    let (bx, by) = to_xy(b);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0) };
    let (cx, cy) = (ax + t * dx, ay + t * dy);
    (cx * cx + cy * cy).sqrt()
}

/// Distance from a point to a polyline (or a ring's edges), in metres.
pub fn distance_to_line_m(p: LonLat, line: &[LonLat]) -> f64 {
    match line {
        [] => f64::INFINITY,
        [only] => haversine_m(p, *only),
        _ => line.windows(2).map(|w| distance_to_segment_m(p, w[0], w[1])).fold(f64::INFINITY, f64::min),
    }
}

/// Distance to a polygon: zero inside, else the distance to its edge.
pub fn distance_to_polygon_m(p: LonLat, ring: &[LonLat]) -> f64 {
    if in_polygon(p, ring) {
        0.0
    } else {
        distance_to_line_m(p, ring)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_a_known_distance() {
        // Kabul to Peshawar is about 230 km as the crow flies.
        let d = haversine_m(LonLat(69.17233, 34.52813), LonLat(71.57849, 34.008));
        assert!((d - 227_000.0).abs() < 5_000.0, "{d}");
    }

    #[test]
    fn polygon_and_distances() {
        let square = [LonLat(0.0, 0.0), LonLat(1.0, 0.0), LonLat(1.0, 1.0), LonLat(0.0, 1.0), LonLat(0.0, 0.0)];
        assert!(in_polygon(LonLat(0.5, 0.5), &square));
        assert!(!in_polygon(LonLat(1.5, 0.5), &square));
        assert_eq!(distance_to_polygon_m(LonLat(0.5, 0.5), &square), 0.0);
        // One degree of longitude at the equator is about 111.2 km; half a degree off the edge:
        let d = distance_to_polygon_m(LonLat(1.5, 0.5), &square);
        assert!((d - 55_597.0).abs() < 200.0, "{d}");
    }
}
