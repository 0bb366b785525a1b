//! The base map's outlines: Natural Earth's boundary line and the two countries, read from the
//! scenario's GeoJSON (the only I/O of the map).

use anyhow::{bail, Context, Result};
use model::geo::LonLat;
use serde_json::Value;
use std::path::Path;

pub const BOUNDARY_FILE: &str = "afg_pak_boundary_ne10m.geojson";
pub const COUNTRIES_FILE: &str = "afg_pak_countries_ne10m.geojson";

/// The base map: the boundary and the two countries' outlines.
#[derive(Clone, Debug, Default)]
pub struct Geo {
    /// The boundary as one or more lines.
    pub boundary: Vec<Vec<LonLat>>,
    pub countries: Vec<Country>,
}

#[derive(Clone, Debug)]
pub struct Country {
    pub name: String,
    /// Every ring of every polygon, outer rings and holes alike: drawn with the even-odd rule.
    pub rings: Vec<Vec<LonLat>>,
}

/// Reads the scenario's `geo` folder (Natural Earth outlines as GeoJSON).
pub fn load_geo(dir: &Path) -> Result<Geo> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    parse_geo(&read(BOUNDARY_FILE)?, &read(COUNTRIES_FILE)?)
}

/// The same from the files' text, for a binary that carries them.
pub fn parse_geo(boundary_json: &str, countries_json: &str) -> Result<Geo> {
    let mut boundary = vec![];
    for feature in read_features(boundary_json, BOUNDARY_FILE)? {
        boundary.extend(lines(&feature["geometry"]).with_context(|| format!("in {BOUNDARY_FILE}"))?);
    }
    let mut countries = vec![];
    for feature in read_features(countries_json, COUNTRIES_FILE)? {
        let name = feature["properties"]["name"].as_str().unwrap_or_default().to_string();
        let rings = lines(&feature["geometry"]).with_context(|| format!("country {name:?} in {COUNTRIES_FILE}"))?;
        countries.push(Country { name, rings });
    }
    Ok(Geo { boundary, countries })
}

fn read_features(text: &str, name: &str) -> Result<Vec<Value>> {
    let mut doc: Value = serde_json::from_str(text).with_context(|| format!("parsing {name}"))?;
    match doc.get_mut("features").map(Value::take) {
        Some(Value::Array(features)) => Ok(features),
        _ => bail!("{name} is not a GeoJSON FeatureCollection"),
    }
}

/// The lines or rings of a geometry, flattened: lines are drawn alike however they are grouped,
/// and even-odd filling needs no telling which ring is a hole.
fn lines(geometry: &Value) -> Result<Vec<Vec<LonLat>>> {
    let depth = match geometry["type"].as_str() {
        Some("LineString") => 1,
        Some("MultiLineString" | "Polygon") => 2,
        Some("MultiPolygon") => 3,
        other => bail!("unsupported geometry type {other:?}"),
    };
    let mut out = vec![];
    collect(&geometry["coordinates"], depth, &mut out)?;
    Ok(out)
}

fn collect(v: &Value, depth: u32, out: &mut Vec<Vec<LonLat>>) -> Result<()> {
    let items = v.as_array().context("coordinates: expected an array")?;
    if depth == 1 {
        out.push(items.iter().map(position).collect::<Result<_>>()?);
    } else {
        for item in items {
            collect(item, depth - 1, out)?;
        }
    }
    Ok(())
}

/// By hand rather than as `LonLat`, which would refuse a third (altitude) number.
fn position(v: &Value) -> Result<LonLat> {
    match v.as_array().map(Vec::as_slice) {
        Some([lon, lat, ..]) => Ok(LonLat(
            lon.as_f64().context("longitude: not a number")?,
            lat.as_f64().context("latitude: not a number")?,
        )),
        _ => bail!("a position must be [lon, lat]"),
    }
}
