//! Where things go on the map: the area of operations, the part of it a page shows (a viewport
//! that plain links can change), and the equirectangular projection between the two.

use model::geo::LonLat;

/// A point in the SVG's viewBox: x to the right, y down.
pub type Xy = (f64, f64);

/// Width of every map's viewBox; the height follows the area's shape. Symbol sizes and the
/// simplification tolerance are in these units, so they look the same at every zoom.
pub const WIDTH: f64 = 1000.0;

/// Deepest zoom: at 64 the view spans about 20 km, already finer than 1:10m outlines.
pub const MAX_ZOOM: f64 = 64.0;

/// Space left around the sectors at zoom 1, as a share of their extent on each side.
const MARGIN: f64 = 0.05;

/// The area of operations in degrees. Zoom 1 shows exactly this.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Area {
    /// Only for a map with nothing on it, so that it still draws.
    pub const WORLD: Area = Area { west: -180.0, south: -80.0, east: 180.0, north: 80.0 };

    /// The bounding box of the points with a margin; None if there are no (finite) points.
    pub fn around(points: impl IntoIterator<Item = LonLat>) -> Option<Area> {
        let mut points = points.into_iter().filter(|p| p.0.is_finite() && p.1.is_finite());
        let first = points.next()?;
        let (mut west, mut south, mut east, mut north) = (first.0, first.1, first.0, first.1);
        for p in points {
            west = west.min(p.0);
            east = east.max(p.0);
            south = south.min(p.1);
            north = north.max(p.1);
        }
        // A lone point, or points along one meridian, have no extent to fit: give them some.
        let half_x = (east - west).max(0.1) / 2.0 * (1.0 + 2.0 * MARGIN);
        let half_y = (north - south).max(0.1) / 2.0 * (1.0 + 2.0 * MARGIN);
        let (cx, cy) = ((west + east) / 2.0, (south + north) / 2.0);
        Some(Area { west: cx - half_x, south: cy - half_y, east: cx + half_x, north: cy + half_y })
    }

    pub fn center(&self) -> LonLat {
        LonLat((self.west + self.east) / 2.0, (self.south + self.north) / 2.0)
    }

    /// Shrinks longitudes to their true length at the area's mean latitude. Taken from the area,
    /// not the view, so the map keeps its shape while one pans.
    fn x_scale(&self) -> f64 {
        ((self.south + self.north) / 2.0).to_radians().cos()
    }

    /// Height of the viewBox, so that the whole area fits WIDTH without distortion.
    pub fn height(&self) -> f64 {
        WIDTH * (self.north - self.south) / ((self.east - self.west) * self.x_scale())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    North,
    South,
    East,
    West,
}

/// What a page shows: a center and a zoom (1 = the whole area, 2 = half its extent, …).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub center: LonLat,
    pub zoom: f64,
}

impl Viewport {
    pub fn whole(area: &Area) -> Viewport {
        Viewport { center: area.center(), zoom: 1.0 }
    }

    /// The view made valid for the area: zoom within 1..=MAX_ZOOM and the view inside the area.
    /// Views come from query strings, so a hand-edited link must still give a sensible map.
    pub fn clamped(self, area: &Area) -> Viewport {
        let zoom = if self.zoom.is_finite() { self.zoom.clamp(1.0, MAX_ZOOM) } else { 1.0 };
        if zoom == 1.0 {
            // Exactly the whole view, not one rounding away from it, so views compare equal.
            return Viewport::whole(area);
        }
        let half_x = (area.east - area.west) / zoom / 2.0;
        let half_y = (area.north - area.south) / zoom / 2.0;
        let lon = clamp_or_mid(self.center.0, area.west + half_x, area.east - half_x);
        let lat = clamp_or_mid(self.center.1, area.south + half_y, area.north - half_y);
        Viewport { center: LonLat(lon, lat), zoom }
    }

    pub fn zoom_in(self, area: &Area) -> Viewport {
        let v = self.clamped(area);
        Viewport { zoom: v.zoom * 2.0, ..v }.clamped(area)
    }

    pub fn zoom_out(self, area: &Area) -> Viewport {
        let v = self.clamped(area);
        Viewport { zoom: v.zoom / 2.0, ..v }.clamped(area)
    }

    /// Moves by half a view, so what was at the edge comes to the middle and stays in sight.
    pub fn pan(self, area: &Area, towards: Direction) -> Viewport {
        let v = self.clamped(area);
        let step_x = (area.east - area.west) / v.zoom / 2.0;
        let step_y = (area.north - area.south) / v.zoom / 2.0;
        let LonLat(lon, lat) = v.center;
        let center = match towards {
            Direction::North => LonLat(lon, lat + step_y),
            Direction::South => LonLat(lon, lat - step_y),
            Direction::East => LonLat(lon + step_x, lat),
            Direction::West => LonLat(lon - step_x, lat),
        };
        Viewport { center, ..v }.clamped(area)
    }

    /// Whether a pan would move the map at all, so a page can leave out a link that does nothing.
    pub fn can_pan(self, area: &Area, towards: Direction) -> bool {
        self.pan(area, towards) != self.clamped(area)
    }
}

/// `f64::clamp` panics if rounding ever puts `lo` past `hi`.
fn clamp_or_mid(v: f64, lo: f64, hi: f64) -> f64 {
    if lo >= hi || !v.is_finite() {
        (lo + hi) / 2.0
    } else {
        v.clamp(lo, hi)
    }
}

/// Equirectangular: longitude scaled by the cosine of the area's mean latitude, y flipped so north
/// is up. Over the ~1,000 km of the border this distorts areas by a few percent, which a
/// situational map can bear; it keeps the inverse exact and the arithmetic obvious.
#[derive(Clone, Copy, Debug)]
pub struct Projection {
    x_scale: f64,
    /// viewBox units per degree of latitude.
    scale: f64,
    center: LonLat,
    pub width: f64,
    pub height: f64,
}

impl Projection {
    pub fn new(area: &Area, view: &Viewport) -> Projection {
        let view = view.clamped(area);
        let x_scale = area.x_scale();
        Projection {
            x_scale,
            scale: WIDTH * view.zoom / ((area.east - area.west) * x_scale),
            center: view.center,
            width: WIDTH,
            height: area.height(),
        }
    }

    pub fn project(&self, p: LonLat) -> Xy {
        (
            self.width / 2.0 + (p.0 - self.center.0) * self.x_scale * self.scale,
            self.height / 2.0 - (p.1 - self.center.1) * self.scale,
        )
    }

    /// What a script needs to invert the projection (a click on the map to a point): the
    /// centre's longitude and latitude, viewBox units per degree of longitude and of latitude,
    /// width and height.
    pub fn inverse_parameters(&self) -> String {
        format!(
            "{:.6} {:.6} {:.6} {:.6} {:.1} {:.1}",
            self.center.0,
            self.center.1,
            self.x_scale * self.scale,
            self.scale,
            self.width,
            self.height
        )
    }

    pub fn unproject(&self, (x, y): Xy) -> LonLat {
        LonLat(
            self.center.0 + (x - self.width / 2.0) / (self.x_scale * self.scale),
            self.center.1 - (y - self.height / 2.0) / self.scale,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Roughly the sectors' box on the Durand Line.
    fn area() -> Area {
        Area::around([LonLat(60.2, 28.8), LonLat(75.2, 37.6)]).unwrap()
    }

    #[test]
    fn project_and_unproject_round_trip() {
        let a = area();
        let views = [
            Viewport::whole(&a),
            Viewport { center: LonLat(71.0, 34.0), zoom: 8.0 },
            Viewport { center: LonLat(66.4, 30.9), zoom: 64.0 },
        ];
        for view in views {
            let proj = Projection::new(&a, &view);
            for p in [LonLat(71.09, 34.11), LonLat(60.0, 25.0), LonLat(77.5, 38.2), LonLat(-10.0, 80.0)] {
                let back = proj.unproject(proj.project(p));
                assert!((back.0 - p.0).abs() < 1e-9 && (back.1 - p.1).abs() < 1e-9, "{p:?} -> {back:?} at {view:?}");
                // The page's script inverts with the published parameters, as jirga.js does.
                let k: Vec<f64> = proj.inverse_parameters().split(' ').map(|v| v.parse().unwrap()).collect();
                let (x, y) = proj.project(p);
                let by_script = LonLat(k[0] + (x - k[4] / 2.0) / k[2], k[1] - (y - k[5] / 2.0) / k[3]);
                assert!((by_script.0 - p.0).abs() < 1e-4 && (by_script.1 - p.1).abs() < 1e-4, "{by_script:?}");
            }
        }
    }

    #[test]
    fn east_is_right_and_north_is_up() {
        let proj = Projection::new(&area(), &Viewport::whole(&area()));
        let (x, y) = proj.project(LonLat(70.0, 33.0));
        let east = proj.project(LonLat(70.5, 33.0));
        let north = proj.project(LonLat(70.0, 33.5));
        assert!(east.0 > x && (east.1 - y).abs() < 1e-9);
        assert!(north.1 < y && (north.0 - x).abs() < 1e-9);
    }

    #[test]
    fn a_degree_east_is_shorter_than_a_degree_north() {
        // cos(33.2°) ≈ 0.837: without the factor the map would be stretched east–west.
        let proj = Projection::new(&area(), &Viewport::whole(&area()));
        let o = proj.project(LonLat(70.0, 33.0));
        let dx = proj.project(LonLat(71.0, 33.0)).0 - o.0;
        let dy = o.1 - proj.project(LonLat(70.0, 34.0)).1;
        assert!((dx / dy - 33.2f64.to_radians().cos()).abs() < 0.01, "{}", dx / dy);
    }

    #[test]
    fn zoom_one_shows_the_area_and_zoom_two_half_its_span() {
        let a = area();
        let span = |zoom: f64| {
            let proj = Projection::new(&a, &Viewport { center: a.center(), zoom });
            let (nw, se) = (proj.unproject((0.0, 0.0)), proj.unproject((proj.width, proj.height)));
            (se.0 - nw.0, nw.1 - se.1)
        };
        let (one, two) = (span(1.0), span(2.0));
        assert!((one.0 - (a.east - a.west)).abs() < 1e-9 && (one.1 - (a.north - a.south)).abs() < 1e-9);
        assert!((one.0 / two.0 - 2.0).abs() < 1e-9 && (one.1 / two.1 - 2.0).abs() < 1e-9);
    }

    #[test]
    fn links_zoom_and_pan_within_the_area() {
        let a = area();
        let whole = Viewport::whole(&a);
        // At zoom 1 the whole area is in view: there is nowhere to pan.
        assert_eq!(whole.pan(&a, Direction::North), whole);
        assert!(!whole.can_pan(&a, Direction::West));
        assert_eq!(whole.zoom_out(&a), whole);

        let two = whole.zoom_in(&a);
        assert_eq!(two.zoom, 2.0);
        let north = two.pan(&a, Direction::North);
        assert!((north.center.1 - (whole.center.1 + (a.north - a.south) / 4.0)).abs() < 1e-9);
        assert_eq!(north.center.0, whole.center.0);
        // Already at the northern edge: a second pan north changes nothing.
        assert_eq!(north.pan(&a, Direction::North), north);
        let east = two.pan(&a, Direction::East);
        assert!(east.center.0 > two.center.0);
        assert!(two.pan(&a, Direction::West).center.0 < two.center.0);
        assert!(two.pan(&a, Direction::South).center.1 < two.center.1);
        // Zooming back out from a panned view returns to the whole area.
        assert_eq!(north.zoom_out(&a), whole);

        let mut deep = whole;
        for _ in 0..20 {
            deep = deep.zoom_in(&a);
        }
        assert_eq!(deep.zoom, MAX_ZOOM);
        let nonsense = Viewport { center: LonLat(f64::NAN, 1e9), zoom: f64::INFINITY }.clamped(&a);
        assert_eq!(nonsense.zoom, 1.0);
        assert_eq!(nonsense, whole);
    }
}
