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

/// Within this distance of the line a point is "on the border": public coordinates of border
/// points disagree by kilometres, and two boundary datasets can put the same point on different
/// sides, so no side is decided from a polygon there.
pub const ON_BORDER_M: f64 = 5_000.0;

/// The boundary between the parties, and the land on each side of it.
#[derive(Clone, Debug, Default)]
pub struct Boundary {
    pub lines: Vec<Vec<LonLat>>,
    /// (who, rings): every ring of the side's polygons, holes included (even-odd rule).
    pub sides: Vec<(String, Vec<Vec<LonLat>>)>,
    /// Runs of the lines' points with their bounding boxes: a run whose box is farther than the
    /// nearest segment found so far cannot hold a nearer one, so most of the line is skipped.
    runs: Vec<Run>,
}

#[derive(Clone, Debug)]
struct Run {
    line: usize,
    /// Points [from, to] of the line (inclusive: the runs share their end points).
    from: usize,
    to: usize,
    min: LonLat,
    max: LonLat,
}

const RUN: usize = 16;

/// Where a point lies with respect to the boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side<'a> {
    OnBorder,
    Within(&'a str),
    /// In neither country.
    Beyond,
}

impl Boundary {
    pub fn new(lines: Vec<Vec<LonLat>>, sides: Vec<(String, Vec<Vec<LonLat>>)>) -> Boundary {
        let mut runs = vec![];
        for (line, points) in lines.iter().enumerate() {
            let mut from = 0;
            while from + 1 < points.len() {
                let to = (from + RUN).min(points.len() - 1);
                let run = &points[from..=to];
                let min = LonLat(
                    run.iter().map(|q| q.0).fold(f64::INFINITY, f64::min),
                    run.iter().map(|q| q.1).fold(f64::INFINITY, f64::min),
                );
                let max = LonLat(
                    run.iter().map(|q| q.0).fold(f64::NEG_INFINITY, f64::max),
                    run.iter().map(|q| q.1).fold(f64::NEG_INFINITY, f64::max),
                );
                runs.push(Run { line, from, to, min, max });
                from = to;
            }
        }
        Boundary { lines, sides, runs }
    }

    /// Metres from the point to the nearest point of the line.
    pub fn distance_m(&self, p: LonLat) -> f64 {
        // The same local projection as distance_to_segment_m: the distance to a run's box there
        // is never more than the distance to any segment inside it.
        let k = p.1.to_radians().cos();
        let gap = |lo: f64, hi: f64, v: f64| {
            if v < lo {
                lo - v
            } else if v > hi {
                v - hi
            } else {
                0.0
            }
        };
        let mut best = f64::INFINITY;
        for r in &self.runs {
            let dx = gap(r.min.0, r.max.0, p.0).to_radians() * k * EARTH_RADIUS_M;
            let dy = gap(r.min.1, r.max.1, p.1).to_radians() * EARTH_RADIUS_M;
            if (dx * dx + dy * dy).sqrt() >= best {
                continue;
            }
            best = best.min(distance_to_line_m(p, &self.lines[r.line][r.from..=r.to]));
        }
        best
    }

    pub fn within_km(&self, p: LonLat, km: f64) -> bool {
        self.distance_m(p) <= km * 1000.0
    }

    pub fn side(&self, p: LonLat) -> Side<'_> {
        if self.distance_m(p) <= ON_BORDER_M {
            return Side::OnBorder;
        }
        self.polygon_side(p).map_or(Side::Beyond, Side::Within)
    }

    /// Whose polygon holds the point, even right on the line: only for what must name one
    /// country (an export's country column), never to decide a side.
    pub fn polygon_side(&self, p: LonLat) -> Option<&str> {
        self.sides
            .iter()
            .find(|(_, rings)| rings.iter().filter(|r| in_polygon(p, r)).count() % 2 == 1)
            .map(|s| s.0.as_str())
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

    #[test]
    fn a_point_near_the_line_is_on_the_border_not_on_a_side() {
        // A line along the meridian 70E between two squares, A to the west and B to the east.
        let square = |w: f64| {
            vec![LonLat(w, 30.0), LonLat(w + 1.0, 30.0), LonLat(w + 1.0, 31.0), LonLat(w, 31.0), LonLat(w, 30.0)]
        };
        let b = Boundary::new(
            vec![vec![LonLat(70.0, 30.0), LonLat(70.0, 31.0)]],
            vec![("A".into(), vec![square(69.0)]), ("B".into(), vec![square(70.0)])],
        );
        // 0.02 degrees of longitude at 30.5N is about 1.9 km: on the border, whatever the polygon says.
        assert_eq!(b.side(LonLat(70.02, 30.5)), Side::OnBorder);
        assert_eq!(b.side(LonLat(69.5, 30.5)), Side::Within("A"));
        assert_eq!(b.side(LonLat(70.5, 30.5)), Side::Within("B"));
        assert_eq!(b.side(LonLat(75.0, 30.5)), Side::Beyond);
        let d = b.distance_m(LonLat(70.5, 30.5));
        assert!((d - 47_900.0).abs() < 300.0, "{d}");
        assert!(b.within_km(LonLat(70.2, 30.5), 25.0) && !b.within_km(LonLat(70.5, 30.5), 25.0));
    }

    #[test]
    fn skipping_far_runs_gives_the_same_distance_as_every_segment() {
        // A zig-zag line of 200 points, and points all around it.
        let line: Vec<LonLat> =
            (0..200).map(|i| LonLat(60.0 + i as f64 * 0.05, 30.0 + (i % 7) as f64 * 0.03)).collect();
        let b = Boundary::new(vec![line.clone()], vec![]);
        for i in 0..400 {
            let p = LonLat(59.0 + (i * 37 % 120) as f64 * 0.1, 28.0 + (i * 53 % 50) as f64 * 0.1);
            let plain = distance_to_line_m(p, &line);
            assert!((b.distance_m(p) - plain).abs() < 1e-6, "{p:?}: {} vs {plain}", b.distance_m(p));
        }
    }
}
