//! Fewer points for the same picture: Douglas–Peucker simplification and clipping to the view.
//! Both work on projected points (viewBox units), so a fixed tolerance means "finer than the eye
//! sees at this zoom": zoomed out, an outline loses most of its points; zoomed in, it keeps them.

use super::view::Xy;

/// Douglas–Peucker: keeps both endpoints and every point farther than `tolerance` from the
/// segment that would replace it.
pub fn simplify(points: &[Xy], tolerance: f64) -> Vec<Xy> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    // A stack rather than recursion: an outline of thousands of points must not recurse as deep.
    let mut spans = vec![(0, points.len() - 1)];
    while let Some((a, b)) = spans.pop() {
        let mut farthest = (0.0, a);
        for i in a + 1..b {
            let d = distance_to_segment(points[i], points[a], points[b]);
            if d > farthest.0 {
                farthest = (d, i);
            }
        }
        if farthest.0 > tolerance {
            keep[farthest.1] = true;
            spans.push((a, farthest.1));
            spans.push((farthest.1, b));
        }
    }
    points.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

/// To the segment, not the infinite line: a closed ring starts and ends on the same point.
fn distance_to_segment(p: Xy, a: Xy, b: Xy) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

/// An axis-aligned rectangle in viewBox units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn grown(self, by: f64) -> Rect {
        Rect { x0: self.x0 - by, y0: self.y0 - by, x1: self.x1 + by, y1: self.y1 + by }
    }

    /// False for NaN, so a point that failed to project is never drawn.
    pub fn contains(&self, p: Xy) -> bool {
        p.0 >= self.x0 && p.0 <= self.x1 && p.1 >= self.y0 && p.1 <= self.y1
    }

    fn meets_box_of(&self, a: Xy, b: Xy) -> bool {
        a.0.max(b.0) >= self.x0 && a.0.min(b.0) <= self.x1 && a.1.max(b.1) >= self.y0 && a.1.min(b.1) <= self.y1
    }
}

/// The pieces of a polyline that may show in `r`: runs of the segments whose bounding box meets
/// it. A segment that only passes near a corner is kept too; it is drawn outside, unseen.
pub fn clip_line(points: &[Xy], r: &Rect) -> Vec<Vec<Xy>> {
    let mut runs = vec![];
    let mut run: Vec<Xy> = vec![];
    for w in points.windows(2) {
        if r.meets_box_of(w[0], w[1]) {
            if run.is_empty() {
                run.push(w[0]);
            }
            run.push(w[1]);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// A ring cut to `r` (Sutherland–Hodgman, one side at a time), open: the path's `Z` closes it.
/// Where the ring leaves `r` the result runs along its sides; callers pass a rectangle larger
/// than the view, so those edges are never seen. Empty if the ring is wholly outside.
pub fn clip_ring(ring: &[Xy], r: &Rect) -> Vec<Xy> {
    let mut out = ring.to_vec();
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    for side in 0..4 {
        let inside = |p: Xy| match side {
            0 => p.0 >= r.x0,
            1 => p.0 <= r.x1,
            2 => p.1 >= r.y0,
            _ => p.1 <= r.y1,
        };
        // Only called for an edge with one end on each side of the line, so never divides by zero.
        let cross = |a: Xy, b: Xy| -> Xy {
            match side {
                0 | 1 => {
                    let x = if side == 0 { r.x0 } else { r.x1 };
                    (x, a.1 + (x - a.0) / (b.0 - a.0) * (b.1 - a.1))
                }
                _ => {
                    let y = if side == 2 { r.y0 } else { r.y1 };
                    (a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0), y)
                }
            }
        };
        let input = std::mem::take(&mut out);
        for (i, &b) in input.iter().enumerate() {
            let a = input[(i + input.len() - 1) % input.len()];
            match (inside(a), inside(b)) {
                (true, true) => out.push(b),
                (true, false) => out.push(cross(a, b)),
                (false, true) => {
                    out.push(cross(a, b));
                    out.push(b);
                }
                (false, false) => {}
            }
        }
        if out.is_empty() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn douglas_peucker_keeps_endpoints_and_far_points_only() {
        // The middle point is on the line: it goes.
        assert_eq!(simplify(&[(0.0, 0.0), (5.0, 0.0), (10.0, 0.0)], 0.5), vec![(0.0, 0.0), (10.0, 0.0)]);
        // Slightly off the line, within tolerance: it goes too.
        assert_eq!(simplify(&[(0.0, 0.0), (5.0, 0.4), (10.0, 0.0)], 0.5), vec![(0.0, 0.0), (10.0, 0.0)]);
        // Far off the line: it stays.
        let peak = [(0.0, 0.0), (5.0, 3.0), (10.0, 0.0)];
        assert_eq!(simplify(&peak, 0.5), peak.to_vec());
        // A zigzag: the far corners stay, the collinear points between them go.
        let zig = [(0.0, 0.0), (1.0, 1.0), (2.0, 2.0), (3.0, 3.0), (4.0, 0.0), (5.0, 0.0), (6.0, 0.0)];
        assert_eq!(simplify(&zig, 0.1), vec![(0.0, 0.0), (3.0, 3.0), (4.0, 0.0), (6.0, 0.0)]);
        // A closed ring keeps its start (= end) and the points that give it shape.
        let ring = [(0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)];
        assert_eq!(simplify(&ring, 0.5), vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]);
    }

    #[test]
    fn clipping_cuts_to_the_rectangle_and_drops_what_is_outside() {
        let r = Rect { x0: 0.0, y0: 0.0, x1: 10.0, y1: 10.0 };
        let outside = [(20.0, 20.0), (30.0, 20.0), (30.0, 30.0), (20.0, 20.0)];
        assert!(clip_ring(&outside, &r).is_empty());
        assert!(clip_line(&outside, &r).is_empty());

        let half_out = [(5.0, 5.0), (15.0, 5.0), (15.0, 8.0), (5.0, 8.0), (5.0, 5.0)];
        let cut = clip_ring(&half_out, &r);
        assert!(cut.iter().all(|&p| r.contains(p)), "{cut:?}");
        assert!(cut.contains(&(10.0, 5.0)) && cut.contains(&(10.0, 8.0)));

        // A ring around the whole view becomes the view.
        let around = [(-5.0, -5.0), (15.0, -5.0), (15.0, 15.0), (-5.0, 15.0), (-5.0, -5.0)];
        let cut = clip_ring(&around, &r);
        assert_eq!(cut.len(), 4);
        assert!(cut.iter().all(|&p| r.contains(p)));

        // A line that leaves and comes back splits in two, each keeping its point outside.
        let line = [(1.0, 1.0), (5.0, 1.0), (50.0, 50.0), (60.0, 50.0), (5.0, 9.0), (8.0, 9.0)];
        assert_eq!(
            clip_line(&line, &r),
            vec![vec![(1.0, 1.0), (5.0, 1.0), (50.0, 50.0)], vec![(60.0, 50.0), (5.0, 9.0), (8.0, 9.0)]]
        );
    }
}
