//! The area of operations as one SVG, drawn on the server: the dashboard then works without
//! JavaScript and on poor lines, and zooming and panning are plain links (see [`Viewport`]).
//!
//! Drawing is pure: callers pass the outlines ([`load_geo`], the only I/O here) and the layers.
//! No colours are written: the page's stylesheet styles these classes —
//! `country country-<name>`, `boundary`, `sector`, `sector-label`, `reference`,
//! `reference-label`, `crossing status-{open,restricted,closed,unknown}`, and
//! `incident status-<incident status>`. Lines carry `fill="none"`, a presentation attribute that
//! any stylesheet rule overrides, so the picture stays legible even without one.

mod geo;
mod shapes;
mod view;

pub use geo::{load_geo, parse_geo, Country, Geo, BOUNDARY_FILE, COUNTRIES_FILE};
pub use shapes::{clip_line, clip_ring, simplify, Rect};
pub use view::{Area, Direction, Projection, Viewport, Xy, MAX_ZOOM, WIDTH};

use model::bodies::CrossingState;
use model::deployment::{Genesis, Names, Sector};
use model::geo::LonLat;
use std::fmt::{self, Display, Write};

/// Douglas–Peucker tolerance in viewBox units: half a pixel when the map is 1,000 px wide.
const TOLERANCE: f64 = 0.5;
/// Outlines are clipped to the view grown by this much, so the cut edges stay out of sight.
const CLIP_MARGIN: f64 = 20.0;
const INCIDENT_RADIUS: f64 = 6.0;
const CROSSING_SIZE: f64 = 7.0;
const REFERENCE_SIZE: f64 = 8.0;
const DEFAULT_TITLE: &str = "Map of the area of operations";

/// What goes on the map besides the base map.
#[derive(Clone, Debug, Default)]
pub struct Layers {
    /// The map's accessible name, in the page's language; a plain English one if empty.
    pub title: String,
    pub sectors: Vec<Sector>,
    pub crossings: Vec<CrossingMark>,
    pub incidents: Vec<IncidentMark>,
    /// Past events for context, e.g. from a reference data set.
    pub references: Vec<ReferenceMark>,
    /// Windows of silence not yet over.
    pub windows: Vec<WindowMark>,
}

#[derive(Clone, Debug)]
pub struct WindowMark {
    /// The window's area, or its sector's outline.
    pub ring: Vec<LonLat>,
    /// A `model::window::Stage` name; only a CSS class.
    pub stage: String,
    pub title: String,
}

#[derive(Clone, Debug)]
pub struct CrossingMark {
    pub id: String,
    pub name: Names,
    pub at: LonLat,
    /// None when no status has been logged.
    pub status: Option<CrossingState>,
    pub href: Option<String>,
}

#[derive(Clone, Debug)]
pub struct IncidentMark {
    pub id: String,
    pub title: String,
    pub at: LonLat,
    /// An incident status, e.g. "disputed" (`model::incident::Status::as_str`); only a CSS class.
    pub status: String,
    pub href: String,
}

#[derive(Clone, Debug)]
pub struct ReferenceMark {
    pub at: LonLat,
    /// In the page's language (it is laid out as such).
    pub label: String,
    /// Written beside the mark; otherwise only its tooltip (many events would hide the map).
    pub labelled: bool,
}

impl Layers {
    /// The deployment's sectors and crossings, with no crossing status known yet.
    pub fn from_deployment(genesis: &Genesis) -> Layers {
        let crossings = genesis
            .crossings
            .iter()
            .map(|c| CrossingMark {
                id: c.id.clone(),
                name: c.name.clone(),
                at: LonLat(c.lon, c.lat),
                status: None,
                href: None,
            })
            .collect();
        Layers { sectors: genesis.sectors.clone(), crossings, ..Layers::default() }
    }

    /// What zoom 1 shows: the sectors (else the boundary) with a margin. Pages need it to make
    /// the zoom and pan links.
    pub fn area(&self, geo: &Geo) -> Area {
        Area::around(self.sectors.iter().flat_map(|s| s.polygon.iter().copied()))
            .or_else(|| Area::around(geo.boundary.iter().flatten().copied()))
            .unwrap_or(Area::WORLD)
    }
}

/// The map as one `<svg>` element, for `view` (made valid for the area first), with names in
/// `lang` where the data has them, else in English.
pub fn render(geo: &Geo, layers: &Layers, view: &Viewport, lang: &str) -> String {
    let mut out = String::with_capacity(64 * 1024);
    draw(&mut out, geo, layers, view, lang).expect("writing to a String cannot fail");
    out
}

fn draw(out: &mut String, geo: &Geo, layers: &Layers, view: &Viewport, lang: &str) -> fmt::Result {
    let proj = Projection::new(&layers.area(geo), view);
    let frame = Rect { x0: 0.0, y0: 0.0, x1: proj.width, y1: proj.height };
    let clip = frame.grown(CLIP_MARGIN);
    let title = if layers.title.is_empty() { DEFAULT_TITLE } else { &layers.title };
    // role="img" would hide the links inside from assistive technology; a group keeps them.
    let has_links = !layers.incidents.is_empty() || layers.crossings.iter().any(|c| c.href.is_some());
    let role = if has_links { "group" } else { "img" };
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {:.1} {:.1}" data-inverse="{}" role="{role}" aria-label="{}">"#,
        proj.width,
        proj.height,
        proj.inverse_parameters(),
        Esc(title)
    )?;
    writeln!(out, "<title>{}</title>", Esc(title))?;

    writeln!(out, r#"<g class="countries">"#)?;
    for country in &geo.countries {
        let d = rings_path(&country.rings, &proj, &clip);
        if !d.is_empty() {
            writeln!(out, r#"<path class="country country-{}" fill-rule="evenodd" d="{d}"/>"#, Class(&country.name))?;
        }
    }
    writeln!(out, "</g>")?;

    writeln!(out, r#"<g class="sectors">"#)?;
    let mut labels = vec![];
    for sector in &layers.sectors {
        let ring = clip_ring(&projected(&sector.polygon, &proj), &clip);
        let d = path(&[simplify(&ring, TOLERANCE)], true);
        if d.is_empty() {
            continue;
        }
        let (name_lang, name) = name_for(&sector.name, lang);
        write!(out, r#"<path class="sector" data-id="{}" fill="none" d="{d}">"#, Esc(&sector.id))?;
        writeln!(out, "<title>{}</title></path>", Esc(name))?;
        if let Some(at) = centroid(&ring).filter(|&p| frame.contains(p)) {
            labels.push((at, name_lang, name));
        }
    }
    writeln!(out, "</g>")?;

    if !layers.windows.is_empty() {
        writeln!(out, r#"<g class="windows">"#)?;
        for w in &layers.windows {
            let ring = clip_ring(&projected(&w.ring, &proj), &clip);
            let d = path(&[simplify(&ring, TOLERANCE)], true);
            if !d.is_empty() {
                write!(out, r#"<path class="window stage-{}" d="{d}">"#, Class(&w.stage))?;
                writeln!(out, "<title>{}</title></path>", Esc(&w.title))?;
            }
        }
        writeln!(out, "</g>")?;
    }

    let d = lines_path(&geo.boundary, &proj, &clip);
    if !d.is_empty() {
        writeln!(out, r#"<path class="boundary" fill="none" d="{d}"/>"#)?;
    }

    writeln!(out, r#"<g class="sector-labels">"#)?;
    for ((x, y), name_lang, name) in labels {
        writeln!(
            out,
            r#"<text class="sector-label" x="{x:.1}" y="{y:.1}" text-anchor="middle"{}>{}</text>"#,
            LangAttrs(name_lang),
            Esc(name)
        )?;
    }
    writeln!(out, "</g>")?;

    writeln!(out, r#"<g class="references">"#)?;
    for r in &layers.references {
        let (x, y) = proj.project(r.at);
        if !frame.contains((x, y)) {
            continue;
        }
        // The label starts beside the mark, on the side its writing direction starts from.
        let gap = if is_rtl(lang) { -REFERENCE_SIZE } else { REFERENCE_SIZE };
        let s = REFERENCE_SIZE;
        write!(out, r#"<g class="reference"><title>{}</title>"#, Esc(&r.label))?;
        // Whole pixels: an 8-pixel mark gains nothing from tenths, and 500 of them weigh less.
        write!(out, r#"<rect x="{:.0}" y="{:.0}" width="{s}" height="{s}"/>"#, x - s / 2.0, y - s / 2.0)?;
        if !r.labelled {
            writeln!(out, "</g>")?;
            continue;
        }
        writeln!(
            out,
            r#"<text class="reference-label" x="{:.1}" y="{:.1}"{}>{}</text></g>"#,
            x + gap,
            y + s / 2.0,
            LangAttrs(lang),
            Esc(&r.label)
        )?;
    }
    writeln!(out, "</g>")?;

    writeln!(out, r#"<g class="crossings">"#)?;
    for c in &layers.crossings {
        let (x, y) = proj.project(c.at);
        if !frame.contains((x, y)) {
            continue;
        }
        let status = c.status.map_or("unknown", CrossingState::as_str);
        let (tag, href) = match &c.href {
            Some(h) => ("a", format!(r#" href="{}""#, Esc(safe_href(h)))),
            None => ("g", String::new()),
        };
        let s = CROSSING_SIZE;
        write!(out, r#"<{tag}{href} class="crossing status-{status}" data-id="{}">"#, Esc(&c.id))?;
        write!(out, "<title>{}</title>", Esc(name_for(&c.name, lang).1))?;
        writeln!(out, r#"<path d="M{x:.1} {:.1}l{s} {s} -{s} {s} -{s} -{s}z"/></{tag}>"#, y - s)?;
    }
    writeln!(out, "</g>")?;

    writeln!(out, r#"<g class="incidents">"#)?;
    for i in &layers.incidents {
        let (x, y) = proj.project(i.at);
        if !frame.contains((x, y)) {
            continue;
        }
        write!(
            out,
            r#"<a href="{}" class="incident status-{}" data-id="{}">"#,
            Esc(safe_href(&i.href)),
            Class(&i.status),
            Esc(&i.id)
        )?;
        writeln!(
            out,
            r#"<title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="{INCIDENT_RADIUS}"/></a>"#,
            Esc(&i.title)
        )?;
    }
    writeln!(out, "</g>")?;
    write!(out, "</svg>")
}

fn projected(points: &[LonLat], proj: &Projection) -> Vec<Xy> {
    points.iter().map(|&p| proj.project(p)).filter(|p| p.0.is_finite() && p.1.is_finite()).collect()
}

fn rings_path(rings: &[Vec<LonLat>], proj: &Projection, clip: &Rect) -> String {
    let rings: Vec<_> = rings.iter().map(|r| simplify(&clip_ring(&projected(r, proj), clip), TOLERANCE)).collect();
    path(&rings, true)
}

fn lines_path(lines: &[Vec<LonLat>], proj: &Projection, clip: &Rect) -> String {
    let runs: Vec<_> =
        lines.iter().flat_map(|l| clip_line(&projected(l, proj), clip)).map(|run| simplify(&run, TOLERANCE)).collect();
    path(&runs, false)
}

/// SVG path data, one decimal (a tenth of a pixel at 1,000 px). Pieces too short to see a shape
/// in are left out.
fn path(pieces: &[Vec<Xy>], closed: bool) -> String {
    let mut d = String::new();
    for piece in pieces.iter().filter(|p| p.len() >= if closed { 3 } else { 2 }) {
        for (i, (x, y)) in piece.iter().enumerate() {
            let op = match i {
                0 => "M",
                1 => "L",
                _ => " ",
            };
            let _ = write!(d, "{op}{x:.1} {y:.1}");
        }
        if closed {
            d.push('Z');
        }
    }
    d
}

/// Where a ring's label goes: its area centroid, or the mean of its points if it has no area.
fn centroid(ring: &[Xy]) -> Option<Xy> {
    if ring.is_empty() {
        return None;
    }
    let (mut a2, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for (i, &(x0, y0)) in ring.iter().enumerate() {
        let (x1, y1) = ring[(i + 1) % ring.len()];
        let cross = x0 * y1 - x1 * y0;
        a2 += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    if a2.abs() < 1e-9 {
        let n = ring.len() as f64;
        return Some((ring.iter().map(|p| p.0).sum::<f64>() / n, ring.iter().map(|p| p.1).sum::<f64>() / n));
    }
    Some((cx / (3.0 * a2), cy / (3.0 * a2)))
}

/// The name in `lang`, else English, else any, with the language it is in (which decides its
/// writing direction).
fn name_for<'a>(names: &'a Names, lang: &'a str) -> (&'a str, &'a str) {
    names
        .get_key_value(lang)
        .or_else(|| names.get_key_value("en"))
        .or_else(|| names.iter().next())
        .map_or(("en", ""), |(l, t)| (l.as_str(), t.as_str()))
}

fn is_rtl(lang: &str) -> bool {
    matches!(lang, "ur" | "ps" | "prs" | "fa" | "ar")
}

/// `lang`, and for right-to-left scripts the direction, so that neutral characters such as the
/// parentheses and dashes in sector names fall on the right side of the words.
struct LangAttrs<'a>(&'a str);

impl Display for LangAttrs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, r#" lang="{}""#, Esc(self.0))?;
        if is_rtl(self.0) {
            f.write_str(r#" direction="rtl" unicode-bidi="embed""#)?;
        }
        Ok(())
    }
}

/// Text escaped for XML content and attributes. Characters XML forbids (most control characters)
/// are dropped: one of them in a title would make the whole document unreadable.
struct Esc<'a>(&'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => {
                    f.write_char(c)?
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// A value made into a CSS class name: lower-case ASCII letters, digits, `-` and `_` only.
struct Class<'a>(&'a str);

impl Display for Class<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("unknown");
        }
        for c in self.0.chars() {
            let c = c.to_ascii_lowercase();
            f.write_char(if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '-' })?;
        }
        Ok(())
    }
}

/// Links go to pages of this site or to the web; anything else (`javascript:`, `data:`) is made
/// harmless rather than trusted.
fn safe_href(href: &str) -> &str {
    let ok = ["/", "?", "#", "https://", "http://"].iter().any(|p| href.starts_with(p));
    if ok {
        href
    } else {
        "#"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scenario() -> PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/durand-line")
    }

    fn real() -> (Geo, Layers) {
        let geo = load_geo(&scenario().join("geo")).unwrap();
        let text = std::fs::read_to_string(scenario().join("deployment.json")).unwrap();
        let genesis: Genesis = serde_json::from_str(&text).unwrap();
        (geo, Layers::from_deployment(&genesis))
    }

    /// An incident at each crossing, so all are in view at zoom 1; the first with a hostile title.
    fn with_incidents(mut layers: Layers) -> Layers {
        let statuses = ["reported", "answered", "disputed", "unanswered", "under_investigation", "finding_final"];
        layers.incidents = layers
            .crossings
            .iter()
            .zip(statuses.iter().cycle())
            .enumerate()
            .map(|(n, (c, status))| IncidentMark {
                id: format!("inc{n}"),
                title: if n == 0 { r#"Shots <script>&"alert"</script>"#.into() } else { format!("Incident {n}") },
                at: LonLat(c.at.0 + 0.01, c.at.1 - 0.01),
                status: status.to_string(),
                href: format!("/incidents/inc{n}"),
            })
            .collect();
        layers
    }

    #[test]
    fn loads_the_natural_earth_outlines() {
        let (geo, _) = real();
        assert_eq!(geo.boundary.len(), 1);
        assert_eq!(geo.boundary[0].len(), 580);
        let names: Vec<_> = geo.countries.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Afghanistan", "Pakistan"]);
        assert_eq!(geo.countries[1].rings.len(), 2, "Pakistan is a MultiPolygon of two");
        let torkham = LonLat(71.09, 34.11);
        assert!(geo.boundary[0].iter().any(|&p| model::geo::haversine_m(p, torkham) < 20_000.0));
    }

    #[test]
    fn torkham_is_in_view_at_zoom_one() {
        let (geo, layers) = real();
        let area = layers.area(&geo);
        let proj = Projection::new(&area, &Viewport::whole(&area));
        let (x, y) = proj.project(LonLat(71.09, 34.11));
        assert!((0.0..=proj.width).contains(&x) && (0.0..=proj.height).contains(&y), "({x}, {y})");
        // And it is drawn, with its name in the tooltip.
        let svg = render(&geo, &layers, &Viewport::whole(&area), "en");
        assert!(svg.contains(r#"data-id="torkham"><title>Torkham</title>"#));
    }

    #[test]
    fn renders_the_real_scenario() {
        let (geo, layers) = real();
        let layers = with_incidents(layers);
        let area = layers.area(&geo);
        let svg = render(&geo, &layers, &Viewport::whole(&area), "en");
        eprintln!("SVG at zoom 1: {} bytes", svg.len());
        assert!(svg.len() < 200_000, "{} bytes", svg.len());
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"viewBox="0 0 1000.0 "#));

        // One link per incident, and every element closed.
        assert_eq!(layers.incidents.len(), 6);
        assert_eq!(svg.matches("<a ").count(), layers.incidents.len());
        assert_eq!(svg.matches(r#"class="incident status-"#).count(), layers.incidents.len());
        assert_eq!(svg.matches("</a>").count(), layers.incidents.len());
        assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
        assert!(svg.contains(r#"<a href="/incidents/inc2" class="incident status-disputed" data-id="inc2">"#));
        assert!(svg.contains(r#"class="incident status-under_investigation""#));

        // The hostile title is text, not markup.
        assert!(!svg.contains("<script"));
        assert!(svg.contains("Shots &lt;script&gt;&amp;&quot;alert&quot;&lt;/script&gt;"));

        assert_eq!(svg.matches(r#"<path class="country "#).count(), 2);
        assert_eq!(svg.matches(r#"<path class="sector" "#).count(), layers.sectors.len());
        assert_eq!(svg.matches(r#"class="crossing status-unknown""#).count(), layers.crossings.len());
        assert!(svg.contains(r#"<path class="boundary" fill="none" d="M"#));
        assert!(svg.contains(r#"role="group""#));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn names_follow_the_language() {
        let (geo, layers) = real();
        let view = Viewport::whole(&layers.area(&geo));
        let ur = render(&geo, &layers, &view, "ur");
        assert!(ur.contains(">خیبر–ننگرہار (طورخم)</text>"), "the Urdu sector name");
        assert!(ur.contains(r#"lang="ur" direction="rtl" unicode-bidi="embed">"#));
        assert!(ur.contains("<title>طورخم</title>"), "the Urdu crossing name");
        assert!(!ur.contains("Khyber"));
        let en = render(&geo, &layers, &view, "en");
        assert!(en.contains(r#"lang="en">Khyber–Nangarhar (Torkham)</text>"#));
        assert!(!en.contains("direction="));
        // A language the data lacks falls back to English.
        assert!(render(&geo, &layers, &view, "de").contains(">Khyber–Nangarhar (Torkham)</text>"));
        // Without incidents or linked crossings there is nothing to hide: the map is an image.
        assert!(en.contains(r#"role="img""#));
    }

    #[test]
    fn zooming_in_shows_less_in_more_detail() {
        let (geo, layers) = real();
        let layers = with_incidents(layers);
        let area = layers.area(&geo);
        let torkham = Viewport { center: LonLat(71.09, 34.11), zoom: 8.0 };
        let svg = render(&geo, &layers, &torkham, "en");
        eprintln!("SVG at zoom 8 over Torkham: {} bytes", svg.len());
        assert!(svg.contains(r#"data-id="torkham""#));
        assert!(!svg.contains(r#"data-id="chaman-spin-boldak""#), "Chaman is far outside this view");
        assert!(svg.matches("<a ").count() < layers.incidents.len());
        // The boundary is clipped to the view: its points lie within the clipping margin.
        let proj = Projection::new(&area, &torkham);
        let bound = Rect { x0: 0.0, y0: 0.0, x1: proj.width, y1: proj.height }.grown(CLIP_MARGIN + 0.1);
        let d = svg.split(r#"class="boundary" fill="none" d=""#).nth(1).unwrap().split('"').next().unwrap();
        let nums: Vec<f64> = d.split(['M', 'L', ' ']).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
        // A clipped line keeps one point outside at each end of a run, so check only that most are in.
        let inside = nums.chunks(2).filter(|p| bound.contains((p[0], p[1]))).count();
        assert!(inside * 10 >= nums.len() / 2 * 8, "{inside} of {}", nums.len() / 2);
    }

    #[test]
    fn references_and_linked_crossings() {
        let (geo, mut layers) = real();
        layers.crossings[0].status = Some(CrossingState::Closed);
        layers.crossings[0].href = Some("javascript:alert(1)".into());
        layers.crossings[1].href = Some("/crossings/angoor-adda".into());
        layers.references.push(ReferenceMark {
            at: LonLat(69.9577, 33.75353),
            label: "1893 <agreement>".into(),
            labelled: true,
        });
        let svg = render(&geo, &layers, &Viewport::whole(&layers.area(&geo)), "ps");
        assert!(svg.contains(r##"<a href="#" class="crossing status-closed" data-id="chaman-spin-boldak">"##));
        assert!(svg.contains(r#"<a href="/crossings/angoor-adda" class="crossing status-unknown""#));
        assert!(!svg.contains("javascript:"));
        assert!(svg.contains("<title>1893 &lt;agreement&gt;</title>"));
        assert!(svg.contains(r#"lang="ps" direction="rtl" unicode-bidi="embed">1893 &lt;agreement&gt;</text>"#));
    }

    #[test]
    fn escaping() {
        assert_eq!(Esc(r#"<a href='x'>&"</a>"#).to_string(), "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;");
        assert_eq!(Esc("bell\u{7}\u{0}tab\t").to_string(), "belltab\t");
        assert_eq!(Class("Under Investigation\"><x").to_string(), "under-investigation---x");
        assert_eq!(Class("").to_string(), "unknown");
    }
}
