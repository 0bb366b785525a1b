//! ACLED CSV, as exported by ACLED and re-published in the wild: the current 31 columns or the
//! older layout without `timestamp`, upper- or lower-case names, `2024-01-12` or `16 May 2025`
//! dates, a byte-order mark, an HXL row. The same file written by `jirga` exports reads back.

use super::csv_rows::Record;
use super::{coordinates, count, ReferenceEvent};
use chrono::NaiveDate;

pub const SOURCE: &str = "ACLED";
pub const LICENCE: &str = "ACLED terms of use (attribution required; acleddata.com)";

pub const REQUIRED: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "country",
    "latitude",
    "longitude",
    "fatalities",
];

/// The date formats seen in ACLED files.
const DATE_FORMATS: [&str; 4] = ["%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"];

pub fn date(v: &str) -> Result<NaiveDate, String> {
    let v = v.trim();
    DATE_FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(v, f).ok())
        .ok_or_else(|| format!("event_date {v:?} is not a date (2024-01-12 or 16 May 2025)"))
}

pub fn event(r: &Record) -> Result<ReferenceEvent, String> {
    let id = r.get("event_id_cnty").trim();
    if id.is_empty() {
        return Err("event_id_cnty is empty".into());
    }
    let (lat, lon) = coordinates(r.get("latitude"), r.get("longitude"))?;
    let day = date(r.get("event_date"))?;
    Ok(ReferenceEvent {
        source: SOURCE,
        licence: LICENCE,
        source_id: id.to_string(),
        date_start: day,
        date_end: day,
        lat,
        lon,
        geo_precision: r.get("geo_precision").trim().parse().ok(),
        country: r.get("country").trim().to_string(),
        admin1: r.get("admin1").trim().to_string(),
        location: r.get("location").trim().to_string(),
        event_type: r.get("event_type").trim().to_string(),
        sub_event_type: r.get("sub_event_type").trim().to_string(),
        actor1: r.get("actor1").trim().to_string(),
        actor2: r.get("actor2").trim().to_string(),
        fatalities: count("fatalities", r.get("fatalities"))?,
        fatalities_low: None,
        fatalities_high: None,
        notes: r.get("notes").trim().to_string(),
    })
}
